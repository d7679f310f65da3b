/* test_certify_unit.c: the pure parts of rscert certify: its options, its
 * reading of the wire (SYN options, an OPEN split over two segments), the
 * learned-route sets it compares, its reading of the kernel's TCP table
 * (on a loopback connection of its own), and NVA-BFD judged from packets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "h_certify.h"
#include "h_certify_run.h"
#include "h_certify_wire.h"

static int parse(struct h_cert_opts *o, int n, char **words)
{
	char *argv[24] = {"rscert", "certify"};
	int i;

	for (i = 0; i < n && i < 22; i++)
		argv[i + 2] = words[i];
	h_cert_defaults(o);
	return h_cert_args(n + 2, argv, 2, o);
}

static void test_args(void **state)
{
	struct h_cert_opts o;
	char *frr[] = {"--nva", "frr", "--config", "f.conf"};
	char *eq[] = {"--nva=bird", "--config=b.conf", "--peer-asn=65002", "--no-react"};
	char *bad[] = {"--nva", "quagga", "--config", "x"};
	char *noconf[] = {"--nva", "bird"};
	char *both[] = {"--nva", "bird", "--config", "x", "--external", "--nva-addr", "1.2.3.4"};
	char *ext[] = {"--external",          "--nva-addr", "192.0.2.7", "--instances",
	               "192.0.2.4,192.0.2.5", "--port",     "1179"};
	char *nsport[] = {"--nva", "bird", "--config", "x", "--port", "1179"};
	char *nsin[] = {"--nva", "bird", "--config", "x", "--instances=10.0.254.10,10.0.254.11"};
	char *nsout[] = {"--nva", "bird", "--config", "x", "--instances", "192.0.2.4,192.0.2.5"};
	char *nssplit[] = {"--nva", "bird",        "--config",
	                   "x",     "--instances", "10.0.254.4,10.0.253.5"};
	char *nsgw[] = {"--nva", "bird", "--config", "x", "--instances", "10.0.254.1,10.0.254.5"};
	char *nsnva[] = {"--nva", "bird", "--config", "x", "--instances", "10.0.1.8,10.0.1.9"};
	char *asn[] = {"--nva", "bird", "--config", "x", "--peer-asn", "-1"};
	char *unknown[] = {"--nva", "bird", "--config", "x", "--frob"};

	(void)state;
	assert_int_equal(parse(&o, 4, frr), 0);
	assert_string_equal(o.nva, "frr");
	assert_true(o.react);
	assert_int_equal(o.peer_asn, 65001);
	assert_int_equal(o.port, 179);
	assert_int_equal(o.inst[0], 0x0a00ff04u);
	assert_int_equal(parse(&o, 4, eq), 0);
	assert_string_equal(o.config, "b.conf");
	assert_int_equal(o.peer_asn, 65002);
	assert_false(o.react);
	assert_int_equal(parse(&o, 4, bad), -1);
	assert_int_equal(parse(&o, 2, noconf), -1);
	assert_int_equal(parse(&o, 7, both), -1);
	assert_int_equal(parse(&o, 7, ext), 0);
	assert_int_equal(o.nva_addr, 0xc0000207u);
	assert_int_equal(o.inst[1], 0xc0000205u);
	assert_int_equal(o.port, 1179);
	/* the namespaces: any two hosts of one /27 of the VNet, apart from the
	 * NVA's, the VM's and on-prem subnets */
	assert_int_equal(parse(&o, 6, nsport), 0);
	assert_int_equal(o.port, 1179);
	assert_int_equal(parse(&o, 5, nsin), 0);
	assert_int_equal(o.inst[0], 0x0a00fe0au);
	assert_int_equal(parse(&o, 6, nsout), -1);
	assert_int_equal(parse(&o, 6, nssplit), -1);
	assert_int_equal(parse(&o, 6, nsgw), -1);
	assert_int_equal(parse(&o, 6, nsnva), -1);
	assert_int_equal(parse(&o, 6, asn), -1);
	assert_int_equal(parse(&o, 5, unknown), -1);
	assert_true(h_cert_adapter_known("gobgp"));
	assert_false(h_cert_adapter_known("external"));
}

/* An IPv4+TCP packet from src:sport to dst:dport. */
static size_t pkt(uint8_t *p, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
                  uint32_t seq, uint8_t flags, const uint8_t *opt, size_t olen, const uint8_t *data,
                  size_t dlen)
{
	size_t th = 20 + olen, tot = 20 + th + dlen;

	memset(p, 0, 40);
	p[0] = 0x45;
	p[2] = (uint8_t)(tot >> 8);
	p[3] = (uint8_t)tot;
	p[8] = 64;
	p[9] = 6;
	for (int i = 0; i < 4; i++) {
		p[12 + i] = (uint8_t)(src >> (24 - 8 * i));
		p[16 + i] = (uint8_t)(dst >> (24 - 8 * i));
		p[24 + i] = (uint8_t)(seq >> (24 - 8 * i));
	}
	p[20] = (uint8_t)(sport >> 8);
	p[21] = (uint8_t)sport;
	p[22] = (uint8_t)(dport >> 8);
	p[23] = (uint8_t)dport;
	p[32] = (uint8_t)((th / 4) << 4);
	p[33] = flags;
	if (olen)
		memcpy(p + 40, opt, olen);
	if (dlen)
		memcpy(p + 40 + olen, data, dlen);
	return tot;
}

static void test_wire(void **state)
{
	const uint32_t inst[2] = {0x0a00ff04u, 0x0a00ff05u}, nva = 0x0a000104u;
	static const uint8_t md5[20] = {19, 18}, nomss[4] = {2, 4, 5, 180};
	/* OPEN: version 4, AS 23456, hold 9, BGP ID 10.0.1.4, AS4 capability 65001 */
	static const uint8_t open[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	                               0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0,    37,   1,    4,
	                               0x5b, 0xa0, 0,    9,    10,   0,    1,    4,    8,    2,
	                               6,    65,   4,    0,    0,    0xfd, 0xe9};
	struct h_cwire w;
	uint8_t p[200];
	size_t n;

	(void)state;
	h_cwire_init(&w, nva, inst, 179);
	n = pkt(p, nva, 40000, inst[0], 179, 100, 0x02, md5, sizeof(md5), NULL, 0);
	h_cwire_feed(&w, p, n, 1.0);
	n = pkt(p, nva, 40001, inst[1], 179, 100, 0x02, nomss, sizeof(nomss), NULL, 0);
	h_cwire_feed(&w, p, n, 1.0);
	assert_int_equal(w.p[0].syn, 1);
	assert_int_equal(w.p[0].syn_md5, 1);
	assert_int_equal(w.p[1].syn_md5, 0);
	assert_int_equal(w.p[1].ttl, 64);
	/* the OPEN in two segments after the handshake of connection 40001 */
	n = pkt(p, inst[1], 179, nva, 40001, 500, 0x12, NULL, 0, NULL, 0);
	h_cwire_feed(&w, p, n, 1.0);
	assert_int_equal(w.p[1].conn, 1);
	n = pkt(p, nva, 40001, inst[1], 179, 101, 0x18, NULL, 0, open, 20);
	h_cwire_feed(&w, p, n, 1.1);
	assert_false(w.p[1].open);
	n = pkt(p, nva, 40001, inst[1], 179, 121, 0x18, NULL, 0, open + 20, sizeof(open) - 20);
	h_cwire_feed(&w, p, n, 1.2);
	assert_true(w.p[1].open);
	assert_int_equal(w.p[1].o.as, 65001);
	assert_int_equal(w.p[1].o.my_as, 23456);
	assert_true(w.p[1].o.as4);
	assert_int_equal(w.p[1].o.hold, 9);
	assert_int_equal(w.p[1].o.bgp_id, nva);
	assert_string_equal(w.p[1].o.caps, "as4");
	/* a retransmission is not read twice */
	h_cwire_feed(&w, p, n, 1.3);
	assert_int_equal(w.p[1].up, 0);
	/* a passive NVA: the TTL of its SYN-ACK is its TTL too */
	n = pkt(p, nva, 179, inst[0], 40100, 900, 0x12, NULL, 0, NULL, 0);
	p[8] = 1;
	h_cwire_feed(&w, p, n, 1.4);
	assert_true(w.p[0].ttl_seen);
	assert_int_equal(w.p[0].ttl, 1);
	/* a multihop BFD control packet (UDP 4784) from the NVA */
	assert_int_equal(w.bfd, 0);
	n = pkt(p, nva, 49152, inst[0], 4784, 0, 0, NULL, 0, NULL, 0);
	p[8] = 255;
	p[9] = 17;
	h_cwire_feed(&w, p, n, 1.5);
	assert_int_equal(w.bfd, 1);
	assert_int_equal(w.bfd_ttl, 255);
	h_cwire_close(&w);
}

/* Feed one packet built by pkt() with another TTL and protocol. */
static void feed(struct h_cwire *w, uint8_t *p, size_t n, uint8_t ttl, uint8_t proto)
{
	p[8] = ttl;
	p[9] = proto;
	h_cwire_feed(w, p, n, 1.0);
}

/* NVA-BFD flips on what the NVA does: BFD packets and no BGP at all fail
 * it (NVA-TCP is then BLOCKED); the same packets beside a BGP attempt
 * pass it, and the failure is judged further on (here NVA-OPEN). No
 * server is asked: every requirement that would is blocked. */
static void test_bfd_verdict(void **state)
{
	struct h_cert_opts o;
	struct h_cert_run *r = calloc(1, sizeof(*r));
	uint8_t p[100];
	size_t n;

	(void)state;
	assert_non_null(r);
	h_cert_defaults(&o);
	o.external = true;
	o.nva_addr = 0x7f00000au;
	r->o = &o;
	h_cwire_init(&r->wire, o.nva_addr, o.inst, o.port);
	h_cert_req_init(r);
	n = pkt(p, o.nva_addr, 49152, o.inst[0], 4784, 0, 0, NULL, 0, NULL, 0);
	feed(&r->wire, p, n, 255, 17);
	h_cert_check_session(r);
	assert_int_equal(r->req[H_REQ_BFD].v, H_CERT_FAIL);
	assert_non_null(strstr(r->req[H_REQ_BFD].fix, "do not make the sessions wait for BFD"));
	assert_int_equal(r->req[H_REQ_TCP].v, H_CERT_BLOCKED);
	assert_int_equal(r->req[H_REQ_BOTH].v, H_CERT_BLOCKED);
	/* the NVA tries BGP too (a SYN), but sends no OPEN */
	n = pkt(p, o.nva_addr, 40000, o.inst[0], 179, 100, 0x02, NULL, 0, NULL, 0);
	feed(&r->wire, p, n, 64, 6);
	h_cert_req_init(r);
	h_cert_check_session(r);
	assert_int_equal(r->req[H_REQ_BFD].v, H_CERT_PASS);
	assert_int_equal(r->req[H_REQ_TCP].v, H_CERT_PASS);
	assert_int_equal(r->req[H_REQ_OPEN].v, H_CERT_FAIL);
	assert_non_null(strstr(r->req[H_REQ_OPEN].evidence, "TTL 64"));
	h_cwire_close(&r->wire);
	free(r);
}

static void test_learned_set_sorted(void **state)
{
	json_t *j = json_loads("{\"RouteServiceRole_IN_0\": ["
	                       "{\"network\": \"10.100.1.0/24\", \"asPath\": \"65001\"},"
	                       "{\"network\": \"10.100.0.0/24\", \"asPath\": \"65001-65001\"}],"
	                       "\"RouteServiceRole_IN_1\": []}",
	                       0, NULL);
	size_t n;
	char *s0, *s1;

	(void)state;
	assert_non_null(j);
	s0 = h_cert_learned_set(j, 0, &n);
	assert_int_equal(n, 2);
	assert_string_equal(s0, "10.100.0.0/24 65001-65001\n10.100.1.0/24 65001\n");
	s1 = h_cert_learned_set(j, 1, &n);
	assert_int_equal(n, 0);
	assert_string_equal(s1, "");
	free(s0);
	free(s1);
	json_decref(j);
}

/* NVA-IDENTICAL judges the sets of the settled window, so a session that
 * dropped and came back without its routes yet (a flap after the window:
 * no static route) is no difference; a difference in the settled sets
 * is, whatever the tables hold later. */
static void test_identical_settled(void **state)
{
	struct h_cert_opts o;
	struct h_cert_run *r = calloc(1, sizeof(*r));
	struct h_cert_sess s;
	char *cur[2] = {"", "10.100.0.0/24 65001\n"};
	size_t n[2] = {0, 1};

	(void)state;
	assert_non_null(r);
	h_cert_defaults(&o);
	r->o = &o;
	memset(&s, 0, sizeof(s));
	s.up[0] = s.up[1] = true; /* IN_0 back up, its table still empty */
	h_cert_req_init(r);
	h_cert_judge_identical(r, &s, cur, n);
	assert_int_equal(r->req[H_REQ_IDENTICAL].v, H_CERT_FAIL); /* no snapshot */
	r->stable_set[0] = strdup("10.100.0.0/24 65001\n");
	r->stable_set[1] = strdup("10.100.0.0/24 65001\n");
	r->stable_n[0] = r->stable_n[1] = 1;
	h_cert_req_init(r);
	h_cert_judge_identical(r, &s, cur, n);
	assert_int_equal(r->req[H_REQ_IDENTICAL].v, H_CERT_PASS);
	assert_non_null(strstr(r->req[H_REQ_IDENTICAL].evidence, "1 routes on each instance"));
	free(r->stable_set[1]);
	r->stable_set[1] = strdup("10.100.0.0/24 65001-65001\n"); /* prepended to IN_1 only */
	h_cert_req_init(r);
	h_cert_judge_identical(r, &s, cur, n);
	assert_int_equal(r->req[H_REQ_IDENTICAL].v, H_CERT_FAIL);
	assert_non_null(
	    strstr(r->req[H_REQ_IDENTICAL].evidence, "only IN_0 has: 10.100.0.0/24 65001"));
	/* no snapshot: each instance's fullest table while its session was up,
	 * whether it is down now or back up and still empty */
	h_cert_free_sets(r);
	r->up_set[0] = strdup("10.100.0.0/24 65001\n");
	r->up_set_n[0] = 1;
	for (int up = 0; up < 2; up++) {
		s.up[0] = up;
		h_cert_req_init(r);
		h_cert_judge_identical(r, &s, cur, n);
		assert_int_equal(r->req[H_REQ_IDENTICAL].v, H_CERT_PASS);
		assert_non_null(strstr(r->req[H_REQ_IDENTICAL].evidence, "fullest table"));
	}
	/* IN_0 never seen holding what the NVA announced to it: not judged */
	h_cert_free_sets(r);
	r->wire.p[0].max_prefix = 1;
	h_cert_req_init(r);
	h_cert_judge_identical(r, &s, cur, n);
	assert_int_equal(r->req[H_REQ_IDENTICAL].v, H_CERT_SKIP);
	assert_non_null(strstr(r->req[H_REQ_IDENTICAL].evidence, "IN_0 was never seen holding"));
	h_cert_free_sets(r);
	free(r);
}

static int bound(uint32_t addr, struct sockaddr_in *sa)
{
	socklen_t sl = sizeof(*sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_addr.s_addr = htonl(addr);
	if (fd < 0 || bind(fd, (struct sockaddr *)sa, sizeof(*sa)) ||
	    getsockname(fd, (struct sockaddr *)sa, &sl)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void test_tcp_table(void **state)
{
	const uint32_t srv = 0x7ffe0004u, cli = 0x7ffe0101u; /* 127.254.0.4, 127.254.1.1 */
	struct sockaddr_in ls, cs;
	struct h_cert_conn c[H_CERT_MAX_CONN];
	int l = bound(srv, &ls), k = bound(cli, &cs), a;
	size_t n;

	(void)state;
	assert_true(l >= 0 && k >= 0);
	assert_int_equal(listen(l, 1), 0);
	assert_int_equal(connect(k, (struct sockaddr *)&ls, sizeof(ls)), 0);
	a = accept(l, NULL, NULL);
	assert_true(a >= 0);
	n = h_cert_tcp_established(srv, cli, c, H_CERT_MAX_CONN);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].lport, ntohs(ls.sin_port));
	assert_int_equal(c[0].rport, ntohs(cs.sin_port));
	assert_true(h_cert_tcp_alive(srv, cli, &c[0]));
	/* the other direction is the client's socket, not the server's */
	assert_int_equal(h_cert_tcp_established(cli, srv, c + 1, 1), 1);
	assert_int_equal(c[1].lport, ntohs(cs.sin_port));
	close(k); /* the server's side goes to CLOSE_WAIT */
	assert_false(h_cert_tcp_alive(srv, cli, &c[0]));
	assert_int_equal(h_cert_tcp_established(srv, cli, c, H_CERT_MAX_CONN), 0);
	close(a);
	close(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_args),
	    cmocka_unit_test(test_wire),
	    cmocka_unit_test(test_bfd_verdict),
	    cmocka_unit_test(test_learned_set_sorted),
	    cmocka_unit_test(test_identical_settled),
	    cmocka_unit_test(test_tcp_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
