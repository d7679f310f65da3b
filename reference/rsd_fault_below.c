/* rsd_fault_below.c: the two deliberate faults below BGP (rs_fault.h).
 *
 * The product has neither TCP MD5 (ARS-NO-MD5) nor BFD (ARS-NO-BFD), and
 * neither can be switched off inside BGP code, so these faults add what the
 * server must not have, for the catalogue's cases of those rules to be shown
 * to fail:
 *  - tcp-md5: the listening and connecting sockets carry each configured
 *    peer's `md5 KEY` (TCP_MD5SIG, RFC 2385): the kernel then accepts that
 *    NVA's signed SYN and signs its own segments;
 *  - answer-bfd: a UDP socket on port 3784 of each instance answers every
 *    BFD control packet (RFC 5880 4.1, RFC 5881 4) with one of its own,
 *    state Init, to the packet's source address and port.
 * Without the fault a peer's `md5 KEY` is ignored and the start logs so. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rs_fault.h"
#include "rsd_daemon.h"
#include "u_md5.h"

#define RSD_BFD_PORT 3784 /* single-hop BFD control (RFC 5881 4) */

int rsd_fault_md5_peer(struct rsd_daemon *d, int fd, const struct rs_peer_cfg *p)
{
	if (!p->md5[0] || !rs_fault_on(d->cfg->faults, RS_FAULT_TCP_MD5))
		return 0;
	return u_tcp_md5_key(fd, p->addr, p->md5);
}

int rsd_fault_md5_listen(struct rsd_daemon *d, struct rsd_instance *in, char *err, size_t errcap)
{
	for (size_t i = 0; i < d->cfg->npeers; i++) {
		const struct rs_peer_cfg *p = &d->cfg->peer[i];
		if (!p->md5[0])
			continue;
		if (!rs_fault_on(d->cfg->faults, RS_FAULT_TCP_MD5)) {
			if (in->idx == 0)
				rsd_log_event(&d->log, "RS",
				              "event=md5-ignored peer=%s rule=ARS-NO-MD5", p->name);
			continue;
		}
		if (u_tcp_md5_key(in->lfd, p->addr, p->md5) < 0) {
			snprintf(err, errcap, "%s: fault tcp-md5: TCP_MD5SIG for peer %s: %s",
			         in->role, p->name, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* A BFD control packet in: answer it, state Init, its discriminator as ours
 * to echo (RFC 5880 6.8.6: Down received while Down moves to Init). */
static void rsd_fault_bfd_event(void *arg, uint32_t events)
{
	struct rsd_instance *in = arg;
	uint8_t p[64];
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	ssize_t n;

	(void)events;
	while ((n = recvfrom(in->bfd_fd, p, sizeof(p), 0, (struct sockaddr *)&from, &fl)) >= 0) {
		if (n < 24 || (p[0] >> 5) != 1)
			continue; /* not a BFD version 1 control packet */
		uint8_t a[24] = {0x20, 0x80, 3, 24, 0, 0, 0, (uint8_t)(in->idx + 1)};
		memcpy(a + 8, p + 4, 4);    /* your discriminator: theirs */
		memcpy(a + 12, p + 12, 12); /* their intervals back */
		(void)!sendto(in->bfd_fd, a, sizeof(a), MSG_DONTWAIT, (struct sockaddr *)&from, fl);
		char s[16];
		bgp_addr_format_ipv4(ntohl(from.sin_addr.s_addr), s, sizeof(s));
		rsd_log_event(&in->d->log, in->role, "event=fault-bfd-answer from=%s:%u", s,
		              ntohs(from.sin_port));
		fl = sizeof(from);
	}
}

int rsd_fault_bfd_open(struct rsd_daemon *d, struct rsd_instance *in, char *err, size_t errcap)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(RSD_BFD_PORT)};
	int one = 1;

	if (!rs_fault_on(d->cfg->faults, RS_FAULT_ANSWER_BFD))
		return 0;
	in->bfd_fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (in->bfd_fd < 0) {
		snprintf(err, errcap, "fault answer-bfd: socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(in->bfd_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sa.sin_addr.s_addr = htonl(d->cfg->inst[in->idx].listen);
	if (bind(in->bfd_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		snprintf(err, errcap, "%s: fault answer-bfd: bind UDP port %d: %s", in->role,
		         RSD_BFD_PORT, strerror(errno));
		return -1;
	}
	return rsd_loop_add(&d->loop, &in->bfd_ev, in->bfd_fd, EPOLLIN, rsd_fault_bfd_event, in);
}
