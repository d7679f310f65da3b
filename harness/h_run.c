/* h_run.c: run the selected cases in parallel child processes
 * (h_run_child.c), each with its own reference daemon on its own loopback
 * addresses; a case that overruns its deadline is killed and is an ERROR.
 * SIGINT or SIGTERM stops every case (its process group, with its daemon)
 * and leaves a partial result: the cases cut short are ERROR "interrupted". */
#define _GNU_SOURCE
#include "h_run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cl_opt.h"
#include "h_baseline.h"
#include "h_report.h"
#include "h_run_int.h"

void h_run_result_free(struct h_run_result *r)
{
	size_t i;

	for (i = 0; i < r->ncases; i++) {
		free(r->cases[i].events);
		free(r->cases[i].latency);
	}
	free(r->cases);
	r->cases = NULL;
	r->ncases = 0;
}

static uint64_t h_rand(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static void h_finish_item(const struct h_run_opts *o, struct h_item *it, struct h_case_result *r,
                          bool timed_out)
{
	int st = 0;

	if (timed_out) {
		kill(-it->pid, SIGKILL);
		kill(it->pid, SIGKILL);
	}
	waitpid(it->pid, &st, 0);
	/* whatever the case left behind in its process group (its daemon) */
	kill(-it->pid, SIGKILL);
	close(it->fd);
	if (timed_out || h_decode_child(it, r)) {
		h_result_header(it->c, it->attempt, r);
		r->verdict = H_ERROR;
		r->seconds = h_run_now() - it->started;
		if (timed_out)
			snprintf(r->reason, sizeof(r->reason),
			         "the case did not finish within its deadline of %.1fs (hung)",
			         it->deadline - it->started);
		else
			snprintf(r->reason, sizeof(r->reason),
			         "the case's process ended without a result (%s %d)",
			         WIFSIGNALED(st) ? "signal" : "status",
			         WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
		/* a killed case may leave its daemon: its process group is gone too */
		kill(-it->pid, SIGKILL);
	}
	free(it->buf);
	it->buf = NULL;
	it->done = true;
	(void)o;
}

static bool h_immediate(const struct h_run_opts *o, struct h_item *it, struct h_case_result *r)
{
	char buf[256];
	const char *why;

	if (it->c->error[0]) {
		h_result_header(it->c, it->attempt, r);
		r->verdict = H_ERROR;
		snprintf(r->reason, sizeof(r->reason), "%s", it->c->error);
		{
			const char *colon = strchr(it->c->error, ':');
			if (colon)
				r->failed_line = (unsigned)strtoul(colon + 1, NULL, 10);
		}
		return true;
	}
	if (o->target && (why = h_target_skip(o->target, it->c, buf, sizeof(buf)))) {
		h_result_header(it->c, it->attempt, r);
		r->verdict = H_SKIP;
		snprintf(r->reason, sizeof(r->reason), "%s", why);
		return true;
	}
	return false;
}

/* The time a case surely takes: its observed intervals and hold-time waits. */
static double h_case_floor(const struct h_case *c, double scale)
{
	double t = 0;
	size_t i, j;

	for (i = 0; i < c->nsteps; i++)
		for (j = 0; j < c->steps[i].nalt; j++) {
			const struct h_alt *a = &c->steps[i].alt[j];
			if (a->negative || a->dur.xhold || a->what == H_E_FLAPS)
				t += h_dur_seconds(&a->dur, 180, scale) / (a->negative ? 1.0 : 2.0);
		}
	return t;
}

/* Longest first, so that the long cases do not end the run alone; then by
 * catalogue order. */
static int h_item_cmp_longest(const void *a, const void *b)
{
	const struct h_item *x = a, *y = b;
	double dx = h_case_floor(x->c, 0.005), dy = h_case_floor(y->c, 0.005);

	if (dx != dy)
		return dx > dy ? -1 : 1;
	return strcmp(x->c->id, y->c->id);
}

int h_run_claim_block(unsigned *block)
{
	unsigned start = (unsigned)getpid() % 117;

	for (unsigned k = 0; k < 117; k++) {
		unsigned b = 20 + ((start + k) % 117) * 2;
		char path[128];
		int fd;

		if (b == 120) /* tests/daemon/realpeer.sh uses 127.120.0.0/16 */
			continue;
		snprintf(path, sizeof(path), "%s/rscert-block-%u.lock", P_tmpdir, b);
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			*block = b;
			return fd;
		}
		close(fd);
	}
	return -1;
}

static volatile sig_atomic_t h_run_signal;

static void h_run_on_signal(int sig)
{
	h_run_signal = sig;
}

/* SIGINT and SIGTERM end the run in order (no SA_RESTART: poll returns). */
static void h_run_catch(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h_run_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

struct h_runner {
	const struct h_run_opts *o;
	struct h_run_result *rr;
	struct h_item *items;
	size_t n, next, running, done;
	unsigned jobs;
	double gap_until; /* a target's case-gap after the last case that ran */
};

static struct h_case_result *h_runner_slot(struct h_runner *x)
{
	return &x->rr->cases[x->rr->ncases++];
}

static void h_runner_report(struct h_runner *x, struct h_case_result *r)
{
	x->done++;
	if (x->o->baseline)
		h_baseline_apply_one(x->o->baseline, r);
	if (!x->o->quiet)
		h_report_console_case(stdout, r, x->rr->ncases - 1, x->n);
}

/* The items in the order they run: shuffled by the seed (or when repeated),
 * else longest first. */
static int h_runner_items(struct h_runner *x, const struct h_catalogue *cat, unsigned rep,
                          unsigned block)
{
	size_t k = 0, i;
	unsigned a;

	x->items = calloc(x->n ? x->n : 1, sizeof(*x->items));
	if (!x->items)
		return -1;
	for (a = 1; a <= rep; a++)
		for (i = 0; i < cat->n; i++)
			if (h_selected(cat->cases[i], x->o)) {
				x->items[k].c = cat->cases[i];
				x->items[k].attempt = a;
				x->items[k].fd = -1;
				k++;
			}
	if (x->o->seeded || rep > 1) {
		uint64_t s = x->o->seed ? x->o->seed : 0x9E3779B97F4A7C15ull;
		for (i = x->n; i > 1; i--) {
			size_t j = (size_t)(h_rand(&s) % i);
			struct h_item t = x->items[i - 1];
			x->items[i - 1] = x->items[j];
			x->items[j] = t;
		}
	} else {
		qsort(x->items, x->n, sizeof(*x->items), h_item_cmp_longest);
	}
	for (i = 0; i < x->n; i++) {
		x->items[i].slot = i;
		x->items[i].block = block;
	}
	return 0;
}

/* Start cases until jobs run (or the target needs its gap). */
static void h_runner_fill(struct h_runner *x)
{
	while (x->next < x->n && x->running < x->jobs) {
		struct h_item *it = &x->items[x->next++];
		struct h_case_result *r = &x->rr->cases[x->rr->ncases];

		if (h_immediate(x->o, it, r)) {
			it->done = true;
			x->rr->ncases++;
			h_runner_report(x, r);
			continue;
		}
		if (x->o->target && h_run_now() < x->gap_until) {
			x->next--; /* the target is not ready for the next session yet */
			break;
		}
		if (h_start_item(x->o, it)) {
			h_result_header(it->c, it->attempt, r);
			r->verdict = H_ERROR;
			snprintf(r->reason, sizeof(r->reason), "cannot fork: %s", strerror(errno));
			it->done = true;
			x->rr->ncases++;
			h_runner_report(x, r);
			continue;
		}
		x->running++;
	}
}

/* Read what a child wrote; true at its end of file. */
static bool h_item_read(struct h_item *it)
{
	ssize_t k;

	if (it->n + 65536 > it->cap) {
		size_t cap = it->cap ? it->cap * 2 : 262144;
		char *m;
		while (cap < it->n + 65536)
			cap *= 2;
		m = realloc(it->buf, cap);
		if (m) {
			it->buf = m;
			it->cap = cap;
		}
	}
	k = it->cap > it->n ? read(it->fd, it->buf + it->n, it->cap - it->n) : 0;
	if (k > 0)
		it->n += (size_t)k;
	return k == 0 || (k < 0 && errno != EINTR && errno != EAGAIN);
}

/* Wait up to 100 ms for the running cases; collect those that ended or
 * overran their deadline. */
static void h_runner_poll(struct h_runner *x)
{
	struct pollfd pfd[64];
	size_t map[64], np = 0, i;
	double now;

	for (i = 0; i < x->n && np < 64; i++)
		if (x->items[i].pid > 0 && !x->items[i].done) {
			pfd[np].fd = x->items[i].fd;
			pfd[np].events = POLLIN;
			map[np++] = i;
		}
	if (poll(pfd, np, 100) < 0)
		return; /* a signal: the caller looks at it */
	now = h_run_now();
	for (i = 0; i < np; i++) {
		struct h_item *it = &x->items[map[i]];
		bool eof = pfd[i].revents && h_item_read(it);
		struct h_case_result *r;

		if (!eof && now <= it->deadline)
			continue;
		r = h_runner_slot(x);
		h_finish_item(x->o, it, r, !eof);
		if (x->o->target)
			x->gap_until = h_run_now() + x->o->target->case_gap;
		x->running--;
		h_runner_report(x, r);
	}
}

/* SIGINT/SIGTERM: every running case's process group gets SIGTERM (its
 * daemon shuts its sessions down in order), then SIGKILL after a grace
 * period; the running and the cases not started are ERROR "interrupted". */
static void h_runner_stop(struct h_runner *x, int sig)
{
	double end = h_run_now() + 2.0;
	size_t i;

	for (i = 0; i < x->n; i++)
		if (x->items[i].pid > 0 && !x->items[i].done)
			kill(-x->items[i].pid, SIGTERM);
	for (i = 0; i < x->n; i++) {
		struct h_item *it = &x->items[i];
		struct h_case_result *r;

		if (it->done)
			continue;
		if (it->pid > 0) {
			while (waitpid(it->pid, NULL, WNOHANG) == 0 && h_run_now() < end)
				usleep(10000);
			kill(-it->pid, SIGKILL);
			waitpid(it->pid, NULL, 0);
			/* its daemon, now init's child, is gone once the group is */
			while (kill(-it->pid, 0) == 0 && h_run_now() < end + 1.0)
				usleep(10000);
			close(it->fd);
			free(it->buf);
			it->buf = NULL;
		}
		r = h_runner_slot(x);
		h_result_header(it->c, it->attempt, r);
		r->verdict = H_ERROR;
		snprintf(r->reason, sizeof(r->reason), "interrupted (%s)%s", strsignal(sig),
		         it->pid > 0 ? "" : " before it started");
		if (it->pid > 0)
			r->seconds = h_run_now() - it->started;
		it->done = true;
		h_runner_report(x, r);
	}
	x->rr->interrupted = sig;
}

/* A path as an absolute one when it can be resolved, else as given. */
static void h_run_abs(const char *path, char *out, size_t cap)
{
	char *abs = realpath(path, NULL);

	snprintf(out, cap, "%s", abs ? abs : path);
	free(abs);
}

/* What the reports need to re-create the run. */
static void h_run_header(const struct h_run_opts *o, struct h_run_result *rr, unsigned rep)
{
	snprintf(rr->version, sizeof(rr->version), "%s", cl_version_string());
	snprintf(rr->commit, sizeof(rr->commit), "%s", cl_commit());
	snprintf(rr->target, sizeof(rr->target), "%s",
	         o->target ? (o->target->description[0] ? o->target->description : o->target->name)
	                   : "reference (rscert-rsd)");
	if (o->target_path)
		h_run_abs(o->target_path, rr->profile, sizeof(rr->profile));
	else
		snprintf(rr->profile, sizeof(rr->profile), "faq-2021-02");
	h_run_abs(o->cases_dir, rr->cases_dir, sizeof(rr->cases_dir));
	snprintf(rr->fault, sizeof(rr->fault), "%s", o->fault ? o->fault : "");
	rr->time_scale = o->target ? o->target->scale : o->scale;
	rr->port = o->target ? 0 : o->port;
	rr->argv = o->argv;
	rr->seed = o->seed;
	rr->repeat = rep;
	rr->started = h_run_now();
	rr->allow_empty = o->allow_empty;
}

int h_run(const struct h_catalogue *cat, const struct h_run_opts *o, struct h_run_result *rr)
{
	unsigned block = 20;
	int block_fd = o->target ? -1 : h_run_claim_block(&block);
	unsigned rep = o->repeat ? o->repeat : 1;
	struct h_runner x = {.o = o, .rr = rr, .jobs = o->jobs ? o->jobs : 1};
	size_t i;

	memset(rr, 0, sizeof(*rr));
	for (i = 0; i < cat->n; i++)
		if (h_selected(cat->cases[i], o))
			x.n += rep;
	rr->cases = calloc(x.n ? x.n : 1, sizeof(*rr->cases));
	if (!rr->cases || h_runner_items(&x, cat, rep, block)) {
		free(rr->cases);
		rr->cases = NULL;
		if (block_fd >= 0)
			close(block_fd);
		return -1;
	}
	h_run_header(o, rr, rep);
	rr->selected = x.n;
	if (o->target)
		x.jobs = 1; /* the target's NVA peers are shared */
	h_run_catch();
	while (x.done < x.n) {
		if (h_run_signal) {
			h_runner_stop(&x, h_run_signal);
			break;
		}
		h_runner_fill(&x);
		if (x.done < x.n)
			h_runner_poll(&x);
	}
	rr->seconds = h_run_now() - rr->started;
	if (block_fd >= 0)
		close(block_fd);
	free(x.items);
	return 0;
}
