/* h_exec_attr.c: the attribute checks of "expect NVA route P ..." on the
 * UPDATE that last announced the route, read from its bytes as they came on
 * the wire (flags, type, value), so that what is judged is what the server
 * sent, not what a decoder made of it. The walk is hand-written: the codec
 * decodes attributes into typed values and keeps no per-attribute bytes for
 * the known ones, and the check needs exactly those bytes. */
#include <stdio.h>
#include <string.h>

#include "bgp_codec.h"
#include "h_exec_int.h"

/* One path attribute as sent. */
struct h_wattr {
	uint8_t flags, type;
	const uint8_t *val;
	size_t len;
};

/* Attribute type in the UPDATE raw (header included); 1 found, 0 absent, -1
 * the attribute field does not parse. */
static int h_find_attr(const uint8_t *raw, size_t len, uint8_t type, struct h_wattr *out)
{
	size_t o = BGP_HEADER_LEN, end;

	if (len < o + 4)
		return -1;
	o += 2 + ((size_t)raw[o] << 8 | raw[o + 1]);
	if (o + 2 > len)
		return -1;
	end = o + 2 + ((size_t)raw[o] << 8 | raw[o + 1]);
	o += 2;
	if (end > len)
		return -1;
	while (o < end) {
		size_t hl = (raw[o] & BGP_AF_EXTENDED) ? 4 : 3, al;
		if (o + hl > end)
			return -1;
		al = hl == 4 ? ((size_t)raw[o + 2] << 8 | raw[o + 3]) : raw[o + 2];
		if (o + hl + al > end)
			return -1;
		if (raw[o + 1] == type) {
			*out = (struct h_wattr){raw[o], type, raw + o + hl, al};
			return 1;
		}
		o += hl + al;
	}
	return 0;
}

static void h_hex(const uint8_t *b, size_t n, char *out, size_t cap)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && o + 3 < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%02x", b[i]);
	if (n * 2 + 1 > cap && cap > 4)
		snprintf(out + cap - 4, 4, "...");
}

static uint32_t h_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* MED (4) or LOCAL_PREF (5) against its check. */
static int h_num_attr(const struct h_rx *r, uint8_t type, enum h_num_ck ck, uint32_t want,
                      const char *ps, char *obs, size_t cap)
{
	const char *name = type == BGP_ATTR_MED ? "MULTI_EXIT_DISC" : "LOCAL_PREF";
	struct h_wattr w;
	int f = h_find_attr(r->raw, r->len, type, &w);

	if (ck == H_NUM_ANY)
		return 1;
	if (f < 0) {
		snprintf(obs, cap, "%s: the UPDATE's attributes do not parse", ps);
		return 0;
	}
	if (ck == H_NUM_ABSENT && f == 1) {
		snprintf(obs, cap, "%s with %s %u", ps, name, w.len == 4 ? h_be32(w.val) : 0);
		return 0;
	}
	if (ck == H_NUM_EQ && (f == 0 || w.len != 4 || h_be32(w.val) != want)) {
		if (f == 0)
			snprintf(obs, cap, "%s without %s", ps, name);
		else
			snprintf(obs, cap, "%s with %s of %zu byte(s), %u", ps, name, w.len,
			         w.len == 4 ? h_be32(w.val) : 0);
		return 0;
	}
	return 1;
}

/* The value of attribute type holds n elements of size bytes, each one of
 * want[0..n), and each of want[] is among them: the same set in any order. */
static int h_set_attr(const struct h_rx *r, uint8_t type, const uint8_t *want, size_t n,
                      size_t size, const char *ps, char *obs, size_t cap)
{
	const char *name =
	    type == BGP_ATTR_LARGE_COMMUNITY ? "LARGE_COMMUNITY" : "EXTENDED_COMMUNITIES";
	struct h_wattr w = {0};
	char hx[96];
	int f = h_find_attr(r->raw, r->len, type, &w);
	bool ok = f >= 0 && (f == 1 ? w.len == n * size : n == 0);

	for (size_t i = 0; ok && i < 2 * n; i++) {
		/* i < n: want[i] was sent; i >= n: what was sent is wanted */
		const uint8_t *x = i < n ? want + i * size : w.val + (i - n) * size;
		const uint8_t *in = i < n ? w.val : want;
		bool found = false;
		for (size_t j = 0; !found && j < n; j++)
			found = !memcmp(x, in + j * size, size);
		ok = found;
	}
	if (ok)
		return 1;
	h_hex(w.val, w.len, hx, sizeof(hx));
	if (f == 0)
		snprintf(obs, cap, "%s without %s", ps, name);
	else
		snprintf(obs, cap, "%s with %s %s", ps, name, f < 0 ? "(unparsable)" : hx);
	return 0;
}

static int h_one_attr(const struct h_rx *r, const struct h_attr_ck *ck, const char *ps, char *obs,
                      size_t cap)
{
	struct h_wattr w;
	char hx[96];
	int f = h_find_attr(r->raw, r->len, ck->type, &w);

	if (f < 0) {
		snprintf(obs, cap, "%s: the UPDATE's attributes do not parse", ps);
		return 0;
	}
	if (ck->absent ? f == 0 : f == 1) {
		if (ck->absent)
			return 1;
		if ((ck->flags < 0 || (w.flags & 0xE0) == ck->flags) &&
		    (!ck->has_value || (w.len == ck->nvalue && !memcmp(w.val, ck->value, w.len))))
			return 1;
	}
	if (f == 0) {
		snprintf(obs, cap, "%s without attribute %u", ps, ck->type);
		return 0;
	}
	h_hex(w.val, w.len, hx, sizeof(hx));
	snprintf(obs, cap, "%s with attribute %u flags 0x%02x value %s", ps, ck->type, w.flags, hx);
	return 0;
}

int h_route_attrs_match(const struct h_alt *a, const struct h_rx *r, const char *ps, char *obs,
                        size_t cap)
{
	uint8_t large[H_MAX_ATTRS * 12];

	if (r == NULL || r->raw == NULL) {
		snprintf(obs, cap, "%s: no UPDATE announced it", ps);
		return 0;
	}
	if (!h_num_attr(r, BGP_ATTR_MED, a->med_ck, a->med, ps, obs, cap) ||
	    !h_num_attr(r, BGP_ATTR_LOCAL_PREF, a->lp_ck, a->local_pref, ps, obs, cap))
		return 0;
	for (size_t i = 0; i < a->nlarge; i++)
		for (size_t j = 0; j < 3; j++) {
			uint8_t *p = large + i * 12 + j * 4;
			p[0] = (uint8_t)(a->large[i][j] >> 24);
			p[1] = (uint8_t)(a->large[i][j] >> 16);
			p[2] = (uint8_t)(a->large[i][j] >> 8);
			p[3] = (uint8_t)a->large[i][j];
		}
	if (a->has_large &&
	    !h_set_attr(r, BGP_ATTR_LARGE_COMMUNITY, large, a->nlarge, 12, ps, obs, cap))
		return 0;
	if (a->has_ext &&
	    !h_set_attr(r, BGP_ATTR_EXT_COMMUNITIES, a->ext[0], a->next, 8, ps, obs, cap))
		return 0;
	for (size_t i = 0; i < a->nattr; i++)
		if (!h_one_attr(r, &a->attr[i], ps, obs, cap))
			return 0;
	return 1;
}
