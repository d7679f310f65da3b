/* rsd_ctl.c: the control socket (docs/CONTROL.md): a Unix stream socket;
 * one request line per connection, one JSON answer, then close. Clients
 * are served without blocking the loop. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
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
	struct rsd_timer idle_t; /* a client that neither asks nor reads is closed */
	struct rsd_ctl_client *prev, *next;
};

#define RSD_CTL_IDLE_MS 5000

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

static void rsd_ctl_client_event(void *arg, uint32_t events)
{
	struct rsd_ctl_client *cl = arg;
	if (cl->answered) {
		if (rsd_ctl_client_write(cl) != 0)
			rsd_ctl_client_free(cl);
		return;
	}
	char tmp[1024];
	ssize_t n = recv(cl->fd, tmp, sizeof(tmp), MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		rsd_buf_append(&cl->in, tmp, (size_t)n);
	const uint8_t *nl = memchr(rsd_buf_head(&cl->in), '\n', rsd_buf_pending(&cl->in));
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
	cl->answered = true;
	shutdown(cl->fd, SHUT_RD);
	int w = rsd_ctl_client_write(cl);
	if (w != 0) {
		rsd_ctl_client_free(cl);
		return;
	}
	rsd_loop_mod(&cl->d->loop, &cl->ev, EPOLLOUT);
}

static void rsd_ctl_client_idle(void *arg)
{
	rsd_ctl_client_free(arg);
}

static void rsd_ctl_accept(void *arg, uint32_t events)
{
	struct rsd_daemon *d = arg;
	for (int i = 0; i < 16; i++) {
		int fd = accept4(d->ctl_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
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
		cl->next = d->ctl_clients;
		if (d->ctl_clients)
			d->ctl_clients->prev = cl;
		d->ctl_clients = cl;
	}
}

int rsd_ctl_open(struct rsd_daemon *d, char *err, size_t errcap)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(d->ctl_path) >= sizeof(sa.sun_path)) {
		snprintf(err, errcap, "control socket path too long: %s", d->ctl_path);
		return -1;
	}
	memcpy(sa.sun_path, d->ctl_path, strlen(d->ctl_path) + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errcap, "control socket: %s", strerror(errno));
		return -1;
	}
	unlink(d->ctl_path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 16) < 0) {
		snprintf(err, errcap, "control socket %s: %s", d->ctl_path, strerror(errno));
		close(fd);
		return -1;
	}
	d->ctl_fd = fd;
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
