/* rl_opts.c: command line and named presets of rscert-load. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "rl.h"
#include "rl_num.h"

struct rl_preset {
	const char *name;
	unsigned peers, prefixes;
	bool cycle;
	double churn_rate, churn_time;
	const char *what;
};

static const struct rl_preset rl_presets[] = {
    {"product", 8, 200, true, 100, 5, "8 x 200 (the product's limits), cycle, 5 s of 100 flaps/s"},
    {"8x100k", 8, 100000, false, 0, 0, "8 peers x 100,000 routes"},
    {"50x100k", 50, 100000, false, 0, 0, "50 peers x 100,000 routes (5M paths)"},
    {"1000x10", 1000, 10, false, 0, 0, "1000 peers x 10 routes (per-session cost)"},
    {"churn", 8, 10000, true, 2000, 20, "8 x 10,000, withdraw/re-announce, then 2000 flaps/s"},
};

void rl_usage(FILE *f)
{
	fprintf(
	    f, "usage: rscert-load --server ADDR [--port P] [--preset NAME] [options]\n"
	       "  --pid PID            server process: peak memory (VmHWM) and RSS samples\n"
	       "  --peers N            feeder peers (default 8)\n"
	       "  --prefixes M         IPv4 /24s per feeder (default 200)\n"
	       "  --sinks S            peers that only listen and are measured (default 1);\n"
	       "                       0: a bulk phase ends when every feeder's send queue\n"
	       "                       is empty (the driver's own rate, bench/load-driver)\n"
	       "  --overlap            every feeder announces the same M prefixes\n"
	       "  --aspath MIN[-MAX]   AS_PATH length; feeder i gets MIN + i mod (MAX-MIN+1)\n"
	       "  --src ADDR           first source address (default 127.1.0.1), one per peer\n"
	       "  --asn-base A         feeder i uses ASN A+i (default 21001); sinks 31001+s\n"
	       "  --hold S             hold time offered (default 180; 0: no keepalives)\n"
	       "  --cycle              after convergence withdraw everything, then re-announce\n"
	       "  --churn-rate R       flaps per second after convergence (withdraw or announce)\n"
	       "  --churn-time T       seconds of churn\n"
	       "  --timeout T          bound on each phase in seconds (default 300)\n"
	       "  --setup-timeout T    bound on establishing every session (default 120)\n"
	       "  --max-rss MIB        end the run when the server's RSS passes MIB (with --pid)\n"
	       "  --progress S         progress line every S seconds on stderr (default 1, 0 off)\n"
	       "  --sample S --csv F   every S seconds a CSV row: time, RSS, churn latency\n"
	       "  --json F             results as JSON\n"
	       "  --label NAME         the server's name in the results\n"
	       "presets:\n");
	for (size_t i = 0; i < sizeof(rl_presets) / sizeof(rl_presets[0]); i++)
		fprintf(f, "  %-8s %s\n", rl_presets[i].name, rl_presets[i].what);
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
		o->cycle = p->cycle;
		o->churn_rate = p->churn_rate;
		o->churn_time = p->churn_time;
		return 0;
	}
	fprintf(stderr, "rscert-load: no preset %s\n", name);
	return -1;
}

/* --aspath MIN[-MAX] */
static int rl_aspath(struct rl_opts *o, const char *v)
{
	char min[16], *dash = strchr(v, '-');
	unsigned long a, b;

	snprintf(min, sizeof(min), "%.*s", dash ? (int)(dash - v) : (int)strlen(v), v);
	if (rl_uint("--aspath", min, 1, 255, &a) ||
	    rl_uint("--aspath", dash ? dash + 1 : min, a, 255, &b))
		return -1;
	o->path_min = (unsigned)a;
	o->path_max = (unsigned)b;
	return 0;
}

/* 0, -1 for an unknown option, -2 for a bad value (said on stderr). */
static int rl_opt_value(struct rl_opts *o, const char *k, const char *v)
{
	static const struct {
		const char *name;
		unsigned long min, max;
		size_t off;
	} uints[] = {
	    {"--port", 1, 65535, offsetof(struct rl_opts, port)},
	    {"--peers", 1, RL_MAX_PEERS, offsetof(struct rl_opts, peers)},
	    {"--prefixes", 1, RL_MAX_DISTINCT, offsetof(struct rl_opts, prefixes)},
	    {"--sinks", 0, RL_MAX_PEERS, offsetof(struct rl_opts, sinks)},
	    {"--asn-base", 1, 65534, offsetof(struct rl_opts, asn_base)},
	    {"--hold", 0, 65535, offsetof(struct rl_opts, hold)},
	};
	static const struct {
		const char *name;
		double max;
		size_t off;
	} nums[] = {
	    {"--churn-rate", 1e7, offsetof(struct rl_opts, churn_rate)},
	    {"--churn-time", 86400 * 7, offsetof(struct rl_opts, churn_time)},
	    {"--timeout", 86400, offsetof(struct rl_opts, timeout)},
	    {"--setup-timeout", 86400, offsetof(struct rl_opts, setup_timeout)},
	    {"--progress", 86400, offsetof(struct rl_opts, progress)},
	    {"--sample", 86400, offsetof(struct rl_opts, sample)},
	};
	unsigned long u;

	for (size_t i = 0; i < sizeof(uints) / sizeof(uints[0]); i++)
		if (!strcmp(k, uints[i].name)) {
			if (rl_uint(k, v, uints[i].min, uints[i].max, &u))
				return -2;
			*(unsigned *)((char *)o + uints[i].off) = (unsigned)u;
			return 0;
		}
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (!strcmp(k, nums[i].name))
			return rl_num(k, v, nums[i].max, (double *)((char *)o + nums[i].off)) ? -2
			                                                                      : 0;
	if (!strcmp(k, "--pid") || !strcmp(k, "--max-rss")) {
		bool pid = !strcmp(k, "--pid"); /* --max-rss 0: no cap */
		if (rl_uint(k, v, pid ? 1 : 0, 1ul << 31, &u))
			return -2;
		*(pid ? &o->pid : &o->max_rss_mb) = (long)u;
	} else if (!strcmp(k, "--aspath")) {
		return rl_aspath(o, v) ? -2 : 0;
	} else if (!strcmp(k, "--server"))
		o->server = v;
	else if (!strcmp(k, "--src"))
		o->src = v;
	else if (!strcmp(k, "--csv"))
		o->csv = v;
	else if (!strcmp(k, "--json"))
		o->json = v;
	else if (!strcmp(k, "--label"))
		o->label = v;
	else
		return -1;
	return 0;
}

int rl_opts_parse(int argc, char **argv, struct rl_opts *o)
{
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
	/* the preset first, so that other options refine it */
	for (int i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], "--preset") && rl_preset_apply(o, argv[i + 1]) < 0)
			return -1;
	for (int i = 1; i < argc; i++) {
		const char *k = argv[i];

		if (!strcmp(k, "--overlap"))
			o->overlap = true;
		else if (!strcmp(k, "--cycle"))
			o->cycle = true;
		else if (!strcmp(k, "--preset"))
			i++;
		else if (i + 1 >= argc) {
			fprintf(stderr, "rscert-load: %s needs a value\n", k);
			return -1;
		} else {
			int rc = rl_opt_value(o, k, argv[i + 1]);

			if (rc == -1)
				fprintf(stderr, "rscert-load: unknown option %s\n", k);
			if (rc < 0)
				return -1;
			i++;
		}
	}
	if (o->server == NULL || o->peers < 1 || o->prefixes < 1 ||
	    o->peers + o->sinks > RL_MAX_PEERS || o->path_min < 1 || o->path_max < o->path_min ||
	    o->path_max > 255 || o->asn_base + o->peers > 65535 ||
	    o->sink_asn_base + o->sinks > 65535) {
		fprintf(stderr,
		        "rscert-load: --server is required; peers 1..%u in all, "
		        "prefixes >= 1, AS_PATH length 1..255\n",
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
