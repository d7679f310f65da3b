/* rsd_export_share.c: the UPDATEs of one export batch, encoded once and
 * shared. A route server sends nearly every session the same thing: after
 * a batch, most sessions announce the same run of changed prefixes with
 * the same attribute set. The first session that needs such a run encodes
 * it (bgp_pack_update, as rsd_export_pack would); every later session with
 * the same encoding (4-octet AS, extended messages, add-path) and the same
 * attributes to send (set, next hop, internal or not) gets a copy of the
 * bytes. A run is a contiguous range of the batch's prefixes, so two
 * sessions' runs are equal when their first index, length and key are. */
#include <stdlib.h>
#include <string.h>

#include "rsd_export_share.h"

struct rsd_share_ent {
	const void *key;
	uint32_t next_hop;
	bool ibgp;
	unsigned sig;
	size_t k0, n;
	size_t off, len; /* in bytes: whole messages */
	bool failed;     /* did not fit: each session packs it itself */
	size_t next;     /* the next entry with the same k0, or SIZE_MAX */
};

struct rsd_share {
	size_t nk;     /* prefixes in the batch */
	size_t *first; /* [nk]: first entry of a run starting at k, or SIZE_MAX */
	struct rsd_share_ent *ent;
	size_t nent, capent;
	uint8_t *bytes;
	size_t nbytes, capbytes;
};

struct rsd_share *rsd_share_new(size_t nk)
{
	struct rsd_share *sh = calloc(1, sizeof(*sh));
	if (!sh)
		return NULL;
	sh->nk = nk;
	sh->first = malloc((nk ? nk : 1) * sizeof(*sh->first));
	if (!sh->first) {
		free(sh);
		return NULL;
	}
	for (size_t k = 0; k < nk; k++)
		sh->first[k] = SIZE_MAX;
	return sh;
}

void rsd_share_free(struct rsd_share *sh)
{
	if (!sh)
		return;
	free(sh->first);
	free(sh->ent);
	free(sh->bytes);
	free(sh);
}

/* What of a session's context changes the encoding (bgp_pack_update). */
static unsigned rsd_share_sig(const struct bgp_ctx *ctx)
{
	return (unsigned)ctx->as4 | (unsigned)ctx->ext_msg << 1 | (unsigned)ctx->addpath_v4 << 2 |
	       (unsigned)ctx->addpath_v6 << 3;
}

static struct rsd_share_ent *rsd_share_find(struct rsd_share *sh, const void *key,
                                            const struct rs_advert *adv, unsigned sig, size_t k0,
                                            size_t n)
{
	for (size_t i = sh->first[k0]; i != SIZE_MAX; i = sh->ent[i].next) {
		struct rsd_share_ent *e = &sh->ent[i];
		if (e->key == key && e->n == n && e->sig == sig && e->next_hop == adv->next_hop &&
		    e->ibgp == adv->ibgp)
			return e;
	}
	return NULL;
}

static int rsd_share_reserve(struct rsd_share *sh, size_t more)
{
	if (sh->nbytes + more <= sh->capbytes)
		return 0;
	size_t n = sh->capbytes ? sh->capbytes : 65536;
	while (n < sh->nbytes + more)
		n *= 2;
	uint8_t *b = realloc(sh->bytes, n);
	if (!b)
		return -1;
	sh->bytes = b;
	sh->capbytes = n;
	return 0;
}

/* Encode the run into the byte store; failed when it does not fit one
 * message per step (the session then packs it itself, which says so). */
static void rsd_share_encode(struct rsd_share *sh, struct rsd_share_ent *e,
                             const struct rsd_session *s, const struct bgp_attrs *attrs,
                             const struct bgp_prefix *pfx)
{
	size_t i = 0;
	e->off = sh->nbytes;
	while (i < e->n) {
		if (rsd_share_reserve(sh, BGP_MAX_LEN) < 0) {
			e->failed = true;
			break;
		}
		size_t used = 0;
		size_t len = bgp_pack_update(&s->ctx, attrs, pfx + i, e->n - i, 0,
		                             sh->bytes + sh->nbytes, BGP_MAX_LEN, &used);
		if (len == 0 || used == 0) {
			e->failed = true;
			break;
		}
		sh->nbytes += len;
		i += used;
	}
	e->len = sh->nbytes - e->off;
}

static struct rsd_share_ent *rsd_share_add(struct rsd_share *sh, const void *key,
                                           const struct rs_advert *adv, unsigned sig, size_t k0,
                                           size_t n)
{
	if (sh->nent == sh->capent) {
		size_t c = sh->capent ? sh->capent * 2 : 64;
		struct rsd_share_ent *v = realloc(sh->ent, c * sizeof(*v));
		if (!v)
			return NULL;
		sh->ent = v;
		sh->capent = c;
	}
	struct rsd_share_ent *e = &sh->ent[sh->nent];
	memset(e, 0, sizeof(*e));
	e->key = key;
	e->next_hop = adv->next_hop;
	e->ibgp = adv->ibgp;
	e->sig = sig;
	e->k0 = k0;
	e->n = n;
	e->next = sh->first[k0];
	sh->first[k0] = sh->nent++;
	return e;
}

int rsd_share_send(struct rsd_share *sh, struct rsd_conn *c, const void *key,
                   const struct rs_advert *adv, const struct bgp_prefix *ch, size_t k0, size_t n)
{
	if (!sh || k0 >= sh->nk || n > sh->nk - k0)
		return -1;
	const struct rsd_session *s = c->s;
	unsigned sig = rsd_share_sig(&s->ctx);
	struct rsd_share_ent *e = rsd_share_find(sh, key, adv, sig, k0, n);
	if (!e) {
		if (!(e = rsd_share_add(sh, key, adv, sig, k0, n)))
			return -1;
		struct rsd_daemon *d = s->d;
		struct bgp_attrs attrs;
		bgp_arena_reset(&d->arena);
		if (rs_export_attrs(d->cfg, s->inst, adv, &d->arena, &attrs) == 0)
			rsd_share_encode(sh, e, s, &attrs, ch + k0);
		else
			e->failed = true;
	}
	if (e->failed)
		return -1;
	/* message by message, as rsd_export_pack sends them (the write
	 * queue's limits apply per message) */
	for (size_t off = e->off; off < e->off + e->len && !c->dead && !c->closing;) {
		size_t len = (size_t)sh->bytes[off + 16] << 8 | sh->bytes[off + 17];
		rsd_conn_queue(c, sh->bytes + off, len);
		off += len;
	}
	return 0;
}
