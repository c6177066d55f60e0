#!/usr/bin/env bash
# The README's second command: the whole test suite (unit, property, example, tool, C API and
# package tests), built with warnings as errors. ctest prints the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev
