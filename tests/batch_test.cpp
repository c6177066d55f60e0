#include <rapport/batch.hpp>
#include <rapport/recommend_batch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "random_history.hpp"

using namespace rapport;

namespace {
struct columns_data {
  std::vector<std::size_t> offsets{0};
  std::vector<std::int64_t> at;
  std::vector<std::uint8_t> channel, direction;
  void add(const std::vector<interaction>& items) {
    for (const auto& x : items) {
      at.push_back(x.at.seconds);
      channel.push_back(static_cast<std::uint8_t>(x.via));
      direction.push_back(static_cast<std::uint8_t>(x.dir));
    }
    offsets.push_back(at.size());
  }
  interaction_columns view() const { return {at.data(), channel.data(), direction.data(), at.size()}; }
};
}  // namespace

TEST(BatchTest, EqualsOneByOneAssessment) {
  std::mt19937_64 rng(11);
  columns_data d;
  std::vector<history> histories;
  std::int64_t latest = 0;
  for (int c = 0; c < 300; ++c) {
    auto h = rapport_test::make_history(rng);
    latest = std::max(latest, h.last.seconds);
    histories.push_back(*history::from(h.items, channel_table::defaults()));
    d.add(histories.back().items());
  }
  d.add({});  // a contact with no rows
  const timestamp now{latest + 86400};
  std::vector<double> scores(histories.size() + 1);
  std::vector<stage> stages(scores.size());
  ASSERT_TRUE(score_batch(d.offsets.data(), scores.size(), d.view(), now, model::defaults(), scores.data(), stages.data()));
  for (std::size_t c = 0; c < histories.size(); ++c) {
    auto w = assess(histories[c], now);
    ASSERT_TRUE(w);
    EXPECT_NEAR(scores[c], w->score, 1e-9) << c;
    EXPECT_EQ(stages[c], w->stage) << c;
  }
  EXPECT_TRUE(std::isnan(scores.back()));
}

TEST(BatchTest, AnyHorizonEqualsOneByOneAndAStateBatch) {
  std::mt19937_64 rng(12);
  columns_data d;
  std::vector<history> histories;
  std::vector<contact_state> states;
  std::int64_t latest = 0;
  for (int c = 0; c < 200; ++c) {
    auto h = rapport_test::make_history(rng);
    latest = std::max(latest, h.last.seconds);
    histories.push_back(*history::from(h.items, channel_table::defaults()));
    d.add(histories.back().items());
    contact_state st;
    for (const interaction& x : histories.back().items()) st.absorb_unchecked(x, model::defaults());
    states.push_back(st);
  }
  const timestamp now{latest + 3 * 86400};
  for (double days : {1.0, 7.0, 90.0, 365.0}) {
    batch_options o;
    o.horizon_days = days;
    std::vector<double> rows(histories.size()), from_states(histories.size());
    ASSERT_TRUE(score_batch(d.offsets.data(), rows.size(), d.view(), now, model::defaults(), rows.data(), nullptr, o));
    ASSERT_TRUE(score_states(states.data(), states.size(), now, model::defaults(), from_states.data(), nullptr, o));
    score_options so;
    so.horizon_days = days;
    for (std::size_t c = 0; c < histories.size(); ++c) {
      auto w = assess(histories[c], now, model::defaults(), so);
      ASSERT_TRUE(w);
      EXPECT_NEAR(rows[c], w->score, 1e-9) << days << " days, contact " << c;
      EXPECT_NEAR(from_states[c], w->score, 1e-9) << days << " days, contact " << c;
    }
  }
  batch_options bad;
  bad.horizon_days = 400;
  std::vector<double> scores(histories.size());
  auto r = score_batch(d.offsets.data(), scores.size(), d.view(), now, model::defaults(), scores.data(), nullptr, bad);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("horizon_days"), std::string::npos) << r.error().message;
  EXPECT_FALSE(score_states(states.data(), states.size(), now, model::defaults(), scores.data(), nullptr, bad));
}

TEST(BatchTest, NamesTheContactAndRowOfBadInput) {
  columns_data d;
  interaction a;
  a.at = {1000};
  interaction b = a;
  b.at = {500};  // unsorted within the contact
  d.add({a});
  d.add({a, b});
  std::vector<double> scores(2);
  auto r = score_batch(d.offsets.data(), 2, d.view(), timestamp{5000}, model::defaults(), scores.data());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("contact 1, row 2"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("not sorted"), std::string::npos);

  columns_data e;
  e.add({a});
  e.channel[0] = 200;
  auto bad_channel = score_batch(e.offsets.data(), 1, e.view(), timestamp{5000}, model::defaults(), scores.data());
  ASSERT_FALSE(bad_channel);
  EXPECT_NE(bad_channel.error().message.find("channel 200 is unknown"), std::string::npos);
  e.channel[0] = 0;
  e.direction[0] = 3;
  EXPECT_FALSE(score_batch(e.offsets.data(), 1, e.view(), timestamp{5000}, model::defaults(), scores.data()));
  e.direction[0] = 0;
  auto future = score_batch(e.offsets.data(), 1, e.view(), timestamp{999}, model::defaults(), scores.data());
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().code, errc::out_of_range);
  std::vector<std::size_t> bad_offsets{0, 2};  // ends past the rows
  EXPECT_FALSE(score_batch(bad_offsets.data(), 1, e.view(), timestamp{5000}, model::defaults(), scores.data()));
  EXPECT_FALSE(score_batch(nullptr, 1, e.view(), timestamp{5000}, model::defaults(), scores.data()));
}

TEST(BatchTest, MergesDuplicateRowsAndHonoursTheFuturePolicyLikeAHistory) {
  interaction a, b, later;
  a.at = {1000};
  b.at = {2000};
  b.dir = direction::inbound;
  later.at = {9000};
  columns_data d;
  d.add({a, a, b, later});  // `a` synced twice; `later` is after now
  const timestamp now{5000};
  double score = 0;
  auto rejected = score_batch(d.offsets.data(), 1, d.view(), now, model::defaults(), &score);
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().code, errc::out_of_range);
  ASSERT_TRUE(score_batch(d.offsets.data(), 1, d.view(), now, model::defaults(), &score, nullptr, future_policy::ignore));
  score_options ignore;
  ignore.future = future_policy::ignore;
  auto expected = assess(*history::from({a, a, b, later}, channel_table::defaults()), now, model::defaults(), ignore);
  ASSERT_TRUE(expected);
  EXPECT_NEAR(score, expected->score, 1e-12);
}

// ---- per-contact statuses and network contexts (the engine under the C API) --------------------

namespace {
// Three contacts: a good one, one with unsorted rows, one with no rows; plus contexts for each.
struct three_contacts {
  columns_data d;
  interaction a, b, c;
  three_contacts() {
    a.at = {1000};
    b.at = {2000};
    b.dir = direction::inbound;
    c.at = {500};
    d.add({a, b});
    d.add({b, c});  // unsorted
    d.add({});
  }
};
}  // namespace

TEST(BatchTest, StatusesMarkBadContactsAndTheOthersAreScored) {
  three_contacts t;
  const timestamp now{5000};
  std::vector<double> scores(3);
  std::vector<stage> stages(3);
  std::vector<errc> statuses(3, errc::internal);
  batch_options o;
  o.statuses = statuses.data();
  auto r = score_batch(t.d.offsets.data(), 3, t.d.view(), now, model::defaults(), scores.data(), stages.data(), o);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(statuses[0], errc::ok);
  EXPECT_EQ(statuses[1], errc::invalid_argument);
  EXPECT_EQ(statuses[2], errc::ok);
  EXPECT_TRUE(std::isnan(scores[1]));
  EXPECT_TRUE(std::isnan(scores[2]));  // no rows: no score, not an error
  EXPECT_EQ(r->planned, 2u);
  EXPECT_EQ(r->skipped, 1u);
  EXPECT_EQ(r->first_bad, 1u);
  EXPECT_EQ(r->first_code, errc::invalid_argument);
  EXPECT_NE(r->first_error.find("contact 1, row 3"), std::string::npos) << r->first_error;
  double alone = 0;
  ASSERT_TRUE(score_batch(t.d.offsets.data(), 1, {t.d.at.data(), t.d.channel.data(), t.d.direction.data(), 2}, now,
                          model::defaults(), &alone));
  EXPECT_EQ(scores[0], alone);
  // Without statuses the first bad contact fails the call, as before.
  auto stop =
      score_batch(t.d.offsets.data(), 3, t.d.view(), now, model::defaults(), scores.data(), stages.data(), batch_options{});
  ASSERT_FALSE(stop);
  EXPECT_NE(stop.error().message.find("contact 1, row 3"), std::string::npos);
}

TEST(BatchTest, PerContactContextsEqualTheDenseArrayAndNullEntriesMeanNone) {
  std::mt19937_64 rng(21);
  columns_data d;
  std::int64_t latest = 0;
  for (int c = 0; c < 40; ++c) {
    auto h = rapport_test::make_history(rng);
    latest = std::max(latest, h.last.seconds);
    d.add(history::from(h.items, channel_table::defaults())->items());
  }
  const timestamp now{latest + 86400};
  const model m = rapport_test::make_model(rng);
  std::vector<network_context> dense(40);
  std::vector<const network_context*> sparse(40);
  for (std::size_t c = 0; c < 40; ++c) {
    dense[c] = rapport_test::make_context(rng);
    sparse[c] = c % 3 ? &dense[c] : nullptr;
  }
  std::vector<double> want(40), none(40), got(40);
  ASSERT_TRUE(score_batch(d.offsets.data(), 40, d.view(), now, m, want.data(), nullptr, future_policy::reject, dense.data()));
  ASSERT_TRUE(score_batch(d.offsets.data(), 40, d.view(), now, m, none.data()));
  batch_options o;
  o.contexts = sparse.data();
  ASSERT_TRUE(score_batch(d.offsets.data(), 40, d.view(), now, m, got.data(), nullptr, o));
  for (std::size_t c = 0; c < 40; ++c) EXPECT_EQ(got[c], c % 3 ? want[c] : none[c]) << c;
  // The same through int64 offsets (the C API's) and through states.
  std::vector<std::int64_t> signed_offsets(d.offsets.begin(), d.offsets.end());
  std::vector<double> via_signed(40), via_states(40);
  ASSERT_TRUE(score_batch(signed_offsets.data(), 40, d.view(), now, m, via_signed.data(), nullptr, o));
  std::vector<contact_state> states(40);
  for (std::size_t c = 0; c < 40; ++c)
    for (std::size_t r = d.offsets[c]; r < d.offsets[c + 1]; ++r) {
      interaction x;
      x.at = {d.at[r]};
      x.via = static_cast<channel>(d.channel[r]);
      x.dir = static_cast<direction>(d.direction[r]);
      states[c].absorb_unchecked(x, m);
    }
  ASSERT_TRUE(score_states(states.data(), 40, now, m, via_states.data(), nullptr, o));
  for (std::size_t c = 0; c < 40; ++c) {
    EXPECT_EQ(via_signed[c], got[c]) << c;
    EXPECT_NEAR(via_states[c], got[c], 1e-12) << c;
  }
}

TEST(BatchTest, ABadContextIsThatContactsFailure) {
  three_contacts t;
  network_context good, bad;
  bad.contact_idle_days = -1;
  const network_context* contexts[3] = {&good, nullptr, &bad};
  std::vector<double> scores(3);
  std::vector<errc> statuses(3);
  batch_options o;
  o.contexts = contexts;
  o.statuses = statuses.data();
  t.d.at[3] = 2500;  // contact 1 sorted now
  auto r = score_batch(t.d.offsets.data(), 3, t.d.view(), timestamp{5000}, model::defaults(), scores.data(), nullptr, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(statuses[0], errc::ok);
  EXPECT_EQ(statuses[1], errc::ok);
  EXPECT_EQ(statuses[2], errc::invalid_argument);  // checked even for a contact with no rows
  EXPECT_NE(r->first_error.find("contact 2"), std::string::npos) << r->first_error;
  EXPECT_NE(r->first_error.find("contact_idle_days"), std::string::npos) << r->first_error;
  o.statuses = nullptr;
  EXPECT_FALSE(score_batch(t.d.offsets.data(), 3, t.d.view(), timestamp{5000}, model::defaults(), scores.data(), nullptr, o));
}

TEST(BatchTest, ScoreStatesChecksTheBytesAndGivesNaNWhenThereIsNothingToScore) {
  interaction a;
  a.at = {1000};
  std::vector<contact_state> states(3);
  ASSERT_TRUE(states[0].absorb(a, model::defaults()));
  a.at = {9000};
  ASSERT_TRUE(states[2].absorb(a, model::defaults()));  // after now
  std::vector<double> scores(3);
  ASSERT_TRUE(score_states(states.data(), 3, timestamp{5000}, model::defaults(), scores.data()));
  EXPECT_FALSE(std::isnan(scores[0]));
  EXPECT_TRUE(std::isnan(scores[1]));
  EXPECT_TRUE(std::isnan(scores[2]));
  std::memset(static_cast<void*>(&states[1]), 0xFF, sizeof states[1]);
  auto r = score_states(states.data(), 3, timestamp{5000}, model::defaults(), scores.data());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("contact 1"), std::string::npos) << r.error().message;
  std::vector<errc> statuses(3);
  batch_options o;
  o.statuses = statuses.data();
  ASSERT_TRUE(score_states(states.data(), 3, timestamp{5000}, model::defaults(), scores.data(), nullptr, o));
  EXPECT_EQ(statuses[1], errc::invalid_argument);
  EXPECT_TRUE(std::isnan(scores[1]));
  EXPECT_FALSE(std::isnan(scores[0]));
}

TEST(BatchTest, RecommendStatusesAndContextsPerContact) {
  const model& m = model::defaults();
  const timestamp now{10'000'000};
  interaction a;
  a.at = {now.seconds - 20 * 86400};
  a.dir = direction::mutual;
  interaction b = a;
  b.at = {now.seconds - 5 * 86400};
  b.dir = direction::inbound;
  columns_data d;
  d.add({a, b});
  d.add({b, a});  // unsorted
  d.add({});      // nothing to follow up
  d.add({a, b});
  network_context busy;
  busy.owner_events_30d = 40;
  busy.contact_idle_days = 2;
  const network_context* contexts[4] = {nullptr, nullptr, nullptr, &busy};
  std::vector<follow_up_window> out(4);
  std::vector<errc> statuses(4);
  batch_options o;
  o.contexts = contexts;
  o.statuses = statuses.data();
  auto r = recommend_columns(d.offsets.data(), 4, d.view(), nullptr, now, out.data(), m, {}, o);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(statuses[0], errc::ok);
  EXPECT_EQ(statuses[1], errc::invalid_argument);
  EXPECT_EQ(statuses[2], errc::invalid_argument);
  EXPECT_EQ(statuses[3], errc::ok);
  EXPECT_EQ(out[1].what, action::no_window);
  EXPECT_EQ(r->first_bad, 1u);
  EXPECT_EQ(r->skipped, 2u);
  EXPECT_NE(r->first_error.find("contact 1, row 3"), std::string::npos) << r->first_error;
  // the context reaches the plan: contact 3 equals a single plan with it, and differs from contact 0's
  contact_state st;
  ASSERT_TRUE(st.absorb(a, m));
  ASSERT_TRUE(st.absorb(b, m));
  const follow_up_window with = plan_follow_up(st.at(now, m), now, contact_constraints{}, m, {}, &busy);
  EXPECT_EQ(out[3].warmth, with.warmth);
  EXPECT_EQ(out[3].latest, with.latest);
  EXPECT_NE(out[3].warmth, out[0].warmth);
  // Without statuses a bad row still stops recommend_columns, and states skip as always.
  o.statuses = nullptr;
  EXPECT_FALSE(recommend_columns(d.offsets.data(), 4, d.view(), nullptr, now, out.data(), m, {}, o));
  std::vector<contact_state> states{st, contact_state{}, st};
  const network_context* state_contexts[3] = {nullptr, nullptr, &busy};
  o.contexts = state_contexts;
  o.statuses = statuses.data();
  auto rs = recommend_batch(states.data(), 3, nullptr, now, out.data(), m, {}, o);
  ASSERT_TRUE(rs);
  EXPECT_EQ(statuses[1], errc::invalid_argument);
  EXPECT_EQ(rs->first_code, errc::invalid_argument);
  EXPECT_EQ(out[2].warmth, with.warmth);
}

TEST(BatchTest, AFatalRowAfterASkippedContactIsStillDescribed) {
  interaction a;
  a.at = {1000};
  interaction b = a;
  b.at = {500};
  columns_data d;
  d.add({});      // no rows: skipped
  d.add({a, b});  // unsorted: ends the call
  std::vector<follow_up_window> out(2);
  auto r = recommend_columns(d.offsets.data(), 2, d.view(), nullptr, timestamp{5000}, out.data());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("contact 1, row 1"), std::string::npos) << r.error().message;
}
