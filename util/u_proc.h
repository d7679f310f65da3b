/* u_proc.h: start a program as a child process, and stop it again.
 *
 * The one spawner for everything rscert starts: the reference daemon, real
 * BGP daemons, helper tools. It does the parts that are easy to get wrong:
 * the child's output goes to a log file (appended), its input is /dev/null,
 * a program that cannot be run is an error here and now (with the errno
 * from exec, not a silent exit status 127 later), waits have deadlines
 * without sleeping, and a stopped child is always reaped.
 *
 *	struct u_proc p;
 *	struct u_spawn how = {.log = "server.log"};
 *	char *argv[] = {"rscert-rsd", "-c", "rs.conf", "--foreground", NULL};
 *	char err[256];
 *
 *	if (u_proc_spawn(&p, argv, &how, err, sizeof(err)) < 0)
 *		fail(err);              // "cannot run rscert-rsd: No such file or directory"
 *	...
 *	int status = u_proc_stop(&p, 3.0); // SIGTERM, SIGKILL after 3 s, reaped
 *
 * Functions return errors as values and never exit. Not thread-safe: one
 * thread owns a struct u_proc. */
#ifndef RSCERT_U_PROC_H
#define RSCERT_U_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* How to start the child. Zeroed means: output inherited, same process
 * group, no setup. */
struct u_spawn {
	const char *log; /* stdout and stderr appended to this file (created 0644) */
	/* The child leads a process group of its own, and u_proc_signal and
	 * u_proc_stop signal the whole group (a daemon and what it forks).
	 * Leave it false for a child that must die with its parent's group
	 * (the runner kills a timed-out case by its group). */
	bool own_group;
	/* Run in the child after the redirection, before exec (entering a
	 * network namespace, say). Returns 0, or an errno value that makes
	 * u_proc_spawn fail with setup_what in its message. */
	int (*setup)(void *arg);
	void *setup_arg;
	const char *setup_what; /* e.g. "enter network namespace rs" */
	/* When not 0, the child gets this signal when the process that
	 * spawned it dies (prctl PR_SET_PDEATHSIG, kept across exec): a
	 * daemon started by the runner goes when the runner is killed. A
	 * parent already gone before the exec makes the child exit at once. */
	int parent_death_signal;
};

/* A child process. pid > 0 from spawn until it has been reaped. */
struct u_proc {
	pid_t pid;
	bool group;  /* signals go to the process group -pid */
	int status;  /* the wait status once reaped */
	bool reaped; /* status is valid */
};

/* Start argv[0] with arguments argv (NULL-terminated). A name without '/'
 * is looked up in PATH, then in /usr/sbin, /sbin, /usr/bin and /bin (root's
 * PATH under a test runner may lack sbin). Returns 0 once the child has
 * exec'd, or -1 with err saying what failed (nothing is left running). */
int u_proc_spawn(struct u_proc *p, char *const argv[], const struct u_spawn *how, char *err,
                 size_t errcap);

/* Take over a process that is our child already (or that we are the
 * subreaper of): after this, u_proc_wait and u_proc_stop work on it. */
void u_proc_adopt(struct u_proc *p, pid_t pid, bool group);

/* Whether the child is still running; reaps it when it has exited. */
bool u_proc_running(struct u_proc *p);

/* Wait at most timeout seconds (0: just look) for the child to exit.
 * Returns its exit code (0-255), 128 + the signal that killed it, -1 when
 * there is no child to wait for, or -2 when it is still running. */
int u_proc_wait(struct u_proc *p, double timeout);

/* Send sig to the child (or its group); 0, or -1 with errno set. Never
 * signals pid 0 or -1, which would reach other processes. */
int u_proc_signal(struct u_proc *p, int sig);

/* SIGTERM, then SIGKILL if it is still running after grace seconds; the
 * child is reaped either way. Returns what u_proc_wait returns (-1 when
 * there was nothing to stop). */
int u_proc_stop(struct u_proc *p, double grace);

/* "exited with status 3", "killed by signal 9", "running" or "not started". */
const char *u_proc_describe(const struct u_proc *p, char *out, size_t cap);

#endif
