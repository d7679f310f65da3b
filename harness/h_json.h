/* h_json.h: a small JSON reader for the control socket's answers. */
#ifndef RSCERT_H_JSON_H
#define RSCERT_H_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum h_json_type { H_JNULL, H_JBOOL, H_JNUM, H_JSTR, H_JARR, H_JOBJ };

struct h_json {
	enum h_json_type type;
	bool b;
	double num;
	char *str;            /* string value */
	char *key;            /* member name inside an object */
	size_t n;             /* children of arrays and objects */
	struct h_json **kids;
};

/* Parse text; NULL on a syntax error. Free with h_json_free. */
struct h_json *h_json_parse(const char *text);
void h_json_free(struct h_json *j);
/* Member of an object, or NULL. */
const struct h_json *h_json_get(const struct h_json *o, const char *key);
/* String member or NULL. */
const char *h_json_str(const struct h_json *o, const char *key);
/* Value as text ("1", "Established", "true"); numbers without trailing zeros. */
void h_json_text(const struct h_json *v, char *out, size_t cap);

#endif
