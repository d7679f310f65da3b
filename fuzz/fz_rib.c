/* fz_rib: RIB invariants against a tiny obviously-correct model.
 *
 * Input: one byte for the per-peer route limit (1..200), then operations:
 *   op & 7 in 0..3: announce  peer = op >> 3 & 7, prefix index, path byte
 *                   (length 1 + (b & 7), shape b >> 3 & 3, next hop b >> 5 & 1)
 *   op & 7 in 4..5: withdraw  peer, prefix index
 *   op & 7 == 6:    peer flush (session down)
 *   op & 0x3f == 0x3f: full comparison of every prefix now (other op & 7
 *                   == 7: nothing)
 * An announce of a new prefix past the limit flushes the peer (limit hit).
 * After every step the touched prefixes' best sets and paths, the per-peer
 * and prefix counts, the change log and the attribute table size agree
 * with the model; at the end the same final state inserted in another
 * order walks identically, and flushing every peer empties the RIB and the
 * attribute table. */
#include "fz_common.h"
#include "rs_rib.h"

#include <string.h>

#define FZ_NPEER 8
#define FZ_NPFX 256
#define FZ_MAX_OPS 1024

struct fz_mpath {
	bool present;
	uint8_t len;   /* AS_PATH selection length, 1..8 */
	uint8_t shape; /* 0 sequence, 1 sequence + set, 2 confed + sequence, 3 other ASNs */
	uint8_t nhv;   /* next hop variant */
};

struct fz_model {
	struct fz_mpath p[FZ_NPEER][FZ_NPFX];
	size_t count[FZ_NPEER];
};

static struct bgp_prefix fz_pfx[FZ_NPFX];

static uint32_t fz_hash(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x;
}

/* 256 distinct prefixes: IPv4 and IPv6, lengths 0..128, overlapping. */
static void fz_prefixes_init(void)
{
	static const uint8_t lens4[] = { 0, 8, 16, 24, 32, 31 };
	static const uint8_t lens6[] = { 0, 32, 48, 64, 128, 127 };
	static bool done;
	size_t n = 0;

	if (done)
		return;
	for (uint32_t k = 0; n < FZ_NPFX; k++) {
		struct bgp_prefix p;
		uint32_t h = fz_hash(k);
		bool dup = false;

		memset(&p, 0, sizeof(p));
		p.afi = k % 4 == 3 ? BGP_AFI_IPV6 : BGP_AFI_IPV4;
		if (p.afi == BGP_AFI_IPV4) {
			p.len = lens4[(k / 4) % 6];
			p.addr[0] = 10;
			p.addr[1] = (uint8_t)(h & 7);
			p.addr[2] = (uint8_t)(h >> 8 & 3);
			p.addr[3] = (uint8_t)(h >> 16);
		} else {
			p.len = lens6[(k / 4) % 6];
			p.addr[0] = 0x20;
			p.addr[1] = 0x01;
			p.addr[2] = 0x0d;
			p.addr[3] = 0xb8;
			p.addr[5] = (uint8_t)(h & 7);
			p.addr[7] = (uint8_t)(h >> 8 & 3);
			p.addr[15] = (uint8_t)(h >> 16);
		}
		for (unsigned bit = p.len; bit < 128; bit++)
			p.addr[bit / 8] &= (uint8_t)~(0x80u >> (bit % 8));
		for (size_t i = 0; i < n && !dup; i++)
			dup = fz_pfx[i].afi == p.afi && fz_pfx[i].len == p.len &&
			      memcmp(fz_pfx[i].addr, p.addr, 16) == 0;
		if (!dup)
			fz_pfx[n++] = p;
	}
	done = true;
}

static int fz_pfx_index(const struct bgp_prefix *p)
{
	for (int i = 0; i < FZ_NPFX; i++)
		if (fz_pfx[i].afi == p->afi && fz_pfx[i].len == p->len &&
		    memcmp(fz_pfx[i].addr, p->addr, 16) == 0)
			return i;
	return -1;
}

static uint32_t fz_next_hop(uint32_t peer, uint8_t nhv)
{
	return 0x0a000100u + 4 + peer + 16u * nhv; /* 10.0.1.4 + peer (+16) */
}

/* Intern the attributes a model path stands for. */
static struct rs_attrset *fz_intern(struct rs_attrtab *t, uint32_t peer,
				    const struct fz_mpath *mp)
{
	uint32_t seq[8], set[2] = { 64600, 64601 }, confed[2] = { 64700, 64701 };
	struct bgp_as_segment segs[3];
	struct bgp_attrs a;
	size_t nseg = 0, nseq = mp->len;

	memset(&a, 0, sizeof(a));
	for (size_t i = 0; i < 8; i++)
		seq[i] = (mp->shape == 3 ? 4200000000u : 65001u + peer) + (uint32_t)i;
	if (mp->shape == 2)
		segs[nseg++] = (struct bgp_as_segment){ BGP_SEG_CONFED_SEQUENCE, 2, confed };
	if (mp->shape == 1)
		nseq--;
	if (nseq > 0)
		segs[nseg++] = (struct bgp_as_segment){ BGP_SEG_SEQUENCE, (uint8_t)nseq, seq };
	if (mp->shape == 1)
		segs[nseg++] = (struct bgp_as_segment){ BGP_SEG_SET, 2, set };
	a.as_path.nseg = nseg;
	a.as_path.segs = segs;
	a.origin = BGP_ORIGIN_IGP;
	a.next_hop = fz_next_hop(peer, mp->nhv);
	bgp_attr_set(&a, BGP_ATTR_ORIGIN);
	bgp_attr_set(&a, BGP_ATTR_AS_PATH);
	bgp_attr_set(&a, BGP_ATTR_NEXT_HOP);
	return rs_attrtab_intern(t, &a);
}

static bool fz_same(const struct fz_mpath *a, const struct fz_mpath *b)
{
	return a->present == b->present &&
	       (!a->present ||
		(a->len == b->len && a->shape == b->shape && a->nhv == b->nhv));
}

/* The model's best set of prefix i as a bitmask of peers. */
static unsigned fz_model_best(const struct fz_model *m, int i)
{
	unsigned best = 0, min = 256;

	for (unsigned peer = 0; peer < FZ_NPEER; peer++) {
		const struct fz_mpath *p = &m->p[peer][i];

		if (!p->present)
			continue;
		if (p->len < min) {
			min = p->len;
			best = 0;
		}
		if (p->len == min)
			best |= 1u << peer;
	}
	return best;
}

/* Best set (members and their attributes) differs between two models. */
static bool fz_best_changed(const struct fz_model *a, const struct fz_model *b, int i)
{
	unsigned ba = fz_model_best(a, i), bb = fz_model_best(b, i);

	if (ba != bb)
		return true;
	for (unsigned peer = 0; peer < FZ_NPEER; peer++)
		if ((ba >> peer & 1) && !fz_same(&a->p[peer][i], &b->p[peer][i]))
			return true;
	return false;
}

static void fz_check_path(const struct rs_path *rp, uint32_t peer, const struct fz_mpath *mp,
			  int i, const char *what)
{
	FZ_CHECK(rp->peer == peer, "prefix %d %s: peer %u where the model has %u", i, what,
		 rp->peer, peer);
	FZ_CHECK(rp->attrs != NULL, "prefix %d %s: path without attributes", i, what);
	FZ_CHECK(rp->attrs->aspath_len == mp->len, "prefix %d %s: peer %u AS_PATH length %zu, model %u",
		 i, what, peer, rp->attrs->aspath_len, mp->len);
	FZ_CHECK(rp->attrs->next_hop == fz_next_hop(peer, mp->nhv),
		 "prefix %d %s: peer %u stale next hop (implicit withdraw kept old attributes)", i,
		 what, peer);
}

static void fz_check_prefix(const struct rs_rib *r, const struct fz_model *m, int i)
{
	const struct rs_path *out[FZ_NPEER + 1];
	unsigned best = fz_model_best(m, i);
	size_t n, k = 0, want = 0;

	n = rs_rib_best(r, &fz_pfx[i], out, FZ_NPEER + 1);
	FZ_CHECK(n == (size_t)__builtin_popcount(best), "prefix %d: best set of %zu, model %d", i,
		 n, __builtin_popcount(best));
	for (uint32_t peer = 0; peer < FZ_NPEER; peer++)
		if (best >> peer & 1)
			fz_check_path(out[k++], peer, &m->p[peer][i], i, "best");
	n = rs_rib_paths(r, &fz_pfx[i], out, FZ_NPEER + 1);
	k = 0;
	for (uint32_t peer = 0; peer < FZ_NPEER; peer++) {
		if (!m->p[peer][i].present) {
			FZ_CHECK(!rs_rib_peer_has(r, peer, &fz_pfx[i]),
				 "prefix %d: peer %u has a path the model does not", i, peer);
			continue;
		}
		want++;
		FZ_CHECK(rs_rib_peer_has(r, peer, &fz_pfx[i]), "prefix %d: peer %u path missing",
			 i, peer);
		if (k < n)
			fz_check_path(out[k++], peer, &m->p[peer][i], i, "paths");
	}
	FZ_CHECK(n == want, "prefix %d: %zu paths, model %zu", i, n, want);
}

static void fz_check_counts(const struct rs_rib *r, struct rs_attrtab *t,
			    const struct fz_model *m)
{
	uint8_t used[FZ_NPEER * 8 * 4 * 2] = { 0 };
	size_t prefixes = 0, attrsets = 0;

	for (uint32_t peer = 0; peer < FZ_NPEER; peer++)
		FZ_CHECK(rs_rib_peer_count(r, peer) == m->count[peer],
			 "peer %u: %zu routes, model %zu", peer, rs_rib_peer_count(r, peer),
			 m->count[peer]);
	for (int i = 0; i < FZ_NPFX; i++) {
		bool any = false;

		for (unsigned peer = 0; peer < FZ_NPEER; peer++) {
			const struct fz_mpath *p = &m->p[peer][i];
			size_t k;

			if (!p->present)
				continue;
			any = true;
			k = ((peer * 8 + p->len - 1u) * 4 + p->shape) * 2 + p->nhv;
			attrsets += !used[k];
			used[k] = 1;
		}
		prefixes += any;
	}
	FZ_CHECK(rs_rib_prefix_count(r) == prefixes, "%zu prefixes, model %zu",
		 rs_rib_prefix_count(r), prefixes);
	FZ_CHECK(rs_attrtab_count(t) == attrsets,
		 "%zu attribute sets interned, %zu in use (reference leak)", rs_attrtab_count(t),
		 attrsets);
}

/* Drain the change log; it must list exactly the prefixes whose best set
 * changed in this step (only touched[0..ntouched) can have), each once. */
static void fz_check_changes(struct rs_rib *r, const struct fz_model *before,
			     const struct fz_model *after, const int *touched, size_t ntouched)
{
	static uint8_t seen[FZ_NPFX];
	struct bgp_prefix out[32];
	size_t n, listed = 0, want = 0;

	memset(seen, 0, sizeof(seen));
	while ((n = rs_rib_drain_changes(r, out, 32)) > 0) {
		for (size_t j = 0; j < n; j++) {
			int i = fz_pfx_index(&out[j]);

			FZ_CHECK(i >= 0, "change log lists an unknown prefix");
			FZ_CHECK(!seen[i], "change log lists prefix %d twice", i);
			seen[i] = 1;
			listed++;
		}
	}
	for (size_t k = 0; k < ntouched; k++) {
		int i = touched[k];
		bool changed = fz_best_changed(before, after, i);

		FZ_CHECK(seen[i] == changed, "prefix %d: best set %s but change log %s", i,
			 changed ? "changed" : "unchanged", seen[i] ? "lists it" : "does not");
		want += changed;
	}
	FZ_CHECK(listed == want, "change log lists %zu prefixes, %zu changed", listed, want);
	FZ_CHECK(rs_rib_pending_changes(r) == 0, "changes pending after a full drain");
}

static size_t fz_flush(struct rs_rib *r, struct fz_model *m, uint32_t peer)
{
	size_t n = rs_rib_peer_flush(r, peer);

	FZ_CHECK(n == m->count[peer], "flush of peer %u removed %zu, model %zu", peer, n,
		 m->count[peer]);
	for (int i = 0; i < FZ_NPFX; i++)
		m->p[peer][i].present = false;
	m->count[peer] = 0;
	return n;
}

/* One announce; the limit hit flushes the peer instead. Returns the
 * prefix touched, -1 for a flush. */
static int fz_announce(struct rs_rib *r, struct rs_attrtab *t, struct fz_model *m,
		       const struct fz_model *before, uint32_t peer, int i,
		       const struct fz_mpath *mp, size_t limit)
{
	struct rs_attrset *s;
	int rc;

	if (!m->p[peer][i].present && m->count[peer] >= limit) {
		fz_flush(r, m, peer);
		return -1;
	}
	s = fz_intern(t, peer, mp);
	FZ_CHECK(s != NULL, "intern failed");
	rc = rs_rib_announce(r, peer, &fz_pfx[i], s);
	rs_attrset_unref(t, s);
	FZ_CHECK(rc >= 0, "announce failed");
	if (!m->p[peer][i].present)
		m->count[peer]++;
	m->p[peer][i] = *mp;
	FZ_CHECK(rc == fz_best_changed(before, m, i), "announce of prefix %d by peer %u returned %d, best set %s",
		 i, peer, rc, fz_best_changed(before, m, i) ? "changed" : "did not change");
	return i;
}

static int fz_withdraw(struct rs_rib *r, struct fz_model *m, const struct fz_model *before,
		       uint32_t peer, int i)
{
	int rc = rs_rib_withdraw(r, peer, &fz_pfx[i]);

	if (m->p[peer][i].present)
		m->count[peer]--;
	m->p[peer][i].present = false;
	FZ_CHECK(rc == fz_best_changed(before, m, i), "withdraw of prefix %d by peer %u returned %d",
		 i, peer, rc);
	return i;
}

struct fz_walk {
	size_t n;
	struct {
		int pfx;
		size_t npaths, nbest;
		uint32_t peer[FZ_NPEER];
		const struct rs_attrset *attrs[FZ_NPEER];
	} e[FZ_NPFX];
	const struct bgp_prefix *last;
};

static int fz_walk_cb(const struct bgp_prefix *p, const struct rs_path *paths, size_t npaths,
		      size_t nbest, void *arg)
{
	struct fz_walk *w = arg;
	int i = fz_pfx_index(p);

	FZ_CHECK(i >= 0 && w->n < FZ_NPFX, "walk visits an unknown prefix");
	FZ_CHECK(w->last == NULL || rs_prefix_cmp(w->last, &fz_pfx[i]) < 0,
		 "walk order is not ascending at prefix %d", i);
	FZ_CHECK(npaths <= FZ_NPEER && nbest <= npaths && nbest > 0, "walk: %zu paths, %zu best",
		 npaths, nbest);
	w->last = &fz_pfx[i];
	w->e[w->n].pfx = i;
	w->e[w->n].npaths = npaths;
	w->e[w->n].nbest = nbest;
	for (size_t k = 0; k < npaths; k++) {
		w->e[w->n].peer[k] = paths[k].peer;
		w->e[w->n].attrs[k] = paths[k].attrs;
	}
	w->n++;
	return 0;
}

static void fz_walk_compare(const struct fz_walk *a, const struct fz_walk *b)
{
	FZ_CHECK(a->n == b->n, "walks differ: %zu vs %zu prefixes", a->n, b->n);
	for (size_t j = 0; j < a->n; j++) {
		FZ_CHECK(a->e[j].pfx == b->e[j].pfx && a->e[j].npaths == b->e[j].npaths &&
				 a->e[j].nbest == b->e[j].nbest,
			 "insertion order changed prefix %d's paths", a->e[j].pfx);
		for (size_t k = 0; k < a->e[j].npaths; k++)
			FZ_CHECK(a->e[j].peer[k] == b->e[j].peer[k] &&
					 a->e[j].attrs[k]->aspath_len == b->e[j].attrs[k]->aspath_len &&
					 a->e[j].attrs[k]->next_hop == b->e[j].attrs[k]->next_hop,
				 "insertion order changed prefix %d path %zu", a->e[j].pfx, k);
	}
}

/* Rebuild the final state in reverse order in a new RIB, compare walks,
 * then flush every peer of both and check nothing is left. */
static void fz_final(struct rs_rib *r, struct rs_attrtab *t, struct fz_model *m)
{
	static struct fz_walk w1, w2;
	struct rs_attrtab *t2 = rs_attrtab_new();
	struct rs_rib *r2 = t2 ? rs_rib_new(t2) : NULL;
	struct fz_model empty;

	FZ_CHECK(r2 != NULL, "second RIB not created");
	for (int i = FZ_NPFX - 1; i >= 0; i--)
		for (int peer = FZ_NPEER - 1; peer >= 0; peer--) {
			const struct fz_mpath *mp = &m->p[peer][i];
			struct rs_attrset *s;

			if (!mp->present)
				continue;
			s = fz_intern(t2, (uint32_t)peer, mp);
			FZ_CHECK(s != NULL && rs_rib_announce(r2, (uint32_t)peer, &fz_pfx[i], s) >= 0,
				 "rebuild failed");
			rs_attrset_unref(t2, s);
		}
	memset(&w1, 0, sizeof(w1));
	memset(&w2, 0, sizeof(w2));
	FZ_CHECK(rs_rib_walk(r, fz_walk_cb, &w1) == 0, "walk failed");
	FZ_CHECK(rs_rib_walk(r2, fz_walk_cb, &w2) == 0, "walk failed");
	fz_walk_compare(&w1, &w2);
	for (size_t j = 0; j < w1.n; j++)
		FZ_CHECK(w1.e[j].nbest == (size_t)__builtin_popcount(fz_model_best(m, w1.e[j].pfx)),
			 "walk: prefix %d best count differs from the model", w1.e[j].pfx);
	fz_check_counts(r2, t2, m);
	memset(&empty, 0, sizeof(empty));
	for (uint32_t peer = 0; peer < FZ_NPEER; peer++) {
		rs_rib_peer_flush(r2, peer);
		fz_flush(r, m, peer);
	}
	FZ_CHECK(rs_rib_prefix_count(r) == 0 && rs_rib_prefix_count(r2) == 0,
		 "prefixes left after flushing every peer: %zu, %zu", rs_rib_prefix_count(r),
		 rs_rib_prefix_count(r2));
	FZ_CHECK(rs_attrtab_count(t) == 0 && rs_attrtab_count(t2) == 0,
		 "attribute sets left after flushing every peer: %zu, %zu (leak)",
		 rs_attrtab_count(t), rs_attrtab_count(t2));
	rs_rib_free(r2);
	rs_attrtab_free(t2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_model m, before;
	struct fz_in in = { data, size };
	struct rs_attrtab *t;
	struct rs_rib *r;
	size_t limit;

	if (size < 1)
		return 0;
	fz_prefixes_init();
	limit = 1 + fz_in_u8(&in) % 200;
	memset(&m, 0, sizeof(m));
	t = rs_attrtab_new();
	r = t ? rs_rib_new(t) : NULL;
	FZ_CHECK(r != NULL, "RIB not created");
	for (size_t ops = 0; in.n > 0 && ops < FZ_MAX_OPS; ops++) {
		static int list[FZ_NPFX];
		uint8_t op = fz_in_u8(&in);
		uint32_t peer = op >> 3 & 7;
		size_t nlist = 0;
		int touched = -1;

		before = m;
		if ((op & 7) <= 3) {
			uint8_t i = fz_in_u8(&in), b = fz_in_u8(&in);
			struct fz_mpath mp = { true, (uint8_t)(1 + (b & 7)), (uint8_t)(b >> 3 & 3),
					       (uint8_t)(b >> 5 & 1) };

			touched = fz_announce(r, t, &m, &before, peer, i, &mp, limit);
		} else if ((op & 7) <= 5) {
			touched = fz_withdraw(r, &m, &before, peer, fz_in_u8(&in));
		} else if ((op & 7) == 6) {
			fz_flush(r, &m, peer);
		}
		if (touched >= 0) {
			list[nlist++] = touched;
		} else { /* a flush: the prefixes the peer had */
			for (int i = 0; i < FZ_NPFX; i++)
				if (before.p[peer][i].present)
					list[nlist++] = i;
		}
		fz_check_changes(r, &before, &m, list, nlist);
		for (size_t k = 0; k < nlist; k++)
			fz_check_prefix(r, &m, list[k]);
		if ((op & 0x3f) == 0x3f)
			for (int i = 0; i < FZ_NPFX; i++)
				fz_check_prefix(r, &m, i);
		fz_check_counts(r, t, &m);
	}
	fz_final(r, t, &m);
	rs_rib_free(r);
	rs_attrtab_free(t);
	return 0;
}
