/* h_exec_server.c: the expectations on the route server's own state, asked
 * through its control socket (docs/CONTROL.md) and read with jansson, and on
 * its log. Each check answers 1 (satisfied) or 0 (not yet) and says what it
 * observed. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_addr.h"
#include "bgp_codec.h"
#include "h_exec_int.h"

static const char *const h_role[2] = {"RouteServiceRole_IN_0", "RouteServiceRole_IN_1"};

/* A string member, or NULL. */
static const char *h_jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A string for printing; an absent one as "(null)". */
static const char *h_text(const char *s)
{
	return s ? s : "(null)";
}

static bool h_prefix_eq(const char *s, const struct bgp_prefix *p)
{
	char ps[64];

	bgp_format_prefix(p, ps, sizeof(ps));
	return s && !strcmp(s, ps);
}

/* The element of array arr whose member key names prefix p. */
static const json_t *h_route_find(const json_t *arr, const char *key, const struct bgp_prefix *p)
{
	size_t i;

	for (i = 0; i < json_array_size(arr); i++)
		if (h_prefix_eq(h_jstr(json_array_get(arr, i), key), p))
			return json_array_get(arr, i);
	return NULL;
}

/* The route e of instance k as expected by a (asPath, nextHop). */
static int h_route_as_expected(const struct h_alt *a, const json_t *e, int k, const char *ps,
                               char *obs, size_t cap)
{
	if (a->has_path) {
		const char *got = h_jstr(e, "asPath");
		char *want = strdup(a->path);
		bool same;
		if (!want)
			return 0;
		for (char *q = want; *q; q++)
			if (*q == ' ')
				*q = '-';
		same = got && !strcmp(got, want);
		free(want);
		if (!same) {
			snprintf(obs, cap, "%s: %s asPath %s", h_role[k], ps, got ? got : "(none)");
			return 0;
		}
	}
	if (a->has_nh) {
		uint32_t nh;
		const char *got = h_jstr(e, "nextHop");
		if (!got || bgp_addr_parse_ipv4(got, &nh) || nh != a->nh) {
			snprintf(obs, cap, "%s: %s nextHop %s", h_role[k], ps,
			         got ? got : "(none)");
			return 0;
		}
	}
	snprintf(obs, cap, "%s: %s present", h_role[k], ps);
	return 1;
}

/* learned / advertised: the routes of instance k. */
static int h_check_inst_routes(const struct h_alt *a, const json_t *arr, int k, char *obs,
                               size_t cap)
{
	for (unsigned i = 0; i < a->count; i++) {
		struct bgp_prefix p;
		const json_t *e;
		char ps[64];

		bgp_prefix_nth(&a->pfx, i, &p);
		e = h_route_find(arr, "network", &p);
		bgp_format_prefix(&p, ps, sizeof(ps));
		if (a->cmp == H_CMP_LACKS) {
			if (e) {
				snprintf(obs, cap, "%s: %s present (asPath %s, nextHop %s)",
				         h_role[k], ps, h_text(h_jstr(e, "asPath")),
				         h_text(h_jstr(e, "nextHop")));
				return 0;
			}
			continue;
		}
		if (!e) {
			snprintf(obs, cap, "%s: %s absent (%zu routes)", h_role[k], ps,
			         json_array_size(arr));
			return 0;
		}
		if (!h_route_as_expected(a, e, k, ps, obs, cap))
			return 0;
	}
	return 1;
}

static int h_check_routes(const struct h_alt *a, const json_t *j, char *obs, size_t cap)
{
	int k;

	for (k = 0; k < 2; k++) {
		const json_t *arr;
		if (!((a->inst >> k) & 1))
			continue;
		arr = json_object_get(j, h_role[k]);
		if (!json_is_array(arr)) {
			snprintf(obs, cap, "answer without %s", h_role[k]);
			return 0;
		}
		if (a->cmp == H_CMP_COUNT) {
			snprintf(obs, cap, "%s: %zu routes", h_role[k], json_array_size(arr));
			if (json_array_size(arr) != a->count)
				return 0;
			continue;
		}
		if (!h_check_inst_routes(a, arr, k, obs, cap))
			return 0;
	}
	return 1;
}

/* An effective route learned through the route server (system routes of the
 * VNet itself carry another source and are not what the cases look for). */
static const json_t *h_eff_find(const json_t *arr, const struct bgp_prefix *p)
{
	size_t i;

	for (i = 0; i < json_array_size(arr); i++) {
		const json_t *e = json_array_get(arr, i);
		const char *src = h_jstr(e, "source");
		if (h_prefix_eq(h_jstr(e, "addressPrefix"), p) &&
		    (!src || !strcmp(src, "VirtualNetworkGateway")))
			return e;
	}
	return NULL;
}

/* Whether the next hops nhs are exactly a's (as a set); got lists them. */
static bool h_same_next_hops(const struct h_alt *a, const json_t *nhs, char *got, size_t cap)
{
	bool same = json_is_array(nhs) && json_array_size(nhs) == a->nnh;
	size_t i, o = 0;

	got[0] = '\0';
	for (i = 0; i < json_array_size(nhs); i++) {
		const char *s = json_string_value(json_array_get(nhs, i));
		uint32_t v;
		size_t q;
		o += (size_t)snprintf(got + o, cap - o, "%s%s", i ? "," : "", s ? s : "?");
		if (o >= cap)
			o = cap - 1;
		if (!s || bgp_addr_parse_ipv4(s, &v)) {
			same = false;
			continue;
		}
		for (q = 0; q < a->nnh && a->nhs[q] != v; q++)
			;
		if (q == a->nnh)
			same = false;
	}
	return same;
}

static int h_check_effective(const struct h_alt *a, const json_t *j, char *obs, size_t cap)
{
	char ps[64], got[160];
	int k;

	bgp_format_prefix(&a->pfx, ps, sizeof(ps));
	for (k = 0; k < 2; k++) {
		const json_t *e;
		if (!((a->inst >> k) & 1))
			continue;
		e = h_eff_find(json_object_get(j, h_role[k]), &a->pfx);
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
		if (!a->nnh)
			continue;
		if (!h_same_next_hops(a, json_object_get(e, "nextHopIpAddress"), got,
		                      sizeof(got))) {
			snprintf(obs, cap, "%s: %s next hops %s", h_role[k], ps, got);
			return 0;
		}
		snprintf(obs, cap, "%s: %s next hops %s", h_role[k], ps, got);
	}
	return 1;
}

static int h_check_consistency(const struct h_alt *a, const json_t *j, char *obs, size_t cap)
{
	const json_t *inc = json_object_get(j, "inconsistencies");
	size_t n = json_array_size(inc);
	int rc;

	if (a->what == H_E_S_CONSISTENT) {
		snprintf(obs, cap, "%zu inconsistencies", n);
		return n == 0;
	}
	rc = h_route_find(inc, "addressPrefix", &a->pfx) != NULL;
	snprintf(obs, cap, "%zu inconsistencies%s", n,
	         rc ? ", the prefix among them" : ", not for this prefix");
	return rc;
}

static bool h_role_match(const char *got, int k)
{
	return got && strstr(got, k ? "IN_1" : "IN_0");
}

/* A value as text: "1", "Established", "true"; numbers without trailing
 * zeros. */
static void h_json_value_text(const json_t *v, char *out, size_t cap)
{
	if (!v)
		snprintf(out, cap, "(absent)");
	else if (json_is_null(v))
		snprintf(out, cap, "null");
	else if (json_is_boolean(v))
		snprintf(out, cap, "%s", json_is_true(v) ? "true" : "false");
	else if (json_is_number(v))
		snprintf(out, cap, "%.15g", json_number_value(v));
	else if (json_is_string(v))
		snprintf(out, cap, "%s", json_string_value(v));
	else if (json_is_array(v))
		snprintf(out, cap, "(array of %zu)", json_array_size(v));
	else
		snprintf(out, cap, "(object of %zu)", json_object_size(v));
}

static bool h_value_match(const struct h_alt *a, const json_t *v, char *got, size_t cap)
{
	h_json_value_text(v, got, cap);
	if (!v)
		return false;
	if (a->numeric && json_is_number(v))
		return json_number_value(v) == a->num;
	return !strcmp(got, a->value);
}

/* The entry of peer `name` on instance k: in "metrics", peers[].instances[];
 * in "sessions", the array itself. */
static const json_t *h_peer_entry(const struct h_alt *a, const json_t *j, const char *name, int k)
{
	const json_t *found = NULL;
	size_t i, q;

	if (a->what != H_E_S_METRICS) {
		for (i = 0; i < json_array_size(j); i++) {
			const json_t *e = json_array_get(j, i);
			const char *pn = h_jstr(e, "peer");
			if (pn && !strcmp(pn, name) && h_role_match(h_jstr(e, "instance"), k))
				found = e;
		}
		return found;
	}
	for (i = 0; i < json_array_size(json_object_get(j, "peers")); i++) {
		const json_t *p = json_array_get(json_object_get(j, "peers"), i);
		const json_t *insts = json_object_get(p, "instances");
		const char *pn = h_jstr(p, "name");
		if (!pn || strcmp(pn, name))
			continue;
		for (q = 0; q < json_array_size(insts); q++)
			if (h_role_match(h_jstr(json_array_get(insts, q), "role"), k))
				found = json_array_get(insts, q);
	}
	return found;
}

static int h_check_peer_field(const struct h_ex *x, const struct h_alt *a, const json_t *j,
                              char *obs, size_t cap)
{
	const char *name = x->c->nvas[a->peer].name;
	int k;

	for (k = 0; k < 2; k++) {
		const json_t *inst;
		char got[64];
		if (!((a->inst >> k) & 1))
			continue;
		inst = h_peer_entry(a, j, name, k);
		if (!inst) {
			snprintf(obs, cap, "no %s entry for %s on IN_%d",
			         a->what == H_E_S_METRICS ? "metrics" : "session", name, k);
			return 0;
		}
		if (!h_value_match(a, json_object_get(inst, a->field), got, sizeof(got))) {
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

/* The control-socket request that answers a. */
static void h_request(const struct h_ex *x, const struct h_alt *a, char *req, size_t cap)
{
	switch (a->what) {
	case H_E_S_LEARNED:
	case H_E_S_ADVERTISED:
		snprintf(req, cap, "peering %s %s",
		         a->what == H_E_S_LEARNED ? "learned" : "advertised",
		         x->c->nvas[a->peer].name);
		break;
	case H_E_S_EFFECTIVE:
	case H_E_S_INCONSISTENT:
	case H_E_S_CONSISTENT:
		snprintf(req, cap, "effective-routes");
		break;
	case H_E_S_METRICS:
		snprintf(req, cap, "metrics");
		break;
	default:
		snprintf(req, cap, "sessions");
		break;
	}
}

static int h_check_answer(const struct h_ex *x, const struct h_alt *a, const json_t *j, char *obs,
                          size_t cap)
{
	switch (a->what) {
	case H_E_S_LEARNED:
	case H_E_S_ADVERTISED:
		return h_check_routes(a, j, obs, cap);
	case H_E_S_EFFECTIVE:
		return h_check_effective(a, j, obs, cap);
	case H_E_S_INCONSISTENT:
	case H_E_S_CONSISTENT:
		return h_check_consistency(a, j, obs, cap);
	default:
		return h_check_peer_field(x, a, j, obs, cap);
	}
}

int h_check_server(struct h_ex *x, const struct h_alt *a, char *obs, size_t cap)
{
	char req[128], err[160];
	char *ans = NULL;
	json_t *j;
	int rc = 0;

	if (a->what == H_E_S_LOG)
		return h_check_log(x, a, obs, cap);
	if (a->what == H_E_S_KERNEL)
		return h_check_kernel(x, a, obs, cap);
	h_request(x, a, req, sizeof(req));
	if (h_ctl_idle(x->srv->sock, req, 2.0, &ans, err, sizeof(err), h_ex_idle, x)) {
		snprintf(obs, cap, "%s", err);
		free(ans);
		return 0;
	}
	j = json_loads(ans, JSON_DECODE_ANY, NULL);
	if (!j) {
		snprintf(obs, cap, "'%s' answered something that is not JSON: %.80s", req, ans);
		free(ans);
		return 0;
	}
	if (json_object_get(j, "error")) {
		snprintf(obs, cap, "'%s' failed: %s", req, h_text(h_jstr(j, "error")));
	} else {
		rc = h_check_answer(x, a, j, obs, cap);
	}
	json_decref(j);
	free(ans);
	return rc;
}
