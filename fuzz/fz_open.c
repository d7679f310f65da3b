/* fz_open: OPEN messages and their capabilities.
 *
 * Input: one context byte (fz_ctx_bit; FZ_CTX_CHECK_AS makes the decoder
 * check the peer AS), then the OPEN body (version onwards). */
#include "fz_common.h"
#include "fz_wire.h"

#include <string.h>

/* What the capability digest says must be backed by a capability. */
static bool fz_has_cap(const struct bgp_open *o, uint8_t code)
{
	for (size_t i = 0; i < o->ncaps; i++)
		if (o->caps[i].code == code)
			return true;
	return false;
}

static void fz_check_digest(const struct bgp_open *o)
{
	FZ_CHECK(!o->has_as4 || fz_has_cap(o, BGP_CAP_AS4), "has_as4 without capability 65");
	FZ_CHECK(!o->route_refresh || fz_has_cap(o, BGP_CAP_ROUTE_REFRESH),
		 "route_refresh without capability 2");
	FZ_CHECK(!o->ext_msg || fz_has_cap(o, BGP_CAP_EXT_MSG), "ext_msg without capability 6");
	FZ_CHECK(!o->enhanced_rr || fz_has_cap(o, BGP_CAP_ENHANCED_RR),
		 "enhanced_rr without capability 70");
	FZ_CHECK(!o->has_gr || fz_has_cap(o, BGP_CAP_GRACEFUL_RESTART),
		 "has_gr without capability 64");
	FZ_CHECK(o->nmp == 0 || fz_has_cap(o, BGP_CAP_MP), "MP list without capability 1");
	FZ_CHECK(o->naddpath == 0 || fz_has_cap(o, BGP_CAP_ADD_PATH),
		 "add-path list without capability 69");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t msg[BGP_EXT_MAX_LEN];
	struct bgp_ctx ctx;
	struct fz_buf w;
	struct bgp_msg m;
	struct bgp_verdict v;
	enum bgp_action act;
	size_t start;

	if (size < 1)
		return 0;
	fz_ctx_from_byte(data[0], &ctx);
	fz_buf_init(&w, msg, ctx.ext_msg ? BGP_EXT_MAX_LEN : BGP_MAX_LEN);
	start = fz_msg_begin(&w, BGP_OPEN);
	fz_putn(&w, data + 1, size - 1);
	if (w.overflow)
		return 0;
	fz_msg_end(&w, start);
	memset(&m, 0, sizeof(m));
	memset(&v, 0, sizeof(v));
	act = bgp_decode(msg, w.len, &ctx, fz_arena(0), &m, &v);
	FZ_CHECK(act == v.action, "bgp_decode returned %d, verdict says %d", (int)act,
		 (int)v.action);
	fz_check_verdict(&v);
	/* OPEN errors are never softened (RFC 4271 6.2): reset or OK. */
	FZ_CHECK(act == BGP_ACT_OK || act == BGP_ACT_SESSION_RESET, "OPEN verdict %s",
		 bgp_action_name(act));
	if (act == BGP_ACT_SESSION_RESET) {
		FZ_CHECK(v.code == BGP_ERR_OPEN || v.code == BGP_ERR_HEADER,
			 "OPEN reset with code %u", v.code);
		return 0;
	}
	FZ_CHECK(m.type == BGP_OPEN, "an OPEN decoded as type %u", m.type);
	FZ_CHECK(m.u.open.version == BGP_VERSION, "version %u accepted", m.u.open.version);
	FZ_CHECK(m.u.open.hold_time == 0 || m.u.open.hold_time >= 3, "hold time %u accepted",
		 m.u.open.hold_time);
	FZ_CHECK(m.u.open.bgp_id != 0, "BGP Identifier 0 accepted");
	fz_check_digest(&m.u.open);
	fz_check_msg(&m, &ctx, data[0] & FZ_CTX_FORMAT);
	return 0;
}
