/* fz_common.c: input cursor, context byte, arenas, shared invariants. */
#include "fz_common.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fz_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FUZZ FINDING at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

uint8_t fz_in_u8(struct fz_in *in)
{
	uint8_t v;

	if (in->n == 0)
		return 0;
	v = in->p[0];
	in->p++;
	in->n--;
	return v;
}

uint16_t fz_in_u16(struct fz_in *in)
{
	uint16_t hi = fz_in_u8(in);

	return (uint16_t)(hi << 8 | fz_in_u8(in));
}

uint32_t fz_in_u32(struct fz_in *in)
{
	uint32_t hi = fz_in_u16(in);

	return hi << 16 | fz_in_u16(in);
}

void fz_ctx_from_byte(uint8_t b, struct bgp_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->as4 = b & FZ_CTX_AS4;
	ctx->ext_msg = b & FZ_CTX_EXT_MSG;
	ctx->addpath_v4 = b & FZ_CTX_ADDPATH_V4;
	ctx->addpath_v6 = b & FZ_CTX_ADDPATH_V6;
	ctx->ibgp = b & FZ_CTX_IBGP;
	if (b & FZ_CTX_CHECK_AS) {
		ctx->local_as = FZ_LOCAL_AS;
		ctx->peer_as = ctx->ibgp ? FZ_LOCAL_AS : FZ_PEER_AS;
	}
}

uint8_t fz_ctx_to_byte(const struct bgp_ctx *ctx)
{
	return (uint8_t)((ctx->as4 ? FZ_CTX_AS4 : 0) | (ctx->ext_msg ? FZ_CTX_EXT_MSG : 0) |
			 (ctx->addpath_v4 ? FZ_CTX_ADDPATH_V4 : 0) |
			 (ctx->addpath_v6 ? FZ_CTX_ADDPATH_V6 : 0) |
			 (ctx->ibgp ? FZ_CTX_IBGP : 0) | (ctx->local_as ? FZ_CTX_CHECK_AS : 0));
}

static max_align_t fz_arena_mem[2][BGP_ARENA_SIZE / sizeof(max_align_t)];
static struct bgp_arena fz_arenas[2];

struct bgp_arena *fz_arena(unsigned which)
{
	which &= 1;
	bgp_arena_init(&fz_arenas[which], fz_arena_mem[which], sizeof(fz_arena_mem[which]));
	return &fz_arenas[which];
}

/* Read every byte so that ASan sees a pointer that does not cover len. */
static unsigned fz_touch(const void *p, size_t len)
{
	const volatile uint8_t *b = p;
	unsigned sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += b[i];
	return sum;
}

void fz_check_verdict(const struct bgp_verdict *v)
{
	FZ_CHECK(v->action >= BGP_ACT_OK && v->action <= BGP_ACT_SESSION_RESET,
		 "verdict action %d out of range", (int)v->action);
	FZ_CHECK(bgp_action_name(v->action) != NULL, "no name for action %d", (int)v->action);
	if (v->action == BGP_ACT_SESSION_RESET) {
		FZ_CHECK(v->code >= BGP_ERR_HEADER && v->code <= BGP_ERR_ROUTE_REFRESH,
			 "reset with NOTIFICATION code %u", v->code);
		FZ_CHECK(bgp_error_name(v->code) != NULL, "no name for code %u", v->code);
	}
	if (v->action != BGP_ACT_OK)
		FZ_CHECK(v->rule != NULL && v->reason != NULL,
			 "verdict %s without rule or reason", bgp_action_name(v->action));
	FZ_CHECK(v->data_len == 0 || v->data != NULL, "verdict data_len %u with NULL data",
		 v->data_len);
	fz_touch(v->data, v->data_len);
	FZ_CHECK(v->ndiscarded <= BGP_VERDICT_MAX_DISCARDS, "ndiscarded %zu", v->ndiscarded);
	FZ_CHECK(v->ndiscarded == 0 || v->action >= BGP_ACT_ATTR_DISCARD,
		 "%zu attributes discarded but action %s", v->ndiscarded,
		 bgp_action_name(v->action));
}

static void fz_check_prefix(const struct bgp_prefix *p, bool addpath, const char *where)
{
	unsigned max = p->afi == BGP_AFI_IPV4 ? 32 : 128;

	FZ_CHECK(p->afi == BGP_AFI_IPV4 || p->afi == BGP_AFI_IPV6, "%s: prefix afi %u", where,
		 p->afi);
	FZ_CHECK(p->len <= max, "%s: prefix length %u > %u", where, p->len, max);
	if (p->len > max)
		return;
	FZ_CHECK(!(p->addr[p->len / 8 % 16] & (p->len % 8 ? 0xffu >> (p->len % 8) : 0xffu)) ||
			 p->len == 128,
		 "%s: /%u prefix has bits set past its length", where, p->len);
	for (unsigned i = (p->len + 7u) / 8u; i < 16; i++)
		FZ_CHECK(p->addr[i] == 0, "%s: /%u prefix has byte %u set past its length", where,
			 p->len, i);
	FZ_CHECK(addpath || p->path_id == 0, "%s: path id %u without add-path", where,
		 p->path_id);
}

static void fz_check_as_path(const struct bgp_as_path *ap, bool as4, const char *where);

/* bgp_format_prefix then bgp_parse_prefix gives the prefix back. */
static void fz_check_prefix_text(const struct bgp_prefix *p, const char *where)
{
	struct bgp_prefix back;
	char text[64];
	size_t n = bgp_format_prefix(p, text, sizeof(text));

	FZ_CHECK(n < sizeof(text) && strlen(text) == n, "%s: bgp_format_prefix returned %zu",
		 where, n);
	memset(&back, 0, sizeof(back));
	FZ_CHECK(bgp_parse_prefix(text, &back) == 0, "%s: \"%s\" does not parse back", where,
		 text);
	FZ_CHECK(back.afi == p->afi && back.len == p->len && memcmp(back.addr, p->addr, 16) == 0,
		 "%s: \"%s\" parses back to another prefix", where, text);
}

static void fz_check_prefixes(const struct bgp_prefix *p, size_t n, const struct bgp_ctx *ctx,
			      const char *where, bool text)
{
	FZ_CHECK(n == 0 || p != NULL, "%s: %zu prefixes, NULL array", where, n);
	for (size_t i = 0; i < n; i++) {
		fz_check_prefix(&p[i], p[i].afi == BGP_AFI_IPV4 ? ctx->addpath_v4 : ctx->addpath_v6,
				where);
		if (text)
			fz_check_prefix_text(&p[i], where);
	}
}

static bool fz_has_confed(const struct bgp_as_path *ap)
{
	for (size_t i = 0; i < ap->nseg; i++)
		if (ap->segs[i].type == BGP_SEG_CONFED_SEQUENCE ||
		    ap->segs[i].type == BGP_SEG_CONFED_SET)
			return true;
	return false;
}

/* RFC 6793 4.2.3: the merged path has as many ASes as AS_PATH (without
 * confederation segments, where the counting rules differ). */
static void fz_check_as4_merge(const struct bgp_attrs *a)
{
	static max_align_t mem[4096];
	struct bgp_arena arena;
	struct bgp_as_path merged;

	bgp_arena_init(&arena, mem, sizeof(mem));
	memset(&merged, 0, sizeof(merged));
	if (bgp_as_path_merge_as4(&a->as_path, &a->as4_path, &arena, &merged) != 0)
		return;
	fz_check_as_path(&merged, true, "merged AS_PATH");
	if (!fz_has_confed(&a->as_path) && !fz_has_confed(&a->as4_path))
		FZ_CHECK(bgp_as_path_length(&merged) == bgp_as_path_length(&a->as_path),
			 "AS4_PATH merge: length %u, AS_PATH length %u",
			 bgp_as_path_length(&merged), bgp_as_path_length(&a->as_path));
}

static void fz_check_as_path(const struct bgp_as_path *ap, bool as4, const char *where)
{
	size_t total = 0;

	FZ_CHECK(ap->nseg == 0 || ap->segs != NULL, "%s: %zu segments, NULL array", where,
		 ap->nseg);
	for (size_t i = 0; i < ap->nseg; i++) {
		const struct bgp_as_segment *s = &ap->segs[i];

		FZ_CHECK(s->count == 0 || s->asns != NULL, "%s: segment without ASNs", where);
		for (size_t j = 0; j < s->count; j++)
			FZ_CHECK(as4 || s->asns[j] <= 0xFFFF, "%s: ASN %u in a 2-octet path", where,
				 s->asns[j]);
		total += s->count;
		if (s->count > 0)
			FZ_CHECK(bgp_as_path_contains(ap, s->asns[s->count - 1]),
				 "%s: bgp_as_path_contains misses AS %u", where,
				 s->asns[s->count - 1]);
	}
	FZ_CHECK(bgp_as_path_length(ap) <= total, "%s: length %u > %zu ASNs", where,
		 bgp_as_path_length(ap), total);
}

static void fz_check_update(const struct bgp_msg *m, const struct bgp_ctx *ctx, bool text)
{
	const struct bgp_update *u = &m->u.update;
	const struct bgp_attrs *a = &u->attrs;

	fz_check_prefixes(u->withdrawn, u->nwithdrawn, ctx, "withdrawn", text);
	fz_check_prefixes(u->nlri, u->nnlri, ctx, "nlri", text);
	for (size_t i = 0; i < u->nwithdrawn; i++)
		FZ_CHECK(u->withdrawn[i].afi == BGP_AFI_IPV4, "IPv6 prefix in withdrawn field");
	for (size_t i = 0; i < u->nnlri; i++)
		FZ_CHECK(u->nlri[i].afi == BGP_AFI_IPV4, "IPv6 prefix in NLRI field");
	if (bgp_attr_has(a, BGP_ATTR_AS_PATH))
		fz_check_as_path(&a->as_path, ctx->as4, "AS_PATH");
	if (bgp_attr_has(a, BGP_ATTR_AS4_PATH))
		fz_check_as_path(&a->as4_path, true, "AS4_PATH");
	if (bgp_attr_has(a, BGP_ATTR_AS_PATH) && bgp_attr_has(a, BGP_ATTR_AS4_PATH) && !ctx->as4)
		fz_check_as4_merge(a);
	if (bgp_attr_has(a, BGP_ATTR_ORIGIN))
		FZ_CHECK(a->origin <= BGP_ORIGIN_INCOMPLETE, "ORIGIN %u kept", a->origin);
	if (bgp_attr_has(a, BGP_ATTR_MP_REACH)) {
		FZ_CHECK(a->mp_reach.nh_len <= 32, "MP_REACH next hop length %u",
			 a->mp_reach.nh_len);
		fz_check_prefixes(a->mp_reach.prefixes, a->mp_reach.nprefix, ctx, "MP_REACH",
				  text);
	}
	if (bgp_attr_has(a, BGP_ATTR_MP_UNREACH))
		fz_check_prefixes(a->mp_unreach.prefixes, a->mp_unreach.nprefix, ctx,
				  "MP_UNREACH", text);
	FZ_CHECK(a->ncommunities == 0 || a->communities != NULL, "communities NULL");
	FZ_CHECK(a->ncluster == 0 || a->cluster_list != NULL, "cluster list NULL");
	FZ_CHECK(a->next_communities == 0 || a->ext_communities != NULL, "ext communities NULL");
	FZ_CHECK(a->nlarge == 0 || a->large != NULL, "large communities NULL");
	FZ_CHECK(a->nunknown == 0 || a->unknown != NULL, "unknown attributes NULL");
	for (size_t i = 0; i < a->nunknown; i++)
		fz_touch(a->unknown[i].data, a->unknown[i].len);
	(void)bgp_update_is_eor(m);
}

static void fz_check_open(const struct bgp_open *o)
{
	FZ_CHECK(o->ncaps == 0 || o->caps != NULL, "OPEN: %zu caps, NULL array", o->ncaps);
	for (size_t i = 0; i < o->ncaps; i++)
		fz_touch(o->caps[i].data, o->caps[i].len);
	FZ_CHECK(o->nparams == 0 || o->params != NULL, "OPEN: %zu params, NULL", o->nparams);
	for (size_t i = 0; i < o->nparams; i++)
		fz_touch(o->params[i].data, o->params[i].len);
	FZ_CHECK(o->nmp <= BGP_MAX_AFS && o->ngr <= BGP_MAX_AFS && o->naddpath <= BGP_MAX_AFS,
		 "OPEN: digest counts %zu/%zu/%zu", o->nmp, o->ngr, o->naddpath);
}

/* bgp_format follows snprintf: the return value is the full length, the
 * output is NUL-terminated and truncated to cap - 1. */
static void fz_check_format(const struct bgp_msg *m)
{
	static char big[1 << 20];
	char small[16];
	size_t n, k;

	memset(small, 'x', sizeof(small));
	n = bgp_format(m, big, sizeof(big));
	if (n >= sizeof(big))
		return;
	FZ_CHECK(strlen(big) == n, "bgp_format returned %zu, wrote %zu", n, strlen(big));
	k = bgp_format(m, small, sizeof(small));
	FZ_CHECK(k == n, "bgp_format returned %zu with a small buffer, %zu with a big one", k, n);
	FZ_CHECK(memchr(small, 0, sizeof(small)) != NULL, "bgp_format did not terminate");
	FZ_CHECK(strncmp(small, big, sizeof(small) - 1) == 0 || n < sizeof(small),
		 "bgp_format truncation differs from the full text");
}

void fz_check_msg(const struct bgp_msg *m, const struct bgp_ctx *ctx, bool format)
{
	FZ_CHECK(m->type >= BGP_OPEN && m->type <= BGP_ROUTE_REFRESH, "decoded type %u", m->type);
	switch (m->type) {
	case BGP_UPDATE:
		fz_check_update(m, ctx, format);
		break;
	case BGP_OPEN:
		fz_check_open(&m->u.open);
		break;
	case BGP_NOTIFICATION:
		fz_touch(m->u.notification.data, m->u.notification.len);
		if (m->u.notification.has_shutdown_text)
			fz_touch(m->u.notification.shutdown_text, m->u.notification.shutdown_len);
		break;
	default:
		break;
	}
	if (format)
		fz_check_format(m);
}
