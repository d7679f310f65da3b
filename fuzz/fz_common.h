/* fz_common.h: what every fuzz target shares: the entry point, input
 * cursor, session context from input bytes, arenas and the finding exit. */
#ifndef RSCERT_FZ_COMMON_H
#define RSCERT_FZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp_codec.h"

/* The libFuzzer entry point every target defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A finding: print what was violated and abort, so that every engine
 * (libFuzzer, AFL++, the replay program) records a crash. */
#if defined(__GNUC__)
__attribute__((noreturn, format(printf, 3, 4)))
#endif
void fz_fail(const char *file, int line, const char *fmt, ...);
#define FZ_CHECK(cond, ...)                                         \
	do {                                                        \
		if (!(cond))                                        \
			fz_fail(__FILE__, __LINE__, __VA_ARGS__);   \
	} while (0)

/* Bounded reader over the fuzz input: past the end every read is 0. */
struct fz_in {
	const uint8_t *p;
	size_t n;
};

uint8_t fz_in_u8(struct fz_in *in);
uint16_t fz_in_u16(struct fz_in *in);
uint32_t fz_in_u32(struct fz_in *in);

/* Session context bits of a context byte. */
enum fz_ctx_bit {
	FZ_CTX_AS4 = 0x01,
	FZ_CTX_EXT_MSG = 0x02,
	FZ_CTX_ADDPATH_V4 = 0x04,
	FZ_CTX_ADDPATH_V6 = 0x08,
	FZ_CTX_IBGP = 0x10,
	FZ_CTX_CHECK_AS = 0x20, /* local_as / peer_as are checked */
	FZ_CTX_FORMAT = 0x40,   /* also format the decoded message */
};

#define FZ_LOCAL_AS 65515u
#define FZ_PEER_AS 65001u

void fz_ctx_from_byte(uint8_t b, struct bgp_ctx *ctx);
uint8_t fz_ctx_to_byte(const struct bgp_ctx *ctx);

/* Two arenas of BGP_ARENA_SIZE, reset on each call. */
struct bgp_arena *fz_arena(unsigned which);

/* Checks that hold for any verdict: action in range, a reset carries a
 * known NOTIFICATION code, data readable, discard list bounded. */
void fz_check_verdict(const struct bgp_verdict *v);
/* Checks that hold for any message decoded without a reset: prefixes
 * canonical, counts consistent; with format, bgp_format obeys snprintf
 * semantics. */
void fz_check_msg(const struct bgp_msg *m, const struct bgp_ctx *ctx, bool format);

#endif
