/* h_target.c: the target profile reader and its rules. */
#include "h_target.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_addr.h"

static int h_target_rule(struct h_target_rule *rules, size_t *n, const char *rest)
{
	const char *sp = strchr(rest, ' ');

	if (*n == H_TARGET_RULES || !sp || (size_t)(sp - rest) >= sizeof(rules[*n].glob))
		return -1;
	snprintf(rules[*n].glob, sizeof(rules[*n].glob), "%.*s", (int)(sp - rest), rest);
	while (*sp == ' ')
		sp++;
	/* a reason cut short would mislead whoever reads the report */
	if (strlen(sp) >= sizeof(rules[*n].text))
		return -1;
	snprintf(rules[*n].text, sizeof(rules[*n].text), "%s", sp);
	(*n)++;
	return 0;
}

static int h_target_line(struct h_target *t, char *key, char *rest)
{
	char a[64], b[64], c[64];
	uint32_t x;
	unsigned v;

	if (!strcmp(key, "name"))
		snprintf(t->name, sizeof(t->name), "%s", rest);
	else if (!strcmp(key, "description"))
		snprintf(t->description, sizeof(t->description), "%s", rest);
	else if (!strcmp(key, "instance")) {
		if (sscanf(rest, "%u %63s nexthop %63s", &v, a, b) != 3 || v > 1 ||
		    bgp_addr_parse_ipv4(a, &t->listen[v]) ||
		    bgp_addr_parse_ipv4(b, &t->nexthop[v]))
			return -1;
	} else if (!strcmp(key, "port")) {
		if (sscanf(rest, "%u", &v) != 1 || v > 65535)
			return -1;
		t->port = (uint16_t)v;
	} else if (!strcmp(key, "asn")) {
		if (sscanf(rest, "%u", &t->asn) != 1)
			return -1;
	} else if (!strcmp(key, "hold")) {
		if (sscanf(rest, "%u", &t->hold) != 1)
			return -1;
	} else if (!strcmp(key, "time-scale")) {
		if (sscanf(rest, "%lf", &t->scale) != 1 || t->scale <= 0)
			return -1;
	} else if (!strcmp(key, "max-wait")) {
		if (sscanf(rest, "%lfs", &t->max_wait) != 1)
			return -1;
	} else if (!strcmp(key, "connect-grace")) {
		if (sscanf(rest, "%lfs", &t->connect_grace) != 1)
			return -1;
	} else if (!strcmp(key, "settle")) {
		if (sscanf(rest, "%lfs", &t->settle) != 1)
			return -1;
	} else if (!strcmp(key, "case-gap")) {
		if (sscanf(rest, "%lfs", &t->case_gap) != 1 || t->case_gap < 0)
			return -1;
	} else if (!strcmp(key, "control")) {
		t->has_control = strcmp(rest, "none") != 0;
		snprintf(t->control, sizeof(t->control), "%s", t->has_control ? rest : "");
	} else if (!strcmp(key, "nva-base")) {
		if (bgp_addr_parse_ipv4(rest, &x))
			return -1;
		t->nva_base = x;
	} else if (!strcmp(key, "nva-slots")) {
		if (sscanf(rest, "%u", &t->nva_slots) != 1 || t->nva_slots > H_TARGET_SLOTS)
			return -1;
	} else if (!strcmp(key, "nva-asn")) {
		if (sscanf(rest, "%u %63s", &v, c) != 2 || v >= H_TARGET_SLOTS)
			return -1;
		t->nva_asn[v] = (uint32_t)strtoul(c, NULL, 10);
	} else if (!strcmp(key, "outcome"))
		return h_target_rule(t->outcome, &t->noutcome, rest);
	else if (!strcmp(key, "skip"))
		return h_target_rule(t->skip, &t->nskip, rest);
	else if (!strcmp(key, "xfail"))
		return h_target_rule(t->xfail, &t->nxfail, rest);
	else if (!strncmp(key, "oracle-", 7))
		return h_oracle_cfg_line(&t->oracle, key, rest, t->error, sizeof(t->error));
	else
		return -1;
	return 0;
}

int h_target_load(const char *path, struct h_target *t)
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
			snprintf(t->error, sizeof(t->error), "%.100s:%u: cannot read '%.60s'%s%.80s", path,
				 no, key, why[0] ? ": " : "", why);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	if (!t->listen[0] || !t->nva_base) {
		snprintf(t->error, sizeof(t->error), "%.150s: needs 'instance 0 ...' and 'nva-base'",
			 path);
		return -1;
	}
	if (!t->listen[1]) {
		t->listen[1] = t->listen[0];
		t->nexthop[1] = t->nexthop[0];
	}
	return 0;
}

const char *h_target_skip(const struct h_target *t, const struct h_case *c, char *buf,
			  size_t cap)
{
	size_t i;
	double budget;

	for (i = 0; i < t->nskip; i++)
		if (!fnmatch(t->skip[i].glob, c->id, 0))
			return t->skip[i].text;
	for (i = 0; i < c->nsteps; i++)
		if (c->steps[i].op == H_OP_CONTROL && !t->has_control) {
			snprintf(buf, cap, "the case changes the server through its control "
					   "interface; the target has none");
			return buf;
		}
	if (c->nnvas > t->nva_slots) {
		snprintf(buf, cap, "the case needs %zu NVAs; the target has %u pre-configured "
				   "NVA peers", c->nnvas, t->nva_slots);
		return buf;
	}
	for (i = 0; i < c->nnvas; i++) {
		const struct h_nva_spec *n = &c->nvas[i];
		if (!n->configured) {
			snprintf(buf, cap, "NVA %s must be unknown to the server; the target's "
					   "slot %zu is a configured peer", n->name, i);
			return buf;
		}
		if (n->cfg_asn != t->nva_asn[i]) {
			snprintf(buf, cap, "NVA %s needs ASN %u configured at the server; the "
					   "target's slot %zu has ASN %u", n->name, n->cfg_asn, i,
				 t->nva_asn[i]);
			return buf;
		}
	}
	if (strcmp(c->server.vnet, "10.0.0.0/16") || c->server.nextra ||
	    c->server.nextra_peers || strcmp(c->server.profile, "faq-2021-02")) {
		snprintf(buf, cap, "the case needs server settings (vnet, profile, extra peers) "
				   "the target's fixed configuration does not have");
		return buf;
	}
	for (i = 0; i < c->nsteps; i++) {
		for (size_t j = 0; j < c->steps[i].nalt; j++) {
			budget = h_dur_seconds(&c->steps[i].alt[j].dur, t->hold, t->scale);
			if (budget > t->max_wait) {
				snprintf(buf, cap, "line %u waits %.0fs with this target's timers "
						   "(max-wait %.0fs)", c->steps[i].line, budget,
					 t->max_wait);
				return buf;
			}
		}
	}
	return NULL;
}

const char *h_target_xfail(const struct h_target *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->nxfail; i++)
		if (!fnmatch(t->xfail[i].glob, id, 0))
			return t->xfail[i].text;
	return NULL;
}

bool h_target_outcome_allowed(const struct h_target *t, const char *id, const char *alt)
{
	size_t i;
	bool matched = false;

	for (i = 0; i < t->noutcome; i++) {
		char buf[sizeof(t->outcome[i].text)];
		char *save = NULL, *w;
		if (fnmatch(t->outcome[i].glob, id, 0))
			continue;
		matched = true;
		snprintf(buf, sizeof(buf), "%s", t->outcome[i].text);
		for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
			while (*w == ' ')
				w++;
			if (!strncmp(alt, w, strlen(w)))
				return true;
		}
	}
	return !matched;
}
