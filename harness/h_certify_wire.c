/* h_certify_wire.c: the packet socket, IPv4/TCP/UDP headers and the TCP
 * streams between the NVA and the instances, reassembled in order so that
 * h_certify_wmsg.c can read whole BGP messages out of them. Hand-written
 * rather than libpcap: a few dozen lines of header reading for one address
 * pair, no filter language and no capture file are needed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "h_certify_wire.h"
#include "h_certify_wmsg.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define H_CWIRE_BUF_MAX (256u * 1024u) /* one stream's unread bytes at most */

struct h_cwire_flow {
	uint32_t src, dst; /* host order */
	uint16_t sport, dport;
	bool synced; /* next is known */
	uint32_t next;
	struct h_wstream st;
};

void h_cwire_init(struct h_cwire *w, uint32_t nva, const uint32_t inst[2], uint16_t port)
{
	memset(w, 0, sizeof(*w));
	w->fd = -1;
	w->lo_ifindex = -1;
	w->nva = nva;
	w->inst[0] = inst[0];
	w->inst[1] = inst[1];
	w->port = port;
}

/* The socket is made inside ns: a packet socket stays in the namespace it
 * was created in. */
static int h_cwire_socket_in(const char *ns, const char *ifname, int *ifindex, int *lo, char *err,
                             size_t cap)
{
	char path[128];
	int self = -1, target = -1, fd = -1;

	if (ns) {
		snprintf(path, sizeof(path), "/run/netns/%s", ns);
		self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		target = open(path, O_RDONLY | O_CLOEXEC);
		if (self < 0 || target < 0 || setns(target, CLONE_NEWNET)) {
			snprintf(err, cap, "cannot enter network namespace %s: %s", ns,
			         strerror(errno));
			goto out;
		}
	}
	/* ETH_P_ALL: only such sockets see the packets a device sends */
	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_ALL));
	if (fd < 0)
		snprintf(err, cap, "cannot open a packet socket (root or CAP_NET_RAW needed): %s",
		         strerror(errno));
	*ifindex = ifname ? (int)if_nametoindex(ifname) : 0;
	*lo = (int)if_nametoindex("lo");
	if (fd >= 0 && ifname && !*ifindex) {
		snprintf(err, cap, "no interface %s to observe", ifname);
		close(fd);
		fd = -1;
	}
	if (ns && setns(self, CLONE_NEWNET)) {
		snprintf(err, cap, "cannot return to the original network namespace");
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
out:
	if (self >= 0)
		close(self);
	if (target >= 0)
		close(target);
	return fd;
}

int h_cwire_open(struct h_cwire *w, const char *ns, const char *ifname, char *err, size_t cap)
{
	struct sockaddr_ll sl;
	int ifindex = 0, rcv = 8 << 20;

	w->fd = h_cwire_socket_in(ns, ifname, &ifindex, &w->lo_ifindex, err, cap);
	if (w->fd < 0)
		return -1;
	setsockopt(w->fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	memset(&sl, 0, sizeof(sl));
	sl.sll_family = AF_PACKET;
	sl.sll_protocol = htons(ETH_P_ALL);
	sl.sll_ifindex = ifindex;
	if (bind(w->fd, (struct sockaddr *)&sl, sizeof(sl))) {
		snprintf(err, cap, "cannot bind the packet socket: %s", strerror(errno));
		close(w->fd);
		w->fd = -1;
		return -1;
	}
	return 0;
}

void h_cwire_close(struct h_cwire *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	for (size_t i = 0; i < H_CWIRE_MAX_FLOWS; i++) {
		if (w->flow[i])
			free(w->flow[i]->st.buf);
		free(w->flow[i]);
		w->flow[i] = NULL;
	}
	for (int k = 0; k < 2; k++) {
		free(w->p[k].prefix);
		w->p[k].prefix = NULL;
	}
}

void h_cwire_poll(struct h_cwire *w, long ms, double now)
{
	uint8_t pkt[65536];
	struct pollfd p = {w->fd, POLLIN, 0};

	if (w->fd < 0 || poll(&p, 1, (int)ms) <= 0)
		return;
	for (int i = 0; i < 4096; i++) {
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(w->fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&from, &fl);
		if (n <= 0)
			return;
		if (from.sll_protocol != htons(ETH_P_IP) ||
		    (from.sll_pkttype == PACKET_OUTGOING && from.sll_ifindex == w->lo_ifindex))
			continue;
		h_cwire_feed(w, pkt, (size_t)n, now);
	}
}

static uint32_t h_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t h_rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Whether the TCP options hold kind 19 (RFC 2385 MD5 signature). */
static bool h_cwire_has_md5(const uint8_t *opt, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (opt[i] == 0)
			break;
		if (opt[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= len || opt[i + 1] < 2)
			break;
		if (opt[i] == 19)
			return true;
		i += opt[i + 1];
	}
	return false;
}

static struct h_cwire_flow *h_cwire_flow_get(struct h_cwire *w, uint32_t src, uint16_t sport,
                                             uint32_t dst, uint16_t dport, bool syn)
{
	size_t i, freei = H_CWIRE_MAX_FLOWS;

	for (i = 0; i < H_CWIRE_MAX_FLOWS; i++) {
		struct h_cwire_flow *f = w->flow[i];
		if (!f) {
			if (freei == H_CWIRE_MAX_FLOWS)
				freei = i;
			continue;
		}
		if (f->src == src && f->dst == dst && f->sport == sport && f->dport == dport)
			return f;
	}
	if (!syn && freei == H_CWIRE_MAX_FLOWS)
		return NULL;
	if (freei == H_CWIRE_MAX_FLOWS) { /* reuse the first slot for a new connection */
		freei = 0;
		free(w->flow[0]->st.buf);
		free(w->flow[0]);
		w->flow[0] = NULL;
	}
	w->flow[freei] = calloc(1, sizeof(struct h_cwire_flow));
	if (!w->flow[freei])
		return NULL;
	w->flow[freei]->src = src;
	w->flow[freei]->dst = dst;
	w->flow[freei]->sport = sport;
	w->flow[freei]->dport = dport;
	return w->flow[freei];
}

/* Append the in-order part of a segment; a gap (a packet the socket did
 * not see) starts the stream over at the next BGP marker. */
static void h_cwire_segment(struct h_cwire_flow *f, uint32_t seq, const uint8_t *d, size_t n)
{
	uint32_t skip;

	if (!f->synced) {
		f->synced = true;
		f->next = seq;
	}
	skip = f->next - seq;
	if ((int32_t)skip < 0) { /* a hole: resynchronise */
		f->st.len = 0;
		f->st.resync = true;
		f->next = seq;
		skip = 0;
	}
	if (skip >= n)
		return;
	d += skip;
	n -= skip;
	if (f->st.len + n > H_CWIRE_BUF_MAX)
		f->st.len = 0;
	if (f->st.len + n > f->st.cap) {
		size_t c = (f->st.len + n) * 2;
		uint8_t *b = realloc(f->st.buf, c);
		if (!b)
			return;
		f->st.buf = b;
		f->st.cap = c;
	}
	memcpy(f->st.buf + f->st.len, d, n);
	f->st.len += n;
	f->next += (uint32_t)n;
}

/* k: the instance, from_nva: the direction. */
static void h_cwire_tcp(struct h_cwire *w, int k, bool from_nva, uint32_t src, uint32_t dst,
                        uint8_t ttl, const uint8_t *t, size_t len, double now)
{
	size_t off = (size_t)(t[12] >> 4) * 4;
	uint8_t flags = t[13];
	uint32_t seq = h_rd32(t + 4);
	bool syn = flags & 0x02, ack = flags & 0x10, rst = flags & 0x04;
	struct h_cwire_flow *f;
	struct h_cwire_peer *p = &w->p[k];

	if (off < 20 || off > len)
		return;
	if (from_nva) { /* every packet: a passive NVA sends no SYN */
		p->ttl = ttl;
		p->ttl_seen = true;
	}
	if (syn && !ack && from_nva) {
		p->syn++;
		if (h_cwire_has_md5(t + 20, off - 20))
			p->syn_md5++;
	} else if (syn && !ack) {
		p->syn_srv++;
	} else if (syn && ack) {
		p->conn++;
	}
	f = h_cwire_flow_get(w, src, h_rd16(t), dst, h_rd16(t + 2), syn);
	if (!f)
		return;
	if (syn) {
		f->synced = true;
		f->next = seq + 1;
		f->st.len = 0;
		f->st.resync = false;
		return;
	}
	if (rst)
		return;
	h_cwire_segment(f, seq, t + off, len - off);
	h_wmsg_drain(w, k, from_nva, &f->st, now);
}

void h_cwire_feed(struct h_cwire *w, const uint8_t *pkt, size_t len, double now)
{
	size_t ihl, tot;
	uint32_t src, dst;
	int k;
	bool from_nva;

	if (len < 20 || pkt[0] >> 4 != 4)
		return;
	ihl = (size_t)(pkt[0] & 15) * 4;
	tot = h_rd16(pkt + 2);
	if (ihl < 20 || tot < ihl || tot > len || (h_rd16(pkt + 6) & 0x3fff))
		return; /* fragments are not BGP's business */
	src = h_rd32(pkt + 12);
	dst = h_rd32(pkt + 16);
	from_nva = src == w->nva;
	if (!from_nva && dst != w->nva)
		return;
	w->packets++;
	if (pkt[9] == 17 && from_nva && tot - ihl >= 8) {
		uint16_t dport = h_rd16(pkt + ihl + 2);
		if (dport == 3784 || dport == 4784) {
			w->bfd++;
			w->bfd_ttl = pkt[8];
		}
		return;
	}
	if (pkt[9] != 6 || tot - ihl < 20)
		return;
	for (k = 0; k < 2; k++)
		if ((from_nva ? dst : src) == w->inst[k])
			break;
	if (k == 2)
		return;
	if (h_rd16(pkt + ihl) != w->port && h_rd16(pkt + ihl + 2) != w->port)
		return;
	h_cwire_tcp(w, k, from_nva, src, dst, pkt[8], pkt + ihl, tot - ihl, now);
}
