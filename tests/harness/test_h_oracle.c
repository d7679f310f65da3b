/* test_h_oracle.c: every rule of the sender oracle flips. Each test feeds
 * crafted server messages (built with the harness's wire writer, decoded by
 * the codec as a fake NVA would) straight into the checks: a clean message
 * breaks no rule, the same message broken in one way breaks exactly the rule
 * about it. Then the profile lines, and how findings fold into a case's
 * result (FAIL, or XFAIL when the profile declares the rule), and the rule
 * table of docs/ORACLE.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bgp_codec.h"
#include "h_case.h"
#include "h_oracle_check.h"
#include "h_wire.h"

#define A(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (d))
#define NREC          16
#define NO_NH         A(0, 0, 0, 1) /* update(): no NEXT_HOP attribute */
#define MEM           (256u << 10)

/* A connection as the checks see it, and the messages fed into it (the
 * server's OPEN must outlive its feeding: the connection points into it). */
struct fx {
	struct h_ocheck_conn conn;
	struct h_ocheck_peer peer;
	size_t nrec;
	struct {
		struct h_rx rx;
		struct bgp_msg msg;
		uint8_t raw[8192];
		uint8_t *mem;
	} rec[NREC];
	struct h_oviol v[8];
	size_t nv;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->peer = (struct h_ocheck_peer){.ebgp = true,
	                                 .caps = H_CAP_MP | H_CAP_RR | H_CAP_AS4,
	                                 .hold = 180,
	                                 .addr = A(10, 0, 1, 4),
	                                 .src = A(127, 20, 1, 10),
	                                 .scale = 1.0};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	for (size_t i = 0; i < f->nrec; i++)
		free(f->rec[i].mem);
	free(f);
	return 0;
}

/* The message b as the NVA stores it (decoded in the session's context),
 * read at time t, the socket last seen empty at t_empty; through the checks;
 * the violations land in f->v. */
static size_t feed_late(struct fx *f, const uint8_t *b, size_t len, double t_empty, double t)
{
	struct bgp_arena a;
	struct h_rx *r;

	assert_true(f->nrec < NREC && len <= sizeof(f->rec[0].raw));
	r = &f->rec[f->nrec].rx;
	f->rec[f->nrec].mem = malloc(MEM);
	assert_non_null(f->rec[f->nrec].mem);
	memcpy(f->rec[f->nrec].raw, b, len);
	r->t = t;
	r->t_empty = t_empty;
	r->type = b[18];
	r->raw = f->rec[f->nrec].raw;
	r->len = len;
	r->ctx.as4 = (f->peer.caps & H_CAP_AS4) != 0;
	r->ctx.ibgp = !f->peer.ebgp;
	r->ctx.ext_msg = (f->peer.caps & H_CAP_EXT) && f->conn.open && f->conn.open->ext_msg;
	bgp_arena_init(&a, f->rec[f->nrec].mem, MEM);
	if (bgp_decode(r->raw, len, &r->ctx, &a, &f->rec[f->nrec].msg, &r->verdict) !=
	    BGP_ACT_SESSION_RESET)
		r->msg = &f->rec[f->nrec].msg;
	f->nrec++;
	memset(f->v, 0, sizeof(f->v));
	f->nv = h_ocheck_msg(&f->conn, &f->peer, r, f->v, 8);
	return f->nv;
}

/* Read as soon as it arrived. */
static size_t feed(struct fx *f, const uint8_t *b, size_t len, double t)
{
	return feed_late(f, b, len, t, t);
}

/* Exactly one rule broken, and it is this one. */
static void only(const struct fx *f, enum h_orule rule)
{
	if (f->nv != 1 || f->v[0].rule != rule)
		fail_msg("expected only %s; got %zu violation(s), first %s: %s",
		         h_oracle_rule(rule)->id, f->nv,
		         f->nv ? h_oracle_rule(f->v[0].rule)->id : "-", f->nv ? f->v[0].how : "");
}

static void server_open(struct fx *f, unsigned caps, unsigned hold, double t)
{
	struct h_wctx c = {.asn = 65515, .router_id = A(10, 0, 255, 4), .hold = hold, .caps = caps};
	uint8_t b[256];
	size_t len = h_wire_open(&c, b, sizeof(b));

	assert_int_equal(feed(f, b, len, t), 0);
}

static void keepalive_at(struct fx *f, double t)
{
	uint8_t b[32];

	feed(f, b, h_wire_keepalive(b, sizeof(b)), t);
}

/* OPEN and KEEPALIVE from the server: the NVA is Established. */
static void establish(struct fx *f, unsigned caps)
{
	server_open(f, caps, 180, 0.0);
	keepalive_at(f, 0.01);
	assert_int_equal(f->nv, 0);
}

/* An UPDATE of 10.1.0.0/24: ORIGIN IGP, AS_PATH path, NEXT_HOP nh, then the
 * attributes extra[0..nextra) as they are; nlri as given (NULL: the prefix). */
static size_t update(uint8_t *out, size_t cap, const char *path, uint32_t nh, const uint8_t *extra,
                     size_t nextra, const uint8_t *nlri, size_t nnlri)
{
	static const uint8_t pfx[] = {24, 10, 1, 0};
	uint8_t attrs[4096], nhb[4] = {nh >> 24, nh >> 16, nh >> 8, nh};
	struct bgp_wbuf w;

	bgp_wb_init(&w, attrs, sizeof(attrs));
	h_wire_attr(&w, BGP_AF_TRANSITIVE, BGP_ATTR_ORIGIN, "\0", 1);
	{
		uint8_t pb[64];
		struct bgp_wbuf p;
		bgp_wb_init(&p, pb, sizeof(pb));
		assert_int_equal(h_wire_as_path(path, true, &p), 0);
		h_wire_attr(&w, BGP_AF_TRANSITIVE, BGP_ATTR_AS_PATH, pb, p.off);
	}
	if (nh != NO_NH)
		h_wire_attr(&w, BGP_AF_TRANSITIVE, BGP_ATTR_NEXT_HOP, nhb, 4);
	bgp_wb_bytes(&w, extra, nextra);
	assert_false(w.err);
	if (!nlri) {
		nlri = pfx;
		nnlri = sizeof(pfx);
	}
	return h_wire_update(NULL, 0, attrs, w.off, nlri, nnlri, out, cap);
}

static size_t good(uint8_t *b, size_t cap, const uint8_t *extra, size_t nextra)
{
	return update(b, cap, "65515 65001", A(10, 0, 255, 4), extra, nextra, NULL, 0);
}

/* ---- the tests ---- */
static void test_clean(void **state)
{
	struct fx *f = *state;
	uint8_t b[4096];

	establish(f, H_CAP_MP | H_CAP_RR | H_CAP_AS4);
	assert_int_equal(feed(f, b, good(b, sizeof(b), NULL, 0), 0.5), 0);
	/* an unknown optional transitive attribute passed with the Partial bit */
	static const uint8_t partial[] = {0xe0, 99, 2, 1, 2};
	assert_int_equal(feed(f, b, good(b, sizeof(b), partial, sizeof(partial)), 0.6), 0);
}

static void test_wellformed(void **state)
{
	struct fx *f = *state;
	/* a KEEPALIVE with a body: a header error (RFC 4271 6.1) */
	uint8_t b[20] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,          0xff,
	                 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0,    20,   BGP_KEEPALIVE, 0};

	establish(f, H_CAP_AS4);
	feed(f, b, sizeof(b), 0.5);
	only(f, H_OR_WELLFORMED);
}

static void test_7606(void **state)
{
	struct fx *f = *state;
	uint8_t b[4096];
	static const uint8_t comm[] = {0xc0, BGP_ATTR_COMMUNITIES, 3, 1, 2, 3}; /* not 4n */

	establish(f, H_CAP_AS4);
	feed(f, b, good(b, sizeof(b), comm, sizeof(comm)), 0.5);
	only(f, H_OR_7606);
}

static void test_ebgp_local_pref(void **state)
{
	struct fx *f = *state;
	uint8_t b[4096];
	static const uint8_t lp[] = {BGP_AF_TRANSITIVE, BGP_ATTR_LOCAL_PREF, 4, 0, 0, 0, 100};

	establish(f, H_CAP_AS4);
	feed(f, b, good(b, sizeof(b), lp, sizeof(lp)), 0.5);
	only(f, H_OR_EBGP_LOCAL_PREF);
	/* to an internal peer it belongs (and the path is the peer's own) */
	f->peer.ebgp = false;
	assert_int_equal(
	    feed(f, b, update(b, sizeof(b), "65001", A(10, 0, 255, 4), lp, sizeof(lp), NULL, 0),
	         0.6),
	    0);
}

static void test_ebgp_rr_attrs(void **state)
{
	struct fx *f = *state;
	uint8_t b[4096];
	static const uint8_t oid[] = {BGP_AF_OPTIONAL, BGP_ATTR_ORIGINATOR_ID, 4, 10, 0, 0, 1};
	static const uint8_t cl[] = {BGP_AF_OPTIONAL, BGP_ATTR_CLUSTER_LIST, 4, 10, 0, 0, 1};

	establish(f, H_CAP_AS4);
	feed(f, b, good(b, sizeof(b), oid, sizeof(oid)), 0.5);
	only(f, H_OR_EBGP_RR_ATTRS);
	feed(f, b, good(b, sizeof(b), cl, sizeof(cl)), 0.6);
	only(f, H_OR_EBGP_RR_ATTRS);
}

static void test_non_transitive(void **state)
{
	struct fx *f = *state;
	uint8_t b[4096];
	static const uint8_t nt[] = {BGP_AF_OPTIONAL, 99, 2, 1, 2};

	establish(f, H_CAP_AS4);
	feed(f, b, good(b, sizeof(b), nt, sizeof(nt)), 0.5);
	only(f, H_OR_NON_TRANSITIVE);
}

static void test_partial(void **state)
{
	struct fx *f = *state;
	uint8_t b[4096];
	static const uint8_t t[] = {BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE, 99, 2, 1, 2};

	establish(f, H_CAP_AS4);
	feed(f, b, good(b, sizeof(b), t, sizeof(t)), 0.5);
	only(f, H_OR_PARTIAL);
}

static void test_first_as(void **state)
{
	struct fx *f = *state;
	uint8_t b[4096];

	establish(f, H_CAP_AS4);
	feed(f, b, update(b, sizeof(b), "65001", A(10, 0, 255, 4), NULL, 0, NULL, 0), 0.5);
	only(f, H_OR_FIRST_AS);
	feed(f, b, update(b, sizeof(b), "{65515 65001}", A(10, 0, 255, 4), NULL, 0, NULL, 0), 0.6);
	only(f, H_OR_FIRST_AS);
	/* a transparent route server: the peer's path as it is, never its own AS first */
	f->peer.aspath = H_OAS_TRANSPARENT;
	assert_int_equal(
	    feed(f, b, update(b, sizeof(b), "65001", A(10, 0, 255, 4), NULL, 0, NULL, 0), 0.7), 0);
	feed(f, b, good(b, sizeof(b), NULL, 0), 0.8);
	only(f, H_OR_FIRST_AS);
}

static void test_next_hop(void **state)
{
	struct fx *f = *state;
	uint8_t b[4096];
	const uint32_t bad[] = {0, A(224, 0, 0, 5), 0xffffffffu, A(10, 0, 1, 4), A(127, 20, 1, 10)};

	establish(f, H_CAP_AS4);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		feed(f, b, update(b, sizeof(b), "65515 65001", bad[i], NULL, 0, NULL, 0),
		     0.5 + i * 0.01);
		only(f, H_OR_NEXT_HOP);
	}
}

static void test_fsm(void **state)
{
	struct fx *f = *state;
	uint8_t b[4096];

	feed(f, b, good(b, sizeof(b), NULL, 0), 0.0); /* before any OPEN */
	only(f, H_OR_FSM);
	server_open(f, H_CAP_AS4, 180, 0.1);
	feed(f, b, good(b, sizeof(b), NULL, 0), 0.2); /* OPEN, but no KEEPALIVE yet */
	only(f, H_OR_FSM);
	keepalive_at(f, 0.3);
	assert_int_equal(feed(f, b, good(b, sizeof(b), NULL, 0), 0.4), 0);
}

static void test_keepalive(void **state)
{
	struct fx *f = *state;
	struct h_oviol v[2];

	f->peer.hold = 3; /* hold 3 s: limit 3 / 3 * 1.25 + 0.25 = 1.5 s */
	server_open(f, H_CAP_AS4, 180, 0.0);
	keepalive_at(f, 0.1);
	assert_true(h_ocheck_keepalive_limit(&f->conn, &f->peer) > 1.49 &&
	            h_ocheck_keepalive_limit(&f->conn, &f->peer) < 1.51);
	keepalive_at(f, 1.5);
	assert_int_equal(f->nv, 0);
	keepalive_at(f, 3.1);
	only(f, H_OR_KEEPALIVE);
	/* read late because the harness was busy: the socket was last seen empty
	 * 1 s after the previous message, so the gap may have been that short */
	{
		uint8_t b[32];
		size_t len = h_wire_keepalive(b, sizeof(b));
		assert_int_equal(feed_late(f, b, len, 4.1, 6.0), 0);
		assert_int_equal(feed_late(f, b, len, 7.6, 7.7), 1); /* seen empty 1.6 s on */
	}
	/* the gap before the connection ends counts too */
	assert_int_equal(h_ocheck_end(&f->conn, &f->peer, 8.0, v, 2), 0);
	server_open(f, H_CAP_AS4, 180, 9.0);
	keepalive_at(f, 9.1);
	assert_int_equal(h_ocheck_end(&f->conn, &f->peer, 11.0, v, 2), 1);
	assert_int_equal(v[0].rule, H_OR_KEEPALIVE);
	/* hold 0: no keepalives are due */
	f->peer.hold = 0;
	server_open(f, H_CAP_AS4, 180, 12.0);
	keepalive_at(f, 12.1);
	assert_int_equal(h_ocheck_end(&f->conn, &f->peer, 100.0, v, 2), 0);
}

/* An UPDATE of n /24 prefixes: over 4096 octets for n > 1010 (the writer
 * stops at 4096, so the prefixes are appended here). */
static size_t big_update(uint8_t *b, size_t cap, unsigned n)
{
	size_t k = update(b, cap, "65515 65001", A(10, 0, 255, 4), NULL, 0, (const uint8_t *)"", 0);

	for (unsigned i = 0; i < n && k + 4 <= cap; i++) {
		b[k++] = 24;
		b[k++] = 10;
		b[k++] = (uint8_t)(i >> 8);
		b[k++] = (uint8_t)i;
	}
	b[16] = (uint8_t)(k >> 8);
	b[17] = (uint8_t)k;
	return k;
}

static void test_size(void **state)
{
	struct fx *f = *state;
	uint8_t b[8192];
	size_t len;

	establish(f, H_CAP_AS4 | H_CAP_EXT);
	len = big_update(b, sizeof(b), 1100);
	assert_true(len > 4096);
	feed(f, b, len, 0.5); /* the server announced extended messages, the NVA did not */
	only(f, H_OR_SIZE);
	f->peer.caps |= H_CAP_EXT;
	assert_int_equal(feed(f, b, len, 0.6), 0);
}

static void test_cap_refresh(void **state)
{
	struct fx *f = *state;
	uint8_t b[64];
	size_t len;

	f->peer.caps = H_CAP_AS4; /* no route refresh from the NVA */
	establish(f, H_CAP_AS4 | H_CAP_RR);
	len = h_wire_refresh(b, sizeof(b));
	feed(f, b, len, 0.5);
	only(f, H_OR_CAP_REFRESH);
	f->peer.caps |= H_CAP_RR;
	assert_int_equal(feed(f, b, len, 0.6), 0);
	b[21] = BGP_RR_BORR; /* enhanced route refresh, which neither announced */
	feed(f, b, len, 0.7);
	only(f, H_OR_CAP_REFRESH);
}

static void test_cap_addpath(void **state)
{
	struct fx *f = *state;
	uint8_t b[4096];
	/* path identifiers 33 and 34: read without them, a prefix length of 33 */
	static const uint8_t nlri[] = {0, 0, 0, 33, 24, 10, 1, 0, 0, 0, 0, 34, 24, 10, 2, 0};

	establish(f, H_CAP_AS4);
	feed(f, b,
	     update(b, sizeof(b), "65515 65001", A(10, 0, 255, 4), NULL, 0, nlri, sizeof(nlri)),
	     0.5);
	only(f, H_OR_CAP_ADDPATH);
}

static void test_cap_mp(void **state)
{
	struct fx *f = *state;
	uint8_t b[4096];
	/* MP_REACH_NLRI for IPv6 unicast: next hop ::ffff:10.0.255.4, 2001:db8::/32 */
	static const uint8_t mp[] = {BGP_AF_OPTIONAL,
	                             BGP_ATTR_MP_REACH,
	                             26,
	                             0,
	                             2,
	                             1,
	                             16,
	                             0,
	                             0,
	                             0,
	                             0,
	                             0,
	                             0,
	                             0,
	                             0,
	                             0,
	                             0,
	                             0xff,
	                             0xff,
	                             10,
	                             0,
	                             255,
	                             4,
	                             0,
	                             32,
	                             0x20,
	                             0x01,
	                             0x0d,
	                             0xb8};

	establish(f, H_CAP_AS4 | H_CAP_MP);
	feed(f, b,
	     update(b, sizeof(b), "65515 65001", NO_NH, mp, sizeof(mp), (const uint8_t *)"", 0),
	     0.5);
	only(f, H_OR_CAP_MP);
}

/* ---- the profile and the verdict ---- */
static void test_cfg_lines(void **state)
{
	struct h_oracle_cfg cfg = {0};
	char err[200];

	(void)state;
	assert_int_equal(h_oracle_cfg_line(&cfg, "oracle-as-path", "transparent", err, sizeof(err)),
	                 0);
	assert_int_equal(cfg.aspath, H_OAS_TRANSPARENT);
	assert_int_equal(h_oracle_cfg_line(&cfg, "oracle-as-path", "sideways", err, sizeof(err)),
	                 -1);
	assert_non_null(strstr(err, "sideways"));
	assert_int_equal(h_oracle_cfg_line(&cfg, "oracle-xfail", "SEND-PARTIAL the bit is not set",
	                                   err, sizeof(err)),
	                 0);
	assert_string_equal(h_oracle_cfg_xfail(&cfg, H_OR_PARTIAL), "the bit is not set");
	assert_null(h_oracle_cfg_xfail(&cfg, H_OR_FSM));
	assert_int_equal(h_oracle_cfg_line(&cfg, "oracle-xfail", "SEND-NOPE why", err, sizeof(err)),
	                 -1);
	assert_non_null(strstr(err, "SEND-NOPE"));
	assert_int_equal(h_oracle_cfg_line(&cfg, "oracle-xfail", "SEND-FSM", err, sizeof(err)), -1);
	assert_int_equal(h_oracle_cfg_line(&cfg, "oracle-typo", "x", err, sizeof(err)), -1);
	/* every rule of the table can be found by its ID */
	for (int r = 0; r < H_OR_COUNT; r++)
		assert_int_equal(h_oracle_rule_find(h_oracle_rule((enum h_orule)r)->id), r);
	/* a second line for a rule is refused and the first reason kept */
	assert_int_equal(
	    h_oracle_cfg_line(&cfg, "oracle-xfail", "SEND-PARTIAL again", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "earlier line"));
	assert_string_equal(h_oracle_cfg_xfail(&cfg, H_OR_PARTIAL), "the bit is not set");
	/* every rule can be declared (there is no smaller limit) */
	for (int r = 0; r < H_OR_COUNT; r++) {
		char line[128];

		if (r == H_OR_PARTIAL)
			continue;
		snprintf(line, sizeof(line), "%s reason %d", h_oracle_rule((enum h_orule)r)->id, r);
		assert_int_equal(h_oracle_cfg_line(&cfg, "oracle-xfail", line, err, sizeof(err)),
		                 0);
	}
	{
		char want[32];

		snprintf(want, sizeof(want), "reason %d", H_OR_COUNT - 1);
		assert_string_equal(h_oracle_cfg_xfail(&cfg, (enum h_orule)(H_OR_COUNT - 1)), want);
	}
}

static void test_judge(void **state)
{
	struct h_oracle_cfg cfg = {0};
	struct h_oviol v = {.rule = H_OR_PARTIAL, .how = "attribute 99 without Partial"};
	struct h_case_result r;
	struct h_oracle *o;
	char err[100];

	(void)state;
	/* no violation: the verdict stands */
	o = h_oracle_new(NULL, NULL, NULL, 1.0);
	assert_non_null(o);
	memset(&r, 0, sizeof(r));
	r.verdict = H_PASS;
	h_oracle_judge(o, &r);
	assert_int_equal(r.verdict, H_PASS);
	/* one: a passing case fails, naming the rule and the NVA */
	h_oracle_record(o, "nva2", 1, &v, NULL, 0.25);
	h_oracle_judge(o, &r);
	assert_int_equal(r.verdict, H_FAIL);
	assert_non_null(strstr(r.reason, "SEND-PARTIAL"));
	assert_non_null(strstr(r.reason, "nva2 <- IN_1"));
	h_oracle_free(o);
	/* declared in the profile: XFAIL with the reason */
	assert_int_equal(h_oracle_cfg_line(&cfg, "oracle-xfail", "SEND-PARTIAL kept as received",
	                                   err, sizeof(err)),
	                 0);
	o = h_oracle_new(NULL, NULL, &cfg, 1.0);
	assert_non_null(o);
	h_oracle_record(o, "nva2", 1, &v, NULL, 0.25);
	memset(&r, 0, sizeof(r));
	r.verdict = H_PASS;
	h_oracle_judge(o, &r);
	assert_int_equal(r.verdict, H_XFAIL);
	assert_non_null(strstr(r.reason, "kept as received"));
	/* a second rule that is not declared: FAIL on that one */
	v.rule = H_OR_FSM;
	h_oracle_record(o, "nva1", 0, &v, NULL, 0.3);
	memset(&r, 0, sizeof(r));
	r.verdict = H_PASS;
	h_oracle_judge(o, &r);
	assert_int_equal(r.verdict, H_FAIL);
	assert_non_null(strstr(r.reason, "SEND-FSM"));
	/* a case that failed on its own keeps its reason, the oracle's appended */
	memset(&r, 0, sizeof(r));
	r.verdict = H_FAIL;
	snprintf(r.reason, sizeof(r.reason), "case.case:9: expected x; observed y");
	h_oracle_judge(o, &r);
	assert_int_equal(r.verdict, H_FAIL);
	assert_true(!strncmp(r.reason, "case.case:9", 11));
	assert_non_null(strstr(r.reason, "[sender oracle SEND-FSM"));
	h_oracle_free(o);
}

/* docs/ORACLE.md has a row for every rule, with its source as in the code. */
static void test_doc_table(void **state)
{
	FILE *f = fopen(ORACLE_MD, "r");
	static char doc[65536];
	size_t n;

	(void)state;
	assert_non_null(f);
	n = fread(doc, 1, sizeof(doc) - 1, f);
	fclose(f);
	doc[n] = '\0';
	for (int r = 0; r < H_OR_COUNT; r++) {
		const struct h_oracle_rule *rule = h_oracle_rule((enum h_orule)r);
		char row[160];
		snprintf(row, sizeof(row), "| `%s` | %s |", rule->id, rule->rfc);
		if (!strstr(doc, row))
			fail_msg("docs/ORACLE.md has no row '%s'", row);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_clean, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wellformed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_7606, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ebgp_local_pref, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ebgp_rr_attrs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_non_transitive, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_partial, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_first_as, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_next_hop, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fsm, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_keepalive, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_size, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cap_refresh, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cap_addpath, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cap_mp, setup, teardown),
	    cmocka_unit_test(test_cfg_lines),
	    cmocka_unit_test(test_judge),
	    cmocka_unit_test(test_doc_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
