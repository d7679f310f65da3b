/* h_lf_main.c: `rscert fuzz`, the live fuzzer's command line (see h_lf.h).
 * Exit codes: 0 no finding, 1 findings, 2 usage or environment error. */
#include "h_lf.h"

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

static void h_lf_usage(FILE *f)
{
	fprintf(f,
	        "usage: rscert fuzz [options]\n"
	        "Fuzz a running route server over the wire: a feeder and a sink fake NVA, each\n"
	        "generated message judged by the RFC's expected outcome; findings become cases.\n"
	        "  --target PROFILE   a target profile (default: the embedded reference)\n"
	        "  --time S           time budget in seconds (default 60)\n"
	        "  --exchanges N      stop after N exchanges (default: no limit)\n"
	        "  --seed N           campaign seed (default 1)\n"
	        "  --out DIR          findings folder (default out/fuzz)\n"
	        "  --resume           continue the campaign in --out from its state.json\n"
	        "  --window N         exchanges in flight, 1 to 90 (default 40)\n"
	        "  --framing PCT      share of framing damage, 0 to 100 percent (default 15)\n"
	        "  --restart CMD      shell command that restarts a target found dead\n"
	        "  --server-fault NAME  break the embedded reference in one documented way\n"
	        "                     (to see the fuzzer catch it; see docs/FUZZING.md)\n"
	        "  --no-minimise      keep findings as found\n"
	        "  --help             this text\n"
	        "exit status: 0 no finding, 1 findings, 2 usage or environment error\n");
}

static int h_lf_num(const char *opt, const char *s, unsigned long long lo, unsigned long long hi,
                    unsigned long long *out)
{
	char *end;

	errno = 0;
	if (!s || !*s || *s == '-' || (*out = strtoull(s, &end, 10), errno) || *end || *out < lo ||
	    *out > hi) {
		fprintf(stderr,
		        "rscert fuzz: %s takes a whole number from %llu to %llu, not '%s'\n", opt,
		        lo, hi, s ? s : "");
		return -1;
	}
	return 0;
}

struct h_lf_cli {
	struct h_lf_opts o;
	const char *target;
	const char *restart;
	const char *fault;
	bool resume;
};

static int h_lf_parse(int argc, char **argv, struct h_lf_cli *c)
{
	static const struct option opts[] = {
	    {"target", required_argument, NULL, 't'},
	    {"time", required_argument, NULL, 'T'},
	    {"exchanges", required_argument, NULL, 'n'},
	    {"seed", required_argument, NULL, 's'},
	    {"out", required_argument, NULL, 'o'},
	    {"resume", no_argument, NULL, 'r'},
	    {"window", required_argument, NULL, 'w'},
	    {"framing", required_argument, NULL, 'f'},
	    {"restart", required_argument, NULL, 'R'},
	    {"no-minimise", no_argument, NULL, 'M'},
	    {"server-fault", required_argument, NULL, 'F'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	unsigned long long v;
	int ch;

	c->o = (struct h_lf_opts){.seed = 1,
	                          .seconds = 60,
	                          .window = 40,
	                          .framing_pct = 15,
	                          .out = "out/fuzz",
	                          .minimise = true};
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		const char *a = optarg;

		switch (ch) {
		case 't':
			c->target = a;
			break;
		case 'o':
			c->o.out = a;
			break;
		case 'r':
			c->resume = true;
			break;
		case 'R':
			c->restart = a;
			break;
		case 'F':
			c->fault = a;
			break;
		case 'M':
			c->o.minimise = false;
			break;
		case 'h':
			h_lf_usage(stdout);
			return 1;
		case 'T':
			if (h_lf_num("--time", a, 1, 604800, &v))
				return -1;
			c->o.seconds = (double)v;
			break;
		case 'n':
			if (h_lf_num("--exchanges", a, 1, 1ull << 40, &v))
				return -1;
			c->o.max_ex = v;
			break;
		case 's':
			if (h_lf_num("--seed", a, 0, ~0ull, &v))
				return -1;
			c->o.seed = v;
			break;
		case 'w':
			if (h_lf_num("--window", a, 1, 90, &v))
				return -1;
			c->o.window = (unsigned)v;
			break;
		case 'f':
			if (h_lf_num("--framing", a, 0, 100, &v))
				return -1;
			c->o.framing_pct = (unsigned)v;
			break;
		default:
			fprintf(stderr,
			        "rscert fuzz: unknown or incomplete option '%s' (see --help)\n",
			        argv[optind - 1]);
			return -1;
		}
	}
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
