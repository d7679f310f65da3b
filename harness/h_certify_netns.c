/* h_certify_netns.c: certify in the namespaces of h_netns.h: the reference
 * server in the route server's namespace, the NVA's kernel (its reach of
 * the instances) and the VM's data path through the NVA. */
#include "h_certify_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "h_netns.h"

int h_cert_netns_begin(struct h_cert_run *r, char *err, size_t cap)
{
	r->net = calloc(1, sizeof(*r->net));
	if (!r->net) {
		snprintf(err, cap, "out of memory");
		return -1;
	}
	struct h_netns_rs rs = {{r->o->inst[0], r->o->inst[1]}};

	if (h_netns_available(err, cap) || h_netns_create_at(r->net, &rs, err, cap)) {
		free(r->net);
		r->net = NULL;
		return -1;
	}
	r->nva_ns = h_netns_name(r->net, H_NETNS_NVA);
	r->nva_addr = H_NETNS_NVA_ADDR;
	return 0;
}

/* rscert-rsd -c CONF --foreground inside the route server's namespace,
 * ready when its control socket answers ping. */
int h_cert_netns_server(struct h_cert_run *r, char *err, size_t cap)
{
	const char *rsd = r->o->rsd;
	char *argv[] = {(char *)rsd, "-c", r->srv.conf, "--foreground", NULL};
	double end = h_cert_now() + 10;

	r->srv.pid = h_netns_spawn(h_netns_name(r->net, H_NETNS_RS), argv, r->srv.log);
	if (r->srv.pid <= 0) {
		r->srv.pid = 0;
		snprintf(err, cap, "cannot start %s in namespace %s", rsd,
		         h_netns_name(r->net, H_NETNS_RS));
		return -1;
	}
	while (h_cert_now() < end) {
		char *ans = NULL, e2[128];
		if (!h_ctl(r->srv.sock, "ping", 0.5, &ans, e2, sizeof(e2)) && ans &&
		    strstr(ans, "\"ok\"")) {
			free(ans);
			return 0;
		}
		free(ans);
		if (waitpid(r->srv.pid, NULL, WNOHANG) == r->srv.pid) {
			r->srv.pid = 0;
			snprintf(err, cap, "the reference daemon exited in namespace %s",
			         h_netns_name(r->net, H_NETNS_RS));
			return -1;
		}
		h_cert_wait(r, 20);
	}
	snprintf(err, cap, "the reference daemon did not answer ping within 10 s");
	return -1;
}

int h_cert_run_server_ns(struct h_cert_run *r, char *const argv[], const char *out)
{
	char text[2048], err[256];
	FILE *f;
	int rc;

	if (!r->net)
		return h_cert_run_cmd(argv, out);
	rc = h_netns_run(h_netns_name(r->net, H_NETNS_RS), argv, 10, text, sizeof(text), err,
	                 sizeof(err));
	f = fopen(out, "a");
	if (f) {
		fputs(rc < 0 ? err : text, f);
		fclose(f);
	}
	return rc == 0 ? 0 : -1;
}

void h_cert_netns_end(struct h_cert_run *r)
{
	if (!r->net)
		return;
	h_netns_destroy(r->net);
	free(r->net);
	r->net = NULL;
	r->nva_ns = NULL;
}

/* Keep the first line of s without trailing blanks and without the
 * " uid 0" that `ip route get` appends. */
static void h_cert_first_line(char *s)
{
	size_t l;
	char *uid;

	s[strcspn(s, "\n")] = 0;
	uid = strstr(s, " uid ");
	if (uid)
		*uid = 0;
	for (l = strlen(s); l && (s[l - 1] == ' ' || s[l - 1] == '\t'); l--)
		s[l - 1] = 0;
}

/* `ip -n NVA ARGS...` first line into out; the exit status. */
static int h_cert_nva_ip(struct h_cert_run *r, char *out, size_t cap, char *a1, char *a2, char *a3)
{
	char *argv[] = {"ip", "-n", (char *)r->nva_ns, a1, a2, a3, NULL};
	char err[256];
	int rc = h_netns_run(NULL, argv, 5, out, cap, err, sizeof(err));

	if (rc < 0)
		snprintf(out, cap, "%s", err);
	h_cert_first_line(out);
	return rc;
}

/* One ping from the NVA's namespace; true when answered. */
static bool h_cert_nva_ping(struct h_cert_run *r, const char *dst)
{
	char *argv[] = {"ping", "-n", "-c", "1", "-W", "1", (char *)dst, NULL};
	char out[512], err[256];

	return h_netns_run(r->nva_ns, argv, 4, out, sizeof(out), err, sizeof(err)) == 0;
}

/* Whether the NVA announces a prefix covering addr on either instance. */
static bool h_cert_announces(const struct h_cert_run *r, uint32_t addr)
{
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < r->wire.p[k].nprefix; i++) {
			uint64_t key = r->wire.p[k].prefix[i];
			unsigned len = (unsigned)(key & 255);
			uint32_t mask = len ? ~0u << (32 - len) : 0;
			if ((addr & mask) == (uint32_t)(key >> 8))
				return true;
		}
	return false;
}

bool h_cert_netns_kernel(struct h_cert_run *r, char *ev, size_t cap)
{
	char a[2][16], vnet[160], get[2][160], v[24];
	bool reach[2];

	h_cert_ip(r->vnet, a[0], sizeof(a[0]));
	snprintf(v, sizeof(v), "%s/%u", a[0], r->vnet_len);
	h_cert_nva_ip(r, vnet, sizeof(vnet), "route", "show", v);
	for (int k = 0; k < 2; k++) {
		h_cert_ip(r->o->inst[k], a[k], sizeof(a[k]));
		reach[k] = !h_cert_nva_ip(r, get[k], sizeof(get[k]), "route", "get", a[k]) &&
		           h_cert_nva_ping(r, a[k]);
	}
	snprintf(ev, cap, "the NVA's kernel: route get %s: %s (%s); route get %s: %s (%s); %s: %s",
	         a[0], get[0][0] ? get[0] : "no answer", reach[0] ? "ping answered" : "unreachable",
	         a[1], get[1][0] ? get[1] : "no answer", reach[1] ? "ping answered" : "unreachable",
	         v, vnet[0] ? vnet : "not in the NVA's kernel");
	return reach[0] && reach[1];
}

/* NVA-DATA-PATH: the server's programmed routes in the fabric and the VM,
 * then a ping from the VM to the on-prem host behind the NVA. */
void h_cert_check_data_path(struct h_cert_run *r)
{
	char ping[2048], err[512], ev[768], back[160], *sum;
	size_t n;
	int rc;

	if (!r->net || !h_cert_ready(r, H_REQ_DATA_PATH))
		return;
	if (!h_cert_announces(r, H_NETNS_ONPREM_ADDR)) {
		h_cert_req_set(r, H_REQ_DATA_PATH, H_CERT_SKIP,
		               "not checked: the NVA announces no prefix covering the on-prem host "
		               "10.100.0.1",
		               "");
		return;
	}
	if (h_netns_program_ctl(r->net, r->srv.sock, &n, err, sizeof(err))) {
		h_cert_req_set(r, H_REQ_DATA_PATH, H_CERT_SKIP, err, "");
		return;
	}
	rc = h_netns_ping(r->net, H_NETNS_ONPREM_ADDR, 3, ping, sizeof(ping));
	sum = strstr(ping, "packets transmitted");
	while (sum && sum > ping && sum[-1] != '\n')
		sum--;
	sum = sum ? sum : ping;
	h_cert_first_line(sum);
	h_cert_nva_ip(r, back, sizeof(back), "route", "get", "10.0.2.4");
	snprintf(ev, sizeof(ev),
	         "%zu route(s) programmed from effective-routes 10.0.2.4; ping 10.0.2.4 -> "
	         "10.100.0.1 (on-prem, behind the NVA): %s; the NVA's route back: %s",
	         n, sum, back[0] ? back : "none");
	if (rc == 0)
		h_cert_req_set(r, H_REQ_DATA_PATH, H_CERT_PASS, ev, "");
	else if (rc < 0)
		h_cert_req_set(r, H_REQ_DATA_PATH, H_CERT_SKIP, ev, "");
	else if (!n)
		h_cert_req_set(r, H_REQ_DATA_PATH, H_CERT_FAIL, ev,
		               "announce the NVA's prefixes to both instances with the NVA's "
		               "own address as next hop");
	else
		h_cert_req_set(r, H_REQ_DATA_PATH, H_CERT_FAIL, ev,
		               "let the NVA forward (net.ipv4.ip_forward=1) and route 10.0.0.0/16 "
		               "back through its gateway 10.0.1.1");
}
