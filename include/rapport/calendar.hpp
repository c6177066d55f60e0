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

#include <boost/date_time/gregorian/gregorian_types.hpp>

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
  static constexpr weekday_set from_bits(std::uint8_t bits) noexcept { weekday_set s; s.bits_ = bits & 0x7F; return s; }
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
  std::vector<int> skip_years;     ///< years the rule does not apply (a holiday moved by decree)

  static holiday_rule fixed(std::string name, int month, int day, observance o = observance::none) {
    holiday_rule r; r.name = std::move(name); r.what = kind::fixed; r.month = month; r.day = day; r.observed = o; return r;
  }
  /// The `nth` (1..4) `wday` of `month`: nth_weekday("Thanksgiving", 4, weekday::thursday, 11).
  static holiday_rule nth_weekday(std::string name, int nth, weekday wday, int month) {
    holiday_rule r; r.name = std::move(name); r.what = kind::nth_weekday; r.nth = nth; r.wday = wday; r.month = month; return r;
  }
  static holiday_rule last_weekday(std::string name, weekday wday, int month) {
    holiday_rule r; r.name = std::move(name); r.what = kind::last_weekday; r.wday = wday; r.month = month; return r;
  }
  static holiday_rule easter(std::string name, int offset_days) {
    holiday_rule r; r.name = std::move(name); r.what = kind::easter; r.easter_offset = offset_days; return r;
  }
  holiday_rule& years(int from, int to) { from_year = from; to_year = to; return *this; }
  holiday_rule& skipping(std::vector<int> ys) { skip_years = std::move(ys); return *this; }
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
  std::vector<holiday_date> extra;   ///< user-added days off
  std::string name = "custom";

  calendar_spec& add(date d, std::string what) { extra.push_back({d, std::move(what)}); return *this; }
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
inline date from_boost(const boost::gregorian::date& d) noexcept {
  return date::ymd(d.year(), d.month(), d.day());
}
inline constexpr int cal_first_year = 1969, cal_last_year = 2107;
}  // namespace detail

/// Working days and holidays. Immutable; const calls are thread-safe and allocation-free.
class calendar {
 public:
  /// Builds the calendar, computing every rule for 1969-2107. Errors name the bad rule: a date
  /// that cannot exist (31 February), a month or weekday out of range, a weekend of all seven days.
  static result<calendar> create(const calendar_spec& spec) {
    if (spec.weekend.bits() == 0x7F) return fail(errc::invalid_argument, "calendar \"" + spec.name + "\": the weekend covers every day");
    calendar c;
    c.name_ = spec.name;
    c.weekend_ = spec.weekend;
    c.first_ = date::ymd(detail::cal_first_year, 1, 1).days;
    const std::int32_t last = date::ymd(detail::cal_last_year, 12, 31).days;
    c.bits_.assign(static_cast<std::size_t>(last - c.first_) / 64 + 1, 0);
    struct pending { std::int32_t day; std::uint16_t name; observance o; };
    std::vector<pending> raw;
    for (const holiday_rule& r : spec.rules) {
      auto ok = check_rule(r, spec.name);
      if (!ok) return std::move(ok).error();
      c.names_.push_back(r.name);
      const auto name_idx = static_cast<std::uint16_t>(c.names_.size() - 1);
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
      try {  // the rule is checked above, so Boost should not throw; if it does, say which rule
#endif
        for (int y = std::max(r.from_year, detail::cal_first_year); y <= std::min(r.to_year, detail::cal_last_year); ++y) {
          if (std::find(r.skip_years.begin(), r.skip_years.end(), y) != r.skip_years.end()) continue;
          auto d = rule_date(r, y);
          if (d) raw.push_back({d->days, name_idx, r.observed});
        }
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
      } catch (const std::exception& e) {
        return fail(errc::invalid_argument, "calendar \"" + spec.name + "\": holiday rule \"" + r.name + "\": " + e.what());
      }
#endif
    }
    for (std::size_t i = 0; i < spec.extra.size(); ++i) {
      const holiday_date& h = spec.extra[i];
      if (h.day.year() < detail::cal_first_year || h.day.year() > detail::cal_last_year)
        return fail(errc::out_of_range, "calendar \"" + spec.name + "\": added holiday #" + std::to_string(i) + " (" +
                                            format_date(h.day) + ") is outside 1969-2107");
      c.names_.push_back(h.name.empty() ? "holiday" : h.name);
      raw.push_back({h.day.days, static_cast<std::uint16_t>(c.names_.size() - 1), observance::none});
    }
    // Holidays on their own day first, then the moved ones in rule order, so a substitute day
    // skips days that are already holidays (Christmas on a Sunday, Boxing Day on the Monday: the
    // Christmas substitute is the Tuesday).
    std::stable_sort(raw.begin(), raw.end(), [](const pending& a, const pending& b) { return a.day < b.day; });
    for (const pending& p : raw)
      if (p.o == observance::none || !c.is_weekend(date{p.day})) c.mark(p.day, p.name);
    for (const pending& p : raw) {
      if (p.o == observance::none || !c.is_weekend(date{p.day})) continue;
      std::int32_t d = p.day;
      if (p.o == observance::nearest_weekday) {
        std::int32_t back = d, fwd = d;
        while (c.is_weekend(date{back})) --back;
        while (c.is_weekend(date{fwd})) ++fwd;
        d = (d - back) <= (fwd - d) ? back : fwd;
      } else {
        while (c.is_weekend(date{d}) || c.is_holiday(date{d})) ++d;
      }
      c.mark(d, p.name);
    }
    std::sort(c.list_.begin(), c.list_.end());
    return c;
  }

  /// A built-in set: "us_federal" (US federal holidays, observed on the nearest weekday), "england_wales"
  /// (bank holidays with substitute days, and the one-off days of recent years), or "none".
  static result<calendar_spec> builtin_spec(std::string_view name) {
    using w = weekday;
    calendar_spec s;
    s.name = std::string(name);
    if (name == "none") return s;
    if (name == "us_federal") {
      const auto near = observance::nearest_weekday;
      s.rules = {holiday_rule::fixed("New Year's Day", 1, 1, near),
                 holiday_rule::nth_weekday("Martin Luther King Jr. Day", 3, w::monday, 1).years(1986, 2200),
                 holiday_rule::nth_weekday("Washington's Birthday", 3, w::monday, 2),
                 holiday_rule::last_weekday("Memorial Day", w::monday, 5),
                 holiday_rule::fixed("Juneteenth", 6, 19, near).years(2021, 2200),
                 holiday_rule::fixed("Independence Day", 7, 4, near),
                 holiday_rule::nth_weekday("Labor Day", 1, w::monday, 9),
                 holiday_rule::nth_weekday("Columbus Day", 2, w::monday, 10),
                 holiday_rule::fixed("Veterans Day", 11, 11, near),
                 holiday_rule::nth_weekday("Thanksgiving Day", 4, w::thursday, 11),
                 holiday_rule::fixed("Christmas Day", 12, 25, near)};
      return s;
    }
    if (name == "england_wales") {
      const auto sub = observance::next_weekday;
      s.rules = {holiday_rule::fixed("New Year's Day", 1, 1, sub).years(1974, 2200),
                 holiday_rule::easter("Good Friday", -2),
                 holiday_rule::easter("Easter Monday", 1),
                 holiday_rule::nth_weekday("Early May bank holiday", 1, w::monday, 5).years(1978, 2200).skipping({1995, 2020}),
                 holiday_rule::last_weekday("Spring bank holiday", w::monday, 5).years(1971, 2200).skipping({2002, 2012, 2022}),
                 holiday_rule::last_weekday("Summer bank holiday", w::monday, 8).years(1971, 2200),
                 holiday_rule::fixed("Christmas Day", 12, 25, sub),
                 holiday_rule::fixed("Boxing Day", 12, 26, sub)};
      s.add(date::ymd(1995, 5, 8), "Early May bank holiday (VE day)")
          .add(date::ymd(2020, 5, 8), "Early May bank holiday (VE day)")
          .add(date::ymd(1999, 12, 31), "Millennium")
          .add(date::ymd(2002, 6, 3), "Golden Jubilee")
          .add(date::ymd(2002, 6, 4), "Spring bank holiday")
          .add(date::ymd(2011, 4, 29), "Royal wedding")
          .add(date::ymd(2012, 6, 4), "Spring bank holiday")
          .add(date::ymd(2012, 6, 5), "Diamond Jubilee")
          .add(date::ymd(2022, 6, 2), "Spring bank holiday")
          .add(date::ymd(2022, 6, 3), "Platinum Jubilee")
          .add(date::ymd(2022, 9, 19), "State funeral of Queen Elizabeth II")
          .add(date::ymd(2023, 5, 8), "Coronation of King Charles III");
      return s;
    }
    return fail(errc::invalid_argument, "unknown holiday set \"" + std::string(name) +
                                            "\" (known: us_federal, england_wales, none)");
  }
  static result<calendar> builtin(std::string_view name) {
    auto s = builtin_spec(name);
    if (!s) return std::move(s).error();
    return create(*s);
  }
  /// Saturday and Sunday off, no holidays: what a contact without a calendar gets.
  static const calendar& weekdays_only() {
    static const calendar c = *create(calendar_spec{});
    return c;
  }

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
    auto it = std::lower_bound(list_.begin(), list_.end(), std::make_pair(d.days, std::uint16_t{0}));
    return it != list_.end() && it->first == d.days ? std::string_view(names_[it->second]) : std::string_view();
  }
  /// The holidays of `year`, in date order.
  std::vector<holiday_date> holidays_in(int year) const {
    std::vector<holiday_date> out;
    for (const auto& [day, idx] : list_)
      if (date{day}.year() == year) out.push_back({date{day}, names_[idx]});
    return out;
  }
  /// The first business day after `d` (never `d` itself).
  date next_business_day(date d) const noexcept {
    do d = d + 1; while (!is_business_day(d));  // terminates: create() refuses a 7-day weekend
    return d;
  }
  /// `d` moved by `n` business days (n >= 0); 0 gives `d` itself when it is a business day, else the next one.
  date add_business_days(date d, int n) const noexcept {
    if (!is_business_day(d)) d = next_business_day(d);
    for (int k = 0; k < n; ++k) d = next_business_day(d);
    return d;
  }

 private:
  static result<void> check_rule(const holiday_rule& r, const std::string& cal) {
    auto bad = [&](const std::string& why) {
      return fail(errc::invalid_argument, "calendar \"" + cal + "\": holiday rule \"" + r.name + "\": " + why);
    };
    if (r.name.empty()) return fail(errc::invalid_argument, "calendar \"" + cal + "\": a holiday rule needs a name");
    if (r.from_year > r.to_year) return bad("from_year is after to_year");
    if (r.what == holiday_rule::kind::easter) {
      if (r.easter_offset < -60 || r.easter_offset > 60) return bad("Easter offset must be within +-60 days");
      return {};
    }
    if (r.month < 1 || r.month > 12) return bad("month " + std::to_string(r.month) + " is not 1-12");
    if (static_cast<unsigned>(r.wday) > 6) return bad("weekday out of range");
    if (r.what == holiday_rule::kind::nth_weekday && (r.nth < 1 || r.nth > 4))
      return bad("nth must be 1-4 (use last_weekday for the last one)");
    if (r.what == holiday_rule::kind::fixed) {
      // Checked against a leap year, so 29 February is a rule (kept in leap years only) and 30 February is not.
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
      try {
        (void)boost::gregorian::date(2000, static_cast<unsigned short>(r.month), static_cast<unsigned short>(r.day));
      } catch (const std::exception& e) {
        return bad(std::to_string(r.day) + "/" + std::to_string(r.month) + " never exists (" + e.what() + ")");
      }
#else
      if (r.day < 1 || static_cast<unsigned>(r.day) > detail::days_in_month(2000, static_cast<unsigned>(r.month)))
        return bad(std::to_string(r.day) + "/" + std::to_string(r.month) + " never exists");
#endif
    }
    return {};
  }

  static std::optional<date> rule_date(const holiday_rule& r, int y) {
    namespace g = boost::gregorian;
    const auto year = static_cast<unsigned short>(y);
    const auto month = static_cast<unsigned short>(r.month);
    const auto wd = static_cast<unsigned short>(r.wday);
    switch (r.what) {
      case holiday_rule::kind::fixed:
        if (static_cast<unsigned>(r.day) > detail::days_in_month(y, static_cast<unsigned>(r.month))) return std::nullopt;  // 29 Feb
        return date::ymd(y, static_cast<unsigned>(r.month), static_cast<unsigned>(r.day));
      case holiday_rule::kind::nth_weekday: {
        const auto nth = static_cast<g::nth_day_of_the_week_in_month::week_num>(r.nth);
        return detail::from_boost(g::nth_day_of_the_week_in_month(nth, wd, month).get_date(year));
      }
      case holiday_rule::kind::last_weekday:
        return detail::from_boost(g::last_day_of_the_week_in_month(wd, month).get_date(year));
      case holiday_rule::kind::easter:
        return detail::easter_sunday(y) + r.easter_offset;
    }
    return std::nullopt;
  }

  void mark(std::int32_t day, std::uint16_t name) {
    const std::int64_t i = static_cast<std::int64_t>(day) - first_;
    if (i < 0 || static_cast<std::size_t>(i / 64) >= bits_.size()) return;
    const std::uint64_t bit = std::uint64_t{1} << (i % 64);
    auto& word = bits_[static_cast<std::size_t>(i / 64)];
    if (word & bit) return;  // first name wins when two holidays share a day
    word |= bit;
    list_.emplace_back(day, name);
  }

  std::string name_;
  weekday_set weekend_;
  std::int32_t first_ = 0;
  std::vector<std::uint64_t> bits_;                          // one bit per day from first_
  std::vector<std::pair<std::int32_t, std::uint16_t>> list_; // (day, index into names_), sorted
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
    const std::string where = std::string(what) + " #" + std::to_string(i) + " (" + format_utc(p[i].from) + " .. " +
                              format_utc(p[i].until) + ")";
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
    return zone ? zone->from_local(d, second_of_day) : timestamp{static_cast<std::int64_t>(d.days) * seconds_per_day + second_of_day};
  }
  const calendar& days() const noexcept { return cal ? *cal : calendar::weekdays_only(); }
  bool business_day(date d) const noexcept { return days().is_business_day(d); }
};

/// Why `t` is closed for `a`, or `closed_reason::open`.
[[nodiscard]] inline closed_reason why_closed(const availability& a, timestamp t) noexcept {
  for (std::size_t i = 0; i < a.blocked_count; ++i)
    if (a.blocked[i].contains(t)) return closed_reason::do_not_contact;
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
