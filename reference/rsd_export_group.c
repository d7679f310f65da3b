/* rsd_export_group.c: the decisions of an export batch that a group of
 * sessions share. On a route server nearly every session is sent the same
 * for a changed prefix: the best route, to everyone but the peer it came
 * from. Each session still decides every prefix by its own rules (the
 * decision is the same function as for one session); what is shared is
 * the record: where the decisions of all the sessions in the group fit one
 * (key, the one session sent nothing), the Adj-RIB-Out records it once for
 * the prefix instead of once per session, and each session then only asks
 * what it held and holds now (rsd_adjout_batch_follow). */
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

/* Decide prefix k for every member; record the group's decision when they
 * share one. */
static bool rsd_group_decide(struct rsd_daemon *d, struct rsd_instance *in,
                             struct rsd_adjout_batch *ab, struct rsd_session *const *mem,
                             size_t nmem, const struct bgp_prefix *p,
                             const struct rs_export_plan *plan, size_t k)
{
	const void *key = RSD_GROUP_NONE;
	const struct rsd_session *none = NULL;
	size_t nnone = 0;
	for (size_t j = 0; j < nmem; j++) {
		struct rs_advert adv;
		rs_export_decide_plan(d->cfg, in->idx, d->peer_cfg, mem[j]->peer->id, p, plan,
		                      &adv);
		const void *kj = rsd_export_key(&adv);
		if (!kj) {
			none = mem[j];
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
	struct rsd_session **mem = malloc(RS_MAX_PEERS_HARD * sizeof(*mem));
	size_t nmem = mem ? rsd_group_members(d, in, ab, mem) : 0;
	for (size_t k = 0; k < n; k++)
		grp[k] = nmem > 0 && rsd_group_decide(d, in, ab, mem, nmem, &ch[k], &plan[k], k);
	free(mem);
	return nmem;
}
