/* netns_itest.c: the namespace topology against real kernels routes, the
 * reference daemon and BIRD 2 as the NVA (root only).
 *
 * usage: netns_itest SCENARIO [RSCERT_RSD]   exit 0 pass, 1 fail, 77 skipped
 *   topology   the fabric forwards, programmed routes (ECMP as multipath)
 *              replace each other, destroy ends what runs inside
 *   sigterm    the creator dies of SIGTERM: the guardian removes everything
 *   static     BIRD with the static route 10.0.255.0/27 via 10.0.1.1: both
 *              sessions, real kernel routes on the NVA, the VM pings on-prem
 *   no_static  BIRD without it: ARS-STATIC-ROUTE, the NVA's route to the server
 *              is captured by the learned VNet route, the VM's ping fails,
 *              the hold timer drops the session and it re-forms (a flap) */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "h_case.h"
#include "h_netns.h"
#include "h_server.h"
#include <jansson.h>

#define NT_SKIP 77

struct nt {
	struct h_netns t;
	bool have_t;
	char dir[256];
	const char *rsd;
	pid_t rsd_pid, bird_pid;
	char sock[320], bird_sock[320], rslog[320];
	bool ever_learned; /* the server held 10.100.0.0/24 at some sample */
};

static int nt_failed;

static void nt_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void nt_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("FAIL: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	nt_failed = 1;
}

static double nt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void nt_nap(long ms)
{
	struct timespec d = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&d, NULL);
}

/* Re-check pred every 100 ms until it holds or the deadline passes. */
static bool nt_wait(double secs, bool (*pred)(struct nt *), struct nt *x)
{
	double end = nt_now() + secs;

	for (;;) {
		if (pred(x))
			return true;
		if (nt_now() >= end)
			return false;
		nt_nap(100);
	}
}

/* ip -n NS WORDS... into out; the exit status. */
static int nt_ip(const char *ns, char *out, size_t cap, ...)
{
	char *w[24], err[256];
	size_t n = 0;
	va_list ap;
	int rc;

	w[n++] = "ip";
	w[n++] = "-n";
	w[n++] = (char *)ns;
	va_start(ap, cap);
	while (n + 1 < 24 && (w[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	w[n] = NULL;
	rc = h_netns_run(NULL, w, 10, out, cap, err, sizeof(err));
	if (rc < 0)
		snprintf(out, cap, "%s", err);
	return rc;
}

static const char *nt_ns(const struct nt *x, enum h_netns_role r)
{
	return h_netns_name(&x->t, r);
}

/* ---- files ---- */

static int nt_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void nt_tail(const char *path, const char *title)
{
	char line[512];
	FILE *f = fopen(path, "r");
	long n = 0, skip;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		n++;
	rewind(f);
	skip = n > 30 ? n - 30 : 0;
	printf("---- %s ----\n", title);
	while (fgets(line, sizeof(line), f))
		if (skip-- <= 0)
			fputs(line, stdout);
	fclose(f);
}

static int nt_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* ---- the route server and the NVA in their namespaces ---- */

static int nt_start_rsd(struct nt *x)
{
	char conf[1200], path[320], out[320];
	char *argv[] = {(char *)x->rsd, "-c", path, "--foreground", NULL};
	double end = nt_now() + 10;

	snprintf(x->sock, sizeof(x->sock), "%s/rs.sock", x->dir);
	snprintf(x->rslog, sizeof(x->rslog), "%s/rs.log", x->dir);
	snprintf(conf, sizeof(conf),
	         "asn 65515\nprofile faq-2021-02\nsubnet 10.0.255.0/27\n"
	         "instance 0 10.0.255.4 listen 10.0.255.4\n"
	         "instance 1 10.0.255.5 listen 10.0.255.5\nport 179\nvnet 10.0.0.0/16\n"
	         "peer nva 10.0.1.4 asn 65001\n"
	         "timers keepalive 60 hold 180 connect-retry 1\ntime-scale 1\n"
	         "control %s\nlog %s\n",
	         x->sock, x->rslog);
	snprintf(path, sizeof(path), "%s/rs.conf", x->dir);
	snprintf(out, sizeof(out), "%s/rsd.out", x->dir);
	if (nt_write(path, conf))
		return -1;
	x->rsd_pid = h_netns_spawn(nt_ns(x, H_NETNS_RS), argv, out);
	if (x->rsd_pid < 0)
		return -1;
	while (nt_now() < end) {
		char *ans = NULL, err[256];
		if (!h_ctl(x->sock, "ping", 1, &ans, err, sizeof(err))) {
			free(ans);
			return 0;
		}
		if (waitpid(x->rsd_pid, NULL, WNOHANG) == x->rsd_pid) {
			x->rsd_pid = 0;
			break;
		}
		nt_nap(100);
	}
	nt_tail(out, "rsd output");
	return -1;
}

/* BIRD as the NVA: eBGP multihop to both instances, 10.100.0.0/24
 * announced, what it learns exported to the kernel, and with_static the
 * fix of ARS-STATIC-ROUTE. Hold 6 s so the flap shows within the test's budget. */
static int nt_start_bird(struct nt *x, bool with_static)
{
	char conf[1600], path[320], out[320];
	char *argv[] = {"bird", "-f", "-c", path, "-s", x->bird_sock, NULL};

	snprintf(conf, sizeof(conf),
	         "router id 10.0.1.4;\n"
	         "protocol device { }\n"
	         "protocol static announce { ipv4; route 10.100.0.0/24 blackhole; }\n"
	         "%s"
	         "protocol kernel { ipv4 { import none; export where proto != \"announce\"; }; }\n"
	         "template bgp ars {\n"
	         "\tlocal 10.0.1.4 as 65001;\n\tmultihop;\n"
	         "\thold time 6; keepalive time 2;\n"
	         "\tconnect retry time 1; connect delay time 1; error wait time 1, 5;\n"
	         "\tipv4 { import all; export where proto = \"announce\"; };\n}\n"
	         "protocol bgp rs0 from ars { neighbor 10.0.255.4 as 65515; }\n"
	         "protocol bgp rs1 from ars { neighbor 10.0.255.5 as 65515; }\n",
	         with_static ? "protocol static fix { ipv4; route 10.0.255.0/27 via 10.0.1.1; }\n"
	                     : "");
	snprintf(path, sizeof(path), "%s/bird.conf", x->dir);
	snprintf(x->bird_sock, sizeof(x->bird_sock), "%s/bird.ctl", x->dir);
	snprintf(out, sizeof(out), "%s/bird.out", x->dir);
	if (nt_write(path, conf))
		return -1;
	x->bird_pid = h_netns_spawn(nt_ns(x, H_NETNS_NVA), argv, out);
	return x->bird_pid < 0 ? -1 : 0;
}

static void nt_stop(pid_t *pid)
{
	double end = nt_now() + 3;

	if (*pid <= 0)
		return;
	kill(*pid, SIGTERM);
	while (waitpid(*pid, NULL, WNOHANG) == 0) {
		if (nt_now() > end) {
			kill(*pid, SIGKILL);
			waitpid(*pid, NULL, 0);
			break;
		}
		nt_nap(20);
	}
	*pid = 0;
}

/* ---- what the server reports ---- */

static json_t *nt_ctl(struct nt *x, const char *line)
{
	char *ans = NULL, err[256];
	json_t *j;

	if (h_ctl(x->sock, line, 3, &ans, err, sizeof(err)))
		return NULL;
	j = json_loads(ans, 0, NULL);
	free(ans);
	return j;
}

static unsigned nt_established(struct nt *x)
{
	json_t *j = nt_ctl(x, "sessions");
	unsigned up = 0;

	for (size_t i = 0; i < json_array_size(j); i++) {
		const char *st = json_string_value(json_object_get(json_array_get(j, i), "state"));
		up += st && !strcmp(st, "Established");
	}
	json_decref(j);
	return up;
}

/* The VM's effective routes hold 10.100.0.0/24 via the NVA. */
static bool nt_vm_has_onprem(struct nt *x)
{
	json_t *j = nt_ctl(x, "effective-routes 10.0.2.4");
	const json_t *rt = json_object_get(json_object_get(j, "vm"), "routes");
	bool ok = false;

	for (size_t i = 0; i < json_array_size(rt); i++) {
		const json_t *e = json_array_get(rt, i);
		const char *p = json_string_value(json_object_get(e, "addressPrefix"));
		const json_t *nh = json_object_get(e, "nextHopIpAddress");
		const char *a = json_string_value(json_array_get(nh, 0));
		if (p && !strcmp(p, "10.100.0.0/24") && json_array_size(nh) == 1 && a &&
		    !strcmp(a, "10.0.1.4"))
			ok = true;
	}
	json_decref(j);
	return ok;
}

static bool nt_both_up_and_routed(struct nt *x)
{
	return nt_established(x) == 2 && nt_vm_has_onprem(x);
}

/* ---- what the NVA's kernel holds ---- */

static bool nt_nva_vnet_via_gateway(struct nt *x)
{
	char out[512];

	return nt_ip(nt_ns(x, H_NETNS_NVA), out, sizeof(out), "route", "show", "10.0.0.0/16",
	             NULL) == 0 &&
	       strstr(out, "via 10.0.1.1") && strstr(out, "proto bird");
}

static bool nt_nva_vnet_unreachable(struct nt *x)
{
	char out[512];

	return nt_ip(nt_ns(x, H_NETNS_NVA), out, sizeof(out), "route", "show", "10.0.0.0/16",
	             NULL) == 0 &&
	       strstr(out, "unreachable 10.0.0.0/16") && strstr(out, "proto bird");
}

/* The log holds a hold-timer expiry and, after it, a session Established
 * again: the flap. */
static bool nt_flapped(struct nt *x)
{
	char line[600];
	bool expired = false, again = false;
	FILE *f = fopen(x->rslog, "r");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f) && !again) {
		if (strstr(line, "event=notification-") && strstr(line, "Hold Timer Expired"))
			expired = true;
		else if (expired && strstr(line, "event=state") && strstr(line, "to=Established"))
			again = true;
	}
	fclose(f);
	return again;
}

/* ---- scenarios ---- */

static int nt_setup(struct nt *x)
{
	char err[512];

	snprintf(x->dir, sizeof(x->dir), "%s/rscert-netns-XXXXXX", P_tmpdir);
	if (!mkdtemp(x->dir)) {
		nt_fail("cannot create a temporary directory");
		return -1;
	}
	if (h_netns_create(&x->t, err, sizeof(err))) {
		nt_fail("topology: %s", err);
		return -1;
	}
	x->have_t = true;
	printf("ok: namespaces %s ... %s\n", nt_ns(x, H_NETNS_FABRIC), nt_ns(x, H_NETNS_ONPREM));
	return 0;
}

/* Stop the daemons, remove the namespaces, assert they are gone. */
static void nt_teardown(struct nt *x)
{
	char names[H_NETNS_N][H_NETNS_NAME_MAX], list[4096], err[256];
	char *ls[] = {"ip", "netns", "list", NULL};

	if (nt_failed) {
		char path[320];
		snprintf(path, sizeof(path), "%s/rsd.out", x->dir);
		nt_tail(path, "rsd output");
		nt_tail(x->rslog, "route server log");
		if (x->bird_sock[0]) {
			snprintf(path, sizeof(path), "%s/bird.out", x->dir);
			nt_tail(path, "bird output");
		}
	}
	nt_stop(&x->bird_pid);
	nt_stop(&x->rsd_pid);
	if (x->have_t) {
		for (int i = 0; i < H_NETNS_N; i++)
			snprintf(names[i], sizeof(names[i]), "%s", x->t.name[i]);
		h_netns_destroy(&x->t);
		h_netns_run(NULL, ls, 10, list, sizeof(list), err, sizeof(err));
		for (int i = 0; i < H_NETNS_N; i++)
			if (h_netns_exists(names[i]) || strstr(list, names[i]))
				nt_fail("namespace %s is still there after destroy", names[i]);
		if (!nt_failed)
			printf("ok: every namespace removed\n");
	}
	if (x->dir[0] && !getenv("RSCERT_KEEP"))
		nftw(x->dir, nt_rm, 16, FTW_DEPTH | FTW_PHYS);
	else if (x->dir[0])
		printf("kept %s\n", x->dir);
}

static int nt_ping(struct nt *x, uint32_t dst, const char *what)
{
	char out[2048];
	int rc = h_netns_ping(&x->t, dst, 3, out, sizeof(out));
	char *summary = strstr(out, "packets transmitted");

	while (summary && summary > out && summary[-1] != '\n')
		summary--;
	printf("ping %s: %s", what, summary ? summary : out);
	if (!strchr(summary ? summary : out, '\n'))
		printf("\n");
	return rc;
}

static void nt_route_show(struct nt *x, enum h_netns_role r, char *out, size_t cap)
{
	nt_ip(nt_ns(x, r), out, cap, "route", "show", "proto", "77", NULL);
}

static int nt_topology(struct nt *x)
{
	struct h_netns_route ecmp[2] = {{0x0a640000u, 24, 2, {0x0a000104u, 0x0a000105u}},
	                                {0x0a650000u, 16, 1, {0x0a000104u}}};
	struct h_netns_route single = {0x0a640000u, 24, 1, {0x0a000104u}};
	char out[2048], err[512], *sleeper[] = {"sleep", "60", NULL}, nul[] = "/dev/null";
	pid_t inside;
	bool reaped = false;
	int st = 0;

	if (nt_setup(x))
		return 1;
	if (nt_ping(x, H_NETNS_RS_IN0, "VM -> 10.0.255.4 (VNet system route)") != 0)
		nt_fail("the VM does not reach the route server's subnet through the fabric");
	if (nt_ping(x, H_NETNS_ONPREM_ADDR, "VM -> 10.100.0.1, nothing programmed") != 1)
		nt_fail("on-prem is reachable before any route was programmed");
	if (h_netns_program(&x->t, ecmp, 2, err, sizeof(err)))
		nt_fail("program: %s", err);
	nt_route_show(x, H_NETNS_FABRIC, out, sizeof(out));
	printf("fabric, programmed:\n%s", out);
	if (!strstr(out, "10.100.0.0/24") || !strstr(out, "nexthop via 10.0.1.4") ||
	    !strstr(out, "nexthop via 10.0.1.5") || !strstr(out, "10.101.0.0/16 via 10.0.1.4"))
		nt_fail("the fabric lacks the multipath route or the single one");
	nt_route_show(x, H_NETNS_VM, out, sizeof(out));
	if (!strstr(out, "10.100.0.0/24 via 10.0.2.1") ||
	    !strstr(out, "10.101.0.0/16 via 10.0.2.1"))
		nt_fail("the VM lacks its routes via its gateway: %s", out);
	if (h_netns_program(&x->t, &single, 1, err, sizeof(err)))
		nt_fail("program: %s", err);
	nt_route_show(x, H_NETNS_FABRIC, out, sizeof(out));
	if (strstr(out, "10.101.0.0/16") || strstr(out, "nexthop") ||
	    !strstr(out, "10.100.0.0/24 via 10.0.1.4"))
		nt_fail("a new program does not replace the old one: %s", out);
	if (nt_ping(x, H_NETNS_ONPREM_ADDR, "VM -> 10.100.0.1 through the NVA") != 0)
		nt_fail("the VM does not reach on-prem through the NVA");
	if (h_netns_program(&x->t, NULL, 0, err, sizeof(err)))
		nt_fail("program: %s", err);
	if (nt_ping(x, H_NETNS_ONPREM_ADDR, "VM -> 10.100.0.1, routes removed") != 1)
		nt_fail("on-prem still reachable after the routes were removed");
	/* destroy ends what still runs inside */
	inside = h_netns_spawn(nt_ns(x, H_NETNS_NVA), sleeper, nul);
	nt_teardown(x);
	for (double end = nt_now() + 2; inside > 0 && !reaped && nt_now() < end;) {
		reaped = waitpid(inside, &st, WNOHANG) == inside;
		if (!reaped)
			nt_nap(20);
	}
	if (inside <= 0)
		nt_fail("could not start a process inside the NVA's namespace");
	else if (!reaped)
		nt_fail("a process inside the NVA's namespace survived destroy");
	else if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGTERM)
		nt_fail("the process inside ended otherwise than by SIGTERM");
	else
		printf("ok: destroy ended the process inside with SIGTERM\n");
	return nt_failed;
}

/* A child builds the topology and dies of SIGTERM without cleaning up; the
 * guardian must remove the namespaces and end what runs inside. */
static int nt_sigterm(struct nt *x)
{
	struct {
		char names[H_NETNS_N][H_NETNS_NAME_MAX];
		pid_t inside;
	} msg;
	int p[2], st;
	pid_t child;
	double end;
	bool gone = false;

	(void)x;
	if (pipe(p))
		return 1;
	child = fork();
	if (child == 0) {
		struct h_netns t;
		char err[512], *sleeper[] = {"sleep", "60", NULL}, nul[] = "/dev/null";
		close(p[0]);
		memset(&msg, 0, sizeof(msg));
		if (h_netns_create(&t, err, sizeof(err))) {
			printf("topology: %s\n", err);
			_exit(3);
		}
		memcpy(msg.names, t.name, sizeof(msg.names));
		msg.inside = h_netns_spawn(h_netns_name(&t, H_NETNS_NVA), sleeper, nul);
		if (write(p[1], &msg, sizeof(msg)) != (ssize_t)sizeof(msg))
			_exit(4);
		for (;;)
			pause();
	}
	close(p[1]);
	if (read(p[0], &msg, sizeof(msg)) != (ssize_t)sizeof(msg)) {
		waitpid(child, &st, 0);
		nt_fail("the child could not build the topology");
		return 1;
	}
	close(p[0]);
	for (int i = 0; i < H_NETNS_N; i++)
		if (!h_netns_exists(msg.names[i]))
			nt_fail("%s was not created", msg.names[i]);
	kill(child, SIGTERM);
	waitpid(child, &st, 0);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGTERM)
		nt_fail("the child did not die of SIGTERM");
	for (end = nt_now() + 10; !gone && nt_now() < end; nt_nap(50)) {
		char path[64];
		struct stat sb;
		snprintf(path, sizeof(path), "/proc/%ld/ns/net", (long)msg.inside);
		gone = stat(path, &sb) != 0;
		for (int i = 0; i < H_NETNS_N; i++)
			gone = gone && !h_netns_exists(msg.names[i]);
	}
	if (!gone)
		nt_fail("namespaces or the process inside still there 10 s after SIGTERM");
	else
		printf("ok: after SIGTERM the guardian removed %s ... and ended pid %ld\n",
		       msg.names[0], (long)msg.inside);
	return nt_failed;
}

static int nt_daemons(struct nt *x, bool with_static)
{
	if (nt_setup(x))
		return -1;
	if (nt_start_rsd(x)) {
		nt_fail("rscert-rsd did not start in %s", nt_ns(x, H_NETNS_RS));
		return -1;
	}
	if (nt_start_bird(x, with_static)) {
		nt_fail("bird did not start in %s", nt_ns(x, H_NETNS_NVA));
		return -1;
	}
	return 0;
}

static int nt_static(struct nt *x)
{
	char out[1024], err[512];
	size_t n;

	if (nt_daemons(x, true))
		goto out;
	if (!nt_wait(20, nt_both_up_and_routed, x)) {
		nt_fail("both sessions Established with 10.100.0.0/24 programmed: not within 20 s");
		goto out;
	}
	printf("ok: IN_0 and IN_1 Established over multihop, 10.100.0.0/24 via 10.0.1.4 "
	       "in the VM's effective routes\n");
	if (!nt_wait(5, nt_nva_vnet_via_gateway, x))
		nt_fail("the NVA's kernel has no 10.0.0.0/16 via 10.0.1.1 from BIRD");
	nt_ip(nt_ns(x, H_NETNS_NVA), out, sizeof(out), "route", "get", "10.0.255.4", NULL);
	printf("NVA kernel: %s", out);
	if (!strstr(out, "via 10.0.1.1"))
		nt_fail("the NVA does not reach 10.0.255.4 through its gateway");
	if (nt_ping(x, H_NETNS_ONPREM_ADDR, "VM -> 10.100.0.1 before programming") != 1)
		nt_fail("on-prem reachable before the routes were programmed");
	if (h_netns_program_ctl(&x->t, x->sock, &n, err, sizeof(err))) {
		nt_fail("program: %s", err);
		goto out;
	}
	nt_route_show(x, H_NETNS_FABRIC, out, sizeof(out));
	printf("fabric, %zu route(s) programmed: %s", n, out);
	if (nt_ping(x, H_NETNS_ONPREM_ADDR, "VM -> 10.100.0.1 through the NVA") != 0)
		nt_fail("the data path VM -> NVA -> on-prem does not work");
out:
	nt_teardown(x);
	return nt_failed;
}

/* Ping while the NVA's kernel holds the unreachable VNet route before and
 * after; 1 when such a ping failed, 0 when it passed, -1 not measured. */
static int nt_ping_captured(struct nt *x)
{
	char out[2048];
	int rc;

	if (!nt_nva_vnet_unreachable(x))
		return -1;
	rc = h_netns_ping(&x->t, H_NETNS_ONPREM_ADDR, 2, out, sizeof(out));
	if (!nt_nva_vnet_unreachable(x))
		return -1;
	return rc == 1 ? 1 : rc == 0 ? 0 : -1;
}

static bool nt_one_up(struct nt *x)
{
	x->ever_learned = x->ever_learned || nt_vm_has_onprem(x);
	return nt_established(x) >= 1;
}

static bool nt_unreachable_sampled(struct nt *x)
{
	x->ever_learned = x->ever_learned || nt_vm_has_onprem(x);
	return nt_nva_vnet_unreachable(x);
}

/* Program what the server has for the VM; when it never learned the NVA's
 * 10.100.0.0/24 (its UPDATE may be stuck behind the captured route), the
 * route a correct server would program, so that the data path is judged
 * on the NVA's side alone. */
static int nt_program_no_static(struct nt *x)
{
	struct h_netns_route onprem = {0x0a640000u, 24, 1, {H_NETNS_NVA_ADDR}};
	char err[512];
	size_t n;
	bool learned = nt_vm_has_onprem(x);

	x->ever_learned = x->ever_learned || learned;
	if (learned && !h_netns_program_ctl(&x->t, x->sock, &n, err, sizeof(err))) {
		printf("ok: %zu route(s) programmed from the server's effective routes\n", n);
		return 0;
	}
	if (h_netns_program(&x->t, &onprem, 1, err, sizeof(err))) {
		nt_fail("program: %s", err);
		return -1;
	}
	printf("observed: the server does not hold 10.100.0.0/24 now (%s); programmed "
	       "10.100.0.0/24 via 10.0.1.4 as a correct server would\n",
	       x->ever_learned ? "it did at an earlier sample" : "nor at any earlier sample");
	return 0;
}

static int nt_no_static(struct nt *x)
{
	char out[1024], err[512],
	    *ping[] = {"ping", "-n", "-c", "1", "-W", "1", "10.0.255.4", NULL};
	double end;
	int seen = -1;

	if (nt_daemons(x, false))
		goto out;
	if (!nt_wait(20, nt_one_up, x)) {
		nt_fail("no session Established within 20 s");
		goto out;
	}
	printf(
	    "ok: a session Established (multihop, the NVA's default route reaches the server)\n");
	/* the learned 10.0.0.0/16 has next hop 10.0.255.4, inside itself: BIRD
	 * cannot resolve it and installs it as unreachable, which captures
	 * the route server's addresses and the VM's subnet */
	if (!nt_wait(10, nt_unreachable_sampled, x)) {
		nt_fail("the NVA's kernel has no unreachable 10.0.0.0/16 from BIRD");
		goto out;
	}
	nt_ip(nt_ns(x, H_NETNS_NVA), out, sizeof(out), "route", "show", "10.0.0.0/16", NULL);
	printf("NVA kernel: %s", out);
	if (h_netns_run(nt_ns(x, H_NETNS_NVA), ping, 5, out, sizeof(out), err, sizeof(err)) == 0)
		nt_fail("the NVA still pings 10.0.255.4 with the VNet route captured");
	else
		printf("ok: the NVA cannot reach 10.0.255.4: %s",
		       strstr(out, "ping:") ? strstr(out, "ping:") : out);
	if (nt_program_no_static(x))
		goto out;
	for (end = nt_now() + 15; seen < 0 && nt_now() < end; nt_nap(100))
		seen = nt_ping_captured(x);
	if (seen == 0)
		nt_fail("the VM reached on-prem although the NVA's return route is captured");
	else if (seen < 0)
		nt_fail("no ping while the NVA held the unreachable route (15 s)");
	else
		printf("ok: the VM's ping through the NVA fails: the reply to 10.0.2.4 hits the "
		       "unreachable 10.0.0.0/16\n");
	if (!nt_wait(25, nt_flapped, x))
		nt_fail("no hold-timer expiry followed by a new Established session in 25 s");
	else
		printf("ok: the session dropped with Hold Timer Expired and re-formed: it flaps\n");
out:
	nt_teardown(x);
	return nt_failed;
}

static bool nt_have(const char *prog, const char *flag)
{
	char out[256], err[256];
	char *argv[] = {(char *)prog, (char *)flag, NULL};
	int rc = h_netns_run(NULL, argv, 5, out, sizeof(out), err, sizeof(err));

	return rc >= 0 && rc != 127 && rc != 126;
}

int main(int argc, char **argv)
{
	struct nt x;
	char why[512];
	const char *sc = argc > 1 ? argv[1] : "";
	bool daemons = !strcmp(sc, "static") || !strcmp(sc, "no_static");

	memset(&x, 0, sizeof(x));
	setvbuf(stdout, NULL, _IONBF, 0);
	if (h_netns_available(why, sizeof(why))) {
		printf("skipped: %s\n", why);
		return NT_SKIP;
	}
	if (!nt_have("ping", "-V")) {
		printf("skipped: no ping (iputils-ping)\n");
		return NT_SKIP;
	}
	if (daemons && (argc < 3 || !nt_have("bird", "--version"))) {
		printf("skipped: no bird, or no rscert-rsd given\n");
		return NT_SKIP;
	}
	x.rsd = argc > 2 ? argv[2] : NULL;
	if (!strcmp(sc, "topology"))
		return nt_topology(&x);
	if (!strcmp(sc, "sigterm"))
		return nt_sigterm(&x);
	if (!strcmp(sc, "static"))
		return nt_static(&x);
	if (!strcmp(sc, "no_static"))
		return nt_no_static(&x);
	fprintf(stderr, "usage: netns_itest topology|sigterm|static|no_static [RSCERT_RSD]\n");
	return 2;
}
