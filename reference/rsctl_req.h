/* rsctl_req.h: CLI words to a control request, and JSON pretty-printing. */
#ifndef RSCERT_RSCTL_REQ_H
#define RSCERT_RSCTL_REQ_H

#include <stddef.h>
#include <stdio.h>

/* argv[0] is the command. 0, or -1 on a usage error (said on stderr, naming
 * the option or word). */
int rsctl_build_request(int argc, char **argv, char *out, size_t cap);
void rsctl_pretty(FILE *f, const char *json);

#endif
