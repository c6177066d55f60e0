#include "when.hpp"

#include <charconv>
#include <string>

namespace rapport_cli {
namespace {

rapport::error_info bad(std::string_view text, const std::string& why) {
  return {rapport::errc::invalid_argument,
          "time \"" + std::string(text) + "\" is not ISO 8601 (2026-11-24T16:30:00+01:00) or unix seconds: " + why};
}

// Reads exactly `n` digits at `s[i]`; advances `i`.
bool digits(std::string_view s, std::size_t& i, int n, int& out) {
  if (i + static_cast<std::size_t>(n) > s.size()) return false;
  out = 0;
  for (int k = 0; k < n; ++k, ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

rapport::result<rapport::timestamp> unix_seconds(std::string_view text) {
  std::string_view whole = text.substr(0, text.find('.'));
  if (whole.size() < text.size() && !all_digits(text.substr(whole.size() + 1))) return bad(text, "bad fraction");
  long long v = 0;
  const auto r = std::from_chars(whole.data(), whole.data() + whole.size(), v);
  if (r.ec != std::errc() || r.ptr != whole.data() + whole.size()) return bad(text, "not a number");
  const rapport::timestamp t{v};
  if (!t.ok())
    return rapport::fail(rapport::errc::out_of_range, "time \"" + std::string(text) + "\" is outside 1970-01-01..2106-02-07");
  return t;
}

// "+HH:MM", "+HHMM", "+HH", "Z" from `i`; seconds east of UTC.
rapport::result<int> offset_at(std::string_view s, std::size_t i) {
  if (s.substr(i) == "Z" || s.substr(i) == "z") return 0;
  const int sign = s[i] == '+' ? 1 : s[i] == '-' ? -1 : 0;
  if (sign == 0) return bad(s, "expected Z or an offset such as +01:00 after the time");
  ++i;
  int h = 0, m = 0;
  if (!digits(s, i, 2, h)) return bad(s, "bad offset hours");
  if (i < s.size() && s[i] == ':') ++i;
  if (i < s.size() && !digits(s, i, 2, m)) return bad(s, "bad offset minutes");
  if (i != s.size() || h > 18 || m > 59) return bad(s, "bad offset");
  return sign * (h * 3600 + m * 60);
}

// "THH:MM[:SS[.fff]]" from `i` (after the date); advances `i`.
rapport::result<int> clock_at(std::string_view s, std::size_t& i) {
  if (i >= s.size() || (s[i] != 'T' && s[i] != 't' && s[i] != ' ')) return 0;
  ++i;
  int h = 0, m = 0, sec = 0;
  if (!digits(s, i, 2, h) || i >= s.size() || s[i++] != ':' || !digits(s, i, 2, m))
    return bad(s, "expected HH:MM after the date");
  if (i < s.size() && s[i] == ':' && (++i, !digits(s, i, 2, sec))) return bad(s, "bad seconds");
  if (i < s.size() && (s[i] == '.' || s[i] == ','))
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {}
  if (h > 24 || m > 59 || sec > 60 || (h == 24 && (m || sec))) return bad(s, "hour, minute or second out of range");
  return h * 3600 + m * 60 + (sec == 60 ? 59 : sec);
}

}  // namespace

rapport::result<rapport::date> parse_day(std::string_view text) {
  std::size_t i = 0;
  int y = 0, mo = 0, d = 0;
  if (!digits(text, i, 4, y) || i >= text.size() || text[i++] != '-' || !digits(text, i, 2, mo) || i >= text.size() ||
      text[i++] != '-' || !digits(text, i, 2, d) || i != text.size())
    return bad(text, "expected a date YYYY-MM-DD");
  auto day = rapport::date::make(y, mo, d);
  if (!day) return bad(text, "no such day");
  return *day;
}

rapport::result<rapport::timestamp> parse_when(std::string_view text, const rapport::time_zone* local) {
  if (text.find('-') == std::string_view::npos) return unix_seconds(text);
  auto day = parse_day(text.substr(0, 10));
  if (!day) return bad(text, "expected a date YYYY-MM-DD first");
  std::size_t i = 10;
  auto sec = clock_at(text, i);
  if (!sec) return std::move(sec).error();
  rapport::timestamp t;
  if (i < text.size()) {
    auto off = offset_at(text, i);
    if (!off) return std::move(off).error();
    t = {static_cast<std::int64_t>(day->days) * rapport::seconds_per_day + *sec - *off};
  } else if (local) {
    t = local->from_local(*day, *sec);
  } else {
    t = {static_cast<std::int64_t>(day->days) * rapport::seconds_per_day + *sec};
  }
  if (!t.ok())
    return rapport::fail(rapport::errc::out_of_range, "time \"" + std::string(text) + "\" is outside 1970-01-01..2106-02-07");
  return t;
}

rapport::result<int> parse_clock(std::string_view text) {
  std::size_t i = 0;
  int h = 0, m = 0;
  if (!digits(text, i, 2, h) || i >= text.size() || text[i++] != ':' || !digits(text, i, 2, m) || i != text.size() || h > 23 ||
      m > 59)
    return rapport::fail(rapport::errc::invalid_argument, "\"" + std::string(text) + "\" is not a time of day HH:MM");
  return h * 60 + m;
}

}  // namespace rapport_cli
