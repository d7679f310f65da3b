/* h_exec.h: run one parsed case against a started server and judge it. */
#ifndef RSCERT_H_EXEC_H
#define RSCERT_H_EXEC_H

#include "h_case.h"
#include "h_result.h"
#include "h_server.h"
#include "h_target.h"

struct h_exec_opts {
	double scale;                  /* the server's time scale */
	unsigned server_hold;          /* nominal hold the server offers (180) */
	const struct h_target *target; /* NULL for the reference */
	const char *case_dir;          /* absolute directory for the evidence */
	const char *case_rel;          /* the same, relative to the output directory */
};

/* Fill r (id/level/title/requirement/file must already be set). Never fails:
 * harness problems become ERROR. */
void h_exec_case(const struct h_case *c, const struct h_server *srv, const struct h_exec_opts *o,
                 struct h_case_result *r);

/* A case whose configuration the reference must refuse (server refused):
 * start the daemon on srv->conf and judge its error into r. */
void h_config_refused(const struct h_case *c, struct h_server *srv, const char *rsd,
                      struct h_case_result *r);

#endif
