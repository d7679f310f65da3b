/* h_certify_tcp.c: the kernel's view of the server's TCP connections to the
 * NVA (/proc/net/tcp), read while the server itself cannot answer. */
#include "h_certify_run.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define H_TCP_ESTABLISHED 1

struct h_tcp_row {
	uint32_t laddr, raddr; /* host order */
	uint16_t lport, rport;
	unsigned state;
};

/* One line of /proc/net/tcp; 0 when it is a connection row. */
static int h_cert_tcp_row(const char *line, struct h_tcp_row *t)
{
	unsigned la, lp, ra, rp, st;

	if (sscanf(line, " %*u: %8X:%4X %8X:%4X %2X", &la, &lp, &ra, &rp, &st) != 5)
		return -1;
	/* the kernel prints the address as stored, in network order */
	t->laddr = ntohl(la);
	t->raddr = ntohl(ra);
	t->lport = (uint16_t)lp;
	t->rport = (uint16_t)rp;
	t->state = st;
	return 0;
}

size_t h_cert_tcp_established(uint32_t local, uint32_t remote, struct h_cert_conn *c, size_t cap)
{
	return h_cert_tcp_established_in(0, local, remote, c, cap);
}

/* /proc/PID/net/tcp is the table of PID's network namespace. */
size_t h_cert_tcp_established_in(pid_t pid, uint32_t local, uint32_t remote, struct h_cert_conn *c,
                                 size_t cap)
{
	char path[64], line[256];
	FILE *f;
	size_t n = 0;
	struct h_tcp_row t;

	if (pid > 0)
		snprintf(path, sizeof(path), "/proc/%ld/net/tcp", (long)pid);
	else
		snprintf(path, sizeof(path), "/proc/net/tcp");
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (h_cert_tcp_row(line, &t) || t.state != H_TCP_ESTABLISHED || t.laddr != local ||
		    t.raddr != remote)
			continue;
		if (n < cap) {
			c[n].lport = t.lport;
			c[n].rport = t.rport;
		}
		n++;
	}
	fclose(f);
	return n < cap ? n : cap;
}

bool h_cert_tcp_alive(uint32_t local, uint32_t remote, const struct h_cert_conn *c)
{
	return h_cert_tcp_alive_in(0, local, remote, c);
}

bool h_cert_tcp_alive_in(pid_t pid, uint32_t local, uint32_t remote, const struct h_cert_conn *c)
{
	struct h_cert_conn now[H_CERT_MAX_CONN];
	size_t i, n = h_cert_tcp_established_in(pid, local, remote, now, H_CERT_MAX_CONN);

	for (i = 0; i < n; i++)
		if (now[i].lport == c->lport && now[i].rport == c->rport)
			return true;
	return false;
}
