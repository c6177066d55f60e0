"""Every C entry point that returns a status must run inside capi::guard under its own name, so no
exception can cross the boundary and messages name the right function. Reads rapport_c.cpp.
usage: check_guards.py <rapport_c.cpp> <rapport.h>"""
import re
import sys

src = open(sys.argv[1]).read()
header = open(sys.argv[2]).read()
declared = re.findall(r"RAPPORT_C_API\s+rapport_status\s+(rapport_\w+)\s*\(", header)
bad = []
for name in declared:
    m = re.search(r"^rapport_status " + name + r"\([^)]*\)\s*\{\s*\n\s*return guard\(\"(\w+)\"", src, re.M | re.S)
    if not m:
        bad.append(f"{name}: its body does not start with `return guard(\"{name}\", ...)`")
    elif m.group(1) != name:
        bad.append(f"{name}: guarded under the wrong name \"{m.group(1)}\"")
if not declared:
    bad.append("no status-returning declarations found in the header")
for b in bad:
    print(b)
print(f"{len(declared) - len(bad)} of {len(declared)} status-returning entry points are guarded under their own name")
sys.exit(1 if bad else 0)
