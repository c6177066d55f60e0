#pragma once
/// The follow-up window judged on outcomes (issue 9, item 1; DESIGN.md "Evaluation on real data").
/// Not installed, not API: the accuracy tool's own component.
///
/// Every real outreach (an event owner -> contact whose pair has earlier history, in either
/// direction) is replayed twice through `plan_follow_up`, from the pair's incremental
/// `contact_state` (no rescans):
/// - **just before it** (at the last whole minute before it, or at the previous event if that is later):
///   the outreach is *early* (before `earliest`) or *in* the window (it cannot be late: a window
///   whose latest has passed is overdue and reopens now);
/// - **at the pair's previous interaction** (the only way an outreach can be *late*, after `latest`).
/// Outcomes: *answered* (the contact writes back within the reply window, strictly after the
/// outreach) and *tie kept* (any event between the two 14-90 days later; unknown near the log's end).
/// Each window's rule comes from its `why` bits (`rule_of`). An early outreach is early *only
/// because of a courtesy rule* when the rule is the first-meeting wait, or when it came after the
/// rule's own earliest (`natural_earliest`) and only the calendar (weekend, holiday, quiet hours,
/// leave) moved `earliest` past it: those are the user's manners, reported apart.
/// The same events are classed under two fixed rules: "3-7 days after the last message" and
/// "14 days since the last contact" (a window of 7 days from day 14).
/// Comparisons are made within pair and rule (Mantel-Haenszel odds ratios over strata (ordered pair,
/// rule)), with intervals from an owner-clustered bootstrap (seeded: deterministic); rates get
/// Wilson intervals.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <rapport/eval/events.hpp>
#include <rapport/eval/metrics.hpp>
#include <rapport/model.hpp>
#include <rapport/recommend.hpp>
#include <rapport/state.hpp>
#include <rapport/zone.hpp>

namespace rapport {
inline namespace v1 {
namespace eval {

// ---------------------------------------------------------------------------------------------
// Rules and classes.

/// The rule a window was planned by (from `follow_up_window::why`).
enum class window_rule : std::uint8_t {
  their_turn,
  nudge,
  give_space,
  first_follow_up,
  rhythm,
  committed,
  dormant,
  explicit_date,
  other
};
inline constexpr std::size_t window_rule_count = 9;
constexpr const char* to_string(window_rule r) noexcept {
  constexpr const char* names[window_rule_count] = {
      "their turn", "nudge", "give space", "first follow-up", "rhythm", "committed", "dormant", "explicit date", "other"};
  return static_cast<std::size_t>(r) < window_rule_count ? names[static_cast<std::size_t>(r)] : "invalid";
}

struct rule_match {
  std::uint32_t mask;
  window_rule rule;
};
/// First match wins, in the order `plan_follow_up` tries its rules.
inline constexpr rule_match rule_table[] = {
    {bit(why_code::explicit_date), window_rule::explicit_date},
    {bit(why_code::dormant) | bit(why_code::parked), window_rule::dormant},
    {bit(why_code::their_turn), window_rule::their_turn},
    {bit(why_code::nudge_cap), window_rule::give_space},
    {bit(why_code::awaiting_reply) | bit(why_code::backed_off), window_rule::nudge},
    {bit(why_code::first_meeting), window_rule::first_follow_up},
    {bit(why_code::committed_nurture), window_rule::committed},
    {bit(why_code::cadence) | bit(why_code::momentum), window_rule::rhythm},
};

inline window_rule rule_of(std::uint32_t why) noexcept {
  for (const rule_match& m : rule_table)
    if (why & m.mask) return m.rule;
  return window_rule::other;
}

/// Where an outreach fell against a window; `none`: the window was empty (`action::no_window`).
enum class timing : std::uint8_t { early, in, late, none };
constexpr const char* to_string(timing t) noexcept {
  switch (t) {
    case timing::early: return "early";
    case timing::in: return "in";
    case timing::late: return "late";
    default: return "none";
  }
}

/// early: before `earliest`; in: up to and including `latest`; late: after it.
constexpr timing classify(std::int64_t t, std::int64_t earliest, std::int64_t latest) noexcept {
  return t < earliest ? timing::early : t <= latest ? timing::in : timing::late;
}

/// Windows are placed to the minute (an open instant is rounded up to a whole minute), and the
/// planner itself says "reach out now" while earliest is less than a minute away: an outreach less
/// than a minute before `earliest` is in the window, not early.
inline constexpr std::int64_t window_resolution_seconds = 60;

/// The class of outreach at `t` against window `w`.
inline timing classify(std::int64_t t, const follow_up_window& w) noexcept {
  if (w.what == action::no_window) return timing::none;
  if (t + window_resolution_seconds - 1 >= w.earliest.seconds && t < w.earliest.seconds) return timing::in;
  return classify(t, w.earliest.seconds, w.latest.seconds);
}

/// Early only because of the user's manners (see the header): the first-meeting wait, or the
/// calendar moving earliest past an outreach that the rule itself allowed.
inline bool early_by_courtesy(std::int64_t t, const follow_up_window& w) noexcept {
  if (classify(t, w) != timing::early) return false;
  return rule_of(w.why) == window_rule::first_follow_up || t >= w.natural_earliest.seconds;
}

// ---------------------------------------------------------------------------------------------
// Outreach events.

/// The two fixed rules the recommender is compared with.
enum class fixed_rule : std::uint8_t { days_3_to_7, day_14 };
inline constexpr std::size_t fixed_rule_count = 2;
constexpr const char* to_string(fixed_rule r) noexcept {
  return r == fixed_rule::days_3_to_7 ? "3-7 days after the last message" : "14 days since the last contact";
}
/// Their windows, in days after the pair's last event: [3, 7] and [14, 21].
inline constexpr double fixed_window_days[fixed_rule_count][2] = {{3, 7}, {14, 21}};

/// One real outreach with the windows planned for it and its outcomes.
struct outreach {
  std::uint32_t owner = 0, contact = 0;
  std::uint32_t pair = 0;  ///< ordered pair (owner, contact) id: the stratum with `rule`
  std::int64_t at = 0;
  // Planned just before.
  window_rule rule = window_rule::other;
  timing when = timing::none;
  bool courtesy = false;  ///< early only because of a courtesy rule
  bool open_now = false;  ///< action::reach_out_now
  double width_days = 0;  ///< latest - earliest (0 for no_window)
  double reply_chance = 0;
  bool best_hour = false;  ///< sent in the local hour of `best`
  // Planned at the previous interaction.
  window_rule prev_rule = window_rule::other;
  timing prev_when = timing::none;
  bool prev_courtesy = false;
  bool prev_open_now = false;
  double prev_width_days = 0;
  // Fixed rules (the same window whenever it is planned: it depends on the last event only).
  std::array<timing, fixed_rule_count> fixed{};
  double hours_since_their_last = std::numeric_limits<double>::infinity();
  // Outcomes.
  bool answered = false;
  std::int8_t kept = -1;  ///< tie kept: 1/0, -1 unknown (too close to the log's end)
};

struct followup_options {
  double reply_window_days = 14;
  double kept_from_days = 14, kept_to_days = 90;
  contact_constraints constraints;  ///< zone (the contacts' clock), calendar, quiet hours
  recommend_options recommend;
  /// Each contact's week profile from every message they wrote earlier in the log (to anyone: the
  /// times they write, as tools/fit_reply fits the reply model's hour lift), on the contacts' clock,
  /// shrunk toward the population's week (`week_profile::from_counts`); off: the population's week.
  bool learn_profiles = true;
  int bootstrap = 1000;  ///< owner-clustered resamples
  std::uint64_t seed = 20260901;
};

namespace detail {

inline std::uint64_t ordered_key(std::uint32_t a, std::uint32_t b) noexcept { return (std::uint64_t{a} << 32) | b; }

/// Each ordered pair's event times, and the id of every event's ordered pair.
struct pair_index {
  std::unordered_map<std::uint64_t, std::uint32_t> id;
  std::vector<std::vector<std::int64_t>> times;  ///< by ordered pair id, sorted
  std::vector<std::uint32_t> of_event;

  explicit pair_index(const event_log& log) : of_event(log.events.size()) {
    for (std::size_t i = 0; i < log.events.size(); ++i) of_event[i] = add(log.events[i].src, log.events[i].dst, log.events[i].t);
  }
  std::uint32_t add(std::uint32_t src, std::uint32_t dst, std::int64_t t) {
    auto [it, fresh] = id.emplace(ordered_key(src, dst), static_cast<std::uint32_t>(times.size()));
    if (fresh) times.emplace_back();
    times[it->second].push_back(t);
    return it->second;
  }
  /// Id of (src, dst), creating an empty entry if the pair never wrote in this direction.
  std::uint32_t find_or_add(std::uint32_t src, std::uint32_t dst) {
    auto [it, fresh] = id.emplace(ordered_key(src, dst), static_cast<std::uint32_t>(times.size()));
    if (fresh) times.emplace_back();
    return it->second;
  }
};

/// Any time of `v` in (from, to] (`open_from`) or [from, to].
inline bool any_in(const std::vector<std::int64_t>& v, std::int64_t from, std::int64_t to, bool open_from) noexcept {
  const auto it = open_from ? std::upper_bound(v.begin(), v.end(), from) : std::lower_bound(v.begin(), v.end(), from);
  return it != v.end() && *it <= to;
}

inline int local_hour(const contact_constraints& c, std::int64_t t) noexcept {
  if (c.zone) return c.zone->to_local({t}).hour();
  const std::int64_t s = t % seconds_per_day;
  return static_cast<int>((s < 0 ? s + seconds_per_day : s) / 3600);
}

inline double width_days(const follow_up_window& w) noexcept {
  return w.what == action::no_window ? 0.0 : static_cast<double>(w.latest.seconds - w.earliest.seconds) / seconds_per_day;
}

/// Fills the fields planned from `s` (the pair's tallies before the outreach at `t`).
inline void plan_outreach(outreach& o, const contact_state& s, std::int64_t t, const model& m, const followup_options& fo,
                          const contact_constraints& c) {
  const std::int64_t minute = t - 1 - ((t - 1) % 60 + 60) % 60;  // windows are placed to the minute
  const timestamp before{std::max(minute, s.last().seconds)};
  const snapshot now_snap = s.at(before, m);
  const follow_up_window w = plan_follow_up(now_snap, before, c, m, fo.recommend);
  o.rule = rule_of(w.why);
  o.when = classify(t, w);
  o.courtesy = early_by_courtesy(t, w);
  o.open_now = w.what == action::reach_out_now;
  o.width_days = width_days(w);
  o.reply_chance = w.reply_chance;
  o.best_hour = w.what != action::no_window && local_hour(fo.constraints, t) == local_hour(fo.constraints, w.best.seconds);
  if (now_snap.last_inbound >= 0) o.hours_since_their_last = static_cast<double>(t - now_snap.last_inbound) / 3600.0;

  const follow_up_window p = plan_follow_up(s.at(s.last(), m), s.last(), c, m, fo.recommend);
  o.prev_rule = rule_of(p.why);
  o.prev_when = classify(t, p);
  o.prev_courtesy = early_by_courtesy(t, p);
  o.prev_open_now = p.what == action::reach_out_now;
  o.prev_width_days = width_days(p);
  for (std::size_t k = 0; k < fixed_rule_count; ++k)
    o.fixed[k] = classify(t, s.last().seconds + static_cast<std::int64_t>(fixed_window_days[k][0] * seconds_per_day),
                          s.last().seconds + static_cast<std::int64_t>(fixed_window_days[k][1] * seconds_per_day));
}

}  // namespace detail

/// Every outreach of `log` with earlier history between the two and a reply window inside the log.
inline result<std::vector<outreach>> collect_outreach(const event_log& log, const model& m, const followup_options& fo) {
  if (auto ok = fo.constraints.validate(); !ok) return std::move(ok).error();
  if (auto ok = fo.recommend.validate(); !ok) return std::move(ok).error();
  detail::pair_index idx(log);
  std::vector<std::uint32_t> reverse(log.events.size());
  for (std::size_t i = 0; i < log.events.size(); ++i) reverse[i] = idx.find_or_add(log.events[i].dst, log.events[i].src);
  std::vector<contact_state> state(idx.times.size());  // by ordered pair: the owner's view
  const auto W = static_cast<std::int64_t>(fo.reply_window_days * seconds_per_day);
  const auto k0 = static_cast<std::int64_t>(fo.kept_from_days * seconds_per_day),
             k1 = static_cast<std::int64_t>(fo.kept_to_days * seconds_per_day);
  std::vector<outreach> out;
  // By node: every message the contact wrote, to anyone (the times they write, as tools/fit_reply reads them).
  std::vector<std::array<double, week_profile::slots>> written(fo.learn_profiles ? log.node_count() : 0);
  contact_constraints c = fo.constraints;
  for (std::size_t i = 0; i < log.events.size(); ++i) {
    const event& e = log.events[i];
    const std::uint32_t fwd = idx.of_event[i], rev = reverse[i];
    if (!state[fwd].empty() && e.t + W <= log.end()) {
      outreach o;
      o.owner = e.src;
      o.contact = e.dst;
      o.pair = fwd;
      o.at = e.t;
      std::optional<week_profile> profile;
      if (fo.learn_profiles) {
        auto p = week_profile::from_counts(written[e.dst]);
        if (!p) return std::move(p).error();
        profile = *p;
      }
      c.profile = profile ? &*profile : fo.constraints.profile;
      detail::plan_outreach(o, state[fwd], e.t, m, fo, c);
      o.answered = detail::any_in(idx.times[rev], e.t, e.t + W, true);
      if (e.t + k1 <= log.end())
        o.kept = detail::any_in(idx.times[rev], e.t + k0, e.t + k1, false) ||
                 detail::any_in(idx.times[fwd], e.t + k0, e.t + k1, false);
      out.push_back(o);
    }
    interaction x;
    x.at = {e.t};
    x.via = e.via;
    x.duration_seconds = e.duration_seconds;
    x.dir = direction::outbound;
    if (auto ok = validate(x, m.channels(), "event at " + std::to_string(e.t)); !ok) return std::move(ok).error();
    state[fwd].absorb_unchecked(x, m);
    x.dir = direction::inbound;
    state[rev].absorb_unchecked(x, m);
    if (fo.learn_profiles) written[e.src][week_profile::slot_of(fo.constraints.zone, {e.t})] += 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Statistics.

struct proportion {
  double k = 0, n = 0;  ///< successes of trials
  double rate() const noexcept { return n > 0 ? k / n : std::nan(""); }
};

struct interval {
  double value = std::nan(""), lo = std::nan(""), hi = std::nan("");
};

/// Wilson score interval for k successes in n trials (z = 1.96: 95%); NaN for n = 0.
inline interval wilson(double k, double n, double z = 1.959963984540054) noexcept {
  if (!(n > 0)) return {};
  const double p = k / n, z2 = z * z, d = 1 + z2 / n;
  const double centre = (p + z2 / (2 * n)) / d, half = z / d * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {p, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

/// One stratum's 2x2 table: exposed (a answered, b not) against reference (c answered, d not).
struct table2x2 {
  double a = 0, b = 0, c = 0, d = 0;
  double n() const noexcept { return a + b + c + d; }
};

/// The Mantel-Haenszel parts of one stratum: R = a d / n, S = b c / n (OR_MH = sum R / sum S).
struct mh_parts {
  double r = 0, s = 0;
};
inline mh_parts mh_of(const table2x2& t) noexcept {
  const double n = t.n();
  return n > 0 ? mh_parts{t.a * t.d / n, t.b * t.c / n} : mh_parts{};
}
/// Mantel-Haenszel odds ratio of the exposed against the reference over `strata`; NaN when undefined.
inline double mantel_haenszel(const std::vector<table2x2>& strata) noexcept {
  double r = 0, s = 0;
  for (const table2x2& t : strata) {
    const mh_parts p = mh_of(t);
    r += p.r;
    s += p.s;
  }
  return s > 0 ? r / s : std::nan("");
}

/// A small deterministic generator (SplitMix64), the same on every platform.
struct splitmix {
  std::uint64_t x;
  std::uint64_t operator()() noexcept {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
};

/// Percentile interval of `stat` over `reps` resamples of `clusters` (indices drawn with
/// replacement); `stat` takes the per-cluster multiplicities. NaN replicates are dropped.
template <class Stat>
interval cluster_bootstrap(std::size_t clusters, int reps, std::uint64_t seed, Stat stat) {
  interval out;
  if (clusters == 0 || reps < 2) return out;
  splitmix g{seed};
  std::vector<double> values;
  std::vector<std::uint32_t> times(clusters);
  for (int r = 0; r < reps; ++r) {
    std::fill(times.begin(), times.end(), 0u);
    for (std::size_t i = 0; i < clusters; ++i) ++times[g() % clusters];
    const double v = stat(times);
    if (std::isfinite(v)) values.push_back(v);
  }
  if (values.size() < 2) return out;
  std::sort(values.begin(), values.end());
  auto at = [&](double q) { return values[static_cast<std::size_t>(std::llround(q * static_cast<double>(values.size() - 1)))]; };
  out.lo = at(0.025);
  out.hi = at(0.975);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Judging the windows.

/// How one outreach looks under one way of planning (a `view`).
struct seen {
  timing when = timing::none;
  bool courtesy = false;
  window_rule rule = window_rule::other;  ///< the stratum's rule
  double width_days = 0;
  bool open_now = false;
};
using view_fn = seen (*)(const outreach&);

inline seen just_before(const outreach& o) noexcept { return {o.when, o.courtesy, o.rule, o.width_days, o.open_now}; }
/// Planned just before, early-by-courtesy outreach left out: what the data says about the rules'
/// own timing, the user's manners apart.
inline seen just_before_evidence(const outreach& o) noexcept {
  seen v = just_before(o);
  if (v.when == timing::early && v.courtesy) v.when = timing::none;
  return v;
}
inline seen at_previous(const outreach& o) noexcept {
  return {o.prev_when, o.prev_courtesy, o.prev_rule, o.prev_width_days, o.prev_open_now};
}
template <fixed_rule F>
seen fixed_view(const outreach& o) noexcept {
  const auto k = static_cast<std::size_t>(F);
  const timing t = o.fixed[k];  // strata: the recommender's rule just before, as for the recommender
  return {t, false, o.rule, fixed_window_days[k][1] - fixed_window_days[k][0], t != timing::early};
}

struct named_view {
  const char* name;
  view_fn fn;
};
/// The planners judged, each on the same events.
inline constexpr named_view views[] = {
    {"recommender, planned just before", just_before},
    {"recommender, planned at the previous interaction", at_previous},
    {"fixed: 3-7 days after the last message", fixed_view<fixed_rule::days_3_to_7>},
    {"fixed: 14 days since the last contact (7-day window)", fixed_view<fixed_rule::day_14>},
};

/// One row of the table: a planner on the outreach of one rule (or all).
struct verdict {
  std::size_t n = 0;                                   ///< outreach with a window
  std::array<proportion, 3> answered{}, kept{};        ///< by timing: early, in, late
  proportion courtesy_answered, other_early_answered;  ///< early split by why
  interval or_in_vs_early, or_in_vs_late;              ///< Mantel-Haenszel within pair and rule; owner-clustered bootstrap
  interval diff_in_minus_early;                        ///< answered share in - early, owner-clustered bootstrap
  double mean_width_days = std::nan(""), share_now = std::nan("");
};

namespace detail {

inline bool selected(const seen& v, int rule) noexcept {
  return v.when != timing::none && (rule < 0 || static_cast<int>(v.rule) == rule);
}

/// Counts by class, courtesy split, width and share open now.
inline void tally(verdict& out, const std::vector<outreach>& ev, view_fn view, int rule) {
  double width = 0, now = 0;
  for (const outreach& o : ev) {
    const seen v = view(o);
    if (!selected(v, rule)) continue;
    ++out.n;
    const auto c = static_cast<std::size_t>(v.when);
    out.answered[c].n += 1;
    out.answered[c].k += o.answered;
    if (o.kept >= 0) {
      out.kept[c].n += 1;
      out.kept[c].k += o.kept;
    }
    if (v.when == timing::early) {
      proportion& p = v.courtesy ? out.courtesy_answered : out.other_early_answered;
      p.n += 1;
      p.k += o.answered;
    }
    width += v.width_days;
    now += v.open_now;
  }
  if (out.n) {
    out.mean_width_days = width / static_cast<double>(out.n);
    out.share_now = now / static_cast<double>(out.n);
  }
}

/// Dense cluster (owner) ids of the events.
inline std::vector<std::uint32_t> owner_clusters(const std::vector<outreach>& ev, std::size_t& count) {
  std::unordered_map<std::uint32_t, std::uint32_t> id;
  std::vector<std::uint32_t> out;
  out.reserve(ev.size());
  for (const outreach& o : ev) out.push_back(id.emplace(o.owner, static_cast<std::uint32_t>(id.size())).first->second);
  count = id.size();
  return out;
}

/// MH odds ratio of `in` against `reference` (answered), strata (ordered pair, rule), with its
/// owner-clustered bootstrap interval.
inline interval mh_in_vs(const std::vector<outreach>& ev, view_fn view, int rule, timing reference, const followup_options& fo) {
  std::unordered_map<std::uint64_t, std::pair<std::uint32_t, table2x2>> strata;  // key -> (cluster, table)
  std::size_t clusters = 0;
  const std::vector<std::uint32_t> cl = owner_clusters(ev, clusters);
  for (std::size_t i = 0; i < ev.size(); ++i) {
    const seen v = view(ev[i]);
    if (!selected(v, rule) || (v.when != timing::in && v.when != reference)) continue;
    auto& [cluster, t] = strata[ordered_key(ev[i].pair, static_cast<std::uint32_t>(v.rule))];
    cluster = cl[i];
    const bool ans = ev[i].answered;
    if (v.when == timing::in)
      (ans ? t.a : t.b) += 1;
    else
      (ans ? t.c : t.d) += 1;
  }
  std::vector<mh_parts> per(clusters);
  for (const auto& kv : strata) {
    const mh_parts p = mh_of(kv.second.second);
    per[kv.second.first].r += p.r;
    per[kv.second.first].s += p.s;
  }
  auto stat = [&](const std::vector<std::uint32_t>& times) {
    double r = 0, s = 0;
    for (std::size_t c = 0; c < per.size(); ++c) {
      r += times[c] * per[c].r;
      s += times[c] * per[c].s;
    }
    return s > 0 ? r / s : std::nan("");
  };
  interval out = cluster_bootstrap(clusters, fo.bootstrap, fo.seed, stat);
  out.value = stat(std::vector<std::uint32_t>(clusters, 1u));
  return out;
}

/// Answered share in the window minus before it, with its owner-clustered bootstrap interval.
inline interval diff_in_minus_early(const std::vector<outreach>& ev, view_fn view, int rule, const followup_options& fo) {
  std::size_t clusters = 0;
  const std::vector<std::uint32_t> cl = owner_clusters(ev, clusters);
  std::vector<std::array<double, 4>> per(clusters, {0, 0, 0, 0});  // in n, in k, early n, early k
  for (std::size_t i = 0; i < ev.size(); ++i) {
    const seen v = view(ev[i]);
    if (!selected(v, rule) || (v.when != timing::in && v.when != timing::early)) continue;
    const std::size_t at = v.when == timing::in ? 0 : 2;
    per[cl[i]][at] += 1;
    per[cl[i]][at + 1] += ev[i].answered;
  }
  auto stat = [&](const std::vector<std::uint32_t>& times) {
    double s[4] = {0, 0, 0, 0};
    for (std::size_t c = 0; c < per.size(); ++c)
      for (int j = 0; j < 4; ++j) s[j] += times[c] * per[c][static_cast<std::size_t>(j)];
    return s[0] > 0 && s[2] > 0 ? s[1] / s[0] - s[3] / s[2] : std::nan("");
  };
  interval out = cluster_bootstrap(clusters, fo.bootstrap, fo.seed + 1, stat);
  out.value = stat(std::vector<std::uint32_t>(clusters, 1u));
  return out;
}

}  // namespace detail

/// A planner's verdict on the outreach of rule `rule` (-1: all rules).
inline verdict judge(const std::vector<outreach>& ev, view_fn view, int rule, const followup_options& fo) {
  verdict v;
  detail::tally(v, ev, view, rule);
  v.or_in_vs_early = detail::mh_in_vs(ev, view, rule, timing::early, fo);
  v.or_in_vs_late = detail::mh_in_vs(ev, view, rule, timing::late, fo);
  v.diff_in_minus_early = detail::diff_in_minus_early(ev, view, rule, fo);
  return v;
}

// ---------------------------------------------------------------------------------------------
// The headline figures.

struct followup_summary {
  std::size_t outreach = 0, with_window = 0, kept_known = 0;
  interval or_in_vs_early;                              ///< planned just before, within pair and rule
  interval or_in_vs_early_evidence;                     ///< the same without the outreach early by courtesy
  interval or_in_vs_late;                               ///< planned at the previous interaction, within pair and rule
  double answered_share_early = std::nan("");           ///< answered outreach called early, courtesy excluded
  double answered_share_early_courtesy = std::nan("");  ///< ... early only because of a courtesy rule
  double rc_auc = std::nan(""), rc_ece = std::nan(""), rc_log_loss = std::nan("");
  double auc_hours_since_their_last = std::nan("");  ///< fewer hours ranked higher
  proportion best_hour, other_hours;                 ///< answered, their turn excluded
  double best_hour_lift = std::nan("");              ///< best_hour rate / other_hours rate
  double mean_width_days = std::nan(""), share_now = std::nan("");
};

namespace detail {

/// reply_chance of the window planned just before against the outcome, and the hours-since rival.
inline void score_reply_chance(followup_summary& s, const std::vector<outreach>& ev) {
  std::vector<double> p, hours;
  std::vector<bool> y;
  for (const outreach& o : ev) {
    if (o.when == timing::none) continue;
    p.push_back(o.reply_chance);
    hours.push_back(-o.hours_since_their_last);
    y.push_back(o.answered);
  }
  s.rc_auc = roc_auc(p, y);
  s.rc_ece = ece(p, y);
  s.rc_log_loss = log_loss(p, y);
  s.auc_hours_since_their_last = roc_auc(hours, y);
}

/// Answered outreach called early, split by why; best hour against the others (their turn excluded).
inline void score_shares(followup_summary& s, const std::vector<outreach>& ev) {
  double answered = 0, early = 0, courtesy = 0;
  for (const outreach& o : ev) {
    if (o.when == timing::none) continue;
    if (o.answered) {
      answered += 1;
      early += o.when == timing::early && !o.courtesy;
      courtesy += o.when == timing::early && o.courtesy;
    }
    if (o.rule == window_rule::their_turn) continue;
    proportion& h = o.best_hour ? s.best_hour : s.other_hours;
    h.n += 1;
    h.k += o.answered;
  }
  if (answered > 0) {
    s.answered_share_early = early / answered;
    s.answered_share_early_courtesy = courtesy / answered;
  }
  if (s.other_hours.n > 0 && s.other_hours.k > 0) s.best_hour_lift = s.best_hour.rate() / s.other_hours.rate();
}

}  // namespace detail

inline followup_summary summarize(const std::vector<outreach>& ev, const followup_options& fo) {
  followup_summary s;
  s.outreach = ev.size();
  for (const outreach& o : ev) {
    s.with_window += o.when != timing::none;
    s.kept_known += o.kept >= 0;
  }
  const verdict before = judge(ev, just_before, -1, fo), previous = judge(ev, at_previous, -1, fo);
  s.or_in_vs_early = before.or_in_vs_early;
  s.or_in_vs_early_evidence = detail::mh_in_vs(ev, just_before_evidence, -1, timing::early, fo);
  s.or_in_vs_late = previous.or_in_vs_late;
  s.mean_width_days = before.mean_width_days;
  s.share_now = before.share_now;
  detail::score_reply_chance(s, ev);
  detail::score_shares(s, ev);
  return s;
}

}  // namespace eval
}  // namespace v1
}  // namespace rapport
