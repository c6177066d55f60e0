// Speed of the warmth core: incremental update, scoring one state, assess with reasons, and the
// batch over columnar arrays on a CRM-shaped workload (workload.hpp) and on the shared logs.
// Run: build/release/benchmarks/warmth_bench
//   RAPPORT_BENCH_LARGE=1   also registers the 10^7 and 10^8-row batches (about 1 GB of rows)
//   RAPPORT_DATA_DIR=DIR    the shared logs to replay (default: ../shared/data beside the repo)
#include <rapport/rapport.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

#include "accuracy/load.hpp"
#include "workload.hpp"

namespace {
using rapport_bench::workload;

std::vector<rapport::interaction> rows_of(const workload& w, std::size_t c) {
  std::vector<rapport::interaction> out;
  for (std::size_t r = w.offsets[c]; r < w.offsets[c + 1]; ++r) {
    rapport::interaction x;
    x.at = {w.at[r]};
    x.via = static_cast<rapport::channel>(w.channel[r]);
    x.dir = static_cast<rapport::direction>(w.direction[r]);
    out.push_back(x);
  }
  return out;
}

// The first contact with at least `n` rows, as a duplicate-free history's items.
std::vector<rapport::interaction> contact_with(const workload& w, std::size_t n) {
  std::size_t c = 0;
  while (c + 1 < w.contacts() && w.offsets[c + 1] - w.offsets[c] < n) ++c;
  return rapport::history::from(rows_of(w, c), rapport::channel_table::defaults()).value().items();
}

void run_batch(benchmark::State& state, const workload& w, unsigned threads) {
  std::vector<double> scores(w.contacts());
  rapport::batch_options o;
  o.threads = threads;
  for (auto _ : state) {
    auto r = rapport::score_batch(w.offsets.data(), w.contacts(), w.columns(), w.now, rapport::model::defaults(), scores.data(),
                                  nullptr, o);
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(scores.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * w.rows()));
  state.counters["contacts"] = static_cast<double>(w.contacts());
  state.counters["bytes_per_contact"] = w.bytes_per_contact();
}
}  // namespace

// Items = interactions; restarts at each contact of a 10^5-row workload. The target is under 10 ns.
static void BM_StateAbsorb(benchmark::State& state) {
  const workload w = rapport_bench::make_workload(100000);
  std::vector<rapport::interaction> items;
  std::vector<char> starts;  // the first interaction of each contact
  for (std::size_t c = 0; c < w.contacts(); ++c) {
    const auto h = rapport::history::from(rows_of(w, c), rapport::channel_table::defaults()).value();
    items.insert(items.end(), h.items().begin(), h.items().end());
    starts.resize(items.size(), 0);
    starts[items.size() - h.items().size()] = 1;
  }
  const auto& m = rapport::model::defaults();
  std::size_t i = 0;
  rapport::contact_state s;
  for (auto _ : state) {
    if (i == items.size()) i = 0;
    if (starts[i]) s = rapport::contact_state{};
    s.absorb_unchecked(items[i++], m);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["state_bytes"] = sizeof(rapport::contact_state);
}
BENCHMARK(BM_StateAbsorb);

static void BM_StateScore(benchmark::State& state) {
  const workload w = rapport_bench::make_workload(10000);
  const auto& m = rapport::model::defaults();
  rapport::contact_state s;
  for (const auto& x : contact_with(w, 30)) s.absorb_unchecked(x, m);
  for (auto _ : state) benchmark::DoNotOptimize(rapport::score(s, w.now, m));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StateScore);

static void BM_AssessWithReasons(benchmark::State& state) {
  const workload w = rapport_bench::make_workload(10000);
  const auto h = rapport::history::from(contact_with(w, 30), rapport::channel_table::defaults()).value();
  for (auto _ : state) benchmark::DoNotOptimize(rapport::assess(h, w.now));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AssessWithReasons);

// Items = interactions read (argument: rows; second argument: threads). The target is 300
// million per second on one core.
static void BM_BatchWarmth(benchmark::State& state) {
  const workload w = rapport_bench::make_workload(static_cast<std::size_t>(state.range(0)));
  run_batch(state, w, static_cast<unsigned>(state.range(1)));
}
BENCHMARK(BM_BatchWarmth)->Args({10000, 1})->Args({1000000, 1})->Unit(benchmark::kMillisecond);
// With threads the CPU time of the calling thread says nothing: wall time (on a quiet machine).
BENCHMARK(BM_BatchWarmth)->Args({1000000, 2})->UseRealTime()->Unit(benchmark::kMillisecond);

// The same batch with longer histories (every contact 30 rows or more, as 0.1's benchmark had on
// average): how much of the time above is per contact rather than per row.
static void BM_BatchWarmthLongContacts(benchmark::State& state) {
  const workload w = rapport_bench::make_workload(static_cast<std::size_t>(state.range(0)), 0, 42, 30);
  run_batch(state, w, 1);
}
BENCHMARK(BM_BatchWarmthLongContacts)->Arg(1000000)->Unit(benchmark::kMillisecond);

// Items = contacts: scoring states alone (`score_states`, the per-contact half of a batch).
static void BM_ScoreStates(benchmark::State& state) {
  const workload w = rapport_bench::make_workload(static_cast<std::size_t>(state.range(0)));
  std::vector<rapport::contact_state> states(w.contacts());
  for (std::size_t c = 0; c < w.contacts(); ++c) {
    const auto h = rapport::history::from(rows_of(w, c), rapport::channel_table::defaults()).value();
    for (const auto& x : h.items()) states[c].absorb_unchecked(x, rapport::model::defaults());
  }
  std::vector<double> scores(w.contacts());
  for (auto _ : state) {
    auto r = rapport::score_states(states.data(), states.size(), w.now, rapport::model::defaults(), scores.data());
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(scores.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * w.contacts()));
  state.counters["rows_per_contact"] = static_cast<double>(w.rows()) / static_cast<double>(w.contacts());
}
BENCHMARK(BM_ScoreStates)->Arg(1000000)->Unit(benchmark::kMillisecond);

namespace {
// The shared logs as one batch: each pair (lower id, higher id) a contact, seen from the lower id
// (its messages outbound, the other's inbound), scored a day after the log ends.
workload pairs_of(const rapport::eval::event_log& log) {
  std::vector<std::size_t> order(log.events.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto key = [&](std::size_t i) {
    const auto& e = log.events[i];
    return (std::uint64_t{std::min(e.src, e.dst)} << 32) | std::max(e.src, e.dst);
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  workload w;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const auto& e = log.events[order[k]];
    if (k > 0 && key(order[k]) != key(order[k - 1])) w.offsets.push_back(w.at.size());
    w.at.push_back(e.t);
    w.channel.push_back(static_cast<std::uint8_t>(e.via));
    w.direction.push_back(e.src < e.dst ? 0 : 1);
  }
  if (!order.empty()) w.offsets.push_back(w.at.size());
  w.now = {log.end() + 86400};
  return w;
}

void replay(benchmark::State& state, const rapport::result<rapport::eval::loaded_log>& log) {
  if (!log) {
    state.SkipWithError(log.error().message.c_str());
    return;
  }
  run_batch(state, pairs_of(*log), 1);
}

// Registers one replay per shared log found, before benchmark_main runs.
bool register_replays() {
  const char* env = std::getenv("RAPPORT_DATA_DIR");
  const std::filesystem::path dir = env ? env : RAPPORT_SOURCE_DIR "/../shared/data";
  const auto email = [] {
    rapport::eval::load_options o;
    o.via = rapport::channel::email;
    return o;
  }();
  if (std::filesystem::exists(dir / "collegemsg/CollegeMsg.txt"))
    benchmark::RegisterBenchmark("BM_ReplayWarmth/collegemsg", [dir](benchmark::State& s) {
      replay(s, rapport::eval::load_edges((dir / "collegemsg/CollegeMsg.txt").string()));
    });
  if (std::filesystem::exists(dir / "manufacturing-email/out.radoslaw_email_email.noheader.txt"))
    benchmark::RegisterBenchmark("BM_ReplayWarmth/manufacturing-email", [dir, email](benchmark::State& s) {
      replay(s, rapport::eval::load_edges((dir / "manufacturing-email/out.radoslaw_email_email.noheader.txt").string(), email));
    });
  if (std::filesystem::exists(dir / "copenhagen/sms.csv"))
    benchmark::RegisterBenchmark("BM_ReplayWarmth/copenhagen", [dir](benchmark::State& s) {
      replay(s, rapport::eval::load_copenhagen((dir / "copenhagen/sms.csv").string(), (dir / "copenhagen/calls.csv").string()));
    });
  // The largest batches only on request: generating 10^8 rows takes a while and about 1.2 GB.
  if (std::getenv("RAPPORT_BENCH_LARGE"))
    for (long rows : {10000000L, 100000000L})
      benchmark::RegisterBenchmark(("BM_BatchWarmth/" + std::to_string(rows) + "/1").c_str(), [rows](benchmark::State& s) {
        run_batch(s, rapport_bench::make_workload(static_cast<std::size_t>(rows)), 1);
      })->Unit(benchmark::kMillisecond);
  return true;
}
const bool registered = register_replays();
}  // namespace
