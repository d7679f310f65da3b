/* test_rs_export.c: import and export rules and the VMs' effective routes
 * (ARS-LOOP, ARS-ASN-SAME, ARS-BRANCH, ARS-REFLECT, ARS-ADV-VNET,
 * ARS-COMMUNITIES, ARS-SYSTEM-WINS, ARS-VM-NEXTHOP, ARS-INSTANCES-VM). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bgp_arena.h"
#include "rs_export.h"
#include "rs_fault.h"
#include "rs_test_helpers.h"

/* peers: 0 nva1 65001, 1 nva2 65002, 2 nva3 65003, 3 same 65515, 4 the gateway */
static const char rs_test_cfg_text[] = "subnet 10.0.255.0/27\n"
                                       "instance 0 10.0.255.4 listen 127.0.0.4\n"
                                       "instance 1 10.0.255.5 listen 127.0.0.5\n"
                                       "vnet 10.0.0.0/16 10.100.0.0/16\n"
                                       "vnet-peering spoke1 10.1.0.0/16\n"
                                       "peer nva1 127.0.1.1 asn 65001\n"
                                       "peer nva2 127.0.1.2 asn 65002\n"
                                       "peer nva3 127.0.1.3 asn 65003\n"
                                       "peer same 127.0.1.4 asn 65515\n"
                                       "gateway 127.0.2.1\n";

enum { NVA1, NVA2, NVA3, SAME, GW };

struct rs_test_env {
	struct rs_config c;
	struct rs_attrtab *tab;
	struct rs_rib *rib;
	struct bgp_arena arena;
	uint8_t mem[65536];
};

static int rs_test_setup(void **state)
{
	struct rs_test_env *e = calloc(1, sizeof(*e));
	struct rs_config_error err;
	if (e == NULL)
		return -1;
	*state = e;
	rs_config_defaults(&e->c);
	if (rs_config_parse("cfg", rs_test_cfg_text, &e->c, &err) != 0)
		return -1;
	e->tab = rs_attrtab_new();
	e->rib = rs_rib_new(e->tab);
	bgp_arena_init(&e->arena, e->mem, sizeof(e->mem));
	return e->tab && e->rib ? 0 : -1;
}

static int rs_test_teardown(void **state)
{
	struct rs_test_env *e = *state;
	rs_rib_free(e->rib);
	size_t left = rs_attrtab_count(e->tab);
	rs_attrtab_free(e->tab);
	free(e);
	return left == 0 ? 0 : -1;
}

/* Import check then announce, as the daemon does. */
static enum rs_import_result rs_test_learn(struct rs_test_env *e, uint32_t peer, const char *pfx,
                                           const struct rs_test_attrs *a)
{
	struct bgp_prefix p = rs_test_prefix(pfx);
	enum rs_import_result r = rs_import_check(&e->c, &e->c.peer[peer], &a->a, &p);
	if (r != RS_IMPORT_ACCEPT)
		return r;
	struct rs_attrset *s = rs_attrtab_intern(e->tab, &a->a);
	assert_non_null(s);
	assert_true(rs_rib_announce(e->rib, peer, &p, s) >= 0);
	rs_attrset_unref(e->tab, s);
	return r;
}

static enum rs_import_result rs_test_learn_simple(struct rs_test_env *e, uint32_t peer,
                                                  const char *pfx, const char *nh, size_t len)
{
	uint32_t path[8];
	for (size_t i = 0; i < len; i++)
		path[i] = e->c.peer[peer].gateway ? 12076 : e->c.peer[peer].asn;
	struct rs_test_attrs a;
	rs_test_attrs_init(&a, nh, path, len);
	return rs_test_learn(e, peer, pfx, &a);
}

static struct rs_advert rs_test_decide(struct rs_test_env *e, unsigned inst, uint32_t target,
                                       const char *pfx)
{
	struct rs_advert adv;
	struct bgp_prefix p = rs_test_prefix(pfx);
	rs_export_decide(&e->c, inst, e->rib, e->c.peer, target, &p, &adv);
	return adv;
}

static void test_ars_loop_65515(void **state)
{
	struct rs_test_env *e = *state;
	static const uint32_t loop[] = {65001, 65515, 65010};
	struct rs_test_attrs a;
	rs_test_attrs_init(&a, "10.0.1.4", loop, 3);
	assert_int_equal(rs_test_learn(e, NVA1, "10.50.0.0/16", &a), RS_IMPORT_DROP_LOOP);
	assert_string_equal(rs_import_rule(RS_IMPORT_DROP_LOOP), "ARS-LOOP");
	/* in an AS_SET too */
	static const uint32_t seq[] = {65001}, set[] = {65010, 65515};
	rs_test_attrs_init(&a, "10.0.1.4", seq, 1);
	rs_test_attrs_segment(&a, BGP_SEG_SET, set, 2);
	assert_int_equal(rs_test_learn(e, NVA1, "10.50.0.0/16", &a), RS_IMPORT_DROP_LOOP);
	assert_int_equal(rs_rib_prefix_count(e->rib), 0);
	/* without 65515: accepted */
	rs_test_attrs_init(&a, "10.0.1.4", loop, 1);
	assert_int_equal(rs_test_learn(e, NVA1, "10.50.0.0/16", &a), RS_IMPORT_ACCEPT);
	assert_int_equal(rs_rib_prefix_count(e->rib), 1);
}

static void test_ars_loop_as0(void **state)
{
	struct rs_test_env *e = *state;
	static const uint32_t zero[] = {65001, 0};
	struct rs_test_attrs a;
	rs_test_attrs_init(&a, "10.0.1.4", zero, 2);
	assert_int_equal(rs_test_learn(e, NVA1, "10.51.0.0/16", &a), RS_IMPORT_DROP_AS0);
	assert_string_equal(rs_import_rule(RS_IMPORT_DROP_AS0), "ARS-LOOP");
	assert_int_equal(rs_rib_prefix_count(e->rib), 0);
}

/* An NVA using 65515: session allowed, nothing used from it, nothing sent to it. */
static void test_ars_asn_same_no_routes(void **state)
{
	struct rs_test_env *e = *state;
	assert_int_equal(rs_test_learn_simple(e, SAME, "10.52.0.0/16", "10.0.1.8", 1),
	                 RS_IMPORT_DROP_SAME_AS);
	assert_string_equal(rs_import_rule(RS_IMPORT_DROP_SAME_AS), "ARS-ASN-SAME");
	rs_test_learn_simple(e, NVA1, "10.53.0.0/16", "10.0.1.4", 1);
	assert_false(rs_test_decide(e, 0, SAME, "10.53.0.0/16").advertise);
	assert_false(rs_test_decide(e, 0, SAME, "10.0.0.0/16").advertise); /* not even the VNet */
	assert_true(rs_test_decide(e, 0, NVA2, "10.53.0.0/16").advertise);
}

static void test_ars_reflect_never_back_to_source(void **state)
{
	struct rs_test_env *e = *state;
	rs_test_learn_simple(e, NVA1, "10.60.0.0/16", "10.0.1.4", 1);
	struct rs_advert adv = rs_test_decide(e, 0, NVA1, "10.60.0.0/16");
	assert_false(adv.advertise);
	adv = rs_test_decide(e, 0, NVA2, "10.60.0.0/16");
	assert_true(adv.advertise);
	assert_int_equal(adv.path->peer, NVA1);
	/* a longer path from nva2: nva1 still gets nothing (its own is best) */
	rs_test_learn_simple(e, NVA2, "10.60.0.0/16", "10.0.1.5", 2);
	assert_false(rs_test_decide(e, 0, NVA1, "10.60.0.0/16").advertise);
	/* ECMP: a member gets another member's path, lowest id first */
	rs_test_learn_simple(e, NVA2, "10.60.0.0/16", "10.0.1.5", 1);
	rs_test_learn_simple(e, NVA3, "10.60.0.0/16", "10.0.1.6", 1);
	assert_int_equal(rs_test_decide(e, 0, NVA1, "10.60.0.0/16").path->peer, NVA2);
	assert_int_equal(rs_test_decide(e, 0, NVA2, "10.60.0.0/16").path->peer, NVA1);
	assert_int_equal(rs_test_decide(e, 0, NVA3, "10.60.0.0/16").path->peer, NVA1);
	/* unknown prefix: nothing */
	assert_false(rs_test_decide(e, 0, NVA2, "10.61.0.0/16").advertise);
}

static void test_ars_reflect_next_hop_self(void **state)
{
	struct rs_test_env *e = *state;
	rs_test_learn_simple(e, NVA1, "10.62.0.0/16", "10.0.1.4", 1);
	struct rs_advert a0 = rs_test_decide(e, 0, NVA2, "10.62.0.0/16");
	struct rs_advert a1 = rs_test_decide(e, 1, NVA2, "10.62.0.0/16");
	assert_int_equal(a0.next_hop, rs_test_addr("10.0.255.4"));
	assert_int_equal(a1.next_hop, rs_test_addr("10.0.255.5"));
	struct bgp_attrs out;
	assert_int_equal(rs_export_attrs(&e->c, 1, &a1, &e->arena, &out), 0);
	assert_true(bgp_attr_has(&out, BGP_ATTR_NEXT_HOP));
	assert_int_equal(out.next_hop, rs_test_addr("10.0.255.5"));
}

static void test_ars_reflect_65515_prepended(void **state)
{
	struct rs_test_env *e = *state;
	static const uint32_t path[] = {65001, 65100};
	struct rs_test_attrs a;
	rs_test_attrs_init(&a, "10.0.1.4", path, 2);
	a.a.origin = BGP_ORIGIN_EGP;
	a.a.med = 50;
	bgp_attr_set(&a.a, BGP_ATTR_MED);
	rs_test_attrs_community(&a, BGP_COMMUNITY(65001, 100));
	a.unknown[0] = (struct bgp_raw_attr){.flags = BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE,
	                                     .type = 200,
	                                     .len = 3,
	                                     .data = a.unknown_data[0]};
	memcpy(a.unknown_data[0], "abc", 3);
	a.a.unknown = a.unknown;
	a.a.nunknown = 1;
	assert_int_equal(rs_test_learn(e, NVA1, "10.63.0.0/16", &a), RS_IMPORT_ACCEPT);
	struct rs_advert adv = rs_test_decide(e, 0, NVA2, "10.63.0.0/16");
	struct bgp_attrs out;
	assert_int_equal(rs_export_attrs(&e->c, 0, &adv, &e->arena, &out), 0);
	assert_int_equal(out.as_path.nseg, 1);
	assert_int_equal(out.as_path.segs[0].type, BGP_SEG_SEQUENCE);
	assert_int_equal(out.as_path.segs[0].count, 3);
	assert_int_equal(out.as_path.segs[0].asns[0], 65515);
	assert_int_equal(out.as_path.segs[0].asns[1], 65001);
	assert_int_equal(out.as_path.segs[0].asns[2], 65100);
	assert_int_equal(out.origin, BGP_ORIGIN_EGP);   /* ORIGIN kept */
	assert_false(bgp_attr_has(&out, BGP_ATTR_MED)); /* [CHOICE] MED not propagated */
	assert_false(bgp_attr_has(&out, BGP_ATTR_LOCAL_PREF));
	assert_true(bgp_attr_has(&out, BGP_ATTR_COMMUNITIES));
	assert_int_equal(out.ncommunities, 1);
	assert_int_equal(out.communities[0], BGP_COMMUNITY(65001, 100));
	assert_int_equal(out.nunknown, 1);
	assert_int_equal(out.unknown[0].type, 200);
	assert_true(out.unknown[0].flags & BGP_AF_PARTIAL);
	assert_memory_equal(out.unknown[0].data, "abc", 3);
	/* a path starting with an AS_SET gets a new AS_SEQUENCE in front */
	static const uint32_t set[] = {65001, 65002};
	rs_test_attrs_init(&a, "10.0.1.4", NULL, 0);
	rs_test_attrs_segment(&a, BGP_SEG_SET, set, 2);
	rs_test_learn(e, NVA1, "10.64.0.0/16", &a);
	adv = rs_test_decide(e, 0, NVA2, "10.64.0.0/16");
	assert_int_equal(rs_export_attrs(&e->c, 0, &adv, &e->arena, &out), 0);
	assert_int_equal(out.as_path.nseg, 2);
	assert_int_equal(out.as_path.segs[0].type, BGP_SEG_SEQUENCE);
	assert_int_equal(out.as_path.segs[0].count, 1);
	assert_int_equal(out.as_path.segs[0].asns[0], 65515);
	assert_int_equal(out.as_path.segs[1].type, BGP_SEG_SET);
	/* an arena too small: an error value */
	struct bgp_arena tiny;
	uint8_t mem[8];
	bgp_arena_init(&tiny, mem, sizeof(mem));
	assert_int_equal(rs_export_attrs(&e->c, 0, &adv, &tiny, &out), -1);
}

static void test_ars_adv_vnet(void **state)
{
	struct rs_test_env *e = *state;
	static const char *spaces[] = {"10.0.0.0/16", "10.100.0.0/16", "10.1.0.0/16"};
	for (size_t i = 0; i < 3; i++) {
		struct rs_advert adv = rs_test_decide(e, 1, NVA3, spaces[i]);
		assert_true(adv.advertise);
		assert_null(adv.path);
		struct bgp_attrs out;
		assert_int_equal(rs_export_attrs(&e->c, 1, &adv, &e->arena, &out), 0);
		assert_int_equal(out.origin, BGP_ORIGIN_IGP);
		assert_int_equal(out.as_path.nseg, 1);
		assert_int_equal(out.as_path.segs[0].count, 1);
		assert_int_equal(out.as_path.segs[0].asns[0], 65515);
		assert_int_equal(out.next_hop, rs_test_addr("10.0.255.5"));
		assert_int_equal(out.ncommunities, 0);
		/* not to the gateway, not to an NVA using 65515 */
		assert_false(rs_test_decide(e, 1, GW, spaces[i]).advertise);
		assert_false(rs_test_decide(e, 1, SAME, spaces[i]).advertise);
	}
	assert_false(rs_test_decide(e, 1, NVA3, "10.0.0.0/17").advertise);
}

static void test_ars_communities_no_advertise(void **state)
{
	struct rs_test_env *e = *state;
	static const uint32_t path[] = {65001};
	struct rs_test_attrs a;
	rs_test_attrs_init(&a, "10.0.1.4", path, 1);
	rs_test_attrs_community(&a, BGP_COMM_NO_ADVERTISE);
	assert_int_equal(rs_test_learn(e, NVA1, "10.70.0.0/16", &a), RS_IMPORT_ACCEPT);
	assert_false(rs_test_decide(e, 0, NVA2, "10.70.0.0/16").advertise);
	assert_false(rs_test_decide(e, 0, NVA3, "10.70.0.0/16").advertise);
	/* but programmed to the VMs */
	struct rs_eff_route r[16];
	size_t n = rs_effective_routes(&e->c, e->rib, r, 16);
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		char s[64];
		bgp_format_prefix(&r[i].prefix, s, sizeof(s));
		if (strcmp(s, "10.70.0.0/16") == 0) {
			found = true;
			assert_string_equal(r[i].source, "VirtualNetworkGateway");
			assert_int_equal(r[i].nnh, 1);
		}
	}
	assert_true(found);
	/* an ECMP partner without NO_ADVERTISE is sent instead */
	rs_test_learn_simple(e, NVA2, "10.70.0.0/16", "10.0.1.5", 1);
	struct rs_advert adv = rs_test_decide(e, 0, NVA3, "10.70.0.0/16");
	assert_true(adv.advertise);
	assert_int_equal(adv.path->peer, NVA2);
	assert_false(rs_test_decide(e, 0, NVA2, "10.70.0.0/16").advertise);
}

static void test_ars_branch_off(void **state)
{
	struct rs_test_env *e = *state;
	assert_false(e->c.branch_to_branch);
	assert_int_equal(rs_test_learn_simple(e, GW, "192.168.0.0/16", "10.0.254.4", 1),
	                 RS_IMPORT_DROP_BRANCH);
	assert_string_equal(rs_import_rule(RS_IMPORT_DROP_BRANCH), "ARS-BRANCH");
	rs_test_learn_simple(e, NVA1, "10.80.0.0/16", "10.0.1.4", 1);
	assert_false(rs_test_decide(e, 0, GW, "10.80.0.0/16").advertise);
	/* a gateway path in the RIB (e.g. learned before the switch) is not sent */
	struct rs_attrset *s = rs_test_intern(e->tab, "10.0.254.4", 1);
	struct bgp_prefix p = rs_test_prefix("192.168.0.0/16");
	assert_int_equal(rs_rib_announce(e->rib, GW, &p, s), 1);
	rs_attrset_unref(e->tab, s);
	assert_false(rs_test_decide(e, 0, NVA1, "192.168.0.0/16").advertise);
	struct rs_eff_route r[16];
	size_t n = rs_effective_routes(&e->c, e->rib, r, 16);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(r[i].prefix.addr[0], 192);
	/* with an id-indexed peer table where that id is an NVA: programmed */
	struct rs_peer_cfg peers[5];
	memcpy(peers, e->c.peer, sizeof(peers));
	peers[GW].gateway = false;
	n = rs_effective_routes_peers(&e->c, e->rib, peers, 5, r, 16);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found |= r[i].prefix.addr[0] == 192;
	assert_true(found);
}

static void test_ars_branch_on(void **state)
{
	struct rs_test_env *e = *state;
	e->c.branch_to_branch = true;
	assert_int_equal(rs_test_learn_simple(e, GW, "192.168.0.0/16", "10.0.254.4", 1),
	                 RS_IMPORT_ACCEPT);
	rs_test_learn_simple(e, NVA1, "10.80.0.0/16", "10.0.1.4", 1);
	struct rs_advert adv = rs_test_decide(e, 0, GW, "10.80.0.0/16");
	assert_true(adv.advertise);
	assert_int_equal(adv.path->peer, NVA1);
	/* to the gateway, an internal peer: path as learned, LOCAL_PREF, the NVA's next hop */
	assert_true(adv.ibgp);
	assert_int_equal(adv.next_hop, rs_test_addr("10.0.1.4"));
	struct bgp_attrs out;
	assert_int_equal(rs_export_attrs(&e->c, 0, &adv, &e->arena, &out), 0);
	assert_int_equal(out.as_path.nseg, 1);
	assert_int_equal(out.as_path.segs[0].count, 1);
	assert_int_equal(out.as_path.segs[0].asns[0], 65001);
	assert_true(bgp_attr_has(&out, BGP_ATTR_LOCAL_PREF));
	assert_int_equal(out.local_pref, 100);
	assert_int_equal(out.next_hop, rs_test_addr("10.0.1.4"));
	e->c.gateway_next_hop_self = true; /* [CHOICE] gateway-next-hop self */
	adv = rs_test_decide(e, 1, GW, "10.80.0.0/16");
	assert_int_equal(adv.next_hop, rs_test_addr("10.0.255.5"));
	/* from the gateway to an NVA: eBGP rules */
	adv = rs_test_decide(e, 0, NVA1, "192.168.0.0/16");
	assert_true(adv.advertise);
	assert_false(adv.ibgp);
	assert_int_equal(adv.path->peer, GW);
	assert_int_equal(rs_export_attrs(&e->c, 0, &adv, &e->arena, &out), 0);
	assert_int_equal(out.as_path.segs[0].asns[0], 65515);
	assert_int_equal(out.as_path.segs[0].asns[1], 12076);
	assert_false(bgp_attr_has(&out, BGP_ATTR_LOCAL_PREF));
	assert_int_equal(out.next_hop, rs_test_addr("10.0.255.4"));
	assert_false(rs_test_decide(e, 0, GW, "192.168.0.0/16").advertise);
	assert_false(rs_test_decide(e, 0, GW, "10.0.0.0/16").advertise); /* VNet: not to it */
	struct rs_eff_route r[16];
	size_t n = rs_effective_routes(&e->c, e->rib, r, 16);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found |= r[i].prefix.addr[0] == 192;
	assert_true(found);
}

static void test_ars_system_wins(void **state)
{
	struct rs_test_env *e = *state;
	struct bgp_prefix p;
	p = rs_test_prefix("10.0.0.0/16");
	assert_true(rs_is_system_route(&e->c, &p)); /* equal */
	p = rs_test_prefix("10.0.1.0/24");
	assert_true(rs_is_system_route(&e->c, &p)); /* more specific */
	p = rs_test_prefix("10.1.5.0/24");
	assert_true(rs_is_system_route(&e->c, &p)); /* inside a peered VNet */
	p = rs_test_prefix("10.0.0.0/8");
	assert_false(rs_is_system_route(&e->c, &p)); /* supernet */
	p = rs_test_prefix("0.0.0.0/0");
	assert_false(rs_is_system_route(&e->c, &p));
	p = rs_test_prefix("10.2.0.0/16");
	assert_false(rs_is_system_route(&e->c, &p));
	rs_test_learn_simple(e, NVA1, "10.0.0.0/16", "10.0.1.4", 1);
	rs_test_learn_simple(e, NVA1, "10.0.1.0/24", "10.0.1.4", 1);
	rs_test_learn_simple(e, NVA1, "10.1.5.0/24", "10.0.1.4", 1);
	rs_test_learn_simple(e, NVA1, "10.0.0.0/8", "10.0.1.4", 1);
	struct rs_eff_route r[16];
	size_t n = rs_effective_routes(&e->c, e->rib, r, 16);
	char got[512] = "";
	for (size_t i = 0; i < n; i++) {
		char s[64];
		bgp_format_prefix(&r[i].prefix, s, sizeof(s));
		strcat(got, s);
		strcat(got, r[i].source[0] == 'D' ? "=D " : "=V ");
	}
	assert_string_equal(got, "10.0.0.0/8=V 10.0.0.0/16=D 10.1.0.0/16=D 10.100.0.0/16=D ");
}

static void test_ars_ecmp_effective_next_hops(void **state)
{
	struct rs_test_env *e = *state;
	rs_test_learn_simple(e, NVA1, "10.90.0.0/16", "10.0.1.6", 1);
	rs_test_learn_simple(e, NVA2, "10.90.0.0/16", "10.0.1.4", 1);
	rs_test_learn_simple(e, NVA3, "10.90.0.0/16", "10.0.1.4", 1); /* same LB address */
	rs_test_learn_simple(e, NVA1, "10.91.0.0/16", "10.0.1.6", 1);
	rs_test_learn_simple(e, NVA2, "10.91.0.0/16", "10.0.1.5", 2); /* longer: not used */
	struct rs_eff_route r[16];
	size_t n = rs_effective_routes(&e->c, e->rib, r, 16);
	assert_int_equal(n, 5);
	/* sorted: 10.0/16 D, 10.1/16 D, 10.90/16, 10.91/16, 10.100/16 D */
	char s[64];
	bgp_format_prefix(&r[2].prefix, s, sizeof(s));
	assert_string_equal(s, "10.90.0.0/16");
	assert_string_equal(r[2].source, "VirtualNetworkGateway");
	assert_int_equal(r[2].nnh, 2); /* ARS-VM-NEXTHOP: as sent, ascending, unique */
	assert_int_equal(r[2].nh[0], rs_test_addr("10.0.1.4"));
	assert_int_equal(r[2].nh[1], rs_test_addr("10.0.1.6"));
	assert_int_equal(r[3].nnh, 1);
	assert_int_equal(r[3].nh[0], rs_test_addr("10.0.1.6"));
	bgp_format_prefix(&r[4].prefix, s, sizeof(s));
	assert_string_equal(s, "10.100.0.0/16");
	assert_string_equal(r[4].source, "Default");
	assert_int_equal(r[4].nnh, 0);
	/* an IPv6 route without an IPv4 next hop is not listed */
	struct rs_test_attrs v6;
	static const uint32_t path[] = {65001};
	rs_test_attrs_init(&v6, "0.0.0.0", path, 1);
	rs_test_learn(e, NVA1, "2001:db8::/32", &v6);
	assert_int_equal(rs_effective_routes(&e->c, e->rib, r, 16), 5);
	/* fewer slots than routes: the full count */
	assert_int_equal(rs_effective_routes(&e->c, e->rib, r, 2), 5);
}

static void test_ars_instances_vm_hash(void **state)
{
	unsigned seen[2] = {0, 0};
	for (uint32_t a = 0x0A000104u; a < 0x0A000104u + 64; a++) {
		unsigned i = rs_vm_instance(a);
		assert_true(i < 2);
		assert_int_equal(rs_vm_instance(a), i); /* stable */
		seen[i]++;
	}
	assert_true(seen[0] > 0 && seen[1] > 0);
	/* FNV-1a of 10.0.1.4 computed by hand: 0x0a,0x00,0x01,0x04 */
	uint32_t h = 2166136261u;
	static const uint8_t b[4] = {10, 0, 1, 4};
	for (int i = 0; i < 4; i++)
		h = (h ^ b[i]) * 16777619u;
	assert_int_equal(rs_vm_instance(0x0A000104u), h % 2);
}

/* One decision both ways: from the best set, and from the plan a batch
 * works out once per prefix; the adverts must be the same. */
static void rs_test_same_decision(struct rs_test_env *e, const struct bgp_prefix *p)
{
	const struct rs_path *best;
	size_t nbest = rs_rib_best_run(e->rib, p, &best);
	struct rs_export_plan plan;

	rs_export_plan(&e->c, e->c.peer, p, best, nbest, &plan);
	for (unsigned inst = 0; inst < 2; inst++)
		for (uint32_t t = NVA1; t <= GW; t++) {
			struct rs_advert want, got;

			rs_export_decide_paths(&e->c, inst, e->c.peer, t, p, best, nbest, &want);
			rs_export_decide_plan(&e->c, inst, e->c.peer, t, p, &plan, &got);
			assert_int_equal(got.advertise, want.advertise);
			assert_ptr_equal(got.path, want.path);
			assert_int_equal(got.next_hop, want.next_hop);
			assert_int_equal(got.ibgp, want.ibgp);
		}
	/* and for many targets at once, each class more than once, in an
	 * order that is not the peers' */
	static const uint32_t tg[] = {GW, NVA3, SAME, NVA1, GW, NVA2, SAME, NVA1, NVA3};
	enum { NT = sizeof(tg) / sizeof(tg[0]) };
	for (unsigned inst = 0; inst < 2; inst++) {
		struct rs_advert many[NT];
		rs_export_decide_plan_many(&e->c, inst, e->c.peer, tg, NT, p, &plan, many);
		for (size_t i = 0; i < NT; i++) {
			struct rs_advert want;
			rs_export_decide_paths(&e->c, inst, e->c.peer, tg[i], p, best, nbest,
			                       &want);
			assert_int_equal(many[i].advertise, want.advertise);
			assert_ptr_equal(many[i].path, want.path);
			assert_int_equal(many[i].next_hop, want.next_hop);
			assert_int_equal(many[i].ibgp, want.ibgp);
		}
	}
}

/* The plan (rs_export_plan, rs_export_decide_plan) decides as
 * rs_export_decide_paths for every mix of the five peers' paths (none,
 * plain, NO_ADVERTISE), a VNet and another prefix, branch-to-branch off
 * and on, and the reflect-to-source fault off and on. */
static void test_export_plan_same_as_paths(void **state)
{
	struct rs_test_env *e = *state;
	static const char *const pfx[] = {"10.90.0.0/16", "10.0.5.0/24"};
	struct rs_attrset *set[2];
	struct rs_test_attrs a;
	static const uint32_t path[] = {64999};
	size_t n = 0;

	rs_test_attrs_init(&a, "10.0.1.4", path, 1);
	set[0] = rs_attrtab_intern(e->tab, &a.a);
	rs_test_attrs_community(&a, BGP_COMM_NO_ADVERTISE);
	set[1] = rs_attrtab_intern(e->tab, &a.a);
	assert_true(set[0] && set[1]);
	for (unsigned mode = 0; mode < 4; mode++) {
		e->c.branch_to_branch = mode & 1;
		e->c.faults = mode & 2 ? RS_FAULT_REFLECT_TO_SOURCE : 0;
		for (size_t k = 0; k < 2; k++) {
			struct bgp_prefix p = rs_test_prefix(pfx[k]);

			for (unsigned mix = 0; mix < 243; mix++) { /* 3^5 */
				for (uint32_t peer = NVA1, m = mix; peer <= GW; peer++, m /= 3) {
					if (m % 3)
						assert_true(rs_rib_announce(e->rib, peer, &p,
						                            set[m % 3 - 1]) >= 0);
					else
						rs_rib_withdraw(e->rib, peer, &p);
				}
				rs_test_same_decision(e, &p);
				n++;
			}
			for (uint32_t peer = NVA1; peer <= GW; peer++)
				rs_rib_withdraw(e->rib, peer, &p);
		}
	}
	assert_int_equal(n, 4 * 2 * 243);
	rs_attrset_unref(e->tab, set[0]);
	rs_attrset_unref(e->tab, set[1]);
}

#define RS_TEST(f) cmocka_unit_test_setup_teardown(f, rs_test_setup, rs_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    RS_TEST(test_ars_loop_65515),
	    RS_TEST(test_ars_loop_as0),
	    RS_TEST(test_ars_asn_same_no_routes),
	    RS_TEST(test_ars_reflect_never_back_to_source),
	    RS_TEST(test_ars_reflect_next_hop_self),
	    RS_TEST(test_ars_reflect_65515_prepended),
	    RS_TEST(test_ars_adv_vnet),
	    RS_TEST(test_ars_communities_no_advertise),
	    RS_TEST(test_ars_branch_off),
	    RS_TEST(test_ars_branch_on),
	    RS_TEST(test_ars_system_wins),
	    RS_TEST(test_ars_ecmp_effective_next_hops),
	    RS_TEST(test_ars_instances_vm_hash),
	    RS_TEST(test_export_plan_same_as_paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
