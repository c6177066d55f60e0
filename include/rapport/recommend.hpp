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
/// - awaiting their reply: wait until a spontaneous reply has become unlikely (the reply model's
///   chance of an answer and their latency; at most its 80th percentile), doubled per unanswered
///   outreach; after 3 unanswered outreaches, give space;
/// - new (met, nothing exchanged yet): 1 to 3 business days after meeting;
/// - ice broken / established / committed: the pair's own rhythm; latest = before warmth leaves
///   its band. Committed relationships get a slower nurture cadence.
/// Best is the open hour with the highest predicted reply chance (<rapport/reply.hpp>). Quiet hours,
/// weekends, holidays, leave and the first-meeting wait are courtesy (`courtesy_rules`), each of
/// which can be turned off. Time inside a do-not-contact period does not count toward any of these delays. Earliest, best
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
#include <utility>
#include <vector>

#include <rapport/batch.hpp>
#include <rapport/calendar.hpp>
#include <rapport/history.hpp>
#include <rapport/model.hpp>
#include <rapport/reply.hpp>
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
/// shrunk toward the population's week (fitted on the shared logs by tools/fit_reply).
class week_profile {
 public:
  static constexpr std::size_t slots = 168;

  /// The prior: the population's week, the share of messages in each hour of the week on the
  /// writers' local clocks in the shared logs with a known zone (docs/REPLY.md; tools/fit_reply).
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
  /// log(lift(slot)), kept from construction (0 for a lift of 0): a scan over many hours of many
  /// contacts sharing one profile then needs no log per hour (`hour_lift_logit_of_log`).
  double log_lift(std::size_t slot) const noexcept { return slot < slots ? log_lift_[slot] : 0.0; }
  /// The least and the greatest `log_lift` of the 24 hours of weekday `wday` (Sunday = 0): a scan
  /// for the best hour skips a day that cannot beat the best found so far.
  std::pair<double, double> log_lift_range(std::size_t wday) const noexcept {
    return wday < 7 ? std::make_pair(day_log_lift_[wday][0], day_log_lift_[wday][1]) : std::make_pair(0.0, 0.0);
  }
  double samples() const noexcept { return samples_; }
  std::size_t peak() const noexcept { return peak_; }

 private:
  static week_profile make_population() {
    week_profile p;
    double s = 0;
    for (std::size_t i = 0; i < slots; ++i) s += p.w_[i] = detail::default_week_shares[i];
    for (double& v : p.w_) v /= s;
    p.refresh();
    return p;
  }
  void refresh() noexcept {
    peak_ = static_cast<std::size_t>(std::max_element(w_.begin(), w_.end()) - w_.begin());
    for (std::size_t i = 0; i < slots; ++i) log_lift_[i] = lift(i) > 0 ? std::log(lift(i)) : 0.0;
    for (std::size_t d = 0; d < 7; ++d) {
      const auto day = log_lift_.begin() + static_cast<std::ptrdiff_t>(d * 24);
      const auto [lo, hi] = std::minmax_element(day, day + 24);
      day_log_lift_[d] = {*lo, *hi};
    }
  }
  std::array<double, slots> w_{};
  std::array<double, slots> log_lift_{};
  std::array<std::array<double, 2>, 7> day_log_lift_{};  // per weekday: least and greatest log lift
  double samples_ = 0;
  std::size_t peak_ = 0;
};

/// The user's manners: rules that keep a follow-up polite, not predictions of an answer
/// (docs/RECOMMEND.md, "Courtesy and evidence", gives what the shared logs say about each). All on
/// by default; turning one off makes the planner ignore it, nothing else changes.
struct courtesy_rules {
  bool quiet_hours = true;         ///< off: the contact's quiet hours are open
  bool weekends = true;            ///< off: weekend days are open and count as business days
  bool holidays = true;            ///< off: holidays are open and count as business days
  bool leave = true;               ///< off: do-not-contact periods ("away until X") are ignored
  bool first_meeting_wait = true;  ///< off: after a first meeting, follow up at once (earliest = the meeting)
};

/// Everything about the contact that shapes the window. Pointers are borrowed (zones, calendars and
/// profiles are typically shared by many contacts) and must outlive the call.
struct contact_constraints {
  const time_zone* zone = nullptr;            ///< null: UTC
  const calendar* cal = nullptr;              ///< null: Saturday/Sunday off, no holidays
  quiet_hours quiet{};                        ///< local; default 20:00-08:00
  std::vector<period> do_not_contact;         ///< leave, "away until the 12th"; any order
  std::optional<timestamp> reach_out_after;   ///< "reach out on/after X": wins over the rules (if after the last interaction)
  std::optional<timestamp> reach_out_before;  ///< a hard deadline: the window never goes past it
  weekday_set preferred_days;                 ///< empty: no preference
  std::uint32_t preferred_hours = 0;          ///< bit h = local hour h preferred; 0: no preference
  stage_override override_stage = stage_override::none;
  const week_profile* profile = nullptr;  ///< null: `week_profile::population()`
  courtesy_rules courtesy{};              ///< which of the user's manners apply (all by default)

  /// Checks periods, quiet hours, hours mask and dates; the message names the bad item.
  result<void> validate() const {
    // A calendar is immutable and planning allocates nothing, so the planner cannot strip the
    // weekend from a calendar that has holidays (or the holidays from one with another weekend):
    // such a calendar is built once by the caller instead.
    const bool custom = cal != nullptr && cal != &calendar::weekdays_only();
    if (custom && !courtesy.weekends && courtesy.holidays)
      return fail(errc::invalid_argument,
                  "courtesy.weekends is off while holidays stay on with calendar \"" + cal->name() +
                      "\": build the calendar with an empty weekend (calendar_spec::weekend = {}) instead");
    if (custom && courtesy.weekends && !courtesy.holidays && !(cal->weekend() == calendar::weekdays_only().weekend()))
      return fail(errc::invalid_argument, "courtesy.holidays is off with calendar \"" + cal->name() +
                                              "\", whose weekend is not Saturday-Sunday: build it without holiday rules instead");
    if (auto q = quiet.validate(); !q) return q;
    if (auto p = validate_periods(do_not_contact.data(), do_not_contact.size()); !p) return p;
    if (preferred_hours >= (1u << 24)) return fail(errc::invalid_argument, "preferred_hours: only bits 0-23 (hours) may be set");
    if (reach_out_after && !reach_out_after->ok())
      return fail(errc::out_of_range, "reach_out_after is outside the valid time range");
    if (reach_out_before && !reach_out_before->ok())
      return fail(errc::out_of_range, "reach_out_before is outside the valid time range");
    if (reach_out_after && reach_out_before && *reach_out_before <= *reach_out_after)
      return fail(errc::invalid_argument, "reach_out_before (" + format_utc(*reach_out_before) +
                                              ") is not after reach_out_after (" + format_utc(*reach_out_after) + ")");
    return {};
  }
};

/// The rules' numbers. Defaults are documented in docs/RECOMMEND.md.
struct recommend_options {
  double reply_quantile = 0.8;           ///< awaiting a reply: wait at most until this share of their replies would have come
  double nudge_below_chance = 0.5;       ///< awaiting a reply: nudge once an answer still to come is less likely than this
  double min_nudge_wait_days = 1;        ///< ... but never less than this after our message
  double nudge_backoff = 2;              ///< the wait is multiplied by this per earlier unanswered outreach in the run
  int max_nudges = 3;                    ///< this many unanswered in a row: give space
  double give_space_days = 90;           ///< re-engage this long after the last unanswered outreach (or parking)
  int respond_within_business_days = 1;  ///< they wrote last: answer by the end of this many business days after today
  int first_follow_up_min_business_days = 1, first_follow_up_max_business_days = 3;
  double cadence_early = 0.75;            ///< earliest maintenance touch: this share of the usual gap after the last contact
  double cadence_late = 2;                ///< latest is at most this many usual gaps after the last contact
  double committed_cadence_multiple = 2;  ///< committed: the usual gap times this (slower nurture)
  double explicit_window_days = 7;        ///< window after an explicit "reach out on/after" date
  double revival_window_days = 14;        ///< window of a re-engagement
  double min_window_days = 2;             ///< a soft window is never narrower than this (calendar days)
  bool stretch_to_fit = true;             ///< soft window with no open time: extend to the next business day (else no_window)
  double search_days = 400;               ///< how far ahead an opening is searched for
  int best_search_days = 7;               ///< best: the first days of the window searched hour by hour
  /// MBG/NBD population parameters for "probability still active" (rates per day).
  double active_r = 0.5, active_alpha = 20, active_a = 0.5, active_b = 3;
  /// The reply model that predicts `reply_chance` and picks the best hour (borrowed; null: the shipped
  /// `default_reply_params()`, or a CRM's own from `recalibrate`, see <rapport/reply.hpp>).
  const reply_params* reply = nullptr;

  result<void> validate() const {
    auto bad = [](const char* n, const char* why) {
      return fail(errc::invalid_argument, std::string("recommend option ") + n + " " + why);
    };
    if (!(reply_quantile > 0 && reply_quantile < 1)) return bad("reply_quantile", "must be in (0, 1)");
    if (!(nudge_below_chance > 0 && nudge_below_chance < 1)) return bad("nudge_below_chance", "must be in (0, 1)");
    const std::pair<const char*, double> positive[] = {{"min_nudge_wait_days", min_nudge_wait_days},
                                                       {"give_space_days", give_space_days},
                                                       {"cadence_early", cadence_early},
                                                       {"cadence_late", cadence_late},
                                                       {"committed_cadence_multiple", committed_cadence_multiple},
                                                       {"explicit_window_days", explicit_window_days},
                                                       {"revival_window_days", revival_window_days},
                                                       {"min_window_days", min_window_days},
                                                       {"search_days", search_days},
                                                       {"active_r", active_r},
                                                       {"active_alpha", active_alpha},
                                                       {"active_a", active_a},
                                                       {"active_b", active_b}};
    for (const auto& [n, v] : positive)
      if (!std::isfinite(v) || v <= 0) return bad(n, "must be finite and > 0");
    if (!std::isfinite(nudge_backoff) || nudge_backoff < 1) return bad("nudge_backoff", "must be finite and >= 1");
    if (max_nudges < 1 || max_nudges > 20) return bad("max_nudges", "must be 1-20");
    if (respond_within_business_days < 0 || respond_within_business_days > 30)
      return bad("respond_within_business_days", "must be 0-30");
    if (first_follow_up_min_business_days < 0 || first_follow_up_max_business_days < first_follow_up_min_business_days ||
        first_follow_up_max_business_days > 60)
      return bad("first_follow_up_*_business_days", "must satisfy 0 <= min <= max <= 60");
    if (cadence_late <= cadence_early) return bad("cadence_late", "must be greater than cadence_early");
    if (search_days > 3650) return bad("search_days", "must be at most 3650");
    // Upper bounds keep every date the rules compute inside the valid time range.
    const std::pair<const char*, double> at_most_ten_years[] = {{"min_nudge_wait_days", min_nudge_wait_days},
                                                                {"give_space_days", give_space_days},
                                                                {"explicit_window_days", explicit_window_days},
                                                                {"revival_window_days", revival_window_days},
                                                                {"min_window_days", min_window_days}};
    for (const auto& [n, v] : at_most_ten_years)
      if (v > 3650) return bad(n, "must be at most 3650 days");
    if (cadence_late > 100 || committed_cadence_multiple > 100)
      return bad("cadence_late / committed_cadence_multiple", "must be at most 100");
    if (nudge_backoff > 10) return bad("nudge_backoff", "must be at most 10");
    if (best_search_days < 1 || best_search_days > 60) return bad("best_search_days", "must be 1-60");
    if (reply)
      if (auto ok = reply->validate(); !ok) return fail(errc::invalid_argument, "recommend option reply: " + ok.error().message);
    return {};
  }
};

/// Which rules fired, as bits of `follow_up_window::why`; `explain` turns them into words.
enum class why_code : std::uint32_t {
  their_turn = 1u << 0,
  first_meeting = 1u << 1,
  awaiting_reply = 1u << 2,
  backed_off = 1u << 3,
  nudge_cap = 1u << 4,
  cadence = 1u << 5,
  committed_nurture = 1u << 6,
  dormant = 1u << 7,
  parked = 1u << 8,
  explicit_date = 1u << 9,
  paused = 1u << 10,
  moved = 1u << 11,
  warmth_limit = 1u << 12,
  cadence_limit = 1u << 13,
  stretched = 1u << 14,
  overdue = 1u << 15,
  deadline = 1u << 16,
  best_slot = 1u << 17,
  preferred = 1u << 18,
  preferred_unavailable = 1u << 19,
  squeezed = 1u << 20,
  momentum = 1u << 21,
};
constexpr std::uint32_t bit(why_code c) noexcept { return static_cast<std::uint32_t>(c); }

/// The window as numbers: no heap, so a batch can fill millions of them.
struct follow_up_window {
  action what = action::wait_until;
  rapport::stage stage = stage::new_contact;
  timestamp earliest, best,
      latest;               ///< open instants, earliest <= best <= latest (with no_window: all = next_opening, or 0 when none)
  timestamp next_opening;   ///< no_window: the first open instant after the window's start (0 when none within search_days)
  double reply_chance = 0;  ///< the reply model's chance (0-1) that an outreach at `best` is answered within the reply window
  double warmth = 0;        ///< 0-100 at now
  double warmth_floor = 0;  ///< latest keeps warmth at or above this
  double p_active = 1;      ///< probability the tie is still active (MBG/NBD)
  double wait_seconds = 0;  ///< awaiting reply: the wait after our last message; cadence: the gap used
  timestamp anchor;         ///< the interaction the rule counts from (last one), or now
  timestamp natural_earliest, natural_latest;  ///< before the calendar (after do-not-contact pauses)
  std::int64_t paused_seconds = 0;             ///< do-not-contact time skipped by the earliest delay
  std::uint32_t why = 0;                       ///< `why_code` bits
  std::uint32_t unanswered = 0;
  closed_reason earliest_moved_by = closed_reason::open;  ///< what pushed earliest past its natural time
};

namespace detail {
inline bool is_set(std::uint32_t bits, why_code c) noexcept { return (bits & bit(c)) != 0; }

/// Warmth (0-100) of `s` (seen at `at`) at the later instant `t`: the sums decay, nothing happens.
/// A network context, if any, is held as it is.
[[nodiscard]] double warmth_later(const snapshot& s, timestamp at, timestamp t, const model& m,
                                  const network_context* context = nullptr) noexcept;
}  // namespace detail

/// Probability that the tie is still "alive" (MBG/NBD, Batislam et al. 2007): conversations are a
/// Poisson process whose rate varies across pairs as Gamma(r, alpha), and after each conversation
/// (and at the start) the pair drops out with a probability that varies as Beta(a, b). Given x repeat
/// conversations, the last at t_x days after the first, and T days observed:
///   P(alive) = 1 / (1 + a / (b + x) * ((alpha + T) / (alpha + t_x))^(r + x)).
[[nodiscard]] double probability_active(const snapshot& s, timestamp now, const recommend_options& o) noexcept;

/// The window for one contact from its tallies at `now`. Preconditions (checked by `recommend` and
/// `recommend_batch`): `c` and `o` validated, `now` >= s.last. No allocation, no exception.
/// The rules are a table (src/recommend_rules.cpp), the steps after them src/recommend_window.cpp.
[[nodiscard]] follow_up_window plan_follow_up(const snapshot& s, timestamp now, const contact_constraints& c, const model& m,
                                              const recommend_options& o, const network_context* context = nullptr) noexcept;

/// A window with its times in the contact's local time and its reasons in words.
struct recommendation {
  follow_up_window window;
  std::string earliest_local, best_local, latest_local, next_opening_local;
  std::vector<std::string> reasons;
};

/// The reasons of a window in plain words, most important first. Allocates; call it only for the
/// windows a person will read. Pass the constraints and options the window was planned with.
[[nodiscard]] std::vector<std::string> explain(const follow_up_window& w, const contact_constraints& c, timestamp now,
                                               const recommend_options& o = {});

/// The recommendation for tallies `s` seen at `now`.
result<recommendation> recommend(const snapshot& s, timestamp now, const contact_constraints& c = {},
                                 const model& m = model::defaults(), const recommend_options& o = {});

/// The recommendation for a history at `now` (interactions after `now` follow `score_options`).
result<recommendation> recommend(const history& h, timestamp now, const contact_constraints& c = {},
                                 const model& m = model::defaults(), const recommend_options& o = {},
                                 const score_options& so = {});

/// The recommendation for an incremental state at `now` (>= its last interaction), with an
/// optional network context (as in `score`).
result<recommendation> recommend(const contact_state& st, timestamp now, const contact_constraints& c = {},
                                 const model& m = model::defaults(), const recommend_options& o = {},
                                 const network_context* context = nullptr);

}  // namespace v1
}  // namespace rapport
