/* rsd_adjout.c: the Adj-RIB-Out of the sessions of one instance: per
 * session, prefix -> what was sent (an interned attribute set, referenced,
 * or the VNet marker). Only a difference against it goes on the wire.
 *
 * A route server sends nearly the same table to every session, so the
 * record is shared. Each instance keeps one common map (prefix -> what most
 * sessions were sent); each session keeps only its exceptions, the prefixes
 * where what it was sent differs from the common map (a tombstone where it
 * was sent nothing but the common map has a key). A session reads the
 * common map only once it is "baseline": a session that comes up starts
 * with a private map of everything it is sent, and its full sync ends by
 * turning that map into exceptions. After each export batch every changed
 * prefix is settled: the key most baseline sessions hold (a Boyer-Moore
 * vote) becomes the common one and the exceptions are rewritten so that
 * what each session reads does not change.
 *
 * Each map is compact: IPv4 prefixes live in an open-addressing table of
 * 8-byte slots (address, length, index of the key); the keys (few distinct
 * ones, shared by many prefixes) sit in a small table of their own, each
 * holding one reference on its attribute set for as long as a prefix of
 * that map uses it. Other prefixes (IPv6) are rare and stay in a chained
 * hash. */
#include <stdlib.h>
#include <string.h>

#include "rsd_daemon.h"

const char rsd_adjout_vnet_key = 'V';
static const char rsd_adjout_tomb_key = 'T';
/* An exception saying "nothing was sent" where the common map has a key. */
#define RSD_ADJOUT_TOMB ((const void *)&rsd_adjout_tomb_key)
static const char rsd_adjout_unset_key = 'U';
/* In an export batch: not decided. */
#define RSD_ADJOUT_UNSET ((const void *)&rsd_adjout_unset_key)

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

/* One map: prefix -> key. */
struct rsd_amap {
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
	/* other prefixes (buckets allocated with the first one) */
	size_t nbuckets;
	size_t nother;
	struct rsd_adjout_ent **b;
};

struct rsd_adjout_common {
	struct rsd_amap c;
	struct rsd_adjout **mem; /* every session's Adj-RIB-Out */
	size_t nmem, capmem;
	size_t nbase; /* of them baseline */
	bool busy;    /* a batch is open: the common map must not change */
	/* scratch of rsd_adjout_settle, one per member */
	const void **eff;
	unsigned char *held;
};

struct rsd_adjout {
	struct rsd_adjout_common *com; /* NULL: a map of its own only */
	size_t idx;                    /* in com->mem */
	bool baseline;                 /* x holds exceptions to com->c */
	size_t count;                  /* prefixes sent */
	struct rsd_amap x;
};

static bool rsd_adjout_real(const void *key)
{
	return key && key != RSD_ADJOUT_VNET && key != RSD_ADJOUT_TOMB && key != RSD_ADJOUT_UNSET;
}

static void rsd_adjout_release(struct rs_attrtab *t, const void *key)
{
	if (rsd_adjout_real(key))
		rs_attrset_unref(t, (struct rs_attrset *)key);
}

/* ---- a map's keys ---- */

static size_t rsd_amap_khome(const struct rsd_amap *m, const void *key)
{
	return rs_hash64((uint64_t)(uintptr_t)key) & (m->kmapcap - 1);
}

static uint32_t rsd_amap_kfind(const struct rsd_amap *m, const void *key)
{
	if (m->kmapcap == 0)
		return 0;
	size_t mask = m->kmapcap - 1;
	for (size_t i = rsd_amap_khome(m, key);; i = (i + 1) & mask) {
		uint32_t k = m->kmap[i];
		if (k == 0)
			return 0;
		if (m->keys[k].key == key)
			return k;
	}
}

static void rsd_amap_kmap_put(struct rsd_amap *m, uint32_t k)
{
	size_t mask = m->kmapcap - 1;
	size_t i = rsd_amap_khome(m, m->keys[k].key);
	while (m->kmap[i])
		i = (i + 1) & mask;
	m->kmap[i] = k;
}

static int rsd_amap_kmap_grow(struct rsd_amap *m)
{
	if ((m->kmapn + 1) * 2 <= m->kmapcap)
		return 0;
	size_t n = m->kmapcap ? m->kmapcap * 2 : 16;
	uint32_t *v = calloc(n, sizeof(*v));
	if (!v)
		return -1;
	uint32_t *old = m->kmap;
	size_t oldcap = m->kmapcap;
	m->kmap = v;
	m->kmapcap = n;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i])
			rsd_amap_kmap_put(m, old[i]);
	free(old);
	return 0;
}

static void rsd_amap_kmap_del(struct rsd_amap *m, uint32_t k)
{
	size_t mask = m->kmapcap - 1;
	size_t i = rsd_amap_khome(m, m->keys[k].key);
	while (m->kmap[i] != k)
		i = (i + 1) & mask;
	/* backward-shift deletion */
	for (size_t j = i;;) {
		j = (j + 1) & mask;
		if (m->kmap[j] == 0)
			break;
		size_t h = rsd_amap_khome(m, m->keys[m->kmap[j]].key);
		if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
			m->kmap[i] = m->kmap[j];
			i = j;
		}
	}
	m->kmap[i] = 0;
	m->kmapn--;
}

/* The index of key with one more use (a new key takes a reference on its
 * attribute set); 0 when out of memory. */
static uint32_t rsd_amap_kget(struct rsd_amap *m, const void *key)
{
	uint32_t k = rsd_amap_kfind(m, key);
	if (k) {
		m->keys[k].uses++;
		return k;
	}
	if (rsd_amap_kmap_grow(m) < 0)
		return 0;
	if (m->free_head) {
		k = m->free_head;
		m->free_head = m->keys[k].next_free;
	} else {
		if (m->nkeys == 0)
			m->nkeys = 1;
		if (m->nkeys >= RSD_ADJOUT_KMAX)
			return 0;
		if (m->nkeys >= m->capkeys) {
			size_t n = m->capkeys ? m->capkeys * 2 : 16;
			struct rsd_adjout_key *v = realloc(m->keys, n * sizeof(*v));
			if (!v)
				return 0;
			m->keys = v;
			m->capkeys = n;
		}
		k = (uint32_t)m->nkeys++;
	}
	m->keys[k].key = key;
	m->keys[k].uses = 1;
	m->keys[k].next_free = 0;
	rsd_amap_kmap_put(m, k);
	m->kmapn++;
	if (rsd_adjout_real(key))
		rs_attrset_ref((struct rs_attrset *)key);
	return k;
}

static void rsd_amap_kput(struct rsd_amap *m, struct rs_attrtab *t, uint32_t k)
{
	struct rsd_adjout_key *e = &m->keys[k];
	if (--e->uses > 0)
		return;
	rsd_amap_kmap_del(m, k);
	rsd_adjout_release(t, e->key);
	e->key = NULL;
	e->next_free = m->free_head;
	m->free_head = k;
}

/* ---- a map's IPv4 slots ---- */

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

static void rsd_adjout_v4prefix(uint64_t slot, struct bgp_prefix *p)
{
	uint32_t addr = (uint32_t)(slot >> 32);
	memset(p, 0, sizeof(*p));
	p->afi = BGP_AFI_IPV4;
	p->len = (uint8_t)((slot >> RSD_ADJOUT_KBITS) & 0x3F);
	p->addr[0] = (uint8_t)(addr >> 24);
	p->addr[1] = (uint8_t)(addr >> 16);
	p->addr[2] = (uint8_t)(addr >> 8);
	p->addr[3] = (uint8_t)addr;
}

#define RSD_ADJOUT_IDMASK (~(uint64_t)RSD_ADJOUT_KMAX)

/* Where a prefix's probe starts. Prefixes of one length that differ only
 * in the last 4 bits of their network number share a hashed group of 16
 * slots, in order, so that a run of neighbouring prefixes (as a peer sends
 * them) touches a cache line or two instead of one per prefix. */
static size_t rsd_amap_v4home(const struct rsd_amap *m, uint64_t id)
{
	uint32_t addr = (uint32_t)(id >> 32);
	unsigned len = (unsigned)(id >> RSD_ADJOUT_KBITS) & 0x3F;
	uint32_t net = len ? addr >> (32 - len) : 0;
	uint64_t g = rs_hash64((uint64_t)(net >> 4) << 8 | len);
	return (size_t)((g << 4) + (net & 15)) & (m->v4cap - 1);
}

/* The slot holding id, or (with *hit false) the empty slot where the
 * probe ended, which is where id goes; SIZE_MAX when the table is empty. */
static size_t rsd_amap_v4probe(const struct rsd_amap *m, uint64_t id, bool *hit)
{
	*hit = false;
	if (m->v4cap == 0)
		return SIZE_MAX;
	size_t mask = m->v4cap - 1;
	for (size_t i = rsd_amap_v4home(m, id);; i = (i + 1) & mask) {
		uint64_t s = m->v4[i];
		if (s == 0)
			return i;
		if ((s & RSD_ADJOUT_IDMASK) == id) {
			*hit = true;
			return i;
		}
	}
}

static void rsd_amap_v4put(struct rsd_amap *m, uint64_t slot)
{
	size_t mask = m->v4cap - 1;
	size_t i = rsd_amap_v4home(m, slot & RSD_ADJOUT_IDMASK);
	while (m->v4[i])
		i = (i + 1) & mask;
	m->v4[i] = slot;
}

/* Move the slots into a table of n (a power of two, or 0 when there are
 * none). 0 or -1 (nothing changed). */
static int rsd_amap_v4resize(struct rsd_amap *m, size_t n)
{
	uint64_t *v = NULL;
	if (n > 0 && !(v = calloc(n, sizeof(*v))))
		return -1;
	uint64_t *old = m->v4;
	size_t oldcap = m->v4cap;
	m->v4 = v;
	m->v4cap = n;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i])
			rsd_amap_v4put(m, old[i]);
	free(old);
	return 0;
}

/* Room for one more slot at a load of at most 7/8. 0 or -1. */
static int rsd_amap_v4grow(struct rsd_amap *m)
{
	if ((m->v4n + 1) * 8 <= m->v4cap * 7)
		return 0;
	return rsd_amap_v4resize(m, m->v4cap ? m->v4cap * 2 : 16);
}

static void rsd_amap_v4del(struct rsd_amap *m, size_t i)
{
	size_t mask = m->v4cap - 1;
	for (size_t j = i;;) {
		j = (j + 1) & mask;
		if (m->v4[j] == 0)
			break;
		size_t h = rsd_amap_v4home(m, m->v4[j] & RSD_ADJOUT_IDMASK);
		if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
			m->v4[i] = m->v4[j];
			i = j;
		}
	}
	m->v4[i] = 0;
	m->v4n--;
}

static int rsd_amap_v4set(struct rsd_amap *m, struct rs_attrtab *t, const struct bgp_prefix *p,
                          const void *key, const void **old)
{
	uint64_t id = rsd_adjout_v4id(p);
	/* grow first (perhaps needlessly) so that the probe's end stays valid */
	if (key && rsd_amap_v4grow(m) < 0)
		return -1;
	bool hit;
	size_t i = rsd_amap_v4probe(m, id, &hit);
	uint32_t ok = hit ? (uint32_t)(m->v4[i] & RSD_ADJOUT_KMAX) : 0;
	const void *was = ok ? m->keys[ok].key : NULL;
	if (old)
		*old = was;
	if (was == key)
		return 0;
	if (!key) {
		rsd_amap_kput(m, t, ok);
		rsd_amap_v4del(m, i);
		return 0;
	}
	uint32_t nk = rsd_amap_kget(m, key);
	if (!nk)
		return -1;
	m->v4[i] = id | nk;
	if (ok)
		rsd_amap_kput(m, t, ok);
	else
		m->v4n++;
	return 0;
}

/* ---- a map's other prefixes ---- */

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
static void rsd_amap_other_grow(struct rsd_amap *m)
{
	size_t n = m->nbuckets * 2;
	struct rsd_adjout_ent **b = calloc(n, sizeof(*b));

	if (!b)
		return;
	for (size_t i = 0; i < m->nbuckets; i++) {
		struct rsd_adjout_ent *e = m->b[i];
		while (e) {
			struct rsd_adjout_ent *next = e->next;
			e->next = b[e->hash & (n - 1)];
			b[e->hash & (n - 1)] = e;
			e = next;
		}
	}
	free(m->b);
	m->b = b;
	m->nbuckets = n;
}

static bool rsd_adjout_same(const struct bgp_prefix *x, const struct bgp_prefix *y)
{
	return x->afi == y->afi && x->len == y->len && memcmp(x->addr, y->addr, 16) == 0;
}

static int rsd_amap_other_set(struct rsd_amap *m, struct rs_attrtab *t, const struct bgp_prefix *p,
                              const void *key, const void **old)
{
	if (old)
		*old = NULL;
	if (m->nbuckets == 0) {
		if (!key)
			return 0;
		if (!(m->b = calloc(16, sizeof(*m->b))))
			return -1;
		m->nbuckets = 16;
	}
	uint32_t h = rsd_adjout_hash(p);
	struct rsd_adjout_ent **pp = &m->b[h & (m->nbuckets - 1)];
	for (; *pp; pp = &(*pp)->next) {
		if ((*pp)->hash != h || !rsd_adjout_same(&(*pp)->p, p))
			continue;
		struct rsd_adjout_ent *e = *pp;
		if (old)
			*old = e->key;
		if (e->key == key)
			return 0;
		if (rsd_adjout_real(key))
			rs_attrset_ref((struct rs_attrset *)key);
		rsd_adjout_release(t, e->key);
		if (key) {
			e->key = key;
		} else {
			*pp = e->next;
			free(e);
			m->nother--;
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
	if (rsd_adjout_real(key))
		rs_attrset_ref((struct rs_attrset *)key);
	e->next = *pp;
	*pp = e;
	m->nother++;
	if (m->nother > 2 * m->nbuckets)
		rsd_amap_other_grow(m);
	return 0;
}

static const void *rsd_amap_other_get(const struct rsd_amap *m, const struct bgp_prefix *p)
{
	if (m->nother == 0)
		return NULL;
	uint32_t h = rsd_adjout_hash(p);
	for (struct rsd_adjout_ent *e = m->b[h & (m->nbuckets - 1)]; e; e = e->next)
		if (e->hash == h && rsd_adjout_same(&e->p, p))
			return e->key;
	return NULL;
}

/* ---- a map ---- */

/* What the map holds for p: NULL when nothing. */
static const void *rsd_amap_get(const struct rsd_amap *m, const struct bgp_prefix *p)
{
	if (!rsd_adjout_is_v4(p))
		return rsd_amap_other_get(m, p);
	if (m->v4n == 0)
		return NULL;
	bool hit;
	size_t i = rsd_amap_v4probe(m, rsd_adjout_v4id(p), &hit);
	return hit ? m->keys[m->v4[i] & RSD_ADJOUT_KMAX].key : NULL;
}

/* Map p to key (NULL: remove); *old tells what it was. 0 or -1 (nothing
 * changed); a removal does not fail. */
static int rsd_amap_swap(struct rsd_amap *m, struct rs_attrtab *t, const struct bgp_prefix *p,
                         const void *key, const void **old)
{
	if (rsd_adjout_is_v4(p))
		return rsd_amap_v4set(m, t, p, key, old);
	return rsd_amap_other_set(m, t, p, key, old);
}

static size_t rsd_amap_count(const struct rsd_amap *m)
{
	return m->v4n + m->nother;
}

static void rsd_amap_clear(struct rsd_amap *m, struct rs_attrtab *t)
{
	for (size_t i = 0; i < m->nbuckets; i++) {
		struct rsd_adjout_ent *e = m->b[i];
		while (e) {
			struct rsd_adjout_ent *n = e->next;
			rsd_adjout_release(t, e->key);
			free(e);
			e = n;
		}
	}
	for (size_t k = 1; k < m->nkeys; k++)
		if (m->keys[k].uses)
			rsd_adjout_release(t, m->keys[k].key);
	free(m->b);
	free(m->keys);
	free(m->kmap);
	free(m->v4);
	memset(m, 0, sizeof(*m));
}

/* Call fn for each entry, in no order; fn must not change this map.
 * Stops at fn's first non-zero answer and returns it. */
typedef int (*rsd_amap_fn)(const struct bgp_prefix *p, const void *key, void *arg);

static int rsd_amap_each(const struct rsd_amap *m, rsd_amap_fn fn, void *arg)
{
	int r;
	for (size_t i = 0; i < m->v4cap; i++) {
		uint64_t s = m->v4[i];
		if (!s)
			continue;
		struct bgp_prefix p;
		rsd_adjout_v4prefix(s, &p);
		if ((r = fn(&p, m->keys[s & RSD_ADJOUT_KMAX].key, arg)) != 0)
			return r;
	}
	for (size_t i = 0; i < m->nbuckets; i++)
		for (struct rsd_adjout_ent *e = m->b[i]; e; e = e->next)
			if ((r = fn(&e->p, e->key, arg)) != 0)
				return r;
	return 0;
}

/* Give back the room of a table that has become sparse (below 1/8 full):
 * a load of at most 1/2 after. */
static void rsd_amap_compact(struct rsd_amap *m)
{
	if (m->v4cap <= 64 || m->v4n * 8 >= m->v4cap)
		return;
	size_t n = m->v4n > 0 ? 16 : 0;
	while (n < m->v4n * 2)
		n *= 2;
	rsd_amap_v4resize(m, n);
}

/* Remove every entry whose key is key. */
static void rsd_amap_purge(struct rsd_amap *m, struct rs_attrtab *t, const void *key)
{
	uint32_t k = rsd_amap_kfind(m, key);
	if (k && m->v4n > 0) {
		/* from an empty slot round the table once, so that a backward
		 * shift only ever moves an unvisited slot into the current one */
		size_t mask = m->v4cap - 1, start = 0;
		while (m->v4[start])
			start++;
		for (size_t n = 0, i = start; n < m->v4cap; n++, i = (i + 1) & mask) {
			while (m->v4[i] && (uint32_t)(m->v4[i] & RSD_ADJOUT_KMAX) == k) {
				rsd_amap_kput(m, t, k);
				rsd_amap_v4del(m, i);
			}
		}
	}
	for (size_t i = 0; i < m->nbuckets; i++) {
		struct rsd_adjout_ent **pp = &m->b[i];
		while (*pp) {
			struct rsd_adjout_ent *e = *pp;
			if (e->key != key) {
				pp = &e->next;
				continue;
			}
			*pp = e->next;
			rsd_adjout_release(t, e->key);
			free(e);
			m->nother--;
		}
	}
}

/* ---- the common map and its members ---- */

struct rsd_adjout_common *rsd_adjout_common_new(void)
{
	return calloc(1, sizeof(struct rsd_adjout_common));
}

size_t rsd_adjout_common_members(const struct rsd_adjout_common *com)
{
	return com ? com->nmem : 0;
}

size_t rsd_adjout_common_count(const struct rsd_adjout_common *com)
{
	return com ? rsd_amap_count(&com->c) : 0;
}

void rsd_adjout_common_free(struct rsd_adjout_common *com, struct rs_attrtab *t)
{
	if (!com)
		return;
	for (size_t i = 0; i < com->nmem; i++) {
		/* a member left behind keeps what it holds of its own */
		com->mem[i]->com = NULL;
		com->mem[i]->baseline = false;
	}
	rsd_amap_clear(&com->c, t);
	free(com->mem);
	free(com->eff);
	free(com->held);
	free(com);
}

static int rsd_adjout_join(struct rsd_adjout_common *com, struct rsd_adjout *a)
{
	if (com->nmem == com->capmem) {
		size_t n = com->capmem ? com->capmem * 2 : 16;
		struct rsd_adjout **mem = realloc(com->mem, n * sizeof(*mem));
		if (!mem)
			return -1;
		com->mem = mem;
		const void **eff = realloc(com->eff, n * sizeof(*eff));
		if (!eff)
			return -1;
		com->eff = eff;
		unsigned char *held = realloc(com->held, n * sizeof(*held));
		if (!held)
			return -1;
		com->held = held;
		com->capmem = n;
	}
	a->com = com;
	a->idx = com->nmem;
	com->mem[com->nmem++] = a;
	return 0;
}

struct rsd_adjout *rsd_adjout_new(struct rsd_adjout_common *com)
{
	struct rsd_adjout *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	if (com && rsd_adjout_join(com, a) < 0) {
		free(a);
		return NULL;
	}
	return a;
}

void rsd_adjout_clear(struct rsd_adjout *a, struct rs_attrtab *t)
{
	if (!a)
		return;
	rsd_amap_clear(&a->x, t);
	a->count = 0;
	if (!a->baseline)
		return;
	a->baseline = false;
	if (--a->com->nbase == 0 && !a->com->busy)
		rsd_amap_clear(&a->com->c, t); /* nobody reads it now */
}

void rsd_adjout_free(struct rsd_adjout *a, struct rs_attrtab *t)
{
	if (!a)
		return;
	rsd_adjout_clear(a, t);
	struct rsd_adjout_common *com = a->com;
	if (com) {
		com->mem[a->idx] = com->mem[--com->nmem];
		com->mem[a->idx]->idx = a->idx;
	}
	free(a);
}

/* ---- one session ---- */

const void *rsd_adjout_get(const struct rsd_adjout *a, const struct bgp_prefix *p)
{
	const void *k = rsd_amap_get(&a->x, p);
	if (k)
		return k == RSD_ADJOUT_TOMB ? NULL : k;
	return a->baseline ? rsd_amap_get(&a->com->c, p) : NULL;
}

int rsd_adjout_swap(struct rsd_adjout *a, struct rs_attrtab *t, const struct bgp_prefix *p,
                    const void *key, const void **old)
{
	const void *was;
	if (!a->baseline) {
		if (rsd_amap_swap(&a->x, t, p, key, &was) < 0)
			return -1;
	} else {
		const void *c = rsd_amap_get(&a->com->c, p);
		const void *k = rsd_amap_get(&a->x, p);
		was = !k ? c : k == RSD_ADJOUT_TOMB ? NULL : k;
		/* the exception: none where key is the common one */
		const void *want = key == c ? NULL : key ? key : RSD_ADJOUT_TOMB;
		if (was != key && rsd_amap_swap(&a->x, t, p, want, NULL) < 0)
			return -1;
	}
	if (old)
		*old = was;
	a->count += (key != NULL);
	a->count -= (was != NULL);
	return 0;
}

int rsd_adjout_set(struct rsd_adjout *a, struct rs_attrtab *t, const struct bgp_prefix *p,
                   const void *key)
{
	return rsd_adjout_swap(a, t, p, key, NULL);
}

size_t rsd_adjout_count(const struct rsd_adjout *a)
{
	return a ? a->count : 0;
}

size_t rsd_adjout_exceptions(const struct rsd_adjout *a)
{
	return a ? rsd_amap_count(&a->x) : 0;
}

bool rsd_adjout_is_baseline(const struct rsd_adjout *a)
{
	return a && a->baseline;
}

struct rsd_adjout_conv {
	struct rsd_adjout *a;
	struct rs_attrtab *t;
};

/* Where the common map has a key and the session was sent nothing. */
static int rsd_adjout_conv_tomb(const struct bgp_prefix *p, const void *key, void *arg)
{
	struct rsd_adjout_conv *w = arg;
	(void)key;
	if (rsd_amap_get(&w->a->x, p))
		return 0;
	return rsd_amap_swap(&w->a->x, w->t, p, RSD_ADJOUT_TOMB, NULL) < 0 ? -1 : 0;
}

/* Where the session was sent what the common map holds. */
static int rsd_adjout_conv_same(const struct bgp_prefix *p, const void *key, void *arg)
{
	struct rsd_adjout_conv *w = arg;
	if (rsd_amap_get(&w->a->x, p) == key)
		rsd_amap_swap(&w->a->x, w->t, p, NULL, NULL);
	return 0;
}

int rsd_adjout_baseline(struct rsd_adjout *a, struct rs_attrtab *t)
{
	if (!a || !a->com || a->baseline)
		return 0;
	struct rsd_adjout_common *com = a->com;
	if (com->nbase == 0) {
		/* the common map is empty (nobody read it): take this one's */
		struct rsd_amap m = com->c;
		com->c = a->x;
		a->x = m;
	} else {
		struct rsd_adjout_conv w = {a, t};
		if (rsd_amap_each(&com->c, rsd_adjout_conv_tomb, &w) != 0) {
			/* out of memory: stay as it was (a private map has no
			 * tombstones) */
			rsd_amap_purge(&a->x, t, RSD_ADJOUT_TOMB);
			rsd_amap_compact(&a->x);
			return -1;
		}
		rsd_amap_each(&com->c, rsd_adjout_conv_same, &w);
	}
	rsd_amap_compact(&a->x);
	a->baseline = true;
	com->nbase++;
	return 0;
}

/* ---- settling the common map ---- */

/* Make cand the common key of p (held: the baseline members without an
 * exception, that is reading c): they get c as an exception, and those that
 * hold cand as an exception drop it. Nothing changes when out of memory. */
static void rsd_adjout_move(struct rsd_adjout_common *com, struct rs_attrtab *t,
                            const struct bgp_prefix *p, const void *c, const void *cand)
{
	const void *keep = c ? c : RSD_ADJOUT_TOMB;
	size_t i;
	for (i = 0; i < com->nmem; i++) {
		struct rsd_adjout *a = com->mem[i];
		if (a->baseline && com->held[i] && rsd_amap_swap(&a->x, t, p, keep, NULL) < 0)
			break;
	}
	/* the exceptions now reference c: the common map may let go of it */
	if (i == com->nmem && rsd_amap_swap(&com->c, t, p, cand, NULL) == 0) {
		/* and cand is referenced by the common map */
		for (i = 0; i < com->nmem; i++) {
			struct rsd_adjout *a = com->mem[i];
			if (a->baseline && !com->held[i] && com->eff[i] == cand)
				rsd_amap_swap(&a->x, t, p, NULL, NULL);
		}
		return;
	}
	for (size_t j = 0; j < i; j++) {
		struct rsd_adjout *a = com->mem[j];
		if (a->baseline && com->held[j])
			rsd_amap_swap(&a->x, t, p, NULL, NULL);
	}
}

static void rsd_adjout_settle_one(struct rsd_adjout_common *com, struct rs_attrtab *t,
                                  const struct bgp_prefix *p)
{
	const void *c = rsd_amap_get(&com->c, p);
	const void *cand = NULL;
	size_t nb = 0, hold = 0, votes = 0;
	for (size_t i = 0; i < com->nmem; i++) {
		const struct rsd_adjout *a = com->mem[i];
		if (!a->baseline)
			continue;
		const void *k = rsd_amap_get(&a->x, p);
		const void *eff = !k ? c : k == RSD_ADJOUT_TOMB ? NULL : k;
		com->eff[i] = eff;
		com->held[i] = !k;
		nb++;
		hold += !k;
		if (votes == 0) {
			cand = eff;
			votes = 1;
		} else {
			votes = eff == cand ? votes + 1 : votes - 1;
		}
	}
	/* the majority, if there is one, is cand; c is kept unless cand is
	 * held by more sessions */
	if (nb == 0 || cand == c || 2 * hold >= nb)
		return;
	size_t ncand = 0;
	for (size_t i = 0; i < com->nmem; i++)
		ncand += com->mem[i]->baseline && com->eff[i] == cand;
	if (ncand > hold)
		rsd_adjout_move(com, t, p, c, cand);
}

void rsd_adjout_settle(struct rsd_adjout_common *com, struct rs_attrtab *t,
                       const struct bgp_prefix *p, size_t n)
{
	if (!com || com->nbase == 0)
		return;
	for (size_t i = 0; i < n; i++)
		rsd_adjout_settle_one(com, t, &p[i]);
	for (size_t i = 0; i < com->nmem; i++)
		rsd_amap_compact(&com->mem[i]->x);
}

struct rsd_adjout_pfxs {
	struct bgp_prefix *v;
	size_t n, cap;
};

static int rsd_adjout_pfxs_add(const struct bgp_prefix *p, const void *key, void *arg)
{
	struct rsd_adjout_pfxs *w = arg;
	(void)key;
	if (w->n == w->cap) {
		size_t n = w->cap ? w->cap * 2 : 256;
		struct bgp_prefix *v = realloc(w->v, n * sizeof(*v));
		if (!v)
			return -1;
		w->v = v;
		w->cap = n;
	}
	w->v[w->n++] = *p;
	return 0;
}

static int rsd_adjout_pfx_cmp(const void *x, const void *y)
{
	return rs_prefix_cmp(x, y);
}

void rsd_adjout_settle_all(struct rsd_adjout_common *com, struct rs_attrtab *t)
{
	if (!com || com->nbase == 0)
		return;
	/* only a prefix some session holds an exception for can move */
	struct rsd_adjout_pfxs w = {NULL, 0, 0};
	for (size_t i = 0; i < com->nmem; i++)
		if (com->mem[i]->baseline &&
		    rsd_amap_each(&com->mem[i]->x, rsd_adjout_pfxs_add, &w))
			break; /* out of memory: settle what was gathered */
	if (w.n > 0)
		qsort(w.v, w.n, sizeof(*w.v), rsd_adjout_pfx_cmp);
	size_t n = 0;
	for (size_t i = 0; i < w.n; i++)
		if (n == 0 || rs_prefix_cmp(&w.v[n - 1], &w.v[i]) != 0)
			w.v[n++] = w.v[i];
	rsd_adjout_settle(com, t, w.v, n);
	free(w.v);
}

/* ---- an export batch ---- */

/* Recording a batch costs one lookup in the session's (small) exception
 * table: the common keys are looked up once per prefix when the batch
 * opens, what each baseline session is sent is written into a matrix, and
 * the common map and the exceptions are written once per prefix when it
 * closes, the majority first. */
struct rsd_adjout_batch {
	struct rsd_adjout_common *com;
	const struct bgp_prefix *p;
	size_t n;
	size_t width;       /* members when it opened */
	const void **cval;  /* [n]: the common key of p[k] */
	const void **dec;   /* [n][width]: what member i is sent, or unset */
	unsigned char *had; /* [n][width]: member i held an exception then */
};

struct rsd_adjout_batch *rsd_adjout_batch_open(struct rsd_adjout_common *com,
                                               const struct bgp_prefix *p, size_t n)
{
	if (!com || com->busy || com->nbase == 0 || n == 0 || n > SIZE_MAX / 8 / com->nmem)
		return NULL;
	struct rsd_adjout_batch *b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->com = com;
	b->p = p;
	b->n = n;
	b->width = com->nmem;
	b->cval = malloc(n * sizeof(*b->cval));
	b->dec = malloc(n * b->width * sizeof(*b->dec));
	b->had = calloc(n * b->width, sizeof(*b->had));
	if (!b->cval || !b->dec || !b->had) {
		free(b->cval);
		free(b->dec);
		free(b->had);
		free(b);
		return NULL;
	}
	for (size_t k = 0; k < n; k++)
		b->cval[k] = rsd_amap_get(&com->c, &p[k]);
	for (size_t i = 0; i < n * b->width; i++)
		b->dec[i] = RSD_ADJOUT_UNSET;
	com->busy = true;
	return b;
}

int rsd_adjout_batch_swap(struct rsd_adjout_batch *b, struct rsd_adjout *a, struct rs_attrtab *t,
                          size_t k, const void *key, const void **old)
{
	if (!a->baseline || a->com != b->com || a->idx >= b->width)
		return rsd_adjout_swap(a, t, &b->p[k], key, old);
	const void *x = rsd_amap_get(&a->x, &b->p[k]);
	const void *was = !x ? b->cval[k] : x == RSD_ADJOUT_TOMB ? NULL : x;
	if (old)
		*old = was;
	/* referenced until the batch closes: a session lost meanwhile may
	 * take its routes out of the RIB */
	if (rsd_adjout_real(key))
		rs_attrset_ref((struct rs_attrset *)key);
	const void **d = &b->dec[k * b->width + a->idx];
	if (rsd_adjout_real(*d)) /* decided twice: a caller's mistake */
		rs_attrset_unref(t, (struct rs_attrset *)*d);
	*d = key;
	b->had[k * b->width + a->idx] = x != NULL;
	a->count += (key != NULL);
	a->count -= (was != NULL);
	return 0;
}

/* Write prefix k: the key most baseline members are now sent becomes the
 * common one, each member's exception what it is sent if that differs. */
static void rsd_adjout_batch_apply(struct rsd_adjout_batch *b, struct rs_attrtab *t, size_t k)
{
	struct rsd_adjout_common *com = b->com;
	const struct bgp_prefix *p = &b->p[k];
	const void *const *dec = &b->dec[k * b->width];
	const unsigned char *had = &b->had[k * b->width];
	const void *c = b->cval[k];
	const void *cand = NULL;
	size_t votes = 0, nb = 0, ncand = 0, nc = 0;
	for (size_t i = 0; i < b->width; i++) {
		const struct rsd_adjout *a = com->mem[i];
		if (!a->baseline)
			continue;
		const void *eff = dec[i];
		if (eff == RSD_ADJOUT_UNSET) {
			const void *x = rsd_amap_get(&a->x, p);
			eff = !x ? c : x == RSD_ADJOUT_TOMB ? NULL : x;
		}
		com->eff[i] = eff;
		nb++;
		if (votes == 0) {
			cand = eff;
			votes = 1;
		} else {
			votes = eff == cand ? votes + 1 : votes - 1;
		}
	}
	if (nb == 0)
		return;
	for (size_t i = 0; i < b->width; i++) {
		if (!com->mem[i]->baseline)
			continue;
		ncand += com->eff[i] == cand;
		nc += com->eff[i] == c;
	}
	const void *m = ncand > nc ? cand : c;
	/* the new common key stays referenced while exceptions let go of it */
	if (rsd_adjout_real(m))
		rs_attrset_ref((struct rs_attrset *)m);
	for (size_t i = 0; i < b->width; i++) {
		struct rsd_adjout *a = com->mem[i];
		if (!a->baseline || (m == c && dec[i] == RSD_ADJOUT_UNSET))
			continue;
		const void *eff = com->eff[i];
		const void *want = eff == m ? NULL : eff ? eff : RSD_ADJOUT_TOMB;
		if (!want && dec[i] != RSD_ADJOUT_UNSET && !had[i])
			continue; /* none wanted, none there */
		/* out of memory the record is lost, as for rsd_adjout_swap */
		rsd_amap_swap(&a->x, t, p, want, NULL);
	}
	if (m != c)
		rsd_amap_swap(&com->c, t, p, m, NULL);
	if (rsd_adjout_real(m))
		rs_attrset_unref(t, (struct rs_attrset *)m);
}

void rsd_adjout_batch_close(struct rsd_adjout_batch *b, struct rs_attrtab *t)
{
	if (!b)
		return;
	struct rsd_adjout_common *com = b->com;
	for (size_t k = 0; k < b->n; k++)
		rsd_adjout_batch_apply(b, t, k);
	for (size_t i = 0; i < b->n * b->width; i++)
		if (rsd_adjout_real(b->dec[i]))
			rs_attrset_unref(t, (struct rs_attrset *)b->dec[i]);
	com->busy = false;
	if (com->nbase == 0)
		rsd_amap_clear(&com->c, t);
	for (size_t i = 0; i < com->nmem; i++)
		rsd_amap_compact(&com->mem[i]->x);
	free(b->cval);
	free(b->dec);
	free(b->had);
	free(b);
}

/* ---- listing ---- */

struct rsd_adjout_pair {
	struct bgp_prefix p;
	const void *key;
};

struct rsd_adjout_gather {
	const struct rsd_adjout *a;
	struct rsd_adjout_pair *v;
	size_t n, cap;
};

static void rsd_adjout_gather_put(struct rsd_adjout_gather *g, const struct bgp_prefix *p,
                                  const void *key)
{
	if (g->n == g->cap)
		return; /* cannot happen while count is right */
	g->v[g->n].p = *p;
	g->v[g->n].key = key;
	g->n++;
}

/* A common entry the session reads (no exception for it). */
static int rsd_adjout_gather_common(const struct bgp_prefix *p, const void *key, void *arg)
{
	struct rsd_adjout_gather *g = arg;
	if (!rsd_amap_get(&g->a->x, p))
		rsd_adjout_gather_put(g, p, key);
	return 0;
}

static int rsd_adjout_gather_own(const struct bgp_prefix *p, const void *key, void *arg)
{
	if (key != RSD_ADJOUT_TOMB)
		rsd_adjout_gather_put(arg, p, key);
	return 0;
}

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
	struct rsd_adjout_gather g = {a, v, 0, count};
	if (a->baseline)
		rsd_amap_each(&a->com->c, rsd_adjout_gather_common, &g);
	rsd_amap_each(&a->x, rsd_adjout_gather_own, &g);
	qsort(v, g.n, sizeof(*v), rsd_adjout_pair_cmp);
	for (size_t i = 0; i < g.n; i++) {
		op[i] = v[i].p;
		ok[i] = v[i].key;
	}
	free(v);
	*pfx = op;
	*keys = ok;
	return g.n;
}
