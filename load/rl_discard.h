/* rl_discard.h: rscert-discard, the cheapest BGP peer there is. It accepts
 * the load driver's sessions on a loopback address, answers the first OPEN
 * with an OPEN and a KEEPALIVE (the codec's encoder), then reads and throws
 * away everything, counting bytes and acknowledging at once (TCP_QUICKACK).
 * With --count it also frames the messages and walks the NLRI and withdrawn
 * fields of each UPDATE to count prefixes, without decoding attributes.
 * bench/load-driver pins it to one core and the driver to the other to
 * measure the driver's own injection rate. */
#ifndef RSCERT_RL_DISCARD_H
#define RSCERT_RL_DISCARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define RL_DISCARD_BUF   (1u << 20) /* one read takes up to this much */
#define RL_DISCARD_CONNS 4096

struct rl_dopts {
	const char *listen; /* ADDR:PORT, ADDR in 127.0.0.0/8; PORT 0 picks one */
	unsigned sessions;  /* end once this many sessions came and closed, 0 = never */
	bool count;         /* frame messages and count prefixes */
	double timeout;     /* seconds, 0 = none */
	int rcvbuf;         /* SO_RCVBUF on the listening socket, 0 = kernel tuning */
	const char *json;
};

struct rl_dconn {
	int fd;
	bool open_sent;  /* our OPEN and KEEPALIVE went out */
	uint64_t bytes;  /* every byte read on the session */
	uint8_t *tail;   /* an incomplete message kept between reads */
	size_t tail_len; /* (framing: before the OPEN, and always with --count) */
};

struct rl_dstats {
	uint64_t accepted, closed, bytes, reads;
	uint64_t msgs[6]; /* by type 1..5, [0] unknown types */
	uint64_t prefixes, withdrawn, malformed;
	double first_s, last_s; /* first and last byte after a handshake */
};

struct rl_discard {
	struct rl_dopts o;
	int lfd, ep;
	uint32_t addr; /* host order */
	unsigned port;
	struct rl_dconn *c;
	uint8_t *buf;
	struct rl_dstats st;
	bool failed;
};

/* rl_discard.c */
int rl_discard_open(struct rl_discard *d);
/* Serve until the sessions came and went, the timeout, or *stop.
 * Returns 0, or -1 on the timeout or a system error. */
int rl_discard_serve(struct rl_discard *d, volatile int *stop);
void rl_discard_close(struct rl_discard *d);

/* rl_discard_count.c */
/* Count the prefixes of one whole UPDATE (header included); -1 if its
 * fields do not add up. */
int rl_discard_update(struct rl_dstats *st, const uint8_t *m, size_t len);

#endif
