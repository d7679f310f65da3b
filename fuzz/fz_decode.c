/* fz_decode: whole messages under every negotiated session context.
 *
 * Input: one context byte (fz_ctx_bit; bit 0x80 = repair the header's
 * marker and length so that the fuzzer spends its time past the header;
 * FZ_CTX_FORMAT is ignored: the formatter is fuzzed by fz_roundtrip, fz_attr
 * and fz_open, which keeps this target to the decoder alone, for speed),
 * then one message, header included. */
#include "fz_common.h"

#include <string.h>

#define FZ_FIX_HEADER 0x80

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t msg[BGP_EXT_MAX_LEN];
	struct bgp_ctx ctx;
	struct bgp_msg m;
	struct bgp_verdict v;
	enum bgp_action act;
	size_t len;

	if (size < 1)
		return 0;
	fz_ctx_from_byte(data[0], &ctx);
	len = size - 1;
	if (len > sizeof(msg))
		len = sizeof(msg);
	memcpy(msg, data + 1, len);
	if ((data[0] & FZ_FIX_HEADER) && len >= BGP_HEADER_LEN) {
		memset(msg, 0xff, BGP_MARKER_LEN);
		msg[16] = (uint8_t)(len >> 8);
		msg[17] = (uint8_t)len;
	}
	memset(&m, 0, sizeof(m));
	memset(&v, 0, sizeof(v));
	act = bgp_decode(msg, len, &ctx, fz_arena(0), &m, &v);
	FZ_CHECK(act == v.action, "bgp_decode returned %d, verdict says %d", (int)act,
	         (int)v.action);
	fz_check_verdict(&v);
	if (act != BGP_ACT_SESSION_RESET)
		fz_check_msg(&m, &ctx, false);
	return 0;
}
