#!/usr/bin/env bash
# rscert certify --netns: the reference server and BIRD 2 as the NVA in
# network namespaces (harness/h_netns*), judged by the NVA's real kernel and
# a VM's ping through the NVA.
# usage: certify_netns.sh RSCERT RSCERT_RSD SCENARIO
#   ok         with the static route 10.0.255.0/27 via 10.0.1.1: exit 0, all
#              11 requirements PASS, NVA-STATIC-ROUTE and NVA-DATA-PATH read
#              from the kernel and the ping
#   no_static  without it: NVA-STATIC-ROUTE FAIL with the NVA's unreachable
#              10.0.0.0/16, NVA-DATA-PATH FAIL, both fixes name the route
# Both assert that the run's namespaces are gone afterwards.
# exit 77 (skipped): not root, `ip netns` does not work, no bird or ping.
set -euo pipefail

DRV=$1
RSD=$2
SC=$3
[ "$(id -u)" = 0 ] || { echo "skipped: needs root"; exit 77; }
probe=rscert-probe-$$
ip netns add "$probe" 2>/dev/null && ip netns del "$probe" || { echo "skipped: ip netns does not work"; exit 77; }
command -v bird >/dev/null || { echo "skipped: no bird"; exit 77; }
command -v ping >/dev/null || { echo "skipped: no ping"; exit 77; }
command -v jq >/dev/null || { echo "FAIL: jq is needed (scripts/deps installs it)"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/rscert-certify-netns-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
CERT=$T/certificate.json
rc=0
run() {
	local t0=$SECONDS pid
	"$DRV" certify --rsd "$RSD" --adapter bird --netns --out "$T" "$@" >"$T/console.txt" 2>&1 &
	pid=$!
	wait $pid || rc=$?
	cat "$T/console.txt"
	echo "certify run: $((SECONDS - t0)) s"
	if ip netns list | grep -q "^rscert-$pid-"; then
		ip netns list
		fail "the run's namespaces are still there"
	fi
}
# fail, field, expect
. "$(dirname "$0")/../certify/cert_expect.sh"

case $SC in
ok)
	run --window 20 --nva-static 10.0.255.0/27 via 10.0.1.1
	[ "$rc" = 0 ] || fail "exit status $rc, expected 0"
	[ "$(jq -r .nva.network "$CERT")" = netns ] || fail "network is not netns"
	[ "$(jq '.requirements | length' "$CERT")" = 11 ] || fail "not 11 requirements"
	[ "$(jq '[.requirements[] | select(.verdict == "PASS")] | length' "$CERT")" = 11 ] ||
		fail "not every requirement PASS"
	expect NVA-STATIC-ROUTE evidence "route get 10.0.255.4: 10.0.255.4 via 10.0.1.1 dev eth0"
	expect NVA-STATIC-ROUTE evidence "(ping answered)"
	expect NVA-STATIC-ROUTE evidence "10.0.0.0/16 via 10.0.1.1 dev eth0 proto bird"
	expect NVA-DATA-PATH evidence "10 route(s) programmed"
	expect NVA-DATA-PATH evidence "3 received"
	expect NVA-DATA-PATH evidence "10.0.2.4 via 10.0.1.1"
	;;
no_static)
	run --window 15
	[ "$rc" = 1 ] || fail "exit status $rc, expected 1"
	[ "$(field NVA-STATIC-ROUTE verdict)" = FAIL ] || fail "NVA-STATIC-ROUTE is not FAIL"
	expect NVA-STATIC-ROUTE evidence "unreachable 10.0.0.0/16 proto bird"
	expect NVA-STATIC-ROUTE evidence "No route to host"
	expect NVA-STATIC-ROUTE fix "add the static route 10.0.255.0/27 via 10.0.1.1 on the NVA"
	[ "$(field NVA-DATA-PATH verdict)" = FAIL ] || fail "NVA-DATA-PATH is not FAIL"
	expect NVA-DATA-PATH fix "add the static route 10.0.255.0/27 via 10.0.1.1"
	grep -q "how to fix: add the static route 10.0.255.0/27 via 10.0.1.1" "$T/console.txt" ||
		fail "no fix line on the console"
	;;
*) echo "unknown scenario $SC"; exit 2 ;;
esac
echo "PASS $SC"
