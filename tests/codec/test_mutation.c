/* test_mutation.c: deterministic mutations of valid messages. Under ASan
 * and UBSan the decoder must never read out of bounds; whatever it accepts
 * must encode again, and the re-encoded message must not be a reset. */
#include "codec_test.h"

static uint8_t seedbuf[BGP_EXT_MAX_LEN];
static uint8_t mutbuf[BGP_EXT_MAX_LEN];
static uint8_t again[BGP_EXT_MAX_LEN];

static uint32_t rng_state = 0x12345678u;

static uint32_t rng(void)
{
	/* xorshift32 */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static const uint8_t seed_attrs[] = {
    CT_BASE_ATTRS,
    0x80,
    4,
    4,
    0,
    0,
    0,
    5,
    0x40,
    6,
    0,
    0xc0,
    7,
    8,
    0,
    0,
    0xfd,
    0xe9,
    10,
    0,
    0,
    9,
    0xc0,
    8,
    8,
    0xfd,
    0xe9,
    0,
    1,
    0xff,
    0xff,
    0xff,
    1,
    0x80,
    14,
    26,
    0,
    2,
    1,
    16,
    0x20,
    1,
    0xd,
    0xb8,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    1,
    0,
    32,
    0x20,
    1,
    0xd,
    0xb8,
    0x80,
    15,
    8,
    0,
    2,
    1,
    64,
    0x20,
    1,
    0xd,
    0xb8,
    0xc0,
    16,
    8,
    0,
    2,
    0xfd,
    0xe9,
    0,
    0,
    0,
    1,
    0xc0,
    32,
    12,
    0,
    0,
    0xfd,
    0xe9,
    0,
    0,
    0,
    1,
    0,
    0,
    0,
    2,
    0xc0,
    99,
    1,
    7,
};

static size_t make_seed(int which)
{
	static const uint8_t wd[] = {8, 10, 24, 192, 168, 1};
	static const uint8_t nlri[] = {16, 10, 1, 0, 32, 1, 2, 3, 4};
	static const uint8_t open_body[] = {
	    4, 0x5b, 0xa0, 0,    90,   10, 0, 0,    1,    24, 2, 22, 1, 4, 0, 1,  0, 1, 65,
	    4, 0,    0,    0xfd, 0xe9, 64, 2, 0x80, 0x78, 69, 4, 0,  1, 1, 3, 73, 1, 9};
	static const uint8_t notif[] = {6, 2, 3, 'b', 'y', 'e'};
	static const uint8_t rr[] = {0, 1, 1, 1};

	switch (which) {
	case 0:
		return ct_msg(BGP_OPEN, open_body, sizeof(open_body), seedbuf);
	case 1:
		return ct_msg(BGP_NOTIFICATION, notif, sizeof(notif), seedbuf);
	case 2:
		return ct_msg(BGP_ROUTE_REFRESH, rr, sizeof(rr), seedbuf);
	default:
		return ct_update(wd, sizeof(wd), seed_attrs, sizeof(seed_attrs), nlri, sizeof(nlri),
		                 seedbuf);
	}
}

static void mutate_and_check(const struct bgp_ctx *ctx, size_t iterations)
{
	size_t accepted = 0;

	for (size_t it = 0; it < iterations; it++) {
		size_t len = make_seed((int)(rng() % 6)), n;
		struct bgp_msg m, m2;
		struct bgp_verdict v;
		size_t flips = 1 + rng() % 4;

		memcpy(mutbuf, seedbuf, len);
		for (size_t f = 0; f < flips; f++) {
			/* Spare the header most of the time so bodies get exercised. */
			size_t pos = 19 + rng() % (len - 19);

			if (rng() % 8 == 0)
				pos = rng() % len;
			mutbuf[pos] = (uint8_t)rng();
		}
		if (rng() % 4 == 0 && len > 20) {
			/* Truncate and fix the length field. */
			len = 19 + rng() % (len - 19);
			mutbuf[16] = (uint8_t)(len >> 8);
			mutbuf[17] = (uint8_t)len;
		}
		if (ct_decode(mutbuf, len, ctx, &m, &v) == BGP_ACT_SESSION_RESET) {
			assert_true(v.code >= 1 && v.code <= 7);
			assert_non_null(v.rule);
			continue;
		}
		n = bgp_encode(&m, ctx, again, sizeof(again));
		assert_true(n >= 19);
		/* Decode the re-encoded message in its own arena space. */
		assert_int_not_equal(bgp_decode(again, n, ctx, &ct_arena, &m2, &v),
		                     BGP_ACT_SESSION_RESET);
		assert_int_equal(m2.type, m.type);
		accepted++;
	}
	/* The mutations must not all be rejected, or nothing was tested. */
	assert_true(accepted > iterations / 10);
	assert_true(accepted < iterations);
}

static void test_mutations_as4(void **state)
{
	struct bgp_ctx ctx = {.as4 = true, .ibgp = true};

	mutate_and_check(&ctx, 30000);
}

static void test_mutations_two_octet_add_path(void **state)
{
	struct bgp_ctx ctx = {.as4 = false, .addpath_v4 = true, .addpath_v6 = true};

	mutate_and_check(&ctx, 30000);
}

static void test_mutations_strict(void **state)
{
	struct bgp_ctx ctx = {.as4 = true, .rfc4271_only = true, .ext_msg = true};

	mutate_and_check(&ctx, 20000);
}

static void test_notification_data_truncated_to_fit(void **state)
{
	static uint8_t data[5000];
	size_t len = bgp_encode_notification(3, 5, data, sizeof(data), again, sizeof(again));

	assert_int_equal(len, 4096);
	len = bgp_encode_notification(3, 5, data, 10, again, 25);
	assert_int_equal(len, 25);
	assert_int_equal(bgp_encode_notification(3, 5, NULL, 0, again, 20), 0);
}

static void test_rfc8654_open_stays_within_4096(void **state)
{
	struct bgp_ctx ext = {.ext_msg = true};
	struct bgp_verdict v;
	size_t ml;

	ct_msg(BGP_OPEN, NULL, 0, seedbuf);
	seedbuf[16] = 0x10;
	seedbuf[17] = 0x01;
	assert_int_equal(bgp_frame(seedbuf, 19, &ext, &ml, &v), BGP_FRAME_ERR);
	assert_int_equal(v.subcode, BGP_HDR_BAD_LENGTH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mutations_as4),
	    cmocka_unit_test(test_mutations_two_octet_add_path),
	    cmocka_unit_test(test_mutations_strict),
	    cmocka_unit_test(test_notification_data_truncated_to_fit),
	    cmocka_unit_test(test_rfc8654_open_stays_within_4096),
	};

	return cmocka_run_group_tests(tests, ct_setup, NULL);
}
