/* test_h_case_doc.c: docs/CASES.md against the parser's keyword tables and
 * the malformed-message table: every keyword is documented, in its section,
 * with its arguments and its one-line doc, and every documented keyword
 * exists. The doc cannot drift from the grammar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "h_case_lex.h"
#include "h_wire.h"

#ifndef CASES_MD
#error "CASES_MD must name docs/CASES.md"
#endif

#define MAX_ROWS 64

struct doc_row {
	char cell[2][512];
	bool used;
};

static char *doc;

static int setup(void **state)
{
	FILE *f = fopen(CASES_MD, "r");
	long n;

	(void)state;
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	doc = calloc(1, (size_t)n + 1);
	if (!doc || fread(doc, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(doc);
	return 0;
}

/* Split "| a | b |" into its first two cells, "\|" read as "|". */
static bool doc_cells(const char *line, size_t len, struct doc_row *r)
{
	size_t i = 2, c = 0, o = 0;

	memset(r, 0, sizeof(*r));
	if (len < 4 || strncmp(line, "| `", 3))
		return false;
	for (; i < len && c < 2; i++) {
		if (line[i] == '\\' && i + 1 < len && line[i + 1] == '|') {
			r->cell[c][o++] = '|';
			i++;
		} else if (line[i] == '|') {
			while (o && r->cell[c][o - 1] == ' ')
				o--;
			r->cell[c][o] = '\0';
			c++;
			o = 0;
			while (i + 1 < len && line[i + 1] == ' ')
				i++;
		} else if (o + 1 < sizeof(r->cell[0])) {
			r->cell[c][o++] = line[i];
		}
	}
	return c == 2;
}

/* The table rows under the heading section, up to the next heading. */
static size_t doc_section(const char *section, struct doc_row *rows, size_t cap)
{
	const char *p = doc;
	size_t n = 0, sl = strlen(section);
	bool in = false;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (p[0] == '#')
			in = len == sl && !strncmp(p, section, sl);
		else if (in && n < cap && doc_cells(p, len, &rows[n]))
			n++;
		p += len + (e ? 1 : 0);
	}
	return n;
}

/* Check one table; returns the number of problems, each printed. */
static int check(const char *section, const char *prefix, size_t n,
                 const char *(*get)(size_t i, int field, const void *t), const void *t)
{
	struct doc_row rows[MAX_ROWS];
	size_t nrows = doc_section(section, rows, MAX_ROWS), i, j;
	int bad = 0;

	if (!nrows) {
		print_error("docs/CASES.md has no table under '%s'\n", section);
		bad++;
	}
	for (i = 0; i < n; i++) {
		char want[512];
		const char *args = get(i, 1, t);

		snprintf(want, sizeof(want), "`%s%s%s%s`", prefix, get(i, 0, t), *args ? " " : "",
		         args);
		for (j = 0; j < nrows && strcmp(rows[j].cell[0], want); j++)
			;
		if (j == nrows) {
			print_error("%s: '%s' is not documented; want the row\n| %s | %s |\n",
			            section, get(i, 0, t), want, get(i, 2, t));
			bad++;
			continue;
		}
		rows[j].used = true;
		if (strcmp(rows[j].cell[1], get(i, 2, t))) {
			print_error("%s: %s is documented as '%s', the table says '%s'\n", section,
			            want, rows[j].cell[1], get(i, 2, t));
			bad++;
		}
	}
	for (j = 0; j < nrows; j++)
		if (!rows[j].used) {
			print_error("%s: %s is documented but is no keyword\n", section,
			            rows[j].cell[0]);
			bad++;
		}
	return bad;
}

static const char *kw_get(size_t i, int field, const void *t)
{
	const struct h_kw *r = (const struct h_kw *)t + i;

	return field == 0 ? r->name : field == 1 ? r->args : r->doc;
}

static const char *mal_get(size_t i, int field, const void *t)
{
	const struct h_wire_mal *r = (const struct h_wire_mal *)t + i;

	return field == 0 ? r->name : field == 1 ? "" : r->doc;
}

static void test_keywords_documented(void **state)
{
	size_t n, i;
	const struct h_kw_table *t = h_case_kw_tables(&n);
	int bad = 0;

	(void)state;
	assert_int_equal(n, 8);
	for (i = 0; i < n; i++)
		bad += check(t[i].section, t[i].prefix, t[i].n, kw_get, t[i].rows);
	assert_int_equal(bad, 0);
}

static void test_malformed_documented(void **state)
{
	size_t n;
	const struct h_wire_mal *m = h_wire_malformed_table(&n);

	(void)state;
	assert_int_equal(n, 38);
	assert_int_equal(check("## Malformed messages", "", n, mal_get, m), 0);
}

/* The check itself catches a missing row and a stray one. */
static void test_check_catches_drift(void **state)
{
	static const struct h_kw fake[] = {
	    {.name = "id", .args = "ID", .doc = "not the documented text"},
	    {.name = "no-such-keyword", .args = "", .doc = "x"},
	};

	(void)state;
	/* a wrong doc, a missing row, and four documented rows not in the table */
	assert_int_equal(check("## Header", "", 2, kw_get, fake), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_keywords_documented),
	    cmocka_unit_test(test_malformed_documented),
	    cmocka_unit_test(test_check_catches_drift),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
