// Speed of the warmth core: incremental update, scoring one state, batch over columnar arrays.
// Run: build/release/benchmarks/warmth_bench
#include <rapport/rapport.hpp>

#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "random_history.hpp"

namespace {
// A CRM-like workload: many contacts, each a seeded random history, laid out by (contact, time).
struct workload {
  std::vector<std::size_t> offsets{0};
  std::vector<std::int64_t> at;
  std::vector<std::uint8_t> channel, direction;
  std::vector<rapport::interaction> items;
  rapport::timestamp now{0};
  explicit workload(std::size_t contacts, std::size_t max_len = 60) {
    std::mt19937_64 rng(42);
    for (std::size_t c = 0; c < contacts; ++c) {
      const auto h = rapport_test::make_history(rng, max_len);
      for (const auto& x : h.items) {
        at.push_back(x.at.seconds);
        channel.push_back(static_cast<std::uint8_t>(x.via));
        direction.push_back(static_cast<std::uint8_t>(x.dir));
        items.push_back(x);
      }
      offsets.push_back(at.size());
      now = std::max(now, rapport::timestamp{h.last.seconds + 86400});
    }
  }
};
}  // namespace

static void BM_StateAbsorb(benchmark::State& state) {
  const workload w(64);
  const auto& m = rapport::model::defaults();
  std::size_t i = 0;
  rapport::contact_state s;
  for (auto _ : state) {
    if (i == w.items.size() || (i > 0 && w.items[i].at < w.items[i - 1].at)) {  // restart at each contact
      if (i == w.items.size()) i = 0;
      s = rapport::contact_state{};
    }
    s.absorb_unchecked(w.items[i++], m);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["state_bytes"] = sizeof(rapport::contact_state);
}
BENCHMARK(BM_StateAbsorb);

static void BM_StateScore(benchmark::State& state) {
  const workload w(1);
  const auto& m = rapport::model::defaults();
  rapport::contact_state s;
  for (const auto& x : w.items) s.absorb_unchecked(x, m);
  for (auto _ : state) benchmark::DoNotOptimize(rapport::score(s, w.now, m));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StateScore);

static void BM_AssessWithReasons(benchmark::State& state) {
  const workload w(1);
  const auto h = rapport::history::from(w.items, rapport::channel_table::defaults()).value();
  for (auto _ : state) benchmark::DoNotOptimize(rapport::assess(h, w.now));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AssessWithReasons);

// Items = interactions read; the DESIGN target is 300 million per second on one core.
static void BM_BatchWarmth(benchmark::State& state) {
  const workload w(static_cast<std::size_t>(state.range(0)));
  std::vector<double> scores(w.offsets.size() - 1);
  const rapport::interaction_columns cols{w.at.data(), w.channel.data(), w.direction.data(), w.at.size()};
  for (auto _ : state) {
    auto r = rapport::score_batch(w.offsets.data(), scores.size(), cols, w.now, rapport::model::defaults(), scores.data());
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(scores.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * w.at.size()));
  state.counters["contacts"] = static_cast<double>(scores.size());
}
BENCHMARK(BM_BatchWarmth)->Arg(1000)->Arg(100000);
