/* cl_opt.h: the command lines of every rscert program (rscert, rsctl,
 * rscert-rsd, rscert-load, rscert-discard): one option table drives
 * getopt_long, the --help text (one line per option) and the error
 * messages; strict numbers that name the option and the allowed range;
 * --version with the git commit the build was configured from. */
#ifndef RSCERT_CL_OPT_H
#define RSCERT_CL_OPT_H

#include <stdint.h>
#include <stdio.h>

/* One option. val is the short letter (when short is set) or an id >= 256. */
struct cl_opt {
	const char *name; /* long name, without "--" */
	int val;
	const char *arg;  /* the value's name in --help, NULL for a flag */
	const char *help; /* one line */
	int is_short;     /* val is also accepted as -val */
};

/* Common ids for the options every program has. */
enum { CL_HELP = 'h', CL_VERSION = 1000 };

#define CL_MAX_OPTS 64

struct cl_parser {
	const char *prog;
	const struct cl_opt *opts;
	size_t n;
	char shortopts[2 * CL_MAX_OPTS + 2];
	void *longopts; /* struct option[CL_MAX_OPTS + 1], kept opaque to spare <getopt.h> */
	int permute;    /* 0: stop at the first non-option (a subcommand follows) */
};

/* Prepare a parser for argv; -1 (and a message) if the table is too long. */
int cl_init(struct cl_parser *p, const char *prog, const struct cl_opt *opts, size_t n,
            int permute);
void cl_free(struct cl_parser *p);
/* The next option: its val, -1 at the end (optind then points at the first
 * operand), or '?' after a message on stderr naming the unknown option or
 * the option that lacks its value. *arg gets the value. */
int cl_next(struct cl_parser *p, int argc, char **argv, const char **arg);
/* "  -j, --jobs N          help" for every option. */
void cl_help(FILE *f, const struct cl_opt *opts, size_t n);
/* "PROG VERSION (commit C)" */
void cl_version(FILE *f, const char *prog);
const char *cl_version_string(void);
const char *cl_commit(void);

/* Strict numbers: the whole argument, decimal, no sign, within [min, max];
 * else a message naming the program, the option, the range and the value,
 * and -1. */
int cl_uint(const char *prog, const char *opt, const char *v, uint64_t min, uint64_t max,
            uint64_t *out);
/* A finite decimal number in [min, max] (lo_open: min itself excluded). */
int cl_double(const char *prog, const char *opt, const char *v, double min, double max, int lo_open,
              double *out);

#endif
