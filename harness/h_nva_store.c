/* h_nva_store.c: what a fake NVA received. Every message the server sends is
 * kept, decoded into memory of its own, for the life of the case: the checks
 * and the hooks see the codec's full view of it (every path attribute,
 * unknown ones with their flags) and its bytes. From the UPDATEs the NVA
 * keeps its routes and its forwarding table, as a BGP speaker would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_codec.h"
#include "h_nva_int.h"

/* A stored message and the memory its decoded form points into. */
struct h_rx_rec {
	struct h_rx rx; /* first: a struct h_rx * is a struct h_rx_rec * */
	struct bgp_msg msg;
	uint8_t *mem; /* the arena it was decoded into */
	uint8_t *raw; /* the bytes as received */
};

void h_nva_fib_init(struct h_nva *n)
{
	const struct h_nva_spec *sp = n->spec;
	size_t k;

	h_fib_init(&n->fib);
	h_fib_add(&n->fib, bgp_prefix_ipv4(&sp->subnet), sp->subnet.len, 0, H_FIB_CONNECTED, -1);
	h_fib_add(&n->fib, 0, 0, sp->gateway, H_FIB_DEFAULT, -1);
	for (k = 0; k < sp->nstatic; k++)
		h_fib_add(&n->fib, bgp_prefix_ipv4(&sp->statics[k].pfx), sp->statics[k].pfx.len,
		          sp->statics[k].via, H_FIB_STATIC, -1);
}

/* ---- reachability (ARS-STATIC-ROUTE) ---- */
void h_store_reach(struct h_nva *n)
{
	int k;

	for (k = 0; k < 2; k++) {
		struct h_fib_res r;
		struct h_sess *s = &n->s[k];
		bool was = s->reachable;

		h_fib_resolve(&n->fib, n->w->cfg.inst_addr[k], &r);
		s->reachable = r.reachable;
		snprintf(s->fib_why, sizeof(s->fib_why), "%s", r.why);
		if (was && !r.reachable)
			snprintf(s->fib_lost, sizeof(s->fib_lost), "%s", r.why);
		if (was != r.reachable && s->fd >= 0)
			h_world_note(n->w, s, "route to %s %s: %s", h_inst_name[k],
			             r.reachable ? "restored" : "lost", r.why);
	}
}

/* ---- the messages ---- */
static struct h_rx_rec *h_rx_push(struct h_sess *s)
{
	struct h_rx_rec *rec;

	if (s->nrx == s->caprx) {
		size_t cap = s->caprx ? s->caprx * 2 : 64;
		struct h_rx **m = realloc(s->rx, cap * sizeof(*m));
		if (!m)
			return NULL;
		s->rx = m;
		s->caprx = cap;
	}
	rec = calloc(1, sizeof(*rec));
	if (!rec)
		return NULL;
	rec->rx.t = h_world_now(s->nva->w);
	rec->rx.t_empty = s->t_empty;
	s->rx[s->nrx++] = &rec->rx;
	return rec;
}

/* Decode into an arena of cap bytes the record owns. */
static int h_rx_decode_into(struct h_rx_rec *rec, size_t cap)
{
	struct bgp_arena a;

	free(rec->mem);
	rec->mem = malloc(cap ? cap : 1);
	if (!rec->mem)
		return -1;
	bgp_arena_init(&a, rec->mem, cap);
	memset(&rec->msg, 0, sizeof(rec->msg));
	memset(&rec->rx.verdict, 0, sizeof(rec->rx.verdict));
	bgp_decode(rec->rx.raw, rec->rx.len, &rec->rx.ctx, &a, &rec->msg, &rec->rx.verdict);
	return 0;
}

/* Decode b into memory the record owns: once into scratch memory to learn
 * how much the decoded form keeps, then into that much plus what the codec
 * may hold for a moment (one prefix array of a byte per prefix, shrunk when
 * done). Should that not do, into as much as any message may need. */
static int h_rx_decode(struct h_rx_rec *rec, const uint8_t *b, size_t len,
                       const struct bgp_ctx *ctx)
{
	static uint8_t scratch[BGP_ARENA_SIZE];
	struct bgp_arena a;
	struct bgp_verdict v;
	struct bgp_msg m;
	uint8_t *raw = malloc(len);

	if (!raw)
		return -1;
	memcpy(raw, b, len);
	rec->raw = raw;
	rec->rx.raw = raw;
	rec->rx.len = len;
	rec->rx.ctx = *ctx;
	bgp_arena_init(&a, scratch, sizeof(scratch));
	memset(&m, 0, sizeof(m));
	memset(&v, 0, sizeof(v));
	bgp_decode(b, len, ctx, &a, &m, &v);
	if (h_rx_decode_into(rec, a.used + len * sizeof(struct bgp_prefix) + 1024))
		return -1;
	if (rec->rx.verdict.action == v.action && rec->rx.verdict.code == v.code &&
	    rec->rx.verdict.subcode == v.subcode)
		return 0;
	return h_rx_decode_into(rec, BGP_ARENA_SIZE);
}

static void h_rx_digest(struct h_rx *r, const struct bgp_msg *m)
{
	if (!m) {
		/* the codec refused it; a NOTIFICATION still says why */
		if (r->type == BGP_NOTIFICATION && r->len >= 21) {
			r->code = r->raw[19];
			r->subcode = r->raw[20];
		}
		return;
	}
	if (m->type == BGP_NOTIFICATION) {
		r->code = m->u.notification.code;
		r->subcode = m->u.notification.subcode;
		r->data = m->u.notification.data;
		r->ndata = m->u.notification.len;
	} else if (m->type == BGP_UPDATE) {
		r->eor = bgp_update_is_eor(m) != 0;
		r->nnlri = m->u.update.nnlri;
		r->nwithdrawn = m->u.update.nwithdrawn;
	}
}

const struct h_rx *h_store_message(struct h_sess *s, const uint8_t *b, size_t len)
{
	struct h_rx_rec *rec = h_rx_push(s);

	if (!rec)
		return NULL;
	rec->rx.type = b[18];
	if (h_rx_decode(rec, b, len, &s->ctx)) {
		s->nrx--;
		free(rec->mem);
		free(rec->raw);
		free(rec);
		return NULL;
	}
	if (rec->rx.verdict.action != BGP_ACT_SESSION_RESET)
		rec->rx.msg = &rec->msg;
	h_rx_digest(&rec->rx, rec->rx.msg);
	return &rec->rx;
}

void h_store_close(struct h_sess *s)
{
	h_rx_push(s);
}

void h_store_hooks(struct h_sess *s, const struct h_rx *r)
{
	const struct h_world *w = s->nva->w;
	size_t i;

	for (i = 0; i < w->nhooks; i++)
		w->hooks[i].fn(w->hooks[i].arg, s, r);
}

/* ---- the routes ---- */
static bool h_pfx_same(const struct bgp_prefix *a, const struct bgp_prefix *b)
{
	return a->len == b->len && bgp_prefix_ipv4(a) == bgp_prefix_ipv4(b);
}

const struct h_route *h_store_find(const struct h_sess *s, const struct bgp_prefix *p)
{
	size_t i;

	for (i = 0; i < s->nroutes; i++)
		if (h_pfx_same(&s->routes[i].pfx, p))
			return &s->routes[i];
	return NULL;
}

static struct h_route *h_route_upsert(struct h_sess *s, const struct bgp_prefix *p)
{
	struct h_route *e = (struct h_route *)h_store_find(s, p);

	if (e)
		return e;
	if (s->nroutes == s->caproutes) {
		size_t cap = s->caproutes ? s->caproutes * 2 : 256;
		struct h_route *m = realloc(s->routes, cap * sizeof(*m));
		if (!m)
			return NULL;
		s->routes = m;
		s->caproutes = cap;
	}
	e = &s->routes[s->nroutes++];
	memset(e, 0, sizeof(*e));
	e->pfx = *p;
	return e;
}

/* One announced prefix of r. Like any BGP speaker, the NVA ignores routes
 * with its own ASN in the path (RFC 4271 9.1.2): that is why an NVA using
 * 65515 gets no usable routes (ARS-ASN-SAME). */
static void h_store_announce(struct h_sess *s, const struct h_rx *r, const struct bgp_prefix *p)
{
	const struct bgp_attrs *a = &r->msg->u.update.attrs;
	struct h_nva *n = s->nva;
	struct h_route *e = h_route_upsert(s, p);

	if (!e)
		return;
	e->heard++;
	e->last = r;
	if (r->verdict.action >= BGP_ACT_TREAT_AS_WITHDRAW ||
	    bgp_as_path_contains(&a->as_path, n->spec->asn)) {
		e->present = false;
		h_fib_del(&n->fib, bgp_prefix_ipv4(p), p->len, s->inst);
		return;
	}
	e->present = true;
	h_fib_add(&n->fib, bgp_prefix_ipv4(p), p->len, a->next_hop, H_FIB_BGP, s->inst);
}

void h_store_update(struct h_sess *s, const struct h_rx *r)
{
	const struct bgp_update *u = &r->msg->u.update;
	struct h_nva *n = s->nva;
	size_t i;

	for (i = 0; i < u->nwithdrawn; i++) {
		const struct bgp_prefix *p = &u->withdrawn[i];
		struct h_route *e;
		if (p->afi != BGP_AFI_IPV4)
			continue;
		e = h_route_upsert(s, p);
		if (e)
			e->present = false;
		h_fib_del(&n->fib, bgp_prefix_ipv4(p), p->len, s->inst);
	}
	for (i = 0; i < u->nnlri; i++)
		if (u->nlri[i].afi == BGP_AFI_IPV4)
			h_store_announce(s, r, &u->nlri[i]);
	h_store_reach(n);
}

void h_store_forget(struct h_sess *s)
{
	s->nroutes = 0;
	h_fib_flush_owner(&s->nva->fib, s->inst);
	h_store_reach(s->nva);
}

void h_store_free(struct h_sess *s)
{
	size_t i;

	for (i = 0; i < s->nrx; i++) {
		struct h_rx_rec *rec = (struct h_rx_rec *)s->rx[i];
		free(rec->mem);
		free(rec->raw);
		free(rec);
	}
	free(s->rx);
	free(s->routes);
	s->rx = NULL;
	s->routes = NULL;
	s->nrx = s->caprx = s->nroutes = s->caproutes = 0;
}
