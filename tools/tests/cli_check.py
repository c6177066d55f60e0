#!/usr/bin/env python3
"""Checks of the `rapport` tool, registered with ctest by tools/CMakeLists.txt. Run from the source dir.

  cli_check.py golden BIN GOLDEN -- ARGS...        stdout equals the file (RAPPORT_UPDATE_GOLDEN=1 rewrites it)
  cli_check.py fails BIN STATUS REGEX -- ARGS...   exits with STATUS, stderr matches REGEX, stdout is empty
  cli_check.py plot BIN WIDTH HEIGHT EXT -- ARGS   writes -o FILE.EXT: a well-formed SVG / PNG of that size
  cli_check.py atomic BIN -- ARGS...               with a simulated write failure, -o FILE is left untouched
  cli_check.py roundtrip BIN -- ARGS...            calibrate -p P.json, then score --params P.json uses it
"""
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib


def run(binary, args, env=None):
    e = dict(os.environ, **(env or {}))
    return subprocess.run([binary] + args, capture_output=True, text=True, env=e)


def fail(msg, p=None):
    if p is not None:
        msg += "\n--- status %d\n--- stdout\n%s--- stderr\n%s" % (p.returncode, p.stdout, p.stderr)
    sys.exit("FAIL: " + msg)


def golden(binary, path, args):
    p = run(binary, args)
    if p.returncode != 0:
        fail("exit status %d" % p.returncode, p)
    if os.environ.get("RAPPORT_UPDATE_GOLDEN"):
        with open(path, "w") as f:
            f.write(p.stdout)
        return
    with open(path) as f:
        want = f.read()
    if p.stdout != want:
        import difflib
        fail("output differs from %s:\n%s" % (path, "".join(difflib.unified_diff(want.splitlines(1), p.stdout.splitlines(1), "golden", "actual"))))
    if args and "json" in args:
        json.loads(p.stdout)


def fails(binary, status, pattern, args):
    p = run(binary, args)
    if p.returncode != int(status):
        fail("expected exit status %s" % status, p)
    if not re.search(pattern, p.stderr, re.S):
        fail("stderr does not match %r" % pattern, p)
    if p.stdout:
        fail("stdout should be empty on failure", p)


def png_size(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("not a PNG signature")
    pos, size, idat, seen_end = 8, None, b"", False
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        (crc,) = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            fail("bad CRC in PNG chunk %r" % kind)
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            seen_end = True
        pos += 12 + n
    if not seen_end or size is None:
        fail("PNG without IHDR or IEND")
    zlib.decompress(idat)  # the image data must inflate
    return size


def svg_size(text):
    root = ET.fromstring(text)
    if not root.tag.endswith("svg"):
        fail("root element is %s, not svg" % root.tag)
    num = lambda v: float(re.match(r"[0-9.]+", v).group(0))
    return num(root.get("width")), num(root.get("height"))


def plot(binary, width, height, ext, args):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "curve." + ext)
        p = run(binary, args + ["-o", out])
        if p.returncode != 0:
            fail("plot failed", p)
        data = open(out, "rb").read()
        size = png_size(data) if ext == "png" else svg_size(data.decode())
        if [round(float(v)) for v in size] != [int(width), int(height)]:
            fail("size %s, expected %sx%s" % (size, width, height))
        if os.listdir(d) != ["curve." + ext]:
            fail("stray files left: %s" % os.listdir(d))


def atomic(binary, args):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out")
        with open(out, "w") as f:
            f.write("previous contents\n")
        p = run(binary, args + ["-o", out], env={"RAPPORT_CLI_FAIL_WRITE": "1"})
        if p.returncode != 1 or "left unchanged" not in p.stderr:
            fail("expected exit status 1 and 'left unchanged'", p)
        if open(out).read() != "previous contents\n" or os.listdir(d) != ["out"]:
            fail("the output file was changed or a temporary file was left: %s" % os.listdir(d))
        p = run(binary, args + ["-o", out])
        if p.returncode != 0 or open(out).read() == "previous contents\n":
            fail("the write without failure did not replace the file", p)


def roundtrip(binary, args):
    with tempfile.TemporaryDirectory() as d:
        params = os.path.join(d, "params.json")
        p = run(binary, ["calibrate"] + args + ["-p", params])
        if p.returncode != 0 or "before" not in p.stdout or "after" not in p.stdout:
            fail("calibrate failed", p)
        doc = json.load(open(params))
        if doc.get("format") != "rapport.model_params":
            fail("not a parameter file: %s" % doc)
        shipped = run(binary, ["score", "--format", "json"] + args)
        fitted = run(binary, ["score", "--format", "json", "--params", params] + args)
        if shipped.returncode or fitted.returncode:
            fail("score failed", fitted)
        a = [r["warmth"] for r in json.loads(shipped.stdout)["rows"]]
        b = [r["warmth"] for r in json.loads(fitted.stdout)["rows"]]
        if len(a) != len(b) or a == b:
            fail("scores with the fitted parameters should differ from the shipped ones: %s vs %s" % (a, b))


def main():
    argv = sys.argv[1:]
    split = argv.index("--")
    head, args = argv[:split], argv[split + 1:]
    mode, binary, rest = head[0], head[1], head[2:]
    {"golden": lambda: golden(binary, rest[0], args), "fails": lambda: fails(binary, rest[0], rest[1], args),
     "plot": lambda: plot(binary, rest[0], rest[1], rest[2], args), "atomic": lambda: atomic(binary, args),
     "roundtrip": lambda: roundtrip(binary, args)}[mode]()


if __name__ == "__main__":
    main()
