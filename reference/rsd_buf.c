/* rsd_buf.c: growable byte buffer. */
#include "rsd_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rsd_buf_free(struct rsd_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

int rsd_buf_reserve(struct rsd_buf *b, size_t n)
{
	if (b->cap - b->len >= n)
		return 0;
	if (b->off > 0) {
		rsd_buf_compact(b);
		if (b->cap - b->len >= n)
			return 0;
	}
	size_t cap = b->cap ? b->cap : 256;
	while (cap - b->len < n) {
		if (cap > ((size_t)1 << 30)) {
			b->oom = 1;
			return -1;
		}
		cap *= 2;
	}
	uint8_t *p = realloc(b->data, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int rsd_buf_append(struct rsd_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return 0;
	if (rsd_buf_reserve(b, n) < 0)
		return -1;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

int rsd_buf_printf(struct rsd_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return rsd_buf_append(b, small, (size_t)n);
	if (rsd_buf_reserve(b, (size_t)n + 1) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

size_t rsd_buf_pending(const struct rsd_buf *b)
{
	return b->len - b->off;
}

const uint8_t *rsd_buf_head(const struct rsd_buf *b)
{
	return b->data + b->off;
}

void rsd_buf_consume(struct rsd_buf *b, size_t n)
{
	b->off += n;
	if (b->off >= b->len)
		b->off = b->len = 0;
}

void rsd_buf_compact(struct rsd_buf *b)
{
	if (b->off == 0)
		return;
	memmove(b->data, b->data + b->off, b->len - b->off);
	b->len -= b->off;
	b->off = 0;
}

void rsd_buf_clear(struct rsd_buf *b)
{
	b->off = b->len = 0;
}
