/* h_exec_int.h: the inside of the case executor, shared by the step loop
 * (h_exec.c), the wire checks (h_exec_wire.c) and the server-state checks
 * (h_exec_server.c). */
#ifndef RSCERT_H_EXEC_INT_H
#define RSCERT_H_EXEC_INT_H

#include <stddef.h>

#include "h_case.h"
#include "h_exec.h"
#include "h_nva.h"

/* What a session had seen when the last action ran: checks look at what
 * came after. */
struct h_mark {
	size_t nrx;
	unsigned est, drops;
};

struct h_ex {
	const struct h_case *c;
	const struct h_server *srv;
	const struct h_exec_opts *o;
	struct h_world *w;
	struct h_mark (*mark)[2]; /* per NVA, per instance */
	struct h_case_result *r;
	char notes[512];
	unsigned skipped_state;
	size_t nlat, caplat;
	double *lat;
	struct h_bfd *bfd;            /* per NVA, once `bfd NVA` ran (h_exec_sock.c) */
	const struct h_alt *kern_alt; /* the kernel counter being waited on, */
	unsigned long long kern_base; /* and its value when the wait began */
};

/* The instances an expectation or action of NVA nva applies to (a mask).
 * Here, not in h_exec.c, so that the checks need nothing from the step loop
 * that calls them. */
static inline unsigned h_inst_of(const struct h_ex *x, int nva, unsigned inst)
{
	return inst ? inst : x->c->nvas[nva].peers;
}

/* Keep the NVAs running while the control socket is busy (an h_ctl_idle
 * callback with the executor as its argument). */
static inline void h_ex_idle(void *arg)
{
	struct h_ex *x = arg;

	h_world_step(x->w, h_world_now(x->w));
}

/* Evaluate one alternative now: satisfied (1), pending (0), violated (-1);
 * obs says what was seen. */
int h_check_wire(struct h_ex *x, const struct h_step *st, const struct h_alt *a, char *obs,
                 size_t cap);
/* The attribute checks of a route expectation on the UPDATE r that last
 * announced it (h_exec_attr.c): 1 when they hold, else 0 with obs set. */
int h_route_attrs_match(const struct h_alt *a, const struct h_rx *r, const char *ps, char *obs,
                        size_t cap);
/* h_exec_sock.c: below BGP. A kernel counter that must rise; BFD packets
 * and what came back (the TCP MD5 key is in h_sock.h). */
int h_check_kernel(struct h_ex *x, const struct h_alt *a, char *obs, size_t cap);
int h_bfd_send(struct h_ex *x, size_t nva, unsigned inst, char *err, size_t cap);
int h_check_no_bfd(struct h_ex *x, size_t nva, char *obs, size_t cap);
void h_bfd_free(struct h_ex *x);
int h_check_server(struct h_ex *x, const struct h_alt *a, char *obs, size_t cap);

#endif
