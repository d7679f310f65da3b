#!/usr/bin/env bash
# rscert_wide_case.sh RSCERT WORKDIR: a case has no fixed limit of fake NVAs
# or of an expectation's alternatives (there were limits of 12 and 4). A case
# of 14 NVAs (12 of them not configured on the server, each refused) whose
# last expectation has 6 alternatives (the refusal, 6/5 or a bare close, is
# the last two) parses, runs and passes against the reference; the same case
# with none of the 6 alternatives true fails at
# that line, so the run did reach the 14th NVA and weighed every alternative.
set -u
. "$(dirname "$0")/case_flip.sh"
rscert=$1 work=$2
rm -rf "$work" && mkdir -p "$work/cases" "$work/bad"
nva() { # nva N [unconfigured]
	printf 'nva nva%d asn %d address 10.0.%d.4 subnet 10.0.%d.0/24 gateway 10.0.%d.1' \
		"$1" $((65000 + $1)) "$1" "$1" "$1"
	printf ' static 10.0.255.0/27 via 10.0.%d.1 %s\n' "$1" "${2:-}"
}
write_case() { # write_case FILE FIFTH-ALTERNATIVE LAST-ALTERNATIVE
	{
		printf 'id ARS-WIDE-CASE\nlevel MUST\ntitle Fourteen fake NVAs\n'
		printf 'requirement Every NVA of a wide case runs (ARS-ONLY-CONFIGURED).\n'
		printf 'keywords wide\n'
		nva 1
		nva 2
		for i in $(seq 3 14); do nva "$i" unconfigured; done
		printf 'connect nva1\nconnect nva2\n'
		printf 'expect nva1 established within 2s\nexpect nva2 established within 2s\n'
		printf 'announce nva1 10.200.1.0/24\n'
		printf 'expect nva2 route 10.200.1.0/24 path "65515 65001" within 2s\n'
		for i in $(seq 3 13); do
			printf 'connect nva%d\nexpect nva%d notification 6/5 within 2s or closed within 2s\n' \
				"$i" "$i"
		done
		printf 'connect nva14\n'
		printf 'expect nva14 notification 6/1 within 1s or notification 6/2 within 1s'
		printf ' or notification 6/3 within 1s or notification 6/4 within 1s'
		printf ' or %s or %s\n' "$2" "$3"
	} >"$1"
}
write_case "$work/cases/ARS-WIDE-CASE.case" "notification 6/5 within 2s" "closed within 2s"
write_case "$work/bad/ARS-WIDE-CASE.case" "notification 6/6 within 1s" "established within 1s"
n=$(grep -c '^nva' "$work/cases/ARS-WIDE-CASE.case")
[ "$n" -eq 14 ] || { echo "the case has $n NVAs, not 14"; exit 1; }
case_flip "$rscert" "$work" ARS-WIDE-CASE "$(wc -l <"$work/bad/ARS-WIDE-CASE.case")"
