/* ev_wirelog.h: the readable wire log of a case, one line per message.
 *
 *     0.012  nva1 -> IN_0   OPEN len=... as=65001 ...
 *     0.013  nva1 <- IN_0   KEEPALIVE len=19
 *
 * Times are seconds since the log's start, in milliseconds. Each message is
 * decoded with the session context the caller gives; when the decoder
 * rejects it, the verdict and a hex dump of the bytes are written instead. */
#ifndef RSCERT_EV_WIRELOG_H
#define RSCERT_EV_WIRELOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "bgp_codec.h"

struct ev_wirelog;

enum ev_dir { EV_TO_SERVER = 0, EV_FROM_SERVER = 1 };

/* Create (truncate) path. start is the time shown as 0.000. */
struct ev_wirelog *ev_wirelog_open(const char *path, const struct timespec *start, char *err,
                                   size_t errcap);
/* Write to an open stream the caller keeps owning (tests, stdout). */
struct ev_wirelog *ev_wirelog_stream(FILE *f, const struct timespec *start, char *err,
                                     size_t errcap);

/* Log one whole message (header included). actor is the fake NVA, server the
 * route server instance; dir says who sent it. Returns the decoder's action
 * (BGP_ACT_OK ... BGP_ACT_SESSION_RESET), or -1 when the line could not be
 * written. */
int ev_wirelog_msg(struct ev_wirelog *w, const struct timespec *ts, const char *actor,
                   const char *server, enum ev_dir dir, const struct bgp_ctx *ctx,
                   const uint8_t *msg, size_t len);

/* Log a non-message event ("connect", "close: peer reset", ...). */
int ev_wirelog_note(struct ev_wirelog *w, const struct timespec *ts, const char *actor,
                    const char *server, enum ev_dir dir, const char *text);

/* Seconds from the log's start to ts. */
double ev_wirelog_elapsed(const struct ev_wirelog *w, const struct timespec *ts);

/* Flush, close the file if the log opened it, free w. 0, or -1 when any
 * write failed. w may be NULL. */
int ev_wirelog_close(struct ev_wirelog *w);

#endif
