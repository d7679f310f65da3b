#!/usr/bin/env bash
# circles.sh ROOT CC AR WORKDIR LIB.a|OBJDIR...: no library or program of the
# project has a circle of calls among its files (scripts/check-circles), and
# the check flips on a library of two files that call each other.
set -u
root=$1 cc=$2 ar=$3 work=$4
shift 4
check=$root/scripts/check-circles
fail() {
	echo "FAIL: $*"
	exit 1
}

[ $# -gt 0 ] || fail "no library to check"
"$check" "$@" || fail "a circle of calls (above): move what both sides use below them"

rm -rf "$work" && mkdir -p "$work"
printf 'int b(int);\nint a(int x) { return x ? b(x - 1) : 0; }\n' >"$work/a.c"
printf 'int a(int);\nint b(int x) { return a(x); }\n' >"$work/b.c"
printf 'int a(int);\nint c(int x) { return a(x); }\n' >"$work/c.c"
for f in a b c; do
	"$cc" -c -o "$work/$f.c.o" "$work/$f.c" || fail "cannot compile the fixture"
done
"$ar" rc "$work/circle.a" "$work/a.c.o" "$work/b.c.o" "$work/c.c.o" || fail "cannot archive it"
"$ar" rc "$work/line.a" "$work/a.c.o" "$work/c.c.o" || fail "cannot archive it"
"$check" "$work/line.a" >"$work/line.out" || fail "calls downwards only refused: $(cat "$work/line.out")"
"$check" "$work/circle.a" >"$work/circle.out" && fail "a circle of calls passed"
grep -q "circle.a: a circle of calls: a.c, b.c$" "$work/circle.out" ||
	fail "the circle was not named: $(cat "$work/circle.out")"
grep -q "a.c -> b.c: b$" "$work/circle.out" || fail "the call was not named"
echo "ok: $# libraries and programs call downwards only; the check flips"
