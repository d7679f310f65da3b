/* fz_frame: the stream framer over arbitrary read splits.
 *
 * Input: one context byte, one split seed byte, then a byte stream. The
 * stream is framed twice: all bytes available at once, and arriving in
 * chunks whose sizes come from the seed. Both must yield the same
 * messages and end the same way (need more / header error). */
#include "fz_common.h"

#include <string.h>

#define FZ_MAX_MSGS 4096

struct fz_framing {
	size_t nmsg;
	size_t lens[FZ_MAX_MSGS];
	enum bgp_frame_result end; /* NEED or ERR */
	uint8_t code, subcode;
};

static uint32_t fz_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void fz_check_ok(size_t msg_len, size_t avail, const struct bgp_ctx *ctx)
{
	size_t max = ctx->ext_msg ? BGP_EXT_MAX_LEN : BGP_MAX_LEN;

	FZ_CHECK(msg_len >= BGP_HEADER_LEN && msg_len <= max, "framed length %zu", msg_len);
	FZ_CHECK(msg_len <= avail, "framed length %zu with %zu bytes available", msg_len, avail);
}

/* Frame stream[0..n) arriving in chunks (seed 0: all at once). */
static void fz_run(const uint8_t *stream, size_t n, uint32_t seed, const struct bgp_ctx *ctx,
		   struct fz_framing *out)
{
	size_t have = 0, pos = 0;

	memset(out, 0, sizeof(*out));
	out->end = BGP_FRAME_NEED;
	while (out->nmsg < FZ_MAX_MSGS) {
		struct bgp_verdict v;
		size_t msg_len = 0;
		enum bgp_frame_result r;

		memset(&v, 0, sizeof(v));
		r = bgp_frame(stream + pos, have - pos, ctx, &msg_len, &v);
		if (r == BGP_FRAME_OK) {
			fz_check_ok(msg_len, have - pos, ctx);
			out->lens[out->nmsg++] = msg_len;
			pos += msg_len;
			continue;
		}
		if (r == BGP_FRAME_ERR) {
			fz_check_verdict(&v);
			/* A header error, or a ROUTE-REFRESH of the wrong length
			 * (RFC 7313 5: ROUTE-REFRESH Message Error). */
			FZ_CHECK(v.action == BGP_ACT_SESSION_RESET &&
					 (v.code == BGP_ERR_HEADER ||
					  (v.code == BGP_ERR_ROUTE_REFRESH && have - pos >= BGP_HEADER_LEN &&
					   stream[pos + 18] == BGP_ROUTE_REFRESH)),
				 "framing error with action %s code %u", bgp_action_name(v.action),
				 v.code);
			out->end = r;
			out->code = v.code;
			out->subcode = v.subcode;
			return;
		}
		FZ_CHECK(r == BGP_FRAME_NEED, "bgp_frame returned %d", (int)r);
		if (have == n)
			return;
		if (seed == 0) {
			have = n;
		} else {
			size_t chunk = 1 + fz_next(&seed) % 64;

			if (fz_next(&seed) % 8 == 0)
				chunk = 1;
			have = have + chunk < n ? have + chunk : n;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_framing whole, split;
	struct bgp_ctx ctx;
	uint32_t seed;

	if (size < 2)
		return 0;
	fz_ctx_from_byte(data[0], &ctx);
	seed = 0x9e3779b9u ^ data[1];
	fz_run(data + 2, size - 2, 0, &ctx, &whole);
	fz_run(data + 2, size - 2, seed, &ctx, &split);
	FZ_CHECK(whole.nmsg == split.nmsg, "%zu messages at once, %zu in chunks", whole.nmsg,
		 split.nmsg);
	for (size_t i = 0; i < whole.nmsg; i++)
		FZ_CHECK(whole.lens[i] == split.lens[i], "message %zu: %zu vs %zu bytes", i,
			 whole.lens[i], split.lens[i]);
	FZ_CHECK(whole.end == split.end && whole.code == split.code &&
			 whole.subcode == split.subcode,
		 "framing ends differ: %d/%u vs %d/%u", (int)whole.end, whole.subcode,
		 (int)split.end, split.subcode);
	return 0;
}
