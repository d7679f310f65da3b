/* rs_test_helpers.c: building prefixes and attributes for the core's tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "rs_test_helpers.h"

struct bgp_prefix rs_test_prefix(const char *s)
{
	struct bgp_prefix p;
	assert_int_equal(bgp_addr_parse_prefix(s, BGP_HOST_BITS_REFUSE, &p), BGP_ADDR_OK);
	return p;
}

uint32_t rs_test_addr(const char *s)
{
	uint32_t a;
	assert_int_equal(bgp_addr_parse_ipv4(s, &a), BGP_ADDR_OK);
	return a;
}

void rs_test_attrs_segment(struct rs_test_attrs *t, uint8_t type, const uint32_t *asns, size_t n)
{
	size_t i = t->a.as_path.nseg;
	assert_true(i < 4 && n <= 16);
	t->seg[i].type = type;
	t->seg[i].count = (uint8_t)n;
	t->seg[i].asns = t->asns[i];
	if (n)
		memcpy(t->asns[i], asns, n * sizeof(uint32_t));
	t->a.as_path.segs = t->seg;
	t->a.as_path.nseg = i + 1;
}

void rs_test_attrs_init(struct rs_test_attrs *t, const char *nh, const uint32_t *path, size_t n)
{
	memset(t, 0, sizeof(*t));
	t->a.origin = BGP_ORIGIN_IGP;
	bgp_attr_set(&t->a, BGP_ATTR_ORIGIN);
	bgp_attr_set(&t->a, BGP_ATTR_AS_PATH);
	t->a.next_hop = rs_test_addr(nh);
	bgp_attr_set(&t->a, BGP_ATTR_NEXT_HOP);
	if (n > 0)
		rs_test_attrs_segment(t, BGP_SEG_SEQUENCE, path, n);
}

void rs_test_attrs_community(struct rs_test_attrs *t, uint32_t comm)
{
	assert_true(t->a.ncommunities < 8);
	t->comm[t->a.ncommunities++] = comm;
	t->a.communities = t->comm;
	bgp_attr_set(&t->a, BGP_ATTR_COMMUNITIES);
}

struct rs_attrset *rs_test_intern(struct rs_attrtab *tab, const char *nh, size_t len)
{
	uint32_t path[16];
	struct rs_test_attrs t;
	assert_true(len <= 16);
	for (size_t i = 0; i < len; i++)
		path[i] = 65001 + (uint32_t)i;
	rs_test_attrs_init(&t, nh, path, len);
	struct rs_attrset *s = rs_attrtab_intern(tab, &t.a);
	assert_non_null(s);
	return s;
}
