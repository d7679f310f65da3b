/* rsd_export.c: what each session advertises. After every batch of input
 * the RIB change log of each instance is drained; for every Established
 * session the rules of rs_export.h decide each changed prefix, the result
 * is compared with the session's Adj-RIB-Out, and only real changes are
 * packed into UPDATEs (bgp_pack_update), prefixes sharing attributes in
 * one message. A full sync (session up, ROUTE-REFRESH, configuration
 * change) diffs the whole table the same way. The Adj-RIB-Outs share what
 * most sessions were sent (rsd_adjout.c): a session's full sync ends by
 * keeping only its differences, and each batch ends by settling the shared
 * record of the prefixes it changed. */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "rs_fault.h"
#include "rsd_daemon.h"
#include "rsd_export_changes.h"
#include "rsd_export_group.h"
#include "rsd_export_share.h"

struct rsd_ann {
	struct bgp_prefix p;
	size_t k; /* index in the export batch, SIZE_MAX in a full sync */
	const void *key;
	struct rs_advert adv;
};

/* A run of the batch's prefixes k0 .. k0 + n a session announces with
 * key, decided for its group (in the batch's order: sent as it is). */
struct rsd_run {
	size_t k0, n;
	const void *key;
};

struct rsd_batch {
	struct rsd_ann *ann;
	size_t nann, capann;
	struct bgp_prefix *wd;
	size_t nwd, capwd;
	struct rsd_run *run;
	size_t nrun, caprun;
	int oom;
	/* during an export batch: where the decision for prefix k is recorded */
	struct rsd_adjout_batch *ab;
	size_t k;
	/* and its prefixes, their plans and their shared encodings (NULL: none) */
	const struct bgp_prefix *ch;
	const struct rs_export_plan *plan;
	struct rsd_share *sh;
};

static void rsd_batch_free(struct rsd_batch *b)
{
	free(b->ann);
	free(b->wd);
	free(b->run);
	memset(b, 0, sizeof(*b));
}

static int rsd_batch_grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 64;
	void *p = realloc(*arr, nc * elem);
	if (!p)
		return -1;
	*arr = p;
	*cap = nc;
	return 0;
}

static int rsd_batch_wd(struct rsd_batch *b, const struct bgp_prefix *p)
{
	if (rsd_batch_grow((void **)&b->wd, &b->capwd, b->nwd, sizeof(*b->wd)) < 0) {
		b->oom = 1;
		return -1;
	}
	b->wd[b->nwd++] = *p;
	return 0;
}

/* Record the decision adv for p and, when it differs from what the
 * session's Adj-RIB-Out holds, queue the difference. */
static void rsd_export_record(struct rsd_session *s, const struct bgp_prefix *p,
                              const struct rs_advert *adv, struct rsd_batch *b)
{
	struct rsd_instance *in = &s->d->inst[s->inst];
	const void *key = rsd_export_key(adv);
	const void *old = NULL;
	int r = b->ab ? rsd_adjout_batch_swap(b->ab, s->out, in->attrs, b->k, key, &old)
	              : rsd_adjout_swap(s->out, in->attrs, p, key, &old);
	if (r < 0) {
		b->oom = 1;
		return;
	}
	if (key == old)
		return;
	if (key) {
		if (rsd_batch_grow((void **)&b->ann, &b->capann, b->nann, sizeof(*b->ann)) < 0) {
			b->oom = 1;
			return;
		}
		struct rsd_ann *a = &b->ann[b->nann++];
		a->p = *p;
		a->k = b->sh ? b->k : SIZE_MAX;
		a->key = key;
		a->adv = *adv;
	} else {
		rsd_batch_wd(b, p);
	}
}

/* Decide one prefix for one session (looking it up) and record it. */
static void rsd_export_prefix(struct rsd_session *s, const struct bgp_prefix *p,
                              struct rsd_batch *b)
{
	struct rsd_daemon *d = s->d;
	struct rs_advert adv;
	rs_export_decide(d->cfg, s->inst, d->inst[s->inst].rib, d->peer_cfg, s->peer->id, p, &adv);
	rsd_export_record(s, p, &adv, b);
}

/* The same with p's best set already at hand. */
static void rsd_export_prefix_best(struct rsd_session *s, const struct bgp_prefix *p,
                                   const struct rs_path *best, size_t nbest, struct rsd_batch *b)
{
	struct rsd_daemon *d = s->d;
	struct rs_advert adv;
	rs_export_decide_paths(d->cfg, s->inst, d->peer_cfg, s->peer->id, p, best, nbest, &adv);
	rsd_export_record(s, p, &adv, b);
}

/* The same with the part common to every session planned. */
static void rsd_export_prefix_plan(struct rsd_session *s, const struct bgp_prefix *p,
                                   const struct rs_export_plan *plan, struct rsd_batch *b)
{
	struct rsd_daemon *d = s->d;
	struct rs_advert adv;
	rs_export_decide_plan(d->cfg, s->inst, d->peer_cfg, s->peer->id, p, plan, &adv);
	rsd_export_record(s, p, &adv, b);
}

/* Prefix k as its group decided it, for a session that joined: a
 * withdrawal, or the run of announcements it extends. False when the
 * session did not join (nothing done). */
static bool rsd_export_follow(struct rsd_session *s, size_t k, struct rsd_batch *b)
{
	const void *old, *now;
	if (!rsd_adjout_batch_follow(b->ab, s->out, k, &old, &now))
		return false;
	if (old == now)
		return true;
	if (!now) {
		rsd_batch_wd(b, &b->ch[k]);
		return true;
	}
	struct rsd_run *r = b->nrun ? &b->run[b->nrun - 1] : NULL;
	if (r && r->key == now && r->k0 + r->n == k) {
		r->n++;
		return true;
	}
	if (rsd_batch_grow((void **)&b->run, &b->caprun, b->nrun, sizeof(*b->run)) < 0)
		b->oom = 1; /* recorded, not sent: as when an announcement is lost */
	else
		b->run[b->nrun++] = (struct rsd_run){k, 1, now};
	return true;
}

static int rsd_ann_cmp(const void *x, const void *y)
{
	const struct rsd_ann *a = x, *b = y;
	if (a->key != b->key)
		return (uintptr_t)a->key < (uintptr_t)b->key ? -1 : 1;
	return rs_prefix_cmp(&a->p, &b->p);
}

static void rsd_export_pack(struct rsd_conn *c, const struct bgp_attrs *attrs,
                            const struct bgp_prefix *pfx, size_t n, int withdraw)
{
	uint8_t buf[BGP_MAX_LEN];
	size_t i = 0;
	while (i < n && !c->dead && !c->closing) {
		size_t used = 0;
		size_t len = bgp_pack_update(&c->s->ctx, attrs, pfx + i, n - i, withdraw, buf,
		                             sizeof(buf), &used);
		if (len == 0 || used == 0) {
			/* attributes too large for one message: say so, never loop;
			 * withdraw what could not be announced, so that the peer
			 * keeps no older version of it (RFC 4271 9.2) */
			rsd_log_event(&c->s->d->log, c->s->d->inst[c->s->inst].role,
			              "event=export-error peer=%s unsent=%zu withdraw=%d%s",
			              rsd_peer_name(c->s), n - i, withdraw,
			              withdraw ? "" : " action=withdrawn");
			if (!withdraw)
				rsd_export_pack(c, NULL, pfx + i, n - i, 1);
			break;
		}
		rsd_conn_queue(c, buf, len);
		i += used;
	}
}

/* Whether ann[i .. j) are the batch's prefixes ann[i].k onwards, in a row
 * (then the run can be shared with other sessions). */
static bool rsd_batch_run(const struct rsd_batch *b, size_t i, size_t j)
{
	if (!b->sh || b->ann[i].k == SIZE_MAX)
		return false;
	for (size_t m = i + 1; m < j; m++)
		if (b->ann[m].k != b->ann[i].k + (m - i))
			return false;
	return true;
}

static int rsd_ptr_cmp(const void *x, const void *y)
{
	uintptr_t a = (uintptr_t) * (const void *const *)x,
	          b = (uintptr_t) * (const void *const *)y;
	return a < b ? -1 : a > b;
}

/* Whether each key's announcements come in a row: the keys where the key
 * changes are all different. */
static bool rsd_batch_grouped(const struct rsd_batch *b)
{
	size_t nb = 0;
	for (size_t i = 0; i < b->nann; i++)
		nb += i == 0 || b->ann[i].key != b->ann[i - 1].key;
	if (nb <= 1)
		return true;
	const void **k = malloc(nb * sizeof(*k));
	if (!k)
		return false;
	nb = 0;
	for (size_t i = 0; i < b->nann; i++)
		if (i == 0 || b->ann[i].key != b->ann[i - 1].key)
			k[nb++] = b->ann[i].key;
	qsort(k, nb, sizeof(*k), rsd_ptr_cmp);
	bool ok = true;
	for (size_t i = 1; i < nb && ok; i++)
		ok = k[i] != k[i - 1];
	free(k);
	return ok;
}

/* Each key's announcements in a row: the order the decisions come in when
 * the batch was grouped so (rsd_changes_group), else sorted here (by key,
 * then prefix). */
static void rsd_batch_order(struct rsd_batch *b)
{
	if (!rsd_batch_grouped(b))
		qsort(b->ann, b->nann, sizeof(*b->ann), rsd_ann_cmp);
}

/* Announce pfx[0 .. n) on c with the attributes of the decision adv,
 * packed for this session alone. */
static void rsd_export_pack_adv(struct rsd_conn *c, const struct rs_advert *adv,
                                const struct bgp_prefix *pfx, size_t n)
{
	struct rsd_daemon *d = c->s->d;
	struct bgp_attrs attrs;
	memset(&attrs, 0, sizeof(attrs));
	bgp_arena_reset(&d->arena);
	if (rs_export_attrs(d->cfg, c->s->inst, adv, &d->arena, &attrs) == 0)
		rsd_export_pack(c, &attrs, pfx, n, 0);
}

static void rsd_batch_send_ann(struct rsd_session *s, struct rsd_conn *c, struct rsd_batch *b)
{
	rsd_batch_order(b);
	struct bgp_prefix *group = NULL;
	size_t i = 0;
	while (i < b->nann && s->est == c) {
		size_t j = i;
		while (j < b->nann && b->ann[j].key == b->ann[i].key)
			j++;
		if (rsd_batch_run(b, i, j) &&
		    rsd_share_send(b->sh, c, b->ann[i].key, &b->ann[i].adv, b->ch, b->ann[i].k,
		                   j - i) == 0) {
			i = j;
			continue;
		}
		if (!group && !(group = malloc(b->nann * sizeof(*group))))
			break;
		for (size_t m = i; m < j; m++)
			group[m - i] = b->ann[m].p;
		rsd_export_pack_adv(c, &b->ann[i].adv, group, j - i);
		i = j;
	}
	free(group);
}

/* The group's runs: the session's own attributes for each (its next hop,
 * internal or not), then the shared bytes, or packed here when they
 * cannot be shared. */
static void rsd_batch_send_runs(struct rsd_session *s, struct rsd_conn *c, struct rsd_batch *b)
{
	struct rsd_daemon *d = s->d;
	for (size_t i = 0; i < b->nrun && s->est == c; i++) {
		const struct rsd_run *r = &b->run[i];
		struct rs_advert adv;
		rs_export_decide_plan(d->cfg, s->inst, d->peer_cfg, s->peer->id, &b->ch[r->k0],
		                      &b->plan[r->k0], &adv);
		if (rsd_share_send(b->sh, c, r->key, &adv, b->ch, r->k0, r->n) != 0)
			rsd_export_pack_adv(c, &adv, b->ch + r->k0, r->n);
	}
}

static void rsd_batch_send(struct rsd_session *s, struct rsd_batch *b)
{
	struct rsd_conn *c = s->est;
	if (!c)
		return;
	if (b->nwd > 0)
		rsd_export_pack(c, NULL, b->wd, b->nwd, 1);
	if (b->nann > 0)
		rsd_batch_send_ann(s, c, b);
	if (b->nrun > 0)
		rsd_batch_send_runs(s, c, b);
	rsd_conn_push(c); /* the batch's messages, with one system call */
}

/* ARS-LIMIT-GATEWAY: past the profile's number, drop the gateway session. */
static void rsd_export_gateway_limit(struct rsd_session *s)
{
	struct rsd_daemon *d = s->d;
	const struct rs_peer_cfg *pc = &d->peer_cfg[s->peer->id];
	unsigned lim = d->cfg->profile->max_routes_to_gateway;
	size_t n = rsd_adjout_count(s->out);
	if (!pc->gateway || lim == 0 || n <= lim || !s->est)
		return;
	rsd_log_event(&d->log, d->inst[s->inst].role,
	              "event=limit peer=%s rule=ARS-LIMIT-GATEWAY advertised=%zu limit=%u",
	              pc->name, n, lim);
	rsd_conn_notify(s->est, BGP_ERR_CEASE, BGP_CEASE_MAX_PREFIXES, NULL, 0,
	                "ARS-LIMIT-GATEWAY: too many routes to the gateway");
}

struct rsd_sync_walk {
	struct rsd_session *s;
	struct rsd_batch *b;
};

static int rsd_sync_visit(const struct bgp_prefix *p, const struct rs_path *paths, size_t npaths,
                          size_t nbest, void *arg)
{
	struct rsd_sync_walk *w = arg;
	if (rs_fault_on(w->s->d->cfg->faults, RS_FAULT_IGNORE_PATH_LENGTH))
		rsd_export_prefix(w->s, p, w->b);
	else
		rsd_export_prefix_best(w->s, p, paths, nbest, w->b);
	return 0;
}

void rsd_export_sync(struct rsd_session *s, bool resend)
{
	struct rsd_daemon *d = s->d;
	struct rsd_instance *in = &d->inst[s->inst];
	struct rsd_conn *c0 = s->est;
	if (!c0 || c0->closing)
		return;
	if (resend)
		rsd_adjout_clear(s->out, in->attrs);
	struct rsd_batch b;
	memset(&b, 0, sizeof(b));
	/* What was sent before and may have to be withdrawn. */
	struct bgp_prefix *old = NULL;
	const void **keys = NULL;
	size_t nold = rsd_adjout_list(s->out, &old, &keys);
	for (size_t i = 0; i < nold; i++)
		rsd_export_prefix(s, &old[i], &b);
	free(old);
	free(keys);
	const struct rs_config *c = d->cfg;
	for (size_t i = 0; i < c->nvnet; i++)
		rsd_export_prefix(s, &c->vnet[i], &b);
	for (size_t i = 0; i < c->nvnet_peering; i++)
		for (size_t k = 0; k < c->vnet_peering[i].nprefix; k++)
			rsd_export_prefix(s, &c->vnet_peering[i].prefix[k], &b);
	struct rsd_sync_walk w = {s, &b};
	rs_rib_walk(in->rib, rsd_sync_visit, &w);
	rsd_batch_send(s, &b);
	rsd_batch_free(&b);
	/* the full table is sent: from now on keep only what differs from
	 * the other sessions (unless the session went down meanwhile) */
	if (s->est == c0)
		rsd_adjout_baseline(s->out, in->attrs);
	rsd_export_gateway_limit(s);
}

void rsd_export_sync_all(struct rsd_daemon *d)
{
	for (size_t i = 0; i < RS_MAX_PEERS_HARD; i++) {
		if (!d->peers[i].used)
			continue;
		for (unsigned k = 0; k < 2; k++)
			rsd_export_sync(&d->peers[i].sess[k], false);
	}
	for (unsigned k = 0; k < 2; k++)
		rsd_adjout_settle_all(d->inst[k].adjout, d->inst[k].attrs);
}

/* One session's pass over the batch: each prefix decided and recorded,
 * or, when the session joined the group and the group decided it, only
 * followed. */
static void rsd_export_session(struct rsd_session *s, const struct rsd_changes *chg,
                               const bool *grp, bool cached, struct rsd_batch *b)
{
	const struct bgp_prefix *ch = chg->p;
	for (size_t k = 0; k < chg->n; k++) {
		b->k = k;
		if (grp && grp[k] && rsd_export_follow(s, k, b))
			continue;
		if (cached && b->plan)
			rsd_export_prefix_plan(s, &ch[k], &b->plan[k], b);
		else if (cached)
			rsd_export_prefix_best(s, &ch[k], chg->best[k], chg->nbest[k], b);
		else
			rsd_export_prefix(s, &ch[k], b);
	}
}

static void rsd_export_instance(struct rsd_daemon *d, struct rsd_instance *in)
{
	struct rsd_changes chg;
	memset(&chg, 0, sizeof(chg));
	rsd_changes_drain(in->rib, &chg);
	size_t n = chg.n;
	/* each changed prefix's best set is at hand for every session, but
	 * under the ignore-path-length fault every path counts: looked up per
	 * session then */
	bool best = !rs_fault_on(d->cfg->faults, RS_FAULT_IGNORE_PATH_LENGTH);
	if (best && n > 1)
		rsd_changes_group(&chg);
	const struct bgp_prefix *ch = chg.p;
	struct rsd_adjout_batch *ab = n > 0 ? rsd_adjout_batch_open(in->adjout, ch, n) : NULL;
	struct rsd_share *sh = n > 0 ? rsd_share_new(n) : NULL;
	/* what every session's decision shares, worked out once per prefix */
	struct rs_export_plan *plan = best && n > 0 ? malloc(n * sizeof(*plan)) : NULL;
	for (size_t k = 0; plan && k < n; k++)
		rs_export_plan(d->cfg, d->peer_cfg, &ch[k], chg.best[k], chg.nbest[k], &plan[k]);
	/* and what most sessions decide alike, recorded once */
	bool *grp = ab && plan ? malloc(n * sizeof(*grp)) : NULL;
	if (grp)
		rsd_export_group(d, in, ab, ch, plan, n, grp);
	struct rsd_batch b;
	memset(&b, 0, sizeof(b));
	uint64_t ver = rs_rib_version(in->rib);
	for (size_t i = 0; i < RS_MAX_PEERS_HARD && n > 0; i++) {
		if (!d->peers[i].used)
			continue;
		struct rsd_session *s = &d->peers[i].sess[in->idx];
		if (!s->est || s->est->closing) {
			if (ab)
				rsd_adjout_batch_leave(ab, s->out);
			continue;
		}
		/* a session lost while sending may have changed the RIB: the
		 * rest decide in full, each for itself */
		bool cached = best && rs_rib_version(in->rib) == ver;
		if (ab && !cached)
			rsd_adjout_batch_leave(ab, s->out);
		b.nann = b.nwd = b.nrun = 0; /* the arrays are kept from session to session */
		b.ab = ab;
		b.ch = ch;
		b.plan = plan;
		b.sh = sh;
		rsd_export_session(s, &chg, grp, cached, &b);
		rsd_batch_send(s, &b);
		rsd_export_gateway_limit(s);
	}
	rsd_batch_free(&b);
	rsd_share_free(sh);
	free(plan);
	free(grp);
	/* what most sessions now hold becomes the shared record */
	if (ab)
		rsd_adjout_batch_close(ab, in->attrs);
	else
		rsd_adjout_settle(in->adjout, in->attrs, ch, n);
	rsd_changes_free(&chg);
}

/* The arrays of an export batch (megabytes under load, gone when it
 * ends) come from the heap and stay there for the next batch: with
 * glibc's defaults each would be a fresh mmap, faulted in page by page
 * and unmapped again, a fifth of the daemon's time under a full table.
 * Process-wide, set once. */
static void rsd_export_tune_malloc(void)
{
	static bool done;
	if (done)
		return;
	done = true;
#ifdef M_MMAP_THRESHOLD
	mallopt(M_MMAP_THRESHOLD, 256 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

bool rsd_export_gather_more(const struct rsd_daemon *d)
{
	size_t cells = 0, changes = 0;
	for (unsigned k = 0; k < 2; k++) {
		const struct rsd_instance *in = &d->inst[k];
		if (!in->dirty)
			continue;
		size_t n = rs_rib_pending_changes(in->rib);
		changes += n;
		cells += n * (rsd_adjout_common_members(in->adjout) + 1);
	}
	return changes < RSD_GATHER_CHANGES && cells < RSD_GATHER_CELLS;
}

void rsd_export_flush(struct rsd_daemon *d)
{
	rsd_export_tune_malloc();
	for (unsigned k = 0; k < 2; k++) {
		struct rsd_instance *in = &d->inst[k];
		if (!in->dirty)
			continue;
		in->dirty = false;
		rsd_export_instance(d, in);
	}
}

void rsd_export_refresh_nvas(struct rsd_daemon *d, const char *why)
{
	uint8_t rr[32];
	size_t n = rsd_route_refresh_build(rr, sizeof(rr));
	for (size_t i = 0; i < RS_MAX_PEERS_HARD; i++) {
		if (!d->peers[i].used || d->peer_cfg[i].gateway)
			continue;
		for (unsigned k = 0; k < 2; k++) {
			struct rsd_session *s = &d->peers[i].sess[k];
			struct rsd_conn *c = s->est;
			if (!c || c->closing ||
			    rs_fault_on(d->cfg->faults, RS_FAULT_NO_VNET_REFRESH))
				continue;
			if (!c->peer_rr) {
				rsd_conn_notify(c, BGP_ERR_CEASE, BGP_CEASE_OTHER_CONFIG_CHANGE,
				                NULL, 0,
				                "ARS-VNET-PEERING: peer lacks route refresh");
				continue;
			}
			rsd_conn_send(c, rr, n);
			rsd_log_event(&d->log, d->inst[k].role,
			              "event=route-refresh-sent peer=%s rule=ARS-VNET-PEERING "
			              "reason=\"%s\"",
			              d->peer_cfg[i].name, why);
		}
	}
}
