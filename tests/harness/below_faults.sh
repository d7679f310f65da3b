#!/usr/bin/env bash
# below_faults.sh RSCERT WORKDIR: the cases of the rules below BGP flip. The
# product has no TCP MD5 (ARS-NO-MD5) and no BFD (ARS-NO-BFD); the reference's
# faults tcp-md5 (its sockets carry the NVA's MD5 key, so the kernel accepts
# the signed SYN) and answer-bfd (it answers BFD control packets) give it each.
# With the fault the case must FAIL on the expectation of its rule (the reason
# names it); without, the same cases must PASS.
set -u
rscert=$1 work=$2
. "$(dirname "$0")/fault_flip.sh"
# fault  case  the start of the reason (after FILE:LINE: )
fault_flip below "$rscert" "$work" 'tcp-md5 ARS-NO-MD5 expected kernel TCPMD5Unexpected rises
answer-bfd ARS-NO-BFD expected no bfd'
bad=$fault_bad
# the signed session did come up under tcp-md5: the server's log shows it
if ! grep -q 'peer=nva1 .*to=Established' "$work/tcp-md5/cases/ARS-NO-MD5/server.log" 2>/dev/null; then
	echo "below: fault tcp-md5: no Established session of nva1 in the server's log"
	bad=$((bad + 1))
fi
echo "below: $bad problem(s)"
[ "$bad" -eq 0 ]
