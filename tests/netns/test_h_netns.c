/* test_h_netns.c: the parts of the namespace module that need no root: the
 * effective-routes reader, the `ip route` words (ECMP as multipath) and the
 * command runner. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "h_netns.h"

static const char *const h_t_answer =
    "{\"RouteServiceRole_IN_0\": [{\"addressPrefix\": \"10.0.0.0/16\", \"nextHopIpAddress\": [],"
    " \"source\": \"Default\"}, {\"addressPrefix\": \"10.200.0.0/16\", \"nextHopIpAddress\":"
    " [\"10.0.1.9\"], \"source\": \"VirtualNetworkGateway\"}],"
    " \"RouteServiceRole_IN_1\": [], \"inconsistencies\": [],"
    " \"vm\": {\"address\": \"10.0.2.4\", \"instance\": \"RouteServiceRole_IN_1\", \"routes\":"
    " [{\"addressPrefix\": \"10.0.0.0/16\", \"nextHopIpAddress\": [], \"source\": \"Default\"},"
    " {\"addressPrefix\": \"10.100.0.0/24\", \"nextHopIpAddress\": [\"10.0.1.4\", \"10.0.1.5\"],"
    " \"source\": \"VirtualNetworkGateway\"}, {\"addressPrefix\": \"10.101.7.9/16\","
    " \"nextHopIpAddress\": [\"10.0.1.4\"], \"source\": \"VirtualNetworkGateway\"}]}}";

/* The VM's own routes win over IN_0's; Default entries are left out. */
static void test_parse_vm_routes(void **state)
{
	struct h_netns_route r[8];
	size_t n = 99;
	char err[256] = "";

	(void)state;
	assert_int_equal(h_netns_routes_parse(h_t_answer, r, 8, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].net, 0x0a640000u);
	assert_int_equal(r[0].len, 24);
	assert_int_equal(r[0].nnh, 2);
	assert_int_equal(r[0].nh[0], 0x0a000104u);
	assert_int_equal(r[0].nh[1], 0x0a000105u);
	/* a prefix with host bits is masked */
	assert_int_equal(r[1].net, 0x0a650000u);
	assert_int_equal(r[1].len, 16);
	assert_int_equal(r[1].nnh, 1);
}

static void test_parse_instance_fallback(void **state)
{
	const char *json = "{\"RouteServiceRole_IN_0\": [{\"addressPrefix\": \"10.200.0.0/16\","
	                   " \"nextHopIpAddress\": [\"10.0.1.9\"]}], \"RouteServiceRole_IN_1\":"
	                   " [{\"addressPrefix\": \"10.201.0.0/16\", \"nextHopIpAddress\":"
	                   " [\"10.0.1.8\"]}]}";
	struct h_netns_route r[4];
	size_t n = 0;
	char err[256] = "";

	(void)state;
	assert_int_equal(h_netns_routes_parse(json, r, 4, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].net, 0x0ac80000u);
	assert_int_equal(r[0].nh[0], 0x0a000109u);
}

static void test_parse_errors(void **state)
{
	struct h_netns_route r[1];
	size_t n = 0;
	char err[256] = "";

	(void)state;
	assert_int_equal(h_netns_routes_parse("{\"error\": \"no such VM\", \"rule\": \"X\"}", r, 1,
	                                      &n, err, sizeof(err)),
	                 -1);
	assert_non_null(strstr(err, "no such VM"));
	assert_int_equal(h_netns_routes_parse("[1, 2", r, 1, &n, err, sizeof(err)), -1);
	assert_int_equal(h_netns_routes_parse("{\"RouteServiceRole_IN_0\": [{\"addressPrefix\":"
	                                      " \"10.1.0.0/33\", \"nextHopIpAddress\": []}]}",
	                                      r, 1, &n, err, sizeof(err)),
	                 -1);
	assert_int_equal(h_netns_routes_parse("{\"RouteServiceRole_IN_0\": [{\"addressPrefix\":"
	                                      " \"10.1.0.0/16\", \"nextHopIpAddress\": [\"x\"]}]}",
	                                      r, 1, &n, err, sizeof(err)),
	                 -1);
	assert_non_null(strstr(err, "bad next hop"));
	/* two routes do not fit in one */
	assert_int_equal(h_netns_routes_parse(h_t_answer, r, 1, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "more than 1"));
}

static void h_t_join(char **w, size_t n, char *out, size_t cap)
{
	assert_null(w[n]);
	h_netns_cmdline(w, out, cap);
}

static void test_words_single_ecmp_vm(void **state)
{
	struct h_netns_route one = {0x0a640000u, 24, 1, {0x0a000104u}};
	struct h_netns_route two = {0x0a640000u, 24, 2, {0x0a000104u, 0x0a000105u}};
	char buf[256], line[256], *w[32];
	size_t n;

	(void)state;
	n = h_netns_route_words(&one, 0, buf, sizeof(buf), w, 32);
	h_t_join(w, n, line, sizeof(line));
	assert_string_equal(line, "route replace 10.100.0.0/24 proto 77 via 10.0.1.4");
	n = h_netns_route_words(&two, 0, buf, sizeof(buf), w, 32);
	h_t_join(w, n, line, sizeof(line));
	assert_string_equal(line, "route replace 10.100.0.0/24 proto 77 nexthop via 10.0.1.4 "
	                          "nexthop via 10.0.1.5");
	/* the VM sends everything to its gateway, whatever the next hops */
	n = h_netns_route_words(&two, H_NETNS_VM_GW, buf, sizeof(buf), w, 32);
	h_t_join(w, n, line, sizeof(line));
	assert_string_equal(line, "route replace 10.100.0.0/24 proto 77 via 10.0.2.1");
}

static void test_words_limits(void **state)
{
	struct h_netns_route none = {0x0a640000u, 24, 0, {0}};
	struct h_netns_route two = {0x0a640000u, 24, 2, {0x0a000104u, 0x0a000105u}};
	char buf[256], *w[32];

	(void)state;
	assert_int_equal(h_netns_route_words(&none, 0, buf, sizeof(buf), w, 32), 0);
	/* 5 + 2 * 3 words and the NULL need 12 slots */
	assert_int_equal(h_netns_route_words(&two, 0, buf, sizeof(buf), w, 11), 0);
	assert_int_equal(h_netns_route_words(&two, 0, buf, sizeof(buf), w, 12), 11);
	assert_int_equal(h_netns_route_words(&two, 0, buf, 8, w, 32), 0);
}

static void test_run(void **state)
{
	char out[64], err[256];
	char *echo[] = {"echo", "programmed", NULL};
	char *fail[] = {"false", NULL};
	char *none[] = {"rscert-no-such-command", NULL};
	char *slow[] = {"sleep", "5", NULL};

	(void)state;
	assert_int_equal(h_netns_run(NULL, echo, 5, out, sizeof(out), err, sizeof(err)), 0);
	assert_string_equal(out, "programmed\n");
	assert_int_equal(h_netns_run(NULL, fail, 5, out, sizeof(out), err, sizeof(err)), 1);
	/* a program that cannot be run is an error of its own (u_proc), not
	 * an exit status */
	assert_int_equal(h_netns_run(NULL, none, 5, out, sizeof(out), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot run rscert-no-such-command"));
	assert_int_equal(h_netns_run(NULL, slow, 0.2, out, sizeof(out), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "sleep 5: no answer"));
	/* output longer than the buffer is cut, the command still completes */
	assert_int_equal(h_netns_run(NULL, echo, 5, out, 5, err, sizeof(err)), 0);
	assert_string_equal(out, "prog");
}

static void test_names(void **state)
{
	(void)state;
	assert_false(h_netns_exists("rscert-no-such-namespace"));
}

/* spawn returns once the program runs, -1 when it cannot */
static void test_spawn(void **state)
{
	char *none[] = {"rscert-no-such-command", NULL};
	char *ok[] = {"true", NULL};
	pid_t pid;
	int st;

	(void)state;
	assert_int_equal(h_netns_spawn(NULL, none, "/dev/null"), -1);
	assert_int_equal(h_netns_spawn("rscert-no-such-namespace", ok, "/dev/null"), -1);
	pid = h_netns_spawn(NULL, ok, "/dev/null");
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_vm_routes), cmocka_unit_test(test_parse_instance_fallback),
	    cmocka_unit_test(test_parse_errors),    cmocka_unit_test(test_words_single_ecmp_vm),
	    cmocka_unit_test(test_words_limits),    cmocka_unit_test(test_run),
	    cmocka_unit_test(test_names),           cmocka_unit_test(test_spawn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
