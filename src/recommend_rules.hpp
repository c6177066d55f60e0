#pragma once
// Private to src/: the recommender's rules as a table (recommend_rules.cpp), read by the planner's
// later steps (recommend_window.cpp) and by `explain` (recommend_explain.cpp).

#include <rapport/recommend.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rapport {
inline namespace v1 {
namespace detail {

/// The stage rules, in the order they are tried.
enum class rule : std::uint8_t {
  explicit_date,    ///< "reach out on/after X" from the contact
  dormant_revival,  ///< parked by the user, or dormant: re-engage
  their_turn,       ///< they wrote last: answer soon
  give_space,       ///< max_nudges unanswered in a row: rest, then re-engage
  awaiting_reply,   ///< our message is unanswered: wait for the reply latency, backed off per nudge
  first_meeting,    ///< met, nothing exchanged since
  rhythm,           ///< ice broken / established: the pair's own gap
  committed,        ///< a slower nurture cadence
};

/// What every rule may read. References only: built once per contact, on the stack.
struct rule_inputs {
  const snapshot& s;
  timestamp now, last;
  const contact_constraints& c;
  const recommend_options& o;
  const model& m;
  const network_context* context;
  const availability& a;  ///< the contact's calendar, quiet hours and do-not-contact periods
  rapport::stage stage;   ///< after the user's override
  double warmth_floor;
};

/// What a rule decided: its window before pauses, rounding and the calendar, and why.
struct rule_outcome {
  rule which = rule::rhythm;
  action what = action::wait_until;
  timestamp anchor;             ///< the instant the rule counts from
  timestamp earliest, latest;   ///< natural: before do-not-contact pauses and the calendar
  std::uint32_t why = 0;        ///< `why_code` bits of the rule
  double wait_seconds = 0;      ///< awaiting: the wait after our message; rhythm: the gap used
  int business_days = -1;       ///< width in business days, kept when moved past leave; -1: calendar time
  bool latest_counted = false;  ///< latest already skips do-not-contact time (the rhythm's limits)
};

using rule_fn = std::optional<rule_outcome> (*)(const rule_inputs&) noexcept;
using reasons = std::vector<std::string>;
/// Says a rule's reason in words for the window's why bits of its row (allocates: explain only).
using say_fn = void (*)(const follow_up_window&, const contact_constraints&, const recommend_options&, reasons&);

/// One row per rule: the `why_code` bits it may set (what `explain` reads back), whether its window
/// is counted in business days, its decision and its reason in words.
struct rule_row {
  rule which;
  std::uint32_t why;
  bool counts_business_days;
  rule_fn decide;
  say_fn say;
};
extern const rule_row rule_table[8];

// The rules' reasons (recommend_explain.cpp).
void say_explicit_date(const follow_up_window&, const contact_constraints&, const recommend_options&, reasons&);
void say_dormant_revival(const follow_up_window&, const contact_constraints&, const recommend_options&, reasons&);
void say_their_turn(const follow_up_window&, const contact_constraints&, const recommend_options&, reasons&);
void say_give_space(const follow_up_window&, const contact_constraints&, const recommend_options&, reasons&);
void say_awaiting_reply(const follow_up_window&, const contact_constraints&, const recommend_options&, reasons&);
void say_first_meeting(const follow_up_window&, const contact_constraints&, const recommend_options&, reasons&);
void say_rhythm(const follow_up_window&, const contact_constraints&, const recommend_options&, reasons&);
void say_committed(const follow_up_window&, const contact_constraints&, const recommend_options&, reasons&);

/// The contact's calendar, quiet hours and do-not-contact periods as the planner sees them: without
/// the courtesy rules the user turned off (`contact_constraints::courtesy`; validated).
availability courtesy_availability(const contact_constraints& c) noexcept;

/// The first rule of the table that applies (the last one always does).
rule_outcome choose_rule(const rule_inputs& in) noexcept;

/// `anchor` plus `seconds` of time outside the periods (do-not-contact time does not count).
timestamp add_contactable(timestamp anchor, std::int64_t seconds, const period* p, std::size_t n) noexcept;

/// Seconds as an integer, saturating at +-1e15 s (31 million years, far past any valid time, and
/// small enough that sums of a few of them with a time stay inside int64); NaN is 0. Every
/// double-to-integer conversion of the planner goes through it: parameters that validate() accepts
/// (a prior gap of 1e15 days, a session gap of 1e300 s) must not overflow.
inline std::int64_t saturating_seconds(double s) noexcept {
  constexpr double limit = 1e15;
  if (!(s == s)) return 0;
  return static_cast<std::int64_t>(s < -limit ? -limit : s > limit ? limit : s);
}
/// Days as seconds; at most 100 years: validated options keep every delay within ten years, but a
/// back-off can still grow.
inline std::int64_t day_seconds(double d) noexcept { return saturating_seconds(std::min(d, 36500.0) * seconds_per_day); }

/// Times later than this are all "after the end of time" to the planner's later steps: they give no
/// window, or a latest of timestamp::max(). Clamping to it keeps calendar and zone arithmetic near
/// the valid range whatever the delays.
inline constexpr timestamp beyond_time{timestamp::max().seconds + 366 * seconds_per_day};
/// `t` on the contact's wall clock, for people (recommend_explain.cpp).
std::string local_text(timestamp t, const contact_constraints& c);

inline timestamp start_of_day(const availability& a, date d) noexcept { return a.instant(d, 0); }
inline timestamp end_of_day(const availability& a, date d) noexcept { return timestamp{a.instant(d + 1, 0).seconds - 60}; }

}  // namespace detail
}  // namespace v1
}  // namespace rapport
