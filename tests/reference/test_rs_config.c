/* test_rs_config.c: the configuration file, its syntax errors and the
 * admission rules (ARS-ASN, ARS-ASN-RESERVED, ARS-LIMIT-PEERS,
 * ARS-INSTANCES, ARS-TIMERS). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rs_config.h"
#include "rs_fault.h"
#include "rs_rib.h"

/* Four lines; a line appended after it is line 5. */
static const char rs_test_base[] = "subnet 10.0.255.0/27\n"
                                   "instance 0 10.0.255.4 listen 127.0.0.4\n"
                                   "instance 1 10.0.255.5 listen 127.0.0.5\n"
                                   "vnet 10.0.0.0/16\n";

struct rs_test_cfg {
	struct rs_config c;
	struct rs_config_error err;
	char msg[512];
};

/* Parse base + extra; returns the parse result, the formatted error in t->msg. */
static int rs_test_parse(struct rs_test_cfg *t, const char *extra)
{
	char text[8192];
	snprintf(text, sizeof(text), "%s%s", rs_test_base, extra);
	rs_config_defaults(&t->c);
	memset(&t->err, 0, sizeof(t->err));
	t->msg[0] = '\0';
	int rc = rs_config_parse("cfg", text, &t->c, &t->err);
	if (rc != 0)
		rs_config_error_format(&t->err, t->msg, sizeof(t->msg));
	return rc;
}

static uint32_t rs_test_a(const char *s)
{
	uint32_t a = 0;
	assert_int_equal(bgp_addr_parse_ipv4(s, &a), BGP_ADDR_OK);
	return a;
}

static struct rs_test_cfg *rs_test_new(void)
{
	struct rs_test_cfg *t = malloc(sizeof(*t));
	assert_non_null(t);
	return t;
}

static void rs_test_expect_error(struct rs_test_cfg *t, const char *extra, const char *want)
{
	assert_int_equal(rs_test_parse(t, extra), -1);
	if (strstr(t->msg, want) == NULL)
		fail_msg("config \"%s\": error \"%s\" lacks \"%s\"", extra, t->msg, want);
}

static void test_config_defaults(void **state)
{
	struct rs_test_cfg *t = rs_test_new();
	rs_config_defaults(&t->c);
	assert_int_equal(t->c.asn, 65515);
	assert_string_equal(t->c.profile->name, "faq-2021-02");
	assert_int_equal(t->c.timers.keepalive, 60);
	assert_int_equal(t->c.timers.hold, 180);
	assert_int_equal(t->c.timers.connect_retry, 5);
	assert_true(t->c.timers.scale == 1.0);
	assert_int_equal(t->c.port, 179);
	assert_false(t->c.branch_to_branch);
	assert_false(t->c.reserve_65516);
	assert_true(t->c.allow_peer_asn_65515);
	assert_int_equal(rs_test_parse(t, ""), 0);
	free(t);
}

static void test_config_profiles(void **state)
{
	const struct rs_profile *p = rs_profile_find("faq-2021-02");
	assert_non_null(p);
	assert_int_equal(p->max_peers, 8);
	assert_int_equal(p->max_routes_per_peer, 200);
	assert_int_equal(p->max_routes_to_gateway, 200);
	p = rs_profile_find("doc-2021-09");
	assert_int_equal(p->max_routes_per_peer, 1000);
	assert_int_equal(p->max_routes_to_gateway, 200);
	p = rs_profile_find("doc-2025");
	assert_int_equal(p->max_routes_per_peer, 4000);
	assert_int_equal(p->max_routes_to_gateway, 0);
	assert_int_equal(p->max_routes_total, 10000);
	p = rs_profile_find("bench");
	assert_int_equal(p->max_peers, 1024);
	assert_int_equal(p->max_routes_per_peer, RS_UNLIMITED);
	assert_null(rs_profile_find("faq"));
	assert_null(rs_profile_at(4));
}

/* A complete file with every directive (the docs/CONFIG.md example). */
static void test_config_full_example(void **state)
{
	static const char text[] =
	    "# reference route server\n"
	    "asn 65515\n"
	    "profile doc-2021-09\n"
	    "subnet 10.0.255.0/27\n"
	    "instance 0 10.0.255.4 listen 127.0.0.4   # RouteServiceRole_IN_0\n"
	    "instance 1 10.0.255.5 listen 127.0.0.5\n"
	    "port 1179\n"
	    "vnet 10.0.0.0/16 10.100.0.0/16\n"
	    "vnet-peering spoke1 10.1.0.0/16 10.2.0.0/16\n"
	    "peer nva1 127.0.1.1 asn 65001\n"
	    "peer nva2 127.0.1.2 asn 65002 md5 s3cret\n"
	    "gateway 127.0.2.1 name ergw\n"
	    "branch-to-branch on\n"
	    "timers keepalive 1 hold 3 connect-retry 1\n"
	    "time-scale 0.05\n"
	    "reserve-65516 on\n"
	    "allow-peer-asn-65515 off\n"
	    "local-asn-override off\n"
	    "gateway-next-hop self\n"
	    "control rs.sock\n"
	    "log -\n";
	struct rs_test_cfg *t = rs_test_new();
	rs_config_defaults(&t->c);
	assert_int_equal(rs_config_parse("example", text, &t->c, &t->err), 0);
	struct rs_config *c = &t->c;
	assert_string_equal(c->profile->name, "doc-2021-09");
	assert_int_equal(c->inst[0].addr, rs_test_a("10.0.255.4"));
	assert_int_equal(c->inst[1].listen, rs_test_a("127.0.0.5"));
	assert_int_equal(c->port, 1179);
	assert_int_equal(c->nvnet, 2);
	assert_int_equal(c->nvnet_peering, 1);
	assert_string_equal(c->vnet_peering[0].name, "spoke1");
	assert_int_equal(c->vnet_peering[0].nprefix, 2);
	assert_int_equal(c->npeers, 3);
	assert_string_equal(c->peer[1].name, "nva2");
	assert_int_equal(c->peer[1].asn, 65002);
	assert_int_equal(c->peer[1].line, 11);
	assert_string_equal(c->peer[0].md5, "");
	assert_string_equal(c->peer[1].md5, "s3cret");
	assert_true(c->peer[2].gateway);
	assert_int_equal(c->peer[2].asn, 65515);
	assert_string_equal(c->peer[2].name, "ergw");
	assert_ptr_equal(rs_config_gateway(c), &c->peer[2]);
	assert_true(c->branch_to_branch);
	assert_int_equal(c->timers.hold, 3);
	assert_int_equal(c->timers.keepalive, 1);
	assert_true(c->timers.scale == 0.05);
	assert_true(c->reserve_65516);
	assert_false(c->allow_peer_asn_65515);
	assert_true(c->gateway_next_hop_self);
	assert_string_equal(c->control, "rs.sock");
	assert_string_equal(c->log, "-");
	free(t);
}

/* The complete example of docs/CONFIG.md, verbatim. */
static void test_config_docs_example(void **state)
{
	static const char text[] =
	    "# The FAQ's topology: hub VNet 10.0.0.0/16, route server in 10.0.255.0/27,\n"
	    "# two NVAs, an ExpressRoute gateway, timers scaled for tests.\n"
	    "asn 65515\n"
	    "profile faq-2021-02\n"
	    "subnet 10.0.255.0/27\n"
	    "instance 0 10.0.255.4 listen 127.0.0.4   # RouteServiceRole_IN_0\n"
	    "instance 1 10.0.255.5 listen 127.0.0.5   # RouteServiceRole_IN_1\n"
	    "port 1179\n"
	    "vnet 10.0.0.0/16\n"
	    "vnet-peering spoke1 10.1.0.0/16\n"
	    "vnet-peering spoke2 10.2.0.0/16 10.3.0.0/16\n"
	    "peer nva1 127.0.1.1 asn 65001\n"
	    "peer nva2 127.0.1.2 asn 65002\n"
	    "gateway 127.0.2.1 name ergw\n"
	    "branch-to-branch off\n"
	    "timers keepalive 60 hold 180 connect-retry 5\n"
	    "time-scale 0.05\n"
	    "reserve-65516 off\n"
	    "allow-peer-asn-65515 on\n"
	    "gateway-next-hop peer\n"
	    "control rs.sock\n"
	    "log -\n";
	struct rs_test_cfg *t = rs_test_new();
	rs_config_defaults(&t->c);
	assert_int_equal(rs_config_parse("example", text, &t->c, &t->err), 0);
	assert_int_equal(t->c.npeers, 3);
	assert_int_equal(t->c.nvnet_peering, 2);
	assert_int_equal(t->c.vnet_peering[1].nprefix, 2);
	assert_true(t->c.timers.scale == 0.05);
	free(t);
}

static const uint32_t rs_test_reserved[] = {8074,  8075,  12076, 65517, 65518, 65519, 65520, 23456,
                                            64496, 64500, 64511, 65535, 65536, 65540, 65551, 0};

/* Deliberate faults: named, parsed, and each one switches its rule off. */
static void test_config_faults(void **state)
{
	struct rs_test_cfg *t = rs_test_new();
	const char *const *names = rs_fault_names();
	size_t n = 0;
	for (; names[n] != NULL; n++) {
		uint32_t f = rs_fault_parse(names[n]);
		assert_int_equal(f, 1u << n);
	}
	assert_true(n >= 19);
	assert_int_equal(rs_fault_parse("no-such-fault"), 0);
	assert_int_equal(rs_test_parse(t, "fault no-ecmp\nfault no-prepend\n"), 0);
	assert_int_equal(t->c.faults, RS_FAULT_NO_ECMP | RS_FAULT_NO_PREPEND);
	rs_test_expect_error(t, "fault no-ecmpp\n",
	                     "cfg:5: CONFIG-SYNTAX: fault: unknown fault 'no-ecmpp'");
	rs_test_expect_error(t, "fault\n", "cfg:5: CONFIG-SYNTAX");
	/* accept-reserved-asn: the reserved ASN now passes, as a faulty server would */
	assert_int_equal(
	    rs_test_parse(t, "fault accept-reserved-asn\npeer nva1 127.0.1.1 asn 65520\n"), 0);
	assert_false(rs_asn_reserved(&t->c, 65520));
	/* no-peer-limit: a 9th peer passes */
	char text[1024] = "fault no-peer-limit\n";
	for (int i = 1; i <= 9; i++) {
		char line[64];
		snprintf(line, sizeof(line), "peer nva%d 127.0.1.%d asn %d\n", i, i, 65000 + i);
		strcat(text, line);
	}
	assert_int_equal(rs_test_parse(t, text), 0);
	assert_int_equal(t->c.npeers, 9);
	assert_int_equal(rs_test_parse(t, text + strlen("fault no-peer-limit\n")), -1);
	assert_string_equal(t->err.rule, "ARS-LIMIT-PEERS");
	free(t);
	(void)state;
}

static void test_ars_asn_reserved_each(void **state)
{
	struct rs_test_cfg *t = rs_test_new();
	char line[128], want[128];
	/* every ASN of the reserved ranges, one by one */
	for (uint32_t asn = 0; asn <= 65600; asn++) {
		bool reserved = asn == 0 || asn == 8074 || asn == 8075 || asn == 12076 ||
		                (asn >= 65517 && asn <= 65520) || asn == 23456 ||
		                (asn >= 64496 && asn <= 64511) || (asn >= 65535 && asn <= 65551);
		if (!reserved)
			continue;
		snprintf(line, sizeof(line), "peer nva1 127.0.1.1 asn %u\n", asn);
		snprintf(want, sizeof(want), "cfg:5: ARS-ASN-RESERVED: peer nva1 uses ASN %u,",
		         asn);
		rs_test_expect_error(t, line, want);
		assert_string_equal(t->err.rule, "ARS-ASN-RESERVED");
		assert_true(rs_asn_reserved(&t->c, asn));
		/* the same rule at run time ("peering add") */
		rs_config_defaults(&t->c);
		assert_int_equal(rs_peer_check(&t->c, "nva1", 0x7F000101u, asn, &t->err), -1);
		assert_string_equal(t->err.rule, "ARS-ASN-RESERVED");
	}
	for (size_t i = 0; i < sizeof(rs_test_reserved) / sizeof(rs_test_reserved[0]); i++)
		assert_true(rs_asn_reserved(&t->c, rs_test_reserved[i]));
	/* 65516: a setting */
	rs_test_expect_error(t, "reserve-65516 on\npeer nva1 127.0.1.1 asn 65516\n",
	                     "cfg:6: ARS-ASN-RESERVED: peer nva1 uses ASN 65516");
	assert_true(rs_asn_reserved(&t->c, 65516));
	/* the setting may come after the peer: checks run on the whole file */
	rs_test_expect_error(t, "peer nva1 127.0.1.1 asn 65516\nreserve-65516 on\n",
	                     "cfg:5: ARS-ASN-RESERVED");
	assert_int_equal(rs_test_parse(t, "reserve-65516 off\npeer nva1 127.0.1.1 asn 65516\n"), 0);
	assert_false(rs_asn_reserved(&t->c, 65516));
	/* 65515: allowed by default (ARS-ASN-SAME scenario), refused when off */
	assert_int_equal(rs_test_parse(t, "peer nva1 127.0.1.1 asn 65515\n"), 0);
	rs_test_expect_error(t, "allow-peer-asn-65515 off\npeer nva1 127.0.1.1 asn 65515\n",
	                     "cfg:6: ARS-ASN-RESERVED: peer nva1 uses ASN 65515");
	/* ordinary private and public ASNs pass */
	assert_int_equal(rs_test_parse(t,
	                               "peer a 127.0.1.1 asn 65001\npeer b 127.0.1.2 asn 1\n"
	                               "peer c 127.0.1.3 asn 64512\npeer d 127.0.1.4 asn 65514\n"),
	                 0);
	free(t);
}

static void test_ars_asn_2byte_only(void **state)
{
	struct rs_test_cfg *t = rs_test_new();
	rs_test_expect_error(t, "peer nva1 127.0.1.1 asn 65552\n",
	                     "cfg:5: ARS-ASN-2BYTE: peer nva1 uses ASN 65552");
	rs_test_expect_error(t, "peer nva1 127.0.1.1 asn 4200000000\n", "cfg:5: ARS-ASN-2BYTE");
	rs_test_expect_error(t, "peer nva1 127.0.1.1 asn 4294967296\n",
	                     "cfg:5: CONFIG-SYNTAX: peer: bad ASN '4294967296' (expected a number");
	free(t);
}

static void test_ars_asn_local(void **state)
{
	struct rs_test_cfg *t = rs_test_new();
	rs_test_expect_error(t, "asn 65001\n",
	                     "cfg:5: ARS-ASN: the route server's ASN must be 65515");
	assert_int_equal(rs_test_parse(t, "local-asn-override on\nasn 65001\n"), 0);
	assert_int_equal(t->c.asn, 65001);
	rs_test_expect_error(t, "local-asn-override on\nasn 70000\n", "cfg:6: ARS-ASN");
	free(t);
}

static void rs_test_peers(char *out, size_t cap, unsigned n, unsigned first_asn)
{
	size_t off = 0;
	for (unsigned i = 0; i < n; i++)
		off += (size_t)snprintf(out + off, cap - off, "peer nva%u 127.0.1.%u asn %u\n",
		                        i + 1, i + 1, first_asn + i);
}

static void test_ars_limit_peers_ninth_refused(void **state)
{
	struct rs_test_cfg *t = rs_test_new();
	char text[4096];
	rs_test_peers(text, sizeof(text), 8, 65001);
	strcat(text, "gateway 127.0.2.1\n"); /* the gateway does not count */
	assert_int_equal(rs_test_parse(t, text), 0);
	assert_int_equal(t->c.npeers, 9);
	/* run-time admission of a 9th NVA */
	assert_int_equal(rs_peer_check(&t->c, "nva9", 0x7F000109u, 65009, &t->err), -1);
	assert_string_equal(t->err.rule, "ARS-LIMIT-PEERS");
	assert_non_null(strstr(t->err.msg, "faq-2021-02 allows 8"));
	/* the gateway first: still 8 NVAs allowed, and at run time too */
	char gw_first[4200];
	rs_test_peers(text, sizeof(text), 8, 65001);
	snprintf(gw_first, sizeof(gw_first), "gateway 127.0.2.1\n%s", text);
	assert_int_equal(rs_test_parse(t, gw_first), 0);
	rs_test_peers(text, sizeof(text), 7, 65001);
	snprintf(gw_first, sizeof(gw_first), "gateway 127.0.2.1\n%s", text);
	assert_int_equal(rs_test_parse(t, gw_first), 0);
	assert_int_equal(rs_peer_check(&t->c, "nva8", 0x7F000108u, 65008, &t->err), 0);
	/* the 9th in the file: line 5 + 8 */
	rs_test_peers(text, sizeof(text), 9, 65001);
	rs_test_expect_error(t, text,
	                     "cfg:13: ARS-LIMIT-PEERS: peer nva9 would be peering "
	                     "number 9; profile faq-2021-02 allows 8");
	char with_profile[4200];
	snprintf(with_profile, sizeof(with_profile), "profile doc-2025\n%s", text);
	rs_test_expect_error(t, with_profile, "cfg:14: ARS-LIMIT-PEERS");
	snprintf(with_profile, sizeof(with_profile), "%sprofile bench\n", text);
	assert_int_equal(rs_test_parse(t, with_profile), 0);
	/* under the limit, a new peer is admitted; a duplicate is not */
	rs_test_peers(text, sizeof(text), 7, 65001);
	assert_int_equal(rs_test_parse(t, text), 0);
	assert_int_equal(rs_peer_check(&t->c, "nva8", 0x7F000108u, 65008, &t->err), 0);
	assert_int_equal(rs_peer_check(&t->c, "nva1", 0x7F000108u, 65008, &t->err), -1);
	assert_string_equal(t->err.rule, "CONFIG-DUPLICATE");
	assert_int_equal(rs_peer_check(&t->c, "nva8", 0x7F000101u, 65008, &t->err), -1);
	assert_string_equal(t->err.rule, "CONFIG-DUPLICATE");
	assert_int_equal(rs_peer_check(&t->c, "bad name", 0x7F000109u, 65008, &t->err), -1);
	assert_string_equal(t->err.rule, "CONFIG-SYNTAX");
	free(t);
}

/* Typos: each error names file:line and what was expected. */
static void test_config_syntax_errors(void **state)
{
	static const struct {
		const char *line;
		const char *want;
	} cases[] = {
	    {"peeer nva1 127.0.1.1 asn 65001\n",
	     "cfg:5: CONFIG-SYNTAX: unknown directive 'peeer' (expected one of: asn, profile"},
	    {"peer nva1 127.0.1.256 asn 65001\n",
	     "cfg:5: CONFIG-SYNTAX: peer: bad address '127.0.1.256' (expected an IPv4 address"},
	    {"peer nva1 127.0.1.1 as 65001\n",
	     "cfg:5: CONFIG-SYNTAX: peer: expected 'asn', got 'as'"},
	    {"peer nva1 127.0.1.1 asn 65x01\n",
	     "cfg:5: CONFIG-SYNTAX: peer: bad ASN '65x01' (expected a number 0-4294967295)"},
	    {"peer nva1 127.0.1.1 asn\n",
	     "cfg:5: CONFIG-SYNTAX: peer: missing argument (expected 'peer NAME ADDRESS asn N "
	     "[gateway] [md5 KEY]')"},
	    {"peer nva1 127.0.1.1 asn 65001 gw\n",
	     "cfg:5: CONFIG-SYNTAX: peer: expected 'gateway', 'md5 KEY' or nothing, got 'gw'"},
	    {"peer nva1 127.0.1.1 asn 65001 gateway extra\n",
	     "cfg:5: CONFIG-SYNTAX: peer: expected 'gateway', 'md5 KEY' or nothing, got 'extra'"},
	    {"peer nva1 127.0.1.1 asn 65001 gateway md5 k extra\n",
	     "cfg:5: CONFIG-SYNTAX: peer: unexpected extra argument 'extra'"},
	    {"peer nva1 127.0.1.1 asn 65001 md5\n",
	     "cfg:5: CONFIG-SYNTAX: peer: md5 needs a key of 1 to 80 characters"},
	    {"peer nva/1 127.0.1.1 asn 65001\n", "cfg:5: CONFIG-SYNTAX: peer: bad name 'nva/1'"},
	    {"vnet 10.0.0.0/33\n",
	     "cfg:5: CONFIG-SYNTAX: vnet: bad prefix '10.0.0.0/33': the "
	     "length is over 32 (IPv4) or 128 (IPv6) (expected ADDRESS/LENGTH"},
	    {"vnet 10.0.0.1/16\n", "'10.0.0.1/16': host bits set past the length"},
	    {"vnet\n", "cfg:5: CONFIG-SYNTAX: vnet: missing argument (expected 'vnet PREFIX...')"},
	    {"vnet-peering 10.1.0.0/16\n", "cfg:5: CONFIG-SYNTAX: vnet-peering: missing argument"},
	    {"timers keepalive 60 hold\n",
	     "cfg:5: CONFIG-SYNTAX: timers: missing seconds after 'hold'"},
	    {"timers keepalive 60 holdtime 180\n",
	     "cfg:5: CONFIG-SYNTAX: timers: unknown timer 'holdtime'"},
	    {"branch-to-branch yes\n",
	     "cfg:5: CONFIG-SYNTAX: branch-to-branch: bad value 'yes' (expected on or off)"},
	    {"port 70000\n", "cfg:5: CONFIG-SYNTAX: port: bad port '70000' (expected a number "
	                     "1-65535)"},
	    {"profile faq-2021\n", "cfg:5: CONFIG-SYNTAX: profile: unknown profile 'faq-2021' "
	                           "(expected faq-2021-02, doc-2021-09, doc-2025 or bench)"},
	    {"asn\n", "cfg:5: CONFIG-SYNTAX: asn: missing argument (expected 'asn N')"},
	    {"subnet 10.0.255.0/27 extra\n",
	     "cfg:5: CONFIG-SYNTAX: subnet: unexpected extra argument 'extra'"},
	    {"time-scale fast\n", "cfg:5: CONFIG-SYNTAX: time-scale: bad number 'fast'"},
	    {"instance 2 10.0.255.6\n", "cfg:5: CONFIG-SYNTAX: instance: bad instance '2' "
	                                "(expected a number 0-1)"},
	    {"gateway 127.0.2.1 nam gw\n",
	     "cfg:5: CONFIG-SYNTAX: gateway: expected 'name NAME' after the address"},
	    {"gateway-next-hop nva\n",
	     "cfg:5: CONFIG-SYNTAX: gateway-next-hop: bad value 'nva' (expected peer or self)"},
	    {"\n# comment\n  \nlog\n", "cfg:8: CONFIG-SYNTAX: log: missing argument (expected "
	                               "'PATH')"},
	};
	struct rs_test_cfg *t = rs_test_new();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rs_test_expect_error(t, cases[i].line, cases[i].want);
		assert_string_equal(t->err.rule, "CONFIG-SYNTAX");
	}
	free(t);
}

static void test_ars_instances(void **state)
{
	struct rs_test_cfg *t = rs_test_new();
	rs_config_defaults(&t->c);
	assert_int_equal(
	    rs_config_parse("cfg", "subnet 10.0.255.0/27\ninstance 0 10.0.255.4\n", &t->c, &t->err),
	    -1);
	assert_string_equal(t->err.rule, "ARS-INSTANCES");
	assert_non_null(strstr(t->err.msg, "instance 1 is missing"));
	rs_config_defaults(&t->c);
	assert_int_equal(rs_config_parse("cfg", "instance 0 10.0.255.4\ninstance 1 10.0.255.5\n",
	                                 &t->c, &t->err),
	                 -1);
	assert_string_equal(t->err.rule, "ARS-INSTANCES");
	assert_non_null(strstr(t->err.msg, "no subnet"));
	rs_config_defaults(&t->c);
	assert_int_equal(rs_config_parse("cfg",
	                                 "subnet 10.0.255.0/27\ninstance 0 10.0.255.4\n"
	                                 "instance 1 10.0.255.40\n",
	                                 &t->c, &t->err),
	                 -1);
	rs_config_error_format(&t->err, t->msg, sizeof(t->msg));
	assert_string_equal(t->msg, "cfg:3: ARS-INSTANCES: instance 1 address 10.0.255.40 is "
	                            "outside subnet 10.0.255.0/27");
	rs_config_defaults(&t->c);
	assert_int_equal(rs_config_parse("cfg",
	                                 "subnet 10.0.255.0/27\ninstance 0 10.0.255.4\n"
	                                 "instance 1 10.0.255.4\n",
	                                 &t->c, &t->err),
	                 -1);
	assert_non_null(strstr(t->err.msg, "same address 10.0.255.4"));
	rs_test_expect_error(t, "instance 0 10.0.255.6\n",
	                     "cfg:5: ARS-INSTANCES: instance 0 is already defined on line 2");
	free(t);
}

static void test_ars_timers(void **state)
{
	struct rs_test_cfg *t = rs_test_new();
	rs_test_expect_error(t, "timers keepalive 1 hold 2\n",
	                     "cfg:5: ARS-TIMERS: hold time 2: expected 0 or at least 3");
	rs_test_expect_error(t, "timers keepalive 180 hold 180\n",
	                     "cfg:5: ARS-TIMERS: keepalive 180: expected at least 1 and less than "
	                     "the hold time 180");
	rs_test_expect_error(t, "time-scale 0\n",
	                     "cfg:5: ARS-TIMERS: time-scale must be greater "
	                     "than 0");
	rs_test_expect_error(t, "time-scale -1\n", "cfg:5: ARS-TIMERS");
	rs_test_expect_error(t, "timers connect-retry 0\n", "cfg:5: ARS-TIMERS: connect-retry");
	assert_int_equal(rs_test_parse(t, "timers hold 0\n"), 0);
	assert_int_equal(rs_test_parse(t, "timers hold 3 keepalive 1\n"), 0);
	assert_int_equal(t->c.timers.hold, 3);
	free(t);
}

static void test_config_duplicates_and_gateway(void **state)
{
	struct rs_test_cfg *t = rs_test_new();
	rs_test_expect_error(t, "peer a 127.0.1.1 asn 65001\npeer a 127.0.1.2 asn 65002\n",
	                     "cfg:6: CONFIG-DUPLICATE: peer name 'a' is already used (line 5)");
	rs_test_expect_error(t, "peer a 127.0.1.1 asn 65001\npeer b 127.0.1.1 asn 65002\n",
	                     "cfg:6: CONFIG-DUPLICATE: peer b: address 127.0.1.1 is already used "
	                     "by peer a");
	rs_test_expect_error(t, "gateway 127.0.2.1\ngateway 127.0.2.2 name gw2\n",
	                     "cfg:6: ARS-BRANCH: peer gw2: only one gateway peer");
	rs_test_expect_error(t, "peer gw 127.0.2.1 asn 65001 gateway\n",
	                     "cfg:5: ARS-BRANCH: gateway peer gw uses ASN 65001");
	assert_int_equal(rs_test_parse(t, "peer gw 127.0.2.1 asn 65515 gateway\n"), 0);
	assert_true(t->c.peer[0].gateway);
	free(t);
}

static void test_config_load_file(void **state)
{
	char path[] = "/tmp/rscert-cfg-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "%speer nva1 127.0.1.1 asn 65001\nbogus\n", rs_test_base);
	fclose(f);
	struct rs_test_cfg *t = rs_test_new();
	rs_config_defaults(&t->c);
	assert_int_equal(rs_config_load(path, &t->c, &t->err), -1);
	assert_string_equal(t->err.file, path);
	assert_int_equal(t->err.line, 6);
	unlink(path);
	rs_config_defaults(&t->c);
	assert_int_equal(rs_config_load(path, &t->c, &t->err), -1);
	assert_string_equal(t->err.rule, "CONFIG-FILE");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_config_defaults),
	    cmocka_unit_test(test_config_profiles),
	    cmocka_unit_test(test_config_full_example),
	    cmocka_unit_test(test_config_docs_example),
	    cmocka_unit_test(test_ars_asn_reserved_each),
	    cmocka_unit_test(test_ars_asn_2byte_only),
	    cmocka_unit_test(test_ars_asn_local),
	    cmocka_unit_test(test_ars_limit_peers_ninth_refused),
	    cmocka_unit_test(test_config_syntax_errors),
	    cmocka_unit_test(test_ars_instances),
	    cmocka_unit_test(test_ars_timers),
	    cmocka_unit_test(test_config_duplicates_and_gateway),
	    cmocka_unit_test(test_config_load_file),
	    cmocka_unit_test(test_config_faults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
