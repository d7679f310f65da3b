/* rs_prefix.c: prefix and AS path helpers shared by the core. */
#include <string.h>

#include "bgp_codec.h"
#include "rs_rib.h"

static size_t rs_prefix_bytes(unsigned afi)
{
	return afi == BGP_AFI_IPV6 ? 16 : 4;
}

int rs_prefix_cmp(const struct bgp_prefix *a, const struct bgp_prefix *b)
{
	if (a->afi != b->afi)
		return a->afi < b->afi ? -1 : 1;
	if (rs_prefix_bytes(a->afi) == 4) {
		/* the 4 bytes as one number: the order of memcmp, without the call */
		uint32_t x = (uint32_t)a->addr[0] << 24 | (uint32_t)a->addr[1] << 16 |
		             (uint32_t)a->addr[2] << 8 | a->addr[3];
		uint32_t y = (uint32_t)b->addr[0] << 24 | (uint32_t)b->addr[1] << 16 |
		             (uint32_t)b->addr[2] << 8 | b->addr[3];
		if (x != y)
			return x < y ? -1 : 1;
	} else {
		int c = memcmp(a->addr, b->addr, rs_prefix_bytes(a->afi));
		if (c != 0)
			return c < 0 ? -1 : 1;
	}
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return 0;
}

bool rs_prefix_covers(const struct bgp_prefix *outer, const struct bgp_prefix *inner)
{
	if (outer->afi != inner->afi || inner->len < outer->len)
		return false;
	unsigned full = outer->len / 8, rest = outer->len % 8;
	if (memcmp(outer->addr, inner->addr, full) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xFFu << (8 - rest));
	return (outer->addr[full] & mask) == (inner->addr[full] & mask);
}

unsigned rs_as_path_length(const struct bgp_as_path *p)
{
	return bgp_as_path_length(p);
}

bool rs_as_path_contains(const struct bgp_as_path *p, uint32_t asn)
{
	return bgp_as_path_contains(p, asn) != 0;
}
