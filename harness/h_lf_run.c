/* h_lf_run.c: one exchange alone, and the session upkeep around it (see
 * h_lf.h). The pipelined campaign is in h_lf_campaign.c. */
#include "h_lf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool h_lf_present(const struct h_lf_world *w, uint32_t p)
{
	uint32_t s = (p - LF_SPACE) >> 8;

	return s < LF_SLOTS && w->present[s];
}

static void h_lf_mark(struct h_lf_world *w, const struct bgp_prefix *pf, bool on)
{
	uint32_t a, s;

	if (pf->afi != BGP_AFI_IPV4 || pf->len != 24)
		return;
	a = (uint32_t)pf->addr[0] << 24 | (uint32_t)pf->addr[1] << 16 | (uint32_t)pf->addr[2] << 8;
	s = (a - LF_SPACE) >> 8;
	if (s < LF_SLOTS)
		w->present[s] = on;
}

/* The sink's view of what the server announces; and the sender's oracle in
 * small: whatever the server sends must decode cleanly. */
static void h_lf_sink_update(void *arg, struct h_lf_peer *p, const struct bgp_msg *m,
                             const struct bgp_verdict *v, const uint8_t *raw, size_t len)
{
	struct h_lf_world *w = arg;
	const struct bgp_update *u = &m->u.update;
	size_t i;

	(void)p;
	(void)raw;
	(void)len;
	if (v->action == BGP_ACT_SESSION_RESET) {
		w->sink_bad = true;
		snprintf(w->sink_why, sizeof(w->sink_why), "%s (%s)", v->reason ? v->reason : "?",
		         v->rule ? v->rule : "?");
		return;
	}
	if (v->action != BGP_ACT_OK && !w->sink_bad) {
		w->sink_bad = true;
		snprintf(w->sink_why, sizeof(w->sink_why), "%s: %s (%s)",
		         bgp_action_name(v->action), v->reason ? v->reason : "?",
		         v->rule ? v->rule : "?");
	}
	for (i = 0; i < u->nwithdrawn; i++)
		h_lf_mark(w, &u->withdrawn[i], false);
	for (i = 0; i < u->nnlri; i++)
		h_lf_mark(w, &u->nlri[i], v->action != BGP_ACT_TREAT_AS_WITHDRAW);
}

int h_lf_world_init(struct h_lf_world *w, struct h_lf_target *t, const struct h_lf_opts *o,
                    struct h_lf_stats *st)
{
	memset(w, 0, sizeof(*w));
	w->t = t;
	w->o = o;
	w->st = st;
	w->present = calloc(LF_SLOTS, 1);
	if (!w->present ||
	    h_lf_peer_init(&w->feeder, "feeder", t->feeder_src, t->listen, t->port, t->feeder_as,
	                   180) ||
	    h_lf_peer_init(&w->sink, "sink", t->sink_src, t->listen, t->port, t->sink_as, 180))
		return -1;
	w->sink.on_update = h_lf_sink_update;
	w->sink.arg = w;
	for (w->nrs = 0; w->nrs < t->nrs; w->nrs++) {
		char *name = w->rs_name[w->nrs];

		snprintf(name, sizeof(w->rs_name[0]), "reset%zu", w->nrs + 1);
		if (h_lf_peer_init(&w->rs[w->nrs], name, t->rs_src[w->nrs], t->listen, t->port,
		                   t->rs_as[w->nrs], 180))
			return -1;
	}
	return 0;
}

void h_lf_world_free(struct h_lf_world *w)
{
	h_lf_peer_free(&w->feeder);
	h_lf_peer_free(&w->sink);
	for (size_t i = 0; i < w->nrs; i++)
		h_lf_peer_free(&w->rs[i]);
	w->nrs = 0;
	free(w->present);
	w->present = NULL;
}

void h_lf_pump(struct h_lf_world *w, double timeout)
{
	struct h_lf_peer *peers[2 + LF_MAX_RS] = {&w->feeder, &w->sink};

	for (size_t i = 0; i < w->nrs; i++)
		peers[2 + i] = &w->rs[i];
	h_lf_poll(peers, 2 + w->nrs, timeout);
}

void h_lf_rs_upkeep(struct h_lf_world *w)
{
	double now = h_lf_now();
	char err[160];

	for (size_t i = 0; i < w->nrs; i++) {
		struct h_lf_peer *r = &w->rs[i];

		if (r->state != LF_ESTABLISHED && r->state != LF_IDLE && now - r->t_state > 3.0)
			h_lf_peer_close(r);
		if (r->state == LF_IDLE && now >= w->rs_retry[i]) {
			/* a target holding the peer down (refusing, or closing before
			 * Established) is asked again less and less often, up to 1 s */
			w->rs_backoff[i] = r->ups == w->rs_ups[i]
			                       ? (w->rs_backoff[i] ? w->rs_backoff[i] * 2 : 0.01)
			                       : 0;
			if (w->rs_backoff[i] > 1.0)
				w->rs_backoff[i] = 1.0;
			w->rs_ups[i] = r->ups;
			h_lf_peer_clear_events(r);
			if (!h_lf_peer_connect(r, err, sizeof(err)))
				w->st->reconnects++;
			w->rs_retry[i] = now + 0.002 + w->rs_backoff[i];
		}
	}
}

static bool h_lf_both_up(const struct h_lf_world *w)
{
	return w->feeder.state == LF_ESTABLISHED && w->sink.state == LF_ESTABLISHED;
}

int h_lf_world_up(struct h_lf_world *w, char *err, size_t errcap)
{
	/* a target restarted by its own supervisor may hold new sessions down */
	double end = h_lf_now() + w->t->connect_grace + (w->t->reference ? 5.0 : 30.0), retry = 0;

	while (!h_lf_both_up(w)) {
		double now = h_lf_now();

		if (now > end) {
			snprintf(err, errcap,
			         "the sessions to %s did not come up (feeder %s, sink %s)",
			         w->t->name, w->feeder.state == LF_ESTABLISHED ? "up" : "down",
			         w->sink.state == LF_ESTABLISHED ? "up" : "down");
			return -1;
		}
		if (now >= retry) {
			char e2[160];

			if (w->feeder.state == LF_IDLE &&
			    !h_lf_peer_connect(&w->feeder, e2, sizeof(e2)))
				w->st->reconnects++;
			if (w->sink.state == LF_IDLE) {
				memset(w->present, 0, LF_SLOTS);
				w->sink_bad = false;
				h_lf_peer_connect(&w->sink, e2, sizeof(e2));
			}
			retry = now + 0.25;
		}
		/* a peer stuck half-open is retried */
		if (w->feeder.state != LF_ESTABLISHED && w->feeder.state != LF_IDLE &&
		    now - w->feeder.t_state > 3.0)
			h_lf_peer_close(&w->feeder);
		if (w->sink.state != LF_ESTABLISHED && w->sink.state != LF_IDLE &&
		    now - w->sink.t_state > 3.0)
			h_lf_peer_close(&w->sink);
		h_lf_pump(w, 0.01);
	}
	return 0;
}

/* Wait until cond(w, arg) or the deadline; pumping I/O. */
static bool h_lf_wait(struct h_lf_world *w, double secs,
                      bool (*cond)(struct h_lf_world *, uint32_t), uint32_t arg)
{
	double end = h_lf_now() + secs;

	while (!cond(w, arg)) {
		if (h_lf_now() > end || w->feeder.state != LF_ESTABLISHED)
			return false;
		h_lf_pump(w, 0.002);
	}
	return true;
}

static bool h_lf_is_on(struct h_lf_world *w, uint32_t p)
{
	return h_lf_present(w, p);
}

static bool h_lf_is_off(struct h_lf_world *w, uint32_t p)
{
	return !h_lf_present(w, p);
}

void h_lf_withdraw_from(struct h_lf_peer *f, uint64_t idx)
{
	uint8_t b[64];

	if (f->state == LF_ESTABLISHED)
		h_lf_peer_send(
		    f, b, h_lf_withdraw(b, h_lf_prefix_of(idx, false), h_lf_prefix_of(idx, true)));
}

void h_lf_send_withdraw(struct h_lf_world *w, uint64_t idx)
{
	h_lf_withdraw_from(&w->feeder, idx);
}

/* Every feeder announces next hop 10.0.1.4, the pipelined feeder's address
 * (for the others a third-party next hop, as a load balancer frontend is),
 * the same one the generated messages carry. */
void h_lf_announce_from(struct h_lf_world *w, struct h_lf_peer *f, uint32_t p)
{
	uint8_t b[128];

	(void)w;
	h_lf_peer_send(f, b, h_lf_announce(b, p, f->asn, 0x0A000104));
}

void h_lf_send_announce(struct h_lf_world *w, uint32_t p)
{
	h_lf_announce_from(w, &w->feeder, p);
}

/* After the message: a NOTIFICATION, a close, the sentinel, or nothing. */
static void h_lf_observe(struct h_lf_world *w, uint32_t p, uint32_t s, struct h_lf_obs *o)
{
	double end = h_lf_now() + 3.0 + w->t->settle, seen = 0;

	o->cls = LF_O_HANG;
	for (;;) {
		double now = h_lf_now();

		h_lf_pump(w, 0.002);
		if (w->feeder.got_notification) {
			o->cls = LF_O_RESET;
			o->code = w->feeder.code;
			o->subcode = w->feeder.subcode;
			break;
		}
		if (w->feeder.closed || w->feeder.state == LF_IDLE) {
			o->cls = LF_O_CLOSED;
			break;
		}
		if (!h_lf_target_alive(w->t)) {
			o->cls = LF_O_GONE;
			break;
		}
		if (!seen && h_lf_present(w, s))
			seen = now;
		if (seen && now - seen >= w->t->settle) {
			o->cls = h_lf_present(w, p) ? LF_O_PRESENT : LF_O_WITHDRAWN;
			break;
		}
		if (now > end)
			break;
	}
	/* whether the other peer went down with it (a crash or a restart) */
	end = h_lf_now() + (!w->t->reference && (o->cls == LF_O_RESET || o->cls == LF_O_CLOSED)
	                        ? LF_AFTERMATH
	                        : 0.0);
	do
		h_lf_pump(w, 0.002);
	while (w->sink.state == LF_ESTABLISHED && h_lf_now() < end);
	o->sink_dropped = w->sink.state != LF_ESTABLISHED;
	if (o->sink_dropped && o->cls != LF_O_PRESENT && o->cls != LF_O_WITHDRAWN)
		o->cls = LF_O_GONE;
	if (!h_lf_target_alive(w->t))
		o->cls = LF_O_GONE;
	o->sink_malformed = w->sink_bad;
	snprintf(o->sink_why, sizeof(o->sink_why), "%s", w->sink_why);
}

int h_lf_run_alone(struct h_lf_world *w, const struct h_lf_ex *e, struct h_lf_obs *o)
{
	uint32_t p = h_lf_prefix_of(e->index, false), s = h_lf_prefix_of(e->index, true);
	char err[200];

	memset(o, 0, sizeof(*o));
	if (h_lf_world_up(w, err, sizeof(err)))
		return -1;
	if (h_lf_present(w, p) || h_lf_present(w, s)) {
		h_lf_send_withdraw(w, e->index);
		h_lf_wait(w, 2.0, h_lf_is_off, p);
		h_lf_wait(w, 2.0, h_lf_is_off, s);
	}
	h_lf_peer_clear_events(&w->feeder);
	w->sink_bad = false;
	/* an exchange that must end the session needs no route to watch */
	if (e->allowed & (LF_BIT(LF_O_PRESENT) | LF_BIT(LF_O_WITHDRAWN))) {
		h_lf_send_announce(w, p);
		if (!h_lf_wait(w, 2.0 + w->t->settle, h_lf_is_on, p))
			return -1;
	}
	h_lf_peer_send(&w->feeder, e->msg, e->len);
	h_lf_send_announce(w, s);
	h_lf_observe(w, p, s, o);
	h_lf_send_withdraw(w, e->index);
	return 0;
}
