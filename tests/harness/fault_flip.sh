# fault_flip.sh, sourced: cases flip against the reference broken on purpose.
# fault_flip TAG RSCERT WORK ROWS: each line of ROWS, "FAULT CASE REASON...",
# runs CASE alone with `rscert run --server-fault FAULT`; the run must exit 1
# with CASE FAIL and its reason (after the FILE:LINE: it may start with)
# starting with REASON. Then the same cases without a fault must all PASS.
# Prints a line per row prefixed with TAG; leaves the number of problems in
# fault_bad and the runs in WORK/FAULT and WORK/control.
fault_reason() { # report.json id -> "VERDICT<TAB>reason without its FILE:LINE: "
	python3 -c 'import json,re,sys
for c in json.load(open(sys.argv[1]))["cases"]:
    if c["id"] == sys.argv[2]:
        print(c["verdict"] + "\t" + re.sub(r"^\S+:[0-9]+: ", "", c["reason"]))' "$1" "$2"
}

fault_flip() {
	local tag=$1 rscert=$2 work=$3 rows=$4 fault id want rc got ids=()
	fault_bad=0
	rm -rf "$work" && mkdir -p "$work"
	while read -r fault id want; do
		ids+=("$id")
		"$rscert" run --out "$work/$fault" --server-fault "$fault" -q "$id" \
			>"$work/$fault.txt" 2>&1
		rc=$?
		got=$(fault_reason "$work/$fault/report.json" "$id" 2>/dev/null)
		case "$got" in
		FAIL$'\t'"$want"*) echo "$tag: fault $fault: $id fails: ${got#*$'\t'}" ;;
		*)
			echo "$tag: fault $fault: $id should FAIL with '$want...'; got: ${got:-no report}"
			fault_bad=$((fault_bad + 1))
			;;
		esac
		[ "$rc" -eq 1 ] || { echo "$tag: fault $fault: exit $rc, expected 1"; fault_bad=$((fault_bad + 1)); }
	done <<<"$rows"
	if ! "$rscert" run --out "$work/control" -q "${ids[@]}" >"$work/control.txt" 2>&1; then
		echo "$tag: without a fault these cases do not all pass:"
		cat "$work/control.txt"
		fault_bad=$((fault_bad + 1))
	fi
	echo "$tag: ${#ids[@]} fault(s)"
}
