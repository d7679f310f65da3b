#!/usr/bin/env python3
"""Check the report files written by report_gen with tools from outside the
project: xmllint against the JUnit schema, a TAP 13 parser and prove, a
strict JSON parse, and a headless Chromium screenshot of the HTML report.

Usage: check_reports.py junit|tap|json|html DIR [options]
Exit 0 when the report is good, 1 when it is not, 2 when a tool is missing."""
import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


class Bad(Exception):
    pass


def need(tool):
    path = shutil.which(tool)
    if not path:
        print(f"missing tool: {tool}", file=sys.stderr)
        sys.exit(2)
    return path


# ---------------------------------------------------------------- JUnit
def xmllint_ok(xsd, xml):
    r = subprocess.run([need("xmllint"), "--noout", "--schema", xsd, xml],
                       capture_output=True, text=True)
    return r.returncode == 0, r.stderr.strip()


def check_junit(args):
    import xml.etree.ElementTree as ET
    xml = os.path.join(args.dir, "report.junit.xml")
    ok, why = xmllint_ok(args.xsd, xml)
    if not ok:
        raise Bad(f"JUnit XML does not validate: {why}")
    root = ET.parse(xml).getroot()
    if root.tag != "testsuites":
        raise Bad(f"root element is {root.tag}")
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        want = {
            "tests": len(cases),
            "failures": sum(len(c.findall("failure")) for c in cases),
            "errors": sum(len(c.findall("error")) for c in cases),
            "skipped": sum(len(c.findall("skipped")) for c in cases),
        }
        for k, v in want.items():
            if int(suite.get(k, "-1")) != v:
                raise Bad(f"testsuite {k}={suite.get(k)} but {v} counted")
    if args.cases is not None and len(root.findall("testsuite/testcase")) != args.cases:
        raise Bad(f"expected {args.cases} testcases")
    # The schema check must be able to fail: a testcase without a name.
    with open(xml, encoding="utf-8") as f:
        text = f.read()
    broken = re.sub(r'<testcase name="[^"]*"', "<testcase", text, count=1)
    if broken == text:
        raise Bad("could not build the negative sample")
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as t:
        t.write(broken)
    try:
        ok, _ = xmllint_ok(args.xsd, t.name)
    finally:
        os.unlink(t.name)
    if ok:
        raise Bad("the schema accepted a testcase without a name")


# ---------------------------------------------------------------- TAP
YAML_LINE = re.compile(r'^  ([a-z_]+): (.*)$')
TEST_LINE = re.compile(r'^(ok|not ok) (\d+)(?: - ([^#]*))?(?: # (SKIP|TODO)\b(.*))?$')


def yaml_scalar(v):
    """The scalars the writer emits: double-quoted strings, numbers, words."""
    if v.startswith('"'):
        if len(v) < 2 or not v.endswith('"'):
            raise Bad(f"unterminated string: {v}")
        out, i, body = [], 0, v[1:-1]
        esc = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}
        while i < len(body):
            c = body[i]
            if c == '"':
                raise Bad(f"unescaped quote in {v}")
            if c != "\\":
                out.append(c)
                i += 1
                continue
            n = body[i + 1:i + 2]
            if n in esc:
                out.append(esc[n])
                i += 2
            elif n == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", body[i + 2:i + 4]):
                out.append(chr(int(body[i + 2:i + 4], 16)))
                i += 4
            else:
                raise Bad(f"bad escape in {v}")
        return "".join(out)
    if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?|[A-Z]+", v):
        return v
    raise Bad(f"unquoted scalar {v!r}")


def parse_tap(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != "TAP version 13":
        raise Bad("first line is not 'TAP version 13'")
    m = re.fullmatch(r"1\.\.(\d+)", lines[1] if len(lines) > 1 else "")
    if not m:
        raise Bad("second line is not the plan")
    plan, tests, i, bail = int(m.group(1)), [], 2, None
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith("#"):
            continue
        if line.startswith("Bail out!"):
            bail = line
            continue
        t = TEST_LINE.match(line)
        if not t:
            raise Bad(f"line {i}: not TAP: {line!r}")
        num = int(t.group(2))
        if num != len(tests) + 1:
            raise Bad(f"line {i}: test {num} out of order")
        diag = {}
        if i < len(lines) and lines[i] == "  ---":
            i += 1
            while i < len(lines) and lines[i] != "  ...":
                y = YAML_LINE.match(lines[i])
                if not y:
                    raise Bad(f"line {i + 1}: not a YAML key: {lines[i]!r}")
                diag[y.group(1)] = yaml_scalar(y.group(2))
                i += 1
            if i == len(lines):
                raise Bad("YAML block not closed")
            i += 1
        tests.append((t.group(1) == "ok", num, t.group(4), diag))
    return plan, tests, bail


def check_tap(args):
    path = os.path.join(args.dir, "report.tap")
    plan, tests, bail = parse_tap(path)
    if args.expect_bail:
        if not bail:
            raise Bad("a run without results must bail out")
        return
    if len(tests) != plan:
        raise Bad(f"plan 1..{plan} but {len(tests)} test points")
    for ok, num, directive, diag in tests:
        if not ok or directive:
            if "verdict" not in diag:
                raise Bad(f"test {num}: no YAML verdict")
    failed = [num for ok, num, directive, _ in tests if not ok and directive != "TODO"]
    want = [int(x) for x in args.failed.split(",")] if args.failed else []
    if failed != want:
        raise Bad(f"failed test points {failed}, expected {want}")
    # prove (Test::Harness) must come to the same conclusion.
    r = subprocess.run([need("prove"), "--exec", "cat", path], capture_output=True, text=True)
    if (r.returncode == 0) != (not want):
        raise Bad(f"prove exit {r.returncode} for failed tests {want}:\n{r.stdout}")
    if want and "Failed tests:  " + ", ".join(map(str, want)) not in r.stdout:
        raise Bad(f"prove did not list {want}:\n{r.stdout}")


# ---------------------------------------------------------------- JSON
RUN_KEYS = {"format", "target", "profile", "seed", "repeat", "started", "started_utc",
            "seconds", "selected", "ncases", "counts", "flaky", "exit_status",
            "exit_reason", "cases", "rscert_version", "rscert_commit", "catalogue",
            "time_scale", "server_faults", "port", "command", "argv", "shard", "selection"}
CASE_KEYS = {"id", "level", "title", "requirement", "file", "verdict", "reason", "expected",
             "observed", "failed_line", "seconds", "attempt", "pcap", "wirelog",
             "serverlog", "events", "latency"}
EVENT_KEYS = {"t", "actor", "server", "dir", "type", "type_name", "summary"}


def reject_constant(name):
    raise Bad(f"non-standard JSON constant {name}")


def check_json(args):
    path = os.path.join(args.dir, "report.json")
    r = subprocess.run([sys.executable, "-m", "json.tool", path], capture_output=True)
    if r.returncode:
        raise Bad(f"json.tool: {r.stderr.decode(errors='replace')}")
    with open(path, "rb") as f:
        doc = json.loads(f.read().decode("utf-8"), parse_constant=reject_constant)
    if set(doc) != RUN_KEYS:
        raise Bad(f"run keys differ: {sorted(set(doc) ^ RUN_KEYS)}")
    if len(doc["cases"]) != doc["ncases"]:
        raise Bad("ncases does not match the case list")
    for c in doc["cases"]:
        if set(c) != CASE_KEYS:
            raise Bad(f"case keys differ: {sorted(set(c) ^ CASE_KEYS)}")
        for e in c["events"]:
            if set(e) != EVENT_KEYS:
                raise Bad(f"event keys differ: {sorted(set(e) ^ EVENT_KEYS)}")
    if sum(doc["counts"].values()) != doc["ncases"]:
        raise Bad("counts do not add up to ncases")
    if args.exit_status is not None and doc["exit_status"] != args.exit_status:
        raise Bad(f"exit_status {doc['exit_status']}, expected {args.exit_status}")
    if args.seed is not None and doc["seed"] != args.seed:
        raise Bad(f"seed {doc['seed']} lost precision (expected {args.seed})")


# ---------------------------------------------------------------- HTML
def png_pixels(path):
    """Decode an 8-bit RGB/RGBA non-interlaced PNG into rows of pixel tuples."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise Bad("not a PNG file")
    pos, idat, hdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise Bad(f"unexpected PNG format depth={depth} type={ctype}")
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ft == 1:
                line[x] = (line[x] + a) & 255
            elif ft == 2:
                line[x] = (line[x] + b) & 255
            elif ft == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def check_html(args):
    html = os.path.abspath(os.path.join(args.dir, "report.html"))
    png = os.path.abspath(args.png)
    if os.path.exists(png):
        os.unlink(png)
    profile = tempfile.mkdtemp(prefix="rscert-chromium-")
    cmd = [need("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
           f"--screenshot={png}", f"--window-size={args.size}", "file://" + html]
    try:
        subprocess.run(cmd, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if not os.path.exists(png) or os.path.getsize(png) < 1000:
        raise Bad("chromium wrote no screenshot")
    w, h, bpp, rows = png_pixels(png)
    want_w, want_h = (int(v) for v in args.size.split(","))
    if (w, h) != (want_w, want_h):
        raise Bad(f"screenshot is {w}x{h}")
    colours = set()
    for row in rows:
        for x in range(0, len(row), bpp):
            colours.add(row[x:x + 3])
    if len(colours) < 50:
        raise Bad(f"only {len(colours)} distinct colours: the page did not render")
    # The verdict colours of the stylesheet must be on screen (grid cells).
    for name, rgb in (("PASS", "1f9d55"), ("FAIL", "d63031"), ("header", "14213d")):
        if bytes.fromhex(rgb) not in colours:
            raise Bad(f"{name} colour #{rgb} not found in the screenshot")
    print(f"screenshot {w}x{h}, {len(colours)} colours: {png}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["junit", "tap", "json", "html"])
    ap.add_argument("dir")
    ap.add_argument("--xsd")
    ap.add_argument("--cases", type=int)
    ap.add_argument("--failed", default="")
    ap.add_argument("--expect-bail", action="store_true")
    ap.add_argument("--exit-status", type=int)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--png")
    ap.add_argument("--size", default="1280,900")
    args = ap.parse_args()
    try:
        {"junit": check_junit, "tap": check_tap, "json": check_json,
         "html": check_html}[args.what](args)
    except Bad as e:
        print(f"{args.what}: {e}", file=sys.stderr)
        return 1
    print(f"{args.what}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
