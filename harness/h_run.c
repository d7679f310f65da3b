/* h_run.c: load the catalogue, select, and run cases in parallel child
 * processes, each with its own reference daemon on its own loopback
 * addresses; a case that overruns its deadline is killed and is an ERROR. */
#define _GNU_SOURCE
#include "h_run.h"

#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <fnmatch.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "h_exec.h"
#include "h_report.h"
#include "h_server.h"

static int h_cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int h_catalogue_load(const char *dir, struct h_catalogue *cat, char *err, size_t errcap)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	cat->n = 0;
	cat->cases = NULL;
	if (!d) {
		snprintf(err, errcap, "cannot read the catalogue %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".case") || e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **m = realloc(names, (cap ? cap * 2 : 64) * sizeof(*m));
			if (!m)
				break;
			names = m;
			cap = cap ? cap * 2 : 64;
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), h_cmp_name);
	cat->cases = calloc(n ? n : 1, sizeof(*cat->cases));
	for (i = 0; i < n; i++) {
		char path[1024];
		struct h_case *c = malloc(sizeof(*c));
		if (!c || !cat->cases) {
			free(c);
			free(names[i]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		h_case_load(path, c);
		if (!c->id[0]) {
			/* keep something to select and report by: the file's stem */
			snprintf(c->id, sizeof(c->id), "%.*s", (int)(strlen(names[i]) - 5),
				 names[i]);
		}
		cat->cases[cat->n++] = c;
		free(names[i]);
	}
	free(names);
	return 0;
}

void h_catalogue_free(struct h_catalogue *cat)
{
	size_t i;

	for (i = 0; i < cat->n; i++) {
		h_case_free(cat->cases[i]);
		free(cat->cases[i]);
	}
	free(cat->cases);
	cat->cases = NULL;
	cat->n = 0;
}

bool h_selected(const struct h_case *c, const struct h_run_opts *o)
{
	size_t i;
	bool ok = o->nkw == 0;

	for (i = 0; i < o->nkw && !ok; i++)
		if (h_case_has_keyword(c, o->kw[i]))
			ok = true;
	if (!ok)
		return false;
	if (!o->nglob)
		return true;
	for (i = 0; i < o->nglob; i++)
		if (!fnmatch(o->glob[i], c->id, 0))
			return true;
	return false;
}

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

static double h_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

static void h_mkdirs(const char *path)
{
	char buf[1024];
	size_t i;

	snprintf(buf, sizeof(buf), "%s", path);
	for (i = 1; buf[i]; i++) {
		if (buf[i] == '/') {
			buf[i] = '\0';
			mkdir(buf, 0755);
			buf[i] = '/';
		}
	}
	mkdir(buf, 0755);
}

struct h_item {
	const struct h_case *c;
	unsigned attempt;
	size_t slot;
	unsigned block; /* 127.block.0.0/15 belongs to this run */
	/* while running */
	pid_t pid;
	int fd;
	double deadline, started;
	char *buf;
	size_t n, cap;
	bool done;
};

static void h_result_header(const struct h_case *c, unsigned attempt, struct h_case_result *r)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "%s", c->id);
	snprintf(r->level, sizeof(r->level), "%s", c->level[0] ? c->level : "MUST");
	snprintf(r->title, sizeof(r->title), "%s", c->title[0] ? c->title : "(unreadable case)");
	snprintf(r->requirement, sizeof(r->requirement), "%s", c->requirement);
	snprintf(r->file, sizeof(r->file), "%s", c->file);
	r->attempt = attempt;
}

static void h_case_paths(const struct h_run_opts *o, const struct h_item *it, char *rel,
			 size_t relcap, char *abs, size_t abscap)
{
	if (o->repeat > 1)
		snprintf(rel, relcap, "cases/%s/run-%u", it->c->id, it->attempt);
	else
		snprintf(rel, relcap, "cases/%s", it->c->id);
	snprintf(abs, abscap, "%s/%s", o->out, rel);
}

/* In the child: run one case, write the result to fd. */
static void h_child(const struct h_run_opts *o, const struct h_item *it, int fd)
{
	struct h_case_result r;
	struct h_server srv;
	struct h_exec_opts eo = {0};
	char rel[200], abs[400], err[256];
	size_t s = it->slot;
	double t0 = h_now();
	size_t i;

	setpgid(0, 0);
	h_result_header(it->c, it->attempt, &r);
	h_case_paths(o, it, rel, sizeof(rel), abs, sizeof(abs));
	h_mkdirs(abs);
	memset(&srv, 0, sizeof(srv));
	eo.scale = o->scale;
	eo.server_hold = it->c->server.hold;
	eo.case_dir = abs;
	eo.case_rel = rel;
	if (o->target) {
		const struct h_target *t = o->target;
		srv.listen[0] = t->listen[0];
		srv.listen[1] = t->listen[1];
		srv.inst_addr[0] = t->nexthop[0];
		srv.inst_addr[1] = t->nexthop[1];
		srv.port = t->port;
		srv.src_base = t->nva_base;
		srv.has_control = t->has_control;
		snprintf(srv.sock, sizeof(srv.sock), "%s", t->control);
		eo.scale = t->scale;
		eo.server_hold = t->hold;
		eo.target = t;
	} else {
		/* 127.B.C.0/24 per case: B from the run (its pid), so that two runs on
		 * one machine do not meet, C from the case's slot */
		uint32_t b = it->block + (uint32_t)(s / 250) % 2;
		uint32_t base = (127u << 24) | (b << 16) | ((uint32_t)(s % 250 + 1) << 8);
		srv.src_base = base;
		srv.listen[0] = base + 4;
		srv.listen[1] = base + 5;
		srv.inst_addr[0] = 0x0A00FF04; /* 10.0.255.4 */
		srv.inst_addr[1] = 0x0A00FF05;
		srv.port = o->port;
		srv.has_control = true;
		snprintf(srv.sock, sizeof(srv.sock), "%s/rscert-%d-%zu.sock", P_tmpdir,
			 (int)getppid(), s);
		snprintf(srv.conf, sizeof(srv.conf), "%s/rs.conf", abs);
		snprintf(srv.log, sizeof(srv.log), "%s/server.log", abs);
		snprintf(r.serverlog, sizeof(r.serverlog), "%.200s/server.log", rel);
		unlink(srv.log);
		if (h_server_config(it->c, &srv, o->scale, o->fault, srv.conf, err, sizeof(err)) ||
		    h_server_start(&srv, o->rsd, 5.0, err, sizeof(err))) {
			r.verdict = H_ERROR;
			snprintf(r.reason, sizeof(r.reason), "%s", err);
			goto out;
		}
	}
	h_exec_case(it->c, &srv, &eo, &r);
	if (o->target) {
		const char *xf = h_target_xfail(o->target, it->c->id);
		if (xf && r.verdict == H_FAIL) {
			r.verdict = H_XFAIL;
			size_t l = strlen(r.reason);
			snprintf(r.reason + l, sizeof(r.reason) - l, " [known deviation: %s]", xf);
		} else if (xf && r.verdict == H_PASS) {
			r.verdict = H_XPASS;
			snprintf(r.reason, sizeof(r.reason), "declared deviation did not occur: %s",
				 xf);
		}
	}
out:
	r.seconds = h_now() - t0;
	{
		struct h_event *ev = r.events;
		double *lat = r.latency;
		size_t ne = r.nevents, nl = r.nlatency;
		r.events = NULL;
		r.latency = NULL;
		if (write(fd, &r, sizeof(r)) < 0)
			_exit(3);
		for (i = 0; i < ne; i += 256) {
			size_t k = ne - i < 256 ? ne - i : 256;
			if (write(fd, ev + i, k * sizeof(*ev)) < 0)
				_exit(3);
		}
		if (nl && write(fd, lat, nl * sizeof(*lat)) < 0)
			_exit(3);
		free(ev);
		free(lat);
	}
	/* hand the result over first; the daemon's shutdown is not the case's time */
	close(fd);
	h_server_stop(&srv);
	if (!o->target)
		unlink(srv.sock);
}

static int h_decode_child(struct h_item *it, struct h_case_result *r)
{
	size_t need;

	if (it->n < sizeof(*r))
		return -1;
	memcpy(r, it->buf, sizeof(*r));
	need = sizeof(*r) + r->nevents * sizeof(struct h_event) + r->nlatency * sizeof(double);
	if (it->n != need)
		return -1;
	r->events = r->nevents ? malloc(r->nevents * sizeof(struct h_event)) : NULL;
	r->latency = r->nlatency ? malloc(r->nlatency * sizeof(double)) : NULL;
	if ((r->nevents && !r->events) || (r->nlatency && !r->latency)) {
		free(r->events);
		free(r->latency);
		return -1;
	}
	if (r->nevents)
		memcpy(r->events, it->buf + sizeof(*r), r->nevents * sizeof(struct h_event));
	if (r->nlatency)
		memcpy(r->latency, it->buf + sizeof(*r) + r->nevents * sizeof(struct h_event),
		       r->nlatency * sizeof(double));
	return 0;
}

static int h_start_item(const struct h_run_opts *o, struct h_item *it)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC))
		return -1;
	fflush(NULL);
	it->pid = fork();
	if (it->pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (it->pid == 0) {
		close(p[0]);
		h_child(o, it, p[1]);
		_exit(0);
	}
	setpgid(it->pid, it->pid);
	close(p[1]);
	it->fd = p[0];
	it->started = h_now();
	it->deadline = it->started + 8.0 +
		       h_case_budget(it->c, o->target ? o->target->scale : o->scale);
	return 0;
}

static void h_finish_item(const struct h_run_opts *o, struct h_item *it,
			  struct h_case_result *r, bool timed_out)
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
		r->seconds = h_now() - it->started;
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
				t += h_dur_seconds(&a->dur, 180, scale) /
				     (a->negative ? 1.0 : 2.0);
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

int h_run(const struct h_catalogue *cat, const struct h_run_opts *o, struct h_run_result *rr)
{
	unsigned block = 20;
	int block_fd = o->target ? -1 : h_run_claim_block(&block);
	struct h_item *items;
	size_t nsel = 0, n, i, next = 0, running = 0, done = 0;
	unsigned rep = o->repeat ? o->repeat : 1;
	unsigned jobs = o->jobs ? o->jobs : 1;
	double t0 = h_now();
	double gap_until = 0; /* a target's case-gap after the last case that ran */

	memset(rr, 0, sizeof(*rr));
	for (i = 0; i < cat->n; i++)
		if (h_selected(cat->cases[i], o))
			nsel++;
	n = nsel * rep;
	items = calloc(n ? n : 1, sizeof(*items));
	rr->cases = calloc(n ? n : 1, sizeof(*rr->cases));
	if (!items || !rr->cases) {
		free(items);
		if (block_fd >= 0)
			close(block_fd);
		return -1;
	}
	snprintf(rr->target, sizeof(rr->target), "%s",
		 o->target ? (o->target->description[0] ? o->target->description
							: o->target->name)
			   : "reference (rscert-rsd)");
	snprintf(rr->profile, sizeof(rr->profile), "%s",
		 o->target_path ? o->target_path : "faq-2021-02");
	rr->seed = o->seed;
	rr->repeat = rep;
	rr->started = t0;
	rr->selected = n;
	{
		size_t k = 0;
		unsigned a;
		for (a = 1; a <= rep; a++)
			for (i = 0; i < cat->n; i++)
				if (h_selected(cat->cases[i], o)) {
					items[k].c = cat->cases[i];
					items[k].attempt = a;
					items[k].fd = -1;
					k++;
				}
	}
	if (o->seeded || rep > 1) {
		uint64_t s = o->seed ? o->seed : 0x9E3779B97F4A7C15ull;
		for (i = n; i > 1; i--) {
			size_t j = (size_t)(h_rand(&s) % i);
			struct h_item t = items[i - 1];
			items[i - 1] = items[j];
			items[j] = t;
		}
	}
	if (!(o->seeded || rep > 1))
		qsort(items, n, sizeof(*items), h_item_cmp_longest);
	for (i = 0; i < n; i++) {
		items[i].slot = i;
		items[i].block = block;
	}
	if (o->target)
		jobs = 1; /* the target's NVA peers are shared */
	while (done < n) {
		struct pollfd pfd[64];
		size_t map[64], np = 0;
		double now;

		while (next < n && running < jobs) {
			struct h_item *it = &items[next++];
			struct h_case_result *r = &rr->cases[rr->ncases];
			if (h_immediate(o, it, r)) {
				it->done = true;
				rr->ncases++;
				done++;
				if (!o->quiet)
					h_report_console_case(stdout, r, rr->ncases - 1, n);
				continue;
			}
			if (o->target && h_now() < gap_until) {
				next--; /* the target is not ready for the next session yet */
				break;
			}
			if (h_start_item(o, it)) {
				h_result_header(it->c, it->attempt, r);
				r->verdict = H_ERROR;
				snprintf(r->reason, sizeof(r->reason), "cannot fork: %s",
					 strerror(errno));
				it->done = true;
				rr->ncases++;
				done++;
				continue;
			}
			running++;
		}
		if (done >= n)
			break;
		for (i = 0; i < n && np < 64; i++)
			if (items[i].pid > 0 && !items[i].done) {
				pfd[np].fd = items[i].fd;
				pfd[np].events = POLLIN;
				map[np++] = i;
			}
		poll(pfd, np, 100);
		now = h_now();
		for (i = 0; i < np; i++) {
			struct h_item *it = &items[map[i]];
			bool eof = false;
			if (pfd[i].revents) {
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
				ssize_t k = it->cap > it->n ? read(it->fd, it->buf + it->n,
								   it->cap - it->n)
							    : 0;
				if (k > 0)
					it->n += (size_t)k;
				else if (k == 0 || errno != EINTR)
					eof = true;
			}
			if (eof || now > it->deadline) {
				struct h_case_result *r = &rr->cases[rr->ncases++];
				h_finish_item(o, it, r, !eof);
				if (o->target)
					gap_until = h_now() + o->target->case_gap;
				running--;
				done++;
				if (!o->quiet)
					h_report_console_case(stdout, r, rr->ncases - 1, n);
			}
		}
	}
	rr->seconds = h_now() - t0;
	if (block_fd >= 0)
		close(block_fd);
	free(items);
	return 0;
}
