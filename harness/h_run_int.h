/* h_run_int.h: inside the runner (h_run.c schedules, h_run_child.c runs one
 * case in a child process and hands its result back through a pipe). */
#ifndef RSCERT_H_RUN_INT_H
#define RSCERT_H_RUN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "h_run.h"

struct h_item {
	const struct h_case *c;
	unsigned attempt;
	size_t slot;
	unsigned block; /* 127.block.0.0/15 belongs to this run */
	/* while running */
	pid_t pid;
	int fd;
	double deadline, started;
	char *buf;
	size_t n, cap;
	bool done;
};

double h_run_now(void);
/* The result's identity fields from the case, the rest zero. */
void h_result_header(const struct h_case *c, unsigned attempt, struct h_case_result *r);
/* Fork the case's child (its own process group), reading end in it->fd. */
int h_start_item(const struct h_run_opts *o, struct h_item *it);
/* Decode what the child wrote; -1 when it is incomplete. */
int h_decode_child(struct h_item *it, struct h_case_result *r);

#endif
