/* h_json.c: recursive-descent JSON parser (RFC 8259 subset: no \u surrogates). */
#include "h_json.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct h_jp {
	const char *p;
	int depth;
};

static struct h_json *h_json_value(struct h_jp *s);

static void h_json_ws(struct h_jp *s)
{
	while (*s->p && isspace((unsigned char)*s->p))
		s->p++;
}

static struct h_json *h_json_new(enum h_json_type t)
{
	struct h_json *j = calloc(1, sizeof(*j));

	if (j)
		j->type = t;
	return j;
}

void h_json_free(struct h_json *j)
{
	size_t i;

	if (!j)
		return;
	for (i = 0; i < j->n; i++)
		h_json_free(j->kids[i]);
	free(j->kids);
	free(j->str);
	free(j->key);
	free(j);
}

static char *h_json_string(struct h_jp *s)
{
	size_t cap = 32, n = 0;
	char *out;

	if (*s->p != '"')
		return NULL;
	s->p++;
	out = malloc(cap);
	if (!out)
		return NULL;
	while (*s->p && *s->p != '"') {
		char c = *s->p++;
		if (c == '\\') {
			c = *s->p++;
			switch (c) {
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case 'r':
				c = '\r';
				break;
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case 'u':
				if (!isxdigit((unsigned char)s->p[0]) || !s->p[1] || !s->p[2] ||
				    !s->p[3]) {
					free(out);
					return NULL;
				}
				s->p += 4;
				c = '?';
				break;
			case '\0':
				free(out);
				return NULL;
			default:
				break;
			}
		}
		if (n + 2 > cap) {
			char *m = realloc(out, cap * 2);
			if (!m) {
				free(out);
				return NULL;
			}
			out = m;
			cap *= 2;
		}
		out[n++] = c;
	}
	if (*s->p != '"') {
		free(out);
		return NULL;
	}
	s->p++;
	out[n] = '\0';
	return out;
}

static int h_json_push(struct h_json *p, struct h_json *k)
{
	struct h_json **m = realloc(p->kids, (p->n + 1) * sizeof(*m));

	if (!m)
		return -1;
	p->kids = m;
	p->kids[p->n++] = k;
	return 0;
}

static struct h_json *h_json_container(struct h_jp *s, bool obj)
{
	struct h_json *j = h_json_new(obj ? H_JOBJ : H_JARR);
	char close = obj ? '}' : ']';

	if (!j)
		return NULL;
	s->p++;
	h_json_ws(s);
	if (*s->p == close) {
		s->p++;
		return j;
	}
	for (;;) {
		char *key = NULL;
		struct h_json *v;

		h_json_ws(s);
		if (obj) {
			key = h_json_string(s);
			if (!key)
				goto fail;
			h_json_ws(s);
			if (*s->p != ':') {
				free(key);
				goto fail;
			}
			s->p++;
		}
		v = h_json_value(s);
		if (!v) {
			free(key);
			goto fail;
		}
		v->key = key;
		if (h_json_push(j, v)) {
			h_json_free(v);
			goto fail;
		}
		h_json_ws(s);
		if (*s->p == ',') {
			s->p++;
			continue;
		}
		if (*s->p == close) {
			s->p++;
			return j;
		}
		goto fail;
	}
fail:
	h_json_free(j);
	return NULL;
}

static struct h_json *h_json_value(struct h_jp *s)
{
	struct h_json *j;

	if (++s->depth > 64)
		return NULL;
	h_json_ws(s);
	if (*s->p == '{' || *s->p == '[') {
		j = h_json_container(s, *s->p == '{');
	} else if (*s->p == '"') {
		j = h_json_new(H_JSTR);
		if (j && !(j->str = h_json_string(s))) {
			h_json_free(j);
			j = NULL;
		}
	} else if (!strncmp(s->p, "true", 4) || !strncmp(s->p, "false", 5)) {
		j = h_json_new(H_JBOOL);
		if (j)
			j->b = *s->p == 't';
		s->p += *s->p == 't' ? 4 : 5;
	} else if (!strncmp(s->p, "null", 4)) {
		j = h_json_new(H_JNULL);
		s->p += 4;
	} else {
		char *end;
		double v = strtod(s->p, &end);
		if (end == s->p)
			return NULL;
		s->p = end;
		j = h_json_new(H_JNUM);
		if (j)
			j->num = v;
	}
	s->depth--;
	return j;
}

struct h_json *h_json_parse(const char *text)
{
	struct h_jp s = {text, 0};
	struct h_json *j = h_json_value(&s);

	if (!j)
		return NULL;
	h_json_ws(&s);
	if (*s.p) {
		h_json_free(j);
		return NULL;
	}
	return j;
}

const struct h_json *h_json_get(const struct h_json *o, const char *key)
{
	size_t i;

	if (!o || o->type != H_JOBJ)
		return NULL;
	for (i = 0; i < o->n; i++)
		if (o->kids[i]->key && !strcmp(o->kids[i]->key, key))
			return o->kids[i];
	return NULL;
}

const char *h_json_str(const struct h_json *o, const char *key)
{
	const struct h_json *v = h_json_get(o, key);

	return v && v->type == H_JSTR ? v->str : NULL;
}

void h_json_text(const struct h_json *v, char *out, size_t cap)
{
	if (!v) {
		snprintf(out, cap, "(absent)");
		return;
	}
	switch (v->type) {
	case H_JNULL:
		snprintf(out, cap, "null");
		break;
	case H_JBOOL:
		snprintf(out, cap, "%s", v->b ? "true" : "false");
		break;
	case H_JNUM:
		snprintf(out, cap, "%.15g", v->num);
		break;
	case H_JSTR:
		snprintf(out, cap, "%s", v->str);
		break;
	default:
		snprintf(out, cap, "(%s of %zu)", v->type == H_JARR ? "array" : "object", v->n);
		break;
	}
}
