/* h_exec.c: the case executor's step loop. Steps run in order; an
 * expectation waits on events with a deadline (or observes an interval for a
 * negative one) while the fake NVAs' poll loop keeps running. The checks
 * themselves are in h_exec_wire.c (what the NVAs saw) and h_exec_server.c
 * (the server's own state). */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h_exec_int.h"
#include "h_oracle.h"

#define H_POLL_SERVER 0.01 /* seconds between control-socket polls */

enum h_st { H_ST_PENDING = 0, H_ST_OK, H_ST_FAIL, H_ST_SKIP };

/* One expectation being waited on: a state, an observation and a deadline
 * per alternative. */
struct h_wait {
	const struct h_step *st;
	double start, next_srv;
	enum h_st *state;
	char (*obs)[256];
	double *dl;
	char exp[512];
};

static void h_note(struct h_ex *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void h_note(struct h_ex *x, const char *fmt, ...)
{
	size_t o = strlen(x->notes);
	char buf[sizeof(x->notes)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (strstr(x->notes, buf) || o + 4 >= sizeof(x->notes))
		return;
	snprintf(x->notes + o, sizeof(x->notes) - o, "%s%s", o ? "; " : "", buf);
}

static void h_set_mark(struct h_ex *x, int nva)
{
	size_t i, n = h_world_nvas(x->w);

	for (i = 0; i < n; i++) {
		int k;
		if (nva >= 0 && (int)i != nva)
			continue;
		for (k = 0; k < 2; k++) {
			const struct h_sess *s = h_world_sess(x->w, i, k);
			x->mark[i][k] = (struct h_mark){h_sess_nrx(s), h_sess_established_count(s),
			                                h_sess_drop_count(s)};
		}
	}
}

static bool h_alt_is_server(const struct h_alt *a)
{
	return a->what >= H_E_S_LEARNED;
}

/* Evaluate one alternative now: satisfied (1), pending (0), violated (-1). */
static int h_alt_eval(struct h_ex *x, const struct h_step *st, const struct h_alt *a, char *obs,
                      size_t cap)
{
	if (h_alt_is_server(a))
		return h_check_server(x, a, obs, cap);
	return h_check_wire(x, st, a, obs, cap);
}

static void h_lat(struct h_ex *x, double v)
{
	if (x->nlat == x->caplat) {
		size_t cap = x->caplat ? x->caplat * 2 : 32;
		double *m = realloc(x->lat, cap * sizeof(*m));
		if (!m)
			return;
		x->lat = m;
		x->caplat = cap;
	}
	x->lat[x->nlat++] = v;
}

static void h_fail(struct h_ex *x, const struct h_step *st, enum h_verdict v, const char *exp,
                   const char *obs)
{
	struct h_case_result *r = x->r;

	r->verdict = v;
	r->failed_line = st ? st->line : 0;
	snprintf(r->expected, sizeof(r->expected), "%s", exp);
	snprintf(r->observed, sizeof(r->observed), "%s", obs);
	if (st)
		snprintf(r->reason, sizeof(r->reason), "%s:%u: expected %s; observed %s",
		         x->c->file, st->line, exp, obs);
	else
		snprintf(r->reason, sizeof(r->reason), "%s", obs);
}

/* ---- expectations ---- */
static int h_wait_alloc(struct h_wait *wt, size_t n)
{
	wt->state = calloc(n ? n : 1, sizeof(*wt->state));
	wt->obs = calloc(n ? n : 1, sizeof(*wt->obs));
	wt->dl = calloc(n ? n : 1, sizeof(*wt->dl));
	return wt->state && wt->obs && wt->dl ? 0 : -1;
}

static void h_wait_free(struct h_wait *wt)
{
	free(wt->state);
	free(wt->obs);
	free(wt->dl);
}

/* Alternative i's deadline and first state; whether it is to be waited on. */
static bool h_wait_setup(struct h_ex *x, struct h_wait *wt, size_t i)
{
	const struct h_step *st = wt->st;
	const struct h_alt *a = &st->alt[i];
	const struct h_target *t = x->o->target;
	unsigned hold = x->o->server_hold;
	size_t o = strlen(wt->exp);

	snprintf(wt->exp + o, sizeof(wt->exp) - o, "%s%s", i ? " or " : "", a->text);
	wt->state[i] = H_ST_PENDING;
	wt->obs[i][0] = '\0';
	if (st->nva >= 0 && x->c->nvas[st->nva].hold < hold)
		hold = x->c->nvas[st->nva].hold;
	wt->dl[i] = wt->start + h_dur_seconds(&a->dur, hold, x->o->scale);
	if (a->what == H_E_ESTABLISHED && t)
		wt->dl[i] += t->connect_grace;
	if (t && !h_target_outcome_allowed(t, x->c->id, a->text)) {
		wt->state[i] = H_ST_FAIL;
		snprintf(wt->obs[i], sizeof(wt->obs[i]), "not allowed by the target profile");
		return false;
	}
	if ((h_alt_is_server(a) && t && !t->has_control && a->what != H_E_S_LOG) ||
	    ((a->what == H_E_S_LOG || a->what == H_E_S_KERNEL) && t)) {
		wt->state[i] = H_ST_SKIP;
		return false;
	}
	return true;
}

/* An alternative held: its latency, and for a lost route to the server, why. */
static void h_wait_held(struct h_ex *x, const struct h_wait *wt, const struct h_alt *a, double now)
{
	const struct h_step *st = wt->st;

	if (!a->negative)
		h_lat(x, now - wt->start);
	if (a->what == H_E_FLAPS || a->what == H_E_UNREACHABLE) {
		int k = (h_inst_of(x, st->nva, st->inst) & 1) ? 0 : 1;
		const struct h_sess *s = h_world_sess(x->w, (size_t)st->nva, k);
		h_note(x, "%s lost its route to the server: %s", h_sess_nva_name(s),
		       h_sess_route_lost(s));
	}
}

/* Evaluate every pending alternative once. 1 when one held; *pending tells
 * whether any is still open. */
static int h_wait_round(struct h_ex *x, struct h_wait *wt, double now, bool *pending)
{
	const struct h_step *st = wt->st;
	bool srv_due = now >= wt->next_srv;
	size_t i;

	*pending = false;
	for (i = 0; i < st->nalt; i++) {
		const struct h_alt *a = &st->alt[i];
		int v;
		if (wt->state[i] != H_ST_PENDING)
			continue;
		if (h_alt_is_server(a) && !srv_due) {
			*pending = true;
			continue;
		}
		v = h_alt_eval(x, st, a, wt->obs[i], sizeof(wt->obs[i]));
		if (a->negative)
			wt->state[i] = v < 0              ? H_ST_FAIL
			               : now >= wt->dl[i] ? H_ST_OK
			                                  : H_ST_PENDING;
		else
			wt->state[i] = v > 0                       ? H_ST_OK
			               : v < 0 || now >= wt->dl[i] ? H_ST_FAIL
			                                           : H_ST_PENDING;
		if (wt->state[i] == H_ST_OK) {
			h_wait_held(x, wt, a, now);
			return 1;
		}
		if (wt->state[i] == H_ST_PENDING)
			*pending = true;
	}
	if (srv_due)
		wt->next_srv = now + H_POLL_SERVER;
	return 0;
}

/* Run the NVAs until the next deadline or server poll (50 ms at most). */
static void h_wait_step(struct h_ex *x, const struct h_wait *wt, double now)
{
	double until = now + 0.05;
	size_t i;

	for (i = 0; i < wt->st->nalt; i++)
		if (wt->state[i] == H_ST_PENDING && wt->dl[i] < until)
			until = wt->dl[i];
	if (wt->next_srv < until)
		until = wt->next_srv;
	h_world_step(x->w, until);
}

/* Every alternative failed: all they observed, and the NVA's lost routes. */
static void h_wait_fail(struct h_ex *x, const struct h_wait *wt)
{
	const struct h_step *st = wt->st;
	char all[512] = "";
	size_t i, o = 0;

	for (i = 0; i < st->nalt && o < sizeof(all); i++)
		o += (size_t)snprintf(all + o, sizeof(all) - o, "%s%s", i ? " | " : "", wt->obs[i]);
	for (int k = 0; st->nva >= 0 && k < 2 && o < sizeof(all); k++) {
		const struct h_sess *s = h_world_sess(x->w, (size_t)st->nva, k);
		if (!h_sess_reachable(s))
			o += (size_t)snprintf(all + o, sizeof(all) - o, "; route to IN_%d: %s", k,
			                      h_sess_route_why(s));
	}
	h_fail(x, st, H_FAIL, wt->exp, all);
}

/* 0 when the expectation held (or was skipped), 1 when it failed. */
static int h_wait_run(struct h_ex *x, struct h_wait *wt)
{
	size_t i, active = 0;
	bool pending = true;

	for (i = 0; i < wt->st->nalt; i++)
		active += h_wait_setup(x, wt, i);
	if (!active) {
		for (i = 0; i < wt->st->nalt && wt->state[i] != H_ST_SKIP; i++)
			;
		if (i < wt->st->nalt) {
			x->skipped_state++;
			return 0;
		}
		h_fail(x, wt->st, H_FAIL, wt->exp, wt->obs[0]);
		return 1;
	}
	while (pending) {
		double now = h_world_now(x->w);
		if (h_wait_round(x, wt, now, &pending))
			return 0;
		if (pending)
			h_wait_step(x, wt, now);
	}
	h_wait_fail(x, wt);
	return 1;
}

/* Returns 0 when the expectation held, 1 when it failed (result set). */
static int h_expect(struct h_ex *x, const struct h_step *st)
{
	struct h_wait wt = {.st = st, .start = h_world_now(x->w)};
	int rc;

	if (h_wait_alloc(&wt, st->nalt)) {
		h_wait_free(&wt);
		h_fail(x, st, H_ERROR, "an expectation to wait on", "out of memory");
		return 1;
	}
	rc = h_wait_run(x, &wt);
	h_wait_free(&wt);
	return rc;
}

/* ---- actions ---- */
/* Replace {NAME} by the session address of that NVA. NULL when out of
 * memory; free() the result. */
static char *h_subst(const struct h_ex *x, const char *in)
{
	size_t cap = strlen(in) * 6 + 1, o = 0; /* "{a}" -> "127.255.255.255" */
	char *out = malloc(cap);

	while (out && *in) {
		const char *e = *in == '{' ? strchr(in, '}') : NULL;
		size_t i = x->c->nnvas;
		for (size_t k = 0; e && k < x->c->nnvas && i == x->c->nnvas; k++) {
			size_t l = strlen(x->c->nvas[k].name);
			if ((size_t)(e - in - 1) == l && !strncmp(in + 1, x->c->nvas[k].name, l))
				i = k;
		}
		if (i < x->c->nnvas) {
			h_world_nva_addr(x->w, i, out + o, cap - o);
			o += strlen(out + o);
			in = e + 1;
			continue;
		}
		out[o++] = *in++;
	}
	if (out)
		out[o] = '\0';
	return out;
}

/* Whether the control socket's answer j to cmd is what the step expects. */
static int h_control_judge(struct h_ex *x, const struct h_step *st, const char *cmd,
                           const char *ans)
{
	json_t *j = json_loads(ans, JSON_DECODE_ANY, NULL);
	bool refused = j && json_object_get(j, "error");
	char obs[400], exp[700];
	int rc = 0;

	snprintf(obs, sizeof(obs), "%.380s", ans);
	if (st->expect_refusal) {
		const char *rule = json_string_value(json_object_get(j, "rule"));
		snprintf(exp, sizeof(exp), "'%s' refused with rule %s", cmd, st->arg);
		rc = !refused || !rule || strcmp(rule, st->arg);
	} else {
		snprintf(exp, sizeof(exp), "'%s' accepted", cmd);
		rc = !j || refused;
	}
	if (rc)
		h_fail(x, st, H_FAIL, exp, obs);
	json_decref(j);
	return rc;
}

static int h_control(struct h_ex *x, const struct h_step *st)
{
	char err[160];
	char *ans = NULL, *cmd = h_subst(x, st->text);
	int rc;

	if (!cmd) {
		h_fail(x, st, H_ERROR, "a control command", "out of memory");
		return 1;
	}
	if (h_ctl_idle(x->srv->sock, cmd, 2.0, &ans, err, sizeof(err), h_ex_idle, x)) {
		free(ans);
		free(cmd);
		h_fail(x, st, H_ERROR, "an answer from the control socket", err);
		return 1;
	}
	rc = h_control_judge(x, st, cmd, ans);
	h_world_note(x->w, NULL, "control: %s -> %.100s", cmd, ans);
	free(ans);
	free(cmd);
	return rc;
}

/* "send hex": the bytes of text ("ff ff:00_12"). */
static int h_send_hex(struct h_ex *x, const struct h_step *st, unsigned inst)
{
	const char *p = st->text;
	uint8_t *b = malloc(strlen(p) / 2 + 1);
	size_t len = 0;
	int rc;

	if (!b)
		return -1;
	while (*p) {
		unsigned v;
		while (*p == ' ' || *p == ':' || *p == '_')
			p++;
		if (!p[0] || !p[1] || sscanf(p, "%2x", &v) != 1)
			break;
		b[len++] = (uint8_t)v;
		p += 2;
	}
	rc = h_nva_send_raw(x->w, (size_t)st->nva, inst, b, len);
	free(b);
	return rc;
}

static int h_nva_action(struct h_ex *x, const struct h_step *st, unsigned inst)
{
	size_t n = (size_t)st->nva;

	switch (st->op) {
	case H_OP_CONNECT:
		return h_nva_connect(x->w, n, inst, st->raw);
	case H_OP_ANNOUNCE:
		return h_nva_announce(x->w, n, inst, st);
	case H_OP_WITHDRAW:
		return h_nva_withdraw(x->w, n, inst, st);
	case H_OP_SEND_HEX:
		return h_send_hex(x, st, inst);
	case H_OP_SEND_MALFORMED:
		return h_nva_send_malformed(x->w, n, inst, st->text, st->arg[0] ? &st->pfx : NULL);
	case H_OP_SEND_REFRESH:
		return h_nva_send_refresh(x->w, n, inst);
	case H_OP_SILENCE:
	case H_OP_RESUME:
		h_nva_silence(x->w, n, inst, st->op == H_OP_SILENCE);
		return 0;
	case H_OP_DISCONNECT:
		return h_nva_disconnect(x->w, n, inst);
	case H_OP_RECONNECT:
		h_nva_disconnect(x->w, n, inst);
		return h_nva_connect(x->w, n, inst, false);

	default:
		return 0;
	}
}

static int h_action(struct h_ex *x, const struct h_step *st)
{
	unsigned inst = st->nva >= 0 ? h_inst_of(x, st->nva, st->inst) : 0;

	h_set_mark(x, st->nva);
	if (st->op == H_OP_CONTROL)
		return h_control(x, st);
	if (st->op == H_OP_BFD) {
		char err[160];
		if (h_bfd_send(x, (size_t)st->nva, inst, err, sizeof(err))) {
			h_fail(x, st, H_ERROR, "the action to run", err);
			return 1;
		}
		return 0;
	}
	if (st->nva >= 0 && h_nva_action(x, st, inst)) {
		h_fail(x, st, H_ERROR, "the action to run", h_world_error(x->w));
		return 1;
	}
	/* let the action reach the wire before the next step */
	h_world_step(x->w, h_world_now(x->w));
	return 0;
}

/* ---- the case ---- */
static int h_ex_start(struct h_ex *x, const struct h_case *c, const struct h_server *srv,
                      const struct h_exec_opts *o, struct h_case_result *r)
{
	struct h_world_cfg cfg = {.src_base = srv->src_base,
	                          .listen = {srv->listen[0], srv->listen[1]},
	                          .inst_addr = {srv->inst_addr[0], srv->inst_addr[1]},
	                          .port = srv->port,
	                          .scale = o->scale,
	                          .retry_connect = o->target != NULL};
	char pcap[600], wl[600];

	x->w = h_world_new(c, &cfg, r->reason, sizeof(r->reason));
	if (!x->w)
		return -1;
	x->mark = calloc(c->nnvas ? c->nnvas : 1, sizeof(*x->mark));
	if (!x->mark) {
		snprintf(r->reason, sizeof(r->reason), "out of memory");
		return -1;
	}
	if (o->case_dir) {
		snprintf(pcap, sizeof(pcap), "%s/session.pcap", o->case_dir);
		snprintf(wl, sizeof(wl), "%s/wire.log", o->case_dir);
		h_world_evidence(x->w, pcap, wl);
		if (o->case_rel) {
			snprintf(r->pcap, sizeof(r->pcap), "%s/session.pcap", o->case_rel);
			snprintf(r->wirelog, sizeof(r->wirelog), "%s/wire.log", o->case_rel);
		}
	}
	return 0;
}

/* The notes go into the reason; the NVAs say goodbye; the result takes the
 * timeline and the latencies. */
static void h_ex_finish(struct h_ex *x, struct h_case_result *r)
{
	size_t i;

	if (r->verdict == H_PASS) {
		if (x->skipped_state)
			h_note(x,
			       "%u server-state expectation(s) skipped: the target has no "
			       "control socket",
			       x->skipped_state);
		snprintf(r->reason, sizeof(r->reason), "%s", x->notes);
	} else if (x->notes[0]) {
		size_t l = strlen(r->reason);
		snprintf(r->reason + l, sizeof(r->reason) - l, " (%s)", x->notes);
	}
	/* a clean goodbye, so the server logs it as such */
	for (i = 0; i < h_world_nvas(x->w); i++)
		h_nva_disconnect(x->w, i, 3);
	r->events = h_world_take_events(x->w, &r->nevents);
	r->nlatency = x->nlat;
	r->latency = x->lat;
	x->lat = NULL;
}

void h_exec_case(const struct h_case *c, const struct h_server *srv, const struct h_exec_opts *o,
                 struct h_case_result *r)
{
	struct h_ex *x = calloc(1, sizeof(*x));
	size_t i;

	if (!x) {
		r->verdict = H_ERROR;
		snprintf(r->reason, sizeof(r->reason), "out of memory");
		return;
	}
	x->c = c;
	x->srv = srv;
	x->o = o;
	x->r = r;
	r->verdict = H_PASS;
	if (h_ex_start(x, c, srv, o, r)) {
		r->verdict = H_ERROR;
	} else {
		/* the sender oracle judges every message the server sends */
		struct h_oracle *orc =
		    h_oracle_new(c, x->w, o->target ? &o->target->oracle : NULL, o->scale);
		h_set_mark(x, -1);
		for (i = 0; orc && i < c->nsteps; i++) {
			const struct h_step *st = &c->steps[i];
			if (st->op == H_OP_EXPECT ? h_expect(x, st) : h_action(x, st))
				break;
		}
		if (orc)
			h_oracle_finish(orc);
		h_ex_finish(x, r);
		if (orc)
			h_oracle_report(orc, o->case_dir, o->case_rel, r);
		else
			h_fail(x, NULL, H_ERROR, "the sender oracle", "out of memory");
		h_oracle_free(orc);
	}
	h_bfd_free(x);
	h_world_free(x->w);
	free(x->mark);
	free(x->lat);
	free(x);
}
