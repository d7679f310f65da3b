#!/usr/bin/env bash
# below_faults.sh RSCERT WORKDIR: the cases of the rules below BGP flip. The
# product has no TCP MD5 (ARS-NO-MD5) and no BFD (ARS-NO-BFD); the reference's
# faults tcp-md5 (its sockets carry the NVA's MD5 key, so the kernel accepts
# the signed SYN) and answer-bfd (it answers BFD control packets) give it each.
# With the fault the case must FAIL on the expectation of its rule (the reason
# names it); without, the same cases must PASS.
set -u
rscert=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
# fault  case  the start of the reason (after FILE:LINE: )
rows='tcp-md5 ARS-NO-MD5 expected kernel TCPMD5Unexpected rises
answer-bfd ARS-NO-BFD expected no bfd'
bad=0 ids=()
reason() { # report.json id -> "VERDICT<TAB>reason without its FILE:LINE"
	python3 -c 'import json,sys
for c in json.load(open(sys.argv[1]))["cases"]:
    if c["id"] == sys.argv[2]: print(c["verdict"] + "\t" + c["reason"].split(": ", 1)[-1])' "$1" "$2"
}
while read -r fault id want; do
	ids+=("$id")
	"$rscert" run --out "$work/$fault" --server-fault "$fault" -q "$id" >"$work/$fault.txt" 2>&1
	rc=$?
	got=$(reason "$work/$fault/report.json" "$id" 2>/dev/null)
	case "$got" in
	FAIL$'\t'"$want"*) echo "below: fault $fault: $id fails: ${got#*$'\t'}" ;;
	*)
		echo "below: fault $fault: $id should FAIL with '$want...'; got: ${got:-no report}"
		bad=$((bad + 1))
		;;
	esac
	[ "$rc" -eq 1 ] || { echo "below: fault $fault: exit $rc, expected 1"; bad=$((bad + 1)); }
done <<<"$rows"
# the signed session did come up under tcp-md5: the server's log shows it
if ! grep -q 'peer=nva1 .*to=Established' "$work/tcp-md5/cases/ARS-NO-MD5/server.log" 2>/dev/null; then
	echo "below: fault tcp-md5: no Established session of nva1 in the server's log"
	bad=$((bad + 1))
fi
if ! "$rscert" run --out "$work/control" -q "${ids[@]}" >"$work/control.txt" 2>&1; then
	echo "below: without a fault these cases do not all pass:"
	cat "$work/control.txt"
	bad=$((bad + 1))
fi
echo "below: ${#ids[@]} fault(s), $bad problem(s)"
[ "$bad" -eq 0 ]
