/* h_report_common.c: verdict names, counts, the exit status rule and the
 * times every report writer shares (h_report_write.c writes them all). */
#include "h_report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

const char *h_verdict_name(enum h_verdict v)
{
	switch (v) {
	case H_PASS:
		return "PASS";
	case H_FAIL:
		return "FAIL";
	case H_ERROR:
		return "ERROR";
	case H_SKIP:
		return "SKIP";
	case H_XFAIL:
		return "XFAIL";
	case H_XPASS:
		return "XPASS";
	}
	return "UNKNOWN";
}

const char *h_msg_type_name(unsigned type)
{
	static const char *const names[] = {"",          "OPEN",         "UPDATE", "NOTIFICATION",
	                                    "KEEPALIVE", "ROUTE-REFRESH"};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "UNKNOWN";
}

void h_report_count(const struct h_run_result *r, struct h_report_counts *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < r->ncases; i++) {
		unsigned v = (unsigned)r->cases[i].verdict;

		if (v < H_VERDICT_COUNT)
			c->n[v]++;
		else
			c->n[H_ERROR]++; /* a verdict we do not know is a harness problem */
		c->total++;
	}
}

static int h_verdict_bad(enum h_verdict v)
{
	return v == H_FAIL || v == H_ERROR || v == H_XPASS || (unsigned)v >= H_VERDICT_COUNT;
}

size_t h_report_flaky(const struct h_run_result *r, struct h_flake *out, size_t cap)
{
	size_t i, j, n = 0;

	for (i = 0; i < r->ncases; i++) {
		const struct h_case_result *c = &r->cases[i];
		struct h_flake fl = {c->id, 0, 0, 0};
		int first = 1;

		for (j = 0; j < r->ncases && first; j++)
			if (j < i && strncmp(r->cases[j].id, c->id, sizeof(c->id)) == 0)
				first = 0;
		if (!first)
			continue;
		for (j = i; j < r->ncases; j++) {
			const struct h_case_result *o = &r->cases[j];

			if (strncmp(o->id, c->id, sizeof(c->id)) != 0)
				continue;
			fl.attempts++;
			if (h_verdict_bad(o->verdict))
				fl.failed++;
			else if (o->verdict == H_PASS || o->verdict == H_XFAIL)
				fl.passed++;
		}
		if (fl.passed && fl.failed) {
			if (n < cap)
				out[n] = fl;
			n++;
		}
	}
	return n;
}

int h_run_exit_status(const struct h_run_result *r)
{
	struct h_report_counts c;

	h_report_count(r, &c);
	if (r->interrupted)
		return H_EXIT_INTERRUPTED + r->interrupted;
	if (r->selected == 0 && r->ncases == 0)
		return r->allow_empty ? H_EXIT_OK : H_EXIT_NOTHING;
	if (c.n[H_ERROR] || r->ncases == 0 || r->ncases != r->selected)
		return H_EXIT_INCOMPLETE;
	if (c.n[H_FAIL] || c.n[H_XPASS])
		return H_EXIT_FAILED;
	if (c.n[H_SKIP] == c.total && !r->allow_empty)
		return H_EXIT_NOTHING;
	return H_EXIT_OK;
}

const char *h_run_exit_reason(const struct h_run_result *r, char *buf, size_t cap)
{
	struct h_report_counts c;

	h_report_count(r, &c);
	if (r->interrupted)
		snprintf(buf, cap, "interrupted by signal %d (%s)", r->interrupted,
		         strsignal(r->interrupted));
	else if (r->ncases == 0)
		snprintf(buf, cap, "no case ran (%zu selected)", r->selected);
	else if (r->ncases < r->selected)
		snprintf(buf, cap, "only %zu of %zu selected cases ran", r->ncases, r->selected);
	else if (r->ncases != r->selected)
		snprintf(buf, cap, "%zu results for %zu selected cases", r->ncases, r->selected);
	else if (c.n[H_ERROR])
		snprintf(buf, cap, "%zu case(s) ended in ERROR", c.n[H_ERROR]);
	else if (c.n[H_FAIL] || c.n[H_XPASS])
		snprintf(buf, cap, "%zu case(s) failed, %zu passed unexpectedly (XPASS)",
		         c.n[H_FAIL], c.n[H_XPASS]);
	else if (c.n[H_SKIP] == c.total)
		snprintf(buf, cap, "every case was skipped%s",
		         r->allow_empty ? " (allowed by --allow-empty)" : ": nothing was checked");
	else
		snprintf(buf, cap, "all %zu case(s) passed, skipped or failed as declared",
		         c.total);
	return buf;
}

void h_report_iso_time(double unix_time, char *buf, size_t cap)
{
	time_t t = (time_t)unix_time;
	struct tm tm;

	if (unix_time <= 0 || !gmtime_r(&t, &tm) || !strftime(buf, cap, "%Y-%m-%dT%H:%M:%S", &tm))
		snprintf(buf, cap, "1970-01-01T00:00:00");
}
