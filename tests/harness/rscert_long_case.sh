#!/usr/bin/env bash
# rscert_long_case.sh RSCERT WORKDIR: a case has no fixed step limit. A case
# of 4 + 2 x 60 = 124 steps (there was a limit of 96) parses, runs and
# passes against the reference; the same case with its last expectation
# made false fails, so the run did reach the end of the script.
set -u
. "$(dirname "$0")/case_flip.sh"
rscert=$1 work=$2
rm -rf "$work" && mkdir -p "$work/cases" "$work/bad"
write_case() { # write_case FILE LAST-PREFIX
	{
		printf 'id ARS-LONG-SCRIPT\nlevel MUST\ntitle A script of 124 steps\n'
		printf 'requirement Every step of a long script runs.\nkeywords long\n'
		printf 'nva nva1 asn 65001 address 10.0.1.4 subnet 10.0.1.0/24 gateway 10.0.1.1'
		printf ' static 10.0.255.0/27 via 10.0.1.1\n'
		printf 'nva nva2 asn 65002 address 10.0.2.4 subnet 10.0.2.0/24 gateway 10.0.2.1'
		printf ' static 10.0.255.0/27 via 10.0.2.1\n'
		printf 'connect nva1\nconnect nva2\n'
		printf 'expect nva1 established within 2s\nexpect nva2 established within 2s\n'
		for i in $(seq 1 59); do
			printf 'announce nva1 10.200.%d.0/24\n' "$i"
			printf 'expect nva2 route 10.200.%d.0/24 path "65515 65001" within 2s\n' "$i"
		done
		printf 'announce nva1 10.200.60.0/24\n'
		printf 'expect nva2 route %s path "65515 65001" within 1s\n' "$2"
	} >"$1"
}
write_case "$work/cases/ARS-LONG-SCRIPT.case" 10.200.60.0/24
write_case "$work/bad/ARS-LONG-SCRIPT.case" 10.201.60.0/24
n=$(grep -c '^\(connect\|announce\|expect\)' "$work/cases/ARS-LONG-SCRIPT.case")
[ "$n" -eq 124 ] || { echo "the case has $n steps, not 124"; exit 1; }
case_flip "$rscert" "$work" ARS-LONG-SCRIPT 131
exit 0
