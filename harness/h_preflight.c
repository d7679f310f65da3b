/* h_preflight.c: what must hold before a run starts. An environment
 * problem (no daemon to run, a target that is not running, an output
 * directory that cannot be written) is one error with its own exit status,
 * never a FAIL or ERROR for every case. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "h_run.h"
#include "h_server.h"

/* A TCP connection to addr:port within timeout_ms: 0, else -1 with errno. */
static int h_tcp_probe(uint32_t addr, uint16_t port, int timeout_ms)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	struct pollfd p;
	int soerr = 0, rc = -1;
	socklen_t sl = sizeof(soerr);

	if (fd < 0)
		return -1;
	sa.sin_addr.s_addr = htonl(addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		rc = 0;
	} else if (errno == EINPROGRESS) {
		p.fd = fd;
		p.events = POLLOUT;
		if (poll(&p, 1, timeout_ms) <= 0)
			soerr = ETIMEDOUT;
		else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
			soerr = errno;
		rc = soerr ? -1 : 0;
	} else {
		soerr = errno;
	}
	close(fd);
	errno = soerr;
	return rc;
}

static int h_preflight_target(const struct h_target *t, char *err, size_t errcap)
{
	for (unsigned k = 0; k < 2; k++) {
		char a[INET_ADDRSTRLEN];
		struct in_addr in = {.s_addr = htonl(t->listen[k])};

		if (!h_tcp_probe(t->listen[k], t->port, 2000))
			continue;
		inet_ntop(AF_INET, &in, a, sizeof(a));
		snprintf(err, errcap,
		         "the target's instance %u at %s port %u does not accept connections (%s): "
		         "is it running?",
		         k, a, t->port, strerror(errno));
		return -1;
	}
	if (t->has_control) {
		char *ans = NULL, e2[256];

		if (h_ctl(t->control, "ping", 2.0, &ans, e2, sizeof(e2)) || !ans) {
			snprintf(err, errcap, "the target's control socket %s does not answer: %s",
			         t->control, e2);
			free(ans);
			return -1;
		}
		free(ans);
	}
	return 0;
}

int h_run_preflight(const struct h_run_opts *o, char *err, size_t errcap)
{
	char probe[1100];
	int fd;

	if (mkdir(o->out, 0755) && errno != EEXIST) {
		snprintf(err, errcap, "cannot create the output directory %s: %s", o->out,
		         strerror(errno));
		return -1;
	}
	snprintf(probe, sizeof(probe), "%s/.rscert-write-test", o->out);
	fd = open(probe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errcap, "cannot write into the output directory %s: %s", o->out,
		         strerror(errno));
		return -1;
	}
	close(fd);
	unlink(probe);
	if (o->target)
		return h_preflight_target(o->target, err, errcap);
	if (access(o->rsd, X_OK)) {
		snprintf(err, errcap, "the reference daemon %s cannot be run: %s", o->rsd,
		         strerror(errno));
		return -1;
	}
	return 0;
}
