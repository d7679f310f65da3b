/* h_repro.c: rscert repro ID --from OUT --to DIR. A standalone directory to
 * attach to a bug report, made from a finished run's report.json:
 *
 *   DIR/cases/ID.case      the case file, alone in a catalogue of its own
 *   DIR/rs.conf            the configuration the reference was given
 *   DIR/target.profile     the target profile (runs against a target)
 *   DIR/evidence/          the case's pcap, wire log and server log
 *   DIR/report.json        the case's original result and what re-creates the run
 *   DIR/rerun              re-runs exactly that case ($RSCERT names rscert)
 *   DIR/README             what is what, and the original verdict
 *
 * Errors name the file or the option; nothing is written outside DIR, and
 * an existing DIR that is not empty is refused (never overwritten). */
#define _GNU_SOURCE
#include "h_repro.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cl_opt.h"
#include "h_report.h"

/* What the run recorded, borrowed from the loaded report.json. */
struct h_repro {
	const char *id, *from, *to;
	json_t *doc;      /* report.json */
	json_t *rc;       /* the case's result chosen */
	const char *file; /* the case file, relative to the catalogue */
	const char *catalogue, *profile, *verdict;
	char err[PATH_MAX + 256];
};

static int h_repro_fail(struct h_repro *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int h_repro_fail(struct h_repro *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->err, sizeof(x->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* Copy the file src to dst (created 0644, or 0755 when exec). */
static int h_copy(struct h_repro *x, const char *src, const char *dst)
{
	int in = open(src, O_RDONLY | O_CLOEXEC), out;
	char buf[65536];
	ssize_t n = 0;

	if (in < 0)
		return h_repro_fail(x, "%s: %s", src, strerror(errno));
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0) {
		close(in);
		return h_repro_fail(x, "%s: %s", dst, strerror(errno));
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	close(in);
	if (close(out) || n < 0)
		return h_repro_fail(x, "%s: %s", dst, strerror(errno ? errno : EIO));
	return 0;
}

/* The result of ID: the first attempt that did not pass, else the first. */
static int h_repro_pick(struct h_repro *x)
{
	json_t *cases = json_object_get(x->doc, "cases"), *c;
	size_t i;

	x->rc = NULL;
	json_array_foreach(cases, i, c)
	{
		const char *id = json_string_value(json_object_get(c, "id"));
		const char *v = json_string_value(json_object_get(c, "verdict"));

		if (id == NULL || strcmp(id, x->id))
			continue;
		if (x->rc == NULL ||
		    (v && strcmp(v, "PASS") && strcmp(v, "SKIP") && !strcmp(x->verdict, "PASS")))
			x->rc = c, x->verdict = v ? v : "";
	}
	if (x->rc == NULL)
		return h_repro_fail(x, "%s/report.json: no case %s in this run", x->from, x->id);
	x->file = json_string_value(json_object_get(x->rc, "file"));
	x->catalogue = json_string_value(json_object_get(x->doc, "catalogue"));
	x->profile = json_string_value(json_object_get(x->doc, "profile"));
	if (!x->file || !x->catalogue || !x->profile || strchr(x->file, '/'))
		return h_repro_fail(x,
		                    "%s/report.json: no case file, catalogue or profile recorded "
		                    "(a report from before rscert recorded them?)",
		                    x->from);
	return 0;
}

static int h_repro_load(struct h_repro *x)
{
	char path[PATH_MAX];
	json_error_t e;

	snprintf(path, sizeof(path), "%s/report.json", x->from);
	x->doc = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
	if (x->doc == NULL)
		return h_repro_fail(x, "%s:%d: %s", path, e.line, e.text);
	return h_repro_pick(x);
}

/* DIR itself: made here, or an empty directory that is there already. */
static int h_repro_mkdir(struct h_repro *x)
{
	DIR *d;
	struct dirent *de;
	int used = 0;

	if (mkdir(x->to, 0755) == 0)
		return 0;
	if (errno != EEXIST || (d = opendir(x->to)) == NULL)
		return h_repro_fail(x, "--to %s: %s", x->to, strerror(errno));
	while ((de = readdir(d)) != NULL)
		used |= strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	if (used)
		return h_repro_fail(x, "--to %s: not empty (nothing is overwritten)", x->to);
	return 0;
}

/* Every file of the case's evidence directory into DIR/evidence, and its
 * rs.conf to DIR as well. */
static int h_repro_evidence(struct h_repro *x)
{
	const char *log = json_string_value(json_object_get(x->rc, "serverlog"));
	char src[PATH_MAX], dir[PATH_MAX], dst[PATH_MAX * 2];
	struct dirent *de;
	DIR *d;
	int rc = 0;

	snprintf(dir, sizeof(dir), "%s/%s", x->from, log && *log ? log : "");
	if (log && *log && strrchr(dir, '/'))
		*strrchr(dir, '/') = 0;
	else
		snprintf(dir, sizeof(dir), "%s/cases/%s", x->from, x->id);
	snprintf(dst, sizeof(dst), "%s/evidence", x->to);
	if (mkdir(dst, 0755) || (d = opendir(dir)) == NULL)
		return h_repro_fail(x, "%s: %s", dir, strerror(errno));
	while (!rc && (de = readdir(d)) != NULL) {
		struct stat st;

		snprintf(src, sizeof(src), "%s/%s", dir, de->d_name);
		if (stat(src, &st) || !S_ISREG(st.st_mode))
			continue;
		snprintf(dst, sizeof(dst), "%s/evidence/%s", x->to, de->d_name);
		rc = h_copy(x, src, dst);
		if (!rc && !strcmp(de->d_name, "rs.conf")) {
			snprintf(dst, sizeof(dst), "%s/rs.conf", x->to);
			rc = h_copy(x, src, dst);
		}
	}
	closedir(d);
	return rc;
}

/* The case's original result with the run's header: DIR/report.json. */
static int h_repro_report(struct h_repro *x)
{
	static const char *const keys[] = {
	    "format",    "rscert_version", "rscert_commit", "target",        "profile",
	    "catalogue", "seed",           "time_scale",    "server_faults", "port",
	    "command",   "argv",           "started_utc"};
	json_t *o = json_object();
	char path[PATH_MAX];
	int bad = o == NULL;

	for (size_t i = 0; !bad && i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *v = json_object_get(x->doc, keys[i]);

		bad = v && json_object_set(o, keys[i], v);
	}
	bad = bad || json_object_set_new(o, "cases", json_pack("[O]", x->rc));
	snprintf(path, sizeof(path), "%s/report.json", x->to);
	if (!bad && json_dump_file(o, path, JSON_INDENT(2)))
		bad = h_repro_fail(x, "%s: %s", path, strerror(errno));
	else if (bad)
		h_repro_fail(x, "out of memory");
	json_decref(o);
	return bad ? -1 : 0;
}

/* One option of the original run for the rerun script, as words. */
static void h_repro_words(struct h_repro *x, const char **w, size_t *n, char *num, size_t cap)
{
	json_t *faults = json_object_get(x->doc, "server_faults");
	double scale = json_number_value(json_object_get(x->doc, "time_scale"));
	json_int_t port = json_integer_value(json_object_get(x->doc, "port"));
	json_int_t seed = json_integer_value(json_object_get(x->doc, "seed"));
	size_t i, k = 0;
	json_t *f;

	k += (size_t)snprintf(num + k, cap - k, "%lld", (long long)seed) + 1;
	w[(*n)++] = "--seed", w[(*n)++] = num;
	if (port > 0) {
		w[(*n)++] = "--port", w[(*n)++] = num + k;
		k += (size_t)snprintf(num + k, cap - k, "%lld", (long long)port) + 1;
		w[(*n)++] = "--time-scale", w[(*n)++] = num + k;
		snprintf(num + k, cap - k, "%.15g", scale); /* 0.005, not 0.0050000000000000001 */
	}
	json_array_foreach(faults, i, f)
	{
		if (json_string_value(f) == NULL)
			continue;
		w[(*n)++] = "--server-fault";
		w[(*n)++] = json_string_value(f);
	}
	w[(*n)++] = x->id;
	w[*n] = NULL;
}

static const char h_rerun_head[] =
    "#!/bin/sh\n"
    "# Re-runs one case exactly as the run this directory was made from\n"
    "# (see README). Extra arguments go to 'rscert run'; RSCERT names the\n"
    "# rscert program (default: rscert on PATH), OUT the output directory\n"
    "# (default: out/ here). Exit status: rscert run's.\n"
    "here=$(cd \"$(dirname \"$0\")\" && pwd)\n";

/* DIR/rerun. */
static int h_repro_script(struct h_repro *x, bool target)
{
	const char *w[16];
	char num[96], path[PATH_MAX];
	size_t n = 0;
	char *args;
	FILE *f;

	h_repro_words(x, w, &n, num, sizeof(num));
	args = h_shell_join(w);
	snprintf(path, sizeof(path), "%s/rerun", x->to);
	f = args ? fopen(path, "w") : NULL;
	if (f == NULL) {
		free(args);
		return h_repro_fail(x, "%s: %s", path, strerror(errno ? errno : ENOMEM));
	}
	fprintf(f, "%s# original verdict: %s\n", h_rerun_head, x->verdict);
	fprintf(f,
	        "exec \"${RSCERT:-rscert}\" run --cases \"$here/cases\" --out \"${OUT:-$here/out}\""
	        "%s --jobs 1 \"$@\" %s\n",
	        target ? " --target \"$here/target.profile\"" : "", args);
	free(args);
	if (fchmod(fileno(f), 0755) || fclose(f))
		return h_repro_fail(x, "%s: %s", path, strerror(errno));
	return 0;
}

static int h_repro_readme(struct h_repro *x, bool target)
{
	const char *cmd = json_string_value(json_object_get(x->doc, "command"));
	const char *ver = json_string_value(json_object_get(x->doc, "rscert_version"));
	const char *commit = json_string_value(json_object_get(x->doc, "rscert_commit"));
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/README", x->to);
	f = fopen(path, "w");
	if (f == NULL)
		return h_repro_fail(x, "%s: %s", path, strerror(errno));
	fprintf(f,
	        "rscert reproducer for case %s\n\n"
	        "original verdict: %s\n"
	        "rscert:           %s (commit %s)\n"
	        "original command: %s\n"
	        "target:           %s\n\n"
	        "cases/%s\n    the case file\n"
	        "%s"
	        "evidence/\n    the case's pcap, wire log and server log from the original run\n"
	        "report.json\n    the original result and what re-creates the run\n"
	        "rerun\n    re-runs the case: ./rerun (RSCERT=/path/to/rscert ./rerun)\n",
	        x->id, x->verdict, ver ? ver : "?", commit ? commit : "?", cmd ? cmd : "?",
	        json_string_value(json_object_get(x->doc, "target")), x->file,
	        target ? "target.profile\n    the target profile the run used\n"
	               : "rs.conf\n    the configuration the reference daemon was given\n");
	return fclose(f) ? h_repro_fail(x, "%s: %s", path, strerror(errno)) : 0;
}

static int h_repro_write(struct h_repro *x)
{
	char src[PATH_MAX * 2], dst[PATH_MAX * 2];
	/* a run against a target records no port of the reference */
	bool target = json_integer_value(json_object_get(x->doc, "port")) == 0;

	if (h_repro_mkdir(x))
		return -1;
	snprintf(dst, sizeof(dst), "%s/cases", x->to);
	if (mkdir(dst, 0755))
		return h_repro_fail(x, "%s: %s", dst, strerror(errno));
	snprintf(src, sizeof(src), "%s/%s", x->catalogue, x->file);
	snprintf(dst, sizeof(dst), "%s/cases/%s", x->to, x->file);
	if (h_copy(x, src, dst) || h_repro_evidence(x))
		return -1;
	snprintf(dst, sizeof(dst), "%s/target.profile", x->to);
	if (target && h_copy(x, x->profile, dst))
		return -1;
	return h_repro_report(x) || h_repro_script(x, target) || h_repro_readme(x, target) ? -1 : 0;
}

static const struct cl_opt h_repro_opts[] = {
    {"from", 'f', "OUT", "the output directory of the run (its report.json)", 1},
    {"to", 't', "DIR", "the directory to write (made, or empty)", 1},
    {"version", CL_VERSION, NULL, "the version and the git commit", 0},
    {"help", CL_HELP, NULL, "this text", 1},
};

#define H_NREPRO (sizeof(h_repro_opts) / sizeof(h_repro_opts[0]))

/* 0 parsed, 1 help or version printed, -1 after a message. */
static int h_repro_args(int argc, char **argv, struct h_repro *x)
{
	struct cl_parser p;
	const char *v;
	int c, rc = 0;

	if (cl_init(&p, "rscert repro", h_repro_opts, H_NREPRO, 1))
		return -1;
	while (!rc && (c = cl_next(&p, argc - 1, argv + 1, &v)) != -1) {
		if (c == 'f')
			x->from = v;
		else if (c == 't')
			x->to = v;
		else if (c == CL_HELP) {
			printf("usage: rscert repro ID --from OUT --to DIR\n");
			cl_help(stdout, h_repro_opts, H_NREPRO);
			rc = 1;
		} else if (c == CL_VERSION)
			rc = 1, cl_version(stdout, "rscert");
		else
			rc = -1;
	}
	if (!rc && optind + 1 < argc)
		x->id = argv[optind + 1];
	if (!rc && (optind + 2 != argc || !x->from || !x->to)) {
		fprintf(stderr, "rscert repro: needs one case ID, --from OUT and --to DIR\n");
		rc = -1;
	}
	cl_free(&p);
	return rc;
}

int h_repro_main(int argc, char **argv)
{
	struct h_repro x = {.verdict = ""};
	int rc = h_repro_args(argc, argv, &x);

	if (rc)
		return rc > 0 ? H_EXIT_OK : H_EXIT_INCOMPLETE;
	rc = h_repro_load(&x) || h_repro_write(&x);
	if (rc)
		fprintf(stderr, "rscert repro: %s\n", x.err);
	else
		printf("%s: case %s (%s) with its evidence and ./rerun\n", x.to, x.id, x.verdict);
	json_decref(x.doc);
	return rc ? H_EXIT_INCOMPLETE : H_EXIT_OK;
}
