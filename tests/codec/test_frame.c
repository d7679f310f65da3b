/* test_frame.c: RFC 4271 6.1 message header errors, RFC 8654 sizes,
 * RFC 7313 5 ROUTE-REFRESH length, and framing of partial input. */
#include "codec_test.h"

static uint8_t buf[BGP_EXT_MAX_LEN + 16];

static void test_rfc4271_6_1_connection_not_synchronized(void **state)
{
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_msg(BGP_KEEPALIVE, NULL, 0, buf), ml;

	buf[7] = 0xfe;
	assert_int_equal(bgp_frame(buf, len, NULL, &ml, &v), BGP_FRAME_ERR);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 1, 1, NULL, 0);
	assert_string_equal(v.rule, "RFC4271-6.1");
	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 1, 1, NULL, 0);
}

static void test_rfc4271_6_1_bad_message_length_short(void **state)
{
	static const uint8_t want[] = {0x00, 0x12};
	struct bgp_verdict v;
	size_t ml;

	ct_msg(BGP_KEEPALIVE, NULL, 0, buf);
	buf[17] = 18;
	assert_int_equal(bgp_frame(buf, 19, NULL, &ml, &v), BGP_FRAME_ERR);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 1, 2, want, 2);
}

static void test_rfc4271_6_1_bad_message_length_4097(void **state)
{
	static const uint8_t want[] = {0x10, 0x01};
	struct bgp_verdict v;
	struct bgp_ctx ext = {.ext_msg = true};
	size_t ml;

	ct_msg(BGP_UPDATE, NULL, 0, buf);
	buf[16] = 0x10;
	buf[17] = 0x01;
	assert_int_equal(bgp_frame(buf, 19, NULL, &ml, &v), BGP_FRAME_ERR);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 1, 2, want, 2);
	/* RFC 8654: allowed once extended messages are negotiated. */
	assert_int_equal(bgp_frame(buf, 19, &ext, &ml, &v), BGP_FRAME_NEED);
	assert_int_equal(bgp_frame(buf, 4097, &ext, &ml, &v), BGP_FRAME_OK);
	assert_int_equal(ml, 4097);
}

static void test_rfc4271_6_1_message_length_4096_accepted(void **state)
{
	uint8_t body[4096 - 19] = {0};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len, ml;

	/* An UPDATE of exactly 4096 bytes: withdrawn routes only. */
	body[0] = (uint8_t)((4096 - 23) >> 8);
	body[1] = (uint8_t)(4096 - 23);
	len = ct_msg(BGP_UPDATE, body, sizeof(body), buf);
	assert_int_equal(len, 4096);
	assert_int_equal(bgp_frame(buf, len, NULL, &ml, &v), BGP_FRAME_OK);
	assert_int_equal(ml, 4096);
	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_OK);
	assert_int_equal(m.u.update.nwithdrawn, 4096 - 23); /* all /0 */
}

static void test_rfc8654_65535_with_ext_msg(void **state)
{
	static uint8_t body[BGP_EXT_MAX_LEN - 19];
	struct bgp_ctx ext = {.ext_msg = true};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len;

	memset(body, 0, sizeof(body));
	body[0] = (uint8_t)((BGP_EXT_MAX_LEN - 23) >> 8);
	body[1] = (uint8_t)(BGP_EXT_MAX_LEN - 23);
	len = ct_msg(BGP_UPDATE, body, sizeof(body), buf);
	assert_int_equal(ct_decode(buf, len, &ext, &m, &v), BGP_ACT_OK);
	assert_int_equal(m.u.update.nwithdrawn, BGP_EXT_MAX_LEN - 23);
	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_SESSION_RESET);
	assert_int_equal(v.subcode, BGP_HDR_BAD_LENGTH);
}

static void check_type_len(uint8_t type, uint16_t len)
{
	uint8_t want[2] = {(uint8_t)(len >> 8), (uint8_t)len};
	struct bgp_verdict v;
	size_t ml;

	memset(buf, 0, 64);
	ct_msg(type, NULL, 0, buf);
	buf[16] = want[0];
	buf[17] = want[1];
	assert_int_equal(bgp_frame(buf, len, NULL, &ml, &v), BGP_FRAME_ERR);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 1, 2, want, 2);
}

static void test_rfc4271_6_1_bad_message_length_per_type(void **state)
{
	check_type_len(BGP_OPEN, 28);
	check_type_len(BGP_UPDATE, 22);
	check_type_len(BGP_NOTIFICATION, 20);
	check_type_len(BGP_KEEPALIVE, 20);
	check_type_len(BGP_ROUTE_REFRESH, 22);
	check_type_len(BGP_ROUTE_REFRESH, 24); /* subtype 0: header error */
}

static void test_rfc4271_6_1_bad_message_type(void **state)
{
	static const uint8_t six[] = {6}, zero[] = {0};
	struct bgp_verdict v;
	size_t ml, len = ct_msg(6, NULL, 0, buf);

	assert_int_equal(bgp_frame(buf, len, NULL, &ml, &v), BGP_FRAME_ERR);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 1, 3, six, 1);
	len = ct_msg(0, NULL, 0, buf);
	assert_int_equal(bgp_frame(buf, len, NULL, &ml, &v), BGP_FRAME_ERR);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 1, 3, zero, 1);
}

static void test_rfc7313_5_enhanced_route_refresh_bad_length(void **state)
{
	static const uint8_t body[] = {0, 1, BGP_RR_BORR, 1, 0};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t ml, len = ct_msg(BGP_ROUTE_REFRESH, body, sizeof(body), buf);

	assert_int_equal(bgp_frame(buf, len - 1, NULL, &ml, &v), BGP_FRAME_NEED);
	assert_int_equal(bgp_frame(buf, len, NULL, &ml, &v), BGP_FRAME_ERR);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 7, 1, buf, 24);
	assert_string_equal(v.rule, "RFC7313-5");
	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 7, 1, buf, 24);
}

static void test_frame_needs_whole_header_and_message(void **state)
{
	struct bgp_verdict v;
	size_t ml, len = ct_msg(BGP_KEEPALIVE, NULL, 0, buf);

	for (size_t i = 0; i < len; i++)
		assert_int_equal(bgp_frame(buf, i, NULL, &ml, &v), BGP_FRAME_NEED);
	assert_int_equal(bgp_frame(buf, len + 5, NULL, &ml, &v), BGP_FRAME_OK);
	assert_int_equal(ml, 19);
}

static void test_decode_length_field_differs_from_input(void **state)
{
	static const uint8_t want[] = {0, 19};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_msg(BGP_KEEPALIVE, NULL, 0, buf);

	assert_int_equal(ct_decode(buf, len + 1, NULL, &m, &v), BGP_ACT_SESSION_RESET);
	CT_ASSERT_NOTIF(&v, BGP_ACT_SESSION_RESET, 1, 2, want, 2);
	assert_int_equal(ct_decode(buf, len - 1, NULL, &m, &v), BGP_ACT_SESSION_RESET);
	assert_int_equal(v.subcode, 2);
}

static void test_keepalive_decodes(void **state)
{
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = bgp_encode_keepalive(buf, sizeof(buf));

	assert_int_equal(len, 19);
	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_OK);
	assert_int_equal(m.type, BGP_KEEPALIVE);
	assert_int_equal(m.len, 19);
	assert_int_equal(bgp_encode_keepalive(buf, 18), 0);
}

static void test_rfc9003_shutdown_communication(void **state)
{
	static const uint8_t body[] = {6, 2, 5, 'm', 'a', 'i', 'n', 't'};
	static const uint8_t bad_len[] = {6, 4, 9, 'x'};
	static const uint8_t bad_utf8[] = {6, 2, 2, 0xc3, 0x28};
	static const uint8_t other[] = {6, 3, 1, 'x'};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_msg(BGP_NOTIFICATION, body, sizeof(body), buf);

	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_OK);
	assert_true(m.u.notification.has_shutdown_text);
	assert_int_equal(m.u.notification.shutdown_len, 5);
	assert_memory_equal(m.u.notification.shutdown_text, "maint", 5);
	assert_int_equal(m.u.notification.len, 6);
	/* A bad length is no error of the NOTIFICATION: just no text. */
	len = ct_msg(BGP_NOTIFICATION, bad_len, sizeof(bad_len), buf);
	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_OK);
	assert_false(m.u.notification.has_shutdown_text);
	assert_int_equal(m.u.notification.len, 2);
	len = ct_msg(BGP_NOTIFICATION, bad_utf8, sizeof(bad_utf8), buf);
	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_OK);
	assert_false(m.u.notification.has_shutdown_text);
	len = ct_msg(BGP_NOTIFICATION, other, sizeof(other), buf);
	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_OK);
	assert_false(m.u.notification.has_shutdown_text);
}

static void test_rfc7313_5_unknown_subtype_ignored(void **state)
{
	static const uint8_t body[] = {0, 1, 7, 1};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = ct_msg(BGP_ROUTE_REFRESH, body, sizeof(body), buf);

	assert_int_equal(ct_decode(buf, len, NULL, &m, &v), BGP_ACT_OK);
	assert_string_equal(v.rule, "RFC7313-5");
	assert_non_null(v.reason);
	assert_int_equal(m.u.route_refresh.subtype, 7);
}

static void test_names(void **state)
{
	assert_string_equal(bgp_error_name(6), "Cease");
	assert_string_equal(bgp_suberror_name(6, 1), "Maximum Number of Prefixes Reached");
	assert_string_equal(bgp_error_name(4), "Hold Timer Expired");
	assert_string_equal(bgp_suberror_name(1, 1), "Connection Not Synchronized");
	assert_string_equal(bgp_suberror_name(3, 11), "Malformed AS_PATH");
	assert_string_equal(bgp_suberror_name(2, 6), "Unacceptable Hold Time");
	assert_string_equal(bgp_suberror_name(7, 1), "Invalid Message Length");
	assert_string_equal(bgp_suberror_name(3, 0), "Unspecific");
	assert_string_equal(bgp_suberror_name(3, 200), "Unknown Subcode");
	assert_string_equal(bgp_error_name(99), "Unknown Error");
	assert_string_equal(bgp_action_name(BGP_ACT_TREAT_AS_WITHDRAW), "treat-as-withdraw");
	assert_string_equal(bgp_action_name(BGP_ACT_SESSION_RESET), "session-reset");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc4271_6_1_connection_not_synchronized),
	    cmocka_unit_test(test_rfc4271_6_1_bad_message_length_short),
	    cmocka_unit_test(test_rfc4271_6_1_bad_message_length_4097),
	    cmocka_unit_test(test_rfc4271_6_1_message_length_4096_accepted),
	    cmocka_unit_test(test_rfc8654_65535_with_ext_msg),
	    cmocka_unit_test(test_rfc4271_6_1_bad_message_length_per_type),
	    cmocka_unit_test(test_rfc4271_6_1_bad_message_type),
	    cmocka_unit_test(test_rfc7313_5_enhanced_route_refresh_bad_length),
	    cmocka_unit_test(test_frame_needs_whole_header_and_message),
	    cmocka_unit_test(test_decode_length_field_differs_from_input),
	    cmocka_unit_test(test_keepalive_decodes),
	    cmocka_unit_test(test_rfc9003_shutdown_communication),
	    cmocka_unit_test(test_rfc7313_5_unknown_subtype_ignored),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, ct_setup, NULL);
}
