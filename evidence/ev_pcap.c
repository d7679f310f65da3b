/* ev_pcap.c: synthetic Ethernet/IPv4/TCP framing around BGP bytes, written
 * with libpcap's savefile writer. */
#include "ev_pcap.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EV_ETH_LEN         14
#define EV_IP_LEN          20
#define EV_TCP_LEN         20
#define EV_TCP_SYN_OPT_LEN 8 /* MSS (4), NOP (1), window scale (3) */
#define EV_WSCALE          7
#define EV_FRAME_MAX       (EV_ETH_LEN + EV_IP_LEN + EV_TCP_LEN + EV_TCP_SYN_OPT_LEN + EV_PCAP_MSS)

enum ev_tcp_flag {
	EV_TCP_FIN = 0x01,
	EV_TCP_SYN = 0x02,
	EV_TCP_PSH = 0x08,
	EV_TCP_ACK = 0x10,
};

struct ev_pcap {
	pcap_t *dead;
	pcap_dumper_t *dumper;
	uint64_t frames;
};

/* One segment to write: who sends it, its flags and payload. */
struct ev_seg {
	int side; /* 0 client, 1 server */
	uint8_t flags;
	const uint8_t *payload;
	size_t len;
};

static void ev_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void ev_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Ones' complement sum of 16-bit big-endian words, not yet folded. */
static uint32_t ev_sum16(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t ev_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* A locally administered MAC address made from the IPv4 address. */
static void ev_mac(uint8_t *mac, uint32_t addr)
{
	mac[0] = 0x02;
	mac[1] = 0x00;
	ev_put32(mac + 2, addr);
}

static size_t ev_write_eth(uint8_t *p, const struct ev_flow *f, int side)
{
	ev_mac(p, f->addr[!side]);
	ev_mac(p + 6, f->addr[side]);
	ev_put16(p + 12, 0x0800);
	return EV_ETH_LEN;
}

static size_t ev_write_ip(uint8_t *p, struct ev_flow *f, int side, size_t tcp_len)
{
	p[0] = 0x45;
	p[1] = 0;
	ev_put16(p + 2, (uint16_t)(EV_IP_LEN + tcp_len));
	ev_put16(p + 4, f->ip_id[side]++);
	ev_put16(p + 6, 0x4000); /* don't fragment */
	p[8] = 64;
	p[9] = 6; /* TCP */
	ev_put16(p + 10, 0);
	ev_put32(p + 12, f->addr[side]);
	ev_put32(p + 16, f->addr[!side]);
	ev_put16(p + 10, ev_fold(ev_sum16(0, p, EV_IP_LEN)));
	return EV_IP_LEN;
}

static uint16_t ev_tcp_checksum(const struct ev_flow *f, int side, const uint8_t *tcp,
                                size_t tcp_len)
{
	uint8_t pseudo[12];

	ev_put32(pseudo, f->addr[side]);
	ev_put32(pseudo + 4, f->addr[!side]);
	pseudo[8] = 0;
	pseudo[9] = 6;
	ev_put16(pseudo + 10, (uint16_t)tcp_len);
	return ev_fold(ev_sum16(ev_sum16(0, pseudo, sizeof(pseudo)), tcp, tcp_len));
}

/* The port a side shows in the file: the server is always on port 179. */
static uint16_t ev_wire_port(const struct ev_flow *f, int side)
{
	return side ? EV_BGP_PORT : f->port[0];
}

static size_t ev_write_tcp(uint8_t *p, const struct ev_flow *f, const struct ev_seg *s)
{
	size_t hdr = EV_TCP_LEN + ((s->flags & EV_TCP_SYN) ? EV_TCP_SYN_OPT_LEN : 0);
	uint32_t ack = (s->flags & EV_TCP_ACK) ? f->seq[!s->side] : 0;

	ev_put16(p, ev_wire_port(f, s->side));
	ev_put16(p + 2, ev_wire_port(f, !s->side));
	ev_put32(p + 4, f->seq[s->side]);
	ev_put32(p + 8, ack);
	p[12] = (uint8_t)((hdr / 4) << 4);
	p[13] = s->flags;
	/* Scaled by 2^EV_WSCALE once both SYNs carried the option. */
	ev_put16(p + 14, 65535);
	ev_put16(p + 16, 0);
	ev_put16(p + 18, 0);
	if (s->flags & EV_TCP_SYN) {
		p[20] = 2; /* MSS */
		p[21] = 4;
		ev_put16(p + 22, EV_PCAP_MSS);
		p[24] = 1; /* NOP */
		p[25] = 3; /* window scale */
		p[26] = 3;
		p[27] = EV_WSCALE;
	}
	if (s->len)
		memcpy(p + hdr, s->payload, s->len);
	ev_put16(p + 16, ev_tcp_checksum(f, s->side, p, hdr + s->len));
	return hdr + s->len;
}

/* Write one frame and advance the sender's sequence number. */
static void ev_emit(struct ev_pcap *p, struct ev_flow *f, const struct ev_seg *s,
                    const struct timespec *ts)
{
	uint8_t frame[EV_FRAME_MAX];
	struct pcap_pkthdr h;
	size_t off, tcp_len;

	off = ev_write_eth(frame, f, s->side);
	tcp_len = ev_write_tcp(frame + off + EV_IP_LEN, f, s);
	off += ev_write_ip(frame + off, f, s->side, tcp_len);
	off += tcp_len;

	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = ts->tv_sec;
	h.ts.tv_usec = (suseconds_t)(ts->tv_nsec / 1000);
	h.caplen = (bpf_u_int32)off;
	h.len = (bpf_u_int32)off;
	pcap_dump((u_char *)p->dumper, &h, frame);
	p->frames++;

	f->seq[s->side] += (uint32_t)s->len;
	if (s->flags & (EV_TCP_SYN | EV_TCP_FIN))
		f->seq[s->side] += 1;
}

static void ev_err(char *err, size_t errcap, const char *what, const char *detail)
{
	if (err && errcap)
		snprintf(err, errcap, "%s: %s", what, detail);
}

struct ev_pcap *ev_pcap_open(const char *path, char *err, size_t errcap)
{
	struct ev_pcap *p = calloc(1, sizeof(*p));

	if (!p) {
		ev_err(err, errcap, path, strerror(errno));
		return NULL;
	}
	p->dead = pcap_open_dead(DLT_EN10MB, 65535);
	if (!p->dead) {
		ev_err(err, errcap, path, "pcap_open_dead failed");
		free(p);
		return NULL;
	}
	p->dumper = pcap_dump_open(p->dead, path);
	if (!p->dumper) {
		ev_err(err, errcap, path, pcap_geterr(p->dead));
		pcap_close(p->dead);
		free(p);
		return NULL;
	}
	return p;
}

/* A small mixing hash for the initial sequence numbers. */
static uint32_t ev_isn(uint32_t a, uint32_t b, uint32_t salt)
{
	uint32_t h = a * 0x9e3779b1u ^ (b + salt) * 0x85ebca6bu;

	h ^= h >> 15;
	h *= 0xc2b2ae35u;
	h ^= h >> 13;
	return h;
}

void ev_flow_init(struct ev_flow *f, uint32_t client_addr, uint16_t client_port,
                  uint32_t server_addr, uint16_t server_port)
{
	uint32_t ports = (uint32_t)client_port << 16 | server_port;

	memset(f, 0, sizeof(*f));
	f->addr[0] = client_addr;
	f->addr[1] = server_addr;
	f->port[0] = client_port;
	f->port[1] = server_port;
	f->seq[0] = ev_isn(client_addr, ports, 1);
	f->seq[1] = ev_isn(server_addr, ports, 2);
	f->ip_id[0] = (uint16_t)f->seq[0];
	f->ip_id[1] = (uint16_t)f->seq[1];
	f->state = EV_FLOW_NEW;
}

int ev_pcap_open_flow(struct ev_pcap *p, struct ev_flow *f, const struct timespec *ts)
{
	struct ev_seg syn = {0, EV_TCP_SYN, NULL, 0};
	struct ev_seg synack = {1, EV_TCP_SYN | EV_TCP_ACK, NULL, 0};
	struct ev_seg ack = {0, EV_TCP_ACK, NULL, 0};

	if (f->state != EV_FLOW_NEW)
		return -1;
	ev_emit(p, f, &syn, ts);
	ev_emit(p, f, &synack, ts);
	ev_emit(p, f, &ack, ts);
	f->state = EV_FLOW_OPEN;
	return 0;
}

int ev_pcap_data(struct ev_pcap *p, struct ev_flow *f, int from_server, const struct timespec *ts,
                 const uint8_t *data, size_t len)
{
	int side = from_server ? 1 : 0;
	struct ev_seg ack = {!side, EV_TCP_ACK, NULL, 0};
	size_t off = 0;

	if (f->state == EV_FLOW_NEW && ev_pcap_open_flow(p, f, ts) < 0)
		return -1;
	if (f->state != EV_FLOW_OPEN)
		return -1;
	if (len == 0)
		return 0;
	while (off < len) {
		struct ev_seg s = {side, EV_TCP_ACK, data + off, len - off};

		if (s.len > EV_PCAP_MSS)
			s.len = EV_PCAP_MSS;
		if (off + s.len == len)
			s.flags |= EV_TCP_PSH;
		ev_emit(p, f, &s, ts);
		off += s.len;
	}
	ev_emit(p, f, &ack, ts);
	return 0;
}

int ev_pcap_close_flow(struct ev_pcap *p, struct ev_flow *f, int from_server,
                       const struct timespec *ts)
{
	int side = from_server ? 1 : 0;
	struct ev_seg fin = {side, EV_TCP_FIN | EV_TCP_ACK, NULL, 0};
	struct ev_seg finack = {!side, EV_TCP_FIN | EV_TCP_ACK, NULL, 0};
	struct ev_seg ack = {side, EV_TCP_ACK, NULL, 0};

	if (f->state != EV_FLOW_OPEN)
		return -1;
	ev_emit(p, f, &fin, ts);
	ev_emit(p, f, &finack, ts);
	ev_emit(p, f, &ack, ts);
	f->state = EV_FLOW_CLOSED;
	return 0;
}

uint64_t ev_pcap_frames(const struct ev_pcap *p)
{
	return p->frames;
}

int ev_pcap_close(struct ev_pcap *p)
{
	int rc = 0;

	if (!p)
		return 0;
	if (pcap_dump_flush(p->dumper) != 0 || ferror(pcap_dump_file(p->dumper)))
		rc = -1;
	pcap_dump_close(p->dumper);
	pcap_close(p->dead);
	free(p);
	return rc;
}
