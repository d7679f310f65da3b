/* rl_feed.c: what the feeders announce, encoded once with bgp_pack_update. */
#include <stdlib.h>
#include <string.h>

#include "rl.h"

uint32_t rl_prefix_addr(size_t d)
{
	return RL_PREFIX_BASE + ((uint32_t)d << 8);
}

size_t rl_distinct_of(const struct rl_run *r, unsigned feeder, unsigned k)
{
	return r->o.overlap ? k : (size_t)feeder * r->o.prefixes + k;
}

static unsigned rl_path_len(const struct rl_run *r, unsigned feeder)
{
	return r->o.path_min + feeder % (r->o.path_max - r->o.path_min + 1);
}

/* The feeder's attributes: ORIGIN IGP, its ASN repeated to the chosen
 * length, NEXT_HOP 10.1.x.y (a modelled address outside the VNet). */
static void rl_attrs(const struct rl_run *r, unsigned feeder, struct bgp_attrs *a,
                     struct bgp_as_segment *seg, uint32_t *asns)
{
	unsigned len = rl_path_len(r, feeder);

	for (unsigned i = 0; i < len; i++)
		asns[i] = r->o.asn_base + feeder;
	memset(a, 0, sizeof(*a));
	*seg =
	    (struct bgp_as_segment){.type = BGP_SEG_SEQUENCE, .count = (uint8_t)len, .asns = asns};
	a->as_path = (struct bgp_as_path){.nseg = 1, .segs = seg};
	a->origin = BGP_ORIGIN_IGP;
	a->next_hop = 0x0A010000u + feeder + 1;
	bgp_attr_set(a, BGP_ATTR_ORIGIN);
	bgp_attr_set(a, BGP_ATTR_AS_PATH);
	bgp_attr_set(a, BGP_ATTR_NEXT_HOP);
}

static void rl_prefix_fill(struct bgp_prefix *p, uint32_t addr)
{
	memset(p, 0, sizeof(*p));
	p->afi = BGP_AFI_IPV4;
	p->len = 24;
	p->addr[0] = (uint8_t)(addr >> 24);
	p->addr[1] = (uint8_t)(addr >> 16);
	p->addr[2] = (uint8_t)(addr >> 8);
}

/* Pack pfx[0..n) into out (cap bytes); returns the bytes written or 0. */
static size_t rl_pack(const struct bgp_attrs *a, const struct bgp_prefix *pfx, size_t n,
                      int withdraw, uint8_t *out, size_t cap)
{
	struct bgp_ctx ctx = {.as4 = true};
	size_t off = 0, i = 0;

	while (i < n) {
		size_t used = 0, len;

		if (cap - off < BGP_MAX_LEN)
			return 0;
		len =
		    bgp_pack_update(&ctx, a, pfx + i, n - i, withdraw, out + off, cap - off, &used);
		if (len == 0 || used == 0)
			return 0;
		off += len;
		i += used;
	}
	return off;
}

static int rl_feed_one(struct rl_run *r, unsigned f, struct bgp_prefix *pfx)
{
	struct bgp_attrs a;
	struct bgp_as_segment seg;
	uint32_t asns[255];
	unsigned m = r->o.prefixes;
	size_t cap = (size_t)m * 4 + 2 * BGP_MAX_LEN + 4096;

	rl_attrs(r, f, &a, &seg, asns);
	for (unsigned k = 0; k < m; k++)
		rl_prefix_fill(&pfx[k], rl_prefix_addr(rl_distinct_of(r, f, k)));
	r->feed[f] = malloc(cap);
	r->wd[f] = malloc(cap);
	if (r->feed[f] == NULL || r->wd[f] == NULL)
		return -1;
	r->feed_len[f] = rl_pack(&a, pfx, m, 0, r->feed[f], cap);
	r->wd_len[f] = rl_pack(&a, pfx, m, 1, r->wd[f], cap);
	return r->feed_len[f] && r->wd_len[f] ? 0 : -1;
}

int rl_feed_encode(struct rl_run *r)
{
	unsigned n = r->o.peers;
	struct bgp_prefix *pfx = calloc(r->o.prefixes, sizeof(*pfx));
	int rc = 0;

	r->feed = calloc(n, sizeof(*r->feed));
	r->wd = calloc(n, sizeof(*r->wd));
	r->feed_len = calloc(n, sizeof(*r->feed_len));
	r->wd_len = calloc(n, sizeof(*r->wd_len));
	if (pfx == NULL || r->feed == NULL || r->wd == NULL || r->feed_len == NULL ||
	    r->wd_len == NULL)
		rc = -1;
	for (unsigned f = 0; rc == 0 && f < n; f++)
		rc = rl_feed_one(r, f, pfx);
	free(pfx);
	return rc;
}

int rl_feed_queue(struct rl_run *r, struct rl_peer *p, const uint32_t *ks, size_t n, int withdraw)
{
	struct bgp_attrs a;
	struct bgp_as_segment seg;
	uint32_t asns[255];
	struct bgp_prefix *pfx;
	size_t cap = n * 4 + 2 * BGP_MAX_LEN, len;
	uint8_t *buf;
	int rc = -1;

	if (n == 0)
		return 0;
	pfx = calloc(n, sizeof(*pfx));
	buf = malloc(cap);
	if (pfx != NULL && buf != NULL) {
		rl_attrs(r, p->idx, &a, &seg, asns);
		for (size_t i = 0; i < n; i++)
			rl_prefix_fill(&pfx[i], rl_prefix_addr(rl_distinct_of(r, p->idx, ks[i])));
		len = rl_pack(&a, pfx, n, withdraw, buf, cap);
		rc = len ? rl_queue(r, p, buf, len) : -1;
	}
	free(pfx);
	free(buf);
	return rc;
}

void rl_feed_free(struct rl_run *r)
{
	for (unsigned f = 0; r->feed != NULL && r->wd != NULL && f < r->o.peers; f++) {
		free(r->feed[f]);
		free(r->wd[f]);
	}
	free(r->feed);
	free(r->wd);
	free(r->feed_len);
	free(r->wd_len);
}
