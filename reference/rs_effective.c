/* rs_effective.c: the routes one instance programs into the VMs
 * (ARS-ECMP, ARS-SHORTEST, ARS-VM-NEXTHOP, ARS-SYSTEM-WINS) and which
 * instance a VM takes its routes from (ARS-INSTANCES-VM). */
#include <stdlib.h>
#include <string.h>

#include "rs_export.h"
#include "rs_fault.h"

struct rs_eff_ctx {
	const struct rs_config *c;
	const struct rs_peer_cfg *peers; /* indexed by peer id */
	size_t npeers;
	struct rs_eff_route *out;
	size_t max;
	size_t n;
	const struct bgp_prefix *sys; /* VNet and peered-VNet prefixes, sorted, unique */
	size_t nsys;
	size_t sys_next;
};

static void rs_eff_emit(struct rs_eff_ctx *x, const struct rs_eff_route *r)
{
	if (x->n < x->max)
		x->out[x->n] = *r;
	x->n++;
}

static void rs_eff_emit_sys_before(struct rs_eff_ctx *x, const struct bgp_prefix *p)
{
	while (x->sys_next < x->nsys && (p == NULL || rs_prefix_cmp(&x->sys[x->sys_next], p) < 0)) {
		struct rs_eff_route r = {.prefix = x->sys[x->sys_next++], .source = "Default"};
		rs_eff_emit(x, &r);
	}
}

static void rs_eff_add_nh(struct rs_eff_route *r, uint32_t nh)
{
	size_t i = 0;
	while (i < r->nnh && r->nh[i] < nh)
		i++;
	if ((i < r->nnh && r->nh[i] == nh) || r->nnh == RS_MAX_ECMP)
		return;
	memmove(&r->nh[i + 1], &r->nh[i], (r->nnh - i) * sizeof(r->nh[0]));
	r->nh[i] = nh;
	r->nnh++;
}

static bool rs_eff_from_gateway(const struct rs_eff_ctx *x, uint32_t peer)
{
	return peer < x->npeers && x->peers[peer].gateway;
}

static int rs_eff_visit(const struct bgp_prefix *p, const struct rs_path *paths, size_t npaths,
                        size_t nbest, void *arg)
{
	struct rs_eff_ctx *x = arg;
	if (nbest == 0 ||
	    (rs_is_system_route(x->c, p) && !rs_fault_on(x->c->faults, RS_FAULT_PROGRAM_SYSTEM)))
		return 0;
	if (rs_fault_on(x->c->faults, RS_FAULT_IGNORE_PATH_LENGTH))
		nbest = npaths;
	if (rs_fault_on(x->c->faults, RS_FAULT_NO_ECMP))
		nbest = 1;
	struct rs_eff_route r = {.prefix = *p, .source = "VirtualNetworkGateway"};
	r.prefix.path_id = 0;
	for (size_t i = 0; i < nbest; i++) {
		if (rs_eff_from_gateway(x, paths[i].peer) && !x->c->branch_to_branch)
			continue;
		if (paths[i].attrs->next_hop != 0) /* IPv4 next hops only */
			rs_eff_add_nh(&r, paths[i].attrs->next_hop);
	}
	if (r.nnh == 0)
		return 0;
	rs_eff_emit_sys_before(x, p);
	rs_eff_emit(x, &r);
	return 0;
}

static int rs_eff_prefix_cmp(const void *a, const void *b)
{
	return rs_prefix_cmp(a, b);
}

/* The VNet and peered-VNet prefixes, sorted and without duplicates. */
static struct bgp_prefix *rs_eff_system(const struct rs_config *c, size_t *n)
{
	size_t cap = c->nvnet;
	for (size_t i = 0; i < c->nvnet_peering; i++)
		cap += c->vnet_peering[i].nprefix;
	struct bgp_prefix *v = malloc((cap ? cap : 1) * sizeof(*v));
	if (v == NULL)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < c->nvnet; i++)
		v[k++] = c->vnet[i];
	for (size_t i = 0; i < c->nvnet_peering; i++)
		for (size_t j = 0; j < c->vnet_peering[i].nprefix; j++)
			v[k++] = c->vnet_peering[i].prefix[j];
	for (size_t i = 0; i < k; i++)
		v[i].path_id = 0;
	qsort(v, k, sizeof(*v), rs_eff_prefix_cmp);
	size_t u = 0;
	for (size_t i = 0; i < k; i++)
		if (u == 0 || rs_prefix_cmp(&v[u - 1], &v[i]) != 0)
			v[u++] = v[i];
	*n = u;
	return v;
}

size_t rs_effective_routes_peers(const struct rs_config *c, const struct rs_rib *rib,
                                 const struct rs_peer_cfg *peers, size_t npeers,
                                 struct rs_eff_route *out, size_t max)
{
	struct rs_eff_ctx x = {.c = c, .peers = peers, .npeers = npeers, .out = out, .max = max};
	struct bgp_prefix *sys = rs_eff_system(c, &x.nsys);
	if (sys == NULL)
		return 0;
	x.sys = sys;
	rs_rib_walk(rib, rs_eff_visit, &x);
	rs_eff_emit_sys_before(&x, NULL);
	free(sys);
	return x.n;
}

size_t rs_effective_routes(const struct rs_config *c, const struct rs_rib *rib,
                           struct rs_eff_route *out, size_t max)
{
	return rs_effective_routes_peers(c, rib, c->peer, c->npeers, out, max);
}

unsigned rs_vm_instance(uint32_t vm_addr)
{
	uint32_t h = 2166136261u; /* FNV-1a over the 4 address bytes, network order */
	for (int shift = 24; shift >= 0; shift -= 8)
		h = (h ^ ((vm_addr >> shift) & 0xFFu)) * 16777619u;
	return h % 2;
}
