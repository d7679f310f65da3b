#!/usr/bin/env bash
# rscert certify on a shipped example configuration (examples/NVA/FILE), run
# unchanged in the product's topology (network namespaces, root), with no
# hint on the command line. The file says what must come out:
#   # expect: CERTIFIED              every requirement PASS
#   # expect: FAIL NVA-X             exit 1, NVA-X FAIL, nothing else FAIL
#   # fix: TEXT                      NVA-X's fix holds TEXT
#   # evidence: NVA-Y TEXT           NVA-Y's evidence holds TEXT
#   # options: OPTION...             where the route server is (--instances,
#                                    --port), for a file made for other addresses
# usage: certify.sh RSCERT RSCERT_RSD EXAMPLE [EXTRA-OPTION...]
# exit 77 (skipped): not root, no `ip netns`, the implementation missing.
set -euo pipefail

DRV=$1
RSD=$2
EX=$3
shift 3
NVA=$(basename "$(dirname "$EX")")
[ "$(id -u)" = 0 ] || { echo "skipped: needs root"; exit 77; }
probe=rscert-probe-$$
ip netns add "$probe" 2>/dev/null && ip netns del "$probe" || { echo "skipped: ip netns does not work"; exit 77; }
case $NVA in
bird) command -v bird >/dev/null || { echo "skipped: no bird"; exit 77; } ;;
frr) [ -x /usr/lib/frr/bgpd ] || { echo "skipped: no FRR"; exit 77; } ;;
gobgp) command -v gobgpd >/dev/null && command -v gobgp >/dev/null || { echo "skipped: no gobgpd"; exit 77; } ;;
esac
command -v jq >/dev/null || { echo "FAIL: jq is needed (scripts/deps installs it)"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/rscert-certify-test-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
CERT=$T/certificate.json
. "$(dirname "$0")/cert_expect.sh"

expect_line=$(sed -n 's/^[#!] expect: //p' "$EX")
fix_line=$(sed -n 's/^[#!] fix: //p' "$EX")
extra=()
read -r -a where <<<"$(sed -n 's/^[#!] options: //p' "$EX")"
extra+=("${where[@]}")
# GoBGP's routes: EXAMPLE.routes, else the directory's nva.routes (the file
# a GoBGP example names in its header)
routes=${EX%.*}.routes
[ -f "$routes" ] || routes=$(dirname "$EX")/nva.routes
[ "$NVA" = gobgp ] && [ -f "$routes" ] && extra+=(--routes-file "$routes")
case $expect_line in CERTIFIED) ;; *) extra+=(--no-react) ;; esac
# The user's file sits in a directory only its owner may enter (a private
# home, a fresh `mktemp -d`): a daemon that reads it as another user (FRR's,
# as the frr user) must still get it, and the sha256 is still the file's.
P=$(mktemp -d "${TMPDIR:-/tmp}/rscert-certify-conf-XXXXXX")
trap 'rm -rf "$T" "$P"' EXIT INT TERM
chmod 700 "$P"
cp "$EX" "$P/"
CONF=$P/$(basename "$EX")
rc=0
t0=$SECONDS
"$DRV" certify --rsd "$RSD" --nva "$NVA" --config "$CONF" --out "$T" --window 20 \
	"${extra[@]}" "$@" >"$T/console.txt" 2>&1 || rc=$?
cat "$T/console.txt"
echo "certify run: $((SECONDS - t0)) s"
[ -f "$CERT" ] || { echo "FAIL: no certificate (exit $rc)"; exit 1; }
[ -f "$T/certificate.html" ] || fail "no certificate.html"
failing=$(jq -r '[.requirements[] | select(.verdict == "FAIL") | .id] | join(" ")' "$CERT")
[ "$(jq -r .config.sha256 "$CERT")" = "$(sha256sum "$EX" | cut -d' ' -f1)" ] || fail "sha256"
[ "$(jq -r .rscertVersion "$CERT")" != unknown ] || fail "rscertVersion unknown"
case $expect_line in
CERTIFIED)
	[ "$rc" = 0 ] || fail "exit status $rc, expected 0"
	[ -z "$failing" ] || fail "failing: $failing"
	[ "$(jq '[.requirements[] | select(.verdict != "PASS")] | length' "$CERT")" = 0 ] ||
		fail "not every requirement PASS"
	grep -q "^CERTIFIED" "$T/console.txt" || fail "console verdict"
	[ "$(jq -r .nva.asn "$CERT")" = "$(jq -r .peerAsn "$CERT")" ] || fail "observed AS"
	;;
"FAIL "*)
	id=${expect_line#FAIL }
	[ "$rc" = 1 ] || fail "exit status $rc, expected 1"
	[ "$failing" = "$id" ] || fail "failing: '$failing', expected exactly $id"
	expect "$id" fix "$fix_line"
	grep -q "how to fix: .*$fix_line" "$T/console.txt" || fail "console fix"
	grep -q "^NOT CERTIFIED" "$T/console.txt" || fail "console verdict"
	;;
*) echo "FAIL: $EX has no '# expect:' line"; exit 1 ;;
esac
# "# evidence: NVA-X TEXT": NVA-X's evidence holds TEXT
while read -r id text; do
	[ -n "$id" ] && expect "$id" evidence "$text"
done < <(sed -n 's/^[#!] evidence: //p' "$EX")
echo "PASS $EX"
