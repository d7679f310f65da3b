/* bgp_decode_open.c: OPEN (RFC 4271 4.2 and 6.2), optional parameters
 * (RFC 5492, RFC 9072) and the capabilities the codec knows (RFC 4760,
 * 2918, 7313, 8654, 6793, 4724, 7911).
 *
 * A known capability whose length is wrong is reported as OPEN Message
 * Error / Unspecific (2/0) carrying the capability: subcode 7 (Unsupported
 * Capability) means the peer lacks a capability we need, which is not the
 * case, and RFC 5492 defines no subcode for a malformed one. */
#include "bgp_int.h"

static const uint8_t bgp_version_data[2] = {0, BGP_VERSION};

static void bgp_open_fail(struct bgp_verdict *v, uint8_t sub, const char *rule, const char *reason,
                          const uint8_t *data, size_t len)
{
	bgp_verdict_raise(v, BGP_ACT_SESSION_RESET, BGP_ERR_OPEN, sub, 0, rule, reason, data, len);
}

static void bgp_afs_add(struct bgp_afi_safi *arr, size_t *n, uint16_t afi, uint8_t safi,
                        uint8_t flags)
{
	if (*n >= BGP_MAX_AFS)
		return;
	arr[*n].afi = afi;
	arr[*n].safi = safi;
	arr[*n].flags = flags;
	(*n)++;
}

/* Fill the digest from one capability; -1 when its length is wrong. */
static int bgp_cap_digest(struct bgp_open *o, const struct bgp_capability *c)
{
	const uint8_t *d = c->data;

	switch (c->code) {
	case BGP_CAP_MP:
		if (c->len != 4)
			return -1;
		bgp_afs_add(o->mp, &o->nmp, bgp_get16(d), d[3], 0);
		return 0;
	case BGP_CAP_ROUTE_REFRESH:
		if (c->len != 0)
			return -1;
		o->route_refresh = true;
		return 0;
	case BGP_CAP_ENHANCED_RR:
		if (c->len != 0)
			return -1;
		o->enhanced_rr = true;
		return 0;
	case BGP_CAP_EXT_MSG:
		if (c->len != 0)
			return -1;
		o->ext_msg = true;
		return 0;
	case BGP_CAP_AS4:
		if (c->len != 4)
			return -1;
		o->has_as4 = true;
		o->as4 = bgp_get32(d);
		return 0;
	case BGP_CAP_GRACEFUL_RESTART:
		if (c->len < 2 || (c->len - 2) % 4 != 0)
			return -1;
		o->has_gr = true;
		o->gr_flags_time = bgp_get16(d);
		for (size_t i = 2; i < c->len; i += 4)
			bgp_afs_add(o->gr, &o->ngr, bgp_get16(d + i), d[i + 2], d[i + 3]);
		return 0;
	case BGP_CAP_ADD_PATH:
		if (c->len == 0 || c->len % 4 != 0)
			return -1;
		for (size_t i = 0; i < c->len; i += 4)
			bgp_afs_add(o->addpath, &o->naddpath, bgp_get16(d + i), d[i + 2], d[i + 3]);
		return 0;
	default:
		return 0;
	}
}

/* The capabilities of one Capabilities optional parameter (RFC 5492 4). */
static int bgp_open_caps(struct bgp_open *o, struct bgp_rbuf *pb, struct bgp_verdict *v)
{
	while (bgp_rb_left(pb) > 0) {
		const uint8_t *start = bgp_rb_cur(pb);
		struct bgp_capability *c = &o->caps[o->ncaps];

		if (bgp_rb_u8(pb, &c->code) != 0 || bgp_rb_u8(pb, &c->len) != 0 ||
		    bgp_rb_bytes(pb, c->len, &c->data) != 0) {
			bgp_open_fail(v, 0, "RFC5492-4", "capability overruns its parameter", start,
			              (size_t)(pb->p + pb->len - start));
			return -1;
		}
		if (bgp_cap_digest(o, c) != 0) {
			bgp_open_fail(v, 0, "RFC5492-4", "capability length is wrong", start,
			              2u + c->len);
			return -1;
		}
		o->ncaps++;
	}
	return 0;
}

static int bgp_open_params(struct bgp_open *o, struct bgp_rbuf *b, struct bgp_arena *arena,
                           struct bgp_verdict *v)
{
	uint8_t olen8 = 0;
	uint16_t olen;
	struct bgp_rbuf pb = {0};
	const uint8_t *olen_field = bgp_rb_cur(b);

	(void)bgp_rb_u8(b, &olen8);
	olen = olen8;
	/* RFC 9072 2: Non-Ext OP Len 255 and Non-Ext OP Type 255 announce the
	 * extended form with 2-octet lengths. */
	if (olen8 == 255 && bgp_rb_left(b) >= 1 && bgp_rb_cur(b)[0] == 255) {
		o->ext_params = true;
		b->off++;
		olen_field = bgp_rb_cur(b);
		if (bgp_rb_u16(b, &olen) != 0) {
			bgp_open_fail(v, 0, "RFC9072-2", "extended parameter length missing", NULL,
			              0);
			return -1;
		}
	}
	if (olen != bgp_rb_left(b)) {
		bgp_verdict_raise(v, BGP_ACT_SESSION_RESET, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH, 0,
		                  "RFC4271-6.1", "optional parameters length mismatch", olen_field,
		                  o->ext_params ? 2 : 1);
		return -1;
	}
	/* Every capability takes at least 2 bytes: bounds the arrays. */
	o->caps = bgp_arena_alloc(arena, (olen / 2 + 1) * sizeof(*o->caps));
	o->params = bgp_arena_alloc(arena, (olen / 2 + 1) * sizeof(*o->params));
	if (o->caps == NULL || o->params == NULL) {
		bgp_verdict_raise(v, BGP_ACT_SESSION_RESET, BGP_ERR_CEASE,
		                  BGP_CEASE_OUT_OF_RESOURCES, 0, "RFC4486-4", "arena full", NULL,
		                  0);
		return -1;
	}
	bgp_rb_sub(b, olen, &pb);
	while (bgp_rb_left(&pb) > 0) {
		const uint8_t *start = bgp_rb_cur(&pb);
		uint8_t type, l8;
		uint16_t plen;
		struct bgp_rbuf vb;
		int r = bgp_rb_u8(&pb, &type);

		if (o->ext_params) {
			r |= bgp_rb_u16(&pb, &plen);
		} else {
			r |= bgp_rb_u8(&pb, &l8);
			plen = l8;
		}
		if (r != 0 || bgp_rb_sub(&pb, plen, &vb) != 0) {
			bgp_open_fail(v, 0, "RFC4271-6.2", "optional parameter overruns", start,
			              (size_t)(pb.p + pb.len - start));
			return -1;
		}
		if (type == 2) {
			if (bgp_open_caps(o, &vb, v) != 0)
				return -1;
			continue;
		}
		o->params[o->nparams].type = type;
		o->params[o->nparams].len = plen;
		o->params[o->nparams].data = vb.p;
		o->nparams++;
		bgp_open_fail(v, BGP_OPEN_UNSUP_PARAM, "RFC4271-6.2",
		              "unsupported optional parameter", NULL, 0);
		return -1;
	}
	return 0;
}

static bool bgp_bad_bgp_id(uint32_t id)
{
	/* RFC 4271 6.2 (syntactically incorrect) and RFC 6286 2.2 (non-zero):
	 * zero, all ones and multicast are no valid identifiers. */
	return id == 0 || id == 0xffffffffu || (id >> 28) == 0xe;
}

void bgp_decode_open(struct bgp_rbuf *b, const struct bgp_ctx *ctx, struct bgp_arena *arena,
                     struct bgp_open *o, struct bgp_verdict *v)
{
	uint32_t peer_as;

	memset(o, 0, sizeof(*o));
	(void)bgp_rb_u8(b, &o->version);
	(void)bgp_rb_u16(b, &o->my_as);
	(void)bgp_rb_u16(b, &o->hold_time);
	(void)bgp_rb_u32(b, &o->bgp_id);
	if (o->version != BGP_VERSION) {
		bgp_open_fail(v, BGP_OPEN_UNSUP_VERSION, "RFC4271-6.2", "unsupported version",
		              bgp_version_data, 2);
		return;
	}
	if (bgp_open_params(o, b, arena, v) != 0)
		return;
	peer_as = o->has_as4 ? o->as4 : o->my_as;
	if (peer_as == 0 || (o->has_as4 && o->my_as == 0)) {
		bgp_open_fail(v, BGP_OPEN_BAD_PEER_AS, "RFC7607-2", "AS 0 in OPEN", NULL, 0);
		return;
	}
	if (ctx->peer_as != 0 && peer_as != ctx->peer_as) {
		bgp_open_fail(v, BGP_OPEN_BAD_PEER_AS, "RFC4271-6.2", "peer AS differs", NULL, 0);
		return;
	}
	if (ctx->ibgp && ctx->local_as != 0 && peer_as != ctx->local_as) {
		bgp_open_fail(v, BGP_OPEN_BAD_PEER_AS, "RFC4271-6.2", "internal peer in another AS",
		              NULL, 0);
		return;
	}
	if (bgp_bad_bgp_id(o->bgp_id)) {
		bgp_open_fail(v, BGP_OPEN_BAD_BGP_ID, "RFC4271-6.2", "invalid BGP identifier", NULL,
		              0);
		return;
	}
	if (o->hold_time == 1 || o->hold_time == 2) {
		bgp_open_fail(v, BGP_OPEN_UNACCEPTABLE_HOLD, "RFC4271-6.2",
		              "hold time 1 or 2 seconds", NULL, 0);
		return;
	}
}
