// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A look inside benchmark 1: the user-space half of a watch tick is the
 * parsing of what the observer read. This reads each of this machine's
 * files once and then parses the same buffer N times with the parser
 * watch uses, timing each parser in CPU time of the thread
 * (CLOCK_THREAD_CPUTIME_ID: no system call inside the loop, so the figure
 * is the parser alone); vmstat also as a watch tick parses it
 * ("proc/vmstat:tick": wm_vmstat_parse_only(); "proc/vmstat:memo":
 * wm_vmstat_parse_memo() with its memo kept from one parse to the next,
 * as a watch tick parses it when no line changed its first word, which
 * is nearly every tick; the same buffer each time, so this is the case
 * where no number changed its length either). Also times N rounds of
 * wm_observer_read() (preads and parsers): as a watch tick reads and
 * parses (wm_tick_files(), WM_TICK_VMSTAT), and of all the files with
 * every parser (what status reads).
 *
 * usage: parse N
 * Prints "parse NAME BYTES ns_per_parse" lines, "observe ns_per_read"
 * (a watch tick's files) and "observe_all ns_per_read". Nothing is
 * asserted: the numbers are for people.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "meminfo.h"
#include "netstat.h"
#include "observe.h"
#include "psi.h"
#include "root.h"
#include "sysinfo.h"
#include "tick.h"
#include "vmmemo.h"
#include "vmstat.h"
#include "zoneinfo.h"

enum { P_ZONEINFO, P_VMSTAT, P_VMSTAT_TICK, P_VMSTAT_MEMO, P_MEMINFO, P_PSI,
       P_NETSTAT, P_SYSCTL, P__COUNT };

static const char *const files[P__COUNT] = {
	[P_ZONEINFO] = "proc/zoneinfo",
	[P_VMSTAT] = "proc/vmstat",
	[P_VMSTAT_TICK] = "proc/vmstat",
	[P_VMSTAT_MEMO] = "proc/vmstat",
	[P_MEMINFO] = "proc/meminfo",
	[P_PSI] = "proc/pressure/memory",
	[P_NETSTAT] = "proc/net/netstat",
	[P_SYSCTL] = "proc/sys/vm/min_free_kbytes",
};

/* What is printed: the file, and how watch parses vmstat (":tick"). */
static const char *const labels[P__COUNT] = {
	[P_ZONEINFO] = "proc/zoneinfo",
	[P_VMSTAT] = "proc/vmstat",
	[P_VMSTAT_TICK] = "proc/vmstat:tick",
	[P_VMSTAT_MEMO] = "proc/vmstat:memo",
	[P_MEMINFO] = "proc/meminfo",
	[P_PSI] = "proc/pressure/memory",
	[P_NETSTAT] = "proc/net/netstat",
	[P_SYSCTL] = "proc/sys/vm/min_free_kbytes",
};

/* The parse targets are large (the zone array): static, not on the stack. */
static struct wm_snapshot snap;
static struct wm_vmstat_query tick_query;
static struct wm_vmstat_memo tick_memo;

static unsigned long long cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL +
	       (unsigned long long)ts.tv_nsec;
}

static int parse_one(int which, const struct wm_buf *b)
{
	struct wm_parse_error pe = { 0 };

	switch (which) {
	case P_ZONEINFO:
		return wm_zoneinfo_parse(b->data, b->len, &snap.zoneinfo, &pe);
	case P_VMSTAT:
		return wm_vmstat_parse(b->data, b->len, &snap.vmstat, &pe);
	case P_VMSTAT_TICK:
		return wm_vmstat_parse_only(b->data, b->len, WM_TICK_VMSTAT,
					    &snap.vmstat, &pe);
	case P_VMSTAT_MEMO:
		return wm_vmstat_parse_memo(b->data, b->len, &tick_query,
					    &tick_memo, &snap.vmstat, &pe);
	case P_MEMINFO:
		return wm_meminfo_parse(b->data, b->len, &snap.meminfo, &pe);
	case P_PSI:
		return wm_psi_parse(b->data, b->len, &snap.psi, &pe);
	case P_NETSTAT:
		return wm_netstat_parse(b->data, b->len, &snap.netstat, &pe);
	default:
		return wm_vm_sysctl_parse(WM_SYSCTL_MIN_FREE_KBYTES, b->data,
					  b->len, &snap.sysinfo.vm);
	}
}

/* tick: read and parse as a watch tick does (cmd/watch.c setup()). */
static int observe_rounds(const struct wm_root *root, unsigned long n,
			  bool tick, const char *name)
{
	struct wm_observer obs;
	unsigned long long t0;
	unsigned long i;
	int rc = wm_observer_open(&obs, root);

	if (rc) {
		fprintf(stderr, "parse: observer: %s\n", strerror(-rc));
		return 1;
	}
	if (tick) {
		rc = wm_observer_read(&obs, &snap, NULL, NULL);
		wm_observer_select(&obs, wm_tick_files(&snap));
		wm_observer_parse_only(&obs, WM_TICK_VMSTAT);
	}
	t0 = cpu_ns();
	for (i = 0; i < n && rc == 0; i++)
		rc = wm_observer_read(&obs, &snap, NULL, NULL);
	if (rc == 0)
		printf("%s %llu\n", name, (cpu_ns() - t0) / n);
	else
		fprintf(stderr, "parse: observe: %s\n", strerror(-rc));
	wm_observer_close(&obs);
	return rc != 0;
}

int main(int argc, char **argv)
{
	struct wm_root root;
	unsigned long n, i;
	char *end;
	int f;

	if (argc != 2 || (n = strtoul(argv[1], &end, 10)) == 0 || *end) {
		fprintf(stderr, "usage: parse N\n");
		return 64;
	}
	wm_vmstat_query_init(&tick_query, WM_TICK_VMSTAT);
	wm_vmstat_memo_init(&tick_memo);
	if (wm_root_init(&root, NULL) != 0) {
		fprintf(stderr, "parse: cannot set up the root\n");
		return 1;
	}
	for (f = 0; f < P__COUNT; f++) {
		struct wm_buf b = { 0 };
		unsigned long long t0;
		int rc = wm_root_read(&root, files[f], &b);

		if (rc == 0)
			rc = parse_one(f, &b);	/* once, to check it parses */
		if (rc) {
			printf("parse %s unavailable %s\n", labels[f],
			       strerror(-rc));
			wm_buf_free(&b);
			continue;
		}
		t0 = cpu_ns();
		for (i = 0; i < n; i++)
			parse_one(f, &b);
		printf("parse %s %zu %llu\n", labels[f], b.len,
		       (cpu_ns() - t0) / n);
		wm_buf_free(&b);
	}
	return observe_rounds(&root, n, true, "observe") |
	       observe_rounds(&root, n, false, "observe_all");
}
