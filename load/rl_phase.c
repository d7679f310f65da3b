/* rl_phase.c: the phases of a run: establish, bulk announce or withdraw
 * (convergence), churn (flaps at a rate, latency at the sinks). */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "rl.h"

static int rl_lost_any(const struct rl_run *r)
{
	if (r->rss_capped)
		return 1;
	for (unsigned i = 0; i < r->np; i++)
		if (r->p[i].state == -1)
			return 1;
	return 0;
}

static void rl_tick(struct rl_run *r, const char *phase)
{
	double now = rl_now();

	if (r->o.progress > 0 && now >= r->next_progress) {
		r->next_progress = now + r->o.progress;
		rl_progress(r, phase);
	}
	if (r->o.max_rss_mb > 0 && r->o.pid && now >= r->next_rss) {
		long kb = rl_proc_kb(r->o.pid, "VmRSS");

		r->next_rss = now + 0.2;
		if (kb > r->o.max_rss_mb * 1024 && !r->rss_capped) {
			r->rss_capped = true;
			fprintf(stderr,
			        "rscert-load: server RSS %ld MiB passed the cap of %ld MiB\n",
			        kb / 1024, r->o.max_rss_mb);
		}
	}
	if (r->csv != NULL && now >= r->next_sample) {
		r->next_sample = now + r->o.sample;
		rl_sample(r);
	}
}

int rl_phase_establish(struct rl_run *r)
{
	double t0 = rl_now(), deadline = t0 + r->o.setup_timeout;

	for (;;) {
		unsigned up = 0;

		for (unsigned i = 0; i < r->np; i++)
			up += r->p[i].state == 3;
		r->setup_up = up;
		r->setup_s = rl_now() - t0;
		if (up == r->np)
			return 0;
		/* a server still starting may drop connections: try again */
		for (unsigned i = 0; i < r->np && !r->rss_capped; i++)
			if (r->p[i].state == -1 && rl_reconnect(r, &r->p[i]) < 0)
				return -1;
		if (rl_start_more(r, RL_INFLIGHT) < 0)
			return -1;
		if (r->rss_capped || rl_now() > deadline) {
			fprintf(stderr, "rscert-load: %u of %u sessions established\n", up, r->np);
			return -1;
		}
		if (rl_poll(r, 10) < 0)
			return -1;
		rl_tick(r, "establish");
	}
}

static struct rl_phase *rl_phase_new(struct rl_run *r, const char *name)
{
	struct rl_phase *ph = &r->ph[r->nph++];

	memset(ph, 0, sizeof(*ph));
	ph->name = name;
	return ph;
}

static size_t rl_sinks_min(const struct rl_run *r)
{
	size_t min = (size_t)-1;

	for (unsigned i = r->o.peers; i < r->np; i++)
		if (r->p[i].nheld < min)
			min = r->p[i].nheld;
	return r->np > r->o.peers ? min : 0;
}

static int rl_sinks_hold(const struct rl_run *r, size_t want)
{
	for (unsigned i = r->o.peers; i < r->np; i++)
		if (r->p[i].nheld != want)
			return 0;
	return 1;
}

/* Every feeder's bulk stream and queued messages were handed to the kernel. */
static int rl_all_written(const struct rl_run *r)
{
	for (unsigned i = 0; i < r->o.peers; i++) {
		const struct rl_peer *p = &r->p[i];

		if (p->state >= 0 && (p->bulk_off < p->bulk_len || p->dyn_off < p->dyn_len))
			return 0;
	}
	return 1;
}

static int rl_all_sent(const struct rl_run *r)
{
	for (unsigned i = 0; i < r->o.peers; i++)
		if (rl_outq(&r->p[i]) > 0)
			return 0;
	return 1;
}

static double rl_tv(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

struct rl_cost {
	double cpu;
	struct rusage ru;
	uint64_t writes;
};

static void rl_cost_take(const struct rl_run *r, struct rl_cost *c)
{
	c->cpu = rl_cpu_now();
	getrusage(RUSAGE_SELF, &c->ru);
	c->writes = r->writes;
}

/* What the phase cost the driver since c0. */
static void rl_cost_since(const struct rl_run *r, const struct rl_cost *c0, struct rl_phase *ph)
{
	struct rl_cost c;

	rl_cost_take(r, &c);
	ph->cpu_s = c.cpu - c0->cpu;
	ph->user_s = rl_tv(c.ru.ru_utime) - rl_tv(c0->ru.ru_utime);
	ph->sys_s = rl_tv(c.ru.ru_stime) - rl_tv(c0->ru.ru_stime);
	ph->writes = c.writes - c0->writes;
}

int rl_phase_bulk(struct rl_run *r, const char *name, bool withdraw)
{
	struct rl_phase *ph = rl_phase_new(r, name);
	size_t want = withdraw ? 0 : r->want;
	bool sinks = r->np > r->o.peers;
	struct rl_cost c0;
	double t0, deadline, now;

	rl_cost_take(r, &c0);
	t0 = rl_now();
	deadline = t0 + r->o.timeout;

	for (unsigned f = 0; f < r->o.peers; f++) {
		struct rl_peer *p = &r->p[f];

		p->bulk = withdraw ? r->wd[f] : r->feed[f];
		p->bulk_len = withdraw ? r->wd_len[f] : r->feed_len[f];
		p->bulk_off = 0;
		ph->bytes += p->bulk_len;
		ph->prefixes += r->o.prefixes;
		rl_flush(r, p);
	}
	for (;;) {
		now = rl_now();
		if (ph->written_s == 0 && rl_all_written(r))
			ph->written_s = now - t0;
		if (ph->learned_s == 0 && ph->written_s > 0 && rl_all_sent(r)) {
			ph->learned_s = now - t0;
			rl_cost_since(r, &c0, ph);
		}
		if (ph->learned_s > 0 && rl_sinks_hold(r, want)) {
			ph->done = true;
			break;
		}
		if (now > deadline || rl_lost_any(r))
			break;
		/* without sinks only the send queues are awaited: look often */
		if (rl_poll(r, !sinks && ph->written_s > 0 ? 1 : 5) < 0)
			return -1;
		rl_tick(r, name);
	}
	ph->seconds = now - t0;
	if (ph->learned_s == 0)
		rl_cost_since(r, &c0, ph);
	ph->held = rl_sinks_min(r);
	ph->rss_kb = r->o.pid ? rl_proc_kb(r->o.pid, "VmRSS") : -1;
	return ph->done ? 0 : -1;
}

static int rl_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t rl_rand(struct rl_run *r)
{
	r->rng ^= r->rng << 13;
	r->rng ^= r->rng >> 7;
	r->rng ^= r->rng << 17;
	return r->rng;
}

/* Send the changes of one feeder: ks[0..n) are prefix indexes of it. */
static int rl_churn_send(struct rl_run *r, struct rl_peer *p, const uint32_t *ds, size_t n,
                         uint32_t *ks)
{
	size_t nw = 0, na = 0;

	/* withdrawals at the front of ks, announcements at the back */
	for (size_t i = 0; i < n; i++) {
		uint32_t k = r->o.overlap ? ds[i] : ds[i] % r->o.prefixes;

		if (r->ann[ds[i]])
			ks[n - 1 - na++] = k;
		else
			ks[nw++] = k;
	}
	if (rl_feed_queue(r, p, ks, nw, 1) < 0 || rl_feed_queue(r, p, ks + nw, na, 0) < 0)
		return -1;
	return 0;
}

/* Pick up to due prefixes that have no change pending, toggle them, send. */
static int rl_churn_batch(struct rl_run *r, size_t due, uint32_t *ds, uint32_t *ks)
{
	size_t n = 0, tries = due * 4 + 16;
	double now = rl_now();
	unsigned nsinks = r->np - r->o.peers;

	while (n < due && tries-- > 0) {
		uint32_t d = (uint32_t)(rl_rand(r) % r->distinct);

		if (r->sent_at[d] != 0)
			continue;
		r->ann[d] = !r->ann[d];
		r->sent_at[d] = now;
		r->waiting[d] = (uint16_t)nsinks;
		r->npending++;
		ds[n++] = d;
	}
	r->churn_events += n;
	qsort(ds, n, sizeof(*ds), rl_cmp_u32);
	if (r->o.overlap) {
		for (unsigned f = 0; f < r->o.peers; f++)
			if (rl_churn_send(r, &r->p[f], ds, n, ks) < 0)
				return -1;
		return 0;
	}
	for (size_t i = 0; i < n;) {
		unsigned f = ds[i] / r->o.prefixes;
		size_t j = i;

		while (j < n && ds[j] / r->o.prefixes == f)
			j++;
		if (rl_churn_send(r, &r->p[f], ds + i, j - i, ks) < 0)
			return -1;
		i = j;
	}
	return 0;
}

int rl_phase_churn(struct rl_run *r)
{
	struct rl_phase *ph = rl_phase_new(r, "churn");
	size_t batch_cap = (size_t)(r->o.churn_rate * 0.5) + 64;
	uint32_t *ds = malloc(batch_cap * sizeof(*ds)), *ks = malloc(batch_cap * sizeof(*ks));
	double t0 = rl_now(), end = t0 + r->o.churn_time, now = t0;
	int rc = -1;

	r->ann = malloc(r->distinct);
	r->sent_at = calloc(r->distinct, sizeof(*r->sent_at));
	r->waiting = calloc(r->distinct, sizeof(*r->waiting));
	if (ds == NULL || ks == NULL || r->ann == NULL || r->sent_at == NULL || r->waiting == NULL)
		goto out;
	memset(r->ann, 1, r->distinct);
	while ((now = rl_now()) < end && !rl_lost_any(r)) {
		double target = r->o.churn_rate * (now - t0);
		size_t due = target > (double)r->churn_events
		                 ? (size_t)(target - (double)r->churn_events)
		                 : 0;

		if (due > batch_cap)
			due = batch_cap;
		if (due > 0 && rl_churn_batch(r, due, ds, ks) < 0)
			goto out;
		if (rl_poll(r, 2) < 0)
			goto out;
		rl_tick(r, "churn");
	}
	/* settle: every change seen by every sink, or the timeout */
	end = rl_now() + r->o.timeout;
	while (r->npending > 0 && (now = rl_now()) < end && !rl_lost_any(r)) {
		if (rl_poll(r, 5) < 0)
			goto out;
		rl_tick(r, "settle");
	}
	now = rl_now();
	r->unobserved = r->npending;
	ph->done = r->npending == 0 && !rl_lost_any(r);
	rc = ph->done ? 0 : -1;
out:
	ph->seconds = now - t0;
	ph->prefixes = r->churn_events;
	ph->held = rl_sinks_min(r);
	ph->rss_kb = r->o.pid ? rl_proc_kb(r->o.pid, "VmRSS") : -1;
	free(ds);
	free(ks);
	return rc;
}
