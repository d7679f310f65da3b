/* rsl_test.c: resilience of the reference route server (rscert-rsd) under
 * misbehaving peers, over real loopback sockets.
 *
 * Usage: rsl_test SCENARIO RSCERT_RSD [CORPUS_DIR]
 *
 * Every scenario starts its own daemon (temporary config, its own
 * 127.B.0.0/16 block, timers scaled by 0.01) with two healthy NVAs: nva1
 * announces three prefixes, nva2 learns them. Then one misbehaviour; at the
 * end the daemon must still run and answer, the healthy sessions must be up
 * with their routes (on the wire and in `metrics` / `peering learned`), and
 * the misbehaving peer must have got the NOTIFICATION RFC 4271 requires.
 * Every wait has a deadline; nothing sleeps. Exit 0 pass, 1 fail. */
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "td.h"

#define RSL_DEADLINE 5000 /* ms, for any single expected event */

static struct td_env rsl_env;
static struct td_peer rsl_nva1, rsl_nva2;
static int rsl_failed;

static void rsl_check(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void rsl_check(int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%s: ", ok ? "ok" : "FAIL");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (!ok)
		rsl_failed = 1;
}

static uint64_t rsl_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static uint32_t rsl_rs(void)
{
	return td_addr(&rsl_env, 0, 4);
}

static long rsl_rss_kb(void)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)rsl_env.pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6))
			kb = atol(line + 6);
	fclose(f);
	return kb;
}

static int rsl_daemon_running(void)
{
	int st;

	return rsl_env.pid > 0 && waitpid(rsl_env.pid, &st, WNOHANG) == 0;
}

/* The daemon, nva1 (announces 10.50.{1,2,3}.0/24) and nva2 (learns them). */
static int rsl_setup(unsigned block, const char *rsd)
{
	char extra[1024];
	static const char *pfx[] = {"10.50.1.0/24", "10.50.2.0/24", "10.50.3.0/24"};
	struct bgp_prefix p[3];
	uint32_t asp[] = {65001};
	size_t off = 0;

	/* freed memory is not parked, so that RSS reflects what is held */
	const char *asan = getenv("ASAN_OPTIONS");
	char opts[512];

	snprintf(opts, sizeof(opts), "%s%squarantine_size_mb=0", asan ? asan : "",
	         asan && *asan ? ":" : "");
	setenv("ASAN_OPTIONS", opts, 1);
	for (unsigned i = 1; i <= 8; i++)
		off += (size_t)snprintf(extra + off, sizeof(extra) - off,
		                        "peer nva%u 127.%u.1.%u asn %u\n", i, block, i, 65000 + i);
	if (td_start(&rsl_env, block, rsd, 0.01, extra) < 0) {
		fprintf(stderr, "FAIL: the daemon did not start\n");
		return -1;
	}
	td_peer_init(&rsl_nva1, td_addr(&rsl_env, 1, 1), 65001);
	td_peer_init(&rsl_nva2, td_addr(&rsl_env, 1, 2), 65002);
	if (td_establish(&rsl_nva1, rsl_rs(), rsl_env.port, 0, RSL_DEADLINE) < 0 ||
	    td_establish(&rsl_nva2, rsl_rs(), rsl_env.port, 0, RSL_DEADLINE) < 0) {
		fprintf(stderr, "FAIL: the healthy peers did not come up\n");
		return -1;
	}
	for (int i = 0; i < 3; i++)
		p[i] = td_pfx(pfx[i]);
	if (td_announce(&rsl_nva1, p, 3, asp, 1, td_addr(&rsl_env, 1, 1), NULL, 0) < 0 ||
	    td_wait_route(&rsl_nva2, "10.50.3.0/24", RSL_DEADLINE) == NULL) {
		fprintf(stderr, "FAIL: nva2 did not learn nva1's routes\n");
		return -1;
	}
	return 0;
}

/* After the misbehaviour: the daemon runs and answers; nva1 and nva2 are
 * up, nva2 holds nva1's routes, the control socket agrees. */
static void rsl_healthy(void)
{
	char *a;
	const struct td_route *r;
	int up;

	rsl_check(rsl_daemon_running(), "the daemon still runs");
	a = td_ctl(&rsl_env, "ping");
	rsl_check(a != NULL && strstr(a, "\"ok\":true") != NULL, "the daemon answers ping");
	free(a);
	rsl_check(td_alive(&rsl_nva1), "nva1 keeps its session");
	rsl_check(td_alive(&rsl_nva2), "nva2 keeps its session");
	/* a fresh change still flows: nva1 withdraws one prefix, nva2 sees it */
	struct bgp_prefix w = td_pfx("10.50.3.0/24");

	up = td_withdraw(&rsl_nva1, &w, 1) == 0 &&
	     td_wait_gone(&rsl_nva2, "10.50.3.0/24", RSL_DEADLINE);
	rsl_check(up, "a withdrawal from nva1 still reaches nva2");
	r = td_route_get(&rsl_nva2, "10.50.1.0/24");
	rsl_check(r != NULL, "nva2 still holds 10.50.1.0/24 from nva1");
	rsl_check(
	    td_ctl_wait(&rsl_env, "peering learned nva1", "10.50.2.0/24", false, RSL_DEADLINE),
	    "peering learned nva1 lists 10.50.2.0/24");
	a = td_ctl(&rsl_env, "metrics");
	rsl_check(a != NULL && strstr(a, "\"routesLearned\":2") != NULL,
	          "metrics: nva1 has routesLearned 2");
	free(a);
}

static int rsl_nonblock_connect(uint32_t src, uint32_t dst, uint16_t port)
{
	struct sockaddr_in la = {.sin_family = AF_INET}, ra = {.sin_family = AF_INET};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	la.sin_addr.s_addr = htonl(src);
	ra.sin_addr.s_addr = htonl(dst);
	ra.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *)&la, sizeof(la)) < 0 ||
	    (connect(fd, (struct sockaddr *)&ra, sizeof(ra)) < 0 && errno != EINPROGRESS)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* n connections at once from the source addresses src(i); each sends the
 * first `send` bytes of an OPEN (0: nothing) once connected, then all are
 * closed (abortively when rst). Returns how many connected. */
static unsigned rsl_wave(unsigned n, uint32_t (*src)(unsigned), size_t nsend, bool rst)
{
	int fds[128];
	unsigned ok = 0;
	uint8_t open[64];

	/* the OPEN bytes of AS 65003 */
	memset(open, 0xff, 16);
	open[16] = 0;
	open[17] = 29;
	open[18] = BGP_OPEN;
	open[19] = 4;
	open[20] = 0xfd;
	open[21] = 0xeb;
	open[22] = 0;
	open[23] = 180;
	memset(open + 24, 7, 4);
	open[28] = 0;
	if (n > 128)
		n = 128;
	for (unsigned i = 0; i < n; i++)
		fds[i] = rsl_nonblock_connect(src(i), rsl_rs(), rsl_env.port);
	for (unsigned i = 0; i < n; i++) {
		struct pollfd pf = {.fd = fds[i], .events = POLLOUT};
		int err = 0;
		socklen_t el = sizeof(err);

		if (fds[i] < 0)
			continue;
		if (poll(&pf, 1, RSL_DEADLINE) == 1 &&
		    getsockopt(fds[i], SOL_SOCKET, SO_ERROR, &err, &el) == 0 && err == 0) {
			ok++;
			if (nsend > 0 && send(fds[i], open, nsend, MSG_NOSIGNAL) < 0)
				ok--;
		}
	}
	for (unsigned i = 0; i < n; i++) {
		struct linger lg = {.l_onoff = 1, .l_linger = 0};

		if (fds[i] < 0)
			continue;
		if (rst)
			setsockopt(fds[i], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(fds[i]);
	}
	return ok;
}

static uint32_t rsl_src_unknown(unsigned i)
{
	return td_addr(&rsl_env, 9, 1 + i % 200);
}

static uint32_t rsl_src_known(unsigned i)
{
	return td_addr(&rsl_env, 1, 3 + i % 6); /* nva3..nva8, configured, idle */
}

/* Hundreds of connects and drops, from unknown and from known addresses,
 * some sending half an OPEN, some reset; three rounds; RSS bounded. */
static void rsl_storm(void)
{
	long rss0, rss1 = 0, rss3;
	unsigned connected = 0;
	struct td_peer u;
	uint8_t code = 0, sub = 0;
	int r;

	/* warm up once so that allocator caches exist before the baseline */
	rsl_wave(64, rsl_src_unknown, 0, false);
	rsl_wave(64, rsl_src_known, 10, true);
	rss0 = rsl_rss_kb();
	for (int round = 0; round < 3; round++) {
		for (int w = 0; w < 2; w++) {
			connected += rsl_wave(100, rsl_src_unknown, (size_t)(w * 10), w == 1);
			connected += rsl_wave(100, rsl_src_known, (size_t)(w ? 29 : 0), w == 0);
		}
		if (round == 0)
			rss1 = rsl_rss_kb();
	}
	rss3 = rsl_rss_kb();
	rsl_check(connected >= 1000, "storm: %u of 1200 connections were accepted by TCP",
	          connected);
	rsl_check(rss0 > 0 && rss3 - rss0 < 16 * 1024,
	          "storm: VmRSS %ld KiB before, %ld KiB after (bound +16 MiB)", rss0, rss3);
	rsl_check(rss1 > 0 && rss3 - rss1 < 4 * 1024,
	          "storm: VmRSS %ld KiB after round 1, %ld KiB after round 3 (bound +4 MiB)", rss1,
	          rss3);
	/* an unknown address is still refused properly after the storm */
	td_peer_init(&u, td_addr(&rsl_env, 9, 250), 65009);
	r = td_peer_connect(&u, rsl_rs(), rsl_env.port, RSL_DEADLINE) == 0 &&
	            td_send_open(&u, 65009, 180, u.addr) == 0
	        ? td_wait_notification(&u, RSL_DEADLINE, &code, &sub)
	        : -2;
	rsl_check(r == 0 || (r == 1 && code == 6 && sub == 5),
	          "storm: an unknown address is then refused (Cease 6/5 or a close), got %d %u/%u",
	          r, code, sub);
	td_peer_free(&u);
	/* a known idle peer can still come up */
	td_peer_init(&u, td_addr(&rsl_env, 1, 3), 65003);
	rsl_check(td_establish(&u, rsl_rs(), rsl_env.port, 0, RSL_DEADLINE) == 0,
	          "storm: nva3 can still establish afterwards");
	td_peer_free(&u);
}

/* nva3 established with hold 180 (1.8 s scaled), then a message cut off
 * midway: no whole message arrives, the hold timer fires: 4/0. */
static void rsl_stall(void)
{
	struct td_peer p;
	uint8_t half[30], code = 0, sub = 0;
	uint64_t t0;
	int r;

	td_peer_init(&p, td_addr(&rsl_env, 1, 3), 65003);
	rsl_check(td_establish(&p, rsl_rs(), rsl_env.port, 180, RSL_DEADLINE) == 0,
	          "stall: nva3 established with hold 180");
	memset(half, 0xff, 16);
	half[16] = 0;
	half[17] = 60; /* announces 60 bytes, sends 30 */
	half[18] = BGP_UPDATE;
	memset(half + 19, 0, sizeof(half) - 19);
	t0 = rsl_ms();
	td_send(&p, half, sizeof(half));
	r = td_wait_notification(&p, 3 * RSL_DEADLINE, &code, &sub);
	rsl_check(r == 1 && code == 4 && sub == 0,
	          "stall: NOTIFICATION 4/0 Hold Timer Expired after %llu ms (got %d %u/%u)",
	          (unsigned long long)(rsl_ms() - t0), r, code, sub);
	td_peer_free(&p);
}

static int rsl_send_bytewise(struct td_peer *p, const uint8_t *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (td_send(p, m + i, 1) < 0)
			return -1;
	}
	return 0;
}

/* nva3 sends its OPEN, KEEPALIVE and an UPDATE one byte per segment. */
static void rsl_bytewise(void)
{
	struct td_peer p;
	uint8_t open[64], ka[19], upd[128];
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_attrs a;
	struct bgp_as_segment seg;
	uint32_t asn = 65003;
	struct bgp_prefix x = td_pfx("10.60.0.0/24");
	size_t used = 0, ulen, olen;
	int one = 1;
	struct bgp_msg m = {.type = BGP_OPEN};

	td_peer_init(&p, td_addr(&rsl_env, 1, 3), 65003);
	m.u.open = (struct bgp_open){.version = 4,
	                             .my_as = 65003,
	                             .hold_time = 0,
	                             .bgp_id = p.addr,
	                             .has_as4 = true,
	                             .as4 = 65003,
	                             .route_refresh = true,
	                             .nmp = 1};
	m.u.open.mp[0] = (struct bgp_afi_safi){.afi = BGP_AFI_IPV4, .safi = BGP_SAFI_UNICAST};
	olen = bgp_encode(&m, &ctx, open, sizeof(open));
	memset(&a, 0, sizeof(a));
	seg = (struct bgp_as_segment){.type = BGP_SEG_SEQUENCE, .count = 1, .asns = &asn};
	a.as_path = (struct bgp_as_path){.nseg = 1, .segs = &seg};
	a.next_hop = p.addr;
	bgp_attr_set(&a, BGP_ATTR_ORIGIN);
	bgp_attr_set(&a, BGP_ATTR_AS_PATH);
	bgp_attr_set(&a, BGP_ATTR_NEXT_HOP);
	ulen = bgp_pack_update(&ctx, &a, &x, 1, 0, upd, sizeof(upd), &used);
	rsl_check(td_peer_connect(&p, rsl_rs(), rsl_env.port, RSL_DEADLINE) == 0 && olen && ulen,
	          "bytewise: connected");
	setsockopt(p.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	rsl_send_bytewise(&p, open, olen);
	rsl_check(td_wait_type(&p, BGP_OPEN, RSL_DEADLINE) == 1, "bytewise: the OPEN was answered");
	rsl_send_bytewise(&p, ka, bgp_encode_keepalive(ka, sizeof(ka)));
	rsl_check(td_wait_type(&p, BGP_KEEPALIVE, RSL_DEADLINE) == 1,
	          "bytewise: established (KEEPALIVE came back)");
	rsl_send_bytewise(&p, upd, ulen);
	rsl_check(td_wait_route(&rsl_nva2, "10.60.0.0/24", RSL_DEADLINE) != NULL,
	          "bytewise: nva2 learned the UPDATE sent a byte at a time (%zu bytes)", ulen);
	rsl_check(td_alive(&p), "bytewise: nva3 keeps its session");
	td_peer_free(&p);
}

/* One header error per peer: the NOTIFICATION RFC 4271 6.1 requires,
 * with its data. */
struct rsl_bad {
	const char *what;
	uint8_t code, sub;
	uint8_t data[2];
	size_t dlen;
};

static void rsl_header_case(unsigned idx, const struct rsl_bad *b, const uint8_t *m, size_t n)
{
	struct td_peer p;
	uint8_t code = 0, sub = 0;
	int r, data_ok;

	td_peer_init(&p, td_addr(&rsl_env, 1, idx), 65000 + idx);
	rsl_check(td_establish(&p, rsl_rs(), rsl_env.port, 0, RSL_DEADLINE) == 0,
	          "%s: nva%u established", b->what, idx);
	td_send(&p, m, n);
	r = td_wait_notification(&p, RSL_DEADLINE, &code, &sub);
	data_ok = b->dlen == 0 ||
	          (p.lastraw[17] == 21 + b->dlen && !memcmp(p.lastraw + 21, b->data, b->dlen));
	rsl_check(r == 1 && code == b->code && sub == b->sub && data_ok,
	          "%s: NOTIFICATION %u/%u%s (got %d %u/%u, %u bytes)", b->what, b->code, b->sub,
	          b->dlen ? " with the offending field as data" : "", r, code, sub,
	          r == 1 ? p.lastraw[17] : 0);
	td_peer_free(&p);
}

static void rsl_headers(void)
{
	static uint8_t big[4097];
	uint8_t m[19 + 8];
	static const struct rsl_bad cases[] = {
	    {"4097-byte message", 1, 2, {0x10, 0x01}, 2},
	    {"bad marker", 1, 1, {0}, 0},
	    {"length 18", 1, 2, {0x00, 0x12}, 2},
	    {"bad type 9", 1, 3, {9}, 1},
	    {"KEEPALIVE of 20 bytes", 1, 2, {0x00, 0x14}, 2},
	};

	memset(big, 0, sizeof(big));
	memset(big, 0xff, 16);
	big[16] = 0x10;
	big[17] = 0x01;
	big[18] = BGP_UPDATE;
	rsl_header_case(3, &cases[0], big, sizeof(big));

	memset(m, 0xff, 19);
	m[3] = 0xfe;
	m[16] = 0;
	m[17] = 19;
	m[18] = BGP_KEEPALIVE;
	rsl_header_case(4, &cases[1], m, 19);

	memset(m, 0xff, 16);
	m[16] = 0;
	m[17] = 18;
	m[18] = BGP_KEEPALIVE;
	rsl_header_case(5, &cases[2], m, 19);

	m[17] = 19;
	m[18] = 9;
	rsl_header_case(6, &cases[3], m, 19);

	m[17] = 20;
	m[18] = BGP_KEEPALIVE;
	m[19] = 0;
	rsl_header_case(7, &cases[4], m, 20);
}

/* nva3 connects and never sends its OPEN: the daemon's OPEN comes, then
 * after the hold timer of OpenSent (240 s nominal, 2.4 s scaled) 4/0. An
 * unknown address that stays silent is dropped too. */
static void rsl_noopen(void)
{
	struct td_peer p, u;
	uint8_t code = 0, sub = 0;
	uint64_t t0 = rsl_ms();
	int r;

	td_peer_init(&p, td_addr(&rsl_env, 1, 3), 65003);
	td_peer_init(&u, td_addr(&rsl_env, 9, 3), 65009);
	rsl_check(td_peer_connect(&p, rsl_rs(), rsl_env.port, RSL_DEADLINE) == 0 &&
	              td_peer_connect(&u, rsl_rs(), rsl_env.port, RSL_DEADLINE) == 0,
	          "noopen: connected, sending nothing");
	r = td_wait_notification(&p, 3 * RSL_DEADLINE, &code, &sub);
	rsl_check(r == 1 && code == 4 && sub == 0,
	          "noopen: NOTIFICATION 4/0 Hold Timer Expired after %llu ms (got %d %u/%u)",
	          (unsigned long long)(rsl_ms() - t0), r, code, sub);
	r = td_wait_notification(&u, RSL_DEADLINE, &code, &sub);
	rsl_check(r == 0 || (r == 1 && code == 6),
	          "noopen: a silent unknown address is dropped (got %d %u/%u)", r, code, sub);
	td_peer_free(&p);
	td_peer_free(&u);
}

/* nva3 sends 200,000 KEEPALIVEs in large writes; the control socket keeps
 * answering meanwhile and every session stays up. */
static void rsl_kaflood(void)
{
	struct td_peer p;
	enum { N = 200000, CHUNK = 2000 };
	static uint8_t buf[CHUNK * 19];
	unsigned pings = 0, sent = 0;
	uint64_t t0;

	td_peer_init(&p, td_addr(&rsl_env, 1, 3), 65003);
	rsl_check(td_establish(&p, rsl_rs(), rsl_env.port, 0, RSL_DEADLINE) == 0,
	          "kaflood: nva3 established");
	for (unsigned i = 0; i < CHUNK; i++)
		bgp_encode_keepalive(buf + i * 19, 19);
	t0 = rsl_ms();
	while (sent < N && rsl_ms() - t0 < 30000) {
		if (td_send(&p, buf, sizeof(buf)) < 0)
			break;
		sent += CHUNK;
		if (sent % (CHUNK * 10) == 0) {
			char *a = td_ctl(&rsl_env, "ping");

			pings += a != NULL && strstr(a, "\"ok\":true") != NULL;
			free(a);
		}
	}
	rsl_check(sent >= N, "kaflood: %u KEEPALIVEs sent in %llu ms", sent,
	          (unsigned long long)(rsl_ms() - t0));
	rsl_check(pings == sent / (CHUNK * 10), "kaflood: %u of %u pings answered during the flood",
	          pings, sent / (CHUNK * 10));
	rsl_check(td_alive(&p), "kaflood: nva3 keeps its session");
	td_peer_free(&p);
}

/* Whether buf[0..n) is a run of whole BGP messages (marker, length). */
static int rsl_whole_messages(const uint8_t *b, size_t n)
{
	size_t off = 0;

	if (n < BGP_HEADER_LEN)
		return 0;
	while (off < n) {
		size_t len;

		if (n - off < BGP_HEADER_LEN)
			return 0;
		for (int i = 0; i < 16; i++)
			if (b[off + i] != 0xff)
				return 0;
		len = ((size_t)b[off + 16] << 8) | b[off + 17];
		if (len < BGP_HEADER_LEN || len > BGP_MAX_LEN || len > n - off)
			return 0;
		off += len;
	}
	return 1;
}

static size_t rsl_read_file(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return 0;
	n = fread(buf, 1, cap, f);
	if (!feof(f))
		n = 0; /* larger than any message run we replay */
	fclose(f);
	return n;
}

/* Replay one input on an Established session of peer idx, after its
 * initial table (the VNet route) has come; then a ROUTE-REFRESH, which the
 * daemon answers by sending the VNet route again. Wait for that answer, a
 * NOTIFICATION or a close. -1 when none came. */
static int rsl_replay_one(unsigned idx, const uint8_t *m, size_t n, unsigned *resets)
{
	struct td_peer p;
	struct td_route *vnet;
	uint8_t rr[23] = {0};
	int t = -1, rc = -1;
	uint64_t end;

	td_peer_init(&p, td_addr(&rsl_env, 1, idx), 65000 + idx);
	if (td_establish(&p, rsl_rs(), rsl_env.port, 0, RSL_DEADLINE) < 0 ||
	    td_wait_route(&p, "10.0.0.0/16", RSL_DEADLINE) == NULL) {
		td_peer_free(&p);
		return -1;
	}
	vnet = (struct td_route *)td_route_get(&p, "10.0.0.0/16");
	vnet->live = false; /* seen again only when re-sent */
	memset(rr, 0xff, 16);
	rr[17] = 23;
	rr[18] = BGP_ROUTE_REFRESH;
	rr[20] = 1; /* AFI 1 */
	rr[22] = 1; /* SAFI 1 */
	td_send(&p, m, n);
	td_send(&p, rr, sizeof(rr));
	end = rsl_ms() + RSL_DEADLINE;
	while (rsl_ms() < end) {
		t = td_recv(&p, (int)(end - rsl_ms()));
		if (t == 0 || t == BGP_NOTIFICATION) {
			(*resets)++;
			rc = 0;
			break;
		}
		if (t < 0)
			break;
		if (td_route_get(&p, "10.0.0.0/16") != NULL) {
			rc = 0;
			break;
		}
	}
	td_peer_free(&p);
	return rc;
}

static void rsl_corpus(const char *dir)
{
	static uint8_t buf[65536];
	unsigned replayed = 0, skipped = 0, resets = 0, stuck = 0, idx = 3;
	uint64_t t0 = rsl_ms();
	DIR *top = opendir(dir);
	struct dirent *de;

	rsl_check(top != NULL, "corpus: %s opened", dir);
	while (top != NULL && (de = readdir(top)) != NULL && rsl_ms() - t0 < 40000) {
		char sub[1024];
		DIR *d;
		struct dirent *fe;

		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		d = opendir(sub);
		while (d != NULL && (fe = readdir(d)) != NULL && rsl_ms() - t0 < 40000) {
			char path[2048];
			size_t n;

			if (fe->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", sub, fe->d_name);
			n = rsl_read_file(path, buf, sizeof(buf));
			/* fuzz inputs open with 0 to 2 bytes of context for the target */
			size_t skip = 0;

			while (skip <= 2 && skip < n && !rsl_whole_messages(buf + skip, n - skip))
				skip++;
			if (skip > 2 || skip >= n) {
				skipped++;
				continue;
			}
			/* rotate over nva3..nva8 so that a reset peer has time to settle */
			if (rsl_replay_one(idx, buf + skip, n - skip, &resets) < 0) {
				stuck++;
				fprintf(stderr, "corpus: no answer after %s\n", path);
			}
			idx = idx == 8 ? 3 : idx + 1;
			replayed++;
			if (!rsl_daemon_running()) {
				rsl_check(0, "corpus: the daemon died after %s", path);
				break;
			}
		}
		if (d != NULL)
			closedir(d);
	}
	if (top != NULL)
		closedir(top);
	fprintf(stderr,
	        "corpus: %u inputs replayed (%u reset the session), %u skipped (not "
	        "whole messages), %llu ms\n",
	        replayed, resets, skipped, (unsigned long long)(rsl_ms() - t0));
	rsl_check(replayed > 100, "corpus: more than 100 inputs replayed");
	rsl_check(stuck == 0, "corpus: every input got an answer (%u did not)", stuck);
}

struct rsl_scenario {
	const char *name;
	unsigned block;
	void (*run)(void);
};

static const char *rsl_corpus_dir;

static void rsl_run_corpus(void)
{
	rsl_corpus(rsl_corpus_dir);
}

static const struct rsl_scenario rsl_scenarios[] = {
    {"storm", 161, rsl_storm},       {"stall", 162, rsl_stall},   {"bytewise", 163, rsl_bytewise},
    {"headers", 164, rsl_headers},   {"noopen", 165, rsl_noopen}, {"kaflood", 166, rsl_kaflood},
    {"corpus", 167, rsl_run_corpus},
};

int main(int argc, char **argv)
{
	const struct rsl_scenario *sc = NULL;

	if (argc < 3) {
		fprintf(stderr, "usage: rsl_test SCENARIO RSCERT_RSD [CORPUS_DIR]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	for (size_t i = 0; i < sizeof(rsl_scenarios) / sizeof(rsl_scenarios[0]); i++)
		if (!strcmp(argv[1], rsl_scenarios[i].name))
			sc = &rsl_scenarios[i];
	if (sc == NULL || (!strcmp(argv[1], "corpus") && argc < 4)) {
		fprintf(stderr, "rsl_test: unknown scenario %s (or corpus without a folder)\n",
		        argv[1]);
		return 2;
	}
	rsl_corpus_dir = argc > 3 ? argv[3] : NULL;
	if (rsl_setup(sc->block, argv[2]) == 0) {
		sc->run();
		rsl_healthy();
	} else {
		rsl_failed = 1;
	}
	td_peer_free(&rsl_nva1);
	td_peer_free(&rsl_nva2);
	if (td_stop(&rsl_env, 5000) != 0 && !rsl_failed)
		rsl_check(0, "the daemon stopped cleanly on SIGTERM");
	td_cleanup(&rsl_env);
	return rsl_failed;
}
