/* h_wire_mal.c: the named malformed messages of the catalogue, one table
 * row each (name, builder, what it breaks). `send NVA malformed NAME` looks
 * the name up here, at parse time and again when it sends. */
#include "h_wire.h"

#include <stdio.h>
#include <string.h>

#define H_N(t) (sizeof(t) / sizeof((t)[0]))

enum { H_SKIP_ORIGIN = 1, H_SKIP_PATH = 2, H_SKIP_NH = 4 };

/* ---- header and OPEN ---- */
/* A KEEPALIVE with n bytes at offset at replaced by b. */
static size_t h_mal_ka(uint8_t *out, size_t cap, size_t at, const uint8_t *b, size_t n)
{
	size_t len = h_wire_keepalive(out, cap);

	if (len)
		memcpy(out + at, b, n);
	return len;
}

static size_t h_mal_bad_marker(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	static const uint8_t zero = 0x00;

	(void)c;
	return h_mal_ka(out, cap, 0, &zero, 1);
}

static size_t h_mal_length_short(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	static const uint8_t len[2] = {0, 18};

	(void)c;
	return h_mal_ka(out, cap, BGP_MARKER_LEN, len, 2);
}

static size_t h_mal_length_long(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	static const uint8_t len[2] = {0x10, 0x01}; /* 4097 */

	(void)c;
	return h_mal_ka(out, cap, BGP_MARKER_LEN, len, 2);
}

static size_t h_mal_keepalive_long(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	struct bgp_wbuf w;

	(void)c;
	h_wire_begin(&w, out, cap, BGP_KEEPALIVE);
	bgp_wb_u8(&w, 0);
	return h_wire_end(&w);
}

static size_t h_mal_bad_type(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	struct bgp_wbuf w;

	(void)c;
	h_wire_begin(&w, out, cap, 9);
	return h_wire_end(&w);
}

static size_t h_mal_refresh_length(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	static const uint8_t body[] = {0x00, 0x01, 0x00, 0x01, 0x00};
	struct bgp_wbuf w;

	(void)c;
	h_wire_begin(&w, out, cap, BGP_ROUTE_REFRESH);
	bgp_wb_bytes(&w, body, sizeof(body));
	return h_wire_end(&w);
}

static size_t h_mal_open_v3(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	return h_wire_open_raw(c, 3, (uint16_t)c->hold, c->router_id, NULL, 0, out, cap);
}

static size_t h_mal_open_id0(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	return h_wire_open_raw(c, 4, (uint16_t)c->hold, 0, NULL, 0, out, cap);
}

static size_t h_mal_open_hold1(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	return h_wire_open_raw(c, 4, 1, c->router_id, NULL, 0, out, cap);
}

static size_t h_mal_open_hold2(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	return h_wire_open_raw(c, 4, 2, c->router_id, NULL, 0, out, cap);
}

static size_t h_mal_open_param(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	static const uint8_t extra[] = {3, 2, 0xAB, 0xCD};

	return h_wire_open_raw(c, 4, (uint16_t)c->hold, c->router_id, extra, sizeof(extra), out,
	                       cap);
}

static size_t h_mal_open_short(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	size_t len = h_wire_open_raw(c, 4, (uint16_t)c->hold, c->router_id, NULL, 0, out, cap);

	if (!len)
		return 0;
	/* cut the message after the BGP identifier, length says so */
	len = BGP_HEADER_LEN + 9;
	out[16] = 0;
	out[17] = (uint8_t)len;
	return len;
}

/* ---- UPDATE ---- */
/* ORIGIN IGP, AS_PATH (path, or the sender's ASN), NEXT_HOP, but those in skip. */
static void h_mal_std(const struct h_wctx *c, unsigned skip, const char *path, struct bgp_wbuf *a)
{
	uint8_t pb[1024], nh[4], origin = BGP_ORIGIN_IGP;
	char own[16];
	struct bgp_wbuf p;

	snprintf(own, sizeof(own), "%u", c->asn);
	if (!(skip & H_SKIP_ORIGIN))
		h_wire_attr(a, BGP_AF_TRANSITIVE, BGP_ATTR_ORIGIN, &origin, 1);
	if (!(skip & H_SKIP_PATH)) {
		bgp_wb_init(&p, pb, sizeof(pb));
		if (h_wire_as_path(path ? path : own, c->as4, &p))
			a->err = true;
		h_wire_attr(a, BGP_AF_TRANSITIVE, BGP_ATTR_AS_PATH, pb, p.off);
	}
	if (!(skip & H_SKIP_NH)) {
		nh[0] = (uint8_t)(c->next_hop >> 24);
		nh[1] = (uint8_t)(c->next_hop >> 16);
		nh[2] = (uint8_t)(c->next_hop >> 8);
		nh[3] = (uint8_t)c->next_hop;
		h_wire_attr(a, BGP_AF_TRANSITIVE, BGP_ATTR_NEXT_HOP, nh, 4);
	}
}

/* An UPDATE with attribute field attrs and NLRI field nlri (NULL: the
 * context's prefix). */
static size_t h_mal_update(const struct h_wctx *c, const struct bgp_wbuf *attrs,
                           const uint8_t *nlri, size_t nlen, uint8_t *out, size_t cap)
{
	uint8_t own[1 + 16];

	if (attrs->err)
		return 0;
	if (!nlri) {
		own[0] = c->pfx.len;
		memcpy(own + 1, c->pfx.addr, (size_t)(c->pfx.len + 7) / 8);
		nlri = own;
		nlen = 1 + (size_t)(c->pfx.len + 7) / 8;
	}
	return h_wire_update(NULL, 0, attrs->p, attrs->off, nlri, nlen, out, cap);
}

/* An UPDATE with the standard attributes and NLRI field nlri (NULL: the
 * context's prefix), for the builders that then break its framing. */
static size_t h_mal_std_update(const struct h_wctx *c, const uint8_t *nlri, size_t nlen,
                               uint8_t *out, size_t cap)
{
	uint8_t ab[256];
	struct bgp_wbuf a;

	bgp_wb_init(&a, ab, sizeof(ab));
	h_mal_std(c, 0, NULL, &a);
	return h_mal_update(c, &a, nlri, nlen, out, cap);
}

/* The withdrawn routes length is 0 (bytes 19-20), the total path attribute
 * length follows it (bytes 21-22). */
static size_t h_mal_total_overrun(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	size_t len = h_mal_std_update(c, NULL, 0, out, cap);

	if (len) {
		/* total path attribute length 40 bytes past the message */
		size_t alen = (size_t)out[21] << 8 | out[22];

		out[21] = (uint8_t)((alen + 40) >> 8);
		out[22] = (uint8_t)(alen + 40);
	}
	return len;
}

static size_t h_mal_withdrawn_overrun(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	size_t len = h_mal_std_update(c, NULL, 0, out, cap);

	if (len) {
		out[19] = 0x0F;
		out[20] = 0xFF;
	}
	return len;
}

static size_t h_mal_nlri_length(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	uint8_t nlri[6] = {33};

	memcpy(nlri + 1, c->pfx.addr, 4);
	return h_mal_std_update(c, nlri, sizeof(nlri), out, cap);
}

static void h_mal_attr_overrun(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_std(c, 0, NULL, a);
	/* a MED whose length runs past the attribute list */
	bgp_wb_u8(a, BGP_AF_OPTIONAL);
	bgp_wb_u8(a, BGP_ATTR_MED);
	bgp_wb_u8(a, 30);
	bgp_wb_u32(a, 5);
}

static void h_mal_origin_invalid(const struct h_wctx *c, struct bgp_wbuf *a)
{
	uint8_t d = 3;

	h_wire_attr(a, BGP_AF_TRANSITIVE, BGP_ATTR_ORIGIN, &d, 1);
	h_mal_std(c, H_SKIP_ORIGIN, NULL, a);
}

static void h_mal_origin_length(const struct h_wctx *c, struct bgp_wbuf *a)
{
	uint8_t d[2] = {0};

	h_wire_attr(a, BGP_AF_TRANSITIVE, BGP_ATTR_ORIGIN, d, 2);
	h_mal_std(c, H_SKIP_ORIGIN, NULL, a);
}

static void h_mal_origin_flags(const struct h_wctx *c, struct bgp_wbuf *a)
{
	uint8_t d = 0;

	h_wire_attr(a, BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE, BGP_ATTR_ORIGIN, &d, 1);
	h_mal_std(c, H_SKIP_ORIGIN, NULL, a);
}

/* An AS_PATH of one segment of a type that claims n ASNs but holds one. */
static void h_mal_path_seg(const struct h_wctx *c, uint8_t type, uint8_t n, struct bgp_wbuf *a)
{
	uint8_t d[6] = {type, n};

	h_mal_std(c, H_SKIP_PATH, NULL, a);
	if (c->as4) {
		d[2] = (uint8_t)(c->asn >> 24);
		d[3] = (uint8_t)(c->asn >> 16);
		d[4] = (uint8_t)(c->asn >> 8);
		d[5] = (uint8_t)c->asn;
	} else {
		d[2] = (uint8_t)(c->asn >> 8);
		d[3] = (uint8_t)c->asn;
	}
	h_wire_attr(a, BGP_AF_TRANSITIVE, BGP_ATTR_AS_PATH, d, c->as4 ? 6 : 4);
}

static void h_mal_aspath_malformed(const struct h_wctx *c, struct bgp_wbuf *a)
{
	uint8_t d[6] = {BGP_SEG_SEQUENCE, 3};

	/* the ASN's high octets even without 4-octet ASNs, as always sent */
	h_mal_std(c, H_SKIP_PATH, NULL, a);
	d[2] = (uint8_t)(c->asn >> 24);
	d[3] = (uint8_t)(c->asn >> 16);
	d[4] = (uint8_t)(c->asn >> 8);
	d[5] = (uint8_t)c->asn;
	h_wire_attr(a, BGP_AF_TRANSITIVE, BGP_ATTR_AS_PATH, d, c->as4 ? 6 : 4);
}

static void h_mal_aspath_segtype(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_path_seg(c, 7, 1, a);
}

/* The standard attributes but skip, then one attribute of len bytes d. */
static void h_mal_plus(const struct h_wctx *c, unsigned skip, uint8_t flags, uint8_t type,
                       const uint8_t *d, size_t len, struct bgp_wbuf *a)
{
	h_mal_std(c, skip, NULL, a);
	h_wire_attr(a, flags, type, d, len);
}

static const uint8_t h_zero[8];
static const uint8_t h_ten_nine[4] = {10, 0, 0, 9};

static void h_mal_nh_length(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_plus(c, H_SKIP_NH, BGP_AF_TRANSITIVE, BGP_ATTR_NEXT_HOP, h_zero, 5, a);
}

static void h_mal_nh_zero(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_plus(c, H_SKIP_NH, BGP_AF_TRANSITIVE, BGP_ATTR_NEXT_HOP, h_zero, 4, a);
}

static void h_mal_med_length(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_plus(c, 0, BGP_AF_OPTIONAL, BGP_ATTR_MED, h_zero, 3, a);
}

static void h_mal_local_pref(const struct h_wctx *c, struct bgp_wbuf *a)
{
	static const uint8_t lp[4] = {0, 0, 0, 200};

	h_mal_plus(c, 0, BGP_AF_TRANSITIVE, BGP_ATTR_LOCAL_PREF, lp, 4, a);
}

static void h_mal_atomic_length(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_plus(c, 0, BGP_AF_TRANSITIVE, BGP_ATTR_ATOMIC_AGGREGATE, h_zero, 1, a);
}

static void h_mal_aggregator_length(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_plus(c, 0, BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE, BGP_ATTR_AGGREGATOR, h_zero, 5, a);
}

static void h_mal_communities_length(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_plus(c, 0, BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE, BGP_ATTR_COMMUNITIES, h_zero, 5, a);
}

static void h_mal_originator(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_plus(c, 0, BGP_AF_OPTIONAL, BGP_ATTR_ORIGINATOR_ID, h_ten_nine, 4, a);
}

static void h_mal_cluster_list(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_plus(c, 0, BGP_AF_OPTIONAL, BGP_ATTR_CLUSTER_LIST, h_ten_nine, 4, a);
}

static void h_mal_unknown_wellknown(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_plus(c, 0, BGP_AF_TRANSITIVE, 222, h_zero, 2, a);
}

static void h_mal_mp_reach_nh(const struct h_wctx *c, struct bgp_wbuf *a)
{
	static const uint8_t mp[] = {0, 1, 1, 3, 10, 0, 1, 0, 16, 10, 77};

	h_mal_plus(c, 0, BGP_AF_OPTIONAL, BGP_ATTR_MP_REACH, mp, sizeof(mp), a);
}

static void h_mal_missing_origin(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_std(c, H_SKIP_ORIGIN, NULL, a);
}

static void h_mal_missing_aspath(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_std(c, H_SKIP_PATH, NULL, a);
}

static void h_mal_missing_nexthop(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_std(c, H_SKIP_NH, NULL, a);
}

static void h_mal_duplicate_origin(const struct h_wctx *c, struct bgp_wbuf *a)
{
	uint8_t d = 0;

	h_wire_attr(a, BGP_AF_TRANSITIVE, BGP_ATTR_ORIGIN, &d, 1);
	d = 2;
	h_wire_attr(a, BGP_AF_TRANSITIVE, BGP_ATTR_ORIGIN, &d, 1);
	h_mal_std(c, H_SKIP_ORIGIN, NULL, a);
}

/* The sender's ASN, then middle, then 65003. */
static void h_mal_path_with(const struct h_wctx *c, const char *middle, struct bgp_wbuf *a)
{
	char path[64];

	snprintf(path, sizeof(path), "%u %s 65003", c->asn, middle);
	h_mal_std(c, 0, path, a);
}

static void h_mal_own_asn(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_path_with(c, "65515", a);
}

static void h_mal_as0(const struct h_wctx *c, struct bgp_wbuf *a)
{
	h_mal_path_with(c, "0", a);
}

#define MSG(n, f, d)                                                                               \
	{                                                                                          \
		.name = n, .msg = f, .doc = d                                                      \
	}
#define ATTRS(n, f, d)                                                                             \
	{                                                                                          \
		.name = n, .attrs = f, .doc = d                                                    \
	}

static const struct h_wire_mal h_mal_table[] = {
    MSG("bad-marker", h_mal_bad_marker, "a KEEPALIVE whose marker is not all ones (1/1)"),
    MSG("bad-length-short", h_mal_length_short, "a KEEPALIVE whose length says 18 (1/2)"),
    MSG("bad-length-long", h_mal_length_long, "a KEEPALIVE whose length says 4097 (1/2)"),
    MSG("keepalive-long", h_mal_keepalive_long, "a KEEPALIVE with one byte of body (1/2)"),
    MSG("bad-type", h_mal_bad_type, "a message of type 9 (1/3)"),
    MSG("refresh-bad-length", h_mal_refresh_length, "a ROUTE-REFRESH one byte too long"),
    MSG("open-version-3", h_mal_open_v3, "an OPEN of version 3, for `connect NVA raw` (2/1)"),
    MSG("open-bad-bgp-id", h_mal_open_id0, "an OPEN with BGP identifier 0.0.0.0 (2/3)"),
    MSG("open-hold-1", h_mal_open_hold1, "an OPEN with hold time 1 (2/6)"),
    MSG("open-hold-2", h_mal_open_hold2, "an OPEN with hold time 2 (2/6)"),
    MSG("open-unsupported-param", h_mal_open_param, "an OPEN with optional parameter type 3 (2/4)"),
    MSG("open-short", h_mal_open_short, "an OPEN cut after the BGP identifier"),
    MSG("update-withdrawn-overrun", h_mal_withdrawn_overrun,
        "an UPDATE whose withdrawn length runs past the message (3/1)"),
    MSG("update-total-attr-overrun", h_mal_total_overrun,
        "an UPDATE whose total attribute length runs past the message (3/1)"),
    ATTRS("update-attr-overrun", h_mal_attr_overrun,
          "a MED whose length runs past the attribute field"),
    ATTRS("origin-invalid", h_mal_origin_invalid, "ORIGIN 3"),
    ATTRS("origin-bad-length", h_mal_origin_length, "an ORIGIN of two bytes"),
    ATTRS("origin-flags", h_mal_origin_flags, "an ORIGIN flagged optional"),
    ATTRS("aspath-malformed", h_mal_aspath_malformed,
          "an AS_PATH segment that claims three ASNs and holds one"),
    ATTRS("aspath-bad-segment-type", h_mal_aspath_segtype, "an AS_PATH segment of type 7"),
    ATTRS("aspath-own-asn", h_mal_own_asn, "an AS_PATH holding 65515, the server's ASN"),
    ATTRS("aspath-as0", h_mal_as0, "an AS_PATH holding AS 0"),
    ATTRS("nexthop-bad-length", h_mal_nh_length, "a NEXT_HOP of five bytes"),
    ATTRS("nexthop-zero", h_mal_nh_zero, "NEXT_HOP 0.0.0.0"),
    ATTRS("med-bad-length", h_mal_med_length, "a MULTI_EXIT_DISC of three bytes"),
    ATTRS("local-pref-ebgp", h_mal_local_pref, "a LOCAL_PREF from an eBGP peer"),
    ATTRS("atomic-aggregate-bad-length", h_mal_atomic_length, "an ATOMIC_AGGREGATE of one byte"),
    ATTRS("aggregator-bad-length", h_mal_aggregator_length, "an AGGREGATOR of five bytes"),
    ATTRS("communities-bad-length", h_mal_communities_length, "a COMMUNITIES of five bytes"),
    ATTRS("originator-id-ebgp", h_mal_originator, "an ORIGINATOR_ID from an eBGP peer"),
    ATTRS("cluster-list-ebgp", h_mal_cluster_list, "a CLUSTER_LIST from an eBGP peer"),
    ATTRS("missing-origin", h_mal_missing_origin, "no ORIGIN"),
    ATTRS("missing-aspath", h_mal_missing_aspath, "no AS_PATH"),
    ATTRS("missing-nexthop", h_mal_missing_nexthop, "no NEXT_HOP"),
    ATTRS("duplicate-origin", h_mal_duplicate_origin, "ORIGIN twice (IGP, then INCOMPLETE)"),
    ATTRS("unknown-wellknown", h_mal_unknown_wellknown,
          "an unrecognised well-known attribute, type 222 (3/2)"),
    MSG("nlri-bad-length", h_mal_nlri_length, "an NLRI of prefix length 33"),
    ATTRS("mp-reach-bad-nexthop-length", h_mal_mp_reach_nh,
          "an MP_REACH_NLRI with a next hop of three bytes"),
};

const struct h_wire_mal *h_wire_malformed_table(size_t *n)
{
	*n = H_N(h_mal_table);
	return h_mal_table;
}

const struct h_wire_mal *h_wire_malformed_find(const char *name)
{
	size_t i;

	for (i = 0; i < H_N(h_mal_table); i++)
		if (!strcmp(h_mal_table[i].name, name))
			return &h_mal_table[i];
	return NULL;
}

int h_wire_malformed(const char *name, const struct h_wctx *c, uint8_t *out, size_t cap,
                     size_t *len)
{
	const struct h_wire_mal *m = h_wire_malformed_find(name);
	uint8_t ab[H_WIRE_MAX];
	struct bgp_wbuf a;

	*len = 0;
	if (!m)
		return -1;
	if (m->msg) {
		*len = m->msg(c, out, cap);
	} else {
		bgp_wb_init(&a, ab, sizeof(ab));
		m->attrs(c, &a);
		*len = h_mal_update(c, &a, NULL, 0, out, cap);
	}
	return *len ? 0 : -1;
}
