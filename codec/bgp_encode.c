/* bgp_encode.c: message and attribute encoding (RFC 4271 4, RFC 5492,
 * RFC 9072, RFC 6793 4.2.2, RFC 4724 2, RFC 9003). */
#include "bgp_int.h"

size_t bgp_header_begin(struct bgp_wbuf *w, uint8_t type)
{
	static const uint8_t marker[BGP_MARKER_LEN] = {
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	size_t start = w->off;

	bgp_wb_bytes(w, marker, sizeof(marker));
	bgp_wb_u16(w, 0);
	bgp_wb_u8(w, type);
	return start;
}

void bgp_header_finish(struct bgp_wbuf *w, size_t start)
{
	size_t len = w->off - start;

	if (len > BGP_EXT_MAX_LEN)
		w->err = true;
	bgp_wb_put16_at(w, start + 16, (uint16_t)len);
}

size_t bgp_attr_begin_ext(struct bgp_wbuf *w, uint8_t flags, uint8_t type)
{
	size_t start = w->off;

	bgp_wb_u8(w, (uint8_t)((flags & 0xe0) | BGP_AF_EXTENDED));
	bgp_wb_u8(w, type);
	bgp_wb_u16(w, 0);
	return start;
}

void bgp_attr_finish(struct bgp_wbuf *w, size_t start)
{
	size_t vlen;

	if (w->err)
		return;
	vlen = w->off - start - 4;
	if (vlen > UINT16_MAX) {
		w->err = true;
		return;
	}
	if (vlen > 255) {
		bgp_wb_put16_at(w, start + 2, (uint16_t)vlen);
		return;
	}
	if (w->p != NULL) {
		w->p[start] &= (uint8_t)~BGP_AF_EXTENDED;
		w->p[start + 2] = (uint8_t)vlen;
		memmove(w->p + start + 3, w->p + start + 4, vlen);
	}
	w->off--;
}

void bgp_attr_write(struct bgp_wbuf *w, uint8_t flags, uint8_t type, const struct bgp_attrs *a,
                    const struct bgp_ctx *ctx,
                    void (*enc)(const struct bgp_attrs *, const struct bgp_ctx *,
                                struct bgp_wbuf *))
{
	size_t start = bgp_attr_begin_ext(w, flags, type);

	enc(a, ctx, w);
	bgp_attr_finish(w, start);
}

static void bgp_raw_attr_write(struct bgp_wbuf *w, const struct bgp_raw_attr *r)
{
	uint8_t flags = r->flags & 0xe0;

	if (r->len > 255) {
		bgp_wb_u8(w, flags | BGP_AF_EXTENDED);
		bgp_wb_u8(w, r->type);
		bgp_wb_u16(w, r->len);
	} else {
		bgp_wb_u8(w, flags);
		bgp_wb_u8(w, r->type);
		bgp_wb_u8(w, (uint8_t)r->len);
	}
	bgp_wb_bytes(w, r->data, r->len);
}

/* The attributes to write: present ones, plus AS4_PATH / AS4_AGGREGATOR
 * built for a 2-octet session when an ASN does not fit (RFC 6793 4.2.2);
 * a 4-octet session never carries them. */
static void bgp_attrs_to_write(const struct bgp_attrs *a, const struct bgp_ctx *ctx,
                               uint64_t out[4])
{
	memcpy(out, a->present, sizeof(a->present));
	out[BGP_ATTR_AS4_PATH >> 6] &= ~((uint64_t)1 << BGP_ATTR_AS4_PATH);
	out[BGP_ATTR_AS4_AGGREGATOR >> 6] &= ~((uint64_t)1 << BGP_ATTR_AS4_AGGREGATOR);
	if (ctx->as4)
		return;
	if (bgp_attr_has(a, BGP_ATTR_AS4_PATH) ||
	    (bgp_attr_has(a, BGP_ATTR_AS_PATH) && bgp_as_path_has_as4(&a->as_path)))
		out[0] |= (uint64_t)1 << BGP_ATTR_AS4_PATH;
	if (bgp_attr_has(a, BGP_ATTR_AS4_AGGREGATOR) ||
	    (bgp_attr_has(a, BGP_ATTR_AGGREGATOR) && a->aggregator.as > 0xffff))
		out[0] |= (uint64_t)1 << BGP_ATTR_AS4_AGGREGATOR;
}

static void bgp_attr_write_type(struct bgp_wbuf *w, const struct bgp_attrs *a,
                                const struct bgp_ctx *ctx, uint8_t t)
{
	const struct bgp_attr_desc *d = bgp_attr_desc_get(t);

	if (d != NULL) {
		uint8_t flags = a->flags[t] ? a->flags[t] : d->flags;

		/* Standard O/T bits; the Partial bit as given (a decoded one is
		 * passed on unchanged, RFC 7606 3.c leaves it unchecked). */
		flags = (uint8_t)(d->flags | (flags & BGP_AF_PARTIAL));
		bgp_attr_write(w, flags, t, a, ctx, d->encode);
		return;
	}
	for (size_t i = 0; i < a->nunknown; i++)
		if (a->unknown[i].type == t)
			bgp_raw_attr_write(w, &a->unknown[i]);
}

void bgp_attrs_write_range(struct bgp_wbuf *w, const struct bgp_attrs *a, const struct bgp_ctx *ctx,
                           unsigned lo, unsigned hi)
{
	uint64_t todo[4];

	bgp_attrs_to_write(a, ctx, todo);
	for (unsigned word = lo >> 6; word < 4 && word <= (hi >> 6); word++) {
		uint64_t bits = todo[word];

		while (bits != 0) {
			unsigned t = word * 64 + (unsigned)__builtin_ctzll(bits);

			bits &= bits - 1;
			if (t < lo || t > hi)
				continue;
			bgp_attr_write_type(w, a, ctx, (uint8_t)t);
		}
	}
}

static void bgp_open_caps_write(struct bgp_wbuf *w, const struct bgp_open *o)
{
	for (size_t i = 0; i < o->nmp; i++) {
		bgp_wb_u8(w, BGP_CAP_MP);
		bgp_wb_u8(w, 4);
		bgp_wb_u16(w, o->mp[i].afi);
		bgp_wb_u8(w, 0);
		bgp_wb_u8(w, o->mp[i].safi);
	}
	if (o->route_refresh) {
		bgp_wb_u8(w, BGP_CAP_ROUTE_REFRESH);
		bgp_wb_u8(w, 0);
	}
	if (o->ext_msg) {
		bgp_wb_u8(w, BGP_CAP_EXT_MSG);
		bgp_wb_u8(w, 0);
	}
	if (o->has_gr) {
		bgp_wb_u8(w, BGP_CAP_GRACEFUL_RESTART);
		bgp_wb_u8(w, (uint8_t)(2 + 4 * o->ngr));
		bgp_wb_u16(w, o->gr_flags_time);
		for (size_t i = 0; i < o->ngr; i++) {
			bgp_wb_u16(w, o->gr[i].afi);
			bgp_wb_u8(w, o->gr[i].safi);
			bgp_wb_u8(w, o->gr[i].flags);
		}
	}
	if (o->has_as4) {
		bgp_wb_u8(w, BGP_CAP_AS4);
		bgp_wb_u8(w, 4);
		bgp_wb_u32(w, o->as4);
	}
	if (o->naddpath > 0) {
		bgp_wb_u8(w, BGP_CAP_ADD_PATH);
		bgp_wb_u8(w, (uint8_t)(4 * o->naddpath));
		for (size_t i = 0; i < o->naddpath; i++) {
			bgp_wb_u16(w, o->addpath[i].afi);
			bgp_wb_u8(w, o->addpath[i].safi);
			bgp_wb_u8(w, o->addpath[i].flags);
		}
	}
	if (o->enhanced_rr) {
		bgp_wb_u8(w, BGP_CAP_ENHANCED_RR);
		bgp_wb_u8(w, 0);
	}
	/* Capabilities the digest does not describe, as they came. */
	for (size_t i = 0; i < o->ncaps; i++) {
		const struct bgp_capability *c = &o->caps[i];

		switch (c->code) {
		case BGP_CAP_MP:
		case BGP_CAP_ROUTE_REFRESH:
		case BGP_CAP_EXT_MSG:
		case BGP_CAP_GRACEFUL_RESTART:
		case BGP_CAP_AS4:
		case BGP_CAP_ADD_PATH:
		case BGP_CAP_ENHANCED_RR:
			continue;
		default:
			bgp_wb_u8(w, c->code);
			bgp_wb_u8(w, c->len);
			bgp_wb_bytes(w, c->data, c->len);
		}
	}
}

static void bgp_encode_open_body(struct bgp_wbuf *w, const struct bgp_open *o)
{
	struct bgp_wbuf count;
	size_t caps_len, params_len = 0;
	bool ext;
	uint16_t my_as = o->my_as;

	if (my_as == 0 && o->has_as4)
		my_as = (uint16_t)(o->as4 > 0xffff ? BGP_AS_TRANS : o->as4);
	bgp_wb_init(&count, NULL, 0);
	bgp_open_caps_write(&count, o);
	caps_len = count.off;
	ext = o->ext_params || caps_len > 253;
	if (caps_len > 0)
		params_len += (ext ? 3 : 2) + caps_len;
	for (size_t i = 0; i < o->nparams; i++)
		params_len += (ext ? 3u : 2u) + o->params[i].len;
	if (!ext && params_len > 255) {
		ext = true;
		params_len += o->nparams + (caps_len > 0);
	}
	bgp_wb_u8(w, o->version ? o->version : BGP_VERSION);
	bgp_wb_u16(w, my_as);
	bgp_wb_u16(w, o->hold_time);
	bgp_wb_u32(w, o->bgp_id);
	if (ext) {
		bgp_wb_u8(w, 255);
		bgp_wb_u8(w, 255);
		bgp_wb_u16(w, (uint16_t)params_len);
	} else {
		bgp_wb_u8(w, (uint8_t)params_len);
	}
	if (caps_len > 0) {
		bgp_wb_u8(w, 2);
		if (ext)
			bgp_wb_u16(w, (uint16_t)caps_len);
		else
			bgp_wb_u8(w, (uint8_t)caps_len);
		bgp_open_caps_write(w, o);
	}
	for (size_t i = 0; i < o->nparams; i++) {
		bgp_wb_u8(w, o->params[i].type);
		if (ext)
			bgp_wb_u16(w, o->params[i].len);
		else
			bgp_wb_u8(w, (uint8_t)o->params[i].len);
		bgp_wb_bytes(w, o->params[i].data, o->params[i].len);
	}
}

/* The withdrawn and NLRI fields carry IPv4 only; MP attributes one family. */
static bool bgp_update_families_ok(const struct bgp_update *u)
{
	const struct bgp_attrs *a = &u->attrs;

	for (size_t i = 0; i < u->nwithdrawn; i++)
		if (u->withdrawn[i].afi != BGP_AFI_IPV4)
			return false;
	for (size_t i = 0; i < u->nnlri; i++)
		if (u->nlri[i].afi != BGP_AFI_IPV4)
			return false;
	if (bgp_attr_has(a, BGP_ATTR_MP_REACH))
		for (size_t i = 0; i < a->mp_reach.nprefix; i++)
			if (a->mp_reach.prefixes[i].afi != a->mp_reach.afi)
				return false;
	if (bgp_attr_has(a, BGP_ATTR_MP_UNREACH))
		for (size_t i = 0; i < a->mp_unreach.nprefix; i++)
			if (a->mp_unreach.prefixes[i].afi != a->mp_unreach.afi)
				return false;
	return true;
}

static void bgp_encode_update_body(struct bgp_wbuf *w, const struct bgp_update *u,
                                   const struct bgp_ctx *ctx)
{
	bool ap = bgp_ctx_addpath(ctx, BGP_AFI_IPV4);
	size_t at;

	if (!bgp_update_families_ok(u)) {
		w->err = true;
		return;
	}
	at = w->off;
	bgp_wb_u16(w, 0);
	for (size_t i = 0; i < u->nwithdrawn; i++)
		bgp_prefix_write(w, &u->withdrawn[i], ap);
	bgp_wb_put16_at(w, at, (uint16_t)(w->off - at - 2));
	at = w->off;
	bgp_wb_u16(w, 0);
	bgp_attrs_write_range(w, &u->attrs, ctx, 0, 255);
	if (w->off - at - 2 > UINT16_MAX)
		w->err = true;
	bgp_wb_put16_at(w, at, (uint16_t)(w->off - at - 2));
	for (size_t i = 0; i < u->nnlri; i++)
		bgp_prefix_write(w, &u->nlri[i], ap);
}

static void bgp_encode_notification_body(struct bgp_wbuf *w, const struct bgp_notification *n)
{
	bgp_wb_u8(w, n->code);
	bgp_wb_u8(w, n->subcode);
	if (n->data == NULL && n->has_shutdown_text) {
		bgp_wb_u8(w, n->shutdown_len);
		bgp_wb_bytes(w, n->shutdown_text, n->shutdown_len);
		return;
	}
	bgp_wb_bytes(w, n->data, n->data != NULL ? n->len : 0);
}

size_t bgp_encode(const struct bgp_msg *m, const struct bgp_ctx *ctx, uint8_t *out, size_t cap)
{
	static const struct bgp_ctx default_ctx;
	struct bgp_wbuf w;
	size_t start, max;

	if (ctx == NULL)
		ctx = &default_ctx;
	max = bgp_max_len(ctx);
	bgp_wb_init(&w, out, cap < max ? cap : max);
	if (m->type < BGP_OPEN || m->type > BGP_ROUTE_REFRESH)
		return 0;
	start = bgp_header_begin(&w, m->type);
	switch (m->type) {
	case BGP_OPEN:
		bgp_encode_open_body(&w, &m->u.open);
		break;
	case BGP_UPDATE:
		bgp_encode_update_body(&w, &m->u.update, ctx);
		break;
	case BGP_NOTIFICATION:
		bgp_encode_notification_body(&w, &m->u.notification);
		break;
	case BGP_ROUTE_REFRESH:
		bgp_wb_u16(&w, m->u.route_refresh.afi);
		bgp_wb_u8(&w, m->u.route_refresh.subtype);
		bgp_wb_u8(&w, m->u.route_refresh.safi);
		break;
	default:
		break;
	}
	bgp_header_finish(&w, start);
	return w.err ? 0 : w.off;
}

size_t bgp_encode_keepalive(uint8_t *out, size_t cap)
{
	struct bgp_wbuf w;
	size_t start;

	bgp_wb_init(&w, out, cap);
	start = bgp_header_begin(&w, BGP_KEEPALIVE);
	bgp_header_finish(&w, start);
	return w.err ? 0 : w.off;
}

size_t bgp_encode_notification(uint8_t code, uint8_t subcode, const uint8_t *data, size_t data_len,
                               uint8_t *out, size_t cap)
{
	struct bgp_wbuf w;
	size_t start;

	size_t room = cap < BGP_MAX_LEN ? cap : BGP_MAX_LEN;

	/* Data that would not fit (e.g. an attribute of an extended message)
	 * is cut so that the NOTIFICATION can always be sent. */
	if (room >= 21 && data_len > room - 21)
		data_len = room - 21;
	bgp_wb_init(&w, out, room);
	start = bgp_header_begin(&w, BGP_NOTIFICATION);
	bgp_wb_u8(&w, code);
	bgp_wb_u8(&w, subcode);
	if (data != NULL)
		bgp_wb_bytes(&w, data, data_len);
	bgp_header_finish(&w, start);
	return w.err ? 0 : w.off;
}

size_t bgp_encode_eor(uint16_t afi, uint8_t safi, uint8_t *out, size_t cap)
{
	struct bgp_wbuf w;
	size_t start;

	bgp_wb_init(&w, out, cap);
	start = bgp_header_begin(&w, BGP_UPDATE);
	bgp_wb_u16(&w, 0);
	if (afi == BGP_AFI_IPV4 && safi == BGP_SAFI_UNICAST) {
		bgp_wb_u16(&w, 0);
	} else {
		/* RFC 4724 2: an UPDATE with only an empty MP_UNREACH_NLRI. */
		bgp_wb_u16(&w, 6);
		bgp_wb_u8(&w, BGP_AF_OPTIONAL);
		bgp_wb_u8(&w, BGP_ATTR_MP_UNREACH);
		bgp_wb_u8(&w, 3);
		bgp_wb_u16(&w, afi);
		bgp_wb_u8(&w, safi);
	}
	bgp_header_finish(&w, start);
	return w.err ? 0 : w.off;
}

int bgp_update_is_eor(const struct bgp_msg *m)
{
	const struct bgp_update *u = &m->u.update;
	const struct bgp_attrs *a = &u->attrs;
	uint64_t others[4];

	if (m->type != BGP_UPDATE || u->nwithdrawn != 0 || u->nnlri != 0)
		return 0;
	memcpy(others, a->present, sizeof(others));
	others[0] &= ~((uint64_t)1 << BGP_ATTR_MP_UNREACH);
	if (others[0] | others[1] | others[2] | others[3])
		return 0;
	if (!bgp_attr_has(a, BGP_ATTR_MP_UNREACH))
		return 1;
	return a->mp_unreach.nprefix == 0;
}

void bgp_attrs_prepare_transit(struct bgp_attrs *a)
{
	size_t keep = 0;

	for (size_t i = 0; i < a->nunknown; i++) {
		struct bgp_raw_attr r = a->unknown[i];

		if (!(r.flags & BGP_AF_TRANSITIVE)) {
			bgp_attr_clear(a, r.type);
			a->flags[r.type] = 0;
			continue;
		}
		/* RFC 4271 5: an optional transitive attribute we do not know
		 * goes on with the Partial bit set. */
		r.flags |= BGP_AF_PARTIAL;
		a->flags[r.type] = r.flags;
		a->unknown[keep++] = r;
	}
	a->nunknown = keep;
}
