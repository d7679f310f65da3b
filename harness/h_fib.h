/* h_fib.h: the fake NVA's own forwarding table.
 *
 * Connected subnet, default gateway, static routes and BGP-learned routes,
 * longest-prefix match with recursive next-hop resolution. It reproduces the
 * missing static route of docs/SPEC.md (ARS-STATIC-ROUTE): a learned route whose next hop
 * lies inside its own prefix captures the route server's address, and the
 * resolution loops. */
#ifndef RSCERT_H_FIB_H
#define RSCERT_H_FIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum h_fib_src { H_FIB_CONNECTED = 0, H_FIB_STATIC, H_FIB_DEFAULT, H_FIB_BGP };

struct h_fib_route {
	uint32_t net; /* host order, masked */
	uint8_t len;
	uint32_t via; /* next hop, 0 for connected */
	enum h_fib_src src;
	int owner; /* session that learned it (BGP), -1 otherwise */
};

/* The table grows as routes are learned; h_fib_free gives the memory back. */
struct h_fib {
	size_t n, cap;
	struct h_fib_route *r;
};

/* Result of resolving a destination. */
struct h_fib_res {
	bool reachable;
	uint32_t gateway;         /* the on-link address traffic goes to */
	struct h_fib_route first; /* the route that matched the destination */
	unsigned depth;
	char why[256]; /* "10.0.255.4 via 10.0.0.0/16 (bgp, next hop 10.0.255.4): loop" */
};

void h_fib_init(struct h_fib *f);
void h_fib_free(struct h_fib *f);
/* Add or replace (same prefix and source). -1 when out of memory. */
int h_fib_add(struct h_fib *f, uint32_t net, uint8_t len, uint32_t via, enum h_fib_src src,
              int owner);
/* Remove a BGP route of owner (owner < 0: any owner). */
void h_fib_del(struct h_fib *f, uint32_t net, uint8_t len, int owner);
/* Remove every BGP route of owner. */
void h_fib_flush_owner(struct h_fib *f, int owner);
/* Longest-prefix match, or NULL. */
const struct h_fib_route *h_fib_lookup(const struct h_fib *f, uint32_t dst);
/* Resolve dst recursively to an on-link gateway. */
void h_fib_resolve(const struct h_fib *f, uint32_t dst, struct h_fib_res *res);
const char *h_fib_src_name(enum h_fib_src s);

#endif
