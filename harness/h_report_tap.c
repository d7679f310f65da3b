/* h_report_tap.c: TAP version 13, one test point per case result, with a
 * YAML diagnostic block for everything that did not simply pass.
 *
 * SKIP is "ok # SKIP", XFAIL "not ok # TODO", XPASS "ok # TODO" (TAP's own
 * words for a known deviation). The plan counts the selected results, so a
 * consumer notices missing results; a run with no result bails out. */
#include "h_report.h"

#include <string.h>

static void h_tap_kv(FILE *f, const char *key, const char *s, size_t max)
{
	if (!s[0])
		return;
	fprintf(f, "  %s: ", key);
	h_put_yaml(f, s, max);
	fputc('\n', f);
}

/* The directive's text must not contain '#' or a line break; other
 * control characters go too. */
static void h_tap_directive_text(FILE *f, const char *s, size_t max)
{
	size_t i;

	for (i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		fputc(c == '#' || c < 0x20 || c == 0x7f ? ' ' : c, f);
	}
}

static void h_tap_yaml(FILE *f, const struct h_case_result *c)
{
	fputs("  ---\n", f);
	fprintf(f, "  verdict: %s\n", h_verdict_name(c->verdict));
	h_tap_kv(f, "level", H_FIELD(c->level));
	h_tap_kv(f, "message", H_FIELD(c->reason));
	h_tap_kv(f, "requirement", H_FIELD(c->requirement));
	h_tap_kv(f, "expected", H_FIELD(c->expected));
	h_tap_kv(f, "observed", H_FIELD(c->observed));
	h_tap_kv(f, "file", H_FIELD(c->file));
	if (c->failed_line)
		fprintf(f, "  line: %u\n", c->failed_line);
	fprintf(f, "  seconds: %.3f\n", c->seconds);
	fprintf(f, "  attempt: %u\n", c->attempt);
	h_tap_kv(f, "wirelog", H_FIELD(c->wirelog));
	h_tap_kv(f, "pcap", H_FIELD(c->pcap));
	h_tap_kv(f, "serverlog", H_FIELD(c->serverlog));
	fputs("  ...\n", f);
}

static void h_tap_point(FILE *f, const struct h_case_result *c, size_t n)
{
	int ok = c->verdict == H_PASS || c->verdict == H_SKIP || c->verdict == H_XPASS;

	fprintf(f, "%s %zu - ", ok ? "ok" : "not ok", n);
	h_tap_directive_text(f, H_FIELD(c->id));
	if (c->title[0]) {
		fputc(' ', f);
		h_tap_directive_text(f, H_FIELD(c->title));
	}
	if (c->verdict == H_SKIP)
		fputs(" # SKIP ", f);
	else if (c->verdict == H_XFAIL)
		fputs(" # TODO known deviation: ", f);
	else if (c->verdict == H_XPASS)
		fputs(" # TODO declared deviation did not occur: ", f);
	if (c->verdict == H_SKIP || c->verdict == H_XFAIL || c->verdict == H_XPASS)
		h_tap_directive_text(f, H_FIELD(c->reason));
	fputc('\n', f);
	if (c->verdict != H_PASS)
		h_tap_yaml(f, c);
}

/* What re-creates the run, one comment line each (h_report_meta). */
static void h_tap_meta(FILE *f, const struct h_run_result *r)
{
	struct h_meta m;

	if (h_report_meta(r, &m))
		return;
	for (size_t i = 0; i < m.n; i++) {
		fprintf(f, "# %s: ", m.key[i]);
		h_tap_directive_text(f, m.val[i], strlen(m.val[i]));
		fputc('\n', f);
	}
	h_meta_free(&m);
}

int h_report_tap(FILE *f, const struct h_run_result *r)
{
	size_t i, plan = r->selected > r->ncases ? r->selected : r->ncases;
	char why[160];

	fputs("TAP version 13\n", f);
	fprintf(f, "1..%zu\n", plan);
	h_tap_meta(f, r);
	if (r->ncases == 0) {
		fprintf(f, "Bail out! %s\n", h_run_exit_reason(r, why, sizeof(why)));
		return ferror(f) ? -1 : 0;
	}
	for (i = 0; i < r->ncases; i++)
		h_tap_point(f, &r->cases[i], i + 1);
	if (r->ncases < r->selected)
		fprintf(f, "# %s\n", h_run_exit_reason(r, why, sizeof(why)));
	return ferror(f) ? -1 : 0;
}
