/* h_nva_log.c: the fake NVAs' clock and timeline: events, notes for the
 * report and the wire log, and the names they use. The bottom of the fake
 * NVA's files: it calls none of the others. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ev_wirelog.h"
#include "h_nva_int.h"

/* A guard, not a limit of the model: a target that floods the NVA cannot
 * make the report unreadable or exhaust memory. */
#define H_MAX_EVENTS 20000

const char *const h_inst_name[2] = {"IN_0", "IN_1"};

void h_ts_now(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
}

double h_world_now(const struct h_world *w)
{
	struct timespec ts;

	h_ts_now(&ts);
	return (double)(ts.tv_sec - w->start.tv_sec) +
	       (double)(ts.tv_nsec - w->start.tv_nsec) / 1e9;
}

void h_world_push_event(struct h_world *w, const struct h_sess *s, enum h_dir dir, uint8_t type,
                        const char *summary)
{
	struct h_event *e;

	if (w->nevents == w->capevents) {
		size_t cap = w->capevents ? w->capevents * 2 : 64;
		struct h_event *m;
		if (cap > H_MAX_EVENTS)
			return;
		m = realloc(w->events, cap * sizeof(*m));
		if (!m)
			return;
		w->events = m;
		w->capevents = cap;
	}
	e = &w->events[w->nevents++];
	memset(e, 0, sizeof(*e));
	e->t = h_world_now(w);
	snprintf(e->actor, sizeof(e->actor), "%s", s ? s->nva->spec->name : "harness");
	snprintf(e->server, sizeof(e->server), "%s", s ? h_inst_name[s->inst] : "");
	e->dir = dir;
	e->type = type;
	snprintf(e->summary, sizeof(e->summary), "%s", summary);
}

void h_world_note(struct h_world *w, const struct h_sess *s, const char *fmt, ...)
{
	char buf[256];
	struct timespec ts;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	h_world_push_event(w, s, H_DIR_TO_SERVER, 0, buf);
	h_ts_now(&ts);
	if (w->wl)
		ev_wirelog_note(w->wl, &ts, s ? s->nva->spec->name : "harness",
		                s ? h_inst_name[s->inst] : "-", EV_TO_SERVER, buf);
}

const char *h_sess_state_name(enum h_sess_state st)
{
	switch (st) {
	case H_SS_IDLE:
		return "Idle";
	case H_SS_CONNECTING:
		return "Connect";
	case H_SS_OPENSENT:
		return "OpenSent";
	case H_SS_OPENCONFIRM:
		return "OpenConfirm";
	case H_SS_ESTABLISHED:
		return "Established";
	}
	return "?";
}
