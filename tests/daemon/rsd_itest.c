/* rsd_itest.c: integration tests of rscert-rsd over loopback TCP. Each
 * scenario starts its own daemon on its own 127.B.0.0/16 block and free
 * port, with time-scale 0.01 (hold 180 s runs as 1.8 s), drives fake NVAs
 * and asserts on the wire, the control socket and the log. What any route
 * server must do is the catalogue's (cases/, run against this daemon by the
 * rscert_conformance test): these scenarios keep to the daemon's inside
 * (its log lines, control socket and metrics, signals, detaching, write
 * queues, collisions, garbage, large tables, --check). Scenarios cut for
 * repeating cases: ecmp (ARS-ECMP, ARS-SHORTEST, ARS-REFLECT,
 * ARS-REFLECT-NOT-BACK, ARS-REFLECT-WITHDRAW, ARS-INSTANCES-DIFFERENT,
 * ARS-LEARNED-SHAPE), counting (ARS-LIMIT-ROUTES-COUNTING,
 * ARS-LIMIT-ROUTES-COUNTING-SAME), silent (ARS-FLAP-SILENT,
 * RFC4271-6.5-HOLD-NEGOTIATED, RFC4271-4.4-KEEPALIVE-ONE-THIRD), same_as
 * (ARS-ASN-SAME), no_advertise (ARS-COMMUNITIES-NO-ADVERTISE).
 * usage: rsd_itest SCENARIO RSCERT_RSD [RSCTL]
 *        rsd_itest freeport ADDR   (prints a free TCP port, for scripts) */
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "td.h"
#include "u_proc.h"

static int td_failed;
static struct td_env E;

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);            \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
			td_failed++;                                                               \
		}                                                                                  \
	} while (0)

#define T 3000 /* default deadline, ms */

static const char *PEERS3 = "peer nva1 %s asn 65001\npeer nva2 %s asn 65002\n"
                            "peer nva3 %s asn 65003\n";

static char *td_peers3(void)
{
	static char buf[512];
	snprintf(buf, sizeof(buf), PEERS3, td_ip(td_addr(&E, 1, 1)), td_ip(td_addr(&E, 1, 2)),
	         td_ip(td_addr(&E, 1, 3)));
	return buf;
}

static uint32_t I0(void)
{
	return td_addr(&E, 0, 4);
}

static uint32_t I1(void)
{
	return td_addr(&E, 0, 5);
}

static uint64_t td_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Whether the session object of peer on inst contains field. */
static int td_session_has(const char *peer, unsigned inst, const char *field)
{
	char *a = td_ctl(&E, "sessions");
	char key[128], role[64];
	snprintf(key, sizeof(key), "\"peer\":\"%s\"", peer);
	snprintf(role, sizeof(role), "\"instance\":\"RouteServiceRole_IN_%u\"", inst);
	int ok = 0;
	for (char *p = a ? strchr(a, '{') : NULL; p && !ok; p = strchr(p + 1, '{')) {
		char *end = strchr(p, '}');
		if (!end)
			break;
		*end = 0;
		ok = strstr(p, key) && strstr(p, role) && strstr(p, field);
		*end = '}';
	}
	free(a);
	return ok;
}

static int td_wait_session(const char *peer, unsigned inst, const char *field, int ms)
{
	uint64_t end = td_now_ms() + (uint64_t)ms;
	while (!td_session_has(peer, inst, field)) {
		if (td_now_ms() >= end)
			return 0;
		poll(NULL, 0, 20);
	}
	return 1;
}

/* ---- scenarios ---- */

/* Sessions on both instances, negotiated hold, our OPEN, the VNet route. */
/* nva1 (AS 65001) and nva2 (AS 65002), both Established on IN_0. */
static void td_up_pair(struct td_peer *a, struct td_peer *b)
{
	td_peer_init(a, td_addr(&E, 1, 1), 65001);
	td_peer_init(b, td_addr(&E, 1, 2), 65002);
	CHECK(td_establish(a, I0(), E.port, 0, T) == 0, "nva1 up");
	CHECK(td_establish(b, I0(), E.port, 0, T) == 0, "nva2 up");
}

/* The control socket's view of a session and the state log line. What the
 * server offers on the wire is the catalogue's: ARS-TIMERS-OFFER,
 * ARS-TIMERS-HOLD-90, ARS-TIMERS-HOLD-0, ARS-AS4-CAP, ARS-RR-CAP, ARS-NO-GR,
 * ARS-INSTANCES-ROUTER-ID, ARS-ADV-VNET, ARS-ROUTE-REFRESH-ANSWERED. */
static void sc_up(void)
{
	struct td_peer a;
	td_peer_init(&a, td_addr(&E, 1, 1), 65001);
	CHECK(td_establish(&a, I0(), E.port, 90, T) == 0, "nva1 up on IN_0");
	CHECK(td_wait_session("nva1", 0, "\"state\":\"Established\"", T), "IN_0 Established");
	CHECK(td_session_has("nva1", 0, "\"holdTime\":90,\"keepalive\":30"), "hold min(180,90)");
	CHECK(td_session_has("nva1", 1, "\"state\":\"Active\""), "IN_1 Active (listening)");
	CHECK(td_log_has(&E, "event=state peer=nva1") && td_log_has(&E, "to=Established"),
	      "state logged");
	td_send_keepalive(&a);
	CHECK(td_alive(&a), "IN_0 alive");
	td_peer_free(&a);
}

/* The rule in the log line. The NOTIFICATION is the catalogue's:
 * ARS-ASN-MISMATCH (and RFC4271-6.2-HOLD-2 for an unacceptable hold time). */
static void sc_asn_mismatch(void)
{
	struct td_peer a;
	td_peer_init(&a, td_addr(&E, 1, 1), 65009);
	CHECK(td_peer_connect(&a, I0(), E.port, T) == 0, "connect");
	td_send_open(&a, 65009, 0, a.addr);
	uint8_t code = 0, sub = 0;
	CHECK(td_wait_notification(&a, T, &code, &sub) == 1 && code == 2 && sub == 2,
	      "NOTIFICATION 2/2, got %u/%u", code, sub);
	CHECK(td_log_wait(&E, "rule=ARS-ASN-MISMATCH", T), "logged with the rule");
	td_peer_free(&a);
}

/* An unknown address may not take a configured peer's place on the other
 * instance. The refusal itself is the catalogue's: ARS-ONLY-CONFIGURED. */
static void sc_refused(void)
{
	struct td_peer a, x;
	td_peer_init(&a, td_addr(&E, 1, 1), 65001);
	td_peer_init(&x, td_addr(&E, 1, 99), 65099);
	CHECK(td_establish(&a, I0(), E.port, 0, T) == 0, "nva1 up");
	CHECK(td_peer_connect(&x, I1(), E.port, T) == 0, "unknown connects to IN_1");
	td_send_open(&x, 65099, 0, x.addr);
	uint8_t code = 0, sub = 0;
	int r = td_wait_notification(&x, T, &code, &sub);
	CHECK(r == 0 || (r == 1 && code == 6 && sub == 5), "refused with 6/5 or close: %d %u/%u", r,
	      code, sub);
	CHECK(td_log_wait(&E, "event=refused addr=", T), "refusal logged");
	CHECK(td_alive(&a), "nva1 untouched");
	CHECK(td_session_has("nva1", 0, "\"state\":\"Established\""), "nva1 Established");
	CHECK(td_session_has("nva1", 1, "\"state\":\"Active\""), "nva1's IN_1 slot still free");
	td_peer_free(&a);
	td_peer_free(&x);
}

static void td_prefixes(struct bgp_prefix *out, size_t n, unsigned second)
{
	for (size_t i = 0; i < n; i++) {
		char s[32];
		snprintf(s, sizeof(s), "10.%u.%zu.0/24", second + (unsigned)(i / 256), i % 256);
		out[i] = td_pfx(s);
	}
}

/* The limit's log line and lastError in the metrics. The Cease and what is
 * counted are the catalogue's: ARS-LIMIT-ROUTES-200, ARS-LIMIT-ROUTES-201,
 * ARS-LIMIT-ROUTES-RECONNECT, ARS-LIMIT-ROUTES-COUNTING,
 * ARS-LIMIT-ROUTES-COUNTING-SAME. */
static void sc_limit(void)
{
	struct td_peer a;
	td_peer_init(&a, td_addr(&E, 1, 1), 65001);
	CHECK(td_establish(&a, I0(), E.port, 0, T) == 0, "up");
	static struct bgp_prefix px[201];
	td_prefixes(px, 201, 100);
	uint32_t as[] = {65001};
	td_announce(&a, px, 200, as, 1, a.addr, NULL, 0);
	CHECK(td_ctl_wait(&E, "metrics", "\"routesLearned\":200", false, T), "200 learned");
	/* one more: 200 + 1 > 200 */
	td_announce(&a, px + 200, 1, as, 1, a.addr, NULL, 0);
	uint8_t code = 0, sub = 0;
	CHECK(td_wait_notification(&a, T, &code, &sub) == 1 && code == 6 && sub == 1,
	      "Cease 6/1, got %u/%u", code, sub);
	CHECK(td_log_wait(&E,
	                  "event=limit peer=nva1 rule=ARS-LIMIT-ROUTES learned=200 incoming=1 "
	                  "limit=200",
	                  T),
	      "limit logged");
	CHECK(td_ctl_wait(&E, "metrics", "\"routesLearned\":0", false, T), "flushed");
	char *m = td_ctl(&E, "metrics");
	CHECK(m && strstr(m, "Maximum Number of Prefixes Reached"), "lastError: %s", m ? m : "-");
	free(m);
	td_peer_free(&a);
}

/* A route whose attributes no longer fit one UPDATE once the server has
 * prepended 65515 is withdrawn from the other peers, not left stale. */
static void sc_oversize(void)
{
	enum { NCOMM = 1011 }; /* a 4094-byte UPDATE from nva1; 4098 once prepended */
	static uint32_t comm[NCOMM];
	struct td_peer a, b;
	td_up_pair(&a, &b);
	uint32_t as[] = {65001};
	struct bgp_prefix p7 = td_pfx("10.7.0.0/16"), p8 = td_pfx("10.8.0.0/16");
	for (unsigned i = 0; i < NCOMM; i++)
		comm[i] = 65001u << 16 | i;
	CHECK(td_announce(&a, &p7, 1, as, 1, a.addr, NULL, 0) == 0, "small announcement sent");
	CHECK(td_wait_route(&b, "10.7.0.0/16", T) != NULL, "small route reflected");
	CHECK(td_announce(&a, &p7, 1, as, 1, a.addr, comm, NCOMM) == 0, "large announcement sent");
	CHECK(td_wait_gone(&b, "10.7.0.0/16", T) == 1, "route withdrawn when it no longer fits");
	CHECK(td_ctl_wait(&E, "effective-routes", "\"addressPrefix\":\"10.7.0.0/16\"", false, T),
	      "the large route is still learned and programmed");
	td_announce(&a, &p8, 1, as, 1, a.addr, NULL, 0);
	CHECK(td_wait_route(&b, "10.8.0.0/16", T) != NULL, "the session goes on");
	td_peer_free(&a);
	td_peer_free(&b);
}

/* A treat-as-withdraw logged as a decode error naming the peer. What the
 * server does is the catalogue's: RFC7606-7.1-ORIGIN,
 * RFC7606-SENTINEL-OTHER-ROUTES-KEPT, RFC4271-6.1-BAD-MARKER,
 * ARS-PEER-DOWN-FLUSH. */
static void sc_malformed(void)
{
	struct td_peer a, b;
	td_up_pair(&a, &b);
	uint32_t as1[] = {65001};
	struct bgp_prefix p9 = td_pfx("10.9.0.0/16");
	td_announce(&a, &p9, 1, as1, 1, a.addr, NULL, 0);
	CHECK(td_ctl_wait(&E, "effective-routes", "10.9.0.0/16", false, T), "nva1 route in");
	/* an UPDATE for 10.9/16 with ORIGIN 5: treat-as-withdraw, no reset */
	struct bgp_attrs at;
	memset(&at, 0, sizeof(at));
	uint32_t seg_as[] = {65001};
	struct bgp_as_segment seg = {BGP_SEG_SEQUENCE, 1, seg_as};
	at.origin = BGP_ORIGIN_IGP;
	bgp_attr_set(&at, BGP_ATTR_ORIGIN);
	at.as_path.nseg = 1;
	at.as_path.segs = &seg;
	bgp_attr_set(&at, BGP_ATTR_AS_PATH);
	at.next_hop = a.addr;
	bgp_attr_set(&at, BGP_ATTR_NEXT_HOP);
	uint8_t m[BGP_MAX_LEN];
	size_t used = 0;
	size_t n = bgp_pack_update(&a.ctx, &at, &p9, 1, 0, m, sizeof(m), &used);
	/* withdrawn length 0, attr length, then ORIGIN: flags 0x40 type 1 len 1 value */
	CHECK(n > 27 && m[23] == 0x40 && m[24] == 1 && m[25] == 1, "ORIGIN placed first");
	m[26] = 5;
	td_send(&a, m, n);
	CHECK(td_ctl_wait(&E, "effective-routes", "10.9.0.0/16", true, T), "treated as withdraw");
	CHECK(td_log_wait(&E, "event=decode-error peer=nva1", T), "decode-error logged");
	CHECK(td_alive(&a) && td_alive(&b), "no reset");
	td_peer_free(&a);
	td_peer_free(&b);
}

/* A peer without the route refresh capability is reset when a VNet peering
 * changes, and the refresh sent to the others is logged. The routes and the
 * refresh are the catalogue's: ARS-VNET-PEERING, ARS-VNET-PEERING-REMOVE. */
static void sc_vnet_peering(void)
{
	struct td_peer a, b;
	td_peer_init(&a, td_addr(&E, 1, 1), 65001);
	td_peer_init(&b, td_addr(&E, 1, 2), 65002);
	b.rr = false;
	CHECK(td_establish(&a, I0(), E.port, 0, T) == 0, "nva1 up (route refresh)");
	CHECK(td_establish(&b, I0(), E.port, 0, T) == 0, "nva2 up (no route refresh)");
	td_wait_route(&a, "10.0.0.0/16", T);
	char *r = td_ctl(&E, "vnet-peering add spoke2 10.50.0.0/16 10.51.0.0/16");
	CHECK(r && strstr(r, "\"name\":\"spoke2\"") && strstr(r, "10.51.0.0/16"), "add: %s",
	      r ? r : "-");
	free(r);
	CHECK(td_wait_type(&a, BGP_ROUTE_REFRESH, T) == 1, "ROUTE-REFRESH to nva1");
	uint8_t code = 0, sub = 0;
	CHECK(td_wait_notification(&b, T, &code, &sub) == 1 && code == 6,
	      "nva2 without route refresh is reset: %u/%u", code, sub);
	CHECK(td_log_wait(&E, "event=route-refresh-sent peer=nva1", T), "logged");
	td_peer_free(&a);
	td_peer_free(&b);
}

static void sc_sigterm(void)
{
	struct td_peer a, b;
	td_peer_init(&a, td_addr(&E, 1, 1), 65001);
	td_peer_init(&b, td_addr(&E, 1, 2), 65002);
	CHECK(td_establish(&a, I0(), E.port, 0, T) == 0, "nva1 up");
	CHECK(td_establish(&b, I1(), E.port, 0, T) == 0, "nva2 up");
	kill(E.pid, SIGTERM);
	uint8_t code = 0, sub = 0;
	CHECK(td_wait_notification(&a, T, &code, &sub) == 1 && code == 6 && sub == 2,
	      "nva1 6/2, got %u/%u", code, sub);
	CHECK(td_wait_notification(&b, T, &code, &sub) == 1 && code == 6 && sub == 2,
	      "nva2 6/2, got %u/%u", code, sub);
	int st = td_stop(&E, 10000);
	CHECK(st == 0, "exit status %d", st);
	CHECK(td_log_has(&E, "event=stop"), "stop logged");
	td_peer_free(&a);
	td_peer_free(&b);
}

static int td_run(const char *const *argv)
{
	struct u_spawn how = {.log = "/dev/null"};
	struct u_proc p;
	char err[256];
	if (u_proc_spawn(&p, (char *const *)argv, &how, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return u_proc_wait(&p, -1);
}

static void sc_control(void)
{
	char *r = td_ctl(&E, "peering add bad %s 65520", td_ip(td_addr(&E, 1, 50)));
	CHECK(r && strstr(r, "\"rule\":\"ARS-ASN-RESERVED\""), "reserved ASN: %s", r ? r : "-");
	free(r);
	r = td_ctl(&E, "peering show nva2");
	CHECK(r && strstr(r, "\"name\":\"nva2\"") && strstr(r, "\"peerAsn\":65002"), "show: %s",
	      r ? r : "-");
	free(r);
	r = td_ctl(&E, "peering show nobody");
	CHECK(r && strstr(r, "\"error\""), "show unknown: %s", r ? r : "-");
	free(r);
	r = td_ctl(&E, "vnet-peering add spoke9 10.90.0.0/16");
	free(r);
	r = td_ctl(&E, "vnet-peering list");
	CHECK(r && strstr(r, "{\"name\":\"spoke9\",\"addressPrefixes\":[\"10.90.0.0/16\"]}"),
	      "vnet list: %s", r ? r : "-");
	free(r);
	r = td_ctl(&E, "vnet-peering add bad 10.91.0.1/16");
	CHECK(r && strstr(r, "\"rule\":\"CONTROL-SYNTAX\""), "host bits refused: %s", r ? r : "-");
	free(r);
	r = td_ctl(&E, "frobnicate");
	CHECK(r && strstr(r, "\"rule\":\"CONTROL-SYNTAX\""), "syntax: %s", r ? r : "-");
	free(r);
	r = td_ctl(&E, "peering add nva1 %s 65009", td_ip(td_addr(&E, 1, 51)));
	CHECK(r && strstr(r, "\"error\""), "duplicate name refused: %s", r ? r : "-");
	free(r);
	/* fill up to 8, the 9th is refused */
	for (unsigned i = 4; i <= 8; i++) {
		r = td_ctl(&E, "peering add nva%u %s %u", i, td_ip(td_addr(&E, 1, i)), 65000 + i);
		CHECK(r && strstr(r, "\"provisioningState\":\"Succeeded\""), "add nva%u: %s", i,
		      r ? r : "-");
		free(r);
	}
	r = td_ctl(&E, "peering add nva9 %s 65009", td_ip(td_addr(&E, 1, 9)));
	CHECK(r && strstr(r, "\"rule\":\"ARS-LIMIT-PEERS\""), "9th peer: %s", r ? r : "-");
	free(r);
	/* a run-time peer gets a session */
	struct td_peer a;
	td_peer_init(&a, td_addr(&E, 1, 8), 65008);
	CHECK(td_establish(&a, I0(), E.port, 0, T) == 0, "added peer comes up");
	r = td_ctl(&E, "peering remove nva8");
	CHECK(r && strstr(r, "\"ok\":true"), "remove");
	free(r);
	uint8_t code = 0, sub = 0;
	CHECK(td_wait_notification(&a, T, &code, &sub) == 1 && code == 6 && sub == 3,
	      "de-configured: 6/3, got %u/%u", code, sub);
	/* a control client that never asks is closed; others are served meanwhile */
	struct sockaddr_un su = {.sun_family = AF_UNIX};
	memcpy(su.sun_path, E.sock, strlen(E.sock) + 1);
	int idle = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(connect(idle, (struct sockaddr *)&su, sizeof(su)) == 0, "idle client connects");
	r = td_ctl(&E, "ping");
	CHECK(r && strstr(r, "\"ok\":true"), "served while a client idles");
	free(r);
	struct pollfd ipf = {.fd = idle, .events = POLLIN};
	char ib[8];
	CHECK(poll(&ipf, 1, 8000) == 1 && recv(idle, ib, sizeof(ib), 0) == 0,
	      "idle control client closed");
	close(idle);
	r = td_ctl(&E, "branch-to-branch on");
	CHECK(r && strstr(r, "\"allowBranchToBranchTraffic\":true"), "b2b: %s", r ? r : "-");
	free(r);
	if (E.rsctl) {
		const char *ok[] = {E.rsctl, "--socket", E.sock, "peering", "list", NULL};
		CHECK(td_run(ok) == 0, "rsctl peering list exits 0");
		char ip[32];
		snprintf(ip, sizeof(ip), "%s", td_ip(td_addr(&E, 1, 60)));
		const char *bad[] = {E.rsctl, "--socket",  E.sock, "peering",    "create", "--name",
		                     "x",     "--peer-ip", ip,     "--peer-asn", "65517",  NULL};
		CHECK(td_run(bad) == 1, "rsctl: daemon error exits 1");
		const char *use[] = {E.rsctl, "--socket", E.sock, "peering", "frob", NULL};
		CHECK(td_run(use) == 2, "rsctl: usage exits 2");
		char nos[400];
		snprintf(nos, sizeof(nos), "%s/none.sock", E.dir);
		const char *un[] = {E.rsctl, "--socket", nos, "metrics", NULL};
		CHECK(td_run(un) == 3, "rsctl: unreachable exits 3");
	}
	td_peer_free(&a);
}

/* A peer that never reads is dropped with Cease 6/8 once its queue is full. */
static void sc_slow_reader(void)
{
	struct td_peer a, s;
	td_peer_init(&a, td_addr(&E, 1, 1), 65001);
	td_peer_init(&s, td_addr(&E, 1, 2), 65002);
	CHECK(td_establish(&a, I0(), E.port, 0, T) == 0, "nva1 up");
	CHECK(td_establish(&s, I0(), E.port, 0, T) == 0, "slow peer up");
	int small = 4096;
	setsockopt(s.fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	static struct bgp_prefix px[200];
	td_prefixes(px, 200, 100);
	for (size_t i = 0; i < 200; i++) {
		uint32_t as[] = {65001, 64000 + (uint32_t)i}; /* one attribute set each */
		td_announce(&a, &px[i], 1, as, 2, a.addr, NULL, 0);
	}
	CHECK(td_ctl_wait(&E, "metrics", "\"routesLearned\":200", false, T), "200 learned");
	/* ask for the table again and again without reading: the queue passes
	 * its bound and stops moving; after the stall time (90 s nominal, 0.9 s
	 * here) the peer is dropped */
	uint8_t rr[23];
	memset(rr, 0xff, 16);
	rr[16] = 0;
	rr[17] = 23;
	rr[18] = 5;
	rr[19] = 0;
	rr[20] = 1;
	rr[21] = 0;
	rr[22] = 1;
	char needle[128];
	snprintf(needle, sizeof(needle), "peer=nva2 addr=%s code=6 subcode=8", td_ip(s.addr));
	uint64_t t0 = td_now_ms(), end = t0 + 10000;
	int dropped = 0;
	while (!dropped && td_now_ms() < end) {
		for (int i = 0; i < 20; i++)
			(void)!send(s.fd, rr, sizeof(rr), MSG_NOSIGNAL | MSG_DONTWAIT);
		dropped = td_log_wait(&E, needle, 100);
	}
	uint64_t dt = td_now_ms() - t0;
	CHECK(dropped, "slow reader dropped with 6/8");
	CHECK(dt >= 800, "not before the stall time: %llu ms", (unsigned long long)dt);
	CHECK(td_alive(&a), "nva1 unaffected");
	CHECK(td_session_has("nva1", 0, "\"state\":\"Established\""), "nva1 Established");
	td_peer_free(&a);
	td_peer_free(&s);
}

/* Listen on a fake NVA's address; accept the daemon's connection coming
 * from src (the other instance's attempts are closed). -1 on timeout. */
static int td_accept_from(int lfd, uint32_t src, int deadline_ms)
{
	uint64_t end = td_now_ms() + (uint64_t)deadline_ms;
	while (td_now_ms() < end) {
		struct pollfd pf = {.fd = lfd, .events = POLLIN};
		if (poll(&pf, 1, (int)(end - td_now_ms())) <= 0)
			return -1;
		struct sockaddr_in sa;
		socklen_t sl = sizeof(sa);
		int fd = accept(lfd, (struct sockaddr *)&sa, &sl);
		if (fd < 0)
			continue;
		if (ntohl(sa.sin_addr.s_addr) == src)
			return fd;
		close(fd);
	}
	return -1;
}

static int td_listen_on(uint32_t a, uint16_t port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
	sa.sin_addr.s_addr = htonl(a);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 8) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* RFC 4271 6.8 with both connections in flight: the daemon opens one (it
 * both connects and accepts, ARS-INSTANCES), the NVA opens the other; the
 * connection opened by the higher BGP identifier survives. */
static void td_collision_case(unsigned host, uint32_t asn, uint32_t bgp_id, bool inbound_wins)
{
	uint32_t me = td_addr(&E, 1, host);
	int lfd = td_listen_on(me, E.port);
	CHECK(lfd >= 0, "listen");
	struct td_peer out, in;
	td_peer_init(&out, me, asn); /* the daemon's connection */
	td_peer_init(&in, me, asn);  /* ours */
	out.fd = td_accept_from(lfd, I0(), T);
	CHECK(out.fd >= 0, "the daemon connects to us");
	CHECK(td_wait_type(&out, BGP_OPEN, T) == 1, "its OPEN on the daemon's connection");
	CHECK(td_peer_connect(&in, I0(), E.port, T) == 0, "we connect too");
	CHECK(td_wait_type(&in, BGP_OPEN, T) == 1, "its OPEN on our connection");
	td_send_open(&out, asn, 0, bgp_id);
	CHECK(td_wait_type(&out, BGP_KEEPALIVE, T) == 1, "OpenConfirm on the daemon's connection");
	td_send_open(&in, asn, 0, bgp_id);
	struct td_peer *win = inbound_wins ? &in : &out, *lose = inbound_wins ? &out : &in;
	uint8_t code = 0, sub = 0;
	CHECK(td_wait_notification(lose, T, &code, &sub) == 1 && code == 6 && sub == 7,
	      "loser gets 6/7, got %u/%u", code, sub);
	if (inbound_wins)
		CHECK(td_wait_type(win, BGP_KEEPALIVE, T) == 1, "winner reaches OpenConfirm");
	td_send_keepalive(win);
	char name[16];
	snprintf(name, sizeof(name), "nva%u", host);
	CHECK(td_wait_session(name, 0, "\"state\":\"Established\"", T), "Established");
	CHECK(td_alive(win), "winner alive");
	close(lfd);
	td_peer_free(&out);
	td_peer_free(&in);
}

static void sc_collision(void)
{
	/* remote ID 127.x > 10.0.255.4: the NVA's connection wins */
	td_collision_case(1, 65001, td_addr(&E, 1, 1), true);
	/* remote ID 1.1.1.1 < 10.0.255.4: the daemon's connection wins */
	td_collision_case(2, 65002, 0x01010101u, false);
	CHECK(td_log_has(&E, "Connection Collision Resolution"), "logged");
}

/* Garbage from several peers never disturbs another peer or the daemon. */
static void sc_garbage(void)
{
	struct td_peer good;
	td_peer_init(&good, td_addr(&E, 1, 3), 65003);
	CHECK(td_establish(&good, I0(), E.port, 0, T) == 0, "nva3 up");
	struct bgp_prefix p = td_pfx("10.33.0.0/16");
	uint32_t as[] = {65003};
	td_announce(&good, &p, 1, as, 1, good.addr, NULL, 0);
	CHECK(td_ctl_wait(&E, "effective-routes", "10.33.0.0/16", false, T), "nva3 route in");
	uint32_t seed = 12345;
	for (int round = 0; round < 60; round++) {
		struct td_peer x;
		unsigned host = 1 + (unsigned)(round % 2);
		td_peer_init(&x, td_addr(&E, 1, host), 65000 + host);
		bool est = round % 3 != 0;
		if (est ? td_establish(&x, round % 4 ? I0() : I1(), E.port, 0, T) != 0
		        : td_peer_connect(&x, I0(), E.port, T) != 0) {
			td_peer_free(&x);
			continue;
		}
		uint8_t m[600];
		for (int k = 0; k < 4; k++) {
			size_t n = 19 + (seed % 300);
			for (size_t i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				m[i] = (uint8_t)(seed >> 16);
			}
			if (round % 5 != 0)
				memset(m, 0xff, 16); /* get past the marker most times */
			m[16] = (uint8_t)(n >> 8);
			m[17] = (uint8_t)n;
			if (round % 2)
				m[18] = (uint8_t)(1 + seed % 5);
			td_send(&x, m, n);
		}
		td_recv(&x, 50);
		td_peer_free(&x);
	}
	CHECK(td_alive(&good), "nva3 untouched");
	CHECK(td_session_has("nva3", 0, "\"state\":\"Established\""), "nva3 Established");
	char *e = td_ctl(&E, "effective-routes");
	CHECK(e && strstr(e, "10.33.0.0/16"), "nva3 route kept");
	free(e);
	td_peer_free(&good);
}

/* A table far larger than the write queue's soft bound reaches a peer that
 * reads it (profile bench: no route limit). */
static void sc_big_table(void)
{
	struct td_peer a, b;
	td_peer_init(&a, td_addr(&E, 1, 1), 65001);
	td_peer_init(&b, td_addr(&E, 1, 2), 65002);
	CHECK(td_establish(&a, I0(), E.port, 0, T) == 0, "nva1 up");
	enum { N = 15000 };
	static struct bgp_prefix px[N];
	td_prefixes(px, N, 100);
	for (size_t i = 0; i < N; i++) {
		uint32_t as[] = {65001, 60000 + (uint32_t)(i % 5000), (uint32_t)(1 + i / 5000)};
		td_announce(&a, &px[i], 1, as, 3, a.addr, NULL, 0);
	}
	char want[64];
	snprintf(want, sizeof(want), "\"routesLearned\":%d", N);
	CHECK(td_ctl_wait(&E, "metrics", want, false, 10000), "%d learned", N);
	CHECK(td_establish(&b, I0(), E.port, 0, T) == 0, "nva2 up");
	uint64_t end = td_now_ms() + 15000;
	while (!b.got_eor && td_now_ms() < end)
		if (td_recv(&b, (int)(end - td_now_ms())) <= 0)
			break;
	size_t live = 0;
	for (size_t i = 0; i < b.nroutes; i++)
		live += b.routes[i].live;
	CHECK(b.got_eor && live == N + 1, "full table then End-of-RIB: %zu routes", live);
	CHECK(td_alive(&b), "nva2 not dropped");
	td_peer_free(&a);
	td_peer_free(&b);
}

/* ARS-BRANCH: a gateway route dropped while branch-to-branch is off is
 * logged with the rule, and turning it off again withdraws and unprograms
 * what the gateway sent. Off, on and the toggle with its ROUTE-REFRESH are
 * the catalogue's: ARS-BRANCH-OFF, ARS-BRANCH-ON, ARS-BRANCH-TOGGLE. */
static void sc_gateway(void)
{
	struct td_peer n, g;
	td_peer_init(&n, td_addr(&E, 1, 1), 65001);
	td_peer_init(&g, td_addr(&E, 2, 1), 65515);
	g.ctx.ibgp = true;
	g.local_pref = 100;
	CHECK(td_establish(&n, I0(), E.port, 0, T) == 0, "nva1 up");
	CHECK(td_establish(&g, I0(), E.port, 0, T) == 0, "gateway up");
	struct bgp_prefix pg = td_pfx("192.168.0.0/16");
	uint32_t asg[] = {12076};
	td_announce(&g, &pg, 1, asg, 1, g.addr, NULL, 0);
	CHECK(td_log_wait(&E, "prefix=192.168.0.0/16 rule=ARS-BRANCH", T), "gateway route dropped");
	char *r = td_ctl(&E, "branch-to-branch on");
	CHECK(r && strstr(r, "\"allowBranchToBranchTraffic\":true"), "on: %s", r ? r : "-");
	free(r);
	CHECK(td_wait_type(&g, BGP_ROUTE_REFRESH, T) == 1, "ROUTE-REFRESH to the gateway");
	td_announce(&g, &pg, 1, asg, 1, g.addr, NULL, 0);
	CHECK(td_wait_route(&n, "192.168.0.0/16", T) != NULL, "NVA learns the branch route");
	r = td_ctl(&E, "branch-to-branch off");
	free(r);
	CHECK(td_wait_gone(&n, "192.168.0.0/16", T), "withdrawn from the NVA when off again");
	CHECK(td_ctl_wait(&E, "effective-routes", "192.168.0.0/16", true, T), "and unprogrammed");
	td_peer_free(&n);
	td_peer_free(&g);
}

/* Without --foreground the daemon detaches once its sockets are bound and
 * still serves; SIGTERM stops it. */
static void sc_detach(void)
{
	struct td_peer a;
	td_peer_init(&a, td_addr(&E, 1, 1), 65001);
	CHECK(td_establish(&a, I0(), E.port, 0, T) == 0, "detached daemon serves BGP");
	CHECK(td_log_has(&E, "event=start"), "logs");
	CHECK(td_stop(&E, 10000) == 0, "stops on SIGTERM");
	uint8_t code = 0, sub = 0;
	CHECK(td_wait_notification(&a, T, &code, &sub) == 1 && code == 6 && sub == 2, "6/2");
	td_peer_free(&a);
}

struct td_scenario {
	const char *name;
	unsigned block;
	void (*fn)(void);
	bool extra_peers;
	const char *extra;
};

static const struct td_scenario scenarios[] = {
    {"up", 101, sc_up, true, NULL},
    {"asn_mismatch", 102, sc_asn_mismatch, true, NULL},
    {"refused", 103, sc_refused, true, NULL},
    {"limit", 105, sc_limit, true, NULL},
    {"malformed", 110, sc_malformed, true, NULL},
    {"vnet_peering", 111, sc_vnet_peering, true, NULL},
    {"sigterm", 112, sc_sigterm, true, NULL},
    {"control", 113, sc_control, true, NULL},
    {"slow_reader", 114, sc_slow_reader, true, NULL},
    {"collision", 115, sc_collision, true, NULL},
    {"garbage", 116, sc_garbage, true, NULL},
    {"big_table", 117, sc_big_table, true, "profile bench\n"},
    {"gateway", 118, sc_gateway, true, "gateway 127.118.2.1\n"},
    {"detach", 119, sc_detach, true, NULL},
    {"oversize", 121, sc_oversize, true, NULL},
};

/* rscert-rsd --check: 0 and silent for a valid file, 2 and
 * "file:line: RULE: message" for an invalid one. */
static int td_check_one(const char *rsd, const char *text, int want, const char *needle)
{
	char dir[] = "/tmp/rsd-check-XXXXXX", path[64], out[64];
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/rs.conf", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	char *argv[] = {(char *)rsd, "-c", path, "--check", NULL};
	struct u_spawn how = {.log = out};
	struct u_proc p;
	char err[256];
	int rc = u_proc_spawn(&p, argv, &how, err, sizeof(err)) < 0 ? -1 : u_proc_wait(&p, -1);
	char buf[1024] = "";
	f = fopen(out, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	buf[n] = 0;
	if (f)
		fclose(f);
	unlink(out);
	unlink(path);
	rmdir(dir);
	CHECK(rc == want, "--check exit %d, want %d (%s)", rc, want, buf);
	if (needle)
		CHECK(strstr(buf, needle) != NULL, "--check output %s lacks %s", buf, needle);
	return 0;
}

static int td_check(const char *rsd)
{
	const char *base = "asn 65515\nsubnet 10.0.255.0/27\n"
	                   "instance 0 10.0.255.4 listen 127.0.0.4\n"
	                   "instance 1 10.0.255.5 listen 127.0.0.5\nvnet 10.0.0.0/16\n";
	char text[1024];
	snprintf(text, sizeof(text), "%speer nva1 127.0.1.1 asn 65001\n", base);
	td_check_one(rsd, text, 0, NULL);
	snprintf(text, sizeof(text),
	         "%speer nva1 127.0.1.1 asn 65001\npeer nva2 127.0.1.2 asn 65520\n", base);
	td_check_one(rsd, text, 2, "rs.conf:7: ARS-ASN-RESERVED");
	snprintf(text, sizeof(text), "%sfrobnicate on\n", base);
	td_check_one(rsd, text, 2, ":6: ");
	printf("check: %s\n", td_failed ? "FAIL" : "ok");
	return td_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: rsd_itest SCENARIO RSCERT_RSD [RSCTL]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if (strcmp(argv[1], "check") == 0)
		return td_check(argv[2]);
	if (strcmp(argv[1], "freeport") == 0) {
		/* for scripts: a TCP port free on the address argv[2] */
		uint32_t a = 0;
		if (bgp_addr_parse_ipv4(argv[2], &a) != BGP_ADDR_OK)
			return 2;
		uint16_t port = td_free_port(a);
		printf("%u\n", port);
		return port ? 0 : 1;
	}
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		const struct td_scenario *sc = &scenarios[i];
		if (strcmp(sc->name, argv[1]) != 0)
			continue;
		memset(&E, 0, sizeof(E));
		E.block = sc->block;
		E.rsctl = argc > 3 ? argv[3] : NULL;
		E.detach = sc->fn == sc_detach;
		char extra[1024];
		snprintf(extra, sizeof(extra), "%s%s", sc->extra_peers ? td_peers3() : "",
		         sc->extra ? sc->extra : "");
		if (td_start(&E, sc->block, argv[2], 0.01, extra) < 0) {
			fprintf(stderr, "FAIL: daemon did not start\n");
			td_cleanup(&E);
			return 1;
		}
		sc->fn();
		if (E.pid > 0) {
			char *p = td_ctl(&E, "ping");
			CHECK(p != NULL, "daemon still answers after the scenario");
			free(p);
			int st = td_stop(&E, 10000);
			CHECK(st == 0, "clean exit: %d", st);
		}
		if (td_failed) {
			FILE *f = fopen(E.log, "r");
			char line[1024];
			fprintf(stderr, "---- daemon log ----\n");
			while (f && fgets(line, sizeof(line), f))
				fputs(line, stderr);
			if (f)
				fclose(f);
		}
		td_cleanup(&E);
		printf("%s: %s (%d failed checks)\n", sc->name, td_failed ? "FAIL" : "ok",
		       td_failed);
		return td_failed ? 1 : 0;
	}
	fprintf(stderr, "unknown scenario %s\n", argv[1]);
	return 2;
}
