/* h_shard.c: the --shard I/N split of the catalogue (see h_shard.h). */
#include "h_shard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int h_shard_parse(const char *text, struct h_shard *s, char *err, size_t cap)
{
	const char *slash = strchr(text, '/');
	unsigned long i, n;
	char *end;

	errno = 0;
	i = strtoul(text, &end, 10);
	if (!slash || end == text || end != slash)
		goto bad;
	n = strtoul(slash + 1, &end, 10);
	if (errno || end == slash + 1 || *end || n < 1 || n > 1000 || i < 1 || i > n)
		goto bad;
	s->index = (unsigned)i;
	s->count = (unsigned)n;
	return 0;
bad:
	snprintf(err, cap, "--shard: expected I/N with 1 <= I <= N <= 1000, got '%s'", text);
	return -1;
}

static void h_shard_apply(struct h_catalogue *cat, const struct h_run_opts *o,
                          const struct h_shard *s)
{
	size_t i, kept = 0, k = 0;

	for (i = 0; i < cat->n; i++) {
		struct h_case *c = cat->cases[i];
		int mine = h_selected(c, o) && (k++ % s->count) == s->index - 1;

		if (mine)
			cat->cases[kept++] = c;
		else {
			h_case_free(c); /* as h_catalogue_free does */
			free(c);
		}
	}
	cat->n = kept;
}

int h_shard_from_args(int argc, char **argv, struct h_catalogue *cat, const struct h_run_opts *o)
{
	struct h_shard s = {0, 0};
	char err[160];
	int i;

	for (i = 2; i + 1 < argc; i++) {
		if (strcmp(argv[i], "--shard"))
			continue;
		if (h_shard_parse(argv[i + 1], &s, err, sizeof(err))) {
			fprintf(stderr, "rscert: %s\n", err);
			return -1;
		}
	}
	if (s.count)
		h_shard_apply(cat, o, &s);
	return 0;
}
