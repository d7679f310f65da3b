/* h_case_words.c: the values of a case line (addresses, prefixes, numbers,
 * durations, AS paths, communities, hex), each reader naming what it
 * expected. Addresses and prefixes are the codec's (bgp_addr.h). */
#include "h_case_lex.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bgp_addr.h"
#include "bgp_codec.h"

#define H_NO_IPV6 "the route server is IPv4 only (ARS-NO-IPV6)"

int h_parse_uint(const char *s, unsigned long max, unsigned long *out)
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

/* "65000:1", "no-export" or "no-advertise"; 0 or -1. */
static int h_parse_community(const char *s, uint32_t *out)
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

int h_check_prefix(struct h_line *l, const char *s, struct bgp_prefix *p)
{
	enum bgp_addr_err e = bgp_addr_parse_prefix(s, BGP_HOST_BITS_CLEAR, p);

	if (e != BGP_ADDR_OK)
		return h_err(l, "expected a prefix (e.g. 10.1.0.0/16), got '%s': %s", s,
		             bgp_addr_reason(e));
	if (p->afi != BGP_AFI_IPV4)
		return h_err(l, "IPv6 prefix '%s' refused: %s", s, H_NO_IPV6);
	return 0;
}

int h_get_prefix(struct h_cur *k, struct bgp_prefix *p)
{
	const char *t;

	if (h_want(k, "a prefix (e.g. 10.1.0.0/16)", &t))
		return -1;
	return h_check_prefix(k->l, t, p);
}

/* An IPv4 address; what names it in the error. */
static int h_check_addr(struct h_line *l, const char *what, const char *t, uint32_t *a)
{
	enum bgp_addr_err e = bgp_addr_parse_ipv4(t, a);
	struct bgp_ip ip;

	if (e == BGP_ADDR_OK)
		return 0;
	if (bgp_addr_parse_ip(t, &ip) == BGP_ADDR_OK)
		return h_err(l, "IPv6 address '%s' refused: %s", t, H_NO_IPV6);
	return h_err(l, "expected %s, got '%s': %s", what, t, bgp_addr_reason(e));
}

int h_get_addr(struct h_cur *k, uint32_t *a)
{
	const char *t;

	if (h_want(k, "an IPv4 address", &t))
		return -1;
	return h_check_addr(k->l, "an IPv4 address", t, a);
}

int h_get_uint(struct h_cur *k, const char *what, unsigned long max, unsigned long *v)
{
	const char *t;

	*v = 0;
	if (h_want(k, what, &t))
		return -1;
	if (h_parse_uint(t, max, v))
		return h_err(k->l, "expected %s, got '%s'", what, t);
	return 0;
}

int h_get_count(struct h_cur *k, unsigned *count)
{
	unsigned long v;

	if (h_get_uint(k, "a count", 100000, &v))
		return -1;
	if (!v)
		return h_err(k->l, "a count must be at least 1");
	*count = (unsigned)v;
	return 0;
}

int h_get_dur(struct h_cur *k, struct h_dur *d)
{
	const char *t;

	if (h_want(k, "a duration (e.g. 2s, 500ms, 1.5xhold)", &t))
		return -1;
	if (h_parse_dur(t, d))
		return h_err(k->l, "expected a duration (e.g. 2s, 500ms, 1.5xhold), got '%s'", t);
	return 0;
}

/* An expectation's timing: "within D", or "for D" (an interval to observe,
 * required when negative). */
int h_expect_timing(struct h_cur *k, struct h_alt *a, bool negative)
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

int h_get_path(struct h_cur *k, char *out, size_t cap)
{
	const char *t;
	size_t i;

	if (h_want(k, "an AS path in quotes (e.g. \"65001 65002\")", &t))
		return -1;
	for (i = 0; t[i]; i++)
		if (!isdigit((unsigned char)t[i]) && !strchr(" {},", t[i]))
			return h_err(k->l, "expected an AS path of numbers and {sets}, got '%s'",
			             t);
	snprintf(out, cap, "%s", t);
	return 0;
}

int h_get_origin(struct h_cur *k, int *o)
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

/* A comma-separated list of values, each read by one, appended to *v. */
static int h_get_list(struct h_cur *k, const char *what, uint32_t **v, size_t *n,
                      int (*one)(struct h_line *l, const char *w, uint32_t *out))
{
	const char *t;
	char buf[256];
	char *save = NULL;
	char *w;

	if (h_want(k, what, &t))
		return -1;
	snprintf(buf, sizeof(buf), "%s", t);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		uint32_t *e = h_case_grow((void **)v, *n, sizeof(**v));
		if (!e)
			return h_err(k->l, "out of memory");
		if (one(k->l, w, e))
			return -1;
		(*n)++;
	}
	return 0;
}

static int h_next_hop_one(struct h_line *l, const char *w, uint32_t *out)
{
	return h_check_addr(l, "an IPv4 next hop", w, out);
}

int h_get_addrs(struct h_cur *k, uint32_t **a, size_t *n)
{
	return h_get_list(k, "next hops (e.g. 10.0.1.4,10.0.2.4)", a, n, h_next_hop_one);
}

static int h_community_one(struct h_line *l, const char *w, uint32_t *out)
{
	if (h_parse_community(w, out))
		return h_err(l, "expected a community (A:B, no-advertise, no-export), got '%s'", w);
	return 0;
}

int h_get_comms(struct h_cur *k, uint32_t **c, size_t *n)
{
	return h_get_list(k, "communities (e.g. 65001:1,no-advertise)", c, n, h_community_one);
}

int h_get_hex(struct h_line *l, const char *s, uint8_t *out, size_t cap, size_t *n)
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

int h_find_nva(struct h_line *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->c->nnvas; i++)
		if (!strcmp(l->c->nvas[i].name, name))
			return (int)i;
	return -1;
}

int h_get_nva(struct h_cur *k, int *idx)
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
unsigned h_opt_inst(struct h_cur *k)
{
	if (h_accept(k, "IN_0"))
		return 1;
	if (h_accept(k, "IN_1"))
		return 2;
	if (h_accept(k, "both"))
		return 3;
	return 0;
}

int h_parse_caps(struct h_line *l, const char *s, unsigned *caps)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {
	    {"mp", H_CAP_MP},           {"route-refresh", H_CAP_RR},
	    {"rr", H_CAP_RR},           {"as4", H_CAP_AS4},
	    {"gr", H_CAP_GR},           {"graceful-restart", H_CAP_GR},
	    {"enhanced-rr", H_CAP_ERR}, {"ext-msg", H_CAP_EXT},
	};
	char buf[128];
	char *save = NULL;
	char *w;
	size_t i;

	*caps = 0;
	if (!strcmp(s, "none"))
		return 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]) && strcmp(w, names[i].name); i++)
			;
		if (i == sizeof(names) / sizeof(names[0]))
			return h_err(l,
			             "expected a capability (mp, route-refresh, as4, gr, "
			             "enhanced-rr, ext-msg, none), got '%s'",
			             w);
		*caps |= names[i].bit;
	}
	return 0;
}

int h_cap_one(struct h_cur *k, unsigned *bits)
{
	const char *t;
	unsigned b = 0;

	if (h_want(k, "a capability name", &t))
		return -1;
	if (h_parse_caps(k->l, t, &b))
		return -1;
	*bits |= b;
	return 0;
}
