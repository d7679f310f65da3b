/* test_update_rfc7606.c: RFC 7606 revised UPDATE error handling: one vector
 * per rule of section 7, plus 3.c, 3.d, 3.g, 4 and 5.3, RFC 6793 6 and
 * RFC 8092 6; each asserts the action class and the attribute. */
#include "codec_test.h"

static uint8_t buf[8192];
static const struct bgp_ctx ebgp = {.as4 = true};
static const struct bgp_ctx ibgp = {.as4 = true, .ibgp = true};
static const struct bgp_ctx old = {.as4 = false};

/* Decode base attributes + extra; expect action and attribute type. */
static void expect(const uint8_t *at, size_t al, const struct bgp_ctx *ctx, enum bgp_action act,
                   uint8_t type, const char *rule, struct bgp_msg *m, struct bgp_verdict *v)
{
	assert_int_equal(ct_decode_attrs(at, al, ctx, m, v), act);
	assert_int_equal(v->action, act);
	assert_int_equal(v->attr_type, type);
	if (rule != NULL)
		assert_string_equal(v->rule, rule);
	if (act == BGP_ACT_TREAT_AS_WITHDRAW || act == BGP_ACT_ATTR_DISCARD) {
		/* The NLRI stay listed so that the caller can withdraw them. */
		assert_int_equal(m->u.update.nnlri, 1);
		assert_false(bgp_attr_has(&m->u.update.attrs, type));
	}
}

static void test_rfc7606_7_1_origin_bad_value(void **state)
{
	static const uint8_t at[] = {0x40, 1, 1, 7, CT_AS_PATH4_65001, CT_NEXT_HOP_10_0_1_4};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_TREAT_AS_WITHDRAW, 1, "RFC7606-7.1", &m, &v);
	CT_ASSERT_NOTIF(&v, BGP_ACT_TREAT_AS_WITHDRAW, 3, 6, at, 4);
}

static void test_rfc7606_7_1_origin_bad_length(void **state)
{
	static const uint8_t at[] = {0x40, 1, 2, 0, 0, CT_AS_PATH4_65001, CT_NEXT_HOP_10_0_1_4};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_TREAT_AS_WITHDRAW, 1, "RFC7606-7.1", &m, &v);
	assert_int_equal(v.subcode, 5);
}

static void test_rfc7606_7_2_as_path_zero_segment_length(void **state)
{
	static const uint8_t at[] = {CT_ORIGIN_IGP, 0x40, 2, 2, 2, 0, CT_NEXT_HOP_10_0_1_4};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_TREAT_AS_WITHDRAW, 2, "RFC7606-7.2", &m, &v);
	assert_int_equal(v.subcode, 11);
}

static void test_rfc7606_7_2_as_path_overrun(void **state)
{
	static const uint8_t at[] = {CT_ORIGIN_IGP,       0x40, 2, 6, 2, 2, 0, 0, 0xfd, 0xe9,
	                             CT_NEXT_HOP_10_0_1_4};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_TREAT_AS_WITHDRAW, 2, "RFC7606-7.2", &m, &v);
}

static void test_rfc7606_7_2_as_path_underrun(void **state)
{
	static const uint8_t at[] = {CT_ORIGIN_IGP,       0x40, 2, 7, 2, 1, 0, 0, 0xfd, 0xe9, 2,
	                             CT_NEXT_HOP_10_0_1_4};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_TREAT_AS_WITHDRAW, 2, "RFC7606-7.2", &m, &v);
}

static void test_rfc7606_7_3_next_hop_bad_length(void **state)
{
	static const uint8_t at[] = {CT_ORIGIN_IGP, CT_AS_PATH4_65001, 0x40, 3, 3, 10, 0, 1};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_TREAT_AS_WITHDRAW, 3, "RFC7606-7.3", &m, &v);
}

static void test_rfc7606_7_3_next_hop_multicast(void **state)
{
	static const uint8_t at[] = {CT_ORIGIN_IGP, CT_AS_PATH4_65001, 0x40, 3, 4, 224, 0, 0, 5};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_TREAT_AS_WITHDRAW, 3, "RFC7606-7.3", &m, &v);
	assert_int_equal(v.subcode, 8);
}

static void test_rfc7606_7_4_med_bad_length(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0x80, 4, 3, 0, 0, 1};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_TREAT_AS_WITHDRAW, 4, "RFC7606-7.4", &m, &v);
}

static void test_rfc7606_7_5_local_pref_from_ebgp_discarded(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0x40, 5, 4, 0, 0, 0, 100};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_ATTR_DISCARD, 5, "RFC7606-7.5", &m, &v);
	assert_true(ct_discarded(&v, 5));
	assert_int_equal(ct_decode_attrs(at, sizeof(at), &ibgp, &m, &v), BGP_ACT_OK);
	assert_int_equal(m.u.update.attrs.local_pref, 100);
}

static void test_rfc7606_7_5_local_pref_bad_length_ibgp(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0x40, 5, 3, 0, 0, 100};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ibgp, BGP_ACT_TREAT_AS_WITHDRAW, 5, "RFC7606-7.5", &m, &v);
}

static void test_rfc7606_7_6_atomic_aggregate_bad_length(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0x40, 6, 1, 0};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_ATTR_DISCARD, 6, "RFC7606-7.6", &m, &v);
	assert_true(ct_discarded(&v, 6));
	assert_true(bgp_attr_has(&m.u.update.attrs, BGP_ATTR_ORIGIN));
}

static void test_rfc7606_7_7_aggregator_bad_length(void **state)
{
	/* 6 bytes is the 2-octet form: wrong once AS4 is negotiated. */
	static const uint8_t at[] = {CT_BASE_ATTRS, 0xc0, 7, 6, 0xfd, 0xe9, 10, 0, 0, 1};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_ATTR_DISCARD, 7, "RFC7606-7.7", &m, &v);
	assert_true(ct_discarded(&v, 7));
	assert_int_equal(v.subcode, 5);
}

static void test_rfc7606_7_7_aggregator_two_octet_context(void **state)
{
	static const uint8_t at[] = {
	    CT_ORIGIN_IGP, 0x40, 2, 4,    2,    1,  0xfd, 0xe9, CT_NEXT_HOP_10_0_1_4,
	    0xc0,          7,    6, 0xfd, 0xe9, 10, 0,    0,    1};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &old, &m, &v), BGP_ACT_OK);
	assert_int_equal(m.u.update.attrs.aggregator.as, 65001);
	assert_int_equal(m.u.update.attrs.aggregator.addr, 0x0a000001);
}

static void test_rfc7606_7_8_communities_not_multiple_of_4(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0xc0, 8, 5, 0, 1, 0, 2, 3};
	static const uint8_t empty[] = {CT_BASE_ATTRS, 0xc0, 8, 0};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_TREAT_AS_WITHDRAW, 8, "RFC7606-7.8", &m, &v);
	expect(empty, sizeof(empty), &ebgp, BGP_ACT_TREAT_AS_WITHDRAW, 8, "RFC7606-7.8", &m, &v);
}

static void test_rfc7606_7_9_originator_id(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0x80, 9, 4, 1, 2, 3, 4};
	static const uint8_t bad[] = {CT_BASE_ATTRS, 0x80, 9, 3, 1, 2, 3};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_ATTR_DISCARD, 9, "RFC7606-7.9", &m, &v);
	expect(bad, sizeof(bad), &ibgp, BGP_ACT_TREAT_AS_WITHDRAW, 9, "RFC7606-7.9", &m, &v);
	assert_int_equal(ct_decode_attrs(at, sizeof(at), &ibgp, &m, &v), BGP_ACT_OK);
	assert_int_equal(m.u.update.attrs.originator_id, 0x01020304);
}

static void test_rfc7606_7_10_cluster_list(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0x80, 10, 4, 1, 2, 3, 4};
	static const uint8_t bad[] = {CT_BASE_ATTRS, 0x80, 10, 6, 1, 2, 3, 4, 5, 6};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_ATTR_DISCARD, 10, "RFC7606-7.10", &m, &v);
	expect(bad, sizeof(bad), &ibgp, BGP_ACT_TREAT_AS_WITHDRAW, 10, "RFC7606-7.10", &m, &v);
}

static void test_rfc7606_7_11_mp_reach_bad_next_hop_length(void **state)
{
	static const uint8_t at[] = {
	    CT_ORIGIN_IGP, CT_AS_PATH4_65001, 0x80, 14, 10, 0, 2, 1, 5, 1, 2, 3, 4, 5, 0};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_SESSION_RESET, 14, "RFC7606-7.11", &m, &v);
}

static void test_rfc7606_7_11_mp_reach_nlri_unparsable(void **state)
{
	/* IPv6 next hop 2001:db8::1, then a /129 prefix. */
	/* clang-format off */
	static const uint8_t at[] = {
		CT_ORIGIN_IGP, CT_AS_PATH4_65001, 0x80, 14, 23, 0, 2, 1, 16,
		0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 129, 0x20};
	/* clang-format on */
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_SESSION_RESET, 14, "RFC7606-5.3", &m, &v);
	assert_int_equal(v.subcode, 9);
}

static void test_rfc7606_7_12_mp_unreach_too_short(void **state)
{
	static const uint8_t at[] = {0x80, 15, 2, 0, 2};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_update(NULL, 0, at, sizeof(at), NULL, 0, buf);

	assert_int_equal(ct_decode(buf, len, &ebgp, &m, &v), BGP_ACT_SESSION_RESET);
	assert_int_equal(v.attr_type, 15);
	assert_string_equal(v.rule, "RFC7606-7.12");
}

static void test_rfc4760_7_unsupported_afi_safi(void **state)
{
	static const uint8_t at[] = {0x80, 15, 3, 0, 1, 128};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_update(NULL, 0, at, sizeof(at), NULL, 0, buf);

	assert_int_equal(ct_decode(buf, len, &ebgp, &m, &v), BGP_ACT_AFISAFI_DISABLE);
	assert_string_equal(v.rule, "RFC4760-7");
	assert_int_equal(v.afi, 1);
	assert_int_equal(v.safi, 128);
}

static void test_rfc7606_7_14_extended_communities_bad_length(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0xc0, 16, 7, 0, 2, 0, 1, 0, 0, 0};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_TREAT_AS_WITHDRAW, 16, "RFC7606-7.14", &m, &v);
}

static void test_rfc8092_6_large_community_bad_length(void **state)
{
	static const uint8_t at[] = {
	    CT_BASE_ATTRS, 0xc0, 32, 13, 0, 0, 0xfd, 0xe9, 0, 0, 0, 1, 0, 0, 0, 2, 9};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_TREAT_AS_WITHDRAW, 32, "RFC8092-6", &m, &v);
}

static void test_rfc6793_6_as4_path_malformed_discarded(void **state)
{
	static const uint8_t at[] = {
	    CT_ORIGIN_IGP, 0x40, 2, 4, 2, 1, 0x5b, 0xa0, CT_NEXT_HOP_10_0_1_4,
	    0xc0,          17,   6, 3, 1, 0, 0,    0xfd, 0xe9};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &old, BGP_ACT_ATTR_DISCARD, 17, "RFC6793-6", &m, &v);
	assert_true(ct_discarded(&v, 17));
}

static void test_rfc6793_6_as4_aggregator_malformed_discarded(void **state)
{
	static const uint8_t at[] = {
	    CT_ORIGIN_IGP, 0x40, 2, 4, 2, 1,  0x5b, 0xa0, CT_NEXT_HOP_10_0_1_4,
	    0xc0,          18,   6, 0, 1, 10, 0,    0,    1};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &old, BGP_ACT_ATTR_DISCARD, 18, "RFC6793-6", &m, &v);
}

static void test_rfc6793_as4_path_from_new_speaker_ignored(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0xc0, 17, 6, 2, 1, 0, 0, 0xfd, 0xe9};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_ATTR_DISCARD, 17, "RFC6793-6", &m, &v);
}

static void test_rfc7606_3_c_flags_error_med(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0x40, 4, 4, 0, 0, 0, 1};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_TREAT_AS_WITHDRAW, 4, "RFC7606-3.c", &m, &v);
	CT_ASSERT_NOTIF(&v, BGP_ACT_TREAT_AS_WITHDRAW, 3, 4, at + 20, 7);
}

static void test_rfc7606_3_d_missing_well_known(void **state)
{
	static const uint8_t at[] = {CT_ORIGIN_IGP, CT_AS_PATH4_65001};
	static const uint8_t nh[] = {BGP_ATTR_NEXT_HOP};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &ebgp, &m, &v), BGP_ACT_TREAT_AS_WITHDRAW);
	CT_ASSERT_NOTIF(&v, BGP_ACT_TREAT_AS_WITHDRAW, 3, 3, nh, 1);
	assert_string_equal(v.rule, "RFC7606-3.d");
	assert_int_equal(m.u.update.nnlri, 1);
}

static void test_rfc7606_3_d_no_nlri_needs_no_attributes(void **state)
{
	static const uint8_t wd[] = {8, 10};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_update(wd, sizeof(wd), NULL, 0, NULL, 0, buf);

	assert_int_equal(ct_decode(buf, len, &ebgp, &m, &v), BGP_ACT_OK);
	assert_int_equal(m.u.update.nwithdrawn, 1);
}

static void test_rfc7606_no_nlri_with_attribute_error(void **state)
{
	/* Withdrawals still count when an attribute error hits an UPDATE
	 * that announces nothing: treat-as-withdraw leaves nothing extra. */
	static const uint8_t wd[] = {8, 10};
	static const uint8_t at[] = {0x40, 1, 1, 9};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_update(wd, sizeof(wd), at, sizeof(at), NULL, 0, buf);

	assert_int_equal(ct_decode(buf, len, &ebgp, &m, &v), BGP_ACT_TREAT_AS_WITHDRAW);
	assert_int_equal(m.u.update.nwithdrawn, 1);
	assert_int_equal(m.u.update.nnlri, 0);
}

static void test_rfc7606_3_g_duplicate_discarded(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0xc0, 8, 4,    0xfd, 0xe9, 0, 1,
	                             0xc0,          8,    4, 0xfd, 0xe9, 0,    2};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &ebgp, &m, &v), BGP_ACT_ATTR_DISCARD);
	assert_string_equal(v.rule, "RFC7606-3.g");
	assert_int_equal(v.attr_type, 8);
	assert_true(ct_discarded(&v, 8));
	/* The first one stays. */
	assert_true(bgp_attr_has(&m.u.update.attrs, 8));
	assert_int_equal(m.u.update.attrs.ncommunities, 1);
	assert_int_equal(m.u.update.attrs.communities[0], BGP_COMMUNITY(65001, 1));
}

static void test_rfc7606_3_g_duplicate_mp_reach_resets(void **state)
{
	static const uint8_t at[] = {
	    CT_ORIGIN_IGP, CT_AS_PATH4_65001, 0x80, 15, 3, 0, 2, 1, 0x80, 15, 3, 0, 2, 1};
	struct bgp_msg m;
	struct bgp_verdict v;

	expect(at, sizeof(at), &ebgp, BGP_ACT_SESSION_RESET, 15, "RFC7606-3.g", &m, &v);
	assert_int_equal(v.code, 3);
	assert_int_equal(v.subcode, 1);
}

static void test_rfc7606_4_attribute_overruns_list(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0xc0, 8, 40, 0, 0};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &ebgp, &m, &v), BGP_ACT_TREAT_AS_WITHDRAW);
	assert_string_equal(v.rule, "RFC7606-4");
	assert_int_equal(m.u.update.nnlri, 1);
}

/* An MP attribute that overruns the list carries the routes itself: they
 * cannot be withdrawn, so treat-as-withdraw would lose them (RFC 7606 5.3,
 * 7.11, 7.12; RFC 4760 7). */
static void test_rfc7606_5_3_mp_reach_overruns_list(void **state)
{
	static const uint8_t reach[] = {CT_BASE_ATTRS, 0x80, 14, 40, 0, 2, 1, 16};
	static const uint8_t unreach[] = {0x80, 15, 30, 0, 2, 1};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(reach, sizeof(reach), &ebgp, &m, &v),
			 BGP_ACT_SESSION_RESET);
	assert_string_equal(v.rule, "RFC7606-5.3");
	assert_int_equal(v.attr_type, 14);
	assert_int_equal(v.subcode, 1);
	assert_int_equal(ct_decode_attrs(unreach, sizeof(unreach), &ebgp, &m, &v),
			 BGP_ACT_SESSION_RESET);
	assert_int_equal(v.attr_type, 15);
}

static void test_rfc7606_4_short_attribute_header(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0xc0, 8};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &ebgp, &m, &v), BGP_ACT_TREAT_AS_WITHDRAW);
	assert_string_equal(v.rule, "RFC7606-4");
}

static void test_rfc7606_5_3_nlri_length_over_32(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS};
	static const uint8_t nlri[] = {33, 10, 0, 0, 0, 0};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_update(NULL, 0, at, sizeof(at), nlri, sizeof(nlri), buf);

	assert_int_equal(ct_decode(buf, len, &ebgp, &m, &v), BGP_ACT_SESSION_RESET);
	assert_string_equal(v.rule, "RFC7606-5.3");
	assert_int_equal(v.subcode, 10);
}

static void test_rfc7606_5_3_nlri_overrun(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS};
	static const uint8_t nlri[] = {24, 10, 0};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_update(NULL, 0, at, sizeof(at), nlri, sizeof(nlri), buf);

	assert_int_equal(ct_decode(buf, len, &ebgp, &m, &v), BGP_ACT_SESSION_RESET);
	assert_string_equal(v.rule, "RFC7606-5.3");
	assert_int_equal(v.subcode, 1);
}

static void test_rfc7606_5_3_withdrawn_length_over_32(void **state)
{
	static const uint8_t wd[] = {40, 10, 0, 0, 0, 0};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_update(wd, sizeof(wd), NULL, 0, NULL, 0, buf);

	assert_int_equal(ct_decode(buf, len, &ebgp, &m, &v), BGP_ACT_SESSION_RESET);
	assert_int_equal(v.subcode, 10);
}

static void test_rfc7606_strongest_action_wins(void **state)
{
	/* attribute discard (ATOMIC_AGGREGATE) then treat-as-withdraw (MED). */
	static const uint8_t at[] = {CT_BASE_ATTRS, 0x80, 4, 3, 0, 0, 1, 0x40, 6, 1, 0};
	struct bgp_msg m;
	struct bgp_verdict v;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &ebgp, &m, &v), BGP_ACT_TREAT_AS_WITHDRAW);
	assert_int_equal(v.attr_type, 4);
	assert_true(ct_discarded(&v, 6));
}

static void test_unknown_optional_kept_with_flags(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0xc0, 99, 2, 0xab, 0xcd, 0x80, 100, 1, 7};
	struct bgp_msg m;
	struct bgp_verdict v;
	const struct bgp_attrs *a = &m.u.update.attrs;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &ebgp, &m, &v), BGP_ACT_OK);
	assert_int_equal(a->nunknown, 2);
	assert_int_equal(a->unknown[0].type, 99);
	assert_int_equal(a->unknown[0].flags, 0xc0);
	assert_int_equal(a->unknown[0].len, 2);
	assert_memory_equal(a->unknown[0].data, at + 23, 2);
	assert_true(bgp_attr_has(a, 99));
	bgp_attrs_prepare_transit(&m.u.update.attrs);
	assert_int_equal(a->nunknown, 1);
	assert_int_equal(a->unknown[0].flags, 0xe0);
	assert_false(bgp_attr_has(a, 100));
}

static void test_unknown_attributes_sorted_by_type(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS, 0xc0, 124, 1, 1, 0xc0, 99, 1, 2,
	                             0xe0,          101,  1,   3};
	struct bgp_msg m;
	struct bgp_verdict v;
	const struct bgp_attrs *a = &m.u.update.attrs;

	assert_int_equal(ct_decode_attrs(at, sizeof(at), &ebgp, &m, &v), BGP_ACT_OK);
	assert_int_equal(a->nunknown, 3);
	assert_int_equal(a->unknown[0].type, 99);
	assert_int_equal(a->unknown[0].data[0], 2);
	assert_int_equal(a->unknown[1].type, 101);
	assert_int_equal(a->unknown[1].flags, 0xe0);
	assert_int_equal(a->unknown[2].type, 124);
}

static void test_prefix_host_bits_masked(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS};
	static const uint8_t nlri[] = {20, 10, 1, 0xff, 0, 32, 1, 2, 3, 4};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_update(NULL, 0, at, sizeof(at), nlri, sizeof(nlri), buf);

	assert_int_equal(ct_decode(buf, len, &ebgp, &m, &v), BGP_ACT_OK);
	assert_int_equal(m.u.update.nnlri, 3);
	assert_int_equal(m.u.update.nlri[0].addr[2], 0xf0);
	assert_int_equal(m.u.update.nlri[0].addr[3], 0);
	assert_int_equal(m.u.update.nlri[1].len, 0);
	assert_int_equal(m.u.update.nlri[2].len, 32);
	assert_int_equal(m.u.update.nlri[2].addr[3], 4);
}

static void test_rfc7911_add_path_nlri(void **state)
{
	static const uint8_t at[] = {CT_BASE_ATTRS};
	static const uint8_t nlri[] = {0, 0, 0, 7, 16, 10, 1, 0, 0, 0, 9, 16, 10, 1};
	struct bgp_ctx ctx = {.as4 = true, .addpath_v4 = true};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_update(NULL, 0, at, sizeof(at), nlri, sizeof(nlri), buf);

	assert_int_equal(ct_decode(buf, len, &ctx, &m, &v), BGP_ACT_OK);
	assert_int_equal(m.u.update.nnlri, 2);
	assert_int_equal(m.u.update.nlri[0].path_id, 7);
	assert_int_equal(m.u.update.nlri[1].path_id, 9);
}

static void test_rfc4724_end_of_rib(void **state)
{
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = bgp_encode_eor(1, 1, buf, sizeof(buf));

	assert_int_equal(len, 23);
	assert_int_equal(ct_decode(buf, len, &ebgp, &m, &v), BGP_ACT_OK);
	assert_true(bgp_update_is_eor(&m));
	len = bgp_encode_eor(2, 1, buf, sizeof(buf));
	assert_int_equal(len, 29);
	assert_int_equal(ct_decode(buf, len, &ebgp, &m, &v), BGP_ACT_OK);
	assert_true(bgp_update_is_eor(&m));
	assert_int_equal(m.u.update.attrs.mp_unreach.afi, 2);
	len = bgp_encode_keepalive(buf, sizeof(buf));
	assert_int_equal(ct_decode(buf, len, &ebgp, &m, &v), BGP_ACT_OK);
	assert_false(bgp_update_is_eor(&m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc7606_7_1_origin_bad_value),
	    cmocka_unit_test(test_rfc7606_7_1_origin_bad_length),
	    cmocka_unit_test(test_rfc7606_7_2_as_path_zero_segment_length),
	    cmocka_unit_test(test_rfc7606_7_2_as_path_overrun),
	    cmocka_unit_test(test_rfc7606_7_2_as_path_underrun),
	    cmocka_unit_test(test_rfc7606_7_3_next_hop_bad_length),
	    cmocka_unit_test(test_rfc7606_7_3_next_hop_multicast),
	    cmocka_unit_test(test_rfc7606_7_4_med_bad_length),
	    cmocka_unit_test(test_rfc7606_7_5_local_pref_from_ebgp_discarded),
	    cmocka_unit_test(test_rfc7606_7_5_local_pref_bad_length_ibgp),
	    cmocka_unit_test(test_rfc7606_7_6_atomic_aggregate_bad_length),
	    cmocka_unit_test(test_rfc7606_7_7_aggregator_bad_length),
	    cmocka_unit_test(test_rfc7606_7_7_aggregator_two_octet_context),
	    cmocka_unit_test(test_rfc7606_7_8_communities_not_multiple_of_4),
	    cmocka_unit_test(test_rfc7606_7_9_originator_id),
	    cmocka_unit_test(test_rfc7606_7_10_cluster_list),
	    cmocka_unit_test(test_rfc7606_7_11_mp_reach_bad_next_hop_length),
	    cmocka_unit_test(test_rfc7606_7_11_mp_reach_nlri_unparsable),
	    cmocka_unit_test(test_rfc7606_7_12_mp_unreach_too_short),
	    cmocka_unit_test(test_rfc4760_7_unsupported_afi_safi),
	    cmocka_unit_test(test_rfc7606_7_14_extended_communities_bad_length),
	    cmocka_unit_test(test_rfc8092_6_large_community_bad_length),
	    cmocka_unit_test(test_rfc6793_6_as4_path_malformed_discarded),
	    cmocka_unit_test(test_rfc6793_6_as4_aggregator_malformed_discarded),
	    cmocka_unit_test(test_rfc6793_as4_path_from_new_speaker_ignored),
	    cmocka_unit_test(test_rfc7606_3_c_flags_error_med),
	    cmocka_unit_test(test_rfc7606_3_d_missing_well_known),
	    cmocka_unit_test(test_rfc7606_3_d_no_nlri_needs_no_attributes),
	    cmocka_unit_test(test_rfc7606_no_nlri_with_attribute_error),
	    cmocka_unit_test(test_rfc7606_3_g_duplicate_discarded),
	    cmocka_unit_test(test_rfc7606_3_g_duplicate_mp_reach_resets),
	    cmocka_unit_test(test_rfc7606_4_attribute_overruns_list),
	    cmocka_unit_test(test_rfc7606_5_3_mp_reach_overruns_list),
	    cmocka_unit_test(test_rfc7606_4_short_attribute_header),
	    cmocka_unit_test(test_rfc7606_5_3_nlri_length_over_32),
	    cmocka_unit_test(test_rfc7606_5_3_nlri_overrun),
	    cmocka_unit_test(test_rfc7606_5_3_withdrawn_length_over_32),
	    cmocka_unit_test(test_rfc7606_strongest_action_wins),
	    cmocka_unit_test(test_unknown_optional_kept_with_flags),
	    cmocka_unit_test(test_unknown_attributes_sorted_by_type),
	    cmocka_unit_test(test_prefix_host_bits_masked),
	    cmocka_unit_test(test_rfc7911_add_path_nlri),
	    cmocka_unit_test(test_rfc4724_end_of_rib),
	};

	return cmocka_run_group_tests(tests, ct_setup, NULL);
}
