#!/usr/bin/env bash
# Installs the configured build into a fresh prefix, then builds and runs tests/package against
# that prefix only (not the build tree).
set -euo pipefail
build=$1 src=$2 generator=$3
shift 3  # the rest: options for the consumer project
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src" -B "$work/consumer" -G "$generator" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF "$@" >/dev/null
grep -q "rapport_DIR:PATH=$work/prefix" "$work/consumer/CMakeCache.txt" || { echo "rapport was not found in the prefix"; exit 1; }
cmake --build "$work/consumer" >/dev/null
"$work/consumer/consumer"
