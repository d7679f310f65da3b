/* fz_wire.h: a raw BGP byte builder for seeds and mutated messages.
 *
 * Independent of the codec's encoder on purpose: seeds and the RFC 7606
 * oracle's inputs do not depend on the code under test. */
#ifndef RSCERT_FZ_WIRE_H
#define RSCERT_FZ_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fz_buf {
	uint8_t *b;
	size_t len;
	size_t cap;
	bool overflow; /* a write did not fit; len stays within cap */
};

void fz_buf_init(struct fz_buf *w, uint8_t *mem, size_t cap);
void fz_put8(struct fz_buf *w, uint8_t v);
void fz_put16(struct fz_buf *w, uint16_t v);
void fz_put32(struct fz_buf *w, uint32_t v);
void fz_putn(struct fz_buf *w, const void *p, size_t n);
/* An ASN in 2 or 4 octets. */
void fz_put_as(struct fz_buf *w, bool as4, uint32_t asn);

/* Start a message: marker and a length placeholder, then the type.
 * Returns the offset of the message start. */
size_t fz_msg_begin(struct fz_buf *w, uint8_t type);
/* Patch the length of the message that starts at start. */
void fz_msg_end(struct fz_buf *w, size_t start);

/* A 2-octet length placeholder; fz_len16_end writes the bytes since. */
size_t fz_len16_begin(struct fz_buf *w);
void fz_len16_end(struct fz_buf *w, size_t at);

/* One path attribute; the extended length flag is added when len > 255
 * (and kept when already in flags). */
void fz_attr(struct fz_buf *w, uint8_t flags, uint8_t type, const void *val, size_t len);

/* One prefix: [path id] length, significant octets. */
void fz_prefix(struct fz_buf *w, bool addpath, uint32_t path_id, uint8_t len,
	       const uint8_t *addr);
void fz_prefix4(struct fz_buf *w, bool addpath, uint32_t path_id, uint32_t addr, uint8_t len);

/* A whole AS_PATH attribute value: one AS_SEQUENCE of n ASNs. */
size_t fz_aspath_seq(uint8_t *out, bool as4, const uint32_t *asns, size_t n);

#endif
