#include <rapport/batch.hpp>

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
