/* h_lf.h: the live fuzzer, `rscert fuzz`.
 *
 * Two lean fake NVAs, a feeder and a sink, hold sessions with one instance of
 * a running route server (the embedded reference, or any target profile).
 * Each exchange is: the feeder announces a prefix P and the sink sees it; the
 * feeder sends one generated message about P (a mutated UPDATE from the RFC
 * 7606 generator, or framing damage); the feeder announces a sentinel S. What
 * the server did is read from the wire only: a NOTIFICATION or a close at the
 * feeder, P withdrawn or kept at the sink once S arrives, the sink's own
 * session disturbed, the process gone, no answer at all. The class the RFC
 * expects comes from the same table the in-process oracle uses
 * (fuzz/fz_7606_gen.h) and, for resets, from the project's codec. A mismatch
 * is a finding: confirmed alone, minimised, grouped by signature and written
 * as a catalogue case with its pcap.
 *
 * The peer here is hand-written rather than the catalogue's fake NVA: the
 * fuzzer needs hundreds of exchanges a second and none of the case script's
 * machinery (forwarding table, event log, expectations). */
#ifndef RSCERT_H_LF_H
#define RSCERT_H_LF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bgp_codec.h"
#include "ev_pcap.h"

/* ---- the lean peer (h_lf_peer.c) ---- */
enum h_lf_state { LF_IDLE = 0, LF_CONNECTING, LF_OPENSENT, LF_ESTABLISHED };

struct h_lf_peer;
/* Called for every UPDATE the server sends, after decoding. */
typedef void (*h_lf_update_fn)(void *arg, struct h_lf_peer *p, const struct bgp_msg *m,
                               const struct bgp_verdict *v, const uint8_t *raw, size_t len);

struct h_lf_peer {
	const char *name;
	uint32_t src, dst; /* host order */
	uint16_t port;
	uint32_t asn, id;
	unsigned hold;
	int fd;
	enum h_lf_state state;
	double t_state;     /* when the state was entered */
	double last_tx;     /* for keepalives */
	unsigned srv_hold;  /* negotiated */
	struct bgp_ctx ctx; /* how the server's messages are decoded */
	uint8_t rx[2 * BGP_MAX_LEN];
	size_t rxn;
	uint8_t *tx;
	size_t txn, txcap;
	/* what happened since the last h_lf_peer_clear_events */
	bool got_notification, closed, refused;
	uint8_t code, subcode;
	unsigned drops;
	unsigned ups; /* times it reached Established */
	/* evidence (optional) */
	struct ev_pcap *pcap;
	struct ev_flow flow;
	uint16_t local_port;
	h_lf_update_fn on_update;
	void *arg;
	struct bgp_arena arena;
	void *arena_mem;
};

int h_lf_peer_init(struct h_lf_peer *p, const char *name, uint32_t src, uint32_t dst, uint16_t port,
                   uint32_t asn, unsigned hold);
void h_lf_peer_free(struct h_lf_peer *p);
/* Start a connection and queue the OPEN; 0, or -1 with err set. */
int h_lf_peer_connect(struct h_lf_peer *p, char *err, size_t errcap);
void h_lf_peer_close(struct h_lf_peer *p);
/* Queue bytes (one or more whole messages, or deliberate damage). */
int h_lf_peer_send(struct h_lf_peer *p, const uint8_t *b, size_t n);
/* The peer's OPEN as it sends it. */
size_t h_lf_open_bytes(const struct h_lf_peer *p, uint8_t *out, size_t cap);
void h_lf_peer_clear_events(struct h_lf_peer *p);
/* One round of I/O and keepalives for n peers, waiting at most timeout s. */
void h_lf_poll(struct h_lf_peer *const *peers, size_t n, double timeout);
double h_lf_now(void);

/* ---- exchanges (h_lf_ex.c) ---- */
/* What the server may do with the message; bits of enum h_lf_obs_class. */
enum h_lf_obs_class {
	LF_O_PRESENT = 0, /* P still announced at the sink (accepted or discarded) */
	LF_O_WITHDRAWN,   /* P withdrawn at the sink (treat-as-withdraw) */
	LF_O_RESET,       /* the feeder got a NOTIFICATION */
	LF_O_CLOSED,      /* the feeder's connection closed without one */
	LF_O_HANG,        /* the sentinel never arrived, the session still up */
	LF_O_GONE,        /* the server process is gone, or every session dropped */
	LF_O_N,
};
#define LF_BIT(x) (1u << (x))

struct h_lf_ex {
	uint64_t index;
	char family[16]; /* "attribute" or "framing" */
	char what[96];   /* e.g. "ORIGIN bad value", "unknown message type 19 octets" */
	char rule[32];   /* the rule the expectation comes from, e.g. "RFC7606-7.1" */
	char why[160];
	unsigned allowed;  /* LF_BIT(h_lf_obs_class) */
	int code, subcode; /* the NOTIFICATION expected with LF_O_RESET; -1 any */
	bool alone;        /* expected to end the session: run it alone */
	uint8_t attr;      /* attribute type, 0 for framing */
	uint8_t msg[BGP_MAX_LEN + 64];
	size_t len;
};

struct h_lf_obs {
	enum h_lf_obs_class cls;
	uint8_t code, subcode;
	bool sink_dropped;   /* the other peer's session was disturbed */
	bool sink_malformed; /* the server sent the sink something malformed */
	char sink_why[160];
};

/* Build exchange number idx of the campaign seeded by seed about prefix p
 * (host order /24), from a feeder in AS asn with next hop nh. */
void h_lf_ex_make(struct h_lf_ex *e, uint64_t seed, uint64_t idx, uint32_t p, uint32_t asn,
                  uint32_t nh, unsigned framing_pct);
/* A plain announcement of p, and a withdrawal of p1 and p2. */
size_t h_lf_announce(uint8_t *out, uint32_t p, uint32_t asn, uint32_t nh);
size_t h_lf_withdraw(uint8_t *out, uint32_t p1, uint32_t p2);
/* The class the RFC expects for raw bytes msg (framing, or an UPDATE judged
 * by the project's codec), for the minimiser's shrunken messages. */
void h_lf_ex_expect_codec(struct h_lf_ex *e);
/* Whether obs is a finding for e; why gets the one-line reason. */
bool h_lf_is_finding(const struct h_lf_ex *e, const struct h_lf_obs *o, char *why, size_t cap);
const char *h_lf_obs_name(enum h_lf_obs_class c);
/* The classes of a set of LF_BIT()s, " or "-separated. */
void h_lf_allowed_text(unsigned allowed, char *out, size_t cap);
/* A stable signature grouping one bug: family, what, expected and seen. */
void h_lf_signature(const struct h_lf_ex *e, const struct h_lf_obs *o, char *out, size_t cap);

/* ---- the target (h_lf_target.c) ---- */
/* Feeders beside the pipelined one that carry, one exchange each, the
 * messages expected to end the session, so their reconnects overlap with the
 * pipeline instead of stalling it. The reference takes 4 (the product allows
 * 8 peers: feeder, sink and these); a profile as many as its nva-slots leave,
 * up to LF_MAX_RS (a target that holds a peer down for seconds after each
 * reset, as GoBGP does, needs many). */
#define LF_MAX_RS 14
#define LF_REF_RS 4
/* The most peers one h_lf_poll call watches: feeder, sink, resetting ones. */
#define LF_POLL_MAX (2 + LF_MAX_RS)

/* How long after a session ends the fuzzer watches whether the target went
 * with it (a supervised daemon that crashed drops every session, not always
 * at once). The reference's process is watched directly. */
#define LF_AFTERMATH 1.0

/* The rule of an exchange the codec finds well formed: UPDATE handling. */
#define LF_RULE_WELL_FORMED "RFC4271-9"

struct h_lf_target {
	char name[64];
	bool reference; /* started and restarted by us */
	pid_t pid;
	char rsd[512], conf[600], log[600], sock[108];
	uint32_t listen;  /* instance 0's session address */
	uint32_t nexthop; /* instance 0's modelled address */
	uint16_t port;
	uint32_t feeder_src, sink_src;
	uint32_t feeder_as, sink_as;
	size_t nrs; /* resetting feeders, 0 to LF_MAX_RS */
	uint32_t rs_src[LF_MAX_RS], rs_as[LF_MAX_RS];
	double connect_grace, settle;
	char restart_cmd[512];
	unsigned restarts;
};

/* The embedded reference, optionally broken by one server fault (NULL: none). */
int h_lf_target_reference(struct h_lf_target *t, const char *rsd, const char *fault,
                          const char *dir, char *err, size_t errcap);
int h_lf_target_profile(struct h_lf_target *t, const char *path, char *err, size_t errcap);
/* Start (reference) or check (profile); 0, or -1 with err. */
int h_lf_target_start(struct h_lf_target *t, char *err, size_t errcap);
/* Whether the process we started is still there (always true for profiles). */
bool h_lf_target_alive(struct h_lf_target *t);
/* Bring a dead target back: restart the reference, or run the restart command. */
int h_lf_target_restart(struct h_lf_target *t, char *err, size_t errcap);
void h_lf_target_stop(struct h_lf_target *t);

/* ---- the campaign (h_lf_run.c) ---- */
struct h_lf_opts {
	uint64_t seed;
	uint64_t start;       /* first exchange index (resume) */
	double seconds;       /* time budget */
	uint64_t max_ex;      /* 0 = no limit */
	unsigned window;      /* exchanges in flight */
	unsigned framing_pct; /* share of framing exchanges, percent */
	const char *out;      /* findings directory */
	bool progress;        /* a live line on a terminal */
	bool minimise;
};

struct h_lf_finding {
	char sig[200];
	char why[256];
	struct h_lf_ex ex; /* the (minimised) exchange */
	struct h_lf_obs obs;
	unsigned count;
	uint64_t first_index;
};

struct h_lf_stats {
	uint64_t exchanges, next_index, confirmed, unconfirmed, reconnects;
	double seconds;
	size_t nfind;
	struct h_lf_finding *find;
};

struct h_lf_world {
	struct h_lf_target *t;
	struct h_lf_peer feeder, sink;
	struct h_lf_peer rs[LF_MAX_RS]; /* resetting feeders (see LF_MAX_RS) */
	double rs_retry[LF_MAX_RS];     /* when an idle one may reconnect */
	double rs_backoff[LF_MAX_RS];   /* how long it waits after a failed try */
	unsigned rs_ups[LF_MAX_RS];     /* its ups at the last try */
	char rs_name[LF_MAX_RS][12];
	size_t nrs;
	const struct h_lf_opts *o;
	struct h_lf_stats *st;
	/* the sink's view: which /24s of the fuzzing space are announced */
	uint8_t *present; /* one byte per /24 slot */
	bool sink_bad;
	char sink_why[160];
	volatile int *stop;
};

/* The world's upkeep (h_lf_run.c). */
int h_lf_world_init(struct h_lf_world *w, struct h_lf_target *t, const struct h_lf_opts *o,
                    struct h_lf_stats *st);
void h_lf_world_free(struct h_lf_world *w);
void h_lf_pump(struct h_lf_world *w, double timeout);
/* The fuzzing space: 10.192.0.0/11, one /24 per slot; exchange k uses
 * slot 2(k mod 4096) for P and the next one for its sentinel S. Inline: the
 * exchange generator and the world's upkeep both need it, and neither calls
 * the other for it. */
#define LF_SPACE 0x0AC00000u
#define LF_SLOTS 8192u

/* P (or its sentinel) of exchange idx, host order. */
static inline uint32_t h_lf_prefix_of(uint64_t idx, bool sentinel)
{
	return LF_SPACE + ((uint32_t)((idx % (LF_SLOTS / 2)) * 2 + (sentinel ? 1 : 0)) << 8);
}
/* Whether the sink holds p. */
bool h_lf_present(const struct h_lf_world *w, uint32_t p);
void h_lf_send_announce(struct h_lf_world *w, uint32_t p);
void h_lf_send_withdraw(struct h_lf_world *w, uint64_t idx);
/* The same from feeder peer f (the pipelined one or a resetting one). */
void h_lf_announce_from(struct h_lf_world *w, struct h_lf_peer *f, uint32_t p);
void h_lf_withdraw_from(struct h_lf_peer *f, uint64_t idx);
/* Reconnect resetting feeders that are down; close ones stuck half-open. */
void h_lf_rs_upkeep(struct h_lf_world *w);

/* Run the campaign; 0, or -1 with err for an environment problem. */
int h_lf_run(struct h_lf_target *t, const struct h_lf_opts *o, struct h_lf_stats *st,
             volatile int *stop, char *err, size_t errcap);
/* Run one exchange alone and observe it (also the minimiser's oracle). */
int h_lf_run_alone(struct h_lf_world *w, const struct h_lf_ex *e, struct h_lf_obs *obs);
int h_lf_world_up(struct h_lf_world *w, char *err, size_t errcap);
void h_lf_stats_free(struct h_lf_stats *st);

/* ---- the minimiser (h_lf_min.c) ---- */
/* Shrink e while run_alone still gives the same signature. */
void h_lf_minimise(struct h_lf_world *w, struct h_lf_ex *e, const char *sig);

/* ---- output (h_lf_out.c) ---- */
/* Write each finding as a case file (and its pcap) under dir, plus
 * findings.json and findings.md. 0, or -1 with err. */
int h_lf_write(const char *dir, const struct h_lf_target *t, const struct h_lf_opts *o,
               const struct h_lf_stats *st, char *err, size_t errcap);
/* The finding's case ID (RULE-FUZZ-hash of its signature) and folder. */
void h_lf_case_id(const struct h_lf_finding *f, char *id, size_t cap);
void h_lf_finding_dir(const char *out, const struct h_lf_finding *f, char *dir, size_t cap);
/* The catalogue case for one finding. */
int h_lf_write_case(const char *path, const struct h_lf_target *t, const struct h_lf_finding *f,
                    uint64_t seed, char *id, size_t idcap);

/* ---- the subcommand (h_lf_main.c) ---- */
int h_lf_main(int argc, char **argv, const char *rsd);

#endif
