/* h_lf_campaign.c: the pipelined campaign (see h_lf.h). Up to `window`
 * exchanges are in flight; one whose expected outcome ends the session runs
 * alone. A mismatch seen in flight is only a suspect: it is confirmed by
 * running the exchange alone before it becomes a finding. */
#include "h_lf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct h_lf_flight {
	struct h_lf_ex ex;
	int phase; /* 1: P announced; 2: message and S sent; 3: S seen */
	double t, t_seen;
};

/* A message expected to end the session, on a resetting feeder of its own. */
struct h_lf_rjob {
	struct h_lf_ex ex;
	int phase; /* 0: free; 1-3 as h_lf_flight; 4: the session ended */
	double t, t_seen;
	enum h_lf_obs_class end_cls; /* phase 4: reset or closed */
	uint8_t code, subcode;
};

#define LF_MAX_PEND 16 /* such messages waiting for a resetting feeder */

struct h_lf_camp;
static int h_lf_recover(struct h_lf_camp *c);

struct h_lf_camp {
	struct h_lf_world w;
	struct h_lf_flight *fl;
	size_t nfl;
	struct h_lf_rjob rj[LF_MAX_RS];
	struct h_lf_ex pend[LF_MAX_PEND];
	size_t npend;
	struct h_lf_ex *susp; /* suspects, to be confirmed alone */
	size_t nsusp, capsusp;
	double t0, last_progress;
	char err[256];
};

/* Past the time budget (with a little grace for the exchanges in flight)
 * suspects are left unconfirmed and findings unminimised. */
static bool h_lf_overtime(const struct h_lf_camp *c)
{
	double b = c->w.o->seconds;

	return b > 0 && h_lf_now() - c->t0 > b + 5.0 + b / 20;
}

static int h_lf_add_finding(struct h_lf_stats *st, const struct h_lf_ex *e,
                            const struct h_lf_obs *o, const char *sig, const char *why)
{
	struct h_lf_finding *f = realloc(st->find, (st->nfind + 1) * sizeof(*f));

	if (!f)
		return -1;
	st->find = f;
	f += st->nfind++;
	memset(f, 0, sizeof(*f));
	snprintf(f->sig, sizeof(f->sig), "%s", sig);
	snprintf(f->why, sizeof(f->why), "%s", why);
	f->ex = *e;
	f->obs = *o;
	f->count = 1;
	f->first_index = e->index;
	return 0;
}

/* Replay a finding alone on fresh sessions into its folder's pcap. */
static void h_lf_capture(struct h_lf_camp *c, const struct h_lf_finding *f)
{
	char dir[600], path[700], err[160];
	struct ev_pcap *pc;
	struct h_lf_obs o;

	h_lf_finding_dir(c->w.o->out, f, dir, sizeof(dir));
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/replay.pcap", dir);
	pc = ev_pcap_open(path, err, sizeof(err));
	if (!pc)
		return;
	h_lf_peer_close(&c->w.feeder);
	h_lf_peer_close(&c->w.sink);
	c->w.feeder.pcap = c->w.sink.pcap = pc;
	if (h_lf_run_alone(&c->w, &f->ex, &o))
		h_lf_recover(c);
	h_lf_peer_close(&c->w.feeder);
	h_lf_peer_close(&c->w.sink);
	c->w.feeder.pcap = c->w.sink.pcap = NULL;
	ev_pcap_close(pc);
}

/* Count a confirmed finding; a new signature is minimised and kept. */
static void h_lf_record(struct h_lf_camp *c, struct h_lf_ex *e, const struct h_lf_obs *o,
                        const char *why)
{
	struct h_lf_stats *st = c->w.st;
	char sig[200];

	h_lf_signature(e, o, sig, sizeof(sig));
	st->confirmed++;
	for (size_t i = 0; i < st->nfind; i++)
		if (!strcmp(st->find[i].sig, sig)) {
			st->find[i].count++;
			return;
		}
	fprintf(stderr, "%sfinding %zu: %s: %s (exchange %llu)\n",
	        c->w.o->progress ? "\r\033[K" : "", st->nfind + 1, e->what, why,
	        (unsigned long long)e->index);
	if (c->w.o->minimise && !h_lf_overtime(c))
		h_lf_minimise(&c->w, e, sig);
	if (h_lf_add_finding(st, e, o, sig, why) == 0 && c->w.o->out)
		h_lf_capture(c, &st->find[st->nfind - 1]);
}

/* After a crash or a restart the target must come back before we go on. */
static int h_lf_recover(struct h_lf_camp *c)
{
	if (!h_lf_target_alive(c->w.t) || c->w.t->restart_cmd[0]) {
		h_lf_peer_close(&c->w.feeder);
		h_lf_peer_close(&c->w.sink);
		if (h_lf_target_restart(c->w.t, c->err, sizeof(c->err)))
			return -1;
	}
	return h_lf_world_up(&c->w, c->err, sizeof(c->err));
}

/* Run e alone; a finding is recorded. -1: the target did not come back. */
static int h_lf_judge_alone(struct h_lf_camp *c, struct h_lf_ex *e)
{
	struct h_lf_obs o;
	char why[256];

	if (h_lf_run_alone(&c->w, e, &o)) {
		if (h_lf_recover(c) || h_lf_run_alone(&c->w, e, &o))
			return h_lf_recover(c);
	}
	c->w.st->exchanges++;
	if (h_lf_is_finding(e, &o, why, sizeof(why)))
		h_lf_record(c, e, &o, why);
	if (o.cls == LF_O_GONE || o.sink_dropped || c->w.feeder.state != LF_ESTABLISHED)
		return h_lf_recover(c);
	return 0;
}

static void h_lf_suspect(struct h_lf_camp *c, const struct h_lf_ex *e)
{
	if (c->nsusp == c->capsusp) {
		size_t cap = c->capsusp ? c->capsusp * 2 : 16;
		struct h_lf_ex *n = realloc(c->susp, cap * sizeof(*n));

		if (!n)
			return;
		c->susp = n;
		c->capsusp = cap;
	}
	c->susp[c->nsusp++] = *e;
}

static int h_lf_confirm_all(struct h_lf_camp *c)
{
	while (c->nsusp) {
		if (h_lf_overtime(c)) {
			c->w.st->unconfirmed += c->nsusp;
			c->nsusp = 0;
			break;
		}
		struct h_lf_ex e = c->susp[--c->nsusp];
		uint64_t before = c->w.st->confirmed;

		if (h_lf_judge_alone(c, &e))
			return -1;
		c->w.st->exchanges--; /* it was counted in flight already */
		if (c->w.st->confirmed == before)
			c->w.st->unconfirmed++;
	}
	return 0;
}

/* The sessions dropped under a window: every exchange whose message was sent
 * is a suspect; the others start again. */
static int h_lf_window_lost(struct h_lf_camp *c, struct h_lf_ex *retry, size_t *nretry)
{
	for (size_t i = 0; i < c->nfl; i++) {
		if (c->fl[i].phase >= 2) {
			h_lf_suspect(c, &c->fl[i].ex);
			c->w.st->exchanges++;
		} else {
			retry[(*nretry)++] = c->fl[i].ex;
		}
	}
	c->nfl = 0;
	for (size_t i = 0; i < c->w.nrs; i++) {
		if (c->rj[i].phase >= 2) {
			h_lf_suspect(c, &c->rj[i].ex);
			c->w.st->exchanges++;
		} else if (c->rj[i].phase == 1 && c->npend < LF_MAX_PEND) {
			c->pend[c->npend++] = c->rj[i].ex;
		}
		c->rj[i].phase = 0;
	}
	if (h_lf_confirm_all(c))
		return -1;
	return h_lf_recover(c);
}

static void h_lf_finish_flight(struct h_lf_camp *c, size_t i, enum h_lf_obs_class cls)
{
	struct h_lf_flight *f = &c->fl[i];
	struct h_lf_obs o = {.cls = cls};
	char why[256];

	c->w.st->exchanges++;
	if (h_lf_is_finding(&f->ex, &o, why, sizeof(why)))
		h_lf_suspect(c, &f->ex);
	h_lf_send_withdraw(&c->w, f->ex.index);
	c->fl[i] = c->fl[--c->nfl];
}

/* Move each exchange in flight on by what the sink has seen. */
static void h_lf_advance(struct h_lf_camp *c)
{
	double now = h_lf_now(), settle = c->w.t->settle;

	for (size_t i = c->nfl; i-- > 0;) {
		struct h_lf_flight *f = &c->fl[i];
		uint32_t p = h_lf_prefix_of(f->ex.index, false),
		         s = h_lf_prefix_of(f->ex.index, true);

		if (f->phase == 1 && h_lf_present(&c->w, p)) {
			h_lf_peer_send(&c->w.feeder, f->ex.msg, f->ex.len);
			h_lf_send_announce(&c->w, s);
			f->phase = 2;
			f->t = now;
		} else if (f->phase == 1 && now - f->t > 2.0 + settle) {
			h_lf_send_withdraw(&c->w, f->ex.index); /* not propagated: try it alone */
			c->w.st->exchanges++;
			h_lf_suspect(c, &f->ex);
			c->fl[i] = c->fl[--c->nfl];
		} else if (f->phase == 2 && h_lf_present(&c->w, s)) {
			f->phase = 3;
			f->t_seen = now;
		} else if (f->phase == 2 && now - f->t > 3.0 + settle) {
			h_lf_finish_flight(c, i, LF_O_HANG);
		} else if (f->phase == 3 && now - f->t_seen >= settle) {
			h_lf_finish_flight(c, i,
			                   h_lf_present(&c->w, p) ? LF_O_PRESENT : LF_O_WITHDRAWN);
		}
	}
}

/* Give a resetting feeder that is up and free the oldest waiting message. */
static void h_lf_rs_assign(struct h_lf_camp *c)
{
	for (size_t i = 0; i < c->w.nrs && c->npend; i++) {
		struct h_lf_rjob *j = &c->rj[i];
		struct h_lf_peer *r = &c->w.rs[i];

		if (j->phase || r->state != LF_ESTABLISHED)
			continue;
		*j = (struct h_lf_rjob){.ex = c->pend[0], .phase = 1, .t = h_lf_now()};
		memmove(c->pend, c->pend + 1, --c->npend * sizeof(c->pend[0]));
		h_lf_peer_clear_events(r);
		/* a message that must end the session needs no route to watch */
		if (j->ex.allowed & (LF_BIT(LF_O_PRESENT) | LF_BIT(LF_O_WITHDRAWN)))
			h_lf_announce_from(&c->w, r, h_lf_prefix_of(j->ex.index, false));
		else
			j->t = 0; /* go on at once */
	}
}

static void h_lf_rs_finish(struct h_lf_camp *c, size_t i, enum h_lf_obs_class cls)
{
	struct h_lf_rjob *j = &c->rj[i];
	struct h_lf_peer *r = &c->w.rs[i];
	struct h_lf_obs o = {.cls = cls, .code = j->code, .subcode = j->subcode};
	char why[256];

	c->w.st->exchanges++;
	if (h_lf_is_finding(&j->ex, &o, why, sizeof(why)))
		h_lf_suspect(c, &j->ex);
	h_lf_withdraw_from(r, j->ex.index);
	j->phase = 0;
}

/* The session ended: a reset or a close. Whether the target went with it
 * shows in the next moments (the process gone, or the sink's session down
 * too, as when a supervised daemon crashed); then the outcome is "gone". */
static void h_lf_rs_ended(struct h_lf_camp *c, size_t i, enum h_lf_obs_class cls, double now)
{
	struct h_lf_rjob *j = &c->rj[i];
	struct h_lf_peer *r = &c->w.rs[i];

	j->code = r->code;
	j->subcode = r->subcode;
	j->end_cls = cls;
	j->phase = 4;
	j->t = now;
	if (cls == LF_O_RESET) /* the server closes it anyway: reconnect sooner */
		h_lf_peer_close(r);
}

/* Move one resetting feeder's exchange on (phases as h_lf_advance). */
static void h_lf_rs_step(struct h_lf_camp *c, size_t i, double now, double settle)
{
	struct h_lf_rjob *j = &c->rj[i];
	struct h_lf_peer *r = &c->w.rs[i];
	uint32_t p = h_lf_prefix_of(j->ex.index, false), s = h_lf_prefix_of(j->ex.index, true);

	if (j->phase == 4) {
		if (!h_lf_target_alive(c->w.t) || c->w.sink.state != LF_ESTABLISHED)
			h_lf_rs_finish(c, i, LF_O_GONE);
		else if (now - j->t >= (c->w.t->reference ? 0.0 : LF_AFTERMATH))
			h_lf_rs_finish(c, i, j->end_cls);
	} else if (j->phase >= 2 && r->got_notification)
		h_lf_rs_ended(c, i, LF_O_RESET, now);
	else if (j->phase >= 2 && (r->closed || r->state != LF_ESTABLISHED))
		h_lf_rs_ended(c, i, LF_O_CLOSED, now);
	else if (j->phase == 1 && r->state != LF_ESTABLISHED) {
		if (c->npend < LF_MAX_PEND) /* lost before its message: again later */
			c->pend[c->npend++] = j->ex;
		j->phase = 0;
	} else if (j->phase == 1 && (j->t == 0 || h_lf_present(&c->w, p))) {
		h_lf_peer_send(r, j->ex.msg, j->ex.len);
		h_lf_announce_from(&c->w, r, s);
		j->phase = 2;
		j->t = now;
	} else if (j->phase == 1 && now - j->t > 2.0 + settle) {
		c->w.st->exchanges++;
		h_lf_suspect(c, &j->ex);
		h_lf_withdraw_from(r, j->ex.index);
		j->phase = 0;
	} else if (j->phase == 2 && h_lf_present(&c->w, s)) {
		j->phase = 3;
		j->t_seen = now;
	} else if (j->phase == 2 && now - j->t > 3.0 + settle) {
		h_lf_rs_finish(c, i, LF_O_HANG);
	} else if (j->phase == 3 && now - j->t_seen >= settle) {
		h_lf_rs_finish(c, i, h_lf_present(&c->w, p) ? LF_O_PRESENT : LF_O_WITHDRAWN);
	}
}

static void h_lf_rs_advance(struct h_lf_camp *c)
{
	double now = h_lf_now();

	h_lf_rs_upkeep(&c->w);
	for (size_t i = 0; i < c->w.nrs; i++)
		if (c->rj[i].phase)
			h_lf_rs_step(c, i, now, c->w.t->settle);
	h_lf_rs_assign(c);
}

static bool h_lf_rs_busy(const struct h_lf_camp *c)
{
	for (size_t i = 0; i < c->w.nrs; i++)
		if (c->rj[i].phase)
			return true;
	return c->npend > 0;
}

static void h_lf_progress(struct h_lf_camp *c, bool last)
{
	const struct h_lf_stats *st = c->w.st;
	double now = h_lf_now(), el = now - c->t0;

	if (!last && now - c->last_progress < (c->w.o->progress ? 0.25 : 10.0))
		return;
	c->last_progress = now;
	fprintf(stderr, "%s[fuzz %s] %.0fs %llu exchanges (%.0f/s) findings %zu reconnects %llu%s",
	        c->w.o->progress ? "\r\033[K" : "", c->w.t->name, el,
	        (unsigned long long)st->exchanges, el > 0 ? (double)st->exchanges / el : 0.0,
	        st->nfind, (unsigned long long)st->reconnects,
	        c->w.o->progress && !last ? "" : "\n");
}

static bool h_lf_done(const struct h_lf_camp *c, uint64_t next, volatile int *stop)
{
	const struct h_lf_opts *o = c->w.o;

	if (*stop || (o->seconds > 0 && h_lf_now() - c->t0 >= o->seconds))
		return true;
	return o->max_ex && next - o->start >= o->max_ex;
}

/* Take the next exchange (a retried one first). */
static void h_lf_next_ex(struct h_lf_camp *c, struct h_lf_ex *e, struct h_lf_ex *retry,
                         size_t *nretry, uint64_t *next)
{
	if (*nretry) {
		*e = retry[--*nretry];
		return;
	}
	h_lf_ex_make(e, c->w.o->seed, *next, h_lf_prefix_of(*next, false), c->w.t->feeder_as,
	             0x0A000104, c->w.o->framing_pct);
	(*next)++;
}

static int h_lf_loop(struct h_lf_camp *c, volatile int *stop)
{
	const struct h_lf_opts *o = c->w.o;
	struct h_lf_ex *retry = calloc(o->window + 1, sizeof(*retry));
	struct h_lf_ex e;
	size_t nretry = 0;
	uint64_t next = o->start;
	int rc = 0;

	while (rc == 0 && retry) {
		bool done = h_lf_done(c, next, stop);

		if (done && c->nfl == 0 && !h_lf_rs_busy(c))
			break;
		if (c->w.feeder.state != LF_ESTABLISHED || c->w.sink.state != LF_ESTABLISHED ||
		    c->w.sink_bad) {
			c->w.sink_bad = false;
			rc = h_lf_window_lost(c, retry, &nretry);
			continue;
		}
		while (!done && c->nfl < o->window && (c->nfl == 0 || nretry == 0)) {
			if (c->w.nrs && c->npend == LF_MAX_PEND)
				break; /* the resetting feeders are behind */
			h_lf_next_ex(c, &e, retry, &nretry, &next);
			if (e.alone && c->w.nrs) {
				c->pend[c->npend++] = e;
				done = h_lf_done(c, next, stop);
				continue;
			}
			if (e.alone && c->nfl) {
				retry[nretry++] = e; /* after the window drains */
				break;
			}
			if (e.alone) {
				rc = h_lf_judge_alone(c, &e);
				break;
			}
			c->fl[c->nfl] = (struct h_lf_flight){.ex = e, .phase = 1, .t = h_lf_now()};
			h_lf_send_announce(&c->w, h_lf_prefix_of(e.index, false));
			c->nfl++;
			done = h_lf_done(c, next, stop);
		}
		h_lf_pump(&c->w, 0.002);
		h_lf_advance(c);
		h_lf_rs_advance(c);
		if (c->nsusp && c->nfl == 0 && !h_lf_rs_busy(c))
			rc = h_lf_confirm_all(c);
		h_lf_progress(c, false);
	}
	/* exchanges not run yet are the first ones a resumed campaign runs */
	c->w.st->next_index = next;
	for (size_t i = 0; i < nretry; i++)
		if (retry[i].index < c->w.st->next_index)
			c->w.st->next_index = retry[i].index;
	for (size_t i = 0; i < c->npend; i++)
		if (c->pend[i].index < c->w.st->next_index)
			c->w.st->next_index = c->pend[i].index;
	free(retry);
	return rc;
}

int h_lf_run(struct h_lf_target *t, const struct h_lf_opts *o, struct h_lf_stats *st,
             volatile int *stop, char *err, size_t errcap)
{
	struct h_lf_camp c;
	int rc;

	memset(&c, 0, sizeof(c));
	memset(st, 0, sizeof(*st));
	c.fl = calloc(o->window, sizeof(*c.fl));
	if (!c.fl || h_lf_world_init(&c.w, t, o, st)) {
		snprintf(err, errcap, "out of memory");
		free(c.fl);
		return -1;
	}
	c.w.stop = stop;
	c.t0 = h_lf_now();
	rc = h_lf_world_up(&c.w, c.err, sizeof(c.err));
	if (rc == 0)
		rc = h_lf_loop(&c, stop);
	st->seconds = h_lf_now() - c.t0;
	h_lf_progress(&c, true);
	if (rc)
		snprintf(err, errcap, "%s", c.err);
	h_lf_world_free(&c.w);
	free(c.fl);
	free(c.susp);
	return rc;
}

void h_lf_stats_free(struct h_lf_stats *st)
{
	free(st->find);
	st->find = NULL;
	st->nfind = 0;
}
