/* rsctl.c: the CLI of the reference route server (docs/CONTROL.md "CLI"):
 * maps the product-shaped commands to control requests, prints the
 * daemon's JSON pretty-printed. Exit 0 ok, 1 daemon error, 2 usage, 3 the
 * daemon cannot be reached. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "rsctl_req.h"

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

/* Read the whole answer within a deadline. NULL when unreachable. */
static char *rsctl_exchange(const char *path, const char *req, int timeout_ms)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof(sa.sun_path))
		return NULL;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return NULL;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return NULL;
	}
	size_t rl = strlen(req);
	if (send(fd, req, rl, MSG_NOSIGNAL) != (ssize_t)rl ||
	    send(fd, "\n", 1, MSG_NOSIGNAL) != 1) {
		close(fd);
		return NULL;
	}
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	while (buf) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, timeout_ms) <= 0)
			break;
		if (len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap * 2);
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		ssize_t n = recv(fd, buf + len, cap - len - 1, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (!buf || len == 0) {
		free(buf);
		return NULL;
	}
	buf[len] = 0;
	return buf;
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
	char *ans = rsctl_exchange(sock, req, 10000);
	if (!ans) {
		fprintf(stderr, "rsctl: cannot reach the daemon at %s\n", sock);
		return 3;
	}
	int is_err = strncmp(ans, "{\"error\"", 8) == 0;
	rsctl_pretty(is_err ? stderr : stdout, ans);
	free(ans);
	return is_err ? 1 : 0;
}
