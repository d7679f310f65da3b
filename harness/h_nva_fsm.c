/* h_nva_fsm.c: one fake NVA session's state machine: reading and framing
 * what the server sends, answering OPEN, KEEPALIVE, NOTIFICATION and
 * ROUTE-REFRESH, and the hold, keepalive and reconnect timers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp_codec.h"
#include "ev_pcap.h"
#include "ev_wirelog.h"
#include "h_nva_int.h"
#include "h_wire.h"

/* ---- receiving ---- */
static void h_rx_open(struct h_sess *s, const struct bgp_open *o)
{
	/* what the NVA announced: its own OPEN, or the one a raw script sent */
	unsigned ours = s->own_known ? s->own.hold : s->nva->spec->hold;
	unsigned caps = s->own_known ? s->own.caps : s->nva->spec->caps;
	uint8_t b[64];
	size_t len;

	s->got_open = true;
	h_open_digest(o, &s->peer);
	s->hold = o->hold_time < ours ? o->hold_time : ours;
	s->ctx.as4 = o->has_as4 && (caps & H_CAP_AS4);
	s->ctx.ext_msg = o->ext_msg && (caps & H_CAP_EXT); /* RFC 8654: both announced it */
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
