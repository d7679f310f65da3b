/* h_certify.c: one certification run: check the environment, build the
 * topology, start the server and the NVA, observe, judge in dependency
 * order, write the certificate; stop everything it started. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "h_certify.h"
#include "h_certify_run.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void h_cert_on_signal(int sig)
{
	(void)sig;
	h_cert_stop_flag = 1;
}

void h_cert_defaults(struct h_cert_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->peer_asn = 65001;
	o->inst[0] = H_NETNS_RS_IN0;
	o->inst[1] = H_NETNS_RS_IN1;
	o->port = 179;
	o->window = 30;
	o->react = true;
	o->react_window = 20;
	o->out = "out";
	o->color = -1;
}

static void h_cert_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h_cert_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void h_cert_print_external(const struct h_cert_run *r)
{
	char a0[16], a1[16], me[16];

	h_cert_ip(r->o->inst[0], a0, sizeof(a0));
	h_cert_ip(r->o->inst[1], a1, sizeof(a1));
	h_cert_ip(r->nva_addr, me, sizeof(me));
	printf("rscert certify: start the NVA now; waiting up to %u s\n"
	       "  instance IN_0 %s port %u, instance IN_1 %s port %u, AS 65515\n"
	       "  the NVA must connect from %s with AS %u (eBGP multihop)\n",
	       r->o->window, a0, r->o->port, a1, r->o->port, me, r->o->peer_asn);
	fflush(stdout);
}

/* The route server's subnet (the longest prefix up to /27 holding both
 * instances) and the VNet's space it advertises (the /16 around it). */
static void h_cert_spaces(struct h_cert_run *r)
{
	uint32_t a = r->o->inst[0], b = r->o->inst[1];
	unsigned len = 27;
	char s[16];

	while (len && (a >> (32 - len)) != (b >> (32 - len)))
		len--;
	r->subnet_len = len;
	r->subnet = len ? a & (~0u << (32 - len)) : 0;
	r->vnet_len = len < 16 ? len : 16;
	r->vnet = r->vnet_len ? a & (~0u << (32 - r->vnet_len)) : 0;
	h_cert_ip(r->subnet, s, sizeof(s));
	snprintf(r->subnet_text, sizeof(r->subnet_text), "%s/%u", s, len);
}

/* Everything before the NVA runs: the implementation's binary, the
 * topology, the wire, the server; -1 with err (exit 2, no certificate). */
static int h_cert_prepare(struct h_cert_run *r, char *err, size_t cap)
{
	h_cert_spaces(r);
	if (!r->o->external) {
		r->ad = h_cert_adapter_find(r->o->nva);
		if (!r->ad) {
			snprintf(err, cap, "--nva: no implementation named %s", r->o->nva);
			return -1;
		}
		if (access(r->o->config, R_OK)) {
			snprintf(err, cap, "--config %s cannot be read", r->o->config);
			return -1;
		}
		if (h_cert_resolve(r, err, cap) || h_cert_netns_begin(r, err, cap))
			return -1;
	} else {
		r->nva_addr = r->o->nva_addr;
	}
	if (r->o->config && h_cert_sha256(r->o->config, r->sha256)) {
		snprintf(err, cap, "cannot read %s for its sha256", r->o->config);
		return -1;
	}
	h_cwire_init(&r->wire, r->nva_addr, r->o->inst, r->o->port);
	if (h_cwire_open(&r->wire, r->net ? h_netns_name(r->net, H_NETNS_FABRIC) : NULL,
	                 r->net ? "nva" : r->o->iface, err, cap))
		return -1;
	return h_cert_setup(r, err, cap);
}

/* Start the NVA and wait; -1 with err when the daemon cannot start or
 * exits. */
static int h_cert_run_nva(struct h_cert_run *r, char *err, size_t cap)
{
	if (r->o->external)
		h_cert_print_external(r);
	else if (r->ad->start(r, err, cap))
		return -1;
	h_cert_observe(r);
	if (r->nva < 0) {
		r->nva = 0;
		snprintf(err, cap, "the %s daemon exited (its output follows)", r->ad->name);
		return -1;
	}
	return 0;
}

static void h_cert_judge(struct h_cert_run *r)
{
	h_cert_check_session(r);
	h_cert_check_routes(r);
	h_cert_check_static(r);
	h_cert_check_data_path(r);
	h_cert_check_reactions(r);
}

static void h_cert_stamp(struct h_cert_run *r)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(r->started, sizeof(r->started), "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void h_cert_teardown(struct h_cert_run *r)
{
	h_cert_kill(r->nva);
	for (int i = 3; i-- > 0;)
		h_cert_kill(r->nva_extra[i]);
	h_server_stop(&r->srv);
	h_cwire_close(&r->wire);
	h_cert_netns_end(r);
	if (getenv("RSCERT_KEEP"))
		fprintf(stderr, "rscert: kept %s\n", r->dir);
	else
		h_cert_rmtree(r->dir);
}

static int h_cert_finish(struct h_cert_run *r)
{
	bool ok = h_cert_certified(r);

	if (h_cert_write_json(r))
		fprintf(stderr, "rscert: cannot write %s/certificate.json\n", r->o->out);
	h_cert_print(r);
	return ok ? 0 : 1;
}

int h_certify(const struct h_cert_opts *o)
{
	struct h_cert_run *r = calloc(1, sizeof(*r));
	char err[700] = "";
	int rc = 2;

	if (!r)
		return 2;
	r->o = o;
	r->wire.fd = -1;
	r->tty = isatty(1);
	h_cert_stamp(r);
	h_cert_req_init(r);
	snprintf(r->version, sizeof(r->version), "unknown");
	snprintf(r->dir, sizeof(r->dir), "%s/rscert-certify-XXXXXX", P_tmpdir);
	if (!mkdtemp(r->dir)) {
		fprintf(stderr, "rscert: cannot create a temporary directory\n");
		free(r);
		return 2;
	}
	h_cert_signals();
	if (h_cert_prepare(r, err, sizeof(err)) || h_cert_run_nva(r, err, sizeof(err))) {
		fprintf(stderr, "rscert: %s; no certificate written\n", err);
		h_cert_cat(r, "nva.out");
		goto out;
	}
	if (!h_cert_stop_flag)
		h_cert_judge(r);
	if (h_cert_stop_flag) { /* an interrupted run judges nothing */
		fprintf(stderr, "rscert: interrupted; no certificate written\n");
		goto out;
	}
	rc = h_cert_finish(r);
out:
	h_cert_teardown(r);
	h_cert_free_sets(r);
	free(r);
	return rc;
}
