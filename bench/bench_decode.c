/* bench_decode: decode rate of the codec on one core.
 *
 *   packed   4096-byte UPDATEs packed with /24 NLRI (GB/s, prefixes/s)
 *   typical  an UPDATE with a 3-hop AS path, MED, 3 communities and one
 *            prefix (messages/s)
 *
 * Each iteration resets the arena and decodes one whole message with full
 * validation, as the daemon does. Each measurement runs for at least
 * --seconds (default 1) of the thread's CPU time, so that other load on the
 * machine takes the CPU away without skewing the rate, and is repeated
 * --runs times (default 5); the table shows the median and the best run. Exit status 0, or 1 with
 * --check when a figure misses its aim. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bgp_codec.h"

#define AIM_GBPS 1.0
#define AIM_MSGS 5e6
#define MAX_RUNS 31

struct bench {
	const char *name;
	uint8_t msg[BGP_MAX_LEN];
	size_t len;
	size_t prefixes;
};

struct result {
	double msgs_per_s[MAX_RUNS];
	size_t runs;
};

static double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench_attrs(struct bgp_attrs *a)
{
	static uint32_t asns[] = {65001, 65002, 65003};
	static struct bgp_as_segment seg = {BGP_SEG_SEQUENCE, 3, asns};

	memset(a, 0, sizeof(*a));
	a->origin = BGP_ORIGIN_IGP;
	a->as_path.nseg = 1;
	a->as_path.segs = &seg;
	a->next_hop = 0x0a000104; /* 10.0.1.4 */
	bgp_attr_set(a, BGP_ATTR_ORIGIN);
	bgp_attr_set(a, BGP_ATTR_AS_PATH);
	bgp_attr_set(a, BGP_ATTR_NEXT_HOP);
}

/* A full UPDATE of /24s: 100.x.y.0/24 until 4096 bytes are used. */
static int bench_build_packed(struct bench *b, const struct bgp_ctx *ctx)
{
	static struct bgp_prefix pfx[2048];
	struct bgp_attrs a;
	size_t i;

	bench_attrs(&a);
	for (i = 0; i < 2048; i++) {
		memset(&pfx[i], 0, sizeof(pfx[i]));
		pfx[i].afi = BGP_AFI_IPV4;
		pfx[i].len = 24;
		pfx[i].addr[0] = 100;
		pfx[i].addr[1] = (uint8_t)(i >> 8);
		pfx[i].addr[2] = (uint8_t)i;
	}
	b->name = "packed";
	b->len = bgp_pack_update(ctx, &a, pfx, 2048, 0, b->msg, sizeof(b->msg), &b->prefixes);
	return b->len > 0 ? 0 : -1;
}

static int bench_build_typical(struct bench *b, const struct bgp_ctx *ctx)
{
	static uint32_t comms[] = {BGP_COMMUNITY(65001, 100), BGP_COMMUNITY(65001, 200),
	                           BGP_COMMUNITY(65515, 1)};
	static struct bgp_prefix p;
	struct bgp_msg m;
	struct bgp_attrs *a = &m.u.update.attrs;

	memset(&m, 0, sizeof(m));
	m.type = BGP_UPDATE;
	bench_attrs(a);
	a->med = 100;
	a->communities = comms;
	a->ncommunities = 3;
	bgp_attr_set(a, BGP_ATTR_MED);
	bgp_attr_set(a, BGP_ATTR_COMMUNITIES);
	if (bgp_parse_prefix("10.1.0.0/16", &p) < 0)
		return -1;
	m.u.update.nlri = &p;
	m.u.update.nnlri = 1;
	b->name = "typical";
	b->len = bgp_encode(&m, ctx, b->msg, sizeof(b->msg));
	b->prefixes = 1;
	return b->len > 0 ? 0 : -1;
}

/* Decode b->msg for at least min_s seconds; returns messages per second. */
static double bench_run(const struct bench *b, const struct bgp_ctx *ctx, struct bgp_arena *ar,
                        double min_s, size_t *sink)
{
	struct bgp_verdict v;
	struct bgp_msg m;
	double t0 = bench_now(), t;
	size_t n = 0, batch = 1024, i;

	do {
		for (i = 0; i < batch; i++) {
			bgp_arena_reset(ar);
			if (bgp_decode(b->msg, b->len, ctx, ar, &m, &v) != BGP_ACT_OK)
				return -1;
			*sink += m.u.update.nnlri;
		}
		n += batch;
		t = bench_now() - t0;
	} while (t < min_s);
	return (double)n / t;
}

static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double bench_median(struct result *r)
{
	double s[MAX_RUNS];

	memcpy(s, r->msgs_per_s, r->runs * sizeof(double));
	qsort(s, r->runs, sizeof(double), bench_cmp);
	return r->runs % 2 ? s[r->runs / 2] : (s[r->runs / 2 - 1] + s[r->runs / 2]) / 2;
}

static double bench_best(const struct result *r)
{
	double best = 0;
	size_t i;

	for (i = 0; i < r->runs; i++)
		if (r->msgs_per_s[i] > best)
			best = r->msgs_per_s[i];
	return best;
}

static void bench_row(const struct bench *b, const char *which, double mps, int *missed)
{
	double gbps = mps * (double)b->len / 1e9;
	int ok = b->prefixes > 1 ? gbps >= AIM_GBPS : mps >= AIM_MSGS;

	printf("%-8s %-6s %6zu %6zu %12.0f %8.3f %14.0f   %s\n", b->name, which, b->len,
	       b->prefixes, mps, gbps, mps * (double)b->prefixes, ok ? "meets aim" : "BELOW AIM");
	if (!ok && strcmp(which, "median") == 0)
		*missed = 1;
}

/* The first line of /proc/loadavg: other load skews cache behaviour. */
static const char *bench_loadavg(char *buf, size_t cap)
{
	FILE *f = fopen("/proc/loadavg", "r");

	if (!f || !fgets(buf, (int)cap, f))
		snprintf(buf, cap, "unknown\n");
	if (f)
		fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	struct bgp_ctx ctx = {.as4 = true, .local_as = 65515, .peer_as = 65001};
	struct bench b[2];
	struct result res[2];
	struct bgp_arena ar;
	double seconds = 1.0;
	size_t runs = 5, sink = 0, i, k;
	int check = 0, missed = 0;
	const char *only = NULL;
	char load[64];
	void *mem;

	for (i = 1; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--check") == 0)
			check = 1;
		else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < (size_t)argc)
			seconds = atof(argv[++i]);
		else if (strcmp(argv[i], "--only") == 0 && i + 1 < (size_t)argc)
			only = argv[++i];
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < (size_t)argc)
			runs = (size_t)atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: bench_decode [--seconds S] [--runs N] "
			                "[--only packed|typical] [--check]\n");
			return 2;
		}
	}
	if (runs < 1 || runs > MAX_RUNS || seconds <= 0) {
		fprintf(stderr, "bench_decode: runs 1..%d, seconds > 0\n", MAX_RUNS);
		return 2;
	}
	mem = malloc(BGP_ARENA_SIZE);
	if (!mem || bench_build_packed(&b[0], &ctx) < 0 || bench_build_typical(&b[1], &ctx) < 0) {
		fprintf(stderr, "bench_decode: could not build the messages\n");
		free(mem);
		return 1;
	}
	bgp_arena_init(&ar, mem, BGP_ARENA_SIZE);
	memset(res, 0, sizeof(res));
	/* interleave the benchmarks so that drifts in clock speed hit both */
	for (k = 0; k < runs; k++) {
		for (i = 0; i < 2; i++) {
			double r;

			if (only && strcmp(only, b[i].name) != 0)
				continue;
			r = bench_run(&b[i], &ctx, &ar, seconds, &sink);
			if (r < 0) {
				fprintf(stderr, "bench_decode: %s does not decode cleanly\n",
				        b[i].name);
				free(mem);
				return 1;
			}
			res[i].msgs_per_s[res[i].runs++] = r;
		}
	}
	printf("decode, one core, %zu runs of >= %.1f s CPU time each, arena reset per message; "
	       "load average %s",
	       runs, seconds, bench_loadavg(load, sizeof(load)));
	printf("%-8s %-6s %6s %6s %12s %8s %14s   aim: packed >= %.1f GB/s, typical >= "
	       "%.0fM msg/s\n",
	       "message", "run", "bytes", "pfx", "msg/s", "GB/s", "prefixes/s", AIM_GBPS,
	       AIM_MSGS / 1e6);
	for (i = 0; i < 2; i++) {
		if (!res[i].runs)
			continue;
		bench_row(&b[i], "median", bench_median(&res[i]), &missed);
		bench_row(&b[i], "best", bench_best(&res[i]), &missed);
	}
	if (sink == 0)
		printf("(no prefix decoded)\n");
	free(mem);
	return check && missed ? 1 : 0;
}
