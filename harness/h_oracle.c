/* h_oracle.c: the sender oracle of one case. It hooks every session of the
 * case's fake NVAs (h_world_add_rx_hook), walks each session's received
 * messages and closes in order through the checks of h_oracle_check.c,
 * keeps the first violations in full (rule, NVA, time, the message decoded
 * and in hex) and folds them into the case's result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_codec.h"
#include "h_case.h"
#include "h_oracle_check.h"

#define H_ORACLE_KEEP 8 /* violations kept in full */

struct h_ofound {
	enum h_orule rule;
	char how[160];
	char nva[32];
	int inst;
	double t;
	uint8_t *raw; /* the message, NULL for a gap before a close */
	size_t len;
	char decoded[400];
};

struct h_osess {
	struct h_ocheck_conn conn;
	struct h_ocheck_peer peer;
	size_t next; /* the next received record to judge */
};

struct h_oracle {
	struct h_world *w;
	struct h_oracle_cfg cfg;
	size_t nnva;
	struct h_osess (*s)[2];
	size_t count;
	unsigned by_rule[H_OR_COUNT];
	size_t nkept;
	struct h_ofound kept[H_ORACLE_KEEP];
};

static const struct h_oracle_cfg h_oracle_default; /* prepend, nothing declared */

/* ---- profile lines ---- */
int h_oracle_cfg_line(struct h_oracle_cfg *cfg, const char *key, const char *rest, char *err,
                      size_t errcap)
{
	char id[48];
	int n = 0;
	enum h_orule r;

	if (!strcmp(key, "oracle-as-path")) {
		if (strcmp(rest, "prepend") && strcmp(rest, "transparent")) {
			snprintf(err, errcap,
			         "oracle-as-path is 'prepend' or 'transparent', not '%.40s'", rest);
			return -1;
		}
		cfg->aspath = strcmp(rest, "prepend") ? H_OAS_TRANSPARENT : H_OAS_PREPEND;
		return 0;
	}
	if (strcmp(key, "oracle-xfail")) {
		snprintf(err, errcap, "unknown setting '%.40s' (oracle-xfail, oracle-as-path)",
		         key);
		return -1;
	}
	if (sscanf(rest, "%47s %n", id, &n) != 1 || !rest[n]) {
		snprintf(err, errcap, "oracle-xfail needs a rule and a reason");
		return -1;
	}
	r = h_oracle_rule_find(id);
	if (r == H_OR_COUNT) {
		snprintf(err, errcap, "oracle-xfail: no oracle rule '%.47s' (docs/ORACLE.md)", id);
		return -1;
	}
	if (cfg->xfail[r][0]) {
		snprintf(err, errcap, "oracle-xfail: %.47s is declared on an earlier line", id);
		return -1;
	}
	if (strlen(rest + n) >= sizeof(cfg->xfail[r])) {
		snprintf(err, errcap, "oracle-xfail: the reason is over %zu characters",
		         sizeof(cfg->xfail[r]) - 1);
		return -1;
	}
	snprintf(cfg->xfail[r], sizeof(cfg->xfail[r]), "%s", rest + n);
	return 0;
}

const char *h_oracle_cfg_xfail(const struct h_oracle_cfg *cfg, enum h_orule r)
{
	return r < H_OR_COUNT && cfg->xfail[r][0] ? cfg->xfail[r] : NULL;
}

/* ---- recording ---- */
void h_oracle_record(struct h_oracle *o, const char *nva, int inst, const struct h_oviol *v,
                     const struct h_rx *r, double t)
{
	struct h_ofound *f;

	o->count++;
	o->by_rule[v->rule]++;
	if (o->nkept == H_ORACLE_KEEP)
		return;
	f = &o->kept[o->nkept++];
	memset(f, 0, sizeof(*f));
	f->rule = v->rule;
	snprintf(f->how, sizeof(f->how), "%s", v->how);
	snprintf(f->nva, sizeof(f->nva), "%s", nva);
	f->inst = inst;
	f->t = t;
	if (!r || !r->raw)
		return;
	if (r->msg)
		bgp_format(r->msg, f->decoded, sizeof(f->decoded));
	else
		snprintf(f->decoded, sizeof(f->decoded), "undecodable: %s",
		         r->verdict.reason ? r->verdict.reason : "?");
	f->raw = malloc(r->len);
	if (f->raw) {
		memcpy(f->raw, r->raw, r->len);
		f->len = r->len;
	}
}

/* A violation on session s: on the case's timeline, and recorded. */
static void h_oracle_keep(struct h_oracle *o, const struct h_sess *s, const struct h_oviol *v,
                          const struct h_rx *r, double t)
{
	h_world_note(o->w, s, "sender oracle: %s: %s", h_oracle_rule(v->rule)->id, v->how);
	h_oracle_record(o, h_sess_nva_name(s), h_sess_inst(s), v, r, t);
}

/* Judge the session's records not judged yet. */
static void h_oracle_walk(struct h_oracle *o, const struct h_sess *s, struct h_osess *os)
{
	struct h_oviol v[8];
	size_t n, i, nrx = h_sess_nrx(s);

	struct h_peer_open own;

	os->peer.raw = !h_sess_own_open(s, &own);
	os->peer.caps = own.caps;
	os->peer.hold = own.hold;
	for (; os->next < nrx; os->next++) {
		const struct h_rx *r = h_sess_rx(s, os->next);
		if (r->type == 0) {
			n = h_ocheck_end(&os->conn, &os->peer, r->t_empty, v, 8);
			r = NULL;
		} else {
			os->peer.ebgp = !r->ctx.ibgp;
			n = h_ocheck_msg(&os->conn, &os->peer, r, v, 8);
		}
		for (i = 0; i < n && i < 8; i++)
			h_oracle_keep(o, s, &v[i], r, r ? r->t : h_sess_rx(s, os->next)->t);
	}
}

static struct h_osess *h_oracle_find(struct h_oracle *o, const struct h_sess *s)
{
	size_t i;
	int k;

	for (i = 0; i < o->nnva; i++)
		for (k = 0; k < 2; k++)
			if (h_world_sess(o->w, i, k) == s)
				return &o->s[i][k];
	return NULL;
}

static void h_oracle_hook(void *arg, const struct h_sess *s, const struct h_rx *r)
{
	struct h_oracle *o = arg;
	struct h_osess *os = h_oracle_find(o, s);

	(void)r; /* stored already: the walk reaches it, after any close before it */
	if (os)
		h_oracle_walk(o, s, os);
}

/* ---- the case ---- */
struct h_oracle *h_oracle_new(const struct h_case *c, struct h_world *w,
                              const struct h_oracle_cfg *cfg, double scale)
{
	struct h_oracle *o = calloc(1, sizeof(*o));
	size_t i;

	if (!o)
		return NULL;
	o->w = w;
	o->cfg = cfg ? *cfg : h_oracle_default;
	o->nnva = w ? h_world_nvas(w) : 0;
	o->s = calloc(o->nnva ? o->nnva : 1, sizeof(*o->s));
	if (!o->s || (w && h_world_add_rx_hook(w, h_oracle_hook, o))) {
		h_oracle_free(o);
		return NULL;
	}
	for (i = 0; i < o->nnva && i < c->nnvas; i++) {
		const struct h_nva_spec *sp = &c->nvas[i];
		char src[20];
		uint32_t a = 0;
		h_world_nva_addr(w, i, src, sizeof(src));
		bgp_addr_parse_ipv4(src, &a);
		for (int k = 0; k < 2; k++)
			o->s[i][k].peer = (struct h_ocheck_peer){
			    .addr = sp->addr, .src = a, .scale = scale, .aspath = o->cfg.aspath};
	}
	return o;
}

void h_oracle_finish(struct h_oracle *o)
{
	struct h_oviol v[4];
	size_t i, n;
	int k;

	for (i = 0; i < o->nnva; i++)
		for (k = 0; k < 2; k++) {
			const struct h_sess *s = h_world_sess(o->w, i, k);
			struct h_osess *os = &o->s[i][k];
			h_oracle_walk(o, s, os);
			if (!os->conn.open)
				continue;
			n = h_ocheck_end(&os->conn, &os->peer, h_sess_t_empty(s), v, 4);
			for (size_t j = 0; j < n && j < 4; j++)
				h_oracle_keep(o, s, &v[j], NULL, h_world_now(o->w));
		}
}

size_t h_oracle_count(const struct h_oracle *o)
{
	return o->count;
}

void h_oracle_free(struct h_oracle *o)
{
	size_t i;

	if (!o)
		return;
	for (i = 0; i < o->nkept; i++)
		free(o->kept[i].raw);
	free(o->s);
	free(o);
}

/* ---- what the report shows ---- */
static size_t h_oracle_hex(const uint8_t *b, size_t len, char *out, size_t cap)
{
	size_t i, o = 0;

	if (cap)
		out[0] = '\0';
	for (i = 0; i < len && o + 3 < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%02x", b[i]);
	return i;
}

int h_oracle_write(const struct h_oracle *o, const char *path)
{
	FILE *f = fopen(path, "w");
	size_t i;

	if (!f)
		return -1;
	fprintf(f, "# sender oracle: %zu violation(s), the first %zu in full (docs/ORACLE.md)\n",
	        o->count, o->nkept);
	for (i = 0; i < o->nkept; i++) {
		const struct h_ofound *k = &o->kept[i];
		const struct h_oracle_rule *r = h_oracle_rule(k->rule);
		fprintf(f, "\n%s (%s): %s\n  %s <- IN_%d at %.3f s: %s\n", r->id, r->rfc, r->text,
		        k->nva, k->inst, k->t, k->how);
		if (k->raw) {
			fprintf(f, "  decoded: %s\n  hex (%zu octets):", k->decoded, k->len);
			for (size_t j = 0; j < k->len; j++)
				fprintf(f, "%s%02x", j % 32 ? "" : "\n    ", k->raw[j]);
			fputc('\n', f);
		}
	}
	return fclose(f) ? -1 : 0;
}

/* Whether every rule violated is declared in the profile. */
static bool h_oracle_all_declared(const struct h_oracle *o)
{
	int r;

	for (r = 0; r < H_OR_COUNT; r++)
		if (o->by_rule[r] && !h_oracle_cfg_xfail(&o->cfg, (enum h_orule)r))
			return false;
	return true;
}

/* The first violation of a rule the profile does not declare (any, when all
 * are declared). */
static const struct h_ofound *h_oracle_first(const struct h_oracle *o)
{
	size_t i;

	for (i = 0; i < o->nkept; i++)
		if (!h_oracle_cfg_xfail(&o->cfg, o->kept[i].rule))
			return &o->kept[i];
	return o->nkept ? &o->kept[0] : NULL;
}

/* "SEND-X (RFC ...): how; nva1 <- IN_0 at 0.41 s: UPDATE ...; hex ffff..." */
static void h_oracle_line(const struct h_oracle *o, const struct h_ofound *k, char *out, size_t cap)
{
	const struct h_oracle_rule *r = h_oracle_rule(k->rule);
	char hex[97];
	size_t shown = k->raw ? h_oracle_hex(k->raw, k->len, hex, sizeof(hex)) : 0;

	snprintf(out, cap,
	         "sender oracle %s (%s), %zu violation(s): %s; %s <- IN_%d at %.3f s%s%.160s%s%s%s",
	         r->id, r->rfc, o->count, k->how, k->nva, k->inst, k->t, k->raw ? ": " : "",
	         k->raw ? k->decoded : "", k->raw ? "; hex " : "", k->raw ? hex : "",
	         shown < k->len ? "..." : "");
}

void h_oracle_judge(const struct h_oracle *o, struct h_case_result *r)
{
	const struct h_ofound *k = h_oracle_first(o);
	const struct h_oracle_rule *rule;
	char line[sizeof(r->reason)];
	size_t l;

	if (!o->count || !k || (r->verdict != H_PASS && r->verdict != H_FAIL))
		return;
	rule = h_oracle_rule(k->rule);
	h_oracle_line(o, k, line, sizeof(line));
	if (r->verdict == H_FAIL) {
		l = strlen(r->reason);
		snprintf(r->reason + l, sizeof(r->reason) - l, " [%s]", line);
		return;
	}
	r->failed_line = 0;
	snprintf(r->expected, sizeof(r->expected), "%s: %s", rule->id, rule->text);
	snprintf(r->observed, sizeof(r->observed), "%s", line);
	if (h_oracle_all_declared(o)) {
		r->verdict = H_XFAIL;
		snprintf(r->reason, sizeof(r->reason), "%.300s [known deviation: %s]", line,
		         h_oracle_cfg_xfail(&o->cfg, k->rule));
	} else {
		r->verdict = H_FAIL;
		snprintf(r->reason, sizeof(r->reason), "%s", line);
	}
}

void h_oracle_report(const struct h_oracle *o, const char *case_dir, const char *case_rel,
                     struct h_case_result *r)
{
	char path[600];
	size_t l;

	h_oracle_judge(o, r);
	if (!o->count || !case_dir)
		return;
	snprintf(path, sizeof(path), "%s/oracle.txt", case_dir);
	if (h_oracle_write(o, path) || !case_rel)
		return;
	l = strlen(r->reason);
	if (l + 40 < sizeof(r->reason))
		snprintf(r->reason + l, sizeof(r->reason) - l, " (in full: %s/oracle.txt)",
		         case_rel);
}
