/* h_paths.c: the catalogue, target profiles and reference daemon, found from
 * the program's own location (see h_paths.h). The relative paths below are
 * set by CMake: RSCERT_DATA_REL is the installed layout (bin/ to
 * share/rscert/), RSCERT_SRC_REL and RSCERT_RSD_REL the build tree's (the
 * harness binary folder to the source tree and to the daemon). */
#include "h_paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef RSCERT_DATA_REL
#define RSCERT_DATA_REL "../share/rscert"
#endif
#ifndef RSCERT_SRC_REL
#define RSCERT_SRC_REL ".."
#endif
#ifndef RSCERT_RSD_REL
#define RSCERT_RSD_REL "../reference"
#endif

static int h_is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static int h_is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

static void h_exe_dir(char *out, size_t cap, const char *argv0)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n > 0) {
		buf[n] = '\0';
	} else if (!argv0 || !realpath(argv0, buf)) {
		snprintf(out, cap, ".");
		return;
	}
	slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	snprintf(out, cap, "%s", buf[0] ? buf : "/");
}

/* The first existing candidate EXE/<rel>/<name> (a directory when dir). */
static void h_pick(const struct h_paths *p, const char *const *rel, const char *name, int dir,
                   char *out, size_t cap, char *tried, size_t tcap)
{
	size_t i;

	for (i = 0; rel[i]; i++) {
		snprintf(out, cap, "%s/%s/%s", p->exe_dir, rel[i], name);
		if (tried) {
			size_t len = strlen(tried);
			snprintf(tried + len, tcap - len, "%s%s", len ? ", " : "", out);
		}
		if (dir ? h_is_dir(out) : !access(out, X_OK)) {
			char clean[PATH_MAX];

			if (realpath(out, clean))
				snprintf(out, cap, "%s", clean);
			return;
		}
	}
	out[0] = '\0';
}

static void h_from_env(const char *var, char *out, size_t cap)
{
	const char *v = getenv(var);

	if (v && *v)
		snprintf(out, cap, "%s", v);
}

void h_paths_find(struct h_paths *p, const char *argv0)
{
	static const char *const data[] = {RSCERT_DATA_REL, RSCERT_SRC_REL, NULL};
	static const char *const rsd[] = {".", RSCERT_RSD_REL, NULL};

	memset(p, 0, sizeof(*p));
	h_exe_dir(p->exe_dir, sizeof(p->exe_dir), argv0);
	h_pick(p, data, "cases", 1, p->cases, sizeof(p->cases), p->tried, sizeof(p->tried));
	h_from_env("RSCERT_CASES", p->cases, sizeof(p->cases));
	h_pick(p, data, "targets", 1, p->targets, sizeof(p->targets), NULL, 0);
	h_from_env("RSCERT_TARGETS", p->targets, sizeof(p->targets));
	h_pick(p, rsd, "rscert-rsd", 0, p->rsd, sizeof(p->rsd), NULL, 0);
	if (!p->rsd[0]) /* so that the error names where it was expected */
		snprintf(p->rsd, sizeof(p->rsd), "%s/rscert-rsd", p->exe_dir);
	h_from_env("RSCERT_RSD", p->rsd, sizeof(p->rsd));
}

static int h_paths_target(struct h_paths *p, const char *arg)
{
	static const char *const form[] = {"%s/%s", "%s/%s.profile", NULL};
	size_t i;

	if (h_is_file(arg) || strchr(arg, '/') || !p->targets[0])
		return -1;
	for (i = 0; form[i]; i++) {
		snprintf(p->target, sizeof(p->target), form[i], p->targets, arg);
		if (h_is_file(p->target))
			return 0;
	}
	return -1;
}

int h_paths_resolve(struct h_paths *p, const char **cases, const char **target)
{
	if (!**cases) {
		fprintf(stderr,
		        "rscert: no catalogue found (looked in %s); name one with --cases DIR "
		        "or the environment variable RSCERT_CASES\n",
		        p->tried);
		return -1;
	}
	if (*target && !h_paths_target(p, *target))
		*target = p->target;
	return 0;
}
