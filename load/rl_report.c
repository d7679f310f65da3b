/* rl_report.c: memory of the server, latency percentiles, progress lines,
 * CSV samples, the results table and JSON. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rl.h"

long rl_proc_kb(long pid, const char *key)
{
	char path[64], line[256];
	size_t kl = strlen(key);
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, kl) && line[kl] == ':')
			kb = atol(line + kl + 1);
	fclose(f);
	return kb;
}

void rl_lat_add(struct rl_lat *l, double v)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4096;
		double *nv = realloc(l->v, cap * sizeof(*nv));

		if (nv == NULL)
			return;
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n++] = v;
}

static int rl_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* pct in 0..100; sorts the samples; -1 when there are none. */
double rl_lat_pct(struct rl_lat *l, double pct)
{
	size_t i;

	if (l->n == 0)
		return -1;
	qsort(l->v, l->n, sizeof(*l->v), rl_cmp_double);
	i = (size_t)(pct / 100.0 * (double)(l->n - 1) + 0.5);
	return l->v[i < l->n ? i : l->n - 1];
}

static void rl_sink_min(const struct rl_run *r, size_t *min)
{
	*min = (size_t)-1;
	for (unsigned i = r->o.peers; i < r->np; i++)
		if (r->p[i].nheld < *min)
			*min = r->p[i].nheld;
}

void rl_progress(struct rl_run *r, const char *phase)
{
	uint64_t sent = 0, total = 0;
	size_t min;
	unsigned up = 0;
	long rss = r->o.pid ? rl_proc_kb(r->o.pid, "VmRSS") : -1;

	for (unsigned i = 0; i < r->np; i++) {
		sent += r->p[i].bulk_off;
		total += r->p[i].bulk_len;
		up += r->p[i].state == 3;
	}
	rl_sink_min(r, &min);
	fprintf(stderr, "[%7.1fs] %-9s up %u/%u  sent %.1f/%.1f MB", rl_now() - r->t_start, phase,
	        up, r->np, (double)sent / 1e6, (double)total / 1e6);
	if (r->np > r->o.peers)
		fprintf(stderr, "  sinks hold >= %zu/%zu", min, r->want);
	if (r->sent_at != NULL)
		fprintf(stderr, "  flaps %llu pending %zu", (unsigned long long)r->churn_events,
		        r->npending);
	if (rss >= 0)
		fprintf(stderr, "  server rss %.1f MiB", (double)rss / 1024.0);
	fputc('\n', stderr);
}

void rl_sample(struct rl_run *r)
{
	struct rl_lat *w = &r->lat_window;
	double p50 = rl_lat_pct(w, 50), p99 = rl_lat_pct(w, 99), mx = rl_lat_pct(w, 100);

	fprintf(r->csv, "%.1f,%ld,%llu,%zu,%zu,%.3f,%.3f,%.3f\n", rl_now() - r->t_start,
	        r->o.pid ? rl_proc_kb(r->o.pid, "VmRSS") : -1L, (unsigned long long)r->churn_events,
	        r->npending, w->n, p50 * 1e3, p99 * 1e3, mx * 1e3);
	fflush(r->csv);
	w->n = 0;
}

static double rl_rate(uint64_t n, double s)
{
	return s > 0 ? (double)n / s : 0;
}

static uint64_t rl_feed_bytes(const struct rl_run *r, uint8_t *const *s, const size_t *len)
{
	uint64_t n = 0;

	for (unsigned f = 0; s != NULL && f < r->o.peers; f++)
		n += len[f];
	return n;
}

/* The driver's own cost: encoding, then each bulk phase until sent. */
static void rl_report_driver(const struct rl_run *r, FILE *out)
{
	uint64_t pfx = (uint64_t)r->o.peers * r->o.prefixes;

	fprintf(out,
	        "driver: encoded %llu announcements and as many withdrawals (%.1f + %.1f MB) "
	        "in %.4f s, CPU %.4f s (%.0f prefixes/s)\n",
	        (unsigned long long)pfx, (double)rl_feed_bytes(r, r->feed, r->feed_len) / 1e6,
	        (double)rl_feed_bytes(r, r->wd, r->wd_len) / 1e6, r->encode_s, r->encode_cpu_s,
	        rl_rate(2 * pfx, r->encode_cpu_s));
	for (unsigned i = 0; i < r->nph; i++) {
		const struct rl_phase *ph = &r->ph[i];

		if (ph->learned_s <= 0)
			continue;
		fprintf(out,
		        "driver: %s: %llu prefixes, %.1f MB written in %.4f s, sent (send "
		        "queues empty) in %.4f s; CPU %.4f s (user %.4f, sys %.4f), %llu writev: "
		        "%.0f prefixes/s by wall time, %.0f by CPU time\n",
		        ph->name, (unsigned long long)ph->prefixes, (double)ph->bytes / 1e6,
		        ph->written_s, ph->learned_s, ph->cpu_s, ph->user_s, ph->sys_s,
		        (unsigned long long)ph->writes, rl_rate(ph->prefixes, ph->learned_s),
		        rl_rate(ph->prefixes, ph->cpu_s));
	}
	fprintf(out, "driver: %llu bytes written on %u sessions, %llu writev, %llu epoll_wait\n",
	        (unsigned long long)r->sent_bytes, r->np, (unsigned long long)r->writes,
	        (unsigned long long)r->waits);
}

void rl_report(struct rl_run *r, FILE *out)
{
	long hwm = r->o.pid ? rl_proc_kb(r->o.pid, "VmHWM") : -1;

	fprintf(out, "%s at %s:%u, %u feeders x %u prefixes (%s, AS_PATH %u-%u), %u sinks\n",
	        r->o.label, r->o.server, r->o.port, r->o.peers, r->o.prefixes,
	        r->o.overlap ? "overlapping" : "unique", r->o.path_min, r->o.path_max,
	        r->np - r->o.peers);
	fprintf(out, "sessions: %u of %u established in %.3f s\n", r->setup_up, r->np, r->setup_s);
	fprintf(out, "| phase | converged | seconds | learned s | prefixes | learned/s | "
	             "re-advertised/s | sink holds | server RSS MiB |\n");
	fprintf(out, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
	for (unsigned i = 0; i < r->nph; i++) {
		const struct rl_phase *ph = &r->ph[i];

		char learned[32] = "-", lrate[32] = "-";

		if (ph->learned_s > 0) {
			snprintf(learned, sizeof(learned), "%.3f", ph->learned_s);
			snprintf(lrate, sizeof(lrate), "%.0f",
			         rl_rate(ph->prefixes, ph->learned_s));
		}
		fprintf(out, "| %s | %s | %.3f | %s | %llu | %s | %.0f | %zu | %.1f |\n", ph->name,
		        ph->done ? "yes" : "NO", ph->seconds, learned,
		        (unsigned long long)ph->prefixes, lrate,
		        rl_rate(ph->prefixes, ph->done ? ph->seconds : 0), ph->held,
		        (double)ph->rss_kb / 1024.0);
	}
	if (r->lat.n > 0)
		fprintf(out,
		        "churn: %llu flaps, latency to every sink p50 %.2f ms p90 %.2f ms "
		        "p99 %.2f ms max %.2f ms, %zu not seen\n",
		        (unsigned long long)r->churn_events, rl_lat_pct(&r->lat, 50) * 1e3,
		        rl_lat_pct(&r->lat, 90) * 1e3, rl_lat_pct(&r->lat, 99) * 1e3,
		        rl_lat_pct(&r->lat, 100) * 1e3, r->unobserved);
	fprintf(out, "server peak memory (VmHWM): %s%.1f MiB\n", hwm < 0 ? "unknown " : "",
	        hwm < 0 ? 0.0 : (double)hwm / 1024.0);
	rl_report_driver(r, out);
	if (r->rss_capped)
		fprintf(out, "stopped: the server's RSS passed the cap of %ld MiB\n",
		        r->o.max_rss_mb);
	for (unsigned i = 0; i < r->np; i++)
		if (r->p[i].state == -1)
			fprintf(out, "peer %u (AS%u) lost: %s\n", i, r->p[i].asn, r->p[i].lost);
}

static json_t *rl_json_phase(const struct rl_phase *ph)
{
	return json_pack(
	    "{s:s, s:b, s:f, s:f, s:I, s:I, s:f, s:f, s:I, s:I, "
	    "s:{s:f, s:f, s:f, s:f, s:f, s:I}}",
	    "name", ph->name, "converged", ph->done, "seconds", ph->seconds, "learned_seconds",
	    ph->learned_s, "prefixes", (json_int_t)ph->prefixes, "bytes", (json_int_t)ph->bytes,
	    "learned_per_s", rl_rate(ph->prefixes, ph->learned_s), "readvertised_per_s",
	    rl_rate(ph->prefixes, ph->done ? ph->seconds : 0), "sink_holds", (json_int_t)ph->held,
	    "rss_kb", (json_int_t)ph->rss_kb, "driver", "written_seconds", ph->written_s,
	    "sent_seconds", ph->learned_s, "cpu_seconds", ph->cpu_s, "user_seconds", ph->user_s,
	    "sys_seconds", ph->sys_s, "writev", (json_int_t)ph->writes);
}

/* The run's totals: churn latencies, memory, sessions lost, the driver. */
static int rl_json_totals(json_t *doc, struct rl_run *r)
{
	long hwm = r->o.pid ? rl_proc_kb(r->o.pid, "VmHWM") : -1;
	unsigned lost = 0;

	for (unsigned i = 0; i < r->np; i++)
		lost += r->p[i].state == -1;
	return json_object_update_new(
	    doc, json_pack("{s:{s:I, s:I, s:I, s:f, s:f, s:f, s:f}, s:I, s:b, s:I, "
	                   "s:{s:f, s:f, s:I, s:I, s:I}}",
	                   "churn", "flaps", (json_int_t)r->churn_events, "seen",
	                   (json_int_t)r->lat.n, "not_seen", (json_int_t)r->unobserved, "p50_ms",
	                   rl_lat_pct(&r->lat, 50) * 1e3, "p90_ms", rl_lat_pct(&r->lat, 90) * 1e3,
	                   "p99_ms", rl_lat_pct(&r->lat, 99) * 1e3, "max_ms",
	                   rl_lat_pct(&r->lat, 100) * 1e3, "peak_rss_kb", (json_int_t)hwm,
	                   "rss_capped", r->rss_capped, "sessions_lost", (json_int_t)lost, "driver",
	                   "encode_seconds", r->encode_s, "encode_cpu_seconds", r->encode_cpu_s,
	                   "sent_bytes", (json_int_t)r->sent_bytes, "writev", (json_int_t)r->writes,
	                   "epoll_wait", (json_int_t)r->waits));
}

/* The results as JSON through jansson (the label is the user's text:
 * escaped, and refused at the command line when it is not UTF-8). */
int rl_report_json(struct rl_run *r, const char *path)
{
	json_t *phases = json_array();
	json_t *doc = json_pack(
	    "{s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:b, s:[i, i], s:{s:i, s:i, s:f}, s:o}", "label",
	    r->o.label, "preset", r->o.preset ? r->o.preset : "", "server", r->o.server, "port",
	    (int)r->o.port, "peers", (int)r->o.peers, "prefixes", (int)r->o.prefixes, "sinks",
	    (int)(r->np - r->o.peers), "overlap", (int)r->o.overlap, "aspath", (int)r->o.path_min,
	    (int)r->o.path_max, "setup", "up", (int)r->setup_up, "of", (int)r->np, "seconds",
	    r->setup_s, "phases", phases);
	int bad = doc == NULL;

	for (unsigned i = 0; !bad && i < r->nph; i++)
		bad = json_array_append_new(phases, rl_json_phase(&r->ph[i]));
	bad = bad || rl_json_totals(doc, r) || json_dump_file(doc, path, JSON_INDENT(1));
	json_decref(doc);
	return bad ? -1 : 0;
}
