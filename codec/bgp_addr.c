/* bgp_addr.c: addresses and prefixes as text (see bgp_addr.h). inet_pton
 * and inet_ntop do the address syntax; this file adds the length, the
 * host-bit rule and the reasons. */
#include "bgp_addr.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const char *bgp_addr_reason(enum bgp_addr_err e)
{
	switch (e) {
	case BGP_ADDR_OK:
		return "ok";
	case BGP_ADDR_EMPTY:
		return "empty";
	case BGP_ADDR_NOT_IPV4:
		return "not an IPv4 address (a.b.c.d, each part 0-255)";
	case BGP_ADDR_NOT_IPV6:
		return "not an IPv6 address";
	case BGP_ADDR_NO_LENGTH:
		return "no /LENGTH after the address";
	case BGP_ADDR_BAD_LENGTH:
		return "the length is not a decimal number";
	case BGP_ADDR_LENGTH_RANGE:
		return "the length is over 32 (IPv4) or 128 (IPv6)";
	case BGP_ADDR_HOST_BITS:
		return "host bits set past the length";
	}
	return "unknown address error";
}

enum bgp_addr_err bgp_addr_parse_ipv4(const char *s, uint32_t *out)
{
	struct in_addr a;

	if (s == NULL || *s == '\0')
		return BGP_ADDR_EMPTY;
	if (inet_pton(AF_INET, s, &a) != 1)
		return BGP_ADDR_NOT_IPV4;
	*out = ntohl(a.s_addr);
	return BGP_ADDR_OK;
}

enum bgp_addr_err bgp_addr_parse_ip(const char *s, struct bgp_ip *out)
{
	memset(out, 0, sizeof(*out));
	if (s == NULL || *s == '\0')
		return BGP_ADDR_EMPTY;
	if (strchr(s, ':') != NULL) {
		out->afi = BGP_AFI_IPV6;
		return inet_pton(AF_INET6, s, out->addr) == 1 ? BGP_ADDR_OK : BGP_ADDR_NOT_IPV6;
	}
	out->afi = BGP_AFI_IPV4;
	return inet_pton(AF_INET, s, out->addr) == 1 ? BGP_ADDR_OK : BGP_ADDR_NOT_IPV4;
}

/* One to three decimal digits and nothing else. */
static enum bgp_addr_err bgp_addr_parse_len(const char *s, unsigned max, unsigned *out)
{
	unsigned v = 0;
	size_t n = 0;

	for (; s[n] >= '0' && s[n] <= '9' && n < 4; n++)
		v = v * 10 + (unsigned)(s[n] - '0');
	if (n == 0 || n > 3 || s[n] != '\0')
		return BGP_ADDR_BAD_LENGTH;
	if (v > max)
		return BGP_ADDR_LENGTH_RANGE;
	*out = v;
	return BGP_ADDR_OK;
}

/* Clear (or find) the bits of addr past len bits. Returns whether any was set. */
static bool bgp_addr_host_bits(uint8_t *addr, unsigned len, bool clear)
{
	bool set = false;

	for (unsigned i = 0; i < 16; i++) {
		uint8_t keep = i * 8 >= len      ? 0
		               : i * 8 + 8 > len ? (uint8_t)(0xff00u >> (len & 7))
		                                 : 0xff;

		set |= (addr[i] & (uint8_t)~keep) != 0;
		if (clear)
			addr[i] &= keep;
	}
	return set;
}

enum bgp_addr_err bgp_addr_parse_prefix(const char *s, enum bgp_host_bits rule,
                                        struct bgp_prefix *out)
{
	char a[BGP_IP_TEXT];
	struct bgp_ip ip;
	enum bgp_addr_err e;
	unsigned len;

	memset(out, 0, sizeof(*out));
	if (s == NULL || *s == '\0')
		return BGP_ADDR_EMPTY;
	const char *slash = strchr(s, '/');
	if (slash == NULL)
		return BGP_ADDR_NO_LENGTH;
	size_t alen = (size_t)(slash - s);
	if (alen >= sizeof(a))
		return strchr(s, ':') != NULL ? BGP_ADDR_NOT_IPV6 : BGP_ADDR_NOT_IPV4;
	memcpy(a, s, alen);
	a[alen] = '\0';
	e = bgp_addr_parse_ip(a, &ip);
	if (e != BGP_ADDR_OK)
		return e;
	e = bgp_addr_parse_len(slash + 1, ip.afi == BGP_AFI_IPV6 ? 128 : 32, &len);
	if (e != BGP_ADDR_OK)
		return e;
	if (bgp_addr_host_bits(ip.addr, len, rule == BGP_HOST_BITS_CLEAR) &&
	    rule == BGP_HOST_BITS_REFUSE)
		return BGP_ADDR_HOST_BITS;
	out->afi = ip.afi;
	out->len = (uint8_t)len;
	memcpy(out->addr, ip.addr, sizeof(out->addr));
	return BGP_ADDR_OK;
}

int bgp_parse_prefix(const char *s, struct bgp_prefix *out)
{
	return bgp_addr_parse_prefix(s, BGP_HOST_BITS_CLEAR, out) == BGP_ADDR_OK ? 0 : -1;
}

size_t bgp_addr_format_ipv4(uint32_t a, char *out, size_t cap)
{
	int r = snprintf(out, cap, "%u.%u.%u.%u", (unsigned)(a >> 24), (unsigned)((a >> 16) & 255),
	                 (unsigned)((a >> 8) & 255), (unsigned)(a & 255));

	return r < 0 ? 0 : (size_t)r;
}

size_t bgp_addr_format_ip(uint16_t afi, const uint8_t *addr, char *out, size_t cap)
{
	char a[BGP_IP_TEXT];
	int r;

	if (afi != BGP_AFI_IPV6)
		return bgp_addr_format_ipv4((uint32_t)addr[0] << 24 | (uint32_t)addr[1] << 16 |
		                                (uint32_t)addr[2] << 8 | addr[3],
		                            out, cap);
	if (inet_ntop(AF_INET6, addr, a, sizeof(a)) == NULL)
		a[0] = '\0';
	r = snprintf(out, cap, "%s", a);
	return r < 0 ? 0 : (size_t)r;
}

size_t bgp_format_prefix(const struct bgp_prefix *p, char *out, size_t cap)
{
	char a[BGP_IP_TEXT];
	int r;

	bgp_addr_format_ip(p->afi, p->addr, a, sizeof(a));
	r = snprintf(out, cap, "%s/%u", a, p->len);
	return r < 0 ? 0 : (size_t)r;
}

uint32_t bgp_prefix_ipv4(const struct bgp_prefix *p)
{
	return (uint32_t)p->addr[0] << 24 | (uint32_t)p->addr[1] << 16 | (uint32_t)p->addr[2] << 8 |
	       p->addr[3];
}

uint32_t bgp_ipv4_mask(unsigned len)
{
	return len == 0 ? 0 : len >= 32 ? UINT32_MAX : UINT32_MAX << (32 - len);
}

void bgp_prefix_nth(const struct bgp_prefix *p, unsigned i, struct bgp_prefix *out)
{
	unsigned bits = p->afi == BGP_AFI_IPV6 ? 128 : 32;
	unsigned shift;
	uint64_t carry;

	*out = *p;
	if (p->len == 0 || p->len > bits || i == 0)
		return;
	/* add i at the prefix's last bit, byte by byte from the right */
	shift = bits - p->len;
	carry = (uint64_t)i << (shift % 8);
	for (int b = (int)(bits / 8 - 1 - shift / 8); b >= 0 && carry; b--) {
		carry += out->addr[b];
		out->addr[b] = (uint8_t)carry;
		carry >>= 8;
	}
}
