/* rs_config_check.c: admission rules for a whole configuration and for
 * one peering (shared with the control interface's "peering add"). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rs_config.h"
#include "rs_fault.h"
#include "rs_rib.h"

static int rs_check_fail(struct rs_config_error *err, const char *file, unsigned line,
                         const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int rs_check_fail(struct rs_config_error *err, const char *file, unsigned line,
                         const char *rule, const char *fmt, ...)
{
	if (err == NULL)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	snprintf(err->rule, sizeof(err->rule), "%s", rule);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* Why an ASN is reserved, or NULL when it is not. */
static const char *rs_asn_reserved_why(const struct rs_config *c, uint32_t asn)
{
	if (rs_fault_on(c->faults, RS_FAULT_ACCEPT_RESERVED_ASN))
		return NULL;
	if (asn == 0)
		return "AS 0 is reserved (RFC 7607)";
	if (asn == 8074 || asn == 8075 || asn == 12076)
		return "a public ASN reserved by the operator";
	if (asn == 65515 && !c->allow_peer_asn_65515)
		return "the route server's own ASN (allow-peer-asn-65515 is off)";
	if (asn >= 65517 && asn <= 65520)
		return "a private ASN reserved by the operator";
	if (asn == 23456)
		return "AS_TRANS, reserved by IANA";
	if (asn >= 64496 && asn <= 64511)
		return "reserved by IANA for documentation";
	if (asn >= 65535 && asn <= 65551)
		return "reserved by IANA";
	if (asn == 65516 && c->reserve_65516)
		return "reserved by the operator (reserve-65516 is on)";
	return NULL;
}

bool rs_asn_reserved(const struct rs_config *c, uint32_t asn)
{
	return rs_asn_reserved_why(c, asn) != NULL;
}

static bool rs_check_name_ok(const char *name)
{
	size_t n = strlen(name);
	return n > 0 && n < RS_NAME_MAX &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
	           n;
}

/* Check one peering against the first n configured peers. */
static int rs_peer_check_n(const struct rs_config *c, size_t n, const char *name, uint32_t addr,
                           uint32_t asn, bool gateway, const char *file, unsigned line,
                           struct rs_config_error *err)
{
	char a[16];
	bgp_addr_format_ipv4(addr, a, sizeof(a));
	if (!rs_check_name_ok(name))
		return rs_check_fail(err, file, line, "CONFIG-SYNTAX",
		                     "bad peer name '%s' (expected 1-%d letters, digits, '.', '_' "
		                     "or '-')",
		                     name, RS_NAME_MAX - 1);
	if (addr == 0 || addr == 0xFFFFFFFFu)
		return rs_check_fail(err, file, line, "CONFIG-SYNTAX",
		                     "peer %s: address %s is not a host address", name, a);
	for (size_t i = 0; i < n; i++) {
		const struct rs_peer_cfg *o = &c->peer[i];
		if (strcmp(o->name, name) == 0)
			return rs_check_fail(err, file, line, "CONFIG-DUPLICATE",
			                     "peer name '%s' is already used (line %u)", name,
			                     o->line);
		if (o->addr == addr)
			return rs_check_fail(err, file, line, "CONFIG-DUPLICATE",
			                     "peer %s: address %s is already used by peer %s (line "
			                     "%u)",
			                     name, a, o->name, o->line);
	}
	if (gateway) {
		for (size_t i = 0; i < n; i++)
			if (c->peer[i].gateway)
				return rs_check_fail(err, file, line, "ARS-BRANCH",
				                     "peer %s: only one gateway peer is allowed "
				                     "(%s is one)",
				                     name, c->peer[i].name);
		if (asn != c->asn)
			return rs_check_fail(err, file, line, "ARS-BRANCH",
			                     "gateway peer %s uses ASN %lu; the gateway is an "
			                     "internal peer with the server's ASN %lu",
			                     name, (unsigned long)asn, (unsigned long)c->asn);
		return 0; /* the gateway does not count against ARS-LIMIT-PEERS */
	}
	const char *why = rs_asn_reserved_why(c, asn);
	if (why != NULL)
		return rs_check_fail(err, file, line, "ARS-ASN-RESERVED",
		                     "peer %s uses ASN %lu, %s", name, (unsigned long)asn, why);
	if (asn > 65535)
		return rs_check_fail(err, file, line, "ARS-ASN-2BYTE",
		                     "peer %s uses ASN %lu; peers must use 2-byte ASNs (1-65535)",
		                     name, (unsigned long)asn);
	if (asn == c->asn && !c->allow_peer_asn_65515)
		return rs_check_fail(err, file, line, "ARS-ASN-RESERVED",
		                     "peer %s uses the route server's own ASN %lu", name,
		                     (unsigned long)asn);
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += !c->peer[i].gateway;
	unsigned max = c->profile ? c->profile->max_peers : 8;
	if (max > RS_MAX_PEERS_HARD || rs_fault_on(c->faults, RS_FAULT_NO_PEER_LIMIT))
		max = RS_MAX_PEERS_HARD;
	if (count >= max || n >= RS_MAX_PEERS_HARD)
		return rs_check_fail(err, file, line, "ARS-LIMIT-PEERS",
		                     "peer %s would be peering number %zu; profile %s allows %u "
		                     "peerings",
		                     name, count + 1, c->profile ? c->profile->name : "?", max);
	return 0;
}

int rs_peer_check(const struct rs_config *c, const char *name, uint32_t addr, uint32_t asn,
                  struct rs_config_error *err)
{
	return rs_peer_check_n(c, c->npeers, name, addr, asn, false, "", 0, err);
}

const struct rs_peer_cfg *rs_config_gateway(const struct rs_config *c)
{
	for (size_t i = 0; i < c->npeers; i++)
		if (c->peer[i].gateway)
			return &c->peer[i];
	return NULL;
}

static int rs_check_asn(const struct rs_config *c, const char *name, struct rs_config_error *err)
{
	if (c->asn == 65515)
		return 0;
	if (!c->local_asn_override)
		return rs_check_fail(err, name, c->asn_line, "ARS-ASN",
		                     "the route server's ASN must be 65515, got %lu (set "
		                     "local-asn-override on to model another)",
		                     (unsigned long)c->asn);
	if (c->asn == 0 || c->asn > 65535)
		return rs_check_fail(err, name, c->asn_line, "ARS-ASN",
		                     "local ASN %lu is not a 2-byte ASN (1-65535)",
		                     (unsigned long)c->asn);
	return 0;
}

static bool rs_addr_in(const struct bgp_prefix *p, uint32_t a)
{
	uint32_t net = (uint32_t)p->addr[0] << 24 | (uint32_t)p->addr[1] << 16 |
	               (uint32_t)p->addr[2] << 8 | p->addr[3];
	uint32_t mask = p->len == 0 ? 0 : 0xFFFFFFFFu << (32 - p->len);
	return (a & mask) == net;
}

static int rs_check_instances(const struct rs_config *c, const char *name,
                              struct rs_config_error *err)
{
	char a[16], s[64];
	if (c->subnet.afi != BGP_AFI_IPV4)
		return rs_check_fail(err, name, 0, "ARS-INSTANCES",
		                     "no subnet (expected 'subnet A.B.C.D/N', the route server's "
		                     "subnet)");
	bgp_format_prefix(&c->subnet, s, sizeof(s));
	for (unsigned i = 0; i < 2; i++) {
		const struct rs_instance_cfg *in = &c->inst[i];
		if (in->addr == 0)
			return rs_check_fail(err, name, 0, "ARS-INSTANCES",
			                     "instance %u is missing (expected 'instance %u "
			                     "ADDRESS [listen ADDRESS]'); the server has two",
			                     i, i);
		bgp_addr_format_ipv4(in->addr, a, sizeof(a));
		if (!rs_addr_in(&c->subnet, in->addr))
			return rs_check_fail(err, name, in->line, "ARS-INSTANCES",
			                     "instance %u address %s is outside subnet %s", i, a,
			                     s);
	}
	if (c->inst[0].addr == c->inst[1].addr)
		return rs_check_fail(err, name, c->inst[1].line, "ARS-INSTANCES",
		                     "instances 0 and 1 use the same address %s", a);
	if (c->inst[0].listen == c->inst[1].listen) {
		bgp_addr_format_ipv4(c->inst[1].listen, a, sizeof(a));
		return rs_check_fail(err, name, c->inst[1].line, "ARS-INSTANCES",
		                     "instances 0 and 1 listen on the same address %s", a);
	}
	return 0;
}

static int rs_check_timers(const struct rs_config *c, const char *name, struct rs_config_error *err)
{
	const struct rs_timers *t = &c->timers;
	unsigned line = c->timers_line;
	if (t->hold != 0 && t->hold < 3)
		return rs_check_fail(err, name, line, "ARS-TIMERS",
		                     "hold time %u: expected 0 or at least 3 seconds (RFC 4271)",
		                     t->hold);
	if (t->hold != 0 && (t->keepalive == 0 || t->keepalive >= t->hold))
		return rs_check_fail(err, name, line, "ARS-TIMERS",
		                     "keepalive %u: expected at least 1 and less than the hold "
		                     "time %u",
		                     t->keepalive, t->hold);
	if (t->connect_retry == 0)
		return rs_check_fail(err, name, line, "ARS-TIMERS",
		                     "connect-retry: expected at least 1 second");
	if (!(t->scale > 0))
		return rs_check_fail(err, name, 0, "ARS-TIMERS",
		                     "time-scale must be greater than 0");
	return 0;
}

int rs_config_check(const struct rs_config *c, const char *name, struct rs_config_error *err)
{
	if (c->profile == NULL)
		return rs_check_fail(err, name, 0, "CONFIG-SYNTAX", "no profile");
	if (rs_check_asn(c, name, err) != 0 || rs_check_instances(c, name, err) != 0 ||
	    rs_check_timers(c, name, err) != 0)
		return -1;
	for (size_t i = 0; i < c->npeers; i++) {
		const struct rs_peer_cfg *p = &c->peer[i];
		if (rs_peer_check_n(c, i, p->name, p->addr, p->asn, p->gateway, name, p->line,
		                    err) != 0)
			return -1;
	}
	return 0;
}
