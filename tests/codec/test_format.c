/* test_format.c: the one-line formatter, checked literally, and prefix
 * parsing. */
#include "codec_test.h"

static uint8_t wire[4096];
static char out[1024];

static void test_format_update_line(void **state)
{
	static const uint8_t at[] = {0x40, 1,    1,    0, 0x40, 2,    10,   2, 2, 0,  0,
	                             0xfd, 0xe9, 0,    0, 0xfd, 0xea, 0x40, 3, 4, 10, 0,
	                             1,    4,    0xc0, 8, 4,    0xfd, 0xe9, 0, 1};
	static const uint8_t nlri[] = {16, 10, 1};
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_update(NULL, 0, at, sizeof(at), nlri, sizeof(nlri), wire), n;

	assert_int_equal(ct_decode(wire, len, &ctx, &m, &v), BGP_ACT_OK);
	n = bgp_format(&m, out, sizeof(out));
	assert_string_equal(out, "UPDATE len=57 withdrawn=0 ORIGIN=IGP AS_PATH=65001 65002 "
	                         "NEXT_HOP=10.0.1.4 COMMUNITIES=65001:1 nlri=10.1.0.0/16");
	assert_int_equal(n, strlen(out));
	/* snprintf semantics: truncated output, full length returned. */
	assert_int_equal(bgp_format(&m, out, 10), n);
	assert_string_equal(out, "UPDATE le");
}

static void test_format_update_all_attributes(void **state)
{
	static const uint8_t at[] = {
	    0x40, 1,    1,  2, /* INCOMPLETE */
	    0x40, 2,    16, 2, 1,    0,    0,    0xfd, 0xe9, 1,   2,    0,  0,   0,    1,
	    0,    0,    0,  2, 0x80, 4,    4,    0,    0,    0,   5, /* MED 5 */
	    0x40, 6,    0,                                           /* ATOMIC_AGGREGATE */
	    0xc0, 7,    8,  0, 0,    0xfd, 0xe9, 10,   0,    0,   9, /* AGGREGATOR */
	    0x80, 14,   26, 0, 2,    1,    16,   0x20, 1,    0xd, 0xb8, 0,  0,   0,    0,
	    0,    0,    0,  0, 0,    0,    0,    1,    0,    32,  0x20, 1,  0xd, 0xb8, 0xc0,
	    16,   8,    0,  2, 0xfd, 0xe9, 0,    0,    0,    1,   0xc0, 32, 12,  0,    0,
	    0xfd, 0xe9, 0,  0, 0,    1,    0,    0,    0,    2,   0xc0, 99, 1,   7,
	};
	static const uint8_t wd[] = {8, 10};
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_update(wd, sizeof(wd), at, sizeof(at), NULL, 0, wire);

	assert_int_equal(ct_decode(wire, len, &ctx, &m, &v), BGP_ACT_OK);
	bgp_format(&m, out, sizeof(out));
	assert_string_equal(out, "UPDATE len=128 withdrawn=1 wd=10.0.0.0/8 ORIGIN=INCOMPLETE "
	                         "AS_PATH=65001 {1 2} MED=5 ATOMIC_AGGREGATE "
	                         "AGGREGATOR=65001:10.0.0.9 MP_REACH=ipv6/unicast nh=2001:db8::1 "
	                         "nlri=2001:db8::/32 EXT_COMMUNITIES=0002fde900000001 "
	                         "LARGE_COMMUNITY=65001:1:2 ATTR99=flags:0xc0,len:1");
}

static void test_format_other_messages(void **state)
{
	static const uint8_t open_body[] = {4, 0xfd, 0xe9, 0, 90, 10, 0,  0, 1, 14, 2,    12,
	                                    1, 4,    0,    1, 0,  1,  65, 4, 0, 0,  0xfd, 0xe9};
	static const uint8_t rr[] = {0, 2, 1, 1};
	static const uint8_t shut[] = {6, 2, 3, 'b', 'y', 'e'};
	static const uint8_t err[] = {3, 3, 1};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len;

	len = ct_msg(BGP_OPEN, open_body, sizeof(open_body), wire);
	assert_int_equal(ct_decode(wire, len, NULL, &m, &v), BGP_ACT_OK);
	bgp_format(&m, out, sizeof(out));
	assert_string_equal(out, "OPEN len=43 version=4 as=65001 hold=90 id=10.0.0.1 as4=65001 "
	                         "mp=ipv4/unicast");
	len = bgp_encode_keepalive(wire, sizeof(wire));
	assert_int_equal(ct_decode(wire, len, NULL, &m, &v), BGP_ACT_OK);
	bgp_format(&m, out, sizeof(out));
	assert_string_equal(out, "KEEPALIVE len=19");
	len = ct_msg(BGP_ROUTE_REFRESH, rr, sizeof(rr), wire);
	assert_int_equal(ct_decode(wire, len, NULL, &m, &v), BGP_ACT_OK);
	bgp_format(&m, out, sizeof(out));
	assert_string_equal(out, "ROUTE-REFRESH len=23 ipv6/unicast subtype=BoRR");
	len = ct_msg(BGP_NOTIFICATION, shut, sizeof(shut), wire);
	assert_int_equal(ct_decode(wire, len, NULL, &m, &v), BGP_ACT_OK);
	bgp_format(&m, out, sizeof(out));
	assert_string_equal(out, "NOTIFICATION len=25 code=6/2 (Cease/Administrative Shutdown) "
	                         "text=\"bye\"");
	len = ct_msg(BGP_NOTIFICATION, err, sizeof(err), wire);
	assert_int_equal(ct_decode(wire, len, NULL, &m, &v), BGP_ACT_OK);
	bgp_format(&m, out, sizeof(out));
	assert_string_equal(out, "NOTIFICATION len=22 code=3/3 (UPDATE Message Error/Missing "
	                         "Well-known Attribute) data=01");
	len = bgp_encode_eor(2, 1, wire, sizeof(wire));
	assert_int_equal(ct_decode(wire, len, NULL, &m, &v), BGP_ACT_OK);
	bgp_format(&m, out, sizeof(out));
	assert_string_equal(out, "UPDATE len=29 End-of-RIB ipv6/unicast");
}

static void test_format_as_path_separators(void **state)
{
	uint32_t a[] = {65001, 65002}, s[] = {7, 8}, c[] = {64512};
	struct bgp_as_segment segs[] = {
	    {BGP_SEG_CONFED_SEQUENCE, 1, c}, {BGP_SEG_SEQUENCE, 2, a}, {BGP_SEG_SET, 2, s}};
	struct bgp_as_path p = {2, segs + 1};
	size_t n;

	n = bgp_format_as_path(&p, "-", out, sizeof(out));
	assert_string_equal(out, "65001-65002-{7 8}");
	assert_int_equal(n, strlen(out));
	p.nseg = 1;
	bgp_format_as_path(&p, "-", out, sizeof(out));
	assert_string_equal(out, "65001-65002");
	p.segs = segs;
	p.nseg = 3;
	bgp_format_as_path(&p, " ", out, sizeof(out));
	assert_string_equal(out, "(64512) 65001 65002 {7 8}");
	p.nseg = 0;
	assert_int_equal(bgp_format_as_path(&p, " ", out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

static void test_parse_and_format_prefix(void **state)
{
	struct bgp_prefix p;

	assert_int_equal(bgp_parse_prefix("10.1.0.0/16", &p), 0);
	assert_int_equal(p.afi, BGP_AFI_IPV4);
	assert_int_equal(p.len, 16);
	bgp_format_prefix(&p, out, sizeof(out));
	assert_string_equal(out, "10.1.0.0/16");
	assert_int_equal(bgp_parse_prefix("2001:db8::/32", &p), 0);
	assert_int_equal(p.afi, BGP_AFI_IPV6);
	bgp_format_prefix(&p, out, sizeof(out));
	assert_string_equal(out, "2001:db8::/32");
	/* Host bits past the length are cleared. */
	assert_int_equal(bgp_parse_prefix("10.1.2.3/16", &p), 0);
	bgp_format_prefix(&p, out, sizeof(out));
	assert_string_equal(out, "10.1.0.0/16");
	assert_int_equal(bgp_parse_prefix("0.0.0.0/0", &p), 0);
	assert_int_equal(bgp_parse_prefix("1.2.3.4/32", &p), 0);
	assert_int_equal(bgp_parse_prefix("::1/128", &p), 0);
	assert_int_equal(bgp_parse_prefix("10.0.0.0/33", &p), -1);
	assert_int_equal(bgp_parse_prefix("::/129", &p), -1);
	assert_int_equal(bgp_parse_prefix("10.0.0.0", &p), -1);
	assert_int_equal(bgp_parse_prefix("10.0.0/8", &p), -1);
	assert_int_equal(bgp_parse_prefix("10.0.0.0/", &p), -1);
	assert_int_equal(bgp_parse_prefix("10.0.0.0/8x", &p), -1);
	assert_int_equal(bgp_parse_prefix("/8", &p), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_update_line),
	    cmocka_unit_test(test_format_update_all_attributes),
	    cmocka_unit_test(test_format_other_messages),
	    cmocka_unit_test(test_format_as_path_separators),
	    cmocka_unit_test(test_parse_and_format_prefix),
	};

	return cmocka_run_group_tests(tests, ct_setup, NULL);
}
