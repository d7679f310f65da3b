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

/* Find `--shard I/N` in argv and keep only that shard's selected cases in
 * cat (the others are freed). 0 when absent or applied; -1 (message on
 * stderr) when malformed. */
int h_shard_from_args(int argc, char **argv, struct h_catalogue *cat, const struct h_run_opts *o);

#endif
