/* bgp_int.h: declarations shared between the codec's own files (not API). */
#ifndef RSCERT_BGP_INT_H
#define RSCERT_BGP_INT_H

#include "bgp_buf.h"
#include "bgp_codec.h"

/* ---- verdicts (bgp_verdict.c) ---- */
void bgp_verdict_init(struct bgp_verdict *v);
/* Record an error; the stronger action wins, the first of equal strength stays. */
void bgp_verdict_raise(struct bgp_verdict *v, enum bgp_action act, uint8_t code, uint8_t sub,
                       uint8_t attr_type, const char *rule, const char *reason, const uint8_t *data,
                       size_t data_len);
void bgp_verdict_note_discard(struct bgp_verdict *v, uint8_t attr_type);

/* ---- header checks (bgp_frame.c) ---- */
size_t bgp_max_len(const struct bgp_ctx *ctx);

/* ---- per-type decoders ---- */
void bgp_decode_open(struct bgp_rbuf *b, const struct bgp_ctx *ctx, struct bgp_arena *arena,
                     struct bgp_open *o, struct bgp_verdict *v);
void bgp_decode_update(struct bgp_rbuf *b, const struct bgp_ctx *ctx, struct bgp_arena *arena,
                       struct bgp_update *u, struct bgp_verdict *v);

/* ---- UPDATE decoding state, shared by the attribute decoders ---- */
struct bgp_upd_state {
	const struct bgp_ctx *ctx;
	struct bgp_arena *arena;
	struct bgp_verdict *v;
	struct bgp_update *u;
	uint64_t seen[4]; /* every attribute type met, kept or not */
	size_t unknown_cap;
	size_t attrs_left; /* attribute bytes not yet parsed */
};

/* What an attribute decoder found. */
enum bgp_attr_res {
	BGP_ATTR_KEEP = 0,  /* decoded; mark present */
	BGP_ATTR_MALFORMED, /* apply the attribute's malformed action */
	BGP_ATTR_DROP,      /* already handled (discarded or reported) */
	BGP_ATTR_NOMEM,     /* arena full */
};

struct bgp_attr_in {
	uint8_t flags;
	uint8_t type;
	const uint8_t *raw; /* whole attribute, header included */
	size_t raw_len;
	const uint8_t *val;
	uint16_t len;
	uint8_t subcode; /* set by a decoder for MALFORMED; 0 = length error */
};

enum bgp_len_rule {
	BGP_LEN_ANY = 0,
	BGP_LEN_FIXED, /* exactly n */
	BGP_LEN_MULT,  /* non-zero multiple of n */
	BGP_LEN_AGGR,  /* 6 or 8 by AS size */
	BGP_LEN_MIN,   /* at least n */
};

struct bgp_attr_desc {
	const char *name;
	uint8_t flags; /* expected optional/transitive bits */
	uint8_t len_rule;
	uint8_t len;
	uint8_t malformed;     /* enum bgp_action under RFC 7606 */
	uint8_t value_subcode; /* RFC 4271 subcode for a bad value */
	const char *rule;      /* RFC 7606 (or other) rule for malformed */
	bool ebgp_discard;     /* discarded when received from eBGP */
	enum bgp_attr_res (*decode)(struct bgp_upd_state *st, struct bgp_attr_in *in);
	/* Write the value only (no header). */
	void (*encode)(const struct bgp_attrs *a, const struct bgp_ctx *ctx, struct bgp_wbuf *w);
	/* Append " NAME=..." text. */
	void (*format)(const struct bgp_attrs *a, char *out, size_t cap, size_t *n);
};

/* NULL for a type code the codec does not know. */
const struct bgp_attr_desc *bgp_attr_desc_get(uint8_t type);
const char *bgp_attr_name(uint8_t type);
/* Parse the path attribute field. */
void bgp_attrs_decode(struct bgp_upd_state *st, struct bgp_rbuf *b);

/* ---- attribute writing (bgp_encode.c) ---- */
/* Write one attribute: header with flags, then the value from enc. */
void bgp_attr_write(struct bgp_wbuf *w, uint8_t flags, uint8_t type, const struct bgp_attrs *a,
                    const struct bgp_ctx *ctx,
                    void (*enc)(const struct bgp_attrs *, const struct bgp_ctx *,
                                struct bgp_wbuf *));
/* Write attributes with type codes in [lo, hi] that a holds (present bits). */
void bgp_attrs_write_range(struct bgp_wbuf *w, const struct bgp_attrs *a, const struct bgp_ctx *ctx,
                           unsigned lo, unsigned hi);
/* Start an attribute with a 2-byte length; returns the offset to finish. */
size_t bgp_attr_begin_ext(struct bgp_wbuf *w, uint8_t flags, uint8_t type);
/* Patch the length, and shrink to a 1-byte length when the value fits. */
void bgp_attr_finish(struct bgp_wbuf *w, size_t start);
size_t bgp_header_begin(struct bgp_wbuf *w, uint8_t type);
void bgp_header_finish(struct bgp_wbuf *w, size_t start);

/* ---- prefixes (bgp_prefix.c) ---- */
/* Validate and count prefixes of one field. 0, or the RFC 4271 subcode
 * (BGP_UPD_INVALID_NETWORK: length beyond the family, BGP_UPD_MALFORMED_ATTR_LIST:
 * overrun). */
int bgp_prefix_count(const uint8_t *p, size_t len, uint16_t afi, bool addpath, size_t *count);
/* Fill out[] from a field bgp_prefix_count accepted. */
void bgp_prefix_fill(const uint8_t *p, size_t len, uint16_t afi, bool addpath,
                     struct bgp_prefix *out);
/* Check and decode one field into an arena array: 0, an RFC 4271 subcode
 * as bgp_prefix_count, or -1 when the arena is full. */
int bgp_prefix_decode(struct bgp_arena *arena, const uint8_t *p, size_t len, uint16_t afi,
                      bool addpath, struct bgp_prefix **out, size_t *count);
size_t bgp_prefix_wire_len(const struct bgp_prefix *p, bool addpath);
void bgp_prefix_write(struct bgp_wbuf *w, const struct bgp_prefix *p, bool addpath);
bool bgp_ctx_addpath(const struct bgp_ctx *ctx, uint16_t afi);

/* ---- AS paths (bgp_aspath.c) ---- */
/* 0 ok, -1 malformed (RFC 7606 7.2), -2 out of memory. */
int bgp_as_path_decode(const uint8_t *p, size_t len, unsigned asn_size, bool allow_confed,
                       struct bgp_arena *arena, struct bgp_as_path *out);
/* 2-octet form writes AS_TRANS for ASNs above 65535. */
void bgp_as_path_write(struct bgp_wbuf *w, const struct bgp_as_path *p, unsigned asn_size,
                       bool skip_confed);
bool bgp_as_path_has_as4(const struct bgp_as_path *p);

/* ---- text helpers (bgp_text.c) ---- */
void bgp_fmt(char *out, size_t cap, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void bgp_fmt_ipv4(char *out, size_t cap, size_t *n, uint32_t addr);
const char *bgp_afi_safi_name(uint16_t afi, uint8_t safi, char *buf, size_t cap);

#endif
