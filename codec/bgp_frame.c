/* bgp_frame.c: message header checks (RFC 4271 4.1 and 6.1, RFC 8654,
 * RFC 7313 5). */
#include "bgp_int.h"

size_t bgp_max_len(const struct bgp_ctx *ctx)
{
	return ctx != NULL && ctx->ext_msg ? BGP_EXT_MAX_LEN : BGP_MAX_LEN;
}

static bool bgp_marker_ok(const uint8_t *buf)
{
	uint64_t a, b;

	memcpy(&a, buf, 8);
	memcpy(&b, buf + 8, 8);
	return (a & b) == UINT64_MAX;
}

/* Whether the length suits the message type. */
static bool bgp_frame_type_len_ok(uint8_t type, size_t len)
{
	switch (type) {
	case BGP_OPEN:
		return len >= 29;
	case BGP_UPDATE:
		return len >= 23;
	case BGP_NOTIFICATION:
		return len >= 21;
	case BGP_KEEPALIVE:
		return len == BGP_HEADER_LEN;
	case BGP_ROUTE_REFRESH:
		return len == 23;
	}
	return false;
}

enum bgp_frame_result bgp_frame(const uint8_t *buf, size_t avail, const struct bgp_ctx *ctx,
                                size_t *msg_len, struct bgp_verdict *v)
{
	size_t len;
	uint8_t type;

	bgp_verdict_init(v);
	*msg_len = 0;
	if (avail < BGP_HEADER_LEN)
		return BGP_FRAME_NEED;
	if (!bgp_marker_ok(buf)) {
		bgp_verdict_raise(v, BGP_ACT_SESSION_RESET, BGP_ERR_HEADER, BGP_HDR_NOT_SYNC, 0,
		                  "RFC4271-6.1", "marker is not all ones", NULL, 0);
		return BGP_FRAME_ERR;
	}
	len = bgp_get16(buf + 16);
	type = buf[18];
	/* RFC 8654 4: OPEN and KEEPALIVE stay within 4096 bytes. */
	if (len < BGP_HEADER_LEN || len > bgp_max_len(ctx) ||
	    (len > BGP_MAX_LEN && (type == BGP_OPEN || type == BGP_KEEPALIVE))) {
		bgp_verdict_raise(v, BGP_ACT_SESSION_RESET, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH, 0,
		                  "RFC4271-6.1", "message length out of range", buf + 16, 2);
		return BGP_FRAME_ERR;
	}
	if (type < BGP_OPEN || type > BGP_ROUTE_REFRESH) {
		bgp_verdict_raise(v, BGP_ACT_SESSION_RESET, BGP_ERR_HEADER, BGP_HDR_BAD_TYPE, 0,
		                  "RFC4271-6.1", "unknown message type", buf + 18, 1);
		return BGP_FRAME_ERR;
	}
	if (!bgp_frame_type_len_ok(type, len)) {
		/* RFC 7313 5: an enhanced ROUTE-REFRESH (subtype 1 or 2) with a
		 * bad length is a ROUTE-REFRESH error carrying the message. */
		if (type == BGP_ROUTE_REFRESH && len >= 22) {
			if (avail < len)
				return BGP_FRAME_NEED;
			if (buf[21] == BGP_RR_BORR || buf[21] == BGP_RR_EORR) {
				bgp_verdict_raise(v, BGP_ACT_SESSION_RESET, BGP_ERR_ROUTE_REFRESH,
				                  1, 0, "RFC7313-5",
				                  "ROUTE-REFRESH length is not 23", buf, len);
				return BGP_FRAME_ERR;
			}
		}
		bgp_verdict_raise(v, BGP_ACT_SESSION_RESET, BGP_ERR_HEADER, BGP_HDR_BAD_LENGTH, 0,
		                  "RFC4271-6.1", "length does not suit the message type", buf + 16,
		                  2);
		return BGP_FRAME_ERR;
	}
	if (avail < len)
		return BGP_FRAME_NEED;
	*msg_len = len;
	return BGP_FRAME_OK;
}
