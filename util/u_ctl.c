/* u_ctl.c: the control-socket client (see u_ctl.h). */
#include "u_ctl.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

struct u_ctl_buf {
	char *b;
	size_t len, cap;
};

static double u_ctl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int u_ctl_fail(int e, char *err, size_t errcap, const char *path, const char *step)
{
	snprintf(err, errcap, "control socket %s: %s: %s", path, step, strerror(e));
	return e;
}

/* Connect and send the request line; the socket, or -errno. */
static int u_ctl_send(const char *path, const char *line, char *err, size_t errcap)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	size_t pl = strlen(path), ll = strlen(line);
	int fd, e;

	if (pl >= sizeof(sa.sun_path))
		return -u_ctl_fail(ENAMETOOLONG, err, errcap, path, "path");
	memcpy(sa.sun_path, path, pl + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -u_ctl_fail(errno, err, errcap, path, "socket");
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		e = errno;
		close(fd);
		return -u_ctl_fail(e, err, errcap, path, "connect");
	}
	if (send(fd, line, ll, MSG_NOSIGNAL) != (ssize_t)ll ||
	    send(fd, "\n", 1, MSG_NOSIGNAL) != 1) {
		e = errno ? errno : EIO;
		close(fd);
		return -u_ctl_fail(e, err, errcap, path, "write");
	}
	return fd;
}

/* Read what is there: 1 more may come, 0 end of answer, or -errno. */
static int u_ctl_read(int fd, struct u_ctl_buf *r)
{
	if (r->len + 4096 + 1 > r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 65536;
		char *nb = realloc(r->b, cap);
		if (nb == NULL)
			return -ENOMEM;
		r->b = nb;
		r->cap = cap;
	}
	ssize_t n = recv(fd, r->b + r->len, r->cap - r->len - 1, 0);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : -errno;
	r->len += (size_t)n;
	return n > 0;
}

/* Read until the daemon closes, the deadline passes or reading fails. */
static int u_ctl_collect(int fd, double end, struct u_ctl_buf *r, void (*idle)(void *), void *arg)
{
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		double left = end - u_ctl_now();
		int k;

		if (left <= 0)
			return -ETIMEDOUT;
		k = poll(&p, 1, idle ? 5 : (int)(left * 1000) + 1);
		if (k < 0 && errno != EINTR)
			return -errno;
		if (k <= 0) {
			if (idle)
				idle(arg);
			continue;
		}
		k = u_ctl_read(fd, r);
		if (k <= 0)
			return k;
	}
}

int u_ctl_request_idle(const char *path, const char *line, double timeout, char **reply, char *err,
                       size_t errcap, void (*idle)(void *), void *arg)
{
	struct u_ctl_buf r = {0};
	double end = u_ctl_now() + timeout;
	int fd, e;

	*reply = NULL;
	fd = u_ctl_send(path, line, err, errcap);
	if (fd < 0)
		return -fd;
	e = -u_ctl_collect(fd, end, &r, idle, arg);
	close(fd);
	if (e == 0 && r.len == 0)
		e = ENODATA;
	if (e != 0) {
		free(r.b);
		if (e == ETIMEDOUT)
			snprintf(err, errcap,
			         "control socket %s: no whole answer to '%s' within %.1fs", path,
			         line, timeout);
		else if (e == ENODATA)
			snprintf(err, errcap, "control socket %s: closed without answering '%s'",
			         path, line);
		else
			u_ctl_fail(e, err, errcap, path, "read");
		return e;
	}
	r.b[r.len] = '\0';
	*reply = r.b;
	return 0;
}

int u_ctl_request(const char *path, const char *line, double timeout, char **reply, char *err,
                  size_t errcap)
{
	return u_ctl_request_idle(path, line, timeout, reply, err, errcap, NULL, NULL);
}
