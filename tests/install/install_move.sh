#!/usr/bin/env bash
# Install into a DESTDIR, move the installed tree elsewhere, and run catalogue
# cases from the moved copy: the programs must find their catalogue, target
# profiles and daemon relative to themselves. Then the flip: without the
# catalogue the runner names the places it looked and exits 2.
# Usage: install_move.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset RSCERT_CASES RSCERT_RSD RSCERT_TARGETS

DESTDIR=$tmp/dest cmake --install "$build" --prefix /opt/rscert >"$tmp/install.log"
mv "$tmp/dest/opt/rscert" "$tmp/moved"
bin=$tmp/moved/bin

want=$(ls "$src"/cases/*.case | wc -l)
got=$("$bin/rscert" list 2>/dev/null | wc -l)
[ "$got" -eq "$want" ] || { echo "FAIL: moved rscert lists $got cases, the source has $want"; exit 1; }
[ -f "$tmp/moved/share/rscert/targets/bird.profile" ] || { echo "FAIL: no target profiles installed"; exit 1; }
[ -f "$tmp/moved/share/doc/rscert/SPEC.md" ] || { echo "FAIL: docs not installed"; exit 1; }

"$bin/rscert" run ARS-ECMP ARS-REFLECT ARS-ASN-RESERVED-8074 --out "$tmp/out" -q ||
	{ echo "FAIL: the moved copy's run exited $?"; exit 1; }
n=$(grep -c '<testcase ' "$tmp/out/report.junit.xml")
[ "$n" -eq 3 ] || { echo "FAIL: $n results in the moved copy's JUnit report, want 3"; exit 1; }
"$bin/rscert" list --target bird >/dev/null 2>&1 ||
	{ echo "FAIL: --target bird is not found in the moved share/rscert/targets"; exit 1; }

if [ -d "$build/man" ]; then
	for page in man1/rscert.1 man8/rscert-rsd.8 man8/rsctl.8 man1/rscert-load.1 \
		man5/rscert-case.5 man5/rscert-rsd.conf.5; do
		[ -f "$tmp/moved/share/man/$page" ] || { echo "FAIL: $page not installed"; exit 1; }
	done
fi

# Bash completion from the moved tree: subcommands, case IDs, fault names, targets.
complete_words() { # complete_words WORD... : what <TAB> offers after the words
	bash -c 'PATH=$1:$PATH; source "$2"; shift 2; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_rscert; printf "%s\n" "${COMPREPLY[@]}"' _ "$bin" \
		"$tmp/moved/share/bash-completion/completions/rscert" "$@"
}
check_complete() { # check_complete WANT WORD...
	local want=$1
	shift
	local got; got=$(complete_words "$@") # whole, not cut short by grep -q under pipefail
	grep -qx -- "$want" <<<"$got" ||
		{ echo "FAIL: completing '$*' does not offer $want: $(complete_words "$@" | tr '\n' ' ')"; exit 1; }
}
check_complete certify rscert ce
check_complete ARS-ECMP-MED-IGNORED rscert run ARS-EC
check_complete no-ecmp rscert run --server-fault no-e
check_complete --server-fault rscert run --serv
check_complete bird rscert run --target bi
check_complete gobgp rscert certify --nva go
check_complete merge rscert mer
check_complete --baseline rscert run --base
check_complete --out rscert merge out/s1 --o

mv "$tmp/moved/share/rscert/cases" "$tmp/cases.aside"
rc=0
"$bin/rscert" list >"$tmp/err" 2>&1 || rc=$?
grep -q "no catalogue found (looked in $tmp/moved/bin/../share/rscert/cases" "$tmp/err" && [ $rc -eq 2 ] ||
	{ echo "FAIL: without a catalogue: exit $rc, $(cat "$tmp/err")"; exit 1; }
RSCERT_CASES=$tmp/cases.aside "$bin/rscert" list >/dev/null 2>&1 ||
	{ echo "FAIL: RSCERT_CASES is not honoured"; exit 1; }
echo "install_move: $got cases listed and 3 run from a moved install; man pages and"
echo "  completion installed and working; a missing catalogue is named"
