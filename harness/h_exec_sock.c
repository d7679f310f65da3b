/* h_exec_sock.c: what a case observes below BGP: the TCP MD5 signature a fake
 * NVA puts on its segments (RFC 2385, ARS-NO-MD5), the kernel's TcpExt
 * counters the server's side keeps (/proc/net/netstat), and BFD control
 * packets to the instances with whatever comes back (RFC 5880/5881,
 * ARS-NO-BFD). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "h_exec_int.h"
#include "h_sock.h"
#include "u_md5.h"

#define H_BFD_PORT     3784  /* single-hop BFD control (RFC 5881 4) */
#define H_BFD_SRC_BASE 49152 /* the source port range starts here (RFC 5881 4) */

int h_tcp_md5_key(int fd, uint32_t peer, const char *key, char *err, size_t cap)
{
	if (u_tcp_md5_key(fd, peer, key) == 0)
		return 0;
	snprintf(err, cap, "TCP_MD5SIG: %s (a kernel without TCP MD5 support?)", strerror(errno));
	return -1;
}

/* The TcpExt counter name of /proc/net/netstat: 0 with *v, -1 when absent. */
static int h_netstat(const char *name, unsigned long long *v)
{
	FILE *f = fopen("/proc/net/netstat", "r");
	char keys[8192], vals[8192];
	int rc = -1;

	if (!f)
		return -1;
	while (rc < 0 && fgets(keys, sizeof(keys), f) && fgets(vals, sizeof(vals), f)) {
		char *ks = NULL, *vs = NULL;
		char *k = strtok_r(keys, " \n", &ks), *x = strtok_r(vals, " \n", &vs);
		if (!k || strcmp(k, "TcpExt:"))
			continue;
		while ((k = strtok_r(NULL, " \n", &ks)) && (x = strtok_r(NULL, " \n", &vs)))
			if (!strcmp(k, name)) {
				*v = strtoull(x, NULL, 10);
				rc = 0;
				break;
			}
	}
	fclose(f);
	return rc;
}

int h_check_kernel(struct h_ex *x, const struct h_alt *a, char *obs, size_t cap)
{
	unsigned long long v;

	if (h_netstat(a->field, &v)) {
		snprintf(obs, cap, "no TcpExt counter %s in /proc/net/netstat", a->field);
		return -1;
	}
	if (x->kern_alt != a) { /* the first look of this wait: the baseline */
		x->kern_alt = a;
		x->kern_base = v;
	}
	snprintf(obs, cap, "TcpExt %s %llu, %llu when the wait began", a->field, v, x->kern_base);
	return v > x->kern_base;
}

/* ---- BFD ---- */
struct h_bfd {
	int tx, rx; /* from a port >= 49152; on port 3784 for what the peer sends */
	unsigned sent;
};

static int h_udp_bound(uint32_t addr, uint16_t port)
{
	struct sockaddr_in s = {.sin_family = AF_INET};
	int one = 1, fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	s.sin_addr.s_addr = htonl(addr);
	s.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *)&s, sizeof(s))) {
		close(fd);
		return -1;
	}
	return fd;
}

static struct h_bfd *h_bfd_of(struct h_ex *x, size_t nva, uint32_t src)
{
	struct h_bfd *b;

	if (!x->bfd) {
		x->bfd = calloc(x->c->nnvas, sizeof(*x->bfd));
		if (!x->bfd)
			return NULL;
		for (size_t i = 0; i < x->c->nnvas; i++)
			x->bfd[i].tx = x->bfd[i].rx = -1;
	}
	b = &x->bfd[nva];
	if (b->tx < 0)
		b->tx = h_udp_bound(src, (uint16_t)(H_BFD_SRC_BASE + nva));
	if (b->rx < 0)
		b->rx = h_udp_bound(src, H_BFD_PORT);
	return b->tx >= 0 && b->rx >= 0 ? b : NULL;
}

int h_bfd_send(struct h_ex *x, size_t nva, unsigned inst, char *err, size_t cap)
{
	char src[16];
	struct in_addr ia;
	struct h_bfd *b;

	h_world_nva_addr(x->w, nva, src, sizeof(src));
	if (!inet_aton(src, &ia) || !(b = h_bfd_of(x, nva, ntohl(ia.s_addr)))) {
		snprintf(err, cap, "BFD: no UDP socket on %s (%s)", src, strerror(errno));
		return -1;
	}
	for (int k = 0; k < 2; k++) {
		/* version 1, state Down, detect multiplier 3, length 24, our
		 * discriminator, theirs unknown, 1 s intervals (RFC 5880 4.1) */
		uint8_t p[24] = {0x20, 0x40, 3,    24,   0,    0,    0,    (uint8_t)(nva + 1),
		                 0,    0,    0,    0,    0x00, 0x0F, 0x42, 0x40,
		                 0x00, 0x0F, 0x42, 0x40, 0,    0,    0,    0};
		struct sockaddr_in d = {.sin_family = AF_INET, .sin_port = htons(H_BFD_PORT)};
		if (!((inst >> k) & 1))
			continue;
		d.sin_addr.s_addr = htonl(x->srv->listen[k]);
		if (sendto(b->tx, p, sizeof(p), 0, (struct sockaddr *)&d, sizeof(d)) != sizeof(p)) {
			snprintf(err, cap, "BFD: send to IN_%d: %s", k, strerror(errno));
			return -1;
		}
		b->sent++;
	}
	return 0;
}

int h_check_no_bfd(struct h_ex *x, size_t nva, char *obs, size_t cap)
{
	struct h_bfd *b = x->bfd ? &x->bfd[nva] : NULL;
	uint8_t buf[512];

	if (!b || !b->sent) {
		snprintf(obs, cap, "no BFD packet was sent (use `bfd NVA` first)");
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		int fd = i ? b->rx : b->tx;
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (n >= 0) {
			snprintf(obs, cap,
			         "a datagram of %zd bytes came back from %s:%u to port %u", n,
			         inet_ntoa(from.sin_addr), ntohs(from.sin_port),
			         i ? H_BFD_PORT : (unsigned)(H_BFD_SRC_BASE + nva));
			return -1;
		}
	}
	snprintf(obs, cap, "%u BFD control packet(s) sent, nothing came back", b->sent);
	return 1;
}

void h_bfd_free(struct h_ex *x)
{
	for (size_t i = 0; x->bfd && i < x->c->nnvas; i++) {
		if (x->bfd[i].tx >= 0)
			close(x->bfd[i].tx);
		if (x->bfd[i].rx >= 0)
			close(x->bfd[i].rx);
	}
	free(x->bfd);
	x->bfd = NULL;
}
