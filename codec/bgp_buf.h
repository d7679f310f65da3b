/* bgp_buf.h: bounded cursor reader and writer used by every codec file.
 *
 * Readers fail (return -1) on short input and never move past the end.
 * A writer with a NULL buffer only counts bytes; a writer that runs out of
 * room sets err and stops writing, so callers check once at the end. */
#ifndef RSCERT_BGP_BUF_H
#define RSCERT_BGP_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct bgp_rbuf {
	const uint8_t *p;
	size_t len;
	size_t off;
};

struct bgp_wbuf {
	uint8_t *p; /* NULL: count only */
	size_t cap;
	size_t off;
	bool err;
};

static inline void bgp_rb_init(struct bgp_rbuf *b, const uint8_t *p, size_t len)
{
	b->p = p;
	b->len = len;
	b->off = 0;
}

static inline size_t bgp_rb_left(const struct bgp_rbuf *b)
{
	return b->len - b->off;
}

static inline const uint8_t *bgp_rb_cur(const struct bgp_rbuf *b)
{
	return b->p + b->off;
}

static inline uint16_t bgp_get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t bgp_get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static inline int bgp_rb_u8(struct bgp_rbuf *b, uint8_t *v)
{
	if (bgp_rb_left(b) < 1)
		return -1;
	*v = b->p[b->off++];
	return 0;
}

static inline int bgp_rb_u16(struct bgp_rbuf *b, uint16_t *v)
{
	if (bgp_rb_left(b) < 2)
		return -1;
	*v = bgp_get16(b->p + b->off);
	b->off += 2;
	return 0;
}

static inline int bgp_rb_u32(struct bgp_rbuf *b, uint32_t *v)
{
	if (bgp_rb_left(b) < 4)
		return -1;
	*v = bgp_get32(b->p + b->off);
	b->off += 4;
	return 0;
}

/* Point *v at the next n bytes and step over them. */
static inline int bgp_rb_bytes(struct bgp_rbuf *b, size_t n, const uint8_t **v)
{
	if (bgp_rb_left(b) < n)
		return -1;
	*v = b->p + b->off;
	b->off += n;
	return 0;
}

/* A sub-reader over the next n bytes; the parent steps over them. */
static inline int bgp_rb_sub(struct bgp_rbuf *b, size_t n, struct bgp_rbuf *sub)
{
	const uint8_t *p;

	if (bgp_rb_bytes(b, n, &p) != 0)
		return -1;
	bgp_rb_init(sub, p, n);
	return 0;
}

static inline void bgp_wb_init(struct bgp_wbuf *b, uint8_t *p, size_t cap)
{
	b->p = p;
	b->cap = p != NULL ? cap : SIZE_MAX;
	b->off = 0;
	b->err = false;
}

static inline bool bgp_wb_room(struct bgp_wbuf *b, size_t n)
{
	if (b->err || n > b->cap - b->off) {
		b->err = true;
		return false;
	}
	return true;
}

static inline void bgp_wb_bytes(struct bgp_wbuf *b, const void *v, size_t n)
{
	if (!bgp_wb_room(b, n))
		return;
	if (b->p != NULL && n > 0)
		memcpy(b->p + b->off, v, n);
	b->off += n;
}

static inline void bgp_wb_u8(struct bgp_wbuf *b, uint8_t v)
{
	if (!bgp_wb_room(b, 1))
		return;
	if (b->p != NULL)
		b->p[b->off] = v;
	b->off++;
}

static inline void bgp_wb_u16(struct bgp_wbuf *b, uint16_t v)
{
	uint8_t t[2] = {(uint8_t)(v >> 8), (uint8_t)v};

	bgp_wb_bytes(b, t, 2);
}

static inline void bgp_wb_u32(struct bgp_wbuf *b, uint32_t v)
{
	uint8_t t[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};

	bgp_wb_bytes(b, t, 4);
}

/* Overwrite a 16-bit value already written at off. */
static inline void bgp_wb_put16_at(struct bgp_wbuf *b, size_t off, uint16_t v)
{
	if (b->p != NULL && !b->err && off + 2 <= b->off) {
		b->p[off] = (uint8_t)(v >> 8);
		b->p[off + 1] = (uint8_t)v;
	}
}

#endif
