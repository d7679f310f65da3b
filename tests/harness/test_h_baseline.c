/* test_h_baseline.c: the file of expected failures: what it accepts, each
 * error with its FILE:LINE, and what it does to results (a known failure
 * turns green, a new failure stays red, a fixed one is reported). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "h_baseline.h"
#include "h_report.h"

static char err[512];

static void test_parse(void **state)
{
	struct h_baseline b;

	(void)state;
	assert_int_equal(h_baseline_parse("bl.txt",
	                                  "# our server\n\n"
	                                  "ARS-ECMP  picks one next hop (NET-123)  \n"
	                                  "  RFC7606-7.3-NEXT-HOP-ZERO\tresets instead # NET-130\n",
	                                  &b, err, sizeof(err)),
	                 0);
	assert_int_equal(b.n, 2);
	assert_string_equal(b.e[0].id, "ARS-ECMP");
	assert_string_equal(b.e[0].why, "picks one next hop (NET-123)");
	assert_int_equal(b.e[0].line, 3);
	assert_string_equal(b.e[1].id, "RFC7606-7.3-NEXT-HOP-ZERO");
	assert_string_equal(b.e[1].why, "resets instead");
	assert_int_equal(b.e[1].line, 4);
	h_baseline_free(&b);
	/* an empty file is an empty baseline */
	assert_int_equal(h_baseline_parse("bl.txt", "", &b, err, sizeof(err)), 0);
	assert_int_equal(b.n, 0);
	h_baseline_free(&b);
}

static void expect_error(const char *text, const char *want)
{
	struct h_baseline b;

	err[0] = '\0';
	assert_int_equal(h_baseline_parse("bl.txt", text, &b, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("error '%s' lacks '%s'", err, want);
	assert_int_equal(b.n, 0);
	assert_null(b.e);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("ARS-ECMP\n", "bl.txt:1: ARS-ECMP has no reason");
	expect_error("# c\nARS-ECMP   # why\n", "bl.txt:2: ARS-ECMP has no reason");
	expect_error("ARS-ECMP x\nARS-* all of them\n",
	             "bl.txt:2: 'ARS-* all of them' is not a case ID");
	expect_error("ARS-ECMP x\n\nARS-ECMP again\n",
	             "bl.txt:3: ARS-ECMP is listed already at line 1");
	expect_error("ARS-ECMP,ARS-SHORTEST why\n", "bl.txt:1: 'ARS-ECMP,ARS-SHORTEST why' is not");
	expect_error(
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA x\n",
	    "bl.txt:1: a case ID of 73 characters");
}

static void test_load_and_check(void **state)
{
	struct h_baseline b;
	const char *ids[] = {"ARS-ECMP", "ARS-SHORTEST"};
	char path[] = "/tmp/test_h_baseline-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	(void)state;
	fputs("ARS-SHORTEST why\nARS-NO-SUCH-CASE why not\n", f);
	fclose(f);
	assert_int_equal(h_baseline_load(path, &b, err, sizeof(err)), 0);
	assert_int_equal(h_baseline_check(&b, ids, 2, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: no case ARS-NO-SUCH-CASE in the catalogue"));
	assert_int_equal(h_baseline_check(&b, ids, 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":1: no case ARS-SHORTEST"));
	h_baseline_free(&b);
	unlink(path);
	assert_int_equal(h_baseline_load(path, &b, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot read"));
}

static void set_case(struct h_case_result *c, const char *id, enum h_verdict v, const char *why)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->id, sizeof(c->id), "%s", id);
	c->verdict = v;
	snprintf(c->reason, sizeof(c->reason), "%s", why);
	c->attempt = 1;
}

/* A known failure turns the run green; a new failure keeps it red; a fixed
 * one is reported and does not turn it red; ERROR is never expected. */
static void test_apply(void **state)
{
	struct h_baseline b;
	struct h_case_result cases[4];
	struct h_run_result r = {.selected = 2, .ncases = 2, .cases = cases};
	char *text = NULL;
	size_t len = 0;
	FILE *mem;

	(void)state;
	assert_int_equal(h_baseline_parse("bl.txt",
	                                  "ARS-ECMP one next hop\nARS-SHORTEST fixed upstream\n"
	                                  "ARS-METRICS env\n",
	                                  &b, err, sizeof(err)),
	                 0);
	set_case(&cases[0], "ARS-ECMP", H_FAIL, "expected nexthops a,b, got a");
	set_case(&cases[1], "ARS-REFLECT", H_PASS, "");
	assert_int_equal(h_run_exit_status(&r), H_EXIT_FAILED);
	h_baseline_apply(&b, &r);
	assert_int_equal(cases[0].verdict, H_XFAIL);
	assert_string_equal(
	    cases[0].reason,
	    "expected failure (bl.txt:1: one next hop): expected nexthops a,b, got a");
	assert_int_equal(h_run_exit_status(&r), H_EXIT_OK);
	/* a new failure is red */
	set_case(&cases[1], "ARS-REFLECT", H_FAIL, "no route");
	h_baseline_apply(&b, &r);
	assert_int_equal(cases[1].verdict, H_FAIL);
	assert_int_equal(h_run_exit_status(&r), H_EXIT_FAILED);
	/* a fixed one, and an ERROR of a listed case */
	set_case(&cases[1], "ARS-SHORTEST", H_PASS, "");
	set_case(&cases[2], "ARS-METRICS", H_ERROR, "port busy");
	r.selected = r.ncases = 3;
	h_baseline_free(&b);
	assert_int_equal(h_baseline_parse("bl.txt",
	                                  "ARS-ECMP one next hop\nARS-SHORTEST fixed upstream\n"
	                                  "ARS-METRICS env\n",
	                                  &b, err, sizeof(err)),
	                 0);
	set_case(&cases[0], "ARS-ECMP", H_FAIL, "");
	h_baseline_apply(&b, &r);
	assert_int_equal(cases[1].verdict, H_PASS);
	assert_string_equal(
	    cases[1].reason,
	    "fixed: bl.txt:2 expected it to fail (fixed upstream); the line can go");
	assert_int_equal(cases[2].verdict, H_ERROR);
	assert_int_equal(h_run_exit_status(&r), H_EXIT_INCOMPLETE);
	mem = open_memstream(&text, &len);
	h_baseline_summary(mem, &b);
	fclose(mem);
	assert_string_equal(text, "baseline bl.txt: 1 expected failure(s) seen, 1 fixed\n"
	                          "  fixed: ARS-SHORTEST passed (bl.txt:2 expected it to fail: "
	                          "fixed upstream)\n");
	free(text);
	h_baseline_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_load_and_check),
	    cmocka_unit_test(test_apply),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
