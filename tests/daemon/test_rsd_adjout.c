/* test_rsd_adjout.c: the Adj-RIB-Out against a plain array model: random
 * set / replace / remove over dense and sparse IPv4 and some IPv6 prefixes,
 * with counts, lookups, the sorted listing and attribute references. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rsd_daemon.h"

#define TA_NPFX 3000
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
	struct rsd_adjout *a = rsd_adjout_new();
	uint64_t seed = 0x5eed1234abcdull;

	assert_non_null(a);
	for (int round = 0; round < 6; round++) {
		for (int op = 0; op < 20000; op++) {
			size_t i = (size_t)(ta_rand(&seed) % TA_NPFX);
			const void *key = ta_pick(e, ta_rand(&seed));
			const void *old = (const void *)1;

			if (op & 1) {
				assert_int_equal(rsd_adjout_swap(a, e->tab, &e->pfx[i], key, &old), 0);
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
	struct rsd_adjout *a = rsd_adjout_new();

	assert_non_null(a);
	for (size_t i = 0; i < TA_NPFX; i++)
		assert_int_equal(rsd_adjout_set(a, e->tab, &e->pfx[i], e->keys[i % TA_NKEYS]), 0);
	assert_int_equal(rsd_adjout_count(a), TA_NPFX);
	assert_true(e->keys[0]->refs > 1);
	rsd_adjout_free(a, e->tab);
	for (unsigned k = 0; k < TA_NKEYS; k++)
		assert_int_equal(e->keys[k]->refs, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_rsd_adjout_model, ta_setup, ta_teardown),
	    cmocka_unit_test_setup_teardown(test_rsd_adjout_free_releases, ta_setup, ta_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
