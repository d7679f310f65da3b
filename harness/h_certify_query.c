/* h_certify_query.c: what a certify run asks the reference server's control
 * socket (JSON through jansson): sessions, route counts and the routes
 * learned from the NVA. */
#include "h_certify_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const h_cert_roles[2] = {"RouteServiceRole_IN_0", "RouteServiceRole_IN_1"};

/* Read the wire while the server answers. */
static void h_cert_idle(void *arg)
{
	struct h_cert_run *r = arg;

	h_cwire_poll(&r->wire, 0, h_cert_now());
}

json_t *h_cert_ctl(struct h_cert_run *r, const char *line)
{
	char *ans = NULL, err[200];
	json_t *j = NULL;

	if (!h_ctl_idle(r->srv.sock, line, 3, &ans, err, sizeof(err), h_cert_idle, r) && ans)
		j = json_loads(ans, 0, NULL);
	free(ans);
	return j;
}

/* 0 or 1 for "IN_0"/"RouteServiceRole_IN_1"/0/1, -1 otherwise. */
static int h_cert_inst_index(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	const char *s;

	if (json_is_integer(v))
		return json_integer_value(v) == 1;
	s = json_string_value(v);
	if (!s || !*s)
		return -1;
	return s[strlen(s) - 1] == '1';
}

static const char *h_cert_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static unsigned h_cert_num(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_number(v) ? (unsigned)json_number_value(v) : 0;
}

void h_cert_sessions(struct h_cert_run *r, struct h_cert_sess *s)
{
	json_t *j = h_cert_ctl(r, "sessions"), *e;
	size_t i;

	memset(s, 0, sizeof(*s));
	snprintf(s->state[0], sizeof(s->state[0]), "unknown");
	snprintf(s->state[1], sizeof(s->state[1]), "unknown");
	json_array_foreach(j, i, e)
	{
		const char *peer = h_cert_str(e, "peer"), *st = h_cert_str(e, "state");
		const char *since = h_cert_str(e, "since");
		int x = h_cert_inst_index(e, "instance");
		if (!peer || strcmp(peer, "nva") || x < 0 || !st)
			continue;
		snprintf(s->state[x], sizeof(s->state[x]), "%s", st);
		snprintf(s->since[x], sizeof(s->since[x]), "%s", since ? since : "");
		s->up[x] = !strcmp(st, "Established");
		s->hold[x] = h_cert_num(e, "holdTime");
		s->keepalive[x] = h_cert_num(e, "keepalive");
		if (s->up[x])
			r->ever_up[x] = true;
	}
	json_decref(j);
}

void h_cert_learned_counts(struct h_cert_run *r, unsigned n[2])
{
	json_t *j = h_cert_ctl(r, "metrics"), *p, *in;
	size_t i, k;

	n[0] = n[1] = 0;
	json_array_foreach(json_object_get(j, "peers"), i, p)
	{
		const char *name = h_cert_str(p, "name");
		if (!name || strcmp(name, "nva"))
			continue;
		json_array_foreach(json_object_get(p, "instances"), k, in)
		{
			int x = h_cert_inst_index(in, "role");
			if (x >= 0)
				n[x] = h_cert_num(in, "routesLearned");
		}
	}
	for (k = 0; k < 2; k++)
		if (n[k] > r->max_learned[k])
			r->max_learned[k] = n[k];
	json_decref(j);
}

static int h_cert_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "network asPath" of one route, malloc'ed. */
static char *h_cert_route_line(const json_t *route)
{
	const char *n = h_cert_str(route, "network"), *p = h_cert_str(route, "asPath");
	size_t cap = (n ? strlen(n) : 0) + (p ? strlen(p) : 0) + 2;
	char *s = malloc(cap);

	if (s)
		snprintf(s, cap, "%s %s", n ? n : "", p ? p : "");
	return s;
}

char *h_cert_learned_set(const json_t *learned, int inst, size_t *count)
{
	const json_t *a = json_object_get(learned, h_cert_roles[inst]);
	size_t n = json_array_size(a), i, cap = 1, o = 0;
	char **lines, *s = NULL;

	*count = 0;
	lines = calloc(n ? n : 1, sizeof(*lines));
	if (!lines)
		return NULL;
	for (i = 0; i < n; i++) {
		lines[i] = h_cert_route_line(json_array_get(a, i));
		if (!lines[i])
			goto out;
		cap += strlen(lines[i]) + 1;
	}
	qsort(lines, n, sizeof(*lines), h_cert_cmp_str);
	s = malloc(cap);
	if (!s)
		goto out;
	s[0] = 0;
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(s + o, cap - o, "%s\n", lines[i]);
	*count = n;
out:
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return s;
}

int h_cert_learned_sets(struct h_cert_run *r, char *set[2], size_t n[2])
{
	json_t *j = h_cert_ctl(r, "peering learned nva");
	int k;

	set[0] = set[1] = NULL;
	n[0] = n[1] = 0;
	if (!j)
		return -1;
	for (k = 0; k < 2; k++)
		set[k] = h_cert_learned_set(j, k, &n[k]);
	json_decref(j);
	if (set[0] && set[1])
		return 0;
	free(set[0]);
	free(set[1]);
	set[0] = set[1] = NULL;
	return -1;
}

void h_cert_keep_up_sets(struct h_cert_run *r, const struct h_cert_sess *s, const unsigned n[2])
{
	char *set[2];
	size_t got[2];
	int k, want = 0;

	for (k = 0; k < 2; k++)
		want |= s->up[k] && (!r->up_set[k] || n[k] >= r->up_set_n[k]);
	if (!want || h_cert_learned_sets(r, set, got))
		return;
	for (k = 0; k < 2; k++) {
		if (s->up[k] && (!r->up_set[k] || got[k] >= r->up_set_n[k])) {
			free(r->up_set[k]);
			r->up_set[k] = set[k];
			r->up_set_n[k] = got[k];
		} else {
			free(set[k]);
		}
	}
}

void h_cert_keep_stable_sets(struct h_cert_run *r)
{
	char *set[2];
	size_t got[2];

	if (h_cert_learned_sets(r, set, got))
		return;
	for (int k = 0; k < 2; k++) {
		free(r->stable_set[k]);
		r->stable_set[k] = set[k];
		r->stable_n[k] = got[k];
	}
}

void h_cert_free_sets(struct h_cert_run *r)
{
	for (int k = 0; k < 2; k++) {
		free(r->up_set[k]);
		free(r->stable_set[k]);
		r->up_set[k] = r->stable_set[k] = NULL;
	}
}
