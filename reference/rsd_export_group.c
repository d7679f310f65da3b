/* rsd_export_group.c: the decisions of an export batch that a group of
 * sessions share. On a route server nearly every session is sent the same
 * for a changed prefix: the best route, to everyone but the peer it came
 * from. Each session still decides every prefix by its own rules (the
 * same results as for one session; sessions alike share the work,
 * rs_export_decide_plan_many); what is shared is the record: where the decisions of all the
 * sessions in the group fit one (key, the one session sent nothing), the Adj-RIB-Out records it
 * once for the prefix instead of once per session, and each session then only asks what it held and
 * holds now (rsd_adjout_batch_follow). */
#include <stdint.h>
#include <stdlib.h>

#include "rsd_export_group.h"

/* Not a key: no decision seen yet. */
static const char rsd_group_none_key;
#define RSD_GROUP_NONE ((const void *)&rsd_group_none_key)

/* The sessions that join the group: Established, not closing, reading the
 * common map without exceptions. */
static size_t rsd_group_members(struct rsd_daemon *d, struct rsd_instance *in,
                                struct rsd_adjout_batch *ab, struct rsd_session **mem)
{
	size_t n = 0;
	for (size_t i = 0; i < RS_MAX_PEERS_HARD; i++) {
		if (!d->peers[i].used)
			continue;
		struct rsd_session *s = &d->peers[i].sess[in->idx];
		if (s->est && !s->est->closing && rsd_adjout_batch_join(ab, s->out))
			mem[n++] = s;
	}
	return n;
}

/* The members, their peers' ids and room for their decisions. */
struct rsd_group {
	struct rsd_session **mem;
	uint32_t *id;
	struct rs_advert *adv;
	size_t n;
};

/* Decide prefix k for every member (rs_export_decide_plan_many: what one
 * session would decide); record the group's decision when they share
 * one. */
static bool rsd_group_decide(struct rsd_daemon *d, struct rsd_instance *in,
                             struct rsd_adjout_batch *ab, const struct rsd_group *g,
                             const struct bgp_prefix *p, const struct rs_export_plan *plan,
                             size_t k)
{
	rs_export_decide_plan_many(d->cfg, in->idx, d->peer_cfg, g->id, g->n, p, plan, g->adv);
	const void *key = RSD_GROUP_NONE;
	const struct rsd_session *none = NULL;
	size_t nnone = 0;
	for (size_t j = 0; j < g->n; j++) {
		const void *kj = rsd_export_key(&g->adv[j]);
		if (!kj) {
			none = g->mem[j];
			nnone++;
		} else if (key == RSD_GROUP_NONE) {
			key = kj;
		} else if (kj != key) {
			return false;
		}
	}
	if (key == RSD_GROUP_NONE) { /* nothing to anyone */
		key = NULL;
		none = NULL;
	} else if (nnone > 1) {
		return false;
	}
	return rsd_adjout_batch_group(ab, k, key, none ? none->out : NULL) == 0;
}

size_t rsd_export_group(struct rsd_daemon *d, struct rsd_instance *in, struct rsd_adjout_batch *ab,
                        const struct bgp_prefix *ch, const struct rs_export_plan *plan, size_t n,
                        bool *grp)
{
	struct rsd_group g = {malloc(RS_MAX_PEERS_HARD * sizeof(*g.mem)),
	                      malloc(RS_MAX_PEERS_HARD * sizeof(*g.id)),
	                      malloc(RS_MAX_PEERS_HARD * sizeof(*g.adv)), 0};
	if (g.mem && g.id && g.adv)
		g.n = rsd_group_members(d, in, ab, g.mem);
	for (size_t j = 0; j < g.n; j++)
		g.id[j] = g.mem[j]->peer->id;
	for (size_t k = 0; k < n; k++)
		grp[k] = g.n > 0 && rsd_group_decide(d, in, ab, &g, &ch[k], &plan[k], k);
	free(g.mem);
	free(g.id);
	free(g.adv);
	return g.n;
}
