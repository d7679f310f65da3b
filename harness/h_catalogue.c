/* h_catalogue.c: read the catalogue (every *.case file of a directory),
 * refuse duplicate case IDs, and select cases by keyword and ID glob. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h_run.h"

static int h_cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.case names of dir, sorted; NULL with err set when it cannot be read. */
static char **h_case_names(const char *dir, size_t *np, char *err, size_t errcap)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	*np = 0;
	if (!d) {
		snprintf(err, errcap, "cannot read the catalogue %s: %s", dir, strerror(errno));
		return NULL;
	}
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".case") || e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **m = realloc(names, (cap ? cap * 2 : 64) * sizeof(*m));
			if (!m)
				break;
			names = m;
			cap = cap ? cap * 2 : 64;
		}
		if ((names[n] = strdup(e->d_name)))
			n++;
	}
	closedir(d);
	if (!names) {
		names = calloc(1, sizeof(*names));
		if (!names)
			snprintf(err, errcap, "out of memory");
	}
	if (n)
		qsort(names, n, sizeof(*names), h_cmp_name);
	*np = n;
	return names;
}

/* Two files with one ID would share out/cases/<ID>/ and each other's
 * daemon: refused, naming both files. */
static int h_catalogue_unique(const char *dir, const struct h_catalogue *cat, char *err,
                              size_t errcap)
{
	for (size_t i = 0; i < cat->n; i++)
		for (size_t j = i + 1; j < cat->n; j++)
			if (!strcmp(cat->cases[i]->id, cat->cases[j]->id)) {
				snprintf(err, errcap,
				         "duplicate case ID %s: %s/%s and %s/%s (a case ID must be "
				         "unique in the catalogue)",
				         cat->cases[i]->id, dir, cat->cases[i]->file, dir,
				         cat->cases[j]->file);
				return -1;
			}
	return 0;
}

int h_catalogue_load(const char *dir, struct h_catalogue *cat, char *err, size_t errcap)
{
	size_t n, i;
	char **names = h_case_names(dir, &n, err, errcap);

	cat->n = 0;
	cat->cases = NULL;
	if (!names)
		return -1;
	cat->cases = calloc(n ? n : 1, sizeof(*cat->cases));
	for (i = 0; i < n; i++) {
		char path[1024];
		struct h_case *c = malloc(sizeof(*c));
		if (!c || !cat->cases) {
			free(c);
			free(names[i]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		h_case_load(path, c);
		if (!c->id[0]) {
			/* keep something to select and report by: the file's stem */
			snprintf(c->id, sizeof(c->id), "%.*s", (int)(strlen(names[i]) - 5),
			         names[i]);
		}
		cat->cases[cat->n++] = c;
		free(names[i]);
	}
	free(names);
	if (!cat->cases || cat->n != n) {
		snprintf(err, errcap, "out of memory reading the catalogue %s", dir);
		h_catalogue_free(cat);
		return -1;
	}
	if (h_catalogue_unique(dir, cat, err, errcap)) {
		h_catalogue_free(cat);
		return -1;
	}
	return 0;
}

void h_catalogue_free(struct h_catalogue *cat)
{
	size_t i;

	for (i = 0; i < cat->n; i++) {
		h_case_free(cat->cases[i]);
		free(cat->cases[i]);
	}
	free(cat->cases);
	cat->cases = NULL;
	cat->n = 0;
}

bool h_selected(const struct h_case *c, const struct h_run_opts *o)
{
	size_t i;
	bool ok = o->nkw == 0;

	for (i = 0; i < o->nkw && !ok; i++)
		if (h_case_has_keyword(c, o->kw[i]))
			ok = true;
	if (!ok)
		return false;
	if (!o->nglob)
		return true;
	for (i = 0; i < o->nglob; i++)
		if (!fnmatch(o->glob[i], c->id, 0))
			return true;
	return false;
}
