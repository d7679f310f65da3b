/* h_oracle.h: the sender oracle. Every message a route server sends to any
 * fake NVA, in every case, is checked against the RFC rules for a sender,
 * without the case asking for it: a case whose own expectations all hold
 * still fails when the server sent something a receiver would have to
 * discard, a capability it may not use, or a keepalive too late.
 *
 * The rules are a table (h_oracle_rules); each names its RFC section. The
 * checks of one message are pure functions of the message, the receiving
 * NVA and what the server sent before on that connection (h_oracle_check.h);
 * this file ties them to a case's fake NVAs and its result.
 *
 * A target profile may declare a known deviation of a rule
 * (`oracle-xfail RULE reason...`): a case that violated only declared rules
 * is XFAIL with the reason. `oracle-as-path prepend|transparent` says whether
 * the server puts its own AS first on eBGP (the product prepends 65515) or is
 * a transparent route server (RFC 7947 2.2). */
#ifndef RSCERT_H_ORACLE_H
#define RSCERT_H_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "h_result.h"

struct h_case;
struct h_world;

enum h_orule {
	H_OR_WELLFORMED = 0, /* the codec accepts the message */
	H_OR_7606,           /* no UPDATE the receiver must repair (RFC 7606) */
	H_OR_EBGP_LOCAL_PREF,
	H_OR_EBGP_RR_ATTRS,
	H_OR_NON_TRANSITIVE,
	H_OR_PARTIAL,
	H_OR_FIRST_AS,
	H_OR_NEXT_HOP,
	H_OR_FSM,
	H_OR_KEEPALIVE,
	H_OR_SIZE,
	H_OR_CAP_REFRESH,
	H_OR_CAP_ADDPATH,
	H_OR_CAP_MP,
	H_OR_COUNT
};

struct h_oracle_rule {
	const char *id;   /* "SEND-EBGP-LOCAL-PREF" */
	const char *rfc;  /* "RFC 4271 5.1.5" */
	const char *text; /* what a sender must not do */
};

/* The rule table, H_OR_COUNT rows. */
const struct h_oracle_rule *h_oracle_rule(enum h_orule r);
/* The rule with that ID; H_OR_COUNT when there is none. */
enum h_orule h_oracle_rule_find(const char *id);

/* ---- what a target profile says ---- */
enum h_oracle_aspath {
	H_OAS_PREPEND = 0, /* the server's own AS first on eBGP (RFC 4271 5.1.2) */
	H_OAS_TRANSPARENT, /* a transparent route server: its AS never first (RFC 7947 2.2) */
};

/* One declared deviation per rule at most, so a slot per rule: every rule
 * can be declared, and a second line for the same rule is refused. */
struct h_oracle_cfg {
	enum h_oracle_aspath aspath;
	char xfail[H_OR_COUNT][256]; /* the reason, "" when not declared */
};

/* One profile line whose key starts with "oracle-": 0, or -1 with why in err
 * (an unknown rule, a missing reason, an unknown mode). */
int h_oracle_cfg_line(struct h_oracle_cfg *cfg, const char *key, const char *rest, char *err,
                      size_t errcap);
/* The declared reason for rule r, or NULL. */
const char *h_oracle_cfg_xfail(const struct h_oracle_cfg *cfg, enum h_orule r);

/* ---- the oracle of one case ---- */
struct h_oracle;

/* Watch every session of world w (the NVAs of case c; timers run at scale).
 * cfg NULL: the reference's settings. NULL when out of memory. With w NULL
 * the oracle watches nothing and judges only what is recorded into it
 * (h_oracle_record, for the unit tests). */
struct h_oracle *h_oracle_new(const struct h_case *c, struct h_world *w,
                              const struct h_oracle_cfg *cfg, double scale);
/* The case ends now: judge what is still pending (the time since the last
 * keepalive), then what was found. */
void h_oracle_finish(struct h_oracle *o);
/* Violations found; the first ones are kept in full. */
size_t h_oracle_count(const struct h_oracle *o);
/* Write the report of every kept violation (rule, NVA, message decoded and
 * in hex) to path. 0, or -1 when it cannot be written. */
int h_oracle_write(const struct h_oracle *o, const char *path);
/* Fold the findings into a case's result: a passing case with a violation
 * fails, or is XFAIL when every rule violated is declared in the profile; a
 * failing case keeps its own reason, the oracle's appended. */
void h_oracle_judge(const struct h_oracle *o, struct h_case_result *r);
/* h_oracle_judge, and with violations their full report written to
 * case_dir/oracle.txt (named in the reason relative to the output directory,
 * case_rel). Either directory may be NULL. */
void h_oracle_report(const struct h_oracle *o, const char *case_dir, const char *case_rel,
                     struct h_case_result *r);
void h_oracle_free(struct h_oracle *o);

#endif
