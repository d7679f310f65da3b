/* rsd_ctl_routes.c: route listings of the control interface, shaped like
 * the product's tools (ARS-LEARNED-SHAPE in docs/SPEC.md): learned and advertised routes per
 * instance, and the VMs' effective routes with inconsistencies between the
 * two instances (ARS-INSTANCES-VM). */
#include <stdlib.h>
#include <string.h>

#include "rs_fault.h"
#include "rsd_daemon.h"
#include "rsd_json.h"

static void rsd_route_entry(struct rsd_json *j, uint32_t local, const struct bgp_prefix *p,
                            uint32_t nh, const uint32_t *source, const char *aspath,
                            const char *origin, int weight)
{
	char s[64];
	bgp_format_prefix(p, s, sizeof(s));
	rsd_json_obj(j);
	rsd_json_kaddr(j, "localAddress", local);
	rsd_json_kstr(j, "network", s);
	rsd_json_kaddr(j, "nextHop", nh);
	if (source)
		rsd_json_kaddr(j, "sourcePeer", *source);
	rsd_json_kstr(j, "asPath", aspath);
	rsd_json_kstr(j, "origin", origin);
	rsd_json_kint(j, "weight", weight);
	rsd_json_obj_end(j);
}

struct rsd_learned_walk {
	struct rsd_json *j;
	uint32_t peer;
	uint32_t local;
	uint32_t source;
};

static int rsd_learned_visit(const struct bgp_prefix *p, const struct rs_path *paths, size_t npaths,
                             size_t nbest, void *arg)
{
	struct rsd_learned_walk *w = arg;
	for (size_t i = 0; i < npaths; i++) {
		if (paths[i].peer != w->peer)
			continue;
		char asp[1024];
		asp[0] = 0;
		bgp_format_as_path(&paths[i].attrs->as_path, "-", asp, sizeof(asp));
		rsd_route_entry(w->j, w->local, p, paths[i].attrs->next_hop, &w->source, asp,
		                "EBgp", 32768);
	}
	return 0;
}

void rsd_ctl_learned(struct rsd_daemon *d, struct rsd_peer *p, struct rsd_json *j)
{
	rsd_json_obj(j);
	for (unsigned k = 0; k < 2; k++) {
		rsd_json_key(j, d->inst[k].role_json);
		rsd_json_arr(j);
		struct rsd_learned_walk w = {j, p->id, d->cfg->inst[k].addr,
		                             d->peer_cfg[p->id].addr};
		rs_rib_walk(d->inst[k].rib, rsd_learned_visit, &w);
		rsd_json_arr_end(j);
	}
	rsd_json_obj_end(j);
}

void rsd_ctl_advertised(struct rsd_daemon *d, struct rsd_peer *p, struct rsd_json *j)
{
	rsd_json_obj(j);
	for (unsigned k = 0; k < 2; k++) {
		rsd_json_key(j, d->inst[k].role_json);
		rsd_json_arr(j);
		struct bgp_prefix *pfx = NULL;
		const void **keys = NULL;
		size_t n = rsd_adjout_list(p->sess[k].out, &pfx, &keys);
		uint32_t local = d->cfg->inst[k].addr;
		for (size_t i = 0; i < n; i++) {
			struct rs_path path = {.peer = 0, .attrs = (struct rs_attrset *)keys[i]};
			struct rs_advert adv = {.advertise = true, .next_hop = local};
			adv.path = keys[i] == RSD_ADJOUT_VNET ? NULL : &path;
			struct bgp_attrs a;
			memset(&a, 0, sizeof(a));
			char asp[1024];
			snprintf(asp, sizeof(asp), "%u", d->cfg->asn);
			uint32_t nh = local;
			bgp_arena_reset(&d->arena);
			if (rs_export_attrs(d->cfg, k, &adv, &d->arena, &a) == 0) {
				asp[0] = 0;
				bgp_format_as_path(&a.as_path, "-", asp, sizeof(asp));
				nh = a.next_hop;
			}
			rsd_route_entry(j, local, &pfx[i], nh, NULL, asp, adv.path ? "EBgp" : "Igp",
			                0);
		}
		free(pfx);
		free(keys);
		rsd_json_arr_end(j);
	}
	rsd_json_obj_end(j);
}

static size_t rsd_eff_get(struct rsd_daemon *d, unsigned k, struct rs_eff_route **out)
{
	size_t n = rs_effective_routes(d->cfg, d->inst[k].rib, NULL, 0);
	*out = calloc(n ? n : 1, sizeof(**out));
	if (!*out)
		return 0;
	size_t m = rs_effective_routes(d->cfg, d->inst[k].rib, *out, n);
	return m < n ? m : n;
}

static void rsd_eff_nh(struct rsd_json *j, const struct rs_eff_route *r)
{
	rsd_json_arr(j);
	for (size_t i = 0; i < r->nnh && i < RS_MAX_ECMP; i++)
		rsd_json_addr(j, r->nh[i]);
	rsd_json_arr_end(j);
}

static void rsd_eff_list(struct rsd_json *j, const struct rs_eff_route *r, size_t n)
{
	rsd_json_arr(j);
	for (size_t i = 0; i < n; i++) {
		char s[64];
		bgp_format_prefix(&r[i].prefix, s, sizeof(s));
		rsd_json_obj(j);
		rsd_json_kstr(j, "addressPrefix", s);
		rsd_json_key(j, "nextHopIpAddress");
		rsd_eff_nh(j, &r[i]);
		rsd_json_kstr(j, "source", r[i].source);
		rsd_json_obj_end(j);
	}
	rsd_json_arr_end(j);
}

static bool rsd_eff_same(const struct rs_eff_route *a, const struct rs_eff_route *b)
{
	if (a->nnh != b->nnh || strcmp(a->source, b->source) != 0)
		return false;
	for (size_t i = 0; i < a->nnh && i < RS_MAX_ECMP; i++)
		if (a->nh[i] != b->nh[i])
			return false;
	return true;
}

static void rsd_eff_incons(struct rsd_json *j, const struct rs_eff_route *a, size_t na,
                           const struct rs_eff_route *b, size_t nb)
{
	rsd_json_arr(j);
	size_t i = 0, k = 0;
	while (i < na || k < nb) {
		int c = i >= na ? 1 : k >= nb ? -1 : rs_prefix_cmp(&a[i].prefix, &b[k].prefix);
		const struct rs_eff_route *x = c <= 0 ? &a[i] : NULL;
		const struct rs_eff_route *y = c >= 0 ? &b[k] : NULL;
		if (!(x && y && rsd_eff_same(x, y))) {
			char s[64];
			bgp_format_prefix(x ? &x->prefix : &y->prefix, s, sizeof(s));
			rsd_json_obj(j);
			rsd_json_kstr(j, "addressPrefix", s);
			rsd_json_key(j, "RouteServiceRole_IN_0");
			if (x)
				rsd_eff_nh(j, x);
			else
				rsd_json_null(j);
			rsd_json_key(j, "RouteServiceRole_IN_1");
			if (y)
				rsd_eff_nh(j, y);
			else
				rsd_json_null(j);
			rsd_json_obj_end(j);
		}
		if (c <= 0)
			i++;
		if (c >= 0)
			k++;
	}
	rsd_json_arr_end(j);
}

void rsd_ctl_effective(struct rsd_daemon *d, bool has_vm, uint32_t vm, struct rsd_json *j)
{
	struct rs_eff_route *r[2];
	size_t n[2];
	for (unsigned k = 0; k < 2; k++)
		n[k] = rsd_eff_get(d, k, &r[k]);
	rsd_json_obj(j);
	for (unsigned k = 0; k < 2; k++) {
		rsd_json_key(j, d->inst[k].role_json);
		rsd_eff_list(j, r[k], n[k]);
	}
	rsd_json_key(j, "inconsistencies");
	if (rs_fault_on(d->cfg->faults, RS_FAULT_NO_INSTANCE_DIFF))
		rsd_eff_incons(j, NULL, 0, NULL, 0);
	else
		rsd_eff_incons(j, r[0], n[0], r[1], n[1]);
	if (has_vm) {
		unsigned k = rs_vm_instance(vm) & 1u;
		rsd_json_key(j, "vm");
		rsd_json_obj(j);
		rsd_json_kaddr(j, "address", vm);
		rsd_json_kstr(j, "instance", d->inst[k].role_json);
		rsd_json_key(j, "routes");
		rsd_eff_list(j, r[k], n[k]);
		rsd_json_obj_end(j);
	}
	rsd_json_obj_end(j);
	free(r[0]);
	free(r[1]);
}
