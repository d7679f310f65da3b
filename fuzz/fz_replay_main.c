/* fz_replay_main.c: run inputs through a fuzz target without a fuzzing
 * engine (the ctest replay of the corpus, and reproducing a finding).
 *
 * Usage: fz_TARGET [--known FILE --target NAME] FILE_OR_DIR...
 * Every regular file given, or found in a directory given (recursively,
 * so regressions/ is included), is one input (sorted by name). With --known, inputs listed for NAME in
 * FILE ("<target> <file name> <reason>" lines, # comments) are skipped
 * and reported: known findings that are not fixed yet. Exits 0 when all
 * inputs ran, 2 when one could not be read; a finding aborts. */
#include "fz_common.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FZ_MAX_INPUT (1u << 20)

struct fz_known {
	char name[256];
	char reason[256];
};

static struct fz_known *fz_known_list;
static size_t fz_nknown;

static void fz_known_load(const char *path, const char *target)
{
	char line[1024];
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		char t[128], name[256];
		int off = 0;

		if (line[0] == '#' || sscanf(line, "%127s %255s %n", t, name, &off) < 2)
			continue;
		if (strcmp(t, target) != 0)
			continue;
		fz_known_list = realloc(fz_known_list, (fz_nknown + 1) * sizeof(*fz_known_list));
		if (fz_known_list == NULL)
			abort();
		snprintf(fz_known_list[fz_nknown].name, sizeof(fz_known_list->name), "%s", name);
		snprintf(fz_known_list[fz_nknown].reason, sizeof(fz_known_list->reason), "%s",
			 line + off);
		fz_known_list[fz_nknown].reason[strcspn(fz_known_list[fz_nknown].reason, "\n")] = 0;
		fz_nknown++;
	}
	fclose(f);
}

static const char *fz_known_reason(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	for (size_t i = 0; i < fz_nknown; i++)
		if (strcmp(fz_known_list[i].name, base) == 0)
			return fz_known_list[i].reason;
	return NULL;
}

static int fz_run_file(const char *path, size_t *count)
{
	static uint8_t buf[FZ_MAX_INPUT];
	const char *why = fz_known_reason(path);
	FILE *f;
	size_t n;

	if (why != NULL) {
		printf("skip %s: known finding: %s\n", path, why);
		return 0;
	}
	f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		return 2;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	/* Copy to an exact-size heap block so ASan sees reads past the end. */
	{
		uint8_t *in = malloc(n ? n : 1);

		if (in == NULL)
			abort();
		memcpy(in, buf, n);
		LLVMFuzzerTestOneInput(in, n);
		free(in);
	}
	(*count)++;
	return 0;
}

static int fz_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int fz_run_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	if (d == NULL) {
		perror(dir);
		return 2;
	}
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (names == NULL || (names[n] = strdup(path)) == NULL)
			abort();
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), fz_name_cmp);
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (rc == 0 && stat(names[i], &st) == 0)
			rc = S_ISDIR(st.st_mode) ? fz_run_dir(names[i], count)
						 : fz_run_file(names[i], count);
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	const char *known = NULL, *target = NULL;
	size_t count = 0;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (strcmp(argv[i], "--known") == 0 && i + 1 < argc) {
			known = argv[++i];
			continue;
		}
		if (strcmp(argv[i], "--target") == 0 && i + 1 < argc) {
			target = argv[++i];
			continue;
		}
		if (known != NULL && target != NULL && fz_nknown == 0)
			fz_known_load(known, target);
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 2;
		}
		rc = S_ISDIR(st.st_mode) ? fz_run_dir(argv[i], &count) : fz_run_file(argv[i], &count);
		if (rc != 0)
			break;
	}
	printf("replayed %zu inputs\n", count);
	free(fz_known_list);
	return rc;
}
