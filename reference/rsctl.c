/* rsctl.c: the CLI of the reference route server (docs/CONTROL.md "CLI"):
 * maps the product-shaped commands to control requests, prints the
 * daemon's JSON pretty-printed. Exit 0 ok, 1 daemon error, 2 usage, 3 the
 * daemon cannot be reached. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rsctl_req.h"
#include "u_ctl.h"

static int rsctl_usage(void)
{
	fprintf(stderr,
	        "usage: rsctl [--socket PATH] COMMAND\n"
	        "  peering list | show --name N | create --name N --peer-ip A --peer-asn X\n"
	        "  peering delete --name N | list-learned-routes --name N\n"
	        "  peering list-advertised-routes --name N\n"
	        "  metrics | sessions | effective-routes [--vm A]\n"
	        "  vnet-peering list | create --name N --prefixes P... | delete --name N\n"
	        "  update --allow-b2b-traffic true|false\n"
	        "  raw WORDS...   (send a control request as is)\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *sock = getenv("RSCTL_SOCKET");
	int i = 1;
	if (i + 1 < argc && strcmp(argv[i], "--socket") == 0) {
		sock = argv[i + 1];
		i += 2;
	}
	if (!sock)
		sock = "rs.sock";
	char req[4096];
	if (rsctl_build_request(argc - i, argv + i, req, sizeof(req)) < 0)
		return rsctl_usage();
	char *ans = NULL, err[512];
	if (u_ctl_request(sock, req, 10, &ans, err, sizeof(err)) != 0) {
		fprintf(stderr, "rsctl: cannot reach the daemon: %s\n", err);
		return 3;
	}
	int is_err = strncmp(ans, "{\"error\"", 8) == 0;
	rsctl_pretty(is_err ? stderr : stdout, ans);
	free(ans);
	return is_err ? 1 : 0;
}
