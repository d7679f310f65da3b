/* h_netns.c: the namespace topology: create it, remove it (also from a
 * guardian process when the creator dies), and end what runs inside. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "h_netns.h"

#include "bgp_addr.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define H_NETNS_IP_TIMEOUT 10.0 /* seconds for one `ip` command */
#define H_NETNS_MAX_WORDS  24

static const char *const h_netns_roles[H_NETNS_N] = {"fabric", "rs", "nva", "vm", "onprem"};

/* One `ip -n NS WORDS` step; a word "@k" stands for the name of role k,
 * "%k" for the route server's word k (enum h_netns_rsword). */
struct h_netns_step {
	enum h_netns_role ns;
	const char *w[14];
};

static const struct h_netns_step h_netns_steps[] = {
    {H_NETNS_FABRIC, {"link", "add", "rs", "type", "veth", "peer", "name", "eth0", "netns", "@1"}},
    {H_NETNS_FABRIC, {"link", "add", "nva", "type", "veth", "peer", "name", "eth0", "netns", "@2"}},
    {H_NETNS_FABRIC, {"link", "add", "vm", "type", "veth", "peer", "name", "eth0", "netns", "@3"}},
    {H_NETNS_NVA, {"link", "add", "onprem", "type", "veth", "peer", "name", "eth0", "netns", "@4"}},
    {H_NETNS_FABRIC, {"addr", "add", "%0", "dev", "rs"}},
    {H_NETNS_FABRIC, {"addr", "add", "10.0.1.1/24", "dev", "nva"}},
    {H_NETNS_FABRIC, {"addr", "add", "10.0.2.1/24", "dev", "vm"}},
    {H_NETNS_RS, {"addr", "add", "%1", "dev", "eth0"}},
    {H_NETNS_RS, {"addr", "add", "%2", "dev", "eth0"}},
    {H_NETNS_NVA, {"addr", "add", "10.0.1.4/24", "dev", "eth0"}},
    {H_NETNS_NVA, {"addr", "add", "10.100.0.254/24", "dev", "onprem"}},
    {H_NETNS_VM, {"addr", "add", "10.0.2.4/24", "dev", "eth0"}},
    {H_NETNS_ONPREM, {"addr", "add", "10.100.0.1/24", "dev", "eth0"}},
    {H_NETNS_FABRIC, {"link", "set", "rs", "up"}},
    {H_NETNS_FABRIC, {"link", "set", "nva", "up"}},
    {H_NETNS_FABRIC, {"link", "set", "vm", "up"}},
    {H_NETNS_RS, {"link", "set", "eth0", "up"}},
    {H_NETNS_NVA, {"link", "set", "eth0", "up"}},
    {H_NETNS_NVA, {"link", "set", "onprem", "up"}},
    {H_NETNS_VM, {"link", "set", "eth0", "up"}},
    {H_NETNS_ONPREM, {"link", "set", "eth0", "up"}},
    /* the route server's and the NVA's default gateway is the fabric */
    {H_NETNS_RS, {"route", "add", "default", "via", "%3"}},
    {H_NETNS_NVA, {"route", "add", "default", "via", "10.0.1.1"}},
    /* a VM knows the VNet (system route); the rest comes from h_netns_program */
    {H_NETNS_VM, {"route", "add", "10.0.0.0/16", "via", "10.0.2.1"}},
    {H_NETNS_ONPREM, {"route", "add", "default", "via", "10.100.0.254"}},
};

static unsigned h_netns_serial;

const char *h_netns_name(const struct h_netns *t, enum h_netns_role role)
{
	return role < H_NETNS_N ? t->name[role] : "";
}

bool h_netns_exists(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	return access(path, F_OK) == 0;
}

int h_netns_ip(char *const words[], char *err, size_t cap)
{
	char out[512], cmd[256], why[256];
	int rc;

	h_netns_cmdline(words, cmd, sizeof(cmd));
	rc = h_netns_run(NULL, words, H_NETNS_IP_TIMEOUT, out, sizeof(out), why, sizeof(why));
	if (rc == 0)
		return 0;
	out[strcspn(out, "\n")] = 0;
	if (rc < 0)
		snprintf(err, cap, "%s", why);
	else
		snprintf(err, cap, "`%s` failed (exit %d): %s", cmd, rc, out);
	return -1;
}

static int h_netns_ip_words(char *err, size_t cap, ...)
{
	char *w[H_NETNS_MAX_WORDS];
	size_t n = 0;
	va_list ap;

	va_start(ap, cap);
	while (n + 1 < H_NETNS_MAX_WORDS && (w[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	w[n] = NULL;
	return h_netns_ip(w, err, cap);
}

static int h_netns_step_run(const struct h_netns *t, const struct h_netns_step *s, char *err,
                            size_t cap)
{
	char *w[H_NETNS_MAX_WORDS];
	size_t n = 0;

	w[n++] = "ip";
	w[n++] = "-n";
	w[n++] = (char *)t->name[s->ns];
	for (size_t i = 0; s->w[i] && n + 1 < H_NETNS_MAX_WORDS; i++) {
		const char *word = s->w[i];
		if (word[0] == '@' && isdigit((unsigned char)word[1]))
			word = t->name[word[1] - '0'];
		else if (word[0] == '%' && isdigit((unsigned char)word[1]))
			word = t->rsword[word[1] - '0'];
		w[n++] = (char *)word;
	}
	w[n] = NULL;
	return h_netns_ip(w, err, cap);
}

/* Write value into /proc/sys/KEY inside ns (a child enters it: the net
 * sysctls belong to the namespace of whoever opens them). */
static int h_netns_sysctl(const char *ns, const char *key, const char *value, char *err, size_t cap)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		char path[160];
		int fd;
		snprintf(path, sizeof(path), "/run/netns/%s", ns);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || setns(fd, CLONE_NEWNET))
			_exit(1);
		snprintf(path, sizeof(path), "/proc/sys/%s", key);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, value, strlen(value)) != (ssize_t)strlen(value))
			_exit(2);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st)) {
		snprintf(err, cap, "sysctl %s=%s in namespace %s failed", key, value, ns);
		return -1;
	}
	return 0;
}

/* ---- ending what runs inside, removing the namespaces ---- */

static void h_netns_nap(long ms)
{
	struct timespec d = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&d, NULL);
}

/* Send sig to every process (not this one) whose network namespace is the
 * file /run/netns/NAME of one of the names; the number found. */
static size_t h_netns_signal_inside(char names[][H_NETNS_NAME_MAX], size_t n, int sig)
{
	struct stat ns[H_NETNS_N];
	bool have[H_NETNS_N] = {false};
	size_t found = 0;
	struct dirent *e;
	DIR *d;

	for (size_t i = 0; i < n && i < H_NETNS_N; i++) {
		char path[128];
		snprintf(path, sizeof(path), "/run/netns/%s", names[i]);
		have[i] = names[i][0] && stat(path, &ns[i]) == 0;
	}
	d = opendir("/proc");
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char path[300];
		struct stat st;
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		if (*end || pid <= 0 || pid == (long)getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/ns/net", pid);
		if (stat(path, &st))
			continue;
		for (size_t i = 0; i < n && i < H_NETNS_N; i++)
			if (have[i] && st.st_dev == ns[i].st_dev && st.st_ino == ns[i].st_ino) {
				kill((pid_t)pid, sig);
				found++;
				break;
			}
	}
	closedir(d);
	return found;
}

static void h_netns_end_inside(char names[][H_NETNS_NAME_MAX], size_t n)
{
	int waited = 0;

	if (!h_netns_signal_inside(names, n, SIGTERM))
		return;
	while (waited < 2000 && h_netns_signal_inside(names, n, 0)) {
		h_netns_nap(50);
		waited += 50;
	}
	h_netns_signal_inside(names, n, SIGKILL);
}

/* End the processes inside, delete every namespace of the list that exists. */
static void h_netns_sweep(char names[][H_NETNS_NAME_MAX], size_t n)
{
	char err[256];

	h_netns_end_inside(names, n);
	for (size_t i = n; i-- > 0;)
		if (names[i][0] && h_netns_exists(names[i]))
			h_netns_ip_words(err, sizeof(err), "ip", "netns", "del", names[i], NULL);
}

/* The guardian waits on a pipe: a byte means the creator cleaned up itself,
 * end of file means the creator died: then it sweeps. */
static void h_netns_guardian(struct h_netns *t, int rd)
{
	long maxfd = sysconf(_SC_OPEN_MAX);
	ssize_t k;
	char c;

	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	if (maxfd < 0 || maxfd > 65536)
		maxfd = 65536;
	for (int fd = 3; fd < maxfd; fd++)
		if (fd != rd)
			close(fd);
	do
		k = read(rd, &c, 1);
	while (k < 0 && errno == EINTR);
	if (k != 1)
		h_netns_sweep(t->name, H_NETNS_N);
	_exit(0);
}

static void h_netns_guard_start(struct h_netns *t)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return;
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		h_netns_guardian(t, p[0]);
	}
	close(p[0]);
	if (pid < 0) {
		close(p[1]);
		return;
	}
	t->guard = pid;
	t->guard_fd = p[1];
}

static void h_netns_guard_stop(struct h_netns *t)
{
	if (t->guard_fd >= 0) {
		ssize_t k = write(t->guard_fd, "q", 1);
		(void)k;
		close(t->guard_fd);
		t->guard_fd = -1;
	}
	if (t->guard > 0) {
		while (waitpid(t->guard, NULL, 0) < 0 && errno == EINTR)
			;
		t->guard = 0;
	}
}

void h_netns_destroy(struct h_netns *t)
{
	char names[H_NETNS_N][H_NETNS_NAME_MAX];

	for (int i = 0; i < H_NETNS_N; i++)
		snprintf(names[i], sizeof(names[i]), "%s", t->made[i] ? t->name[i] : "");
	h_netns_sweep(names, H_NETNS_N);
	for (int i = 0; i < H_NETNS_N; i++)
		t->made[i] = t->made[i] && h_netns_exists(t->name[i]);
	h_netns_guard_stop(t);
}

/* ---- building ---- */

static int h_netns_build(struct h_netns *t, char *err, size_t cap)
{
	for (int i = 0; i < H_NETNS_N; i++) {
		if (h_netns_ip_words(err, cap, "ip", "netns", "add", t->name[i], NULL))
			return -1;
		t->made[i] = true;
		if (h_netns_ip_words(err, cap, "ip", "-n", t->name[i], "link", "set", "lo", "up",
		                     NULL))
			return -1;
	}
	for (size_t i = 0; i < sizeof(h_netns_steps) / sizeof(h_netns_steps[0]); i++)
		if (h_netns_step_run(t, &h_netns_steps[i], err, cap))
			return -1;
	if (h_netns_sysctl(t->name[H_NETNS_FABRIC], "net/ipv4/ip_forward", "1", err, cap) ||
	    h_netns_sysctl(t->name[H_NETNS_NVA], "net/ipv4/ip_forward", "1", err, cap))
		return -1;
	return 0;
}

int h_netns_rs_check(const uint32_t in[2], uint32_t *net, char *why, size_t cap)
{
	static const uint32_t taken[] = {H_NETNS_NVA_NET, H_NETNS_VM_NET,
	                                 H_NETNS_ONPREM_ADDR & ~255u};
	const char *rule = NULL;

	*net = in[0] & ~31u;
	for (size_t i = 0; i < sizeof(taken) / sizeof(taken[0]); i++)
		if ((*net & ~255u) == taken[i])
			rule =
			    "the instances' /27 lies in the NVA's, the VM's or the on-prem subnet";
	if ((in[0] & 0xffff0000u) != H_NETNS_VNET)
		rule = "the instances must lie in the VNet 10.0.0.0/16";
	else if ((in[1] & ~31u) != *net)
		rule = "the two instances must share one /27 (the route server's subnet)";
	else if (in[0] == in[1])
		rule = "the two instances need two addresses";
	for (int k = 0; k < 2 && !rule; k++)
		if ((in[k] & 31u) < 2 || (in[k] & 31u) == 31)
			rule =
			    "an instance cannot be the subnet's network, gateway (first host) or "
			    "broadcast address";
	if (!rule)
		return 0;
	snprintf(why, cap, "%s", rule);
	return -1;
}

/* The route server's words of the steps. */
static int h_netns_rs_words(struct h_netns *t, const struct h_netns_rs *rs, char *err, size_t cap)
{
	static const struct h_netns_rs dflt = {{H_NETNS_RS_IN0, H_NETNS_RS_IN1}};
	char a[3][16], why[160];
	uint32_t net;

	rs = rs ? rs : &dflt;
	if (h_netns_rs_check(rs->in, &net, why, sizeof(why))) {
		snprintf(err, cap, "the route server's addresses: %s", why);
		return -1;
	}
	bgp_addr_format_ipv4(net + 1, a[0], sizeof(a[0]));
	bgp_addr_format_ipv4(rs->in[0], a[1], sizeof(a[1]));
	bgp_addr_format_ipv4(rs->in[1], a[2], sizeof(a[2]));
	for (int i = 0; i < 3; i++)
		snprintf(t->rsword[i], sizeof(t->rsword[i]), "%s/27", a[i]);
	snprintf(t->rsword[H_NETNS_W_GW], sizeof(t->rsword[H_NETNS_W_GW]), "%s", a[0]);
	return 0;
}

int h_netns_create(struct h_netns *t, char *err, size_t cap)
{
	return h_netns_create_at(t, NULL, err, cap);
}

int h_netns_create_at(struct h_netns *t, const struct h_netns_rs *rs, char *err, size_t cap)
{
	unsigned serial = ++h_netns_serial;

	memset(t, 0, sizeof(*t));
	t->guard_fd = -1;
	if (h_netns_rs_words(t, rs, err, cap))
		return -1;
	for (int i = 0; i < H_NETNS_N; i++)
		snprintf(t->name[i], sizeof(t->name[i]), "rscert-%ld-%u-%s", (long)getpid(), serial,
		         h_netns_roles[i]);
	for (int i = 0; i < H_NETNS_N; i++)
		if (h_netns_exists(t->name[i])) {
			snprintf(err, cap, "network namespace %s exists already", t->name[i]);
			return -1;
		}
	h_netns_guard_start(t);
	if (h_netns_build(t, err, cap)) {
		h_netns_destroy(t);
		return -1;
	}
	return 0;
}

int h_netns_available(char *why, size_t cap)
{
	char name[64], scratch[256];

	if (geteuid() != 0) {
		snprintf(why, cap, "network namespaces need root");
		return -1;
	}
	snprintf(name, sizeof(name), "rscert-%ld-probe", (long)getpid());
	if (h_netns_ip_words(why, cap, "ip", "netns", "add", name, NULL))
		return -1;
	if (h_netns_ip_words(why, cap, "ip", "-n", name, "link", "set", "lo", "up", NULL)) {
		h_netns_ip_words(scratch, sizeof(scratch), "ip", "netns", "del", name, NULL);
		return -1;
	}
	return h_netns_ip_words(why, cap, "ip", "netns", "del", name, NULL);
}
