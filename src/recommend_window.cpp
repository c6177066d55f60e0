// The planner: the state of the tie, the rule chosen from the table (recommend_rules.cpp), then the
// steps every rule shares: do-not-contact pauses, overdue, rounding and width, the deadline, the
// calendar, and the best hour. Each step reads the rule's outcome, never the window's why bits.

#include "recommend_rules.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

namespace rapport {
inline namespace v1 {
namespace detail {
namespace {

/// The window being shaped between the rule and the calendar.
struct natural_window {
  timestamp earliest, latest;
  bool overdue = false;
  bool soft = true;  // a soft latest may be stretched to fit; an explicit deadline may not
};

/// Warmth, stage, probability still active and the warmth floor: the tie as it is now.
void assess_tie(follow_up_window& w, const snapshot& s, timestamp now, const contact_constraints& c, const model& m,
                const recommend_options& o, const network_context* context) noexcept {
  const model_params& p = m.params();
  w.warmth = score_of(s, now.seconds, p, context);
  w.stage = stage_of(s, now.seconds, p);
  if (c.override_stage == stage_override::committed) w.stage = stage::committed;
  if (c.override_stage == stage_override::parked) w.stage = stage::dormant;
  w.p_active = probability_active(s, now, o);
  w.unanswered = s.unanswered;
  const band level = p.band_of(w.warmth);
  // "Before the connection cools": a warm or hot tie must stay warm, a cooling one must not go
  // cold, a cold one must not lose half of what is left.
  w.warmth_floor = level == band::hot || level == band::warm ? p.band_warm
                   : level == band::cooling                  ? p.band_cooling
                                                             : w.warmth / 2;
}

/// Do-not-contact time does not count: the rule's delays run on contactable time from its anchor.
natural_window count_contactable_time(const rule_outcome& r, const availability& a, follow_up_window& w) noexcept {
  const period* dnc = a.blocked;
  const std::size_t ndnc = a.blocked_count;
  natural_window n;
  n.latest = r.latest_counted ? r.latest : add_contactable(r.anchor, r.latest.seconds - r.anchor.seconds, dnc, ndnc);
  n.earliest = add_contactable(r.anchor, r.earliest.seconds - r.anchor.seconds, dnc, ndnc);
  w.paused_seconds = n.earliest.seconds - r.earliest.seconds;
  if (w.paused_seconds > 0) w.why |= bit(why_code::paused);
  w.anchor = r.anchor;
  return n;
}

/// Overdue: the natural window is behind us. Answer from the first contactable moment, by the end
/// of the next business day after it.
void catch_up_if_overdue(natural_window& n, timestamp now, const availability& a, follow_up_window& w) noexcept {
  if (!(n.latest < now)) return;
  n.overdue = true;
  w.why = (w.why | bit(why_code::overdue)) & ~(bit(why_code::warmth_limit) | bit(why_code::cadence_limit));
  n.earliest = add_contactable(now, 0, a.blocked, a.blocked_count);
  if (n.earliest > now) {
    w.why |= bit(why_code::paused);
    w.paused_seconds = n.earliest.seconds - now.seconds;
  }
  n.latest = end_of_day(a, a.days().add_business_days(a.local(n.earliest).day, 1));
}

/// Earliest never before now and on the hour when later; the window's width; the hard deadline;
/// latest on the hour.
void shape(natural_window& n, const rule_outcome& r, timestamp now, const contact_constraints& c, const recommend_options& o,
           const availability& a, follow_up_window& w) noexcept {
  n.earliest = std::min(n.earliest, beyond_time);
  n.latest = std::min(n.latest, beyond_time);
  if (n.earliest < now) n.earliest = now;
  if (n.earliest > now) {  // a later start reads better on the hour (09:00, not 08:48); "now" is never delayed
    const std::int32_t into_hour = a.local(n.earliest).second_of_day % 3600;
    if (into_hour != 0) n.earliest = {n.earliest.seconds + 3600 - into_hour};
  }
  // Windows counted in business days (answer soon, first follow-up, overdue) keep their own width.
  const bool business_days = r.business_days >= 0 || n.overdue;
  if (!business_days && n.latest.seconds < n.earliest.seconds + day_seconds(o.min_window_days))
    n.latest = {n.earliest.seconds + day_seconds(o.min_window_days)};
  if (business_days && w.paused_seconds > 0 && !n.overdue)  // moved past leave: the rule's width from where it now starts
    n.latest = std::max(n.latest, end_of_day(a, a.days().add_business_days(a.local(n.earliest).day, r.business_days)));
  if (c.reach_out_before && *c.reach_out_before < n.latest) {
    w.why |= bit(why_code::deadline);
    n.latest = {c.reach_out_before->seconds - 1};
    n.soft = false;
  }
  if (n.latest.seconds - n.earliest.seconds > 3600) {  // on the hour too (10:00, not 10:03); only ever earlier
    const std::int32_t into_hour = a.local(n.latest).second_of_day % 3600;
    n.latest = {n.latest.seconds - into_hour};
  }
  // Only valid times: a deadline at the epoch (reach_out_before = 0) put latest at -1 (found by fuzzing).
  n.latest = std::clamp(n.latest, timestamp::min(), timestamp::max());
  // A start after the end of time leaves no window (fit_calendar); the window still holds only valid times.
  w.natural_earliest = std::min(n.earliest, timestamp::max());
  w.natural_latest = n.latest;
}

void no_window(follow_up_window& w, std::optional<timestamp> next) noexcept {
  w.what = action::no_window;
  w.why |= bit(why_code::squeezed);
  w.next_opening = next.value_or(timestamp{0});
  w.earliest = w.best = w.latest = w.next_opening;
  w.reply_chance = 0;
}

/// Onto the calendar: earliest forward to the first open instant, latest back to the last one; a
/// soft window with no open hour is stretched to the next business day. False: no window.
bool fit_calendar(natural_window n, const contact_constraints& c, const recommend_options& o, const availability& a,
                  follow_up_window& w) noexcept {
  const timestamp search_end = std::min(timestamp{n.earliest.seconds + day_seconds(o.search_days)}, timestamp::max());
  const auto e = n.earliest <= search_end ? next_open(a, n.earliest, search_end) : std::nullopt;
  if (!e) return no_window(w, std::nullopt), false;
  if (*e > n.earliest && why_closed(a, n.earliest) != closed_reason::open) {
    w.why |= bit(why_code::moved);
    w.earliest_moved_by = why_closed(a, n.earliest);
  }
  std::optional<timestamp> l = *e <= n.latest ? prev_open(a, n.latest, *e) : std::nullopt;
  if (!l || l->seconds - e->seconds < 3600) {
    if (!n.soft || !o.stretch_to_fit) {
      if (!l) return no_window(w, e), false;
    } else {
      w.why |= bit(why_code::stretched);
      n.latest = std::max(n.latest, end_of_day(a, a.days().add_business_days(a.local(*e).day, 1)));
      if (n.latest > timestamp::max()) n.latest = timestamp::max();  // the next business day may be after the end of time
      if (c.reach_out_before && n.latest >= *c.reach_out_before) {   // never past the contact's deadline
        n.latest = {c.reach_out_before->seconds - 1};
        w.why |= bit(why_code::deadline);
      }
      l = *e <= n.latest ? prev_open(a, n.latest, *e) : std::nullopt;
      if (!l) return no_window(w, e), false;
    }
  }
  w.earliest = *e;
  w.latest = *l;
  return true;
}

/// The most the hour's part of the log-odds can add on weekday `wday` (the part grows with the
/// lift when its coefficient is >= 0, shrinks otherwise).
double best_hour_part_on(std::size_t wday, const week_profile& prof, double log_lift_min, double log_lift_max,
                         const reply_params& rp) noexcept {
  const auto [least, greatest] = prof.log_lift_range(wday);
  const double beta = rp.beta[static_cast<std::size_t>(reply_feature::hour_lift)];
  return hour_lift_logit_of_log(beta >= 0 ? greatest : least, log_lift_min, log_lift_max, rp);
}

/// The best-hour search's running choice: each open whole hour is weighed by the day's slow part
/// plus the hour's part; preferred hours first, ties to the earlier hour.
struct best_hour_scan {
  const contact_constraints& c;
  const week_profile& prof;
  const reply_params& rp;
  timestamp best;  ///< the earliest instant until an hour is weighed
  const bool has_pref = !c.preferred_days.empty() || c.preferred_hours != 0;
  const double log_lift_min = std::log(rp.lift_min), log_lift_max = std::log(rp.lift_max);
  double best_z = -1e300;
  bool best_pref = false;

  /// No hour of a day with slow part `day_z` can win (nor is a preferred hour still missing).
  bool day_cannot_win(double day_z, const local_time& lt) const noexcept {
    return (!has_pref || best_pref) &&
           day_z + best_hour_part_on(static_cast<std::size_t>(lt.wday()), prof, log_lift_min, log_lift_max, rp) <= best_z + 1e-12;
  }
  void consider(timestamp t, const local_time& lt, double day_z) noexcept {
    const std::size_t slot = static_cast<std::size_t>(lt.wday()) * 24 + static_cast<std::size_t>(lt.hour());
    const double z = day_z + hour_lift_logit_of_log(prof.log_lift(slot), log_lift_min, log_lift_max, rp);
    const bool pref = has_pref && (c.preferred_days.empty() || c.preferred_days.contains(lt.wday())) &&
                      (c.preferred_hours == 0 || ((c.preferred_hours >> lt.hour()) & 1u));
    if ((pref && !best_pref) || (pref == best_pref && z > best_z + 1e-12)) {
      best_z = z;
      best_pref = pref;
      best = t;
    }
  }
};

/// Steps `t` (open, local time `lt`) to the next whole hour on the same clock and says whether
/// that hour is open without asking `next_open`: the same day (so a business day), the same UTC
/// offset (before `kept_until`), out of quiet hours and leave, on a whole minute. Otherwise the
/// caller asks `next_open` from there, which finds the same instants the long way.
bool next_hour_open(const availability& a, timestamp& t, local_time& lt, std::int64_t kept_until) noexcept {
  const std::int32_t step = 3600 - lt.second_of_day % 3600;
  t.seconds += step;
  if (lt.second_of_day + step >= seconds_per_day || t.seconds >= kept_until || t.seconds % 60 != 0 || a.on_leave(t)) return false;
  lt.second_of_day += step;
  return !a.quiet.contains(lt.second_of_day);
}

/// Best: the open hour with the highest predicted reply chance (`reply_chance_at`, the hour's lift
/// from their week profile) in the first days of the window; ties go to the earlier hour. The
/// chance's slow part (elapsed time, decay) is computed once per day, the hour's part per hour, and
/// a day whose best possible hour cannot beat the best so far is not scanned (the same result).
/// Preferred days and hours win over the others when any is open.
void choose_best_hour(const snapshot& s, timestamp now, const contact_constraints& c, const model& m, const recommend_options& o,
                      const availability& a, follow_up_window& w) noexcept {
  const reply_params& rp = o.reply ? *o.reply : default_reply_params();
  best_hour_scan scan{c, c.profile ? *c.profile : week_profile::population(), rp, w.earliest};
  const std::int64_t scan_end = std::min(w.latest.seconds, w.earliest.seconds + day_seconds(o.best_search_days));
  double day_z = 0;
  std::int32_t day = INT32_MIN;
  timestamp t = w.earliest;
  for (int guard = 0; t.seconds <= scan_end && guard < 24 * 62; ++guard) {
    local_time lt;
    const auto open = next_open(a, t, timestamp{scan_end}, &lt);  // jumps over closed days and hours at once
    if (!open) break;
    t = *open;
    if (lt.day.days != day) {
      day = lt.day.days;
      day_z = reply_logit_at(s, now, std::max(t, now), m, rp);
      if (scan.day_cannot_win(day_z, lt)) {
        t = a.instant(lt.day + 1, 0);
        continue;
      }
    }
    // This hour and the open hours that follow it on this day, stepped on the wall clock.
    const std::int64_t kept_until = a.zone ? a.zone->offset_kept_until(t).seconds : INT64_MAX;
    scan.consider(t, lt, day_z);
    while (next_hour_open(a, t, lt, kept_until) && t.seconds <= scan_end) scan.consider(t, lt, day_z);
  }
  w.best = scan.best;
  w.reply_chance =
      reply_chance_at(s, now, std::max(scan.best, now), scan.prof.lift(week_profile::slot_of(c.zone, scan.best)), m, rp);
  w.why |= bit(why_code::best_slot);
  if (scan.has_pref) w.why |= bit(scan.best_pref ? why_code::preferred : why_code::preferred_unavailable);
}

/// Every day a business day: weekends and holidays both turned off.
const calendar& every_day_open() {
  static const calendar cal = [] {
    calendar_spec spec;
    spec.weekend = weekday_set{};
    spec.name = "every day open";
    return *calendar::create(spec);  // no rules, a valid weekend: cannot fail
  }();
  return cal;
}

}  // namespace

availability courtesy_availability(const contact_constraints& c) noexcept {
  const courtesy_rules& k = c.courtesy;
  availability a{c.zone, c.cal, k.quiet_hours ? c.quiet : quiet_hours::none(), nullptr, 0};
  if (k.leave) {
    a.blocked = c.do_not_contact.data();
    a.blocked_count = c.do_not_contact.size();
  }
  if (!k.weekends && (!k.holidays || !c.cal))
    a.cal = &every_day_open();
  else if (!k.holidays)
    a.cal = &calendar::weekdays_only();  // validate(): the calendar's weekend is Saturday-Sunday
  return a;
}

}  // namespace detail

follow_up_window plan_follow_up(const snapshot& s, timestamp now, const contact_constraints& c, const model& m,
                                const recommend_options& o, const network_context* context) noexcept {
  using namespace detail;
  follow_up_window w;
  const availability a = courtesy_availability(c);
  assess_tie(w, s, now, c, m, o, context);
  const rule_outcome r = choose_rule({s, now, timestamp{s.last}, c, o, m, context, a, w.stage, w.warmth_floor});
  w.what = r.what;
  w.why = r.why;
  w.wait_seconds = r.wait_seconds;

  natural_window n = count_contactable_time(r, a, w);
  catch_up_if_overdue(n, now, a, w);
  if (w.what == action::give_space && n.earliest <= now) w.what = action::re_engage_on;  // the rest is over
  shape(n, r, now, c, o, a, w);
  if (!fit_calendar(n, c, o, a, w)) return w;
  choose_best_hour(s, now, c, m, o, a, w);
  if (w.what != action::give_space && w.what != action::re_engage_on)
    w.what = w.earliest.seconds <= now.seconds + 59 ? action::reach_out_now : action::wait_until;
  return w;
}

}  // namespace v1
}  // namespace rapport
