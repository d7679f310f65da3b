/* td.c: temporary configuration, the daemon process, control requests. */
#include "td.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "u_ctl.h"
#include "u_proc.h"

uint32_t td_addr(const struct td_env *e, unsigned x, unsigned y)
{
	return (127u << 24) | (e->block << 16) | (x << 8) | y;
}

const char *td_ip(uint32_t a)
{
	static char bufs[8][BGP_IPV4_TEXT];
	static unsigned k;
	char *b = bufs[k++ % 8];
	bgp_addr_format_ipv4(a, b, BGP_IPV4_TEXT);
	return b;
}

static uint64_t td_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* A port free on the instance addresses: bind port 0, read it back. */
uint16_t td_free_port(uint32_t a)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET};
	sa.sin_addr.s_addr = htonl(a);
	socklen_t sl = sizeof(sa);
	uint16_t port = 0;
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &sl) == 0)
		port = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

char *td_ctl(const struct td_env *e, const char *fmt, ...)
{
	char req[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(req, sizeof(req), fmt, ap);
	va_end(ap);
	char *out = NULL, err[256];
	return u_ctl_request(e->sock, req, 5, &out, err, sizeof(err)) ? NULL : out;
}

int td_ctl_wait(const struct td_env *e, const char *req, const char *needle, bool negate,
                int deadline_ms)
{
	uint64_t end = td_now() + (uint64_t)deadline_ms;
	for (;;) {
		char *a = td_ctl(e, "%s", req);
		bool has = a && strstr(a, needle);
		free(a);
		if (has != negate)
			return 1;
		if (td_now() >= end)
			return 0;
		poll(NULL, 0, 20); /* re-ask: the control socket has no change feed */
	}
}

int td_log_has(const struct td_env *e, const char *needle)
{
	FILE *f = fopen(e->log, "r");
	if (!f)
		return 0;
	char line[2048];
	int found = 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

int td_log_wait(const struct td_env *e, const char *needle, int deadline_ms)
{
	uint64_t end = td_now() + (uint64_t)deadline_ms;
	while (!td_log_has(e, needle)) {
		if (td_now() >= end)
			return 0;
		poll(NULL, 0, 20);
	}
	return 1;
}

int td_start(struct td_env *e, unsigned block, const char *rsd, double scale, const char *extra)
{
	e->block = block;
	e->rsd = rsd;
	e->scale = scale;
	e->pid = -1;
	snprintf(e->dir, sizeof(e->dir), "/tmp/rsd-it-XXXXXX");
	if (!mkdtemp(e->dir))
		return -1;
	snprintf(e->cfg, sizeof(e->cfg), "%s/rs.conf", e->dir);
	snprintf(e->sock, sizeof(e->sock), "%s/rs.sock", e->dir);
	snprintf(e->log, sizeof(e->log), "%s/rs.log", e->dir);
	e->port = td_free_port(td_addr(e, 0, 4));
	if (!e->port)
		return -1;
	FILE *f = fopen(e->cfg, "w");
	if (!f)
		return -1;
	fprintf(f,
	        "asn 65515\nprofile faq-2021-02\nsubnet 10.0.255.0/27\n"
	        "instance 0 10.0.255.4 listen %s\ninstance 1 10.0.255.5 listen %s\n"
	        "port %u\nvnet 10.0.0.0/16\ntimers keepalive 60 hold 180 connect-retry 5\n"
	        "time-scale %g\ncontrol %s\nlog %s\n%s",
	        td_ip(td_addr(e, 0, 4)), td_ip(td_addr(e, 0, 5)), e->port, scale, e->sock, e->log,
	        extra ? extra : "");
	fclose(f);
	/* a detached daemon is re-parented to us, so that we can reap it */
	if (e->detach)
		prctl(PR_SET_CHILD_SUBREAPER, 1);
	char *fg[] = {(char *)rsd, "-c", e->cfg, "--foreground", NULL};
	char *bg[] = {(char *)rsd, "-c", e->cfg, NULL};
	char err[256];
	struct u_proc p;
	if (u_proc_spawn(&p, e->detach ? bg : fg, NULL, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	e->pid = p.pid;
	if (e->detach) {
		/* the parent returns once the sockets are bound */
		e->pid = -1;
		if (u_proc_wait(&p, 10) != 0)
			return -1;
		char *a = td_ctl(e, "ping");
		char *pp = a ? strstr(a, "\"pid\":") : NULL;
		e->pid = pp ? (pid_t)atol(pp + 6) : -1;
		free(a);
		return e->pid > 0 ? 0 : -1;
	}
	uint64_t end = td_now() + 10000;
	while (td_now() < end) {
		char *a = td_ctl(e, "ping");
		int ok = a && strstr(a, "\"ok\":true");
		free(a);
		if (ok)
			return 0;
		if (!u_proc_running(&p)) {
			e->pid = -1;
			fprintf(stderr, "the daemon %s early\n",
			        u_proc_describe(&p, err, sizeof(err)));
			return -1;
		}
		poll(NULL, 0, 20);
	}
	return -1;
}

int td_stop(struct td_env *e, int deadline_ms)
{
	struct u_proc p;
	if (e->pid <= 0)
		return -1;
	u_proc_adopt(&p, e->pid, false);
	e->pid = -1;
	u_proc_signal(&p, SIGTERM);
	int r = u_proc_wait(&p, deadline_ms / 1000.0);
	if (r == -2)
		u_proc_stop(&p, 0);
	return r < 0 ? -1 : r;
}

void td_cleanup(struct td_env *e)
{
	if (e->pid > 0)
		td_stop(e, 3000);
	if (getenv("TD_KEEP")) {
		fprintf(stderr, "kept %s\n", e->dir);
		return;
	}
	unlink(e->cfg);
	unlink(e->sock);
	unlink(e->log);
	rmdir(e->dir);
}
