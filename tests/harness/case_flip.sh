# case_flip.sh, sourced: the flip of a generated case.
# case_flip RSCERT WORK ID LINE: $WORK/cases/ID.case passes against the
# reference and $WORK/bad/ID.case fails at line LINE (its last), so the run
# reached the end of the script. Exits the test with 1 and the run's output
# on the first difference.
case_flip() {
	local rscert=$1 work=$2 id=$3 line=$4
	"$rscert" run --cases "$work/cases" --out "$work/out" --time-scale 0.01 \
		>"$work/run.txt" 2>&1 || { echo "$id did not pass"; cat "$work/run.txt"; exit 1; }
	grep -q "PASS.*$id" "$work/run.txt" || { cat "$work/run.txt"; exit 1; }
	if "$rscert" run --cases "$work/bad" --out "$work/out-bad" --time-scale 0.01 \
		>"$work/bad.txt" 2>&1; then
		echo "$id with a false last step passed"; exit 1
	fi
	grep -q "FAIL.*$id" "$work/bad.txt" || { cat "$work/bad.txt"; exit 1; }
	grep -q ":$line" "$work/out-bad/report.json" "$work/bad.txt" ||
		{ echo "the failure is not at the last line ($line)"; cat "$work/bad.txt"; exit 1; }
}
