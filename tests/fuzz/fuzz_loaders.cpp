// The accuracy loaders (edge lists, Copenhagen CSVs): any text either fails naming the file, or
// gives a log sorted by time, inside the valid range, with consistent counts and node ids.
#include "fuzz_common.hpp"
#include "accuracy_load.hpp"

using namespace rapport_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const int how = in.ConsumeIntegralInRange<int>(0, 2);
  eval::load_options opt;
  opt.skip_bad_rows = in.ConsumeBool();
  result<eval::loaded_log> log = fail(errc::internal, "");
  if (how == 0) {
    log = eval::parse_edges(in.ConsumeRemainingBytesAsString(), "edges.txt", opt);
  } else {
    const std::string sms = in.ConsumeRandomLengthString(4096);
    const std::string calls = in.ConsumeRemainingBytesAsString();
    log = eval::parse_copenhagen(how == 1 ? sms : "", "sms.csv", calls, "calls.csv", opt);
  }
  if (!log) {
    const std::string& msg = log.error().message;
    RAPPORT_FUZZ_CHECK(log.error().code == errc::invalid_argument, "code %d", static_cast<int>(log.error().code));
    RAPPORT_FUZZ_CHECK(msg.find("edges.txt") != std::string::npos || msg.find("sms.csv") != std::string::npos ||
                           msg.find("calls.csv") != std::string::npos,
                       "message does not name the file: %s", msg.c_str());
    return 0;
  }
  const auto& ev = log->events;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    RAPPORT_FUZZ_CHECK(timestamp{ev[i].t}.ok(), "event %zu at %lld", i, (long long)ev[i].t);
    RAPPORT_FUZZ_CHECK(i == 0 || ev[i - 1].t <= ev[i].t, "not sorted at %zu", i);
    RAPPORT_FUZZ_CHECK(ev[i].src != ev[i].dst, "self-loop kept at %zu", i);
    RAPPORT_FUZZ_CHECK(ev[i].src < log->node_count() && ev[i].dst < log->node_count(), "node id out of range at %zu", i);
    RAPPORT_FUZZ_CHECK(std::isfinite(ev[i].duration_seconds) && ev[i].duration_seconds >= 0, "duration %g",
                       ev[i].duration_seconds);
  }
  const auto& st = log->stats;
  RAPPORT_FUZZ_CHECK(st.rows >= ev.size(), "rows %zu < events %zu", st.rows, ev.size());
  RAPPORT_FUZZ_CHECK(st.rows == ev.size() + st.self_loops + st.duplicates,
                     "rows %zu != events %zu + self-loops %zu + duplicates %zu", st.rows, ev.size(), st.self_loops,
                     st.duplicates);
  return 0;
}
