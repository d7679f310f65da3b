/* h_nva_int.h: the inside of the fake NVA, shared by its files only.
 * Everything else goes through h_nva.h. The files call downwards only:
 *   h_nva_world.c     the NVAs of a case, their poll loop, evidence files
 *   h_nva_act.c       the script's actions (h_nva.h)
 *   h_nva_fsm.c       a session's state machine: reading, answering, timers
 *   h_nva_announce.c  what a session announces, replayed on refresh/reconnect
 *   h_nva_io.c        a session's connection: socket, connect, close, send
 *   h_nva_query.c     what the checks may ask (h_nva.h)
 *   h_nva_store.c     the received-message store and the forwarding table
 *   h_nva_log.c       the clock, the timeline and its names */
#ifndef RSCERT_H_NVA_INT_H
#define RSCERT_H_NVA_INT_H

#include <poll.h>
#include <time.h>

#include "h_fib.h"
#include "h_nva.h"

/* A session's receive buffer: one extended message and room to frame. */
#define H_RXBUF (BGP_EXT_MAX_LEN + 8192)

struct ev_pcap;
struct ev_wirelog;
struct h_wctx;

/* A prefix as the NVA last heard of it from the server. */
struct h_route {
	struct bgp_prefix pfx;
	bool present;
	unsigned heard;          /* announcements on the wire, including ignored ones */
	const struct h_rx *last; /* the last of them */
};

/* What the NVA announced on a session, replayed on refresh and reconnect. */
struct h_out_entry {
	struct bgp_prefix pfx;
	const struct h_step *step;
};

struct h_nva;

struct h_sess {
	struct h_nva *nva;
	int inst; /* 0 or 1 */
	int fd;
	enum h_sess_state state;
	bool raw; /* opened with "connect raw": no OPEN sent by us */
	bool silent;
	bool reachable;
	bool wanted; /* keep it up: reconnect when allowed */
	double next_connect;
	double last_rx, last_tx;
	double t_empty; /* when the poll loop last found nothing to read on it */
	unsigned hold;  /* negotiated, nominal seconds */
	struct bgp_ctx ctx;
	/* the server's OPEN */
	bool got_open;
	struct h_peer_open peer;
	/* the OPEN the NVA sent on this connection (a raw one: once the script
	 * sent it) */
	bool own_known;
	struct h_peer_open own;
	/* buffers */
	uint8_t *rxb;
	size_t rxn;
	uint8_t *txb;
	size_t txn, txcap;
	/* the received-message store: every message, in order */
	size_t nrx, caprx;
	struct h_rx **rx;
	size_t nroutes, caproutes;
	struct h_route *routes;
	size_t nout, capout;
	struct h_out_entry *out;
	unsigned established_count, drop_count;
	double t_established;
	char last_close[160];
	/* reachability of the instance through the NVA's forwarding table */
	char fib_why[256];
	char fib_lost[256]; /* why the server became unreachable, last time */
	/* evidence */
	void *flow; /* struct ev_flow */
	uint16_t local_port;
	unsigned dropped_tx;
	/* raw bytes sent before the server said anything, resent on a retry */
	uint8_t *pre;
	size_t npre, cappre;
	bool got_any;
};

struct h_world;

struct h_nva {
	struct h_world *w;
	const struct h_nva_spec *spec;
	int idx;
	uint32_t src; /* session source address (loopback, host order) */
	struct h_sess s[2];
	struct h_fib fib;
};

struct h_hook {
	h_rx_hook fn;
	void *arg;
};

struct h_world {
	const struct h_case *c;
	struct h_world_cfg cfg;
	size_t n;
	struct h_nva *nva;
	uint32_t server_asn;
	struct timespec start;
	struct ev_pcap *pcap;
	struct ev_wirelog *wl;
	size_t nevents, capevents;
	struct h_event *events;
	size_t nhooks;
	struct h_hook *hooks;
	struct pollfd *pfd; /* 2 per NVA, for h_world_step */
	struct h_sess **ps;
	char err[256];
};

extern const char *const h_inst_name[2];

/* h_nva_log.c: the clock and the timeline */
void h_world_push_event(struct h_world *w, const struct h_sess *s, enum h_dir dir, uint8_t type,
                        const char *summary);
void h_ts_now(struct timespec *ts);

/* h_nva_io.c: a session's connection */
int h_sess_connect(struct h_sess *s, bool raw);
void h_sess_close(struct h_sess *s, const char *why);
int h_sess_send(struct h_sess *s, const uint8_t *b, size_t len);
/* An OPEN's digest: hold, capabilities (h_cap_bits), AS and identifier. */
void h_open_digest(const struct bgp_open *o, struct h_peer_open *out);
void h_sess_flush(struct h_sess *s);
/* The non-blocking connect completed (or failed). */
void h_sess_connected(struct h_sess *s);
/* What the message builders (h_wire.h) need to know about the NVA. */
void h_sess_wctx(const struct h_sess *s, struct h_wctx *c);

/* h_nva_announce.c: what a session announces */
/* Keep (st) or forget (NULL) prefix p as announced on s. */
void h_out_set(struct h_sess *s, const struct bgp_prefix *p, const struct h_step *st);
/* Send prefixes pf[0..n) with the attributes of st (NULL: withdraw). */
int h_sess_send_prefixes(struct h_sess *s, const struct h_step *st, const struct bgp_prefix *pf,
                         size_t n);
/* Re-send everything announced on s. */
void h_sess_replay(struct h_sess *s);

/* h_nva_fsm.c: a session's state machine */
void h_sess_read(struct h_sess *s);
/* Act on one whole message from the server (framed already). */
void h_sess_receive(struct h_sess *s, const uint8_t *b, size_t len);
/* Keepalive, hold and reconnect; returns when it next wants to run. */
double h_sess_timers(struct h_sess *s, double now);

/* h_nva_store.c: the received-message store and the forwarding table */
void h_nva_fib_init(struct h_nva *n);
/* Store a message (decoded into memory of its own); NULL when out of memory. */
const struct h_rx *h_store_message(struct h_sess *s, const uint8_t *b, size_t len);
/* Store the close of the connection. */
void h_store_close(struct h_sess *s);
/* Run the world's hooks on r. */
void h_store_hooks(struct h_sess *s, const struct h_rx *r);
/* Apply a stored UPDATE to the session's routes and the forwarding table. */
void h_store_update(struct h_sess *s, const struct h_rx *r);
const struct h_route *h_store_find(const struct h_sess *s, const struct bgp_prefix *p);
/* The session went down: its routes leave the table. */
void h_store_forget(struct h_sess *s);
/* Re-resolve both instances' addresses through the NVA's table. */
void h_store_reach(struct h_nva *n);
void h_store_free(struct h_sess *s);

#endif
