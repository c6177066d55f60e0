#pragma once
/// `network_tracker`: the network context (`network_context`) for the caller. Feed it every
/// interaction of the network (owner, contact, time), in time order per person, and ask it for
/// any pair's context at a scoring time: each side's interactions with anyone in the last 30 days
/// and the days since each side's last interaction with anyone.
///
///   rapport::network_tracker net;
///   for (const auto& e : events) net.observe(e.owner_id, e.contact_id, e.at);   // O(1) amortised
///   auto c = net.context(me, them, now);                                        // result<network_context>
///   auto w = rapport::assess(h, now, rapport::model::defaults(), {rapport::future_policy::reject, &*c});
///
/// Memory: per person seen, the last interaction time and the times inside the 30-day window
/// (older ones are dropped as new ones arrive), so a person's cost is bounded by their activity in
/// 30 days, not by their history. Reads (`context`, `activity_of`) are const and thread-safe;
/// `observe` must not run concurrently with anything else on the same tracker.

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <rapport/model.hpp>
#include <rapport/result.hpp>
#include <rapport/time.hpp>

namespace rapport {
inline namespace v1 {

/// One side's activity with anyone, as seen at a scoring time.
struct activity {
  double events_30d = 0;  ///< interactions in [now - 30 days, now]
  double idle_days = 0;   ///< days since the last interaction (0 if none yet, as the context fields)
};

class network_tracker {
 public:
  /// The context window: the 30 days of `network_context::owner_events_30d`.
  static constexpr std::int64_t window_seconds = 30 * seconds_per_day;

  /// Records one interaction between `a` and `b` (either direction: both are active) at `at`.
  /// Per person, times must not go backwards (equal is fine); otherwise nothing is recorded and
  /// the error names the person and both times. `a == b` counts once.
  result<void> observe(std::uint64_t a, std::uint64_t b, timestamp at) {
    if (!at.ok())
      return fail(errc::out_of_range, "network_tracker: time " + std::to_string(at.seconds) + " s is outside the valid range");
    for (std::uint64_t who : {a, b}) {
      auto it = people_.find(who);
      if (it != people_.end() && !it->second.times.empty() && at.seconds < it->second.last)
        return fail(errc::out_of_range, "network_tracker: interaction of person " + std::to_string(who) + " at " +
                                            format_utc(at) + " is earlier than their last one (" +
                                            format_utc(timestamp{it->second.last}) +
                                            "); feed each person's interactions in time order");
    }
    record(a, at.seconds);
    if (b != a) record(b, at.seconds);
    return {};
  }

  /// `who`'s activity at `now`, counting what was observed up to `now` (inclusive). Interactions
  /// observed after `now` are not seen (the window is searched, O(log w)).
  activity activity_of(std::uint64_t who, timestamp now) const noexcept {
    activity out;
    auto it = people_.find(who);
    if (it == people_.end()) return out;
    const person& p = it->second;
    const auto begin = p.times.begin() + static_cast<std::ptrdiff_t>(p.head);
    const auto end = std::upper_bound(begin, p.times.end(), now.seconds);
    out.events_30d = static_cast<double>(end - std::lower_bound(begin, end, now.seconds - window_seconds));
    // The last interaction up to `now`: inside the window, or (when all of the window is later) the
    // one kept before it.
    const std::int64_t last = end != begin ? *(end - 1) : p.before_window;
    out.idle_days = last >= 0 && last <= now.seconds ? static_cast<double>(now.seconds - last) / seconds_per_day : 0.0;
    return out;
  }

  /// The pair's context at `now` for `score_options::context` (owner = the CRM's user).
  result<network_context> context(std::uint64_t owner, std::uint64_t contact, timestamp now) const {
    if (!now.ok())
      return fail(errc::out_of_range,
                  "network_tracker: scoring time " + std::to_string(now.seconds) + " s is outside the valid range");
    const activity o = activity_of(owner, now), c = activity_of(contact, now);
    network_context n;
    n.owner_events_30d = o.events_30d;
    n.owner_idle_days = o.idle_days;
    n.contact_events_30d = c.events_30d;
    n.contact_idle_days = c.idle_days;
    return n;
  }

  std::size_t people() const noexcept { return people_.size(); }

 private:
  struct person {
    std::vector<std::int64_t> times;  // [head, size): the window; before: dropped, awaiting compaction
    std::size_t head = 0;
    std::int64_t last = -1;           // the latest time observed
    std::int64_t before_window = -1;  // the latest dropped time (idle days when the window is empty)
  };

  // O(1) amortised: each time is appended once, dropped once, and moved at most once per halving.
  void record(std::uint64_t who, std::int64_t t) {
    person& p = people_[who];
    p.times.push_back(t);
    p.last = t;
    while (p.head < p.times.size() && p.times[p.head] < t - window_seconds) p.before_window = p.times[p.head++];
    if (p.head > 16 && 2 * p.head > p.times.size()) {
      p.times.erase(p.times.begin(), p.times.begin() + static_cast<std::ptrdiff_t>(p.head));
      p.head = 0;
    }
  }

  std::unordered_map<std::uint64_t, person> people_;
};

}  // namespace v1
}  // namespace rapport
