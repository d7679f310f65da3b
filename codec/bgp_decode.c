/* bgp_decode.c: decode one whole message; KEEPALIVE, NOTIFICATION and
 * ROUTE-REFRESH bodies (RFC 4271 4.4/4.5, RFC 2918, RFC 7313, RFC 9003). */
#include "bgp_int.h"

/* RFC 3629 well-formed UTF-8. */
static bool bgp_utf8_valid(const uint8_t *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint8_t c = s[i];
		size_t k;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			k = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (n - i - 1 < k)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + j] & 0x3f);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += k + 1;
	}
	return true;
}

static void bgp_decode_notification(struct bgp_rbuf *b, struct bgp_notification *n)
{
	const uint8_t *d = NULL;

	memset(n, 0, sizeof(*n));
	(void)bgp_rb_u8(b, &n->code);
	(void)bgp_rb_u8(b, &n->subcode);
	n->len = (uint16_t)bgp_rb_left(b);
	(void)bgp_rb_bytes(b, n->len, &d);
	n->data = n->len > 0 ? d : NULL;
	/* RFC 9003 2: a length that does not fit, or text that is not UTF-8,
	 * is not an error of the NOTIFICATION: there is just no text. */
	if (n->code == BGP_ERR_CEASE &&
	    (n->subcode == BGP_CEASE_ADMIN_SHUTDOWN || n->subcode == BGP_CEASE_ADMIN_RESET) &&
	    n->len >= 1 && (size_t)d[0] + 1 <= n->len && bgp_utf8_valid(d + 1, d[0])) {
		n->has_shutdown_text = true;
		n->shutdown_len = d[0];
		n->shutdown_text = (const char *)(d + 1);
	}
}

static void bgp_decode_route_refresh(struct bgp_rbuf *b, struct bgp_route_refresh *rr,
                                     struct bgp_verdict *v)
{
	(void)bgp_rb_u16(b, &rr->afi);
	(void)bgp_rb_u8(b, &rr->subtype);
	(void)bgp_rb_u8(b, &rr->safi);
	/* RFC 7313 5: a subtype other than 0, 1 or 2 MUST be ignored. */
	if (rr->subtype > BGP_RR_EORR)
		bgp_verdict_raise(v, BGP_ACT_OK, 0, 0, 0, "RFC7313-5",
		                  "unknown ROUTE-REFRESH subtype: ignore the message", NULL, 0);
}

enum bgp_action bgp_decode(const uint8_t *msg, size_t len, const struct bgp_ctx *ctx,
                           struct bgp_arena *arena, struct bgp_msg *out, struct bgp_verdict *v)
{
	static const struct bgp_ctx default_ctx;
	struct bgp_rbuf b;
	size_t mlen;

	if (ctx == NULL)
		ctx = &default_ctx;
	memset(out, 0, offsetof(struct bgp_msg, u));
	if (bgp_frame(msg, len, ctx, &mlen, v) != BGP_FRAME_OK) {
		if (v->action == BGP_ACT_OK)
			bgp_verdict_raise(v, BGP_ACT_SESSION_RESET, BGP_ERR_HEADER,
			                  BGP_HDR_BAD_LENGTH, 0, "RFC4271-6.1",
			                  "message shorter than its length field",
			                  len >= 18 ? msg + 16 : NULL, len >= 18 ? 2 : 0);
		return v->action;
	}
	if (mlen != len) {
		bgp_verdict_raise(v, BGP_ACT_SESSION_RESET, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH, 0,
		                  "RFC4271-6.1", "length field differs from the message size",
		                  msg + 16, 2);
		return v->action;
	}
	out->type = msg[18];
	out->len = (uint16_t)len;
	bgp_rb_init(&b, msg + BGP_HEADER_LEN, len - BGP_HEADER_LEN);
	switch (out->type) {
	case BGP_OPEN:
		bgp_decode_open(&b, ctx, arena, &out->u.open, v);
		break;
	case BGP_UPDATE:
		bgp_decode_update(&b, ctx, arena, &out->u.update, v);
		break;
	case BGP_NOTIFICATION:
		bgp_decode_notification(&b, &out->u.notification);
		break;
	case BGP_ROUTE_REFRESH:
		memset(&out->u.route_refresh, 0, sizeof(out->u.route_refresh));
		bgp_decode_route_refresh(&b, &out->u.route_refresh, v);
		break;
	default:
		break;
	}
	return v->action;
}
