/* bgp_arena.h: a bump allocator the codec allocates from; reset per message. */
#ifndef RSCERT_BGP_ARENA_H
#define RSCERT_BGP_ARENA_H

#include <stddef.h>
#include <stdint.h>

struct bgp_arena {
	uint8_t *base;
	size_t cap;
	size_t used;
};

/* Use caller memory (stack or heap) of cap bytes. */
void bgp_arena_init(struct bgp_arena *a, void *mem, size_t cap);
/* n bytes aligned to max_align_t, or NULL when the arena is full. */
void *bgp_arena_alloc(struct bgp_arena *a, size_t n);
/* Zeroed n * size bytes (overflow checked), or NULL. */
void *bgp_arena_calloc(struct bgp_arena *a, size_t n, size_t size);
void bgp_arena_reset(struct bgp_arena *a);
/* Give back the tail of p, which must be the most recent allocation,
 * keeping its first n bytes. */
void bgp_arena_shrink_last(struct bgp_arena *a, void *p, size_t n);

/* Enough for any decoded message up to 65535 bytes: the worst case is a
 * message full of /0 prefixes (1 input byte -> one 24-byte bgp_prefix). */
#define BGP_ARENA_SIZE (2u << 20)

#endif
