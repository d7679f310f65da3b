/* fz_7606: an RFC 7606 oracle.
 *
 * A valid UPDATE is built around one target attribute; the input chooses
 * the attribute, one targeted mutation and its parameters; the decoder's
 * verdict class must be the one the RFC prescribes for that attribute.
 * Input: context byte (only FZ_CTX_AS4 and FZ_CTX_IBGP are used), attribute
 * index, mutation, two parameter bytes. A session reset where
 * treat-as-withdraw is due is the worst finding this target looks for. */
#include "fz_7606_gen.h"
#include "fz_common.h"

#include <stdio.h>
#include <string.h>

static bool fz_discarded(const struct bgp_verdict *v, uint8_t type)
{
	for (size_t i = 0; i < v->ndiscarded; i++)
		if (v->discarded[i] == type)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t msg[BGP_MAX_LEN];
	static const struct fz_env env = FZ_ENV_DEFAULT;
	uint8_t sel[4];
	struct fz_in in = {data, size};
	struct bgp_ctx ctx;
	struct fz_case c;
	struct fz_expect e;
	struct bgp_msg m;
	struct bgp_verdict v;
	enum bgp_action act;
	uint8_t t;
	size_t len;
	bool has;

	if (size < 3)
		return 0;
	fz_ctx_from_byte(fz_in_u8(&in) & (FZ_CTX_AS4 | FZ_CTX_IBGP), &ctx);
	for (size_t i = 0; i < 4; i++)
		sel[i] = fz_in_u8(&in);
	fz_make_case(&c, &ctx, &env, sel);
	t = c.rule->type;
	len = fz_build(&c, &ctx, &env, msg, sizeof(msg));
	if (len == 0)
		return 0;
	e = fz_expected(&c, &ctx);
	memset(&m, 0, sizeof(m));
	memset(&v, 0, sizeof(v));
	act = bgp_decode(msg, len, &ctx, fz_arena(0), &m, &v);
	fz_check_verdict(&v);
	has = act != BGP_ACT_SESSION_RESET && bgp_attr_has(&m.u.update.attrs, t);
	if (act == BGP_ACT_OK && e.ok_if_absent && !has)
		return 0;
	FZ_CHECK(!(act == BGP_ACT_SESSION_RESET && (e.mask & FZ_A(BGP_ACT_TREAT_AS_WITHDRAW))),
	         "SESSION RESET where treat-as-withdraw is due: attribute %u, %s, %s session, "
	         "%s (%s; decoder: %s %s)",
	         t, fz_kind_name(c.kind), ctx.ibgp ? "iBGP" : "eBGP", e.why,
	         ctx.as4 ? "as4" : "2-octet", v.rule ? v.rule : "-", v.reason ? v.reason : "-");
	FZ_CHECK(e.mask & FZ_A(act),
	         "attribute %u, %s, %s %s session: got %s, expected %s%s (decoder: %s %s)", t,
	         fz_kind_name(c.kind), ctx.ibgp ? "iBGP" : "eBGP", ctx.as4 ? "as4" : "2-octet",
	         bgp_action_name(act), e.why,
	         e.mask & FZ_A(BGP_ACT_TREAT_AS_WITHDRAW) ? " [treat-as-withdraw]"
	         : e.mask & FZ_A(BGP_ACT_ATTR_DISCARD)    ? " [attribute discard]"
	         : e.mask & FZ_A(BGP_ACT_OK)              ? " [ok]"
	                                                  : " [reset class]",
	         v.rule ? v.rule : "-", v.reason ? v.reason : "-");
	if (act == BGP_ACT_ATTR_DISCARD && c.kind != FZ_DUPLICATE && e.mask == FZ_A(act)) {
		FZ_CHECK(!has, "attribute %u discarded but still present", t);
		FZ_CHECK(fz_discarded(&v, t), "attribute %u discarded but not listed", t);
	}
	if (act == BGP_ACT_TREAT_AS_WITHDRAW && t != BGP_ATTR_MP_REACH && t != BGP_ATTR_MP_UNREACH)
		FZ_CHECK(m.u.update.nnlri == 1, "treat-as-withdraw lost the NLRI (%zu listed)",
		         m.u.update.nnlri);
	if (act == BGP_ACT_OK && c.kind == FZ_VALID && !e.ok_if_absent)
		FZ_CHECK(has || (c.rule->as4_only_2oct && ctx.as4), "valid attribute %u dropped",
		         t);
	return 0;
}
