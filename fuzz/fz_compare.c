/* fz_compare.c: semantic equality of two decoded messages. */
#include "fz_compare.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Flag bits a round trip keeps: the extended length bit is the encoder's
 * choice and the low four bits are ignored on receipt (RFC 4271 4.3). */
#define FZ_FLAGS_KEPT (BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE | BGP_AF_PARTIAL)

struct fz_cmp {
	char *why;
	size_t cap;
	int diff;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void fz_cmp_fail(struct fz_cmp *c, const char *fmt, ...)
{
	va_list ap;

	if (c->diff)
		return;
	c->diff = 1;
	va_start(ap, fmt);
	if (c->cap > 0)
		vsnprintf(c->why, c->cap, fmt, ap);
	va_end(ap);
}

static void fz_cmp_bytes(struct fz_cmp *c, const char *what, const void *a, size_t alen,
			 const void *b, size_t blen)
{
	if (alen != blen)
		fz_cmp_fail(c, "%s: length %zu vs %zu", what, alen, blen);
	else if (alen > 0 && memcmp(a, b, alen) != 0)
		fz_cmp_fail(c, "%s: bytes differ", what);
}

static void fz_cmp_u(struct fz_cmp *c, const char *what, unsigned long a, unsigned long b)
{
	if (a != b)
		fz_cmp_fail(c, "%s: %lu vs %lu", what, a, b);
}

static void fz_cmp_prefixes(struct fz_cmp *c, const char *what, const struct bgp_prefix *a,
			    size_t na, const struct bgp_prefix *b, size_t nb)
{
	fz_cmp_u(c, what, na, nb);
	for (size_t i = 0; i < na && i < nb; i++) {
		fz_cmp_u(c, what, a[i].afi, b[i].afi);
		fz_cmp_u(c, what, a[i].len, b[i].len);
		fz_cmp_u(c, what, a[i].path_id, b[i].path_id);
		fz_cmp_bytes(c, what, a[i].addr, 16, b[i].addr, 16);
	}
}

static void fz_cmp_as_path(struct fz_cmp *c, const char *what, const struct bgp_as_path *a,
			   const struct bgp_as_path *b)
{
	fz_cmp_u(c, what, a->nseg, b->nseg);
	for (size_t i = 0; i < a->nseg && i < b->nseg; i++) {
		fz_cmp_u(c, what, a->segs[i].type, b->segs[i].type);
		fz_cmp_bytes(c, what, a->segs[i].asns, a->segs[i].count * sizeof(uint32_t),
			     b->segs[i].asns, b->segs[i].count * sizeof(uint32_t));
	}
}

static void fz_cmp_attrs(struct fz_cmp *c, const struct bgp_attrs *a, const struct bgp_attrs *b)
{
	fz_cmp_bytes(c, "attributes present", a->present, sizeof(a->present), b->present,
		     sizeof(b->present));
	for (unsigned t = 0; t < 256; t++)
		if (bgp_attr_has(a, (uint8_t)t) &&
		    (a->flags[t] & FZ_FLAGS_KEPT) != (b->flags[t] & FZ_FLAGS_KEPT))
			fz_cmp_fail(c, "flags of attribute %u: 0x%02x vs 0x%02x", t, a->flags[t],
				    b->flags[t]);
	if (bgp_attr_has(a, BGP_ATTR_ORIGIN))
		fz_cmp_u(c, "ORIGIN", a->origin, b->origin);
	if (bgp_attr_has(a, BGP_ATTR_AS_PATH))
		fz_cmp_as_path(c, "AS_PATH", &a->as_path, &b->as_path);
	if (bgp_attr_has(a, BGP_ATTR_AS4_PATH))
		fz_cmp_as_path(c, "AS4_PATH", &a->as4_path, &b->as4_path);
	if (bgp_attr_has(a, BGP_ATTR_NEXT_HOP))
		fz_cmp_u(c, "NEXT_HOP", a->next_hop, b->next_hop);
	if (bgp_attr_has(a, BGP_ATTR_MED))
		fz_cmp_u(c, "MED", a->med, b->med);
	if (bgp_attr_has(a, BGP_ATTR_LOCAL_PREF))
		fz_cmp_u(c, "LOCAL_PREF", a->local_pref, b->local_pref);
	if (bgp_attr_has(a, BGP_ATTR_AGGREGATOR)) {
		fz_cmp_u(c, "AGGREGATOR as", a->aggregator.as, b->aggregator.as);
		fz_cmp_u(c, "AGGREGATOR addr", a->aggregator.addr, b->aggregator.addr);
	}
	if (bgp_attr_has(a, BGP_ATTR_AS4_AGGREGATOR)) {
		fz_cmp_u(c, "AS4_AGGREGATOR as", a->as4_aggregator.as, b->as4_aggregator.as);
		fz_cmp_u(c, "AS4_AGGREGATOR addr", a->as4_aggregator.addr,
			 b->as4_aggregator.addr);
	}
	if (bgp_attr_has(a, BGP_ATTR_COMMUNITIES))
		fz_cmp_bytes(c, "COMMUNITIES", a->communities, a->ncommunities * 4,
			     b->communities, b->ncommunities * 4);
	if (bgp_attr_has(a, BGP_ATTR_ORIGINATOR_ID))
		fz_cmp_u(c, "ORIGINATOR_ID", a->originator_id, b->originator_id);
	if (bgp_attr_has(a, BGP_ATTR_CLUSTER_LIST))
		fz_cmp_bytes(c, "CLUSTER_LIST", a->cluster_list, a->ncluster * 4, b->cluster_list,
			     b->ncluster * 4);
	if (bgp_attr_has(a, BGP_ATTR_EXT_COMMUNITIES))
		fz_cmp_bytes(c, "EXT_COMMUNITIES", a->ext_communities, a->next_communities * 8,
			     b->ext_communities, b->next_communities * 8);
	if (bgp_attr_has(a, BGP_ATTR_LARGE_COMMUNITY))
		fz_cmp_bytes(c, "LARGE_COMMUNITY", a->large,
			     a->nlarge * sizeof(struct bgp_large_community), b->large,
			     b->nlarge * sizeof(struct bgp_large_community));
	if (bgp_attr_has(a, BGP_ATTR_MP_REACH)) {
		fz_cmp_u(c, "MP_REACH afi", a->mp_reach.afi, b->mp_reach.afi);
		fz_cmp_u(c, "MP_REACH safi", a->mp_reach.safi, b->mp_reach.safi);
		fz_cmp_bytes(c, "MP_REACH next hop", a->mp_reach.nh, a->mp_reach.nh_len,
			     b->mp_reach.nh, b->mp_reach.nh_len);
		fz_cmp_prefixes(c, "MP_REACH nlri", a->mp_reach.prefixes, a->mp_reach.nprefix,
				b->mp_reach.prefixes, b->mp_reach.nprefix);
	}
	if (bgp_attr_has(a, BGP_ATTR_MP_UNREACH)) {
		fz_cmp_u(c, "MP_UNREACH afi", a->mp_unreach.afi, b->mp_unreach.afi);
		fz_cmp_u(c, "MP_UNREACH safi", a->mp_unreach.safi, b->mp_unreach.safi);
		fz_cmp_prefixes(c, "MP_UNREACH withdrawn", a->mp_unreach.prefixes,
				a->mp_unreach.nprefix, b->mp_unreach.prefixes,
				b->mp_unreach.nprefix);
	}
	fz_cmp_u(c, "unknown attributes", a->nunknown, b->nunknown);
	for (size_t i = 0; i < a->nunknown && i < b->nunknown; i++) {
		const struct bgp_raw_attr *x = &a->unknown[i], *y = &b->unknown[i];

		fz_cmp_u(c, "unknown attribute type", x->type, y->type);
		fz_cmp_u(c, "unknown attribute flags", x->flags & FZ_FLAGS_KEPT,
			 y->flags & FZ_FLAGS_KEPT);
		fz_cmp_bytes(c, "unknown attribute value", x->data, x->len, y->data, y->len);
	}
}

static void fz_cmp_afs(struct fz_cmp *c, const char *what, const struct bgp_afi_safi *a,
		       size_t na, const struct bgp_afi_safi *b, size_t nb)
{
	fz_cmp_u(c, what, na, nb);
	for (size_t i = 0; i < na && i < nb && i < BGP_MAX_AFS; i++) {
		fz_cmp_u(c, what, a[i].afi, b[i].afi);
		fz_cmp_u(c, what, a[i].safi, b[i].safi);
		fz_cmp_u(c, what, a[i].flags, b[i].flags);
	}
}

/* Capabilities the digest describes may be re-encoded in a canonical
 * order; the others must come back as they were, in order. */
static bool fz_cap_in_digest(uint8_t code)
{
	switch (code) {
	case BGP_CAP_MP:
	case BGP_CAP_ROUTE_REFRESH:
	case BGP_CAP_EXT_MSG:
	case BGP_CAP_GRACEFUL_RESTART:
	case BGP_CAP_AS4:
	case BGP_CAP_ADD_PATH:
	case BGP_CAP_ENHANCED_RR:
		return true;
	default:
		return false;
	}
}

static void fz_cmp_unknown_caps(struct fz_cmp *c, const struct bgp_open *a,
				const struct bgp_open *b)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < a->ncaps && fz_cap_in_digest(a->caps[i].code))
			i++;
		while (j < b->ncaps && fz_cap_in_digest(b->caps[j].code))
			j++;
		if (i == a->ncaps || j == b->ncaps)
			break;
		fz_cmp_u(c, "capability code", a->caps[i].code, b->caps[j].code);
		fz_cmp_bytes(c, "capability value", a->caps[i].data, a->caps[i].len,
			     b->caps[j].data, b->caps[j].len);
		i++;
		j++;
	}
	if (i != a->ncaps || j != b->ncaps)
		fz_cmp_fail(c, "a capability outside the digest was lost or added");
}

static void fz_cmp_open(struct fz_cmp *c, const struct bgp_open *a, const struct bgp_open *b)
{
	fz_cmp_u(c, "version", a->version, b->version);
	fz_cmp_u(c, "my AS", a->my_as, b->my_as);
	fz_cmp_u(c, "hold time", a->hold_time, b->hold_time);
	fz_cmp_u(c, "BGP ID", a->bgp_id, b->bgp_id);
	fz_cmp_unknown_caps(c, a, b);
	fz_cmp_u(c, "optional parameters", a->nparams, b->nparams);
	for (size_t i = 0; i < a->nparams && i < b->nparams; i++) {
		fz_cmp_u(c, "parameter type", a->params[i].type, b->params[i].type);
		fz_cmp_bytes(c, "parameter value", a->params[i].data, a->params[i].len,
			     b->params[i].data, b->params[i].len);
	}
	fz_cmp_u(c, "has_as4", a->has_as4, b->has_as4);
	fz_cmp_u(c, "as4", a->as4, b->as4);
	fz_cmp_u(c, "route_refresh", a->route_refresh, b->route_refresh);
	fz_cmp_u(c, "enhanced_rr", a->enhanced_rr, b->enhanced_rr);
	fz_cmp_u(c, "ext_msg", a->ext_msg, b->ext_msg);
	fz_cmp_afs(c, "multiprotocol", a->mp, a->nmp, b->mp, b->nmp);
	fz_cmp_u(c, "has_gr", a->has_gr, b->has_gr);
	fz_cmp_u(c, "gr flags/time", a->gr_flags_time, b->gr_flags_time);
	fz_cmp_afs(c, "graceful restart", a->gr, a->ngr, b->gr, b->ngr);
	fz_cmp_afs(c, "add-path", a->addpath, a->naddpath, b->addpath, b->naddpath);
}

int fz_attrs_compare(const struct bgp_attrs *a, const struct bgp_attrs *b, char *why, size_t cap)
{
	struct fz_cmp c = { why, cap, 0 };

	fz_cmp_attrs(&c, a, b);
	return c.diff;
}

int fz_msg_compare(const struct bgp_msg *a, const struct bgp_msg *b, char *why, size_t cap)
{
	struct fz_cmp c = { why, cap, 0 };

	fz_cmp_u(&c, "type", a->type, b->type);
	if (c.diff)
		return 1;
	switch (a->type) {
	case BGP_OPEN:
		fz_cmp_open(&c, &a->u.open, &b->u.open);
		break;
	case BGP_UPDATE:
		fz_cmp_prefixes(&c, "withdrawn", a->u.update.withdrawn, a->u.update.nwithdrawn,
				b->u.update.withdrawn, b->u.update.nwithdrawn);
		fz_cmp_attrs(&c, &a->u.update.attrs, &b->u.update.attrs);
		fz_cmp_prefixes(&c, "nlri", a->u.update.nlri, a->u.update.nnlri, b->u.update.nlri,
				b->u.update.nnlri);
		break;
	case BGP_NOTIFICATION:
		fz_cmp_u(&c, "code", a->u.notification.code, b->u.notification.code);
		fz_cmp_u(&c, "subcode", a->u.notification.subcode, b->u.notification.subcode);
		fz_cmp_bytes(&c, "data", a->u.notification.data, a->u.notification.len,
			     b->u.notification.data, b->u.notification.len);
		fz_cmp_u(&c, "shutdown text", a->u.notification.has_shutdown_text,
			 b->u.notification.has_shutdown_text);
		if (a->u.notification.has_shutdown_text && b->u.notification.has_shutdown_text)
			fz_cmp_bytes(&c, "shutdown text", a->u.notification.shutdown_text,
				     a->u.notification.shutdown_len,
				     b->u.notification.shutdown_text,
				     b->u.notification.shutdown_len);
		break;
	case BGP_ROUTE_REFRESH:
		fz_cmp_u(&c, "afi", a->u.route_refresh.afi, b->u.route_refresh.afi);
		fz_cmp_u(&c, "safi", a->u.route_refresh.safi, b->u.route_refresh.safi);
		fz_cmp_u(&c, "subtype", a->u.route_refresh.subtype, b->u.route_refresh.subtype);
		break;
	default:
		break;
	}
	return c.diff;
}
