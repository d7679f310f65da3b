/* h_netns_route.c: the route server's programmed routes as kernel routes in
 * the fabric and the VM's namespace, and the VM's ping through the NVA. */
#include "h_netns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bgp_addr.h"
#include "h_server.h"

#define H_NETNS_WORDS 48

/* One entry {addressPrefix, nextHopIpAddress: [..]}; 1 kept, 0 left out
 * (no next hop), -1 malformed. */
static int h_netns_route_read(const json_t *e, struct h_netns_route *r, char *err, size_t cap)
{
	const char *p = json_string_value(json_object_get(e, "addressPrefix"));
	const json_t *nh = json_object_get(e, "nextHopIpAddress");
	struct bgp_prefix pfx;
	size_t n = json_array_size(nh);

	if (!p || !json_is_array(nh) ||
	    bgp_addr_parse_prefix(p, BGP_HOST_BITS_CLEAR, &pfx) != BGP_ADDR_OK ||
	    pfx.afi != BGP_AFI_IPV4) {
		snprintf(err, cap,
		         "effective-routes: an entry without a valid addressPrefix "
		         "or nextHopIpAddress");
		return -1;
	}
	r->net = bgp_prefix_ipv4(&pfx);
	r->len = pfx.len;
	if (!n)
		return 0;
	if (n > H_NETNS_MAX_NH) {
		snprintf(err, cap, "effective-routes: %s has %zu next hops (at most %d)", p, n,
		         H_NETNS_MAX_NH);
		return -1;
	}
	r->nnh = n;
	for (size_t i = 0; i < n; i++) {
		const char *a = json_string_value(json_array_get(nh, i));
		if (!a || bgp_addr_parse_ipv4(a, &r->nh[i]) != BGP_ADDR_OK) {
			snprintf(err, cap, "effective-routes: %s has a bad next hop", p);
			return -1;
		}
	}
	return 1;
}

static const json_t *h_netns_route_list(const json_t *top)
{
	const json_t *vm = json_object_get(top, "vm");

	if (json_is_object(vm))
		return json_object_get(vm, "routes");
	return json_object_get(top, "RouteServiceRole_IN_0");
}

/* The routes of the list into r; 0, or -1 with err. */
static int h_netns_routes_list(const json_t *list, struct h_netns_route *r, size_t cap, size_t *n,
                               char *err, size_t errcap)
{
	int rc = 0;

	for (size_t i = 0; i < json_array_size(list) && rc >= 0; i++) {
		struct h_netns_route one = {0};
		rc = h_netns_route_read(json_array_get(list, i), &one, err, errcap);
		if (rc <= 0)
			continue;
		if (*n == cap) {
			snprintf(err, errcap, "effective-routes: more than %zu routes", cap);
			return -1;
		}
		r[(*n)++] = one;
	}
	return rc < 0 ? -1 : 0;
}

int h_netns_routes_parse(const char *json, struct h_netns_route *r, size_t cap, size_t *n,
                         char *err, size_t errcap)
{
	json_t *top = json_loads(json ? json : "", 0, NULL);
	const json_t *list;
	const char *e = json_string_value(json_object_get(top, "error"));
	int rc = -1;

	*n = 0;
	list = h_netns_route_list(top);
	if (!json_is_object(top))
		snprintf(err, errcap, "effective-routes: not a JSON object");
	else if (e)
		snprintf(err, errcap, "effective-routes: the server answered: %s", e);
	else if (!json_is_array(list))
		snprintf(err, errcap, "effective-routes: no list of routes in the answer");
	else
		rc = h_netns_routes_list(list, r, cap, n, err, errcap);
	json_decref(top);
	return rc;
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
	char s[BGP_IPV4_TEXT];

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
