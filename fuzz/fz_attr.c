/* fz_attr: one path attribute at a time, wrapped as an UPDATE.
 *
 * Input: one context byte (fz_ctx_bit; bit 0x80 = put a valid ORIGIN,
 * AS_PATH, NEXT_HOP before it and one IPv4 NLRI after it), then the raw
 * attribute: flags, type, length, value, exactly as on the wire. */
#include "fz_common.h"
#include "fz_wire.h"

#include <string.h>

#define FZ_WITH_BASE 0x80

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t msg[BGP_EXT_MAX_LEN];
	static const uint32_t path[] = { FZ_PEER_AS, 65100 };
	uint8_t aspath[16], origin = BGP_ORIGIN_IGP, nh[4] = { 10, 0, 1, 4 };
	struct bgp_ctx ctx;
	struct fz_buf w;
	struct bgp_msg m;
	struct bgp_verdict v;
	enum bgp_action act;
	size_t start, alen;
	bool base;

	if (size < 1)
		return 0;
	fz_ctx_from_byte(data[0], &ctx);
	base = data[0] & FZ_WITH_BASE;
	fz_buf_init(&w, msg, ctx.ext_msg ? BGP_EXT_MAX_LEN : BGP_MAX_LEN);
	start = fz_msg_begin(&w, BGP_UPDATE);
	fz_put16(&w, 0);
	alen = fz_len16_begin(&w);
	if (base) {
		fz_attr(&w, BGP_AF_TRANSITIVE, BGP_ATTR_ORIGIN, &origin, 1);
		fz_attr(&w, BGP_AF_TRANSITIVE, BGP_ATTR_AS_PATH, aspath,
			fz_aspath_seq(aspath, ctx.as4, path, 2));
		fz_attr(&w, BGP_AF_TRANSITIVE, BGP_ATTR_NEXT_HOP, nh, 4);
	}
	fz_putn(&w, data + 1, size - 1);
	fz_len16_end(&w, alen);
	if (base)
		fz_prefix4(&w, ctx.addpath_v4, 1, 0x0a010000, 16);
	if (w.overflow)
		return 0;
	fz_msg_end(&w, start);
	memset(&m, 0, sizeof(m));
	memset(&v, 0, sizeof(v));
	act = bgp_decode(msg, w.len, &ctx, fz_arena(0), &m, &v);
	FZ_CHECK(act == v.action, "bgp_decode returned %d, verdict says %d", (int)act,
		 (int)v.action);
	fz_check_verdict(&v);
	if (act != BGP_ACT_SESSION_RESET) {
		FZ_CHECK(m.type == BGP_UPDATE, "an UPDATE decoded as type %u", m.type);
		fz_check_msg(&m, &ctx, data[0] & FZ_CTX_FORMAT);
	}
	return 0;
}
