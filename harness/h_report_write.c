/* h_report_write.c: every report file of a run in its output folder (TAP,
 * JUnit, JSON, HTML), each written by its own writer (h_report_*.c). */
#include "h_report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef int (*h_writer)(FILE *, const struct h_run_result *);

static int h_report_write_one(const struct h_run_result *r, const char *outdir, const char *name,
                              h_writer w, char *err, size_t errcap)
{
	char path[4096];
	FILE *f;
	int rc;

	if (snprintf(path, sizeof(path), "%s/%s", outdir, name) >= (int)sizeof(path)) {
		snprintf(err, errcap, "%s/%s: path too long", outdir, name);
		return -1;
	}
	f = fopen(path, "w");
	if (!f) {
		snprintf(err, errcap, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = w(f, r);
	if (fclose(f) != 0)
		rc = -1;
	if (rc < 0)
		snprintf(err, errcap, "%s: write failed", path);
	return rc;
}

int h_report_write_all(const struct h_run_result *r, const char *outdir, char *err, size_t errcap)
{
	static const struct {
		const char *name;
		h_writer w;
	} files[] = {
	    {"report.tap", h_report_tap},
	    {"report.junit.xml", h_report_junit},
	    {"report.json", h_report_json},
	    {"report.html", h_report_html},
	};
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (h_report_write_one(r, outdir, files[i].name, files[i].w, err, errcap) < 0)
			rc = -1; /* keep going: the other reports are still useful */
	return rc;
}
