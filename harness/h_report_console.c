/* h_report_console.c: progress lines while the run goes, and the summary. */
#include "h_report.h"

#include <stdlib.h>
#include <unistd.h>

#define H_MAX_FLAKY_SHOWN 32

static const char *const h_colour[H_VERDICT_COUNT] = {
    "\033[32m",   /* PASS green */
    "\033[1;31m", /* FAIL bold red */
    "\033[1;35m", /* ERROR bold magenta */
    "\033[33m",   /* SKIP yellow */
    "\033[36m",   /* XFAIL cyan */
    "\033[1;33m", /* XPASS bold yellow */
};

static int h_console_colour(FILE *f)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(fileno(f)) && !(nc && *nc);
}

static void h_console_verdict(FILE *f, enum h_verdict v, int colour)
{
	if (colour && (unsigned)v < H_VERDICT_COUNT)
		fprintf(f, "%s%-5s\033[0m", h_colour[v], h_verdict_name(v));
	else
		fprintf(f, "%-5s", h_verdict_name(v));
}

static void h_console_field(FILE *f, const char *label, const char *s)
{
	if (s[0])
		fprintf(f, "        %-12s %s\n", label, s);
}

static void h_console_details(FILE *f, const struct h_case_result *c)
{
	h_console_field(f, "reason:", c->reason);
	if (c->verdict == H_FAIL || c->verdict == H_XPASS || c->verdict == H_ERROR) {
		h_console_field(f, "requirement:", c->requirement);
		h_console_field(f, "expected:", c->expected);
		h_console_field(f, "observed:", c->observed);
		if (c->file[0] && c->failed_line)
			fprintf(f, "        %-12s %s:%u\n", "case:", c->file, c->failed_line);
		else
			h_console_field(f, "case:", c->file);
		h_console_field(f, "wire log:", c->wirelog);
		h_console_field(f, "pcap:", c->pcap);
		h_console_field(f, "server log:", c->serverlog);
	}
}

void h_report_console_case(FILE *f, const struct h_case_result *c, size_t index, size_t total)
{
	int colour = h_console_colour(f);
	int width = total >= 1000 ? 4 : total >= 100 ? 3 : total >= 10 ? 2 : 1;

	fprintf(f, "[%*zu/%zu] ", width, index + 1, total);
	h_console_verdict(f, c->verdict, colour);
	fprintf(f, "  %-36s %7.2f s", c->id, c->seconds);
	if (c->attempt > 1)
		fprintf(f, "  (attempt %u)", c->attempt);
	if (c->title[0])
		fprintf(f, "  %s", c->title);
	fputc('\n', f);
	if (c->verdict != H_PASS)
		h_console_details(f, c);
	fflush(f);
}

void h_report_console_summary(FILE *f, const struct h_run_result *r)
{
	struct h_flake flaky[H_MAX_FLAKY_SHOWN];
	struct h_report_counts c;
	int colour = h_console_colour(f);
	char why[160];
	size_t i, nflaky, shown = 0;

	h_report_count(r, &c);
	fprintf(f, "\n%zu of %zu selected case(s) ran in %.2f s (target %s, seed %llu)\n",
	        r->ncases, r->selected, r->seconds, r->target[0] ? r->target : "?",
	        (unsigned long long)r->seed);
	for (i = 0; i < H_VERDICT_COUNT; i++) {
		fputs("  ", f);
		h_console_verdict(f, (enum h_verdict)i, colour && c.n[i]);
		fprintf(f, " %zu\n", c.n[i]);
	}
	nflaky = h_report_flaky(r, flaky, H_MAX_FLAKY_SHOWN);
	if (nflaky) {
		fprintf(f, "flaky case(s): %zu\n", nflaky);
		for (i = 0; i < nflaky && i < H_MAX_FLAKY_SHOWN; i++)
			fprintf(f, "  %-36s failed %u of %u attempts (%.0f%%)\n", flaky[i].id,
			        flaky[i].failed, flaky[i].attempts,
			        100.0 * flaky[i].failed / flaky[i].attempts);
	}
	for (i = 0; i < r->ncases; i++) {
		const struct h_case_result *k = &r->cases[i];

		if (k->verdict != H_FAIL && k->verdict != H_ERROR && k->verdict != H_XPASS)
			continue;
		if (!shown++)
			fputs("not passed:\n", f);
		fputs("  ", f);
		h_console_verdict(f, k->verdict, colour);
		fprintf(f, "  %-36s %s\n", k->id, k->reason);
	}
	fprintf(f, "exit status %d: %s\n", h_run_exit_status(r),
	        h_run_exit_reason(r, why, sizeof(why)));
	fflush(f);
}
