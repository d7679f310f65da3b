/* test_h_case.c: the case file parser, and its file:line errors. */
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

static const char *const good =
    "id ARS-TEST-1\n"
    "level MUST\n"
    "title A test\n"
    "requirement first part\n"
    "requirement second part\n"
    "keywords a b\n"
    "server vnet 10.0.0.0/16 10.100.0.0/16\n"
    "nva nva1 asn 65001 address 10.0.1.4 subnet 10.0.1.0/24 gateway 10.0.1.1 hold 90\n"
    "nva nva1 static 10.0.255.0/27 via 10.0.1.1\n"
    "nva nva2 asn 65002 peers IN_0 unconfigured\n"
    "connect nva1   # comment\n"
    "announce nva1 10.100.0.0/24 x 200 path \"65001 {65002 65003}\" med 5 communities "
    "65001:1,no-advertise\n"
    "expect nva1 IN_0 notification 6/1 within 2s or closed within 500ms\n"
    "expect server effective 10.1.0.0/16 nexthops 10.0.1.4,10.0.2.4 within 1.5xhold\n"
    "expect nva2 no route 10.1.0.0/16 for 1s\n"
    "control refused ARS-ASN-RESERVED peering add x 127.0.9.9 65520\n";

static struct h_case c;

static void test_good(void **state)
{
	(void)state;
	assert_int_equal(h_case_parse("t.case", good, &c), 0);
	assert_string_equal(c.error, "");
	assert_string_equal(c.id, "ARS-TEST-1");
	assert_string_equal(c.requirement, "first part second part");
	assert_true(h_case_has_keyword(&c, "B"));
	assert_int_equal(c.nnvas, 2);
	assert_int_equal(c.nvas[0].hold, 90);
	assert_int_equal(c.nvas[0].nstatic, 1);
	assert_int_equal(c.nvas[0].cfg_asn, 65001);
	assert_false(c.nvas[1].configured);
	assert_int_equal(c.nvas[1].peers, 1);
	assert_int_equal(c.nsteps, 6);
	assert_int_equal(c.steps[1].count, 200);
	assert_string_equal(c.steps[1].path, "65001 {65002 65003}");
	assert_int_equal(c.steps[1].ncomm, 2);
	assert_int_equal(c.steps[1].comm[1], 0xFFFFFF02u);
	assert_int_equal(c.steps[2].nalt, 2);
	assert_int_equal(c.steps[2].inst, 1);
	assert_int_equal(c.steps[2].alt[0].code, 6);
	assert_int_equal(c.steps[2].alt[0].subcode, 1);
	assert_true(c.steps[2].alt[1].dur.v > 0.49 && c.steps[2].alt[1].dur.v < 0.51);
	assert_int_equal(c.steps[3].alt[0].nnh, 2);
	assert_true(c.steps[3].alt[0].dur.xhold);
	assert_true(c.steps[4].alt[0].negative);
	assert_true(c.steps[5].expect_refusal);
	assert_string_equal(c.steps[5].arg, "ARS-ASN-RESERVED");
	assert_true(h_dur_seconds(&c.steps[3].alt[0].dur, 180, 0.01) > 2.69);
	h_case_free(&c);
}

/* Replace line n (1-based) of good with repl and expect an error at that line. */
static void expect_error(int n, const char *repl, const char *needle)
{
	char text[4096], want[32];
	const char *p = good;
	size_t o = 0;
	int line = 1;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = (size_t)(e - p) + 1;
		if (line == n)
			o += (size_t)snprintf(text + o, sizeof(text) - o, "%s\n", repl);
		else {
			memcpy(text + o, p, len);
			o += len;
		}
		text[o] = '\0';
		p += len;
		line++;
	}
	assert_int_equal(h_case_parse("typo.case", text, &c), -1);
	h_case_free(&c);
	snprintf(want, sizeof(want), "typo.case:%d: ", n);
	if (strncmp(c.error, want, strlen(want)))
		fail_msg("error '%s' does not start with '%s'", c.error, want);
	if (needle && !strstr(c.error, needle))
		fail_msg("error '%s' does not mention '%s'", c.error, needle);
}

static void test_typos(void **state)
{
	(void)state;
	expect_error(2, "level MUSTT", "level");
	expect_error(8, "nva nva1 asn 65001 adress 10.0.1.4", "adress");
	expect_error(9, "nva nva1 static 10.0.255.0/27 va 10.0.1.1", "via");
	expect_error(11, "conect nva1", "conect");
	expect_error(11, "connect nva3", "unknown NVA");
	expect_error(12, "announce nva1 10.100.0.0/33", "prefix");
	expect_error(12, "announce nva1 10.100.0.0/24 path \"65001 x\"", "AS path");
	expect_error(13, "expect nva1 notification 6-1 within 2s", "CODE/SUBCODE");
	expect_error(13, "expect nva1 notification 6/1 within 2 s", "duration");
	expect_error(13, "expect nva1 notifcation 6/1", "notifcation");
	expect_error(13, "expect nva1 notification 6/1 or", "alternative");
	expect_error(14, "expect server effective 10.1.0.0/16 nexthops 10.0.1.x", "next hop");
	expect_error(15, "expect nva2 no route 10.1.0.0/16 within 1s", "for DURATION");
	expect_error(15, "expect nva2 never got 10.1.0.0/16 for 1s", "never received");
	expect_error(15, "expect nva2 never received 10.1.0.0/16 x 0 for 1s", "at least 1");
	expect_error(16, "control maybe peering list", "control ok");
	expect_error(12, "announce nva1 10.100.0.0/24 \"unterminated", "quote");
}

static void test_missing_header(void **state)
{
	(void)state;
	assert_int_equal(h_case_parse("h.case", "id X\nlevel MAY\n", &c), -1);
	assert_non_null(strstr(c.error, "h.case:2: missing 'title'"));
	assert_string_equal(c.id, "X");
	h_case_free(&c);
	assert_int_equal(h_case_parse("h.case", "id X\nlevel MAY\ntitle t\nrequirement r\n", &c),
	                 -1);
	assert_non_null(strstr(c.error, "no steps"));
	h_case_free(&c);
}

/* "never received" is a negative check on the wire, with a count. */
static void test_never_received(void **state)
{
	static const char text[] = "id X\nlevel MUST\ntitle t\nrequirement r\n"
	                           "nva nva1 asn 65001\n"
	                           "expect nva1 never received 10.1.0.0/16 x 3 for 0.2s\n";
	(void)state;
	assert_int_equal(h_case_parse("n.case", text, &c), 0);
	assert_int_equal(c.nsteps, 1);
	assert_int_equal(c.steps[0].alt[0].what, H_E_NEVER_RECEIVED);
	assert_int_equal(c.steps[0].alt[0].count, 3);
	assert_true(c.steps[0].alt[0].negative);
	h_case_free(&c);
}

/* IPv6 parses as a prefix but the product is IPv4 only: refused at parse
 * time, naming the line and the rule, wherever a prefix or address goes. */
static void test_ipv6_refused(void **state)
{
	(void)state;
	expect_error(12, "announce nva1 2001:db8::/32", "ARS-NO-IPV6");
	expect_error(12, "announce nva1 10.100.0.0/24 nexthop 2001:db8::1", "ARS-NO-IPV6");
	expect_error(7, "server vnet 10.0.0.0/16 fd00::/8", "ARS-NO-IPV6");
	expect_error(8, "nva nva1 asn 65001 address 2001:db8::4", "ARS-NO-IPV6");
	expect_error(9, "nva nva1 static 2001:db8::/32 via 10.0.1.1", "ARS-NO-IPV6");
	expect_error(13, "expect nva1 route 2001:db8::/32 within 2s", "ARS-NO-IPV6");
	expect_error(14, "expect server effective 10.1.0.0/16 nexthops 10.0.1.4,2001:db8::4",
	             "ARS-NO-IPV6");
	expect_error(15, "expect nva2 never received 2001:db8::/32 for 1s", "IPv6");
}

/* The attribute checks of a received route, the OPEN's identifier and AS,
 * the keepalive interval; a typo names the file, the line and the grammar. */
static void test_route_attrs(void **state)
{
	static const char text[] =
	    "id X\nlevel MUST\ntitle t\nrequirement r\n"
	    "nva nva1 asn 65001\n"
	    "expect nva1 route 10.1.0.0/16 path \"65515 65001\" no-med no-localpref large "
	    "65001:1:2,4200000000:0:7 ext 0002fde900000064 attr 99 flags 0xe0 value 01020304 "
	    "attr 6 value \"\" no-attr 9 within 1s\n"
	    "expect nva1 route 10.2.0.0/16 med 5 localpref 100\n"
	    "expect nva1 IN_1 open hold 180 id 10.0.255.5 as 65515 cap as4\n"
	    "expect nva1 keepalive interval 0.25xhold to 0.34xhold within 1xhold\n"
	    "expect nva1 keepalive within 1s\n";
	const struct h_alt *a;

	(void)state;
	assert_int_equal(h_case_parse("a.case", text, &c), 0);
	assert_int_equal(c.nsteps, 5);
	a = &c.steps[0].alt[0];
	assert_int_equal(a->what, H_E_ROUTE);
	assert_true(a->has_path);
	assert_int_equal(a->med_ck, H_NUM_ABSENT);
	assert_int_equal(a->lp_ck, H_NUM_ABSENT);
	assert_true(a->has_large);
	assert_int_equal(a->nlarge, 2);
	assert_int_equal(a->large[1][0], 4200000000u);
	assert_int_equal(a->large[1][2], 7);
	assert_int_equal(a->next, 1);
	assert_int_equal(a->ext[0][2], 0xfd);
	assert_int_equal(a->nattr, 3);
	assert_int_equal(a->attr[0].type, 99);
	assert_int_equal(a->attr[0].flags, 0xe0);
	assert_int_equal(a->attr[0].nvalue, 4);
	assert_true(a->attr[1].has_value);
	assert_int_equal(a->attr[1].nvalue, 0);
	assert_int_equal(a->attr[1].flags, -1);
	assert_true(a->attr[2].absent);
	assert_true(a->dur.v > 0.99 && a->dur.v < 1.01);
	a = &c.steps[1].alt[0];
	assert_int_equal(a->med_ck, H_NUM_EQ);
	assert_int_equal(a->med, 5);
	assert_int_equal(a->local_pref, 100);
	a = &c.steps[2].alt[0];
	assert_true(a->has_open_id && a->has_open_as && a->has_open_hold);
	assert_int_equal(a->open_id, 0x0a00ff05u);
	assert_int_equal(a->open_as, 65515);
	a = &c.steps[3].alt[0];
	assert_int_equal(a->what, H_E_KEEPALIVE_INTERVAL);
	assert_true(a->ka_min.xhold && a->ka_max.xhold);
	assert_true(a->ka_max.v > 0.33 && a->ka_max.v < 0.35);
	assert_int_equal(c.steps[4].alt[0].what, H_E_KEEPALIVE);
	h_case_free(&c);

	expect_error(13, "expect nva1 route 10.0.0.0/8 no-medd", "route option");
	expect_error(13, "expect nva1 route 10.0.0.0/8 no-medd", "no-med");
	expect_error(13, "expect nva1 route 10.0.0.0/8 large 1:2", "A:B:C");
	expect_error(13, "expect nva1 route 10.0.0.0/8 ext 0002fde9", "8 bytes");
	expect_error(13, "expect nva1 route 10.0.0.0/8 attr 0", "type code");
	expect_error(13, "expect nva1 route 10.0.0.0/8 attr 99 flags 0xf0", "Partial");
	expect_error(13, "expect nva1 route 10.0.0.0/8 med", "MULTI_EXIT_DISC");
	expect_error(13, "expect nva1 route 10.0.0.0/8 attr 7 value 0x", "hex");
	expect_error(13, "expect nva1 open id 10.0.255", "address");
	expect_error(13, "expect nva1 keepalive interval 1s 2s", "to D");
	expect_error(13, "expect nva1 keepalive interval 2s to 1s", "longest");
	expect_error(14, "expect server learned nva1 has 10.1.0.0/16 no-med", "unexpected");
}

/* Below BGP (TCP MD5, BFD, a kernel counter), a refused configuration. */
static void test_below_bgp(void **state)
{
	static const char text[] = "id X\nlevel MUST\ntitle t\nrequirement r\n"
	                           "nva nva1 asn 65001 md5 s3cret\n"
	                           "connect nva1\n"
	                           "expect server kernel TCPMD5Unexpected rises within 3s\n"
	                           "expect nva1 no session for 1s\n"
	                           "bfd nva1 IN_1\n"
	                           "expect nva1 no bfd for 0.2s\n"
	                           "expect nva1 no ipv6 for 0.1s\n"
	                           "expect nva1 update within 1s\n"
	                           "expect nva1 no notification for 0.2s\n";
	static const char refused[] = "id X\nlevel MUST\ntitle t\nrequirement r\n"
	                              "server peer p9 asn 65109\n"
	                              "server refused ARS-LIMIT-PEERS at p9\n";
	(void)state;
	assert_int_equal(h_case_parse("b.case", text, &c), 0);
	assert_string_equal(c.nvas[0].md5, "s3cret");
	assert_int_equal(c.steps[1].alt[0].what, H_E_S_KERNEL);
	assert_string_equal(c.steps[1].alt[0].field, "TCPMD5Unexpected");
	assert_int_equal(c.steps[2].alt[0].what, H_E_NO_SESSION);
	assert_true(c.steps[2].alt[0].negative);
	assert_int_equal(c.steps[3].op, H_OP_BFD);
	assert_int_equal(c.steps[3].inst, 2);
	assert_int_equal(c.steps[4].alt[0].what, H_E_NO_BFD);
	assert_int_equal(c.steps[5].alt[0].what, H_E_NO_IPV6);
	assert_int_equal(c.steps[6].alt[0].what, H_E_UPDATE);
	assert_int_equal(c.steps[7].alt[0].what, H_E_NO_NOTIFICATION);
	assert_true(c.steps[7].alt[0].negative);
	h_case_free(&c);
	assert_int_equal(h_case_parse("r.case", refused, &c), 0);
	assert_int_equal(c.nsteps, 0);
	assert_string_equal(c.server.refused_rule, "ARS-LIMIT-PEERS");
	assert_string_equal(c.server.refused_at, "p9");
	assert_int_equal(c.server.refused_line, 6);
	h_case_free(&c);
	expect_error(13, "expect nva1 no session within 1s", "for DURATION");
	expect_error(13, "expect server kernel TCPMD5Unexpected", "rises");
	expect_error(7, "server refused ARS-LIMIT-PEERS p9", "at WORD");
}

/* A malformed message name is checked against the table when parsed. */
static void test_malformed_name(void **state)
{
	(void)state;
	expect_error(12, "send nva1 malformed bad-markr", "bad-markr");
	expect_error(12, "send nva1 hexx 00", "hex, malformed, refresh");
}

/* Where fixed arrays were (96 steps, 8 statics, 8 communities, 16 server
 * lines, 8 next hops), a case now holds as many as it says. */
static void test_no_fixed_limits(void **state)
{
	char *text = malloc(64 * 1024);
	size_t o = 0, i;

	(void)state;
	assert_non_null(text);
	o += (size_t)sprintf(text + o, "id X\nlevel MUST\ntitle t\nrequirement r\n");
	for (i = 0; i < 20; i++)
		o += (size_t)sprintf(
		    text + o, "server config line %zu\nserver peer p%zu asn 65%03zu\n", i, i, i);
	for (i = 0; i < 20; i++)
		o += (size_t)sprintf(text + o, "nva nva1 static 10.%zu.0.0/16 via 10.0.1.1\n", i);
	o += (size_t)sprintf(text + o, "announce nva1 10.9.0.0/24 communities ");
	for (i = 0; i < 20; i++)
		o += (size_t)sprintf(text + o, "%s65001:%zu", i ? "," : "", i);
	o += (size_t)sprintf(text + o, "\nexpect server effective 10.9.0.0/24 nexthops ");
	for (i = 0; i < 12; i++)
		o += (size_t)sprintf(text + o, "%s10.0.%zu.4", i ? "," : "", i);
	o += (size_t)sprintf(text + o, "\n");
	for (i = 0; i < 300; i++)
		o += (size_t)sprintf(text + o, "withdraw nva1 10.%zu.0.0/24\n", i % 256);
	assert_int_equal(h_case_parse("big.case", text, &c), 0);
	assert_int_equal(c.nsteps, 302);
	assert_int_equal(c.steps[301].line, 4 + 40 + 20 + 2 + 300);
	assert_int_equal(c.nvas[0].nstatic, 20);
	assert_int_equal(c.nvas[0].statics[19].pfx.addr[1], 19);
	assert_int_equal(c.steps[0].ncomm, 20);
	assert_int_equal(c.steps[0].comm[19], (65001u << 16) | 19);
	assert_int_equal(c.steps[1].alt[0].nnh, 12);
	assert_int_equal(c.steps[1].alt[0].nhs[11], 0x0A000B04u);
	assert_int_equal(c.server.nextra, 20);
	assert_string_equal(c.server.extra[19], "line 19");
	assert_int_equal(c.server.extra_line[19], 4 + 39);
	assert_int_equal(c.server.nextra_peers, 20);
	assert_string_equal(c.server.extra_peer[19], "p19");
	assert_int_equal(c.server.extra_peer_asn[19], 65019);
	h_case_free(&c);
	assert_int_equal(c.nsteps, 0);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good),
	    cmocka_unit_test(test_typos),
	    cmocka_unit_test(test_missing_header),
	    cmocka_unit_test(test_never_received),
	    cmocka_unit_test(test_ipv6_refused),
	    cmocka_unit_test(test_malformed_name),
	    cmocka_unit_test(test_route_attrs),
	    cmocka_unit_test(test_below_bgp),
	    cmocka_unit_test(test_no_fixed_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
