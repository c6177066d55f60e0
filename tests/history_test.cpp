#include <rapport/rapport.hpp>

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

using namespace rapport;

namespace {
const channel_table& channels() {
  static const channel_table t = channel_table::defaults();
  return t;
}
interaction at(std::int64_t s, direction d = direction::outbound, channel c = channel::email) {
  interaction x;
  x.at = {s};
  x.dir = d;
  x.via = c;
  return x;
}
}  // namespace

TEST(HistoryTest, SortsOutOfOrderInteractionsStably) {
  auto a = at(300), b = at(100, direction::inbound), c = at(200), d = at(100, direction::outbound, channel::call);
  auto h = history::from({a, b, c, d}, channels());
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 4u);
  EXPECT_EQ((*h)[0].at.seconds, 100);
  EXPECT_EQ((*h)[0].dir, direction::inbound);  // same second: the caller's order is kept
  EXPECT_EQ((*h)[1].via, channel::call);
  EXPECT_EQ((*h)[2].at.seconds, 200);
  EXPECT_EQ((*h)[3].at.seconds, 300);
}

TEST(HistoryTest, MergesExactDuplicatesAndCountsThem) {
  auto h = history::from({at(100), at(100), at(50), at(100), at(100, direction::inbound)}, channels());
  ASSERT_TRUE(h);
  EXPECT_EQ(h->size(), 3u);
  EXPECT_EQ(h->merged_duplicates(), 2u);
}

TEST(HistoryTest, KeepsDifferentInteractionsInTheSameSecond) {
  auto call = at(100, direction::outbound, channel::call);
  call.duration_seconds = 60;
  auto h = history::from({at(100), call, at(100, direction::inbound)}, channels());
  ASSERT_TRUE(h);
  EXPECT_EQ(h->size(), 3u);
  EXPECT_EQ(h->merged_duplicates(), 0u);
}

TEST(HistoryTest, RejectsUnknownChannelNamingTheItem) {
  auto bad = at(100);
  bad.via = static_cast<channel>(40);
  auto h = history::from({at(1), bad}, channels());
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code, errc::invalid_argument);
  EXPECT_NE(h.error().message.find("interaction #1"), std::string::npos) << h.error().message;
  EXPECT_NE(h.error().message.find("channel"), std::string::npos);
}

TEST(HistoryTest, RejectsNegativeNanAndInfiniteDurations) {
  for (double d : {-1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    auto x = at(100, direction::mutual, channel::call);
    x.duration_seconds = d;
    auto h = history::from({x}, channels());
    ASSERT_FALSE(h) << d;
    EXPECT_EQ(h.error().code, errc::invalid_argument);
    EXPECT_NE(h.error().message.find("duration"), std::string::npos);
  }
}

TEST(HistoryTest, RejectsTimesOutsideTheValidRange) {
  for (std::int64_t s : {std::int64_t{-1}, timestamp::max().seconds + 1}) {
    auto h = history::from({at(s)}, channels());
    ASSERT_FALSE(h);
    EXPECT_EQ(h.error().code, errc::out_of_range);
    EXPECT_NE(h.error().message.find("interaction #0"), std::string::npos);
  }
}

TEST(HistoryTest, RejectsInvalidDirection) {
  auto x = at(100);
  x.dir = static_cast<direction>(7);
  auto h = history::from({x}, channels());
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().message.find("direction"), std::string::npos);
}

TEST(HistoryTest, ChecksReplyLinks) {
  auto reply = at(500, direction::inbound);
  reply.in_reply_to = timestamp{100};
  EXPECT_TRUE(history::from({at(100), reply}, channels()));
  auto dangling = reply;
  dangling.in_reply_to = timestamp{200};
  auto h = history::from({at(100), dangling}, channels());
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().message.find("interaction #1"), std::string::npos);
  auto self_side = reply;  // answers an interaction of its own side
  auto h2 = history::from({at(100, direction::inbound), self_side}, channels());
  EXPECT_FALSE(h2);
  auto later = reply;
  later.in_reply_to = timestamp{600};
  EXPECT_FALSE(history::from({at(600), later}, channels()));
}

TEST(HistoryTest, EmptyHistoryIsValidButHasNoScore) {
  auto h = history::from({}, channels());
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->empty());
  auto w = assess(*h, timestamp{1000});
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, errc::invalid_argument);
  EXPECT_NE(w.error().message.find("empty"), std::string::npos);
}

TEST(ChannelTableTest, FindsBuiltInsAndAddsUserChannels) {
  auto t = channel_table::defaults();
  EXPECT_EQ(*t.find("email"), channel::email);
  auto fax = t.find("fax");
  ASSERT_FALSE(fax);
  EXPECT_NE(fax.error().message.find("\"fax\""), std::string::npos);
  auto id = t.add({"fax", 0.5});
  ASSERT_TRUE(id);
  EXPECT_EQ(static_cast<int>(*id), 9);
  EXPECT_EQ(t.weight(*id), 0.5);
  EXPECT_FALSE(t.add({"fax", 1.0}));
  EXPECT_FALSE(t.add({"", 1.0}));
  EXPECT_FALSE(t.add({"pigeon", std::nan("")}));
  EXPECT_FALSE(t.add({"pigeon", -1}));
  EXPECT_FALSE(t.set_weight(channel::email, std::numeric_limits<double>::infinity()));
  while (t.size() < max_channels) ASSERT_TRUE(t.add({"c" + std::to_string(t.size()), 1.0}));
  auto full = t.add({"one_too_many", 1.0});
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, errc::out_of_range);
}

TEST(HistoryTest, FindsASameSecondReplyWhateverTheCallersOrder) {
  auto reply = at(100, direction::inbound);
  reply.in_reply_to = timestamp{100};
  EXPECT_TRUE(history::from({reply, at(100)}, channels()));
  EXPECT_TRUE(history::from({at(100), reply}, channels()));
}
