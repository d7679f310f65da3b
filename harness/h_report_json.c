/* h_report_json.c: the whole run result as one JSON document (built with
 * jansson; docs/report.schema.json describes it): every field of
 * h_run_result and h_case_result, events and latencies included, what
 * re-creates the run, the counts, the flaky cases and the exit status the
 * runner returns. */
#include "h_report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A number, null when it is not finite (JSON has no NaN or infinity);
 * rounded to the microsecond. */
static json_t *h_jnum(double v)
{
	return isfinite(v) ? json_real(round(v * 1e6) / 1e6) : json_null();
}

/* obj[key] = a string of the bounded field; -1 when out of memory. */
static int h_jset_text(json_t *obj, const char *key, const char *s, size_t max)
{
	return json_object_set_new(obj, key, h_report_jstr(s, max));
}

static json_t *h_json_event(const struct h_event *e)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	if (json_object_set_new(o, "t", h_jnum(e->t)) ||
	    h_jset_text(o, "actor", H_FIELD(e->actor)) ||
	    h_jset_text(o, "server", H_FIELD(e->server)) ||
	    json_object_set_new(
	        o, "dir", json_string(e->dir == H_DIR_TO_SERVER ? "to_server" : "from_server")) ||
	    json_object_set_new(o, "type", json_integer(e->type)) ||
	    json_object_set_new(o, "type_name", json_string(h_msg_type_name(e->type))) ||
	    h_jset_text(o, "summary", H_FIELD(e->summary))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The events and latencies of a case; -1 when out of memory. */
static int h_json_case_lists(json_t *o, const struct h_case_result *c)
{
	json_t *ev = json_array(), *lat = json_array();
	int bad = json_object_set_new(o, "events", ev) | json_object_set_new(o, "latency", lat);

	for (size_t i = 0; !bad && i < c->nevents && c->events; i++)
		bad = json_array_append_new(ev, h_json_event(&c->events[i]));
	for (size_t i = 0; !bad && i < c->nlatency && c->latency; i++)
		bad = json_array_append_new(lat, h_jnum(c->latency[i]));
	return bad ? -1 : 0;
}

static json_t *h_json_case(const struct h_case_result *c)
{
	json_t *o = json_object();
	int bad = o == NULL;

	bad = bad || h_jset_text(o, "id", H_FIELD(c->id)) ||
	      h_jset_text(o, "level", H_FIELD(c->level)) ||
	      h_jset_text(o, "title", H_FIELD(c->title)) ||
	      h_jset_text(o, "requirement", H_FIELD(c->requirement)) ||
	      h_jset_text(o, "file", H_FIELD(c->file)) ||
	      json_object_set_new(o, "verdict", json_string(h_verdict_name(c->verdict))) ||
	      h_jset_text(o, "reason", H_FIELD(c->reason)) ||
	      h_jset_text(o, "expected", H_FIELD(c->expected)) ||
	      h_jset_text(o, "observed", H_FIELD(c->observed)) ||
	      json_object_set_new(o, "failed_line", json_integer(c->failed_line)) ||
	      json_object_set_new(o, "seconds", h_jnum(c->seconds)) ||
	      json_object_set_new(o, "attempt", json_integer(c->attempt)) ||
	      h_jset_text(o, "pcap", H_FIELD(c->pcap)) ||
	      h_jset_text(o, "wirelog", H_FIELD(c->wirelog)) ||
	      h_jset_text(o, "serverlog", H_FIELD(c->serverlog)) || h_json_case_lists(o, c);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *h_json_flaky(const struct h_run_result *r)
{
	size_t n = h_report_flaky(r, NULL, 0);
	struct h_flake *fl = n ? calloc(n, sizeof(*fl)) : NULL;
	json_t *a = json_array();

	if (n && fl == NULL) {
		json_decref(a);
		return NULL;
	}
	if (fl)
		h_report_flaky(r, fl, n);
	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(
		        a, json_pack("{s:o, s:I, s:I, s:I}", "id",
		                     h_report_jstr(fl[i].id, sizeof(r->cases[0].id)), "attempts",
		                     (json_int_t)fl[i].attempts, "passed", (json_int_t)fl[i].passed,
		                     "failed", (json_int_t)fl[i].failed))) {
			json_decref(a);
			a = NULL;
		}
	free(fl);
	return a;
}

/* The command line as its words: the exact argv, nothing re-quoted. */
static json_t *h_json_argv(const struct h_run_result *r)
{
	json_t *a = json_array();

	for (size_t i = 0; a && r->argv && r->argv[i]; i++)
		if (json_array_append_new(a, h_report_jstr(r->argv[i], SIZE_MAX))) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

/* What re-creates the run: rscert, target, profile, seed, time scale,
 * faults and the command line. -1 when out of memory. */
static int h_json_meta(json_t *o, const struct h_run_result *r)
{
	char *cmd = h_report_command(r);
	json_t *faults = json_array();
	int bad = cmd == NULL || faults == NULL;

	if (!bad && r->fault[0])
		bad = json_array_append_new(faults, h_report_jstr(H_FIELD(r->fault)));
	bad = bad || h_jset_text(o, "rscert_version", H_FIELD(r->version)) ||
	      h_jset_text(o, "rscert_commit", H_FIELD(r->commit)) ||
	      h_jset_text(o, "target", H_FIELD(r->target)) ||
	      h_jset_text(o, "profile", H_FIELD(r->profile)) ||
	      h_jset_text(o, "catalogue", H_FIELD(r->cases_dir)) ||
	      json_object_set_new(o, "seed", json_integer((json_int_t)r->seed)) ||
	      json_object_set_new(o, "time_scale", h_jnum(r->time_scale)) ||
	      json_object_set(o, "server_faults", faults) ||
	      json_object_set_new(o, "port", json_integer(r->port)) ||
	      json_object_set_new(o, "command", h_report_jstr(cmd, SIZE_MAX)) ||
	      json_object_set_new(o, "argv", h_json_argv(r));
	json_decref(faults);
	free(cmd);
	return bad ? -1 : 0;
}

/* What ties the shards of one run together (rscert merge): the shard, or
 * null, and the digest and size of the whole selection. */
static int h_json_shard(json_t *o, const struct h_run_result *r)
{
	json_t *shard = r->shard_count
	                    ? json_pack("{s:I, s:I}", "index", (json_int_t)r->shard_index, "count",
	                                (json_int_t)r->shard_count)
	                    : json_null();
	json_t *sel =
	    json_pack("{s:s, s:I}", "digest", r->digest, "selected", (json_int_t)r->whole);
	/* json_object_set_new takes its value even when it fails */
	int bad = json_object_set_new(o, "shard", shard);

	return json_object_set_new(o, "selection", sel) || bad ? -1 : 0;
}

/* The run's header, counts and verdict; -1 when out of memory. */
static int h_json_run(json_t *o, const struct h_run_result *r)
{
	struct h_report_counts c;
	char when[32], why[160];
	json_t *counts = json_object();
	int bad = counts == NULL;

	h_report_count(r, &c);
	h_report_iso_time(r->started, when, sizeof(when));
	strcat(when, "Z");
	for (size_t i = 0; !bad && i < H_VERDICT_COUNT; i++)
		bad = json_object_set_new(counts, h_verdict_name((enum h_verdict)i),
		                          json_integer((json_int_t)c.n[i]));
	bad = bad || json_object_set_new(o, "repeat", json_integer(r->repeat)) ||
	      json_object_set_new(o, "started", h_jnum(r->started)) ||
	      json_object_set_new(o, "started_utc", json_string(when)) ||
	      json_object_set_new(o, "seconds", h_jnum(r->seconds)) ||
	      json_object_set_new(o, "selected", json_integer((json_int_t)r->selected)) ||
	      json_object_set_new(o, "ncases", json_integer((json_int_t)r->ncases)) ||
	      json_object_set(o, "counts", counts) ||
	      json_object_set_new(o, "flaky", h_json_flaky(r)) ||
	      json_object_set_new(o, "exit_status", json_integer(h_run_exit_status(r))) ||
	      json_object_set_new(o, "exit_reason",
	                          json_string(h_run_exit_reason(r, why, sizeof(why))));
	json_decref(counts);
	return bad ? -1 : 0;
}

int h_report_json(FILE *f, const struct h_run_result *r)
{
	json_t *doc = json_object(), *cases = json_array();
	int bad = doc == NULL || cases == NULL;

	bad = bad || json_object_set_new(doc, "format", json_string("rscert-report-1")) ||
	      h_json_meta(doc, r) || h_json_run(doc, r) || h_json_shard(doc, r) ||
	      json_object_set(doc, "cases", cases);
	for (size_t i = 0; !bad && i < r->ncases; i++)
		bad = json_array_append_new(cases, h_json_case(&r->cases[i]));
	json_decref(cases);
	if (!bad)
		bad = json_dumpf(doc, f, JSON_INDENT(2)) || fputc('\n', f) == EOF;
	json_decref(doc);
	return bad || ferror(f) ? -1 : 0;
}
