#!/bin/bash -eu
# ClusterFuzzLite build: the same script OSS-Fuzz uses (fuzz/oss-fuzz/build.sh),
# with CC, CFLAGS, LIB_FUZZING_ENGINE, SRC, OUT and WORK as the base builder
# sets them. Writes every fuzz target, its options, the dictionary and the seed
# corpora to $OUT.
here=$(cd "$(dirname "$0")" && pwd)
if [ -x "${SRC:-/nonexistent}/rscert/fuzz/oss-fuzz/build.sh" ]; then
	exec "$SRC/rscert/fuzz/oss-fuzz/build.sh"
fi
exec "$here/../fuzz/oss-fuzz/build.sh"
