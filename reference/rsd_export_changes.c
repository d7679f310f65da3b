/* rsd_export_changes.c: the changed prefixes of an instance, taken from the
 * RIB's change log and grouped by what most sessions are sent. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rsd_export_changes.h"

static int rsd_changes_grow(struct rsd_changes *ch, size_t want)
{
	if (want <= ch->cap)
		return 0;
	size_t nc = ch->cap ? ch->cap * 2 : 512;
	while (nc < want)
		nc *= 2;
	struct bgp_prefix *p = realloc(ch->p, nc * sizeof(*p));
	if (p)
		ch->p = p;
	const struct rs_path **b = realloc(ch->best, nc * sizeof(*b));
	if (b)
		ch->best = b;
	size_t *nb = realloc(ch->nbest, nc * sizeof(*nb));
	if (nb)
		ch->nbest = nb;
	if (!p || !b || !nb)
		return -1;
	ch->cap = nc;
	return 0;
}

void rsd_changes_drain(struct rs_rib *rib, struct rsd_changes *ch)
{
	while (rs_rib_pending_changes(rib) > 0 &&
	       rsd_changes_grow(ch, ch->n + rs_rib_pending_changes(rib)) == 0)
		ch->n += rs_rib_drain_best(rib, ch->p + ch->n, ch->best + ch->n, ch->nbest + ch->n,
		                           ch->cap - ch->n);
}

void rsd_changes_free(struct rsd_changes *ch)
{
	free(ch->p);
	free(ch->best);
	free(ch->nbest);
}

/* The groups' keys: a small open-addressing table from key to group
 * number, asked only where the key changes from one prefix to the next
 * (a peer's UPDATE brings many prefixes with one attribute set). Written
 * here: a handful of pointers, no general map needed. */
struct rsd_keygroups {
	const void **key;
	uint32_t *grp;
	size_t cap, n;
};

static size_t rsd_keygroups_slot(const struct rsd_keygroups *g, const void *key)
{
	size_t mask = g->cap - 1;
	size_t i = (size_t)(rs_hash64((uint64_t)(uintptr_t)key) & mask);
	while (g->grp[i] != UINT32_MAX && g->key[i] != key)
		i = (i + 1) & mask;
	return i;
}

static int rsd_keygroups_grow(struct rsd_keygroups *g)
{
	if ((g->n + 1) * 2 <= g->cap)
		return 0;
	struct rsd_keygroups w = {NULL, NULL, g->cap ? g->cap * 2 : 64, g->n};
	w.key = malloc(w.cap * sizeof(*w.key));
	w.grp = malloc(w.cap * sizeof(*w.grp));
	if (!w.key || !w.grp) {
		free(w.key);
		free(w.grp);
		return -1;
	}
	memset(w.grp, 0xff, w.cap * sizeof(*w.grp));
	for (size_t i = 0; i < g->cap; i++) {
		if (g->grp[i] == UINT32_MAX)
			continue;
		size_t j = rsd_keygroups_slot(&w, g->key[i]);
		w.key[j] = g->key[i];
		w.grp[j] = g->grp[i];
	}
	free(g->key);
	free(g->grp);
	*g = w;
	return 0;
}

/* The group of key, a new one (numbered in order) when it is not known. */
static int rsd_keygroups_get(struct rsd_keygroups *g, const void *key, uint32_t *out)
{
	if (rsd_keygroups_grow(g) < 0)
		return -1;
	size_t i = rsd_keygroups_slot(g, key);
	if (g->grp[i] == UINT32_MAX) {
		g->key[i] = key;
		g->grp[i] = (uint32_t)g->n++;
	}
	*out = g->grp[i];
	return 0;
}

/* Each prefix's group number; 0 or -1. */
static int rsd_changes_number(const struct rsd_changes *ch, uint32_t *gid, struct rsd_keygroups *g)
{
	const void *prev = NULL;
	uint32_t cur = 0;
	for (size_t k = 0; k < ch->n; k++) {
		const void *key = ch->nbest[k] ? (const void *)ch->best[k][0].attrs : NULL;
		if ((k == 0 || key != prev) && rsd_keygroups_get(g, key, &cur) < 0)
			return -1;
		prev = key;
		gid[k] = cur;
	}
	return 0;
}

/* Move the prefixes into their groups' places (a stable counting sort). */
static int rsd_changes_scatter(struct rsd_changes *ch, const uint32_t *gid, size_t ngroups)
{
	size_t n = ch->n;
	size_t *at = calloc(ngroups + 1, sizeof(*at));
	struct bgp_prefix *p = malloc(n * sizeof(*p));
	const struct rs_path **b = malloc(n * sizeof(*b));
	size_t *nb = malloc(n * sizeof(*nb));
	if (!at || !p || !b || !nb) {
		free(at);
		free(p);
		free(b);
		free(nb);
		return -1;
	}
	for (size_t k = 0; k < n; k++)
		at[gid[k] + 1]++;
	for (size_t i = 1; i <= ngroups; i++)
		at[i] += at[i - 1];
	for (size_t k = 0; k < n; k++) {
		size_t to = at[gid[k]]++;
		p[to] = ch->p[k];
		b[to] = ch->best[k];
		nb[to] = ch->nbest[k];
	}
	free(at);
	free(ch->p);
	free(ch->best);
	free(ch->nbest);
	ch->p = p;
	ch->best = b;
	ch->nbest = nb;
	ch->cap = n;
	return 0;
}

void rsd_changes_group(struct rsd_changes *ch)
{
	struct rsd_keygroups g = {NULL, NULL, 0, 0};
	uint32_t *gid = malloc(ch->n * sizeof(*gid));
	if (gid && rsd_changes_number(ch, gid, &g) == 0 && g.n > 1)
		rsd_changes_scatter(ch, gid, g.n);
	free(gid);
	free(g.key);
	free(g.grp);
}
