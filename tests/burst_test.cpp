// The burst rule (issue 9, item 2): outbound messages closer than the session gap form one
// outreach; the unanswered run counts outreaches, not messages, in the rescan and in the state.
#include <rapport/rapport.hpp>

#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "random_history.hpp"

using namespace rapport;

namespace {
const std::int64_t t0 = utc(2026, 3, 2, 9).seconds;

interaction msg(std::int64_t at, direction d) {
  interaction x;
  x.at = {at};
  x.dir = d;
  x.via = channel::email;
  return x;
}

snapshot rescan(const std::vector<interaction>& items, timestamp now, const model& m = model::defaults()) {
  auto h = history::from(items, m.channels());
  EXPECT_TRUE(h);
  auto s = snapshot_of(*h, now, m);
  EXPECT_TRUE(s);
  return *s;
}

snapshot incremental(const std::vector<interaction>& items, timestamp now, const model& m = model::defaults()) {
  contact_state st;
  for (const auto& x : items) EXPECT_TRUE(st.absorb(x, m));
  return st.at(now, m);
}

// The rule by its definition, independently of detail::step: a new outreach when the run is
// empty or more than the session gap after the previous interaction. Also the old count (every
// outbound message since the last inbound or mutual one).
struct runs {
  std::uint32_t outreaches = 0, messages = 0;
};
runs reference_runs(const std::vector<interaction>& items, double gap) {
  runs r;
  std::int64_t prev = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const interaction& x = items[i];
    if (x.dir == direction::outbound) {
      if (r.outreaches == 0 || static_cast<double>(x.at.seconds - prev) > gap)
        r.outreaches = std::min<std::uint32_t>(r.outreaches + 1, 255);
      r.messages = std::min<std::uint32_t>(r.messages + 1, 255);
    } else {
      r = {};
    }
    prev = x.at.seconds;
  }
  return r;
}
}  // namespace

TEST(BurstTest, ThreeMessagesSecondsApartAreOneOutreach) {
  const std::vector<interaction> items = {msg(t0 - 86400, direction::inbound), msg(t0, direction::outbound),
                                          msg(t0 + 5, direction::outbound), msg(t0 + 12, direction::outbound)};
  const timestamp now{t0 + 3 * 86400};
  for (const snapshot& s : {rescan(items, now), incremental(items, now)}) {
    EXPECT_EQ(s.unanswered, 1u);
    EXPECT_EQ(s.outreach, 1u);
    EXPECT_EQ(stage_of(s, now.seconds, model::defaults().params()), stage::awaiting_reply);
  }
}

TEST(BurstTest, ThreeMessagesADayApartAreThreeOutreaches) {
  const std::vector<interaction> items = {msg(t0 - 86400, direction::inbound), msg(t0, direction::outbound),
                                          msg(t0 + 86400, direction::outbound), msg(t0 + 2 * 86400, direction::outbound)};
  const timestamp now{t0 + 3 * 86400};
  for (const snapshot& s : {rescan(items, now), incremental(items, now)}) {
    EXPECT_EQ(s.unanswered, 3u);
    EXPECT_EQ(s.outreach, 1u);  // answered share counts runs, as before
  }
}

TEST(BurstTest, GapIsTheModelsSessionGap) {
  model_params p = model_params::defaults();
  p.session_gap_seconds = 600;
  const model m = *model::create(p);
  // 20 minutes apart: one outreach under the 1-hour default, two under a 10-minute gap.
  const std::vector<interaction> items = {msg(t0, direction::outbound), msg(t0 + 1200, direction::outbound)};
  const timestamp now{t0 + 86400};
  EXPECT_EQ(rescan(items, now).unanswered, 1u);
  EXPECT_EQ(rescan(items, now, m).unanswered, 2u);
  EXPECT_EQ(incremental(items, now, m).unanswered, 2u);
}

TEST(BurstTest, ABurstThenAReplyAnswersIt) {
  const std::vector<interaction> items = {msg(t0, direction::outbound), msg(t0 + 3, direction::outbound),
                                          msg(t0 + 9, direction::outbound), msg(t0 + 7200, direction::inbound)};
  const timestamp now{t0 + 86400};
  for (const snapshot& s : {rescan(items, now), incremental(items, now)}) {
    EXPECT_EQ(s.unanswered, 0u);
    EXPECT_EQ(s.outreach, 1u);
    EXPECT_EQ(s.answered, 1u);
    EXPECT_EQ(s.replies, 1u);
  }
}

TEST(BurstTest, ChainedMessagesWithinTheGapStayOneOutreach) {
  // Each message 50 minutes after the previous one: one outreach, however long the chain.
  std::vector<interaction> items;
  for (int i = 0; i < 10; ++i) items.push_back(msg(t0 + i * 3000, direction::outbound));
  EXPECT_EQ(rescan(items, {t0 + 86400}).unanswered, 1u);
}

TEST(BurstTest, StateEqualsRescanAndTheDefinitionOnRandomBurstyHistories) {
  std::mt19937_64 rng(20261130);
  std::uniform_real_distribution<double> later(0, 40 * 86400.0);
  int with_bursts = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const auto h = rapport_test::make_history(rng);
    const model m = trial % 2 ? rapport_test::make_model(rng) : model::defaults();
    const timestamp now{h.last.seconds + static_cast<std::int64_t>(later(rng))};
    auto hist = history::from(h.items, m.channels());
    ASSERT_TRUE(hist);
    const std::vector<interaction> items(hist->items().begin(), hist->items().end());
    const snapshot a = rescan(items, now, m), b = incremental(items, now, m);
    const runs ref = reference_runs(items, m.params().session_gap_seconds);
    ASSERT_EQ(a.unanswered, ref.outreaches) << "trial " << trial;
    ASSERT_EQ(b.unanswered, ref.outreaches) << "trial " << trial;
    ASSERT_EQ(a.outreach, b.outreach) << "trial " << trial;
    ASSERT_EQ(a.answered, b.answered) << "trial " << trial;
    ASSERT_EQ(a.replies, b.replies) << "trial " << trial;
    ASSERT_LE(ref.outreaches, ref.messages);
    ASSERT_EQ(ref.outreaches > 0, ref.messages > 0);  // awaiting reply exactly when it was before
    if (ref.outreaches < ref.messages) ++with_bursts;
  }
  EXPECT_GT(with_bursts, 100);  // the random histories do exercise the rule
}

TEST(BurstTest, ShippedWarmthDoesNotMove) {
  // The shipped model gives `unanswered` no weight, so counting outreaches instead of messages
  // leaves every shipped score unchanged: rescoring with the old count gives the same number.
  const model& m = model::defaults();
  ASSERT_EQ(m.params().beta[static_cast<std::size_t>(feature::unanswered)], 0.0);
  std::mt19937_64 rng(7);
  int changed_count = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    const auto h = rapport_test::make_history(rng);
    auto hist = history::from(h.items, m.channels());
    ASSERT_TRUE(hist);
    const std::vector<interaction> items(hist->items().begin(), hist->items().end());
    const timestamp now{h.last.seconds + 3600};
    const snapshot s = rescan(items, now);
    snapshot old = s;
    old.unanswered = reference_runs(items, m.params().session_gap_seconds).messages;
    if (old.unanswered != s.unanswered) ++changed_count;
    ASSERT_EQ(score_of(s, now.seconds, m.params()), score_of(old, now.seconds, m.params())) << "trial " << trial;
    ASSERT_EQ(stage_of(s, now.seconds, m.params()), stage_of(old, now.seconds, m.params())) << "trial " << trial;
  }
  EXPECT_GT(changed_count, 100);
}
