/* h_certify_react.c: how the NVA reacts when the server disturbs its
 * sessions, each with evidence (times, the server's log lines):
 *   NVA-REACT-NOTIFICATION  the peering is removed and added again: both
 *                           sessions get Cease 6/3 and must come back;
 *   NVA-REACT-HOLD          the server falls silent (SIGSTOP): the NVA must
 *                           drop both sessions within the negotiated hold
 *                           time (seen in the kernel's connection table),
 *                           then re-establish once the server resumes;
 *   NVA-REACT-INSTANCE      IN_1's connection is reset (ss -K): IN_0 must
 *                           stay up, IN_1 must come back.
 * "Back" means Established on a new session and the instance learned the
 * same (prefix, AS path) set as before the disturbance. */
#include "h_certify_run.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

struct h_react {
	struct h_cert_run *r;
	char *base[2]; /* learned sets before the disturbance */
	size_t nbase[2];
	char since[2][40];
	bool renew[2];  /* the instance must show a new session */
	bool steady[2]; /* the instance must stay on its session throughout */
	double back[2]; /* seconds after t0 when Established again, -1 */
	bool broke[2];  /* a steady instance went down */
	char why[300];
};

static int h_react_begin(struct h_react *w, struct h_cert_run *r, const struct h_cert_sess *s)
{
	int k;

	memset(w, 0, sizeof(*w));
	w->r = r;
	for (k = 0; k < 2; k++) {
		snprintf(w->since[k], sizeof(w->since[k]), "%s", s->since[k]);
		w->back[k] = -1;
	}
	return h_cert_learned_sets(r, w->base, w->nbase);
}

static void h_react_end(struct h_react *w)
{
	free(w->base[0]);
	free(w->base[1]);
}

static bool h_react_nva_gone(struct h_cert_run *r)
{
	if (r->nva > 0 && waitpid(r->nva, NULL, WNOHANG) == r->nva) {
		r->nva = 0;
		return true;
	}
	return false;
}

/* One look at the sessions; true when every instance is back. */
static bool h_react_poll(struct h_react *w, double t0)
{
	struct h_cert_sess s;
	char *set[2];
	size_t n[2];
	bool done = true;
	int k;

	h_cert_sessions(w->r, &s);
	for (k = 0; k < 2; k++) {
		bool fresh = s.up[k] && strcmp(s.since[k], w->since[k]);
		if (w->steady[k] && (!s.up[k] || fresh))
			w->broke[k] = true;
		if (w->renew[k] && fresh && w->back[k] < 0)
			w->back[k] = h_cert_now() - t0;
		if (!s.up[k] || (w->renew[k] && w->back[k] < 0))
			done = false;
	}
	snprintf(w->why, sizeof(w->why), "IN_0 %s, IN_1 %s", s.state[0], s.state[1]);
	if (!done || h_cert_learned_sets(w->r, set, n))
		return false;
	for (k = 0; k < 2; k++)
		if (strcmp(set[k], w->base[k])) {
			snprintf(w->why, sizeof(w->why),
			         "both Established, but IN_%d learned %zu routes, %zu before "
			         "or a different set",
			         k, n[k], w->nbase[k]);
			done = false;
		}
	free(set[0]);
	free(set[1]);
	return done;
}

/* Wait up to the react window after t0 for every instance to be back. */
static bool h_react_await(struct h_react *w, double t0)
{
	double end = t0 + w->r->o->react_window;

	while (!h_cert_stop_flag) {
		if (h_react_nva_gone(w->r)) {
			snprintf(w->why, sizeof(w->why), "the NVA daemon exited");
			return false;
		}
		if (h_react_poll(w, t0))
			return true;
		if (h_cert_now() >= end)
			return false;
		h_cert_wait(w->r, 100);
	}
	return false;
}

/* Requirement i FAIL: the NVA was not back in time; the fix names its
 * reconnect timers. */
static void h_react_late(struct h_cert_run *r, int i, const char *ev)
{
	char fix[512];

	snprintf(fix, sizeof(fix),
	         "set the NVA's connect-retry and idle-hold timers below %u s so that it "
	         "re-establishes a dropped session within %u s%s%s%s",
	         r->o->react_window, r->o->react_window, r->ad ? " (" : "",
	         r->ad ? r->ad->reconnect_knobs : "", r->ad ? ")" : "");
	h_cert_req_set(r, i, H_CERT_FAIL, ev, fix);
}

/* Await every instance back within the react window after t0 and judge
 * requirement i: the evidence is pre, then the times back or why not. */
static bool h_react_judge(struct h_react *w, int i, double t0, const char *pre)
{
	struct h_cert_run *r = w->r;
	char ev[768];

	if (!h_react_await(w, t0)) {
		snprintf(ev, sizeof(ev), "%s; not back within %u s: %s", pre, r->o->react_window,
		         w->why);
		h_react_late(r, i, ev);
		return false;
	}
	snprintf(ev, sizeof(ev),
	         "%s; IN_0 Established again after %.1f s, IN_1 after %.1f s, %zu and %zu routes "
	         "as before",
	         pre, w->back[0], w->back[1], w->nbase[0], w->nbase[1]);
	h_cert_req_set(r, i, H_CERT_PASS, ev, "");
	return true;
}

/* Wait up to 2 s for a log line after offset with both words. */
static bool h_react_log(struct h_cert_run *r, long off, const char *w1, const char *w2, char *line,
                        size_t cap)
{
	double end = h_cert_now() + 2;

	for (;;) {
		if (h_cert_log_after(r, off, w1, w2, line, cap))
			return true;
		if (h_cert_now() >= end)
			return false;
		h_cert_wait(r, 50);
	}
}

static void h_react_notification(struct h_cert_run *r, const struct h_cert_sess *s)
{
	struct h_react w;
	char ev[768], line[400] = "", cmd[96], me[16];
	long off = h_cert_log_size(r);
	json_t *j;
	double t0;

	if (h_react_begin(&w, r, s)) {
		h_cert_req_set(r, H_REQ_NOTIFICATION, H_CERT_SKIP, "the server did not answer", "");
		return;
	}
	w.renew[0] = w.renew[1] = true;
	t0 = h_cert_now();
	json_decref(h_cert_ctl(r, "peering remove nva"));
	h_react_log(r, off, "event=notification-sent peer=nva ", "code=6 subcode=3", line,
	            sizeof(line));
	h_cert_ip(r->nva_addr, me, sizeof(me));
	snprintf(cmd, sizeof(cmd), "peering add nva %s %u", me, r->o->peer_asn);
	j = h_cert_ctl(r, cmd);
	if (!j || json_object_get(j, "error")) {
		h_cert_req_set(r, H_REQ_NOTIFICATION, H_CERT_SKIP,
		               "the server did not take the peering back", "");
		json_decref(j);
		h_react_end(&w);
		return;
	}
	json_decref(j);
	snprintf(ev, sizeof(ev), "peering removed and added again, the server sent Cease 6/3 (%s)",
	         line[0] ? line : "no log line");
	h_react_judge(&w, H_REQ_NOTIFICATION, t0, ev);
	h_react_end(&w);
}

/* Stop the server until the NVA closed both connections or the grace time
 * passed; drop[k] = seconds after the stop, -1 when still open. */
static double h_react_silence(struct h_cert_run *r, double grace, double drop[2])
{
	struct h_cert_conn c[2][H_CERT_MAX_CONN];
	size_t n[2], i;
	double t0, end;
	int k;

	for (k = 0; k < 2; k++) {
		n[k] = h_cert_tcp_established_in(r->srv.pid, r->srv.listen[k], r->nva_addr, c[k],
		                                 H_CERT_MAX_CONN);
		drop[k] = -1;
	}
	if (!n[0] || !n[1] || r->srv.pid <= 0) /* never kill(0 or -1, ...) */
		return -1;
	if (kill(r->srv.pid, SIGSTOP))
		return -1;
	t0 = h_cert_now();
	end = t0 + grace;
	while (h_cert_now() < end && !h_cert_stop_flag && (drop[0] < 0 || drop[1] < 0)) {
		for (k = 0; k < 2; k++) {
			bool alive = false;
			for (i = 0; i < n[k] && drop[k] < 0; i++)
				alive |= h_cert_tcp_alive_in(r->srv.pid, r->srv.listen[k],
				                             r->nva_addr, &c[k][i]);
			if (drop[k] < 0 && !alive)
				drop[k] = h_cert_now() - t0;
		}
		h_cert_wait(r, 50);
	}
	kill(r->srv.pid, SIGCONT);
	return h_cert_now() - t0;
}

static void h_react_hold(struct h_cert_run *r, const struct h_cert_sess *s)
{
	struct h_react w;
	char ev[768], fix[512], line[400] = "no log line";
	unsigned hold = s->hold[0];
	long off = h_cert_log_size(r);
	double drop[2], silent, resumed;

	if (!hold) {
		h_cert_req_set(r, H_REQ_HOLD, H_CERT_FAIL,
		               "the hold timer is disabled (negotiated 0 s): a silent server "
		               "is never dropped",
		               "set hold time 9 s or more and keepalive a third of it");
		return;
	}
	if (h_react_begin(&w, r, s)) {
		h_cert_req_set(r, H_REQ_HOLD, H_CERT_SKIP, "the server did not answer", "");
		return;
	}
	w.renew[0] = w.renew[1] = true;
	/* the hold time, a keepalive interval (the last keepalive may have
	 * been just before the stop, or the NVA's timer may be a tick late)
	 * and 2 s for a loaded machine */
	silent =
	    h_react_silence(r, hold + (s->keepalive[0] ? s->keepalive[0] : hold / 3) + 2.0, drop);
	resumed = h_cert_now();
	if (silent < 0) {
		h_cert_req_set(r, H_REQ_HOLD, H_CERT_SKIP,
		               "could not silence the server: the sessions' connections are not "
		               "in /proc/net/tcp, or the server cannot be stopped",
		               "");
		h_react_end(&w);
		return;
	}
	if (drop[0] < 0 || drop[1] < 0) {
		snprintf(ev, sizeof(ev),
		         "the server was silent (stopped) for %.1f s; the NVA still held %s "
		         "(negotiated hold time %u s)",
		         silent,
		         drop[0] < 0 && drop[1] < 0 ? "both sessions"
		         : drop[0] < 0              ? "IN_0"
		                                    : "IN_1",
		         hold);
		snprintf(fix, sizeof(fix),
		         "let the NVA's hold timer run: it must drop a session whose peer "
		         "sends nothing for the negotiated hold time (%u s here); do not "
		         "disable or stretch it (hold 9 s, keepalive 3 s advised)",
		         hold);
		h_cert_req_set(r, H_REQ_HOLD, H_CERT_FAIL, ev, fix);
		h_react_await(&w, resumed); /* let it settle for the next check */
		h_react_end(&w);
		return;
	}
	if (!h_react_log(r, off, "event=notification-received peer=nva ", "code=4", line,
	                 sizeof(line)))
		h_react_log(r, off, "event=state peer=nva ", "from=Established", line,
		            sizeof(line));
	snprintf(ev, sizeof(ev),
	         "the server was silent (stopped) for %.1f s: the NVA closed IN_0 after %.1f s, "
	         "IN_1 after %.1f s (negotiated hold time %u s); the server's log once resumed: "
	         "%s; counted from the server resuming",
	         silent, drop[0], drop[1], hold, line);
	h_react_judge(&w, H_REQ_HOLD, resumed, ev);
	h_react_end(&w);
}

/* Reset IN_1's server-side connection with `ss -K` (needs
 * CONFIG_INET_DIAG_DESTROY); true when it is gone. */
static bool h_react_reset_in1(struct h_cert_run *r)
{
	struct h_cert_conn c[H_CERT_MAX_CONN];
	char l1[16], me[16], out[300];
	char *argv[] = {"ss", "-K", "-t", "-n", "state", "established", "src", l1, "dst", me, NULL};
	size_t n = h_cert_tcp_established_in(r->srv.pid, r->srv.listen[1], r->nva_addr, c,
	                                     H_CERT_MAX_CONN);
	size_t i;
	bool alive = false;

	h_cert_ip(r->srv.listen[1], l1, sizeof(l1));
	h_cert_ip(r->nva_addr, me, sizeof(me));
	snprintf(out, sizeof(out), "%s/ss.out", r->dir);
	if (!n || h_cert_run_server_ns(r, argv, out))
		return false;
	for (i = 0; i < n; i++)
		alive |= h_cert_tcp_alive_in(r->srv.pid, r->srv.listen[1], r->nva_addr, &c[i]);
	return !alive;
}

static void h_react_instance(struct h_cert_run *r, const struct h_cert_sess *s)
{
	struct h_react w;
	char ev[768], line[400] = "no log line";
	long off = h_cert_log_size(r);
	double t0;

	if (h_react_begin(&w, r, s)) {
		h_cert_req_set(r, H_REQ_INSTANCE, H_CERT_SKIP, "the server did not answer", "");
		return;
	}
	w.renew[1] = true;
	w.steady[0] = true;
	t0 = h_cert_now();
	if (!h_react_reset_in1(r)) {
		h_cert_req_set(r, H_REQ_INSTANCE, H_CERT_SKIP,
		               "could not reset IN_1's connection: `ss -K` failed (iproute2 "
		               "and a kernel with CONFIG_INET_DIAG_DESTROY are needed)",
		               "");
		h_react_end(&w);
		return;
	}
	h_react_log(r, off, "IN_1 event=state peer=nva ", "from=Established", line, sizeof(line));
	if (h_react_await(&w, t0) && !w.broke[0]) {
		snprintf(ev, sizeof(ev),
		         "IN_1's connection was reset (%s); IN_0 stayed Established (since %s); "
		         "IN_1 Established again after %.1f s, %zu and %zu routes as before",
		         line, w.since[0], w.back[1], w.nbase[0], w.nbase[1]);
		h_cert_req_set(r, H_REQ_INSTANCE, H_CERT_PASS, ev, "");
	} else if (w.broke[0]) {
		snprintf(ev, sizeof(ev),
		         "IN_1's connection was reset (%s); IN_0's session went down too: %s", line,
		         w.why);
		h_cert_req_set(r, H_REQ_INSTANCE, H_CERT_FAIL, ev,
		               "keep the two neighbors independent: one neighbor per instance, "
		               "nothing (BFD, tracking, a shared peer-group reset) that takes "
		               "one down with the other");
	} else {
		snprintf(ev, sizeof(ev),
		         "IN_1's connection was reset (%s); IN_1 not back within %u s: %s", line,
		         r->o->react_window, w.why);
		h_react_late(r, H_REQ_INSTANCE, ev);
	}
	h_react_end(&w);
}

static bool h_react_ready(struct h_cert_run *r, struct h_cert_sess *s, int i)
{
	if (!h_cert_ready(r, i))
		return false;
	if (!r->o->react) {
		h_cert_req_set(r, i, H_CERT_SKIP, "not checked (--no-react)", "");
		return false;
	}
	h_cert_sessions(r, s);
	if (s->up[0] && s->up[1])
		return true;
	h_cert_req_set(r, i, H_CERT_SKIP, "not checked: not Established with both instances", "");
	return false;
}

void h_cert_check_reactions(struct h_cert_run *r)
{
	struct h_cert_sess now;

	if (h_react_ready(r, &now, H_REQ_NOTIFICATION))
		h_react_notification(r, &now);
	if (h_react_ready(r, &now, H_REQ_HOLD))
		h_react_hold(r, &now);
	if (h_react_ready(r, &now, H_REQ_INSTANCE))
		h_react_instance(r, &now);
}
