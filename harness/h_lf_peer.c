/* h_lf_peer.c: the live fuzzer's lean BGP peer (see h_lf.h): non-blocking
 * TCP from its own loopback address, OPEN with IPv4 unicast, route refresh
 * and 4-octet AS, keepalives, framing and decoding with the codec. */
#include "h_lf.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "fz_wire.h"

#define LF_ARENA (256u << 10)

double h_lf_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void h_lf_ts(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
}

int h_lf_peer_init(struct h_lf_peer *p, const char *name, uint32_t src, uint32_t dst, uint16_t port,
                   uint32_t asn, unsigned hold)
{
	memset(p, 0, sizeof(*p));
	p->name = name;
	p->src = src;
	p->dst = dst;
	p->port = port;
	p->asn = asn;
	p->id = src;
	p->hold = hold;
	p->fd = -1;
	p->arena_mem = malloc(LF_ARENA);
	if (!p->arena_mem)
		return -1;
	bgp_arena_init(&p->arena, p->arena_mem, LF_ARENA);
	return 0;
}

void h_lf_peer_free(struct h_lf_peer *p)
{
	h_lf_peer_close(p);
	free(p->tx);
	free(p->arena_mem);
	p->tx = NULL;
	p->arena_mem = NULL;
}

static void h_lf_set_state(struct h_lf_peer *p, enum h_lf_state s)
{
	if (s == LF_ESTABLISHED && p->state != LF_ESTABLISHED)
		p->ups++;
	p->state = s;
	p->t_state = h_lf_now();
}

void h_lf_peer_close(struct h_lf_peer *p)
{
	struct timespec ts;

	if (p->fd >= 0) {
		close(p->fd);
		if (p->pcap && p->flow.state == EV_FLOW_OPEN) {
			h_lf_ts(&ts);
			ev_pcap_close_flow(p->pcap, &p->flow, 0, &ts);
		}
	}
	p->fd = -1;
	p->rxn = 0;
	p->txn = 0;
	if (p->state != LF_IDLE)
		p->drops++;
	h_lf_set_state(p, LF_IDLE);
}

int h_lf_peer_send(struct h_lf_peer *p, const uint8_t *b, size_t n)
{
	if (p->txn + n > p->txcap) {
		size_t cap = p->txcap ? p->txcap : 16384;
		uint8_t *nb;

		while (cap < p->txn + n)
			cap *= 2;
		nb = realloc(p->tx, cap);
		if (!nb)
			return -1;
		p->tx = nb;
		p->txcap = cap;
	}
	memcpy(p->tx + p->txn, b, n);
	p->txn += n;
	return 0;
}

void h_lf_peer_clear_events(struct h_lf_peer *p)
{
	p->got_notification = false;
	p->closed = false;
	p->refused = false;
	p->code = p->subcode = 0;
}

/* The OPEN: 2-octet AS (or AS_TRANS), capabilities MP IPv4 unicast, route
 * refresh, 4-octet AS. */
size_t h_lf_open_bytes(const struct h_lf_peer *p, uint8_t *out, size_t cap)
{
	struct fz_buf w;
	size_t start, plen;

	fz_buf_init(&w, out, cap);
	start = fz_msg_begin(&w, BGP_OPEN);
	fz_put8(&w, BGP_VERSION);
	fz_put16(&w, (uint16_t)(p->asn > 65535 ? BGP_AS_TRANS : p->asn));
	fz_put16(&w, (uint16_t)p->hold);
	fz_put32(&w, p->id);
	plen = w.len;
	fz_put8(&w, 0);
	fz_putn(&w, (const uint8_t[]){2, 6, 1, 4, 0, 1, 0, 1}, 8); /* MP IPv4 unicast */
	fz_putn(&w, (const uint8_t[]){2, 2, 2, 0}, 4);             /* route refresh */
	fz_putn(&w, (const uint8_t[]){2, 6, 65, 4}, 4);            /* 4-octet AS */
	fz_put32(&w, p->asn);
	out[plen] = (uint8_t)(w.len - plen - 1);
	fz_msg_end(&w, start);
	return w.overflow ? 0 : w.len;
}

int h_lf_peer_connect(struct h_lf_peer *p, char *err, size_t errcap)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	uint8_t open[128];
	size_t n;
	int one = 1;

	h_lf_peer_close(p);
	p->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0) {
		snprintf(err, errcap, "socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(p->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(p->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	a.sin_addr.s_addr = htonl(p->src);
	if (bind(p->fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		snprintf(err, errcap, "%s: cannot bind its address: %s", p->name, strerror(errno));
		close(p->fd);
		p->fd = -1;
		return -1;
	}
	a.sin_addr.s_addr = htonl(p->dst);
	a.sin_port = htons(p->port);
	if (connect(p->fd, (struct sockaddr *)&a, sizeof(a)) < 0 && errno != EINPROGRESS) {
		p->refused = true;
		close(p->fd);
		p->fd = -1;
		snprintf(err, errcap, "%s: connect: %s", p->name, strerror(errno));
		return -1;
	}
	memset(&p->ctx, 0, sizeof(p->ctx));
	n = h_lf_open_bytes(p, open, sizeof(open));
	h_lf_set_state(p, LF_CONNECTING);
	return h_lf_peer_send(p, open, n);
}

static void h_lf_pcap_data(struct h_lf_peer *p, int from_server, const uint8_t *b, size_t n)
{
	struct timespec ts;

	if (!p->pcap)
		return;
	h_lf_ts(&ts);
	if (p->flow.state == EV_FLOW_NEW) {
		ev_flow_init(&p->flow, p->src, p->local_port, p->dst, EV_BGP_PORT);
		ev_pcap_open_flow(p->pcap, &p->flow, &ts);
	}
	ev_pcap_data(p->pcap, &p->flow, from_server, &ts, b, n);
}

static void h_lf_on_connected(struct h_lf_peer *p)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int e = 0;
	socklen_t el = sizeof(e);

	getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &e, &el);
	if (e) {
		p->refused = true;
		p->closed = true;
		h_lf_peer_close(p);
		return;
	}
	if (getsockname(p->fd, (struct sockaddr *)&a, &al) == 0)
		p->local_port = ntohs(a.sin_port);
	memset(&p->flow, 0, sizeof(p->flow));
	h_lf_set_state(p, LF_OPENSENT);
}

static void h_lf_flush(struct h_lf_peer *p)
{
	ssize_t w;

	if (p->fd < 0 || p->txn == 0 || p->state == LF_CONNECTING)
		return;
	w = send(p->fd, p->tx, p->txn, MSG_NOSIGNAL);
	if (w < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			p->closed = true;
			h_lf_peer_close(p);
		}
		return;
	}
	h_lf_pcap_data(p, 0, p->tx, (size_t)w);
	memmove(p->tx, p->tx + w, p->txn - (size_t)w);
	p->txn -= (size_t)w;
	p->last_tx = h_lf_now();
}

static void h_lf_keepalive(struct h_lf_peer *p)
{
	uint8_t ka[BGP_HEADER_LEN];
	double iv = (p->srv_hold ? p->srv_hold : p->hold) / 3.0;

	if (p->state != LF_ESTABLISHED && p->state != LF_OPENSENT)
		return;
	if (p->state == LF_OPENSENT && !p->srv_hold)
		return;
	if (iv > 0 && h_lf_now() - p->last_tx >= iv) {
		h_lf_peer_send(p, ka, bgp_encode_keepalive(ka, sizeof(ka)));
		p->last_tx = h_lf_now();
	}
}

static void h_lf_got_open(struct h_lf_peer *p, const struct bgp_msg *m)
{
	uint8_t ka[BGP_HEADER_LEN];
	unsigned h = m->u.open.hold_time;

	p->srv_hold = h < p->hold ? h : p->hold;
	p->ctx.as4 = m->u.open.has_as4;
	p->ctx.ibgp = false;
	h_lf_peer_send(p, ka, bgp_encode_keepalive(ka, sizeof(ka)));
}

/* One whole message from the server. */
static void h_lf_message(struct h_lf_peer *p, const uint8_t *b, size_t n)
{
	struct bgp_msg m;
	struct bgp_verdict v;

	memset(&m, 0, sizeof(m));
	memset(&v, 0, sizeof(v));
	bgp_arena_reset(&p->arena);
	bgp_decode(b, n, &p->ctx, &p->arena, &m, &v);
	switch (b[18]) {
	case BGP_OPEN:
		h_lf_got_open(p, &m);
		break;
	case BGP_KEEPALIVE:
		if (p->state == LF_OPENSENT && p->srv_hold)
			h_lf_set_state(p, LF_ESTABLISHED);
		break;
	case BGP_NOTIFICATION:
		p->got_notification = true;
		p->code = n > 19 ? b[19] : 0;
		p->subcode = n > 20 ? b[20] : 0;
		break;
	case BGP_UPDATE:
		if (p->on_update)
			p->on_update(p->arg, p, &m, &v, b, n);
		break;
	default:
		break;
	}
}

static void h_lf_read(struct h_lf_peer *p)
{
	ssize_t r = recv(p->fd, p->rx + p->rxn, sizeof(p->rx) - p->rxn, 0);
	size_t off = 0, len;
	struct bgp_verdict v;

	if (r <= 0) {
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		p->closed = true;
		h_lf_peer_close(p);
		return;
	}
	h_lf_pcap_data(p, 1, p->rx + p->rxn, (size_t)r);
	p->rxn += (size_t)r;
	for (;;) {
		memset(&v, 0, sizeof(v));
		enum bgp_frame_result fr = bgp_frame(p->rx + off, p->rxn - off, &p->ctx, &len, &v);

		if (fr == BGP_FRAME_NEED)
			break;
		if (fr == BGP_FRAME_ERR) { /* the server's framing is broken: drop it */
			p->closed = true;
			h_lf_peer_close(p);
			return;
		}
		h_lf_message(p, p->rx + off, len);
		if (p->fd < 0)
			return;
		off += len;
	}
	memmove(p->rx, p->rx + off, p->rxn - off);
	p->rxn -= off;
}

void h_lf_poll(struct h_lf_peer *const *peers, size_t n, double timeout)
{
	struct pollfd pf[LF_POLL_MAX];
	size_t idx[LF_POLL_MAX], i, k = 0;
	int ms = timeout <= 0 ? 0 : (int)(timeout * 1000 + 0.5);

	for (i = 0; i < n && k < LF_POLL_MAX; i++) {
		struct h_lf_peer *p = peers[i];

		h_lf_keepalive(p);
		if (p->fd < 0)
			continue;
		pf[k].fd = p->fd;
		pf[k].events = POLLIN;
		if (p->txn || p->state == LF_CONNECTING)
			pf[k].events |= POLLOUT;
		pf[k].revents = 0;
		idx[k++] = i;
	}
	if (k == 0) {
		if (ms)
			poll(NULL, 0, ms);
		return;
	}
	if (poll(pf, k, ms) > 0) {
		for (size_t j = 0; j < k; j++) {
			struct h_lf_peer *p = peers[idx[j]];
			short ev = pf[j].revents;

			if (p->fd != pf[j].fd)
				continue;
			if (p->state == LF_CONNECTING && (ev & (POLLOUT | POLLERR | POLLHUP)))
				h_lf_on_connected(p);
			if (p->fd >= 0 && (ev & (POLLIN | POLLHUP | POLLERR)))
				h_lf_read(p);
		}
	}
	for (i = 0; i < n; i++)
		h_lf_flush(peers[i]);
}
