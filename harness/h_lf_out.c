/* h_lf_out.c: what the live fuzzer leaves behind (see h_lf.h): one folder
 * per finding with a catalogue case and the pcap of its replay, and
 * findings.json, findings.md and state.json (for --resume) beside them. */
#include "h_lf.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static uint32_t h_lf_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

void h_lf_case_id(const struct h_lf_finding *f, char *id, size_t cap)
{
	char rule[32];
	size_t i;

	snprintf(rule, sizeof(rule), "%s", f->ex.rule[0] ? f->ex.rule : LF_RULE_WELL_FORMED);
	for (i = 0; rule[i]; i++)
		if (rule[i] == ' ')
			rule[i] = '-';
	snprintf(id, cap, "%s-FUZZ-%08x", rule, h_lf_hash(f->sig));
}

void h_lf_finding_dir(const char *out, const struct h_lf_finding *f, char *dir, size_t cap)
{
	char id[64];

	h_lf_case_id(f, id, sizeof(id));
	snprintf(dir, cap, "%s/%s", out, id);
}

/* The expectations that hold for the RFC's outcome, then the other peer's. */
static void h_lf_case_expect(FILE *f, const struct h_lf_ex *e, const char *p)
{
	if (e->allowed == LF_BIT(LF_O_WITHDRAWN)) {
		fprintf(f, "expect feeder up for 0.5s\nexpect sink withdrawn %s/24 within 2s\n", p);
	} else if (e->allowed == LF_BIT(LF_O_PRESENT)) {
		fprintf(f, "expect feeder up for 0.5s\nexpect sink route %s/24 within 2s\n", p);
	} else if (e->allowed == LF_BIT(LF_O_RESET) && e->code >= 0) {
		if (e->subcode >= 0)
			fprintf(f, "expect feeder notification %d/%d within 2s\n", e->code,
			        e->subcode);
		else
			fprintf(f, "expect feeder notification %d/* within 2s\n", e->code);
	} else if (e->allowed == LF_BIT(LF_O_CLOSED)) {
		fprintf(f, "expect feeder closed within 2s\n");
	}
	fprintf(f, "expect sink up for 1s\n");
}

int h_lf_write_case(const char *path, const struct h_lf_target *t, const struct h_lf_finding *fd,
                    uint64_t seed, char *id, size_t idcap)
{
	const struct h_lf_ex *e = &fd->ex;
	FILE *f = fopen(path, "w");
	char p[16];

	if (!f)
		return -1;
	h_lf_case_id(fd, id, idcap);
	bgp_addr_format_ipv4(h_lf_prefix_of(e->index, false), p, sizeof(p));
	fprintf(f, "id          %s\nlevel       MUST\n", id);
	fprintf(f, "title       Live fuzzing: %s\n", e->what);
	fprintf(f, "requirement %s: %s (%s). Found by rscert fuzz --seed %llu (exchange %llu)\n",
	        e->rule, e->why, e->family, (unsigned long long)seed, (unsigned long long)e->index);
	fprintf(f,
	        "requirement against %s, which answered: %s. The other peer's session must not\n",
	        t->name, fd->why);
	fprintf(f, "requirement be disturbed.\nkeywords    fuzz finding %s\n\n", e->family);
	fprintf(f,
	        "nva feeder asn %u address 10.0.1.4 subnet 10.0.1.0/24 gateway 10.0.1.1 "
	        "static 10.0.255.0/27 via 10.0.1.1 peers IN_0\n",
	        t->feeder_as);
	fprintf(f,
	        "nva sink asn %u address 10.0.2.4 subnet 10.0.2.0/24 gateway 10.0.2.1 "
	        "static 10.0.255.0/27 via 10.0.2.1 peers IN_0\n\n",
	        t->sink_as);
	fprintf(f, "connect feeder\nconnect sink\nexpect feeder established within 2s\n"
	           "expect sink established within 2s\n");
	fprintf(f, "announce feeder %s/24\nexpect sink route %s/24 within 2s\n", p, p);
	for (size_t off = 0; off < e->len; off += 48) {
		fprintf(f, "send feeder hex ");
		for (size_t i = off; i < e->len && i < off + 48; i++)
			fprintf(f, "%02x", e->msg[i]);
		fprintf(f, "\n");
	}
	h_lf_case_expect(f, e, p);
	return fclose(f) ? -1 : 0;
}

static const char *h_lf_expected_text(const struct h_lf_ex *e, char *buf, size_t cap)
{
	size_t n;

	h_lf_allowed_text(e->allowed, buf, cap);
	n = strlen(buf);
	if (e->code >= 0 && (e->allowed & LF_BIT(LF_O_RESET)) && n < cap)
		snprintf(buf + n, cap - n, " %d/%d", e->code, e->subcode);
	return buf;
}

/* What the target did, e.g. "reset 3/1", "withdrawn", "gone". */
static const char *h_lf_seen_text(const struct h_lf_obs *o, char *buf, size_t cap)
{
	if (o->cls == LF_O_RESET)
		snprintf(buf, cap, "%s %u/%u", h_lf_obs_name(o->cls), o->code, o->subcode);
	else
		snprintf(buf, cap, "%s", h_lf_obs_name(o->cls));
	return buf;
}

static json_t *h_lf_finding_json(const char *dir, const struct h_lf_target *t,
                                 const struct h_lf_finding *fd, uint64_t seed)
{
	char id[64], path[700], fdir[600], exp[128], seen[64], hex[2 * sizeof(fd->ex.msg) + 1];
	size_t i;

	h_lf_finding_dir(dir, fd, fdir, sizeof(fdir));
	mkdir(fdir, 0755);
	h_lf_case_id(fd, id, sizeof(id));
	snprintf(path, sizeof(path), "%s/%s.case", fdir, id);
	h_lf_write_case(path, t, fd, seed, id, sizeof(id));
	for (i = 0; i < fd->ex.len; i++)
		snprintf(hex + 2 * i, 3, "%02x", fd->ex.msg[i]);
	hex[2 * i] = 0;
	return json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:I, s:s, s:s, s:s}", "id", id,
	    "signature", fd->sig, "family", fd->ex.family, "what", fd->ex.what, "rule", fd->ex.rule,
	    "expected", h_lf_expected_text(&fd->ex, exp, sizeof(exp)), "seen",
	    h_lf_seen_text(&fd->obs, seen, sizeof(seen)), "finding", fd->why, "count",
	    (int)fd->count, "first_exchange", (json_int_t)fd->first_index, "message", hex, "case",
	    path + strlen(dir) + 1, "pcap", fd->ex.len ? "replay.pcap" : "");
}

static int h_lf_write_md(const char *dir, const struct h_lf_target *t, const struct h_lf_stats *st)
{
	char path[600], id[64], exp[128], seen[64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/findings.md", dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f,
	        "# Live fuzzing findings: %s\n\n%llu exchanges in %.0f s (%.0f/s), %zu "
	        "distinct findings.\n\n| case | message | expected (why) | seen | count |\n"
	        "| --- | --- | --- | --- | --- |\n",
	        t->name, (unsigned long long)st->exchanges, st->seconds,
	        st->seconds > 0 ? (double)st->exchanges / st->seconds : 0.0, st->nfind);
	for (size_t i = 0; i < st->nfind; i++) {
		h_lf_case_id(&st->find[i], id, sizeof(id));
		fprintf(f, "| %s | %s | %s (%s) | %s | %u |\n", id, st->find[i].ex.what,
		        h_lf_expected_text(&st->find[i].ex, exp, sizeof(exp)), st->find[i].ex.why,
		        h_lf_seen_text(&st->find[i].obs, seen, sizeof(seen)), st->find[i].count);
	}
	return fclose(f) ? -1 : 0;
}

int h_lf_write(const char *dir, const struct h_lf_target *t, const struct h_lf_opts *o,
               const struct h_lf_stats *st, char *err, size_t errcap)
{
	json_t *root = json_object(), *arr = json_array(), *state;
	char path[600];

	for (size_t i = 0; i < st->nfind; i++)
		json_array_append_new(arr, h_lf_finding_json(dir, t, &st->find[i], o->seed));
	json_object_set_new(root, "target", json_string(t->name));
	json_object_set_new(root, "seed", json_integer((json_int_t)o->seed));
	json_object_set_new(root, "first_exchange", json_integer((json_int_t)o->start));
	json_object_set_new(root, "next_exchange", json_integer((json_int_t)st->next_index));
	json_object_set_new(root, "exchanges", json_integer((json_int_t)st->exchanges));
	json_object_set_new(root, "seconds", json_real(st->seconds));
	json_object_set_new(root, "confirmed", json_integer((json_int_t)st->confirmed));
	json_object_set_new(root, "unconfirmed", json_integer((json_int_t)st->unconfirmed));
	json_object_set_new(root, "target_restarts", json_integer((json_int_t)t->restarts));
	json_object_set_new(root, "findings", arr);
	snprintf(path, sizeof(path), "%s/findings.json", dir);
	if (json_dump_file(root, path, JSON_INDENT(2) | JSON_SORT_KEYS)) {
		snprintf(err, errcap, "cannot write %s: %s", path, strerror(errno));
		json_decref(root);
		return -1;
	}
	json_decref(root);
	state = json_pack("{s:I, s:I}", "seed", (json_int_t)o->seed, "next_exchange",
	                  (json_int_t)st->next_index);
	snprintf(path, sizeof(path), "%s/state.json", dir);
	json_dump_file(state, path, JSON_INDENT(2));
	json_decref(state);
	if (h_lf_write_md(dir, t, st)) {
		snprintf(err, errcap, "cannot write %s/findings.md", dir);
		return -1;
	}
	return 0;
}
