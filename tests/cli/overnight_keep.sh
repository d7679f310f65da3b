#!/usr/bin/env bash
# overnight_keep.sh SRC WORK: fuzz/overnight never deletes earlier findings.
# Two runs (set up only, OVERNIGHT_PREPARE_ONLY=1) get dated directories of
# their own; the first night's findings and the raw crashes left in a
# target's work directory are still there after the second.
set -u
src=$1 work=$(realpath -m "$2")
rm -rf "$work" && mkdir -p "$work"
export RSCERT_FUZZ_WORK=$work OVERNIGHT_PREPARE_ONLY=1
t=$(cd "$src/fuzz" && ls fz_*.options | head -1 | sed 's/\.options$//')
[ -n "$t" ] || { echo "no fuzz target"; exit 1; }
mkdir -p "$work/$t/crashes"
echo one >"$work/$t/crashes/crash-1"
first=$("$src/fuzz/overnight" 3600) || { echo "first run: $first"; exit 1; }
echo "first night's finding" >"$first/findings.txt"
mkdir -p "$work/$t/crashes" && echo two >"$work/$t/crashes/crash-2"
second=$("$src/fuzz/overnight" 3600) || { echo "second run: $second"; exit 1; }
fail=0
[ "$first" != "$second" ] && [ -d "$second/crashes" ] || { echo "one directory for two runs"; fail=1; }
grep -q "first night's finding" "$first/findings.txt" 2>/dev/null ||
	{ echo "the first night's findings are gone"; fail=1; }
[[ $(basename "$first") =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}Z ]] || { echo "not dated: $first"; fail=1; }
[ "$(readlink "$work/overnight/latest")" = "$(basename "$second")" ] || { echo "latest is not the second"; fail=1; }
[ "$(cat "$work/$t"/crashes.before-*/crash-1 2>/dev/null)" = one ] &&
	[ "$(cat "$work/$t"/crashes.before-*/crash-2 2>/dev/null)" = two ] ||
	{ echo "raw crashes of earlier runs were not kept:"; ls -R "$work/$t"; fail=1; }
[ "$fail" = 0 ] && echo "ok: $(ls "$work/overnight" | tr '\n' ' ')"
exit "$fail"
