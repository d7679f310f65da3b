/* h_netns_run.c: commands and daemons started inside a network namespace
 * (fork, setns to the namespace's file, exec: no shell strings). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "h_netns.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double h_netns_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void h_netns_cmdline(char *const argv[], char *out, size_t cap)
{
	size_t o = 0;

	out[0] = 0;
	for (size_t i = 0; argv[i] && o + 1 < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? " " : "", argv[i]);
}

static void h_netns_tell(int status)
{
	if (status >= 0) {
		ssize_t k = write(status, "x", 1);
		(void)k;
	}
}

/* In a child: enter ns and exec argv; a bare name is looked up in PATH and
 * then in the system directories (root's PATH under ctest may lack sbin).
 * On failure one byte goes to status (when >= 0) before the child exits. */
static void h_netns_exec_child(const char *ns, char *const argv[], int status)
{
	static const char *const dirs[] = {"/usr/sbin", "/sbin", "/usr/bin", "/bin"};
	char path[256];

	if (ns) {
		int fd;
		snprintf(path, sizeof(path), "/run/netns/%s", ns);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || setns(fd, CLONE_NEWNET)) {
			dprintf(2, "cannot enter network namespace %s: %s\n", ns, strerror(errno));
			h_netns_tell(status);
			_exit(126);
		}
		close(fd);
	}
	execvp(argv[0], argv);
	for (size_t i = 0; !strchr(argv[0], '/') && i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], argv[0]);
		execv(path, argv);
	}
	dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
	h_netns_tell(status);
	_exit(127);
}

/* The child's standard output and error into outfile, its input from
 * /dev/null. */
static void h_netns_redirect(const char *outfile)
{
	int fd = open(outfile, O_WRONLY | O_CREAT | O_APPEND, 0644);
	int nul = open("/dev/null", O_RDONLY);

	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	if (nul >= 0) {
		dup2(nul, 0);
		if (nul > 0)
			close(nul);
	}
}

/* Returns once the child has exec'd (it is then inside ns) or failed: a
 * close-on-exec pipe reaches end of file at the exec. */
pid_t h_netns_spawn(const char *ns, char *const argv[], const char *outfile)
{
	int p[2], st;
	pid_t pid;
	ssize_t k;
	char c;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		h_netns_redirect(outfile);
		h_netns_exec_child(ns, argv, p[1]);
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return -1;
	}
	do
		k = read(p[0], &c, 1);
	while (k < 0 && errno == EINTR);
	close(p[0]);
	if (k == 1) {
		waitpid(pid, &st, 0);
		return -1;
	}
	return pid;
}

/* Read the child's output until EOF or the deadline; 0 at EOF, -1 late. */
static int h_netns_drain(int fd, double end, char *out, size_t cap)
{
	size_t o = 0;
	char sink[512];

	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		double left = end - h_netns_clock();
		ssize_t k;

		if (left <= 0)
			return -1;
		if (poll(&p, 1, (int)(left * 1000) + 1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (!p.revents)
			continue;
		if (o + 1 < cap)
			k = read(fd, out + o, cap - 1 - o);
		else
			k = read(fd, sink, sizeof(sink));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return 0;
		if (o + 1 < cap)
			o += (size_t)k;
		out[o] = 0;
	}
}

int h_netns_run(const char *ns, char *const argv[], double timeout, char *out, size_t cap,
                char *err, size_t errcap)
{
	char cmd[256], dummy[1];
	int p[2], st;
	pid_t pid;
	int late;

	if (!out || !cap) {
		out = dummy;
		cap = sizeof(dummy);
	}
	out[0] = 0;
	h_netns_cmdline(argv, cmd, sizeof(cmd));
	if (pipe2(p, O_CLOEXEC)) {
		snprintf(err, errcap, "%s: pipe: %s", cmd, strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		int nul = open("/dev/null", O_RDONLY);
		dup2(p[1], 1);
		dup2(p[1], 2);
		if (nul >= 0)
			dup2(nul, 0);
		h_netns_exec_child(ns, argv, -1);
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		snprintf(err, errcap, "%s: fork: %s", cmd, strerror(errno));
		return -1;
	}
	late = h_netns_drain(p[0], h_netns_clock() + timeout, out, cap);
	close(p[0]);
	if (late)
		kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			snprintf(err, errcap, "%s: waitpid: %s", cmd, strerror(errno));
			return -1;
		}
	if (late) {
		snprintf(err, errcap, "%s: no answer in %.0f s", cmd, timeout);
		return -1;
	}
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}
