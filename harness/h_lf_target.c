/* h_lf_target.c: what the live fuzzer runs against: the embedded reference,
 * started (and restarted when it dies) with the catalogue's own config
 * writer, or a target profile's server, already running. */
#include "h_lf.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "h_case.h"
#include "h_server.h"
#include "h_target.h"

/* Feeder and sink as two NVAs of a case, so the daemon's configuration
 * comes from the catalogue's own writer. */
static const char h_lf_topology[] = "id FUZZ-LIVE\nlevel MUST\ntitle live fuzzing\n"
                                    "requirement live fuzzing\nkeywords fuzz\n"
                                    "nva feeder asn 65001 address 10.0.1.4 peers IN_0\n"
                                    "nva sink asn 65002 address 10.0.2.4 peers IN_0\n"
                                    "nva reset1 asn 65003 address 10.0.3.4 peers IN_0\n"
                                    "nva reset2 asn 65004 address 10.0.4.4 peers IN_0\n"
                                    "nva reset3 asn 65005 address 10.0.5.4 peers IN_0\n"
                                    "nva reset4 asn 65006 address 10.0.6.4 peers IN_0\n"
                                    "connect feeder\n";

static struct h_server h_lf_srv_of(const struct h_lf_target *t)
{
	struct h_server s;

	memset(&s, 0, sizeof(s));
	s.pid = t->pid;
	s.listen[0] = t->listen;
	s.listen[1] = t->listen + 1;
	s.inst_addr[0] = 0x0A00FF04;
	s.inst_addr[1] = 0x0A00FF05;
	s.port = t->port;
	s.src_base = t->feeder_src - 10;
	s.has_control = true;
	snprintf(s.sock, sizeof(s.sock), "%s", t->sock);
	snprintf(s.conf, sizeof(s.conf), "%s", t->conf);
	snprintf(s.log, sizeof(s.log), "%s", t->log);
	return s;
}

int h_lf_target_reference(struct h_lf_target *t, const char *rsd, const char *fault,
                          const char *dir, char *err, size_t errcap)
{
	struct h_case *c = calloc(1, sizeof(*c));
	struct h_server s;
	uint32_t block = 20 + (uint32_t)getpid() % 200;
	int rc;

	if (!c) {
		snprintf(err, errcap, "out of memory");
		return -1;
	}
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "reference");
	t->reference = true;
	snprintf(t->rsd, sizeof(t->rsd), "%s", rsd);
	t->listen = (127u << 24) | (77u << 16) | (block << 8) | 4u;
	t->nexthop = 0x0A00FF04;
	t->port = 1179;
	t->feeder_src = (t->listen & ~0xffu) + 10;
	t->sink_src = t->feeder_src + 1;
	t->feeder_as = 65001;
	t->sink_as = 65002;
	t->nrs = LF_REF_RS;
	for (size_t i = 0; i < t->nrs; i++) {
		t->rs_src[i] = t->feeder_src + 2 + (uint32_t)i; /* NVA 2 + i of the topology */
		t->rs_as[i] = 65003 + (uint32_t)i;
	}
	t->connect_grace = 3.0;
	t->settle = 0.02;
	snprintf(t->conf, sizeof(t->conf), "%s/rs.conf", dir);
	snprintf(t->log, sizeof(t->log), "%s/server.log", dir);
	snprintf(t->sock, sizeof(t->sock), "%s/rscert-fuzz-%d.sock", P_tmpdir, (int)getpid());
	rc = h_case_parse("live fuzzing topology", h_lf_topology, c);
	s = h_lf_srv_of(t);
	if (rc == 0)
		rc = h_server_config(c, &s, 1.0, fault, t->conf, err, errcap);
	else
		snprintf(err, errcap, "%s", c->error);
	h_case_free(c);
	free(c);
	return rc;
}

int h_lf_target_profile(struct h_lf_target *t, const char *path, char *err, size_t errcap)
{
	struct h_target *p = calloc(1, sizeof(*p));

	if (!p) {
		snprintf(err, errcap, "out of memory");
		return -1;
	}
	memset(t, 0, sizeof(*t));
	if (h_target_load(path, p)) {
		snprintf(err, errcap, "%s", p->error);
		free(p);
		return -1;
	}
	if (p->nva_slots < 2) {
		snprintf(err, errcap,
		         "%s: the live fuzzer needs two configured NVA slots (nva-slots)", path);
		h_target_free(p);
		free(p);
		return -1;
	}
	snprintf(t->name, sizeof(t->name), "%s", p->name);
	t->listen = p->listen[0];
	t->nexthop = p->nexthop[0];
	t->port = p->port;
	t->feeder_src = p->nva_base + 10;
	t->sink_src = p->nva_base + 11;
	t->feeder_as = p->nva_asn[0] ? p->nva_asn[0] : 65001;
	t->sink_as = p->nva_asn[1] ? p->nva_asn[1] : 65002;
	t->nrs = p->nva_slots - 2 < LF_MAX_RS ? p->nva_slots - 2 : LF_MAX_RS;
	for (size_t i = 0; i < t->nrs; i++) {
		t->rs_src[i] = p->nva_base + 12 + (uint32_t)i;
		t->rs_as[i] = p->nva_asn[2 + i] ? p->nva_asn[2 + i] : 65003 + (uint32_t)i;
	}
	t->connect_grace = p->connect_grace > 0 ? p->connect_grace : 3.0;
	t->settle = p->settle > 0.05 ? p->settle : 0.05;
	h_target_free(p);
	free(p);
	return 0;
}

/* Append the daemon log's last line (why it did not start) to err. */
static void h_lf_log_tail(const char *log, char *err, size_t errcap)
{
	char line[300] = "", last[300] = "";
	FILE *f = fopen(log, "r");
	size_t n = strlen(err);

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (line[0] != '\n')
			snprintf(last, sizeof(last), "%s", line);
	fclose(f);
	last[strcspn(last, "\n")] = 0;
	if (last[0] && n < errcap)
		snprintf(err + n, errcap - n, " (%s: %s)", log, last);
}

int h_lf_target_start(struct h_lf_target *t, char *err, size_t errcap)
{
	struct h_server s;

	if (!t->reference)
		return 0;
	unlink(t->log);
	s = h_lf_srv_of(t);
	if (h_server_start(&s, t->rsd, 5.0, err, errcap)) {
		h_lf_log_tail(t->log, err, errcap);
		return -1;
	}
	t->pid = s.pid;
	return 0;
}

bool h_lf_target_alive(struct h_lf_target *t)
{
	int st;

	if (!t->reference || t->pid <= 0)
		return true;
	if (waitpid(t->pid, &st, WNOHANG) == t->pid) {
		t->pid = 0;
		return false;
	}
	return true;
}

int h_lf_target_restart(struct h_lf_target *t, char *err, size_t errcap)
{
	t->restarts++;
	if (t->reference) {
		h_lf_target_stop(t);
		return h_lf_target_start(t, err, errcap);
	}
	if (t->restart_cmd[0]) {
		int rc = system(t->restart_cmd);

		if (rc != 0) {
			snprintf(err, errcap, "restart command failed (status %d): %s", rc,
			         t->restart_cmd);
			return -1;
		}
	}
	return 0;
}

void h_lf_target_stop(struct h_lf_target *t)
{
	struct h_server s;

	if (!t->reference || t->pid <= 0)
		return;
	s = h_lf_srv_of(t);
	h_server_stop(&s);
	t->pid = 0;
	unlink(t->sock);
}
