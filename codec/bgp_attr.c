/* bgp_attr.c: the table of path attributes the codec knows, one row per
 * type code: name, expected flags, length rule, RFC 7606 action when
 * malformed, and the decode, encode and format functions of the row.
 * The generic loop that applies the table lives in bgp_decode_update.c. */
#include "bgp_int.h"

#include <stdio.h>

#define OPT   BGP_AF_OPTIONAL
#define TRANS BGP_AF_TRANSITIVE

static void *bgp_attr_array(struct bgp_upd_state *st, size_t n, size_t size)
{
	return bgp_arena_alloc(st->arena, (n ? n : 1) * size);
}

/* A discard that is not an error, only a rule (e.g. from an eBGP peer). */
static enum bgp_attr_res bgp_attr_ignore(struct bgp_upd_state *st, struct bgp_attr_in *in,
                                         const char *rule, const char *reason)
{
	bgp_verdict_raise(st->v, BGP_ACT_ATTR_DISCARD, 0, 0, in->type, rule, reason, NULL, 0);
	bgp_verdict_note_discard(st->v, in->type);
	return BGP_ATTR_DROP;
}

/* ---- ORIGIN (RFC 4271 5.1.1, RFC 7606 7.1) ---- */
static enum bgp_attr_res bgp_origin_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	if (in->val[0] > BGP_ORIGIN_INCOMPLETE) {
		in->subcode = BGP_UPD_INVALID_ORIGIN;
		return BGP_ATTR_MALFORMED;
	}
	st->u->attrs.origin = in->val[0];
	return BGP_ATTR_KEEP;
}

static void bgp_origin_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx, struct bgp_wbuf *w)
{
	bgp_wb_u8(w, a->origin);
}

static void bgp_origin_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	static const char *const names[] = {"IGP", "EGP", "INCOMPLETE"};

	if (a->origin <= BGP_ORIGIN_INCOMPLETE)
		bgp_fmt(out, cap, n, " ORIGIN=%s", names[a->origin]);
	else
		bgp_fmt(out, cap, n, " ORIGIN=%u", a->origin);
}

/* ---- AS_PATH (RFC 4271 5.1.2, RFC 6793, RFC 7606 7.2) ---- */
static enum bgp_attr_res bgp_as_path_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	const struct bgp_ctx *ctx = st->ctx;
	struct bgp_as_path *p = &st->u->attrs.as_path;
	int r = bgp_as_path_decode(in->val, in->len, ctx->as4 ? 4 : 2, true, st->arena, p);

	if (r == -2)
		return BGP_ATTR_NOMEM;
	in->subcode = BGP_UPD_MALFORMED_AS_PATH;
	if (r != 0)
		return BGP_ATTR_MALFORMED;
	/* RFC 4271 6.3: the leftmost AS of an external peer's path. */
	if (ctx->enforce_first_as && !ctx->ibgp && ctx->peer_as != 0 &&
	    (p->nseg == 0 || p->segs[0].type != BGP_SEG_SEQUENCE ||
	     p->segs[0].asns[0] != ctx->peer_as))
		return BGP_ATTR_MALFORMED;
	return BGP_ATTR_KEEP;
}

static void bgp_as_path_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx,
                            struct bgp_wbuf *w)
{
	bgp_as_path_write(w, &a->as_path, ctx->as4 ? 4 : 2, false);
}

static void bgp_as_path_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	bgp_fmt(out, cap, n, " AS_PATH=");
	*n += bgp_format_as_path(&a->as_path, " ", *n < cap ? out + *n : NULL,
	                         *n < cap ? cap - *n : 0);
}

/* ---- NEXT_HOP (RFC 4271 5.1.3, RFC 7606 7.3) ---- */
static enum bgp_attr_res bgp_next_hop_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	uint32_t nh = bgp_get32(in->val);

	/* Syntactically no host address: 0.0.0.0, broadcast, multicast. */
	if (nh == 0 || nh == 0xffffffffu || (nh >> 28) == 0xe) {
		in->subcode = BGP_UPD_INVALID_NEXT_HOP;
		return BGP_ATTR_MALFORMED;
	}
	st->u->attrs.next_hop = nh;
	return BGP_ATTR_KEEP;
}

static void bgp_next_hop_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx,
                             struct bgp_wbuf *w)
{
	bgp_wb_u32(w, a->next_hop);
}

static void bgp_next_hop_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	bgp_fmt(out, cap, n, " NEXT_HOP=");
	bgp_fmt_ipv4(out, cap, n, a->next_hop);
}

/* ---- MED, LOCAL_PREF, ORIGINATOR_ID: one 4-byte value ---- */
static enum bgp_attr_res bgp_med_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	st->u->attrs.med = bgp_get32(in->val);
	return BGP_ATTR_KEEP;
}

static void bgp_med_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx, struct bgp_wbuf *w)
{
	bgp_wb_u32(w, a->med);
}

static void bgp_med_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	bgp_fmt(out, cap, n, " MED=%u", (unsigned)a->med);
}

static enum bgp_attr_res bgp_local_pref_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	st->u->attrs.local_pref = bgp_get32(in->val);
	return BGP_ATTR_KEEP;
}

static void bgp_local_pref_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx,
                               struct bgp_wbuf *w)
{
	bgp_wb_u32(w, a->local_pref);
}

static void bgp_local_pref_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	bgp_fmt(out, cap, n, " LOCAL_PREF=%u", (unsigned)a->local_pref);
}

static enum bgp_attr_res bgp_originator_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	st->u->attrs.originator_id = bgp_get32(in->val);
	return BGP_ATTR_KEEP;
}

static void bgp_originator_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx,
                               struct bgp_wbuf *w)
{
	bgp_wb_u32(w, a->originator_id);
}

static void bgp_originator_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	bgp_fmt(out, cap, n, " ORIGINATOR_ID=");
	bgp_fmt_ipv4(out, cap, n, a->originator_id);
}

/* ---- ATOMIC_AGGREGATE (RFC 7606 7.6) ---- */
static enum bgp_attr_res bgp_atomic_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	return BGP_ATTR_KEEP;
}

static void bgp_atomic_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx, struct bgp_wbuf *w)
{
}

static void bgp_atomic_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	bgp_fmt(out, cap, n, " ATOMIC_AGGREGATE");
}

/* ---- AGGREGATOR and AS4_AGGREGATOR (RFC 7606 7.7, RFC 6793) ---- */
static enum bgp_attr_res bgp_aggregator_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	struct bgp_aggregator *g = &st->u->attrs.aggregator;

	if (in->len == 8) {
		g->as = bgp_get32(in->val);
		g->addr = bgp_get32(in->val + 4);
	} else {
		g->as = bgp_get16(in->val);
		g->addr = bgp_get32(in->val + 2);
	}
	return BGP_ATTR_KEEP;
}

static void bgp_aggregator_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx,
                               struct bgp_wbuf *w)
{
	uint32_t as = a->aggregator.as;

	if (ctx->as4)
		bgp_wb_u32(w, as);
	else
		bgp_wb_u16(w, (uint16_t)(as > 0xffff ? BGP_AS_TRANS : as));
	bgp_wb_u32(w, a->aggregator.addr);
}

static void bgp_fmt_aggr(const char *name, const struct bgp_aggregator *g, char *out, size_t cap,
                         size_t *n)
{
	bgp_fmt(out, cap, n, " %s=%u:", name, (unsigned)g->as);
	bgp_fmt_ipv4(out, cap, n, g->addr);
}

static void bgp_aggregator_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	bgp_fmt_aggr("AGGREGATOR", &a->aggregator, out, cap, n);
}

static enum bgp_attr_res bgp_as4_aggregator_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	if (st->ctx->as4)
		return bgp_attr_ignore(st, in, "RFC6793-6",
		                       "AS4_AGGREGATOR from a 4-octet AS speaker ignored");
	st->u->attrs.as4_aggregator.as = bgp_get32(in->val);
	st->u->attrs.as4_aggregator.addr = bgp_get32(in->val + 4);
	return BGP_ATTR_KEEP;
}

static void bgp_as4_aggregator_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx,
                                   struct bgp_wbuf *w)
{
	const struct bgp_aggregator *g =
	    bgp_attr_has(a, BGP_ATTR_AS4_AGGREGATOR) ? &a->as4_aggregator : &a->aggregator;

	bgp_wb_u32(w, g->as);
	bgp_wb_u32(w, g->addr);
}

static void bgp_as4_aggregator_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	bgp_fmt_aggr("AS4_AGGREGATOR", &a->as4_aggregator, out, cap, n);
}

/* ---- COMMUNITIES and CLUSTER_LIST: lists of 4-byte values ---- */
static enum bgp_attr_res bgp_u32_list_dec(struct bgp_upd_state *st, struct bgp_attr_in *in,
                                          uint32_t **arr, size_t *n)
{
	size_t cnt = in->len / 4;
	uint32_t *v = bgp_attr_array(st, cnt, sizeof(*v));

	if (v == NULL)
		return BGP_ATTR_NOMEM;
	for (size_t i = 0; i < cnt; i++)
		v[i] = bgp_get32(in->val + 4 * i);
	*arr = v;
	*n = cnt;
	return BGP_ATTR_KEEP;
}

static enum bgp_attr_res bgp_communities_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	struct bgp_attrs *a = &st->u->attrs;

	return bgp_u32_list_dec(st, in, &a->communities, &a->ncommunities);
}

static void bgp_communities_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx,
                                struct bgp_wbuf *w)
{
	for (size_t i = 0; i < a->ncommunities; i++)
		bgp_wb_u32(w, a->communities[i]);
}

static void bgp_communities_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	bgp_fmt(out, cap, n, " COMMUNITIES=");
	for (size_t i = 0; i < a->ncommunities; i++)
		bgp_fmt(out, cap, n, "%s%u:%u", i ? "," : "", (unsigned)(a->communities[i] >> 16),
		        (unsigned)(a->communities[i] & 0xffff));
}

static enum bgp_attr_res bgp_cluster_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	struct bgp_attrs *a = &st->u->attrs;

	return bgp_u32_list_dec(st, in, &a->cluster_list, &a->ncluster);
}

static void bgp_cluster_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx,
                            struct bgp_wbuf *w)
{
	for (size_t i = 0; i < a->ncluster; i++)
		bgp_wb_u32(w, a->cluster_list[i]);
}

static void bgp_cluster_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	bgp_fmt(out, cap, n, " CLUSTER_LIST=");
	for (size_t i = 0; i < a->ncluster; i++) {
		if (i)
			bgp_fmt(out, cap, n, ",");
		bgp_fmt_ipv4(out, cap, n, a->cluster_list[i]);
	}
}

/* ---- MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760, RFC 7606 7.11/7.12) ---- */
static bool bgp_afi_safi_known(uint16_t afi, uint8_t safi)
{
	return (afi == BGP_AFI_IPV4 || afi == BGP_AFI_IPV6) && safi == BGP_SAFI_UNICAST;
}

static enum bgp_attr_res bgp_mp_unsupported(struct bgp_upd_state *st, struct bgp_attr_in *in,
                                            uint16_t afi, uint8_t safi)
{
	if (st->v->action < BGP_ACT_AFISAFI_DISABLE) {
		st->v->afi = afi;
		st->v->safi = safi;
	}
	/* RFC 4760 7: routes of an AFI/SAFI we cannot parse are ignored. */
	bgp_verdict_raise(st->v, BGP_ACT_AFISAFI_DISABLE, BGP_ERR_UPDATE, BGP_UPD_OPTIONAL_ATTR,
	                  in->type, "RFC4760-7", "AFI/SAFI not supported", in->raw, in->raw_len);
	return BGP_ATTR_DROP;
}

static enum bgp_attr_res bgp_mp_nlri(struct bgp_upd_state *st, struct bgp_attr_in *in,
                                     struct bgp_rbuf *b, uint16_t afi, struct bgp_prefix **out,
                                     size_t *n)
{
	int r = bgp_prefix_decode(st->arena, bgp_rb_cur(b), bgp_rb_left(b), afi,
	                          bgp_ctx_addpath(st->ctx, afi), out, n);

	if (r < 0)
		return BGP_ATTR_NOMEM;
	if (r > 0) {
		/* RFC 7606 5.3: NLRI that cannot be parsed: no treat-as-withdraw. */
		bgp_verdict_raise(st->v, BGP_ACT_SESSION_RESET, BGP_ERR_UPDATE,
		                  BGP_UPD_OPTIONAL_ATTR, in->type, "RFC7606-5.3",
		                  "NLRI in MP attribute cannot be parsed", in->raw, in->raw_len);
		return BGP_ATTR_DROP;
	}
	return BGP_ATTR_KEEP;
}

static enum bgp_attr_res bgp_mp_reach_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	struct bgp_mp_reach *m = &st->u->attrs.mp_reach;
	struct bgp_rbuf b;
	const uint8_t *nh;
	uint8_t reserved;

	bgp_rb_init(&b, in->val, in->len);
	(void)bgp_rb_u16(&b, &m->afi);
	(void)bgp_rb_u8(&b, &m->safi);
	(void)bgp_rb_u8(&b, &m->nh_len);
	if (!bgp_afi_safi_known(m->afi, m->safi))
		return bgp_mp_unsupported(st, in, m->afi, m->safi);
	/* RFC 7606 7.11: a next hop length that does not suit the family
	 * hides where the NLRI start. RFC 8950 allows IPv6 next hops for IPv4. */
	if (!(m->nh_len == 16 || m->nh_len == 32 || (m->nh_len == 4 && m->afi == BGP_AFI_IPV4)) ||
	    bgp_rb_bytes(&b, m->nh_len, &nh) != 0 || bgp_rb_u8(&b, &reserved) != 0) {
		in->subcode = BGP_UPD_OPTIONAL_ATTR;
		return BGP_ATTR_MALFORMED;
	}
	memcpy(m->nh, nh, m->nh_len);
	return bgp_mp_nlri(st, in, &b, m->afi, &m->prefixes, &m->nprefix);
}

static void bgp_mp_reach_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx,
                             struct bgp_wbuf *w)
{
	const struct bgp_mp_reach *m = &a->mp_reach;
	bool ap = bgp_ctx_addpath(ctx, m->afi);

	bgp_wb_u16(w, m->afi);
	bgp_wb_u8(w, m->safi);
	bgp_wb_u8(w, m->nh_len);
	bgp_wb_bytes(w, m->nh, m->nh_len <= sizeof(m->nh) ? m->nh_len : sizeof(m->nh));
	bgp_wb_u8(w, 0);
	for (size_t i = 0; i < m->nprefix; i++)
		bgp_prefix_write(w, &m->prefixes[i], ap);
}

static void bgp_fmt_prefixes(const char *label, const struct bgp_prefix *p, size_t n, char *out,
                             size_t cap, size_t *len)
{
	char buf[64];

	bgp_fmt(out, cap, len, " %s=", label);
	for (size_t i = 0; i < n; i++) {
		bgp_format_prefix(&p[i], buf, sizeof(buf));
		bgp_fmt(out, cap, len, "%s%s", i ? "," : "", buf);
		if (p[i].path_id != 0)
			bgp_fmt(out, cap, len, "#%u", (unsigned)p[i].path_id);
	}
}

static void bgp_mp_reach_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	const struct bgp_mp_reach *m = &a->mp_reach;
	char fam[32], buf[BGP_IP_TEXT];

	bgp_addr_format_ip(m->nh_len == 4 ? BGP_AFI_IPV4 : BGP_AFI_IPV6, m->nh, buf, sizeof(buf));
	bgp_fmt(out, cap, n, " MP_REACH=%s nh=%s", bgp_afi_safi_name(m->afi, m->safi, fam, 32),
	        buf);
	if (m->nh_len == 32) {
		bgp_addr_format_ip(BGP_AFI_IPV6, m->nh + 16, buf, sizeof(buf));
		bgp_fmt(out, cap, n, ",%s", buf);
	}
	bgp_fmt_prefixes("nlri", m->prefixes, m->nprefix, out, cap, n);
}

static enum bgp_attr_res bgp_mp_unreach_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	struct bgp_mp_unreach *m = &st->u->attrs.mp_unreach;
	struct bgp_rbuf b;

	bgp_rb_init(&b, in->val, in->len);
	(void)bgp_rb_u16(&b, &m->afi);
	(void)bgp_rb_u8(&b, &m->safi);
	if (!bgp_afi_safi_known(m->afi, m->safi))
		return bgp_mp_unsupported(st, in, m->afi, m->safi);
	return bgp_mp_nlri(st, in, &b, m->afi, &m->prefixes, &m->nprefix);
}

static void bgp_mp_unreach_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx,
                               struct bgp_wbuf *w)
{
	const struct bgp_mp_unreach *m = &a->mp_unreach;
	bool ap = bgp_ctx_addpath(ctx, m->afi);

	bgp_wb_u16(w, m->afi);
	bgp_wb_u8(w, m->safi);
	for (size_t i = 0; i < m->nprefix; i++)
		bgp_prefix_write(w, &m->prefixes[i], ap);
}

static void bgp_mp_unreach_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	const struct bgp_mp_unreach *m = &a->mp_unreach;
	char fam[32];

	bgp_fmt(out, cap, n, " MP_UNREACH=%s", bgp_afi_safi_name(m->afi, m->safi, fam, 32));
	bgp_fmt_prefixes("wd", m->prefixes, m->nprefix, out, cap, n);
}

/* ---- EXTENDED_COMMUNITIES (RFC 4360, RFC 7606 7.14) ---- */
static enum bgp_attr_res bgp_ext_comm_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	struct bgp_attrs *a = &st->u->attrs;
	size_t cnt = in->len / 8;

	a->ext_communities = bgp_attr_array(st, cnt, 8);
	if (a->ext_communities == NULL)
		return BGP_ATTR_NOMEM;
	memcpy(a->ext_communities, in->val, in->len);
	a->next_communities = cnt;
	return BGP_ATTR_KEEP;
}

static void bgp_ext_comm_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx,
                             struct bgp_wbuf *w)
{
	bgp_wb_bytes(w, a->ext_communities, a->next_communities * 8);
}

static void bgp_ext_comm_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	bgp_fmt(out, cap, n, " EXT_COMMUNITIES=");
	for (size_t i = 0; i < a->next_communities; i++) {
		bgp_fmt(out, cap, n, "%s", i ? "," : "");
		for (size_t j = 0; j < 8; j++)
			bgp_fmt(out, cap, n, "%02x", a->ext_communities[i][j]);
	}
}

/* ---- AS4_PATH (RFC 6793 4.2.3 and 6) ---- */
static enum bgp_attr_res bgp_as4_path_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	int r;

	if (st->ctx->as4)
		return bgp_attr_ignore(st, in, "RFC6793-6",
		                       "AS4_PATH from a 4-octet AS speaker ignored");
	r = bgp_as_path_decode(in->val, in->len, 4, false, st->arena, &st->u->attrs.as4_path);
	if (r == -2)
		return BGP_ATTR_NOMEM;
	in->subcode = BGP_UPD_OPTIONAL_ATTR;
	return r == 0 ? BGP_ATTR_KEEP : BGP_ATTR_MALFORMED;
}

static void bgp_as4_path_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx,
                             struct bgp_wbuf *w)
{
	const struct bgp_as_path *p =
	    bgp_attr_has(a, BGP_ATTR_AS4_PATH) ? &a->as4_path : &a->as_path;

	bgp_as_path_write(w, p, 4, true);
}

static void bgp_as4_path_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	bgp_fmt(out, cap, n, " AS4_PATH=");
	*n += bgp_format_as_path(&a->as4_path, " ", *n < cap ? out + *n : NULL,
	                         *n < cap ? cap - *n : 0);
}

/* ---- LARGE_COMMUNITY (RFC 8092) ---- */
static enum bgp_attr_res bgp_large_dec(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	struct bgp_attrs *a = &st->u->attrs;
	size_t cnt = in->len / 12;

	a->large = bgp_attr_array(st, cnt, sizeof(*a->large));
	if (a->large == NULL)
		return BGP_ATTR_NOMEM;
	for (size_t i = 0; i < cnt; i++) {
		a->large[i].global = bgp_get32(in->val + 12 * i);
		a->large[i].local1 = bgp_get32(in->val + 12 * i + 4);
		a->large[i].local2 = bgp_get32(in->val + 12 * i + 8);
	}
	a->nlarge = cnt;
	return BGP_ATTR_KEEP;
}

static void bgp_large_enc(const struct bgp_attrs *a, const struct bgp_ctx *ctx, struct bgp_wbuf *w)
{
	for (size_t i = 0; i < a->nlarge; i++) {
		bgp_wb_u32(w, a->large[i].global);
		bgp_wb_u32(w, a->large[i].local1);
		bgp_wb_u32(w, a->large[i].local2);
	}
}

static void bgp_large_fmt(const struct bgp_attrs *a, char *out, size_t cap, size_t *n)
{
	bgp_fmt(out, cap, n, " LARGE_COMMUNITY=");
	for (size_t i = 0; i < a->nlarge; i++)
		bgp_fmt(out, cap, n, "%s%u:%u:%u", i ? "," : "", (unsigned)a->large[i].global,
		        (unsigned)a->large[i].local1, (unsigned)a->large[i].local2);
}

/* ---- the table ---- */
#define ROW(t, nm, fl, lr, l, act, sub, rl, ebgp, fn)                                              \
	[t] = {nm, fl, lr, l, act, sub, rl, ebgp, fn##_dec, fn##_enc, fn##_fmt}

static const struct bgp_attr_desc bgp_attr_table[256] = {
    ROW(BGP_ATTR_ORIGIN, "ORIGIN", TRANS, BGP_LEN_FIXED, 1, BGP_ACT_TREAT_AS_WITHDRAW,
        BGP_UPD_INVALID_ORIGIN, "RFC7606-7.1", false, bgp_origin),
    ROW(BGP_ATTR_AS_PATH, "AS_PATH", TRANS, BGP_LEN_ANY, 0, BGP_ACT_TREAT_AS_WITHDRAW,
        BGP_UPD_MALFORMED_AS_PATH, "RFC7606-7.2", false, bgp_as_path),
    ROW(BGP_ATTR_NEXT_HOP, "NEXT_HOP", TRANS, BGP_LEN_FIXED, 4, BGP_ACT_TREAT_AS_WITHDRAW,
        BGP_UPD_INVALID_NEXT_HOP, "RFC7606-7.3", false, bgp_next_hop),
    ROW(BGP_ATTR_MED, "MULTI_EXIT_DISC", OPT, BGP_LEN_FIXED, 4, BGP_ACT_TREAT_AS_WITHDRAW,
        BGP_UPD_OPTIONAL_ATTR, "RFC7606-7.4", false, bgp_med),
    ROW(BGP_ATTR_LOCAL_PREF, "LOCAL_PREF", TRANS, BGP_LEN_FIXED, 4, BGP_ACT_TREAT_AS_WITHDRAW,
        BGP_UPD_OPTIONAL_ATTR, "RFC7606-7.5", true, bgp_local_pref),
    ROW(BGP_ATTR_ATOMIC_AGGREGATE, "ATOMIC_AGGREGATE", TRANS, BGP_LEN_FIXED, 0,
        BGP_ACT_ATTR_DISCARD, BGP_UPD_OPTIONAL_ATTR, "RFC7606-7.6", false, bgp_atomic),
    ROW(BGP_ATTR_AGGREGATOR, "AGGREGATOR", OPT | TRANS, BGP_LEN_AGGR, 0, BGP_ACT_ATTR_DISCARD,
        BGP_UPD_OPTIONAL_ATTR, "RFC7606-7.7", false, bgp_aggregator),
    ROW(BGP_ATTR_COMMUNITIES, "COMMUNITIES", OPT | TRANS, BGP_LEN_MULT, 4,
        BGP_ACT_TREAT_AS_WITHDRAW, BGP_UPD_OPTIONAL_ATTR, "RFC7606-7.8", false, bgp_communities),
    ROW(BGP_ATTR_ORIGINATOR_ID, "ORIGINATOR_ID", OPT, BGP_LEN_FIXED, 4, BGP_ACT_TREAT_AS_WITHDRAW,
        BGP_UPD_OPTIONAL_ATTR, "RFC7606-7.9", true, bgp_originator),
    ROW(BGP_ATTR_CLUSTER_LIST, "CLUSTER_LIST", OPT, BGP_LEN_MULT, 4, BGP_ACT_TREAT_AS_WITHDRAW,
        BGP_UPD_OPTIONAL_ATTR, "RFC7606-7.10", true, bgp_cluster),
    ROW(BGP_ATTR_MP_REACH, "MP_REACH_NLRI", OPT, BGP_LEN_MIN, 5, BGP_ACT_SESSION_RESET,
        BGP_UPD_OPTIONAL_ATTR, "RFC7606-7.11", false, bgp_mp_reach),
    ROW(BGP_ATTR_MP_UNREACH, "MP_UNREACH_NLRI", OPT, BGP_LEN_MIN, 3, BGP_ACT_SESSION_RESET,
        BGP_UPD_OPTIONAL_ATTR, "RFC7606-7.12", false, bgp_mp_unreach),
    ROW(BGP_ATTR_EXT_COMMUNITIES, "EXTENDED_COMMUNITIES", OPT | TRANS, BGP_LEN_MULT, 8,
        BGP_ACT_TREAT_AS_WITHDRAW, BGP_UPD_OPTIONAL_ATTR, "RFC7606-7.14", false, bgp_ext_comm),
    ROW(BGP_ATTR_AS4_PATH, "AS4_PATH", OPT | TRANS, BGP_LEN_ANY, 0, BGP_ACT_ATTR_DISCARD,
        BGP_UPD_OPTIONAL_ATTR, "RFC6793-6", false, bgp_as4_path),
    ROW(BGP_ATTR_AS4_AGGREGATOR, "AS4_AGGREGATOR", OPT | TRANS, BGP_LEN_FIXED, 8,
        BGP_ACT_ATTR_DISCARD, BGP_UPD_OPTIONAL_ATTR, "RFC6793-6", false, bgp_as4_aggregator),
    ROW(BGP_ATTR_LARGE_COMMUNITY, "LARGE_COMMUNITY", OPT | TRANS, BGP_LEN_MULT, 12,
        BGP_ACT_TREAT_AS_WITHDRAW, BGP_UPD_OPTIONAL_ATTR, "RFC8092-6", false, bgp_large),
};

const struct bgp_attr_desc *bgp_attr_desc_get(uint8_t type)
{
	const struct bgp_attr_desc *d = &bgp_attr_table[type];

	return d->name != NULL ? d : NULL;
}

const char *bgp_attr_name(uint8_t type)
{
	const struct bgp_attr_desc *d = bgp_attr_desc_get(type);

	return d != NULL ? d->name : "UNKNOWN";
}
