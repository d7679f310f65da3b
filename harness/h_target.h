/* h_target.h: a target profile (PICS-style) for running the catalogue against
 * a route server other than the embedded reference, by address.
 *
 *   name bird2
 *   description BIRD 2 configured as the route server (targets/bird-rs.conf)
 *   instance 0 127.0.0.4 nexthop 127.0.0.4     # session address, NEXT_HOP self
 *   instance 1 127.0.0.5 nexthop 127.0.0.5
 *   port 1179
 *   asn 65515
 *   hold 180                     # nominal hold the server offers
 *   time-scale 1                 # timers run at full length
 *   max-wait 10s                 # cases needing longer waits are skipped
 *   connect-grace 3s             # extra deadline for 'established' (busy between cases)
 *   settle 0.3s                  # 'established' once the session has been up this long
 *   case-gap 5s                  # pause between cases (a target that holds a peer
 *                                # idle after its session ends, e.g. GoBGP for 5 s)
 *   control none                 # or a control socket path
 *   nva-base 127.0.1.0           # fake NVAs connect from .10, .11, ... (pre-configured)
 *   nva-slots 4                  # how many NVA peers the target has configured
 *   nva-asn 0 65001              # ASN configured for slot 0, ...
 *   outcome RFC4271-6.3-* notification   # allowed alternative(s) for matching cases
 *   skip ARS-VNET-PEERING* needs the control interface to add a peering
 *   xfail ARS-REFLECT-NH BIRD keeps the original next hop
 *   oracle-as-path prepend       # or transparent (RFC 7947 2.2), for the sender oracle
 *   oracle-xfail SEND-PARTIAL the Partial bit is not set   # known deviation
 */
#ifndef RSCERT_H_TARGET_H
#define RSCERT_H_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "h_case.h"
#include "h_oracle.h"

#define H_TARGET_SLOTS 16

struct h_target_rule {
	char glob[64];
	char text[384]; /* reason, or the allowed alternative keywords */
};

/* The lines of one rule keyword, as many as the profile has (a fuzz farm's
 * profile gains an xfail line per finding it keeps). */
struct h_target_rules {
	struct h_target_rule *v;
	size_t n, cap;
};

struct h_target {
	char name[64];
	char description[128];
	uint32_t listen[2];
	uint32_t nexthop[2];
	uint16_t port;
	uint32_t asn;
	unsigned hold;
	double scale;
	double max_wait;
	double connect_grace; /* extra time for sessions to come up between cases */
	double settle;        /* a session counts as established after this long */
	double case_gap;      /* pause after a case before the next one starts */
	bool has_control;
	char control[108];
	uint32_t nva_base;
	unsigned nva_slots;
	uint32_t nva_asn[H_TARGET_SLOTS];
	struct h_target_rules outcome, skip, xfail;
	struct h_oracle_cfg oracle; /* oracle-xfail, oracle-as-path lines */
	char error[256];
};

/* Read a profile into t; on failure t->error says where and why and t
 * holds nothing to free. On success h_target_free releases its rules. */
int h_target_load(const char *path, struct h_target *t);
void h_target_free(struct h_target *t);
/* Reason to skip case c on this target, or NULL. */
const char *h_target_skip(const struct h_target *t, const struct h_case *c, char *buf, size_t cap);
/* Declared deviation for case id, or NULL. */
const char *h_target_xfail(const struct h_target *t, const char *id);
/* Whether an alternative (its text, e.g. "notification 3/1") is allowed for id. */
bool h_target_outcome_allowed(const struct h_target *t, const char *id, const char *alt);

#endif
