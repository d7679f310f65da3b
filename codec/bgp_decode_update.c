/* bgp_decode_update.c: UPDATE (RFC 4271 4.3 and 6.3) with the revised error
 * handling of RFC 7606: one generic loop checks every attribute's header,
 * duplicates, flags and length against the table before its decoder runs.
 *
 * Outcomes: session reset stops decoding at once; treat-as-withdraw and
 * attribute discard keep going so that every NLRI is listed. With
 * ctx->rfc4271_only every error RFC 7606 softened resets the session
 * instead (RFC 6793 discards stay discards). */
#include "bgp_int.h"

static const uint8_t bgp_type_codes[4] = {0, 1, 2, 3};

static bool bgp_bit(const uint64_t *bm, uint8_t t)
{
	return (bm[t >> 6] >> (t & 63)) & 1u;
}

static void bgp_reset(struct bgp_upd_state *st, uint8_t sub, uint8_t type, const char *rule,
                      const char *reason, const uint8_t *data, size_t len)
{
	bgp_verdict_raise(st->v, BGP_ACT_SESSION_RESET, BGP_ERR_UPDATE, sub, type, rule, reason,
	                  data, len);
}

static void bgp_nomem(struct bgp_upd_state *st)
{
	bgp_verdict_raise(st->v, BGP_ACT_SESSION_RESET, BGP_ERR_CEASE, BGP_CEASE_OUT_OF_RESOURCES,
	                  0, "RFC4486-4", "arena full", NULL, 0);
}

/* An UPDATE error with its RFC 7606 action (or a reset under RFC 4271). */
static void bgp_upd_error(struct bgp_upd_state *st, enum bgp_action act, uint8_t sub, uint8_t type,
                          const char *rule, const char *reason, const uint8_t *data, size_t len)
{
	/* Only what RFC 7606 softened goes back to a reset: RFC 6793 discards
	 * and RFC 4760 AFI/SAFI handling stand on their own. */
	if (st->ctx->rfc4271_only && strncmp(rule, "RFC7606", 7) == 0) {
		act = BGP_ACT_SESSION_RESET;
		rule = "RFC4271-6.3";
	}
	bgp_verdict_raise(st->v, act, BGP_ERR_UPDATE, sub, type, rule, reason, data, len);
	if (act == BGP_ACT_ATTR_DISCARD)
		bgp_verdict_note_discard(st->v, type);
}

static bool bgp_attr_len_ok(const struct bgp_attr_desc *d, const struct bgp_ctx *ctx, uint16_t len)
{
	switch (d->len_rule) {
	case BGP_LEN_FIXED:
		return len == d->len;
	case BGP_LEN_MULT:
		return len > 0 && len % d->len == 0;
	case BGP_LEN_AGGR:
		return len == (ctx->as4 ? 8 : 6);
	case BGP_LEN_MIN:
		return len >= d->len;
	default:
		return true;
	}
}

/* Unknown attributes are kept sorted by type code, the order the encoder
 * writes them in; repeats are discarded first, so there are at most 256. */
static void bgp_attr_keep_unknown(struct bgp_upd_state *st, const struct bgp_attr_in *in)
{
	struct bgp_attrs *a = &st->u->attrs;
	size_t i;

	if (a->unknown == NULL) {
		st->unknown_cap = st->attrs_left / 3 + 1;
		if (st->unknown_cap > 256)
			st->unknown_cap = 256;
		a->unknown = bgp_arena_alloc(st->arena, st->unknown_cap * sizeof(*a->unknown));
		if (a->unknown == NULL) {
			bgp_nomem(st);
			return;
		}
	}
	for (i = a->nunknown; i > 0 && a->unknown[i - 1].type > in->type; i--)
		a->unknown[i] = a->unknown[i - 1];
	a->unknown[i].flags = in->flags;
	a->unknown[i].type = in->type;
	a->unknown[i].len = in->len;
	a->unknown[i].data = in->val;
	a->nunknown++;
	bgp_attr_set(a, in->type);
	a->flags[in->type] = in->flags;
}

/* Header, duplicates, flags, length; then the row's decoder. */
static void bgp_attr_one(struct bgp_upd_state *st, struct bgp_attr_in *in)
{
	const struct bgp_attr_desc *d = bgp_attr_desc_get(in->type);
	struct bgp_attrs *a = &st->u->attrs;
	enum bgp_attr_res r;

	if (bgp_bit(st->seen, in->type)) {
		if (in->type == BGP_ATTR_MP_REACH || in->type == BGP_ATTR_MP_UNREACH) {
			bgp_reset(st, BGP_UPD_MALFORMED_ATTR_LIST, in->type, "RFC7606-3.g",
			          "MP attribute appears twice", NULL, 0);
			return;
		}
		bgp_upd_error(st, BGP_ACT_ATTR_DISCARD, BGP_UPD_MALFORMED_ATTR_LIST, in->type,
		              "RFC7606-3.g", "repeated attribute discarded", NULL, 0);
		return;
	}
	st->seen[in->type >> 6] |= (uint64_t)1 << (in->type & 63);
	if (d == NULL) {
		if (!(in->flags & BGP_AF_OPTIONAL)) {
			bgp_reset(st, BGP_UPD_UNRECOGNIZED_WELLKNOWN, in->type, "RFC4271-6.3",
			          "unrecognized well-known attribute", in->raw, in->raw_len);
			return;
		}
		bgp_attr_keep_unknown(st, in);
		return;
	}
	if (d->ebgp_discard && !st->ctx->ibgp) {
		bgp_verdict_raise(st->v, BGP_ACT_ATTR_DISCARD, 0, 0, in->type, d->rule,
		                  "attribute from an external peer discarded", NULL, 0);
		bgp_verdict_note_discard(st->v, in->type);
		return;
	}
	/* RFC 7606 3.c: only the optional and transitive bits are checked. */
	if ((in->flags & (BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE)) != d->flags) {
		bgp_upd_error(st, d->malformed, BGP_UPD_ATTR_FLAGS, in->type, "RFC7606-3.c",
		              "attribute flags conflict with the type", in->raw, in->raw_len);
		return;
	}
	if (!bgp_attr_len_ok(d, st->ctx, in->len)) {
		bgp_upd_error(st, d->malformed, BGP_UPD_ATTR_LENGTH, in->type, d->rule,
		              "attribute length is wrong", in->raw, in->raw_len);
		return;
	}
	r = d->decode(st, in);
	switch (r) {
	case BGP_ATTR_KEEP:
		bgp_attr_set(a, in->type);
		a->flags[in->type] = in->flags;
		break;
	case BGP_ATTR_MALFORMED:
		bgp_upd_error(st, d->malformed, in->subcode ? in->subcode : d->value_subcode,
		              in->type, d->rule, "attribute value is malformed", in->raw,
		              in->raw_len);
		break;
	case BGP_ATTR_NOMEM:
		bgp_nomem(st);
		break;
	case BGP_ATTR_DROP:
		break;
	}
}

void bgp_attrs_decode(struct bgp_upd_state *st, struct bgp_rbuf *b)
{
	while (bgp_rb_left(b) > 0 && st->v->action != BGP_ACT_SESSION_RESET) {
		struct bgp_attr_in in = {0};
		const uint8_t *start = bgp_rb_cur(b);
		uint8_t l8 = 0;
		int r;

		r = bgp_rb_u8(b, &in.flags);
		r |= bgp_rb_u8(b, &in.type);
		if (in.flags & BGP_AF_EXTENDED) {
			r |= bgp_rb_u16(b, &in.len);
		} else {
			r |= bgp_rb_u8(b, &l8);
			in.len = l8;
		}
		if (r == 0 && bgp_rb_left(b) < in.len &&
		    (in.type == BGP_ATTR_MP_REACH || in.type == BGP_ATTR_MP_UNREACH)) {
			/* RFC 7606 5.3 / 7.11, RFC 4760 7: the routes are inside
			 * the broken attribute, so nothing can be withdrawn:
			 * treat-as-withdraw would lose them; reset. */
			bgp_reset(st, BGP_UPD_MALFORMED_ATTR_LIST, in.type, "RFC7606-5.3",
			          "MP_REACH/MP_UNREACH overruns the path attributes", NULL, 0);
			return;
		}
		if (r != 0 || bgp_rb_bytes(b, in.len, &in.val) != 0) {
			/* RFC 7606 4: the attribute list cannot be parsed further;
			 * the Total Attribute Length still locates the NLRI. */
			bgp_upd_error(st, BGP_ACT_TREAT_AS_WITHDRAW, BGP_UPD_MALFORMED_ATTR_LIST,
			              r == 0 ? in.type : 0, "RFC7606-4",
			              "attribute overruns the path attributes", NULL, 0);
			return;
		}
		in.raw = start;
		in.raw_len = (size_t)(bgp_rb_cur(b) - start);
		st->attrs_left = bgp_rb_left(b);
		bgp_attr_one(st, &in);
	}
}

/* Withdrawn routes or the NLRI field (IPv4 unicast). */
static int bgp_upd_prefixes(struct bgp_upd_state *st, const uint8_t *p, size_t len,
                            struct bgp_prefix **out, size_t *n, const char *what)
{
	int r = bgp_prefix_decode(st->arena, p, len, BGP_AFI_IPV4,
	                          bgp_ctx_addpath(st->ctx, BGP_AFI_IPV4), out, n);

	if (r < 0) {
		bgp_nomem(st);
		return -1;
	}
	if (r > 0) {
		/* RFC 7606 5.3: unparsable NLRI leave no way but a reset. */
		bgp_reset(st, (uint8_t)r, 0, "RFC7606-5.3", what, NULL, 0);
		return -1;
	}
	return 0;
}

/* RFC 4271 6.3 / RFC 7606 3.d: well-known attributes that must be there. */
static void bgp_upd_missing(struct bgp_upd_state *st)
{
	const struct bgp_update *u = st->u;
	bool mp = bgp_attr_has(&u->attrs, BGP_ATTR_MP_REACH) && u->attrs.mp_reach.nprefix > 0;
	uint8_t need[3] = {BGP_ATTR_ORIGIN, BGP_ATTR_AS_PATH, BGP_ATTR_NEXT_HOP};
	size_t nneed = u->nnlri > 0 ? 3 : 2;

	if (u->nnlri == 0 && !mp)
		return;
	for (size_t i = 0; i < nneed; i++) {
		if (bgp_bit(st->seen, need[i]))
			continue;
		bgp_upd_error(st, BGP_ACT_TREAT_AS_WITHDRAW, BGP_UPD_MISSING_WELLKNOWN, need[i],
		              "RFC7606-3.d", "missing well-known attribute",
		              &bgp_type_codes[need[i]], 1);
	}
}

void bgp_decode_update(struct bgp_rbuf *b, const struct bgp_ctx *ctx, struct bgp_arena *arena,
                       struct bgp_update *u, struct bgp_verdict *v)
{
	struct bgp_upd_state st = {.ctx = ctx, .arena = arena, .v = v, .u = u};
	uint16_t wlen = 0, alen = 0;
	const uint8_t *wd, *nlri;
	struct bgp_rbuf ab;

	memset(u, 0, sizeof(*u));
	(void)bgp_rb_u16(b, &wlen);
	if (bgp_rb_bytes(b, wlen, &wd) != 0 || bgp_rb_u16(b, &alen) != 0 ||
	    bgp_rb_sub(b, alen, &ab) != 0) {
		bgp_reset(&st, BGP_UPD_MALFORMED_ATTR_LIST, 0, "RFC4271-6.3",
		          "withdrawn or attribute length exceeds the message", NULL, 0);
		return;
	}
	nlri = bgp_rb_cur(b);
	if (bgp_upd_prefixes(&st, wd, wlen, &u->withdrawn, &u->nwithdrawn,
	                     "withdrawn routes cannot be parsed") != 0)
		return;
	bgp_attrs_decode(&st, &ab);
	if (v->action == BGP_ACT_SESSION_RESET)
		return;
	if (bgp_upd_prefixes(&st, nlri, bgp_rb_left(b), &u->nlri, &u->nnlri,
	                     "NLRI cannot be parsed") != 0)
		return;
	bgp_upd_missing(&st);
}
