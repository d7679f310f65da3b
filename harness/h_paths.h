/* h_paths.h: where the programs find the catalogue, the target profiles and
 * the reference daemon, relative to their own location, so that a moved
 * build tree and an installed copy (bin/ beside share/rscert/) both work.
 *
 * Order, first found wins:
 *   catalogue  --cases DIR (the caller's), $RSCERT_CASES,
 *              EXE/../share/rscert/cases, the source tree's cases/ (build tree)
 *   targets    $RSCERT_TARGETS, EXE/../share/rscert/targets, the source tree's targets/
 *   daemon     --rsd PATH (the caller's), $RSCERT_RSD, EXE/rscert-rsd,
 *              the build tree's reference/rscert-rsd
 * EXE is the directory of the running program (/proc/self/exe, resolved). */
#ifndef RSCERT_H_PATHS_H
#define RSCERT_H_PATHS_H

#include <limits.h>
#include <stddef.h>

struct h_paths {
	char exe_dir[PATH_MAX];
	char cases[PATH_MAX];   /* "" when not found */
	char targets[PATH_MAX]; /* "" when not found */
	char rsd[PATH_MAX];     /* "" when not found */
	char target[PATH_MAX];  /* a --target NAME found in targets */
	char tried[1024];       /* the catalogue places looked at, for an error */
};

/* Fill p; never fails (what is not found stays ""). argv0 is the fallback
 * when /proc/self/exe cannot be read. */
void h_paths_find(struct h_paths *p, const char *argv0);

/* After the options: *cases still "" means no catalogue was found (the
 * error names the places tried and the overrides, on stderr: -1). A
 * *target that is not a file is looked up as NAME or NAME.profile in the
 * targets directory (the result is kept in p). */
int h_paths_resolve(struct h_paths *p, const char **cases, const char **target);

#endif
