/* h_certify_routes.c: what the NVA advertises: at least one route, within
 * the limit, the same to both instances, with its own address as next hop.
 * The counts and next hops come from its UPDATEs on the wire, the (prefix,
 * AS path) sets from what each instance learned when the observation
 * window settled (both sessions up with the same count for 3 s), else as
 * last seen while its session was up. A table empties when its session
 * drops, and a drop (or a flap: no static route) is judged by the
 * requirements about it, NVA-STATIC-ROUTE and the reactions, not as a
 * difference between the instances. */
#include "h_certify_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned h_cert_most(const struct h_cert_run *r)
{
	unsigned most = 0;

	for (int k = 0; k < 2; k++) {
		if (r->wire.p[k].max_prefix > most)
			most = (unsigned)r->wire.p[k].max_prefix;
		if (r->max_learned[k] > most)
			most = r->max_learned[k];
	}
	return most;
}

static void h_cert_check_count(struct h_cert_run *r)
{
	const struct h_cwire_peer *p = r->wire.p;
	char ev[400];

	if (!h_cert_ready(r, H_REQ_ROUTES))
		return;
	snprintf(ev, sizeof(ev),
	         "the NVA announced at most %zu prefix(es) to IN_0 and %zu to IN_1 in %u and %u "
	         "UPDATE(s); the instances learned at most %u and %u",
	         p[0].max_prefix, p[1].max_prefix, p[0].updates, p[1].updates, r->max_learned[0],
	         r->max_learned[1]);
	h_cert_req_set(r, H_REQ_ROUTES, h_cert_most(r) ? H_CERT_PASS : H_CERT_FAIL, ev,
	               "advertise the prefixes behind the NVA (at least one) to both instances, "
	               "with the NVA's own address as next hop; check the export policy");
}

static void h_cert_check_limit(struct h_cert_run *r)
{
	char ev[600], line[400];
	unsigned most = h_cert_most(r);
	bool hit;

	if (!h_cert_ready(r, H_REQ_LIMIT))
		return;
	hit = h_cert_log_has(r, "event=limit", "peer=nva ", line, sizeof(line));
	if (hit)
		snprintf(ev, sizeof(ev),
		         "up to %u prefixes announced; the server dropped the session: %s", most,
		         line);
	else
		snprintf(ev, sizeof(ev),
		         "at most %u prefixes announced on one session (limit %u, margin %u)", most,
		         H_CERT_LIMIT, H_CERT_MARGIN);
	h_cert_req_set(r, H_REQ_LIMIT, hit || most > H_CERT_MARGIN ? H_CERT_FAIL : H_CERT_PASS, ev,
	               "advertise at most 180 routes (profile faq-2021-02 limit 200 less 10%): "
	               "aggregate, filter the export, or set a prefix limit on the NVA");
}

/* The first line of a that is not in b, or NULL. */
static const char *h_cert_missing(const char *a, const char *b, char *line, size_t cap)
{
	while (*a) {
		size_t l = strcspn(a, "\n");
		char probe[160];
		const char *hit;
		snprintf(probe, sizeof(probe), "%.*s\n", (int)l, a);
		hit = strstr(b, probe);
		while (hit && hit != b && hit[-1] != '\n')
			hit = strstr(hit + 1, probe);
		if (!hit) {
			snprintf(line, cap, "%.*s", (int)l, a);
			return line;
		}
		a += l + (a[l] ? 1 : 0);
	}
	return NULL;
}

/* The sets to compare when the window did not settle: per instance the
 * fullest table seen while its session was up (kept, or the current one
 * when larger); -1 when an instance was never seen holding the prefixes
 * the NVA announced to it on the wire, so there is nothing to compare. */
static int h_cert_fullest(struct h_cert_run *r, const struct h_cert_sess *s, char *const cur[2],
                          const size_t cur_n[2], const char *set[2], size_t n[2], char *ev,
                          size_t cap)
{
	for (int k = 0; k < 2; k++) {
		bool now = s->up[k] && (!r->up_set[k] || cur_n[k] > r->up_set_n[k]);
		set[k] = now ? cur[k] : r->up_set[k];
		n[k] = now ? cur_n[k] : r->up_set_n[k];
		if (!n[k] && r->wire.p[k].max_prefix) {
			snprintf(
			    ev, cap,
			    "not judged: IN_%d was never seen holding the %zu prefix(es) the NVA "
			    "announced to it while its session was up (the sessions did not "
			    "stay up: see NVA-STATIC-ROUTE and the session requirements)",
			    k, r->wire.p[k].max_prefix);
			return -1;
		}
		if (!set[k])
			set[k] = "";
	}
	return 0;
}

void h_cert_judge_identical(struct h_cert_run *r, const struct h_cert_sess *s, char *const cur[2],
                            const size_t cur_n[2])
{
	const char *set[2], *miss;
	char ev[700], m[160];
	const char *when =
	    " (as learned when both sessions had been up with the same count for 3 s)";
	size_t n[2];
	int only = 0;

	if (r->stable_set[0] && r->stable_set[1]) {
		for (int k = 0; k < 2; k++) {
			set[k] = r->stable_set[k];
			n[k] = r->stable_n[k];
		}
	} else if (!cur[0] || !cur[1]) {
		h_cert_req_set(r, H_REQ_IDENTICAL, H_CERT_SKIP, "the server did not answer", "");
		return;
	} else if (h_cert_fullest(r, s, cur, cur_n, set, n, ev, sizeof(ev))) {
		h_cert_req_set(r, H_REQ_IDENTICAL, H_CERT_SKIP, ev, "");
		return;
	} else {
		when = " (the window did not settle: each instance's fullest table while its "
		       "session was up)";
	}
	miss = h_cert_missing(set[0], set[1], m, sizeof(m));
	if (!miss) {
		only = 1;
		miss = h_cert_missing(set[1], set[0], m, sizeof(m));
	}
	if (miss)
		snprintf(ev, sizeof(ev), "IN_0 learned %zu routes, IN_1 %zu; only IN_%d has: %s%s",
		         n[0], n[1], only, miss, when);
	else
		snprintf(ev, sizeof(ev),
		         "%zu routes on each instance, same prefixes and AS paths%s", n[0], when);
	h_cert_req_set(r, H_REQ_IDENTICAL, miss ? H_CERT_FAIL : H_CERT_PASS, ev,
	               "use one export policy for both neighbors (same prefixes, same "
	               "prepending)");
}

static void h_cert_check_identical(struct h_cert_run *r)
{
	char *cur[2] = {NULL, NULL};
	size_t n[2] = {0, 0};
	struct h_cert_sess s;

	memset(&s, 0, sizeof(s));
	if (!h_cert_ready(r, H_REQ_IDENTICAL))
		return;
	if (!r->stable_set[0] || !r->stable_set[1]) {
		if (h_cert_learned_sets(r, cur, n) == 0)
			h_cert_sessions(r, &s);
	}
	h_cert_judge_identical(r, &s, cur, n);
	free(cur[0]);
	free(cur[1]);
}

static void h_cert_check_next_hop(struct h_cert_run *r)
{
	char ev[400], a[16], list[200] = "", fix[300];
	size_t l = 0;
	uint32_t bad = 1;

	if (!h_cert_ready(r, H_REQ_NEXT_HOP))
		return;
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < r->wire.p[k].nnh; i++) {
			uint32_t nh = r->wire.p[k].nh[i];
			h_cert_ip(nh, a, sizeof(a));
			if (!strstr(list, a) && l + 20 < sizeof(list))
				l += (size_t)snprintf(list + l, sizeof(list) - l, "%s%s",
				                      l ? ", " : "", a);
			if (nh != r->nva_addr && (!r->o->next_hop || nh != r->o->next_hop) &&
			    bad == 1)
				bad = nh;
		}
	h_cert_ip(r->nva_addr, a, sizeof(a));
	snprintf(ev, sizeof(ev), "next hops in the NVA's UPDATEs: %s (the NVA is %s)",
	         l ? list : "none", a);
	if (bad == 1) {
		h_cert_req_set(r, H_REQ_NEXT_HOP, H_CERT_PASS, ev, "");
		return;
	}
	h_cert_ip(bad, list, sizeof(list));
	snprintf(fix, sizeof(fix),
	         "send the NVA's own address %s as next hop (next hop self)%s; %s is %s", a,
	         " or, behind a load balancer, its frontend address (name it with --next-hop)",
	         list,
	         !bad                                           ? "not an address"
	         : bad == r->o->inst[0] || bad == r->o->inst[1] ? "the route server's own address"
	                                                        : "neither");
	h_cert_req_set(r, H_REQ_NEXT_HOP, H_CERT_FAIL, ev, fix);
}

void h_cert_check_routes(struct h_cert_run *r)
{
	h_cert_check_count(r);
	h_cert_check_limit(r);
	h_cert_check_identical(r);
	h_cert_check_next_hop(r);
}
