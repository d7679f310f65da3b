/* rsd_log.h: the event log (docs/CONTROL.md "Log"): one line per event,
 * RFC 3339 UTC timestamp with milliseconds, the instance role ("IN_0",
 * "IN_1", or "RS" for daemon-wide events), then key=value fields. */
#ifndef RSCERT_RSD_LOG_H
#define RSCERT_RSD_LOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct rsd_log {
	FILE *f;
	int own; /* close on free */
};

/* path "-" (or empty) is stderr. 0, or -1 when the file cannot be opened. */
int rsd_log_open(struct rsd_log *l, const char *path);
void rsd_log_close(struct rsd_log *l);
/* fields: "event=state peer=nva1 ..." formatted by the caller. */
void rsd_log_event(struct rsd_log *l, const char *role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A NOTIFICATION's name for log lines and a session's last error:
 * "Cease/Maximum Number of Prefixes Reached". */
void rsd_notification_name(uint8_t code, uint8_t sub, char *out, size_t cap);

#endif
