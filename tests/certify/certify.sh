#!/usr/bin/env bash
# rscert certify against real NVAs (BIRD 2, FRR bgpd, GoBGP) on loopback.
# usage: certify.sh CERTIFY RSCERT_RSD SCENARIO
#   CERTIFY is the `rscert` runner (`rscert certify OPTIONS...`);
#   exit 77 (skipped) only when the scenario's daemon is missing.
# Every scenario asserts the verdict of its requirement and the text of its
# evidence and fix in certificate.json (jq), not only the exit status.
#   ADAPTER_ok              correct configuration: exit 0, CERTIFIED, all 10 PASS
#   bird_asn_65515          AS 65515: NVA-ASN FAIL (ARS-ASN-SAME), fix names a usable ASN
#   ADAPTER_asn_reserved    AS 65517 (frr) / 23456 (gobgp): refused by the server, fix names a usable ASN
#   ADAPTER_one_instance    IN_0 only: NVA-BOTH-INSTANCES FAIL, fix names both instances
#   ADAPTER_routes_250      250 routes > 200: NVA-ROUTE-LIMIT FAIL with the server's limit line
#   ADAPTER_no_static       no static route: NVA-STATIC-ROUTE FAIL naming the route
#   bird_slow_reconnect     reconnect after 30 s: NVA-REACT-HOLD FAIL, fix names the timers
set -euo pipefail

DRV=$1
RSD=$2
SC=$3
AD=${SC%%_*}
have() { command -v "$1" >/dev/null 2>&1 || [ -x "$1" ]; }
case $AD in
bird) have bird || { echo "no bird"; exit 77; } ;;
gobgp) have gobgpd && have gobgp || { echo "no gobgpd"; exit 77; } ;;
frr) have bgpd || have /usr/lib/frr/bgpd || have /usr/sbin/bgpd || have /usr/local/sbin/bgpd ||
	{ echo "no FRR bgpd"; exit 77; } ;;
*) echo "unknown adapter in $SC"; exit 2 ;;
esac
command -v jq >/dev/null || { echo "FAIL: jq is needed (scripts/deps installs it)"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/rscert-certify-test-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
CERT=$T/certificate.json
STATIC=(--nva-static 10.0.255.0/27 via 10.0.1.1)
rc=0
run() {
	local t0=$SECONDS
	"$DRV" certify --rsd "$RSD" --adapter "$AD" --out "$T" "$@" >"$T/console.txt" 2>&1 || rc=$?
	cat "$T/console.txt"
	echo "certify run: $((SECONDS - t0)) s"
}
# fail, field, expect
. "$(dirname "$0")/cert_expect.sh"
all_pass() {
	[ "$rc" = 0 ] || fail "exit status $rc, expected 0"
	[ "$(jq -r .certified "$CERT")" = true ] || fail "not certified"
	[ "$(jq '.requirements | length' "$CERT")" = 10 ] || fail "not 10 requirements"
	[ "$(jq '[.requirements[] | select(.verdict == "PASS")] | length' "$CERT")" = 10 ] ||
		fail "not every requirement PASS"
	[ "$(jq '[.requirements[] | select(.fix != "")] | length' "$CERT")" = 0 ] ||
		fail "a fix line on a PASS"
	expect NVA-IDENTICAL evidence "10 routes on each instance"
	expect NVA-REACT-NOTIFICATION evidence "code=6 subcode=3"
	expect NVA-REACT-NOTIFICATION evidence "10 and 10 routes as before"
	expect NVA-REACT-HOLD evidence "the NVA closed IN_0 after"
	expect NVA-REACT-HOLD evidence "negotiated hold time 9 s"
	expect NVA-REACT-INSTANCE evidence "IN_0 stayed Established"
	grep -q "^CERTIFIED" "$T/console.txt" || fail "console verdict"
}
expect_fail() {
	[ "$rc" = 1 ] || fail "exit status $rc, expected 1"
	[ "$(field "$1" verdict)" = FAIL ] || fail "$1 is not FAIL"
	[ "$(jq -r .certified "$CERT")" = false ] || fail "certified despite $1"
	grep -q "^NOT CERTIFIED" "$T/console.txt" || fail "console verdict"
}
# a reserved ASN: refused when the peering is configured, nothing else checked
asn_refused() {
	run --nva-asn "$1" --window 10 "${STATIC[@]}"
	expect_fail NVA-ASN
	expect NVA-ASN evidence "the server refused peering with AS $1"
	expect NVA-ASN evidence "ARS-ASN-RESERVED"
	expect NVA-ASN fix "use a private ASN not reserved by ARS-ASN-RESERVED, e.g. 65001"
	[ "$(field NVA-BOTH-INSTANCES verdict)" = SKIP ] || fail "sessions checked without a peering"
	grep -q "how to fix: use a private ASN" "$T/console.txt" || fail "console fix"
}

case $SC in
*_ok)
	run --window 40 --react-window 20 "${STATIC[@]}"
	all_pass
	case $AD in
	bird) expect_version='BIRD version 2' ;;
	frr) expect_version='bgpd version' ;;
	gobgp) expect_version='gobgpd version' ;;
	esac
	case $(jq -r .nva.version "$CERT") in "$expect_version"*) ;; *) fail "version" ;; esac
	# the generated configuration is kept beside the certificate
	case $AD in
	bird) conf=bird.conf want='multihop;' ;;
	frr) conf=bgpd.conf want='timers connect 1' ;;
	gobgp) conf=gobgp.toml want='multihop-ttl = 16' ;;
	esac
	grep -q "$want" "$T/$conf" || fail "$conf not kept or without '$want'"
	grep -q "the NVA's configuration: $T/$conf" "$T/console.txt" || fail "console names $conf"
	;;
bird_asn_65515) # accepted by the server, but no usable routes (ARS-ASN-SAME)
	run --nva-asn 65515 --window 5 --no-react "${STATIC[@]}"
	expect_fail NVA-ASN
	expect NVA-ASN evidence "AS 65515 is the route server's own ASN"
	expect NVA-ASN evidence "ARS-ASN-SAME"
	expect NVA-ASN fix "use a different ASN on the NVA, e.g. 65001"
	grep -q "how to fix: use a different ASN on the NVA" "$T/console.txt" || fail "console fix"
	;;
frr_asn_reserved) asn_refused 65517 ;;
gobgp_asn_reserved) asn_refused 23456 ;;
*_one_instance)
	run --one-instance --window 10 "${STATIC[@]}"
	expect_fail NVA-BOTH-INSTANCES
	expect NVA-BOTH-INSTANCES evidence "IN_0 Established, IN_1 "
	expect NVA-BOTH-INSTANCES fix "configure one BGP neighbor per instance, IN_0 at 127."
	expect NVA-IDENTICAL verdict FAIL
	[ "$(field NVA-REACT-NOTIFICATION verdict)" = SKIP ] || fail "reactions checked on one session"
	grep -q "how to fix: configure one BGP neighbor per instance" "$T/console.txt" ||
		fail "console fix"
	;;
*_routes_250)
	run --routes 250 --window 12 --no-react "${STATIC[@]}"
	expect_fail NVA-ROUTE-LIMIT
	expect NVA-ROUTE-LIMIT evidence "event=limit peer=nva rule=ARS-LIMIT-ROUTES"
	expect NVA-ROUTE-LIMIT fix "advertise at most 180 routes (profile faq-2021-02 limit 200"
	;;
*_no_static)
	run --window 40 --no-react --nva-gateway 10.0.1.1
	expect_fail NVA-STATIC-ROUTE
	expect NVA-STATIC-ROUTE evidence "recursion loop"
	expect NVA-STATIC-ROUTE fix "add the static route 10.0.255.0/27 via 10.0.1.1 on the NVA"
	[ "$(field NVA-BOTH-INSTANCES verdict)" = PASS ] || fail "sessions should be up"
	[ "$(field NVA-REACT-HOLD evidence)" = "not checked (--no-react)" ] || fail "--no-react"
	;;
bird_slow_reconnect)
	# BIRD waits 30 s after its own hold timer expired (and refuses the
	# instances' connections meanwhile); after the server's Cease the
	# instances connect to it, so NVA-REACT-NOTIFICATION may still pass
	run --window 40 --nva-reconnect 30 --react-window 6 "${STATIC[@]}"
	expect_fail NVA-REACT-HOLD
	expect NVA-REACT-HOLD evidence "the NVA closed IN_0 after"
	expect NVA-REACT-HOLD evidence "not back within 6 s of the server resuming"
	expect NVA-REACT-HOLD fix "set the NVA's connect-retry and idle-hold timers below 6 s"
	expect NVA-REACT-HOLD fix "BIRD: connect retry time 1; error wait time 1, 5;"
	[ "$(field NVA-REACT-INSTANCE verdict)" = SKIP ] || fail "NVA-REACT-INSTANCE checked without sessions"
	[ "$(field NVA-BOTH-INSTANCES verdict)" = PASS ] || fail "sessions should have been up"
	;;
*) echo "unknown scenario $SC"; exit 2 ;;
esac
echo "PASS $SC"
