/* Write flows with ev_pcap, read the file back with libpcap and check the
 * framing: checksums, handshake, sequence/ack continuity, payload. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include "ev_pcap.h"

#define CLIENT_A 0x7f000102u /* 127.0.1.2 */
#define SERVER_A 0x7f000001u /* 127.0.0.1 */
#define CLIENT_B 0x7f000103u

struct parsed {
	uint32_t src, dst;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	const uint8_t *payload;
	size_t len;
	int ip_ok, tcp_ok;
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t sum16(uint32_t s, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += get16(p + i);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static int folds_to_zero(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s == 0xffff;
}

static void parse(const struct pcap_pkthdr *h, const uint8_t *f, struct parsed *out)
{
	const uint8_t *ip = f + 14, *tcp;
	size_t iplen, thl;
	uint8_t pseudo[12];

	assert_true(h->caplen == h->len);
	assert_true(h->caplen >= 54);
	assert_int_equal(get16(f + 12), 0x0800);
	assert_int_equal(ip[0], 0x45);
	assert_int_equal(ip[9], 6);
	iplen = get16(ip + 2);
	assert_int_equal(iplen + 14, h->caplen);
	tcp = ip + 20;
	thl = (size_t)(tcp[12] >> 4) * 4;
	out->src = get32(ip + 12);
	out->dst = get32(ip + 16);
	out->sport = get16(tcp);
	out->dport = get16(tcp + 2);
	out->seq = get32(tcp + 4);
	out->ack = get32(tcp + 8);
	out->flags = tcp[13];
	out->payload = tcp + thl;
	out->len = iplen - 20 - thl;
	out->ip_ok = folds_to_zero(sum16(0, ip, 20));
	memcpy(pseudo, ip + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = 6;
	pseudo[10] = (uint8_t)((iplen - 20) >> 8);
	pseudo[11] = (uint8_t)(iplen - 20);
	out->tcp_ok = folds_to_zero(sum16(sum16(0, pseudo, 12), tcp, iplen - 20));
}

static char *tmp_path(void)
{
	char *p = strdup("ev_pcap_XXXXXX");
	int fd = mkstemp(p);

	assert_true(fd >= 0);
	close(fd);
	return p;
}

static void fill(uint8_t *b, size_t n, uint8_t salt)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(i * 7 + salt);
}

/* Tracks one flow while reading back: expected next seq per side and the
 * bytes each side sent. */
struct track {
	uint32_t addr[2];
	uint16_t port[2];
	uint32_t next[2];
	int synced[2];
	uint8_t data[2][16384];
	size_t got[2];
	int fins[2];
	int frames;
};

static void track_frame(struct track *t, const struct parsed *p)
{
	int side = p->src == t->addr[1] && p->sport == t->port[1];

	assert_true(p->ip_ok);
	assert_true(p->tcp_ok);
	assert_int_equal(p->src, t->addr[side]);
	assert_int_equal(p->dst, t->addr[!side]);
	assert_int_equal(p->dport, t->port[!side]);
	if (t->frames == 0)
		assert_int_equal(p->flags, 0x02); /* SYN */
	if (t->frames == 1)
		assert_int_equal(p->flags, 0x12); /* SYN-ACK */
	if (t->frames == 2)
		assert_int_equal(p->flags, 0x10); /* ACK */
	if (p->flags & 0x02) {
		assert_false(t->synced[side]);
		t->synced[side] = 1;
		t->next[side] = p->seq;
	}
	assert_true(t->synced[side]);
	assert_int_equal(p->seq, t->next[side]);
	if (p->flags & 0x10)
		assert_int_equal(p->ack, t->next[!side] + 0u);
	assert_true(p->len <= EV_PCAP_MSS);
	assert_true(t->got[side] + p->len <= sizeof(t->data[side]));
	memcpy(t->data[side] + t->got[side], p->payload, p->len);
	t->got[side] += p->len;
	t->next[side] += (uint32_t)p->len + ((p->flags & 0x03) ? 1u : 0u);
	if (p->flags & 0x01)
		t->fins[side]++;
	t->frames++;
}

static void test_two_flows_read_back(void **state)
{
	static uint8_t open_msg[29], big[4000], reply[19], other[100];
	char *path = tmp_path();
	char err[256], perr[PCAP_ERRBUF_SIZE];
	struct timespec ts = {1700000000, 5000000};
	struct ev_flow a, b;
	struct ev_pcap *p;
	struct track ta, tb;
	struct pcap_pkthdr *h;
	const uint8_t *frame;
	pcap_t *in;
	int rc;

	(void)state;
	fill(open_msg, sizeof(open_msg), 1);
	fill(big, sizeof(big), 2);
	fill(reply, sizeof(reply), 3);
	fill(other, sizeof(other), 4);
	p = ev_pcap_open(path, err, sizeof(err));
	assert_non_null(p);
	ev_flow_init(&a, CLIENT_A, 40001, SERVER_A, EV_BGP_PORT);
	/* a server on another port still shows as port 179 */
	ev_flow_init(&b, CLIENT_B, 40002, SERVER_A, 1179);
	assert_int_equal(b.port[1], 1179);
	assert_int_equal(ev_pcap_open_flow(p, &a, &ts), 0);
	assert_int_equal(ev_pcap_open_flow(p, &a, &ts), -1); /* already open */
	assert_int_equal(ev_pcap_data(p, &a, 0, &ts, open_msg, sizeof(open_msg)), 0);
	assert_int_equal(ev_pcap_data(p, &b, 1, &ts, other, sizeof(other)), 0); /* opens b */
	ts.tv_nsec += 1000000;
	assert_int_equal(ev_pcap_data(p, &a, 1, &ts, big, sizeof(big)), 0);
	assert_int_equal(ev_pcap_data(p, &a, 0, &ts, reply, sizeof(reply)), 0);
	assert_int_equal(ev_pcap_close_flow(p, &a, 0, &ts), 0);
	assert_int_equal(ev_pcap_close_flow(p, &a, 0, &ts), -1);
	assert_int_equal(ev_pcap_data(p, &a, 0, &ts, reply, sizeof(reply)), -1);
	/* a: 3 handshake + (1+1) + (3+1) + (1+1) + 3 FIN = 14; b: 3 + 1 + 1 = 5 */
	assert_int_equal(ev_pcap_frames(p), 19);
	assert_int_equal(ev_pcap_close(p), 0);

	in = pcap_open_offline(path, perr);
	assert_non_null(in);
	assert_int_equal(pcap_datalink(in), DLT_EN10MB);
	memset(&ta, 0, sizeof(ta));
	memset(&tb, 0, sizeof(tb));
	ta.addr[0] = CLIENT_A, ta.addr[1] = SERVER_A, ta.port[0] = 40001, ta.port[1] = 179;
	tb.addr[0] = CLIENT_B, tb.addr[1] = SERVER_A, tb.port[0] = 40002, tb.port[1] = 179;
	while ((rc = pcap_next_ex(in, &h, &frame)) == 1) {
		struct parsed pp;

		parse(h, frame, &pp);
		if (pp.src == CLIENT_B || pp.dst == CLIENT_B)
			track_frame(&tb, &pp);
		else
			track_frame(&ta, &pp);
		assert_true(h->ts.tv_sec == 1700000000);
	}
	assert_int_equal(rc, PCAP_ERROR_BREAK);
	pcap_close(in);

	assert_int_equal(ta.frames, 14);
	assert_int_equal(tb.frames, 5);
	assert_int_equal(ta.got[0], sizeof(open_msg) + sizeof(reply));
	assert_memory_equal(ta.data[0], open_msg, sizeof(open_msg));
	assert_memory_equal(ta.data[0] + sizeof(open_msg), reply, sizeof(reply));
	assert_int_equal(ta.got[1], sizeof(big));
	assert_memory_equal(ta.data[1], big, sizeof(big));
	assert_int_equal(ta.fins[0], 1);
	assert_int_equal(ta.fins[1], 1);
	assert_int_equal(tb.got[1], sizeof(other));
	assert_memory_equal(tb.data[1], other, sizeof(other));
	assert_int_equal(tb.fins[0] + tb.fins[1], 0);
	unlink(path);
	free(path);
}

static void test_same_session_same_bytes(void **state)
{
	struct ev_flow a, b;

	(void)state;
	ev_flow_init(&a, CLIENT_A, 40001, SERVER_A, EV_BGP_PORT);
	ev_flow_init(&b, CLIENT_A, 40001, SERVER_A, EV_BGP_PORT);
	assert_memory_equal(&a, &b, sizeof(a));
	ev_flow_init(&b, CLIENT_A, 40003, SERVER_A, EV_BGP_PORT);
	assert_true(a.seq[0] != b.seq[0]);
}

static void test_open_bad_path(void **state)
{
	char err[256] = "";

	(void)state;
	assert_null(ev_pcap_open("no-such-dir/x/y.pcap", err, sizeof(err)));
	assert_non_null(strstr(err, "no-such-dir"));
	assert_int_equal(ev_pcap_close(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_two_flows_read_back),
	    cmocka_unit_test(test_same_session_same_bytes),
	    cmocka_unit_test(test_open_bad_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
