/* rsd_ctl.c: the control socket (docs/CONTROL.md): a Unix stream socket,
 * mode 0600 whatever the umask (0660 with `control-group`); one request
 * line per connection, one JSON answer, then close. Clients are served
 * without blocking the loop, at most RSD_CTL_MAX_CLIENTS at once. A live
 * socket at the path (another daemon answers) is never taken over. */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "rsd_daemon.h"

struct rsd_ctl_client {
	struct rsd_daemon *d;
	int fd;
	struct rsd_ev ev;
	struct rsd_buf in;
	struct rsd_buf out;
	bool answered;
	bool draining;           /* answered and shut for writing: read to EOF, then close */
	struct rsd_timer idle_t; /* a client that neither asks nor reads is closed */
	struct rsd_ctl_client *prev, *next;
};

#define RSD_CTL_IDLE_MS       5000
#define RSD_CTL_MAX_CLIENTS   64
#define RSD_CTL_MAX_CLIENTS_S "64"
#define RSD_CTL_MAX_BUSY      512 /* further clients told so, beyond that closed */

static void rsd_ctl_client_free(struct rsd_ctl_client *cl)
{
	struct rsd_daemon *d = cl->d;
	rsd_timer_stop(&d->loop, &cl->idle_t);
	rsd_loop_del(&d->loop, &cl->ev);
	close(cl->fd);
	if (cl->prev)
		cl->prev->next = cl->next;
	else
		d->ctl_clients = cl->next;
	if (cl->next)
		cl->next->prev = cl->prev;
	d->nctl_clients--;
	rsd_buf_free(&cl->in);
	rsd_buf_free(&cl->out);
	free(cl);
}

/* 1 when everything is written. */
static int rsd_ctl_client_write(struct rsd_ctl_client *cl)
{
	while (rsd_buf_pending(&cl->out) > 0) {
		ssize_t n = send(cl->fd, rsd_buf_head(&cl->out), rsd_buf_pending(&cl->out),
		                 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0)
			return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
		rsd_buf_consume(&cl->out, (size_t)n);
	}
	return 1;
}

/* Closing a Unix socket with unread input resets the peer before it reads
 * the answer: once answered, shut for writing and read to EOF. */
static void rsd_ctl_client_drain(struct rsd_ctl_client *cl)
{
	char tmp[4096];
	ssize_t n;

	if (!cl->draining) {
		cl->draining = true;
		shutdown(cl->fd, SHUT_WR);
		rsd_loop_mod(&cl->d->loop, &cl->ev, EPOLLIN);
	}
	while ((n = recv(cl->fd, tmp, sizeof(tmp), MSG_DONTWAIT)) > 0)
		;
	if (n == 0 || (errno != EAGAIN && errno != EINTR))
		rsd_ctl_client_free(cl);
}

/* The answer is in cl->out: send what can be sent now, the rest when the
 * socket is writable, then drain. */
static void rsd_ctl_client_answer(struct rsd_ctl_client *cl)
{
	cl->answered = true;
	int w = rsd_ctl_client_write(cl);
	if (w < 0)
		rsd_ctl_client_free(cl);
	else if (w > 0)
		rsd_ctl_client_drain(cl);
	else
		rsd_loop_mod(&cl->d->loop, &cl->ev, EPOLLOUT);
}

static void rsd_ctl_client_event(void *arg, uint32_t events)
{
	struct rsd_ctl_client *cl = arg;
	if (cl->draining) {
		rsd_ctl_client_drain(cl);
		return;
	}
	if (cl->answered) {
		int w = rsd_ctl_client_write(cl);
		if (w < 0)
			rsd_ctl_client_free(cl);
		else if (w > 0)
			rsd_ctl_client_drain(cl);
		return;
	}
	char tmp[1024];
	ssize_t n = recv(cl->fd, tmp, sizeof(tmp), MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		rsd_buf_append(&cl->in, tmp, (size_t)n);
	/* an empty buffer may have no storage yet: no memchr on NULL */
	const uint8_t *nl = rsd_buf_pending(&cl->in)
	                        ? memchr(rsd_buf_head(&cl->in), '\n', rsd_buf_pending(&cl->in))
	                        : NULL;
	if (!nl && n > 0 && rsd_buf_pending(&cl->in) < RSD_CTL_MAX_REQ)
		return;
	if (rsd_buf_pending(&cl->in) == 0 && n <= 0) {
		rsd_ctl_client_free(cl);
		return;
	}
	size_t len = nl ? (size_t)(nl - rsd_buf_head(&cl->in)) : rsd_buf_pending(&cl->in);
	char *line = calloc(1, len + 1);
	if (!line) {
		rsd_ctl_client_free(cl);
		return;
	}
	memcpy(line, rsd_buf_head(&cl->in), len);
	if (len > 0 && line[len - 1] == '\r')
		line[len - 1] = 0;
	if (len >= RSD_CTL_MAX_REQ)
		rsd_ctl_error(&cl->out, "CONTROL-SYNTAX", "request too long");
	else
		rsd_ctl_request(cl->d, line, &cl->out);
	free(line);
	rsd_buf_append(&cl->out, "\n", 1);
	rsd_ctl_client_answer(cl);
}

static void rsd_ctl_client_idle(void *arg)
{
	rsd_ctl_client_free(arg);
}

#define RSD_CTL_BUSY_JSON                                                                          \
	"{\"error\":\"too many control connections (at most " RSD_CTL_MAX_CLIENTS_S                \
	" at once); try again\",\"rule\":\"CONTROL-BUSY\"}\n"

/* Far over the limit: close at once (no memory or descriptor is spent). */
static void rsd_ctl_refuse(int fd)
{
	char tmp[4096];

	while (recv(fd, tmp, sizeof(tmp), MSG_DONTWAIT) > 0)
		;
	if (send(fd, RSD_CTL_BUSY_JSON, sizeof(RSD_CTL_BUSY_JSON) - 1,
	         MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
		/* nothing more can be said to it */
	}
	close(fd);
}

/* Over the limit: the error line at once, whatever it asks, then the
 * client is drained like any answered one (it reads the line, no reset). */
static void rsd_ctl_busy(struct rsd_ctl_client *cl)
{
	rsd_buf_append(&cl->out, RSD_CTL_BUSY_JSON, sizeof(RSD_CTL_BUSY_JSON) - 1);
	rsd_ctl_client_answer(cl);
}

static void rsd_ctl_accept(void *arg, uint32_t events)
{
	struct rsd_daemon *d = arg;
	for (int i = 0; i < 16; i++) {
		int fd = accept4(d->ctl_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		if (d->nctl_clients >= RSD_CTL_MAX_CLIENTS + RSD_CTL_MAX_BUSY) {
			rsd_ctl_refuse(fd);
			continue;
		}
		struct rsd_ctl_client *cl = calloc(1, sizeof(*cl));
		if (!cl) {
			close(fd);
			continue;
		}
		cl->d = d;
		cl->fd = fd;
		if (rsd_loop_add(&d->loop, &cl->ev, fd, EPOLLIN, rsd_ctl_client_event, cl) < 0) {
			close(fd);
			free(cl);
			continue;
		}
		rsd_timer_init(&cl->idle_t, rsd_ctl_client_idle, cl);
		rsd_timer_arm(&d->loop, &cl->idle_t, RSD_CTL_IDLE_MS);
		d->nctl_clients++;
		cl->next = d->ctl_clients;
		if (d->ctl_clients)
			d->ctl_clients->prev = cl;
		d->ctl_clients = cl;
		if (d->nctl_clients > RSD_CTL_MAX_CLIENTS)
			rsd_ctl_busy(cl);
	}
}

/* Whether something answers at path: 1 a live socket, 0 nothing there or a
 * stale socket (removed), -1 with err (not a socket, or no access). */
static int rsd_ctl_probe(const char *path, const struct sockaddr_un *sa, char *err, size_t errcap)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return 0;
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, errcap, "control socket %s: a file that is not a socket is there",
		         path);
		return -1;
	}
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errcap, "control socket: %s", strerror(errno));
		return -1;
	}
	int rc = connect(fd, (const struct sockaddr *)sa, sizeof(*sa));
	int e = errno;
	close(fd);
	if (rc == 0) {
		snprintf(err, errcap,
		         "control socket %s: another daemon answers there; refusing to start",
		         path);
		return 1;
	}
	if (e != ECONNREFUSED) {
		snprintf(err, errcap, "control socket %s: %s", path, strerror(e));
		return -1;
	}
	unlink(path); /* stale: nobody listens */
	return 0;
}

/* 0600, or 0660 and the configured group. */
static int rsd_ctl_mode(struct rsd_daemon *d, char *err, size_t errcap)
{
	const char *g = d->cfg->control_group;
	mode_t mode = 0600;

	if (g[0]) {
		struct group *gr = getgrnam(g);
		if (!gr || chown(d->ctl_path, (uid_t)-1, gr->gr_gid) < 0) {
			snprintf(err, errcap, "control-group %s: %s", g,
			         gr ? strerror(errno) : "no such group");
			return -1;
		}
		mode = 0660;
	}
	if (chmod(d->ctl_path, mode) < 0) {
		snprintf(err, errcap, "control socket %s: %s", d->ctl_path, strerror(errno));
		return -1;
	}
	return 0;
}

int rsd_ctl_open(struct rsd_daemon *d, char *err, size_t errcap)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(d->ctl_path) >= sizeof(sa.sun_path)) {
		snprintf(err, errcap, "control socket path too long: %s", d->ctl_path);
		return -1;
	}
	memcpy(sa.sun_path, d->ctl_path, strlen(d->ctl_path) + 1);
	if (rsd_ctl_probe(d->ctl_path, &sa, err, errcap) != 0)
		return -1;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errcap, "control socket: %s", strerror(errno));
		return -1;
	}
	/* no moment where the socket is open to others: bind under umask 0177 */
	mode_t old = umask(0177);
	int rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (rc < 0 || listen(fd, 64) < 0) {
		snprintf(err, errcap, "control socket %s: %s", d->ctl_path, strerror(errno));
		close(fd);
		return -1;
	}
	d->ctl_fd = fd;
	if (rsd_ctl_mode(d, err, errcap) < 0)
		return -1;
	return rsd_loop_add(&d->loop, &d->ctl_ev, fd, EPOLLIN, rsd_ctl_accept, d);
}

void rsd_ctl_close(struct rsd_daemon *d)
{
	while (d->ctl_clients)
		rsd_ctl_client_free(d->ctl_clients);
	if (d->ctl_fd >= 0) {
		rsd_loop_del(&d->loop, &d->ctl_ev);
		close(d->ctl_fd);
		unlink(d->ctl_path);
	}
	d->ctl_fd = -1;
}
