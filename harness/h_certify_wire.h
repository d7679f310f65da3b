/* h_certify_wire.h: what the NVA does on the wire, seen by a packet socket
 * (AF_PACKET) beside it: its TCP SYNs to the instances (TTL, the TCP MD5
 * option), the OPENs both sides send, the NOTIFICATIONs, the prefixes and
 * next hops in its UPDATEs, the routes the server sends it and its BFD
 * control packets. A certify verdict is read from this, not from what the
 * command line or the server's configuration say. */
#ifndef RSCERT_H_CERTIFY_WIRE_H
#define RSCERT_H_CERTIFY_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define H_CWIRE_MAX_NH    8
#define H_CWIRE_MAX_FLOWS 16

/* The digest of one OPEN. */
struct h_cwire_open {
	uint32_t as; /* the AS4 capability's AS when present, else my_as */
	uint16_t my_as;
	bool as4;
	uint16_t hold;
	uint32_t bgp_id; /* host order */
	bool route_refresh;
	char caps[160]; /* capability names, space separated */
};

/* One instance as seen between it and the NVA. */
struct h_cwire_peer {
	unsigned syn;     /* SYNs the NVA sent to the instance's BGP port */
	unsigned syn_md5; /* ... of them carrying the TCP MD5 option (kind 19) */
	unsigned syn_srv; /* SYNs the instance sent to the NVA */
	unsigned conn;    /* connections that completed the handshake */
	uint8_t ttl;      /* TTL of the NVA's last packet to the BGP port, as it left the NVA */
	bool ttl_seen;    /* ttl is valid: a TCP packet of the NVA's was seen */
	bool open;        /* an OPEN from the NVA */
	struct h_cwire_open o;
	bool srv_open; /* an OPEN from the instance */
	struct h_cwire_open so;
	unsigned up; /* times a session formed (KEEPALIVE both ways after OPENs) */
	bool ka_nva, ka_srv;
	unsigned nva_notif; /* NOTIFICATIONs from the NVA, the last one's code */
	uint8_t nva_code, nva_sub;
	unsigned srv_notif;
	uint8_t srv_code, srv_sub;
	unsigned updates;  /* UPDATEs from the NVA */
	size_t nprefix;    /* prefixes the NVA announces now on this session */
	size_t max_prefix; /* the most at any time */
	uint64_t *prefix;  /* (net << 8 | len), sorted */
	size_t prefix_cap;
	size_t nnh; /* distinct next hops in its UPDATEs */
	uint32_t nh[H_CWIRE_MAX_NH];
	double vnet_at;  /* when the server sent a route covering its own address, 0 */
	double last_nva; /* when the NVA last sent a BGP message */
	uint8_t ctx_as4; /* both OPENs carried AS4 */
};

struct h_cwire_flow;

struct h_cwire {
	int fd;
	int lo_ifindex; /* packets on loopback are seen twice: outgoing ones skipped */
	uint32_t nva;   /* the NVA's address, host order */
	uint32_t inst[2];
	uint16_t port; /* the instances' BGP port */
	struct h_cwire_peer p[2];
	unsigned bfd; /* BFD control packets from the NVA (UDP 3784, 4784) */
	uint8_t bfd_ttl;
	struct h_cwire_flow *flow[H_CWIRE_MAX_FLOWS];
	unsigned packets;
};

/* Set up an observer with no socket (h_cwire_feed only). */
void h_cwire_init(struct h_cwire *w, uint32_t nva, const uint32_t inst[2], uint16_t port);
/* Open the packet socket in namespace ns (NULL: this one), bound to the
 * interface ifname (NULL: every interface); 0, or -1 with err. */
int h_cwire_open(struct h_cwire *w, const char *ns, const char *ifname, char *err, size_t cap);
/* Read what the socket holds, waiting up to ms milliseconds for the first
 * packet; now is the time stamp (seconds) given to what is read. */
void h_cwire_poll(struct h_cwire *w, long ms, double now);
/* One IPv4 packet (from its header on), as the socket would give it. */
void h_cwire_feed(struct h_cwire *w, const uint8_t *pkt, size_t len, double now);
void h_cwire_close(struct h_cwire *w);
/* Whether the NVA announces the same prefixes to both instances. */
bool h_cwire_same_prefixes(const struct h_cwire *w);
/* The capability names of an OPEN into out ("as4 route-refresh ..."). */
void h_cwire_format_open(const struct h_cwire_open *o, char *out, size_t cap);

#endif
