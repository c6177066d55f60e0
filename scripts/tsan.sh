#!/usr/bin/env bash
# The documented sharing rules ("one handle per thread, const handles shared freely") under
# ThreadSanitizer: tests/threads_test.cpp scores, recommends and runs batches from several threads
# sharing one model, calendar, zone and profile, through the C++ API and the C ABI.
# Installs clang-14 and its sanitizer runtime from Debian when missing; then the tsan preset.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang++-14 >/dev/null || ! ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.tsan-x86_64.a >/dev/null 2>&1; then
  echo "tsan.sh: installing clang-14 and its sanitizer runtime"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends clang-14 libclang-rt-14-dev
fi
cmake --preset tsan >/dev/null
cmake --build --preset tsan
ctest --preset tsan
