/* h_case_expect.c: the expectation line, "expect NVA [IN_x] WHAT" (on the
 * wire) or "expect server WHAT" (through the control socket): its
 * alternatives, separated by "or", each read by a keyword of
 * h_case_expect_wire.c or h_case_expect_srv.c. */
#include "h_case_lex.h"

#include <stdio.h>
#include <string.h>

static void h_alt_defaults(struct h_alt *a)
{
	memset(a, 0, sizeof(*a));
	a->origin = -1;
	a->peer = -1;
	a->dur.v = 2.0;
	a->subcode = -1;
}

/* One alternative, words [k->i, k->end). */
static int h_alt_parse(struct h_cur *k, bool server)
{
	struct h_alt *a = k->alt;

	if (!server) {
		if (h_kw_dispatch(k, h_kw_expect_wire.rows, h_kw_expect_wire.n, "an expectation"))
			return -1;
		if (a->negative)
			return 0;
		return h_expect_timing(k, a, false);
	}
	a->inst = 3;
	if (h_kw_dispatch(k, h_kw_expect_srv.rows, h_kw_expect_srv.n, "a server expectation"))
		return -1;
	/* instant checks by default for "lacks"; else within 2s */
	if (a->cmp == H_CMP_LACKS && !h_peek(k))
		a->dur.v = 0;
	return h_expect_timing(k, a, false);
}

static void h_alt_text(struct h_cur *k, size_t start)
{
	struct h_alt *a = k->alt;
	size_t j, o = 0;

	for (j = start; j < k->end && o + 2 < sizeof(a->text); j++) {
		int w =
		    snprintf(a->text + o, sizeof(a->text) - o, "%s%s", o ? " " : "", k->l->tok[j]);
		o += w > 0 ? (size_t)w : 0;
		if (o >= sizeof(a->text))
			o = sizeof(a->text) - 1;
	}
}

/* The alternatives from k->i to the end of the line. */
static int h_alts(struct h_cur *k, bool server)
{
	struct h_line *l = k->l;
	struct h_step *st = k->st;

	for (;;) {
		size_t start = k->i;
		k->alt = h_case_grow((void **)&st->alt, st->nalt, sizeof(st->alt[0]));
		if (!k->alt)
			return h_err(l, "out of memory");
		st->nalt++;
		h_alt_defaults(k->alt);
		/* an alternative ends at the next bare "or" */
		for (k->end = k->i; k->end < l->n; k->end++)
			if (!l->quoted[k->end] && !strcmp(l->tok[k->end], "or"))
				break;
		if (h_alt_parse(k, server))
			return -1;
		if (k->i < k->end)
			return h_err(l, "unexpected '%s' in the expectation", l->tok[k->i]);
		h_alt_text(k, start);
		if (k->end >= l->n)
			return 0;
		k->i = k->end + 1;
		k->end = l->n;
		if (k->i >= l->n)
			return h_err(l, "expected an alternative after 'or'");
	}
}

int h_line_expect(struct h_cur *k)
{
	struct h_step *st = k->st;
	const char *who;
	bool server;

	st->op = H_OP_EXPECT;
	if (h_want(k, "an NVA name or 'server'", &who))
		return -1;
	server = !strcmp(who, "server");
	st->nva = -1;
	if (!server) {
		k->i--;
		if (h_get_nva(k, &st->nva))
			return -1;
		st->inst = h_opt_inst(k);
	}
	return h_alts(k, server);
}
