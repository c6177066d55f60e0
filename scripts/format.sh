#!/usr/bin/env bash
# Applies .clang-format to every C and C++ file of the repository, or with --check only lists the
# files that differ from it and exits 1 (CI runs the check). Generated headers (the shipped
# parameters, written by tools/fit_defaults and tools/fit_reply) and fuzz corpora are left as written.
#
#   scripts/format.sh          # reformat in place
#   scripts/format.sh --check  # exit 1 if anything is not formatted
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "format.sh: clang-format is missing (apt-get install clang-format)" >&2; exit 2; }
mapfile -t files < <(git ls-files -co --exclude-standard -- '*.c' '*.h' '*.cpp' '*.hpp' \
  | grep -v -e '^include/rapport/detail/default_' -e '^tests/fuzz/corpus/' -e '^build/')
if [ "${1:-}" = --check ]; then
  bad=()
  for f in "${files[@]}"; do
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
  done
  if [ ${#bad[@]} -gt 0 ]; then
    printf 'not formatted (run scripts/format.sh): %s\n' "${bad[@]}"
    exit 1
  fi
  echo "format: ${#files[@]} files, all formatted"
else
  clang-format -i "${files[@]}"
  echo "format: ${#files[@]} files formatted"
fi
