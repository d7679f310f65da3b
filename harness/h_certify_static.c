/* h_certify_static.c: NVA-STATIC-ROUTE, the FAQ's missing static route seen
 * in what the NVA does: the server advertises the VNet's space
 * (10.0.0.0/16), which covers its own addresses; an NVA without a static
 * route to the route server's subnet resolves that route through itself,
 * loses its path to the instances and its sessions drop after the hold
 * time. Judged for any NVA by watching the sessions for a hold time and a
 * keepalive after the server sent that route, and, in the namespaces, by
 * the NVA's own kernel (its route to each instance and a ping). */
#include "h_certify_run.h"

#include <stdio.h>
#include <string.h>

/* The negotiated hold time (the NVA's offer against the server's 180). */
static unsigned h_cert_hold(const struct h_cert_run *r)
{
	unsigned h = r->wire.p[0].open ? r->wire.p[0].o.hold : r->wire.p[1].o.hold;

	return h && h < 180 ? h : 180;
}

/* Watch the sessions until t_end; false at the first one that dropped. */
static bool h_cert_survive(struct h_cert_run *r, double t_end, char *why, size_t cap, char *kernel,
                           size_t kcap)
{
	struct h_cert_sess s0, s;
	bool kernel_ok = true;

	h_cert_sessions(r, &s0);
	while (h_cert_now() < t_end && !h_cert_stop_flag) {
		h_cert_sessions(r, &s);
		for (int k = 0; k < 2; k++)
			if (s0.up[k] && (!s.up[k] || strcmp(s.since[k], s0.since[k]))) {
				snprintf(why, cap, "IN_%d dropped (%s)", k, s.state[k]);
				return false;
			}
		if (r->net && kernel_ok && !h_cert_netns_kernel(r, kernel, kcap))
			kernel_ok = false; /* seen in the NVA's table; the drop follows */
		if (!kernel_ok && h_cert_now() + 0.5 < t_end && t_end - h_cert_now() > 60)
			break; /* a long hold time: the kernel's evidence is enough */
		h_cert_progress(r, t_end - h_cert_now());
		h_cert_wait(r, 250);
	}
	h_cert_progress(r, -1);
	if (!kernel_ok) {
		snprintf(why, cap, "the NVA's kernel lost its route to the instances");
		return false;
	}
	snprintf(why, cap, "both sessions stayed on the same session");
	return true;
}

void h_cert_check_static(struct h_cert_run *r)
{
	const struct h_cwire_peer *p = r->wire.p;
	double at = p[0].vnet_at > p[1].vnet_at ? p[0].vnet_at : p[1].vnet_at;
	unsigned hold = h_cert_hold(r);
	double t_end = at + hold + hold / 3.0 + 2;
	char why[160], kernel[600] = "", ev[768], fix[400], syn[200] = "", vnet[24];
	bool ok;

	if (!h_cert_ready(r, H_REQ_STATIC))
		return;
	if (!at) {
		h_cert_req_set(r, H_REQ_STATIC, H_CERT_SKIP,
		               "the server did not advertise the VNet's space to the NVA", "");
		return;
	}
	ok = h_cert_survive(r, t_end, why, sizeof(why), kernel, sizeof(kernel));
	if (r->net && ok)
		ok = h_cert_netns_kernel(r, kernel, sizeof(kernel));
	h_cert_ip(r->vnet, vnet, sizeof(vnet));
	snprintf(ev, sizeof(ev),
	         "the server sent %s/%u (covering its own addresses); for %.0f s after it "
	         "(hold %u s and a keepalive): %s%s%s",
	         vnet, r->vnet_len, t_end - at, hold, why, kernel[0] ? "; " : "", kernel);
	if (r->ad)
		snprintf(syn, sizeof(syn), r->ad->static_syntax, r->subnet_text);
	snprintf(fix, sizeof(fix),
	         "add a static route to the route server's subnet %s via the NVA's "
	         "gateway (10.0.1.1 in the product's topology)%s%s%s",
	         r->subnet_text, r->ad ? " (" : "", syn, r->ad ? ")" : "");
	h_cert_req_set(r, H_REQ_STATIC, ok ? H_CERT_PASS : H_CERT_FAIL, ev, fix);
}
