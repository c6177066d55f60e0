#!/usr/bin/env bash
# The README's first command: installs what is missing, configures, builds only the `rapport` tool
# (and the library it links), then runs it on the bundled demo export (examples/data/demo_*.csv,
# a networker's last six months, made by examples/data/generate_demo.py):
#   1. rapport recommend  -- who to follow up with, due ones first, on each contact's own calendar
#   2. rapport explain    -- why one contact (a client in New York) is where it is
#   3. rapport plot       -- her warmth over the last year, written to build/demo/priya.raman.svg
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target rapport_cli
rapport=build/dev/tools/rapport
demo=(--log examples/data/demo_interactions.csv --contacts examples/data/demo_contacts.csv --now 2026-11-25T09:00:00Z)
mkdir -p build/demo
run() {
  echo
  echo "== build/dev/tools/rapport $*"
  "$rapport" "$@"
}
run recommend "${demo[@]}" --due-within 7
run explain priya.raman "${demo[@]}"
run plot priya.raman "${demo[@]}" -o build/demo/priya.raman.svg
echo
echo "Open build/demo/priya.raman.svg to see the curve. 'rapport --help' lists every command; docs/CLI.md has the formats."
