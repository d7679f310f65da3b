/* bgp_addr.h: IPv4 and IPv6 addresses and prefixes as text, for the whole
 * project (configs, control requests, case files, reports, logs).
 *
 * Parsers return an error value; bgp_addr_reason() turns it into the rule
 * that was broken, for the caller's message ("bad prefix '10.1.2.3/16':
 * host bits set past the length"). They never print and never exit.
 * Formatters have snprintf semantics: they return the length the whole text
 * needs and write at most cap bytes, always terminated when cap > 0.
 *
 * IPv4 addresses appear in two forms: a uint32_t in host byte order (the
 * harness, the reference's peers) and 4 bytes in network order inside
 * struct bgp_prefix / struct bgp_ip. */
#ifndef RSCERT_BGP_ADDR_H
#define RSCERT_BGP_ADDR_H

#include <stddef.h>
#include <stdint.h>

#include "bgp_msg.h"

/* Room for any text these functions write, terminator included. */
#define BGP_IPV4_TEXT   16 /* "255.255.255.255" */
#define BGP_IP_TEXT     46 /* INET6_ADDRSTRLEN */
#define BGP_PREFIX_TEXT 50 /* an IPv6 address, "/128" */

/* What to do with a prefix whose address has bits set past its length. */
enum bgp_host_bits {
	BGP_HOST_BITS_REFUSE, /* an error: configs and requests mean what they say */
	BGP_HOST_BITS_CLEAR,  /* cleared, as a BGP speaker does with NLRI */
};

enum bgp_addr_err {
	BGP_ADDR_OK = 0,
	BGP_ADDR_EMPTY,        /* nothing to parse */
	BGP_ADDR_NOT_IPV4,     /* not a.b.c.d with each part 0-255 */
	BGP_ADDR_NOT_IPV6,     /* has a ':' but is not an IPv6 address */
	BGP_ADDR_NO_LENGTH,    /* a prefix without "/LENGTH" */
	BGP_ADDR_BAD_LENGTH,   /* the length is not a plain decimal number */
	BGP_ADDR_LENGTH_RANGE, /* over 32 for IPv4, over 128 for IPv6 */
	BGP_ADDR_HOST_BITS,    /* bits set past the length, with BGP_HOST_BITS_REFUSE */
};

/* One line naming the rule, e.g. "host bits set past the length". */
const char *bgp_addr_reason(enum bgp_addr_err e);

/* An address of either family. */
struct bgp_ip {
	uint16_t afi;     /* BGP_AFI_IPV4 or BGP_AFI_IPV6 */
	uint8_t addr[16]; /* network order; IPv4 uses the first 4 bytes */
};

/* "10.0.255.4" into host order. */
enum bgp_addr_err bgp_addr_parse_ipv4(const char *s, uint32_t *out);
/* "10.0.255.4" or "2001:db8::1". */
enum bgp_addr_err bgp_addr_parse_ip(const char *s, struct bgp_ip *out);
/* "10.1.0.0/16" or "2001:db8::/32"; path_id is 0, bytes past len are zero. */
enum bgp_addr_err bgp_addr_parse_prefix(const char *s, enum bgp_host_bits rule,
                                        struct bgp_prefix *out);
/* The short form used by tests and tools: host bits cleared; 0 or -1. */
int bgp_parse_prefix(const char *s, struct bgp_prefix *out);

/* A host-order IPv4 address as "a.b.c.d". */
size_t bgp_addr_format_ipv4(uint32_t a, char *out, size_t cap);
/* 4 (afi BGP_AFI_IPV4) or 16 bytes in network order, as inet_ntop writes them. */
size_t bgp_addr_format_ip(uint16_t afi, const uint8_t *addr, char *out, size_t cap);
/* "10.1.0.0/16", "2001:db8::/32" (the path identifier is not shown). */
size_t bgp_format_prefix(const struct bgp_prefix *p, char *out, size_t cap);

/* The first 4 bytes of a prefix's address, in host order (its network when
 * the prefix is IPv4). */
uint32_t bgp_prefix_ipv4(const struct bgp_prefix *p);
/* The netmask of an IPv4 length (0 to 32), in host order. */
uint32_t bgp_ipv4_mask(unsigned len);
/* The i-th prefix of p's length counted from p: "10.100.0.0/24" and 256 give
 * "10.101.0.0/24"; both families, carrying past the first byte. A /0 or i 0
 * gives p itself; a count past the end of the family's space wraps. */
void bgp_prefix_nth(const struct bgp_prefix *p, unsigned i, struct bgp_prefix *out);

#endif
