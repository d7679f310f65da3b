/* rsd_buf.h: a growable byte buffer with a read position, used for read
 * buffers, write queues and JSON answers. */
#ifndef RSCERT_RSD_BUF_H
#define RSCERT_RSD_BUF_H

#include <stddef.h>
#include <stdint.h>

struct rsd_buf {
	uint8_t *data;
	size_t off; /* first unconsumed byte */
	size_t len; /* end of the valid bytes */
	size_t cap;
	int oom; /* set once an append failed */
};

void rsd_buf_free(struct rsd_buf *b);
/* Make room for n more bytes past len. 0, or -1 when out of memory. */
int rsd_buf_reserve(struct rsd_buf *b, size_t n);
int rsd_buf_append(struct rsd_buf *b, const void *p, size_t n);
int rsd_buf_printf(struct rsd_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes not consumed yet. */
size_t rsd_buf_pending(const struct rsd_buf *b);
const uint8_t *rsd_buf_head(const struct rsd_buf *b);
void rsd_buf_consume(struct rsd_buf *b, size_t n);
/* Move unconsumed bytes to the front. */
void rsd_buf_compact(struct rsd_buf *b);
void rsd_buf_clear(struct rsd_buf *b);

#endif
