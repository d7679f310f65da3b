/* rs_fault.h: deliberate misbehaviour of the reference route server.
 *
 * A conformance case that cannot fail proves nothing. Each fault below
 * breaks one rule of docs/SPEC.md on purpose (config line `fault NAME`, or
 * `rscert run --server-fault NAME`), so the test suite can show that the
 * cases for that rule then fail. Never enable one in normal use. */
#ifndef RSCERT_RS_FAULT_H
#define RSCERT_RS_FAULT_H

#include <stdbool.h>
#include <stdint.h>

enum rs_fault {
	RS_FAULT_NO_ECMP = 1u << 0,            /* ARS-ECMP: keep one path of an equal-length set */
	RS_FAULT_IGNORE_PATH_LENGTH = 1u << 1, /* ARS-SHORTEST: every path is "best" */
	RS_FAULT_NO_ROUTE_LIMIT = 1u << 2,     /* ARS-LIMIT-ROUTES: never drop the session */
	RS_FAULT_NO_PREPEND = 1u << 3,         /* ARS-REFLECT: 65515 not prepended */
	RS_FAULT_REFLECT_TO_SOURCE = 1u << 4,  /* ARS-REFLECT: routes go back to their source */
	RS_FAULT_NO_LOOP_CHECK = 1u << 5,      /* ARS-LOOP: 65515 / AS 0 paths accepted */
	RS_FAULT_PROGRAM_SYSTEM = 1u << 6,     /* ARS-SYSTEM-WINS: VNet-covered routes programmed */
	RS_FAULT_IGNORE_NO_ADVERTISE = 1u << 7, /* ARS-COMMUNITIES */
	RS_FAULT_ACCEPT_RESERVED_ASN = 1u << 8, /* ARS-ASN-RESERVED */
	RS_FAULT_ACCEPT_UNKNOWN_PEER = 1u << 9, /* ARS-ONLY-CONFIGURED */
	RS_FAULT_IGNORE_PEER_ASN = 1u << 10,    /* ARS-ASN-MISMATCH: no 2/2 */
	RS_FAULT_NO_HOLD_TIMER = 1u << 11,      /* ARS-FLAP-TIMERS: silent peers stay up */
	RS_FAULT_RESET_ON_7606 = 1u << 12,      /* RFC 7606: every UPDATE error resets */
	RS_FAULT_NEXT_HOP_PEER = 1u << 13,      /* ARS-REFLECT: NEXT_HOP not set to self */
	RS_FAULT_NO_VNET_REFRESH = 1u << 14,    /* ARS-VNET-PEERING: no ROUTE-REFRESH */
	RS_FAULT_NO_VNET_ADVERT = 1u << 15,     /* ARS-ADV-VNET: VNet space not advertised */
	RS_FAULT_NO_PEER_LIMIT = 1u << 16,      /* ARS-LIMIT-PEERS */
	RS_FAULT_SEND_GR = 1u << 17,            /* ARS-NO-GR: graceful restart advertised */
	RS_FAULT_NO_INSTANCE_DIFF = 1u << 18,   /* ARS-INSTANCES-VM: inconsistencies not reported */
	RS_FAULT_EXPORT_LOCAL_PREF = 1u << 19,  /* RFC 4271 5.1.5: LOCAL_PREF to eBGP NVAs */
	RS_FAULT_NO_PARTIAL_BIT = 1u << 20,     /* RFC 4271 5: passed unknown attrs not Partial */
	RS_FAULT_TCP_MD5 = 1u << 21,            /* ARS-NO-MD5: peers' `md5 KEY` used (TCP_MD5SIG) */
	RS_FAULT_ANSWER_BFD = 1u << 22,         /* ARS-NO-BFD: BFD control packets answered */
};

/* The fault for a name, 0 when unknown. */
uint32_t rs_fault_parse(const char *name);
/* Every fault name, NULL-terminated, for --help and errors. */
const char *const *rs_fault_names(void);

static inline bool rs_fault_on(uint32_t faults, enum rs_fault f)
{
	return (faults & (uint32_t)f) != 0;
}

#endif
