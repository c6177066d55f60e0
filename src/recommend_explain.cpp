// `explain`: the window's reasons in words. The rule's reason comes from the rule table's row that
// set the window's why bits (recommend_rules.cpp), then one short text per later step.

#include "recommend_rules.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace rapport {
inline namespace v1 {
namespace detail {

std::string local_text(timestamp t, const contact_constraints& c) {
  static const time_zone utc_zone = time_zone::utc();
  return format_local(t, c.zone ? *c.zone : utc_zone);
}

namespace {

std::string day_span(double seconds) {
  const double d = seconds / seconds_per_day;
  char buf[64];
  if (d < 1.5)
    std::snprintf(buf, sizeof buf, "%.0f hours", seconds / 3600);
  else if (d < 60)
    std::snprintf(buf, sizeof buf, "%.0f days", d);
  else
    std::snprintf(buf, sizeof buf, "%.0f months", d / 30.44);
  return buf;
}
const char* ordinal(std::uint32_t n) noexcept {
  switch (n) {
    case 1: return "1st";
    case 2: return "2nd";
    case 3: return "3rd";
    default: return "nth";
  }
}

}  // namespace

// One text per rule, for the why bits of its table row. The constraints may not be the window's
// own (explain can be called with others): never read an empty date.
void say_explicit_date(const follow_up_window&, const contact_constraints& c, const recommend_options&, reasons& out) {
  out.push_back(c.reach_out_after
                    ? "they asked to be contacted on or after " + local_text(*c.reach_out_after, c) +
                          ": that date wins over the usual rules"
                    : std::string("they asked to be contacted on or after a date: that date wins over the usual rules"));
}
void say_dormant_revival(const follow_up_window& w, const contact_constraints&, const recommend_options& o, reasons& out) {
  if (is_set(w.why, why_code::parked))
    out.push_back("you parked this connection: give it " + day_span(o.give_space_days * seconds_per_day) +
                  " of space after the last contact, then re-engage");
  if (!is_set(w.why, why_code::dormant)) return;
  char buf[256];
  if (w.p_active < 0.005)
    std::snprintf(
        buf, sizeof buf,
        "dormant: silent far beyond your usual rhythm; re-engage rather than follow up (under 1%% likely the connection is still active)");
  else
    std::snprintf(
        buf, sizeof buf,
        "dormant: silent far beyond your usual rhythm; re-engage rather than follow up (%.0f%% likely the connection is still active)",
        100 * w.p_active);
  out.push_back(buf);
}
void say_their_turn(const follow_up_window&, const contact_constraints&, const recommend_options& o, reasons& out) {
  const int n = o.respond_within_business_days;
  out.push_back(std::string("they wrote last: the ball is in your court, answer by the end of ") +
                (n == 0   ? "their business day"
                 : n == 1 ? "the next business day"
                          : std::to_string(n) + " business days"));
}
void say_give_space(const follow_up_window& w, const contact_constraints&, const recommend_options& o, reasons& out) {
  out.push_back(std::to_string(w.unanswered) +
                " outreaches in a row without an answer: stop chasing and give them space; try again after " +
                day_span(o.give_space_days * seconds_per_day));
}
void say_awaiting_reply(const follow_up_window& w, const contact_constraints&, const recommend_options& o, reasons& out) {
  char buf[256];
  if (is_set(w.why, why_code::awaiting_reply)) {
    std::snprintf(
        buf, sizeof buf,
        "your outreach is unanswered: wait until a spontaneous reply has become unlikely (under %.0f%%, from how likely and how "
        "fast they answer)",
        100 * o.nudge_below_chance);
    out.push_back(std::string(buf) + ", " + day_span(w.wait_seconds) + " after it");
  }
  if (is_set(w.why, why_code::backed_off)) {
    std::snprintf(buf, sizeof buf,
                  "this would be your %s outreach in a row without an answer: the wait grows x%.0f per unanswered nudge",
                  ordinal(w.unanswered + 1), o.nudge_backoff);
    out.push_back(buf);
  }
}
void say_first_meeting(const follow_up_window&, const contact_constraints&, const recommend_options& o, reasons& out) {
  char buf[256];
  std::snprintf(
      buf, sizeof buf,
      "you met and have not exchanged since: follow up %d to %d business days after meeting, while the first impression is fresh",
      o.first_follow_up_min_business_days, o.first_follow_up_max_business_days);
  out.push_back(buf);
}
void say_rhythm(const follow_up_window& w, const contact_constraints&, const recommend_options&, reasons& out) {
  if (is_set(w.why, why_code::cadence))
    out.push_back("established: you are usually in touch every " + day_span(w.wait_seconds) + "; keep that rhythm");
  if (is_set(w.why, why_code::momentum))
    out.push_back("the ice is broken: keep the momentum at your usual pace of " + day_span(w.wait_seconds));
}
void say_committed(const follow_up_window& w, const contact_constraints&, const recommend_options&, reasons& out) {
  out.push_back("committed: a slower nurture cadence, about every " + day_span(w.wait_seconds));
}

namespace {

/// The rule's reason (a window built by hand may carry several: each is said, in table order).
/// Returns whether the window is counted in business days, as its rule's row says.
bool say_rule(const follow_up_window& w, const contact_constraints& c, const recommend_options& o, reasons& out) {
  bool business_days = false;
  for (const rule_row& row : rule_table) {
    if ((w.why & row.why) == 0) continue;
    row.say(w, c, o, out);
    business_days = business_days || row.counts_business_days;
  }
  return business_days;
}

void say_moves(const follow_up_window& w, const contact_constraints& c, timestamp now, reasons& out) {
  if (is_set(w.why, why_code::paused))
    out.push_back("time in a do-not-contact period does not count: the window moved by " +
                  day_span(static_cast<double>(w.paused_seconds)));
  if (is_set(w.why, why_code::overdue))
    out.push_back("the usual window has already passed (last contact " +
                  day_span(static_cast<double>(now.seconds - w.anchor.seconds)) + " ago): reach out as soon as you can");
  if (!is_set(w.why, why_code::moved)) return;
  std::string why = to_string(w.earliest_moved_by);
  if (w.earliest_moved_by == closed_reason::holiday) {
    const availability a = courtesy_availability(c);
    const auto name = a.days().holiday_name(a.local(w.natural_earliest).day);
    if (!name.empty()) why += " (" + std::string(name) + ")";
  }
  out.push_back("earliest moved past " + why + " to " + local_text(w.earliest, c));
}

/// Holidays between the rule's start and latest: they are why the window is where it is. A window
/// counted in business days (as the planner counts it: the rule's row says so, or it is overdue)
/// counts from the day after its start: the anchor's day for the rule, the day the overdue window
/// opens for an overdue one.
void say_holidays(const follow_up_window& w, const contact_constraints& c, bool rule_counts_business_days, reasons& out) {
  if (w.what == action::no_window) return;
  const availability a = courtesy_availability(c);
  const bool overdue = is_set(w.why, why_code::overdue);
  date from = overdue                     ? a.local(w.natural_earliest).day + 1
              : rule_counts_business_days ? a.local(w.anchor).day + 1
                                          : a.local(w.natural_earliest).day;
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

void say_limits(const follow_up_window& w, const contact_constraints& c, const recommend_options& o, reasons& out) {
  if (is_set(w.why, why_code::warmth_limit)) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "latest: before warmth (now %.0f) falls below %.0f", w.warmth, w.warmth_floor);
    out.push_back(buf);
  }
  if (is_set(w.why, why_code::cadence_limit))
    out.push_back("latest: within " + day_span(o.cadence_late * w.wait_seconds) +
                  " of the last contact (twice the usual gap), not counting do-not-contact time");
  if (is_set(w.why, why_code::deadline))
    out.push_back(c.reach_out_before ? "hard deadline: before " + local_text(*c.reach_out_before, c)
                                     : std::string("hard deadline"));
  if (is_set(w.why, why_code::stretched)) out.push_back("the natural window had no open time: extended to the next business day");
  if (!is_set(w.why, why_code::squeezed)) return;
  if (w.next_opening.seconds > 0)
    out.push_back("no open time inside the window (weekends, holidays, quiet hours, do-not-contact): no window before " +
                  local_text(w.next_opening, c));
  else
    out.push_back("no open time within " + day_span(o.search_days * seconds_per_day) + " on this contact's calendar");
}

void say_best(const follow_up_window& w, const contact_constraints& c, reasons& out) {
  if (is_set(w.why, why_code::best_slot) && w.what != action::no_window) {
    const std::size_t slot = week_profile::slot_of(c.zone, w.best);
    const week_profile& prof = c.profile ? *c.profile : week_profile::population();
    char buf[256];
    std::snprintf(
        buf, sizeof buf,
        "best: %s %02zu:00 their time, the open hour with the highest predicted reply chance, %.0f%% (the reply model; "
        "%.1fx an average hour, %s)",
        to_string(static_cast<weekday>(slot / 24)), slot % 24, 100 * w.reply_chance, prof.lift(slot),
        c.profile && c.profile->samples() > 0 ? "from their own messages" : "the population's week: no messages of theirs yet");
    out.push_back(buf);
  }
  if (is_set(w.why, why_code::preferred)) out.push_back("within their preferred days and hours");
  if (is_set(w.why, why_code::preferred_unavailable))
    out.push_back("none of their preferred days or hours is open in the window");
}

}  // namespace
}  // namespace detail

std::vector<std::string> explain(const follow_up_window& w, const contact_constraints& c, timestamp now,
                                 const recommend_options& o) {
  std::vector<std::string> out;
  const bool business_days = detail::say_rule(w, c, o, out);
  detail::say_moves(w, c, now, out);
  detail::say_holidays(w, c, business_days, out);
  detail::say_limits(w, c, o, out);
  detail::say_best(w, c, out);
  return out;
}

}  // namespace v1
}  // namespace rapport
