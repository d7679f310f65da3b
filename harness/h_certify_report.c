/* h_certify_report.c: the certificate (JSON) and the console summary. */
#include "h_certify_run.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "h_case.h"

const char *h_cert_verdict_name(enum h_cert_verdict v)
{
	return v == H_CERT_PASS ? "PASS" : v == H_CERT_FAIL ? "FAIL" : "SKIP";
}

static void h_cert_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
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

int h_cert_write_json(const struct h_cert_run *r, bool ok)
{
	char path[512], a[16];
	FILE *f;
	int i;

	h_cert_mkdirs(r->o->out);
	snprintf(path, sizeof(path), "%s/certificate.json", r->o->out);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "{\n  \"rscert\": \"certify\",\n  \"nva\": {\"adapter\": ");
	h_cert_json_str(f, r->o->external ? "external" : r->o->adapter);
	fprintf(f, ", \"version\": ");
	h_cert_json_str(f, r->version);
	h_cert_ip(r->nva_addr, a, sizeof(a));
	fprintf(f, ", \"asn\": %u, \"address\": \"%s\", \"routes\": %u, \"network\": \"%s\"},\n",
	        r->o->asn, a, r->o->routes, r->net ? "netns" : "loopback");
	fprintf(f, "  \"profile\": \"faq-2021-02\",\n  \"certified\": %s,\n",
	        ok ? "true" : "false");
	fprintf(f, "  \"requirements\": [\n");
	for (i = 0; i < H_CERT_NREQ; i++) {
		const struct h_cert_req *q = &r->req[i];
		if (q->off)
			continue;
		fprintf(f, "%s    {\"id\": \"%s\", \"title\": ", i ? ",\n" : "", q->id);
		h_cert_json_str(f, q->title);
		fprintf(f, ", \"verdict\": \"%s\", \"evidence\": ", h_cert_verdict_name(q->v));
		h_cert_json_str(f, q->evidence);
		fprintf(f, ", \"fix\": ");
		h_cert_json_str(f, q->fix);
		fprintf(f, "}");
	}
	fprintf(f, "\n  ]\n}\n");
	return fclose(f) ? -1 : 0;
}

void h_cert_print(const struct h_cert_run *r, bool ok)
{
	int i;

	printf("rscert certify: %s (%s), AS %u\n", r->o->external ? "external" : r->o->adapter,
	       r->version, r->o->asn);
	for (i = 0; i < H_CERT_NREQ; i++) {
		const struct h_cert_req *q = &r->req[i];
		if (q->off)
			continue;
		printf("  %-4s %-22s %s\n", h_cert_verdict_name(q->v), q->id, q->evidence);
		if (q->v == H_CERT_FAIL && q->fix[0])
			printf("       how to fix: %s\n", q->fix);
	}
	printf("%s; certificate: %s/certificate.json\n", ok ? "CERTIFIED" : "NOT CERTIFIED",
	       r->o->out);
}
