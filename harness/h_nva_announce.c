/* h_nva_announce.c: what a fake NVA announces on a session: the routes
 * of a step with their attributes, packed into UPDATEs by the codec, and
 * kept so that a route refresh or a reconnect sends them again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_codec.h"
#include "h_nva_int.h"

#define H_MAX_SEGS 64 /* AS_PATH segments of one announcement */

/* ---- announcements ---- */
void h_out_set(struct h_sess *s, const struct bgp_prefix *p, const struct h_step *st)
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
int h_sess_send_prefixes(struct h_sess *s, const struct h_step *st, const struct bgp_prefix *pf,
                         size_t n)
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
