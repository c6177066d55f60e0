"""Every C entry point that returns a status must start with RAPPORT_C_ENTRY, which runs its body
inside capi::guard under the function's own name (__func__), so no exception can cross the boundary
and messages name the right function. Reads the area files of bindings/c/src.
usage: check_guards.py <bindings/c/src> <rapport.h>"""
import pathlib
import re
import sys

src = "\n".join(p.read_text() for p in sorted(pathlib.Path(sys.argv[1]).glob("*.cpp")))
header = open(sys.argv[2]).read()
declared = re.findall(r"RAPPORT_C_API\s+rapport_status\s+(rapport_\w+)\s*\(", header)
bad = []
for name in declared:
    found = re.findall(r"^rapport_status " + name + r"\(([^)]*)\)\s*\{\s*\n\s*(\S+)", src, re.M | re.S)
    if not found:
        bad.append(f"{name}: no definition found")
    elif len(found) > 1:
        bad.append(f"{name}: defined {len(found)} times")
    elif found[0][1] != "RAPPORT_C_ENTRY":
        bad.append(f"{name}: its body does not start with `RAPPORT_C_ENTRY {{`")
if not declared:
    bad.append("no status-returning declarations found in the header")
if re.search(r"\bguard\(\"", src):
    bad.append("an entry point calls guard(\"...\") by hand: use RAPPORT_C_ENTRY")
for b in bad:
    print(b)
print(f"{len(declared) - len(bad)} of {len(declared)} status-returning entry points start with RAPPORT_C_ENTRY")
sys.exit(1 if bad else 0)
