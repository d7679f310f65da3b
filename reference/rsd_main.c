/* rsd_main.c: rscert-rsd, the reference route server (docs/REFERENCE.md).
 *
 *   rscert-rsd -c FILE [--check] [--foreground] [--pidfile FILE]
 *              [--exit-with-parent]
 *
 * In the background it detaches once its sockets are bound: the caller
 * returns when the daemon answers, with the daemon's pid in the pidfile and
 * the log's start event, and its standard streams on /dev/null (the log
 * file is where it speaks). Exit 0, 1 a runtime failure, 2 usage or a bad
 * configuration. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cl_opt.h"
#include "rsd_daemon.h"

enum { O_CHECK = 256, O_PIDFILE, O_PARENT };

static const struct cl_opt rsd_opts[] = {
    {"config", 'c', "FILE", "the configuration (docs/CONFIG.md)", 1},
    {"check", O_CHECK, NULL, "check the configuration and exit (0 valid, 2 not)", 0},
    {"foreground", 'f', NULL, "stay in the foreground, log on stderr unless `log FILE`", 1},
    {"pidfile", O_PIDFILE, "FILE", "write the daemon's pid there (removed at exit)", 0},
    {"exit-with-parent", O_PARENT, NULL, "stop (as on SIGTERM) when the parent process dies", 0},
    {"version", CL_VERSION, NULL, "the version and the git commit", 0},
    {"help", CL_HELP, NULL, "this text", 1},
};

struct rsd_args {
	const char *cfg, *pidfile;
	int check, fg, with_parent;
};

static void rsd_usage(FILE *f)
{
	fprintf(f, "usage: rscert-rsd -c FILE [options]\n");
	cl_help(f, rsd_opts, sizeof(rsd_opts) / sizeof(rsd_opts[0]));
}

/* 0 run, 1 done (help, version), 2 usage error. */
static int rsd_args_parse(int argc, char **argv, struct rsd_args *a)
{
	struct cl_parser p;
	const char *v;
	int c, rc = 0;

	if (cl_init(&p, "rscert-rsd", rsd_opts, sizeof(rsd_opts) / sizeof(rsd_opts[0]), 1))
		return 2;
	while (!rc && (c = cl_next(&p, argc, argv, &v)) != -1) {
		switch (c) {
		case 'c':
			a->cfg = v;
			break;
		case O_CHECK:
			a->check = 1;
			break;
		case 'f':
			a->fg = 1;
			break;
		case O_PIDFILE:
			a->pidfile = v;
			break;
		case O_PARENT:
			a->with_parent = 1;
			break;
		case CL_HELP:
			rsd_usage(stdout);
			rc = 1;
			break;
		case CL_VERSION:
			cl_version(stdout, "rscert-rsd");
			rc = 1;
			break;
		default:
			rc = 2;
		}
	}
	if (!rc && optind < argc) {
		fprintf(stderr, "rscert-rsd: unexpected argument '%s'\n", argv[optind]);
		rc = 2;
	} else if (!rc && !a->cfg) {
		fprintf(stderr, "rscert-rsd: -c FILE is needed\n");
		rc = 2;
	}
	cl_free(&p);
	if (rc == 2)
		fprintf(stderr, "'rscert-rsd --help' lists the options\n");
	return rc;
}

static int rsd_check(const char *path)
{
	struct rs_config *c = calloc(1, sizeof(*c));
	struct rs_config_error e;
	memset(&e, 0, sizeof(e));
	if (!c)
		return 2;
	rs_config_defaults(c);
	int rc = 0;
	if (rs_config_load(path, c, &e) < 0 || rs_config_check(c, path, &e) < 0) {
		char msg[700];
		rs_config_error_format(&e, msg, sizeof(msg));
		printf("%s\n", msg);
		rc = 2;
	}
	free(c);
	return rc;
}

static int rsd_pidfile_write(const char *path, char *err, size_t errcap)
{
	FILE *f = fopen(path, "we");

	if (!f || fprintf(f, "%ld\n", (long)getpid()) < 0 || fclose(f)) {
		snprintf(err, errcap, "pidfile %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Detach once the sockets are bound: the parent waits on a pipe until the
 * child has written its pidfile and logged its start, then exits 0; the
 * child leaves the session and the caller's streams (stderr goes to the log
 * file, or /dev/null when the log is stderr). */
static int rsd_detach(struct rsd_daemon *d)
{
	int p[2];
	char ok;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		close(p[1]);
		_exit(read(p[0], &ok, 1) == 1 ? 0 : 1);
	}
	close(p[0]);
	setsid();
	int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
	int logfd = d->log.own ? fileno(d->log.f) : nul;
	if (nul < 0 || dup2(nul, 0) < 0 || dup2(nul, 1) < 0 || dup2(logfd, 2) < 0)
		return -1;
	close(nul);
	return p[1];
}

static int rsd_serve(struct rsd_daemon *d, const struct rsd_args *a)
{
	char err[800];
	int ready = -1;

	if (!a->fg && ((ready = rsd_detach(d)) < 0 || rsd_daemon_after_fork(d) < 0)) {
		rsd_log_event(&d->log, "RS", "event=error reason=\"cannot detach: %s\"",
		              strerror(errno));
		return 1;
	}
	if (a->pidfile && rsd_pidfile_write(a->pidfile, err, sizeof(err)) < 0) {
		fprintf(stderr, "rscert-rsd: %s\n", err);
		rsd_log_event(&d->log, "RS", "event=error reason=\"%s\"", err);
		return 1;
	}
	rsd_daemon_announce(d);
	if (ready >= 0) {
		if (write(ready, "1", 1) != 1)
			return 1;
		close(ready);
	}
	int rc = rsd_daemon_run(d);
	if (a->pidfile)
		unlink(a->pidfile);
	return rc < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	static struct rsd_daemon d;
	struct rsd_args a = {0};
	char err[800];
	int rc = rsd_args_parse(argc, argv, &a);

	if (rc)
		return rc == 1 ? 0 : 2;
	if (a.check)
		return rsd_check(a.cfg);
	if (a.with_parent) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() == 1)
			return 1; /* the parent is already gone */
	}
	if (rsd_daemon_init(&d, a.cfg, err, sizeof(err)) < 0 ||
	    rsd_daemon_start(&d, err, sizeof(err)) < 0) {
		fprintf(stderr, "rscert-rsd: %s\n", err);
		rsd_daemon_free(&d);
		return 2;
	}
	rc = rsd_serve(&d, &a);
	rsd_daemon_free(&d);
	return rc;
}
