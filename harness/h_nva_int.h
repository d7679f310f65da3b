/* h_nva_int.h: the inside of the fake NVA, shared by its files only
 * (h_nva_world.c, h_nva_sess.c, h_nva_act.c, h_nva_store.c, h_nva_query.c).
 * Everything else goes through h_nva.h. */
#ifndef RSCERT_H_NVA_INT_H
#define RSCERT_H_NVA_INT_H

#include <poll.h>
#include <time.h>

#include "h_fib.h"
#include "h_nva.h"

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
	unsigned hold; /* negotiated, nominal seconds */
	struct bgp_ctx ctx;
	/* the server's OPEN */
	bool got_open;
	struct h_peer_open peer;
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

/* h_nva_world.c */
void h_world_push_event(struct h_world *w, const struct h_sess *s, enum h_dir dir, uint8_t type,
                        const char *summary);
void h_ts_now(struct timespec *ts);

/* h_nva_sess.c: session I/O and state machine */
int h_sess_connect(struct h_sess *s, bool raw);
void h_sess_close(struct h_sess *s, const char *why);
int h_sess_send(struct h_sess *s, const uint8_t *b, size_t len);
/* What the message builders (h_wire.h) need to know about the NVA. */
void h_sess_wctx(const struct h_sess *s, struct h_wctx *c);
void h_sess_read(struct h_sess *s);
void h_sess_connected(struct h_sess *s);
void h_sess_flush(struct h_sess *s);
double h_sess_timers(struct h_sess *s, double now);
/* Act on one whole message from the server (framed already). */
void h_sess_receive(struct h_sess *s, const uint8_t *b, size_t len);

/* h_nva_act.c */
void h_sess_replay(struct h_sess *s);

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
