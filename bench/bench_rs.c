/* bench_rs.c: route server convergence benchmark.
 *
 * N feeder peers each announce M unique /24s to one route server instance;
 * one sink peer announces nothing. The clock runs from the first UPDATE
 * byte sent until every peer holds the full table re-advertised by the
 * server: each feeder the (N-1) x M routes of the others, the sink all
 * N x M. Every UPDATE stream is encoded before the clock starts. The
 * server's peak memory (VmHWM) is read from /proc when its pid is given.
 *
 * Usage: bench_rs --server ADDR --port P [--pid PID] [--feeders N]
 *                 [--prefixes M] [--src-base 127.0.10.1] [--asn-base 65001]
 *                 [--sink-asn 65100] [--timeout SECONDS] [--label NAME] */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bgp_codec.h"

#define BR_MAX_PEERS 64
#define BR_PREFIX_BASE 0x14000000u /* 20.0.0.0 */
#define BR_SLOT_BITS 17            /* room for 131072 /24s per feeder */
#define BR_RBUF (1u << 20)

struct br_opts {
	const char *server;
	unsigned port;
	long pid;
	unsigned feeders;
	unsigned prefixes;
	const char *src_base;
	unsigned asn_base;
	unsigned sink_asn;
	double timeout;
	const char *label;
};

struct br_peer {
	int fd;
	uint32_t asn;
	uint32_t src;
	int established;
	uint8_t *out;         /* encoded UPDATE stream (feeders) */
	size_t out_len;
	size_t out_off;
	uint8_t *in;
	size_t in_len;
	uint8_t *held;        /* bitmap over every feeder slot */
	size_t nheld;
	size_t want;
	double done_at;
};

static double br_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int br_usage(void)
{
	fprintf(stderr, "usage: bench_rs --server ADDR --port P [--pid PID] [--feeders N] "
			"[--prefixes M] [--src-base ADDR] [--asn-base ASN] [--sink-asn ASN] "
			"[--timeout S] [--label NAME]\n");
	return 2;
}

static int br_parse(int argc, char **argv, struct br_opts *o)
{
	*o = (struct br_opts){.port = 179, .feeders = 8, .prefixes = 100000,
			      .src_base = "127.0.10.1", .asn_base = 65001, .sink_asn = 65100,
			      .timeout = 300, .label = "server"};
	for (int i = 1; i < argc; i++) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (v == NULL)
			return -1;
		if (!strcmp(k, "--server"))
			o->server = v;
		else if (!strcmp(k, "--port"))
			o->port = (unsigned)atoi(v);
		else if (!strcmp(k, "--pid"))
			o->pid = atol(v);
		else if (!strcmp(k, "--feeders"))
			o->feeders = (unsigned)atoi(v);
		else if (!strcmp(k, "--prefixes"))
			o->prefixes = (unsigned)atoi(v);
		else if (!strcmp(k, "--src-base"))
			o->src_base = v;
		else if (!strcmp(k, "--asn-base"))
			o->asn_base = (unsigned)atoi(v);
		else if (!strcmp(k, "--sink-asn"))
			o->sink_asn = (unsigned)atoi(v);
		else if (!strcmp(k, "--timeout"))
			o->timeout = atof(v);
		else if (!strcmp(k, "--label"))
			o->label = v;
		else
			return -1;
		i++;
	}
	if (o->server == NULL || o->feeders < 1 || o->feeders + 1 > BR_MAX_PEERS ||
	    o->prefixes < 1 || o->prefixes > (1u << BR_SLOT_BITS))
		return -1;
	return 0;
}

static size_t br_open_msg(uint32_t asn, uint32_t id, uint8_t *out, size_t cap)
{
	struct bgp_msg m = {.type = BGP_OPEN};
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_open *o = &m.u.open;
	uint8_t as4[4] = {asn >> 24, asn >> 16, asn >> 8, asn};
	uint8_t mp[4] = {0, 1, 0, 1};
	struct bgp_capability caps[3] = {
		{.code = BGP_CAP_MP, .len = 4, .data = mp},
		{.code = BGP_CAP_ROUTE_REFRESH, .len = 0, .data = NULL},
		{.code = BGP_CAP_AS4, .len = 4, .data = as4},
	};

	o->version = BGP_VERSION;
	o->my_as = asn > 65535 ? BGP_AS_TRANS : (uint16_t)asn;
	o->hold_time = 0; /* no keepalives needed during the run */
	o->bgp_id = id;
	o->ncaps = 3;
	o->caps = caps;
	return bgp_encode(&m, &ctx, out, cap);
}

static uint32_t br_slot_addr(unsigned feeder, unsigned k)
{
	return BR_PREFIX_BASE + ((((uint32_t)feeder << BR_SLOT_BITS) | k) << 8);
}

/* The whole table of one feeder, packed into UPDATEs, encoded once. */
static int br_encode_feed(struct br_peer *p, unsigned feeder, unsigned m)
{
	struct bgp_ctx ctx = {.as4 = true};
	struct bgp_attrs a;
	struct bgp_as_segment seg;
	uint32_t asn = p->asn;
	struct bgp_prefix *pfx = calloc(m, sizeof(*pfx));
	size_t cap = (size_t)m * 4 + 65536, off = 0, i = 0;

	p->out = malloc(cap);
	if (pfx == NULL || p->out == NULL) {
		free(pfx);
		return -1;
	}
	memset(&a, 0, sizeof(a));
	seg = (struct bgp_as_segment){.type = BGP_SEG_SEQUENCE, .count = 1, .asns = &asn};
	a.as_path = (struct bgp_as_path){.nseg = 1, .segs = &seg};
	a.origin = BGP_ORIGIN_IGP;
	a.next_hop = 0x0A000100u + feeder + 4; /* 10.0.1.x, a modelled NVA address */
	bgp_attr_set(&a, BGP_ATTR_ORIGIN);
	bgp_attr_set(&a, BGP_ATTR_AS_PATH);
	bgp_attr_set(&a, BGP_ATTR_NEXT_HOP);
	for (unsigned k = 0; k < m; k++) {
		uint32_t addr = br_slot_addr(feeder, k);

		pfx[k].afi = BGP_AFI_IPV4;
		pfx[k].len = 24;
		pfx[k].addr[0] = addr >> 24;
		pfx[k].addr[1] = addr >> 16;
		pfx[k].addr[2] = addr >> 8;
	}
	while (i < m) {
		size_t used = 0, n;

		if (cap - off < BGP_MAX_LEN)
			break;
		n = bgp_pack_update(&ctx, &a, pfx + i, m - i, 0, p->out + off, cap - off, &used);
		if (n == 0 || used == 0)
			break;
		off += n;
		i += used;
	}
	free(pfx);
	p->out_len = off;
	return i == m ? 0 : -1;
}

static int br_connect(struct br_peer *p, const struct br_opts *o)
{
	struct sockaddr_in src = {.sin_family = AF_INET}, dst = {.sin_family = AF_INET};
	int one = 1, buf = 4 << 20;

	p->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (p->fd < 0)
		return -1;
	setsockopt(p->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(p->fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
	setsockopt(p->fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	src.sin_addr.s_addr = htonl(p->src);
	dst.sin_port = htons((uint16_t)o->port);
	if (inet_pton(AF_INET, o->server, &dst.sin_addr) != 1)
		return -1;
	if (bind(p->fd, (struct sockaddr *)&src, sizeof(src)) < 0 ||
	    connect(p->fd, (struct sockaddr *)&dst, sizeof(dst)) < 0) {
		fprintf(stderr, "bench_rs: connect from %s: %s\n",
			inet_ntoa(src.sin_addr), strerror(errno));
		return -1;
	}
	fcntl(p->fd, F_SETFL, fcntl(p->fd, F_GETFL) | O_NONBLOCK);
	return 0;
}

static int br_send_all(int fd, const uint8_t *b, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, b, n);

		if (w < 0 && errno == EAGAIN) {
			struct pollfd pf = {.fd = fd, .events = POLLOUT};

			poll(&pf, 1, 1000);
			continue;
		}
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

static void br_count_update(struct br_peer *p, const struct bgp_update *u, unsigned m)
{
	for (size_t i = 0; i < u->nnlri + u->nwithdrawn; i++) {
		int add = i < u->nnlri;
		const struct bgp_prefix *x = add ? &u->nlri[i] : &u->withdrawn[i - u->nnlri];
		uint32_t addr = ((uint32_t)x->addr[0] << 24) | ((uint32_t)x->addr[1] << 16) |
				((uint32_t)x->addr[2] << 8);
		uint32_t idx, bit;

		if (x->len != 24 || addr < BR_PREFIX_BASE)
			continue;
		idx = (addr - BR_PREFIX_BASE) >> 8;
		if ((idx & ((1u << BR_SLOT_BITS) - 1)) >= m || (idx >> BR_SLOT_BITS) >= BR_MAX_PEERS)
			continue;
		bit = 1u << (idx & 7);
		if (add && !(p->held[idx >> 3] & bit)) {
			p->held[idx >> 3] |= (uint8_t)bit;
			p->nheld++;
		} else if (!add && (p->held[idx >> 3] & bit)) {
			p->held[idx >> 3] &= (uint8_t)~bit;
			p->nheld--;
		}
	}
}

/* Read what is there; count routes; answer the OPEN. -1 on a lost session. */
static int br_read(struct br_peer *p, unsigned m, struct bgp_arena *arena)
{
	struct bgp_ctx ctx = {.as4 = true};
	uint8_t ka[BGP_HEADER_LEN];
	ssize_t r = read(p->fd, p->in + p->in_len, BR_RBUF - p->in_len);
	size_t off = 0;

	if (r == 0 || (r < 0 && errno != EAGAIN))
		return -1;
	if (r > 0)
		p->in_len += (size_t)r;
	for (;;) {
		struct bgp_verdict v;
		struct bgp_msg msg;
		size_t len = 0;
		enum bgp_frame_result fr = bgp_frame(p->in + off, p->in_len - off, &ctx, &len, &v);

		if (fr == BGP_FRAME_NEED)
			break;
		if (fr == BGP_FRAME_ERR)
			return -1;
		bgp_arena_reset(arena);
		if (bgp_decode(p->in + off, len, &ctx, arena, &msg, &v) == BGP_ACT_SESSION_RESET) {
			fprintf(stderr, "bench_rs: AS%u received a bad message: %s\n", p->asn,
				v.reason ? v.reason : "?");
			return -1;
		}
		if (msg.type == BGP_OPEN)
			br_send_all(p->fd, ka, bgp_encode_keepalive(ka, sizeof(ka)));
		else if (msg.type == BGP_KEEPALIVE)
			p->established = 1;
		else if (msg.type == BGP_UPDATE)
			br_count_update(p, &msg.u.update, m);
		else if (msg.type == BGP_NOTIFICATION) {
			fprintf(stderr, "bench_rs: AS%u got NOTIFICATION %u/%u\n", p->asn,
				msg.u.notification.code, msg.u.notification.subcode);
			return -1;
		}
		off += len;
	}
	memmove(p->in, p->in + off, p->in_len - off);
	p->in_len -= off;
	return 0;
}

static long br_proc_kb(long pid, const char *key)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			kb = atol(line + strlen(key) + 1);
	fclose(f);
	return kb;
}

/* Poll every peer until pred holds for all, or the deadline passes. */
static int br_pump(struct br_peer *peers, unsigned n, unsigned m, struct bgp_arena *arena,
		   double deadline, int converge)
{
	struct pollfd pf[BR_MAX_PEERS];

	for (;;) {
		unsigned ready = 0;
		double now = br_now();

		for (unsigned i = 0; i < n; i++) {
			struct br_peer *p = &peers[i];

			if (converge && p->nheld == p->want && p->done_at == 0)
				p->done_at = now;
			ready += converge ? p->nheld == p->want && p->out_off == p->out_len
					  : p->established;
			pf[i] = (struct pollfd){.fd = p->fd, .events = POLLIN};
			if (converge && p->out_off < p->out_len)
				pf[i].events |= POLLOUT;
		}
		if (ready == n)
			return 0;
		if (now > deadline)
			return -1;
		if (poll(pf, n, 100) < 0)
			return -1;
		for (unsigned i = 0; i < n; i++) {
			struct br_peer *p = &peers[i];

			if ((pf[i].revents & (POLLIN | POLLHUP | POLLERR)) && br_read(p, m, arena) < 0)
				return -1;
			if (pf[i].revents & POLLOUT) {
				size_t chunk = p->out_len - p->out_off;
				ssize_t w = write(p->fd, p->out + p->out_off,
						  chunk > (1u << 20) ? (1u << 20) : chunk);

				if (w > 0)
					p->out_off += (size_t)w;
				else if (w < 0 && errno != EAGAIN)
					return -1;
			}
		}
	}
}

static void br_free(struct br_peer *peers, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (peers[i].fd >= 0)
			close(peers[i].fd);
		free(peers[i].out);
		free(peers[i].in);
		free(peers[i].held);
	}
}

int main(int argc, char **argv)
{
	static uint8_t arena_mem[BGP_ARENA_SIZE];
	struct br_peer peers[BR_MAX_PEERS];
	struct bgp_arena arena;
	struct br_opts o;
	struct in_addr base;
	unsigned n;
	size_t total = 0;
	double t0, t1, last = 0;
	int rc;

	if (br_parse(argc, argv, &o) < 0 || inet_pton(AF_INET, o.src_base, &base) != 1)
		return br_usage();
	n = o.feeders + 1;
	bgp_arena_init(&arena, arena_mem, sizeof(arena_mem));
	memset(peers, 0, sizeof(peers));
	for (unsigned i = 0; i < n; i++) {
		struct br_peer *p = &peers[i];
		uint8_t open[256];
		size_t len;

		p->fd = -1;
		p->asn = i < o.feeders ? o.asn_base + i : o.sink_asn;
		p->src = ntohl(base.s_addr) + i;
		p->in = malloc(BR_RBUF);
		p->held = calloc((size_t)BR_MAX_PEERS << BR_SLOT_BITS >> 3, 1);
		p->want = (size_t)o.prefixes * (i < o.feeders ? o.feeders - 1 : o.feeders);
		if (p->in == NULL || p->held == NULL ||
		    (i < o.feeders && br_encode_feed(p, i, o.prefixes) < 0) || br_connect(p, &o) < 0)
			goto fail;
		len = br_open_msg(p->asn, p->src, open, sizeof(open));
		if (len == 0 || br_send_all(p->fd, open, len) < 0)
			goto fail;
		total += p->out_len;
	}
	if (br_pump(peers, n, o.prefixes, &arena, br_now() + 30, 0) < 0) {
		fprintf(stderr, "bench_rs: sessions did not come up\n");
		goto fail;
	}
	t0 = br_now();
	rc = br_pump(peers, n, o.prefixes, &arena, t0 + o.timeout, 1);
	t1 = br_now();
	for (unsigned i = 0; i < n; i++)
		if (peers[i].done_at > last)
			last = peers[i].done_at;
	printf("%-10s feeders=%u prefixes/feeder=%u sent=%.1f MB converged=%s time=%.3f s "
	       "rate=%.0f prefixes/s peak_rss=%ld KiB rss=%ld KiB sink=%zu/%zu\n",
	       o.label, o.feeders, o.prefixes, (double)total / 1e6, rc == 0 ? "yes" : "NO",
	       (rc == 0 ? last : t1) - t0,
	       (double)o.prefixes * o.feeders / ((rc == 0 ? last : t1) - t0),
	       o.pid ? br_proc_kb(o.pid, "VmHWM") : -1L, o.pid ? br_proc_kb(o.pid, "VmRSS") : -1L,
	       peers[n - 1].nheld, peers[n - 1].want);
	br_free(peers, n);
	return rc == 0 ? 0 : 1;
fail:
	br_free(peers, n);
	return 1;
}
