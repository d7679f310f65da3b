/* rl_main.c: rscert-load, the route server load driver.
 * Exit status: 0 every phase converged, 1 one did not (or a session was
 * lost), 2 usage. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "rl.h"

static int rl_run_phases(struct rl_run *r)
{
	if (rl_phase_establish(r) < 0)
		return -1;
	if (rl_phase_bulk(r, "announce", false) < 0)
		return -1;
	if (r->o.cycle &&
	    (rl_phase_bulk(r, "withdraw", true) < 0 || rl_phase_bulk(r, "re-announce", false) < 0))
		return -1;
	if (r->o.churn_rate > 0 && r->o.churn_time > 0 && rl_phase_churn(r) < 0)
		return -1;
	return 0;
}

static void rl_run_free(struct rl_run *r)
{
	rl_net_close(r);
	rl_feed_free(r);
	free(r->p);
	free(r->ann);
	free(r->sent_at);
	free(r->waiting);
	free(r->lat.v);
	free(r->lat_window.v);
	free(r->arena_mem);
	if (r->csv != NULL)
		fclose(r->csv);
}

int main(int argc, char **argv)
{
	static struct rl_run run;
	struct rl_run *r = &run;
	double t, cpu;
	int rc;

	rc = rl_opts_parse(argc, argv, &r->o);
	if (rc)
		return rc > 0 ? 0 : 2;
	signal(SIGPIPE, SIG_IGN);
	r->np = r->o.peers + r->o.sinks;
	r->distinct = r->o.overlap ? r->o.prefixes : (size_t)r->o.prefixes * r->o.peers;
	r->want = r->distinct;
	r->rng = 0x9E3779B97F4A7C15ull;
	r->p = calloc(r->np, sizeof(*r->p));
	r->arena_mem = malloc(BGP_ARENA_SIZE);
	if (r->p == NULL || r->arena_mem == NULL)
		goto fail;
	bgp_arena_init(&r->arena, r->arena_mem, BGP_ARENA_SIZE);
	if (r->o.csv != NULL) {
		r->csv = fopen(r->o.csv, "w");
		if (r->csv == NULL)
			goto fail;
		fprintf(r->csv, "seconds,rss_kb,flaps,pending,seen,p50_ms,p99_ms,max_ms\n");
	}
	t = rl_now();
	cpu = rl_cpu_now();
	if (rl_feed_encode(r) < 0) {
		fprintf(stderr, "rscert-load: encoding the feed failed\n");
		goto fail;
	}
	r->encode_s = rl_now() - t;
	r->encode_cpu_s = rl_cpu_now() - cpu;
	r->t_start = rl_now();
	if (rl_net_start(r) < 0)
		goto fail;
	rc = rl_run_phases(r);
	rl_report(r, stdout);
	if (r->o.json != NULL && rl_report_json(r, r->o.json) < 0)
		fprintf(stderr, "rscert-load: cannot write %s\n", r->o.json);
	rl_run_free(r);
	return rc < 0 ? 1 : 0;
fail:
	rl_run_free(r);
	return 1;
}
