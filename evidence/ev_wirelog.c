/* ev_wirelog.c: the readable wire log. */
#include "ev_wirelog.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define EV_LINE_INIT    8192
#define EV_HEX_PER_LINE 16

struct ev_wirelog {
	FILE *f;
	int owned;
	int failed;
	struct timespec start;
	struct bgp_arena arena;
	void *arena_mem;
	char *line;
	size_t linecap;
};

static void ev_wl_err(char *err, size_t errcap, const char *what, const char *detail)
{
	if (err && errcap)
		snprintf(err, errcap, "%s: %s", what, detail);
}

struct ev_wirelog *ev_wirelog_stream(FILE *f, const struct timespec *start, char *err,
                                     size_t errcap)
{
	struct ev_wirelog *w = calloc(1, sizeof(*w));

	if (!w || !(w->arena_mem = malloc(BGP_ARENA_SIZE)) || !(w->line = malloc(EV_LINE_INIT))) {
		ev_wl_err(err, errcap, "wire log", strerror(ENOMEM));
		if (w) {
			free(w->arena_mem);
			free(w);
		}
		return NULL;
	}
	w->linecap = EV_LINE_INIT;
	w->f = f;
	w->start = *start;
	bgp_arena_init(&w->arena, w->arena_mem, BGP_ARENA_SIZE);
	return w;
}

struct ev_wirelog *ev_wirelog_open(const char *path, const struct timespec *start, char *err,
                                   size_t errcap)
{
	FILE *f = fopen(path, "w");
	struct ev_wirelog *w;

	if (!f) {
		ev_wl_err(err, errcap, path, strerror(errno));
		return NULL;
	}
	w = ev_wirelog_stream(f, start, err, errcap);
	if (!w) {
		fclose(f);
		return NULL;
	}
	w->owned = 1;
	return w;
}

double ev_wirelog_elapsed(const struct ev_wirelog *w, const struct timespec *ts)
{
	return (double)(ts->tv_sec - w->start.tv_sec) +
	       (double)(ts->tv_nsec - w->start.tv_nsec) / 1e9;
}

static void ev_wl_prefix(struct ev_wirelog *w, const struct timespec *ts, const char *actor,
                         const char *server, enum ev_dir dir)
{
	if (fprintf(w->f, "%10.3f  %-8s %s %-6s ", ev_wirelog_elapsed(w, ts), actor,
	            dir == EV_TO_SERVER ? "->" : "<-", server) < 0)
		w->failed = 1;
}

static void ev_wl_hexdump(struct ev_wirelog *w, const uint8_t *msg, size_t len)
{
	size_t i, j;

	for (i = 0; i < len; i += EV_HEX_PER_LINE) {
		fprintf(w->f, "            %04zx ", i);
		for (j = i; j < len && j < i + EV_HEX_PER_LINE; j++)
			fprintf(w->f, " %02x", msg[j]);
		if (fputc('\n', w->f) == EOF)
			w->failed = 1;
	}
}

/* Format m into w->line, growing it as needed. */
static const char *ev_wl_format(struct ev_wirelog *w, const struct bgp_msg *m)
{
	size_t n = bgp_format(m, w->line, w->linecap);

	if (n >= w->linecap) {
		char *bigger = realloc(w->line, n + 1);

		if (!bigger)
			return w->line; /* truncated but still a line */
		w->line = bigger;
		w->linecap = n + 1;
		bgp_format(m, w->line, w->linecap);
	}
	return w->line;
}

static void ev_wl_verdict(struct ev_wirelog *w, const struct bgp_verdict *v)
{
	fprintf(w->f, "%s %u/%u (%s)", bgp_action_name(v->action), v->code, v->subcode,
	        bgp_suberror_name(v->code, v->subcode));
	if (v->attr_type)
		fprintf(w->f, " attr=%u", v->attr_type);
	if (v->rule)
		fprintf(w->f, " rule=%s", v->rule);
	if (v->reason)
		fprintf(w->f, ": %s", v->reason);
}

int ev_wirelog_msg(struct ev_wirelog *w, const struct timespec *ts, const char *actor,
                   const char *server, enum ev_dir dir, const struct bgp_ctx *ctx,
                   const uint8_t *msg, size_t len)
{
	struct bgp_verdict v;
	struct bgp_msg m;
	enum bgp_action act;

	memset(&v, 0, sizeof(v));
	memset(&m, 0, sizeof(m));
	bgp_arena_reset(&w->arena);
	act = bgp_decode(msg, len, ctx, &w->arena, &m, &v);
	ev_wl_prefix(w, ts, actor, server, dir);
	if (act == BGP_ACT_SESSION_RESET) {
		fprintf(w->f, "UNDECODABLE len=%zu type=%u: ", len, len > 18 ? msg[18] : 0);
		ev_wl_verdict(w, &v);
		fputc('\n', w->f);
		ev_wl_hexdump(w, msg, len);
	} else {
		fputs(ev_wl_format(w, &m), w->f);
		if (act != BGP_ACT_OK) {
			fputs("  [", w->f);
			ev_wl_verdict(w, &v);
			fputc(']', w->f);
		}
		fputc('\n', w->f);
	}
	if (ferror(w->f))
		w->failed = 1;
	return w->failed ? -1 : (int)act;
}

int ev_wirelog_note(struct ev_wirelog *w, const struct timespec *ts, const char *actor,
                    const char *server, enum ev_dir dir, const char *text)
{
	ev_wl_prefix(w, ts, actor, server, dir);
	if (fprintf(w->f, "-- %s\n", text) < 0 || ferror(w->f))
		w->failed = 1;
	return w->failed ? -1 : 0;
}

int ev_wirelog_close(struct ev_wirelog *w)
{
	int rc;

	if (!w)
		return 0;
	if (fflush(w->f) != 0 || ferror(w->f))
		w->failed = 1;
	if (w->owned && fclose(w->f) != 0)
		w->failed = 1;
	rc = w->failed ? -1 : 0;
	free(w->line);
	free(w->arena_mem);
	free(w);
	return rc;
}
