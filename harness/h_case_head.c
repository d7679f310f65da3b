/* h_case_head.c: the header lines and the topology (server and nva lines),
 * one keyword table each. */
#include "h_case_lex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_codec.h"

#define H_N(t) (sizeof(t) / sizeof((t)[0]))

/* ---- header ---- */
static int h_head_id(struct h_cur *k)
{
	struct h_line *l = k->l;

	if (l->n != 2)
		return h_err(l, "an id is one word");
	snprintf(l->c->id, sizeof(l->c->id), "%s", l->tok[1]);
	return 0;
}

static int h_head_level(struct h_cur *k)
{
	char rest[512];

	h_join(k->l, 1, rest, sizeof(rest));
	if (strcmp(rest, "MUST") && strcmp(rest, "SHOULD") && strcmp(rest, "MAY"))
		return h_err(k->l, "expected a level (MUST, SHOULD, MAY), got '%s'", rest);
	snprintf(k->l->c->level, sizeof(k->l->c->level), "%.7s", rest);
	return 0;
}

static int h_head_title(struct h_cur *k)
{
	char rest[512];

	h_join(k->l, 1, rest, sizeof(rest));
	snprintf(k->l->c->title, sizeof(k->l->c->title), "%.159s", rest);
	return 0;
}

static int h_head_requirement(struct h_cur *k)
{
	struct h_case *c = k->l->c;
	size_t o = strlen(c->requirement);
	char rest[512];

	h_join(k->l, 1, rest, sizeof(rest));
	snprintf(c->requirement + o, sizeof(c->requirement) - o, "%s%s", o ? " " : "", rest);
	return 0;
}

static int h_head_keywords(struct h_cur *k)
{
	char rest[512];

	h_join(k->l, 1, rest, sizeof(rest));
	snprintf(k->l->c->keywords, sizeof(k->l->c->keywords), "%.159s", rest);
	return 0;
}

const struct h_kw h_kw_header[] = {
    {.name = "id",
     .args = "ID",
     .parse = h_head_id,
     .doc = "the requirement it tests: an ARS rule (`ARS-LIMIT-ROUTES`) or an RFC clause "
            "(`RFC4271-6.2-BAD-PEER-AS`, `RFC7606-7.1-ORIGIN`), plus a suffix for variants "
            "(`-201`)"},
    {.name = "level", .args = "MUST|SHOULD|MAY", .parse = h_head_level, .doc = "requirement level"},
    {.name = "title",
     .args = "TEXT",
     .parse = h_head_title,
     .doc = "one line, shown in lists and reports"},
    {.name = "requirement",
     .args = "TEXT",
     .parse = h_head_requirement,
     .doc = "the text shown on failure; repeat the line to continue it"},
    {.name = "keywords", .args = "W...", .parse = h_head_keywords, .doc = "for `rscert run -k W`"},
};
const size_t h_kw_nheader = H_N(h_kw_header);

/* ---- server ---- */
static int h_srv_profile(struct h_cur *k)
{
	struct h_server_spec *s = &k->l->c->server;
	const char *w;

	if (h_want(k, "a profile name", &w))
		return -1;
	snprintf(s->profile, sizeof(s->profile), "%s", w);
	return 0;
}

static int h_srv_vnet(struct h_cur *k)
{
	struct h_line *l = k->l;
	struct bgp_prefix p;

	if (k->i >= l->n)
		return h_err(l, "expected one or more prefixes after 'vnet'");
	for (; k->i < l->n; k->i++)
		if (h_check_prefix(l, l->tok[k->i], &p))
			return -1;
	h_join(l, 2, l->c->server.vnet, sizeof(l->c->server.vnet));
	return 0;
}

static int h_srv_timers(struct h_cur *k)
{
	struct h_server_spec *s = &k->l->c->server;
	unsigned long v;

	while (k->i < k->end) {
		unsigned *t = h_accept(k, "keepalive") ? &s->keepalive
		              : h_accept(k, "hold")    ? &s->hold
		                                       : NULL;
		if (!t)
			return h_err(k->l, "expected 'keepalive N' or 'hold N', got '%s'",
			             h_peek(k));
		if (h_get_uint(k, "seconds", 65535, &v))
			return -1;
		*t = (unsigned)v;
	}
	return 0;
}

static int h_srv_branch(struct h_cur *k)
{
	const char *w;

	if (h_want(k, "on or off", &w))
		return -1;
	if (strcmp(w, "on") && strcmp(w, "off"))
		return h_err(k->l, "expected on or off, got '%s'", w);
	k->l->c->server.branch_to_branch = !strcmp(w, "on");
	return 0;
}

static int h_srv_peer(struct h_cur *k)
{
	struct h_server_spec *s = &k->l->c->server;
	const char *w;
	unsigned long v;
	char **name;
	uint32_t *asn;

	if (h_want(k, "a peer name", &w))
		return -1;
	name = h_case_grow((void **)&s->extra_peer, s->nextra_peers, sizeof(char *));
	asn = name ? h_case_grow((void **)&s->extra_peer_asn, s->nextra_peers, sizeof(*asn)) : NULL;
	if (!asn || !(*name = strdup(w)))
		return h_err(k->l, "out of memory");
	s->nextra_peers++;
	if (!h_accept(k, "asn"))
		return h_err(k->l, "expected 'asn N' after the peer name");
	if (h_get_uint(k, "an ASN", 4294967295ul, &v))
		return -1;
	*asn = (uint32_t)v;
	return 0;
}

/* A configuration line passed on as it is, from word 'from' on. */
static int h_srv_line(struct h_cur *k, size_t from)
{
	struct h_server_spec *s = &k->l->c->server;
	char text[160];
	char **line;
	unsigned *no;

	h_join(k->l, from, text, sizeof(text));
	line = h_case_grow((void **)&s->extra, s->nextra, sizeof(char *));
	no = line ? h_case_grow((void **)&s->extra_line, s->nextra, sizeof(*no)) : NULL;
	if (!no || !(*line = strdup(text)))
		return h_err(k->l, "out of memory");
	*no = k->l->no;
	s->nextra++;
	k->i = k->end;
	return 0;
}

static int h_srv_peering(struct h_cur *k)
{
	return h_srv_line(k, 1);
}

static int h_srv_config(struct h_cur *k)
{
	return h_srv_line(k, 2);
}

static int h_srv_refused(struct h_cur *k)
{
	struct h_server_spec *s = &k->l->c->server;
	const char *rule, *at;

	if (h_want(k, "the rule the refusal names (e.g. ARS-LIMIT-PEERS)", &rule))
		return -1;
	if (!h_accept(k, "at"))
		return h_err(k->l, "expected 'at WORD' (a word of the refused line)");
	if (h_want(k, "a word of the refused line", &at))
		return -1;
	snprintf(s->refused_rule, sizeof(s->refused_rule), "%s", rule);
	snprintf(s->refused_at, sizeof(s->refused_at), "%s", at);
	s->refused_line = k->l->no;
	return 0;
}

static const struct h_kw h_kw_server[] = {
    {.name = "profile",
     .args = "NAME",
     .parse = h_srv_profile,
     .doc = "`faq-2021-02` (default), `doc-2021-09`, `doc-2025`"},
    {.name = "vnet",
     .args = "P...",
     .parse = h_srv_vnet,
     .doc = "the VNet's address space (default `10.0.0.0/16`)"},
    {.name = "vnet-peering",
     .args = "NAME P...",
     .parse = h_srv_peering,
     .doc = "a peered VNet using the remote gateway"},
    {.name = "timers",
     .args = "keepalive K hold H",
     .parse = h_srv_timers,
     .doc = "nominal timers (default 60/180); the runner's time scale applies"},
    {.name = "branch-to-branch", .args = "on|off", .parse = h_srv_branch, .doc = "ARS-BRANCH"},
    {.name = "peer",
     .args = "NAME asn N",
     .parse = h_srv_peer,
     .doc = "an extra configured peer without a fake NVA (for the peer limit)"},
    {.name = "config",
     .args = "LINE",
     .parse = h_srv_config,
     .doc = "any other configuration line, as it is"},
    {.name = "refused",
     .args = "RULE at WORD",
     .parse = h_srv_refused,
     .doc = "the server must refuse this configuration with an error naming its file, the "
            "line that holds WORD and RULE (reference only; the case needs no script)"},
};

int h_line_server(struct h_cur *k)
{
	if (h_kw_dispatch(k, h_kw_server, H_N(h_kw_server), "a server setting"))
		return -1;
	if (k->i < k->end)
		return h_err(k->l, "unexpected '%s' at the end of the line", h_peek(k));
	return 0;
}

/* ---- nva ---- */
static int h_nva_u32(struct h_cur *k, const char *what, unsigned long max, uint32_t *out)
{
	unsigned long v;

	if (h_get_uint(k, what, max, &v))
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int h_nva_asn(struct h_cur *k)
{
	return h_nva_u32(k, "an ASN", 4294967295ul, &k->nva->asn);
}

static int h_nva_cfg_asn(struct h_cur *k)
{
	k->cfg_asn = true;
	return h_nva_u32(k, "an ASN", 4294967295ul, &k->nva->cfg_asn);
}

static int h_nva_address(struct h_cur *k)
{
	return h_get_addr(k, &k->nva->addr);
}

static int h_nva_router_id(struct h_cur *k)
{
	return h_get_addr(k, &k->nva->router_id);
}

static int h_nva_subnet(struct h_cur *k)
{
	return h_get_prefix(k, &k->nva->subnet);
}

static int h_nva_gateway(struct h_cur *k)
{
	return h_get_addr(k, &k->nva->gateway);
}

static int h_nva_hold(struct h_cur *k)
{
	unsigned long v;

	if (h_get_uint(k, "a hold time in seconds", 65535, &v))
		return -1;
	k->nva->hold = (unsigned)v;
	return 0;
}

static int h_nva_peers(struct h_cur *k)
{
	const char *w;

	if (h_want(k, "IN_0, IN_1 or both", &w))
		return -1;
	if (!strcmp(w, "IN_0"))
		k->nva->peers = 1;
	else if (!strcmp(w, "IN_1"))
		k->nva->peers = 2;
	else if (!strcmp(w, "both"))
		k->nva->peers = 3;
	else
		return h_err(k->l, "expected IN_0, IN_1 or both, got '%s'", w);
	return 0;
}

static int h_nva_caps(struct h_cur *k)
{
	const char *w;

	if (h_want(k, "a capability list (e.g. mp,route-refresh,as4)", &w))
		return -1;
	return h_parse_caps(k->l, w, &k->nva->caps);
}

static int h_nva_unconfigured(struct h_cur *k)
{
	k->nva->configured = false;
	return 0;
}

static int h_nva_reconnect(struct h_cur *k)
{
	k->nva->reconnect = true;
	return 0;
}

static int h_nva_md5(struct h_cur *k)
{
	const char *key;

	if (h_want(k, "a TCP MD5 key", &key))
		return -1;
	if (strlen(key) >= sizeof(k->nva->md5))
		return h_err(k->l, "a TCP MD5 key has at most %zu characters",
		             sizeof(k->nva->md5) - 1);
	snprintf(k->nva->md5, sizeof(k->nva->md5), "%s", key);
	return 0;
}

static int h_nva_gateway_peer(struct h_cur *k)
{
	k->nva->gateway_peer = true;
	k->nva->asn = 65515;
	k->nva->cfg_asn = 65515;
	k->cfg_asn = true;
	return 0;
}

static int h_nva_static(struct h_cur *k)
{
	struct h_nva_spec *n = k->nva;
	struct h_static *s = h_case_grow((void **)&n->statics, n->nstatic, sizeof(*s));

	if (!s)
		return h_err(k->l, "out of memory");
	if (h_get_prefix(k, &s->pfx))
		return -1;
	if (!h_accept(k, "via"))
		return h_err(k->l, "expected 'via ADDRESS' after the static prefix");
	if (h_get_addr(k, &s->via))
		return -1;
	n->nstatic++;
	return 0;
}

static const struct h_kw h_kw_nva[] = {
    {.name = "asn",
     .args = "N",
     .parse = h_nva_asn,
     .doc = "ASN in its OPEN (65001); any 2- or 4-octet value"},
    {.name = "configured-asn",
     .args = "N",
     .parse = h_nva_cfg_asn,
     .doc = "ASN configured for it at the server (= `asn`)"},
    {.name = "unconfigured",
     .args = "",
     .parse = h_nva_unconfigured,
     .doc = "the server does not know its session address"},
    {.name = "address",
     .args = "A",
     .parse = h_nva_address,
     .doc = "modelled address: NEXT_HOP and BGP identifier (10.0.1.4)"},
    {.name = "router-id", .args = "A", .parse = h_nva_router_id, .doc = "another BGP identifier"},
    {.name = "subnet",
     .args = "P",
     .parse = h_nva_subnet,
     .doc = "connected subnet of its forwarding table (10.0.1.0/24)"},
    {.name = "gateway",
     .args = "A",
     .parse = h_nva_gateway,
     .doc = "default gateway of its forwarding table (10.0.1.1)"},
    {.name = "static", .args = "P via A", .parse = h_nva_static, .doc = "a static route"},
    {.name = "hold", .args = "N", .parse = h_nva_hold, .doc = "hold time it offers (180)"},
    {.name = "peers",
     .args = "IN_0|IN_1|both",
     .parse = h_nva_peers,
     .doc = "the instances `connect` opens sessions to (both)"},
    {.name = "caps",
     .args = "LIST",
     .parse = h_nva_caps,
     .doc = "capabilities: `mp,route-refresh,as4,gr,enhanced-rr,ext-msg` or `none` "
            "(mp,route-refresh,as4)"},
    {.name = "reconnect",
     .args = "",
     .parse = h_nva_reconnect,
     .doc = "reconnects by itself after a drop, when it has a route to the server"},
    {.name = "gateway-peer",
     .args = "",
     .parse = h_nva_gateway_peer,
     .doc = "this speaker is the ExpressRoute/VPN gateway (iBGP, ASN 65515; ARS-BRANCH)"},
    {.name = "md5",
     .args = "KEY",
     .parse = h_nva_md5,
     .doc = "its TCP segments carry the MD5 signature option with this key (RFC 2385; "
            "ARS-NO-MD5)"},
};

static void h_nva_defaults(struct h_nva_spec *n, const char *name, unsigned line)
{
	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->asn = 65001;
	n->configured = true;
	n->addr = 0x0A000104; /* 10.0.1.4 */
	bgp_parse_prefix("10.0.1.0/24", &n->subnet);
	n->gateway = 0x0A000101;
	n->hold = 180;
	n->peers = 3;
	n->caps = H_CAP_MP | H_CAP_RR | H_CAP_AS4;
	n->line = line;
}

/* The NVA a line names, declared on its first line. */
static int h_nva_declare(struct h_cur *k, const char *name)
{
	struct h_case *c = k->l->c;
	int idx = h_find_nva(k->l, name);

	if (idx < 0) {
		if (c->nsteps)
			return h_err(k->l, "NVA '%s' declared after the script started", name);
		if (!h_case_grow((void **)&c->nvas, c->nnvas, sizeof(c->nvas[0])))
			return h_err(k->l, "out of memory");
		idx = (int)c->nnvas++;
		h_nva_defaults(&c->nvas[idx], name, k->l->no);
	}
	k->nva = &c->nvas[idx];
	return 0;
}

int h_line_nva(struct h_cur *k)
{
	const char *name;

	if (h_want(k, "an NVA name", &name) || h_nva_declare(k, name))
		return -1;
	while (k->i < k->end)
		if (h_kw_dispatch(k, h_kw_nva, H_N(h_kw_nva), "an NVA setting"))
			return -1;
	if (!k->cfg_asn && !k->nva->cfg_asn)
		k->nva->cfg_asn = k->nva->asn;
	return 0;
}

const struct h_kw_table h_kw_topology[] = {
    {.section = "### The route server",
     .prefix = "server ",
     .rows = h_kw_server,
     .n = H_N(h_kw_server)},
    {.section = "### Fake NVAs", .prefix = "", .rows = h_kw_nva, .n = H_N(h_kw_nva)},
};
const size_t h_kw_ntopology = H_N(h_kw_topology);
