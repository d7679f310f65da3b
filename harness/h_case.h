/* h_case.h: a conformance case as read from its file (cases/<ID>.case).
 *
 * The format is described in docs/CASES.md: header fields, topology lines
 * (server, nva), then an ordered script of actions and expectations. */
#ifndef RSCERT_H_CASE_H
#define RSCERT_H_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp_msg.h"

/* The case's arrays grow as needed (h_case_grow): steps, fake NVAs,
 * alternatives of an expectation, routes. The received-route store keeps
 * H_MAX_COMMS communities per route. */
#define H_MAX_COMMS 8
#define H_MAX_ATTRS 4 /* attribute checks, large and extended communities of one route check */
#define H_NAME      32
#define H_TEXT      512

/* A duration: real seconds, or a multiple of the nominal hold time (180 s,
 * or the NVA's offer) run through the time scale ("1.5xhold"). */
struct h_dur {
	double v;
	bool xhold;
};

enum h_cap_bits {
	H_CAP_MP = 1u << 0,
	H_CAP_RR = 1u << 1,
	H_CAP_AS4 = 1u << 2,
	H_CAP_GR = 1u << 3,
	H_CAP_ERR = 1u << 4,
	H_CAP_EXT = 1u << 5,
};

struct h_static {
	struct bgp_prefix pfx;
	uint32_t via; /* host order */
};

struct h_nva_spec {
	char name[H_NAME];
	uint32_t asn;       /* ASN in its OPEN */
	uint32_t cfg_asn;   /* ASN configured for it at the server */
	bool configured;    /* whether the server knows its session address */
	uint32_t addr;      /* modelled address (NEXT_HOP, router ID) */
	uint32_t router_id; /* BGP identifier in its OPEN */
	struct bgp_prefix subnet;
	uint32_t gateway;
	unsigned hold;     /* offered hold time, nominal seconds */
	unsigned peers;    /* 1 = IN_0, 2 = IN_1, 3 = both */
	unsigned caps;     /* h_cap_bits */
	bool reconnect;    /* reconnect by itself after a drop */
	bool gateway_peer; /* the ExpressRoute/VPN gateway (iBGP, ASN 65515) */
	char md5[80];      /* TCP MD5 key its segments carry (RFC 2385), "" for none */
	size_t nstatic;
	struct h_static *statics;
	unsigned line;
};

struct h_server_spec {
	char profile[32];
	char vnet[256]; /* prefixes separated by spaces */
	unsigned keepalive, hold;
	bool branch_to_branch;
	size_t nextra; /* raw config lines added as they are */
	char **extra;
	unsigned *extra_line;
	char refused_rule[48]; /* "server refused RULE at WORD": the configuration */
	char refused_at[64];   /* must be refused; "" when it must be accepted */
	unsigned refused_line;
	size_t nextra_peers; /* configured peers without a fake NVA */
	char **extra_peer;
	uint32_t *extra_peer_asn;
};

enum h_op {
	H_OP_CONNECT = 1,
	H_OP_ANNOUNCE,
	H_OP_WITHDRAW,
	H_OP_SEND_HEX,
	H_OP_SEND_MALFORMED,
	H_OP_SEND_REFRESH,
	H_OP_SILENCE,
	H_OP_RESUME,
	H_OP_DISCONNECT,
	H_OP_RECONNECT,
	H_OP_CONTROL,
	H_OP_EXPECT,
	H_OP_BFD, /* a BFD control packet to each instance (RFC 5880, 5881) */
};

/* What an expectation looks for. */
enum h_what {
	/* on the wire, per fake NVA session */
	H_E_ESTABLISHED = 1,
	H_E_NOTIFICATION,
	H_E_CLOSED,
	H_E_ROUTE,
	H_E_WITHDRAWN,
	H_E_REFRESH,
	H_E_EOR,
	H_E_KEEPALIVE,
	H_E_UPDATE,             /* an UPDATE arrived */
	H_E_KEEPALIVE_INTERVAL, /* the gap before each KEEPALIVE is within [ka_min, ka_max] */
	H_E_OPEN,
	H_E_UP,              /* negative: no NOTIFICATION, no close for the interval */
	H_E_NO_ROUTE,        /* negative: P not announced for the interval */
	H_E_NO_UPDATE,       /* negative */
	H_E_NEVER_RECEIVED,  /* negative: P never announced on the wire, even ignored */
	H_E_NO_KEEPALIVE,    /* negative */
	H_E_NO_NOTIFICATION, /* negative */
	H_E_NO_IPV6,         /* negative: no UPDATE of the session carried an IPv6 route */
	H_E_NO_SESSION,      /* negative: no BGP message from the server, never Established */
	H_E_NO_BFD,          /* negative: nothing came back to the NVA's BFD ports */
	H_E_FLAPS,           /* the session drops and comes back N times */
	H_E_UNREACHABLE,     /* the NVA's forwarding table loses the server */
	/* on the server, through the control socket */
	H_E_S_LEARNED,
	H_E_S_ADVERTISED,
	H_E_S_EFFECTIVE,
	H_E_S_INCONSISTENT,
	H_E_S_CONSISTENT,
	H_E_S_METRICS,
	H_E_S_SESSION,
	H_E_S_LOG,
	H_E_S_KERNEL, /* a TcpExt counter of the kernel the server runs on rises */
};

enum h_cmp { H_CMP_HAS = 0, H_CMP_LACKS, H_CMP_COUNT };

/* A check on one path attribute of a received route, on its bytes as they
 * came on the wire: present with these flags (Optional, Transitive and
 * Partial bits; -1 = any) and this value, or absent. */
struct h_attr_ck {
	uint8_t type;
	bool absent;
	int flags;
	bool has_value;
	size_t nvalue;
	uint8_t value[32];
};

/* MED or LOCAL_PREF on a received route: unchecked, absent, or this value. */
enum h_num_ck { H_NUM_ANY = 0, H_NUM_ABSENT, H_NUM_EQ };

/* One alternative of an expectation. */
struct h_alt {
	enum h_what what;
	char text[96]; /* the alternative as written, for messages and profiles */
	/* wire */
	int code, subcode; /* notification; -1 = any subcode */
	uint8_t data[64];
	size_t ndata;
	bool has_data;
	struct bgp_prefix pfx; /* route, withdrawn, no-route, server lookups */
	unsigned count;        /* range size, flap count, route count */
	bool has_path;
	char path[128]; /* "65515 65001" (spaces) */
	bool has_nh;
	uint32_t nh;
	int origin; /* -1 = any */
	size_t ncomm;
	uint32_t *comm;
	enum h_num_ck med_ck, lp_ck;
	uint32_t med, local_pref;
	bool has_large, has_ext; /* the route's large/extended communities are exactly these */
	size_t nlarge, next;
	uint32_t large[H_MAX_ATTRS][3];
	uint8_t ext[H_MAX_ATTRS][8];
	size_t nattr;
	struct h_attr_ck attr[H_MAX_ATTRS];
	struct h_dur ka_min, ka_max; /* H_E_KEEPALIVE_INTERVAL */
	bool has_open_id, has_open_as;
	uint32_t open_id, open_as; /* H_E_OPEN: BGP identifier, AS (4-octet when announced) */
	unsigned open_hold;        /* 0 = not checked; H_E_OPEN */
	bool has_open_hold;
	unsigned cap_has, cap_lacks; /* h_cap_bits */
	/* server */
	enum h_cmp cmp;
	int peer;      /* NVA index, -1 none */
	unsigned inst; /* 1, 2, 3 (both, default) */
	size_t nnh;
	uint32_t *nhs;
	char field[32]; /* metrics/session field, log event */
	char value[64];
	bool numeric;
	double num;
	struct h_dur dur; /* within (positive) or for (negative) */
	bool negative;    /* true when dur is an interval to observe */
};

struct h_step {
	enum h_op op;
	unsigned line;
	int nva;       /* index into nvas, -1 for the server */
	unsigned inst; /* 0 = the NVA's peers, else 1/2/3 */
	/* announce / withdraw */
	struct bgp_prefix pfx;
	unsigned count;
	char path[128];
	bool has_path; /* a path was given (it may be empty: iBGP) */
	int origin;
	bool has_nh;
	uint32_t nh;
	size_t ncomm;
	uint32_t *comm;
	bool has_med;
	uint32_t med;
	bool has_lp;
	uint32_t local_pref;
	/* connect */
	bool raw; /* TCP only, no OPEN */
	/* hex, malformed name, control command */
	char text[H_TEXT];
	char arg[64]; /* malformed: optional prefix; control: rule expected to refuse */
	bool expect_refusal;
	/* expect */
	size_t nalt;
	struct h_alt *alt;
};

struct h_case {
	char file[256];
	char id[64];
	char level[8];
	char title[160];
	char requirement[512];
	char keywords[160];
	struct h_server_spec server;
	size_t nnvas;
	struct h_nva_spec *nvas;
	size_t nsteps;
	struct h_step *steps;
	/* parse error, "" when the case is well formed */
	char error[512];
};

/* Parse a case from text; name is used in errors ("file:line: ..."). Returns 0,
 * or -1 with c->error set (c->id is still set when the header got that far).
 * Either way c owns memory afterwards: release it with h_case_free. */
int h_case_parse(const char *name, const char *text, struct h_case *c);
/* Read and parse a file. */
int h_case_load(const char *path, struct h_case *c);
/* Release what a parsed case holds (not c itself); c is left empty. */
void h_case_free(struct h_case *c);
/* Room for element n of an array *arr of n elements of size bytes, which
 * grows by doubling; the element is zeroed. NULL when out of memory. */
void *h_case_grow(void **arr, size_t n, size_t size);

/* Duration in real seconds: xhold multiplies the nominal hold by scale. */
double h_dur_seconds(const struct h_dur *d, unsigned hold, double scale);
/* The longest time the case may take, in real seconds (for its deadline). */
double h_case_budget(const struct h_case *c, double scale);
/* Whether keyword kw is among the case's keywords (case-insensitive). */
bool h_case_has_keyword(const struct h_case *c, const char *kw);

#endif
