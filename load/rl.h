/* rl.h: the load driver rscert-load.
 *
 * N feeder peers announce M IPv4 /24s each to one route server address; S
 * sink peers announce nothing and count what the server re-advertises.
 * Phases: establish, announce (convergence), optionally withdraw-all and
 * re-announce, then churn (prefixes withdrawn and re-announced at a rate,
 * latency measured at the sinks). One thread, epoll, non-blocking sockets;
 * the table is encoded once before the clock starts and written with
 * writev. With no sinks (--sinks 0) a bulk phase ends when every feeder's
 * send queue is empty: the driver's own injection rate, measured against
 * rscert-discard (bench/load-driver). */
#ifndef RSCERT_RL_H
#define RSCERT_RL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bgp_codec.h"

#define RL_PREFIX_BASE  0x14000000u  /* 20.0.0.0: /24s from here up */
#define RL_MAX_DISTINCT (107u << 16) /* /24s from 20.0.0.0 up to 126.255.255.0 */
#define RL_MAX_PEERS    4096
#define RL_RBUF         (256u << 10)
#define RL_NOT_STARTED  (-2) /* peer state before its connect */
#define RL_INFLIGHT     64   /* sessions being set up at once */

struct rl_opts {
	const char *preset;
	const char *server;
	unsigned port;
	long pid;
	unsigned peers;    /* feeders */
	unsigned prefixes; /* per feeder */
	unsigned sinks;    /* 0: bulk phases end when everything was sent */
	bool overlap;      /* every feeder announces the same prefixes */
	unsigned path_min, path_max;
	const char *src; /* first source address */
	unsigned asn_base, sink_asn_base;
	unsigned hold;
	bool cycle;        /* withdraw everything, then re-announce */
	double churn_rate; /* events per second */
	double churn_time; /* seconds */
	double timeout;    /* per phase */
	double setup_timeout;
	double progress; /* seconds between progress lines, 0 = none */
	long max_rss_mb; /* stop when the server's RSS passes this, 0 = no cap */
	double sample;   /* seconds between CSV samples, 0 = none */
	const char *csv;
	const char *json;
	const char *label;
};

struct rl_peer {
	int fd;
	unsigned idx; /* feeders 0..N-1, sinks N..N+S-1 */
	bool sink;
	uint32_t src; /* host order */
	uint32_t asn;
	int state; /* 0 connecting, 1 OPEN sent, 2 OPEN received, 3 established, -1 lost */
	char lost[96];
	unsigned losses;
	/* output: small messages first, then the bulk stream */
	uint8_t *dyn;
	size_t dyn_len, dyn_off, dyn_cap;
	const uint8_t *bulk;
	size_t bulk_len, bulk_off;
	/* input */
	uint8_t *in;
	size_t in_len;
	uint64_t rx_bytes, rx_updates;
	/* sinks: which distinct prefixes are held */
	uint8_t *held;
	size_t nheld;
	double next_ka;
};

struct rl_lat {
	double *v;
	size_t n, cap;
};

struct rl_phase {
	const char *name;
	bool done;
	double seconds;    /* until every sink holds what it should */
	double learned_s;  /* until the server's TCP took every byte (SIOCOUTQ 0) */
	uint64_t prefixes; /* prefix announcements or withdrawals sent */
	uint64_t bytes;
	long rss_kb; /* server VmRSS at the end */
	size_t held; /* the least any sink held at the end */
	/* the driver's own cost, until every byte was sent (learned_s) */
	double written_s; /* until the last byte was handed to the kernel */
	double cpu_s, user_s, sys_s;
	uint64_t writes; /* writev calls */
};

struct rl_run {
	struct rl_opts o;
	struct rl_peer *p;
	unsigned np;
	int ep;
	size_t distinct; /* distinct prefixes over all feeders */
	size_t want;     /* what each sink must hold */
	uint8_t **feed;  /* per feeder: the announce stream */
	size_t *feed_len;
	uint8_t **wd; /* per feeder: the withdraw-all stream */
	size_t *wd_len;
	uint8_t *ann;      /* churn: per distinct prefix, announced (overlap: by all) */
	double *sent_at;   /* churn: when the pending change was sent, 0 = none */
	uint16_t *waiting; /* churn: sinks that have not seen it yet */
	size_t npending, unobserved;
	uint64_t churn_events;
	struct rl_lat lat, lat_window;
	struct rl_phase ph[5];
	unsigned nph;
	double t_start;
	unsigned setup_up; /* sessions up when establishing ended */
	double setup_s;
	FILE *csv;
	double next_sample, next_progress, next_rss;
	bool rss_capped;
	char *arena_mem;
	struct bgp_arena arena;
	uint64_t rng;
	/* the driver's own work */
	double encode_s, encode_cpu_s;
	uint64_t writes, sent_bytes, waits; /* writev calls, bytes written, epoll_waits */
};

/* rl_opts.c */
/* 0 run, 1 done (--help, --version printed), -1 usage error (said). */
int rl_opts_parse(int argc, char **argv, struct rl_opts *o);
void rl_usage(FILE *f);

/* rl_time.c: monotonic seconds, and CPU time of the process (user +
 * system) in seconds. */
double rl_now(void);
double rl_cpu_now(void);

/* rl_net.c */
int rl_net_start(struct rl_run *r);
int rl_flush(struct rl_run *r, struct rl_peer *p);
/* Connect peers not started yet while fewer than max_inflight sessions
 * are being set up (a server's listen backlog is not flooded). */
int rl_start_more(struct rl_run *r, unsigned max_inflight);
/* Close and connect again (while establishing). */
int rl_reconnect(struct rl_run *r, struct rl_peer *p);
int rl_queue(struct rl_run *r, struct rl_peer *p, const uint8_t *m, size_t n);
/* Wait for events until ms passes; reads, writes and counts. -1 on error. */
int rl_poll(struct rl_run *r, int ms);
size_t rl_outq(const struct rl_peer *p);
void rl_net_close(struct rl_run *r);

/* rl_feed.c */
uint32_t rl_prefix_addr(size_t d);
size_t rl_distinct_of(const struct rl_run *r, unsigned feeder, unsigned k);
int rl_feed_encode(struct rl_run *r);
/* Pack announcements (withdraw 0) or withdrawals of the given prefix
 * indexes of one feeder onto its output queue. */
int rl_feed_queue(struct rl_run *r, struct rl_peer *p, const uint32_t *ks, size_t n, int withdraw);
void rl_feed_free(struct rl_run *r);

/* rl_sink.c */
/* A sink saw prefix d (announced or withdrawn). */
void rl_sink_seen(struct rl_run *r, struct rl_peer *p, uint32_t addr, unsigned len, bool add);

/* rl_report.c */
long rl_proc_kb(long pid, const char *key);
void rl_lat_add(struct rl_lat *l, double v);
double rl_lat_pct(struct rl_lat *l, double pct);
void rl_progress(struct rl_run *r, const char *phase);
void rl_sample(struct rl_run *r);
void rl_report(struct rl_run *r, FILE *out);
int rl_report_json(struct rl_run *r, const char *path);

/* rl_phase.c */
int rl_phase_establish(struct rl_run *r);
int rl_phase_bulk(struct rl_run *r, const char *name, bool withdraw);
int rl_phase_churn(struct rl_run *r);

#endif
