/* h_certify_util.c: clock, stop flag, child processes and files of a certify
 * run. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "h_certify_run.h"

#include "u_proc.h"

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

/* Set by the run's signal handler (h_certify.c); every wait ends on it. */
volatile sig_atomic_t h_cert_stop_flag;

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

/* Start argv with stdout and stderr appended to the file out; the pid, or
 * -1 with the reason appended to out. */
pid_t h_cert_spawn(char *const argv[], const char *out)
{
	struct u_spawn how = {.log = out};
	struct u_proc p;
	char err[256];
	FILE *f;

	if (u_proc_spawn(&p, argv, &how, err, sizeof(err)) == 0)
		return p.pid;
	f = fopen(out, "a");
	if (f) {
		fprintf(f, "%s\n", err);
		fclose(f);
	}
	return -1;
}

/* The exit status, 128 + signal when killed, -1 on error, -2 at the
 * timeout. */
int h_cert_wait_exit(pid_t pid, double timeout)
{
	struct u_proc p;

	u_proc_adopt(&p, pid, false);
	return u_proc_wait(&p, timeout);
}

/* SIGTERM, SIGKILL after 3 s, and reap. */
void h_cert_kill(pid_t pid)
{
	struct u_proc p;

	if (pid <= 0)
		return;
	u_proc_adopt(&p, pid, false);
	u_proc_stop(&p, 3);
}

/* Run a command to completion (at most 10 s), 0 when it exited 0. */
int h_cert_run_cmd(char *const argv[], const char *out)
{
	pid_t pid = h_cert_spawn(argv, out);
	int rc;

	if (pid < 0)
		return -1;
	rc = h_cert_wait_exit(pid, 10);
	if (rc == -2)
		h_cert_kill(pid);
	return rc == 0 ? 0 : -1;
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
