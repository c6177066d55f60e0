#pragma once
/// Rolling-origin replay of an event log: the cases the accuracy harness scores.
///
/// Events are folded in time order: an event src -> dst is an outbound interaction of the ordered
/// pair (src, dst) and an inbound one of (dst, src), each pair keeping a `contact_state`.
/// K cutoffs (default 8) run evenly from `start_fraction` (30%) of the log's span to
/// end - horizon. At a cutoff T only events before T are visible; every ordered pair with history
/// before T is a warmth case, labelled by whether any event between the two falls in (T, T + H].
/// Reply cases: every event src -> dst whose reply window ends inside the log, answered when
/// dst -> src follows within `reply_window_days`, with the latency.
///
/// Each warmth case also carries the raw scores of the baselines (see `baseline`), computed from
/// the same visible history, so the model and the baselines are judged on exactly the same cases.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include <rapport/eval/load.hpp>
#include <rapport/model.hpp>
#include <rapport/state.hpp>

namespace rapport {
inline namespace v1 {
namespace eval {

/// Baseline scores (higher = warmer); the constant baseline needs no score.
enum class baseline : std::uint8_t {
  recency,        ///< minus days since the last event
  frequency_90d,  ///< events in the last 90 days
  decay_30d,      ///< sum of 2^(-age / 30 days) over events
  cadence_30d,    ///< 1 when the last event is at most 30 days old ("keep in touch every 30 days"), else 0
  pingcrm,        ///< PingCRM's 0-10 relationship score (backend/app/services/scoring.py)
  everreach,      ///< EverReach's 0-100 warmth: 40 + recency + frequency + channel - decay
};
inline constexpr std::size_t baseline_count = 6;
constexpr const char* to_string(baseline b) noexcept {
  constexpr const char* names[baseline_count] = {"recency", "frequency_90d", "decay_30d", "cadence_30d", "pingcrm", "everreach"};
  return static_cast<std::size_t>(b) < baseline_count ? names[static_cast<std::size_t>(b)] : "invalid";
}

struct replay_options {
  double horizon_days = 30;
  int cutoffs = 8;
  double start_fraction = 0.3;   ///< first cutoff at begin + start_fraction * span
  double reply_window_days = 14;
  /// Label = the contact reached out to the owner in (T, T + H] (instead of contact in either
  /// direction): an experiment on what warmth should mean, not the documented label.
  bool label_inbound_only = false;
};

struct warmth_case {
  std::uint32_t owner = 0, contact = 0;
  int cutoff = 0;                 ///< index into replay_result::cutoffs
  std::int64_t at = 0;            ///< the cutoff T, seconds
  snapshot snap;                  ///< the pair's tallies at T
  feature_vector x{};             ///< features_of(snap, T, params of the replay's model)
  bool label = false;             ///< contact in (T, T + H]
  double next_contact_days = std::numeric_limits<double>::infinity();  ///< first event after T; inf if none in the log
  std::array<double, baseline_count> baselines{};
  /// Context a CRM may know beyond the pair (not model features; the harness measures what they add):
  double owner_events_30d = 0, contact_events_30d = 0;  ///< each side's events with anyone in [T - 30 d, T)
  double owner_idle_days = 0, contact_idle_days = 0;    ///< days since each side's last event with anyone
};

struct reply_case {
  std::uint32_t owner = 0, contact = 0;
  std::int64_t at = 0;            ///< time of the outbound message
  bool answered = false;          ///< contact -> owner within the reply window
  double latency_seconds = 0;     ///< when answered
  snapshot before;                ///< the pair's tallies just before the message (empty: first contact)
  bool first_contact = true;
};

struct replay_result {
  std::vector<std::int64_t> cutoffs;
  std::vector<warmth_case> cases;
  std::vector<reply_case> replies;
  std::int64_t begin = 0, end = 0;
  double horizon_days = 30;
};

namespace detail {

struct pair_event {
  std::int64_t t;
  bool from_lo;  // sent by the pair's lower node id
  channel via;
};

struct pair_track {
  std::uint32_t lo = 0, hi = 0;
  std::vector<pair_event> events;
  std::size_t absorbed = 0;
  contact_state state[2];  // [0]: owner lo, [1]: owner hi
};

inline double days(double seconds) noexcept { return seconds / static_cast<double>(seconds_per_day); }

inline int bit_count(std::uint64_t v) noexcept {  // std::popcount is C++20
  int n = 0;
  for (; v; v &= v - 1) ++n;
  return n;
}

// Raw baseline scores of the pair seen by `owner_is_lo`, from events[0, n) at time T.
inline std::array<double, baseline_count> baseline_scores(const pair_track& p, std::size_t n, bool owner_is_lo, std::int64_t T) {
  std::array<double, baseline_count> b{};
  const auto& ev = p.events;
  const double since_last = days(static_cast<double>(T - ev[n - 1].t));
  double c90 = 0, decay30 = 0;
  // PingCRM's windows.
  double in365 = 0, out365 = 0, in1_2 = 0, out1_2 = 0, in2_5 = 0, out2_5 = 0;
  double w30 = 0, w30_90 = 0, w90_365 = 0, w1_2 = 0, w2_5 = 0;
  std::int64_t last_in = -1;
  std::uint64_t channels_all = 0, channels_30 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const pair_event& e = ev[i];
    const double age = days(static_cast<double>(T - e.t));
    const bool inbound = e.from_lo != owner_is_lo;
    if (inbound) last_in = e.t;
    const std::uint64_t bit = std::uint64_t{1} << static_cast<unsigned>(e.via);
    channels_all |= bit;
    if (age <= 30) channels_30 |= bit;
    if (age <= 90) c90 += 1;
    decay30 += std::exp2(-age / 30.0);
    if (age <= 365) (inbound ? in365 : out365) += 1;
    else if (age <= 730) (inbound ? in1_2 : out1_2) += 1;
    else if (age <= 1825) (inbound ? in2_5 : out2_5) += 1;
    if (age <= 30) w30 += 1;
    else if (age <= 90) w30_90 += 1;
    else if (age <= 365) w90_365 += 1;
    else if (age <= 730) w1_2 += 1;
    else if (age <= 1825) w2_5 += 1;
  }
  b[0] = -since_last;
  b[1] = c90;
  b[2] = decay30;
  b[3] = since_last <= 30 ? 1.0 : 0.0;
  {  // PingCRM
    const double ein = in365 + 0.05 * in1_2 + 0.02 * in2_5, eout = out365 + 0.05 * out1_2 + 0.02 * out2_5;
    const double reciprocity = (ein + eout == 0 || ein == 0) ? 0.0 : std::round(4 * std::fmin(ein, eout) / std::fmax(ein, eout));
    double recency = 0;
    const std::int64_t base = last_in >= 0 ? last_in : ev[n - 1].t;
    const double mult = last_in >= 0 ? 1.0 : 0.5;
    const double d = std::floor(days(static_cast<double>(T - base)));
    const double raw = d <= 7 ? 3 : d <= 30 ? 2 : d <= 90 ? 1 : 0;
    recency = std::round(raw * mult);
    const double weighted = w30 + 0.3 * w30_90 + 0.1 * w90_365 + 0.05 * w1_2 + 0.02 * w2_5;
    const double frequency = weighted >= 8 ? 2 : weighted >= 3 ? 1 : 0;
    const double breadth = bit_count(channels_all) >= 2 ? 1 : 0;
    const double tenure_years = std::floor(days(static_cast<double>(T - ev[0].t))) / 365.25;
    const double count = static_cast<double>(n);
    const double tenure = (count >= 50 && tenure_years >= 2) ? 2 : (count >= 20 && tenure_years >= 1) ? 1 : 0;
    b[4] = std::fmin(10, reciprocity + recency + frequency + breadth + tenure);
  }
  {  // EverReach
    const double d = since_last;
    double w = 40 + std::round(std::clamp(90 - d, 0.0, 90.0) / 90 * 25) + std::round(std::fmin(c90, 6) / 6 * 15) +
               (bit_count(channels_30) >= 2 ? 5 : 0) - std::round(std::fmin(30, std::fmax(0, d - 7) * 0.5));
    b[5] = std::clamp(w, 0.0, 100.0);
  }
  return b;
}

}  // namespace detail

/// Replays `log` under `m` (its channel table and half-lives shape the features; its betas are not used).
inline result<replay_result> replay(const event_log& log, const model& m, const replay_options& opt = {}) {
  if (!(opt.horizon_days > 0) || opt.cutoffs < 1 || !(opt.start_fraction >= 0 && opt.start_fraction < 1) ||
      !(opt.reply_window_days > 0))
    return fail(errc::invalid_argument, "replay options: need horizon_days > 0, cutoffs >= 1, 0 <= start_fraction < 1, reply_window_days > 0");
  if (log.events.size() < 2) return fail(errc::invalid_argument, "replay: the log has fewer than two events");
  replay_result out;
  out.begin = log.begin();
  out.end = log.end();
  out.horizon_days = opt.horizon_days;
  const auto H = static_cast<std::int64_t>(std::llround(opt.horizon_days * seconds_per_day));
  const auto first = out.begin + static_cast<std::int64_t>(opt.start_fraction * static_cast<double>(out.end - out.begin));
  const std::int64_t last = out.end - H;
  if (last <= first)
    return fail(errc::out_of_range, "replay: the log spans " + std::to_string(detail::days(static_cast<double>(out.end - out.begin))) +
                                        " days; a horizon of " + std::to_string(opt.horizon_days) +
                                        " days leaves no room for cutoffs (use a shorter horizon)");
  for (int k = 0; k < opt.cutoffs; ++k) {
    const double f = opt.cutoffs == 1 ? 1.0 : static_cast<double>(k) / (opt.cutoffs - 1);
    out.cutoffs.push_back(first + static_cast<std::int64_t>(std::llround(f * static_cast<double>(last - first))));
  }

  // Pairs and their event lists.
  std::unordered_map<std::uint64_t, std::uint32_t> index;
  std::vector<detail::pair_track> pairs;
  std::vector<std::uint32_t> pair_of(log.events.size());
  for (std::size_t i = 0; i < log.events.size(); ++i) {
    const event& e = log.events[i];
    const std::uint32_t lo = std::min(e.src, e.dst), hi = std::max(e.src, e.dst);
    const std::uint64_t key = (static_cast<std::uint64_t>(lo) << 32) | hi;
    auto [it, fresh] = index.emplace(key, static_cast<std::uint32_t>(pairs.size()));
    if (fresh) { pairs.emplace_back(); pairs.back().lo = lo; pairs.back().hi = hi; }
    pair_of[i] = it->second;
    pairs[it->second].events.push_back({e.t, e.src == lo, e.via});
  }
  // Reply time of each event: the next event of the same pair in the other direction.
  std::vector<std::int64_t> reply_at(log.events.size(), -1);
  {
    std::vector<std::array<std::int64_t, 2>> next(pairs.size(), {-1, -1});  // [from_lo ? 0 : 1]
    for (std::size_t i = log.events.size(); i-- > 0;) {
      const event& e = log.events[i];
      auto& nx = next[pair_of[i]];
      const bool from_lo = e.src == pairs[pair_of[i]].lo;
      reply_at[i] = nx[from_lo ? 1 : 0];
      nx[from_lo ? 0 : 1] = e.t;
    }
  }

  // Each node's event times (sent or received), for the context fields.
  std::vector<std::vector<std::int64_t>> node_times(log.node_count());
  for (const event& e : log.events) {
    if (e.src < node_times.size()) node_times[e.src].push_back(e.t);
    if (e.dst < node_times.size()) node_times[e.dst].push_back(e.t);
  }
  auto activity = [&](std::uint32_t node, std::int64_t T, double& count30, double& idle_days) {
    if (node >= node_times.size()) return;
    const auto& v = node_times[node];
    const auto end = std::lower_bound(v.begin(), v.end(), T);
    const auto begin = std::lower_bound(v.begin(), end, T - 30 * seconds_per_day);
    count30 = static_cast<double>(end - begin);
    idle_days = end == v.begin() ? 0.0 : detail::days(static_cast<double>(T - *(end - 1)));
  };

  const double window = opt.reply_window_days * seconds_per_day;
  std::vector<std::uint32_t> active;  // pairs with at least one absorbed event
  std::size_t next_event = 0;
  for (int k = 0; k <= opt.cutoffs; ++k) {
    const std::int64_t T = k < opt.cutoffs ? out.cutoffs[k] : std::numeric_limits<std::int64_t>::max();
    for (; next_event < log.events.size() && log.events[next_event].t < T; ++next_event) {
      const event& e = log.events[next_event];
      auto& p = pairs[pair_of[next_event]];
      const bool from_lo = e.src == p.lo;
      contact_state& out_st = p.state[from_lo ? 0 : 1];   // owner = sender
      contact_state& in_st = p.state[from_lo ? 1 : 0];    // owner = recipient
      if (e.t + static_cast<std::int64_t>(window) <= out.end) {
        reply_case r;
        r.owner = e.src;
        r.contact = e.dst;
        r.at = e.t;
        r.first_contact = out_st.empty();
        if (!out_st.empty()) r.before = out_st.at({e.t}, m);
        const std::int64_t ra = reply_at[next_event];
        r.answered = ra >= 0 && static_cast<double>(ra - e.t) <= window;
        r.latency_seconds = r.answered ? static_cast<double>(ra - e.t) : 0.0;
        out.replies.push_back(r);
      }
      interaction x;
      x.at = {e.t};
      x.via = e.via;
      x.duration_seconds = e.duration_seconds;
      x.dir = direction::outbound;
      if (auto ok = validate(x, m.channels(), "event at " + std::to_string(e.t)); !ok) return std::move(ok).error();
      out_st.absorb_unchecked(x, m);
      x.dir = direction::inbound;
      in_st.absorb_unchecked(x, m);
      if (p.absorbed == 0) active.push_back(pair_of[next_event]);
      ++p.absorbed;
    }
    if (k == opt.cutoffs) break;
    const std::int64_t horizon_end = T + H;
    for (std::uint32_t pi : active) {
      const auto& p = pairs[pi];
      const std::size_t n = p.absorbed;
      // First event after T (events at exactly T are neither visible nor in the label window).
      auto it = std::upper_bound(p.events.begin() + static_cast<std::ptrdiff_t>(n), p.events.end(), T,
                                 [](std::int64_t t, const detail::pair_event& e) { return t < e.t; });
      const bool label = it != p.events.end() && it->t <= horizon_end;
      const double next_days = it != p.events.end() ? detail::days(static_cast<double>(it->t - T)) : std::numeric_limits<double>::infinity();
      for (int side = 0; side < 2; ++side) {
        bool side_label = label;
        if (opt.label_inbound_only) {  // first event from this side's contact (lo's contact is hi) in the window
          side_label = false;
          for (auto e = it; e != p.events.end() && e->t <= horizon_end; ++e)
            if (e->from_lo == (side == 1)) { side_label = true; break; }
        }
        warmth_case c;
        c.owner = side == 0 ? p.lo : p.hi;
        c.contact = side == 0 ? p.hi : p.lo;
        c.cutoff = k;
        c.at = T;
        c.snap = p.state[side].at({T}, m);
        c.x = features_of(c.snap, T, m.params());
        c.label = side_label;
        c.next_contact_days = next_days;
        c.baselines = detail::baseline_scores(p, n, side == 0, T);
        activity(c.owner, T, c.owner_events_30d, c.owner_idle_days);
        activity(c.contact, T, c.contact_events_30d, c.contact_idle_days);
        out.cases.push_back(c);
      }
    }
  }
  return out;
}

}  // namespace eval
}  // namespace v1
}  // namespace rapport
