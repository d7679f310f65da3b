/* test_pack.c: packing a table into UPDATEs up to the negotiated size:
 * the limit is respected, every prefix goes out exactly once and in order. */
#include "codec_test.h"

static uint8_t wire[BGP_EXT_MAX_LEN];
static struct bgp_prefix table[20000];

static uint32_t path_asns[] = {65001, 65002};
static struct bgp_as_segment path_seg = {BGP_SEG_SEQUENCE, 2, path_asns};
static struct bgp_large_community lc = {65001, 7, 8};

static void base_attrs(struct bgp_attrs *a)
{
	memset(a, 0, sizeof(*a));
	bgp_attr_set(a, BGP_ATTR_ORIGIN);
	bgp_attr_set(a, BGP_ATTR_AS_PATH);
	bgp_attr_set(a, BGP_ATTR_NEXT_HOP);
	bgp_attr_set(a, BGP_ATTR_LARGE_COMMUNITY);
	a->as_path.nseg = 1;
	a->as_path.segs = &path_seg;
	a->next_hop = 0x0a000104;
	a->nlarge = 1;
	a->large = &lc;
	a->mp_reach.afi = BGP_AFI_IPV6;
	a->mp_reach.safi = BGP_SAFI_UNICAST;
	a->mp_reach.nh_len = 16;
	a->mp_reach.nh[0] = 0xfe;
	a->mp_reach.nh[1] = 0x80;
	a->mp_reach.nh[15] = 1;
}

static void make_table(size_t n, uint16_t afi, uint8_t len)
{
	for (size_t i = 0; i < n; i++) {
		struct bgp_prefix *p = &table[i];

		memset(p, 0, sizeof(*p));
		p->afi = afi;
		p->len = len;
		if (afi == BGP_AFI_IPV4) {
			p->addr[0] = (uint8_t)(10 + (i >> 16));
			p->addr[1] = (uint8_t)(i >> 8);
			p->addr[2] = (uint8_t)i;
		} else {
			p->addr[0] = 0x20;
			p->addr[1] = 0x01;
			p->addr[2] = 0x0d;
			p->addr[3] = 0xb8;
			p->addr[4] = (uint8_t)(i >> 8);
			p->addr[5] = (uint8_t)i;
		}
	}
}

/* Pack the whole table, decode every UPDATE and check each prefix came out
 * once, in order; return the number of messages. */
static size_t pack_all(const struct bgp_ctx *ctx, size_t n, int withdraw, size_t limit)
{
	struct bgp_attrs a;
	size_t done = 0, msgs = 0;

	base_attrs(&a);
	while (done < n) {
		struct bgp_msg m;
		struct bgp_verdict v;
		const struct bgp_prefix *got;
		size_t consumed, ngot, len;

		len = bgp_pack_update(ctx, &a, table + done, n - done, withdraw, wire, sizeof(wire),
		                      &consumed);
		assert_true(len > 0);
		assert_true(len <= limit);
		assert_true(consumed > 0);
		assert_int_equal(ct_decode(wire, len, ctx, &m, &v), BGP_ACT_OK);
		if (table[0].afi == BGP_AFI_IPV4) {
			got = withdraw ? m.u.update.withdrawn : m.u.update.nlri;
			ngot = withdraw ? m.u.update.nwithdrawn : m.u.update.nnlri;
		} else {
			got = withdraw ? m.u.update.attrs.mp_unreach.prefixes
			               : m.u.update.attrs.mp_reach.prefixes;
			ngot = withdraw ? m.u.update.attrs.mp_unreach.nprefix
			                : m.u.update.attrs.mp_reach.nprefix;
		}
		assert_int_equal(ngot, consumed);
		for (size_t i = 0; i < ngot; i++) {
			assert_int_equal(got[i].len, table[done + i].len);
			assert_int_equal(got[i].path_id, table[done + i].path_id);
			assert_memory_equal(got[i].addr, table[done + i].addr, 16);
		}
		if (!withdraw) {
			assert_int_equal(m.u.update.attrs.nlarge, 1);
			assert_int_equal(m.u.update.attrs.as_path.segs[0].asns[1], 65002);
		}
		/* Full messages except the last: the next prefix would not fit. */
		if (done + consumed < n)
			assert_true(len + 5 + 17 > limit);
		done += consumed;
		msgs++;
	}
	assert_int_equal(done, n);
	return msgs;
}

static void test_pack_ipv4_respects_4096(void **state)
{
	struct bgp_ctx ctx = {.as4 = true};
	size_t msgs;

	make_table(5000, BGP_AFI_IPV4, 24);
	msgs = pack_all(&ctx, 5000, 0, 4096);
	/* ~4040 bytes of NLRI per message at 4 bytes per /24. */
	assert_int_equal(msgs, 5);
}

static void test_pack_ipv4_withdraw(void **state)
{
	struct bgp_ctx ctx = {.as4 = true};

	make_table(3000, BGP_AFI_IPV4, 32);
	assert_int_equal(pack_all(&ctx, 3000, 1, 4096), 4);
}

static void test_pack_ipv6_mp_reach(void **state)
{
	struct bgp_ctx ctx = {.as4 = true};

	make_table(2000, BGP_AFI_IPV6, 48);
	assert_true(pack_all(&ctx, 2000, 0, 4096) >= 3);
}

static void test_pack_ipv6_withdraw(void **state)
{
	struct bgp_ctx ctx = {.as4 = true};

	make_table(2000, BGP_AFI_IPV6, 64);
	assert_true(pack_all(&ctx, 2000, 1, 4096) >= 4);
}

static void test_pack_ext_msg_65535(void **state)
{
	struct bgp_ctx ctx = {.as4 = true, .ext_msg = true};
	size_t msgs;

	make_table(20000, BGP_AFI_IPV4, 24);
	msgs = pack_all(&ctx, 20000, 0, 65535);
	assert_int_equal(msgs, 2);
}

static void test_pack_add_path(void **state)
{
	struct bgp_ctx ctx = {.as4 = true, .addpath_v4 = true, .addpath_v6 = true};

	make_table(1500, BGP_AFI_IPV4, 24);
	for (size_t i = 0; i < 1500; i++)
		table[i].path_id = (uint32_t)i + 1;
	assert_int_equal(pack_all(&ctx, 1500, 0, 4096), 3);
	make_table(500, BGP_AFI_IPV6, 64);
	for (size_t i = 0; i < 500; i++)
		table[i].path_id = (uint32_t)i * 3;
	assert_true(pack_all(&ctx, 500, 1, 4096) >= 2);
}

static void test_pack_stops_at_family_change(void **state)
{
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_attrs a;
	size_t consumed;

	make_table(10, BGP_AFI_IPV4, 24);
	table[4].afi = BGP_AFI_IPV6;
	base_attrs(&a);
	assert_true(bgp_pack_update(&ctx, &a, table, 10, 0, wire, sizeof(wire), &consumed) > 0);
	assert_int_equal(consumed, 4);
}

static void test_pack_small_buffer_and_empty_input(void **state)
{
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_attrs a;
	size_t consumed = 99, len;

	make_table(100, BGP_AFI_IPV4, 24);
	base_attrs(&a);
	assert_int_equal(bgp_pack_update(&ctx, &a, table, 0, 0, wire, sizeof(wire), &consumed), 0);
	assert_int_equal(consumed, 0);
	/* A 100-byte buffer is the limit. */
	len = bgp_pack_update(&ctx, &a, table, 100, 0, wire, 100, &consumed);
	assert_true(len > 0 && len <= 100);
	assert_true(consumed > 0 && consumed < 100);
	/* IPv6 without an IPv6 next hop cannot be announced. */
	make_table(10, BGP_AFI_IPV6, 48);
	a.mp_reach.nh_len = 0;
	assert_int_equal(bgp_pack_update(&ctx, &a, table, 10, 0, wire, sizeof(wire), &consumed), 0);
	assert_true(bgp_pack_update(&ctx, &a, table, 10, 1, wire, sizeof(wire), &consumed) > 0);
	assert_int_equal(consumed, 10);
	make_table(100, BGP_AFI_IPV4, 24);
	/* Too small for the attributes and one prefix. */
	assert_int_equal(bgp_pack_update(&ctx, &a, table, 100, 0, wire, 40, &consumed), 0);
	assert_int_equal(consumed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pack_ipv4_respects_4096),
	    cmocka_unit_test(test_pack_ipv4_withdraw),
	    cmocka_unit_test(test_pack_ipv6_mp_reach),
	    cmocka_unit_test(test_pack_ipv6_withdraw),
	    cmocka_unit_test(test_pack_ext_msg_65535),
	    cmocka_unit_test(test_pack_add_path),
	    cmocka_unit_test(test_pack_stops_at_family_change),
	    cmocka_unit_test(test_pack_small_buffer_and_empty_input),
	};

	return cmocka_run_group_tests(tests, ct_setup, NULL);
}
