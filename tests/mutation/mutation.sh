#!/usr/bin/env bash
# Each deliberate fault of the reference must make the cases of its rule FAIL
# (and the run exit non-zero), while the same cases PASS without the fault.
# Usage: mutation.sh RSCERT FAULTS_TSV [FAULT]
set -euo pipefail
rscert=$1
table=$2
only=${3:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

verdicts() { # report.json -> "ID VERDICT" lines
	python3 -c 'import json,sys
for c in json.load(open(sys.argv[1]))["cases"]: print(c["id"], c["verdict"])' "$1"
}

bad=0 faults=0
while IFS=$'\t' read -r fault cases; do
	case "$fault" in ''|'#'*) continue ;; esac
	[ -n "$only" ] && [ "$fault" != "$only" ] && continue
	faults=$((faults + 1))
	read -ra ids <<<"$cases"
	if "$rscert" run --out "$out/$fault" --server-fault "$fault" "${ids[@]}" >"$out/$fault.txt" 2>&1; then
		echo "mutation: fault $fault: the run passed, but ${ids[*]} should have failed"
		bad=$((bad + 1))
		continue
	fi
	got=$(verdicts "$out/$fault/report.json")
	for id in "${ids[@]}"; do
		v=$(awk -v id="$id" '$1 == id {print $2}' <<<"$got")
		if [ "$v" != FAIL ]; then
			echo "mutation: fault $fault: case $id is ${v:-missing}, expected FAIL"
			bad=$((bad + 1))
		fi
	done
	echo "mutation: fault $fault: ${#ids[@]} case(s) failed as they must"
done <"$table"

# Control: the same cases, no fault, all pass.
if [ -z "$only" ]; then
	mapfile -t ids < <(awk -F'\t' '$1 !~ /^#/ && NF == 2 {print $2}' "$table" | tr ' ' '\n' |
		sort -u)
	if ! "$rscert" run --out "$out/control" "${ids[@]}" >"$out/control.txt" 2>&1; then
		echo "mutation: without a fault these cases do not all pass:"
		grep -E '^ +(FAIL|ERROR) ' "$out/control.txt" || tail -5 "$out/control.txt"
		bad=$((bad + 1))
	fi
	n=$(grep -cE '^\[ *[0-9]+/[0-9]+\] PASS' "$out/control.txt" || true)
	if [ "$n" -ne "${#ids[@]}" ]; then
		echo "mutation: control ran $n of ${#ids[@]} cases"
		bad=$((bad + 1))
	fi
fi
[ "$faults" -gt 0 ] || { echo "mutation: no fault was tried"; exit 1; }
echo "mutation: $faults fault(s) tried, $bad problem(s)"
[ "$bad" -eq 0 ]
