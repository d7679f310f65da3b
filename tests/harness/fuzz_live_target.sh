#!/usr/bin/env bash
# fuzz_live_target.sh RSCERT TARGET WORKDIR: a bounded live-fuzzing campaign
# (scripts/target-TARGET fuzz) against BIRD, FRR or GoBGP on loopback. The
# campaign must run (exit 0 or 1, never 2), judge a fair number of exchanges,
# and, for the implementations with known deviations, rediscover them without
# being told:
#   frr    a session reset where RFC 7606 asks for treat-as-withdraw
#   gobgp  the process gone (gobgpd panics) on a message of the framing family
# Each finding must come with a case file that parses (rscert list).
# Exit 77 when the implementation is not installed.
set -u
rscert=$1 target=$2 work=$3
secs=${FUZZ_LIVE_SECONDS:-120}
cd "$(dirname "$0")/../.."
case $target in
bird) command -v bird >/dev/null || exit 77 ;;
frr) [ -x /usr/lib/frr/bgpd ] || exit 77 ;;
gobgp) command -v gobgpd >/dev/null || exit 77 ;;
esac
rm -rf "$work" && mkdir -p "$work"
out=$work/findings
RSCERT=$rscert scripts/target-"$target" fuzz --time "$secs" --framing 30 --seed 11 \
	--out "$out" >"$work/log" 2>&1
rc=$?
tail -5 "$work/log"
[ $rc -le 1 ] || { cat "$work/log"; echo "FAIL: the campaign itself failed (exit $rc)"; exit 1; }
python3 - "$out/findings.json" "$target" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
target = sys.argv[2]
f = d["findings"]
print("%s: %d exchanges, %d findings" % (target, d["exchanges"], len(f)))
for x in f:
    print("  %s: %s: expected %s, seen %s" % (x["id"], x["what"], x["expected"], x["seen"]))
assert d["exchanges"] >= 20, "only %d exchanges" % d["exchanges"]
if target == "frr":
    assert any(x["seen"].startswith("session reset") and "treat-as-withdraw" in x["expected"]
               and "session reset" not in x["expected"] for x in f), \
        "FRR's resets where RFC 7606 asks for treat-as-withdraw were not rediscovered"
if target == "gobgp":
    assert any(x["seen"] == "process gone" for x in f), \
        "GoBGP's crash was not rediscovered"
PY
for c in "$out"/*/*.case; do
	[ -e "$c" ] || continue
	"$rscert" list --cases "$(dirname "$c")" >/dev/null || { echo "FAIL: $c does not parse"; exit 1; }
done
echo "ok: $target"
