// Zones, working-day calendars and weekly activity profiles.

#include <array>
#include <cstdio>
#include <cstring>

#include "capi.hpp"

using rapport::errc;
using namespace rapport::capi;

rapport_status rapport_zone_new(rapport_zone** out, const char* name) {
  RAPPORT_C_ENTRY {
    if (!out) return null_arg(fn, "out");
    if (!name) return null_arg(fn, "name");
    auto z = rapport::time_zone::from_text(name);
    if (!z) return set_error(z.error());
    *out = new rapport_zone{std::move(*z)};
    return ok;
  };
}

void rapport_zone_free(rapport_zone* zone) { delete zone; }

namespace {
rapport_status date_of(rapport::date& out, int32_t yyyymmdd, const char* fn, const char* what) {
  auto d = rapport::date::make(yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
  if (yyyymmdd < 0 || !d)
    return fail_c(errc::invalid_argument, "%s: %s = %ld is not a date YYYYMMDD between 1900 and 2200", fn, what,
                  static_cast<long>(yyyymmdd));
  out = *d;
  return ok;
}
}  // namespace

rapport_status rapport_calendar_new(rapport_calendar** out, const char* holidays, uint32_t weekend, const int32_t* extra_days,
                                    size_t n_extra) {
  RAPPORT_C_ENTRY {
    if (!out) return null_arg(fn, "out");
    if (!holidays) return null_arg(fn, "holidays");
    if (n_extra > 0 && !extra_days) return null_arg(fn, "extra_days");
    if (weekend > 0x7F)
      return fail_c(errc::invalid_argument, "%s: weekend = 0x%x has bits beyond the seven weekdays", fn,
                    static_cast<unsigned>(weekend));
    auto spec = rapport::calendar::builtin_spec(holidays);
    if (!spec) return set_error(spec.error());
    spec->weekend = rapport::weekday_set::from_bits(static_cast<std::uint8_t>(weekend));
    for (std::size_t i = 0; i < n_extra; ++i) {
      char what[48];
      std::snprintf(what, sizeof what, "extra_days[%zu]", i);
      rapport::date d;
      if (auto st = date_of(d, extra_days[i], fn, what); st != ok) return st;
      spec->add(d, "day off");
    }
    auto c = rapport::calendar::create(*spec);
    if (!c) return set_error(c.error());
    *out = new rapport_calendar{std::move(*c)};
    return ok;
  };
}

void rapport_calendar_free(rapport_calendar* calendar) { delete calendar; }

rapport_status rapport_calendar_new_rules(rapport_calendar** out, const char* name, uint32_t weekend,
                                          const rapport_holiday_rule* rules, size_t n_rules, const int32_t* extra_days,
                                          size_t n_extra) {
  RAPPORT_C_ENTRY {
    if (!out) return null_arg(fn, "out");
    if (!name) return null_arg(fn, "name");
    if (n_rules > 0 && !rules) return null_arg(fn, "rules");
    if (n_extra > 0 && !extra_days) return null_arg(fn, "extra_days");
    if (weekend > 0x7F)
      return fail_c(errc::invalid_argument, "%s: weekend = 0x%x has bits beyond the seven weekdays", fn,
                    static_cast<unsigned>(weekend));
    rapport::calendar_spec spec;
    spec.name = name;
    spec.weekend = rapport::weekday_set::from_bits(static_cast<std::uint8_t>(weekend));
    spec.rules.reserve(n_rules);
    for (std::size_t i = 0; i < n_rules; ++i) {
      const rapport_holiday_rule& in = rules[i];
      if (!in.name) return fail_c(errc::invalid_argument, "%s: rules[%zu].name is NULL", fn, i);
      if (in.kind < RAPPORT_HOLIDAY_FIXED || in.kind > RAPPORT_HOLIDAY_EASTER)
        return fail_c(errc::invalid_argument, "%s: rules[%zu] (\"%s\"): kind = %ld is not a RAPPORT_HOLIDAY_*", fn, i, in.name,
                      static_cast<long>(in.kind));
      if (in.observed < RAPPORT_OBSERVE_NONE || in.observed > RAPPORT_OBSERVE_NEXT_WEEKDAY)
        return fail_c(errc::invalid_argument, "%s: rules[%zu] (\"%s\"): observed = %ld is not a RAPPORT_OBSERVE_*", fn, i,
                      in.name, static_cast<long>(in.observed));
      if (in.weekday < 0 || in.weekday > 6)
        return fail_c(errc::invalid_argument, "%s: rules[%zu] (\"%s\"): weekday = %ld is not 0 (Sunday) - 6", fn, i, in.name,
                      static_cast<long>(in.weekday));
      rapport::holiday_rule r;
      r.name = in.name;
      r.what = static_cast<rapport::holiday_rule::kind>(in.kind);
      r.month = in.month;
      r.day = in.day;
      r.wday = static_cast<rapport::weekday>(in.weekday);
      r.nth = in.nth;
      r.easter_offset = in.easter_offset;
      r.observed = static_cast<rapport::observance>(in.observed);
      if (in.from_year != 0) r.from_year = in.from_year;
      if (in.to_year != 0) r.to_year = in.to_year;
      spec.rules.push_back(std::move(r));
    }
    for (std::size_t i = 0; i < n_extra; ++i) {
      char what[48];
      std::snprintf(what, sizeof what, "extra_days[%zu]", i);
      rapport::date d;
      if (auto st = date_of(d, extra_days[i], fn, what); st != ok) return st;
      spec.add(d, "day off");
    }
    auto c = rapport::calendar::create(spec);
    if (!c) return set_error(c.error());
    *out = new rapport_calendar{std::move(*c)};
    return ok;
  };
}

rapport_status rapport_profile_from_history(rapport_profile** out, const rapport_history* history, const rapport_model* model,
                                            const rapport_zone* zone) {
  RAPPORT_C_ENTRY {
    if (!out) return null_arg(fn, "out");
    if (!history) return null_arg(fn, "history");
    auto h = rapport::history::from(history->items, model_or_default(model).channels());
    if (!h) return set_error(h.error());
    auto p = rapport::week_profile::from_history(*h, zone ? &zone->z : nullptr);
    if (!p) return set_error(p.error());
    *out = new rapport_profile{std::move(*p)};
    return ok;
  };
}

rapport_status rapport_profile_from_counts(rapport_profile** out, const double* counts, size_t n_counts, double prior_weight) {
  RAPPORT_C_ENTRY {
    if (!out) return null_arg(fn, "out");
    if (!counts) return null_arg(fn, "counts");
    if (n_counts != rapport::week_profile::slots)
      return fail_c(errc::invalid_argument, "%s: n_counts = %zu; a week has 168 hourly slots", fn, n_counts);
    std::array<double, rapport::week_profile::slots> c{};
    std::memcpy(c.data(), counts, sizeof(double) * c.size());
    auto p = rapport::week_profile::from_counts(c, prior_weight);
    if (!p) return set_error(p.error());
    *out = new rapport_profile{std::move(*p)};
    return ok;
  };
}

rapport_status rapport_profile_weights(const rapport_profile* profile, double* weights, size_t capacity, double* samples_out) {
  RAPPORT_C_ENTRY {
    if (!profile) return null_arg(fn, "profile");
    if (weights) {
      if (capacity < rapport::week_profile::slots)
        return fail_c(errc::out_of_range, "%s: capacity = %zu; the weights need 168", fn, capacity);
      for (std::size_t i = 0; i < rapport::week_profile::slots; ++i) weights[i] = profile->p.weight(i);
    }
    if (samples_out) *samples_out = profile->p.samples();
    return ok;
  };
}

void rapport_profile_free(rapport_profile* profile) { delete profile; }

rapport_status rapport_calendar_is_business_day(const rapport_calendar* calendar, int32_t* result_out, const char** name_out,
                                                int32_t yyyymmdd) {
  RAPPORT_C_ENTRY {
    if (!calendar) return null_arg(fn, "calendar");
    if (!result_out) return null_arg(fn, "result_out");
    rapport::date d;
    if (auto st = date_of(d, yyyymmdd, fn, "yyyymmdd"); st != ok) return st;
    *result_out = calendar->c.is_business_day(d) ? 1 : 0;
    if (name_out) {
      const std::string_view name = calendar->c.holiday_name(d);
      *name_out = name.empty() ? "" : name.data();  // a view of a whole std::string: NUL-terminated
    }
    return ok;
  };
}
