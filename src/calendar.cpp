// Calendars: the holiday rules computed once per calendar for 1969-2107, with Boost.Date_Time
// for the nth/last weekday rules (kept here so that no includer of <rapport/calendar.hpp> pays for Boost).
#include <rapport/calendar.hpp>

#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/date_time/gregorian/gregorian_types.hpp>

namespace rapport {
inline namespace v1 {
namespace detail {
namespace {
date from_boost(const boost::gregorian::date& d) noexcept { return date::ymd(d.year(), d.month(), d.day()); }
}  // namespace
}  // namespace detail

namespace {
// A holiday computed from a rule or added by the user, before observance moves it.
struct pending {
  std::int32_t day;
  std::uint32_t name;
  observance o;
};

// Marks each holiday on its own day first, then the moved ones in rule order, so a substitute day
// skips days that are already holidays (Christmas on a Sunday, Boxing Day on the Monday: the
// Christmas substitute is the Tuesday). `mark(day, name)` records one.
template <class Mark>
void place(std::vector<pending>& raw, const calendar& c, Mark&& mark) {
  std::stable_sort(raw.begin(), raw.end(), [](const pending& a, const pending& b) { return a.day < b.day; });
  for (const pending& p : raw)
    if (p.o == observance::none || !c.is_weekend(date{p.day})) mark(p.day, p.name);
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
    mark(d, p.name);
  }
}
}  // namespace

result<calendar> calendar::create(const calendar_spec& spec) {
  if (spec.weekend.bits() == 0x7F)
    return fail(errc::invalid_argument, "calendar \"" + spec.name + "\": the weekend covers every day");
  calendar c;
  c.name_ = spec.name;
  c.weekend_ = spec.weekend;
  c.first_ = date::ymd(detail::cal_first_year, 1, 1).days;
  const std::int32_t last = date::ymd(detail::cal_last_year, 12, 31).days;
  c.bits_.assign(static_cast<std::size_t>(last - c.first_) / 64 + 1, 0);
  std::vector<pending> raw;
  for (const holiday_rule& r : spec.rules) {
    auto ok = check_rule(r, spec.name);
    if (!ok) return std::move(ok).error();
    c.names_.push_back(r.name);
    const auto name_idx = static_cast<std::uint32_t>(c.names_.size() - 1);
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
    raw.push_back({h.day.days, static_cast<std::uint32_t>(c.names_.size() - 1), observance::none});
  }
  place(raw, c, [&c](std::int32_t day, std::uint32_t name) { c.mark(day, name); });
  std::sort(c.list_.begin(), c.list_.end());
  return c;
}

result<calendar_spec> calendar::builtin_spec(std::string_view name) {
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
  return fail(errc::invalid_argument,
              "unknown holiday set \"" + std::string(name) + "\" (known: us_federal, england_wales, none)");
}

result<calendar> calendar::builtin(std::string_view name) {
  auto s = builtin_spec(name);
  if (!s) return std::move(s).error();
  return create(*s);
}

const calendar& calendar::weekdays_only() {
  static const calendar c = *create(calendar_spec{});
  return c;
}

std::vector<holiday_date> calendar::holidays_in(int year) const {
  std::vector<holiday_date> out;
  for (const auto& [day, idx] : list_)
    if (date{day}.year() == year) out.push_back({date{day}, names_[idx]});
  return out;
}

result<void> calendar::check_rule(const holiday_rule& r, const std::string& cal) {
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

std::optional<date> calendar::rule_date(const holiday_rule& r, int y) {
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
    case holiday_rule::kind::last_weekday: return detail::from_boost(g::last_day_of_the_week_in_month(wd, month).get_date(year));
    case holiday_rule::kind::easter: return detail::easter_sunday(y) + r.easter_offset;
  }
  return std::nullopt;
}

void calendar::mark(std::int32_t day, std::uint32_t name) {
  const std::int64_t i = static_cast<std::int64_t>(day) - first_;
  if (i < 0 || static_cast<std::size_t>(i / 64) >= bits_.size()) return;
  const std::uint64_t bit = std::uint64_t{1} << (i % 64);
  auto& word = bits_[static_cast<std::size_t>(i / 64)];
  if (word & bit) return;  // first name wins when two holidays share a day
  word |= bit;
  list_.emplace_back(day, name);
}

}  // namespace v1
}  // namespace rapport
