/* bgp_aspath.c: AS_PATH and AS4_PATH (RFC 4271 4.3, RFC 6793 4.2.3,
 * RFC 7606 7.2, RFC 5065 3). */
#include "bgp_int.h"

#include <stdio.h>

static bool bgp_seg_type_ok(uint8_t t, bool allow_confed)
{
	if (t == BGP_SEG_SET || t == BGP_SEG_SEQUENCE)
		return true;
	return allow_confed && (t == BGP_SEG_CONFED_SEQUENCE || t == BGP_SEG_CONFED_SET);
}

int bgp_as_path_decode(const uint8_t *p, size_t len, unsigned asn_size, bool allow_confed,
                       struct bgp_arena *arena, struct bgp_as_path *out)
{
	size_t off = 0, nseg = 0, nasn = 0;
	uint32_t *asns;

	out->nseg = 0;
	out->segs = NULL;
	/* First pass: RFC 7606 7.2 structure checks and sizes. */
	while (off < len) {
		uint8_t type, count;

		if (len - off < 2)
			return -1; /* underrun: one octet left */
		type = p[off];
		count = p[off + 1];
		if (!bgp_seg_type_ok(type, allow_confed) || count == 0)
			return -1;
		off += 2;
		if (len - off < (size_t)count * asn_size)
			return -1; /* overrun */
		off += (size_t)count * asn_size;
		nseg++;
		nasn += count;
	}
	if (nseg == 0)
		return 0;
	out->segs = bgp_arena_alloc(arena, nseg * sizeof(*out->segs));
	asns = bgp_arena_alloc(arena, nasn * sizeof(*asns));
	if (out->segs == NULL || asns == NULL)
		return -2;
	off = 0;
	for (size_t s = 0; s < nseg; s++) {
		struct bgp_as_segment *seg = &out->segs[s];

		seg->type = p[off];
		seg->count = p[off + 1];
		seg->asns = asns;
		off += 2;
		for (unsigned i = 0; i < seg->count; i++) {
			asns[i] = asn_size == 4 ? bgp_get32(p + off) : bgp_get16(p + off);
			off += asn_size;
		}
		asns += seg->count;
	}
	out->nseg = nseg;
	return 0;
}

static bool bgp_seg_is_confed(uint8_t t)
{
	return t == BGP_SEG_CONFED_SEQUENCE || t == BGP_SEG_CONFED_SET;
}

void bgp_as_path_write(struct bgp_wbuf *w, const struct bgp_as_path *p, unsigned asn_size,
                       bool skip_confed)
{
	for (size_t s = 0; s < p->nseg; s++) {
		const struct bgp_as_segment *seg = &p->segs[s];

		if (seg->count == 0 || (skip_confed && bgp_seg_is_confed(seg->type)))
			continue;
		bgp_wb_u8(w, seg->type);
		bgp_wb_u8(w, seg->count);
		for (unsigned i = 0; i < seg->count; i++) {
			uint32_t as = seg->asns[i];

			if (asn_size == 4)
				bgp_wb_u32(w, as);
			else
				bgp_wb_u16(w, (uint16_t)(as > 0xffff ? BGP_AS_TRANS : as));
		}
	}
}

bool bgp_as_path_has_as4(const struct bgp_as_path *p)
{
	for (size_t s = 0; s < p->nseg; s++)
		for (unsigned i = 0; i < p->segs[s].count; i++)
			if (p->segs[s].asns[i] > 0xffff)
				return true;
	return false;
}

unsigned bgp_as_path_length(const struct bgp_as_path *p)
{
	unsigned n = 0;

	for (size_t s = 0; s < p->nseg; s++) {
		if (p->segs[s].type == BGP_SEG_SEQUENCE)
			n += p->segs[s].count;
		else if (p->segs[s].type == BGP_SEG_SET)
			n += 1;
	}
	return n;
}

int bgp_as_path_contains(const struct bgp_as_path *p, uint32_t asn)
{
	for (size_t s = 0; s < p->nseg; s++)
		for (unsigned i = 0; i < p->segs[s].count; i++)
			if (p->segs[s].asns[i] == asn)
				return 1;
	return 0;
}

int bgp_as_path_merge_as4(const struct bgp_as_path *as_path, const struct bgp_as_path *as4_path,
                          struct bgp_arena *arena, struct bgp_as_path *out)
{
	unsigned len2 = bgp_as_path_length(as_path), len4 = bgp_as_path_length(as4_path);
	unsigned keep;
	size_t nseg = 0, cap = as_path->nseg + as4_path->nseg;
	struct bgp_as_segment *segs;

	/* RFC 6793 4.2.3: an AS4_PATH longer than AS_PATH is ignored. */
	if (as4_path->nseg == 0 || len4 > len2) {
		*out = *as_path;
		return 0;
	}
	keep = len2 - len4;
	segs = bgp_arena_alloc(arena, (cap ? cap : 1) * sizeof(*segs));
	if (segs == NULL)
		return -1;
	for (size_t s = 0; s < as_path->nseg; s++) {
		const struct bgp_as_segment *seg = &as_path->segs[s];

		if (bgp_seg_is_confed(seg->type)) {
			segs[nseg++] = *seg;
			continue;
		}
		if (keep == 0)
			break;
		segs[nseg] = *seg;
		if (seg->type == BGP_SEG_SEQUENCE) {
			if (seg->count > keep)
				segs[nseg].count = (uint8_t)keep;
			keep -= segs[nseg].count;
		} else {
			keep -= 1;
		}
		nseg++;
	}
	for (size_t s = 0; s < as4_path->nseg; s++) {
		const struct bgp_as_segment *seg = &as4_path->segs[s];
		struct bgp_as_segment *last = nseg > 0 ? &segs[nseg - 1] : NULL;

		if (s == 0 && last != NULL && last->type == BGP_SEG_SEQUENCE &&
		    seg->type == BGP_SEG_SEQUENCE && last->count + seg->count <= 255) {
			uint32_t *asns = bgp_arena_alloc(arena, (size_t)(last->count + seg->count) *
			                                            sizeof(*asns));

			if (asns == NULL)
				return -1;
			memcpy(asns, last->asns, last->count * sizeof(*asns));
			memcpy(asns + last->count, seg->asns, seg->count * sizeof(*asns));
			last->asns = asns;
			last->count = (uint8_t)(last->count + seg->count);
			continue;
		}
		segs[nseg++] = *seg;
	}
	out->nseg = nseg;
	out->segs = segs;
	return 0;
}

static void bgp_fmt_seg(const struct bgp_as_segment *seg, const char *sep, char *out, size_t cap,
                        size_t *n)
{
	const char *open = "", *close = "", *in = sep;

	switch (seg->type) {
	case BGP_SEG_SET:
		open = "{";
		close = "}";
		in = " ";
		break;
	case BGP_SEG_CONFED_SEQUENCE:
		open = "(";
		close = ")";
		in = " ";
		break;
	case BGP_SEG_CONFED_SET:
		open = "[";
		close = "]";
		in = " ";
		break;
	default:
		break;
	}
	bgp_fmt(out, cap, n, "%s", open);
	for (unsigned i = 0; i < seg->count; i++)
		bgp_fmt(out, cap, n, "%s%u", i ? in : "", (unsigned)seg->asns[i]);
	bgp_fmt(out, cap, n, "%s", close);
}

size_t bgp_format_as_path(const struct bgp_as_path *p, const char *sep, char *out, size_t cap)
{
	size_t n = 0;

	if (sep == NULL)
		sep = " ";
	if (cap > 0)
		out[0] = '\0';
	for (size_t s = 0; s < p->nseg; s++) {
		if (s > 0)
			bgp_fmt(out, cap, &n, "%s", sep);
		bgp_fmt_seg(&p->segs[s], sep, out, cap, &n);
	}
	return n;
}
