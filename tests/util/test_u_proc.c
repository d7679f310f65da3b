/* test_u_proc.c: the process spawner: exit codes, the log file, errors
 * that name the cause, deadlines, stop with and without a process group. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the four above first. */
#include <cmocka.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "u_proc.h"

static char dir[] = "/tmp/u-proc-XXXXXX";
static char logpath[64];

static int setup(void **state)
{
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(logpath, sizeof(logpath), "%s/child.log", dir);
	return 0;
}

static int teardown(void **state)
{
	unlink(logpath);
	rmdir(dir);
	return 0;
}

static void read_log(char *out, size_t cap)
{
	FILE *f = fopen(logpath, "r");
	size_t n = 0;

	assert_non_null(f);
	n = fread(out, 1, cap - 1, f);
	out[n] = '\0';
	fclose(f);
}

static void test_exit_code_and_log(void **state)
{
	char *argv[] = {"sh", "-c", "echo out; echo err >&2; exit 3", NULL};
	struct u_spawn how = {.log = logpath};
	struct u_proc p;
	char err[256], text[256];

	unlink(logpath);
	assert_int_equal(u_proc_spawn(&p, argv, &how, err, sizeof(err)), 0);
	assert_true(p.pid > 0);
	assert_int_equal(u_proc_wait(&p, 10), 3);
	assert_string_equal(u_proc_describe(&p, text, sizeof(text)), "exited with status 3");
	/* a reaped child stays reaped */
	assert_int_equal(u_proc_wait(&p, 0), 3);
	assert_false(u_proc_running(&p));
	read_log(text, sizeof(text));
	assert_string_equal(text, "out\nerr\n");
}

static void test_cannot_run(void **state)
{
	char *argv[] = {"/nonexistent/rscert-no-such-program", NULL};
	char *bare[] = {"rscert-no-such-program", NULL};
	struct u_proc p;
	char err[256];

	assert_int_equal(u_proc_spawn(&p, argv, NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "cannot run /nonexistent/rscert-no-such-program: No such file or "
	                         "directory");
	assert_int_equal(p.pid, 0);
	assert_int_equal(u_proc_spawn(&p, bare, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file or directory"));
	assert_int_equal(u_proc_stop(&p, 1), -1);
}

static void test_bad_log(void **state)
{
	char *argv[] = {"true", NULL};
	struct u_spawn how = {.log = "/nonexistent/dir/child.log"};
	struct u_proc p;
	char err[256];

	assert_int_equal(u_proc_spawn(&p, argv, &how, err, sizeof(err)), -1);
	assert_string_equal(err, "cannot run true: log file /nonexistent/dir/child.log: No such "
	                         "file or directory");
}

static int refuse(void *arg)
{
	return *(int *)arg;
}

static void test_setup_hook(void **state)
{
	char *argv[] = {"true", NULL};
	int e = EPERM, ok = 0;
	struct u_spawn how = {.setup = refuse, .setup_arg = &e, .setup_what = "enter namespace x"};
	struct u_proc p;
	char err[256];

	assert_int_equal(u_proc_spawn(&p, argv, &how, err, sizeof(err)), -1);
	assert_string_equal(err, "cannot run true: enter namespace x: Operation not permitted");
	how.setup_arg = &ok;
	assert_int_equal(u_proc_spawn(&p, argv, &how, err, sizeof(err)), 0);
	assert_int_equal(u_proc_wait(&p, 10), 0);
}

static void test_deadline_and_stop(void **state)
{
	char *argv[] = {"sleep", "100", NULL};
	struct u_proc p;
	char err[256], text[64];

	assert_int_equal(u_proc_spawn(&p, argv, NULL, err, sizeof(err)), 0);
	assert_true(u_proc_running(&p));
	assert_int_equal(u_proc_wait(&p, 0.05), -2);
	assert_string_equal(u_proc_describe(&p, text, sizeof(text)), "running");
	assert_int_equal(u_proc_stop(&p, 5), 128 + SIGTERM);
	assert_string_equal(u_proc_describe(&p, text, sizeof(text)), "killed by signal 15");
	assert_int_equal(u_proc_signal(&p, 0), -1);
}

static void test_kill_after_grace(void **state)
{
	/* ignores SIGTERM: SIGKILL after the grace period */
	char *argv[] = {"sh", "-c", "trap '' TERM; echo ready; while :; do sleep 1; done", NULL};
	struct u_spawn how = {.log = logpath};
	struct u_proc p;
	char err[256], text[64] = "";

	unlink(logpath);
	assert_int_equal(u_proc_spawn(&p, argv, &how, err, sizeof(err)), 0);
	/* the trap is set once "ready" is written */
	for (int i = 0; i < 1000 && strstr(text, "ready") == NULL; i++) {
		assert_int_equal(u_proc_wait(&p, 0.01), -2);
		read_log(text, sizeof(text));
	}
	assert_int_equal(u_proc_stop(&p, 0.2), 128 + SIGKILL);
}

static void test_group_stop(void **state)
{
	/* the grandchild is in the group and goes with it */
	char *argv[] = {"sh", "-c", "sleep 100 & echo $!; wait", NULL};
	struct u_spawn how = {.log = logpath, .own_group = true};
	struct u_proc p;
	char err[256], text[64] = "";
	long grandchild = 0;

	unlink(logpath);
	assert_int_equal(u_proc_spawn(&p, argv, &how, err, sizeof(err)), 0);
	assert_int_equal(getpgid(p.pid), p.pid);
	for (int i = 0; i < 1000 && grandchild == 0; i++) {
		assert_int_equal(u_proc_wait(&p, 0.01), -2);
		read_log(text, sizeof(text));
		grandchild = atol(text);
	}
	assert_true(grandchild > 0);
	assert_int_equal(getpgid((pid_t)grandchild), p.pid);
	/* readable once the grandchild has exited (it is not our child) */
	int pidfd = (int)syscall(SYS_pidfd_open, (pid_t)grandchild, 0);
	assert_true(pidfd >= 0);
	struct pollfd pf = {.fd = pidfd, .events = POLLIN};
	assert_int_equal(poll(&pf, 1, 0), 0);
	assert_int_equal(u_proc_stop(&p, 5), 128 + SIGTERM);
	assert_int_equal(poll(&pf, 1, 10000), 1);
	close(pidfd);
}

static void test_adopt(void **state)
{
	char *argv[] = {"sh", "-c", "exit 7", NULL};
	struct u_proc p, q;
	char err[256];

	assert_int_equal(u_proc_spawn(&p, argv, NULL, err, sizeof(err)), 0);
	u_proc_adopt(&q, p.pid, false);
	assert_int_equal(u_proc_wait(&q, 10), 7);
	u_proc_adopt(&q, 0, false);
	assert_int_equal(u_proc_wait(&q, 1), -1);
	assert_int_equal(u_proc_signal(&q, SIGTERM), -1);
}

/* A middle process spawns "sleep 100" (with or without the parent-death
 * signal), passes its pid up and dies; we are the subreaper, so the sleep
 * becomes our child and we can wait for it. */
static pid_t orphan_sleep(int sig)
{
	int fds[2];
	pid_t sleeper = 0;

	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	assert_int_equal(pipe(fds), 0);
	pid_t mid = fork();
	assert_true(mid >= 0);
	if (mid == 0) {
		char *argv[] = {"sleep", "100", NULL};
		struct u_spawn how = {.parent_death_signal = sig};
		struct u_proc p;
		char err[256];

		if (u_proc_spawn(&p, argv, &how, err, sizeof(err)) == 0)
			(void)!write(fds[1], &p.pid, sizeof(p.pid));
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &sleeper, sizeof(sleeper)), (ssize_t)sizeof(sleeper));
	close(fds[0]);
	assert_int_equal(waitpid(mid, NULL, 0), mid);
	return sleeper;
}

static void test_parent_death_signal(void **state)
{
	struct u_proc q;

	u_proc_adopt(&q, orphan_sleep(SIGTERM), false);
	assert_int_equal(u_proc_wait(&q, 10), 128 + SIGTERM);
	/* without it the orphan lives on */
	u_proc_adopt(&q, orphan_sleep(0), false);
	assert_int_equal(u_proc_wait(&q, 0.2), -2);
	assert_int_equal(u_proc_stop(&q, 5), 128 + SIGTERM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exit_code_and_log),
	    cmocka_unit_test(test_cannot_run),
	    cmocka_unit_test(test_bad_log),
	    cmocka_unit_test(test_setup_hook),
	    cmocka_unit_test(test_deadline_and_stop),
	    cmocka_unit_test(test_kill_after_grace),
	    cmocka_unit_test(test_group_stop),
	    cmocka_unit_test(test_adopt),
	    cmocka_unit_test(test_parent_death_signal),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
