/* rsd_export_group.h: the decisions of an export batch that a group of
 * sessions share, recorded once (rsd_export_group.c). Used by rsd_export.c
 * only. */
#ifndef RSCERT_RSD_EXPORT_GROUP_H
#define RSCERT_RSD_EXPORT_GROUP_H

#include "rs_export.h"
#include "rsd_daemon.h"

/* What the Adj-RIB-Out records of a decision: its attribute set, the VNet
 * marker, or NULL (nothing sent). */
static inline const void *rsd_export_key(const struct rs_advert *adv)
{
	if (!adv->advertise)
		return NULL;
	return adv->path ? (const void *)adv->path->attrs : RSD_ADJOUT_VNET;
}

/* Decide each of the batch's n prefixes ch (planned: plan) for every
 * Established session of the instance that can join the batch's group
 * (rsd_adjout_batch_join), with the same rules as for one session; where
 * all their decisions are one key sent to all but at most one of them,
 * record it once (rsd_adjout_batch_group) and set grp[k]. The number of
 * sessions that joined. */
size_t rsd_export_group(struct rsd_daemon *d, struct rsd_instance *in, struct rsd_adjout_batch *ab,
                        const struct bgp_prefix *ch, const struct rs_export_plan *plan, size_t n,
                        bool *grp);

#endif
