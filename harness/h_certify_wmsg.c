/* h_certify_wmsg.c: the BGP messages seen between the NVA and an instance:
 * OPENs (AS, AS4, hold time, BGP ID, capabilities), KEEPALIVEs (a session
 * formed), NOTIFICATIONs, the NVA's UPDATEs (its prefixes and next hops)
 * and whether the server sent a route covering its own address. Decoded
 * with the project's codec. */
#include "h_certify_wmsg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_codec.h"

static const uint8_t h_wmsg_marker[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                          0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

void h_cwire_format_open(const struct h_cwire_open *o, char *out, size_t cap)
{
	snprintf(out, cap, "%s", o->caps[0] ? o->caps : "none");
}

static void h_wmsg_caps(const struct bgp_open *m, struct h_cwire_open *o)
{
	size_t i, l = 0;

	o->caps[0] = 0;
	for (i = 0; i < m->ncaps && l + 24 < sizeof(o->caps); i++) {
		const char *n;
		char num[16];
		switch (m->caps[i].code) {
		case BGP_CAP_MP:
			n = "multiprotocol";
			break;
		case BGP_CAP_ROUTE_REFRESH:
			n = "route-refresh";
			break;
		case BGP_CAP_EXT_MSG:
			n = "extended-message";
			break;
		case BGP_CAP_GRACEFUL_RESTART:
			n = "graceful-restart";
			break;
		case BGP_CAP_AS4:
			n = "as4";
			break;
		case BGP_CAP_ADD_PATH:
			n = "add-path";
			break;
		case BGP_CAP_ENHANCED_RR:
			n = "enhanced-route-refresh";
			break;
		case 128:
			n = "route-refresh(old)";
			break;
		default:
			snprintf(num, sizeof(num), "cap-%u", m->caps[i].code);
			n = num;
		}
		if (strstr(o->caps, n) && m->caps[i].code == BGP_CAP_MP)
			continue; /* one name for several address families */
		l += (size_t)snprintf(o->caps + l, sizeof(o->caps) - l, "%s%s", l ? " " : "", n);
	}
}

static void h_wmsg_open(const struct bgp_open *m, struct h_cwire_open *o)
{
	memset(o, 0, sizeof(*o));
	o->my_as = m->my_as;
	o->as4 = m->has_as4;
	o->as = m->has_as4 ? m->as4 : m->my_as;
	o->hold = m->hold_time;
	o->bgp_id = m->bgp_id;
	o->route_refresh = m->route_refresh || m->enhanced_rr;
	for (size_t i = 0; i < m->ncaps; i++)
		if (m->caps[i].code == 128)
			o->route_refresh = true;
	h_wmsg_caps(m, o);
}

static int h_wmsg_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t h_wmsg_key(const struct bgp_prefix *p)
{
	uint32_t a = (uint32_t)p->addr[0] << 24 | (uint32_t)p->addr[1] << 16 |
	             (uint32_t)p->addr[2] << 8 | p->addr[3];

	return (uint64_t)a << 8 | p->len;
}

static void h_wmsg_prefix(struct h_cwire_peer *p, uint64_t key, bool add)
{
	uint64_t *hit =
	    p->nprefix ? bsearch(&key, p->prefix, p->nprefix, sizeof(key), h_wmsg_cmp) : NULL;

	if (!add && hit) {
		memmove(hit, hit + 1, (size_t)(p->prefix + p->nprefix - hit - 1) * sizeof(key));
		p->nprefix--;
	}
	if (!add || hit)
		return;
	if (p->nprefix == p->prefix_cap) {
		size_t c = p->prefix_cap ? p->prefix_cap * 2 : 64;
		uint64_t *n = realloc(p->prefix, c * sizeof(key));
		if (!n)
			return;
		p->prefix = n;
		p->prefix_cap = c;
	}
	p->prefix[p->nprefix++] = key;
	qsort(p->prefix, p->nprefix, sizeof(key), h_wmsg_cmp);
	if (p->nprefix > p->max_prefix)
		p->max_prefix = p->nprefix;
}

static void h_wmsg_nva_update(struct h_cwire_peer *p, const struct bgp_update *u)
{
	size_t i, j;

	p->updates++;
	for (i = 0; i < u->nwithdrawn; i++)
		h_wmsg_prefix(p, h_wmsg_key(&u->withdrawn[i]), false);
	for (i = 0; i < u->nnlri; i++)
		h_wmsg_prefix(p, h_wmsg_key(&u->nlri[i]), true);
	if (!u->nnlri || !bgp_attr_has(&u->attrs, BGP_ATTR_NEXT_HOP))
		return;
	for (j = 0; j < p->nnh && p->nh[j] != u->attrs.next_hop; j++)
		;
	if (j == p->nnh && p->nnh < H_CWIRE_MAX_NH)
		p->nh[p->nnh++] = u->attrs.next_hop;
}

/* The server sent a prefix covering addr (its own instance address). */
static void h_wmsg_srv_update(struct h_cwire_peer *p, const struct bgp_update *u, uint32_t addr,
                              double now)
{
	for (size_t i = 0; i < u->nnlri; i++) {
		uint64_t key = h_wmsg_key(&u->nlri[i]);
		uint8_t len = (uint8_t)key;
		uint32_t net = (uint32_t)(key >> 8);
		uint32_t mask = len ? ~0u << (32 - len) : 0;
		if ((addr & mask) == net && !p->vnet_at)
			p->vnet_at = now;
	}
}

static void h_wmsg_one(struct h_cwire *w, int k, bool from_nva, const uint8_t *m, size_t n,
                       double now)
{
	static uint8_t mem[BGP_ARENA_SIZE];
	struct h_cwire_peer *p = &w->p[k];
	struct bgp_arena a;
	struct bgp_ctx ctx;
	struct bgp_msg msg;
	struct bgp_verdict v;

	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = p->ctx_as4;
	bgp_arena_init(&a, mem, sizeof(mem));
	if (from_nva)
		p->last_nva = now;
	if (m[18] == 1) /* a new OPEN: a new session */
		p->ka_nva = p->ka_srv = false;
	if (bgp_decode(m, n, &ctx, &a, &msg, &v) == BGP_ACT_SESSION_RESET && m[18] != 4)
		return;
	if (msg.type == 1) {
		h_wmsg_open(&msg.u.open, from_nva ? &p->o : &p->so);
		if (from_nva)
			p->open = true;
		else
			p->srv_open = true;
		p->ctx_as4 = p->o.as4 && p->so.as4;
	} else if (msg.type == 3 && from_nva) {
		p->nva_notif++;
		p->nva_code = msg.u.notification.code;
		p->nva_sub = msg.u.notification.subcode;
	} else if (msg.type == 3) {
		p->srv_notif++;
		p->srv_code = msg.u.notification.code;
		p->srv_sub = msg.u.notification.subcode;
	} else if (msg.type == 2 && from_nva) {
		h_wmsg_nva_update(p, &msg.u.update);
	} else if (msg.type == 2) {
		h_wmsg_srv_update(p, &msg.u.update, w->inst[k], now);
	}
	if (msg.type == 4 && !(p->ka_nva && p->ka_srv)) {
		if (from_nva && p->open)
			p->ka_nva = true;
		if (!from_nva && p->srv_open)
			p->ka_srv = true;
		if (p->ka_nva && p->ka_srv)
			p->up++; /* OPENs and KEEPALIVEs both ways: Established */
	}
}

void h_wmsg_drain(struct h_cwire *w, int k, bool from_nva, struct h_wstream *s, double now)
{
	size_t o = 0;

	for (;;) {
		size_t len;
		if (s->resync) {
			while (o + 16 <= s->len && memcmp(s->buf + o, h_wmsg_marker, 16))
				o++;
			if (o + 16 > s->len)
				break;
			s->resync = false;
		}
		if (s->len - o < 19)
			break;
		len = (size_t)s->buf[o + 16] << 8 | s->buf[o + 17];
		if (memcmp(s->buf + o, h_wmsg_marker, 16) || len < 19) {
			s->resync = true;
			o++;
			continue;
		}
		if (s->len - o < len)
			break;
		h_wmsg_one(w, k, from_nva, s->buf + o, len, now);
		o += len;
	}
	if (o && s->len > o)
		memmove(s->buf, s->buf + o, s->len - o);
	s->len -= o;
}
