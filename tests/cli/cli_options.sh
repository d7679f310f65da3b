#!/usr/bin/env bash
# cli_options.sh BINDIR CASES WORK: the command lines of rscert, rsctl,
# rscert-rsd, rscert-load and rscert-discard (docs/HARNESS.md "Command
# lines"): --help exits 0 with one line per option, --version names the
# commit, --opt=value works, unknown options and bad numbers are named with
# the allowed range, fault names are checked before anything runs.
set -u
bin=$1 cases=$2 work=$(realpath -m "$3")
rscert=$bin/harness/rscert rsd=$bin/reference/rscert-rsd rsctl=$bin/reference/rsctl
load=$bin/load/rscert-load discard=$bin/load/rscert-discard
rm -rf "$work" && mkdir -p "$work"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# expect RC PATTERN CMD...: exit status RC and PATTERN (grep -E) in stdout+stderr
expect() {
	local want=$1 pat=$2 rc=0
	shift 2
	"$@" >"$work/out" 2>&1 || rc=$?
	[ "$rc" = "$want" ] || { fail "$* exited $rc, want $want: $(head -3 "$work/out")"; return; }
	grep -Eq -- "$pat" "$work/out" || fail "$*: no '$pat' in: $(head -5 "$work/out")"
}

# --help: exit 0, the options one per line; --version: the commit
for p in "$rscert run" "$rscert list" "$rsctl" "$rsd" "$load" "$discard" "$rscert load" \
	"$rscert discard"; do
	expect 0 '^  (-., )?    --help|^  -h, --help ' $p --help
	expect 0 ' [0-9]+\.[0-9]+\.[0-9]+ \(commit [0-9a-f]{7,}|unknown\)' $p --version
done
expect 0 '^usage: rscert COMMAND' "$rscert" --help
expect 0 '^usage: rscert certify' "$rscert" certify --help
expect 0 '^usage: rscert repro ID --from OUT --to DIR' "$rscert" repro --help
expect 0 '^rscert [0-9.]+ \(commit ' "$rscert" --version
expect 0 '--server-fault NAME +make the reference' "$rscert" run --help
expect 0 '--pidfile FILE' "$rsd" --help

# unknown options and commands are named
expect 2 "unknown option --foo" "$rscert" run --foo
expect 2 "unknown option --foo" "$load" --foo
expect 2 "unknown option --foo" "$discard" --foo
expect 2 "unknown option --foo" "$rsd" --foo
expect 2 "unknown option --foo" "$rsctl" --foo ping
expect 2 "unknown command 'frob' \(run, list" "$rscert" frob
expect 2 "option --port needs a value" "$rscert" run --port

# numbers: the whole argument, in range, no negatives; the range is named
expect 2 "--seed: not a whole number in 0\.\.9223372036854775807: '-1'" \
	"$rscert" run --seed -1
expect 2 "--jobs: not a whole number in 1\.\.64: '0'" "$rscert" run --jobs 0
expect 2 "--repeat: not a whole number in 1\.\.1000: '0'" "$rscert" run --repeat 0
expect 2 "--port: not a whole number in 1\.\.65535: '0'" "$rscert" run --port=0
expect 2 "--time-scale: not a number in \(0\.\.1\]: '2'" "$rscert" run --time-scale 2
expect 2 "--peers: not a whole number in 1\.\.4096: '-3'" "$load" --server 127.0.0.1 --peers=-3
expect 2 "--server: not an IPv4 address: 'notanip'" "$load" --server notanip
expect 2 "--sessions: not a whole number in 0\.\.1000000: '-1'" \
	"$discard" --listen 127.0.0.1:0 --sessions -1

# a fault name is checked before anything runs: no output directory
expect 2 "--server-fault: no fault named 'nope'; one of: no-ecmp" \
	"$rscert" run --cases "$cases" --out "$work/fault-out" --server-fault nope ARS-ECMP
[ ! -e "$work/fault-out" ] || fail "--server-fault nope: the run started"

# --opt=value, and list --json through a JSON parser
expect 0 '"id": "ARS-ECMP"' "$rscert" list --cases="$cases" --json ARS-ECMP
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert a[0]["id"]=="ARS-ECMP" and a[0]["file"]=="ARS-ECMP.case", a' \
	"$work/out" || fail "list --json is not the JSON expected"
expect 3 "0 case\(s\)" "$rscert" list --cases "$cases" NO-SUCH-ID

# rsctl: the extra word is named, a missing option too, and the real reason
# a socket cannot be reached
expect 2 "ping: unexpected argument 'extra'" "$rsctl" --socket "$work/none.sock" ping extra
expect 2 "peering create needs --name, --peer-ip and --peer-asn" \
	"$rsctl" peering create --name=x --peer-ip 127.0.0.9
expect 3 "cannot reach the daemon: control socket $work/none.sock: connect: No such file or directory" \
	"$rsctl" --socket="$work/none.sock" ping

# rscert-load: the report names the server once ("server at"), and the
# product preset fits the product's 8 peers
exec 3< <(exec "$discard" --listen 127.0.0.1:0 --sessions 1 --timeout 20 2>"$work/discard.err")
read -r -t 10 -u 3 line || fail "rscert-discard did not start"
port=${line##*:}
expect 0 "^server at 127\.0\.0\.1:$port, 1 feeders" "$load" --server 127.0.0.1 --port "$port" \
	--peers 1 --prefixes 1 --sinks 0 --hold 0 --progress 0 --timeout 10 --setup-timeout 5
cat <&3 >/dev/null
expect 0 'product +7 feeders x 200 \+ 1 sink' "$load" --help

[ "$fails" = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "ok"
