/* td.h: helpers for the daemon's integration tests: a temporary
 * configuration, the daemon as a child process, control requests, and fake
 * NVAs speaking BGP over loopback TCP through the codec. Every wait has a
 * deadline; nothing sleeps for a fixed time. */
#ifndef RSCERT_TD_H
#define RSCERT_TD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bgp_codec.h"

#define TD_MAX_ROUTES 16384

struct td_env {
	char dir[256];
	char cfg[320];
	char sock[320];
	char log[320];
	const char *rsd;   /* path of rscert-rsd */
	const char *rsctl; /* path of rsctl, may be NULL */
	unsigned block;    /* 127.block.0.0/16 holds every address of the test */
	uint16_t port;
	pid_t pid;
	bool detach; /* start without --foreground; pid then comes from ping */
	double scale;
};

/* 127.block.x.y in host order */
uint32_t td_addr(const struct td_env *e, unsigned x, unsigned y);
const char *td_ip(uint32_t a); /* static buffer rotation of 8 */
/* A TCP port free on address a (bind to port 0 and read it back), 0 on error. */
uint16_t td_free_port(uint32_t a);

/* Write the config (the common part plus extra lines) and start the daemon;
 * waits until it answers ping. 0 or -1. */
int td_start(struct td_env *e, unsigned block, const char *rsd, double scale, const char *extra);
/* SIGTERM, wait for exit (deadline ms); returns the exit status or -1. */
int td_stop(struct td_env *e, int deadline_ms);
void td_cleanup(struct td_env *e);
/* One control request; malloc'd answer or NULL. */
char *td_ctl(const struct td_env *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Repeat a request until its answer contains needle (or, with negate, no
 * longer contains it) or the deadline passes. 1 when it did. */
int td_ctl_wait(const struct td_env *e, const char *req, const char *needle, bool negate,
                int deadline_ms);
/* Whether the log contains needle. */
int td_log_has(const struct td_env *e, const char *needle);
int td_log_wait(const struct td_env *e, const char *needle, int deadline_ms);

/* ---- fake NVA ---- */
struct td_route {
	struct bgp_prefix p;
	char aspath[128];
	uint32_t nh;
	bool live;
};

struct td_peer {
	int fd;
	uint32_t addr; /* local address */
	uint32_t asn;
	uint16_t hold;
	bool rr;             /* advertise route refresh */
	uint32_t local_pref; /* sent in UPDATEs when non-zero (an internal peer) */
	struct bgp_ctx ctx;
	uint8_t buf[65536 * 2];
	size_t len;
	void *arena_mem;
	struct bgp_arena arena;
	struct bgp_msg last; /* last message read (valid until the next read) */
	uint8_t lastraw[BGP_MAX_LEN];
	struct bgp_open peer_open; /* the daemon's OPEN (scalars only) */
	bool got_eor;
	unsigned n_refresh; /* ROUTE-REFRESH received */
	unsigned n_updates;
	struct td_route *routes; /* TD_MAX_ROUTES */
	uint32_t *slots;         /* open hash: prefix -> route index + 1 */
	size_t nroutes;
};

void td_peer_init(struct td_peer *p, uint32_t addr, uint32_t asn);
void td_peer_close(struct td_peer *p);
void td_peer_free(struct td_peer *p);
int td_peer_connect(struct td_peer *p, uint32_t dst, uint16_t port, int deadline_ms);
int td_send(struct td_peer *p, const uint8_t *m, size_t n);
int td_send_open(struct td_peer *p, uint32_t asn, uint16_t hold, uint32_t bgp_id);
int td_send_keepalive(struct td_peer *p);
int td_send_route_refresh(struct td_peer *p);
/* Read one message: its type, 0 on EOF/error, -1 on timeout. Routes in
 * UPDATEs are tracked in p->routes. */
int td_recv(struct td_peer *p, int deadline_ms);
/* Read until a message of type arrives: 1, or 0 (EOF) / -1 (timeout). */
int td_wait_type(struct td_peer *p, int type, int deadline_ms);
/* Read until a NOTIFICATION; 1 with code/sub set when it came, 0 on a plain
 * close, -1 on timeout. */
int td_wait_notification(struct td_peer *p, int deadline_ms, uint8_t *code, uint8_t *sub);
/* connect + OPEN + KEEPALIVE exchange; 0 when Established. */
int td_establish(struct td_peer *p, uint32_t dst, uint16_t port, uint16_t hold, int deadline_ms);
/* Announce prefixes with one attribute set. aspath: ASNs (sequence),
 * comm: communities (may be NULL). 0 or -1. */
int td_announce(struct td_peer *p, const struct bgp_prefix *pfx, size_t n, const uint32_t *asp,
                size_t nasp, uint32_t nh, const uint32_t *comm, size_t ncomm);
int td_withdraw(struct td_peer *p, const struct bgp_prefix *pfx, size_t n);
/* The tracked route for a prefix, NULL when absent or withdrawn. */
const struct td_route *td_route_get(const struct td_peer *p, const char *prefix);
/* Read until the route is present (or absent with gone) or the deadline. */
const struct td_route *td_wait_route(struct td_peer *p, const char *prefix, int deadline_ms);
/* Read until the route has this AS path ("65515-65001"); the route as
 * last seen (maybe with another path, or NULL) at the deadline. */
const struct td_route *td_wait_path(struct td_peer *p, const char *prefix, const char *aspath,
                                    int deadline_ms);
int td_wait_gone(struct td_peer *p, const char *prefix, int deadline_ms);
/* Whether the connection is still open after draining what is readable. */
bool td_alive(struct td_peer *p);
struct bgp_prefix td_pfx(const char *s);

#endif
