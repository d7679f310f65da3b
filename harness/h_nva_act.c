/* h_nva_act.c: the script's actions on a fake NVA: connect, disconnect,
 * announce and withdraw (packed by the codec, replayed on refresh and
 * reconnect), raw and named malformed messages, silence. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_addr.h"
#include "bgp_codec.h"
#include "h_nva_int.h"
#include "h_wire.h"

#define H_MAX_SEGS 64 /* AS_PATH segments of one announcement */

/* NVA nva's sessions named by the mask inst, one after the other. */
static struct h_sess *h_sess_of(struct h_world *w, size_t nva, unsigned inst, int k)
{
	return nva < w->n && ((inst >> k) & 1) ? &w->nva[nva].s[k] : NULL;
}

int h_nva_connect(struct h_world *w, size_t nva, unsigned inst, bool raw)
{
	int k;

	for (k = 0; k < 2; k++) {
		struct h_sess *s = h_sess_of(w, nva, inst, k);
		if (s && h_sess_connect(s, raw))
			return -1;
	}
	return 0;
}

int h_nva_disconnect(struct h_world *w, size_t nva, unsigned inst)
{
	int k;

	for (k = 0; k < 2; k++) {
		struct h_sess *s = h_sess_of(w, nva, inst, k);
		if (!s)
			continue;
		s->wanted = false;
		if (s->state == H_SS_ESTABLISHED) {
			/* a clean goodbye: Cease, Administrative Shutdown */
			uint8_t b[32];
			size_t len = h_wire_notification(BGP_ERR_CEASE, BGP_CEASE_ADMIN_SHUTDOWN, b,
			                                 sizeof(b));
			h_sess_send(s, b, len);
		}
		h_sess_close(s, "disconnect by the script");
	}
	return 0;
}

/* ---- announcements ---- */
static void h_out_set(struct h_sess *s, const struct bgp_prefix *p, const struct h_step *st)
{
	size_t i;

	for (i = 0; i < s->nout; i++) {
		if (s->out[i].pfx.len == p->len && !memcmp(s->out[i].pfx.addr, p->addr, 4)) {
			if (st)
				s->out[i].step = st;
			else
				s->out[i] = s->out[--s->nout];
			return;
		}
	}
	if (!st)
		return;
	if (s->nout == s->capout) {
		size_t cap = s->capout ? s->capout * 2 : 256;
		struct h_out_entry *m = realloc(s->out, cap * sizeof(*m));
		if (!m)
			return;
		s->out = m;
		s->capout = cap;
	}
	s->out[s->nout].pfx = *p;
	s->out[s->nout++].step = st;
}

/* One segment's ASNs from *pp up to the end of a set ('}') or the start of
 * the next one ('{'); *n gets their number. */
static int h_path_asns(const char **pp, bool set, uint32_t *as, size_t *n)
{
	const char *p = *pp;

	while (*p && *p != '{' && (!set || *p != '}')) {
		char *end;
		unsigned long v;
		if (*p == ' ' || *p == ',') {
			p++;
			continue;
		}
		v = strtoul(p, &end, 10);
		if (end == p || *n == 255)
			return -1;
		as[(*n)++] = (uint32_t)v;
		p = end;
	}
	if (set) {
		if (*p != '}')
			return -1;
		p++;
	}
	*pp = p;
	return 0;
}

/* Parse "65001 {65002 65003}" into AS_PATH segments (arrays from arena a). */
static int h_path_segments(const char *path, struct bgp_arena *ar, struct bgp_as_path *out)
{
	struct bgp_as_segment *segs = bgp_arena_calloc(ar, H_MAX_SEGS, sizeof(*segs));
	const char *p = path;
	size_t nseg = 0;

	out->nseg = 0;
	out->segs = segs;
	if (!segs)
		return -1;
	while (*p) {
		bool set = false;
		uint32_t *as;
		size_t n = 0;
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		if (*p == '{') {
			set = true;
			p++;
		}
		if (nseg == H_MAX_SEGS || !(as = bgp_arena_calloc(ar, 255, sizeof(uint32_t))))
			return -1;
		if (h_path_asns(&p, set, as, &n))
			return -1;
		if (n) {
			segs[nseg].type = set ? BGP_SEG_SET : BGP_SEG_SEQUENCE;
			segs[nseg].count = (uint8_t)n;
			segs[nseg].asns = as;
			nseg++;
		}
	}
	out->nseg = nseg;
	return 0;
}

/* The attributes of an announcement step, for the codec's packer. */
static int h_step_attrs(const struct h_sess *s, const struct h_step *st, struct bgp_arena *ar,
                        struct bgp_attrs *a)
{
	char path[32];

	memset(a, 0, sizeof(*a));
	snprintf(path, sizeof(path), "%u", s->nva->spec->asn);
	if (h_path_segments(st->has_path ? st->path : path, ar, &a->as_path))
		return -1;
	a->origin = (uint8_t)st->origin;
	a->next_hop = st->has_nh ? st->nh : s->nva->spec->addr;
	bgp_attr_set(a, BGP_ATTR_ORIGIN);
	bgp_attr_set(a, BGP_ATTR_AS_PATH);
	bgp_attr_set(a, BGP_ATTR_NEXT_HOP);
	if (st->has_med) {
		a->med = st->med;
		bgp_attr_set(a, BGP_ATTR_MED);
	}
	if (st->has_lp) {
		a->local_pref = st->local_pref;
		bgp_attr_set(a, BGP_ATTR_LOCAL_PREF);
	}
	if (st->ncomm) {
		a->ncommunities = st->ncomm;
		a->communities = bgp_arena_calloc(ar, st->ncomm, sizeof(uint32_t));
		if (!a->communities)
			return -1;
		memcpy(a->communities, st->comm, st->ncomm * sizeof(uint32_t));
		bgp_attr_set(a, BGP_ATTR_COMMUNITIES);
	}
	return 0;
}

/* Send prefixes pf[0..n) with the attributes of st (NULL: withdraw), packed
 * into as few UPDATEs as fit by the codec. */
static int h_sess_send_prefixes(struct h_sess *s, const struct h_step *st,
                                const struct bgp_prefix *pf, size_t n)
{
	static uint8_t mem[1 << 16];
	struct h_world *w = s->nva->w;
	struct bgp_arena ar;
	struct bgp_attrs a;
	uint8_t msg[BGP_MAX_LEN];
	struct bgp_ctx ctx = s->ctx;
	size_t i = 0;

	bgp_arena_init(&ar, mem, sizeof(mem));
	ctx.ext_msg = false;
	if (st && h_step_attrs(s, st, &ar, &a)) {
		snprintf(w->err, sizeof(w->err), "line %u: bad AS path", st->line);
		return -1;
	}
	while (i < n) {
		size_t used = 0;
		size_t len = bgp_pack_update(&ctx, st ? &a : NULL, pf + i, n - i, st == NULL, msg,
		                             sizeof(msg), &used);
		if (!len || !used) {
			snprintf(w->err, sizeof(w->err), "the codec could not pack the UPDATE");
			return -1;
		}
		if (h_sess_send(s, msg, len))
			return -1;
		i += used;
	}
	return 0;
}

static int h_nva_routes(struct h_world *w, size_t nva, unsigned inst, const struct h_step *st,
                        bool withdraw)
{
	struct bgp_prefix *pf = calloc(st->count ? st->count : 1, sizeof(*pf));
	unsigned i;
	int k, rc = 0;

	if (!pf)
		return -1;
	for (i = 0; i < st->count; i++)
		bgp_prefix_nth(&st->pfx, i, &pf[i]);
	for (k = 0; k < 2 && !rc; k++) {
		struct h_sess *s = h_sess_of(w, nva, inst, k);
		if (!s)
			continue;
		for (i = 0; i < st->count; i++)
			h_out_set(s, &pf[i], withdraw ? NULL : st);
		rc = h_sess_send_prefixes(s, withdraw ? NULL : st, pf, st->count);
	}
	free(pf);
	return rc;
}

int h_nva_announce(struct h_world *w, size_t nva, unsigned inst, const struct h_step *st)
{
	return h_nva_routes(w, nva, inst, st, false);
}

int h_nva_withdraw(struct h_world *w, size_t nva, unsigned inst, const struct h_step *st)
{
	return h_nva_routes(w, nva, inst, st, true);
}

/* Re-send everything announced on a session (route refresh, reconnect). */
void h_sess_replay(struct h_sess *s)
{
	size_t i = 0;

	while (i < s->nout) {
		const struct h_step *st = s->out[i].step;
		struct bgp_prefix *pf = calloc(s->nout, sizeof(*pf));
		size_t n = 0;

		if (!pf)
			return;
		while (i < s->nout && s->out[i].step == st)
			pf[n++] = s->out[i++].pfx;
		h_sess_send_prefixes(s, st, pf, n);
		free(pf);
	}
}

int h_nva_send_raw(struct h_world *w, size_t nva, unsigned inst, const uint8_t *b, size_t len)
{
	int k;

	for (k = 0; k < 2; k++) {
		struct h_sess *s = h_sess_of(w, nva, inst, k);
		if (s && h_sess_send(s, b, len))
			return -1;
	}
	return 0;
}

int h_nva_send_malformed(struct h_world *w, size_t nva, unsigned inst, const char *name,
                         const struct bgp_prefix *pfx)
{
	uint8_t b[H_WIRE_MAX];
	int k;

	for (k = 0; k < 2; k++) {
		struct h_sess *s = h_sess_of(w, nva, inst, k);
		struct h_wctx c;
		size_t len;

		if (!s)
			continue;
		h_sess_wctx(s, &c);
		if (pfx && pfx->len)
			c.pfx = *pfx;
		else
			bgp_parse_prefix("10.77.0.0/24", &c.pfx);
		if (h_wire_malformed(name, &c, b, sizeof(b), &len)) {
			snprintf(w->err, sizeof(w->err), "unknown malformed message '%s'", name);
			return -1;
		}
		if (h_sess_send(s, b, len))
			return -1;
	}
	return 0;
}

int h_nva_send_refresh(struct h_world *w, size_t nva, unsigned inst)
{
	uint8_t b[32];
	size_t len = h_wire_refresh(b, sizeof(b));

	return h_nva_send_raw(w, nva, inst, b, len);
}

void h_nva_silence(struct h_world *w, size_t nva, unsigned inst, bool silent)
{
	int k;

	for (k = 0; k < 2; k++) {
		struct h_sess *s = h_sess_of(w, nva, inst, k);
		if (!s)
			continue;
		s->silent = silent;
		h_world_note(w, s, silent ? "falls silent (no keepalives)" : "resumes keepalives");
	}
}
