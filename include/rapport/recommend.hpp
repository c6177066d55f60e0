#pragma once
/// When to follow up: a window (earliest, best, latest) on the contact's own calendar, the
/// predicted reply chance at the best moment, an action and the reasons in words.
///
///   auto zone = rapport::time_zone::from_iana("Europe/London");  // result<time_zone>
///   auto cal = rapport::calendar::builtin("england_wales");       // result<calendar>
///   rapport::contact_constraints c;                               // borrows zone and calendar:
///   c.zone = &*zone;                                              // keep them alive (and share
///   c.cal = &*cal;                                                // them between contacts)
///   auto r = rapport::recommend(history, now, c);                 // result<recommendation>
///   if (r) std::cout << to_string(r->window.what) << " " << r->best_local << "\n";
///
/// The rules (docs/RECOMMEND.md gives them with their defaults):
/// - an explicit "reach out on/after X" from the contact wins;
/// - parked by the user, or dormant: re-engage, ranked by the probability that the tie is still
///   active (MBG/NBD, `probability_active`);
/// - they wrote last: the ball is in our court, answer by the end of the next business day;
/// - awaiting their reply: wait until a spontaneous reply has become unlikely (their reply latency's
///   80th percentile), doubled per unanswered nudge; after 3 unanswered, give space;
/// - new (met, nothing exchanged yet): 1 to 3 business days after meeting;
/// - ice broken / established / committed: the pair's own rhythm; latest = before warmth leaves
///   its band. Committed relationships get a slower nurture cadence.
/// Time inside a do-not-contact period does not count toward any of these delays. Earliest, best
/// and latest are always open instants (business day, outside quiet hours and do-not-contact
/// periods) with earliest <= best <= latest; when the constraints leave no open instant, the
/// action is `no_window` and `next_opening` says when the next one is.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <rapport/batch.hpp>
#include <rapport/calendar.hpp>
#include <rapport/history.hpp>
#include <rapport/model.hpp>
#include <rapport/state.hpp>
#include <rapport/warmth.hpp>
#include <rapport/zone.hpp>

namespace rapport {
inline namespace v1 {

/// A stage set by the user, overriding the one read from history.
enum class stage_override : std::uint8_t {
  none,
  committed,  ///< a deal / partnership not (yet) logged as a commitment interaction
  parked,     ///< "not a match now": give space, re-engage later
};

/// What to do.
enum class action : std::uint8_t {
  reach_out_now,  ///< the window is open now
  wait_until,     ///< the window opens at `earliest`
  give_space,     ///< stop chasing; re-engage at `earliest`
  re_engage_on,   ///< a dormant or parked tie: revive it at `earliest`
  no_window,      ///< the constraints leave no open instant in the window; see `next_opening`
};
constexpr const char* to_string(action a) noexcept {
  switch (a) {
    case action::reach_out_now: return "reach out now";
    case action::wait_until: return "wait until";
    case action::give_space: return "give space";
    case action::re_engage_on: return "re-engage on";
    case action::no_window: return "no window";
  }
  return "invalid";
}

/// When a contact is active, by hour of the week in their local time: 168 weights summing to 1,
/// slot = weekday (Sunday = 0) * 24 + hour. Built from the local times of their own messages,
/// shrunk toward a population prior (office hours on working days).
class week_profile {
 public:
  static constexpr std::size_t slots = 168;

  /// The prior: working-day office hours, a little in the early evening, little at weekends.
  static const week_profile& population() {
    static const week_profile p = make_population();
    return p;
  }
  /// Counts per slot shrunk toward `population()` with the weight of `prior_weight` messages.
  static result<week_profile> from_counts(const std::array<double, slots>& counts, double prior_weight = 12) {
    if (!std::isfinite(prior_weight) || prior_weight <= 0)
      return fail(errc::invalid_argument, "week profile: prior_weight must be finite and > 0");
    double n = 0;
    for (std::size_t i = 0; i < slots; ++i) {
      if (!std::isfinite(counts[i]) || counts[i] < 0)
        return fail(errc::invalid_argument, "week profile: count of slot " + std::to_string(i) + " must be finite and >= 0");
      n += counts[i];
    }
    week_profile w;
    const week_profile& prior = population();
    for (std::size_t i = 0; i < slots; ++i) w.w_[i] = (counts[i] + prior_weight * prior.w_[i]) / (n + prior_weight);
    w.samples_ = n;
    w.refresh();
    return w;
  }
  /// From the times they reached out or replied (inbound interactions) in `h`, on `zone`'s wall
  /// clock (null: UTC).
  static result<week_profile> from_history(const history& h, const time_zone* zone, double prior_weight = 12) {
    std::array<double, slots> counts{};
    for (const interaction& x : h) {
      if (x.dir != direction::inbound) continue;
      counts[slot_of(zone, x.at)] += 1;
    }
    return from_counts(counts, prior_weight);
  }
  static std::size_t slot_of(const time_zone* zone, timestamp t) noexcept {
    availability a;
    a.zone = zone;
    const local_time l = a.local(t);
    return static_cast<std::size_t>(weekday_of(l.day)) * 24 + static_cast<std::size_t>(l.hour());
  }

  double weight(std::size_t slot) const noexcept { return slot < slots ? w_[slot] : 0.0; }
  /// weight / average weight: 1 is an ordinary hour, 3 an hour three times as active.
  double lift(std::size_t slot) const noexcept { return weight(slot) * static_cast<double>(slots); }
  double samples() const noexcept { return samples_; }
  std::size_t peak() const noexcept { return peak_; }

 private:
  static week_profile make_population() {
    week_profile p;
    for (std::size_t d = 0; d < 7; ++d)
      for (std::size_t h = 0; h < 24; ++h) {
        const bool workday = d >= 1 && d <= 5;
        double v = 0.02;
        if (workday) {
          if (h >= 9 && h < 12) v = 1.0;
          else if (h >= 13 && h < 17) v = 0.9;
          else if (h == 12 || h == 8 || h == 17) v = 0.6;
          else if (h >= 18 && h < 21) v = 0.2;
          else if (h == 7) v = 0.15;
        } else if (h >= 10 && h < 18) {
          v = 0.08;
        }
        if (d == 2 || d == 3) v *= 1.05;  // mid-week mornings answer slightly better
        p.w_[d * 24 + h] = v;
      }
    double s = 0;
    for (double v : p.w_) s += v;
    for (double& v : p.w_) v /= s;
    p.refresh();
    return p;
  }
  void refresh() noexcept {
    peak_ = static_cast<std::size_t>(std::max_element(w_.begin(), w_.end()) - w_.begin());
  }
  std::array<double, slots> w_{};
  double samples_ = 0;
  std::size_t peak_ = 0;
};

/// Everything about the contact that shapes the window. Pointers are borrowed (zones, calendars and
/// profiles are typically shared by many contacts) and must outlive the call.
struct contact_constraints {
  const time_zone* zone = nullptr;      ///< null: UTC
  const calendar* cal = nullptr;        ///< null: Saturday/Sunday off, no holidays
  quiet_hours quiet{};                  ///< local; default 20:00-08:00
  std::vector<period> do_not_contact;   ///< leave, "away until the 12th"; any order
  std::optional<timestamp> reach_out_after;   ///< "reach out on/after X": wins over the rules (if after the last interaction)
  std::optional<timestamp> reach_out_before;  ///< a hard deadline: the window never goes past it
  weekday_set preferred_days;           ///< empty: no preference
  std::uint32_t preferred_hours = 0;    ///< bit h = local hour h preferred; 0: no preference
  stage_override override_stage = stage_override::none;
  const week_profile* profile = nullptr;  ///< null: `week_profile::population()`

  /// Checks periods, quiet hours, hours mask and dates; the message names the bad item.
  result<void> validate() const {
    if (auto q = quiet.validate(); !q) return q;
    if (auto p = validate_periods(do_not_contact.data(), do_not_contact.size()); !p) return p;
    if (preferred_hours >= (1u << 24)) return fail(errc::invalid_argument, "preferred_hours: only bits 0-23 (hours) may be set");
    if (reach_out_after && !reach_out_after->ok()) return fail(errc::out_of_range, "reach_out_after is outside the valid time range");
    if (reach_out_before && !reach_out_before->ok()) return fail(errc::out_of_range, "reach_out_before is outside the valid time range");
    if (reach_out_after && reach_out_before && *reach_out_before <= *reach_out_after)
      return fail(errc::invalid_argument, "reach_out_before (" + format_utc(*reach_out_before) + ") is not after reach_out_after (" +
                                              format_utc(*reach_out_after) + ")");
    return {};
  }
};

/// The rules' numbers. Defaults are documented in docs/RECOMMEND.md.
struct recommend_options {
  double reply_quantile = 0.8;         ///< awaiting a reply: wait until this share of their replies would have come
  double min_nudge_wait_days = 1;      ///< ... but never less than this after our message
  double nudge_backoff = 2;            ///< the wait is multiplied by this per earlier unanswered message in the run
  int max_nudges = 3;                  ///< this many unanswered in a row: give space
  double give_space_days = 90;         ///< re-engage this long after the last unanswered message (or parking)
  int respond_within_business_days = 1;  ///< they wrote last: answer by the end of this many business days after today
  int first_follow_up_min_business_days = 1, first_follow_up_max_business_days = 3;
  double cadence_early = 0.75;         ///< earliest maintenance touch: this share of the usual gap after the last contact
  double cadence_late = 2;             ///< latest is at most this many usual gaps after the last contact
  double committed_cadence_multiple = 2;  ///< committed: the usual gap times this (slower nurture)
  double explicit_window_days = 7;     ///< window after an explicit "reach out on/after" date
  double revival_window_days = 14;     ///< window of a re-engagement
  double min_window_days = 2;          ///< a soft window is never narrower than this (calendar days)
  bool stretch_to_fit = true;          ///< soft window with no open time: extend to the next business day (else no_window)
  double search_days = 400;            ///< how far ahead an opening is searched for
  int best_search_days = 7;            ///< best: the first days of the window searched hour by hour
  /// MBG/NBD population parameters for "probability still active" (rates per day).
  double active_r = 0.5, active_alpha = 20, active_a = 0.5, active_b = 3;

  result<void> validate() const {
    auto bad = [](const char* n, const char* why) { return fail(errc::invalid_argument, std::string("recommend option ") + n + " " + why); };
    if (!(reply_quantile > 0 && reply_quantile < 1)) return bad("reply_quantile", "must be in (0, 1)");
    const std::pair<const char*, double> positive[] = {
        {"min_nudge_wait_days", min_nudge_wait_days}, {"give_space_days", give_space_days}, {"cadence_early", cadence_early},
        {"cadence_late", cadence_late}, {"committed_cadence_multiple", committed_cadence_multiple},
        {"explicit_window_days", explicit_window_days}, {"revival_window_days", revival_window_days},
        {"min_window_days", min_window_days}, {"search_days", search_days}, {"active_r", active_r},
        {"active_alpha", active_alpha}, {"active_a", active_a}, {"active_b", active_b}};
    for (const auto& [n, v] : positive)
      if (!std::isfinite(v) || v <= 0) return bad(n, "must be finite and > 0");
    if (!std::isfinite(nudge_backoff) || nudge_backoff < 1) return bad("nudge_backoff", "must be finite and >= 1");
    if (max_nudges < 1 || max_nudges > 20) return bad("max_nudges", "must be 1-20");
    if (respond_within_business_days < 0 || respond_within_business_days > 30) return bad("respond_within_business_days", "must be 0-30");
    if (first_follow_up_min_business_days < 0 || first_follow_up_max_business_days < first_follow_up_min_business_days ||
        first_follow_up_max_business_days > 60)
      return bad("first_follow_up_*_business_days", "must satisfy 0 <= min <= max <= 60");
    if (cadence_late <= cadence_early) return bad("cadence_late", "must be greater than cadence_early");
    if (search_days > 3650) return bad("search_days", "must be at most 3650");
    // Upper bounds keep every date the rules compute inside the valid time range.
    const std::pair<const char*, double> at_most_ten_years[] = {
        {"min_nudge_wait_days", min_nudge_wait_days}, {"give_space_days", give_space_days},
        {"explicit_window_days", explicit_window_days}, {"revival_window_days", revival_window_days},
        {"min_window_days", min_window_days}};
    for (const auto& [n, v] : at_most_ten_years)
      if (v > 3650) return bad(n, "must be at most 3650 days");
    if (cadence_late > 100 || committed_cadence_multiple > 100) return bad("cadence_late / committed_cadence_multiple", "must be at most 100");
    if (nudge_backoff > 10) return bad("nudge_backoff", "must be at most 10");
    if (best_search_days < 1 || best_search_days > 60) return bad("best_search_days", "must be 1-60");
    return {};
  }
};

/// Which rules fired, as bits of `follow_up_window::why`; `explain` turns them into words.
enum class why_code : std::uint32_t {
  their_turn = 1u << 0, first_meeting = 1u << 1, awaiting_reply = 1u << 2, backed_off = 1u << 3,
  nudge_cap = 1u << 4, cadence = 1u << 5, committed_nurture = 1u << 6, dormant = 1u << 7, parked = 1u << 8,
  explicit_date = 1u << 9, paused = 1u << 10, moved = 1u << 11, warmth_limit = 1u << 12, cadence_limit = 1u << 13,
  stretched = 1u << 14, overdue = 1u << 15, deadline = 1u << 16, best_slot = 1u << 17, preferred = 1u << 18,
  preferred_unavailable = 1u << 19, squeezed = 1u << 20, momentum = 1u << 21,
};
constexpr std::uint32_t bit(why_code c) noexcept { return static_cast<std::uint32_t>(c); }

/// The window as numbers: no heap, so a batch can fill millions of them.
struct follow_up_window {
  action what = action::wait_until;
  rapport::stage stage = stage::new_contact;
  timestamp earliest, best, latest;  ///< open instants, earliest <= best <= latest (with no_window: all = next_opening, or 0 when none)
  timestamp next_opening;            ///< no_window: the first open instant after the window's start (0 when none within search_days)
  double reply_chance = 0;           ///< predicted chance (0-1) they answer an outreach at `best`; a ranking heuristic, see docs
  double warmth = 0;                 ///< 0-100 at now
  double warmth_floor = 0;           ///< latest keeps warmth at or above this
  double p_active = 1;               ///< probability the tie is still active (MBG/NBD)
  double wait_seconds = 0;           ///< awaiting reply: the wait after our last message; cadence: the gap used
  timestamp anchor;                  ///< the interaction the rule counts from (last one), or now
  timestamp natural_earliest, natural_latest;  ///< before the calendar (after do-not-contact pauses)
  std::int64_t paused_seconds = 0;   ///< do-not-contact time skipped by the earliest delay
  std::uint32_t why = 0;             ///< `why_code` bits
  std::uint32_t unanswered = 0;
  closed_reason earliest_moved_by = closed_reason::open;  ///< what pushed earliest past its natural time
};

namespace detail {
inline bool is_set(std::uint32_t bits, why_code c) noexcept { return (bits & bit(c)) != 0; }

/// `anchor` plus `seconds` of time outside the periods (do-not-contact time does not count).
inline timestamp add_contactable(timestamp anchor, std::int64_t seconds, const period* p, std::size_t n) noexcept {
  timestamp t = anchor;
  std::int64_t rem = seconds < 0 ? 0 : seconds;
  for (std::size_t guard = 0; guard < 4 * n + 4; ++guard) {
    for (bool moved = true; moved;) {
      moved = false;
      for (std::size_t i = 0; i < n; ++i)
        if (p[i].contains(t)) { t = p[i].until; moved = true; }
    }
    std::int64_t next = INT64_MAX;
    for (std::size_t i = 0; i < n; ++i)
      if (p[i].from > t && p[i].from.seconds < next) next = p[i].from.seconds;
    if (t.seconds + rem <= next) return {t.seconds + rem};
    rem -= next - t.seconds;
    t = {next};
  }
  return {t.seconds + rem};
}

/// Warmth (0-100) of `s` (seen at `at`) at the later instant `t`: the sums decay, nothing happens.
/// A network context, if any, is held as it is.
inline double warmth_later(const snapshot& s, timestamp at, timestamp t, const model& m,
                           const network_context* context = nullptr) noexcept {
  snapshot u = s;
  const double dt = static_cast<double>(t.seconds - at.seconds);
  const double fs = std::exp2(-dt * m.inv_half_life_short_s()), fl = std::exp2(-dt * m.inv_half_life_long_s());
  u.in_short *= fs; u.out_short *= fs; u.in_long *= fl; u.out_long *= fl;
  return score_of(u, t.seconds, m.params(), context);
}

/// The first instant after `now` where warmth falls below `floor`, searched up to `limit`; nullopt
/// if it stays above. Silence only lowers warmth (model.hpp's sign rules), so bisection is exact.
inline std::optional<timestamp> warmth_crossing(const snapshot& s, timestamp now, double floor, timestamp limit,
                                                const model& m, const network_context* context = nullptr) noexcept {
  std::int64_t lo = now.seconds, step = seconds_per_day, hi = -1;
  while (lo < limit.seconds) {
    const std::int64_t t = std::min(lo + step, limit.seconds);
    if (warmth_later(s, now, {t}, m, context) < floor) { hi = t; break; }
    lo = t;
    step *= 2;
  }
  if (hi < 0) return std::nullopt;
  while (hi - lo > 1800) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    if (warmth_later(s, now, {mid}, m, context) < floor) hi = mid; else lo = mid;
  }
  return timestamp{lo};
}

}  // namespace detail


/// Probability that the tie is still "alive" (MBG/NBD, Batislam et al. 2007): conversations are a
/// Poisson process whose rate varies across pairs as Gamma(r, alpha), and after each conversation
/// (and at the start) the pair drops out with a probability that varies as Beta(a, b). Given x repeat
/// conversations, the last at t_x days after the first, and T days observed:
///   P(alive) = 1 / (1 + a / (b + x) * ((alpha + T) / (alpha + t_x))^(r + x)).
[[nodiscard]] inline double probability_active(const snapshot& s, timestamp now, const recommend_options& o) noexcept {
  const double x = s.conversations > 0 ? s.conversations - 1.0 : 0.0;
  const double tx = static_cast<double>(s.last - s.first) / seconds_per_day;
  const double T = static_cast<double>(now.seconds - s.first) / seconds_per_day;
  const double ratio = std::log((o.active_alpha + T) / (o.active_alpha + tx));
  const double odds = std::log(o.active_a / (o.active_b + x)) + (o.active_r + x) * ratio;
  return odds > 700 ? 0.0 : 1.0 / (1.0 + std::exp(odds));
}

/// The window for one contact from its tallies at `now`. Preconditions (checked by `recommend` and
/// `recommend_batch`): `c` and `o` validated, `now` >= s.last. No allocation, no exception.
[[nodiscard]] inline follow_up_window plan_follow_up(const snapshot& s, timestamp now, const contact_constraints& c, const model& m,
                                       const recommend_options& o, const network_context* context = nullptr) noexcept {
  const model_params& p = m.params();
  follow_up_window w;
  const availability a{c.zone, c.cal, c.quiet, c.do_not_contact.data(), c.do_not_contact.size()};
  const period* dnc = c.do_not_contact.data();
  const std::size_t ndnc = c.do_not_contact.size();
  const calendar& cal = a.days();
  auto start_of = [&](date d) { return a.instant(d, 0); };
  auto end_of = [&](date d) { return timestamp{a.instant(d + 1, 0).seconds - 60}; };
  // Saturates: validated options keep every delay within ten years, but a back-off can still grow.
  auto days = [](double d) { return static_cast<std::int64_t>(std::min(d, 36500.0) * seconds_per_day); };
  const timestamp last{s.last};
  const timestamp horizon{now.seconds + days(o.search_days)};  // how far warmth is followed

  w.warmth = score_of(s, now.seconds, p, context);
  w.stage = stage_of(s, now.seconds, p);
  if (c.override_stage == stage_override::committed) w.stage = stage::committed;
  if (c.override_stage == stage_override::parked) w.stage = stage::dormant;
  w.p_active = probability_active(s, now, o);
  w.unanswered = s.unanswered;
  const double gap = typical_gap_seconds(s, p);
  const band level = p.band_of(w.warmth);
  // "Before the connection cools": a warm or hot tie must stay warm, a cooling one must not go
  // cold, a cold one must not lose half of what is left.
  w.warmth_floor = level == band::hot || level == band::warm ? p.band_warm
                   : level == band::cooling ? p.band_cooling : w.warmth / 2;

  bool soft = true;  // a soft latest may be stretched to fit; an explicit deadline may not
  timestamp anchor = last, ne = now, nl = now;
  // Their message waits for an answer only while an answer would still count as one (the reply
  // window); an inbound message months old is history, and the pair's rhythm decides instead.
  const bool their_turn = s.has_inbound && s.last_inbound == s.last && s.unanswered == 0 &&
                          static_cast<double>(now.seconds - s.last_inbound) <= p.reply_window_days * seconds_per_day;

  if (c.reach_out_after && *c.reach_out_after > last) {
    w.why |= bit(why_code::explicit_date);
    anchor = now;
    ne = std::max(now, *c.reach_out_after);
    nl = {ne.seconds + days(o.explicit_window_days)};
  } else if (c.override_stage == stage_override::parked || w.stage == stage::dormant) {
    w.why |= bit(c.override_stage == stage_override::parked ? why_code::parked : why_code::dormant);
    w.what = action::re_engage_on;
    // After our own unanswered attempts (or when parked), rest first; otherwise revive now, while
    // the tie is as likely to be active as it will ever be again (p_active only falls with silence).
    const bool rest = c.override_stage == stage_override::parked || s.unanswered > 0;
    anchor = rest ? last : now;
    ne = rest ? timestamp{last.seconds + days(o.give_space_days)} : now;
    nl = {std::max(ne, now).seconds + days(o.revival_window_days)};
  } else if (their_turn) {
    w.why |= bit(why_code::their_turn);
    anchor = now;
    ne = now;
    nl = end_of(cal.add_business_days(a.local(now).day, o.respond_within_business_days));
  } else if (s.unanswered > 0) {
    w.unanswered = s.unanswered;
    if (s.unanswered >= static_cast<std::uint32_t>(o.max_nudges)) {
      w.why |= bit(why_code::nudge_cap);
      w.what = action::give_space;
      ne = timestamp{last.seconds + days(o.give_space_days)};
      nl = {ne.seconds + days(o.revival_window_days)};
    } else {
      w.why |= bit(why_code::awaiting_reply);
      double wait = reply_latency_quantile(s, p, o.reply_quantile);
      wait = std::clamp(wait, o.min_nudge_wait_days * seconds_per_day, p.reply_window_days * seconds_per_day);
      if (s.unanswered > 1) {
        w.why |= bit(why_code::backed_off);
        wait *= std::pow(o.nudge_backoff, static_cast<double>(s.unanswered - 1));
      }
      wait = std::min(wait, o.search_days * seconds_per_day);  // a long back-off never overflows a date
      w.wait_seconds = wait;
      ne = {last.seconds + static_cast<std::int64_t>(wait)};
      nl = {ne.seconds + std::max(static_cast<std::int64_t>(wait), days(o.min_window_days))};
    }
  } else if (w.stage == stage::new_contact) {
    w.why |= bit(why_code::first_meeting);
    const date met = a.local(last).day;
    ne = start_of(cal.add_business_days(met + 1, o.first_follow_up_min_business_days - 1));
    if (o.first_follow_up_min_business_days == 0) ne = last;
    nl = end_of(cal.add_business_days(met + 1, o.first_follow_up_max_business_days - 1));
    if (o.first_follow_up_max_business_days == 0) nl = end_of(met);
  } else {
    // ice broken, established, committed: the pair's own rhythm.
    double cadence = gap;
    if (w.stage == stage::committed) {
      w.why |= bit(why_code::committed_nurture);
      cadence *= o.committed_cadence_multiple;
    } else {
      w.why |= bit(w.stage == stage::ice_broken ? why_code::momentum : why_code::cadence);
    }
    w.wait_seconds = cadence;
    ne = {last.seconds + static_cast<std::int64_t>(o.cadence_early * cadence)};
    const timestamp cap{last.seconds + static_cast<std::int64_t>(o.cadence_late * cadence)};
    const auto cross = detail::warmth_crossing(s, now, w.warmth_floor, std::min(cap, horizon), m, context);
    if (cross && *cross < cap) {
      w.why |= bit(why_code::warmth_limit);
      nl = detail::add_contactable(now, cross->seconds - now.seconds, dnc, ndnc);
      // Warmth would leave its band before the rhythm's window: open the window earlier instead.
      if (nl.seconds - ne.seconds < days(o.min_window_days)) ne = std::max(now, timestamp{nl.seconds - days(o.min_window_days)});
    } else {
      w.why |= bit(why_code::cadence_limit);
      nl = detail::add_contactable(last, cap.seconds - last.seconds, dnc, ndnc);
    }
  }

  // Do-not-contact time does not count: the delays run on contactable time from the anchor.
  if (!(w.why & bit(why_code::warmth_limit)) && !(w.why & bit(why_code::cadence_limit))) {
    const timestamp nl_paused = detail::add_contactable(anchor, nl.seconds - anchor.seconds, dnc, ndnc);
    nl = nl_paused;
  }
  const timestamp ne_paused = detail::add_contactable(anchor, ne.seconds - anchor.seconds, dnc, ndnc);
  w.paused_seconds = ne_paused.seconds - ne.seconds;
  if (w.paused_seconds > 0) w.why |= bit(why_code::paused);
  ne = ne_paused;
  w.anchor = anchor;

  // Overdue: the natural window is behind us. Answer from the first contactable moment, by the end
  // of the next business day after it.
  if (nl < now) {
    w.why = (w.why | bit(why_code::overdue)) & ~(bit(why_code::warmth_limit) | bit(why_code::cadence_limit));
    ne = detail::add_contactable(now, 0, dnc, ndnc);
    if (ne > now) {
      w.why |= bit(why_code::paused);
      w.paused_seconds = ne.seconds - now.seconds;
    }
    nl = end_of(cal.add_business_days(a.local(ne).day, 1));
  }
  if (w.what == action::give_space && ne <= now) w.what = action::re_engage_on;  // the rest is over
  if (ne < now) ne = now;
  if (ne > now) {  // a later start reads better on the hour (09:00, not 08:48); "now" is never delayed
    const std::int32_t into_hour = a.local(ne).second_of_day % 3600;
    if (into_hour != 0) ne = {ne.seconds + 3600 - into_hour};
  }
  // Windows counted in business days (answer soon, first follow-up) keep their own width.
  const bool business_day_rule = (w.why & (bit(why_code::their_turn) | bit(why_code::first_meeting) | bit(why_code::overdue))) != 0;
  if (!business_day_rule && nl.seconds < ne.seconds + days(o.min_window_days)) nl = {ne.seconds + days(o.min_window_days)};
  if (business_day_rule && w.paused_seconds > 0 && !(w.why & bit(why_code::overdue))) {
    // Moved past a do-not-contact period: keep the rule's width in business days from where it now starts.
    const int width = (w.why & bit(why_code::their_turn)) ? o.respond_within_business_days
                                                          : o.first_follow_up_max_business_days - o.first_follow_up_min_business_days;
    nl = std::max(nl, end_of(cal.add_business_days(a.local(ne).day, width)));
  }
  if (c.reach_out_before && *c.reach_out_before < nl) {
    w.why |= bit(why_code::deadline);
    nl = {c.reach_out_before->seconds - 1};
    soft = false;
  }
  if (nl.seconds - ne.seconds > 3600) {  // on the hour too (10:00, not 10:03); only ever earlier
    const std::int32_t into_hour = a.local(nl).second_of_day % 3600;
    nl = {nl.seconds - into_hour};
  }
  if (nl > timestamp::max()) nl = timestamp::max();
  w.natural_earliest = ne;
  w.natural_latest = nl;

  // Onto the calendar.
  const timestamp search_end = std::min(timestamp{ne.seconds + days(o.search_days)}, timestamp::max());
  const auto e = ne <= search_end ? next_open(a, ne, search_end) : std::nullopt;
  auto no_window = [&](std::optional<timestamp> next) {
    w.what = action::no_window;
    w.why |= bit(why_code::squeezed);
    w.next_opening = next.value_or(timestamp{0});
    w.earliest = w.best = w.latest = w.next_opening;
    w.reply_chance = 0;
    return w;
  };
  if (!e) return no_window(std::nullopt);
  if (*e > ne && why_closed(a, ne) != closed_reason::open) {
    w.why |= bit(why_code::moved);
    w.earliest_moved_by = why_closed(a, ne);
  }
  std::optional<timestamp> l = *e <= nl ? prev_open(a, nl, *e) : std::nullopt;
  if (!l || l->seconds - e->seconds < 3600) {
    if (!soft || !o.stretch_to_fit) {
      if (!l) return no_window(e);
    } else {
      w.why |= bit(why_code::stretched);
      nl = std::max(nl, end_of(cal.add_business_days(a.local(*e).day, 1)));
      if (c.reach_out_before && nl >= *c.reach_out_before) {  // never past the contact's deadline
        nl = {c.reach_out_before->seconds - 1};
        w.why |= bit(why_code::deadline);
      }
      l = *e <= nl ? prev_open(a, nl, *e) : std::nullopt;
      if (!l) return no_window(e);
    }
  }
  w.earliest = *e;
  w.latest = *l;

  // Best: the open hour with the highest predicted reply chance in the first days of the window.
  const week_profile& prof = c.profile ? *c.profile : week_profile::population();
  double base = (s.answered + 1.0) / (s.outreach + 2.0);
  if (s.unanswered > 0) base *= std::pow(0.7, static_cast<double>(std::min<std::uint32_t>(s.unanswered, 20)));
  if (w.stage == stage::dormant) base *= w.p_active;
  const bool has_pref = !c.preferred_days.empty() || c.preferred_hours != 0;
  auto preferred = [&](const local_time& lt) {
    return (c.preferred_days.empty() || c.preferred_days.contains(lt.wday())) &&
           (c.preferred_hours == 0 || ((c.preferred_hours >> lt.hour()) & 1u));
  };
  const double peak_lift = std::max(prof.lift(prof.peak()), 1e-12);
  const std::int64_t scan_end = std::min(w.latest.seconds, w.earliest.seconds + days(o.best_search_days));
  double best_score = -1;
  bool best_pref = false;
  timestamp best = w.earliest;
  std::int32_t decay_day = INT32_MIN;
  double decay = 1;
  std::int64_t t = w.earliest.seconds;
  for (int guard = 0; t <= scan_end && guard < 24 * 62; ++guard) {
    local_time lt;
    const auto open = next_open(a, timestamp{t}, timestamp{scan_end}, &lt);  // jumps over closed days and hours at once
    if (!open) break;
    const timestamp ts = *open;
    if (lt.day.days != decay_day) {
      decay_day = lt.day.days;
      decay = w.warmth > 0 ? std::min(1.0, detail::warmth_later(s, now, std::max(ts, now), m, context) / w.warmth) : 1.0;
    }
    const std::size_t slot = static_cast<std::size_t>(lt.wday()) * 24 + static_cast<std::size_t>(lt.hour());
    const double score = base * (0.5 + 0.5 * prof.lift(slot) / peak_lift) * decay;  // their response rate at their peak hour, half of it at their quietest
    const bool pref = has_pref && preferred(lt);
    if ((pref && !best_pref) || (pref == best_pref && score > best_score + 1e-12)) {
      best_score = score;
      best_pref = pref;
      best = ts;
    }
    t = ts.seconds + (3600 - lt.second_of_day % 3600);  // the next whole hour on their clock
  }
  w.best = best;
  w.reply_chance = std::min(0.95, std::max(0.0, best_score));
  w.why |= bit(why_code::best_slot);
  if (has_pref) w.why |= bit(best_pref ? why_code::preferred : why_code::preferred_unavailable);

  if (w.what != action::give_space && w.what != action::re_engage_on)
    w.what = w.earliest.seconds <= now.seconds + 59 ? action::reach_out_now : action::wait_until;
  return w;
}

/// A window with its times in the contact's local time and its reasons in words.
struct recommendation {
  follow_up_window window;
  std::string earliest_local, best_local, latest_local, next_opening_local;
  std::vector<std::string> reasons;
};

namespace detail {
inline std::string local_text(timestamp t, const contact_constraints& c) {
  static const time_zone utc_zone = time_zone::utc();
  return format_local(t, c.zone ? *c.zone : utc_zone);
}
inline std::string day_span(double seconds) {
  const double d = seconds / seconds_per_day;
  char buf[64];
  if (d < 1.5) std::snprintf(buf, sizeof buf, "%.0f hours", seconds / 3600);
  else if (d < 60) std::snprintf(buf, sizeof buf, "%.0f days", d);
  else std::snprintf(buf, sizeof buf, "%.0f months", d / 30.44);
  return buf;
}
inline const char* ordinal(std::uint32_t n) noexcept {
  switch (n) { case 1: return "1st"; case 2: return "2nd"; case 3: return "3rd"; default: return "nth"; }
}
}  // namespace detail

/// The reasons of a window in plain words, most important first. Allocates; call it only for the
/// windows a person will read. Pass the constraints and options the window was planned with.
[[nodiscard]] inline std::vector<std::string> explain(const follow_up_window& w, const contact_constraints& c, timestamp now,
                                        const recommend_options& o = {}) {
  using detail::is_set;
  std::vector<std::string> out;
  const auto local = [&](timestamp t) { return detail::local_text(t, c); };
  const std::uint32_t b = w.why;
  const double since = static_cast<double>(now.seconds - w.anchor.seconds);
  char buf[256];
  if (is_set(b, why_code::explicit_date))  // the constraints may not be the window's own: never read an empty date
    out.push_back(c.reach_out_after ? "they asked to be contacted on or after " + local(*c.reach_out_after) + ": that date wins over the usual rules"
                                    : std::string("they asked to be contacted on or after a date: that date wins over the usual rules"));
  if (is_set(b, why_code::parked))
    out.push_back("you parked this connection: give it " + detail::day_span(o.give_space_days * seconds_per_day) +
                  " of space after the last contact, then re-engage");
  if (is_set(b, why_code::dormant)) {
    if (w.p_active < 0.005)
      std::snprintf(buf, sizeof buf, "dormant: silent far beyond your usual rhythm; re-engage rather than follow up (under 1%% likely the connection is still active)");
    else
      std::snprintf(buf, sizeof buf, "dormant: silent far beyond your usual rhythm; re-engage rather than follow up (%.0f%% likely the connection is still active)",
                    100 * w.p_active);
    out.push_back(buf);
  }
  if (is_set(b, why_code::their_turn)) {
    const int n = o.respond_within_business_days;
    out.push_back(std::string("they wrote last: the ball is in your court, answer by the end of ") +
                  (n == 0 ? "their business day" : n == 1 ? "the next business day" : std::to_string(n) + " business days"));
  }
  if (is_set(b, why_code::nudge_cap))
    out.push_back(std::to_string(w.unanswered) + " messages in a row without an answer: stop chasing and give them space; try again after " +
                  detail::day_span(o.give_space_days * seconds_per_day));
  if (is_set(b, why_code::awaiting_reply)) {
    std::snprintf(buf, sizeof buf, "your message is unanswered: wait until a spontaneous reply has become unlikely (%.0f%% of their replies would have come by then)",
                  100 * o.reply_quantile);
    out.push_back(std::string(buf) + ", " + detail::day_span(w.wait_seconds) + " after it");
  }
  if (is_set(b, why_code::backed_off)) {
    std::snprintf(buf, sizeof buf, "this would be your %s message in a row without an answer: the wait grows x%.0f per unanswered nudge",
                  detail::ordinal(w.unanswered + 1), o.nudge_backoff);
    out.push_back(buf);
  }
  if (is_set(b, why_code::first_meeting)) {
    std::snprintf(buf, sizeof buf, "you met and have not exchanged since: follow up %d to %d business days after meeting, while the first impression is fresh",
                  o.first_follow_up_min_business_days, o.first_follow_up_max_business_days);
    out.push_back(buf);
  }
  if (is_set(b, why_code::cadence))
    out.push_back("established: you are usually in touch every " + detail::day_span(w.wait_seconds) + "; keep that rhythm");
  if (is_set(b, why_code::momentum))
    out.push_back("the ice is broken: keep the momentum at your usual pace of " + detail::day_span(w.wait_seconds));
  if (is_set(b, why_code::committed_nurture))
    out.push_back("committed: a slower nurture cadence, about every " + detail::day_span(w.wait_seconds));
  if (is_set(b, why_code::paused))
    out.push_back("time in a do-not-contact period does not count: the window moved by " + detail::day_span(static_cast<double>(w.paused_seconds)));
  if (is_set(b, why_code::overdue))
    out.push_back("the usual window has already passed (last contact " + detail::day_span(since) + " ago): reach out as soon as you can");
  if (is_set(b, why_code::moved)) {
    std::string why = to_string(w.earliest_moved_by);
    if (w.earliest_moved_by == closed_reason::holiday) {
      availability a{c.zone, c.cal, c.quiet, nullptr, 0};
      const auto name = a.days().holiday_name(a.local(w.natural_earliest).day);
      if (!name.empty()) why += " (" + std::string(name) + ")";
    }
    out.push_back("earliest moved past " + why + " to " + local(w.earliest));
  }
  if (w.what != action::no_window) {
    // Holidays between the anchor and latest: they are why the window is where it is.
    availability a{c.zone, c.cal, c.quiet, nullptr, 0};
    const bool business_day_rule = (b & (bit(why_code::their_turn) | bit(why_code::first_meeting))) != 0;
    date from = business_day_rule ? a.local(w.anchor).day + 1 : a.local(w.natural_earliest).day;
    if (w.earliest_moved_by == closed_reason::holiday && from == a.local(w.natural_earliest).day) from = from + 1;  // named above
    const date to = a.local(w.latest).day;
    std::string list;
    int count = 0;
    for (date d = from; d <= to && d.days - from.days < 60 && count < 3; d = d + 1) {
      const auto name = a.days().holiday_name(d);
      if (name.empty()) continue;
      list += (count++ ? ", " : "") + std::string(name) + " (" + to_string(weekday_of(d)) + " " + format_date(d) + ")";
    }
    if (count > 0) out.push_back("skips their holiday" + std::string(count > 1 ? "s " : " ") + list);
  }
  if (is_set(b, why_code::warmth_limit)) {
    std::snprintf(buf, sizeof buf, "latest: before warmth (now %.0f) falls below %.0f", w.warmth, w.warmth_floor);
    out.push_back(buf);
  }
  if (is_set(b, why_code::cadence_limit))
    out.push_back("latest: within " + detail::day_span(o.cadence_late * w.wait_seconds) +
                  " of the last contact (twice the usual gap), not counting do-not-contact time");
  if (is_set(b, why_code::deadline))
    out.push_back(c.reach_out_before ? "hard deadline: before " + local(*c.reach_out_before) : std::string("hard deadline"));
  if (is_set(b, why_code::stretched)) out.push_back("the natural window had no open time: extended to the next business day");
  if (is_set(b, why_code::squeezed)) {
    if (w.next_opening.seconds > 0)
      out.push_back("no open time inside the window (weekends, holidays, quiet hours, do-not-contact): no window before " + local(w.next_opening));
    else
      out.push_back("no open time within " + detail::day_span(o.search_days * seconds_per_day) + " on this contact's calendar");
  }
  if (is_set(b, why_code::best_slot) && w.what != action::no_window) {
    const std::size_t slot = week_profile::slot_of(c.zone, w.best);
    const week_profile& prof = c.profile ? *c.profile : week_profile::population();
    std::snprintf(buf, sizeof buf, "best: %s %02zu:00 their time, the most active open hour in the window (%.1fx an average hour, %s); predicted reply chance %.0f%%",
                  to_string(static_cast<weekday>(slot / 24)), slot % 24, prof.lift(slot),
                  c.profile && c.profile->samples() > 0 ? "from their own messages" : "typical office hours: no messages of theirs yet",
                  100 * w.reply_chance);
    out.push_back(buf);
  }
  if (is_set(b, why_code::preferred)) out.push_back("within their preferred days and hours");
  if (is_set(b, why_code::preferred_unavailable)) out.push_back("none of their preferred days or hours is open in the window");
  return out;
}

namespace detail {
inline result<recommendation> render(const follow_up_window& w, const contact_constraints& c, timestamp now,
                                     const recommend_options& o) {
  recommendation r;
  r.window = w;
  if (w.what != action::no_window || w.next_opening.seconds > 0) {
    r.earliest_local = local_text(w.earliest, c);
    r.best_local = local_text(w.best, c);
    r.latest_local = local_text(w.latest, c);
  }
  if (w.what == action::no_window && w.next_opening.seconds > 0) r.next_opening_local = local_text(w.next_opening, c);
  r.reasons = explain(w, c, now, o);
  return r;
}
inline result<void> check_inputs(timestamp now, const contact_constraints& c, const recommend_options& o) {
  if (!now.ok()) return fail(errc::out_of_range, "recommend: now (" + std::to_string(now.seconds) + " s) is outside the valid time range");
  if (auto v = c.validate(); !v) return v;
  return o.validate();
}
}  // namespace detail

/// The recommendation for tallies `s` seen at `now`.
inline result<recommendation> recommend(const snapshot& s, timestamp now, const contact_constraints& c = {},
                                        const model& m = model::defaults(), const recommend_options& o = {}) {
  if (auto ok = detail::check_inputs(now, c, o); !ok) return std::move(ok).error();
  if (s.conversations == 0) return fail(errc::invalid_argument, "recommend: no interaction before now: there is no connection to follow up");
  if (now.seconds < s.last) return fail(errc::out_of_range, "recommend: now is before the last interaction " + format_utc({s.last}));
  return detail::render(plan_follow_up(s, now, c, m, o), c, now, o);
}

/// The recommendation for a history at `now` (interactions after `now` follow `score_options`).
inline result<recommendation> recommend(const history& h, timestamp now, const contact_constraints& c = {},
                                        const model& m = model::defaults(), const recommend_options& o = {},
                                        const score_options& so = {}) {
  if (auto ok = detail::check_inputs(now, c, o); !ok) return std::move(ok).error();
  if (so.context)
    if (auto ok = so.context->validate(); !ok) return std::move(ok).error();
  auto s = snapshot_of(h, now, m, so);
  if (!s) return std::move(s).error();
  return detail::render(plan_follow_up(*s, now, c, m, o, so.context), c, now, o);
}

/// The recommendation for an incremental state at `now` (>= its last interaction), with an
/// optional network context (as in `score`).
inline result<recommendation> recommend(const contact_state& st, timestamp now, const contact_constraints& c = {},
                                        const model& m = model::defaults(), const recommend_options& o = {},
                                        const network_context* context = nullptr) {
  if (auto ok = detail::check_inputs(now, c, o); !ok) return std::move(ok).error();
  if (context)
    if (auto ok = context->validate(); !ok) return std::move(ok).error();
  if (st.empty()) return fail(errc::invalid_argument, "recommend: the contact state is empty: there is no connection to follow up");
  if (now < st.last())
    return fail(errc::out_of_range, "recommend: now " + format_utc(now) + " is before the state's last interaction " + format_utc(st.last()));
  return detail::render(plan_follow_up(st.at(now, m), now, c, m, o, context), c, now, o);
}

}  // namespace v1
}  // namespace rapport
