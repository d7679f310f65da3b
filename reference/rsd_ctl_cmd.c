/* rsd_ctl_cmd.c: the control requests (docs/CONTROL.md "Protocol").
 * Changes apply at once; each is logged as event=config. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rsd_daemon.h"
#include "rsd_json.h"

#define RSD_CTL_MAX_WORDS 80

void rsd_ctl_error(struct rsd_buf *out, const char *rule, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rsd_buf_clear(out);
	struct rsd_json j;
	rsd_json_init(&j, out);
	rsd_json_obj(&j);
	rsd_json_kstr(&j, "error", msg);
	rsd_json_kstr(&j, "rule", rule);
	rsd_json_obj_end(&j);
}

static void rsd_ctl_ok(struct rsd_buf *out)
{
	rsd_buf_printf(out, "{\"ok\":true}");
}

static void rsd_ctl_peer_obj(struct rsd_daemon *d, const struct rsd_peer *p, struct rsd_json *j)
{
	const struct rs_peer_cfg *pc = &d->peer_cfg[p->id];
	rsd_json_obj(j);
	rsd_json_kstr(j, "name", pc->name);
	rsd_json_kaddr(j, "peerIp", pc->addr);
	rsd_json_kint(j, "peerAsn", pc->asn);
	rsd_json_kstr(j, "provisioningState", "Succeeded");
	if (pc->gateway) {
		rsd_json_key(j, "gateway");
		rsd_json_bool(j, true);
	}
	rsd_json_obj_end(j);
}

static void rsd_ctl_peering_list(struct rsd_daemon *d, struct rsd_json *j)
{
	rsd_json_arr(j);
	for (size_t i = 0; i < RS_MAX_PEERS_HARD; i++)
		if (d->peers[i].used)
			rsd_ctl_peer_obj(d, &d->peers[i], j);
	rsd_json_arr_end(j);
}

static void rsd_ctl_peering_add(struct rsd_daemon *d, char **w, int n, struct rsd_buf *out)
{
	if (n != 5) {
		rsd_ctl_error(out, "CONTROL-SYNTAX", "usage: peering add NAME ADDR ASN");
		return;
	}
	uint32_t addr;
	char *end = NULL;
	errno = 0;
	unsigned long asn = strtoul(w[4], &end, 10);
	if (bgp_addr_parse_ipv4(w[3], &addr) != BGP_ADDR_OK) {
		rsd_ctl_error(out, "CONTROL-SYNTAX", "bad address %s", w[3]);
		return;
	}
	if (errno || !end || *end || asn > 0xffffffffUL) {
		rsd_ctl_error(out, "CONTROL-SYNTAX", "bad ASN %s", w[4]);
		return;
	}
	struct rs_config_error ce;
	memset(&ce, 0, sizeof(ce));
	if (strlen(w[2]) >= RS_NAME_MAX) {
		rsd_ctl_error(out, "CONTROL-SYNTAX", "name too long");
		return;
	}
	if (rs_peer_check(d->cfg, w[2], addr, (uint32_t)asn, &ce) < 0) {
		rsd_ctl_error(out, ce.rule[0] ? ce.rule : "CONTROL-SYNTAX", "%s", ce.msg);
		return;
	}
	if (d->cfg->npeers >= RS_MAX_PEERS_HARD) {
		rsd_ctl_error(out, "ARS-LIMIT-PEERS", "no room for another peer");
		return;
	}
	struct rs_peer_cfg pc;
	memset(&pc, 0, sizeof(pc));
	snprintf(pc.name, sizeof(pc.name), "%s", w[2]);
	pc.addr = addr;
	pc.asn = (uint32_t)asn;
	struct rsd_peer *p = rsd_peer_add(d, &pc);
	if (!p) {
		rsd_ctl_error(out, "ARS-LIMIT-PEERS", "no free peer slot");
		return;
	}
	d->cfg->peer[d->cfg->npeers++] = pc;
	rsd_log_event(&d->log, "RS", "event=config change=peering-add peer=%s addr=%s asn=%lu",
	              pc.name, w[3], asn);
	for (unsigned k = 0; k < 2; k++)
		rsd_session_start(&p->sess[k], 0);
	struct rsd_json j;
	rsd_json_init(&j, out);
	rsd_ctl_peer_obj(d, p, &j);
}

static void rsd_ctl_peering_remove(struct rsd_daemon *d, struct rsd_peer *p, struct rsd_buf *out)
{
	const char *name = d->peer_cfg[p->id].name;
	struct rs_config *c = d->cfg;
	for (size_t i = 0; i < c->npeers; i++) {
		if (strcmp(c->peer[i].name, name) != 0)
			continue;
		memmove(&c->peer[i], &c->peer[i + 1], (c->npeers - i - 1) * sizeof(c->peer[0]));
		c->npeers--;
		break;
	}
	rsd_log_event(&d->log, "RS", "event=config change=peering-remove peer=%s", name);
	rsd_peer_remove(d, p);
	rsd_ctl_ok(out);
}

static void rsd_ctl_metrics(struct rsd_daemon *d, struct rsd_json *j)
{
	rsd_json_obj(j);
	rsd_json_key(j, "peers");
	rsd_json_arr(j);
	for (size_t i = 0; i < RS_MAX_PEERS_HARD; i++) {
		struct rsd_peer *p = &d->peers[i];
		if (!p->used)
			continue;
		const struct rs_peer_cfg *pc = &d->peer_cfg[i];
		rsd_json_obj(j);
		rsd_json_kstr(j, "name", pc->name);
		rsd_json_kaddr(j, "peerIp", pc->addr);
		rsd_json_kint(j, "peerAsn", pc->asn);
		rsd_json_key(j, "instances");
		rsd_json_arr(j);
		for (unsigned k = 0; k < 2; k++) {
			struct rsd_session *s = &p->sess[k];
			enum rsd_state st = rsd_session_state(s);
			rsd_json_obj(j);
			rsd_json_kstr(j, "role", d->inst[k].role_json);
			rsd_json_kint(j, "status", st == RSD_ESTABLISHED);
			rsd_json_kstr(j, "state", rsd_state_name(st));
			rsd_json_kint(j, "routesLearned",
			              (long long)rs_rib_peer_count(d->inst[k].rib, p->id));
			rsd_json_kint(j, "routesAdvertised", (long long)rsd_adjout_count(s->out));
			rsd_json_kstr(j, "lastError", s->last_error);
			rsd_json_obj_end(j);
		}
		rsd_json_arr_end(j);
		rsd_json_obj_end(j);
	}
	rsd_json_arr_end(j);
	rsd_json_obj_end(j);
}

static void rsd_ctl_time(struct rsd_json *j, const struct timespec *ts)
{
	struct tm tm;
	char s[40], o[64];
	gmtime_r(&ts->tv_sec, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(o, sizeof(o), "%s.%03dZ", s, (int)(ts->tv_nsec / 1000000L) % 1000);
	rsd_json_str(j, o);
}

static void rsd_ctl_sessions(struct rsd_daemon *d, struct rsd_json *j)
{
	rsd_json_arr(j);
	for (size_t i = 0; i < RS_MAX_PEERS_HARD; i++) {
		struct rsd_peer *p = &d->peers[i];
		if (!p->used)
			continue;
		for (unsigned k = 0; k < 2; k++) {
			struct rsd_session *s = &p->sess[k];
			rsd_json_obj(j);
			rsd_json_kstr(j, "peer", d->peer_cfg[i].name);
			rsd_json_kaddr(j, "peerIp", d->peer_cfg[i].addr);
			rsd_json_kstr(j, "instance", d->inst[k].role_json);
			rsd_json_kstr(j, "state", rsd_state_name(rsd_session_state(s)));
			rsd_json_key(j, "since");
			rsd_ctl_time(j, &s->since);
			rsd_json_kint(j, "holdTime", s->est ? (long long)s->est->hold : 0);
			rsd_json_kint(j, "keepalive", s->est ? (long long)s->est->keepalive : 0);
			rsd_json_kstr(j, "lastError", s->last_error);
			rsd_json_obj_end(j);
		}
	}
	rsd_json_arr_end(j);
}

static void rsd_ctl_vnet_obj(const struct rs_vnet_peering *v, struct rsd_json *j)
{
	rsd_json_obj(j);
	rsd_json_kstr(j, "name", v->name);
	rsd_json_key(j, "addressPrefixes");
	rsd_json_arr(j);
	for (size_t i = 0; i < v->nprefix; i++) {
		char s[64];
		bgp_format_prefix(&v->prefix[i], s, sizeof(s));
		rsd_json_str(j, s);
	}
	rsd_json_arr_end(j);
	rsd_json_obj_end(j);
}

static int rsd_ctl_vnet_find(const struct rs_config *c, const char *name)
{
	for (size_t i = 0; i < c->nvnet_peering; i++)
		if (strcmp(c->vnet_peering[i].name, name) == 0)
			return (int)i;
	return -1;
}

static void rsd_ctl_vnet(struct rsd_daemon *d, char **w, int n, struct rsd_buf *out)
{
	struct rs_config *c = d->cfg;
	struct rsd_json j;
	rsd_json_init(&j, out);
	if (n == 2 && strcmp(w[1], "list") == 0) {
		rsd_json_arr(&j);
		for (size_t i = 0; i < c->nvnet_peering; i++)
			rsd_ctl_vnet_obj(&c->vnet_peering[i], &j);
		rsd_json_arr_end(&j);
		return;
	}
	if (n >= 4 && strcmp(w[1], "add") == 0) {
		if (strlen(w[2]) >= RS_NAME_MAX || rsd_ctl_vnet_find(c, w[2]) >= 0) {
			rsd_ctl_error(out, "ARS-VNET-PEERING", "vnet peering %s exists or bad name",
			              w[2]);
			return;
		}
		if (c->nvnet_peering >= RS_MAX_VNET_PEERINGS || n - 3 > RS_MAX_VNET_PREFIXES) {
			rsd_ctl_error(out, "ARS-VNET-PEERING",
			              "too many vnet peerings or prefixes");
			return;
		}
		struct rs_vnet_peering v;
		memset(&v, 0, sizeof(v));
		snprintf(v.name, sizeof(v.name), "%s", w[2]);
		for (int i = 3; i < n; i++) {
			if (bgp_addr_parse_prefix(w[i], BGP_HOST_BITS_REFUSE, &v.prefix[v.nprefix]) !=
			        BGP_ADDR_OK ||
			    v.prefix[v.nprefix].afi != BGP_AFI_IPV4) {
				rsd_ctl_error(out, "CONTROL-SYNTAX", "bad IPv4 prefix %s", w[i]);
				return;
			}
			v.nprefix++;
		}
		c->vnet_peering[c->nvnet_peering++] = v;
		rsd_log_event(&d->log, "RS", "event=config change=vnet-peering-add name=%s",
		              v.name);
		rsd_export_sync_all(d);
		rsd_export_refresh_nvas(d, "vnet peering added");
		rsd_ctl_vnet_obj(&v, &j);
		return;
	}
	if (n == 3 && strcmp(w[1], "remove") == 0) {
		int i = rsd_ctl_vnet_find(c, w[2]);
		if (i < 0) {
			rsd_ctl_error(out, "CONTROL-SYNTAX", "no vnet peering named %s", w[2]);
			return;
		}
		memmove(&c->vnet_peering[i], &c->vnet_peering[i + 1],
		        (c->nvnet_peering - (size_t)i - 1) * sizeof(c->vnet_peering[0]));
		c->nvnet_peering--;
		rsd_log_event(&d->log, "RS", "event=config change=vnet-peering-remove name=%s",
		              w[2]);
		rsd_export_sync_all(d);
		rsd_export_refresh_nvas(d, "vnet peering removed");
		rsd_ctl_ok(out);
		return;
	}
	rsd_ctl_error(out, "CONTROL-SYNTAX",
	              "usage: vnet-peering list | add NAME PREFIX... | remove NAME");
}

static void rsd_ctl_b2b(struct rsd_daemon *d, char **w, int n, struct rsd_buf *out)
{
	bool on;
	if (n == 2 && strcmp(w[1], "on") == 0)
		on = true;
	else if (n == 2 && strcmp(w[1], "off") == 0)
		on = false;
	else {
		rsd_ctl_error(out, "CONTROL-SYNTAX", "usage: branch-to-branch on|off");
		return;
	}
	bool was = d->cfg->branch_to_branch;
	d->cfg->branch_to_branch = on;
	if (was != on) {
		rsd_log_event(&d->log, "RS", "event=config change=branch-to-branch value=%s",
		              on ? "on" : "off");
		uint8_t rr[32];
		size_t rn = rsd_route_refresh_build(rr, sizeof(rr));
		for (size_t i = 0; i < RS_MAX_PEERS_HARD; i++) {
			if (!d->peers[i].used || !d->peer_cfg[i].gateway)
				continue;
			for (unsigned k = 0; k < 2; k++) {
				struct rsd_session *s = &d->peers[i].sess[k];
				if (!on && rs_rib_peer_flush(d->inst[k].rib, (uint32_t)i) > 0)
					d->inst[k].dirty = true;
				/* ARS-BRANCH: relearn the gateway's routes. */
				if (on && s->est && !s->est->closing && s->est->peer_rr)
					rsd_conn_send(s->est, rr, rn);
			}
		}
		rsd_export_sync_all(d);
	}
	rsd_buf_printf(out, "{\"allowBranchToBranchTraffic\":%s}", on ? "true" : "false");
}

static void rsd_ctl_peering(struct rsd_daemon *d, char **w, int n, struct rsd_buf *out)
{
	struct rsd_json j;
	rsd_json_init(&j, out);
	if (n == 2 && strcmp(w[1], "list") == 0) {
		rsd_ctl_peering_list(d, &j);
		return;
	}
	if (n >= 2 && strcmp(w[1], "add") == 0) {
		rsd_ctl_peering_add(d, w, n, out);
		return;
	}
	static const char *named[] = {"show", "remove", "learned", "advertised"};
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (n < 2 || strcmp(w[1], named[i]) != 0)
			continue;
		if (n != 3) {
			rsd_ctl_error(out, "CONTROL-SYNTAX", "usage: peering %s NAME", named[i]);
			return;
		}
		struct rsd_peer *p = rsd_peer_by_name(d, w[2]);
		if (!p) {
			rsd_ctl_error(out, "CONTROL-SYNTAX", "no peering named %s", w[2]);
			return;
		}
		if (i == 0)
			rsd_ctl_peer_obj(d, p, &j);
		else if (i == 1)
			rsd_ctl_peering_remove(d, p, out);
		else if (i == 2)
			rsd_ctl_learned(d, p, &j);
		else
			rsd_ctl_advertised(d, p, &j);
		return;
	}
	rsd_ctl_error(out, "CONTROL-SYNTAX",
	              "usage: peering list | show | add | remove | learned | advertised");
}

/* Requests with a fixed number of words name the first one too many. */
static int rsd_ctl_max_words(const char *cmd)
{
	if (!strcmp(cmd, "ping") || !strcmp(cmd, "metrics") || !strcmp(cmd, "sessions"))
		return 1;
	if (!strcmp(cmd, "effective-routes"))
		return 2;
	return RSD_CTL_MAX_WORDS;
}

void rsd_ctl_request(struct rsd_daemon *d, const char *line, struct rsd_buf *out)
{
	char buf[RSD_CTL_MAX_REQ];
	char *w[RSD_CTL_MAX_WORDS];
	int n = 0;
	snprintf(buf, sizeof(buf), "%s", line);
	for (char *save = NULL, *t = strtok_r(buf, " \t", &save); t && n < RSD_CTL_MAX_WORDS;
	     t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	struct rsd_json j;
	rsd_json_init(&j, out);
	if (n == 0) {
		rsd_ctl_error(out, "CONTROL-SYNTAX", "empty request");
	} else if (n > rsd_ctl_max_words(w[0])) {
		rsd_ctl_error(out, "CONTROL-SYNTAX", "%s takes %s: unexpected '%s'", w[0],
		              rsd_ctl_max_words(w[0]) == 1 ? "no argument" : "at most one argument",
		              w[rsd_ctl_max_words(w[0])]);
	} else if (strcmp(w[0], "ping") == 0 && n == 1) {
		rsd_buf_printf(out, "{\"ok\":true,\"pid\":%ld}", (long)getpid());
	} else if (strcmp(w[0], "peering") == 0) {
		rsd_ctl_peering(d, w, n, out);
	} else if (strcmp(w[0], "metrics") == 0 && n == 1) {
		rsd_ctl_metrics(d, &j);
	} else if (strcmp(w[0], "sessions") == 0 && n == 1) {
		rsd_ctl_sessions(d, &j);
	} else if (strcmp(w[0], "effective-routes") == 0 && n <= 2) {
		uint32_t vm = 0;
		if (n == 2 && bgp_addr_parse_ipv4(w[1], &vm) != BGP_ADDR_OK)
			rsd_ctl_error(out, "CONTROL-SYNTAX", "bad VM address %s", w[1]);
		else
			rsd_ctl_effective(d, n == 2, vm, &j);
	} else if (strcmp(w[0], "vnet-peering") == 0 && n >= 2) {
		rsd_ctl_vnet(d, w, n, out);
	} else if (strcmp(w[0], "branch-to-branch") == 0) {
		rsd_ctl_b2b(d, w, n, out);
	} else {
		rsd_ctl_error(out, "CONTROL-SYNTAX", "unknown request: %s", w[0]);
	}
	if (out->oom)
		rsd_ctl_error(out, "CONTROL-SYNTAX", "out of memory");
}
