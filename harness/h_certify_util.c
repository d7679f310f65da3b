/* h_certify_util.c: clock, child processes and files of a certify run. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "h_certify_run.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double h_cert_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void h_cert_wait(struct h_cert_run *r, long ms)
{
	double end = h_cert_now() + (double)ms / 1000;

	for (;;) {
		double left = end - h_cert_now();
		if (left <= 0)
			return;
		if (r && r->wire.fd >= 0) {
			h_cwire_poll(&r->wire, (long)(left * 1000) + 1, h_cert_now());
		} else {
			struct timespec d = {(time_t)left, (long)((left - (time_t)left) * 1e9)};
			nanosleep(&d, NULL);
		}
	}
}

void h_cert_ip(uint32_t a, char *out, size_t cap)
{
	struct in_addr in = {htonl(a)};

	if (!inet_ntop(AF_INET, &in, out, (socklen_t)cap) && cap)
		out[0] = 0;
}

/* Start argv with stdout and stderr appended to the file out. */
pid_t h_cert_spawn(char *const argv[], const char *out)
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_APPEND, 0644);
		int nul = open("/dev/null", O_RDONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (nul >= 0)
			dup2(nul, 0);
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* The exit status, 128 when killed, -1 on error, -2 at the timeout. */
int h_cert_wait_exit(pid_t pid, double timeout)
{
	double end = h_cert_now() + timeout;
	int st;

	while (h_cert_now() < end) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
		if (w < 0)
			return -1;
		h_cert_wait(NULL, 20);
	}
	return -2;
}

/* SIGTERM, SIGKILL after 3 s, and reap. */
void h_cert_kill(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	if (h_cert_wait_exit(pid, 3) == -2) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

/* Run a command to completion (at most 10 s), 0 when it exited 0. */
int h_cert_run_cmd(char *const argv[], const char *out)
{
	pid_t pid = h_cert_spawn(argv, out);

	if (pid < 0)
		return -1;
	switch (h_cert_wait_exit(pid, 10)) {
	case 0:
		return 0;
	case -2:
		h_cert_kill(pid);
		return -1;
	default:
		return -1;
	}
}

/* Copy a file of the work directory to standard error. */
void h_cert_cat(struct h_cert_run *r, const char *name)
{
	char path[300], buf[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", r->dir, name);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(buf, sizeof(buf), f))
		fputs(buf, stderr);
	fclose(f);
}

static int h_cert_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void h_cert_rmtree(const char *dir)
{
	nftw(dir, h_cert_rm, 16, FTW_DEPTH | FTW_PHYS);
}

long h_cert_log_size(struct h_cert_run *r)
{
	struct stat st;

	return stat(r->rslog, &st) ? 0 : (long)st.st_size;
}

/* Whether the server's log, from byte offset on, holds a line with every
 * one of the words; the first such line into line. */
bool h_cert_log_after(struct h_cert_run *r, long offset, const char *w1, const char *w2, char *line,
                      size_t cap)
{
	char buf[1024];
	FILE *f = fopen(r->rslog, "r");
	bool found = false;

	if (!f)
		return false;
	if (offset > 0)
		fseek(f, offset, SEEK_SET);
	while (!found && fgets(buf, sizeof(buf), f)) {
		if (strstr(buf, w1) && (!w2 || strstr(buf, w2))) {
			found = true;
			if (line) {
				buf[strcspn(buf, "\n")] = 0;
				snprintf(line, cap, "%s", buf);
			}
		}
	}
	fclose(f);
	return found;
}

bool h_cert_log_has(struct h_cert_run *r, const char *w1, const char *w2, char *line, size_t cap)
{
	return h_cert_log_after(r, 0, w1, w2, line, cap);
}

int h_cert_sha256(const char *path, char out[65])
{
	char tmp[] = "/tmp/rscert-sha-XXXXXX", line[128];
	char *argv[] = {"sha256sum", "--", (char *)path, NULL};
	int fd = mkstemp(tmp), rc = -1;
	FILE *f;

	out[0] = 0;
	if (fd < 0)
		return -1;
	close(fd);
	if (!h_cert_run_cmd(argv, tmp) && (f = fopen(tmp, "r"))) {
		if (fgets(line, sizeof(line), f) && strspn(line, "0123456789abcdef") == 64) {
			memcpy(out, line, 64);
			out[64] = 0;
			rc = 0;
		}
		fclose(f);
	}
	unlink(tmp);
	return rc;
}
