/* rl_discard.c: the sessions of rscert-discard: listen, accept, answer the
 * OPEN, then read everything into one large buffer and count it,
 * acknowledging at once (TCP_QUICKACK after every read). */
#define _GNU_SOURCE /* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bgp_codec.h"
#include "rl_discard.h"

#define RL_DISCARD_LISTENER UINT32_MAX

static double rl_discard_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int rl_discard_addr(struct rl_discard *d)
{
	char host[64];
	const char *colon = strrchr(d->o.listen, ':');
	char *end;
	unsigned long port;

	if (colon == NULL || (size_t)(colon - d->o.listen) >= sizeof(host))
		return -1;
	memcpy(host, d->o.listen, (size_t)(colon - d->o.listen));
	host[colon - d->o.listen] = 0;
	port = strtoul(colon + 1, &end, 10);
	if (*end != 0 || port > 65535 || bgp_addr_parse_ipv4(host, &d->addr) != BGP_ADDR_OK)
		return -1;
	d->port = (unsigned)port;
	/* loopback only */
	return (d->addr >> 24) == 127 ? 0 : -1;
}

int rl_discard_open(struct rl_discard *d)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof(sa);
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = RL_DISCARD_LISTENER};
	int one = 1;

	d->lfd = d->ep = -1;
	if (rl_discard_addr(d) < 0) {
		fprintf(stderr, "rscert-discard: --listen wants ADDR:PORT with ADDR in 127/8\n");
		return -1;
	}
	d->c = calloc(RL_DISCARD_CONNS, sizeof(*d->c));
	d->buf = malloc(RL_DISCARD_BUF);
	if (d->c == NULL || d->buf == NULL)
		return -1;
	for (unsigned i = 0; i < RL_DISCARD_CONNS; i++)
		d->c[i].fd = -1;
	d->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (d->lfd < 0)
		return -1;
	setsockopt(d->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* set before listen(): accepted sockets inherit it and the window scale */
	if (d->o.rcvbuf > 0)
		setsockopt(d->lfd, SOL_SOCKET, SO_RCVBUF, &d->o.rcvbuf, sizeof(d->o.rcvbuf));
	sa.sin_addr.s_addr = htonl(d->addr);
	sa.sin_port = htons((uint16_t)d->port);
	if (bind(d->lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(d->lfd, 1024) < 0 ||
	    getsockname(d->lfd, (struct sockaddr *)&sa, &sl) < 0) {
		fprintf(stderr, "rscert-discard: listen on %s: %s\n", d->o.listen, strerror(errno));
		return -1;
	}
	d->port = ntohs(sa.sin_port);
	d->ep = epoll_create1(EPOLL_CLOEXEC);
	if (d->ep < 0 || epoll_ctl(d->ep, EPOLL_CTL_ADD, d->lfd, &ev) < 0)
		return -1;
	return 0;
}

static void rl_discard_drop(struct rl_discard *d, struct rl_dconn *c)
{
	epoll_ctl(d->ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
	free(c->tail);
	c->tail = NULL;
	c->tail_len = 0;
	d->st.closed++;
}

static void rl_discard_accept(struct rl_discard *d)
{
	unsigned slot = 0;

	for (;;) {
		int fd = accept4(d->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET};

		if (fd < 0)
			return;
		while (slot < RL_DISCARD_CONNS && d->c[slot].fd >= 0)
			slot++;
		if (slot == RL_DISCARD_CONNS) {
			close(fd);
			return;
		}
		d->c[slot] = (struct rl_dconn){.fd = fd, .tail = malloc(BGP_MAX_LEN)};
		ev.data.u32 = slot;
		if (d->c[slot].tail == NULL || epoll_ctl(d->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
			rl_discard_drop(d, &d->c[slot]);
			d->failed = true;
			continue;
		}
		d->st.accepted++;
	}
}

/* Our OPEN (AS 65515, hold time 0: no keepalives either way) and KEEPALIVE. */
static int rl_discard_answer(struct rl_dconn *c)
{
	struct bgp_msg m = {.type = BGP_OPEN};
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_open *o = &m.u.open;
	uint8_t out[512];
	size_t n;

	o->version = BGP_VERSION;
	o->my_as = 65515;
	o->bgp_id = 0x0A00FF04u; /* 10.0.255.4 */
	o->nmp = 1;
	o->mp[0] = (struct bgp_afi_safi){.afi = BGP_AFI_IPV4, .safi = BGP_SAFI_UNICAST};
	o->route_refresh = true;
	o->has_as4 = true;
	o->as4 = 65515;
	n = bgp_encode(&m, &ctx, out, sizeof(out));
	if (n == 0)
		return -1;
	n += bgp_encode_keepalive(out + n, sizeof(out) - n);
	c->open_sent = true;
	return write(c->fd, out, n) == (ssize_t)n ? 0 : -1;
}

/* Frame buf[0..len): answer the first OPEN, count with --count; keep an
 * incomplete message as the tail. -1: a bad header, drop the session. */
static int rl_discard_frame(struct rl_discard *d, struct rl_dconn *c, const uint8_t *buf,
                            size_t len)
{
	struct bgp_ctx ctx = {.as4 = true};
	size_t off = 0;

	while (off < len && (d->o.count || !c->open_sent)) {
		struct bgp_verdict v;
		size_t ml = 0;
		enum bgp_frame_result fr = bgp_frame(buf + off, len - off, &ctx, &ml, &v);
		uint8_t type;

		if (fr == BGP_FRAME_NEED)
			break;
		if (fr == BGP_FRAME_ERR) {
			d->st.malformed++;
			return -1;
		}
		type = buf[off + 18];
		if (type == BGP_OPEN && !c->open_sent && rl_discard_answer(c) < 0)
			return -1;
		if (d->o.count) {
			d->st.msgs[type <= 5 ? type : 0]++;
			if (type == BGP_UPDATE && rl_discard_update(&d->st, buf + off, ml) < 0)
				d->st.malformed++;
		}
		off += ml;
	}
	c->tail_len = 0;
	if (off < len && (d->o.count || !c->open_sent)) {
		c->tail_len = len - off; /* less than one message */
		memcpy(c->tail, buf + off, c->tail_len);
	}
	return 0;
}

static void rl_discard_read(struct rl_discard *d, struct rl_dconn *c)
{
	int one = 1;

	for (;;) {
		bool framing = d->o.count || !c->open_sent;
		size_t keep = framing ? c->tail_len : 0;
		ssize_t n;

		if (keep > 0)
			memcpy(d->buf, c->tail, keep);
		n = read(c->fd, d->buf + keep, RL_DISCARD_BUF - keep);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			rl_discard_drop(d, c);
			return;
		}
		d->st.reads++;
		/* acknowledge at once: a delayed ACK (40 ms) would hold the
		 * driver's send queue, which is what ends its phase */
		setsockopt(c->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
		d->st.bytes += (uint64_t)n;
		c->bytes += (uint64_t)n;
		if (c->open_sent) {
			d->st.last_s = rl_discard_now();
			if (d->st.first_s == 0)
				d->st.first_s = d->st.last_s;
		}
		if (framing && rl_discard_frame(d, c, d->buf, keep + (size_t)n) < 0) {
			rl_discard_drop(d, c);
			d->failed = true;
			return;
		}
	}
}

int rl_discard_serve(struct rl_discard *d, volatile int *stop)
{
	double deadline = d->o.timeout > 0 ? rl_discard_now() + d->o.timeout : 0;

	while (!*stop) {
		struct epoll_event ev[64];
		int ms = -1, n;

		if (d->o.sessions > 0 && d->st.closed >= d->o.sessions)
			return 0;
		if (deadline > 0) {
			double left = deadline - rl_discard_now();

			if (left <= 0) {
				fprintf(stderr, "rscert-discard: timeout\n");
				return -1;
			}
			ms = (int)(left * 1000) + 1;
		}
		n = epoll_wait(d->ep, ev, 64, ms);
		if (n < 0 && errno != EINTR)
			return -1;
		for (int i = 0; i < n; i++) {
			if (ev[i].data.u32 == RL_DISCARD_LISTENER)
				rl_discard_accept(d);
			else if (d->c[ev[i].data.u32].fd >= 0)
				rl_discard_read(d, &d->c[ev[i].data.u32]);
		}
	}
	return 0;
}

void rl_discard_close(struct rl_discard *d)
{
	for (unsigned i = 0; d->c != NULL && i < RL_DISCARD_CONNS; i++)
		if (d->c[i].fd >= 0)
			rl_discard_drop(d, &d->c[i]);
	if (d->lfd >= 0)
		close(d->lfd);
	if (d->ep >= 0)
		close(d->ep);
	free(d->c);
	free(d->buf);
}
