/* h_shard.h: `rscert run --shard I/N`, a deterministic split of the selected
 * cases across N CI jobs: the k-th selected case (catalogue order, by file
 * name, counting from 0) belongs to shard (k mod N) + 1. The N shards cover
 * the selection exactly once, whatever machine runs them. */
#ifndef RSCERT_H_SHARD_H
#define RSCERT_H_SHARD_H

#include "h_run.h"

struct h_shard {
	unsigned index; /* 1..count */
	unsigned count; /* 0: no sharding */
};

/* Parse "I/N" (1 <= I <= N <= 1000); -1 with a message naming the option. */
int h_shard_parse(const char *text, struct h_shard *s, char *err, size_t cap);

/* The selection of a run as its shards share it: a digest of the selected
 * cases (ID, file, level, title, requirement, number of steps, in
 * catalogue order) before the split, their number, and the shard. Shards
 * of one run agree on the digest; `rscert merge` refuses others. */
struct h_selection {
	char digest[40]; /* "fnv1a64:" and 16 hex digits */
	size_t n;        /* selected cases before the split */
	struct h_shard shard;
};

/* Digest the selection of o, then keep only the cases of shard o->shard
 * (when set) in cat, freeing the others. 0, or -1 with err naming the
 * option. */
int h_shard_select(struct h_catalogue *cat, const struct h_run_opts *o, struct h_selection *sel,
                   char *err, size_t cap);
/* Copy what ties a run's result to its shards (repeat: the run's). */
void h_shard_mark(const struct h_selection *sel, unsigned repeat, struct h_run_result *r);

#endif
