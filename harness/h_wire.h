/* h_wire.h: BGP messages the fake NVA sends, built byte by byte: OPEN with
 * any ASN, hold time and capabilities, UPDATEs with exact attribute bytes,
 * and the named malformed messages of the catalogue (RFC 4271 section 6,
 * RFC 7606). */
#ifndef RSCERT_H_WIRE_H
#define RSCERT_H_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp_msg.h"

#define H_WIRE_MAX 4096

struct h_wbuf {
	uint8_t b[H_WIRE_MAX];
	size_t n;
	bool overflow;
};

/* What the builders need to know about the sender. */
struct h_wctx {
	uint32_t asn;
	uint32_t router_id;
	unsigned hold;
	unsigned caps;   /* h_cap_bits */
	bool as4;        /* 4-octet AS negotiated */
	uint32_t next_hop;
	struct bgp_prefix pfx; /* the prefix malformed UPDATEs carry */
};

void h_wbuf_reset(struct h_wbuf *w);
void h_wbuf_u8(struct h_wbuf *w, uint8_t v);
void h_wbuf_u16(struct h_wbuf *w, uint16_t v);
void h_wbuf_u32(struct h_wbuf *w, uint32_t v);
void h_wbuf_bytes(struct h_wbuf *w, const void *p, size_t n);
/* Append one path attribute; the extended-length flag is added as needed. */
void h_wbuf_attr(struct h_wbuf *w, uint8_t flags, uint8_t type, const void *data, size_t len);
/* Append an NLRI-encoded prefix. */
void h_wbuf_prefix(struct h_wbuf *w, const struct bgp_prefix *p);

/* Whole messages; each returns the length, 0 on overflow. */
size_t h_wire_header(uint8_t *out, uint16_t len, uint8_t type);
size_t h_wire_open(const struct h_wctx *c, uint8_t *out, size_t cap);
size_t h_wire_keepalive(uint8_t *out, size_t cap);
size_t h_wire_notification(uint8_t code, uint8_t sub, uint8_t *out, size_t cap);
size_t h_wire_refresh(uint8_t *out, size_t cap);
/* UPDATE from a withdrawn field, an attribute field and an NLRI field. */
size_t h_wire_update(const uint8_t *wd, size_t nwd, const uint8_t *attrs, size_t nattrs,
		     const uint8_t *nlri, size_t nnlri, uint8_t *out, size_t cap);

/* Encode an AS path written as "65001 {65002 65003}" into AS_PATH attribute
 * data (2- or 4-octet ASNs). -1 when malformed. */
int h_wire_as_path(const char *path, bool as4, struct h_wbuf *out);

/* Route attributes of an announcement. */
struct h_route_attrs {
	int origin;
	const char *path;
	uint32_t next_hop;
	bool has_med;
	uint32_t med;
	size_t ncomm;
	const uint32_t *comm;
};
/* The attribute field for an announcement. -1 when the path is malformed. */
int h_wire_attrs(const struct h_route_attrs *a, bool as4, struct h_wbuf *out);

/* A named malformed message; -1 when the name is unknown. */
int h_wire_malformed(const char *name, const struct h_wctx *c, uint8_t *out, size_t cap,
		     size_t *len);
/* The names, NULL-terminated, for docs and errors. */
const char *const *h_wire_malformed_names(void);

#endif
