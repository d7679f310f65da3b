/* rl_discard_main.c: rscert-discard's options, report and main.
 * Exit status: 0 the expected sessions came and went, 1 a timeout, an error
 * or a bad message header, 2 usage. */
#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bgp_addr.h"
#include "cl_opt.h"
#include "rl_discard.h"

static volatile int rl_discard_stop;

static void rl_discard_on_signal(int sig)
{
	(void)sig;
	rl_discard_stop = 1;
}

enum { D_LISTEN = 256, D_SESSIONS, D_COUNT, D_TIMEOUT, D_RCVBUF, D_JSON };

static const struct cl_opt rl_discard_tab[] = {
    {"listen", D_LISTEN, "ADDR:PORT", "a 127/8 address; port 0 picks a free one (required)", 0},
    {"sessions", D_SESSIONS, "N", "end once N sessions were accepted and closed (0..1000000)", 0},
    {"count", D_COUNT, NULL, "frame messages, count UPDATEs and their prefixes", 0},
    {"timeout", D_TIMEOUT, "S", "give up after S seconds (exit 1)", 0},
    {"rcvbuf", D_RCVBUF, "BYTES", "SO_RCVBUF of the sessions (default: kernel tuning)", 0},
    {"json", D_JSON, "F", "the counts as JSON", 0},
    {"version", CL_VERSION, NULL, "the version and the git commit", 0},
    {"help", CL_HELP, NULL, "this text", 1},
};

static void rl_discard_usage(FILE *f)
{
	fprintf(f, "usage: rscert-discard --listen ADDR:PORT [options]\n");
	cl_help(f, rl_discard_tab, sizeof(rl_discard_tab) / sizeof(rl_discard_tab[0]));
	fprintf(f, "The first line on stdout is \"listening ADDR:PORT\".\n"
	           "exit status: 0 the expected sessions came and went, 1 a timeout, an error or "
	           "a bad message header, 2 usage\n");
}

static int rl_discard_opt(struct rl_dopts *o, int c, const char *v)
{
	uint64_t u;

	switch (c) {
	case D_COUNT:
		o->count = true;
		return 0;
	case D_LISTEN:
		o->listen = v;
		return 0;
	case D_JSON:
		o->json = v;
		return 0;
	case D_TIMEOUT:
		return cl_double("rscert-discard", "--timeout", v, 0, 86400, 0, &o->timeout);
	case D_SESSIONS:
		if (cl_uint("rscert-discard", "--sessions", v, 0, 1000000, &u))
			return -1;
		o->sessions = (unsigned)u;
		return 0;
	case D_RCVBUF:
		if (cl_uint("rscert-discard", "--rcvbuf", v, 0, 1ul << 30, &u))
			return -1;
		o->rcvbuf = (int)u;
		return 0;
	}
	return -1;
}

/* 0 run, 1 done (help, version), -1 usage error (said). */
static int rl_discard_opts(int argc, char **argv, struct rl_dopts *o)
{
	struct cl_parser p;
	const char *v;
	int c, rc = 0;

	if (cl_init(&p, "rscert-discard", rl_discard_tab,
	            sizeof(rl_discard_tab) / sizeof(rl_discard_tab[0]), 1))
		return -1;
	while (!rc && (c = cl_next(&p, argc, argv, &v)) != -1) {
		if (c == CL_HELP)
			rc = 1, rl_discard_usage(stdout);
		else if (c == CL_VERSION)
			rc = 1, cl_version(stdout, "rscert-discard");
		else
			rc = c == '?' ? -1 : rl_discard_opt(o, c, v);
	}
	if (!rc && optind < argc) {
		fprintf(stderr, "rscert-discard: unexpected argument '%s'\n", argv[optind]);
		rc = -1;
	} else if (!rc && !o->listen) {
		fprintf(stderr, "rscert-discard: --listen ADDR:PORT is required\n");
		rc = -1;
	}
	cl_free(&p);
	if (rc < 0)
		fprintf(stderr, "'rscert-discard --help' lists the options\n");
	return rc;
}

static double rl_discard_tv(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static void rl_discard_report(const struct rl_discard *d, FILE *out)
{
	const struct rl_dstats *s = &d->st;
	struct rusage ru;
	double busy = s->last_s - s->first_s;

	getrusage(RUSAGE_SELF, &ru);
	fprintf(out, "sessions %llu accepted %llu closed, %llu bytes in %llu reads\n",
	        (unsigned long long)s->accepted, (unsigned long long)s->closed,
	        (unsigned long long)s->bytes, (unsigned long long)s->reads);
	if (d->o.count)
		fprintf(out,
		        "messages: %llu OPEN %llu UPDATE %llu NOTIFICATION %llu KEEPALIVE "
		        "%llu ROUTE-REFRESH %llu other; prefixes %llu announced %llu withdrawn; "
		        "%llu malformed\n",
		        (unsigned long long)s->msgs[1], (unsigned long long)s->msgs[2],
		        (unsigned long long)s->msgs[3], (unsigned long long)s->msgs[4],
		        (unsigned long long)s->msgs[5], (unsigned long long)s->msgs[0],
		        (unsigned long long)s->prefixes, (unsigned long long)s->withdrawn,
		        (unsigned long long)s->malformed);
	fprintf(out, "first to last byte after OPEN %.6f s; CPU user %.3f s sys %.3f s\n", busy,
	        rl_discard_tv(ru.ru_utime), rl_discard_tv(ru.ru_stime));
}

static int rl_discard_json(const struct rl_discard *d, const char *path)
{
	const struct rl_dstats *s = &d->st;
	struct rusage ru;
	json_t *doc;
	int rc;

	getrusage(RUSAGE_SELF, &ru);
	doc = json_pack("{s:I, s:I, s:I, s:I, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:f}",
	                "accepted", (json_int_t)s->accepted, "closed", (json_int_t)s->closed,
	                "bytes", (json_int_t)s->bytes, "reads", (json_int_t)s->reads, "counted",
	                (int)d->o.count, "updates", (json_int_t)s->msgs[2], "keepalives",
	                (json_int_t)s->msgs[4], "opens", (json_int_t)s->msgs[1], "prefixes",
	                (json_int_t)s->prefixes, "withdrawn", (json_int_t)s->withdrawn, "malformed",
	                (json_int_t)s->malformed, "busy_seconds", s->last_s - s->first_s,
	                "user_seconds", rl_discard_tv(ru.ru_utime), "sys_seconds",
	                rl_discard_tv(ru.ru_stime));
	rc = doc ? json_dump_file(doc, path, JSON_INDENT(1)) : -1;
	json_decref(doc);
	return rc;
}

int main(int argc, char **argv)
{
	static struct rl_discard disc;
	struct rl_discard *d = &disc;
	char a[BGP_IPV4_TEXT];
	int rc;

	rc = rl_discard_opts(argc, argv, &d->o);
	if (rc)
		return rc > 0 ? 0 : 2;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, rl_discard_on_signal);
	signal(SIGTERM, rl_discard_on_signal);
	if (rl_discard_open(d) < 0) {
		rl_discard_close(d);
		return 1;
	}
	bgp_addr_format_ipv4(d->addr, a, sizeof(a));
	printf("listening %s:%u\n", a, d->port);
	fflush(stdout);
	rc = rl_discard_serve(d, &rl_discard_stop);
	rl_discard_report(d, stdout);
	if (d->o.json != NULL && rl_discard_json(d, d->o.json) < 0)
		fprintf(stderr, "rscert-discard: cannot write %s\n", d->o.json);
	rl_discard_close(d);
	return rc < 0 || d->failed || d->st.malformed > 0 ? 1 : 0;
}
