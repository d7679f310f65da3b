/* rsd_adjout_batch.c: an export batch over the shared Adj-RIB-Out
 * (rsd_adjout_int.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rsd_adjout_int.h"

/* Recording a batch costs one lookup in the session's (small) exception
 * table: the common keys are looked up once per prefix when the batch
 * opens, what each baseline session is sent is written into a matrix, and
 * the common map and the exceptions are written once per prefix when it
 * closes, the majority first. A decision a group of sessions share (on a
 * route server nearly every prefix: every session is sent the same but
 * the route's source) is recorded once per prefix instead: the members
 * that join the group read it, the matrix stays unwritten (and is not even
 * allocated while no member records a decision of its own), and a prefix
 * every baseline member reads through the group is written without a
 * vote. */
struct rsd_adjout_batch {
	struct rsd_adjout_common *com;
	const struct bgp_prefix *p;
	size_t n;
	size_t width;       /* members when it opened */
	const void **cval;  /* [n]: the common key of p[k] */
	uint32_t *csrc;     /* [n]: and its src */
	const void **dec;   /* [n][width]: what member i is sent, or unset (NULL: all unset) */
	unsigned char *had; /* [n][width]: member i held an exception then */
	const void **gkey;  /* [n]: the group's decision for p[k], or unset */
	uint32_t *gsrc;     /* [n]: and the serial of the member it sends nothing */
	bool *joined;       /* [width]: member i reads the group's decisions */
};

static void rsd_adjout_batch_free(struct rsd_adjout_batch *b)
{
	free(b->cval);
	free(b->csrc);
	free(b->dec);
	free(b->had);
	free(b->gkey);
	free(b->gsrc);
	free(b->joined);
	free(b);
}

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
	b->csrc = malloc(n * sizeof(*b->csrc));
	b->gkey = malloc(n * sizeof(*b->gkey));
	b->gsrc = calloc(n, sizeof(*b->gsrc));
	b->joined = calloc(b->width, sizeof(*b->joined));
	if (!b->cval || !b->csrc || !b->gkey || !b->gsrc || !b->joined) {
		rsd_adjout_batch_free(b);
		return NULL;
	}
	for (size_t k = 0; k < n; k++) {
		if (k + RSD_AMAP_AHEAD < n)
			rsd_amap_prefetch(&com->c, &p[k + RSD_AMAP_AHEAD]);
		b->cval[k] = rsd_amap_get_src(&com->c, &p[k], &b->csrc[k]);
		b->gkey[k] = RSD_ADJOUT_UNSET;
	}
	com->busy = true;
	return b;
}

/* The matrix of decisions of their own, at the first one. 0 or -1. */
static int rsd_adjout_batch_matrix(struct rsd_adjout_batch *b)
{
	if (b->dec)
		return 0;
	size_t cells = b->n * b->width;
	b->dec = malloc(cells * sizeof(*b->dec));
	b->had = calloc(cells, sizeof(*b->had));
	if (!b->dec || !b->had) {
		free(b->dec);
		free(b->had);
		b->dec = NULL;
		b->had = NULL;
		return -1;
	}
	for (size_t i = 0; i < cells; i++)
		b->dec[i] = RSD_ADJOUT_UNSET;
	return 0;
}

int rsd_adjout_batch_group(struct rsd_adjout_batch *b, size_t k, const void *key,
                           const struct rsd_adjout *none)
{
	if (k >= b->n || b->gkey[k] != RSD_ADJOUT_UNSET || key == RSD_ADJOUT_UNSET)
		return -1;
	if (none && (none->com != b->com || !none->baseline))
		return -1;
	/* referenced until the batch closes, as a decision of one's own */
	if (rsd_adjout_real(key))
		rs_attrset_ref((struct rs_attrset *)key);
	b->gkey[k] = key;
	b->gsrc[k] = none ? none->serial : 0;
	return 0;
}

bool rsd_adjout_batch_join(struct rsd_adjout_batch *b, const struct rsd_adjout *a)
{
	if (a->com != b->com || !a->baseline || a->idx >= b->width || !rsd_amap_empty(&a->x))
		return false;
	b->joined[a->idx] = true;
	return true;
}

void rsd_adjout_batch_leave(struct rsd_adjout_batch *b, const struct rsd_adjout *a)
{
	if (a && a->com == b->com && a->idx < b->width)
		b->joined[a->idx] = false;
}

bool rsd_adjout_batch_follow(struct rsd_adjout_batch *b, struct rsd_adjout *a, size_t k,
                             const void **old, const void **now)
{
	const void *g = b->gkey[k];
	if (g == RSD_ADJOUT_UNSET || a->idx >= b->width || !b->joined[a->idx] || a->com != b->com)
		return false;
	/* a joined member has no exception: it read the common entry */
	*old = rsd_adjout_seen(a, b->cval[k], b->csrc[k]);
	*now = rsd_adjout_seen(a, g, b->gsrc[k]);
	a->count += (*now != NULL);
	a->count -= (*old != NULL);
	return true;
}

int rsd_adjout_batch_swap(struct rsd_adjout_batch *b, struct rsd_adjout *a, struct rs_attrtab *t,
                          size_t k, const void *key, const void **old)
{
	if (!a->baseline || a->com != b->com || a->idx >= b->width)
		return rsd_adjout_swap(a, t, &b->p[k], key, old);
	if (rsd_adjout_batch_matrix(b) < 0)
		return -1;
	const void *x = rsd_amap_empty(&a->x) ? NULL : rsd_amap_get(&a->x, &b->p[k]);
	const void *was = rsd_adjout_eff(a, x, b->cval[k], b->csrc[k]);
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

/* Whether member i decided prefix k itself or through the group. */
static const void *rsd_adjout_batch_dec(const struct rsd_adjout_batch *b, size_t k, size_t i)
{
	const void *d = b->dec ? b->dec[k * b->width + i] : RSD_ADJOUT_UNSET;
	if (d == RSD_ADJOUT_UNSET && b->joined[i] && b->gkey[k] != RSD_ADJOUT_UNSET)
		d = rsd_adjout_seen(b->com->mem[i], b->gkey[k], b->gsrc[k]);
	return d;
}

/* The maps prefix k will be written to: the common one, and the
 * exceptions of the members sent nothing (where a tombstone may go). */
static void rsd_adjout_batch_prefetch(const struct rsd_adjout_batch *b, size_t k, bool group)
{
	const struct rsd_adjout_common *com = b->com;
	rsd_amap_prefetch(&com->c, &b->p[k]);
	if (group && b->gkey[k] != RSD_ADJOUT_UNSET)
		return;
	for (size_t i = 0; i < b->width; i++)
		if (!rsd_adjout_batch_dec(b, k, i))
			rsd_amap_prefetch(&com->mem[i]->x, &b->p[k]);
}

/* Write prefix k: the key most baseline members are now sent becomes the
 * common one, each member's exception what it is sent if that differs. */
static void rsd_adjout_batch_apply(struct rsd_adjout_batch *b, struct rs_attrtab *t, size_t k)
{
	struct rsd_adjout_common *com = b->com;
	const struct bgp_prefix *p = &b->p[k];
	const void *c = b->cval[k];
	uint32_t csrc = b->csrc[k];
	const void *cand = NULL;
	size_t votes = 0, nb = 0, ncand = 0, nc = 0;
	for (size_t i = 0; i < b->width; i++) {
		const struct rsd_adjout *a = com->mem[i];
		if (!a->baseline)
			continue;
		const void *eff = rsd_adjout_batch_dec(b, k, i);
		if (eff == RSD_ADJOUT_UNSET) {
			const void *x = rsd_amap_empty(&a->x) ? NULL : rsd_amap_get(&a->x, p);
			eff = rsd_adjout_eff(a, x, c, csrc);
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
	/* one member sent nothing reads nothing without a tombstone */
	uint32_t msrc = m ? rsd_adjout_pick_src(com, b->width, m == c ? csrc : 0) : 0;
	bool same = m == c && msrc == csrc;
	/* the new common key stays referenced while exceptions let go of it */
	if (rsd_adjout_real(m))
		rs_attrset_ref((struct rs_attrset *)m);
	for (size_t i = 0; i < b->width; i++) {
		struct rsd_adjout *a = com->mem[i];
		const void *d = rsd_adjout_batch_dec(b, k, i);
		if (!a->baseline || (same && d == RSD_ADJOUT_UNSET))
			continue;
		const void *eff = com->eff[i];
		const void *want = eff == rsd_adjout_seen(a, m, msrc) ? NULL
		                   : eff                              ? eff
		                                                      : RSD_ADJOUT_TOMB;
		/* a member that joined had no exceptions (each prefix comes once) */
		bool had = b->dec && b->dec[k * b->width + i] != RSD_ADJOUT_UNSET
		               ? b->had[k * b->width + i]
		               : false;
		if (!want && d != RSD_ADJOUT_UNSET && !had)
			continue; /* none wanted, none there */
		/* out of memory the record is lost, as for rsd_adjout_swap */
		rsd_amap_swap(&a->x, t, p, want, NULL);
	}
	if (!same)
		rsd_amap_swap_src(&com->c, t, p, m, msrc);
	if (rsd_adjout_real(m))
		rs_attrset_unref(t, (struct rs_attrset *)m);
}

/* Whether every baseline member joined the group: its decisions are then
 * the common map's, and no member needs an exception for them. */
static bool rsd_adjout_batch_all_joined(const struct rsd_adjout_batch *b)
{
	const struct rsd_adjout_common *com = b->com;
	for (size_t i = 0; i < com->nmem; i++)
		if (com->mem[i]->baseline && (i >= b->width || !b->joined[i]))
			return false;
	return true;
}

/* Prefix k as the group decided it, every baseline member following. */
static void rsd_adjout_batch_apply_group(struct rsd_adjout_batch *b, struct rs_attrtab *t, size_t k)
{
	const void *g = b->gkey[k];
	uint32_t src = g ? b->gsrc[k] : 0;
	if (g != b->cval[k] || src != b->csrc[k])
		rsd_amap_swap_src(&b->com->c, t, &b->p[k], g, src);
}

void rsd_adjout_batch_close(struct rsd_adjout_batch *b, struct rs_attrtab *t)
{
	if (!b)
		return;
	struct rsd_adjout_common *com = b->com;
	/* with no decision of one's own every exception stays empty */
	bool group = !b->dec && rsd_adjout_batch_all_joined(b);
	for (size_t k = 0; k < b->n; k++) {
		if (k + RSD_AMAP_AHEAD < b->n)
			rsd_adjout_batch_prefetch(b, k + RSD_AMAP_AHEAD, group);
		if (group && b->gkey[k] != RSD_ADJOUT_UNSET)
			rsd_adjout_batch_apply_group(b, t, k);
		else
			rsd_adjout_batch_apply(b, t, k);
	}
	for (size_t i = 0; b->dec && i < b->n * b->width; i++)
		if (rsd_adjout_real(b->dec[i]))
			rs_attrset_unref(t, (struct rs_attrset *)b->dec[i]);
	for (size_t k = 0; k < b->n; k++)
		if (rsd_adjout_real(b->gkey[k]))
			rs_attrset_unref(t, (struct rs_attrset *)b->gkey[k]);
	com->busy = false;
	if (com->nbase == 0)
		rsd_amap_clear(&com->c, t);
	for (size_t i = 0; i < com->nmem; i++)
		rsd_amap_compact(&com->mem[i]->x);
	rsd_adjout_batch_free(b);
}
