/* rsd_adjout_int.h: the Adj-RIB-Out's insides, shared by its files:
 * rsd_amap.c (one compact map: prefix -> key; its prefixes other than IPv4
 * in rsd_amap_other.c), rsd_adjout.c (the common
 * map, the sessions' exceptions, settling, listing) and rsd_adjout_batch.c
 * (an export batch). Not for other parts of the daemon: they use the
 * rsd_adjout_ functions of rsd_daemon.h. */
#ifndef RSCERT_RSD_ADJOUT_INT_H
#define RSCERT_RSD_ADJOUT_INT_H

#include "rsd_daemon.h"

extern const char rsd_adjout_tomb_key;
/* An exception saying "nothing was sent" where the common map has a key. */
#define RSD_ADJOUT_TOMB ((const void *)&rsd_adjout_tomb_key)
extern const char rsd_adjout_unset_key;
/* In an export batch: not decided. */
#define RSD_ADJOUT_UNSET ((const void *)&rsd_adjout_unset_key)

#define RSD_ADJOUT_KBITS 26
#define RSD_ADJOUT_KMAX  ((1u << RSD_ADJOUT_KBITS) - 1)

struct rsd_adjout_ent {
	struct bgp_prefix p;
	uint32_t hash;
	const void *key;
	uint32_t src; /* as in struct rsd_adjout_key */
	struct rsd_adjout_ent *next;
};

struct rsd_adjout_key {
	const void *key;
	uint32_t uses; /* slots naming it; 0: free, next_free links it */
	uint32_t next_free;
	/* In the common map: the serial of the one session that reads this
	 * entry as nothing without an exception (typically the session the
	 * route came from, which is never sent it back); 0: none. The same key
	 * with another src is another entry of this table. */
	uint32_t src;
};

/* One map: prefix -> key. */
struct rsd_amap {
	/* IPv4: slot = address << 32 | length << 26 | key index, 0 = empty */
	uint64_t *v4;
	uint64_t *v4filt; /* v4cap bits: the groups that may be present */
	size_t v4cap;     /* power of two, or 0 */
	size_t v4n;
	/* keys: index 0 unused; map from key to index (linear probing) */
	struct rsd_adjout_key *keys;
	size_t nkeys, capkeys;
	uint32_t free_head;
	uint32_t *kmap;
	size_t kmapcap, kmapn;
	/* other prefixes (buckets allocated with the first one) */
	size_t nbuckets;
	size_t nother;
	struct rsd_adjout_ent **b;
};

struct rsd_adjout_common {
	struct rsd_amap c;
	struct rsd_adjout **mem; /* every session's Adj-RIB-Out */
	size_t nmem, capmem;
	size_t nbase;     /* of them baseline */
	uint32_t serials; /* the last serial given to a member */
	bool busy;        /* a batch is open: the common map must not change */
	/* scratch of rsd_adjout_settle, one per member */
	const void **eff;
	unsigned char *held;
};

struct rsd_adjout {
	struct rsd_adjout_common *com; /* NULL: a map of its own only */
	size_t idx;                    /* in com->mem */
	uint32_t serial;               /* in com: never 0, not reused */
	bool baseline;                 /* x holds exceptions to com->c */
	size_t count;                  /* prefixes sent */
	struct rsd_amap x;
};

/* A key that holds a reference (not a marker, not NULL). */
static inline bool rsd_adjout_real(const void *key)
{
	return key && key != RSD_ADJOUT_VNET && key != RSD_ADJOUT_TOMB && key != RSD_ADJOUT_UNSET;
}
/* What member a reads in the common map: key unless a is its src. */
static inline const void *rsd_adjout_seen(const struct rsd_adjout *a, const void *key, uint32_t src)
{
	return src && src == a->serial ? NULL : key;
}
/* What a baseline member reads for p given its exception x (NULL: none)
 * and the common entry (c, src). */
static inline const void *rsd_adjout_eff(const struct rsd_adjout *a, const void *x, const void *c,
                                         uint32_t src)
{
	return !x ? rsd_adjout_seen(a, c, src) : x == RSD_ADJOUT_TOMB ? NULL : x;
}
/* The serial of a baseline member that com->eff says reads nothing, to be
 * a common entry's src (prefer if it is one); 0 when there is none. */
uint32_t rsd_adjout_pick_src(const struct rsd_adjout_common *com, size_t n, uint32_t prefer);
/* Drop the reference a real key holds. */
static inline void rsd_adjout_release(struct rs_attrtab *t, const void *key)
{
	if (rsd_adjout_real(key))
		rs_attrset_unref(t, (struct rs_attrset *)key);
}

/* ---- one map (rsd_amap.c) ---- */
typedef int (*rsd_amap_fn)(const struct bgp_prefix *p, const void *key, uint32_t src, void *arg);
const void *rsd_amap_get(const struct rsd_amap *m, const struct bgp_prefix *p);
/* The key and, in *src, the session that reads it as nothing (0: none). */
const void *rsd_amap_get_src(const struct rsd_amap *m, const struct bgp_prefix *p, uint32_t *src);
/* Map p to key read as nothing by the session of serial src (NULL:
 * remove). 0 or -1 (nothing changed). */
int rsd_amap_swap_src(struct rsd_amap *m, struct rs_attrtab *t, const struct bgp_prefix *p,
                      const void *key, uint32_t src);
int rsd_amap_swap(struct rsd_amap *m, struct rs_attrtab *t, const struct bgp_prefix *p,
                  const void *key, const void **old);
size_t rsd_amap_count(const struct rsd_amap *m);
/* Whether the map holds nothing (most sessions' exceptions: a lookup in
 * them is answered without a call). */
static inline bool rsd_amap_empty(const struct rsd_amap *m)
{
	return m->v4n == 0 && m->nother == 0;
}
/* The prefixes other than IPv4 (rsd_amap_other.c): as rsd_amap_swap_src
 * (*old: what it was) and rsd_amap_get_src. */
int rsd_amap_other_set(struct rsd_amap *m, struct rs_attrtab *t, const struct bgp_prefix *p,
                       const void *key, uint32_t src, const void **old);
const void *rsd_amap_other_get(const struct rsd_amap *m, const struct bgp_prefix *p, uint32_t *src);
/* Start loading the cache lines a lookup or insert of p will touch: the
 * large maps are out of cache, and a batch knows its prefixes ahead. */
void rsd_amap_prefetch(const struct rsd_amap *m, const struct bgp_prefix *p);
/* How many prefixes ahead a batch prefetches. */
#define RSD_AMAP_AHEAD 8
void rsd_amap_clear(struct rsd_amap *m, struct rs_attrtab *t);
int rsd_amap_each(const struct rsd_amap *m, rsd_amap_fn fn, void *arg);
void rsd_amap_compact(struct rsd_amap *m);
void rsd_amap_purge(struct rsd_amap *m, struct rs_attrtab *t, const void *key);

#endif
