// network_tracker: each side's activity and idle days, checked against a direct count over the
// same events (the definition in `network_context`), and its refusal of out-of-order input.
#include <rapport/network.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace {

using rapport::network_tracker;
using rapport::seconds_per_day;

struct event {
  std::uint64_t a, b;
  std::int64_t t;
};

// The definition, by brute force: interactions of `who` in [now - 30 d, now], days since the last.
rapport::activity direct(const std::vector<event>& ev, std::uint64_t who, std::int64_t now) {
  rapport::activity out;
  std::int64_t last = -1;
  for (const auto& e : ev) {
    if (e.t > now || (e.a != who && e.b != who)) continue;
    out.events_30d += e.t >= now - 30 * seconds_per_day;
    last = e.t;
  }
  out.idle_days = last < 0 ? 0 : static_cast<double>(now - last) / seconds_per_day;
  return out;
}

TEST(NetworkTest, MatchesDirectCountAtEveryStep) {
  std::mt19937_64 rng(7);
  std::vector<event> ev;
  network_tracker net;
  std::int64_t t = 1'600'000'000;
  for (int i = 0; i < 3000; ++i) {
    t += static_cast<std::int64_t>(rng() % (3 * seconds_per_day));  // bursts and 3-day gaps: windows fill and drain
    const std::uint64_t a = rng() % 12, b = rng() % 12;
    ev.push_back({a, b, t});
    ASSERT_TRUE(net.observe(a, b, {t}));
    if (i % 37 == 0) {
      const std::int64_t now = t + static_cast<std::int64_t>(rng() % (40 * seconds_per_day));
      for (std::uint64_t who = 0; who < 13; ++who) {  // 12 has never been seen
        const auto want = direct(ev, who, now);
        const auto got = net.activity_of(who, {now});
        EXPECT_EQ(got.events_30d, want.events_30d) << "person " << who << " at step " << i;
        EXPECT_DOUBLE_EQ(got.idle_days, want.idle_days) << "person " << who << " at step " << i;
      }
    }
  }
  EXPECT_EQ(net.people(), 12u);
}

TEST(NetworkTest, ContextPutsOwnerAndContactInTheirFields) {
  network_tracker net;
  const std::int64_t d = seconds_per_day, t0 = 1'700'000'000;
  ASSERT_TRUE(net.observe(1, 2, {t0}));
  ASSERT_TRUE(net.observe(1, 3, {t0 + 10 * d}));
  ASSERT_TRUE(net.observe(1, 3, {t0 + 20 * d}));
  auto c = net.context(1, 2, {t0 + 35 * d});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->owner_events_30d, 2);  // t0 is 35 days back: outside the window
  EXPECT_DOUBLE_EQ(c->owner_idle_days, 15);
  EXPECT_EQ(c->contact_events_30d, 0);
  EXPECT_DOUBLE_EQ(c->contact_idle_days, 35);  // its one interaction was dropped from the window, not forgotten
  EXPECT_TRUE(c->validate());
}

TEST(NetworkTest, RefusesTimeGoingBackwardsForAPersonAndChangesNothing) {
  network_tracker net;
  ASSERT_TRUE(net.observe(1, 2, {2'000'000}));
  ASSERT_TRUE(net.observe(3, 4, {1'000'000}));  // other people: their own order
  auto bad = net.observe(5, 2, {1'500'000});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, rapport::errc::out_of_range);
  EXPECT_NE(bad.error().message.find("person 2"), std::string::npos) << bad.error().message;
  EXPECT_EQ(net.people(), 4u);  // 5 was not added
  EXPECT_FALSE(net.observe(1, 2, {rapport::timestamp::max().seconds + 1}));
  EXPECT_FALSE(net.context(1, 2, {rapport::timestamp::max().seconds + 1}));
}

}  // namespace
