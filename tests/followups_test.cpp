// The follow-up window judged on outcomes (benchmarks/accuracy/followups.hpp): Wilson intervals,
// Mantel-Haenszel odds ratios, the early/in/late classes, and outreach answered or not, on a tiny
// synthetic log with known answers.
#include "../benchmarks/accuracy/followups.hpp"
#include "../benchmarks/accuracy/load.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

using namespace rapport;
using namespace rapport::eval;

namespace {
constexpr std::int64_t hour = 3600, day = 86400;
constexpr std::int64_t t0 = 1704110400;  // Monday 2024-01-01 12:00 UTC

// A and B: a reply, an unanswered message and a nudge 60 s later, then a late exchange.
// E and F: F answers at once; E writes again only ten days later (late for the window planned then).
event_log synthetic() {
  const std::pair<std::string, std::int64_t> rows[] = {
      {"A B", t0},              // first contact: not an outreach
      {"E F", t0 + 2 * hour},   // first contact
      {"B A", t0 + hour},       // 1: B answers (their turn), answered by A on day 1
      {"F E", t0 + 3 * hour},   // 2: their turn, answered by E on day 10
      {"A B", t0 + day},        // 3: A answers (their turn), no answer within 14 days
      {"A B", t0 + day + 60},   // 4: a nudge 60 s later: early (awaiting their reply)
      {"E F", t0 + 10 * day},   // 5: late for the window planned at F's message; unanswered
      {"A B", t0 + 20 * day},   // 6: answered the next day
      {"B A", t0 + 21 * day},   // 7: unanswered
      {"C D", t0 + 200 * day},  // keeps the log open long enough for every outcome
  };
  std::string text;
  for (const auto& [who, t] : rows) text += who + " " + std::to_string(t) + "\n";
  auto log = parse_edges(text, "synthetic");
  return *log;
}

const outreach* find(const std::vector<outreach>& ev, const event_log& log, const char* owner, std::int64_t at) {
  for (const outreach& o : ev)
    if (log.names[o.owner] == owner && o.at == at) return &o;
  return nullptr;
}
}  // namespace

TEST(FollowupsTest, WilsonIntervalMatchesTheFormula) {
  const interval w = wilson(8, 10);
  EXPECT_DOUBLE_EQ(w.value, 0.8);
  EXPECT_NEAR(w.lo, 0.4902, 1e-4);
  EXPECT_NEAR(w.hi, 0.9433, 1e-4);
  const interval z = wilson(0, 10);
  EXPECT_DOUBLE_EQ(z.lo, 0);
  EXPECT_NEAR(z.hi, 0.2775, 1e-4);
  EXPECT_TRUE(std::isnan(wilson(0, 0).value));
}

TEST(FollowupsTest, MantelHaenszelOddsRatio) {
  // R = a d / n, S = b c / n: (2*2/6 + 1*3/6) / (1*1/6 + 1*1/6) = (7/6) / (2/6) = 3.5.
  EXPECT_DOUBLE_EQ(mantel_haenszel({{2, 1, 1, 2}, {1, 1, 1, 3}}), 3.5);
  // A stratum with one class only adds nothing.
  EXPECT_DOUBLE_EQ(mantel_haenszel({{2, 1, 1, 2}, {1, 1, 1, 3}, {5, 5, 0, 0}}), 3.5);
  EXPECT_TRUE(std::isnan(mantel_haenszel({{3, 0, 0, 3}})));  // S = 0: undefined
}

TEST(FollowupsTest, JudgeStratifiesByPairAndRule) {
  // The same tables as above, as outreach: stratum 1 = pair 0, nudge; stratum 2 = pair 1, rhythm.
  std::vector<outreach> ev;
  auto add = [&](std::uint32_t pair, window_rule r, timing t, bool answered, int count) {
    for (int i = 0; i < count; ++i) {
      outreach o;
      o.owner = pair;
      o.pair = pair;
      o.rule = r;
      o.when = t;
      o.answered = answered;
      ev.push_back(o);
    }
  };
  add(0, window_rule::nudge, timing::in, true, 2);
  add(0, window_rule::nudge, timing::in, false, 1);
  add(0, window_rule::nudge, timing::early, true, 1);
  add(0, window_rule::nudge, timing::early, false, 2);
  add(1, window_rule::rhythm, timing::in, true, 1);
  add(1, window_rule::rhythm, timing::in, false, 1);
  add(1, window_rule::rhythm, timing::early, true, 1);
  add(1, window_rule::rhythm, timing::early, false, 3);
  followup_options fo;
  fo.bootstrap = 200;
  const verdict v = judge(ev, just_before, -1, fo);
  EXPECT_EQ(v.n, 12u);
  EXPECT_DOUBLE_EQ(v.or_in_vs_early.value, 3.5);
  EXPECT_DOUBLE_EQ(v.answered[0].rate(), 2.0 / 7);  // early
  EXPECT_DOUBLE_EQ(v.answered[1].rate(), 3.0 / 5);  // in
  EXPECT_NEAR(v.diff_in_minus_early.value, 3.0 / 5 - 2.0 / 7, 1e-12);
  EXPECT_TRUE(std::isnan(v.or_in_vs_late.value));  // nothing late
  // Per rule: within one pair the MH ratio is the plain odds ratio.
  EXPECT_DOUBLE_EQ(judge(ev, just_before, static_cast<int>(window_rule::nudge), fo).or_in_vs_early.value, 4.0);
  // The bootstrap is seeded: the same interval every time.
  const verdict again = judge(ev, just_before, -1, fo);
  EXPECT_EQ(v.or_in_vs_early.lo, again.or_in_vs_early.lo);
  EXPECT_EQ(v.or_in_vs_early.hi, again.or_in_vs_early.hi);
}

TEST(FollowupsTest, ClassesAndRules) {
  EXPECT_EQ(classify(9, 10, 20), timing::early);
  EXPECT_EQ(classify(10, 10, 20), timing::in);
  EXPECT_EQ(classify(20, 10, 20), timing::in);
  EXPECT_EQ(classify(21, 10, 20), timing::late);
  EXPECT_EQ(rule_of(bit(why_code::their_turn) | bit(why_code::best_slot)), window_rule::their_turn);
  EXPECT_EQ(rule_of(bit(why_code::awaiting_reply) | bit(why_code::backed_off)), window_rule::nudge);
  EXPECT_EQ(rule_of(bit(why_code::nudge_cap)), window_rule::give_space);
  EXPECT_EQ(rule_of(bit(why_code::momentum) | bit(why_code::warmth_limit)), window_rule::rhythm);
  EXPECT_EQ(rule_of(bit(why_code::parked)), window_rule::dormant);
  EXPECT_EQ(rule_of(bit(why_code::best_slot)), window_rule::other);
}

TEST(FollowupsTest, OutreachOnASyntheticLog) {
  const event_log log = synthetic();
  followup_options fo;
  auto r = collect_outreach(log, model::defaults(), fo);
  ASSERT_TRUE(r) << r.error().message;
  const auto& ev = *r;
  EXPECT_EQ(ev.size(), 7u);  // every event but the three first contacts

  const outreach* b1 = find(ev, log, "B", t0 + hour);
  const outreach* a3 = find(ev, log, "A", t0 + day);
  const outreach* a4 = find(ev, log, "A", t0 + day + 60);
  const outreach* e5 = find(ev, log, "E", t0 + 10 * day);
  const outreach* a6 = find(ev, log, "A", t0 + 20 * day);
  const outreach* b7 = find(ev, log, "B", t0 + 21 * day);
  ASSERT_TRUE(b1 && a3 && a4 && e5 && a6 && b7);

  // Outcomes: answered within 14 days; tie kept = contact 14-90 days later.
  EXPECT_TRUE(b1->answered);
  EXPECT_FALSE(a3->answered);
  EXPECT_FALSE(a4->answered);
  EXPECT_FALSE(e5->answered);
  EXPECT_TRUE(a6->answered);
  EXPECT_FALSE(b7->answered);
  EXPECT_EQ(b1->kept, 1);  // A -> B on day 20
  EXPECT_EQ(b7->kept, 0);

  // They wrote last: the window is open now, the outreach inside it.
  EXPECT_EQ(b1->rule, window_rule::their_turn);
  EXPECT_EQ(b1->when, timing::in);
  EXPECT_TRUE(b1->open_now);
  EXPECT_EQ(a3->rule, window_rule::their_turn);
  EXPECT_EQ(a3->when, timing::in);
  EXPECT_DOUBLE_EQ(a3->hours_since_their_last, 23);
  // A nudge 60 s after an unanswered message: early, and not for a courtesy rule.
  EXPECT_EQ(a4->rule, window_rule::nudge);
  EXPECT_EQ(a4->when, timing::early);
  EXPECT_FALSE(a4->courtesy);
  EXPECT_EQ(a4->prev_when, timing::early);
  // Ten days after F's message: inside the overdue window planned just before, late for the one
  // planned at F's message (answer by the end of the next business day).
  EXPECT_EQ(e5->when, timing::in);
  EXPECT_EQ(e5->prev_rule, window_rule::their_turn);
  EXPECT_EQ(e5->prev_when, timing::late);
  // Fixed rules, from the last event: 23 hours is early for "3-7 days"; 10 days is late for it and
  // early for "14 days".
  EXPECT_EQ(a3->fixed[0], timing::early);
  EXPECT_EQ(e5->fixed[0], timing::late);
  EXPECT_EQ(e5->fixed[1], timing::early);

  const followup_summary s = summarize(ev, fo);
  EXPECT_EQ(s.outreach, 7u);
  EXPECT_GT(s.mean_width_days, 0);
}

TEST(FollowupsTest, CourtesyWhenOnlyTheCalendarMovedEarliest) {
  // Their message on Friday 22:00 UTC: the rule allows an answer now, the calendar (quiet hours,
  // weekend) opens on Monday 08:00. An answer on Saturday is early only because of a courtesy rule.
  const std::int64_t friday = t0 + 4 * day + 10 * hour;
  const std::string text = "A B " + std::to_string(friday - day) + "\nB A " + std::to_string(friday) + "\nA B " +
                           std::to_string(friday + 12 * hour) + "\nC D " + std::to_string(friday + 100 * day) + "\n";
  auto log = parse_edges(text, "weekend");
  ASSERT_TRUE(log);
  auto r = collect_outreach(*log, model::defaults(), followup_options{});
  ASSERT_TRUE(r);
  const outreach* a = find(*r, *log, "A", friday + 12 * hour);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->rule, window_rule::their_turn);
  EXPECT_EQ(a->when, timing::early);
  EXPECT_TRUE(a->courtesy);
}

TEST(FollowupsTest, CourtesyOffLeavesNothingEarlyByCourtesy) {
  // The same Saturday answer with every courtesy rule off: the window is open, the answer in it.
  const std::int64_t friday = t0 + 4 * day + 10 * hour;
  const std::string text = "A B " + std::to_string(friday - day) + "\nB A " + std::to_string(friday) + "\nA B " +
                           std::to_string(friday + 12 * hour) + "\nC D " + std::to_string(friday + 100 * day) + "\n";
  auto log = parse_edges(text, "weekend");
  ASSERT_TRUE(log);
  followup_options fo;
  fo.constraints.courtesy = {false, false, false, false, false};
  auto r = collect_outreach(*log, model::defaults(), fo);
  ASSERT_TRUE(r);
  const outreach* a = find(*r, *log, "A", friday + 12 * hour);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->when, timing::in);
  EXPECT_FALSE(a->courtesy);
  // Early by courtesy is left out of the evidence view, kept in the plain one.
  outreach early = *a;
  early.when = timing::early;
  early.courtesy = true;
  EXPECT_EQ(just_before(early).when, timing::early);
  EXPECT_EQ(just_before_evidence(early).when, timing::none);
  early.courtesy = false;
  EXPECT_EQ(just_before_evidence(early).when, timing::early);
}

TEST(FollowupsTest, LearnedProfilesMoveOnlyTheBestHour) {
  // Each contact's week (from their messages earlier in the log) changes where best falls and the
  // reply chance there, never the window's rule, class or width.
  const event_log log = synthetic();
  followup_options learned, flat;
  flat.learn_profiles = false;
  auto a = collect_outreach(log, model::defaults(), learned);
  auto b = collect_outreach(log, model::defaults(), flat);
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->size(), b->size());
  for (std::size_t i = 0; i < a->size(); ++i) {
    const outreach &x = (*a)[i], &y = (*b)[i];
    EXPECT_EQ(x.rule, y.rule) << i;
    EXPECT_EQ(x.when, y.when) << i;
    EXPECT_EQ(x.prev_when, y.prev_when) << i;
    EXPECT_DOUBLE_EQ(x.width_days, y.width_days) << i;
    EXPECT_GT(x.reply_chance, 0) << i;
    EXPECT_LT(x.reply_chance, 1) << i;
  }
}
