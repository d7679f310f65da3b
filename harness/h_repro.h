/* h_repro.h: rscert repro ID --from OUT --to DIR, a standalone directory
 * that re-runs one case of a finished run (h_repro.c, docs/REPORTS.md). */
#ifndef RSCERT_H_REPRO_H
#define RSCERT_H_REPRO_H

/* The whole subcommand (argv[1] is "repro"); returns the exit status:
 * 0 written, 2 usage or a file that cannot be read or written. */
int h_repro_main(int argc, char **argv);

#endif
