/* u_proc.c: the process spawner (see u_proc.h). The child tells its parent
 * why it could not exec through a close-on-exec pipe: end of file on the
 * pipe means the exec happened. Deadlines wait on a pidfd, not on sleeps. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pipe2 */
#endif
#include "u_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* What a child that could not exec writes into the pipe. */
struct u_child_fail {
	int stage; /* 1 log file, 2 setup, 3 exec */
	int err;
};

static double u_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void u_child_fail(int fd, int stage, int err)
{
	struct u_child_fail f = {stage, err};

	(void)!write(fd, &f, sizeof(f));
	_exit(127);
}

static void u_child_redirect(const char *log, int status)
{
	int nul = open("/dev/null", O_RDONLY);

	if (nul >= 0 && nul != 0) {
		dup2(nul, 0);
		close(nul);
	}
	if (log == NULL)
		return;
	int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (fd < 0)
		u_child_fail(status, 1, errno);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

/* Runs in the child; never returns. */
static void u_child(char *const argv[], const struct u_spawn *how, int status, pid_t parent)
{
	static const char *const dirs[] = {"/usr/sbin", "/sbin", "/usr/bin", "/bin"};
	char path[512];
	int e;

	if (how->own_group)
		setpgid(0, 0);
	if (how->parent_death_signal != 0) {
		prctl(PR_SET_PDEATHSIG, how->parent_death_signal);
		if (getppid() != parent)
			_exit(128 + how->parent_death_signal); /* died before the prctl */
	}
	signal(SIGPIPE, SIG_DFL);
	u_child_redirect(how->log, status);
	if (how->setup != NULL && (e = how->setup(how->setup_arg)) != 0)
		u_child_fail(status, 2, e);
	execvp(argv[0], argv);
	e = errno;
	for (size_t i = 0; strchr(argv[0], '/') == NULL && i < sizeof(dirs) / sizeof(dirs[0]);
	     i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], argv[0]);
		execv(path, argv);
	}
	u_child_fail(status, 3, e);
}

/* The child's report: 0 when it exec'd, else the failure read from fd. */
static int u_read_fail(int fd, struct u_child_fail *f)
{
	ssize_t k;

	do
		k = read(fd, f, sizeof(*f));
	while (k < 0 && errno == EINTR);
	return k == (ssize_t)sizeof(*f) ? -1 : 0;
}

int u_proc_spawn(struct u_proc *p, char *const argv[], const struct u_spawn *how, char *err,
                 size_t errcap)
{
	static const struct u_spawn plain;
	struct u_child_fail f;
	int pipefd[2];

	memset(p, 0, sizeof(*p));
	if (how == NULL)
		how = &plain;
	if (argv == NULL || argv[0] == NULL) {
		snprintf(err, errcap, "nothing to run");
		return -1;
	}
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		snprintf(err, errcap, "cannot run %s: pipe: %s", argv[0], strerror(errno));
		return -1;
	}
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		u_child(argv, how, pipefd[1], parent);
	}
	close(pipefd[1]);
	if (pid < 0) {
		snprintf(err, errcap, "cannot run %s: fork: %s", argv[0], strerror(errno));
		close(pipefd[0]);
		return -1;
	}
	if (how->own_group)
		setpgid(pid, pid); /* also here: no window where a signal misses the group */
	p->pid = pid;
	p->group = how->own_group;
	int failed = u_read_fail(pipefd[0], &f);
	close(pipefd[0]);
	if (!failed)
		return 0;
	u_proc_wait(p, -1);
	p->pid = 0;
	if (f.stage == 1)
		snprintf(err, errcap, "cannot run %s: log file %s: %s", argv[0], how->log,
		         strerror(f.err));
	else if (f.stage == 2)
		snprintf(err, errcap, "cannot run %s: %s: %s", argv[0],
		         how->setup_what ? how->setup_what : "setup", strerror(f.err));
	else
		snprintf(err, errcap, "cannot run %s: %s", argv[0], strerror(f.err));
	return -1;
}

void u_proc_adopt(struct u_proc *p, pid_t pid, bool group)
{
	memset(p, 0, sizeof(*p));
	p->pid = pid > 0 ? pid : 0;
	p->group = group;
}

static int u_proc_code(const struct u_proc *p)
{
	if (WIFEXITED(p->status))
		return WEXITSTATUS(p->status);
	if (WIFSIGNALED(p->status))
		return 128 + WTERMSIG(p->status);
	return -1;
}

/* Whether the child has exited: 1, 0 still running, -1 not ours. With keep
 * it stays a zombie (its pid, and so its group id, stays taken); without,
 * it is reaped and its status kept. */
static int u_proc_reap(struct u_proc *p, bool block, bool keep)
{
	siginfo_t si;
	int r, st;

	if (keep) {
		memset(&si, 0, sizeof(si));
		do
			r = waitid(P_PID, (id_t)p->pid, &si,
			           WEXITED | WNOWAIT | (block ? 0 : WNOHANG));
		while (r < 0 && errno == EINTR);
		return r < 0 ? -1 : si.si_pid == p->pid;
	}
	pid_t w;
	do
		w = waitpid(p->pid, &st, block ? 0 : WNOHANG);
	while (w < 0 && errno == EINTR);
	if (w <= 0)
		return w < 0 ? -1 : 0;
	p->status = st;
	p->reaped = true;
	return 1;
}

/* Block until the child is readable on its pidfd or the deadline passes;
 * without pidfds (old kernels) a short nap stands in. */
static void u_proc_await(pid_t pid, double left)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	int ms = left > 2e6 ? 2000000000 : (int)(left * 1000) + 1;

	if (fd < 0) {
		poll(NULL, 0, ms < 10 ? ms : 10);
		return;
	}
	struct pollfd pf = {.fd = fd, .events = POLLIN};
	while (poll(&pf, 1, ms) < 0 && errno == EINTR)
		;
	close(fd);
}

/* 1 exited, 0 still running at the deadline (timeout < 0: none), -1 not ours. */
static int u_proc_until(struct u_proc *p, double timeout, bool keep)
{
	double end = u_now() + timeout;

	if (timeout < 0)
		return u_proc_reap(p, true, keep);
	for (;;) {
		int r = u_proc_reap(p, false, keep);
		if (r != 0)
			return r;
		double left = end - u_now();
		if (left <= 0)
			return 0;
		u_proc_await(p->pid, left);
	}
}

int u_proc_wait(struct u_proc *p, double timeout)
{
	if (!p->reaped && p->pid > 0) {
		int r = u_proc_until(p, timeout, false);
		if (r <= 0)
			return r == 0 ? -2 : -1;
	}
	return p->reaped ? u_proc_code(p) : -1;
}

bool u_proc_running(struct u_proc *p)
{
	return u_proc_wait(p, 0) == -2;
}

int u_proc_signal(struct u_proc *p, int sig)
{
	if (p->pid <= 0 || p->reaped) {
		errno = ESRCH;
		return -1;
	}
	if (p->group && kill(-p->pid, sig) == 0)
		return 0;
	return kill(p->pid, sig);
}

int u_proc_stop(struct u_proc *p, double grace)
{
	if (p->pid <= 0)
		return -1;
	if (!p->reaped) {
		u_proc_signal(p, SIGTERM);
		if (u_proc_until(p, grace, true) == 0)
			u_proc_signal(p, SIGKILL);
		/* the leader is a zombie now (or soon): its group id is still ours */
		if (p->group && u_proc_until(p, -1, true) == 1)
			kill(-p->pid, SIGKILL);
	}
	return u_proc_wait(p, -1);
}

const char *u_proc_describe(const struct u_proc *p, char *out, size_t cap)
{
	if (p->reaped && WIFEXITED(p->status))
		snprintf(out, cap, "exited with status %d", WEXITSTATUS(p->status));
	else if (p->reaped && WIFSIGNALED(p->status))
		snprintf(out, cap, "killed by signal %d", WTERMSIG(p->status));
	else
		snprintf(out, cap, "%s", p->pid > 0 ? "running" : "not started");
	return out;
}
