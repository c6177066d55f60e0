#include <rapport/recommend.hpp>
#include <rapport/recommend_batch.hpp>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

// Counts heap allocations, to show the batch path makes none per contact. Every plain form of
// new and delete is replaced, so they stay paired (sanitizers check that).
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12 at -O2 sees the replaced operator delete's free() after inlining and flags a
// new/free mismatch that does not exist: both sides are replaced here and use malloc/free.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
static std::atomic<long> allocations{0};
static void* counted_alloc(std::size_t n) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n ? n : 1);
}
void* operator new(std::size_t n) {
  if (void* p = counted_alloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  if (void* p = counted_alloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted_alloc(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return counted_alloc(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

using rapport::action;
using rapport::channel;
using rapport::date;
using rapport::direction;
using rapport::timestamp;
using rapport::utc;
using rapport::weekday;

rapport::interaction ix(timestamp t, channel c, direction d) {
  rapport::interaction x;
  x.at = t;
  x.via = c;
  x.dir = d;
  return x;
}

rapport::history hist(std::vector<rapport::interaction> xs) {
  auto h = rapport::history::from(std::move(xs), rapport::channel_table::defaults());
  EXPECT_TRUE(h) << (h ? "" : h.error().message);
  return h ? *h : rapport::history{};
}

rapport::recommendation rec(const rapport::history& h, timestamp now, const rapport::contact_constraints& c = {},
                            const rapport::recommend_options& o = {}) {
  auto r = rapport::recommend(h, now, c, rapport::model::defaults(), o);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : rapport::recommendation{};
}

/// The shipped model with band thresholds so low that warmth never leaves its band within a few
/// gaps: tests of the rhythm rules then do not depend on the fitted coefficients.
const rapport::model& rhythm_model() {
  static const rapport::model m = [] {
    auto p = rapport::model::defaults().params();
    p.band_cooling = 0.001;
    p.band_warm = 0.002;
    p.band_hot = 0.003;
    return *rapport::model::create(p);
  }();
  return m;
}
rapport::recommendation rec_rhythm(const rapport::history& h, timestamp now, const rapport::contact_constraints& c) {
  auto r = rapport::recommend(h, now, c, rhythm_model());
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : rapport::recommendation{};
}

bool mentions(const rapport::recommendation& r, const char* text) {
  for (const auto& s : r.reasons)
    if (s.find(text) != std::string::npos) return true;
  return false;
}

rapport::time_zone posix(const char* tz) {
  auto z = rapport::time_zone::from_posix(tz);
  EXPECT_TRUE(z);
  return z ? *z : rapport::time_zone::utc();
}

/// A calendar open every day, all day: the window is then exactly the rules' natural window.
const rapport::calendar& always_open() {
  static const rapport::calendar c = [] {
    rapport::calendar_spec s;
    s.weekend = rapport::weekday_set{};
    return *rapport::calendar::create(s);
  }();
  return c;
}
rapport::contact_constraints unconstrained() {
  rapport::contact_constraints c;
  c.cal = &always_open();
  c.quiet = rapport::quiet_hours::none();
  return c;
}

// ---- the rules ----------------------------------------------------------------------------------

TEST(RecommendTest, FirstMeetingGetsNextBusinessDayToThreeBusinessDays) {
  const auto ny = posix("EST5EDT,M3.2.0,M11.1.0");
  auto us = rapport::calendar::builtin("us_federal");
  rapport::contact_constraints c;
  c.zone = &ny;
  c.cal = &*us;
  // Met at an event on Monday 7 Dec 2026, 19:00 EST; now is that evening.
  const auto h = hist({ix(utc(2026, 12, 8, 0), channel::event, direction::mutual)});
  const auto r = rec(h, utc(2026, 12, 8, 1), c);
  EXPECT_EQ(r.window.stage, rapport::stage::new_contact);
  EXPECT_EQ(r.window.what, action::wait_until);
  EXPECT_EQ(r.window.earliest, utc(2026, 12, 8, 13));    // Tuesday 08:00 EST
  EXPECT_EQ(r.window.latest, utc(2026, 12, 11, 0, 59));  // Thursday 19:59 EST
  EXPECT_EQ(r.earliest_local, "Tue 2026-12-08 08:00 EST");
  EXPECT_TRUE(mentions(r, "first impression"));
}

TEST(RecommendTest, HolidayObservedOnAMondayIsSkipped) {
  // 4 July 2027 is a Sunday, observed on Monday 5 July: met Friday 2 July, follow up from Tuesday.
  const auto ny = posix("EST5EDT,M3.2.0,M11.1.0");
  auto us = rapport::calendar::builtin("us_federal");
  rapport::contact_constraints c;
  c.zone = &ny;
  c.cal = &*us;
  const auto h = hist({ix(utc(2027, 7, 2, 16), channel::event, direction::mutual)});
  const auto r = rec(h, utc(2027, 7, 2, 20), c);
  EXPECT_EQ(r.earliest_local.substr(0, 14), "Tue 2027-07-06");
  EXPECT_EQ(r.window.latest, utc(2027, 7, 8, 23, 59));  // Thursday 19:59 EDT: Tue, Wed, Thu
  EXPECT_TRUE(mentions(r, "Independence Day")) << r.reasons[0];
}

TEST(RecommendTest, TheirTurnMeansAnswerSoon) {
  const auto h = hist({ix(utc(2026, 11, 10, 15), channel::email, direction::outbound),
                       ix(utc(2026, 11, 24, 15), channel::email, direction::inbound)});
  const auto r = rec(h, utc(2026, 11, 24, 16));  // Tuesday 16:00 UTC
  EXPECT_EQ(r.window.what, action::reach_out_now);
  EXPECT_EQ(r.window.earliest, utc(2026, 11, 24, 16));
  EXPECT_EQ(r.window.latest, utc(2026, 11, 25, 19, 59));  // end of the next business day
  EXPECT_TRUE(mentions(r, "ball is in your court"));
}

TEST(RecommendTest, AnOldInboundMessageIsNoLongerOurTurn) {
  // They answered two months ago: the ball is not waiting in our court, the pair's rhythm decides.
  const auto h = hist({ix(utc(2026, 8, 3, 15), channel::meeting, direction::mutual),
                       ix(utc(2026, 9, 14, 9), channel::email, direction::outbound),
                       ix(utc(2026, 9, 14, 13), channel::email, direction::inbound)});
  const auto r = rec(h, utc(2026, 11, 24, 16));
  EXPECT_FALSE(mentions(r, "ball is in your court"));
  const auto fresh = rec(h, utc(2026, 9, 15, 9));  // the next morning it is
  EXPECT_TRUE(mentions(fresh, "ball is in your court"));
}

TEST(RecommendTest, AwaitingReplyWaitsForTheLatencyQuantileAndBacksOff) {
  const auto c = unconstrained();
  const timestamp q1 = utc(2026, 9, 1, 12);
  // They answered twice, each within an hour: their latency is short, shrunk toward the population's.
  std::vector<rapport::interaction> xs{
      ix(q1, channel::email, direction::outbound), ix({q1.seconds + 3000}, channel::email, direction::inbound),
      ix(utc(2026, 10, 1, 12), channel::email, direction::outbound), ix(utc(2026, 10, 1, 13), channel::email, direction::inbound),
      ix(utc(2026, 11, 2, 12), channel::email, direction::outbound)};
  const auto h1 = hist(xs);
  const auto now = utc(2026, 11, 2, 13);
  auto s = rapport::snapshot_of(h1, now, rapport::model::defaults());
  ASSERT_TRUE(s);
  const auto& p = rapport::model::defaults().params();
  const double mu = (s->log_latency_sum + p.latency_prior_weight * p.latency_log_mean) / (s->replies + p.latency_prior_weight);
  const double q80 = std::exp(mu + 0.8416212335729143 * p.latency_log_sd);
  EXPECT_NEAR(rapport::reply_latency_quantile(*s, p, 0.8), q80, 1e-6 * q80);
  const double wait = std::max(q80, 86400.0);
  const auto r1 = rec(h1, now, c);
  EXPECT_EQ(r1.window.stage, rapport::stage::awaiting_reply);
  EXPECT_EQ(r1.window.what, action::wait_until);
  EXPECT_NEAR(static_cast<double>(r1.window.earliest.seconds - utc(2026, 11, 2, 12).seconds), wait, 60);
  EXPECT_TRUE(mentions(r1, "spontaneous reply"));
  // A second unanswered nudge doubles the wait.
  xs.push_back(ix(utc(2026, 11, 6, 12), channel::email, direction::outbound));
  const auto r2 = rec(hist(xs), utc(2026, 11, 6, 13), c);
  EXPECT_NEAR(static_cast<double>(r2.window.earliest.seconds - utc(2026, 11, 6, 12).seconds), 2 * wait, 60);
  EXPECT_TRUE(mentions(r2, "x2 per unanswered nudge"));
  // A third: give space, with a re-engagement date 90 days after the last message.
  xs.push_back(ix(utc(2026, 11, 12, 12), channel::email, direction::outbound));
  const auto r3 = rec(hist(xs), utc(2026, 11, 12, 13), c);
  EXPECT_EQ(r3.window.what, action::give_space);
  EXPECT_EQ(r3.window.earliest, timestamp{utc(2026, 11, 12, 12).seconds + 90 * 86400});
  EXPECT_TRUE(mentions(r3, "stop chasing"));
  // Once the rest is over (and the tie is not yet dormant by its slow rhythm), re-engage.
  rapport::recommend_options slow;
  slow.give_space_days = 20;
  const auto r4 = rec(hist(xs), utc(2026, 12, 10, 13), c, slow);
  EXPECT_EQ(r4.window.what, action::re_engage_on);
  EXPECT_EQ(r4.window.earliest, utc(2026, 12, 10, 13));
}

TEST(RecommendTest, ReplyLatencyIsShrunkTowardThePopulation) {
  const auto& p = rapport::model::defaults().params();
  rapport::snapshot none;
  const double prior = rapport::reply_latency_quantile(none, p, 0.8);
  EXPECT_NEAR(prior, std::exp(p.latency_log_mean + 0.8416212335729143 * p.latency_log_sd), 1e-6 * prior);
  rapport::snapshot fast;
  fast.replies = 3;
  fast.log_latency_sum = 3 * std::log(60.0);
  rapport::snapshot faster = fast;
  faster.replies = 300;
  faster.log_latency_sum = 300 * std::log(60.0);
  const double q_fast = rapport::reply_latency_quantile(fast, p, 0.8), q_faster = rapport::reply_latency_quantile(faster, p, 0.8);
  EXPECT_LT(q_fast, prior);
  EXPECT_LT(q_faster, q_fast);  // more evidence, less shrinkage
  EXPECT_GT(q_faster, 60.0);
}

TEST(RecommendTest, ExplicitReachOutDateWins) {
  auto c = unconstrained();
  c.reach_out_after = utc(2027, 1, 12, 9);
  const auto h = hist({ix(utc(2026, 11, 20, 12), channel::email, direction::inbound)});  // their turn otherwise
  const auto r = rec(h, utc(2026, 11, 24, 12), c);
  EXPECT_EQ(r.window.what, action::wait_until);
  EXPECT_EQ(r.window.earliest, utc(2027, 1, 12, 9));
  EXPECT_TRUE(mentions(r, "on or after"));
  // A date before the last interaction has been acted on: the usual rules apply again.
  c.reach_out_after = utc(2026, 11, 1);
  EXPECT_EQ(rec(h, utc(2026, 11, 24, 12), c).window.what, action::reach_out_now);
}

TEST(RecommendTest, LeaveCoveringTheWholeNaturalWindowMovesItPastTheLeave) {
  const auto lon = posix("GMT0BST,M3.5.0/1,M10.5.0");
  auto uk = rapport::calendar::builtin("england_wales");
  rapport::contact_constraints c;
  c.zone = &lon;
  c.cal = &*uk;
  // Met Monday 7 Dec 2026; away from Tuesday 8 to Friday 18 Dec inclusive.
  c.do_not_contact = {{utc(2026, 12, 8), utc(2026, 12, 19)}};
  const auto h = hist({ix(utc(2026, 12, 7, 18), channel::event, direction::mutual)});
  const auto r = rec(h, utc(2026, 12, 7, 19), c);
  EXPECT_GE(r.window.earliest, utc(2026, 12, 19));
  EXPECT_EQ(r.earliest_local, "Mon 2026-12-21 08:00 GMT");
  EXPECT_LE(r.window.latest, utc(2026, 12, 24));
  EXPECT_TRUE(mentions(r, "do-not-contact"));
  EXPECT_NE(r.window.what, action::no_window);
}

TEST(RecommendTest, AHardDeadlineSqueezedByTheCalendarGivesNoWindowBefore) {
  const auto ny = posix("EST5EDT,M3.2.0,M11.1.0");
  auto us = rapport::calendar::builtin("us_federal");
  rapport::contact_constraints c;
  c.zone = &ny;
  c.cal = &*us;
  c.reach_out_before = utc(2026, 11, 27, 12);  // Friday 07:00 EST; Thursday is Thanksgiving
  const auto h = hist({ix(utc(2026, 11, 25, 20), channel::event, direction::mutual)});
  const auto r = rec(h, utc(2026, 11, 26, 2), c);  // Wednesday 21:00 EST
  EXPECT_EQ(r.window.what, action::no_window);
  EXPECT_EQ(r.window.next_opening, utc(2026, 11, 27, 13));  // Friday 08:00 EST
  EXPECT_EQ(r.next_opening_local, "Fri 2026-11-27 08:00 EST");
  EXPECT_TRUE(mentions(r, "no window before Fri 2026-11-27 08:00 EST"));
}

TEST(RecommendTest, DoNotContactForeverGivesNoWindowAndNoDate) {
  rapport::contact_constraints c;
  c.do_not_contact = {{utc(2026, 11, 1), timestamp::max()}};
  const auto h = hist({ix(utc(2026, 10, 20, 10), channel::email, direction::inbound)});
  const auto r = rec(h, utc(2026, 11, 24, 12), c);
  EXPECT_EQ(r.window.what, action::no_window);
  EXPECT_EQ(r.window.next_opening.seconds, 0);
  EXPECT_TRUE(r.earliest_local.empty());
  EXPECT_TRUE(mentions(r, "no open time within"));
}

TEST(RecommendTest, ASqueezedSoftWindowIsStretchedOrWithoutStretchingNoWindow) {
  // They wrote on Friday 27 Nov at 21:00 UTC and we answer "the same business day": that day's open
  // time (until 20:00) is over, and the weekend follows.
  rapport::recommend_options o;
  o.respond_within_business_days = 0;
  const auto h = hist({ix(utc(2026, 11, 27, 21), channel::email, direction::inbound)});
  const timestamp now = utc(2026, 11, 27, 21, 30);
  const auto stretched = rec(h, now, {}, o);
  EXPECT_EQ(stretched.window.what, action::wait_until);
  EXPECT_EQ(stretched.window.earliest, utc(2026, 11, 30, 8));
  EXPECT_EQ(stretched.window.latest, utc(2026, 12, 1, 19, 59));
  EXPECT_TRUE(mentions(stretched, "extended to the next business day"));
  o.stretch_to_fit = false;
  const auto strict = rec(h, now, {}, o);
  EXPECT_EQ(strict.window.what, action::no_window);
  EXPECT_EQ(strict.window.next_opening, utc(2026, 11, 30, 8));
  EXPECT_TRUE(mentions(strict, "no window before Mon 2026-11-30 08:00 UTC"));
}

TEST(RecommendTest, EstablishedFollowsTheirRhythmAndLatestKeepsWarmthInItsBand) {
  std::vector<rapport::interaction> xs;
  for (int k = 0; k < 12; ++k) {
    const timestamp t{utc(2026, 5, 4, 10).seconds + k * 9LL * 86400};
    xs.push_back(ix(t, channel::email, direction::outbound));
    xs.push_back(ix({t.seconds + 1800}, channel::email, direction::inbound));
  }
  xs.push_back(ix(utc(2026, 8, 20, 15), channel::meeting, direction::mutual));
  const auto h = hist(xs);
  const auto c = unconstrained();
  const timestamp now = utc(2026, 8, 21, 12);
  auto s = rapport::snapshot_of(h, now, rapport::model::defaults());
  ASSERT_TRUE(s);
  const double gap = rapport::typical_gap_seconds(*s, rapport::model::defaults().params());
  // The rhythm alone (warmth never near its floor): from three quarters of the usual gap after the
  // last contact, rounded up to the hour, to two gaps.
  const auto r = rec_rhythm(h, now, c);
  EXPECT_EQ(r.window.stage, rapport::stage::established);
  EXPECT_GE(static_cast<double>(r.window.earliest.seconds - s->last), 0.75 * gap);
  EXPECT_LT(static_cast<double>(r.window.earliest.seconds - s->last), 0.75 * gap + 3600);
  EXPECT_EQ(r.window.earliest.seconds % 3600, 0);
  EXPECT_LE(static_cast<double>(r.window.latest.seconds - s->last), 2 * gap + 60);
  EXPECT_TRUE(mentions(r, "usually in touch every"));
  // With the shipped model: latest never lets warmth fall below its floor, and a window that would
  // open after that is pulled forward.
  const auto shipped = rec(h, now, c);
  const double at_latest = rapport::detail::warmth_later(*s, now, shipped.window.latest, rapport::model::defaults());
  if (shipped.window.why & rapport::bit(rapport::why_code::warmth_limit)) {
    EXPECT_GE(at_latest, shipped.window.warmth_floor - 1e-9);
    EXPECT_TRUE(mentions(shipped, "falls below"));
  }
  EXPECT_LE(static_cast<double>(shipped.window.latest.seconds - s->last), 2 * gap + 60);
}

TEST(RecommendTest, LeaveDoesNotCountTowardTheCadence) {
  std::vector<rapport::interaction> xs;
  for (int k = 0; k < 8; ++k)
    xs.push_back(ix({utc(2026, 6, 1, 10).seconds + k * 10LL * 86400}, channel::call, direction::mutual));
  const auto h = hist(xs);  // every 10 days, the last on 10 Aug
  auto c = unconstrained();
  const timestamp now = utc(2026, 8, 11, 10);
  const auto plain = rec_rhythm(h, now, c);
  ASSERT_EQ(plain.window.earliest, utc(2026, 8, 17, 22));     // 7.5 days after 10 Aug 10:00
  c.do_not_contact = {{utc(2026, 8, 12), utc(2026, 8, 22)}};  // ten days away
  const auto away = rec_rhythm(h, now, c);
  EXPECT_EQ(away.window.earliest, utc(2026, 8, 27, 22));
  EXPECT_EQ(away.window.paused_seconds, 10 * 86400);
  EXPECT_TRUE(mentions(away, "does not count"));
}

TEST(RecommendTest, CommittedOverrideSlowsTheCadenceAndParkedGivesSpace) {
  std::vector<rapport::interaction> xs;
  for (int k = 0; k < 8; ++k)
    xs.push_back(ix({utc(2026, 6, 1, 10).seconds + k * 10LL * 86400}, channel::call, direction::mutual));
  const auto h = hist(xs);
  auto c = unconstrained();
  const timestamp now = utc(2026, 8, 12);
  const auto plain = rec_rhythm(h, now, c);
  c.override_stage = rapport::stage_override::committed;
  const auto committed = rec_rhythm(h, now, c);
  EXPECT_EQ(committed.window.stage, rapport::stage::committed);
  EXPECT_NEAR(committed.window.wait_seconds, 2 * plain.window.wait_seconds, 1);
  EXPECT_GT(committed.window.earliest, plain.window.earliest);
  c.override_stage = rapport::stage_override::parked;
  const auto parked = rec(h, now, c);
  EXPECT_EQ(parked.window.what, action::re_engage_on);
  EXPECT_EQ(parked.window.earliest, timestamp{xs.back().at.seconds + 90 * 86400});
  EXPECT_TRUE(mentions(parked, "parked"));
}

TEST(RecommendTest, DormantTiesAreRankedByProbabilityStillActive) {
  const auto h = hist({ix(utc(2024, 1, 10, 10), channel::meeting, direction::mutual),
                       ix(utc(2024, 2, 10, 10), channel::email, direction::inbound),
                       ix(utc(2024, 2, 11, 10), channel::email, direction::outbound),
                       ix(utc(2024, 2, 12, 10), channel::email, direction::inbound)});
  const auto c = unconstrained();
  const auto soon = rec(h, utc(2024, 9, 1), c), late = rec(h, utc(2026, 9, 1), c);
  EXPECT_EQ(soon.window.stage, rapport::stage::dormant);
  EXPECT_EQ(soon.window.what, action::re_engage_on);
  EXPECT_GT(soon.window.p_active, 0.0);
  EXPECT_LT(soon.window.p_active, 1.0);
  EXPECT_GT(soon.window.p_active, late.window.p_active);
  EXPECT_GE(soon.window.reply_chance, late.window.reply_chance);
  EXPECT_TRUE(mentions(soon, "still active"));
}

TEST(RecommendTest, BestIsTheOpenHourWithTheHighestReplyChanceOnTheirClock) {
  // A contact in Auckland who answers at 07:00 their time: Monday evening UTC is Tuesday morning there.
  const auto akl = posix("NZST-12NZDT,M9.5.0,M4.1.0/3");
  std::vector<rapport::interaction> xs;
  for (int k = 0; k < 10; ++k) {
    const timestamp ask{utc(2026, 10, 5, 20).seconds + k * 7LL * 86400 - 3600};  // Tuesday 08:00 NZDT minus 1 h
    xs.push_back(ix(ask, channel::email, direction::outbound));
    xs.push_back(ix({utc(2026, 10, 5, 18).seconds + k * 7LL * 86400}, channel::email, direction::inbound));  // Tue 07:00 NZDT
  }
  std::sort(xs.begin(), xs.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  const auto h = hist(xs);
  auto prof = rapport::week_profile::from_history(h, &akl);
  ASSERT_TRUE(prof);
  const std::size_t tuesday_7 = static_cast<std::size_t>(weekday::tuesday) * 24 + 7;
  EXPECT_EQ(prof->peak(), tuesday_7);
  rapport::contact_constraints c;
  c.zone = &akl;
  c.quiet = {22 * 60, 5 * 60};  // the window opens before their 07:00
  c.profile = &*prof;
  const timestamp now = utc(2026, 12, 10, 12);
  const auto r = rec(h, now, c);
  ASSERT_NE(r.window.what, action::no_window);
  EXPECT_NE(r.best_local.find("NZDT"), std::string::npos);
  // Best is the open whole hour of the scanned days with the highest predicted reply chance (the
  // hour's lift from their profile against what waiting costs); its chance is the window's.
  const auto& m = rapport::model::defaults();
  auto s = rapport::snapshot_of(h, now, m);
  ASSERT_TRUE(s);
  auto chance_at = [&](timestamp t) {
    return rapport::reply_chance_at(*s, now, t, prof->lift(rapport::week_profile::slot_of(&akl, t)), m);
  };
  EXPECT_NEAR(r.window.reply_chance, chance_at(r.window.best), 1e-12);
  const rapport::availability a{&akl, nullptr, c.quiet, nullptr, 0};
  const timestamp end{std::min<std::int64_t>(r.window.latest.seconds, r.window.earliest.seconds + 7 * 86400LL)};
  const auto best = akl.to_local(r.window.best);
  const double best_lift = prof->lift(rapport::week_profile::slot_of(&akl, r.window.best));
  int hours = 0;
  for (auto t = rapport::next_open(a, r.window.earliest, end); t; t = rapport::next_open(a, {t->seconds + 3600}, end), ++hours) {
    EXPECT_LE(chance_at(*t), r.window.reply_chance + 1e-3) << rapport::format_utc(*t);  // the slow part: once a day
    // Within its day, best is their most active open hour: there only the hour's part differs.
    if (akl.to_local(*t).day == best.day) {
      EXPECT_LE(prof->lift(rapport::week_profile::slot_of(&akl, *t)), best_lift + 1e-12) << rapport::format_utc(*t);
    }
  }
  EXPECT_GT(hours, 24);
  // Here the window opens at 05:00 on a Tuesday: the hour's part moves best to their 07:00.
  EXPECT_GT(r.window.best, r.window.earliest);
  EXPECT_EQ(best.hour(), 7) << r.best_local;
  EXPECT_EQ(best.wday(), weekday::tuesday) << r.best_local;
}

TEST(RecommendTest, NudgeWaitsLongerTheLikelierASpontaneousAnswer) {
  // A slow contact (answers after three days): the 80th percentile of their latency is days away.
  const auto c = unconstrained();
  std::vector<rapport::interaction> xs{
      ix(utc(2026, 8, 1, 12), channel::email, direction::outbound), ix(utc(2026, 8, 4, 12), channel::email, direction::inbound),
      ix(utc(2026, 9, 1, 12), channel::email, direction::outbound), ix(utc(2026, 9, 4, 12), channel::email, direction::inbound),
      ix(utc(2026, 11, 2, 12), channel::email, direction::outbound)};
  const auto h = hist(xs);
  const auto now = utc(2026, 11, 2, 13);
  const auto& p = rapport::model::defaults().params();
  auto s = rapport::snapshot_of(h, now, rapport::model::defaults());
  ASSERT_TRUE(s);
  const double q80 = rapport::reply_latency_quantile(*s, p, 0.8);
  ASSERT_GT(q80, 2 * 86400.0);
  // Reply models that give every outreach the same chance: logistic(intercept).
  auto wait_with = [&](double intercept) {
    rapport::reply_params rp;
    rp.intercept = intercept;
    rapport::recommend_options o;
    o.reply = &rp;
    return rec(h, now, c, o).window.wait_seconds;
  };
  EXPECT_NEAR(wait_with(-3), 86400, 1);  // an answer is unlikely from the start: the minimum wait
  EXPECT_NEAR(wait_with(0), 86400, 1);   // an even chance: "still coming" is below one half at once
  EXPECT_NEAR(wait_with(3), q80, 1);     // a likely answer: wait up to the latency's 80th percentile
  // In between: the chance that an answer is still coming, p S(t) / (1 - p + p S(t)), reaches 0.5.
  const double chance = rapport::logistic(1.5), survival = (1 - chance) / chance;
  const double mu = rapport::latency_log_mean_of(*s, p);
  const double expected = std::exp(mu + rapport::detail::inverse_normal_cdf(1 - survival) * p.latency_log_sd);
  ASSERT_GT(expected, 86400.0);
  ASSERT_LT(expected, q80);
  EXPECT_NEAR(wait_with(1.5), expected, 1e-6 * expected);
}

TEST(RecommendTest, EachCourtesyRuleCanBeTurnedOff) {
  const auto ny = posix("EST5EDT,M3.2.0,M11.1.0");
  auto us = rapport::calendar::builtin("us_federal");
  ASSERT_TRUE(us);
  rapport::contact_constraints c;
  c.zone = &ny;
  c.cal = &*us;
  // They wrote on Thanksgiving (Thursday 26 Nov 2026) at 22:00 New York time.
  const timestamp wrote = utc(2026, 11, 27, 3), now = utc(2026, 11, 27, 3, 5);
  const auto h = hist({ix(wrote, channel::email, direction::inbound)});
  const auto polite = rec(h, now, c);
  EXPECT_EQ(polite.window.what, action::wait_until);
  EXPECT_EQ(polite.window.earliest, utc(2026, 11, 27, 13));  // Friday 08:00 EST: after quiet hours
  c.courtesy.quiet_hours = false;
  EXPECT_EQ(rec(h, now, c).window.earliest, utc(2026, 11, 27, 5));  // the holiday still closes Thursday: Friday 00:00
  c.courtesy.quiet_hours = true;
  // Holidays: they wrote on Thanksgiving at 10:00.
  const auto h2 = hist({ix(utc(2026, 11, 26, 15), channel::email, direction::inbound)});
  const auto on_holiday = rec(h2, utc(2026, 11, 26, 15, 5), c);
  EXPECT_EQ(on_holiday.window.earliest_moved_by, rapport::closed_reason::holiday);
  c.courtesy.holidays = false;
  EXPECT_EQ(rec(h2, utc(2026, 11, 26, 15, 5), c).window.what, action::reach_out_now);
  c.courtesy.holidays = true;
  // Weekends off with a holiday calendar: the calendar must be built without a weekend instead.
  c.courtesy.weekends = false;
  auto bad = rapport::recommend(h, now, c);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("courtesy.weekends"), std::string::npos) << bad.error().message;
  c.courtesy.holidays = false;  // both off: every day is a business day
  const timestamp saturday = utc(2026, 11, 28, 15);
  EXPECT_EQ(rec(hist({ix(saturday, channel::email, direction::inbound)}), {saturday.seconds + 300}, c).window.what,
            action::reach_out_now);
  c = rapport::contact_constraints{};
  // Leave: a do-not-contact period around now holds the window back unless leave is off.
  const auto h3 = hist({ix(utc(2026, 11, 23, 10), channel::email, direction::inbound)});
  c.do_not_contact = {{utc(2026, 11, 23, 11), utc(2026, 12, 7)}};
  EXPECT_GE(rec(h3, utc(2026, 11, 23, 12), c).window.earliest, utc(2026, 12, 7));
  c.courtesy.leave = false;
  EXPECT_EQ(rec(h3, utc(2026, 11, 23, 12), c).window.what, action::reach_out_now);
  // The first-meeting wait: met at an event on Monday 10:00, nothing since.
  c = rapport::contact_constraints{};
  const auto met = hist({ix(utc(2026, 11, 23, 10), channel::event, direction::mutual)});
  EXPECT_EQ(rec(met, utc(2026, 11, 23, 11), c).window.earliest, utc(2026, 11, 24, 8));
  c.courtesy.first_meeting_wait = false;
  EXPECT_EQ(rec(met, utc(2026, 11, 23, 11), c).window.what, action::reach_out_now);
}

TEST(RecommendTest, EarliestFollowsTheWallClockAcrossSpringForwardAndFallBack) {
  const auto ny = posix("EST5EDT,M3.2.0,M11.1.0");
  rapport::contact_constraints c;
  c.zone = &ny;
  // They wrote Friday 6 Mar 2026 at 22:00 EST: answer from Monday 08:00, which is EDT by then.
  const auto spring = rec(hist({ix(utc(2026, 3, 7, 3), channel::email, direction::inbound)}), utc(2026, 3, 7, 3, 5), c);
  EXPECT_EQ(spring.window.earliest, utc(2026, 3, 9, 12));
  EXPECT_EQ(spring.earliest_local, "Mon 2026-03-09 08:00 EDT");
  const auto fall = rec(hist({ix(utc(2026, 10, 31, 2), channel::email, direction::inbound)}), utc(2026, 10, 31, 2, 5), c);
  EXPECT_EQ(fall.window.earliest, utc(2026, 11, 2, 13));
  EXPECT_EQ(fall.earliest_local, "Mon 2026-11-02 08:00 EST");
  const auto lon = posix("GMT0BST,M3.5.0/1,M10.5.0");
  c.zone = &lon;
  const auto uk = rec(hist({ix(utc(2026, 10, 23, 21), channel::email, direction::inbound)}), utc(2026, 10, 23, 21, 5), c);
  EXPECT_EQ(uk.earliest_local, "Mon 2026-10-26 08:00 GMT");
  EXPECT_EQ(uk.window.earliest, utc(2026, 10, 26, 8));
}

TEST(RecommendTest, IanaZonesFromTheSystemWork) {
  if (!std::filesystem::exists("/usr/share/zoneinfo/Europe/London")) GTEST_SKIP() << "no system zoneinfo";
  auto lon = rapport::time_zone::from_iana("Europe/London");
  ASSERT_TRUE(lon);
  rapport::contact_constraints c;
  c.zone = &*lon;
  const auto r = rec(hist({ix(utc(2026, 3, 27, 21), channel::email, direction::inbound)}), utc(2026, 3, 27, 21, 5), c);
  EXPECT_EQ(r.earliest_local, "Mon 2026-03-30 08:00 BST");
  EXPECT_EQ(r.window.earliest, utc(2026, 3, 30, 7));
}

TEST(RecommendTest, RejectsBadInputNamingIt) {
  const auto h = hist({ix(utc(2026, 11, 20), channel::email, direction::inbound)});
  rapport::contact_constraints c;
  c.do_not_contact = {{utc(2026, 12, 1), utc(2026, 12, 5)}, {utc(2026, 12, 20), utc(2026, 12, 10)}};
  auto r = rapport::recommend(h, utc(2026, 11, 24), c);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("do-not-contact period #1"), std::string::npos) << r.error().message;
  c.do_not_contact.clear();
  auto early = rapport::recommend(h, utc(2026, 11, 1), c);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, rapport::errc::out_of_range);
  rapport::recommend_options o;
  o.reply_quantile = 1.5;
  auto bad_opt = rapport::recommend(h, utc(2026, 11, 24), c, rapport::model::defaults(), o);
  ASSERT_FALSE(bad_opt);
  EXPECT_NE(bad_opt.error().message.find("reply_quantile"), std::string::npos);
  c.preferred_hours = 1u << 30;
  EXPECT_FALSE(rapport::recommend(h, utc(2026, 11, 24), c));
  EXPECT_FALSE(rapport::recommend(rapport::contact_state{}, utc(2026, 11, 24)));
}

TEST(RecommendTest, PreferredDaysAreHonouredWhenOpen) {
  auto c = unconstrained();
  c.quiet = {18 * 60, 9 * 60};
  c.preferred_days = {weekday::thursday};
  // They wrote Monday 23 Nov; window = now (Monday) .. end of Tuesday + min width: Thursday not inside.
  const auto h = hist({ix(utc(2026, 11, 23, 10), channel::email, direction::inbound)});
  const auto r = rec(h, utc(2026, 11, 23, 11), c);
  EXPECT_TRUE(mentions(r, "none of their preferred"));
  // An explicit week-long window contains a Thursday: best lands on it.
  c.reach_out_after = utc(2026, 11, 24, 9);
  const auto r2 = rec(h, utc(2026, 11, 23, 11), c);
  EXPECT_EQ(rapport::weekday_of(date{static_cast<std::int32_t>(r2.window.best.seconds / 86400)}), weekday::thursday);
  EXPECT_TRUE(mentions(r2, "within their preferred"));
}

// ---- batch --------------------------------------------------------------------------------------

TEST(RecommendBatchTest, EqualsOneByOneAndSkipsBadContactsWithoutStopping) {
  const auto& m = rapport::model::defaults();
  std::mt19937_64 rng(7);
  const timestamp now = utc(2026, 11, 25, 15);
  std::vector<rapport::contact_state> states(50);
  for (auto& st : states) {
    timestamp t{now.seconds - static_cast<std::int64_t>(rng() % (300 * 86400))};
    const int n = 1 + static_cast<int>(rng() % 12);
    std::vector<rapport::interaction> xs;
    for (int k = 0; k < n && t < now; ++k) {
      xs.push_back(ix(t, static_cast<channel>(rng() % 8), static_cast<direction>(rng() % 3)));
      t.seconds += static_cast<std::int64_t>(rng() % (20 * 86400));
    }
    for (const auto& x : xs) ASSERT_TRUE(st.absorb(x, m));
  }
  states[7] = rapport::contact_state{};  // empty: skipped
  const auto ny = posix("EST5EDT,M3.2.0,M11.1.0");
  auto us = rapport::calendar::builtin("us_federal");
  rapport::contact_constraints nyc;
  nyc.zone = &ny;
  nyc.cal = &*us;
  rapport::contact_constraints broken;
  broken.do_not_contact = {{utc(2026, 12, 2), utc(2026, 12, 1)}};
  std::vector<const rapport::contact_constraints*> cons(states.size(), &nyc);
  cons[3] = nullptr;   // defaults
  cons[11] = &broken;  // skipped, named
  std::vector<rapport::follow_up_window> out(states.size());
  auto rep = rapport::recommend_batch(states.data(), states.size(), cons.data(), now, out.data());
  ASSERT_TRUE(rep) << rep.error().message;
  EXPECT_EQ(rep->skipped, 2u);
  EXPECT_EQ(rep->planned, states.size() - 2);
  EXPECT_EQ(rep->first_bad, 7u);
  EXPECT_NE(rep->first_error.find("contact 7"), std::string::npos);
  EXPECT_EQ(out[11].what, action::no_window);
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (i == 7 || i == 11) continue;
    auto one = rapport::recommend(states[i], now, cons[i] ? *cons[i] : rapport::contact_constraints{});
    ASSERT_TRUE(one);
    EXPECT_EQ(one->window.what, out[i].what) << i;
    EXPECT_EQ(one->window.earliest, out[i].earliest) << i;
    EXPECT_EQ(one->window.best, out[i].best) << i;
    EXPECT_EQ(one->window.latest, out[i].latest) << i;
    EXPECT_EQ(one->window.why, out[i].why) << i;
    EXPECT_EQ(one->window.reply_chance, out[i].reply_chance) << i;
    const auto reasons = rapport::explain(out[i], cons[i] ? *cons[i] : rapport::contact_constraints{}, now);
    EXPECT_EQ(reasons, one->reasons) << i;
  }
}

TEST(RecommendBatchTest, AllocatesNothingPerContact) {
  const auto& m = rapport::model::defaults();
  const timestamp now = utc(2026, 11, 25, 15);
  std::mt19937_64 rng(3);
  std::vector<rapport::contact_state> states(2000);
  for (auto& st : states) {
    timestamp t{now.seconds - static_cast<std::int64_t>(rng() % (300 * 86400))};
    for (int k = 0; k < 6 && t <= now; ++k) {
      ASSERT_TRUE(st.absorb(ix(t, static_cast<channel>(rng() % 8), static_cast<direction>(rng() % 3)), m));
      t.seconds += static_cast<std::int64_t>(rng() % (20 * 86400));
    }
  }
  const auto ny = posix("EST5EDT,M3.2.0,M11.1.0");
  auto us = rapport::calendar::builtin("us_federal");
  rapport::contact_constraints a, b;
  a.zone = &ny;
  a.cal = &*us;
  a.do_not_contact = {{utc(2026, 12, 1), utc(2026, 12, 9)}};
  b.do_not_contact = {{utc(2026, 11, 20), utc(2026, 11, 30)}, {utc(2027, 1, 1), utc(2027, 1, 3)}};
  std::vector<const rapport::contact_constraints*> cons(states.size());
  for (std::size_t i = 0; i < cons.size(); ++i) cons[i] = i % 2 ? &a : &b;  // alternating: validated every time
  std::vector<rapport::follow_up_window> out(states.size());
  auto warm = rapport::recommend_batch(states.data(), 10, cons.data(), now, out.data());  // function-local statics
  ASSERT_TRUE(warm);
  const long before_small = allocations.load();
  ASSERT_TRUE(rapport::recommend_batch(states.data(), 10, cons.data(), now, out.data()));
  const long small = allocations.load() - before_small;
  const long before_large = allocations.load();
  ASSERT_TRUE(rapport::recommend_batch(states.data(), states.size(), cons.data(), now, out.data()));
  const long large = allocations.load() - before_large;
  EXPECT_EQ(small, large) << "allocations grow with the number of contacts";
}

TEST(RecommendBatchTest, ColumnsGiveTheSameWindowsAsStates) {
  const auto& m = rapport::model::defaults();
  std::mt19937_64 rng(11);
  const timestamp now = utc(2026, 11, 25, 15);
  std::vector<std::int64_t> at;
  std::vector<std::uint8_t> via, dir;
  std::vector<std::size_t> offsets{0};
  std::vector<rapport::contact_state> states(40);
  for (std::size_t c = 0; c < states.size(); ++c) {
    const int n = c == 5 ? 0 : 1 + static_cast<int>(rng() % 10);  // contact 5 has no rows
    timestamp t{now.seconds - static_cast<std::int64_t>(rng() % (200 * 86400))};
    for (int k = 0; k < n && t <= now; ++k) {
      const auto x = ix(t, static_cast<channel>(rng() % 8), static_cast<direction>(rng() % 3));
      ASSERT_TRUE(states[c].absorb(x, m));
      at.push_back(t.seconds);
      via.push_back(static_cast<std::uint8_t>(x.via));
      dir.push_back(static_cast<std::uint8_t>(x.dir));
      t.seconds += static_cast<std::int64_t>(rng() % (15 * 86400));
    }
    offsets.push_back(at.size());
  }
  const auto lon = posix("GMT0BST,M3.5.0/1,M10.5.0");
  rapport::contact_constraints c;
  c.zone = &lon;
  std::vector<const rapport::contact_constraints*> cons(states.size(), &c);
  const rapport::interaction_columns rows{at.data(), via.data(), dir.data(), at.size()};
  std::vector<rapport::follow_up_window> from_cols(states.size()), from_states(states.size());
  auto a = rapport::recommend_columns(offsets.data(), states.size(), rows, cons.data(), now, from_cols.data());
  auto b = rapport::recommend_batch(states.data(), states.size(), cons.data(), now, from_states.data());
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->skipped, 1u);
  EXPECT_EQ(a->first_bad, 5u);
  for (std::size_t i = 0; i < states.size(); ++i) {
    EXPECT_EQ(from_cols[i].what, from_states[i].what) << i;
    EXPECT_EQ(from_cols[i].earliest, from_states[i].earliest) << i;
    EXPECT_EQ(from_cols[i].best, from_states[i].best) << i;
    EXPECT_EQ(from_cols[i].latest, from_states[i].latest) << i;
  }
  // A row after now is an error naming the contact and the row.
  at[offsets[3]] = now.seconds + 10;
  auto bad = rapport::recommend_columns(offsets.data(), states.size(), rows, cons.data(), now, from_cols.data());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("contact 3, row " + std::to_string(offsets[3])), std::string::npos) << bad.error().message;
}

// ---- properties over random histories and calendars ---------------------------------------------

struct random_case {
  rapport::history h;
  timestamp now;
  rapport::contact_constraints c;
};

class RecommendPropertyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* zones[] = {"EST5EDT,M3.2.0,M11.1.0",
                           "GMT0BST,M3.5.0/1,M10.5.0",
                           "NZST-12NZDT,M9.5.0,M4.1.0/3",
                           "<+0530>-5:30",
                           "UTC0",
                           "<-03>3",
                           "AEST-10AEDT,M10.1.0,M4.1.0/3"};
    for (const char* z : zones) zones_.push_back(posix(z));
    const char* sets[] = {"us_federal", "england_wales", "none"};
    std::mt19937_64 rng(424242);
    for (int k = 0; k < 12; ++k) {
      auto spec = rapport::calendar::builtin_spec(sets[k % 3]);
      spec->weekend = rapport::weekday_set::from_bits(static_cast<std::uint8_t>(k < 3 ? 0x41 : rng() % 127));
      calendars_.push_back(*rapport::calendar::create(*spec));
    }
    for (int i = 0; i < 400; ++i) cases_.push_back(make(rng));
  }

  random_case make(std::mt19937_64& rng) {
    random_case rc;
    std::vector<rapport::interaction> xs;
    timestamp t{utc(2025, 1, 1).seconds + static_cast<std::int64_t>(rng() % (600 * 86400))};
    const int n = 1 + static_cast<int>(rng() % 25);
    for (int k = 0; k < n; ++k) {
      xs.push_back(ix(t, static_cast<channel>(rng() % 9), static_cast<direction>(rng() % 3)));
      const int scale = static_cast<int>(rng() % 3);
      t.seconds += static_cast<std::int64_t>(rng() % (scale == 0 ? 7200 : scale == 1 ? 3 * 86400 : 40 * 86400));
    }
    rc.h = hist(xs);
    rc.now = {rc.h.items().back().at.seconds + static_cast<std::int64_t>(rng() % (rng() % 2 ? 5 * 86400 : 300 * 86400))};
    rc.c.zone = &zones_[rng() % zones_.size()];
    rc.c.cal = &calendars_[rng() % calendars_.size()];
    rc.c.quiet = {static_cast<std::int16_t>(rng() % 1440), static_cast<std::int16_t>(rng() % 1440)};
    const int periods = static_cast<int>(rng() % 4);
    for (int k = 0; k < periods; ++k) {
      const timestamp from{rc.now.seconds - 20 * 86400 + static_cast<std::int64_t>(rng() % (80 * 86400))};
      rc.c.do_not_contact.push_back({from, {from.seconds + 3600 + static_cast<std::int64_t>(rng() % (25 * 86400))}});
    }
    if (rng() % 5 == 0)
      rc.c.reach_out_after = timestamp{rc.now.seconds + static_cast<std::int64_t>(rng() % (30 * 86400)) - 86400 * 5};
    if (rng() % 6 == 0)
      rc.c.reach_out_before = timestamp{rc.now.seconds + static_cast<std::int64_t>(rng() % (20 * 86400)) + 3600};
    if (rc.c.reach_out_after && rc.c.reach_out_before && *rc.c.reach_out_before <= *rc.c.reach_out_after)
      rc.c.reach_out_before.reset();
    if (rng() % 4 == 0) rc.c.preferred_days = rapport::weekday_set::from_bits(static_cast<std::uint8_t>(rng() % 128));
    if (rng() % 4 == 0) rc.c.preferred_hours = static_cast<std::uint32_t>(rng() % (1u << 24));
    const int ov = static_cast<int>(rng() % 10);
    rc.c.override_stage = ov == 0   ? rapport::stage_override::committed
                          : ov == 1 ? rapport::stage_override::parked
                                    : rapport::stage_override::none;
    return rc;
  }

  template <class Check>
  void for_each_window(Check check) {
    int with_window = 0;
    for (std::size_t i = 0; i < cases_.size(); ++i) {
      auto r = rapport::recommend(cases_[i].h, cases_[i].now, cases_[i].c);
      ASSERT_TRUE(r) << "case " << i << ": " << r.error().message;
      if (r->window.what == action::no_window) continue;
      ++with_window;
      check(i, cases_[i], r->window);
    }
    EXPECT_GT(with_window, 300);  // the generator must exercise real windows
  }

  std::vector<rapport::time_zone> zones_;
  std::vector<rapport::calendar> calendars_;
  std::vector<random_case> cases_;
};

TEST_F(RecommendPropertyTest, EarliestBestLatestAreOrdered) {
  for_each_window([](std::size_t i, const random_case& rc, const rapport::follow_up_window& w) {
    EXPECT_LE(w.earliest, w.best) << "case " << i;
    EXPECT_LE(w.best, w.latest) << "case " << i;
    EXPECT_GE(w.earliest.seconds, rc.now.seconds - 59) << "case " << i;
    if (rc.c.reach_out_before) {
      EXPECT_LT(w.latest, *rc.c.reach_out_before) << "case " << i;
    }
  });
}

// Best as a plain scan of every open whole hour finds it: the slow part once per day, the hour's
// part per hour, ties to the earlier hour, preferred hours first. The recommender skips days that
// cannot win and steps through a day's hours on the wall clock; this scan does neither.
timestamp plain_scan_best(const rapport::history& h, timestamp now, const rapport::contact_constraints& c,
                          const rapport::follow_up_window& w,
                          const rapport::reply_params& rp = rapport::reply_params::defaults()) {
  const rapport::model& m = rapport::model::defaults();
  const rapport::recommend_options o;
  const auto s = rapport::snapshot_of(h, now, m);
  const rapport::week_profile& prof = c.profile ? *c.profile : rapport::week_profile::population();
  const rapport::availability a{c.zone, c.cal, c.quiet, c.do_not_contact.data(), c.do_not_contact.size()};
  const bool has_pref = !c.preferred_days.empty() || c.preferred_hours != 0;
  const timestamp end{std::min<std::int64_t>(w.latest.seconds, w.earliest.seconds + o.best_search_days * 86400LL)};
  timestamp best = w.earliest;
  double best_z = -1e300, day_z = 0;
  bool best_pref = false;
  std::int32_t day = INT32_MIN;
  for (timestamp t = w.earliest;;) {
    rapport::local_time lt;
    const auto open = rapport::next_open(a, t, end, &lt);
    if (!open) break;
    if (lt.day.days != day) day_z = rapport::reply_logit_at(*s, now, std::max(*open, now), m, rp), day = lt.day.days;
    const std::size_t slot = static_cast<std::size_t>(lt.wday()) * 24 + static_cast<std::size_t>(lt.hour());
    const double z = day_z + rapport::hour_lift_logit(prof.lift(slot), rp);
    const bool pref = has_pref && (c.preferred_days.empty() || c.preferred_days.contains(lt.wday())) &&
                      (c.preferred_hours == 0 || ((c.preferred_hours >> lt.hour()) & 1u));
    if ((pref && !best_pref) || (pref == best_pref && z > best_z + 1e-12)) best_z = z, best_pref = pref, best = *open;
    t = {open->seconds + (3600 - lt.second_of_day % 3600)};
  }
  return best;
}

// Week profiles far from the population's, so that skipping days matters.
std::vector<rapport::week_profile> skewed_profiles(std::mt19937_64& rng) {
  std::vector<rapport::week_profile> profiles;
  for (int k = 0; k < 4; ++k) {
    std::array<double, rapport::week_profile::slots> counts{};
    for (double& n : counts) n = rng() % 3 == 0 ? static_cast<double>(rng() % (k == 0 ? 3 : 400)) : 0.0;
    profiles.push_back(*rapport::week_profile::from_counts(counts, 1 + static_cast<double>(rng() % 20)));
  }
  return profiles;
}

TEST_F(RecommendPropertyTest, BestIsThePlainScansBestOpenHour) {
  std::mt19937_64 rng(515);
  const auto profiles = skewed_profiles(rng);
  // Reply models other than the shipped one, every coefficient of its required sign (scaled 0-3x,
  // the hour's lift up to 10x) and any intercept.
  std::vector<rapport::reply_params> models(3, rapport::reply_params::defaults());
  std::uniform_real_distribution<double> scale(0, 3);
  for (auto& rp : models) {
    for (double& b : rp.beta) b *= scale(rng);
    rp.beta[static_cast<std::size_t>(rapport::reply_feature::hour_lift)] *= 3 * scale(rng);
    rp.intercept = 4 * scale(rng) - 6;
    ASSERT_TRUE(rp.validate());
  }
  int compared = 0;
  for (std::size_t i = 0; i < cases_.size(); ++i) {
    random_case rc = cases_[i];
    if (i % 5 != 4) rc.c.profile = &profiles[i % profiles.size()];
    rapport::recommend_options o;
    if (i % 4 != 0) o.reply = &models[i % models.size()];
    const auto r = rapport::recommend(rc.h, rc.now, rc.c, rapport::model::defaults(), o);
    ASSERT_TRUE(r) << "case " << i;
    if (r->window.what == action::no_window) continue;
    const timestamp best = plain_scan_best(rc.h, rc.now, rc.c, r->window, o.reply ? *o.reply : rapport::reply_params::defaults());
    EXPECT_EQ(r->window.best, best) << "case " << i << ": " << rapport::format_utc(r->window.best) << " against "
                                    << rapport::format_utc(best);
    ++compared;
  }
  EXPECT_GT(compared, 300);
}

// The clock changes at noon, inside the open hours, on the days these windows scan: stepping
// through the day's hours must switch to the new offset exactly where the zone does.
TEST(RecommendTest, BestAcrossAMiddayClockChangeIsThePlainScans) {
  std::mt19937_64 rng(516);
  const auto profiles = skewed_profiles(rng);
  const auto zone = posix("XST5XDT,M3.2.0/12,M11.1.0/12");
  auto spec = rapport::calendar::builtin_spec("none");
  spec->weekend = rapport::weekday_set::from_bits(0);
  const auto every_day = *rapport::calendar::create(*spec);
  int moved_clock = 0;
  for (int k = 0; k < 4 * 14; ++k) {
    const timestamp change = k % 2 ? utc(2026, 11, 1, 16) : utc(2026, 3, 8, 17);  // noon local, standard then DST
    const timestamp now{change.seconds - (k / 4) * 86400LL - 3 * 3600};
    const auto h = hist({ix({now.seconds - 9 * 86400}, channel::email, direction::inbound),
                         ix({now.seconds - 2 * 86400 - (k % 3) * 3600}, channel::email, direction::outbound)});
    rapport::contact_constraints c;
    c.zone = &zone;
    c.cal = &every_day;  // the clock changes on a Sunday
    c.quiet = {static_cast<std::int16_t>(22 * 60), static_cast<std::int16_t>(6 * 60)};
    c.profile = &profiles[static_cast<std::size_t>(k) % profiles.size()];
    const auto r = rapport::recommend(h, now, c);
    ASSERT_TRUE(r);
    if (r->window.what == action::no_window) continue;
    EXPECT_EQ(r->window.best, plain_scan_best(h, now, c, r->window)) << "k " << k << ": " << r->best_local;
    if (r->window.earliest < change && change < r->window.latest) ++moved_clock;
  }
  EXPECT_GE(moved_clock, 5);
}

TEST_F(RecommendPropertyTest, NeverInsideADoNotContactPeriod) {
  for_each_window([](std::size_t i, const random_case& rc, const rapport::follow_up_window& w) {
    for (const auto& p : rc.c.do_not_contact)
      for (timestamp t : {w.earliest, w.best, w.latest})
        EXPECT_FALSE(p.from <= t && t < p.until) << "case " << i << " at " << rapport::format_utc(t);
  });
}

TEST_F(RecommendPropertyTest, NeverInQuietHours) {
  for_each_window([](std::size_t i, const random_case& rc, const rapport::follow_up_window& w) {
    const int qs = rc.c.quiet.start_minute, qe = rc.c.quiet.end_minute;
    for (timestamp t : {w.earliest, w.best, w.latest}) {
      const int minute = rc.c.zone->to_local(t).second_of_day / 60;
      const bool quiet = qs == qe ? false : qs < qe ? (minute >= qs && minute < qe) : (minute >= qs || minute < qe);
      EXPECT_FALSE(quiet) << "case " << i << " local minute " << minute << " quiet " << qs << "-" << qe;
    }
  });
}

TEST_F(RecommendPropertyTest, NeverOnAWeekendOrHolidayOfTheContact) {
  for_each_window([](std::size_t i, const random_case& rc, const rapport::follow_up_window& w) {
    for (timestamp t : {w.earliest, w.best, w.latest}) {
      const date d = rc.c.zone->to_local(t).day;
      EXPECT_FALSE(rc.c.cal->weekend().contains(rapport::weekday_of(d)))
          << "case " << i << " " << rapport::format_local(t, *rc.c.zone);
      EXPECT_TRUE(rc.c.cal->holiday_name(d).empty()) << "case " << i << " " << rapport::format_local(t, *rc.c.zone);
    }
  });
}

TEST_F(RecommendPropertyTest, DeterministicAndTheSameFromHistoryOrState) {
  const auto& m = rapport::model::defaults();
  for (std::size_t i = 0; i < cases_.size(); ++i) {
    const auto& rc = cases_[i];
    auto a = rapport::recommend(rc.h, rc.now, rc.c), b = rapport::recommend(rc.h, rc.now, rc.c);
    ASSERT_TRUE(a && b);
    rapport::contact_state st;
    for (const auto& x : rc.h) ASSERT_TRUE(st.absorb(x, m));
    auto c = rapport::recommend(st, rc.now, rc.c);
    ASSERT_TRUE(c);
    for (const auto* other : {&*b, &*c}) {
      EXPECT_EQ(a->window.what, other->window.what) << "case " << i;
      EXPECT_EQ(a->window.earliest, other->window.earliest) << "case " << i;
      EXPECT_EQ(a->window.best, other->window.best) << "case " << i;
      EXPECT_EQ(a->window.latest, other->window.latest) << "case " << i;
      EXPECT_EQ(a->window.why, other->window.why) << "case " << i;
    }
    EXPECT_EQ(a->reasons, b->reasons) << "case " << i;
  }
}

}  // namespace

// ---- review fixes --------------------------------------------------------------------------------

TEST(RecommendTest, UsesTheNetworkContextForWarmthAndItsFloor) {
  rapport::model_params p = rapport::model_params::defaults();
  p.context_beta = {0.4, 0.4, -0.6, -0.6};
  const auto m = *rapport::model::create(p);
  const auto h = hist({ix(utc(2026, 10, 1, 10), channel::meeting, direction::mutual),
                       ix(utc(2026, 10, 20, 10), channel::email, direction::outbound),
                       ix(utc(2026, 10, 20, 15), channel::email, direction::inbound)});
  rapport::network_context ctx;
  ctx.contact_idle_days = 40;
  rapport::score_options so;
  so.context = &ctx;
  const timestamp now = utc(2026, 11, 2, 10);
  auto r = rapport::recommend(h, now, {}, m, {}, so);
  auto w = rapport::assess(h, now, m, so);
  ASSERT_TRUE(r && w);
  EXPECT_NEAR(r->window.warmth, w->score, 1e-9);
  rapport::network_context bad;
  bad.owner_idle_days = -2;
  so.context = &bad;
  EXPECT_FALSE(rapport::recommend(h, now, {}, m, {}, so));
}

TEST(RecommendTest, OptionsThatWouldOverflowADateAreRejected) {
  rapport::recommend_options o;
  o.give_space_days = 1e15;
  EXPECT_FALSE(o.validate());
  o = {};
  o.max_nudges = 255;
  EXPECT_FALSE(o.validate());
  o = {};
  o.nudge_backoff = 1e6;
  EXPECT_FALSE(o.validate());
  // The largest accepted back-off on a long unanswered run still gives a date in range.
  o = {};
  o.max_nudges = 20;
  o.nudge_backoff = 10;
  std::vector<rapport::interaction> xs;
  for (int i = 0; i < 19; ++i) xs.push_back(ix(utc(2026, 1, 1 + i, 10), channel::email, direction::outbound));
  const auto h = hist(xs);
  auto r = rapport::recommend(h, utc(2026, 2, 1), {}, rapport::model::defaults(), o);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->window.latest.ok());
  EXPECT_GE(r->window.earliest, utc(2026, 2, 1));
}

TEST(RecommendTest, ExplainWithOtherConstraintsNeverReadsAMissingDate) {
  const auto h = hist({ix(utc(2026, 10, 1, 10), channel::email, direction::outbound)});
  rapport::contact_constraints with_dates;
  with_dates.reach_out_after = utc(2026, 12, 1);
  with_dates.reach_out_before = utc(2026, 12, 20);
  auto r = rapport::recommend(h, utc(2026, 11, 2), with_dates);
  ASSERT_TRUE(r);
  const auto reasons = rapport::explain(r->window, rapport::contact_constraints{}, utc(2026, 11, 2));
  bool said = false;
  for (const auto& text : reasons) said = said || text.find("they asked to be contacted on or after a date") != std::string::npos;
  EXPECT_TRUE(said);
}

// ---- out-of-range inputs found by fuzzing --------------------------------------------------------

namespace {
void expect_every_time_in_range(const rapport::follow_up_window& w, const std::string& where) {
  for (timestamp t : {w.earliest, w.best, w.latest, w.next_opening, w.anchor, w.natural_earliest, w.natural_latest})
    EXPECT_TRUE(t.ok()) << where << ": " << t.seconds << " (window " << w.earliest.seconds << " .. " << w.latest.seconds << ")";
}
}  // namespace

TEST(RecommendTest, AWindowNeverEndsAfterTheEndOfTime) {
  // Their message, then nothing until days before the last representable instant (2106-02-07):
  // overdue, squeezed against the end of time and stretched to the next business day.
  const auto h = hist({ix(utc(2026, 1, 1), channel::event, direction::inbound)});
  const timestamp now{4294841400};  // 2106-02-05T19:30Z
  const auto r = rec(h, now);
  expect_every_time_in_range(r.window, "the fuzzed case");
  EXPECT_LE(r.window.latest, timestamp::max());
  // And around it: random histories, zones and options planned in the last weeks of time.
  std::mt19937_64 rng(2106);
  const auto ny = posix("EST5EDT,M3.2.0,M11.1.0"), akl = posix("NZST-12NZDT,M9.5.0,M4.1.0/3");
  for (int i = 0; i < 300; ++i) {
    const timestamp at{timestamp::max().seconds - static_cast<std::int64_t>(rng() % (400LL * 86400))};
    std::vector<rapport::interaction> xs;
    for (int k = 0, n = 1 + static_cast<int>(rng() % 4); k < n; ++k)
      xs.push_back(ix({at.seconds - static_cast<std::int64_t>(rng() % (300LL * 86400))}, static_cast<channel>(rng() % 8),
                      static_cast<direction>(rng() % 3)));
    std::sort(xs.begin(), xs.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
    rapport::contact_constraints c;
    c.zone = i % 3 == 0 ? &ny : i % 3 == 1 ? &akl : nullptr;
    rapport::recommend_options o;
    o.respond_within_business_days = static_cast<int>(rng() % 3);
    o.give_space_days = 1 + static_cast<double>(rng() % 900);
    o.stretch_to_fit = rng() % 4 != 0;
    auto ri = rapport::recommend(hist(xs), at, c, rapport::model::defaults(), o);
    ASSERT_TRUE(ri) << ri.error().message;
    expect_every_time_in_range(ri->window, "case " + std::to_string(i));
  }
}

TEST(RecommendTest, HugeButValidModelParametersGiveAWindowInRange) {
  // Parameters far beyond any fitted value: a prior gap of 1e15 days once passed validate() and the
  // rhythm's delays overflowed int64 (undefined behaviour, caught by UBSan). Every double-to-integer
  // conversion of the planner saturates, and validate() bounds the parameters.
  const auto one = hist({ix(utc(2026, 10, 1, 10), channel::meeting, direction::mutual)});
  const auto two = hist({ix(utc(2026, 9, 1, 10), channel::meeting, direction::mutual),
                         ix(utc(2026, 10, 1, 10), channel::meeting, direction::mutual)});
  const auto unanswered = hist({ix(utc(2026, 10, 1, 10), channel::email, direction::outbound)});
  const timestamp now = utc(2026, 11, 2);
  // validate() now bounds them (100 years of days, a year of session gap): the largest it accepts.
  for (double scale : {0.5, 1.0}) {
    for (int field = 0; field < 4; ++field) {
      auto p = rapport::model::defaults().params();
      double& v = field == 0   ? p.prior_gap_days
                  : field == 1 ? p.session_gap_seconds
                  : field == 2 ? p.reply_window_days
                               : p.dormant_min_days;
      v = scale * (field == 1 ? rapport::model_params::max_session_gap_seconds : rapport::model_params::max_days);
      auto m = rapport::model::create(p);
      ASSERT_TRUE(m) << m.error().message;
      for (const auto* h : {&one, &two, &unanswered})
        for (auto ov : {rapport::stage_override::none, rapport::stage_override::committed}) {
          rapport::contact_constraints c;
          c.override_stage = ov;
          auto r = rapport::recommend(*h, now, c, *m);
          ASSERT_TRUE(r) << r.error().message;
          const std::string where = "field " + std::to_string(field) + " = " + std::to_string(v);
          expect_every_time_in_range(r->window, where);
          if (r->window.what == action::no_window) continue;
          EXPECT_GE(r->window.earliest.seconds, now.seconds - 59) << where;
          EXPECT_LE(r->window.earliest, r->window.best) << where;
          EXPECT_LE(r->window.best, r->window.latest) << where;
        }
    }
  }
  // Observable without a sanitizer: with warmth held in its band, a rhythm of a century (the
  // longest validate() accepts; 1e15 days once overflowed to a date in the past) is not overdue a
  // month after the meeting.
  auto held = rhythm_model().params();
  held.prior_gap_days = rapport::model_params::max_days;
  auto slow = rapport::model::create(held);
  ASSERT_TRUE(slow);
  auto rs = rapport::recommend(one, now, {}, *slow);
  ASSERT_TRUE(rs);
  expect_every_time_in_range(rs->window, "held warmth");
  EXPECT_FALSE(rs->window.why & rapport::bit(rapport::why_code::overdue));
  EXPECT_NE(rs->window.what, action::reach_out_now);
  // A reply window shorter than the minimum wait before a nudge is valid too.
  auto p = rapport::model::defaults().params();
  p.reply_window_days = 0.01;
  auto m = rapport::model::create(p);
  ASSERT_TRUE(m);
  auto r = rapport::recommend(unanswered, utc(2026, 10, 1, 12), {}, *m);
  ASSERT_TRUE(r);
  expect_every_time_in_range(r->window, "short reply window");
}

// ---- explain agrees with the planner ------------------------------------------------------------

TEST(RecommendTest, AnOverdueWindowNamesOnlyTheHolidaysItSkips) {
  // The planner counts an overdue window in business days from the day it opens; explain counted
  // it from the rule's anchor, so an overdue first meeting listed the holidays of its old window.
  const auto ny = posix("EST5EDT,M3.2.0,M11.1.0");
  auto us = rapport::calendar::builtin("us_federal");
  rapport::contact_constraints c;
  c.zone = &ny;
  c.cal = &*us;
  // Met Friday 2 July 2027 (Independence Day is observed on Monday 5 July); nothing since.
  const auto met = hist({ix(utc(2027, 7, 2, 16), channel::event, direction::mutual)});
  const auto late = rec(met, utc(2027, 7, 20, 14), c);  // Tuesday 20 July: the Tue-Thu window has passed
  ASSERT_TRUE(late.window.why & rapport::bit(rapport::why_code::overdue));
  EXPECT_FALSE(mentions(late, "Independence Day"));
  EXPECT_FALSE(mentions(late, "skips their holiday"));
  // Overdue on the Friday before Labor Day: the window runs to the next business day, Tuesday.
  const auto before = rec(hist({ix(utc(2027, 8, 13, 16), channel::event, direction::mutual)}), utc(2027, 9, 3, 14), c);
  ASSERT_TRUE(before.window.why & rapport::bit(rapport::why_code::overdue));
  EXPECT_EQ(before.window.latest, utc(2027, 9, 7, 23, 59));  // Tuesday 19:59 EDT
  EXPECT_TRUE(mentions(before, "skips their holiday Labor Day (Mon 2027-09-06)"));
}
