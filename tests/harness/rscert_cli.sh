#!/usr/bin/env bash
# rscert_cli.sh RSCERT CASES WORKDIR MODE: command-line checks of the runner.
set -u
rscert=$1 cases=$2 work=$3 mode=$4
rm -rf "$work" && mkdir -p "$work"
case $mode in
list)
	# every case file is listed, none as unreadable
	n=$(find "$cases" -name '*.case' | wc -l)
	out=$("$rscert" list --cases "$cases") || { echo "list failed"; exit 1; }
	got=$(printf '%s\n' "$out" | grep -c .)
	[ "$n" -gt 0 ] && [ "$got" -eq "$n" ] || { echo "listed $got of $n"; exit 1; }
	for f in "$cases"/*.case; do
		id=$(awk '$1 == "id" {print $2; exit}' "$f")
		printf '%s\n' "$out" | grep -q "^$id " || { echo "$id not listed"; exit 1; }
	done ;;
no-such-id)
	if "$rscert" run --cases "$cases" --out "$work/out" NO-SUCH-CASE-ID; then
		echo "a run that selects nothing passed"; exit 1
	fi ;;
typo)
	mkdir -p "$work/cases"
	cp "$cases/ARS-ADV-VNET.case" "$work/cases/"
	sed 's/^expect nva1 established/expect nva1 establised/' "$cases/ARS-ECMP.case" \
		>"$work/cases/ARS-ECMP.case"
	out=$("$rscert" run --cases "$work/cases" --out "$work/out" 2>&1) && {
		echo "a run with a broken case file passed"; exit 1; }
	printf '%s\n' "$out" | grep -q "ERROR.*ARS-ECMP" || { echo "no ERROR for the typo"; exit 1; }
	printf '%s\n' "$out" | grep -q "ARS-ECMP.case:[0-9]*: .*establised" ||
		{ echo "no file:line error"; printf '%s\n' "$out"; exit 1; }
	printf '%s\n' "$out" | grep -q "PASS.*ARS-ADV-VNET" || { echo "the good case did not pass"; exit 1; }
	"$rscert" list --cases "$work/cases" >"$work/list.txt" 2>&1 && {
		echo "list of a broken catalogue exited 0"; exit 1; }
	grep -q "ERROR.*ARS-ECMP.case:" "$work/list.txt" || { echo "list hides the error"; exit 1; } ;;
repeat)
	"$rscert" run --cases "$cases" --out "$work/out" --repeat 2 --seed 1 ARS-ADV-VNET ARS-ECMP \
		>"$work/run.txt" 2>&1 || { cat "$work/run.txt"; exit 1; }
	[ "$(grep -c 'PASS .*ARS-' "$work/run.txt")" -ge 4 ] || { cat "$work/run.txt"; exit 1; }
	grep -q '"seed"' "$work/out/report.json" || exit 1
	# a flake rate per case
	grep -q "ARS-ECMP  *0/2" "$work/run.txt" || { cat "$work/run.txt"; exit 1; } ;;
bad-rsd)
	# a reference daemon that does not start: every case is ERROR, exit 2
	"$rscert" run --cases "$cases" --out "$work/out" --rsd /bin/false ARS-ECMP ARS-REFLECT \
		>"$work/run.txt" 2>&1
	rc=$?
	[ "$rc" -eq 2 ] || { cat "$work/run.txt"; echo "exit $rc, expected 2"; exit 1; }
	[ "$(grep -c 'ERROR .*ARS-' "$work/run.txt")" -ge 2 ] || { cat "$work/run.txt"; exit 1; } ;;
fault)
	# a reference that breaks a rule on purpose must make that rule's case FAIL
	# (not ERROR: the case ran and saw the misbehaviour), and the run exit 1
	"$rscert" run --cases "$cases" --out "$work/out" --server-fault "$5" "$6" >"$work/run.txt" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] || { cat "$work/run.txt"; echo "exit $rc, expected 1"; exit 1; }
	grep -q "FAIL .*$6" "$work/run.txt" || { cat "$work/run.txt"; exit 1; } ;;
all-skipped)
	# a target profile whose NVA slots have no ASN: every case SKIPs. Nothing
	# was checked: exit 3, unless --allow-empty. The target "runs" (a socket
	# listens on its address) and has no control socket.
	exec 3< <(exec python3 -c 'import socket,time
s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(8); print(s.getsockname()[1], flush=True); time.sleep(60)')
	lpid=$!
	read -r -t 10 -u 3 port || { echo "no listener"; exit 1; }
	trap 'kill $lpid' EXIT
	cat >"$work/t.profile" <<EOP
name skipper
instance 0 127.0.0.1 nexthop 10.0.255.4
instance 1 127.0.0.1 nexthop 10.0.255.5
port $port
asn 65515
hold 180
time-scale 1
control none
nva-base 127.31.1.0
nva-slots 0
EOP
	"$rscert" run --cases "$cases" --out "$work/out" --target "$work/t.profile" ARS-ECMP \
		>"$work/run.txt" 2>&1
	rc=$?
	[ "$rc" -eq 3 ] || { cat "$work/run.txt"; echo "exit $rc, expected 3"; exit 1; }
	grep -q "every case was skipped: nothing was checked" "$work/run.txt" || exit 1
	"$rscert" run --cases "$cases" --out "$work/out" --target "$work/t.profile" --allow-empty \
		ARS-ECMP >"$work/run.txt" 2>&1 || { cat "$work/run.txt"; echo "--allow-empty"; exit 1; } ;;
target-down)
	# a target that is not running: one environment error before any case, exit 2
	cat >"$work/t.profile" <<EOP
name nobody
instance 0 127.0.0.1 nexthop 10.0.255.4
instance 1 127.0.0.1 nexthop 10.0.255.5
port 1
asn 65515
hold 180
time-scale 1
control none
nva-base 127.31.1.0
nva-slots 2
nva-asn 0 65001
nva-asn 1 65002
EOP
	"$rscert" run --cases "$cases" --out "$work/out" --target "$work/t.profile" \
		>"$work/run.txt" 2>&1
	rc=$?
	[ "$rc" -eq 2 ] || { cat "$work/run.txt"; echo "exit $rc, expected 2"; exit 1; }
	grep -q "instance 0 at 127.0.0.1 port 1 does not accept connections (Connection refused)" \
		"$work/run.txt" || { cat "$work/run.txt"; exit 1; }
	! grep -q "FAIL\|ERROR " "$work/run.txt" || { cat "$work/run.txt"; echo "verdicts given"; exit 1; } ;;
bad-profile)
	# every profile line is read strictly: one wrong value or keyword stops the
	# run before any case (exit 2), naming the file, the line, the keyword and
	# what its value must be; the same profile with the line right loads
	good='name nobody
instance 0 127.0.0.1 nexthop 10.0.255.4
port 1
nva-base 127.31.1.0
nva-slots 2
nva-asn 0 65001'
	check() { # LINE_AT_6 WANTED_TEXT
		printf '%s\n%s\n' "$(printf '%s\n' "$good" | sed 6d)" "$1" >"$work/t.profile"
		"$rscert" run --cases "$cases" --out "$work/out" --target "$work/t.profile" \
			>"$work/run.txt" 2>&1
		rc=$?
		[ "$rc" -eq 2 ] || { cat "$work/run.txt"; echo "'$1': exit $rc, expected 2"; exit 1; }
		grep -qF "t.profile:6: cannot read" "$work/run.txt" && grep -qF "$2" "$work/run.txt" ||
			{ cat "$work/run.txt"; echo "'$1': no error naming line 6 and '$2'"; exit 1; }
		! grep -q "PASS\|FAIL" "$work/run.txt" || { echo "'$1': cases ran"; exit 1; }
	}
	check 'nva-asn 0 abc' "want SLOT 0..15 and an AS number, got '0 abc'"
	check 'nva-asn 0 -5' "want SLOT 0..15 and an AS number"
	check 'nva-asn 16 65001' "want SLOT 0..15"
	check 'port 17x9' "want a TCP port 1..65535, got '17x9'"
	check 'hold 2' "want a hold time in seconds, 0 or 3..65535"
	check 'settle fast' "want a duration such as 0.3s, got 'fast'"
	check 'nva-slots 99' "want a number 0..16"
	check 'instance 2 127.0.0.1 nexthop 10.0.255.4' "want 0|1 ADDRESS nexthop ADDRESS"
	check 'colour blue' "'colour': unknown keyword"
	# the flip: the good line loads, and the run gets as far as the server
	printf '%s\n' "$good" >"$work/t.profile"
	"$rscert" run --cases "$cases" --out "$work/out" --target "$work/t.profile" \
		>"$work/run.txt" 2>&1
	grep -q "cannot read" "$work/run.txt" && { cat "$work/run.txt"; echo "good profile refused"; exit 1; }
	grep -q "does not accept connections" "$work/run.txt" ||
		{ cat "$work/run.txt"; echo "good profile did not reach the server"; exit 1; } ;;
duplicate)
	mkdir -p "$work/cases"
	cp "$cases/ARS-ECMP.case" "$work/cases/"
	cp "$cases/ARS-ECMP.case" "$work/cases/ARS-ECMP-COPY.case"
	"$rscert" run --cases "$work/cases" --out "$work/out" >"$work/run.txt" 2>&1
	rc=$?
	[ "$rc" -eq 2 ] || { cat "$work/run.txt"; echo "exit $rc, expected 2"; exit 1; }
	grep -q "duplicate case ID ARS-ECMP: .*/ARS-ECMP-COPY.case and .*/ARS-ECMP.case" \
		"$work/run.txt" || { cat "$work/run.txt"; exit 1; }
	[ ! -e "$work/out/cases" ] || { echo "cases ran"; exit 1; } ;;
interrupt)
	# SIGINT ($5: INT or TERM) during a run: every case's daemon stops, the
	# partial report is written with the cut cases ERROR "interrupted", and
	# the exit status is 128 + the signal
	"$rscert" run --cases "$cases" --out "$work/out" --jobs 2 --time-scale 0.05 \
		ARS-FLAP-SILENT ARS-STATIC-ROUTE-MISSING ARS-ECMP >"$work/run.txt" 2>&1 &
	pid=$!
	timeout 20 bash -c "until pgrep -f -- '$work/out/cases/.*/[r]s.conf' >/dev/null; do sleep 0.02; done" ||
		{ echo "no daemon started"; kill "$pid"; exit 1; }
	kill -"$5" "$pid"
	wait "$pid"
	rc=$?
	want=$((128 + $(kill -l "$5")))
	[ "$rc" -eq "$want" ] || { cat "$work/run.txt"; echo "exit $rc, expected $want"; exit 1; }
	timeout 5 bash -c "while pgrep -f -- '$work/out/cases/.*/[r]s.conf' >/dev/null; do sleep 0.02; done"
	left=$(pgrep -f -- "$work/out/cases/.*/[r]s.conf")
	[ -z "$left" ] || { echo "daemons left running: $left"; kill $left; exit 1; }
	grep -q '"reason": "interrupted' "$work/out/report.json" ||
		{ cat "$work/run.txt"; echo "no interrupted case in report.json"; exit 1; }
	grep -q "exit status $want: interrupted by signal" "$work/run.txt" || { cat "$work/run.txt"; exit 1; } ;;
killed)
	# the runner killed outright (SIGKILL): its cases and daemons end by themselves
	"$rscert" run --cases "$cases" --out "$work/out" --jobs 2 --time-scale 0.05 \
		ARS-FLAP-SILENT ARS-STATIC-ROUTE-MISSING >"$work/run.txt" 2>&1 &
	pid=$!
	timeout 20 bash -c "until pgrep -f -- '$work/out/cases/.*/[r]s.conf' >/dev/null; do sleep 0.02; done" ||
		{ echo "no daemon started"; kill "$pid"; exit 1; }
	kill -KILL "$pid"
	timeout 10 bash -c "while pgrep -f -- '$work/out/cases/.*/[r]s.conf' >/dev/null; do sleep 0.02; done" || {
		left=$(pgrep -f -- "$work/out/cases/.*/[r]s.conf"); echo "daemons outlived the runner: $left"
		kill $left; exit 1; } ;;
repro)
	# the report records what re-creates the run; 'rscert repro' makes a
	# directory whose ./rerun gives the same verdict, for a passing case and
	# for a case failing against a reference broken on purpose
	"$rscert" run --cases "$cases" --out "$work/out" --server-fault no-prepend --seed 5 \
		ARS-ADV-VNET ARS-REFLECT >"$work/run.txt" 2>&1
	[ $? -eq 1 ] || { cat "$work/run.txt"; echo "expected exit 1"; exit 1; }
	python3 - "$work/out/report.json" "$rscert" <<'PY' || exit 1
import json, re, sys
d = json.load(open(sys.argv[1]))
want = {"server_faults": ["no-prepend"], "seed": 5, "time_scale": 0.005, "port": 1179,
        "target": "reference (rscert-rsd)", "profile": "faq-2021-02"}
bad = {k: d.get(k) for k, v in want.items() if d.get(k) != v}
if not re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", d["rscert_version"]) or not d["rscert_commit"]:
    bad["version"] = (d["rscert_version"], d["rscert_commit"])
if d["argv"][1:] != ["run", "--cases", d["argv"][3], "--out", d["argv"][5], "--server-fault",
                     "no-prepend", "--seed", "5", "ARS-ADV-VNET", "ARS-REFLECT"]:
    bad["argv"] = d["argv"]
if bad:
    sys.exit(f"report.json does not record the run: {bad}")
PY
	for id in ARS-ADV-VNET ARS-REFLECT; do
		dir=$work/repro-$id
		"$rscert" repro "$id" --from "$work/out" --to "$dir" >/dev/null || exit 1
		for f in "cases/$id.case" rs.conf evidence/session.pcap evidence/wire.log \
			evidence/server.log report.json README; do
			[ -s "$dir/$f" ] || { echo "$id: no $f"; exit 1; }
		done
		mv "$work/out" "$work/out-moved" # the directory stands alone
		RSCERT=$rscert "$dir/rerun" -q
		rc=$?
		mv "$work/out-moved" "$work/out"
		verdicts=$(python3 -c 'import json, sys
print(*(json.load(open(f))["cases"][0]["verdict"] for f in sys.argv[1:]))' \
			"$dir/report.json" "$dir/out/report.json")
		case "$id $rc $verdicts" in
		"ARS-ADV-VNET 0 PASS PASS" | "ARS-REFLECT 1 FAIL FAIL") ;;
		*) echo "rerun of $id: exit $rc, verdicts (original, rerun) $verdicts"; exit 1 ;;
		esac
	done
	# never overwritten; an unknown ID is named
	"$rscert" repro ARS-REFLECT --from "$work/out" --to "$work/repro-ARS-REFLECT" 2>"$work/err.txt"
	[ $? -eq 2 ] && grep -q "not empty" "$work/err.txt" || { cat "$work/err.txt"; exit 1; }
	"$rscert" repro NOPE --from "$work/out" --to "$work/repro-nope" 2>"$work/err.txt"
	[ $? -eq 2 ] && grep -q "report.json: no case NOPE" "$work/err.txt" || { cat "$work/err.txt"; exit 1; } ;;
esac
exit 0
