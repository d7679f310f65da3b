/* h_server.h: the system under test as the executor sees it: the embedded
 * reference daemon started per case, or a target by address (h_target.h),
 * and the control socket client. */
#ifndef RSCERT_H_SERVER_H
#define RSCERT_H_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "h_case.h"

struct h_server {
	pid_t pid;              /* 0 when not started by us */
	uint32_t listen[2];     /* session addresses of IN_0 and IN_1 (host order) */
	uint32_t inst_addr[2];  /* modelled addresses (NEXT_HOP self, router IDs) */
	uint16_t port;
	uint32_t src_base;      /* 127.a.b.0: fake NVAs use .10 + index */
	bool has_control;
	char sock[108];
	char conf[512];
	char log[512];
};

/* Write the daemon's configuration for case c into path. */
int h_server_config(const struct h_case *c, const struct h_server *s, double scale,
		    const char *fault, const char *path, char *err, size_t errcap);
/* Start rsd -c conf, stderr into the log, wait for its control socket. */
int h_server_start(struct h_server *s, const char *rsd, double timeout, char *err,
		   size_t errcap);
/* Stop the daemon (SIGTERM, then SIGKILL after a grace period). */
void h_server_stop(struct h_server *s);

/* One control request: send line, read the JSON answer (NUL-terminated) into
 * a malloc'ed buffer. 0, or -1 with err set. */
int h_ctl(const char *sock, const char *line, double timeout, char **answer, char *err,
	  size_t errcap);
/* The same, calling idle(arg) about every 5 ms while it waits for the answer
 * (the fake NVAs keep their sessions alive meanwhile). */
int h_ctl_idle(const char *sock, const char *line, double timeout, char **answer, char *err,
	       size_t errcap, void (*idle)(void *), void *arg);

#endif
