/* h_report_meta.c: what re-creates a run (rscert's version and commit, the
 * target, profile, catalogue, seed, time scale, server faults, port and
 * the exact command line), as text for the TAP, JUnit and HTML reports. */
#define _GNU_SOURCE /* asprintf */
#include "h_report.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether a word needs no quoting in a POSIX shell. */
static bool h_shell_plain(const char *w)
{
	if (*w == 0)
		return false;
	for (; *w; w++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		            "_-./:=,@%+",
		            *w))
			return false;
	return true;
}

/* Append word to the string being built in *buf (length *len), quoted
 * when it needs it: 'it'\''s'. -1 when out of memory. */
static int h_shell_append(char **buf, size_t *len, const char *w)
{
	size_t need = *len + 4 * strlen(w) + 4;
	char *b = realloc(*buf, need);
	size_t k = *len;

	if (b == NULL)
		return -1;
	if (k)
		b[k++] = ' ';
	if (h_shell_plain(w)) {
		memcpy(b + k, w, strlen(w));
		k += strlen(w);
	} else {
		b[k++] = '\'';
		for (; *w; w++) {
			if (*w == '\'') {
				memcpy(b + k, "'\\''", 4);
				k += 4;
			} else {
				b[k++] = *w;
			}
		}
		b[k++] = '\'';
	}
	b[k] = 0;
	*buf = b;
	*len = k;
	return 0;
}

char *h_shell_join(const char *const *words)
{
	char *buf = calloc(1, 1);
	size_t len = 0;

	for (size_t i = 0; buf && words && words[i]; i++)
		if (h_shell_append(&buf, &len, words[i])) {
			free(buf);
			return NULL;
		}
	return buf;
}

char *h_report_command(const struct h_run_result *r)
{
	return h_shell_join(r->argv);
}

static int h_meta_add(struct h_meta *m, const char *key, char *val)
{
	if (val == NULL || m->n == H_META_KEYS) {
		free(val);
		return -1;
	}
	m->key[m->n] = key;
	m->val[m->n++] = val;
	return 0;
}

static char *h_meta_str(const char *s, size_t max)
{
	return strndup(s, max);
}

static char *h_meta_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *h_meta_fmt(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

int h_report_meta(const struct h_run_result *r, struct h_meta *m)
{
	int bad = 0;

	memset(m, 0, sizeof(*m));
	bad |= h_meta_add(m, "rscert_version", h_meta_str(H_FIELD(r->version)));
	bad |= h_meta_add(m, "rscert_commit", h_meta_str(H_FIELD(r->commit)));
	bad |= h_meta_add(m, "target", h_meta_str(H_FIELD(r->target)));
	bad |= h_meta_add(m, "profile", h_meta_str(H_FIELD(r->profile)));
	bad |= h_meta_add(m, "catalogue", h_meta_str(H_FIELD(r->cases_dir)));
	bad |= h_meta_add(m, "seed", h_meta_fmt("%llu", (unsigned long long)r->seed));
	bad |= h_meta_add(m, "time_scale", h_meta_fmt("%g", r->time_scale));
	bad |= h_meta_add(m, "server_faults",
	                  h_meta_str(r->fault[0] ? r->fault : "none", sizeof(r->fault)));
	bad |= h_meta_add(m, "port", h_meta_fmt("%u", r->port));
	bad |= h_meta_add(m, "command", h_report_command(r));
	if (bad)
		h_meta_free(m);
	return bad ? -1 : 0;
}

void h_meta_free(struct h_meta *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->val[i]);
	memset(m, 0, sizeof(*m));
}
