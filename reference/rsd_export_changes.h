/* rsd_export_changes.h: the changed prefixes of an instance that an export
 * batch decides (rsd_export_changes.c). Used by rsd_export.c only. */
#ifndef RSCERT_RSD_EXPORT_CHANGES_H
#define RSCERT_RSD_EXPORT_CHANGES_H

#include "rsd_daemon.h"

/* Each changed prefix with its best set in place. */
struct rsd_changes {
	struct bgp_prefix *p;
	const struct rs_path **best;
	size_t *nbest;
	size_t n, cap;
};

/* Take the RIB's change log; out of memory the rest of it stays for the
 * next flush. */
void rsd_changes_drain(struct rs_rib *rib, struct rsd_changes *ch);
void rsd_changes_free(struct rsd_changes *ch);
/* Gather the prefixes whose first best path has the same attributes (what
 * most sessions are sent), each group in the order the prefixes came, the
 * groups in the order of their first prefix: a session's announcements of
 * one attribute set then come in a row, as one run of the batch that every
 * session sent it shares. Out of memory it stays as it was. */
void rsd_changes_group(struct rsd_changes *ch);

#endif
