/* h_wire.c: byte-exact message builders for the fake NVA. */
#include "h_wire.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "h_case.h"

void h_wire_begin(struct bgp_wbuf *w, uint8_t *out, size_t cap, uint8_t type)
{
	size_t i;

	bgp_wb_init(w, out, cap);
	for (i = 0; i < BGP_MARKER_LEN; i++)
		bgp_wb_u8(w, 0xFF);
	bgp_wb_u16(w, 0); /* the length, written by h_wire_end */
	bgp_wb_u8(w, type);
}

size_t h_wire_end(struct bgp_wbuf *w)
{
	if (w->err || w->off > BGP_MAX_LEN)
		return 0;
	bgp_wb_put16_at(w, BGP_MARKER_LEN, (uint16_t)w->off);
	return w->off;
}

void h_wire_attr(struct bgp_wbuf *w, uint8_t flags, uint8_t type, const void *data, size_t len)
{
	if (len > 255)
		flags |= BGP_AF_EXTENDED;
	bgp_wb_u8(w, flags);
	bgp_wb_u8(w, type);
	if (flags & BGP_AF_EXTENDED)
		bgp_wb_u16(w, (uint16_t)len);
	else
		bgp_wb_u8(w, (uint8_t)len);
	bgp_wb_bytes(w, data, len);
}

static void h_wire_caps(const struct h_wctx *c, struct bgp_wbuf *p)
{
	static const uint8_t mp[] = {BGP_CAP_MP, 4, 0, 1, 0, 1};
	static const uint8_t rr[] = {BGP_CAP_ROUTE_REFRESH, 0};
	static const uint8_t err[] = {BGP_CAP_ENHANCED_RR, 0};
	static const uint8_t ext[] = {BGP_CAP_EXT_MSG, 0};
	/* restart time 120 s, IPv4 unicast with forwarding preserved */
	static const uint8_t gr[] = {BGP_CAP_GRACEFUL_RESTART, 6, 0x00, 120, 0, 1, 1, 0x80};

	if (c->caps & H_CAP_MP)
		bgp_wb_bytes(p, mp, sizeof(mp));
	if (c->caps & H_CAP_RR)
		bgp_wb_bytes(p, rr, sizeof(rr));
	if (c->caps & H_CAP_ERR)
		bgp_wb_bytes(p, err, sizeof(err));
	if (c->caps & H_CAP_EXT)
		bgp_wb_bytes(p, ext, sizeof(ext));
	if (c->caps & H_CAP_GR)
		bgp_wb_bytes(p, gr, sizeof(gr));
	if (c->caps & H_CAP_AS4) {
		bgp_wb_u8(p, BGP_CAP_AS4);
		bgp_wb_u8(p, 4);
		bgp_wb_u32(p, c->asn);
	}
}

size_t h_wire_open_raw(const struct h_wctx *c, uint8_t version, uint16_t hold, uint32_t id,
                       const uint8_t *extra, size_t nextra, uint8_t *out, size_t cap)
{
	struct bgp_wbuf w, cw;
	uint8_t caps[64];

	bgp_wb_init(&cw, caps, sizeof(caps));
	h_wire_caps(c, &cw);
	h_wire_begin(&w, out, cap, BGP_OPEN);
	bgp_wb_u8(&w, version);
	bgp_wb_u16(&w, c->asn > 65535 ? BGP_AS_TRANS : (uint16_t)c->asn);
	bgp_wb_u16(&w, hold);
	bgp_wb_u32(&w, id);
	bgp_wb_u8(&w, (uint8_t)((cw.off ? cw.off + 2 : 0) + nextra));
	if (cw.off) {
		bgp_wb_u8(&w, 2);
		bgp_wb_u8(&w, (uint8_t)cw.off);
		bgp_wb_bytes(&w, caps, cw.off);
	}
	bgp_wb_bytes(&w, extra, nextra);
	return cw.err ? 0 : h_wire_end(&w);
}

size_t h_wire_open(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	return h_wire_open_raw(c, BGP_VERSION, (uint16_t)c->hold, c->router_id, NULL, 0, out, cap);
}

size_t h_wire_keepalive(uint8_t *out, size_t cap)
{
	struct bgp_wbuf w;

	h_wire_begin(&w, out, cap, BGP_KEEPALIVE);
	return h_wire_end(&w);
}

size_t h_wire_notification(uint8_t code, uint8_t sub, uint8_t *out, size_t cap)
{
	struct bgp_wbuf w;

	h_wire_begin(&w, out, cap, BGP_NOTIFICATION);
	bgp_wb_u8(&w, code);
	bgp_wb_u8(&w, sub);
	return h_wire_end(&w);
}

size_t h_wire_refresh(uint8_t *out, size_t cap)
{
	struct bgp_wbuf w;

	h_wire_begin(&w, out, cap, BGP_ROUTE_REFRESH);
	bgp_wb_u16(&w, BGP_AFI_IPV4);
	bgp_wb_u8(&w, 0);
	bgp_wb_u8(&w, 1); /* unicast */
	return h_wire_end(&w);
}

size_t h_wire_update(const uint8_t *wd, size_t nwd, const uint8_t *attrs, size_t nattrs,
                     const uint8_t *nlri, size_t nnlri, uint8_t *out, size_t cap)
{
	struct bgp_wbuf w;

	h_wire_begin(&w, out, cap, BGP_UPDATE);
	bgp_wb_u16(&w, (uint16_t)nwd);
	bgp_wb_bytes(&w, wd, nwd);
	bgp_wb_u16(&w, (uint16_t)nattrs);
	bgp_wb_bytes(&w, attrs, nattrs);
	bgp_wb_bytes(&w, nlri, nnlri);
	return h_wire_end(&w);
}

static void h_wire_seg(struct bgp_wbuf *out, uint8_t type, const uint32_t *as, size_t n, bool as4)
{
	size_t i;

	if (!n)
		return;
	bgp_wb_u8(out, type);
	bgp_wb_u8(out, (uint8_t)n);
	for (i = 0; i < n; i++) {
		if (as4)
			bgp_wb_u32(out, as[i]);
		else
			bgp_wb_u16(out, as[i] > 65535 ? BGP_AS_TRANS : (uint16_t)as[i]);
	}
}

int h_wire_as_path(const char *path, bool as4, struct bgp_wbuf *out)
{
	uint32_t as[255];
	size_t n = 0;
	bool in_set = false;
	const char *p = path ? path : "";

	while (*p) {
		if (isspace((unsigned char)*p) || *p == ',') {
			p++;
		} else if (*p == '{' || *p == '}') {
			if (in_set != (*p == '}'))
				return -1;
			h_wire_seg(out, in_set ? BGP_SEG_SET : BGP_SEG_SEQUENCE, as, n, as4);
			n = 0;
			in_set = !in_set;
			p++;
		} else if (isdigit((unsigned char)*p)) {
			char *end;
			unsigned long v = strtoul(p, &end, 10);
			if (v > 0xFFFFFFFFul || n == 255)
				return -1;
			as[n++] = (uint32_t)v;
			p = end;
		} else
			return -1;
	}
	if (in_set)
		return -1;
	h_wire_seg(out, BGP_SEG_SEQUENCE, as, n, as4);
	return out->err ? -1 : 0;
}
