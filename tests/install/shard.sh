#!/usr/bin/env bash
# rscert --shard I/N: shards 1/3, 2/3 and 3/3 cover the selection exactly
# once (list), and, with "run", their results add up to a full run's.
# Usage: shard.sh RSCERT list|run
set -euo pipefail
rscert=$1 mode=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "$mode" = list ]; then
	"$rscert" list 2>/dev/null | awk '{print $1}' | sort >"$tmp/all"
	for i in 1 2 3; do
		"$rscert" list --shard "$i/3" 2>/dev/null | awk '{print $1}' >"$tmp/s$i"
		[ -s "$tmp/s$i" ] || { echo "FAIL: shard $i/3 is empty"; exit 1; }
	done
	sort "$tmp"/s1 "$tmp"/s2 "$tmp"/s3 >"$tmp/union"
	cmp -s "$tmp/all" "$tmp/union" ||
		{ echo "FAIL: the shards do not cover the catalogue once:"; diff "$tmp/all" "$tmp/union" | head; exit 1; }
	"$rscert" list --shard 2/3 2>/dev/null | cmp -s - <("$rscert" list --shard 2/3 2>/dev/null) ||
		{ echo "FAIL: shard 2/3 differs between two calls"; exit 1; }
	# a selection is split too: ECMP cases over 2 shards
	a=$("$rscert" list 'ARS-ECMP*' 2>/dev/null | wc -l)
	b=$(("$rscert" list 'ARS-ECMP*' --shard 1/2; "$rscert" list 'ARS-ECMP*' --shard 2/2) 2>/dev/null | wc -l)
	[ "$a" -eq "$b" ] || { echo "FAIL: ECMP selection $a cases, its two shards $b"; exit 1; }
	for bad in 0/3 4/3 3 1/0 x/2 1/2x; do
		rc=0
		"$rscert" list --shard "$bad" >/dev/null 2>"$tmp/err" || rc=$?
		[ $rc -eq 2 ] && grep -q -- "--shard: expected I/N" "$tmp/err" ||
			{ echo "FAIL: --shard $bad: exit $rc, $(cat "$tmp/err")"; exit 1; }
	done
	echo "shard: $(wc -l <"$tmp/all") cases, shards of $(wc -l <"$tmp/s1"), $(wc -l <"$tmp/s2"), $(wc -l <"$tmp/s3"): each exactly once"
	exit 0
fi

count() { grep -o "<testcase " "$1/report.junit.xml" | wc -l; }
"$rscert" run -k limits --out "$tmp/full" -q
total=0
for i in 1 2 3; do
	"$rscert" run -k limits --shard "$i/3" --out "$tmp/s$i" -q
	total=$((total + $(count "$tmp/s$i")))
done
[ "$total" -eq "$(count "$tmp/full")" ] ||
	{ echo "FAIL: shards ran $total cases, the full run $(count "$tmp/full")"; exit 1; }
echo "shard run: $total cases in three shards, as many as the full run"
