/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For test_zonescan.c and test_zoneskip.c: the scan (wm_zoneinfo_parse(),
 * which hands the line parser only the lines that may mean something,
 * with its fast paths) against the walk (wm_zoneinfo_parse_walk(), every
 * line in turn): the same status, error line and message, and zones,
 * byte for byte, and nothing written past the last zone (both targets
 * start filled with 0x5a).
 */
#ifndef WMTUNE_TESTS_ZONE_SAME_H
#define WMTUNE_TESTS_ZONE_SAME_H

#include <string.h>

#include "unit.h"
#include "zoneinfo.h"

static void same_both_ways(const char *buf, size_t len)
{
	static struct wm_zoneinfo a, b;
	struct wm_parse_error ea, eb;
	int ra, rb;

	memset(&a.zones[0], 0x5a, sizeof(a.zones[0]) * 4);
	memset(&b.zones[0], 0x5a, sizeof(b.zones[0]) * 4);
	memset(&ea, 0, sizeof(ea));
	memset(&eb, 0, sizeof(eb));
	ra = wm_zoneinfo_parse(buf, len, &a, &ea);
	rb = wm_zoneinfo_parse_walk(buf, len, &b, &eb);
	if (ra != rb || ea.line != eb.line || strcmp(ea.msg, eb.msg) != 0)
		fail_msg("scan %d line %lu '%s', walk %d line %lu '%s' on "
			 "%zu bytes '%.*s'", ra, ea.line, ea.msg, rb, eb.line,
			 eb.msg, len, (int)(len < 300 ? len : 300), buf);
	assert_int_equal(a.nr_zones, b.nr_zones);
	assert_int_equal(a.nr_nodes, b.nr_nodes);
	assert_memory_equal(a.zones, b.zones,
			    a.nr_zones * sizeof(a.zones[0]) + 1);
}

#endif
