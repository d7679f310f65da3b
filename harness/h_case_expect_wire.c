/* h_case_expect_wire.c: the expectations on the wire, "expect NVA [IN_x]
 * WHAT": what the NVA received from the server, or did not. One keyword table
 * row per WHAT. */
#include "h_case_lex.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define H_N(t) (sizeof(t) / sizeof((t)[0]))

/* A prefix and the route options after it. */
static int h_route(struct h_cur *k, enum h_what what)
{
	k->alt->what = what;
	if (h_get_prefix(k, &k->alt->pfx))
		return -1;
	return h_expect_route_opts(k, k->alt, what == H_E_ROUTE) ? -1 : 0;
}

/* A keyword that takes no arguments: the message or the state its row names. */
static int h_w_plain(struct h_cur *k)
{
	k->alt->what = k->row->what;
	return 0;
}

/* A negative expectation observes an interval: "for D" is required. */
static int h_w_quiet(struct h_cur *k)
{
	k->alt->what = k->row->what;
	return h_expect_timing(k, k->alt, true);
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

static int h_w_no_route(struct h_cur *k)
{
	return h_route(k, H_E_NO_ROUTE) ? -1 : h_expect_timing(k, k->alt, true);
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
	return h_expect_timing(k, a, true);
}

static const struct h_kw h_kw_wire[] = {
    {.name = "established",
     .args = "",
     .parse = h_w_plain,
     .what = H_E_ESTABLISHED,
     .doc = "the session reached Established"},
    {.name = "notification",
     .args = "C/S [data HEX]",
     .parse = h_w_notification,
     .doc = "a NOTIFICATION with that code/subcode (`S` may be `*`)"},
    {.name = "closed",
     .args = "",
     .parse = h_w_plain,
     .what = H_E_CLOSED,
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
    {.name = "refresh",
     .args = "",
     .parse = h_w_plain,
     .what = H_E_REFRESH,
     .doc = "a ROUTE-REFRESH arrived"},
    {.name = "eor",
     .args = "",
     .parse = h_w_plain,
     .what = H_E_EOR,
     .doc = "an End-of-RIB marker arrived"},
    {.name = "update",
     .args = "",
     .parse = h_w_plain,
     .what = H_E_UPDATE,
     .doc = "an UPDATE arrived (e.g. the answer to a ROUTE-REFRESH)"},
    {.name = "keepalive interval",
     .args = "D1 to D2",
     .parse = h_w_ka_interval,
     .doc = "each of the next two KEEPALIVEs comes at least D1 after the previous KEEPALIVE "
            "and at most D2 after the previous message (RFC 4271 10: jitter down to 0.75 of "
            "the interval; an UPDATE may restart the timer)"},
    {.name = "keepalive",
     .args = "",
     .parse = h_w_plain,
     .what = H_E_KEEPALIVE,
     .doc = "a KEEPALIVE arrived"},
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
     .parse = h_w_plain,
     .what = H_E_UNREACHABLE,
     .doc = "the NVA's forwarding table lost the server"},
    {.name = "up",
     .args = "for D",
     .parse = h_w_quiet,
     .what = H_E_UP,
     .doc = "no NOTIFICATION, no close, still Established for D"},
    {.name = "stable",
     .args = "for D",
     .parse = h_w_quiet,
     .what = H_E_UP,
     .doc = "the same as `up for D`"},
    {.name = "no route",
     .args = "P [x N] for D",
     .parse = h_w_no_route,
     .doc = "none of the prefixes was announced for D"},
    {.name = "no update",
     .args = "for D",
     .parse = h_w_quiet,
     .what = H_E_NO_UPDATE,
     .doc = "no UPDATE arrived for D"},
    {.name = "no keepalive",
     .args = "for D",
     .parse = h_w_quiet,
     .what = H_E_NO_KEEPALIVE,
     .doc = "no KEEPALIVE arrived for D"},
    {.name = "never received",
     .args = "P [x N] for D",
     .parse = h_w_never,
     .doc = "no UPDATE ever announced P on this session, not even one the NVA ignored (its "
            "own ASN in the path): a check on the wire, not on the NVA's table"},
    {.name = "no ipv6",
     .args = "for D",
     .parse = h_w_quiet,
     .what = H_E_NO_IPV6,
     .doc = "no UPDATE of the session carried an IPv6 route (MP_REACH_NLRI or MP_UNREACH_NLRI "
            "of AFI 2; ARS-NO-IPV6)"},
    {.name = "no session",
     .args = "for D",
     .parse = h_w_quiet,
     .what = H_E_NO_SESSION,
     .doc = "no BGP message came from the server and the session never reached Established"},
    {.name = "no bfd",
     .args = "for D",
     .parse = h_w_quiet,
     .what = H_E_NO_BFD,
     .doc = "no datagram came back to the NVA's BFD ports (after `bfd NVA`)"},
    {.name = "no notification",
     .args = "for D",
     .parse = h_w_quiet,
     .what = H_E_NO_NOTIFICATION,
     .doc = "no NOTIFICATION arrived for D (e.g. none answers one the NVA sent)"},
};

const struct h_kw_table h_kw_expect_wire = {
    .section = "### On the wire", .prefix = "", .rows = h_kw_wire, .n = H_N(h_kw_wire)};
