/* rsd_amap.c: one compact map, prefix -> key, of the Adj-RIB-Out
 * (rsd_adjout_int.h). IPv4 prefixes live in an open-addressing table of
 * 8-byte slots (address, length, index of the key); the keys (few distinct
 * ones, shared by many prefixes) sit in a small table of their own, each
 * holding one reference on its attribute set for as long as a prefix of
 * that map uses it. Other prefixes (IPv6) are rare and stay in a chained
 * hash (rsd_amap_other.c). */
#include <stdlib.h>
#include <string.h>

#include "rs_mem.h"
#include "rsd_adjout_int.h"

/* ---- a map's keys ---- */

static size_t rsd_amap_khome(const struct rsd_amap *m, const void *key, uint32_t src)
{
	return rs_hash64((uint64_t)(uintptr_t)key ^ (uint64_t)src << 48) & (m->kmapcap - 1);
}

static uint32_t rsd_amap_kfind(const struct rsd_amap *m, const void *key, uint32_t src)
{
	if (m->kmapcap == 0)
		return 0;
	size_t mask = m->kmapcap - 1;
	for (size_t i = rsd_amap_khome(m, key, src);; i = (i + 1) & mask) {
		uint32_t k = m->kmap[i];
		if (k == 0)
			return 0;
		if (m->keys[k].key == key && m->keys[k].src == src)
			return k;
	}
}

static void rsd_amap_kmap_put(struct rsd_amap *m, uint32_t k)
{
	size_t mask = m->kmapcap - 1;
	size_t i = rsd_amap_khome(m, m->keys[k].key, m->keys[k].src);
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
	size_t i = rsd_amap_khome(m, m->keys[k].key, m->keys[k].src);
	while (m->kmap[i] != k)
		i = (i + 1) & mask;
	/* backward-shift deletion */
	for (size_t j = i;;) {
		j = (j + 1) & mask;
		if (m->kmap[j] == 0)
			break;
		const struct rsd_adjout_key *e = &m->keys[m->kmap[j]];
		size_t h = rsd_amap_khome(m, e->key, e->src);
		if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
			m->kmap[i] = m->kmap[j];
			i = j;
		}
	}
	m->kmap[i] = 0;
	m->kmapn--;
}

/* The index of key (read as nothing by the session of serial src) with one
 * more use (a new key takes a reference on its attribute set); 0 when out
 * of memory. */
static uint32_t rsd_amap_kget(struct rsd_amap *m, const void *key, uint32_t src)
{
	uint32_t k = rsd_amap_kfind(m, key, src);
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
	m->keys[k].src = src;
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
 * in the last 2 bits of their network number share a hashed group of 4
 * slots, in order, so that a run of neighbouring prefixes (as a peer sends
 * them) touches a cache line per 4 prefixes instead of one per prefix.
 * (Groups of 16 made clusters 16 slots at a time, and at 7/8 load probes
 * of about 28 slots; of 4, about 7.) */
#define RSD_AMAP_GBITS 2
/* The group's hash, remembered: the slots a probe passes come in runs of
 * one group. */
struct rsd_amap_memo {
	uint64_t group; /* UINT64_MAX: none yet */
	uint64_t g;
};

static size_t rsd_amap_v4home_memo(const struct rsd_amap *m, uint64_t id, struct rsd_amap_memo *mm)
{
	uint32_t addr = (uint32_t)(id >> 32);
	unsigned len = (unsigned)(id >> RSD_ADJOUT_KBITS) & 0x3F;
	uint32_t net = len ? addr >> (32 - len) : 0;
	uint64_t group = (uint64_t)(net >> RSD_AMAP_GBITS) << 8 | len;
	if (group != mm->group) {
		mm->group = group;
		mm->g = rs_hash64(group);
	}
	return (size_t)((mm->g << RSD_AMAP_GBITS) + (net & ((1u << RSD_AMAP_GBITS) - 1))) &
	       (m->v4cap - 1);
}

/* A filter of the groups present: one bit per slot of the table, set for
 * the group of every prefix put in (from other bits of the group's hash
 * than the home), cleared only when the table is rebuilt. A clear bit
 * answers "absent" without touching the table: the sessions' exception
 * maps are mostly asked about prefixes they do not hold, and their tables
 * are large and out of cache, the filter small. */
static size_t rsd_amap_fbit(const struct rsd_amap *m, const struct rsd_amap_memo *mm)
{
	return (size_t)(mm->g >> 24) & (m->v4cap - 1);
}

static bool rsd_amap_fhas(const struct rsd_amap *m, const struct rsd_amap_memo *mm)
{
	size_t b = rsd_amap_fbit(m, mm);
	return m->v4filt[b / 64] >> (b % 64) & 1;
}

static void rsd_amap_fset(struct rsd_amap *m, const struct rsd_amap_memo *mm)
{
	size_t b = rsd_amap_fbit(m, mm);
	m->v4filt[b / 64] |= (uint64_t)1 << (b % 64);
}

/* The group hash of id: one per lookup or insert, shared by the filter
 * and the probe. */
static struct rsd_amap_memo rsd_amap_memo_of(const struct rsd_amap *m, uint64_t id)
{
	struct rsd_amap_memo mm = {UINT64_MAX, 0};
	rsd_amap_v4home_memo(m, id, &mm);
	return mm;
}

void rsd_amap_prefetch(const struct rsd_amap *m, const struct bgp_prefix *p)
{
	if (m->v4n == 0 || !rsd_adjout_is_v4(p))
		return;
	struct rsd_amap_memo mm = {UINT64_MAX, 0};
	size_t home = rsd_amap_v4home_memo(m, rsd_adjout_v4id(p), &mm);
	size_t b = rsd_amap_fbit(m, &mm);
	__builtin_prefetch(&m->v4filt[b / 64]);
	__builtin_prefetch(&m->v4[home]);
}

/* How far slot i is from the home of the slot value s it holds. */
static size_t rsd_amap_v4dist(const struct rsd_amap *m, size_t i, uint64_t s,
                              struct rsd_amap_memo *mm)
{
	return (i - rsd_amap_v4home_memo(m, s & RSD_ADJOUT_IDMASK, mm)) & (m->v4cap - 1);
}

/* Robin Hood order: a cluster's slots are in the order of their homes
 * (none is more than one further from its home than the slot before it),
 * so that a probe for an absent prefix stops at the first slot nearer its home than the probe is to
 * its own (instead of running to the end of the cluster, which at 7/8 load
 * and with the groups of rsd_amap_v4home is long). The slot holding id, or
 * (with *hit false) the slot where id goes; SIZE_MAX when the table is empty. */
static size_t rsd_amap_v4probe(const struct rsd_amap *m, uint64_t id,
                               const struct rsd_amap_memo *start, bool *hit)
{
	*hit = false;
	if (m->v4cap == 0)
		return SIZE_MAX;
	size_t mask = m->v4cap - 1;
	struct rsd_amap_memo mm = *start;
	size_t i = rsd_amap_v4home_memo(m, id, &mm);
	for (size_t d = 0;; d++, i = (i + 1) & mask) {
		uint64_t s = m->v4[i];
		if ((s & RSD_ADJOUT_IDMASK) == id && s != 0) {
			*hit = true;
			return i;
		}
		if (s == 0 || rsd_amap_v4dist(m, i, s, &mm) < d)
			return i;
	}
}

/* Put slot value v at i, where a probe for it stopped (an empty slot or
 * the first one nearer its home than the probe), moving the slots from i
 * to the next empty one a slot further. A Robin Hood cluster is in the
 * order of its slots' homes; this keeps it so (each moved slot one
 * further from its home, none passing another) and, unlike swapping slot
 * by slot, computes no home: it was most of an insert's time. */
static void rsd_amap_v4place(struct rsd_amap *m, size_t i, uint64_t v)
{
	size_t mask = m->v4cap - 1, e = i;
	while (m->v4[e] != 0)
		e = (e + 1) & mask;
	for (; e != i; e = (e - 1) & mask)
		m->v4[e] = m->v4[(e - 1) & mask];
	m->v4[i] = v;
}

static void rsd_amap_v4put(struct rsd_amap *m, uint64_t slot)
{
	bool hit;
	uint64_t id = slot & RSD_ADJOUT_IDMASK;
	struct rsd_amap_memo mm = rsd_amap_memo_of(m, id);
	rsd_amap_v4place(m, rsd_amap_v4probe(m, id, &mm, &hit), slot);
	rsd_amap_fset(m, &mm);
}

/* Move the slots into a table of n (a power of two, or 0 when there are
 * none). 0 or -1 (nothing changed). */
static int rsd_amap_v4resize(struct rsd_amap *m, size_t n)
{
	uint64_t *v = NULL, *f = NULL;
	if (n > 0 && (!(v = rs_mem_table_alloc(n * sizeof(*v))) ||
	              !(f = calloc((n + 63) / 64, sizeof(*f))))) {
		rs_mem_table_free(v, n * sizeof(*v));
		return -1;
	}
	uint64_t *old = m->v4;
	size_t oldcap = m->v4cap;
	free(m->v4filt);
	m->v4 = v;
	m->v4filt = f;
	m->v4cap = n;
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i]) {
			rsd_amap_v4put(m, old[i]);
		}
	}
	rs_mem_table_free(old, oldcap * sizeof(*old));
	return 0;
}

/* Room for one more slot at a load of at most 7/8. 0 or -1. */
static int rsd_amap_v4grow(struct rsd_amap *m)
{
	if ((m->v4n + 1) * 8 <= m->v4cap * 7)
		return 0;
	return rsd_amap_v4resize(m, m->v4cap ? m->v4cap * 2 : 16);
}

/* Backward-shift deletion, which keeps the Robin Hood order. */
static void rsd_amap_v4del(struct rsd_amap *m, size_t i)
{
	size_t mask = m->v4cap - 1;
	struct rsd_amap_memo mm = {UINT64_MAX, 0};
	for (;;) {
		size_t j = (i + 1) & mask;
		uint64_t s = m->v4[j];
		if (s == 0 || rsd_amap_v4dist(m, j, s, &mm) == 0)
			break;
		m->v4[i] = s;
		i = j;
	}
	m->v4[i] = 0;
	m->v4n--;
}

static int rsd_amap_v4set(struct rsd_amap *m, struct rs_attrtab *t, const struct bgp_prefix *p,
                          const void *key, uint32_t src, const void **old)
{
	uint64_t id = rsd_adjout_v4id(p);
	/* grow first (perhaps needlessly) so that the probe's end stays valid */
	if (key && rsd_amap_v4grow(m) < 0)
		return -1;
	struct rsd_amap_memo mm = rsd_amap_memo_of(m, id);
	if (!key && (m->v4n == 0 || !rsd_amap_fhas(m, &mm))) {
		if (old)
			*old = NULL;
		return 0; /* nothing to remove */
	}
	bool hit;
	size_t i = rsd_amap_v4probe(m, id, &mm, &hit);
	uint32_t ok = hit ? (uint32_t)(m->v4[i] & RSD_ADJOUT_KMAX) : 0;
	const void *was = ok ? m->keys[ok].key : NULL;
	if (old)
		*old = was;
	if (was == key && (!key || m->keys[ok].src == src))
		return 0;
	if (!key) {
		rsd_amap_kput(m, t, ok);
		rsd_amap_v4del(m, i);
		return 0;
	}
	uint32_t nk = rsd_amap_kget(m, key, src);
	if (!nk)
		return -1;
	if (ok) {
		m->v4[i] = id | nk;
		rsd_amap_kput(m, t, ok);
	} else {
		rsd_amap_v4place(m, i, id | nk);
		rsd_amap_fset(m, &mm);
		m->v4n++;
	}
	return 0;
}

/* ---- a map ---- */

/* What the map holds for p (NULL when nothing) and, in *src, the serial
 * of the session that reads it as nothing (0: none). */
const void *rsd_amap_get_src(const struct rsd_amap *m, const struct bgp_prefix *p, uint32_t *src)
{
	*src = 0;
	if (rsd_amap_empty(m))
		return NULL;
	if (!rsd_adjout_is_v4(p))
		return rsd_amap_other_get(m, p, src);
	uint64_t id = rsd_adjout_v4id(p);
	if (m->v4n == 0)
		return NULL;
	struct rsd_amap_memo mm = rsd_amap_memo_of(m, id);
	if (!rsd_amap_fhas(m, &mm))
		return NULL;
	bool hit;
	size_t i = rsd_amap_v4probe(m, id, &mm, &hit);
	if (!hit)
		return NULL;
	const struct rsd_adjout_key *e = &m->keys[m->v4[i] & RSD_ADJOUT_KMAX];
	*src = e->src;
	return e->key;
}

const void *rsd_amap_get(const struct rsd_amap *m, const struct bgp_prefix *p)
{
	uint32_t src;
	return rsd_amap_get_src(m, p, &src);
}

int rsd_amap_swap_src(struct rsd_amap *m, struct rs_attrtab *t, const struct bgp_prefix *p,
                      const void *key, uint32_t src)
{
	if (rsd_adjout_is_v4(p))
		return rsd_amap_v4set(m, t, p, key, src, NULL);
	return rsd_amap_other_set(m, t, p, key, src, NULL);
}

/* Map p to key (NULL: remove); *old tells what it was. 0 or -1 (nothing
 * changed); a removal does not fail. */
int rsd_amap_swap(struct rsd_amap *m, struct rs_attrtab *t, const struct bgp_prefix *p,
                  const void *key, const void **old)
{
	if (rsd_adjout_is_v4(p))
		return rsd_amap_v4set(m, t, p, key, 0, old);
	return rsd_amap_other_set(m, t, p, key, 0, old);
}

size_t rsd_amap_count(const struct rsd_amap *m)
{
	return m->v4n + m->nother;
}

void rsd_amap_clear(struct rsd_amap *m, struct rs_attrtab *t)
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
	rs_mem_table_free(m->v4, m->v4cap * sizeof(*m->v4));
	free(m->v4filt);
	memset(m, 0, sizeof(*m));
}

/* Call fn for each entry, in no order; fn must not change this map.
 * Stops at fn's first non-zero answer and returns it. */

int rsd_amap_each(const struct rsd_amap *m, rsd_amap_fn fn, void *arg)
{
	int r;
	for (size_t i = 0; i < m->v4cap; i++) {
		uint64_t s = m->v4[i];
		if (!s)
			continue;
		struct bgp_prefix p;
		rsd_adjout_v4prefix(s, &p);
		const struct rsd_adjout_key *k = &m->keys[s & RSD_ADJOUT_KMAX];
		if ((r = fn(&p, k->key, k->src, arg)) != 0)
			return r;
	}
	for (size_t i = 0; i < m->nbuckets; i++)
		for (struct rsd_adjout_ent *e = m->b[i]; e; e = e->next)
			if ((r = fn(&e->p, e->key, e->src, arg)) != 0)
				return r;
	return 0;
}

/* Give back the room of a table that has become sparse (below 1/8 full):
 * a load of at most 1/2 after. */
void rsd_amap_compact(struct rsd_amap *m)
{
	if (m->v4cap <= 64 || m->v4n * 8 >= m->v4cap)
		return;
	size_t n = m->v4n > 0 ? 16 : 0;
	while (n < m->v4n * 2)
		n *= 2;
	rsd_amap_v4resize(m, n);
}

/* Remove every entry whose key is key. */
void rsd_amap_purge(struct rsd_amap *m, struct rs_attrtab *t, const void *key)
{
	uint32_t k = rsd_amap_kfind(m, key, 0);
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
