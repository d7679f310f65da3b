/* h_nva_io.c: one fake NVA session's connection: its socket, connecting
 * and closing, and sending (recorded in the timeline, the wire log and the
 * capture). What it reads is the state machine's (h_nva_fsm.c). */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp_addr.h"
#include "bgp_codec.h"
#include "ev_pcap.h"
#include "ev_wirelog.h"
#include "h_nva_int.h"
#include "h_sock.h"
#include "h_wire.h"

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

/* An OPEN's digest: hold, capabilities (h_cap_bits), AS and identifier. */
void h_open_digest(const struct bgp_open *o, struct h_peer_open *out)
{
	out->hold = o->hold_time;
	out->asn = o->has_as4 ? o->as4 : o->my_as;
	out->id = o->bgp_id;
	out->caps = (o->nmp ? H_CAP_MP : 0) | (o->route_refresh ? H_CAP_RR : 0) |
	            (o->has_as4 ? H_CAP_AS4 : 0) | (o->has_gr ? H_CAP_GR : 0) |
	            (o->enhanced_rr ? H_CAP_ERR : 0) | (o->ext_msg ? H_CAP_EXT : 0);
}

/* The script sent an OPEN on a raw connection: what it announced is what the
 * NVA negotiates with (and what the sender oracle judges the server by). */
static void h_sess_own_raw_open(struct h_sess *s, const uint8_t *b, size_t len)
{
	static uint8_t mem[65536];
	struct bgp_arena a;
	struct bgp_msg m;
	struct bgp_verdict v;

	if (len < 29 || b[18] != BGP_OPEN)
		return;
	bgp_arena_init(&a, mem, sizeof(mem));
	memset(&m, 0, sizeof(m));
	memset(&v, 0, sizeof(v));
	if (bgp_decode(b, len, &s->ctx, &a, &m, &v) == BGP_ACT_SESSION_RESET)
		return;
	h_open_digest(&m.u.open, &s->own);
	s->own_known = true;
	s->ctx.as4 = (s->own.caps & H_CAP_AS4) && (!s->got_open || (s->peer.caps & H_CAP_AS4));
	s->ctx.ext_msg = (s->own.caps & H_CAP_EXT) && s->got_open && (s->peer.caps & H_CAP_EXT);
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
	if (s->raw)
		h_sess_own_raw_open(s, b, len);
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
	s->own_known = false;
	s->got_any = false;
	s->npre = 0;
	s->hold = 0;
	s->dropped_tx = 0;
	memset(&s->ctx, 0, sizeof(s->ctx));
	s->ctx.as4 = (s->nva->spec->caps & H_CAP_AS4) != 0;
	s->ctx.ibgp = s->nva->spec->asn == w->server_asn;
	s->last_rx = s->last_tx = s->t_empty = h_world_now(w);
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
	if (s->nva->spec->md5[0] &&
	    h_tcp_md5_key(fd, w->cfg.listen[s->inst], s->nva->spec->md5, w->err, sizeof(w->err))) {
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
	bgp_addr_format_ipv4(s->nva->src, a, sizeof(a));
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
		s->own = (struct h_peer_open){c.hold, c.caps, c.asn, c.router_id};
		s->own_known = true;
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
