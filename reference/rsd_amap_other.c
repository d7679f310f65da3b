/* rsd_amap_other.c: the prefixes of a map (rsd_amap.c) that are not
 * IPv4 (rare: IPv6), in a chained hash with an allocation per entry; and
 * the Adj-RIB-Out's markers (rsd_adjout_int.h). */
#include <stdlib.h>
#include <string.h>

#include "rsd_adjout_int.h"

/* The markers, here because this file is below every other file of the
 * Adj-RIB-Out (it calls none of them). */
const char rsd_adjout_vnet_key = 'V';
const char rsd_adjout_tomb_key = 'T';
const char rsd_adjout_unset_key = 'U';

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

int rsd_amap_other_set(struct rsd_amap *m, struct rs_attrtab *t, const struct bgp_prefix *p,
                       const void *key, uint32_t src, const void **old)
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
		if (e->key == key && (!key || e->src == src))
			return 0;
		if (rsd_adjout_real(key))
			rs_attrset_ref((struct rs_attrset *)key);
		rsd_adjout_release(t, e->key);
		if (key) {
			e->key = key;
			e->src = src;
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
	e->src = src;
	if (rsd_adjout_real(key))
		rs_attrset_ref((struct rs_attrset *)key);
	e->next = *pp;
	*pp = e;
	m->nother++;
	if (m->nother > 2 * m->nbuckets)
		rsd_amap_other_grow(m);
	return 0;
}

const void *rsd_amap_other_get(const struct rsd_amap *m, const struct bgp_prefix *p, uint32_t *src)
{
	if (m->nother == 0)
		return NULL;
	uint32_t h = rsd_adjout_hash(p);
	for (struct rsd_adjout_ent *e = m->b[h & (m->nbuckets - 1)]; e; e = e->next) {
		if (e->hash == h && rsd_adjout_same(&e->p, p)) {
			*src = e->src;
			return e->key;
		}
	}
	return NULL;
}
