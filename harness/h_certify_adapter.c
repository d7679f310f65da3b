/* h_certify_adapter.c: the NVA implementations rscert can start with the
 * user's own configuration file, unchanged, in the NVA's namespace: BIRD 2,
 * FRR (zebra, staticd and bgpd, so that its routes reach the kernel) and
 * GoBGP. The binary must be the implementation named: FRR's daemons are
 * taken where the frr package installs them, never from PATH (other
 * packages install a `bgpd` too), and every binary's --version output is
 * checked. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "h_certify_run.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define H_CERT_FRR_DIR   "/usr/lib/frr"
#define H_CERT_FRR_READY 60 /* seconds for a daemon to open its socket */

static int h_cert_spawn_ns(struct h_cert_run *r, char *const argv[], pid_t *pid, char *err,
                           size_t cap)
{
	char out[300];

	snprintf(out, sizeof(out), "%s/nva.out", r->dir);
	*pid = h_netns_spawn(r->nva_ns, argv, out);
	if (*pid > 0)
		return 0;
	*pid = 0;
	snprintf(err, cap, "cannot start %s in the NVA's namespace", argv[0]);
	return -1;
}

/* Run a check of the configuration (`bird -p`, `bgpd -C`); its output in
 * err when it refuses. */
static int h_cert_dry_run(struct h_cert_run *r, char *const argv[], char *err, size_t cap)
{
	char out[4096], e2[256];
	int rc = h_netns_run(r->nva_ns, argv, 20, out, sizeof(out), e2, sizeof(e2));

	if (rc == 0)
		return 0;
	for (char *c = out; *c; c++)
		if (*c == '\n')
			*c = ' ';
	snprintf(err, cap, "%s refuses the configuration %s (exit %d): %.300s", argv[0],
	         r->o->config, rc, rc < 0 ? e2 : out);
	return -1;
}

static int h_bird_start(struct h_cert_run *r, char *err, size_t cap)
{
	char sock[300];
	char *check[] = {r->daemon, "-p", "-c", (char *)r->o->config, NULL};
	char *argv[] = {r->daemon, "-f", "-c", (char *)r->o->config, "-s", sock, NULL};

	snprintf(sock, sizeof(sock), "%s/bird.ctl", r->dir);
	if (h_cert_dry_run(r, check, err, cap))
		return -1;
	return h_cert_spawn_ns(r, argv, &r->nva, err, cap);
}

static const char *const h_bird_bin[] = {"bird", NULL};

const struct h_cert_adapter h_adapter_bird = {
    .name = "bird",
    .daemon = h_bird_bin,
    .version_mark = "BIRD version 2",
    .start = h_bird_start,
    .reconnect_knobs = "BIRD: connect retry time 1; error wait time 1, 5; in each bgp protocol",
    .static_syntax = "BIRD: protocol static { ipv4; route %s via 10.0.1.1; } and a "
                     "kernel protocol exporting it",
    .local_as_syntax = "BIRD: local as %u; in each bgp protocol",
    .remote_as_syntax = "BIRD: neighbor %s as 65515; and %s",
};

/* The directory FRR's daemons write in (they run as the frr user). */
static void h_frr_dir(struct h_cert_run *r, char *dir, size_t cap)
{
	struct passwd *pw = getpwnam("frr");

	snprintf(dir, cap, "%s/frr", r->dir);
	mkdir(dir, 0755);
	chmod(r->dir, 0755);
	if (pw && chown(dir, pw->pw_uid, pw->pw_gid))
		return;
}

/* The copy of the user's file that FRR's daemons read, in their own
 * directory: they read it as the frr user, who may not be allowed into
 * the directory the user's file is in (a private home or temporary
 * directory), and a daemon that cannot open its file starts with none
 * and stays silent, which would be blamed on the NVA. Byte for byte the
 * user's file: the certificate's sha256 is the user's file's. */
static void h_frr_conf(struct h_cert_run *r, char *path, size_t cap)
{
	char dir[300];

	h_frr_dir(r, dir, sizeof(dir));
	snprintf(path, cap, "%s/nva.conf", dir);
}

static int h_frr_copy_conf(struct h_cert_run *r, char *err, size_t cap)
{
	char path[320], buf[8192];
	FILE *in = fopen(r->o->config, "rb"), *out = NULL;
	size_t n;
	int rc = -1;

	h_frr_conf(r, path, sizeof(path));
	if (in)
		out = fopen(path, "wb");
	while (out && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			break;
	bool ok = out && !ferror(in) && !ferror(out);
	if (out && fclose(out) != 0) /* closed once, whatever happened */
		ok = false;
	if (ok && chmod(path, 0644) == 0)
		rc = 0;
	if (in)
		fclose(in);
	if (rc)
		snprintf(err, cap, "cannot copy %s to %s for FRR's daemons", r->o->config, path);
	return rc;
}

/* One FRR daemon of the frr package with the copy of the user's file: the
 * zebra socket, pid file and vty socket in the run's directory. */
static int h_frr_daemon(struct h_cert_run *r, const char *name, pid_t *pid, char *err, size_t cap)
{
	char bin[128], pidf[300], zs[300], dir[300], conf[320];
	char *argv[] = {bin, "-f", conf, "-i", pidf, "-z", zs, "--vty_socket", dir, NULL};

	h_frr_dir(r, dir, sizeof(dir));
	h_frr_conf(r, conf, sizeof(conf));
	snprintf(bin, sizeof(bin), "%s/%s", H_CERT_FRR_DIR, name);
	snprintf(pidf, sizeof(pidf), "%s/%s.pid", dir, name);
	snprintf(zs, sizeof(zs), "%s/zserv.api", dir);
	return h_cert_spawn_ns(r, argv, pid, err, cap);
}

/* Whether a Unix socket accepts a connection (the daemon listens). */
static bool h_frr_listens(const char *path)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok;

	if (fd < 0)
		return false;
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	close(fd);
	return ok;
}

/* Wait until the daemon's socket in dir accepts connections: zebra's API
 * socket before the others start (a client that finds no zebra retries
 * only after 10 s), a daemon's vty socket once it has read its file. A
 * loaded machine may take long; the limit only catches a daemon that
 * never gets there (an environment error). */
static int h_frr_await(struct h_cert_run *r, pid_t *pid, const char *dir, const char *sock,
                       char *err, size_t cap)
{
	char path[300];
	double end = h_cert_now() + H_CERT_FRR_READY;

	snprintf(path, sizeof(path), "%s/%s", dir, sock);
	while (!h_frr_listens(path)) {
		bool gone = waitpid(*pid, NULL, WNOHANG) == *pid;
		if (gone)
			*pid = 0; /* reaped: nothing to stop */
		if (gone || h_cert_now() > end || h_cert_stop_flag) {
			snprintf(err, cap,
			         "FRR's %s did not open %s within %d s (its output follows)", sock,
			         path, H_CERT_FRR_READY);
			return -1;
		}
		h_cert_wait(r, 20);
	}
	return 0;
}

/* zebra first (the others connect to its socket), then staticd, bfdd and
 * bgpd, each awaited on its vty socket. */
static int h_frr_start(struct h_cert_run *r, char *err, size_t cap)
{
	static const char *const rest[] = {"staticd", "bfdd"};
	char dir[300], pidf[300], conf[320];
	char *check[] = {r->daemon, "-C", "-f", conf, "-i", pidf, "--vty_socket", dir, NULL};

	h_frr_dir(r, dir, sizeof(dir));
	h_frr_conf(r, conf, sizeof(conf));
	snprintf(pidf, sizeof(pidf), "%s/check.pid", dir);
	if (h_frr_copy_conf(r, err, cap) || h_cert_dry_run(r, check, err, cap) ||
	    h_frr_daemon(r, "zebra", &r->nva_extra[0], err, cap) ||
	    h_frr_await(r, &r->nva_extra[0], dir, "zserv.api", err, cap))
		return -1;
	for (int i = 0; i < 2; i++) {
		char vty[32];
		snprintf(vty, sizeof(vty), "%s.vty", rest[i]);
		if (h_frr_daemon(r, rest[i], &r->nva_extra[i + 1], err, cap) ||
		    h_frr_await(r, &r->nva_extra[i + 1], dir, vty, err, cap))
			return -1;
	}
	if (h_frr_daemon(r, "bgpd", &r->nva, err, cap))
		return -1;
	return h_frr_await(r, &r->nva, dir, "bgpd.vty", err, cap);
}

static const char *const h_frr_bin[] = {H_CERT_FRR_DIR "/bgpd", NULL};

const struct h_cert_adapter h_adapter_frr = {
    .name = "frr",
    .daemon = h_frr_bin,
    .version_mark = "bgpd version",
    .start = h_frr_start,
    .reconnect_knobs = "FRR: neighbor ADDRESS timers connect 1 for each instance",
    .static_syntax = "FRR: ip route %s 10.0.1.1",
    .local_as_syntax = "FRR: router bgp %u",
    .remote_as_syntax = "FRR: neighbor %s remote-as 65515, and for %s",
};

/* GoBGP's file has no originated routes: they are added with the gobgp
 * CLI from --routes-file, one `gobgp global rib add` argument list a line. */
static int h_gobgp_routes(struct h_cert_run *r, const char *api, char *err, size_t cap)
{
	FILE *f = r->o->routes_file ? fopen(r->o->routes_file, "r") : NULL;
	char line[256], out[4096], e2[256];
	double end = h_cert_now() + 30;
	char *probe[] = {"gobgp", "--target", (char *)api, "global", NULL};

	if (r->o->routes_file && !f) {
		snprintf(err, cap, "--routes-file %s cannot be read", r->o->routes_file);
		return -1;
	}
	while (h_netns_run(r->nva_ns, probe, 5, out, sizeof(out), e2, sizeof(e2)) != 0) {
		bool gone = waitpid(r->nva, NULL, WNOHANG) == r->nva;
		if (gone)
			r->nva = 0; /* reaped: nothing to stop */
		if (gone || h_cert_now() > end) {
			snprintf(
			    err, cap,
			    "gobgpd's API at %s did not answer: the daemon exited or took over "
			    "30 s (its output follows)",
			    api);
			if (f)
				fclose(f);
			return -1;
		}
		h_cert_wait(r, 200);
	}
	for (unsigned ln = 1; f && fgets(line, sizeof(line), f); ln++) {
		char *argv[24] = {"gobgp", "--target", (char *)api, "global", "rib", "add"};
		size_t n = 6;
		for (char *t = strtok(line, " \t\r\n"); t && n < 23; t = strtok(NULL, " \t\r\n"))
			argv[n++] = t;
		argv[n] = NULL;
		if (n == 6 || argv[6][0] == '#')
			continue;
		if (h_netns_run(r->nva_ns, argv, 10, out, sizeof(out), e2, sizeof(e2)) != 0) {
			snprintf(err, cap, "%s:%u: gobgp global rib add refused it: %.200s",
			         r->o->routes_file, ln, out);
			fclose(f);
			return -1;
		}
	}
	if (f)
		fclose(f);
	return 0;
}

static int h_gobgp_start(struct h_cert_run *r, char *err, size_t cap)
{
	static const char api[] = "127.0.0.1:50051";
	char *argv[] = {
	    r->daemon, "-f",   (char *)r->o->config, "-t", "toml", "--api-hosts", (char *)api,
	    "-l",      "warn", "--pprof-disable",    NULL};

	if (h_cert_spawn_ns(r, argv, &r->nva, err, cap))
		return -1;
	return h_gobgp_routes(r, api, err, cap);
}

static const char *const h_gobgp_bin[] = {"gobgpd", NULL};

const struct h_cert_adapter h_adapter_gobgp = {
    .name = "gobgp",
    .daemon = h_gobgp_bin,
    .version_mark = "gobgpd version",
    .start = h_gobgp_start,
    .reconnect_knobs = "GoBGP: connect-retry = 1 and idle-hold-time-after-reset = 1 under "
                       "[neighbors.timers.config]",
    .static_syntax = "a kernel route %s via 10.0.1.1 beside GoBGP",
    .local_as_syntax = "GoBGP: as = %u under [global.config]",
    .remote_as_syntax = "GoBGP: peer-as = 65515 for both neighbors (%s, %s)",
};

static const struct h_cert_adapter *const h_cert_adapters[] = {&h_adapter_bird, &h_adapter_frr,
                                                               &h_adapter_gobgp, NULL};

const struct h_cert_adapter *h_cert_adapter_find(const char *name)
{
	for (size_t i = 0; name && h_cert_adapters[i]; i++)
		if (!strcmp(h_cert_adapters[i]->name, name))
			return h_cert_adapters[i];
	return NULL;
}

bool h_cert_adapter_known(const char *name)
{
	return h_cert_adapter_find(name) != NULL;
}

/* The first candidate that can be run: absolute paths as they are, bare
 * names along PATH. */
static int h_cert_locate(struct h_cert_run *r)
{
	const char *path = getenv("PATH");

	for (const char *const *d = r->ad->daemon; *d; d++) {
		if (strchr(*d, '/')) {
			snprintf(r->daemon, sizeof(r->daemon), "%s", *d);
			if (!access(*d, X_OK))
				return 0;
			continue;
		}
		for (const char *p = path; p && *p;) {
			size_t l = strcspn(p, ":");
			snprintf(r->daemon, sizeof(r->daemon), "%.*s/%s", (int)l, p, *d);
			if (l && !access(r->daemon, X_OK))
				return 0;
			p += l + (p[l] ? 1 : 0);
		}
	}
	return -1;
}

int h_cert_resolve(struct h_cert_run *r, char *err, size_t cap)
{
	char out[4096], e2[256];
	char *argv[] = {r->daemon, "--version", NULL};
	int rc;

	if (h_cert_locate(r)) {
		snprintf(err, cap, "the %s daemon is not installed (%s not found%s)", r->ad->name,
		         r->ad->daemon[0], strchr(r->ad->daemon[0], '/') ? "" : " in PATH");
		return -1;
	}
	rc = h_netns_run(NULL, argv, 10, out, sizeof(out), e2, sizeof(e2));
	if (rc != 0 || !strstr(out, r->ad->version_mark) ||
	    (r->ad == &h_adapter_frr && !strcasestr(out, "frr"))) {
		out[strcspn(out, "\n")] = 0;
		snprintf(err, cap, "%s is not %s: `%s --version` %s '%.120s'", r->daemon,
		         r->ad->name, r->daemon, rc ? "failed with" : "says", rc < 0 ? e2 : out);
		return -1;
	}
	out[strcspn(out, "\n")] = 0;
	snprintf(r->version, sizeof(r->version), "%s", out);
	return 0;
}
