/* h_nva_act.c: the script's actions on a fake NVA: connect, disconnect,
 * announce and withdraw (built in h_nva_announce.c), raw and named
 * malformed messages, silence. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_addr.h"
#include "bgp_codec.h"
#include "h_nva_int.h"
#include "h_wire.h"

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
