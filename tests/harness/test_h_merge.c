/* test_h_merge.c: `rscert merge` below the command line: a report read back
 * field by field, shards of one run merged in catalogue order with the
 * whole selection counted, and every kind of mismatch refused with both
 * directories named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "h_merge.h"
#include "h_report.h"
#include "h_run.h"

static char root[] = "/tmp/test_h_merge-XXXXXX";
static char err[1024];

/* dir/report.json of a shard: cases "ID:VERDICT" separated by spaces. */
static void shard(const char *name, const char *target, unsigned index, unsigned count,
                  const char *digest, const char *cases)
{
	char dir[256], path[300], list[512], *save = NULL;
	FILE *f;
	int first = 1;

	snprintf(dir, sizeof(dir), "%s/%s", root, name);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/report.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f,
	        "{\"format\": \"rscert-report-1\", \"target\": \"%s\", \"profile\": \"p\", "
	        "\"seed\": 7, \"repeat\": 1, \"started\": %u.0, \"seconds\": 2.5, "
	        "\"selected\": 2, \"shard\": {\"index\": %u, \"count\": %u}, "
	        "\"selection\": {\"digest\": \"%s\", \"selected\": 4}, \"cases\": [",
	        target, 1000 + index, index, count, digest);
	snprintf(list, sizeof(list), "%s", cases);
	for (char *w = strtok_r(list, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		char *colon = strchr(w, ':');
		*colon = '\0';
		fprintf(f,
		        "%s{\"id\": \"%s\", \"file\": \"%s.case\", \"verdict\": \"%s\", "
		        "\"level\": \"MUST\", \"title\": \"t\", \"reason\": \"r\", \"attempt\": 1, "
		        "\"seconds\": 0.5, \"failed_line\": 3, \"wirelog\": \"cases/%s/wire.log\", "
		        "\"events\": [{\"t\": 0.25, \"actor\": \"nva1\", \"server\": \"IN_1\", "
		        "\"dir\": \"from_server\", \"type\": 2, \"summary\": \"UPDATE\"}], "
		        "\"latency\": [0.125]}",
		        first ? "" : ", ", w, w, colon + 1, w);
		first = 0;
	}
	fputs("]}\n", f);
	fclose(f);
}

static char *dir(const char *name)
{
	static char d[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(d[k], sizeof(d[k]), "%s/%s", root, name);
	return d[k];
}

static void test_read(void **state)
{
	struct h_merge_shard s;

	(void)state;
	shard("a", "bird", 1, 2, "d1", "ARS-B:FAIL ARS-D:PASS");
	assert_int_equal(h_merge_read(dir("a"), &s, err, sizeof(err)), 0);
	assert_string_equal(s.r.target, "bird");
	assert_int_equal(s.index, 1);
	assert_int_equal(s.count, 2);
	assert_string_equal(s.digest, "d1");
	assert_int_equal(s.all, 4);
	assert_int_equal(s.r.ncases, 2);
	assert_int_equal(s.r.cases[0].verdict, H_FAIL);
	assert_int_equal(s.r.cases[0].failed_line, 3);
	assert_string_equal(s.r.cases[0].wirelog, "cases/ARS-B/wire.log");
	assert_int_equal(s.r.cases[1].nevents, 1);
	assert_int_equal(s.r.cases[1].events[0].dir, H_DIR_FROM_SERVER);
	assert_int_equal(s.r.cases[1].events[0].type, 2);
	assert_string_equal(s.r.cases[1].events[0].server, "IN_1");
	assert_int_equal(s.r.cases[1].nlatency, 1);
	h_merge_shard_free(&s);
}

static void expect_read_error(const char *name, const char *text, const char *want)
{
	struct h_merge_shard s;
	char path[300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/report.json", root, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	assert_int_equal(h_merge_read(dir(name), &s, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("error '%s' lacks '%s'", err, want);
}

static void test_read_errors(void **state)
{
	struct h_merge_shard s;

	(void)state;
	assert_int_equal(h_merge_read(dir("nowhere"), &s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "nowhere/report.json"));
	expect_read_error("bad1", "{\"format\": \"rscert-report-1\",\n \"x\": }",
	                  "bad1/report.json:2: ");
	expect_read_error("bad2", "{\"format\": \"junit\"}", "not an rscert report");
	expect_read_error("bad3", "{\"format\": \"rscert-report-1\", \"cases\": []}",
	                  "no \"selection\" digest");
	expect_read_error("bad4",
	                  "{\"format\": \"rscert-report-1\", \"selection\": {\"digest\": \"x\"}, "
	                  "\"cases\": [{\"id\": \"A\", \"verdict\": \"MAYBE\"}]}",
	                  "case 1: a case without an id or with an unknown verdict");
}

/* Two shards merged: one run's order, the whole selection, the wall time
 * from the first start to the last end. */
static void test_merge(void **state)
{
	struct h_merge_shard s[2];
	struct h_run_result m;

	(void)state;
	shard("m1", "bird", 1, 2, "d1", "ARS-A:PASS ARS-C:FAIL");
	shard("m2", "bird", 2, 2, "d1", "ARS-B:PASS ARS-D:XFAIL");
	assert_int_equal(h_merge_read(dir("m2"), &s[0], err, sizeof(err)), 0);
	assert_int_equal(h_merge_read(dir("m1"), &s[1], err, sizeof(err)), 0);
	assert_int_equal(h_merge_results(s, 2, &m, err, sizeof(err)), 0);
	assert_int_equal(m.ncases, 4);
	assert_int_equal(m.selected, 4);
	assert_string_equal(m.cases[0].id, "ARS-A");
	assert_string_equal(m.cases[1].id, "ARS-B");
	assert_string_equal(m.cases[2].id, "ARS-C");
	assert_string_equal(m.cases[3].id, "ARS-D");
	assert_int_equal(m.cases[2].verdict, H_FAIL);
	assert_int_equal(m.cases[3].nevents, 1);
	assert_true(m.started == 1001.0 && m.seconds == 3.5);
	assert_int_equal(h_run_exit_status(&m), H_EXIT_FAILED);
	h_run_result_free(&m);
	/* a shard missing: the merged result says results are missing */
	assert_int_equal(h_merge_results(s, 1, &m, err, sizeof(err)), 0);
	assert_int_equal(m.ncases, 2);
	assert_int_equal(h_run_exit_status(&m), H_EXIT_INCOMPLETE);
	h_run_result_free(&m);
	h_merge_shard_free(&s[0]);
	h_merge_shard_free(&s[1]);
}

static void expect_refused(const char *a, const char *b, const char *want)
{
	struct h_merge_shard s[2];
	struct h_run_result m;

	assert_int_equal(h_merge_read(dir(a), &s[0], err, sizeof(err)), 0);
	assert_int_equal(h_merge_read(dir(b), &s[1], err, sizeof(err)), 0);
	assert_int_equal(h_merge_results(s, 2, &m, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("error '%s' lacks '%s'", err, want);
	assert_non_null(strstr(err, b)); /* the second one is always named */
	h_merge_shard_free(&s[0]);
	h_merge_shard_free(&s[1]);
}

static void test_refused(void **state)
{
	(void)state;
	shard("r1", "bird", 1, 2, "d1", "ARS-A:PASS");
	shard("r2", "frr", 2, 2, "d1", "ARS-B:PASS");
	shard("r3", "bird", 2, 2, "d2", "ARS-B:PASS");
	shard("r4", "bird", 1, 2, "d1", "ARS-C:PASS");
	shard("r5", "bird", 2, 3, "d1", "ARS-C:PASS");
	shard("r6", "bird", 0, 0, "d1", "ARS-C:PASS");
	expect_refused("r1", "r2", "are not shards of one run: the target differs");
	expect_refused("r1", "r3", "the case selection differs");
	expect_refused("r1", "r4", "are both shard 1/2");
	expect_refused("r1", "r5", "the number of shards differs");
	expect_refused("r1", "r6", "is not a shard: its run had no --shard I/N");
}

/* The evidence of each case is copied with the tree below it. */
static void test_evidence(void **state)
{
	struct h_merge_shard s;
	char path[512];
	FILE *f;

	(void)state;
	shard("e1", "bird", 1, 2, "d1", "ARS-A:PASS");
	snprintf(path, sizeof(path), "%s/e1/cases", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/e1/cases/ARS-A", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/e1/cases/ARS-A/run-2", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/e1/cases/ARS-A/run-2/wire.log", root);
	f = fopen(path, "w");
	fputs("evidence\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/out", root);
	mkdir(path, 0755);
	assert_int_equal(h_merge_read(dir("e1"), &s, err, sizeof(err)), 0);
	assert_int_equal(h_merge_evidence(&s, path, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/out/cases/ARS-A/run-2/wire.log", root);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(err, sizeof(err), f));
	assert_string_equal(err, "evidence\n");
	fclose(f);
	h_merge_shard_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read),     cmocka_unit_test(test_read_errors),
	    cmocka_unit_test(test_merge),    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_evidence),
	};
	int rc;

	if (!mkdtemp(root))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (!rc) {
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
		if (system(cmd))
			rc = 1;
	}
	return rc;
}
