// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_netstat_parse() on arbitrary bytes. Invariants: every known counter
 * is in the input as digits and below 2^64 - 1; our rendering (a header
 * line and a value line per prefix, as the kernel prints them) parses
 * back to the same values; on failure both counters are unknown and the
 * message is usable.
 */
#include "fuzz.h"
#include "netstat.h"

static void round_trip(const struct wm_netstat *ns)
{
	struct wm_netstat again;
	struct wm_parse_error err;
	struct fuzz_text t;
	int rc;

	fuzz_text_init(&t, 512);
	fuzz_text_add(&t, "IpExt: InNoRoutes InTruncatedPkts\nIpExt: 1 2\n");
	fuzz_text_add(&t, "TcpExt: SyncookiesSent");
	if (ns->pfmemalloc_drop != WM_UNKNOWN)
		fuzz_text_add(&t, " PFMemallocDrop");
	if (ns->tcp_memory_pressures != WM_UNKNOWN)
		fuzz_text_add(&t, " TCPMemoryPressures");
	fuzz_text_add(&t, "\nTcpExt: 7");
	if (ns->pfmemalloc_drop != WM_UNKNOWN)
		fuzz_text_add(&t, " %" PRIu64, ns->pfmemalloc_drop);
	if (ns->tcp_memory_pressures != WM_UNKNOWN)
		fuzz_text_add(&t, " %" PRIu64, ns->tcp_memory_pressures);
	fuzz_text_add(&t, "\n");
	fuzz_error_init(&err);
	rc = wm_netstat_parse(t.p, t.len, &again, &err);
	FUZZ_CHECK(rc == 0, "re-parse failed: %d: %s", rc, err.msg);
	FUZZ_CHECK(again.pfmemalloc_drop == ns->pfmemalloc_drop &&
			   again.tcp_memory_pressures == ns->tcp_memory_pressures,
		   "re-parse differs");
	fuzz_text_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wm_netstat ns;
	struct wm_parse_error err;
	struct fuzz_numbers nums;
	char *buf = fuzz_dup(data, size);
	int rc;

	memset(&ns, 0x5a, sizeof(ns));
	fuzz_error_init(&err);
	rc = wm_netstat_parse(buf, size, &ns, &err);
	if (rc) {
		FUZZ_CHECK(rc == -EPROTO || rc == -ERANGE,
			   "undocumented error %d", rc);
		FUZZ_CHECK(ns.pfmemalloc_drop == WM_UNKNOWN &&
				   ns.tcp_memory_pressures == WM_UNKNOWN,
			   "values left after error %d", rc);
		fuzz_check_error(&err, buf, size);
		free(buf);
		return 0;
	}
	fuzz_numbers_scan(&nums, buf, size);
	FUZZ_CHECK(ns.pfmemalloc_drop == WM_UNKNOWN ||
			   fuzz_numbers_has(&nums, ns.pfmemalloc_drop),
		   "PFMemallocDrop %" PRIu64 " not in input",
		   ns.pfmemalloc_drop);
	FUZZ_CHECK(ns.tcp_memory_pressures == WM_UNKNOWN ||
			   fuzz_numbers_has(&nums, ns.tcp_memory_pressures),
		   "TCPMemoryPressures %" PRIu64 " not in input",
		   ns.tcp_memory_pressures);
	fuzz_numbers_free(&nums);
	round_trip(&ns);
	free(buf);
	return 0;
}
