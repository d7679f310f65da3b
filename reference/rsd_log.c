/* rsd_log.c: event log lines (the log file is created 0640). */
#include "rsd_log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bgp_msg.h"
#include "bgp_verdict.h"

int rsd_log_open(struct rsd_log *l, const char *path)
{
	l->own = 0;
	l->f = stderr;
	if (!path || !path[0] || strcmp(path, "-") == 0)
		return 0;
	/* 0640 whatever the umask: the log names peers and addresses */
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	if (fchmod(fd, 0640) < 0 && errno != EPERM) {
		close(fd);
		return -1;
	}
	FILE *f = fdopen(fd, "a");
	if (!f) {
		close(fd);
		return -1;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	l->f = f;
	l->own = 1;
	return 0;
}

void rsd_log_close(struct rsd_log *l)
{
	if (l->own && l->f)
		fclose(l->f);
	l->f = NULL;
	l->own = 0;
}

void rsd_log_event(struct rsd_log *l, const char *role, const char *fmt, ...)
{
	if (!l->f)
		return;
	struct timespec ts;
	struct tm tm;
	char stamp[40];
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(l->f, "%s.%03ldZ %s ", stamp, ts.tv_nsec / 1000000L, role);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(l->f, fmt, ap);
	va_end(ap);
	fputc('\n', l->f);
	fflush(l->f);
}

void rsd_notification_name(uint8_t code, uint8_t sub, char *out, size_t cap)
{
	const char *e = bgp_error_name(code);
	const char *s = bgp_suberror_name(code, sub);
	if (s && strchr(s, '/'))
		snprintf(out, cap, "%s", s);
	else if (s && s[0] && (code != BGP_ERR_HOLD || sub != 0))
		snprintf(out, cap, "%s/%s", e ? e : "Error", s);
	else
		snprintf(out, cap, "%s", e ? e : "Error");
}
