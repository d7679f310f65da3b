/* rs_export.h: what the route server receives and advertises, rule by rule.
 * Pure functions of the configuration and the RIB; the session layer calls
 * them and puts the results on the wire. */
#ifndef RSCERT_RS_EXPORT_H
#define RSCERT_RS_EXPORT_H

#include "bgp_msg.h"
#include "rs_config.h"
#include "rs_rib.h"

/* What import does with one received prefix. */
enum rs_import_result {
	RS_IMPORT_ACCEPT = 0,
	RS_IMPORT_DROP_LOOP,    /* ARS-LOOP: 65515 in the AS_PATH (treat-as-withdraw) */
	RS_IMPORT_DROP_AS0,     /* ARS-LOOP: AS 0 in the AS_PATH (treat-as-withdraw) */
	RS_IMPORT_DROP_SAME_AS, /* ARS-ASN-SAME: peer uses the server's own ASN (not a gateway) */
	RS_IMPORT_DROP_BRANCH,  /* ARS-BRANCH: gateway route while branch-to-branch is off */
};

/* Rule ID for a result, e.g. "ARS-LOOP". */
const char *rs_import_rule(enum rs_import_result r);

/* Decide whether a prefix announced by peer is accepted into the RIB. */
enum rs_import_result rs_import_check(const struct rs_config *c, const struct rs_peer_cfg *peer,
                                      const struct bgp_attrs *a, const struct bgp_prefix *p);

/* ARS-SYSTEM-WINS: 1 when p is equal to or more specific than a VNet (or
 * peered VNet) prefix, so it is learned but not programmed to VMs. */
int rs_is_system_route(const struct rs_config *c, const struct bgp_prefix *p);

/* What to advertise to one peer for one prefix. */
struct rs_advert {
	bool advertise;             /* false: withdraw (if previously sent) */
	const struct rs_path *path; /* the chosen best path, NULL for a VNet route */
	uint32_t next_hop;          /* instance address (next hop self); for the
	                             * gateway see gateway_next_hop_self */
	bool ibgp;                  /* addition: target is the gateway (internal peer):
	                             * AS_PATH as learned, LOCAL_PREF sent */
	/* AS_PATH to send: 65515 prepended to the path's, or just 65515 for VNet */
};

/* Decide, for instance inst and target peer, what the server advertises for
 * prefix p: VNet and peered-VNet spaces (ARS-ADV-VNET, ARS-VNET-PEERING);
 * a best path of another peer with 65515 prepended (ARS-REFLECT), never
 * back to its source; not NO_ADVERTISE routes (ARS-COMMUNITIES); nothing to
 * a non-gateway peer using 65515 (ARS-ASN-SAME); to and from the gateway
 * only with branch-to-branch (ARS-BRANCH). */
/* peers is indexed by peer id (the ids used in the RIB), e.g. c->peer.
 * With ECMP the path sent is the lowest-id best path that is not the
 * target's own, carries no NO_ADVERTISE and is not from a gateway while
 * branch-to-branch is off; when none qualifies, nothing (withdraw).
 * VNet and peered-VNet prefixes go to NVAs, not to the gateway. */
void rs_export_decide(const struct rs_config *c, unsigned inst, const struct rs_rib *rib,
                      const struct rs_peer_cfg *peers, uint32_t target, const struct bgp_prefix *p,
                      struct rs_advert *out);

/* Addition: rs_export_decide with p's best set given, best[0..nbest) as
 * rs_rib_walk or rs_rib_best_run hands it (ordered by peer id), so that a
 * caller deciding one prefix for many targets looks it up once. Under the
 * ignore-path-length fault every path counts: pass them all (rs_rib_paths
 * order) or call rs_export_decide. */
void rs_export_decide_paths(const struct rs_config *c, unsigned inst,
                            const struct rs_peer_cfg *peers, uint32_t target,
                            const struct bgp_prefix *p, const struct rs_path *best, size_t nbest,
                            struct rs_advert *out);

/* Addition: the part of rs_export_decide_paths that is the same for every
 * target, worked out once per prefix when one batch decides it for many
 * targets (best[0..nbest) as for rs_export_decide_paths, kept by
 * reference). */
struct rs_export_plan {
	const struct rs_path *best;
	size_t nbest;
	bool fixed; /* not IPv4, or a VNet prefix: decided per target in full */
	/* the first two best paths that may be sent to some target (not
	 * NO_ADVERTISE, not from the gateway while branch-to-branch is off) */
	const struct rs_path *first, *second;
};
void rs_export_plan(const struct rs_config *c, const struct rs_peer_cfg *peers,
                    const struct bgp_prefix *p, const struct rs_path *best, size_t nbest,
                    struct rs_export_plan *out);
/* rs_export_decide_paths for a planned prefix: the same result. */
void rs_export_decide_plan(const struct rs_config *c, unsigned inst,
                           const struct rs_peer_cfg *peers, uint32_t target,
                           const struct bgp_prefix *p, const struct rs_export_plan *plan,
                           struct rs_advert *out);

/* Addition: rs_export_decide_plan for n targets at once, out[i] for
 * targets[i], the same results: targets alike in what the rules read of
 * them share one decision (what a route server's batch decides for every
 * session). */
void rs_export_decide_plan_many(const struct rs_config *c, unsigned inst,
                                const struct rs_peer_cfg *peers, const uint32_t *targets, size_t n,
                                const struct bgp_prefix *p, const struct rs_export_plan *plan,
                                struct rs_advert *out);

/* Build the attributes to send for a decision into a (arrays from arena):
 * ORIGIN as learned (IGP for VNet), AS_PATH 65515 + learned, NEXT_HOP self,
 * communities/large/extended and unknown transitive attributes kept, MED
 * not sent to eBGP peers. To the gateway (adv->ibgp, RFC 4271 5.1.2):
 * AS_PATH unchanged, LOCAL_PREF 100, NEXT_HOP per adv->next_hop.
 * Returns 0, -1 when out of arena. */
struct bgp_arena;
int rs_export_attrs(const struct rs_config *c, unsigned inst, const struct rs_advert *adv,
                    struct bgp_arena *arena, struct bgp_attrs *out);

/* The VMs' effective routes programmed by one instance (ARS-ECMP,
 * ARS-SHORTEST, ARS-VM-NEXTHOP, ARS-SYSTEM-WINS): the VNet and peered-VNet
 * spaces (source "Default", no next hop) and every learned best set that is
 * not a system route, with all its next hops (source
 * "VirtualNetworkGateway"). Sorted by prefix. */
#define RS_MAX_ECMP 16
struct rs_eff_route {
	struct bgp_prefix prefix;
	const char *source; /* "Default" or "VirtualNetworkGateway" */
	size_t nnh;
	uint32_t nh[RS_MAX_ECMP]; /* host order, ascending */
};
/* Learned routes are listed only with IPv4 next hops (IPv6 next hops are
 * not modelled). Returns the full number of routes; writes at most max (0 when out of
 * memory). Peer ids in the RIB index c->peer (to tell the gateway). */
size_t rs_effective_routes(const struct rs_config *c, const struct rs_rib *rib,
                           struct rs_eff_route *out, size_t max);
/* Addition: the same with the peer table indexed by peer id (as for
 * rs_export_decide), for when ids no longer index c->peer (e.g. after a
 * run-time "peering remove"). An id >= npeers is taken as an NVA. */
size_t rs_effective_routes_peers(const struct rs_config *c, const struct rs_rib *rib,
                                 const struct rs_peer_cfg *peers, size_t npeers,
                                 struct rs_eff_route *out, size_t max);
/* ARS-INSTANCES-VM: which instance programs a VM: FNV-1a (32 bit) over the
 * 4 address bytes in network order, modulo 2. */
unsigned rs_vm_instance(uint32_t vm_addr);

#endif
