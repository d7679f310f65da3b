/* test_rsd_session.c: the session FSM in-process, without the network: a
 * daemon built from a temporary configuration, each connection one end of
 * a socketpair handed to rsd_session_accept, the loop stepped by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "rsd_daemon.h"

struct fx {
	struct rsd_daemon d;
	char dir[64];
	char cfg[96];
	int peer; /* our end of the socketpair */
	uint8_t buf[65536];
	size_t len;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/rsd-sess-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->cfg, sizeof(f->cfg), "%s/rs.conf", f->dir);
	FILE *c = fopen(f->cfg, "w");
	fprintf(c, "subnet 10.0.255.0/27\ninstance 0 10.0.255.4 listen 127.0.0.4\n"
	           "instance 1 10.0.255.5 listen 127.0.0.5\nvnet 10.0.0.0/16\n"
	           "peer nva1 127.0.1.1 asn 65001\ntime-scale 0.005\nlog /dev/null\n");
	fclose(c);
	char err[512];
	assert_int_equal(rsd_daemon_init(&f->d, f->cfg, err, sizeof(err)), 0);
	assert_int_equal(rsd_log_open(&f->d.log, "/dev/null"), 0);
	f->peer = -1;
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	if (f->peer >= 0)
		close(f->peer);
	rsd_daemon_free(&f->d);
	unlink(f->cfg);
	rmdir(f->dir);
	free(f);
	return 0;
}

static struct rsd_session *fx_sess(struct fx *f)
{
	return &f->d.peers[0].sess[0];
}

/* Hand one end of a new socketpair to the session; keep the other. */
static int fx_connect(struct fx *f)
{
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
	rsd_session_accept(fx_sess(f), sv[0]);
	f->len = 0;
	return sv[1];
}

static void fx_step(struct fx *f, int ms)
{
	uint64_t end = rsd_now_ms() + (uint64_t)ms;
	do {
		rsd_loop_once(&f->d.loop, 5);
		rsd_export_flush(&f->d);
		rsd_daemon_reap(&f->d);
	} while (rsd_now_ms() < end);
}

static void fx_send(int fd, const uint8_t *m, size_t n)
{
	assert_int_equal(send(fd, m, n, MSG_NOSIGNAL), (ssize_t)n);
}

static void fx_open(int fd, uint16_t hold)
{
	uint8_t m[] = {0xff,
	               0xff,
	               0xff,
	               0xff,
	               0xff,
	               0xff,
	               0xff,
	               0xff,
	               0xff,
	               0xff,
	               0xff,
	               0xff,
	               0xff,
	               0xff,
	               0xff,
	               0xff,
	               0,
	               29,
	               1,
	               4,
	               0xfd,
	               0xe9,
	               (uint8_t)(hold >> 8),
	               (uint8_t)hold,
	               127,
	               0,
	               1,
	               1,
	               0};
	fx_send(fd, m, sizeof(m));
}

static void fx_keepalive(int fd)
{
	uint8_t m[19];
	fx_send(fd, m, bgp_encode_keepalive(m, sizeof(m)));
}

/* What the daemon sent on fd: message types in order, the last
 * NOTIFICATION's code/subcode, whether it closed. */
struct fx_seen {
	int types[64];
	int n;
	uint8_t code, sub;
	bool eof;
};

static void fx_parse(struct fx *f, size_t len, struct fx_seen *s)
{
	size_t off = 0;
	s->n = 0;
	while (off + 19 <= len && s->n < 64) {
		size_t ml = (size_t)f->buf[off + 16] << 8 | f->buf[off + 17];
		if (ml < 19 || off + ml > len)
			break;
		s->types[s->n++] = f->buf[off + 18];
		if (f->buf[off + 18] == BGP_NOTIFICATION && ml >= 21) {
			s->code = f->buf[off + 19];
			s->sub = f->buf[off + 20];
		}
		off += ml;
	}
}

/* Step the loop and read from fd until `until` messages of type `type`
 * arrived (type 0: until the peer closes), or ms have passed. */
static void fx_collect_until(struct fx *f, int fd, int ms, int type, int until, struct fx_seen *s)
{
	memset(s, 0, sizeof(*s));
	uint64_t end = rsd_now_ms() + (uint64_t)ms;
	size_t len = 0;
	for (;;) {
		fx_step(f, 2);
		ssize_t k = recv(fd, f->buf + len, sizeof(f->buf) - len, MSG_DONTWAIT);
		if (k == 0)
			s->eof = true;
		if (k > 0)
			len += (size_t)k;
		fx_parse(f, len, s);
		int seen = 0;
		for (int i = 0; i < s->n; i++)
			seen += s->types[i] == type;
		if (s->eof || (type && seen >= until) || rsd_now_ms() >= end)
			break;
	}
}

/* Everything within ms. */
static void fx_collect(struct fx *f, int fd, int ms, struct fx_seen *s)
{
	fx_collect_until(f, fd, ms, -1, 1, s);
}

static bool fx_has(const struct fx_seen *s, int type)
{
	for (int i = 0; i < s->n; i++)
		if (s->types[i] == type)
			return true;
	return false;
}

static void test_open_to_established(void **state)
{
	struct fx *f = *state;
	f->peer = fx_connect(f);
	assert_int_equal(rsd_session_state(fx_sess(f)), RSD_OPENSENT);
	fx_open(f->peer, 0);
	struct fx_seen s;
	fx_collect_until(f, f->peer, 3000, BGP_KEEPALIVE, 1, &s);
	assert_true(s.n >= 2);
	assert_int_equal(s.types[0], BGP_OPEN);
	assert_int_equal(s.types[1], BGP_KEEPALIVE);
	assert_int_equal(rsd_session_state(fx_sess(f)), RSD_OPENCONFIRM);
	fx_keepalive(f->peer);
	fx_collect_until(f, f->peer, 3000, BGP_UPDATE, 2, &s);
	assert_int_equal(rsd_session_state(fx_sess(f)), RSD_ESTABLISHED);
	/* the VNet route then End-of-RIB */
	assert_true(s.n >= 2);
	assert_int_equal(s.types[0], BGP_UPDATE);
	assert_int_equal(s.types[s.n - 1], BGP_UPDATE);
	assert_int_equal(fx_sess(f)->est->hold, 0);
}

static void test_keepalive_in_opensent(void **state)
{
	struct fx *f = *state;
	f->peer = fx_connect(f);
	fx_keepalive(f->peer);
	struct fx_seen s;
	fx_collect_until(f, f->peer, 3000, 0, 0, &s);
	assert_true(fx_has(&s, BGP_NOTIFICATION));
	assert_int_equal(s.code, BGP_ERR_FSM);
	assert_int_equal(s.sub, 1);
	assert_true(rsd_session_state(fx_sess(f)) < RSD_OPENSENT);
}

static void test_update_in_openconfirm(void **state)
{
	struct fx *f = *state;
	f->peer = fx_connect(f);
	fx_open(f->peer, 0);
	struct fx_seen s;
	fx_collect_until(f, f->peer, 3000, BGP_KEEPALIVE, 1, &s);
	uint8_t eor[32];
	fx_send(f->peer, eor, bgp_encode_eor(BGP_AFI_IPV4, BGP_SAFI_UNICAST, eor, sizeof(eor)));
	fx_collect_until(f, f->peer, 3000, 0, 0, &s);
	assert_int_equal(s.code, BGP_ERR_FSM);
	assert_int_equal(s.sub, 2);
}

static void test_open_in_established(void **state)
{
	struct fx *f = *state;
	f->peer = fx_connect(f);
	fx_open(f->peer, 0);
	fx_keepalive(f->peer);
	struct fx_seen s;
	fx_collect_until(f, f->peer, 3000, BGP_UPDATE, 2, &s);
	assert_int_equal(rsd_session_state(fx_sess(f)), RSD_ESTABLISHED);
	fx_open(f->peer, 0);
	fx_collect_until(f, f->peer, 3000, 0, 0, &s);
	assert_int_equal(s.code, BGP_ERR_FSM);
	assert_int_equal(s.sub, 3);
	assert_null(fx_sess(f)->est);
}

static void test_notification_received(void **state)
{
	struct fx *f = *state;
	f->peer = fx_connect(f);
	fx_open(f->peer, 0);
	fx_keepalive(f->peer);
	struct fx_seen s;
	fx_collect_until(f, f->peer, 3000, BGP_UPDATE, 2, &s);
	uint8_t n[32];
	fx_send(f->peer, n,
	        bgp_encode_notification(BGP_ERR_CEASE, BGP_CEASE_ADMIN_SHUTDOWN, NULL, 0, n,
	                                sizeof(n)));
	fx_collect_until(f, f->peer, 3000, 0, 0, &s);
	assert_true(s.eof);
	assert_null(fx_sess(f)->est);
	/* back to Active, or already Connect when the retry fired */
	enum rsd_state st = rsd_session_state(fx_sess(f));
	assert_true(st == RSD_ACTIVE || st == RSD_CONNECT);
	assert_non_null(strstr(fx_sess(f)->last_error, "Administrative Shutdown"));
}

/* hold 180 at scale 0.005 = 900 ms, keepalive 300 ms: while we send
 * keepalives the session stays; once we fall silent, 4/0. */
static void test_hold_timer(void **state)
{
	struct fx *f = *state;
	f->peer = fx_connect(f);
	fx_open(f->peer, 180);
	fx_keepalive(f->peer);
	struct fx_seen s;
	int kas = 0;
	for (int i = 0; i < 25; i++) {
		fx_keepalive(f->peer);
		fx_collect(f, f->peer, 40, &s);
		for (int k = 0; k < s.n; k++)
			kas += s.types[k] == BGP_KEEPALIVE;
	}
	assert_int_equal(rsd_session_state(fx_sess(f)), RSD_ESTABLISHED);
	assert_int_equal(fx_sess(f)->est->hold, 180);
	assert_int_equal(fx_sess(f)->est->keepalive, 60);
	assert_true(kas >= 3); /* 1 s at one per 300 ms, plus OpenConfirm's */
	/* now fall silent */
	fx_collect_until(f, f->peer, 3000, BGP_NOTIFICATION, 1, &s);
	assert_true(fx_has(&s, BGP_NOTIFICATION));
	assert_int_equal(s.code, BGP_ERR_HOLD);
	assert_int_equal(s.sub, 0);
}

static void test_collision_with_established(void **state)
{
	struct fx *f = *state;
	f->peer = fx_connect(f);
	fx_open(f->peer, 0);
	fx_keepalive(f->peer);
	struct fx_seen s;
	fx_collect_until(f, f->peer, 3000, BGP_UPDATE, 2, &s);
	struct rsd_conn *est = fx_sess(f)->est;
	assert_non_null(est);
	int second = fx_connect(f);
	fx_collect_until(f, second, 3000, 0, 0, &s);
	assert_true(s.eof);
	assert_int_equal(s.types[0], BGP_OPEN);
	assert_int_equal(s.code, BGP_ERR_CEASE);
	assert_int_equal(s.sub, BGP_CEASE_COLLISION);
	assert_ptr_equal(fx_sess(f)->est, est);
	close(second);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_open_to_established, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_keepalive_in_opensent, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_update_in_openconfirm, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_open_in_established, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_notification_received, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_hold_timer, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_collision_with_established, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
