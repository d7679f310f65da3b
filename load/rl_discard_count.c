/* rl_discard_count.c: prefixes of an UPDATE counted by walking its
 * withdrawn routes and NLRI (one length octet, then the address octets);
 * the path attributes are skipped, not decoded. */
#include "bgp_msg.h"
#include "rl_discard.h"

/* Prefixes in f[0..len); -1 when the last one runs past the end. */
static long rl_discard_walk(const uint8_t *f, size_t len)
{
	size_t off = 0;
	long n = 0;

	while (off < len) {
		if (f[off] > 32)
			return -1;
		off += 1 + (f[off] + 7u) / 8;
		n++;
	}
	return off == len ? n : -1;
}

int rl_discard_update(struct rl_dstats *st, const uint8_t *m, size_t len)
{
	const uint8_t *b = m + BGP_HEADER_LEN;
	size_t bl, wl, al;
	long w, a;

	if (len < BGP_HEADER_LEN + 4)
		return -1;
	bl = len - BGP_HEADER_LEN;
	wl = (size_t)b[0] << 8 | b[1];
	if (2 + wl + 2 > bl)
		return -1;
	al = (size_t)b[2 + wl] << 8 | b[3 + wl];
	if (4 + wl + al > bl)
		return -1;
	w = rl_discard_walk(b + 2, wl);
	a = rl_discard_walk(b + 4 + wl + al, bl - 4 - wl - al);
	if (w < 0 || a < 0)
		return -1;
	st->withdrawn += (uint64_t)w;
	st->prefixes += (uint64_t)a;
	return 0;
}
