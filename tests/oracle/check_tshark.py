#!/usr/bin/env python3
"""The external oracle: read a pcap written by oracle_gen with tshark
(Wireshark's dissectors, not our decoder) and compare with the .expect file.

  good      every message is dissected as BGP, per message type, path
            attribute type and capability code the counts match, the values
            listed as "text" show in tshark -V, and tshark reports no
            malformed packet and no expert warning or error.
  bad       tshark flags exactly the expected number of frames as malformed
            or with an expert warning/error (proves the check can fail).
  lost      tshark dissects fewer messages than were written (a message
            cut short by the end of the connection): the count check fails.
  optional  like good, but when tshark cannot dissect the form at all (an
            old version) the test is skipped (exit 77) instead of failed;
            only when tshark's complaint shows SIGNATURE, the sign of a
            dissector that does not know the form, so that a real encoding
            error still fails.

Usage: check_tshark.py good|bad|lost FILE.pcap FILE.expect
       check_tshark.py optional FILE.pcap FILE.expect SIGNATURE
       check_tshark.py evidence RUN-DIR
The second form checks the evidence of a real run: in every case directory,
tshark finds no problem in session.pcap and dissects as many BGP messages as
wire.log lists."""
import collections
import os
import re
import shutil
import subprocess
import sys

SKIP = 77
PROBLEM_FILTER = '_ws.malformed || _ws.expert.severity >= "Warning"'


def tshark(*args):
    exe = shutil.which("tshark")
    if not exe:
        print("tshark is missing (a project dependency: scripts/deps)", file=sys.stderr)
        sys.exit(1)
    r = subprocess.run([exe, *args], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"tshark {' '.join(args)} failed:\n{r.stderr}", file=sys.stderr)
        sys.exit(1)
    return r.stdout


def read_expect(path):
    want = {"msg": collections.Counter(), "attr": collections.Counter(),
            "cap": collections.Counter(), "rr": collections.Counter()}
    texts, total, problems = [], 0, 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, rest = line.rstrip("\n").partition(" ")
            if key == "text":
                texts.append(rest)
            elif key == "total":
                total = int(rest)
            elif key == "problems":
                problems = int(rest)
            elif key in want:
                code, n = rest.split()
                if int(n):
                    want[key][int(code)] = int(n)
    return want, texts, total, problems


def observed(pcap):
    fields = {"msg": "bgp.type", "attr": "bgp.update.path_attribute.type_code",
              "cap": "bgp.cap.type", "rr": "bgp.route_refresh.subtype"}
    args = ["-r", pcap, "-Y", "bgp", "-T", "fields", "-E", "occurrence=a",
            "-E", "aggregator=,", "-E", "separator=\t"]
    for f in fields.values():
        args += ["-e", f]
    got = {k: collections.Counter() for k in fields}
    for line in tshark(*args).splitlines():
        cols = line.split("\t")
        for key, col in zip(fields, cols):
            for v in filter(None, col.split(",")):
                got[key][int(v, 0)] += 1
    return got


def problems(pcap):
    out = tshark("-r", pcap, "-Y", PROBLEM_FILTER, "-T", "fields", "-e", "frame.number",
                 "-e", "_ws.expert.message")
    return [line for line in out.splitlines() if line.strip()]


def compare(pcap, expect):
    want, texts, total, _ = read_expect(expect)
    got = observed(pcap)
    errors = []
    if sum(got["msg"].values()) != total:
        errors.append(f"tshark dissected {sum(got['msg'].values())} BGP messages, "
                      f"{total} were written")
    for key in want:
        for code in sorted(set(want[key]) | set(got[key])):
            if want[key][code] != got[key][code]:
                errors.append(f"{key} {code}: wrote {want[key][code]}, tshark saw "
                              f"{got[key][code]}")
    if texts:
        verbose = tshark("-r", pcap, "-V", "-Y", "bgp")
        errors += [f"tshark -V does not show {t!r}" for t in texts if t not in verbose]
    return errors, sum(got["msg"].values())


WIRELOG_MSG = re.compile(r"^\s*\d+\.\d{3}  \S+\s+(->|<-) \S+\s+(?!-- )\S")


def check_evidence(run_dir):
    cases = sorted(os.path.join(dp, "session.pcap") for dp, _, files in os.walk(run_dir)
                   if "session.pcap" in files)
    if not cases:
        print(f"no session.pcap under {run_dir}", file=sys.stderr)
        return 1
    errors, total = [], 0
    for pcap in cases:
        with open(os.path.join(os.path.dirname(pcap), "wire.log"), encoding="utf-8") as f:
            logged = sum(1 for line in f if WIRELOG_MSG.match(line))
        seen = sum(observed(pcap)["msg"].values())
        total += seen
        if seen != logged:
            errors.append(f"{pcap}: wire.log lists {logged} messages, tshark dissects {seen}")
        errors += [f"{pcap}: tshark flags frame {p}" for p in problems(pcap)]
    if total == 0:
        errors.append("no BGP message in any pcap")
    for e in errors:
        print(e, file=sys.stderr)
    if not errors:
        print(f"{len(cases)} case pcaps, {total} BGP messages, all match their wire logs")
    return 1 if errors else 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "evidence":
        return check_evidence(sys.argv[2])
    optional = len(sys.argv) == 5 and sys.argv[1] == "optional"
    if not optional and (len(sys.argv) != 4 or sys.argv[1] not in ("good", "bad", "lost")):
        print(__doc__, file=sys.stderr)
        return 2
    mode, pcap, expect = sys.argv[1:4]
    version = tshark("--version").splitlines()[0]
    found = problems(pcap)
    if mode == "bad":
        _, _, _, want = read_expect(expect)
        for p in found:
            print(f"flagged as expected: frame {p}")
        if want == 0 or len(found) != want:
            print(f"{version}: expected {want} flagged frames, got {len(found)}",
                  file=sys.stderr)
            return 1
        return 0
    errors, n = compare(pcap, expect)
    if mode == "lost":
        total = read_expect(expect)[2]
        if n >= total or not errors:
            print(f"{version}: {n} of {total} messages dissected; expected fewer",
                  file=sys.stderr)
            return 1
        print(f"lost as expected: {errors[0]}")
        return 0
    errors += [f"tshark flags frame {p}" for p in found]
    if errors and optional:
        signature = sys.argv[4]
        seen = "\n".join(found) + tshark("-r", pcap, "-V", "-Y", "bgp")
        if signature in seen:
            print(f"SKIP: {version} does not dissect this form ({signature!r})")
            return SKIP
        print(f"tshark's complaints do not show {signature!r}: a real error",
              file=sys.stderr)
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    print(f"{version}: {n} BGP messages dissected, counts match, no warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
