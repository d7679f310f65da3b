/* test_rsd_adjout.c: the Adj-RIB-Out against a plain array model: random
 * set / replace / remove over dense and sparse IPv4 and some IPv6 prefixes,
 * with counts, lookups, the sorted listing and attribute references; then
 * several sessions sharing a common map, under random operations (sends to
 * one session or to all, export batches, settling, session down, full sync
 * done, session replaced), each checked against a plain map per session; and the shape
 * of the shared record for a route server's typical table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rsd_daemon.h"

#define TA_NPFX  3000
#define TA_NKEYS 4

struct ta_env {
	struct rs_attrtab *tab;
	struct rs_attrset *keys[TA_NKEYS];
	struct bgp_prefix pfx[TA_NPFX];
	const void *model[TA_NPFX];
};

static uint64_t ta_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Dense /24 runs, /32s, short prefixes, a default route, and IPv6. */
static void ta_prefix(size_t i, struct bgp_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->afi = BGP_AFI_IPV4;
	if (i < 2000) {
		p->len = 24;
		p->addr[0] = 20;
		p->addr[1] = (uint8_t)(i >> 8);
		p->addr[2] = (uint8_t)i;
	} else if (i < 2500) {
		p->len = 32;
		p->addr[0] = 30;
		p->addr[2] = (uint8_t)(i >> 8);
		p->addr[3] = (uint8_t)i;
	} else if (i < 2510) {
		p->len = (uint8_t)(i - 2500); /* /0 .. /9 */
		p->addr[0] = (uint8_t)(p->len ? 0x80 : 0);
	} else {
		p->afi = BGP_AFI_IPV6;
		p->len = 48;
		p->addr[0] = 0x20;
		p->addr[1] = 0x01;
		p->addr[4] = (uint8_t)(i >> 8);
		p->addr[5] = (uint8_t)i;
	}
}

static int ta_setup(void **state)
{
	struct ta_env *e = calloc(1, sizeof(*e));
	struct bgp_attrs a;
	uint32_t asn = 65001;
	struct bgp_as_segment seg = {.type = BGP_SEG_SEQUENCE, .count = 1, .asns = &asn};

	assert_non_null(e);
	e->tab = rs_attrtab_new();
	assert_non_null(e->tab);
	for (unsigned k = 0; k < TA_NKEYS; k++) {
		memset(&a, 0, sizeof(a));
		a.as_path = (struct bgp_as_path){.nseg = 1, .segs = &seg};
		a.next_hop = 0x0A000104u + k;
		bgp_attr_set(&a, BGP_ATTR_ORIGIN);
		bgp_attr_set(&a, BGP_ATTR_AS_PATH);
		bgp_attr_set(&a, BGP_ATTR_NEXT_HOP);
		e->keys[k] = rs_attrtab_intern(e->tab, &a);
		assert_non_null(e->keys[k]);
	}
	for (size_t i = 0; i < TA_NPFX; i++)
		ta_prefix(i, &e->pfx[i]);
	*state = e;
	return 0;
}

static int ta_teardown(void **state)
{
	struct ta_env *e = *state;

	for (unsigned k = 0; k < TA_NKEYS; k++)
		rs_attrset_unref(e->tab, e->keys[k]);
	assert_int_equal(rs_attrtab_count(e->tab), 0);
	rs_attrtab_free(e->tab);
	free(e);
	return 0;
}

static const void *ta_pick(struct ta_env *e, uint64_t r)
{
	unsigned k = (unsigned)(r % (TA_NKEYS + 2));

	if (k == TA_NKEYS)
		return NULL;
	if (k == TA_NKEYS + 1)
		return RSD_ADJOUT_VNET;
	return e->keys[k];
}

static void ta_check_all(struct ta_env *e, struct rsd_adjout *a)
{
	size_t want = 0;
	struct bgp_prefix *lp;
	const void **lk;
	size_t n;

	for (size_t i = 0; i < TA_NPFX; i++) {
		assert_ptr_equal(rsd_adjout_get(a, &e->pfx[i]), e->model[i]);
		want += e->model[i] != NULL;
	}
	assert_int_equal(rsd_adjout_count(a), want);
	n = rsd_adjout_list(a, &lp, &lk);
	assert_int_equal(n, want);
	for (size_t i = 1; i < n; i++)
		assert_true(rs_prefix_cmp(&lp[i - 1], &lp[i]) < 0);
	for (size_t i = 0; i < n; i++)
		assert_non_null(lk[i]);
	free(lp);
	free(lk);
}

static void test_rsd_adjout_model(void **state)
{
	struct ta_env *e = *state;
	struct rsd_adjout *a = rsd_adjout_new(NULL);
	uint64_t seed = 0x5eed1234abcdull;

	assert_non_null(a);
	for (int round = 0; round < 6; round++) {
		for (int op = 0; op < 20000; op++) {
			size_t i = (size_t)(ta_rand(&seed) % TA_NPFX);
			const void *key = ta_pick(e, ta_rand(&seed));
			const void *old = (const void *)1;

			if (op & 1) {
				assert_int_equal(rsd_adjout_swap(a, e->tab, &e->pfx[i], key, &old),
				                 0);
				assert_ptr_equal(old, e->model[i]);
			} else {
				assert_int_equal(rsd_adjout_set(a, e->tab, &e->pfx[i], key), 0);
			}
			e->model[i] = key;
		}
		ta_check_all(e, a);
	}
	/* the path id is not part of the key */
	{
		struct bgp_prefix p = e->pfx[0];
		p.path_id = 7;
		assert_ptr_equal(rsd_adjout_get(a, &p), e->model[0]);
	}
	rsd_adjout_clear(a, e->tab);
	memset(e->model, 0, sizeof(e->model));
	ta_check_all(e, a);
	/* only our own references remain on the keys */
	for (unsigned k = 0; k < TA_NKEYS; k++)
		assert_int_equal(e->keys[k]->refs, 1);
	rsd_adjout_free(a, e->tab);
}

static void test_rsd_adjout_free_releases(void **state)
{
	struct ta_env *e = *state;
	struct rsd_adjout *a = rsd_adjout_new(NULL);

	assert_non_null(a);
	for (size_t i = 0; i < TA_NPFX; i++)
		assert_int_equal(rsd_adjout_set(a, e->tab, &e->pfx[i], e->keys[i % TA_NKEYS]), 0);
	assert_int_equal(rsd_adjout_count(a), TA_NPFX);
	assert_true(e->keys[0]->refs > 1);
	rsd_adjout_free(a, e->tab);
	for (unsigned k = 0; k < TA_NKEYS; k++)
		assert_int_equal(e->keys[k]->refs, 1);
}

/* ---- several sessions sharing a common map ---- */

#define TS_NSESS 6
#define TS_NPFX  600

struct ts_env {
	struct ta_env *e;
	struct rsd_adjout_common *com;
	struct rsd_adjout *a[TS_NSESS];
	const void *model[TS_NSESS][TS_NPFX];
	struct bgp_prefix pending[64];
	size_t npending;
	const struct rsd_adjout *gnone[24]; /* an export batch's group: who is sent nothing */
};

/* Prefix i of the shared model: spread over the kinds of ta_prefix. */
static const struct bgp_prefix *ts_pfx(struct ts_env *t, size_t i)
{
	return &t->e->pfx[(i * 5) % TA_NPFX];
}

static void ts_check_session(struct ts_env *t, unsigned s)
{
	size_t want = 0, n;
	struct bgp_prefix *lp;
	const void **lk;

	for (size_t i = 0; i < TS_NPFX; i++) {
		assert_ptr_equal(rsd_adjout_get(t->a[s], ts_pfx(t, i)), t->model[s][i]);
		want += t->model[s][i] != NULL;
	}
	assert_int_equal(rsd_adjout_count(t->a[s]), want);
	n = rsd_adjout_list(t->a[s], &lp, &lk);
	assert_int_equal(n, want);
	for (size_t i = 1; i < n; i++)
		assert_true(rs_prefix_cmp(&lp[i - 1], &lp[i]) < 0);
	/* each listed entry is the model's, so the listing is the model */
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < TS_NPFX && rs_prefix_cmp(ts_pfx(t, k), &lp[i]) != 0)
			k++;
		assert_true(k < TS_NPFX);
		assert_ptr_equal(lk[i], t->model[s][k]);
	}
	free(lp);
	free(lk);
}

static void ts_check(struct ts_env *t)
{
	for (unsigned s = 0; s < TS_NSESS; s++)
		ts_check_session(t, s);
}

static void ts_settle_pending(struct ts_env *t)
{
	rsd_adjout_settle(t->com, t->e->tab, t->pending, t->npending);
	t->npending = 0;
}

/* What an export does: one key to every session but the route's origin. */
static void ts_broadcast(struct ts_env *t, size_t i, const void *key, unsigned origin)
{
	for (unsigned s = 0; s < TS_NSESS; s++) {
		const void *k = s == origin ? NULL : key;
		const void *old = (const void *)1;
		assert_int_equal(rsd_adjout_swap(t->a[s], t->e->tab, ts_pfx(t, i), k, &old), 0);
		assert_ptr_equal(old, t->model[s][i]);
		t->model[s][i] = k;
	}
	if (t->npending == 64)
		ts_settle_pending(t);
	t->pending[t->npending++] = *ts_pfx(t, i);
}

/* One session's part of a batch: each prefix decided for itself, or
 * followed where the group decided it and the session joined; the old
 * record as the model has it. */
static void ts_batch_session(struct ts_env *t, struct rsd_adjout_batch *b, unsigned s,
                             const size_t *idx, const struct bgp_prefix *p, size_t n,
                             const void *const *key, const bool *grp, bool joined, uint64_t *seed)
{
	bool mixed = ta_rand(seed) % 4 == 0;
	for (size_t k = 0; k < n; k++) {
		const void *old = (const void *)1, *now = NULL;
		if (b && joined && grp[k]) {
			assert_true(rsd_adjout_batch_follow(b, t->a[s], k, &old, &now));
		} else {
			now = mixed ? ta_pick(t->e, ta_rand(seed)) : key[k];
			if (b) /* not decided by the group, or not a member */
				assert_false(rsd_adjout_batch_follow(b, t->a[s], k, &old, &now));
			if (b)
				assert_int_equal(
				    rsd_adjout_batch_swap(b, t->a[s], t->e->tab, k, now, &old), 0);
			else
				assert_int_equal(
				    rsd_adjout_swap(t->a[s], t->e->tab, &p[k], now, &old), 0);
		}
		assert_ptr_equal(old, t->model[s][idx[k]]);
		t->model[s][idx[k]] = now;
	}
}

/* Some of the batch's prefixes decided once for a group: sent key[k] to
 * every member but a random one (or none), which is sent nothing. */
static void ts_batch_group(struct ts_env *t, struct rsd_adjout_batch *b, const void **key,
                           bool *grp, size_t n, uint64_t *seed)
{
	bool all = ta_rand(seed) % 3 == 0; /* a route server's usual batch */
	for (size_t k = 0; k < n; k++) {
		grp[k] = b && (all || ta_rand(seed) % 3 != 0);
		if (!grp[k])
			continue;
		unsigned none = (unsigned)(ta_rand(seed) % (TS_NSESS + 2));
		const struct rsd_adjout *na =
		    none < TS_NSESS && rsd_adjout_is_baseline(t->a[none]) ? t->a[none] : NULL;
		if (ta_rand(seed) % 8 == 0)
			key[k] = NULL;
		assert_int_equal(rsd_adjout_batch_group(b, k, key[k], na), 0);
		assert_int_equal(rsd_adjout_batch_group(b, k, key[k], na), -1); /* twice */
		/* the group's decision as each member reads it */
		t->gnone[k] = na;
	}
}

/* An export batch: distinct prefixes, each session decided for each (some
 * skipped, one perhaps going down in the middle), or following the
 * decisions of a group it joined; the counts right at once and the reads
 * right once the batch is closed. */
static void ts_batch(struct ts_env *t, uint64_t *seed)
{
	struct bgp_prefix p[24];
	size_t idx[24], n = 1 + (size_t)(ta_rand(seed) % 24);
	size_t first = (size_t)(ta_rand(seed) % TS_NPFX);
	const void *key[24];
	bool grp[24];
	unsigned down = (unsigned)(ta_rand(seed) % (2 * TS_NSESS));

	for (size_t k = 0; k < n; k++) {
		idx[k] = (first + k * 7) % TS_NPFX;
		p[k] = *ts_pfx(t, idx[k]);
		key[k] = ta_pick(t->e, ta_rand(seed));
	}
	/* none when no session is baseline: then as rsd_export does */
	struct rsd_adjout_batch *b = rsd_adjout_batch_open(t->com, p, n);
	bool any = false;
	for (unsigned s = 0; s < TS_NSESS; s++)
		any |= rsd_adjout_is_baseline(t->a[s]);
	assert_true(!b == !any);
	bool joined[TS_NSESS] = {false};
	/* now and then every session that can joins, and none is skipped */
	bool every = ta_rand(seed) % 3 == 0;
	for (unsigned s = 0; s < TS_NSESS && b; s++)
		joined[s] = (every || ta_rand(seed) % 4 != 0) && rsd_adjout_batch_join(b, t->a[s]);
	ts_batch_group(t, b, key, grp, n, seed);
	for (unsigned s = 0; s < TS_NSESS; s++) {
		if (every && joined[s]) {
			/* follows every prefix the group decided */
		} else if (joined[s] && ta_rand(seed) % 8 == 0) {
			rsd_adjout_batch_leave(b, t->a[s]); /* decides for itself */
			joined[s] = false;
		}
		if (!every && ta_rand(seed) % 8 == 0) {
			if (b)
				rsd_adjout_batch_leave(b, t->a[s]);
			continue; /* not Established */
		}
		const void *gk[24];
		for (size_t k = 0; k < n; k++) /* what a member of the group is sent */
			gk[k] = grp[k] && t->gnone[k] == t->a[s] ? NULL : key[k];
		ts_batch_session(t, b, s, idx, p, n, joined[s] ? gk : key, grp, joined[s], seed);
		size_t want = 0;
		for (size_t i = 0; i < TS_NPFX; i++)
			want += t->model[s][i] != NULL;
		assert_int_equal(rsd_adjout_count(t->a[s]), want);
		if (s == down) {
			rsd_adjout_clear(t->a[s], t->e->tab);
			memset(t->model[s], 0, sizeof(t->model[s]));
		}
	}
	if (b)
		rsd_adjout_batch_close(b, t->e->tab);
	else
		rsd_adjout_settle(t->com, t->e->tab, p, n);
	/* every session reads the batch's prefixes as decided, at once */
	for (unsigned s = 0; s < TS_NSESS; s++)
		for (size_t k = 0; k < n; k++)
			assert_ptr_equal(rsd_adjout_get(t->a[s], &p[k]), t->model[s][idx[k]]);
}

static void ts_op(struct ts_env *t, uint64_t *seed)
{
	unsigned r = (unsigned)(ta_rand(seed) % 1000);
	unsigned s = (unsigned)(ta_rand(seed) % TS_NSESS);
	size_t i = (size_t)(ta_rand(seed) % TS_NPFX);
	const void *key = ta_pick(t->e, ta_rand(seed));

	if (r < 300) {
		const void *old = (const void *)1;
		assert_int_equal(rsd_adjout_swap(t->a[s], t->e->tab, ts_pfx(t, i), key, &old), 0);
		assert_ptr_equal(old, t->model[s][i]);
		t->model[s][i] = key;
	} else if (r < 600) {
		ts_broadcast(t, i, key, ta_rand(seed) % 3 ? s : TS_NSESS);
	} else if (r < 800) {
		ts_batch(t, seed);
	} else if (r < 900) {
		ts_settle_pending(t);
	} else if (r < 930) {
		rsd_adjout_clear(t->a[s], t->e->tab);
		assert_false(rsd_adjout_is_baseline(t->a[s]));
		memset(t->model[s], 0, sizeof(t->model[s]));
	} else if (r < 985) {
		assert_int_equal(rsd_adjout_baseline(t->a[s], t->e->tab), 0);
		assert_true(rsd_adjout_is_baseline(t->a[s]));
	} else if (r < 995) {
		rsd_adjout_free(t->a[s], t->e->tab);
		t->a[s] = rsd_adjout_new(t->com);
		assert_non_null(t->a[s]);
		memset(t->model[s], 0, sizeof(t->model[s]));
	} else {
		rsd_adjout_settle_all(t->com, t->e->tab);
	}
}

static void test_rsd_adjout_shared_model(void **state)
{
	struct ts_env *t = calloc(1, sizeof(*t));
	uint64_t seed = 0xad1007ull ^ 0x9e3779b97f4a7c15ull;

	assert_non_null(t);
	t->e = *state;
	t->com = rsd_adjout_common_new();
	assert_non_null(t->com);
	for (unsigned s = 0; s < TS_NSESS; s++) {
		t->a[s] = rsd_adjout_new(t->com);
		assert_non_null(t->a[s]);
	}
	assert_int_equal(rsd_adjout_common_members(t->com), TS_NSESS);
	for (int round = 0; round < 40; round++) {
		for (int op = 0; op < 2000; op++)
			ts_op(t, &seed);
		ts_check(t);
	}
	/* settling never changes what a session reads */
	rsd_adjout_settle_all(t->com, t->e->tab);
	ts_check(t);
	for (unsigned s = 0; s < TS_NSESS; s++)
		rsd_adjout_free(t->a[s], t->e->tab);
	assert_int_equal(rsd_adjout_common_members(t->com), 0);
	assert_int_equal(rsd_adjout_common_count(t->com), 0);
	rsd_adjout_common_free(t->com, t->e->tab);
	for (unsigned k = 0; k < TA_NKEYS; k++)
		assert_int_equal(t->e->keys[k]->refs, 1);
	free(t);
}

/* A route server's table: each prefix from one peer, sent to all others.
 * The common map holds each prefix once, with the session it came from as
 * the one that reads it as nothing, so that no session keeps a tombstone;
 * a late session's full sync leaves no exceptions. */
static void test_rsd_adjout_shared_shape(void **state)
{
	struct ta_env *e = *state;
	enum { NS = 8, NP = 2000 };
	struct rsd_adjout_common *com = rsd_adjout_common_new();
	struct rsd_adjout *a[NS + 1];

	assert_non_null(com);
	for (unsigned s = 0; s < NS; s++) {
		a[s] = rsd_adjout_new(com);
		assert_non_null(a[s]);
		/* up with an empty table: the full sync sent nothing */
		assert_int_equal(rsd_adjout_baseline(a[s], e->tab), 0);
	}
	for (size_t i = 0; i < NP; i += 100) {
		/* half of it as export batches */
		struct rsd_adjout_batch *b =
		    i % 200 ? rsd_adjout_batch_open(com, &e->pfx[i], 100) : NULL;
		/* and half of those recorded once for the group of all sessions */
		bool group = b && i % 400 == 100;
		for (unsigned s = 0; s < NS && group; s++)
			assert_true(rsd_adjout_batch_join(b, a[s]));
		for (size_t k = i; k < i + 100 && group; k++)
			assert_int_equal(
			    rsd_adjout_batch_group(b, k - i, e->keys[k % TA_NKEYS], a[k % NS]), 0);
		for (unsigned s = 0; s < NS && group; s++) {
			for (size_t k = i; k < i + 100; k++) {
				const void *old, *now;
				assert_true(rsd_adjout_batch_follow(b, a[s], k - i, &old, &now));
				assert_null(old);
				assert_ptr_equal(now, s == k % NS ? NULL : e->keys[k % TA_NKEYS]);
			}
		}
		for (unsigned s = 0; s < NS && b && !group; s++)
			for (size_t k = i; k < i + 100; k++)
				assert_int_equal(rsd_adjout_batch_swap(
				                     b, a[s], e->tab, k - i,
				                     s == k % NS ? NULL : e->keys[k % TA_NKEYS],
				                     NULL),
				                 0);
		if (b) {
			rsd_adjout_batch_close(b, e->tab);
			continue;
		}
		for (unsigned s = 0; s < NS; s++)
			for (size_t k = i; k < i + 100; k++)
				assert_int_equal(
				    rsd_adjout_set(a[s], e->tab, &e->pfx[k],
				                   s == k % NS ? NULL : e->keys[k % TA_NKEYS]),
				    0);
		rsd_adjout_settle(com, e->tab, &e->pfx[i], 100);
	}
	assert_int_equal(rsd_adjout_common_count(com), NP);
	for (unsigned s = 0; s < NS; s++) {
		assert_int_equal(rsd_adjout_exceptions(a[s]), 0);
		assert_int_equal(rsd_adjout_count(a[s]), NP - NP / NS);
		assert_null(rsd_adjout_get(a[s], &e->pfx[s]));
		assert_ptr_equal(rsd_adjout_get(a[s], &e->pfx[s + 1]), e->keys[(s + 1) % TA_NKEYS]);
	}
	/* a session sent something else for a while keeps it as an exception
	 * until it is sent the common key again */
	assert_int_equal(rsd_adjout_set(a[0], e->tab, &e->pfx[1], RSD_ADJOUT_VNET), 0);
	rsd_adjout_settle(com, e->tab, &e->pfx[1], 1);
	assert_int_equal(rsd_adjout_exceptions(a[0]), 1);
	assert_int_equal(rsd_adjout_set(a[0], e->tab, &e->pfx[1], e->keys[1]), 0);
	assert_int_equal(rsd_adjout_exceptions(a[0]), 0);
	/* a session coming up late: sent everything, then baseline */
	a[NS] = rsd_adjout_new(com);
	assert_non_null(a[NS]);
	for (size_t k = 0; k < NP; k++)
		assert_int_equal(rsd_adjout_set(a[NS], e->tab, &e->pfx[k], e->keys[k % TA_NKEYS]),
		                 0);
	assert_int_equal(rsd_adjout_exceptions(a[NS]), NP);
	assert_int_equal(rsd_adjout_baseline(a[NS], e->tab), 0);
	assert_int_equal(rsd_adjout_exceptions(a[NS]), 0);
	assert_int_equal(rsd_adjout_count(a[NS]), NP);
	/* everything withdrawn: nothing is left anywhere */
	for (unsigned s = 0; s <= NS; s++)
		for (size_t k = 0; k < NP; k++)
			assert_int_equal(rsd_adjout_set(a[s], e->tab, &e->pfx[k], NULL), 0);
	rsd_adjout_settle(com, e->tab, e->pfx, NP);
	assert_int_equal(rsd_adjout_common_count(com), 0);
	for (unsigned s = 0; s <= NS; s++) {
		assert_int_equal(rsd_adjout_exceptions(a[s]), 0);
		assert_int_equal(rsd_adjout_count(a[s]), 0);
	}
	for (unsigned k = 0; k < TA_NKEYS; k++)
		assert_int_equal(e->keys[k]->refs, 1);
	for (unsigned s = 0; s <= NS; s++)
		rsd_adjout_free(a[s], e->tab);
	rsd_adjout_common_free(com, e->tab);
}

/* The first session to become baseline hands its map to the common one;
 * when the last baseline session goes down the common map is emptied. */
static void test_rsd_adjout_shared_handover(void **state)
{
	struct ta_env *e = *state;
	struct rsd_adjout_common *com = rsd_adjout_common_new();
	struct rsd_adjout *a = rsd_adjout_new(com), *b = rsd_adjout_new(com);

	assert_non_null(com);
	assert_non_null(a);
	assert_non_null(b);
	for (size_t k = 0; k < 500; k++)
		assert_int_equal(rsd_adjout_set(a, e->tab, &e->pfx[k], e->keys[0]), 0);
	assert_int_equal(rsd_adjout_baseline(a, e->tab), 0);
	assert_int_equal(rsd_adjout_common_count(com), 500);
	assert_int_equal(rsd_adjout_exceptions(a), 0);
	/* b, not baseline, reads nothing of it */
	assert_null(rsd_adjout_get(b, &e->pfx[0]));
	assert_int_equal(rsd_adjout_count(b), 0);
	/* b syncs half of it, then is baseline: tombstones for the rest */
	for (size_t k = 0; k < 250; k++)
		assert_int_equal(rsd_adjout_set(b, e->tab, &e->pfx[k], e->keys[0]), 0);
	assert_int_equal(rsd_adjout_baseline(b, e->tab), 0);
	assert_int_equal(rsd_adjout_exceptions(b), 250);
	assert_int_equal(rsd_adjout_count(b), 250);
	assert_null(rsd_adjout_get(b, &e->pfx[300]));
	rsd_adjout_clear(a, e->tab);
	assert_int_equal(rsd_adjout_common_count(com), 500);
	rsd_adjout_clear(b, e->tab);
	assert_int_equal(rsd_adjout_common_count(com), 0);
	assert_int_equal(e->keys[0]->refs, 1);
	rsd_adjout_free(a, e->tab);
	rsd_adjout_free(b, e->tab);
	rsd_adjout_common_free(com, e->tab);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_rsd_adjout_model, ta_setup, ta_teardown),
	    cmocka_unit_test_setup_teardown(test_rsd_adjout_free_releases, ta_setup, ta_teardown),
	    cmocka_unit_test_setup_teardown(test_rsd_adjout_shared_model, ta_setup, ta_teardown),
	    cmocka_unit_test_setup_teardown(test_rsd_adjout_shared_shape, ta_setup, ta_teardown),
	    cmocka_unit_test_setup_teardown(test_rsd_adjout_shared_handover, ta_setup, ta_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
