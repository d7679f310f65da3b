/* test_certify_unit.c: the pure parts of rscert certify: its options, the
 * learned-route sets it compares, and its reading of the kernel's TCP
 * table (on a loopback connection of its own). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "h_certify.h"
#include "h_certify_run.h"

static int parse(struct h_cert_opts *o, int n, char **words)
{
	char *argv[24] = {"rscert", "certify"};
	int i;

	for (i = 0; i < n && i < 22; i++)
		argv[i + 2] = words[i];
	h_cert_defaults(o);
	return h_cert_args(n + 2, argv, 2, o);
}

static void test_args_adapters(void **state)
{
	struct h_cert_opts o;
	char *frr[] = {"--adapter", "frr"};
	char *bad[] = {"--adapter", "quagga"};
	char *none[] = {"--routes", "5"};
	char *both[] = {"--adapter", "bird", "--external"};

	(void)state;
	assert_int_equal(parse(&o, 2, frr), 0);
	assert_string_equal(o.adapter, "frr");
	assert_true(o.react);
	assert_int_equal(o.react_window, 20);
	assert_int_equal(o.reconnect, 1);
	assert_int_equal(parse(&o, 2, bad), -1);
	assert_int_equal(parse(&o, 2, none), -1);
	assert_int_equal(parse(&o, 3, both), -1);
	assert_true(h_cert_adapter_known("bird"));
	assert_true(h_cert_adapter_known("gobgp"));
	assert_false(h_cert_adapter_known("external"));
}

static void test_args_values(void **state)
{
	struct h_cert_opts o;
	char *ok[] = {"--adapter",       "gobgp", "--no-react", "--react-window", "7",
	              "--nva-reconnect", "30",    "--nva-asn",  "65002",          "--nva-static",
	              "10.0.255.0/27",   "via",   "10.0.1.1"};
	char *zero[] = {"--adapter", "bird", "--react-window", "0"};
	char *asn[] = {"--adapter", "bird", "--nva-asn", "70000"};
	char *via[] = {"--adapter", "bird", "--nva-static", "10.0.255.0/27", "by", "10.0.1.1"};

	(void)state;
	assert_int_equal(parse(&o, 13, ok), 0);
	assert_false(o.react);
	assert_int_equal(o.react_window, 7);
	assert_int_equal(o.reconnect, 30);
	assert_int_equal(o.asn, 65002);
	assert_int_equal(o.nstatic, 1);
	assert_int_equal(o.st[0].net, 0x0a00ff00u);
	assert_int_equal(o.st[0].len, 27);
	assert_int_equal(o.st[0].via, 0x0a000101u);
	assert_int_equal(parse(&o, 4, zero), -1);
	assert_int_equal(parse(&o, 4, asn), -1);
	assert_int_equal(parse(&o, 6, via), -1);
}

static void test_learned_set_sorted(void **state)
{
	struct h_json *j =
	    h_json_parse("{\"RouteServiceRole_IN_0\": ["
	                 "{\"network\": \"10.100.1.0/24\", \"asPath\": \"65001\"},"
	                 "{\"network\": \"10.100.0.0/24\", \"asPath\": \"65001-65001\"}],"
	                 "\"RouteServiceRole_IN_1\": []}");
	size_t n;
	char *s0, *s1;

	(void)state;
	assert_non_null(j);
	s0 = h_cert_learned_set(j, 0, &n);
	assert_int_equal(n, 2);
	assert_string_equal(s0, "10.100.0.0/24 65001-65001\n10.100.1.0/24 65001\n");
	s1 = h_cert_learned_set(j, 1, &n);
	assert_int_equal(n, 0);
	assert_string_equal(s1, "");
	free(s0);
	free(s1);
	h_json_free(j);
}

static int bound(uint32_t addr, struct sockaddr_in *sa)
{
	socklen_t sl = sizeof(*sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_addr.s_addr = htonl(addr);
	if (fd < 0 || bind(fd, (struct sockaddr *)sa, sizeof(*sa)) ||
	    getsockname(fd, (struct sockaddr *)sa, &sl)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void test_tcp_table(void **state)
{
	const uint32_t srv = 0x7ffe0004u, cli = 0x7ffe0101u; /* 127.254.0.4, 127.254.1.1 */
	struct sockaddr_in ls, cs;
	struct h_cert_conn c[H_CERT_MAX_CONN];
	int l = bound(srv, &ls), k = bound(cli, &cs), a;
	size_t n;

	(void)state;
	assert_true(l >= 0 && k >= 0);
	assert_int_equal(listen(l, 1), 0);
	assert_int_equal(connect(k, (struct sockaddr *)&ls, sizeof(ls)), 0);
	a = accept(l, NULL, NULL);
	assert_true(a >= 0);
	n = h_cert_tcp_established(srv, cli, c, H_CERT_MAX_CONN);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].lport, ntohs(ls.sin_port));
	assert_int_equal(c[0].rport, ntohs(cs.sin_port));
	assert_true(h_cert_tcp_alive(srv, cli, &c[0]));
	/* the other direction is the client's socket, not the server's */
	assert_int_equal(h_cert_tcp_established(cli, srv, c + 1, 1), 1);
	assert_int_equal(c[1].lport, ntohs(cs.sin_port));
	close(k); /* the server's side goes to CLOSE_WAIT */
	assert_false(h_cert_tcp_alive(srv, cli, &c[0]));
	assert_int_equal(h_cert_tcp_established(srv, cli, c, H_CERT_MAX_CONN), 0);
	close(a);
	close(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_args_adapters),
	    cmocka_unit_test(test_args_values),
	    cmocka_unit_test(test_learned_set_sorted),
	    cmocka_unit_test(test_tcp_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
