/* h_certify_wmsg.h: the BGP messages of one reassembled TCP stream between
 * the NVA and an instance, folded into the observation (h_certify_wire.h). */
#ifndef RSCERT_H_CERTIFY_WMSG_H
#define RSCERT_H_CERTIFY_WMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "h_certify_wire.h"

/* The unread bytes of one direction of a connection. */
struct h_wstream {
	uint8_t *buf;
	size_t len, cap;
	bool resync; /* after a gap: skip to the next marker */
};

/* Read every whole message in s (instance k, sent by the NVA or to it). */
void h_wmsg_drain(struct h_cwire *w, int k, bool from_nva, struct h_wstream *s, double now);

#endif
