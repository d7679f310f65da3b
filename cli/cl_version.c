/* cl_version.c: the version and the git commit the build was configured
 * from (CMake passes both; "unknown" outside a git checkout). */
#include "cl_opt.h"

#ifndef RSCERT_VERSION
#define RSCERT_VERSION "unknown"
#endif
#ifndef RSCERT_COMMIT
#define RSCERT_COMMIT "unknown"
#endif

const char *cl_version_string(void)
{
	return RSCERT_VERSION;
}

const char *cl_commit(void)
{
	return RSCERT_COMMIT;
}

void cl_version(FILE *f, const char *prog)
{
	fprintf(f, "%s %s (commit %s)\n", prog, RSCERT_VERSION, RSCERT_COMMIT);
}
