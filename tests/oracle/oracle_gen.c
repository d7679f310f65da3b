/* oracle_gen OUTDIR: build, with the codec's encoder, at least one of every
 * message type, capability and path attribute the codec supports, and write
 * them as BGP sessions into OUTDIR/good.pcap. OUTDIR/good.expect lists what
 * was written, counted by a small walker over the wire bytes that does not
 * use the codec's decoder. OUTDIR/bad.pcap holds deliberately broken
 * messages (OUTDIR/bad.expect says how many) that the external dissector
 * must flag; OUTDIR/truncated.pcap ends inside a message, which tshark
 * must not count. OUTDIR/rfc9072.pcap holds OPENs in the RFC 9072 extended
 * parameters form and OUTDIR/extmsg.pcap an RFC 8654 UPDATE longer than 4096
 * bytes, apart because not every tshark dissects them (4.0 does neither).
 * check_tshark.py compares tshark's reading with the .expect files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_codec.h"
#include "ev_pcap.h"

#define MAXMSG BGP_EXT_MAX_LEN

#define MAXTEXT 16

struct counts {
	const char *text[MAXTEXT]; /* values tshark -V must show */
	size_t ntext;
	unsigned rr_subtype[3];
	unsigned msg[6];
	unsigned attr[256];
	unsigned cap[256];
	unsigned total;
	unsigned problems;
};

struct gen {
	struct ev_pcap *pcap;
	struct ev_flow flow;
	struct timespec ts;
	struct counts *c;
	int failed;
};

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Walk an OPEN's optional parameters (RFC 5492, RFC 9072 form too). */
static void walk_open(const uint8_t *m, size_t len, struct counts *c)
{
	size_t off = 29, end;
	int ext = 0;

	if (len < 29)
		return;
	end = 29 + m[28];
	if (m[28] == 255 && len >= 32 && m[29] == 255) {
		ext = 1;
		end = 32 + rd16(m + 30);
		off = 32;
	}
	while (off < end && off < len) {
		uint8_t type = m[off];
		size_t plen = ext ? rd16(m + off + 1) : m[off + 1];
		size_t p = off + (ext ? 3 : 2), pend = p + plen;

		while (type == 2 && p + 2 <= pend && pend <= len) {
			c->cap[m[p]]++;
			p += 2 + (size_t)m[p + 1];
		}
		off = pend;
	}
}

/* Walk an UPDATE's path attributes. */
static void walk_update(const uint8_t *m, size_t len, struct counts *c)
{
	size_t wl, off, end;

	if (len < 23)
		return;
	wl = rd16(m + 19);
	off = 21 + wl + 2;
	if (off > len)
		return;
	end = off + rd16(m + 21 + wl);
	while (off + 3 <= end && end <= len) {
		uint8_t flags = m[off], type = m[off + 1];
		size_t alen = (flags & BGP_AF_EXTENDED) ? rd16(m + off + 2) : m[off + 2];

		c->attr[type]++;
		off += ((flags & BGP_AF_EXTENDED) ? 4 : 3) + alen;
	}
}

static void count_msg(struct counts *c, const uint8_t *m, size_t len)
{
	uint8_t type = m[18];

	c->total++;
	if (type < 6)
		c->msg[type]++;
	if (type == BGP_ROUTE_REFRESH && len == 23 && m[21] < 3)
		c->rr_subtype[m[21]]++;
	if (type == BGP_OPEN)
		walk_open(m, len, c);
	else if (type == BGP_UPDATE)
		walk_update(m, len, c);
}

static void tick(struct gen *g)
{
	g->ts.tv_nsec += 7000000;
	if (g->ts.tv_nsec >= 1000000000) {
		g->ts.tv_nsec -= 1000000000;
		g->ts.tv_sec++;
	}
}

static void session(struct gen *g, uint32_t client, uint16_t port)
{
	ev_flow_init(&g->flow, client, port, 0x7f000001u, EV_BGP_PORT);
	if (ev_pcap_open_flow(g->pcap, &g->flow, &g->ts) < 0)
		g->failed = 1;
}

static void end_session(struct gen *g)
{
	tick(g);
	if (ev_pcap_close_flow(g->pcap, &g->flow, 0, &g->ts) < 0)
		g->failed = 1;
}

/* Send one whole message, counted as good. */
static void send_msg(struct gen *g, int from_server, const uint8_t *m, size_t len, const char *what)
{
	if (len < BGP_HEADER_LEN) {
		fprintf(stderr, "oracle_gen: the encoder refused %s\n", what);
		g->failed = 1;
		return;
	}
	count_msg(g->c, m, len);
	tick(g);
	if (ev_pcap_data(g->pcap, &g->flow, from_server, &g->ts, m, len) < 0)
		g->failed = 1;
}

static void send_encoded(struct gen *g, int from_server, const struct bgp_msg *m,
                         const struct bgp_ctx *ctx, const char *what)
{
	static uint8_t buf[MAXMSG];

	send_msg(g, from_server, buf, bgp_encode(m, ctx, buf, sizeof(buf)), what);
}

static void expect_text(struct gen *g, const char *s)
{
	if (g->c->ntext < MAXTEXT)
		g->c->text[g->c->ntext++] = s;
}

static struct bgp_prefix pfx(const char *s)
{
	struct bgp_prefix p;

	memset(&p, 0, sizeof(p));
	if (bgp_parse_prefix(s, &p) < 0)
		fprintf(stderr, "oracle_gen: bad prefix %s\n", s);
	return p;
}

/* An OPEN with every capability the encoder knows, one unknown one too. */
static void open_full(struct bgp_msg *m, uint32_t as, uint32_t id, int ext_params)
{
	static const uint8_t fqdn[] = {4, 'n', 'v', 'a', '1', 0};
	static struct bgp_capability unknown = {73, sizeof(fqdn), fqdn};
	struct bgp_open *o = &m->u.open;

	memset(m, 0, sizeof(*m));
	m->type = BGP_OPEN;
	o->version = BGP_VERSION;
	o->my_as = as > 0xffff ? BGP_AS_TRANS : (uint16_t)as;
	o->hold_time = 90;
	o->bgp_id = id;
	o->ext_params = ext_params;
	o->has_as4 = true;
	o->as4 = as;
	o->route_refresh = true;
	o->enhanced_rr = true;
	o->nmp = 2;
	o->mp[0] = (struct bgp_afi_safi){BGP_AFI_IPV4, BGP_SAFI_UNICAST, 0};
	o->mp[1] = (struct bgp_afi_safi){BGP_AFI_IPV6, BGP_SAFI_UNICAST, 0};
	o->has_gr = true;
	o->gr_flags_time = 120;
	o->ngr = 2;
	o->gr[0] = (struct bgp_afi_safi){BGP_AFI_IPV4, BGP_SAFI_UNICAST, 0x80};
	o->gr[1] = (struct bgp_afi_safi){BGP_AFI_IPV6, BGP_SAFI_UNICAST, 0x80};
	o->ncaps = 1;
	o->caps = &unknown;
}

/* Session 1: a 4-octet AS session with every attribute. */
static void session_attrs(struct gen *g)
{
	static uint32_t seq[] = {4200000001u, 65002, 65003}, set[] = {64512, 64513};
	static struct bgp_as_segment segs[] = {{BGP_SEG_SEQUENCE, 3, seq}, {BGP_SEG_SET, 2, set}};
	static uint32_t comms[] = {BGP_COMMUNITY(65001, 1), BGP_COMMUNITY(65001, 2),
	                           BGP_COMM_NO_EXPORT};
	static uint32_t clusters[] = {0x0a000001, 0x0a000002};
	static uint8_t ext[][8] = {{0x00, 0x02, 0xfd, 0xe9, 0, 0, 0, 100},
	                           {0x01, 0x03, 10, 0, 1, 4, 0, 7}};
	static struct bgp_large_community large[] = {{4200000001u, 1, 2}, {65001, 3, 4}};
	static const uint8_t opaque[] = {0xde, 0xad, 0xbe, 0xef, 0x01};
	static struct bgp_raw_attr unknown[] = {
	    {BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE, 240, sizeof(opaque), opaque}};
	static struct bgp_prefix nlri[3], v6[2], v6w[1], w4[1];
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_msg m, peer;
	struct bgp_attrs *a = &m.u.update.attrs;
	uint8_t buf[64];

	session(g, 0x7f000102u, 40001);
	open_full(&m, 4200000001u, 0x0a000104, 0);
	send_encoded(g, 0, &m, &ctx, "OPEN");
	open_full(&peer, 65515, 0x0a00000a, 0);
	send_encoded(g, 1, &peer, &ctx, "OPEN");
	send_msg(g, 0, buf, bgp_encode_keepalive(buf, sizeof(buf)), "KEEPALIVE");
	send_msg(g, 1, buf, bgp_encode_keepalive(buf, sizeof(buf)), "KEEPALIVE");

	memset(&m, 0, sizeof(m));
	m.type = BGP_UPDATE;
	nlri[0] = pfx("10.1.0.0/16");
	nlri[1] = pfx("10.2.3.0/24");
	nlri[2] = pfx("192.0.2.128/25");
	m.u.update.nlri = nlri;
	m.u.update.nnlri = 3;
	a->origin = BGP_ORIGIN_IGP;
	a->as_path = (struct bgp_as_path){2, segs};
	a->next_hop = 0x0a000104;
	a->med = 50;
	a->local_pref = 200;
	a->aggregator = (struct bgp_aggregator){4200000001u, 0x0a000104};
	a->communities = comms;
	a->ncommunities = 3;
	a->originator_id = 0x0a000104;
	a->cluster_list = clusters;
	a->ncluster = 2;
	a->ext_communities = ext;
	a->next_communities = 2;
	a->large = large;
	a->nlarge = 2;
	a->unknown = unknown;
	a->nunknown = 1;
	{
		static const uint8_t types[] = {BGP_ATTR_ORIGIN,
		                                BGP_ATTR_AS_PATH,
		                                BGP_ATTR_NEXT_HOP,
		                                BGP_ATTR_MED,
		                                BGP_ATTR_LOCAL_PREF,
		                                BGP_ATTR_ATOMIC_AGGREGATE,
		                                BGP_ATTR_AGGREGATOR,
		                                BGP_ATTR_COMMUNITIES,
		                                BGP_ATTR_ORIGINATOR_ID,
		                                BGP_ATTR_CLUSTER_LIST,
		                                BGP_ATTR_EXT_COMMUNITIES,
		                                BGP_ATTR_LARGE_COMMUNITY,
		                                240};
		size_t i;

		for (i = 0; i < sizeof(types); i++)
			bgp_attr_set(a, types[i]);
	}
	send_encoded(g, 0, &m, &ctx, "UPDATE with every IPv4 attribute");
	expect_text(g, "65001:1 65001:2 NO_EXPORT");
	expect_text(g, "4200000001:1:2");
	expect_text(g, "65001:3:4");
	expect_text(g, "4200000001 65002 65003 {64512, 64513}");

	/* IPv6 in MP_REACH_NLRI (global + link-local next hop) and
	 * MP_UNREACH_NLRI, with an IPv4 withdrawal. */
	memset(&m, 0, sizeof(m));
	m.type = BGP_UPDATE;
	w4[0] = pfx("10.9.0.0/16");
	m.u.update.withdrawn = w4;
	m.u.update.nwithdrawn = 1;
	v6[0] = pfx("2001:db8:1::/48");
	v6[1] = pfx("2001:db8:2:3::/64");
	v6w[0] = pfx("2001:db8:ffff::/48");
	a->origin = BGP_ORIGIN_INCOMPLETE;
	a->as_path = (struct bgp_as_path){1, segs};
	a->mp_reach.afi = BGP_AFI_IPV6;
	a->mp_reach.safi = BGP_SAFI_UNICAST;
	a->mp_reach.nh_len = 32;
	memcpy(a->mp_reach.nh,
	       "\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x04"
	       "\xfe\x80\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x04",
	       32);
	a->mp_reach.prefixes = v6;
	a->mp_reach.nprefix = 2;
	a->mp_unreach.afi = BGP_AFI_IPV6;
	a->mp_unreach.safi = BGP_SAFI_UNICAST;
	a->mp_unreach.prefixes = v6w;
	a->mp_unreach.nprefix = 1;
	bgp_attr_set(a, BGP_ATTR_ORIGIN);
	bgp_attr_set(a, BGP_ATTR_AS_PATH);
	bgp_attr_set(a, BGP_ATTR_MP_REACH);
	bgp_attr_set(a, BGP_ATTR_MP_UNREACH);
	send_encoded(g, 0, &m, &ctx, "UPDATE with MP_REACH/MP_UNREACH IPv6");
	expect_text(g, "Link-local=fe80::104");
	expect_text(g, "2001:db8:2:3::/64");
	expect_text(g, "2001:db8:ffff::/48");

	send_msg(g, 1, buf, bgp_encode_eor(BGP_AFI_IPV4, BGP_SAFI_UNICAST, buf, sizeof(buf)),
	         "End-of-RIB IPv4");
	send_msg(g, 1, buf, bgp_encode_eor(BGP_AFI_IPV6, BGP_SAFI_UNICAST, buf, sizeof(buf)),
	         "End-of-RIB IPv6");

	/* ROUTE-REFRESH: plain, then an enhanced refresh (RFC 7313). */
	memset(&m, 0, sizeof(m));
	m.type = BGP_ROUTE_REFRESH;
	m.u.route_refresh =
	    (struct bgp_route_refresh){BGP_AFI_IPV4, BGP_RR_NORMAL, BGP_SAFI_UNICAST};
	send_encoded(g, 1, &m, &ctx, "ROUTE-REFRESH");
	m.u.route_refresh.subtype = BGP_RR_BORR;
	send_encoded(g, 0, &m, &ctx, "ROUTE-REFRESH BoRR");
	m.u.route_refresh.subtype = BGP_RR_EORR;
	send_encoded(g, 0, &m, &ctx, "ROUTE-REFRESH EoRR");
	end_session(g);
}

/* Session 2: a 2-octet AS session: AS4_PATH and AS4_AGGREGATOR, then a
 * NOTIFICATION with a shutdown communication. */
static void session_as2(struct gen *g)
{
	static uint32_t seq[] = {65020, 4200000002u, 65021};
	static struct bgp_as_segment segs[] = {{BGP_SEG_SEQUENCE, 3, seq}};
	static struct bgp_prefix nlri[1];
	static const char text[] = "maintenance: back at 22:00 UTC";
	struct bgp_ctx ctx = {.as4 = false};
	struct bgp_msg m;
	struct bgp_attrs *a = &m.u.update.attrs;

	session(g, 0x7f000103u, 40002);
	open_full(&m, 65020, 0x0a000105, 0);
	m.u.open.has_as4 = false;
	send_encoded(g, 0, &m, &ctx, "OPEN 2-octet");
	open_full(&m, 65515, 0x0a00000a, 0);
	m.u.open.has_as4 = false;
	send_encoded(g, 1, &m, &ctx, "OPEN 2-octet");

	memset(&m, 0, sizeof(m));
	m.type = BGP_UPDATE;
	nlri[0] = pfx("172.16.0.0/12");
	m.u.update.nlri = nlri;
	m.u.update.nnlri = 1;
	a->origin = BGP_ORIGIN_EGP;
	a->as_path = (struct bgp_as_path){1, segs};
	a->next_hop = 0x0a000105;
	a->aggregator = (struct bgp_aggregator){4200000002u, 0x0a000105};
	bgp_attr_set(a, BGP_ATTR_ORIGIN);
	bgp_attr_set(a, BGP_ATTR_AS_PATH);
	bgp_attr_set(a, BGP_ATTR_NEXT_HOP);
	bgp_attr_set(a, BGP_ATTR_AGGREGATOR);
	send_encoded(g, 0, &m, &ctx, "UPDATE with AS4_PATH");
	expect_text(g, "AS4_PATH: 65020 4200000002 65021");

	memset(&m, 0, sizeof(m));
	m.type = BGP_NOTIFICATION;
	m.u.notification.code = BGP_ERR_CEASE;
	m.u.notification.subcode = BGP_CEASE_ADMIN_SHUTDOWN;
	m.u.notification.has_shutdown_text = true;
	m.u.notification.shutdown_len = (uint8_t)strlen(text);
	m.u.notification.shutdown_text = text;
	send_encoded(g, 1, &m, &ctx, "NOTIFICATION with shutdown communication");
	expect_text(g, text);
	end_session(g);
}

/* ORIGIN IGP, the one-segment AS_PATH segs, NEXT_HOP nh. */
static void plain_attrs(struct bgp_attrs *a, struct bgp_as_segment *segs, uint32_t nh)
{
	memset(a, 0, sizeof(*a));
	a->origin = BGP_ORIGIN_IGP;
	a->as_path = (struct bgp_as_path){1, segs};
	a->next_hop = nh;
	bgp_attr_set(a, BGP_ATTR_ORIGIN);
	bgp_attr_set(a, BGP_ATTR_AS_PATH);
	bgp_attr_set(a, BGP_ATTR_NEXT_HOP);
}

/* n IPv4 /24s: first.(i >> 8).(i & 255).0/24. */
static void fill_24s(struct bgp_prefix *many, size_t n, uint8_t first)
{
	for (size_t i = 0; i < n; i++) {
		memset(&many[i], 0, sizeof(many[i]));
		many[i].afi = BGP_AFI_IPV4;
		many[i].len = 24;
		many[i].addr[0] = first;
		many[i].addr[1] = (uint8_t)(i >> 8);
		many[i].addr[2] = (uint8_t)i;
	}
}

/* Session 3: packed UPDATEs of /24s filling 4096 bytes, add-path and
 * extended message capabilities offered, an error NOTIFICATION. */
static void session_packed(struct gen *g)
{
	static uint32_t seq[] = {65030, 65031, 65032};
	static struct bgp_as_segment segs[] = {{BGP_SEG_SEQUENCE, 3, seq}};
	static struct bgp_prefix many[2000];
	static uint8_t buf[MAXMSG];
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_attrs a;
	struct bgp_msg m;
	size_t done = 0, consumed, len;
	uint8_t data[2] = {0x40, 0x01};

	session(g, 0x7f000104u, 40003);
	open_full(&m, 65030, 0x0a000106, 0);
	m.u.open.ext_msg = true;
	m.u.open.naddpath = 2;
	m.u.open.addpath[0] = (struct bgp_afi_safi){BGP_AFI_IPV4, BGP_SAFI_UNICAST, 1};
	m.u.open.addpath[1] = (struct bgp_afi_safi){BGP_AFI_IPV6, BGP_SAFI_UNICAST, 1};
	send_encoded(g, 0, &m, &ctx, "OPEN with add-path and extended messages");
	open_full(&m, 65515, 0x0a00000a, 0);
	send_encoded(g, 1, &m, &ctx, "OPEN");

	plain_attrs(&a, segs, 0x0a000106);
	fill_24s(many, 2000, 100);
	while (done < 2000) {
		len = bgp_pack_update(&ctx, &a, many + done, 2000 - done, 0, buf, sizeof(buf),
		                      &consumed);
		if (len == 0 || consumed == 0) {
			fprintf(stderr, "oracle_gen: packing failed\n");
			g->failed = 1;
			break;
		}
		if (done == 0 && len < BGP_MAX_LEN - 3) {
			fprintf(stderr, "oracle_gen: packed UPDATE is %zu bytes\n", len);
			g->failed = 1;
		}
		send_msg(g, 0, buf, len, "packed UPDATE");
		done += consumed;
	}
	len = bgp_encode_notification(BGP_ERR_UPDATE, BGP_UPD_MALFORMED_AS_PATH, data, sizeof(data),
	                              buf, sizeof(buf));
	send_msg(g, 1, buf, len, "NOTIFICATION 3/11");
	end_session(g);
}

/* RFC 8654: both sides offer extended messages, then an UPDATE longer
 * than 4096 bytes. */
static void session_extmsg(struct gen *g)
{
	static uint32_t seq[] = {65050};
	static struct bgp_as_segment segs[] = {{BGP_SEG_SEQUENCE, 1, seq}};
	static struct bgp_prefix many[3000];
	static uint8_t buf[MAXMSG];
	struct bgp_ctx ctx = {.as4 = true, .ext_msg = true};
	struct bgp_attrs a;
	struct bgp_msg m;
	size_t len, consumed;

	session(g, 0x7f000106u, 40005);
	open_full(&m, 65050, 0x0a000108, 0);
	m.u.open.ext_msg = true;
	send_encoded(g, 0, &m, &ctx, "OPEN with extended messages");
	open_full(&m, 65515, 0x0a00000a, 0);
	m.u.open.ext_msg = true;
	send_encoded(g, 1, &m, &ctx, "OPEN with extended messages");
	plain_attrs(&a, segs, 0x0a000108);
	fill_24s(many, 3000, 101);
	len = bgp_pack_update(&ctx, &a, many, 3000, 0, buf, sizeof(buf), &consumed);
	if (len <= BGP_MAX_LEN || consumed != 3000) {
		fprintf(stderr, "oracle_gen: extended UPDATE is %zu bytes\n", len);
		g->failed = 1;
	}
	send_msg(g, 0, buf, len, "extended UPDATE");
	end_session(g);
}

/* The RFC 9072 form of an OPEN, both ways. */
static void session_rfc9072(struct gen *g)
{
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_msg m;

	session(g, 0x7f000105u, 40004);
	open_full(&m, 65040, 0x0a000107, 1);
	send_encoded(g, 0, &m, &ctx, "OPEN with extended parameters");
	open_full(&m, 65515, 0x0a00000a, 1);
	send_encoded(g, 1, &m, &ctx, "OPEN with extended parameters");
	end_session(g);
}

/* Broken messages, one per session. */
static void session_bad(struct gen *g)
{
	static uint8_t buf[MAXMSG];
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_attrs a;
	struct bgp_msg m;
	struct bgp_prefix p = pfx("10.1.0.0/16");
	size_t len, consumed;

	/* An UPDATE whose ORIGIN claims more bytes than the attributes hold. */
	session(g, 0x7f000110u, 41001);
	memset(&a, 0, sizeof(a));
	a.origin = BGP_ORIGIN_IGP;
	a.next_hop = 0x0a000104;
	bgp_attr_set(&a, BGP_ATTR_ORIGIN);
	bgp_attr_set(&a, BGP_ATTR_NEXT_HOP);
	len = bgp_pack_update(&ctx, &a, &p, 1, 0, buf, sizeof(buf), &consumed);
	buf[23 + 2] = 40; /* ORIGIN: flags, type, length (19+2+2 = 23) */
	send_msg(g, 0, buf, len, "bad UPDATE");
	g->c->problems++;
	end_session(g);

	/* An OPEN whose capability runs past its parameter. */
	session(g, 0x7f000111u, 41002);
	open_full(&m, 65001, 0x0a000104, 0);
	len = bgp_encode(&m, &ctx, buf, sizeof(buf));
	buf[29 + 2 + 1] = 200; /* first capability's length */
	send_msg(g, 0, buf, len, "bad OPEN");
	g->c->problems++;
	end_session(g);
}

/* A message cut short by the connection closing: written in the count, but
 * a dissector can never see it whole. */
static void session_truncated(struct gen *g)
{
	static uint8_t buf[64];
	size_t len = bgp_encode_keepalive(buf, sizeof(buf));

	session(g, 0x7f000112u, 41003);
	send_msg(g, 0, buf, len, "KEEPALIVE");
	len = bgp_encode_notification(BGP_ERR_CEASE, BGP_CEASE_ADMIN_RESET, NULL, 0, buf,
	                              sizeof(buf));
	count_msg(g->c, buf, len);
	tick(g);
	if (ev_pcap_data(g->pcap, &g->flow, 0, &g->ts, buf, len - 1) < 0)
		g->failed = 1;
	end_session(g);
}

static int write_expect(const char *dir, const char *name, const struct counts *c)
{
	char path[4096];
	FILE *f;
	unsigned i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		return -1;
	}
	fprintf(f, "total %u\n", c->total);
	fprintf(f, "problems %u\n", c->problems);
	for (i = 0; i < 3; i++)
		if (c->rr_subtype[i])
			fprintf(f, "rr %u %u\n", i, c->rr_subtype[i]);
	for (i = 0; i < c->ntext; i++)
		fprintf(f, "text %s\n", c->text[i]);
	for (i = 1; i < 6; i++)
		fprintf(f, "msg %u %u\n", i, c->msg[i]);
	for (i = 0; i < 256; i++)
		if (c->attr[i])
			fprintf(f, "attr %u %u\n", i, c->attr[i]);
	for (i = 0; i < 256; i++)
		if (c->cap[i])
			fprintf(f, "cap %u %u\n", i, c->cap[i]);
	return fclose(f) == 0 ? 0 : -1;
}

static int write_pcap(const char *dir, const char *name, void (*fill)(struct gen *),
                      struct counts *c)
{
	char path[4096], err[256];
	struct gen g;

	memset(&g, 0, sizeof(g));
	memset(c, 0, sizeof(*c));
	g.c = c;
	g.ts.tv_sec = 1764000000;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	g.pcap = ev_pcap_open(path, err, sizeof(err));
	if (!g.pcap) {
		fprintf(stderr, "oracle_gen: %s\n", err);
		return -1;
	}
	fill(&g);
	if (ev_pcap_close(g.pcap) < 0)
		g.failed = 1;
	return g.failed ? -1 : 0;
}

static void fill_good(struct gen *g)
{
	session_attrs(g);
	session_as2(g);
	session_packed(g);
}

int main(int argc, char **argv)
{
	struct counts c;

	if (argc != 2) {
		fprintf(stderr, "usage: oracle_gen OUTDIR\n");
		return 2;
	}
	if (write_pcap(argv[1], "good.pcap", fill_good, &c) < 0 ||
	    write_expect(argv[1], "good.expect", &c) < 0)
		return 1;
	if (write_pcap(argv[1], "bad.pcap", session_bad, &c) < 0 ||
	    write_expect(argv[1], "bad.expect", &c) < 0)
		return 1;
	if (write_pcap(argv[1], "truncated.pcap", session_truncated, &c) < 0 ||
	    write_expect(argv[1], "truncated.expect", &c) < 0)
		return 1;
	if (write_pcap(argv[1], "extmsg.pcap", session_extmsg, &c) < 0 ||
	    write_expect(argv[1], "extmsg.expect", &c) < 0)
		return 1;
	if (write_pcap(argv[1], "rfc9072.pcap", session_rfc9072, &c) < 0 ||
	    write_expect(argv[1], "rfc9072.expect", &c) < 0)
		return 1;
	return 0;
}
