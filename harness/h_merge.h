/* h_merge.h: `rscert merge DIR... --out DIR`: the report directories of the
 * shards of one run (`rscert run --shard I/N`, one CI job each) as one
 * report, as if one job had run the whole selection.
 *
 * Each DIR holds a report.json (docs/REPORTS.md). The shards must be of one
 * run: the same catalogue selection (its digest), target, profile, seed,
 * repeat and shard count, each shard at most once; anything else is refused
 * naming both directories and what differs. A missing shard is no error
 * here: the merged result counts the whole selection, so its exit status
 * says that results are missing. The evidence of each case (cases/<ID>/) is
 * copied, so the merged directory stands on its own. */
#ifndef RSCERT_H_MERGE_H
#define RSCERT_H_MERGE_H

#include <stddef.h>

#include "h_result.h"

/* What ties a shard's report to its run. */
struct h_merge_shard {
	char dir[256];
	unsigned index, count; /* --shard I/N; 0, 0 when the run was not sharded */
	char digest[40];       /* the selection before sharding */
	size_t all;            /* results of the whole selection (cases x repeat) */
	struct h_run_result r; /* the shard's results */
};

/* Read dir/report.json. 0, or -1 with the file and the problem in err. */
int h_merge_read(const char *dir, struct h_merge_shard *s, char *err, size_t cap);
void h_merge_shard_free(struct h_merge_shard *s);

/* Check that s[0..n) are shards of one run and merge their results into
 * out (free with h_run_result_free): catalogue order, then attempt. 0, or
 * -1 with err naming the directories and what differs. */
int h_merge_results(const struct h_merge_shard *s, size_t n, struct h_run_result *out, char *err,
                    size_t cap);

/* Copy dir/cases/<ID>/ of every case of s into out/cases/<ID>/. */
int h_merge_evidence(const struct h_merge_shard *s, const char *out, char *err, size_t cap);

/* The subcommand: rscert merge DIR... --out DIR [-q]. Returns the exit
 * status (h_run_exit_status of the merged result, 2 on a usage or input
 * error). */
int h_merge_main(int argc, char **argv);

#endif
