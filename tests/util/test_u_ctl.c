/* test_u_ctl.c: the control-socket client: an answer read whole, and each
 * failure reported with its own errno and the socket's name. The daemon's
 * side is played in the idle callback, between the client's waits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the four above first. */
#include <cmocka.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "u_ctl.h"

static char dir[] = "/tmp/u-ctl-XXXXXX";
static char path[64];

/* The daemon's side: what it answers (NULL: close without answering). */
struct fake_daemon {
	int lfd;
	const char *answer;
	char got[128];
	bool done;
};

static int listen_at(const char *p)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", p);
	unlink(p);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 4), 0);
	return fd;
}

static void fake_serve(void *arg)
{
	struct fake_daemon *d = arg;

	if (d->done)
		return;
	int c = accept(d->lfd, NULL, NULL);
	assert_true(c >= 0);
	ssize_t n = recv(c, d->got, sizeof(d->got) - 1, 0);
	d->got[n > 0 ? n : 0] = '\0';
	if (d->answer != NULL) /* in two pieces: the client reads until the close */
		for (size_t i = 0, l = strlen(d->answer); i < l; i += l / 2 + 1)
			assert_true(
			    send(c, d->answer + i, l - i < l / 2 + 1 ? l - i : l / 2 + 1, 0) > 0);
	close(c);
	d->done = true;
}

static int setup(void **state)
{
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/rs.sock", dir);
	return 0;
}

static int teardown(void **state)
{
	unlink(path);
	rmdir(dir);
	return 0;
}

static void test_answer(void **state)
{
	struct fake_daemon d = {.lfd = listen_at(path), .answer = "{\"ok\":true,\"pid\":1}\n"};
	char *reply, err[256] = "";

	assert_int_equal(
	    u_ctl_request_idle(path, "ping", 5, &reply, err, sizeof(err), fake_serve, &d), 0);
	assert_string_equal(d.got, "ping\n");
	assert_string_equal(reply, "{\"ok\":true,\"pid\":1}\n");
	free(reply);
	close(d.lfd);
}

static void test_closed_without_answer(void **state)
{
	struct fake_daemon d = {.lfd = listen_at(path)};
	char *reply, err[256];

	assert_int_equal(
	    u_ctl_request_idle(path, "ping", 5, &reply, err, sizeof(err), fake_serve, &d), ENODATA);
	assert_null(reply);
	assert_non_null(strstr(err, "closed without answering 'ping'"));
	close(d.lfd);
}

static void test_no_answer_by_deadline(void **state)
{
	int lfd = listen_at(path); /* connect succeeds; nobody answers */
	char *reply, err[256];

	assert_int_equal(u_ctl_request(path, "sessions", 0.1, &reply, err, sizeof(err)), ETIMEDOUT);
	assert_null(reply);
	assert_non_null(strstr(err, "no whole answer to 'sessions' within 0.1s"));
	close(lfd);
}

static void test_connect_errors(void **state)
{
	char *reply, err[256], want[128], longpath[200];

	unlink(path);
	assert_int_equal(u_ctl_request(path, "ping", 1, &reply, err, sizeof(err)), ENOENT);
	snprintf(want, sizeof(want), "control socket %s: connect: No such file or directory", path);
	assert_string_equal(err, want);
	/* the socket file is there, nobody listens */
	close(listen_at(path));
	assert_int_equal(u_ctl_request(path, "ping", 1, &reply, err, sizeof(err)), ECONNREFUSED);
	assert_non_null(strstr(err, "connect: Connection refused"));
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	assert_int_equal(u_ctl_request(longpath, "ping", 1, &reply, err, sizeof(err)),
	                 ENAMETOOLONG);
	assert_null(reply);
}

static void test_permission_denied(void **state)
{
	int lfd = listen_at(path);
	char *reply, err[256];

	if (geteuid() == 0) { /* root passes every permission check */
		close(lfd);
		skip();
	}
	chmod(path, 0);
	assert_int_equal(u_ctl_request(path, "ping", 1, &reply, err, sizeof(err)), EACCES);
	assert_non_null(strstr(err, "connect: Permission denied"));
	close(lfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_answer),
	    cmocka_unit_test(test_closed_without_answer),
	    cmocka_unit_test(test_no_answer_by_deadline),
	    cmocka_unit_test(test_connect_errors),
	    cmocka_unit_test(test_permission_denied),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
