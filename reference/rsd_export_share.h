/* rsd_export_share.h: the UPDATEs of one export batch, encoded once and
 * copied to every session that is sent the same run of prefixes with the
 * same attributes (rsd_export_share.c). Used by rsd_export.c only. */
#ifndef RSCERT_RSD_EXPORT_SHARE_H
#define RSCERT_RSD_EXPORT_SHARE_H

#include "rs_export.h"
#include "rsd_daemon.h"

struct rsd_share;

/* For a batch of nk prefixes. NULL when out of memory (nothing shared). */
struct rsd_share *rsd_share_new(size_t nk);
void rsd_share_free(struct rsd_share *sh);

/* Announce ch[k0 .. k0 + n) on c with the attributes of the decision adv
 * (whose key is key; rs_export_attrs): encoded the first time, a copy of
 * the same bytes for every later session with the same encoding.
 * 0 when done (the connection may have gone meanwhile); -1 when it could
 * not be shared (out of memory, or the attributes do not fit a message):
 * the caller packs it itself then. */
int rsd_share_send(struct rsd_share *sh, struct rsd_conn *c, const void *key,
                   const struct rs_advert *adv, const struct bgp_prefix *ch, size_t k0, size_t n);

#endif
