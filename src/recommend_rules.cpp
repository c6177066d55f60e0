// The recommender's stage rules: one small function per rule, each returning what it decided and
// why, and the table that tries them in order (STYLE.md §9). docs/RECOMMEND.md gives them in words.

#include "recommend_rules.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

namespace rapport {
inline namespace v1 {
namespace detail {

timestamp add_contactable(timestamp anchor, std::int64_t seconds, const period* p, std::size_t n) noexcept {
  timestamp t = anchor;
  std::int64_t rem = seconds < 0 ? 0 : seconds;
  for (std::size_t guard = 0; guard < 4 * n + 4; ++guard) {
    for (bool moved = true; moved;) {
      moved = false;
      for (std::size_t i = 0; i < n; ++i)
        if (p[i].contains(t)) {
          t = p[i].until;
          moved = true;
        }
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

double warmth_later(const snapshot& s, timestamp at, timestamp t, const model& m, const network_context* context) noexcept {
  snapshot u = s;
  const double dt = static_cast<double>(t.seconds - at.seconds);
  const double fs = std::exp2(-dt * m.inv_half_life_short_s()), fl = std::exp2(-dt * m.inv_half_life_long_s());
  u.in_short *= fs;
  u.out_short *= fs;
  u.in_long *= fl;
  u.out_long *= fl;
  return score_of(u, t.seconds, m.params(), context);
}

namespace {

/// The first instant after `now` where warmth falls below `floor`, searched up to `limit`; nullopt
/// if it stays above. Silence only lowers warmth (model.hpp's sign rules), so bisection is exact.
std::optional<timestamp> warmth_crossing(const snapshot& s, timestamp now, double floor, timestamp limit, const model& m,
                                         const network_context* context) noexcept {
  std::int64_t lo = now.seconds, step = seconds_per_day, hi = -1;
  while (lo < limit.seconds) {
    const std::int64_t t = std::min(lo + step, limit.seconds);
    if (warmth_later(s, now, {t}, m, context) < floor) {
      hi = t;
      break;
    }
    lo = t;
    step *= 2;
  }
  if (hi < 0) return std::nullopt;
  while (hi - lo > 1800) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    if (warmth_later(s, now, {mid}, m, context) < floor)
      hi = mid;
    else
      lo = mid;
  }
  return timestamp{lo};
}

rule_outcome outcome(rule which, why_code why, timestamp anchor) noexcept {
  rule_outcome r;
  r.which = which;
  r.why = bit(why);
  r.anchor = anchor;
  return r;
}

/// An explicit "reach out on/after X" later than the last interaction wins over every other rule.
std::optional<rule_outcome> explicit_date(const rule_inputs& in) noexcept {
  if (!in.c.reach_out_after || !(*in.c.reach_out_after > in.last)) return std::nullopt;
  rule_outcome r = outcome(rule::explicit_date, why_code::explicit_date, in.now);
  r.earliest = std::max(in.now, *in.c.reach_out_after);
  r.latest = {r.earliest.seconds + day_seconds(in.o.explicit_window_days)};
  return r;
}

/// Parked or dormant: after our own unanswered attempts (or when parked), rest first; otherwise
/// revive now, while the tie is as likely to be active as it will ever be again (p_active only
/// falls with silence).
std::optional<rule_outcome> dormant_revival(const rule_inputs& in) noexcept {
  const bool parked = in.c.override_stage == stage_override::parked;
  if (!parked && in.stage != stage::dormant) return std::nullopt;
  const bool rest = parked || in.s.unanswered > 0;
  rule_outcome r = outcome(rule::dormant_revival, parked ? why_code::parked : why_code::dormant, rest ? in.last : in.now);
  r.what = action::re_engage_on;
  r.earliest = rest ? timestamp{in.last.seconds + day_seconds(in.o.give_space_days)} : in.now;
  r.latest = {std::max(r.earliest, in.now).seconds + day_seconds(in.o.revival_window_days)};
  return r;
}

/// They wrote last: answer by the end of the next business day. Their message waits for an answer
/// only while an answer would still count as one (the reply window); an inbound message months
/// old is history, and the pair's rhythm decides instead.
std::optional<rule_outcome> their_turn(const rule_inputs& in) noexcept {
  const snapshot& s = in.s;
  const bool theirs = s.has_inbound && s.last_inbound == s.last && s.unanswered == 0 &&
                      static_cast<double>(in.now.seconds - s.last_inbound) <= in.m.params().reply_window_days * seconds_per_day;
  if (!theirs) return std::nullopt;
  rule_outcome r = outcome(rule::their_turn, why_code::their_turn, in.now);
  r.earliest = in.now;
  r.latest = end_of_day(in.a, in.a.days().add_business_days(in.a.local(in.now).day, in.o.respond_within_business_days));
  r.business_days = in.o.respond_within_business_days;
  return r;
}

/// max_nudges unanswered in a row: stop chasing, re-engage after a rest.
std::optional<rule_outcome> give_space(const rule_inputs& in) noexcept {
  if (in.s.unanswered == 0 || in.s.unanswered < static_cast<std::uint32_t>(in.o.max_nudges)) return std::nullopt;
  rule_outcome r = outcome(rule::give_space, why_code::nudge_cap, in.last);
  r.what = action::give_space;
  r.earliest = timestamp{in.last.seconds + day_seconds(in.o.give_space_days)};
  r.latest = {r.earliest.seconds + day_seconds(in.o.revival_window_days)};
  return r;
}

/// The chance (0-1) that the contact answers our outstanding outreach (the last message of the run)
/// at all within the reply window: the reply model at the instant it was sent, with the run as it
/// was before it.
double chance_run_answered(const rule_inputs& in) noexcept {
  snapshot before = in.s;
  before.unanswered = before.unanswered > 0 ? before.unanswered - 1 : 0;
  const reply_params& rp = in.o.reply ? *in.o.reply : default_reply_params();
  return reply_chance(reply_features_of(before, in.s.last, 1.0, in.m.params(), rp), rp);
}

/// Seconds after our outreach until a spontaneous answer has become unlikely: the chance that an
/// answer is still to come, given none so far, p S(t) / (1 - p + p S(t)) with p the reply model's
/// chance and S the survival of the contact's log-normal latency, falls below
/// `nudge_below_chance`; never later than the `reply_quantile` of their latency. The less likely
/// an answer at all, the shorter the wait.
double spontaneous_wait(const rule_inputs& in) noexcept {
  const model_params& p = in.m.params();
  const double floor = in.o.nudge_below_chance, chance = chance_run_answered(in);
  const double survival = floor * (1 - chance) / ((1 - floor) * chance);  // S(t) where the chance reaches the floor
  const double cap = reply_latency_quantile(in.s, p, in.o.reply_quantile);
  if (survival >= 1) return 0;
  return std::min(cap, std::exp(latency_log_mean_of(in.s, p) + inverse_normal_cdf(1 - survival) * p.latency_log_sd));
}

/// Our message is unanswered: wait until a spontaneous reply has become unlikely, backed off per
/// earlier unanswered outreach in the run.
std::optional<rule_outcome> awaiting_reply(const rule_inputs& in) noexcept {
  const snapshot& s = in.s;
  if (s.unanswered == 0) return std::nullopt;
  const model_params& p = in.m.params();
  rule_outcome r = outcome(rule::awaiting_reply, why_code::awaiting_reply, in.last);
  double wait = spontaneous_wait(in);
  // std::clamp's order, written out: a reply window shorter than the minimum wait is valid input,
  // and std::clamp's precondition (lo <= hi) would then not hold.
  const double lo = in.o.min_nudge_wait_days * seconds_per_day, hi = p.reply_window_days * seconds_per_day;
  wait = wait < lo ? lo : hi < wait ? hi : wait;
  if (s.unanswered > 1) {
    r.why |= bit(why_code::backed_off);
    wait *= std::pow(in.o.nudge_backoff, static_cast<double>(s.unanswered - 1));
  }
  wait = std::min(wait, in.o.search_days * seconds_per_day);  // a long back-off never overflows a date
  r.wait_seconds = wait;
  r.earliest = {in.last.seconds + saturating_seconds(wait)};
  r.latest = {r.earliest.seconds + std::max(saturating_seconds(wait), day_seconds(in.o.min_window_days))};
  return r;
}

/// Met, nothing exchanged since: from the first to the last follow-up business day after meeting.
std::optional<rule_outcome> first_meeting(const rule_inputs& in) noexcept {
  if (in.stage != stage::new_contact) return std::nullopt;
  const recommend_options& o = in.o;
  const calendar& cal = in.a.days();
  const date met = in.a.local(in.last).day;
  rule_outcome r = outcome(rule::first_meeting, why_code::first_meeting, in.last);
  r.earliest = start_of_day(in.a, cal.add_business_days(met + 1, o.first_follow_up_min_business_days - 1));
  if (o.first_follow_up_min_business_days == 0 || !in.c.courtesy.first_meeting_wait) r.earliest = in.last;
  r.latest = end_of_day(in.a, cal.add_business_days(met + 1, o.first_follow_up_max_business_days - 1));
  if (o.first_follow_up_max_business_days == 0) r.latest = end_of_day(in.a, met);
  r.business_days = o.first_follow_up_max_business_days - o.first_follow_up_min_business_days;
  return r;
}

/// Every `cadence` from the last contact: earliest at cadence_early of it; latest before warmth
/// leaves its band, at most cadence_late of it (both on contactable time).
rule_outcome keep_cadence(const rule_inputs& in, rule which, why_code why, double cadence) noexcept {
  const recommend_options& o = in.o;
  const period* dnc = in.a.blocked;
  const std::size_t ndnc = in.a.blocked_count;
  rule_outcome r = outcome(which, why, in.last);
  r.wait_seconds = cadence;
  r.latest_counted = true;
  r.earliest = {in.last.seconds + saturating_seconds(o.cadence_early * cadence)};
  const timestamp cap{in.last.seconds + saturating_seconds(o.cadence_late * cadence)};
  const timestamp horizon{in.now.seconds + day_seconds(o.search_days)};  // how far warmth is followed
  const auto cross = warmth_crossing(in.s, in.now, in.warmth_floor, std::min(cap, horizon), in.m, in.context);
  if (cross && *cross < cap) {
    r.why |= bit(why_code::warmth_limit);
    r.latest = add_contactable(in.now, cross->seconds - in.now.seconds, dnc, ndnc);
    // Warmth would leave its band before the rhythm's window: open the window earlier instead.
    if (r.latest.seconds - r.earliest.seconds < day_seconds(o.min_window_days))
      r.earliest = std::max(in.now, timestamp{r.latest.seconds - day_seconds(o.min_window_days)});
  } else {
    r.why |= bit(why_code::cadence_limit);
    r.latest = add_contactable(in.last, cap.seconds - in.last.seconds, dnc, ndnc);
  }
  return r;
}

/// Ice broken or established: the pair's own rhythm.
std::optional<rule_outcome> rhythm(const rule_inputs& in) noexcept {
  if (in.stage == stage::committed) return std::nullopt;
  const why_code why = in.stage == stage::ice_broken ? why_code::momentum : why_code::cadence;
  return keep_cadence(in, rule::rhythm, why, typical_gap_seconds(in.s, in.m.params()));
}

/// Committed: the rhythm, slower. The table's last row: every other stage was taken above.
std::optional<rule_outcome> committed(const rule_inputs& in) noexcept {
  const double cadence = typical_gap_seconds(in.s, in.m.params()) * in.o.committed_cadence_multiple;
  return keep_cadence(in, rule::committed, why_code::committed_nurture, cadence);
}

}  // namespace

// The order is the precedence; `explain` says the rules' reasons in this order too. Adding a rule:
// a `rule`, its why bits, a decision, a reason in words, and a row here.
const rule_row rule_table[8] = {
    {rule::explicit_date, bit(why_code::explicit_date), false, explicit_date, say_explicit_date},
    {rule::dormant_revival, bit(why_code::parked) | bit(why_code::dormant), false, dormant_revival, say_dormant_revival},
    {rule::their_turn, bit(why_code::their_turn), true, their_turn, say_their_turn},
    {rule::give_space, bit(why_code::nudge_cap), false, give_space, say_give_space},
    {rule::awaiting_reply, bit(why_code::awaiting_reply) | bit(why_code::backed_off), false, awaiting_reply, say_awaiting_reply},
    {rule::first_meeting, bit(why_code::first_meeting), true, first_meeting, say_first_meeting},
    {rule::rhythm, bit(why_code::cadence) | bit(why_code::momentum), false, rhythm, say_rhythm},
    {rule::committed, bit(why_code::committed_nurture), false, committed, say_committed},
};

rule_outcome choose_rule(const rule_inputs& in) noexcept {
  for (const rule_row& row : rule_table)
    if (auto r = row.decide(in)) return *r;
  return *committed(in);  // not reached: the last row always decides
}

}  // namespace detail

double probability_active(const snapshot& s, timestamp now, const recommend_options& o) noexcept {
  const double x = s.conversations > 0 ? s.conversations - 1.0 : 0.0;
  const double tx = static_cast<double>(s.last - s.first) / seconds_per_day;
  const double T = static_cast<double>(now.seconds - s.first) / seconds_per_day;
  const double ratio = std::log((o.active_alpha + T) / (o.active_alpha + tx));
  const double odds = std::log(o.active_a / (o.active_b + x)) + (o.active_r + x) * ratio;
  return odds > 700 ? 0.0 : 1.0 / (1.0 + std::exp(odds));
}

}  // namespace v1
}  // namespace rapport
