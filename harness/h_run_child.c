/* h_run_child.c: one case in its own child process (its own process group,
 * its own reference daemon, its own loopback addresses), and the result
 * handed back to the runner through a pipe. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "h_exec.h"
#include "h_run_int.h"
#include "h_server.h"

double h_run_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

void h_result_header(const struct h_case *c, unsigned attempt, struct h_case_result *r)
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

/* The system under test for this case: the target's addresses, or the
 * reference daemon started on the case's own loopback addresses. 0, or -1
 * with the reason in r; 1 when the case is already judged in r (a
 * configuration the reference must refuse, "server refused"). */
static int h_child_server(const struct h_run_opts *o, const struct h_item *it, struct h_server *srv,
                          struct h_exec_opts *eo, struct h_case_result *r, const char *rel,
                          const char *abs)
{
	char err[256];
	size_t s = it->slot;

	if (o->target) {
		const struct h_target *t = o->target;
		srv->listen[0] = t->listen[0];
		srv->listen[1] = t->listen[1];
		srv->inst_addr[0] = t->nexthop[0];
		srv->inst_addr[1] = t->nexthop[1];
		srv->port = t->port;
		srv->src_base = t->nva_base;
		srv->has_control = t->has_control;
		snprintf(srv->sock, sizeof(srv->sock), "%s", t->control);
		eo->scale = t->scale;
		eo->server_hold = t->hold;
		eo->target = t;
		if (!it->c->server.refused_rule[0])
			return 0;
		/* a target's configuration is its own */
		r->verdict = H_SKIP;
		snprintf(r->reason, sizeof(r->reason),
		         "a refused configuration is judged on the reference only");
		return 1;
	}
	/* 127.B.C.0/24 per case: B from the run's claimed block, so that two runs
	 * on one machine do not meet, C from the case's slot */
	uint32_t b = it->block + (uint32_t)(s / 250) % 2;
	uint32_t base = (127u << 24) | (b << 16) | ((uint32_t)(s % 250 + 1) << 8);
	srv->src_base = base;
	srv->listen[0] = base + 4;
	srv->listen[1] = base + 5;
	srv->inst_addr[0] = 0x0A00FF04; /* 10.0.255.4 */
	srv->inst_addr[1] = 0x0A00FF05;
	srv->port = o->port;
	srv->has_control = true;
	snprintf(srv->sock, sizeof(srv->sock), "%s/rscert-%d-%zu.sock", P_tmpdir, (int)getppid(),
	         s);
	snprintf(srv->conf, sizeof(srv->conf), "%s/rs.conf", abs);
	snprintf(srv->log, sizeof(srv->log), "%s/server.log", abs);
	snprintf(r->serverlog, sizeof(r->serverlog), "%.200s/server.log", rel);
	unlink(srv->log);
	if (it->c->server.refused_rule[0] &&
	    !h_server_config(it->c, srv, o->scale, o->fault, srv->conf, err, sizeof(err))) {
		h_config_refused(it->c, srv, o->rsd, r);
		return 1;
	}
	if (h_server_config(it->c, srv, o->scale, o->fault, srv->conf, err, sizeof(err)) ||
	    h_server_start(srv, o->rsd, 5.0, err, sizeof(err))) {
		r->verdict = H_ERROR;
		snprintf(r->reason, sizeof(r->reason), "%s", err);
		return -1;
	}
	return 0;
}

/* A known deviation of the target: FAIL becomes XFAIL, PASS XPASS. */
static void h_child_xfail(const struct h_run_opts *o, const struct h_item *it,
                          struct h_case_result *r)
{
	const char *xf = o->target ? h_target_xfail(o->target, it->c->id) : NULL;

	if (xf && r->verdict == H_FAIL) {
		size_t l = strlen(r->reason);
		r->verdict = H_XFAIL;
		snprintf(r->reason + l, sizeof(r->reason) - l, " [known deviation: %s]", xf);
	} else if (xf && r->verdict == H_PASS) {
		r->verdict = H_XPASS;
		snprintf(r->reason, sizeof(r->reason), "declared deviation did not occur: %s", xf);
	}
}

/* The result, then its events and latencies, through the pipe. */
static void h_child_send(struct h_case_result *r, int fd)
{
	struct h_event *ev = r->events;
	double *lat = r->latency;
	size_t ne = r->nevents, nl = r->nlatency, i;

	r->events = NULL;
	r->latency = NULL;
	if (write(fd, r, sizeof(*r)) < 0)
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

/* In the child: run one case, write the result to fd. */
static void h_child(const struct h_run_opts *o, const struct h_item *it, int fd)
{
	struct h_case_result r;
	struct h_server srv;
	struct h_exec_opts eo = {0};
	char rel[200], abs[400];
	double t0 = h_run_now();

	h_result_header(it->c, it->attempt, &r);
	h_case_paths(o, it, rel, sizeof(rel), abs, sizeof(abs));
	h_mkdirs(abs);
	memset(&srv, 0, sizeof(srv));
	eo.scale = o->scale;
	eo.server_hold = it->c->server.hold;
	eo.case_dir = abs;
	eo.case_rel = rel;
	if (!h_child_server(o, it, &srv, &eo, &r, rel, abs)) {
		h_exec_case(it->c, &srv, &eo, &r);
		h_child_xfail(o, it, &r);
	}
	r.seconds = h_run_now() - t0;
	h_child_send(&r, fd);
	/* hand the result over first; the daemon's shutdown is not the case's time */
	close(fd);
	h_server_stop(&srv);
	if (!o->target)
		unlink(srv.sock);
}

int h_decode_child(struct h_item *it, struct h_case_result *r)
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

/* The child: its own process group (the runner stops it and its daemon
 * as one), the default signal actions, and killed when the runner dies
 * (a runner killed by SIGKILL cannot stop anything itself). */
static void h_child_detach(pid_t runner)
{
	setpgid(0, 0);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != runner)
		_exit(3); /* the runner died before prctl */
}

int h_start_item(const struct h_run_opts *o, struct h_item *it)
{
	pid_t runner = getpid();
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
		h_child_detach(runner);
		h_child(o, it, p[1]);
		_exit(0);
	}
	setpgid(it->pid, it->pid);
	close(p[1]);
	it->fd = p[0];
	it->started = h_run_now();
	it->deadline =
	    it->started + 8.0 + h_case_budget(it->c, o->target ? o->target->scale : o->scale);
	return 0;
}
