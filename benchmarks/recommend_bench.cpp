// Speed of the follow-up window: one contact, and a batch of contacts on their own calendars.
// Run: build/release/benchmarks/recommend_bench
#include <rapport/rapport.hpp>

#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "random_history.hpp"

namespace {
struct contacts {
  std::vector<rapport::contact_state> states;
  rapport::timestamp now{0};
  explicit contacts(std::size_t n) {
    std::mt19937_64 rng(42);
    for (std::size_t c = 0; c < n; ++c) {
      const auto h = rapport_test::make_history(rng, 30);
      rapport::contact_state s;
      for (const auto& x : h.items) s.absorb_unchecked(x, rapport::model::defaults());
      states.push_back(s);
      now = std::max(now, rapport::timestamp{h.last.seconds + 86400});
    }
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

// Items = contacts; the DESIGN target is 1 million contacts in under 2 seconds on one core.
static void BM_RecommendBatch(benchmark::State& state) {
  const contacts w(static_cast<std::size_t>(state.range(0)));
  const calendars k;
  std::vector<const rapport::contact_constraints*> per_contact(w.states.size());
  for (std::size_t i = 0; i < per_contact.size(); ++i) per_contact[i] = &k.c[i % 3];
  std::vector<rapport::follow_up_window> out(w.states.size());
  for (auto _ : state) {
    auto r = rapport::recommend_batch(w.states.data(), w.states.size(), per_contact.data(), w.now, out.data());
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * w.states.size()));
}
BENCHMARK(BM_RecommendBatch)->Arg(10000)->Unit(benchmark::kMillisecond);
