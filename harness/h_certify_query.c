/* h_certify_query.c: what a certify run asks the reference server's control
 * socket: sessions, route counts and the routes learned from the NVA. */
#include "h_certify_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const h_cert_roles[2] = {"RouteServiceRole_IN_0", "RouteServiceRole_IN_1"};

/* The parsed answer to a control request, or NULL. */
struct h_json *h_cert_ctl(struct h_cert_run *r, const char *line)
{
	char *ans = NULL, err[200];
	struct h_json *j = NULL;

	if (!h_ctl(r->srv.sock, line, 3, &ans, err, sizeof(err)) && ans)
		j = h_json_parse(ans);
	free(ans);
	return j;
}

static int h_cert_inst_index(const struct h_json *o, const char *key)
{
	char t[64];
	const struct h_json *v = h_json_get(o, key);

	if (!v)
		return -1;
	h_json_text(v, t, sizeof(t));
	return t[0] && t[strlen(t) - 1] == '1' ? 1 : 0;
}

static unsigned h_cert_num(const struct h_json *o, const char *key)
{
	const struct h_json *v = h_json_get(o, key);

	return v && v->type == H_JNUM ? (unsigned)v->num : 0;
}

void h_cert_sessions(struct h_cert_run *r, struct h_cert_sess *s)
{
	struct h_json *j = h_cert_ctl(r, "sessions");
	size_t i;

	memset(s, 0, sizeof(*s));
	snprintf(s->state[0], sizeof(s->state[0]), "unknown");
	snprintf(s->state[1], sizeof(s->state[1]), "unknown");
	if (!j)
		return;
	for (i = 0; j->type == H_JARR && i < j->n; i++) {
		const struct h_json *e = j->kids[i];
		const char *peer = h_json_str(e, "peer"), *st = h_json_str(e, "state");
		const char *since = h_json_str(e, "since");
		int x = h_cert_inst_index(e, "instance");
		if (!peer || strcmp(peer, "nva") || x < 0 || !st)
			continue;
		snprintf(s->state[x], sizeof(s->state[x]), "%s", st);
		snprintf(s->since[x], sizeof(s->since[x]), "%s", since ? since : "");
		s->up[x] = !strcmp(st, "Established");
		s->hold[x] = h_cert_num(e, "holdTime");
		s->keepalive[x] = h_cert_num(e, "keepalive");
	}
	h_json_free(j);
}

/* Routes learned from the NVA per instance, from `metrics`. */
void h_cert_learned_counts(struct h_cert_run *r, unsigned n[2])
{
	struct h_json *j = h_cert_ctl(r, "metrics");
	const struct h_json *peers = j ? h_json_get(j, "peers") : NULL;
	size_t i, k;

	n[0] = n[1] = 0;
	for (i = 0; peers && peers->type == H_JARR && i < peers->n; i++) {
		const struct h_json *p = peers->kids[i];
		const struct h_json *in = h_json_get(p, "instances");
		const char *name = h_json_str(p, "name");
		if (!name || strcmp(name, "nva") || !in || in->type != H_JARR)
			continue;
		for (k = 0; k < in->n; k++) {
			const struct h_json *l = h_json_get(in->kids[k], "routesLearned");
			int x = h_cert_inst_index(in->kids[k], "role");
			if (x >= 0 && l && l->type == H_JNUM)
				n[x] = (unsigned)l->num;
		}
	}
	h_json_free(j);
}

static int h_cert_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "network asPath" of route i, malloc'ed. */
static char *h_cert_route_line(const struct h_json *route)
{
	const char *n = h_json_str(route, "network"), *p = h_json_str(route, "asPath");
	size_t cap = (n ? strlen(n) : 0) + (p ? strlen(p) : 0) + 2;
	char *s = malloc(cap);

	if (s)
		snprintf(s, cap, "%s %s", n ? n : "", p ? p : "");
	return s;
}

char *h_cert_learned_set(const struct h_json *learned, int inst, size_t *count)
{
	const struct h_json *a = h_json_get(learned, h_cert_roles[inst]);
	char **lines, *s = NULL;
	size_t i, cap = 1, o = 0;

	*count = 0;
	if (!a || a->type != H_JARR)
		return calloc(1, 1);
	lines = calloc(a->n ? a->n : 1, sizeof(*lines));
	if (!lines)
		return NULL;
	for (i = 0; i < a->n; i++) {
		lines[i] = h_cert_route_line(a->kids[i]);
		if (!lines[i])
			goto out;
		cap += strlen(lines[i]) + 1;
	}
	qsort(lines, a->n, sizeof(*lines), h_cert_cmp_str);
	s = malloc(cap);
	if (!s)
		goto out;
	s[0] = 0;
	for (i = 0; i < a->n; i++)
		o += (size_t)snprintf(s + o, cap - o, "%s\n", lines[i]);
	*count = a->n;
out:
	for (i = 0; i < a->n; i++)
		free(lines[i]);
	free(lines);
	return s;
}

int h_cert_learned_sets(struct h_cert_run *r, char *set[2], size_t n[2])
{
	struct h_json *j = h_cert_ctl(r, "peering learned nva");
	int k;

	set[0] = set[1] = NULL;
	n[0] = n[1] = 0;
	if (!j)
		return -1;
	for (k = 0; k < 2; k++)
		set[k] = h_cert_learned_set(j, k, &n[k]);
	h_json_free(j);
	if (set[0] && set[1])
		return 0;
	free(set[0]);
	free(set[1]);
	set[0] = set[1] = NULL;
	return -1;
}
