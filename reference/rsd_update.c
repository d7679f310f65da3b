/* rsd_update.c: a received UPDATE. Every decoder verdict is acted on
 * (RFC 7606: reset, AFI/SAFI disable, treat-as-withdraw, attribute
 * discard), then the route limit (ARS-LIMIT-ROUTES, counting rule: routes
 * learned from the peer + prefixes in the incoming UPDATE) and the import
 * rules of rs_export.h decide what enters the instance's RIB. */
#include <string.h>

#include "rs_fault.h"
#include "rsd_daemon.h"

static void rsd_update_log_verdict(struct rsd_conn *c, const struct bgp_verdict *v)
{
	struct rsd_daemon *d = c->s->d;
	rsd_log_event(&d->log, d->inst[c->s->inst].role,
	              "event=decode-error peer=%s action=%s rule=%s code=%u subcode=%u attr=%u "
	              "reason=\"%s\"",
	              rsd_peer_name(c->s), bgp_action_name(v->action), v->rule ? v->rule : "-",
	              v->code, v->subcode, v->attr_type, v->reason ? v->reason : "");
}

static void rsd_update_withdraw(struct rsd_instance *in, uint32_t peer, const struct bgp_prefix *p,
                                size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i].afi != BGP_AFI_IPV4)
			continue;
		if (rs_rib_withdraw(in->rib, peer, &p[i]) > 0)
			in->dirty = true;
	}
}

static size_t rsd_update_count_v4(const struct bgp_prefix *p, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += p[i].afi == BGP_AFI_IPV4;
	return k;
}

static void rsd_update_announce(struct rsd_conn *c, struct rs_attrset *set,
                                const struct bgp_attrs *a, const struct bgp_prefix *p, size_t n)
{
	struct rsd_session *s = c->s;
	struct rsd_daemon *d = s->d;
	struct rsd_instance *in = &d->inst[s->inst];
	const struct rs_peer_cfg *pc = &d->peer_cfg[s->peer->id];
	for (size_t i = 0; i < n; i++) {
		if (p[i].afi != BGP_AFI_IPV4)
			continue;
		enum rs_import_result r = rs_import_check(d->cfg, pc, a, &p[i]);
		if (r == RS_IMPORT_ACCEPT) {
			if (rs_rib_announce(in->rib, s->peer->id, &p[i], set) > 0)
				in->dirty = true;
			continue;
		}
		if (rs_rib_withdraw(in->rib, s->peer->id, &p[i]) > 0)
			in->dirty = true;
		char pfx[64];
		bgp_format_prefix(&p[i], pfx, sizeof(pfx));
		rsd_log_event(&d->log, in->role, "event=route-dropped peer=%s prefix=%s rule=%s",
		              pc->name, pfx, rs_import_rule(r));
	}
}

/* Routes learned by an instance from every peer. */
static size_t rsd_update_total(struct rsd_daemon *d, struct rsd_instance *in)
{
	size_t n = 0;
	for (size_t i = 0; i < RS_MAX_PEERS_HARD; i++)
		if (d->peers[i].used)
			n += rs_rib_peer_count(in->rib, (uint32_t)i);
	return n;
}

static void rsd_update_drop(struct rsd_conn *c, const char *what, size_t learned, size_t incoming,
                            unsigned long limit)
{
	struct rsd_daemon *d = c->s->d;
	rsd_log_event(&d->log, d->inst[c->s->inst].role,
	              "event=limit peer=%s rule=ARS-LIMIT-ROUTES%s learned=%zu incoming=%zu "
	              "limit=%lu",
	              rsd_peer_name(c->s), what, learned, incoming, limit);
	rsd_conn_notify(c, BGP_ERR_CEASE, BGP_CEASE_MAX_PREFIXES, NULL, 0,
	                "ARS-LIMIT-ROUTES: too many routes");
}

/* ARS-LIMIT-ROUTES, counting rule: the routes currently learned from the
 * peer plus the prefixes of the incoming UPDATE, against the profile's
 * per-peer limit (the gateway included: the profile's gateway number is
 * about routes sent to it, ARS-LIMIT-GATEWAY), and, when the profile has
 * one, the same count over all peers against its total. 1 when dropped. */
static int rsd_update_limit(struct rsd_conn *c, size_t incoming)
{
	struct rsd_session *s = c->s;
	struct rsd_daemon *d = s->d;
	struct rsd_instance *in = &d->inst[s->inst];
	const struct rs_profile *pr = d->cfg->profile;
	size_t learned = rs_rib_peer_count(in->rib, s->peer->id);
	if (rs_fault_on(d->cfg->faults, RS_FAULT_NO_ROUTE_LIMIT))
		return 0;
	if (learned + incoming > pr->max_routes_per_peer) {
		rsd_update_drop(c, "", learned, incoming, pr->max_routes_per_peer);
		return 1;
	}
	if (pr->max_routes_total == 0)
		return 0;
	size_t total = rsd_update_total(d, in);
	if (total + incoming <= pr->max_routes_total)
		return 0;
	rsd_update_drop(c, " scope=total", total, incoming, pr->max_routes_total);
	return 1;
}

void rsd_update_receive(struct rsd_conn *c, const uint8_t *msg, size_t len)
{
	struct rsd_session *s = c->s;
	struct rsd_daemon *d = s->d;
	struct rsd_instance *in = &d->inst[s->inst];
	struct bgp_msg m;
	struct bgp_verdict v;
	memset(&v, 0, sizeof(v));
	bgp_arena_reset(&d->arena);
	enum bgp_action act = bgp_decode(msg, len, &s->ctx, &d->arena, &m, &v);
	if (act != BGP_ACT_OK)
		rsd_update_log_verdict(c, &v);
	if (act == BGP_ACT_SESSION_RESET) {
		rsd_conn_notify(c, v.code, v.subcode, v.data, v.data_len,
		                v.reason ? v.reason : "UPDATE error");
		return;
	}
	if (act == BGP_ACT_AFISAFI_DISABLE) {
		/* RFC 4760 7: drop the family's routes, ignore it from now on. */
		if (rs_rib_peer_flush(in->rib, s->peer->id) > 0)
			in->dirty = true;
		s->afi_disabled = true;
		return;
	}
	if (s->afi_disabled || m.type != BGP_UPDATE || bgp_update_is_eor(&m))
		return;
	struct bgp_update *u = &m.u.update;
	struct bgp_attrs *a = &u->attrs;
	uint32_t id = s->peer->id;
	rsd_update_withdraw(in, id, u->withdrawn, u->nwithdrawn);
	if (bgp_attr_has(a, BGP_ATTR_MP_UNREACH))
		rsd_update_withdraw(in, id, a->mp_unreach.prefixes, a->mp_unreach.nprefix);
	bool mp = bgp_attr_has(a, BGP_ATTR_MP_REACH);
	if (act == BGP_ACT_TREAT_AS_WITHDRAW) {
		rsd_update_withdraw(in, id, u->nlri, u->nnlri);
		if (mp)
			rsd_update_withdraw(in, id, a->mp_reach.prefixes, a->mp_reach.nprefix);
		return;
	}
	size_t incoming = rsd_update_count_v4(u->nlri, u->nnlri);
	if (mp)
		incoming += rsd_update_count_v4(a->mp_reach.prefixes, a->mp_reach.nprefix);
	if (incoming == 0)
		return;
	if (rsd_update_limit(c, incoming))
		return;
	if (!s->ctx.as4 && bgp_attr_has(a, BGP_ATTR_AS4_PATH)) {
		struct bgp_as_path merged;
		if (bgp_as_path_merge_as4(&a->as_path, &a->as4_path, &d->arena, &merged) == 0)
			a->as_path = merged;
	}
	struct rs_attrset *set = rs_attrtab_intern(in->attrs, a);
	if (!set) {
		rsd_conn_notify(c, BGP_ERR_CEASE, BGP_CEASE_OUT_OF_RESOURCES, NULL, 0,
		                "out of memory");
		return;
	}
	rsd_update_announce(c, set, a, u->nlri, u->nnlri);
	if (mp)
		rsd_update_announce(c, set, a, a->mp_reach.prefixes, a->mp_reach.nprefix);
	rs_attrset_unref(in->attrs, set);
}
