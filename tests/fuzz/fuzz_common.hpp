#pragma once
// Shared by the fuzz targets: a checked "this must hold" that aborts with a message (libFuzzer then
// saves the input), and decoders that turn fuzzer bytes into the library's inputs.

#include <rapport/rapport.hpp>

#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_check.hpp"

namespace rapport_fuzz {
using namespace rapport;

// a + b, saturated (fuzzed times may be anywhere in int64).
inline std::int64_t sat_add(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  return __builtin_add_overflow(a, b, &r) ? (b > 0 ? INT64_MAX : INT64_MIN) : r;
}

// Times near the interesting edges: 1970, today, and the end of the range (2106).
inline std::int64_t pick_time(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 4)) {
    case 0: return in.ConsumeIntegralInRange<std::int64_t>(timestamp::min().seconds, timestamp::max().seconds);
    case 1: return utc(2026, 1, 1).seconds + in.ConsumeIntegralInRange<std::int64_t>(-400 * 86400LL, 400 * 86400LL);
    case 2: return timestamp::max().seconds - in.ConsumeIntegralInRange<std::int64_t>(0, 800 * 86400LL);
    case 3: return in.ConsumeIntegralInRange<std::int64_t>(0, 800 * 86400LL);
    default: return in.ConsumeIntegral<std::int64_t>();  // mostly out of range
  }
}

// A history's interactions, sorted or not, with duplicates and reply links.
inline std::vector<interaction> pick_interactions(FuzzedDataProvider& in, std::size_t max_n) {
  std::vector<interaction> xs;
  const std::size_t n = in.ConsumeIntegralInRange<std::size_t>(0, max_n);
  std::int64_t t = pick_time(in);
  for (std::size_t i = 0; i < n && in.remaining_bytes() > 0; ++i) {
    interaction x;
    const int step = in.ConsumeIntegralInRange<int>(0, 3);
    const std::int64_t dt = step == 1   ? in.ConsumeIntegralInRange<std::int64_t>(0, 3600)
                            : step == 2 ? in.ConsumeIntegralInRange<std::int64_t>(0, 90 * 86400LL)
                                        : 0;
    if (step == 0 || __builtin_add_overflow(t, dt, &t)) t = pick_time(in);
    x.at = {t};
    x.via = static_cast<channel>(in.ConsumeIntegralInRange<int>(0, 10));
    x.dir = static_cast<direction>(in.ConsumeIntegralInRange<int>(0, 3));
    if (in.ConsumeBool())
      x.duration_seconds = in.ConsumeBool() ? in.ConsumeFloatingPoint<double>() : in.ConsumeIntegralInRange<int>(0, 7200);
    if (!xs.empty() && in.ConsumeIntegralInRange<int>(0, 3) == 0)
      x.in_reply_to = xs[in.ConsumeIntegralInRange<std::size_t>(0, xs.size() - 1)].at;
    if (!xs.empty() && in.ConsumeIntegralInRange<int>(0, 7) == 0) x = xs.back();  // an exact duplicate
    xs.push_back(x);
  }
  return xs;
}

// Zones, calendars and profiles are built once (they are what a CRM shares across contacts).
struct fixtures {
  std::vector<time_zone> zones;
  std::vector<calendar> calendars;
  std::vector<week_profile> profiles;
  static const fixtures& get() {
    static const fixtures f = [] {
      fixtures x;
      for (const char* z : {"UTC0", "EST5EDT,M3.2.0,M11.1.0", "NZST-12NZDT,M9.5.0,M4.1.0/3", "<+0530>-5:30",
                            "GMT0BST,M3.5.0/1,M10.5.0", "AAA-14BBB,M1.1.0/0,M12.5.6/24"})
        x.zones.push_back(*time_zone::from_posix(z));
      for (const char* c : {"none", "us_federal", "england_wales"}) x.calendars.push_back(*calendar::builtin(c));
      calendar_spec odd;
      odd.name = "fri-sat";
      odd.weekend = weekday_set::from_bits(0x60);
      x.calendars.push_back(*calendar::create(odd));
      std::array<double, week_profile::slots> counts{};
      counts[5 * 24 + 22] = 40;  // Friday 22:00, inside default quiet hours
      x.profiles.push_back(*week_profile::from_counts(counts, 1));
      return x;
    }();
    return f;
  }
};

// Constraints a CRM could pass (valid or not: `validate` decides), drawing on the shared fixtures.
inline contact_constraints pick_constraints(FuzzedDataProvider& in, std::int64_t around) {
  const fixtures& f = fixtures::get();
  contact_constraints c;
  if (in.ConsumeBool()) c.zone = &f.zones[in.ConsumeIntegralInRange<std::size_t>(0, f.zones.size() - 1)];
  if (in.ConsumeBool()) c.cal = &f.calendars[in.ConsumeIntegralInRange<std::size_t>(0, f.calendars.size() - 1)];
  if (in.ConsumeBool()) c.profile = &f.profiles[0];
  if (in.ConsumeBool()) {
    c.quiet.start_minute = in.ConsumeIntegralInRange<std::int16_t>(-2, 1441);
    c.quiet.end_minute = in.ConsumeIntegralInRange<std::int16_t>(-2, 1441);
  }
  const int periods = in.ConsumeIntegralInRange<int>(0, 4);
  for (int i = 0; i < periods; ++i) {
    const std::int64_t from =
        in.ConsumeBool() ? sat_add(around, in.ConsumeIntegralInRange<std::int64_t>(-30 * 86400LL, 400 * 86400LL)) : pick_time(in);
    const std::int64_t len =
        in.ConsumeBool() ? in.ConsumeIntegralInRange<std::int64_t>(-3600, 120 * 86400LL) : in.ConsumeIntegral<std::int64_t>() / 4;
    c.do_not_contact.push_back({{from}, {sat_add(from, len)}});
  }
  if (in.ConsumeIntegralInRange<int>(0, 3) == 0)
    c.reach_out_after = timestamp{sat_add(around, in.ConsumeIntegralInRange<std::int64_t>(-86400 * 30LL, 86400 * 400LL))};
  if (in.ConsumeIntegralInRange<int>(0, 3) == 0)
    c.reach_out_before = timestamp{sat_add(around, in.ConsumeIntegralInRange<std::int64_t>(-86400 * 30LL, 86400 * 400LL))};
  if (in.ConsumeBool()) c.preferred_days = weekday_set::from_bits(in.ConsumeIntegral<std::uint8_t>());
  if (in.ConsumeBool()) c.preferred_hours = in.ConsumeIntegral<std::uint32_t>() & 0x1FFFFFFu;
  c.override_stage = static_cast<stage_override>(in.ConsumeIntegralInRange<int>(0, 2));
  return c;
}

inline recommend_options pick_options(FuzzedDataProvider& in) {
  recommend_options o;
  if (!in.ConsumeBool()) return o;
  o.reply_quantile = in.ConsumeFloatingPointInRange<double>(0.01, 0.99);
  o.min_nudge_wait_days = in.ConsumeFloatingPointInRange<double>(0.01, 30);
  o.nudge_backoff = in.ConsumeFloatingPointInRange<double>(1, 10);
  o.max_nudges = in.ConsumeIntegralInRange<int>(1, 20);
  o.give_space_days = in.ConsumeFloatingPointInRange<double>(0.01, 3650);
  o.respond_within_business_days = in.ConsumeIntegralInRange<int>(0, 30);
  o.first_follow_up_min_business_days = in.ConsumeIntegralInRange<int>(0, 10);
  o.first_follow_up_max_business_days = o.first_follow_up_min_business_days + in.ConsumeIntegralInRange<int>(0, 50);
  o.cadence_early = in.ConsumeFloatingPointInRange<double>(0.01, 50);
  o.cadence_late = o.cadence_early + in.ConsumeFloatingPointInRange<double>(0.01, 50);
  o.committed_cadence_multiple = in.ConsumeFloatingPointInRange<double>(0.01, 100);
  o.explicit_window_days = in.ConsumeFloatingPointInRange<double>(0.01, 3650);
  o.revival_window_days = in.ConsumeFloatingPointInRange<double>(0.01, 3650);
  o.min_window_days = in.ConsumeFloatingPointInRange<double>(0.01, 3650);
  o.stretch_to_fit = in.ConsumeBool();
  o.search_days = in.ConsumeFloatingPointInRange<double>(0.01, 3650);
  o.best_search_days = in.ConsumeIntegralInRange<int>(1, 60);
  return o;
}

// The documented invariants of a window (recommend.hpp): earliest <= best <= latest, all inside
// the valid time range, none inside a do-not-contact period, numbers in their ranges.
inline void check_window(const follow_up_window& w, const contact_constraints& c, timestamp now) {
#ifdef RAPPORT_FUZZ_SKIP_KNOWN_DEFECTS
  // Defect 2 of issue 11 (recommend.hpp: the stretched branch extends latest past timestamp::max()).
  if ((w.why & bit(why_code::stretched)) && (w.latest > timestamp::max() || w.best > timestamp::max())) return;
#endif
  const bool none = w.what == action::no_window;
  RAPPORT_FUZZ_CHECK(w.earliest <= w.best && w.best <= w.latest, "earliest %lld best %lld latest %lld",
                     (long long)w.earliest.seconds, (long long)w.best.seconds, (long long)w.latest.seconds);
  for (timestamp t : {w.earliest, w.best, w.latest, w.next_opening})
    RAPPORT_FUZZ_CHECK(t.ok(), "time %lld outside the valid range (earliest %lld best %lld latest %lld, now %lld)",
                       (long long)t.seconds, (long long)w.earliest.seconds, (long long)w.best.seconds,
                       (long long)w.latest.seconds, (long long)now.seconds);
  if (!none) {
    RAPPORT_FUZZ_CHECK(w.earliest >= now, "earliest %lld before now %lld", (long long)w.earliest.seconds, (long long)now.seconds);
    for (timestamp t : {w.earliest, w.best, w.latest})
      for (const period& p : c.do_not_contact)
        RAPPORT_FUZZ_CHECK(!p.contains(t), "%lld inside do-not-contact %lld..%lld", (long long)t.seconds,
                           (long long)p.from.seconds, (long long)p.until.seconds);
    if (c.reach_out_before)
      RAPPORT_FUZZ_CHECK(w.latest < *c.reach_out_before, "latest %lld not before the deadline", (long long)w.latest.seconds);
  }
  RAPPORT_FUZZ_CHECK(std::isfinite(w.warmth) && w.warmth >= 0 && w.warmth <= 100, "warmth %g", w.warmth);
  RAPPORT_FUZZ_CHECK(w.reply_chance >= 0 && w.reply_chance <= 1, "reply_chance %g", w.reply_chance);
  RAPPORT_FUZZ_CHECK(w.p_active >= 0 && w.p_active <= 1, "p_active %g", w.p_active);
  RAPPORT_FUZZ_CHECK(std::isfinite(w.wait_seconds), "wait_seconds %g", w.wait_seconds);
}

inline void check_warmth(const warmth& w) {
  RAPPORT_FUZZ_CHECK(std::isfinite(w.score) && w.score >= 0 && w.score <= 100, "score %g", w.score);
  RAPPORT_FUZZ_CHECK(std::isfinite(w.logit), "logit %g", w.logit);
  for (const auto& p : w.parts)
    RAPPORT_FUZZ_CHECK(std::isfinite(p.value) && std::isfinite(p.contribution), "feature %s", to_string(p.which));
}

}  // namespace rapport_fuzz
