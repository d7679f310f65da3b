#!/usr/bin/env bash
# rsd_daemon.sh RSD RSCTL WORK: rscert-rsd as a daemon (docs/CONTROL.md,
# docs/REFERENCE.md): it detaches and lets its caller go, writes a pidfile
# with the pid its log and `ping` give, keeps its control socket 0600 and its
# log 0640 whatever the umask, never takes over a live socket but replaces a
# stale one, limits control connections with a clear error, answers an
# over-long request with a JSON error, and names the real error in rsctl.
set -u
rsd=$1 rsctl=$2 work=$(realpath -m "$3")
rm -rf "$work" && mkdir -p "$work"
fails=0 pids=()
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
cleanup() {
	# never "kill 0" (the whole process group, ctest included)
	for p in "${pids[@]}"; do [[ $p =~ ^[1-9][0-9]*$ ]] && kill "$p" 2>/dev/null; done
	[ -n "${holder:-}" ] && kill "$holder" 2>/dev/null
}
trap cleanup EXIT
# gone PID: wait (bounded) until the process has ended
gone() { timeout 10 bash -c "while kill -0 $1 2>/dev/null; do sleep 0.02; done"; }
# addresses of this run's own in 127.121/16, which the runner never claims
# (checkouts test in parallel on one machine)
net=$((2 * ($$ % 120)))
conf() { # conf FILE ADDR-BYTE
	cat >"$1" <<EOC
asn 65515
subnet 10.0.255.0/27
instance 0 10.0.255.4 listen 127.121.$((net + $2)).4
instance 1 10.0.255.5 listen 127.121.$((net + $2)).5
port 1179
vnet 10.0.0.0/16
peer nva1 127.121.$((net + $2)).10 asn 65001
control $work/rs.sock
log $work/rs.log
EOC
}
conf "$work/a.conf" 1
conf "$work/b.conf" 2

# the caller gets its prompt back even with stderr captured (the daemon
# must not keep the caller's streams), and umask 000 changes nothing
# (the capture runs in a bash that timeout can end: a daemon that keeps the
# inner pipe open then makes exit 124, not a hang)
out=$(umask 000; timeout 10 bash -c 'o=$("$0" -c "$1" --pidfile "$2" 2>&1); r=$?; echo "$o"; exit $r' \
	"$rsd" "$work/a.conf" "$work/rs.pid" 2>&1)
rc=$?
[ "$rc" = 0 ] || fail "rscert-rsd in the background: exit $rc (124: it kept the caller's stderr): $out"
pid=$(cat "$work/rs.pid" 2>/dev/null) || fail "no pidfile"
pids+=("${pid:-0}")
kill -0 "${pid:-0}" 2>/dev/null || fail "the pidfile's pid $pid is not running"
ping=$("$rsctl" --socket "$work/rs.sock" ping) || fail "ping: $ping"
grep -q "\"pid\": $pid\$" <<<"$ping" || fail "ping names another pid than the pidfile ($pid): $ping"
grep -q "event=start pid=$pid " "$work/rs.log" || fail "the log's start event names another pid: $(grep event=start "$work/rs.log")"
[ "$(stat -c %a "$work/rs.sock")" = 600 ] || fail "control socket mode $(stat -c %a "$work/rs.sock") under umask 000, want 600"
[ "$(stat -c %a "$work/rs.log")" = 640 ] || fail "log mode $(stat -c %a "$work/rs.log") under umask 000, want 640"

# IPv6: the product has none; the configuration refuses the product's own
# space in IPv6 with file:line and the rule, as the control socket does
sed 's|^vnet 10.0.0.0/16$|vnet 10.0.0.0/16 2001:db8::/48|' "$work/a.conf" >"$work/v6.conf"
out=$("$rsd" -c "$work/v6.conf" --check 2>&1)
rc=$?
[ "$rc" = 2 ] && grep -q "v6.conf:6: ARS-NO-IPV6: vnet: '2001:db8::/48' is an IPv6 prefix" <<<"$out" ||
	fail "vnet with an IPv6 prefix: exit $rc: $out"
out=$("$rsctl" --socket "$work/rs.sock" vnet-peering create --name v6 --prefixes 2001:db8::/48 2>&1)
rc=$?
[ "$rc" = 1 ] || fail "the control socket took an IPv6 prefix: exit $rc: $out"

# another user cannot use it, and rsctl says why
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	chmod o+x "$work"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$rsctl" --socket "$work/rs.sock" \
		peering create --name evil --peer-ip 127.121.$((net + 1)).66 --peer-asn 65066 2>&1)
	rc=$?
	[ "$rc" = 3 ] && grep -q "Permission denied" <<<"$out" ||
		fail "another user: exit $rc, want 3 naming EACCES: $out"
fi

# a second daemon on the same control path is refused; the first still answers
out=$(timeout 10 bash -c 'o=$("$0" -c "$1" 2>&1); r=$?; echo "$o"; exit $r' "$rsd" "$work/b.conf" 2>&1)
rc=$?
[ "$rc" = 0 ] && pids+=("$(pgrep -nf -- "-c $work/b.conf")")
[ "$rc" = 2 ] && grep -q "another daemon answers there; refusing to start" <<<"$out" ||
	fail "a second daemon on a live socket: exit $rc: $out"
"$rsctl" --socket "$work/rs.sock" ping >/dev/null || fail "the first daemon lost its socket"

# over-long request: a JSON error, not a reset
python3 - "$work/rs.sock" <<'EOP' || fail "over-long request"
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(b"ping " + b"x" * 5000 + b"\n")
data = b""
while True:
    b = s.recv(4096)
    if not b: break
    data += b
ans = json.loads(data)
assert "too long" in ans["error"], ans
EOP

# `ping extra` names the extra word
out=$("$rsctl" --socket "$work/rs.sock" raw ping extra 2>&1)
rc=$?
[ "$rc" = 1 ] && grep -q "ping takes no argument: unexpected 'extra'" <<<"$out" ||
	fail "raw ping extra: exit $rc: $out"

# many idle control connections: a clear error, not a silent wait
exec 4< <(exec python3 - "$work/rs.sock" <<'EOP'
import socket, sys, time
held = []
for i in range(200):
    s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); held.append(s)
print("held", flush=True)
time.sleep(60)
EOP
)
holder=$!
read -r -t 10 -u 4 line || fail "could not open idle connections"
out=$(timeout 10 "$rsctl" --socket "$work/rs.sock" ping 2>&1)
rc=$?
[ "$rc" = 1 ] && grep -q "too many control connections" <<<"$out" ||
	fail "ping with 200 idle connections: exit $rc: $out"
kill "$holder"; holder=

# SIGKILL leaves a stale socket: the next daemon replaces it
kill -9 "$pid"; gone "$pid"
[ -S "$work/rs.sock" ] || fail "no stale socket left to test with"
out=$(timeout 10 "$rsd" -c "$work/a.conf" --pidfile "$work/rs.pid" 2>&1) ||
	fail "a stale socket blocks the start: $out"
pid=$(cat "$work/rs.pid"); pids+=("$pid")
"$rsctl" --socket "$work/rs.sock" ping >/dev/null || fail "no answer after a stale socket"
kill "$pid"; gone "$pid" || fail "SIGTERM did not stop the daemon"
[ ! -e "$work/rs.pid" ] || fail "the pidfile stayed after the daemon stopped"

# --exit-with-parent: a foreground daemon ends when its parent dies
bash -c "\"$rsd\" -c \"$work/b.conf\" --foreground --exit-with-parent --pidfile \"$work/b.pid\" & wait" \
	2>/dev/null &
parent=$!
timeout 10 bash -c "until [ -s \"$work/b.pid\" ]; do sleep 0.02; done" || fail "no pidfile (foreground)"
child=$(cat "$work/b.pid" 2>/dev/null); pids+=("${child:-0}")
kill -9 "$parent"
gone "${child:-0}" || fail "the daemon outlived its parent"

[ "$fails" = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "ok"
