/* h_certify_html.c: certificate.html, the certificate as a page a person
 * can hand to a reviewer, written from the same JSON document. */
#include "h_certify_run.h"

#include <stdio.h>
#include <string.h>

#include "h_report.h"

/* Text escaped for HTML, as the reports write it. */
static void h_html_text(FILE *f, const char *s)
{
	h_put_xml(f, s ? s : "", 4096);
}

static const char *h_html_get(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : "";
}

static void h_html_row(FILE *f, const char *k, const char *v)
{
	fputs("<tr><th>", f);
	h_html_text(f, k);
	fputs("</th><td>", f);
	h_html_text(f, v);
	fputs("</td></tr>\n", f);
}

static void h_html_head(FILE *f, const json_t *c)
{
	const json_t *n = json_object_get(c, "nva"), *cf = json_object_get(c, "config");
	char asn[32] = "", caps[200] = "";
	size_t i, l = 0;
	json_t *x;

	if (json_is_integer(json_object_get(n, "asn")))
		snprintf(asn, sizeof(asn), "%lld",
		         (long long)json_integer_value(json_object_get(n, "asn")));
	json_array_foreach(json_object_get(n, "capabilities"), i, x) l +=
	    (size_t)snprintf(caps + l, l < sizeof(caps) ? sizeof(caps) - l : 0, "%s%s",
	                     l ? ", " : "", json_string_value(x));
	fprintf(f, "<h1>%s</h1>\n<table class=\"facts\">\n",
	        json_is_true(json_object_get(c, "certified")) ? "CERTIFIED" : "NOT CERTIFIED");
	h_html_row(f, "date (UTC)", h_html_get(c, "date"));
	h_html_row(f, "rscert", h_html_get(c, "rscertVersion"));
	h_html_row(f, "commit", h_html_get(c, "rscertCommit"));
	h_html_row(f, "NVA", h_html_get(n, "implementation"));
	h_html_row(f, "version", h_html_get(n, "version"));
	h_html_row(f, "BGP ID (observed)", h_html_get(n, "bgpId"));
	h_html_row(f, "AS (observed)", asn);
	h_html_row(f, "capabilities (observed)", caps);
	h_html_row(f, "configuration", h_html_get(cf, "path"));
	h_html_row(f, "sha256", h_html_get(cf, "sha256"));
	h_html_row(f, "profile", h_html_get(c, "profile"));
	fputs("</table>\n", f);
}

int h_cert_write_html(const struct h_cert_run *r, const json_t *c)
{
	char path[512];
	FILE *f;
	size_t i;
	json_t *q;

	snprintf(path, sizeof(path), "%s/certificate.html", r->o->out);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
	      "<title>rscert certificate</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:2em}td,th{border:1px solid #ccc;padding:4px;"
	      "text-align:left;vertical-align:top}table{border-collapse:collapse}"
	      ".PASS{background:#dfd}.FAIL{background:#fdd}.BLOCKED{background:#ffd}"
	      ".SKIP{background:#eee}\n</style></head><body>\n",
	      f);
	h_html_head(f, c);
	fputs("<h2>Requirements</h2>\n<table>\n<tr><th>id</th><th>verdict</th><th>observes</th>"
	      "<th>depends on</th><th>evidence</th><th>how to fix</th></tr>\n",
	      f);
	json_array_foreach(json_object_get(c, "requirements"), i, q)
	{
		static const char *const keys[] = {"observes", "dependsOn", "evidence", "fix"};
		fprintf(f, "<tr class=\"%s\"><td>", h_html_get(q, "verdict"));
		h_html_text(f, h_html_get(q, "id"));
		fprintf(f, "</td><td>%s</td>", h_html_get(q, "verdict"));
		for (size_t k = 0; k < 4; k++) {
			fputs("<td>", f);
			h_html_text(f, h_html_get(q, keys[k]));
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n</body></html>\n", f);
	return fclose(f) ? -1 : 0;
}
