#pragma once
/// The contact's calendar: working week, holidays (built from rules), quiet hours and
/// do-not-contact periods, and the questions the recommender asks of them: is this instant open
/// for outreach, and which is the next / previous open instant.
///
///   auto cal = rapport::calendar::builtin("us_federal");            // result<calendar>
///   auto ny  = rapport::time_zone::from_iana("America/New_York");
///   rapport::availability a{&*ny, &*cal};                            // default quiet hours 20:00-08:00
///   auto t = rapport::next_open(a, now, now + 30 days);              // first open instant, or nullopt
///
/// Holidays are computed once, when the calendar is built, for every year a `timestamp` can name
/// (1970-2106) and kept as a bit per day: an `is_business_day` query is a shift and a mask, so a
/// batch over a million contacts sharing one calendar stays cheap. Rule dates are computed with
/// Boost.Date_Time (nth / last weekday of a month, date checks); Easter with the anonymous Gregorian
/// algorithm, which Boost does not provide.

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapport/result.hpp>
#include <rapport/time.hpp>
#include <rapport/zone.hpp>

namespace rapport {
inline namespace v1 {

/// A set of weekdays, one bit per `weekday` (bit 0 = Sunday).
class weekday_set {
 public:
  constexpr weekday_set() noexcept = default;
  constexpr weekday_set(std::initializer_list<weekday> days) noexcept {
    for (weekday d : days) bits_ = static_cast<std::uint8_t>(bits_ | (1u << static_cast<unsigned>(d)));
  }
  static constexpr weekday_set from_bits(std::uint8_t bits) noexcept {
    weekday_set s;
    s.bits_ = bits & 0x7F;
    return s;
  }
  constexpr bool contains(weekday d) const noexcept { return (bits_ >> static_cast<unsigned>(d)) & 1u; }
  constexpr bool empty() const noexcept { return bits_ == 0; }
  constexpr std::uint8_t bits() const noexcept { return bits_; }
  constexpr bool operator==(weekday_set o) const noexcept { return bits_ == o.bits_; }

 private:
  std::uint8_t bits_ = 0;
};

/// How a holiday that falls on a weekend day is observed.
enum class observance : std::uint8_t {
  none,             ///< not moved (it is simply a day off that happens to be a weekend)
  nearest_weekday,  ///< to the nearest working day, earlier on a tie (US: Saturday -> Friday, Sunday -> Monday)
  next_weekday,     ///< to the next working day that is not already a holiday (UK "substitute day")
};

/// A holiday rule. Build one with the factories; `from_year`/`to_year` bound the years it applies.
struct holiday_rule {
  enum class kind : std::uint8_t { fixed, nth_weekday, last_weekday, easter };
  std::string name;
  kind what = kind::fixed;
  int month = 1, day = 1;          ///< fixed: month and day; nth/last weekday: month
  weekday wday = weekday::monday;  ///< nth/last weekday
  int nth = 1;                     ///< nth weekday: 1..4
  int easter_offset = 0;           ///< easter: days after Easter Sunday (Good Friday = -2)
  observance observed = observance::none;
  int from_year = 1900, to_year = 2200;
  std::vector<int> skip_years;  ///< years the rule does not apply (a holiday moved by decree)

  static holiday_rule fixed(std::string name, int month, int day, observance o = observance::none) {
    holiday_rule r;
    r.name = std::move(name);
    r.what = kind::fixed;
    r.month = month;
    r.day = day;
    r.observed = o;
    return r;
  }
  /// The `nth` (1..4) `wday` of `month`: nth_weekday("Thanksgiving", 4, weekday::thursday, 11).
  static holiday_rule nth_weekday(std::string name, int nth, weekday wday, int month) {
    holiday_rule r;
    r.name = std::move(name);
    r.what = kind::nth_weekday;
    r.nth = nth;
    r.wday = wday;
    r.month = month;
    return r;
  }
  static holiday_rule last_weekday(std::string name, weekday wday, int month) {
    holiday_rule r;
    r.name = std::move(name);
    r.what = kind::last_weekday;
    r.wday = wday;
    r.month = month;
    return r;
  }
  static holiday_rule easter(std::string name, int offset_days) {
    holiday_rule r;
    r.name = std::move(name);
    r.what = kind::easter;
    r.easter_offset = offset_days;
    return r;
  }
  holiday_rule& years(int from, int to) {
    from_year = from;
    to_year = to;
    return *this;
  }
  holiday_rule& skipping(std::vector<int> ys) {
    skip_years = std::move(ys);
    return *this;
  }
};

/// A one-off holiday (a state funeral, a company day off).
struct holiday_date {
  rapport::date day;
  std::string name;
};

/// What a calendar is made of.
struct calendar_spec {
  weekday_set weekend{weekday::saturday, weekday::sunday};
  std::vector<holiday_rule> rules;
  std::vector<holiday_date> extra;  ///< user-added days off
  std::string name = "custom";

  calendar_spec& add(date d, std::string what) {
    extra.push_back({d, std::move(what)});
    return *this;
  }
};

namespace detail {
/// Easter Sunday of `y` (Gregorian; anonymous algorithm, Meeus/Jones/Butcher).
constexpr date easter_sunday(int y) noexcept {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return date::ymd(y, static_cast<unsigned>(month), static_cast<unsigned>(day));
}
inline constexpr int cal_first_year = 1969, cal_last_year = 2107;
}  // namespace detail

/// Working days and holidays. Immutable; const calls are thread-safe and allocation-free.
class calendar {
 public:
  /// Builds the calendar, computing every rule for 1969-2107. Errors name the bad rule: a date
  /// that cannot exist (31 February), a month or weekday out of range, a weekend of all seven days.
  static result<calendar> create(const calendar_spec& spec);

  /// A built-in set: "us_federal" (US federal holidays, observed on the nearest weekday), "england_wales"
  /// (bank holidays with substitute days, and the one-off days of recent years), or "none".
  static result<calendar_spec> builtin_spec(std::string_view name);
  static result<calendar> builtin(std::string_view name);
  /// Saturday and Sunday off, no holidays: what a contact without a calendar gets.
  static const calendar& weekdays_only();

  const std::string& name() const noexcept { return name_; }
  weekday_set weekend() const noexcept { return weekend_; }
  bool is_weekend(date d) const noexcept { return weekend_.contains(weekday_of(d)); }
  bool is_holiday(date d) const noexcept {
    const std::int64_t i = static_cast<std::int64_t>(d.days) - first_;
    if (i < 0 || static_cast<std::size_t>(i / 64) >= bits_.size()) return false;
    return (bits_[static_cast<std::size_t>(i / 64)] >> (i % 64)) & 1u;
  }
  bool is_business_day(date d) const noexcept { return !is_weekend(d) && !is_holiday(d); }

  /// The holiday's name ("Thanksgiving Day"), or empty when `d` is not a holiday.
  std::string_view holiday_name(date d) const noexcept {
    auto it = std::lower_bound(list_.begin(), list_.end(), std::make_pair(d.days, std::uint32_t{0}));
    return it != list_.end() && it->first == d.days ? std::string_view(names_[it->second]) : std::string_view();
  }
  /// The holidays of `year`, in date order.
  std::vector<holiday_date> holidays_in(int year) const;
  /// The first business day after `d` (never `d` itself).
  date next_business_day(date d) const noexcept {
    do d = d + 1;
    while (!is_business_day(d));  // terminates: create() refuses a 7-day weekend
    return d;
  }
  /// `d` moved by `n` business days (n >= 0); 0 gives `d` itself when it is a business day, else the next one.
  date add_business_days(date d, int n) const noexcept {
    if (!is_business_day(d)) d = next_business_day(d);
    for (int k = 0; k < n; ++k) d = next_business_day(d);
    return d;
  }

 private:
  static result<void> check_rule(const holiday_rule& r, const std::string& cal);

  static std::optional<date> rule_date(const holiday_rule& r, int y);

  void mark(std::int32_t day, std::uint32_t name);

  std::string name_;
  weekday_set weekend_;
  std::int32_t first_ = 0;
  std::vector<std::uint64_t> bits_;  // one bit per day from first_
  // (day, index into names_), sorted. 32 bits: a calendar may name more than 65,535 rules and days.
  std::vector<std::pair<std::int32_t, std::uint32_t>> list_;
  std::vector<std::string> names_;
};

/// Local hours when the contact should not be contacted: [start, end) in minutes after local
/// midnight, wrapping past midnight when start > end (20:00-08:00); start == end means none.
struct quiet_hours {
  std::int16_t start_minute = 20 * 60;
  std::int16_t end_minute = 8 * 60;

  static constexpr quiet_hours none() noexcept { return {0, 0}; }
  constexpr bool contains(std::int32_t second_of_day) const noexcept {
    const std::int32_t s = start_minute * 60, e = end_minute * 60;
    if (s == e) return false;
    return s < e ? (second_of_day >= s && second_of_day < e) : (second_of_day >= s || second_of_day < e);
  }
  result<void> validate() const {
    if (start_minute < 0 || start_minute >= 1440 || end_minute < 0 || end_minute >= 1440)
      return fail(errc::invalid_argument, "quiet hours: start and end must be minutes 0-1439 after midnight");
    return {};
  }
};

/// A span of time [from, until) in UTC: leave, "away until the 12th", a do-not-contact request.
struct period {
  timestamp from, until;
  constexpr bool contains(timestamp t) const noexcept { return from <= t && t < until; }
};

/// Checks periods: each must be non-empty, in order (from < until) and inside the timestamp range;
/// `what` names them in the message ("do-not-contact period").
inline result<void> validate_periods(const period* p, std::size_t n, const char* what = "do-not-contact period") {
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i].from.ok() && p[i].until.ok() && p[i].from < p[i].until) continue;  // the common case allocates nothing
    const std::string where =
        std::string(what) + " #" + std::to_string(i) + " (" + format_utc(p[i].from) + " .. " + format_utc(p[i].until) + ")";
    if (!p[i].from.ok() || !p[i].until.ok()) return fail(errc::out_of_range, where + " is outside the valid time range");
    if (p[i].from == p[i].until) return fail(errc::invalid_argument, where + " is empty");
    return fail(errc::invalid_argument, where + " ends before it starts");
  }
  return {};
}

/// Why an instant is not open for outreach.
enum class closed_reason : std::uint8_t { open, do_not_contact, weekend, holiday, quiet_hours };
constexpr const char* to_string(closed_reason r) noexcept {
  switch (r) {
    case closed_reason::open: return "open";
    case closed_reason::do_not_contact: return "do-not-contact period";
    case closed_reason::weekend: return "weekend";
    case closed_reason::holiday: return "holiday";
    case closed_reason::quiet_hours: return "quiet hours";
  }
  return "invalid";
}

/// A view of everything that decides whether a contact may be contacted at an instant. Holds
/// pointers only (no ownership, no heap): the zone, calendar and periods must outlive it.
struct availability {
  const time_zone* zone = nullptr;  ///< null: UTC
  const calendar* cal = nullptr;    ///< null: `calendar::weekdays_only()`
  quiet_hours quiet{};
  const period* blocked = nullptr;  ///< do-not-contact periods, any order, may overlap
  std::size_t blocked_count = 0;

  local_time local(timestamp t) const noexcept {
    if (zone) return zone->to_local(t);
    local_time l;
    const std::int64_t day = detail::floor_div(t.seconds, seconds_per_day);
    l.day = {static_cast<std::int32_t>(day)};
    l.second_of_day = static_cast<std::int32_t>(t.seconds - day * seconds_per_day);
    return l;
  }
  timestamp instant(date d, std::int32_t second_of_day) const noexcept {
    return zone ? zone->from_local(d, second_of_day)
                : timestamp{static_cast<std::int64_t>(d.days) * seconds_per_day + second_of_day};
  }
  /// Whether `t` falls in one of the do-not-contact periods.
  bool on_leave(timestamp t) const noexcept {
    for (std::size_t i = 0; i < blocked_count; ++i)
      if (blocked[i].contains(t)) return true;
    return false;
  }
  const calendar& days() const noexcept { return cal ? *cal : calendar::weekdays_only(); }
  bool business_day(date d) const noexcept { return days().is_business_day(d); }
};

/// Why `t` is closed for `a`, or `closed_reason::open`.
[[nodiscard]] inline closed_reason why_closed(const availability& a, timestamp t) noexcept {
  if (a.on_leave(t)) return closed_reason::do_not_contact;
  const local_time l = a.local(t);
  const calendar& c = a.days();
  if (c.is_weekend(l.day)) return closed_reason::weekend;
  if (c.is_holiday(l.day)) return closed_reason::holiday;
  if (a.quiet.contains(l.second_of_day)) return closed_reason::quiet_hours;
  return closed_reason::open;
}
[[nodiscard]] inline bool is_open(const availability& a, timestamp t) noexcept { return why_closed(a, t) == closed_reason::open; }

/// The first open instant at or after `from`, on a whole minute, not after `limit`; nullopt if none.
/// `seen`, when given, receives the local time of the instant found (saves the caller a conversion).
[[nodiscard]] inline std::optional<timestamp> next_open(const availability& a, timestamp from, timestamp limit,
                                                        local_time* seen = nullptr) noexcept {
  timestamp t = from;
  for (int guard = 0; guard < 1000000; ++guard) {
    if (t > limit) return std::nullopt;
    timestamp next = t;
    for (std::size_t i = 0; i < a.blocked_count; ++i)
      if (a.blocked[i].contains(t) && a.blocked[i].until > next) next = a.blocked[i].until;
    if (next == t) {
      const local_time l = a.local(t);
      const std::int32_t qs = a.quiet.start_minute * 60, qe = a.quiet.end_minute * 60;
      if (!a.business_day(l.day)) {
        next = a.instant(l.day + 1, 0);
      } else if (a.quiet.contains(l.second_of_day)) {
        next = (qs > qe && l.second_of_day >= qs) ? a.instant(l.day + 1, qe) : a.instant(l.day, qe);
      } else {
        const std::int64_t rem = ((t.seconds % 60) + 60) % 60;
        if (rem == 0) {
          if (seen) *seen = l;
          return t;
        }
        next = {t.seconds + 60 - rem};  // round up to the minute, then check again
      }
    }
    t = next > t ? next : timestamp{t.seconds + 60};
  }
  return std::nullopt;
}

/// The last open instant at or before `to`, on a whole minute, not before `lower`; nullopt if none.
[[nodiscard]] inline std::optional<timestamp> prev_open(const availability& a, timestamp to, timestamp lower) noexcept {
  timestamp t = to;
  for (int guard = 0; guard < 1000000; ++guard) {
    if (t < lower) return std::nullopt;
    timestamp next = t;
    for (std::size_t i = 0; i < a.blocked_count; ++i)
      if (a.blocked[i].contains(t) && a.blocked[i].from.seconds - 1 < next.seconds) next = {a.blocked[i].from.seconds - 1};
    if (next == t) {
      const local_time l = a.local(t);
      const std::int32_t qs = a.quiet.start_minute * 60, qe = a.quiet.end_minute * 60;
      if (!a.business_day(l.day)) {
        next = {a.instant(l.day, 0).seconds - 1};
      } else if (a.quiet.contains(l.second_of_day)) {
        next = (qs > qe && l.second_of_day < qe) ? timestamp{a.instant(l.day, 0).seconds - 1}
                                                 : timestamp{a.instant(l.day, qs).seconds - 1};
      } else {
        const std::int64_t rem = ((t.seconds % 60) + 60) % 60;
        if (rem == 0) return t;
        next = {t.seconds - rem};  // round down to the minute, then check again
      }
    }
    t = next < t ? next : timestamp{t.seconds - 60};
  }
  return std::nullopt;
}

}  // namespace v1
}  // namespace rapport
