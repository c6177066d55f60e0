#!/usr/bin/env bash
# The symbols librapport_c defines for the outside must be exactly the functions rapport.h declares.
# Shared library: the dynamic symbol table. Static archive: its global text symbols that are not
# C++ (mangled names such as the standard library's template instantiations are weak, not ours).
# usage: check_exports.sh <nm> <librapport_c.so|.a> <rapport.h>
set -euo pipefail
nm_tool=$1 lib=$2 header=$3
case "$lib" in
  *.a) exported=$("$nm_tool" --defined-only --extern-only "$lib" | awk 'NF >= 3 && ($2 == "T" || $2 == "D" || $2 == "B" || $2 == "R") {print $3}' | grep -v '^_Z' | sort -u) ;;
  *)   exported=$("$nm_tool" -D --defined-only "$lib" | awk 'NF >= 3 {print $3}' | sed 's/@.*//' | sort -u) ;;
esac
declared=$(tr '\n' ' ' < "$header" | grep -oE 'RAPPORT_C_API[^;(]*\(' | grep -oE 'rapport_[a-z0-9_]+ *\($' | tr -d ' (' | sort -u)
if [ -z "$declared" ]; then echo "no declarations found in $header"; exit 1; fi
if [ "$exported" != "$declared" ]; then
  echo "exported symbols differ from the declarations (< exported, > declared):"
  diff <(echo "$exported") <(echo "$declared") || true
  exit 1
fi
echo "exports: $(echo "$exported" | wc -l) rapport_* functions, nothing else"
