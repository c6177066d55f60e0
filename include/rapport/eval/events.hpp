#pragma once
/// An interaction log as the replay (<rapport/eval/replay.hpp>) reads it: one event per message,
/// call or meeting between two people, with dense integer node ids.
///
/// This is the public way in for a CRM that measures accuracy on its own history: fill an
/// `event_log` from your database (ids of your choice, mapped to 0..n-1; `names` keeps your ids),
/// sorted by time, without self-loops, then call `replay`. The file loaders of the shared public
/// logs (SNAP/KONECT edge lists, the Copenhagen CSVs) are not part of the API: they live with the
/// accuracy tool in benchmarks/accuracy/load.hpp.

#include <cstdint>
#include <string>
#include <vector>

#include <rapport/interaction.hpp>

namespace rapport {
inline namespace v1 {
namespace eval {

/// One event of a log: `src` reached out to `dst` at `t` (seconds) over `via`.
struct event {
  std::int64_t t = 0;
  std::uint32_t src = 0, dst = 0;  ///< dense node ids (see `event_log::names`)
  channel via = channel::message;
  double duration_seconds = 0;
};

/// Events sorted by time (stable for equal times), `src != dst`; `names[id]` is the caller's id of node `id`.
struct event_log {
  std::vector<event> events;       ///< sorted by time
  std::vector<std::string> names;  ///< original id of each dense node id
  std::size_t node_count() const noexcept { return names.size(); }
  std::int64_t begin() const noexcept { return events.empty() ? 0 : events.front().t; }
  std::int64_t end() const noexcept { return events.empty() ? 0 : events.back().t; }
};

}  // namespace eval
}  // namespace v1
}  // namespace rapport
