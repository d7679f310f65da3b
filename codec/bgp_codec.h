/* bgp_codec.h: decode, encode, pack and format BGP messages.
 *
 * The codec reads no globals; the negotiated session context is an explicit
 * argument; memory comes from a caller-owned arena. */
#ifndef RSCERT_BGP_CODEC_H
#define RSCERT_BGP_CODEC_H

#include "bgp_addr.h"
#include "bgp_arena.h"
#include "bgp_msg.h"
#include "bgp_verdict.h"

/* ---- framing ---- */
enum bgp_frame_result {
	BGP_FRAME_NEED = 0, /* not enough bytes yet for one whole message */
	BGP_FRAME_OK = 1,   /* *msg_len is the length of the next message */
	BGP_FRAME_ERR = 2,  /* header error: v holds the reset and its data */
};

/* Look at the header at buf[0..avail): marker, length (19..4096, or 65535
 * with ext_msg; per-type minimum/exact lengths) and type. */
enum bgp_frame_result bgp_frame(const uint8_t *buf, size_t avail,
				const struct bgp_ctx *ctx, size_t *msg_len,
				struct bgp_verdict *v);

/* ---- decoding ---- */
/* Decode one whole message (header included). Returns v->action.
 * With BGP_ACT_SESSION_RESET, out is partially filled and must not be used.
 * With ATTR_DISCARD / TREAT_AS_WITHDRAW, out is usable: discarded attributes
 * are absent, and treat-as-withdraw NLRI are still listed so that the
 * caller withdraws them. The arena is not reset here. */
enum bgp_action bgp_decode(const uint8_t *msg, size_t len,
			   const struct bgp_ctx *ctx, struct bgp_arena *arena,
			   struct bgp_msg *out, struct bgp_verdict *v);

/* Fold AS4_PATH into AS_PATH per RFC 6793 4.2.3 for a 2-octet session.
 * Result allocated from the arena. Returns 0, or -1 when out of memory. */
int bgp_as_path_merge_as4(const struct bgp_as_path *as_path,
			  const struct bgp_as_path *as4_path,
			  struct bgp_arena *arena, struct bgp_as_path *out);

/* AS_PATH length for route selection: each AS in a sequence counts 1, each
 * AS_SET counts 1, confederation segments count 0 (RFC 4271 9.1.2.2). */
unsigned bgp_as_path_length(const struct bgp_as_path *p);
/* Whether asn appears anywhere in the path. */
int bgp_as_path_contains(const struct bgp_as_path *p, uint32_t asn);

/* ---- encoding ---- */
/* Encode m into out[0..cap). Returns the message length, or 0 when it does
 * not fit (4096, or 65535 with ctx->ext_msg) or m is not encodable.
 * UPDATE attributes are written in type-code order with the flags in
 * attrs->flags when set, else the attribute's standard flags; the extended
 * length flag is chosen by length. AS_PATH and AGGREGATOR use 4-octet ASNs
 * when ctx->as4, else 2-octet with AS_TRANS. */
size_t bgp_encode(const struct bgp_msg *m, const struct bgp_ctx *ctx,
		  uint8_t *out, size_t cap);

size_t bgp_encode_keepalive(uint8_t *out, size_t cap);
/* Data longer than fits in min(cap, 4096) bytes is truncated. */
size_t bgp_encode_notification(uint8_t code, uint8_t subcode,
			       const uint8_t *data, size_t data_len,
			       uint8_t *out, size_t cap);

/* Mark an UPDATE's attributes for passing on to another peer: unknown
 * optional transitive attributes get the partial bit, unknown
 * non-transitive ones are dropped (RFC 4271 5). */
void bgp_attrs_prepare_transit(struct bgp_attrs *a);

/* ---- packing ---- */
/* Write one UPDATE carrying as many of pfx[0..n) as fit with the shared
 * attributes (IPv4 in the NLRI field, IPv6 in MP_REACH_NLRI). withdraw=1
 * builds a withdrawal (withdrawn routes field or MP_UNREACH_NLRI), attrs
 * ignored. Returns the message length (0 on error) and sets *consumed. */
size_t bgp_pack_update(const struct bgp_ctx *ctx, const struct bgp_attrs *attrs,
		       const struct bgp_prefix *pfx, size_t n, int withdraw,
		       uint8_t *out, size_t cap, size_t *consumed);

/* End-of-RIB marker for an address family (RFC 4724 2). */
size_t bgp_encode_eor(uint16_t afi, uint8_t safi, uint8_t *out, size_t cap);
int bgp_update_is_eor(const struct bgp_msg *m);

/* ---- formatting ---- */
/* One human-readable line per message, e.g.
 * "UPDATE len=52 withdrawn=0 ORIGIN=IGP AS_PATH=65001 65002 NEXT_HOP=10.0.1.4
 *  COMMUNITIES=65001:1 nlri=10.1.0.0/16". Returns the length that would have
 * been written (snprintf semantics). */
size_t bgp_format(const struct bgp_msg *m, char *out, size_t cap);
/* "65001-65002" style when sep is "-", "{1 2}" for sets. */
size_t bgp_format_as_path(const struct bgp_as_path *p, const char *sep,
			  char *out, size_t cap);

#endif
