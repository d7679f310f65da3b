/* test_h_nva_store.c: the fake NVA's received-message store, through its
 * query API only: a server played by the test on loopback sends OPEN,
 * KEEPALIVE and UPDATEs; the per-message hook sees each one decoded, with
 * its bytes, its session and the state it arrived in; a received route keeps
 * every path attribute, an unknown one with its flags too, and stays
 * readable after the route is withdrawn. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "bgp_buf.h"
#include "bgp_codec.h"
#include "h_case.h"
#include "h_nva.h"
#include "h_wire.h"

#define A(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (d))
#define DEADLINE      10.0 /* seconds; the loopback answers in microseconds */

static const char *const case_text =
    "id T-STORE\n"
    "level MUST\n"
    "title the store\n"
    "requirement r\n"
    "nva nva1 asn 65001 address 10.0.1.4 subnet 10.0.1.0/24 gateway 10.0.1.1 peers IN_0\n"
    "connect nva1\n"; /* the test drives the NVA itself */

static struct h_case c;

/* What the hook saw. */
struct seen {
	size_t n;
	uint8_t type[8];
	enum h_sess_state state[8];
	const struct h_rx *rx[8];
	char nva[8][16];
	int inst[8];
	bool raw_ok[8]; /* the bytes are the message the codec decoded */
};

static void hook(void *arg, const struct h_sess *s, const struct h_rx *r)
{
	struct seen *z = arg;

	if (z->n == 8)
		return;
	z->type[z->n] = r->type;
	z->state[z->n] = h_sess_state(s);
	z->rx[z->n] = r;
	snprintf(z->nva[z->n], sizeof(z->nva[0]), "%s", h_sess_nva_name(s));
	z->inst[z->n] = h_sess_inst(s);
	z->raw_ok[z->n] = r->msg && r->raw && r->len == r->msg->len && r->raw[18] == r->type;
	z->n++;
}

/* The world runs until the hook has seen n messages; false at the deadline. */
static bool run_until_seen(struct h_world *w, const struct seen *z, size_t n)
{
	double end = h_world_now(w) + DEADLINE;

	while (z->n < n && h_world_now(w) < end)
		h_world_step(w, h_world_now(w) + 0.05);
	return z->n >= n;
}

static int listen_loopback(uint16_t *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(A(127, 0, 0, 1))};
	socklen_t l = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 1), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &l), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void send_all(int fd, const uint8_t *b, size_t n)
{
	assert_true(n > 0);
	assert_int_equal(send(fd, b, n, 0), (ssize_t)n);
}

/* An UPDATE for 10.1.0.0/16 with ORIGIN, AS_PATH, NEXT_HOP, COMMUNITIES and
 * an unknown optional transitive attribute (type 99). */
static size_t build_update(uint8_t *out, size_t cap)
{
	static const uint8_t origin = 0, nlri[] = {16, 10, 1};
	uint8_t nh[4] = {10, 0, 255, 4}, comm[4] = {0xFD, 0xE9, 0, 7}; /* 65001:7 */
	uint8_t pb[64], ab[256];
	struct bgp_wbuf path, attrs;

	bgp_wb_init(&path, pb, sizeof(pb));
	bgp_wb_init(&attrs, ab, sizeof(ab));
	assert_int_equal(h_wire_as_path("65515 65002", true, &path), 0);
	h_wire_attr(&attrs, 0x40, BGP_ATTR_ORIGIN, &origin, 1);
	h_wire_attr(&attrs, 0x40, BGP_ATTR_AS_PATH, pb, path.off);
	h_wire_attr(&attrs, 0x40, BGP_ATTR_NEXT_HOP, nh, 4);
	h_wire_attr(&attrs, 0xC0, BGP_ATTR_COMMUNITIES, comm, 4);
	h_wire_attr(&attrs, 0xC0, 99, "abc", 3);
	assert_false(path.err || attrs.err);
	return h_wire_update(NULL, 0, ab, attrs.off, nlri, sizeof(nlri), out, cap);
}

static size_t build_withdraw(uint8_t *out, size_t cap)
{
	static const uint8_t wd[] = {16, 10, 1};

	return h_wire_update(wd, sizeof(wd), NULL, 0, NULL, 0, out, cap);
}

static void check_route(const struct h_route *r)
{
	const struct bgp_attrs *a = h_route_attrs(r);
	char path[64], nh[16];

	h_route_path(r, path, sizeof(path));
	h_route_next_hop_text(r, nh, sizeof(nh));
	assert_string_equal(path, "65515 65002");
	assert_string_equal(nh, "10.0.255.4");
	assert_int_equal(h_route_origin(r), 0);
	assert_true(h_route_has_community(r, BGP_COMMUNITY(65001, 7)));
	assert_false(h_route_has_community(r, BGP_COMMUNITY(65001, 8)));
	assert_int_equal(a->flags[BGP_ATTR_COMMUNITIES], 0xC0);
	assert_int_equal(a->nunknown, 1);
	assert_int_equal(a->unknown[0].type, 99);
	assert_int_equal(a->unknown[0].flags, 0xC0);
	assert_int_equal(a->unknown[0].len, 3);
	assert_memory_equal(a->unknown[0].data, "abc", 3);
}

/* The test plays IN_0: OPEN, KEEPALIVE, then the UPDATE and its withdrawal. */
static void play_server(struct h_world *w, int fd, struct seen *z)
{
	struct h_wctx srv = {.asn = 65515,
	                     .router_id = A(10, 0, 255, 4),
	                     .hold = 180,
	                     .caps = H_CAP_MP | H_CAP_RR | H_CAP_AS4};
	uint8_t b[H_WIRE_MAX];

	send_all(fd, b, h_wire_open(&srv, b, sizeof(b)));
	send_all(fd, b, h_wire_keepalive(b, sizeof(b)));
	assert_true(run_until_seen(w, z, 2));
	send_all(fd, b, build_update(b, sizeof(b)));
	assert_true(run_until_seen(w, z, 3));
}

static void test_hook_and_attributes(void **state)
{
	struct h_world_cfg cfg = {.src_base = A(127, 0, 0, 0),
	                          .listen = {A(127, 0, 0, 1), A(127, 0, 0, 1)},
	                          .inst_addr = {A(10, 0, 255, 4), A(10, 0, 255, 5)},
	                          .scale = 1.0};
	struct seen z = {0};
	struct bgp_prefix first, p;
	const struct h_route *r;
	const struct h_sess *s;
	struct h_world *w;
	char err[128];
	uint8_t b[H_WIRE_MAX];
	int lfd, fd;

	(void)state;
	if (h_case_parse("t.case", case_text, &c))
		fail_msg("%s", c.error);
	lfd = listen_loopback(&cfg.port);
	w = h_world_new(&c, &cfg, err, sizeof(err));
	assert_non_null(w);
	assert_int_equal(h_world_add_rx_hook(w, hook, &z), 0);
	assert_int_equal(h_nva_connect(w, 0, 1, false), 0);
	fd = accept(lfd, NULL, NULL);
	assert_true(fd >= 0);
	play_server(w, fd, &z);

	/* every message went through the hook, in order, with its context */
	assert_int_equal(z.n, 3);
	assert_int_equal(z.type[0], BGP_OPEN);
	assert_int_equal(z.type[1], BGP_KEEPALIVE);
	assert_int_equal(z.type[2], BGP_UPDATE);
	assert_int_equal(z.state[1], H_SS_OPENCONFIRM); /* before the NVA acted on it */
	assert_int_equal(z.state[2], H_SS_ESTABLISHED);
	assert_string_equal(z.nva[2], "nva1");
	assert_int_equal(z.inst[2], 0);
	assert_true(z.raw_ok[0] && z.raw_ok[1] && z.raw_ok[2]);
	assert_true(z.rx[2]->ctx.as4);

	/* the route keeps every attribute of the UPDATE that carried it */
	s = h_world_sess(w, 0, 0);
	assert_int_equal(h_sess_nrx(s), 3);
	assert_ptr_equal(h_sess_rx(s, 2), z.rx[2]);
	bgp_parse_prefix("10.1.0.0/16", &first);
	r = h_sess_route_nth(s, &first, 0, &p);
	assert_non_null(r);
	assert_true(h_route_present(r));
	assert_int_equal(h_route_heard(r), 1);
	assert_ptr_equal(h_route_rx(r), z.rx[2]);
	check_route(r);
	assert_null(h_sess_route_nth(s, &first, 1, &p)); /* 10.2.0.0/16: never sent */

	/* withdrawn: no longer present, but what was heard stays readable */
	send_all(fd, b, build_withdraw(b, sizeof(b)));
	assert_true(run_until_seen(w, &z, 4));
	r = h_sess_route_nth(s, &first, 0, &p);
	assert_non_null(r);
	assert_false(h_route_present(r));
	check_route(r);
	assert_int_equal(h_sess_rx(s, 3)->nwithdrawn, 1);

	h_world_free(w);
	h_case_free(&c);
	close(fd);
	close(lfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hook_and_attributes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
