/* fz_roundtrip: decode(encode(x)) == x for whatever decodes cleanly.
 *
 * Input: as fz_decode (context byte, 0x80 = repair the header, then one
 * message). A message that decodes without a session reset is formatted
 * when the context byte has FZ_CTX_FORMAT (bgp_format is fuzzed here and
 * in fz_attr and fz_open, not in fz_decode, which is kept to the decoder
 * alone for speed). A message that decodes with BGP_ACT_OK is encoded with the
 * same context, decoded again and compared semantically; encoding the
 * second decode must give the very same bytes (the encoding is canonical).
 * An UPDATE's prefixes are then packed again with bgp_pack_update (NLRI,
 * withdrawn, IPv6 MP_REACH_NLRI): the packed messages decode to the same
 * prefixes, in order, with the same attributes. */
#include "fz_common.h"
#include "fz_compare.h"

#include <string.h>

#define FZ_FIX_HEADER 0x80

enum fz_pack_kind { FZ_PACK_NLRI, FZ_PACK_WITHDRAWN, FZ_PACK_MP };

/* The prefixes of kind in a decoded UPDATE. */
static const struct bgp_prefix *fz_pack_list(const struct bgp_update *u, enum fz_pack_kind k,
                                             size_t *n)
{
	if (k == FZ_PACK_NLRI) {
		*n = u->nnlri;
		return u->nlri;
	}
	if (k == FZ_PACK_WITHDRAWN) {
		*n = u->nwithdrawn;
		return u->withdrawn;
	}
	*n = u->attrs.mp_reach.nprefix;
	return u->attrs.mp_reach.prefixes;
}

/* Pack the prefixes of kind from m in as many UPDATEs as needed; each must
 * decode cleanly, carry the next prefixes in order and, for announcements,
 * the same attributes (minus what packing leaves out by design). */
static void fz_check_pack(const struct bgp_msg *m, const struct bgp_ctx *ctx, enum fz_pack_kind k)
{
	static uint8_t out[BGP_EXT_MAX_LEN];
	static struct bgp_msg p;
	const struct bgp_update *u = &m->u.update;
	struct bgp_attrs want = u->attrs;
	const struct bgp_prefix *pfx;
	size_t n, done = 0, max = ctx->ext_msg ? BGP_EXT_MAX_LEN : BGP_MAX_LEN;
	char why[256];

	pfx = fz_pack_list(u, k, &n);
	if (n == 0)
		return;
	bgp_attr_clear(&want, BGP_ATTR_MP_UNREACH);
	if (k == FZ_PACK_NLRI)
		bgp_attr_clear(&want, BGP_ATTR_MP_REACH);
	if (k == FZ_PACK_MP)
		bgp_attr_clear(&want, BGP_ATTR_NEXT_HOP);
	while (done < n) {
		struct bgp_verdict v;
		const struct bgp_prefix *got;
		size_t len, used = 0, ngot;

		len = bgp_pack_update(ctx, &u->attrs, pfx + done, n - done, k == FZ_PACK_WITHDRAWN,
		                      out, sizeof(out), &used);
		FZ_CHECK(len > 0 && len <= max && used > 0 && used <= n - done,
		         "bgp_pack_update: %zu bytes, %zu of %zu prefixes consumed", len, used,
		         n - done);
		memset(&p, 0, sizeof(p));
		memset(&v, 0, sizeof(v));
		FZ_CHECK(bgp_decode(out, len, ctx, fz_arena(1), &p, &v) == BGP_ACT_OK,
		         "a packed UPDATE does not decode: %s (%s)", bgp_action_name(v.action),
		         v.reason ? v.reason : "-");
		got = fz_pack_list(&p.u.update, k, &ngot);
		FZ_CHECK(ngot == used, "packed %zu prefixes, decoded %zu", used, ngot);
		for (size_t i = 0; i < ngot; i++)
			FZ_CHECK(got[i].afi == pfx[done + i].afi &&
			             got[i].len == pfx[done + i].len &&
			             got[i].path_id == pfx[done + i].path_id &&
			             memcmp(got[i].addr, pfx[done + i].addr, 16) == 0,
			         "packed prefix %zu differs", done + i);
		if (k != FZ_PACK_WITHDRAWN) {
			/* MP_REACH_NLRI is written afresh by the packer. */
			want.mp_reach.prefixes = p.u.update.attrs.mp_reach.prefixes;
			want.mp_reach.nprefix = p.u.update.attrs.mp_reach.nprefix;
			want.flags[BGP_ATTR_MP_REACH] = p.u.update.attrs.flags[BGP_ATTR_MP_REACH];
			FZ_CHECK(fz_attrs_compare(&want, &p.u.update.attrs, why, sizeof(why)) == 0,
			         "packing changed the attributes: %s", why);
		}
		done += used;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t msg[BGP_EXT_MAX_LEN], enc1[BGP_EXT_MAX_LEN], enc2[BGP_EXT_MAX_LEN];
	static struct bgp_msg m1, m2;
	struct bgp_ctx ctx;
	struct bgp_verdict v;
	enum bgp_action act;
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
	act = bgp_decode(msg, len, &ctx, fz_arena(0), &m1, &v);
	if (act != BGP_ACT_SESSION_RESET && (data[0] & FZ_CTX_FORMAT))
		fz_check_msg(&m1, &ctx, true); /* the formatter, here rather than in fz_decode */
	if (act != BGP_ACT_OK)
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
	if (m1.type == BGP_UPDATE && !bgp_attr_has(&m1.u.update.attrs, BGP_ATTR_MP_UNREACH)) {
		const struct bgp_attrs *a = &m1.u.update.attrs;

		fz_check_pack(&m1, &ctx, FZ_PACK_WITHDRAWN);
		if (!bgp_attr_has(a, BGP_ATTR_MP_REACH))
			fz_check_pack(&m1, &ctx, FZ_PACK_NLRI);
		else if (a->mp_reach.afi == BGP_AFI_IPV6 && m1.u.update.nnlri == 0 &&
		         m1.u.update.nwithdrawn == 0)
			fz_check_pack(&m1, &ctx, FZ_PACK_MP);
	}
	return 0;
}
