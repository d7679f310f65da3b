/* h_report_json.c: the whole run result as one JSON document: every field
 * of h_run_result and h_case_result, events and latencies included, plus
 * the counts, the flaky cases and the exit status the runner returns. */
#include "h_report.h"

#include <math.h>
#include <stdlib.h>

static void h_json_num(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.6f", v);
	else
		fputs("null", f); /* JSON has no NaN or infinity */
}

static void h_json_key(FILE *f, const char *indent, const char *key)
{
	fprintf(f, "%s\"%s\": ", indent, key);
}

static void h_json_str(FILE *f, const char *indent, const char *key, const char *s, size_t max,
                       int comma)
{
	h_json_key(f, indent, key);
	h_put_json(f, s, max);
	fputs(comma ? ",\n" : "\n", f);
}

static void h_json_event(FILE *f, const struct h_event *e)
{
	fputs("{\"t\": ", f);
	h_json_num(f, e->t);
	fputs(", \"actor\": ", f);
	h_put_json(f, H_FIELD(e->actor));
	fputs(", \"server\": ", f);
	h_put_json(f, H_FIELD(e->server));
	fprintf(f, ", \"dir\": \"%s\", \"type\": %u, \"type_name\": \"%s\", \"summary\": ",
	        e->dir == H_DIR_TO_SERVER ? "to_server" : "from_server", e->type,
	        h_msg_type_name(e->type));
	h_put_json(f, H_FIELD(e->summary));
	fputc('}', f);
}

static void h_json_case(FILE *f, const struct h_case_result *c)
{
	const char *in = "      ";
	size_t i;

	fputs("    {\n", f);
	h_json_str(f, in, "id", H_FIELD(c->id), 1);
	h_json_str(f, in, "level", H_FIELD(c->level), 1);
	h_json_str(f, in, "title", H_FIELD(c->title), 1);
	h_json_str(f, in, "requirement", H_FIELD(c->requirement), 1);
	h_json_str(f, in, "file", H_FIELD(c->file), 1);
	fprintf(f, "%s\"verdict\": \"%s\",\n", in, h_verdict_name(c->verdict));
	h_json_str(f, in, "reason", H_FIELD(c->reason), 1);
	h_json_str(f, in, "expected", H_FIELD(c->expected), 1);
	h_json_str(f, in, "observed", H_FIELD(c->observed), 1);
	fprintf(f, "%s\"failed_line\": %u,\n", in, c->failed_line);
	h_json_key(f, in, "seconds");
	h_json_num(f, c->seconds);
	fprintf(f, ",\n%s\"attempt\": %u,\n", in, c->attempt);
	h_json_str(f, in, "pcap", H_FIELD(c->pcap), 1);
	h_json_str(f, in, "wirelog", H_FIELD(c->wirelog), 1);
	h_json_str(f, in, "serverlog", H_FIELD(c->serverlog), 1);
	fprintf(f, "%s\"events\": [", in);
	for (i = 0; i < c->nevents && c->events; i++) {
		fputs(i ? ",\n        " : "\n        ", f);
		h_json_event(f, &c->events[i]);
	}
	fputs(c->nevents && c->events ? "\n      ],\n" : "],\n", f);
	fprintf(f, "%s\"latency\": [", in);
	for (i = 0; i < c->nlatency && c->latency; i++) {
		if (i)
			fputs(", ", f);
		h_json_num(f, c->latency[i]);
	}
	fputs("]\n    }", f);
}

static void h_json_flaky(FILE *f, const struct h_run_result *r)
{
	size_t n = h_report_flaky(r, NULL, 0), i;
	struct h_flake *fl = n ? calloc(n, sizeof(*fl)) : NULL;

	fputs("  \"flaky\": [", f);
	if (fl)
		h_report_flaky(r, fl, n);
	for (i = 0; fl && i < n; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		fputs("{\"id\": ", f);
		h_put_json(f, fl[i].id, sizeof(r->cases[0].id));
		fprintf(f, ", \"attempts\": %u, \"passed\": %u, \"failed\": %u}", fl[i].attempts,
		        fl[i].passed, fl[i].failed);
	}
	fputs(fl ? "\n  ],\n" : "],\n", f);
	free(fl);
}

int h_report_json(FILE *f, const struct h_run_result *r)
{
	struct h_report_counts c;
	char when[32], why[160];
	size_t i;

	h_report_count(r, &c);
	h_report_iso_time(r->started, when, sizeof(when));
	fputs("{\n", f);
	fputs("  \"format\": \"rscert-report-1\",\n", f);
	h_json_str(f, "  ", "target", H_FIELD(r->target), 1);
	h_json_str(f, "  ", "profile", H_FIELD(r->profile), 1);
	fprintf(f, "  \"seed\": %llu,\n", (unsigned long long)r->seed);
	fprintf(f, "  \"repeat\": %u,\n", r->repeat);
	h_json_key(f, "  ", "started");
	h_json_num(f, r->started);
	fprintf(f, ",\n  \"started_utc\": \"%sZ\",\n", when);
	h_json_key(f, "  ", "seconds");
	h_json_num(f, r->seconds);
	fprintf(f, ",\n  \"selected\": %zu,\n  \"ncases\": %zu,\n", r->selected, r->ncases);
	fputs("  \"counts\": {", f);
	for (i = 0; i < H_VERDICT_COUNT; i++)
		fprintf(f, "%s\"%s\": %zu", i ? ", " : "", h_verdict_name((enum h_verdict)i),
		        c.n[i]);
	fputs("},\n", f);
	h_json_flaky(f, r);
	fprintf(f, "  \"exit_status\": %d,\n", h_run_exit_status(r));
	h_json_str(f, "  ", "exit_reason", h_run_exit_reason(r, why, sizeof(why)), sizeof(why), 1);
	fputs("  \"cases\": [", f);
	for (i = 0; i < r->ncases; i++) {
		fputs(i ? ",\n" : "\n", f);
		h_json_case(f, &r->cases[i]);
	}
	fputs(r->ncases ? "\n  ]\n}\n" : "]\n}\n", f);
	return ferror(f) ? -1 : 0;
}
