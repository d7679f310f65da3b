/* h_shard.c: the --shard I/N split of the catalogue (see h_shard.h). */
#include "h_shard.h"

#include <errno.h>
#include <stdint.h>
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

/* FNV-1a, 64 bits: a fingerprint that tells two selections apart, not a
 * defence against forgery (the reports are not signed), so no crypto
 * library is linked for it. */
static uint64_t h_fnv(uint64_t h, const char *s)
{
	do {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	} while (*s++);
	return h;
}

static void h_shard_digest(const struct h_catalogue *cat, const struct h_run_opts *o,
                           struct h_selection *sel)
{
	uint64_t h = 0xcbf29ce484222325ull;
	char steps[24];

	sel->n = 0;
	for (size_t i = 0; i < cat->n; i++) {
		const struct h_case *c = cat->cases[i];

		if (!h_selected(c, o))
			continue;
		sel->n++;
		snprintf(steps, sizeof(steps), "%zu", c->nsteps);
		h = h_fnv(h_fnv(h_fnv(h, c->id), c->file), c->level);
		h = h_fnv(h_fnv(h_fnv(h, c->title), c->requirement), steps);
	}
	snprintf(sel->digest, sizeof(sel->digest), "fnv1a64:%016llx", (unsigned long long)h);
}

int h_shard_select(struct h_catalogue *cat, const struct h_run_opts *o, struct h_selection *sel,
                   char *err, size_t cap)
{
	memset(sel, 0, sizeof(*sel));
	if (o->shard && h_shard_parse(o->shard, &sel->shard, err, cap))
		return -1;
	h_shard_digest(cat, o, sel);
	if (sel->shard.count)
		h_shard_apply(cat, o, &sel->shard);
	return 0;
}

void h_shard_mark(const struct h_selection *sel, unsigned repeat, struct h_run_result *r)
{
	r->shard_index = sel->shard.index;
	r->shard_count = sel->shard.count;
	snprintf(r->digest, sizeof(r->digest), "%s", sel->digest);
	r->whole = sel->n * (repeat ? repeat : 1);
}
