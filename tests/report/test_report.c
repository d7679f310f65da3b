/* Report writers: exit status rule, counts, flaky detection, escaping,
 * and the shape of each report for a synthetic run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "h_report.h"
#include "report_fixture.h"

typedef int (*writer)(FILE *, const struct h_run_result *);

static char *render(writer w, const struct h_run_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(w(f, r), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static char *render_text(void (*put)(FILE *, const char *, size_t), const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	put(f, s, strlen(s) + 1);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void test_exit_status_rules(void **state)
{
	struct h_run_result r;
	size_t i;

	(void)state;
	assert_int_equal(fixture_build("mixed", &r), 0);
	assert_int_equal(h_run_exit_status(&r), H_EXIT_INCOMPLETE); /* has an ERROR */
	r.cases[3].verdict = H_PASS;
	assert_int_equal(h_run_exit_status(&r), H_EXIT_FAILED); /* FAIL and XPASS remain */
	for (i = 0; i < r.ncases; i++)
		if (r.cases[i].verdict == H_FAIL)
			r.cases[i].verdict = H_PASS;
	assert_int_equal(h_run_exit_status(&r), H_EXIT_FAILED); /* XPASS: stale profile */
	r.cases[6].verdict = H_XFAIL;
	assert_int_equal(h_run_exit_status(&r), H_EXIT_OK); /* PASS, SKIP, XFAIL only */
	r.ncases--;
	assert_int_equal(h_run_exit_status(&r), H_EXIT_INCOMPLETE); /* one result missing */
	r.ncases++;
	r.cases[0].verdict = (enum h_verdict)17; /* a verdict nobody knows */
	assert_int_equal(h_run_exit_status(&r), H_EXIT_INCOMPLETE);
	fixture_free(&r);

	assert_int_equal(fixture_build("pass", &r), 0);
	assert_int_equal(h_run_exit_status(&r), H_EXIT_OK);
	r.selected = 0;
	r.ncases = 0;
	assert_int_equal(h_run_exit_status(&r), H_EXIT_NOTHING); /* nothing selected */
	r.allow_empty = true;
	assert_int_equal(h_run_exit_status(&r), H_EXIT_OK); /* --allow-empty */
	r.allow_empty = false;
	r.selected = r.ncases = 3; /* what fixture_free needs to find */
	for (i = 0; i < r.ncases; i++)
		r.cases[i].verdict = H_SKIP;
	assert_int_equal(h_run_exit_status(&r), H_EXIT_NOTHING); /* every case skipped */
	r.allow_empty = true;
	assert_int_equal(h_run_exit_status(&r), H_EXIT_OK);
	r.interrupted = 2; /* SIGINT */
	assert_int_equal(h_run_exit_status(&r), 130);
	fixture_free(&r);

	assert_int_equal(fixture_build("empty", &r), 0);
	assert_int_equal(h_run_exit_status(&r), H_EXIT_INCOMPLETE);
	fixture_free(&r);
	assert_int_equal(fixture_build("short", &r), 0);
	assert_int_equal(h_run_exit_status(&r), H_EXIT_INCOMPLETE);
	fixture_free(&r);
}

static void test_counts_and_flaky(void **state)
{
	struct h_run_result r;
	struct h_report_counts c;
	struct h_flake fl[4];

	(void)state;
	assert_int_equal(fixture_build("mixed", &r), 0);
	h_report_count(&r, &c);
	assert_int_equal(c.total, 10);
	assert_int_equal(c.n[H_PASS], 4);
	assert_int_equal(c.n[H_FAIL], 2);
	assert_int_equal(c.n[H_ERROR], 1);
	assert_int_equal(c.n[H_SKIP], 1);
	assert_int_equal(c.n[H_XFAIL], 1);
	assert_int_equal(c.n[H_XPASS], 1);
	assert_int_equal(h_report_flaky(&r, fl, 4), 1);
	assert_string_equal(fl[0].id, "ARS-FLAKY-KEEPALIVE");
	assert_int_equal(fl[0].attempts, 2);
	assert_int_equal(fl[0].passed, 1);
	assert_int_equal(fl[0].failed, 1);
	assert_int_equal(h_report_flaky(&r, NULL, 0), 1);
	fixture_free(&r);
}

static void test_verdict_names(void **state)
{
	(void)state;
	assert_string_equal(h_verdict_name(H_PASS), "PASS");
	assert_string_equal(h_verdict_name(H_FAIL), "FAIL");
	assert_string_equal(h_verdict_name(H_ERROR), "ERROR");
	assert_string_equal(h_verdict_name(H_SKIP), "SKIP");
	assert_string_equal(h_verdict_name(H_XFAIL), "XFAIL");
	assert_string_equal(h_verdict_name(H_XPASS), "XPASS");
	assert_string_equal(h_verdict_name((enum h_verdict)99), "UNKNOWN");
}

static void test_escaping(void **state)
{
	char *s;
	unsigned long cp;

	(void)state;
	s = render_text(h_put_xml, "a<b>&\"c'\x01\xff\xc3\xa9");
	assert_string_equal(s, "a&lt;b&gt;&amp;&quot;c&#39;\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9");
	free(s);
	json_t *j = h_report_jstr("q\"\\\n\x01\xed\xa0\x80z\xef\xbf\xbd", 64);
	/* a UTF-8 encoded surrogate is three invalid bytes; U+FFFD itself stays */
	assert_non_null(j);
	assert_string_equal(json_string_value(j),
	                    "q\"\\\n\x01\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz\xef\xbf\xbd");
	s = json_dumps(j, JSON_ENCODE_ANY);
	assert_string_equal(
	    s, "\"q\\\"\\\\\\n\\u0001\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz\xef\xbf\xbd\"");
	free(s);
	json_decref(j);
	s = render_text(h_put_yaml, "x\"\x02");
	assert_string_equal(s, "\"x\\\"\\x02\"");
	free(s);
	assert_int_equal(h_utf8_next("\xc0\x80", 2, &cp), 1); /* overlong */
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(h_utf8_next("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(h_utf8_next("\xf0\x9f\x98", 3, &cp), 1); /* cut short */
}

static void test_truncation(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	h_put_xml_trunc(f, "abcdef", 7, 6);
	fputc('|', f);
	h_put_xml_trunc(f, "abcdefg", 8, 6);
	fputc('|', f);
	h_put_xml_trunc(f, "caf\xc3\xa9s!", 8, 5);
	fclose(f);
	assert_string_equal(buf, "abcdef|abcde\xe2\x80\xa6|caf\xc3\xa9\xe2\x80\xa6");
	free(buf);
}

static void test_tap_shape(void **state)
{
	struct h_run_result r;
	char *t;

	(void)state;
	assert_int_equal(fixture_build("mixed", &r), 0);
	t = render(h_report_tap, &r);
	assert_true(strncmp(t, "TAP version 13\n1..10\n", 21) == 0);
	assert_int_equal(count(t, "\nok "), 6);     /* 4 PASS, SKIP, XPASS */
	assert_int_equal(count(t, "\nnot ok "), 4); /* 2 FAIL, ERROR, XFAIL */
	assert_non_null(strstr(t, "\nok 5 - RFC4271-6.2-BAD-PEER-AS "));
	assert_non_null(strstr(t, " # SKIP profile has no prefix limit"));
	assert_non_null(strstr(t, "\nnot ok 6 - ARS-ECMP-EQUAL-PATH "));
	assert_non_null(strstr(t, " # TODO known deviation: "));
	assert_non_null(strstr(t, "\n  ---\n  verdict: FAIL\n"));
	assert_non_null(strstr(t, "\n  line: 42\n"));
	assert_int_equal(count(t, "\n  ---\n"), count(t, "\n  ...\n"));
	/* what re-creates the run, the control character not passed on */
	assert_non_null(strstr(t, "\n# rscert_commit: 0123456789ab\n"));
	assert_non_null(strstr(t, "\n# seed: 9223372036854775783\n# time_scale: 0.005\n"));
	assert_non_null(strstr(t, "\n# command: rscert run --server-fault no-prepend --out "));
	assert_null(strstr(t, "\x01"));
	free(t);
	fixture_free(&r);

	assert_int_equal(fixture_build("empty", &r), 0);
	t = render(h_report_tap, &r);
	assert_true(strncmp(t, "TAP version 13\n1..4\n# rscert_version: 9.8.7\n", 41) == 0);
	assert_non_null(strstr(t, "\n# server_faults: no-prepend\n"));
	assert_non_null(strstr(t, "\nBail out! no case ran (4 selected)\n"));
	free(t);
	fixture_free(&r);
}

static void test_junit_shape(void **state)
{
	struct h_run_result r;
	char *x;

	(void)state;
	assert_int_equal(fixture_build("mixed", &r), 0);
	x = render(h_report_junit, &r);
	assert_non_null(strstr(x, "<testsuites name=\"rscert\" tests=\"10\" failures=\"3\" "
	                          "errors=\"1\" skipped=\"2\""));
	assert_int_equal(count(x, "<testcase "), 10);
	assert_int_equal(count(x, "<failure "), 3);
	assert_int_equal(count(x, "<error "), 1);
	assert_int_equal(count(x, "<skipped "), 2);
	assert_non_null(strstr(x, "classname=\"rscert.RFC7606\""));
	assert_non_null(strstr(x, "&lt;script&gt;"));
	assert_null(strstr(x, "<script>"));
	assert_null(strstr(x, "\x01"));
	assert_non_null(strstr(x, "wire log: ARS-LIMIT-ROUTES-201/wire.log"));
	assert_non_null(strstr(x, "<property name=\"rscert_version\" value=\"9.8.7\"/>"));
	assert_non_null(strstr(x, "<property name=\"server_faults\" value=\"no-prepend\"/>"));
	assert_non_null(strstr(x, "<property name=\"command\" value=\"rscert run "));
	free(x);
	fixture_free(&r);

	assert_int_equal(fixture_build("short", &r), 0);
	x = render(h_report_junit, &r);
	assert_non_null(strstr(x, "name=\"run-completeness\""));
	assert_non_null(strstr(x, "only 7 of 10 selected cases ran"));
	assert_non_null(strstr(x, "tests=\"8\""));
	free(x);
	fixture_free(&r);
}

static void test_json_shape(void **state)
{
	struct h_run_result r;
	json_error_t e;
	json_t *doc, *c0;
	char *j;

	(void)state;
	assert_int_equal(fixture_build("mixed", &r), 0);
	j = render(h_report_json, &r);
	doc = json_loads(j, JSON_REJECT_DUPLICATES, &e);
	assert_non_null(doc);
	assert_true(json_integer_value(json_object_get(doc, "seed")) == 9223372036854775783ll);
	assert_int_equal(json_integer_value(json_object_get(doc, "exit_status")), 2);
	assert_int_equal(count(j, "\"summary\": "), 100);
	assert_int_equal(json_unpack(json_object_get(doc, "flaky"), "[{s:s, s:i, s:i, s:i}]", "id",
	                             &(const char *){0}, "attempts", &(int){0}, "passed", &(int){0},
	                             "failed", &(int){0}),
	                 0);
	c0 = json_array_get(json_object_get(doc, "cases"), 0);
	assert_true(json_real_value(json_array_get(json_object_get(c0, "latency"), 0)) == 0.012);
	assert_non_null(strstr(j, "\\u0001"));
	/* what re-creates the run */
	assert_string_equal(json_string_value(json_object_get(doc, "rscert_version")), "9.8.7");
	assert_string_equal(json_string_value(json_object_get(doc, "rscert_commit")),
	                    "0123456789ab");
	assert_string_equal(json_string_value(json_object_get(doc, "catalogue")),
	                    "/srv/rscert/cases");
	assert_true(json_real_value(json_object_get(doc, "time_scale")) == 0.005);
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(doc, "server_faults"), 0)),
	    "no-prepend");
	/* a quote, a backslash and a control character survive exactly */
	assert_string_equal(json_string_value(json_array_get(json_object_get(doc, "argv"), 5)),
	                    "my \"out\\dir\x01");
	assert_string_equal(
	    json_string_value(json_object_get(doc, "command")),
	    "rscert run --server-fault no-prepend --out 'my \"out\\dir\x01' 'ARS-*'");
	json_decref(doc);
	free(j);
	fixture_free(&r);
}

static void test_html_shape(void **state)
{
	struct h_run_result r;
	char *h;

	(void)state;
	assert_int_equal(fixture_build("mixed", &r), 0);
	h = render(h_report_html, &r);
	assert_true(strncmp(h, "<!DOCTYPE html>", 15) == 0);
	/* self-contained: nothing fetched from elsewhere */
	assert_null(strstr(h, "<link"));
	assert_null(strstr(h, "src="));
	assert_null(strstr(h, "url("));
	assert_null(strstr(h, "@import"));
	assert_int_equal(count(h, "<svg "), 10);
	assert_int_equal(count(h, "<details class=\"case\""), 10);
	assert_int_equal(count(h, "class=\"cell v-"), 10);
	assert_int_equal(count(h, "<button class=\"tile v-"), 6);
	/* only the page's own script element; the observed text is escaped */
	assert_int_equal(count(h, "<script>"), 1);
	assert_non_null(strstr(h, "<a href=\"ARS-LIMIT-ROUTES-201/session.pcap\">pcap</a>"));
	assert_non_null(strstr(h, ">IN_1</text>"));
	free(h);
	fixture_free(&r);
}

static void test_console(void **state)
{
	struct h_run_result r;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;

	(void)state;
	assert_int_equal(fixture_build("mixed", &r), 0);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	for (i = 0; i < r.ncases; i++)
		h_report_console_case(f, &r.cases[i], i, r.ncases);
	h_report_console_summary(f, &r);
	fclose(f);
	/* not a terminal: no colour */
	assert_null(strchr(buf, '\033'));
	assert_non_null(strstr(buf, "[ 1/10] PASS   ARS-SESSION-ESTABLISH "));
	assert_non_null(strstr(buf, "[ 2/10] FAIL   ARS-LIMIT-ROUTES-201 "));
	assert_non_null(strstr(buf, "[ 9/10] FAIL   ARS-FLAKY-KEEPALIVE "));
	assert_non_null(strstr(buf, "(attempt 2)"));
	assert_non_null(strstr(buf, "        case:        cases/ARS-LIMIT-ROUTES-201.case:42\n"));
	assert_non_null(strstr(buf, "        wire log:    ARS-LIMIT-ROUTES-201/wire.log\n"));
	/* a passing case shows no details */
	assert_null(strstr(buf, "ARS-SESSION-ESTABLISH/wire.log"));
	assert_non_null(strstr(buf, "10 of 10 selected case(s) ran"));
	assert_non_null(strstr(buf, "  FAIL  2\n"));
	assert_non_null(
	    strstr(buf, "  ARS-FLAKY-KEEPALIVE                  failed 1 of 2 attempts (50%)"));
	assert_non_null(strstr(buf, "exit status 2: 1 case(s) ended in ERROR\n"));
	free(buf);
	fixture_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exit_status_rules), cmocka_unit_test(test_counts_and_flaky),
	    cmocka_unit_test(test_verdict_names),     cmocka_unit_test(test_escaping),
	    cmocka_unit_test(test_truncation),        cmocka_unit_test(test_tap_shape),
	    cmocka_unit_test(test_junit_shape),       cmocka_unit_test(test_json_shape),
	    cmocka_unit_test(test_html_shape),        cmocka_unit_test(test_console),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
