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

/* clang-format off */
static const uint8_t seed_attrs[] = {
	CT_BASE_ATTRS,
	0x80, 4, 4, 0, 0, 0, 5,                         /* MED */
	0x40, 6, 0,                                     /* ATOMIC_AGGREGATE */
	0xc0, 7, 8, 0, 0, 0xfd, 0xe9, 10, 0, 0, 9,      /* AGGREGATOR */
	0xc0, 8, 8, 0xfd, 0xe9, 0, 1, 0xff, 0xff, 0xff, 1, /* COMMUNITIES */
	0x80, 14, 26, 0, 2, 1, 16, 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0, 32, 0x20, 1, 0xd, 0xb8,                      /* MP_REACH_NLRI */
	0x80, 15, 8, 0, 2, 1, 32, 0x20, 1, 0xd, 0xb8,   /* MP_UNREACH_NLRI */
	0xc0, 16, 8, 0, 2, 0xfd, 0xe9, 0, 0, 0, 1,      /* EXTENDED_COMMUNITIES */
	0xc0, 32, 12, 0, 0, 0xfd, 0xe9, 0, 0, 0, 1, 0, 0, 0, 2, /* LARGE_COMMUNITY */
	0xc0, 99, 1, 7,                                 /* unknown, optional transitive */
};
/* clang-format on */

static size_t make_seed(int which)
{
	static const uint8_t wd[] = {8, 10, 24, 192, 168, 1};
	static const uint8_t nlri[] = {16, 10, 1, 0, 32, 1, 2, 3, 4};
	/* clang-format off */
	static const uint8_t open_body[] = {
		4, 0x5b, 0xa0, 0, 90, 10, 0, 0, 1, 27, 2, 25,
		1, 4, 0, 1, 0, 1,          /* MP ipv4/unicast */
		65, 4, 0, 0, 0xfd, 0xe9,   /* AS4 65001 */
		64, 2, 0x80, 0x78,         /* graceful restart */
		69, 4, 0, 1, 1, 3,         /* add-path */
		73, 1, 9};                 /* unknown capability */
	/* clang-format on */
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

static void test_arena_exhaustion_is_out_of_resources(void **state)
{
	static uint8_t small[8192];
	struct bgp_arena arena;
	struct bgp_ctx ctx = {.as4 = true, .ibgp = true};
	size_t len = make_seed(3), ok = 0;

	/* Every allocation point fails in turn as the arena grows. */
	for (size_t cap = 0; cap <= sizeof(small); cap += 8) {
		struct bgp_msg m;
		struct bgp_verdict v;
		enum bgp_action act;

		bgp_arena_init(&arena, small, cap);
		act = bgp_decode(seedbuf, len, &ctx, &arena, &m, &v);
		if (act == BGP_ACT_SESSION_RESET) {
			assert_int_equal(v.code, BGP_ERR_CEASE);
			assert_int_equal(v.subcode, BGP_CEASE_OUT_OF_RESOURCES);
			continue;
		}
		assert_int_equal(act, BGP_ACT_OK);
		assert_int_equal(m.u.update.nnlri, 3);
		ok++;
	}
	assert_true(ok > 0);
	bgp_arena_init(&arena, small, 0);
	len = make_seed(0);
	{
		struct bgp_msg m;
		struct bgp_verdict v;

		assert_int_equal(bgp_decode(seedbuf, len, &ctx, &arena, &m, &v),
		                 BGP_ACT_SESSION_RESET);
		assert_int_equal(v.code, BGP_ERR_CEASE);
	}
}

static void test_seeds_are_valid(void **state)
{
	struct bgp_ctx ctx = {.as4 = true, .ibgp = true};

	for (int i = 0; i < 4; i++) {
		struct bgp_msg m;
		struct bgp_verdict v;
		size_t len = make_seed(i);

		assert_int_equal(ct_decode(seedbuf, len, &ctx, &m, &v), BGP_ACT_OK);
		assert_null(v.rule);
	}
}

static void test_prepare_transit_sets_partial_on_the_wire(void **state)
{
	struct bgp_ctx ctx = {.as4 = true, .ibgp = true};
	struct bgp_msg m;
	struct bgp_verdict v;
	size_t len = make_seed(3), n;

	assert_int_equal(ct_decode(seedbuf, len, &ctx, &m, &v), BGP_ACT_OK);
	bgp_attrs_prepare_transit(&m.u.update.attrs);
	n = bgp_encode(&m, &ctx, again, sizeof(again));
	assert_true(n > 0);
	/* The unknown attribute 99 is the last one: flags, type, len, value. */
	assert_int_equal(again[n - 9 - 4], 0xe0);
	assert_int_equal(again[n - 9 - 3], 99);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_seeds_are_valid),
	    cmocka_unit_test(test_mutations_as4),
	    cmocka_unit_test(test_mutations_two_octet_add_path),
	    cmocka_unit_test(test_mutations_strict),
	    cmocka_unit_test(test_notification_data_truncated_to_fit),
	    cmocka_unit_test(test_rfc8654_open_stays_within_4096),
	    cmocka_unit_test(test_arena_exhaustion_is_out_of_resources),
	    cmocka_unit_test(test_prepare_transit_sets_partial_on_the_wire),
	};

	return cmocka_run_group_tests(tests, ct_setup, NULL);
}
