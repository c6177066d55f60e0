// Speed of the follow-up window: one contact, and a batch of contacts on their own calendars.
// Run: build/release/benchmarks/recommend_bench
#include <rapport/rapport.hpp>

#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "workload.hpp"

namespace {
// The states of a CRM-shaped workload (workload.hpp) of at least `n` contacts, and their owners.
struct contacts {
  std::vector<rapport::contact_state> states;
  std::vector<std::uint32_t> owner;
  rapport::timestamp now{0};
  explicit contacts(std::size_t n) {
    const auto w = rapport_bench::make_workload(0, n);
    states.resize(n);
    for (std::size_t c = 0; c < n; ++c)
      for (std::size_t r = w.offsets[c]; r < w.offsets[c + 1]; ++r) {
        rapport::interaction x;
        x.at = {w.at[r]};
        x.via = static_cast<rapport::channel>(w.channel[r]);
        x.dir = static_cast<rapport::direction>(w.direction[r]);
        (void)states[c].absorb(x, rapport::model::defaults());  // a duplicate folds twice: harmless here
      }
    owner.assign(w.owner.begin(), w.owner.begin() + static_cast<std::ptrdiff_t>(n));
    now = w.now;
  }
};
// Contacts spread over three real zones and calendars, shared as a CRM would share them.
struct calendars {
  rapport::time_zone ny = rapport::time_zone::from_posix("EST5EDT,M3.2.0,M11.1.0").value();
  rapport::time_zone london = rapport::time_zone::from_posix("GMT0BST,M3.5.0/1,M10.5.0").value();
  rapport::time_zone auckland = rapport::time_zone::from_posix("NZST-12NZDT,M9.5.0,M4.1.0/3").value();
  rapport::calendar us = rapport::calendar::builtin("us_federal").value();
  rapport::calendar uk = rapport::calendar::builtin("england_wales").value();
  rapport::calendar none = rapport::calendar::builtin("none").value();
  rapport::contact_constraints c[3];
  calendars() {
    c[0].zone = &ny;
    c[0].cal = &us;
    c[1].zone = &london;
    c[1].cal = &uk;
    c[2].zone = &auckland;
    c[2].cal = &none;
  }
};
}  // namespace

static void BM_RecommendOne(benchmark::State& state) {
  const contacts w(1);
  const calendars k;
  for (auto _ : state)
    benchmark::DoNotOptimize(rapport::plan_follow_up(w.states[0].at(w.now, rapport::model::defaults()), w.now, k.c[0],
                                                     rapport::model::defaults(), rapport::recommend_options{}));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RecommendOne);

// Items = contacts, each owner's contacts in one of three zones and calendars; the target is 1
// million contacts in under 1 second on one core.
static void BM_RecommendBatch(benchmark::State& state) {
  const contacts w(static_cast<std::size_t>(state.range(0)));
  const calendars k;
  std::vector<const rapport::contact_constraints*> per_contact(w.states.size());
  for (std::size_t i = 0; i < per_contact.size(); ++i) per_contact[i] = &k.c[w.owner[i] % 3];
  std::vector<rapport::follow_up_window> out(w.states.size());
  rapport::batch_options b;
  for (auto _ : state) {
    auto r = rapport::recommend_batch(w.states.data(), w.states.size(), per_contact.data(), w.now, out.data(),
                                      rapport::model::defaults(), {}, b);
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * w.states.size()));
  state.counters["bytes_per_contact"] =
      sizeof(rapport::contact_state) + sizeof(rapport::follow_up_window) + sizeof(rapport::contact_constraints*);
}
BENCHMARK(BM_RecommendBatch)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMillisecond);
