/* test_roundtrip.c: decode(encode(m)) == m for every message type and
 * attribute, in 2- and 4-octet AS contexts, with extended messages and
 * add-path; attribute length 255/256 (extended length flag). */
#include "codec_test.h"

static uint8_t wire[BGP_EXT_MAX_LEN];

static uint32_t seq1[] = {65001, 4200000001u, 65002};
static uint32_t set1[] = {7, 8};
static struct bgp_as_segment segs[] = {
    {.type = BGP_SEG_SEQUENCE, .count = 3, .asns = seq1},
    {.type = BGP_SEG_SET, .count = 2, .asns = set1},
};
static uint32_t comms[] = {BGP_COMMUNITY(65001, 1), BGP_COMM_NO_EXPORT};
static uint32_t clusters[] = {0x01010101, 0x02020202};
static uint8_t extc[2][8] = {{0, 2, 0xfd, 0xe9, 0, 0, 0, 1}, {0x40, 4, 0, 0, 0, 0, 0, 9}};
static struct bgp_large_community large[] = {{4200000001u, 1, 2}};
static const uint8_t unknown_val[] = {1, 2, 3};
static struct bgp_raw_attr unknown[] = {{.flags = 0xc0, .type = 99, .len = 3, .data = unknown_val}};

static void fill_prefix(struct bgp_prefix *p, uint16_t afi, const char *s, uint32_t id)
{
	assert_int_equal(bgp_parse_prefix(s, p), 0);
	assert_int_equal(p->afi, afi);
	p->path_id = id;
}

/* An UPDATE with every attribute the codec knows. */
static void full_update(struct bgp_msg *m, struct bgp_prefix *v4, struct bgp_prefix *v6, bool ibgp)
{
	struct bgp_attrs *a = &m->u.update.attrs;
	uint8_t types[] = {1, 2, 3, 4, 6, 7, 8, 14, 16, 32, 99};

	memset(m, 0, sizeof(*m));
	m->type = BGP_UPDATE;
	for (size_t i = 0; i < sizeof(types); i++)
		bgp_attr_set(a, types[i]);
	if (ibgp) {
		bgp_attr_set(a, 5);
		bgp_attr_set(a, 9);
		bgp_attr_set(a, 10);
	}
	a->origin = BGP_ORIGIN_EGP;
	a->as_path.nseg = 2;
	a->as_path.segs = segs;
	a->next_hop = 0x0a000104;
	a->med = 50;
	a->local_pref = 200;
	a->aggregator.as = 4200000002u;
	a->aggregator.addr = 0x0a000001;
	a->ncommunities = 2;
	a->communities = comms;
	a->originator_id = 0x0a0a0a0a;
	a->ncluster = 2;
	a->cluster_list = clusters;
	a->next_communities = 2;
	a->ext_communities = extc;
	a->nlarge = 1;
	a->large = large;
	a->nunknown = 1;
	a->unknown = unknown;
	a->mp_reach.afi = BGP_AFI_IPV6;
	a->mp_reach.safi = BGP_SAFI_UNICAST;
	a->mp_reach.nh_len = 16;
	a->mp_reach.nh[0] = 0x20;
	a->mp_reach.nh[1] = 0x01;
	a->mp_reach.nh[15] = 1;
	a->mp_reach.nprefix = 2;
	a->mp_reach.prefixes = v6;
	fill_prefix(&v6[0], 2, "2001:db8:1::/48", 0);
	fill_prefix(&v6[1], 2, "::/0", 0);
	m->u.update.nnlri = 3;
	m->u.update.nlri = v4;
	fill_prefix(&v4[0], 1, "10.1.0.0/16", 0);
	fill_prefix(&v4[1], 1, "0.0.0.0/0", 0);
	fill_prefix(&v4[2], 1, "192.0.2.1/32", 0);
	m->u.update.nwithdrawn = 1;
	m->u.update.withdrawn = &v4[3];
	fill_prefix(&v4[3], 1, "10.9.128.0/17", 0);
}

static void assert_prefixes_equal(const struct bgp_prefix *a, const struct bgp_prefix *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(a[i].afi, b[i].afi);
		assert_int_equal(a[i].len, b[i].len);
		assert_int_equal(a[i].path_id, b[i].path_id);
		assert_memory_equal(a[i].addr, b[i].addr, 16);
	}
}

static void assert_path_equal(const struct bgp_as_path *a, const struct bgp_as_path *b)
{
	assert_int_equal(a->nseg, b->nseg);
	for (size_t s = 0; s < a->nseg; s++) {
		assert_int_equal(a->segs[s].type, b->segs[s].type);
		assert_int_equal(a->segs[s].count, b->segs[s].count);
		assert_memory_equal(a->segs[s].asns, b->segs[s].asns, 4u * a->segs[s].count);
	}
}

static void assert_update_equal(const struct bgp_msg *x, const struct bgp_msg *y, bool as4)
{
	const struct bgp_update *a = &x->u.update, *b = &y->u.update;
	const struct bgp_attrs *p = &a->attrs, *q = &b->attrs;

	assert_int_equal(a->nwithdrawn, b->nwithdrawn);
	assert_prefixes_equal(a->withdrawn, b->withdrawn, a->nwithdrawn);
	assert_int_equal(a->nnlri, b->nnlri);
	assert_prefixes_equal(a->nlri, b->nlri, a->nnlri);
	for (unsigned t = 1; t < 256; t++) {
		if (t == BGP_ATTR_AS4_PATH || t == BGP_ATTR_AS4_AGGREGATOR)
			continue;
		assert_int_equal(bgp_attr_has(p, (uint8_t)t), bgp_attr_has(q, (uint8_t)t));
	}
	assert_int_equal(p->origin, q->origin);
	assert_int_equal(p->next_hop, q->next_hop);
	assert_int_equal(p->med, q->med);
	if (bgp_attr_has(p, 5))
		assert_int_equal(p->local_pref, q->local_pref);
	if (bgp_attr_has(p, 9))
		assert_int_equal(p->originator_id, q->originator_id);
	if (bgp_attr_has(p, 10)) {
		assert_int_equal(p->ncluster, q->ncluster);
		assert_memory_equal(p->cluster_list, q->cluster_list, 4 * p->ncluster);
	}
	assert_int_equal(p->ncommunities, q->ncommunities);
	assert_memory_equal(p->communities, q->communities, 4 * p->ncommunities);
	assert_int_equal(p->next_communities, q->next_communities);
	assert_memory_equal(p->ext_communities, q->ext_communities, 8 * p->next_communities);
	assert_int_equal(p->nlarge, q->nlarge);
	assert_memory_equal(p->large, q->large, sizeof(*p->large) * p->nlarge);
	assert_int_equal(p->nunknown, q->nunknown);
	for (size_t i = 0; i < p->nunknown; i++) {
		assert_int_equal(p->unknown[i].type, q->unknown[i].type);
		assert_int_equal(p->unknown[i].flags & 0xe0, q->unknown[i].flags & 0xe0);
		assert_int_equal(p->unknown[i].len, q->unknown[i].len);
		assert_memory_equal(p->unknown[i].data, q->unknown[i].data, p->unknown[i].len);
	}
	assert_int_equal(p->mp_reach.afi, q->mp_reach.afi);
	assert_int_equal(p->mp_reach.nh_len, q->mp_reach.nh_len);
	assert_memory_equal(p->mp_reach.nh, q->mp_reach.nh, p->mp_reach.nh_len);
	assert_int_equal(p->mp_reach.nprefix, q->mp_reach.nprefix);
	assert_prefixes_equal(p->mp_reach.prefixes, q->mp_reach.prefixes, p->mp_reach.nprefix);
	if (as4) {
		assert_path_equal(&p->as_path, &q->as_path);
		assert_int_equal(p->aggregator.as, q->aggregator.as);
		assert_int_equal(p->aggregator.addr, q->aggregator.addr);
		assert_false(bgp_attr_has(q, BGP_ATTR_AS4_PATH));
	}
}

static void roundtrip_update(const struct bgp_ctx *ctx, bool ibgp)
{
	struct bgp_prefix v4[4], v6[2];
	struct bgp_msg m, d;
	struct bgp_verdict v;
	size_t len;

	full_update(&m, v4, v6, ibgp);
	len = bgp_encode(&m, ctx, wire, sizeof(wire));
	assert_true(len > 0);
	assert_int_equal(ct_decode(wire, len, ctx, &d, &v), BGP_ACT_OK);
	assert_int_equal(d.len, len);
	assert_update_equal(&m, &d, ctx->as4);
	/* Encoding the decoded message gives the same bytes. */
	{
		uint8_t again[BGP_EXT_MAX_LEN];

		assert_int_equal(bgp_encode(&d, ctx, again, sizeof(again)), len);
		assert_memory_equal(again, wire, len);
	}
}

static void test_roundtrip_update_all_attributes_as4(void **state)
{
	struct bgp_ctx ctx = {.as4 = true, .ibgp = true};

	roundtrip_update(&ctx, true);
	ctx.ibgp = false;
	roundtrip_update(&ctx, false);
}

static void test_roundtrip_update_two_octet_as_trans(void **state)
{
	struct bgp_ctx ctx = {.as4 = false, .ibgp = true};
	struct bgp_prefix v4[4], v6[2];
	struct bgp_msg m, d;
	struct bgp_verdict v;
	struct bgp_as_path merged;
	size_t len;

	roundtrip_update(&ctx, true);
	full_update(&m, v4, v6, true);
	len = bgp_encode(&m, &ctx, wire, sizeof(wire));
	assert_int_equal(ct_decode(wire, len, &ctx, &d, &v), BGP_ACT_OK);
	/* RFC 6793 4.2.2: AS_TRANS in AS_PATH/AGGREGATOR, real ASNs in the AS4 ones. */
	assert_int_equal(d.u.update.attrs.as_path.segs[0].asns[1], BGP_AS_TRANS);
	assert_true(bgp_attr_has(&d.u.update.attrs, BGP_ATTR_AS4_PATH));
	assert_int_equal(d.u.update.attrs.aggregator.as, BGP_AS_TRANS);
	assert_true(bgp_attr_has(&d.u.update.attrs, BGP_ATTR_AS4_AGGREGATOR));
	assert_int_equal(d.u.update.attrs.as4_aggregator.as, 4200000002u);
	assert_int_equal(bgp_as_path_merge_as4(&d.u.update.attrs.as_path,
	                                       &d.u.update.attrs.as4_path, &ct_arena, &merged),
	                 0);
	assert_path_equal(&merged, &m.u.update.attrs.as_path);
}

static void test_rfc6793_merge_keeps_leading_as_path(void **state)
{
	uint32_t two[] = {100, 200, BGP_AS_TRANS}, four[] = {4200000009u};
	struct bgp_as_segment s2 = {BGP_SEG_SEQUENCE, 3, two}, s4 = {BGP_SEG_SEQUENCE, 1, four};
	struct bgp_as_path p2 = {1, &s2}, p4 = {1, &s4}, out;

	assert_int_equal(bgp_as_path_merge_as4(&p2, &p4, &ct_arena, &out), 0);
	assert_int_equal(out.nseg, 1);
	assert_int_equal(out.segs[0].count, 3);
	assert_int_equal(out.segs[0].asns[0], 100);
	assert_int_equal(out.segs[0].asns[1], 200);
	assert_int_equal(out.segs[0].asns[2], 4200000009u);
	assert_int_equal(bgp_as_path_length(&out), 3);
	assert_true(bgp_as_path_contains(&out, 200));
	assert_false(bgp_as_path_contains(&out, 300));
	/* An AS4_PATH longer than AS_PATH is ignored. */
	s4.count = 1;
	s2.count = 0;
	p2.nseg = 0;
	assert_int_equal(bgp_as_path_merge_as4(&p2, &p4, &ct_arena, &out), 0);
	assert_int_equal(out.nseg, 0);
}

static void test_as_path_length_sets_and_confed(void **state)
{
	uint32_t a[] = {1, 2, 3};
	struct bgp_as_segment s[] = {
	    {BGP_SEG_CONFED_SEQUENCE, 2, a}, {BGP_SEG_SEQUENCE, 3, a}, {BGP_SEG_SET, 3, a}};
	struct bgp_as_path p = {3, s};

	assert_int_equal(bgp_as_path_length(&p), 4);
}

static void test_roundtrip_update_add_path(void **state)
{
	struct bgp_ctx ctx = {.as4 = true, .addpath_v4 = true, .addpath_v6 = true};
	struct bgp_prefix v4[4], v6[2];
	struct bgp_msg m, d;
	struct bgp_verdict v;
	size_t len;

	full_update(&m, v4, v6, false);
	v4[0].path_id = 1;
	v4[1].path_id = 0xffffffffu;
	v4[3].path_id = 5;
	v6[1].path_id = 77;
	len = bgp_encode(&m, &ctx, wire, sizeof(wire));
	assert_true(len > 0);
	assert_int_equal(ct_decode(wire, len, &ctx, &d, &v), BGP_ACT_OK);
	assert_update_equal(&m, &d, true);
}

static void test_roundtrip_ext_msg_update(void **state)
{
	static struct bgp_prefix pfx[3000];
	struct bgp_ctx ext = {.as4 = true, .ext_msg = true}, plain = {.as4 = true};
	struct bgp_prefix v4[4], v6[2];
	struct bgp_msg m, d;
	struct bgp_verdict v;
	size_t len;

	full_update(&m, v4, v6, false);
	for (size_t i = 0; i < 3000; i++) {
		memset(&pfx[i], 0, sizeof(pfx[i]));
		pfx[i].afi = 1;
		pfx[i].len = 24;
		pfx[i].addr[0] = 10;
		pfx[i].addr[1] = (uint8_t)(i >> 8);
		pfx[i].addr[2] = (uint8_t)i;
	}
	m.u.update.nlri = pfx;
	m.u.update.nnlri = 3000;
	assert_int_equal(bgp_encode(&m, &plain, wire, sizeof(wire)), 0);
	len = bgp_encode(&m, &ext, wire, sizeof(wire));
	assert_true(len > 4096);
	assert_int_equal(ct_decode(wire, len, &ext, &d, &v), BGP_ACT_OK);
	assert_update_equal(&m, &d, true);
}

static void test_attribute_length_255_and_256(void **state)
{
	static uint8_t val[256];
	struct bgp_raw_attr r = {.flags = 0xc0, .type = 200, .data = val};
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_msg m, d;
	struct bgp_verdict v;
	size_t len;

	memset(&m, 0, sizeof(m));
	m.type = BGP_UPDATE;
	m.u.update.attrs.nunknown = 1;
	m.u.update.attrs.unknown = &r;
	bgp_attr_set(&m.u.update.attrs, 200);
	r.len = 255;
	len = bgp_encode(&m, &ctx, wire, sizeof(wire));
	assert_int_equal(len, 23 + 3 + 255);
	assert_int_equal(wire[23], 0xc0); /* no extended length */
	assert_int_equal(wire[25], 255);
	assert_int_equal(ct_decode(wire, len, &ctx, &d, &v), BGP_ACT_OK);
	assert_int_equal(d.u.update.attrs.unknown[0].len, 255);
	r.len = 256;
	len = bgp_encode(&m, &ctx, wire, sizeof(wire));
	assert_int_equal(len, 23 + 4 + 256);
	assert_int_equal(wire[23], 0xd0); /* extended length */
	assert_int_equal(wire[25], 1);
	assert_int_equal(wire[26], 0);
	assert_int_equal(ct_decode(wire, len, &ctx, &d, &v), BGP_ACT_OK);
	assert_int_equal(d.u.update.attrs.unknown[0].len, 256);
	assert_int_equal(d.u.update.attrs.unknown[0].flags, 0xd0);
}

static void test_known_attribute_extended_length_chosen(void **state)
{
	static uint32_t many[64];
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_msg m, d;
	struct bgp_verdict v;
	size_t len;

	memset(&m, 0, sizeof(m));
	m.type = BGP_UPDATE;
	bgp_attr_set(&m.u.update.attrs, BGP_ATTR_COMMUNITIES);
	m.u.update.attrs.communities = many;
	m.u.update.attrs.ncommunities = 63; /* 252 bytes */
	len = bgp_encode(&m, &ctx, wire, sizeof(wire));
	assert_int_equal(wire[23], 0xc0);
	assert_int_equal(len, 23 + 3 + 252);
	m.u.update.attrs.ncommunities = 64; /* 256 bytes */
	len = bgp_encode(&m, &ctx, wire, sizeof(wire));
	assert_int_equal(wire[23], 0xd0);
	assert_int_equal(len, 23 + 4 + 256);
	assert_int_equal(ct_decode(wire, len, &ctx, &d, &v), BGP_ACT_OK);
	assert_int_equal(d.u.update.attrs.ncommunities, 64);
}

static void test_roundtrip_open(void **state)
{
	static const uint8_t unk[] = {9, 9};
	struct bgp_capability caps[] = {{.code = 73, .len = 2, .data = unk}};
	struct bgp_msg m, d;
	struct bgp_verdict v;
	struct bgp_open *o = &m.u.open;
	size_t len;

	memset(&m, 0, sizeof(m));
	m.type = BGP_OPEN;
	o->version = 4;
	o->my_as = BGP_AS_TRANS;
	o->hold_time = 90;
	o->bgp_id = 0x0a000001;
	o->has_as4 = true;
	o->as4 = 4200000001u;
	o->route_refresh = true;
	o->enhanced_rr = true;
	o->ext_msg = true;
	o->nmp = 2;
	o->mp[0] = (struct bgp_afi_safi){1, 1, 0};
	o->mp[1] = (struct bgp_afi_safi){2, 1, 0};
	o->has_gr = true;
	o->gr_flags_time = 0x8078;
	o->ngr = 1;
	o->gr[0] = (struct bgp_afi_safi){1, 1, 0x80};
	o->naddpath = 2;
	o->addpath[0] = (struct bgp_afi_safi){1, 1, 3};
	o->addpath[1] = (struct bgp_afi_safi){2, 1, 1};
	o->ncaps = 1;
	o->caps = caps;
	for (int ext = 0; ext < 2; ext++) {
		const struct bgp_open *r = &d.u.open;

		o->ext_params = ext;
		len = bgp_encode(&m, NULL, wire, sizeof(wire));
		assert_true(len > 29);
		assert_int_equal(ct_decode(wire, len, NULL, &d, &v), BGP_ACT_OK);
		assert_int_equal(r->ext_params, ext);
		assert_int_equal(r->my_as, BGP_AS_TRANS);
		assert_int_equal(r->hold_time, 90);
		assert_int_equal(r->bgp_id, 0x0a000001);
		assert_true(r->has_as4 && r->as4 == 4200000001u);
		assert_true(r->route_refresh && r->enhanced_rr && r->ext_msg && r->has_gr);
		assert_int_equal(r->nmp, 2);
		assert_memory_equal(r->mp, o->mp, sizeof(o->mp[0]) * 2);
		assert_int_equal(r->gr_flags_time, 0x8078);
		assert_int_equal(r->ngr, 1);
		assert_memory_equal(r->gr, o->gr, sizeof(o->gr[0]));
		assert_int_equal(r->naddpath, 2);
		assert_memory_equal(r->addpath, o->addpath, sizeof(o->addpath[0]) * 2);
		assert_int_equal(r->ncaps, 9);
		assert_int_equal(r->caps[8].code, 73);
		assert_memory_equal(r->caps[8].data, unk, 2);
	}
}

static void test_roundtrip_open_long_parameters_use_rfc9072(void **state)
{
	static uint8_t big[250];
	struct bgp_capability caps[2] = {{.code = 200, .len = 250, .data = big},
	                                 {.code = 201, .len = 250, .data = big}};
	struct bgp_msg m, d;
	struct bgp_verdict v;
	size_t len;

	memset(&m, 0, sizeof(m));
	m.type = BGP_OPEN;
	m.u.open.my_as = 65001;
	m.u.open.hold_time = 3;
	m.u.open.bgp_id = 0x01020304;
	m.u.open.caps = caps;
	m.u.open.ncaps = 2;
	len = bgp_encode(&m, NULL, wire, sizeof(wire));
	assert_int_equal(wire[28], 255);
	assert_int_equal(wire[29], 255);
	assert_int_equal(ct_decode(wire, len, NULL, &d, &v), BGP_ACT_OK);
	assert_true(d.u.open.ext_params);
	assert_int_equal(d.u.open.ncaps, 2);
	assert_int_equal(d.u.open.caps[1].code, 201);
}

static void test_roundtrip_notification(void **state)
{
	static const uint8_t data[] = {0, 2};
	struct bgp_msg m, d;
	struct bgp_verdict v;
	size_t len;

	memset(&m, 0, sizeof(m));
	m.type = BGP_NOTIFICATION;
	m.u.notification.code = 2;
	m.u.notification.subcode = 2;
	m.u.notification.data = data;
	m.u.notification.len = 2;
	len = bgp_encode(&m, NULL, wire, sizeof(wire));
	assert_int_equal(len, 23);
	assert_int_equal(ct_decode(wire, len, NULL, &d, &v), BGP_ACT_OK);
	assert_int_equal(d.u.notification.code, 2);
	assert_int_equal(d.u.notification.subcode, 2);
	assert_int_equal(d.u.notification.len, 2);
	assert_memory_equal(d.u.notification.data, data, 2);
	/* Shutdown communication built from the text. */
	memset(&m, 0, sizeof(m));
	m.type = BGP_NOTIFICATION;
	m.u.notification.code = 6;
	m.u.notification.subcode = 2;
	m.u.notification.has_shutdown_text = true;
	m.u.notification.shutdown_text = "maintenance \xc3\xa9";
	m.u.notification.shutdown_len = 14;
	len = bgp_encode(&m, NULL, wire, sizeof(wire));
	assert_int_equal(len, 19 + 2 + 1 + 14);
	assert_int_equal(ct_decode(wire, len, NULL, &d, &v), BGP_ACT_OK);
	assert_true(d.u.notification.has_shutdown_text);
	assert_int_equal(d.u.notification.shutdown_len, 14);
	assert_memory_equal(d.u.notification.shutdown_text, "maintenance \xc3\xa9", 14);
	len = bgp_encode_notification(6, 4, NULL, 0, wire, sizeof(wire));
	assert_int_equal(len, 21);
	assert_int_equal(ct_decode(wire, len, NULL, &d, &v), BGP_ACT_OK);
	assert_false(d.u.notification.has_shutdown_text);
}

static void test_roundtrip_keepalive_and_route_refresh(void **state)
{
	struct bgp_msg m, d;
	struct bgp_verdict v;
	size_t len;

	memset(&m, 0, sizeof(m));
	m.type = BGP_KEEPALIVE;
	assert_int_equal(bgp_encode(&m, NULL, wire, sizeof(wire)), 19);
	assert_int_equal(ct_decode(wire, 19, NULL, &d, &v), BGP_ACT_OK);
	assert_int_equal(d.type, BGP_KEEPALIVE);
	for (uint8_t sub = 0; sub <= 2; sub++) {
		m.type = BGP_ROUTE_REFRESH;
		m.u.route_refresh = (struct bgp_route_refresh){.afi = 2, .subtype = sub, .safi = 1};
		len = bgp_encode(&m, NULL, wire, sizeof(wire));
		assert_int_equal(len, 23);
		assert_int_equal(ct_decode(wire, len, NULL, &d, &v), BGP_ACT_OK);
		assert_int_equal(d.u.route_refresh.afi, 2);
		assert_int_equal(d.u.route_refresh.safi, 1);
		assert_int_equal(d.u.route_refresh.subtype, sub);
		assert_null(v.rule);
	}
}

static void test_roundtrip_prefix_lengths(void **state)
{
	struct bgp_prefix p[4], v6[2];
	struct bgp_msg m, d;
	struct bgp_verdict v;
	struct bgp_ctx ctx = {.as4 = true};
	size_t len;

	full_update(&m, p, v6, false);
	fill_prefix(&v6[0], 2, "2001:db8::1/128", 0);
	fill_prefix(&v6[1], 2, "::/0", 0);
	len = bgp_encode(&m, &ctx, wire, sizeof(wire));
	assert_int_equal(ct_decode(wire, len, &ctx, &d, &v), BGP_ACT_OK);
	assert_int_equal(d.u.update.attrs.mp_reach.prefixes[0].len, 128);
	assert_int_equal(d.u.update.attrs.mp_reach.prefixes[0].addr[15], 1);
	assert_int_equal(d.u.update.nlri[1].len, 0);
	assert_int_equal(d.u.update.nlri[2].len, 32);
}

static void test_encode_rejects_too_small_buffer(void **state)
{
	struct bgp_prefix v4[4], v6[2];
	struct bgp_msg m;
	struct bgp_ctx ctx = {.as4 = true};
	size_t len;

	full_update(&m, v4, v6, false);
	len = bgp_encode(&m, &ctx, wire, sizeof(wire));
	assert_true(len > 0);
	assert_int_equal(bgp_encode(&m, &ctx, wire, len - 1), 0);
	assert_int_equal(bgp_encode(&m, &ctx, wire, len), len);
	/* An IPv6 prefix has no place in the NLRI field. */
	v4[1].afi = BGP_AFI_IPV6;
	assert_int_equal(bgp_encode(&m, &ctx, wire, sizeof(wire)), 0);
	v4[1].afi = BGP_AFI_IPV4;
	v6[0].afi = BGP_AFI_IPV4;
	assert_int_equal(bgp_encode(&m, &ctx, wire, sizeof(wire)), 0);
}

/* Found by fz_roundtrip: a well-known attribute with the Partial bit, and
 * unknown attributes out of type order, must survive a round trip. */
static void test_roundtrip_partial_bit_and_unknown_order(void **state)
{
	static const uint8_t at[] = {0x40, 1,    1,    0,    0x60, 2,   6,  2, 1, 0,
	                             0,    0xfd, 0xe9, 0x40, 3,    4,   10, 0, 1, 4,
	                             0xe0, 124,  1,    1,    0xc0, 101, 1,  2};
	static const uint8_t nlri[] = {16, 10, 1};
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_msg m, d;
	struct bgp_verdict v;
	uint8_t in[128];
	size_t len = ct_update(NULL, 0, at, sizeof(at), nlri, sizeof(nlri), in), n;

	assert_int_equal(ct_decode(in, len, &ctx, &m, &v), BGP_ACT_OK);
	n = bgp_encode(&m, &ctx, wire, sizeof(wire));
	assert_int_equal(n, len);
	assert_int_equal(wire[27], 0x60); /* AS_PATH flags kept */
	assert_int_equal(ct_decode(wire, n, &ctx, &d, &v), BGP_ACT_OK);
	assert_int_equal(d.u.update.attrs.flags[2], 0x60);
	assert_int_equal(d.u.update.attrs.unknown[0].type, 101);
	assert_int_equal(d.u.update.attrs.unknown[1].type, 124);
	assert_int_equal(d.u.update.attrs.unknown[1].flags, 0xe0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roundtrip_update_all_attributes_as4),
	    cmocka_unit_test(test_roundtrip_update_two_octet_as_trans),
	    cmocka_unit_test(test_rfc6793_merge_keeps_leading_as_path),
	    cmocka_unit_test(test_as_path_length_sets_and_confed),
	    cmocka_unit_test(test_roundtrip_update_add_path),
	    cmocka_unit_test(test_roundtrip_ext_msg_update),
	    cmocka_unit_test(test_attribute_length_255_and_256),
	    cmocka_unit_test(test_known_attribute_extended_length_chosen),
	    cmocka_unit_test(test_roundtrip_open),
	    cmocka_unit_test(test_roundtrip_open_long_parameters_use_rfc9072),
	    cmocka_unit_test(test_roundtrip_notification),
	    cmocka_unit_test(test_roundtrip_keepalive_and_route_refresh),
	    cmocka_unit_test(test_roundtrip_prefix_lengths),
	    cmocka_unit_test(test_encode_rejects_too_small_buffer),
	    cmocka_unit_test(test_roundtrip_partial_bit_and_unknown_order),
	};

	return cmocka_run_group_tests(tests, ct_setup, NULL);
}
