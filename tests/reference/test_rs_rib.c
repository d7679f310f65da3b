/* test_rs_rib.c: route selection and the RIB (ARS-ECMP, ARS-SHORTEST),
 * per-peer counts and flush, the change log, attribute interning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rs_rib.h"
#include "rs_test_helpers.h"

struct rs_test_rib {
	struct rs_attrtab *tab;
	struct rs_rib *rib;
};

static int rs_test_setup(void **state)
{
	struct rs_test_rib *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return -1;
	t->tab = rs_attrtab_new();
	t->rib = rs_rib_new(t->tab);
	*state = t;
	return t->tab && t->rib ? 0 : -1;
}

/* Frees the RIB and proves every attribute set went back to zero refs. */
static int rs_test_teardown(void **state)
{
	struct rs_test_rib *t = *state;
	rs_rib_free(t->rib);
	size_t left = rs_attrtab_count(t->tab);
	rs_attrtab_free(t->tab);
	free(t);
	return left == 0 ? 0 : -1;
}

/* Announce a path of len ASNs with next hop nh; returns the RIB's answer. */
static int rs_test_announce(struct rs_test_rib *t, uint32_t peer, const char *pfx, const char *nh,
                            size_t len)
{
	struct rs_attrset *a = rs_test_intern(t->tab, nh, len);
	struct bgp_prefix p = rs_test_prefix(pfx);
	int rc = rs_rib_announce(t->rib, peer, &p, a);
	rs_attrset_unref(t->tab, a);
	return rc;
}

/* The best set's peer ids as "0,2,3". */
static const char *rs_test_best(struct rs_test_rib *t, const char *pfx, char *buf, size_t cap)
{
	const struct rs_path *best[64];
	struct bgp_prefix p = rs_test_prefix(pfx);
	size_t n = rs_rib_best(t->rib, &p, best, 64);
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		off += (size_t)snprintf(buf + off, cap - off, "%s%u", i ? "," : "", best[i]->peer);
	return buf;
}

static size_t rs_test_drain(struct rs_test_rib *t)
{
	struct bgp_prefix out[64];
	size_t n, total = 0;
	while ((n = rs_rib_drain_changes(t->rib, out, 64)) > 0)
		total += n;
	return total;
}

static void test_ars_ecmp_equal_length(void **state)
{
	struct rs_test_rib *t = *state;
	char b[128];
	assert_int_equal(rs_test_announce(t, 2, "10.1.0.0/16", "10.0.1.6", 1), 1);
	assert_int_equal(rs_test_announce(t, 0, "10.1.0.0/16", "10.0.1.4", 1), 1);
	assert_int_equal(rs_test_announce(t, 1, "10.1.0.0/16", "10.0.1.5", 1), 1);
	assert_string_equal(rs_test_best(t, "10.1.0.0/16", b, sizeof(b)), "0,1,2");
	/* a longer path joins the table, not the best set */
	assert_int_equal(rs_test_announce(t, 3, "10.1.0.0/16", "10.0.1.7", 2), 0);
	assert_string_equal(rs_test_best(t, "10.1.0.0/16", b, sizeof(b)), "0,1,2");
	const struct rs_path *all[8];
	struct bgp_prefix p = rs_test_prefix("10.1.0.0/16");
	assert_int_equal(rs_rib_paths(t->rib, &p, all, 8), 4);
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(all[i]->peer, i);
	/* max smaller than the set: full size returned */
	assert_int_equal(rs_rib_best(t->rib, &p, all, 2), 3);
	assert_int_equal(rs_rib_prefix_count(t->rib), 1);
}

static void test_ars_shortest_wins(void **state)
{
	struct rs_test_rib *t = *state;
	char b[128];
	assert_int_equal(rs_test_announce(t, 0, "10.2.0.0/16", "10.0.1.4", 2), 1);
	assert_int_equal(rs_test_announce(t, 1, "10.2.0.0/16", "10.0.1.5", 1), 1);
	assert_string_equal(rs_test_best(t, "10.2.0.0/16", b, sizeof(b)), "1");
	/* every path, best or not, by peer id */
	const struct rs_path *all[4];
	struct bgp_prefix q = rs_test_prefix("10.2.0.0/16");
	assert_int_equal(rs_rib_paths(t->rib, &q, all, 4), 2);
	assert_int_equal(all[0]->peer, 0);
	assert_int_equal(all[1]->peer, 1);
	/* a longer one after the shorter: no change */
	assert_int_equal(rs_test_announce(t, 2, "10.2.0.0/16", "10.0.1.6", 3), 0);
	assert_string_equal(rs_test_best(t, "10.2.0.0/16", b, sizeof(b)), "1");
	/* withdrawing a non-best path: no change */
	struct bgp_prefix p = rs_test_prefix("10.2.0.0/16");
	assert_int_equal(rs_rib_withdraw(t->rib, 2, &p), 0);
	assert_int_equal(rs_rib_withdraw(t->rib, 2, &p), 0); /* absent: 0 */
}

/* Prepending makes one NVA active and another passive (ARS-SHORTEST). */
static void test_ars_shortest_prepending_active_passive(void **state)
{
	struct rs_test_rib *t = *state;
	char b[128];
	struct bgp_prefix p = rs_test_prefix("0.0.0.0/0");
	assert_int_equal(rs_test_announce(t, 0, "0.0.0.0/0", "10.0.1.4", 1), 1); /* active */
	assert_int_equal(rs_test_announce(t, 1, "0.0.0.0/0", "10.0.1.5", 4), 0); /* passive */
	assert_string_equal(rs_test_best(t, "0.0.0.0/0", b, sizeof(b)), "0");
	rs_test_drain(t);
	/* the active NVA fails: the passive one takes over */
	assert_int_equal(rs_rib_peer_flush(t->rib, 0), 1);
	assert_string_equal(rs_test_best(t, "0.0.0.0/0", b, sizeof(b)), "1");
	struct bgp_prefix out[4];
	assert_int_equal(rs_rib_drain_changes(t->rib, out, 4), 1);
	assert_int_equal(rs_prefix_cmp(&out[0], &p), 0);
	/* it comes back: active again */
	assert_int_equal(rs_test_announce(t, 0, "0.0.0.0/0", "10.0.1.4", 1), 1);
	assert_string_equal(rs_test_best(t, "0.0.0.0/0", b, sizeof(b)), "0");
	/* the passive one stops prepending: ECMP */
	assert_int_equal(rs_test_announce(t, 1, "0.0.0.0/0", "10.0.1.5", 1), 1);
	assert_string_equal(rs_test_best(t, "0.0.0.0/0", b, sizeof(b)), "0,1");
}

/* The best set does not depend on the order in which routes arrive. */
static void test_ars_ecmp_insertion_order_independent(void **state)
{
	static const size_t len[4] = {2, 1, 3, 1};
	static const char *nh[4] = {"10.0.1.4", "10.0.1.5", "10.0.1.6", "10.0.1.7"};
	struct rs_test_rib *t = *state;
	unsigned perm[4] = {0, 1, 2, 3};
	size_t count = 0;
	char b[128];
	for (;;) {
		struct rs_rib *rib = rs_rib_new(t->tab);
		struct rs_rib *keep = t->rib;
		t->rib = rib;
		for (size_t i = 0; i < 4; i++)
			rs_test_announce(t, perm[i], "10.3.0.0/16", nh[perm[i]], len[perm[i]]);
		assert_string_equal(rs_test_best(t, "10.3.0.0/16", b, sizeof(b)), "1,3");
		const struct rs_path *best[4];
		struct bgp_prefix p = rs_test_prefix("10.3.0.0/16");
		rs_rib_best(rib, &p, best, 4);
		assert_int_equal(best[0]->attrs->next_hop, rs_test_addr("10.0.1.5"));
		assert_int_equal(rs_test_drain(t), 1);
		t->rib = keep;
		rs_rib_free(rib);
		count++;
		/* next permutation (lexicographic) */
		int i = 2;
		while (i >= 0 && perm[i] > perm[i + 1])
			i--;
		if (i < 0)
			break;
		int j = 3;
		while (perm[j] < perm[i])
			j--;
		unsigned tmp = perm[i];
		perm[i] = perm[j];
		perm[j] = tmp;
		for (int a = i + 1, z = 3; a < z; a++, z--) {
			tmp = perm[a];
			perm[a] = perm[z];
			perm[z] = tmp;
		}
	}
	assert_int_equal(count, 24);
}

static void test_ars_shortest_as_set_counts_one(void **state)
{
	struct rs_test_rib *t = *state;
	static const uint32_t seq[] = {65001}, set[] = {1, 2, 3, 4}, confed[] = {64512, 64513};
	static const uint32_t three[] = {65002, 65003, 65004};
	struct rs_test_attrs a;
	rs_test_attrs_init(&a, "10.0.1.4", seq, 1);
	rs_test_attrs_segment(&a, BGP_SEG_SET, set, 4);
	rs_test_attrs_segment(&a, BGP_SEG_CONFED_SEQUENCE, confed, 2);
	struct rs_attrset *s1 = rs_attrtab_intern(t->tab, &a.a);
	assert_int_equal(s1->aspath_len, 2); /* 1 + set 1 + confed 0 */
	rs_test_attrs_init(&a, "10.0.1.5", three, 3);
	struct rs_attrset *s2 = rs_attrtab_intern(t->tab, &a.a);
	assert_int_equal(s2->aspath_len, 3);
	struct bgp_prefix p = rs_test_prefix("10.4.0.0/16");
	assert_int_equal(rs_rib_announce(t->rib, 1, &p, s2), 1);
	assert_int_equal(rs_rib_announce(t->rib, 0, &p, s1), 1);
	char b[32];
	assert_string_equal(rs_test_best(t, "10.4.0.0/16", b, sizeof(b)), "0");
	rs_attrset_unref(t->tab, s1);
	rs_attrset_unref(t->tab, s2);
}

static void test_rib_change_log(void **state)
{
	struct rs_test_rib *t = *state;
	assert_int_equal(rs_test_announce(t, 0, "10.5.0.0/16", "10.0.1.4", 1), 1);
	assert_int_equal(rs_test_announce(t, 0, "10.6.0.0/16", "10.0.1.4", 1), 1);
	/* the same route again: no change, no duplicate in the log */
	assert_int_equal(rs_test_announce(t, 0, "10.5.0.0/16", "10.0.1.4", 1), 0);
	/* a member's attributes change: a change, still logged once */
	assert_int_equal(rs_test_announce(t, 0, "10.5.0.0/16", "10.0.1.9", 1), 1);
	/* a non-best path changes: nothing */
	assert_int_equal(rs_test_announce(t, 1, "10.6.0.0/16", "10.0.1.5", 3), 0);
	assert_int_equal(rs_test_announce(t, 1, "10.6.0.0/16", "10.0.1.6", 3), 0);
	assert_int_equal(rs_rib_pending_changes(t->rib), 2);
	struct bgp_prefix out[1];
	assert_int_equal(rs_rib_drain_changes(t->rib, out, 1), 1);
	char s[64];
	bgp_format_prefix(&out[0], s, sizeof(s));
	assert_string_equal(s, "10.5.0.0/16"); /* change order */
	assert_int_equal(rs_rib_drain_changes(t->rib, out, 1), 1);
	bgp_format_prefix(&out[0], s, sizeof(s));
	assert_string_equal(s, "10.6.0.0/16");
	assert_int_equal(rs_rib_drain_changes(t->rib, out, 1), 0);
	/* withdraw the last path: logged; the prefix is gone after the drain */
	struct bgp_prefix p = rs_test_prefix("10.5.0.0/16");
	assert_int_equal(rs_rib_withdraw(t->rib, 0, &p), 1);
	assert_int_equal(rs_rib_prefix_count(t->rib), 1);
	const struct rs_path *best[2];
	assert_int_equal(rs_rib_best(t->rib, &p, best, 2), 0);
	assert_int_equal(rs_test_drain(t), 1);
	assert_false(rs_rib_peer_has(t->rib, 0, &p));
	/* withdraw then re-announce before draining: one entry */
	struct bgp_prefix never = rs_test_prefix("192.168.0.0/16");
	assert_int_equal(rs_rib_withdraw(t->rib, 0, &never), 0);
	struct bgp_prefix q = rs_test_prefix("10.6.0.0/16");
	assert_int_equal(rs_rib_withdraw(t->rib, 0, &q), 1);
	assert_int_equal(rs_test_announce(t, 0, "10.6.0.0/16", "10.0.1.4", 1), 1);
	assert_int_equal(rs_test_drain(t), 1);
}

static void test_rib_peer_flush_counts_and_changes(void **state)
{
	struct rs_test_rib *t = *state;
	char pfx[32];
	struct rs_attrset *a0 = rs_test_intern(t->tab, "10.0.1.4", 1);
	struct rs_attrset *a1 = rs_test_intern(t->tab, "10.0.1.5", 1);
	for (unsigned i = 0; i < 1000; i++) {
		snprintf(pfx, sizeof(pfx), "10.%u.%u.0/24", 64 + i / 256, i % 256);
		struct bgp_prefix p = rs_test_prefix(pfx);
		assert_int_equal(rs_rib_announce(t->rib, 0, &p, a0), 1);
		if (i % 2 == 0)
			assert_int_equal(rs_rib_announce(t->rib, 1, &p, a1), 1);
	}
	/* and IPv6 prefixes (entries not in the slabs), 20 from each */
	for (unsigned i = 0; i < 20; i++) {
		snprintf(pfx, sizeof(pfx), "2001:db8:%x::/48", i);
		struct bgp_prefix p = rs_test_prefix(pfx);
		assert_int_equal(rs_rib_announce(t->rib, 0, &p, a0), 1);
		assert_int_equal(rs_rib_announce(t->rib, 1, &p, a1), 1); /* ECMP */
	}
	/* withdrawn ones leave free entries behind in the slabs */
	for (unsigned i = 0; i < 1000; i += 10) {
		snprintf(pfx, sizeof(pfx), "10.%u.%u.0/24", 64 + i / 256, i % 256);
		struct bgp_prefix p = rs_test_prefix(pfx);
		assert_int_equal(rs_rib_withdraw(t->rib, 0, &p), 1);
		assert_int_equal(rs_rib_withdraw(t->rib, 1, &p), 1);
	}
	assert_int_equal(rs_test_drain(t), 1020);
	rs_attrset_unref(t->tab, a0);
	rs_attrset_unref(t->tab, a1);
	assert_int_equal(rs_rib_peer_count(t->rib, 0), 920);
	assert_int_equal(rs_rib_peer_count(t->rib, 1), 420);
	assert_int_equal(rs_rib_peer_count(t->rib, 7), 0);
	assert_int_equal(rs_rib_prefix_count(t->rib), 920);
	assert_int_equal(rs_rib_peer_flush(t->rib, 0), 920);
	assert_int_equal(rs_rib_peer_count(t->rib, 0), 0);
	assert_int_equal(rs_rib_peer_count(t->rib, 1), 420);
	assert_int_equal(rs_rib_prefix_count(t->rib), 420);
	assert_int_equal(rs_test_drain(t), 920); /* every best set changed */
	assert_int_equal(rs_rib_peer_flush(t->rib, 0), 0);
	assert_int_equal(rs_rib_peer_flush(t->rib, 99), 0);
	assert_int_equal(rs_rib_peer_flush(t->rib, 1), 420);
	assert_int_equal(rs_rib_prefix_count(t->rib), 0);
	assert_int_equal(rs_attrtab_count(t->tab), 0);
}

struct rs_test_walk {
	size_t n;
	struct bgp_prefix last;
	size_t nbest_total;
};

static int rs_test_walk_cb(const struct bgp_prefix *p, const struct rs_path *paths, size_t npaths,
                           size_t nbest, void *arg)
{
	struct rs_test_walk *w = arg;
	if (w->n > 0)
		assert_true(rs_prefix_cmp(&w->last, p) < 0);
	for (size_t i = 1; i < nbest; i++)
		assert_true(paths[i - 1].peer < paths[i].peer);
	for (size_t i = nbest; i < npaths; i++)
		assert_true(paths[i].attrs->aspath_len > paths[0].attrs->aspath_len);
	w->last = *p;
	w->n++;
	w->nbest_total += nbest;
	return 0;
}

static void test_rib_walk_order(void **state)
{
	struct rs_test_rib *t = *state;
	rs_test_announce(t, 0, "10.1.0.0/24", "10.0.1.4", 1);
	rs_test_announce(t, 0, "10.1.0.0/16", "10.0.1.4", 1);
	rs_test_announce(t, 1, "10.1.0.0/16", "10.0.1.5", 2);
	rs_test_announce(t, 2, "10.1.0.0/16", "10.0.1.6", 1);
	rs_test_announce(t, 0, "9.0.0.0/8", "10.0.1.4", 1);
	rs_test_announce(t, 0, "2001:db8::/32", "10.0.1.4", 1);
	struct rs_test_walk w = {0};
	assert_int_equal(rs_rib_walk(t->rib, rs_test_walk_cb, &w), 0);
	assert_int_equal(w.n, 4);
	assert_int_equal(w.nbest_total, 5);
	assert_int_equal(w.last.afi, BGP_AFI_IPV6);
}

/* ---- randomized comparison with a naive model ---- */

#define RS_MODEL_PEERS 6
#define RS_MODEL_PFX   64
#define RS_MODEL_ATTRS 5

struct rs_model {
	int attr[RS_MODEL_PEERS][RS_MODEL_PFX]; /* -1 = no path */
	bool changed[RS_MODEL_PFX];             /* a change reported since the drain */
};

static uint32_t rs_test_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* The model's best set of prefix i as a bitmask of peers (with attrs). */
static void rs_model_best(const struct rs_model *m, struct rs_attrset **sets, unsigned i,
                          int out[RS_MODEL_PEERS])
{
	size_t min = SIZE_MAX;
	for (unsigned p = 0; p < RS_MODEL_PEERS; p++)
		if (m->attr[p][i] >= 0 && sets[m->attr[p][i]]->aspath_len < min)
			min = sets[m->attr[p][i]]->aspath_len;
	for (unsigned p = 0; p < RS_MODEL_PEERS; p++)
		out[p] = m->attr[p][i] >= 0 && sets[m->attr[p][i]]->aspath_len == min
		             ? m->attr[p][i]
		             : -1;
}

static struct bgp_prefix rs_model_prefix(unsigned i)
{
	struct bgp_prefix p = {.afi = BGP_AFI_IPV4, .len = 24};
	p.addr[0] = 10;
	p.addr[1] = 200;
	p.addr[2] = (uint8_t)i;
	return p;
}

static void rs_model_check(struct rs_test_rib *t, const struct rs_model *m,
                           struct rs_attrset **sets)
{
	size_t npfx = 0;
	for (unsigned i = 0; i < RS_MODEL_PFX; i++) {
		int want[RS_MODEL_PEERS];
		rs_model_best(m, sets, i, want);
		struct bgp_prefix p = rs_model_prefix(i);
		const struct rs_path *best[RS_MODEL_PEERS];
		size_t n = rs_rib_best(t->rib, &p, best, RS_MODEL_PEERS);
		size_t k = 0, any = 0;
		for (unsigned q = 0; q < RS_MODEL_PEERS; q++) {
			any += m->attr[q][i] >= 0;
			if (want[q] < 0)
				continue;
			assert_true(k < n);
			assert_int_equal(best[k]->peer, q);
			assert_ptr_equal(best[k]->attrs, sets[want[q]]);
			k++;
		}
		assert_int_equal(k, n);
		npfx += any > 0;
	}
	assert_int_equal(rs_rib_prefix_count(t->rib), npfx);
	for (unsigned q = 0; q < RS_MODEL_PEERS; q++) {
		size_t cnt = 0;
		for (unsigned i = 0; i < RS_MODEL_PFX; i++)
			cnt += m->attr[q][i] >= 0;
		assert_int_equal(rs_rib_peer_count(t->rib, q), cnt);
	}
}

/* Apply one operation to the model; returns whether the best set changed. */
static int rs_model_set(struct rs_model *m, struct rs_attrset **sets, unsigned q, unsigned i,
                        int attr)
{
	int before[RS_MODEL_PEERS], after[RS_MODEL_PEERS];
	rs_model_best(m, sets, i, before);
	m->attr[q][i] = attr;
	rs_model_best(m, sets, i, after);
	int changed = memcmp(before, after, sizeof(before)) != 0;
	if (changed)
		m->changed[i] = true;
	return changed;
}

static void rs_model_drain(struct rs_test_rib *t, struct rs_model *m)
{
	struct bgp_prefix out[7];
	bool seen[RS_MODEL_PFX] = {false};
	size_t n;
	while ((n = rs_rib_drain_changes(t->rib, out, 7)) > 0) {
		for (size_t j = 0; j < n; j++) {
			unsigned i = out[j].addr[2];
			assert_false(seen[i]); /* no duplicates */
			assert_true(m->changed[i]);
			seen[i] = true;
		}
	}
	for (unsigned i = 0; i < RS_MODEL_PFX; i++) {
		assert_int_equal(seen[i], m->changed[i]);
		m->changed[i] = false;
	}
}

static void test_rib_randomized_against_model(void **state)
{
	struct rs_test_rib *t = *state;
	struct rs_attrset *sets[RS_MODEL_ATTRS];
	static const size_t lens[RS_MODEL_ATTRS] = {1, 1, 2, 2, 3};
	static const char *nhs[RS_MODEL_ATTRS] = {"10.0.1.4", "10.0.1.5", "10.0.1.4", "10.0.1.6",
	                                          "10.0.1.7"};
	for (unsigned i = 0; i < RS_MODEL_ATTRS; i++)
		sets[i] = rs_test_intern(t->tab, nhs[i], lens[i]);
	struct rs_model *m = calloc(1, sizeof(*m));
	assert_non_null(m);
	memset(m->attr, 0xFF, sizeof(m->attr));
	uint32_t seed = 20210201u;
	for (unsigned step = 0; step < 200000; step++) {
		uint32_t r = rs_test_rand(&seed);
		unsigned q = r % RS_MODEL_PEERS, i = (r >> 8) % RS_MODEL_PFX, op = (r >> 16) % 100;
		struct bgp_prefix p = rs_model_prefix(i);
		if (op < 55) {
			int a = (int)((r >> 24) % RS_MODEL_ATTRS);
			int want = rs_model_set(m, sets, q, i, a);
			assert_int_equal(rs_rib_announce(t->rib, q, &p, sets[a]), want);
		} else if (op < 99) {
			int want = rs_model_set(m, sets, q, i, -1);
			assert_int_equal(rs_rib_withdraw(t->rib, q, &p), want);
		} else {
			size_t had = 0;
			for (unsigned k = 0; k < RS_MODEL_PFX; k++)
				if (m->attr[q][k] >= 0) {
					had++;
					rs_model_set(m, sets, q, k, -1);
				}
			assert_int_equal(rs_rib_peer_flush(t->rib, q), had);
		}
		if (step % 97 == 0)
			rs_model_check(t, m, sets);
		if (step % 1009 == 0)
			rs_model_drain(t, m);
	}
	rs_model_check(t, m, sets);
	rs_model_drain(t, m);
	free(m);
	for (unsigned i = 0; i < RS_MODEL_ATTRS; i++)
		rs_attrset_unref(t->tab, sets[i]);
}

static void test_attrtab_interning_and_refcount(void **state)
{
	struct rs_test_rib *t = *state;
	static const uint32_t path[] = {65001, 65002};
	struct rs_test_attrs a;
	rs_test_attrs_init(&a, "10.0.1.4", path, 2);
	struct rs_attrset *s1 = rs_attrtab_intern(t->tab, &a.a);
	struct rs_attrset *s2 = rs_attrtab_intern(t->tab, &a.a);
	assert_ptr_equal(s1, s2);
	assert_int_equal(s1->refs, 2);
	assert_int_equal(rs_attrtab_count(t->tab), 1);
	/* owned copies: changing the decoder's arrays does not touch the set */
	a.asns[0][0] = 1;
	assert_int_equal(s1->as_path.segs[0].asns[0], 65001);
	a.asns[0][0] = 65001;
	/* an unknown non-transitive attribute is not kept: same set */
	a.unknown[0] = (struct bgp_raw_attr){
	    .flags = BGP_AF_OPTIONAL, .type = 99, .len = 2, .data = a.unknown_data[0]};
	a.a.unknown = a.unknown;
	a.a.nunknown = 1;
	struct rs_attrset *s3 = rs_attrtab_intern(t->tab, &a.a);
	assert_ptr_equal(s3, s1);
	/* an unknown optional transitive one is kept: a new set */
	a.unknown[0].flags = BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE;
	a.unknown_data[0][0] = 7;
	struct rs_attrset *s4 = rs_attrtab_intern(t->tab, &a.a);
	assert_ptr_not_equal(s4, s1);
	assert_int_equal(s4->nunknown, 1);
	assert_int_equal(s4->unknown[0].data[0], 7);
	/* communities and MED make sets differ */
	a.a.nunknown = 0;
	rs_test_attrs_community(&a, BGP_COMMUNITY(65001, 1));
	struct rs_attrset *s5 = rs_attrtab_intern(t->tab, &a.a);
	assert_ptr_not_equal(s5, s1);
	a.a.med = 10;
	bgp_attr_set(&a.a, BGP_ATTR_MED);
	struct rs_attrset *s6 = rs_attrtab_intern(t->tab, &a.a);
	assert_ptr_not_equal(s6, s5);
	assert_true(s6->has_med);
	assert_int_equal(rs_attrtab_count(t->tab), 4);
	/* many distinct sets force the table to grow */
	struct rs_attrset *many[2000];
	for (unsigned i = 0; i < 2000; i++) {
		a.comm[0] = i;
		many[i] = rs_attrtab_intern(t->tab, &a.a);
	}
	assert_int_equal(rs_attrtab_count(t->tab), 2004);
	for (unsigned i = 0; i < 2000; i++)
		rs_attrset_unref(t->tab, many[i]);
	rs_attrset_unref(t->tab, s1);
	rs_attrset_unref(t->tab, s2);
	rs_attrset_unref(t->tab, s3);
	rs_attrset_unref(t->tab, s4);
	rs_attrset_unref(t->tab, s5);
	rs_attrset_unref(t->tab, s6);
	assert_int_equal(rs_attrtab_count(t->tab), 0);
}

/* The benchmark's load: 8 peers x 100,000 prefixes, then flushes. */
static void test_rib_scale_8_peers_100k(void **state)
{
	struct rs_test_rib *t = *state;
	struct rs_attrset *a[8];
	for (unsigned q = 0; q < 8; q++)
		a[q] = rs_test_intern(t->tab, q < 4 ? "10.0.1.4" : "10.0.1.5", 1 + q % 2);
	for (unsigned q = 0; q < 8; q++) {
		for (uint32_t i = 0; i < 100000; i++) {
			struct bgp_prefix p = {.afi = BGP_AFI_IPV4, .len = 24};
			uint32_t v = 0x0B000000u + (i << 8);
			p.addr[0] = (uint8_t)(v >> 24);
			p.addr[1] = (uint8_t)(v >> 16);
			p.addr[2] = (uint8_t)(v >> 8);
			assert_true(rs_rib_announce(t->rib, q, &p, a[q]) >= 0);
		}
	}
	assert_int_equal(rs_rib_prefix_count(t->rib), 100000);
	for (unsigned q = 0; q < 8; q++)
		assert_int_equal(rs_rib_peer_count(t->rib, q), 100000);
	char b[64];
	assert_string_equal(rs_test_best(t, "11.1.2.0/24", b, sizeof(b)), "0,2,4,6");
	assert_int_equal(rs_test_drain(t), 100000);
	for (unsigned q = 0; q < 8; q += 2)
		assert_int_equal(rs_rib_peer_flush(t->rib, q), 100000);
	assert_string_equal(rs_test_best(t, "11.1.2.0/24", b, sizeof(b)), "1,3,5,7");
	assert_int_equal(rs_test_drain(t), 100000);
	for (unsigned q = 1; q < 8; q += 2)
		assert_int_equal(rs_rib_peer_flush(t->rib, q), 100000);
	assert_int_equal(rs_rib_prefix_count(t->rib), 0);
	assert_int_equal(rs_test_drain(t), 100000);
	for (unsigned q = 0; q < 8; q++)
		rs_attrset_unref(t->tab, a[q]);
	assert_int_equal(rs_attrtab_count(t->tab), 0);
}

#define RS_TEST(f) cmocka_unit_test_setup_teardown(f, rs_test_setup, rs_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    RS_TEST(test_ars_ecmp_equal_length),
	    RS_TEST(test_ars_shortest_wins),
	    RS_TEST(test_ars_shortest_prepending_active_passive),
	    RS_TEST(test_ars_ecmp_insertion_order_independent),
	    RS_TEST(test_ars_shortest_as_set_counts_one),
	    RS_TEST(test_rib_change_log),
	    RS_TEST(test_rib_peer_flush_counts_and_changes),
	    RS_TEST(test_rib_walk_order),
	    RS_TEST(test_rib_randomized_against_model),
	    RS_TEST(test_attrtab_interning_and_refcount),
	    RS_TEST(test_rib_scale_8_peers_100k),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
