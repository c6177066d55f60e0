#include <rapport/time.hpp>

#include <gtest/gtest.h>

using rapport::timestamp;

TEST(TimeTest, FormatsAndParsesUtc) {
  const timestamp t = rapport::utc(2026, 11, 25, 17, 31, 4);
  EXPECT_EQ(t.seconds, 1795627864);
  EXPECT_EQ(rapport::format_utc(t), "2026-11-25T17:31:04Z");
  auto back = rapport::parse_utc("2026-11-25T17:31:04Z");
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, t);
  EXPECT_EQ(*rapport::parse_utc("2026-11-25"), rapport::utc(2026, 11, 25));
  EXPECT_EQ(*rapport::parse_utc("2026-11-25 08:15"), rapport::utc(2026, 11, 25, 8, 15));
}

TEST(TimeTest, RejectsImpossibleDatesWithTheText) {
  auto r = rapport::parse_utc("2026-02-30");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, rapport::errc::invalid_argument);
  EXPECT_NE(r.error().message.find("2026-02-30"), std::string::npos);
  EXPECT_FALSE(rapport::parse_utc("2026-13-01"));
  EXPECT_FALSE(rapport::parse_utc("2026-11-25T24:00"));
  EXPECT_FALSE(rapport::parse_utc("yesterday"));
  EXPECT_TRUE(rapport::parse_utc("2024-02-29"));
  EXPECT_FALSE(rapport::parse_utc("2023-02-29"));
}

TEST(TimeTest, RejectsInstantsOutsideTheValidRange) {
  auto early = rapport::parse_utc("1969-12-31T23:59:59");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, rapport::errc::out_of_range);
  EXPECT_TRUE(rapport::parse_utc("2106-02-07T06:28:15"));
  EXPECT_FALSE(rapport::parse_utc("2106-02-07T06:28:16"));
}

TEST(TimeTest, RoundTripsEveryDayOverTwoCenturies) {
  for (std::int64_t d = 0; d < 49710; d += 7) {
    const timestamp t{d * rapport::seconds_per_day + 12345};
    auto back = rapport::parse_utc(rapport::format_utc(t));
    ASSERT_TRUE(back) << d;
    EXPECT_EQ(back->seconds, t.seconds);
  }
}

TEST(TimeTest, RejectsSignsAndBlanksInsideFields) {
  EXPECT_FALSE(rapport::parse_utc("2026-01-01T-1:-5"));
  EXPECT_FALSE(rapport::parse_utc("2026-01-01T00:00:-1"));
  EXPECT_FALSE(rapport::parse_utc("2026-01-01T+1:05"));
  EXPECT_FALSE(rapport::parse_utc("2026-01-01T 1:05"));
  EXPECT_FALSE(rapport::parse_utc("2026-+1-01"));
  EXPECT_TRUE(rapport::parse_utc("2026-01-01 01:05"));
}
