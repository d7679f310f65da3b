/* bgp_text.c: the helpers that append text to a bounded buffer, shared by
 * the message formatter (bgp_format.c) and the attribute and AS path
 * formatters (bgp_attr.c, bgp_aspath.c). A leaf: it calls back into none
 * of them, so the formatter and the per-part files do not form a circle. */
#include "bgp_int.h"

#include <stdarg.h>
#include <stdio.h>

void bgp_fmt(char *out, size_t cap, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(*n < cap ? out + *n : NULL, *n < cap ? cap - *n : 0, fmt, ap);
	va_end(ap);
	if (r > 0)
		*n += (size_t)r;
}

void bgp_fmt_ipv4(char *out, size_t cap, size_t *n, uint32_t a)
{
	char s[BGP_IPV4_TEXT];

	bgp_addr_format_ipv4(a, s, sizeof(s));
	bgp_fmt(out, cap, n, "%s", s);
}

const char *bgp_afi_safi_name(uint16_t afi, uint8_t safi, char *buf, size_t cap)
{
	const char *a = afi == BGP_AFI_IPV4 ? "ipv4" : afi == BGP_AFI_IPV6 ? "ipv6" : NULL;

	if (a != NULL && safi == BGP_SAFI_UNICAST)
		snprintf(buf, cap, "%s/unicast", a);
	else
		snprintf(buf, cap, "%u/%u", afi, safi);
	return buf;
}
