/* h_result.h: the outcome of a run, case by case, as the runner hands it to
 * the report writers (console, TAP, JUnit XML, JSON, HTML). */
#ifndef RSCERT_H_RESULT_H
#define RSCERT_H_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum h_verdict {
	H_PASS = 0,
	H_FAIL,
	H_ERROR, /* harness or environment problem */
	H_SKIP,  /* not applicable, with a reason */
	H_XFAIL, /* known deviation declared in the target profile, and it failed */
	H_XPASS, /* declared deviation, but it passed */
};

const char *h_verdict_name(enum h_verdict v);

/* One message seen on a session, for the sequence chart and the wire log. */
enum h_dir { H_DIR_TO_SERVER = 0, H_DIR_FROM_SERVER = 1 };

struct h_event {
	double t;        /* seconds since the case started */
	char actor[32];  /* fake NVA name, e.g. "nva1" */
	char server[32]; /* "IN_0" or "IN_1" */
	enum h_dir dir;
	uint8_t type;      /* BGP message type, 0 for a non-message event */
	char summary[160]; /* one line: "UPDATE +10.1.0.0/16 path 65001" / "connect" / "close" */
};

struct h_case_result {
	char id[64];           /* e.g. "ARS-LIMIT-ROUTES-201" */
	char level[8];         /* MUST, SHOULD, MAY */
	char title[160];       /* one-line description */
	char requirement[512]; /* requirement text, shown on failure */
	char file[256];        /* case file, relative to the catalogue */
	enum h_verdict verdict;
	char reason[512]; /* for FAIL/ERROR/SKIP/XFAIL: expected vs observed, or why */
	char expected[512];
	char observed[512];
	unsigned failed_line; /* case-file line of the failed expectation, 0 if none */
	double seconds;       /* wall time of the case */
	unsigned attempt;     /* 1-based repeat number */
	/* evidence, paths relative to the output directory ("" when none) */
	char pcap[256];
	char wirelog[256];
	char serverlog[256];
	size_t nevents;
	struct h_event *events; /* owned by the result set */
	size_t nlatency;        /* observed wait latencies, seconds */
	double *latency;
};

struct h_run_result {
	/* what re-creates the run (docs/REPORTS.md, "What re-creates a run") */
	char version[32];        /* rscert's version */
	char commit[48];         /* the git commit it was built from, or "unknown" */
	char target[128];        /* "reference" or the target's description */
	char profile[512];       /* the target profile's path, or the reference's limits profile */
	char cases_dir[512];     /* the catalogue the cases were read from */
	char fault[64];          /* --server-fault, "" when none */
	double time_scale;       /* the timers' scale the cases ran with */
	uint16_t port;           /* the reference's BGP port (0 against a target) */
	const char *const *argv; /* the exact command line (not owned; NULL-terminated) */
	uint64_t seed;           /* the order's seed, 0..INT64_MAX */
	unsigned repeat;
	double started; /* unix time */
	double seconds;
	size_t selected; /* cases selected x repeat */
	size_t ncases;   /* results present */
	struct h_case_result *cases;
	int interrupted;  /* the signal that stopped the run, 0 if none */
	bool allow_empty; /* --allow-empty: nothing ran or all skipped exits 0 */
	/* what ties the shards of one run together (h_shard.c, rscert merge) */
	unsigned shard_index, shard_count; /* --shard I/N; 0, 0 without */
	char digest[40];                   /* of the whole selection, before the split */
	size_t whole;                      /* results of the whole selection */
};

/* Exit status rule (fail closed, enum h_exit in h_report.h): non-zero on any
 * FAIL, ERROR or XPASS, when no case ran or every case was skipped (unless
 * allow_empty), when fewer cases ran than were selected, when interrupted. */
int h_run_exit_status(const struct h_run_result *r);

#endif
