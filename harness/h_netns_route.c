/* h_netns_route.c: the route server's programmed routes as kernel routes in
 * the fabric and the VM's namespace, and the VM's ping through the NVA. */
#include "h_netns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_addr.h"
#include "h_case.h"
#include "h_json.h"
#include "h_server.h"

#define H_NETNS_WORDS 48

/* "A.B.C.D/L" into host order, host bits cleared; 0 or -1. */
static int h_netns_parse_prefix(const char *s, uint32_t *net, uint8_t *len)
{
	struct bgp_prefix p;

	if (bgp_addr_parse_prefix(s, BGP_HOST_BITS_CLEAR, &p) != BGP_ADDR_OK ||
	    p.afi != BGP_AFI_IPV4)
		return -1;
	*net = bgp_prefix_ipv4(&p);
	*len = p.len;
	return 0;
}

/* One entry {addressPrefix, nextHopIpAddress: [..]}; 1 kept, 0 left out
 * (no next hop), -1 malformed. */
static int h_netns_route_read(const struct h_json *e, struct h_netns_route *r, char *err,
                              size_t cap)
{
	const char *p = h_json_str(e, "addressPrefix");
	const struct h_json *nh = h_json_get(e, "nextHopIpAddress");

	if (!p || !nh || nh->type != H_JARR || h_netns_parse_prefix(p, &r->net, &r->len)) {
		snprintf(err, cap,
		         "effective-routes: an entry without a valid addressPrefix "
		         "or nextHopIpAddress");
		return -1;
	}
	if (!nh->n)
		return 0;
	if (nh->n > H_NETNS_MAX_NH) {
		snprintf(err, cap, "effective-routes: %s has %zu next hops (at most %d)", p, nh->n,
		         H_NETNS_MAX_NH);
		return -1;
	}
	r->nnh = nh->n;
	for (size_t i = 0; i < nh->n; i++)
		if (nh->kids[i]->type != H_JSTR ||
		    bgp_addr_parse_ipv4(nh->kids[i]->str, &r->nh[i])) {
			snprintf(err, cap, "effective-routes: %s has a bad next hop", p);
			return -1;
		}
	return 1;
}

static const struct h_json *h_netns_route_list(const struct h_json *top)
{
	const struct h_json *vm = h_json_get(top, "vm");

	if (vm && vm->type == H_JOBJ)
		return h_json_get(vm, "routes");
	return h_json_get(top, "RouteServiceRole_IN_0");
}

int h_netns_routes_parse(const char *json, struct h_netns_route *r, size_t cap, size_t *n,
                         char *err, size_t errcap)
{
	struct h_json *top = h_json_parse(json ? json : "");
	const struct h_json *list;
	int rc = 0;

	*n = 0;
	if (!top || top->type != H_JOBJ) {
		snprintf(err, errcap, "effective-routes: not a JSON object");
		h_json_free(top);
		return -1;
	}
	if (h_json_str(top, "error")) {
		snprintf(err, errcap, "effective-routes: the server answered: %s",
		         h_json_str(top, "error"));
		h_json_free(top);
		return -1;
	}
	list = h_netns_route_list(top);
	if (!list || list->type != H_JARR) {
		snprintf(err, errcap, "effective-routes: no list of routes in the answer");
		h_json_free(top);
		return -1;
	}
	for (size_t i = 0; i < list->n && rc >= 0; i++) {
		struct h_netns_route one = {0};
		rc = h_netns_route_read(list->kids[i], &one, err, errcap);
		if (rc <= 0)
			continue;
		if (*n == cap) {
			snprintf(err, errcap, "effective-routes: more than %zu routes", cap);
			rc = -1;
			break;
		}
		r[(*n)++] = one;
	}
	h_json_free(top);
	return rc < 0 ? -1 : 0;
}

/* Copy s into buf at *o; the copy, or NULL when it does not fit. */
static char *h_netns_word(char *buf, size_t cap, size_t *o, const char *s)
{
	size_t l = strlen(s) + 1;
	char *w = buf + *o;

	if (*o + l > cap)
		return NULL;
	memcpy(w, s, l);
	*o += l;
	return w;
}

static char *h_netns_addr_word(char *buf, size_t cap, size_t *o, uint32_t a)
{
	char s[16];

	bgp_addr_format_ipv4(a, s, sizeof(s));
	return h_netns_word(buf, cap, o, s);
}

size_t h_netns_route_words(const struct h_netns_route *r, uint32_t via_gw, char *buf, size_t bufcap,
                           char **argv, size_t argcap)
{
	char pfx[24], proto[8], a[16];
	size_t o = 0, n = 0;
	bool multi = !via_gw && r->nnh > 1;
	size_t need = 5 + (via_gw || r->nnh == 1 ? 2 : 3 * r->nnh) + 1;

	if (argcap < need || (!via_gw && !r->nnh))
		return 0;
	bgp_addr_format_ipv4(r->net, a, sizeof(a));
	snprintf(pfx, sizeof(pfx), "%s/%u", a, r->len);
	snprintf(proto, sizeof(proto), "%d", H_NETNS_PROTO);
	argv[n++] = "route";
	argv[n++] = "replace";
	argv[n++] = h_netns_word(buf, bufcap, &o, pfx);
	argv[n++] = "proto";
	argv[n++] = h_netns_word(buf, bufcap, &o, proto);
	for (size_t i = 0; i < (via_gw ? 1 : r->nnh); i++) {
		if (multi)
			argv[n++] = "nexthop";
		argv[n++] = "via";
		argv[n++] = h_netns_addr_word(buf, bufcap, &o, via_gw ? via_gw : r->nh[i]);
	}
	argv[n] = NULL;
	for (size_t i = 0; i < n; i++)
		if (!argv[i])
			return 0;
	return n;
}

/* `ip -n NS WORDS...`; 0, or -1 with err naming the command. */
static int h_netns_ip_in(const char *ns, char **words, char *err, size_t cap)
{
	char *argv[H_NETNS_WORDS + 4];
	size_t n = 0;

	argv[n++] = "ip";
	argv[n++] = "-n";
	argv[n++] = (char *)ns;
	for (size_t i = 0; words[i] && n + 1 < sizeof(argv) / sizeof(argv[0]); i++)
		argv[n++] = words[i];
	argv[n] = NULL;
	return h_netns_ip(argv, err, cap);
}

static int h_netns_flush(const char *ns, char *err, size_t cap)
{
	char proto[8];
	char *w[] = {"route", "flush", "proto", proto, NULL};

	snprintf(proto, sizeof(proto), "%d", H_NETNS_PROTO);
	return h_netns_ip_in(ns, w, err, cap);
}

static int h_netns_install(const char *ns, const struct h_netns_route *r, uint32_t via_gw,
                           char *err, size_t cap)
{
	char buf[512], *w[H_NETNS_WORDS];

	if (!h_netns_route_words(r, via_gw, buf, sizeof(buf), w, H_NETNS_WORDS)) {
		snprintf(err, cap, "a route with %zu next hops cannot be written", r->nnh);
		return -1;
	}
	return h_netns_ip_in(ns, w, err, cap);
}

int h_netns_program(struct h_netns *t, const struct h_netns_route *r, size_t n, char *err,
                    size_t cap)
{
	const char *fabric = t->name[H_NETNS_FABRIC], *vm = t->name[H_NETNS_VM];

	if (h_netns_flush(fabric, err, cap) || h_netns_flush(vm, err, cap))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (h_netns_install(fabric, &r[i], 0, err, cap) ||
		    h_netns_install(vm, &r[i], H_NETNS_VM_GW, err, cap))
			return -1;
	return 0;
}

int h_netns_program_ctl(struct h_netns *t, const char *sock, size_t *n, char *err, size_t cap)
{
	struct h_netns_route r[256];
	char line[64], vm[16], *ans = NULL;
	int rc;

	*n = 0;
	bgp_addr_format_ipv4(H_NETNS_VM_ADDR, vm, sizeof(vm));
	snprintf(line, sizeof(line), "effective-routes %s", vm);
	if (h_ctl(sock, line, 5, &ans, err, cap))
		return -1;
	rc = h_netns_routes_parse(ans, r, sizeof(r) / sizeof(r[0]), n, err, cap);
	free(ans);
	if (rc)
		return -1;
	return h_netns_program(t, r, *n, err, cap);
}

int h_netns_ping(const struct h_netns *t, uint32_t dst, unsigned count, char *out, size_t cap)
{
	char c[12], a[16], why[256];
	char *argv[] = {"ping", "-n", "-c", c, "-i", "0.2", "-W", "1", a, NULL};
	int rc;

	snprintf(c, sizeof(c), "%u", count ? count : 1);
	bgp_addr_format_ipv4(dst, a, sizeof(a));
	rc = h_netns_run(t->name[H_NETNS_VM], argv, 3.0 + 0.2 * count, out, cap, why, sizeof(why));
	if (rc == 0)
		return 0;
	if (rc < 0 || rc == 126 || rc == 127) {
		if (rc < 0)
			snprintf(out, cap, "%s", why);
		return -1;
	}
	return 1;
}
