/* bgp_verdict.h: what the decoder concluded about a message.
 *
 * Errors are values. A verdict says what RFC 4271 section 6 and RFC 7606
 * require the receiver to do, and for a session reset the exact
 * NOTIFICATION (code, subcode, data) to send. */
#ifndef RSCERT_BGP_VERDICT_H
#define RSCERT_BGP_VERDICT_H

#include <stdint.h>
#include <stddef.h>

/* Ordered: a larger value is a stronger action; the worst one wins. */
enum bgp_action {
	BGP_ACT_OK = 0,
	BGP_ACT_ATTR_DISCARD = 1,      /* RFC 7606 2: attribute discarded */
	BGP_ACT_TREAT_AS_WITHDRAW = 2, /* RFC 7606 2: NLRI treated as withdrawn */
	BGP_ACT_AFISAFI_DISABLE = 3,   /* RFC 7606 2 / RFC 4760 7 */
	BGP_ACT_SESSION_RESET = 4,     /* RFC 4271 6: send NOTIFICATION, close */
};

#define BGP_VERDICT_MAX_DISCARDS 16
#define BGP_VERDICT_DATA_MAX 64

struct bgp_verdict {
	enum bgp_action action;  /* the strongest action required */
	/* The error behind the action (when action != OK). */
	uint8_t code;            /* NOTIFICATION code (reset) or the RFC 4271 code the error maps to */
	uint8_t subcode;
	uint8_t attr_type;       /* attribute that caused it, 0 if none */
	const char *rule;        /* stable rule ID, e.g. "RFC7606-7.1" or "RFC4271-6.3" */
	const char *reason;      /* short human text, static storage */
	/* NOTIFICATION data to send with a reset. Points into the input
	 * message or into the arena; may be longer than BGP_VERDICT_DATA_MAX. */
	const uint8_t *data;
	uint16_t data_len;
	/* Added by the codec: the address family for BGP_ACT_AFISAFI_DISABLE. */
	uint16_t afi;
	uint8_t safi;
	/* Attributes discarded under RFC 7606 (type codes, in order). */
	size_t ndiscarded;
	uint8_t discarded[BGP_VERDICT_MAX_DISCARDS];
};

const char *bgp_action_name(enum bgp_action a);
/* "Hold Timer Expired", "Cease/Maximum Number of Prefixes Reached", ... */
const char *bgp_error_name(uint8_t code);
const char *bgp_suberror_name(uint8_t code, uint8_t subcode);

#endif
