/* rsd_open.c: the OPEN we send and the checks on the peer's OPEN.
 * Ours: version 4, AS 65515, hold time from the configuration, BGP ID =
 * the instance's modelled address; capabilities multiprotocol IPv4
 * unicast, route refresh, 4-octet AS (ARS-ASN-RESERVED [SEEN]); never
 * graceful restart (ARS-NO-GR). */
#include <string.h>

#include "rsd_daemon.h"

static size_t rsd_put_header(uint8_t *out, size_t len, uint8_t type)
{
	memset(out, 0xff, BGP_MARKER_LEN);
	out[16] = (uint8_t)(len >> 8);
	out[17] = (uint8_t)len;
	out[18] = type;
	return BGP_HEADER_LEN;
}

size_t rsd_open_build(const struct rsd_daemon *d, unsigned inst, uint8_t *out, size_t cap)
{
	const struct rs_config *c = d->cfg;
	uint8_t caps[] = {
	    /* MP: AFI 1, reserved, SAFI 1 */
	    2,
	    6,
	    BGP_CAP_MP,
	    4,
	    0,
	    1,
	    0,
	    1,
	    /* route refresh */
	    2,
	    2,
	    BGP_CAP_ROUTE_REFRESH,
	    0,
	    /* 4-octet AS */
	    2,
	    6,
	    BGP_CAP_AS4,
	    4,
	    (uint8_t)(c->asn >> 24),
	    (uint8_t)(c->asn >> 16),
	    (uint8_t)(c->asn >> 8),
	    (uint8_t)c->asn,
	};
	size_t len = BGP_HEADER_LEN + 10 + sizeof(caps);
	if (cap < len)
		return 0;
	size_t o = rsd_put_header(out, len, BGP_OPEN);
	uint16_t as2 = c->asn > 0xffff ? BGP_AS_TRANS : (uint16_t)c->asn;
	uint32_t id = c->inst[inst].addr;
	out[o++] = BGP_VERSION;
	out[o++] = (uint8_t)(as2 >> 8);
	out[o++] = (uint8_t)as2;
	out[o++] = (uint8_t)(c->timers.hold >> 8);
	out[o++] = (uint8_t)c->timers.hold;
	out[o++] = (uint8_t)(id >> 24);
	out[o++] = (uint8_t)(id >> 16);
	out[o++] = (uint8_t)(id >> 8);
	out[o++] = (uint8_t)id;
	out[o++] = (uint8_t)sizeof(caps);
	memcpy(out + o, caps, sizeof(caps));
	return len;
}

size_t rsd_route_refresh_build(uint8_t *out, size_t cap)
{
	size_t len = BGP_HEADER_LEN + 4;
	if (cap < len)
		return 0;
	size_t o = rsd_put_header(out, len, BGP_ROUTE_REFRESH);
	out[o++] = 0;
	out[o++] = BGP_AFI_IPV4;
	out[o++] = BGP_RR_NORMAL;
	out[o] = BGP_SAFI_UNICAST;
	return len;
}

int rsd_open_check(const struct rsd_daemon *d, const struct rsd_session *s,
                   const struct bgp_open *o, uint8_t *code, uint8_t *sub, const char **rule)
{
	const struct rs_peer_cfg *pc = &d->peer_cfg[s->peer->id];
	uint32_t peer_as = o->has_as4 ? o->as4 : o->my_as;
	*code = BGP_ERR_OPEN;
	if (o->version != BGP_VERSION) {
		*sub = BGP_OPEN_UNSUP_VERSION;
		*rule = "RFC4271-6.2";
		return -1;
	}
	if (peer_as != pc->asn) {
		*sub = BGP_OPEN_BAD_PEER_AS;
		*rule = "ARS-ASN-MISMATCH";
		return -1;
	}
	if (o->hold_time == 1 || o->hold_time == 2) {
		*sub = BGP_OPEN_UNACCEPTABLE_HOLD;
		*rule = "ARS-TIMERS";
		return -1;
	}
	if (o->bgp_id == 0 || o->bgp_id == 0xffffffffu ||
	    (peer_as == d->cfg->asn && o->bgp_id == d->cfg->inst[s->inst].addr)) {
		*sub = BGP_OPEN_BAD_BGP_ID;
		*rule = "RFC4271-6.2";
		return -1;
	}
	*code = 0;
	*sub = 0;
	*rule = NULL;
	return 0;
}
