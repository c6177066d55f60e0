#!/usr/bin/env bash
# Installs the build into a fresh prefix and builds a C program the way a user would:
#   cc app.c $(pkg-config --cflags --libs rapport)
# and, when given a CMake consumer project, find_package(rapport) from the same prefix only.
# usage: pkg_config_consumer.sh <build dir> <config> <cc> <app.c[:app2.c...]> <prefix> [extra cc flags [cmake project generator]]
set -euo pipefail
build=$1 config=$2 cc=$3 app=$4 prefix=$5 extra=${6:-} project=${7:-} generator=${8:-}
rm -rf "$prefix"
cmake --install "$build" --config "$config" --prefix "$prefix" > "$prefix.install.log" 2>&1 ||
  { cat "$prefix.install.log"; exit 1; }
pc=$(find "$prefix" -name rapport.pc -path '*/pkgconfig/*' | head -n1)
[ -n "$pc" ] || { echo "rapport.pc was not installed under $prefix"; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc")
echo "pkg-config: $(pkg-config --modversion rapport): $(pkg-config --cflags --libs rapport)"
# The flags must point into the prefix (the .pc file is relocatable), not into the source or build tree.
for var in includedir libdir; do
  dir=$(realpath "$(pkg-config --variable=$var rapport)")
  case "$dir" in "$(realpath "$prefix")"/*) ;; *) echo "$var = $dir is outside the prefix $prefix"; exit 1;; esac
done
[ -f "$(pkg-config --variable=includedir rapport)/rapport/rapport.h" ] || { echo "rapport.h not under includedir"; exit 1; }
libdir=$(pkg-config --variable=libdir rapport)
static=()
if [ ! -e "$libdir/librapport_c.so" ] && [ -e "$libdir/librapport_c.a" ]; then
  static=(--static)  # a static librapport_c needs the C++ runtime: Libs.private
fi
IFS=: read -r -a apps <<< "$app"
for src in "${apps[@]}"; do
  exe="$prefix/$(basename "$src" .c)"
  # shellcheck disable=SC2086 # word splitting of the flags is intended
  "$cc" -std=c99 -Wall -Wextra -pedantic -Werror $extra "$src" $(pkg-config "${static[@]}" --cflags --libs rapport) -o "$exe"
  out=$(LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$exe")
  echo "pkg-config consumer: ok: $(basename "$src")"
  echo "$out"
done

if [ -n "$project" ]; then
  flags=()
  [ -n "$extra" ] && flags=("-DCMAKE_C_FLAGS=$extra" "-DCMAKE_EXE_LINKER_FLAGS=$extra")
  cmake -S "$project" -B "$prefix/cmake-consumer" -G "$generator" -DCMAKE_PREFIX_PATH="$prefix" \
        -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF "${flags[@]}" > "$prefix/cmake-consumer.log" 2>&1 ||
    { cat "$prefix/cmake-consumer.log"; exit 1; }
  grep -q "rapport_DIR:PATH=$prefix" "$prefix/cmake-consumer/CMakeCache.txt" || { echo "rapport was not found in the prefix"; exit 1; }
  cmake --build "$prefix/cmake-consumer" >> "$prefix/cmake-consumer.log" 2>&1 || { cat "$prefix/cmake-consumer.log"; exit 1; }
  LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$prefix/cmake-consumer/c_consumer"
  echo "cmake consumer: ok"
fi
