/* h_report_tap.c: TAP version 13, one test point per case result, with a
 * YAML diagnostic block for everything that did not simply pass.
 *
 * SKIP is "ok # SKIP", XFAIL "not ok # TODO", XPASS "ok # TODO" (TAP's own
 * words for a known deviation). The plan counts the selected results, so a
 * consumer notices missing results; a run with no result bails out. */
#include "h_report.h"

static void h_tap_kv(FILE *f, const char *key, const char *s, size_t max)
{
	if (!s[0])
		return;
	fprintf(f, "  %s: ", key);
	h_put_yaml(f, s, max);
	fputc('\n', f);
}

/* The directive's text must not contain '#' or a newline. */
static void h_tap_directive_text(FILE *f, const char *s, size_t max)
{
	size_t i;

	for (i = 0; i < max && s[i]; i++)
		fputc(s[i] == '#' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i], f);
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

int h_report_tap(FILE *f, const struct h_run_result *r)
{
	size_t i, plan = r->selected > r->ncases ? r->selected : r->ncases;
	char why[160];

	fputs("TAP version 13\n", f);
	if (r->ncases == 0) {
		fprintf(f, "1..%zu\n", plan);
		fprintf(f, "Bail out! %s\n", h_run_exit_reason(r, why, sizeof(why)));
		return ferror(f) ? -1 : 0;
	}
	fprintf(f, "1..%zu\n", plan);
	fputs("# target: ", f);
	h_tap_directive_text(f, H_FIELD(r->target));
	fprintf(f, "\n# seed: %llu\n", (unsigned long long)r->seed);
	for (i = 0; i < r->ncases; i++)
		h_tap_point(f, &r->cases[i], i + 1);
	if (r->ncases < r->selected)
		fprintf(f, "# %s\n", h_run_exit_reason(r, why, sizeof(why)));
	return ferror(f) ? -1 : 0;
}
