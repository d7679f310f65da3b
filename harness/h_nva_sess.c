/* h_nva_sess.c: one fake NVA session: its socket, what it sends, what it
 * reads, its state machine and its timers. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp_codec.h"
#include "ev_pcap.h"
#include "ev_wirelog.h"
#include "h_nva_int.h"
#include "h_wire.h"

#define H_RXBUF (BGP_EXT_MAX_LEN + 8192)
#define H_RETRY 0.1 /* seconds between reconnection attempts */

/* ---- sending ---- */
/* Append len bytes to the buffer *buf (n used, *cap allocated). */
static int h_bytes_append(uint8_t **buf, size_t *n, size_t *cap, const uint8_t *b, size_t len)
{
	if (*n + len > *cap) {
		size_t c = *cap ? *cap : 512;
		uint8_t *m;
		while (c < *n + len)
			c *= 2;
		m = realloc(*buf, c);
		if (!m)
			return -1;
		*buf = m;
		*cap = c;
	}
	memcpy(*buf + *n, b, len);
	*n += len;
	return 0;
}

void h_sess_flush(struct h_sess *s)
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
	static const char *const names[] = {"",          "OPEN",         "UPDATE", "NOTIFICATION",
	                                    "KEEPALIVE", "ROUTE-REFRESH"};
	static uint8_t mem[BGP_ARENA_SIZE];
	struct bgp_arena a;
	struct bgp_msg m;
	struct bgp_verdict v;

	bgp_arena_init(&a, mem, sizeof(mem));
	memset(&m, 0, sizeof(m));
	memset(&v, 0, sizeof(v));
	if (bgp_decode(b, len, ctx, &a, &m, &v) == BGP_ACT_SESSION_RESET) {
		snprintf(out, cap, "malformed %s len=%zu (%s %u/%u)",
		         len > 18 ? (b[18] <= 5 && b[18] ? names[b[18]] : "message") : "message",
		         len, v.reason ? v.reason : "reset", v.code, v.subcode);
		return;
	}
	bgp_format(&m, out, cap);
}

/* Send one whole message (or raw bytes) on a session, recording it. */
int h_sess_send(struct h_sess *s, const uint8_t *b, size_t len)
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
			h_world_note(w, s, "not sent, no route to the server: %s", s->fib_why);
		return 0;
	}
	h_ts_now(&ts);
	h_summary(b, len, &s->ctx, sum, sizeof(sum));
	h_world_push_event(w, s, H_DIR_TO_SERVER, len > 18 ? b[18] : 0, sum);
	if (w->wl)
		ev_wirelog_msg(w->wl, &ts, s->nva->spec->name, h_inst_name[s->inst], EV_TO_SERVER,
		               &s->ctx, b, len);
	if (w->pcap)
		ev_pcap_data(w->pcap, s->flow, 0, &ts, b, len);
	/* what a raw session sent before the server said anything is sent
	 * again on a retry */
	if (s->raw && !s->got_any)
		h_bytes_append(&s->pre, &s->npre, &s->cappre, b, len);
	if (h_bytes_append(&s->txb, &s->txn, &s->txcap, b, len))
		return -1;
	s->last_tx = h_world_now(w);
	h_sess_flush(s);
	return 0;
}

/* ---- connection management ---- */
static void h_sess_reset(struct h_sess *s, int fd)
{
	struct h_world *w = s->nva->w;

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
}

static int h_sess_open_socket(struct h_sess *s)
{
	struct h_world *w = s->nva->w;
	struct sockaddr_in src = {0}, dst = {0};
	socklen_t sl = sizeof(src);
	int one = 1;
	int fd;
	struct timespec ts;
	char a[16];

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
	dst.sin_addr.s_addr = htonl(w->cfg.listen[s->inst]);
	dst.sin_port = htons(w->cfg.port);
	h_sess_reset(s, fd);
	ev_flow_init(s->flow, s->nva->src, s->local_port, w->cfg.listen[s->inst], w->cfg.port);
	h_ts_now(&ts);
	if (w->pcap)
		ev_pcap_open_flow(w->pcap, s->flow, &ts);
	if (connect(fd, (struct sockaddr *)&dst, sizeof(dst)) && errno != EINPROGRESS) {
		h_sess_close(s, strerror(errno));
		return 0;
	}
	h_world_nva_addr(w, (size_t)s->nva->idx, a, sizeof(a));
	h_world_note(w, s, "connect from %s:%u", a, s->local_port);
	return 0;
}

void h_sess_wctx(const struct h_sess *s, struct h_wctx *c)
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

int h_sess_connect(struct h_sess *s, bool raw)
{
	struct h_world *w = s->nva->w;

	if (s->fd >= 0)
		h_sess_close(s, "reconnect");
	s->raw = raw;
	s->wanted = true;
	if (!s->reachable) {
		h_world_note(w, s, "cannot connect, no route to the server: %s", s->fib_why);
		s->next_connect = h_world_now(w) + H_RETRY;
		return 0;
	}
	if (h_sess_open_socket(s))
		return -1;
	if (!raw && s->fd >= 0) {
		uint8_t b[H_WIRE_MAX];
		struct h_wctx c;
		size_t len;

		h_sess_wctx(s, &c);
		len = h_wire_open(&c, b, sizeof(b));
		if (h_sess_send(s, b, len))
			return -1;
		s->state = H_SS_CONNECTING; /* OPENSENT once the connection completes */
	}
	return 0;
}

void h_sess_close(struct h_sess *s, const char *why)
{
	struct h_world *w = s->nva->w;
	struct timespec ts;
	bool was_up = s->state == H_SS_ESTABLISHED;

	if (s->fd < 0)
		return;
	close(s->fd);
	s->fd = -1;
	h_ts_now(&ts);
	if (w->pcap)
		ev_pcap_close_flow(w->pcap, s->flow, 0, &ts);
	snprintf(s->last_close, sizeof(s->last_close), "%s", why);
	h_store_close(s);
	h_world_note(w, s, "closed (%s) in %s", why, h_sess_state_name(s->state));
	if (was_up)
		s->drop_count++;
	s->state = H_SS_IDLE;
	s->txn = 0;
	h_store_forget(s);
	s->next_connect = h_world_now(w) + H_RETRY;
}

/* ---- receiving ---- */
static void h_rx_open(struct h_sess *s, const struct bgp_open *o)
{
	unsigned ours = s->nva->spec->hold;
	uint8_t b[64];
	size_t len;

	s->got_open = true;
	s->peer.hold = o->hold_time;
	s->peer.asn = o->has_as4 ? o->as4 : o->my_as;
	s->peer.id = o->bgp_id;
	s->peer.caps = (o->nmp ? H_CAP_MP : 0) | (o->route_refresh ? H_CAP_RR : 0) |
	               (o->has_as4 ? H_CAP_AS4 : 0) | (o->has_gr ? H_CAP_GR : 0) |
	               (o->enhanced_rr ? H_CAP_ERR : 0) | (o->ext_msg ? H_CAP_EXT : 0);
	s->hold = o->hold_time < ours ? o->hold_time : ours;
	s->ctx.as4 = o->has_as4 && (s->nva->spec->caps & H_CAP_AS4);
	if (s->raw)
		return;
	s->state = H_SS_OPENCONFIRM;
	len = h_wire_keepalive(b, sizeof(b));
	h_sess_send(s, b, len);
}

/* The state machine's answer to one decoded message. */
static void h_sess_act(struct h_sess *s, const struct h_rx *r)
{
	struct h_world *w = s->nva->w;
	char why[96];

	switch (r->msg->type) {
	case BGP_OPEN:
		h_rx_open(s, &r->msg->u.open);
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
		h_store_update(s, r);
		break;
	case BGP_NOTIFICATION:
		snprintf(why, sizeof(why), "NOTIFICATION %u/%u received", r->code, r->subcode);
		h_sess_close(s, why);
		break;
	case BGP_ROUTE_REFRESH:
		if (s->state == H_SS_ESTABLISHED)
			h_sess_replay(s);
		break;
	default:
		break;
	}
}

void h_sess_receive(struct h_sess *s, const uint8_t *b, size_t len)
{
	struct h_world *w = s->nva->w;
	const struct h_rx *r;
	struct timespec ts;
	char sum[256];

	h_ts_now(&ts);
	if (w->wl)
		ev_wirelog_msg(w->wl, &ts, s->nva->spec->name, h_inst_name[s->inst], EV_FROM_SERVER,
		               &s->ctx, b, len);
	if (w->pcap)
		ev_pcap_data(w->pcap, s->flow, 1, &ts, b, len);
	s->got_any = true;
	r = h_store_message(s, b, len);
	if (!r)
		return;
	s->last_rx = r->t;
	if (!r->msg) {
		snprintf(sum, sizeof(sum), "malformed from the server: %s (%u/%u)",
		         r->verdict.reason ? r->verdict.reason : "?", r->verdict.code,
		         r->verdict.subcode);
		h_world_push_event(w, s, H_DIR_FROM_SERVER, r->type, sum);
		h_store_hooks(s, r);
		if (r->type == BGP_NOTIFICATION && len >= 21)
			h_sess_close(s, "malformed notification received");
		return;
	}
	bgp_format(r->msg, sum, sizeof(sum));
	h_world_push_event(w, s, H_DIR_FROM_SERVER, r->msg->type, sum);
	h_store_hooks(s, r);
	h_sess_act(s, r);
}

void h_sess_read(struct h_sess *s)
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
		h_sess_receive(s, s->rxb + off, len);
		off += len;
	}
	if (s->fd < 0)
		return;
	memmove(s->rxb, s->rxb + off, s->rxn - off);
	s->rxn -= off;
}

void h_sess_connected(struct h_sess *s)
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
/* A closed session: reconnect when the script wants it up and the NVA (or a
 * retry against a busy target) says so. */
static double h_sess_redial(struct h_sess *s, double now, double next)
{
	struct h_world *w = s->nva->w;
	/* a target that was still busy with the previous case refused us:
	 * try again until the expectation's deadline */
	bool retry = w->cfg.retry_connect && s->wanted && !s->got_any;

	if (!s->wanted || !(s->nva->spec->reconnect || retry) || !s->reachable)
		return next;
	if (now >= s->next_connect && retry && s->raw) {
		uint8_t *pre = s->pre;
		size_t npre = s->npre;
		s->pre = NULL;
		s->npre = s->cappre = 0;
		h_sess_connect(s, true);
		if (s->fd >= 0 && npre)
			h_sess_send(s, pre, npre);
		free(pre);
	} else if (now >= s->next_connect)
		h_sess_connect(s, false);
	else if (s->next_connect < next)
		next = s->next_connect;
	return next;
}

double h_sess_timers(struct h_sess *s, double now)
{
	double next = now + 1.0;
	double hold, ka;
	uint8_t b[32];

	if (s->fd < 0)
		return h_sess_redial(s, now, next);
	if (s->state < H_SS_OPENCONFIRM || !s->hold || s->raw)
		return next;
	hold = s->hold * s->nva->w->cfg.scale;
	ka = hold / 3.0;
	if (now - s->last_rx >= hold) {
		h_sess_send(s, b, h_wire_notification(BGP_ERR_HOLD, 0, b, sizeof(b)));
		h_sess_close(s, "hold timer expired at the NVA");
		return next;
	}
	if (s->last_rx + hold < next)
		next = s->last_rx + hold;
	if (!s->silent) {
		if (now - s->last_tx >= ka)
			h_sess_send(s, b, h_wire_keepalive(b, sizeof(b)));
		if (s->last_tx + ka < next)
			next = s->last_tx + ka;
	}
	return next;
}
