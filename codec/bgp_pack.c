/* bgp_pack.c: many prefixes sharing one attribute set in one UPDATE, up to
 * the negotiated maximum size (RFC 4271 4.3, RFC 4760, RFC 8654). A caller
 * packs a whole table by looping until every prefix is consumed. */
#include "bgp_int.h"

/* The run of prefixes of one family starting at pfx[0]. */
static size_t bgp_pack_run(const struct bgp_prefix *pfx, size_t n)
{
	size_t i = 1;

	while (i < n && pfx[i].afi == pfx[0].afi)
		i++;
	return n == 0 ? 0 : i;
}

/* Append prefixes while the message stays within max bytes after adding
 * reserve more; returns how many went in. */
static size_t bgp_pack_fill(struct bgp_wbuf *w, const struct bgp_prefix *pfx, size_t n, bool ap,
                            size_t max, size_t reserve)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t l = bgp_prefix_wire_len(&pfx[i], ap);

		if (w->off + l + reserve > max)
			break;
		bgp_prefix_write(w, &pfx[i], ap);
	}
	return i;
}

static size_t bgp_pack_v4(struct bgp_wbuf *w, const struct bgp_ctx *ctx,
                          const struct bgp_attrs *attrs, const struct bgp_prefix *pfx, size_t n,
                          int withdraw, size_t max)
{
	bool ap = bgp_ctx_addpath(ctx, BGP_AFI_IPV4);
	size_t at, done;

	at = w->off;
	bgp_wb_u16(w, 0);
	if (withdraw) {
		done = bgp_pack_fill(w, pfx, n, ap, max, 2);
		bgp_wb_put16_at(w, at, (uint16_t)(w->off - at - 2));
		bgp_wb_u16(w, 0);
		return done;
	}
	at = w->off;
	bgp_wb_u16(w, 0);
	bgp_attrs_write_range(w, attrs, ctx, 0, BGP_ATTR_MP_REACH - 1);
	bgp_attrs_write_range(w, attrs, ctx, BGP_ATTR_MP_UNREACH + 1, 255);
	bgp_wb_put16_at(w, at, (uint16_t)(w->off - at - 2));
	if (w->err)
		return 0;
	return bgp_pack_fill(w, pfx, n, ap, max, 0);
}

static size_t bgp_pack_mp(struct bgp_wbuf *w, const struct bgp_ctx *ctx,
                          const struct bgp_attrs *attrs, const struct bgp_prefix *pfx, size_t n,
                          int withdraw, size_t max)
{
	uint16_t afi = pfx[0].afi;
	bool ap = bgp_ctx_addpath(ctx, afi);
	size_t at, mp, tail = 0, done;

	bgp_wb_u16(w, 0);
	at = w->off;
	bgp_wb_u16(w, 0);
	if (withdraw) {
		mp = bgp_attr_begin_ext(w, BGP_AF_OPTIONAL, BGP_ATTR_MP_UNREACH);
		bgp_wb_u16(w, afi);
		bgp_wb_u8(w, BGP_SAFI_UNICAST);
	} else {
		const struct bgp_mp_reach *r = &attrs->mp_reach;
		struct bgp_wbuf count;

		/* Attributes after MP_REACH_NLRI in type order: measure first. */
		bgp_wb_init(&count, NULL, 0);
		bgp_attrs_write_range(&count, attrs, ctx, BGP_ATTR_MP_UNREACH + 1, 255);
		tail = count.off;
		/* NEXT_HOP belongs to the NLRI field; MP_REACH_NLRI has its own. */
		bgp_attrs_write_range(w, attrs, ctx, 0, BGP_ATTR_NEXT_HOP - 1);
		bgp_attrs_write_range(w, attrs, ctx, BGP_ATTR_NEXT_HOP + 1, BGP_ATTR_MP_REACH - 1);
		mp = bgp_attr_begin_ext(
		    w, BGP_AF_OPTIONAL | (attrs->flags[BGP_ATTR_MP_REACH] & BGP_AF_PARTIAL),
		    BGP_ATTR_MP_REACH);
		bgp_wb_u16(w, afi);
		bgp_wb_u8(w, BGP_SAFI_UNICAST);
		bgp_wb_u8(w, r->nh_len);
		bgp_wb_bytes(w, r->nh, r->nh_len <= sizeof(r->nh) ? r->nh_len : sizeof(r->nh));
		bgp_wb_u8(w, 0);
	}
	if (w->err)
		return 0;
	done = bgp_pack_fill(w, pfx, n, ap, max, tail);
	bgp_attr_finish(w, mp);
	if (!withdraw)
		bgp_attrs_write_range(w, attrs, ctx, BGP_ATTR_MP_UNREACH + 1, 255);
	bgp_wb_put16_at(w, at, (uint16_t)(w->off - at - 2));
	return done;
}

size_t bgp_pack_update(const struct bgp_ctx *ctx, const struct bgp_attrs *attrs,
                       const struct bgp_prefix *pfx, size_t n, int withdraw, uint8_t *out,
                       size_t cap, size_t *consumed)
{
	static const struct bgp_ctx default_ctx;
	struct bgp_wbuf w;
	size_t start, max, run, done;

	*consumed = 0;
	if (ctx == NULL)
		ctx = &default_ctx;
	if (n == 0 || pfx == NULL || out == NULL || (!withdraw && attrs == NULL))
		return 0;
	max = bgp_max_len(ctx);
	if (cap < max)
		max = cap;
	/* IPv6 routes need an IPv6 next hop in attrs->mp_reach. */
	if (pfx[0].afi == BGP_AFI_IPV6 && !withdraw && attrs->mp_reach.nh_len != 16 &&
	    attrs->mp_reach.nh_len != 32)
		return 0;
	if (pfx[0].afi != BGP_AFI_IPV4 && pfx[0].afi != BGP_AFI_IPV6)
		return 0;
	run = bgp_pack_run(pfx, n);
	bgp_wb_init(&w, out, max);
	start = bgp_header_begin(&w, BGP_UPDATE);
	if (pfx[0].afi == BGP_AFI_IPV4)
		done = bgp_pack_v4(&w, ctx, attrs, pfx, run, withdraw, max);
	else
		done = bgp_pack_mp(&w, ctx, attrs, pfx, run, withdraw, max);
	bgp_header_finish(&w, start);
	if (w.err || done == 0)
		return 0;
	*consumed = done;
	return w.off;
}
