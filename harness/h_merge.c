/* h_merge.c: `rscert merge`: shards of one run checked against each other,
 * their results merged in catalogue order, their evidence copied, and the
 * reports written as a single run's (see h_merge.h). */
#include "h_merge.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cl_opt.h"
#include "h_report.h"
#include "h_run.h"

void h_merge_shard_free(struct h_merge_shard *s)
{
	h_run_result_free(&s->r);
}

/* What differs between two shards' runs, or NULL when they are of one run. */
static const char *h_merge_differs(const struct h_merge_shard *a, const struct h_merge_shard *b)
{
	if (strcmp(a->digest, b->digest) || a->all != b->all)
		return "the case selection differs (another catalogue, or other -k or ID filters)";
	if (strcmp(a->r.target, b->r.target))
		return "the target differs";
	if (strcmp(a->r.profile, b->r.profile))
		return "the profile differs";
	if (a->count != b->count)
		return "the number of shards differs";
	if (a->r.seed != b->r.seed)
		return "the seed differs";
	if (a->r.repeat != b->r.repeat)
		return "--repeat differs";
	return NULL;
}

static int h_merge_check(const struct h_merge_shard *s, size_t n, char *err, size_t cap)
{
	for (size_t i = 0; i < n; i++) {
		const char *why;

		if (s[i].count == 0) {
			snprintf(err, cap, "%s is not a shard: its run had no --shard I/N",
			         s[i].dir);
			return -1;
		}
		if (i && (why = h_merge_differs(&s[0], &s[i]))) {
			snprintf(err, cap,
			         "%s and %s are not shards of one run: %s (target '%s' and '%s', "
			         "shard %u/%u and %u/%u)",
			         s[0].dir, s[i].dir, why, s[0].r.target, s[i].r.target, s[0].index,
			         s[0].count, s[i].index, s[i].count);
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (s[j].index == s[i].index) {
				snprintf(err, cap, "%s and %s are both shard %u/%u", s[j].dir,
				         s[i].dir, s[i].index, s[i].count);
				return -1;
			}
	}
	return 0;
}

/* A deep copy of a result (its events and latencies). */
static int h_merge_copy_case(struct h_case_result *to, const struct h_case_result *from)
{
	*to = *from;
	to->events = NULL;
	to->latency = NULL;
	if (from->nevents && !(to->events = malloc(from->nevents * sizeof(*to->events))))
		return -1;
	if (from->nlatency && !(to->latency = malloc(from->nlatency * sizeof(*to->latency))))
		return -1;
	if (from->nevents)
		memcpy(to->events, from->events, from->nevents * sizeof(*to->events));
	if (from->nlatency)
		memcpy(to->latency, from->latency, from->nlatency * sizeof(*to->latency));
	return 0;
}

/* Catalogue order (by file name), then attempt: the order of one run. */
static int h_merge_cmp(const void *pa, const void *pb)
{
	const struct h_case_result *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);

	if (!c)
		c = strcmp(a->id, b->id);
	return c ? c : (a->attempt > b->attempt) - (a->attempt < b->attempt);
}

/* The run's own fields: the first shard's, the earliest start, the wall
 * time from the first start to the last end, the whole selection. */
static void h_merge_run_fields(const struct h_merge_shard *s, size_t n, struct h_run_result *out)
{
	double end = 0;

	snprintf(out->version, sizeof(out->version), "%s", cl_version_string());
	snprintf(out->commit, sizeof(out->commit), "%s", cl_commit());
	snprintf(out->target, sizeof(out->target), "%s", s[0].r.target);
	snprintf(out->cases_dir, sizeof(out->cases_dir), "%s", s[0].r.cases_dir);
	snprintf(out->fault, sizeof(out->fault), "%s", s[0].r.fault);
	out->time_scale = s[0].r.time_scale;
	out->port = s[0].r.port;
	snprintf(out->profile, sizeof(out->profile), "%s", s[0].r.profile);
	out->seed = s[0].r.seed;
	out->repeat = s[0].r.repeat;
	out->started = s[0].r.started;
	out->selected = s[0].all;
	out->whole = s[0].all;
	snprintf(out->digest, sizeof(out->digest), "%s", s[0].digest);
	for (size_t i = 0; i < n; i++) {
		if (s[i].r.started < out->started)
			out->started = s[i].r.started;
		if (s[i].r.started + s[i].r.seconds > end)
			end = s[i].r.started + s[i].r.seconds;
	}
	out->seconds = end - out->started;
}

int h_merge_results(const struct h_merge_shard *s, size_t n, struct h_run_result *out, char *err,
                    size_t cap)
{
	size_t total = 0;

	memset(out, 0, sizeof(*out));
	if (h_merge_check(s, n, err, cap))
		return -1;
	for (size_t i = 0; i < n; i++)
		total += s[i].r.ncases;
	if (total && !(out->cases = calloc(total, sizeof(*out->cases)))) {
		snprintf(err, cap, "out of memory");
		return -1;
	}
	h_merge_run_fields(s, n, out);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < s[i].r.ncases; k++)
			if (h_merge_copy_case(&out->cases[out->ncases++], &s[i].r.cases[k])) {
				h_run_result_free(out);
				snprintf(err, cap, "out of memory");
				return -1;
			}
	if (out->ncases)
		qsort(out->cases, out->ncases, sizeof(*out->cases), h_merge_cmp);
	return 0;
}

/* ---- evidence ---- */
static int h_merge_mkdir(const char *path, char *err, size_t cap)
{
	if (mkdir(path, 0755) && errno != EEXIST) {
		snprintf(err, cap, "cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int h_merge_copy_file(const char *from, const char *to, char *err, size_t cap)
{
	FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
	char buf[65536];
	size_t k;
	int rc = 0;

	while (out && (k = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, k, out) != k)
			rc = -1;
	if (!out || ferror(in) || rc || fclose(out)) {
		snprintf(err, cap, "cannot copy %s to %s: %s", from, to, strerror(errno));
		rc = -1;
	}
	if (in)
		fclose(in);
	return rc;
}

/* Copy the regular files and directories below from into to. */
static int h_merge_copy_tree(const char *from, const char *to, char *err, size_t cap)
{
	DIR *d = opendir(from);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return 0; /* a case without evidence */
	if (h_merge_mkdir(to, err, cap)) {
		closedir(d);
		return -1;
	}
	while (!rc && (e = readdir(d))) {
		char a[1024], b[1024];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(a, sizeof(a), "%s/%s", from, e->d_name);
		snprintf(b, sizeof(b), "%s/%s", to, e->d_name);
		if (lstat(a, &st))
			continue;
		if (S_ISDIR(st.st_mode))
			rc = h_merge_copy_tree(a, b, err, cap);
		else if (S_ISREG(st.st_mode))
			rc = h_merge_copy_file(a, b, err, cap);
	}
	closedir(d);
	return rc;
}

int h_merge_evidence(const struct h_merge_shard *s, const char *out, char *err, size_t cap)
{
	char to[512], from[512];

	snprintf(to, sizeof(to), "%s/cases", out);
	if (h_merge_mkdir(to, err, cap))
		return -1;
	for (size_t k = 0; k < s->r.ncases; k++) {
		const char *id = s->r.cases[k].id;

		/* an ID is a file name: letters, digits, '.', '-', '_' */
		if (strchr(id, '/') || id[0] == '.')
			continue;
		snprintf(from, sizeof(from), "%s/cases/%s", s->dir, id);
		snprintf(to, sizeof(to), "%s/cases/%s", out, id);
		if (h_merge_copy_tree(from, to, err, cap))
			return -1;
	}
	return 0;
}
