/* h_lf_ex.c: the live fuzzer's exchanges: what the feeder sends about P and
 * which outcomes the RFC allows (see h_lf.h). */
#include "h_lf.h"

#include <stdio.h>
#include <string.h>

#include "fz_7606_gen.h"
#include "fz_wire.h"

/* splitmix64: one stream per (seed, exchange index), so a campaign resumes
 * from its seed and an exchange is rebuilt from its index alone. */
static uint64_t h_lf_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static const char *const h_lf_attr_names[256] = {
    [1] = "ORIGIN",           [2] = "AS_PATH",
    [3] = "NEXT_HOP",         [4] = "MED",
    [5] = "LOCAL_PREF",       [6] = "ATOMIC_AGGREGATE",
    [7] = "AGGREGATOR",       [8] = "COMMUNITIES",
    [9] = "ORIGINATOR_ID",    [10] = "CLUSTER_LIST",
    [14] = "MP_REACH_NLRI",   [15] = "MP_UNREACH_NLRI",
    [16] = "EXT_COMMUNITIES", [17] = "AS4_PATH",
    [18] = "AS4_AGGREGATOR",  [32] = "LARGE_COMMUNITY",
};

/* The server's view of the feeder's session: eBGP, 4-octet AS. */
static void h_lf_server_ctx(struct bgp_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->as4 = true;
}

static unsigned h_lf_allowed_from_fz(unsigned mask)
{
	unsigned a = 0;

	if (mask & (FZ_A(BGP_ACT_OK) | FZ_A(BGP_ACT_ATTR_DISCARD)))
		a |= LF_BIT(LF_O_PRESENT);
	if (mask & FZ_A(BGP_ACT_TREAT_AS_WITHDRAW))
		a |= LF_BIT(LF_O_WITHDRAWN);
	if (mask & FZ_A(BGP_ACT_SESSION_RESET))
		a |= LF_BIT(LF_O_RESET);
	if (mask & FZ_A(BGP_ACT_AFISAFI_DISABLE)) /* the family is not negotiated here */
		a |= LF_BIT(LF_O_RESET) | LF_BIT(LF_O_CLOSED) | LF_BIT(LF_O_PRESENT) |
		     LF_BIT(LF_O_WITHDRAWN);
	return a;
}

static bool h_lf_lists(const struct bgp_prefix *l, size_t n, uint32_t p)
{
	for (size_t i = 0; i < n; i++)
		if (l[i].afi == BGP_AFI_IPV4 && l[i].len == 24 &&
		    ((uint32_t)l[i].addr[0] << 24 | (uint32_t)l[i].addr[1] << 16 |
		     (uint32_t)l[i].addr[2] << 8) == p)
			return true;
	return false;
}

/* What the verdict means for P at the sink: treat-as-withdraw and
 * withdrawals touch P only when the decoder found P in them. */
static unsigned h_lf_allowed_for(const struct bgp_verdict *v, const struct bgp_msg *m, uint32_t p)
{
	bool in_nlri = false, in_wd = false;

	if (v->action == BGP_ACT_SESSION_RESET || v->action == BGP_ACT_AFISAFI_DISABLE)
		return h_lf_allowed_from_fz(FZ_A(v->action));
	if (m->type == BGP_UPDATE) {
		in_nlri = h_lf_lists(m->u.update.nlri, m->u.update.nnlri, p);
		in_wd = h_lf_lists(m->u.update.withdrawn, m->u.update.nwithdrawn, p);
	}
	if (in_wd || (v->action == BGP_ACT_TREAT_AS_WITHDRAW && in_nlri))
		return LF_BIT(LF_O_WITHDRAWN);
	return LF_BIT(LF_O_PRESENT);
}

void h_lf_ex_expect_codec(struct h_lf_ex *e)
{
	struct bgp_ctx ctx;
	struct bgp_verdict v;
	struct bgp_msg m;
	size_t len = 0;
	static _Thread_local uint8_t mem[BGP_ARENA_SIZE];
	struct bgp_arena a;

	h_lf_server_ctx(&ctx);
	memset(&v, 0, sizeof(v));
	memset(&m, 0, sizeof(m));
	e->code = e->subcode = -1;
	if (bgp_frame(e->msg, e->len, &ctx, &len, &v) == BGP_FRAME_OK && len == e->len) {
		bgp_arena_init(&a, mem, sizeof(mem));
		memset(&v, 0, sizeof(v));
		bgp_decode(e->msg, e->len, &ctx, &a, &m, &v);
	} else if (v.action != BGP_ACT_SESSION_RESET) { /* short: the header waits */
		v.action = BGP_ACT_SESSION_RESET;
		v.code = BGP_ERR_HEADER;
		v.subcode = BGP_HDR_BAD_LENGTH;
		v.rule = "RFC4271-6.1";
	}
	e->allowed = h_lf_allowed_for(&v, &m, h_lf_prefix_of(e->index, false));
	e->alone = v.action == BGP_ACT_SESSION_RESET;
	if (v.action == BGP_ACT_SESSION_RESET) {
		e->code = v.code;
		e->subcode = v.subcode;
	}
	snprintf(e->rule, sizeof(e->rule), "%s", v.rule ? v.rule : LF_RULE_WELL_FORMED);
	snprintf(e->why, sizeof(e->why), "%s", v.reason ? v.reason : "well formed");
}

static void h_lf_attr_ex(struct h_lf_ex *e, uint64_t r, uint32_t p, uint32_t asn, uint32_t nh)
{
	struct fz_env env = {asn, nh, p, 24};
	struct bgp_ctx ctx;
	struct fz_case c;
	struct fz_expect x;
	uint8_t sel[4] = {(uint8_t)r, (uint8_t)(r >> 8), (uint8_t)(r >> 16), (uint8_t)(r >> 24)};
	const char *an;

	h_lf_server_ctx(&ctx);
	fz_make_case(&c, &ctx, &env, sel);
	e->len = fz_build(&c, &ctx, &env, e->msg, BGP_MAX_LEN);
	x = fz_expected(&c, &ctx);
	an = h_lf_attr_names[c.rule->type];
	snprintf(e->family, sizeof(e->family), "attribute");
	snprintf(e->what, sizeof(e->what), "%s %s", an ? an : "attribute", fz_kind_name(c.kind));
	e->attr = c.rule->type;
	h_lf_ex_expect_codec(e); /* the reset's code, and a fallback rule */
	e->allowed = h_lf_allowed_from_fz(x.mask);
	e->alone = (x.mask & FZ_A(BGP_ACT_SESSION_RESET)) != 0;
	snprintf(e->rule, sizeof(e->rule), "%s", c.rule->section);
	snprintf(e->why, sizeof(e->why), "%s", x.why);
}

/* A header, then pad octets of filler. */
static size_t h_lf_header(uint8_t *out, uint16_t claimed, uint8_t type, size_t pad)
{
	memset(out, 0xff, BGP_MARKER_LEN);
	out[16] = (uint8_t)(claimed >> 8);
	out[17] = (uint8_t)claimed;
	out[18] = type;
	memset(out + BGP_HEADER_LEN, 0, pad);
	return BGP_HEADER_LEN + pad;
}

/* A valid UPDATE about p with one field damaged by kind. */
static size_t h_lf_bad_update(uint8_t *out, unsigned kind, uint64_t r, uint32_t p, uint32_t asn,
                              uint32_t nh)
{
	struct fz_buf w;
	size_t start, al;
	const uint32_t path[1] = {asn};
	uint8_t asp[16];
	size_t aspn = fz_aspath_seq(asp, true, path, 1);

	fz_buf_init(&w, out, BGP_MAX_LEN);
	start = fz_msg_begin(&w, BGP_UPDATE);
	fz_put16(&w, kind == 0 ? (uint16_t)(4 + r % 200) : 0); /* withdrawn length overrun */
	al = fz_len16_begin(&w);
	fz_attr(&w, 0x40, BGP_ATTR_ORIGIN, (const uint8_t[]){0}, 1);
	fz_attr(&w, 0x40, BGP_ATTR_AS_PATH, asp, aspn);
	fz_attr(&w, 0x40, BGP_ATTR_NEXT_HOP, (const uint8_t[]){nh >> 24, nh >> 16, nh >> 8, nh}, 4);
	fz_len16_end(&w, al);
	if (kind == 1) /* total path attribute length overrun */
		out[al + 1] = (uint8_t)(out[al + 1] + 1 + r % 60);
	if (kind == 2) { /* NLRI prefix longer than 32 */
		fz_put8(&w, (uint8_t)(33 + r % 223));
		fz_putn(&w, (const uint8_t[]){p >> 24, p >> 16, p >> 8, 0}, 4);
	} else {
		fz_prefix4(&w, false, 0, p, 24);
	}
	fz_msg_end(&w, start);
	return w.len;
}

size_t h_lf_announce(uint8_t *out, uint32_t p, uint32_t asn, uint32_t nh)
{
	return h_lf_bad_update(out, 99, 0, p, asn, nh);
}

size_t h_lf_withdraw(uint8_t *out, uint32_t p1, uint32_t p2)
{
	struct fz_buf w;
	size_t start, wl;

	fz_buf_init(&w, out, BGP_MAX_LEN);
	start = fz_msg_begin(&w, BGP_UPDATE);
	wl = fz_len16_begin(&w);
	fz_prefix4(&w, false, 0, p1, 24);
	fz_prefix4(&w, false, 0, p2, 24);
	fz_len16_end(&w, wl);
	fz_put16(&w, 0);
	fz_msg_end(&w, start);
	return w.len;
}

/* Where the RFCs set the answer to a framing kind otherwise than the codec's
 * verdict for it (which h_lf_ex_expect_codec gave). */
static void h_lf_frame_rule(struct h_lf_ex *e, unsigned kind)
{
	if (kind == 7) { /* RFC 4271 4.5: never answered with a NOTIFICATION */
		e->allowed = LF_BIT(LF_O_CLOSED);
		e->alone = true;
		snprintf(e->rule, sizeof(e->rule), "RFC4271-4.5");
		snprintf(e->why, sizeof(e->why),
		         "a NOTIFICATION is never answered by one; the "
		         "receiver closes the connection");
	} else if (kind == 6) { /* RFC 7313 5 names 7/1 for BoRR and EoRR only */
		e->allowed = LF_BIT(LF_O_RESET) | LF_BIT(LF_O_PRESENT);
		e->code = e->subcode = -1;
		snprintf(e->rule, sizeof(e->rule), "RFC7313-5");
		snprintf(e->why, sizeof(e->why),
		         "no RFC sets the answer to a normal ROUTE-REFRESH of a wrong length: "
		         "a reset with any code, or ignored");
	} else if (kind == 8) { /* RFC 4271 8.2.2, RFC 6608 */
		e->allowed = LF_BIT(LF_O_RESET);
		e->alone = true;
		e->code = BGP_ERR_FSM;
		e->subcode = -1;
		snprintf(e->rule, sizeof(e->rule), "RFC4271-8.2.2");
		snprintf(e->why, sizeof(e->why), "an OPEN in Established is an FSM error (code 5)");
	}
}

static void h_lf_frame_ex(struct h_lf_ex *e, uint64_t r, uint32_t p, uint32_t asn, uint32_t nh)
{
	unsigned kind = (unsigned)(r % 12);
	uint8_t t;

	snprintf(e->family, sizeof(e->family), "framing");
	e->attr = 0;
	switch (kind) {
	case 0:
		e->len = h_lf_header(e->msg, 19, BGP_KEEPALIVE, 0);
		e->msg[(r >> 8) % 16] ^= (uint8_t)(1 + (r >> 16) % 255);
		snprintf(e->what, sizeof(e->what), "marker not all ones");
		break;
	case 1:
		e->len = h_lf_header(e->msg, (uint16_t)((r >> 8) % 19), BGP_KEEPALIVE, 0);
		snprintf(e->what, sizeof(e->what), "length below 19");
		break;
	case 2:
		e->len = h_lf_header(e->msg, (uint16_t)(4097 + (r >> 8) % 60000), BGP_UPDATE, 0);
		snprintf(e->what, sizeof(e->what), "length above 4096, not negotiated");
		break;
	case 3:
		t = (uint8_t)(6 + (r >> 8) % 250);
		e->len = h_lf_header(e->msg, 19, t, 0);
		snprintf(e->what, sizeof(e->what), "unknown message type, 19 octets");
		break;
	case 4:
		e->len = h_lf_header(e->msg, (uint16_t)(20 + (r >> 8) % 4), BGP_KEEPALIVE,
		                     1 + (r >> 8) % 4);
		snprintf(e->what, sizeof(e->what), "KEEPALIVE with a body");
		break;
	case 5:
		e->len =
		    h_lf_header(e->msg, (uint16_t)(19 + (r >> 8) % 4), BGP_UPDATE, (r >> 8) % 4);
		snprintf(e->what, sizeof(e->what), "UPDATE shorter than 23 octets");
		break;
	case 6: {
		unsigned l =
		    (r >> 8) & 1 ? 20 + (unsigned)((r >> 9) % 3) : 24 + (unsigned)((r >> 9) % 4);

		e->len = h_lf_header(e->msg, (uint16_t)l, BGP_ROUTE_REFRESH, l - 19);
		e->msg[19] = 0;
		e->msg[20] = 1;
		if (l > 22)
			e->msg[22] = 1;
		snprintf(e->what, sizeof(e->what), "ROUTE-REFRESH of a wrong length");
		break;
	}
	case 7:
		e->len = bgp_encode_notification(6, 2, NULL, 0, e->msg, sizeof(e->msg));
		snprintf(e->what, sizeof(e->what), "NOTIFICATION Cease from the peer");
		break;
	case 8: {
		struct h_lf_peer tmp = {.asn = asn, .hold = 180, .id = nh};

		e->len = h_lf_open_bytes(&tmp, e->msg, sizeof(e->msg));
		snprintf(e->what, sizeof(e->what), "OPEN in Established");
		break;
	}
	default:
		e->len = h_lf_bad_update(e->msg, kind - 9, r >> 8, p, asn, nh);
		snprintf(e->what, sizeof(e->what), "%s",
		         kind == 9    ? "UPDATE withdrawn length overrun"
		         : kind == 10 ? "UPDATE attribute length overrun"
		                      : "UPDATE NLRI longer than 32 bits");
		break;
	}
	h_lf_ex_expect_codec(e);
	h_lf_frame_rule(e, kind);
}

void h_lf_ex_make(struct h_lf_ex *e, uint64_t seed, uint64_t idx, uint32_t p, uint32_t asn,
                  uint32_t nh, unsigned framing_pct)
{
	uint64_t r = h_lf_mix(seed ^ h_lf_mix(idx));

	memset(e, 0, sizeof(*e));
	e->index = idx;
	if (r % 100 < framing_pct)
		h_lf_frame_ex(e, r >> 7, p, asn, nh);
	else
		h_lf_attr_ex(e, r >> 7, p, asn, nh);
}

const char *h_lf_obs_name(enum h_lf_obs_class c)
{
	static const char *const names[LF_O_N] = {"route kept",    "treat-as-withdraw",
	                                          "session reset", "connection closed",
	                                          "no answer",     "process gone"};

	return c < LF_O_N ? names[c] : "?";
}

void h_lf_allowed_text(unsigned a, char *out, size_t cap)
{
	size_t n = 0;

	out[0] = 0;
	for (unsigned c = 0; c < LF_O_N; c++)
		if (a & LF_BIT(c))
			n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%s%s",
			                      n ? " or " : "",
			                      h_lf_obs_name((enum h_lf_obs_class)c));
}

bool h_lf_is_finding(const struct h_lf_ex *e, const struct h_lf_obs *o, char *why, size_t cap)
{
	char want[96];

	h_lf_allowed_text(e->allowed, want, sizeof(want));
	if (o->sink_malformed) {
		snprintf(why, cap, "the server sent the other peer a malformed UPDATE: %s",
		         o->sink_why);
		return true;
	}
	if (o->sink_dropped && o->cls != LF_O_GONE) {
		snprintf(why, cap, "another peer's session was disturbed (%s expected)", want);
		return true;
	}
	if (!(e->allowed & LF_BIT(o->cls))) {
		if (o->cls == LF_O_RESET)
			snprintf(why, cap, "%s expected (%s), saw NOTIFICATION %u/%u", want, e->why,
			         o->code, o->subcode);
		else
			snprintf(why, cap, "%s expected (%s), saw %s", want, e->why,
			         h_lf_obs_name(o->cls));
		return true;
	}
	if (o->cls == LF_O_RESET && e->code >= 0 &&
	    (o->code != e->code || (e->subcode >= 0 && o->subcode != e->subcode))) {
		if (e->subcode >= 0)
			snprintf(why, cap, "NOTIFICATION %d/%d expected (%s), saw %u/%u", e->code,
			         e->subcode, e->why, o->code, o->subcode);
		else
			snprintf(why, cap, "NOTIFICATION %d/* expected (%s), saw %u/%u", e->code,
			         e->why, o->code, o->subcode);
		return true;
	}
	return false;
}

void h_lf_signature(const struct h_lf_ex *e, const struct h_lf_obs *o, char *out, size_t cap)
{
	char seen[48];

	if (o->cls == LF_O_RESET)
		snprintf(seen, sizeof(seen), "notification %u/%u", o->code, o->subcode);
	else
		snprintf(seen, sizeof(seen), "%s", h_lf_obs_name(o->cls));
	snprintf(out, cap, "%s | %s | allowed %x | saw %s%s%s", e->family, e->what, e->allowed,
	         seen, o->sink_dropped ? " | other peer dropped" : "",
	         o->sink_malformed ? " | malformed to other peer" : "");
}
