/* h_certify_run.h: what the certify files share (not for other callers):
 * one certification run, its requirements, the adapters and the helpers
 * that start processes and ask the reference server. */
#ifndef RSCERT_H_CERTIFY_RUN_H
#define RSCERT_H_CERTIFY_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "h_certify.h"
#include "h_json.h"
#include "h_netns.h"
#include "h_server.h"

#define H_CERT_LIMIT     200         /* profile faq-2021-02 */
#define H_CERT_VNET_NET  0x0a000000u /* 10.0.0.0/16 */
#define H_CERT_RS_SUBNET 0x0a00ff00u /* 10.0.255.0/27 */

enum h_cert_verdict { H_CERT_PASS, H_CERT_FAIL, H_CERT_SKIP };

/* The requirements, in certificate order. */
enum h_cert_id {
	H_REQ_ASN,
	H_REQ_BOTH,
	H_REQ_IDENTICAL,
	H_REQ_LIMIT,
	H_REQ_TIMERS,
	H_REQ_REFRESH,
	H_REQ_STATIC,
	H_REQ_NOTIFICATION,
	H_REQ_HOLD,
	H_REQ_INSTANCE,
	H_REQ_DATA_PATH, /* only with --netns */
	H_CERT_NREQ
};

struct h_cert_req {
	const char *id;
	const char *title;
	enum h_cert_verdict v;
	char evidence[768];
	char fix[512];
	bool off; /* not part of this run's certificate */
};

struct h_cert_run;

/* One NVA daemon the harness can configure and start. */
struct h_cert_adapter {
	const char *name;
	/* candidates for the daemon binary, the first that exists is used */
	const char *const *daemon;
	/* write the configuration into the run's directory, start the daemon
	 * (r->nva), announce the test prefixes; 0 or -1 */
	int (*start)(struct h_cert_run *r);
	/* the configuration file it writes in the run's directory */
	const char *conf;
	/* the knobs that set how soon the daemon reconnects */
	const char *reconnect_knobs;
};

struct h_cert_run {
	const struct h_cert_opts *o;
	const struct h_cert_adapter *ad;
	char daemon[256]; /* the adapter's binary, resolved */
	char dir[256];
	char rslog[300];
	struct h_server srv;
	pid_t nva;
	uint32_t nva_addr;
	uint16_t api_port;
	char version[128];
	bool peering;
	unsigned max_learned[2];
	struct h_cert_req req[H_CERT_NREQ];
	struct h_netns *net; /* the namespaces with --netns, else NULL */
	const char *nva_ns;  /* the NVA's namespace, NULL: this one */
};

/* Established sessions of the NVA as the server reports them. */
struct h_cert_sess {
	bool up[2];
	char state[2][32];
	char since[2][40];
	unsigned hold[2], keepalive[2];
};

extern volatile sig_atomic_t h_cert_stop_flag;

/* h_certify_util.c: clock, processes, files */
double h_cert_now(void);
void h_cert_nap(long ms);
void h_cert_ip(uint32_t a, char *out, size_t cap);
uint16_t h_cert_free_port(uint32_t addr);
void h_cert_prefix(unsigned i, char *out, size_t cap);
pid_t h_cert_spawn(char *const argv[], const char *out);
int h_cert_wait_exit(pid_t pid, double timeout);
void h_cert_kill(pid_t pid);
int h_cert_run_cmd(char *const argv[], const char *out);
void h_cert_version(struct h_cert_run *r);
void h_cert_cat(struct h_cert_run *r, const char *name);
void h_cert_rmtree(const char *dir);
/* Copy the file name of the run's directory into dir; 0 or -1. */
int h_cert_keep_file(struct h_cert_run *r, const char *name, const char *dir);
bool h_cert_log_has(struct h_cert_run *r, const char *w1, const char *w2, char *line, size_t cap);
bool h_cert_log_after(struct h_cert_run *r, long offset, const char *w1, const char *w2, char *line,
                      size_t cap);
long h_cert_log_size(struct h_cert_run *r);

/* h_certify_query.c: the server's control socket */
struct h_json *h_cert_ctl(struct h_cert_run *r, const char *line);
void h_cert_sessions(struct h_cert_run *r, struct h_cert_sess *s);
void h_cert_learned_counts(struct h_cert_run *r, unsigned n[2]);
/* The learned (prefix, AS path) lines of one instance, sorted, malloc'ed;
 * NULL without an answer. */
char *h_cert_learned_set(const struct h_json *learned, int inst, size_t *count);
/* Both instances' learned sets; 0 when the answer was read. */
int h_cert_learned_sets(struct h_cert_run *r, char *set[2], size_t n[2]);

/* h_certify_check.c: the requirements read from one observation */
struct h_cert_req *h_cert_req_set(struct h_cert_run *r, int i, enum h_cert_verdict v,
                                  const char *evidence, const char *fix);
void h_cert_req_init(struct h_cert_run *r);
void h_cert_check_asn(struct h_cert_run *r, const char *refusal);
void h_cert_check_sessions(struct h_cert_run *r, const struct h_cert_sess *s);
void h_cert_check_identical(struct h_cert_run *r, const struct h_cert_sess *s);
void h_cert_check_limit(struct h_cert_run *r);
void h_cert_check_refresh(struct h_cert_run *r, const struct h_cert_sess *s);
void h_cert_check_static(struct h_cert_run *r);

/* h_certify_react.c: how the NVA reacts to the server's NOTIFICATION, to a
 * silent server and to one instance dropping its session */
void h_cert_check_reactions(struct h_cert_run *r, const struct h_cert_sess *s);

/* h_certify_tcp.c: the server's TCP connections to the NVA */
#define H_CERT_MAX_CONN 8
struct h_cert_conn {
	uint16_t lport, rport;
};
/* Established connections from local to remote (host order). */
size_t h_cert_tcp_established(uint32_t local, uint32_t remote, struct h_cert_conn *c, size_t cap);
/* Whether the connection is still Established. */
bool h_cert_tcp_alive(uint32_t local, uint32_t remote, const struct h_cert_conn *c);
/* The same in the network namespace of process pid (0: this one). */
size_t h_cert_tcp_established_in(pid_t pid, uint32_t local, uint32_t remote, struct h_cert_conn *c,
                                 size_t cap);
bool h_cert_tcp_alive_in(pid_t pid, uint32_t local, uint32_t remote, const struct h_cert_conn *c);

/* h_certify_netns.c: --netns, the server and the NVA in the namespaces of
 * h_netns.h; the NVA's kernel and the VM's data path */
int h_cert_netns_begin(struct h_cert_run *r, char *err, size_t cap);
int h_cert_netns_server(struct h_cert_run *r, char *err, size_t cap);
void h_cert_netns_end(struct h_cert_run *r);
void h_cert_netns_check_static(struct h_cert_run *r);
void h_cert_check_data_path(struct h_cert_run *r);
/* argv to completion in the server's namespace (here without --netns),
 * output into the file out; 0 when it exited 0 */
int h_cert_run_server_ns(struct h_cert_run *r, char *const argv[], const char *out);

/* h_certify_report.c */
const char *h_cert_verdict_name(enum h_cert_verdict v);
int h_cert_write_json(const struct h_cert_run *r, bool ok);
void h_cert_print(const struct h_cert_run *r, bool ok);

/* h_adapter_*.c */
extern const struct h_cert_adapter h_adapter_bird;
extern const struct h_cert_adapter h_adapter_gobgp;
extern const struct h_cert_adapter h_adapter_frr;

#endif
