#!/usr/bin/env bash
# harness_limits.sh ROOT WORKDIR: the harness keeps its size limits
# (scripts/check-limits: no file over 600 lines, no function over 80), the
# check is shown to flip on a file and a function one line over each limit
# (and to pass them at the limit), and the fake NVA's inside (h_nva_int.h,
# where its structs are defined) is included by the h_nva_* files alone.
set -u
root=$1 work=$2
check=$root/scripts/check-limits
fail() {
	echo "FAIL: $*"
	exit 1
}

"$check" "$root/harness" || fail "harness/ is over its limits (above)"

# the check flips: a function of 81 lines and a file of 601 are named, one
# of 80 and a file of 600 are not
rm -rf "$work" && mkdir -p "$work/over" "$work/at"
body() { # body N: a function of N lines, from its opening line to its brace
	printf 'static int f%d(void)\n{\n' "$1"
	for ((i = 0; i < $1 - 4; i++)); do printf '\t/* } { */ (void)"}";\n'; done
	printf '\treturn 0;\n}\n'
}
{
	body 80
	for ((i = 0; i < 600 - 80; i++)); do printf '\n'; done
} >"$work/at/at.c"
{
	body 81
	for ((i = 0; i < 601 - 81; i++)); do printf '\n'; done
} >"$work/over/over.c"
[ "$(wc -l <"$work/at/at.c")" -eq 600 ] || fail "the fixture at the limit is not 600 lines"
"$check" "$work/at" >"$work/at.out" || fail "a file at the limits was refused: $(cat "$work/at.out")"
"$check" "$work/over" >"$work/over.out" && fail "a file over the limits passed"
grep -q "over.c:1: file of 601 lines, over 600" "$work/over.out" || fail "the long file was not named"
grep -q "over.c:1: function f81 of 81 lines, over 80" "$work/over.out" ||
	fail "the long function was not named: $(cat "$work/over.out")"

# the fake NVA's structs: only its own files see them
outside=$(grep -l '#include "h_nva_int.h"' "$root"/harness/*.[ch] "$root"/tests/*/*.[ch] |
	grep -v '/harness/h_nva_[a-z_]*\.[ch]$')
[ -z "$outside" ] || fail "the fake NVA's inside is included outside h_nva_*: $outside"
echo "ok: harness/ within its limits, the check flips, the fake NVA opaque outside h_nva_*"
