/* h_wire.c: byte-exact message builders for the fake NVA. */
#include "h_wire.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h_case.h"

void h_wbuf_reset(struct h_wbuf *w)
{
	w->n = 0;
	w->overflow = false;
}

void h_wbuf_bytes(struct h_wbuf *w, const void *p, size_t n)
{
	if (w->n + n > sizeof(w->b)) {
		w->overflow = true;
		return;
	}
	if (n)
		memcpy(w->b + w->n, p, n);
	w->n += n;
}

void h_wbuf_u8(struct h_wbuf *w, uint8_t v)
{
	h_wbuf_bytes(w, &v, 1);
}

void h_wbuf_u16(struct h_wbuf *w, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};

	h_wbuf_bytes(w, b, 2);
}

void h_wbuf_u32(struct h_wbuf *w, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};

	h_wbuf_bytes(w, b, 4);
}

void h_wbuf_attr(struct h_wbuf *w, uint8_t flags, uint8_t type, const void *data, size_t len)
{
	if (len > 255)
		flags |= BGP_AF_EXTENDED;
	h_wbuf_u8(w, flags);
	h_wbuf_u8(w, type);
	if (flags & BGP_AF_EXTENDED)
		h_wbuf_u16(w, (uint16_t)len);
	else
		h_wbuf_u8(w, (uint8_t)len);
	h_wbuf_bytes(w, data, len);
}

void h_wbuf_prefix(struct h_wbuf *w, const struct bgp_prefix *p)
{
	h_wbuf_u8(w, p->len);
	h_wbuf_bytes(w, p->addr, (size_t)(p->len + 7) / 8);
}

size_t h_wire_header(uint8_t *out, uint16_t len, uint8_t type)
{
	memset(out, 0xFF, BGP_MARKER_LEN);
	out[16] = (uint8_t)(len >> 8);
	out[17] = (uint8_t)len;
	out[18] = type;
	return BGP_HEADER_LEN;
}

static size_t h_wire_finish(struct h_wbuf *body, uint8_t type, uint8_t *out, size_t cap)
{
	size_t len = BGP_HEADER_LEN + body->n;

	if (body->overflow || len > cap || len > BGP_MAX_LEN)
		return 0;
	h_wire_header(out, (uint16_t)len, type);
	memcpy(out + BGP_HEADER_LEN, body->b, body->n);
	return len;
}

static void h_wire_caps(const struct h_wctx *c, struct h_wbuf *p)
{
	if (c->caps & H_CAP_MP) {
		const uint8_t mp[] = {BGP_CAP_MP, 4, 0, 1, 0, 1};
		h_wbuf_bytes(p, mp, sizeof(mp));
	}
	if (c->caps & H_CAP_RR) {
		const uint8_t rr[] = {BGP_CAP_ROUTE_REFRESH, 0};
		h_wbuf_bytes(p, rr, sizeof(rr));
	}
	if (c->caps & H_CAP_ERR) {
		const uint8_t err[] = {BGP_CAP_ENHANCED_RR, 0};
		h_wbuf_bytes(p, err, sizeof(err));
	}
	if (c->caps & H_CAP_EXT) {
		const uint8_t ext[] = {BGP_CAP_EXT_MSG, 0};
		h_wbuf_bytes(p, ext, sizeof(ext));
	}
	if (c->caps & H_CAP_GR) {
		/* restart time 120 s, IPv4 unicast with forwarding preserved */
		const uint8_t gr[] = {BGP_CAP_GRACEFUL_RESTART, 6, 0x00, 120, 0, 1, 1, 0x80};
		h_wbuf_bytes(p, gr, sizeof(gr));
	}
	if (c->caps & H_CAP_AS4) {
		h_wbuf_u8(p, BGP_CAP_AS4);
		h_wbuf_u8(p, 4);
		h_wbuf_u32(p, c->asn);
	}
}

/* OPEN body with explicit fields, so the malformed variants share it. */
static size_t h_wire_open_raw(const struct h_wctx *c, uint8_t version, uint16_t hold,
			      uint32_t id, const struct h_wbuf *extra, uint8_t *out, size_t cap)
{
	struct h_wbuf body, caps;

	h_wbuf_reset(&body);
	h_wbuf_reset(&caps);
	h_wire_caps(c, &caps);
	h_wbuf_u8(&body, version);
	h_wbuf_u16(&body, c->asn > 65535 ? BGP_AS_TRANS : (uint16_t)c->asn);
	h_wbuf_u16(&body, hold);
	h_wbuf_u32(&body, id);
	h_wbuf_u8(&body, (uint8_t)((caps.n ? caps.n + 2 : 0) + (extra ? extra->n : 0)));
	if (caps.n) {
		h_wbuf_u8(&body, 2);
		h_wbuf_u8(&body, (uint8_t)caps.n);
		h_wbuf_bytes(&body, caps.b, caps.n);
	}
	if (extra)
		h_wbuf_bytes(&body, extra->b, extra->n);
	return h_wire_finish(&body, BGP_OPEN, out, cap);
}

size_t h_wire_open(const struct h_wctx *c, uint8_t *out, size_t cap)
{
	return h_wire_open_raw(c, BGP_VERSION, (uint16_t)c->hold, c->router_id, NULL, out, cap);
}

size_t h_wire_keepalive(uint8_t *out, size_t cap)
{
	if (cap < BGP_HEADER_LEN)
		return 0;
	return h_wire_header(out, BGP_HEADER_LEN, BGP_KEEPALIVE);
}

size_t h_wire_notification(uint8_t code, uint8_t sub, uint8_t *out, size_t cap)
{
	if (cap < BGP_HEADER_LEN + 2)
		return 0;
	h_wire_header(out, BGP_HEADER_LEN + 2, BGP_NOTIFICATION);
	out[19] = code;
	out[20] = sub;
	return BGP_HEADER_LEN + 2;
}

size_t h_wire_refresh(uint8_t *out, size_t cap)
{
	if (cap < BGP_HEADER_LEN + 4)
		return 0;
	h_wire_header(out, BGP_HEADER_LEN + 4, BGP_ROUTE_REFRESH);
	out[19] = 0;
	out[20] = 1;
	out[21] = 0;
	out[22] = 1;
	return BGP_HEADER_LEN + 4;
}

size_t h_wire_update(const uint8_t *wd, size_t nwd, const uint8_t *attrs, size_t nattrs,
		     const uint8_t *nlri, size_t nnlri, uint8_t *out, size_t cap)
{
	struct h_wbuf body;

	h_wbuf_reset(&body);
	h_wbuf_u16(&body, (uint16_t)nwd);
	h_wbuf_bytes(&body, wd, nwd);
	h_wbuf_u16(&body, (uint16_t)nattrs);
	h_wbuf_bytes(&body, attrs, nattrs);
	h_wbuf_bytes(&body, nlri, nnlri);
	return h_wire_finish(&body, BGP_UPDATE, out, cap);
}

static void h_wire_seg(struct h_wbuf *out, uint8_t type, const uint32_t *as, size_t n, bool as4)
{
	size_t i;

	if (!n)
		return;
	h_wbuf_u8(out, type);
	h_wbuf_u8(out, (uint8_t)n);
	for (i = 0; i < n; i++) {
		if (as4)
			h_wbuf_u32(out, as[i]);
		else
			h_wbuf_u16(out, as[i] > 65535 ? BGP_AS_TRANS : (uint16_t)as[i]);
	}
}

int h_wire_as_path(const char *path, bool as4, struct h_wbuf *out)
{
	uint32_t as[255];
	size_t n = 0;
	bool in_set = false;
	const char *p = path ? path : "";

	while (*p) {
		if (isspace((unsigned char)*p) || *p == ',') {
			p++;
		} else if (*p == '{') {
			if (in_set)
				return -1;
			h_wire_seg(out, BGP_SEG_SEQUENCE, as, n, as4);
			n = 0;
			in_set = true;
			p++;
		} else if (*p == '}') {
			if (!in_set)
				return -1;
			h_wire_seg(out, BGP_SEG_SET, as, n, as4);
			n = 0;
			in_set = false;
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
	return out->overflow ? -1 : 0;
}

int h_wire_attrs(const struct h_route_attrs *a, bool as4, struct h_wbuf *out)
{
	struct h_wbuf path;
	uint8_t v[4];
	size_t i;

	h_wbuf_reset(&path);
	if (h_wire_as_path(a->path, as4, &path))
		return -1;
	v[0] = (uint8_t)a->origin;
	h_wbuf_attr(out, BGP_AF_TRANSITIVE, BGP_ATTR_ORIGIN, v, 1);
	h_wbuf_attr(out, BGP_AF_TRANSITIVE, BGP_ATTR_AS_PATH, path.b, path.n);
	v[0] = (uint8_t)(a->next_hop >> 24);
	v[1] = (uint8_t)(a->next_hop >> 16);
	v[2] = (uint8_t)(a->next_hop >> 8);
	v[3] = (uint8_t)a->next_hop;
	h_wbuf_attr(out, BGP_AF_TRANSITIVE, BGP_ATTR_NEXT_HOP, v, 4);
	if (a->has_med) {
		uint8_t m[4] = {(uint8_t)(a->med >> 24), (uint8_t)(a->med >> 16),
				(uint8_t)(a->med >> 8), (uint8_t)a->med};
		h_wbuf_attr(out, BGP_AF_OPTIONAL, BGP_ATTR_MED, m, 4);
	}
	if (a->ncomm) {
		uint8_t c[4 * H_MAX_COMMS];
		for (i = 0; i < a->ncomm && i < H_MAX_COMMS; i++) {
			c[4 * i] = (uint8_t)(a->comm[i] >> 24);
			c[4 * i + 1] = (uint8_t)(a->comm[i] >> 16);
			c[4 * i + 2] = (uint8_t)(a->comm[i] >> 8);
			c[4 * i + 3] = (uint8_t)a->comm[i];
		}
		h_wbuf_attr(out, BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE, BGP_ATTR_COMMUNITIES, c,
			    4 * i);
	}
	return out->overflow ? -1 : 0;
}

/* ---- malformed messages ---- */
static const char *const h_malformed_list[] = {
	"bad-marker", "bad-length-short", "bad-length-long", "keepalive-long", "bad-type",
	"open-version-3", "open-bad-bgp-id", "open-hold-1", "open-hold-2",
	"open-unsupported-param", "open-short", "update-total-attr-overrun",
	"update-withdrawn-overrun", "update-attr-overrun", "origin-invalid",
	"origin-bad-length", "origin-flags", "aspath-malformed", "aspath-bad-segment-type",
	"nexthop-bad-length", "nexthop-zero", "med-bad-length", "local-pref-ebgp",
	"atomic-aggregate-bad-length", "aggregator-bad-length", "communities-bad-length",
	"originator-id-ebgp", "cluster-list-ebgp", "missing-origin", "missing-aspath",
	"missing-nexthop", "duplicate-origin", "unknown-wellknown", "nlri-bad-length",
	"mp-reach-bad-nexthop-length", "refresh-bad-length", "aspath-own-asn",
	"aspath-as0", NULL,
};

const char *const *h_wire_malformed_names(void)
{
	return h_malformed_list;
}

/* Standard attributes of a malformed UPDATE, with hooks to replace one. */
struct h_mal {
	bool skip_origin, skip_path, skip_nh;
	const char *path;
};

static void h_mal_std(const struct h_wctx *c, const struct h_mal *m, struct h_wbuf *a)
{
	char path[32];
	struct h_route_attrs ra = {0};

	snprintf(path, sizeof(path), "%u", c->asn);
	ra.origin = BGP_ORIGIN_IGP;
	ra.path = m->path ? m->path : path;
	ra.next_hop = c->next_hop;
	if (!m->skip_origin && !m->skip_path && !m->skip_nh) {
		h_wire_attrs(&ra, c->as4, a);
		return;
	}
	if (!m->skip_origin) {
		uint8_t o = 0;
		h_wbuf_attr(a, BGP_AF_TRANSITIVE, BGP_ATTR_ORIGIN, &o, 1);
	}
	if (!m->skip_path) {
		struct h_wbuf p;
		h_wbuf_reset(&p);
		h_wire_as_path(ra.path, c->as4, &p);
		h_wbuf_attr(a, BGP_AF_TRANSITIVE, BGP_ATTR_AS_PATH, p.b, p.n);
	}
	if (!m->skip_nh) {
		struct h_wbuf n;
		h_wbuf_reset(&n);
		h_wbuf_u32(&n, c->next_hop);
		h_wbuf_attr(a, BGP_AF_TRANSITIVE, BGP_ATTR_NEXT_HOP, n.b, 4);
	}
}

static size_t h_mal_update(const struct h_wctx *c, const struct h_wbuf *attrs, uint8_t *out,
			   size_t cap)
{
	struct h_wbuf nlri;

	h_wbuf_reset(&nlri);
	h_wbuf_prefix(&nlri, &c->pfx);
	return h_wire_update(NULL, 0, attrs->b, attrs->n, nlri.b, nlri.n, out, cap);
}

static int h_mal_header(const char *name, const struct h_wctx *c, uint8_t *out, size_t cap,
			size_t *len)
{
	if (cap < 64)
		return -1;
	if (!strcmp(name, "bad-marker")) {
		*len = h_wire_keepalive(out, cap);
		out[0] = 0x00;
	} else if (!strcmp(name, "bad-length-short")) {
		*len = h_wire_keepalive(out, cap);
		out[17] = 18;
	} else if (!strcmp(name, "bad-length-long")) {
		*len = h_wire_keepalive(out, cap);
		out[16] = 0x10;
		out[17] = 0x01; /* 4097 */
	} else if (!strcmp(name, "keepalive-long")) {
		h_wire_header(out, BGP_HEADER_LEN + 1, BGP_KEEPALIVE);
		out[19] = 0;
		*len = BGP_HEADER_LEN + 1;
	} else if (!strcmp(name, "bad-type")) {
		*len = h_wire_header(out, BGP_HEADER_LEN, 9);
	} else if (!strcmp(name, "refresh-bad-length")) {
		h_wire_header(out, BGP_HEADER_LEN + 5, BGP_ROUTE_REFRESH);
		memcpy(out + 19, "\x00\x01\x00\x01\x00", 5);
		*len = BGP_HEADER_LEN + 5;
	} else
		return 1;
	return 0;
}

static int h_mal_open(const char *name, const struct h_wctx *c, uint8_t *out, size_t cap,
		      size_t *len)
{
	struct h_wbuf extra;

	if (!strcmp(name, "open-version-3"))
		*len = h_wire_open_raw(c, 3, (uint16_t)c->hold, c->router_id, NULL, out, cap);
	else if (!strcmp(name, "open-bad-bgp-id"))
		*len = h_wire_open_raw(c, 4, (uint16_t)c->hold, 0, NULL, out, cap);
	else if (!strcmp(name, "open-hold-1"))
		*len = h_wire_open_raw(c, 4, 1, c->router_id, NULL, out, cap);
	else if (!strcmp(name, "open-hold-2"))
		*len = h_wire_open_raw(c, 4, 2, c->router_id, NULL, out, cap);
	else if (!strcmp(name, "open-unsupported-param")) {
		h_wbuf_reset(&extra);
		h_wbuf_u8(&extra, 3);
		h_wbuf_u8(&extra, 2);
		h_wbuf_u16(&extra, 0xABCD);
		*len = h_wire_open_raw(c, 4, (uint16_t)c->hold, c->router_id, &extra, out, cap);
	} else if (!strcmp(name, "open-short")) {
		*len = h_wire_open_raw(c, 4, (uint16_t)c->hold, c->router_id, NULL, out, cap);
		if (*len) {
			/* cut the message after the BGP identifier, length says so */
			*len = BGP_HEADER_LEN + 9;
			out[16] = 0;
			out[17] = (uint8_t)*len;
		}
	} else
		return 1;
	return *len ? 0 : -1;
}

static int h_mal_update_named(const char *name, const struct h_wctx *c, uint8_t *out,
			      size_t cap, size_t *len)
{
	struct h_wbuf a;
	struct h_mal m = {0};
	uint8_t d[16] = {0};
	char path[64];

	h_wbuf_reset(&a);
	if (!strcmp(name, "update-total-attr-overrun")) {
		h_mal_std(c, &m, &a);
		*len = h_mal_update(c, &a, out, cap);
		/* total path attribute length larger than the message */
		out[21] = (uint8_t)((a.n + 40) >> 8);
		out[22] = (uint8_t)(a.n + 40);
		return 0;
	}
	if (!strcmp(name, "update-withdrawn-overrun")) {
		h_mal_std(c, &m, &a);
		*len = h_mal_update(c, &a, out, cap);
		out[19] = 0x0F;
		out[20] = 0xFF;
		return 0;
	}
	if (!strcmp(name, "update-attr-overrun")) {
		h_mal_std(c, &m, &a);
		/* a MED whose length runs past the attribute list */
		h_wbuf_u8(&a, BGP_AF_OPTIONAL);
		h_wbuf_u8(&a, BGP_ATTR_MED);
		h_wbuf_u8(&a, 30);
		h_wbuf_u32(&a, 5);
	} else if (!strcmp(name, "origin-invalid")) {
		m.skip_origin = true;
		d[0] = 3;
		h_wbuf_attr(&a, BGP_AF_TRANSITIVE, BGP_ATTR_ORIGIN, d, 1);
		h_mal_std(c, &m, &a);
	} else if (!strcmp(name, "origin-bad-length")) {
		m.skip_origin = true;
		h_wbuf_attr(&a, BGP_AF_TRANSITIVE, BGP_ATTR_ORIGIN, d, 2);
		h_mal_std(c, &m, &a);
	} else if (!strcmp(name, "origin-flags")) {
		m.skip_origin = true;
		h_wbuf_attr(&a, BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE, BGP_ATTR_ORIGIN, d, 1);
		h_mal_std(c, &m, &a);
	} else if (!strcmp(name, "aspath-malformed")) {
		m.skip_path = true;
		h_mal_std(c, &m, &a);
		/* a sequence that claims 3 ASNs but holds one */
		d[0] = BGP_SEG_SEQUENCE;
		d[1] = 3;
		d[2] = (uint8_t)(c->asn >> 24);
		d[3] = (uint8_t)(c->asn >> 16);
		d[4] = (uint8_t)(c->asn >> 8);
		d[5] = (uint8_t)c->asn;
		h_wbuf_attr(&a, BGP_AF_TRANSITIVE, BGP_ATTR_AS_PATH, d, c->as4 ? 6 : 4);
	} else if (!strcmp(name, "aspath-bad-segment-type")) {
		m.skip_path = true;
		h_mal_std(c, &m, &a);
		d[0] = 7;
		d[1] = 1;
		d[2] = (uint8_t)(c->asn >> 24);
		d[3] = (uint8_t)(c->asn >> 16);
		d[4] = (uint8_t)(c->asn >> 8);
		d[5] = (uint8_t)c->asn;
		if (!c->as4) {
			d[2] = (uint8_t)(c->asn >> 8);
			d[3] = (uint8_t)c->asn;
		}
		h_wbuf_attr(&a, BGP_AF_TRANSITIVE, BGP_ATTR_AS_PATH, d, c->as4 ? 6 : 4);
	} else if (!strcmp(name, "nexthop-bad-length")) {
		m.skip_nh = true;
		h_mal_std(c, &m, &a);
		h_wbuf_attr(&a, BGP_AF_TRANSITIVE, BGP_ATTR_NEXT_HOP, d, 5);
	} else if (!strcmp(name, "nexthop-zero")) {
		m.skip_nh = true;
		h_mal_std(c, &m, &a);
		h_wbuf_attr(&a, BGP_AF_TRANSITIVE, BGP_ATTR_NEXT_HOP, d, 4);
	} else if (!strcmp(name, "med-bad-length")) {
		h_mal_std(c, &m, &a);
		h_wbuf_attr(&a, BGP_AF_OPTIONAL, BGP_ATTR_MED, d, 3);
	} else if (!strcmp(name, "local-pref-ebgp")) {
		h_mal_std(c, &m, &a);
		d[3] = 200;
		h_wbuf_attr(&a, BGP_AF_TRANSITIVE, BGP_ATTR_LOCAL_PREF, d, 4);
	} else if (!strcmp(name, "atomic-aggregate-bad-length")) {
		h_mal_std(c, &m, &a);
		h_wbuf_attr(&a, BGP_AF_TRANSITIVE, BGP_ATTR_ATOMIC_AGGREGATE, d, 1);
	} else if (!strcmp(name, "aggregator-bad-length")) {
		h_mal_std(c, &m, &a);
		h_wbuf_attr(&a, BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE, BGP_ATTR_AGGREGATOR, d, 5);
	} else if (!strcmp(name, "communities-bad-length")) {
		h_mal_std(c, &m, &a);
		h_wbuf_attr(&a, BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE, BGP_ATTR_COMMUNITIES, d, 5);
	} else if (!strcmp(name, "originator-id-ebgp")) {
		h_mal_std(c, &m, &a);
		d[0] = 10;
		d[3] = 9;
		h_wbuf_attr(&a, BGP_AF_OPTIONAL, BGP_ATTR_ORIGINATOR_ID, d, 4);
	} else if (!strcmp(name, "cluster-list-ebgp")) {
		h_mal_std(c, &m, &a);
		d[0] = 10;
		d[3] = 9;
		h_wbuf_attr(&a, BGP_AF_OPTIONAL, BGP_ATTR_CLUSTER_LIST, d, 4);
	} else if (!strcmp(name, "missing-origin")) {
		m.skip_origin = true;
		h_mal_std(c, &m, &a);
	} else if (!strcmp(name, "missing-aspath")) {
		m.skip_path = true;
		h_mal_std(c, &m, &a);
	} else if (!strcmp(name, "missing-nexthop")) {
		m.skip_nh = true;
		h_mal_std(c, &m, &a);
	} else if (!strcmp(name, "duplicate-origin")) {
		m.skip_origin = true;
		h_wbuf_attr(&a, BGP_AF_TRANSITIVE, BGP_ATTR_ORIGIN, d, 1);
		d[0] = 2;
		h_wbuf_attr(&a, BGP_AF_TRANSITIVE, BGP_ATTR_ORIGIN, d, 1);
		d[0] = 0;
		h_mal_std(c, &m, &a);
	} else if (!strcmp(name, "unknown-wellknown")) {
		h_mal_std(c, &m, &a);
		h_wbuf_attr(&a, BGP_AF_TRANSITIVE, 222, d, 2);
	} else if (!strcmp(name, "nlri-bad-length")) {
		struct h_wbuf nlri;
		h_mal_std(c, &m, &a);
		h_wbuf_reset(&nlri);
		h_wbuf_u8(&nlri, 33);
		h_wbuf_bytes(&nlri, c->pfx.addr, 4);
		h_wbuf_u8(&nlri, 0);
		*len = h_wire_update(NULL, 0, a.b, a.n, nlri.b, nlri.n, out, cap);
		return *len ? 0 : -1;
	} else if (!strcmp(name, "mp-reach-bad-nexthop-length")) {
		h_mal_std(c, &m, &a);
		const uint8_t mp[] = {0, 1, 1, 3, 10, 0, 1, 0, 16, 10, 77};
		h_wbuf_attr(&a, BGP_AF_OPTIONAL, BGP_ATTR_MP_REACH, mp, sizeof(mp));
	} else if (!strcmp(name, "aspath-own-asn")) {
		snprintf(path, sizeof(path), "%u 65515 65003", c->asn);
		m.path = path;
		h_mal_std(c, &m, &a);
	} else if (!strcmp(name, "aspath-as0")) {
		snprintf(path, sizeof(path), "%u 0 65003", c->asn);
		m.path = path;
		h_mal_std(c, &m, &a);
	} else
		return 1;
	*len = h_mal_update(c, &a, out, cap);
	return *len ? 0 : -1;
}

int h_wire_malformed(const char *name, const struct h_wctx *c, uint8_t *out, size_t cap,
		     size_t *len)
{
	int rc;

	*len = 0;
	rc = h_mal_header(name, c, out, cap, len);
	if (rc <= 0)
		return rc;
	rc = h_mal_open(name, c, out, cap, len);
	if (rc <= 0)
		return rc;
	rc = h_mal_update_named(name, c, out, cap, len);
	return rc == 0 ? 0 : -1;
}
