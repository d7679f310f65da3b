/* h_nva_world.c: the fake NVAs of one case, their poll loop and the
 * evidence files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ev_pcap.h"
#include "ev_wirelog.h"
#include "h_nva_int.h"

static int h_sess_init(struct h_nva *n, int k)
{
	struct h_sess *s = &n->s[k];

	s->nva = n;
	s->inst = k;
	s->fd = -1;
	s->rxb = malloc(H_RXBUF);
	s->flow = calloc(1, sizeof(struct ev_flow));
	return s->rxb && s->flow ? 0 : -1;
}

static int h_world_alloc(struct h_world *w)
{
	w->nva = calloc(w->n ? w->n : 1, sizeof(*w->nva));
	w->pfd = calloc(2 * w->n + 1, sizeof(*w->pfd));
	w->ps = calloc(2 * w->n + 1, sizeof(*w->ps));
	return w->nva && w->pfd && w->ps ? 0 : -1;
}

struct h_world *h_world_new(const struct h_case *c, const struct h_world_cfg *cfg, char *err,
                            size_t errcap)
{
	struct h_world *w = calloc(1, sizeof(*w));
	size_t i;

	if (!w) {
		snprintf(err, errcap, "out of memory");
		return NULL;
	}
	w->c = c;
	w->cfg = *cfg;
	w->n = c->nnvas;
	w->server_asn = 65515;
	h_ts_now(&w->start);
	if (h_world_alloc(w))
		goto oom;
	for (i = 0; i < w->n; i++) {
		struct h_nva *n = &w->nva[i];

		n->w = w;
		n->spec = &c->nvas[i];
		n->idx = (int)i;
		n->src = cfg->src_base + 10 + (uint32_t)i;
		if (h_sess_init(n, 0) || h_sess_init(n, 1))
			goto oom;
		h_nva_fib_init(n);
		h_store_reach(n);
	}
	return w;
oom:
	snprintf(err, errcap, "out of memory");
	h_world_free(w);
	return NULL;
}

void h_world_evidence(struct h_world *w, const char *pcap_path, const char *wirelog_path)
{
	char err[128];

	if (pcap_path)
		w->pcap = ev_pcap_open(pcap_path, err, sizeof(err));
	if (wirelog_path)
		w->wl = ev_wirelog_open(wirelog_path, &w->start, err, sizeof(err));
}

static void h_sess_free(struct h_sess *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	h_store_free(s);
	free(s->rxb);
	free(s->txb);
	free(s->out);
	free(s->flow);
	free(s->pre);
}

void h_world_free(struct h_world *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; w->nva && i < w->n; i++) {
		h_sess_free(&w->nva[i].s[0]);
		h_sess_free(&w->nva[i].s[1]);
		h_fib_free(&w->nva[i].fib);
	}
	ev_pcap_close(w->pcap);
	ev_wirelog_close(w->wl);
	free(w->events);
	free(w->hooks);
	free(w->nva);
	free(w->pfd);
	free(w->ps);
	free(w);
}

const char *h_world_error(const struct h_world *w)
{
	return w->err;
}

struct h_event *h_world_take_events(struct h_world *w, size_t *n)
{
	struct h_event *e = w->events;

	*n = w->nevents;
	w->events = NULL;
	w->nevents = w->capevents = 0;
	return e;
}

int h_world_add_rx_hook(struct h_world *w, h_rx_hook fn, void *arg)
{
	struct h_hook *m = realloc(w->hooks, (w->nhooks + 1) * sizeof(*m));

	if (!m)
		return -1;
	w->hooks = m;
	w->hooks[w->nhooks++] = (struct h_hook){fn, arg};
	return 0;
}

/* Run the timers of every session and collect the sockets to poll; returns
 * their number and lowers *next to the earliest timer. */
static size_t h_world_collect(struct h_world *w, double now, double *next)
{
	size_t np = 0, i;

	for (i = 0; i < w->n; i++) {
		int k;
		for (k = 0; k < 2; k++) {
			struct h_sess *s = &w->nva[i].s[k];
			double t = h_sess_timers(s, now);
			if (t < *next)
				*next = t;
			if (s->fd < 0)
				continue;
			w->pfd[np].fd = s->fd;
			w->pfd[np].events = s->state == H_SS_CONNECTING
			                        ? POLLOUT
			                        : (short)(POLLIN | (s->txn ? POLLOUT : 0));
			w->pfd[np].revents = 0;
			w->ps[np++] = s;
		}
	}
	return np;
}

void h_world_step(struct h_world *w, double until)
{
	double now = h_world_now(w);
	double next = until;
	size_t np = h_world_collect(w, now, &next), i;
	int timeout = (int)ceil((next - now) * 1000.0);

	if (timeout < 0)
		timeout = 0;
	if (timeout > 50)
		timeout = 50;
	int ready = poll(w->pfd, np, timeout);

	now = h_world_now(w);
	for (i = 0; i < np; i++)
		if (w->ps[i]->fd == w->pfd[i].fd && (ready <= 0 || !(w->pfd[i].revents & POLLIN)))
			w->ps[i]->t_empty = now;
	if (ready <= 0)
		return;
	for (i = 0; i < np; i++) {
		struct h_sess *s = w->ps[i];
		if (s->fd != w->pfd[i].fd || !w->pfd[i].revents)
			continue;
		if (s->state == H_SS_CONNECTING) {
			h_sess_connected(s);
			continue;
		}
		if (w->pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
			h_sess_read(s);
		if (s->fd >= 0 && (w->pfd[i].revents & POLLOUT))
			h_sess_flush(s);
	}
}
