/* u_ctl.h: one request to a daemon's control socket.
 *
 * rscert-rsd's control socket is a Unix stream socket with a line protocol:
 * the client connects, sends one request line, and the daemon writes its
 * whole answer (one JSON object) and closes. rsctl, the runner and the
 * tests all ask through this one client:
 *
 *	char *reply, err[256];
 *	int e = u_ctl_request("rs.sock", "ping", 5.0, &reply, err, sizeof(err));
 *
 *	if (e != 0)
 *		fail(err); // "control socket rs.sock: connect: Connection refused"
 *	use(reply);
 *	free(reply);
 *
 * Errors are values: the errno of the step that failed (EACCES, ENOENT,
 * ECONNREFUSED from connect; EPIPE from the write), ETIMEDOUT when the whole
 * answer has not come by the deadline, ENODATA when the daemon closed
 * without answering, ENAMETOOLONG for a path no socket address can hold.
 * err names the socket and the step. */
#ifndef RSCERT_U_CTL_H
#define RSCERT_U_CTL_H

#include <stddef.h>

/* Send line (without its newline) to the socket at path and read the whole
 * answer within timeout seconds. 0 with *reply a malloc'ed NUL-terminated
 * answer the caller frees, or an errno value with *reply NULL. */
int u_ctl_request(const char *path, const char *line, double timeout, char **reply, char *err,
                  size_t errcap);

/* The same, calling idle(arg) about every 5 ms while it waits for the
 * answer (a caller with sessions of its own keeps them alive meanwhile). */
int u_ctl_request_idle(const char *path, const char *line, double timeout, char **reply, char *err,
                       size_t errcap, void (*idle)(void *), void *arg);

#endif
