#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build of the rscert fuzz targets.
# Honours CC, CXX, CFLAGS, CXXFLAGS, LIB_FUZZING_ENGINE, SRC and OUT as the
# OSS-Fuzz base-builder image sets them; writes to $OUT every target, its
# .options file, the dictionary and <target>_seed_corpus.zip.
# Local run (libFuzzer, ASan+UBSan):
#   CC=clang CXX=clang++ CFLAGS="-O1 -g -fsanitize=address,undefined,fuzzer-no-link" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=build/oss-fuzz-out SRC=.. fuzz/oss-fuzz/build.sh

here=$(cd "$(dirname "$0")" && pwd)
if [ -d "${SRC:-/nonexistent}/rscert/codec" ]; then
	root=$SRC/rscert
else
	root=$(cd "$here/../.." && pwd)
fi
: "${CC:=clang}" "${CFLAGS:=}" "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}" "${OUT:?set OUT}"
CXX=${CXX:-}
CXXFLAGS=${CXXFLAGS:-$CFLAGS}
mkdir -p "$OUT"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

defs="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE"
incs="-I$root/codec -I$root/reference -I$root/util -I$root/fuzz"
objs=()
for f in "$root"/codec/*.c "$root"/reference/rs_*.c "$root"/fuzz/fz_common.c \
	"$root"/fuzz/fz_wire.c "$root"/fuzz/fz_compare.c "$root"/fuzz/fz_7606_gen.c; do
	o=$work/$(basename "$(dirname "$f")")_$(basename "$f" .c).o
	$CC $CFLAGS $defs $incs -c "$f" -o "$o"
	objs+=("$o")
done
ar rcs "$work/librscert_fuzz.a" "${objs[@]}"

# Link with the C++ driver when there is one: the engine may be C++.
linker=$CC
linkflags=$CFLAGS
if [ -n "$CXX" ] && command -v "$CXX" >/dev/null; then
	linker=$CXX
	linkflags=$CXXFLAGS
fi

# The daemon, for fz_session.
dobjs=()
for f in "$root"/reference/rsd_*.c "$root"/util/u_md5.c; do
	[ "$(basename "$f")" = rsd_main.c ] && continue
	o=$work/daemon_$(basename "$f" .c).o
	$CC $CFLAGS $defs $incs -c "$f" -o "$o"
	dobjs+=("$o")
done
ar rcs "$work/librscert_daemon.a" "${dobjs[@]}"

targets=(fz_frame fz_decode fz_attr fz_open fz_7606 fz_roundtrip fz_rib fz_session)
for t in "${targets[@]}"; do
	libs=("$work/librscert_fuzz.a")
	[ "$t" = fz_session ] && libs=("$work/librscert_daemon.a" "$work/librscert_fuzz.a")
	$CC $CFLAGS $defs $incs -c "$root/fuzz/$t.c" -o "$work/$t.o"
	$linker $linkflags "$work/$t.o" "${libs[@]}" $LIB_FUZZING_ENGINE -o "$OUT/$t"
	cp "$root/fuzz/$t.options" "$OUT/"
	rm -f "$OUT/${t}_seed_corpus.zip"
	(cd "$root/corpus/$t" && find . -type f -name '*.bin' | sort | zip -q -j -@ "$OUT/${t}_seed_corpus.zip")
	n=$(unzip -Z1 "$OUT/${t}_seed_corpus.zip" | wc -l)
	if [ "$n" -eq 0 ]; then
		echo "build.sh: empty seed corpus for $t" >&2
		exit 1
	fi
done
cp "$root/fuzz/bgp.dict" "$OUT/bgp.dict"
echo "build.sh: ${#targets[@]} targets, options, dictionary and seed corpora in $OUT"
