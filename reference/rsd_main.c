/* rsd_main.c: rscert-rsd -c FILE [--check] [--foreground]. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rsd_daemon.h"

static int rsd_usage(void)
{
	fprintf(stderr, "usage: rscert-rsd -c FILE [--check] [--foreground]\n");
	return 2;
}

static int rsd_check(const char *path)
{
	struct rs_config *c = calloc(1, sizeof(*c));
	struct rs_config_error e;
	memset(&e, 0, sizeof(e));
	if (!c)
		return 2;
	rs_config_defaults(c);
	int rc = 0;
	if (rs_config_load(path, c, &e) < 0 || rs_config_check(c, path, &e) < 0) {
		char msg[700];
		rs_config_error_format(&e, msg, sizeof(msg));
		printf("%s\n", msg);
		rc = 2;
	}
	free(c);
	return rc;
}

/* Detach once the sockets are bound, so the caller can talk to us. */
static int rsd_detach(void)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);
	setsid();
	int fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		if (fd > 2)
			close(fd);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *cfg = NULL;
	int check = 0, fg = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			cfg = argv[++i];
		else if (strcmp(argv[i], "--check") == 0)
			check = 1;
		else if (strcmp(argv[i], "--foreground") == 0 || strcmp(argv[i], "-f") == 0)
			fg = 1;
		else
			return rsd_usage();
	}
	if (!cfg)
		return rsd_usage();
	if (check)
		return rsd_check(cfg);
	static struct rsd_daemon d;
	char err[800];
	if (rsd_daemon_init(&d, cfg, err, sizeof(err)) < 0 ||
	    rsd_daemon_start(&d, err, sizeof(err)) < 0) {
		fprintf(stderr, "rscert-rsd: %s\n", err);
		rsd_daemon_free(&d);
		return 2;
	}
	if (!fg && (rsd_detach() < 0 || rsd_daemon_after_fork(&d) < 0)) {
		fprintf(stderr, "rscert-rsd: cannot detach\n");
		rsd_daemon_free(&d);
		return 1;
	}
	int rc = rsd_daemon_run(&d);
	rsd_daemon_free(&d);
	return rc < 0 ? 1 : 0;
}
