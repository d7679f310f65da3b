/* rs_prefix.c: prefix and AS path helpers shared by the core. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
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
	int c = memcmp(a->addr, b->addr, rs_prefix_bytes(a->afi));
	if (c != 0)
		return c < 0 ? -1 : 1;
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

int rs_parse_addr4(const char *s, uint32_t *out)
{
	struct in_addr a;
	if (inet_pton(AF_INET, s, &a) != 1)
		return -1;
	*out = ntohl(a.s_addr);
	return 0;
}

static int rs_parse_len(const char *s, unsigned max, unsigned *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	unsigned long v = strtoul(s, &end, 10);
	if (*end != '\0' || v > max || end - s > 3)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int rs_parse_prefix(const char *s, struct bgp_prefix *out)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	if (slash == NULL || (size_t)(slash - s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	memset(out, 0, sizeof(*out));
	unsigned len;
	if (strchr(buf, ':') != NULL) {
		if (inet_pton(AF_INET6, buf, out->addr) != 1 || rs_parse_len(slash + 1, 128, &len))
			return -1;
		out->afi = BGP_AFI_IPV6;
	} else {
		if (inet_pton(AF_INET, buf, out->addr) != 1 || rs_parse_len(slash + 1, 32, &len))
			return -1;
		out->afi = BGP_AFI_IPV4;
	}
	out->len = (uint8_t)len;
	/* host bits must be zero */
	for (unsigned bit = len; bit < rs_prefix_bytes(out->afi) * 8; bit++)
		if (out->addr[bit / 8] & (0x80u >> (bit % 8)))
			return -1;
	return 0;
}

size_t rs_format_prefix(const struct bgp_prefix *p, char *out, size_t cap)
{
	char a[INET6_ADDRSTRLEN] = "?";
	inet_ntop(p->afi == BGP_AFI_IPV6 ? AF_INET6 : AF_INET, p->addr, a, sizeof(a));
	int n = snprintf(out, cap, "%s/%u", a, p->len);
	return n < 0 ? 0 : (size_t)n;
}

size_t rs_format_addr4(uint32_t a, char *out, size_t cap)
{
	int n =
	    snprintf(out, cap, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
	return n < 0 ? 0 : (size_t)n;
}
