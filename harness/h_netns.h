/* h_netns.h: network namespaces shaped like the product's network.
 *
 * A "fabric" namespace stands for the VNet router. Veth pairs join it to the
 * route server's subnet (10.0.255.0/27, instances .4 and .5), the NVA's
 * subnet (10.0.1.0/24, NVA .4) and a VM subnet (10.0.2.0/24, VM .4); the
 * fabric holds the gateway .1 of each. Behind the NVA an "on-prem" namespace
 * (10.100.0.0/24, host .1, the NVA .254) is reached only through the NVA,
 * which forwards. Nothing is routed out of the namespaces.
 *
 * The namespaces are named rscert-PID-N-ROLE and are removed by
 * h_netns_destroy; a guardian process removes them too (and ends what still
 * runs inside them) when the creating process dies without calling it, for
 * instance on SIGINT, SIGTERM or SIGKILL.
 *
 * h_netns_program installs the route server's programmed routes as kernel
 * routes: in the fabric each prefix with all its next hops (ECMP as a
 * multipath route), in the VM's namespace via the VM's gateway. */
#ifndef RSCERT_H_NETNS_H
#define RSCERT_H_NETNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum h_netns_role {
	H_NETNS_FABRIC,
	H_NETNS_RS,
	H_NETNS_NVA,
	H_NETNS_VM,
	H_NETNS_ONPREM,
	H_NETNS_N
};

/* The topology's addresses, host order. */
#define H_NETNS_RS_NET      0x0a00ff00u /* 10.0.255.0/27 */
#define H_NETNS_RS_GW       0x0a00ff01u /* 10.0.255.1 */
#define H_NETNS_RS_IN0      0x0a00ff04u /* 10.0.255.4 */
#define H_NETNS_RS_IN1      0x0a00ff05u /* 10.0.255.5 */
#define H_NETNS_NVA_NET     0x0a000100u /* 10.0.1.0/24 */
#define H_NETNS_NVA_GW      0x0a000101u /* 10.0.1.1 */
#define H_NETNS_NVA_ADDR    0x0a000104u /* 10.0.1.4 */
#define H_NETNS_VM_NET      0x0a000200u /* 10.0.2.0/24 */
#define H_NETNS_VM_GW       0x0a000201u /* 10.0.2.1 */
#define H_NETNS_VM_ADDR     0x0a000204u /* 10.0.2.4 */
#define H_NETNS_VNET        0x0a000000u /* 10.0.0.0/16, the VNet's address space */
#define H_NETNS_ONPREM_ADDR 0x0a640001u /* 10.100.0.1, on-prem host behind the NVA */
#define H_NETNS_ONPREM_GW   0x0a6400feu /* 10.100.0.254, the NVA's on-prem side */

/* Routes h_netns_program installs carry this routing protocol number, so a
 * new program replaces them and nothing else. */
#define H_NETNS_PROTO 77

#define H_NETNS_NAME_MAX 48
#define H_NETNS_MAX_NH   8

/* The route server's subnet: its two instance addresses in one /27 of the
 * VNet (10.0.0.0/16), the fabric's gateway the /27's first host. */
struct h_netns_rs {
	uint32_t in[2]; /* host order */
};

/* The words the steps take from struct h_netns_rs ("@gw/27" and so on). */
enum h_netns_rsword {
	H_NETNS_W_GW_NET,
	H_NETNS_W_IN0_NET,
	H_NETNS_W_IN1_NET,
	H_NETNS_W_GW,
	H_NETNS_W_N
};

struct h_netns {
	char name[H_NETNS_N][H_NETNS_NAME_MAX];
	char rsword[H_NETNS_W_N][24];
	bool made[H_NETNS_N];
	pid_t guard;  /* the guardian, 0 when none */
	int guard_fd; /* the write end of its pipe, -1 when none */
};

/* One programmed route: a prefix and its next hops (several: ECMP). */
struct h_netns_route {
	uint32_t net; /* host order, masked */
	uint8_t len;
	size_t nnh;
	uint32_t nh[H_NETNS_MAX_NH];
};

/* Whether namespaces can be made here (root, `ip netns` works); 0, or -1
 * with the reason in why. */
int h_netns_available(char *why, size_t cap);
/* Build the topology; 0, or -1 with err naming the command that failed
 * (everything made so far is removed again). */
int h_netns_create(struct h_netns *t, char *err, size_t cap);
/* The same with the route server's instances at rs->in (NULL: 10.0.255.4
 * and .5). */
int h_netns_create_at(struct h_netns *t, const struct h_netns_rs *rs, char *err, size_t cap);
/* Whether in[0] and in[1] can be the instances of the namespaces: two
 * hosts of one /27 inside 10.0.0.0/16, not its gateway (the first host),
 * outside the NVA's, the VM's and on-prem subnets; 0, or -1 with the rule
 * in why. The /27 into *net. */
int h_netns_rs_check(const uint32_t in[2], uint32_t *net, char *why, size_t cap);
/* End every process still inside the namespaces (SIGTERM, SIGKILL after
 * 2 s), delete the namespaces, stop the guardian. Safe to call twice. */
void h_netns_destroy(struct h_netns *t);
const char *h_netns_name(const struct h_netns *t, enum h_netns_role role);
/* Whether a namespace of that name exists. */
bool h_netns_exists(const char *name);
/* Run a command (words[0] is the program, normally "ip"); 0, or -1 with
 * err "`ip ...` failed (exit N): output". */
int h_netns_ip(char *const words[], char *err, size_t cap);

/* Run argv inside namespace ns (NULL: here) to completion, at most timeout
 * seconds; its standard output and error into out (NUL-terminated,
 * truncated). The exit status, 128 + signal when killed, -1 when it could
 * not be started or timed out (err says which). */
int h_netns_run(const char *ns, char *const argv[], double timeout, char *out, size_t cap,
                char *err, size_t errcap);
/* Start argv inside ns with standard output and error appended to outfile.
 * Returns once the program runs (inside ns): its pid, or -1 when it could
 * not be started (no such namespace or program). */
pid_t h_netns_spawn(const char *ns, char *const argv[], const char *outfile);
/* The words of argv joined by spaces, for messages. */
void h_netns_cmdline(char *const argv[], char *out, size_t cap);

/* Read the programmed routes out of an `effective-routes [VM]` answer: the
 * VM's own ("vm": {"routes"}) when present, else RouteServiceRole_IN_0's.
 * Routes without a next hop (the VNet's own space, source Default) are left
 * out. 0, or -1 with err. */
int h_netns_routes_parse(const char *json, struct h_netns_route *r, size_t cap, size_t *n,
                         char *err, size_t errcap);
/* The `ip` words after "ip -n NS" for one route: in the fabric
 * (via_gw == 0) "route replace P proto 77 via A" or "... nexthop via A
 * nexthop via B", in the VM "route replace P proto 77 via GW". The words
 * point into buf; the number of words, or 0 when buf or argv is too small. */
size_t h_netns_route_words(const struct h_netns_route *r, uint32_t via_gw, char *buf, size_t bufcap,
                           char **argv, size_t argcap);
/* Make the fabric's and the VM's programmed routes equal to r[0..n-1];
 * 0, or -1 with err naming the command. */
int h_netns_program(struct h_netns *t, const struct h_netns_route *r, size_t n, char *err,
                    size_t cap);
/* Ask the route server's control socket for `effective-routes 10.0.2.4`
 * and program what it answers; the number of routes in *n. */
int h_netns_program_ctl(struct h_netns *t, const char *sock, size_t *n, char *err, size_t cap);
/* Ping dst from the VM: count echo requests 0.2 s apart, 1 s to answer.
 * 0 when replies came back, 1 when none did, -1 when ping could not run;
 * ping's output (the evidence) in out. */
int h_netns_ping(const struct h_netns *t, uint32_t dst, unsigned count, char *out, size_t cap);

#endif
