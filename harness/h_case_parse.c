/* h_case_parse.c: the case file parser's driver: each line goes to the
 * header, topology, action or expectation keyword tables (h_case_head.c,
 * h_case_act.c, h_case_expect.c); loading a file; the tables as one list
 * for the documentation check. */
#include "h_case.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h_case_lex.h"

/* A new step at the end of the script, for line l. */
static struct h_step *h_case_step(struct h_line *l)
{
	struct h_case *c = l->c;
	struct h_step *st = h_case_grow((void **)&c->steps, c->nsteps, sizeof(c->steps[0]));

	if (!st) {
		h_err(l, "out of memory");
		return NULL;
	}
	c->nsteps++;
	st->line = l->no;
	return st;
}

static int h_parse_line(struct h_line *l)
{
	struct h_cur k = {.l = l, .i = 0, .end = l->n};
	const struct h_kw *row;
	char acts[256];

	if ((row = h_kw_find(&k, h_kw_header, h_kw_nheader))) {
		if (l->n < 2)
			return h_err(l, "expected a value after '%s'", row->name);
		return row->parse(&k);
	}
	if (h_accept(&k, "server"))
		return h_line_server(&k);
	if (h_accept(&k, "nva"))
		return h_line_nva(&k);
	if ((row = h_case_find_action(&k))) {
		if (!(k.st = h_case_step(l)) || row->parse(&k))
			return -1;
		if (k.i < k.end)
			return h_err(l, "unexpected '%s' at the end of the line", l->tok[k.i]);
		return 0;
	}
	if (h_accept(&k, "expect"))
		return (k.st = h_case_step(l)) ? h_line_expect(&k) : -1;
	h_case_action_names(acts, sizeof(acts));
	return h_err(l,
	             "expected a header (id, level, title, requirement, keywords), 'server', "
	             "'nva', an action (%s) or 'expect', got '%s'",
	             acts, l->tok[0]);
}

static void h_case_defaults(struct h_case *c, const char *name)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->file, sizeof(c->file), "%s", name);
	snprintf(c->server.profile, sizeof(c->server.profile), "faq-2021-02");
	snprintf(c->server.vnet, sizeof(c->server.vnet), "10.0.0.0/16");
	c->server.keepalive = 60;
	c->server.hold = 180;
}

static int h_case_complete(struct h_line *l)
{
	struct h_case *c = l->c;

	if (!c->id[0])
		return h_err(l, "missing 'id' line");
	if (!c->level[0])
		return h_err(l, "missing 'level' line (MUST, SHOULD or MAY)");
	if (!c->title[0])
		return h_err(l, "missing 'title' line");
	if (!c->requirement[0])
		return h_err(l, "missing 'requirement' line");
	if (!c->nsteps && !c->server.refused_rule[0])
		return h_err(l, "the case has no steps");
	return 0;
}

int h_case_parse(const char *name, const char *text, struct h_case *c)
{
	struct h_line *l = calloc(1, sizeof(*l));
	const char *p = text;
	unsigned no = 0;
	int rc = 0;

	h_case_defaults(c, name);
	if (!l) {
		snprintf(c->error, sizeof(c->error), "%s: out of memory", name);
		return -1;
	}
	l->name = name;
	l->c = c;
	while (*p && rc == 0) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		l->no = ++no;
		rc = h_tokenize(l, p, len);
		if (rc == 0 && l->n)
			rc = h_parse_line(l);
		p += len + (e ? 1 : 0);
	}
	if (rc == 0) {
		l->no = no;
		rc = h_case_complete(l);
	}
	free(l);
	return rc;
}

int h_case_load(const char *path, struct h_case *c)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;
	int rc;
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (!f) {
		h_case_defaults(c, base);
		snprintf(c->error, sizeof(c->error), "%s: cannot open: %s", base, strerror(errno));
		return -1;
	}
	buf = malloc(1 << 20);
	if (!buf) {
		fclose(f);
		h_case_defaults(c, base);
		snprintf(c->error, sizeof(c->error), "%s: out of memory", base);
		return -1;
	}
	n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	rc = h_case_parse(base, buf, c);
	free(buf);
	return rc;
}

const struct h_kw_table *h_case_kw_tables(size_t *n)
{
	static struct h_kw_table all[16];
	static size_t nall;
	const struct h_kw_table *parts[] = {h_kw_topology, h_kw_actions};
	const size_t nparts[] = {h_kw_ntopology, h_kw_nactions};
	size_t i, j;

	if (!nall) {
		all[nall++] = (struct h_kw_table){
		    .section = "## Header", .prefix = "", .rows = h_kw_header, .n = h_kw_nheader};
		for (i = 0; i < 2; i++)
			for (j = 0; j < nparts[i] && nall < 16; j++)
				all[nall++] = parts[i][j];
		all[nall++] = h_kw_expect_wire;
		all[nall++] = h_kw_expect_srv;
		all[nall++] = h_kw_route_attrs;
	}
	*n = nall;
	return all;
}
