/* h_case.c: a parsed case's memory (growing its arrays, freeing it) and
 * the questions the runner asks of it. The parser is h_case_parse.c and the
 * files it calls; they all build on this one, which calls none of them. */
#include "h_case.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void *h_case_grow(void **arr, size_t n, size_t size)
{
	char *e;

	if (n == 0 || (n & (n - 1)) == 0) {
		size_t cap = n ? 2 * n : 1;
		void *p;
		if (cap > SIZE_MAX / size)
			return NULL;
		p = realloc(*arr, cap * size);
		if (!p)
			return NULL;
		*arr = p;
	}
	e = (char *)*arr + n * size;
	memset(e, 0, size);
	return e;
}

static void h_free_strings(char **s, size_t n)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		free(s[i]);
	free(s);
}

void h_case_free(struct h_case *c)
{
	size_t i, j;

	for (i = 0; i < c->nnvas; i++)
		free(c->nvas[i].statics);
	free(c->nvas);
	for (i = 0; i < c->nsteps; i++) {
		struct h_step *st = &c->steps[i];
		for (j = 0; j < st->nalt; j++) {
			free(st->alt[j].comm);
			free(st->alt[j].nhs);
		}
		free(st->alt);
		free(st->comm);
	}
	free(c->steps);
	h_free_strings(c->server.extra, c->server.nextra);
	free(c->server.extra_line);
	h_free_strings(c->server.extra_peer, c->server.nextra_peers);
	free(c->server.extra_peer_asn);
	c->nvas = NULL;
	c->steps = NULL;
	c->nnvas = c->nsteps = 0;
	c->server.extra = c->server.extra_peer = NULL;
	c->server.extra_line = NULL;
	c->server.extra_peer_asn = NULL;
	c->server.nextra = c->server.nextra_peers = 0;
}

double h_case_budget(const struct h_case *c, double scale)
{
	double t = 3.0;
	size_t i, j;

	for (i = 0; i < c->nsteps; i++) {
		const struct h_step *s = &c->steps[i];
		double m = 0;
		if (s->op != H_OP_EXPECT) {
			t += 0.2;
			continue;
		}
		for (j = 0; j < s->nalt; j++) {
			double d = h_dur_seconds(&s->alt[j].dur, 180, scale);
			if (d > m)
				m = d;
		}
		t += m + 0.1;
	}
	return t;
}

bool h_case_has_keyword(const struct h_case *c, const char *kw)
{
	char buf[sizeof(c->keywords)];
	char *save = NULL;
	char *w;

	snprintf(buf, sizeof(buf), "%s", c->keywords);
	for (w = strtok_r(buf, " ,", &save); w; w = strtok_r(NULL, " ,", &save))
		if (!strcasecmp(w, kw))
			return true;
	return false;
}

double h_dur_seconds(const struct h_dur *d, unsigned hold, double scale)
{
	if (d->xhold)
		return d->v * (double)hold * scale;
	return d->v;
}
