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
 * closes, the majority first. */
struct rsd_adjout_batch {
	struct rsd_adjout_common *com;
	const struct bgp_prefix *p;
	size_t n;
	size_t width;       /* members when it opened */
	const void **cval;  /* [n]: the common key of p[k] */
	uint32_t *csrc;     /* [n]: and its src */
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
	b->csrc = malloc(n * sizeof(*b->csrc));
	b->dec = malloc(n * b->width * sizeof(*b->dec));
	b->had = calloc(n * b->width, sizeof(*b->had));
	if (!b->cval || !b->csrc || !b->dec || !b->had) {
		free(b->cval);
		free(b->csrc);
		free(b->dec);
		free(b->had);
		free(b);
		return NULL;
	}
	for (size_t k = 0; k < n; k++) {
		if (k + RSD_AMAP_AHEAD < n)
			rsd_amap_prefetch(&com->c, &p[k + RSD_AMAP_AHEAD]);
		b->cval[k] = rsd_amap_get_src(&com->c, &p[k], &b->csrc[k]);
	}
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

/* The maps prefix k will be written to: the common one, and the
 * exceptions of the members sent nothing (where a tombstone may go). */
static void rsd_adjout_batch_prefetch(const struct rsd_adjout_batch *b, size_t k)
{
	const struct rsd_adjout_common *com = b->com;
	const void *const *dec = &b->dec[k * b->width];
	rsd_amap_prefetch(&com->c, &b->p[k]);
	for (size_t i = 0; i < b->width; i++)
		if (!dec[i])
			rsd_amap_prefetch(&com->mem[i]->x, &b->p[k]);
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
	uint32_t csrc = b->csrc[k];
	const void *cand = NULL;
	size_t votes = 0, nb = 0, ncand = 0, nc = 0;
	for (size_t i = 0; i < b->width; i++) {
		const struct rsd_adjout *a = com->mem[i];
		if (!a->baseline)
			continue;
		const void *eff = dec[i];
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
		if (!a->baseline || (same && dec[i] == RSD_ADJOUT_UNSET))
			continue;
		const void *eff = com->eff[i];
		const void *want = eff == rsd_adjout_seen(a, m, msrc) ? NULL
		                   : eff                              ? eff
		                                                      : RSD_ADJOUT_TOMB;
		if (!want && dec[i] != RSD_ADJOUT_UNSET && !had[i])
			continue; /* none wanted, none there */
		/* out of memory the record is lost, as for rsd_adjout_swap */
		rsd_amap_swap(&a->x, t, p, want, NULL);
	}
	if (!same)
		rsd_amap_swap_src(&com->c, t, p, m, msrc);
	if (rsd_adjout_real(m))
		rs_attrset_unref(t, (struct rs_attrset *)m);
}

void rsd_adjout_batch_close(struct rsd_adjout_batch *b, struct rs_attrtab *t)
{
	if (!b)
		return;
	struct rsd_adjout_common *com = b->com;
	for (size_t k = 0; k < b->n; k++) {
		if (k + RSD_AMAP_AHEAD < b->n)
			rsd_adjout_batch_prefetch(b, k + RSD_AMAP_AHEAD);
		rsd_adjout_batch_apply(b, t, k);
	}
	for (size_t i = 0; i < b->n * b->width; i++)
		if (rsd_adjout_real(b->dec[i]))
			rs_attrset_unref(t, (struct rs_attrset *)b->dec[i]);
	com->busy = false;
	if (com->nbase == 0)
		rsd_amap_clear(&com->c, t);
	for (size_t i = 0; i < com->nmem; i++)
		rsd_amap_compact(&com->mem[i]->x);
	free(b->cval);
	free(b->csrc);
	free(b->dec);
	free(b->had);
	free(b);
}
