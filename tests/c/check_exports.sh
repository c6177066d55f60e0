#!/usr/bin/env bash
# The dynamic symbols librapport_c defines must be exactly the functions rapport.h declares.
# usage: check_exports.sh <nm> <librapport_c.so> <rapport.h>
set -euo pipefail
nm_tool=$1 lib=$2 header=$3
exported=$("$nm_tool" -D --defined-only "$lib" | awk 'NF >= 3 {print $3}' | sed 's/@.*//' | sort -u)
declared=$(tr '\n' ' ' < "$header" | grep -oE 'RAPPORT_C_API[^;(]*\(' | grep -oE 'rapport_[a-z0-9_]+ *\($' | tr -d ' (' | sort -u)
if [ -z "$declared" ]; then echo "no declarations found in $header"; exit 1; fi
if [ "$exported" != "$declared" ]; then
  echo "exported symbols differ from the declarations (< exported, > declared):"
  diff <(echo "$exported") <(echo "$declared") || true
  exit 1
fi
echo "exports: $(echo "$exported" | wc -l) rapport_* functions, nothing else"
