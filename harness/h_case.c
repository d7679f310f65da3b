/* h_case.c: the case file parser. One line at a time, words separated by
 * blanks, "quoted strings" for AS paths and text, # starts a comment. */
#include "h_case.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bgp_codec.h"

#define H_MAX_TOK 64

struct h_line {
	const char *name;
	unsigned no;
	size_t n;
	char *tok[H_MAX_TOK];
	bool quoted[H_MAX_TOK];
	char buf[2048];
	struct h_case *c;
};

static int h_err(struct h_line *l, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!l->c->error[0])
		snprintf(l->c->error, sizeof(l->c->error), "%s:%u: %s", l->name, l->no, msg);
	return -1;
}

/* Split one line into words; returns -1 on an unterminated quote. */
static int h_tokenize(struct h_line *l, const char *s, size_t len)
{
	size_t o = 0;
	size_t i = 0;

	l->n = 0;
	if (len >= sizeof(l->buf))
		return h_err(l, "line too long (%zu characters)", len);
	while (i < len) {
		while (i < len && isspace((unsigned char)s[i]))
			i++;
		if (i >= len || s[i] == '#')
			break;
		if (l->n == H_MAX_TOK)
			return h_err(l, "too many words on one line");
		l->quoted[l->n] = s[i] == '"';
		l->tok[l->n++] = &l->buf[o];
		if (s[i] == '"') {
			i++;
			while (i < len && s[i] != '"')
				l->buf[o++] = s[i++];
			if (i >= len)
				return h_err(l, "unterminated quote");
			i++;
		} else {
			while (i < len && !isspace((unsigned char)s[i]))
				l->buf[o++] = s[i++];
		}
		l->buf[o++] = '\0';
	}
	return 0;
}

int h_parse_ipv4(const char *s, uint32_t *out)
{
	unsigned a, b, c, d;
	char tail;

	if (sscanf(s, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4)
		return -1;
	if (a > 255 || b > 255 || c > 255 || d > 255)
		return -1;
	*out = (a << 24) | (b << 16) | (c << 8) | d;
	return 0;
}

void h_format_ipv4(uint32_t a, char *out, size_t cap)
{
	snprintf(out, cap, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

static int h_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!s || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

int h_parse_community(const char *s, uint32_t *out)
{
	unsigned long a, b;
	char left[16];
	const char *colon;

	if (!strcasecmp(s, "no-advertise")) {
		*out = BGP_COMM_NO_ADVERTISE;
		return 0;
	}
	if (!strcasecmp(s, "no-export")) {
		*out = BGP_COMM_NO_EXPORT;
		return 0;
	}
	colon = strchr(s, ':');
	if (!colon || (size_t)(colon - s) >= sizeof(left))
		return -1;
	memcpy(left, s, (size_t)(colon - s));
	left[colon - s] = '\0';
	if (h_parse_uint(left, 65535, &a) || h_parse_uint(colon + 1, 65535, &b))
		return -1;
	*out = BGP_COMMUNITY(a, b);
	return 0;
}

void h_prefix_nth(const struct bgp_prefix *p, unsigned i, struct bgp_prefix *out)
{
	uint32_t a;

	*out = *p;
	if (p->afi != BGP_AFI_IPV4 || p->len == 0 || i == 0)
		return;
	a = ((uint32_t)p->addr[0] << 24) | ((uint32_t)p->addr[1] << 16) |
	    ((uint32_t)p->addr[2] << 8) | p->addr[3];
	a += (uint32_t)i << (32 - p->len);
	out->addr[0] = (uint8_t)(a >> 24);
	out->addr[1] = (uint8_t)(a >> 16);
	out->addr[2] = (uint8_t)(a >> 8);
	out->addr[3] = (uint8_t)a;
}

static int h_parse_dur(const char *s, struct h_dur *d)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || v < 0)
		return -1;
	d->xhold = false;
	if (!strcmp(end, "s"))
		d->v = v;
	else if (!strcmp(end, "ms"))
		d->v = v / 1000.0;
	else if (!strcmp(end, "xhold")) {
		d->v = v;
		d->xhold = true;
	} else
		return -1;
	return 0;
}

double h_dur_seconds(const struct h_dur *d, unsigned hold, double scale)
{
	if (d->xhold)
		return d->v * (double)hold * scale;
	return d->v;
}

/* Word cursor over a line. */
struct h_cur {
	struct h_line *l;
	size_t i, end;
};

static const char *h_peek(struct h_cur *k)
{
	return k->i < k->end ? k->l->tok[k->i] : NULL;
}

static const char *h_next(struct h_cur *k)
{
	return k->i < k->end ? k->l->tok[k->i++] : NULL;
}

static bool h_accept(struct h_cur *k, const char *w)
{
	const char *t = h_peek(k);

	if (t && !k->l->quoted[k->i] && !strcmp(t, w)) {
		k->i++;
		return true;
	}
	return false;
}

static int h_want(struct h_cur *k, const char *what, const char **out)
{
	*out = h_next(k);
	if (!*out)
		return h_err(k->l, "expected %s at the end of the line", what);
	return 0;
}

static int h_get_prefix(struct h_cur *k, struct bgp_prefix *p)
{
	const char *t;

	if (h_want(k, "a prefix (e.g. 10.1.0.0/16)", &t))
		return -1;
	if (bgp_parse_prefix(t, p))
		return h_err(k->l, "expected a prefix (e.g. 10.1.0.0/16), got '%s'", t);
	return 0;
}

static int h_get_addr(struct h_cur *k, uint32_t *a)
{
	const char *t;

	if (h_want(k, "an IPv4 address", &t))
		return -1;
	if (h_parse_ipv4(t, a))
		return h_err(k->l, "expected an IPv4 address, got '%s'", t);
	return 0;
}

static int h_get_uint(struct h_cur *k, const char *what, unsigned long max, unsigned long *v)
{
	const char *t;

	*v = 0;
	if (h_want(k, what, &t))
		return -1;
	if (h_parse_uint(t, max, v))
		return h_err(k->l, "expected %s, got '%s'", what, t);
	return 0;
}

static int h_get_dur(struct h_cur *k, struct h_dur *d)
{
	const char *t;

	if (h_want(k, "a duration (e.g. 2s, 500ms, 1.5xhold)", &t))
		return -1;
	if (h_parse_dur(t, d))
		return h_err(k->l, "expected a duration (e.g. 2s, 500ms, 1.5xhold), got '%s'", t);
	return 0;
}

static int h_get_path(struct h_cur *k, char *out, size_t cap)
{
	const char *t;
	size_t i;

	if (h_want(k, "an AS path in quotes (e.g. \"65001 65002\")", &t))
		return -1;
	for (i = 0; t[i]; i++)
		if (!isdigit((unsigned char)t[i]) && !strchr(" {},", t[i]))
			return h_err(k->l, "expected an AS path of numbers and {sets}, got '%s'", t);
	snprintf(out, cap, "%s", t);
	return 0;
}

static int h_get_origin(struct h_cur *k, int *o)
{
	const char *t;

	if (h_want(k, "an origin (igp, egp, incomplete)", &t))
		return -1;
	if (!strcasecmp(t, "igp"))
		*o = BGP_ORIGIN_IGP;
	else if (!strcasecmp(t, "egp"))
		*o = BGP_ORIGIN_EGP;
	else if (!strcasecmp(t, "incomplete"))
		*o = BGP_ORIGIN_INCOMPLETE;
	else
		return h_err(k->l, "expected an origin (igp, egp, incomplete), got '%s'", t);
	return 0;
}

static int h_get_comms(struct h_cur *k, uint32_t *c, size_t *n)
{
	const char *t;
	char buf[256];
	char *save = NULL;
	char *w;

	if (h_want(k, "communities (e.g. 65001:1,no-advertise)", &t))
		return -1;
	snprintf(buf, sizeof(buf), "%s", t);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (*n == H_MAX_COMMS)
			return h_err(k->l, "too many communities (at most %d)", H_MAX_COMMS);
		if (h_parse_community(w, &c[*n]))
			return h_err(k->l, "expected a community (A:B, no-advertise, no-export), "
					   "got '%s'", w);
		(*n)++;
	}
	return 0;
}

static int h_get_hex(struct h_line *l, const char *s, uint8_t *out, size_t cap, size_t *n)
{
	size_t i;
	int hi = -1;

	for (i = 0; s[i]; i++) {
		int v;

		if (s[i] == ' ' || s[i] == ':' || s[i] == '_')
			continue;
		if (!isxdigit((unsigned char)s[i]))
			return h_err(l, "expected hex digits, got '%c'", s[i]);
		v = isdigit((unsigned char)s[i]) ? s[i] - '0' : (tolower(s[i]) - 'a' + 10);
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (*n == cap)
			return h_err(l, "too many hex bytes (at most %zu)", cap);
		out[(*n)++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0)
		return h_err(l, "odd number of hex digits");
	return 0;
}

static int h_find_nva(struct h_line *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->c->nnvas; i++)
		if (!strcmp(l->c->nvas[i].name, name))
			return (int)i;
	return -1;
}

static int h_get_nva(struct h_cur *k, int *idx)
{
	const char *t;

	if (h_want(k, "an NVA name", &t))
		return -1;
	*idx = h_find_nva(k->l, t);
	if (*idx < 0)
		return h_err(k->l, "unknown NVA '%s' (declare it with an 'nva' line first)", t);
	return 0;
}

/* Optional instance word: IN_0, IN_1, both. */
static unsigned h_opt_inst(struct h_cur *k)
{
	if (h_accept(k, "IN_0"))
		return 1;
	if (h_accept(k, "IN_1"))
		return 2;
	if (h_accept(k, "both"))
		return 3;
	return 0;
}

static int h_parse_caps(struct h_line *l, const char *s, unsigned *caps)
{
	char buf[128];
	char *save = NULL;
	char *w;

	*caps = 0;
	if (!strcmp(s, "none"))
		return 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (!strcmp(w, "mp"))
			*caps |= H_CAP_MP;
		else if (!strcmp(w, "route-refresh") || !strcmp(w, "rr"))
			*caps |= H_CAP_RR;
		else if (!strcmp(w, "as4"))
			*caps |= H_CAP_AS4;
		else if (!strcmp(w, "gr") || !strcmp(w, "graceful-restart"))
			*caps |= H_CAP_GR;
		else if (!strcmp(w, "enhanced-rr"))
			*caps |= H_CAP_ERR;
		else if (!strcmp(w, "ext-msg"))
			*caps |= H_CAP_EXT;
		else
			return h_err(l, "expected a capability (mp, route-refresh, as4, gr, "
					"enhanced-rr, ext-msg, none), got '%s'", w);
	}
	return 0;
}

static int h_cap_one(struct h_cur *k, unsigned *bits)
{
	const char *t;

	if (h_want(k, "a capability name", &t))
		return -1;
	unsigned b = 0;
	if (h_parse_caps(k->l, t, &b))
		return -1;
	*bits |= b;
	return 0;
}

static void h_join(struct h_line *l, size_t from, char *out, size_t cap)
{
	size_t i;
	size_t o = 0;

	out[0] = '\0';
	for (i = from; i < l->n && o + 1 < cap; i++) {
		int w = snprintf(out + o, cap - o, "%s%s", o ? " " : "", l->tok[i]);
		if (w < 0)
			break;
		o += (size_t)w;
		if (o >= cap)
			o = cap - 1;
	}
}

/* ---- header and topology ---- */
static int h_line_server(struct h_line *l)
{
	struct h_server_spec *s = &l->c->server;
	struct h_cur k = {l, 1, l->n};
	const char *w;
	unsigned long v;

	if (h_want(&k, "a server setting (profile, vnet, timers, branch-to-branch, peer, "
		       "vnet-peering, config)", &w))
		return -1;
	if (!strcmp(w, "profile")) {
		if (h_want(&k, "a profile name", &w))
			return -1;
		snprintf(s->profile, sizeof(s->profile), "%s", w);
	} else if (!strcmp(w, "vnet")) {
		if (k.i >= l->n)
			return h_err(l, "expected one or more prefixes after 'vnet'");
		for (; k.i < l->n; k.i++) {
			struct bgp_prefix p;
			if (bgp_parse_prefix(l->tok[k.i], &p))
				return h_err(l, "expected a prefix, got '%s'", l->tok[k.i]);
		}
		h_join(l, 2, s->vnet, sizeof(s->vnet));
	} else if (!strcmp(w, "timers")) {
		while (k.i < l->n) {
			if (h_accept(&k, "keepalive")) {
				if (h_get_uint(&k, "seconds", 65535, &v))
					return -1;
				s->keepalive = (unsigned)v;
			} else if (h_accept(&k, "hold")) {
				if (h_get_uint(&k, "seconds", 65535, &v))
					return -1;
				s->hold = (unsigned)v;
			} else
				return h_err(l, "expected 'keepalive N' or 'hold N', got '%s'",
					     l->tok[k.i]);
		}
	} else if (!strcmp(w, "branch-to-branch")) {
		if (h_want(&k, "on or off", &w))
			return -1;
		if (strcmp(w, "on") && strcmp(w, "off"))
			return h_err(l, "expected on or off, got '%s'", w);
		s->branch_to_branch = !strcmp(w, "on");
	} else if (!strcmp(w, "peer")) {
		if (s->nextra_peers == H_MAX_SRV_LINES)
			return h_err(l, "too many extra peers");
		if (h_want(&k, "a peer name", &w))
			return -1;
		snprintf(s->extra_peer[s->nextra_peers], H_NAME, "%s", w);
		if (!h_accept(&k, "asn"))
			return h_err(l, "expected 'asn N' after the peer name");
		if (h_get_uint(&k, "an ASN", 4294967295ul, &v))
			return -1;
		s->extra_peer_asn[s->nextra_peers++] = (uint32_t)v;
	} else if (!strcmp(w, "vnet-peering") || !strcmp(w, "config")) {
		if (s->nextra == H_MAX_SRV_LINES)
			return h_err(l, "too many server config lines");
		h_join(l, !strcmp(w, "config") ? 2 : 1, s->extra[s->nextra], 160);
		s->extra_line[s->nextra++] = l->no;
		return 0;
	} else
		return h_err(l, "expected a server setting (profile, vnet, timers, "
				"branch-to-branch, peer, vnet-peering, config), got '%s'", w);
	if (k.i < l->n)
		return h_err(l, "unexpected '%s' at the end of the line", l->tok[k.i]);
	return 0;
}

static void h_nva_defaults(struct h_nva_spec *n, const char *name, unsigned line)
{
	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->asn = 65001;
	n->configured = true;
	n->addr = 0x0A000104; /* 10.0.1.4 */
	bgp_parse_prefix("10.0.1.0/24", &n->subnet);
	n->gateway = 0x0A000101;
	n->hold = 180;
	n->peers = 3;
	n->caps = H_CAP_MP | H_CAP_RR | H_CAP_AS4;
	n->line = line;
}

static int h_line_nva(struct h_line *l)
{
	struct h_case *c = l->c;
	struct h_cur k = {l, 1, l->n};
	struct h_nva_spec *n;
	const char *name;
	unsigned long v;
	int idx;
	bool asn_cfg = false;

	if (h_want(&k, "an NVA name", &name))
		return -1;
	idx = h_find_nva(l, name);
	if (idx < 0) {
		if (c->nnvas == H_MAX_NVAS)
			return h_err(l, "too many NVAs (at most %d)", H_MAX_NVAS);
		if (c->nsteps)
			return h_err(l, "NVA '%s' declared after the script started", name);
		idx = (int)c->nnvas++;
		h_nva_defaults(&c->nvas[idx], name, l->no);
	}
	n = &c->nvas[idx];
	while (k.i < l->n) {
		if (h_accept(&k, "asn")) {
			if (h_get_uint(&k, "an ASN", 4294967295ul, &v))
				return -1;
			n->asn = (uint32_t)v;
		} else if (h_accept(&k, "configured-asn")) {
			if (h_get_uint(&k, "an ASN", 4294967295ul, &v))
				return -1;
			n->cfg_asn = (uint32_t)v;
			asn_cfg = true;
		} else if (h_accept(&k, "address")) {
			if (h_get_addr(&k, &n->addr))
				return -1;
		} else if (h_accept(&k, "router-id")) {
			if (h_get_addr(&k, &n->router_id))
				return -1;
		} else if (h_accept(&k, "subnet")) {
			if (h_get_prefix(&k, &n->subnet))
				return -1;
		} else if (h_accept(&k, "gateway")) {
			if (h_get_addr(&k, &n->gateway))
				return -1;
		} else if (h_accept(&k, "hold")) {
			if (h_get_uint(&k, "a hold time in seconds", 65535, &v))
				return -1;
			n->hold = (unsigned)v;
		} else if (h_accept(&k, "peers")) {
			const char *w;
			if (h_want(&k, "IN_0, IN_1 or both", &w))
				return -1;
			if (!strcmp(w, "IN_0"))
				n->peers = 1;
			else if (!strcmp(w, "IN_1"))
				n->peers = 2;
			else if (!strcmp(w, "both"))
				n->peers = 3;
			else
				return h_err(l, "expected IN_0, IN_1 or both, got '%s'", w);
		} else if (h_accept(&k, "caps")) {
			const char *w;
			if (h_want(&k, "a capability list (e.g. mp,route-refresh,as4)", &w))
				return -1;
			if (h_parse_caps(l, w, &n->caps))
				return -1;
		} else if (h_accept(&k, "unconfigured")) {
			n->configured = false;
		} else if (h_accept(&k, "reconnect")) {
			n->reconnect = true;
		} else if (h_accept(&k, "gateway-peer")) {
			n->gateway_peer = true;
			n->asn = 65515;
			n->cfg_asn = 65515;
			asn_cfg = true;
		} else if (h_accept(&k, "static")) {
			struct h_static *s;
			if (n->nstatic == H_MAX_STATICS)
				return h_err(l, "too many static routes");
			s = &n->statics[n->nstatic];
			if (h_get_prefix(&k, &s->pfx))
				return -1;
			if (!h_accept(&k, "via"))
				return h_err(l, "expected 'via ADDRESS' after the static prefix");
			if (h_get_addr(&k, &s->via))
				return -1;
			n->nstatic++;
		} else
			return h_err(l, "expected an NVA setting (asn, address, subnet, gateway, "
					"hold, peers, caps, static, router-id, configured-asn, "
					"unconfigured, reconnect, gateway-peer), got '%s'", l->tok[k.i]);
	}
	if (!asn_cfg && !n->cfg_asn)
		n->cfg_asn = n->asn;
	return 0;
}

/* ---- expectations ---- */
static void h_alt_defaults(struct h_alt *a)
{
	memset(a, 0, sizeof(*a));
	a->origin = -1;
	a->peer = -1;
	a->dur.v = 2.0;
	a->subcode = -1;
}

/* Route options shared by route/withdrawn/no route: [x N] [path] [nexthop] ... */
static int h_route_opts(struct h_cur *k, struct h_alt *a)
{
	unsigned long v;

	a->count = 1;
	for (;;) {
		if (h_accept(k, "x")) {
			if (h_get_uint(k, "a count", 100000, &v) || v == 0)
				return v == 0 ? h_err(k->l, "a count must be at least 1") : -1;
			a->count = (unsigned)v;
		} else if (h_accept(k, "path")) {
			if (h_get_path(k, a->path, sizeof(a->path)))
				return -1;
			a->has_path = true;
		} else if (h_accept(k, "nexthop")) {
			if (h_get_addr(k, &a->nh))
				return -1;
			a->has_nh = true;
		} else if (h_accept(k, "origin")) {
			if (h_get_origin(k, &a->origin))
				return -1;
		} else if (h_accept(k, "community") || h_accept(k, "communities")) {
			if (h_get_comms(k, a->comm, &a->ncomm))
				return -1;
		} else
			return 0;
	}
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

static int h_alt_nva(struct h_cur *k, struct h_alt *a)
{
	const char *w;
	unsigned long v;

	if (h_want(k, "an expectation (established, notification, closed, route, withdrawn, "
		      "refresh, eor, keepalive, open, up, no, flaps, unreachable)", &w))
		return -1;
	if (!strcmp(w, "established")) {
		a->what = H_E_ESTABLISHED;
	} else if (!strcmp(w, "notification")) {
		const char *cs;
		char *end;
		long code, sub = -1;

		a->what = H_E_NOTIFICATION;
		if (h_want(k, "CODE/SUBCODE (e.g. 6/1)", &cs))
			return -1;
		code = strtol(cs, &end, 10);
		if (end == cs || *end != '/' || code < 1 || code > 255)
			return h_err(k->l, "expected CODE/SUBCODE (e.g. 6/1), got '%s'", cs);
		if (strcmp(end + 1, "*")) {
			char *e2;
			sub = strtol(end + 1, &e2, 10);
			if (e2 == end + 1 || *e2 || sub < 0 || sub > 255)
				return h_err(k->l, "expected CODE/SUBCODE (e.g. 6/1), got '%s'",
					     cs);
		}
		a->code = (int)code;
		a->subcode = (int)sub;
		if (h_accept(k, "data")) {
			const char *hx;
			if (h_want(k, "hex data", &hx))
				return -1;
			if (h_get_hex(k->l, hx, a->data, sizeof(a->data), &a->ndata))
				return -1;
			a->has_data = true;
		}
	} else if (!strcmp(w, "closed")) {
		a->what = H_E_CLOSED;
	} else if (!strcmp(w, "route")) {
		a->what = H_E_ROUTE;
		if (h_get_prefix(k, &a->pfx) || h_route_opts(k, a))
			return -1;
	} else if (!strcmp(w, "withdrawn")) {
		a->what = H_E_WITHDRAWN;
		if (h_get_prefix(k, &a->pfx) || h_route_opts(k, a))
			return -1;
	} else if (!strcmp(w, "refresh")) {
		a->what = H_E_REFRESH;
	} else if (!strcmp(w, "eor")) {
		a->what = H_E_EOR;
	} else if (!strcmp(w, "keepalive")) {
		a->what = H_E_KEEPALIVE;
	} else if (!strcmp(w, "open")) {
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
			} else
				break;
		}
	} else if (!strcmp(w, "up") || !strcmp(w, "stable")) {
		a->what = H_E_UP;
		return h_timing(k, a, true);
	} else if (!strcmp(w, "no")) {
		if (h_accept(k, "route")) {
			a->what = H_E_NO_ROUTE;
			if (h_get_prefix(k, &a->pfx) || h_route_opts(k, a))
				return -1;
		} else if (h_accept(k, "update")) {
			a->what = H_E_NO_UPDATE;
		} else if (h_accept(k, "keepalive")) {
			a->what = H_E_NO_KEEPALIVE;
		} else
			return h_err(k->l, "expected 'no route P', 'no update' or 'no keepalive'");
		return h_timing(k, a, true);
	} else if (!strcmp(w, "never")) {
		if (!h_accept(k, "received"))
			return h_err(k->l, "expected 'never received P'");
		a->what = H_E_NEVER_RECEIVED;
		a->count = 1;
		if (h_get_prefix(k, &a->pfx))
			return -1;
		if (h_accept(k, "x")) {
			unsigned long n;
			if (h_get_uint(k, "a count", 100000, &n) || n == 0)
				return n == 0 ? h_err(k->l, "a count must be at least 1") : -1;
			a->count = (unsigned)n;
		}
		return h_timing(k, a, true);
	} else if (!strcmp(w, "flaps")) {
		a->what = H_E_FLAPS;
		a->count = 1;
		if (h_peek(k) && isdigit((unsigned char)h_peek(k)[0])) {
			if (h_get_uint(k, "a count", 1000, &v))
				return -1;
			a->count = (unsigned)v;
		}
	} else if (!strcmp(w, "unreachable")) {
		a->what = H_E_UNREACHABLE;
	} else
		return h_err(k->l, "expected an expectation (established, notification, closed, "
				   "route, withdrawn, refresh, eor, keepalive, open, up, no, "
				   "flaps, unreachable), got '%s'", w);
	return h_timing(k, a, false);
}

static int h_server_cmp(struct h_cur *k, struct h_alt *a)
{
	unsigned long v;

	if (h_accept(k, "has")) {
		a->cmp = H_CMP_HAS;
		if (h_get_prefix(k, &a->pfx) || h_route_opts(k, a))
			return -1;
	} else if (h_accept(k, "lacks")) {
		a->cmp = H_CMP_LACKS;
		if (h_get_prefix(k, &a->pfx) || h_route_opts(k, a))
			return -1;
	} else if (h_accept(k, "count")) {
		a->cmp = H_CMP_COUNT;
		if (h_get_uint(k, "a route count", 1000000, &v))
			return -1;
		a->count = (unsigned)v;
	} else
		return h_err(k->l, "expected 'has P', 'lacks P' or 'count N'");
	return 0;
}

static int h_get_nhs(struct h_cur *k, struct h_alt *a)
{
	const char *t;
	char buf[256];
	char *save = NULL;
	char *w;

	if (h_want(k, "next hops (e.g. 10.0.1.4,10.0.2.4)", &t))
		return -1;
	snprintf(buf, sizeof(buf), "%s", t);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (a->nnh == H_MAX_NH)
			return h_err(k->l, "too many next hops");
		if (h_parse_ipv4(w, &a->nhs[a->nnh]))
			return h_err(k->l, "expected an IPv4 next hop, got '%s'", w);
		a->nnh++;
	}
	return 0;
}

static int h_field_value(struct h_cur *k, struct h_alt *a)
{
	const char *f, *v;
	char *end;

	if (h_want(k, "a field name", &f) || h_want(k, "a value", &v))
		return -1;
	snprintf(a->field, sizeof(a->field), "%s", f);
	snprintf(a->value, sizeof(a->value), "%s", v);
	a->num = strtod(v, &end);
	a->numeric = end != v && !*end;
	return 0;
}

static int h_alt_server(struct h_cur *k, struct h_alt *a)
{
	const char *w;

	if (h_want(k, "a server expectation (learned, advertised, effective, inconsistent, "
		      "consistent, metrics, session, log)", &w))
		return -1;
	a->inst = 3;
	if (!strcmp(w, "learned") || !strcmp(w, "advertised")) {
		a->what = !strcmp(w, "learned") ? H_E_S_LEARNED : H_E_S_ADVERTISED;
		if (h_get_nva(k, &a->peer))
			return -1;
		a->inst = h_opt_inst(k);
		if (!a->inst)
			a->inst = 3;
		if (h_server_cmp(k, a))
			return -1;
	} else if (!strcmp(w, "effective")) {
		a->what = H_E_S_EFFECTIVE;
		a->inst = h_opt_inst(k);
		if (!a->inst)
			a->inst = 3;
		if (h_accept(k, "lacks")) {
			a->cmp = H_CMP_LACKS;
			if (h_get_prefix(k, &a->pfx))
				return -1;
		} else {
			a->cmp = H_CMP_HAS;
			if (h_get_prefix(k, &a->pfx))
				return -1;
			if (h_accept(k, "nexthops") && h_get_nhs(k, a))
				return -1;
		}
	} else if (!strcmp(w, "inconsistent")) {
		a->what = H_E_S_INCONSISTENT;
		if (h_get_prefix(k, &a->pfx))
			return -1;
	} else if (!strcmp(w, "consistent")) {
		a->what = H_E_S_CONSISTENT;
	} else if (!strcmp(w, "metrics") || !strcmp(w, "session")) {
		a->what = !strcmp(w, "metrics") ? H_E_S_METRICS : H_E_S_SESSION;
		if (h_get_nva(k, &a->peer))
			return -1;
		a->inst = h_opt_inst(k);
		if (!a->inst)
			a->inst = 3;
		if (h_field_value(k, a))
			return -1;
	} else if (!strcmp(w, "log")) {
		const char *ev;
		a->what = H_E_S_LOG;
		if (h_want(k, "a log event name", &ev))
			return -1;
		snprintf(a->field, sizeof(a->field), "%s", ev);
		if (h_accept(k, "rule")) {
			const char *r;
			if (h_want(k, "a rule", &r))
				return -1;
			snprintf(a->value, sizeof(a->value), "%s", r);
		}
	} else
		return h_err(k->l, "expected a server expectation (learned, advertised, effective, "
				   "inconsistent, consistent, metrics, session, log), got '%s'", w);
	/* instant checks by default for "lacks"; else within 2s */
	if (a->cmp == H_CMP_LACKS && !h_peek(k))
		a->dur.v = 0;
	return h_timing(k, a, false);
}

static int h_line_expect(struct h_line *l, struct h_step *st)
{
	struct h_cur k = {l, 1, l->n};
	const char *who;
	bool server;

	st->op = H_OP_EXPECT;
	if (h_want(&k, "an NVA name or 'server'", &who))
		return -1;
	server = !strcmp(who, "server");
	st->nva = -1;
	if (!server) {
		k.i--;
		if (h_get_nva(&k, &st->nva))
			return -1;
		st->inst = h_opt_inst(&k);
	}
	for (;;) {
		struct h_alt *a;
		size_t start, j, o = 0;
		if (st->nalt == H_MAX_ALTS)
			return h_err(l, "too many alternatives (at most %d)", H_MAX_ALTS);
		a = &st->alt[st->nalt++];
		h_alt_defaults(a);
		start = k.i;
		/* an alternative ends at the next bare "or" */
		for (k.end = k.i; k.end < l->n; k.end++)
			if (!l->quoted[k.end] && !strcmp(l->tok[k.end], "or"))
				break;
		if (server ? h_alt_server(&k, a) : h_alt_nva(&k, a))
			return -1;
		if (k.i < k.end)
			return h_err(l, "unexpected '%s' in the expectation", l->tok[k.i]);
		for (j = start; j < k.end && o + 2 < sizeof(a->text); j++) {
			int w = snprintf(a->text + o, sizeof(a->text) - o, "%s%s", o ? " " : "",
					 l->tok[j]);
			o += w > 0 ? (size_t)w : 0;
			if (o >= sizeof(a->text))
				o = sizeof(a->text) - 1;
		}
		if (k.end >= l->n)
			break;
		k.i = k.end + 1;
		k.end = l->n;
		if (k.i >= l->n)
			return h_err(l, "expected an alternative after 'or'");
	}
	return 0;
}

/* ---- actions ---- */
static int h_line_action(struct h_line *l, const char *verb, struct h_step *st)
{
	struct h_cur k = {l, 1, l->n};
	unsigned long v;

	if (!strcmp(verb, "control")) {
		st->op = H_OP_CONTROL;
		st->nva = -1;
		if (h_accept(&k, "ok")) {
			st->expect_refusal = false;
		} else if (h_accept(&k, "refused")) {
			const char *r;
			if (h_want(&k, "the rule the refusal must name", &r))
				return -1;
			st->expect_refusal = true;
			snprintf(st->arg, sizeof(st->arg), "%s", r);
		} else
			return h_err(l, "expected 'control ok COMMAND' or "
					"'control refused RULE COMMAND'");
		if (k.i >= l->n)
			return h_err(l, "expected a control command");
		h_join(l, k.i, st->text, sizeof(st->text));
		return 0;
	}
	if (h_get_nva(&k, &st->nva))
		return -1;
	st->inst = h_opt_inst(&k);
	if (!strcmp(verb, "connect")) {
		st->op = H_OP_CONNECT;
		st->raw = h_accept(&k, "raw");
	} else if (!strcmp(verb, "announce") || !strcmp(verb, "withdraw")) {
		st->op = !strcmp(verb, "announce") ? H_OP_ANNOUNCE : H_OP_WITHDRAW;
		st->origin = BGP_ORIGIN_IGP;
		st->count = 1;
		if (h_get_prefix(&k, &st->pfx))
			return -1;
		while (k.i < l->n) {
			if (h_accept(&k, "x")) {
				if (h_get_uint(&k, "a count", 100000, &v))
					return -1;
				if (!v)
					return h_err(l, "a count must be at least 1");
				st->count = (unsigned)v;
			} else if (st->op == H_OP_WITHDRAW) {
				break;
			} else if (h_accept(&k, "path")) {
				if (h_get_path(&k, st->path, sizeof(st->path)))
					return -1;
				st->has_path = true;
			} else if (h_accept(&k, "origin")) {
				if (h_get_origin(&k, &st->origin))
					return -1;
			} else if (h_accept(&k, "nexthop")) {
				if (h_get_addr(&k, &st->nh))
					return -1;
				st->has_nh = true;
			} else if (h_accept(&k, "communities") || h_accept(&k, "community")) {
				if (h_get_comms(&k, st->comm, &st->ncomm))
					return -1;
			} else if (h_accept(&k, "med")) {
				if (h_get_uint(&k, "a MED", 4294967295ul, &v))
					return -1;
				st->med = (uint32_t)v;
				st->has_med = true;
			} else if (h_accept(&k, "localpref")) {
				if (h_get_uint(&k, "a LOCAL_PREF", 4294967295ul, &v))
					return -1;
				st->local_pref = (uint32_t)v;
				st->has_lp = true;
			} else
				break;
		}
	} else if (!strcmp(verb, "send")) {
		if (h_accept(&k, "hex")) {
			uint8_t tmp[H_TEXT];
			size_t n = 0;
			st->op = H_OP_SEND_HEX;
			if (k.i >= l->n)
				return h_err(l, "expected hex bytes after 'hex'");
			h_join(l, k.i, st->text, sizeof(st->text));
			if (h_get_hex(l, st->text, tmp, sizeof(tmp), &n))
				return -1;
			k.i = l->n;
		} else if (h_accept(&k, "malformed")) {
			const char *name;
			st->op = H_OP_SEND_MALFORMED;
			if (h_want(&k, "a malformed message name", &name))
				return -1;
			snprintf(st->text, sizeof(st->text), "%s", name);
			if (k.i < l->n) {
				if (h_get_prefix(&k, &st->pfx))
					return -1;
				snprintf(st->arg, sizeof(st->arg), "%s", l->tok[k.i - 1]);
			}
		} else if (h_accept(&k, "refresh")) {
			st->op = H_OP_SEND_REFRESH;
		} else
			return h_err(l, "expected 'send NVA hex ...', 'send NVA malformed NAME' or "
					"'send NVA refresh'");
	} else if (!strcmp(verb, "silence")) {
		st->op = H_OP_SILENCE;
	} else if (!strcmp(verb, "resume")) {
		st->op = H_OP_RESUME;
	} else if (!strcmp(verb, "disconnect")) {
		st->op = H_OP_DISCONNECT;
	} else if (!strcmp(verb, "reconnect")) {
		st->op = H_OP_RECONNECT;
	}
	if (k.i < l->n)
		return h_err(l, "unexpected '%s' at the end of the line", l->tok[k.i]);
	return 0;
}

static int h_line_header(struct h_line *l, const char *key)
{
	struct h_case *c = l->c;
	char rest[512];

	h_join(l, 1, rest, sizeof(rest));
	if (l->n < 2)
		return h_err(l, "expected a value after '%s'", key);
	if (!strcmp(key, "id")) {
		if (l->n != 2)
			return h_err(l, "an id is one word");
		snprintf(c->id, sizeof(c->id), "%s", l->tok[1]);
	} else if (!strcmp(key, "level")) {
		if (strcmp(rest, "MUST") && strcmp(rest, "SHOULD") && strcmp(rest, "MAY"))
			return h_err(l, "expected a level (MUST, SHOULD, MAY), got '%s'", rest);
		snprintf(c->level, sizeof(c->level), "%.7s", rest);
	} else if (!strcmp(key, "title")) {
		snprintf(c->title, sizeof(c->title), "%.159s", rest);
	} else if (!strcmp(key, "requirement")) {
		size_t o = strlen(c->requirement);
		snprintf(c->requirement + o, sizeof(c->requirement) - o, "%s%s", o ? " " : "",
			 rest);
	} else {
		snprintf(c->keywords, sizeof(c->keywords), "%.159s", rest);
	}
	return 0;
}

static int h_parse_line(struct h_line *l)
{
	struct h_case *c = l->c;
	const char *verb = l->tok[0];
	static const char *const headers[] = {"id", "level", "title", "requirement", "keywords"};
	static const char *const actions[] = {"connect", "announce", "withdraw", "send",
					      "silence", "resume", "disconnect", "reconnect",
					      "control"};
	size_t i;

	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
		if (!strcmp(verb, headers[i]))
			return h_line_header(l, verb);
	if (!strcmp(verb, "server"))
		return h_line_server(l);
	if (!strcmp(verb, "nva"))
		return h_line_nva(l);
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		if (strcmp(verb, actions[i]))
			continue;
		if (c->nsteps == H_MAX_STEPS)
			return h_err(l, "too many steps (at most %d)", H_MAX_STEPS);
		memset(&c->steps[c->nsteps], 0, sizeof(c->steps[0]));
		c->steps[c->nsteps].line = l->no;
		if (h_line_action(l, verb, &c->steps[c->nsteps]))
			return -1;
		c->nsteps++;
		return 0;
	}
	if (!strcmp(verb, "expect")) {
		if (c->nsteps == H_MAX_STEPS)
			return h_err(l, "too many steps (at most %d)", H_MAX_STEPS);
		memset(&c->steps[c->nsteps], 0, sizeof(c->steps[0]));
		c->steps[c->nsteps].line = l->no;
		if (h_line_expect(l, &c->steps[c->nsteps]))
			return -1;
		c->nsteps++;
		return 0;
	}
	return h_err(l, "expected a header (id, level, title, requirement, keywords), 'server', "
			"'nva', an action (connect, announce, withdraw, send, silence, resume, "
			"disconnect, reconnect, control) or 'expect', got '%s'", verb);
}

static void h_case_defaults(struct h_case *c, const char *name)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->file, sizeof(c->file), "%s", name);
	snprintf(c->server.profile, sizeof(c->server.profile), "faq-2021-02");
	snprintf(c->server.vnet, sizeof(c->server.vnet), "10.0.0.0/16");
	c->server.keepalive = 60;
	c->server.hold = 180;
}

int h_case_parse(const char *name, const char *text, struct h_case *c)
{
	static struct h_line l; /* large buffers; the parser is not reentrant per process */
	const char *p = text;
	unsigned no = 0;

	h_case_defaults(c, name);
	memset(&l, 0, sizeof(l));
	l.name = name;
	l.c = c;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		l.no = ++no;
		if (h_tokenize(&l, p, len))
			return -1;
		if (l.n && h_parse_line(&l))
			return -1;
		p += len + (e ? 1 : 0);
	}
	l.no = no;
	if (!c->id[0])
		return h_err(&l, "missing 'id' line");
	if (!c->level[0])
		return h_err(&l, "missing 'level' line (MUST, SHOULD or MAY)");
	if (!c->title[0])
		return h_err(&l, "missing 'title' line");
	if (!c->requirement[0])
		return h_err(&l, "missing 'requirement' line");
	if (!c->nsteps)
		return h_err(&l, "the case has no steps");
	return 0;
}

int h_case_load(const char *path, struct h_case *c)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;
	int rc;
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (!f) {
		h_case_defaults(c, base);
		snprintf(c->error, sizeof(c->error), "%s: cannot open: %s", base, strerror(errno));
		return -1;
	}
	buf = malloc(1 << 20);
	if (!buf) {
		fclose(f);
		h_case_defaults(c, base);
		snprintf(c->error, sizeof(c->error), "%s: out of memory", base);
		return -1;
	}
	n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	rc = h_case_parse(base, buf, c);
	free(buf);
	return rc;
}

double h_case_budget(const struct h_case *c, double scale)
{
	double t = 3.0;
	size_t i, j;

	for (i = 0; i < c->nsteps; i++) {
		const struct h_step *s = &c->steps[i];
		double m = 0;
		if (s->op != H_OP_EXPECT) {
			t += 0.2;
			continue;
		}
		for (j = 0; j < s->nalt; j++) {
			double d = h_dur_seconds(&s->alt[j].dur, 180, scale);
			if (d > m)
				m = d;
		}
		t += m + 0.1;
	}
	return t;
}

bool h_case_has_keyword(const struct h_case *c, const char *kw)
{
	char buf[sizeof(c->keywords)];
	char *save = NULL;
	char *w;

	snprintf(buf, sizeof(buf), "%s", c->keywords);
	for (w = strtok_r(buf, " ,", &save); w; w = strtok_r(NULL, " ,", &save))
		if (!strcasecmp(w, kw))
			return true;
	return false;
}
