/* bgp_prefix.c: NLRI prefixes on the wire (RFC 4271 4.3, RFC 4760 5,
 * RFC 7911 3). The text form is in bgp_addr.c. */
#include "bgp_int.h"

bool bgp_ctx_addpath(const struct bgp_ctx *ctx, uint16_t afi)
{
	if (ctx == NULL)
		return false;
	return afi == BGP_AFI_IPV6 ? ctx->addpath_v6 : ctx->addpath_v4;
}

static unsigned bgp_afi_bits(uint16_t afi)
{
	return afi == BGP_AFI_IPV6 ? 128 : 32;
}

int bgp_prefix_count(const uint8_t *p, size_t len, uint16_t afi, bool addpath, size_t *count)
{
	size_t off = 0, n = 0;
	unsigned maxbits = bgp_afi_bits(afi);
	size_t hdr = addpath ? 5 : 1;

	while (off < len) {
		unsigned bits;

		if (len - off < hdr)
			return BGP_UPD_MALFORMED_ATTR_LIST;
		bits = p[off + hdr - 1];
		if (bits > maxbits)
			return BGP_UPD_INVALID_NETWORK;
		off += hdr;
		if (len - off < (bits + 7) / 8)
			return BGP_UPD_MALFORMED_ATTR_LIST;
		off += (bits + 7) / 8;
		n++;
	}
	*count = n;
	return 0;
}

void bgp_prefix_fill(const uint8_t *p, size_t len, uint16_t afi, bool addpath,
                     struct bgp_prefix *out)
{
	const uint8_t *end = p + len;

	while (p < end) {
		struct bgp_prefix *d = out++;
		unsigned bits, nb;

		memset(d, 0, sizeof(*d));
		d->afi = afi;
		if (addpath) {
			d->path_id = bgp_get32(p);
			p += 4;
		}
		bits = *p++;
		nb = (bits + 7) / 8;
		d->len = (uint8_t)bits;
		memcpy(d->addr, p, nb);
		if (bits & 7)
			d->addr[nb - 1] &= (uint8_t)(0xff00u >> (bits & 7));
		p += nb;
	}
}

/* IPv4 without path identifiers, the common case: one pass that checks,
 * counts and fills into an array sized for the worst case (1 byte per
 * prefix), trimmed afterwards. Returns -1 when that array does not fit. */
static int bgp_prefix_decode_v4(struct bgp_arena *arena, const uint8_t *p, size_t len,
                                struct bgp_prefix **out, size_t *count)
{
	const uint8_t *end = p + len;
	struct bgp_prefix *arr = bgp_arena_alloc(arena, len * sizeof(*arr));
	size_t n = 0;

	if (arr == NULL)
		return -1;
	while (p < end) {
		unsigned bits = *p++;
		size_t nb = (bits + 7) / 8;
		struct bgp_prefix *d = &arr[n];
		uint32_t a;

		if (bits > 32) {
			bgp_arena_shrink_last(arena, arr, 0);
			return BGP_UPD_INVALID_NETWORK;
		}
		if ((size_t)(end - p) < nb) {
			bgp_arena_shrink_last(arena, arr, 0);
			return BGP_UPD_MALFORMED_ATTR_LIST;
		}
		if (end - p >= 4) {
			a = bgp_get32(p);
		} else {
			uint8_t tmp[4] = {0};

			memcpy(tmp, p, nb);
			a = bgp_get32(tmp);
		}
		a &= bits ? UINT32_MAX << (32 - bits) : 0;
		/* Field by field: no struct temporary to copy through. */
		d->afi = BGP_AFI_IPV4;
		d->len = (uint8_t)bits;
		d->path_id = 0;
		memset(d->addr, 0, sizeof(d->addr));
		d->addr[0] = (uint8_t)(a >> 24);
		d->addr[1] = (uint8_t)(a >> 16);
		d->addr[2] = (uint8_t)(a >> 8);
		d->addr[3] = (uint8_t)a;
		n++;
		p += nb;
	}
	bgp_arena_shrink_last(arena, arr, n * sizeof(*arr));
	*out = arr;
	*count = n;
	return 0;
}

int bgp_prefix_decode(struct bgp_arena *arena, const uint8_t *p, size_t len, uint16_t afi,
                      bool addpath, struct bgp_prefix **out, size_t *count)
{
	size_t n = 0;
	int r;

	*out = NULL;
	*count = 0;
	if (len == 0)
		return 0;
	if (afi == BGP_AFI_IPV4 && !addpath) {
		r = bgp_prefix_decode_v4(arena, p, len, out, count);
		if (r >= 0)
			return r;
	}
	r = bgp_prefix_count(p, len, afi, addpath, &n);
	if (r != 0)
		return r;
	*out = bgp_arena_alloc(arena, n * sizeof(**out));
	if (*out == NULL)
		return -1;
	bgp_prefix_fill(p, len, afi, addpath, *out);
	*count = n;
	return 0;
}

size_t bgp_prefix_wire_len(const struct bgp_prefix *p, bool addpath)
{
	return (addpath ? 5u : 1u) + (p->len + 7u) / 8u;
}

void bgp_prefix_write(struct bgp_wbuf *w, const struct bgp_prefix *p, bool addpath)
{
	unsigned nb = (p->len + 7u) / 8u;
	uint8_t tmp[21];
	size_t n = 0;

	if (addpath) {
		tmp[0] = (uint8_t)(p->path_id >> 24);
		tmp[1] = (uint8_t)(p->path_id >> 16);
		tmp[2] = (uint8_t)(p->path_id >> 8);
		tmp[3] = (uint8_t)p->path_id;
		n = 4;
	}
	if (nb > 16)
		nb = 16;
	tmp[n++] = p->len;
	memcpy(tmp + n, p->addr, nb);
	if (p->len & 7)
		tmp[n + nb - 1] &= (uint8_t)(0xff00u >> (p->len & 7));
	bgp_wb_bytes(w, tmp, n + nb);
}
