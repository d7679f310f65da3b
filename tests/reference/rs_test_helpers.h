/* rs_test_helpers.h: building prefixes and attributes for the core's tests. */
#ifndef RSCERT_RS_TEST_HELPERS_H
#define RSCERT_RS_TEST_HELPERS_H

#include "rs_rib.h"

/* "10.1.0.0/16"; fails the test on a bad string. */
struct bgp_prefix rs_test_prefix(const char *s);
uint32_t rs_test_addr(const char *s);

/* Attributes of a decoded UPDATE, arrays owned by the struct. */
struct rs_test_attrs {
	struct bgp_attrs a;
	struct bgp_as_segment seg[4];
	uint32_t asns[4][16];
	uint32_t comm[8];
	struct bgp_raw_attr unknown[2];
	uint8_t unknown_data[2][8];
};

/* ORIGIN IGP, NEXT_HOP nh, AS_PATH one AS_SEQUENCE of path[0..n). */
void rs_test_attrs_init(struct rs_test_attrs *t, const char *nh, const uint32_t *path, size_t n);
/* Append a segment of the given type. */
void rs_test_attrs_segment(struct rs_test_attrs *t, uint8_t type, const uint32_t *asns, size_t n);
void rs_test_attrs_community(struct rs_test_attrs *t, uint32_t comm);

/* Intern attributes with next hop nh and a path of len ASNs (65001..). */
struct rs_attrset *rs_test_intern(struct rs_attrtab *tab, const char *nh, size_t len);

#endif
