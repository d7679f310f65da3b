/* h_nva.c: the fake NVA's sessions, its poll loop, timers and evidence. */
#include "h_nva.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp_codec.h"
#include "ev_pcap.h"
#include "ev_wirelog.h"
#include "h_wire.h"

#define H_RXBUF (BGP_EXT_MAX_LEN + 8192)
#define H_RETRY 0.1 /* seconds between reconnection attempts */

static const char *const h_inst_name[2] = {"IN_0", "IN_1"};

static void h_sess_close(struct h_sess *s, const char *why);
static void h_world_reach(struct h_world *w, struct h_nva *n);

const char *h_sess_state_name(enum h_sess_state st)
{
	switch (st) {
	case H_SS_IDLE:
		return "Idle";
	case H_SS_CONNECTING:
		return "Connect";
	case H_SS_OPENSENT:
		return "OpenSent";
	case H_SS_OPENCONFIRM:
		return "OpenConfirm";
	case H_SS_ESTABLISHED:
		return "Established";
	}
	return "?";
}

static void h_ts_now(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
}

double h_world_now(const struct h_world *w)
{
	struct timespec ts;

	h_ts_now(&ts);
	return (double)(ts.tv_sec - w->start.tv_sec) + (double)(ts.tv_nsec - w->start.tv_nsec) / 1e9;
}

static void h_event_push(struct h_world *w, struct h_sess *s, enum h_dir dir, uint8_t type,
			 const char *summary)
{
	struct h_event *e;

	if (w->nevents == w->capevents) {
		size_t cap = w->capevents ? w->capevents * 2 : 64;
		struct h_event *m;
		if (cap > 20000)
			return;
		m = realloc(w->events, cap * sizeof(*m));
		if (!m)
			return;
		w->events = m;
		w->capevents = cap;
	}
	e = &w->events[w->nevents++];
	memset(e, 0, sizeof(*e));
	e->t = h_world_now(w);
	snprintf(e->actor, sizeof(e->actor), "%s", s ? s->nva->spec->name : "harness");
	snprintf(e->server, sizeof(e->server), "%s", s ? h_inst_name[s->inst] : "");
	e->dir = dir;
	e->type = type;
	snprintf(e->summary, sizeof(e->summary), "%s", summary);
}

void h_world_note(struct h_world *w, struct h_sess *s, const char *fmt, ...)
{
	char buf[256];
	struct timespec ts;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	h_event_push(w, s, H_DIR_TO_SERVER, 0, buf);
	h_ts_now(&ts);
	if (w->wl)
		ev_wirelog_note(w->wl, &ts, s ? s->nva->spec->name : "harness",
				s ? h_inst_name[s->inst] : "-", EV_TO_SERVER, buf);
}

static uint32_t h_pfx_net(const struct bgp_prefix *p)
{
	return ((uint32_t)p->addr[0] << 24) | ((uint32_t)p->addr[1] << 16) |
	       ((uint32_t)p->addr[2] << 8) | p->addr[3];
}

int h_world_init(struct h_world *w, const struct h_case *c, uint32_t src_base,
		 const uint32_t listen[2], const uint32_t inst_addr[2], uint16_t port,
		 double scale)
{
	size_t i, k;

	memset(w, 0, sizeof(*w));
	w->c = c;
	w->n = c->nnvas;
	w->listen[0] = listen[0];
	w->listen[1] = listen[1];
	w->inst_addr[0] = inst_addr[0];
	w->inst_addr[1] = inst_addr[1];
	w->port = port;
	w->scale = scale;
	w->server_asn = 65515;
	h_ts_now(&w->start);
	for (i = 0; i < w->n; i++) {
		struct h_nva *n = &w->nva[i];
		const struct h_nva_spec *sp = &c->nvas[i];

		n->w = w;
		n->spec = sp;
		n->idx = (int)i;
		n->src = src_base + 10 + (uint32_t)i;
		h_fib_init(&n->fib);
		h_fib_add(&n->fib, h_pfx_net(&sp->subnet), sp->subnet.len, 0, H_FIB_CONNECTED, -1);
		h_fib_add(&n->fib, 0, 0, sp->gateway, H_FIB_DEFAULT, -1);
		for (k = 0; k < sp->nstatic; k++)
			h_fib_add(&n->fib, h_pfx_net(&sp->statics[k].pfx), sp->statics[k].pfx.len,
				  sp->statics[k].via, H_FIB_STATIC, -1);
		for (k = 0; k < 2; k++) {
			struct h_sess *s = &n->s[k];
			s->nva = n;
			s->inst = (int)k;
			s->fd = -1;
			s->rxb = malloc(H_RXBUF);
			s->flow = calloc(1, sizeof(struct ev_flow));
			if (!s->rxb || !s->flow) {
				snprintf(w->err, sizeof(w->err), "out of memory");
				return -1;
			}
		}
		h_world_reach(w, n);
	}
	return 0;
}

void h_world_evidence(struct h_world *w, const char *pcap_path, const char *wirelog_path)
{
	char err[128];

	if (pcap_path)
		w->pcap = ev_pcap_open(pcap_path, err, sizeof(err));
	if (wirelog_path)
		w->wl = ev_wirelog_open(wirelog_path, &w->start, err, sizeof(err));
}

void h_world_free(struct h_world *w)
{
	size_t i, k;

	for (i = 0; i < w->n; i++) {
		for (k = 0; k < 2; k++) {
			struct h_sess *s = &w->nva[i].s[k];
			if (s->fd >= 0)
				close(s->fd);
			s->fd = -1;
			free(s->rxb);
			free(s->txb);
			free(s->rx);
			free(s->rib);
			free(s->out);
			free(s->flow);
			s->rxb = s->txb = NULL;
			s->rx = NULL;
			s->rib = NULL;
			s->out = NULL;
			s->flow = NULL;
		}
	}
	ev_pcap_close(w->pcap);
	ev_wirelog_close(w->wl);
	w->pcap = NULL;
	w->wl = NULL;
	free(w->events);
	w->events = NULL;
	w->nevents = w->capevents = 0;
}

/* ---- reachability (ARS-STATIC-ROUTE) ---- */
static void h_world_reach(struct h_world *w, struct h_nva *n)
{
	int k;

	for (k = 0; k < 2; k++) {
		struct h_fib_res r;
		struct h_sess *s = &n->s[k];
		bool was = s->reachable;

		h_fib_resolve(&n->fib, w->inst_addr[k], &r);
		s->reachable = r.reachable;
		snprintf(n->fib_why[k], sizeof(n->fib_why[k]), "%s", r.why);
		if (was && !r.reachable)
			snprintf(n->fib_lost[k], sizeof(n->fib_lost[k]), "%s", r.why);
		if (was != r.reachable && n->s[k].fd >= 0)
			h_world_note(w, s, "route to %s %s: %s", h_inst_name[k],
				     r.reachable ? "restored" : "lost", r.why);
	}
}

/* ---- sending ---- */
static int h_sess_queue(struct h_sess *s, const uint8_t *b, size_t len)
{
	if (s->txn + len > s->txcap) {
		size_t cap = s->txcap ? s->txcap : 8192;
		uint8_t *m;
		while (cap < s->txn + len)
			cap *= 2;
		m = realloc(s->txb, cap);
		if (!m)
			return -1;
		s->txb = m;
		s->txcap = cap;
	}
	memcpy(s->txb + s->txn, b, len);
	s->txn += len;
	return 0;
}

static void h_sess_flush(struct h_sess *s)
{
	while (s->fd >= 0 && s->txn && s->state != H_SS_CONNECTING) {
		ssize_t k = send(s->fd, s->txb, s->txn, MSG_NOSIGNAL);
		if (k < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
				return;
			h_sess_close(s, "send failed");
			return;
		}
		memmove(s->txb, s->txb + k, s->txn - (size_t)k);
		s->txn -= (size_t)k;
	}
}

static void h_summary(const uint8_t *b, size_t len, const struct bgp_ctx *ctx, char *out,
		      size_t cap)
{
	static uint8_t mem[BGP_ARENA_SIZE];
	struct bgp_arena a;
	struct bgp_msg m;
	struct bgp_verdict v;

	bgp_arena_init(&a, mem, sizeof(mem));
	memset(&m, 0, sizeof(m));
	memset(&v, 0, sizeof(v));
	if (bgp_decode(b, len, ctx, &a, &m, &v) == BGP_ACT_SESSION_RESET) {
		snprintf(out, cap, "malformed %s len=%zu (%s %u/%u)",
			 len > 18 ? (b[18] <= 5 && b[18] ? (const char *[]){"", "OPEN", "UPDATE",
			 "NOTIFICATION", "KEEPALIVE", "ROUTE-REFRESH"}[b[18]] : "message") : "message",
			 len, v.reason ? v.reason : "reset", v.code, v.subcode);
		return;
	}
	bgp_format(&m, out, cap);
}

/* Send one whole message (or raw bytes) on a session, recording it. */
static int h_sess_send(struct h_sess *s, const uint8_t *b, size_t len)
{
	struct h_world *w = s->nva->w;
	struct timespec ts;
	char sum[256];

	if (s->fd < 0) {
		h_world_note(w, s, "not sent (no connection): %zu bytes", len);
		return 0;
	}
	if (!s->reachable) {
		/* sent into the void: the keepalive timer still counts it as sent */
		s->last_tx = h_world_now(w);
		s->dropped_tx++;
		if (s->dropped_tx <= 3 || s->dropped_tx % 20 == 0)
			h_world_note(w, s, "not sent, no route to the server: %s",
				     s->nva->fib_why[s->inst]);
		return 0;
	}
	h_ts_now(&ts);
	h_summary(b, len, &s->ctx, sum, sizeof(sum));
	h_event_push(w, s, H_DIR_TO_SERVER, len > 18 ? b[18] : 0, sum);
	if (w->wl)
		ev_wirelog_msg(w->wl, &ts, s->nva->spec->name, h_inst_name[s->inst], EV_TO_SERVER,
			       &s->ctx, b, len);
	if (w->pcap)
		ev_pcap_data(w->pcap, s->flow, 0, &ts, b, len);
	if (s->raw && !s->got_any && s->npre + len <= sizeof(s->pre)) {
		memcpy(s->pre + s->npre, b, len);
		s->npre += len;
	}
	if (h_sess_queue(s, b, len))
		return -1;
	s->last_tx = h_world_now(w);
	h_sess_flush(s);
	return 0;
}

static void h_wctx_of(const struct h_sess *s, struct h_wctx *c)
{
	const struct h_nva_spec *sp = s->nva->spec;

	memset(c, 0, sizeof(*c));
	c->asn = sp->asn;
	c->router_id = sp->router_id ? sp->router_id : sp->addr;
	c->hold = sp->hold;
	c->caps = sp->caps;
	c->as4 = s->ctx.as4;
	c->next_hop = sp->addr;
}

/* ---- connection management ---- */
static int h_sess_open_socket(struct h_sess *s)
{
	struct h_world *w = s->nva->w;
	struct sockaddr_in src = {0}, dst = {0};
	socklen_t sl = sizeof(src);
	int one = 1;
	int fd;
	struct timespec ts;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(w->err, sizeof(w->err), "socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	src.sin_family = AF_INET;
	src.sin_addr.s_addr = htonl(s->nva->src);
	if (bind(fd, (struct sockaddr *)&src, sizeof(src))) {
		snprintf(w->err, sizeof(w->err), "bind %s: %s", s->nva->spec->name,
			 strerror(errno));
		close(fd);
		return -1;
	}
	getsockname(fd, (struct sockaddr *)&src, &sl);
	s->local_port = ntohs(src.sin_port);
	dst.sin_family = AF_INET;
	dst.sin_addr.s_addr = htonl(w->listen[s->inst]);
	dst.sin_port = htons(w->port);
	s->fd = fd;
	s->state = H_SS_CONNECTING;
	s->rxn = 0;
	s->txn = 0;
	s->got_open = false;
	s->got_any = false;
	s->npre = 0;
	s->hold = 0;
	s->dropped_tx = 0;
	memset(&s->ctx, 0, sizeof(s->ctx));
	s->ctx.as4 = (s->nva->spec->caps & H_CAP_AS4) != 0;
	s->ctx.ibgp = s->nva->spec->asn == w->server_asn;
	s->last_rx = s->last_tx = h_world_now(w);
	ev_flow_init(s->flow, s->nva->src, s->local_port, w->listen[s->inst], w->port);
	h_ts_now(&ts);
	if (w->pcap)
		ev_pcap_open_flow(w->pcap, s->flow, &ts);
	if (connect(fd, (struct sockaddr *)&dst, sizeof(dst)) && errno != EINPROGRESS) {
		h_sess_close(s, strerror(errno));
		return 0;
	}
	h_world_note(w, s, "connect from %u.%u.%u.%u:%u", s->nva->src >> 24,
		     (s->nva->src >> 16) & 255, (s->nva->src >> 8) & 255, s->nva->src & 255,
		     s->local_port);
	return 0;
}

static int h_sess_connect(struct h_sess *s, bool raw)
{
	struct h_world *w = s->nva->w;

	if (s->fd >= 0)
		h_sess_close(s, "reconnect");
	s->raw = raw;
	s->wanted = true;
	if (!s->reachable) {
		h_world_note(w, s, "cannot connect, no route to the server: %s",
			     s->nva->fib_why[s->inst]);
		s->next_connect = h_world_now(w) + H_RETRY;
		return 0;
	}
	if (h_sess_open_socket(s))
		return -1;
	if (!raw && s->fd >= 0) {
		uint8_t b[H_WIRE_MAX];
		struct h_wctx c;
		size_t len;

		h_wctx_of(s, &c);
		len = h_wire_open(&c, b, sizeof(b));
		if (h_sess_send(s, b, len))
			return -1;
		s->state = H_SS_CONNECTING; /* OPENSENT once the connection completes */
	}
	return 0;
}

static void h_sess_close(struct h_sess *s, const char *why)
{
	struct h_world *w = s->nva->w;
	struct timespec ts;
	struct h_rx *r;
	bool was_up = s->state == H_SS_ESTABLISHED;

	if (s->fd < 0)
		return;
	close(s->fd);
	s->fd = -1;
	h_ts_now(&ts);
	if (w->pcap)
		ev_pcap_close_flow(w->pcap, s->flow, 0, &ts);
	snprintf(s->last_close, sizeof(s->last_close), "%s", why);
	if (s->nrx == s->caprx) {
		size_t cap = s->caprx ? s->caprx * 2 : 64;
		struct h_rx *m = realloc(s->rx, cap * sizeof(*m));
		if (m) {
			s->rx = m;
			s->caprx = cap;
		}
	}
	if (s->nrx < s->caprx) {
		r = &s->rx[s->nrx++];
		memset(r, 0, sizeof(*r));
		r->t = h_world_now(w);
	}
	h_world_note(w, s, "closed (%s) in %s", why, h_sess_state_name(s->state));
	if (was_up)
		s->drop_count++;
	s->state = H_SS_IDLE;
	s->nrib = 0;
	s->txn = 0;
	h_fib_flush_owner(&s->nva->fib, s->inst);
	h_world_reach(w, s->nva);
	s->next_connect = h_world_now(w) + H_RETRY;
}

int h_nva_connect(struct h_nva *n, unsigned inst, bool raw)
{
	int k;

	for (k = 0; k < 2; k++)
		if ((inst >> k) & 1)
			if (h_sess_connect(&n->s[k], raw))
				return -1;
	return 0;
}

int h_nva_disconnect(struct h_nva *n, unsigned inst)
{
	int k;

	for (k = 0; k < 2; k++) {
		if (!((inst >> k) & 1))
			continue;
		n->s[k].wanted = false;
		if (n->s[k].state == H_SS_ESTABLISHED) {
			/* a clean goodbye: Cease, Administrative Shutdown */
			uint8_t b[32];
			size_t len = h_wire_notification(BGP_ERR_CEASE, BGP_CEASE_ADMIN_SHUTDOWN, b,
							 sizeof(b));
			h_sess_send(&n->s[k], b, len);
		}
		h_sess_close(&n->s[k], "disconnect by the script");
	}
	return 0;
}

/* ---- announcements ---- */
static void h_out_set(struct h_sess *s, const struct bgp_prefix *p, const struct h_step *st)
{
	size_t i;

	for (i = 0; i < s->nout; i++) {
		if (s->out[i].pfx.len == p->len && !memcmp(s->out[i].pfx.addr, p->addr, 4)) {
			if (st)
				s->out[i].step = st;
			else
				s->out[i] = s->out[--s->nout];
			return;
		}
	}
	if (!st)
		return;
	if (s->nout == s->capout) {
		size_t cap = s->capout ? s->capout * 2 : 256;
		struct h_out_entry *m = realloc(s->out, cap * sizeof(*m));
		if (!m)
			return;
		s->out = m;
		s->capout = cap;
	}
	s->out[s->nout].pfx = *p;
	s->out[s->nout++].step = st;
}

/* Parse "65001 {65002 65003}" into AS_PATH segments (arrays from arena a). */
static int h_path_segments(const char *path, struct bgp_arena *ar, struct bgp_as_path *out)
{
	struct bgp_as_segment *segs = bgp_arena_calloc(ar, 64, sizeof(*segs));
	const char *p = path;
	size_t nseg = 0;

	out->nseg = 0;
	out->segs = segs;
	if (!segs)
		return -1;
	while (*p) {
		bool set = false;
		uint32_t *as;
		size_t n = 0;
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		if (*p == '{') {
			set = true;
			p++;
		}
		if (nseg == 64 || !(as = bgp_arena_calloc(ar, 255, sizeof(uint32_t))))
			return -1;
		while (*p && *p != '{' && (!set || *p != '}')) {
			char *end;
			unsigned long v;
			if (*p == ' ' || *p == ',') {
				p++;
				continue;
			}
			v = strtoul(p, &end, 10);
			if (end == p || n == 255)
				return -1;
			as[n++] = (uint32_t)v;
			p = end;
		}
		if (set) {
			if (*p != '}')
				return -1;
			p++;
		}
		if (n) {
			segs[nseg].type = set ? BGP_SEG_SET : BGP_SEG_SEQUENCE;
			segs[nseg].count = (uint8_t)n;
			segs[nseg].asns = as;
			nseg++;
		}
	}
	out->nseg = nseg;
	return 0;
}

/* The attributes of an announcement step, for the codec's packer. */
static int h_step_attrs(const struct h_sess *s, const struct h_step *st, struct bgp_arena *ar,
			struct bgp_attrs *a)
{
	char path[32];

	memset(a, 0, sizeof(*a));
	snprintf(path, sizeof(path), "%u", s->nva->spec->asn);
	if (h_path_segments(st->has_path ? st->path : path, ar, &a->as_path))
		return -1;
	a->origin = (uint8_t)st->origin;
	a->next_hop = st->has_nh ? st->nh : s->nva->spec->addr;
	bgp_attr_set(a, BGP_ATTR_ORIGIN);
	bgp_attr_set(a, BGP_ATTR_AS_PATH);
	bgp_attr_set(a, BGP_ATTR_NEXT_HOP);
	if (st->has_med) {
		a->med = st->med;
		bgp_attr_set(a, BGP_ATTR_MED);
	}
	if (st->has_lp) {
		a->local_pref = st->local_pref;
		bgp_attr_set(a, BGP_ATTR_LOCAL_PREF);
	}
	if (st->ncomm) {
		a->ncommunities = st->ncomm;
		a->communities = bgp_arena_calloc(ar, st->ncomm, sizeof(uint32_t));
		if (!a->communities)
			return -1;
		memcpy(a->communities, st->comm, st->ncomm * sizeof(uint32_t));
		bgp_attr_set(a, BGP_ATTR_COMMUNITIES);
	}
	return 0;
}

/* Send prefixes pf[0..n) with the attributes of st (NULL: withdraw), packed
 * into as few UPDATEs as fit by the codec. */
static int h_sess_send_prefixes(struct h_sess *s, const struct h_step *st,
				const struct bgp_prefix *pf, size_t n)
{
	static uint8_t mem[1 << 16];
	struct bgp_arena ar;
	struct bgp_attrs a;
	uint8_t msg[BGP_MAX_LEN];
	struct bgp_ctx ctx = s->ctx;
	size_t i = 0;

	bgp_arena_init(&ar, mem, sizeof(mem));
	ctx.ext_msg = false;
	if (st && h_step_attrs(s, st, &ar, &a)) {
		snprintf(s->nva->w->err, sizeof(s->nva->w->err), "line %u: bad AS path", st->line);
		return -1;
	}
	while (i < n) {
		size_t used = 0;
		size_t len = bgp_pack_update(&ctx, st ? &a : NULL, pf + i, n - i, st == NULL, msg,
					     sizeof(msg), &used);
		if (!len || !used) {
			snprintf(s->nva->w->err, sizeof(s->nva->w->err),
				 "the codec could not pack the UPDATE");
			return -1;
		}
		if (h_sess_send(s, msg, len))
			return -1;
		i += used;
	}
	return 0;
}

static int h_nva_routes(struct h_nva *n, unsigned inst, const struct h_step *st, bool withdraw)
{
	struct bgp_prefix *pf = calloc(st->count, sizeof(*pf));
	unsigned i;
	int k, rc = 0;

	if (!pf)
		return -1;
	for (i = 0; i < st->count; i++)
		h_prefix_nth(&st->pfx, i, &pf[i]);
	for (k = 0; k < 2 && !rc; k++) {
		struct h_sess *s = &n->s[k];
		if (!((inst >> k) & 1))
			continue;
		for (i = 0; i < st->count; i++)
			h_out_set(s, &pf[i], withdraw ? NULL : st);
		rc = h_sess_send_prefixes(s, withdraw ? NULL : st, pf, st->count);
	}
	free(pf);
	return rc;
}

int h_nva_announce(struct h_nva *n, unsigned inst, const struct h_step *st)
{
	return h_nva_routes(n, inst, st, false);
}

int h_nva_withdraw(struct h_nva *n, unsigned inst, const struct h_step *st)
{
	return h_nva_routes(n, inst, st, true);
}

/* Re-send everything announced on a session (route refresh, reconnect). */
static void h_sess_replay(struct h_sess *s)
{
	size_t i = 0;

	while (i < s->nout) {
		const struct h_step *st = s->out[i].step;
		struct bgp_prefix *pf = calloc(s->nout, sizeof(*pf));
		size_t n = 0;

		if (!pf)
			return;
		while (i < s->nout && s->out[i].step == st)
			pf[n++] = s->out[i++].pfx;
		h_sess_send_prefixes(s, st, pf, n);
		free(pf);
	}
}

int h_nva_send_raw(struct h_nva *n, unsigned inst, const uint8_t *b, size_t len)
{
	int k;

	for (k = 0; k < 2; k++)
		if ((inst >> k) & 1)
			if (h_sess_send(&n->s[k], b, len))
				return -1;
	return 0;
}

int h_nva_send_malformed(struct h_nva *n, unsigned inst, const char *name,
			 const struct bgp_prefix *pfx)
{
	uint8_t b[H_WIRE_MAX];
	int k;

	for (k = 0; k < 2; k++) {
		struct h_wctx c;
		size_t len;

		if (!((inst >> k) & 1))
			continue;
		h_wctx_of(&n->s[k], &c);
		if (pfx && pfx->len)
			c.pfx = *pfx;
		else
			bgp_parse_prefix("10.77.0.0/24", &c.pfx);
		if (h_wire_malformed(name, &c, b, sizeof(b), &len)) {
			snprintf(n->w->err, sizeof(n->w->err), "unknown malformed message '%s'",
				 name);
			return -1;
		}
		if (h_sess_send(&n->s[k], b, len))
			return -1;
	}
	return 0;
}

int h_nva_send_refresh(struct h_nva *n, unsigned inst)
{
	uint8_t b[32];
	size_t len = h_wire_refresh(b, sizeof(b));

	return h_nva_send_raw(n, inst, b, len);
}

void h_nva_silence(struct h_nva *n, unsigned inst, bool silent)
{
	int k;

	for (k = 0; k < 2; k++)
		if ((inst >> k) & 1) {
			n->s[k].silent = silent;
			h_world_note(n->w, &n->s[k], silent ? "falls silent (no keepalives)"
							    : "resumes keepalives");
		}
}

/* ---- receiving ---- */
const struct h_rib_entry *h_sess_rib_find(const struct h_sess *s, const struct bgp_prefix *p)
{
	uint32_t net = h_pfx_net(p);
	size_t i;

	for (i = 0; i < s->nrib; i++)
		if (s->rib[i].net == net && s->rib[i].len == p->len)
			return &s->rib[i];
	return NULL;
}

static struct h_rib_entry *h_rib_upsert(struct h_sess *s, uint32_t net, uint8_t len)
{
	size_t i;

	for (i = 0; i < s->nrib; i++)
		if (s->rib[i].net == net && s->rib[i].len == len)
			return &s->rib[i];
	if (s->nrib == s->caprib) {
		size_t cap = s->caprib ? s->caprib * 2 : 256;
		struct h_rib_entry *m = realloc(s->rib, cap * sizeof(*m));
		if (!m)
			return NULL;
		s->rib = m;
		s->caprib = cap;
	}
	memset(&s->rib[s->nrib], 0, sizeof(s->rib[0]));
	s->rib[s->nrib].net = net;
	s->rib[s->nrib].len = len;
	return &s->rib[s->nrib++];
}

static struct h_rx *h_rx_push(struct h_sess *s)
{
	if (s->nrx == s->caprx) {
		size_t cap = s->caprx ? s->caprx * 2 : 64;
		struct h_rx *m = realloc(s->rx, cap * sizeof(*m));
		if (!m)
			return NULL;
		s->rx = m;
		s->caprx = cap;
	}
	memset(&s->rx[s->nrx], 0, sizeof(s->rx[0]));
	return &s->rx[s->nrx++];
}

static void h_rx_update(struct h_sess *s, const struct bgp_msg *m, enum bgp_action act,
			struct h_rx *r)
{
	const struct bgp_update *u = &m->u.update;
	struct h_nva *n = s->nva;
	size_t i;

	r->eor = bgp_update_is_eor(m) != 0;
	r->nnlri = (uint32_t)u->nnlri;
	r->nwithdrawn = (uint32_t)u->nwithdrawn;
	for (i = 0; i < u->nwithdrawn; i++) {
		struct h_rib_entry *e;
		if (u->withdrawn[i].afi != BGP_AFI_IPV4)
			continue;
		e = h_rib_upsert(s, h_pfx_net(&u->withdrawn[i]), u->withdrawn[i].len);
		if (e)
			e->present = false;
		h_fib_del(&n->fib, h_pfx_net(&u->withdrawn[i]), u->withdrawn[i].len, s->inst);
	}
	for (i = 0; i < u->nnlri; i++) {
		const struct bgp_prefix *p = &u->nlri[i];
		struct h_rib_entry *e;
		if (p->afi != BGP_AFI_IPV4)
			continue;
		e = h_rib_upsert(s, h_pfx_net(p), p->len);
		if (!e)
			continue;
		e->heard++;
		/* like any BGP speaker, the NVA ignores routes with its own ASN in
		 * the path (RFC 4271 9.1.2): that is why an NVA using 65515 gets
		 * no usable routes (ARS-ASN-SAME) */
		if (act >= BGP_ACT_TREAT_AS_WITHDRAW ||
		    bgp_as_path_contains(&u->attrs.as_path, n->spec->asn)) {
			e->path[0] = '\0';
			bgp_format_as_path(&u->attrs.as_path, " ", e->path, sizeof(e->path));
			e->present = false;
			h_fib_del(&n->fib, e->net, e->len, s->inst);
			continue;
		}
		e->present = true;
		e->seq = (uint32_t)(s->nrx - 1);
		e->origin = bgp_attr_has(&u->attrs, BGP_ATTR_ORIGIN) ? u->attrs.origin : -1;
		e->nh = u->attrs.next_hop;
		e->ncomm = u->attrs.ncommunities < H_MAX_COMMS ? u->attrs.ncommunities
							       : H_MAX_COMMS;
		if (e->ncomm)
			memcpy(e->comm, u->attrs.communities, e->ncomm * sizeof(uint32_t));
		e->path[0] = '\0';
		bgp_format_as_path(&u->attrs.as_path, " ", e->path, sizeof(e->path));
		h_fib_add(&n->fib, e->net, e->len, e->nh, H_FIB_BGP, s->inst);
	}
	h_world_reach(n->w, n);
}

static void h_rx_open(struct h_sess *s, const struct bgp_open *o)
{
	unsigned ours = s->nva->spec->hold;
	uint8_t b[64];
	size_t len;

	s->got_open = true;
	s->srv_hold = o->hold_time;
	s->srv_asn = o->has_as4 ? o->as4 : o->my_as;
	s->srv_id = o->bgp_id;
	s->srv_caps = 0;
	if (o->nmp)
		s->srv_caps |= H_CAP_MP;
	if (o->route_refresh)
		s->srv_caps |= H_CAP_RR;
	if (o->has_as4)
		s->srv_caps |= H_CAP_AS4;
	if (o->has_gr)
		s->srv_caps |= H_CAP_GR;
	if (o->enhanced_rr)
		s->srv_caps |= H_CAP_ERR;
	if (o->ext_msg)
		s->srv_caps |= H_CAP_EXT;
	s->hold = o->hold_time < ours ? o->hold_time : ours;
	s->ctx.as4 = o->has_as4 && (s->nva->spec->caps & H_CAP_AS4);
	if (s->raw)
		return;
	s->state = H_SS_OPENCONFIRM;
	len = h_wire_keepalive(b, sizeof(b));
	h_sess_send(s, b, len);
}

static void h_rx_message(struct h_sess *s, const uint8_t *b, size_t len)
{
	static uint8_t mem[BGP_ARENA_SIZE];
	struct h_world *w = s->nva->w;
	struct bgp_arena a;
	struct bgp_msg m;
	struct bgp_verdict v;
	enum bgp_action act;
	struct timespec ts;
	struct h_rx *r;
	char sum[256];

	h_ts_now(&ts);
	if (w->wl)
		ev_wirelog_msg(w->wl, &ts, s->nva->spec->name, h_inst_name[s->inst],
			       EV_FROM_SERVER, &s->ctx, b, len);
	if (w->pcap)
		ev_pcap_data(w->pcap, s->flow, 1, &ts, b, len);
	bgp_arena_init(&a, mem, sizeof(mem));
	memset(&m, 0, sizeof(m));
	memset(&v, 0, sizeof(v));
	act = bgp_decode(b, len, &s->ctx, &a, &m, &v);
	s->got_any = true;
	r = h_rx_push(s);
	if (!r)
		return;
	r->t = h_world_now(w);
	r->type = b[18];
	s->last_rx = r->t;
	if (act == BGP_ACT_SESSION_RESET) {
		snprintf(sum, sizeof(sum), "malformed from the server: %s (%u/%u)",
			 v.reason ? v.reason : "?", v.code, v.subcode);
		h_event_push(w, s, H_DIR_FROM_SERVER, b[18], sum);
		if (b[18] == BGP_NOTIFICATION && len >= 21) {
			r->code = b[19];
			r->subcode = b[20];
			h_sess_close(s, "malformed notification received");
		}
		return;
	}
	bgp_format(&m, sum, sizeof(sum));
	h_event_push(w, s, H_DIR_FROM_SERVER, m.type, sum);
	switch (m.type) {
	case BGP_OPEN:
		h_rx_open(s, &m.u.open);
		break;
	case BGP_KEEPALIVE:
		if (s->state == H_SS_OPENCONFIRM) {
			s->state = H_SS_ESTABLISHED;
			s->established_count++;
			s->t_established = r->t;
			h_world_note(w, s, "established (hold %u)", s->hold);
			h_sess_replay(s);
		}
		break;
	case BGP_UPDATE:
		h_rx_update(s, &m, act, r);
		break;
	case BGP_NOTIFICATION: {
		char why[96];
		r->code = m.u.notification.code;
		r->subcode = m.u.notification.subcode;
		r->ndata = (uint8_t)(m.u.notification.len < sizeof(r->data)
					     ? m.u.notification.len
					     : sizeof(r->data));
		if (r->ndata)
			memcpy(r->data, m.u.notification.data, r->ndata);
		snprintf(why, sizeof(why), "NOTIFICATION %u/%u received", r->code, r->subcode);
		h_sess_close(s, why);
		break;
	}
	case BGP_ROUTE_REFRESH:
		if (s->state == H_SS_ESTABLISHED)
			h_sess_replay(s);
		break;
	default:
		break;
	}
}

static void h_sess_read(struct h_sess *s)
{
	ssize_t k = recv(s->fd, s->rxb + s->rxn, H_RXBUF - s->rxn, 0);
	size_t off = 0;

	if (k == 0) {
		h_sess_close(s, "connection closed by the server");
		return;
	}
	if (k < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			h_sess_close(s, errno == ECONNRESET ? "connection reset by the server"
							   : strerror(errno));
		return;
	}
	s->rxn += (size_t)k;
	while (s->fd >= 0) {
		struct bgp_verdict v;
		size_t len = 0;
		enum bgp_frame_result fr;
		struct bgp_ctx fctx = s->ctx;

		memset(&v, 0, sizeof(v));
		fctx.ext_msg = true; /* accept anything well framed */
		fr = bgp_frame(s->rxb + off, s->rxn - off, &fctx, &len, &v);
		if (fr == BGP_FRAME_NEED)
			break;
		if (fr == BGP_FRAME_ERR) {
			h_world_note(s->nva->w, s, "bad framing from the server: %s",
				     v.reason ? v.reason : "?");
			h_sess_close(s, "bad framing from the server");
			return;
		}
		h_rx_message(s, s->rxb + off, len);
		off += len;
	}
	if (s->fd < 0)
		return;
	memmove(s->rxb, s->rxb + off, s->rxn - off);
	s->rxn -= off;
}

static void h_sess_connected(struct h_sess *s)
{
	int err = 0;
	socklen_t l = sizeof(err);

	getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &l);
	if (err) {
		char why[96];
		snprintf(why, sizeof(why), "connect failed: %s", strerror(err));
		h_sess_close(s, why);
		return;
	}
	s->state = H_SS_OPENSENT;
	h_sess_flush(s);
}

/* ---- timers ---- */
static double h_sess_timers(struct h_sess *s, double now)
{
	struct h_world *w = s->nva->w;
	double next = now + 1.0;

	if (s->fd < 0) {
		/* a target that was still busy with the previous case refused us:
		 * try again until the expectation's deadline */
		bool retry = w->retry_connect && s->wanted && !s->got_any;
		if (s->wanted && (s->nva->spec->reconnect || retry)) {
			if (!s->reachable)
				return next;
			if (now >= s->next_connect && retry && s->raw) {
				uint8_t pre[sizeof(s->pre)];
				size_t npre = s->npre;
				memcpy(pre, s->pre, npre);
				h_sess_connect(s, true);
				if (s->fd >= 0 && npre)
					h_sess_send(s, pre, npre);
			} else if (now >= s->next_connect)
				h_sess_connect(s, false);
			else if (s->next_connect < next)
				next = s->next_connect;
		}
		return next;
	}
	if (s->state >= H_SS_OPENCONFIRM && s->hold && !s->raw) {
		double hold = s->hold * w->scale;
		double ka = hold / 3.0;
		if (now - s->last_rx >= hold) {
			uint8_t b[32];
			size_t len = h_wire_notification(BGP_ERR_HOLD, 0, b, sizeof(b));
			h_sess_send(s, b, len);
			h_sess_close(s, "hold timer expired at the NVA");
			return next;
		}
		if (s->last_rx + hold < next)
			next = s->last_rx + hold;
		if (!s->silent) {
			if (now - s->last_tx >= ka) {
				uint8_t b[32];
				size_t len = h_wire_keepalive(b, sizeof(b));
				h_sess_send(s, b, len);
			}
			if (s->last_tx + ka < next)
				next = s->last_tx + ka;
		}
	}
	return next;
}

void h_world_step(struct h_world *w, double until)
{
	struct pollfd pfd[2 * H_MAX_NVAS];
	struct h_sess *ps[2 * H_MAX_NVAS];
	size_t np = 0, i;
	double now = h_world_now(w);
	double next = until;
	int timeout;

	for (i = 0; i < w->n; i++) {
		int k;
		for (k = 0; k < 2; k++) {
			struct h_sess *s = &w->nva[i].s[k];
			double t = h_sess_timers(s, now);
			if (t < next)
				next = t;
			if (s->fd < 0)
				continue;
			pfd[np].fd = s->fd;
			pfd[np].events = s->state == H_SS_CONNECTING ? POLLOUT
								   : (short)(POLLIN | (s->txn ? POLLOUT : 0));
			pfd[np].revents = 0;
			ps[np++] = s;
		}
	}
	timeout = (int)ceil((next - now) * 1000.0);
	if (timeout < 0)
		timeout = 0;
	if (timeout > 50)
		timeout = 50;
	if (poll(pfd, np, timeout) <= 0)
		return;
	for (i = 0; i < np; i++) {
		struct h_sess *s = ps[i];
		if (s->fd != pfd[i].fd || !pfd[i].revents)
			continue;
		if (s->state == H_SS_CONNECTING) {
			h_sess_connected(s);
			continue;
		}
		if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
			h_sess_read(s);
		if (s->fd >= 0 && (pfd[i].revents & POLLOUT))
			h_sess_flush(s);
	}
}
