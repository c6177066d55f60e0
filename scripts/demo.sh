#!/usr/bin/env bash
# The README's first command: installs what is missing, configures, builds only what the demo
# runs (the library, the `rapport` tool and the C++ examples; the test suite is the second command's
# business), and runs the demo on the bundled sample data (examples/data/contacts.csv).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target rapport_cli quickstart follow_up
echo
echo "== examples/cpp/quickstart"
build/dev/examples/cpp/quickstart
echo
echo "== rapport warmth --log examples/data/contacts.csv --now 2026-11-25T09:00:00Z --reasons"
build/dev/tools/rapport warmth --log examples/data/contacts.csv --now 2026-11-25T09:00:00Z --reasons
echo
echo "== rapport recommend --log examples/data/contacts.csv --now 2026-11-25T09:00:00Z --zone Europe/London --calendar england_wales"
build/dev/tools/rapport recommend --log examples/data/contacts.csv --now 2026-11-25T09:00:00Z --zone Europe/London --calendar england_wales
echo
echo "== examples/cpp/follow_up"
build/dev/examples/cpp/follow_up
