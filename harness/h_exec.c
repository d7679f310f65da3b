/* h_exec.c: the case executor. Steps run in order; an expectation waits on
 * events with a deadline (or observes an interval for a negative one) while
 * the fake NVAs' poll loop keeps running. */
#include "h_exec.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_codec.h"
#include "h_json.h"
#include "h_nva.h"

#define H_POLL_SERVER 0.01 /* seconds between control-socket polls */

enum h_st { H_ST_PENDING = 0, H_ST_OK, H_ST_FAIL, H_ST_SKIP };

struct h_mark {
	size_t nrx;
	unsigned est, drops;
};

struct h_ex {
	const struct h_case *c;
	const struct h_server *srv;
	const struct h_exec_opts *o;
	struct h_world w;
	struct h_mark mark[H_MAX_NVAS][2];
	struct h_case_result *r;
	char notes[512];
	unsigned skipped_state;
	size_t nlat, caplat;
	double *lat;
};

static void h_note(struct h_ex *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void h_note(struct h_ex *x, const char *fmt, ...)
{
	size_t o = strlen(x->notes);
	char buf[sizeof(x->notes)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (strstr(x->notes, buf) || o + 4 >= sizeof(x->notes))
		return;
	snprintf(x->notes + o, sizeof(x->notes) - o, "%s%s", o ? "; " : "", buf);
}

static void h_set_mark(struct h_ex *x, int nva)
{
	size_t i;

	for (i = 0; i < x->w.n; i++) {
		int k;
		if (nva >= 0 && (int)i != nva)
			continue;
		for (k = 0; k < 2; k++) {
			struct h_sess *s = &x->w.nva[i].s[k];
			x->mark[i][k] = (struct h_mark){s->nrx, s->established_count, s->drop_count};
		}
	}
}

static unsigned h_inst_of(const struct h_ex *x, int nva, unsigned inst)
{
	return inst ? inst : x->c->nvas[nva].peers;
}

static void h_pfx_str(const struct bgp_prefix *p, char *out, size_t cap)
{
	bgp_format_prefix(p, out, cap);
}

/* ---- wire checks on one session: 1 satisfied, 0 not (yet), -1 violated ---- */
static int h_check_route(const struct h_sess *s, const struct h_alt *a, char *obs, size_t cap)
{
	unsigned i;

	for (i = 0; i < a->count; i++) {
		struct bgp_prefix p;
		const struct h_rib_entry *e;
		char ps[64], nh[16];

		h_prefix_nth(&a->pfx, i, &p);
		e = h_sess_rib_find(s, &p);
		h_pfx_str(&p, ps, sizeof(ps));
		if (a->what == H_E_WITHDRAWN) {
			if (e && e->present) {
				snprintf(obs, cap, "%s still announced", ps);
				return 0;
			}
			continue;
		}
		if (!e || !e->present) {
			snprintf(obs, cap, "%s not received (%u of %u checked)", ps, i, a->count);
			return 0;
		}
		h_format_ipv4(e->nh, nh, sizeof(nh));
		if (a->has_path && strcmp(e->path, a->path)) {
			snprintf(obs, cap, "%s with AS_PATH \"%s\"", ps, e->path);
			return 0;
		}
		if (a->has_nh && e->nh != a->nh) {
			snprintf(obs, cap, "%s with NEXT_HOP %s", ps, nh);
			return 0;
		}
		if (a->origin >= 0 && e->origin != a->origin) {
			snprintf(obs, cap, "%s with ORIGIN %d", ps, e->origin);
			return 0;
		}
		for (size_t k = 0; k < a->ncomm; k++) {
			size_t j;
			for (j = 0; j < e->ncomm && e->comm[j] != a->comm[k]; j++)
				;
			if (j == e->ncomm) {
				snprintf(obs, cap, "%s without community %u:%u", ps,
					 a->comm[k] >> 16, a->comm[k] & 0xFFFF);
				return 0;
			}
		}
		if (i == 0)
			snprintf(obs, cap, "%s AS_PATH \"%s\" NEXT_HOP %s", ps, e->path, nh);
	}
	return 1;
}

/* no route P / never received P: the first of a's prefixes the NVA holds
 * (no route) or was ever announced on the wire (never received) fails. */
static int h_check_absent(const struct h_sess *s, const struct h_alt *a, char *obs, size_t cap)
{
	bool wire = a->what == H_E_NEVER_RECEIVED;

	for (unsigned j = 0; j < a->count; j++) {
		struct bgp_prefix p;
		const struct h_rib_entry *e;
		char ps[64];

		h_prefix_nth(&a->pfx, j, &p);
		e = h_sess_rib_find(s, &p);
		if (!e || !(wire ? e->heard > 0 : e->present))
			continue;
		h_pfx_str(&p, ps, sizeof(ps));
		if (wire)
			snprintf(obs, cap,
			         "%s announced on the wire %u time(s), last with AS_PATH \"%s\"%s",
			         ps, e->heard, e->path, e->present ? "" : " (ignored by the NVA)");
		else
			snprintf(obs, cap, "%s received with AS_PATH \"%s\"", ps, e->path);
		return -1;
	}
	snprintf(obs, cap, wire ? "never announced on the wire" : "not received");
	return 1;
}

static void h_list_notifs(const struct h_sess *s, size_t from, char *obs, size_t cap)
{
	size_t i, o = 0;

	o += (size_t)snprintf(obs, cap, "state %s", h_sess_state_name(s->state));
	for (i = from; i < s->nrx && o < cap; i++) {
		if (s->rx[i].type == BGP_NOTIFICATION)
			o += (size_t)snprintf(obs + o, cap - o, ", NOTIFICATION %u/%u",
					      s->rx[i].code, s->rx[i].subcode);
		else if (s->rx[i].type == 0)
			o += (size_t)snprintf(obs + o, cap - o, ", closed (%s)", s->last_close);
	}
	if (from >= s->nrx && o < cap)
		snprintf(obs + o, cap - o, ", nothing received since the last action");
}

static int h_check_sess(struct h_ex *x, int nva, int k, const struct h_alt *a, char *obs,
			size_t cap)
{
	const struct h_nva *n = &x->w.nva[nva];
	const struct h_sess *s = &n->s[k];
	const struct h_mark *m = &x->mark[nva][k];
	size_t i;

	switch (a->what) {
	case H_E_ESTABLISHED:
		snprintf(obs, cap, "state %s%s%s", h_sess_state_name(s->state),
			 s->last_close[0] ? ", last close: " : "", s->last_close);
		/* a target may need a moment before it processes UPDATEs */
		if (x->o->target && x->o->target->settle > 0)
			return s->state == H_SS_ESTABLISHED &&
			       h_world_now(&x->w) - s->t_established >= x->o->target->settle;
		/* reached since the last action, even if dropped again at once */
		return s->state == H_SS_ESTABLISHED || s->established_count > m->est;
	case H_E_NOTIFICATION:
		for (i = m->nrx; i < s->nrx; i++) {
			const struct h_rx *r = &s->rx[i];
			if (r->type != BGP_NOTIFICATION || r->code != a->code)
				continue;
			if (a->subcode >= 0 && r->subcode != a->subcode)
				continue;
			if (a->has_data &&
			    (r->ndata < a->ndata || memcmp(r->data, a->data, a->ndata)))
				continue;
			snprintf(obs, cap, "NOTIFICATION %u/%u", r->code, r->subcode);
			return 1;
		}
		h_list_notifs(s, m->nrx, obs, cap);
		return 0;
	case H_E_CLOSED:
		for (i = m->nrx; i < s->nrx; i++)
			if (s->rx[i].type == 0) {
				snprintf(obs, cap, "closed (%s)", s->last_close);
				return 1;
			}
		h_list_notifs(s, m->nrx, obs, cap);
		return 0;
	case H_E_ROUTE:
	case H_E_WITHDRAWN:
		return h_check_route(s, a, obs, cap);
	case H_E_REFRESH:
	case H_E_EOR:
	case H_E_KEEPALIVE:
		for (i = m->nrx; i < s->nrx; i++) {
			const struct h_rx *r = &s->rx[i];
			if ((a->what == H_E_REFRESH && r->type == BGP_ROUTE_REFRESH) ||
			    (a->what == H_E_EOR && r->type == BGP_UPDATE && r->eor) ||
			    (a->what == H_E_KEEPALIVE && r->type == BGP_KEEPALIVE &&
			     r->t > s->t_established)) {
				snprintf(obs, cap, "received at %.3fs", r->t);
				return 1;
			}
		}
		snprintf(obs, cap, "not received (%zu messages since the last action, state %s)",
			 s->nrx - m->nrx, h_sess_state_name(s->state));
		return 0;
	case H_E_OPEN:
		if (!s->got_open) {
			snprintf(obs, cap, "no OPEN from the server (state %s)",
				 h_sess_state_name(s->state));
			return 0;
		}
		snprintf(obs, cap, "OPEN hold %u, capabilities%s%s%s%s%s", s->srv_hold,
			 s->srv_caps & H_CAP_MP ? " mp" : "",
			 s->srv_caps & H_CAP_RR ? " route-refresh" : "",
			 s->srv_caps & H_CAP_AS4 ? " as4" : "",
			 s->srv_caps & H_CAP_GR ? " graceful-restart" : "",
			 s->srv_caps & H_CAP_ERR ? " enhanced-rr" : "");
		if (a->has_open_hold && s->srv_hold != a->open_hold)
			return -1;
		if ((s->srv_caps & a->cap_has) != a->cap_has || (s->srv_caps & a->cap_lacks))
			return -1;
		return 1;
	case H_E_UP:
		for (i = m->nrx; i < s->nrx; i++)
			if ((s->rx[i].type == BGP_NOTIFICATION || s->rx[i].type == 0) &&
			    s->rx[i].t >= s->t_established) {
				h_list_notifs(s, m->nrx, obs, cap);
				return -1;
			}
		if (s->state != H_SS_ESTABLISHED) {
			snprintf(obs, cap, "state %s", h_sess_state_name(s->state));
			return -1;
		}
		snprintf(obs, cap, "session up");
		return 1;
	case H_E_NO_ROUTE:
	case H_E_NEVER_RECEIVED:
		return h_check_absent(s, a, obs, cap);
	case H_E_NO_UPDATE:
	case H_E_NO_KEEPALIVE:
		for (i = m->nrx; i < s->nrx; i++) {
			const struct h_rx *r = &s->rx[i];
			if ((a->what == H_E_NO_UPDATE && r->type == BGP_UPDATE) ||
			    (a->what == H_E_NO_KEEPALIVE && r->type == BGP_KEEPALIVE &&
			     r->t > s->t_established)) {
				snprintf(obs, cap, "%s received at %.3fs",
					 r->type == BGP_UPDATE ? "UPDATE" : "KEEPALIVE", r->t);
				return -1;
			}
		}
		snprintf(obs, cap, "none received");
		return 1;
	case H_E_FLAPS:
		snprintf(obs, cap, "%u drop(s), %u establishment(s) since the last action, state %s",
			 s->drop_count - m->drops, s->established_count - m->est,
			 h_sess_state_name(s->state));
		return s->drop_count - m->drops >= a->count &&
		       s->established_count - m->est > a->count;
	case H_E_UNREACHABLE:
		snprintf(obs, cap, "%s", s->reachable ? n->fib_why[k] : n->fib_why[k]);
		return !s->reachable;
	default:
		return 0;
	}
}

/* ---- server checks through the control socket ---- */
static const char *const h_role[2] = {"RouteServiceRole_IN_0", "RouteServiceRole_IN_1"};

static bool h_prefix_eq(const char *s, const struct bgp_prefix *p)
{
	char ps[64];

	h_pfx_str(p, ps, sizeof(ps));
	return s && !strcmp(s, ps);
}

static const struct h_json *h_route_find(const struct h_json *arr, const char *key,
					 const struct bgp_prefix *p)
{
	size_t i;

	if (!arr || arr->type != H_JARR)
		return NULL;
	for (i = 0; i < arr->n; i++)
		if (h_prefix_eq(h_json_str(arr->kids[i], key), p))
			return arr->kids[i];
	return NULL;
}

static int h_check_routes(const struct h_alt *a, const struct h_json *j, char *obs, size_t cap)
{
	int k;
	char ps[64];

	h_pfx_str(&a->pfx, ps, sizeof(ps));
	for (k = 0; k < 2; k++) {
		const struct h_json *arr;
		if (!((a->inst >> k) & 1))
			continue;
		arr = h_json_get(j, h_role[k]);
		if (!arr || arr->type != H_JARR) {
			snprintf(obs, cap, "answer without %s", h_role[k]);
			return 0;
		}
		if (a->cmp == H_CMP_COUNT) {
			snprintf(obs, cap, "%s: %zu routes", h_role[k], arr->n);
			if (arr->n != a->count)
				return 0;
			continue;
		}
		for (unsigned i = 0; i < a->count; i++) {
			struct bgp_prefix p;
			const struct h_json *e;
			h_prefix_nth(&a->pfx, i, &p);
			e = h_route_find(arr, "network", &p);
			h_pfx_str(&p, ps, sizeof(ps));
			if (a->cmp == H_CMP_LACKS) {
				if (e) {
					snprintf(obs, cap, "%s: %s present (asPath %s, nextHop %s)",
						 h_role[k], ps, h_json_str(e, "asPath"),
						 h_json_str(e, "nextHop"));
					return 0;
				}
				continue;
			}
			if (!e) {
				snprintf(obs, cap, "%s: %s absent (%zu routes)", h_role[k], ps,
					 arr->n);
				return 0;
			}
			if (a->has_path) {
				char want[128];
				size_t q;
				const char *got = h_json_str(e, "asPath");
				snprintf(want, sizeof(want), "%s", a->path);
				for (q = 0; want[q]; q++)
					if (want[q] == ' ')
						want[q] = '-';
				if (!got || strcmp(got, want)) {
					snprintf(obs, cap, "%s: %s asPath %s", h_role[k], ps,
						 got ? got : "(none)");
					return 0;
				}
			}
			if (a->has_nh) {
				uint32_t nh;
				const char *got = h_json_str(e, "nextHop");
				if (!got || h_parse_ipv4(got, &nh) || nh != a->nh) {
					snprintf(obs, cap, "%s: %s nextHop %s", h_role[k], ps,
						 got ? got : "(none)");
					return 0;
				}
			}
			snprintf(obs, cap, "%s: %s present", h_role[k], ps);
		}
	}
	return 1;
}

/* An effective route learned through the route server (system routes of the
 * VNet itself carry another source and are not what the cases look for). */
static const struct h_json *h_eff_find(const struct h_json *arr, const struct bgp_prefix *p)
{
	size_t i;

	if (!arr || arr->type != H_JARR)
		return NULL;
	for (i = 0; i < arr->n; i++) {
		const char *src = h_json_str(arr->kids[i], "source");
		if (h_prefix_eq(h_json_str(arr->kids[i], "addressPrefix"), p) &&
		    (!src || !strcmp(src, "VirtualNetworkGateway")))
			return arr->kids[i];
	}
	return NULL;
}

static int h_check_effective(const struct h_alt *a, const struct h_json *j, char *obs,
			     size_t cap)
{
	int k;
	char ps[64];

	h_pfx_str(&a->pfx, ps, sizeof(ps));
	for (k = 0; k < 2; k++) {
		const struct h_json *e, *nhs;
		size_t i;
		if (!((a->inst >> k) & 1))
			continue;
		e = h_eff_find(h_json_get(j, h_role[k]), &a->pfx);
		if (a->cmp == H_CMP_LACKS) {
			if (e) {
				snprintf(obs, cap, "%s programs %s", h_role[k], ps);
				return 0;
			}
			snprintf(obs, cap, "%s not programmed", ps);
			continue;
		}
		if (!e) {
			snprintf(obs, cap, "%s does not program %s", h_role[k], ps);
			return 0;
		}
		nhs = h_json_get(e, "nextHopIpAddress");
		if (!a->nnh)
			continue;
		{
			char got[160] = "";
			size_t o = 0;
			bool same = nhs && nhs->type == H_JARR && nhs->n == a->nnh;
			for (i = 0; nhs && nhs->type == H_JARR && i < nhs->n; i++) {
				uint32_t v;
				size_t q;
				o += (size_t)snprintf(got + o, sizeof(got) - o, "%s%s", i ? "," : "",
						      nhs->kids[i]->str ? nhs->kids[i]->str : "?");
				if (o >= sizeof(got))
					o = sizeof(got) - 1;
				if (!nhs->kids[i]->str || h_parse_ipv4(nhs->kids[i]->str, &v)) {
					same = false;
					continue;
				}
				for (q = 0; q < a->nnh && a->nhs[q] != v; q++)
					;
				if (q == a->nnh)
					same = false;
			}
			snprintf(obs, cap, "%s: %s next hops %s", h_role[k], ps, got);
			if (!same)
				return 0;
		}
	}
	return 1;
}

static bool h_role_match(const char *got, int k)
{
	return got && strstr(got, k ? "IN_1" : "IN_0");
}

static bool h_value_match(const struct h_alt *a, const struct h_json *v, char *got, size_t cap)
{
	h_json_text(v, got, cap);
	if (!v)
		return false;
	if (a->numeric && v->type == H_JNUM)
		return v->num == a->num;
	return !strcmp(got, a->value);
}

static int h_check_peer_field(const struct h_ex *x, const struct h_alt *a,
			      const struct h_json *j, char *obs, size_t cap)
{
	const char *name = x->c->nvas[a->peer].name;
	int k;

	for (k = 0; k < 2; k++) {
		const struct h_json *inst = NULL;
		char got[64];
		size_t i;
		if (!((a->inst >> k) & 1))
			continue;
		if (a->what == H_E_S_METRICS) {
			const struct h_json *peers = h_json_get(j, "peers");
			for (i = 0; peers && i < peers->n; i++) {
				const char *pn = h_json_str(peers->kids[i], "name");
				const struct h_json *insts;
				if (!pn || strcmp(pn, name))
					continue;
				insts = h_json_get(peers->kids[i], "instances");
				for (size_t q = 0; insts && q < insts->n; q++)
					if (h_role_match(h_json_str(insts->kids[q], "role"), k))
						inst = insts->kids[q];
			}
		} else {
			for (i = 0; j && j->type == H_JARR && i < j->n; i++) {
				const char *pn = h_json_str(j->kids[i], "peer");
				if (pn && !strcmp(pn, name) &&
				    h_role_match(h_json_str(j->kids[i], "instance"), k))
					inst = j->kids[i];
			}
		}
		if (!inst) {
			snprintf(obs, cap, "no %s entry for %s on IN_%d",
				 a->what == H_E_S_METRICS ? "metrics" : "session", name, k);
			return 0;
		}
		if (!h_value_match(a, h_json_get(inst, a->field), got, sizeof(got))) {
			snprintf(obs, cap, "IN_%d %s = %s", k, a->field, got);
			return 0;
		}
		snprintf(obs, cap, "IN_%d %s = %s", k, a->field, got);
	}
	return 1;
}

static int h_check_log(const struct h_ex *x, const struct h_alt *a, char *obs, size_t cap)
{
	FILE *f = fopen(x->srv->log, "r");
	char line[1024], ev[64], rule[80];
	int found = 0;

	if (!f) {
		snprintf(obs, cap, "no server log");
		return 0;
	}
	snprintf(ev, sizeof(ev), "event=%s ", a->field);
	snprintf(rule, sizeof(rule), "rule=%s", a->value);
	while (fgets(line, sizeof(line), f)) {
		size_t l = strlen(line);
		if (l && line[l - 1] == '\n')
			line[l - 1] = ' ';
		if (strstr(line, ev) && (!a->value[0] || strstr(line, rule))) {
			found = 1;
			snprintf(obs, cap, "log: %.200s", line);
			break;
		}
	}
	fclose(f);
	if (!found)
		snprintf(obs, cap, "no 'event=%s%s%s' line in the server log", a->field,
			 a->value[0] ? " rule=" : "", a->value);
	return found;
}

static void h_ex_idle(void *arg)
{
	struct h_ex *x = arg;

	h_world_step(&x->w, h_world_now(&x->w));
}

static int h_check_server(struct h_ex *x, const struct h_alt *a, char *obs, size_t cap)
{
	char req[128], err[160];
	char *ans = NULL;
	struct h_json *j;
	int rc = 0;

	if (a->what == H_E_S_LOG)
		return h_check_log(x, a, obs, cap);
	switch (a->what) {
	case H_E_S_LEARNED:
	case H_E_S_ADVERTISED:
		snprintf(req, sizeof(req), "peering %s %s",
			 a->what == H_E_S_LEARNED ? "learned" : "advertised",
			 x->c->nvas[a->peer].name);
		break;
	case H_E_S_EFFECTIVE:
	case H_E_S_INCONSISTENT:
	case H_E_S_CONSISTENT:
		snprintf(req, sizeof(req), "effective-routes");
		break;
	case H_E_S_METRICS:
		snprintf(req, sizeof(req), "metrics");
		break;
	default:
		snprintf(req, sizeof(req), "sessions");
		break;
	}
	if (h_ctl_idle(x->srv->sock, req, 2.0, &ans, err, sizeof(err), h_ex_idle, x)) {
		snprintf(obs, cap, "%s", err);
		free(ans);
		return 0;
	}
	j = h_json_parse(ans);
	if (!j) {
		snprintf(obs, cap, "'%s' answered something that is not JSON: %.80s", req, ans);
		free(ans);
		return 0;
	}
	if (h_json_get(j, "error")) {
		snprintf(obs, cap, "'%s' failed: %s", req, h_json_str(j, "error"));
	} else if (a->what == H_E_S_LEARNED || a->what == H_E_S_ADVERTISED) {
		rc = h_check_routes(a, j, obs, cap);
	} else if (a->what == H_E_S_EFFECTIVE) {
		rc = h_check_effective(a, j, obs, cap);
	} else if (a->what == H_E_S_INCONSISTENT || a->what == H_E_S_CONSISTENT) {
		const struct h_json *inc = h_json_get(j, "inconsistencies");
		size_t n = inc && inc->type == H_JARR ? inc->n : 0;
		if (a->what == H_E_S_CONSISTENT) {
			snprintf(obs, cap, "%zu inconsistencies", n);
			rc = n == 0;
		} else {
			rc = h_route_find(inc, "addressPrefix", &a->pfx) != NULL;
			snprintf(obs, cap, "%zu inconsistencies%s", n,
				 rc ? ", the prefix among them" : ", not for this prefix");
		}
	} else {
		rc = h_check_peer_field(x, a, j, obs, cap);
	}
	h_json_free(j);
	free(ans);
	return rc;
}

static bool h_alt_is_server(const struct h_alt *a)
{
	return a->what >= H_E_S_LEARNED;
}

/* Evaluate one alternative now: satisfied (1), pending (0), violated (-1). */
static int h_alt_eval(struct h_ex *x, const struct h_step *st, const struct h_alt *a, char *obs,
		      size_t cap)
{
	int k, rc = 1;

	if (h_alt_is_server(a))
		return h_check_server(x, a, obs, cap);
	for (k = 0; k < 2; k++) {
		char o[256];
		int v;
		if (!((h_inst_of(x, st->nva, st->inst) >> k) & 1))
			continue;
		v = h_check_sess(x, st->nva, k, a, o, sizeof(o));
		if (v <= 0 || rc == 1) {
			snprintf(obs, cap, "IN_%d: %.240s", k, o);
		}
		if (v < 0)
			return -1;
		if (v == 0)
			rc = 0;
	}
	return rc;
}

static void h_lat(struct h_ex *x, double v)
{
	if (x->nlat == x->caplat) {
		size_t cap = x->caplat ? x->caplat * 2 : 32;
		double *m = realloc(x->lat, cap * sizeof(*m));
		if (!m)
			return;
		x->lat = m;
		x->caplat = cap;
	}
	x->lat[x->nlat++] = v;
}

static void h_fail(struct h_ex *x, const struct h_step *st, enum h_verdict v, const char *exp,
		   const char *obs)
{
	struct h_case_result *r = x->r;

	r->verdict = v;
	r->failed_line = st ? st->line : 0;
	snprintf(r->expected, sizeof(r->expected), "%s", exp);
	snprintf(r->observed, sizeof(r->observed), "%s", obs);
	if (st)
		snprintf(r->reason, sizeof(r->reason), "%s:%u: expected %s; observed %s",
			 x->c->file, st->line, exp, obs);
	else
		snprintf(r->reason, sizeof(r->reason), "%s", obs);
}

/* Returns 0 when the expectation held, 1 when it failed (result set). */
static int h_expect(struct h_ex *x, const struct h_step *st)
{
	enum h_st state[H_MAX_ALTS];
	char obs[H_MAX_ALTS][256];
	double start = h_world_now(&x->w), dl[H_MAX_ALTS];
	double next_srv = 0;
	size_t i, active = 0;
	char exp[512] = "";
	bool unscaled = false;

	for (i = 0; i < st->nalt; i++) {
		const struct h_alt *a = &st->alt[i];
		unsigned hold = x->o->server_hold;
		size_t o = strlen(exp);

		snprintf(exp + o, sizeof(exp) - o, "%s%s", i ? " or " : "", a->text);
		state[i] = H_ST_PENDING;
		obs[i][0] = '\0';
		if (st->nva >= 0 && x->c->nvas[st->nva].hold < hold)
			hold = x->c->nvas[st->nva].hold;
		dl[i] = start + h_dur_seconds(&a->dur, hold, x->o->scale);
		if (a->what == H_E_ESTABLISHED && x->o->target)
			dl[i] += x->o->target->connect_grace;
		if (x->o->target && !h_target_outcome_allowed(x->o->target, x->c->id, a->text)) {
			state[i] = H_ST_FAIL;
			snprintf(obs[i], sizeof(obs[i]), "not allowed by the target profile");
			continue;
		}
		if (h_alt_is_server(a) && x->o->target && !x->o->target->has_control &&
		    !(a->what == H_E_S_LOG)) {
			state[i] = H_ST_SKIP;
			continue;
		}
		if (a->what == H_E_S_LOG && x->o->target) {
			state[i] = H_ST_SKIP;
			continue;
		}
		active++;
	}
	(void)unscaled;
	if (!active) {
		for (i = 0; i < st->nalt && state[i] != H_ST_SKIP; i++)
			;
		if (i < st->nalt) {
			x->skipped_state++;
			return 0;
		}
		h_fail(x, st, H_FAIL, exp, obs[0]);
		return 1;
	}
	for (;;) {
		double now = h_world_now(&x->w);
		bool any_pending = false;
		bool srv_due = now >= next_srv;

		for (i = 0; i < st->nalt; i++) {
			const struct h_alt *a = &st->alt[i];
			int v;
			if (state[i] != H_ST_PENDING)
				continue;
			if (h_alt_is_server(a) && !srv_due) {
				any_pending = true;
				continue;
			}
			v = h_alt_eval(x, st, a, obs[i], sizeof(obs[i]));
			if (a->negative) {
				if (v < 0)
					state[i] = H_ST_FAIL;
				else if (now >= dl[i])
					state[i] = H_ST_OK;
			} else {
				if (v > 0)
					state[i] = H_ST_OK;
				else if (v < 0 || now >= dl[i])
					state[i] = H_ST_FAIL;
			}
			if (state[i] == H_ST_OK) {
				if (!a->negative)
					h_lat(x, now - start);
				if (a->what == H_E_FLAPS || a->what == H_E_UNREACHABLE) {
					const struct h_nva *n = &x->w.nva[st->nva];
					int k = (h_inst_of(x, st->nva, st->inst) & 1) ? 0 : 1;
					h_note(x, "%s lost its route to the server: %s",
					       n->spec->name, n->fib_lost[k][0] ? n->fib_lost[k]
										: n->fib_why[k]);
				}
				return 0;
			}
			if (state[i] == H_ST_PENDING)
				any_pending = true;
		}
		if (srv_due)
			next_srv = now + H_POLL_SERVER;
		if (!any_pending)
			break;
		{
			double until = now + 0.05;
			for (i = 0; i < st->nalt; i++)
				if (state[i] == H_ST_PENDING && dl[i] < until)
					until = dl[i];
			if (next_srv < until)
				until = next_srv;
			h_world_step(&x->w, until);
		}
	}
	{
		char all[512] = "";
		size_t o = 0;
		for (i = 0; i < st->nalt && o < sizeof(all); i++)
			o += (size_t)snprintf(all + o, sizeof(all) - o, "%s%s", i ? " | " : "",
					      obs[i]);
		if (st->nva >= 0) {
			const struct h_nva *n = &x->w.nva[st->nva];
			for (int k = 0; k < 2 && o < sizeof(all); k++)
				if (!n->s[k].reachable)
					o += (size_t)snprintf(all + o, sizeof(all) - o,
							      "; route to IN_%d: %s", k,
							      n->fib_why[k]);
		}
		h_fail(x, st, H_FAIL, exp, all);
	}
	return 1;
}

/* Replace {NAME} by the session address of that NVA. */
static void h_subst(const struct h_ex *x, const char *in, char *out, size_t cap)
{
	size_t o = 0;

	while (*in && o + 1 < cap) {
		if (*in == '{') {
			const char *e = strchr(in, '}');
			size_t i;
			if (e) {
				for (i = 0; i < x->c->nnvas; i++) {
					size_t l = strlen(x->c->nvas[i].name);
					if ((size_t)(e - in - 1) == l &&
					    !strncmp(in + 1, x->c->nvas[i].name, l)) {
						char a[16];
						h_format_ipv4(x->w.nva[i].src, a, sizeof(a));
						o += (size_t)snprintf(out + o, cap - o, "%s", a);
						break;
					}
				}
				if (i < x->c->nnvas) {
					in = e + 1;
					if (o >= cap)
						o = cap - 1;
					continue;
				}
			}
		}
		out[o++] = *in++;
	}
	out[o] = '\0';
}

static int h_control(struct h_ex *x, const struct h_step *st)
{
	char cmd[H_TEXT], err[160], obs[400], exp[700];
	char *ans = NULL;
	struct h_json *j;
	int rc = 0;

	h_subst(x, st->text, cmd, sizeof(cmd));
	if (h_ctl_idle(x->srv->sock, cmd, 2.0, &ans, err, sizeof(err), h_ex_idle, x)) {
		free(ans);
		h_fail(x, st, H_ERROR, "an answer from the control socket", err);
		return 1;
	}
	j = h_json_parse(ans);
	snprintf(obs, sizeof(obs), "%.380s", ans);
	if (st->expect_refusal) {
		const char *rule = j ? h_json_str(j, "rule") : NULL;
		snprintf(exp, sizeof(exp), "'%s' refused with rule %s", cmd, st->arg);
		if (!j || !h_json_get(j, "error") || !rule || strcmp(rule, st->arg)) {
			h_fail(x, st, H_FAIL, exp, obs);
			rc = 1;
		}
	} else if (!j || h_json_get(j, "error")) {
		snprintf(exp, sizeof(exp), "'%s' accepted", cmd);
		h_fail(x, st, H_FAIL, exp, obs);
		rc = 1;
	}
	h_world_note(&x->w, NULL, "control: %s -> %.100s", cmd, ans);
	h_json_free(j);
	free(ans);
	return rc;
}

static int h_action(struct h_ex *x, const struct h_step *st)
{
	struct h_nva *n = st->nva >= 0 ? &x->w.nva[st->nva] : NULL;
	unsigned inst = n ? h_inst_of(x, st->nva, st->inst) : 0;
	int rc = 0;

	h_set_mark(x, st->nva);
	switch (st->op) {
	case H_OP_CONNECT:
		rc = h_nva_connect(n, inst, st->raw);
		break;
	case H_OP_ANNOUNCE:
		rc = h_nva_announce(n, inst, st);
		break;
	case H_OP_WITHDRAW:
		rc = h_nva_withdraw(n, inst, st);
		break;
	case H_OP_SEND_HEX: {
		uint8_t b[H_TEXT];
		size_t len = 0;
		const char *p = st->text;
		while (*p && len < sizeof(b)) {
			unsigned v;
			while (*p == ' ' || *p == ':' || *p == '_')
				p++;
			if (!p[0] || !p[1] || sscanf(p, "%2x", &v) != 1)
				break;
			b[len++] = (uint8_t)v;
			p += 2;
		}
		rc = h_nva_send_raw(n, inst, b, len);
		break;
	}
	case H_OP_SEND_MALFORMED:
		rc = h_nva_send_malformed(n, inst, st->text, st->arg[0] ? &st->pfx : NULL);
		break;
	case H_OP_SEND_REFRESH:
		rc = h_nva_send_refresh(n, inst);
		break;
	case H_OP_SILENCE:
	case H_OP_RESUME:
		h_nva_silence(n, inst, st->op == H_OP_SILENCE);
		break;
	case H_OP_DISCONNECT:
		rc = h_nva_disconnect(n, inst);
		break;
	case H_OP_RECONNECT:
		h_nva_disconnect(n, inst);
		rc = h_nva_connect(n, inst, false);
		break;
	case H_OP_CONTROL:
		return h_control(x, st);
	default:
		break;
	}
	if (rc) {
		h_fail(x, st, H_ERROR, "the action to run", x->w.err);
		return 1;
	}
	/* let the action reach the wire before the next step */
	h_world_step(&x->w, h_world_now(&x->w));
	return 0;
}

void h_exec_case(const struct h_case *c, const struct h_server *srv,
		 const struct h_exec_opts *o, struct h_case_result *r)
{
	struct h_ex *x = calloc(1, sizeof(*x));
	char pcap[600], wl[600];
	size_t i;

	if (!x) {
		r->verdict = H_ERROR;
		snprintf(r->reason, sizeof(r->reason), "out of memory");
		return;
	}
	x->c = c;
	x->srv = srv;
	x->o = o;
	x->r = r;
	r->verdict = H_PASS;
	if (h_world_init(&x->w, c, srv->src_base, srv->listen, srv->inst_addr, srv->port,
			 o->scale)) {
		r->verdict = H_ERROR;
		snprintf(r->reason, sizeof(r->reason), "%s", x->w.err);
		h_world_free(&x->w);
		free(x);
		return;
	}
	x->w.retry_connect = o->target != NULL;
	if (o->case_dir) {
		snprintf(pcap, sizeof(pcap), "%s/session.pcap", o->case_dir);
		snprintf(wl, sizeof(wl), "%s/wire.log", o->case_dir);
		h_world_evidence(&x->w, pcap, wl);
		if (o->case_rel) {
			snprintf(r->pcap, sizeof(r->pcap), "%s/session.pcap", o->case_rel);
			snprintf(r->wirelog, sizeof(r->wirelog), "%s/wire.log", o->case_rel);
		}
	}
	h_set_mark(x, -1);
	for (i = 0; i < c->nsteps; i++) {
		const struct h_step *st = &c->steps[i];
		int failed = st->op == H_OP_EXPECT ? h_expect(x, st) : h_action(x, st);
		if (failed)
			break;
	}
	if (r->verdict == H_PASS) {
		if (x->skipped_state)
			h_note(x, "%u server-state expectation(s) skipped: the target has no "
				  "control socket", x->skipped_state);
		snprintf(r->reason, sizeof(r->reason), "%s", x->notes);
	} else if (x->notes[0]) {
		size_t l = strlen(r->reason);
		snprintf(r->reason + l, sizeof(r->reason) - l, " (%s)", x->notes);
	}
	/* a clean goodbye, so the server logs it as such */
	for (i = 0; i < x->w.n; i++)
		h_nva_disconnect(&x->w.nva[i], 3);
	r->nevents = x->w.nevents;
	r->events = x->w.events;
	x->w.events = NULL;
	r->nlatency = x->nlat;
	r->latency = x->lat;
	h_world_free(&x->w);
	free(x);
}
