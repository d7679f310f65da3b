/* rsd_admit.c: accepting connections on an instance's listening socket.
 * ARS-ONLY-CONFIGURED: a connection from an address that is not a
 * configured peer gets our OPEN then NOTIFICATION Cease 6/5 (Connection
 * Rejected) and is closed at once; it never holds a session slot, so it
 * can never take a configured peer's place. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rs_fault.h"
#include "rsd_daemon.h"

static void rsd_admit_refuse(struct rsd_instance *in, int fd, uint32_t addr)
{
	struct rsd_daemon *d = in->d;
	uint8_t buf[BGP_MAX_LEN];
	size_t n = rsd_open_build(d, in->idx, buf, sizeof(buf));
	size_t m = bgp_encode_notification(BGP_ERR_CEASE, BGP_CEASE_CONNECTION_REJECTED, NULL, 0,
	                                   buf + n, sizeof(buf) - n);
	/* A fresh socket's send buffer takes this at once; never wait. */
	(void)!send(fd, buf, n + m, MSG_NOSIGNAL | MSG_DONTWAIT);
	close(fd);
	char a[16];
	bgp_addr_format_ipv4(addr, a, sizeof(a));
	rsd_log_event(&d->log, in->role,
	              "event=refused addr=%s rule=ARS-ONLY-CONFIGURED code=6 subcode=5", a);
}

/* fault accept-unknown-peer: answer like a server that admits anyone (our
 * OPEN and a KEEPALIVE), never refuse, never log. */
static void rsd_admit_fault_keep(struct rsd_instance *in, int fd)
{
	struct rsd_daemon *d = in->d;
	uint8_t buf[BGP_MAX_LEN];
	size_t n = rsd_open_build(d, in->idx, buf, sizeof(buf));
	size_t k = bgp_encode_keepalive(buf + n, sizeof(buf) - n);
	size_t slot = d->nfault_fds % 32;

	(void)!send(fd, buf, n + k, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (d->nfault_fds >= 32)
		close(d->fault_fds[slot]);
	d->fault_fds[slot] = fd;
	d->nfault_fds++;
}

void rsd_admit_accept(void *arg, uint32_t events)
{
	struct rsd_instance *in = arg;
	struct rsd_daemon *d = in->d;
	for (int i = 0; i < 16; i++) {
		struct sockaddr_in sa;
		socklen_t sl = sizeof(sa);
		int fd =
		    accept4(in->lfd, (struct sockaddr *)&sa, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		if (sa.sin_family != AF_INET) {
			close(fd);
			continue;
		}
		uint32_t addr = ntohl(sa.sin_addr.s_addr);
		struct rsd_peer *p = rsd_peer_by_addr(d, addr);
		if (!p && !d->stopping && rs_fault_on(d->cfg->faults, RS_FAULT_ACCEPT_UNKNOWN_PEER)) {
			rsd_admit_fault_keep(in, fd);
			continue;
		}
		if (!p || d->stopping) {
			rsd_admit_refuse(in, fd, addr);
			continue;
		}
		rsd_session_accept(&p->sess[in->idx], fd);
	}
}
