/* ev_pcap.h: write BGP sessions into a pcap file as synthetic TCP streams.
 *
 * Each session is a flow: Ethernet + IPv4 + TCP framing is made up around the
 * BGP bytes so that tshark and Wireshark see a TCP connection on port 179
 * (three-way handshake, data segments of at most EV_PCAP_MSS bytes, ACKs,
 * FIN exchange). Many flows can share one file. Not thread-safe. */
#ifndef RSCERT_EV_PCAP_H
#define RSCERT_EV_PCAP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define EV_PCAP_MSS 1460
#define EV_BGP_PORT 179

struct ev_pcap;

/* One TCP connection. Addresses are IPv4 in host order. Index 0 of the
 * per-direction arrays is the client (the side that sent the SYN). */
struct ev_flow {
	uint32_t addr[2];
	uint16_t port[2];
	uint32_t seq[2]; /* next sequence number each side sends */
	uint16_t ip_id[2];
	int state; /* EV_FLOW_NEW, _OPEN or _CLOSED */
};

enum ev_flow_state { EV_FLOW_NEW = 0, EV_FLOW_OPEN = 1, EV_FLOW_CLOSED = 2 };

/* Create (truncate) path and write the pcap file header (LINKTYPE_ETHERNET).
 * Returns NULL with a message in err on failure. */
struct ev_pcap *ev_pcap_open(const char *path, char *err, size_t errcap);

/* Set up a flow. The initial sequence numbers are derived from the
 * addresses and ports, so the same session gives the same file.
 *
 * The file always shows the server side on port 179 (EV_BGP_PORT), whatever
 * server_port is: the route server under test may listen on another port
 * (the embedded reference uses an unprivileged one), but the evidence is
 * meant to be read by tshark and Wireshark, which recognise BGP by its port.
 * f->port[1] keeps server_port. */
void ev_flow_init(struct ev_flow *f, uint32_t client_addr, uint16_t client_port,
                  uint32_t server_addr, uint16_t server_port);

/* Write the SYN, SYN-ACK, ACK handshake. 0, or -1 when the flow is not new. */
int ev_pcap_open_flow(struct ev_pcap *p, struct ev_flow *f, const struct timespec *ts);

/* Write len bytes sent by one side (from_server: 1 for the server) as data
 * segments, followed by the other side's ACK. The flow is opened first if it
 * is still new. 0, or -1 when the flow is closed or the file cannot be written. */
int ev_pcap_data(struct ev_pcap *p, struct ev_flow *f, int from_server, const struct timespec *ts,
                 const uint8_t *data, size_t len);

/* Write the FIN exchange started by one side. 0, or -1 when the flow is
 * not open. */
int ev_pcap_close_flow(struct ev_pcap *p, struct ev_flow *f, int from_server,
                       const struct timespec *ts);

/* Frames written so far. */
uint64_t ev_pcap_frames(const struct ev_pcap *p);

/* Flush and close the file and free p. 0, or -1 when a write failed at any
 * point (the file is then incomplete). p may be NULL. */
int ev_pcap_close(struct ev_pcap *p);

#endif
