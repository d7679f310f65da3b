/* test_addr.c: the address and prefix toolkit (bgp_addr.h): both
 * families, both host-bit rules, every error with its reason, and the
 * formatters' snprintf semantics. */
#include "codec_test.h"

static char out[64];

static void expect_prefix(const char *s, enum bgp_host_bits rule, const char *want)
{
	struct bgp_prefix p;

	assert_int_equal(bgp_addr_parse_prefix(s, rule, &p), BGP_ADDR_OK);
	assert_int_equal(p.path_id, 0);
	bgp_format_prefix(&p, out, sizeof(out));
	assert_string_equal(out, want);
}

static void expect_prefix_err(const char *s, enum bgp_host_bits rule, enum bgp_addr_err want)
{
	struct bgp_prefix p;

	assert_int_equal(bgp_addr_parse_prefix(s, rule, &p), want);
}

static void test_prefix_both_families(void **state)
{
	struct bgp_prefix p;

	expect_prefix("10.1.0.0/16", BGP_HOST_BITS_REFUSE, "10.1.0.0/16");
	expect_prefix("0.0.0.0/0", BGP_HOST_BITS_REFUSE, "0.0.0.0/0");
	expect_prefix("1.2.3.4/32", BGP_HOST_BITS_REFUSE, "1.2.3.4/32");
	expect_prefix("2001:db8::/32", BGP_HOST_BITS_REFUSE, "2001:db8::/32");
	expect_prefix("::1/128", BGP_HOST_BITS_REFUSE, "::1/128");
	assert_int_equal(bgp_addr_parse_prefix("2001:db8::/32", BGP_HOST_BITS_REFUSE, &p),
	                 BGP_ADDR_OK);
	assert_int_equal(p.afi, BGP_AFI_IPV6);
	assert_int_equal(p.len, 32);
	assert_int_equal(p.addr[0], 0x20);
	assert_int_equal(p.addr[3], 0xb8);
}

static void test_prefix_host_bits_rule(void **state)
{
	struct bgp_prefix p;

	expect_prefix_err("10.1.2.3/16", BGP_HOST_BITS_REFUSE, BGP_ADDR_HOST_BITS);
	expect_prefix_err("10.0.0.1/31", BGP_HOST_BITS_REFUSE, BGP_ADDR_HOST_BITS);
	expect_prefix_err("2001:db8::1/64", BGP_HOST_BITS_REFUSE, BGP_ADDR_HOST_BITS);
	expect_prefix("10.1.2.3/16", BGP_HOST_BITS_CLEAR, "10.1.0.0/16");
	expect_prefix("10.1.255.255/17", BGP_HOST_BITS_CLEAR, "10.1.128.0/17");
	expect_prefix("2001:db8::1/64", BGP_HOST_BITS_CLEAR, "2001:db8::/64");
	/* the short form clears */
	assert_int_equal(bgp_parse_prefix("10.1.2.3/16", &p), 0);
	assert_int_equal(p.addr[2], 0);
	assert_int_equal(bgp_parse_prefix("10.1.2.3/33", &p), -1);
}

static void test_prefix_errors(void **state)
{
	expect_prefix_err("", BGP_HOST_BITS_CLEAR, BGP_ADDR_EMPTY);
	expect_prefix_err("10.0.0.0", BGP_HOST_BITS_CLEAR, BGP_ADDR_NO_LENGTH);
	expect_prefix_err("10.0.0/8", BGP_HOST_BITS_CLEAR, BGP_ADDR_NOT_IPV4);
	expect_prefix_err("/8", BGP_HOST_BITS_CLEAR, BGP_ADDR_EMPTY);
	expect_prefix_err("10.0.0.256/8", BGP_HOST_BITS_CLEAR, BGP_ADDR_NOT_IPV4);
	expect_prefix_err("2001:db8:::/32", BGP_HOST_BITS_CLEAR, BGP_ADDR_NOT_IPV6);
	expect_prefix_err("10.0.0.0/", BGP_HOST_BITS_CLEAR, BGP_ADDR_BAD_LENGTH);
	expect_prefix_err("10.0.0.0/8x", BGP_HOST_BITS_CLEAR, BGP_ADDR_BAD_LENGTH);
	expect_prefix_err("10.0.0.0/+8", BGP_HOST_BITS_CLEAR, BGP_ADDR_BAD_LENGTH);
	expect_prefix_err("10.0.0.0/0008", BGP_HOST_BITS_CLEAR, BGP_ADDR_BAD_LENGTH);
	expect_prefix_err("10.0.0.0/33", BGP_HOST_BITS_CLEAR, BGP_ADDR_LENGTH_RANGE);
	expect_prefix_err("::/129", BGP_HOST_BITS_CLEAR, BGP_ADDR_LENGTH_RANGE);
	expect_prefix_err("1111:2222:3333:4444:5555:6666:7777:8888:9999/8", BGP_HOST_BITS_CLEAR,
	                  BGP_ADDR_NOT_IPV6);
}

static void test_reasons(void **state)
{
	assert_string_equal(bgp_addr_reason(BGP_ADDR_HOST_BITS), "host bits set past the length");
	for (int e = BGP_ADDR_OK; e <= BGP_ADDR_HOST_BITS; e++)
		assert_string_not_equal(bgp_addr_reason((enum bgp_addr_err)e),
		                        "unknown address error");
	assert_string_equal(bgp_addr_reason((enum bgp_addr_err)99), "unknown address error");
}

static void test_ipv4_and_ip(void **state)
{
	struct bgp_ip ip;
	uint32_t a = 0;

	assert_int_equal(bgp_addr_parse_ipv4("10.0.255.4", &a), BGP_ADDR_OK);
	assert_int_equal(a, 0x0A00FF04u);
	assert_int_equal(bgp_addr_parse_ipv4("10.0.255", &a), BGP_ADDR_NOT_IPV4);
	assert_int_equal(bgp_addr_parse_ipv4("10.0.255.4 ", &a), BGP_ADDR_NOT_IPV4);
	assert_int_equal(bgp_addr_parse_ipv4("", &a), BGP_ADDR_EMPTY);
	assert_int_equal(bgp_addr_parse_ip("127.0.0.1", &ip), BGP_ADDR_OK);
	assert_int_equal(ip.afi, BGP_AFI_IPV4);
	assert_int_equal(ip.addr[0], 127);
	assert_int_equal(bgp_addr_parse_ip("fe80::1", &ip), BGP_ADDR_OK);
	assert_int_equal(ip.afi, BGP_AFI_IPV6);
	assert_int_equal(ip.addr[15], 1);
	assert_int_equal(bgp_addr_parse_ip("fe80::g", &ip), BGP_ADDR_NOT_IPV6);
}

static void test_format_addresses(void **state)
{
	static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	static const uint8_t v4[4] = {192, 0, 2, 1};
	char small[5];

	assert_int_equal(bgp_addr_format_ipv4(0x0A00FF04u, out, sizeof(out)), 10);
	assert_string_equal(out, "10.0.255.4");
	assert_int_equal(bgp_addr_format_ipv4(0xFFFFFFFFu, out, sizeof(out)), BGP_IPV4_TEXT - 1);
	bgp_addr_format_ip(BGP_AFI_IPV6, v6, out, sizeof(out));
	assert_string_equal(out, "2001:db8::1");
	bgp_addr_format_ip(BGP_AFI_IPV4, v4, out, sizeof(out));
	assert_string_equal(out, "192.0.2.1");
	/* snprintf semantics: the whole length back, the text cut and terminated */
	assert_int_equal(bgp_addr_format_ipv4(0x0A00FF04u, small, sizeof(small)), 10);
	assert_string_equal(small, "10.0");
}

static void expect_nth(const char *first, unsigned i, const char *want)
{
	struct bgp_prefix p, q;

	assert_int_equal(bgp_parse_prefix(first, &p), 0);
	bgp_prefix_nth(&p, i, &q);
	bgp_format_prefix(&q, out, sizeof(out));
	assert_string_equal(out, want);
}

static void test_prefix_nth(void **state)
{
	struct bgp_prefix p;

	expect_nth("10.100.0.0/24", 0, "10.100.0.0/24");
	expect_nth("10.100.0.0/24", 1, "10.100.1.0/24");
	expect_nth("10.100.0.0/24", 256, "10.101.0.0/24");
	expect_nth("10.0.0.0/25", 3, "10.0.1.128/25");
	expect_nth("10.0.0.0/32", 70000, "10.1.17.112/32");
	expect_nth("255.255.255.0/24", 1, "0.0.0.0/24"); /* wraps */
	expect_nth("0.0.0.0/0", 5, "0.0.0.0/0");
	expect_nth("2001:db8::/48", 1, "2001:db8:1::/48");
	expect_nth("2001:db8:ffff::/48", 1, "2001:db9::/48");
	expect_nth("2001:db8::/127", 3, "2001:db8::6/127");
	assert_int_equal(bgp_parse_prefix("10.1.2.0/23", &p), 0);
	assert_int_equal(bgp_prefix_ipv4(&p), 0x0A010200u);
	assert_int_equal(bgp_ipv4_mask(0), 0);
	assert_int_equal(bgp_ipv4_mask(23), 0xFFFFFE00u);
	assert_int_equal(bgp_ipv4_mask(32), 0xFFFFFFFFu);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_prefix_both_families),
	    cmocka_unit_test(test_prefix_host_bits_rule),
	    cmocka_unit_test(test_prefix_errors),
	    cmocka_unit_test(test_reasons),
	    cmocka_unit_test(test_ipv4_and_ip),
	    cmocka_unit_test(test_format_addresses),
	    cmocka_unit_test(test_prefix_nth),
	};

	return cmocka_run_group_tests(tests, ct_setup, NULL);
}
