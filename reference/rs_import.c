/* rs_import.c: what the route server accepts from a peer (ARS-LOOP,
 * ARS-ASN-SAME, ARS-BRANCH). Every drop is treat-as-withdraw. */
#include "rs_export.h"

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

enum rs_import_result rs_import_check(const struct rs_config *c, const struct rs_peer_cfg *peer,
                                      const struct bgp_attrs *a, const struct bgp_prefix *p)
{
	if (!peer->gateway && peer->asn == c->asn)
		return RS_IMPORT_DROP_SAME_AS;
	if (peer->gateway && !c->branch_to_branch)
		return RS_IMPORT_DROP_BRANCH;
	if (rs_as_path_contains(&a->as_path, c->asn) ||
	    (c->asn != 65515 && rs_as_path_contains(&a->as_path, 65515)) ||
	    rs_as_path_contains(&a->as4_path, c->asn))
		return RS_IMPORT_DROP_LOOP;
	if (rs_as_path_contains(&a->as_path, 0) || rs_as_path_contains(&a->as4_path, 0))
		return RS_IMPORT_DROP_AS0;
	return RS_IMPORT_ACCEPT;
}
