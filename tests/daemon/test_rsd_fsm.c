/* test_rsd_fsm.c: the daemon's pure parts in isolation: hold time
 * negotiation, collision resolution, timer scaling, the timer heap, our
 * OPEN and the checks on the peer's OPEN, the JSON writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rsd_daemon.h"
#include "rsd_json.h"

static void test_hold_negotiation(void **state)
{
	unsigned h = 99, k = 99;
	assert_int_equal(rsd_hold_negotiate(180, 90, &h, &k), 0);
	assert_int_equal(h, 90);
	assert_int_equal(k, 30);
	assert_int_equal(rsd_hold_negotiate(90, 180, &h, &k), 0);
	assert_int_equal(h, 90);
	assert_int_equal(rsd_hold_negotiate(180, 0, &h, &k), 0);
	assert_int_equal(h, 0);
	assert_int_equal(k, 0);
	assert_int_equal(rsd_hold_negotiate(180, 3, &h, &k), 0);
	assert_int_equal(h, 3);
	assert_int_equal(k, 1);
	assert_int_equal(rsd_hold_negotiate(180, 180, &h, &k), 0);
	assert_int_equal(h, 180);
	assert_int_equal(k, 60);
	assert_int_equal(rsd_hold_negotiate(180, 1, &h, &k), -1);
	assert_int_equal(rsd_hold_negotiate(180, 2, &h, &k), -1);
	assert_int_equal(rsd_hold_negotiate(0, 90, &h, &k), 0);
	assert_int_equal(h, 0);
	assert_int_equal(rsd_hold_negotiate(180, 65535, &h, &k), 0);
	assert_int_equal(h, 180);
}

static void test_collision(void **state)
{
	/* the higher BGP identifier's connection survives */
	assert_true(rsd_collision_keep_inbound(0x0A00FF04u, 0x7F000101u));
	assert_false(rsd_collision_keep_inbound(0x7F000101u, 0x0A00FF04u));
	assert_false(rsd_collision_keep_inbound(5, 5));
	assert_true(rsd_collision_keep_inbound(0, 0xffffffffu));
}

static void test_scaling(void **state)
{
	assert_int_equal(rsd_scaled_ms(180, 1.0), 180000);
	assert_int_equal(rsd_scaled_ms(180, 0.01), 1800);
	assert_int_equal(rsd_scaled_ms(60, 0.01), 600);
	assert_int_equal(rsd_scaled_ms(5, 0.0001), 1); /* never 0 for a real duration */
	assert_int_equal(rsd_scaled_ms(0, 1.0), 0);
	assert_int_equal(rsd_scaled_ms(3, 0), 3000); /* bad scale falls back to 1 */
}

static int fired[8];
static int order[8];
static int nfired;

static void on_timer(void *arg)
{
	int i = (int)(intptr_t)arg;
	fired[i]++;
	order[nfired++] = i;
}

static void test_timer_heap(void **state)
{
	struct rsd_loop l;
	assert_int_equal(rsd_loop_init(&l), 0);
	struct rsd_timer t[5];
	for (int i = 0; i < 5; i++)
		rsd_timer_init(&t[i], on_timer, (void *)(intptr_t)i);
	memset(fired, 0, sizeof(fired));
	nfired = 0;
	rsd_timer_arm(&l, &t[0], 50);
	rsd_timer_arm(&l, &t[1], 10);
	rsd_timer_arm(&l, &t[2], 30);
	rsd_timer_arm(&l, &t[3], 20);
	rsd_timer_arm(&l, &t[4], 40);
	assert_true(rsd_timer_armed(&t[2]));
	rsd_timer_stop(&l, &t[2]);
	assert_false(rsd_timer_armed(&t[2]));
	rsd_timer_arm(&l, &t[0], 5); /* re-arm moves it first */
	uint64_t now = rsd_now_ms();
	int to = rsd_loop_timeout(&l, now);
	assert_true(to >= 0 && to <= 5);
	rsd_loop_run_timers(&l, now + 1000);
	assert_int_equal(nfired, 4);
	assert_int_equal(order[0], 0);
	assert_int_equal(order[1], 1);
	assert_int_equal(order[2], 3);
	assert_int_equal(order[3], 4);
	assert_int_equal(fired[2], 0);
	assert_int_equal(rsd_loop_timeout(&l, now), -1);
	rsd_loop_free(&l);
}

static void test_state_names(void **state)
{
	assert_string_equal(rsd_state_name(RSD_IDLE), "Idle");
	assert_string_equal(rsd_state_name(RSD_OPENCONFIRM), "OpenConfirm");
	assert_string_equal(rsd_state_name(RSD_ESTABLISHED), "Established");
}

/* A daemon with just enough configuration for the OPEN functions. */
static struct rsd_daemon *fake_daemon(void)
{
	struct rsd_daemon *d = calloc(1, sizeof(*d));
	d->cfg = calloc(1, sizeof(*d->cfg));
	rs_config_defaults(d->cfg);
	d->cfg->inst[0].addr = 0x0A00FF04u;
	d->cfg->inst[1].addr = 0x0A00FF05u;
	d->peers = calloc(1, sizeof(*d->peers));
	d->peer_cfg = calloc(1, sizeof(*d->peer_cfg));
	d->peer_cfg[0].asn = 65001;
	snprintf(d->peer_cfg[0].name, sizeof(d->peer_cfg[0].name), "nva1");
	d->peers[0].used = true;
	d->peers[0].sess[0].d = d;
	d->peers[0].sess[0].peer = &d->peers[0];
	return d;
}

static void free_daemon(struct rsd_daemon *d)
{
	free(d->cfg);
	free(d->peers);
	free(d->peer_cfg);
	free(d);
}

static void test_our_open(void **state)
{
	struct rsd_daemon *d = fake_daemon();
	uint8_t buf[BGP_MAX_LEN];
	size_t n = rsd_open_build(d, 1, buf, sizeof(buf));
	assert_true(n > 29);
	static uint8_t mem[1 << 16];
	struct bgp_arena a;
	bgp_arena_init(&a, mem, sizeof(mem));
	struct bgp_ctx ctx;
	memset(&ctx, 0, sizeof(ctx));
	struct bgp_msg m;
	struct bgp_verdict v;
	memset(&v, 0, sizeof(v));
	assert_int_equal(bgp_decode(buf, n, &ctx, &a, &m, &v), BGP_ACT_OK);
	assert_int_equal(m.type, BGP_OPEN);
	assert_int_equal(m.u.open.version, 4);
	assert_int_equal(m.u.open.my_as, 65515);
	assert_int_equal(m.u.open.hold_time, 180);
	assert_int_equal(m.u.open.bgp_id, 0x0A00FF05u);
	assert_true(m.u.open.has_as4);
	assert_int_equal(m.u.open.as4, 65515);
	assert_true(m.u.open.route_refresh);
	assert_false(m.u.open.has_gr);
	assert_int_equal(m.u.open.nmp, 1);
	assert_int_equal(m.u.open.mp[0].afi, BGP_AFI_IPV4);
	assert_int_equal(rsd_open_build(d, 0, buf, 20), 0);
	free_daemon(d);
}

static void test_open_checks(void **state)
{
	struct rsd_daemon *d = fake_daemon();
	struct rsd_session *s = &d->peers[0].sess[0];
	struct bgp_open o;
	memset(&o, 0, sizeof(o));
	o.version = 4;
	o.my_as = 65001;
	o.hold_time = 90;
	o.bgp_id = 0x7F000101u;
	uint8_t code, sub;
	const char *rule;
	assert_int_equal(rsd_open_check(d, s, &o, &code, &sub, &rule), 0);
	o.my_as = 65009;
	assert_int_equal(rsd_open_check(d, s, &o, &code, &sub, &rule), -1);
	assert_int_equal(code, 2);
	assert_int_equal(sub, 2);
	assert_string_equal(rule, "ARS-ASN-MISMATCH");
	/* the 4-octet AS capability wins over my_as */
	o.my_as = BGP_AS_TRANS;
	o.has_as4 = true;
	o.as4 = 65001;
	assert_int_equal(rsd_open_check(d, s, &o, &code, &sub, &rule), 0);
	o.hold_time = 2;
	assert_int_equal(rsd_open_check(d, s, &o, &code, &sub, &rule), -1);
	assert_int_equal(sub, 6);
	o.hold_time = 0;
	assert_int_equal(rsd_open_check(d, s, &o, &code, &sub, &rule), 0);
	o.bgp_id = 0;
	assert_int_equal(rsd_open_check(d, s, &o, &code, &sub, &rule), -1);
	assert_int_equal(sub, 3);
	o.bgp_id = 1;
	o.version = 3;
	assert_int_equal(rsd_open_check(d, s, &o, &code, &sub, &rule), -1);
	assert_int_equal(sub, 1);
	free_daemon(d);
}

static void test_route_refresh_build(void **state)
{
	uint8_t b[32];
	assert_int_equal(rsd_route_refresh_build(b, sizeof(b)), 23);
	assert_int_equal(b[18], BGP_ROUTE_REFRESH);
	assert_int_equal(b[20], 1);
	assert_int_equal(b[22], 1);
	assert_int_equal(rsd_route_refresh_build(b, 10), 0);
}

static void test_json(void **state)
{
	struct rsd_buf b;
	memset(&b, 0, sizeof(b));
	struct rsd_json j;
	rsd_json_init(&j, &b);
	rsd_json_obj(&j);
	rsd_json_kstr(&j, "a", "x\"y\n");
	rsd_json_key(&j, "l");
	rsd_json_arr(&j);
	rsd_json_int(&j, 1);
	rsd_json_addr(&j, 0x0A00FF04u);
	rsd_json_null(&j);
	rsd_json_arr_end(&j);
	rsd_json_key(&j, "e");
	rsd_json_arr(&j);
	rsd_json_arr_end(&j);
	rsd_json_key(&j, "t");
	rsd_json_bool(&j, true);
	rsd_json_obj_end(&j);
	rsd_buf_append(&b, "", 1);
	assert_string_equal((char *)b.data,
	                    "{\"a\":\"x\\\"y\\u000a\",\"l\":[1,\"10.0.255.4\",null],\"e\":[],"
	                    "\"t\":true}");
	rsd_buf_free(&b);
}

static void test_buf(void **state)
{
	struct rsd_buf b;
	memset(&b, 0, sizeof(b));
	for (int i = 0; i < 1000; i++)
		assert_int_equal(rsd_buf_append(&b, "abcd", 4), 0);
	assert_int_equal(rsd_buf_pending(&b), 4000);
	rsd_buf_consume(&b, 3998);
	assert_int_equal(rsd_buf_pending(&b), 2);
	assert_memory_equal(rsd_buf_head(&b), "cd", 2);
	rsd_buf_compact(&b);
	assert_int_equal(b.off, 0);
	rsd_buf_consume(&b, 2);
	assert_int_equal(b.len, 0);
	rsd_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hold_negotiation),
	    cmocka_unit_test(test_collision),
	    cmocka_unit_test(test_scaling),
	    cmocka_unit_test(test_timer_heap),
	    cmocka_unit_test(test_state_names),
	    cmocka_unit_test(test_our_open),
	    cmocka_unit_test(test_open_checks),
	    cmocka_unit_test(test_route_refresh_build),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_buf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
