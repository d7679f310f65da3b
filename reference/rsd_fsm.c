/* rsd_fsm.c: pure FSM helpers. */
#include "rsd_fsm.h"

const char *rsd_state_name(enum rsd_state s)
{
	switch (s) {
	case RSD_IDLE:
		return "Idle";
	case RSD_CONNECT:
		return "Connect";
	case RSD_ACTIVE:
		return "Active";
	case RSD_OPENSENT:
		return "OpenSent";
	case RSD_OPENCONFIRM:
		return "OpenConfirm";
	case RSD_ESTABLISHED:
		return "Established";
	}
	return "Unknown";
}

int rsd_hold_negotiate(unsigned ours, unsigned theirs, unsigned *hold, unsigned *keepalive)
{
	if (theirs == 1 || theirs == 2)
		return -1;
	unsigned h = ours < theirs ? ours : theirs;
	*hold = h;
	*keepalive = h / 3;
	return 0;
}

bool rsd_collision_keep_inbound(uint32_t local_id, uint32_t remote_id)
{
	return local_id < remote_id;
}

uint64_t rsd_scaled_ms(double seconds, double scale)
{
	if (seconds <= 0)
		return 0;
	if (scale <= 0)
		scale = 1;
	double ms = seconds * scale * 1000.0;
	if (ms < 1)
		return 1;
	if (ms > 1e12)
		ms = 1e12;
	return (uint64_t)ms;
}
