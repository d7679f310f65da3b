#!/usr/bin/env python3
"""check_coverage.py: docs/CASES.md's "Coverage: rule -> cases" table is the
catalogue's.

Usage: check_coverage.py [--root DIR] [--write] [--self-test]
  --write      rewrite the table (and its case count) in docs/CASES.md
  --self-test  shows the check fails on a copy with one case more

Each case (cases/*.case, by its file name) goes under one rule: an RFC case
(RFCnnnn-SECTION-...) under RFCnnnn-SECTION (a dotted section under the
closest one docs/SPEC.md lists: 5.1.6 under 5 when only 5 is listed); any other under the longest
`### ID` heading or table ID of docs/SPEC.md that is its name or a dash-ended
prefix of it, else under its own name. Rows: RFC sections in number order,
then ARS rules alphabetically, then the rest. Exit 0 when the table is the
catalogue's (or was written), 1 when it differs (naming the first difference),
2 on a file error.
"""
import os
import re
import shutil
import sys
import tempfile

HEAD = "## Coverage: rule -> cases"


def spec_ids(spec):
    ids = set()
    for line in spec.splitlines():
        m = re.match(r"#{2,4} ([A-Z][A-Z0-9.\-]+)\s*$", line) or re.match(
            r"\| `([A-Z][A-Za-z0-9.\-]+)` \|", line)
        if m:
            ids.add(m.group(1))
    return ids


def rule_of(case, ids):
    m = re.match(r"(RFC\d+)-(\d+(?:\.\d+)*)([a-z]?)(?:-|$)", case)
    if m and m.group(3):
        return "%s-%s%s" % m.groups()
    if m:  # a dotted section goes under the closest one SPEC.md lists
        parts = m.group(2).split(".")
        for n in range(len(parts), 0, -1):
            r = "%s-%s" % (m.group(1), ".".join(parts[:n]))
            if r in ids:
                return r
        return "%s-%s" % (m.group(1), m.group(2))
    cands = [i for i in ids if case == i or case.startswith(i + "-")]
    return max(cands, key=len) if cands else case


def row_key(rule):
    m = re.match(r"RFC(\d+)-(\d+(?:\.\d+)*)([a-z]?)$", rule)
    if m:
        return (0, int(m.group(1)), [int(x) for x in m.group(2).split(".")], m.group(3))
    return (1 if rule.startswith("ARS-") else 2, 0, [], rule)


def table(root):
    spec = open(os.path.join(root, "docs/SPEC.md"), encoding="utf-8").read()
    ids = spec_ids(spec)
    cases = sorted(f[:-5] for f in os.listdir(os.path.join(root, "cases")) if f.endswith(".case"))
    rows = {}
    for c in cases:
        rows.setdefault(rule_of(c, ids), []).append(c)
    lines = ["| rule | cases |", "| --- | --- |"]
    for r in sorted(rows, key=row_key):
        lines.append("| %s | %s |" % (r, ", ".join("`%s`" % c for c in rows[r])))
    return len(cases), lines


def self_test(root):
    with tempfile.TemporaryDirectory() as t:
        shutil.copytree(os.path.join(root, "cases"), os.path.join(t, "cases"))
        os.mkdir(os.path.join(t, "docs"))
        for f in ("SPEC.md", "CASES.md"):
            shutil.copy(os.path.join(root, "docs", f), os.path.join(t, "docs", f))
        if check(t, False) != 0:
            print("check_coverage: self-test: the copy does not pass before the change")
            return 1
        open(os.path.join(t, "cases", "ARS-NO-BFD-EXTRA.case"), "w").close()
        if check(t, False) != 1:
            print("check_coverage: self-test: a case missing from the table went unnoticed")
            return 1
    print("check_coverage: self-test: a case missing from the table is found")
    return 0


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if "--root" in argv:
        root = argv[argv.index("--root") + 1]
    if "--self-test" in argv:
        return self_test(root)
    return check(root, "--write" in argv)


def check(root, write):
    path = os.path.join(root, "docs/CASES.md")
    try:
        doc = open(path, encoding="utf-8").read().split("\n")
        n, want = table(root)
    except OSError as e:
        print("check_coverage: %s" % e, file=sys.stderr)
        return 2
    if HEAD not in doc:
        print("check_coverage: docs/CASES.md has no '%s'" % HEAD)
        return 1
    h = doc.index(HEAD)
    start = next(i for i in range(h, len(doc)) if doc[i].startswith("| rule |"))
    end = start
    while end < len(doc) and doc[end].startswith("|"):
        end += 1
    count = next(i for i in range(h, start) if re.match(r"\d+ cases\.", doc[i]))
    have = doc[start:end]
    if write:
        doc[start:end] = want
        doc[count] = re.sub(r"^\d+ cases\.", "%d cases." % n, doc[count])
        open(path, "w", encoding="utf-8").write("\n".join(doc))
        return 0
    bad = 0
    if not doc[count].startswith("%d cases." % n):
        print("check_coverage: docs/CASES.md line %d: the catalogue has %d cases" % (count + 1, n))
        bad = 1
    for i in range(max(len(have), len(want))):
        a = have[i] if i < len(have) else "(nothing)"
        b = want[i] if i < len(want) else "(nothing)"
        if a != b:
            print("check_coverage: docs/CASES.md line %d:\n  is:     %s\n  should: %s\n"
                  "(scripts: tests/spec/check_coverage.py --write)" % (start + i + 1, a, b))
            return 1
    return bad



if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
