#!/usr/bin/env bash
# rscert_merge.sh RSCERT WORKDIR merge|baseline
#   merge:    the reports of shards 1/2 and 2/2 merged equal a single run's
#             verdicts, exit status and JUnit test count; shards of another
#             selection or target are refused; --out is required.
#   baseline: a baseline turns a known failure green (XFAIL), leaves a new
#             failure red, reports a fixed one, and names FILE:LINE of a bad
#             line or an unknown case.
# The reference runs with a fault that breaks ECMP, so that cases fail.
set -u
rscert=$1 work=$2 mode=$3
rm -rf "$work" && mkdir -p "$work"
sel=(--server-fault no-ecmp 'ARS-ECMP*' 'ARS-SHORTEST*' ARS-REFLECT ARS-ADV-VNET)
fail() { echo "FAIL: $*"; exit 1; }
verdicts() { jq -r '.cases[] | "\(.id) \(.attempt) \(.verdict)"' "$1/report.json" | sort; }

run() { # run NAME ARGS...: the exit status in $work/NAME.rc
	local name=$1
	shift
	"$rscert" run "${sel[@]}" --out "$work/$name" "$@" >"$work/$name.txt" 2>&1
	echo $? >"$work/$name.rc"
}

case $mode in
merge)
	run single
	run s1 --shard 1/2
	run s2 --shard 2/2
	[ "$(cat "$work/single.rc")" = 1 ] || fail "the single run exited $(cat "$work/single.rc"), not 1"
	"$rscert" merge "$work/s1" "$work/s2" --out "$work/merged" >"$work/merge.txt" 2>&1
	rc=$?
	[ $rc = 1 ] || { cat "$work/merge.txt"; fail "merge exited $rc, the single run 1"; }
	verdicts "$work/single" >"$work/single.v"
	verdicts "$work/merged" >"$work/merged.v"
	[ -s "$work/single.v" ] && cmp -s "$work/single.v" "$work/merged.v" ||
		{ diff "$work/single.v" "$work/merged.v"; fail "merged verdicts differ from one run's"; }
	grep -q FAIL "$work/merged.v" || fail "no FAIL to compare"
	n1=$(grep -c "<testcase " "$work/single/report.junit.xml")
	n2=$(grep -c "<testcase " "$work/merged/report.junit.xml")
	[ "$n1" = "$n2" ] || fail "JUnit: $n2 test cases merged, $n1 in one run"
	jq -e '.selected == .ncases and .shard == null' "$work/merged/report.json" >/dev/null ||
		fail "merged report.json counts"
	grep -q "FAIL .*ARS-ECMP" "$work/merge.txt" || fail "the merge's text lacks the failure"
	id=$(jq -r '[.cases[] | select(.wirelog != "")][0].id' "$work/merged/report.json")
	[ -s "$work/merged/cases/$id/wire.log" ] || fail "evidence of $id not copied"
	# a missing shard: results missing, exit 2, the shard named
	"$rscert" merge "$work/s1" --out "$work/half" >"$work/half.txt" 2>&1
	rc=$?
	[ $rc = 2 ] && grep -q "no report of shard 2/2" "$work/half.txt" ||
		{ cat "$work/half.txt"; fail "one shard of two: exit $rc"; }
	# shards of another selection or of an unsharded run are refused
	"$rscert" run -q "${sel[@]}" ARS-LIMIT-ROUTES-200 --shard 2/2 --out "$work/other" >/dev/null 2>&1
	"$rscert" merge "$work/s1" "$work/other" --out "$work/bad" >"$work/bad.txt" 2>&1
	rc=$?
	[ $rc = 2 ] && grep -q "not shards of one run: the case selection differs" "$work/bad.txt" ||
		{ cat "$work/bad.txt"; fail "shards of two selections: exit $rc"; }
	"$rscert" merge "$work/s1" "$work/single" --out "$work/bad" >"$work/bad.txt" 2>&1
	rc=$?
	[ $rc = 2 ] && grep -q "single is not a shard" "$work/bad.txt" ||
		{ cat "$work/bad.txt"; fail "an unsharded run merged: exit $rc"; }
	"$rscert" merge "$work/s1" "$work/s1" --out "$work/bad" >"$work/bad.txt" 2>&1
	grep -q "are both shard 1/2" "$work/bad.txt" || fail "one shard twice: $(cat "$work/bad.txt")"
	"$rscert" merge "$work/s1" "$work/s2" >"$work/bad.txt" 2>&1
	[ $? = 2 ] && grep -q -- "--out DIR is required" "$work/bad.txt" || fail "merge without --out"
	"$rscert" merge "$work/s1" "$work/s2" --out "$work/s1" >"$work/bad.txt" 2>&1
	[ $? = 2 ] && grep -q "is one of the shards" "$work/bad.txt" || fail "--out onto a shard"
	echo "merge: $(wc -l <"$work/merged.v") results of two shards equal one run's" ;;
baseline)
	run plain
	fails=$(jq -r '.cases[] | select(.verdict == "FAIL") | .id' "$work/plain/report.json" | sort -u)
	[ -n "$fails" ] || fail "no case failed under no-ecmp"
	pass=$(jq -r '[.cases[] | select(.verdict == "PASS") | .id][0]' "$work/plain/report.json")
	{
		echo "# expected today"
		for id in $fails; do echo "$id   breaks ECMP on purpose"; done
		echo "$pass   thought broken"
	} >"$work/all.baseline"
	run known --baseline "$work/all.baseline"
	[ "$(cat "$work/known.rc")" = 0 ] || { cat "$work/known.txt"; fail "known failures: exit $(cat "$work/known.rc")"; }
	jq -e '[.cases[] | select(.verdict == "FAIL")] | length == 0' "$work/known/report.json" >/dev/null ||
		fail "a listed failure is still FAIL"
	first=$(echo "$fails" | head -1)
	jq -e --arg id "$first" '.cases[] | select(.id == $id) | .verdict == "XFAIL" and
		(.reason | startswith("expected failure ("))' "$work/known/report.json" >/dev/null ||
		fail "$first is not XFAIL with the baseline's reason"
	grep -q "fixed: $pass passed" "$work/known.txt" || { cat "$work/known.txt"; fail "$pass not reported fixed"; }
	# one failure left out of the baseline: red again
	grep -v "^$first " "$work/all.baseline" >"$work/part.baseline"
	run part --baseline "$work/part.baseline"
	[ "$(cat "$work/part.rc")" = 1 ] || fail "a new failure: exit $(cat "$work/part.rc"), not 1"
	jq -e --arg id "$first" '.cases[] | select(.id == $id) | .verdict == "FAIL"' \
		"$work/part/report.json" >/dev/null || fail "$first not FAIL without its line"
	# bad files name FILE:LINE; a case not in the catalogue too
	printf 'ARS-ECMP\n' >"$work/bad1.baseline"
	printf '# x\nNO-SUCH-CASE why\n' >"$work/bad2.baseline"
	for b in bad1:1:ARS-ECMP\ has\ no\ reason bad2:2:no\ case\ NO-SUCH-CASE; do
		f=${b%%:*} rest=${b#*:}
		"$rscert" run -q "${sel[@]}" --out "$work/$f" --baseline "$work/$f.baseline" >"$work/$f.txt" 2>&1
		rc=$?
		[ $rc = 2 ] && grep -q "$f.baseline:${rest%%:*}: ${rest#*:}" "$work/$f.txt" ||
			{ cat "$work/$f.txt"; fail "$f.baseline: exit $rc"; }
	done
	echo "baseline: $(echo "$fails" | wc -l) known failure(s) green, a new one red, a fixed one reported" ;;
*)
	fail "unknown mode $mode" ;;
esac
exit 0
