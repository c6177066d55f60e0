#!/usr/bin/env bash
# Line and branch coverage of the whole suite: a Debug build with gcov (preset `coverage`), every
# test of ctest, then gcovr (from Debian) over include/, src/ and bindings/.
#
#   scripts/coverage.sh            prints, per directory and in total:  lines: X%  branches: Y%
#
# Branches are counted without the exception edges the compiler adds to every call that may throw
# (rapport's failure paths return results instead) and without edges on lines with no code
# (gcovr's --exclude-unreachable-branches). The exception edges are dropped after gcovr has merged
# the translation units, not with gcovr's --exclude-throw-branches: gcov (gcc 12) marks an edge
# "(throw)" only in a unit that executed its block, so that option kept the exception edges of
# every unit that compiles an inline function without running it (tools/fit_defaults, which no
# test runs, or a test that never calls it) and counted them as branches not taken. The raw
# figure, with those edges, is printed too. Uncovered lines per file: <build>/coverage.txt;
# branches not taken, per line: <build>/coverage_branches.txt; HTML: <build>/coverage/index.html.
#
# RAPPORT_COVERAGE_REPORT_ONLY=1 skips the build and the tests and reports on the counters there are.
#
# Environment: RAPPORT_COVERAGE_BUILD_DIR (default build/coverage); RAPPORT_COVERAGE_STRICT=1 makes
# failing tests or figures under the targets (lines 95%, branches 85%) fail the script.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${RAPPORT_COVERAGE_BUILD_DIR:-build/coverage}"

if ! command -v gcovr >/dev/null; then
  echo "coverage.sh: installing gcovr"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends gcovr
fi
scripts/install-deps.sh

# -fprofile-update=atomic: the thread tests update the same counters from several threads.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS="--coverage -fprofile-update=atomic" \
  -DCMAKE_CXX_FLAGS="--coverage -fprofile-update=atomic" \
  -DCMAKE_EXE_LINKER_FLAGS=--coverage -DCMAKE_SHARED_LINKER_FLAGS=--coverage >/dev/null
tests_ok=1
if [ "${RAPPORT_COVERAGE_REPORT_ONLY:-0}" != 1 ]; then
  nice -n 5 cmake --build "$build" -j2
  find "$build" -name '*.gcda' -delete
  # Skipped: helgrind reports gcov's own counters (__gcov0.*), which every thread updates, as races;
  # the package tests build a consumer that links the instrumented static library without --coverage
  # (undefined __gcov_init); the other presets run both.
  (cd "$build" && ctest -j2 --output-on-failure -E '^(capi_c_helgrind|package_(build_tree|installed_prefix)_rapport)$' \
    >ctest.log 2>&1) || tests_ok=0
  grep -E 'tests passed|tests failed' "$build/ctest.log" || true
  if [ "$tests_ok" = 0 ]; then
    echo "coverage.sh: some tests failed (figures below are still measured):"
    sed -n '/The following tests FAILED/,$p' "$build/ctest.log" | sed 's/^/  /' | head -30
  fi
fi

mkdir -p "$build/coverage"
gcovr -r . --object-directory "$build" --filter 'include/' --filter 'src/' --filter 'bindings/' -j 2 \
  --exclude-unreachable-branches --json "$build/coverage_detail.json" --txt "$build/coverage.txt" \
  --html-details "$build/coverage/index.html" >/dev/null 2>"$build/gcovr.log"

python3 - "$build/coverage_detail.json" "$build/coverage_branches.txt" "${RAPPORT_COVERAGE_STRICT:-0}" <<'EOF'
import json, sys
files = json.load(open(sys.argv[1]))["files"]
pct = lambda a, b: 100.0 * a / b if b else 100.0
# Per file and directory: lines, lines hit, branches, branches taken (exception edges excluded),
# raw branches, raw branches taken.
totals, per_file, missed_lines = {}, [], []
for f in files:
    c = [0] * 6
    for l in f["lines"]:
        if l.get("gcovr/noncode"):
            continue
        c[0] += 1
        c[1] += l["count"] > 0
        real = [b for b in l["branches"] if not b["throw"]]  # merged over the units: see the header
        c[2] += len(real)
        c[3] += sum(b["count"] > 0 for b in real)
        c[4] += len(l["branches"])
        c[5] += sum(b["count"] > 0 for b in l["branches"])
        missed = sum(b["count"] == 0 for b in real)
        if missed:
            missed_lines.append(f"{f['file']}:{l['line_number']}: {missed} of {len(real)} branches not taken")
    per_file.append((f["file"], c))
    for key in (f["file"].split("/")[0] + "/", "total"):
        s = totals.setdefault(key, [0] * 6)
        for i in range(6):
            s[i] += c[i]
with open(sys.argv[2], "w") as out:
    out.write("\n".join(missed_lines) + "\n")
for key in ("include/", "src/", "bindings/", "total"):
    if key not in totals:
        print(f"{key:10} (no instrumented lines)")
        continue
    s = totals[key]
    print(f"{key:10} lines: {pct(s[1], s[0]):.1f}% ({s[1]}/{s[0]})  branches: {pct(s[3], s[2]):.1f}% ({s[3]}/{s[2]})"
          f"  [raw branches, exception edges included: {pct(s[5], s[4]):.1f}%]")
print("most branches not taken:")
for name, c in sorted(per_file, key=lambda fc: fc[1][3] - fc[1][2])[:8]:
    print(f"  {c[2] - c[3]:4d}  {pct(c[1], c[0]):5.1f}% lines  {pct(c[3], c[2]):5.1f}% branches  {name}")
t = totals["total"]
if sys.argv[3] == "1" and (pct(t[1], t[0]) < 95 or pct(t[3], t[2]) < 85):
    sys.exit("coverage.sh: under the targets (lines 95%, branches 85%)")
EOF
if [ "${RAPPORT_COVERAGE_STRICT:-0}" = 1 ] && [ "$tests_ok" = 0 ]; then exit 1; fi
