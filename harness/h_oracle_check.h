/* h_oracle_check.h: the sender oracle's rules as pure functions of one
 * received message, the NVA that received it, and what the server sent
 * before on the same connection. No sockets, no clock: the unit tests feed
 * crafted messages straight in. */
#ifndef RSCERT_H_ORACLE_CHECK_H
#define RSCERT_H_ORACLE_CHECK_H

#include "h_nva.h"
#include "h_oracle.h"

/* The receiving NVA: what it is and what it announced in its OPEN. */
struct h_ocheck_peer {
	bool ebgp;
	bool raw;      /* it sent no OPEN the codec could read: capabilities and hold unknown */
	unsigned caps; /* h_cap_bits it announced */
	unsigned hold; /* the hold time it offered, nominal seconds */
	uint32_t addr; /* its modelled address (host order) */
	uint32_t src;  /* its session source address */
	double scale;  /* the timers' scale */
	enum h_oracle_aspath aspath;
};

/* One connection as the server's stream of messages shows it. */
struct h_ocheck_conn {
	const struct bgp_open *open; /* the server's OPEN; NULL before it */
	bool keepalive;              /* a KEEPALIVE followed it: the receiver is Established */
	double last;                 /* time of the last message since then */
};

/* A broken rule: which, and a line saying how. */
struct h_oviol {
	enum h_orule rule;
	char how[160];
};

/* Seconds the server may leave between two messages once keepalives run:
 * hold / 3 with 25 % for jitter and scheduling, plus 0.25 s of wall time for
 * a loaded machine; 0 when no keepalives are due (hold 0, or unknown). */
double h_ocheck_keepalive_limit(const struct h_ocheck_conn *c, const struct h_ocheck_peer *p);

/* Check message r (as stored by the NVA) and advance the connection. At most
 * cap violations are written to out; returns how many there were. */
size_t h_ocheck_msg(struct h_ocheck_conn *c, const struct h_ocheck_peer *p, const struct h_rx *r,
                    struct h_oviol *out, size_t cap);
/* The connection ends (closed, or the case is over); nothing arrived until
 * t at least: the gap since the last message is judged, and the connection
 * state cleared. */
size_t h_ocheck_end(struct h_ocheck_conn *c, const struct h_ocheck_peer *p, double t,
                    struct h_oviol *out, size_t cap);

/* Record a violation found on NVA nva's session to instance inst at time t
 * (r: the message, NULL for a gap before a close). h_oracle.c records what
 * the hooks find through it; the unit tests, with an oracle made with no
 * world, their own. */
void h_oracle_record(struct h_oracle *o, const char *nva, int inst, const struct h_oviol *v,
                     const struct h_rx *r, double t);

#endif
