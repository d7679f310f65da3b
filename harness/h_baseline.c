/* h_baseline.c: the file of expected failures and what it does to a run's
 * results (see h_baseline.h). */
#include "h_baseline.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "h_case.h"

#define H_BASELINE_MAX (1 << 20) /* bytes of one file: far more than any catalogue */

static bool h_baseline_id_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '.' || c == '_';
}

static struct h_baseline_entry *h_baseline_find(const struct h_baseline *b, const char *id)
{
	for (size_t i = 0; i < b->n; i++)
		if (!strcmp(b->e[i].id, id))
			return &b->e[i];
	return NULL;
}

/* One line, comment and surrounding blanks removed (s[0..len)). */
static int h_baseline_line(struct h_baseline *b, const char *name, unsigned no, const char *s,
                           size_t len, char *err, size_t cap)
{
	size_t idn = 0;
	const struct h_baseline_entry *dup;
	struct h_baseline_entry *e;

	while (idn < len && !isspace((unsigned char)s[idn])) {
		if (!h_baseline_id_char(s[idn])) {
			snprintf(err, cap,
			         "%s:%u: '%.*s' is not a case ID (letters, digits, '.', '-', '_'; "
			         "one case a line, no globs)",
			         name, no, (int)(len > 60 ? 60 : len), s);
			return -1;
		}
		idn++;
	}
	if (idn >= sizeof(e->id)) {
		snprintf(err, cap, "%s:%u: a case ID of %zu characters (at most %zu)", name, no,
		         idn, sizeof(e->id) - 1);
		return -1;
	}
	size_t w = idn;
	while (w < len && isspace((unsigned char)s[w]))
		w++;
	if (w == len) {
		snprintf(err, cap,
		         "%s:%u: %.*s has no reason: write the case ID, then why it is expected "
		         "to fail",
		         name, no, (int)idn, s);
		return -1;
	}
	char id[sizeof(e->id)];
	snprintf(id, sizeof(id), "%.*s", (int)idn, s);
	if ((dup = h_baseline_find(b, id))) {
		snprintf(err, cap, "%s:%u: %s is listed already at line %u", name, no, id,
		         dup->line);
		return -1;
	}
	if (!(e = h_case_grow((void **)&b->e, b->n, sizeof(b->e[0])))) {
		snprintf(err, cap, "%s:%u: out of memory", name, no);
		return -1;
	}
	b->n++;
	snprintf(e->id, sizeof(e->id), "%s", id);
	snprintf(e->why, sizeof(e->why), "%.*s", (int)(len - w), s + w);
	e->line = no;
	return 0;
}

int h_baseline_parse(const char *name, const char *text, struct h_baseline *b, char *err,
                     size_t cap)
{
	unsigned no = 0;

	memset(b, 0, sizeof(*b));
	snprintf(b->path, sizeof(b->path), "%s", name);
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *hash = memchr(p, '#', len);
		size_t used = hash ? (size_t)(hash - p) : len;
		size_t start = 0;

		no++;
		while (start < used && isspace((unsigned char)p[start]))
			start++;
		while (used > start && isspace((unsigned char)p[used - 1]))
			used--;
		if (used > start &&
		    h_baseline_line(b, name, no, p + start, used - start, err, cap)) {
			h_baseline_free(b);
			return -1;
		}
		p += len + (nl ? 1 : 0);
	}
	return 0;
}

int h_baseline_load(const char *path, struct h_baseline *b, char *err, size_t cap)
{
	FILE *f = fopen(path, "r");
	char *text;
	size_t n;
	int rc;

	memset(b, 0, sizeof(*b));
	if (!f) {
		snprintf(err, cap, "--baseline %s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	text = malloc(H_BASELINE_MAX + 1);
	n = text ? fread(text, 1, H_BASELINE_MAX + 1, f) : 0;
	fclose(f);
	if (!text || n > H_BASELINE_MAX) {
		snprintf(err, cap, "--baseline %s: %s", path,
		         text ? "larger than 1 MiB" : "out of memory");
		free(text);
		return -1;
	}
	text[n] = '\0';
	if (memchr(text, '\0', n)) {
		snprintf(err, cap, "--baseline %s: not a text file (a NUL byte)", path);
		free(text);
		return -1;
	}
	rc = h_baseline_parse(path, text, b, err, cap);
	free(text);
	return rc;
}

int h_baseline_check(const struct h_baseline *b, const char *const *ids, size_t n, char *err,
                     size_t cap)
{
	for (size_t i = 0; i < b->n; i++) {
		size_t j = 0;

		while (j < n && strcmp(ids[j], b->e[i].id))
			j++;
		if (j == n) {
			snprintf(err, cap, "%s:%u: no case %s in the catalogue", b->path,
			         b->e[i].line, b->e[i].id);
			return -1;
		}
	}
	return 0;
}

/* Prefix the result's reason with text (the old reason after it). */
static void h_baseline_note(struct h_case_result *c, const char *text)
{
	char old[sizeof(c->reason)];

	snprintf(old, sizeof(old), "%s", c->reason);
	snprintf(c->reason, sizeof(c->reason), "%s%s%s", text, old[0] ? ": " : "", old);
}

void h_baseline_apply_one(struct h_baseline *b, struct h_case_result *c)
{
	struct h_baseline_entry *e = h_baseline_find(b, c->id);
	char note[sizeof(c->reason)];

	if (!e)
		return;
	if (c->verdict == H_FAIL) {
		c->verdict = H_XFAIL;
		e->failed++;
		snprintf(note, sizeof(note), "expected failure (%.200s:%u: %.200s)", b->path,
		         e->line, e->why);
		h_baseline_note(c, note);
	} else if (c->verdict == H_PASS) {
		e->fixed++;
		snprintf(note, sizeof(note),
		         "fixed: %.200s:%u expected it to fail (%.200s); the line can go", b->path,
		         e->line, e->why);
		h_baseline_note(c, note);
	}
}

void h_baseline_apply(struct h_baseline *b, struct h_run_result *r)
{
	for (size_t i = 0; i < r->ncases; i++)
		h_baseline_apply_one(b, &r->cases[i]);
}

void h_baseline_summary(FILE *f, const struct h_baseline *b)
{
	size_t failed = 0, fixed = 0;

	for (size_t i = 0; i < b->n; i++) {
		failed += b->e[i].failed != 0;
		fixed += b->e[i].fixed != 0;
	}
	fprintf(f, "baseline %s: %zu expected failure(s) seen, %zu fixed\n", b->path, failed,
	        fixed);
	for (size_t i = 0; i < b->n; i++)
		if (b->e[i].fixed)
			fprintf(f, "  fixed: %s passed (%s:%u expected it to fail: %s)\n",
			        b->e[i].id, b->path, b->e[i].line, b->e[i].why);
}

void h_baseline_free(struct h_baseline *b)
{
	free(b->e);
	b->e = NULL;
	b->n = 0;
}
