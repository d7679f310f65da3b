/* rs_export.c: what the route server advertises to one peer, and with which
 * attributes (ARS-ADV-VNET, ARS-VNET-PEERING, ARS-REFLECT, ARS-COMMUNITIES,
 * ARS-ASN-SAME, ARS-BRANCH, ARS-NO-IPV6), plus ARS-SYSTEM-WINS. */
#include <string.h>

#include "bgp_arena.h"
#include "rs_export.h"
#include "rs_fault.h"

/* Whether p is one of the VNet or peered-VNet prefixes (exact match). */
static bool rs_is_vnet_prefix(const struct rs_config *c, const struct bgp_prefix *p)
{
	for (size_t i = 0; i < c->nvnet; i++)
		if (rs_prefix_cmp(&c->vnet[i], p) == 0)
			return true;
	for (size_t i = 0; i < c->nvnet_peering; i++)
		for (size_t j = 0; j < c->vnet_peering[i].nprefix; j++)
			if (rs_prefix_cmp(&c->vnet_peering[i].prefix[j], p) == 0)
				return true;
	return false;
}

int rs_is_system_route(const struct rs_config *c, const struct bgp_prefix *p)
{
	for (size_t i = 0; i < c->nvnet; i++)
		if (rs_prefix_covers(&c->vnet[i], p))
			return 1;
	for (size_t i = 0; i < c->nvnet_peering; i++)
		for (size_t j = 0; j < c->vnet_peering[i].nprefix; j++)
			if (rs_prefix_covers(&c->vnet_peering[i].prefix[j], p))
				return 1;
	return 0;
}

static bool rs_has_community(const struct rs_attrset *a, uint32_t comm)
{
	for (size_t i = 0; i < a->ncommunities; i++)
		if (a->communities[i] == comm)
			return true;
	return false;
}

/* Whether a best path is the target's own, never sent back to it. */
static bool rs_path_own(const struct rs_config *c, uint32_t target, const struct rs_path *path)
{
	if (path->peer == target && !rs_fault_on(c->faults, RS_FAULT_REFLECT_TO_SOURCE))
		return true;
	return false;
}

/* Whether a best path may be sent to some target: not NO_ADVERTISE, not
 * from the gateway while branch-to-branch is off. */
static bool rs_path_sendable(const struct rs_config *c, const struct rs_peer_cfg *peers,
                             const struct rs_path *path)
{
	if (rs_has_community(path->attrs, BGP_COMM_NO_ADVERTISE) &&
	    !rs_fault_on(c->faults, RS_FAULT_IGNORE_NO_ADVERTISE))
		return false;
	if (peers[path->peer].gateway && !c->branch_to_branch)
		return false;
	return true;
}

/* Whether a best path may be sent to target: not the target's own, and
 * sendable. */
static bool rs_path_exportable(const struct rs_config *c, const struct rs_peer_cfg *peers,
                               uint32_t target, const struct rs_path *path)
{
	return !rs_path_own(c, target, path) && rs_path_sendable(c, peers, path);
}

/* The target's part of rs_export_decide_fixed: ARS-ASN-SAME, ARS-BRANCH.
 * True when nothing is sent to it. */
static bool rs_export_target_mute(const struct rs_config *c, const struct rs_peer_cfg *tgt)
{
	if (!tgt->gateway && tgt->asn == c->asn)
		return true; /* ARS-ASN-SAME: nothing to an NVA using the server's ASN */
	return tgt->gateway && !c->branch_to_branch; /* ARS-BRANCH */
}

/* Nothing advertised yet, next hop self. */
static void rs_export_start(const struct rs_config *c, unsigned inst, struct rs_advert *out)
{
	memset(out, 0, sizeof(*out));
	out->next_hop = c->inst[inst & 1].addr;
}

/* The target-independent part: ARS-ASN-SAME, ARS-BRANCH, the VNet spaces.
 * True when the decision is complete. */
static bool rs_export_decide_fixed(const struct rs_config *c, unsigned inst,
                                   const struct rs_peer_cfg *tgt, const struct bgp_prefix *p,
                                   struct rs_advert *out)
{
	rs_export_start(c, inst, out);
	if (p->afi != BGP_AFI_IPV4)
		return true; /* ARS-NO-IPV6: configured IPv6 space is never advertised */
	if (rs_export_target_mute(c, tgt))
		return true;
	if (rs_is_vnet_prefix(c, p)) {
		/* ARS-ADV-VNET, ARS-VNET-PEERING: to NVAs; the gateway has them */
		out->advertise = !tgt->gateway && !rs_fault_on(c->faults, RS_FAULT_NO_VNET_ADVERT);
		return true;
	}
	return false;
}

/* Pick the path (ARS-REFLECT: lowest peer id that qualifies). */
static void rs_export_pick(const struct rs_config *c, const struct rs_peer_cfg *peers,
                           uint32_t target, const struct rs_path *path, struct rs_advert *out)
{
	const struct rs_peer_cfg *tgt = &peers[target];
	if (path != NULL) {
		out->advertise = true;
		out->path = path;
	}
	if (out->path != NULL && rs_fault_on(c->faults, RS_FAULT_NEXT_HOP_PEER))
		out->next_hop = out->path->attrs->next_hop;
	if (out->path != NULL && tgt->gateway) {
		out->ibgp = true; /* internal peer: RFC 4271 5.1.2 */
		if (!c->gateway_next_hop_self)
			out->next_hop = out->path->attrs->next_hop;
	}
}

void rs_export_decide(const struct rs_config *c, unsigned inst, const struct rs_rib *rib,
                      const struct rs_peer_cfg *peers, uint32_t target, const struct bgp_prefix *p,
                      struct rs_advert *out)
{
	if (rs_export_decide_fixed(c, inst, &peers[target], p, out))
		return;
	const struct rs_path *best[RS_MAX_ECMP * 4];
	size_t max = sizeof(best) / sizeof(best[0]);
	size_t n = rs_fault_on(c->faults, RS_FAULT_IGNORE_PATH_LENGTH)
	               ? rs_rib_paths(rib, p, best, max)
	               : rs_rib_best(rib, p, best, max);
	const struct rs_path *pick = NULL;
	for (size_t i = 0; i < n && i < max && pick == NULL; i++)
		if (rs_path_exportable(c, peers, target, best[i]))
			pick = best[i];
	rs_export_pick(c, peers, target, pick, out);
}

void rs_export_decide_paths(const struct rs_config *c, unsigned inst,
                            const struct rs_peer_cfg *peers, uint32_t target,
                            const struct bgp_prefix *p, const struct rs_path *best, size_t nbest,
                            struct rs_advert *out)
{
	if (rs_export_decide_fixed(c, inst, &peers[target], p, out))
		return;
	const struct rs_path *pick = NULL;
	for (size_t i = 0; i < nbest && i < RS_MAX_ECMP * 4 && pick == NULL; i++) /* as decide */
		if (rs_path_exportable(c, peers, target, &best[i]))
			pick = &best[i];
	rs_export_pick(c, peers, target, pick, out);
}

void rs_export_plan(const struct rs_config *c, const struct rs_peer_cfg *peers,
                    const struct bgp_prefix *p, const struct rs_path *best, size_t nbest,
                    struct rs_export_plan *out)
{
	memset(out, 0, sizeof(*out));
	out->best = best;
	out->nbest = nbest;
	out->fixed = p->afi != BGP_AFI_IPV4 || rs_is_vnet_prefix(c, p);
	for (size_t i = 0; i < nbest && i < RS_MAX_ECMP * 4 && !out->second; i++) { /* as decide */
		if (!rs_path_sendable(c, peers, &best[i]))
			continue;
		if (out->first)
			out->second = &best[i];
		else
			out->first = &best[i];
	}
}

void rs_export_decide_plan(const struct rs_config *c, unsigned inst,
                           const struct rs_peer_cfg *peers, uint32_t target,
                           const struct bgp_prefix *p, const struct rs_export_plan *plan,
                           struct rs_advert *out)
{
	const struct rs_path *pick = plan->first;
	if (pick && rs_path_own(c, target, pick))
		pick = plan->second;
	/* in full: VNet and IPv6 prefixes, a target owning both paths */
	if (plan->fixed || (pick && rs_path_own(c, target, pick))) {
		rs_export_decide_paths(c, inst, peers, target, p, plan->best, plan->nbest, out);
		return;
	}
	rs_export_start(c, inst, out);
	if (!rs_export_target_mute(c, &peers[target]))
		rs_export_pick(c, peers, target, pick, out);
}

/* Targets that decide a planned prefix alike when they do not own its
 * first path: the same role (gateway or not) and muted or not
 * (rs_export_target_mute reads no more of a target). */
static unsigned rs_export_target_class(const struct rs_config *c, const struct rs_peer_cfg *tgt)
{
	return (unsigned)tgt->gateway << 1 | (unsigned)(tgt->asn == c->asn);
}

void rs_export_decide_plan_many(const struct rs_config *c, unsigned inst,
                                const struct rs_peer_cfg *peers, const uint32_t *targets, size_t n,
                                const struct bgp_prefix *p, const struct rs_export_plan *plan,
                                struct rs_advert *out)
{
	struct rs_advert shared[4];
	bool have[4] = {false, false, false, false};
	for (size_t i = 0; i < n; i++) {
		uint32_t t = targets[i];
		/* the owner of the first path picks another; every other target
		 * reads no more of itself than its class (for a VNet or IPv6
		 * prefix too: rs_export_decide_fixed) */
		if (plan->first && rs_path_own(c, t, plan->first)) {
			rs_export_decide_plan(c, inst, peers, t, p, plan, &out[i]);
			continue;
		}
		unsigned k = rs_export_target_class(c, &peers[t]);
		if (!have[k]) {
			rs_export_decide_plan(c, inst, peers, t, p, plan, &shared[k]);
			have[k] = true;
		}
		out[i] = shared[k];
	}
}

/* AS_PATH with asn prepended to p (into the first AS_SEQUENCE when it has
 * room, else as a new segment). */
static int rs_export_prepend(struct bgp_arena *arena, const struct bgp_as_path *p, uint32_t asn,
                             struct bgp_as_path *out)
{
	bool merge = p->nseg > 0 && p->segs[0].type == BGP_SEG_SEQUENCE && p->segs[0].count < 255;
	size_t nseg = p->nseg + (merge ? 0 : 1);
	struct bgp_as_segment *segs = bgp_arena_calloc(arena, nseg, sizeof(*segs));
	if (segs == NULL)
		return -1;
	for (size_t i = 0; i < p->nseg; i++) {
		const struct bgp_as_segment *s = &p->segs[i];
		bool first = i == 0 && merge;
		struct bgp_as_segment *d = &segs[merge ? i : i + 1];
		d->type = s->type;
		d->count = (uint8_t)(s->count + first);
		d->asns = bgp_arena_calloc(arena, d->count ? d->count : 1, sizeof(uint32_t));
		if (d->asns == NULL)
			return -1;
		if (first)
			d->asns[0] = asn;
		if (s->count)
			memcpy(d->asns + first, s->asns, s->count * sizeof(uint32_t));
	}
	if (!merge) {
		segs[0].type = BGP_SEG_SEQUENCE;
		segs[0].count = 1;
		segs[0].asns = bgp_arena_calloc(arena, 1, sizeof(uint32_t));
		if (segs[0].asns == NULL)
			return -1;
		segs[0].asns[0] = asn;
	}
	out->nseg = nseg;
	out->segs = segs;
	return 0;
}

/* AS_PATH unchanged, arrays in the arena (to an internal peer). */
static int rs_export_copy_path(struct bgp_arena *arena, const struct bgp_as_path *p,
                               struct bgp_as_path *out)
{
	out->nseg = 0;
	out->segs = NULL;
	if (p->nseg == 0)
		return 0;
	out->segs = bgp_arena_calloc(arena, p->nseg, sizeof(*out->segs));
	if (out->segs == NULL)
		return -1;
	for (size_t i = 0; i < p->nseg; i++) {
		out->segs[i] = p->segs[i];
		out->segs[i].asns = bgp_arena_calloc(arena, p->segs[i].count ? p->segs[i].count : 1,
		                                     sizeof(uint32_t));
		if (out->segs[i].asns == NULL)
			return -1;
		if (p->segs[i].count)
			memcpy(out->segs[i].asns, p->segs[i].asns,
			       p->segs[i].count * sizeof(uint32_t));
	}
	out->nseg = p->nseg;
	return 0;
}

static void *rs_arena_dup(struct bgp_arena *arena, const void *src, size_t n, bool *fail)
{
	if (n == 0)
		return NULL;
	void *d = bgp_arena_alloc(arena, n);
	if (d == NULL)
		*fail = true;
	else
		memcpy(d, src, n);
	return d;
}

/* ATOMIC_AGGREGATE and AGGREGATOR as learned (RFC 4271 5.1.6, 5.1.7); the
 * encoder adds AS4_AGGREGATOR towards a 2-octet peer (RFC 6793 4.2.2). */
static void rs_export_aggregate(const struct rs_attrset *s, struct bgp_attrs *out)
{
	if (s->atomic_aggregate)
		bgp_attr_set(out, BGP_ATTR_ATOMIC_AGGREGATE);
	if (s->has_aggregator) {
		out->aggregator = s->aggregator;
		bgp_attr_set(out, BGP_ATTR_AGGREGATOR);
	}
}

/* Communities, large and extended communities and unknown optional
 * transitive attributes (with the partial bit, RFC 4271 5) as learned. */
static int rs_export_kept(const struct rs_attrset *s, struct bgp_arena *arena,
                          struct bgp_attrs *out, bool partial)
{
	bool fail = false;
	rs_export_aggregate(s, out);
	if (s->ncommunities) {
		out->communities =
		    rs_arena_dup(arena, s->communities, s->ncommunities * sizeof(uint32_t), &fail);
		out->ncommunities = s->ncommunities;
		bgp_attr_set(out, BGP_ATTR_COMMUNITIES);
	}
	if (s->nlarge) {
		out->large = rs_arena_dup(arena, s->large, s->nlarge * sizeof(*s->large), &fail);
		out->nlarge = s->nlarge;
		bgp_attr_set(out, BGP_ATTR_LARGE_COMMUNITY);
	}
	if (s->next_communities) {
		out->ext_communities =
		    rs_arena_dup(arena, s->ext_communities, s->next_communities * 8, &fail);
		out->next_communities = s->next_communities;
		bgp_attr_set(out, BGP_ATTR_EXT_COMMUNITIES);
	}
	if (s->nunknown) {
		out->unknown =
		    rs_arena_dup(arena, s->unknown, s->nunknown * sizeof(*s->unknown), &fail);
		out->nunknown = s->nunknown;
		for (size_t i = 0; out->unknown != NULL && i < s->nunknown; i++) {
			struct bgp_raw_attr *u = &out->unknown[i];
			if (partial)
				u->flags |= BGP_AF_PARTIAL;
			u->data = rs_arena_dup(arena, s->unknown[i].data, u->len, &fail);
			out->flags[u->type] = u->flags;
			bgp_attr_set(out, u->type);
		}
	}
	return fail ? -1 : 0;
}

int rs_export_attrs(const struct rs_config *c, unsigned inst, const struct rs_advert *adv,
                    struct bgp_arena *arena, struct bgp_attrs *out)
{
	static const struct bgp_as_path empty = {0, NULL};
	memset(out, 0, sizeof(*out));
	const struct rs_attrset *s = adv->path ? adv->path->attrs : NULL;
	out->origin = s ? s->origin : BGP_ORIGIN_IGP;
	bgp_attr_set(out, BGP_ATTR_ORIGIN);
	if (s != NULL && !adv->ibgp && rs_fault_on(c->faults, RS_FAULT_NO_PREPEND)) {
		if (rs_export_copy_path(arena, &s->as_path, &out->as_path) != 0)
			return -1;
	} else if (adv->ibgp && s != NULL) {
		if (rs_export_copy_path(arena, &s->as_path, &out->as_path) != 0)
			return -1;
		out->local_pref = 100;
		bgp_attr_set(out, BGP_ATTR_LOCAL_PREF);
	} else if (rs_export_prepend(arena, s ? &s->as_path : &empty, c->asn, &out->as_path) != 0) {
		return -1;
	}
	bgp_attr_set(out, BGP_ATTR_AS_PATH);
	out->next_hop = adv->next_hop;
	bgp_attr_set(out, BGP_ATTR_NEXT_HOP);
	/* [CHOICE] MED is not propagated; LOCAL_PREF only to the gateway. */
	if (rs_fault_on(c->faults, RS_FAULT_EXPORT_LOCAL_PREF)) {
		out->local_pref = 100;
		bgp_attr_set(out, BGP_ATTR_LOCAL_PREF);
	}
	return s ? rs_export_kept(s, arena, out, !rs_fault_on(c->faults, RS_FAULT_NO_PARTIAL_BIT))
	         : 0;
}
