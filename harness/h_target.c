/* h_target.c: the target profile reader and its rules. */
#include "h_target.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_addr.h"

/* A rule line: a case-ID glob, then its reason or alternatives. */
static int h_target_rule(struct h_target *t, struct h_target_rules *rules, const char *rest)
{
	const char *sp = strchr(rest, ' ');
	struct h_target_rule *r;

	if (rules->n == rules->cap) {
		size_t cap = rules->cap ? 2 * rules->cap : 16;
		struct h_target_rule *v = realloc(rules->v, cap * sizeof(*v));

		if (!v) {
			snprintf(t->error, sizeof(t->error), "out of memory");
			return -1;
		}
		rules->v = v;
		rules->cap = cap;
	}
	r = &rules->v[rules->n];
	if (!sp || (size_t)(sp - rest) >= sizeof(r->glob))
		return -1;
	snprintf(r->glob, sizeof(r->glob), "%.*s", (int)(sp - rest), rest);
	while (*sp == ' ')
		sp++;
	/* a reason cut short would mislead whoever reads the report */
	if (!*sp || strlen(sp) >= sizeof(r->text))
		return -1;
	snprintf(r->text, sizeof(r->text), "%s", sp);
	rules->n++;
	return 0;
}

void h_target_free(struct h_target *t)
{
	free(t->outcome.v);
	free(t->skip.v);
	free(t->xfail.v);
	t->outcome = t->skip = t->xfail = (struct h_target_rules){0};
}

/* A whole decimal number up to max: no sign, no trailing text (sscanf's %u
 * takes "-1" and "12abc"). */
static int h_target_num(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno || *end || *out > max ? -1 : 0;
}

/* A duration in seconds, "0.3s" or "0.3", at least min. */
static int h_target_secs(const char *s, double min, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (end == s || errno || (*end && strcmp(end, "s")) || *out < min || *out > 3600)
		return -1;
	return 0;
}

static int h_tk_name(struct h_target *t, char *v)
{
	snprintf(t->name, sizeof(t->name), "%s", v);
	return *v ? 0 : -1;
}

static int h_tk_description(struct h_target *t, char *v)
{
	snprintf(t->description, sizeof(t->description), "%s", v);
	return 0;
}

static int h_tk_instance(struct h_target *t, char *v)
{
	char a[64], b[64], tail;
	unsigned i;

	if (sscanf(v, "%u %63s nexthop %63s %c", &i, a, b, &tail) != 3 || i > 1)
		return -1;
	return bgp_addr_parse_ipv4(a, &t->listen[i]) || bgp_addr_parse_ipv4(b, &t->nexthop[i]) ? -1
	                                                                                       : 0;
}

static int h_tk_port(struct h_target *t, char *v)
{
	unsigned long n;

	if (h_target_num(v, 65535, &n) || n == 0)
		return -1;
	t->port = (uint16_t)n;
	return 0;
}

static int h_tk_asn(struct h_target *t, char *v)
{
	unsigned long n;

	if (h_target_num(v, UINT32_MAX, &n) || n == 0)
		return -1;
	t->asn = (uint32_t)n;
	return 0;
}

static int h_tk_hold(struct h_target *t, char *v)
{
	unsigned long n;

	/* RFC 4271 4.2: zero or at least three seconds */
	if (h_target_num(v, 65535, &n) || (n > 0 && n < 3))
		return -1;
	t->hold = (unsigned)n;
	return 0;
}

static int h_tk_scale(struct h_target *t, char *v)
{
	char *end;

	t->scale = strtod(v, &end);
	return end == v || *end || !(t->scale > 0) || t->scale > 1000 ? -1 : 0;
}

static int h_tk_max_wait(struct h_target *t, char *v)
{
	return h_target_secs(v, 0.001, &t->max_wait);
}

static int h_tk_grace(struct h_target *t, char *v)
{
	return h_target_secs(v, 0, &t->connect_grace);
}

static int h_tk_settle(struct h_target *t, char *v)
{
	return h_target_secs(v, 0, &t->settle);
}

static int h_tk_gap(struct h_target *t, char *v)
{
	return h_target_secs(v, 0, &t->case_gap);
}

static int h_tk_control(struct h_target *t, char *v)
{
	if (!*v || strlen(v) >= sizeof(t->control))
		return -1;
	t->has_control = strcmp(v, "none") != 0;
	snprintf(t->control, sizeof(t->control), "%s", t->has_control ? v : "");
	return 0;
}

static int h_tk_nva_base(struct h_target *t, char *v)
{
	return bgp_addr_parse_ipv4(v, &t->nva_base) || !t->nva_base ? -1 : 0;
}

static int h_tk_nva_slots(struct h_target *t, char *v)
{
	unsigned long n;

	if (h_target_num(v, H_TARGET_SLOTS, &n))
		return -1;
	t->nva_slots = (unsigned)n;
	return 0;
}

static int h_tk_nva_asn(struct h_target *t, char *v)
{
	char *sp = strchr(v, ' ');
	unsigned long slot, asn;

	if (!sp)
		return -1;
	*sp++ = '\0';
	if (h_target_num(v, H_TARGET_SLOTS - 1, &slot) || h_target_num(sp, UINT32_MAX, &asn) ||
	    asn == 0)
		return -1;
	t->nva_asn[slot] = (uint32_t)asn;
	return 0;
}

static int h_tk_outcome(struct h_target *t, char *v)
{
	return h_target_rule(t, &t->outcome, v);
}

static int h_tk_skip(struct h_target *t, char *v)
{
	return h_target_rule(t, &t->skip, v);
}

static int h_tk_xfail(struct h_target *t, char *v)
{
	return h_target_rule(t, &t->xfail, v);
}

/* The profile's keywords, a row each, the way the reference's configuration
 * reader works: the parser and, for the error, what the value must be. */
static const struct h_target_key {
	const char *name;
	int (*parse)(struct h_target *t, char *value);
	const char *want;
} h_target_keys[] = {
    {"name", h_tk_name, "a name"},
    {"description", h_tk_description, "a line of text"},
    {"instance", h_tk_instance, "0|1 ADDRESS nexthop ADDRESS"},
    {"port", h_tk_port, "a TCP port 1..65535"},
    {"asn", h_tk_asn, "an AS number 1..4294967295"},
    {"hold", h_tk_hold, "a hold time in seconds, 0 or 3..65535"},
    {"time-scale", h_tk_scale, "a factor above 0, at most 1000"},
    {"max-wait", h_tk_max_wait, "a duration such as 10s"},
    {"connect-grace", h_tk_grace, "a duration such as 3s"},
    {"settle", h_tk_settle, "a duration such as 0.3s"},
    {"case-gap", h_tk_gap, "a duration such as 5s"},
    {"control", h_tk_control, "none, or a control socket path"},
    {"nva-base", h_tk_nva_base, "an IPv4 address"},
    {"nva-slots", h_tk_nva_slots, "a number 0..16"},
    {"nva-asn", h_tk_nva_asn, "SLOT 0..15 and an AS number"},
    {"outcome", h_tk_outcome, "CASE-GLOB ALTERNATIVES"},
    {"skip", h_tk_skip, "CASE-GLOB REASON"},
    {"xfail", h_tk_xfail, "CASE-GLOB REASON"},
};

static int h_target_line(struct h_target *t, char *key, char *rest)
{
	size_t i;

	if (!strncmp(key, "oracle-", 7))
		return h_oracle_cfg_line(&t->oracle, key, rest, t->error, sizeof(t->error));
	for (i = 0; i < sizeof(h_target_keys) / sizeof(h_target_keys[0]); i++) {
		if (strcmp(key, h_target_keys[i].name))
			continue;
		char value[640]; /* the parsers may cut it; the error quotes it whole */

		snprintf(value, sizeof(value), "%s", rest);
		if (h_target_keys[i].parse(t, value) == 0)
			return 0;
		if (!t->error[0])
			snprintf(t->error, sizeof(t->error), "want %s, got '%.60s'",
			         h_target_keys[i].want, rest);
		return -1;
	}
	snprintf(t->error, sizeof(t->error),
	         "unknown keyword (the keywords: docs/HARNESS.md, Targets by address)");
	return -1;
}

static int h_target_read(const char *path, struct h_target *t)
{
	FILE *f = fopen(path, "r");
	char line[640];
	unsigned no = 0;

	memset(t, 0, sizeof(*t));
	t->port = 179;
	t->asn = 65515;
	t->hold = 180;
	t->scale = 1.0;
	t->max_wait = 10.0;
	if (!f) {
		snprintf(t->error, sizeof(t->error), "%.150s: %.80s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *key, *hash = strchr(line, '#');
		size_t l;

		no++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(t->error, sizeof(t->error), "%.100s:%u: line too long", path, no);
			fclose(f);
			return -1;
		}
		if (hash)
			*hash = '\0';
		l = strlen(p);
		while (l && (p[l - 1] == '\n' || p[l - 1] == ' ' || p[l - 1] == '\t'))
			p[--l] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			continue;
		key = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (h_target_line(t, key, p)) {
			char why[sizeof(t->error)];
			snprintf(why, sizeof(why), "%s", t->error);
			snprintf(t->error, sizeof(t->error),
			         "%.100s:%u: cannot read '%.60s'%s%.80s", path, no, key,
			         why[0] ? ": " : "", why);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	if (!t->listen[0] || !t->nva_base) {
		snprintf(t->error, sizeof(t->error),
		         "%.150s: needs 'instance 0 ...' and 'nva-base'", path);
		return -1;
	}
	if (!t->listen[1]) {
		t->listen[1] = t->listen[0];
		t->nexthop[1] = t->nexthop[0];
	}
	return 0;
}

const char *h_target_skip(const struct h_target *t, const struct h_case *c, char *buf, size_t cap)
{
	size_t i;
	double budget;

	for (i = 0; i < t->skip.n; i++)
		if (!fnmatch(t->skip.v[i].glob, c->id, 0))
			return t->skip.v[i].text;
	for (i = 0; i < c->nsteps; i++)
		if (c->steps[i].op == H_OP_CONTROL && !t->has_control) {
			snprintf(buf, cap,
			         "the case changes the server through its control "
			         "interface; the target has none");
			return buf;
		}
	if (c->nnvas > t->nva_slots) {
		snprintf(buf, cap,
		         "the case needs %zu NVAs; the target has %u pre-configured "
		         "NVA peers",
		         c->nnvas, t->nva_slots);
		return buf;
	}
	for (i = 0; i < c->nnvas; i++) {
		const struct h_nva_spec *n = &c->nvas[i];
		if (!n->configured) {
			snprintf(buf, cap,
			         "NVA %s must be unknown to the server; the target's "
			         "slot %zu is a configured peer",
			         n->name, i);
			return buf;
		}
		if (n->cfg_asn != t->nva_asn[i]) {
			snprintf(buf, cap,
			         "NVA %s needs ASN %u configured at the server; the "
			         "target's slot %zu has ASN %u",
			         n->name, n->cfg_asn, i, t->nva_asn[i]);
			return buf;
		}
	}
	if (strcmp(c->server.vnet, "10.0.0.0/16") || c->server.nextra || c->server.nextra_peers ||
	    strcmp(c->server.profile, "faq-2021-02")) {
		snprintf(buf, cap,
		         "the case needs server settings (vnet, profile, extra peers) "
		         "the target's fixed configuration does not have");
		return buf;
	}
	for (i = 0; i < c->nsteps; i++) {
		for (size_t j = 0; j < c->steps[i].nalt; j++) {
			budget = h_dur_seconds(&c->steps[i].alt[j].dur, t->hold, t->scale);
			if (budget > t->max_wait) {
				snprintf(buf, cap,
				         "line %u waits %.0fs with this target's timers "
				         "(max-wait %.0fs)",
				         c->steps[i].line, budget, t->max_wait);
				return buf;
			}
		}
	}
	return NULL;
}

const char *h_target_xfail(const struct h_target *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->xfail.n; i++)
		if (!fnmatch(t->xfail.v[i].glob, id, 0))
			return t->xfail.v[i].text;
	return NULL;
}

bool h_target_outcome_allowed(const struct h_target *t, const char *id, const char *alt)
{
	size_t i;
	bool matched = false;

	for (i = 0; i < t->outcome.n; i++) {
		char buf[sizeof(t->outcome.v[i].text)];
		char *save = NULL, *w;
		if (fnmatch(t->outcome.v[i].glob, id, 0))
			continue;
		matched = true;
		snprintf(buf, sizeof(buf), "%s", t->outcome.v[i].text);
		for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
			while (*w == ' ')
				w++;
			if (!strncmp(alt, w, strlen(w)))
				return true;
		}
	}
	return !matched;
}

int h_target_load(const char *path, struct h_target *t)
{
	int rc = h_target_read(path, t);

	if (rc)
		h_target_free(t);
	return rc;
}
