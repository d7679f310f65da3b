/* rsd_open.c: the OPEN we send and the checks on the peer's OPEN.
 * Ours: version 4, AS 65515, hold time from the configuration, BGP ID =
 * the instance's modelled address; capabilities multiprotocol IPv4
 * unicast, route refresh, 4-octet AS (ARS-ASN-RESERVED [SEEN]); never
 * graceful restart (ARS-NO-GR). */
#include <string.h>

#include "rs_fault.h"
#include "rsd_daemon.h"

size_t rsd_open_build(const struct rsd_daemon *d, unsigned inst, uint8_t *out, size_t cap)
{
	const struct rs_config *c = d->cfg;
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_msg m = {.type = BGP_OPEN};
	struct bgp_open *o = &m.u.open;

	o->version = BGP_VERSION;
	o->my_as = c->asn > 0xffff ? BGP_AS_TRANS : (uint16_t)c->asn;
	o->hold_time = (uint16_t)c->timers.hold;
	o->bgp_id = c->inst[inst & 1].addr;
	o->nmp = 1;
	o->mp[0] = (struct bgp_afi_safi){.afi = BGP_AFI_IPV4, .safi = BGP_SAFI_UNICAST};
	o->route_refresh = true;
	o->has_as4 = true;
	o->as4 = c->asn;
	if (rs_fault_on(c->faults, RS_FAULT_SEND_GR)) {
		o->has_gr = true;
		o->gr_flags_time = 120;
	}
	return bgp_encode(&m, &ctx, out, cap);
}

size_t rsd_route_refresh_build(uint8_t *out, size_t cap)
{
	struct bgp_ctx ctx = {0};
	struct bgp_msg m = {.type = BGP_ROUTE_REFRESH};

	m.u.route_refresh = (struct bgp_route_refresh){
	    .afi = BGP_AFI_IPV4, .subtype = BGP_RR_NORMAL, .safi = BGP_SAFI_UNICAST};
	return bgp_encode(&m, &ctx, out, cap);
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
	if (peer_as != pc->asn && !rs_fault_on(d->cfg->faults, RS_FAULT_IGNORE_PEER_ASN)) {
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
