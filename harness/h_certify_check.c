/* h_certify_check.c: the requirement table (dependency order: a
 * requirement whose dependency failed is BLOCKED and names it) and the
 * checks read from the NVA's TCP handshakes and OPENs. */
#include "h_certify_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct h_cert_row {
	const char *id, *title, *observes;
	enum h_cert_id dep;
};

/* The rows in enum h_cert_id order. */
static const struct h_cert_row h_cert_rows[H_CERT_NREQ] = {
    {"NVA-BFD", "the sessions do not wait for BFD (the route server has none)",
     "BFD control packets from the NVA (UDP 3784/4784), its BGP attempts, sessions coming up",
     H_REQ_BFD},
    {"NVA-TCP", "the NVA opens TCP to the instances' BGP port",
     "SYNs from the NVA to the BGP port of both instances, or the NVA answering theirs", H_REQ_BFD},
    {"NVA-NO-MD5", "no TCP MD5 signature (the route server has none)",
     "the TCP options of the NVA's SYNs (kind 19)", H_REQ_TCP},
    {"NVA-OPEN", "the NVA sends an OPEN on a TCP connection (eBGP multihop)",
     "completed handshakes, the TTL of the NVA's SYNs, its OPEN", H_REQ_MD5},
    {"NVA-ASN", "the AS in the NVA's OPEN is the peering's ASN, usable",
     "the AS (AS4 capability or My AS) of the NVA's OPEN and the server's answer", H_REQ_OPEN},
    {"NVA-PEER-ASN", "the NVA accepts the server's AS 65515",
     "the NVA's answer (KEEPALIVE or NOTIFICATION) to the server's OPEN", H_REQ_ASN},
    {"NVA-TIMERS", "hold time offered usable (0 disables it, 1-2 invalid)",
     "the hold time of the NVA's OPEN against the server's 180", H_REQ_OPEN},
    {"NVA-ROUTE-REFRESH", "route refresh capability advertised",
     "the capabilities of the NVA's OPEN", H_REQ_OPEN},
    {"NVA-BOTH-INSTANCES", "sessions Established with IN_0 and IN_1",
     "OPENs and KEEPALIVEs both ways on each instance; the server's session table", H_REQ_PEER_ASN},
    {"NVA-ROUTES", "the NVA advertises at least one route",
     "the NLRI of the NVA's UPDATEs; the routes the server learned", H_REQ_BOTH},
    {"NVA-ROUTE-LIMIT", "routes within the profile limit with a 10% margin",
     "the most prefixes the NVA announced on one session; the server's limit events", H_REQ_ROUTES},
    {"NVA-IDENTICAL", "the same prefixes and AS paths sent to both instances",
     "the (prefix, AS path) sets each instance learned, as last seen with its session up",
     H_REQ_LIMIT},
    {"NVA-NEXT-HOP", "next hops are the NVA's own address (or one named)",
     "the NEXT_HOP of the NVA's UPDATEs", H_REQ_ROUTES},
    {"NVA-STATIC-ROUTE", "the sessions survive the VNet route covering the server",
     "the sessions for a hold time after the server sent 10.0.0.0/16; the NVA's kernel",
     H_REQ_LIMIT},
    {"NVA-REACT-NOTIFICATION", "both sessions re-established after the server's Cease",
     "the sessions after `peering remove` and `add`", H_REQ_STATIC},
    {"NVA-REACT-HOLD", "a silent server is dropped after the hold time, then re-established",
     "the kernel's connection table while the server is stopped", H_REQ_STATIC},
    {"NVA-REACT-INSTANCE", "one instance's session dropped: the other stays up",
     "the sessions after IN_1's connection is reset", H_REQ_STATIC},
    {"NVA-DATA-PATH", "a VM reaches a host behind the NVA through the programmed routes",
     "a ping from the VM to 10.100.0.1 through the programmed routes", H_REQ_STATIC},
};

struct h_cert_req *h_cert_req_set(struct h_cert_run *r, int i, enum h_cert_verdict v,
                                  const char *evidence, const char *fix)
{
	struct h_cert_req *q = &r->req[i];

	q->v = v;
	snprintf(q->evidence, sizeof(q->evidence), "%s", evidence);
	snprintf(q->fix, sizeof(q->fix), "%s", v == H_CERT_FAIL ? fix : "");
	return q;
}

void h_cert_req_init(struct h_cert_run *r)
{
	for (int i = 0; i < H_CERT_NREQ; i++) {
		r->req[i].id = h_cert_rows[i].id;
		r->req[i].title = h_cert_rows[i].title;
		r->req[i].observes = h_cert_rows[i].observes;
		r->req[i].dep = h_cert_rows[i].dep;
		h_cert_req_set(r, i, H_CERT_SKIP, "not checked", "");
		r->req[i].off = false;
	}
	r->req[H_REQ_DATA_PATH].off = r->o->external;
}

bool h_cert_ready(struct h_cert_run *r, int i)
{
	int d = (int)r->req[i].dep;
	char ev[160];

	while (d != (int)r->req[d].dep && r->req[d].v == H_CERT_BLOCKED)
		d = (int)r->req[d].dep; /* name the failure at the root */
	if (d == i || (r->req[d].v != H_CERT_FAIL && r->req[d].v != H_CERT_BLOCKED))
		return true;
	snprintf(ev, sizeof(ev), "not judged: %s failed", r->req[d].id);
	h_cert_req_set(r, i, H_CERT_BLOCKED, ev, "");
	return false;
}

/* The first instance with an OPEN from the NVA, or -1. */
static int h_cert_opened(const struct h_cert_run *r)
{
	return r->wire.p[0].open ? 0 : r->wire.p[1].open ? 1 : -1;
}

static void h_cert_check_tcp(struct h_cert_run *r)
{
	const struct h_cwire_peer *p = r->wire.p;
	char ev[512], a0[16], a1[16], fix[400];

	if (!h_cert_ready(r, H_REQ_TCP))
		return;
	h_cert_ip(r->o->inst[0], a0, sizeof(a0));
	h_cert_ip(r->o->inst[1], a1, sizeof(a1));
	snprintf(ev, sizeof(ev),
	         "IN_0 %s: %u SYN from the NVA, %u connection(s); IN_1 %s: %u SYN, %u "
	         "connection(s); %u SYN from the instances",
	         a0, p[0].syn, p[0].conn, a1, p[1].syn, p[1].conn, p[0].syn_srv + p[1].syn_srv);
	snprintf(fix, sizeof(fix),
	         "configure the neighbors %s and %s (port %u) and let the NVA reach them "
	         "through its default gateway",
	         a0, a1, r->o->port);
	h_cert_req_set(r, H_REQ_TCP,
	               p[0].syn + p[1].syn + p[0].conn + p[1].conn ? H_CERT_PASS : H_CERT_FAIL, ev,
	               fix);
}

static void h_cert_check_md5(struct h_cert_run *r)
{
	const struct h_cwire_peer *p = r->wire.p;
	unsigned md5 = p[0].syn_md5 + p[1].syn_md5, syn = p[0].syn + p[1].syn;
	char ev[256];

	if (!h_cert_ready(r, H_REQ_MD5))
		return;
	snprintf(ev, sizeof(ev), "%u of the NVA's %u SYN(s) carry the TCP MD5 option", md5, syn);
	h_cert_req_set(r, H_REQ_MD5, md5 ? H_CERT_FAIL : H_CERT_PASS, ev,
	               "remove the TCP MD5 password from the route server's neighbors: the "
	               "route server does not support it, the connection never forms");
}

/* The TTL of the NVA's packets as they left it, as text ("TTL 64", or
 * "no TCP packet of the NVA seen"); the TTL, 0 when none was seen. */
unsigned h_cert_ttl(const struct h_cert_run *r, char *out, size_t cap)
{
	const struct h_cwire_peer *p = r->wire.p;
	int k = p[0].ttl_seen ? 0 : p[1].ttl_seen ? 1 : -1;

	if (k < 0) {
		snprintf(out, cap, "no TCP packet of the NVA's seen");
		return 0;
	}
	snprintf(out, cap, "its packets leave with TTL %u%s", p[k].ttl,
	         p[k].ttl == 1 ? " (single hop: the VNet's router drops them)"
	                       : " (enough for the one router to the instances)");
	return p[k].ttl;
}

static void h_cert_check_open(struct h_cert_run *r)
{
	const struct h_cwire_peer *p = r->wire.p;
	int k = h_cert_opened(r);
	char ev[512], id[16], ttl[96];
	unsigned t = h_cert_ttl(r, ttl, sizeof(ttl));

	if (!h_cert_ready(r, H_REQ_OPEN))
		return;
	if (k < 0) {
		snprintf(ev, sizeof(ev), "no OPEN from the NVA; %u connection(s) formed; %s",
		         p[0].conn + p[1].conn, ttl);
		h_cert_req_set(r, H_REQ_OPEN, H_CERT_FAIL, ev,
		               t == 1 ? "enable eBGP multihop on both neighbors: the instances "
		                        "are behind the VNet's router, a TTL of 1 does not reach "
		                        "them"
		                      : "let the NVA send its OPEN on the connection (check the "
		                        "neighbors' addresses and that BGP is enabled)");
		return;
	}
	h_cert_ip(p[k].o.bgp_id, id, sizeof(id));
	snprintf(ev, sizeof(ev),
	         "IN_%d: OPEN with BGP ID %s, My AS %u%s, hold time %u s, capabilities: %s; %s", k,
	         id, p[k].o.my_as, p[k].o.as4 ? " and an AS4 capability" : "", p[k].o.hold,
	         p[k].o.caps[0] ? p[k].o.caps : "none", ttl);
	h_cert_req_set(r, H_REQ_OPEN, H_CERT_PASS, ev, "");
}

/* ARS-ASN-RESERVED: the ASNs the product refuses for a peering. */
static bool h_cert_asn_reserved(uint32_t as)
{
	return as == 0 || (as >= 65515 && as <= 65520) || as == 8074 || as == 8075 || as == 12076 ||
	       as == 23456 || (as >= 64496 && as <= 64511) || (as >= 65535 && as <= 65551) ||
	       as == 4294967295u;
}

static void h_cert_answer(const struct h_cwire_peer *p, char *out, size_t cap)
{
	if (p->srv_notif)
		snprintf(out, cap, "the server answered NOTIFICATION %u/%u%s", p->srv_code,
		         p->srv_sub, p->srv_code == 2 && p->srv_sub == 2 ? " (Bad Peer AS)" : "");
	else if (p->srv_open)
		snprintf(out, cap, "the server answered with its OPEN");
	else
		snprintf(out, cap, "the server did not answer");
}

static void h_cert_check_asn(struct h_cert_run *r)
{
	int k = h_cert_opened(r);
	const struct h_cwire_peer *p = &r->wire.p[k < 0 ? 0 : k];
	uint32_t as = p->o.as;
	unsigned want = r->o->peer_asn;
	char ev[512], fix[400], ans[96], how[160] = "";

	if (!h_cert_ready(r, H_REQ_ASN))
		return;
	h_cert_answer(p, ans, sizeof(ans));
	if (r->ad) {
		char syn[96];
		snprintf(syn, sizeof(syn), r->ad->local_as_syntax, want);
		snprintf(how, sizeof(how), " (%s)", syn);
	}
	snprintf(ev, sizeof(ev), "the NVA's OPEN carries AS %u%s; the peering is for AS %u; %s", as,
	         p->o.as4 ? " (AS4 capability)" : "", want, ans);
	if (as == 65515) {
		snprintf(fix, sizeof(fix),
		         "use another ASN on the NVA: 65515 is the route server's own "
		         "(ARS-ASN-SAME); e.g. %u as peered%s",
		         want, how);
	} else if (h_cert_asn_reserved(as)) {
		snprintf(fix, sizeof(fix),
		         "use a private ASN not reserved by ARS-ASN-RESERVED (not 65515-65520, "
		         "8074, 8075, 12076, 23456, 64496-64511, 65535-65551), e.g. %u as peered%s",
		         want, how);
	} else if (as != want) {
		snprintf(
		    fix, sizeof(fix),
		    "set the NVA's own AS to %u, the ASN of its peering on the route server%s, "
		    "or peer it with AS %u",
		    want, how, as);
	} else {
		h_cert_req_set(r, H_REQ_ASN, H_CERT_PASS, ev, "");
		return;
	}
	h_cert_req_set(r, H_REQ_ASN, H_CERT_FAIL, ev, fix);
}

static void h_cert_check_peer_asn(struct h_cert_run *r)
{
	const struct h_cwire_peer *p = r->wire.p;
	int k = p[0].nva_notif && p[0].nva_code == 2   ? 0
	        : p[1].nva_notif && p[1].nva_code == 2 ? 1
	                                               : -1;
	char ev[400], fix[400], syn[160] = "", a0[16], a1[16];

	if (!h_cert_ready(r, H_REQ_PEER_ASN))
		return;
	if (k < 0) {
		snprintf(ev, sizeof(ev),
		         "the NVA answered the server's OPEN (AS %u) without an OPEN error "
		         "(KEEPALIVE on %u session(s))",
		         p[0].so.as   ? p[0].so.as
		         : p[1].so.as ? p[1].so.as
		                      : 65515,
		         p[0].up + p[1].up);
		h_cert_req_set(r, H_REQ_PEER_ASN, H_CERT_PASS, ev, "");
		return;
	}
	snprintf(ev, sizeof(ev), "the NVA answered IN_%d's OPEN (AS %u) with NOTIFICATION 2/%u%s",
	         k, p[k].so.as, p[k].nva_sub, p[k].nva_sub == 2 ? " (Bad Peer AS)" : "");
	h_cert_ip(r->o->inst[0], a0, sizeof(a0));
	h_cert_ip(r->o->inst[1], a1, sizeof(a1));
	if (r->ad)
		snprintf(syn, sizeof(syn), r->ad->remote_as_syntax, a0, a1);
	snprintf(fix, sizeof(fix), "%s%s%s",
	         p[k].nva_sub == 2 ? "set the neighbors' remote AS to 65515 for both instances"
	                           : "accept the route server's OPEN (AS 65515, hold time 180 s, "
	                             "capabilities multiprotocol IPv4, AS4, route refresh)",
	         r->ad ? ": " : "", syn);
	h_cert_req_set(r, H_REQ_PEER_ASN, H_CERT_FAIL, ev, fix);
}

static void h_cert_check_timers(struct h_cert_run *r)
{
	int k = h_cert_opened(r);
	unsigned hold, neg;
	char ev[256];

	if (!h_cert_ready(r, H_REQ_TIMERS))
		return;
	hold = r->wire.p[k].o.hold;
	neg = hold < 180 ? hold : 180;
	snprintf(ev, sizeof(ev),
	         "the NVA offers hold time %u s; against the server's 180 s the "
	         "session negotiates %u s",
	         hold, neg);
	h_cert_req_set(r, H_REQ_TIMERS, hold >= 3 ? H_CERT_PASS : H_CERT_FAIL, ev,
	               hold == 0
	                   ? "do not disable the hold timer: set hold time 9 s or more, "
	                     "keepalive a third of it"
	                   : "set a hold time of at least 3 s (RFC 4271; 9 s or more advised)");
}

static void h_cert_check_refresh(struct h_cert_run *r)
{
	int k = h_cert_opened(r);
	char ev[256];

	if (!h_cert_ready(r, H_REQ_REFRESH))
		return;
	snprintf(ev, sizeof(ev), "capabilities in the NVA's OPEN: %s",
	         r->wire.p[k].o.caps[0] ? r->wire.p[k].o.caps : "none");
	h_cert_req_set(r, H_REQ_REFRESH, r->wire.p[k].o.route_refresh ? H_CERT_PASS : H_CERT_FAIL,
	               ev,
	               "enable the route refresh capability: without it the route server resets "
	               "the session whenever a peered VNet changes (ARS-VNET-PEERING)");
}

static bool h_cert_up(const struct h_cert_run *r, int k)
{
	return r->ever_up[k] || r->wire.p[k].up;
}

/* Whether the NVA's BGP stalled with nothing else to explain it: no
 * connection attempted at all, or an OPEN sent and the session left
 * hanging without an error either way. */
static bool h_cert_bgp_stalled(const struct h_cert_run *r)
{
	const struct h_cwire_peer *p = r->wire.p;

	if (h_cert_up(r, 0) || h_cert_up(r, 1))
		return false;
	if (!(p[0].syn + p[1].syn + p[0].conn + p[1].conn))
		return true;
	for (int k = 0; k < 2; k++)
		if (p[k].open && !p[k].nva_notif && !p[k].srv_notif)
			return true;
	return false;
}

/* NVA-BFD, judged first: a daemon that waits for BFD before its BGP
 * session comes up sends BFD packets and no (or a stalled) BGP. BFD
 * packets beside sessions that came up are informational. */
static void h_cert_check_bfd(struct h_cert_run *r)
{
	const struct h_cwire_peer *p = r->wire.p;
	bool stalled = h_cert_bgp_stalled(r);
	char ev[400];

	if (!r->wire.bfd) {
		h_cert_req_set(r, H_REQ_BFD, H_CERT_PASS, "no BFD control packets from the NVA",
		               "");
		return;
	}
	snprintf(ev, sizeof(ev),
	         "%u BFD control packet(s) from the NVA (TTL %u), none answered: the route server "
	         "does not run BFD; %u SYN(s) and %u connection(s) to the BGP port; sessions came "
	         "up: IN_0 %s, IN_1 %s%s",
	         r->wire.bfd, r->wire.bfd_ttl, p[0].syn + p[1].syn, p[0].conn + p[1].conn,
	         h_cert_up(r, 0) ? "yes" : "no", h_cert_up(r, 1) ? "yes" : "no",
	         stalled                              ? ": the NVA's BGP waits for BFD"
	         : h_cert_up(r, 0) || h_cert_up(r, 1) ? " (informational)"
	                                              : "");
	h_cert_req_set(r, H_REQ_BFD, stalled ? H_CERT_FAIL : H_CERT_PASS, ev,
	               "do not make the sessions wait for BFD: the route server has no BFD; "
	               "remove the BFD requirement (strict mode, BFD before BGP) from both "
	               "neighbors");
}

static void h_cert_check_both(struct h_cert_run *r)
{
	struct h_cert_sess s;
	char ev[400], fix[400], a0[16], a1[16];

	if (!h_cert_ready(r, H_REQ_BOTH))
		return;
	h_cert_sessions(r, &s);
	h_cert_ip(r->o->inst[0], a0, sizeof(a0));
	h_cert_ip(r->o->inst[1], a1, sizeof(a1));
	snprintf(ev, sizeof(ev),
	         "IN_0 %s (%u session(s) seen on the wire, now %s), IN_1 %s (%u, now %s)",
	         h_cert_up(r, 0) ? "Established" : "never Established", r->wire.p[0].up, s.state[0],
	         h_cert_up(r, 1) ? "Established" : "never Established", r->wire.p[1].up,
	         s.state[1]);
	snprintf(fix, sizeof(fix),
	         "configure one BGP neighbor per instance, IN_0 at %s and IN_1 at %s (port %u, "
	         "AS 65515), both with the same local ASN, eBGP multihop and the same export "
	         "policy",
	         a0, a1, r->o->port);
	h_cert_req_set(r, H_REQ_BOTH,
	               h_cert_up(r, 0) && h_cert_up(r, 1) ? H_CERT_PASS : H_CERT_FAIL, ev, fix);
}

void h_cert_check_session(struct h_cert_run *r)
{
	h_cert_check_bfd(r);
	h_cert_check_tcp(r);
	h_cert_check_md5(r);
	h_cert_check_open(r);
	h_cert_check_asn(r);
	h_cert_check_peer_asn(r);
	h_cert_check_timers(r);
	h_cert_check_refresh(r);
	h_cert_check_both(r);
}
