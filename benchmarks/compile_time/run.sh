#!/usr/bin/env bash
# Compile-time budget (DESIGN.md): a translation unit using the whole library under 2 s, warmth
# alone under 1 s, with g++ -O2 on the development machine. whole_library.cpp includes
# <rapport/rapport.hpp> and calls recommend; warmth_only.cpp includes <rapport/warmth.hpp> and
# folds and scores a state; warmth_assess.cpp (no budget) adds a full assessment with reasons. Compiles each TU RUNS times (default 5)
# and prints the best wall and CPU (user + sys) seconds with the preprocessed line count. CPU time
# is the figure to read on a busy machine: it does not count time spent waiting for a core.
# Usage: benchmarks/compile_time/run.sh [RUNS]      (CXX=clang++ to try another compiler)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cxx=${CXX:-g++}
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=(-std=c++17 -O2 -I"$root/include")
printf '%-16s %8s %8s %8s %s\n' "translation unit" "wall s" "cpu s" "budget" "preprocessed lines"
status=0
for tu in whole_library:2 warmth_only:1 warmth_assess:-; do
  name=${tu%%:*} budget=${tu##*:}
  lines=$("$cxx" "${flags[@]}" -E "$here/$name.cpp" | wc -l)
  best_wall=999 best_cpu=999
  for _ in $(seq "$runs"); do
    read -r wall cpu < <( { /usr/bin/time -f '%e %U %S' "$cxx" "${flags[@]}" -c "$here/$name.cpp" -o "$work/$name.o"; } 2>&1 | awk '{print $1, $2 + $3}')
    best_wall=$(awk -v a="$best_wall" -v b="$wall" 'BEGIN{print (b < a) ? b : a}')
    best_cpu=$(awk -v a="$best_cpu" -v b="$cpu" 'BEGIN{print (b < a) ? b : a}')
  done
  if [ "$budget" = - ]; then
    within="no budget: for reference"
  else
    within=$(awk -v c="$best_cpu" -v b="$budget" 'BEGIN{print (c < b) ? "within" : "OVER"}')
    [ "$within" = within ] || status=1
  fi
  printf '%-16s %8.2f %8.2f %6s s %s (%s)\n' "$name" "$best_wall" "$best_cpu" "$budget" "$lines" "$within"
done
echo "compiler: $("$cxx" --version | head -1); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
exit $status
