/* rl_opts.c: command line (getopt_long through cl_opt.h) and named presets
 * of rscert-load. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <getopt.h>
#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cl_opt.h"
#include "rl.h"

struct rl_preset {
	const char *name;
	unsigned peers, prefixes, sinks;
	bool cycle;
	double churn_rate, churn_time;
	const char *what;
};

static const struct rl_preset rl_presets[] = {
    /* the product takes 8 peers in all: 7 feeders and the measuring sink */
    {"product", 7, 200, 1, true, 100, 5,
     "7 feeders x 200 + 1 sink (the product's 8 peers), cycle, 5 s of 100 flaps/s"},
    {"8x100k", 8, 100000, 1, false, 0, 0, "8 peers x 100,000 routes"},
    {"50x100k", 50, 100000, 1, false, 0, 0, "50 peers x 100,000 routes (5M paths)"},
    {"1000x10", 1000, 10, 1, false, 0, 0, "1000 peers x 10 routes (per-session cost)"},
    {"churn", 8, 10000, 1, true, 2000, 20, "8 x 10,000, withdraw/re-announce, then 2000 flaps/s"},
};

enum {
	L_SERVER = 256,
	L_PORT,
	L_PRESET,
	L_PID,
	L_PEERS,
	L_PREFIXES,
	L_SINKS,
	L_OVERLAP,
	L_ASPATH,
	L_SRC,
	L_ASN_BASE,
	L_HOLD,
	L_CYCLE,
	L_CHURN_RATE,
	L_CHURN_TIME,
	L_TIMEOUT,
	L_SETUP_TIMEOUT,
	L_MAX_RSS,
	L_PROGRESS,
	L_SAMPLE,
	L_CSV,
	L_JSON,
	L_LABEL,
};

static const struct cl_opt rl_opts_tab[] = {
    {"server", L_SERVER, "ADDR", "the route server's session address (IPv4, required)", 0},
    {"port", L_PORT, "P", "its BGP port (1..65535, default 179)", 0},
    {"preset", L_PRESET, "NAME", "a named load (below); other options refine it", 0},
    {"pid", L_PID, "PID", "server process: peak memory (VmHWM) and RSS samples", 0},
    {"peers", L_PEERS, "N", "feeder peers (default 8)", 0},
    {"prefixes", L_PREFIXES, "M", "IPv4 /24s per feeder (default 200)", 0},
    {"sinks", L_SINKS, "S",
     "peers that only listen and are measured (default 1; 0: the driver's own rate)", 0},
    {"overlap", L_OVERLAP, NULL, "every feeder announces the same M prefixes", 0},
    {"aspath", L_ASPATH, "MIN[-MAX]", "AS_PATH length; feeder i gets MIN + i mod (MAX-MIN+1)", 0},
    {"src", L_SRC, "ADDR", "first source address (default 127.1.0.1), one per peer", 0},
    {"asn-base", L_ASN_BASE, "A", "feeder i uses ASN A+i (default 21001); sinks 31001+s", 0},
    {"hold", L_HOLD, "S", "hold time offered (default 180; 0: no keepalives)", 0},
    {"cycle", L_CYCLE, NULL, "after convergence withdraw everything, then re-announce", 0},
    {"churn-rate", L_CHURN_RATE, "R", "flaps per second after convergence", 0},
    {"churn-time", L_CHURN_TIME, "T", "seconds of churn", 0},
    {"timeout", L_TIMEOUT, "T", "bound on each phase in seconds (default 300)", 0},
    {"setup-timeout", L_SETUP_TIMEOUT, "T", "bound on establishing every session (default 120)", 0},
    {"max-rss", L_MAX_RSS, "MIB", "end the run when the server's RSS passes MIB (with --pid)", 0},
    {"progress", L_PROGRESS, "S", "progress line every S seconds on stderr (default 1, 0 off)", 0},
    {"sample", L_SAMPLE, "S", "every S seconds a CSV row (with --csv)", 0},
    {"csv", L_CSV, "F", "the samples: time, RSS, churn latency", 0},
    {"json", L_JSON, "F", "results as JSON", 0},
    {"label", L_LABEL, "NAME", "the server's name in the results", 0},
    {"version", CL_VERSION, NULL, "the version and the git commit", 0},
    {"help", CL_HELP, NULL, "this text", 1},
};

#define RL_NOPTS (sizeof(rl_opts_tab) / sizeof(rl_opts_tab[0]))

void rl_usage(FILE *f)
{
	fprintf(f, "usage: rscert-load --server ADDR [--port P] [--preset NAME] [options]\n");
	cl_help(f, rl_opts_tab, RL_NOPTS);
	fprintf(f, "presets:\n");
	for (size_t i = 0; i < sizeof(rl_presets) / sizeof(rl_presets[0]); i++)
		fprintf(f, "  %-8s %s\n", rl_presets[i].name, rl_presets[i].what);
	fprintf(f, "exit status: 0 every phase converged, 1 one did not (or a session was lost), "
	           "2 usage\n");
}

static int rl_preset_apply(struct rl_opts *o, const char *name)
{
	for (size_t i = 0; i < sizeof(rl_presets) / sizeof(rl_presets[0]); i++) {
		const struct rl_preset *p = &rl_presets[i];

		if (strcmp(p->name, name))
			continue;
		o->preset = p->name;
		o->peers = p->peers;
		o->prefixes = p->prefixes;
		o->sinks = p->sinks;
		o->cycle = p->cycle;
		o->churn_rate = p->churn_rate;
		o->churn_time = p->churn_time;
		return 0;
	}
	fprintf(stderr, "rscert-load: --preset: no preset named '%s' (", name);
	for (size_t i = 0; i < sizeof(rl_presets) / sizeof(rl_presets[0]); i++)
		fprintf(stderr, "%s%s", i ? ", " : "", rl_presets[i].name);
	fprintf(stderr, ")\n");
	return -1;
}

static int rl_u(const char *k, const char *v, uint64_t min, uint64_t max, unsigned *out)
{
	uint64_t u;

	if (cl_uint("rscert-load", k, v, min, max, &u))
		return -1;
	*out = (unsigned)u;
	return 0;
}

/* --aspath MIN[-MAX] */
static int rl_aspath(struct rl_opts *o, const char *v)
{
	char min[16], *dash = strchr(v, '-');

	snprintf(min, sizeof(min), "%.*s", dash ? (int)(dash - v) : (int)strlen(v), v);
	if (rl_u("--aspath", min, 1, 255, &o->path_min) ||
	    rl_u("--aspath", dash ? dash + 1 : min, o->path_min, 255, &o->path_max))
		return -1;
	return 0;
}

static int rl_addr(const char *k, const char *v)
{
	struct in_addr a;

	if (inet_pton(AF_INET, v, &a) == 1)
		return 0;
	fprintf(stderr, "rscert-load: %s: not an IPv4 address: '%s'\n", k, v);
	return -1;
}

static int rl_opt_num(struct rl_opts *o, int c, const char *v)
{
	static const struct {
		int c;
		const char *name;
		unsigned long min, max;
		size_t off;
	} uints[] = {
	    {L_PORT, "--port", 1, 65535, offsetof(struct rl_opts, port)},
	    {L_PEERS, "--peers", 1, RL_MAX_PEERS, offsetof(struct rl_opts, peers)},
	    {L_PREFIXES, "--prefixes", 1, RL_MAX_DISTINCT, offsetof(struct rl_opts, prefixes)},
	    {L_SINKS, "--sinks", 0, RL_MAX_PEERS, offsetof(struct rl_opts, sinks)},
	    {L_ASN_BASE, "--asn-base", 1, 65534, offsetof(struct rl_opts, asn_base)},
	    {L_HOLD, "--hold", 0, 65535, offsetof(struct rl_opts, hold)},
	};
	static const struct {
		int c;
		const char *name;
		double max;
		size_t off;
	} nums[] = {
	    {L_CHURN_RATE, "--churn-rate", 1e7, offsetof(struct rl_opts, churn_rate)},
	    {L_CHURN_TIME, "--churn-time", 86400 * 7, offsetof(struct rl_opts, churn_time)},
	    {L_TIMEOUT, "--timeout", 86400, offsetof(struct rl_opts, timeout)},
	    {L_SETUP_TIMEOUT, "--setup-timeout", 86400, offsetof(struct rl_opts, setup_timeout)},
	    {L_PROGRESS, "--progress", 86400, offsetof(struct rl_opts, progress)},
	    {L_SAMPLE, "--sample", 86400, offsetof(struct rl_opts, sample)},
	};
	uint64_t u;

	for (size_t i = 0; i < sizeof(uints) / sizeof(uints[0]); i++)
		if (c == uints[i].c)
			return rl_u(uints[i].name, v, uints[i].min, uints[i].max,
			            (unsigned *)((char *)o + uints[i].off));
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (c == nums[i].c)
			return cl_double("rscert-load", nums[i].name, v, 0, nums[i].max, 0,
			                 (double *)((char *)o + nums[i].off));
	if (c == L_PID || c == L_MAX_RSS) { /* --max-rss 0: no cap */
		if (cl_uint("rscert-load", c == L_PID ? "--pid" : "--max-rss", v,
		            c == L_PID ? 1 : 0, 1ul << 31, &u))
			return -1;
		*(c == L_PID ? &o->pid : &o->max_rss_mb) = (long)u;
		return 0;
	}
	return 1;
}

/* 0, or -1 after a message naming the option. */
static int rl_opt_value(struct rl_opts *o, int c, const char *v)
{
	int rc = rl_opt_num(o, c, v);

	if (rc <= 0)
		return rc;
	switch (c) {
	case L_OVERLAP:
		o->overlap = true;
		return 0;
	case L_CYCLE:
		o->cycle = true;
		return 0;
	case L_PRESET:
		return 0; /* applied first */
	case L_ASPATH:
		return rl_aspath(o, v);
	case L_SERVER:
		o->server = v;
		return rl_addr("--server", v);
	case L_SRC:
		o->src = v;
		return rl_addr("--src", v);
	case L_CSV:
		o->csv = v;
		return 0;
	case L_JSON:
		o->json = v;
		return 0;
	case L_LABEL: {
		json_t *t = json_string(v); /* the JSON results need UTF-8 */

		json_decref(t);
		o->label = v;
		if (t != NULL)
			return 0;
		fprintf(stderr, "rscert-load: --label: not valid UTF-8\n");
		return -1;
	}
	}
	return -1;
}

/* What no single option can check. */
static int rl_opts_check(const struct rl_opts *o)
{
	if (o->server == NULL) {
		fprintf(stderr, "rscert-load: --server ADDR is required\n");
		return -1;
	}
	if (o->peers + o->sinks > RL_MAX_PEERS || o->asn_base + o->peers > 65535 ||
	    o->sink_asn_base + o->sinks > 65535) {
		fprintf(stderr,
		        "rscert-load: --peers + --sinks: at most %u in all, and ASNs up to "
		        "65535 (--asn-base + --peers)\n",
		        RL_MAX_PEERS);
		return -1;
	}
	if ((o->overlap ? (uint64_t)o->prefixes : (uint64_t)o->prefixes * o->peers) >
	    RL_MAX_DISTINCT) {
		fprintf(stderr, "rscert-load: at most %u distinct prefixes\n", RL_MAX_DISTINCT);
		return -1;
	}
	if (o->sinks == 0 && o->churn_rate > 0 && o->churn_time > 0) {
		fprintf(stderr, "rscert-load: churn is timed at the sinks: --sinks 0 needs "
		                "--churn-rate 0\n");
		return -1;
	}
	if (o->sample > 0 && o->csv == NULL) {
		fprintf(stderr, "rscert-load: --sample needs --csv\n");
		return -1;
	}
	return 0;
}

/* The preset first, so that other options refine it. */
static int rl_preset_scan(int argc, char **argv, struct rl_opts *o)
{
	struct cl_parser p;
	int c, rc = 0;

	if (cl_init(&p, "rscert-load", rl_opts_tab, RL_NOPTS, 1))
		return -1;
	while (!rc && (c = getopt_long(argc, argv, p.shortopts, p.longopts, NULL)) != -1)
		if (c == L_PRESET)
			rc = rl_preset_apply(o, optarg);
	cl_free(&p);
	return rc;
}

int rl_opts_parse(int argc, char **argv, struct rl_opts *o)
{
	struct cl_parser p;
	const char *v;
	int c, rc = 0;

	*o = (struct rl_opts){.port = 179,
	                      .peers = 8,
	                      .prefixes = 200,
	                      .sinks = 1,
	                      .path_min = 1,
	                      .path_max = 1,
	                      .src = "127.1.0.1",
	                      .asn_base = 21001,
	                      .sink_asn_base = 31001,
	                      .hold = 180,
	                      .timeout = 300,
	                      .setup_timeout = 120,
	                      .progress = 1,
	                      .label = "server"};
	if (rl_preset_scan(argc, argv, o) || cl_init(&p, "rscert-load", rl_opts_tab, RL_NOPTS, 1))
		return -1;
	while (!rc && (c = cl_next(&p, argc, argv, &v)) != -1) {
		if (c == CL_HELP)
			rc = 1, rl_usage(stdout);
		else if (c == CL_VERSION)
			rc = 1, cl_version(stdout, "rscert-load");
		else
			rc = c == '?' ? -1 : rl_opt_value(o, c, v);
	}
	if (!rc && optind < argc) {
		fprintf(stderr, "rscert-load: unexpected argument '%s'\n", argv[optind]);
		rc = -1;
	}
	cl_free(&p);
	if (!rc && rl_opts_check(o))
		rc = -1;
	if (rc < 0)
		fprintf(stderr, "'rscert-load --help' lists the options\n");
	return rc;
}
