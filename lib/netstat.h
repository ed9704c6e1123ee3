/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/net/netstat: pairs of lines, a header of names and a line of
 * values with the same "Prefix:" ("TcpExt: ... PFMemallocDrop ..."). We keep
 * the two TcpExt counters that tell whether memory shortage costs packets.
 */
#ifndef WMTUNE_NETSTAT_H
#define WMTUNE_NETSTAT_H

#include "wm.h"

struct wm_netstat {
	uint64_t pfmemalloc_drop;	/* TcpExt PFMemallocDrop (3.6+) */
	uint64_t tcp_memory_pressures;	/* TcpExt TCPMemoryPressures */
};

/* Both counters WM_UNKNOWN. */
void wm_netstat_init(struct wm_netstat *ns);

/*
 * Parse the whole file. Absent counters are WM_UNKNOWN. Returns 0, -EPROTO
 * (a line that is not "Prefix: ...", a value line whose prefix or number
 * of fields differs from its header, a malformed value of a kept counter),
 * -ERANGE (a kept counter past 2^64 - 2). A last line without '\n' is
 * ignored, and so is a header whose value line is missing. On error both
 * counters are WM_UNKNOWN.
 */
int wm_netstat_parse(const char *buf, size_t len, struct wm_netstat *ns,
		     struct wm_parse_error *err);

#endif /* WMTUNE_NETSTAT_H */
