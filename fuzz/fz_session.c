/* fz_session: one session of the reference daemon fed with message
 * sequences, under the event loop's virtual clock (no wall-clock waits).
 *
 * Per input a daemon is set up from a small configuration (no sockets
 * opened but one socketpair standing for an accepted peer connection),
 * then operations from the input run:
 *   op < 0x40:  send a canned message (op & 7): our OPEN (4-octet AS and
 *               hold time from the flags byte), KEEPALIVE, an UPDATE
 *               announcing, an UPDATE withdrawing, NOTIFICATION Cease,
 *               ROUTE-REFRESH, End-of-RIB, a header with a broken marker;
 *   op < 0x80:  send the next (op & 0x3f) input bytes as they are;
 *   op < 0xa0:  the daemon's virtual clock jumps to the connection's next
 *               timer (hold, keepalive or linger), firing whatever is due;
 *   op < 0xc0:  the virtual clock moves (op & 0x1f) + 1 seconds;
 *   else:       the peer closes the connection (then the input ends).
 * After each step the daemon's loop runs until idle (bounded: a session
 * that keeps producing events is a hang), and what it wrote is framed and
 * checked: the first message is an OPEN; an UPDATE only once the session
 * has been Established, and it decodes cleanly in the session's context;
 * nothing follows a NOTIFICATION; every message frames. FZ_TRACE=1 in the
 * environment prints what the daemon sent. */
#include "fz_common.h"
#include "fz_wire.h"
#include "rsd_daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define FZ_PEER_ADDR "127.0.1.1"
#define FZ_MAX_STEPS 256

static char fz_cfg[512], fz_dir[256];

static void fz_session_cleanup(void)
{
	unlink(fz_cfg);
	rmdir(fz_dir);
}

/* The configuration file, written once per process. */
static void fz_session_config(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = fz_dir;
	FILE *f;

	if (fz_cfg[0])
		return;
	snprintf(dir, sizeof(fz_dir), "%s/fz_session_XXXXXX", tmp && tmp[0] ? tmp : P_tmpdir);
	FZ_CHECK(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
	atexit(fz_session_cleanup);
	snprintf(fz_cfg, sizeof(fz_cfg), "%s/rs.conf", dir);
	f = fopen(fz_cfg, "w");
	FZ_CHECK(f != NULL, "%s: %s", fz_cfg, strerror(errno));
	fprintf(f,
	        "asn %u\n"
	        "subnet 10.0.255.0/27\n"
	        "vnet 10.0.0.0/16\n"
	        "instance 0 10.0.255.4 listen 127.0.0.4\n"
	        "instance 1 10.0.255.5 listen 127.0.0.5\n"
	        "peer nva1 " FZ_PEER_ADDR " asn %u\n"
	        "timers keepalive 60 hold 180 connect-retry 65535\n"
	        "control %s/rs.sock\n",
	        FZ_LOCAL_AS, FZ_PEER_AS, dir);
	fclose(f);
}

struct fz_peer {
	int fd;              /* our end of the socketpair */
	uint8_t in[1 << 20]; /* bytes the daemon wrote, not yet checked */
	size_t nin;
	bool seen_open, seen_notification, closed;
	bool as4;
	uint16_t hold;
	/* Our own stream, framed as we send it: a hold timer restarts only
	 * when a whole OPEN, KEEPALIVE or UPDATE has arrived (RFC 4271 8). */
	uint8_t hdr[BGP_HEADER_LEN];
	size_t nhdr, left;
	uint64_t last_msg; /* the daemon's clock when the last one completed */
};

static size_t fz_canned(const struct fz_peer *p, unsigned k, uint8_t *out, size_t cap)
{
	static const uint32_t path[] = {FZ_PEER_AS, 65100};
	uint8_t v[64], origin = BGP_ORIGIN_IGP;
	struct fz_buf w;
	size_t start, at;

	fz_buf_init(&w, out, cap);
	switch (k) {
	case 0: /* OPEN */
		start = fz_msg_begin(&w, BGP_OPEN);
		fz_put8(&w, 4);
		fz_put16(&w, FZ_PEER_AS);
		fz_put16(&w, p->hold);
		fz_put32(&w, 0x0a000104);
		fz_put8(&w, p->as4 ? 16 : 10);
		fz_put8(&w, 2);
		fz_put8(&w, p->as4 ? 14 : 8);
		fz_putn(&w, (const uint8_t[8]){1, 4, 0, 1, 0, 1, 2, 0}, 8);
		if (p->as4)
			fz_putn(&w,
			        (const uint8_t[6]){65, 4, 0, 0, FZ_PEER_AS >> 8, FZ_PEER_AS & 0xff},
			        6);
		break;
	case 1:
		start = fz_msg_begin(&w, BGP_KEEPALIVE);
		break;
	case 2: /* announce 10.1.0.0/16 */
		start = fz_msg_begin(&w, BGP_UPDATE);
		fz_put16(&w, 0);
		at = fz_len16_begin(&w);
		fz_attr(&w, 0x40, BGP_ATTR_ORIGIN, &origin, 1);
		fz_attr(&w, 0x40, BGP_ATTR_AS_PATH, v, fz_aspath_seq(v, p->as4, path, 2));
		fz_attr(&w, 0x40, BGP_ATTR_NEXT_HOP, (const uint8_t[4]){10, 0, 1, 4}, 4);
		fz_len16_end(&w, at);
		fz_prefix4(&w, false, 0, 0x0a010000, 16);
		break;
	case 3: /* withdraw it */
		start = fz_msg_begin(&w, BGP_UPDATE);
		at = fz_len16_begin(&w);
		fz_prefix4(&w, false, 0, 0x0a010000, 16);
		fz_len16_end(&w, at);
		fz_put16(&w, 0);
		break;
	case 4:
		start = fz_msg_begin(&w, BGP_NOTIFICATION);
		fz_put8(&w, BGP_ERR_CEASE);
		fz_put8(&w, BGP_CEASE_ADMIN_SHUTDOWN);
		break;
	case 5:
		start = fz_msg_begin(&w, BGP_ROUTE_REFRESH);
		fz_putn(&w, (const uint8_t[4]){0, 1, 0, 1}, 4);
		break;
	case 6: /* End-of-RIB */
		start = fz_msg_begin(&w, BGP_UPDATE);
		fz_put16(&w, 0);
		fz_put16(&w, 0);
		break;
	default:
		start = fz_msg_begin(&w, BGP_KEEPALIVE);
		w.b[start + 7] = 0;
		break;
	}
	fz_msg_end(&w, start);
	return w.len;
}

/* A whole message of ours has reached the daemon. */
static void fz_sent_msg(struct fz_peer *p, const struct rsd_loop *l)
{
	uint8_t type = p->hdr[18];

	if (type == BGP_OPEN || type == BGP_KEEPALIVE || type == BGP_UPDATE)
		p->last_msg = rsd_loop_now(l);
	p->nhdr = 0;
}

/* Follow the message boundaries of the n bytes just sent. */
static void fz_track(struct fz_peer *p, const struct rsd_loop *l, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p->nhdr < BGP_HEADER_LEN) {
			p->hdr[p->nhdr++] = b[i];
			if (p->nhdr < BGP_HEADER_LEN)
				continue;
			p->left = (size_t)(p->hdr[16] << 8 | p->hdr[17]);
			p->left = p->left > BGP_HEADER_LEN ? p->left - BGP_HEADER_LEN : 0;
			if (p->left == 0)
				fz_sent_msg(p, l);
		} else if (--p->left == 0) {
			fz_sent_msg(p, l);
		}
	}
}

static void fz_send(struct fz_peer *p, const struct rsd_loop *l, const uint8_t *b, size_t n)
{
	while (n > 0 && !p->closed) {
		ssize_t k = send(p->fd, b, n, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (k <= 0)
			return; /* the daemon closed or its buffer is full */
		fz_track(p, l, b, (size_t)k);
		b += k;
		n -= (size_t)k;
	}
}

/* FZ_TRACE: one line per message the daemon sent. */
static void fz_session_trace(const uint8_t *m, size_t len, struct rsd_session *s)
{
	fprintf(stderr, "fz_session: daemon sent type %u (%zu bytes)", m[18], len);
	if (m[18] == BGP_NOTIFICATION && len > 20)
		fprintf(stderr, " code %u/%u", m[19], m[20]);
	fprintf(stderr, ", state %s\n", rsd_state_name(rsd_session_state(s)));
}

/* Frame and check whatever the daemon wrote. */
static void fz_check_replies(struct fz_peer *p, struct rsd_session *s, bool established)
{
	for (;;) {
		ssize_t k = recv(p->fd, p->in + p->nin, sizeof(p->in) - p->nin, MSG_DONTWAIT);

		if (k <= 0)
			break;
		p->nin += (size_t)k;
	}
	for (;;) {
		struct bgp_ctx ctx = s->ctx;
		struct bgp_verdict v;
		struct bgp_msg m;
		size_t len = 0;
		enum bgp_frame_result r;

		ctx.ext_msg = true; /* framing only: the daemon's own limit is checked below */
		memset(&v, 0, sizeof(v));
		r = bgp_frame(p->in, p->nin, &ctx, &len, &v);
		if (r == BGP_FRAME_NEED)
			return;
		FZ_CHECK(r == BGP_FRAME_OK, "the daemon sent a message that does not frame (%s)",
		         v.reason ? v.reason : "-");
		FZ_CHECK(!p->seen_notification, "the daemon sent type %u after a NOTIFICATION",
		         p->in[18]);
		FZ_CHECK(p->seen_open || p->in[18] == BGP_OPEN || p->in[18] == BGP_NOTIFICATION,
		         "the daemon's first message is type %u, not OPEN", p->in[18]);
		FZ_CHECK(len <= BGP_MAX_LEN || s->ctx.ext_msg, "the daemon sent %zu bytes", len);
		if (getenv("FZ_TRACE"))
			fz_session_trace(p->in, len, s);
		if (p->in[18] == BGP_NOTIFICATION && len > 19 && p->in[19] == BGP_ERR_HOLD)
			FZ_CHECK(rsd_loop_now(&s->d->loop) - p->last_msg >= 3000,
			         "hold timer expired %llu ms after the peer's last OPEN, KEEPALIVE "
			         "or UPDATE",
			         (unsigned long long)(rsd_loop_now(&s->d->loop) - p->last_msg));
		if (p->in[18] == BGP_OPEN)
			p->seen_open = true;
		if (p->in[18] == BGP_NOTIFICATION)
			p->seen_notification = true;
		if (p->in[18] == BGP_UPDATE) {
			FZ_CHECK(established, "the daemon sent an UPDATE before Established");
			memset(&m, 0, sizeof(m));
			FZ_CHECK(bgp_decode(p->in, len, &s->ctx, fz_arena(0), &m, &v) == BGP_ACT_OK,
			         "the daemon sent an UPDATE that does not decode: %s",
			         v.reason ? v.reason : "-");
		}
		memmove(p->in, p->in + len, p->nin - len);
		p->nin -= len;
	}
}

/* Run the loop until nothing happens; a session that never settles is
 * a hang. */
static void fz_settle(struct rsd_daemon *d)
{
	int n = 0, busy = 0;

	while ((n = rsd_loop_once(&d->loop, 0)) > 0 || busy == 0) {
		FZ_CHECK(n >= 0, "the event loop failed");
		rsd_daemon_reap(d);
		FZ_CHECK(++busy < 10000, "the daemon does not settle (10000 busy loop turns)");
		if (n == 0)
			break;
	}
	rsd_daemon_reap(d);
}

/* The earliest deadline among the session's connection timers (hold,
 * keepalive, linger), 0 when none is armed. */
static uint64_t fz_conn_deadline(const struct rsd_session *s)
{
	uint64_t best = 0;

	for (int i = 0; i < 2; i++) {
		const struct rsd_conn *c = s->conn[i];
		const struct rsd_timer *t[3];

		if (c == NULL)
			continue;
		t[0] = &c->hold_t;
		t[1] = &c->ka_t;
		t[2] = &c->linger_t;
		for (int k = 0; k < 3; k++)
			if (rsd_timer_armed(t[k]) && (best == 0 || t[k]->when < best))
				best = t[k]->when;
	}
	return best;
}

/* Move the daemon's virtual clock: op 0x80-0x9f jumps to the next
 * connection timer, 0xa0-0xbf moves 1 to 32 seconds. Every timer due by
 * then fires, in deadline order, as it would in real time. */
static void fz_advance(struct rsd_daemon *d, struct rsd_session *s, uint8_t op)
{
	uint64_t to;

	if (op & 0x20)
		to = rsd_loop_now(&d->loop) + 1000u * ((op & 0x1fu) + 1u);
	else
		to = fz_conn_deadline(s);
	if (to != 0)
		rsd_loop_advance(&d->loop, to);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_peer p;
	static struct rsd_daemon d;
	static const uint16_t holds[4] = {90, 0, 3, 180};
	struct fz_in in = {data, size};
	struct rsd_session *s;
	uint8_t flags, msg[BGP_MAX_LEN];
	char err[256];
	int sv[2];
	bool established = false;

	if (size < 1)
		return 0;
	fz_session_config();
	FZ_CHECK(rsd_daemon_init(&d, fz_cfg, err, sizeof(err)) == 0, "daemon: %s", err);
	rsd_loop_set_virtual(&d.loop);
	s = &d.peers[0].sess[0];
	FZ_CHECK(d.peers[0].used && s->d == &d, "peer 0 not configured");
	FZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair: %s", strerror(errno));
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	memset(&p, 0, sizeof(p));
	p.fd = sv[1];
	flags = fz_in_u8(&in);
	p.as4 = flags & 1;
	p.hold = holds[flags >> 1 & 3];
	p.last_msg = rsd_loop_now(&d.loop);
	rsd_session_accept(s, sv[0]);
	fz_settle(&d);
	fz_check_replies(&p, s, false);
	for (int step = 0; step < FZ_MAX_STEPS && in.n > 0 && !p.closed; step++) {
		uint8_t op = fz_in_u8(&in);

		if (op < 0x40) {
			fz_send(&p, &d.loop, msg, fz_canned(&p, op & 7, msg, sizeof(msg)));
		} else if (op < 0x80) {
			size_t n = op & 0x3f;

			n = n < in.n ? n : in.n;
			fz_send(&p, &d.loop, in.p, n);
			in.p += n;
			in.n -= n;
		} else if (op < 0xc0) {
			fz_advance(&d, s, op);
		} else {
			shutdown(p.fd, SHUT_WR);
			p.closed = true;
		}
		fz_settle(&d);
		established |= rsd_session_state(s) == RSD_ESTABLISHED;
		fz_check_replies(&p, s, established);
	}
	close(p.fd);
	fz_settle(&d);
	rsd_daemon_free(&d);
	return 0;
}
