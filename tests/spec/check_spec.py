#!/usr/bin/env python3
"""check_spec.py: every rule ID the project uses is defined in docs/SPEC.md.

Usage: check_spec.py [--root DIR]   (default: the source tree holding this file)
       check_spec.py --self-test    (shows the check fails on an undefined ID)

Where IDs are looked for: the names and every line of cases/*.case, the C
sources of the programs (codec, reference, harness, load, fuzz, evidence,
util, bench), target profiles, README.md, docs/*.md and man/*.scd. Test
fixtures under tests/ make up IDs on purpose and are not read.

How SPEC.md defines IDs (its section "Rule identifiers" says the same):
a heading "### ID" or a table row whose first cell is `ID`; a line
"- Cases: `ID`, `ID-*`" lists a rule's case IDs, `-*` allowing variants.
RFC IDs (RFCnnnn-SECTION[-VARIANT]) resolve to the closest listed section.
Exit status: 0 all defined, 1 something undefined, 2 a usage or file error.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ID_RE = re.compile(r"\b(?:ARS|NVA|CONFIG|CONTROL|RFC\d{3,4})-[A-Za-z0-9.\-]*[A-Za-z0-9*?]")
CODE_DIRS = ("codec", "reference", "harness", "load", "fuzz", "evidence", "util", "bench")
STALE = "ARS-SPEC"
FILE_EXT = re.compile(r"\.(case|json|log|pcap|txt|html|xml|md|conf|profile)$")


def spec_definitions(text):
    """Return (exact IDs, variant prefixes) defined by SPEC.md's text."""
    exact, prefixes = set(), set()
    for line in text.splitlines():
        m = re.match(r"#{2,4} ([A-Z][A-Z0-9.\-]+)\s*$", line)
        if m:
            exact.add(m.group(1))
            continue
        m = re.match(r"\| `?([A-Z][A-Za-z0-9.\-]+)`? \|", line)
        if m and ID_RE.fullmatch(m.group(1)):
            exact.add(m.group(1))
            continue
        m = re.match(r"\s*- Cases: (.*)$", line)
        if m:
            for item in re.findall(r"`([^`]+)`", m.group(1)):
                if item.endswith("-*"):
                    prefixes.add(item[:-1])
                else:
                    exact.add(item)
    return exact, prefixes


def rfc_sections(section):
    """'8.2.2' -> ['8.2.2', '8.2', '8']; '3c' -> ['3.c', '3']."""
    section = re.sub(r"^(\d+)([a-z])$", r"\1.\2", section)
    parts = section.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 0, -1)]


def resolves(rule, exact, prefixes):
    if rule in exact or any(rule.startswith(p) for p in prefixes):
        return True
    m = re.match(r"(RFC\d+)-([0-9A-Za-z.]+)", rule)
    if not m:
        return False
    return any(f"{m.group(1)}-{s}" in exact for s in rfc_sections(m.group(2)))


def used_ids(root):
    """Yield (id, 'file:line') for every ID mention outside SPEC.md."""
    files = []
    for name in sorted(os.listdir(os.path.join(root, "cases"))):
        if name.endswith(".case"):
            path = os.path.join("cases", name)
            yield name[: -len(".case")], f"{path} (file name)"
            files.append(path)
    for d in CODE_DIRS:
        for dirpath, _, names in os.walk(os.path.join(root, d)):
            for n in sorted(names):
                if n.endswith((".c", ".h")):
                    files.append(os.path.relpath(os.path.join(dirpath, n), root))
    for sub, ext in (("targets", ".profile"), ("docs", ".md"), ("man", ".scd")):
        if os.path.isdir(os.path.join(root, sub)):
            files += [os.path.join(sub, n) for n in sorted(os.listdir(os.path.join(root, sub)))
                      if n.endswith(ext) and n != "SPEC.md"]
    files.append("README.md")
    for rel in files:
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            for lineno, line in enumerate(f, 1):
                for m in ID_RE.finditer(line):
                    escaped_glob = re.match(r"-?\\\*", line[m.end():])  # scdoc: ID-\*
                    yield m.group(0) + ("*" if escaped_glob else ""), f"{rel}:{lineno}"


def anchor(heading):
    """The anchor GitHub gives a heading: lower case, punctuation dropped."""
    return re.sub(r"[^a-z0-9 _-]", "", heading.strip().lower()).replace(" ", "-")


def broken_links(root, spec_text):
    """Yield (anchor, 'file:line') for links into SPEC.md that lead nowhere."""
    anchors = {anchor(m) for m in re.findall(r"^#+ (.*)$", spec_text, re.M)}
    docs = [os.path.join("docs", n) for n in sorted(os.listdir(os.path.join(root, "docs")))
            if n.endswith(".md")] + ["README.md"]
    for rel in docs:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                for a in re.findall(r"SPEC\.md#([A-Za-z0-9_-]+)", line):
                    if a not in anchors:
                        yield a, f"{rel}:{lineno}"


def check(root):
    spec_path = os.path.join(root, "docs", "SPEC.md")
    try:
        with open(spec_path, encoding="utf-8") as f:
            spec_text = f.read()
        exact, prefixes = spec_definitions(spec_text)
    except OSError as e:
        print(f"check_spec: cannot read docs/SPEC.md: {e.strerror}", file=sys.stderr)
        return 2
    missing = {}
    count = bad_links = 0
    for rule, where in used_ids(root):
        rule = FILE_EXT.sub("", rule).rstrip(".-")
        if "*" in rule or "?" in rule:
            continue  # a glob ('ARS-LIMIT-*'), not an ID
        count += 1
        if not resolves(rule, exact, prefixes):
            missing.setdefault(rule, []).append(where)
    for link, where in broken_links(root, spec_text):
        print(f"{where}: link SPEC.md#{link} names no heading of docs/SPEC.md")
        bad_links += 1
    for rule, places in sorted(missing.items()):
        hint = ("cite docs/SPEC.md and the rule's ID instead" if rule.startswith(STALE)
                else "define it in docs/SPEC.md (a '### ID' heading, a '- Cases:' entry"
                     " or a row of the RFC rule table)")
        print(f"docs/SPEC.md does not define {rule}, used in {', '.join(places)}: {hint}")
    if missing or bad_links:
        print(f"check_spec: {len(missing)} undefined rule ID(s) of {count} mentions, "
              f"{bad_links} broken link(s) into docs/SPEC.md")
        return 1
    print(f"check_spec: {count} rule ID mentions, all defined in docs/SPEC.md "
          f"({len(exact)} IDs, {len(prefixes)} variant families)")
    return 0


def self_test(root):
    """The check must fail, naming the ID and the place, on an undefined ID."""
    with tempfile.TemporaryDirectory() as tmp:
        for sub in ("docs", "cases"):
            os.mkdir(os.path.join(tmp, sub))
        shutil.copy(os.path.join(root, "docs", "SPEC.md"), os.path.join(tmp, "docs"))
        with open(os.path.join(tmp, "README.md"), "w") as f:
            f.write("See ARS-ECMP and RFC4271-8.2.2, run 'ARS-LIMIT-*'.\n"
                    "[ecmp](docs/SPEC.md#ars-ecmp), [x](docs/SPEC.md#no-such-rule)\n")
        cases = {"ARS-ECMP-THREE.case": "id ARS-ECMP-THREE\n",
                 "RFC7606-3c-X.case": "id RFC7606-3c-X\n",
                 "ARS-NOPE-1.case": "id ARS-NOPE-1\nrequirement (RFC4271-99)\n"}
        for name, text in cases.items():
            with open(os.path.join(tmp, "cases", name), "w") as f:
                f.write(text)
        r = subprocess.run([sys.executable, __file__, "--root", tmp],
                           capture_output=True, text=True)
        want = ["docs/SPEC.md does not define ARS-NOPE-1, used in "
                "cases/ARS-NOPE-1.case (file name), cases/ARS-NOPE-1.case:1",
                "docs/SPEC.md does not define RFC4271-99, used in cases/ARS-NOPE-1.case:2",
                "README.md:2: link SPEC.md#no-such-rule names no heading",
                "2 undefined rule ID(s) of 9 mentions, 1 broken link(s)"]
        ok = r.returncode == 1 and all(w in r.stdout for w in want)
        ok = ok and "ARS-ECMP-THREE" not in r.stdout and "RFC7606-3c" not in r.stdout
        ok = ok and "RFC4271-8.2.2" not in r.stdout and "ARS-LIMIT" not in r.stdout
        if not ok:
            print(f"self-test failed: exit {r.returncode}\n{r.stdout}{r.stderr}")
            return 1
    print("check_spec self-test: an undefined ID fails the check, with its places")
    return 0


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if argv[1:2] == ["--self-test"]:
        return self_test(root)
    if argv[1:2] == ["--root"] and len(argv) == 3:
        return check(argv[2])
    if len(argv) == 1:
        return check(root)
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 0 if argv[1:2] in (["--help"], ["-h"]) else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
