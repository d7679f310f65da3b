/* h_nva.h: the fake NVA, a scripted BGP speaker over real TCP on loopback.
 *
 * Every fake NVA of a case lives in one h_world driven by one poll loop. An
 * NVA binds its own source address (127.a.b.c), opens a session to one or
 * both route server instances, negotiates OPEN, sends keepalives, announces
 * and withdraws, sends raw or malformed bytes, falls silent, reconnects. It
 * records every message with a timestamp (events, pcap, wire log), keeps
 * every message the server sent it, decoded, and keeps a forwarding table:
 * when its route to the server's modelled address resolves through a learned
 * route, it can no longer send (ARS-STATIC-ROUTE in docs/SPEC.md).
 *
 * The world, its sessions and their routes are opaque: what a check may know
 * about them it asks through the query functions below. Pointers they return
 * stay valid until the next h_world_step or action, received messages
 * (struct h_rx) until h_world_free.
 *
 * Files: h_nva_world.c (the world, its poll loop, evidence), h_nva_act.c
 * (the script's actions), h_nva_fsm.c (a session's state machine and
 * timers), h_nva_announce.c (what a session announces), h_nva_io.c (its
 * connection and sending), h_nva_query.c (this header's queries),
 * h_nva_store.c (the received-message store and its forwarding table),
 * h_nva_log.c (the clock and the timeline); h_nva_int.h is their shared
 * inside and lists them in the order they call each other. */
#ifndef RSCERT_H_NVA_H
#define RSCERT_H_NVA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp_msg.h"
#include "bgp_verdict.h"
#include "h_case.h"
#include "h_result.h"

struct h_world;
struct h_sess;  /* one NVA's session to one instance */
struct h_route; /* a prefix as the NVA last heard of it on a session */

enum h_sess_state {
	H_SS_IDLE = 0,
	H_SS_CONNECTING,
	H_SS_OPENSENT,
	H_SS_OPENCONFIRM,
	H_SS_ESTABLISHED,
};

/* ---- the world ---- */
struct h_world_cfg {
	uint32_t src_base;     /* 127.a.b.0 (host order): NVA i connects from .10 + i */
	uint32_t listen[2];    /* the instances' session addresses (loopback) */
	uint32_t inst_addr[2]; /* the instances' modelled addresses */
	uint16_t port;
	double scale;       /* the timers' scale */
	bool retry_connect; /* a target by address: retry refused connections */
};

/* Set up the NVAs of case c (nothing is connected yet). NULL on failure, with
 * the reason in err. */
struct h_world *h_world_new(const struct h_case *c, const struct h_world_cfg *cfg, char *err,
                            size_t errcap);
/* Open the evidence files (either path may be NULL). */
void h_world_evidence(struct h_world *w, const char *pcap_path, const char *wirelog_path);
void h_world_free(struct h_world *w);
/* Seconds since the world was made. */
double h_world_now(const struct h_world *w);
/* Run I/O and timers until `until` (seconds since start) or the first event. */
void h_world_step(struct h_world *w, double until);
/* Record a note on the timeline (s NULL: the harness speaks). */
void h_world_note(struct h_world *w, const struct h_sess *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Why the last action failed. */
const char *h_world_error(const struct h_world *w);
/* Hand the timeline over to the caller (free() it); the world keeps none. */
struct h_event *h_world_take_events(struct h_world *w, size_t *n);

/* ---- actions; inst is a mask (1, 2, 3). 0, or -1 with h_world_error set ---- */
int h_nva_connect(struct h_world *w, size_t nva, unsigned inst, bool raw);
int h_nva_disconnect(struct h_world *w, size_t nva, unsigned inst);
int h_nva_announce(struct h_world *w, size_t nva, unsigned inst, const struct h_step *st);
int h_nva_withdraw(struct h_world *w, size_t nva, unsigned inst, const struct h_step *st);
int h_nva_send_raw(struct h_world *w, size_t nva, unsigned inst, const uint8_t *b, size_t len);
int h_nva_send_malformed(struct h_world *w, size_t nva, unsigned inst, const char *name,
                         const struct bgp_prefix *pfx);
int h_nva_send_refresh(struct h_world *w, size_t nva, unsigned inst);
void h_nva_silence(struct h_world *w, size_t nva, unsigned inst, bool silent);

/* ---- the received-message store ---- */
/* One message a session received, or a close (type 0), in arrival order. */
struct h_rx {
	double t; /* seconds since the world was made */
	/* when the NVA last found its socket empty before it: the message
	 * arrived between t_empty and t (t alone is late when the harness was
	 * busy elsewhere) */
	double t_empty;
	uint8_t type;          /* BGP type from the header; 0 for a close */
	uint8_t code, subcode; /* a NOTIFICATION's (also from one the codec rejected) */
	const uint8_t *data;   /* a NOTIFICATION's data */
	size_t ndata;
	bool eor; /* an End-of-RIB marker */
	size_t nnlri, nwithdrawn;
	/* the message itself; for a close raw is NULL and len 0 */
	const uint8_t *raw; /* as received, header included */
	size_t len;
	struct bgp_ctx ctx;         /* the session context it was decoded with */
	struct bgp_verdict verdict; /* the codec's verdict on it */
	const struct bgp_msg *msg;  /* decoded; NULL for a close or a session reset */
};

/* Called for every message a session receives, after it is stored and before
 * the session acts on it (so h_sess_state tells the state it arrived in).
 * Several hooks may be added; they run in the order added. -1 when out of
 * memory. */
typedef void (*h_rx_hook)(void *arg, const struct h_sess *s, const struct h_rx *r);
int h_world_add_rx_hook(struct h_world *w, h_rx_hook fn, void *arg);

/* ---- queries ---- */
size_t h_world_nvas(const struct h_world *w);
/* NVA nva's session to instance inst (0 or 1). */
const struct h_sess *h_world_sess(const struct h_world *w, size_t nva, int inst);
/* The NVA's session source address as text ("127.20.1.10"). */
void h_world_nva_addr(const struct h_world *w, size_t nva, char *out, size_t cap);

const char *h_sess_nva_name(const struct h_sess *s);
int h_sess_inst(const struct h_sess *s);
enum h_sess_state h_sess_state(const struct h_sess *s);
const char *h_sess_state_name(enum h_sess_state st);
/* Times the session reached Established, and dropped from it. */
unsigned h_sess_established_count(const struct h_sess *s);
unsigned h_sess_drop_count(const struct h_sess *s);
/* When it last reached Established (seconds since the world was made). */
double h_sess_t_established(const struct h_sess *s);
/* When the poll loop last found nothing to read on it (h_rx.t_empty). */
double h_sess_t_empty(const struct h_sess *s);
/* Why it last closed ("" when it never did). */
const char *h_sess_last_close(const struct h_sess *s);

/* The server's OPEN, as the NVA received it last. */
struct h_peer_open {
	unsigned hold;
	unsigned caps; /* h_cap_bits */
	uint32_t asn, id;
};
bool h_sess_peer_open(const struct h_sess *s, struct h_peer_open *out);
/* The OPEN the NVA sent on its current (or last) connection: its own, or on
 * a raw connection the one the script sent. false when none was sent. */
bool h_sess_own_open(const struct h_sess *s, struct h_peer_open *out);

/* Received messages: 0 <= i < h_sess_nrx. Closes count too. */
size_t h_sess_nrx(const struct h_sess *s);
const struct h_rx *h_sess_rx(const struct h_sess *s, size_t i);

/* Whether the NVA's forwarding table reaches the instance, and how it
 * resolves ("10.0.255.4 via 10.0.1.0/24 (connected)"); the resolution at the
 * last loss of the route (the current one when it was never lost). */
bool h_sess_reachable(const struct h_sess *s);
const char *h_sess_route_why(const struct h_sess *s);
const char *h_sess_route_lost(const struct h_sess *s);

/* The route for the i-th prefix of the range that starts at first (steps of
 * one prefix length; i = 0 is first itself), as last heard on s since the
 * session came up; *pfx gets that prefix. NULL when never announced. */
const struct h_route *h_sess_route_nth(const struct h_sess *s, const struct bgp_prefix *first,
                                       unsigned i, struct bgp_prefix *pfx);
/* Announced and usable: not withdrawn, not ignored by the NVA (its own ASN in
 * the path, RFC 4271 9.1.2, or treat-as-withdraw, RFC 7606). */
bool h_route_present(const struct h_route *r);
/* Announcements on the wire since the session came up, ignored ones too. */
unsigned h_route_heard(const struct h_route *r);
/* The UPDATE that last announced it; NULL for a prefix only ever withdrawn
 * (whose attributes then read as none). */
const struct h_rx *h_route_rx(const struct h_route *r);
/* Every path attribute of that UPDATE as decoded: the known ones typed,
 * flags as received in flags[type], unknown ones byte for byte in unknown[]. */
const struct bgp_attrs *h_route_attrs(const struct h_route *r);
/* "65515 65001 {65002 65003}" */
void h_route_path(const struct h_route *r, char *out, size_t cap);
uint32_t h_route_next_hop(const struct h_route *r); /* host order */
void h_route_next_hop_text(const struct h_route *r, char *out, size_t cap);
int h_route_origin(const struct h_route *r); /* -1 when absent */
bool h_route_has_community(const struct h_route *r, uint32_t comm);

#endif
