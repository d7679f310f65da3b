/* rsd_fsm.h: the pure parts of the RFC 4271 session FSM: states, hold time
 * negotiation, connection collision resolution and timer scaling. No I/O,
 * so they can be tested in isolation. */
#ifndef RSCERT_RSD_FSM_H
#define RSCERT_RSD_FSM_H

#include <stdbool.h>
#include <stdint.h>

enum rsd_state {
	RSD_IDLE = 0,
	RSD_CONNECT,
	RSD_ACTIVE,
	RSD_OPENSENT,
	RSD_OPENCONFIRM,
	RSD_ESTABLISHED,
};

const char *rsd_state_name(enum rsd_state s);

/* RFC 4271 4.2 / ARS-TIMERS: the negotiated hold time is the smaller of the
 * two; 0 disables hold and keepalive; 1 and 2 are unacceptable. Keepalive is
 * a third of the hold time. Returns 0, or -1 when the peer's hold time is
 * unacceptable (NOTIFICATION 2/6). */
int rsd_hold_negotiate(unsigned ours, unsigned theirs, unsigned *hold, unsigned *keepalive);

/* RFC 4271 6.8: on a collision, the connection initiated by the speaker
 * with the higher BGP identifier survives. Returns true when the connection
 * the peer opened (inbound for us) is the one to keep. IDs in host order. */
bool rsd_collision_keep_inbound(uint32_t local_id, uint32_t remote_id);

/* Real milliseconds of a nominal duration in seconds at a time scale; at
 * least 1 ms for a non-zero duration. */
uint64_t rsd_scaled_ms(double seconds, double scale);

#endif
