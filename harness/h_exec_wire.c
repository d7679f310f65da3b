/* h_exec_wire.c: the expectations on what a fake NVA's session saw on the
 * wire. Each check answers 1 (satisfied), 0 (not yet) or -1 (violated) and
 * says what it observed; it asks the fake NVA only through h_nva.h. */
#include <stdio.h>
#include <string.h>

#include "bgp_codec.h"
#include "h_exec_int.h"

/* One check of one alternative on one session. */
struct h_wck {
	const struct h_ex *x;
	const struct h_sess *s;
	const struct h_mark *m; /* what the session had seen at the last action */
	const struct h_alt *a;
	char *obs;
	size_t cap;
	unsigned hold; /* nominal hold time for xhold durations */
};

typedef int (*h_wck_fn)(const struct h_wck *c);

static const char *h_state(const struct h_sess *s)
{
	return h_sess_state_name(h_sess_state(s));
}

/* The NOTIFICATIONs and closes received since message `from`. */
static void h_list_notifs(const struct h_sess *s, size_t from, char *obs, size_t cap)
{
	size_t i, o = 0, n = h_sess_nrx(s);

	o += (size_t)snprintf(obs, cap, "state %s", h_state(s));
	for (i = from; i < n && o < cap; i++) {
		const struct h_rx *r = h_sess_rx(s, i);
		if (r->type == BGP_NOTIFICATION)
			o += (size_t)snprintf(obs + o, cap - o, ", NOTIFICATION %u/%u", r->code,
			                      r->subcode);
		else if (r->type == 0)
			o += (size_t)snprintf(obs + o, cap - o, ", closed (%s)",
			                      h_sess_last_close(s));
	}
	if (from >= n && o < cap)
		snprintf(obs + o, cap - o, ", nothing received since the last action");
}

static int h_ck_established(const struct h_wck *c)
{
	const struct h_sess *s = c->s;
	const struct h_target *t = c->x->o->target;
	bool up = h_sess_state(s) == H_SS_ESTABLISHED;

	snprintf(c->obs, c->cap, "state %s%s%s", h_state(s),
	         h_sess_last_close(s)[0] ? ", last close: " : "", h_sess_last_close(s));
	/* a target may need a moment before it processes UPDATEs */
	if (t && t->settle > 0)
		return up && h_world_now(c->x->w) - h_sess_t_established(s) >= t->settle;
	/* reached since the last action, even if dropped again at once */
	return up || h_sess_established_count(s) > c->m->est;
}

static int h_ck_notification(const struct h_wck *c)
{
	const struct h_alt *a = c->a;
	size_t i;

	for (i = c->m->nrx; i < h_sess_nrx(c->s); i++) {
		const struct h_rx *r = h_sess_rx(c->s, i);
		if (r->type != BGP_NOTIFICATION || r->code != a->code)
			continue;
		if (a->subcode >= 0 && r->subcode != a->subcode)
			continue;
		if (a->has_data && (r->ndata < a->ndata || memcmp(r->data, a->data, a->ndata)))
			continue;
		snprintf(c->obs, c->cap, "NOTIFICATION %u/%u", r->code, r->subcode);
		return 1;
	}
	h_list_notifs(c->s, c->m->nrx, c->obs, c->cap);
	return 0;
}

static int h_ck_closed(const struct h_wck *c)
{
	size_t i;

	for (i = c->m->nrx; i < h_sess_nrx(c->s); i++)
		if (h_sess_rx(c->s, i)->type == 0) {
			snprintf(c->obs, c->cap, "closed (%s)", h_sess_last_close(c->s));
			return 1;
		}
	h_list_notifs(c->s, c->m->nrx, c->obs, c->cap);
	return 0;
}

/* A route as expected: attributes, then communities; 0 with obs when not. */
static int h_route_matches(const struct h_wck *c, const struct h_route *e, const char *ps,
                           unsigned i)
{
	const struct h_alt *a = c->a;
	char path[256], nh[16];

	h_route_path(e, path, sizeof(path));
	h_route_next_hop_text(e, nh, sizeof(nh));
	if (a->has_path && strcmp(path, a->path)) {
		snprintf(c->obs, c->cap, "%s with AS_PATH \"%s\"", ps, path);
		return 0;
	}
	if (a->has_nh && h_route_next_hop(e) != a->nh) {
		snprintf(c->obs, c->cap, "%s with NEXT_HOP %s", ps, nh);
		return 0;
	}
	if (a->origin >= 0 && h_route_origin(e) != a->origin) {
		snprintf(c->obs, c->cap, "%s with ORIGIN %d", ps, h_route_origin(e));
		return 0;
	}
	for (size_t k = 0; k < a->ncomm; k++) {
		if (!h_route_has_community(e, a->comm[k])) {
			snprintf(c->obs, c->cap, "%s without community %u:%u", ps, a->comm[k] >> 16,
			         a->comm[k] & 0xFFFF);
			return 0;
		}
	}
	if (!h_route_attrs_match(a, h_route_rx(e), ps, c->obs, c->cap))
		return 0;
	if (i == 0)
		snprintf(c->obs, c->cap, "%s AS_PATH \"%s\" NEXT_HOP %s", ps, path, nh);
	return 1;
}

/* route P ... / withdrawn P: every prefix of the range. */
static int h_ck_route(const struct h_wck *c)
{
	const struct h_alt *a = c->a;
	unsigned i;

	for (i = 0; i < a->count; i++) {
		struct bgp_prefix p;
		const struct h_route *e = h_sess_route_nth(c->s, &a->pfx, i, &p);
		bool present = e && h_route_present(e);
		char ps[64];

		bgp_format_prefix(&p, ps, sizeof(ps));
		if (a->what == H_E_WITHDRAWN) {
			if (present) {
				snprintf(c->obs, c->cap, "%s still announced", ps);
				return 0;
			}
			continue;
		}
		if (!present) {
			snprintf(c->obs, c->cap, "%s not received (%u of %u checked)", ps, i,
			         a->count);
			return 0;
		}
		if (!h_route_matches(c, e, ps, i))
			return 0;
	}
	return 1;
}

/* no route P / never received P: the first of a's prefixes the NVA holds
 * (no route) or was ever announced on the wire (never received) fails. */
static int h_ck_absent(const struct h_wck *c)
{
	const struct h_alt *a = c->a;
	bool wire = a->what == H_E_NEVER_RECEIVED;

	for (unsigned j = 0; j < a->count; j++) {
		struct bgp_prefix p;
		const struct h_route *e = h_sess_route_nth(c->s, &a->pfx, j, &p);
		char ps[64], path[256];

		if (!e || !(wire ? h_route_heard(e) > 0 : h_route_present(e)))
			continue;
		bgp_format_prefix(&p, ps, sizeof(ps));
		h_route_path(e, path, sizeof(path));
		if (wire)
			snprintf(c->obs, c->cap,
			         "%s announced on the wire %u time(s), last with AS_PATH \"%s\"%s",
			         ps, h_route_heard(e), path,
			         h_route_present(e) ? "" : " (ignored by the NVA)");
		else
			snprintf(c->obs, c->cap, "%s received with AS_PATH \"%s\"", ps, path);
		return -1;
	}
	snprintf(c->obs, c->cap, wire ? "never announced on the wire" : "not received");
	return 1;
}

/* Whether r is what a (route refresh, End-of-RIB, keepalive, UPDATE) looks
 * for; keepalives count once the session is up. */
static bool h_rx_is(const struct h_wck *c, const struct h_rx *r)
{
	switch (c->a->what) {
	case H_E_REFRESH:
		return r->type == BGP_ROUTE_REFRESH;
	case H_E_EOR:
		return r->type == BGP_UPDATE && r->eor;
	case H_E_UPDATE:
	case H_E_NO_UPDATE:
		return r->type == BGP_UPDATE;
	case H_E_NO_NOTIFICATION:
		return r->type == BGP_NOTIFICATION;
	case H_E_KEEPALIVE:
	case H_E_NO_KEEPALIVE:
		return r->type == BGP_KEEPALIVE && r->t > h_sess_t_established(c->s);
	default:
		return false;
	}
}

static int h_ck_seen(const struct h_wck *c)
{
	size_t i, n = h_sess_nrx(c->s);

	for (i = c->m->nrx; i < n; i++) {
		const struct h_rx *r = h_sess_rx(c->s, i);
		if (h_rx_is(c, r)) {
			snprintf(c->obs, c->cap, "received at %.3fs", r->t);
			return 1;
		}
	}
	snprintf(c->obs, c->cap, "not received (%zu messages since the last action, state %s)",
	         n - c->m->nrx, h_state(c->s));
	return 0;
}

static int h_ck_quiet(const struct h_wck *c)
{
	size_t i;

	for (i = c->m->nrx; i < h_sess_nrx(c->s); i++) {
		const struct h_rx *r = h_sess_rx(c->s, i);
		if (h_rx_is(c, r)) {
			snprintf(c->obs, c->cap, "%s received at %.3fs",
			         r->type == BGP_UPDATE         ? "UPDATE"
			         : r->type == BGP_NOTIFICATION ? "NOTIFICATION"
			                                       : "KEEPALIVE",
			         r->t);
			return -1;
		}
	}
	snprintf(c->obs, c->cap, "none received");
	return 1;
}

/* keepalive interval D1 to D2, for each of the next two KEEPALIVEs: at least
 * D1 after the previous KEEPALIVE (the one that completed the OPEN exchange
 * included) and at most D2 after the previous message of any type (an
 * UPDATE may restart the timer, RFC 4271 10); and no silence over D2. */
static int h_ck_ka_interval(const struct h_wck *c)
{
	const struct h_alt *a = c->a;
	double scale = c->x->o->scale, prev = -1, prev_ka = -1;
	double lo = h_dur_seconds(&a->ka_min, c->hold, scale);
	double hi = h_dur_seconds(&a->ka_max, c->hold, scale);
	size_t n = h_sess_nrx(c->s);
	unsigned seen = 0;

	for (size_t i = 0; i < n; i++) {
		const struct h_rx *r = h_sess_rx(c->s, i);
		if (r->type == 0) { /* a close ends the count */
			prev = prev_ka = -1;
			seen = 0;
			continue;
		}
		bool counted = r->type == BGP_KEEPALIVE && i >= c->m->nrx && prev_ka >= 0 &&
		               r->t > h_sess_t_established(c->s);
		if (counted) {
			snprintf(c->obs, c->cap,
			         "KEEPALIVE %.3fs after the previous KEEPALIVE, %.3fs after the "
			         "previous message",
			         r->t - prev_ka, r->t - prev);
			if (r->t - prev_ka < lo || r->t - prev > hi)
				return -1;
			if (++seen == 2)
				return 1;
		}
		prev = r->t;
		if (r->type == BGP_KEEPALIVE)
			prev_ka = r->t;
	}
	if (prev >= 0 && h_world_now(c->x->w) - prev > hi) {
		snprintf(c->obs, c->cap, "nothing received for %.3fs after the message at %.3fs",
		         h_world_now(c->x->w) - prev, prev);
		return -1;
	}
	if (!seen)
		snprintf(c->obs, c->cap, "no KEEPALIVE yet (state %s)", h_state(c->s));
	return 0;
}

/* no ipv6 for D: over the whole session, not only since the last action. */
static int h_ck_no_ipv6(const struct h_wck *c)
{
	for (size_t i = 0; i < h_sess_nrx(c->s); i++) {
		const struct h_rx *r = h_sess_rx(c->s, i);
		if (r->type != BGP_UPDATE || !r->msg)
			continue;
		const struct bgp_attrs *a = &r->msg->u.update.attrs;
		bool reach = bgp_attr_has(a, BGP_ATTR_MP_REACH) && a->mp_reach.afi == BGP_AFI_IPV6;
		if (reach ||
		    (bgp_attr_has(a, BGP_ATTR_MP_UNREACH) && a->mp_unreach.afi == BGP_AFI_IPV6)) {
			snprintf(c->obs, c->cap, "UPDATE with %s of AFI 2 (IPv6) received at %.3fs",
			         reach ? "MP_REACH_NLRI" : "MP_UNREACH_NLRI", r->t);
			return -1;
		}
	}
	snprintf(c->obs, c->cap, "no IPv6 route received");
	return 1;
}

/* no session for D: since the last action, not one BGP message from the
 * server and no Established (a close is allowed: the connection failed). */
static int h_ck_no_session(const struct h_wck *c)
{
	for (size_t i = c->m->nrx; i < h_sess_nrx(c->s); i++) {
		const struct h_rx *r = h_sess_rx(c->s, i);
		if (r->type != 0) {
			snprintf(c->obs, c->cap,
			         "a BGP message of type %u received at %.3fs (state %s)", r->type,
			         r->t, h_state(c->s));
			return -1;
		}
	}
	if (h_sess_established_count(c->s) > c->m->est) {
		snprintf(c->obs, c->cap, "the session reached Established");
		return -1;
	}
	snprintf(c->obs, c->cap, "no BGP message from the server (state %s%s%s)", h_state(c->s),
	         h_sess_last_close(c->s)[0] ? ", last close: " : "", h_sess_last_close(c->s));
	return 1;
}

static int h_ck_open(const struct h_wck *c)
{
	const struct h_alt *a = c->a;
	struct h_peer_open o;

	if (!h_sess_peer_open(c->s, &o)) {
		snprintf(c->obs, c->cap, "no OPEN from the server (state %s)", h_state(c->s));
		return 0;
	}
	char id[16];
	bgp_addr_format_ipv4(o.id, id, sizeof(id));
	snprintf(c->obs, c->cap, "OPEN hold %u, id %s, AS %u, capabilities%s%s%s%s%s", o.hold, id,
	         o.asn, o.caps & H_CAP_MP ? " mp" : "", o.caps & H_CAP_RR ? " route-refresh" : "",
	         o.caps & H_CAP_AS4 ? " as4" : "", o.caps & H_CAP_GR ? " graceful-restart" : "",
	         o.caps & H_CAP_ERR ? " enhanced-rr" : "");
	if (a->has_open_hold && o.hold != a->open_hold)
		return -1;
	if ((a->has_open_id && o.id != a->open_id) || (a->has_open_as && o.asn != a->open_as))
		return -1;
	if ((o.caps & a->cap_has) != a->cap_has || (o.caps & a->cap_lacks))
		return -1;
	return 1;
}

static int h_ck_up(const struct h_wck *c)
{
	const struct h_sess *s = c->s;
	size_t i;

	for (i = c->m->nrx; i < h_sess_nrx(s); i++) {
		const struct h_rx *r = h_sess_rx(s, i);
		if ((r->type == BGP_NOTIFICATION || r->type == 0) &&
		    r->t >= h_sess_t_established(s)) {
			h_list_notifs(s, c->m->nrx, c->obs, c->cap);
			return -1;
		}
	}
	if (h_sess_state(s) != H_SS_ESTABLISHED) {
		snprintf(c->obs, c->cap, "state %s", h_state(s));
		return -1;
	}
	snprintf(c->obs, c->cap, "session up");
	return 1;
}

static int h_ck_flaps(const struct h_wck *c)
{
	unsigned drops = h_sess_drop_count(c->s) - c->m->drops;
	unsigned ests = h_sess_established_count(c->s) - c->m->est;

	snprintf(c->obs, c->cap, "%u drop(s), %u establishment(s) since the last action, state %s",
	         drops, ests, h_state(c->s));
	return drops >= c->a->count && ests > c->a->count;
}

static int h_ck_unreachable(const struct h_wck *c)
{
	snprintf(c->obs, c->cap, "%s", h_sess_route_why(c->s));
	return !h_sess_reachable(c->s);
}

static const struct {
	enum h_what what;
	h_wck_fn fn;
} h_wire_checks[] = {
    {H_E_ESTABLISHED, h_ck_established},
    {H_E_NOTIFICATION, h_ck_notification},
    {H_E_CLOSED, h_ck_closed},
    {H_E_ROUTE, h_ck_route},
    {H_E_WITHDRAWN, h_ck_route},
    {H_E_REFRESH, h_ck_seen},
    {H_E_EOR, h_ck_seen},
    {H_E_KEEPALIVE, h_ck_seen},
    {H_E_UPDATE, h_ck_seen},
    {H_E_KEEPALIVE_INTERVAL, h_ck_ka_interval},
    {H_E_OPEN, h_ck_open},
    {H_E_UP, h_ck_up},
    {H_E_NO_ROUTE, h_ck_absent},
    {H_E_NEVER_RECEIVED, h_ck_absent},
    {H_E_NO_UPDATE, h_ck_quiet},
    {H_E_NO_KEEPALIVE, h_ck_quiet},
    {H_E_NO_NOTIFICATION, h_ck_quiet},
    {H_E_NO_IPV6, h_ck_no_ipv6},
    {H_E_NO_SESSION, h_ck_no_session},
    {H_E_FLAPS, h_ck_flaps},
    {H_E_UNREACHABLE, h_ck_unreachable},
};

static int h_check_sess(const struct h_wck *c)
{
	size_t i;

	for (i = 0; i < sizeof(h_wire_checks) / sizeof(h_wire_checks[0]); i++)
		if (h_wire_checks[i].what == c->a->what)
			return h_wire_checks[i].fn(c);
	return 0;
}

int h_check_wire(struct h_ex *x, const struct h_step *st, const struct h_alt *a, char *obs,
                 size_t cap)
{
	unsigned inst = h_inst_of(x, st->nva, st->inst);
	unsigned hold = x->o->server_hold;
	int k, rc = 1;

	if (x->c->nvas[st->nva].hold < hold)
		hold = x->c->nvas[st->nva].hold;
	if (a->what == H_E_NO_BFD)
		return h_check_no_bfd(x, (size_t)st->nva, obs, cap);

	for (k = 0; k < 2; k++) {
		char o[256] = "";
		struct h_wck c = {x,
		                  h_world_sess(x->w, (size_t)st->nva, k),
		                  &x->mark[st->nva][k],
		                  a,
		                  o,
		                  sizeof(o),
		                  hold};
		int v;
		if (!((inst >> k) & 1))
			continue;
		v = h_check_sess(&c);
		if (v <= 0 || rc == 1)
			snprintf(obs, cap, "IN_%d: %.240s", k, o);
		if (v < 0)
			return -1;
		if (v == 0)
			rc = 0;
	}
	return rc;
}
