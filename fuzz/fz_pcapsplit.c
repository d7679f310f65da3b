/* fz_pcapsplit: turn captured BGP sessions into seeds.
 *
 * Usage: fz_pcapsplit CORPUS_DIR FILE.pcap...
 * Reassembles each TCP direction in sequence order (any port: the harness
 * may listen elsewhere than 179), splits it on the BGP header length, infers the session context
 * from the two OPENs (4-octet AS and extended messages when both sides
 * offer them) and writes, named after the capture:
 *   fz_decode/ and fz_roundtrip/  pcap-<file>-<flow>-<n>.bin  one message each
 *   fz_open/                      pcap-<file>-<flow>-open.bin the OPEN body
 *   fz_frame/                     pcap-<file>-<flow>.bin      the whole stream
 * Identical messages (and streams) are written once. */
#include "fz_common.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FZ_MAX_FLOWS 256
#define FZ_STREAM_MAX (1u << 22)

struct fz_flow {
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	bool v6;
	bool have_seq;
	uint32_t next_seq;
	uint8_t *data;
	size_t len;
	bool as4, ext_msg; /* offered in this direction's OPEN */
};

static struct fz_flow fz_flows[FZ_MAX_FLOWS];
static size_t fz_nflows;
static uint32_t fz_seen[1 << 16];
static size_t fz_written;

static uint32_t fz_fnv(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h ? h : 1;
}

/* Whether these bytes were written before (a small open-addressing set). */
static bool fz_dup(const uint8_t *p, size_t n)
{
	uint32_t h = fz_fnv(p, n), i = h & 0xffff;

	while (fz_seen[i] != 0) {
		if (fz_seen[i] == h)
			return true;
		i = (i + 1) & 0xffff;
	}
	fz_seen[i] = h;
	return false;
}

static struct fz_flow *fz_flow_get(const uint8_t *src, const uint8_t *dst, size_t alen,
				   uint16_t sport, uint16_t dport)
{
	struct fz_flow *f;

	for (size_t i = 0; i < fz_nflows; i++) {
		f = &fz_flows[i];
		if (f->sport == sport && f->dport == dport && memcmp(f->src, src, alen) == 0 &&
		    memcmp(f->dst, dst, alen) == 0 && f->v6 == (alen == 16))
			return f;
	}
	if (fz_nflows == FZ_MAX_FLOWS)
		return NULL;
	f = &fz_flows[fz_nflows++];
	memset(f, 0, sizeof(*f));
	memcpy(f->src, src, alen);
	memcpy(f->dst, dst, alen);
	f->sport = sport;
	f->dport = dport;
	f->v6 = alen == 16;
	return f;
}

static void fz_flow_add(struct fz_flow *f, uint32_t seq, bool syn, const uint8_t *p, size_t n)
{
	if (syn) {
		f->have_seq = true;
		f->next_seq = seq + 1;
		return;
	}
	if (!f->have_seq) {
		f->have_seq = true;
		f->next_seq = seq;
	}
	if (n == 0 || seq != f->next_seq || f->len + n > FZ_STREAM_MAX)
		return; /* retransmission or a gap: keep the in-order bytes only */
	if (f->data == NULL && (f->data = malloc(FZ_STREAM_MAX)) == NULL)
		abort();
	memcpy(f->data + f->len, p, n);
	f->len += n;
	f->next_seq += (uint32_t)n;
}

/* One captured frame: find IPv4/IPv6 and TCP, feed the flow. */
static void fz_packet(int dlt, const uint8_t *p, size_t n)
{
	size_t off = 0, alen, ihl, tot;
	const uint8_t *src, *dst;
	uint16_t ethertype = 0;
	uint8_t proto;

	if (dlt == DLT_EN10MB) {
		if (n < 14)
			return;
		ethertype = (uint16_t)(p[12] << 8 | p[13]);
		off = 14;
		if (ethertype == 0x8100 && n >= 18) {
			ethertype = (uint16_t)(p[16] << 8 | p[17]);
			off = 18;
		}
	} else if (dlt == DLT_LINUX_SLL) {
		if (n < 16)
			return;
		ethertype = (uint16_t)(p[14] << 8 | p[15]);
		off = 16;
	} else if (dlt == DLT_NULL) {
		off = 4;
	} else if (dlt != DLT_RAW) {
		return;
	}
	if (off >= n)
		return;
	if ((p[off] >> 4) == 4 && (ethertype == 0 || ethertype == 0x0800)) {
		if (n < off + 20)
			return;
		ihl = (size_t)(p[off] & 15) * 4;
		proto = p[off + 9];
		src = p + off + 12;
		dst = p + off + 16;
		alen = 4;
		tot = (size_t)(p[off + 2] << 8 | p[off + 3]); /* drop Ethernet padding */
		if (off + tot < n)
			n = off + tot;
		off += ihl;
	} else if ((p[off] >> 4) == 6 && (ethertype == 0 || ethertype == 0x86dd)) {
		if (n < off + 40)
			return;
		proto = p[off + 6];
		src = p + off + 8;
		dst = p + off + 24;
		alen = 16;
		off += 40;
	} else {
		return;
	}
	if (proto != 6 || n < off + 20)
		return;
	{
		const uint8_t *t = p + off;
		uint16_t sport = (uint16_t)(t[0] << 8 | t[1]), dport = (uint16_t)(t[2] << 8 | t[3]);
		uint32_t seq = (uint32_t)t[4] << 24 | (uint32_t)t[5] << 16 | (uint32_t)t[6] << 8 | t[7];
		size_t doff = (size_t)(t[12] >> 4) * 4;
		struct fz_flow *f;

		if (n < off + doff)
			return;
		f = fz_flow_get(src, dst, alen, sport, dport);
		if (f != NULL)
			fz_flow_add(f, seq, t[13] & 0x02, t + doff, n - off - doff);
	}
}

static void fz_write(const char *dir, const char *target, const char *name, uint8_t b0,
		     const uint8_t *pre2, const uint8_t *p, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, target);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return;
	snprintf(path, sizeof(path), "%s/%s/%s.bin", dir, target, name);
	f = fopen(path, "wb");
	if (f == NULL)
		return;
	fputc(b0, f);
	if (pre2 != NULL)
		fputc(*pre2, f);
	fwrite(p, 1, n, f);
	fclose(f);
	fz_written++;
}

/* Capabilities 65 and 6 in an OPEN (both optional parameter forms). */
static void fz_open_caps(const uint8_t *m, size_t len, bool *as4, bool *ext)
{
	size_t off = 29, end;

	if (len < 29)
		return;
	end = 29 + m[28];
	if (m[28] == 255 && len >= 32 && m[29] == 255) { /* RFC 9072 */
		end = 32 + (size_t)(m[30] << 8 | m[31]);
		off = 32;
		while (off + 3 <= end && off + 3 <= len) {
			size_t plen = (size_t)(m[off + 1] << 8 | m[off + 2]);

			for (size_t c = off + 3; m[off] == 2 && c + 2 <= off + 3 + plen && c + 2 <= len;
			     c += 2 + m[c + 1]) {
				*as4 |= m[c] == 65;
				*ext |= m[c] == 6;
			}
			off += 3 + plen;
		}
		return;
	}
	while (off + 2 <= end && off + 2 <= len) {
		size_t plen = m[off + 1];

		for (size_t c = off + 2; m[off] == 2 && c + 2 <= off + 2 + plen && c + 2 <= len;
		     c += 2 + m[c + 1]) {
			*as4 |= m[c] == 65;
			*ext |= m[c] == 6;
		}
		off += 2 + plen;
	}
}

/* Length of the whole message at p, 0 when it is not one. */
static size_t fz_msg_len(const uint8_t *p, size_t avail)
{
	size_t len;

	if (avail < BGP_HEADER_LEN)
		return 0;
	for (int i = 0; i < 16; i++)
		if (p[i] != 0xff)
			return 0;
	len = (size_t)(p[16] << 8 | p[17]);
	return len >= BGP_HEADER_LEN && len <= avail ? len : 0;
}

static struct fz_flow *fz_reverse(const struct fz_flow *f)
{
	size_t alen = f->v6 ? 16 : 4;

	for (size_t i = 0; i < fz_nflows; i++) {
		struct fz_flow *r = &fz_flows[i];

		if (r->sport == f->dport && r->dport == f->sport && r->v6 == f->v6 &&
		    memcmp(r->src, f->dst, alen) == 0 && memcmp(r->dst, f->src, alen) == 0)
			return r;
	}
	return NULL;
}

static void fz_emit(const char *dir, const char *base)
{
	for (size_t i = 0; i < fz_nflows; i++) {
		struct fz_flow *f = &fz_flows[i];
		size_t len;

		for (size_t off = 0; (len = fz_msg_len(f->data + off, f->len - off)) > 0; off += len)
			if (f->data[off + 18] == BGP_OPEN)
				fz_open_caps(f->data + off, len, &f->as4, &f->ext_msg);
	}
	for (size_t i = 0; i < fz_nflows; i++) {
		struct fz_flow *f = &fz_flows[i], *r = fz_reverse(f);
		struct bgp_ctx ctx;
		char name[512];
		size_t len, k = 0;
		uint8_t b0, split = 0;

		if (f->len == 0)
			continue;
		memset(&ctx, 0, sizeof(ctx));
		ctx.as4 = f->as4 && r != NULL && r->as4;
		ctx.ext_msg = f->ext_msg && r != NULL && r->ext_msg;
		b0 = fz_ctx_to_byte(&ctx);
		snprintf(name, sizeof(name), "pcap-%s-%zu", base, i);
		if (!fz_dup(f->data, f->len < 65536 ? f->len : 65536))
			fz_write(dir, "fz_frame", name, b0, &split, f->data,
				 f->len < 65536 ? f->len : 65536);
		for (size_t off = 0; (len = fz_msg_len(f->data + off, f->len - off)) > 0; off += len) {
			const uint8_t *m = f->data + off;

			if (fz_dup(m, len))
				continue;
			snprintf(name, sizeof(name), "pcap-%s-%zu-%zu", base, i, k++);
			fz_write(dir, "fz_decode", name, (uint8_t)(b0 | FZ_CTX_FORMAT), NULL, m, len);
			fz_write(dir, "fz_roundtrip", name, b0, NULL, m, len);
			if (m[18] == BGP_OPEN) {
				snprintf(name, sizeof(name), "pcap-%s-%zu-open", base, i);
				fz_write(dir, "fz_open", name, b0, NULL, m + BGP_HEADER_LEN,
					 len - BGP_HEADER_LEN);
			}
		}
	}
}

/* "cases/CASE-ID/session.pcap" -> "CASE-ID-session": captures are often
 * named alike in per-case directories. */
static void fz_base_name(const char *path, char *out, size_t cap)
{
	const char *file = strrchr(path, '/'), *dir = NULL;

	if (file != NULL) {
		for (dir = file; dir > path && dir[-1] != '/'; dir--)
			;
		file++;
	} else {
		file = path;
	}
	if (dir != NULL && dir < file - 1)
		snprintf(out, cap, "%.*s-%s", (int)(file - 1 - dir), dir, file);
	else
		snprintf(out, cap, "%s", file);
	out[strcspn(out, ".")] = 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: fz_pcapsplit CORPUS_DIR FILE.pcap...\n");
		return 2;
	}
	if (mkdir(argv[1], 0755) != 0 && errno != EEXIST) {
		perror(argv[1]);
		return 1;
	}
	for (int a = 2; a < argc; a++) {
		char err[PCAP_ERRBUF_SIZE], base[256];
		struct pcap_pkthdr *h;
		const uint8_t *p;
		pcap_t *pc = pcap_open_offline(argv[a], err);
		int dlt;

		if (pc == NULL) {
			fprintf(stderr, "%s: %s\n", argv[a], err);
			continue;
		}
		dlt = pcap_datalink(pc);
		while (pcap_next_ex(pc, &h, &p) == 1)
			fz_packet(dlt, p, h->caplen);
		pcap_close(pc);
		fz_base_name(argv[a], base, sizeof(base));
		fz_emit(argv[1], base);
		for (size_t i = 0; i < fz_nflows; i++)
			free(fz_flows[i].data);
		fz_nflows = 0;
	}
	printf("fz_pcapsplit: %zu seed files written under %s\n", fz_written, argv[1]);
	return 0;
}
