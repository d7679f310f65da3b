/* fz_roundtrip: decode(encode(x)) == x for whatever decodes cleanly.
 *
 * Input: as fz_decode (context byte, 0x80 = repair the header, then one
 * message). A message that decodes with BGP_ACT_OK is encoded with the
 * same context, decoded again and compared semantically; encoding the
 * second decode must give the very same bytes (the encoding is canonical). */
#include "fz_common.h"
#include "fz_compare.h"

#include <string.h>

#define FZ_FIX_HEADER 0x80

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t msg[BGP_EXT_MAX_LEN], enc1[BGP_EXT_MAX_LEN], enc2[BGP_EXT_MAX_LEN];
	static struct bgp_msg m1, m2;
	struct bgp_ctx ctx;
	struct bgp_verdict v;
	char why[256];
	size_t len, n1, n2;

	if (size < 1)
		return 0;
	fz_ctx_from_byte(data[0], &ctx);
	len = size - 1 < sizeof(msg) ? size - 1 : sizeof(msg);
	memcpy(msg, data + 1, len);
	if ((data[0] & FZ_FIX_HEADER) && len >= BGP_HEADER_LEN) {
		memset(msg, 0xff, BGP_MARKER_LEN);
		msg[16] = (uint8_t)(len >> 8);
		msg[17] = (uint8_t)len;
	}
	memset(&m1, 0, sizeof(m1));
	memset(&v, 0, sizeof(v));
	if (bgp_decode(msg, len, &ctx, fz_arena(0), &m1, &v) != BGP_ACT_OK)
		return 0;
	n1 = bgp_encode(&m1, &ctx, enc1, sizeof(enc1));
	FZ_CHECK(n1 > 0, "a %zu-byte message of type %u decoded OK but does not encode", len,
		 m1.type);
	FZ_CHECK(n1 <= (ctx.ext_msg ? BGP_EXT_MAX_LEN : BGP_MAX_LEN), "encoded %zu bytes", n1);
	memset(&m2, 0, sizeof(m2));
	memset(&v, 0, sizeof(v));
	FZ_CHECK(bgp_decode(enc1, n1, &ctx, fz_arena(1), &m2, &v) == BGP_ACT_OK,
		 "re-encoded message does not decode: %s (%s, %s)", bgp_action_name(v.action),
		 v.rule ? v.rule : "-", v.reason ? v.reason : "-");
	FZ_CHECK(fz_msg_compare(&m1, &m2, why, sizeof(why)) == 0,
		 "round trip changed the message: %s", why);
	n2 = bgp_encode(&m2, &ctx, enc2, sizeof(enc2));
	FZ_CHECK(n2 == n1 && memcmp(enc1, enc2, n1) == 0,
		 "encoding is not stable: %zu then %zu bytes", n1, n2);
	return 0;
}
