/* codec_test.c: helpers shared by the codec tests. */
#include "codec_test.h"

static uint8_t ct_mem[BGP_ARENA_SIZE];
struct bgp_arena ct_arena;

size_t ct_msg(uint8_t type, const uint8_t *body, size_t blen, uint8_t *out)
{
	size_t len = BGP_HEADER_LEN + blen;

	memset(out, 0xff, BGP_MARKER_LEN);
	out[16] = (uint8_t)(len >> 8);
	out[17] = (uint8_t)len;
	out[18] = type;
	if (blen > 0)
		memcpy(out + BGP_HEADER_LEN, body, blen);
	return len;
}

size_t ct_update(const uint8_t *wd, size_t wl, const uint8_t *at, size_t al, const uint8_t *nlri,
                 size_t nl, uint8_t *out)
{
	static uint8_t body[BGP_EXT_MAX_LEN];
	size_t n = 0;

	body[n++] = (uint8_t)(wl >> 8);
	body[n++] = (uint8_t)wl;
	if (wl > 0)
		memcpy(body + n, wd, wl);
	n += wl;
	body[n++] = (uint8_t)(al >> 8);
	body[n++] = (uint8_t)al;
	if (al > 0)
		memcpy(body + n, at, al);
	n += al;
	if (nl > 0)
		memcpy(body + n, nlri, nl);
	n += nl;
	return ct_msg(BGP_UPDATE, body, n, out);
}

enum bgp_action ct_decode(const uint8_t *msg, size_t len, const struct bgp_ctx *ctx,
                          struct bgp_msg *m, struct bgp_verdict *v)
{
	bgp_arena_reset(&ct_arena);
	return bgp_decode(msg, len, ctx, &ct_arena, m, v);
}

enum bgp_action ct_decode_attrs(const uint8_t *at, size_t al, const struct bgp_ctx *ctx,
                                struct bgp_msg *m, struct bgp_verdict *v)
{
	static const uint8_t nlri[] = {16, 10, 1};
	static uint8_t msg[BGP_EXT_MAX_LEN];
	size_t len = ct_update(NULL, 0, at, al, nlri, sizeof(nlri), msg);

	return ct_decode(msg, len, ctx, m, v);
}

int ct_setup(void **state)
{
	bgp_arena_init(&ct_arena, ct_mem, sizeof(ct_mem));
	return 0;
}

bool ct_discarded(const struct bgp_verdict *v, uint8_t type)
{
	for (size_t i = 0; i < v->ndiscarded; i++)
		if (v->discarded[i] == type)
			return true;
	return false;
}
