/* rs_rib.c: one instance's routing table.
 *
 * Prefixes live in a chained hash table keyed by (afi, length, address);
 * each entry holds its paths, best set first (by peer id), then the others
 * (by peer id). Entries are compact: the key is stored as its address bytes
 * only (4 for IPv4, 16 for IPv6), and a prefix with a single path (the
 * common case) keeps that path and its peer-list slot inline; a second path
 * moves them to one heap block (paths, then slots). Every peer keeps a list
 * of the entries it has a path in, so a flush costs only that peer's routes
 * and counts are O(1). Entries whose
 * best set changed are queued once in a change log; an entry left without
 * paths stays until its change is drained, so the log never holds a
 * dangling or duplicated prefix. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "rs_mem.h"
#include "rs_rib.h"

#define RS_RIB_MAX_PEER  (1u << 20)
#define RS_RIB_SNAP      32
#define RS_RIB_MAX_PATHS UINT16_MAX

/* 32 bytes with an IPv4 address (RS_RIB_SMALL): the path counts live in
 * the heap block's header, or as two bits while there is at most one. */
struct rs_rib_entry {
	struct rs_rib_entry *next; /* hash chain */
	union {
		struct rs_path one; /* !heap: the only path (npaths <= 1) */
		struct {
			struct rs_path *paths; /* cap paths */
			uint32_t cap;
			uint16_t npaths;
			uint16_t nbest;
		} many;
	} u;
	uint16_t afi;
	uint8_t len;
	uint8_t logged : 1;
	uint8_t heap : 1;
	uint8_t one_paths : 1; /* !heap: npaths */
	uint8_t one_best : 1;  /* !heap: nbest */
	uint8_t addr[];        /* rs_rib_addr_bytes(afi) bytes */
};

static uint32_t rs_rib_npaths(const struct rs_rib_entry *e)
{
	return e->heap ? e->u.many.npaths : e->one_paths;
}

static uint32_t rs_rib_nbest(const struct rs_rib_entry *e)
{
	return e->heap ? e->u.many.nbest : e->one_best;
}

static void rs_rib_set_npaths(struct rs_rib_entry *e, uint32_t n)
{
	if (e->heap)
		e->u.many.npaths = (uint16_t)n;
	else
		e->one_paths = n & 1;
}

static void rs_rib_set_nbest(struct rs_rib_entry *e, uint32_t n)
{
	if (e->heap)
		e->u.many.nbest = (uint16_t)n;
	else
		e->one_best = n & 1;
}

/* A lookup key: the masked prefix in entry form. */
struct rs_rib_key {
	uint16_t afi;
	uint8_t len;
	uint8_t nbytes;
	uint8_t addr[16];
};

static size_t rs_rib_addr_bytes(uint16_t afi)
{
	return afi == BGP_AFI_IPV6 ? 16 : 4;
}

/* A peer's count of paths. Its paths are found by a walk of the table
 * when it goes (rs_rib_peer_flush), as a session down is rare beside an
 * announcement: an index of them cost a pointer per route (8 MiB of a
 * full 8 x 100,000 table's 60) and its upkeep on every change. */
struct rs_rib_peer {
	size_t n;
};

struct rs_rib {
	struct rs_attrtab *attrs;
	struct rs_rib_entry **bucket;
	size_t nbucket; /* power of two */
	size_t nentry;  /* entries in the table, empty ones included */
	size_t nprefix; /* entries with at least one path */
	struct rs_rib_peer *peer;
	size_t npeer;
	struct rs_rib_entry **log;
	size_t log_head;
	size_t log_n;
	size_t log_cap;
	uint64_t version; /* bumped whenever paths may have moved */
	/* IPv4 entries come from slabs (no per-entry malloc header) */
	struct rs_rib_slab *slabs;
	struct rs_rib_entry *spare; /* freed slab entries, linked by next */
	size_t slab_left;           /* unused entries at the end of slabs */
	size_t nbig;                /* entries not from slabs (IPv6) */
	size_t slab_n;              /* entries in the next slab */
};

/* A slab: a header, then entries of RS_RIB_SMALL bytes. */
struct rs_rib_slab {
	struct rs_rib_slab *next;
	size_t n;
};

#define RS_RIB_SMALL    ((offsetof(struct rs_rib_entry, addr) + 4 + 7) & ~(size_t)7)
#define RS_RIB_SLAB_MIN 64
/* The largest slab fills a huge page (rs_mem_table_alloc): a full table's
 * entries, looked up at random, then miss the TLB less. */
#define RS_RIB_SLAB_MAX ((((size_t)2 << 20) - sizeof(struct rs_rib_slab)) / RS_RIB_SMALL)
_Static_assert(RS_RIB_SMALL >= sizeof(struct rs_rib_entry), "a slab entry holds an entry");

/* ---- keys ---- */

static void rs_rib_key(const struct bgp_prefix *p, struct rs_rib_key *k)
{
	memset(k, 0, sizeof(*k));
	k->afi = p->afi;
	k->nbytes = (uint8_t)rs_rib_addr_bytes(p->afi);
	k->len = p->len;
	unsigned max = k->nbytes * 8u;
	if (k->len > max)
		k->len = (uint8_t)max;
	unsigned full = k->len / 8, rest = k->len % 8;
	memcpy(k->addr, p->addr, full);
	if (rest)
		k->addr[full] = p->addr[full] & (uint8_t)(0xFFu << (8 - rest));
}

/* IPv4: prefixes of one length that differ only in the last 4 bits of
 * their network number share a hashed group of 16 buckets, in order, so
 * that a run of neighbouring prefixes (as a peer sends them, as the change
 * log lists them) touches a cache line or two of buckets instead of one
 * per prefix; their entries come from the slab in arrival order too. */
static uint64_t rs_rib_hash_raw(uint16_t afi, uint8_t len, const uint8_t *addr)
{
	if (afi != BGP_AFI_IPV6) {
		uint32_t v = (uint32_t)addr[0] << 24 | (uint32_t)addr[1] << 16 |
		             (uint32_t)addr[2] << 8 | addr[3];
		uint32_t net = len == 0 ? 0 : len >= 32 ? v : v >> (32 - len);
		uint64_t g = rs_hash64((uint64_t)(net >> 4) << 24 | (uint64_t)afi << 8 | len);
		return (g << 4) + (net & 15);
	}
	uint64_t a, b;
	memcpy(&a, addr, 8);
	memcpy(&b, addr + 8, 8);
	return rs_hash64(rs_hash64(a ^ ((uint64_t)afi << 8 | len)) ^ b);
}

static uint64_t rs_rib_hash(const struct rs_rib_key *k)
{
	return rs_rib_hash_raw(k->afi, k->len, k->addr);
}

static uint64_t rs_rib_entry_hash(const struct rs_rib_entry *e)
{
	return rs_rib_hash_raw(e->afi, e->len, e->addr);
}

static bool rs_rib_key_eq(const struct rs_rib_entry *e, const struct rs_rib_key *k)
{
	if (e->afi != k->afi || e->len != k->len)
		return false;
	if (k->nbytes == 4) { /* one compare, not a call: the chains are walked often */
		uint32_t a, b;
		memcpy(&a, e->addr, 4);
		memcpy(&b, k->addr, 4);
		return a == b;
	}
	return memcmp(e->addr, k->addr, k->nbytes) == 0;
}

/* The entry's prefix as a struct bgp_prefix (path_id 0, tail zero). */
static void rs_rib_entry_prefix(const struct rs_rib_entry *e, struct bgp_prefix *out)
{
	memset(out, 0, sizeof(*out));
	out->afi = e->afi;
	out->len = e->len;
	memcpy(out->addr, e->addr, rs_rib_addr_bytes(e->afi));
}

static struct rs_path *rs_rib_paths_of(struct rs_rib_entry *e)
{
	return e->heap ? e->u.many.paths : &e->u.one;
}

static const struct rs_path *rs_rib_cpaths(const struct rs_rib_entry *e)
{
	return e->heap ? e->u.many.paths : &e->u.one;
}

/* ---- table ---- */

struct rs_rib *rs_rib_new(struct rs_attrtab *attrs)
{
	struct rs_rib *r = calloc(1, sizeof(*r));
	if (r == NULL)
		return NULL;
	r->attrs = attrs;
	r->nbucket = 1024;
	r->bucket = rs_mem_table_alloc(r->nbucket * sizeof(*r->bucket));
	if (r->bucket == NULL) {
		free(r);
		return NULL;
	}
	return r;
}

static void rs_rib_entry_free(struct rs_rib *r, struct rs_rib_entry *e)
{
	struct rs_path *paths = rs_rib_paths_of(e);
	for (uint32_t i = 0; i < rs_rib_npaths(e); i++)
		rs_attrset_unref(r->attrs, paths[i].attrs);
	if (e->heap)
		free(e->u.many.paths);
	if (rs_rib_addr_bytes(e->afi) == 4) {
		e->next = r->spare;
		r->spare = e;
	} else {
		free(e);
		r->nbig--;
	}
}

static struct rs_rib_entry *rs_rib_slab_entry(struct rs_rib_slab *s, size_t i)
{
	return (struct rs_rib_entry *)(void *)((char *)(s + 1) + i * RS_RIB_SMALL);
}

/* A zeroed entry for a 4-byte address. */
static struct rs_rib_entry *rs_rib_small_alloc(struct rs_rib *r)
{
	struct rs_rib_entry *e = r->spare;
	if (e != NULL) {
		r->spare = e->next;
	} else {
		if (r->slab_left == 0) {
			size_t n = r->slab_n ? r->slab_n : RS_RIB_SLAB_MIN;
			struct rs_rib_slab *s = rs_mem_table_alloc(sizeof(*s) + n * RS_RIB_SMALL);
			if (s == NULL)
				return NULL;
			s->next = r->slabs;
			s->n = n;
			r->slabs = s;
			r->slab_left = n;
			r->slab_n = n * 2 <= RS_RIB_SLAB_MAX ? n * 2 : RS_RIB_SLAB_MAX;
		}
		e = rs_rib_slab_entry(r->slabs, r->slabs->n - r->slab_left--);
	}
	memset(e, 0, RS_RIB_SMALL);
	return e;
}

void rs_rib_free(struct rs_rib *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nbucket; i++) {
		struct rs_rib_entry *e = r->bucket[i];
		while (e != NULL) {
			struct rs_rib_entry *next = e->next;
			rs_rib_entry_free(r, e);
			e = next;
		}
	}
	while (r->slabs != NULL) {
		struct rs_rib_slab *s = r->slabs;
		r->slabs = s->next;
		rs_mem_table_free(s, sizeof(*s) + s->n * RS_RIB_SMALL);
	}
	free(r->peer);
	free(r->log);
	rs_mem_table_free(r->bucket, r->nbucket * sizeof(*r->bucket));
	free(r);
}

/* The entry of key k, whose hash is h. */
static struct rs_rib_entry *rs_rib_find(const struct rs_rib *r, const struct rs_rib_key *k,
                                        uint64_t h)
{
	for (struct rs_rib_entry *e = r->bucket[h & (r->nbucket - 1)]; e != NULL; e = e->next)
		if (rs_rib_key_eq(e, k))
			return e;
	return NULL;
}

static struct rs_rib_entry *rs_rib_lookup(const struct rs_rib *r, const struct bgp_prefix *p)
{
	struct rs_rib_key k;
	rs_rib_key(p, &k);
	return rs_rib_find(r, &k, rs_rib_hash(&k));
}

static void rs_rib_grow(struct rs_rib *r)
{
	size_t n = r->nbucket * 2;
	struct rs_rib_entry **b = rs_mem_table_alloc(n * sizeof(*b));
	if (b == NULL)
		return; /* longer chains, still correct */
	for (size_t i = 0; i < r->nbucket; i++) {
		struct rs_rib_entry *e = r->bucket[i];
		while (e != NULL) {
			struct rs_rib_entry *next = e->next;
			uint64_t h = rs_rib_entry_hash(e);
			e->next = b[h & (n - 1)];
			b[h & (n - 1)] = e;
			e = next;
		}
	}
	rs_mem_table_free(r->bucket, r->nbucket * sizeof(*r->bucket));
	r->bucket = b;
	r->nbucket = n;
}

/* A new entry for key k (not in the table), whose hash is h. */
static struct rs_rib_entry *rs_rib_insert(struct rs_rib *r, const struct rs_rib_key *k, uint64_t h)
{
	struct rs_rib_entry *e;
	if (k->nbytes == 4) {
		e = rs_rib_small_alloc(r);
	} else {
		size_t size = offsetof(struct rs_rib_entry, addr) + k->nbytes;
		if (size < sizeof(struct rs_rib_entry))
			size = sizeof(struct rs_rib_entry);
		e = calloc(1, size);
		r->nbig += e != NULL;
	}
	if (e == NULL)
		return NULL;
	e->afi = k->afi;
	e->len = k->len;
	memcpy(e->addr, k->addr, k->nbytes);
	/* two entries a bucket on average: a chain's entries are neighbours
	 * in a slab, and a bucket costs as much as a quarter of an entry */
	if (r->nentry >= 2 * r->nbucket)
		rs_rib_grow(r);
	e->next = r->bucket[h & (r->nbucket - 1)];
	r->bucket[h & (r->nbucket - 1)] = e;
	r->nentry++;
	return e;
}

static void rs_rib_remove(struct rs_rib *r, struct rs_rib_entry *e)
{
	struct rs_rib_entry **pp = &r->bucket[rs_rib_entry_hash(e) & (r->nbucket - 1)];
	while (*pp != e)
		pp = &(*pp)->next;
	*pp = e->next;
	r->nentry--;
	r->version++;
	rs_rib_entry_free(r, e);
}

/* ---- per-peer lists ---- */

static struct rs_rib_peer *rs_rib_peer_get(struct rs_rib *r, uint32_t peer)
{
	if (peer >= RS_RIB_MAX_PEER)
		return NULL;
	if (peer >= r->npeer) {
		size_t n = r->npeer ? r->npeer : 8;
		while (n <= peer)
			n *= 2;
		struct rs_rib_peer *p = realloc(r->peer, n * sizeof(*p));
		if (p == NULL)
			return NULL;
		memset(p + r->npeer, 0, (n - r->npeer) * sizeof(*p));
		r->peer = p;
		r->npeer = n;
	}
	return &r->peer[peer];
}

static uint32_t rs_rib_path_index(const struct rs_rib_entry *e, uint32_t peer)
{
	const struct rs_path *paths = rs_rib_cpaths(e);
	for (uint32_t i = 0; i < rs_rib_npaths(e); i++)
		if (paths[i].peer == peer)
			return i;
	return UINT32_MAX;
}

/* ---- best set ---- */

struct rs_rib_snap {
	uint32_t n;
	struct rs_path small[RS_RIB_SNAP];
	struct rs_path *p;
};

static int rs_rib_snap_take(const struct rs_rib_entry *e, struct rs_rib_snap *s)
{
	s->n = rs_rib_nbest(e);
	s->p = s->n <= RS_RIB_SNAP ? s->small : malloc(s->n * sizeof(*s->p));
	if (s->p == NULL)
		return -1;
	if (s->n)
		memcpy(s->p, rs_rib_cpaths(e), s->n * sizeof(*s->p));
	return 0;
}

/* Whether the best set differs from the snapshot; releases the snapshot. */
static bool rs_rib_snap_changed(const struct rs_rib_entry *e, struct rs_rib_snap *s)
{
	const struct rs_path *paths = rs_rib_cpaths(e);
	bool changed = s->n != rs_rib_nbest(e);
	for (uint32_t i = 0; !changed && i < s->n; i++)
		changed = s->p[i].peer != paths[i].peer || s->p[i].attrs != paths[i].attrs;
	if (s->p != s->small)
		free(s->p);
	return changed;
}

static bool rs_rib_before(const struct rs_path *a, bool abest, const struct rs_path *b, bool bbest)
{
	if (abest != bbest)
		return abest;
	return a->peer < b->peer;
}

/* Recompute the best set and order: best first, then the rest, each by peer. */
static void rs_rib_resort(struct rs_rib *r, struct rs_rib_entry *e)
{
	r->version++;
	uint32_t npaths = rs_rib_npaths(e);
	if (npaths == 0) {
		rs_rib_set_nbest(e, 0);
		return;
	}
	struct rs_path *paths = rs_rib_paths_of(e);
	size_t min = SIZE_MAX;
	for (uint32_t i = 0; i < npaths; i++)
		if (paths[i].attrs->aspath_len < min)
			min = paths[i].attrs->aspath_len;
	uint32_t nbest = 0;
	for (uint32_t i = 1; i < npaths; i++) { /* insertion sort: nearly sorted input */
		struct rs_path p = paths[i];
		bool pb = p.attrs->aspath_len == min;
		uint32_t j = i;
		while (j > 0 && rs_rib_before(&p, pb, &paths[j - 1],
		                              paths[j - 1].attrs->aspath_len == min)) {
			paths[j] = paths[j - 1];
			j--;
		}
		paths[j] = p;
	}
	while (nbest < npaths && paths[nbest].attrs->aspath_len == min)
		nbest++;
	rs_rib_set_nbest(e, nbest);
}

static int rs_rib_log(struct rs_rib *r, struct rs_rib_entry *e)
{
	if (e->logged)
		return 0;
	if (r->log_n == r->log_cap) {
		size_t n = r->log_cap ? r->log_cap * 2 : 1024;
		struct rs_rib_entry **l = realloc(r->log, n * sizeof(*l));
		if (l == NULL)
			return -1;
		r->log = l;
		r->log_cap = n;
	}
	r->log[r->log_n++] = e;
	e->logged = true;
	return 0;
}

/* ---- updates ---- */

/* Room for one more path: the inline path moves to a heap block when a
 * second one comes, and the block doubles when full. */
static int rs_rib_entry_reserve(struct rs_rib_entry *e)
{
	uint32_t npaths = rs_rib_npaths(e);
	if (npaths >= RS_RIB_MAX_PATHS)
		return -1;
	if (!e->heap) {
		if (npaths == 0)
			return 0;
		struct rs_path *p = malloc(2 * sizeof(*p));
		if (p == NULL)
			return -1;
		p[0] = e->u.one;
		uint32_t nbest = e->one_best;
		e->u.many.paths = p;
		e->u.many.cap = 2;
		e->u.many.npaths = (uint16_t)npaths;
		e->u.many.nbest = (uint16_t)nbest;
		e->heap = 1;
		return 0;
	}
	uint32_t cap = e->u.many.cap;
	if (npaths < cap)
		return 0;
	uint32_t n = cap * 2;
	struct rs_path *p = realloc(e->u.many.paths, n * sizeof(*p));
	if (p == NULL)
		return -1;
	e->u.many.paths = p;
	e->u.many.cap = n;
	return 0;
}

/* Back to the inline form once at most one path is left. */
static void rs_rib_entry_shrink(struct rs_rib_entry *e)
{
	uint32_t npaths = rs_rib_npaths(e);
	if (!e->heap || npaths > 1)
		return;
	struct rs_path *p = e->u.many.paths;
	struct rs_path one = npaths ? p[0] : (struct rs_path){0};
	uint32_t nbest = e->u.many.nbest;
	free(p);
	e->heap = 0;
	e->u.one = one;
	e->one_paths = npaths & 1;
	e->one_best = nbest & 1;
}

/* Finish a change: compare with the snapshot, log, drop an unused entry. */
static int rs_rib_settle(struct rs_rib *r, struct rs_rib_entry *e, struct rs_rib_snap *snap)
{
	rs_rib_resort(r, e);
	bool changed = rs_rib_snap_changed(e, snap);
	if (changed && rs_rib_log(r, e) != 0)
		changed = false; /* out of memory: the change is lost to export */
	if (rs_rib_npaths(e) == 0 && !e->logged)
		rs_rib_remove(r, e);
	return changed;
}

int rs_rib_announce(struct rs_rib *r, uint32_t peer, const struct bgp_prefix *p,
                    struct rs_attrset *attrs)
{
	struct rs_rib_key k;
	rs_rib_key(p, &k);
	uint64_t h = rs_rib_hash(&k);
	struct rs_rib_entry *e = rs_rib_find(r, &k, h);
	bool created = false;
	if (e == NULL) {
		e = rs_rib_insert(r, &k, h);
		if (e == NULL)
			return -1;
		created = true;
	}
	uint32_t i = rs_rib_path_index(e, peer);
	if (i != UINT32_MAX && rs_rib_paths_of(e)[i].attrs == attrs)
		return 0;
	struct rs_rib_snap snap;
	struct rs_rib_peer *pl = NULL;
	if (i == UINT32_MAX &&
	    (rs_rib_entry_reserve(e) != 0 || (pl = rs_rib_peer_get(r, peer)) == NULL))
		goto fail;
	if (rs_rib_snap_take(e, &snap) != 0)
		goto fail;
	rs_attrset_ref(attrs);
	struct rs_attrset *old = NULL;
	struct rs_path *paths = rs_rib_paths_of(e);
	if (i != UINT32_MAX) {
		old = paths[i].attrs;
		paths[i].attrs = attrs;
	} else {
		uint32_t npaths = rs_rib_npaths(e);
		if (npaths == 0)
			r->nprefix++;
		paths[npaths] = (struct rs_path){.peer = peer, .attrs = attrs};
		pl->n++;
		rs_rib_set_npaths(e, npaths + 1);
	}
	int changed = rs_rib_settle(r, e, &snap);
	rs_attrset_unref(r->attrs, old);
	return changed;
fail:
	r->version++; /* the paths may have been reallocated */
	if (created)
		rs_rib_remove(r, e);
	return -1;
}

/* Remove path i of e; returns whether the best set changed. */
static int rs_rib_drop(struct rs_rib *r, struct rs_rib_entry *e, uint32_t i)
{
	struct rs_rib_snap snap;
	bool snapped = rs_rib_snap_take(e, &snap) == 0;
	struct rs_path *paths = rs_rib_paths_of(e);
	uint32_t npaths = rs_rib_npaths(e);
	struct rs_path gone = paths[i];
	r->peer[gone.peer].n--;
	memmove(&paths[i], &paths[i + 1], (npaths - i - 1) * sizeof(*paths));
	rs_rib_set_npaths(e, npaths - 1);
	rs_rib_entry_shrink(e);
	if (npaths == 1)
		r->nprefix--;
	int changed;
	if (snapped) {
		changed = rs_rib_settle(r, e, &snap);
	} else { /* no memory for a snapshot: assume a change */
		rs_rib_resort(r, e);
		changed = rs_rib_log(r, e) == 0;
		if (rs_rib_npaths(e) == 0 && !e->logged)
			rs_rib_remove(r, e);
	}
	rs_attrset_unref(r->attrs, gone.attrs);
	return changed;
}

int rs_rib_withdraw(struct rs_rib *r, uint32_t peer, const struct bgp_prefix *p)
{
	struct rs_rib_entry *e = rs_rib_lookup(r, p);
	if (e == NULL)
		return 0;
	uint32_t i = rs_rib_path_index(e, peer);
	if (i == UINT32_MAX)
		return 0;
	return rs_rib_drop(r, e, i);
}

/* Drop peer's path of e, if it has one; 1 when it had. */
static size_t rs_rib_flush_one(struct rs_rib *r, struct rs_rib_entry *e, uint32_t peer)
{
	uint32_t i = rs_rib_path_index(e, peer);
	if (i == UINT32_MAX)
		return 0;
	rs_rib_drop(r, e, i);
	return 1;
}

/* The slabs' entries in memory order (a sequential read, unlike the
 * chains) up to the last one handed out; a free entry has no path (an
 * entry is freed once it has none, rs_rib_remove), and one dropped to
 * nothing here may be freed, never moved. */
static size_t rs_rib_flush_slabs(struct rs_rib *r, uint32_t peer)
{
	size_t n = 0;
	for (struct rs_rib_slab *s = r->slabs; s != NULL && r->peer[peer].n > 0; s = s->next) {
		size_t used = s == r->slabs ? s->n - r->slab_left : s->n;
		for (size_t i = 0; i < used; i++) {
			n += rs_rib_flush_one(r, rs_rib_slab_entry(s, i), peer);
		}
	}
	return n;
}

/* The entries not in slabs, through the chains (an entry that loses its
 * last path may leave its chain: the next one is taken first). */
static size_t rs_rib_flush_big(struct rs_rib *r, uint32_t peer)
{
	size_t n = 0;
	for (size_t b = 0; b < r->nbucket && r->peer[peer].n > 0; b++) {
		for (struct rs_rib_entry *e = r->bucket[b], *next; e != NULL; e = next) {
			next = e->next;
			if (rs_rib_addr_bytes(e->afi) != 4)
				n += rs_rib_flush_one(r, e, peer);
		}
	}
	return n;
}

size_t rs_rib_peer_flush(struct rs_rib *r, uint32_t peer)
{
	if (peer >= r->npeer || r->peer[peer].n == 0)
		return 0;
	size_t n = rs_rib_flush_slabs(r, peer);
	if (r->peer[peer].n > 0 && r->nbig > 0)
		n += rs_rib_flush_big(r, peer);
	return n;
}

size_t rs_rib_peer_count(const struct rs_rib *r, uint32_t peer)
{
	return peer < r->npeer ? r->peer[peer].n : 0;
}

bool rs_rib_peer_has(const struct rs_rib *r, uint32_t peer, const struct bgp_prefix *p)
{
	const struct rs_rib_entry *e = rs_rib_lookup(r, p);
	return e != NULL && rs_rib_path_index(e, peer) != UINT32_MAX;
}

/* ---- queries ---- */

size_t rs_rib_best(const struct rs_rib *r, const struct bgp_prefix *p, const struct rs_path **out,
                   size_t max)
{
	const struct rs_rib_entry *e = rs_rib_lookup(r, p);
	if (e == NULL)
		return 0;
	const struct rs_path *paths = rs_rib_cpaths(e);
	for (uint32_t i = 0; i < rs_rib_nbest(e) && i < max; i++)
		out[i] = &paths[i];
	return rs_rib_nbest(e);
}

size_t rs_rib_best_run(const struct rs_rib *r, const struct bgp_prefix *p,
                       const struct rs_path **out)
{
	const struct rs_rib_entry *e = rs_rib_lookup(r, p);
	*out = e != NULL && rs_rib_nbest(e) > 0 ? rs_rib_cpaths(e) : NULL;
	return *out != NULL ? rs_rib_nbest(e) : 0;
}

size_t rs_rib_paths(const struct rs_rib *r, const struct bgp_prefix *p, const struct rs_path **out,
                    size_t max)
{
	const struct rs_rib_entry *e = rs_rib_lookup(r, p);
	if (e == NULL)
		return 0;
	const struct rs_path *paths = rs_rib_cpaths(e);
	uint32_t a = 0, b = rs_rib_nbest(e);
	size_t k = 0;
	while ((a < rs_rib_nbest(e) || b < rs_rib_npaths(e)) && k < max) { /* merge the two runs */
		if (b == rs_rib_npaths(e) || (a < rs_rib_nbest(e) && paths[a].peer < paths[b].peer))
			out[k++] = &paths[a++];
		else
			out[k++] = &paths[b++];
	}
	return rs_rib_npaths(e);
}

size_t rs_rib_prefix_count(const struct rs_rib *r)
{
	return r->nprefix;
}

static int rs_rib_entry_cmp(const void *a, const void *b)
{
	const struct rs_rib_entry *x = *(const struct rs_rib_entry *const *)a;
	const struct rs_rib_entry *y = *(const struct rs_rib_entry *const *)b;
	if (x->afi != y->afi) /* as rs_prefix_cmp: afi, address, length */
		return x->afi < y->afi ? -1 : 1;
	int c = memcmp(x->addr, y->addr, rs_rib_addr_bytes(x->afi));
	if (c != 0)
		return c < 0 ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return 0;
}

int rs_rib_walk(const struct rs_rib *r, rs_rib_visit_fn cb, void *arg)
{
	if (r->nprefix == 0)
		return 0;
	struct rs_rib_entry **v = malloc(r->nprefix * sizeof(*v));
	if (v == NULL)
		return -1;
	size_t n = 0;
	for (size_t i = 0; i < r->nbucket; i++)
		for (struct rs_rib_entry *e = r->bucket[i]; e != NULL; e = e->next)
			if (rs_rib_npaths(e) > 0)
				v[n++] = e;
	qsort(v, n, sizeof(*v), rs_rib_entry_cmp);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct bgp_prefix key;
		rs_rib_entry_prefix(v[i], &key);
		rc = cb(&key, rs_rib_cpaths(v[i]), rs_rib_npaths(v[i]), rs_rib_nbest(v[i]), arg);
	}
	free(v);
	return rc;
}

size_t rs_rib_drain_best(struct rs_rib *r, struct bgp_prefix *out, const struct rs_path **best,
                         size_t *nbest, size_t max)
{
	size_t k = 0;
	while (r->log_head < r->log_n && k < max) {
		struct rs_rib_entry *e = r->log[r->log_head++];
		rs_rib_entry_prefix(e, &out[k]);
		if (best) {
			best[k] = rs_rib_nbest(e) > 0 ? rs_rib_cpaths(e) : NULL;
			nbest[k] = rs_rib_nbest(e);
		}
		k++;
		e->logged = false;
		if (rs_rib_npaths(e) == 0)
			rs_rib_remove(r, e);
	}
	if (r->log_head == r->log_n)
		r->log_head = r->log_n = 0;
	return k;
}

size_t rs_rib_drain_changes(struct rs_rib *r, struct bgp_prefix *out, size_t max)
{
	return rs_rib_drain_best(r, out, NULL, NULL, max);
}

uint64_t rs_rib_version(const struct rs_rib *r)
{
	return r->version;
}

size_t rs_rib_pending_changes(const struct rs_rib *r)
{
	return r->log_n - r->log_head;
}
