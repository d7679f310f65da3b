/* rl_discard_main.c: rscert-discard's options, report and main.
 * Exit status: 0 the expected sessions came and went, 1 a timeout, an error
 * or a bad message header, 2 usage. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bgp_addr.h"
#include "rl_discard.h"
#include "rl_num.h"

static volatile int rl_discard_stop;

static void rl_discard_on_signal(int sig)
{
	(void)sig;
	rl_discard_stop = 1;
}

static void rl_discard_usage(FILE *f)
{
	fprintf(f, "usage: rscert-discard --listen ADDR:PORT [options]\n"
	           "  --listen ADDR:PORT  a 127/8 address; port 0 picks a free one\n"
	           "  --sessions N        end once N sessions were accepted and closed\n"
	           "  --count             frame messages, count UPDATEs and their prefixes\n"
	           "  --timeout S         give up after S seconds (exit 1)\n"
	           "  --rcvbuf BYTES      SO_RCVBUF of the sessions (default: kernel tuning)\n"
	           "  --json F            the counts as JSON\n"
	           "The first line on stdout is \"listening ADDR:PORT\".\n");
}

static int rl_discard_opts(int argc, char **argv, struct rl_dopts *o)
{
	unsigned long u;

	for (int i = 1; i < argc; i++) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(k, "--count")) {
			o->count = true;
			continue;
		}
		if (v == NULL)
			return -1;
		if (!strcmp(k, "--listen"))
			o->listen = v;
		else if (!strcmp(k, "--sessions")) {
			if (rl_uint(k, v, 0, 1000000, &u))
				return -1;
			o->sessions = (unsigned)u;
		} else if (!strcmp(k, "--timeout")) {
			if (rl_num(k, v, 86400, &o->timeout))
				return -1;
		} else if (!strcmp(k, "--rcvbuf")) {
			if (rl_uint(k, v, 0, 1ul << 30, &u))
				return -1;
			o->rcvbuf = (int)u;
		} else if (!strcmp(k, "--json"))
			o->json = v;
		else
			return -1;
		i++;
	}
	return o->listen != NULL ? 0 : -1;
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
	FILE *f = fopen(path, "w");
	struct rusage ru;

	if (f == NULL)
		return -1;
	getrusage(RUSAGE_SELF, &ru);
	fprintf(f,
	        "{\"accepted\": %llu, \"closed\": %llu, \"bytes\": %llu, \"reads\": %llu,\n"
	        " \"counted\": %s, \"updates\": %llu, \"keepalives\": %llu, \"opens\": %llu,\n"
	        " \"prefixes\": %llu, \"withdrawn\": %llu, \"malformed\": %llu,\n"
	        " \"busy_seconds\": %.6f, \"user_seconds\": %.3f, \"sys_seconds\": %.3f}\n",
	        (unsigned long long)s->accepted, (unsigned long long)s->closed,
	        (unsigned long long)s->bytes, (unsigned long long)s->reads,
	        d->o.count ? "true" : "false", (unsigned long long)s->msgs[2],
	        (unsigned long long)s->msgs[4], (unsigned long long)s->msgs[1],
	        (unsigned long long)s->prefixes, (unsigned long long)s->withdrawn,
	        (unsigned long long)s->malformed, s->last_s - s->first_s,
	        rl_discard_tv(ru.ru_utime), rl_discard_tv(ru.ru_stime));
	return fclose(f);
}

int main(int argc, char **argv)
{
	static struct rl_discard disc;
	struct rl_discard *d = &disc;
	char a[BGP_IPV4_TEXT];
	int rc;

	if (rl_discard_opts(argc, argv, &d->o) < 0) {
		rl_discard_usage(stderr);
		return 2;
	}
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
