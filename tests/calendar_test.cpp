#include <rapport/calendar.hpp>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <gtest/gtest.h>

namespace {

using rapport::date;
using rapport::timestamp;
using rapport::utc;
using rapport::weekday;

bool have_zoneinfo(const char* name) { return std::filesystem::exists(std::string("/usr/share/zoneinfo/") + name); }

rapport::time_zone zone(const char* posix) {
  auto z = rapport::time_zone::from_posix(posix);
  EXPECT_TRUE(z) << (z ? "" : z.error().message);
  return z ? *z : rapport::time_zone::utc();
}

std::string hhmm(const rapport::local_time& l) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", l.second_of_day / 3600, l.second_of_day / 60 % 60);
  return buf;
}

// ---- time zones ---------------------------------------------------------------------------------

TEST(ZoneTest, PosixOffsetSignIsFlippedForBoost) {
  auto p = rapport::detail::parse_posix_tz("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->std_west, 5 * 3600);
  EXPECT_EQ(p->dst_west, 4 * 3600);
  EXPECT_EQ(rapport::detail::to_boost_tz(*p).text, "STD-05:00:00DST+01:00:00,M3.2.0/02:00:00,M11.1.0/02:00:00");
  auto east = rapport::detail::parse_posix_tz("<+0530>-5:30");
  ASSERT_TRUE(east);
  EXPECT_EQ(rapport::detail::to_boost_tz(*east).text, "STD+05:30:00");
  // An explicit DST offset is POSIX's full offset; Boost wants the amount DST adds.
  auto lord_howe = rapport::detail::parse_posix_tz("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
  ASSERT_TRUE(lord_howe);
  EXPECT_EQ(rapport::detail::to_boost_tz(*lord_howe).text.substr(0, 25), "STD+10:30:00DST+00:30:00,");
}

TEST(ZoneTest, NewYorkSpringForwardFromPosixString) {
  const auto ny = zone("EST5EDT,M3.2.0,M11.1.0");
  const auto tr = ny.transitions(2026);
  ASSERT_TRUE(tr);
  EXPECT_EQ(tr->first, utc(2026, 3, 8, 7));    // 02:00 EST
  EXPECT_EQ(tr->second, utc(2026, 11, 1, 6));  // 02:00 EDT
  EXPECT_EQ(hhmm(ny.to_local(utc(2026, 3, 8, 6, 59))), "01:59");
  EXPECT_FALSE(ny.to_local(utc(2026, 3, 8, 6, 59)).dst);
  EXPECT_EQ(hhmm(ny.to_local(utc(2026, 3, 8, 7))), "03:00");
  EXPECT_TRUE(ny.to_local(utc(2026, 3, 8, 7)).dst);
  EXPECT_EQ(ny.offset_at(utc(2026, 7, 1)), -4 * 3600);
  EXPECT_EQ(ny.offset_at(utc(2026, 1, 15)), -5 * 3600);
  // 02:30 does not exist that night: it moves forward by the gap, to 03:30 EDT.
  EXPECT_EQ(ny.from_local(date::ymd(2026, 3, 8), 2 * 3600 + 1800), utc(2026, 3, 8, 7, 30));
  EXPECT_EQ(ny.from_local(date::ymd(2026, 3, 8), 9 * 3600), utc(2026, 3, 8, 13));
  EXPECT_EQ(ny.from_local(date::ymd(2026, 3, 7), 9 * 3600), utc(2026, 3, 7, 14));
}

TEST(ZoneTest, NewYorkFallBackFromPosixString) {
  const auto ny = zone("EST5EDT,M3.2.0,M11.1.0");
  EXPECT_EQ(hhmm(ny.to_local(utc(2026, 11, 1, 5, 30))), "01:30");
  EXPECT_TRUE(ny.to_local(utc(2026, 11, 1, 5, 30)).dst);
  EXPECT_EQ(hhmm(ny.to_local(utc(2026, 11, 1, 6, 30))), "01:30");
  EXPECT_FALSE(ny.to_local(utc(2026, 11, 1, 6, 30)).dst);
  // 01:30 happens twice: the first occurrence (EDT) is taken.
  EXPECT_EQ(ny.from_local(date::ymd(2026, 11, 1), 3600 + 1800), utc(2026, 11, 1, 5, 30));
  EXPECT_EQ(ny.from_local(date::ymd(2026, 11, 2), 9 * 3600), utc(2026, 11, 2, 14));
}

TEST(ZoneTest, NewYorkFromZoneinfoMatchesPosix) {
  if (!have_zoneinfo("America/New_York")) GTEST_SKIP() << "no system zoneinfo";
  auto ny = rapport::time_zone::from_iana("America/New_York");
  ASSERT_TRUE(ny) << ny.error().message;
  EXPECT_EQ(ny->posix(), "EST5EDT,M3.2.0,M11.1.0");
  EXPECT_EQ(ny->name(), "America/New_York");
  EXPECT_EQ(ny->transitions(2027)->first, utc(2027, 3, 14, 7));
  EXPECT_EQ(ny->transitions(2027)->second, utc(2027, 11, 7, 6));
  EXPECT_EQ(rapport::format_local(utc(2026, 11, 30, 14), *ny), "Mon 2026-11-30 09:00 EST");
}

TEST(ZoneTest, LondonSpringForwardAndFallBack) {
  std::vector<rapport::time_zone> zones{zone("GMT0BST,M3.5.0/1,M10.5.0")};
  if (have_zoneinfo("Europe/London")) {
    auto z = rapport::time_zone::from_iana("Europe/London");
    ASSERT_TRUE(z) << z.error().message;
    zones.push_back(*z);
  }
  for (const auto& lon : zones) {
    const auto tr = lon.transitions(2026);
    ASSERT_TRUE(tr);
    EXPECT_EQ(tr->first, utc(2026, 3, 29, 1));
    EXPECT_EQ(tr->second, utc(2026, 10, 25, 1));
    EXPECT_EQ(hhmm(lon.to_local(utc(2026, 3, 29, 0, 59))), "00:59");
    EXPECT_EQ(hhmm(lon.to_local(utc(2026, 3, 29, 1, 0))), "02:00");
    EXPECT_EQ(rapport::format_local(utc(2026, 7, 1, 12), lon), "Wed 2026-07-01 13:00 BST");
    EXPECT_EQ(hhmm(lon.to_local(utc(2026, 10, 25, 0, 30))), "01:30");
    EXPECT_EQ(hhmm(lon.to_local(utc(2026, 10, 25, 1, 30))), "01:30");
    EXPECT_EQ(lon.from_local(date::ymd(2026, 10, 25), 3600 + 1800), utc(2026, 10, 25, 0, 30));
    EXPECT_EQ(lon.from_local(date::ymd(2026, 3, 29), 3600 + 1800), utc(2026, 3, 29, 1, 30));  // 01:30 skipped -> 02:30 BST
  }
}

TEST(ZoneTest, AucklandIsADayAheadAndInSummerTimeInDecember) {
  std::vector<rapport::time_zone> zones{zone("NZST-12NZDT,M9.5.0,M4.1.0/3")};
  if (have_zoneinfo("Pacific/Auckland")) {
    auto z = rapport::time_zone::from_iana("Pacific/Auckland");
    ASSERT_TRUE(z) << z.error().message;
    zones.push_back(*z);
  }
  for (const auto& akl : zones) {
    // Monday evening in UTC is Tuesday morning in Auckland (UTC+13 in December).
    const auto l = akl.to_local(utc(2026, 11, 30, 20));
    EXPECT_EQ(l.day, date::ymd(2026, 12, 1));
    EXPECT_EQ(l.wday(), weekday::tuesday);
    EXPECT_EQ(hhmm(l), "09:00");
    EXPECT_EQ(l.utc_offset, 13 * 3600);
    EXPECT_EQ(akl.offset_at(utc(2026, 7, 1)), 12 * 3600);
    const auto tr = akl.transitions(2026);
    ASSERT_TRUE(tr);
    EXPECT_EQ(tr->first, utc(2026, 9, 26, 14));  // Sun 27 Sep 02:00 NZST
    EXPECT_EQ(tr->second, utc(2026, 4, 4, 14));  // Sun 5 Apr 03:00 NZDT
    EXPECT_TRUE(akl.is_dst(utc(2026, 1, 10)));
    EXPECT_FALSE(akl.is_dst(utc(2026, 6, 10)));
    EXPECT_EQ(akl.from_local(date::ymd(2026, 12, 1), 9 * 3600), utc(2026, 11, 30, 20));
  }
}

TEST(ZoneTest, RuleTimesBoostCannotSayAreAddedByRapport) {
  // Jerusalem switches at "26:00" on the Thursday before the last Friday of March, i.e. Friday 02:00.
  const auto jlm = zone("IST-2IDT,M3.4.4/26,M10.5.0");
  EXPECT_EQ(jlm.transitions(2026)->first, utc(2026, 3, 27, 0));
  // Nuuk: "-1" hours, i.e. Saturday 22:00 local (UTC-2) before the last Sunday of March.
  const auto nuuk = zone("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
  EXPECT_EQ(nuuk.transitions(2026)->first, utc(2026, 3, 29, 1));
  EXPECT_EQ(rapport::format_local(utc(2026, 7, 1, 12), nuuk), "Wed 2026-07-01 11:00 UTC-01:00");
}

TEST(ZoneTest, RejectsMalformedAndUnknownZonesNamingThem) {
  const char* bad[] = {"EST",
                       "5EST",
                       "EST5EDT",
                       "FOO5BAR,J60,J300",
                       "FOO5BAR,60,300",
                       "EST5EDT,M13.1.0,M11.1.0",
                       "EST5EDT,M3.2.0",
                       "EST25",
                       "EST5EDT,M3.2.0,M11.1.0junk",
                       "<AB>5"};
  for (const char* s : bad) {
    auto z = rapport::time_zone::from_posix(s);
    ASSERT_FALSE(z) << s;
    EXPECT_EQ(z.error().code, rapport::errc::invalid_argument);
    EXPECT_NE(z.error().message.find(s), std::string::npos) << z.error().message;
  }
  EXPECT_NE(rapport::time_zone::from_posix("FOO5BAR,J60,J300").error().message.find("julian"), std::string::npos);
  auto unknown = rapport::time_zone::from_iana("Mars/Olympus_Mons");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("Mars/Olympus_Mons"), std::string::npos);
  EXPECT_FALSE(rapport::time_zone::from_iana("../../etc/passwd"));
  EXPECT_FALSE(rapport::time_zone::from_iana("/etc/passwd"));
}

// Found by fuzzing: a folder of the zoneinfo tree opened as a stream and threw on reading.
TEST(ZoneTest, AFolderOfZonesIsAnErrorNotAnException) {
  for (const char* folder : {"America", "Europe", "Etc"}) {
    auto z = rapport::time_zone::from_iana(folder);
    ASSERT_FALSE(z) << folder;
    EXPECT_EQ(z.error().code, rapport::errc::invalid_argument);
    EXPECT_NE(z.error().message.find(folder), std::string::npos) << z.error().message;
    EXPECT_NE(z.error().message.find("folder"), std::string::npos) << z.error().message;
  }
  EXPECT_FALSE(rapport::time_zone::from_text("America"));
}

// Cross-check against the C library's own reading of the same zoneinfo files, every 30 minutes of
// 2027 and 2028, for zones with DST north and south, odd rule times, half-hour offsets and none.
TEST(ZoneTest, AgreesWithTheCLibraryOnTheSystemZones) {
  if (!have_zoneinfo("America/New_York")) GTEST_SKIP() << "no system zoneinfo";
  const char* names[] = {"America/New_York", "Europe/London",    "Pacific/Auckland", "Australia/Sydney", "Asia/Jerusalem",
                         "America/Santiago", "Africa/Cairo",     "America/Nuuk",     "Asia/Kolkata",     "Australia/Lord_Howe",
                         "Europe/Dublin",    "America/St_Johns", "Asia/Tokyo",       "Pacific/Chatham",  "America/Sao_Paulo"};
  const char* old_tz = std::getenv("TZ");
  const std::string saved = old_tz ? old_tz : "";
  for (const char* name : names) {
    if (!have_zoneinfo(name)) continue;
    auto z = rapport::time_zone::from_iana(name);
    ASSERT_TRUE(z) << z.error().message;
    setenv("TZ", (std::string(":") + name).c_str(), 1);
    tzset();
    for (std::int64_t t = utc(2027, 1, 1).seconds; t < utc(2029, 1, 1).seconds; t += 1800) {
      const std::time_t tt = static_cast<std::time_t>(t);
      std::tm tmv{};
      localtime_r(&tt, &tmv);
      ASSERT_EQ(tmv.tm_gmtoff, z->offset_at({t})) << name << " at " << rapport::format_utc({t});
      const auto l = z->to_local({t});
      ASSERT_EQ(l.second_of_day / 3600, tmv.tm_hour) << name << " at " << rapport::format_utc({t});
      ASSERT_EQ(static_cast<int>(l.wday()), tmv.tm_wday) << name << " at " << rapport::format_utc({t});
    }
  }
  if (old_tz)
    setenv("TZ", saved.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
}

TEST(ZoneTest, ReadsZonesFromACallerGivenDirectory) {
  const auto dir = std::filesystem::temp_directory_path() / "rapport_zoneinfo_test";
  std::filesystem::create_directories(dir / "Test");
  {
    std::ofstream f(dir / "Test" / "Eastern", std::ios::binary);
    std::string header = "TZif2";
    header.resize(44, '\0');
    f << header << "binary\ndata"
      << "\nEST5EDT,M3.2.0,M11.1.0\n";
  }
  {
    std::ofstream f(dir / "Test" / "Old", std::ios::binary);
    std::string header = "TZif";
    header.resize(60, '\0');
    f << header;
  }
  auto z = rapport::time_zone::from_iana("Test/Eastern", dir.string());
  ASSERT_TRUE(z) << z.error().message;
  EXPECT_EQ(z->posix(), "EST5EDT,M3.2.0,M11.1.0");
  EXPECT_EQ(z->offset_at(utc(2026, 7, 1)), -4 * 3600);
  auto old = rapport::time_zone::from_iana("Test/Old", dir.string());
  ASSERT_FALSE(old);
  EXPECT_NE(old.error().message.find("version 1"), std::string::npos);
  auto via_text = rapport::time_zone::from_text("Test/Eastern", dir.string());
  EXPECT_TRUE(via_text);
  std::filesystem::remove_all(dir);
}

TEST(ZoneTest, FromTextTellsNamesFromPosixStrings) {
  auto posix = rapport::time_zone::from_text("CET-1CEST,M3.5.0,M10.5.0/3");
  ASSERT_TRUE(posix);
  EXPECT_EQ(posix->offset_at(utc(2026, 7, 1)), 2 * 3600);
  auto u = rapport::time_zone::from_text("UTC");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->offset_at(utc(2026, 7, 1)), 0);
}

// ---- calendars ----------------------------------------------------------------------------------

TEST(CalendarTest, UsFederalHolidaysAndObservedDays) {
  auto us = rapport::calendar::builtin("us_federal");
  ASSERT_TRUE(us) << us.error().message;
  EXPECT_EQ(us->holiday_name(date::ymd(2026, 11, 26)), "Thanksgiving Day");
  EXPECT_EQ(us->holiday_name(date::ymd(2026, 1, 19)), "Martin Luther King Jr. Day");
  EXPECT_EQ(us->holiday_name(date::ymd(2026, 5, 25)), "Memorial Day");
  // 4 July 2026 is a Saturday: observed on Friday 3 July.
  EXPECT_TRUE(us->is_holiday(date::ymd(2026, 7, 3)));
  EXPECT_FALSE(us->is_business_day(date::ymd(2026, 7, 3)));
  // 4 July 2027 is a Sunday: observed on Monday 5 July.
  EXPECT_EQ(rapport::weekday_of(date::ymd(2027, 7, 5)), weekday::monday);
  EXPECT_EQ(us->holiday_name(date::ymd(2027, 7, 5)), "Independence Day");
  EXPECT_FALSE(us->is_business_day(date::ymd(2027, 7, 5)));
  EXPECT_TRUE(us->is_business_day(date::ymd(2027, 7, 6)));
  // 1 January 2022 was a Saturday: observed on Friday 31 December 2021.
  EXPECT_EQ(us->holiday_name(date::ymd(2021, 12, 31)), "New Year's Day");
  EXPECT_FALSE(us->is_holiday(date::ymd(2020, 6, 19)));  // Juneteenth only from 2021
  EXPECT_TRUE(us->is_holiday(date::ymd(2026, 6, 19)));
  EXPECT_EQ(us->holidays_in(2026).size(), 11u);
}

TEST(CalendarTest, EnglandAndWalesSubstituteDaysAndEaster) {
  auto uk = rapport::calendar::builtin("england_wales");
  ASSERT_TRUE(uk) << uk.error().message;
  EXPECT_EQ(uk->holiday_name(date::ymd(2026, 4, 3)), "Good Friday");
  EXPECT_EQ(uk->holiday_name(date::ymd(2026, 4, 6)), "Easter Monday");
  EXPECT_EQ(uk->holiday_name(date::ymd(2025, 4, 18)), "Good Friday");
  // 2021: Christmas on Saturday, Boxing Day on Sunday -> Monday 27 and Tuesday 28.
  EXPECT_EQ(uk->holiday_name(date::ymd(2021, 12, 27)), "Christmas Day");
  EXPECT_EQ(uk->holiday_name(date::ymd(2021, 12, 28)), "Boxing Day");
  // 2022: Christmas on Sunday, Boxing Day on Monday -> the Christmas substitute is Tuesday 27.
  EXPECT_EQ(uk->holiday_name(date::ymd(2022, 12, 26)), "Boxing Day");
  EXPECT_EQ(uk->holiday_name(date::ymd(2022, 12, 27)), "Christmas Day");
  EXPECT_EQ(uk->holiday_name(date::ymd(2023, 5, 8)), "Coronation of King Charles III");
  EXPECT_FALSE(uk->is_holiday(date::ymd(2022, 5, 30)));  // spring bank holiday moved to 2 June that year
  EXPECT_TRUE(uk->is_holiday(date::ymd(2022, 6, 2)));
  EXPECT_EQ(uk->holiday_name(date::ymd(2026, 8, 31)), "Summer bank holiday");
  EXPECT_EQ(uk->holidays_in(2026).size(), 8u);
}

TEST(CalendarTest, RejectsRulesThatCannotExistNamingThem) {
  rapport::calendar_spec spec;
  spec.name = "acme";
  spec.rules.push_back(rapport::holiday_rule::fixed("Founders' Day", 2, 31));
  auto c = rapport::calendar::create(spec);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, rapport::errc::invalid_argument);
  EXPECT_NE(c.error().message.find("Founders' Day"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("31/2"), std::string::npos) << c.error().message;
  spec.rules = {rapport::holiday_rule::nth_weekday("Fifth Monday", 5, weekday::monday, 3)};
  EXPECT_FALSE(rapport::calendar::create(spec));
  spec.rules = {rapport::holiday_rule::fixed("Month 13", 13, 1)};
  EXPECT_FALSE(rapport::calendar::create(spec));
  auto unknown = rapport::calendar::builtin("narnia");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("narnia"), std::string::npos);
  rapport::calendar_spec all_weekend;
  all_weekend.weekend = rapport::weekday_set::from_bits(0x7F);
  EXPECT_FALSE(rapport::calendar::create(all_weekend));
}

TEST(CalendarTest, LeapDayRuleAndUserDatesAndCustomWeekend) {
  rapport::calendar_spec spec;
  spec.weekend = {weekday::friday, weekday::saturday};
  spec.rules.push_back(rapport::holiday_rule::fixed("Leap Day", 2, 29));
  spec.add(date::ymd(2026, 12, 7), "Company retreat");
  auto c = rapport::calendar::create(spec);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->is_holiday(date::ymd(2028, 2, 29)));
  EXPECT_FALSE(c->is_holiday(date::ymd(2027, 2, 28)));
  EXPECT_FALSE(c->is_holiday(date::ymd(2027, 3, 1)));
  EXPECT_EQ(c->holiday_name(date::ymd(2026, 12, 7)), "Company retreat");
  EXPECT_FALSE(c->is_business_day(date::ymd(2026, 12, 4)));  // Friday
  EXPECT_TRUE(c->is_business_day(date::ymd(2026, 12, 6)));   // Sunday is a working day here
  // Thursday 3 Dec + 1 business day: Fri, Sat off -> Sunday 6 Dec; +2 -> Monday is the retreat -> Tuesday 8.
  EXPECT_EQ(c->add_business_days(date::ymd(2026, 12, 3), 1), date::ymd(2026, 12, 6));
  EXPECT_EQ(c->add_business_days(date::ymd(2026, 12, 3), 2), date::ymd(2026, 12, 8));
}

// ---- availability -------------------------------------------------------------------------------

TEST(AvailabilityTest, NextOpenSkipsQuietHoursWeekendsHolidaysAndLeave) {
  auto us = rapport::calendar::builtin("us_federal");
  ASSERT_TRUE(us);
  const auto ny = zone("EST5EDT,M3.2.0,M11.1.0");
  const rapport::period leave[] = {{utc(2026, 11, 30, 5), utc(2026, 12, 2, 17)}};
  rapport::availability a{&ny, &*us, {}, leave, 1};
  // Wednesday 25 Nov 2026, 22:00 EST: quiet -> Thanksgiving (Thu) -> Friday 27 08:00 EST.
  EXPECT_EQ(rapport::next_open(a, utc(2026, 11, 26, 3), utc(2027, 1, 1)), utc(2026, 11, 27, 13));
  // Friday 27 Nov 21:00 EST -> weekend -> Monday 30 Nov 09:00 EST is on leave until Wed 2 Dec 12:00 EST.
  EXPECT_EQ(rapport::next_open(a, utc(2026, 11, 28, 2), utc(2027, 1, 1)), utc(2026, 12, 2, 17));
  EXPECT_EQ(rapport::why_closed(a, utc(2026, 12, 1, 15)), rapport::closed_reason::do_not_contact);
  EXPECT_EQ(rapport::why_closed(a, utc(2026, 11, 26, 15)), rapport::closed_reason::holiday);
  EXPECT_EQ(rapport::why_closed(a, utc(2026, 11, 28, 15)), rapport::closed_reason::weekend);
  EXPECT_EQ(rapport::why_closed(a, utc(2026, 11, 25, 2)), rapport::closed_reason::quiet_hours);
  // The latest open instant before Monday 30 Nov 10:00 EST is Friday 27 Nov 19:59 EST.
  EXPECT_EQ(rapport::prev_open(a, utc(2026, 11, 30, 15), utc(2026, 11, 1)), utc(2026, 11, 28, 0, 59));
  // A limit before the next opening gives nothing.
  EXPECT_FALSE(rapport::next_open(a, utc(2026, 11, 28, 2), utc(2026, 12, 2)));
}

TEST(AvailabilityTest, QuietHoursFollowTheWallClockAcrossDst) {
  const auto ny = zone("EST5EDT,M3.2.0,M11.1.0");
  rapport::availability a{&ny, nullptr, {}, nullptr, 0};
  // Friday 6 Mar 2026 23:00 EST -> Monday 9 Mar 08:00, which is EDT (12:00Z, not 13:00Z).
  EXPECT_EQ(rapport::next_open(a, utc(2026, 3, 7, 4), utc(2026, 4, 1)), utc(2026, 3, 9, 12));
  // Friday 30 Oct 2026 23:00 EDT -> Monday 2 Nov 08:00 EST = 13:00Z.
  EXPECT_EQ(rapport::next_open(a, utc(2026, 10, 31, 3), utc(2026, 12, 1)), utc(2026, 11, 2, 13));
}

TEST(AvailabilityTest, RejectsEmptyAndInvertedPeriods) {
  const rapport::period inverted[] = {{utc(2026, 1, 1), utc(2026, 2, 1)}, {utc(2026, 3, 2), utc(2026, 3, 1)}};
  auto r = rapport::validate_periods(inverted, 2);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("#1"), std::string::npos);
  EXPECT_NE(r.error().message.find("ends before it starts"), std::string::npos);
  const rapport::period empty[] = {{utc(2026, 3, 1), utc(2026, 3, 1)}};
  EXPECT_FALSE(rapport::validate_periods(empty, 1));
  EXPECT_FALSE((rapport::quiet_hours{-1, 480}.validate()));
}

// Property: next_open / prev_open return open instants on whole minutes, and nothing open is
// skipped (every minute between `from` and the result is closed), over random calendars and zones.
TEST(AvailabilityTest, NextAndPrevOpenAreExactOverRandomCalendars) {
  std::mt19937_64 rng(20261125);
  const char* zones[] = {"EST5EDT,M3.2.0,M11.1.0", "GMT0BST,M3.5.0/1,M10.5.0", "NZST-12NZDT,M9.5.0,M4.1.0/3", "<+0530>-5:30",
                         "UTC0"};
  const char* sets[] = {"us_federal", "england_wales", "none"};
  for (int round = 0; round < 60; ++round) {
    const auto z = zone(zones[rng() % 5]);
    auto spec = rapport::calendar::builtin_spec(sets[rng() % 3]);
    ASSERT_TRUE(spec);
    spec->weekend = rapport::weekday_set::from_bits(static_cast<std::uint8_t>(rng() % 127));
    const auto cal = rapport::calendar::create(*spec);
    ASSERT_TRUE(cal);
    const timestamp base = utc(2026, 1 + static_cast<unsigned>(rng() % 12), 1);
    std::vector<rapport::period> leave;
    for (int k = 0; k < 3; ++k) {
      const timestamp from{base.seconds + static_cast<std::int64_t>(rng() % (40 * 86400))};
      leave.push_back({from, {from.seconds + 3600 + static_cast<std::int64_t>(rng() % (6 * 86400))}});
    }
    const auto qs = static_cast<std::int16_t>(rng() % 1440), qe = static_cast<std::int16_t>(rng() % 1440);
    rapport::availability a{&z, &*cal, {qs, qe}, leave.data(), leave.size()};
    const timestamp from{base.seconds + static_cast<std::int64_t>(rng() % (30 * 86400))};
    const timestamp limit{from.seconds + 60 * 86400};
    const auto n = rapport::next_open(a, from, limit);
    if (n) {
      EXPECT_TRUE(rapport::is_open(a, *n)) << round;
      EXPECT_EQ(n->seconds % 60, 0);
      EXPECT_GE(*n, from);
      for (std::int64_t t = (from.seconds + 59) / 60 * 60; t < n->seconds; t += 60)
        ASSERT_FALSE(rapport::is_open(a, {t})) << "skipped an open minute, round " << round;
    }
    const auto p = rapport::prev_open(a, limit, from);
    if (p) {
      EXPECT_TRUE(rapport::is_open(a, *p)) << round;
      EXPECT_LE(*p, limit);
      for (std::int64_t t = p->seconds + 60; t <= limit.seconds; t += 60)
        ASSERT_FALSE(rapport::is_open(a, {t})) << "skipped an open minute, round " << round;
    }
    EXPECT_EQ(n.has_value(), p.has_value()) << round;
  }
}

}  // namespace

#include <rapport/interop/boost_date.hpp>

namespace {

TEST(InteropTest, BoostDatesAndTimesRoundTrip) {
  const auto d = rapport::date::ymd(2026, 2, 28);
  const auto b = rapport::interop::to_boost(d);
  ASSERT_TRUE(b);
  EXPECT_EQ(*b, boost::gregorian::date(2026, 2, 28));
  EXPECT_EQ(*rapport::interop::from_boost(*b), d);
  EXPECT_FALSE(rapport::interop::to_boost(rapport::date::ymd(12000, 1, 1)));
  EXPECT_FALSE(rapport::interop::from_boost(boost::gregorian::date(boost::gregorian::not_a_date_time)));
  const auto t = utc(2026, 11, 25, 17, 31, 4);
  const auto p = rapport::interop::to_boost(t);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, boost::posix_time::ptime(boost::gregorian::date(2026, 11, 25), boost::posix_time::time_duration(17, 31, 4)));
  EXPECT_EQ(*rapport::interop::from_boost(*p), t);
  EXPECT_FALSE(rapport::interop::to_boost(timestamp{-5}));
  EXPECT_FALSE(rapport::interop::from_boost(boost::posix_time::ptime(boost::gregorian::date(1960, 1, 1))));
  EXPECT_FALSE(rapport::interop::from_boost(boost::posix_time::ptime(boost::posix_time::pos_infin)));
}

}  // namespace
