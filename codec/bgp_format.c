/* bgp_format.c: one readable line per message. */
#include "bgp_int.h"

#include <stdarg.h>
#include <stdio.h>

static void bgp_fmt_afs(const char *label, const struct bgp_afi_safi *afs, size_t n, char *out,
                        size_t cap, size_t *len)
{
	char fam[32];

	for (size_t i = 0; i < n; i++)
		bgp_fmt(out, cap, len, " %s=%s", label,
		        bgp_afi_safi_name(afs[i].afi, afs[i].safi, fam, sizeof(fam)));
}

static void bgp_format_open(const struct bgp_open *o, char *out, size_t cap, size_t *n)
{
	char fam[32];

	bgp_fmt(out, cap, n, " version=%u as=%u hold=%u id=", o->version, o->my_as, o->hold_time);
	bgp_fmt_ipv4(out, cap, n, o->bgp_id);
	if (o->has_as4)
		bgp_fmt(out, cap, n, " as4=%u", (unsigned)o->as4);
	bgp_fmt_afs("mp", o->mp, o->nmp, out, cap, n);
	if (o->route_refresh)
		bgp_fmt(out, cap, n, " route-refresh");
	if (o->enhanced_rr)
		bgp_fmt(out, cap, n, " enhanced-route-refresh");
	if (o->ext_msg)
		bgp_fmt(out, cap, n, " extended-message");
	if (o->has_gr)
		bgp_fmt(out, cap, n, " graceful-restart=%u", o->gr_flags_time & 0xfff);
	for (size_t i = 0; i < o->naddpath; i++)
		bgp_fmt(out, cap, n, " add-path=%s/%u",
		        bgp_afi_safi_name(o->addpath[i].afi, o->addpath[i].safi, fam, 32),
		        o->addpath[i].flags);
	for (size_t i = 0; i < o->ncaps; i++) {
		switch (o->caps[i].code) {
		case BGP_CAP_MP:
		case BGP_CAP_ROUTE_REFRESH:
		case BGP_CAP_EXT_MSG:
		case BGP_CAP_GRACEFUL_RESTART:
		case BGP_CAP_AS4:
		case BGP_CAP_ADD_PATH:
		case BGP_CAP_ENHANCED_RR:
			break;
		default:
			bgp_fmt(out, cap, n, " cap%u/%u", o->caps[i].code, o->caps[i].len);
		}
	}
}

static void bgp_fmt_plist(const char *label, const struct bgp_prefix *p, size_t np, char *out,
                          size_t cap, size_t *n)
{
	char buf[64];

	if (np == 0)
		return;
	bgp_fmt(out, cap, n, " %s=", label);
	for (size_t i = 0; i < np; i++) {
		bgp_format_prefix(&p[i], buf, sizeof(buf));
		bgp_fmt(out, cap, n, "%s%s", i ? "," : "", buf);
		if (p[i].path_id != 0)
			bgp_fmt(out, cap, n, "#%u", (unsigned)p[i].path_id);
	}
}

static void bgp_format_update(const struct bgp_msg *m, char *out, size_t cap, size_t *n)
{
	const struct bgp_update *u = &m->u.update;
	const struct bgp_attrs *a = &u->attrs;
	char fam[32];

	if (bgp_update_is_eor(m)) {
		uint16_t afi = bgp_attr_has(a, BGP_ATTR_MP_UNREACH) ? a->mp_unreach.afi : 1;
		uint8_t safi = bgp_attr_has(a, BGP_ATTR_MP_UNREACH) ? a->mp_unreach.safi : 1;

		bgp_fmt(out, cap, n, " End-of-RIB %s", bgp_afi_safi_name(afi, safi, fam, 32));
		return;
	}
	bgp_fmt(out, cap, n, " withdrawn=%zu", u->nwithdrawn);
	bgp_fmt_plist("wd", u->withdrawn, u->nwithdrawn, out, cap, n);
	for (unsigned t = 1; t < 256; t++) {
		const struct bgp_attr_desc *d;

		if (!bgp_attr_has(a, (uint8_t)t))
			continue;
		d = bgp_attr_desc_get((uint8_t)t);
		if (d != NULL) {
			d->format(a, out, cap, n);
			continue;
		}
		for (size_t i = 0; i < a->nunknown; i++)
			if (a->unknown[i].type == t)
				bgp_fmt(out, cap, n, " ATTR%u=flags:0x%02x,len:%u", t,
				        a->unknown[i].flags & 0xe0, a->unknown[i].len);
	}
	bgp_fmt_plist("nlri", u->nlri, u->nnlri, out, cap, n);
}

static void bgp_format_notification(const struct bgp_notification *no, char *out, size_t cap,
                                    size_t *n)
{
	bgp_fmt(out, cap, n, " code=%u/%u (%s/%s)", no->code, no->subcode, bgp_error_name(no->code),
	        bgp_suberror_name(no->code, no->subcode));
	if (no->has_shutdown_text) {
		bgp_fmt(out, cap, n, " text=\"");
		for (size_t i = 0; i < no->shutdown_len; i++) {
			unsigned char c = (unsigned char)no->shutdown_text[i];

			if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f)
				bgp_fmt(out, cap, n, "\\x%02x", c);
			else
				bgp_fmt(out, cap, n, "%c", c);
		}
		bgp_fmt(out, cap, n, "\"");
	} else if (no->len > 0 && no->data != NULL) {
		bgp_fmt(out, cap, n, " data=");
		for (size_t i = 0; i < no->len; i++)
			bgp_fmt(out, cap, n, "%02x", no->data[i]);
	}
}

static void bgp_format_rr(const struct bgp_route_refresh *rr, char *out, size_t cap, size_t *n)
{
	static const char *const sub[] = {"normal", "BoRR", "EoRR"};
	char fam[32];

	bgp_fmt(out, cap, n, " %s", bgp_afi_safi_name(rr->afi, rr->safi, fam, 32));
	if (rr->subtype <= BGP_RR_EORR)
		bgp_fmt(out, cap, n, " subtype=%s", sub[rr->subtype]);
	else
		bgp_fmt(out, cap, n, " subtype=%u", rr->subtype);
}

size_t bgp_format(const struct bgp_msg *m, char *out, size_t cap)
{
	static const char *const names[] = {"?",         "OPEN",         "UPDATE", "NOTIFICATION",
	                                    "KEEPALIVE", "ROUTE-REFRESH"};
	size_t n = 0;

	if (cap > 0)
		out[0] = '\0';
	bgp_fmt(out, cap, &n, "%s len=%u", m->type <= 5 ? names[m->type] : "?", m->len);
	switch (m->type) {
	case BGP_OPEN:
		bgp_format_open(&m->u.open, out, cap, &n);
		break;
	case BGP_UPDATE:
		bgp_format_update(m, out, cap, &n);
		break;
	case BGP_NOTIFICATION:
		bgp_format_notification(&m->u.notification, out, cap, &n);
		break;
	case BGP_ROUTE_REFRESH:
		bgp_format_rr(&m->u.route_refresh, out, cap, &n);
		break;
	default:
		break;
	}
	return n;
}
