/* test_update_rfc4271.c: one vector per RFC 4271 6.3 UPDATE subcode, with
 * the exact NOTIFICATION data. Where RFC 7606 softens the action, the
 * vector runs with ctx.rfc4271_only so that the reset itself is checked;
 * the code, subcode and data must be the same in both modes. */
#include "codec_test.h"

static uint8_t buf[8192];
static const struct bgp_ctx strict = {.as4 = true, .rfc4271_only = true};
static const struct bgp_ctx modern = {.as4 = true};

static void test_rfc4271_6_3_malformed_attribute_list_withdrawn_length(void **state)
{
	static const uint8_t body[] = {0, 9, 8, 10, 0, 0};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_msg(BGP_UPDATE, body, sizeof(body), buf);

	assert_int_equal(ct_decode(buf, len, &modern, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 3, 1, NULL, 0);
}

static void test_rfc4271_6_3_malformed_attribute_list_attr_length(void **state)
{
	static const uint8_t body[] = {0, 0, 0, 30, 0x40, 1, 1, 0};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_msg(BGP_UPDATE, body, sizeof(body), buf);

	assert_int_equal(ct_decode(buf, len, &modern, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 3, 1, NULL, 0);
}

static void test_rfc4271_6_3_malformed_attribute_list_duplicate(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0x80, 4, 4, 0, 0, 0, 1, 0x80, 4, 4, 0, 0, 0, 2};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &strict, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 3, 1, NULL, 0);
	assert_string_equal(v.rule, "RFC4271-6.3");
}

static void test_rfc4271_6_3_unrecognized_well_known_attribute(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0x40, 99, 2, 0xab, 0xcd};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &modern, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 3, 2, at + 20, 5);
	assert_int_equal(v.attr_type, 99);
}

static void test_rfc4271_6_3_missing_well_known_attribute(void **state)
{
	static const uint8_t at[] = {CT_ORIGIN_IGP, CT_NEXT_HOP_10_0_1_4};
	static const uint8_t want[] = {BGP_ATTR_AS_PATH};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &strict, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 3, 3, want, 1);
	assert_int_equal(ct_decode_attrs(at, sizeof(at), &modern, &m, &v),
	                 BGP_ACT_TREAT_AS_WITHDRAW);
	CT_ASSERT_NOTIF(&v, BGP_ACT_TREAT_AS_WITHDRAW, 3, 3, want, 1);
}

static void test_rfc4271_6_3_attribute_flags_error(void **state)
{
	static const uint8_t at[] = {0xc0, 1, 1, 0, CT_AS_PATH4_65001, CT_NEXT_HOP_10_0_1_4};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &strict, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 3, 4, at, 4);
}

static void test_rfc4271_6_3_attribute_length_error(void **state)
{
	static const uint8_t at[] = {CT_ORIGIN_IGP, CT_AS_PATH4_65001, 0x40, 3, 5, 10, 0, 1, 4, 9};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &strict, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 3, 5, at + 13, 8);
}

static void test_rfc4271_6_3_invalid_origin_attribute(void **state)
{
	static const uint8_t at[] = {0x40, 1, 1, 3, CT_AS_PATH4_65001, CT_NEXT_HOP_10_0_1_4};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &strict, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 3, 6, at, 4);
}

static void test_rfc4271_6_3_invalid_next_hop_attribute(void **state)
{
	static const uint8_t at[] = {CT_ORIGIN_IGP, CT_AS_PATH4_65001, 0x40, 3, 4, 0, 0, 0, 0};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &strict, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 3, 8, at + 13, 7);
}

static void test_rfc4271_6_3_optional_attribute_error(void **state)
{
	/* MP_REACH_NLRI whose next hop length (7) suits no family. */
	static const uint8_t at[] = {
	    CT_ORIGIN_IGP, CT_AS_PATH4_65001, 0x80, 14, 12, 0, 2, 1, 7, 1, 2, 3, 4, 5, 6, 7, 0};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &modern, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 3, 9, at + 13, 15);
}

static void test_rfc4271_6_3_invalid_network_field(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS};
	static const uint8_t nlri[] = {33, 10, 0, 0, 0, 0};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_update(NULL, 0, at, sizeof(at), nlri, sizeof(nlri), buf);

	assert_int_equal(ct_decode(buf, len, &modern, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 3, 10, NULL, 0);
}

static void test_rfc4271_6_3_malformed_as_path(void **state)
{
	static const uint8_t at[] = {CT_ORIGIN_IGP,       0x40, 2, 6, 5, 1, 0, 0, 0xfd, 0xe9,
	                             CT_NEXT_HOP_10_0_1_4};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &strict, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 3, 11, at + 4, 9);
}

static void test_rfc4271_6_3_malformed_as_path_first_as(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS};
	struct bgp_ctx ctx = {.as4 = true, .peer_as = 65002, .enforce_first_as = true};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &ctx, &m, &v), BGP_ACT_TREAT_AS_WITHDRAW);
	CT_ASSERT_NOTIF(&v, BGP_ACT_TREAT_AS_WITHDRAW, 3, 11, at + 4, 9);
	ctx.peer_as = 65001;
	assert_int_equal(ct_decode_attrs(at, sizeof(at), &ctx, &m, &v), BGP_ACT_OK);
}

static void test_rfc4271_update_well_formed(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &strict, &m, &v), BGP_ACT_OK);
	assert_int_equal(m.u.update.nnlri, 1);
	assert_int_equal(m.u.update.nlri[0].len, 16);
	assert_int_equal(m.u.update.attrs.next_hop, 0x0a000104);
	assert_int_equal(m.u.update.attrs.as_path.segs[0].asns[0], 65001);
	assert_null(v.rule);
}

static void test_rfc4271_only_keeps_rfc6793_discard(void **state)
{
	static const uint8_t at[] = {
	    CT_ORIGIN_IGP, 0x40, 2, 4, 2, 1, 0x5b, 0xa0, CT_NEXT_HOP_10_0_1_4,
	    0xc0,          17,   6, 3, 1, 0, 0,    0xfd, 0xe9};
	struct bgp_ctx ctx = {.rfc4271_only = true};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &ctx, &m, &v), BGP_ACT_ATTR_DISCARD);
	assert_string_equal(v.rule, "RFC6793-6");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc4271_6_3_malformed_attribute_list_withdrawn_length),
	    cmocka_unit_test(test_rfc4271_6_3_malformed_attribute_list_attr_length),
	    cmocka_unit_test(test_rfc4271_6_3_malformed_attribute_list_duplicate),
	    cmocka_unit_test(test_rfc4271_6_3_unrecognized_well_known_attribute),
	    cmocka_unit_test(test_rfc4271_6_3_missing_well_known_attribute),
	    cmocka_unit_test(test_rfc4271_6_3_attribute_flags_error),
	    cmocka_unit_test(test_rfc4271_6_3_attribute_length_error),
	    cmocka_unit_test(test_rfc4271_6_3_invalid_origin_attribute),
	    cmocka_unit_test(test_rfc4271_6_3_invalid_next_hop_attribute),
	    cmocka_unit_test(test_rfc4271_6_3_optional_attribute_error),
	    cmocka_unit_test(test_rfc4271_6_3_invalid_network_field),
	    cmocka_unit_test(test_rfc4271_6_3_malformed_as_path),
	    cmocka_unit_test(test_rfc4271_6_3_malformed_as_path_first_as),
	    cmocka_unit_test(test_rfc4271_update_well_formed),
	    cmocka_unit_test(test_rfc4271_only_keeps_rfc6793_discard),
	};

	return cmocka_run_group_tests(tests, ct_setup, NULL);
}
