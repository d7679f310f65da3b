/* fz_7606_gen.c: the RFC 7606 case generator and its oracle (fz_7606_gen.h). */
#include "fz_7606_gen.h"

#include <string.h>

#include "fz_wire.h"

const struct fz_rule fz_rules[] = {
    {BGP_ATTR_ORIGIN, 0x40, FZ_M_TAW, false, false, false, "RFC7606 7.1"},
    {BGP_ATTR_AS_PATH, 0x40, FZ_M_TAW, false, false, true, "RFC7606 7.2"},
    {BGP_ATTR_NEXT_HOP, 0x40, FZ_M_TAW, false, false, false, "RFC7606 7.3"},
    {BGP_ATTR_MED, 0x80, FZ_M_TAW, false, false, false, "RFC7606 7.4"},
    {BGP_ATTR_LOCAL_PREF, 0x40, FZ_M_TAW, true, false, false, "RFC7606 7.5"},
    {BGP_ATTR_ATOMIC_AGGREGATE, 0x40, FZ_M_DISCARD, false, false, false, "RFC7606 7.6"},
    {BGP_ATTR_AGGREGATOR, 0xC0, FZ_M_DISCARD, false, false, false, "RFC7606 7.7"},
    {BGP_ATTR_COMMUNITIES, 0xC0, FZ_M_TAW, false, false, false, "RFC7606 7.8"},
    {BGP_ATTR_ORIGINATOR_ID, 0x80, FZ_M_TAW, true, false, false, "RFC7606 7.9"},
    {BGP_ATTR_CLUSTER_LIST, 0x80, FZ_M_TAW, true, false, false, "RFC7606 7.10"},
    {BGP_ATTR_MP_REACH, 0x80, FZ_M_MP, false, false, true, "RFC7606 7.11"},
    {BGP_ATTR_MP_UNREACH, 0x80, FZ_M_MP, false, false, true, "RFC7606 7.12"},
    {BGP_ATTR_EXT_COMMUNITIES, 0xC0, FZ_M_TAW, false, false, false, "RFC7606 7.14"},
    {BGP_ATTR_AS4_PATH, 0xC0, FZ_M_DISCARD, false, true, true, "RFC6793 6"},
    {BGP_ATTR_AS4_AGGREGATOR, 0xC0, FZ_M_DISCARD, false, true, false, "RFC6793 6"},
    {BGP_ATTR_LARGE_COMMUNITY, 0xC0, FZ_M_TAW, false, false, false, "RFC8092 6"},
};
const size_t fz_nrules = sizeof(fz_rules) / sizeof(fz_rules[0]);
#define FZ_NRULES fz_nrules

static const uint8_t fz_v6_pfx[16] = {0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01};

/* The valid value of an attribute under ctx. */
static size_t fz_valid_value(uint8_t type, const struct bgp_ctx *ctx, const struct fz_env *env,
                             uint8_t *out)
{
	const uint32_t path[2] = {env->peer_as, 65100};
	struct fz_buf w;

	fz_buf_init(&w, out, 64);
	switch (type) {
	case BGP_ATTR_ORIGIN:
		fz_put8(&w, BGP_ORIGIN_IGP);
		break;
	case BGP_ATTR_AS_PATH:
		return fz_aspath_seq(out, ctx->as4, path, 2);
	case BGP_ATTR_NEXT_HOP:
		fz_put32(&w, env->nexthop);
		break;
	case BGP_ATTR_MED:
		fz_put32(&w, 50);
		break;
	case BGP_ATTR_LOCAL_PREF:
		fz_put32(&w, 100);
		break;
	case BGP_ATTR_AGGREGATOR:
		fz_put_as(&w, ctx->as4, env->peer_as);
		fz_put32(&w, env->nexthop);
		break;
	case BGP_ATTR_COMMUNITIES:
		fz_put32(&w, BGP_COMMUNITY(env->peer_as, 1));
		break;
	case BGP_ATTR_ORIGINATOR_ID:
		fz_put32(&w, 0x0a000009);
		break;
	case BGP_ATTR_CLUSTER_LIST:
		fz_put32(&w, 0x0a000001);
		break;
	case BGP_ATTR_MP_REACH:
		fz_put16(&w, BGP_AFI_IPV6);
		fz_put8(&w, BGP_SAFI_UNICAST);
		fz_put8(&w, 16);
		fz_putn(&w, (const uint8_t[16]){0x20, 0x01, 0x0d, 0xb8, [15] = 4}, 16);
		fz_put8(&w, 0);
		fz_prefix(&w, ctx->addpath_v6, 1, 48, fz_v6_pfx);
		break;
	case BGP_ATTR_MP_UNREACH:
		fz_put16(&w, BGP_AFI_IPV6);
		fz_put8(&w, BGP_SAFI_UNICAST);
		fz_prefix(&w, ctx->addpath_v6, 1, 48, fz_v6_pfx);
		break;
	case BGP_ATTR_EXT_COMMUNITIES:
		fz_putn(&w, (const uint8_t[8]){0x00, 0x02, 0xfd, 0xe9, 0, 0, 0, 1}, 8);
		break;
	case BGP_ATTR_AS4_PATH:
		return fz_aspath_seq(out, true, path, 2);
	case BGP_ATTR_AS4_AGGREGATOR:
		fz_put32(&w, env->peer_as);
		fz_put32(&w, env->nexthop);
		break;
	case BGP_ATTR_LARGE_COMMUNITY:
		fz_put32(&w, env->peer_as);
		fz_put32(&w, 1);
		fz_put32(&w, 2);
		break;
	default:
		break;
	}
	return w.len;
}

/* Whether a value of length len is well formed (for the types whose
 * length alone decides). */
static bool fz_len_ok(uint8_t type, size_t len, const struct bgp_ctx *ctx)
{
	switch (type) {
	case BGP_ATTR_ORIGIN:
		return len == 1;
	case BGP_ATTR_NEXT_HOP:
	case BGP_ATTR_MED:
	case BGP_ATTR_LOCAL_PREF:
	case BGP_ATTR_ORIGINATOR_ID:
		return len == 4;
	case BGP_ATTR_ATOMIC_AGGREGATE:
		return len == 0;
	case BGP_ATTR_AGGREGATOR:
		return len == (ctx->as4 ? 8u : 6u);
	case BGP_ATTR_AS4_AGGREGATOR:
		return len == 8;
	case BGP_ATTR_COMMUNITIES:
	case BGP_ATTR_CLUSTER_LIST:
		return len > 0 && len % 4 == 0;
	case BGP_ATTR_EXT_COMMUNITIES:
		return len > 0 && len % 8 == 0;
	case BGP_ATTR_LARGE_COMMUNITY:
		return len > 0 && len % 12 == 0;
	default:
		return false;
	}
}

/* An attribute-specific bad value; 0 when the type has none (then the
 * mutation becomes a duplicate). */
static size_t fz_bad_value(uint8_t type, const struct bgp_ctx *ctx, const struct fz_env *env,
                           uint8_t p, uint8_t *out)
{
	size_t n;

	switch (type) {
	case BGP_ATTR_ORIGIN:
		out[0] = (uint8_t)(3 + p % 253);
		return 1;
	case BGP_ATTR_AS_PATH:
	case BGP_ATTR_AS4_PATH:
		n = fz_valid_value(type, ctx, env, out);
		if (p % 3 == 0)
			out[0] = p & 0x80 ? 0 : (uint8_t)(5 + p % 64); /* unknown segment type */
		else if (p % 3 == 1)
			out[1] = 0; /* zero-length segment, its ASNs left over */
		else
			out[1] = (uint8_t)(3 + p % 16); /* segment overruns the attribute */
		return n;
	case BGP_ATTR_MP_REACH:
		n = fz_valid_value(type, ctx, env, out);
		if (p % 2 == 0) {
			out[3] = (uint8_t)(p & 0x80 ? 5 : 15); /* next hop length for IPv6 */
			return n;
		}
		out[n - 7] = (uint8_t)(129 + p % 127); /* prefix longer than 128 */
		memset(out + n, 0, 17);
		return n + 17;
	case BGP_ATTR_MP_UNREACH:
		n = fz_valid_value(type, ctx, env, out);
		out[n - 7] = (uint8_t)(129 + p % 127);
		memset(out + n, 0, 17);
		return n + 17;
	default:
		return 0;
	}
}

/* The value for a length mutation; sets *ok when still well formed. */
static size_t fz_bad_length(const struct fz_rule *r, const struct bgp_ctx *ctx,
                            const struct fz_env *env, uint8_t p, uint8_t *out, bool *ok)
{
	uint8_t valid[64];
	size_t vlen = fz_valid_value(r->type, ctx, env, valid), len;

	if (r->content_len) {
		memcpy(out, valid, vlen);
		*ok = false;
		if (p & 1)
			return vlen - 1;
		out[vlen] = 0xff;
		return vlen + 1;
	}
	len = p % 40;
	if (fz_len_ok(r->type, len, ctx) && len == vlen)
		len++;
	for (size_t i = 0; i < len; i++)
		out[i] = vlen ? valid[i % vlen] : (uint8_t)i;
	*ok = fz_len_ok(r->type, len, ctx);
	return len;
}

static void fz_emit(struct fz_buf *w, uint8_t flags, uint8_t type, const uint8_t *val, size_t len,
                    bool ext)
{
	fz_attr(w, (uint8_t)(flags | (ext ? BGP_AF_EXTENDED : 0)), type, val, len);
}

/* The UPDATE around the target: type-code order, IPv4 NLRI unless the
 * target is an MP attribute. */
size_t fz_build(const struct fz_case *c, const struct bgp_ctx *ctx, const struct fz_env *env,
                uint8_t *msg, size_t cap)
{
	uint8_t types[8], val[64];
	size_t ntypes = 0, start, alen;
	uint8_t t = c->rule->type;
	bool mp = t == BGP_ATTR_MP_REACH || t == BGP_ATTR_MP_UNREACH;
	struct fz_buf w;

	if (t != BGP_ATTR_MP_UNREACH) {
		types[ntypes++] = BGP_ATTR_ORIGIN;
		types[ntypes++] = BGP_ATTR_AS_PATH;
		if (!mp)
			types[ntypes++] = BGP_ATTR_NEXT_HOP;
		if (ctx->ibgp)
			types[ntypes++] = BGP_ATTR_LOCAL_PREF;
		if (t == BGP_ATTR_AS4_AGGREGATOR)
			types[ntypes++] = BGP_ATTR_AGGREGATOR;
	}
	fz_buf_init(&w, msg, cap);
	start = fz_msg_begin(&w, BGP_UPDATE);
	fz_put16(&w, 0);
	alen = fz_len16_begin(&w);
	for (unsigned type = 1; type < 256; type++) {
		bool base = memchr(types, (int)type, ntypes) != NULL;

		if (type == t) {
			if (c->kind == FZ_MISSING || c->kind == FZ_OVERRUN)
				continue;
			fz_emit(&w, c->flags, t, c->val, c->len, c->ext_len);
			if (c->kind == FZ_DUPLICATE) {
				size_t n = fz_valid_value(t, ctx, env, val);

				if (c->dup_bad)
					val[n++] = 0xff;
				fz_emit(&w, c->rule->flags, t, val, n, false);
			}
		} else if (base) {
			const struct fz_rule *r = NULL;

			for (size_t i = 0; i < FZ_NRULES; i++)
				if (fz_rules[i].type == type)
					r = &fz_rules[i];
			fz_emit(&w, r->flags, (uint8_t)type, val,
			        fz_valid_value((uint8_t)type, ctx, env, val), false);
		}
	}
	if (c->kind == FZ_OVERRUN) { /* last, claiming more than the field holds */
		size_t claim = c->len + c->overrun;
		bool ext = c->ext_len || claim > 255;

		fz_put8(&w, (uint8_t)(c->flags | (ext ? BGP_AF_EXTENDED : 0)));
		fz_put8(&w, t);
		if (ext)
			fz_put16(&w, (uint16_t)claim);
		else
			fz_put8(&w, (uint8_t)claim);
		fz_putn(&w, c->val, c->len);
	}
	fz_len16_end(&w, alen);
	if (!mp)
		fz_prefix4(&w, ctx->addpath_v4, 1, env->nlri, env->nlri_len);
	fz_msg_end(&w, start);
	return w.overflow ? 0 : w.len;
}

struct fz_expect fz_expected(const struct fz_case *c, const struct bgp_ctx *ctx)
{
	const struct fz_rule *r = c->rule;
	struct fz_expect e = {FZ_A(BGP_ACT_OK), false, "well formed"};

	if (c->kind == FZ_OVERRUN) {
		/* RFC 7606 4: an error in the attributes' framing; the Total
		 * Path Attribute Length still locates the NLRI. */
		e.why = "attribute length overruns the attributes field (RFC7606 4)";
		if (r->malformed == FZ_M_MP)
			e.mask = FZ_A(BGP_ACT_AFISAFI_DISABLE) | FZ_A(BGP_ACT_SESSION_RESET);
		else
			e.mask = FZ_A(BGP_ACT_TREAT_AS_WITHDRAW);
		return e;
	}
	if (r->ibgp_only && !ctx->ibgp && c->kind != FZ_MISSING) {
		e.mask = FZ_A(BGP_ACT_ATTR_DISCARD);
		e.ok_if_absent = true;
		e.why = "received from an external peer: attribute discard";
		return e;
	}
	if (r->as4_only_2oct && ctx->as4) {
		e.mask = FZ_A(BGP_ACT_OK) | FZ_A(BGP_ACT_ATTR_DISCARD);
		if (c->kind == FZ_BAD_FLAGS)
			e.mask |= FZ_A(BGP_ACT_TREAT_AS_WITHDRAW);
		e.why = "AS4 attribute on a 4-octet session: ignored, never a reset";
		return e;
	}
	switch (c->kind) {
	case FZ_VALID:
		return e;
	case FZ_DUPLICATE:
		if (r->malformed == FZ_M_MP) {
			e.mask = FZ_A(BGP_ACT_SESSION_RESET);
			e.why = "MP attribute twice: Malformed Attribute List (RFC7606 3.g)";
		} else {
			e.mask = FZ_A(BGP_ACT_OK) | FZ_A(BGP_ACT_ATTR_DISCARD);
			e.why = "repeated attribute: later copies discarded (RFC7606 3.g)";
		}
		return e;
	case FZ_MISSING:
		e.mask = FZ_A(BGP_ACT_TREAT_AS_WITHDRAW);
		e.why = "missing well-known mandatory attribute (RFC7606 3.d)";
		return e;
	case FZ_BAD_FLAGS:
		e.why = "attribute flags conflict (RFC7606 3.c)";
		if (r->malformed == FZ_M_MP)
			e.mask = FZ_A(BGP_ACT_AFISAFI_DISABLE) | FZ_A(BGP_ACT_SESSION_RESET);
		else if (r->malformed == FZ_M_DISCARD)
			e.mask = FZ_A(BGP_ACT_ATTR_DISCARD) | FZ_A(BGP_ACT_TREAT_AS_WITHDRAW);
		else
			e.mask = FZ_A(BGP_ACT_TREAT_AS_WITHDRAW);
		return e;
	case FZ_BAD_LENGTH:
	case FZ_BAD_VALUE:
	default:
		if (!c->malformed)
			return e;
		e.why = r->section;
		if (r->malformed == FZ_M_MP)
			e.mask = FZ_A(BGP_ACT_AFISAFI_DISABLE) | FZ_A(BGP_ACT_SESSION_RESET);
		else if (r->malformed == FZ_M_DISCARD)
			e.mask = FZ_A(BGP_ACT_ATTR_DISCARD);
		else
			e.mask = FZ_A(BGP_ACT_TREAT_AS_WITHDRAW);
		return e;
	}
}

void fz_make_case(struct fz_case *c, const struct bgp_ctx *ctx, const struct fz_env *env,
                  const uint8_t sel[4])
{
	uint8_t p1 = sel[2], p2 = sel[3];

	memset(c, 0, sizeof(*c));
	c->rule = &fz_rules[sel[0] % FZ_NRULES];
	c->kind = (enum fz_kind)(sel[1] % FZ_NKINDS);
	c->ext_len = p2 & 1;
	c->dup_bad = p2 & 2;
	c->flags = c->rule->flags;
	c->malformed = false;
	c->overrun = (uint8_t)(1 + p1 % 16);
	if (c->kind == FZ_MISSING && c->rule->type > BGP_ATTR_NEXT_HOP)
		c->kind = FZ_VALID;
	if (c->kind == FZ_BAD_VALUE) {
		c->len = fz_bad_value(c->rule->type, ctx, env, p1, c->val);
		if (c->len > 0) {
			c->malformed = true;
			return;
		}
		c->kind = FZ_DUPLICATE;
	}
	if (c->kind == FZ_BAD_LENGTH) {
		bool ok;

		c->len = fz_bad_length(c->rule, ctx, env, p1, c->val, &ok);
		c->malformed = !ok;
		return;
	}
	if (c->kind == FZ_BAD_FLAGS) {
		static const uint8_t flips[3] = {BGP_AF_OPTIONAL, BGP_AF_TRANSITIVE,
		                                 BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE};

		c->flags ^= flips[p1 % 3];
		c->malformed = true;
	}
	c->len = fz_valid_value(c->rule->type, ctx, env, c->val);
}

const char *fz_kind_name(enum fz_kind k)
{
	static const char *const names[] = {"valid",     "bad length", "bad flags", "bad value",
	                                    "duplicate", "missing",    "overrun"};

	return k < FZ_NKINDS ? names[k] : "?";
}
