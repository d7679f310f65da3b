#!/usr/bin/env bash
# rscert certify against real NVAs (BIRD 2, GoBGP) on loopback.
# usage: certify.sh RSCERT RSCERT_RSD SCENARIO   exit 77 when the daemon is missing
#   bird_ok      BIRD, correct config       -> exit 0, every requirement PASS
#   gobgp_ok     GoBGP, correct config      -> exit 0, every requirement PASS
#   one_instance BIRD peers with IN_0 only  -> NVA-BOTH-INSTANCES FAIL with the fix
#   routes_250   BIRD announces 250 routes  -> NVA-ROUTE-LIMIT FAIL
#   no_static    no static route given      -> NVA-STATIC-ROUTE FAIL naming the route
set -euo pipefail

RSCERT=$1
RSD=$2
SC=$3
case $SC in
gobgp_ok) command -v gobgpd >/dev/null && command -v gobgp >/dev/null || { echo "no gobgpd"; exit 77; } ;;
*) command -v bird >/dev/null || { echo "no bird"; exit 77; } ;;
esac

T=$(mktemp -d "${TMPDIR:-/tmp}/rscert-certify-test-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
STATIC=(--nva-static 10.0.255.0/27 via 10.0.1.1)
rc=0
run() { "$RSCERT" certify --rsd "$RSD" --out "$T" "$@" >"$T/console.txt" 2>&1 || rc=$?; cat "$T/console.txt"; }
fail() { echo "FAIL: $*"; cat "$T/certificate.json" 2>/dev/null || true; exit 1; }
# verdict ID: the verdict of one requirement in the certificate
verdict() { grep -o "\"id\": \"$1\"[^}]*\"verdict\": \"[A-Z]*\"" "$T/certificate.json" | grep -o '[A-Z]*"$' | tr -d '"'; }
all_pass() {
	[ "$rc" = 0 ] || fail "exit status $rc, expected 0"
	grep -q '"certified": true' "$T/certificate.json" || fail "not certified"
	[ "$(grep -c '"verdict": "PASS"' "$T/certificate.json")" = 7 ] || fail "not every requirement PASS"
}
expect_fail() {
	[ "$rc" = 1 ] || fail "exit status $rc, expected 1"
	[ "$(verdict "$1")" = FAIL ] || fail "$1 is not FAIL"
	grep -q '"certified": false' "$T/certificate.json" || fail "certified despite $1"
}

case $SC in
bird_ok)
	run --adapter bird --window 40 "${STATIC[@]}"
	all_pass
	grep -q '"version": "BIRD version 2' "$T/certificate.json" || fail "no BIRD version"
	;;
gobgp_ok)
	run --adapter gobgp --window 40 "${STATIC[@]}"
	all_pass
	grep -q '"version": "gobgpd version' "$T/certificate.json" || fail "no GoBGP version"
	;;
one_instance)
	run --adapter bird --one-instance --window 10 "${STATIC[@]}"
	expect_fail NVA-BOTH-INSTANCES
	grep -q '"id": "NVA-BOTH-INSTANCES".*"evidence": "IN_0 Established, IN_1 [A-Za-z]*".*"fix": "configure one BGP neighbor per instance' \
		"$T/certificate.json" || fail "evidence or fix text"
	grep -q "how to fix: configure one BGP neighbor per instance" "$T/console.txt" || fail "console fix"
	;;
routes_250)
	run --adapter bird --routes 250 --window 12 "${STATIC[@]}"
	expect_fail NVA-ROUTE-LIMIT
	grep -q '"id": "NVA-ROUTE-LIMIT".*event=limit peer=nva rule=ARS-LIMIT-ROUTES' "$T/certificate.json" ||
		fail "no limit evidence"
	;;
no_static)
	run --adapter bird --window 40 --nva-gateway 10.0.1.1
	expect_fail NVA-STATIC-ROUTE
	grep -q '"id": "NVA-STATIC-ROUTE".*"fix": "add the static route 10.0.255.0/27 via 10.0.1.1' \
		"$T/certificate.json" || fail "fix does not name the static route"
	[ "$(verdict NVA-BOTH-INSTANCES)" = PASS ] || fail "sessions should be up"
	;;
*) echo "unknown scenario $SC"; exit 2 ;;
esac
echo "PASS $SC"
