/* h_lf_min.c: shrink a finding's message while the target still answers it
 * the same way (see h_lf.h). Greedy delta debugging over the UPDATE's path
 * attributes: drop one attribute at a time (lengths rewritten), keep the
 * drop when the signature holds. The attribute under test and the
 * mandatory ones always stay.
 * Each trial is one exchange run alone against the live target. */
#include "h_lf.h"

#include <string.h>

#define LF_MIN_TRIALS 24

struct h_lf_attr_span {
	size_t off, len; /* within the message */
};

/* The attributes of an UPDATE as their own lengths lay them out; 0 when the
 * layout is not walkable (then only whole-message trials are made). */
static size_t h_lf_spans(const struct h_lf_ex *e, struct h_lf_attr_span *sp, size_t cap,
                         size_t *attr_start, size_t *attr_end)
{
	const uint8_t *m = e->msg;
	size_t wl, al, off, n = 0;

	if (e->len < 23 || m[18] != BGP_UPDATE)
		return 0;
	wl = (size_t)m[19] << 8 | m[20];
	if (21 + wl + 2 > e->len)
		return 0;
	al = (size_t)m[21 + wl] << 8 | m[22 + wl];
	*attr_start = off = 23 + wl;
	*attr_end = off + al;
	if (*attr_end > e->len)
		return 0;
	while (off < *attr_end && n < cap) {
		size_t hl = m[off] & 0x10 ? 4 : 3, vl;

		if (off + hl > *attr_end)
			return 0;
		vl = hl == 4 ? ((size_t)m[off + 2] << 8 | m[off + 3]) : m[off + 2];
		if (off + hl + vl > *attr_end)
			return 0;
		sp[n].off = off;
		sp[n++].len = hl + vl;
		off += hl + vl;
	}
	return off == *attr_end ? n : 0;
}

/* e without the bytes [off, off+len) of its attributes, lengths rewritten. */
static void h_lf_cut(const struct h_lf_ex *e, size_t attr_len_at, size_t off, size_t len,
                     struct h_lf_ex *out)
{
	size_t al;

	*out = *e;
	memmove(out->msg + off, e->msg + off + len, e->len - off - len);
	out->len = e->len - len;
	out->msg[16] = (uint8_t)(out->len >> 8);
	out->msg[17] = (uint8_t)out->len;
	al = ((size_t)e->msg[attr_len_at] << 8 | e->msg[attr_len_at + 1]) - len;
	out->msg[attr_len_at] = (uint8_t)(al >> 8);
	out->msg[attr_len_at + 1] = (uint8_t)al;
}

static bool h_lf_same(struct h_lf_world *w, struct h_lf_ex *cand, const char *sig)
{
	struct h_lf_obs o;
	char s2[200], why[256];

	h_lf_ex_expect_codec(cand);
	if (h_lf_run_alone(w, cand, &o))
		return false;
	if (!h_lf_is_finding(cand, &o, why, sizeof(why)))
		return false;
	h_lf_signature(cand, &o, s2, sizeof(s2));
	return strcmp(s2, sig) == 0;
}

/* Whether the codec judges e as the generator's table did; if not, the
 * minimiser would chase another expectation than the finding's. */
static bool h_lf_codec_agrees(const struct h_lf_ex *e)
{
	struct h_lf_ex cand = *e;
	struct h_lf_obs none = {0};
	char s1[200], s2[200];

	h_lf_ex_expect_codec(&cand);
	h_lf_signature(&cand, &none, s2, sizeof(s2));
	h_lf_signature(e, &none, s1, sizeof(s1));
	return strcmp(s1, s2) == 0;
}

void h_lf_minimise(struct h_lf_world *w, struct h_lf_ex *e, const char *sig)
{
	struct h_lf_attr_span sp[64];
	struct h_lf_ex cand, orig = *e;
	size_t n, as, ae, trials = 0, i = 0;

	if (!h_lf_codec_agrees(e))
		return;
	while (trials < LF_MIN_TRIALS) {
		n = h_lf_spans(e, sp, 64, &as, &ae);
		if (i >= n)
			break;
		/* the attribute under test stays, and so do the mandatory ones
		 * (ORIGIN, AS_PATH, NEXT_HOP), so the case shows one fault */
		if (e->msg[sp[i].off + 1] == e->attr || e->msg[sp[i].off + 1] <= 3) {
			i++;
			continue;
		}
		h_lf_cut(e, as - 2, sp[i].off, sp[i].len, &cand);
		trials++;
		if (h_lf_same(w, &cand, sig))
			*e = cand; /* the next attribute moved into slot i */
		else
			i++;
	}
	if (e->len > orig.len)
		*e = orig;
}
