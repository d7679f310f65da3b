/* bgp_msg.h: the decoded form of every BGP message and path attribute.
 *
 * Decoded messages point into two places: the arena they were decoded with
 * (arrays) and the input buffer (raw bytes of capabilities, unknown
 * attributes, NOTIFICATION data). Both must outlive the message. */
#ifndef RSCERT_BGP_MSG_H
#define RSCERT_BGP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BGP_HEADER_LEN 19
#define BGP_MARKER_LEN 16
#define BGP_MAX_LEN 4096
#define BGP_EXT_MAX_LEN 65535
#define BGP_VERSION 4
#define BGP_AS_TRANS 23456

enum bgp_type {
	BGP_OPEN = 1,
	BGP_UPDATE = 2,
	BGP_NOTIFICATION = 3,
	BGP_KEEPALIVE = 4,
	BGP_ROUTE_REFRESH = 5,
};

enum bgp_afi { BGP_AFI_IPV4 = 1, BGP_AFI_IPV6 = 2 };
enum bgp_safi { BGP_SAFI_UNICAST = 1 };

/* ---- session context: what was negotiated, passed to every call ---- */
struct bgp_ctx {
	bool as4;          /* 4-octet AS numbers negotiated (RFC 6793) */
	bool ext_msg;      /* extended messages negotiated (RFC 8654) */
	bool addpath_v4;   /* receiving add-path for IPv4 unicast (RFC 7911) */
	bool addpath_v6;   /* receiving add-path for IPv6 unicast */
	bool ibgp;         /* peer is in our AS */
	uint32_t local_as; /* used for OPEN checks; 0 = not checked */
	uint32_t peer_as;  /* expected peer AS; 0 = not checked */
	/* Added by the codec: */
	bool enforce_first_as; /* eBGP: leftmost AS must be peer_as (RFC 4271 6.3 MAY) */
	bool rfc4271_only;     /* no RFC 7606: every UPDATE error resets the session */
};

/* ---- prefixes ---- */
struct bgp_prefix {
	uint16_t afi;      /* BGP_AFI_IPV4 or BGP_AFI_IPV6 */
	uint8_t len;       /* prefix length in bits */
	uint32_t path_id;  /* add-path identifier, 0 when not used */
	uint8_t addr[16];  /* network order; bytes past len are zero */
};

/* ---- OPEN ---- */
enum bgp_cap_code {
	BGP_CAP_MP = 1,
	BGP_CAP_ROUTE_REFRESH = 2,
	BGP_CAP_EXT_MSG = 6,
	BGP_CAP_GRACEFUL_RESTART = 64,
	BGP_CAP_AS4 = 65,
	BGP_CAP_ADD_PATH = 69,
	BGP_CAP_ENHANCED_RR = 70,
};

struct bgp_capability {
	uint8_t code;
	uint8_t len;
	const uint8_t *data; /* len bytes, kept for unknown capabilities */
};

/* A non-capability optional parameter, kept as it came. */
struct bgp_opt_param {
	uint8_t type;
	uint16_t len;
	const uint8_t *data;
};

struct bgp_afi_safi {
	uint16_t afi;
	uint8_t safi;
	uint8_t flags; /* graceful restart: forwarding bit; add-path: 1 rx, 2 tx, 3 both */
};

#define BGP_MAX_AFS 8

struct bgp_open {
	uint8_t version;
	uint16_t my_as;
	uint16_t hold_time;
	uint32_t bgp_id;     /* host order */
	bool ext_params;     /* RFC 9072 extended optional parameters form */
	size_t ncaps;
	struct bgp_capability *caps; /* every capability, in order */
	size_t nparams;
	struct bgp_opt_param *params; /* optional parameters other than capabilities */
	/* digest of the capabilities */
	bool has_as4;
	uint32_t as4;
	bool route_refresh;
	bool enhanced_rr;
	bool ext_msg;
	size_t nmp;
	struct bgp_afi_safi mp[BGP_MAX_AFS];
	bool has_gr;
	uint16_t gr_flags_time; /* restart flags (4 bits) and time (12 bits) */
	size_t ngr;
	struct bgp_afi_safi gr[BGP_MAX_AFS];
	size_t naddpath;
	struct bgp_afi_safi addpath[BGP_MAX_AFS];
};

/* ---- path attributes ---- */
enum bgp_attr_flag {
	BGP_AF_OPTIONAL = 0x80,
	BGP_AF_TRANSITIVE = 0x40,
	BGP_AF_PARTIAL = 0x20,
	BGP_AF_EXTENDED = 0x10,
};

enum bgp_attr_type {
	BGP_ATTR_ORIGIN = 1,
	BGP_ATTR_AS_PATH = 2,
	BGP_ATTR_NEXT_HOP = 3,
	BGP_ATTR_MED = 4,
	BGP_ATTR_LOCAL_PREF = 5,
	BGP_ATTR_ATOMIC_AGGREGATE = 6,
	BGP_ATTR_AGGREGATOR = 7,
	BGP_ATTR_COMMUNITIES = 8,
	BGP_ATTR_ORIGINATOR_ID = 9,
	BGP_ATTR_CLUSTER_LIST = 10,
	BGP_ATTR_MP_REACH = 14,
	BGP_ATTR_MP_UNREACH = 15,
	BGP_ATTR_EXT_COMMUNITIES = 16,
	BGP_ATTR_AS4_PATH = 17,
	BGP_ATTR_AS4_AGGREGATOR = 18,
	BGP_ATTR_LARGE_COMMUNITY = 32,
};

enum bgp_origin { BGP_ORIGIN_IGP = 0, BGP_ORIGIN_EGP = 1, BGP_ORIGIN_INCOMPLETE = 2 };

enum bgp_seg_type {
	BGP_SEG_SET = 1,
	BGP_SEG_SEQUENCE = 2,
	BGP_SEG_CONFED_SEQUENCE = 3,
	BGP_SEG_CONFED_SET = 4,
};

struct bgp_as_segment {
	uint8_t type;
	uint8_t count;
	uint32_t *asns;
};

struct bgp_as_path {
	size_t nseg;
	struct bgp_as_segment *segs;
};

struct bgp_aggregator {
	uint32_t as;
	uint32_t addr; /* host order */
};

struct bgp_large_community {
	uint32_t global;
	uint32_t local1;
	uint32_t local2;
};

/* An attribute the codec does not know, kept byte for byte. */
struct bgp_raw_attr {
	uint8_t flags;
	uint8_t type;
	uint16_t len;
	const uint8_t *data;
};

struct bgp_mp_reach {
	uint16_t afi;
	uint8_t safi;
	uint8_t nh_len;          /* 4, 16 or 32 */
	uint8_t nh[32];          /* global (+ link-local) next hop */
	size_t nprefix;
	struct bgp_prefix *prefixes;
};

struct bgp_mp_unreach {
	uint16_t afi;
	uint8_t safi;
	size_t nprefix;
	struct bgp_prefix *prefixes;
};

#define BGP_COMMUNITY(as, val) (((uint32_t)(as) << 16) | (uint16_t)(val))
#define BGP_COMM_NO_EXPORT 0xFFFFFF01u
#define BGP_COMM_NO_ADVERTISE 0xFFFFFF02u
#define BGP_COMM_NO_EXPORT_SUBCONFED 0xFFFFFF03u

struct bgp_attrs {
	uint64_t present[4];   /* bit per attribute type code seen and kept */
	uint8_t flags[256];    /* flags as received (or to send) per type */
	uint8_t origin;
	struct bgp_as_path as_path;
	struct bgp_as_path as4_path;
	uint32_t next_hop;     /* host order */
	uint32_t med;
	uint32_t local_pref;
	struct bgp_aggregator aggregator;
	struct bgp_aggregator as4_aggregator;
	size_t ncommunities;
	uint32_t *communities;
	uint32_t originator_id;
	size_t ncluster;
	uint32_t *cluster_list;
	size_t next_communities;
	uint8_t (*ext_communities)[8];
	size_t nlarge;
	struct bgp_large_community *large;
	struct bgp_mp_reach mp_reach;
	struct bgp_mp_unreach mp_unreach;
	size_t nunknown;
	struct bgp_raw_attr *unknown;
};

/* ---- UPDATE, NOTIFICATION, ROUTE-REFRESH ---- */
struct bgp_update {
	size_t nwithdrawn;
	struct bgp_prefix *withdrawn;
	struct bgp_attrs attrs;
	size_t nnlri;
	struct bgp_prefix *nlri;
};

enum bgp_err_code {
	BGP_ERR_HEADER = 1,
	BGP_ERR_OPEN = 2,
	BGP_ERR_UPDATE = 3,
	BGP_ERR_HOLD = 4,
	BGP_ERR_FSM = 5,
	BGP_ERR_CEASE = 6,
	BGP_ERR_ROUTE_REFRESH = 7,
};

enum bgp_header_sub { BGP_HDR_NOT_SYNC = 1, BGP_HDR_BAD_LENGTH = 2, BGP_HDR_BAD_TYPE = 3 };
enum bgp_open_sub {
	BGP_OPEN_UNSUP_VERSION = 1,
	BGP_OPEN_BAD_PEER_AS = 2,
	BGP_OPEN_BAD_BGP_ID = 3,
	BGP_OPEN_UNSUP_PARAM = 4,
	BGP_OPEN_UNACCEPTABLE_HOLD = 6,
	BGP_OPEN_UNSUP_CAPABILITY = 7,
};
enum bgp_update_sub {
	BGP_UPD_MALFORMED_ATTR_LIST = 1,
	BGP_UPD_UNRECOGNIZED_WELLKNOWN = 2,
	BGP_UPD_MISSING_WELLKNOWN = 3,
	BGP_UPD_ATTR_FLAGS = 4,
	BGP_UPD_ATTR_LENGTH = 5,
	BGP_UPD_INVALID_ORIGIN = 6,
	BGP_UPD_INVALID_NEXT_HOP = 8,
	BGP_UPD_OPTIONAL_ATTR = 9,
	BGP_UPD_INVALID_NETWORK = 10,
	BGP_UPD_MALFORMED_AS_PATH = 11,
};
enum bgp_cease_sub {
	BGP_CEASE_MAX_PREFIXES = 1,
	BGP_CEASE_ADMIN_SHUTDOWN = 2,
	BGP_CEASE_PEER_DECONFIGURED = 3,
	BGP_CEASE_ADMIN_RESET = 4,
	BGP_CEASE_CONNECTION_REJECTED = 5,
	BGP_CEASE_OTHER_CONFIG_CHANGE = 6,
	BGP_CEASE_COLLISION = 7,
	BGP_CEASE_OUT_OF_RESOURCES = 8,
};

struct bgp_notification {
	uint8_t code;
	uint8_t subcode;
	uint16_t len;            /* data length */
	const uint8_t *data;
	/* RFC 8203/9003 shutdown communication, for Cease 2 and 4 */
	bool has_shutdown_text;
	uint8_t shutdown_len;
	const char *shutdown_text; /* not NUL-terminated: shutdown_len bytes */
};

enum bgp_rr_subtype { BGP_RR_NORMAL = 0, BGP_RR_BORR = 1, BGP_RR_EORR = 2 };

struct bgp_route_refresh {
	uint16_t afi;
	uint8_t subtype; /* RFC 7313; 0 for plain route refresh */
	uint8_t safi;
};

struct bgp_msg {
	uint8_t type;
	uint16_t len; /* whole message, header included */
	union {
		struct bgp_open open;
		struct bgp_update update;
		struct bgp_notification notification;
		struct bgp_route_refresh route_refresh;
	} u;
};

/* Attribute presence helpers. */
static inline bool bgp_attr_has(const struct bgp_attrs *a, uint8_t type)
{
	return (a->present[type >> 6] >> (type & 63)) & 1u;
}

static inline void bgp_attr_set(struct bgp_attrs *a, uint8_t type)
{
	a->present[type >> 6] |= (uint64_t)1 << (type & 63);
}

static inline void bgp_attr_clear(struct bgp_attrs *a, uint8_t type)
{
	a->present[type >> 6] &= ~((uint64_t)1 << (type & 63));
}

#endif
