/* rsd_peer.c: the peer slots (RS_MAX_PEERS_HARD, id = index): look a peer
 * up by address or name, add a configured one with a session per instance,
 * remove one with Cease 6/3 and its routes flushed. */
#include <string.h>

#include "rsd_daemon.h"

struct rsd_peer *rsd_peer_by_addr(struct rsd_daemon *d, uint32_t addr)
{
	for (size_t i = 0; i < RS_MAX_PEERS_HARD; i++)
		if (d->peers[i].used && d->peer_cfg[i].addr == addr)
			return &d->peers[i];
	return NULL;
}

struct rsd_peer *rsd_peer_by_name(struct rsd_daemon *d, const char *name)
{
	for (size_t i = 0; i < RS_MAX_PEERS_HARD; i++)
		if (d->peers[i].used && strcmp(d->peer_cfg[i].name, name) == 0)
			return &d->peers[i];
	return NULL;
}

struct rsd_peer *rsd_peer_add(struct rsd_daemon *d, const struct rs_peer_cfg *pc)
{
	for (size_t i = 0; i < RS_MAX_PEERS_HARD; i++) {
		struct rsd_peer *p = &d->peers[i];
		if (p->used)
			continue;
		p->used = true;
		p->id = (uint32_t)i;
		d->peer_cfg[i] = *pc;
		for (unsigned k = 0; k < 2; k++)
			rsd_session_init(d, p, k);
		return p;
	}
	return NULL;
}

void rsd_peer_remove(struct rsd_daemon *d, struct rsd_peer *p)
{
	for (unsigned k = 0; k < 2; k++) {
		struct rsd_session *s = &p->sess[k];
		rsd_session_stop(s, BGP_ERR_CEASE, BGP_CEASE_PEER_DECONFIGURED,
		                 "peer de-configured");
		if (rs_rib_peer_flush(d->inst[k].rib, p->id) > 0)
			d->inst[k].dirty = true;
	}
	p->used = false;
	for (unsigned k = 0; k < 2; k++)
		rsd_session_free(&p->sess[k]);
}
