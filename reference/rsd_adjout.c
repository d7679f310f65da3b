/* rsd_adjout.c: the Adj-RIB-Out of one session: prefix -> what was sent
 * (an interned attribute set, referenced, or the VNet marker). Only a
 * difference against it goes on the wire.
 *
 * A route server sends most of the table to every session, so the table is
 * compact: IPv4 prefixes live in an open-addressing table of 8-byte slots
 * (address, length, index of the key); the keys sent (few distinct ones,
 * shared by many prefixes) sit in a small table of their own, each holding
 * one reference on its attribute set for as long as a prefix uses it. Other
 * prefixes (IPv6) are rare and stay in a chained hash. */
#include <stdlib.h>
#include <string.h>

#include "rsd_daemon.h"

const char rsd_adjout_vnet_key = 'V';

#define RSD_ADJOUT_KBITS 26
#define RSD_ADJOUT_KMAX  ((1u << RSD_ADJOUT_KBITS) - 1)

struct rsd_adjout_ent {
	struct bgp_prefix p;
	uint32_t hash;
	const void *key;
	struct rsd_adjout_ent *next;
};

struct rsd_adjout_key {
	const void *key;
	uint32_t uses; /* slots naming it; 0: free, next_free links it */
	uint32_t next_free;
};

struct rsd_adjout {
	/* IPv4: slot = address << 32 | length << 26 | key index, 0 = empty */
	uint64_t *v4;
	size_t v4cap; /* power of two, or 0 */
	size_t v4n;
	/* keys: index 0 unused; map from key to index (linear probing) */
	struct rsd_adjout_key *keys;
	size_t nkeys, capkeys;
	uint32_t free_head;
	uint32_t *kmap;
	size_t kmapcap, kmapn;
	/* other prefixes */
	size_t nbuckets;
	size_t nother;
	struct rsd_adjout_ent **b;
};

struct rsd_adjout *rsd_adjout_new(void)
{
	struct rsd_adjout *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->nbuckets = 16;
	a->b = calloc(a->nbuckets, sizeof(*a->b));
	if (!a->b) {
		free(a);
		return NULL;
	}
	return a;
}

/* ---- keys ---- */

static size_t rsd_adjout_khome(const struct rsd_adjout *a, const void *key)
{
	return rs_hash64((uint64_t)(uintptr_t)key) & (a->kmapcap - 1);
}

static uint32_t rsd_adjout_kfind(const struct rsd_adjout *a, const void *key)
{
	if (a->kmapcap == 0)
		return 0;
	size_t m = a->kmapcap - 1;
	for (size_t i = rsd_adjout_khome(a, key);; i = (i + 1) & m) {
		uint32_t k = a->kmap[i];
		if (k == 0)
			return 0;
		if (a->keys[k].key == key)
			return k;
	}
}

static void rsd_adjout_kmap_put(struct rsd_adjout *a, uint32_t k)
{
	size_t m = a->kmapcap - 1;
	size_t i = rsd_adjout_khome(a, a->keys[k].key);
	while (a->kmap[i])
		i = (i + 1) & m;
	a->kmap[i] = k;
}

static int rsd_adjout_kmap_grow(struct rsd_adjout *a)
{
	if ((a->kmapn + 1) * 2 <= a->kmapcap)
		return 0;
	size_t n = a->kmapcap ? a->kmapcap * 2 : 16;
	uint32_t *m = calloc(n, sizeof(*m));
	if (!m)
		return -1;
	uint32_t *old = a->kmap;
	size_t oldcap = a->kmapcap;
	a->kmap = m;
	a->kmapcap = n;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i])
			rsd_adjout_kmap_put(a, old[i]);
	free(old);
	return 0;
}

static void rsd_adjout_kmap_del(struct rsd_adjout *a, uint32_t k)
{
	size_t m = a->kmapcap - 1;
	size_t i = rsd_adjout_khome(a, a->keys[k].key);
	while (a->kmap[i] != k)
		i = (i + 1) & m;
	/* backward-shift deletion */
	for (size_t j = i;;) {
		j = (j + 1) & m;
		if (a->kmap[j] == 0)
			break;
		size_t h = rsd_adjout_khome(a, a->keys[a->kmap[j]].key);
		if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
			a->kmap[i] = a->kmap[j];
			i = j;
		}
	}
	a->kmap[i] = 0;
	a->kmapn--;
}

/* The index of key with one more use (a new key takes a reference on its
 * attribute set); 0 when out of memory. */
static uint32_t rsd_adjout_kget(struct rsd_adjout *a, const void *key)
{
	uint32_t k = rsd_adjout_kfind(a, key);
	if (k) {
		a->keys[k].uses++;
		return k;
	}
	if (rsd_adjout_kmap_grow(a) < 0)
		return 0;
	if (a->free_head) {
		k = a->free_head;
		a->free_head = a->keys[k].next_free;
	} else {
		if (a->nkeys == 0)
			a->nkeys = 1;
		if (a->nkeys >= RSD_ADJOUT_KMAX)
			return 0;
		if (a->nkeys >= a->capkeys) {
			size_t n = a->capkeys ? a->capkeys * 2 : 16;
			struct rsd_adjout_key *v = realloc(a->keys, n * sizeof(*v));
			if (!v)
				return 0;
			a->keys = v;
			a->capkeys = n;
		}
		k = (uint32_t)a->nkeys++;
	}
	a->keys[k].key = key;
	a->keys[k].uses = 1;
	a->keys[k].next_free = 0;
	rsd_adjout_kmap_put(a, k);
	a->kmapn++;
	if (key != RSD_ADJOUT_VNET)
		rs_attrset_ref((struct rs_attrset *)key);
	return k;
}

static void rsd_adjout_kput(struct rsd_adjout *a, struct rs_attrtab *t, uint32_t k)
{
	struct rsd_adjout_key *e = &a->keys[k];
	if (--e->uses > 0)
		return;
	rsd_adjout_kmap_del(a, k);
	if (e->key != RSD_ADJOUT_VNET)
		rs_attrset_unref(t, (struct rs_attrset *)e->key);
	e->key = NULL;
	e->next_free = a->free_head;
	a->free_head = k;
}

/* ---- IPv4 slots ---- */

static bool rsd_adjout_is_v4(const struct bgp_prefix *p)
{
	if (p->afi != BGP_AFI_IPV4 || p->len > 32)
		return false;
	for (int i = 4; i < 16; i++)
		if (p->addr[i])
			return false;
	return true;
}

static uint64_t rsd_adjout_v4id(const struct bgp_prefix *p)
{
	uint32_t addr = (uint32_t)p->addr[0] << 24 | (uint32_t)p->addr[1] << 16 |
	                (uint32_t)p->addr[2] << 8 | p->addr[3];
	return (uint64_t)addr << 32 | (uint64_t)p->len << RSD_ADJOUT_KBITS;
}

#define RSD_ADJOUT_IDMASK (~(uint64_t)RSD_ADJOUT_KMAX)

/* Where a prefix's probe starts. Prefixes of one length that differ only
 * in the last 4 bits of their network number share a hashed group of 16
 * slots, in order, so that a run of neighbouring prefixes (as a peer sends
 * them) touches a cache line or two instead of one per prefix. */
static size_t rsd_adjout_v4home(const struct rsd_adjout *a, uint64_t id)
{
	uint32_t addr = (uint32_t)(id >> 32);
	unsigned len = (unsigned)(id >> RSD_ADJOUT_KBITS) & 0x3F;
	uint32_t net = len ? addr >> (32 - len) : 0;
	uint64_t g = rs_hash64((uint64_t)(net >> 4) << 8 | len);
	return (size_t)((g << 4) + (net & 15)) & (a->v4cap - 1);
}

/* The slot holding id, or (with *hit false) the empty slot where the
 * probe ended, which is where id goes; SIZE_MAX when the table is empty. */
static size_t rsd_adjout_v4probe(const struct rsd_adjout *a, uint64_t id, bool *hit)
{
	*hit = false;
	if (a->v4cap == 0)
		return SIZE_MAX;
	size_t m = a->v4cap - 1;
	for (size_t i = rsd_adjout_v4home(a, id);; i = (i + 1) & m) {
		uint64_t s = a->v4[i];
		if (s == 0)
			return i;
		if ((s & RSD_ADJOUT_IDMASK) == id) {
			*hit = true;
			return i;
		}
	}
}

static size_t rsd_adjout_v4find(const struct rsd_adjout *a, uint64_t id)
{
	bool hit;
	size_t i = rsd_adjout_v4probe(a, id, &hit);
	return hit ? i : SIZE_MAX;
}

static void rsd_adjout_v4put(struct rsd_adjout *a, uint64_t slot)
{
	size_t m = a->v4cap - 1;
	size_t i = rsd_adjout_v4home(a, slot & RSD_ADJOUT_IDMASK);
	while (a->v4[i])
		i = (i + 1) & m;
	a->v4[i] = slot;
}

/* Room for one more slot at a load of at most 7/8. 0 or -1. */
static int rsd_adjout_v4grow(struct rsd_adjout *a)
{
	if ((a->v4n + 1) * 8 <= a->v4cap * 7)
		return 0;
	size_t n = a->v4cap ? a->v4cap * 2 : 256;
	uint64_t *v = calloc(n, sizeof(*v));
	if (!v)
		return -1;
	uint64_t *old = a->v4;
	size_t oldcap = a->v4cap;
	a->v4 = v;
	a->v4cap = n;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i])
			rsd_adjout_v4put(a, old[i]);
	free(old);
	return 0;
}

static void rsd_adjout_v4del(struct rsd_adjout *a, size_t i)
{
	size_t m = a->v4cap - 1;
	for (size_t j = i;;) {
		j = (j + 1) & m;
		if (a->v4[j] == 0)
			break;
		size_t h = rsd_adjout_v4home(a, a->v4[j] & RSD_ADJOUT_IDMASK);
		if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
			a->v4[i] = a->v4[j];
			i = j;
		}
	}
	a->v4[i] = 0;
	a->v4n--;
}

static int rsd_adjout_v4set(struct rsd_adjout *a, struct rs_attrtab *t, const struct bgp_prefix *p,
                            const void *key, const void **old)
{
	uint64_t id = rsd_adjout_v4id(p);
	/* grow first (perhaps needlessly) so that the probe's end stays valid */
	if (key && rsd_adjout_v4grow(a) < 0)
		return -1;
	bool hit;
	size_t i = rsd_adjout_v4probe(a, id, &hit);
	uint32_t ok = hit ? (uint32_t)(a->v4[i] & RSD_ADJOUT_KMAX) : 0;
	const void *was = ok ? a->keys[ok].key : NULL;
	if (old)
		*old = was;
	if (was == key)
		return 0;
	if (!key) {
		rsd_adjout_kput(a, t, ok);
		rsd_adjout_v4del(a, i);
		return 0;
	}
	uint32_t nk = rsd_adjout_kget(a, key);
	if (!nk)
		return -1;
	a->v4[i] = id | nk;
	if (ok)
		rsd_adjout_kput(a, t, ok);
	else
		a->v4n++;
	return 0;
}

/* ---- other prefixes ---- */

static void rsd_adjout_release(struct rs_attrtab *t, const void *key)
{
	if (key && key != RSD_ADJOUT_VNET)
		rs_attrset_unref(t, (struct rs_attrset *)key);
}

static uint32_t rsd_adjout_hash(const struct bgp_prefix *p)
{
	uint32_t h = 2166136261u;
	h = (h ^ p->afi) * 16777619u;
	h = (h ^ p->len) * 16777619u;
	for (int i = 0; i < 16; i++)
		h = (h ^ p->addr[i]) * 16777619u;
	return h;
}

/* Keep chains short: double the buckets (a power of two) when the table
 * holds twice as many entries. On allocation failure chains just grow. */
static void rsd_adjout_grow(struct rsd_adjout *a)
{
	size_t n = a->nbuckets * 2;
	struct rsd_adjout_ent **b = calloc(n, sizeof(*b));

	if (!b)
		return;
	for (size_t i = 0; i < a->nbuckets; i++) {
		struct rsd_adjout_ent *e = a->b[i];
		while (e) {
			struct rsd_adjout_ent *next = e->next;
			e->next = b[e->hash & (n - 1)];
			b[e->hash & (n - 1)] = e;
			e = next;
		}
	}
	free(a->b);
	a->b = b;
	a->nbuckets = n;
}

static bool rsd_adjout_same(const struct bgp_prefix *x, const struct bgp_prefix *y)
{
	return x->afi == y->afi && x->len == y->len && memcmp(x->addr, y->addr, 16) == 0;
}

static int rsd_adjout_other_set(struct rsd_adjout *a, struct rs_attrtab *t,
                                const struct bgp_prefix *p, const void *key, const void **old)
{
	uint32_t h = rsd_adjout_hash(p);
	struct rsd_adjout_ent **pp = &a->b[h & (a->nbuckets - 1)];
	if (old)
		*old = NULL;
	for (; *pp; pp = &(*pp)->next) {
		if ((*pp)->hash != h || !rsd_adjout_same(&(*pp)->p, p))
			continue;
		struct rsd_adjout_ent *e = *pp;
		if (old)
			*old = e->key;
		if (e->key == key)
			return 0;
		if (key && key != RSD_ADJOUT_VNET)
			rs_attrset_ref((struct rs_attrset *)key);
		rsd_adjout_release(t, e->key);
		if (key) {
			e->key = key;
		} else {
			*pp = e->next;
			free(e);
			a->nother--;
		}
		return 0;
	}
	if (!key)
		return 0;
	struct rsd_adjout_ent *e = calloc(1, sizeof(*e));
	if (!e)
		return -1;
	e->p = *p;
	e->p.path_id = 0;
	e->hash = h;
	e->key = key;
	if (key != RSD_ADJOUT_VNET)
		rs_attrset_ref((struct rs_attrset *)key);
	e->next = *pp;
	*pp = e;
	a->nother++;
	if (a->nother > 2 * a->nbuckets)
		rsd_adjout_grow(a);
	return 0;
}

static const void *rsd_adjout_other_get(const struct rsd_adjout *a, const struct bgp_prefix *p)
{
	uint32_t h = rsd_adjout_hash(p);
	for (struct rsd_adjout_ent *e = a->b[h & (a->nbuckets - 1)]; e; e = e->next)
		if (e->hash == h && rsd_adjout_same(&e->p, p))
			return e->key;
	return NULL;
}

/* ---- API ---- */

void rsd_adjout_clear(struct rsd_adjout *a, struct rs_attrtab *t)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->nbuckets; i++) {
		struct rsd_adjout_ent *e = a->b[i];
		while (e) {
			struct rsd_adjout_ent *n = e->next;
			rsd_adjout_release(t, e->key);
			free(e);
			e = n;
		}
		a->b[i] = NULL;
	}
	a->nother = 0;
	for (size_t k = 1; k < a->nkeys; k++)
		if (a->keys[k].uses)
			rsd_adjout_release(t, a->keys[k].key);
	free(a->keys);
	free(a->kmap);
	free(a->v4);
	a->keys = NULL;
	a->kmap = NULL;
	a->v4 = NULL;
	a->nkeys = a->capkeys = a->kmapcap = a->kmapn = a->v4cap = a->v4n = 0;
	a->free_head = 0;
}

void rsd_adjout_free(struct rsd_adjout *a, struct rs_attrtab *t)
{
	if (!a)
		return;
	rsd_adjout_clear(a, t);
	free(a->b);
	free(a);
}

const void *rsd_adjout_get(const struct rsd_adjout *a, const struct bgp_prefix *p)
{
	if (!rsd_adjout_is_v4(p))
		return rsd_adjout_other_get(a, p);
	size_t i = rsd_adjout_v4find(a, rsd_adjout_v4id(p));
	return i == SIZE_MAX ? NULL : a->keys[a->v4[i] & RSD_ADJOUT_KMAX].key;
}

int rsd_adjout_swap(struct rsd_adjout *a, struct rs_attrtab *t, const struct bgp_prefix *p,
                    const void *key, const void **old)
{
	if (rsd_adjout_is_v4(p))
		return rsd_adjout_v4set(a, t, p, key, old);
	return rsd_adjout_other_set(a, t, p, key, old);
}

int rsd_adjout_set(struct rsd_adjout *a, struct rs_attrtab *t, const struct bgp_prefix *p,
                   const void *key)
{
	return rsd_adjout_swap(a, t, p, key, NULL);
}

size_t rsd_adjout_count(const struct rsd_adjout *a)
{
	return a ? a->v4n + a->nother : 0;
}

struct rsd_adjout_pair {
	struct bgp_prefix p;
	const void *key;
};

static int rsd_adjout_pair_cmp(const void *x, const void *y)
{
	const struct rsd_adjout_pair *a = x, *b = y;
	return rs_prefix_cmp(&a->p, &b->p);
}

size_t rsd_adjout_list(const struct rsd_adjout *a, struct bgp_prefix **pfx, const void ***keys)
{
	*pfx = NULL;
	*keys = NULL;
	size_t count = rsd_adjout_count(a);
	if (count == 0)
		return 0;
	struct rsd_adjout_pair *v = calloc(count, sizeof(*v));
	struct bgp_prefix *op = calloc(count, sizeof(*op));
	const void **ok = calloc(count, sizeof(*ok));
	if (!v || !op || !ok) {
		free(v);
		free(op);
		free(ok);
		return 0;
	}
	size_t n = 0;
	for (size_t i = 0; i < a->v4cap; i++) {
		uint64_t s = a->v4[i];
		if (!s)
			continue;
		uint32_t addr = (uint32_t)(s >> 32);
		v[n].p.afi = BGP_AFI_IPV4;
		v[n].p.len = (uint8_t)((s >> RSD_ADJOUT_KBITS) & 0x3F);
		v[n].p.addr[0] = (uint8_t)(addr >> 24);
		v[n].p.addr[1] = (uint8_t)(addr >> 16);
		v[n].p.addr[2] = (uint8_t)(addr >> 8);
		v[n].p.addr[3] = (uint8_t)addr;
		v[n].key = a->keys[s & RSD_ADJOUT_KMAX].key;
		n++;
	}
	for (size_t i = 0; i < a->nbuckets; i++)
		for (struct rsd_adjout_ent *e = a->b[i]; e; e = e->next) {
			v[n].p = e->p;
			v[n].key = e->key;
			n++;
		}
	qsort(v, n, sizeof(*v), rsd_adjout_pair_cmp);
	for (size_t i = 0; i < n; i++) {
		op[i] = v[i].p;
		ok[i] = v[i].key;
	}
	free(v);
	*pfx = op;
	*keys = ok;
	return n;
}
