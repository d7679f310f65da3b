/* h_certify.h: certify an NVA's BGP configuration against the reference
 * route server. With --nva bird|frr|gobgp --config FILE the user's own file
 * runs unchanged in the product's topology, built from network namespaces
 * (h_netns.h); with --external a lab appliance peers with the server on
 * addresses given by option. Every verdict is read from what the NVA does:
 * its packets (h_certify_wire.h), the server's view of its sessions and
 * routes, its kernel's forwarding table. */
#ifndef RSCERT_H_CERTIFY_H
#define RSCERT_H_CERTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct h_cert_opts {
	const char *nva;         /* "bird", "frr", "gobgp", or NULL with external */
	const char *config;      /* the user's configuration file */
	const char *routes_file; /* GoBGP: `gobgp global rib add` arguments, one route a line */
	bool external;
	unsigned peer_asn;     /* the ASN the server's peering is configured with */
	uint32_t next_hop;     /* another next hop the NVA may send (host order), 0: none */
	uint32_t inst[2];      /* the instances' addresses (host order) */
	uint16_t port;         /* their BGP port */
	uint32_t nva_addr;     /* the NVA's address (--external) */
	const char *iface;     /* the interface to observe (--external), NULL: all */
	unsigned window;       /* seconds */
	bool react;            /* check the reactions (on by default) */
	unsigned react_window; /* seconds to re-establish after each disturbance */
	const char *out;
	const char *rsd;
	int color; /* -1: when standard output is a terminal and NO_COLOR is unset */
};

void h_cert_defaults(struct h_cert_opts *o);
/* Run the certification; the exit status: 0 certified, 1 not, 2 error. */
int h_certify(const struct h_cert_opts *o);

/* Whether name is an NVA implementation rscert can start. */
bool h_cert_adapter_known(const char *name);
/* Parse the certify options argv[first..argc-1] into o (after
 * h_cert_defaults); 0, or -1 with a message on standard error; 1 after
 * --help (printed). */
int h_cert_args(int argc, char **argv, int first, struct h_cert_opts *o);
void h_cert_usage(FILE *f);
/* The whole `rscert certify ...` command (argv[1] is "certify"), with rsd
 * the reference daemon unless --rsd names another; the exit status. */
int h_cert_main(int argc, char **argv, const char *rsd);

#endif
