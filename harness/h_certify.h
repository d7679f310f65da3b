/* h_certify.h: certify a real NVA (BIRD, FRR, GoBGP, or one the user starts)
 * against the reference route server: start rscert-rsd on a loopback block,
 * let the NVA peer with both instances, check the NVA's side of the contract
 * (docs/SPEC.md sections 1, 2, 3, 6), how it reacts to a NOTIFICATION, a silent server and
 * one instance dropping its session, and write a certificate. */
#ifndef RSCERT_H_CERTIFY_H
#define RSCERT_H_CERTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define H_CERT_MAX_STATIC 16

struct h_cert_static {
	uint32_t net; /* host order */
	uint8_t len;
	uint32_t via;
};

struct h_cert_opts {
	const char *adapter; /* "bird", "frr", "gobgp", or NULL with external */
	bool external;
	unsigned asn;
	unsigned routes;
	bool one_instance;
	unsigned window;       /* seconds */
	bool react;            /* check the reactions (on by default) */
	unsigned react_window; /* seconds to re-establish after each disturbance */
	unsigned reconnect;    /* the adapters' connect-retry / idle-hold, seconds */
	const char *out;
	const char *rsd;
	uint32_t nva_net; /* connected subnet of the modelled NVA */
	uint8_t nva_len;
	uint32_t nva_gw; /* its default gateway */
	size_t nstatic;
	struct h_cert_static st[H_CERT_MAX_STATIC];
	bool netns; /* the server and the NVA in network namespaces (h_netns.h) */
};

void h_cert_defaults(struct h_cert_opts *o);
/* Parse "A.B.C.D/L" into host order; 0 or -1. */
int h_cert_parse_prefix(const char *s, uint32_t *net, uint8_t *len);
/* Run the certification; the exit status: 0 all pass, 1 some fail, 2 error. */
int h_certify(const struct h_cert_opts *o);

/* Whether name is an adapter rscert can start. */
bool h_cert_adapter_known(const char *name);
/* Parse the certify options argv[first..argc-1] into o (after
 * h_cert_defaults); 0, or -1 with a message on standard error. */
int h_cert_args(int argc, char **argv, int first, struct h_cert_opts *o);
void h_cert_usage(FILE *f);
/* The whole `rscert certify ...` command (argv[1] is "certify"), with rsd
 * the reference daemon unless --rsd names another; the exit status. */
int h_cert_main(int argc, char **argv, const char *rsd);

#endif
