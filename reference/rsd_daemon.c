/* rsd_daemon.c: the daemon's life: configuration, both instances (each its
 * own listening socket, attribute table and RIB), the main loop, and the
 * orderly shutdown (Cease 6/2 to every peer). The peer slots are in
 * rsd_peer.c. */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rsd_daemon.h"

static void rsd_path_beside(const char *cfg, const char *name, const char *dflt, char *out,
                            size_t cap)
{
	const char *n = name && name[0] ? name : dflt;
	if (n[0] == '/' || strcmp(n, "-") == 0) {
		snprintf(out, cap, "%s", n);
		return;
	}
	const char *slash = strrchr(cfg, '/');
	if (!slash)
		snprintf(out, cap, "%s", n);
	else
		snprintf(out, cap, "%.*s/%s", (int)(slash - cfg), cfg, n);
}

int rsd_daemon_init(struct rsd_daemon *d, const char *cfg_path, char *err, size_t errcap)
{
	memset(d, 0, sizeof(*d));
	d->ctl_fd = d->sig_fd = -1;
	d->inst[0].lfd = d->inst[1].lfd = -1;
	d->inst[0].bfd_fd = d->inst[1].bfd_fd = -1;
	d->loop.epfd = -1;
	snprintf(d->cfg_path, sizeof(d->cfg_path), "%s", cfg_path);
	d->cfg = calloc(1, sizeof(*d->cfg));
	d->peers = calloc(RS_MAX_PEERS_HARD, sizeof(*d->peers));
	d->peer_cfg = calloc(RS_MAX_PEERS_HARD, sizeof(*d->peer_cfg));
	d->arena_mem = malloc(BGP_ARENA_SIZE);
	if (!d->cfg || !d->peers || !d->peer_cfg || !d->arena_mem) {
		snprintf(err, errcap, "out of memory");
		return -1;
	}
	bgp_arena_init(&d->arena, d->arena_mem, BGP_ARENA_SIZE);
	struct rs_config_error ce;
	memset(&ce, 0, sizeof(ce));
	rs_config_defaults(d->cfg);
	if (rs_config_load(cfg_path, d->cfg, &ce) < 0 ||
	    rs_config_check(d->cfg, cfg_path, &ce) < 0) {
		rs_config_error_format(&ce, err, errcap);
		return -1;
	}
	rsd_path_beside(cfg_path, d->cfg->control, "rs.sock", d->ctl_path, sizeof(d->ctl_path));
	rsd_path_beside(cfg_path, d->cfg->log, "-", d->log_path, sizeof(d->log_path));
	if (rsd_loop_init(&d->loop) < 0) {
		snprintf(err, errcap, "epoll: %s", strerror(errno));
		return -1;
	}
	static const char *roles[2] = {"IN_0", "IN_1"};
	static const char *jroles[2] = {"RouteServiceRole_IN_0", "RouteServiceRole_IN_1"};
	for (unsigned k = 0; k < 2; k++) {
		struct rsd_instance *in = &d->inst[k];
		in->d = d;
		in->idx = k;
		in->role = roles[k];
		in->role_json = jroles[k];
		in->attrs = rs_attrtab_new();
		in->rib = in->attrs ? rs_rib_new(in->attrs) : NULL;
		if (!in->rib) {
			snprintf(err, errcap, "out of memory");
			return -1;
		}
	}
	for (size_t i = 0; i < d->cfg->npeers; i++)
		rsd_peer_add(d, &d->cfg->peer[i]);
	return 0;
}

static int rsd_listen(struct rsd_daemon *d, struct rsd_instance *in, char *err, size_t errcap)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errcap, "socket: %s", strerror(errno));
		return -1;
	}
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(d->cfg->port)};
	sa.sin_addr.s_addr = htonl(d->cfg->inst[in->idx].listen);
	char a[16];
	bgp_addr_format_ipv4(d->cfg->inst[in->idx].listen, a, sizeof(a));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 64) < 0) {
		snprintf(err, errcap, "%s: listen on %s port %u: %s", in->role, a, d->cfg->port,
		         strerror(errno));
		close(fd);
		return -1;
	}
	in->lfd = fd;
	if (rsd_fault_md5_listen(d, in, err, errcap) < 0 ||
	    rsd_fault_bfd_open(d, in, err, errcap) < 0)
		return -1;
	return rsd_loop_add(&d->loop, &in->lev, fd, EPOLLIN, rsd_admit_accept, in);
}

static void rsd_signal_event(void *arg, uint32_t events)
{
	struct rsd_daemon *d = arg;
	struct signalfd_siginfo si;
	while (read(d->sig_fd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT)
			d->loop.stop = true;
}

/* SIGTERM and SIGINT through a signalfd watched by the loop. */
static int rsd_signals_open(struct rsd_daemon *d)
{
	sigset_t ss;
	sigemptyset(&ss);
	sigaddset(&ss, SIGTERM);
	sigaddset(&ss, SIGINT);
	sigprocmask(SIG_BLOCK, &ss, NULL);
	d->sig_fd = signalfd(-1, &ss, SFD_NONBLOCK | SFD_CLOEXEC);
	if (d->sig_fd < 0)
		return -1;
	return rsd_loop_add(&d->loop, &d->sig_ev, d->sig_fd, EPOLLIN, rsd_signal_event, d);
}

int rsd_daemon_after_fork(struct rsd_daemon *d)
{
	/* A signalfd in an epoll set wakes the process that registered it,
	 * not a child that inherited it: register a fresh one. */
	if (d->sig_fd >= 0) {
		rsd_loop_del(&d->loop, &d->sig_ev);
		close(d->sig_fd);
		d->sig_fd = -1;
	}
	return rsd_signals_open(d);
}

int rsd_daemon_start(struct rsd_daemon *d, char *err, size_t errcap)
{
	if (rsd_log_open(&d->log, d->log_path) < 0) {
		snprintf(err, errcap, "log %s: %s", d->log_path, strerror(errno));
		return -1;
	}
	signal(SIGPIPE, SIG_IGN);
	if (rsd_signals_open(d) < 0) {
		snprintf(err, errcap, "signalfd: %s", strerror(errno));
		return -1;
	}
	for (unsigned k = 0; k < 2; k++)
		if (rsd_listen(d, &d->inst[k], err, errcap) < 0)
			return -1;
	if (rsd_ctl_open(d, err, errcap) < 0)
		return -1;
	return 0;
}

void rsd_daemon_announce(struct rsd_daemon *d)
{
	char a0[16], a1[16];
	bgp_addr_format_ipv4(d->cfg->inst[0].addr, a0, sizeof(a0));
	bgp_addr_format_ipv4(d->cfg->inst[1].addr, a1, sizeof(a1));
	rsd_log_event(&d->log, "RS",
	              "event=start pid=%ld asn=%u profile=%s port=%u IN_0=%s IN_1=%s peers=%zu "
	              "time-scale=%g",
	              (long)getpid(), d->cfg->asn, d->cfg->profile->name, d->cfg->port, a0, a1,
	              d->cfg->npeers, d->cfg->timers.scale);
	for (size_t i = 0; i < RS_MAX_PEERS_HARD; i++)
		if (d->peers[i].used)
			for (unsigned k = 0; k < 2; k++)
				rsd_session_start(&d->peers[i].sess[k], 0);
}

void rsd_daemon_reap(struct rsd_daemon *d)
{
	while (d->dead) {
		struct rsd_conn *c = d->dead;
		d->dead = c->next_dead;
		rsd_buf_free(&c->rbuf);
		rsd_buf_free(&c->wq);
		free(c);
	}
}

/* Cease 6/2 to every peer with an OPEN exchanged; wait a bounded time for
 * the queues to drain. */
static void rsd_daemon_shutdown(struct rsd_daemon *d)
{
	d->stopping = true;
	for (size_t i = 0; i < RS_MAX_PEERS_HARD; i++) {
		if (!d->peers[i].used)
			continue;
		for (unsigned k = 0; k < 2; k++)
			rsd_session_stop(&d->peers[i].sess[k], BGP_ERR_CEASE,
			                 BGP_CEASE_ADMIN_SHUTDOWN, "administrative shutdown");
	}
	uint64_t deadline = rsd_now_ms() + 1000;
	while (d->all && rsd_now_ms() < deadline) {
		rsd_loop_once(&d->loop, 20);
		rsd_daemon_reap(d);
	}
}

int rsd_daemon_run(struct rsd_daemon *d)
{
	while (!d->loop.stop) {
		int n = rsd_loop_once(&d->loop, -1);
		uint64_t t0 = rsd_now_ms();
		while (n > 0 && !d->loop.stop && rsd_export_gather_more(d) &&
		       rsd_now_ms() - t0 < RSD_GATHER_MS)
			n = rsd_loop_once(&d->loop, 0);
		if (n < 0)
			return -1;
		rsd_export_flush(d);
		rsd_daemon_reap(d);
	}
	rsd_daemon_shutdown(d);
	rsd_log_event(&d->log, "RS", "event=stop reason=\"signal\"");
	return 0;
}

void rsd_daemon_free(struct rsd_daemon *d)
{
	rsd_ctl_close(d);
	if (d->peers) {
		for (size_t i = 0; i < RS_MAX_PEERS_HARD; i++) {
			struct rsd_peer *p = &d->peers[i];
			for (unsigned k = 0; k < 2 && p->sess[k].d; k++)
				rsd_timer_stop(&d->loop, &p->sess[k].retry_t);
		}
		d->stopping = true;
		while (d->all)
			rsd_conn_close(d->all, "exit");
		for (size_t i = 0; i < RS_MAX_PEERS_HARD; i++)
			for (unsigned k = 0; k < 2; k++)
				if (d->peers[i].sess[k].d)
					rsd_session_free(&d->peers[i].sess[k]);
	}
	rsd_daemon_reap(d);
	for (size_t i = 0; i < d->nfault_fds && i < 32; i++)
		close(d->fault_fds[i]); /* slots fill in order before they wrap */
	d->nfault_fds = 0;
	for (unsigned k = 0; k < 2; k++) {
		struct rsd_instance *in = &d->inst[k];
		if (in->lfd >= 0)
			close(in->lfd);
		if (in->bfd_fd >= 0)
			close(in->bfd_fd);
		if (in->rib)
			rs_rib_free(in->rib);
		if (in->attrs)
			rs_attrtab_free(in->attrs);
	}
	if (d->sig_fd >= 0)
		close(d->sig_fd);
	rsd_loop_free(&d->loop);
	rsd_log_close(&d->log);
	free(d->cfg);
	free(d->peers);
	free(d->peer_cfg);
	free(d->arena_mem);
	memset(d, 0, sizeof(*d));
}
