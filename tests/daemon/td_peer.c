/* td_peer.c: a fake NVA over loopback TCP, built on the codec. */
#include "td.h"

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

static uint64_t td_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

struct bgp_prefix td_pfx(const char *s)
{
	struct bgp_prefix p;
	memset(&p, 0, sizeof(p));
	if (bgp_parse_prefix(s, &p) != 0)
		fprintf(stderr, "bad prefix %s\n", s);
	return p;
}

void td_peer_init(struct td_peer *p, uint32_t addr, uint32_t asn)
{
	memset(p, 0, sizeof(*p));
	p->fd = -1;
	p->addr = addr;
	p->asn = asn;
	p->rr = true;
	p->ctx.as4 = true;
	p->arena_mem = malloc(BGP_ARENA_SIZE);
	p->routes = calloc(TD_MAX_ROUTES, sizeof(*p->routes));
	p->slots = calloc(TD_MAX_ROUTES * 2, sizeof(*p->slots));
	bgp_arena_init(&p->arena, p->arena_mem, BGP_ARENA_SIZE);
}

void td_peer_close(struct td_peer *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	p->len = 0;
	p->nroutes = 0;
	if (p->slots)
		memset(p->slots, 0, TD_MAX_ROUTES * 2 * sizeof(*p->slots));
	p->got_eor = false;
}

void td_peer_free(struct td_peer *p)
{
	td_peer_close(p);
	free(p->arena_mem);
	p->arena_mem = NULL;
	free(p->routes);
	p->routes = NULL;
	free(p->slots);
	p->slots = NULL;
}

int td_peer_connect(struct td_peer *p, uint32_t dst, uint16_t port, int deadline_ms)
{
	td_peer_close(p);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in la = {.sin_family = AF_INET};
	la.sin_addr.s_addr = htonl(p->addr);
	struct sockaddr_in ra = {.sin_family = AF_INET, .sin_port = htons(port)};
	ra.sin_addr.s_addr = htonl(dst);
	if (bind(fd, (struct sockaddr *)&la, sizeof(la)) < 0 ||
	    (connect(fd, (struct sockaddr *)&ra, sizeof(ra)) < 0 && errno != EINPROGRESS)) {
		close(fd);
		return -1;
	}
	struct pollfd pf = {.fd = fd, .events = POLLOUT};
	int err = 0;
	socklen_t el = sizeof(err);
	if (poll(&pf, 1, deadline_ms) != 1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0 ||
	    err) {
		close(fd);
		return -1;
	}
	p->fd = fd;
	return 0;
}

int td_send(struct td_peer *p, const uint8_t *m, size_t n)
{
	size_t off = 0;
	uint64_t end = td_ms() + 5000;
	while (off < n) {
		ssize_t k = send(p->fd, m + off, n - off, MSG_NOSIGNAL);
		if (k < 0) {
			if (errno != EAGAIN)
				return -1;
			struct pollfd pf = {.fd = p->fd, .events = POLLOUT};
			if (td_ms() >= end || poll(&pf, 1, (int)(end - td_ms())) <= 0)
				return -1;
			continue;
		}
		off += (size_t)k;
	}
	return 0;
}

int td_send_open(struct td_peer *p, uint32_t asn, uint16_t hold, uint32_t bgp_id)
{
	uint8_t m[64];
	memset(m, 0xff, 16);
	size_t o = 19;
	m[o++] = 4;
	uint16_t as2 = asn > 0xffff ? BGP_AS_TRANS : (uint16_t)asn;
	m[o++] = (uint8_t)(as2 >> 8);
	m[o++] = (uint8_t)as2;
	m[o++] = (uint8_t)(hold >> 8);
	m[o++] = (uint8_t)hold;
	m[o++] = (uint8_t)(bgp_id >> 24);
	m[o++] = (uint8_t)(bgp_id >> 16);
	m[o++] = (uint8_t)(bgp_id >> 8);
	m[o++] = (uint8_t)bgp_id;
	size_t optlen_at = o++;
	uint8_t caps[] = {2,
	                  6,
	                  1,
	                  4,
	                  0,
	                  1,
	                  0,
	                  1,
	                  2,
	                  6,
	                  65,
	                  4,
	                  (uint8_t)(asn >> 24),
	                  (uint8_t)(asn >> 16),
	                  (uint8_t)(asn >> 8),
	                  (uint8_t)asn};
	memcpy(m + o, caps, sizeof(caps));
	o += sizeof(caps);
	if (p->rr) {
		uint8_t rr[] = {2, 2, 2, 0};
		memcpy(m + o, rr, sizeof(rr));
		o += sizeof(rr);
	}
	m[optlen_at] = (uint8_t)(o - optlen_at - 1);
	m[16] = (uint8_t)(o >> 8);
	m[17] = (uint8_t)o;
	m[18] = BGP_OPEN;
	p->hold = hold;
	return td_send(p, m, o);
}

int td_send_keepalive(struct td_peer *p)
{
	uint8_t m[19];
	size_t n = bgp_encode_keepalive(m, sizeof(m));
	return td_send(p, m, n);
}

int td_send_route_refresh(struct td_peer *p)
{
	uint8_t m[23];
	memset(m, 0xff, 16);
	m[16] = 0;
	m[17] = 23;
	m[18] = BGP_ROUTE_REFRESH;
	m[19] = 0;
	m[20] = 1;
	m[21] = 0;
	m[22] = 1;
	return td_send(p, m, sizeof(m));
}

static size_t td_route_hash(const struct bgp_prefix *x)
{
	uint32_t h = 2166136261u ^ x->len;
	for (int i = 0; i < 16; i++)
		h = (h ^ x->addr[i]) * 16777619u;
	return h % (TD_MAX_ROUTES * 2);
}

static bool td_same(const struct bgp_prefix *a, const struct bgp_prefix *b)
{
	return a->len == b->len && memcmp(a->addr, b->addr, 16) == 0;
}

/* The slot of a prefix in the open hash: holding it, or the empty one
 * where it would go. */
static size_t td_route_probe(const struct td_peer *p, const struct bgp_prefix *x)
{
	size_t h = td_route_hash(x);
	while (p->slots[h] != 0 && !td_same(&p->routes[p->slots[h] - 1].p, x))
		h = (h + 1) % (TD_MAX_ROUTES * 2);
	return h;
}

static struct td_route *td_route_slot(struct td_peer *p, const struct bgp_prefix *x)
{
	size_t h = td_route_probe(p, x);
	if (p->slots[h])
		return &p->routes[p->slots[h] - 1];
	if (p->nroutes >= TD_MAX_ROUTES)
		return NULL;
	struct td_route *r = &p->routes[p->nroutes++];
	memset(r, 0, sizeof(*r));
	r->p = *x;
	p->slots[h] = (uint32_t)p->nroutes;
	return r;
}

static void td_track_update(struct td_peer *p, const struct bgp_update *u)
{
	p->n_updates++;
	for (size_t i = 0; i < u->nwithdrawn; i++) {
		struct td_route *r = td_route_slot(p, &u->withdrawn[i]);
		if (r)
			r->live = false;
	}
	if (u->nnlri == 0 && u->nwithdrawn == 0)
		p->got_eor = true;
	for (size_t i = 0; i < u->nnlri; i++) {
		struct td_route *r = td_route_slot(p, &u->nlri[i]);
		if (!r)
			continue;
		r->live = true;
		r->nh = u->attrs.next_hop;
		r->aspath[0] = 0;
		bgp_format_as_path(&u->attrs.as_path, "-", r->aspath, sizeof(r->aspath));
	}
}

int td_recv(struct td_peer *p, int deadline_ms)
{
	uint64_t end = td_ms() + (uint64_t)(deadline_ms > 0 ? deadline_ms : 0);
	for (;;) {
		size_t mlen = 0;
		struct bgp_verdict v;
		memset(&v, 0, sizeof(v));
		enum bgp_frame_result fr = bgp_frame(p->buf, p->len, &p->ctx, &mlen, &v);
		if (fr == BGP_FRAME_ERR)
			return 0;
		if (fr == BGP_FRAME_OK) {
			memcpy(p->lastraw, p->buf, mlen);
			memmove(p->buf, p->buf + mlen, p->len - mlen);
			p->len -= mlen;
			bgp_arena_reset(&p->arena);
			memset(&v, 0, sizeof(v));
			bgp_decode(p->lastraw, mlen, &p->ctx, &p->arena, &p->last, &v);
			int t = p->lastraw[18];
			if (t == BGP_OPEN) {
				p->peer_open = p->last.u.open;
				p->peer_open.caps = NULL;
				p->peer_open.params = NULL;
			} else if (t == BGP_UPDATE && v.action != BGP_ACT_SESSION_RESET) {
				td_track_update(p, &p->last.u.update);
			} else if (t == BGP_ROUTE_REFRESH) {
				p->n_refresh++;
			}
			return t;
		}
		if (p->fd < 0)
			return 0;
		uint64_t now = td_ms();
		if (now >= end)
			return -1;
		struct pollfd pf = {.fd = p->fd, .events = POLLIN};
		if (poll(&pf, 1, (int)(end - now)) <= 0)
			return -1;
		ssize_t n = recv(p->fd, p->buf + p->len, sizeof(p->buf) - p->len, 0);
		if (n <= 0)
			return 0;
		p->len += (size_t)n;
	}
}

int td_wait_type(struct td_peer *p, int type, int deadline_ms)
{
	uint64_t end = td_ms() + (uint64_t)deadline_ms;
	for (;;) {
		uint64_t now = td_ms();
		int t = td_recv(p, now >= end ? 0 : (int)(end - now));
		if (t == type)
			return 1;
		if (t <= 0)
			return t;
	}
}

int td_wait_notification(struct td_peer *p, int deadline_ms, uint8_t *code, uint8_t *sub)
{
	int r = td_wait_type(p, BGP_NOTIFICATION, deadline_ms);
	if (r == 1) {
		*code = p->lastraw[19];
		*sub = p->lastraw[20];
	}
	return r;
}

int td_establish(struct td_peer *p, uint32_t dst, uint16_t port, uint16_t hold, int deadline_ms)
{
	if (td_peer_connect(p, dst, port, deadline_ms) < 0)
		return -1;
	if (td_send_open(p, p->asn, hold, p->addr) < 0)
		return -1;
	if (td_wait_type(p, BGP_OPEN, deadline_ms) != 1)
		return -1;
	if (td_send_keepalive(p) < 0)
		return -1;
	return td_wait_type(p, BGP_KEEPALIVE, deadline_ms) == 1 ? 0 : -1;
}

static void td_attrs(struct bgp_attrs *a, uint32_t *segbuf, struct bgp_as_segment *seg,
                     const uint32_t *asp, size_t nasp, uint32_t nh, const uint32_t *comm,
                     size_t ncomm)
{
	memset(a, 0, sizeof(*a));
	a->origin = BGP_ORIGIN_IGP;
	bgp_attr_set(a, BGP_ATTR_ORIGIN);
	memcpy(segbuf, asp, nasp * sizeof(*asp));
	seg->type = BGP_SEG_SEQUENCE;
	seg->count = (uint8_t)nasp;
	seg->asns = segbuf;
	a->as_path.nseg = nasp ? 1 : 0;
	a->as_path.segs = seg;
	bgp_attr_set(a, BGP_ATTR_AS_PATH);
	a->next_hop = nh;
	bgp_attr_set(a, BGP_ATTR_NEXT_HOP);
	if (ncomm) {
		a->ncommunities = ncomm;
		a->communities = (uint32_t *)comm;
		bgp_attr_set(a, BGP_ATTR_COMMUNITIES);
	}
}

static int td_pack_all(struct td_peer *p, const struct bgp_attrs *a, const struct bgp_prefix *pfx,
                       size_t n, int withdraw)
{
	uint8_t m[BGP_MAX_LEN];
	size_t i = 0;
	while (i < n) {
		size_t used = 0;
		size_t len =
		    bgp_pack_update(&p->ctx, a, pfx + i, n - i, withdraw, m, sizeof(m), &used);
		if (len == 0 || used == 0)
			return -1;
		if (td_send(p, m, len) < 0)
			return -1;
		i += used;
	}
	return 0;
}

int td_announce(struct td_peer *p, const struct bgp_prefix *pfx, size_t n, const uint32_t *asp,
                size_t nasp, uint32_t nh, const uint32_t *comm, size_t ncomm)
{
	struct bgp_attrs a;
	uint32_t segbuf[64];
	struct bgp_as_segment seg;
	td_attrs(&a, segbuf, &seg, asp, nasp > 64 ? 64 : nasp, nh, comm, ncomm);
	if (p->local_pref) {
		a.local_pref = p->local_pref;
		bgp_attr_set(&a, BGP_ATTR_LOCAL_PREF);
	}
	return td_pack_all(p, &a, pfx, n, 0);
}

int td_withdraw(struct td_peer *p, const struct bgp_prefix *pfx, size_t n)
{
	struct bgp_attrs a;
	memset(&a, 0, sizeof(a));
	return td_pack_all(p, &a, pfx, n, 1);
}

const struct td_route *td_route_get(const struct td_peer *p, const char *prefix)
{
	struct bgp_prefix x = td_pfx(prefix);
	size_t h = td_route_probe(p, &x);
	const struct td_route *r = p->slots[h] ? &p->routes[p->slots[h] - 1] : NULL;
	return r && r->live ? r : NULL;
}

const struct td_route *td_wait_route(struct td_peer *p, const char *prefix, int deadline_ms)
{
	uint64_t end = td_ms() + (uint64_t)deadline_ms;
	for (;;) {
		const struct td_route *r = td_route_get(p, prefix);
		if (r)
			return r;
		uint64_t now = td_ms();
		if (now >= end || td_recv(p, (int)(end - now)) <= 0)
			return td_route_get(p, prefix);
	}
}

int td_wait_gone(struct td_peer *p, const char *prefix, int deadline_ms)
{
	uint64_t end = td_ms() + (uint64_t)deadline_ms;
	for (;;) {
		if (!td_route_get(p, prefix))
			return 1;
		uint64_t now = td_ms();
		if (now >= end || td_recv(p, (int)(end - now)) <= 0)
			return !td_route_get(p, prefix);
	}
}

bool td_alive(struct td_peer *p)
{
	if (p->fd < 0)
		return false;
	for (;;) {
		int t = td_recv(p, 0);
		if (t == 0)
			return false;
		if (t < 0)
			return true;
		if (t == BGP_NOTIFICATION)
			return false;
	}
}

const struct td_route *td_wait_path(struct td_peer *p, const char *prefix, const char *aspath,
                                    int deadline_ms)
{
	uint64_t end = td_ms() + (uint64_t)deadline_ms;
	for (;;) {
		const struct td_route *r = td_route_get(p, prefix);
		if (r && strcmp(r->aspath, aspath) == 0)
			return r;
		uint64_t now = td_ms();
		if (now >= end || td_recv(p, (int)(end - now)) <= 0)
			return r;
	}
}
