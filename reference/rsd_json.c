/* rsd_json.c: JSON writer. */
#include "rsd_json.h"

#include <stdio.h>

#include "bgp_addr.h"

void rsd_json_init(struct rsd_json *j, struct rsd_buf *b)
{
	j->b = b;
	j->depth = 0;
	j->first[0] = true;
	j->after_key = false;
}

static void rsd_json_sep(struct rsd_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->first[j->depth])
		rsd_buf_append(j->b, ",", 1);
	j->first[j->depth] = false;
}

static void rsd_json_open(struct rsd_json *j, char c)
{
	rsd_json_sep(j);
	rsd_buf_append(j->b, &c, 1);
	if (j->depth + 1 < RSD_JSON_DEPTH)
		j->depth++;
	j->first[j->depth] = true;
}

static void rsd_json_close(struct rsd_json *j, char c)
{
	rsd_buf_append(j->b, &c, 1);
	if (j->depth > 0)
		j->depth--;
}

void rsd_json_obj(struct rsd_json *j)
{
	rsd_json_open(j, '{');
}

void rsd_json_obj_end(struct rsd_json *j)
{
	rsd_json_close(j, '}');
}

void rsd_json_arr(struct rsd_json *j)
{
	rsd_json_open(j, '[');
}

void rsd_json_arr_end(struct rsd_json *j)
{
	rsd_json_close(j, ']');
}

static void rsd_json_quoted(struct rsd_json *j, const char *s)
{
	rsd_buf_append(j->b, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			char e[2] = {'\\', (char)*p};
			rsd_buf_append(j->b, e, 2);
		} else if (*p < 0x20) {
			rsd_buf_printf(j->b, "\\u%04x", *p);
		} else {
			rsd_buf_append(j->b, p, 1);
		}
	}
	rsd_buf_append(j->b, "\"", 1);
}

void rsd_json_key(struct rsd_json *j, const char *k)
{
	rsd_json_sep(j);
	rsd_json_quoted(j, k);
	rsd_buf_append(j->b, ":", 1);
	j->after_key = true;
}

void rsd_json_str(struct rsd_json *j, const char *s)
{
	rsd_json_sep(j);
	rsd_json_quoted(j, s ? s : "");
}

void rsd_json_int(struct rsd_json *j, long long v)
{
	rsd_json_sep(j);
	rsd_buf_printf(j->b, "%lld", v);
}

void rsd_json_bool(struct rsd_json *j, bool v)
{
	rsd_json_sep(j);
	rsd_buf_printf(j->b, "%s", v ? "true" : "false");
}

void rsd_json_null(struct rsd_json *j)
{
	rsd_json_sep(j);
	rsd_buf_append(j->b, "null", 4);
}

void rsd_json_addr(struct rsd_json *j, uint32_t a)
{
	char s[BGP_IPV4_TEXT];
	bgp_addr_format_ipv4(a, s, sizeof(s));
	rsd_json_str(j, s);
}

void rsd_json_kstr(struct rsd_json *j, const char *k, const char *s)
{
	rsd_json_key(j, k);
	rsd_json_str(j, s);
}

void rsd_json_kint(struct rsd_json *j, const char *k, long long v)
{
	rsd_json_key(j, k);
	rsd_json_int(j, v);
}

void rsd_json_kaddr(struct rsd_json *j, const char *k, uint32_t a)
{
	rsd_json_key(j, k);
	rsd_json_addr(j, a);
}
