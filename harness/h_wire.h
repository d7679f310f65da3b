/* h_wire.h: BGP messages the fake NVA sends, built byte by byte: OPEN with
 * any ASN, hold time and capabilities, and the named malformed messages of
 * the catalogue (RFC 4271 section 6, RFC 7606). Announcements are encoded by
 * the codec; these are the messages the codec would refuse to write.
 *
 * The bytes go through the codec's bounded writer (bgp_wbuf, bgp_buf.h):
 * a writer that runs out of room stops and says so once, at the end. */
#ifndef RSCERT_H_WIRE_H
#define RSCERT_H_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp_buf.h"
#include "bgp_msg.h"

#define H_WIRE_MAX 4096

/* What the builders need to know about the sender. */
struct h_wctx {
	uint32_t asn;
	uint32_t router_id;
	unsigned hold;
	unsigned caps; /* h_cap_bits */
	bool as4;      /* 4-octet AS negotiated */
	uint32_t next_hop;
	struct bgp_prefix pfx; /* the prefix malformed UPDATEs carry */
};

/* Whole messages; each returns the length, 0 when out is too small. */
size_t h_wire_open(const struct h_wctx *c, uint8_t *out, size_t cap);
size_t h_wire_keepalive(uint8_t *out, size_t cap);
size_t h_wire_notification(uint8_t code, uint8_t sub, uint8_t *out, size_t cap);
size_t h_wire_refresh(uint8_t *out, size_t cap);

/* A named malformed message; -1 when the name is unknown. */
int h_wire_malformed(const char *name, const struct h_wctx *c, uint8_t *out, size_t cap,
                     size_t *len);

/* The malformed messages: a name, its builder and what it breaks. A builder
 * writes either the whole message (msg) or the attribute field of an UPDATE
 * that carries the context's prefix (attrs). */
struct h_wire_mal {
	const char *name;
	size_t (*msg)(const struct h_wctx *c, uint8_t *out, size_t cap);
	void (*attrs)(const struct h_wctx *c, struct bgp_wbuf *a);
	const char *doc;
};
const struct h_wire_mal *h_wire_malformed_find(const char *name);
const struct h_wire_mal *h_wire_malformed_table(size_t *n);

/* ---- the builders h_wire_mal.c shares ---- */
/* Start a message of a type in out; h_wire_end writes its length. */
void h_wire_begin(struct bgp_wbuf *w, uint8_t *out, size_t cap, uint8_t type);
size_t h_wire_end(struct bgp_wbuf *w);
/* OPEN with explicit fields and extra optional-parameter bytes. */
size_t h_wire_open_raw(const struct h_wctx *c, uint8_t version, uint16_t hold, uint32_t id,
                       const uint8_t *extra, size_t nextra, uint8_t *out, size_t cap);
/* UPDATE from a withdrawn field, an attribute field and an NLRI field. */
size_t h_wire_update(const uint8_t *wd, size_t nwd, const uint8_t *attrs, size_t nattrs,
                     const uint8_t *nlri, size_t nnlri, uint8_t *out, size_t cap);
/* One path attribute; the extended-length flag is added as needed. */
void h_wire_attr(struct bgp_wbuf *w, uint8_t flags, uint8_t type, const void *data, size_t len);
/* AS_PATH attribute data for a path written "65001 {65002 65003}" (2- or
 * 4-octet ASNs). -1 when malformed. */
int h_wire_as_path(const char *path, bool as4, struct bgp_wbuf *out);

#endif
