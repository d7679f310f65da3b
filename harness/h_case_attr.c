/* h_case_attr.c: the options of a route in an expectation ("expect NVA route
 * P ...", withdrawn, no route, server has/lacks): [x N] [path] [nexthop]
 * [origin] [communities], and for a received route the attribute options,
 * checks on every path attribute it carries (MED and LOCAL_PREF absent or
 * equal, large and extended communities equal as sets, any attribute present
 * with its flags and value, or absent). One keyword table row per attribute
 * option; the executor's side is h_exec_attr.c. */
#include "h_case_lex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define H_N(t) (sizeof(t) / sizeof((t)[0]))

static int h_a_num(struct h_cur *k, enum h_num_ck *ck, uint32_t *v, const char *what)
{
	unsigned long n;

	if (h_get_uint(k, what, 0xFFFFFFFFul, &n))
		return -1;
	*ck = H_NUM_EQ;
	*v = (uint32_t)n;
	return 0;
}

static int h_a_med(struct h_cur *k)
{
	return h_a_num(k, &k->alt->med_ck, &k->alt->med, "a MULTI_EXIT_DISC value");
}

static int h_a_no_med(struct h_cur *k)
{
	k->alt->med_ck = H_NUM_ABSENT;
	return 0;
}

static int h_a_lp(struct h_cur *k)
{
	return h_a_num(k, &k->alt->lp_ck, &k->alt->local_pref, "a LOCAL_PREF value");
}

static int h_a_no_lp(struct h_cur *k)
{
	k->alt->lp_ck = H_NUM_ABSENT;
	return 0;
}

/* "A:B:C" -> three 32-bit numbers (RFC 8092). */
static int h_large_one(struct h_line *l, const char *w, uint32_t out[3])
{
	const char *p = w;

	for (int i = 0; i < 3; i++) {
		char *end;
		unsigned long long v = strtoull(p, &end, 10);
		if (end == p || v > 0xFFFFFFFFull || *end != (i < 2 ? ':' : '\0'))
			return h_err(l, "expected a large community (A:B:C), got '%s'", w);
		out[i] = (uint32_t)v;
		p = end + 1;
	}
	return 0;
}

/* Each comma-separated word of the next token through one(). */
static int h_a_list(struct h_cur *k, const char *what, size_t *n,
                    int (*one)(struct h_cur *k, const char *w, size_t i))
{
	const char *t;
	char buf[512], *save = NULL;

	if (h_want(k, what, &t))
		return -1;
	snprintf(buf, sizeof(buf), "%s", t);
	for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (*n == H_MAX_ATTRS)
			return h_err(k->l, "too many values in '%s' (at most %d)", t, H_MAX_ATTRS);
		if (one(k, w, *n))
			return -1;
		(*n)++;
	}
	return 0;
}

static int h_a_large_w(struct h_cur *k, const char *w, size_t i)
{
	return h_large_one(k->l, w, k->alt->large[i]);
}

static int h_a_large(struct h_cur *k)
{
	k->alt->has_large = true;
	return h_a_list(k, "large communities (e.g. 65001:1:2,65001:3:4)", &k->alt->nlarge,
	                h_a_large_w);
}

static int h_a_ext_w(struct h_cur *k, const char *w, size_t i)
{
	size_t n = 0;

	if (h_get_hex(k->l, w, k->alt->ext[i], 8, &n))
		return -1;
	if (n != 8)
		return h_err(k->l, "expected an extended community of 8 bytes in hex, got '%s'", w);
	return 0;
}

static int h_a_ext(struct h_cur *k)
{
	k->alt->has_ext = true;
	return h_a_list(k, "extended communities (e.g. 0002fde900000064)", &k->alt->next,
	                h_a_ext_w);
}

static struct h_attr_ck *h_a_new(struct h_cur *k)
{
	struct h_alt *a = k->alt;
	unsigned long t;

	if (a->nattr == H_MAX_ATTRS) {
		h_err(k->l, "too many attribute checks in one expectation (at most %d)",
		      H_MAX_ATTRS);
		return NULL;
	}
	if (h_get_uint(k, "an attribute type code (1-255)", 255, &t))
		return NULL;
	if (t == 0) {
		h_err(k->l, "expected an attribute type code (1-255), got '0'");
		return NULL;
	}
	struct h_attr_ck *ck = &a->attr[a->nattr++];
	memset(ck, 0, sizeof(*ck));
	ck->type = (uint8_t)t;
	ck->flags = -1;
	return ck;
}

static int h_a_attr(struct h_cur *k)
{
	struct h_attr_ck *ck = h_a_new(k);
	const char *w;
	char *end;

	if (!ck)
		return -1;
	if (h_accept(k, "flags")) {
		if (h_want(k, "attribute flags (e.g. 0xc0)", &w))
			return -1;
		long f = strtol(w, &end, 0);
		if (end == w || *end || f < 0 || f > 255 || (f & 0x1F))
			return h_err(k->l,
			             "expected attribute flags, a byte with only the Optional, "
			             "Transitive and Partial bits (e.g. 0xc0), got '%s'",
			             w);
		ck->flags = (int)f;
	}
	if (h_accept(k, "value")) {
		if (h_want(k, "the attribute's value in hex (\"\" for none)", &w))
			return -1;
		ck->has_value = true;
		return h_get_hex(k->l, w, ck->value, sizeof(ck->value), &ck->nvalue);
	}
	return 0;
}

static int h_a_no_attr(struct h_cur *k)
{
	struct h_attr_ck *ck = h_a_new(k);

	if (!ck)
		return -1;
	ck->absent = true;
	return 0;
}

static const struct h_kw h_kw_attr[] = {
    {.name = "med", .args = "N", .parse = h_a_med, .doc = "MULTI_EXIT_DISC is N"},
    {.name = "no-med", .args = "", .parse = h_a_no_med, .doc = "no MULTI_EXIT_DISC"},
    {.name = "localpref", .args = "N", .parse = h_a_lp, .doc = "LOCAL_PREF is N"},
    {.name = "no-localpref", .args = "", .parse = h_a_no_lp, .doc = "no LOCAL_PREF"},
    {.name = "large",
     .args = "A:B:C,...",
     .parse = h_a_large,
     .doc = "the LARGE_COMMUNITY attribute holds exactly these (in any order)"},
    {.name = "ext",
     .args = "HEX16,...",
     .parse = h_a_ext,
     .doc = "the EXTENDED_COMMUNITIES attribute holds exactly these 8-byte values"},
    {.name = "attr",
     .args = "T [flags F] [value HEX]",
     .parse = h_a_attr,
     .doc = "attribute type T is present, with these Optional/Transitive/Partial flags "
            "(the Extended Length bit is not compared) and this value as sent"},
    {.name = "no-attr", .args = "T", .parse = h_a_no_attr, .doc = "attribute type T is absent"},
};

int h_route_attr_opt(struct h_cur *k)
{
	const struct h_kw *row = h_kw_find(k, h_kw_attr, H_N(h_kw_attr));

	if (!row)
		return 1;
	return row->parse(k) ? -1 : 0;
}

/* Route options shared by route/withdrawn/no route: [x N] [path] [nexthop] ...;
 * with attrs, also the attribute checks of a received route (above). */
int h_expect_route_opts(struct h_cur *k, struct h_alt *a, bool attrs)
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

void h_route_attr_names(char *out, size_t cap)
{
	h_kw_names(h_kw_attr, H_N(h_kw_attr), out, cap);
}

const struct h_kw_table h_kw_route_attrs = {
    .section = "### Route attributes", .prefix = "", .rows = h_kw_attr, .n = H_N(h_kw_attr)};
