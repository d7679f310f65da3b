/* h_merge_main.c: the command line of `rscert merge DIR... --out DIR`: read
 * the shards, merge, copy the evidence, write the reports and print the
 * summary as `rscert run` does (see h_merge.h). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cl_opt.h"
#include "h_merge.h"
#include "h_report.h"
#include "h_run.h"

enum { O_OUT = 256 };

static const struct cl_opt h_merge_opts[] = {
    {"out", O_OUT, "DIR", "where the merged reports and evidence go (required)", 0},
    {"quiet", 'q', NULL, "no summary", 1},
    {"version", CL_VERSION, NULL, "the version and the git commit", 0},
    {"help", CL_HELP, NULL, "this text", 1},
};

#define H_NMERGE (sizeof(h_merge_opts) / sizeof(h_merge_opts[0]))

struct h_merge_args {
	const char *out;
	int quiet;
	int first, last; /* the report directories: argv[first..last) */
};

static void h_merge_usage(FILE *f)
{
	fprintf(f, "usage: rscert merge SHARD-DIR... --out DIR\n"
	           "the reports of the shards of one run (rscert run --shard I/N --out "
	           "SHARD-DIR)\nas one report in DIR, as if one job had run them all\n");
	cl_help(f, h_merge_opts, H_NMERGE);
	fprintf(f, "exit status: as rscert run for the merged result (2 also when a shard\n"
	           "  is missing); 2 when the directories are not shards of one run\n");
}

/* 0 parsed, 1 --help or --version printed, -1 a message was printed. */
static int h_merge_args(int argc, char **argv, struct h_merge_args *a)
{
	struct cl_parser p;
	const char *v;
	int c, rc = 0;

	memset(a, 0, sizeof(*a));
	if (cl_init(&p, "rscert merge", h_merge_opts, H_NMERGE, 1))
		return -1;
	while (!rc && (c = cl_next(&p, argc - 1, argv + 1, &v)) != -1) {
		if (c == '?')
			rc = -1;
		else if (c == CL_HELP)
			rc = 1, h_merge_usage(stdout);
		else if (c == CL_VERSION)
			rc = 1, cl_version(stdout, "rscert");
		else if (c == O_OUT)
			a->out = v;
		else if (c == 'q')
			a->quiet = 1;
	}
	a->first = optind + 1;
	a->last = argc;
	cl_free(&p);
	if (!rc && !a->out) {
		fprintf(stderr, "rscert merge: --out DIR is required\n");
		rc = -1;
	} else if (!rc && a->first >= a->last) {
		fprintf(stderr, "rscert merge: no report directory to merge\n");
		rc = -1;
	}
	if (rc < 0)
		fprintf(stderr, "'rscert merge --help' lists the options\n");
	return rc;
}

/* Which of the count shards no directory holds, as "2/3, 3/3". */
static void h_merge_missing(const struct h_merge_shard *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;

	out[0] = '\0';
	for (unsigned i = 1; n && i <= s[0].count && o + 24 < cap; i++) {
		size_t k = 0;

		while (k < n && s[k].index != i)
			k++;
		if (k == n)
			o += (size_t)snprintf(out + o, cap - o, "%s%u/%u", o ? ", " : "", i,
			                      s[0].count);
	}
}

/* Whether out is the directory of one of the shards (their evidence would
 * be copied onto itself). */
static int h_merge_out_is_shard(const struct h_merge_shard *s, size_t n, const char *out)
{
	char a[PATH_MAX], b[PATH_MAX];

	if (!realpath(out, a))
		return 0; /* it does not exist yet */
	for (size_t i = 0; i < n; i++)
		if (realpath(s[i].dir, b) && !strcmp(a, b))
			return 1;
	return 0;
}

/* Merge the read shards into a->out; the exit status. */
static int h_merge_write(const struct h_merge_shard *s, size_t n, const struct h_merge_args *a)
{
	struct h_run_result m;
	char err[1024], missing[256];
	int status;

	if (h_merge_results(s, n, &m, err, sizeof(err))) {
		fprintf(stderr, "rscert merge: %s\n", err);
		return H_EXIT_INCOMPLETE;
	}
	if (h_merge_out_is_shard(s, n, a->out)) {
		fprintf(stderr, "rscert merge: --out %s is one of the shards' directories\n",
		        a->out);
		h_run_result_free(&m);
		return H_EXIT_INCOMPLETE;
	}
	if (mkdir(a->out, 0755) && errno != EEXIST) {
		fprintf(stderr, "rscert merge: --out %s: %s\n", a->out, strerror(errno));
		h_run_result_free(&m);
		return H_EXIT_INCOMPLETE;
	}
	status = h_run_exit_status(&m);
	for (size_t i = 0; i < n; i++)
		if (h_merge_evidence(&s[i], a->out, err, sizeof(err))) {
			fprintf(stderr, "rscert merge: evidence: %s\n", err);
			status = H_EXIT_INCOMPLETE;
		}
	if (h_report_write_all(&m, a->out, err, sizeof(err))) {
		fprintf(stderr, "rscert merge: reports: %s\n", err);
		status = H_EXIT_INCOMPLETE;
	}
	h_merge_missing(s, n, missing, sizeof(missing));
	if (missing[0])
		fprintf(stderr, "rscert merge: no report of shard %s: its cases count as not run\n",
		        missing);
	if (!a->quiet) {
		for (size_t i = 0; i < m.ncases; i++)
			if (m.cases[i].verdict != H_PASS)
				h_report_console_case(stdout, &m.cases[i], i + 1, m.selected);
		h_report_console_summary(stdout, &m);
		printf("reports: %s/report.{tap,junit.xml,json,html}, evidence: %s/cases/\n",
		       a->out, a->out);
	}
	h_run_result_free(&m);
	return status;
}

int h_merge_main(int argc, char **argv)
{
	struct h_merge_args a;
	struct h_merge_shard *s;
	size_t n = 0;
	int rc = h_merge_args(argc, argv, &a);

	if (rc)
		return rc > 0 ? H_EXIT_OK : H_EXIT_INCOMPLETE;
	if (!(s = calloc((size_t)(a.last - a.first), sizeof(*s)))) {
		fprintf(stderr, "rscert merge: out of memory\n");
		return H_EXIT_INCOMPLETE;
	}
	for (int i = a.first; i < a.last && !rc; i++) {
		char err[1024];

		if (h_merge_read(argv[i], &s[n], err, sizeof(err))) {
			fprintf(stderr, "rscert merge: %s\n", err);
			rc = -1;
		} else
			n++;
	}
	rc = rc ? H_EXIT_INCOMPLETE : h_merge_write(s, n, &a);
	for (size_t i = 0; i < n; i++)
		h_merge_shard_free(&s[i]);
	free(s);
	return rc;
}
