/* test_open.c: RFC 4271 6.2 OPEN errors, capabilities (RFC 5492, 4760,
 * 6793, 8654, 4724, 7911, 7313) and RFC 9072 extended parameters. */
#include "codec_test.h"

static uint8_t buf[8192];

/* An OPEN with the given fields and optional parameter bytes. */
static size_t open_msg(uint8_t version, uint16_t as, uint16_t hold, uint32_t id,
                       const uint8_t *params, size_t plen)
{
	uint8_t body[4096];
	size_t n = 0;

	body[n++] = version;
	body[n++] = (uint8_t)(as >> 8);
	body[n++] = (uint8_t)as;
	body[n++] = (uint8_t)(hold >> 8);
	body[n++] = (uint8_t)hold;
	body[n++] = (uint8_t)(id >> 24);
	body[n++] = (uint8_t)(id >> 16);
	body[n++] = (uint8_t)(id >> 8);
	body[n++] = (uint8_t)id;
	body[n++] = (uint8_t)plen;
	if (plen > 0)
		memcpy(body + n, params, plen);
	return ct_msg(BGP_OPEN, body, n + plen, buf);
}

static const uint8_t caps_all[] = {
    2,  38,                                  /* capabilities parameter */
    1,  4,  0,    1,    0,    1,             /* MP ipv4/unicast */
    1,  4,  0,    2,    0,    1,             /* MP ipv6/unicast */
    2,  0,                                   /* route refresh */
    70, 0,                                   /* enhanced route refresh */
    6,  0,                                   /* extended message */
    65, 4,  0xfa, 0x56, 0xea, 0x00,          /* AS4 4200000000 */
    64, 6,  0x80, 0x78, 0,    1,    1, 0x80, /* GR restart 120 s, ipv4 forwarding */
    69, 4,  0,    1,    1,    3,             /* add-path ipv4 both */
};

static void test_open_capabilities_digest(void **state)
{
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = open_msg(4, BGP_AS_TRANS, 90, 0x0a000001, caps_all, sizeof(caps_all));
	const struct bgp_open *o = &m.u.open;

	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_OK);
	assert_int_equal(o->ncaps, 8);
	assert_int_equal(o->nmp, 2);
	assert_int_equal(o->mp[1].afi, BGP_AFI_IPV6);
	assert_true(o->route_refresh);
	assert_true(o->enhanced_rr);
	assert_true(o->ext_msg);
	assert_true(o->has_as4);
	assert_int_equal(o->as4, 4200000000u);
	assert_true(o->has_gr);
	assert_int_equal(o->gr_flags_time, 0x8078);
	assert_int_equal(o->ngr, 1);
	assert_int_equal(o->gr[0].flags, 0x80);
	assert_int_equal(o->naddpath, 1);
	assert_int_equal(o->addpath[0].flags, 3);
	assert_int_equal(o->hold_time, 90);
	assert_int_equal(o->bgp_id, 0x0a000001);
}

static void test_rfc4271_6_2_unsupported_version_number(void **state)
{
	static const uint8_t want[] = {0, 4};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = open_msg(3, 65001, 90, 0x01010101, NULL, 0);

	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 2, 1, want, 2);
}

static void test_rfc4271_6_2_bad_peer_as(void **state)
{
	struct bgp_ctx ctx = {.peer_as = 65002};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = open_msg(4, 65001, 90, 0x01010101, NULL, 0);

	assert_int_equal(ct_decode(buf, len, &ctx, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 2, 2, NULL, 0);
	ctx.peer_as = 65001;
	assert_int_equal(ct_decode(buf, len, &ctx, &m, &v), BGP_ACT_OK);
}

static void test_rfc6793_bad_peer_as_from_as4_capability(void **state)
{
	static const uint8_t as4[] = {2, 6, 65, 4, 0xfa, 0x56, 0xea, 0x00};
	struct bgp_ctx ctx = {.peer_as = 4200000000u};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = open_msg(4, BGP_AS_TRANS, 90, 0x01010101, as4, sizeof(as4));

	assert_int_equal(ct_decode(buf, len, &ctx, &m, &v), BGP_ACT_OK);
	ctx.peer_as = BGP_AS_TRANS;
	assert_int_equal(ct_decode(buf, len, &ctx, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 2, 2, NULL, 0);
}

static void test_rfc7607_as0_in_open(void **state)
{
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = open_msg(4, 0, 90, 0x01010101, NULL, 0);

	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 2, 2, NULL, 0);
	assert_string_equal(v.rule, "RFC7607-2");
}

static void test_rfc4271_6_2_bad_bgp_identifier(void **state)
{
	static const uint32_t bad[] = {0, 0xffffffffu, 0xe0000001u};
	struct bgp_msg m;
	struct bgp_verdict v;

	for (size_t i = 0; i < 3; i++) {
		size_t len = open_msg(4, 65001, 90, bad[i], NULL, 0);

		assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_SESSION_RESET);
		CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 2, 3, NULL, 0);
	}
}

static void test_rfc4271_6_2_unsupported_optional_parameter(void **state)
{
	static const uint8_t p[] = {1, 2, 0xaa, 0xbb};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = open_msg(4, 65001, 90, 0x01010101, p, sizeof(p));

	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 2, 4, NULL, 0);
}

static void test_rfc4271_6_2_unacceptable_hold_time(void **state)
{
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len;

	for (uint16_t h = 0; h <= 3; h++) {
		len = open_msg(4, 65001, h, 0x01010101, NULL, 0);
		if (h == 1 || h == 2) {
			assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_SESSION_RESET);
			CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 2, 6, NULL, 0);
		} else {
			assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_OK);
			assert_int_equal(m.u.open.hold_time, h);
		}
	}
}

static void test_rfc5492_malformed_capability_is_2_0(void **state)
{
	static const uint8_t p[] = {2, 4, 65, 2, 0xfd, 0xe9};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = open_msg(4, 65001, 90, 0x01010101, p, sizeof(p));

	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 2, 0, p + 2, 4);
}

static void test_rfc5492_capability_overrun(void **state)
{
	static const uint8_t p[] = {2, 3, 1, 4, 0};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = open_msg(4, 65001, 90, 0x01010101, p, sizeof(p));

	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_SESSION_RESET);
	assert_int_equal(v.code, 2);
	assert_int_equal(v.subcode, 0);
}

static void test_rfc5492_unknown_capability_kept(void **state)
{
	static const uint8_t p[] = {2, 5, 73, 3, 'a', 'b', 'c'};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = open_msg(4, 65001, 90, 0x01010101, p, sizeof(p));

	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_OK);
	assert_int_equal(m.u.open.ncaps, 1);
	assert_int_equal(m.u.open.caps[0].code, 73);
	assert_int_equal(m.u.open.caps[0].len, 3);
	assert_memory_equal(m.u.open.caps[0].data, "abc", 3);
}

static void test_open_optional_length_mismatch(void **state)
{
	static const uint8_t want[] = {7};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = open_msg(4, 65001, 90, 0x01010101, caps_all, 6);

	buf[28] = 7; /* says 7, carries 6 */
	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 1, 2, want, 1);
}

static void test_rfc9072_extended_optional_parameters(void **state)
{
	/* 255, 255, length 9, then type 2 with a 2-byte length 6: AS4 cap. */
	static const uint8_t p[] = {255, 0, 9, 2, 0, 6, 65, 4, 0, 0, 0xfd, 0xe9};
	uint8_t body[64];
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len;

	memcpy(body, (const uint8_t[]){4, 0xfd, 0xe9, 0, 90, 1, 1, 1, 1, 255}, 10);
	memcpy(body + 10, p, sizeof(p));
	len = ct_msg(BGP_OPEN, body, 10 + sizeof(p), buf);
	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_OK);
	assert_true(m.u.open.ext_params);
	assert_true(m.u.open.has_as4);
	assert_int_equal(m.u.open.as4, 65001);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_open_capabilities_digest),
	    cmocka_unit_test(test_rfc4271_6_2_unsupported_version_number),
	    cmocka_unit_test(test_rfc4271_6_2_bad_peer_as),
	    cmocka_unit_test(test_rfc6793_bad_peer_as_from_as4_capability),
	    cmocka_unit_test(test_rfc7607_as0_in_open),
	    cmocka_unit_test(test_rfc4271_6_2_bad_bgp_identifier),
	    cmocka_unit_test(test_rfc4271_6_2_unsupported_optional_parameter),
	    cmocka_unit_test(test_rfc4271_6_2_unacceptable_hold_time),
	    cmocka_unit_test(test_rfc5492_malformed_capability_is_2_0),
	    cmocka_unit_test(test_rfc5492_capability_overrun),
	    cmocka_unit_test(test_rfc5492_unknown_capability_kept),
	    cmocka_unit_test(test_open_optional_length_mismatch),
	    cmocka_unit_test(test_rfc9072_extended_optional_parameters),
	};

	return cmocka_run_group_tests(tests, ct_setup, NULL);
}
