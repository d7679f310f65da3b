/* h_fib.c: longest-prefix match and recursive next-hop resolution. */
#include "h_fib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_addr.h"

#define H_FIB_MAX_DEPTH 8

const char *h_fib_src_name(enum h_fib_src s)
{
	switch (s) {
	case H_FIB_CONNECTED:
		return "connected";
	case H_FIB_STATIC:
		return "static";
	case H_FIB_DEFAULT:
		return "default";
	case H_FIB_BGP:
		return "bgp";
	}
	return "?";
}

void h_fib_init(struct h_fib *f)
{
	f->n = f->cap = 0;
	f->r = NULL;
}

void h_fib_free(struct h_fib *f)
{
	free(f->r);
	h_fib_init(f);
}

int h_fib_add(struct h_fib *f, uint32_t net, uint8_t len, uint32_t via, enum h_fib_src src,
              int owner)
{
	size_t i;

	net &= bgp_ipv4_mask(len);
	for (i = 0; i < f->n; i++) {
		struct h_fib_route *r = &f->r[i];
		if (r->net == net && r->len == len && r->src == src &&
		    (src != H_FIB_BGP || r->owner == owner)) {
			r->via = via;
			return 0;
		}
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct h_fib_route *m = realloc(f->r, cap * sizeof(*m));
		if (!m)
			return -1;
		f->r = m;
		f->cap = cap;
	}
	f->r[f->n++] = (struct h_fib_route){net, len, via, src, owner};
	return 0;
}

void h_fib_del(struct h_fib *f, uint32_t net, uint8_t len, int owner)
{
	size_t i = 0;

	net &= bgp_ipv4_mask(len);
	while (i < f->n) {
		struct h_fib_route *r = &f->r[i];
		if (r->src == H_FIB_BGP && r->net == net && r->len == len &&
		    (owner < 0 || r->owner == owner))
			f->r[i] = f->r[--f->n];
		else
			i++;
	}
}

void h_fib_flush_owner(struct h_fib *f, int owner)
{
	size_t i = 0;

	while (i < f->n) {
		if (f->r[i].src == H_FIB_BGP && f->r[i].owner == owner)
			f->r[i] = f->r[--f->n];
		else
			i++;
	}
}

/* Among equal prefixes a connected route beats a static one, which beats BGP
 * (administrative distance); the lower enum value wins. */
const struct h_fib_route *h_fib_lookup(const struct h_fib *f, uint32_t dst)
{
	const struct h_fib_route *best = NULL;
	size_t i;

	for (i = 0; i < f->n; i++) {
		const struct h_fib_route *r = &f->r[i];
		if ((dst & bgp_ipv4_mask(r->len)) != r->net)
			continue;
		if (!best || r->len > best->len || (r->len == best->len && r->src < best->src))
			best = r;
	}
	return best;
}

void h_fib_resolve(const struct h_fib *f, uint32_t dst, struct h_fib_res *res)
{
	uint32_t cur = dst;
	uint32_t seen[H_FIB_MAX_DEPTH];
	size_t o = 0;
	char a[16], n[16], v[16];
	unsigned d;

	memset(res, 0, sizeof(*res));
	bgp_addr_format_ipv4(dst, a, sizeof(a));
	o += (size_t)snprintf(res->why, sizeof(res->why), "%s", a);
	for (d = 0; d < H_FIB_MAX_DEPTH; d++) {
		const struct h_fib_route *r = h_fib_lookup(f, cur);
		unsigned k;

		if (!r) {
			snprintf(res->why + o, sizeof(res->why) - o, ": no route");
			return;
		}
		if (d == 0)
			res->first = *r;
		bgp_addr_format_ipv4(r->net, n, sizeof(n));
		bgp_addr_format_ipv4(r->via, v, sizeof(v));
		if (r->src == H_FIB_CONNECTED) {
			if (o < sizeof(res->why))
				snprintf(res->why + o, sizeof(res->why) - o,
				         " via %s/%u (connected)", n, r->len);
			res->reachable = true;
			res->gateway = cur;
			res->depth = d;
			return;
		}
		if (o < sizeof(res->why))
			o += (size_t)snprintf(res->why + o, sizeof(res->why) - o,
			                      " via %s/%u (%s, next hop %s)", n, r->len,
			                      h_fib_src_name(r->src), v);
		if (o > sizeof(res->why))
			o = sizeof(res->why);
		seen[d] = cur;
		for (k = 0; k <= d; k++) {
			if (seen[k] == r->via) {
				if (o < sizeof(res->why))
					snprintf(res->why + o, sizeof(res->why) - o,
					         ": recursion loop, the next hop resolves "
					         "through itself");
				return;
			}
		}
		cur = r->via;
	}
	if (o < sizeof(res->why))
		snprintf(res->why + o, sizeof(res->why) - o, ": too deep");
}
