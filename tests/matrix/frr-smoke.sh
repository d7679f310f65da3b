#!/usr/bin/env bash
# Smoke test of the implementation matrix's FRR column: scripts/target-frr runs
# three cases against FRR bgpd as the route server; the JSON report must hold
# exactly those three, each with a verdict and, for anything but PASS, a
# reason; ARS-AS4-CAP and RFC4271-6.2-BAD-PEER-AS must pass (bgpd does both).
# usage: frr-smoke.sh RSCERT OUTDIR   exit 77 when FRR is not installed
set -euo pipefail

RSCERT=$1
OUT=$2
[ -x /usr/lib/frr/bgpd ] && command -v vtysh >/dev/null || { echo "no frr"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
cd "$(dirname "$0")/../.."

cases=(ARS-AS4-CAP ARS-ECMP RFC4271-6.2-BAD-PEER-AS)
rm -rf "$OUT"
rc=0
RSCERT=$RSCERT scripts/target-frr run --out "$OUT" -q "${cases[@]}" || rc=$?
# 0: all passed, 1: a case failed; anything else means the run itself failed
[ $rc -le 1 ] || { echo "rscert run exited $rc"; exit 1; }
python3 - "$OUT/report.json" "${cases[@]}" <<'PY'
import json, sys

rep = json.load(open(sys.argv[1]))
want = sorted(sys.argv[2:])
got = sorted(c["id"] for c in rep["cases"])
assert got == want, "report holds %s, expected %s" % (got, want)
assert rep["profile"].endswith("/targets/frr.profile"), rep["profile"]  # absolute
assert rep["selected"] == len(want) and rep["ncases"] == len(want), rep
verdicts = {c["id"]: c["verdict"] for c in rep["cases"]}
for c in rep["cases"]:
    assert c["verdict"] in ("PASS", "FAIL", "ERROR", "SKIP", "XFAIL", "XPASS"), c
    assert c["verdict"] == "PASS" or c["reason"], "%s: %s without a reason" % (c["id"], c["verdict"])
for must in ("ARS-AS4-CAP", "RFC4271-6.2-BAD-PEER-AS"):
    assert verdicts[must] == "PASS", "%s: %s" % (must, verdicts[must])
print("ok:", verdicts)
PY
