/* test_rs_oom.c: the core under allocation failure. Every malloc, calloc
 * and realloc of the core is wrapped (linker --wrap); the Nth one fails,
 * for every N a scenario reaches. The core must return errors as values,
 * keep its counts consistent, and leak nothing (ASan). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rs_export.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

static long rs_oom_countdown = -1; /* allocations left before one fails; -1 = never */
static long rs_oom_calls;
static long rs_oom_errors; /* errors the core reported */

static bool rs_oom_fail(void)
{
	rs_oom_calls++;
	if (rs_oom_countdown < 0)
		return false;
	return rs_oom_countdown-- == 0;
}

void *__wrap_malloc(size_t n)
{
	return rs_oom_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return rs_oom_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return rs_oom_fail() ? NULL : __real_realloc(p, n);
}

#define RS_OOM_PREFIXES 120

static struct bgp_prefix rs_oom_prefix(unsigned i)
{
	struct bgp_prefix p = {.afi = BGP_AFI_IPV4, .len = 24};
	p.addr[0] = 10;
	p.addr[1] = (uint8_t)(i >> 8);
	p.addr[2] = (uint8_t)i;
	return p;
}

/* One run: announce, replace, withdraw, flush, drain, walk. Returns the
 * number of allocations it made. */
static long rs_oom_scenario(long fail_at)
{
	static uint32_t asns[3][4] = {{65001}, {65002, 65002}, {65003, 1, 2}};
	static uint32_t comm[2] = {BGP_COMMUNITY(65001, 1), BGP_COMM_NO_ADVERTISE};
	static uint8_t raw[3] = {1, 2, 3};
	struct bgp_raw_attr unknown = {
	    .flags = BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE, .type = 99, .len = 3, .data = raw};
	rs_oom_calls = 0;
	rs_oom_countdown = fail_at;
	struct rs_attrtab *tab = rs_attrtab_new();
	struct rs_rib *rib = tab ? rs_rib_new(tab) : NULL;
	if (rib == NULL) {
		rs_attrtab_free(tab);
		rs_oom_countdown = -1;
		return rs_oom_calls;
	}
	struct rs_attrset *sets[3] = {NULL, NULL, NULL};
	for (unsigned k = 0; k < 3; k++) {
		struct bgp_as_segment seg = {BGP_SEG_SEQUENCE, (uint8_t)(k + 1), asns[k]};
		struct bgp_attrs a;
		memset(&a, 0, sizeof(a));
		a.as_path.nseg = 1;
		a.as_path.segs = &seg;
		a.next_hop = 0x0A000104u + k;
		bgp_attr_set(&a, BGP_ATTR_NEXT_HOP);
		a.ncommunities = k;
		a.communities = k ? comm : NULL;
		a.nunknown = k == 2;
		a.unknown = &unknown;
		sets[k] = rs_attrtab_intern(tab, &a);
		rs_oom_errors += sets[k] == NULL;
	}
	size_t announced[3] = {0, 0, 0};
	for (unsigned i = 0; i < RS_OOM_PREFIXES; i++) {
		for (uint32_t peer = 0; peer < 3; peer++) {
			struct rs_attrset *s = sets[(i + peer) % 3];
			if (s == NULL)
				continue;
			struct bgp_prefix p = rs_oom_prefix(i);
			int rc = rs_rib_announce(rib, peer, &p, s);
			assert_true(rc >= -1 && rc <= 1);
			if (rc >= 0)
				announced[peer]++;
			else
				rs_oom_errors++;
			assert_int_equal(rs_rib_peer_has(rib, peer, &p), rc >= 0);
		}
	}
	for (uint32_t peer = 0; peer < 3; peer++)
		assert_int_equal(rs_rib_peer_count(rib, peer), announced[peer]);
	for (unsigned i = 0; i < RS_OOM_PREFIXES; i += 3) {
		struct bgp_prefix p = rs_oom_prefix(i);
		if (rs_rib_peer_has(rib, 1, &p)) {
			rs_rib_withdraw(rib, 1, &p);
			announced[1]--;
		}
		assert_false(rs_rib_peer_has(rib, 1, &p));
	}
	assert_int_equal(rs_rib_peer_count(rib, 1), announced[1]);
	struct bgp_prefix out[50];
	while (rs_rib_drain_changes(rib, out, 50) > 0)
		;
	assert_int_equal(rs_rib_peer_flush(rib, 0), announced[0]);
	struct rs_config c;
	rs_config_defaults(&c);
	struct rs_eff_route eff[8];
	rs_effective_routes(&c, rib, eff, 8);
	assert_int_equal(rs_rib_peer_flush(rib, 2), announced[2]);
	for (unsigned k = 0; k < 3; k++)
		rs_attrset_unref(tab, sets[k]);
	rs_rib_free(rib);
	rs_attrtab_free(tab);
	rs_oom_countdown = -1;
	return rs_oom_calls;
}

static void test_rs_oom_every_allocation(void **state)
{
	long total = rs_oom_scenario(-1);
	assert_true(total > 20);
	for (long n = 0; n < total; n++)
		rs_oom_scenario(n);
	/* the wrapping works: failures reached the core and were reported */
	assert_true(rs_oom_errors > total / 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rs_oom_every_allocation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
