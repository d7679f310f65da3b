/* h_merge_read.c: a report.json read back into the run result it was
 * written from (h_report_json.c), for `rscert merge`. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h_merge.h"

/* Copy a string member (key NULL: o itself) into a fixed field; absent
 * is "". */
static void h_mr_str(const json_t *o, const char *key, char *out, size_t cap)
{
	const char *s = json_string_value(key ? json_object_get(o, key) : o);

	snprintf(out, cap, "%s", s ? s : "");
}

static double h_mr_num(const json_t *o, const char *key)
{
	return json_number_value(json_object_get(o, key));
}

static unsigned h_mr_uint(const json_t *o, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(o, key));

	return v < 0 ? 0 : (unsigned)v;
}

/* The verdict names of h_verdict_name; -1 when unknown. */
static int h_mr_verdict(const char *name)
{
	for (int v = H_PASS; v <= H_XPASS; v++)
		if (name && !strcmp(name, h_verdict_name((enum h_verdict)v)))
			return v;
	return -1;
}

static int h_mr_events(const json_t *arr, struct h_case_result *c)
{
	size_t i;
	const json_t *e;

	c->nevents = json_array_size(arr);
	if (!c->nevents)
		return 0;
	if (!(c->events = calloc(c->nevents, sizeof(*c->events))))
		return -1;
	json_array_foreach(arr, i, e)
	{
		struct h_event *ev = &c->events[i];
		const char *dir = json_string_value(json_object_get(e, "dir"));

		ev->t = h_mr_num(e, "t");
		h_mr_str(e, "actor", ev->actor, sizeof(ev->actor));
		h_mr_str(e, "server", ev->server, sizeof(ev->server));
		ev->dir = dir && !strcmp(dir, "from_server") ? H_DIR_FROM_SERVER : H_DIR_TO_SERVER;
		ev->type = (uint8_t)h_mr_uint(e, "type");
		h_mr_str(e, "summary", ev->summary, sizeof(ev->summary));
	}
	return 0;
}

static int h_mr_latency(const json_t *arr, struct h_case_result *c)
{
	size_t i;
	const json_t *v;

	c->nlatency = json_array_size(arr);
	if (!c->nlatency)
		return 0;
	if (!(c->latency = calloc(c->nlatency, sizeof(*c->latency))))
		return -1;
	json_array_foreach(arr, i, v) c->latency[i] = json_number_value(v);
	return 0;
}

/* One element of "cases"; what is wrong in err. */
static int h_mr_case(const json_t *o, struct h_case_result *c, char *err, size_t cap)
{
	int v = h_mr_verdict(json_string_value(json_object_get(o, "verdict")));

	h_mr_str(o, "id", c->id, sizeof(c->id));
	if (!c->id[0] || v < 0) {
		snprintf(err, cap, "a case without an id or with an unknown verdict");
		return -1;
	}
	c->verdict = (enum h_verdict)v;
	h_mr_str(o, "level", c->level, sizeof(c->level));
	h_mr_str(o, "title", c->title, sizeof(c->title));
	h_mr_str(o, "requirement", c->requirement, sizeof(c->requirement));
	h_mr_str(o, "file", c->file, sizeof(c->file));
	h_mr_str(o, "reason", c->reason, sizeof(c->reason));
	h_mr_str(o, "expected", c->expected, sizeof(c->expected));
	h_mr_str(o, "observed", c->observed, sizeof(c->observed));
	c->failed_line = h_mr_uint(o, "failed_line");
	c->seconds = h_mr_num(o, "seconds");
	c->attempt = h_mr_uint(o, "attempt");
	h_mr_str(o, "pcap", c->pcap, sizeof(c->pcap));
	h_mr_str(o, "wirelog", c->wirelog, sizeof(c->wirelog));
	h_mr_str(o, "serverlog", c->serverlog, sizeof(c->serverlog));
	if (h_mr_events(json_object_get(o, "events"), c) ||
	    h_mr_latency(json_object_get(o, "latency"), c)) {
		snprintf(err, cap, "out of memory");
		return -1;
	}
	return 0;
}

/* The run's own fields and what ties it to the other shards. */
static int h_mr_run(const json_t *j, struct h_merge_shard *s, char *err, size_t cap)
{
	const json_t *shard = json_object_get(j, "shard");
	const json_t *cat = json_object_get(j, "selection");
	const char *format = json_string_value(json_object_get(j, "format"));
	struct h_run_result *r = &s->r;

	if (!format || strcmp(format, "rscert-report-1")) {
		snprintf(err, cap, "not an rscert report (format '%s', expected 'rscert-report-1')",
		         format ? format : "none");
		return -1;
	}
	if (!json_is_object(cat) || !json_string_value(json_object_get(cat, "digest"))) {
		snprintf(err, cap, "no \"selection\" digest: written by an older rscert");
		return -1;
	}
	h_mr_str(j, "target", r->target, sizeof(r->target));
	h_mr_str(j, "catalogue", r->cases_dir, sizeof(r->cases_dir));
	h_mr_str(json_array_get(json_object_get(j, "server_faults"), 0), NULL, r->fault,
	         sizeof(r->fault));
	r->time_scale = h_mr_num(j, "time_scale");
	r->port = (uint16_t)h_mr_uint(j, "port");
	h_mr_str(j, "profile", r->profile, sizeof(r->profile));
	r->seed = (uint64_t)json_integer_value(json_object_get(j, "seed"));
	r->repeat = h_mr_uint(j, "repeat");
	r->started = h_mr_num(j, "started");
	r->seconds = h_mr_num(j, "seconds");
	r->selected = h_mr_uint(j, "selected");
	s->index = h_mr_uint(shard, "index");
	s->count = h_mr_uint(shard, "count");
	h_mr_str(cat, "digest", s->digest, sizeof(s->digest));
	s->all = h_mr_uint(cat, "selected");
	return 0;
}

static int h_mr_cases(const json_t *arr, struct h_run_result *r, char *err, size_t cap)
{
	size_t i, n = json_array_size(arr);
	const json_t *o;

	if (!json_is_array(arr)) {
		snprintf(err, cap, "no \"cases\" array");
		return -1;
	}
	if (n && !(r->cases = calloc(n, sizeof(*r->cases)))) {
		snprintf(err, cap, "out of memory");
		return -1;
	}
	json_array_foreach(arr, i, o)
	{
		char why[128];

		if (h_mr_case(o, &r->cases[i], why, sizeof(why))) {
			r->ncases = i + 1;
			snprintf(err, cap, "case %zu: %s", i + 1, why);
			return -1;
		}
	}
	r->ncases = n;
	return 0;
}

int h_merge_read(const char *dir, struct h_merge_shard *s, char *err, size_t cap)
{
	char path[512], why[200];
	json_error_t je;
	json_t *j;
	int rc;

	memset(s, 0, sizeof(*s));
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	snprintf(path, sizeof(path), "%s/report.json", dir);
	if (!(j = json_load_file(path, 0, &je))) {
		if (je.line > 0)
			snprintf(err, cap, "%s:%d: %s", path, je.line, je.text);
		else
			snprintf(err, cap, "%s: %s", path, je.text);
		return -1;
	}
	rc = h_mr_run(j, s, why, sizeof(why));
	if (!rc)
		rc = h_mr_cases(json_object_get(j, "cases"), &s->r, why, sizeof(why));
	json_decref(j);
	if (rc) {
		snprintf(err, cap, "%s: %s", path, why);
		h_merge_shard_free(s);
	}
	return rc;
}
