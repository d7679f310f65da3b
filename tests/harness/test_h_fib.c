/* test_h_fib.c: the fake NVA's forwarding table: longest match, recursion,
 * and the missing static route of docs/SPEC.md (ARS-STATIC-ROUTE). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "h_fib.h"

#define A(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (d))

static struct h_fib f;

static void h_nva_table(void)
{
	h_fib_free(&f); /* the previous test's table */
	h_fib_add(&f, A(10, 0, 1, 0), 24, 0, H_FIB_CONNECTED, -1);
	h_fib_add(&f, 0, 0, A(10, 0, 1, 1), H_FIB_DEFAULT, -1);
}

static void test_longest_match(void **state)
{
	const struct h_fib_route *r;

	(void)state;
	h_nva_table();
	h_fib_add(&f, A(10, 1, 0, 0), 16, A(10, 0, 1, 7), H_FIB_BGP, 0);
	h_fib_add(&f, A(10, 1, 2, 0), 24, A(10, 0, 1, 8), H_FIB_BGP, 0);
	r = h_fib_lookup(&f, A(10, 1, 2, 9));
	assert_non_null(r);
	assert_int_equal(r->len, 24);
	r = h_fib_lookup(&f, A(10, 1, 3, 9));
	assert_int_equal(r->len, 16);
	r = h_fib_lookup(&f, A(8, 8, 8, 8));
	assert_int_equal(r->len, 0);
	h_fib_del(&f, A(10, 1, 2, 0), 24, 0);
	assert_int_equal(h_fib_lookup(&f, A(10, 1, 2, 9))->len, 16);
}

static void test_recursion(void **state)
{
	struct h_fib_res res;

	(void)state;
	h_nva_table();
	/* 10.9.0.0/16 via 10.5.0.1, itself via a static route to the gateway */
	h_fib_add(&f, A(10, 5, 0, 0), 16, A(10, 0, 1, 1), H_FIB_STATIC, -1);
	h_fib_add(&f, A(10, 9, 0, 0), 16, A(10, 5, 0, 1), H_FIB_BGP, 0);
	h_fib_resolve(&f, A(10, 9, 1, 1), &res);
	assert_true(res.reachable);
	assert_int_equal(res.gateway, A(10, 0, 1, 1));
	assert_int_equal(res.depth, 2);
}

static void test_missing_static_route(void **state)
{
	struct h_fib_res res;

	(void)state;
	h_nva_table();
	h_fib_resolve(&f, A(10, 0, 255, 4), &res);
	assert_true(res.reachable); /* via the default gateway */
	/* the NVA learns the VNet prefix with NEXT_HOP = the server itself */
	h_fib_add(&f, A(10, 0, 0, 0), 16, A(10, 0, 255, 4), H_FIB_BGP, 0);
	h_fib_resolve(&f, A(10, 0, 255, 4), &res);
	assert_false(res.reachable);
	assert_int_equal(res.first.len, 16);
	assert_int_equal(res.first.src, H_FIB_BGP);
	assert_non_null(strstr(res.why, "10.0.0.0/16 (bgp, next hop 10.0.255.4)"));
	assert_non_null(strstr(res.why, "loop"));
	/* the session drops, the route is flushed: reachable again */
	h_fib_flush_owner(&f, 0);
	h_fib_resolve(&f, A(10, 0, 255, 4), &res);
	assert_true(res.reachable);
}

static void test_with_static_route(void **state)
{
	struct h_fib_res res;

	(void)state;
	h_nva_table();
	h_fib_add(&f, A(10, 0, 255, 0), 27, A(10, 0, 1, 1), H_FIB_STATIC, -1);
	h_fib_add(&f, A(10, 0, 0, 0), 16, A(10, 0, 255, 4), H_FIB_BGP, 0);
	h_fib_resolve(&f, A(10, 0, 255, 4), &res);
	assert_true(res.reachable);
	assert_int_equal(res.first.len, 27);
	assert_int_equal(res.first.src, H_FIB_STATIC);
	assert_int_equal(res.gateway, A(10, 0, 1, 1));
}

static void test_connected_beats_bgp(void **state)
{
	(void)state;
	h_nva_table();
	h_fib_add(&f, A(10, 0, 1, 0), 24, A(10, 0, 255, 4), H_FIB_BGP, 1);
	assert_int_equal(h_fib_lookup(&f, A(10, 0, 1, 9))->src, H_FIB_CONNECTED);
}

/* The table has no fixed size: a learned table of thousands of routes fits. */
static void test_grows(void **state)
{
	uint32_t i;

	(void)state;
	h_nva_table();
	for (i = 0; i < 6000; i++)
		assert_int_equal(
		    h_fib_add(&f, A(20, 0, 0, 0) + (i << 8), 24, A(10, 0, 1, 7), H_FIB_BGP, 0), 0);
	assert_int_equal(f.n, 6002);
	assert_int_equal(h_fib_lookup(&f, A(20, 0, 0, 0) + (5999u << 8) + 1)->len, 24);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_longest_match),        cmocka_unit_test(test_recursion),
	    cmocka_unit_test(test_missing_static_route), cmocka_unit_test(test_with_static_route),
	    cmocka_unit_test(test_connected_beats_bgp),  cmocka_unit_test(test_grows),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	h_fib_free(&f);
	return rc;
}
