/* rl_num.h: strict numeric options (rl_num.c). */
#ifndef RSCERT_RL_NUM_H
#define RSCERT_RL_NUM_H

/* A whole decimal number in [min, max]: 0, else a message on stderr naming
 * the option k and -1. */
int rl_uint(const char *k, const char *v, unsigned long min, unsigned long max, unsigned long *out);
/* A finite number in [0, max]: 0, else a message and -1. */
int rl_num(const char *k, const char *v, double max, double *out);

#endif
