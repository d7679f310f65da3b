/* rs_attrtab.c: interned, reference-counted path attribute sets.
 *
 * A set is looked up by a hash of the attributes the route server keeps
 * (ORIGIN, AS_PATH, NEXT_HOP, MED, ATOMIC_AGGREGATE, AGGREGATOR, communities,
 * large and extended communities, unknown optional transitive attributes); equal attributes
 * give the same pointer, so the RIB compares attributes by pointer. */
#include <stdlib.h>
#include <string.h>

#include "rs_rib.h"

struct rs_attrtab {
	struct rs_attrset **bucket;
	size_t nbucket; /* power of two */
	size_t count;
};

#define RS_FNV_OFFSET 2166136261u
#define RS_FNV_PRIME  16777619u

static uint32_t rs_fnv(uint32_t h, const void *data, size_t n)
{
	const uint8_t *p = data;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * RS_FNV_PRIME;
	return h;
}

static uint32_t rs_fnv32(uint32_t h, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	return rs_fnv(h, b, 4);
}

static bool rs_unknown_kept(const struct bgp_raw_attr *u)
{
	return (u->flags & BGP_AF_OPTIONAL) && (u->flags & BGP_AF_TRANSITIVE);
}

/* The attributes the route server keeps, gathered from either form. */
struct rs_attr_view {
	uint8_t origin;
	uint32_t next_hop;
	uint8_t mp_nh_len;
	const uint8_t *mp_nh;
	bool has_med;
	uint32_t med;
	bool atomic;
	bool has_aggr;
	struct bgp_aggregator aggr;
	const struct bgp_as_path *as_path;
	size_t ncomm;
	const uint32_t *comm;
	size_t nlarge;
	const struct bgp_large_community *large;
	size_t next;
	const uint8_t (*ext)[8];
	size_t nunknown;
	const struct bgp_raw_attr *unknown;
	bool unknown_filter; /* skip unknown attributes that are not kept */
};

static void rs_view_of_attrs(const struct bgp_attrs *a, struct rs_attr_view *v)
{
	memset(v, 0, sizeof(*v));
	v->origin = a->origin;
	v->next_hop = bgp_attr_has(a, BGP_ATTR_NEXT_HOP) ? a->next_hop : 0;
	if (bgp_attr_has(a, BGP_ATTR_MP_REACH) && a->mp_reach.nh_len <= 32) {
		v->mp_nh_len = a->mp_reach.nh_len;
		v->mp_nh = a->mp_reach.nh;
	}
	v->has_med = bgp_attr_has(a, BGP_ATTR_MED);
	v->med = v->has_med ? a->med : 0;
	v->atomic = bgp_attr_has(a, BGP_ATTR_ATOMIC_AGGREGATE);
	v->has_aggr = bgp_attr_has(a, BGP_ATTR_AGGREGATOR);
	if (v->has_aggr) {
		/* RFC 6793 4.2.3: AS4_AGGREGATOR counts only when AGGREGATOR says AS_TRANS */
		bool as4 =
		    bgp_attr_has(a, BGP_ATTR_AS4_AGGREGATOR) && a->aggregator.as == BGP_AS_TRANS;
		v->aggr = as4 ? a->as4_aggregator : a->aggregator;
	}
	v->as_path = &a->as_path;
	v->ncomm = a->ncommunities;
	v->comm = a->communities;
	v->nlarge = a->nlarge;
	v->large = a->large;
	v->next = a->next_communities;
	v->ext = (const uint8_t(*)[8])a->ext_communities;
	v->nunknown = a->nunknown;
	v->unknown = a->unknown;
	v->unknown_filter = true;
}

static uint32_t rs_view_hash(const struct rs_attr_view *v)
{
	uint32_t h = RS_FNV_OFFSET;
	h = rs_fnv32(h, v->origin);
	h = rs_fnv32(h, v->next_hop);
	h = rs_fnv(h, v->mp_nh, v->mp_nh_len);
	h = rs_fnv32(h, v->has_med ? v->med ^ 0x5bd1e995u : 0);
	h = rs_fnv32(h, (uint32_t)v->atomic << 1 | v->has_aggr);
	h = rs_fnv32(h, v->aggr.as ^ v->aggr.addr);
	for (size_t i = 0; i < v->as_path->nseg; i++) {
		const struct bgp_as_segment *s = &v->as_path->segs[i];
		h = rs_fnv32(h, (uint32_t)s->type << 8 | s->count);
		for (size_t j = 0; j < s->count; j++)
			h = rs_fnv32(h, s->asns[j]);
	}
	for (size_t i = 0; i < v->ncomm; i++)
		h = rs_fnv32(h, v->comm[i]);
	for (size_t i = 0; i < v->nlarge; i++) {
		h = rs_fnv32(h, v->large[i].global);
		h = rs_fnv32(h, v->large[i].local1);
		h = rs_fnv32(h, v->large[i].local2);
	}
	if (v->next > 0)
		h = rs_fnv(h, v->ext, v->next * 8);
	for (size_t i = 0; i < v->nunknown; i++) {
		const struct bgp_raw_attr *u = &v->unknown[i];
		if (v->unknown_filter && !rs_unknown_kept(u))
			continue;
		h = rs_fnv32(h, (uint32_t)u->flags << 24 | (uint32_t)u->type << 16 | u->len);
		h = rs_fnv(h, u->data, u->len);
	}
	return h;
}

static bool rs_path_eq(const struct bgp_as_path *a, const struct bgp_as_path *b)
{
	if (a->nseg != b->nseg)
		return false;
	for (size_t i = 0; i < a->nseg; i++) {
		const struct bgp_as_segment *x = &a->segs[i], *y = &b->segs[i];
		if (x->type != y->type || x->count != y->count ||
		    (x->count && memcmp(x->asns, y->asns, x->count * sizeof(uint32_t)) != 0))
			return false;
	}
	return true;
}

static bool rs_unknown_eq(const struct rs_attr_view *v, const struct rs_attrset *s)
{
	size_t k = 0;
	for (size_t i = 0; i < v->nunknown; i++) {
		const struct bgp_raw_attr *u = &v->unknown[i];
		if (v->unknown_filter && !rs_unknown_kept(u))
			continue;
		if (k == s->nunknown)
			return false;
		const struct bgp_raw_attr *w = &s->unknown[k++];
		if (u->flags != w->flags || u->type != w->type || u->len != w->len ||
		    (u->len && memcmp(u->data, w->data, u->len) != 0))
			return false;
	}
	return k == s->nunknown;
}

static bool rs_mem_eq(const void *a, const void *b, size_t n)
{
	return n == 0 || memcmp(a, b, n) == 0;
}

static bool rs_view_eq(const struct rs_attr_view *v, const struct rs_attrset *s)
{
	return v->origin == s->origin && v->next_hop == s->next_hop &&
	       v->mp_nh_len == s->mp_nh_len && rs_mem_eq(v->mp_nh, s->mp_nh, v->mp_nh_len) &&
	       v->has_med == s->has_med && v->med == s->med && v->atomic == s->atomic_aggregate &&
	       v->has_aggr == s->has_aggregator && v->aggr.as == s->aggregator.as &&
	       v->aggr.addr == s->aggregator.addr && v->ncomm == s->ncommunities &&
	       rs_mem_eq(v->comm, s->communities, v->ncomm * sizeof(uint32_t)) &&
	       v->nlarge == s->nlarge &&
	       rs_mem_eq(v->large, s->large, v->nlarge * sizeof(*v->large)) &&
	       v->next == s->next_communities &&
	       rs_mem_eq(v->ext, s->ext_communities, v->next * 8) &&
	       rs_path_eq(v->as_path, &s->as_path) && rs_unknown_eq(v, s);
}

static void rs_attrset_destroy(struct rs_attrset *s)
{
	for (size_t i = 0; i < s->as_path.nseg; i++)
		free(s->as_path.segs[i].asns);
	free(s->as_path.segs);
	free(s->communities);
	free(s->large);
	free(s->ext_communities);
	for (size_t i = 0; i < s->nunknown; i++)
		free((void *)s->unknown[i].data);
	free(s->unknown);
	free(s);
}

static void *rs_dup(const void *src, size_t n, bool *fail)
{
	if (n == 0)
		return NULL;
	void *d = malloc(n);
	if (d == NULL)
		*fail = true;
	else
		memcpy(d, src, n);
	return d;
}

static bool rs_copy_path(struct bgp_as_path *dst, const struct bgp_as_path *src)
{
	bool fail = false;
	dst->nseg = 0;
	dst->segs = NULL;
	if (src->nseg == 0)
		return true;
	dst->segs = calloc(src->nseg, sizeof(*dst->segs));
	if (dst->segs == NULL)
		return false;
	dst->nseg = src->nseg;
	for (size_t i = 0; i < src->nseg; i++) {
		dst->segs[i].type = src->segs[i].type;
		dst->segs[i].count = src->segs[i].count;
		dst->segs[i].asns =
		    rs_dup(src->segs[i].asns, src->segs[i].count * sizeof(uint32_t), &fail);
	}
	return !fail;
}

static bool rs_copy_unknown(struct rs_attrset *s, const struct rs_attr_view *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->nunknown; i++)
		n += rs_unknown_kept(&v->unknown[i]);
	if (n == 0)
		return true;
	s->unknown = calloc(n, sizeof(*s->unknown));
	if (s->unknown == NULL)
		return false;
	bool fail = false;
	for (size_t i = 0; i < v->nunknown; i++) {
		const struct bgp_raw_attr *u = &v->unknown[i];
		if (!rs_unknown_kept(u))
			continue;
		struct bgp_raw_attr *w = &s->unknown[s->nunknown++];
		*w = *u;
		w->data = rs_dup(u->data, u->len, &fail);
	}
	return !fail;
}

static struct rs_attrset *rs_attrset_create(const struct rs_attr_view *v, uint32_t hash)
{
	struct rs_attrset *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	bool fail = false;
	s->refs = 1;
	s->hash = hash;
	s->origin = v->origin;
	s->next_hop = v->next_hop;
	s->mp_nh_len = v->mp_nh_len;
	if (v->mp_nh_len)
		memcpy(s->mp_nh, v->mp_nh, v->mp_nh_len);
	s->has_med = v->has_med;
	s->med = v->med;
	s->atomic_aggregate = v->atomic;
	s->has_aggregator = v->has_aggr;
	s->aggregator = v->aggr;
	s->aspath_len = rs_as_path_length(v->as_path);
	if (!rs_copy_path(&s->as_path, v->as_path))
		fail = true;
	s->communities = rs_dup(v->comm, v->ncomm * sizeof(uint32_t), &fail);
	s->ncommunities = v->ncomm;
	s->large = rs_dup(v->large, v->nlarge * sizeof(*v->large), &fail);
	s->nlarge = v->nlarge;
	s->ext_communities = rs_dup(v->ext, v->next * 8, &fail);
	s->next_communities = v->next;
	if (!rs_copy_unknown(s, v))
		fail = true;
	if (fail) {
		rs_attrset_destroy(s);
		return NULL;
	}
	return s;
}

struct rs_attrtab *rs_attrtab_new(void)
{
	struct rs_attrtab *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	t->nbucket = 256;
	t->bucket = calloc(t->nbucket, sizeof(*t->bucket));
	if (t->bucket == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

void rs_attrtab_free(struct rs_attrtab *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nbucket; i++) {
		struct rs_attrset *s = t->bucket[i];
		while (s != NULL) {
			struct rs_attrset *next = s->next;
			rs_attrset_destroy(s);
			s = next;
		}
	}
	free(t->bucket);
	free(t);
}

static void rs_attrtab_grow(struct rs_attrtab *t)
{
	size_t n = t->nbucket * 2;
	struct rs_attrset **b = calloc(n, sizeof(*b));
	if (b == NULL)
		return; /* keep the longer chains */
	for (size_t i = 0; i < t->nbucket; i++) {
		struct rs_attrset *s = t->bucket[i];
		while (s != NULL) {
			struct rs_attrset *next = s->next;
			s->next = b[s->hash & (n - 1)];
			b[s->hash & (n - 1)] = s;
			s = next;
		}
	}
	free(t->bucket);
	t->bucket = b;
	t->nbucket = n;
}

struct rs_attrset *rs_attrtab_intern(struct rs_attrtab *t, const struct bgp_attrs *a)
{
	struct rs_attr_view v;
	rs_view_of_attrs(a, &v);
	uint32_t h = rs_view_hash(&v);
	for (struct rs_attrset *s = t->bucket[h & (t->nbucket - 1)]; s != NULL; s = s->next) {
		if (s->hash == h && rs_view_eq(&v, s)) {
			s->refs++;
			return s;
		}
	}
	struct rs_attrset *s = rs_attrset_create(&v, h);
	if (s == NULL)
		return NULL;
	if (t->count >= t->nbucket)
		rs_attrtab_grow(t);
	s->next = t->bucket[h & (t->nbucket - 1)];
	t->bucket[h & (t->nbucket - 1)] = s;
	t->count++;
	return s;
}

void rs_attrset_ref(struct rs_attrset *s)
{
	s->refs++;
}

void rs_attrset_unref(struct rs_attrtab *t, struct rs_attrset *s)
{
	if (s == NULL || --s->refs > 0)
		return;
	struct rs_attrset **pp = &t->bucket[s->hash & (t->nbucket - 1)];
	while (*pp != NULL && *pp != s)
		pp = &(*pp)->next;
	if (*pp == s) {
		*pp = s->next;
		t->count--;
	}
	rs_attrset_destroy(s);
}

size_t rs_attrtab_count(const struct rs_attrtab *t)
{
	return t->count;
}
