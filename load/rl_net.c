/* rl_net.c: sockets of rscert-load: non-blocking connects from one source
 * address per peer, edge-triggered epoll, writev of queued messages then
 * the bulk stream, framing and the small part of the FSM a peer needs. */
#include <errno.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "bgp_addr.h"
#include "rl.h"

static void rl_lose(struct rl_peer *p, const char *why)
{
	if (p->state < 0)
		return;
	p->state = -1;
	p->losses++;
	snprintf(p->lost, sizeof(p->lost), "%s", why);
	if (p->losses == 1)
		fprintf(stderr, "rscert-load: peer %u (AS%u) lost: %s\n", p->idx, p->asn, why);
}

static int rl_connect(struct rl_run *r, struct rl_peer *p)
{
	struct sockaddr_in src = {.sin_family = AF_INET}, dst = {.sin_family = AF_INET};
	struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.u32 = p->idx};
	char a[BGP_IPV4_TEXT];
	uint32_t server;
	enum bgp_addr_err e = bgp_addr_parse_ipv4(r->o.server, &server);
	int one = 1;

	if (e != BGP_ADDR_OK) {
		fprintf(stderr, "rscert-load: bad server address '%s': %s\n", r->o.server,
		        bgp_addr_reason(e));
		return -1;
	}
	p->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0)
		return -1;
	setsockopt(p->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(p->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	src.sin_addr.s_addr = htonl(p->src);
	dst.sin_addr.s_addr = htonl(server);
	dst.sin_port = htons((uint16_t)r->o.port);
	if (bind(p->fd, (struct sockaddr *)&src, sizeof(src)) < 0) {
		bgp_addr_format_ipv4(p->src, a, sizeof(a));
		fprintf(stderr, "rscert-load: bind %s: %s\n", a, strerror(errno));
		return -1;
	}
	if (connect(p->fd, (struct sockaddr *)&dst, sizeof(dst)) < 0 && errno != EINPROGRESS) {
		rl_lose(p, strerror(errno));
		return 0;
	}
	return epoll_ctl(r->ep, EPOLL_CTL_ADD, p->fd, &ev);
}

int rl_net_start(struct rl_run *r)
{
	uint32_t base;
	enum bgp_addr_err e = bgp_addr_parse_ipv4(r->o.src, &base);

	if (e != BGP_ADDR_OK) {
		fprintf(stderr, "rscert-load: bad --src '%s': %s\n", r->o.src, bgp_addr_reason(e));
		return -1;
	}
	r->ep = epoll_create1(EPOLL_CLOEXEC);
	if (r->ep < 0)
		return -1;
	for (unsigned i = 0; i < r->np; i++) {
		struct rl_peer *p = &r->p[i];

		p->idx = i;
		p->sink = i >= r->o.peers;
		p->src = base + i;
		p->asn = p->sink ? r->o.sink_asn_base + (i - r->o.peers) : r->o.asn_base + i;
		p->in = malloc(RL_RBUF);
		if (p->sink)
			p->held = calloc((r->distinct + 7) / 8, 1);
		p->fd = -1;
		p->state = RL_NOT_STARTED;
		if (p->in == NULL || (p->sink && p->held == NULL))
			return -1;
	}
	return 0;
}

int rl_start_more(struct rl_run *r, unsigned max_inflight)
{
	unsigned inflight = 0;

	for (unsigned i = 0; i < r->np; i++)
		inflight += r->p[i].state >= 0 && r->p[i].state < 3;
	for (unsigned i = 0; i < r->np && inflight < max_inflight; i++) {
		struct rl_peer *p = &r->p[i];

		if (p->state != RL_NOT_STARTED)
			continue;
		p->state = 0;
		if (rl_connect(r, p) < 0)
			return -1;
		inflight++;
	}
	return 0;
}

int rl_reconnect(struct rl_run *r, struct rl_peer *p)
{
	if (p->fd >= 0) {
		epoll_ctl(r->ep, EPOLL_CTL_DEL, p->fd, NULL);
		close(p->fd);
	}
	p->fd = -1;
	p->state = 0;
	p->lost[0] = 0;
	p->dyn_len = p->dyn_off = 0;
	p->in_len = 0;
	return rl_connect(r, p);
}

int rl_queue(struct rl_run *r, struct rl_peer *p, const uint8_t *m, size_t n)
{
	if (p->state < 0)
		return 0;
	if (p->dyn_off > 0 && p->dyn_off == p->dyn_len)
		p->dyn_off = p->dyn_len = 0;
	if (p->dyn_len + n > p->dyn_cap) {
		size_t cap = (p->dyn_len + n) * 2;
		uint8_t *b = realloc(p->dyn, cap);

		if (b == NULL)
			return -1;
		p->dyn = b;
		p->dyn_cap = cap;
	}
	memcpy(p->dyn + p->dyn_len, m, n);
	p->dyn_len += n;
	return rl_flush(r, p);
}

int rl_flush(struct rl_run *r, struct rl_peer *p)
{
	while (p->state > 0) {
		struct iovec iov[2];
		int n = 0;
		ssize_t w;

		if (p->dyn_off < p->dyn_len)
			iov[n++] = (struct iovec){p->dyn + p->dyn_off, p->dyn_len - p->dyn_off};
		if (p->bulk_off < p->bulk_len)
			iov[n++] = (struct iovec){(void *)(p->bulk + p->bulk_off),
			                          p->bulk_len - p->bulk_off};
		if (n == 0)
			return 0;
		w = writev(p->fd, iov, n);
		r->writes++;
		if (w < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return 0;
			rl_lose(p, strerror(errno));
			return 0;
		}
		size_t d = p->dyn_len - p->dyn_off, took = (size_t)w < d ? (size_t)w : d;

		r->sent_bytes += (uint64_t)w;

		p->dyn_off += took;
		p->bulk_off += (size_t)w - took;
	}
	return 0;
}

size_t rl_outq(const struct rl_peer *p)
{
	int q = 0;

	if (p->state < 0)
		return 0;
	if (ioctl(p->fd, SIOCOUTQ, &q) < 0)
		q = 0;
	return (p->dyn_len - p->dyn_off) + (p->bulk_len - p->bulk_off) + (size_t)q;
}

static void rl_sink_update(struct rl_run *r, struct rl_peer *p, const uint8_t *m, size_t len)
{
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_verdict v;
	struct bgp_msg msg;
	const struct bgp_update *u = &msg.u.update;

	bgp_arena_reset(&r->arena);
	if (bgp_decode(m, len, &ctx, &r->arena, &msg, &v) == BGP_ACT_SESSION_RESET) {
		char why[96];

		snprintf(why, sizeof(why), "bad UPDATE from the server: %s",
		         v.reason ? v.reason : "?");
		rl_lose(p, why);
		return;
	}
	for (size_t i = 0; i < u->nwithdrawn; i++)
		rl_sink_seen(r, p, bgp_prefix_ipv4(&u->withdrawn[i]), u->withdrawn[i].len, false);
	for (size_t i = 0; i < u->nnlri; i++)
		rl_sink_seen(r, p, bgp_prefix_ipv4(&u->nlri[i]), u->nlri[i].len, true);
}

static void rl_message(struct rl_run *r, struct rl_peer *p, const uint8_t *m, size_t len)
{
	uint8_t ka[BGP_HEADER_LEN];
	char why[96];

	switch (m[18]) {
	case BGP_OPEN:
		if (p->state < 2) {
			p->state = 2;
			rl_queue(r, p, ka, bgp_encode_keepalive(ka, sizeof(ka)));
		}
		break;
	case BGP_KEEPALIVE:
		if (p->state == 2) {
			p->state = 3;
			p->next_ka = rl_now() + r->o.hold / 3.0;
		}
		break;
	case BGP_UPDATE:
		p->rx_updates++;
		if (p->sink)
			rl_sink_update(r, p, m, len);
		break;
	case BGP_NOTIFICATION:
		snprintf(why, sizeof(why), "NOTIFICATION %u/%u %s", len > 19 ? m[19] : 0,
		         len > 20 ? m[20] : 0,
		         bgp_suberror_name(len > 19 ? m[19] : 0, len > 20 ? m[20] : 0));
		rl_lose(p, why);
		break;
	default:
		break;
	}
}

static void rl_read(struct rl_run *r, struct rl_peer *p)
{
	struct bgp_ctx ctx = {.as4 = true};

	while (p->state >= 0) {
		ssize_t n = read(p->fd, p->in + p->in_len, RL_RBUF - p->in_len);
		size_t off = 0;

		if (n == 0) {
			rl_lose(p, "connection closed by the server");
			return;
		}
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				rl_lose(p, strerror(errno));
			return;
		}
		p->in_len += (size_t)n;
		p->rx_bytes += (uint64_t)n;
		while (p->state >= 0) {
			struct bgp_verdict v;
			size_t len = 0;
			enum bgp_frame_result fr =
			    bgp_frame(p->in + off, p->in_len - off, &ctx, &len, &v);

			if (fr == BGP_FRAME_NEED)
				break;
			if (fr == BGP_FRAME_ERR) {
				rl_lose(p, "bad message header from the server");
				return;
			}
			rl_message(r, p, p->in + off, len);
			off += len;
		}
		memmove(p->in, p->in + off, p->in_len - off);
		p->in_len -= off;
	}
}

/* The peer's OPEN: its ASN (4-octet capable), the run's hold time, IPv4
 * unicast, route refresh. */
static size_t rl_open_encode(const struct rl_run *r, const struct rl_peer *p, uint8_t *out,
                             size_t cap)
{
	struct bgp_msg m = {.type = BGP_OPEN};
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_open *o = &m.u.open;

	o->version = BGP_VERSION;
	o->my_as = (uint16_t)p->asn;
	o->hold_time = (uint16_t)r->o.hold;
	o->bgp_id = p->src;
	o->nmp = 1;
	o->mp[0] = (struct bgp_afi_safi){.afi = BGP_AFI_IPV4, .safi = BGP_SAFI_UNICAST};
	o->route_refresh = true;
	o->has_as4 = true;
	o->as4 = p->asn;
	return bgp_encode(&m, &ctx, out, cap);
}

static void rl_connected(struct rl_run *r, struct rl_peer *p)
{
	uint8_t open[512];
	int err = 0;
	socklen_t el = sizeof(err);
	size_t len;

	getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &el);
	if (err != 0) {
		rl_lose(p, strerror(err));
		return;
	}
	p->state = 1;
	len = rl_open_encode(r, p, open, sizeof(open));
	rl_queue(r, p, open, len);
}

static void rl_keepalives(struct rl_run *r, double now)
{
	uint8_t ka[BGP_HEADER_LEN];

	if (r->o.hold == 0)
		return;
	for (unsigned i = 0; i < r->np; i++) {
		struct rl_peer *p = &r->p[i];

		if (p->state == 3 && now >= p->next_ka) {
			p->next_ka = now + r->o.hold / 3.0;
			rl_queue(r, p, ka, bgp_encode_keepalive(ka, sizeof(ka)));
		}
	}
}

int rl_poll(struct rl_run *r, int ms)
{
	struct epoll_event ev[256];
	int n = epoll_wait(r->ep, ev, 256, ms);

	r->waits++;
	if (n < 0)
		return errno == EINTR ? 0 : -1;
	for (int i = 0; i < n; i++) {
		struct rl_peer *p = &r->p[ev[i].data.u32];

		if (p->state == 0 && (ev[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
			rl_connected(r, p);
		if (ev[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
			rl_read(r, p);
		if (ev[i].events & EPOLLOUT)
			rl_flush(r, p);
	}
	rl_keepalives(r, rl_now());
	return 0;
}

void rl_net_close(struct rl_run *r)
{
	for (unsigned i = 0; r->p != NULL && i < r->np; i++) {
		if (r->p[i].fd >= 0)
			close(r->p[i].fd);
		free(r->p[i].dyn);
		free(r->p[i].in);
		free(r->p[i].held);
	}
	if (r->ep > 0)
		close(r->ep);
}
