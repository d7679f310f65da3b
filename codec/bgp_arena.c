/* bgp_arena.c: bump allocator. */
#include "bgp_arena.h"

#include <stdalign.h>
#include <string.h>

void bgp_arena_init(struct bgp_arena *a, void *mem, size_t cap)
{
	a->base = mem;
	a->cap = cap;
	a->used = 0;
}

void *bgp_arena_alloc(struct bgp_arena *a, size_t n)
{
	size_t align = alignof(max_align_t);
	size_t start = (a->used + align - 1) & ~(align - 1);

	if (start > a->cap || n > a->cap - start)
		return NULL;
	a->used = start + n;
	return a->base + start;
}

void *bgp_arena_calloc(struct bgp_arena *a, size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	p = bgp_arena_alloc(a, n * size);
	if (p != NULL)
		memset(p, 0, n * size);
	return p;
}

void bgp_arena_reset(struct bgp_arena *a)
{
	a->used = 0;
}

void bgp_arena_shrink_last(struct bgp_arena *a, void *p, size_t n)
{
	size_t start = (size_t)((uint8_t *)p - a->base);

	if (p != NULL && start <= a->used && n <= a->used - start)
		a->used = start + n;
}
