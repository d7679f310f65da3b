/* rl_num.c: strict numbers on the command lines of rscert-load and
 * rscert-discard: the whole argument, within its range, or an error that
 * names the option, the range and the value. */
#define _GNU_SOURCE /* program_invocation_short_name */
#include "rl_num.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* A whole decimal number in [min, max] (0), else a message naming the
 * option and -1. */
int rl_uint(const char *k, const char *v, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(v, &end, 10);
	if (!errno && end != v && !*end && v[0] != '-' && *out >= min && *out <= max)
		return 0;
	fprintf(stderr, "%s: %s: not a whole number in %lu..%lu: '%s'\n",
	        program_invocation_short_name, k, min, max, v);
	return -1;
}

/* A finite number in [0, max] (0), else a message and -1. */
int rl_num(const char *k, const char *v, double max, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(v, &end);
	if (!errno && end != v && !*end && isfinite(*out) && *out >= 0 && *out <= max)
		return 0;
	fprintf(stderr, "%s: %s: not a number in 0..%g: '%s'\n", program_invocation_short_name, k,
	        max, v);
	return -1;
}
