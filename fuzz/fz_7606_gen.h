/* fz_7606_gen.h: the RFC 7606 case generator and its oracle.
 *
 * A valid UPDATE is built around one target attribute with one targeted
 * mutation (bad length, flags or value, a duplicate, a missing well-known
 * attribute, an overrun); fz_expected says which verdict classes the RFC
 * allows for it. Shared by the in-process target fz_7606 (which checks the
 * codec) and the live fuzzer `rscert fuzz` (which checks a route server over
 * the wire), so both judge by one table. */
#ifndef RSCERT_FZ_7606_GEN_H
#define RSCERT_FZ_7606_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp_codec.h"

enum fz_kind {
	FZ_VALID = 0,
	FZ_BAD_LENGTH = 1, /* length wrong for the type, value consistent with it */
	FZ_BAD_FLAGS = 2,  /* optional and/or transitive bit flipped */
	FZ_BAD_VALUE = 3,  /* attribute-specific bad content */
	FZ_DUPLICATE = 4,  /* the attribute twice (second copy maybe malformed) */
	FZ_MISSING = 5,    /* a well-known mandatory attribute left out */
	FZ_OVERRUN = 6,    /* last attribute's length runs past the attributes field */
	FZ_NKINDS = 7,
};

/* What a malformed instance of the attribute calls for. */
enum fz_malformed {
	FZ_M_TAW,     /* treat-as-withdraw */
	FZ_M_DISCARD, /* attribute discard */
	FZ_M_MP,      /* AFI/SAFI disable or session reset (RFC 7606 7.11, 7.12) */
};

struct fz_rule {
	uint8_t type;
	uint8_t flags;
	enum fz_malformed malformed;
	bool ibgp_only;     /* from an eBGP peer: attribute discard (7.5, 7.9, 7.10) */
	bool as4_only_2oct; /* AS4_*: meaningful on 2-octet sessions only (RFC 6793 6) */
	bool content_len;   /* a length change is judged by content: use +-1 and 0xFF */
	const char *section;
};

extern const struct fz_rule fz_rules[];
extern const size_t fz_nrules;

/* What the generated UPDATE is built around: the sender's AS (first in
 * AS_PATH, AGGREGATOR, communities), its NEXT_HOP and the one IPv4 NLRI. */
struct fz_env {
	uint32_t peer_as;
	uint32_t nexthop; /* host order */
	uint32_t nlri;    /* host order */
	uint8_t nlri_len;
};
/* The in-process target's environment: AS 65001, 10.0.1.4, 10.1.0.0/16. */
#define FZ_ENV_DEFAULT                                                                             \
	{                                                                                          \
		65001u, 0x0a000104u, 0x0a010000u, 16                                               \
	}

struct fz_case {
	const struct fz_rule *rule;
	enum fz_kind kind;
	bool ext_len;    /* target written with the extended length flag */
	uint8_t flags;   /* target flags */
	uint8_t val[96]; /* target value */
	size_t len;
	bool malformed;  /* the target (first copy) is malformed */
	bool dup_bad;    /* the duplicate copy is malformed */
	uint8_t overrun; /* FZ_OVERRUN: octets claimed past the field */
};

/* Choose the case from four selector bytes: attribute, mutation, two
 * parameters. */
void fz_make_case(struct fz_case *c, const struct bgp_ctx *ctx, const struct fz_env *env,
                  const uint8_t sel[4]);
/* The whole UPDATE; 0 when it does not fit cap. */
size_t fz_build(const struct fz_case *c, const struct bgp_ctx *ctx, const struct fz_env *env,
                uint8_t *msg, size_t cap);

/* Bit per acceptable action, plus whether OK is acceptable only when the
 * target attribute was dropped. */
struct fz_expect {
	unsigned mask;
	bool ok_if_absent;
	const char *why;
};

#define FZ_A(x) (1u << (x))

/* The verdict classes (bits of enum bgp_action) the RFC allows for c. */
struct fz_expect fz_expected(const struct fz_case *c, const struct bgp_ctx *ctx);
const char *fz_kind_name(enum fz_kind k);

#endif
