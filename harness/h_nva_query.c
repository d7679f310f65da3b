/* h_nva_query.c: what the checks may ask of the fake NVAs (h_nva.h). */
#include <stdio.h>
#include <string.h>

#include "bgp_addr.h"
#include "bgp_codec.h"
#include "h_nva_int.h"

size_t h_world_nvas(const struct h_world *w)
{
	return w->n;
}

const struct h_sess *h_world_sess(const struct h_world *w, size_t nva, int inst)
{
	return nva < w->n && (inst == 0 || inst == 1) ? &w->nva[nva].s[inst] : NULL;
}

void h_world_nva_addr(const struct h_world *w, size_t nva, char *out, size_t cap)
{
	bgp_addr_format_ipv4(nva < w->n ? w->nva[nva].src : 0, out, cap);
}

/* ---- sessions ---- */
const char *h_sess_nva_name(const struct h_sess *s)
{
	return s->nva->spec->name;
}

int h_sess_inst(const struct h_sess *s)
{
	return s->inst;
}

enum h_sess_state h_sess_state(const struct h_sess *s)
{
	return s->state;
}

unsigned h_sess_established_count(const struct h_sess *s)
{
	return s->established_count;
}

unsigned h_sess_drop_count(const struct h_sess *s)
{
	return s->drop_count;
}

double h_sess_t_established(const struct h_sess *s)
{
	return s->t_established;
}

const char *h_sess_last_close(const struct h_sess *s)
{
	return s->last_close;
}

bool h_sess_peer_open(const struct h_sess *s, struct h_peer_open *out)
{
	*out = s->peer;
	return s->got_open;
}

double h_sess_t_empty(const struct h_sess *s)
{
	return s->t_empty;
}

bool h_sess_own_open(const struct h_sess *s, struct h_peer_open *out)
{
	*out = s->own;
	return s->own_known;
}

size_t h_sess_nrx(const struct h_sess *s)
{
	return s->nrx;
}

const struct h_rx *h_sess_rx(const struct h_sess *s, size_t i)
{
	return i < s->nrx ? s->rx[i] : NULL;
}

bool h_sess_reachable(const struct h_sess *s)
{
	return s->reachable;
}

const char *h_sess_route_why(const struct h_sess *s)
{
	return s->fib_why;
}

const char *h_sess_route_lost(const struct h_sess *s)
{
	return s->fib_lost[0] ? s->fib_lost : s->fib_why;
}

/* ---- routes ---- */
const struct h_route *h_sess_route_nth(const struct h_sess *s, const struct bgp_prefix *first,
                                       unsigned i, struct bgp_prefix *pfx)
{
	bgp_prefix_nth(first, i, pfx);
	return h_store_find(s, pfx);
}

bool h_route_present(const struct h_route *r)
{
	return r->present;
}

unsigned h_route_heard(const struct h_route *r)
{
	return r->heard;
}

const struct h_rx *h_route_rx(const struct h_route *r)
{
	return r->last;
}

const struct bgp_attrs *h_route_attrs(const struct h_route *r)
{
	static const struct bgp_attrs none; /* a prefix only ever withdrawn */

	return r->last ? &r->last->msg->u.update.attrs : &none;
}

void h_route_path(const struct h_route *r, char *out, size_t cap)
{
	out[0] = '\0';
	bgp_format_as_path(&h_route_attrs(r)->as_path, " ", out, cap);
}

uint32_t h_route_next_hop(const struct h_route *r)
{
	return h_route_attrs(r)->next_hop;
}

void h_route_next_hop_text(const struct h_route *r, char *out, size_t cap)
{
	bgp_addr_format_ipv4(h_route_next_hop(r), out, cap);
}

int h_route_origin(const struct h_route *r)
{
	const struct bgp_attrs *a = h_route_attrs(r);

	return bgp_attr_has(a, BGP_ATTR_ORIGIN) ? a->origin : -1;
}

bool h_route_has_community(const struct h_route *r, uint32_t comm)
{
	const struct bgp_attrs *a = h_route_attrs(r);
	size_t i;

	for (i = 0; i < a->ncommunities; i++)
		if (a->communities[i] == comm)
			return true;
	return false;
}
