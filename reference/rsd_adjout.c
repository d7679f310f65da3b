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
 * Each map is compact (rsd_amap.c); an export batch is rsd_adjout_batch.c. */
#include <stdlib.h>
#include <string.h>

#include "rsd_adjout_int.h"

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
	if (++com->serials == 0)
		com->serials = 1;
	a->serial = com->serials;
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
	if (!a->baseline)
		return NULL;
	uint32_t src;
	const void *c = rsd_amap_get_src(&a->com->c, p, &src);
	return rsd_adjout_seen(a, c, src);
}

int rsd_adjout_swap(struct rsd_adjout *a, struct rs_attrtab *t, const struct bgp_prefix *p,
                    const void *key, const void **old)
{
	const void *was;
	if (!a->baseline) {
		if (rsd_amap_swap(&a->x, t, p, key, &was) < 0)
			return -1;
	} else {
		uint32_t src;
		const void *c = rsd_amap_get_src(&a->com->c, p, &src);
		const void *k = rsd_amap_get(&a->x, p);
		was = rsd_adjout_eff(a, k, c, src);
		/* the exception: none where key is what the common map reads */
		const void *want = key == rsd_adjout_seen(a, c, src) ? NULL
		                   : key                             ? key
		                                                     : RSD_ADJOUT_TOMB;
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

/* Where the common map has a key the session reads and it was sent
 * nothing. */
static int rsd_adjout_conv_tomb(const struct bgp_prefix *p, const void *key, uint32_t src,
                                void *arg)
{
	struct rsd_adjout_conv *w = arg;
	if (!rsd_adjout_seen(w->a, key, src) || rsd_amap_get(&w->a->x, p))
		return 0;
	return rsd_amap_swap(&w->a->x, w->t, p, RSD_ADJOUT_TOMB, NULL) < 0 ? -1 : 0;
}

/* Where the session was sent what it reads in the common map. */
static int rsd_adjout_conv_same(const struct bgp_prefix *p, const void *key, uint32_t src,
                                void *arg)
{
	struct rsd_adjout_conv *w = arg;
	if (rsd_adjout_seen(w->a, key, src) && rsd_amap_get(&w->a->x, p) == key)
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

uint32_t rsd_adjout_pick_src(const struct rsd_adjout_common *com, size_t n, uint32_t prefer)
{
	uint32_t first = 0;
	for (size_t i = 0; i < n && i < com->nmem; i++) {
		const struct rsd_adjout *a = com->mem[i];
		if (!a->baseline || com->eff[i])
			continue;
		if (a->serial == prefer)
			return prefer;
		if (!first)
			first = a->serial;
	}
	return first;
}

/* Make (cand, nsrc) the common entry of p (held: the baseline members
 * without an exception, that is reading the common map): first those that
 * read something else then get it as an exception, then the common map
 * changes, then the exceptions it makes needless go. Nothing changes when
 * out of memory. */
static void rsd_adjout_move(struct rsd_adjout_common *com, struct rs_attrtab *t,
                            const struct bgp_prefix *p, const void *cand, uint32_t nsrc)
{
	size_t i;
	for (i = 0; i < com->nmem; i++) {
		struct rsd_adjout *a = com->mem[i];
		const void *eff = com->eff[i];
		if (!a->baseline || !com->held[i] || eff == rsd_adjout_seen(a, cand, nsrc))
			continue;
		if (rsd_amap_swap(&a->x, t, p, eff ? eff : RSD_ADJOUT_TOMB, NULL) < 0)
			break;
	}
	if (i == com->nmem && rsd_amap_swap_src(&com->c, t, p, cand, nsrc) == 0) {
		for (i = 0; i < com->nmem; i++) {
			struct rsd_adjout *a = com->mem[i];
			if (a->baseline && !com->held[i] &&
			    com->eff[i] == rsd_adjout_seen(a, cand, nsrc))
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
	uint32_t src;
	const void *c = rsd_amap_get_src(&com->c, p, &src);
	const void *cand = NULL;
	size_t nb = 0, hold = 0, votes = 0;
	for (size_t i = 0; i < com->nmem; i++) {
		const struct rsd_adjout *a = com->mem[i];
		if (!a->baseline)
			continue;
		const void *k = rsd_amap_get(&a->x, p);
		const void *eff = rsd_adjout_eff(a, k, c, src);
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
		rsd_adjout_move(com, t, p, cand, cand ? rsd_adjout_pick_src(com, com->nmem, 0) : 0);
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

static int rsd_adjout_pfxs_add(const struct bgp_prefix *p, const void *key, uint32_t src, void *arg)
{
	struct rsd_adjout_pfxs *w = arg;
	(void)key;
	(void)src;
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
static int rsd_adjout_gather_common(const struct bgp_prefix *p, const void *key, uint32_t src,
                                    void *arg)
{
	struct rsd_adjout_gather *g = arg;
	if (rsd_adjout_seen(g->a, key, src) && !rsd_amap_get(&g->a->x, p))
		rsd_adjout_gather_put(g, p, key);
	return 0;
}

static int rsd_adjout_gather_own(const struct bgp_prefix *p, const void *key, uint32_t src,
                                 void *arg)
{
	(void)src;
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
