#!/usr/bin/env bash
# Source-mutation score of the catalogue: each mutant of tests/mutation/mutants.tsv
# is applied to a copy of the source tree, only the daemon (rscert-rsd) is
# rebuilt, and the whole catalogue runs against it in parallel. A mutant is
# killed when at least one case does not PASS; it survives when all pass.
# Prints one line a mutant, then killed, survived and equivalent with the score.
# Usage: mutants.sh SOURCE_DIR RSCERT [MUTANT-ID...]
# Environment: MUTANTS_JOBS (cases in parallel, default 4).
# Exit: 0 when every non-equivalent mutant is killed and every equivalent one
# survives; 1 otherwise; 2 on a table or build error.
set -euo pipefail
src=$(cd "$1" && pwd)
rscert=$2
shift 2
only=" $* "
jobs=${MUTANTS_JOBS:-4}
here=$(cd "$(dirname "$0")" && pwd)
table=$here/mutants.tsv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A copy of the tree without build output, configured once for the daemon only.
tar -C "$src" --exclude=./build --exclude=./out --exclude=./.git -cf - . | tar -C "$work" -xf -
mkdir -p "$work/tree" && (cd "$work" && find . -mindepth 1 -maxdepth 1 ! -name tree \
	-exec mv {} tree/ \;)
cp -r "$work/tree" "$work/orig" # each mutant starts from this snapshot
cmake -S "$work/tree" -B "$work/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRSCERT_TESTS=OFF \
	-DRSCERT_BENCH=OFF >"$work/cmake.log" 2>&1 ||
	{ echo "mutants: cmake failed:"; tail -20 "$work/cmake.log"; exit 2; }

build_rsd() { # -> 0 when rscert-rsd was built
	cmake --build "$work/build" --target rscert-rsd -j2 >"$work/build.log" 2>&1
}

# run_catalogue NAME -> prints the ids of the cases that did not PASS
run_catalogue() {
	local out=$work/run-$1
	timeout 600 "$rscert" run --cases "$work/orig/cases" --rsd "$work/build/reference/rscert-rsd" \
		--out "$out" --jobs "$jobs" >"$out.txt" 2>&1 || true
	[ -f "$out/report.json" ] || { echo "(no report)"; return; }
	python3 -c 'import json,sys
print(" ".join(c["id"] for c in json.load(open(sys.argv[1]))["cases"] if c["verdict"] != "PASS"))' \
		"$out/report.json"
}

build_rsd || { echo "mutants: the unmutated daemon does not build"; tail -20 "$work/build.log"; exit 2; }
failing=$(run_catalogue control)
if [ -n "$failing" ]; then
	echo "mutants: without a mutant these cases do not pass: $failing"
	exit 2
fi

killed=0 survived=0 equivalent=0 wrong=0 errors=0
surv_list=()
while IFS=$'\t' read -r id file from to kind; do
	case "$id" in ''|'#'*) continue ;; esac
	[ "$only" != "  " ] && [[ "$only" != *" $id "* ]] && continue
	cp "$work/orig/$file" "$work/tree/$file"
	if ! python3 "$here/apply.py" "$work/tree" "$file" "$from" "$to"; then
		errors=$((errors + 1))
		continue
	fi
	if ! build_rsd; then
		echo "mutants: $id does not compile:"
		grep -m3 'error' "$work/build.log" || true
		errors=$((errors + 1))
		cp "$work/orig/$file" "$work/tree/$file"
		continue
	fi
	failing=$(run_catalogue "$id")
	cp "$work/orig/$file" "$work/tree/$file"
	if [ "${kind:-}" = equivalent ]; then
		equivalent=$((equivalent + 1))
		if [ -n "$failing" ]; then
			echo "EQUIVALENT? $id: killed by $failing (it is not equivalent: fix the table)"
			wrong=$((wrong + 1))
		else
			echo "equivalent  $id"
		fi
	elif [ -n "$failing" ]; then
		killed=$((killed + 1))
		echo "killed      $id by $failing"
	else
		survived=$((survived + 1))
		surv_list+=("$id")
		echo "SURVIVED    $id ($file)"
	fi
done <"$table"
build_rsd || true

scored=$((killed + survived))
if [ "$scored" -gt 0 ]; then
	score=$(awk -v k="$killed" -v n="$scored" 'BEGIN {printf "%.1f", 100 * k / n}')
else
	score=0
fi
echo "mutants: killed $killed, survived $survived, equivalent $equivalent," \
	"score $killed/$scored = $score %"
[ "${#surv_list[@]}" -eq 0 ] || echo "mutants: surviving: ${surv_list[*]}"
[ "$errors" -eq 0 ] || { echo "mutants: $errors table or build error(s)"; exit 2; }
[ "$survived" -eq 0 ] && [ "$wrong" -eq 0 ]
