/* rsd_session.c: the RFC 4271 FSM of one peer on one instance. The
 * session both opens connections (connect-retry timer) and accepts them;
 * while two connections exist, the collision is resolved by BGP
 * identifier when the second OPEN arrives (RFC 4271 6.8). */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rs_fault.h"
#include "rsd_daemon.h"

static void rsd_session_retry(void *arg);
static void rsd_conn_hold_expired(void *arg);
static void rsd_conn_keepalive(void *arg);
static void rsd_session_connected(struct rsd_conn *c);
static void rsd_session_message(struct rsd_conn *c, const uint8_t *msg, size_t len);
static void rsd_session_conn_error(struct rsd_conn *c, uint8_t code, uint8_t sub);
static void rsd_session_conn_gone(struct rsd_conn *c, const char *why);

/* What the session's connections report to it (rsd_io.c). */
static const struct rsd_conn_hooks rsd_session_hooks = {
    .connected = rsd_session_connected,
    .message = rsd_session_message,
    .error = rsd_session_conn_error,
    .gone = rsd_session_conn_gone,
};

void rsd_session_init(struct rsd_daemon *d, struct rsd_peer *p, unsigned inst)
{
	struct rsd_session *s = &p->sess[inst];
	memset(s, 0, sizeof(*s));
	s->d = d;
	s->peer = p;
	s->inst = inst;
	s->logged = RSD_IDLE;
	clock_gettime(CLOCK_REALTIME, &s->since);
	rsd_timer_init(&s->retry_t, rsd_session_retry, s);
	struct rsd_instance *in = &d->inst[inst];
	if (!in->adjout)
		in->adjout = rsd_adjout_common_new();
	s->out = rsd_adjout_new(in->adjout);
}

enum rsd_state rsd_session_state(const struct rsd_session *s)
{
	enum rsd_state best = RSD_IDLE;
	for (int i = 0; i < 2; i++) {
		const struct rsd_conn *c = s->conn[i];
		if (c && !c->closing && !c->dead && c->st > best)
			best = c->st;
	}
	if (best == RSD_IDLE && rsd_timer_armed(&s->retry_t))
		best = RSD_ACTIVE;
	return best;
}

void rsd_session_note(struct rsd_session *s, const char *reason)
{
	enum rsd_state now = rsd_session_state(s);
	enum rsd_state was = s->logged;
	if (now == was)
		return;
	s->logged = now;
	clock_gettime(CLOCK_REALTIME, &s->since);
	/* Connect/Active/Idle churn while a peer is not listening is not news. */
	if (was <= RSD_ACTIVE && now <= RSD_ACTIVE)
		return;
	char addr[16];
	bgp_addr_format_ipv4(s->d->peer_cfg[s->peer->id].addr, addr, sizeof(addr));
	rsd_log_event(&s->d->log, s->d->inst[s->inst].role,
	              "event=state peer=%s addr=%s from=%s to=%s reason=\"%s\"", rsd_peer_name(s),
	              addr, rsd_state_name(was), rsd_state_name(now), reason ? reason : "");
}

/* The NOTIFICATION c sends or received, as the session's last error. */
static void rsd_session_conn_error(struct rsd_conn *c, uint8_t code, uint8_t sub)
{
	rsd_notification_name(code, sub, c->s->last_error, sizeof(c->s->last_error));
}

void rsd_session_start(struct rsd_session *s, uint64_t delay_ms)
{
	if (s->d->stopping || !s->peer->used)
		return;
	rsd_timer_arm(&s->d->loop, &s->retry_t, delay_ms);
	rsd_session_note(s, "start");
}

static int rsd_session_add_conn(struct rsd_session *s, struct rsd_conn *c)
{
	for (int i = 0; i < 2; i++) {
		if (!s->conn[i]) {
			s->conn[i] = c;
			return 0;
		}
	}
	return -1;
}

/* Connect-retry: open a connection from the instance's listen address. */
static void rsd_session_retry(void *arg)
{
	struct rsd_session *s = arg;
	struct rsd_daemon *d = s->d;
	if (d->stopping || !s->peer->used)
		return;
	rsd_timer_arm(&d->loop, &s->retry_t, rsd_ms(d, d->cfg->timers.connect_retry));
	/* A connect still pending after a whole retry interval is given up. */
	for (int i = 0; i < 2; i++)
		if (s->conn[i] && s->conn[i]->st == RSD_CONNECT && !s->conn[i]->inbound)
			rsd_conn_close(s->conn[i], "connect timed out");
	if (s->conn[0] || s->conn[1])
		return;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in la = {.sin_family = AF_INET};
	la.sin_addr.s_addr = htonl(d->cfg->inst[s->inst].listen);
	struct sockaddr_in ra = {.sin_family = AF_INET, .sin_port = htons(d->cfg->port)};
	ra.sin_addr.s_addr = htonl(d->peer_cfg[s->peer->id].addr);
	if (bind(fd, (struct sockaddr *)&la, sizeof(la)) < 0 ||
	    rsd_fault_md5_peer(d, fd, &d->peer_cfg[s->peer->id]) < 0 ||
	    (connect(fd, (struct sockaddr *)&ra, sizeof(ra)) < 0 && errno != EINPROGRESS)) {
		close(fd);
		rsd_session_note(s, "connect failed");
		return;
	}
	struct rsd_conn *c = rsd_conn_new(s, fd, false, &rsd_session_hooks);
	if (!c) {
		close(fd);
		return;
	}
	rsd_timer_init(&c->hold_t, rsd_conn_hold_expired, c);
	rsd_timer_init(&c->ka_t, rsd_conn_keepalive, c);
	rsd_session_add_conn(s, c);
	rsd_session_note(s, "connecting");
}

/* Our connection to the peer went through: send the OPEN. */
static void rsd_session_connected(struct rsd_conn *c)
{
	struct rsd_daemon *d = c->s->d;
	uint8_t open[BGP_MAX_LEN];
	size_t n = rsd_open_build(d, c->s->inst, open, sizeof(open));
	c->st = RSD_OPENSENT;
	rsd_timer_arm(&d->loop, &c->hold_t, rsd_ms(d, RSD_OPENSENT_HOLD));
	rsd_conn_send(c, open, n);
	rsd_conn_watch(c);
	rsd_session_note(c->s, "connected, OPEN sent");
}

void rsd_session_accept(struct rsd_session *s, int fd)
{
	struct rsd_daemon *d = s->d;
	if (s->est) {
		/* RFC 4271 6.8: a collision with an Established session. */
		uint8_t buf[64];
		uint8_t open[BGP_MAX_LEN];
		size_t on = rsd_open_build(d, s->inst, open, sizeof(open));
		size_t n = bgp_encode_notification(BGP_ERR_CEASE, BGP_CEASE_COLLISION, NULL, 0, buf,
		                                   sizeof(buf));
		if (send(fd, open, on, MSG_NOSIGNAL | MSG_DONTWAIT) == (ssize_t)on)
			(void)!send(fd, buf, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		rsd_log_event(&d->log, d->inst[s->inst].role,
		              "event=notification-sent peer=%s code=6 subcode=7 "
		              "name=\"Cease/Connection Collision Resolution\" "
		              "reason=\"session already Established\"",
		              rsd_peer_name(s));
		close(fd);
		return;
	}
	/* Prefer the peer's connection over our own attempt still connecting,
	 * and a fresh inbound connection over an older one. */
	for (int i = 0; i < 2; i++) {
		struct rsd_conn *o = s->conn[i];
		if (o && (o->st == RSD_CONNECT || (o->inbound && o->st == RSD_OPENSENT)))
			rsd_conn_close(o, "superseded by an inbound connection");
	}
	if (s->conn[0] && s->conn[1]) {
		close(fd);
		return;
	}
	struct rsd_conn *c = rsd_conn_new(s, fd, true, &rsd_session_hooks);
	if (!c) {
		close(fd);
		return;
	}
	rsd_session_add_conn(s, c);
	uint8_t open[BGP_MAX_LEN];
	size_t n = rsd_open_build(d, s->inst, open, sizeof(open));
	c->st = RSD_OPENSENT;
	rsd_timer_init(&c->hold_t, rsd_conn_hold_expired, c);
	rsd_timer_init(&c->ka_t, rsd_conn_keepalive, c);
	rsd_timer_arm(&d->loop, &c->hold_t, rsd_ms(d, RSD_OPENSENT_HOLD));
	rsd_conn_send(c, open, n);
	rsd_session_note(s, "accepted, OPEN sent");
}

static void rsd_session_conn_gone(struct rsd_conn *c, const char *why)
{
	struct rsd_session *s = c->s;
	struct rsd_daemon *d = s->d;
	for (int i = 0; i < 2; i++)
		if (s->conn[i] == c)
			s->conn[i] = NULL;
	if (s->est == c) {
		s->est = NULL;
		struct rsd_instance *in = &d->inst[s->inst];
		if (rs_rib_peer_flush(in->rib, s->peer->id) > 0)
			in->dirty = true;
		rsd_adjout_clear(s->out, in->attrs);
		s->afi_disabled = false;
	}
	c->st = RSD_IDLE;
	if (!s->conn[0] && !s->conn[1] && !d->stopping && s->peer->used &&
	    !rsd_timer_armed(&s->retry_t))
		rsd_timer_arm(&d->loop, &s->retry_t, rsd_ms(d, d->cfg->timers.connect_retry));
	rsd_session_note(s, why);
}

void rsd_session_stop(struct rsd_session *s, uint8_t code, uint8_t sub, const char *why)
{
	rsd_timer_stop(&s->d->loop, &s->retry_t);
	for (int i = 0; i < 2; i++) {
		struct rsd_conn *c = s->conn[i];
		if (!c)
			continue;
		if (c->st >= RSD_OPENSENT)
			rsd_conn_notify(c, code, sub, NULL, 0, why);
		else
			rsd_conn_close(c, why);
	}
	rsd_timer_stop(&s->d->loop, &s->retry_t);
	rsd_session_note(s, why);
}

void rsd_session_free(struct rsd_session *s)
{
	struct rsd_instance *in = &s->d->inst[s->inst];
	if (s->out)
		rsd_adjout_free(s->out, in->attrs);
	s->out = NULL;
	if (in->adjout && rsd_adjout_common_members(in->adjout) == 0) {
		rsd_adjout_common_free(in->adjout, in->attrs);
		in->adjout = NULL;
	}
}

static void rsd_conn_hold_expired(void *arg)
{
	struct rsd_conn *c = arg;
	rsd_conn_notify(c, BGP_ERR_HOLD, 0, NULL, 0, "hold timer expired");
}

static void rsd_conn_send_keepalive(struct rsd_conn *c)
{
	uint8_t buf[BGP_HEADER_LEN];
	size_t n = bgp_encode_keepalive(buf, sizeof(buf));
	rsd_conn_send(c, buf, n);
}

static void rsd_conn_keepalive(void *arg)
{
	struct rsd_conn *c = arg;
	struct rsd_daemon *d = c->s->d;
	if (c->dead || c->closing)
		return;
	if (c->keepalive > 0)
		rsd_timer_arm(&d->loop, &c->ka_t, rsd_ms(d, c->keepalive));
	rsd_conn_send_keepalive(c);
}

static void rsd_conn_restart_hold(struct rsd_conn *c)
{
	struct rsd_daemon *d = c->s->d;
	if (c->hold > 0 && !rs_fault_on(d->cfg->faults, RS_FAULT_NO_HOLD_TIMER))
		rsd_timer_arm(&d->loop, &c->hold_t, rsd_ms(d, c->hold));
	else
		rsd_timer_stop(&d->loop, &c->hold_t);
}

static struct rsd_conn *rsd_session_other(struct rsd_session *s, struct rsd_conn *c)
{
	return s->conn[0] == c ? s->conn[1] : s->conn[0];
}

static void rsd_log_received(struct rsd_conn *c, const struct bgp_notification *n)
{
	struct rsd_daemon *d = c->s->d;
	char name[96];
	rsd_notification_name(n->code, n->subcode, name, sizeof(name));
	rsd_log_event(&d->log, d->inst[c->s->inst].role,
	              "event=notification-received peer=%s code=%u subcode=%u name=\"%s\"",
	              rsd_peer_name(c->s), n->code, n->subcode, name);
	rsd_session_conn_error(c, n->code, n->subcode);
}

static void rsd_session_open(struct rsd_conn *c, const struct bgp_open *o)
{
	struct rsd_session *s = c->s;
	struct rsd_daemon *d = s->d;
	uint8_t code = 0, sub = 0;
	const char *rule = NULL;
	if (rsd_open_check(d, s, o, &code, &sub, &rule) != 0) {
		rsd_log_event(&d->log, d->inst[s->inst].role,
		              "event=open-refused peer=%s rule=%s code=%u subcode=%u",
		              rsd_peer_name(s), rule, code, sub);
		rsd_conn_notify(c, code, sub, NULL, 0, rule);
		return;
	}
	c->peer_bgp_id = o->bgp_id;
	c->peer_rr = o->route_refresh || o->enhanced_rr;
	c->peer_as4 = o->has_as4;
	rsd_hold_negotiate(d->cfg->timers.hold, o->hold_time, &c->hold, &c->keepalive);
	/* RFC 4271 6.8: resolve a collision with a connection in OpenConfirm. */
	struct rsd_conn *o2 = rsd_session_other(s, c);
	if (o2 && !o2->closing && o2->st == RSD_OPENCONFIRM) {
		bool keep_in = rsd_collision_keep_inbound(d->cfg->inst[s->inst].addr, o->bgp_id);
		struct rsd_conn *loser = (c->inbound == keep_in) ? o2 : c;
		rsd_conn_notify(loser, BGP_ERR_CEASE, BGP_CEASE_COLLISION, NULL, 0,
		                "connection collision resolution");
		if (loser == c)
			return;
	}
	c->st = RSD_OPENCONFIRM;
	rsd_conn_send_keepalive(c);
	if (c->dead || c->closing)
		return;
	rsd_conn_restart_hold(c);
	if (c->keepalive > 0)
		rsd_timer_arm(&d->loop, &c->ka_t, rsd_ms(d, c->keepalive));
	rsd_session_note(s, "OPEN received");
}

static void rsd_session_established(struct rsd_conn *c)
{
	struct rsd_session *s = c->s;
	struct rsd_daemon *d = s->d;
	struct rsd_conn *o2 = rsd_session_other(s, c);
	if (o2)
		rsd_conn_notify(o2, BGP_ERR_CEASE, BGP_CEASE_COLLISION, NULL, 0,
		                "connection collision resolution");
	c->st = RSD_ESTABLISHED;
	s->est = c;
	s->last_error[0] = 0;
	const struct rs_peer_cfg *pc = &d->peer_cfg[s->peer->id];
	memset(&s->ctx, 0, sizeof(s->ctx));
	s->ctx.as4 = c->peer_as4;
	s->ctx.ibgp = pc->asn == d->cfg->asn;
	s->ctx.rfc4271_only = rs_fault_on(d->cfg->faults, RS_FAULT_RESET_ON_7606);
	s->ctx.local_as = d->cfg->asn;
	s->ctx.peer_as = pc->asn;
	s->afi_disabled = false;
	rsd_timer_stop(&d->loop, &s->retry_t);
	rsd_session_note(s, "OPEN accepted");
	rsd_adjout_clear(s->out, d->inst[s->inst].attrs);
	rsd_export_sync(s, false);
	if (c->dead || c->closing)
		return;
	uint8_t eor[64];
	size_t n = bgp_encode_eor(BGP_AFI_IPV4, BGP_SAFI_UNICAST, eor, sizeof(eor));
	rsd_conn_send(c, eor, n);
}

static void rsd_session_decode_reset(struct rsd_conn *c, const struct bgp_verdict *v)
{
	struct rsd_daemon *d = c->s->d;
	rsd_log_event(&d->log, d->inst[c->s->inst].role,
	              "event=decode-error peer=%s action=%s rule=%s code=%u subcode=%u "
	              "reason=\"%s\"",
	              rsd_peer_name(c->s), bgp_action_name(v->action), v->rule ? v->rule : "-",
	              v->code, v->subcode, v->reason ? v->reason : "");
	rsd_conn_notify(c, v->code, v->subcode, v->data, v->data_len,
	                v->reason ? v->reason : "decode error");
}

static void rsd_session_message(struct rsd_conn *c, const uint8_t *msg, size_t len)
{
	struct rsd_session *s = c->s;
	struct rsd_daemon *d = s->d;
	uint8_t type = len >= BGP_HEADER_LEN ? msg[18] : 0;
	if (c->st >= RSD_OPENCONFIRM)
		rsd_conn_restart_hold(c);
	if (type == BGP_UPDATE && c->st == RSD_ESTABLISHED) {
		rsd_update_receive(c, msg, len);
		return;
	}
	struct bgp_ctx ctx = s->ctx;
	ctx.local_as = 0;
	ctx.peer_as = 0;
	struct bgp_msg m;
	struct bgp_verdict v;
	memset(&v, 0, sizeof(v));
	bgp_arena_reset(&d->arena);
	if (bgp_decode(msg, len, &ctx, &d->arena, &m, &v) == BGP_ACT_SESSION_RESET) {
		rsd_session_decode_reset(c, &v);
		return;
	}
	if (m.type == BGP_NOTIFICATION) {
		rsd_log_received(c, &m.u.notification);
		rsd_conn_close(c, "NOTIFICATION received");
		return;
	}
	switch (c->st) {
	case RSD_OPENSENT:
		if (m.type == BGP_OPEN) {
			rsd_session_open(c, &m.u.open);
			return;
		}
		rsd_conn_notify(c, BGP_ERR_FSM, 1, NULL, 0, "unexpected message in OpenSent");
		return;
	case RSD_OPENCONFIRM:
		if (m.type == BGP_KEEPALIVE) {
			rsd_session_established(c);
			return;
		}
		rsd_conn_notify(c, BGP_ERR_FSM, 2, NULL, 0, "unexpected message in OpenConfirm");
		return;
	case RSD_ESTABLISHED:
		if (m.type == BGP_KEEPALIVE)
			return;
		if (m.type == BGP_ROUTE_REFRESH) {
			if (m.u.route_refresh.afi == BGP_AFI_IPV4 &&
			    m.u.route_refresh.subtype == BGP_RR_NORMAL)
				rsd_export_sync(s, true);
			return;
		}
		rsd_conn_notify(c, BGP_ERR_FSM, 3, NULL, 0, "unexpected message in Established");
		return;
	default:
		rsd_conn_close(c, "message in an unexpected state");
		return;
	}
}
