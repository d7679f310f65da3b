/* h_report_junit.c: JUnit XML in the common Jenkins/Ant form.
 *
 * One testsuite per run; a testcase per case result, classname
 * "rscert.<family>" from the ID's first word (ARS, RFC4271, ...). FAIL and
 * XPASS are <failure>, ERROR is <error>, SKIP and XFAIL are <skipped>. The
 * evidence paths go to the testcase's system-out. */
#include "h_report.h"

#include <string.h>
#include <unistd.h>

static void h_junit_attr(FILE *f, const char *name, const char *s, size_t max)
{
	fprintf(f, " %s=\"", name);
	h_put_xml(f, s, max);
	fputc('"', f);
}

static void h_junit_property(FILE *f, const char *name, const char *s, size_t max)
{
	fputs("      <property", f);
	h_junit_attr(f, "name", name, strlen(name));
	h_junit_attr(f, "value", s, max);
	fputs("/>\n", f);
}

static void h_junit_classname(FILE *f, const struct h_case_result *c)
{
	size_t n = strnlen(c->id, sizeof(c->id));
	const char *dash = memchr(c->id, '-', n);

	fputs(" classname=\"rscert.", f);
	h_put_xml(f, c->id, dash ? (size_t)(dash - c->id) : n);
	fputc('"', f);
}

static void h_junit_text_line(FILE *f, const char *label, const char *s, size_t max)
{
	if (!s[0])
		return;
	h_put_xml(f, label, strlen(label));
	h_put_xml(f, s, max);
	fputc('\n', f);
}

static void h_junit_problem(FILE *f, const struct h_case_result *c, const char *elem,
                            const char *type)
{
	fprintf(f, "      <%s", elem);
	h_junit_attr(f, "message", H_FIELD(c->reason));
	h_junit_attr(f, "type", type, strlen(type));
	fputs(">", f);
	h_junit_text_line(f, "requirement: ", H_FIELD(c->requirement));
	h_junit_text_line(f, "expected: ", H_FIELD(c->expected));
	h_junit_text_line(f, "observed: ", H_FIELD(c->observed));
	if (c->file[0]) {
		h_put_xml(f, "case: ", 6);
		h_put_xml(f, H_FIELD(c->file));
		if (c->failed_line)
			fprintf(f, ":%u", c->failed_line);
		fputc('\n', f);
	}
	fprintf(f, "</%s>\n", elem);
}

static void h_junit_case(FILE *f, const struct h_case_result *c)
{
	fputs("    <testcase", f);
	h_junit_attr(f, "name", H_FIELD(c->id));
	h_junit_classname(f, c);
	fprintf(f, " time=\"%.3f\"", c->seconds > 0 ? c->seconds : 0.0);
	fputs(">\n", f);
	switch (c->verdict) {
	case H_PASS:
		break;
	case H_FAIL:
		h_junit_problem(f, c, "failure", "FAIL");
		break;
	case H_XPASS:
		h_junit_problem(f, c, "failure", "XPASS");
		break;
	case H_SKIP:
	case H_XFAIL:
		fputs("      <skipped", f);
		h_junit_attr(f, "message", H_FIELD(c->reason));
		fprintf(f, " type=\"%s\"/>\n", h_verdict_name(c->verdict));
		break;
	case H_ERROR:
	default:
		h_junit_problem(f, c, "error", "ERROR");
		break;
	}
	fputs("      <system-out>", f);
	h_junit_text_line(f, "title: ", H_FIELD(c->title));
	h_junit_text_line(f, "level: ", H_FIELD(c->level));
	fprintf(f, "attempt: %u\n", c->attempt);
	h_junit_text_line(f, "wire log: ", H_FIELD(c->wirelog));
	h_junit_text_line(f, "pcap: ", H_FIELD(c->pcap));
	h_junit_text_line(f, "server log: ", H_FIELD(c->serverlog));
	fputs("</system-out>\n", f);
	fputs("    </testcase>\n", f);
}

/* A run that lost results (or ran nothing) must not look green: it gets one
 * more testcase, in error. */
static void h_junit_incomplete(FILE *f, const char *why)
{
	fputs("    <testcase name=\"run-completeness\" classname=\"rscert.run\" time=\"0\">\n"
	      "      <error type=\"INCOMPLETE\"",
	      f);
	h_junit_attr(f, "message", why, strlen(why));
	fputs("/>\n    </testcase>\n", f);
}

/* What re-creates the run, one property each (h_report_meta). */
static void h_junit_meta(FILE *f, const struct h_run_result *r)
{
	struct h_meta m;

	if (h_report_meta(r, &m))
		return;
	for (size_t i = 0; i < m.n; i++)
		h_junit_property(f, m.key[i], m.val[i], strlen(m.val[i]));
	h_meta_free(&m);
}

int h_report_junit(FILE *f, const struct h_run_result *r)
{
	struct h_report_counts c;
	size_t incomplete;
	char host[256] = "localhost", when[32], repeat[16], selected[32], why[160];
	size_t i;

	h_report_count(r, &c);
	incomplete = r->ncases == 0 || r->ncases != r->selected;
	c.total += incomplete;
	c.n[H_ERROR] += incomplete;
	h_run_exit_reason(r, why, sizeof(why));
	if (gethostname(host, sizeof(host) - 1) != 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	h_report_iso_time(r->started, when, sizeof(when));
	snprintf(repeat, sizeof(repeat), "%u", r->repeat);
	snprintf(selected, sizeof(selected), "%zu", r->selected);

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f,
	        "<testsuites name=\"rscert\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\""
	        " skipped=\"%zu\" time=\"%.3f\">\n",
	        c.total, c.n[H_FAIL] + c.n[H_XPASS], c.n[H_ERROR], c.n[H_SKIP] + c.n[H_XFAIL],
	        r->seconds > 0 ? r->seconds : 0.0);
	fprintf(f,
	        "  <testsuite name=\"rscert\" id=\"0\" package=\"rscert\" tests=\"%zu\""
	        " failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\""
	        " timestamp=\"%s\"",
	        c.total, c.n[H_FAIL] + c.n[H_XPASS], c.n[H_ERROR], c.n[H_SKIP] + c.n[H_XFAIL],
	        r->seconds > 0 ? r->seconds : 0.0, when);
	h_junit_attr(f, "hostname", host, sizeof(host));
	fputs(">\n    <properties>\n", f);
	h_junit_meta(f, r);
	h_junit_property(f, "repeat", H_FIELD(repeat));
	h_junit_property(f, "selected", H_FIELD(selected));
	h_junit_property(f, "outcome", H_FIELD(why));
	fputs("    </properties>\n", f);
	for (i = 0; i < r->ncases; i++)
		h_junit_case(f, &r->cases[i]);
	if (incomplete)
		h_junit_incomplete(f, why);
	fputs("    <system-out></system-out>\n    <system-err></system-err>\n", f);
	fputs("  </testsuite>\n</testsuites>\n", f);
	return ferror(f) ? -1 : 0;
}
