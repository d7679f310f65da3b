/* test_h_target.c: the target profile reader's rule lines have no fixed
 * limit (a fuzz farm's profile gains an xfail line per finding), each is
 * found by its glob, a bad line is refused with its file and line, and a
 * refused profile leaves nothing to free (LeakSanitizer checks). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "h_target.h"

#define NRULES 300 /* more than the 64 a keyword once allowed */

static char path[64];

/* A profile with NRULES xfail and skip lines, then the line `last`. */
static void profile(const char *last)
{
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/test_h_target-XXXXXX");
	f = fdopen(mkstemp(path), "w");
	assert_non_null(f);
	fprintf(f, "name t\ninstance 0 127.0.0.4 nexthop 10.0.255.4\nnva-base 127.0.1.0\n");
	for (int i = 0; i < NRULES; i++)
		fprintf(f, "xfail CASE-X%d finding %d\nskip CASE-S%d* reason %d\n", i, i, i, i);
	fprintf(f, "outcome CASE-O notification 6/5, closed\n%s\n", last);
	fclose(f);
}

static void many_rules(void **state)
{
	struct h_target t;
	char id[32];

	(void)state;
	profile("# the end");
	if (h_target_load(path, &t))
		fail_msg("%s", t.error);
	assert_int_equal(t.xfail.n, NRULES);
	assert_int_equal(t.skip.n, NRULES);
	snprintf(id, sizeof(id), "CASE-X%d", NRULES - 1);
	assert_string_equal(h_target_xfail(&t, id), "finding 299");
	assert_string_equal(h_target_xfail(&t, "CASE-X0"), "finding 0");
	assert_null(h_target_xfail(&t, "CASE-X300"));
	assert_true(h_target_outcome_allowed(&t, "CASE-O", "closed"));
	assert_false(h_target_outcome_allowed(&t, "CASE-O", "silence"));
	h_target_free(&t);
	assert_int_equal(t.xfail.n, 0);
	unlink(path);
}

static void bad_line_after_many(void **state)
{
	struct h_target t;
	char where[64];

	(void)state;
	profile("port 17x9");
	assert_int_equal(h_target_load(path, &t), -1);
	snprintf(where, sizeof(where), ":%d: cannot read 'port'", 3 + 2 * NRULES + 2);
	assert_non_null(strstr(t.error, where));
	assert_null(t.xfail.v); /* freed on failure */
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(many_rules),
	    cmocka_unit_test(bad_line_after_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
