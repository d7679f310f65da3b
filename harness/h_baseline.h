/* h_baseline.h: `rscert run --baseline FILE`, the failures a user expects of
 * their target today, so that a CI run turns red only on a regression.
 *
 * The file holds one case a line: its ID, then why it is expected to fail.
 *
 *     # our route server, release 4.2
 *     ARS-ECMP             picks one next hop, not all (ticket NET-123)
 *     RFC7606-7.3-NEXT-HOP-ZERO   resets the session instead (NET-130)
 *
 * '#' starts a comment, blank lines are skipped. A line without a reason,
 * an ID that is not an ID (letters, digits, '.', '-', '_'; no globs), or
 * an ID listed twice is an error naming
 * FILE:LINE; so is an ID the catalogue does not hold (h_baseline_check).
 *
 * Applied to a run's results (h_baseline_apply):
 *   - a listed case that FAILs becomes XFAIL, its reason starting
 *     "expected failure (FILE:LINE: why)": the run stays green;
 *   - a listed case that PASSes stays PASS, its reason starting "fixed:
 *     FILE:LINE expected it to fail": reported as fixed, so the line can go;
 *   - ERROR (an environment problem is never expected), SKIP, the target
 *     profile's XFAIL and XPASS, and unlisted cases are left as they are. */
#ifndef RSCERT_H_BASELINE_H
#define RSCERT_H_BASELINE_H

#include <stddef.h>
#include <stdio.h>

#include "h_result.h"

struct h_baseline_entry {
	char id[64];
	char why[256];
	unsigned line;
	unsigned failed; /* results of the case that failed as expected */
	unsigned fixed;  /* results of the case that passed */
};

struct h_baseline {
	char path[256];
	size_t n;
	struct h_baseline_entry *e;
};

/* Parse text (name is the file name for errors). 0, or -1 with
 * "FILE:LINE: what is wrong" in err. b is empty after a failure. */
int h_baseline_parse(const char *name, const char *text, struct h_baseline *b, char *err,
                     size_t cap);
/* Read and parse a file. */
int h_baseline_load(const char *path, struct h_baseline *b, char *err, size_t cap);
/* Every listed ID is one of ids[0..n) (the whole catalogue, not a shard's
 * part of it); else -1 with FILE:LINE naming the first unknown one. */
int h_baseline_check(const struct h_baseline *b, const char *const *ids, size_t n, char *err,
                     size_t cap);
/* Apply b to one result (see above), as the runner does for each case
 * before it is shown; counts into b's entries. */
void h_baseline_apply_one(struct h_baseline *b, struct h_case_result *c);
/* The same for every result of a run. */
void h_baseline_apply(struct h_baseline *b, struct h_run_result *r);
/* One line of what the baseline did, then each fixed case:
 * "baseline FILE: 2 expected failure(s) seen, 1 fixed". */
void h_baseline_summary(FILE *f, const struct h_baseline *b);
void h_baseline_free(struct h_baseline *b);

#endif
