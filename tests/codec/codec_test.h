/* codec_test.h: message builders and assertions shared by the codec tests. */
#ifndef RSCERT_CODEC_TEST_H
#define RSCERT_CODEC_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the three above first. */
#include <cmocka.h>
#include <string.h>

#include "bgp_codec.h"

/* Every test decodes with this arena, reset before each decode. */
extern struct bgp_arena ct_arena;

/* Header + body into out; returns the total length. */
size_t ct_msg(uint8_t type, const uint8_t *body, size_t blen, uint8_t *out);
/* An UPDATE from its three fields. */
size_t ct_update(const uint8_t *wd, size_t wl, const uint8_t *at, size_t al, const uint8_t *nlri,
                 size_t nl, uint8_t *out);
enum bgp_action ct_decode(const uint8_t *msg, size_t len, const struct bgp_ctx *ctx,
                          struct bgp_msg *m, struct bgp_verdict *v);
/* Decode an UPDATE built from attribute bytes and one NLRI 10.1.0.0/16. */
enum bgp_action ct_decode_attrs(const uint8_t *at, size_t al, const struct bgp_ctx *ctx,
                                struct bgp_msg *m, struct bgp_verdict *v);
int ct_setup(void **state);
bool ct_discarded(const struct bgp_verdict *v, uint8_t type);

#define CT_ASSERT_NOTIF(v, act, c, s, d, dl)                                                       \
	do {                                                                                       \
		assert_int_equal((v)->action, (act));                                              \
		assert_int_equal((v)->code, (c));                                                  \
		assert_int_equal((v)->subcode, (s));                                               \
		assert_int_equal((v)->data_len, (dl));                                             \
		if ((dl) > 0)                                                                      \
			assert_memory_equal((v)->data, (d), (dl));                                 \
		assert_non_null((v)->rule);                                                        \
	} while (0)

/* Well-formed attributes used as a base (4-octet AS context). */
#define CT_ORIGIN_IGP        0x40, 0x01, 0x01, 0x00
#define CT_AS_PATH4_65001    0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9
#define CT_NEXT_HOP_10_0_1_4 0x40, 0x03, 0x04, 0x0a, 0x00, 0x01, 0x04
#define CT_BASE_ATTRS        CT_ORIGIN_IGP, CT_AS_PATH4_65001, CT_NEXT_HOP_10_0_1_4

#endif
