/* fz_compare.h: semantic equality of two decoded messages. */
#ifndef RSCERT_FZ_COMPARE_H
#define RSCERT_FZ_COMPARE_H

#include <stddef.h>

#include "bgp_msg.h"

/* 0 when equal; else writes what differs into why (snprintf) and
 * returns 1. Ignores what the encoder may choose: the extended length
 * flag and the unused low flag bits, the message length, the RFC 9072
 * OPEN form, the order of the capabilities the OPEN digest describes. */
int fz_msg_compare(const struct bgp_msg *a, const struct bgp_msg *b, char *why, size_t cap);

/* The same for two attribute sets. */
int fz_attrs_compare(const struct bgp_attrs *a, const struct bgp_attrs *b, char *why, size_t cap);

#endif
