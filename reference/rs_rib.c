/* rs_rib.c: one instance's routing table.
 *
 * Prefixes live in a chained hash table keyed by (afi, length, address);
 * each entry holds its paths, best set first (by peer id), then the others
 * (by peer id). Every peer keeps a list of the entries it has a path in, so
 * a flush costs only that peer's routes and counts are O(1). Entries whose
 * best set changed are queued once in a change log; an entry left without
 * paths stays until its change is drained, so the log never holds a
 * dangling or duplicated prefix. */
#include <stdlib.h>
#include <string.h>

#include "rs_rib.h"

#define RS_RIB_MAX_PEER (1u << 20)
#define RS_RIB_SNAP     32

struct rs_rib_entry {
	struct rs_rib_entry *next; /* hash chain */
	uint64_t hash;
	struct bgp_prefix key;
	uint32_t npaths;
	uint32_t cap;
	uint32_t nbest;
	bool logged;
	struct rs_path *paths;
	uint32_t *slot; /* slot[i]: where this entry sits in its peer's list */
};

struct rs_rib_peer {
	struct rs_rib_entry **ent;
	size_t n;
	size_t cap;
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
};

/* ---- keys ---- */

static uint64_t rs_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

static void rs_rib_key(const struct bgp_prefix *p, struct bgp_prefix *k)
{
	memset(k, 0, sizeof(*k));
	k->afi = p->afi;
	k->len = p->len;
	unsigned max = p->afi == BGP_AFI_IPV6 ? 128 : 32;
	if (k->len > max)
		k->len = (uint8_t)max;
	unsigned full = k->len / 8, rest = k->len % 8;
	memcpy(k->addr, p->addr, full);
	if (rest)
		k->addr[full] = p->addr[full] & (uint8_t)(0xFFu << (8 - rest));
}

static uint64_t rs_rib_hash(const struct bgp_prefix *k)
{
	uint64_t a, b;
	memcpy(&a, k->addr, 8);
	memcpy(&b, k->addr + 8, 8);
	return rs_mix64(rs_mix64(a ^ ((uint64_t)k->afi << 8 | k->len)) ^ b);
}

static bool rs_rib_key_eq(const struct bgp_prefix *a, const struct bgp_prefix *b)
{
	return a->afi == b->afi && a->len == b->len && memcmp(a->addr, b->addr, 16) == 0;
}

/* ---- table ---- */

struct rs_rib *rs_rib_new(struct rs_attrtab *attrs)
{
	struct rs_rib *r = calloc(1, sizeof(*r));
	if (r == NULL)
		return NULL;
	r->attrs = attrs;
	r->nbucket = 1024;
	r->bucket = calloc(r->nbucket, sizeof(*r->bucket));
	if (r->bucket == NULL) {
		free(r);
		return NULL;
	}
	return r;
}

static void rs_rib_entry_free(struct rs_rib *r, struct rs_rib_entry *e)
{
	for (uint32_t i = 0; i < e->npaths; i++)
		rs_attrset_unref(r->attrs, e->paths[i].attrs);
	free(e->paths);
	free(e->slot);
	free(e);
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
	for (size_t i = 0; i < r->npeer; i++)
		free(r->peer[i].ent);
	free(r->peer);
	free(r->log);
	free(r->bucket);
	free(r);
}

static struct rs_rib_entry *rs_rib_lookup(const struct rs_rib *r, const struct bgp_prefix *p)
{
	struct bgp_prefix k;
	rs_rib_key(p, &k);
	uint64_t h = rs_rib_hash(&k);
	for (struct rs_rib_entry *e = r->bucket[h & (r->nbucket - 1)]; e != NULL; e = e->next)
		if (e->hash == h && rs_rib_key_eq(&e->key, &k))
			return e;
	return NULL;
}

static void rs_rib_grow(struct rs_rib *r)
{
	size_t n = r->nbucket * 2;
	struct rs_rib_entry **b = calloc(n, sizeof(*b));
	if (b == NULL)
		return; /* longer chains, still correct */
	for (size_t i = 0; i < r->nbucket; i++) {
		struct rs_rib_entry *e = r->bucket[i];
		while (e != NULL) {
			struct rs_rib_entry *next = e->next;
			e->next = b[e->hash & (n - 1)];
			b[e->hash & (n - 1)] = e;
			e = next;
		}
	}
	free(r->bucket);
	r->bucket = b;
	r->nbucket = n;
}

static struct rs_rib_entry *rs_rib_insert(struct rs_rib *r, const struct bgp_prefix *p)
{
	struct rs_rib_entry *e = calloc(1, sizeof(*e));
	if (e == NULL)
		return NULL;
	rs_rib_key(p, &e->key);
	e->hash = rs_rib_hash(&e->key);
	if (r->nentry >= r->nbucket)
		rs_rib_grow(r);
	e->next = r->bucket[e->hash & (r->nbucket - 1)];
	r->bucket[e->hash & (r->nbucket - 1)] = e;
	r->nentry++;
	return e;
}

static void rs_rib_remove(struct rs_rib *r, struct rs_rib_entry *e)
{
	struct rs_rib_entry **pp = &r->bucket[e->hash & (r->nbucket - 1)];
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
	struct rs_rib_peer *pl = &r->peer[peer];
	if (pl->n == pl->cap) {
		size_t n = pl->cap ? pl->cap * 2 : 64;
		struct rs_rib_entry **ent = realloc(pl->ent, n * sizeof(*ent));
		if (ent == NULL)
			return NULL;
		pl->ent = ent;
		pl->cap = n;
	}
	return pl;
}

static uint32_t rs_rib_path_index(const struct rs_rib_entry *e, uint32_t peer)
{
	for (uint32_t i = 0; i < e->npaths; i++)
		if (e->paths[i].peer == peer)
			return i;
	return UINT32_MAX;
}

/* Take entry e's slot out of peer's list (swap with the last). */
static void rs_rib_peer_unlink(struct rs_rib *r, uint32_t peer, uint32_t slot)
{
	struct rs_rib_peer *pl = &r->peer[peer];
	struct rs_rib_entry *moved = pl->ent[--pl->n];
	if (slot == pl->n)
		return;
	pl->ent[slot] = moved;
	moved->slot[rs_rib_path_index(moved, peer)] = slot;
}

/* ---- best set ---- */

struct rs_rib_snap {
	uint32_t n;
	struct rs_path small[RS_RIB_SNAP];
	struct rs_path *p;
};

static int rs_rib_snap_take(const struct rs_rib_entry *e, struct rs_rib_snap *s)
{
	s->n = e->nbest;
	s->p = s->n <= RS_RIB_SNAP ? s->small : malloc(s->n * sizeof(*s->p));
	if (s->p == NULL)
		return -1;
	if (s->n)
		memcpy(s->p, e->paths, s->n * sizeof(*s->p));
	return 0;
}

/* Whether the best set differs from the snapshot; releases the snapshot. */
static bool rs_rib_snap_changed(const struct rs_rib_entry *e, struct rs_rib_snap *s)
{
	bool changed = s->n != e->nbest;
	for (uint32_t i = 0; !changed && i < s->n; i++)
		changed = s->p[i].peer != e->paths[i].peer || s->p[i].attrs != e->paths[i].attrs;
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
	if (e->npaths == 0) {
		e->nbest = 0;
		return;
	}
	size_t min = SIZE_MAX;
	for (uint32_t i = 0; i < e->npaths; i++)
		if (e->paths[i].attrs->aspath_len < min)
			min = e->paths[i].attrs->aspath_len;
	uint32_t nbest = 0;
	for (uint32_t i = 1; i < e->npaths; i++) { /* insertion sort: nearly sorted input */
		struct rs_path p = e->paths[i];
		uint32_t sl = e->slot[i];
		bool pb = p.attrs->aspath_len == min;
		uint32_t j = i;
		while (j > 0 && rs_rib_before(&p, pb, &e->paths[j - 1],
		                              e->paths[j - 1].attrs->aspath_len == min)) {
			e->paths[j] = e->paths[j - 1];
			e->slot[j] = e->slot[j - 1];
			j--;
		}
		e->paths[j] = p;
		e->slot[j] = sl;
	}
	while (nbest < e->npaths && e->paths[nbest].attrs->aspath_len == min)
		nbest++;
	e->nbest = nbest;
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

static int rs_rib_entry_reserve(struct rs_rib_entry *e)
{
	if (e->npaths < e->cap)
		return 0;
	uint32_t n = e->cap ? e->cap * 2 : 2;
	struct rs_path *p = realloc(e->paths, n * sizeof(*p));
	if (p == NULL)
		return -1;
	e->paths = p;
	uint32_t *s = realloc(e->slot, n * sizeof(*s));
	if (s == NULL)
		return -1;
	e->slot = s;
	e->cap = n;
	return 0;
}

/* Finish a change: compare with the snapshot, log, drop an unused entry. */
static int rs_rib_settle(struct rs_rib *r, struct rs_rib_entry *e, struct rs_rib_snap *snap)
{
	rs_rib_resort(r, e);
	bool changed = rs_rib_snap_changed(e, snap);
	if (changed && rs_rib_log(r, e) != 0)
		changed = false; /* out of memory: the change is lost to export */
	if (e->npaths == 0 && !e->logged)
		rs_rib_remove(r, e);
	return changed;
}

int rs_rib_announce(struct rs_rib *r, uint32_t peer, const struct bgp_prefix *p,
                    struct rs_attrset *attrs)
{
	struct rs_rib_entry *e = rs_rib_lookup(r, p);
	bool created = false;
	if (e == NULL) {
		e = rs_rib_insert(r, p);
		if (e == NULL)
			return -1;
		created = true;
	}
	uint32_t i = rs_rib_path_index(e, peer);
	if (i != UINT32_MAX && e->paths[i].attrs == attrs)
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
	if (i != UINT32_MAX) {
		old = e->paths[i].attrs;
		e->paths[i].attrs = attrs;
	} else {
		if (e->npaths == 0)
			r->nprefix++;
		e->paths[e->npaths] = (struct rs_path){.peer = peer, .attrs = attrs};
		e->slot[e->npaths] = (uint32_t)pl->n;
		pl->ent[pl->n++] = e;
		e->npaths++;
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
	struct rs_path gone = e->paths[i];
	rs_rib_peer_unlink(r, gone.peer, e->slot[i]);
	memmove(&e->paths[i], &e->paths[i + 1], (e->npaths - i - 1) * sizeof(*e->paths));
	memmove(&e->slot[i], &e->slot[i + 1], (e->npaths - i - 1) * sizeof(*e->slot));
	e->npaths--;
	if (e->npaths == 0)
		r->nprefix--;
	int changed;
	if (snapped) {
		changed = rs_rib_settle(r, e, &snap);
	} else { /* no memory for a snapshot: assume a change */
		rs_rib_resort(r, e);
		changed = rs_rib_log(r, e) == 0;
		if (e->npaths == 0 && !e->logged)
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

size_t rs_rib_peer_flush(struct rs_rib *r, uint32_t peer)
{
	if (peer >= r->npeer)
		return 0;
	size_t n = 0;
	struct rs_rib_peer *pl = &r->peer[peer];
	while (pl->n > 0) {
		struct rs_rib_entry *e = pl->ent[pl->n - 1];
		rs_rib_drop(r, e, rs_rib_path_index(e, peer));
		n++;
	}
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
	for (uint32_t i = 0; i < e->nbest && i < max; i++)
		out[i] = &e->paths[i];
	return e->nbest;
}

size_t rs_rib_best_run(const struct rs_rib *r, const struct bgp_prefix *p,
                       const struct rs_path **out)
{
	const struct rs_rib_entry *e = rs_rib_lookup(r, p);
	*out = e != NULL && e->nbest > 0 ? e->paths : NULL;
	return *out != NULL ? e->nbest : 0;
}

size_t rs_rib_paths(const struct rs_rib *r, const struct bgp_prefix *p, const struct rs_path **out,
                    size_t max)
{
	const struct rs_rib_entry *e = rs_rib_lookup(r, p);
	if (e == NULL)
		return 0;
	uint32_t a = 0, b = e->nbest;
	size_t k = 0;
	while ((a < e->nbest || b < e->npaths) && k < max) { /* merge the two runs */
		if (b == e->npaths || (a < e->nbest && e->paths[a].peer < e->paths[b].peer))
			out[k++] = &e->paths[a++];
		else
			out[k++] = &e->paths[b++];
	}
	return e->npaths;
}

size_t rs_rib_prefix_count(const struct rs_rib *r)
{
	return r->nprefix;
}

static int rs_rib_entry_cmp(const void *a, const void *b)
{
	const struct rs_rib_entry *x = *(const struct rs_rib_entry *const *)a;
	const struct rs_rib_entry *y = *(const struct rs_rib_entry *const *)b;
	return rs_prefix_cmp(&x->key, &y->key);
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
			if (e->npaths > 0)
				v[n++] = e;
	qsort(v, n, sizeof(*v), rs_rib_entry_cmp);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = cb(&v[i]->key, v[i]->paths, v[i]->npaths, v[i]->nbest, arg);
	free(v);
	return rc;
}

size_t rs_rib_drain_changes(struct rs_rib *r, struct bgp_prefix *out, size_t max)
{
	size_t k = 0;
	while (r->log_head < r->log_n && k < max) {
		struct rs_rib_entry *e = r->log[r->log_head++];
		out[k++] = e->key;
		e->logged = false;
		if (e->npaths == 0)
			rs_rib_remove(r, e);
	}
	if (r->log_head == r->log_n)
		r->log_head = r->log_n = 0;
	return k;
}

uint64_t rs_rib_version(const struct rs_rib *r)
{
	return r->version;
}

size_t rs_rib_pending_changes(const struct rs_rib *r)
{
	return r->log_n - r->log_head;
}
