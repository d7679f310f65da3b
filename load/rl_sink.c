/* rl_sink.c: what a sink holds, and churn latency as the sinks see it. */
#include "rl.h"

static void rl_churn_seen(struct rl_run *r, size_t d, bool add)
{
	if (r->sent_at == NULL || r->sent_at[d] == 0 || (r->ann[d] != 0) != add)
		return;
	if (r->waiting[d] > 0 && --r->waiting[d] == 0) {
		double lat = rl_now() - r->sent_at[d];

		rl_lat_add(&r->lat, lat);
		rl_lat_add(&r->lat_window, lat);
		r->sent_at[d] = 0;
		r->npending--;
	}
}

void rl_sink_seen(struct rl_run *r, struct rl_peer *p, uint32_t addr, unsigned len, bool add)
{
	size_t d;
	uint8_t bit;

	if (len != 24 || addr < RL_PREFIX_BASE)
		return;
	d = (addr - RL_PREFIX_BASE) >> 8;
	if (d >= r->distinct)
		return;
	bit = (uint8_t)(1u << (d & 7));
	if (add && !(p->held[d >> 3] & bit)) {
		p->held[d >> 3] |= bit;
		p->nheld++;
		rl_churn_seen(r, d, true);
	} else if (!add && (p->held[d >> 3] & bit)) {
		p->held[d >> 3] &= (uint8_t)~bit;
		p->nheld--;
		rl_churn_seen(r, d, false);
	}
}
