/* h_run.h: the catalogue, the selection, and the parallel run of cases. */
#ifndef RSCERT_H_RUN_H
#define RSCERT_H_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "h_case.h"
#include "h_result.h"
#include "h_target.h"

struct h_catalogue {
	size_t n;
	struct h_case **cases; /* sorted by file name; parse errors kept (error set) */
};

struct h_baseline;

struct h_run_opts {
	const char *cases_dir;
	const char *out;
	const char *rsd;
	const char *fault;
	size_t nkw, nglob;
	const char **kw;   /* -k keywords (point into argv) */
	const char **glob; /* ID globs (point into argv) */
	unsigned repeat;
	uint64_t seed;
	bool seeded;
	unsigned jobs;
	double scale;
	uint16_t port;
	const struct h_target *target;
	const char *target_path;
	bool quiet;
	bool allow_empty;        /* nothing ran or all skipped is not an error */
	bool json;               /* list --json */
	const char *shard;       /* --shard I/N (h_shard.c) */
	const char *baseline_path;   /* --baseline FILE */
	struct h_baseline *baseline; /* applied to each result as it comes (h_baseline.c) */
	const char *const *argv; /* the whole command line, for the reports */
};

/* Read every *.case file of dir (h_catalogue.c). -1 when the directory
 * cannot be read or two files declare one case ID (err names both). */
int h_catalogue_load(const char *dir, struct h_catalogue *cat, char *err, size_t errcap);
void h_catalogue_free(struct h_catalogue *cat);
/* Whether a case is selected by the keywords (any) and ID globs (any). */
bool h_selected(const struct h_case *c, const struct h_run_opts *o);

/* Claim 127.B.0.0/15 (B even, 20..252, not 120) for a run with a lock file
 * held until the run ends, so that runs started together on one machine
 * (ctest -j, two users) never share addresses. Returns the lock fd (close it
 * to release), or -1 when every block is taken. */
int h_run_claim_block(unsigned *block);

/* Before anything runs: the reference daemon can be run, or the target's
 * instances accept connections and its control socket answers. 0, or -1
 * with the environment problem in err (h_preflight.c). */
int h_run_preflight(const struct h_run_opts *o, char *err, size_t errcap);

/* Run the selection; fills r (free with h_run_result_free). SIGINT or
 * SIGTERM during the run stops every case and leaves a partial result
 * (r->interrupted set to the signal). */
int h_run(const struct h_catalogue *cat, const struct h_run_opts *o, struct h_run_result *r);
void h_run_result_free(struct h_run_result *r);

#endif
