// Time zones and civil dates (zone.hpp, src/zone.cpp): the parts a CRM relies on when it passes
// whatever zone text a user or a sync gave it. Conversions against the C library, DST transitions
// and rule times are in calendar_test.cpp; here: every way a POSIX string or a zoneinfo file can be
// wrong gives a message that says what is wrong, and the small civil-date helpers.

#include <rapport/zone.hpp>

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace {
using namespace rapport;

void expect_posix_error(const std::string& tz, const std::string& why) {
  auto z = time_zone::from_posix(tz);
  ASSERT_FALSE(z) << tz << " was accepted";
  EXPECT_EQ(z.error().code, errc::invalid_argument);
  EXPECT_NE(z.error().message.find("\"" + tz + "\""), std::string::npos) << z.error().message;
  EXPECT_NE(z.error().message.find(why), std::string::npos) << z.error().message << "\n  expected: " << why;
}

TEST(PosixZoneTest, EachMalformedPartIsNamed) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"<ABC5", "expected a zone name of 3+ letters"},
      {"<A_B>5", "expected a zone name of 3+ letters"},
      {"EST", "expected the UTC offset after \"EST\""},
      {"EST25", "expected the UTC offset after \"EST\""},
      {"EST5:60", "expected the UTC offset after \"EST\""},
      {"EST5:30:60", "expected the UTC offset after \"EST\""},
      {"EST5E", "expected a DST name after the offset"},
      {"EST5EDT+", "bad DST offset after \"EDT\""},
      {"EST5EDT4;M3.2.0,M11.1.0", "expected ',' before the DST rule"},
      {"EST5EDT4", "a DST zone needs its rule"},
      {"EST5EDT,", "missing the start rule"},
      {"EST5EDT,M3.2.0,", "missing the end rule"},
      {"EST5EDT,M3.2.0;M11.1.0", "expected ',' between the start and end rules"},
      {"EST5EDT,X3.2.0,M11.1.0", "the start rule must start with M"},
      {"EST5EDT,M3.2.0,X11.1.0", "the end rule must start with M"},
      {"EST5EDT,M3.2,M11.1.0", "the start rule must read Mm.w.d"},
      {"EST5EDT,M3.6.0,M11.1.0", "the start rule has month 1-12, week 1-5, day 0-6 out of range"},
      {"EST5EDT,M3.2.7,M11.1.0", "out of range"},
      {"EST5EDT,M0.2.0,M11.1.0", "out of range"},
      {"EST5EDT,M3.2.0/168,M11.1.0", "bad time in the start rule"},
      {"EST5EDT,M3.2.0,M11.1.0/2:99", "bad time in the end rule"},
      {"EST5EDT,J60,M11.1.0", "julian-day form"},
      {"EST5EDT5,M3.2.0,M11.1.0", "the DST offset equals the standard offset"},
      {"EST5EDT,M3.2.0,M11.1.0 ", "unexpected trailing text \" \""},
  };
  for (const auto& [tz, why] : cases) expect_posix_error(tz, why);
}

TEST(PosixZoneTest, AcceptsTheFullGrammar) {
  // Explicit DST offset, signed offsets with minutes and seconds, rule times with minutes, and
  // quoted names with digits and signs.
  auto a = time_zone::from_posix("<+0330>-3:30<+0430>-4:30,M3.5.0/0:30:15,M9.4.6/23:59:59");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->standard_offset(), 3 * 3600 + 1800);
  EXPECT_TRUE(a->has_dst());
  EXPECT_EQ(a->offset_at(utc(2026, 6, 1)), 4 * 3600 + 1800);
  EXPECT_EQ(a->offset_at(utc(2026, 12, 1)), 3 * 3600 + 1800);
  auto b = time_zone::from_posix("AAA+10:15:30");
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->standard_offset(), -(10 * 3600 + 15 * 60 + 30));
  EXPECT_FALSE(b->has_dst());
  EXPECT_EQ(b->abbreviation(false), "AAA");
}

TEST(PosixZoneTest, NumericAbbreviationsAreShownAsUtcOffsets) {
  // "<+0530>" is a placeholder, not a name a person reads: format_local writes the offset.
  auto india = time_zone::from_posix("<+0530>-5:30");
  ASSERT_TRUE(india) << india.error().message;
  EXPECT_EQ(format_local(utc(2026, 11, 30, 3, 30), *india), "Mon 2026-11-30 09:00 UTC+05:30");
  auto tokyo = time_zone::from_posix("JST-9");
  ASSERT_TRUE(tokyo);
  EXPECT_EQ(format_local(utc(2026, 11, 30, 23, 59), *tokyo), "Tue 2026-12-01 08:59 JST");
  EXPECT_EQ(format_local(utc(2026, 11, 30, 23, 59), time_zone::utc()), "Mon 2026-11-30 23:59 UTC");
}

TEST(PosixZoneTest, TransitionsExistOnlyForDstZonesInsideTheTable) {
  auto ny = time_zone::from_posix("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(ny);
  ASSERT_TRUE(ny->transitions(2026));
  EXPECT_EQ(ny->transitions(2026)->first, utc(2026, 3, 8, 7));
  EXPECT_EQ(ny->transitions(2026)->second, utc(2026, 11, 1, 6));
  EXPECT_FALSE(ny->transitions(1967));
  EXPECT_FALSE(ny->transitions(2109));
  EXPECT_FALSE(time_zone::utc().transitions(2026));
  EXPECT_FALSE(time_zone::utc().is_dst(utc(2026, 7, 1)));
  // Before the first and after the last year of the table the yearly rule still applies.
  EXPECT_FALSE(ny->is_dst({0}));
  EXPECT_FALSE(ny->is_dst(utc(2106, 1, 1)));
  EXPECT_EQ(ny->offset_at(timestamp::max()), -5 * 3600);  // February 2106: standard time
}

// offset_kept_until(t): the offset stays the one at t up to it, and the change it names is a real one
// (or the rule table's next year). Checked hour by hour over three years of zones of each kind.
TEST(PosixZoneTest, TheOffsetIsKeptUntilTheInstantNamed) {
  const char* zones[] = {"EST5EDT,M3.2.0,M11.1.0",       "NZST-12NZDT,M9.5.0,M4.1.0/3",
                         "XST5XDT,M3.2.0/12,M11.1.0/12", "<+0330>-3:30<+0430>-4:30,M3.5.0/0:30:15,M9.4.6/23:59:59",
                         "AAA3BBB,M8.5.0/1,M8.5.0",      "UTC0"};
  for (const char* tz : zones) {
    const auto z = time_zone::from_posix(tz);
    ASSERT_TRUE(z) << tz;
    int changes = 0;
    for (std::int64_t t = utc(2025, 1, 1).seconds; t < utc(2028, 1, 1).seconds; t += 3600 + 17) {
      const timestamp until = z->offset_kept_until({t});
      ASSERT_GT(until.seconds, t) << tz;
      if (until.seconds == INT64_MAX) {
        EXPECT_FALSE(z->has_dst()) << tz;
        continue;
      }
      EXPECT_EQ(z->offset_at({until.seconds - 1}), z->offset_at({t})) << tz << " at " << t;
      if (z->offset_at(until) != z->offset_at({t})) ++changes;
    }
    if (z->has_dst() && std::string(tz) != "AAA3BBB,M8.5.0/1,M8.5.0") {  // that rule ends as it starts: no DST
      EXPECT_GT(changes, 0) << tz;
    }
  }
}

// A zoneinfo folder of the caller's, with files broken in each way from_iana checks.
class ZoneinfoFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("rapport_zone_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "Bad");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& content) { std::ofstream(dir_ / name, std::ios::binary) << content; }
  static std::string header(char version) {
    std::string h = "TZif";
    h += version;
    h.resize(44, '\0');
    return h;
  }
  void expect_error(const std::string& name, const std::string& why) {
    auto z = time_zone::from_iana(name, dir_.string());
    ASSERT_FALSE(z) << name << " was accepted";
    EXPECT_EQ(z.error().code, errc::invalid_argument);
    EXPECT_NE(z.error().message.find("time zone \"" + name + "\""), std::string::npos) << z.error().message;
    EXPECT_NE(z.error().message.find(why), std::string::npos) << z.error().message << "\n  expected: " << why;
  }
  std::filesystem::path dir_;
};

TEST_F(ZoneinfoFilesTest, EachBrokenFileIsNamedWithWhatIsWrong) {
  write("Bad/Short", "TZif2");
  write("Bad/Text", std::string(60, 'x'));
  write("Bad/NoNewline", header('2') + "\nEST5");
  write("Bad/OneLine", header('2') + "EST5\n");
  write("Bad/Empty", header('2') + "\n\n");
  write("Bad/Rule", header('2') + "\nEST5EDT,M3.9.0,M11.1.0\n");
  expect_error("Bad/Short", "not a TZif file");
  expect_error("Bad/Text", "not a TZif file");
  expect_error("Bad/NoNewline", "TZif footer missing");
  expect_error("Bad/OneLine", "TZif footer missing");
  expect_error("Bad/Empty", "empty POSIX rule");
  expect_error("Bad/Rule", "malformed POSIX TZ string \"EST5EDT,M3.9.0,M11.1.0\"");
  expect_error("Bad/Missing", "unknown zone (no file");
  expect_error("Bad", "a folder of zones");
}

TEST_F(ZoneinfoFilesTest, NamesThatCouldLeaveTheFolderAreRefused) {
  for (const char* name : {"", "/etc/localtime", "Bad/../../x", "Bad\\x", "Bad x", "Bad/\xc3\xa9t\xc3\xa9"}) {
    auto z = time_zone::from_iana(name, dir_.string());
    ASSERT_FALSE(z) << name;
    EXPECT_NE(z.error().message.find("not a zone name"), std::string::npos) << z.error().message;
  }
}

TEST_F(ZoneinfoFilesTest, FromTextFallsBackToZoneinfoForRulelessNames) {
  // "EST5EDT" reads as a POSIX string without its rule; a zoneinfo file of that name is used instead.
  write("EST5EDT", header('2') + "\nEST5EDT,M3.2.0,M11.1.0\n");
  auto z = time_zone::from_text("EST5EDT", dir_.string());
  ASSERT_TRUE(z) << z.error().message;
  EXPECT_EQ(z->name(), "EST5EDT");
  EXPECT_EQ(z->posix(), "EST5EDT,M3.2.0,M11.1.0");
  EXPECT_EQ(z->offset_at(utc(2026, 7, 1)), -4 * 3600);
  // Without such a file the POSIX error stands.
  auto missing = time_zone::from_text("AAA5BBB", dir_.string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("a DST zone needs its rule"), std::string::npos) << missing.error().message;
  // Rule syntax is never looked up as a file.
  auto ruled = time_zone::from_text("EST5EDT,M3.2.0", dir_.string());
  ASSERT_FALSE(ruled);
  EXPECT_NE(ruled.error().message.find("EST5EDT,M3.2.0"), std::string::npos);
  // UTC needs no zoneinfo at all.
  for (const char* u : {"UTC", "Etc/UTC"}) {
    auto t = time_zone::from_text(u, "/nonexistent");
    ASSERT_TRUE(t) << u;
    EXPECT_EQ(t->offset_at(utc(2026, 7, 1)), 0);
  }
}

TEST(CivilDateTest, MakeChecksTheDateAndNamesIt) {
  auto ok = date::make(2028, 2, 29);
  ASSERT_TRUE(ok);
  EXPECT_EQ(format_date(*ok), "2028-02-29");
  EXPECT_EQ(ok->year(), 2028);
  EXPECT_EQ(ok->month(), 2u);
  EXPECT_EQ(ok->day(), 29u);
  for (auto [y, m, d] : {std::tuple{2026, 2, 29},
                         {2026, 13, 1},
                         {2026, 0, 1},
                         {2026, 4, 31},
                         {2026, 1, 0},
                         {1899, 12, 31},
                         {2201, 1, 1},
                         {2026, -1, 5}}) {
    auto bad = date::make(y, m, d);
    ASSERT_FALSE(bad) << y << "-" << m << "-" << d;
    EXPECT_EQ(bad.error().code, errc::invalid_argument);
    EXPECT_NE(bad.error().message.find("no such date " + std::to_string(y) + "-" + std::to_string(m) + "-" + std::to_string(d)),
              std::string::npos)
        << bad.error().message;
  }
}

TEST(CivilDateTest, WeekdaysOrderAndArithmetic) {
  const date d = date::ymd(2026, 11, 30);
  EXPECT_EQ(weekday_of(d), weekday::monday);
  EXPECT_EQ(weekday_of(date::ymd(1969, 12, 31)), weekday::wednesday);  // before the epoch: negative day numbers
  EXPECT_STREQ(to_string(weekday_of(d + 6)), "Sun");
  EXPECT_STREQ(to_string(static_cast<weekday>(7)), "invalid");
  EXPECT_EQ(d + 1 - 1, d);
  EXPECT_TRUE(d < d + 1 && d <= d && d + 1 > d && d >= d && d != d + 1);
  EXPECT_EQ(format_date(date::ymd(1969, 12, 31)), "1969-12-31");
  // local_time's accessors on a wall clock reading.
  auto z = time_zone::from_posix("CET-1CEST,M3.5.0,M10.5.0/3");
  ASSERT_TRUE(z);
  const local_time l = z->to_local(utc(2026, 7, 1, 10, 45));
  EXPECT_TRUE(l.dst);
  EXPECT_EQ(l.hour(), 12);
  EXPECT_EQ(l.minute_of_day(), 12 * 60 + 45);
  EXPECT_EQ(l.wday(), weekday::wednesday);
}

}  // namespace
