/* rscert: the conformance runner.
 *
 *   rscert run  [--cases DIR] [--out DIR] [-k KEYWORD] [ID-GLOB...] [--repeat N]
 *               [--seed S] [--jobs N] [--target FILE] [--server-fault NAME]
 *               [--rsd PATH] [--time-scale X] [--port N] [--shard I/N]
 *   rscert list [--cases DIR] [-k KEYWORD] [ID-GLOB...]
 *   rscert certify ...   (h_certify_args.c: h_cert_usage)
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "h_case.h"
#include "h_certify.h"
#include "h_paths.h"
#include "h_report.h"
#include "h_run.h"
#include "h_shard.h"
#include "h_target.h"

static void h_usage(FILE *f)
{
	fprintf(f, "usage: rscert run  [--cases DIR] [--out DIR] [-k KEYWORD] [ID-GLOB...]\n"
	           "                   [--repeat N] [--seed S] [--jobs N] [--target FILE]\n"
	           "                   [--server-fault NAME] [--rsd PATH] [--time-scale X] "
	           "[--port N]\n"
	           "                   [--shard I/N]\n"
	           "       rscert list [--cases DIR] [-k KEYWORD] [ID-GLOB...] [--shard I/N]\n");
	h_cert_usage(f);
}

static int h_arg_uint(const char *opt, const char *v, unsigned long max, unsigned long *out)
{
	char *end;

	if (!v) {
		fprintf(stderr, "rscert: %s needs a value\n", opt);
		return -1;
	}
	errno = 0;
	*out = strtoul(v, &end, 10);
	if (errno || *end || !*v || *out > max) {
		fprintf(stderr, "rscert: %s: not a number in range: '%s'\n", opt, v);
		return -1;
	}
	return 0;
}

static int h_args(int argc, char **argv, struct h_run_opts *o)
{
	int i;
	unsigned long v;

	for (i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--cases") && val) {
			o->cases_dir = val;
			i++;
		} else if (!strcmp(a, "--out") && val) {
			o->out = val;
			i++;
		} else if ((!strcmp(a, "-k") || !strcmp(a, "--keyword")) && val) {
			o->kw[o->nkw++] = val;
			i++;
		} else if (!strcmp(a, "--repeat")) {
			if (h_arg_uint(a, val, 1000, &v) || !v)
				return -1;
			o->repeat = (unsigned)v;
			i++;
		} else if (!strcmp(a, "--seed")) {
			if (!val)
				return -1;
			o->seed = strtoull(val, NULL, 0);
			o->seeded = true;
			i++;
		} else if (!strcmp(a, "--jobs") || !strcmp(a, "-j")) {
			if (h_arg_uint(a, val, 64, &v) || !v)
				return -1;
			o->jobs = (unsigned)v;
			i++;
		} else if (!strcmp(a, "--port")) {
			if (h_arg_uint(a, val, 65535, &v) || !v)
				return -1;
			o->port = (uint16_t)v;
			i++;
		} else if (!strcmp(a, "--time-scale") && val) {
			o->scale = strtod(val, NULL);
			if (o->scale <= 0 || o->scale > 1) {
				fprintf(stderr, "rscert: --time-scale must be in (0, 1]\n");
				return -1;
			}
			i++;
		} else if (!strcmp(a, "--target") && val) {
			o->target_path = val;
			i++;
		} else if (!strcmp(a, "--server-fault") && val) {
			o->fault = val;
			i++;
		} else if (!strcmp(a, "--rsd") && val) {
			o->rsd = val;
			i++;
		} else if (!strcmp(a, "--shard") && val) {
			i++; /* applied to the catalogue: h_shard_from_args */
		} else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
			o->quiet = true;
		} else if (a[0] == '-') {
			fprintf(stderr, "rscert: unknown or incomplete option '%s'\n", a);
			return -1;
		} else {
			o->glob[o->nglob++] = a;
		}
	}
	return 0;
}

static int h_cmd_list(const struct h_catalogue *cat, const struct h_run_opts *o)
{
	size_t i, shown = 0, bad = 0;

	for (i = 0; i < cat->n; i++) {
		const struct h_case *c = cat->cases[i];
		if (!h_selected(c, o))
			continue;
		shown++;
		if (c->error[0]) {
			printf("%-40s ERROR  %s\n", c->id, c->error);
			bad++;
			continue;
		}
		printf("%-40s %-6s %s\n", c->id, c->level, c->title);
	}
	fprintf(stderr, "%zu case(s)%s", shown, bad ? "" : "\n");
	if (bad)
		fprintf(stderr, ", %zu unreadable\n", bad);
	if (!shown)
		return 2;
	return bad ? 2 : 0;
}

/* --repeat: for every case, how many attempts did not pass. */
static void h_print_flake_rates(const struct h_run_result *r)
{
	size_t i, j;

	printf("flake rate per case (attempts not passed / attempts):\n");
	for (i = 0; i < r->ncases; i++) {
		unsigned n = 0, bad = 0;
		bool seen = false;

		for (j = 0; j < i && !seen; j++)
			seen = !strcmp(r->cases[j].id, r->cases[i].id);
		if (seen)
			continue;
		for (j = i; j < r->ncases; j++) {
			enum h_verdict v = r->cases[j].verdict;
			if (strcmp(r->cases[j].id, r->cases[i].id))
				continue;
			n++;
			if (v == H_FAIL || v == H_ERROR || v == H_XPASS)
				bad++;
		}
		printf("  %-40s %u/%u%s\n", r->cases[i].id, bad, n,
		       bad && bad < n ? "  FLAKY" : "");
	}
}

static int h_cmd_run(const struct h_catalogue *cat, struct h_run_opts *o)
{
	struct h_run_result r;
	struct h_target t;
	char err[256];
	int status;

	if (o->target_path) {
		if (h_target_load(o->target_path, &t)) {
			fprintf(stderr, "rscert: %s\n", t.error);
			return 2;
		}
		o->target = &t;
	}
	if (!o->target && access(o->rsd, X_OK)) {
		fprintf(stderr, "rscert: the reference daemon %s cannot be run: %s\n", o->rsd,
		        strerror(errno));
		return 2;
	}
	mkdir(o->out, 0755);
	if (h_run(cat, o, &r)) {
		fprintf(stderr, "rscert: out of memory\n");
		return 2;
	}
	if (!o->quiet)
		h_report_console_summary(stdout, &r);
	if (!o->quiet && r.repeat > 1)
		h_print_flake_rates(&r);
	if (h_report_write_all(&r, o->out, err, sizeof(err)))
		fprintf(stderr, "rscert: reports: %s\n", err);
	else if (!o->quiet)
		printf("reports: %s/report.{tap,junit.xml,json,html}, evidence: %s/cases/\n",
		       o->out, o->out);
	status = h_run_exit_status(&r);
	if (r.ncases == 0 && !status)
		status = 2;
	h_run_result_free(&r);
	return status;
}

int main(int argc, char **argv)
{
	struct h_run_opts o;
	struct h_catalogue cat;
	char err[512];
	int rc;
	static struct h_paths paths;

	memset(&o, 0, sizeof(o));
	h_paths_find(&paths, argv[0]);
	o.cases_dir = paths.cases;
	o.out = "out";
	o.rsd = paths.rsd;
	o.jobs = 2;
	o.scale = 0.005;
	o.port = 1179;
	if (argc >= 2 && !strcmp(argv[1], "certify"))
		return h_cert_main(argc, argv, o.rsd);
	if (argc < 2 || (strcmp(argv[1], "run") && strcmp(argv[1], "list"))) {
		if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
			h_usage(stdout);
			return 0;
		}
		h_usage(stderr);
		return 2;
	}
	/* keywords and globs are arguments: argc bounds how many there are */
	o.kw = calloc((size_t)argc, sizeof(*o.kw));
	o.glob = calloc((size_t)argc, sizeof(*o.glob));
	if (!o.kw || !o.glob) {
		fprintf(stderr, "rscert: out of memory\n");
		rc = 2;
	} else if (h_args(argc, argv, &o)) {
		h_usage(stderr);
		rc = 2;
	} else if (h_paths_resolve(&paths, &o.cases_dir, &o.target_path)) {
		rc = 2;
	} else if (h_catalogue_load(o.cases_dir, &cat, err, sizeof(err))) {
		fprintf(stderr, "rscert: %s\n", err);
		rc = 2;
	} else if (h_shard_from_args(argc, argv, &cat, &o)) {
		h_catalogue_free(&cat);
		rc = 2;
	} else {
		rc = !strcmp(argv[1], "list") ? h_cmd_list(&cat, &o) : h_cmd_run(&cat, &o);
		h_catalogue_free(&cat);
	}
	free(o.kw);
	free(o.glob);
	return rc;
}
