/* rl_time.c: the driver's two clocks, in a file of their own so that the
 * phases, the report and the network code all depend on it and not on each
 * other. */
#include <time.h>

#include "rl.h"

static double rl_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double rl_now(void)
{
	return rl_clock(CLOCK_MONOTONIC);
}

double rl_cpu_now(void)
{
	return rl_clock(CLOCK_PROCESS_CPUTIME_ID);
}
