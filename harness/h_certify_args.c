/* h_certify_args.c: the options of `rscert certify` (getopt_long) and the
 * command itself. */
#include "h_certify.h"
#include "h_netns.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char h_cert_usage_text[] =
    "usage: rscert certify --nva bird|frr|gobgp --config FILE [--routes-file FILE]\n"
    "       rscert certify --external --nva-addr ADDR [--instances A,B] [--port N]\n"
    "                      [--iface IF]\n"
    "options (both):\n"
    "  --instances A,B     the route server's two instances (10.0.255.4,10.0.255.5)\n"
    "  --port N            their BGP port (179)\n"
    "  --peer-asn N        the ASN of the NVA's peering on the route server (65001)\n"
    "  --next-hop ADDR     a next hop the NVA may send besides its own (a frontend)\n"
    "  --window S          longest wait for the sessions and routes (30)\n"
    "  --no-react          do not disturb the sessions (the NVA-REACT-* are SKIP)\n"
    "  --react-window S    time to come back after each disturbance (20)\n"
    "  --out DIR           certificate.json and certificate.html go here (out)\n"
    "  --rsd PATH          the reference route server\n"
    "  --color, --no-color colour the verdicts (default: on a terminal, unless NO_COLOR)\n"
    "  --help              this text\n"
    "--nva runs the user's file unchanged in network namespaces shaped like the product\n"
    "(root): instances 10.0.255.4 and .5 port 179 (--instances, --port: one /27 of\n"
    "10.0.0.0/16), the NVA 10.0.1.4/24 via 10.0.1.1.\n"
    "--routes-file (GoBGP): one `gobgp global rib add` argument list a line.\n"
    "exit: 0 certified, 1 not certified, 2 usage or environment error (no certificate)\n";

void h_cert_usage(FILE *f)
{
	fputs(h_cert_usage_text, f);
}

static int h_cert_uint(const char *opt, const char *v, unsigned long min, unsigned long max,
                       unsigned *out)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || !*v || *v == '-' || n < min || n > max) {
		fprintf(stderr, "rscert certify: --%s: not a number in range %lu-%lu: '%s'\n", opt,
		        min, max, v);
		return -1;
	}
	*out = (unsigned)n;
	return 0;
}

static int h_cert_addr(const char *opt, const char *v, uint32_t *out)
{
	struct in_addr a;

	if (inet_pton(AF_INET, v, &a) != 1) {
		fprintf(stderr, "rscert certify: --%s: not an IPv4 address: '%s'\n", opt, v);
		return -1;
	}
	*out = ntohl(a.s_addr);
	return 0;
}

static int h_cert_pair(const char *v, uint32_t out[2])
{
	char a[64];
	const char *comma = strchr(v, ',');

	if (!comma || (size_t)(comma - v) >= sizeof(a)) {
		fprintf(stderr, "rscert certify: --instances: needs ADDR,ADDR: '%s'\n", v);
		return -1;
	}
	snprintf(a, sizeof(a), "%.*s", (int)(comma - v), v);
	return h_cert_addr("instances", a, &out[0]) || h_cert_addr("instances", comma + 1, &out[1])
	           ? -1
	           : 0;
}

enum {
	O_NVA = 256,
	O_CONFIG,
	O_ROUTES_FILE,
	O_EXTERNAL,
	O_NVA_ADDR,
	O_INSTANCES,
	O_PORT,
	O_IFACE,
	O_PEER_ASN,
	O_NEXT_HOP,
	O_WINDOW,
	O_NO_REACT,
	O_REACT_WINDOW,
	O_OUT,
	O_RSD,
	O_COLOR,
	O_NO_COLOR,
	O_HELP
};

static const struct option h_cert_longopts[] = {
    {"nva", required_argument, NULL, O_NVA},
    {"config", required_argument, NULL, O_CONFIG},
    {"routes-file", required_argument, NULL, O_ROUTES_FILE},
    {"external", no_argument, NULL, O_EXTERNAL},
    {"nva-addr", required_argument, NULL, O_NVA_ADDR},
    {"instances", required_argument, NULL, O_INSTANCES},
    {"port", required_argument, NULL, O_PORT},
    {"iface", required_argument, NULL, O_IFACE},
    {"peer-asn", required_argument, NULL, O_PEER_ASN},
    {"nva-asn", required_argument, NULL, O_PEER_ASN},
    {"next-hop", required_argument, NULL, O_NEXT_HOP},
    {"window", required_argument, NULL, O_WINDOW},
    {"no-react", no_argument, NULL, O_NO_REACT},
    {"react-window", required_argument, NULL, O_REACT_WINDOW},
    {"out", required_argument, NULL, O_OUT},
    {"rsd", required_argument, NULL, O_RSD},
    {"color", no_argument, NULL, O_COLOR},
    {"no-color", no_argument, NULL, O_NO_COLOR},
    {"help", no_argument, NULL, O_HELP},
    {NULL, 0, NULL, 0},
};

/* One option; 0, -1 on a bad value, 1 after --help. */
static int h_cert_opt(struct h_cert_opts *o, int c, const char *v, bool *addrs)
{
	unsigned port;

	switch (c) {
	case O_NVA:
		o->nva = v;
		return 0;
	case O_CONFIG:
		o->config = v;
		return 0;
	case O_ROUTES_FILE:
		o->routes_file = v;
		return 0;
	case O_EXTERNAL:
		o->external = true;
		return 0;
	case O_NVA_ADDR:
		return h_cert_addr("nva-addr", v, &o->nva_addr);
	case O_INSTANCES:
		*addrs = true;
		return h_cert_pair(v, o->inst);
	case O_PORT:
		*addrs = true;
		if (h_cert_uint("port", v, 1, 65535, &port))
			return -1;
		o->port = (uint16_t)port;
		return 0;
	case O_IFACE:
		o->iface = v;
		return 0;
	case O_PEER_ASN:
		return h_cert_uint("peer-asn", v, 1, 4294967294ul, &o->peer_asn);
	case O_NEXT_HOP:
		return h_cert_addr("next-hop", v, &o->next_hop);
	case O_WINDOW:
		return h_cert_uint("window", v, 1, 3600, &o->window);
	case O_NO_REACT:
		o->react = false;
		return 0;
	case O_REACT_WINDOW:
		return h_cert_uint("react-window", v, 1, 600, &o->react_window);
	case O_OUT:
		o->out = v;
		return 0;
	case O_RSD:
		o->rsd = v;
		return 0;
	case O_COLOR:
		o->color = 1;
		return 0;
	case O_NO_COLOR:
		o->color = 0;
		return 0;
	case O_HELP:
		h_cert_usage(stdout);
		return 1;
	default:
		return -1;
	}
}

/* The combinations; 0 or -1 with a message. */
static int h_cert_check_opts(const struct h_cert_opts *o, bool addrs)
{
	const char *why = NULL;
	char rule[160];
	uint32_t net;

	if (!o->nva == !o->external)
		why = "needs --nva bird|frr|gobgp --config FILE, or --external";
	else if (o->nva && !h_cert_adapter_known(o->nva))
		why = "--nva: not bird, frr or gobgp";
	else if (o->nva && !o->config)
		why = "--nva needs --config FILE (the NVA's own configuration)";
	else if (o->nva && addrs && h_netns_rs_check(o->inst, &net, rule, sizeof(rule)) == -1)
		why = rule;
	else if (o->external && !o->nva_addr)
		why = "--external needs --nva-addr ADDR (where the NVA connects from)";
	else if (o->routes_file && (!o->nva || strcmp(o->nva, "gobgp")))
		why = "--routes-file is for --nva gobgp";
	if (!why)
		return 0;
	fprintf(stderr, "rscert certify: %s\n", why);
	return -1;
}

int h_cert_args(int argc, char **argv, int first, struct h_cert_opts *o)
{
	bool addrs = false;
	int c, rc;

	optind = 0; /* glibc: start over (the runner may have parsed before) */
	opterr = 0;
	while ((c = getopt_long(argc - first + 1, argv + first - 1, ":", h_cert_longopts, NULL)) !=
	       -1) {
		const char *name = argv[first - 1 + optind - 1];
		if (c == '?' || c == ':') {
			fprintf(stderr, "rscert certify: %s '%s'\n",
			        c == ':' ? "option needs a value:" : "unknown option", name);
			return -1;
		}
		rc = h_cert_opt(o, c, optarg, &addrs);
		if (rc)
			return rc;
	}
	if (optind < argc - first + 1) {
		fprintf(stderr, "rscert certify: unexpected argument '%s'\n",
		        argv[first - 1 + optind]);
		return -1;
	}
	return h_cert_check_opts(o, addrs);
}

int h_cert_main(int argc, char **argv, const char *rsd)
{
	struct h_cert_opts o;
	int rc;

	h_cert_defaults(&o);
	o.rsd = rsd;
	rc = h_cert_args(argc, argv, 2, &o);
	if (rc > 0)
		return 0;
	if (rc) {
		h_cert_usage(stderr);
		return 2;
	}
	if (!o.rsd || access(o.rsd, X_OK)) {
		fprintf(stderr, "rscert certify: the reference daemon %s cannot be run: %s\n",
		        o.rsd ? o.rsd : "(none)", strerror(errno));
		return 2;
	}
	if (o.color < 0)
		o.color = isatty(1) && !getenv("NO_COLOR");
	return h_certify(&o);
}
