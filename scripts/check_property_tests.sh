#!/usr/bin/env bash
# Proves each property test can fail: applies one deliberate bug at a time to a scratch copy of
# the headers, rebuilds the property tests against it, and expects them to FAIL.
# Usage: scripts/check_property_tests.sh   (needs a configured toolchain; takes about a minute)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0 passed=0 failed=0

# mutation NAME FILE PYTHON-REPLACEMENT(old) (new) TEST-FILTER
mutate() {
  local name=$1 file=$2 old=$3 new=$4 filter=$5 binary=$6
  rm -rf "$work/src" && mkdir -p "$work/src"
  (cd "$root" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$work/src")
  OLD=$old NEW=$new python3 - "$work/src/$file" <<'PY'
import os, sys
p = sys.argv[1]; s = open(p).read(); old = os.environ["OLD"]
if old not in s: sys.exit("mutation anchor not found in " + p)
open(p, "w").write(s.replace(old, os.environ["NEW"], 1))
PY
  cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DRAPPORT_BUILD_EXAMPLES=OFF -DRAPPORT_BUILD_TOOLS=OFF \
        -DRAPPORT_BUILD_C_API=OFF -DRAPPORT_INSTALL=OFF >/dev/null
  cmake --build "$work/build" --target "$binary" -j2 >/dev/null
  if "$work/build/tests/$binary" --gtest_filter="$filter" >/dev/null 2>&1; then
    echo "NOT CAUGHT: $name ($filter still passes)"; status=1; failed=$((failed + 1))
  else
    echo "caught:     $name ($filter fails)"; passed=$((passed + 1))
  fi
}

mutate "silence raises the silence feature's pull" include/rapport/model.hpp \
  "  x[9] = " "  x[9] = -" "WarmthPropertyTest.SilenceNeverRaisesWarmth" warmth_test
mutate "reciprocity counts their engagement against them" include/rapport/model.hpp \
  "(s.in_long - s.out_long) / total_long" "(s.out_long - s.in_long) / total_long" \
  "WarmthPropertyTest.AnInboundReplyNeverLowersWarmth" warmth_test
mutate "incremental state decays our long sum at the short rate" include/rapport/state.hpp \
  "out_long_ *= fl;" "out_long_ *= fs;" "StateTest.IncrementalEqualsRescanOnThousandsOfRandomHistories" state_test
mutate "serialisation depends on how often it ran" include/rapport/state.hpp \
  "detail::put32(q, detail::crc32(p, serialized_size - 4));" "static std::uint32_t calls = 0; detail::put32(q, detail::crc32(p, serialized_size - 4) + calls++);" \
  "StateTest.SerialisationRoundTripsAndIsDeterministic" state_test
mutate "the context stage flips the pair's logit" include/rapport/model.hpp \
  "double z = p.context_intercept + p.context_pair_weight * pair_logit;" "double z = p.context_intercept - p.context_pair_weight * pair_logit;" \
  "WarmthPropertyTest.SilenceNeverRaisesWarmth" warmth_test
mutate "a longer horizon lowers warmth above the model's own" include/rapport/model.hpp \
  "return p.horizon_slope_short * t[0] + p.horizon_slope_long * t[1];" "return p.horizon_slope_short * t[0] - p.horizon_slope_long * t[1];" \
  "WarmthPropertyTest.WarmthNeverFallsAsTheHorizonGrows" warmth_test
mutate "the online calibrator's slopes may go negative" include/rapport/recalibrate.hpp \
  "for (std::size_t i = 1; i < 4; ++i) trial[i] = std::fmax(trial[i], 0.0);" "" \
  "RecalibratePropertyTest.NeverReordersWhateverItIsFed" recalibrate_test
mutate "best may pass latest" src/recommend_window.cpp \
  "const std::int64_t scan_end = std::min(w.latest.seconds," "const std::int64_t scan_end = std::min(w.latest.seconds + 3 * seconds_per_day," \
  "RecommendPropertyTest.EarliestBestLatestAreOrdered" recommend_test
mutate "recommender ignores do-not-contact periods" src/recommend_window.cpp \
  "  if (k.leave) {" "  if (false) {" "RecommendPropertyTest.NeverInsideADoNotContactPeriod" recommend_test
mutate "recommender ignores quiet hours" src/recommend_window.cpp \
  "k.quiet_hours ? c.quiet : quiet_hours::none()" "quiet_hours::none()" \
  "RecommendPropertyTest.NeverInQuietHours" recommend_test
mutate "best ignores the hour of the week" src/recommend_window.cpp \
  "const double z = day_z + hour_lift_logit_of_log(prof.log_lift(slot), log_lift_min, log_lift_max, rp);" \
  "const double z = day_z;" "RecommendTest.BestIsTheOpenHourWithTheHighestReplyChanceOnTheirClock" recommend_test
mutate "the best-hour scan skips days that could still win" src/recommend_window.cpp \
  "rp) <= best_z + 1e-12;" "rp) <= best_z + 0.05;" "RecommendPropertyTest.BestIsThePlainScansBestOpenHour" recommend_test
mutate "the best-hour scan steps over a change of the clock" src/recommend_window.cpp \
  "|| t.seconds >= kept_until ||" "|| (kept_until < 0 && t.seconds >= kept_until) ||" \
  "RecommendTest.BestAcrossAMiddayClockChangeIsThePlainScans" recommend_test
mutate "weekends ignored" include/rapport/calendar.hpp \
  "bool business_day(date d) const noexcept { return days().is_business_day(d); }" \
  "bool business_day(date d) const noexcept { return !days().is_holiday(d); }" \
  "RecommendPropertyTest.NeverOnAWeekendOrHolidayOfTheContact" recommend_test
mutate "next_open ignores leave" include/rapport/calendar.hpp \
  "      if (a.blocked[i].contains(t) && a.blocked[i].until > next) next = a.blocked[i].until;" \
  "      if (false && a.blocked[i].contains(t) && a.blocked[i].until > next) next = a.blocked[i].until;" \
  "AvailabilityTest.NextAndPrevOpenAreExactOverRandomCalendars" calendar_test
mutate "Boost offset sign not flipped" src/zone.cpp \
  'out.text = "STD" + hms(-z.std_west, true);' 'out.text = "STD" + hms(z.std_west, true);' "ZoneTest.*" calendar_test
mutate "the batch engine counts duplicates" include/rapport/batch.hpp \
  "if (r > begin && rows.at[r] == rows.at[r - 1] && repeats_earlier_row(rows, begin, r)) continue;" "" \
  "BatchEngineTest.EqualsPerContactApiOnRandomBatches" batch_engine_test
mutate "the batch engine's validation pass misses disorder" include/rapport/batch.hpp \
  "return bad == 0 && descents == 0;" "return bad == 0;" "BatchEngineTest.EqualsPerContactApiOnRandomBatches" batch_engine_test
mutate "threaded batches report the last range's first bad contact" include/rapport/batch.hpp \
  "if (total.first_bad == SIZE_MAX && p->first_bad != SIZE_MAX) {" "if (p->first_bad != SIZE_MAX) {" \
  "BatchEngineTest.ThreadsGiveBitIdenticalResults" batch_engine_test
echo "mutation: $passed passed, $failed failed"
exit $status
