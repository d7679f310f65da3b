#!/usr/bin/env bash
# load_discard.sh LOAD DISCARD: rscert-load with 2 feeders x 1000 prefixes,
# no sinks, announce, withdraw and re-announce, against rscert-discard
# --count on loopback. Checks that both succeed, that the server read every
# byte the driver wrote, and counted every announcement and withdrawal.
set -euo pipefail
load=$1
discard=$2
tmp=$(mktemp -d)
disc_pid=
cleanup() {
	[ -n "$disc_pid" ] && kill "$disc_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*" >&2
	for f in "$tmp"/*; do echo "== ${f##*/}" >&2; cat "$f" >&2; done
	exit 1
}
num() { # num FILE KEY: the first number after "KEY": in a JSON file
	sed -n "s/.*\"$2\": \([0-9.]*\).*/\1/p" "$1" | head -1
}

# loopback only
if "$discard" --listen 10.0.0.1:0 --sessions 1 --timeout 1 >"$tmp/refused.out" 2>&1; then
	fail "rscert-discard listened on a non-loopback address"
fi

# churn is timed at sinks: refused without one (usage, exit 2)
rc=0
"$load" --server 127.0.0.1 --port 1 --sinks 0 --churn-rate 10 --churn-time 1 \
	>"$tmp/churn.out" 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "--sinks 0 with churn: exit $rc, want 2"

# a bad number is refused with the option and its range named (exit 2)
rc=0
"$load" --server 127.0.0.1 --port 1 --hold 9x >"$tmp/bad.out" 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "--hold 9x: exit $rc, want 2"
grep -q -- "--hold: not a whole number in 0..65535: '9x'" "$tmp/bad.out" ||
	fail "--hold 9x: no clear error: $(cat "$tmp/bad.out")"

rc=0
"$discard" --listen 127.0.0.1:0 --timeout 1s >"$tmp/bad2.out" 2>&1 || rc=$?
[ "$rc" != 0 ] || fail "rscert-discard --timeout 1s: accepted"
grep -q -- "--timeout: not a number in 0..86400: '1s'" "$tmp/bad2.out" ||
	fail "rscert-discard --timeout 1s: no clear error: $(cat "$tmp/bad2.out")"

# the server prints its port first; wait for that line (no sleeps)
exec 3< <(exec "$discard" --listen 127.0.0.1:0 --sessions 2 --count --timeout 20 \
	--json "$tmp/discard.json" 2>"$tmp/discard.err")
disc_pid=$!
read -r -t 10 -u 3 line || fail "rscert-discard did not start"
port=${line##*:}
[[ $port =~ ^[0-9]+$ ]] || fail "bad first line: $line"

label=$'rs "quoted" back\\slash\x01ctl'
"$load" --server 127.0.0.1 --port "$port" --src 127.1.0.1 --peers 2 --prefixes 1000 \
	--label "$label" --sinks 0 --cycle --hold 0 --progress 0 --timeout 10 --setup-timeout 5 \
	--json "$tmp/load.json" >"$tmp/load.out" 2>"$tmp/load.err" || fail "rscert-load failed"
cat <&3 >"$tmp/discard.out"
wait "$disc_pid" || fail "rscert-discard failed"
disc_pid=

sent=$(num "$tmp/load.json" sent_bytes)
got=$(num "$tmp/discard.json" bytes)
[ -n "$sent" ] && [ "$sent" -gt 0 ] || fail "the driver reports no bytes sent"
[ "$sent" = "$got" ] || fail "driver wrote $sent bytes, server read $got"
[ "$(num "$tmp/discard.json" accepted)" = 2 ] || fail "sessions accepted"
[ "$(num "$tmp/discard.json" prefixes)" = 4000 ] || fail "announced prefixes (want 2 x 2000)"
[ "$(num "$tmp/discard.json" withdrawn)" = 2000 ] || fail "withdrawn prefixes (want 2000)"
[ "$(num "$tmp/discard.json" malformed)" = 0 ] || fail "malformed messages"
[ "$(num "$tmp/discard.json" opens)" = 2 ] || fail "OPEN count"
[ "$(grep -c '"converged": true' "$tmp/load.json")" = 3 ] || fail "phases not all converged"
grep -q '"name": "announce"' "$tmp/load.json" || fail "no announce phase"
# the label is the user's text: escaped in the JSON, read back exactly
python3 -c 'import json, sys
sys.exit(json.load(open(sys.argv[1]))["label"] != sys.argv[2])' "$tmp/load.json" "$label" ||
	fail "the label did not survive the JSON: $(grep label "$tmp/load.json")"
rc=0
"$load" --server 127.0.0.1 --port 1 --label $'bad\xff' >"$tmp/label.out" 2>&1 || rc=$?
[ "$rc" = 2 ] && grep -q -- "--label: not valid UTF-8" "$tmp/label.out" ||
	fail "--label with invalid UTF-8: exit $rc: $(cat "$tmp/label.out")"
echo "ok: $sent bytes, 4000 announcements and 2000 withdrawals counted"
