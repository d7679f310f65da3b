/* h_certify_report.c: the certificate (JSON through jansson), the console
 * summary and the progress line. */
#include "h_certify_run.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#ifndef RSCERT_VERSION
#define RSCERT_VERSION "unknown"
#endif
#ifndef RSCERT_COMMIT
#define RSCERT_COMMIT "unknown"
#endif

const char *h_cert_verdict_name(enum h_cert_verdict v)
{
	static const char *const n[] = {"PASS", "FAIL", "SKIP", "BLOCKED"};

	return n[v];
}

bool h_cert_certified(const struct h_cert_run *r)
{
	for (int i = 0; i < H_CERT_NREQ; i++)
		if (!r->req[i].off && (r->req[i].v == H_CERT_FAIL || r->req[i].v == H_CERT_BLOCKED))
			return false;
	return true;
}

/* mkdir -p dir */
static void h_cert_mkdirs(const char *dir)
{
	char p[512];

	snprintf(p, sizeof(p), "%s", dir);
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
}

static json_t *h_cert_ip_json(uint32_t a)
{
	char s[16];

	h_cert_ip(a, s, sizeof(s));
	return json_string(s);
}

/* The NVA as observed: its OPEN on the wire, and what was started. */
static json_t *h_cert_nva_json(const struct h_cert_run *r)
{
	const struct h_cwire_peer *p = r->wire.p[0].open ? &r->wire.p[0] : &r->wire.p[1];
	json_t *n = json_object(), *caps;
	char c[sizeof(p->o.caps)];

	json_object_set_new(n, "implementation",
	                    json_string(r->o->external ? "external" : r->o->nva));
	json_object_set_new(n, "version", json_string(r->version));
	json_object_set_new(n, "address", h_cert_ip_json(r->nva_addr));
	json_object_set_new(n, "network", json_string(r->net ? "netns" : "external"));
	for (int k = 0; k < 2; k++)
		if (r->wire.p[k].ttl_seen) {
			json_object_set_new(n, "ttl", json_integer(r->wire.p[k].ttl));
			break;
		}
	if (!p->open)
		return n;
	json_object_set_new(n, "bgpId", h_cert_ip_json(p->o.bgp_id));
	json_object_set_new(n, "asn", json_integer(p->o.as));
	json_object_set_new(n, "as4", json_boolean(p->o.as4));
	json_object_set_new(n, "holdTime", json_integer(p->o.hold));
	caps = json_array();
	snprintf(c, sizeof(c), "%s", p->o.caps);
	for (char *t = strtok(c, " "); t; t = strtok(NULL, " "))
		json_array_append_new(caps, json_string(t));
	json_object_set_new(n, "capabilities", caps);
	return n;
}

static json_t *h_cert_reqs_json(const struct h_cert_run *r)
{
	json_t *a = json_array();

	for (int i = 0; i < H_CERT_NREQ; i++) {
		const struct h_cert_req *q = &r->req[i];
		if (q->off)
			continue;
		json_array_append_new(
		    a,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", q->id, "title", q->title,
		              "observes", q->observes, "dependsOn",
		              q->dep == (enum h_cert_id)i ? "" : r->req[q->dep].id, "verdict",
		              h_cert_verdict_name(q->v), "evidence", q->evidence, "fix", q->fix));
	}
	return a;
}

json_t *h_cert_json(const struct h_cert_run *r)
{
	json_t *c = json_object();

	json_object_set_new(c, "rscert", json_string("certify"));
	json_object_set_new(c, "date", json_string(r->started));
	json_object_set_new(c, "rscertVersion", json_string(RSCERT_VERSION));
	json_object_set_new(c, "rscertCommit", json_string(RSCERT_COMMIT));
	json_object_set_new(c, "nva", h_cert_nva_json(r));
	json_object_set_new(c, "config",
	                    json_pack("{s:s?, s:s?}", "path", r->o->config, "sha256",
	                              r->sha256[0] ? r->sha256 : NULL));
	json_object_set_new(c, "profile", json_string("faq-2021-02"));
	json_object_set_new(c, "peerAsn", json_integer(r->o->peer_asn));
	json_object_set_new(c, "certified", json_boolean(h_cert_certified(r)));
	json_object_set_new(c, "requirements", h_cert_reqs_json(r));
	return c;
}

int h_cert_write_json(const struct h_cert_run *r)
{
	char path[512];
	json_t *c = h_cert_json(r);
	int rc;

	h_cert_mkdirs(r->o->out);
	snprintf(path, sizeof(path), "%s/certificate.json", r->o->out);
	rc = json_dump_file(c, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!rc)
		rc = h_cert_write_html(r, c);
	json_decref(c);
	return rc ? -1 : 0;
}

static const char *h_cert_color(const struct h_cert_run *r, enum h_cert_verdict v)
{
	static const char *const c[] = {"\033[32m", "\033[31m", "\033[2m", "\033[33m"};

	return r->o->color > 0 ? c[v] : "";
}

void h_cert_print(const struct h_cert_run *r)
{
	const char *end = r->o->color > 0 ? "\033[0m" : "";
	bool ok = h_cert_certified(r);

	printf("rscert certify: %s (%s), peering AS %u, %s\n",
	       r->o->external ? "external" : r->o->nva, r->version, r->o->peer_asn, r->started);
	for (int i = 0; i < H_CERT_NREQ; i++) {
		const struct h_cert_req *q = &r->req[i];
		if (q->off)
			continue;
		printf("  %s%-7s%s %-22s %s\n", h_cert_color(r, q->v), h_cert_verdict_name(q->v),
		       end, q->id, q->evidence);
		if (q->v == H_CERT_FAIL && q->fix[0])
			printf("          how to fix: %s\n", q->fix);
	}
	printf("%s%s%s; certificate: %s/certificate.json, %s/certificate.html\n",
	       h_cert_color(r, ok ? H_CERT_PASS : H_CERT_FAIL), ok ? "CERTIFIED" : "NOT CERTIFIED",
	       end, r->o->out, r->o->out);
}

void h_cert_progress(struct h_cert_run *r, double left)
{
	static char last[256];
	struct h_cert_sess s;
	char line[256];

	if (left < 0) {
		if (r->tty && last[0])
			fputs("\r\033[K", stdout);
		last[0] = 0;
		fflush(stdout);
		return;
	}
	h_cert_sessions(r, &s);
	snprintf(line, sizeof(line), "IN_0 %s, %u routes; IN_1 %s, %u routes", s.state[0],
	         r->max_learned[0], s.state[1], r->max_learned[1]);
	if (r->tty)
		printf("\r\033[K  %s; %.0f s left", line, left);
	else if (strcmp(line, last))
		printf("  %s\n", line);
	snprintf(last, sizeof(last), "%s", line);
	fflush(stdout);
}
