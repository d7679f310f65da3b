/* report_fixture.h: synthetic run results for the report tests. */
#ifndef RSCERT_TEST_REPORT_FIXTURE_H
#define RSCERT_TEST_REPORT_FIXTURE_H

#include "h_result.h"

/* "mixed": every verdict, events, latencies, hostile text (markup, quotes,
 * control characters, invalid UTF-8), a flaky case; "pass": PASS, SKIP and
 * XFAIL only; "empty": nothing ran; "short": fewer results than selected.
 * Returns 0, or -1 for an unknown name. Free with fixture_free, which
 * expects r->selected results allocated (restore it after changing it). */
int fixture_build(const char *name, struct h_run_result *r);
void fixture_free(struct h_run_result *r);

#endif
