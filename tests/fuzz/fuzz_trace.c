// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_trace_parse() (replay's input) on arbitrary bytes. Invariants: a
 * failure is -EBADMSG or -ENOMEM with a message; on success every zone
 * watermark and the failure count appear in the input as digits, the zone
 * count is within bounds, and the line wm_trace_format() writes for the
 * parsed observation parses back to the same zones, sysctls and counts.
 */
#include <errno.h>

#include "fuzz.h"
#include "trace.h"

static struct wm_snapshot snap, again;

static void check_numbers(const char *buf, size_t len)
{
	const struct wm_zoneinfo *zi = &snap.zoneinfo;
	unsigned i;

	FUZZ_CHECK(zi->nr_zones >= 1 && zi->nr_zones <= WM_MAX_ZONES,
		   "%u zones", zi->nr_zones);
	for (i = 0; i < zi->nr_zones; i++) {
		const struct wm_zone *z = &zi->zones[i];

		FUZZ_CHECK(fuzz_has_number(buf, len, z->min), "min %" PRIu64, z->min);
		FUZZ_CHECK(fuzz_has_number(buf, len, z->low), "low %" PRIu64, z->low);
		FUZZ_CHECK(fuzz_has_number(buf, len, z->high), "high %" PRIu64, z->high);
	}
	FUZZ_CHECK(fuzz_has_number(buf, len, snap.sysinfo.vm.min_free_kbytes),
		   "min_free_kbytes %" PRIu64, snap.sysinfo.vm.min_free_kbytes);
}

static void round_trip(const struct wm_trace_point *pt)
{
	struct wm_trace_point pt2;
	struct wm_parse_error err;
	struct wm_buf line = { 0 };
	unsigned i;
	int rc;

	rc = wm_trace_format(&snap, pt, &line);
	if (rc == -EINVAL) { /* a parse that lacks what a line needs */
		wm_buf_free(&line);
		return;
	}
	FUZZ_CHECK(rc == 0, "format: %d", rc);
	fuzz_error_init(&err);
	rc = wm_trace_parse(line.data, line.len, 1, &again, &pt2, &err);
	FUZZ_CHECK(rc == 0, "re-parse: %d: %s", rc, err.msg);
	FUZZ_CHECK(again.zoneinfo.nr_zones == snap.zoneinfo.nr_zones, "zones");
	for (i = 0; i < snap.zoneinfo.nr_zones; i++) {
		const struct wm_zone *a = &snap.zoneinfo.zones[i];
		const struct wm_zone *b = &again.zoneinfo.zones[i];

		FUZZ_CHECK(a->node == b->node && a->type == b->type &&
				   a->free == b->free && a->min == b->min &&
				   a->low == b->low && a->high == b->high &&
				   a->boost == b->boost && a->managed == b->managed,
			   "zone %u differs after a round trip", i);
	}
	FUZZ_CHECK(again.sysinfo.vm.min_free_kbytes == snap.sysinfo.vm.min_free_kbytes &&
			   again.sysinfo.vm.watermark_scale_factor ==
				   snap.sysinfo.vm.watermark_scale_factor,
		   "sysctls differ after a round trip");
	FUZZ_CHECK(pt2.have_failures == pt->have_failures &&
			   (!pt->have_failures || pt2.failures == pt->failures) &&
			   pt2.t_usec == pt->t_usec,
		   "failures or time differ after a round trip");
	wm_buf_free(&line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wm_parse_error err;
	struct wm_trace_point pt;
	char *buf = fuzz_dup(data, size);
	int rc;

	fuzz_error_init(&err);
	rc = wm_trace_parse(buf, size, 1, &snap, &pt, &err);
	if (rc) {
		FUZZ_CHECK(rc == -EBADMSG || rc == -ENOMEM, "errno %d", rc);
		FUZZ_CHECK(rc == -ENOMEM || err.msg[0], "no message");
	} else {
		check_numbers(buf, size);
		if (pt.have_failures)
			FUZZ_CHECK(fuzz_has_number(buf, size, pt.failures),
				   "failures %" PRIu64, pt.failures);
		round_trip(&pt);
	}
	free(buf);
	return 0;
}
