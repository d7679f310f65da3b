/* cl_opt.c: getopt_long driven by an option table (cl_opt.h). */
#define _GNU_SOURCE
#include "cl_opt.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int cl_init(struct cl_parser *p, const char *prog, const struct cl_opt *opts, size_t n, int permute)
{
	struct option *lo;
	size_t k = 0;

	memset(p, 0, sizeof(*p));
	if (n > CL_MAX_OPTS) {
		fprintf(stderr, "%s: too many options\n", prog);
		return -1;
	}
	lo = calloc(n + 1, sizeof(*lo));
	if (!lo) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return -1;
	}
	p->prog = prog;
	p->opts = opts;
	p->n = n;
	p->permute = permute;
	/* ':' first: a missing value is reported as ':' rather than '?';
	 * '+' stops at the first operand (a subcommand's own options follow) */
	if (!permute)
		p->shortopts[k++] = '+';
	p->shortopts[k++] = ':';
	for (size_t i = 0; i < n; i++) {
		lo[i].name = opts[i].name;
		lo[i].has_arg = opts[i].arg ? required_argument : no_argument;
		lo[i].val = opts[i].val;
		if (opts[i].is_short) {
			p->shortopts[k++] = (char)opts[i].val;
			if (opts[i].arg)
				p->shortopts[k++] = ':';
		}
	}
	p->shortopts[k] = 0;
	p->longopts = lo;
	optind = 0; /* glibc: start afresh (a program may parse twice) */
	opterr = 0;
	return 0;
}

void cl_free(struct cl_parser *p)
{
	free(p->longopts);
	p->longopts = NULL;
}

/* The option as the user wrote it, for a message. */
static void cl_said(int argc, char **argv, char *buf, size_t cap)
{
	const char *w = optind - 1 < argc && optind >= 1 ? argv[optind - 1] : "?";

	snprintf(buf, cap, "%.*s", (int)strcspn(w, "="), w);
	if (optopt && optopt < 256 && (w[0] != '-' || w[1] != '-'))
		snprintf(buf, cap, "-%c", optopt);
}

int cl_next(struct cl_parser *p, int argc, char **argv, const char **arg)
{
	char said[128];
	int c;

	optopt = 0;
	c = getopt_long(argc, argv, p->shortopts, p->longopts, NULL);
	*arg = optarg;
	if (c != '?' && c != ':')
		return c;
	cl_said(argc, argv, said, sizeof(said));
	if (c == ':')
		fprintf(stderr, "%s: option %s needs a value\n", p->prog, said);
	else if (optopt && !strncmp(said, "--", 2))
		fprintf(stderr, "%s: option %s takes no value\n", p->prog, said);
	else
		fprintf(stderr, "%s: unknown option %s\n", p->prog, said);
	return '?';
}

void cl_help(FILE *f, const struct cl_opt *opts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char left[64];

		if (opts[i].is_short)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", opts[i].val, opts[i].name,
			         opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", opts[i].name,
			         opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		fprintf(f, "  %-26s %s\n", left, opts[i].help);
	}
}

int cl_uint(const char *prog, const char *opt, const char *v, uint64_t min, uint64_t max,
            uint64_t *out)
{
	char *end;
	unsigned long long x;

	errno = 0;
	x = strtoull(v, &end, 10);
	/* strtoull accepts "-1" (as 2^64-1) and leading blanks: refuse both */
	if (!errno && end != v && !*end && v[0] >= '0' && v[0] <= '9' && x >= min && x <= max) {
		*out = x;
		return 0;
	}
	fprintf(stderr, "%s: %s: not a whole number in %llu..%llu: '%s'\n", prog, opt,
	        (unsigned long long)min, (unsigned long long)max, v);
	return -1;
}

int cl_double(const char *prog, const char *opt, const char *v, double min, double max, int lo_open,
              double *out)
{
	char *end;
	double x;

	errno = 0;
	x = strtod(v, &end);
	if (!errno && end != v && !*end && isfinite(x) && (lo_open ? x > min : x >= min) &&
	    x <= max && ((v[0] >= '0' && v[0] <= '9') || v[0] == '.')) {
		*out = x;
		return 0;
	}
	fprintf(stderr, "%s: %s: not a number in %s%g..%g%s: '%s'\n", prog, opt, lo_open ? "(" : "",
	        min, max, lo_open ? "]" : "", v);
	return -1;
}
