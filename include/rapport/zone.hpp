#pragma once
/// A contact's time zone: `rapport::time_zone`, built from an IANA name (resolved through the
/// system's TZif files, whose last line is a POSIX TZ string) or from a POSIX TZ string, and the
/// civil `date` the calendar works in.
///
/// Why a POSIX rule and not the full TZif history: rapport places follow-ups in the near future, and
/// the footer rule is exactly what the zone does from its last listed transition on. Instants before
/// that are converted with the same rule (documented limitation; past offsets only shape the
/// "best hour" profile, where an hour's error once in a while does not matter). Known exception:
/// zones whose TZif files list irregular future transitions instead of a rule (Africa/Casablanca
/// and Africa/El_Aaiun, Ramadan shifts listed out to 2087) are an hour off during those periods.
///
/// Boost.Date_Time computes the DST transition dates (its `posix_time_zone`), once per year at
/// construction, so a conversion afterwards is a table look-up. Boost reads the UTC offset with the
/// OPPOSITE sign to POSIX ("EST5EDT" in POSIX is "EST-05EDT" to Boost): `detail::to_boost_tz` writes
/// that conversion, and Boost never sees a string rapport has not parsed and checked itself (Boost
/// accepts "garbage" as a zone named "garbage" at UTC).
///
///   auto ny = rapport::time_zone::from_iana("America/New_York");   // or from_posix("EST5EDT,M3.2.0,M11.1.0")
///   if (ny) std::cout << rapport::format_local(t, *ny);            // "Mon 2026-11-30 09:00 EST"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapport/result.hpp>
#include <rapport/time.hpp>

namespace rapport {
inline namespace v1 {

/// A civil (calendar) date: days since 1970-01-01, proleptic Gregorian. Regular value, no heap.
struct date {
  std::int32_t days = 0;

  /// The date y-m-d without a check (see `date::make` for a checked one).
  static constexpr date ymd(int y, unsigned m, unsigned d) noexcept {
    return {static_cast<std::int32_t>(detail::days_from_civil(y, m, d))};
  }
  /// The date y-m-d, or `errc::invalid_argument` naming it when it does not exist (2026-02-30).
  static result<date> make(int y, int m, int d) {
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 ||
        static_cast<unsigned>(d) > detail::days_in_month(y, static_cast<unsigned>(m)))
      return fail(errc::invalid_argument,
                  "no such date " + std::to_string(y) + "-" + std::to_string(m) + "-" + std::to_string(d));
    return ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  }
  int year() const noexcept { return static_cast<int>(detail::civil_from_days(days).y); }
  unsigned month() const noexcept { return detail::civil_from_days(days).m; }
  unsigned day() const noexcept { return detail::civil_from_days(days).d; }
};
constexpr bool operator==(date a, date b) noexcept { return a.days == b.days; }
constexpr bool operator!=(date a, date b) noexcept { return a.days != b.days; }
constexpr bool operator<(date a, date b) noexcept { return a.days < b.days; }
constexpr bool operator<=(date a, date b) noexcept { return a.days <= b.days; }
constexpr bool operator>(date a, date b) noexcept { return a.days > b.days; }
constexpr bool operator>=(date a, date b) noexcept { return a.days >= b.days; }
constexpr date operator+(date a, int n) noexcept { return {a.days + n}; }
constexpr date operator-(date a, int n) noexcept { return {a.days - n}; }

/// Days of the week, numbered as C's `tm_wday` (Sunday = 0).
enum class weekday : std::uint8_t { sunday = 0, monday, tuesday, wednesday, thursday, friday, saturday };
constexpr weekday weekday_of(date d) noexcept {  // 1970-01-01 was a Thursday
  const int w = (d.days % 7 + 7 + 4) % 7;
  return static_cast<weekday>(w);
}
constexpr const char* to_string(weekday w) noexcept {
  constexpr const char* names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  return static_cast<unsigned>(w) < 7 ? names[static_cast<unsigned>(w)] : "invalid";
}

/// "2026-11-30".
inline std::string format_date(date d) {
  const auto c = detail::civil_from_days(d.days);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.y), c.m, c.d);
  return buf;
}

/// An instant as seen on the contact's wall clock.
struct local_time {
  rapport::date day;
  std::int32_t second_of_day = 0;  ///< 0..86399
  std::int32_t utc_offset = 0;     ///< seconds east of UTC in force at that instant
  bool dst = false;
  rapport::weekday wday() const noexcept { return weekday_of(day); }
  int hour() const noexcept { return second_of_day / 3600; }
  int minute_of_day() const noexcept { return second_of_day / 60; }
};

namespace detail {
inline constexpr int tz_first_year = 1968, tz_last_year = 2108;  // covers timestamp's range with margin

inline std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/// One side of a POSIX rule: the date form and the local time of the switch.
struct posix_rule {
  int month = 0, week = 0, wday = 0;  // Mm.w.d
  std::int32_t time = 7200;           // seconds after local midnight; POSIX allows -167h..167h
};
/// A parsed POSIX TZ string. Offsets are POSIX's: seconds WEST of UTC.
struct posix_tz {
  std::string std_name, dst_name;
  std::int32_t std_west = 0, dst_west = 0;
  bool has_dst = false;
  posix_rule start, end;
};

/// Parses a POSIX TZ string ("EST5EDT,M3.2.0,M11.1.0", "<+0530>-5:30", "NZST-12NZDT,M9.5.0,M4.1.0/3").
result<posix_tz> parse_posix_tz(std::string_view s);

/// The Boost spelling of a parsed POSIX zone. Boost's offset is EAST of UTC (POSIX's is west), its
/// DST field is the amount DST adds (POSIX gives the DST offset itself), and its rule times must
/// lie in [0, 24h): a rule time outside that range is sent as 00:00 and returned in `extra_*`,
/// for the caller to add (POSIX allows "M3.5.0/-1", "M3.4.4/26", "M10.5.4/24").
struct boost_tz_text {
  std::string text;
  std::int32_t extra_start = 0, extra_end = 0;
};
boost_tz_text to_boost_tz(const posix_tz& z);
}  // namespace detail

/// A zone: standard and DST offsets with their yearly switch instants. Immutable; const calls are
/// thread-safe and allocation-free.
class time_zone {
 public:
  /// UTC, no DST.
  static time_zone utc();

  /// A zone from a POSIX TZ string, e.g. "EST5EDT,M3.2.0,M11.1.0" (offsets west of UTC, as POSIX).
  /// Julian-day rules (Jn, n) are refused with a message saying so; odd rule times (/-1, /24, /26)
  /// are supported.
  static result<time_zone> from_posix(std::string_view tz);

  /// A zone from an IANA name ("Europe/London"), by reading `<zoneinfo_dir>/<name>` (a TZif v2+
  /// file) and taking the POSIX TZ string on its last line.
  static result<time_zone> from_iana(std::string_view name, const std::string& zoneinfo_dir = "/usr/share/zoneinfo");

  /// An IANA name or a POSIX TZ string: text without ',' or '<' that has a '/' or no digit is taken
  /// as a name ("Europe/London", "UTC"), anything else as a POSIX string ("EST5EDT,M3.2.0,M11.1.0"); a
  /// rule-less string POSIX cannot use ("EST5EDT") is then tried as a zoneinfo name.
  static result<time_zone> from_text(std::string_view text, const std::string& zoneinfo_dir = "/usr/share/zoneinfo");

  const std::string& name() const noexcept { return name_; }    ///< the IANA name, or the POSIX string
  const std::string& posix() const noexcept { return posix_; }  ///< the POSIX rule in force
  bool has_dst() const noexcept { return has_dst_; }
  std::int32_t standard_offset() const noexcept { return std_east_; }  ///< seconds east of UTC

  bool is_dst(timestamp t) const noexcept {
    if (!has_dst_) return false;
    const std::size_t idx = year_index(t);
    const std::int64_t s = starts_[idx], e = ends_[idx];
    // s > e: DST spans the new year (southern zones); s == e: a rule that ends the instant it
    // starts has no DST that year (found by fuzzing: it read as DST all year).
    return s < e ? (t.seconds >= s && t.seconds < e) : s > e && (t.seconds >= s || t.seconds < e);
  }
  /// An instant after `t` before which the offset stays the one at `t` (the next DST change, or
  /// the next year of the rule table): a scan hour by hour converts once, then steps the wall clock.
  timestamp offset_kept_until(timestamp t) const noexcept {
    if (!has_dst_) return timestamp{INT64_MAX};
    const std::size_t idx = year_index(t);
    std::int64_t until = idx + 2 < year_start_.size() ? year_start_[idx + 1] - std_east_ : INT64_MAX;
    for (const std::int64_t change : {starts_[idx], ends_[idx]})
      if (change > t.seconds && change < until) until = change;
    return timestamp{until};
  }
  /// Seconds east of UTC in force at `t`.
  std::int32_t offset_at(timestamp t) const noexcept { return is_dst(t) ? dst_east_ : std_east_; }
  const std::string& abbreviation(bool dst) const noexcept { return dst ? dst_abbr_ : std_abbr_; }

  local_time to_local(timestamp t) const noexcept {
    local_time l;
    l.dst = is_dst(t);
    l.utc_offset = l.dst ? dst_east_ : std_east_;
    const std::int64_t local = t.seconds + l.utc_offset;
    const std::int64_t day = detail::floor_div(local, seconds_per_day);
    l.day = {static_cast<std::int32_t>(day)};
    l.second_of_day = static_cast<std::int32_t>(local - day * seconds_per_day);
    return l;
  }

  /// The instant the wall clock shows `second_of_day` on `d`. A time skipped by a spring-forward
  /// gap is moved forward by the gap (02:30 becomes 03:30); a time shown twice in a fall-back
  /// overlap gives its first occurrence. `second_of_day` may be 86400 (the next midnight).
  timestamp from_local(date d, std::int32_t second_of_day) const noexcept {
    const std::int64_t local = static_cast<std::int64_t>(d.days) * seconds_per_day + second_of_day;
    if (!has_dst_) return {local - std_east_};
    const timestamp as_std{local - std_east_}, as_dst{local - dst_east_};
    const bool std_ok = !is_dst(as_std), dst_ok = is_dst(as_dst);
    if (std_ok && dst_ok) return as_std < as_dst ? as_std : as_dst;
    if (std_ok) return as_std;
    if (dst_ok) return as_dst;
    return as_std < as_dst ? as_dst : as_std;  // in the gap: the later reading moves the time forward
  }

  /// The UTC instants DST starts and ends in `year` (empty without DST that year); for tests and docs.
  std::optional<std::pair<timestamp, timestamp>> transitions(int year) const noexcept {
    if (!has_dst_ || year < detail::tz_first_year || year > detail::tz_last_year) return std::nullopt;
    const auto idx = static_cast<std::size_t>(year - detail::tz_first_year);
    if (starts_[idx] == ends_[idx]) return std::nullopt;  // DST that ends as it starts: none that year (as is_dst)
    return std::make_pair(timestamp{starts_[idx]}, timestamp{ends_[idx]});
  }

 private:
  static result<time_zone> build(std::string_view tz, std::string name);
  /// The rule table's year of `t`'s local standard time, clamped to the table, from the 1 January
  /// instants (this is the hot path of every conversion: no calendar arithmetic here).
  std::size_t year_index(timestamp t) const noexcept {
    const std::int64_t local_std = t.seconds + std_east_;
    std::int64_t idx = (local_std - year_start_[0]) / 31556952;  // mean Gregorian year in seconds
    const auto last = static_cast<std::int64_t>(year_start_.size()) - 2;
    idx = idx < 0 ? 0 : idx > last ? last : idx;
    while (idx > 0 && local_std < year_start_[static_cast<std::size_t>(idx)]) --idx;
    while (idx < last && local_std >= year_start_[static_cast<std::size_t>(idx) + 1]) ++idx;
    return static_cast<std::size_t>(idx);
  }

  std::string name_, posix_, std_abbr_, dst_abbr_;
  std::int32_t std_east_ = 0, dst_east_ = 0;
  bool has_dst_ = false;
  std::vector<std::int64_t> starts_, ends_;  // UTC seconds, one per year from detail::tz_first_year
  std::vector<std::int64_t> year_start_;     // 1 January 00:00 of each year (and the one after), as seconds
};

/// "Mon 2026-11-30 09:00 EST" on the zone's wall clock.
inline std::string format_local(timestamp t, const time_zone& z) {
  const local_time l = z.to_local(t);
  const auto c = detail::civil_from_days(l.day.days);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %04lld-%02u-%02u %02d:%02d ", to_string(l.wday()), static_cast<long long>(c.y), c.m, c.d,
                l.second_of_day / 3600, l.second_of_day / 60 % 60);
  std::string out = buf;
  const std::string& abbr = z.abbreviation(l.dst);
  if (!abbr.empty() && abbr[0] != '+' && abbr[0] != '-') return out + abbr;
  const std::int32_t off = l.utc_offset < 0 ? -l.utc_offset : l.utc_offset;
  std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", l.utc_offset < 0 ? '-' : '+', off / 3600, off / 60 % 60);
  return out + buf;
}

}  // namespace v1
}  // namespace rapport
