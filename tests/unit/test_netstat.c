// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc/net/netstat: the captured file and broken input. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "netstat.h"

#define LOCAL "samples/local/linux-6.18.44-fc-v657.netstat"

static struct wm_parse_error perr;

static int parse_str(const char *s, struct wm_netstat *ns)
{
	memset(&perr, 0, sizeof(perr));
	return wm_netstat_parse(s, strlen(s), ns, &perr);
}

static void test_local(void **state)
{
	struct wm_buf b = { 0 };
	struct wm_netstat ns;

	(void)state;
	wm_test_load(&b, LOCAL);
	assert_int_equal(wm_netstat_parse(b.data, b.len, &ns, &perr), 0);
	/* an idle VM: known and zero, not unknown */
	assert_true(ns.pfmemalloc_drop == 0);
	assert_true(ns.tcp_memory_pressures == 0);
	wm_buf_free(&b);
}

static void test_pairs(void **state)
{
	struct wm_netstat ns;

	(void)state;
	assert_int_equal(parse_str("TcpExt: SyncookiesSent PFMemallocDrop "
				   "TCPMemoryPressuresChrono TCPMemoryPressures\n"
				   "TcpExt: 1 7 11 9\n"
				   "IpExt: InNoRoutes\nIpExt: 5\n", &ns), 0);
	assert_true(ns.pfmemalloc_drop == 7);
	assert_true(ns.tcp_memory_pressures == 9);
	/* older kernels: the counters are simply not there */
	assert_int_equal(parse_str("TcpExt: SyncookiesSent\nTcpExt: 3\n", &ns),
			 0);
	assert_true(ns.pfmemalloc_drop == WM_UNKNOWN);
	assert_int_equal(parse_str("IpExt: InNoRoutes\nIpExt: 5\n", &ns), 0);
	assert_true(ns.tcp_memory_pressures == WM_UNKNOWN);
	assert_int_equal(parse_str("", &ns), 0);
	/* a header whose values were cut off */
	assert_int_equal(parse_str("TcpExt: PFMemallocDrop\nTcpExt: 4", &ns), 0);
	assert_true(ns.pfmemalloc_drop == WM_UNKNOWN);
}

static void test_broken(void **state)
{
	static char big[100 * 1024 + 128];
	struct wm_netstat ns;
	uint32_t x = 3;
	size_t i, n;

	(void)state;
	assert_int_equal(parse_str("TcpExt: A PFMemallocDrop\nTcpExt: 1\n", &ns),
			 -EPROTO);
	assert_int_equal(perr.line, 2);
	assert_int_equal(parse_str("TcpExt: A\nTcpExt: 1 2\n", &ns), -EPROTO);
	assert_int_equal(parse_str("TcpExt: A\nIpExt: 1\n", &ns), -EPROTO);
	assert_int_equal(parse_str("garbage\n", &ns), -EPROTO);
	assert_int_equal(parse_str("TcpExt: PFMemallocDrop\nTcpExt: x\n", &ns),
			 -EPROTO);
	assert_int_equal(parse_str("TcpExt: PFMemallocDrop\n"
				   "TcpExt: 18446744073709551616\n", &ns),
			 -ERANGE);
	assert_int_equal(parse_str("TcpExt: PFMemallocDrop\nTcpExt: 1\n"
				   "TcpExt: PFMemallocDrop\nTcpExt: 2\n", &ns),
			 -EPROTO);
	assert_true(ns.pfmemalloc_drop == WM_UNKNOWN);
	assert_int_equal(parse_str("TcpExt: PFMemallocDrop\nTcpExt: 1\n"
				   "bogus\n", &ns), -EPROTO);
	assert_true(ns.pfmemalloc_drop == WM_UNKNOWN);
	for (i = 0; i < sizeof(big); i++) {
		x = x * 1103515245u + 12345u;
		big[i] = (char)(x >> 16);
	}
	big[0] = 'x';	/* not "Word:" */
	assert_int_equal(wm_netstat_parse(big, sizeof(big), &ns, &perr),
			 -EPROTO);
	/* a 100 KB header name */
	strcpy(big, "TcpExt: ");
	n = strlen(big);
	memset(big + n, 'A', 100 * 1024);
	strcpy(big + n + 100 * 1024, " PFMemallocDrop\nTcpExt: 1 2\n");
	assert_int_equal(parse_str(big, &ns), 0);
	assert_true(ns.pfmemalloc_drop == 2);
	{
		static const char nul[] = "TcpExt: PFMemallocDrop\nTcpExt: 1\0002\n";

		assert_int_equal(wm_netstat_parse(nul, sizeof(nul) - 1, &ns,
						  &perr), -EPROTO);
	}
}

static void test_truncated(void **state)
{
	struct wm_buf b = { 0 };
	struct wm_netstat ns;
	size_t n;

	(void)state;
	wm_test_load(&b, LOCAL);
	for (n = 0; n < b.len; n++) {
		char *p = malloc(n ? n : 1);
		int rc;

		assert_non_null(p);
		memcpy(p, b.data, n);
		rc = wm_netstat_parse(p, n, &ns, &perr);
		free(p);
		assert_int_equal(rc, 0);
		assert_true(ns.pfmemalloc_drop == 0 ||
			    ns.pfmemalloc_drop == WM_UNKNOWN);
		assert_true(ns.tcp_memory_pressures == 0 ||
			    ns.tcp_memory_pressures == WM_UNKNOWN);
	}
	wm_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_truncated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
