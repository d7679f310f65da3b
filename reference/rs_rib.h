/* rs_rib.h: one instance's routing table: paths per prefix per peer, the
 * best (ECMP) set per prefix, per-peer counts and a change log for export.
 *
 * Selection (ARS-SHORTEST, ARS-ECMP): only AS_PATH length decides (an
 * AS_SET counts one); every path of the shortest length is in the best set,
 * ordered by peer id so that results never depend on insertion order. */
#ifndef RSCERT_RS_RIB_H
#define RSCERT_RS_RIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp_addr.h"
#include "bgp_msg.h"

/* An interned, reference-counted set of path attributes as learned (copied
 * out of the decoder's arena). Many prefixes share one. */
struct rs_attrset {
	unsigned refs;
	uint32_t hash;
	uint8_t origin;
	uint32_t next_hop; /* host order; for IPv6 see mp_nh */
	uint8_t mp_nh_len;
	uint8_t mp_nh[32];
	bool has_med;
	uint32_t med;
	size_t aspath_len;          /* selection length (AS_SET counts 1) */
	struct bgp_as_path as_path; /* owned copy */
	size_t ncommunities;
	uint32_t *communities; /* owned copy */
	size_t nlarge;
	struct bgp_large_community *large;
	size_t next_communities;
	uint8_t (*ext_communities)[8];
	bool atomic_aggregate; /* ATOMIC_AGGREGATE, kept (RFC 4271 5.1.6) */
	bool has_aggregator;   /* AGGREGATOR, AS4_AGGREGATOR merged (RFC 6793 4.2.3) */
	struct bgp_aggregator aggregator;
	size_t nunknown; /* unknown optional transitive, owned copies */
	struct bgp_raw_attr *unknown;
	struct rs_attrset *next; /* hash chain */
};

struct rs_attrtab; /* the intern table */

/* A 64-bit finaliser (splitmix64's): spreads keys over the power-of-two
 * tables of the RIB and of the daemon's Adj-RIB-Out. */
static inline uint64_t rs_hash64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

struct rs_attrtab *rs_attrtab_new(void);
void rs_attrtab_free(struct rs_attrtab *t);
/* Intern the attributes of a decoded UPDATE (the AS4_PATH already merged
 * by the caller). Returns a referenced set, or NULL on allocation failure. */
struct rs_attrset *rs_attrtab_intern(struct rs_attrtab *t, const struct bgp_attrs *a);
void rs_attrset_ref(struct rs_attrset *s);
void rs_attrset_unref(struct rs_attrtab *t, struct rs_attrset *s);
size_t rs_attrtab_count(const struct rs_attrtab *t);

struct rs_path {
	uint32_t peer;            /* peer id (stable index in the daemon) */
	struct rs_attrset *attrs; /* referenced */
};

struct rs_rib;

struct rs_rib *rs_rib_new(struct rs_attrtab *attrs);
void rs_rib_free(struct rs_rib *r);

/* Install or replace (implicit withdraw) peer's path for prefix; takes its
 * own reference on attrs. 1 when the prefix's best set changed, 0 when not,
 * -1 on allocation failure. */
int rs_rib_announce(struct rs_rib *r, uint32_t peer, const struct bgp_prefix *p,
                    struct rs_attrset *attrs);
/* Remove peer's path for prefix. 1 best set changed, 0 not, also 0 when
 * the peer had no such path. */
int rs_rib_withdraw(struct rs_rib *r, uint32_t peer, const struct bgp_prefix *p);
/* Remove every path of a peer (session down, limit hit). Returns how many. */
size_t rs_rib_peer_flush(struct rs_rib *r, uint32_t peer);
/* Routes currently learned from peer (the ARS-LIMIT-ROUTES count). */
size_t rs_rib_peer_count(const struct rs_rib *r, uint32_t peer);
bool rs_rib_peer_has(const struct rs_rib *r, uint32_t peer, const struct bgp_prefix *p);

/* The best set of a prefix: up to max paths, ordered by peer id. Returns the
 * full size of the set (0 when the prefix is unknown). */
size_t rs_rib_best(const struct rs_rib *r, const struct bgp_prefix *p, const struct rs_path **out,
                   size_t max);
/* Addition: the best set of a prefix in place: *out points at its nbest
 * paths (ordered by peer id), valid until the RIB next changes. Returns
 * nbest (0, *out NULL, when the prefix is unknown). */
size_t rs_rib_best_run(const struct rs_rib *r, const struct bgp_prefix *p,
                       const struct rs_path **out);
/* Every path of a prefix (best or not), ordered by peer id. */
size_t rs_rib_paths(const struct rs_rib *r, const struct bgp_prefix *p, const struct rs_path **out,
                    size_t max);
size_t rs_rib_prefix_count(const struct rs_rib *r);

/* Visit every prefix in a stable (address, length) order. Stop when cb
 * returns non-zero; returns that value. paths[0..nbest) is the best set
 * (by peer id), paths[nbest..npaths) the other paths (by peer id). The
 * callback must not modify the RIB. Returns -1 when out of memory. */
typedef int (*rs_rib_visit_fn)(const struct bgp_prefix *p, const struct rs_path *paths,
                               size_t npaths, size_t nbest, void *arg);
int rs_rib_walk(const struct rs_rib *r, rs_rib_visit_fn cb, void *arg);

/* Prefixes whose best set changed since the last drain, each once, in
 * change order. Returns how many were written (at most max); call again
 * until it returns 0. */
size_t rs_rib_drain_changes(struct rs_rib *r, struct bgp_prefix *out, size_t max);
/* Addition: the same, with each drained prefix's best set in place
 * (best[k] NULL and nbest[k] 0 when it has none), as rs_rib_best_run gives
 * it: valid until the RIB next changes (draining only removes the entries
 * left without paths, which moves no other entry's paths). */
size_t rs_rib_drain_best(struct rs_rib *r, struct bgp_prefix *out, const struct rs_path **best,
                         size_t *nbest, size_t max);

/* ---- additions: helpers shared by the core ---- */
/* Changes recorded and not drained yet. */
size_t rs_rib_pending_changes(const struct rs_rib *r);
/* A number that changes whenever a path may have moved or gone (so a
 * pointer from rs_rib_best_run may be stale). */
uint64_t rs_rib_version(const struct rs_rib *r);
/* Order by (afi, address, length); path_id ignored. */
int rs_prefix_cmp(const struct bgp_prefix *a, const struct bgp_prefix *b);
/* Whether inner is equal to or more specific than outer (same afi). */
bool rs_prefix_covers(const struct bgp_prefix *outer, const struct bgp_prefix *inner);
/* bgp_as_path_length (AS_SET counts 1, confederation segments 0) and
 * bgp_as_path_contains, as used by the core. */
unsigned rs_as_path_length(const struct bgp_as_path *p);
bool rs_as_path_contains(const struct bgp_as_path *p, uint32_t asn);
/* Addresses and prefixes as text: bgp_addr.h (configs refuse host bits). */

#endif
