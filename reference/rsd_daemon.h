/* rsd_daemon.h: the reference route server daemon's state. One process
 * holds both instances (ARS-INSTANCES); each instance has its own listening
 * socket, attribute table and RIB; each configured peer has one session per
 * instance; each session has at most two connections while a collision is
 * being resolved (RFC 4271 6.8). */
#ifndef RSCERT_RSD_DAEMON_H
#define RSCERT_RSD_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "bgp_codec.h"
#include "rs_config.h"
#include "rs_export.h"
#include "rs_rib.h"
#include "rsd_buf.h"
#include "rsd_fsm.h"
#include "rsd_log.h"
#include "rsd_loop.h"

#define RSD_READ_CHUNK 16384
/* Write queue per connection: past RSD_WQ_MAX with no byte written for
 * RSD_WQ_STALL nominal seconds, or past RSD_WQ_HARD at all, the peer is
 * dropped with Cease 6/8. A full table for a large profile may exceed the
 * soft bound for a moment while the peer reads; a peer that never reads may
 * not. */
#define RSD_WQ_MAX          (256u * 1024u)
#define RSD_WQ_HARD         (32u * 1024u * 1024u)
#define RSD_WQ_STALL        90
#define RSD_SNDBUF          (64 * 1024) /* kernel send buffer per session socket */
#define RSD_OPENSENT_HOLD   240         /* RFC 4271 8: large hold time in OpenSent, nominal s */
#define RSD_CLOSE_LINGER_MS 2000        /* how long a closing connection may flush */
#define RSD_CTL_MAX_REQ     4096

struct rsd_daemon;
struct rsd_session;
struct rsd_adjout;
struct rsd_adjout_common;
struct rsd_ctl_client;
struct rsd_json;

struct rsd_conn {
	struct rsd_session *s;
	int fd;
	bool inbound;
	enum rsd_state st; /* RSD_CONNECT .. RSD_ESTABLISHED */
	bool closing;      /* NOTIFICATION queued: flush, then close */
	bool dead;
	struct rsd_ev ev;
	struct rsd_buf rbuf;
	struct rsd_buf wq;
	size_t wq_msg_left;   /* unsent bytes of the message at the queue head */
	uint64_t wq_progress; /* monotonic ms of the last write progress or empty queue */
	struct rsd_timer hold_t;
	struct rsd_timer ka_t;
	struct rsd_timer linger_t;
	uint32_t peer_bgp_id;     /* from the peer's OPEN */
	unsigned hold, keepalive; /* negotiated, nominal seconds */
	bool peer_rr;             /* peer advertised route refresh */
	bool peer_as4;
	struct rsd_conn *next_dead;
	struct rsd_conn *all_prev, *all_next; /* every live connection */
	const struct rsd_conn_hooks *hooks;   /* what it reports to its session */
};

struct rsd_session {
	struct rsd_daemon *d;
	struct rsd_peer *peer;
	unsigned inst;
	struct rsd_conn *conn[2];
	struct rsd_conn *est;  /* the Established connection, if any */
	enum rsd_state logged; /* last state written to the log */
	struct timespec since; /* wall clock of the last state change */
	struct rsd_timer retry_t;
	char last_error[96];
	struct bgp_ctx ctx;     /* of the Established connection */
	struct rsd_adjout *out; /* Adj-RIB-Out */
	bool afi_disabled;      /* RFC 7606 AFI/SAFI disable: ignore IPv4 UPDATEs */
};

struct rsd_peer {
	bool used;
	uint32_t id;
	struct rsd_session sess[2];
};

struct rsd_instance {
	struct rsd_daemon *d;
	unsigned idx;
	const char *role;      /* "IN_0" / "IN_1" in logs */
	const char *role_json; /* "RouteServiceRole_IN_0" */
	struct rs_attrtab *attrs;
	struct rs_rib *rib;
	struct rsd_adjout_common *adjout; /* what its sessions share of their Adj-RIB-Outs */
	int lfd;
	struct rsd_ev lev;
	int bfd_fd; /* fault answer-bfd only (rsd_fault_below.c), else -1 */
	struct rsd_ev bfd_ev;
	bool dirty; /* RIB changed: export pending */
};

struct rsd_daemon {
	struct rs_config *cfg;
	char cfg_path[RS_PATH_MAX];
	char ctl_path[RS_PATH_MAX + 64];
	char log_path[RS_PATH_MAX + 64];
	struct rsd_loop loop;
	struct rsd_log log;
	struct rsd_instance inst[2];
	struct rsd_peer *peers;       /* RS_MAX_PEERS_HARD slots, id = index */
	struct rs_peer_cfg *peer_cfg; /* the same slots' configuration */
	int ctl_fd;
	struct rsd_ev ctl_ev;
	struct rsd_ctl_client *ctl_clients;
	size_t nctl_clients;
	int sig_fd;
	struct rsd_ev sig_ev;
	struct rsd_conn *dead; /* closed connections freed after dispatch */
	struct rsd_conn *all;  /* live connections, draining ones included */
	void *arena_mem;
	struct bgp_arena arena;
	bool stopping;
	/* fault accept-unknown-peer: connections left open instead of refused */
	int fault_fds[32];
	size_t nfault_fds;
};

/* Real milliseconds of a nominal duration at the configured time scale. */
static inline uint64_t rsd_ms(const struct rsd_daemon *d, double nominal_s)
{
	return rsd_scaled_ms(nominal_s, d->cfg->timers.scale);
}

/* The configured name of a session's peer. */
static inline const char *rsd_peer_name(const struct rsd_session *s)
{
	return s->d->peer_cfg[s->peer->id].name;
}

/* ---- rsd_daemon.c ---- */
/* Load the configuration and set up everything but the sockets. 0, or -1
 * with a message in err. */
int rsd_daemon_init(struct rsd_daemon *d, const char *cfg_path, char *err, size_t errcap);
/* Bind the listening sockets, the control socket and the signal fd. 0, or
 * -1 with err. */
int rsd_daemon_start(struct rsd_daemon *d, char *err, size_t errcap);
/* Once the daemon is where it stays (after detaching): log the start event
 * with its pid and start the sessions. */
void rsd_daemon_announce(struct rsd_daemon *d);
/* In the child after detaching (fork): re-register the signal fd. 0 or -1. */
int rsd_daemon_after_fork(struct rsd_daemon *d);
/* Run until SIGTERM/SIGINT; then Cease 6/2 to every peer. 0 or -1. */
int rsd_daemon_run(struct rsd_daemon *d);
void rsd_daemon_free(struct rsd_daemon *d);
/* Free the connections closed during the last dispatch. */
void rsd_daemon_reap(struct rsd_daemon *d);

/* ---- rsd_peer.c ---- */
struct rsd_peer *rsd_peer_by_addr(struct rsd_daemon *d, uint32_t addr);
struct rsd_peer *rsd_peer_by_name(struct rsd_daemon *d, const char *name);
/* Add a configured peer (already checked); returns it or NULL when full. */
struct rsd_peer *rsd_peer_add(struct rsd_daemon *d, const struct rs_peer_cfg *pc);
/* Cease 6/3 to its sessions, flush its routes, free its slot. */
void rsd_peer_remove(struct rsd_daemon *d, struct rsd_peer *p);

/* ---- rsd_io.c ---- */
/* What a connection reports to its session, the only calls rsd_io makes into
 * it: the outbound connect went through, a whole message arrived, the
 * NOTIFICATION it is about to send (the session's last error), and that it
 * is going (before it is reaped; at once when a NOTIFICATION is queued). */
struct rsd_conn_hooks {
	void (*connected)(struct rsd_conn *c);
	void (*message)(struct rsd_conn *c, const uint8_t *msg, size_t len);
	void (*error)(struct rsd_conn *c, uint8_t code, uint8_t sub);
	void (*gone)(struct rsd_conn *c, const char *why);
};
struct rsd_conn *rsd_conn_new(struct rsd_session *s, int fd, bool inbound,
                              const struct rsd_conn_hooks *hooks);
/* Queue bytes; drops the connection with Cease 6/8 when the queue is
 * stalled past RSD_WQ_MAX or past RSD_WQ_HARD. */
void rsd_conn_send(struct rsd_conn *c, const uint8_t *msg, size_t len);
/* The same without writing yet (unless a socket buffer's worth is
 * queued): an export batch queues every message of a session, then
 * rsd_conn_push writes them with one system call. */
void rsd_conn_queue(struct rsd_conn *c, const uint8_t *msg, size_t len);
/* Write what is queued (as far as the socket takes it; the rest on
 * EPOLLOUT). */
void rsd_conn_push(struct rsd_conn *c);
/* Queue a NOTIFICATION, log it, and close once flushed. */
void rsd_conn_notify(struct rsd_conn *c, uint8_t code, uint8_t sub, const uint8_t *data,
                     size_t dlen, const char *why);
/* Close at once (no NOTIFICATION). */
void rsd_conn_close(struct rsd_conn *c, const char *why);
void rsd_conn_watch(struct rsd_conn *c);
int rsd_set_nonblock(int fd);

/* ---- rsd_session.c ---- */
void rsd_session_init(struct rsd_daemon *d, struct rsd_peer *p, unsigned inst);
void rsd_session_start(struct rsd_session *s, uint64_t delay_ms);
void rsd_session_stop(struct rsd_session *s, uint8_t code, uint8_t sub, const char *why);
void rsd_session_free(struct rsd_session *s);
enum rsd_state rsd_session_state(const struct rsd_session *s);
/* Log a state change if the reported state changed. */
void rsd_session_note(struct rsd_session *s, const char *reason);
/* Adopt an accepted connection from the peer's address. */
void rsd_session_accept(struct rsd_session *s, int fd);

/* ---- rsd_open.c ---- */
size_t rsd_open_build(const struct rsd_daemon *d, unsigned inst, uint8_t *out, size_t cap);
/* Check the peer's OPEN; 0 when accepted, else the NOTIFICATION to send
 * in code and sub, and the rule in rule. */
int rsd_open_check(const struct rsd_daemon *d, const struct rsd_session *s,
                   const struct bgp_open *o, uint8_t *code, uint8_t *sub, const char **rule);
size_t rsd_route_refresh_build(uint8_t *out, size_t cap);

/* ---- rsd_update.c ---- */
void rsd_update_receive(struct rsd_conn *c, const uint8_t *msg, size_t len);

/* ---- rsd_export.c ---- */
/* Input that can be read at once is read before the next export batch
 * (each batch is a pass over every session), up to RSD_GATHER_CHANGES
 * changed prefixes, RSD_GATHER_CELLS decisions (changed prefixes x
 * sessions: the batch's arrays grow with both) or RSD_GATHER_MS. */
#define RSD_GATHER_CHANGES (16u << 10)
#define RSD_GATHER_CELLS   (1u << 18)
#define RSD_GATHER_MS      50
/* Whether the changes waiting for export leave room to read more first. */
bool rsd_export_gather_more(const struct rsd_daemon *d);
/* Send the changes recorded in each dirty instance's RIB. */
void rsd_export_flush(struct rsd_daemon *d);
/* Diff the full table against the Adj-RIB-Out of one session and send
 * the difference; with resend, forget what was sent first (route refresh). */
void rsd_export_sync(struct rsd_session *s, bool resend);
/* Every Established session of both instances (configuration change). */
void rsd_export_sync_all(struct rsd_daemon *d);
/* ARS-VNET-PEERING: ROUTE-REFRESH to each Established NVA (a reset when it
 * lacks the capability). */
void rsd_export_refresh_nvas(struct rsd_daemon *d, const char *why);

/* ---- rsd_adjout.c ---- */
/* The Adj-RIB-Outs of one instance's sessions share a common map (what most
 * of them were sent); each session keeps its exceptions to it. A session
 * starts with a map of its own (everything it is sent); rsd_adjout_baseline
 * turns that into exceptions once its full sync has been sent, and
 * rsd_adjout_settle moves the common map to the majority after a batch.
 * Neither changes what any session is recorded to have been sent. */
struct rsd_adjout_common *rsd_adjout_common_new(void);
/* Free it once it has no members (a member left over loses what it read
 * from the common map). */
void rsd_adjout_common_free(struct rsd_adjout_common *com, struct rs_attrtab *t);
size_t rsd_adjout_common_members(const struct rsd_adjout_common *com);
/* Entries of the common map. */
size_t rsd_adjout_common_count(const struct rsd_adjout_common *com);
/* A session's Adj-RIB-Out, a member of com (com NULL: a map of its own). */
struct rsd_adjout *rsd_adjout_new(struct rsd_adjout_common *com);
void rsd_adjout_free(struct rsd_adjout *a, struct rs_attrtab *t);
/* Forget everything (session down, route refresh); the session reads the
 * common map no longer until rsd_adjout_baseline. */
void rsd_adjout_clear(struct rsd_adjout *a, struct rs_attrtab *t);
/* From now on read the common map, with exceptions; 0, or -1 when out of
 * memory (nothing changed). */
int rsd_adjout_baseline(struct rsd_adjout *a, struct rs_attrtab *t);
bool rsd_adjout_is_baseline(const struct rsd_adjout *a);
/* For each of the n prefixes, make the key most baseline sessions hold the
 * common one; then give back room of sparse exception tables. */
void rsd_adjout_settle(struct rsd_adjout_common *com, struct rs_attrtab *t,
                       const struct bgp_prefix *p, size_t n);
/* The same for every prefix some session holds an exception for. */
void rsd_adjout_settle_all(struct rsd_adjout_common *com, struct rs_attrtab *t);
/* An export batch over n distinct prefixes p (kept by the caller until
 * close): each session's decision for p[k] is recorded with
 * rsd_adjout_batch_swap, which answers as rsd_adjout_swap; the records are
 * written, settled, when the batch closes. No other rsd_adjout call on the
 * instance's sessions but rsd_adjout_clear/count may come in between. NULL
 * when no session reads a common map, or no memory (use rsd_adjout_swap and
 * rsd_adjout_settle then). */
struct rsd_adjout_batch;
struct rsd_adjout_batch *rsd_adjout_batch_open(struct rsd_adjout_common *com,
                                               const struct bgp_prefix *p, size_t n);
int rsd_adjout_batch_swap(struct rsd_adjout_batch *b, struct rsd_adjout *a, struct rs_attrtab *t,
                          size_t k, const void *key, const void **old);
/* A decision a group of sessions share, recorded once: p[k] is sent key
 * (NULL: nothing) to every member that joins the group but none (NULL:
 * no member), which is sent nothing. Once per prefix; 0, or -1 (a
 * caller's mistake: k out of range, decided twice, none not a baseline
 * member). */
int rsd_adjout_batch_group(struct rsd_adjout_batch *b, size_t k, const void *key,
                           const struct rsd_adjout *none);
/* Make a read the group's decisions: true when it can (a baseline member
 * since the batch opened, without exceptions). A member that joined takes
 * every prefix the group decided as decided, so it must be told each
 * (rsd_adjout_batch_follow); the others it records with
 * rsd_adjout_batch_swap. */
bool rsd_adjout_batch_join(struct rsd_adjout_batch *b, const struct rsd_adjout *a);
/* a reads the group's decisions no longer (a session not sent the batch,
 * or deciding for itself): it records each decision of its own. */
void rsd_adjout_batch_leave(struct rsd_adjout_batch *b, const struct rsd_adjout *a);
/* For a member that joined and a prefix the group decided: what it was
 * sent before (*old) and what it is sent now (*now); its count follows.
 * False (nothing done) otherwise. */
bool rsd_adjout_batch_follow(struct rsd_adjout_batch *b, struct rsd_adjout *a, size_t k,
                             const void **old, const void **now);
void rsd_adjout_batch_close(struct rsd_adjout_batch *b, struct rs_attrtab *t);
/* What was last sent for p: NULL when nothing. */
const void *rsd_adjout_get(const struct rsd_adjout *a, const struct bgp_prefix *p);
/* Record p as sent with key (an rs_attrset, referenced here, or
 * RSD_ADJOUT_VNET); key NULL removes. 0 or -1. */
int rsd_adjout_set(struct rsd_adjout *a, struct rs_attrtab *t, const struct bgp_prefix *p,
                   const void *key);
/* rsd_adjout_set that also tells what was recorded before (*old, when old
 * is not NULL); nothing changes when that is key already. 0 or -1. */
int rsd_adjout_swap(struct rsd_adjout *a, struct rs_attrtab *t, const struct bgp_prefix *p,
                    const void *key, const void **old);
/* Prefixes recorded as sent. */
size_t rsd_adjout_count(const struct rsd_adjout *a);
/* Entries the session keeps of its own (exceptions, or its whole map). */
size_t rsd_adjout_exceptions(const struct rsd_adjout *a);
/* Sorted copy of the entries; caller frees *pfx and *keys. */
size_t rsd_adjout_list(const struct rsd_adjout *a, struct bgp_prefix **pfx, const void ***keys);
extern const char rsd_adjout_vnet_key;
#define RSD_ADJOUT_VNET ((const void *)&rsd_adjout_vnet_key)

/* ---- rsd_admit.c ---- */
/* The listening socket's event callback; arg is the rsd_instance. */
void rsd_admit_accept(void *arg, uint32_t events);

/* rsd_fault_below.c: the faults tcp-md5 and answer-bfd (rs_fault.h). Each
 * does nothing without its fault; 0, or -1 (with err for the start). */
int rsd_fault_md5_listen(struct rsd_daemon *d, struct rsd_instance *in, char *err, size_t errcap);
int rsd_fault_md5_peer(struct rsd_daemon *d, int fd, const struct rs_peer_cfg *p);
int rsd_fault_bfd_open(struct rsd_daemon *d, struct rsd_instance *in, char *err, size_t errcap);

/* ---- rsd_ctl.c ---- */
int rsd_ctl_open(struct rsd_daemon *d, char *err, size_t errcap);
void rsd_ctl_close(struct rsd_daemon *d);
/* ---- rsd_ctl_cmd.c ---- */
/* Answer one request line into out (one JSON document). */
void rsd_ctl_request(struct rsd_daemon *d, const char *line, struct rsd_buf *out);
void rsd_ctl_error(struct rsd_buf *out, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- rsd_ctl_routes.c ---- */
void rsd_ctl_learned(struct rsd_daemon *d, struct rsd_peer *p, struct rsd_json *j);
void rsd_ctl_advertised(struct rsd_daemon *d, struct rsd_peer *p, struct rsd_json *j);
/* vm: the VM address, or 0 for none. */
void rsd_ctl_effective(struct rsd_daemon *d, bool has_vm, uint32_t vm, struct rsd_json *j);

#endif
