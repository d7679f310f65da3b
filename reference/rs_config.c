/* rs_config.c: defaults and the line-oriented parser of the configuration
 * file (format in rs_config.h and docs/CONFIG.md). Semantic checks run
 * after the whole file is read (rs_config_check.c), so directive order
 * does not matter. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rs_config.h"
#include "rs_fault.h"
#include "rs_rib.h"

#define RS_CFG_LINE_MAX 1024
#define RS_CFG_TOK_MAX  80

struct rs_cfg_ctx {
	struct rs_config *c;
	struct rs_config_error *err;
	const char *file;
	unsigned line;
	size_t ntok;
	char *tok[RS_CFG_TOK_MAX];
};

void rs_config_defaults(struct rs_config *c)
{
	memset(c, 0, sizeof(*c));
	c->asn = 65515;
	c->profile = rs_profile_find("faq-2021-02");
	c->port = 179;
	c->branch_to_branch = false;
	c->reserve_65516 = false;
	c->allow_peer_asn_65515 = true;
	c->local_asn_override = false;
	c->gateway_next_hop_self = false;
	c->timers.keepalive = 60;
	c->timers.hold = 180;
	c->timers.connect_retry = 5;
	c->timers.scale = 1.0;
	snprintf(c->log, sizeof(c->log), "-");
}

static void rs_cfg_set_err(struct rs_config_error *err, const char *file, unsigned line,
                           const char *rule, const char *fmt, va_list ap)
{
	if (err == NULL)
		return;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	snprintf(err->rule, sizeof(err->rule), "%s", rule);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

static int rs_cfg_fail(struct rs_cfg_ctx *x, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int rs_cfg_fail(struct rs_cfg_ctx *x, const char *rule, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rs_cfg_set_err(x->err, x->file, x->line, rule, fmt, ap);
	va_end(ap);
	return -1;
}

void rs_config_error_format(const struct rs_config_error *err, char *out, size_t cap)
{
	if (err->file[0] != '\0' && err->line != 0)
		snprintf(out, cap, "%s:%u: %s: %s", err->file, err->line, err->rule, err->msg);
	else if (err->file[0] != '\0')
		snprintf(out, cap, "%s: %s: %s", err->file, err->rule, err->msg);
	else
		snprintf(out, cap, "%s: %s", err->rule, err->msg);
}

/* ---- argument helpers: each says what was expected ---- */

static int rs_cfg_nargs(struct rs_cfg_ctx *x, size_t min, size_t max, const char *usage)
{
	size_t n = x->ntok - 1;
	if (n < min)
		return rs_cfg_fail(x, "CONFIG-SYNTAX", "%s: missing argument (expected '%s')",
		                   x->tok[0], usage);
	if (n > max && max + 1 < RS_CFG_TOK_MAX)
		return rs_cfg_fail(x, "CONFIG-SYNTAX",
		                   "%s: unexpected extra argument '%s' (expected '%s')", x->tok[0],
		                   x->tok[1 + max], usage);
	return 0;
}

static int rs_cfg_u32(struct rs_cfg_ctx *x, const char *s, const char *what, uint32_t min,
                      uint32_t max, uint32_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = (*s >= '0' && *s <= '9') ? strtoull(s, &end, 10) : 0;
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || v < min || v > max)
		return rs_cfg_fail(x, "CONFIG-SYNTAX",
		                   "%s: bad %s '%s' (expected a number %lu-%lu)", x->tok[0], what,
		                   s, (unsigned long)min, (unsigned long)max);
	*out = (uint32_t)v;
	return 0;
}

static int rs_cfg_addr(struct rs_cfg_ctx *x, const char *s, const char *what, uint32_t *out)
{
	if (bgp_addr_parse_ipv4(s, out) != BGP_ADDR_OK)
		return rs_cfg_fail(x, "CONFIG-SYNTAX",
		                   "%s: bad %s '%s' (expected an IPv4 address like 10.0.255.4)",
		                   x->tok[0], what, s);
	return 0;
}

static int rs_cfg_prefix(struct rs_cfg_ctx *x, const char *s, struct bgp_prefix *out)
{
	enum bgp_addr_err e = bgp_addr_parse_prefix(s, BGP_HOST_BITS_REFUSE, out);

	if (e != BGP_ADDR_OK)
		return rs_cfg_fail(x, "CONFIG-SYNTAX",
		                   "%s: bad prefix '%s': %s (expected ADDRESS/LENGTH with no host "
		                   "bits set, like 10.0.0.0/16)",
		                   x->tok[0], s, bgp_addr_reason(e));
	return 0;
}

/* A prefix of the product's own address space: IPv4 only (ARS-NO-IPV6; the
 * control socket refuses the same). A peered VNet's IPv6 space is accepted
 * and never advertised (rs_export.c). */
static int rs_cfg_prefix4(struct rs_cfg_ctx *x, const char *s, struct bgp_prefix *out)
{
	if (rs_cfg_prefix(x, s, out) != 0)
		return -1;
	if (out->afi != BGP_AFI_IPV4)
		return rs_cfg_fail(x, "ARS-NO-IPV6",
		                   "%s: '%s' is an IPv6 prefix; the route server is IPv4 only",
		                   x->tok[0], s);
	return 0;
}

static int rs_cfg_bool(struct rs_cfg_ctx *x, bool *out)
{
	if (rs_cfg_nargs(x, 1, 1, "on|off") != 0)
		return -1;
	if (strcmp(x->tok[1], "on") == 0)
		*out = true;
	else if (strcmp(x->tok[1], "off") == 0)
		*out = false;
	else
		return rs_cfg_fail(x, "CONFIG-SYNTAX", "%s: bad value '%s' (expected on or off)",
		                   x->tok[0], x->tok[1]);
	return 0;
}

static int rs_cfg_name(struct rs_cfg_ctx *x, const char *s, char *out)
{
	size_t n = strlen(s);
	if (n == 0 || n >= RS_NAME_MAX ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != n)
		return rs_cfg_fail(x, "CONFIG-SYNTAX",
		                   "%s: bad name '%s' (expected 1-%d letters, digits, '.', '_' "
		                   "or '-')",
		                   x->tok[0], s, RS_NAME_MAX - 1);
	memcpy(out, s, n + 1);
	return 0;
}

static int rs_cfg_path(struct rs_cfg_ctx *x, char *out)
{
	if (rs_cfg_nargs(x, 1, 1, "PATH") != 0)
		return -1;
	if (strlen(x->tok[1]) >= RS_PATH_MAX)
		return rs_cfg_fail(x, "CONFIG-SYNTAX", "%s: path longer than %d characters",
		                   x->tok[0], RS_PATH_MAX - 1);
	snprintf(out, RS_PATH_MAX, "%s", x->tok[1]);
	return 0;
}

/* ---- directives ---- */

static int rs_cfg_asn(struct rs_cfg_ctx *x)
{
	if (rs_cfg_nargs(x, 1, 1, "asn N") != 0 ||
	    rs_cfg_u32(x, x->tok[1], "ASN", 1, 4294967295u, &x->c->asn) != 0)
		return -1;
	x->c->asn_line = x->line;
	return 0;
}

static int rs_cfg_profile(struct rs_cfg_ctx *x)
{
	if (rs_cfg_nargs(x, 1, 1, "profile NAME") != 0)
		return -1;
	const struct rs_profile *p = rs_profile_find(x->tok[1]);
	if (p == NULL)
		return rs_cfg_fail(x, "CONFIG-SYNTAX",
		                   "profile: unknown profile '%s' (expected faq-2021-02, "
		                   "doc-2021-09, doc-2025 or bench)",
		                   x->tok[1]);
	x->c->profile = p;
	return 0;
}

static int rs_cfg_subnet(struct rs_cfg_ctx *x)
{
	if (rs_cfg_nargs(x, 1, 1, "subnet A.B.C.D/N") != 0 ||
	    rs_cfg_prefix4(x, x->tok[1], &x->c->subnet) != 0)
		return -1;
	if (x->c->subnet.afi != BGP_AFI_IPV4)
		return rs_cfg_fail(x, "CONFIG-SYNTAX", "subnet: expected an IPv4 prefix, got '%s'",
		                   x->tok[1]);
	x->c->subnet_line = x->line;
	return 0;
}

static int rs_cfg_instance(struct rs_cfg_ctx *x)
{
	static const char usage[] = "instance 0|1 ADDRESS [listen ADDRESS]";
	uint32_t idx = 0;
	if (rs_cfg_nargs(x, 2, 4, usage) != 0 || rs_cfg_u32(x, x->tok[1], "instance", 0, 1, &idx))
		return -1;
	struct rs_instance_cfg *in = &x->c->inst[idx];
	if (in->line != 0)
		return rs_cfg_fail(x, "ARS-INSTANCES", "instance %u is already defined on line %u",
		                   idx, in->line);
	if (rs_cfg_addr(x, x->tok[2], "address", &in->addr) != 0)
		return -1;
	in->listen = in->addr;
	if (x->ntok == 4)
		return rs_cfg_fail(x, "CONFIG-SYNTAX",
		                   "instance: missing address after '%s' "
		                   "(expected '%s')",
		                   x->tok[3], usage);
	if (x->ntok == 5) {
		if (strcmp(x->tok[3], "listen") != 0)
			return rs_cfg_fail(x, "CONFIG-SYNTAX",
			                   "instance: expected 'listen', got '%s' (expected '%s')",
			                   x->tok[3], usage);
		if (rs_cfg_addr(x, x->tok[4], "listen address", &in->listen) != 0)
			return -1;
	}
	in->line = x->line;
	return 0;
}

static int rs_cfg_port(struct rs_cfg_ctx *x)
{
	uint32_t v = 0;
	if (rs_cfg_nargs(x, 1, 1, "port N") != 0 || rs_cfg_u32(x, x->tok[1], "port", 1, 65535, &v))
		return -1;
	x->c->port = (uint16_t)v;
	return 0;
}

static int rs_cfg_vnet(struct rs_cfg_ctx *x)
{
	if (rs_cfg_nargs(x, 1, RS_CFG_TOK_MAX, "vnet PREFIX...") != 0)
		return -1;
	for (size_t i = 1; i < x->ntok; i++) {
		if (x->c->nvnet == RS_MAX_VNET_PREFIXES)
			return rs_cfg_fail(x, "CONFIG-SYNTAX", "vnet: more than %d prefixes",
			                   RS_MAX_VNET_PREFIXES);
		if (rs_cfg_prefix4(x, x->tok[i], &x->c->vnet[x->c->nvnet]) != 0)
			return -1;
		x->c->nvnet++;
	}
	return 0;
}

static int rs_cfg_vnet_peering(struct rs_cfg_ctx *x)
{
	if (rs_cfg_nargs(x, 2, RS_CFG_TOK_MAX, "vnet-peering NAME PREFIX...") != 0)
		return -1;
	if (x->c->nvnet_peering == RS_MAX_VNET_PEERINGS)
		return rs_cfg_fail(x, "CONFIG-SYNTAX", "vnet-peering: more than %d peerings",
		                   RS_MAX_VNET_PEERINGS);
	struct rs_vnet_peering *vp = &x->c->vnet_peering[x->c->nvnet_peering];
	memset(vp, 0, sizeof(*vp));
	if (rs_cfg_name(x, x->tok[1], vp->name) != 0)
		return -1;
	for (size_t i = 2; i < x->ntok; i++) {
		if (vp->nprefix == RS_MAX_VNET_PREFIXES)
			return rs_cfg_fail(x, "CONFIG-SYNTAX",
			                   "vnet-peering: more than %d prefixes",
			                   RS_MAX_VNET_PREFIXES);
		if (rs_cfg_prefix(x, x->tok[i], &vp->prefix[vp->nprefix]) != 0)
			return -1;
		vp->nprefix++;
	}
	x->c->nvnet_peering++;
	return 0;
}

static struct rs_peer_cfg *rs_cfg_new_peer(struct rs_cfg_ctx *x)
{
	if (x->c->npeers == RS_MAX_PEERS_HARD) {
		rs_cfg_fail(x, "ARS-LIMIT-PEERS", "%s: more than %d peers (the absolute limit)",
		            x->tok[0], RS_MAX_PEERS_HARD);
		return NULL;
	}
	struct rs_peer_cfg *p = &x->c->peer[x->c->npeers];
	memset(p, 0, sizeof(*p));
	p->line = x->line;
	return p;
}

/* The options after `asn N`: `gateway`, `md5 KEY` (docs/CONFIG.md). */
static int rs_cfg_peer_opts(struct rs_cfg_ctx *x, struct rs_peer_cfg *p, const char *usage)
{
	for (size_t i = 5; i < x->ntok; i++) {
		if (strcmp(x->tok[i], "gateway") == 0) {
			p->gateway = true;
			continue;
		}
		if (strcmp(x->tok[i], "md5") != 0)
			return rs_cfg_fail(x, "CONFIG-SYNTAX",
			                   "peer: expected 'gateway', 'md5 KEY' or nothing, got "
			                   "'%s' (expected '%s')",
			                   x->tok[i], usage);
		if (i + 1 == x->ntok || strlen(x->tok[i + 1]) >= sizeof(p->md5))
			return rs_cfg_fail(x, "CONFIG-SYNTAX",
			                   "peer: md5 needs a key of 1 to %zu characters (expected "
			                   "'%s')",
			                   sizeof(p->md5) - 1, usage);
		snprintf(p->md5, sizeof(p->md5), "%s", x->tok[++i]);
	}
	return 0;
}

static int rs_cfg_peer(struct rs_cfg_ctx *x)
{
	static const char usage[] = "peer NAME ADDRESS asn N [gateway] [md5 KEY]";
	if (rs_cfg_nargs(x, 4, 7, usage) != 0)
		return -1;
	struct rs_peer_cfg *p = rs_cfg_new_peer(x);
	if (p == NULL || rs_cfg_name(x, x->tok[1], p->name) != 0 ||
	    rs_cfg_addr(x, x->tok[2], "address", &p->addr) != 0)
		return -1;
	if (strcmp(x->tok[3], "asn") != 0)
		return rs_cfg_fail(x, "CONFIG-SYNTAX",
		                   "peer: expected 'asn', got '%s' (expected "
		                   "'%s')",
		                   x->tok[3], usage);
	if (rs_cfg_u32(x, x->tok[4], "ASN", 0, 4294967295u, &p->asn) != 0 ||
	    rs_cfg_peer_opts(x, p, usage) != 0)
		return -1;
	x->c->npeers++;
	return 0;
}

static int rs_cfg_gateway(struct rs_cfg_ctx *x)
{
	static const char usage[] = "gateway ADDRESS [name NAME]";
	if (rs_cfg_nargs(x, 1, 3, usage) != 0)
		return -1;
	if (x->ntok == 3 || (x->ntok == 4 && strcmp(x->tok[2], "name") != 0))
		return rs_cfg_fail(x, "CONFIG-SYNTAX",
		                   "gateway: expected 'name NAME' after the "
		                   "address (expected '%s')",
		                   usage);
	struct rs_peer_cfg *p = rs_cfg_new_peer(x);
	if (p == NULL || rs_cfg_addr(x, x->tok[1], "address", &p->addr) != 0 ||
	    rs_cfg_name(x, x->ntok == 4 ? x->tok[3] : "gateway", p->name) != 0)
		return -1;
	p->asn = 65515;
	p->gateway = true;
	x->c->npeers++;
	return 0;
}

static int rs_cfg_timers(struct rs_cfg_ctx *x)
{
	static const char usage[] = "timers [keepalive N] [hold N] [connect-retry N]";
	struct rs_timers *t = &x->c->timers;
	if (rs_cfg_nargs(x, 2, 6, usage) != 0)
		return -1;
	for (size_t i = 1; i < x->ntok; i += 2) {
		unsigned *dst;
		if (strcmp(x->tok[i], "keepalive") == 0)
			dst = &t->keepalive;
		else if (strcmp(x->tok[i], "hold") == 0)
			dst = &t->hold;
		else if (strcmp(x->tok[i], "connect-retry") == 0)
			dst = &t->connect_retry;
		else
			return rs_cfg_fail(x, "CONFIG-SYNTAX",
			                   "timers: unknown timer '%s' (expected '%s')", x->tok[i],
			                   usage);
		if (i + 1 >= x->ntok)
			return rs_cfg_fail(x, "CONFIG-SYNTAX",
			                   "timers: missing seconds after '%s' (expected '%s')",
			                   x->tok[i], usage);
		uint32_t v = 0;
		if (rs_cfg_u32(x, x->tok[i + 1], x->tok[i], 0, 65535, &v) != 0)
			return -1;
		*dst = v;
	}
	x->c->timers_line = x->line;
	return 0;
}

static int rs_cfg_time_scale(struct rs_cfg_ctx *x)
{
	if (rs_cfg_nargs(x, 1, 1, "time-scale X") != 0)
		return -1;
	char *end;
	errno = 0;
	double v = strtod(x->tok[1], &end);
	if (*end != '\0' || errno != 0 || !isfinite(v))
		return rs_cfg_fail(x, "CONFIG-SYNTAX",
		                   "time-scale: bad number '%s' (expected a decimal like 0.05)",
		                   x->tok[1]);
	if (!(v > 0))
		return rs_cfg_fail(x, "ARS-TIMERS", "time-scale must be greater than 0, got %s",
		                   x->tok[1]);
	x->c->timers.scale = v;
	return 0;
}

static int rs_cfg_branch(struct rs_cfg_ctx *x)
{
	return rs_cfg_bool(x, &x->c->branch_to_branch);
}

static int rs_cfg_reserve(struct rs_cfg_ctx *x)
{
	return rs_cfg_bool(x, &x->c->reserve_65516);
}

static int rs_cfg_allow_65515(struct rs_cfg_ctx *x)
{
	return rs_cfg_bool(x, &x->c->allow_peer_asn_65515);
}

static int rs_cfg_asn_override(struct rs_cfg_ctx *x)
{
	return rs_cfg_bool(x, &x->c->local_asn_override);
}

static int rs_cfg_gateway_nh(struct rs_cfg_ctx *x)
{
	if (rs_cfg_nargs(x, 1, 1, "gateway-next-hop peer|self") != 0)
		return -1;
	if (strcmp(x->tok[1], "self") == 0)
		x->c->gateway_next_hop_self = true;
	else if (strcmp(x->tok[1], "peer") == 0)
		x->c->gateway_next_hop_self = false;
	else
		return rs_cfg_fail(x, "CONFIG-SYNTAX",
		                   "gateway-next-hop: bad value '%s' (expected peer or self)",
		                   x->tok[1]);
	return 0;
}

static int rs_cfg_control(struct rs_cfg_ctx *x)
{
	return rs_cfg_path(x, x->c->control);
}

static int rs_cfg_control_group(struct rs_cfg_ctx *x)
{
	if (rs_cfg_nargs(x, 1, 1, "control-group GROUP") != 0)
		return -1;
	if (strlen(x->tok[1]) >= sizeof(x->c->control_group))
		return rs_cfg_fail(x, "CONFIG-SYNTAX", "control-group: name too long");
	snprintf(x->c->control_group, sizeof(x->c->control_group), "%s", x->tok[1]);
	return 0;
}

static int rs_cfg_log(struct rs_cfg_ctx *x)
{
	return rs_cfg_path(x, x->c->log);
}

static int rs_cfg_fault(struct rs_cfg_ctx *x)
{
	uint32_t f;

	if (rs_cfg_nargs(x, 1, 1, "fault NAME") != 0)
		return -1;
	f = rs_fault_parse(x->tok[1]);
	if (f == 0)
		return rs_cfg_fail(x, "CONFIG-SYNTAX",
		                   "fault: unknown fault '%s' (expected one of: no-ecmp, "
		                   "ignore-path-length, no-route-limit, ... see docs/CONFIG.md)",
		                   x->tok[1]);
	x->c->faults |= f;
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct rs_cfg_ctx *x);
} rs_cfg_directives[] = {
    {"asn", rs_cfg_asn},
    {"profile", rs_cfg_profile},
    {"subnet", rs_cfg_subnet},
    {"instance", rs_cfg_instance},
    {"port", rs_cfg_port},
    {"vnet", rs_cfg_vnet},
    {"vnet-peering", rs_cfg_vnet_peering},
    {"peer", rs_cfg_peer},
    {"gateway", rs_cfg_gateway},
    {"branch-to-branch", rs_cfg_branch},
    {"timers", rs_cfg_timers},
    {"time-scale", rs_cfg_time_scale},
    {"reserve-65516", rs_cfg_reserve},
    {"allow-peer-asn-65515", rs_cfg_allow_65515},
    {"local-asn-override", rs_cfg_asn_override},
    {"gateway-next-hop", rs_cfg_gateway_nh},
    {"control", rs_cfg_control},
    {"control-group", rs_cfg_control_group},
    {"log", rs_cfg_log},
    {"fault", rs_cfg_fault},
};

static int rs_cfg_unknown(struct rs_cfg_ctx *x)
{
	char list[512];
	size_t off = 0;
	for (size_t i = 0; i < sizeof(rs_cfg_directives) / sizeof(rs_cfg_directives[0]); i++) {
		int n = snprintf(list + off, sizeof(list) - off, "%s%s", i ? ", " : "",
		                 rs_cfg_directives[i].name);
		if (n < 0 || (size_t)n >= sizeof(list) - off)
			break;
		off += (size_t)n;
	}
	return rs_cfg_fail(x, "CONFIG-SYNTAX", "unknown directive '%s' (expected one of: %s)",
	                   x->tok[0], list);
}

/* Split one line (comment removed) into tokens in place. */
static int rs_cfg_tokenize(struct rs_cfg_ctx *x, char *line)
{
	char *hash = strchr(line, '#');
	if (hash != NULL)
		*hash = '\0';
	char *save = NULL;
	x->ntok = 0;
	for (char *s = strtok_r(line, " \t\r", &save); s != NULL;
	     s = strtok_r(NULL, " \t\r", &save)) {
		if (x->ntok == RS_CFG_TOK_MAX)
			return rs_cfg_fail(x, "CONFIG-SYNTAX", "more than %d words on one line",
			                   RS_CFG_TOK_MAX);
		x->tok[x->ntok++] = s;
	}
	return 0;
}

static int rs_cfg_line(struct rs_cfg_ctx *x, char *line)
{
	if (rs_cfg_tokenize(x, line) != 0)
		return -1;
	if (x->ntok == 0)
		return 0;
	for (size_t i = 0; i < sizeof(rs_cfg_directives) / sizeof(rs_cfg_directives[0]); i++)
		if (strcmp(x->tok[0], rs_cfg_directives[i].name) == 0)
			return rs_cfg_directives[i].fn(x);
	return rs_cfg_unknown(x);
}

int rs_config_parse(const char *name, const char *text, struct rs_config *c,
                    struct rs_config_error *err)
{
	struct rs_cfg_ctx x = {.c = c, .err = err, .file = name, .line = 0};
	char buf[RS_CFG_LINE_MAX];
	const char *s = text;
	while (*s != '\0') {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		x.line++;
		if (n >= sizeof(buf))
			return rs_cfg_fail(&x, "CONFIG-SYNTAX", "line longer than %d characters",
			                   RS_CFG_LINE_MAX - 1);
		memcpy(buf, s, n);
		buf[n] = '\0';
		if (rs_cfg_line(&x, buf) != 0)
			return -1;
		s += n;
		if (*s == '\n')
			s++;
	}
	return rs_config_check(c, name, err);
}

int rs_config_load(const char *path, struct rs_config *c, struct rs_config_error *err)
{
	struct rs_cfg_ctx x = {.c = c, .err = err, .file = path, .line = 0};
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return rs_cfg_fail(&x, "CONFIG-FILE", "cannot open: %s", strerror(errno));
	size_t cap = 4096, len = 0;
	char *text = malloc(cap);
	int rc = -1;
	if (text == NULL) {
		rs_cfg_fail(&x, "CONFIG-FILE", "out of memory");
		goto out;
	}
	for (;;) {
		if (len + 1 >= cap) {
			char *t = realloc(text, cap * 2);
			if (t == NULL) {
				rs_cfg_fail(&x, "CONFIG-FILE", "out of memory");
				goto out;
			}
			text = t;
			cap *= 2;
		}
		size_t got = fread(text + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		rs_cfg_fail(&x, "CONFIG-FILE", "read error");
		goto out;
	}
	text[len] = '\0';
	if (strlen(text) != len) {
		rs_cfg_fail(&x, "CONFIG-FILE", "file holds a NUL byte");
		goto out;
	}
	rc = rs_config_parse(path, text, c, err);
out:
	free(text);
	fclose(f);
	return rc;
}
