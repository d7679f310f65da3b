/* h_lf_main.c: `rscert fuzz`, the live fuzzer's command line (see h_lf.h).
 * Exit codes: 0 no finding, 1 findings, 2 usage or environment error. */
#include "h_lf.h"

#include "cl_opt.h"
#include "rs_fault.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static volatile int h_lf_stop;

static void h_lf_on_signal(int sig)
{
	(void)sig;
	h_lf_stop = 1;
}

enum {
	LF_TARGET = 256,
	LF_TIME,
	LF_EXCHANGES,
	LF_SEED,
	LF_OUT,
	LF_RESUME,
	LF_WINDOW,
	LF_FRAMING,
	LF_RESTART,
	LF_FAULT,
	LF_NO_MIN,
};

static const struct cl_opt h_lf_opts[] = {
    {"target", LF_TARGET, "PROFILE", "a target profile (default: the embedded reference)", 0},
    {"time", LF_TIME, "S", "time budget in seconds, 1 to 604800 (default 60)", 0},
    {"exchanges", LF_EXCHANGES, "N", "stop after N exchanges (default: no limit)", 0},
    {"seed", LF_SEED, "N", "campaign seed (default 1)", 0},
    {"out", LF_OUT, "DIR", "findings folder (default out/fuzz)", 0},
    {"resume", LF_RESUME, NULL, "continue the campaign in --out from its state.json", 0},
    {"window", LF_WINDOW, "N", "exchanges in flight, 1 to 90 (default 40)", 0},
    {"framing", LF_FRAMING, "PCT", "share of framing damage, 0 to 100 % (default 15)", 0},
    {"restart", LF_RESTART, "CMD", "shell command that restarts a target found dead", 0},
    {"server-fault", LF_FAULT, "NAME", "break the embedded reference in one documented way", 0},
    {"no-minimise", LF_NO_MIN, NULL, "keep findings as found", 0},
    {"help", CL_HELP, NULL, "this text", 0},
    {"version", CL_VERSION, NULL, "the version and commit", 0},
};
#define LF_NOPTS (sizeof(h_lf_opts) / sizeof(h_lf_opts[0]))

static void h_lf_usage(FILE *f)
{
	fprintf(f,
	        "usage: rscert fuzz [options]\n"
	        "Fuzz a running route server over the wire: a feeder and a sink fake NVA, each\n"
	        "generated message judged by the RFC's expected outcome; findings become cases.\n");
	cl_help(f, h_lf_opts, LF_NOPTS);
	fprintf(f, "exit status: 0 no finding, 1 findings, 2 usage or environment error\n");
}

struct h_lf_cli {
	struct h_lf_opts o;
	const char *target;
	const char *restart;
	const char *fault;
	bool resume;
};

static int h_lf_fault_check(const char *name)
{
	const char *const *fn = rs_fault_names();

	if (rs_fault_parse(name))
		return 0;
	fprintf(stderr, "rscert fuzz: --server-fault: no fault named '%s'; one of:", name);
	for (size_t i = 0; fn[i]; i++)
		fprintf(stderr, " %s", fn[i]);
	fprintf(stderr, "\n");
	return -1;
}

/* A number option into *out; -1 after cl_uint's message. */
static int h_lf_uint(const char *opt, const char *a, uint64_t lo, uint64_t hi, uint64_t *out)
{
	return cl_uint("rscert fuzz", opt, a, lo, hi, out);
}

/* One option; 1 when it ends the command (--help, --version), -1 on error. */
static int h_lf_option(struct h_lf_cli *c, int ch, const char *a)
{
	uint64_t v;

	switch (ch) {
	case LF_TARGET:
		c->target = a;
		return 0;
	case LF_OUT:
		c->o.out = a;
		return 0;
	case LF_RESUME:
		c->resume = true;
		return 0;
	case LF_RESTART:
		c->restart = a;
		return 0;
	case LF_FAULT:
		c->fault = a;
		return h_lf_fault_check(a);
	case LF_NO_MIN:
		c->o.minimise = false;
		return 0;
	case CL_HELP:
		h_lf_usage(stdout);
		return 1;
	case CL_VERSION:
		cl_version(stdout, "rscert");
		return 1;
	case LF_TIME:
		if (h_lf_uint("--time", a, 1, 604800, &v))
			return -1;
		c->o.seconds = (double)v;
		return 0;
	case LF_EXCHANGES:
		return h_lf_uint("--exchanges", a, 1, 1ull << 40, &c->o.max_ex);
	case LF_SEED:
		return h_lf_uint("--seed", a, 0, UINT64_MAX, &c->o.seed);
	case LF_WINDOW:
		if (h_lf_uint("--window", a, 1, 90, &v))
			return -1;
		c->o.window = (unsigned)v;
		return 0;
	case LF_FRAMING:
		if (h_lf_uint("--framing", a, 0, 100, &v))
			return -1;
		c->o.framing_pct = (unsigned)v;
		return 0;
	default:
		return -1; /* cl_next said which */
	}
}

/* 0: go on; 1: done (help, version); -1: usage error (said). */
static int h_lf_parse(int argc, char **argv, struct h_lf_cli *c)
{
	struct cl_parser p;
	const char *a;
	int ch, rc = 0;

	c->o = (struct h_lf_opts){.seed = 1,
	                          .seconds = 60,
	                          .window = 40,
	                          .framing_pct = 15,
	                          .out = "out/fuzz",
	                          .minimise = true};
	if (cl_init(&p, "rscert fuzz", h_lf_opts, LF_NOPTS, 1))
		return -1;
	while (rc == 0 && (ch = cl_next(&p, argc, argv, &a)) != -1)
		rc = h_lf_option(c, ch, a);
	cl_free(&p);
	if (rc)
		return rc;
	if (c->fault && c->target) {
		fprintf(stderr, "rscert fuzz: --server-fault breaks the embedded reference only; "
		                "it cannot be used with --target\n");
		return -1;
	}
	if (optind < argc) {
		fprintf(stderr, "rscert fuzz: unexpected argument '%s' (see --help)\n",
		        argv[optind]);
		return -1;
	}
	return 0;
}

/* --resume: the seed and the next exchange from the folder's state.json. */
static int h_lf_resume(struct h_lf_cli *c)
{
	char path[600];
	json_error_t je;
	json_t *st;
	json_int_t seed = 0, next = 0;

	snprintf(path, sizeof(path), "%s/state.json", c->o.out);
	st = json_load_file(path, 0, &je);
	if (!st || json_unpack(st, "{s:I, s:I}", "seed", &seed, "next_exchange", &next)) {
		fprintf(stderr, "rscert fuzz: --resume: cannot read %s: %s\n", path,
		        st ? "no seed or next_exchange" : je.text);
		json_decref(st);
		return -1;
	}
	c->o.seed = (uint64_t)seed;
	c->o.start = (uint64_t)next;
	json_decref(st);
	return 0;
}

static int h_lf_mkdirs(const char *dir)
{
	char buf[600];

	snprintf(buf, sizeof(buf), "%s", dir);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			mkdir(buf, 0755);
			*p = '/';
		}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

static int h_lf_setup(struct h_lf_cli *c, struct h_lf_target *t, const char *rsd)
{
	char err[300];
	int rc;

	if (h_lf_mkdirs(c->o.out)) {
		fprintf(stderr, "rscert fuzz: cannot create %s: %s\n", c->o.out, strerror(errno));
		return -1;
	}
	if (c->resume && h_lf_resume(c))
		return -1;
	rc = c->target ? h_lf_target_profile(t, c->target, err, sizeof(err))
	               : h_lf_target_reference(t, rsd, c->fault, c->o.out, err, sizeof(err));
	if (rc == 0 && c->restart)
		snprintf(t->restart_cmd, sizeof(t->restart_cmd), "%s", c->restart);
	if (rc == 0)
		rc = h_lf_target_start(t, err, sizeof(err));
	if (rc)
		fprintf(stderr, "rscert fuzz: %s\n", err);
	return rc;
}

int h_lf_main(int argc, char **argv, const char *rsd)
{
	struct h_lf_cli c = {0};
	struct h_lf_target t;
	struct h_lf_stats st;
	struct sigaction sa = {.sa_handler = h_lf_on_signal};
	char err[300];
	int rc;

	rc = h_lf_parse(argc, argv, &c);
	if (rc)
		return rc > 0 ? 0 : 2;
	if (h_lf_setup(&c, &t, rsd))
		return 2;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	c.o.progress = isatty(2) && !getenv("NO_COLOR");
	fprintf(stderr, "rscert fuzz: %s, seed %llu, from exchange %llu, %.0f s, findings in %s\n",
	        t.name, (unsigned long long)c.o.seed, (unsigned long long)c.o.start, c.o.seconds,
	        c.o.out);
	rc = h_lf_run(&t, &c.o, &st, &h_lf_stop, err, sizeof(err));
	if (rc)
		fprintf(stderr, "rscert fuzz: %s\n", err);
	if (h_lf_write(c.o.out, &t, &c.o, &st, err, sizeof(err))) {
		fprintf(stderr, "rscert fuzz: %s\n", err);
		rc = -1;
	}
	h_lf_target_stop(&t);
	fprintf(stderr,
	        "rscert fuzz: %llu exchanges, %zu distinct findings (%llu confirmed, %llu "
	        "not confirmed alone); resume with --resume --out %s\n",
	        (unsigned long long)st.exchanges, st.nfind, (unsigned long long)st.confirmed,
	        (unsigned long long)st.unconfirmed, c.o.out);
	/* findings stand even when the target did not come back after one */
	rc = st.nfind ? 1 : rc ? 2 : 0;
	h_lf_stats_free(&st);
	return rc;
}
