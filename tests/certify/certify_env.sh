#!/usr/bin/env bash
# rscert certify: environment errors end with exit 2, no certificate and a
# message naming the cause.
#   a wrong binary first on PATH (its --version is not the implementation's):
#   `bird`, `gobgpd`
#   a `bgpd` of another package first on PATH: FRR's own is used instead
#   (that run certifies nothing: exit 1)
#   a daemon that cannot start: BIRD refuses the file, gobgpd exits on it
#   a configuration file that cannot be read
# usage: certify_env.sh RSCERT RSCERT_RSD EXAMPLES_DIR
set -euo pipefail

DRV=$1
RSD=$2
EXD=$3
[ "$(id -u)" = 0 ] || { echo "skipped: needs root"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/rscert-certify-env-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
mkdir "$T/bin"
for b in bird bgpd gobgpd; do
	printf '#!/bin/sh\necho "%s from another package 1.0"\nexit 0\n' "$b" >"$T/bin/$b"
	chmod +x "$T/bin/$b"
done
env_error() { # NAME EXPECTED-TEXT OPTIONS...
	local name=$1 want=$2 rc=0
	shift 2
	rm -rf "$T/out"
	"$DRV" certify --rsd "$RSD" --out "$T/out" --window 5 "$@" >"$T/console" 2>&1 || rc=$?
	cat "$T/console"
	[ "$rc" = 2 ] || { echo "FAIL $name: exit $rc, expected 2"; exit 1; }
	[ ! -e "$T/out/certificate.json" ] || { echo "FAIL $name: a certificate was written"; exit 1; }
	grep -qF -- "$want" "$T/console" || { echo "FAIL $name: no '$want'"; exit 1; }
	grep -q "no certificate written" "$T/console" || { echo "FAIL $name: no 'no certificate'"; exit 1; }
	echo "ok $name"
}
if command -v bird >/dev/null; then
	PATH="$T/bin:$PATH" env_error wrong-bird "$T/bin/bird is not bird" \
		--nva bird --config "$EXD/bird/nva.conf"
	printf 'router id 10.0.1.4;\nprotocol bgp { nonsense }\n' >"$T/broken.conf"
	env_error bird-cannot-start "refuses the configuration" --nva bird --config "$T/broken.conf"
fi
if command -v gobgpd >/dev/null && command -v gobgp >/dev/null; then
	PATH="$T/bin:$PATH" env_error wrong-gobgpd "$T/bin/gobgpd is not gobgp" \
		--nva gobgp --config "$EXD/gobgp/nva.toml"
	printf '[global.config]\n  as = "not a number"\n' >"$T/broken.toml"
	env_error gobgpd-cannot-start "did not answer: the daemon exited" \
		--nva gobgp --config "$T/broken.toml"
fi
if [ -x /usr/lib/frr/bgpd ]; then
	# FRR's own bgpd runs (an empty file: nothing to certify, exit 1, not 2)
	printf 'hostname nva\n' >"$T/empty-frr.conf"
	rc=0
	PATH="$T/bin:$PATH" "$DRV" certify --rsd "$RSD" --out "$T/out" --window 3 --no-react \
		--nva frr --config "$T/empty-frr.conf" >"$T/console" 2>&1 || rc=$?
	cat "$T/console"
	[ "$rc" = 1 ] || { echo "FAIL frr-not-path: exit $rc, expected 1"; exit 1; }
	grep -q "^rscert certify: frr (bgpd version [0-9]" "$T/console" ||
		{ echo "FAIL frr-not-path: not FRR's own bgpd"; exit 1; }
	echo "ok frr-not-path"
fi
env_error no-config "--config $T/none cannot be read" --nva bird --config "$T/none"
echo "PASS certify_env"
