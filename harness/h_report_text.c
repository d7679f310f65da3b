/* h_report_text.c: UTF-8 sanitising and escaping for XML and YAML; valid
 * UTF-8 strings for jansson (which refuses anything else). */
#include "h_report.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define H_REPLACEMENT 0xFFFDul

size_t h_utf8_next(const char *s, size_t n, unsigned long *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long c;
	size_t len, i;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		len = 2;
		c = u[0] & 0x1f;
	} else if ((u[0] & 0xf0) == 0xe0) {
		len = 3;
		c = u[0] & 0x0f;
	} else if ((u[0] & 0xf8) == 0xf0) {
		len = 4;
		c = u[0] & 0x07;
	} else {
		*cp = H_REPLACEMENT;
		return 1;
	}
	if (len > n)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto bad;
		c = c << 6 | (u[i] & 0x3f);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = H_REPLACEMENT;
	return 1;
}

static void h_put_utf8(FILE *f, unsigned long c)
{
	if (c < 0x80) {
		fputc((int)c, f);
	} else if (c < 0x800) {
		fputc((int)(0xc0 | c >> 6), f);
		fputc((int)(0x80 | (c & 0x3f)), f);
	} else if (c < 0x10000) {
		fputc((int)(0xe0 | c >> 12), f);
		fputc((int)(0x80 | ((c >> 6) & 0x3f)), f);
		fputc((int)(0x80 | (c & 0x3f)), f);
	} else {
		fputc((int)(0xf0 | c >> 18), f);
		fputc((int)(0x80 | ((c >> 12) & 0x3f)), f);
		fputc((int)(0x80 | ((c >> 6) & 0x3f)), f);
		fputc((int)(0x80 | (c & 0x3f)), f);
	}
}

void h_put_xml(FILE *f, const char *s, size_t max)
{
	size_t n = strnlen(s, max), i = 0;
	unsigned long c;

	while (i < n) {
		i += h_utf8_next(s + i, n - i, &c);
		switch (c) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		case '\n':
		case '\t':
			fprintf(f, "&#%lu;", c); /* kept in attribute values too */
			break;
		default:
			/* XML 1.0 has no way to carry other control characters */
			if (c < 0x20 || c == 0x7f || c == 0xfffe || c == 0xffff)
				c = H_REPLACEMENT;
			h_put_utf8(f, c);
		}
	}
}

/* A YAML double-quoted scalar: backslash escapes, other control
 * characters as \xXX. */
void h_put_yaml(FILE *f, const char *s, size_t max)
{
	size_t n = strnlen(s, max), i = 0;
	unsigned long c;

	fputc('"', f);
	while (i < n) {
		i += h_utf8_next(s + i, n - i, &c);
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", (int)c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02lx", c);
		else
			h_put_utf8(f, c);
	}
	fputc('"', f);
}

json_t *h_report_jstr(const char *s, size_t max)
{
	size_t n = strnlen(s, max), i = 0, k = 0, len;
	char *buf = malloc(n * 3 + 1); /* an invalid byte grows to U+FFFD's 3 */
	unsigned long c;
	json_t *j;

	if (buf == NULL)
		return NULL;
	while (i < n) {
		len = h_utf8_next(s + i, n - i, &c);
		if (c == H_REPLACEMENT && !(len == 3 && !memcmp(s + i, "\xef\xbf\xbd", 3))) {
			memcpy(buf + k, "\xef\xbf\xbd", 3);
			k += 3;
		} else {
			memcpy(buf + k, s + i, len);
			k += len;
		}
		i += len;
	}
	j = json_stringn(buf, k); /* jansson escapes quotes, backslashes, controls */
	free(buf);
	return j;
}

void h_put_xml_trunc(FILE *f, const char *s, size_t max, size_t maxchars)
{
	size_t n = strnlen(s, max), i = 0, keep = 0, chars = 0;
	unsigned long c;

	while (i < n) {
		if (chars + 1 == maxchars)
			keep = i; /* where to cut if the text turns out too long */
		if (chars == maxchars)
			break;
		i += h_utf8_next(s + i, n - i, &c);
		chars++;
	}
	if (i >= n) {
		h_put_xml(f, s, n);
		return;
	}
	h_put_xml(f, s, keep);
	fputs("\xe2\x80\xa6", f);
}
