#!/usr/bin/env bash
# oracle_faults.sh RSCERT WORKDIR: the sender oracle catches a reference
# broken on purpose in cases that do not ask about it. Each row runs one case
# whose own expectations hold either way with one deliberate fault
# (rscert run --server-fault): the case must FAIL and its reason must name the
# oracle rule; without the fault the same cases must PASS.
set -u
rscert=$1 work=$2
. "$(dirname "$0")/fault_flip.sh"
# fault  case  the start of the reason: the oracle's rule
fault_flip oracle "$rscert" "$work" 'export-local-pref ARS-ADV-VNET sender oracle SEND-EBGP-LOCAL-PREF
no-partial-bit RFC4271-5-UNKNOWN-TRANSITIVE-KEPT sender oracle SEND-PARTIAL
no-prepend ARS-REFLECT-NOT-BACK sender oracle SEND-FIRST-AS
reflect-to-source ARS-BRANCH-TOGGLE sender oracle SEND-NEXT-HOP'
echo "oracle: $fault_bad problem(s)"
[ "$fault_bad" -eq 0 ]
