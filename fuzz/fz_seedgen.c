/* fz_seedgen: writes the named seed corpus of every fuzz target.
 *
 * Usage: fz_seedgen CORPUS_DIR  (writes CORPUS_DIR/<target>/<name>.bin)
 * Messages are built byte by byte with fz_wire, not with the codec's
 * encoder, so that the seeds do not inherit the encoder's mistakes. */
#include "bgp_msg.h"
#include "fz_common.h"
#include "fz_wire.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FZ_SEED_MAX 70000

static const char *fz_out;
static unsigned fz_nseeds;

static void fz_seed(const char *target, const char *name, const uint8_t *pre, size_t npre,
                    const uint8_t *data, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fz_out, target);
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s.bin", fz_out, target, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(pre, 1, npre, f) != npre ||
	    (len > 0 && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	fz_nseeds++;
}

/* One message for fz_decode and fz_roundtrip (context byte first). */
static void fz_seed_msg(const char *name, uint8_t ctx, const struct fz_buf *w)
{
	uint8_t fctx = ctx | FZ_CTX_FORMAT;

	if (w->overflow) {
		fprintf(stderr, "seed %s does not fit\n", name);
		exit(1);
	}
	fz_seed("fz_decode", name, &fctx, 1, w->b, w->len);
	fz_seed("fz_roundtrip", name, &ctx, 1, w->b, w->len);
}

/* ---- OPEN ---- */
static void fz_cap(struct fz_buf *w, uint8_t code, const void *v, uint8_t len)
{
	fz_put8(w, code);
	fz_put8(w, len);
	fz_putn(w, v, len);
}

static void fz_cap_mp(struct fz_buf *w, uint16_t afi)
{
	uint8_t v[4] = {0, (uint8_t)afi, 0, BGP_SAFI_UNICAST};

	fz_cap(w, BGP_CAP_MP, v, 4);
}

static void fz_cap_as4(struct fz_buf *w, uint32_t as)
{
	uint8_t v[4] = {(uint8_t)(as >> 24), (uint8_t)(as >> 16), (uint8_t)(as >> 8), (uint8_t)as};

	fz_cap(w, BGP_CAP_AS4, v, 4);
}

enum { FZ_OPEN_BASIC, FZ_OPEN_FULL, FZ_OPEN_EXT_PARAMS, FZ_OPEN_MULTI_PARAM };

/* The capabilities of an OPEN flavour. */
static void fz_caps(struct fz_buf *w, int flavour)
{
	static const uint8_t gr[] = {0x00, 120, 0, 1, 1, 0x80, 0, 2, 1, 0x80};
	static const uint8_t ap[] = {0, 1, 1, 3, 0, 2, 1, 1};
	static const uint8_t unknown[] = {1, 2, 3};

	fz_cap_mp(w, BGP_AFI_IPV4);
	if (flavour != FZ_OPEN_BASIC)
		fz_cap_mp(w, BGP_AFI_IPV6);
	fz_cap(w, BGP_CAP_ROUTE_REFRESH, NULL, 0);
	if (flavour == FZ_OPEN_FULL) {
		fz_cap(w, BGP_CAP_ENHANCED_RR, NULL, 0);
		fz_cap(w, BGP_CAP_EXT_MSG, NULL, 0);
		fz_cap(w, BGP_CAP_GRACEFUL_RESTART, gr, sizeof(gr));
		fz_cap(w, BGP_CAP_ADD_PATH, ap, sizeof(ap));
		fz_cap(w, 0x80, unknown, sizeof(unknown));
		fz_cap_as4(w, 4200000001u);
	} else {
		fz_cap_as4(w, FZ_PEER_AS);
	}
}

static void fz_open_body(struct fz_buf *w, int flavour, uint8_t version, uint16_t hold, uint32_t id)
{
	uint8_t mem[512];
	struct fz_buf caps;

	fz_put8(w, version);
	fz_put16(w, flavour == FZ_OPEN_FULL ? BGP_AS_TRANS : FZ_PEER_AS);
	fz_put16(w, hold);
	fz_put32(w, id);
	fz_buf_init(&caps, mem, sizeof(mem));
	if (flavour == FZ_OPEN_MULTI_PARAM) {
		/* one optional parameter per capability, as older speakers do */
		uint8_t one[64];
		struct fz_buf c;
		size_t at;

		at = w->len;
		fz_put8(w, 0);
		for (int k = 0; k < 3; k++) {
			fz_buf_init(&c, one, sizeof(one));
			if (k == 0)
				fz_cap_mp(&c, BGP_AFI_IPV4);
			else if (k == 1)
				fz_cap(&c, BGP_CAP_ROUTE_REFRESH, NULL, 0);
			else
				fz_cap_as4(&c, FZ_PEER_AS);
			fz_put8(w, 2);
			fz_put8(w, (uint8_t)c.len);
			fz_putn(w, one, c.len);
		}
		w->b[at] = (uint8_t)(w->len - at - 1);
		return;
	}
	fz_caps(&caps, flavour);
	if (flavour == FZ_OPEN_EXT_PARAMS) {
		/* RFC 9072: 255, 255, 2-octet length, params with 2-octet lengths */
		fz_put8(w, 255);
		fz_put8(w, 255);
		fz_put16(w, (uint16_t)(3 + caps.len));
		fz_put8(w, 2);
		fz_put16(w, (uint16_t)caps.len);
		fz_putn(w, mem, caps.len);
		return;
	}
	fz_put8(w, (uint8_t)(2 + caps.len));
	fz_put8(w, 2);
	fz_put8(w, (uint8_t)caps.len);
	fz_putn(w, mem, caps.len);
}

static void fz_seed_open(const char *name, uint8_t ctx, int flavour, uint8_t version, uint16_t hold,
                         uint32_t id)
{
	uint8_t mem[1024];
	struct fz_buf w;
	size_t start;

	fz_buf_init(&w, mem, sizeof(mem));
	start = fz_msg_begin(&w, BGP_OPEN);
	fz_open_body(&w, flavour, version, hold, id);
	fz_msg_end(&w, start);
	fz_seed_msg(name, ctx, &w);
	fz_seed("fz_open", name, &ctx, 1, mem + BGP_HEADER_LEN, w.len - BGP_HEADER_LEN);
}

/* ---- UPDATE ---- */
struct fz_upd {
	uint8_t mem[FZ_SEED_MAX];
	struct fz_buf w;
	size_t start, alen;
	bool as4;
};

static void fz_upd_begin(struct fz_upd *u, bool as4, const uint32_t *withdrawn, size_t nw,
                         bool addpath)
{
	size_t at;

	u->as4 = as4;
	fz_buf_init(&u->w, u->mem, sizeof(u->mem));
	u->start = fz_msg_begin(&u->w, BGP_UPDATE);
	at = fz_len16_begin(&u->w);
	for (size_t i = 0; i < nw; i++)
		fz_prefix4(&u->w, addpath, (uint32_t)i + 1, withdrawn[2 * i],
		           (uint8_t)withdrawn[2 * i + 1]);
	fz_len16_end(&u->w, at);
	u->alen = fz_len16_begin(&u->w);
}

static void fz_upd_base(struct fz_upd *u, bool next_hop)
{
	static const uint32_t path[] = {FZ_PEER_AS, 65100};
	uint8_t v[64], origin = BGP_ORIGIN_IGP;
	struct fz_buf nh;

	fz_attr(&u->w, 0x40, BGP_ATTR_ORIGIN, &origin, 1);
	fz_attr(&u->w, 0x40, BGP_ATTR_AS_PATH, v, fz_aspath_seq(v, u->as4, path, 2));
	if (next_hop) {
		fz_buf_init(&nh, v, 4);
		fz_put32(&nh, 0x0a000104);
		fz_attr(&u->w, 0x40, BGP_ATTR_NEXT_HOP, v, 4);
	}
}

static void fz_upd_attrs_end(struct fz_upd *u)
{
	fz_len16_end(&u->w, u->alen);
}

static void fz_upd_end(struct fz_upd *u)
{
	fz_msg_end(&u->w, u->start);
}

static void fz_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static const uint8_t fz_v6a[16] = {0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01};
static const uint8_t fz_v6b[16] = {0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02};
static const uint8_t fz_v6nh[32] = {0x20, 0x01, 0x0d, 0xb8, [15] = 4, 0xfe, 0x80, [31] = 1};

static size_t fz_mp_reach(uint8_t *v, uint8_t nh_len, bool addpath)
{
	struct fz_buf w;

	fz_buf_init(&w, v, 128);
	fz_put16(&w, BGP_AFI_IPV6);
	fz_put8(&w, BGP_SAFI_UNICAST);
	fz_put8(&w, nh_len);
	fz_putn(&w, fz_v6nh, nh_len);
	fz_put8(&w, 0);
	fz_prefix(&w, addpath, 7, 48, fz_v6a);
	fz_prefix(&w, addpath, 8, 64, fz_v6b);
	return w.len;
}

static size_t fz_mp_unreach(uint8_t *v, size_t nprefix, bool addpath)
{
	struct fz_buf w;

	fz_buf_init(&w, v, 128);
	fz_put16(&w, BGP_AFI_IPV6);
	fz_put8(&w, BGP_SAFI_UNICAST);
	if (nprefix > 0)
		fz_prefix(&w, addpath, 7, 48, fz_v6a);
	return w.len;
}

static void fz_seed_update_ipv4(const char *name, uint8_t ctx, bool addpath)
{
	static struct fz_upd u;
	static const uint32_t wd[] = {0x0a090000, 16, 0, 0};
	uint8_t v[16];

	fz_upd_begin(&u, ctx & FZ_CTX_AS4, wd, addpath ? 2 : 0, addpath);
	fz_upd_base(&u, true);
	fz_be32(v, 0);
	fz_attr(&u.w, 0x80, BGP_ATTR_MED, v, 4);
	fz_be32(v, BGP_COMMUNITY(FZ_PEER_AS, 1));
	fz_be32(v + 4, BGP_COMM_NO_EXPORT);
	fz_attr(&u.w, 0xC0, BGP_ATTR_COMMUNITIES, v, 8);
	fz_upd_attrs_end(&u);
	fz_prefix4(&u.w, addpath, 1, 0x0a010000, 16);
	fz_prefix4(&u.w, addpath, 2, 0x0a020000, 24);
	fz_prefix4(&u.w, addpath, 3, 0x0a030303, 32);
	fz_prefix4(&u.w, addpath, 4, 0, 0);
	fz_upd_end(&u);
	fz_seed_msg(name, ctx, &u.w);
}

static void fz_seed_update_as4_path(void)
{
	static struct fz_upd u;
	static const uint32_t p2[] = {BGP_AS_TRANS, 65100}, p4[] = {4200000001u, 65100};
	uint8_t v[64];

	fz_upd_begin(&u, false, NULL, 0, false);
	v[0] = BGP_ORIGIN_INCOMPLETE;
	fz_attr(&u.w, 0x40, BGP_ATTR_ORIGIN, v, 1);
	fz_attr(&u.w, 0x40, BGP_ATTR_AS_PATH, v, fz_aspath_seq(v, false, p2, 2));
	fz_be32(v, 0x0a000104);
	fz_attr(&u.w, 0x40, BGP_ATTR_NEXT_HOP, v, 4);
	fz_attr(&u.w, 0x40, BGP_ATTR_ATOMIC_AGGREGATE, NULL, 0);
	v[0] = BGP_AS_TRANS >> 8;
	v[1] = BGP_AS_TRANS & 0xff;
	fz_be32(v + 2, 0x0a000104);
	fz_attr(&u.w, 0xC0, BGP_ATTR_AGGREGATOR, v, 6);
	fz_attr(&u.w, 0xC0, BGP_ATTR_AS4_PATH, v, fz_aspath_seq(v, true, p4, 2));
	fz_be32(v, 4200000001u);
	fz_be32(v + 4, 0x0a000104);
	fz_attr(&u.w, 0xC0, BGP_ATTR_AS4_AGGREGATOR, v, 8);
	fz_upd_attrs_end(&u);
	fz_prefix4(&u.w, false, 0, 0x0a010000, 16);
	fz_upd_end(&u);
	fz_seed_msg("update-as4-path-2octet", 0, &u.w);
}

static void fz_seed_update_ipv6(const char *name, uint8_t ctx, uint8_t nh_len)
{
	static struct fz_upd u;
	uint8_t v[128];

	fz_upd_begin(&u, ctx & FZ_CTX_AS4, NULL, 0, false);
	fz_upd_base(&u, false);
	fz_attr(&u.w, 0x80, BGP_ATTR_MP_REACH, v, fz_mp_reach(v, nh_len, ctx & FZ_CTX_ADDPATH_V6));
	fz_upd_attrs_end(&u);
	fz_upd_end(&u);
	fz_seed_msg(name, ctx, &u.w);
}

static void fz_seed_update_unreach(const char *name, uint8_t ctx, size_t nprefix)
{
	static struct fz_upd u;
	uint8_t v[128];

	fz_upd_begin(&u, ctx & FZ_CTX_AS4, NULL, 0, false);
	fz_attr(&u.w, 0x80, BGP_ATTR_MP_UNREACH, v,
	        fz_mp_unreach(v, nprefix, ctx & FZ_CTX_ADDPATH_V6));
	fz_upd_attrs_end(&u);
	fz_upd_end(&u);
	fz_seed_msg(name, ctx, &u.w);
}

static void fz_seed_update_withdraw(void)
{
	static struct fz_upd u;
	static const uint32_t wd[] = {0x0a010000, 16, 0, 0, 0x0a030303, 32};

	fz_upd_begin(&u, true, wd, 3, false);
	fz_upd_attrs_end(&u);
	fz_upd_end(&u);
	fz_seed_msg("update-withdraw-ipv4", FZ_CTX_AS4, &u.w);
	fz_upd_begin(&u, true, NULL, 0, false);
	fz_upd_attrs_end(&u);
	fz_upd_end(&u);
	fz_seed_msg("update-eor-ipv4", FZ_CTX_AS4, &u.w);
}

static void fz_seed_update_ibgp(void)
{
	static struct fz_upd u;
	uint8_t v[16];

	fz_upd_begin(&u, true, NULL, 0, false);
	fz_upd_base(&u, true);
	fz_be32(v, 200);
	fz_attr(&u.w, 0x40, BGP_ATTR_LOCAL_PREF, v, 4);
	fz_be32(v, 0x0a000009);
	fz_attr(&u.w, 0x80, BGP_ATTR_ORIGINATOR_ID, v, 4);
	fz_be32(v, 0x0a000001);
	fz_be32(v + 4, 0x0a000002);
	fz_attr(&u.w, 0x80, BGP_ATTR_CLUSTER_LIST, v, 8);
	fz_upd_attrs_end(&u);
	fz_prefix4(&u.w, false, 0, 0x0a010000, 16);
	fz_upd_end(&u);
	fz_seed_msg("update-ibgp-local-pref-reflection", FZ_CTX_AS4 | FZ_CTX_IBGP, &u.w);
}

static void fz_seed_update_communities(void)
{
	static struct fz_upd u;
	uint8_t v[400];

	fz_upd_begin(&u, true, NULL, 0, false);
	fz_upd_base(&u, true);
	for (int i = 0; i < 75; i++)
		fz_be32(v + 4 * i, BGP_COMMUNITY(FZ_PEER_AS, i));
	fz_attr(&u.w, 0xC0 | BGP_AF_EXTENDED, BGP_ATTR_COMMUNITIES, v, 300);
	memcpy(
	    v,
	    (const uint8_t[16]){0x00, 0x02, 0xfd, 0xe9, 0, 0, 0, 1, 0x01, 0x03, 10, 0, 1, 4, 0, 7},
	    16);
	fz_attr(&u.w, 0xC0, BGP_ATTR_EXT_COMMUNITIES, v, 16);
	for (int i = 0; i < 6; i++)
		fz_be32(v + 4 * i, i < 3 ? FZ_PEER_AS : 4200000000u + (uint32_t)i);
	fz_attr(&u.w, 0xC0, BGP_ATTR_LARGE_COMMUNITY, v, 24);
	fz_upd_attrs_end(&u);
	fz_prefix4(&u.w, false, 0, 0x0a010000, 16);
	fz_upd_end(&u);
	fz_seed_msg("update-communities-ext-large", FZ_CTX_AS4, &u.w);
}

static void fz_seed_update_unknown(void)
{
	static struct fz_upd u;
	uint8_t v[8] = {1, 2, 3, 4, 5, 6, 7, 8};

	fz_upd_begin(&u, true, NULL, 0, false);
	fz_upd_base(&u, true);
	fz_attr(&u.w, 0x80 | BGP_AF_EXTENDED, BGP_ATTR_MED, (const uint8_t[4]){0, 0, 0, 9}, 4);
	fz_attr(&u.w, 0xC0, 99, v, 8);
	fz_attr(&u.w, 0xE0, 100, v, 3);
	fz_attr(&u.w, 0x80, 101, v, 5);
	fz_upd_attrs_end(&u);
	fz_prefix4(&u.w, false, 0, 0x0a010000, 16);
	fz_upd_end(&u);
	fz_seed_msg("update-unknown-attrs-ext-length", FZ_CTX_AS4, &u.w);
}

/* An UPDATE of exactly total bytes: an unknown optional transitive
 * attribute pads it. */
static void fz_seed_update_sized(const char *name, uint8_t ctx, size_t total)
{
	static struct fz_upd u;
	static uint8_t pad[FZ_SEED_MAX];
	size_t base;

	fz_upd_begin(&u, ctx & FZ_CTX_AS4, NULL, 0, false);
	fz_upd_base(&u, true);
	base = u.w.len + 4 + 4; /* pad header (extended length) + one /24 NLRI */
	memset(pad, 0x5a, sizeof(pad));
	fz_attr(&u.w, 0xC0 | BGP_AF_EXTENDED, 200, pad, total - base);
	fz_upd_attrs_end(&u);
	fz_prefix4(&u.w, false, 0, 0x0a010100, 24);
	fz_upd_end(&u);
	fz_seed_msg(name, ctx, &u.w);
}

static void fz_seed_update_many_nlri(void)
{
	static struct fz_upd u;

	fz_upd_begin(&u, true, NULL, 0, false);
	fz_upd_base(&u, true);
	fz_upd_attrs_end(&u);
	for (uint32_t i = 0; i < 2000; i++)
		fz_prefix4(&u.w, false, 0, 0x0a000000 | i << 8, 24);
	fz_upd_end(&u);
	fz_seed_msg("update-ext-msg-2000-nlri", FZ_CTX_AS4 | FZ_CTX_EXT_MSG, &u.w);
}

/* ---- malformed UPDATEs ---- */
static void fz_seed_update_bad(void)
{
	static struct fz_upd u;
	static const uint32_t path[] = {FZ_PEER_AS, 65100};
	uint8_t v[64];

	fz_upd_begin(&u, true, NULL, 0, false);
	v[0] = 7;
	fz_attr(&u.w, 0x40, BGP_ATTR_ORIGIN, v, 1);
	fz_attr(&u.w, 0x40, BGP_ATTR_AS_PATH, v, fz_aspath_seq(v, true, path, 2));
	fz_be32(v, 0x0a000104);
	fz_attr(&u.w, 0x40, BGP_ATTR_NEXT_HOP, v, 4);
	fz_upd_attrs_end(&u);
	fz_prefix4(&u.w, false, 0, 0x0a010000, 16);
	fz_upd_end(&u);
	fz_seed_msg("bad-update-origin-7", FZ_CTX_AS4, &u.w);

	fz_upd_begin(&u, true, NULL, 0, false);
	fz_upd_base(&u, true);
	fz_attr(&u.w, 0xC0, BGP_ATTR_COMMUNITIES, v, 3);
	fz_upd_attrs_end(&u);
	fz_prefix4(&u.w, false, 0, 0x0a010000, 16);
	fz_upd_end(&u);
	fz_seed_msg("bad-update-communities-len-3", FZ_CTX_AS4, &u.w);

	fz_upd_begin(&u, true, NULL, 0, false);
	fz_upd_base(&u, false);
	fz_upd_attrs_end(&u);
	fz_prefix4(&u.w, false, 0, 0x0a010000, 16);
	fz_upd_end(&u);
	fz_seed_msg("bad-update-missing-next-hop", FZ_CTX_AS4, &u.w);

	fz_upd_begin(&u, true, NULL, 0, false);
	fz_upd_base(&u, false);
	fz_attr(&u.w, 0x80, BGP_ATTR_MP_REACH, v, fz_mp_reach(v, 16, false));
	fz_attr(&u.w, 0x80, BGP_ATTR_MP_REACH, v, fz_mp_reach(v, 16, false));
	fz_upd_attrs_end(&u);
	fz_upd_end(&u);
	fz_seed_msg("bad-update-mp-reach-twice", FZ_CTX_AS4, &u.w);

	fz_upd_begin(&u, true, NULL, 0, false);
	fz_upd_base(&u, true);
	fz_upd_attrs_end(&u);
	v[0] = 33;
	fz_putn(&u.w, v, 5);
	fz_upd_end(&u);
	fz_seed_msg("bad-update-nlri-length-33", FZ_CTX_AS4, &u.w);

	fz_upd_begin(&u, true, NULL, 0, false);
	fz_upd_base(&u, true);
	fz_put8(&u.w, 0xC0);
	fz_put8(&u.w, BGP_ATTR_COMMUNITIES);
	fz_put8(&u.w, 40); /* runs past the attributes field */
	fz_put32(&u.w, 1);
	fz_upd_attrs_end(&u);
	fz_upd_end(&u);
	fz_seed_msg("bad-update-attr-overruns-field", FZ_CTX_AS4, &u.w);

	fz_upd_begin(&u, true, NULL, 0, false);
	v[0] = 0;
	fz_attr(&u.w, 0x40, BGP_ATTR_ORIGIN, v, 1);
	fz_attr(&u.w, 0x40, BGP_ATTR_AS_PATH, (const uint8_t[2]){2, 0}, 2);
	fz_be32(v, 0x0a000104);
	fz_attr(&u.w, 0x40, BGP_ATTR_NEXT_HOP, v, 4);
	fz_upd_attrs_end(&u);
	fz_prefix4(&u.w, false, 0, 0x0a010000, 16);
	fz_upd_end(&u);
	fz_seed_msg("bad-update-as-path-zero-segment", FZ_CTX_AS4, &u.w);
}

/* ---- NOTIFICATION, ROUTE-REFRESH, KEEPALIVE, header errors ---- */
static void fz_seed_simple(const char *name, uint8_t type, const uint8_t *body, size_t n)
{
	uint8_t mem[512];
	struct fz_buf w;
	size_t start;

	fz_buf_init(&w, mem, sizeof(mem));
	start = fz_msg_begin(&w, type);
	fz_putn(&w, body, n);
	fz_msg_end(&w, start);
	fz_seed_msg(name, 0, &w);
}

static void fz_seed_others(void)
{
	static const char text[] = "maintenance window";
	uint8_t b[64];

	fz_seed_simple("keepalive", BGP_KEEPALIVE, NULL, 0);
	b[0] = BGP_ERR_CEASE;
	b[1] = BGP_CEASE_ADMIN_SHUTDOWN;
	b[2] = sizeof(text) - 1;
	memcpy(b + 3, text, sizeof(text) - 1);
	fz_seed_simple("notification-cease-shutdown-text", BGP_NOTIFICATION, b,
	               3 + sizeof(text) - 1);
	fz_seed_simple("notification-hold-timer", BGP_NOTIFICATION,
	               (const uint8_t[2]){BGP_ERR_HOLD, 0}, 2);
	fz_seed_simple("notification-update-attr-length", BGP_NOTIFICATION,
	               (const uint8_t[6]){BGP_ERR_UPDATE, BGP_UPD_ATTR_LENGTH, 0x40, 1, 2, 0}, 6);
	fz_seed_simple("route-refresh-ipv4", BGP_ROUTE_REFRESH, (const uint8_t[4]){0, 1, 0, 1}, 4);
	fz_seed_simple("route-refresh-borr-ipv6", BGP_ROUTE_REFRESH, (const uint8_t[4]){0, 2, 1, 1},
	               4);
	fz_seed_simple("route-refresh-eorr-ipv4", BGP_ROUTE_REFRESH, (const uint8_t[4]){0, 1, 2, 1},
	               4);
	fz_seed_simple("bad-keepalive-with-body", BGP_KEEPALIVE, b, 1);
	fz_seed_simple("bad-type-9", 9, NULL, 0);
	{
		uint8_t mem[32];
		struct fz_buf w;

		fz_buf_init(&w, mem, sizeof(mem));
		fz_msg_begin(&w, BGP_KEEPALIVE);
		w.b[3] = 0xfe;
		w.b[17] = BGP_HEADER_LEN;
		fz_seed_msg("bad-header-marker", 0, &w);
		w.b[3] = 0xff;
		w.b[17] = 18;
		fz_seed_msg("bad-header-length-18", 0, &w);
	}
}

/* ---- fz_frame: streams ---- */
static size_t fz_stream(uint8_t *out, size_t cap, int variant)
{
	struct fz_buf w;
	size_t start;

	fz_buf_init(&w, out, cap);
	start = fz_msg_begin(&w, BGP_OPEN);
	fz_open_body(&w, FZ_OPEN_FULL, 4, 90, 0x0a000001);
	fz_msg_end(&w, start);
	start = fz_msg_begin(&w, BGP_KEEPALIVE);
	fz_msg_end(&w, start);
	start = fz_msg_begin(&w, BGP_UPDATE);
	fz_put16(&w, 0);
	fz_put16(&w, 0);
	fz_msg_end(&w, start);
	if (variant == 1) { /* a bad marker after three good messages */
		start = fz_msg_begin(&w, BGP_KEEPALIVE);
		fz_msg_end(&w, start);
		w.b[start + 5] = 0;
	}
	if (variant == 2) { /* a truncated last message */
		start = fz_msg_begin(&w, BGP_NOTIFICATION);
		fz_put16(&w, 0x0602);
		fz_msg_end(&w, start);
		w.len -= 1;
	}
	if (variant == 3) { /* 4097 bytes: legal only with extended messages */
		static uint8_t pad[5000];

		start = fz_msg_begin(&w, BGP_UPDATE);
		fz_put16(&w, 0);
		fz_put16(&w, 4097 - 23);
		fz_put8(&w, 0xD0);
		fz_put8(&w, 200);
		fz_put16(&w, 4097 - 27);
		fz_putn(&w, pad, 4097 - 27);
		fz_msg_end(&w, start);
	}
	return w.len;
}

static void fz_seed_frames(void)
{
	static uint8_t s[16384];
	uint8_t pre[2];
	size_t n;

	n = fz_stream(s, sizeof(s), 0);
	pre[0] = 0;
	pre[1] = 0;
	fz_seed("fz_frame", "stream-open-keepalive-update", pre, 2, s, n);
	pre[1] = 7;
	fz_seed("fz_frame", "stream-open-keepalive-update-split", pre, 2, s, n);
	n = fz_stream(s, sizeof(s), 1);
	fz_seed("fz_frame", "stream-bad-marker-fourth", pre, 2, s, n);
	n = fz_stream(s, sizeof(s), 2);
	fz_seed("fz_frame", "stream-truncated-tail", pre, 2, s, n);
	n = fz_stream(s, sizeof(s), 3);
	pre[0] = FZ_CTX_EXT_MSG;
	fz_seed("fz_frame", "stream-4097-ext-msg", pre, 2, s, n);
	pre[0] = 0;
	fz_seed("fz_frame", "stream-4097-without-ext-msg", pre, 2, s, n);
}

/* ---- fz_attr: one attribute each ---- */
static void fz_seed_attr(const char *name, uint8_t ctx, uint8_t flags, uint8_t type,
                         const uint8_t *v, size_t n)
{
	uint8_t mem[1024];
	struct fz_buf w;

	fz_buf_init(&w, mem, sizeof(mem));
	fz_attr(&w, flags, type, v, n);
	fz_seed("fz_attr", name, &ctx, 1, mem, w.len);
}

static void fz_seed_attrs(void)
{
	static const uint32_t path[] = {FZ_PEER_AS, 65100, 4200000001u};
	const uint8_t base = 0x80, as4 = FZ_CTX_AS4;
	uint8_t v[128];
	size_t n;

	v[0] = 2;
	fz_seed_attr("attr-origin-incomplete", as4, 0x40, BGP_ATTR_ORIGIN, v, 1);
	n = fz_aspath_seq(v, true, path, 3);
	fz_seed_attr("attr-as-path-4octet", as4, 0x40, BGP_ATTR_AS_PATH, v, n);
	n = fz_aspath_seq(v, false, path, 2);
	fz_seed_attr("attr-as-path-2octet", 0, 0x40, BGP_ATTR_AS_PATH, v, n);
	memcpy(v + n, (const uint8_t[6]){BGP_SEG_SET, 2, 0xfc, 0x00, 0xfc, 0x01}, 6);
	memcpy(v + n + 6, (const uint8_t[4]){BGP_SEG_CONFED_SEQUENCE, 1, 0xfd, 0x00}, 4);
	fz_seed_attr("attr-as-path-set-confed", 0, 0x40, BGP_ATTR_AS_PATH, v, n + 10);
	fz_be32(v, 0x0a000104);
	fz_seed_attr("attr-next-hop", as4, 0x40, BGP_ATTR_NEXT_HOP, v, 4);
	fz_seed_attr("attr-med", as4 | base, 0x80, BGP_ATTR_MED, v, 4);
	fz_seed_attr("attr-local-pref-ibgp", as4 | base | FZ_CTX_IBGP, 0x40, BGP_ATTR_LOCAL_PREF, v,
	             4);
	fz_seed_attr("attr-local-pref-ebgp", as4 | base, 0x40, BGP_ATTR_LOCAL_PREF, v, 4);
	fz_seed_attr("attr-atomic-aggregate", as4 | base, 0x40, BGP_ATTR_ATOMIC_AGGREGATE, v, 0);
	fz_seed_attr("attr-aggregator-2octet", base, 0xC0, BGP_ATTR_AGGREGATOR, v, 6);
	fz_seed_attr("attr-aggregator-4octet", as4 | base, 0xC0, BGP_ATTR_AGGREGATOR, v, 8);
	fz_seed_attr("attr-communities", as4 | base, 0xC0, BGP_ATTR_COMMUNITIES, v, 8);
	fz_seed_attr("attr-originator-id", as4 | base | FZ_CTX_IBGP, 0x80, BGP_ATTR_ORIGINATOR_ID,
	             v, 4);
	fz_seed_attr("attr-cluster-list", as4 | base | FZ_CTX_IBGP, 0x80, BGP_ATTR_CLUSTER_LIST, v,
	             8);
	fz_seed_attr("attr-ext-communities", as4 | base, 0xC0, BGP_ATTR_EXT_COMMUNITIES, v, 16);
	fz_seed_attr("attr-large-community", as4 | base, 0xC0, BGP_ATTR_LARGE_COMMUNITY, v, 12);
	n = fz_aspath_seq(v, true, path, 3);
	fz_seed_attr("attr-as4-path", base, 0xC0, BGP_ATTR_AS4_PATH, v, n);
	fz_seed_attr("attr-as4-aggregator", base, 0xC0, BGP_ATTR_AS4_AGGREGATOR, v, 8);
	n = fz_mp_reach(v, 16, false);
	fz_seed_attr("attr-mp-reach-ipv6", as4, 0x80, BGP_ATTR_MP_REACH, v, n);
	n = fz_mp_reach(v, 32, true);
	fz_seed_attr("attr-mp-reach-ipv6-ll-addpath", as4 | FZ_CTX_ADDPATH_V6, 0x80,
	             BGP_ATTR_MP_REACH, v, n);
	n = fz_mp_unreach(v, 1, false);
	fz_seed_attr("attr-mp-unreach-ipv6", as4, 0x80, BGP_ATTR_MP_UNREACH, v, n);
	{
		struct fz_buf w;

		fz_buf_init(&w, v, sizeof(v));
		fz_put16(&w, BGP_AFI_IPV4);
		fz_put8(&w, BGP_SAFI_UNICAST);
		fz_put8(&w, 4);
		fz_put32(&w, 0x0a000104);
		fz_put8(&w, 0);
		fz_prefix4(&w, false, 0, 0x0a050000, 16);
		fz_seed_attr("attr-mp-reach-ipv4", as4, 0x80, BGP_ATTR_MP_REACH, v, w.len);
	}
	memset(v, 0x11, sizeof(v));
	fz_seed_attr("attr-unknown-transitive-partial", as4 | base, 0xE0, 150, v, 7);
	fz_seed_attr("attr-unknown-well-known", as4 | base, 0x40, 151, v, 2);
	fz_seed_attr("attr-communities-ext-length", as4 | base, 0xD0, BGP_ATTR_COMMUNITIES, v, 4);
}

/* ---- fz_7606: attribute index x mutation ---- */
static void fz_seed_7606(void)
{
	static const char *const attrs[] = {
	    "origin",          "as-path",          "next-hop",       "med",
	    "local-pref",      "atomic-aggregate", "aggregator",     "communities",
	    "originator-id",   "cluster-list",     "mp-reach",       "mp-unreach",
	    "ext-communities", "as4-path",         "as4-aggregator", "large-community"};
	static const char *const kinds[] = {"valid",     "bad-length", "bad-flags", "bad-value",
	                                    "duplicate", "missing",    "overrun"};
	static const uint8_t ctxs[] = {0, FZ_CTX_AS4, FZ_CTX_IBGP, FZ_CTX_AS4 | FZ_CTX_IBGP};

	for (uint8_t a = 0; a < 16; a++)
		for (uint8_t k = 0; k < 7; k++) {
			uint8_t in[5] = {ctxs[(a + k) % 4], a, k, (uint8_t)(a * 7 + k), k};
			char name[96];

			if ((k == 5 && a > 2) || (k == 6 && (a == 10 || a == 11)))
				continue; /* MP overruns: corpus/fz_7606/regressions/ */
			snprintf(name, sizeof(name), "7606-%s-%s", attrs[a], kinds[k]);
			fz_seed("fz_7606", name, in, sizeof(in), NULL, 0);
		}
}

/* ---- fz_rib: operation sequences ---- */
static void fz_seed_rib(void)
{
	/* op: kind | peer << 3; announce: op, prefix, path byte */
	static const uint8_t ecmp[] = {200, 0 | 0 << 3, 5, 1, 0 | 1 << 3, 5,
	                               1,   0 | 2 << 3, 5, 2, 0x3f};
	static const uint8_t implicit[] = {200,        0 | 3 << 3, 9,          2,   0 | 3 << 3,
	                                   9,          1 | 1 << 5, 0 | 4 << 3, 9,   1,
	                                   0 | 3 << 3, 9,          3,          0x3f};
	static const uint8_t withdraw[] = {200, 0, 1,          0, 0 | 1 << 3, 1, 0,
	                                   4,   1, 4 | 1 << 3, 1, 4 | 2 << 3, 1, 0x3f};
	static const uint8_t flush[] = {200, 0, 1, 0, 0, 2, 0, 0, 3, 1, 0 | 1 << 3, 2, 0, 6, 0x3f};
	static const uint8_t limit[] = {1, 0 | 5 << 3, 10, 0, 0 | 5 << 3, 11, 0, 0 | 5 << 3, 12,
	                                0, 0 | 6 << 3, 10, 0, 0x3f};
	static const uint8_t shapes[] = {200,        0,          20,         1 | 1 << 3, 0 | 1 << 3,
	                                 20,         1 | 2 << 3, 0 | 2 << 3, 20,         1 | 3 << 3,
	                                 0 | 7 << 3, 20,         2,          0x3f};
	static const uint8_t mixed[] = {200, 0,          3, 1, 0,          7, 1, 0 | 1 << 3, 3,
	                                0,   0 | 1 << 3, 7, 0, 6 | 1 << 3, 5, 3, 0x3f};

	fz_seed("fz_rib", "rib-ecmp-two-of-three", ecmp, sizeof(ecmp), NULL, 0);
	fz_seed("fz_rib", "rib-implicit-withdraw", implicit, sizeof(implicit), NULL, 0);
	fz_seed("fz_rib", "rib-withdraw-best", withdraw, sizeof(withdraw), NULL, 0);
	fz_seed("fz_rib", "rib-peer-flush", flush, sizeof(flush), NULL, 0);
	fz_seed("fz_rib", "rib-limit-hit-flush", limit, sizeof(limit), NULL, 0);
	fz_seed("fz_rib", "rib-as-set-confed-shapes", shapes, sizeof(shapes), NULL, 0);
	fz_seed("fz_rib", "rib-ipv4-ipv6-mixed", mixed, sizeof(mixed), NULL, 0);
}

/* ---- fz_session: flags byte (bit 0: 4-octet AS; bits 1-2: hold 90, 0,
 * 3, 180), then operations (see fz_session.c) ---- */
static void fz_seed_session(void)
{
	static const struct {
		const char *name;
		uint8_t in[12];
		size_t n;
	} s[] = {
	    {"session-established-announce-withdraw-eor-refresh-keepalive-cease",
	     {1, 0, 1, 2, 3, 6, 5, 0x80, 4},
	     9},
	    {"session-2octet-established", {0, 0, 1, 2, 0x80}, 5},
	    {"session-hold-3-keepalives", {5, 0, 1, 0x80, 0x80, 0x80}, 6},
	    {"session-hold-0-no-keepalive", {3, 0, 1, 2, 0x80}, 5},
	    {"session-update-before-open", {1, 2}, 2},
	    {"session-hold-expires-in-opensent", {1, 0x80}, 2},
	    {"session-hold-expires-in-established", {1, 0, 1, 2, 0x80, 0x80, 0x80, 0x80}, 8},
	    {"session-keepalives-hold-clock-steps",
	     {1, 0, 1, 0xbf, 1, 0xbf, 1, 0xbf, 0xbf, 0xbf},
	     10},
	    {"session-bad-marker-after-open", {1, 0, 7}, 3},
	    {"session-open-twice", {1, 0, 0}, 3},
	    {"session-peer-closes-established", {1, 0, 1, 2, 0xc0}, 5},
	    {"session-raw-keepalive-with-body", {1, 0, 0x40 | 5, 0xff, 0xff, 0xff, 0xff, 0xff}, 8},
	};

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		fz_seed("fz_session", s[i].name, s[i].in, s[i].n, NULL, 0);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fz_seedgen CORPUS_DIR\n");
		return 2;
	}
	fz_out = argv[1];
	if (mkdir(fz_out, 0755) != 0 && errno != EEXIST) {
		perror(fz_out);
		return 1;
	}
	fz_seed_open("open-basic", FZ_CTX_CHECK_AS, FZ_OPEN_BASIC, 4, 90, 0x0a000001);
	fz_seed_open("open-full-capabilities", 0, FZ_OPEN_FULL, 4, 180, 0x0a000002);
	fz_seed_open("open-ext-params", 0, FZ_OPEN_EXT_PARAMS, 4, 90, 0x0a000003);
	fz_seed_open("open-one-param-per-capability", 0, FZ_OPEN_MULTI_PARAM, 4, 90, 0x0a000004);
	fz_seed_open("open-hold-time-0", 0, FZ_OPEN_BASIC, 4, 0, 0x0a000005);
	fz_seed_open("bad-open-version-3", 0, FZ_OPEN_BASIC, 3, 90, 0x0a000006);
	fz_seed_open("bad-open-hold-time-2", 0, FZ_OPEN_BASIC, 4, 2, 0x0a000007);
	fz_seed_open("bad-open-bgp-id-0", 0, FZ_OPEN_BASIC, 4, 90, 0);
	fz_seed_update_ipv4("update-ipv4", FZ_CTX_AS4, false);
	fz_seed_update_ipv4("update-ipv4-2octet", 0, false);
	fz_seed_update_ipv4("update-addpath-ipv4", FZ_CTX_AS4 | FZ_CTX_ADDPATH_V4, true);
	fz_seed_update_as4_path();
	fz_seed_update_ipv6("update-mp-reach-ipv6", FZ_CTX_AS4, 16);
	fz_seed_update_ipv6("update-mp-reach-ipv6-link-local", FZ_CTX_AS4, 32);
	fz_seed_update_ipv6("update-addpath-ipv6", FZ_CTX_AS4 | FZ_CTX_ADDPATH_V6, 16);
	fz_seed_update_unreach("update-mp-unreach-ipv6", FZ_CTX_AS4, 1);
	fz_seed_update_unreach("update-eor-ipv6", FZ_CTX_AS4, 0);
	fz_seed_update_withdraw();
	fz_seed_update_ibgp();
	fz_seed_update_communities();
	fz_seed_update_unknown();
	fz_seed_update_sized("update-exactly-4096", FZ_CTX_AS4, 4096);
	fz_seed_update_sized("update-4097-ext-msg", FZ_CTX_AS4 | FZ_CTX_EXT_MSG, 4097);
	fz_seed_update_sized("bad-update-4097-without-ext-msg", FZ_CTX_AS4, 4097);
	fz_seed_update_many_nlri();
	fz_seed_update_bad();
	fz_seed_others();
	fz_seed_frames();
	fz_seed_attrs();
	fz_seed_7606();
	fz_seed_rib();
	fz_seed_session();
	printf("fz_seedgen: %u seeds under %s\n", fz_nseeds, fz_out);
	return 0;
}
