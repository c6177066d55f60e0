// Calendars built from a caller's own rules and dates, channel tables edited at run time, and times
// typed by people: each bad value is refused naming what is wrong (issue 11's coverage pass; the
// built-in calendars, availability and zone conversions are in calendar_test.cpp, the catalogue
// rows in bad_input_test.cpp).

#include <rapport/calendar.hpp>
#include <rapport/interaction.hpp>
#include <rapport/time.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace {
using namespace rapport;

result<calendar> with_rule(holiday_rule r) {
  calendar_spec spec;
  spec.name = "acme";
  spec.rules.push_back(std::move(r));
  return calendar::create(spec);
}

void expect_refused(const result<calendar>& c, errc code, const std::string& needle) {
  ASSERT_FALSE(c) << needle;
  EXPECT_EQ(c.error().code, code) << c.error().message;
  EXPECT_NE(c.error().message.find("calendar \"acme\""), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find(needle), std::string::npos) << c.error().message << "\n  expected: " << needle;
}

TEST(CalendarRulesTest, EachImpossibleRuleIsRefusedNamingIt) {
  holiday_rule unnamed = holiday_rule::fixed("", 1, 1);
  expect_refused(with_rule(unnamed), errc::invalid_argument, "a holiday rule needs a name");
  expect_refused(with_rule(holiday_rule::fixed("Backwards", 5, 1).years(2030, 2020)), errc::invalid_argument,
                 "holiday rule \"Backwards\": from_year is after to_year");
  expect_refused(with_rule(holiday_rule::easter("Far from Easter", 61)), errc::invalid_argument,
                 "holiday rule \"Far from Easter\": Easter offset must be within +-60 days");
  expect_refused(with_rule(holiday_rule::easter("Ash Wednesday-ish", -61)), errc::invalid_argument, "+-60 days");
  expect_refused(with_rule(holiday_rule::last_weekday("Month zero", weekday::monday, 0)), errc::invalid_argument,
                 "holiday rule \"Month zero\": month 0 is not 1-12");
  expect_refused(with_rule(holiday_rule::nth_weekday("Day eight", 1, static_cast<weekday>(7), 5)), errc::invalid_argument,
                 "holiday rule \"Day eight\": weekday out of range");
  expect_refused(with_rule(holiday_rule::nth_weekday("Zeroth Monday", 0, weekday::monday, 5)), errc::invalid_argument,
                 "nth must be 1-4 (use last_weekday for the last one)");
  expect_refused(with_rule(holiday_rule::fixed("Day zero", 3, 0)), errc::invalid_argument, "0/3 never exists");
  // A user date outside the years the calendar holds is out of range, named by its index and date.
  calendar_spec spec;
  spec.name = "acme";
  spec.add(date::ymd(2026, 12, 24), "Christmas Eve").add(date::ymd(2108, 1, 2), "Far future");
  expect_refused(calendar::create(spec), errc::out_of_range, "added holiday #1 (2108-01-02) is outside 1969-2107");
}

TEST(CalendarRulesTest, RulesApplyOnlyInTheirYearsAndUnnamedDatesAreHolidays) {
  calendar_spec spec;
  spec.name = "acme";
  spec.rules.push_back(holiday_rule::easter("Easter Monday", 1).years(2027, 2028).skipping({2028}));
  spec.rules.push_back(holiday_rule::nth_weekday("Summer Friday", 2, weekday::friday, 7));
  spec.add(date::ymd(2026, 12, 28), "");
  auto c = calendar::create(spec);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_FALSE(c->is_holiday(date::ymd(2026, 4, 6)));   // Easter Monday 2026: before the rule's years
  EXPECT_TRUE(c->is_holiday(date::ymd(2027, 3, 29)));   // Easter 2027 is 28 March
  EXPECT_FALSE(c->is_holiday(date::ymd(2028, 4, 17)));  // skipped
  EXPECT_EQ(c->holiday_name(date::ymd(2026, 7, 10)), "Summer Friday");
  EXPECT_EQ(c->holiday_name(date::ymd(2026, 12, 28)), "holiday");  // a date without a name still needs one to show
  const auto list = c->holidays_in(2026);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].day, date::ymd(2026, 7, 10));
  EXPECT_EQ(list[1].name, "holiday");
  // Outside the years a calendar holds there are no holidays, only weekends.
  EXPECT_FALSE(c->is_holiday(date::ymd(1968, 12, 25)));
  EXPECT_FALSE(c->is_holiday(date::ymd(2108, 7, 13)));
  EXPECT_TRUE(c->is_business_day(date::ymd(2108, 7, 13)));  // a Friday
}

// Found in this pass: a holiday's name was found through a 16-bit index, so the 65,537th rule or
// date took the name of the first one (a calendar imported from years of company days off).
TEST(CalendarRulesTest, EveryHolidayKeepsItsOwnNamePastSixtyFiveThousand) {
  calendar_spec spec;
  spec.name = "acme";
  for (int k = 0; k < 65536; ++k) spec.add(date::ymd(2026, 12, 24), "Eve #" + std::to_string(k));
  spec.add(date::ymd(2026, 12, 31), "New Year's Eve");
  auto c = calendar::create(spec);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->holiday_name(date::ymd(2026, 12, 24)), "Eve #0");  // the first name of a day wins
  EXPECT_EQ(c->holiday_name(date::ymd(2026, 12, 31)), "New Year's Eve");
  EXPECT_TRUE(c->is_holiday(date::ymd(2026, 12, 31)));
}

TEST(CalendarRulesTest, WhyClosedNamesEachReason) {
  EXPECT_STREQ(to_string(closed_reason::open), "open");
  EXPECT_STREQ(to_string(closed_reason::do_not_contact), "do-not-contact period");
  EXPECT_STREQ(to_string(closed_reason::weekend), "weekend");
  EXPECT_STREQ(to_string(closed_reason::holiday), "holiday");
  EXPECT_STREQ(to_string(closed_reason::quiet_hours), "quiet hours");
  EXPECT_STREQ(to_string(static_cast<closed_reason>(9)), "invalid");
  for (auto [s, e] : {std::pair<int, int>{-1, 480}, {1440, 480}, {1200, -5}, {1200, 1440}}) {
    const quiet_hours q{static_cast<std::int16_t>(s), static_cast<std::int16_t>(e)};
    auto r = q.validate();
    ASSERT_FALSE(r) << s << " " << e;
    EXPECT_NE(r.error().message.find("quiet hours"), std::string::npos);
  }
  EXPECT_TRUE(quiet_hours::none().validate());
  EXPECT_FALSE(quiet_hours::none().contains(0));
}

TEST(ChannelEditTest, SetWeightRefusesUnknownChannelsAndBadWeightsNamingThem) {
  auto t = channel_table::defaults();
  auto unknown = t.set_weight(static_cast<channel>(40), 1.0);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("unknown channel id 40"), std::string::npos) << unknown.error().message;
  for (double w : {-0.5, std::nan(""), std::numeric_limits<double>::infinity()}) {
    auto r = t.set_weight(channel::social, w);
    ASSERT_FALSE(r) << w;
    EXPECT_NE(r.error().message.find("channel \"social\": weight must be finite and >= 0"), std::string::npos)
        << r.error().message;
  }
  EXPECT_EQ(t.weight(channel::social), channel_table::defaults().weight(channel::social));  // unchanged by the refusals
  ASSERT_TRUE(t.set_weight(channel::social, 0.0));
  EXPECT_EQ(t.weight(channel::social), 0.0);
  EXPECT_STREQ(to_string(direction::outbound), "outbound");
  EXPECT_STREQ(to_string(direction::inbound), "inbound");
  EXPECT_STREQ(to_string(direction::mutual), "mutual");
  EXPECT_STREQ(to_string(static_cast<direction>(3)), "invalid");
}

TEST(ChannelEditTest, ReplyLinksMustComeFromOneSideAndPointBack) {
  const auto t = channel_table::defaults();
  interaction meeting;
  meeting.at = {1'000'000};
  meeting.via = channel::meeting;
  meeting.dir = direction::mutual;
  meeting.in_reply_to = timestamp{999'000};
  auto mutual = validate(meeting, t, "interaction #4");
  ASSERT_FALSE(mutual);
  EXPECT_EQ(mutual.error().message, "interaction #4: a mutual interaction cannot be a reply");
  interaction reply;
  reply.at = {1'000'000};
  reply.dir = direction::inbound;
  reply.in_reply_to = timestamp{-5};
  auto before_time = validate(reply, t, "interaction #2");
  ASSERT_FALSE(before_time);
  EXPECT_EQ(before_time.error().code, errc::out_of_range);
  EXPECT_NE(before_time.error().message.find("interaction #2: it answers a time after itself"), std::string::npos);
  reply.in_reply_to = timestamp{1'000'000};  // same second: allowed
  EXPECT_TRUE(validate(reply, t, "interaction #2"));
}

TEST(TimeTextTest, EachMalformedPartIsRefusedQuotingTheText) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"2026-1-01", "expected YYYY-MM-DD"},
      {"2026-01-01T1:00", "expected HH:MM after the date"},
      {"2026-01-01T12:5", "expected HH:MM after the date"},
      {"2026-01-01T12", "expected HH:MM after the date"},
      {"2026-01-01T12:00:5", "expected two digits of seconds"},
      {"2026-01-01T12:00:", "expected two digits of seconds"},
      {"2026-01-01T12:00Z ", "unexpected trailing characters"},
      {"2026-01-01x", "unexpected trailing characters"},
      {"2026-00-10", "no such calendar date"},
      {"2026-04-31", "no such calendar date"},
      {"2026-01-00", "no such calendar date"},
      {"2026-01-01T12:60", "no such time of day"},
      {"2026-01-01T12:00:60", "no such time of day"},
      {"2026-01-01T23:59:59Z", ""},
      {"2026-01-01 23:59:59", ""},
  };
  for (const auto& [text, why] : cases) {
    auto t = parse_utc(text);
    if (why.empty()) {
      EXPECT_TRUE(t) << text << ": " << t.error().message;
      continue;
    }
    ASSERT_FALSE(t) << text;
    EXPECT_EQ(t.error().code, errc::invalid_argument) << text;
    EXPECT_NE(t.error().message.find("\"" + text + "\": " + why), std::string::npos) << t.error().message;
  }
}

TEST(TimeTextTest, DatesBeforeTheEpochAndFarAheadConvertExactly) {
  // utc() and format_utc() are unchecked: they serve dates outside the valid range too (a
  // calendar's 1969, the zone table's 2108), and must agree with each other there.
  EXPECT_EQ(utc(1969, 12, 31, 23, 59, 59).seconds, -1);
  EXPECT_EQ(format_utc({-1}), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_utc({-86400}), "1969-12-31T00:00:00Z");
  EXPECT_EQ(utc(1600, 3, 1).seconds, -11670912000LL);
  EXPECT_EQ(format_utc(utc(1600, 3, 1)), "1600-03-01T00:00:00Z");
  EXPECT_EQ(format_utc(utc(2400, 2, 29, 12)), "2400-02-29T12:00:00Z");
  EXPECT_FALSE(timestamp{-1}.ok());
  EXPECT_TRUE(timestamp::max().ok());
  EXPECT_DOUBLE_EQ(days_between(utc(2026, 1, 2), utc(2026, 1, 1)), -1.0);
  EXPECT_EQ(plus_days(utc(2026, 1, 1), 0.5), utc(2026, 1, 1, 12));
}

}  // namespace
