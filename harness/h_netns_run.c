/* h_netns_run.c: commands and daemons started inside a network namespace
 * by the one spawner (util/u_proc.h), which enters the namespace's file
 * between fork and exec: no shell strings. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "h_netns.h"

#include "u_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void h_netns_cmdline(char *const argv[], char *out, size_t cap)
{
	size_t o = 0;

	out[0] = 0;
	for (size_t i = 0; argv[i] && o + 1 < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? " " : "", argv[i]);
}

/* In the child (u_spawn.setup): enter the namespace named by arg; 0 or an
 * errno value. */
static int h_netns_enter(void *arg)
{
	char path[160];
	int fd, e = 0;

	snprintf(path, sizeof(path), "/run/netns/%s", (const char *)arg);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (setns(fd, CLONE_NEWNET))
		e = errno;
	close(fd);
	return e;
}

/* Start argv in ns (NULL: here) with its output appended to log. */
static int h_netns_start(struct u_proc *p, const char *ns, char *const argv[], const char *log,
                         char *err, size_t cap)
{
	char what[96];
	struct u_spawn how = {.log = log,
	                      .setup = ns ? h_netns_enter : NULL,
	                      .setup_arg = (void *)ns,
	                      .setup_what = what};

	snprintf(what, sizeof(what), "enter network namespace %s", ns ? ns : "");
	return u_proc_spawn(p, argv, &how, err, cap);
}

pid_t h_netns_spawn(const char *ns, char *const argv[], const char *outfile)
{
	struct u_proc p;
	char err[256];

	if (h_netns_start(&p, ns, argv, outfile, err, sizeof(err))) {
		int fd = open(outfile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (fd >= 0) {
			dprintf(fd, "%s\n", err);
			close(fd);
		}
		return -1;
	}
	return p.pid;
}

/* The file's first cap-1 bytes into out. */
static void h_netns_slurp(int fd, char *out, size_t cap)
{
	size_t o = 0;
	ssize_t k;

	while (o + 1 < cap && (k = pread(fd, out + o, cap - 1 - o, (off_t)o)) > 0)
		o += (size_t)k;
	out[o] = 0;
}

/* The command's output goes to an unlinked temporary file (no pipe to
 * drain while waiting), read back once it has exited. */
int h_netns_run(const char *ns, char *const argv[], double timeout, char *out, size_t cap,
                char *err, size_t errcap)
{
	char cmd[256], dummy[1], log[] = "/tmp/rscert-netns-run-XXXXXX";
	struct u_proc p;
	int fd, rc;

	if (!out || !cap) {
		out = dummy;
		cap = sizeof(dummy);
	}
	out[0] = 0;
	h_netns_cmdline(argv, cmd, sizeof(cmd));
	fd = mkostemp(log, O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errcap, "%s: temporary file: %s", cmd, strerror(errno));
		return -1;
	}
	rc = h_netns_start(&p, ns, argv, log, err, errcap);
	unlink(log);
	if (rc == 0) {
		rc = u_proc_wait(&p, timeout);
		if (rc == -2) {
			u_proc_stop(&p, 0);
			snprintf(err, errcap, "%s: no answer in %.0f s", cmd, timeout);
			rc = -1;
		}
		h_netns_slurp(fd, out, cap);
	}
	close(fd);
	return rc;
}
