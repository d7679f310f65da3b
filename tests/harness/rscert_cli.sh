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
esac
exit 0
