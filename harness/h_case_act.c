/* h_case_act.c: the actions of a case's script, one keyword table row each
 * (and one for each form of send). */
#include "h_case_lex.h"

#include <stdio.h>
#include <string.h>

#include "bgp_codec.h"
#include "h_wire.h"

#define H_N(t) (sizeof(t) / sizeof((t)[0]))

/* The NVA an action names and the optional instance word after it. */
static int h_act_nva(struct h_cur *k, enum h_op op)
{
	k->st->op = op;
	if (h_get_nva(k, &k->st->nva))
		return -1;
	k->st->inst = h_opt_inst(k);
	return 0;
}

static int h_act_connect(struct h_cur *k)
{
	if (h_act_nva(k, H_OP_CONNECT))
		return -1;
	k->st->raw = h_accept(k, "raw");
	return 0;
}

/* One option of an announcement; 1 when the next word is none. */
static int h_announce_opt(struct h_cur *k, struct h_step *st)
{
	unsigned long v;

	if (h_accept(k, "path")) {
		st->has_path = true;
		return h_get_path(k, st->path, sizeof(st->path));
	}
	if (h_accept(k, "origin"))
		return h_get_origin(k, &st->origin);
	if (h_accept(k, "nexthop")) {
		st->has_nh = true;
		return h_get_addr(k, &st->nh);
	}
	if (h_accept(k, "communities") || h_accept(k, "community"))
		return h_get_comms(k, &st->comm, &st->ncomm);
	if (h_accept(k, "med")) {
		st->has_med = true;
		if (h_get_uint(k, "a MED", 4294967295ul, &v))
			return -1;
		st->med = (uint32_t)v;
		return 0;
	}
	if (h_accept(k, "localpref")) {
		st->has_lp = true;
		if (h_get_uint(k, "a LOCAL_PREF", 4294967295ul, &v))
			return -1;
		st->local_pref = (uint32_t)v;
		return 0;
	}
	return 1;
}

static int h_act_route(struct h_cur *k, enum h_op op)
{
	struct h_step *st = k->st;
	int rc = 0;

	if (h_act_nva(k, op))
		return -1;
	st->origin = BGP_ORIGIN_IGP;
	st->count = 1;
	if (h_get_prefix(k, &st->pfx))
		return -1;
	while (k->i < k->end && rc == 0) {
		if (h_accept(k, "x"))
			rc = h_get_count(k, &st->count);
		else if (op == H_OP_WITHDRAW)
			break;
		else
			rc = h_announce_opt(k, st);
	}
	return rc < 0 ? -1 : 0;
}

static int h_act_announce(struct h_cur *k)
{
	return h_act_route(k, H_OP_ANNOUNCE);
}

static int h_act_withdraw(struct h_cur *k)
{
	return h_act_route(k, H_OP_WITHDRAW);
}

static int h_send_hex(struct h_cur *k)
{
	uint8_t tmp[H_TEXT];
	size_t n = 0;

	k->st->op = H_OP_SEND_HEX;
	if (k->i >= k->end)
		return h_err(k->l, "expected hex bytes after 'hex'");
	h_join(k->l, k->i, k->st->text, sizeof(k->st->text));
	k->i = k->end;
	return h_get_hex(k->l, k->st->text, tmp, sizeof(tmp), &n);
}

static int h_send_malformed(struct h_cur *k)
{
	struct h_step *st = k->st;
	const char *name;

	st->op = H_OP_SEND_MALFORMED;
	if (h_want(k, "a malformed message name", &name))
		return -1;
	if (!h_wire_malformed_find(name))
		return h_err(k->l, "unknown malformed message '%s' (docs/CASES.md lists them)",
		             name);
	snprintf(st->text, sizeof(st->text), "%s", name);
	if (k->i < k->end) {
		if (h_get_prefix(k, &st->pfx))
			return -1;
		snprintf(st->arg, sizeof(st->arg), "%s", k->l->tok[k->i - 1]);
	}
	return 0;
}

static int h_send_refresh(struct h_cur *k)
{
	k->st->op = H_OP_SEND_REFRESH;
	return 0;
}

static const struct h_kw h_kw_send[] = {
    {.name = "hex", .args = "HEX...", .parse = h_send_hex, .doc = "raw bytes"},
    {.name = "malformed",
     .args = "NAME [P]",
     .parse = h_send_malformed,
     .doc = "a named malformed message (below), carrying prefix P"},
    {.name = "refresh", .args = "", .parse = h_send_refresh, .doc = "ROUTE-REFRESH"},
};

static int h_act_send(struct h_cur *k)
{
	if (h_act_nva(k, H_OP_SEND_HEX))
		return -1;
	return h_kw_dispatch(k, h_kw_send, H_N(h_kw_send), "what to send");
}

static int h_act_silence(struct h_cur *k)
{
	return h_act_nva(k, H_OP_SILENCE);
}

static int h_act_resume(struct h_cur *k)
{
	return h_act_nva(k, H_OP_RESUME);
}

static int h_act_bfd(struct h_cur *k)
{
	return h_act_nva(k, H_OP_BFD);
}

static int h_act_disconnect(struct h_cur *k)
{
	return h_act_nva(k, H_OP_DISCONNECT);
}

static int h_act_reconnect(struct h_cur *k)
{
	return h_act_nva(k, H_OP_RECONNECT);
}

static int h_act_control(struct h_cur *k)
{
	struct h_step *st = k->st;
	const char *r;

	st->op = H_OP_CONTROL;
	st->nva = -1;
	if (h_accept(k, "refused")) {
		if (h_want(k, "the rule the refusal must name", &r))
			return -1;
		st->expect_refusal = true;
		snprintf(st->arg, sizeof(st->arg), "%s", r);
	} else if (!h_accept(k, "ok"))
		return h_err(k->l, "expected 'control ok COMMAND' or "
		                   "'control refused RULE COMMAND'");
	if (k->i >= k->end)
		return h_err(k->l, "expected a control command");
	h_join(k->l, k->i, st->text, sizeof(st->text));
	k->i = k->end;
	return 0;
}

static const struct h_kw h_kw_action[] = {
    {.name = "connect",
     .args = "NVA [raw]",
     .parse = h_act_connect,
     .doc = "TCP connection and OPEN; `raw`: TCP only, the script sends the OPEN"},
    {.name = "announce",
     .args = "NVA P [x N] [path \"65001 {65002 65003}\"] [origin igp|egp|incomplete] "
             "[nexthop A] [communities 65001:1,no-advertise] [med N] [localpref N]",
     .parse = h_act_announce,
     .doc = "announce one prefix or a range of N consecutive prefixes, packed by the codec "
            "(default path: the NVA's ASN, `path \"\"` for an empty one; next hop: its "
            "address; `community` is the same word)"},
    {.name = "withdraw", .args = "NVA P [x N]", .parse = h_act_withdraw, .doc = "withdraw"},
    {.name = "send",
     .args = "NVA hex|malformed|refresh ...",
     .parse = h_act_send,
     .doc = "a message: one of the `send` forms below"},
    {.name = "silence", .args = "NVA", .parse = h_act_silence, .doc = "stop keepalives"},
    {.name = "resume", .args = "NVA", .parse = h_act_resume, .doc = "restart keepalives"},
    {.name = "disconnect", .args = "NVA", .parse = h_act_disconnect, .doc = "close"},
    {.name = "bfd",
     .args = "NVA",
     .parse = h_act_bfd,
     .doc = "a BFD control packet (state Down) to UDP port 3784 of each instance (RFC 5880, "
            "5881; ARS-NO-BFD)"},
    {.name = "reconnect",
     .args = "NVA",
     .parse = h_act_reconnect,
     .doc = "close and connect again"},
    {.name = "control",
     .args = "ok|refused RULE COMMAND...",
     .parse = h_act_control,
     .doc = "a control-socket request that must succeed (`ok`) or be refused naming RULE "
            "(`{NVA}` is replaced by its session address)"},
};

const struct h_kw *h_case_find_action(struct h_cur *k)
{
	return h_kw_find(k, h_kw_action, H_N(h_kw_action));
}

void h_case_action_names(char *out, size_t cap)
{
	h_kw_names(h_kw_action, H_N(h_kw_action), out, cap);
}

const struct h_kw_table h_kw_actions[] = {
    {.section = "### Actions", .prefix = "", .rows = h_kw_action, .n = H_N(h_kw_action)},
    {.section = "### Sending", .prefix = "send NVA ", .rows = h_kw_send, .n = H_N(h_kw_send)},
};
const size_t h_kw_nactions = H_N(h_kw_actions);
