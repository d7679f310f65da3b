/* h_certify_check.c: the requirements a certify run reads from one
 * observation of the sessions and routes (docs/SPEC.md sections 1, 2, 3, 6). */
#include "h_certify_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h_case.h"
#include "h_fib.h"

struct h_cert_req *h_cert_req_set(struct h_cert_run *r, int i, enum h_cert_verdict v,
                                  const char *evidence, const char *fix)
{
	struct h_cert_req *q = &r->req[i];

	q->v = v;
	snprintf(q->evidence, sizeof(q->evidence), "%s", evidence);
	snprintf(q->fix, sizeof(q->fix), "%s", v == H_CERT_FAIL ? fix : "");
	return q;
}

void h_cert_req_init(struct h_cert_run *r)
{
	static const char *const ids[H_CERT_NREQ][2] = {
	    {"NVA-ASN", "the NVA's ASN is usable (not 65515, not reserved)"},
	    {"NVA-BOTH-INSTANCES", "sessions Established with IN_0 and IN_1"},
	    {"NVA-IDENTICAL", "the same prefixes and AS paths sent to both instances"},
	    {"NVA-ROUTE-LIMIT", "routes within the profile limit with a 10% margin"},
	    {"NVA-TIMERS", "negotiated hold time not below 3 s, keepalives sent"},
	    {"NVA-ROUTE-REFRESH", "route refresh capability advertised"},
	    {"NVA-STATIC-ROUTE", "the server's addresses stay reachable after peering"},
	    {"NVA-REACT-NOTIFICATION",
	     "both sessions re-established after the server's Cease NOTIFICATION"},
	    {"NVA-REACT-HOLD",
	     "a silent server is dropped after the hold time, then re-established"},
	    {"NVA-REACT-INSTANCE",
	     "one instance's session dropped: the other stays up, the dropped one returns"},
	    {"NVA-DATA-PATH", "a VM reaches a host behind the NVA through the programmed routes"},
	};
	int i;

	for (i = 0; i < H_CERT_NREQ; i++) {
		r->req[i].id = ids[i][0];
		r->req[i].title = ids[i][1];
		h_cert_req_set(r, i, H_CERT_SKIP, "not checked", "");
		r->req[i].off = false;
	}
	r->req[H_REQ_DATA_PATH].off = !r->o->netns;
}

void h_cert_check_asn(struct h_cert_run *r, const char *refusal)
{
	char ev[512];

	if (refusal) {
		snprintf(ev, sizeof(ev), "the server refused peering with AS %u: %s", r->o->asn,
		         refusal);
		h_cert_req_set(r, H_REQ_ASN, H_CERT_FAIL, ev,
		               "use a private ASN not reserved by ARS-ASN-RESERVED, e.g. 65001; "
		               "not 65515-65520, 8074, 8075, 12076, 23456, 64496-64511, "
		               "65535-65551");
	} else if (r->o->asn == 65515) {
		snprintf(ev, sizeof(ev),
		         "AS 65515 is the route server's own ASN: the session "
		         "comes up but the NVA gets no usable routes (ARS-ASN-SAME)");
		h_cert_req_set(r, H_REQ_ASN, H_CERT_FAIL, ev,
		               "use a different ASN on the NVA, e.g. 65001");
	} else {
		snprintf(ev, sizeof(ev), "AS %u accepted by the server's peering check", r->o->asn);
		h_cert_req_set(r, H_REQ_ASN, H_CERT_PASS, ev, "");
	}
}

void h_cert_check_sessions(struct h_cert_run *r, const struct h_cert_sess *s)
{
	char ev[512], fix[512], l0[16], l1[16];
	unsigned hold = s->up[0] ? s->hold[0] : s->hold[1];
	unsigned ka = s->up[0] ? s->keepalive[0] : s->keepalive[1];

	h_cert_ip(r->srv.listen[0], l0, sizeof(l0));
	h_cert_ip(r->srv.listen[1], l1, sizeof(l1));
	snprintf(ev, sizeof(ev), "IN_0 %s, IN_1 %s", s->state[0], s->state[1]);
	snprintf(fix, sizeof(fix),
	         "configure one BGP neighbor per instance, IN_0 at %s and IN_1 at %s (port "
	         "%u, AS 65515), both with the same local ASN, eBGP multihop and the same "
	         "export policy",
	         l0, l1, r->srv.port);
	h_cert_req_set(r, H_REQ_BOTH, s->up[0] && s->up[1] ? H_CERT_PASS : H_CERT_FAIL, ev, fix);

	if (!s->up[0] && !s->up[1]) {
		h_cert_req_set(r, H_REQ_TIMERS, H_CERT_SKIP, "no session Established", "");
		return;
	}
	snprintf(ev, sizeof(ev), "negotiated hold time %u s, keepalive %u s", hold, ka);
	h_cert_req_set(r, H_REQ_TIMERS, hold >= 3 && ka > 0 ? H_CERT_PASS : H_CERT_FAIL, ev,
	               hold == 0 ? "do not disable the hold timer: set hold time 9 or more, "
	                           "keepalive a third of it"
	                         : "raise the hold time to at least 3 s (9 s or more advised; "
	                           "the server offers 180)");
}

/* The first line of a that is not in b, or NULL. */
static const char *h_cert_missing(const char *a, const char *b, char *line, size_t cap)
{
	while (*a) {
		size_t l = strcspn(a, "\n");
		char probe[128];
		snprintf(probe, sizeof(probe), "%.*s\n", (int)l, a);
		if (!strstr(b, probe) || (strstr(b, probe) != b && strstr(b, probe)[-1] != '\n')) {
			snprintf(line, cap, "%.*s", (int)l, a);
			return line;
		}
		a += l + (a[l] ? 1 : 0);
	}
	return NULL;
}

void h_cert_check_identical(struct h_cert_run *r, const struct h_cert_sess *s)
{
	char *set[2], ev[512], m[128];
	size_t n[2];
	const char *miss;
	int only = 0;

	if (!s->up[0] || !s->up[1]) {
		h_cert_req_set(r, H_REQ_IDENTICAL, H_CERT_FAIL,
		               "cannot compare: not Established with both instances",
		               "peer with both instances and send them the same routes");
		return;
	}
	if (h_cert_learned_sets(r, set, n))
		return;
	miss = h_cert_missing(set[0], set[1], m, sizeof(m));
	if (!miss) {
		only = 1;
		miss = h_cert_missing(set[1], set[0], m, sizeof(m));
	}
	if (miss)
		snprintf(ev, sizeof(ev), "IN_0 %zu routes, IN_1 %zu; only IN_%d has: %s", n[0],
		         n[1], only, miss);
	else
		snprintf(ev, sizeof(ev), "%zu routes on each instance, same prefixes and AS paths",
		         n[0]);
	h_cert_req_set(r, H_REQ_IDENTICAL, miss ? H_CERT_FAIL : H_CERT_PASS, ev,
	               "use one export policy for both neighbors (same prefixes, same "
	               "prepending)");
	free(set[0]);
	free(set[1]);
}

void h_cert_check_limit(struct h_cert_run *r)
{
	char ev[512], line[400];
	unsigned most =
	    r->max_learned[0] > r->max_learned[1] ? r->max_learned[0] : r->max_learned[1];
	unsigned margin = H_CERT_LIMIT * 9 / 10;
	bool hit = h_cert_log_has(r, "event=limit", "peer=nva ", line, sizeof(line));
	char fix[256];

	if (hit)
		snprintf(ev, sizeof(ev), "the server dropped the session: %s", line);
	else
		snprintf(ev, sizeof(ev),
		         "at most %u routes learned per instance (limit %u, "
		         "margin %u)",
		         most, H_CERT_LIMIT, margin);
	snprintf(fix, sizeof(fix),
	         "advertise at most %u routes (profile faq-2021-02 limit "
	         "%u less 10%%): aggregate, or filter the export, or set a "
	         "prefix limit on the NVA",
	         margin, H_CERT_LIMIT);
	h_cert_req_set(r, H_REQ_LIMIT, hit || most > margin ? H_CERT_FAIL : H_CERT_PASS, ev, fix);
}

/* Add a peered VNet: the server sends ROUTE-REFRESH to NVAs with the
 * capability and Cease 6/6 to the others (ARS-VNET-PEERING). */
void h_cert_check_refresh(struct h_cert_run *r, const struct h_cert_sess *s)
{
	struct h_json *j;
	double end;
	char ev[512], line[400];

	if (!s->up[0] && !s->up[1]) {
		h_cert_req_set(r, H_REQ_REFRESH, H_CERT_SKIP, "no session Established", "");
		return;
	}
	j = h_cert_ctl(r, "vnet-peering add certprobe 10.250.0.0/16");
	h_json_free(j);
	end = h_cert_now() + 5;
	while (h_cert_now() < end) {
		if (h_cert_log_has(r, "event=route-refresh-sent", "peer=nva ", line,
		                   sizeof(line))) {
			snprintf(ev, sizeof(ev),
			         "a peered VNet was added; the server sent "
			         "ROUTE-REFRESH: %s",
			         line);
			h_cert_req_set(r, H_REQ_REFRESH, H_CERT_PASS, ev, "");
			break;
		}
		if (h_cert_log_has(r, "ARS-VNET-PEERING: peer lacks route refresh", NULL, line,
		                   sizeof(line))) {
			snprintf(ev, sizeof(ev),
			         "no route refresh capability; the server reset the "
			         "session: %s",
			         line);
			h_cert_req_set(r, H_REQ_REFRESH, H_CERT_FAIL, ev,
			               "enable the route refresh capability on the NVA");
			break;
		}
		h_cert_nap(100);
	}
	if (h_cert_now() >= end)
		h_cert_req_set(r, H_REQ_REFRESH, H_CERT_SKIP, "no refresh or reset seen within 5 s",
		               "");
	j = h_cert_ctl(r, "vnet-peering remove certprobe");
	h_json_free(j);
}

static void h_cert_fib_add_learned(struct h_cert_run *r, struct h_fib *f, size_t *n)
{
	static const char *const roles[2] = {"RouteServiceRole_IN_0", "RouteServiceRole_IN_1"};
	struct h_json *j = h_cert_ctl(r, "peering advertised nva");
	size_t i;
	int k;

	*n = 0;
	for (k = 0; j && k < 2; k++) {
		const struct h_json *a = h_json_get(j, roles[k]);
		for (i = 0; a && a->type == H_JARR && i < a->n; i++) {
			const char *net = h_json_str(a->kids[i], "network");
			const char *nh = h_json_str(a->kids[i], "nextHop");
			uint32_t pn, via;
			uint8_t pl;
			if (net && nh && !h_cert_parse_prefix(net, &pn, &pl) &&
			    !h_parse_ipv4(nh, &via) && !h_fib_add(f, pn, pl, via, H_FIB_BGP, k))
				(*n)++;
		}
	}
	h_json_free(j);
	if (!*n) { /* nothing advertised yet: what the server would send */
		for (k = 0; k < 2; k++)
			h_fib_add(f, H_CERT_VNET_NET, 16, r->srv.inst_addr[k], H_FIB_BGP, k);
	}
}

void h_cert_check_static(struct h_cert_run *r)
{
	struct h_fib *f = malloc(sizeof(*f));
	struct h_fib_res res[2];
	char ev[512], fix[256], gw[16];
	size_t i, n;
	int k;

	if (!f)
		return;
	h_fib_init(f);
	h_fib_add(f, r->o->nva_net, r->o->nva_len, 0, H_FIB_CONNECTED, -1);
	h_fib_add(f, 0, 0, r->o->nva_gw, H_FIB_DEFAULT, -1);
	for (i = 0; i < r->o->nstatic; i++)
		h_fib_add(f, r->o->st[i].net, r->o->st[i].len, r->o->st[i].via, H_FIB_STATIC, -1);
	h_cert_fib_add_learned(r, f, &n);
	for (k = 0; k < 2; k++)
		h_fib_resolve(f, r->srv.inst_addr[k], &res[k]);
	h_cert_ip(r->o->nva_gw, gw, sizeof(gw));
	snprintf(fix, sizeof(fix), "add the static route 10.0.255.0/27 via %s on the NVA", gw);
	k = res[0].reachable ? 1 : 0;
	snprintf(ev, sizeof(ev),
	         "%s forwarding table with %zu route(s) learned from the "
	         "server: %s",
	         n ? "the NVA's" : "predicted", n, res[k].why);
	h_cert_req_set(r, H_REQ_STATIC,
	               res[0].reachable && res[1].reachable ? H_CERT_PASS : H_CERT_FAIL, ev, fix);
	free(f);
}
