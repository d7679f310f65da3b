/* h_case_expect.c: expectations, "expect NVA [IN_x] WHAT" (on the wire) and
 * "expect server WHAT" (through the control socket); alternatives are
 * separated by "or". One keyword table row per WHAT. */
#include "h_case_lex.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_codec.h"

#define H_N(t) (sizeof(t) / sizeof((t)[0]))

static void h_alt_defaults(struct h_alt *a)
{
	memset(a, 0, sizeof(*a));
	a->origin = -1;
	a->peer = -1;
	a->dur.v = 2.0;
	a->subcode = -1;
}

/* Route options shared by route/withdrawn/no route: [x N] [path] [nexthop] ...;
 * with attrs, also the attribute checks of a received route (h_case_attr.c). */
static int h_route_opts(struct h_cur *k, struct h_alt *a, bool attrs)
{
	a->count = 1;
	for (;;) {
		int rc;
		if (attrs && (rc = h_route_attr_opt(k)) <= 0) {
			if (rc < 0)
				return -1;
		} else if (h_accept(k, "x")) {
			rc = h_get_count(k, &a->count);
		} else if (h_accept(k, "path")) {
			a->has_path = true;
			rc = h_get_path(k, a->path, sizeof(a->path));
		} else if (h_accept(k, "nexthop")) {
			a->has_nh = true;
			rc = h_get_addr(k, &a->nh);
		} else if (h_accept(k, "origin")) {
			rc = h_get_origin(k, &a->origin);
		} else if (h_accept(k, "community") || h_accept(k, "communities")) {
			rc = h_get_comms(k, &a->comm, &a->ncomm);
		} else
			return 0;
		if (rc)
			return -1;
	}
}

/* A prefix and the route options after it. */
static int h_route(struct h_cur *k, enum h_what what)
{
	k->alt->what = what;
	return h_get_prefix(k, &k->alt->pfx) || h_route_opts(k, k->alt, what == H_E_ROUTE) ? -1 : 0;
}

static int h_timing(struct h_cur *k, struct h_alt *a, bool negative)
{
	a->negative = negative;
	if (negative) {
		if (!h_accept(k, "for"))
			return h_err(k->l, "expected 'for DURATION' (an interval to observe)");
		return h_get_dur(k, &a->dur);
	}
	if (h_accept(k, "within"))
		return h_get_dur(k, &a->dur);
	if (h_accept(k, "for")) {
		a->negative = true;
		return h_get_dur(k, &a->dur);
	}
	return 0;
}

/* ---- on the wire ---- */
static int h_w_established(struct h_cur *k)
{
	k->alt->what = H_E_ESTABLISHED;
	return 0;
}

static int h_w_code(struct h_cur *k, struct h_alt *a)
{
	const char *cs;
	char *end, *e2;
	long code, sub = -1;

	if (h_want(k, "CODE/SUBCODE (e.g. 6/1)", &cs))
		return -1;
	code = strtol(cs, &end, 10);
	if (end == cs || *end != '/' || code < 1 || code > 255)
		return h_err(k->l, "expected CODE/SUBCODE (e.g. 6/1), got '%s'", cs);
	if (strcmp(end + 1, "*")) {
		sub = strtol(end + 1, &e2, 10);
		if (e2 == end + 1 || *e2 || sub < 0 || sub > 255)
			return h_err(k->l, "expected CODE/SUBCODE (e.g. 6/1), got '%s'", cs);
	}
	a->code = (int)code;
	a->subcode = (int)sub;
	return 0;
}

static int h_w_notification(struct h_cur *k)
{
	struct h_alt *a = k->alt;
	const char *hx;

	a->what = H_E_NOTIFICATION;
	if (h_w_code(k, a))
		return -1;
	if (h_accept(k, "data")) {
		if (h_want(k, "hex data", &hx))
			return -1;
		if (h_get_hex(k->l, hx, a->data, sizeof(a->data), &a->ndata))
			return -1;
		a->has_data = true;
	}
	return 0;
}

static int h_w_closed(struct h_cur *k)
{
	k->alt->what = H_E_CLOSED;
	return 0;
}

static int h_w_route(struct h_cur *k)
{
	const char *w;
	char names[256];

	if (h_route(k, H_E_ROUTE))
		return -1;
	w = k->i < k->end ? h_peek(k) : NULL;
	if (!w || !strcmp(w, "within") || !strcmp(w, "for"))
		return 0;
	h_route_attr_names(names, sizeof(names));
	return h_err(k->l,
	             "expected a route option (x, path, nexthop, origin, communities, %s) or "
	             "'within D', got '%s'",
	             names, w);
}

static int h_w_withdrawn(struct h_cur *k)
{
	return h_route(k, H_E_WITHDRAWN);
}

static int h_w_refresh(struct h_cur *k)
{
	k->alt->what = H_E_REFRESH;
	return 0;
}

static int h_w_eor(struct h_cur *k)
{
	k->alt->what = H_E_EOR;
	return 0;
}

static int h_w_update(struct h_cur *k)
{
	k->alt->what = H_E_UPDATE;
	return 0;
}

static int h_w_keepalive(struct h_cur *k)
{
	k->alt->what = H_E_KEEPALIVE;
	return 0;
}

static int h_w_ka_interval(struct h_cur *k)
{
	struct h_alt *a = k->alt;

	a->what = H_E_KEEPALIVE_INTERVAL;
	if (h_get_dur(k, &a->ka_min))
		return -1;
	if (!h_accept(k, "to"))
		return h_err(k->l, "expected 'to D' (the longest gap before a KEEPALIVE)");
	if (h_get_dur(k, &a->ka_max))
		return -1;
	if (a->ka_min.xhold == a->ka_max.xhold && a->ka_min.v > a->ka_max.v)
		return h_err(k->l, "the shortest gap is longer than the longest");
	return 0;
}

/* open ... id A / as N */
static int h_w_open_id_as(struct h_cur *k, struct h_alt *a)
{
	unsigned long v;

	if (h_accept(k, "id")) {
		a->has_open_id = true;
		return h_get_addr(k, &a->open_id);
	}
	if (!h_accept(k, "as"))
		return 1;
	if (h_get_uint(k, "an AS number", 0xFFFFFFFFul, &v))
		return -1;
	a->has_open_as = true;
	a->open_as = (uint32_t)v;
	return 0;
}

static int h_w_open(struct h_cur *k)
{
	struct h_alt *a = k->alt;
	unsigned long v;

	a->what = H_E_OPEN;
	for (;;) {
		if (h_accept(k, "hold")) {
			if (h_get_uint(k, "a hold time", 65535, &v))
				return -1;
			a->open_hold = (unsigned)v;
			a->has_open_hold = true;
		} else if (h_accept(k, "cap")) {
			if (h_cap_one(k, &a->cap_has))
				return -1;
		} else if (h_accept(k, "no-cap")) {
			if (h_cap_one(k, &a->cap_lacks))
				return -1;
		} else {
			int rc = h_w_open_id_as(k, a);
			if (rc)
				return rc < 0 ? -1 : 0;
		}
	}
}

static int h_w_flaps(struct h_cur *k)
{
	unsigned long v;

	k->alt->what = H_E_FLAPS;
	k->alt->count = 1;
	if (h_peek(k) && isdigit((unsigned char)h_peek(k)[0])) {
		if (h_get_uint(k, "a count", 1000, &v))
			return -1;
		k->alt->count = (unsigned)v;
	}
	return 0;
}

static int h_w_unreachable(struct h_cur *k)
{
	k->alt->what = H_E_UNREACHABLE;
	return 0;
}

/* Negative expectations observe an interval: "for D" is required. */
static int h_w_up(struct h_cur *k)
{
	k->alt->what = H_E_UP;
	return h_timing(k, k->alt, true);
}

static int h_w_no_route(struct h_cur *k)
{
	return h_route(k, H_E_NO_ROUTE) ? -1 : h_timing(k, k->alt, true);
}

static int h_w_no_update(struct h_cur *k)
{
	k->alt->what = H_E_NO_UPDATE;
	return h_timing(k, k->alt, true);
}

static int h_w_no_notification(struct h_cur *k)
{
	k->alt->what = H_E_NO_NOTIFICATION;
	return h_timing(k, k->alt, true);
}

static int h_w_no_keepalive(struct h_cur *k)
{
	k->alt->what = H_E_NO_KEEPALIVE;
	return h_timing(k, k->alt, true);
}

static int h_w_no_ipv6(struct h_cur *k)
{
	k->alt->what = H_E_NO_IPV6;
	return h_timing(k, k->alt, true);
}

static int h_w_no_session(struct h_cur *k)
{
	k->alt->what = H_E_NO_SESSION;
	return h_timing(k, k->alt, true);
}

static int h_w_no_bfd(struct h_cur *k)
{
	k->alt->what = H_E_NO_BFD;
	return h_timing(k, k->alt, true);
}

static int h_w_never(struct h_cur *k)
{
	struct h_alt *a = k->alt;

	a->what = H_E_NEVER_RECEIVED;
	a->count = 1;
	if (h_get_prefix(k, &a->pfx))
		return -1;
	if (h_accept(k, "x") && h_get_count(k, &a->count))
		return -1;
	return h_timing(k, a, true);
}

static const struct h_kw h_kw_wire[] = {
    {.name = "established",
     .args = "",
     .parse = h_w_established,
     .doc = "the session reached Established"},
    {.name = "notification",
     .args = "C/S [data HEX]",
     .parse = h_w_notification,
     .doc = "a NOTIFICATION with that code/subcode (`S` may be `*`)"},
    {.name = "closed",
     .args = "",
     .parse = h_w_closed,
     .doc = "the connection was closed or refused"},
    {.name = "route",
     .args = "P [x N] [path \"...\"] [nexthop A] [origin O] [communities C,...] [ATTRS]",
     .parse = h_w_route,
     .doc = "every prefix is announced with those attributes (ATTRS: the route attribute "
            "checks below)"},
    {.name = "withdrawn",
     .args = "P [x N]",
     .parse = h_w_withdrawn,
     .doc = "none of them is announced"},
    {.name = "refresh", .args = "", .parse = h_w_refresh, .doc = "a ROUTE-REFRESH arrived"},
    {.name = "eor", .args = "", .parse = h_w_eor, .doc = "an End-of-RIB marker arrived"},
    {.name = "update",
     .args = "",
     .parse = h_w_update,
     .doc = "an UPDATE arrived (e.g. the answer to a ROUTE-REFRESH)"},
    {.name = "keepalive interval",
     .args = "D1 to D2",
     .parse = h_w_ka_interval,
     .doc = "each of the next two KEEPALIVEs comes at least D1 after the previous KEEPALIVE "
            "and at most D2 after the previous message (RFC 4271 10: jitter down to 0.75 of "
            "the interval; an UPDATE may restart the timer)"},
    {.name = "keepalive", .args = "", .parse = h_w_keepalive, .doc = "a KEEPALIVE arrived"},
    {.name = "open",
     .args = "[hold N] [id A] [as N] [cap NAME] [no-cap NAME]",
     .parse = h_w_open,
     .doc = "the server's OPEN"},
    {.name = "flaps",
     .args = "N",
     .parse = h_w_flaps,
     .doc = "the session dropped N times and came back"},
    {.name = "unreachable",
     .args = "",
     .parse = h_w_unreachable,
     .doc = "the NVA's forwarding table lost the server"},
    {.name = "up",
     .args = "for D",
     .parse = h_w_up,
     .doc = "no NOTIFICATION, no close, still Established for D"},
    {.name = "stable", .args = "for D", .parse = h_w_up, .doc = "the same as `up for D`"},
    {.name = "no route",
     .args = "P [x N] for D",
     .parse = h_w_no_route,
     .doc = "none of the prefixes was announced for D"},
    {.name = "no update",
     .args = "for D",
     .parse = h_w_no_update,
     .doc = "no UPDATE arrived for D"},
    {.name = "no keepalive",
     .args = "for D",
     .parse = h_w_no_keepalive,
     .doc = "no KEEPALIVE arrived for D"},
    {.name = "never received",
     .args = "P [x N] for D",
     .parse = h_w_never,
     .doc = "no UPDATE ever announced P on this session, not even one the NVA ignored (its "
            "own ASN in the path): a check on the wire, not on the NVA's table"},
    {.name = "no ipv6",
     .args = "for D",
     .parse = h_w_no_ipv6,
     .doc = "no UPDATE of the session carried an IPv6 route (MP_REACH_NLRI or MP_UNREACH_NLRI "
            "of AFI 2; ARS-NO-IPV6)"},
    {.name = "no session",
     .args = "for D",
     .parse = h_w_no_session,
     .doc = "no BGP message came from the server and the session never reached Established"},
    {.name = "no bfd",
     .args = "for D",
     .parse = h_w_no_bfd,
     .doc = "no datagram came back to the NVA's BFD ports (after `bfd NVA`)"},
    {.name = "no notification",
     .args = "for D",
     .parse = h_w_no_notification,
     .doc = "no NOTIFICATION arrived for D (e.g. none answers one the NVA sent)"},
};

/* ---- on the server ---- */
static int h_s_cmp(struct h_cur *k, struct h_alt *a)
{
	unsigned long v;

	if (h_accept(k, "has")) {
		a->cmp = H_CMP_HAS;
		return h_get_prefix(k, &a->pfx) || h_route_opts(k, a, false) ? -1 : 0;
	}
	if (h_accept(k, "lacks")) {
		a->cmp = H_CMP_LACKS;
		return h_get_prefix(k, &a->pfx) || h_route_opts(k, a, false) ? -1 : 0;
	}
	if (!h_accept(k, "count"))
		return h_err(k->l, "expected 'has P', 'lacks P' or 'count N'");
	a->cmp = H_CMP_COUNT;
	if (h_get_uint(k, "a route count", 1000000, &v))
		return -1;
	a->count = (unsigned)v;
	return 0;
}

/* The NVA and optional instance a server check is about. */
static int h_s_peer(struct h_cur *k, enum h_what what)
{
	struct h_alt *a = k->alt;

	a->what = what;
	if (h_get_nva(k, &a->peer))
		return -1;
	a->inst = h_opt_inst(k);
	if (!a->inst)
		a->inst = 3;
	return 0;
}

static int h_s_learned(struct h_cur *k)
{
	return h_s_peer(k, H_E_S_LEARNED) || h_s_cmp(k, k->alt) ? -1 : 0;
}

static int h_s_advertised(struct h_cur *k)
{
	return h_s_peer(k, H_E_S_ADVERTISED) || h_s_cmp(k, k->alt) ? -1 : 0;
}

static int h_s_effective(struct h_cur *k)
{
	struct h_alt *a = k->alt;

	a->what = H_E_S_EFFECTIVE;
	a->inst = h_opt_inst(k);
	if (!a->inst)
		a->inst = 3;
	a->cmp = h_accept(k, "lacks") ? H_CMP_LACKS : H_CMP_HAS;
	if (h_get_prefix(k, &a->pfx))
		return -1;
	if (a->cmp == H_CMP_HAS && h_accept(k, "nexthops"))
		return h_get_addrs(k, &a->nhs, &a->nnh);
	return 0;
}

static int h_s_inconsistent(struct h_cur *k)
{
	k->alt->what = H_E_S_INCONSISTENT;
	return h_get_prefix(k, &k->alt->pfx);
}

static int h_s_consistent(struct h_cur *k)
{
	k->alt->what = H_E_S_CONSISTENT;
	return 0;
}

static int h_s_field_value(struct h_cur *k, enum h_what what)
{
	struct h_alt *a = k->alt;
	const char *f, *v;
	char *end;

	if (h_s_peer(k, what))
		return -1;
	if (h_want(k, "a field name", &f) || h_want(k, "a value", &v))
		return -1;
	snprintf(a->field, sizeof(a->field), "%s", f);
	snprintf(a->value, sizeof(a->value), "%s", v);
	a->num = strtod(v, &end);
	a->numeric = end != v && !*end;
	return 0;
}

static int h_s_metrics(struct h_cur *k)
{
	return h_s_field_value(k, H_E_S_METRICS);
}

static int h_s_session(struct h_cur *k)
{
	return h_s_field_value(k, H_E_S_SESSION);
}

static int h_s_log(struct h_cur *k)
{
	struct h_alt *a = k->alt;
	const char *ev, *r;

	a->what = H_E_S_LOG;
	if (h_want(k, "a log event name", &ev))
		return -1;
	snprintf(a->field, sizeof(a->field), "%s", ev);
	if (h_accept(k, "rule")) {
		if (h_want(k, "a rule", &r))
			return -1;
		snprintf(a->value, sizeof(a->value), "%s", r);
	}
	return 0;
}

static int h_s_kernel(struct h_cur *k)
{
	struct h_alt *a = k->alt;
	const char *f;

	a->what = H_E_S_KERNEL;
	if (h_want(k, "a TcpExt counter of /proc/net/netstat (e.g. TCPMD5Unexpected)", &f))
		return -1;
	snprintf(a->field, sizeof(a->field), "%s", f);
	if (!h_accept(k, "rises"))
		return h_err(k->l, "expected 'rises' after the counter name");
	return 0;
}

static const struct h_kw h_kw_srv[] = {
    {.name = "learned",
     .args = "NVA [IN_x] has P [path \"...\"] [nexthop A]|lacks P|count N",
     .parse = h_s_learned,
     .doc = "`peering learned`"},
    {.name = "advertised",
     .args = "NVA [IN_x] has ...|lacks ...|count N",
     .parse = h_s_advertised,
     .doc = "`peering advertised`"},
    {.name = "effective",
     .args = "[IN_x] [lacks] P [nexthops A,B]",
     .parse = h_s_effective,
     .doc = "VMs' effective routes (source VirtualNetworkGateway), next-hop set exact"},
    {.name = "inconsistent",
     .args = "P",
     .parse = h_s_inconsistent,
     .doc = "the instances' tables differ for P"},
    {.name = "consistent",
     .args = "",
     .parse = h_s_consistent,
     .doc = "the instances' tables do not differ"},
    {.name = "metrics",
     .args = "NVA [IN_x] FIELD VALUE",
     .parse = h_s_metrics,
     .doc = "e.g. `status 1`, `routesLearned 200`"},
    {.name = "session",
     .args = "NVA [IN_x] FIELD VALUE",
     .parse = h_s_session,
     .doc = "e.g. `state Established`, `holdTime 90`"},
    {.name = "log",
     .args = "EVENT [rule RULE]",
     .parse = h_s_log,
     .doc = "a line of the server's log (reference only)"},
    {.name = "kernel",
     .args = "COUNTER rises",
     .parse = h_s_kernel,
     .doc = "the TcpExt counter COUNTER of /proc/net/netstat, of the kernel the server runs on, "
            "rises during the wait (reference only)"},
};

/* One alternative, words [k->i, k->end). */
static int h_alt_parse(struct h_cur *k, bool server)
{
	struct h_alt *a = k->alt;

	if (!server) {
		if (h_kw_dispatch(k, h_kw_wire, H_N(h_kw_wire), "an expectation"))
			return -1;
		if (a->negative)
			return 0;
		return h_timing(k, a, false);
	}
	a->inst = 3;
	if (h_kw_dispatch(k, h_kw_srv, H_N(h_kw_srv), "a server expectation"))
		return -1;
	/* instant checks by default for "lacks"; else within 2s */
	if (a->cmp == H_CMP_LACKS && !h_peek(k))
		a->dur.v = 0;
	return h_timing(k, a, false);
}

static void h_alt_text(struct h_cur *k, size_t start)
{
	struct h_alt *a = k->alt;
	size_t j, o = 0;

	for (j = start; j < k->end && o + 2 < sizeof(a->text); j++) {
		int w =
		    snprintf(a->text + o, sizeof(a->text) - o, "%s%s", o ? " " : "", k->l->tok[j]);
		o += w > 0 ? (size_t)w : 0;
		if (o >= sizeof(a->text))
			o = sizeof(a->text) - 1;
	}
}

/* The alternatives from k->i to the end of the line. */
static int h_alts(struct h_cur *k, bool server)
{
	struct h_line *l = k->l;
	struct h_step *st = k->st;

	for (;;) {
		size_t start = k->i;
		/* the executor keeps per-alternative state in arrays of H_MAX_ALTS */
		if (st->nalt == H_MAX_ALTS)
			return h_err(l, "too many alternatives (at most %d)", H_MAX_ALTS);
		k->alt = h_case_grow((void **)&st->alt, st->nalt, sizeof(st->alt[0]));
		if (!k->alt)
			return h_err(l, "out of memory");
		st->nalt++;
		h_alt_defaults(k->alt);
		/* an alternative ends at the next bare "or" */
		for (k->end = k->i; k->end < l->n; k->end++)
			if (!l->quoted[k->end] && !strcmp(l->tok[k->end], "or"))
				break;
		if (h_alt_parse(k, server))
			return -1;
		if (k->i < k->end)
			return h_err(l, "unexpected '%s' in the expectation", l->tok[k->i]);
		h_alt_text(k, start);
		if (k->end >= l->n)
			return 0;
		k->i = k->end + 1;
		k->end = l->n;
		if (k->i >= l->n)
			return h_err(l, "expected an alternative after 'or'");
	}
}

int h_line_expect(struct h_cur *k)
{
	struct h_step *st = k->st;
	const char *who;
	bool server;

	st->op = H_OP_EXPECT;
	if (h_want(k, "an NVA name or 'server'", &who))
		return -1;
	server = !strcmp(who, "server");
	st->nva = -1;
	if (!server) {
		k->i--;
		if (h_get_nva(k, &st->nva))
			return -1;
		st->inst = h_opt_inst(k);
	}
	return h_alts(k, server);
}

const struct h_kw_table h_kw_expects[] = {
    {.section = "### On the wire", .prefix = "", .rows = h_kw_wire, .n = H_N(h_kw_wire)},
    {.section = "### On the server", .prefix = "", .rows = h_kw_srv, .n = H_N(h_kw_srv)},
};
const size_t h_kw_nexpects = H_N(h_kw_expects);
