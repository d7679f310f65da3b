#!/usr/bin/env bash
# .clusterfuzzlite/build.sh run the way the OSS-Fuzz helper runs it in the
# base-builder image: the tree at $SRC/rscert, CC=clang, CFLAGS with
# -fsanitize=fuzzer-no-link,address, LIB_FUZZING_ENGINE=-fsanitize=fuzzer,
# OUT and WORK set. Then each target must exist with its options and a
# non-empty seed corpus, and one must run over its seeds. Label slow.
# Usage: cflite_build.sh SOURCE_DIR
set -euo pipefail
root=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src" "$tmp/out" "$tmp/work"
ln -s "$root" "$tmp/src/rscert"
cp "$root/.clusterfuzzlite/build.sh" "$tmp/src/build.sh"

export SRC=$tmp/src OUT=$tmp/out WORK=$tmp/work CC=clang CXX=clang++
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
export CXXFLAGS=$CFLAGS LIB_FUZZING_ENGINE=-fsanitize=fuzzer SANITIZER=address FUZZING_ENGINE=libfuzzer
(cd "$SRC/rscert" && bash -eu "$SRC/build.sh") >"$tmp/build.log" 2>&1 ||
	{ echo "FAIL: build.sh: $(tail -5 "$tmp/build.log")"; exit 1; }

n=0
for opt in "$root"/fuzz/fz_*.options; do
	t=$(basename "$opt" .options)
	[ -x "$OUT/$t" ] || { echo "FAIL: $t not built into OUT"; exit 1; }
	[ -f "$OUT/$t.options" ] || { echo "FAIL: $t.options not in OUT"; exit 1; }
	[ "$(unzip -Z1 "$OUT/${t}_seed_corpus.zip" | wc -l)" -gt 0 ] ||
		{ echo "FAIL: empty seed corpus for $t"; exit 1; }
	n=$((n + 1))
done
[ -f "$OUT/bgp.dict" ] || { echo "FAIL: no dictionary in OUT"; exit 1; }
mkdir "$tmp/seeds"
unzip -q "$OUT/fz_decode_seed_corpus.zip" -d "$tmp/seeds"
"$OUT/fz_decode" -runs=0 "$tmp/seeds" >"$tmp/run.log" 2>&1 ||
	{ echo "FAIL: fz_decode over its seeds: $(tail -5 "$tmp/run.log")"; exit 1; }
grep -q "INITED\|DONE" "$tmp/run.log" || { echo "FAIL: fz_decode did not start libFuzzer"; exit 1; }
echo "cflite_build: $n targets with options and seed corpora; fz_decode ran its seeds"
