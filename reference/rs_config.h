/* rs_config.h: the reference route server's configuration file.
 *
 * A line-oriented file a network engineer reads at a glance, e.g.
 *
 *   asn 65515
 *   profile faq-2021-02            # faq-2021-02 | doc-2021-09 | doc-2025 | bench
 *   subnet 10.0.255.0/27           # the route server's modelled subnet
 *   instance 0 10.0.255.4 listen 127.0.0.4   # RouteServiceRole_IN_0
 *   instance 1 10.0.255.5 listen 127.0.0.5   # RouteServiceRole_IN_1
 *   port 179
 *   vnet 10.0.0.0/16 10.100.0.0/16           # the VNet's address space
 *   vnet-peering spoke1 10.1.0.0/16          # a peered VNet using the remote gateway
 *   peer nva1 127.0.1.1 asn 65001            # name, session address, ASN
 *   peer nva2 127.0.1.2 asn 65002 md5 KEY    # the NVA's TCP MD5 key (ignored: no MD5)
 *   gateway 127.0.2.1                        # ExpressRoute/VPN gateway (iBGP, ASN 65515)
 *   branch-to-branch off
 *   timers keepalive 60 hold 180 connect-retry 5
 *   time-scale 0.05                # every timer runs at this fraction of its nominal value
 *   reserve-65516 on               # [CHOICE] whether ASN 65516 is refused
 *   allow-peer-asn-65515 on        # [CHOICE] whether an NVA may use 65515 (ARS-ASN-SAME)
 *   gateway-next-hop peer          # [CHOICE] NEXT_HOP sent to the gateway: peer | self
 *   control /run/rscert/rs.sock    # mode 0600 whatever the umask
 *   control-group rscert           # optional: mode 0660 and this group
 *   log -                          # file, or - for stderr
 *
 * Errors name the file, line and rule, e.g.
 *   "rs.conf:12: ARS-ASN-RESERVED: peer nva2 uses ASN 65520, reserved by the operator". */
#ifndef RSCERT_RS_CONFIG_H
#define RSCERT_RS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp_msg.h"

#define RS_MAX_PEERS_HARD    1024 /* absolute cap whatever the profile */
#define RS_MAX_VNET_PREFIXES 64
#define RS_MAX_VNET_PEERINGS 64
#define RS_NAME_MAX          64
#define RS_PATH_MAX          256

struct rs_profile {
	const char *name;
	unsigned max_peers;
	unsigned max_routes_per_peer;
	unsigned max_routes_to_gateway; /* 0 = no separate limit */
	/* additions */
	unsigned max_routes_total; /* all peers together; 0 = no total limit */
	const char *note;          /* where the numbers come from */
};

/* max_routes_per_peer of a profile without a per-peer limit ("bench"). */
#define RS_UNLIMITED 0xFFFFFFFFu

/* The built-in profiles, in table order; NULL past the end. */
const struct rs_profile *rs_profile_at(size_t i);

/* The built-in profiles; NULL when unknown. */
const struct rs_profile *rs_profile_find(const char *name);

struct rs_instance_cfg {
	uint32_t addr;   /* modelled address: router ID and NEXT_HOP self (host order) */
	uint32_t listen; /* address the socket binds and connects from (host order) */
	unsigned line;   /* addition: config line, 0 when not set */
};

struct rs_peer_cfg {
	char name[RS_NAME_MAX];
	uint32_t addr; /* session address (host order) */
	uint32_t asn;
	bool gateway;  /* the ExpressRoute/VPN gateway peer */
	unsigned line; /* addition: config line, 0 when added at run time */
	char md5[81];  /* the NVA's TCP MD5 key (RFC 2385), "" for none: the server
	                * has no TCP MD5 (ARS-NO-MD5) and uses it only under the
	                * fault tcp-md5 */
};

struct rs_vnet_peering {
	char name[RS_NAME_MAX];
	size_t nprefix;
	struct bgp_prefix prefix[RS_MAX_VNET_PREFIXES];
};

struct rs_timers {
	unsigned keepalive;     /* seconds, nominal */
	unsigned hold;          /* seconds, nominal, offered in OPEN */
	unsigned connect_retry; /* seconds, nominal */
	double scale;           /* real duration = nominal * scale */
};

struct rs_config {
	uint32_t asn;
	const struct rs_profile *profile;
	struct bgp_prefix subnet;
	struct rs_instance_cfg inst[2];
	uint16_t port;
	size_t nvnet;
	struct bgp_prefix vnet[RS_MAX_VNET_PREFIXES];
	size_t nvnet_peering;
	struct rs_vnet_peering vnet_peering[RS_MAX_VNET_PEERINGS];
	size_t npeers;
	struct rs_peer_cfg peer[RS_MAX_PEERS_HARD];
	bool branch_to_branch;
	bool reserve_65516;
	struct rs_timers timers;
	char control[RS_PATH_MAX];
	char control_group[RS_NAME_MAX]; /* the control socket 0660 and this group ("": 0600) */
	char log[RS_PATH_MAX];
	uint32_t faults; /* enum rs_fault bits: deliberate misbehaviour (rs_fault.h) */
	/* additions */
	bool allow_peer_asn_65515;  /* [CHOICE] ARS-ASN-SAME: an NVA may use 65515 (default on) */
	bool local_asn_override;    /* [CHOICE] ARS-ASN: allow a local ASN other than 65515 */
	bool gateway_next_hop_self; /* [CHOICE] ARS-BRANCH: NEXT_HOP to the gateway is the
	                             * instance (on) or the NVA's own next hop (off, default) */
	unsigned asn_line;          /* config lines for errors, 0 when not set */
	unsigned subnet_line;
	unsigned timers_line;
};

/* An error: where and which rule. */
struct rs_config_error {
	char file[RS_PATH_MAX];
	unsigned line; /* 0 when not tied to a line */
	char rule[48]; /* e.g. "ARS-ASN-RESERVED", "ARS-LIMIT-PEERS", "CONFIG-SYNTAX" */
	char msg[256];
};

/* Defaults: ASN 65515, profile faq-2021-02, timers 60/180/5, scale 1. */
void rs_config_defaults(struct rs_config *c);
/* Parse a file into c (which must hold defaults). 0, or -1 with err set
 * (c is then partly filled: start again from rs_config_defaults). Every
 * check of rs_config_check runs after the last line. */
int rs_config_load(const char *path, struct rs_config *c, struct rs_config_error *err);
/* Parse text (name is used in errors). 0, or -1 with err set. */
int rs_config_parse(const char *name, const char *text, struct rs_config *c,
                    struct rs_config_error *err);
/* "file:line: RULE: message" */
void rs_config_error_format(const struct rs_config_error *err, char *out, size_t cap);

/* Admission checks shared by the config file and the control interface's
 * "peering add". 0 when allowed; -1 with rule and msg set otherwise. */
int rs_peer_check(const struct rs_config *c, const char *name, uint32_t addr, uint32_t asn,
                  struct rs_config_error *err);
/* Whether an ASN is reserved (ARS-ASN-RESERVED), honouring reserve_65516.
 * 65515 counts as reserved only when allow_peer_asn_65515 is off. */
bool rs_asn_reserved(const struct rs_config *c, uint32_t asn);

/* Whole-configuration checks run after parsing (ARS-ASN, ARS-INSTANCES,
 * ARS-TIMERS, every peer through rs_peer_check). 0, or -1 with err set;
 * name is used as the file in errors. */
int rs_config_check(const struct rs_config *c, const char *name, struct rs_config_error *err);

/* The gateway peer, or NULL when none is configured. */
const struct rs_peer_cfg *rs_config_gateway(const struct rs_config *c);

#endif
