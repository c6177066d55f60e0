#pragma once
/// Opt-in conversions between rapport's time types and Boost.Date_Time's, for hosts that already
/// use Boost. rapport's own API never exposes Boost types (they stay behind `rapport::date` and
/// `rapport::timestamp`); include this header when you want to cross over.

#include <cstdint>
#include <string>

#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <boost/date_time/posix_time/posix_time_types.hpp>

#include <rapport/result.hpp>
#include <rapport/time.hpp>
#include <rapport/zone.hpp>

namespace rapport {
inline namespace v1 {
namespace detail {
inline std::int64_t seconds_since_epoch(const boost::posix_time::ptime& t) {
  static const boost::posix_time::ptime epoch(boost::gregorian::date(1970, 1, 1));
  return (t - epoch).total_seconds();
}
}  // namespace detail

namespace interop {

/// `d` as a Boost date; years outside Boost's 1400-9999 are `errc::out_of_range` (checked here, so
/// Boost never throws).
inline result<boost::gregorian::date> to_boost(date d) {
  const auto c = detail::civil_from_days(d.days);
  if (c.y < 1400 || c.y > 9999) return fail(errc::out_of_range, "date " + format_date(d) + " is outside Boost's years 1400-9999");
  return boost::gregorian::date(static_cast<unsigned short>(c.y), static_cast<unsigned short>(c.m),
                                static_cast<unsigned short>(c.d));
}

/// A Boost date as a rapport date; special values (not_a_date_time, +/-infinity) are errors.
inline result<date> from_boost(const boost::gregorian::date& d) {
  if (d.is_special()) return fail(errc::invalid_argument, "boost date is a special value (not a date, or infinity)");
  return date::ymd(d.year(), d.month(), d.day());
}

/// `t` as a Boost UTC ptime; `t` outside timestamp's range is `errc::out_of_range`.
inline result<boost::posix_time::ptime> to_boost(timestamp t) {
  if (!t.ok()) return fail(errc::out_of_range, "timestamp " + std::to_string(t.seconds) + " s is outside 1970..2106");
  return boost::posix_time::ptime(boost::gregorian::date(1970, 1, 1)) + boost::posix_time::seconds(static_cast<long>(t.seconds));
}

/// A Boost UTC ptime as a timestamp (fractions of a second are dropped); special values and
/// instants outside timestamp's range are errors.
inline result<timestamp> from_boost(const boost::posix_time::ptime& t) {
  if (t.is_special()) return fail(errc::invalid_argument, "boost ptime is a special value (not a date time, or infinity)");
  const timestamp out{detail::seconds_since_epoch(t)};
  if (!out.ok())
    return fail(errc::out_of_range, "boost ptime " + std::to_string(out.seconds) + " s after 1970 is outside 1970..2106");
  return out;
}

}  // namespace interop
}  // namespace v1
}  // namespace rapport
