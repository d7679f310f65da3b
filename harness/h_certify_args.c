/* h_certify_args.c: the options of `rscert certify` and the command itself. */
#include "h_certify.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "h_case.h"

void h_cert_usage(FILE *f)
{
	fprintf(f,
	        "usage: rscert certify --adapter bird|frr|gobgp | --external\n"
	        "                   [--nva-asn N] [--routes N] [--one-instance]\n"
	        "                   [--window SECONDS] [--no-react] [--react-window SECONDS]\n"
	        "                   [--nva-reconnect SECONDS] [--out DIR] [--rsd PATH]\n"
	        "                   [--nva-subnet P] [--nva-gateway A] [--nva-static P via A]...\n"
	        "                   [--netns]\n");
}

static int h_cert_uint(const char *opt, const char *v, unsigned long min, unsigned long max,
                       unsigned *out)
{
	char *end;
	unsigned long n;

	if (!v) {
		fprintf(stderr, "rscert: %s needs a value\n", opt);
		return -1;
	}
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || !*v || n < min || n > max) {
		fprintf(stderr, "rscert: %s: not a number in range %lu-%lu: '%s'\n", opt, min, max,
		        v);
		return -1;
	}
	*out = (unsigned)n;
	return 0;
}

static int h_cert_static_arg(struct h_cert_opts *o, char **argv, int argc, int i)
{
	struct h_cert_static *st = &o->st[o->nstatic];

	if (i + 3 >= argc || strcmp(argv[i + 2], "via") || o->nstatic == H_CERT_MAX_STATIC ||
	    h_cert_parse_prefix(argv[i + 1], &st->net, &st->len) ||
	    h_parse_ipv4(argv[i + 3], &st->via)) {
		fprintf(stderr, "rscert: --nva-static needs PREFIX via ADDRESS\n");
		return -1;
	}
	o->nstatic++;
	return 0;
}

/* Options with a number; 1 when a is not one of them. */
static int h_cert_num_arg(struct h_cert_opts *o, const char *a, const char *val)
{
	if (!strcmp(a, "--nva-asn"))
		return h_cert_uint(a, val, 1, 65535, &o->asn);
	if (!strcmp(a, "--routes"))
		return h_cert_uint(a, val, 0, 4000, &o->routes);
	if (!strcmp(a, "--window"))
		return h_cert_uint(a, val, 1, 3600, &o->window);
	if (!strcmp(a, "--react-window"))
		return h_cert_uint(a, val, 1, 600, &o->react_window);
	if (!strcmp(a, "--nva-reconnect"))
		return h_cert_uint(a, val, 1, 600, &o->reconnect);
	return 1;
}

/* Options with an address or a path; 1 when a is not one of them. */
static int h_cert_text_arg(struct h_cert_opts *o, const char *a, const char *val)
{
	if (!val)
		return 1;
	if (!strcmp(a, "--adapter")) {
		if (!h_cert_adapter_known(val)) {
			fprintf(stderr,
			        "rscert: --adapter: no adapter named '%s' (bird, frr, gobgp)\n",
			        val);
			return -1;
		}
		o->adapter = val;
	} else if (!strcmp(a, "--out")) {
		o->out = val;
	} else if (!strcmp(a, "--rsd")) {
		o->rsd = val;
	} else if (!strcmp(a, "--nva-subnet")) {
		return h_cert_parse_prefix(val, &o->nva_net, &o->nva_len) ? -1 : 0;
	} else if (!strcmp(a, "--nva-gateway")) {
		return h_parse_ipv4(val, &o->nva_gw) ? -1 : 0;
	} else {
		return 1;
	}
	return 0;
}

int h_cert_args(int argc, char **argv, int first, struct h_cert_opts *o)
{
	int i, rc;

	for (i = first; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--external")) {
			o->external = true;
		} else if (!strcmp(a, "--one-instance")) {
			o->one_instance = true;
		} else if (!strcmp(a, "--no-react")) {
			o->react = false;
		} else if (!strcmp(a, "--netns")) {
			o->netns = true;
		} else if (!strcmp(a, "--nva-static")) {
			if (h_cert_static_arg(o, argv, argc, i))
				return -1;
			i += 3;
		} else if ((rc = h_cert_num_arg(o, a, val)) != 1 ||
		           (rc = h_cert_text_arg(o, a, val)) != 1) {
			if (rc)
				return -1;
			i++;
		} else {
			fprintf(stderr, "rscert: unknown or incomplete option '%s'\n", a);
			return -1;
		}
	}
	if (!o->adapter == !o->external) {
		fprintf(stderr, "rscert: certify needs --adapter bird|frr|gobgp or --external\n");
		return -1;
	}
	if (o->netns && (!o->adapter || strcmp(o->adapter, "bird"))) {
		fprintf(stderr, "rscert: --netns needs --adapter bird\n");
		return -1;
	}
	return 0;
}

int h_cert_main(int argc, char **argv, const char *rsd)
{
	struct h_cert_opts o;

	h_cert_defaults(&o);
	o.rsd = rsd;
	if (h_cert_args(argc, argv, 2, &o)) {
		h_cert_usage(stderr);
		return 2;
	}
	if (!o.rsd || access(o.rsd, X_OK)) {
		fprintf(stderr, "rscert: the reference daemon %s cannot be run: %s\n",
		        o.rsd ? o.rsd : "(none)", strerror(errno));
		return 2;
	}
	return h_certify(&o);
}
