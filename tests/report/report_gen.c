/* report_gen FIXTURE OUTDIR: write every report of a synthetic run into
 * OUTDIR and print the run's exit status; exits 0 when the files were
 * written. The ctest scripts then check the files with outside tools. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "h_report.h"
#include "report_fixture.h"

int main(int argc, char **argv)
{
	struct h_run_result r;
	char err[512];
	int rc;

	if (argc != 3 || fixture_build(argv[1], &r) < 0) {
		fprintf(stderr, "usage: report_gen mixed|pass|empty|short OUTDIR\n");
		return 2;
	}
	if (mkdir(argv[2], 0755) < 0 && errno != EEXIST) {
		perror(argv[2]);
		fixture_free(&r);
		return 1;
	}
	rc = h_report_write_all(&r, argv[2], err, sizeof(err));
	if (rc < 0)
		fprintf(stderr, "report_gen: %s\n", err);
	printf("%d\n", h_run_exit_status(&r));
	fixture_free(&r);
	return rc < 0 ? 1 : 0;
}
