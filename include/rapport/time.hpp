#pragma once
/// The one time representation of rapport's core: `rapport::timestamp`, whole seconds since
/// 1970-01-01T00:00:00Z (UTC, leap seconds not counted, as POSIX `time_t`).
///
/// Valid instants run from `timestamp::min()` (1970-01-01T00:00:00Z) to `timestamp::max()`
/// (2106-02-07T06:28:15Z): the range of an unsigned 32-bit second count, which is what lets a
/// whole contact's state fit in 64 bytes. Inputs outside it are rejected with `errc::out_of_range`.
/// Local time, business days and time zones belong to the calendar, not to the core.

#include <cstdint>
#include <cstdio>
#include <string>

#include <rapport/result.hpp>

namespace rapport {
inline namespace v1 {

inline constexpr std::int64_t seconds_per_day = 86400;

struct timestamp {
  std::int64_t seconds = 0;  ///< since 1970-01-01T00:00:00Z

  static constexpr timestamp min() noexcept { return {0}; }
  static constexpr timestamp max() noexcept { return {4294967295LL}; }
  constexpr bool ok() const noexcept { return seconds >= min().seconds && seconds <= max().seconds; }
};

constexpr bool operator==(timestamp a, timestamp b) noexcept { return a.seconds == b.seconds; }
constexpr bool operator!=(timestamp a, timestamp b) noexcept { return a.seconds != b.seconds; }
constexpr bool operator<(timestamp a, timestamp b) noexcept { return a.seconds < b.seconds; }
constexpr bool operator<=(timestamp a, timestamp b) noexcept { return a.seconds <= b.seconds; }
constexpr bool operator>(timestamp a, timestamp b) noexcept { return a.seconds > b.seconds; }
constexpr bool operator>=(timestamp a, timestamp b) noexcept { return a.seconds >= b.seconds; }

/// Days (fractional) from `a` to `b`; negative when `b` is earlier.
constexpr double days_between(timestamp a, timestamp b) noexcept {
  return static_cast<double>(b.seconds - a.seconds) / static_cast<double>(seconds_per_day);
}
constexpr timestamp plus_days(timestamp t, double days) noexcept {
  return {t.seconds + static_cast<std::int64_t>(days * static_cast<double>(seconds_per_day))};
}

namespace detail {
// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms), proleptic Gregorian.
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
struct civil {
  std::int64_t y;
  unsigned m, d;
};
constexpr civil civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}
constexpr bool is_leap(std::int64_t y) noexcept { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }
constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  constexpr unsigned len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29u : len[m - 1];
}
}  // namespace detail

/// The instant of a UTC calendar date and time; no range check (see `parse_utc` for a checked one).
constexpr timestamp utc(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int second = 0) noexcept {
  return {detail::days_from_civil(year, month, day) * seconds_per_day + hour * 3600LL + minute * 60LL + second};
}

/// "2026-11-25T17:31:04Z".
inline std::string format_utc(timestamp t) {
  std::int64_t days = t.seconds / seconds_per_day, rem = t.seconds % seconds_per_day;
  if (rem < 0) {
    rem += seconds_per_day;
    --days;
  }
  const auto c = detail::civil_from_days(days);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(c.y), c.m, c.d,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  return buf;
}

/// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "YYYY-MM-DDTHH:MM:SS" (a space may replace 'T'), with an
/// optional trailing 'Z'; always UTC. Rejects impossible dates (2026-02-30) and instants outside
/// the valid range, naming the text.
inline result<timestamp> parse_utc(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, used = 0;
  const char* p = text.c_str();
  auto bad = [&](const char* why) { return fail(errc::invalid_argument, "cannot read time \"" + text + "\": " + why); };
  if (std::sscanf(p, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 || used != 10) return bad("expected YYYY-MM-DD");
  p += used;
  if (*p == 'T' || *p == ' ') {
    ++p;
    int n = 0;
    if (std::sscanf(p, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5) return bad("expected HH:MM after the date");
    p += n;
    if (*p == ':') {
      ++p;
      if (std::sscanf(p, "%2d%n", &s, &n) != 1 || n != 2) return bad("expected two digits of seconds");
      p += n;
    }
  }
  if (*p == 'Z') ++p;
  if (*p != '\0') return bad("unexpected trailing characters");
  if (mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > detail::days_in_month(y, static_cast<unsigned>(mo)))
    return bad("no such calendar date");
  if (h < 0 || mi < 0 || s < 0 || h > 23 || mi > 59 || s > 59) return bad("no such time of day");
  // sscanf's %d also takes a sign or leading blanks: only digits may stand between the separators.
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool separator = (c == '-' && (i == 4 || i == 7)) || ((c == 'T' || c == ' ') && i == 10) ||
                           (c == ':' && (i == 13 || i == 16)) || (c == 'Z' && i + 1 == text.size());
    if (!separator && (c < '0' || c > '9')) return bad("unexpected character inside a field");
  }
  const timestamp t = utc(y, static_cast<unsigned>(mo), static_cast<unsigned>(d), h, mi, s);
  if (!t.ok()) return fail(errc::out_of_range, "time \"" + text + "\" is outside 1970-01-01T00:00:00Z..2106-02-07T06:28:15Z");
  return t;
}

}  // namespace v1
}  // namespace rapport
