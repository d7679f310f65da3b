/* h_exec_refuse.c: a case whose configuration the reference must refuse
 * ("server refused RULE at WORD"): the daemon is started on the generated
 * file and must exit with an error that names the file, the line that holds
 * WORD and RULE. Judged on what the daemon wrote, never on what the runner
 * generated: the line it names is read back from the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h_exec.h"
#include "h_server.h"

/* Line n (1-based) of file path into out; 0 when found. */
static int h_file_line(const char *path, unsigned long n, char *out, size_t cap)
{
	FILE *f = fopen(path, "r");
	unsigned long i = 0;
	int rc = -1;

	if (!f)
		return -1;
	while (fgets(out, (int)cap, f))
		if (++i == n) {
			out[strcspn(out, "\n")] = '\0';
			rc = 0;
			break;
		}
	fclose(f);
	return rc;
}

/* Whether word is a blank-separated word of line. */
static int h_has_word(const char *line, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = strstr(line, word); p; p = strstr(p + 1, word))
		if ((p == line || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* "FILE:LINE: RULE: ..." in the daemon's log: 0 with *line and the log line. */
static int h_refusal_line(const struct h_server *srv, const char *rule, unsigned long *line,
                          char *text, size_t cap)
{
	FILE *f = fopen(srv->log, "r");
	char want[sizeof(srv->conf) + 2];
	int rc = -1;

	if (!f)
		return -1;
	snprintf(want, sizeof(want), "%s:", srv->conf);
	while (rc < 0 && fgets(text, (int)cap, f)) {
		char *p = strstr(text, want), *end;
		text[strcspn(text, "\n")] = '\0';
		if (!p)
			continue;
		*line = strtoul(p + strlen(want), &end, 10);
		if (end != p + strlen(want) && !strncmp(end, ": ", 2) &&
		    !strncmp(end + 2, rule, strlen(rule)) && end[2 + strlen(rule)] == ':')
			rc = 0;
	}
	fclose(f);
	return rc;
}

void h_config_refused(const struct h_case *c, struct h_server *srv, const char *rsd,
                      struct h_case_result *r)
{
	const char *rule = c->server.refused_rule, *at = c->server.refused_at;
	char err[256], text[400] = "", conf[400] = "";
	unsigned long line = 0;

	snprintf(r->expected, sizeof(r->expected),
	         "the configuration refused: an error naming the file, the line with '%s' and %s",
	         at, rule);
	if (h_server_start(srv, rsd, 5.0, err, sizeof(err)) == 0) {
		h_server_stop(srv);
		r->verdict = H_FAIL;
		snprintf(r->observed, sizeof(r->observed), "the server started with it");
	} else if (h_refusal_line(srv, rule, &line, text, sizeof(text))) {
		r->verdict = H_FAIL;
		snprintf(r->observed, sizeof(r->observed),
		         "%s; no line 'FILE:LINE: %s:' in its log (see server.log)", err, rule);
	} else if (h_file_line(srv->conf, line, conf, sizeof(conf)) || !h_has_word(conf, at)) {
		r->verdict = H_FAIL;
		snprintf(r->observed, sizeof(r->observed), "%.200s; but line %lu is '%.120s'", text,
		         line, conf);
	} else {
		r->verdict = H_PASS;
		snprintf(r->observed, sizeof(r->observed), "%.300s (line %lu: %.100s)", text, line,
		         conf);
	}
	if (r->verdict != H_PASS)
		snprintf(r->reason, sizeof(r->reason), "%s:%u: expected %.200s; observed %.250s",
		         c->file, c->server.refused_line, r->expected, r->observed);
}
