/* bgp_names.c: names of actions, error codes and subcodes (RFC 4271 4.5,
 * RFC 4486, RFC 6608, RFC 7313, RFC 8538). */
#include "bgp_int.h"

const char *bgp_action_name(enum bgp_action a)
{
	switch (a) {
	case BGP_ACT_OK:
		return "ok";
	case BGP_ACT_ATTR_DISCARD:
		return "attribute-discard";
	case BGP_ACT_TREAT_AS_WITHDRAW:
		return "treat-as-withdraw";
	case BGP_ACT_AFISAFI_DISABLE:
		return "afi-safi-disable";
	case BGP_ACT_SESSION_RESET:
		return "session-reset";
	}
	return "unknown";
}

const char *bgp_error_name(uint8_t code)
{
	static const char *const names[] = {
	    [BGP_ERR_HEADER] = "Message Header Error",
	    [BGP_ERR_OPEN] = "OPEN Message Error",
	    [BGP_ERR_UPDATE] = "UPDATE Message Error",
	    [BGP_ERR_HOLD] = "Hold Timer Expired",
	    [BGP_ERR_FSM] = "Finite State Machine Error",
	    [BGP_ERR_CEASE] = "Cease",
	    [BGP_ERR_ROUTE_REFRESH] = "ROUTE-REFRESH Message Error",
	};

	if (code < sizeof(names) / sizeof(names[0]) && names[code] != NULL)
		return names[code];
	return "Unknown Error";
}

static const char *bgp_header_subname(uint8_t sub)
{
	static const char *const names[] = {
	    [1] = "Connection Not Synchronized",
	    [2] = "Bad Message Length",
	    [3] = "Bad Message Type",
	};

	return sub < 4 ? names[sub] : NULL;
}

static const char *bgp_open_subname(uint8_t sub)
{
	static const char *const names[] = {
	    [1] = "Unsupported Version Number", [2] = "Bad Peer AS",
	    [3] = "Bad BGP Identifier",         [4] = "Unsupported Optional Parameter",
	    [5] = "Authentication Failure",     [6] = "Unacceptable Hold Time",
	    [7] = "Unsupported Capability",     [11] = "Role Mismatch",
	};

	return sub < 12 ? names[sub] : NULL;
}

static const char *bgp_update_subname(uint8_t sub)
{
	static const char *const names[] = {
	    [1] = "Malformed Attribute List",
	    [2] = "Unrecognized Well-known Attribute",
	    [3] = "Missing Well-known Attribute",
	    [4] = "Attribute Flags Error",
	    [5] = "Attribute Length Error",
	    [6] = "Invalid ORIGIN Attribute",
	    [7] = "AS Routing Loop",
	    [8] = "Invalid NEXT_HOP Attribute",
	    [9] = "Optional Attribute Error",
	    [10] = "Invalid Network Field",
	    [11] = "Malformed AS_PATH",
	};

	return sub < 12 ? names[sub] : NULL;
}

static const char *bgp_fsm_subname(uint8_t sub)
{
	static const char *const names[] = {
	    [1] = "Receive Unexpected Message in OpenSent State",
	    [2] = "Receive Unexpected Message in OpenConfirm State",
	    [3] = "Receive Unexpected Message in Established State",
	};

	return sub < 4 ? names[sub] : NULL;
}

static const char *bgp_cease_subname(uint8_t sub)
{
	static const char *const names[] = {
	    [1] = "Maximum Number of Prefixes Reached",
	    [2] = "Administrative Shutdown",
	    [3] = "Peer De-configured",
	    [4] = "Administrative Reset",
	    [5] = "Connection Rejected",
	    [6] = "Other Configuration Change",
	    [7] = "Connection Collision Resolution",
	    [8] = "Out of Resources",
	    [9] = "Hard Reset",
	    [10] = "BFD Down",
	};

	return sub < 11 ? names[sub] : NULL;
}

const char *bgp_suberror_name(uint8_t code, uint8_t subcode)
{
	const char *n = NULL;

	if (subcode == 0)
		return "Unspecific";
	switch (code) {
	case BGP_ERR_HEADER:
		n = bgp_header_subname(subcode);
		break;
	case BGP_ERR_OPEN:
		n = bgp_open_subname(subcode);
		break;
	case BGP_ERR_UPDATE:
		n = bgp_update_subname(subcode);
		break;
	case BGP_ERR_FSM:
		n = bgp_fsm_subname(subcode);
		break;
	case BGP_ERR_CEASE:
		n = bgp_cease_subname(subcode);
		break;
	case BGP_ERR_ROUTE_REFRESH:
		n = subcode == 1 ? "Invalid Message Length" : NULL;
		break;
	default:
		break;
	}
	return n != NULL ? n : "Unknown Subcode";
}
