/* h_case_lex.c: the case file's words. One line at a time, words separated
 * by blanks, "quoted strings" for AS paths and text, # starts a comment;
 * a cursor steps over the words and looks them up in keyword tables. */
#include "h_case_lex.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int h_err(struct h_line *l, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!l->c->error[0])
		snprintf(l->c->error, sizeof(l->c->error), "%s:%u: %s", l->name, l->no, msg);
	return -1;
}

/* Split one line into words; returns -1 on an unterminated quote. */
int h_tokenize(struct h_line *l, const char *s, size_t len)
{
	size_t o = 0;
	size_t i = 0;

	l->n = 0;
	if (len >= sizeof(l->buf))
		return h_err(l, "line too long (%zu characters)", len);
	while (i < len) {
		while (i < len && isspace((unsigned char)s[i]))
			i++;
		if (i >= len || s[i] == '#')
			break;
		if (l->n == H_MAX_TOK)
			return h_err(l, "too many words on one line");
		l->quoted[l->n] = s[i] == '"';
		l->tok[l->n++] = &l->buf[o];
		if (s[i] == '"') {
			i++;
			while (i < len && s[i] != '"')
				l->buf[o++] = s[i++];
			if (i >= len)
				return h_err(l, "unterminated quote");
			i++;
		} else {
			while (i < len && !isspace((unsigned char)s[i]))
				l->buf[o++] = s[i++];
		}
		l->buf[o++] = '\0';
	}
	return 0;
}

const char *h_peek(struct h_cur *k)
{
	return k->i < k->end ? k->l->tok[k->i] : NULL;
}

const char *h_next(struct h_cur *k)
{
	return k->i < k->end ? k->l->tok[k->i++] : NULL;
}

bool h_accept(struct h_cur *k, const char *w)
{
	const char *t = h_peek(k);

	if (t && !k->l->quoted[k->i] && !strcmp(t, w)) {
		k->i++;
		return true;
	}
	return false;
}

int h_want(struct h_cur *k, const char *what, const char **out)
{
	*out = h_next(k);
	if (!*out)
		return h_err(k->l, "expected %s at the end of the line", what);
	return 0;
}

void h_join(struct h_line *l, size_t from, char *out, size_t cap)
{
	size_t i;
	size_t o = 0;

	out[0] = '\0';
	for (i = from; i < l->n && o + 1 < cap; i++) {
		int w = snprintf(out + o, cap - o, "%s%s", o ? " " : "", l->tok[i]);
		if (w < 0)
			break;
		o += (size_t)w;
		if (o >= cap)
			o = cap - 1;
	}
}

/* Whether the words from k->i spell name (words separated by one blank). */
static size_t h_kw_spells(struct h_cur *k, const char *name)
{
	size_t i = k->i;
	const char *p = name;

	while (*p) {
		size_t len = strcspn(p, " ");

		if (i >= k->end || k->l->quoted[i] || strlen(k->l->tok[i]) != len ||
		    strncmp(k->l->tok[i], p, len))
			return 0;
		i++;
		p += len;
		p += *p == ' ';
	}
	return i - k->i;
}

const struct h_kw *h_kw_find(struct h_cur *k, const struct h_kw *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t words = h_kw_spells(k, t[i].name);
		if (words) {
			k->i += words;
			k->row = &t[i];
			return &t[i];
		}
	}
	return NULL;
}

void h_kw_names(const struct h_kw *t, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < n && o < cap; i++) {
		int w = snprintf(out + o, cap - o, "%s%s", i ? ", " : "", t[i].name);
		o += w > 0 ? (size_t)w : 0;
	}
}

int h_kw_dispatch(struct h_cur *k, const struct h_kw *t, size_t n, const char *what)
{
	const struct h_kw *row;
	char names[512];
	const char *w;

	h_kw_names(t, n, names, sizeof(names));
	if (!h_peek(k))
		return h_err(k->l, "expected %s (%s) at the end of the line", what, names);
	row = h_kw_find(k, t, n);
	if (!row) {
		w = h_peek(k);
		return h_err(k->l, "expected %s, got '%s' (one of: %s)", what, w, names);
	}
	return row->parse(k);
}
