/* h_case_expect_srv.c: the expectations on the server, "expect server WHAT",
 * checked through its control socket (and, for the reference, its log and
 * kernel). One keyword table row per WHAT. */
#include "h_case_lex.h"

#include <stdio.h>
#include <stdlib.h>

#define H_N(t) (sizeof(t) / sizeof((t)[0]))

static int h_s_cmp(struct h_cur *k, struct h_alt *a)
{
	unsigned long v;

	if (h_accept(k, "has")) {
		a->cmp = H_CMP_HAS;
		return h_get_prefix(k, &a->pfx) || h_expect_route_opts(k, a, false) ? -1 : 0;
	}
	if (h_accept(k, "lacks")) {
		a->cmp = H_CMP_LACKS;
		return h_get_prefix(k, &a->pfx) || h_expect_route_opts(k, a, false) ? -1 : 0;
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

/* learned / advertised: NVA [IN_x] has|lacks|count */
static int h_s_table(struct h_cur *k)
{
	return h_s_peer(k, k->row->what) || h_s_cmp(k, k->alt) ? -1 : 0;
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

/* metrics / session: NVA [IN_x] FIELD VALUE */
static int h_s_field_value(struct h_cur *k)
{
	struct h_alt *a = k->alt;
	const char *f, *v;
	char *end;

	if (h_s_peer(k, k->row->what))
		return -1;
	if (h_want(k, "a field name", &f) || h_want(k, "a value", &v))
		return -1;
	snprintf(a->field, sizeof(a->field), "%s", f);
	snprintf(a->value, sizeof(a->value), "%s", v);
	a->num = strtod(v, &end);
	a->numeric = end != v && !*end;
	return 0;
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
     .parse = h_s_table,
     .what = H_E_S_LEARNED,
     .doc = "`peering learned`"},
    {.name = "advertised",
     .args = "NVA [IN_x] has ...|lacks ...|count N",
     .parse = h_s_table,
     .what = H_E_S_ADVERTISED,
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
     .parse = h_s_field_value,
     .what = H_E_S_METRICS,
     .doc = "e.g. `status 1`, `routesLearned 200`"},
    {.name = "session",
     .args = "NVA [IN_x] FIELD VALUE",
     .parse = h_s_field_value,
     .what = H_E_S_SESSION,
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

const struct h_kw_table h_kw_expect_srv = {
    .section = "### On the server", .prefix = "", .rows = h_kw_srv, .n = H_N(h_kw_srv)};
