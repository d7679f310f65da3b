/* h_nva.h: the fake NVA, a scripted BGP speaker over real TCP on loopback.
 *
 * Every fake NVA of a case lives in one h_world driven by one poll loop. An
 * NVA binds its own source address (127.a.b.c), opens a session to one or
 * both route server instances, negotiates OPEN, sends keepalives, announces
 * and withdraws, sends raw or malformed bytes, falls silent, reconnects. It
 * records every message with a timestamp (events, pcap, wire log) and keeps a
 * forwarding table: when its route to the server's modelled address resolves
 * through a learned route, it can no longer send (ARS-STATIC-ROUTE in docs/SPEC.md). */
#ifndef RSCERT_H_NVA_H
#define RSCERT_H_NVA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "bgp_msg.h"
#include "h_case.h"
#include "h_fib.h"
#include "h_result.h"

struct ev_pcap;
struct ev_wirelog;

enum h_sess_state {
	H_SS_IDLE = 0,
	H_SS_CONNECTING,
	H_SS_OPENSENT,
	H_SS_OPENCONFIRM,
	H_SS_ESTABLISHED,
};

/* One received message, as expectations need it. */
struct h_rx {
	double t;
	uint8_t type;      /* BGP type; 0 for a close */
	uint8_t code, subcode;
	uint8_t ndata;
	uint8_t data[64];
	bool eor;
	uint32_t nnlri, nwithdrawn;
};

/* A prefix as the NVA last heard of it from the server. */
struct h_rib_entry {
	uint32_t net;
	uint8_t len;
	bool present;
	int origin;
	uint32_t nh;
	uint32_t seq;    /* rx index of the last announcement */
	uint32_t heard;  /* announcements on the wire, including ignored ones */
	size_t ncomm;
	uint32_t comm[H_MAX_COMMS];
	char path[96];
};

/* What the NVA announced on a session, replayed on refresh and reconnect. */
struct h_out_entry {
	struct bgp_prefix pfx;
	const struct h_step *step;
};

struct h_nva;

struct h_sess {
	struct h_nva *nva;
	int inst;          /* 0 or 1 */
	int fd;
	enum h_sess_state state;
	bool raw;          /* opened with "connect raw": no OPEN sent by us */
	bool silent;
	bool reachable;
	bool wanted;       /* keep it up: reconnect when allowed */
	double next_connect;
	double last_rx, last_tx;
	unsigned hold;     /* negotiated, nominal seconds */
	struct bgp_ctx ctx;
	/* the server's OPEN */
	bool got_open;
	unsigned srv_hold;
	unsigned srv_caps;
	uint32_t srv_asn, srv_id;
	/* buffers */
	uint8_t *rxb;
	size_t rxn;
	uint8_t *txb;
	size_t txn, txcap;
	/* history */
	size_t nrx, caprx;
	struct h_rx *rx;
	size_t nrib, caprib;
	struct h_rib_entry *rib;
	size_t nout, capout;
	struct h_out_entry *out;
	unsigned established_count, drop_count;
	double t_established;
	char last_close[160];
	/* evidence */
	void *flow;        /* struct ev_flow */
	uint16_t local_port;
	unsigned dropped_tx;
	/* raw bytes sent before the server said anything, resent on a retry */
	uint8_t pre[512];
	size_t npre;
	bool got_any;
};

struct h_world;

struct h_nva {
	struct h_world *w;
	const struct h_nva_spec *spec;
	int idx;
	uint32_t src;      /* session source address (loopback, host order) */
	struct h_sess s[2];
	struct h_fib fib;
	char fib_why[2][256];
	char fib_lost[2][256]; /* why the server became unreachable, last time */
};

struct h_world {
	const struct h_case *c;
	size_t n;
	struct h_nva nva[H_MAX_NVAS];
	uint32_t listen[2]; /* instance session addresses (loopback) */
	uint32_t inst_addr[2]; /* instances' modelled addresses */
	uint16_t port;
	uint32_t server_asn;
	double scale;
	struct timespec start;
	struct ev_pcap *pcap;
	struct ev_wirelog *wl;
	bool retry_connect; /* a target by address: retry refused connections */
	size_t nevents, capevents;
	struct h_event *events;
	char err[256];
};

/* Set up the NVAs of case c. src_base: 127.a.b.0 (host order), each NVA gets
 * src_base + 10 + index. */
int h_world_init(struct h_world *w, const struct h_case *c, uint32_t src_base,
		 const uint32_t listen[2], const uint32_t inst_addr[2], uint16_t port,
		 double scale);
/* Open the evidence files (either path may be NULL). */
void h_world_evidence(struct h_world *w, const char *pcap_path, const char *wirelog_path);
void h_world_free(struct h_world *w);
double h_world_now(const struct h_world *w);
/* Run I/O and timers until `until` (seconds since start) or the first event. */
void h_world_step(struct h_world *w, double until);
/* Record a note on the timeline. */
void h_world_note(struct h_world *w, struct h_sess *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Actions; inst is a mask (1, 2, 3). Return 0, or -1 with w->err set. */
int h_nva_connect(struct h_nva *n, unsigned inst, bool raw);
int h_nva_disconnect(struct h_nva *n, unsigned inst);
int h_nva_announce(struct h_nva *n, unsigned inst, const struct h_step *st);
int h_nva_withdraw(struct h_nva *n, unsigned inst, const struct h_step *st);
int h_nva_send_raw(struct h_nva *n, unsigned inst, const uint8_t *b, size_t len);
int h_nva_send_malformed(struct h_nva *n, unsigned inst, const char *name,
			 const struct bgp_prefix *pfx);
int h_nva_send_refresh(struct h_nva *n, unsigned inst);
void h_nva_silence(struct h_nva *n, unsigned inst, bool silent);

/* Lookups for expectations. */
const struct h_rib_entry *h_sess_rib_find(const struct h_sess *s, const struct bgp_prefix *p);
const char *h_sess_state_name(enum h_sess_state st);

#endif
