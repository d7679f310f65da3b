#!/usr/bin/env bash
# rscert certify --external: a lab appliance at fixed addresses and port
# given by option. Everything runs inside a network namespace of its own
# (its loopback only): the route server's instances at 127.0.0.4 and
# 127.0.0.5 port 1179, the appliance at 127.0.0.10.
#   1. BIRD plays the appliance, certified on a terminal (a pty from
#      script(1)): CERTIFIED, the observed AS, TTL and address in the
#      certificate, the progress rewritten in place, the verdicts coloured.
#   2. bfd_waiter plays an appliance whose BGP waits for BFD, certified with
#      output to a file: NVA-BFD FAIL (and nothing else FAIL), the progress
#      as plain lines, no escape sequence at all.
#   3. the same on a terminal with NO_COLOR set: progress rewritten in place,
#      no colour.
# usage: certify_external.sh RSCERT RSCERT_RSD BFD_WAITER
# exit 77 (skipped): not root, no `ip netns`, no bird, no script(1).
set -euo pipefail

DRV=$1
RSD=$2
BFDW=$3
[ "$(id -u)" = 0 ] || { echo "skipped: needs root"; exit 77; }
command -v bird >/dev/null || { echo "skipped: no bird"; exit 77; }
command -v script >/dev/null || { echo "skipped: no script(1)"; exit 77; }
command -v jq >/dev/null || { echo "FAIL: jq is needed (scripts/deps installs it)"; exit 1; }
NS=rscert-ext-$$
ip netns add "$NS" 2>/dev/null || { echo "skipped: ip netns does not work"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/rscert-certify-ext-XXXXXX")
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	ip netns del "$NS" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
ip -n "$NS" link set lo up
CERT=$T/out/certificate.json
. "$(dirname "$0")/cert_expect.sh"
ADDRS=(--external --nva-addr 127.0.0.10 --instances 127.0.0.4,127.0.0.5 --port 1179 --iface lo)

# 1. BIRD as the appliance (no kernel protocol: it touches no routing table)
cat >"$T/bird.conf" <<'CONF'
router id 127.0.0.10;
protocol device { }
protocol static onprem {
	ipv4;
	route 10.100.0.0/24 blackhole;
	route 10.100.1.0/24 blackhole;
}
template bgp tpl_rs {
	local 127.0.0.10 as 65001;
	multihop;
	hold time 9;
	keepalive time 3;
	connect retry time 1;
	connect delay time 1;
	error wait time 1, 5;
	ipv4 { import all; export where proto = "onprem"; next hop self; };
}
protocol bgp rs0 from tpl_rs { neighbor 127.0.0.4 port 1179 as 65515; }
protocol bgp rs1 from tpl_rs { neighbor 127.0.0.5 port 1179 as 65515; }
CONF
ip netns exec "$NS" bird -f -c "$T/bird.conf" -s "$T/bird.ctl" >"$T/bird.out" 2>&1 &
PIDS+=($!)
rc=0
env -u NO_COLOR TERM=xterm ip netns exec "$NS" script -qfec \
	"$DRV certify --rsd $RSD ${ADDRS[*]} --no-react --window 30 --out $T/out" \
	"$T/tty.txt" >/dev/null 2>&1 </dev/null || rc=$?
cat -v "$T/tty.txt"
[ "$rc" = 0 ] || fail "appliance: exit $rc, expected 0"
[ "$(jq -r .certified "$CERT")" = true ] || fail "appliance: not certified"
[ "$(jq -r .nva.implementation "$CERT")" = external ] || fail "nva.implementation"
[ "$(jq -r .nva.address "$CERT")" = 127.0.0.10 ] || fail "nva.address"
[ "$(jq -r .nva.asn "$CERT")" = 65001 ] || fail "nva.asn observed"
[ "$(jq -r .nva.ttl "$CERT")" -ge 2 ] || fail "nva.ttl observed"
[ "$(jq '[.requirements[] | select(.id == "NVA-DATA-PATH")] | length' "$CERT")" = 0 ] ||
	fail "NVA-DATA-PATH in an external certificate"
expect NVA-TCP evidence "127.0.0.4"
expect NVA-OPEN evidence "TTL"
grep -q $'\r\033\\[K  IN_0 .* s left' "$T/tty.txt" || fail "no progress rewritten in place"
grep -q $'\033\\[32mPASS' "$T/tty.txt" || fail "no colour on a terminal"
echo "ok appliance on a terminal"

# 2. an appliance whose BGP waits for BFD: output not a terminal
kill "${PIDS[0]}"
wait "${PIDS[0]}" 2>/dev/null || true
PIDS=()
rm -rf "$T/out"
ip netns exec "$NS" "$BFDW" 127.0.0.10 127.0.0.4 127.0.0.5 30 &
PIDS+=($!)
rc=0
ip netns exec "$NS" "$DRV" certify --rsd "$RSD" "${ADDRS[@]}" --no-react --window 6 \
	--out "$T/out" >"$T/plain.txt" 2>&1 || rc=$?
cat "$T/plain.txt"
[ "$rc" = 1 ] || fail "bfd: exit $rc, expected 1"
failing=$(jq -r '[.requirements[] | select(.verdict == "FAIL") | .id] | join(" ")' "$CERT")
[ "$failing" = NVA-BFD ] || fail "bfd: failing '$failing', expected exactly NVA-BFD"
expect NVA-BFD fix "do not make the sessions wait for BFD"
expect NVA-BFD evidence "waits for BFD"
expect NVA-TCP verdict BLOCKED
grep -q '^  IN_0 .*routes' "$T/plain.txt" || fail "no plain progress line"
! grep -q $'[\r\033]' "$T/plain.txt" || fail "escape sequences or carriage returns when not a terminal"

# 3. a terminal with NO_COLOR: progress in place, verdicts without colour
rc=0
NO_COLOR=1 TERM=xterm ip netns exec "$NS" script -qfec \
	"$DRV certify --rsd $RSD ${ADDRS[*]} --no-react --window 3 --out $T/out" \
	"$T/nocolor.txt" >/dev/null 2>&1 </dev/null || rc=$?
[ "$rc" = 1 ] || fail "NO_COLOR: exit $rc, expected 1"
grep -q $'\r\033\\[K  IN_0 .* s left' "$T/nocolor.txt" || fail "NO_COLOR: no progress in place"
! grep -q $'\033\\[3[0-9]m' "$T/nocolor.txt" || fail "NO_COLOR: colour on a terminal"
grep -q '^  FAIL    NVA-BFD' "$T/nocolor.txt" || fail "NO_COLOR: no plain verdict"
echo "ok NO_COLOR on a terminal"
echo "PASS certify_external"
