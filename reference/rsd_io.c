/* rsd_io.c: non-blocking connection I/O: read buffer framing, a bounded
 * write queue per connection, orderly close after a NOTIFICATION. No call
 * here ever blocks on one peer. What happens on a connection goes to its
 * session through the hooks it was made with (struct rsd_conn_hooks), so
 * this file calls nothing of rsd_session.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rsd_daemon.h"

int rsd_set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		return -1;
	return fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void rsd_conn_event(void *arg, uint32_t events);
static void rsd_conn_linger(void *arg);

struct rsd_conn *rsd_conn_new(struct rsd_session *s, int fd, bool inbound,
                              const struct rsd_conn_hooks *hooks)
{
	struct rsd_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->s = s;
	c->fd = fd;
	c->inbound = inbound;
	c->hooks = hooks;
	c->st = RSD_CONNECT;
	c->wq_progress = rsd_loop_now(&c->s->d->loop);
	rsd_timer_init(&c->linger_t, rsd_conn_linger, c);
	int sb = RSD_SNDBUF;
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sb, sizeof(sb));
	uint32_t ev = inbound ? EPOLLIN : EPOLLOUT;
	if (rsd_loop_add(&s->d->loop, &c->ev, fd, ev, rsd_conn_event, c) < 0) {
		free(c);
		return NULL;
	}
	struct rsd_daemon *d = s->d;
	c->all_next = d->all;
	if (d->all)
		d->all->all_prev = c;
	d->all = c;
	return c;
}

/* EPOLLIN unless closing or still connecting; EPOLLOUT while queued. */
void rsd_conn_watch(struct rsd_conn *c)
{
	if (c->dead)
		return;
	uint32_t ev = 0;
	if (c->st == RSD_CONNECT && !c->inbound)
		ev = EPOLLOUT;
	else {
		if (!c->closing)
			ev |= EPOLLIN;
		if (rsd_buf_pending(&c->wq) > 0)
			ev |= EPOLLOUT;
	}
	rsd_loop_mod(&c->s->d->loop, &c->ev, ev);
}

/* Account n written bytes against message boundaries in the queue. */
static void rsd_wq_consume(struct rsd_conn *c, size_t n)
{
	while (n > 0) {
		if (c->wq_msg_left == 0) {
			const uint8_t *h = rsd_buf_head(&c->wq);
			size_t avail = rsd_buf_pending(&c->wq);
			c->wq_msg_left = avail >= 19 ? ((size_t)h[16] << 8 | h[17]) : avail;
			if (c->wq_msg_left == 0 || c->wq_msg_left > avail)
				c->wq_msg_left = avail;
		}
		size_t take = n < c->wq_msg_left ? n : c->wq_msg_left;
		c->wq_msg_left -= take;
		rsd_buf_consume(&c->wq, take);
		n -= take;
	}
}

static void rsd_conn_finish(struct rsd_conn *c)
{
	rsd_conn_close(c, c->s->last_error[0] ? c->s->last_error : "closed");
}

static int rsd_conn_flush(struct rsd_conn *c)
{
	while (rsd_buf_pending(&c->wq) > 0) {
		ssize_t n = send(c->fd, rsd_buf_head(&c->wq), rsd_buf_pending(&c->wq),
		                 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
				break;
			return -1;
		}
		rsd_wq_consume(c, (size_t)n);
		c->wq_progress = rsd_loop_now(&c->s->d->loop);
	}
	if (rsd_buf_pending(&c->wq) == 0)
		c->wq_progress = rsd_loop_now(&c->s->d->loop);
	return 0;
}

/* Past the bound: keep the message in flight whole, drop the rest,
 * queue Cease 6/8 and close once it is out (or after the linger time). */
static void rsd_conn_overflow(struct rsd_conn *c)
{
	size_t keep = c->wq_msg_left;
	c->wq.len = c->wq.off + keep;
	c->hooks->error(c, BGP_ERR_CEASE, BGP_CEASE_OUT_OF_RESOURCES);
	rsd_conn_notify(c, BGP_ERR_CEASE, BGP_CEASE_OUT_OF_RESOURCES, NULL, 0,
	                "write queue overflow: peer does not read");
}

/* Append to the write queue; false when the connection cannot take it
 * (gone, closing, or dropped for overflow here). */
static bool rsd_conn_append(struct rsd_conn *c, const uint8_t *msg, size_t len)
{
	if (c->dead || c->closing)
		return false;
	size_t queued = rsd_buf_pending(&c->wq);
	if (queued + len > RSD_WQ_HARD ||
	    (queued + len > RSD_WQ_MAX &&
	     rsd_loop_now(&c->s->d->loop) - c->wq_progress > rsd_ms(c->s->d, RSD_WQ_STALL))) {
		rsd_conn_overflow(c);
		return false;
	}
	if (rsd_buf_append(&c->wq, msg, len) < 0) {
		rsd_conn_overflow(c);
		return false;
	}
	return true;
}

void rsd_conn_push(struct rsd_conn *c)
{
	if (c->dead || c->closing || rsd_buf_pending(&c->wq) == 0)
		return;
	if (rsd_conn_flush(c) < 0) {
		rsd_conn_close(c, "write error");
		return;
	}
	rsd_conn_watch(c);
}

void rsd_conn_send(struct rsd_conn *c, const uint8_t *msg, size_t len)
{
	if (rsd_conn_append(c, msg, len))
		rsd_conn_push(c);
}

void rsd_conn_queue(struct rsd_conn *c, const uint8_t *msg, size_t len)
{
	/* a socket buffer's worth goes out at once: the peer reads while the
	 * rest is being built */
	if (rsd_conn_append(c, msg, len) && rsd_buf_pending(&c->wq) >= RSD_SNDBUF)
		rsd_conn_push(c);
}

void rsd_conn_notify(struct rsd_conn *c, uint8_t code, uint8_t sub, const uint8_t *data,
                     size_t dlen, const char *why)
{
	if (c->dead || c->closing)
		return;
	struct rsd_daemon *d = c->s->d;
	uint8_t buf[BGP_MAX_LEN];
	if (dlen > BGP_MAX_LEN - 21)
		dlen = BGP_MAX_LEN - 21;
	size_t n = bgp_encode_notification(code, sub, data, dlen, buf, sizeof(buf));
	char name[96], addr[16];
	rsd_notification_name(code, sub, name, sizeof(name));
	bgp_addr_format_ipv4(c->s->peer ? d->peer_cfg[c->s->peer->id].addr : 0, addr, sizeof(addr));
	rsd_log_event(&d->log, d->inst[c->s->inst].role,
	              "event=notification-sent peer=%s addr=%s code=%u subcode=%u name=\"%s\" "
	              "reason=\"%s\"",
	              rsd_peer_name(c->s), addr, code, sub, name, why ? why : "");
	c->hooks->error(c, code, sub);
	if (n > 0 && rsd_buf_append(&c->wq, buf, n) == 0)
		rsd_conn_flush(c);
	c->closing = true;
	rsd_timer_stop(&d->loop, &c->hold_t);
	rsd_timer_stop(&d->loop, &c->ka_t);
	/* The session is down from now on; the socket only drains. */
	c->hooks->gone(c, why);
	if (rsd_buf_pending(&c->wq) == 0) {
		rsd_conn_finish(c);
		return;
	}
	shutdown(c->fd, SHUT_RD);
	rsd_timer_arm(&d->loop, &c->linger_t, RSD_CLOSE_LINGER_MS);
	rsd_conn_watch(c);
}

static void rsd_conn_linger(void *arg)
{
	rsd_conn_finish(arg);
}

void rsd_conn_close(struct rsd_conn *c, const char *why)
{
	if (c->dead)
		return;
	struct rsd_daemon *d = c->s->d;
	if (!c->closing)
		c->hooks->gone(c, why);
	c->dead = true;
	if (c->all_prev)
		c->all_prev->all_next = c->all_next;
	else
		d->all = c->all_next;
	if (c->all_next)
		c->all_next->all_prev = c->all_prev;
	c->all_prev = c->all_next = NULL;
	rsd_loop_del(&d->loop, &c->ev);
	rsd_timer_stop(&d->loop, &c->hold_t);
	rsd_timer_stop(&d->loop, &c->ka_t);
	rsd_timer_stop(&d->loop, &c->linger_t);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->next_dead = d->dead;
	d->dead = c;
}

static void rsd_conn_connected(struct rsd_conn *c)
{
	int err = 0;
	socklen_t el = sizeof(err);
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0 || err != 0) {
		rsd_conn_close(c, "connect failed");
		return;
	}
	c->hooks->connected(c);
}

static void rsd_conn_readable(struct rsd_conn *c)
{
	if (rsd_buf_reserve(&c->rbuf, RSD_READ_CHUNK) < 0) {
		rsd_conn_close(c, "out of memory");
		return;
	}
	ssize_t n = recv(c->fd, c->rbuf.data + c->rbuf.len, RSD_READ_CHUNK, MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		rsd_conn_close(c, "read error");
		return;
	}
	if (n == 0) {
		rsd_conn_close(c, "connection closed by peer");
		return;
	}
	c->rbuf.len += (size_t)n;
	while (!c->dead && !c->closing) {
		size_t mlen = 0;
		struct bgp_verdict v;
		memset(&v, 0, sizeof(v));
		enum bgp_frame_result fr = bgp_frame(
		    rsd_buf_head(&c->rbuf), rsd_buf_pending(&c->rbuf), &c->s->ctx, &mlen, &v);
		if (fr == BGP_FRAME_NEED)
			break;
		if (fr == BGP_FRAME_ERR) {
			rsd_log_event(&c->s->d->log, c->s->d->inst[c->s->inst].role,
			              "event=decode-error peer=%s action=%s rule=%s reason=\"%s\"",
			              rsd_peer_name(c->s), bgp_action_name(BGP_ACT_SESSION_RESET),
			              v.rule ? v.rule : "RFC4271-6.1",
			              v.reason ? v.reason : "bad header");
			rsd_conn_notify(c, v.code ? v.code : BGP_ERR_HEADER, v.subcode, v.data,
			                v.data_len, v.reason ? v.reason : "header error");
			break;
		}
		c->hooks->message(c, rsd_buf_head(&c->rbuf), mlen);
		if (!c->dead)
			rsd_buf_consume(&c->rbuf, mlen);
	}
	if (!c->dead)
		rsd_buf_compact(&c->rbuf);
}

static void rsd_conn_event(void *arg, uint32_t events)
{
	struct rsd_conn *c = arg;
	if (c->dead)
		return;
	if (c->st == RSD_CONNECT && !c->inbound) {
		if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
			rsd_conn_connected(c);
		return;
	}
	if (events & EPOLLOUT) {
		if (rsd_conn_flush(c) < 0) {
			rsd_conn_close(c, "write error");
			return;
		}
		if (c->closing && rsd_buf_pending(&c->wq) == 0) {
			rsd_conn_finish(c);
			return;
		}
		rsd_conn_watch(c);
	}
	if (c->closing) {
		if (events & (EPOLLERR | EPOLLHUP))
			rsd_conn_finish(c);
		return;
	}
	if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
		rsd_conn_readable(c);
}
