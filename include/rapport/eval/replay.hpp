#pragma once
/// Rolling-origin replay of an event log: the cases on which a CRM measures warmth and reply
/// timing against what really happened in its own history (public API).
///
///   rapport::eval::event_log log = /* your history, see <rapport/eval/events.hpp> */;
///   auto r = rapport::eval::replay(log, rapport::model::defaults());   // result<replay_result>
///   auto split = rapport::eval::split_by_time(*r);                    // fit on early, score on late cutoffs
///   // r->cases[i].x are the features (for the Calibrator), .label the outcome; metrics.hpp scores them.
///
/// Events are folded in time order: an event src -> dst is an outbound interaction of the ordered
/// pair (src, dst) and an inbound one of (dst, src), each pair keeping a `contact_state` (O(1) per
/// event, no rescans). K cutoffs (default 8) run evenly from `start_fraction` (30%) of the log's
/// span to end - horizon. At a cutoff T only events before T are visible; every ordered pair with
/// history before T is a warmth case, labelled by whether any event between the two falls in
/// (T, T + H]. Reply cases: every event src -> dst whose reply window ends inside the log, answered
/// when dst -> src follows within `reply_window_days`, with the latency.
///
/// The result keeps each pair's events (`replay_result::pairs`) and, per case, how many of them were
/// visible at T (`warmth_case::seen`), so other scores (a CRM's current rule, a baseline) can be
/// computed on exactly the same cases from exactly the same visible history.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include <rapport/eval/events.hpp>
#include <rapport/model.hpp>
#include <rapport/network.hpp>
#include <rapport/state.hpp>

namespace rapport {
inline namespace v1 {
namespace eval {

struct replay_options {
  double horizon_days = 30;
  int cutoffs = 8;
  double start_fraction = 0.3;  ///< first cutoff at begin + start_fraction * span
  double reply_window_days = 14;
};

struct warmth_case {
  std::uint32_t owner = 0, contact = 0;
  int cutoff = 0;                                                      ///< index into replay_result::cutoffs
  std::int64_t at = 0;                                                 ///< the cutoff T, seconds
  snapshot snap;                                                       ///< the pair's tallies at T
  feature_vector x{};                                                  ///< features_of(snap, T, params of the replay's model)
  bool label = false;                                                  ///< contact in (T, T + H]
  double next_contact_days = std::numeric_limits<double>::infinity();  ///< first event after T; inf if none in the log
  std::uint32_t pair = 0;                                              ///< index into replay_result::pairs
  std::uint32_t seen = 0;  ///< the pair's events before T: pairs[pair].events[0, seen)
  /// Context a CRM may know beyond the pair (not model features; the harness measures what they add):
  double owner_events_30d = 0, contact_events_30d = 0;  ///< each side's events with anyone in [T - 30 d, T)
  double owner_idle_days = 0, contact_idle_days = 0;    ///< days since each side's last event with anyone
};

struct reply_case {
  std::uint32_t owner = 0, contact = 0;
  std::int64_t at = 0;         ///< time of the outbound message
  bool answered = false;       ///< contact -> owner within the reply window
  double latency_seconds = 0;  ///< when answered
  snapshot before;             ///< the pair's tallies just before the message (empty: first contact)
  bool first_contact = true;
};

/// One event of an unordered pair {lo, hi}.
struct pair_event {
  std::int64_t t;
  bool from_lo;  ///< sent by the pair's lower node id
  channel via;
};

/// Every event between two nodes, in time order.
struct pair_history {
  std::uint32_t lo = 0, hi = 0;
  std::vector<pair_event> events;
};

struct replay_result {
  std::vector<std::int64_t> cutoffs;
  std::vector<pair_history> pairs;
  std::vector<warmth_case> cases;
  std::vector<reply_case> replies;
  std::int64_t begin = 0, end = 0;
  double horizon_days = 30;
};

namespace detail {

struct pair_track {
  std::size_t absorbed = 0;
  contact_state state[2];  // [0]: owner lo, [1]: owner hi
};

inline double days(double seconds) noexcept { return seconds / static_cast<double>(seconds_per_day); }

}  // namespace detail

namespace detail {
// The replay's working state: the pairs with their event lists and incremental states, each
// event's reply time, each node's event times (for the context fields); `replay` drives it one
// cutoff at a time.
class replayer {
 public:
  replayer(const event_log& log, const model& m, const replay_options& opt, replay_result& out)
      : log_(log), m_(m), opt_(opt), out_(out), window_(opt.reply_window_days * seconds_per_day) {
    index_pairs();
    find_replies();
  }

  // Folds every event before `T` into its pair's two states, recording a reply case for each
  // event whose reply window ends inside the log.
  result<void> absorb_until(std::int64_t T) {
    for (; next_ < log_.events.size() && log_.events[next_].t < T; ++next_) {
      const event& e = log_.events[next_];
      auto& p = tracks_[pair_of_[next_]];
      const bool from_lo = e.src == out_.pairs[pair_of_[next_]].lo;
      contact_state& out_st = p.state[from_lo ? 0 : 1];  // owner = sender
      contact_state& in_st = p.state[from_lo ? 1 : 0];   // owner = recipient
      if (e.t + static_cast<std::int64_t>(window_) <= out_.end) out_.replies.push_back(reply_case_of(e, out_st));
      interaction x;
      x.at = {e.t};
      x.via = e.via;
      x.duration_seconds = e.duration_seconds;
      x.dir = direction::outbound;
      if (auto ok = validate(x, m_.channels(), "event at " + std::to_string(e.t)); !ok) return ok;
      if (auto ok = net_.observe(e.src, e.dst, x.at); !ok) return ok;
      out_st.absorb_unchecked(x, m_);
      x.dir = direction::inbound;
      in_st.absorb_unchecked(x, m_);
      if (p.absorbed == 0) active_.push_back(pair_of_[next_]);
      ++p.absorbed;
    }
    return {};
  }

  // The warmth cases of cutoff `k` (time T): both sides of every pair seen before T.
  void add_cases(int k, std::int64_t T) {
    const auto H = static_cast<std::int64_t>(std::llround(opt_.horizon_days * seconds_per_day));
    for (std::uint32_t pi : active_) {
      const auto& p = out_.pairs[pi];
      const pair_track& tr = tracks_[pi];
      const std::size_t n = tr.absorbed;
      // First event after T (events at exactly T are neither visible nor in the label window).
      auto it = std::upper_bound(p.events.begin() + static_cast<std::ptrdiff_t>(n), p.events.end(), T,
                                 [](std::int64_t t, const pair_event& e) { return t < e.t; });
      const bool label = it != p.events.end() && it->t <= T + H;
      const double next_days =
          it != p.events.end() ? days(static_cast<double>(it->t - T)) : std::numeric_limits<double>::infinity();
      for (int side = 0; side < 2; ++side) {
        warmth_case c;
        c.owner = side == 0 ? p.lo : p.hi;
        c.contact = side == 0 ? p.hi : p.lo;
        c.cutoff = k;
        c.at = T;
        c.snap = tr.state[side].at({T}, m_);
        c.x = features_of(c.snap, T, m_.params());
        c.label = label;
        c.next_contact_days = next_days;
        c.pair = pi;
        c.seen = static_cast<std::uint32_t>(n);
        const network_context ctx = *net_.context(c.owner, c.contact, {T});  // T is a valid time: events surround it
        c.owner_events_30d = ctx.owner_events_30d;
        c.owner_idle_days = ctx.owner_idle_days;
        c.contact_events_30d = ctx.contact_events_30d;
        c.contact_idle_days = ctx.contact_idle_days;
        out_.cases.push_back(c);
      }
    }
  }

 private:
  // Pairs and their event lists.
  void index_pairs() {
    std::unordered_map<std::uint64_t, std::uint32_t> index;
    std::vector<pair_history>& pairs = out_.pairs;
    pair_of_.resize(log_.events.size());
    for (std::size_t i = 0; i < log_.events.size(); ++i) {
      const event& e = log_.events[i];
      const std::uint32_t lo = std::min(e.src, e.dst), hi = std::max(e.src, e.dst);
      const std::uint64_t key = (static_cast<std::uint64_t>(lo) << 32) | hi;
      auto [it, fresh] = index.emplace(key, static_cast<std::uint32_t>(pairs.size()));
      if (fresh) {
        pairs.emplace_back();
        pairs.back().lo = lo;
        pairs.back().hi = hi;
        tracks_.emplace_back();
      }
      pair_of_[i] = it->second;
      pairs[it->second].events.push_back({e.t, e.src == lo, e.via});
    }
  }

  // Reply time of each event: the next event of the same pair in the other direction.
  void find_replies() {
    reply_at_.assign(log_.events.size(), -1);
    std::vector<std::array<std::int64_t, 2>> next(out_.pairs.size(), {-1, -1});  // [from_lo ? 0 : 1]
    for (std::size_t i = log_.events.size(); i-- > 0;) {
      const event& e = log_.events[i];
      auto& nx = next[pair_of_[i]];
      const bool from_lo = e.src == out_.pairs[pair_of_[i]].lo;
      reply_at_[i] = nx[from_lo ? 1 : 0];
      nx[from_lo ? 0 : 1] = e.t;
    }
  }

  reply_case reply_case_of(const event& e, const contact_state& sender) const {
    reply_case r;
    r.owner = e.src;
    r.contact = e.dst;
    r.at = e.t;
    r.first_contact = sender.empty();
    if (!sender.empty()) r.before = sender.at({e.t}, m_);
    const std::int64_t ra = reply_at_[next_];
    r.answered = ra >= 0 && static_cast<double>(ra - e.t) <= window_;
    r.latency_seconds = r.answered ? static_cast<double>(ra - e.t) : 0.0;
    return r;
  }

  const event_log& log_;
  const model& m_;
  const replay_options& opt_;
  replay_result& out_;
  const double window_;
  std::vector<pair_track> tracks_;
  std::vector<std::uint32_t> pair_of_;
  std::vector<std::int64_t> reply_at_;
  network_tracker net_;                // each node's activity with anyone, for the context fields
  std::vector<std::uint32_t> active_;  // pairs with at least one absorbed event
  std::size_t next_ = 0;
};
}  // namespace detail

/// Replays `log` under `m` (its channel table and half-lives shape the features; its betas are not used).
inline result<replay_result> replay(const event_log& log, const model& m, const replay_options& opt = {}) {
  if (!(opt.horizon_days > 0) || opt.cutoffs < 1 || !(opt.start_fraction >= 0 && opt.start_fraction < 1) ||
      !(opt.reply_window_days > 0))
    return fail(errc::invalid_argument,
                "replay options: need horizon_days > 0, cutoffs >= 1, 0 <= start_fraction < 1, reply_window_days > 0");
  if (log.events.size() < 2) return fail(errc::invalid_argument, "replay: the log has fewer than two events");
  replay_result out;
  out.begin = log.begin();
  out.end = log.end();
  out.horizon_days = opt.horizon_days;
  const auto H = static_cast<std::int64_t>(std::llround(opt.horizon_days * seconds_per_day));
  const auto first = out.begin + static_cast<std::int64_t>(opt.start_fraction * static_cast<double>(out.end - out.begin));
  const std::int64_t last = out.end - H;
  if (last <= first)
    return fail(errc::out_of_range, "replay: the log spans " +
                                        std::to_string(detail::days(static_cast<double>(out.end - out.begin))) +
                                        " days; a horizon of " + std::to_string(opt.horizon_days) +
                                        " days leaves no room for cutoffs (use a shorter horizon)");
  for (int k = 0; k < opt.cutoffs; ++k) {
    const double f = opt.cutoffs == 1 ? 1.0 : static_cast<double>(k) / (opt.cutoffs - 1);
    out.cutoffs.push_back(first + static_cast<std::int64_t>(std::llround(f * static_cast<double>(last - first))));
  }
  detail::replayer rp(log, m, opt, out);
  for (int k = 0; k < opt.cutoffs; ++k) {
    if (auto ok = rp.absorb_until(out.cutoffs[k]); !ok) return std::move(ok).error();
    rp.add_cases(k, out.cutoffs[k]);
  }
  // The reply cases after the last cutoff.
  if (auto ok = rp.absorb_until(std::numeric_limits<std::int64_t>::max()); !ok) return std::move(ok).error();
  return out;
}

/// The labels of the chosen cases.
inline std::vector<bool> labels_of(const replay_result& r, const std::vector<std::size_t>& idx) {
  std::vector<bool> y;
  y.reserve(idx.size());
  for (std::size_t i : idx) y.push_back(r.cases[i].label);
  return y;
}

/// A split of the cases in time: the later cutoffs are scored (test); the earlier ones whose label
/// window (T, T + H] ends before the first test cutoff are for fitting (train), so nothing a test
/// label depends on is seen in fitting.
struct time_split {
  std::vector<std::size_t> train, test;  ///< case indices
  std::vector<int> train_cutoffs, test_cutoffs;
};

/// The split described at `time_split`; `test_share` of the cutoffs (rounded up) are test cutoffs.
inline time_split split_by_time(const replay_result& r, double test_share = 0.5) {
  time_split s;
  const int K = static_cast<int>(r.cutoffs.size());
  const int n_test = std::clamp(static_cast<int>(std::ceil(test_share * K)), 1, std::max(1, K - 1));
  const int first_test = K - n_test;
  const auto H = static_cast<std::int64_t>(std::llround(r.horizon_days * seconds_per_day));
  for (int k = 0; k < K; ++k) {
    if (k >= first_test)
      s.test_cutoffs.push_back(k);
    else if (r.cutoffs[k] + H <= r.cutoffs[first_test])
      s.train_cutoffs.push_back(k);
  }
  if (s.train_cutoffs.empty() && first_test > 0) s.train_cutoffs.push_back(0);  // too short a log: overlapping labels
  for (std::size_t i = 0; i < r.cases.size(); ++i) {
    const int k = r.cases[i].cutoff;
    if (std::find(s.test_cutoffs.begin(), s.test_cutoffs.end(), k) != s.test_cutoffs.end())
      s.test.push_back(i);
    else if (std::find(s.train_cutoffs.begin(), s.train_cutoffs.end(), k) != s.train_cutoffs.end())
      s.train.push_back(i);
  }
  return s;
}

}  // namespace eval
}  // namespace v1
}  // namespace rapport
