/* h_certify_run.h: what the certify files share (not for other callers):
 * one certification run, its requirements, the NVA implementations and the
 * helpers that start processes and ask the reference server. */
#ifndef RSCERT_H_CERTIFY_RUN_H
#define RSCERT_H_CERTIFY_RUN_H

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "h_certify.h"
#include "h_certify_wire.h"
#include "h_netns.h"
#include "h_server.h"

#define H_CERT_LIMIT  200 /* profile faq-2021-02 */
#define H_CERT_MARGIN 180 /* the limit less 10% */

enum h_cert_verdict { H_CERT_PASS, H_CERT_FAIL, H_CERT_SKIP, H_CERT_BLOCKED };

/* The requirements, in dependency order (the certificate's order). */
enum h_cert_id {
	H_REQ_BFD,
	H_REQ_TCP,
	H_REQ_MD5,
	H_REQ_OPEN,
	H_REQ_ASN,
	H_REQ_PEER_ASN,
	H_REQ_TIMERS,
	H_REQ_REFRESH,
	H_REQ_BOTH,
	H_REQ_ROUTES,
	H_REQ_LIMIT,
	H_REQ_IDENTICAL,
	H_REQ_NEXT_HOP,
	H_REQ_STATIC,
	H_REQ_NOTIFICATION,
	H_REQ_HOLD,
	H_REQ_INSTANCE,
	H_REQ_DATA_PATH, /* only in the namespaces */
	H_CERT_NREQ
};

struct h_cert_req {
	const char *id;
	const char *title;
	const char *observes;
	enum h_cert_id dep; /* the requirement it needs, itself when none */
	enum h_cert_verdict v;
	char evidence[768];
	char fix[512];
	bool off; /* not part of this run's certificate */
};

struct h_cert_run;

/* One NVA implementation rscert can start with the user's file. */
struct h_cert_adapter {
	const char *name;
	/* candidates for the daemon binary: absolute paths tried in order, or
	 * a bare name looked up in PATH */
	const char *const *daemon;
	/* what its `--version` output must hold */
	const char *version_mark;
	/* start it in the NVA's namespace with the user's file (r->nva); 0,
	 * or -1 with err */
	int (*start)(struct h_cert_run *r, char *err, size_t cap);
	/* the knobs that set how soon the daemon reconnects */
	const char *reconnect_knobs;
	/* how a static route, the own AS and the neighbor's AS are written
	 * in its configuration (printf formats) */
	const char *static_syntax;    /* %s: the route server's subnet */
	const char *local_as_syntax;  /* %u: the AS */
	const char *remote_as_syntax; /* %s, %s: the instances' addresses */
};

/* The server's view of the NVA's sessions. */
struct h_cert_sess {
	bool up[2];
	char state[2][32];
	char since[2][40];
	unsigned hold[2], keepalive[2];
};

struct h_cert_run {
	const struct h_cert_opts *o;
	const struct h_cert_adapter *ad;
	char daemon[256]; /* the NVA's binary, resolved */
	char dir[256];
	char rslog[300];
	char sha256[65];  /* of the configuration file */
	char started[32]; /* UTC, ISO 8601 */
	struct h_server srv;
	pid_t nva;
	pid_t nva_extra[3]; /* FRR: zebra, staticd, bfdd */
	uint32_t nva_addr;
	uint32_t subnet, vnet; /* the route server's subnet and the VNet (host order) */
	unsigned subnet_len, vnet_len;
	char subnet_text[24]; /* "10.0.255.0/27" */
	char version[128];
	struct h_cwire wire;
	bool ever_up[2]; /* the server saw the session Established */
	unsigned max_learned[2];
	/* per instance, the fullest table it was seen with while its session
	 * was Established (sorted lines, malloc'ed; the latest of equal
	 * counts): a session that flapped has an empty or partial table when
	 * the sets are compared, and the flap is judged elsewhere */
	char *up_set[2];
	size_t up_set_n[2];
	/* what each instance learned when the observation window closed with
	 * both sessions up and the same count for 3 s (NULL when it never
	 * settled): NVA-IDENTICAL compares these, so a session that flaps
	 * afterwards (no static route) is not judged as a difference */
	char *stable_set[2];
	size_t stable_n[2];
	struct h_cert_req req[H_CERT_NREQ];
	struct h_netns *net; /* the namespaces, NULL with --external */
	const char *nva_ns;  /* the NVA's namespace */
	bool tty;            /* progress lines rewritten in place */
};

/* h_certify_util.c: clock, stop flag (set on SIGINT/SIGTERM), processes, files */
extern volatile sig_atomic_t h_cert_stop_flag;
double h_cert_now(void);
/* Wait ms milliseconds, reading the wire meanwhile. */
void h_cert_wait(struct h_cert_run *r, long ms);
void h_cert_ip(uint32_t a, char *out, size_t cap);
pid_t h_cert_spawn(char *const argv[], const char *out);
int h_cert_wait_exit(pid_t pid, double timeout);
void h_cert_kill(pid_t pid);
int h_cert_run_cmd(char *const argv[], const char *out);
void h_cert_cat(struct h_cert_run *r, const char *name);
void h_cert_rmtree(const char *dir);
bool h_cert_log_has(struct h_cert_run *r, const char *w1, const char *w2, char *line, size_t cap);
bool h_cert_log_after(struct h_cert_run *r, long offset, const char *w1, const char *w2, char *line,
                      size_t cap);
long h_cert_log_size(struct h_cert_run *r);
/* sha256 of a file as 64 hex digits; 0 or -1. */
int h_cert_sha256(const char *path, char out[65]);

/* h_certify_adapter.c: find the implementation's binary and check it is
 * the one expected; 0, or -1 with err naming the cause */
const struct h_cert_adapter *h_cert_adapter_find(const char *name);
int h_cert_resolve(struct h_cert_run *r, char *err, size_t cap);

/* h_certify_query.c: the server's control socket */
json_t *h_cert_ctl(struct h_cert_run *r, const char *line);
void h_cert_sessions(struct h_cert_run *r, struct h_cert_sess *s);
void h_cert_learned_counts(struct h_cert_run *r, unsigned n[2]);
/* The learned (prefix, AS path) lines of one instance, sorted, malloc'ed;
 * NULL without an answer. */
char *h_cert_learned_set(const json_t *learned, int inst, size_t *count);
/* Both instances' learned sets; 0 when the answer was read. */
int h_cert_learned_sets(struct h_cert_run *r, char *set[2], size_t n[2]);
/* Keep each instance's learned set while its session is up (s), when its
 * count n is at least that of the one kept. */
void h_cert_keep_up_sets(struct h_cert_run *r, const struct h_cert_sess *s, const unsigned n[2]);
/* Keep both instances' learned sets as the window's settled snapshot. */
void h_cert_keep_stable_sets(struct h_cert_run *r);
/* Free the kept sets. */
void h_cert_free_sets(struct h_cert_run *r);

/* h_certify_observe.c: the server, the peering, the observation window */
int h_cert_setup(struct h_cert_run *r, char *err, size_t cap);
void h_cert_observe(struct h_cert_run *r);

/* h_certify_check.c: the requirement table and the checks of the OPEN */
struct h_cert_req *h_cert_req_set(struct h_cert_run *r, int i, enum h_cert_verdict v,
                                  const char *evidence, const char *fix);
void h_cert_req_init(struct h_cert_run *r);
/* Whether i can be judged; when not, it is set BLOCKED naming the cause. */
bool h_cert_ready(struct h_cert_run *r, int i);
void h_cert_check_session(struct h_cert_run *r);
/* The TTL of the NVA's packets as they left it, described into out; 0
 * when none was seen. */
unsigned h_cert_ttl(const struct h_cert_run *r, char *out, size_t cap);

/* h_certify_routes.c: routes, limit, identical sets, next hops */
void h_cert_check_routes(struct h_cert_run *r);
/* NVA-IDENTICAL from the sets chosen: the settled snapshot when there is
 * one, else the current tables (cur, NULL when the server did not answer)
 * with a down session's replaced by what it held while up (s). */
void h_cert_judge_identical(struct h_cert_run *r, const struct h_cert_sess *s, char *const cur[2],
                            const size_t cur_n[2]);

/* h_certify_static.c: the sessions once the server advertised the VNet */
void h_cert_check_static(struct h_cert_run *r);

/* h_certify_react.c */
void h_cert_check_reactions(struct h_cert_run *r);

/* h_certify_tcp.c: the server's TCP connections to the NVA */
#define H_CERT_MAX_CONN 8
struct h_cert_conn {
	uint16_t lport, rport;
};
size_t h_cert_tcp_established_in(pid_t pid, uint32_t local, uint32_t remote, struct h_cert_conn *c,
                                 size_t cap);
bool h_cert_tcp_alive_in(pid_t pid, uint32_t local, uint32_t remote, const struct h_cert_conn *c);
size_t h_cert_tcp_established(uint32_t local, uint32_t remote, struct h_cert_conn *c, size_t cap);
bool h_cert_tcp_alive(uint32_t local, uint32_t remote, const struct h_cert_conn *c);

/* h_certify_netns.c: the namespaces, the NVA's kernel, the VM's data path */
int h_cert_netns_begin(struct h_cert_run *r, char *err, size_t cap);
int h_cert_netns_server(struct h_cert_run *r, char *err, size_t cap);
void h_cert_netns_end(struct h_cert_run *r);
/* The NVA's kernel: its route to each instance address and a ping; false
 * when either is unreachable; what it saw into ev. */
bool h_cert_netns_kernel(struct h_cert_run *r, char *ev, size_t cap);
void h_cert_check_data_path(struct h_cert_run *r);
int h_cert_run_server_ns(struct h_cert_run *r, char *const argv[], const char *out);

/* h_certify_report.c, h_certify_html.c */
const char *h_cert_verdict_name(enum h_cert_verdict v);
bool h_cert_certified(const struct h_cert_run *r);
json_t *h_cert_json(const struct h_cert_run *r);
int h_cert_write_json(const struct h_cert_run *r);
int h_cert_write_html(const struct h_cert_run *r, const json_t *cert);
void h_cert_print(const struct h_cert_run *r);
/* A progress line: rewritten in place on a terminal, else a plain line
 * when it changed. */
void h_cert_progress(struct h_cert_run *r, double left);

/* h_adapter_*.c */
extern const struct h_cert_adapter h_adapter_bird;
extern const struct h_cert_adapter h_adapter_gobgp;
extern const struct h_cert_adapter h_adapter_frr;

#endif
