/* The wire log: one line per message with time, actor, arrow, decoded text;
 * undecodable messages give the verdict and a hex dump. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ev_wirelog.h"

static char *read_all(FILE *f)
{
	long n;
	char *s;

	fflush(f);
	n = ftell(f);
	assert_true(n >= 0);
	s = calloc(1, (size_t)n + 1);
	assert_non_null(s);
	rewind(f);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	return s;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_lines(void **state)
{
	struct timespec start = {100, 0}, t1 = {100, 250000000}, t2 = {101, 500000000};
	struct bgp_ctx ctx = {.as4 = true};
	uint8_t ka[64], notif[64], bad[19];
	size_t kalen, nlen;
	struct ev_wirelog *w;
	char err[128], *out, *l2;
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	kalen = bgp_encode_keepalive(ka, sizeof(ka));
	assert_int_equal(kalen, 19);
	nlen = bgp_encode_notification(BGP_ERR_CEASE, BGP_CEASE_ADMIN_RESET, NULL, 0, notif,
	                               sizeof(notif));
	assert_int_equal(nlen, 21);
	memcpy(bad, ka, sizeof(bad));
	bad[3] = 0x00; /* broken marker */

	w = ev_wirelog_stream(f, &start, err, sizeof(err));
	assert_non_null(w);
	assert_int_equal(ev_wirelog_note(w, &start, "nva1", "IN_0", EV_TO_SERVER, "connect"), 0);
	assert_int_equal(ev_wirelog_msg(w, &t1, "nva1", "IN_0", EV_TO_SERVER, &ctx, ka, kalen),
	                 BGP_ACT_OK);
	assert_int_equal(ev_wirelog_msg(w, &t2, "nva1", "IN_0", EV_FROM_SERVER, &ctx, notif, nlen),
	                 BGP_ACT_OK);
	assert_int_equal(ev_wirelog_msg(w, &t2, "nva2", "IN_1", EV_TO_SERVER, &ctx, bad, 19),
	                 BGP_ACT_SESSION_RESET);
	assert_int_equal(ev_wirelog_close(w), 0);

	out = read_all(f);
	/* note + keepalive + notification + undecodable + 2 hex lines (16 + 3 bytes) */
	assert_int_equal(count_lines(out), 6);
	assert_non_null(strstr(out, "     0.000  nva1     -> IN_0   -- connect\n"));
	assert_non_null(strstr(out, "     0.250  nva1     -> IN_0   KEEPALIVE"));
	l2 = strstr(out, "     1.500  nva1     <- IN_0   NOTIFICATION");
	assert_non_null(l2);
	assert_non_null(strstr(out, "     1.500  nva2     -> IN_1   UNDECODABLE len=19 type=4: "));
	assert_non_null(strstr(out, "session"));
	assert_non_null(strstr(out, "0000  ff ff ff 00 ff ff"));
	assert_non_null(strstr(out, "0010  00 13 04\n"));
	free(out);
	fclose(f);
}

/* An RFC 7606 attribute discard: the decoded line, then the verdict. */
static void test_discard_verdict(void **state)
{
	static const uint8_t upd[] = {
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0x00, 50,   2,    0x00, 0x00, 0x00, 24,   0x40, 1,    1,    0, /* ORIGIN IGP
	                                                                                */
	    0x40, 2,    6,    2,    1,    0x00, 0x00, 0xfd, 0xe9, /* AS_PATH 65001 */
	    0x40, 3,    4,    10,   0,    1,    4,                /* NEXT_HOP */
	    0x40, 6,    1,    0,                                  /* ATOMIC_AGGREGATE, bad length */
	    16,   10,   1,                                        /* 10.1.0.0/16 */
	};
	struct timespec start = {0, 0};
	struct bgp_ctx ctx = {.as4 = true};
	struct ev_wirelog *w;
	char err[128], *out;
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	w = ev_wirelog_stream(f, &start, err, sizeof(err));
	assert_non_null(w);
	assert_int_equal(
	    ev_wirelog_msg(w, &start, "nva1", "IN_0", EV_TO_SERVER, &ctx, upd, sizeof(upd)),
	    BGP_ACT_ATTR_DISCARD);
	assert_int_equal(ev_wirelog_close(w), 0);
	out = read_all(f);
	assert_int_equal(count_lines(out), 1);
	assert_non_null(strstr(out, "UPDATE len=50"));
	assert_non_null(strstr(out, "10.1.0.0/16"));
	assert_non_null(strstr(out, "  ["));
	assert_non_null(strstr(out, "attr=6"));
	assert_non_null(strstr(out, "rule=RFC7606"));
	free(out);
	fclose(f);
}

static void test_open_fails_cleanly(void **state)
{
	struct timespec start = {0, 0};
	char err[128] = "";

	(void)state;
	assert_null(ev_wirelog_open("no-such-dir/x/wire.log", &start, err, sizeof(err)));
	assert_non_null(strstr(err, "no-such-dir"));
	assert_int_equal(ev_wirelog_close(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_discard_verdict),
	    cmocka_unit_test(test_open_fails_cleanly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
