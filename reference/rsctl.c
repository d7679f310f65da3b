/* rsctl.c: the CLI of the reference route server (docs/CONTROL.md "CLI"):
 * maps the product-shaped commands to control requests, prints the
 * daemon's JSON pretty-printed. Exit 0 ok, 1 daemon error, 2 usage, 3 the
 * daemon cannot be reached. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cl_opt.h"
#include "rsctl_req.h"
#include "u_ctl.h"

enum { O_SOCKET = 256 };

static const struct cl_opt rsctl_opts[] = {
    {"socket", O_SOCKET, "PATH", "the daemon's control socket ($RSCTL_SOCKET, else rs.sock)", 0},
    {"version", CL_VERSION, NULL, "the version and the git commit", 0},
    {"help", CL_HELP, NULL, "this text", 1},
};

static void rsctl_usage(FILE *f)
{
	fprintf(f, "usage: rsctl [options] COMMAND\n");
	cl_help(f, rsctl_opts, sizeof(rsctl_opts) / sizeof(rsctl_opts[0]));
	fprintf(f, "commands:\n"
	           "  peering list | show --name N | create --name N --peer-ip A --peer-asn X\n"
	           "  peering delete --name N | list-learned-routes --name N\n"
	           "  peering list-advertised-routes --name N\n"
	           "  metrics | sessions | ping | effective-routes [--vm A]\n"
	           "  vnet-peering list | create --name N --prefixes P... | delete --name N\n"
	           "  update --allow-b2b-traffic true|false\n"
	           "  raw WORDS...   (send a control request as is)\n"
	           "exit status: 0 ok, 1 the daemon answered an error, 2 usage, 3 the daemon "
	           "cannot be reached\n");
}

/* The global options (before the command): 0, 1 done (help, version), 2. */
static int rsctl_args(int argc, char **argv, const char **sock)
{
	struct cl_parser p;
	const char *v;
	int c, rc = 0;

	if (cl_init(&p, "rsctl", rsctl_opts, sizeof(rsctl_opts) / sizeof(rsctl_opts[0]), 0))
		return 2;
	while (!rc && (c = cl_next(&p, argc, argv, &v)) != -1) {
		if (c == O_SOCKET)
			*sock = v;
		else if (c == CL_HELP)
			rc = 1, rsctl_usage(stdout);
		else if (c == CL_VERSION)
			rc = 1, cl_version(stdout, "rsctl");
		else
			rc = 2;
	}
	if (!rc && optind >= argc) {
		fprintf(stderr, "rsctl: a command is needed\n");
		rc = 2;
	}
	cl_free(&p);
	return rc;
}

int main(int argc, char **argv)
{
	const char *sock = getenv("RSCTL_SOCKET");
	char req[4096];
	int rc = rsctl_args(argc, argv, &sock);

	if (rc)
		return rc == 1 ? 0 : 2;
	if (!sock)
		sock = "rs.sock";
	if (rsctl_build_request(argc - optind, argv + optind, req, sizeof(req)) < 0) {
		fprintf(stderr, "'rsctl --help' lists the commands\n");
		return 2;
	}
	char *ans = NULL, err[512];
	if (u_ctl_request(sock, req, 10, &ans, err, sizeof(err)) != 0) {
		/* the real reason (EACCES, ENOENT, ECONNREFUSED), not a guess */
		fprintf(stderr, "rsctl: cannot reach the daemon: %s\n", err);
		return 3;
	}
	int is_err = strncmp(ans, "{\"error\"", 8) == 0;
	rsctl_pretty(is_err ? stderr : stdout, ans);
	free(ans);
	return is_err ? 1 : 0;
}
