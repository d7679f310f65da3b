/* rsd_adjout.c: the Adj-RIB-Out of one session: prefix -> what was sent
 * (an interned attribute set, referenced, or the VNet marker). Only a
 * difference against it goes on the wire. */
#include <stdlib.h>
#include <string.h>

#include "rsd_daemon.h"

const char rsd_adjout_vnet_key = 'V';

struct rsd_adjout_ent {
	struct bgp_prefix p;
	uint32_t hash;
	const void *key;
	struct rsd_adjout_ent *next;
};

struct rsd_adjout {
	size_t nbuckets;
	size_t count;
	struct rsd_adjout_ent **b;
};

struct rsd_adjout *rsd_adjout_new(void)
{
	struct rsd_adjout *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->nbuckets = 1024;
	a->b = calloc(a->nbuckets, sizeof(*a->b));
	if (!a->b) {
		free(a);
		return NULL;
	}
	return a;
}

static void rsd_adjout_release(struct rs_attrtab *t, const void *key)
{
	if (key && key != RSD_ADJOUT_VNET)
		rs_attrset_unref(t, (struct rs_attrset *)key);
}

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
	a->count = 0;
}

void rsd_adjout_free(struct rsd_adjout *a, struct rs_attrtab *t)
{
	if (!a)
		return;
	rsd_adjout_clear(a, t);
	free(a->b);
	free(a);
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

const void *rsd_adjout_get(const struct rsd_adjout *a, const struct bgp_prefix *p)
{
	uint32_t h = rsd_adjout_hash(p);
	for (struct rsd_adjout_ent *e = a->b[h & (a->nbuckets - 1)]; e; e = e->next)
		if (e->hash == h && rsd_adjout_same(&e->p, p))
			return e->key;
	return NULL;
}

int rsd_adjout_set(struct rsd_adjout *a, struct rs_attrtab *t, const struct bgp_prefix *p,
                   const void *key)
{
	uint32_t h = rsd_adjout_hash(p);
	struct rsd_adjout_ent **pp = &a->b[h & (a->nbuckets - 1)];
	for (; *pp; pp = &(*pp)->next) {
		if ((*pp)->hash != h || !rsd_adjout_same(&(*pp)->p, p))
			continue;
		struct rsd_adjout_ent *e = *pp;
		if (key && key != RSD_ADJOUT_VNET)
			rs_attrset_ref((struct rs_attrset *)key);
		rsd_adjout_release(t, e->key);
		if (key) {
			e->key = key;
		} else {
			*pp = e->next;
			free(e);
			a->count--;
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
	a->count++;
	if (a->count > 2 * a->nbuckets)
		rsd_adjout_grow(a);
	return 0;
}

size_t rsd_adjout_count(const struct rsd_adjout *a)
{
	return a ? a->count : 0;
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
	if (!a || a->count == 0)
		return 0;
	struct rsd_adjout_pair *v = calloc(a->count, sizeof(*v));
	struct bgp_prefix *op = calloc(a->count, sizeof(*op));
	const void **ok = calloc(a->count, sizeof(*ok));
	if (!v || !op || !ok) {
		free(v);
		free(op);
		free(ok);
		return 0;
	}
	size_t n = 0;
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
