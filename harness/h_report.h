/* h_report.h: the report writers. The runner hands a finished (or partial)
 * h_run_result to them; none of them changes it.
 *
 *   console  progress line per case and a summary (h_report_console_*)
 *   TAP      report.tap        TAP version 13 with YAML diagnostics
 *   JUnit    report.junit.xml  the common Jenkins/Ant JUnit XML schema
 *   JSON     report.json       every field of the result
 *   HTML     report.html       one self-contained page for people
 *
 * Evidence paths in the results are relative to the output directory, so
 * the reports link to them as they are. */
#ifndef RSCERT_H_REPORT_H
#define RSCERT_H_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "h_result.h"

#define H_VERDICT_COUNT 6

/* Exit statuses of h_run_exit_status. */
enum h_exit {
	H_EXIT_OK = 0,           /* every selected case ran: PASS, SKIP or XFAIL */
	H_EXIT_FAILED = 1,       /* a FAIL, or an XPASS (stale profile) */
	H_EXIT_INCOMPLETE = 2,   /* usage or environment error, an ERROR, results missing */
	H_EXIT_NOTHING = 3,      /* no case selected or every case SKIPped */
	H_EXIT_INTERRUPTED = 128 /* + the signal: 130 SIGINT, 143 SIGTERM */
};

struct h_report_counts {
	size_t n[H_VERDICT_COUNT]; /* indexed by enum h_verdict */
	size_t total;
};

void h_report_count(const struct h_run_result *r, struct h_report_counts *c);

/* A case that ran more than once with different outcomes (--repeat N). */
struct h_flake {
	const char *id;
	unsigned attempts;
	unsigned passed; /* PASS or XFAIL */
	unsigned failed; /* FAIL, ERROR or XPASS */
};

/* Fill out[0..cap) with the flaky cases in first-seen order; returns how
 * many there are (may exceed cap). */
size_t h_report_flaky(const struct h_run_result *r, struct h_flake *out, size_t cap);

/* ---- writers: 0, or -1 when the stream reported an error ---- */
int h_report_tap(FILE *f, const struct h_run_result *r);
int h_report_junit(FILE *f, const struct h_run_result *r);
int h_report_json(FILE *f, const struct h_run_result *r);
int h_report_html(FILE *f, const struct h_run_result *r);

/* Write outdir/report.tap, report.junit.xml, report.json and report.html
 * (outdir must exist). 0, or -1 with a message in err naming the file. */
int h_report_write_all(const struct h_run_result *r, const char *outdir, char *err, size_t errcap);

/* "[ 3/12] PASS   ARS-LIMIT-ROUTES-201  0.42 s  title", and for a case that
 * did not pass, its requirement, expected, observed and evidence. Colour
 * when f is a terminal and NO_COLOR is not set. */
void h_report_console_case(FILE *f, const struct h_case_result *c, size_t index, size_t total);
/* Counts per verdict, flaky cases, the failures again in one list, and the
 * exit status with its reason. */
void h_report_console_summary(FILE *f, const struct h_run_result *r);
/* Why the run gets its exit status, e.g. "2 cases failed". */
const char *h_run_exit_reason(const struct h_run_result *r, char *buf, size_t cap);

/* ---- text helpers shared by the writers ----
 * Each takes a bounded string (the result's fields are fixed arrays): at
 * most max bytes are read. Invalid UTF-8 becomes U+FFFD. */
#define H_FIELD(x) (x), sizeof(x)
void h_put_xml(FILE *f, const char *s, size_t max);  /* XML/HTML text and attributes */
void h_put_yaml(FILE *f, const char *s, size_t max); /* double-quoted YAML scalar */
/* A jansson string of s (invalid UTF-8 as U+FFFD); NULL when out of memory. */
json_t *h_report_jstr(const char *s, size_t max);
/* Decode one UTF-8 sequence from s[0..n) into *cp; returns the bytes used
 * (>= 1). Malformed, overlong or surrogate sequences give U+FFFD, 1 byte. */
size_t h_utf8_next(const char *s, size_t n, unsigned long *cp);
/* The message type as shown in charts: "OPEN", "UPDATE", ..., "" for 0. */
const char *h_msg_type_name(unsigned type);
/* Like h_put_xml, but at most maxchars characters, then an ellipsis. */
void h_put_xml_trunc(FILE *f, const char *s, size_t max, size_t maxchars);
/* The message sequence chart of a case's events as an inline SVG element:
 * a lifeline per actor and per server instance, an arrow per event labelled
 * with its summary, the time of each event on the left axis. idx makes the
 * element's id unique in a page. */
void h_report_msc_svg(FILE *f, const struct h_case_result *c, size_t idx);
/* What re-creates the run, as text (h_report_meta.c), for the TAP, JUnit
 * and HTML reports; report.json carries the same with their JSON types:
 * rscert_version, rscert_commit, target, profile, catalogue, seed,
 * time_scale, server_faults, port, command. */
#define H_META_KEYS 10
struct h_meta {
	size_t n;
	const char *key[H_META_KEYS];
	char *val[H_META_KEYS]; /* owned */
};
/* 0, or -1 when out of memory (m is then empty). Free with h_meta_free. */
int h_report_meta(const struct h_run_result *r, struct h_meta *m);
void h_meta_free(struct h_meta *m);
/* The command line with each word quoted for a POSIX shell where it needs
 * it, e.g. rscert run --server-fault no-prepend 'ARS-*'. Malloc'ed, NULL
 * when out of memory; "" when the result has no command line. */
char *h_report_command(const struct h_run_result *r);
/* The words (NULL-terminated) joined the same way. */
char *h_shell_join(const char *const *words);
/* ISO 8601 UTC time "2026-11-25T19:56:48" of a unix time. */
void h_report_iso_time(double unix_time, char *buf, size_t cap);

#endif
