/* rscert: the conformance runner's command line (docs/HARNESS.md).
 *
 *   rscert run  [options] [ID-GLOB...]     run the catalogue
 *   rscert list [options] [ID-GLOB...]     print it (--json: as JSON)
 *   rscert certify ...                     h_certify_args.c
 *   rscert repro ID --from OUT --to DIR    h_repro.c
 *   rscert fuzz ...                        h_lf_main.c (live fuzzing)
 *   rscert load ... / rscert discard ...   the load programs beside rscert
 *   rscert --help | --version
 *
 * Exit statuses: enum h_exit (h_report.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cl_opt.h"
#include "h_baseline.h"
#include "h_case.h"
#include "h_certify.h"
#include "h_lf.h"
#include "h_merge.h"
#include "h_paths.h"
#include "h_report.h"
#include "h_repro.h"
#include "h_run.h"
#include "h_shard.h"
#include "h_target.h"
#include "rs_fault.h"

enum {
	O_CASES = 256,
	O_OUT,
	O_REPEAT,
	O_SEED,
	O_TARGET,
	O_FAULT,
	O_RSD,
	O_SCALE,
	O_PORT,
	O_ALLOW_EMPTY,
	O_JSON,
	O_SHARD,
	O_BASELINE,
};

static const struct cl_opt h_run_opts_tab[] = {
    {"cases", O_CASES, "DIR", "the catalogue (default: $RSCERT_CASES, installed, source tree)", 0},
    {"out", O_OUT, "DIR", "reports and evidence (default out/)", 0},
    {"keyword", 'k', "WORD", "select cases with this keyword (repeatable; any matches)", 1},
    {"repeat", O_REPEAT, "N", "run every case N times (1..1000) in a seeded order", 0},
    {"seed", O_SEED, "S", "the order's seed (0..9223372036854775807)", 0},
    {"jobs", 'j', "N", "cases run in parallel (1..64, default 2)", 1},
    {"target", O_TARGET, "FILE|NAME", "run against another route server (a target profile)", 0},
    {"server-fault", O_FAULT, "NAME", "make the reference break one rule on purpose", 0},
    {"rsd", O_RSD, "PATH", "the reference daemon (default: beside rscert, or $RSCERT_RSD)", 0},
    {"time-scale", O_SCALE, "X", "the timers' scale, in (0, 1] (default 0.005)", 0},
    {"port", O_PORT, "N", "the BGP port of the reference (1..65535, default 1179)", 0},
    {"shard", O_SHARD, "I/N", "only the I-th of N equal shares of the selection (CI jobs)", 0},
    {"baseline", O_BASELINE, "FILE", "failures expected today: listed ones are XFAIL", 0},
    {"allow-empty", O_ALLOW_EMPTY, NULL, "exit 0 when no case ran or every case was skipped", 0},
    {"quiet", 'q', NULL, "no progress lines and no summary", 1},
    {"version", CL_VERSION, NULL, "the version and the git commit", 0},
    {"help", CL_HELP, NULL, "this text", 1},
};

static const struct cl_opt h_list_opts_tab[] = {
    {"cases", O_CASES, "DIR", "the catalogue (default: $RSCERT_CASES, installed, source tree)", 0},
    {"keyword", 'k', "WORD", "select cases with this keyword (repeatable; any matches)", 1},
    {"shard", O_SHARD, "I/N", "only the I-th of N equal shares of the selection", 0},
    {"target", O_TARGET, "FILE|NAME", "a target profile that must be found (not loaded)", 0},
    {"json", O_JSON, NULL, "print the selection as a JSON array", 0},
    {"version", CL_VERSION, NULL, "the version and the git commit", 0},
    {"help", CL_HELP, NULL, "this text", 1},
};

#define H_NOPTS(t) (sizeof(t) / sizeof((t)[0]))

static void h_usage(FILE *f)
{
	fprintf(f, "usage: rscert COMMAND [options]\n"
	           "  run [options] [ID-GLOB...]    run the catalogue against the reference or a "
	           "target\n"
	           "  list [options] [ID-GLOB...]   list the catalogue\n"
	           "  merge SHARD-DIR... --out DIR  the reports of a run's shards as one\n"
	           "  certify [options]             certify an NVA's configuration\n"
	           "  repro ID --from OUT --to DIR  a directory that re-runs one case of a run\n"
	           "  fuzz [options]                fuzz a running route server over the wire\n"
	           "  load [options]                the route server load driver (rscert-load)\n"
	           "  discard [options]             a peer that discards (rscert-discard)\n"
	           "  --help, --version\n"
	           "'rscert COMMAND --help' describes a command's options.\n");
}

static void h_sub_usage(FILE *f, const char *cmd, const struct cl_opt *t, size_t n)
{
	fprintf(f, "usage: rscert %s [options] [ID-GLOB...]\n", cmd);
	cl_help(f, t, n);
	if (!strcmp(cmd, "run")) {
		const char *const *fn = rs_fault_names();

		fprintf(f, "server faults:");
		for (size_t i = 0; fn[i]; i++)
			fprintf(f, " %s", fn[i]);
		fprintf(f, "\nexit status: 0 passed, 1 a case failed, 2 usage, environment or "
		           "ERROR,\n  3 nothing ran or all skipped, 130/143 interrupted\n");
	}
}

static int h_fault_check(const char *name)
{
	const char *const *fn = rs_fault_names();

	if (rs_fault_parse(name))
		return 0;
	fprintf(stderr, "rscert: --server-fault: no fault named '%s'; one of:", name);
	for (size_t i = 0; fn[i]; i++)
		fprintf(stderr, " %s", fn[i]);
	fprintf(stderr, "\n");
	return -1;
}

/* One option of run or list: 0, or -1 after a message. */
static int h_opt_apply(struct h_run_opts *o, int c, const char *v)
{
	uint64_t u;

	switch (c) {
	case O_CASES:
		o->cases_dir = v;
		return 0;
	case O_OUT:
		o->out = v;
		return 0;
	case 'k':
		o->kw[o->nkw++] = v;
		return 0;
	case O_TARGET:
		o->target_path = v;
		return 0;
	case O_RSD:
		o->rsd = v;
		return 0;
	case 'q':
		o->quiet = true;
		return 0;
	case O_ALLOW_EMPTY:
		o->allow_empty = true;
		return 0;
	case O_JSON:
		o->json = true;
		return 0;
	case O_BASELINE:
		o->baseline_path = v;
		return 0;
	case O_SHARD: {
		struct h_shard sh;
		char err[256];

		o->shard = v;
		if (!h_shard_parse(v, &sh, err, sizeof(err)))
			return 0;
		fprintf(stderr, "rscert: %s\n", err);
		return -1;
	}
	case O_FAULT:
		o->fault = v;
		return h_fault_check(v);
	case O_REPEAT:
		if (cl_uint("rscert", "--repeat", v, 1, 1000, &u))
			return -1;
		o->repeat = (unsigned)u;
		return 0;
	case 'j':
		if (cl_uint("rscert", "--jobs", v, 1, 64, &u))
			return -1;
		o->jobs = (unsigned)u;
		return 0;
	case O_PORT:
		if (cl_uint("rscert", "--port", v, 1, 65535, &u))
			return -1;
		o->port = (uint16_t)u;
		return 0;
	case O_SEED:
		if (cl_uint("rscert", "--seed", v, 0, INT64_MAX, &o->seed))
			return -1;
		o->seeded = true;
		return 0;
	case O_SCALE:
		return cl_double("rscert", "--time-scale", v, 0, 1, 1, &o->scale);
	}
	return -1;
}

/* 0 parsed, 1 --help was printed, -1 a message was printed. */
static int h_args(int argc, char **argv, struct h_run_opts *o, const struct cl_opt *t, size_t n)
{
	struct cl_parser p;
	const char *v;
	int c, rc = 0;

	if (cl_init(&p, "rscert", t, n, 1))
		return -1;
	while (!rc && (c = cl_next(&p, argc - 1, argv + 1, &v)) != -1) {
		if (c == '?')
			rc = -1;
		else if (c == CL_HELP)
			rc = 1, h_sub_usage(stdout, argv[1], t, n);
		else if (c == CL_VERSION)
			rc = 1, cl_version(stdout, "rscert");
		else
			rc = h_opt_apply(o, c, v);
	}
	if (!rc)
		for (int i = optind + 1; i < argc; i++)
			o->glob[o->nglob++] = argv[i];
	cl_free(&p);
	if (rc < 0)
		fprintf(stderr, "'rscert %s --help' lists the options\n", argv[1]);
	return rc;
}

static int h_list_json(const struct h_catalogue *cat, const struct h_run_opts *o)
{
	json_t *a = json_array();
	size_t i;
	int rc;

	for (i = 0; a && i < cat->n; i++) {
		const struct h_case *c = cat->cases[i];
		json_t *e;

		if (!h_selected(c, o))
			continue;
		if (c->error[0])
			e = json_pack("{s:s, s:s, s:s}", "id", c->id, "file", c->file, "error",
			              c->error);
		else
			e = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", c->id, "file", c->file,
			              "level", c->level, "title", c->title, "requirement",
			              c->requirement);
		if (!e || json_array_append_new(a, e)) {
			json_decref(a);
			a = NULL;
		}
	}
	if (!a) {
		fprintf(stderr, "rscert: out of memory\n");
		return H_EXIT_INCOMPLETE;
	}
	rc = json_dumpf(a, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	printf("\n");
	json_decref(a);
	return rc ? H_EXIT_INCOMPLETE : H_EXIT_OK;
}

static int h_cmd_list(const struct h_catalogue *cat, const struct h_run_opts *o)
{
	size_t i, shown = 0, bad = 0;

	if (o->json)
		return h_list_json(cat, o);
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
		return o->allow_empty ? H_EXIT_OK : H_EXIT_NOTHING;
	return bad ? H_EXIT_INCOMPLETE : H_EXIT_OK;
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

static int h_cmd_run_on(const struct h_catalogue *cat, struct h_run_opts *o,
                        const struct h_selection *sel)
{
	struct h_run_result r;
	char err[512];
	int status;

	if (h_run_preflight(o, err, sizeof(err))) {
		fprintf(stderr, "rscert: %s\n", err);
		return H_EXIT_INCOMPLETE;
	}
	if (h_run(cat, o, &r)) {
		fprintf(stderr, "rscert: out of memory\n");
		return H_EXIT_INCOMPLETE;
	}
	h_shard_mark(sel, o->repeat, &r);
	if (!o->quiet)
		h_report_console_summary(stdout, &r);
	if (!o->quiet && o->baseline)
		h_baseline_summary(stdout, o->baseline);
	if (!o->quiet && r.repeat > 1)
		h_print_flake_rates(&r);
	if (h_report_write_all(&r, o->out, err, sizeof(err)))
		fprintf(stderr, "rscert: reports: %s\n", err);
	else if (!o->quiet)
		printf("reports: %s/report.{tap,junit.xml,json,html}, evidence: %s/cases/\n",
		       o->out, o->out);
	status = h_run_exit_status(&r);
	h_run_result_free(&r);
	return status;
}

/* rscert run: against the embedded reference, or the profile's target. */
static int h_cmd_run(const struct h_catalogue *cat, struct h_run_opts *o,
                     const struct h_selection *sel)
{
	struct h_target t;
	int status;

	if (!o->target_path)
		return h_cmd_run_on(cat, o, sel);
	if (h_target_load(o->target_path, &t)) {
		fprintf(stderr, "rscert: %s\n", t.error);
		return H_EXIT_INCOMPLETE;
	}
	o->target = &t;
	status = h_cmd_run_on(cat, o, sel);
	o->target = NULL;
	h_target_free(&t);
	return status;
}

/* rscert load / discard: the program of that name beside rscert (the
 * build tree keeps it in ../load/), else on PATH. */
static int h_exec_sibling(const char *prog, int argc, char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	const char *where[] = {"%s/%s", "%s/../load/%s"};

	if (n > 0) {
		char *slash;

		self[n] = 0;
		slash = strrchr(self, '/');
		if (slash)
			*slash = 0;
		for (size_t i = 0; i < 2; i++) {
			snprintf(path, sizeof(path), where[i], self, prog);
			if (!access(path, X_OK)) {
				argv[0] = path;
				execv(path, argv);
			}
		}
	}
	argv[0] = (char *)prog;
	execvp(prog, argv);
	fprintf(stderr, "rscert: cannot run %s (looked beside rscert and on PATH): %s\n", prog,
	        strerror(errno));
	return H_EXIT_INCOMPLETE;
}

static void h_defaults(struct h_run_opts *o, char **argv, struct h_paths *paths)
{
	memset(o, 0, sizeof(*o));
	h_paths_find(paths, argv[0]);
	o->cases_dir = paths->cases;
	o->out = "out";
	o->rsd = paths->rsd;
	o->jobs = 2;
	o->scale = 0.005;
	o->port = 1179;
	o->argv = (const char *const *)argv;
}

/* --baseline FILE: read, and checked against the whole catalogue (not a
 * shard's part of it) before anything runs. 0, or -1 after a message. */
static int h_cmd_baseline(const struct h_catalogue *cat, struct h_run_opts *o,
                          struct h_baseline *bl)
{
	const char **ids;
	char err[1024];
	int rc;

	if (!o->baseline_path)
		return 0;
	if (!(ids = calloc(cat->n + 1, sizeof(*ids)))) {
		fprintf(stderr, "rscert: out of memory\n");
		return -1;
	}
	for (size_t i = 0; i < cat->n; i++)
		ids[i] = cat->cases[i]->id;
	rc = h_baseline_load(o->baseline_path, bl, err, sizeof(err));
	if (!rc && (rc = h_baseline_check(bl, ids, cat->n, err, sizeof(err))))
		h_baseline_free(bl);
	free(ids);
	if (rc) {
		fprintf(stderr, "rscert: %s\n", err);
		return -1;
	}
	o->baseline = bl;
	return 0;
}

/* run and list: options, the catalogue, the command. */
static int h_cmd_catalogue(int argc, char **argv, struct h_run_opts *o, struct h_paths *paths)
{
	bool list = !strcmp(argv[1], "list");
	struct h_catalogue cat;
	struct h_selection sel;
	struct h_baseline bl;
	char err[1024] = "";
	int rc;

	/* keywords and globs are arguments: argc bounds how many there are */
	o->kw = calloc((size_t)argc, sizeof(*o->kw));
	o->glob = calloc((size_t)argc, sizeof(*o->glob));
	if (!o->kw || !o->glob) {
		fprintf(stderr, "rscert: out of memory\n");
		rc = H_EXIT_INCOMPLETE;
	} else if ((rc = list ? h_args(argc, argv, o, h_list_opts_tab, H_NOPTS(h_list_opts_tab))
	                      : h_args(argc, argv, o, h_run_opts_tab, H_NOPTS(h_run_opts_tab)))) {
		rc = rc > 0 ? H_EXIT_OK : H_EXIT_INCOMPLETE;
	} else if (h_paths_resolve(paths, &o->cases_dir, &o->target_path)) {
		rc = H_EXIT_INCOMPLETE;
	} else if (h_catalogue_load(o->cases_dir, &cat, err, sizeof(err))) {
		fprintf(stderr, "rscert: %s\n", err);
		rc = H_EXIT_INCOMPLETE;
	} else if (h_cmd_baseline(&cat, o, &bl) ||
	           h_shard_select(&cat, o, &sel, err, sizeof(err))) {
		if (err[0])
			fprintf(stderr, "rscert: %s\n", err);
		h_catalogue_free(&cat);
		rc = H_EXIT_INCOMPLETE;
	} else {
		rc = list ? h_cmd_list(&cat, o) : h_cmd_run(&cat, o, &sel);
		h_catalogue_free(&cat);
	}
	if (o->baseline)
		h_baseline_free(o->baseline);
	free(o->kw);
	free(o->glob);
	return rc;
}

int main(int argc, char **argv)
{
	static struct h_paths paths;
	struct h_run_opts o;
	const char *cmd = argc >= 2 ? argv[1] : "";

	h_defaults(&o, argv, &paths);
	if (!strcmp(cmd, "certify"))
		return h_cert_main(argc, argv, o.rsd);
	if (!strcmp(cmd, "fuzz"))
		return h_lf_main(argc - 1, argv + 1, o.rsd);
	if (!strcmp(cmd, "load"))
		return h_exec_sibling("rscert-load", argc - 1, argv + 1);
	if (!strcmp(cmd, "discard"))
		return h_exec_sibling("rscert-discard", argc - 1, argv + 1);
	if (!strcmp(cmd, "repro"))
		return h_repro_main(argc, argv);
	if (!strcmp(cmd, "run") || !strcmp(cmd, "list"))
		return h_cmd_catalogue(argc, argv, &o, &paths);
	if (!strcmp(cmd, "merge"))
		return h_merge_main(argc, argv);
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		h_usage(stdout);
		return H_EXIT_OK;
	}
	if (!strcmp(cmd, "--version")) {
		cl_version(stdout, "rscert");
		return H_EXIT_OK;
	}
	if (argc < 2)
		fprintf(stderr, "rscert: a command is needed\n");
	else
		fprintf(stderr,
		        "rscert: unknown command '%s' (run, list, merge, certify, repro, fuzz, "
		        "load, discard)\n",
		        cmd);
	h_usage(stderr);
	return H_EXIT_INCOMPLETE;
}
