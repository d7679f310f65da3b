/* fz_wire.c: raw BGP byte builder (see fz_wire.h). */
#include "fz_wire.h"

#include <string.h>

void fz_buf_init(struct fz_buf *w, uint8_t *mem, size_t cap)
{
	w->b = mem;
	w->len = 0;
	w->cap = cap;
	w->overflow = false;
}

void fz_putn(struct fz_buf *w, const void *p, size_t n)
{
	if (n > w->cap - w->len) {
		w->overflow = true;
		return;
	}
	if (n > 0)
		memcpy(w->b + w->len, p, n);
	w->len += n;
}

void fz_put8(struct fz_buf *w, uint8_t v)
{
	fz_putn(w, &v, 1);
}

void fz_put16(struct fz_buf *w, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	fz_putn(w, b, 2);
}

void fz_put32(struct fz_buf *w, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	fz_putn(w, b, 4);
}

void fz_put_as(struct fz_buf *w, bool as4, uint32_t asn)
{
	if (as4)
		fz_put32(w, asn);
	else
		fz_put16(w, asn > 0xFFFF ? 23456 : (uint16_t)asn);
}

size_t fz_msg_begin(struct fz_buf *w, uint8_t type)
{
	static const uint8_t marker[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	size_t start = w->len;

	fz_putn(w, marker, sizeof(marker));
	fz_put16(w, 0);
	fz_put8(w, type);
	return start;
}

void fz_msg_end(struct fz_buf *w, size_t start)
{
	size_t n = w->len - start;

	if (w->overflow || start + 18 > w->len)
		return;
	w->b[start + 16] = (uint8_t)(n >> 8);
	w->b[start + 17] = (uint8_t)n;
}

size_t fz_len16_begin(struct fz_buf *w)
{
	size_t at = w->len;

	fz_put16(w, 0);
	return at;
}

void fz_len16_end(struct fz_buf *w, size_t at)
{
	size_t n = w->len - at - 2;

	if (w->overflow || at + 2 > w->len)
		return;
	w->b[at] = (uint8_t)(n >> 8);
	w->b[at + 1] = (uint8_t)n;
}

void fz_attr(struct fz_buf *w, uint8_t flags, uint8_t type, const void *val, size_t len)
{
	if (len > 255)
		flags |= 0x10;
	fz_put8(w, flags);
	fz_put8(w, type);
	if (flags & 0x10)
		fz_put16(w, (uint16_t)len);
	else
		fz_put8(w, (uint8_t)len);
	fz_putn(w, val, len);
}

void fz_prefix(struct fz_buf *w, bool addpath, uint32_t path_id, uint8_t len,
	       const uint8_t *addr)
{
	if (addpath)
		fz_put32(w, path_id);
	fz_put8(w, len);
	fz_putn(w, addr, (len + 7u) / 8u);
}

void fz_prefix4(struct fz_buf *w, bool addpath, uint32_t path_id, uint32_t addr, uint8_t len)
{
	uint8_t a[4] = { (uint8_t)(addr >> 24), (uint8_t)(addr >> 16), (uint8_t)(addr >> 8),
			 (uint8_t)addr };

	fz_prefix(w, addpath, path_id, len, a);
}

size_t fz_aspath_seq(uint8_t *out, bool as4, const uint32_t *asns, size_t n)
{
	struct fz_buf w;

	fz_buf_init(&w, out, 2 + 4 * n);
	fz_put8(&w, 2);
	fz_put8(&w, (uint8_t)n);
	for (size_t i = 0; i < n; i++)
		fz_put_as(&w, as4, asns[i]);
	return w.len;
}
