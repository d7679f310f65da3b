/* h_oracle_check.c: the sender oracle's rule table and its checks of one
 * message. The codec's verdict says what a receiver would have to do with
 * the message (RFC 7606); the attribute rules read the path attributes as
 * they were on the wire, because the codec leaves out what it discards (a
 * LOCAL_PREF from an eBGP peer, a NEXT_HOP of 0.0.0.0). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_buf.h"
#include "bgp_codec.h"
#include "h_oracle_check.h"

static const struct h_oracle_rule h_rules[H_OR_COUNT] = {
    [H_OR_WELLFORMED] = {"SEND-WELLFORMED", "RFC 4271 6.1-6.6",
                         "every message is one the receiver can decode without a session reset"},
    [H_OR_7606] = {"SEND-7606", "RFC 7606 2, 7",
                   "no UPDATE the receiver must treat as withdraw or strip attributes from"},
    [H_OR_EBGP_LOCAL_PREF] = {"SEND-EBGP-LOCAL-PREF", "RFC 4271 5.1.5",
                              "no LOCAL_PREF to an external peer"},
    [H_OR_EBGP_RR_ATTRS] = {"SEND-EBGP-RR-ATTRS", "RFC 4456 8, RFC 7606 7.9-7.10",
                            "no ORIGINATOR_ID or CLUSTER_LIST to an external peer"},
    [H_OR_NON_TRANSITIVE] = {"SEND-NON-TRANSITIVE", "RFC 4271 5",
                             "an unrecognized optional non-transitive attribute is not passed on"},
    [H_OR_PARTIAL] = {"SEND-PARTIAL", "RFC 4271 4.3, 5",
                      "a passed unrecognized optional transitive attribute has the Partial bit"},
    [H_OR_FIRST_AS] = {"SEND-FIRST-AS", "RFC 4271 5.1.2, 6.3; RFC 7947 2.2",
                       "towards an external peer the AS_PATH starts with the sender's AS (a "
                       "transparent route server: never with its own)"},
    [H_OR_NEXT_HOP] = {"SEND-NEXT-HOP", "RFC 4271 5.1.3, 6.3",
                       "a usable NEXT_HOP: not 0.0.0.0, broadcast or multicast, not the "
                       "receiver's own address"},
    [H_OR_FSM] = {"SEND-FSM", "RFC 4271 8.2.2, 9",
                  "no UPDATE or ROUTE-REFRESH before the session is Established"},
    [H_OR_KEEPALIVE] = {"SEND-KEEPALIVE", "RFC 4271 4.4, 10",
                        "a message at least every hold time / 3 (25 % and 0.25 s allowed)"},
    [H_OR_SIZE] = {"SEND-SIZE", "RFC 4271 4.1, RFC 8654 4",
                   "no message over 4096 octets unless both sides announced extended messages"},
    [H_OR_CAP_REFRESH] = {"SEND-CAP-REFRESH", "RFC 2918 4, RFC 7313 4",
                          "ROUTE-REFRESH (and its BoRR/EoRR subtypes) only when both sides "
                          "announced (enhanced) route refresh"},
    [H_OR_CAP_ADDPATH] = {"SEND-CAP-ADDPATH", "RFC 7911 3-4",
                          "no ADD-PATH path identifiers unless the receiver announced it can "
                          "receive them"},
    [H_OR_CAP_MP] = {"SEND-CAP-MP", "RFC 4760 8, RFC 5492 3",
                     "MP_REACH/MP_UNREACH only for address families both sides announced"},
};

const struct h_oracle_rule *h_oracle_rule(enum h_orule r)
{
	return r < H_OR_COUNT ? &h_rules[r] : NULL;
}

enum h_orule h_oracle_rule_find(const char *id)
{
	int r;

	for (r = 0; r < H_OR_COUNT; r++)
		if (!strcmp(h_rules[r].id, id))
			return (enum h_orule)r;
	return H_OR_COUNT;
}

/* ---- one message being judged ---- */
struct h_ock {
	struct h_ocheck_conn *c;
	const struct h_ocheck_peer *p;
	const struct h_rx *r;
	struct h_oviol *out;
	size_t cap, n;
	bool fired[H_OR_COUNT];
	/* the UPDATE as on the wire */
	bool upd_ok;
	struct bgp_rbuf attrs;
	size_t nlri_len;
};

static void h_ock_add(struct h_ock *k, enum h_orule rule, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void h_ock_add(struct h_ock *k, enum h_orule rule, const char *fmt, ...)
{
	va_list ap;

	k->fired[rule] = true;
	if (k->n < k->cap) {
		k->out[k->n].rule = rule;
		va_start(ap, fmt);
		vsnprintf(k->out[k->n].how, sizeof(k->out[k->n].how), fmt, ap);
		va_end(ap);
	}
	k->n++;
}

/* Split an UPDATE into its attributes and NLRI fields. */
static void h_ock_split(struct h_ock *k)
{
	struct bgp_rbuf b, skip;
	uint16_t wlen, alen;

	k->upd_ok = false;
	if (k->r->len < 19)
		return;
	bgp_rb_init(&b, k->r->raw + 19, k->r->len - 19);
	if (bgp_rb_u16(&b, &wlen) || bgp_rb_sub(&b, wlen, &skip) || bgp_rb_u16(&b, &alen) ||
	    bgp_rb_sub(&b, alen, &k->attrs))
		return;
	k->nlri_len = bgp_rb_left(&b);
	k->upd_ok = true;
}

/* The attribute of that type as on the wire: its flags and value. */
static bool h_ock_attr(const struct h_ock *k, uint8_t type, uint8_t *flags, struct bgp_rbuf *val)
{
	struct bgp_rbuf b = k->attrs;

	while (k->upd_ok && bgp_rb_left(&b)) {
		uint8_t f, t, l8;
		uint16_t len;
		if (bgp_rb_u8(&b, &f) || bgp_rb_u8(&b, &t))
			return false;
		if (f & BGP_AF_EXTENDED) {
			if (bgp_rb_u16(&b, &len))
				return false;
		} else {
			if (bgp_rb_u8(&b, &l8))
				return false;
			len = l8;
		}
		if (bgp_rb_sub(&b, len, val))
			return false;
		if (t == type) {
			*flags = f;
			return true;
		}
	}
	return false;
}

static bool h_ock_has(const struct h_ock *k, uint8_t type)
{
	struct bgp_rbuf v;
	uint8_t f;

	return h_ock_attr(k, type, &f, &v);
}

/* ---- the attribute rules ---- */
static void h_ock_ebgp(struct h_ock *k)
{
	if (!k->p->ebgp)
		return;
	if (h_ock_has(k, BGP_ATTR_LOCAL_PREF))
		h_ock_add(k, H_OR_EBGP_LOCAL_PREF, "LOCAL_PREF sent to an external peer");
	if (h_ock_has(k, BGP_ATTR_ORIGINATOR_ID))
		h_ock_add(k, H_OR_EBGP_RR_ATTRS, "ORIGINATOR_ID sent to an external peer");
	if (h_ock_has(k, BGP_ATTR_CLUSTER_LIST))
		h_ock_add(k, H_OR_EBGP_RR_ATTRS, "CLUSTER_LIST sent to an external peer");
}

static void h_ock_unknown(struct h_ock *k)
{
	const struct bgp_attrs *a;
	size_t i;

	if (!k->r->msg)
		return;
	a = &k->r->msg->u.update.attrs;
	for (i = 0; i < a->nunknown; i++) {
		uint8_t f = a->unknown[i].flags, t = a->unknown[i].type;
		if (!(f & BGP_AF_OPTIONAL))
			continue; /* an unknown well-known one is the codec's error */
		if (!(f & BGP_AF_TRANSITIVE))
			h_ock_add(
			    k, H_OR_NON_TRANSITIVE,
			    "unrecognized optional non-transitive attribute %u (flags 0x%02x) "
			    "passed on",
			    t, f);
		else if (!(f & BGP_AF_PARTIAL))
			h_ock_add(k, H_OR_PARTIAL,
			          "unrecognized optional transitive attribute %u passed with flags "
			          "0x%02x, Partial bit clear",
			          t, f);
	}
}

/* Whether the UPDATE announces anything (IPv4 NLRI, or MP_REACH prefixes). */
static bool h_ock_announces(const struct h_ock *k)
{
	const struct bgp_attrs *a;

	if (k->upd_ok && k->nlri_len)
		return true;
	if (!k->r->msg)
		return false;
	a = &k->r->msg->u.update.attrs;
	return bgp_attr_has(a, BGP_ATTR_MP_REACH) && a->mp_reach.nprefix > 0;
}

static void h_ock_first_as(struct h_ock *k)
{
	const struct bgp_as_path *path;
	const struct bgp_open *o = k->c->open;
	uint32_t own, first = 0;
	bool seq;
	char txt[96];

	if (!k->p->ebgp || !o || !k->r->msg || !h_ock_announces(k) ||
	    !bgp_attr_has(&k->r->msg->u.update.attrs, BGP_ATTR_AS_PATH))
		return;
	path = &k->r->msg->u.update.attrs.as_path;
	own = o->has_as4 ? o->as4 : o->my_as;
	if (own > 65535 && !k->r->ctx.as4)
		own = BGP_AS_TRANS;
	seq = path->nseg && path->segs[0].type == BGP_SEG_SEQUENCE && path->segs[0].count;
	if (seq)
		first = path->segs[0].asns[0];
	bgp_format_as_path(path, " ", txt, sizeof(txt));
	if (k->p->aspath == H_OAS_PREPEND && (!seq || first != own))
		h_ock_add(k, H_OR_FIRST_AS,
		          "AS_PATH \"%s\" to an external peer does not start with "
		          "the sender's AS %u",
		          txt, (unsigned)own);
	else if (k->p->aspath == H_OAS_TRANSPARENT && seq && first == own)
		h_ock_add(k, H_OR_FIRST_AS,
		          "a transparent route server put its own AS %u first "
		          "(AS_PATH \"%s\")",
		          (unsigned)own, txt);
}

static void h_ock_next_hop(struct h_ock *k)
{
	struct bgp_rbuf v;
	uint8_t f;
	uint32_t nh;
	const char *why = NULL;
	char a[16];

	if (!k->upd_ok || !k->nlri_len || !h_ock_attr(k, BGP_ATTR_NEXT_HOP, &f, &v) ||
	    bgp_rb_u32(&v, &nh))
		return; /* absent or of the wrong length: the codec's verdict says so */
	if (nh == 0)
		why = "0.0.0.0";
	else if (nh == 0xffffffffu)
		why = "the broadcast address";
	else if ((nh >> 28) == 0xe)
		why = "a multicast address";
	else if (nh == k->p->addr || nh == k->p->src)
		why = "the receiving NVA's own address";
	if (!why)
		return;
	bgp_addr_format_ipv4(nh, a, sizeof(a));
	h_ock_add(k, H_OR_NEXT_HOP, "NEXT_HOP %s is %s", a, why);
}

/* ---- capabilities ---- */
static bool h_ock_open_af(const struct bgp_open *o, uint16_t afi, uint8_t safi)
{
	size_t i;

	if (!o->nmp) /* no multiprotocol capability: IPv4 unicast only */
		return afi == BGP_AFI_IPV4 && safi == BGP_SAFI_UNICAST;
	for (i = 0; i < o->nmp; i++)
		if (o->mp[i].afi == afi && o->mp[i].safi == safi)
			return true;
	return false;
}

static void h_ock_mp_af(struct h_ock *k, const char *what, uint16_t afi, uint8_t safi)
{
	/* the fake NVA announces IPv4 unicast only (with or without MP) */
	bool nva = k->p->raw || (afi == BGP_AFI_IPV4 && safi == BGP_SAFI_UNICAST);
	bool srv = !k->c->open || h_ock_open_af(k->c->open, afi, safi);

	if (!nva || !srv)
		h_ock_add(k, H_OR_CAP_MP, "%s for AFI %u SAFI %u, which %s did not announce", what,
		          afi, safi, !nva ? "the NVA" : "the server");
}

static void h_ock_mp(struct h_ock *k)
{
	const struct bgp_attrs *a;

	if (!k->r->msg)
		return;
	a = &k->r->msg->u.update.attrs;
	if (bgp_attr_has(a, BGP_ATTR_MP_REACH))
		h_ock_mp_af(k, "MP_REACH_NLRI", a->mp_reach.afi, a->mp_reach.safi);
	if (bgp_attr_has(a, BGP_ATTR_MP_UNREACH))
		h_ock_mp_af(k, "MP_UNREACH_NLRI", a->mp_unreach.afi, a->mp_unreach.safi);
}

/* An UPDATE the receiver cannot parse: would it parse with ADD-PATH path
 * identifiers, which the fake NVA never announces it can receive? */
static void h_ock_addpath(struct h_ock *k)
{
	struct bgp_ctx ctx = k->r->ctx;
	struct bgp_arena a;
	struct bgp_msg m;
	struct bgp_verdict v;
	uint8_t *mem;

	if (k->p->raw || k->r->verdict.action < BGP_ACT_TREAT_AS_WITHDRAW)
		return;
	mem = malloc(BGP_ARENA_SIZE);
	if (!mem)
		return;
	ctx.addpath_v4 = ctx.addpath_v6 = true;
	bgp_arena_init(&a, mem, BGP_ARENA_SIZE);
	memset(&m, 0, sizeof(m));
	memset(&v, 0, sizeof(v));
	if (bgp_decode(k->r->raw, k->r->len, &ctx, &a, &m, &v) == BGP_ACT_OK)
		h_ock_add(k, H_OR_CAP_ADDPATH,
		          "NLRI with ADD-PATH path identifiers (the message "
		          "decodes only with them)");
	free(mem);
}

static void h_ock_size(struct h_ock *k)
{
	const struct bgp_open *o = k->c->open;
	bool srv = o && o->ext_msg, nva = k->p->raw || (k->p->caps & H_CAP_EXT);

	if (k->r->len > BGP_MAX_LEN && !(srv && nva))
		h_ock_add(k, H_OR_SIZE, "%zu octets; extended messages not announced by %s",
		          k->r->len, !srv ? "the server" : "the NVA");
}

static void h_ock_refresh(struct h_ock *k)
{
	const struct bgp_open *o = k->c->open;
	const struct bgp_route_refresh *rr;
	bool enh;

	if (!k->r->msg)
		return;
	rr = &k->r->msg->u.route_refresh;
	enh = rr->subtype != BGP_RR_NORMAL;
	if (enh && !(o && o->enhanced_rr && (k->p->raw || (k->p->caps & H_CAP_ERR))))
		h_ock_add(k, H_OR_CAP_REFRESH,
		          "ROUTE-REFRESH subtype %u without enhanced route refresh on both sides",
		          rr->subtype);
	else if (!enh && !(o && o->route_refresh && (k->p->raw || (k->p->caps & H_CAP_RR))))
		h_ock_add(k, H_OR_CAP_REFRESH,
		          "ROUTE-REFRESH but %s did not announce route refresh",
		          o && o->route_refresh ? "the NVA" : "the server");
}

/* ---- the codec's verdict, where no rule above explains it ---- */
static bool h_ock_discards_explained(const struct h_ock *k)
{
	const struct bgp_verdict *v = &k->r->verdict;
	size_t i;

	for (i = 0; i < v->ndiscarded; i++) {
		uint8_t t = v->discarded[i];
		if (!((t == BGP_ATTR_LOCAL_PREF && k->fired[H_OR_EBGP_LOCAL_PREF]) ||
		      ((t == BGP_ATTR_ORIGINATOR_ID || t == BGP_ATTR_CLUSTER_LIST) &&
		       k->fired[H_OR_EBGP_RR_ATTRS])))
			return false;
	}
	return true;
}

static void h_ock_verdict(struct h_ock *k)
{
	const struct bgp_verdict *v = &k->r->verdict;
	const char *why = v->reason ? v->reason : "?";
	const char *rule = v->rule ? v->rule : "?";

	if (v->action == BGP_ACT_OK || k->fired[H_OR_CAP_ADDPATH] || k->fired[H_OR_SIZE])
		return;
	if (v->action == BGP_ACT_SESSION_RESET) {
		h_ock_add(k, H_OR_WELLFORMED,
		          "the receiver must reset the session: %s (%s, "
		          "NOTIFICATION %u/%u)",
		          why, rule, v->code, v->subcode);
		return;
	}
	if (v->action == BGP_ACT_ATTR_DISCARD && h_ock_discards_explained(k))
		return;
	if (v->attr_type == BGP_ATTR_NEXT_HOP && k->fired[H_OR_NEXT_HOP])
		return;
	h_ock_add(k, H_OR_7606, "the receiver must %s: %s (%s)", bgp_action_name(v->action), why,
	          rule);
}

/* ---- keepalives and the state machine ---- */
double h_ocheck_keepalive_limit(const struct h_ocheck_conn *c, const struct h_ocheck_peer *p)
{
	unsigned hold;

	if (!c->open || p->raw)
		return 0;
	hold = c->open->hold_time < p->hold ? c->open->hold_time : p->hold;
	return hold ? hold * p->scale / 3.0 * 1.25 + 0.25 : 0;
}

static void h_ock_gap(struct h_ock *k, double t, const char *until)
{
	double lim = h_ocheck_keepalive_limit(k->c, k->p);

	if (k->c->keepalive && lim > 0 && t - k->c->last > lim)
		h_ock_add(k, H_OR_KEEPALIVE, "nothing for at least %.3f s before %s (limit %.3f s)",
		          t - k->c->last, until, lim);
}

static void h_ock_state(struct h_ock *k)
{
	const struct h_rx *r = k->r;

	/* it arrived after t_empty: a harness busy elsewhere makes t late, not
	 * the server */
	h_ock_gap(k, r->t_empty, "this message");
	if (k->c->keepalive)
		k->c->last = r->t;
	if (r->type == BGP_OPEN && r->msg) {
		k->c->open = &r->msg->u.open;
		k->c->keepalive = false;
	} else if (r->type == BGP_KEEPALIVE && k->c->open && !k->c->keepalive) {
		k->c->keepalive = true;
		k->c->last = r->t;
	} else if ((r->type == BGP_UPDATE || r->type == BGP_ROUTE_REFRESH) && !k->c->keepalive) {
		h_ock_add(k, H_OR_FSM, "%s before the session was Established (%s)",
		          r->type == BGP_UPDATE ? "UPDATE" : "ROUTE-REFRESH",
		          k->c->open ? "no KEEPALIVE after the server's OPEN" : "no OPEN yet");
	}
}

size_t h_ocheck_msg(struct h_ocheck_conn *c, const struct h_ocheck_peer *p, const struct h_rx *r,
                    struct h_oviol *out, size_t cap)
{
	struct h_ock k = {.c = c, .p = p, .r = r, .out = out, .cap = cap};

	if (!r->raw)
		return 0;
	h_ock_state(&k);
	h_ock_size(&k);
	if (r->type == BGP_UPDATE) {
		h_ock_split(&k);
		h_ock_ebgp(&k);
		h_ock_unknown(&k);
		h_ock_first_as(&k);
		h_ock_next_hop(&k);
		h_ock_mp(&k);
		h_ock_addpath(&k);
	} else if (r->type == BGP_ROUTE_REFRESH) {
		h_ock_refresh(&k);
	}
	h_ock_verdict(&k);
	return k.n;
}

size_t h_ocheck_end(struct h_ocheck_conn *c, const struct h_ocheck_peer *p, double t,
                    struct h_oviol *out, size_t cap)
{
	struct h_ock k = {.c = c, .p = p, .out = out, .cap = cap};

	h_ock_gap(&k, t, "the connection ended");
	memset(c, 0, sizeof(*c));
	return k.n;
}
