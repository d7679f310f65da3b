/* bgp_verdict.c: building verdicts; the strongest action wins. */
#include "bgp_int.h"

void bgp_verdict_init(struct bgp_verdict *v)
{
	memset(v, 0, sizeof(*v));
}

void bgp_verdict_raise(struct bgp_verdict *v, enum bgp_action act, uint8_t code, uint8_t sub,
                       uint8_t attr_type, const char *rule, const char *reason, const uint8_t *data,
                       size_t data_len)
{
	if (act <= v->action && !(act == BGP_ACT_OK && v->rule == NULL))
		return;
	v->action = act;
	v->code = code;
	v->subcode = sub;
	v->attr_type = attr_type;
	v->rule = rule;
	v->reason = reason;
	v->data = data_len > 0 ? data : NULL;
	v->data_len = (uint16_t)(data_len > UINT16_MAX ? UINT16_MAX : data_len);
}

void bgp_verdict_note_discard(struct bgp_verdict *v, uint8_t attr_type)
{
	if (v->ndiscarded < BGP_VERDICT_MAX_DISCARDS)
		v->discarded[v->ndiscarded++] = attr_type;
}
