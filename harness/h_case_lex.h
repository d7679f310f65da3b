/* h_case_lex.h: the case parser's inside, shared by its files (h_case*.c)
 * and its tests: the line and its words, a word cursor, the value readers,
 * and the keyword tables.
 *
 * A keyword table row names a keyword, its arguments as docs/CASES.md writes
 * them, the function that reads them and a one-line doc. The tables are the
 * grammar: the parser looks words up in them, errors list their names, and a
 * test checks docs/CASES.md against them row by row. */
#ifndef RSCERT_H_CASE_LEX_H
#define RSCERT_H_CASE_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "h_case.h"

#define H_MAX_TOK 64

struct h_line {
	const char *name;
	unsigned no;
	size_t n;
	char *tok[H_MAX_TOK];
	bool quoted[H_MAX_TOK];
	char buf[2048];
	struct h_case *c;
};

/* A cursor over the words [i, end) of a line, and what the words fill in. */
struct h_cur {
	struct h_line *l;
	size_t i, end;
	struct h_nva_spec *nva; /* nva settings */
	struct h_step *st;      /* actions and expectations */
	struct h_alt *alt;      /* one alternative of an expectation */
	bool cfg_asn;           /* the nva line set the configured ASN */
	const struct h_kw *row; /* the keyword row last found (h_kw_find) */
};

struct h_kw {
	const char *name; /* one or more words */
	const char *args; /* as docs/CASES.md writes them, "" for none */
	int (*parse)(struct h_cur *k);
	const char *doc; /* the line of docs/CASES.md that explains it */
	int what;        /* for rows that share a parser: what it records (enum h_what) */
};

/* A table and where docs/CASES.md documents it: the rows of the table under
 * the heading section, each written `prefix name args`. */
struct h_kw_table {
	const char *section;
	const char *prefix;
	const struct h_kw *rows;
	size_t n;
};

/* h_case_lex.c */
int h_err(struct h_line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int h_tokenize(struct h_line *l, const char *s, size_t len);
const char *h_peek(struct h_cur *k);
const char *h_next(struct h_cur *k);
bool h_accept(struct h_cur *k, const char *w);
int h_want(struct h_cur *k, const char *what, const char **out);
void h_join(struct h_line *l, size_t from, char *out, size_t cap);
/* The row whose name the next words spell (and step over them), or NULL. */
const struct h_kw *h_kw_find(struct h_cur *k, const struct h_kw *t, size_t n);
/* The names of a table, separated by ", ", for errors. */
void h_kw_names(const struct h_kw *t, size_t n, char *out, size_t cap);
/* Look the next words up in t and run the row's parser; an unknown word is
 * an error listing what was expected. */
int h_kw_dispatch(struct h_cur *k, const struct h_kw *t, size_t n, const char *what);

/* h_case_words.c: value readers; each names what it expected on error. */
int h_parse_uint(const char *s, unsigned long max, unsigned long *out);
int h_get_prefix(struct h_cur *k, struct bgp_prefix *p);
int h_get_addr(struct h_cur *k, uint32_t *a);
int h_get_uint(struct h_cur *k, const char *what, unsigned long max, unsigned long *v);
int h_get_count(struct h_cur *k, unsigned *count);
int h_get_dur(struct h_cur *k, struct h_dur *d);
int h_get_path(struct h_cur *k, char *out, size_t cap);
int h_get_origin(struct h_cur *k, int *o);
int h_get_comms(struct h_cur *k, uint32_t **c, size_t *n);
int h_get_addrs(struct h_cur *k, uint32_t **a, size_t *n);
int h_get_hex(struct h_line *l, const char *s, uint8_t *out, size_t cap, size_t *n);
int h_get_nva(struct h_cur *k, int *idx);
int h_find_nva(struct h_line *l, const char *name);
unsigned h_opt_inst(struct h_cur *k);
int h_parse_caps(struct h_line *l, const char *s, unsigned *caps);
int h_cap_one(struct h_cur *k, unsigned *bits);
/* A prefix given as a setting (vnet), checked like h_get_prefix. */
int h_check_prefix(struct h_line *l, const char *s, struct bgp_prefix *p);
/* An expectation's "within D" / "for D" ("for D" required when negative). */
int h_expect_timing(struct h_cur *k, struct h_alt *a, bool negative);

/* The lines after their first word (h_case_head.c, h_case_act.c,
 * h_case_expect.c), k->st set for actions and expectations. */
int h_line_server(struct h_cur *k);
int h_line_nva(struct h_cur *k);
const struct h_kw *h_case_find_action(struct h_cur *k);
void h_case_action_names(char *out, size_t cap);
int h_line_expect(struct h_cur *k);
/* The expectation keywords on the wire (h_case_expect_wire.c) and on the
 * server (h_case_expect_srv.c). */
extern const struct h_kw_table h_kw_expect_wire, h_kw_expect_srv;
/* One attribute option of "expect NVA route" (h_case_attr.c): 0 read, 1 not
 * an attribute option, -1 error. */
int h_route_attr_opt(struct h_cur *k);
void h_route_attr_names(char *out, size_t cap);
extern const struct h_kw_table h_kw_route_attrs;
/* The route options of an expectation, [x N] [path] [nexthop] [origin]
 * [communities] and, with attrs, the attribute options (h_case_attr.c). */
int h_expect_route_opts(struct h_cur *k, struct h_alt *a, bool attrs);

/* The tables, grouped as docs/CASES.md documents them. */
extern const struct h_kw h_kw_header[];
extern const size_t h_kw_nheader;
extern const struct h_kw_table h_kw_topology[], h_kw_actions[];
extern const size_t h_kw_ntopology, h_kw_nactions;

/* Every keyword table with its place in docs/CASES.md. */
const struct h_kw_table *h_case_kw_tables(size_t *n);

#endif
