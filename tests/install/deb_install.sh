#!/usr/bin/env bash
# Build the .deb with CPack, check its Depends (from the linked libraries)
# and Recommends, unpack it into a fresh root and run catalogue cases from
# there. Label slow: cpack installs the whole tree into its staging area.
# Usage: deb_install.sh BUILD_DIR
set -euo pipefail
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset RSCERT_CASES RSCERT_RSD RSCERT_TARGETS

(cd "$build" && cpack -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) ||
	{ echo "FAIL: cpack: $(tail -5 "$tmp/cpack.log")"; exit 1; }
deb=$(ls "$tmp"/pkg/rscert_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
recommends=$(dpkg-deb -f "$deb" Recommends)
echo "$depends" | grep -q 'libc6 (>=' || { echo "FAIL: Depends lacks libc6: '$depends'"; exit 1; }
# Every library a program links must be covered: its package is in Depends.
for prog in rscert rscert-rsd rscert-load; do
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "./usr/bin/$prog"
	needed=$(objdump -p "$tmp/usr/bin/$prog" | awk '/NEEDED/ {print $2}')
	for lib in $(ldd "$tmp/usr/bin/$prog" | awk -v n="$needed" \
		'BEGIN {split(n, a, "\n"); for (i in a) want[a[i]] = 1} $3 ~ /^\// && want[$1] {print $3}'); do
		pkg=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -1 | cut -d: -f1) || true
		case $pkg in libasan* | libubsan*) continue ;; esac # the sanitised test build
		[ -z "$pkg" ] || echo "$depends" | grep -q "${pkg%%:*}" ||
			{ echo "FAIL: $prog links $lib ($pkg), not in Depends: '$depends'"; exit 1; }
	done
done
[ "$recommends" = "bird2, frr, gobgpd, tshark" ] ||
	{ echo "FAIL: Recommends is '$recommends'"; exit 1; }

dpkg-deb -x "$deb" "$tmp/root"
bin=$tmp/root/usr/bin
[ -f "$tmp/root/usr/share/man/man1/rscert.1" ] || [ ! -d "$build/man" ] ||
	{ echo "FAIL: the package has no man pages"; exit 1; }
"$bin/rscert" run ARS-ECMP ARS-LIMIT-ROUTES-201 RFC7606-7.3-NEXT-HOP-ZERO --out "$tmp/out" -q ||
	{ echo "FAIL: the run from the unpacked package exited $?"; exit 1; }
n=$(grep -c '<testcase ' "$tmp/out/report.junit.xml")
[ "$n" -eq 3 ] || { echo "FAIL: $n results, want 3"; exit 1; }
echo "deb_install: $(basename "$deb"), Depends: $depends; 3 cases run from the unpacked root"
