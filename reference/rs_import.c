/* rs_import.c: what the route server accepts from a peer (ARS-LOOP,
 * ARS-ASN-SAME, ARS-BRANCH). Every drop is treat-as-withdraw. */
#include "rs_export.h"
#include "rs_fault.h"

const char *rs_import_rule(enum rs_import_result r)
{
	switch (r) {
	case RS_IMPORT_ACCEPT:
		return "ACCEPT";
	case RS_IMPORT_DROP_LOOP:
	case RS_IMPORT_DROP_AS0:
		return "ARS-LOOP";
	case RS_IMPORT_DROP_SAME_AS:
		return "ARS-ASN-SAME";
	case RS_IMPORT_DROP_BRANCH:
		return "ARS-BRANCH";
	}
	return "?";
}

/* In AS_PATH: the caller has merged a usable AS4_PATH into it; one it could
 * not merge (longer than AS_PATH, RFC 6793 4.2.3) is ignored, as is one from
 * a 4-octet peer (the codec drops it, RFC 6793 4.1). */
static bool rs_import_path_has(const struct bgp_attrs *a, uint32_t asn)
{
	return rs_as_path_contains(&a->as_path, asn);
}

enum rs_import_result rs_import_check(const struct rs_config *c, const struct rs_peer_cfg *peer,
                                      const struct bgp_attrs *a, const struct bgp_prefix *p)
{
	if (!peer->gateway && peer->asn == c->asn)
		return RS_IMPORT_DROP_SAME_AS;
	if (peer->gateway && !c->branch_to_branch)
		return RS_IMPORT_DROP_BRANCH;
	if (rs_fault_on(c->faults, RS_FAULT_NO_LOOP_CHECK))
		return RS_IMPORT_ACCEPT;
	if (rs_import_path_has(a, c->asn) || rs_import_path_has(a, 65515))
		return RS_IMPORT_DROP_LOOP;
	if (rs_import_path_has(a, 0))
		return RS_IMPORT_DROP_AS0;
	return RS_IMPORT_ACCEPT;
}
