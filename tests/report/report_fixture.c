/* report_fixture.c: synthetic run results for the report tests. */
#include "report_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fx_case {
	const char *id;
	enum h_verdict v;
	const char *title;
};

static const struct fx_case fx_mixed[] = {
    {"ARS-SESSION-ESTABLISH", H_PASS, "Both instances accept a session from a listed NVA"},
    {"ARS-LIMIT-ROUTES-201", H_FAIL, "The 201st route resets the session with Cease 1"},
    {"ARS-ASPATH-PREPEND", H_PASS, "Routes sent to NVAs carry 65515 first"},
    {"RFC7606-7.3-ORIGIN", H_ERROR, "Malformed ORIGIN is treat-as-withdraw"},
    {"RFC4271-6.2-BAD-PEER-AS", H_SKIP, "Wrong peer AS is refused with OPEN error 2"},
    {"ARS-ECMP-EQUAL-PATH", H_XFAIL, "ECMP across NVAs with equal AS path length"},
    {"RFC8203-SHUTDOWN-TEXT", H_XPASS, "Shutdown communication is logged"},
    {"ARS-FLAKY-KEEPALIVE", H_PASS, "Keepalives keep the session up"},
    {"ARS-FLAKY-KEEPALIVE", H_FAIL, "Keepalives keep the session up"},
    {"ARS-NEXT-HOP-UNCHANGED", H_PASS, "NEXT_HOP is the NVA's address <10.0.1.4> & \"kept\""},
};

static const struct fx_case fx_pass[] = {
    {"ARS-SESSION-ESTABLISH", H_PASS, "Both instances accept a session"},
    {"RFC4271-6.2-BAD-PEER-AS", H_SKIP, "not applicable"},
    {"ARS-ECMP-EQUAL-PATH", H_XFAIL, "known deviation"},
};

static void fx_events(struct h_case_result *c, size_t idx)
{
	static const struct {
		const char *actor, *server;
		enum h_dir dir;
		uint8_t type;
		const char *summary;
	} ev[] = {
	    {"nva1", "IN_0", H_DIR_TO_SERVER, 0, "connect"},
	    {"nva1", "IN_0", H_DIR_TO_SERVER, 1, "OPEN as=65001 hold=90 caps=MP,RR,AS4"},
	    {"nva1", "IN_0", H_DIR_FROM_SERVER, 1, "OPEN as=65515 hold=90 caps=MP,RR,AS4"},
	    {"nva1", "IN_0", H_DIR_FROM_SERVER, 4, "KEEPALIVE"},
	    {"nva2", "IN_1", H_DIR_TO_SERVER, 1, "OPEN as=65002 hold=90"},
	    {"nva1", "IN_0", H_DIR_TO_SERVER, 2,
	     "UPDATE +10.1.0.0/16 +10.2.0.0/16 path 65001 nh 10.0.1.4 communities 65001:1 "
	     "65001:2 65001:3"},
	    {"nva2", "IN_1", H_DIR_FROM_SERVER, 2, "UPDATE +10.1.0.0/16 path 65515 65001"},
	    {"nva1", "IN_1", H_DIR_TO_SERVER, 5, "ROUTE-REFRESH ipv4/unicast"},
	    {"nva1", "IN_0", H_DIR_FROM_SERVER, 3,
	     "NOTIFICATION 6/1 Cease/Maximum Number of Prefixes Reached"},
	    {"nva1", "", H_DIR_TO_SERVER, 0, "close <reset by peer>"},
	};
	size_t i, n = sizeof(ev) / sizeof(ev[0]);

	c->events = calloc(n, sizeof(*c->events));
	if (!c->events)
		return;
	c->nevents = n;
	for (i = 0; i < n; i++) {
		struct h_event *e = &c->events[i];

		e->t = 0.004 + 0.0125 * (double)i + 0.001 * (double)idx;
		snprintf(e->actor, sizeof(e->actor), "%s", ev[i].actor);
		snprintf(e->server, sizeof(e->server), "%s", ev[i].server);
		e->dir = ev[i].dir;
		e->type = ev[i].type;
		snprintf(e->summary, sizeof(e->summary), "%s", ev[i].summary);
	}
}

static void fx_case_fill(struct h_case_result *c, const struct fx_case *k, size_t idx,
                         unsigned attempt)
{
	snprintf(c->id, sizeof(c->id), "%s", k->id);
	snprintf(c->level, sizeof(c->level), "%s", idx % 3 == 2 ? "SHOULD" : "MUST");
	snprintf(c->title, sizeof(c->title), "%s", k->title);
	snprintf(c->file, sizeof(c->file), "cases/%s.case", k->id);
	c->verdict = k->v;
	c->seconds = 0.25 + 0.1 * (double)idx;
	c->attempt = attempt;
	snprintf(c->pcap, sizeof(c->pcap), "%s/session.pcap", k->id);
	snprintf(c->wirelog, sizeof(c->wirelog), "%s/wire.log", k->id);
	snprintf(c->serverlog, sizeof(c->serverlog), "%s/rsd.log", k->id);
	if (k->v != H_PASS) {
		snprintf(c->requirement, sizeof(c->requirement),
		         "A route server MUST reset a session whose peer exceeds 200 routes "
		         "(ARS-SPEC 3.2) & tell it why <Cease 1>.");
		snprintf(c->reason, sizeof(c->reason), "%s: expected NOTIFICATION 6/1 within 5 s",
		         k->v == H_SKIP ? "profile has no prefix limit" : "no NOTIFICATION");
		snprintf(c->expected, sizeof(c->expected),
		         "nva1 receives NOTIFICATION code=6 subcode=1 within 5 s");
		/* hostile bytes: a control character, invalid UTF-8, markup */
		snprintf(c->observed, sizeof(c->observed),
		         "UPDATE accepted]]> <script>alert(1)</script> \x01 bad \xff\xfe utf8 "
		         "caf\xc3\xa9 \"quoted\" 'single'");
		c->failed_line = 42;
	}
	fx_events(c, idx);
	c->latency = calloc(2, sizeof(double));
	if (c->latency) {
		c->nlatency = 2;
		c->latency[0] = 0.012;
		c->latency[1] = 0.250 + 0.01 * (double)idx;
	}
}

/* a label with a quote, a backslash and a control character */
static const char *const fx_argv[] = {
    "rscert", "run", "--server-fault", "no-prepend", "--out", "my \"out\\dir\x01", "ARS-*", NULL};

int fixture_build(const char *name, struct h_run_result *r)
{
	const struct fx_case *k = NULL;
	size_t n = 0, i;

	memset(r, 0, sizeof(*r));
	if (strcmp(name, "mixed") == 0 || strcmp(name, "short") == 0) {
		k = fx_mixed;
		n = sizeof(fx_mixed) / sizeof(fx_mixed[0]);
	} else if (strcmp(name, "pass") == 0) {
		k = fx_pass;
		n = sizeof(fx_pass) / sizeof(fx_pass[0]);
	} else if (strcmp(name, "empty") != 0) {
		return -1;
	}
	snprintf(r->target, sizeof(r->target), "reference <embedded> & \"rscert-rsd\"");
	snprintf(r->profile, sizeof(r->profile), "profiles/reference.profile");
	snprintf(r->version, sizeof(r->version), "9.8.7");
	snprintf(r->commit, sizeof(r->commit), "0123456789ab");
	snprintf(r->cases_dir, sizeof(r->cases_dir), "/srv/rscert/cases");
	snprintf(r->fault, sizeof(r->fault), "no-prepend");
	r->time_scale = 0.005;
	r->port = 1179;
	r->argv = fx_argv;
	r->seed = 9223372036854775783ull; /* above 2^53: a double would round it */
	r->repeat = 1;
	r->started = 1764100000.0;
	r->seconds = 3.5;
	r->selected = strcmp(name, "empty") == 0 ? 4 : n;
	r->cases = n ? calloc(n, sizeof(*r->cases)) : NULL;
	if (n && !r->cases)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned attempt = (i > 0 && strcmp(k[i].id, k[i - 1].id) == 0) ? 2 : 1;

		fx_case_fill(&r->cases[i], &k[i], i, attempt);
	}
	r->ncases = strcmp(name, "short") == 0 ? n - 3 : n;
	return 0;
}

void fixture_free(struct h_run_result *r)
{
	size_t i;

	/* Every fixture with cases allocated r->selected of them. */
	for (i = 0; r->cases && i < r->selected; i++) {
		free(r->cases[i].events);
		free(r->cases[i].latency);
	}
	free(r->cases);
	memset(r, 0, sizeof(*r));
}
