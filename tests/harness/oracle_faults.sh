#!/usr/bin/env bash
# oracle_faults.sh RSCERT WORKDIR: the sender oracle catches a reference
# broken on purpose in cases that do not ask about it. Each row runs one case
# whose own expectations hold either way with one deliberate fault
# (rscert run --server-fault): the case must FAIL and its reason must name the
# oracle rule; without the fault the same cases must PASS.
set -u
rscert=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
# fault  case  oracle rule
rows='export-local-pref ARS-ADV-VNET SEND-EBGP-LOCAL-PREF
no-partial-bit RFC4271-5-UNKNOWN-TRANSITIVE-KEPT SEND-PARTIAL
no-prepend ARS-REFLECT-NOT-BACK SEND-FIRST-AS
reflect-to-source ARS-BRANCH-TOGGLE SEND-NEXT-HOP'
bad=0 ids=()
verdict() { # report.json id -> "VERDICT<TAB>reason"
	python3 -c 'import json,sys
for c in json.load(open(sys.argv[1]))["cases"]:
    if c["id"] == sys.argv[2]: print(c["verdict"] + "\t" + c["reason"])' "$1" "$2"
}
while read -r fault id rule; do
	ids+=("$id")
	"$rscert" run --out "$work/$fault" --server-fault "$fault" -q "$id" >"$work/$fault.txt" 2>&1
	rc=$?
	got=$(verdict "$work/$fault/report.json" "$id")
	case "$got" in
	FAIL$'\t'"sender oracle $rule "*) echo "oracle: fault $fault: $id fails on $rule" ;;
	*)
		echo "oracle: fault $fault: $id should FAIL on the oracle's $rule; got: ${got:-no report}"
		bad=$((bad + 1))
		;;
	esac
	[ "$rc" -eq 1 ] || { echo "oracle: fault $fault: exit $rc, expected 1"; bad=$((bad + 1)); }
done <<<"$rows"
# control: the same cases pass without a fault, the oracle on
if ! "$rscert" run --out "$work/control" -q "${ids[@]}" >"$work/control.txt" 2>&1; then
	echo "oracle: without a fault these cases do not all pass:"
	cat "$work/control.txt"
	bad=$((bad + 1))
fi
echo "oracle: ${#ids[@]} fault(s), $bad problem(s)"
[ "$bad" -eq 0 ]
