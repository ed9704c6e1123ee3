// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The trace line: a round trip of real snapshots (fixture trees read by
 * lib/observe), and broken lines (truncated at every offset, wrong types,
 * numbers past the bounds) that must give clean errors. Then lib/replay
 * over a trace made here from the lab tree.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "observe.h"
#include "replay.h"
#include "tick.h"
#include "trace.h"

/* big: never on the stack */
static struct wm_snapshot snap, back;
static struct wm_tick_facts facts;
static struct wm_buf line, line2;
static char edit[1 << 21];

static const struct wm_trace_point point = {
	.t_usec = 123456789, .have_failures = true, .failures = 6249,
	.reports = 2, .seq = 598,
};

static int parse(const char *s, struct wm_parse_error *err)
{
	struct wm_trace_point pt;

	memset(err, 0, sizeof(*err));
	return wm_trace_parse(s, strlen(s), 7, &back, &pt, err);
}

static void same_zones(const struct wm_zoneinfo *a, const struct wm_zoneinfo *b)
{
	unsigned i, j;

	assert_int_equal(a->nr_zones, b->nr_zones);
	assert_int_equal(a->nr_nodes, b->nr_nodes);
	for (i = 0; i < a->nr_zones; i++) {
		const struct wm_zone *x = &a->zones[i], *y = &b->zones[i];

		assert_int_equal(x->node, y->node);
		assert_int_equal(x->type, y->type);
		assert_string_equal(x->name, y->name);
		assert_true(x->free == y->free && x->min == y->min &&
			    x->low == y->low && x->high == y->high &&
			    x->boost == y->boost && x->managed == y->managed &&
			    x->present == y->present);
		assert_int_equal(x->nr_protection, y->nr_protection);
		for (j = 0; j < x->nr_protection; j++)
			assert_true(x->protection[j] == y->protection[j]);
	}
}

/* Everything a line carries comes back, and lib/tick sees the same. */
static void round_trip(const char *tree)
{
	static struct wm_policy_input in_a, in_b;
	struct wm_parse_error err = { 0 };
	struct wm_trace_point pt;
	unsigned i;

	wm_test_observe_tree(tree, &snap);
	assert_int_equal(wm_trace_format(&snap, &point, &line), 0);
	assert_true(line.len > 0 && line.data[line.len - 1] == '\n');
	assert_null(memchr(line.data, '\n', line.len - 1));
	if (wm_trace_parse(line.data, line.len, 1, &back, &pt, &err))
		fail_msg("%s: line %lu: %s", tree, err.line, err.msg);
	same_zones(&snap.zoneinfo, &back.zoneinfo);
	assert_true(back.sysinfo.vm.min_free_kbytes == snap.sysinfo.vm.min_free_kbytes);
	assert_true(back.sysinfo.vm.watermark_scale_factor ==
		    snap.sysinfo.vm.watermark_scale_factor);
	assert_int_equal(back.sysinfo.page_size, snap.sysinfo.page_size);
	assert_string_equal(back.sysinfo.release, snap.sysinfo.release);
	assert_memory_equal(&back.sysinfo.kver, &snap.sysinfo.kver,
			    sizeof(snap.sysinfo.kver));
	assert_true(back.vmstat.allocstall == snap.vmstat.allocstall &&
		    back.vmstat.pgscan_direct == snap.vmstat.pgscan_direct &&
		    back.vmstat.pgscan_kswapd == snap.vmstat.pgscan_kswapd &&
		    back.vmstat.kswapd_low_wmark_hit_quickly ==
			    snap.vmstat.kswapd_low_wmark_hit_quickly);
	assert_int_equal(back.psi.present, snap.psi.present);
	assert_true(back.psi.some.avg10 == snap.psi.some.avg10);
	for (i = 0; i < WM_MI__COUNT; i++)
		assert_true(back.meminfo.v[i] == snap.meminfo.v[i]);
	for (i = WM_SRC_ZONEINFO; i <= WM_SRC_PSI; i++)
		assert_int_equal(back.available[i], snap.available[i]);
	assert_true(pt.t_usec == 123456789 && pt.have_failures &&
		    pt.failures == 6249 && pt.reports == 2 && pt.seq == 598);
	/* the same line again: the format is a fixed point */
	assert_int_equal(wm_trace_format(&back, &pt, &line2), 0);
	assert_int_equal(line2.len, line.len);
	assert_memory_equal(line2.data, line.data, line.len);
	/* lib/tick takes the parsed line unchanged, and sees the same */
	assert_int_equal(wm_tick_input(&snap, NULL, 5, 1, &facts, &in_a), 0);
	assert_int_equal(wm_tick_input(&back, NULL, 5, 1, &facts, &in_b), 0);
	assert_memory_equal(&in_a, &in_b, sizeof(in_a));
}

static void test_round_trip_local(void **state)
{
	(void)state;
	round_trip("local-6.18");
	/* real values of that capture */
	assert_int_equal(back.zoneinfo.nr_zones, 5);
	assert_string_equal(back.zoneinfo.zones[1].name, "DMA32");
	assert_true(back.zoneinfo.zones[1].min == 8532);
	assert_true(back.zoneinfo.zones[2].managed == 753664);
	assert_true(back.sysinfo.vm.min_free_kbytes == 67584);
	assert_false(back.available[WM_SRC_MEMINFO]); /* the tree has none */
	assert_non_null(strstr(line.data, "\"meminfo\":null"));
}

static void test_round_trip_lab(void **state)
{
	(void)state;
	round_trip("lab-6.1");
	assert_true(back.zoneinfo.zones[1].min == 363);
	assert_true(back.zoneinfo.zones[1].managed == 39121);
	assert_true(back.meminfo.mem_total_kb == 171844);
	assert_true(back.psi.some.avg10 == 831);
	assert_true(back.sysinfo.vm.min_free_kbytes == 1611);
}

static void test_truncated_everywhere(void **state)
{
	struct wm_parse_error err;
	struct wm_trace_point pt;
	size_t n;

	(void)state;
	wm_test_observe_tree("lab-6.1", &snap);
	assert_int_equal(wm_trace_format(&snap, &point, &line), 0);
	/* every proper prefix of the object (the '\n' excluded) */
	for (n = 0; n < line.len - 1; n++) {
		memset(&err, 0, sizeof(err));
		assert_int_equal(wm_trace_parse(line.data, n, 3, &snap, &pt, &err),
				 -EBADMSG);
		assert_int_equal(err.line, 3);
		assert_true(err.msg[0] != '\0');
		/* a failed parse leaves nothing that looks available */
		assert_int_equal(snap.zoneinfo.nr_zones, 0);
		assert_false(snap.available[WM_SRC_ZONEINFO]);
	}
	assert_int_equal(wm_trace_parse(line.data, line.len - 1, 3, &snap, &pt,
					&err), 0);
}

/* The lab line with the first `from` replaced by `to`, into edit. */
static const char *edited(const char *from, const char *to)
{
	const char *at;

	wm_test_observe_tree("lab-6.1", &snap);
	assert_int_equal(wm_trace_format(&snap, &point, &line), 0);
	at = strstr(line.data, from);
	if (!at)
		fail_msg("'%s' is not in the line", from);
	snprintf(edit, sizeof(edit), "%.*s%s%s", (int)(at - line.data),
		 line.data, to, at + strlen(from));
	return edit;
}

static void expect(const char *from, const char *to, const char *msg)
{
	struct wm_parse_error err;

	assert_int_equal(parse(edited(from, to), &err), -EBADMSG);
	if (!strstr(err.msg, msg))
		fail_msg("for %s -> %s: '%s' lacks '%s'", from, to, err.msg, msg);
	assert_int_equal(err.line, 7);
}

static void test_wrong_types(void **state)
{
	(void)state;
	expect("\"min_free_kbytes\":1611", "\"min_free_kbytes\":\"1611\"",
	       "sysctls.min_free_kbytes: expected a whole number, not a string");
	expect("\"min_free_kbytes\":1611", "\"min_free_kbytes\":null",
	       "sysctls.min_free_kbytes: expected a whole number, not null");
	expect("\"free_pages\":576", "\"free_pages\":576.5",
	       "zones[1].free_pages: expected a whole number, not a number");
	expect("\"free_pages\":576", "\"free_pages\":-576",
	       "zones[1].free_pages: must not be negative");
	expect("\"zones\":[", "\"zones\":7,\"x\":[",
	       "zones: expected an array, not a whole number");
	expect("{\"node\":0,\"zone\":\"DMA32\"", "7,{\"node\":0,\"zone\":\"DMA32\"",
	       "zones[1]: expected an object");
	expect("\"zone\":\"DMA32\"", "\"zone\":\"DMA33\"", "zones[1].zone: not a zone");
	expect("\"t_usec\":123456789,", "", "t_usec: missing");
	expect("\"schema\":1", "\"schema\":2", "schema: not 1");
	expect("\"psi\":{\"some_avg10_x100\":831}", "\"psi\":[831]",
	       "psi: expected an object or null, not an array");
	expect("\"protection\":[0,0,0,0,0]", "\"protection\":[0,true]",
	       "zones[1].protection: expected whole numbers");
	expect("\"failures\":{\"atomic\":6249", "\"failures\":{\"atomic\":1",
	       "failures.reports: more reports than failures");
	expect("{\"schema\"", "[{\"schema\"", "");
	expect("\"seq\":598}}", "\"seq\":598}} {}", "");
	expect("\"seq\":598}}", "\"seq\":598}},", "");
	expect("\"kernel_release\":\"6.1.0-56-amd64\"",
	       "\"kernel_release\":\"6.1\\u0000x\"", "kernel_release: too long or not text");
}

static void test_huge_numbers(void **state)
{
	static char big[300];

	(void)state;
	expect("\"free_pages\":576", "\"free_pages\":18446744073709551616",
	       "a number past 2^64");
	expect("\"free_pages\":576", "\"free_pages\":-99999999999999999999999",
	       "a number past 2^64");
	expect("\"free_pages\":576", "\"free_pages\":18446744073709551615",
	       "zones[1].free_pages: 18446744073709551615 is out of range");
	expect("\"min_free_kbytes\":1611", "\"min_free_kbytes\":2147483648",
	       "sysctls.min_free_kbytes: 2147483648 is out of range");
	expect("\"page_size_bytes\":4096", "\"page_size_bytes\":3000",
	       "page_size_bytes: not a power of two");
	expect("\"page_size_bytes\":4096", "\"page_size_bytes\":2097152",
	       "page_size_bytes: 2097152 is out of range");
	expect("{\"node\":0,\"zone\":\"DMA32\"", "{\"node\":64,\"zone\":\"DMA32\"",
	       "zones[1].node: 64 is out of range");
	/* a digit string inside a string is not a number */
	assert_int_equal(parse(edited("6.1.0-56-amd64", "6.1.0-99999999999999999999999"),
			       &(struct wm_parse_error){ 0 }), 0);
	memset(big, 'x', sizeof(big) - 1);
	expect("6.1.0-56-amd64", big, "kernel_release: too long");
}

#define ZONE_FMT "{\"node\":%u,\"zone\":\"%s\",\"free_pages\":1," \
		 "\"min_pages\":1,\"low_pages\":1,\"high_pages\":1," \
		 "\"boost_pages\":null,\"managed_pages\":10," \
		 "\"present_pages\":null,\"protection\":[]}"

/* Build a line with n zones (all in node/zone pattern) and parse it. */
static int many_zones(unsigned n, unsigned per_node, struct wm_parse_error *err)
{
	static const char *const names[] = { "DMA", "DMA32", "Normal", "Movable",
					     "HighMem", "Device" };
	size_t off;
	unsigned i;

	off = (size_t)snprintf(edit, sizeof(edit), "{\"schema\":1,\"t_usec\":1,"
			       "\"sysctls\":{\"min_free_kbytes\":128,"
			       "\"watermark_scale_factor\":null},"
			       "\"page_size_bytes\":4096,\"kernel_release\":\"\","
			       "\"zones\":[");
	for (i = 0; i < n; i++) {
		off += (size_t)snprintf(edit + off, sizeof(edit) - off, i ? "," : "");
		off += (size_t)snprintf(edit + off, sizeof(edit) - off, ZONE_FMT,
					i / per_node, names[i % per_node % 6]);
	}
	snprintf(edit + off, sizeof(edit) - off, "],\"vmstat\":null,\"psi\":null,"
		 "\"meminfo\":null,\"failures\":null}");
	memset(err, 0, sizeof(*err));
	return parse(edit, err);
}

static void test_bounds(void **state)
{
	struct wm_parse_error err;
	struct wm_trace_point pt;
	char *huge;

	(void)state;
	assert_int_equal(many_zones(WM_MAX_ZONES, 8, &err), 0);
	assert_int_equal(back.zoneinfo.nr_zones, WM_MAX_ZONES);
	assert_int_equal(back.zoneinfo.nr_nodes, WM_MAX_NODES);
	/* the nulls: unknown, and those parts not available */
	assert_true(back.sysinfo.vm.watermark_scale_factor == WM_UNKNOWN);
	assert_true(back.zoneinfo.zones[0].boost == WM_UNKNOWN);
	assert_false(back.available[WM_SRC_VMSTAT]);
	assert_false(back.available[WM_SRC_PSI]);
	assert_false(back.psi.present);
	assert_int_equal(many_zones(WM_MAX_ZONES + 1, 8, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "zones: more zones than the bound"));
	assert_int_equal(many_zones(9, 9, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "zones[8].node: more zones in one node"));
	assert_int_equal(many_zones(0, 1, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "zones: no zone"));
	expect("\"protection\":[0,0,0,0,0]", "\"protection\":[0,0,0,0,0,0,0,0,0]",
	       "zones[1].protection: more entries than the bound");
	/* over 1 MiB, a NUL byte, an empty line, nesting too deep */
	huge = malloc(WM_TRACE_LINE_MAX + 2);
	assert_non_null(huge);
	memset(huge, ' ', WM_TRACE_LINE_MAX + 1);
	huge[0] = '{';
	huge[WM_TRACE_LINE_MAX] = '}';
	assert_int_equal(wm_trace_parse(huge, WM_TRACE_LINE_MAX + 1, 1, &back, &pt,
					&err), -EBADMSG);
	assert_non_null(strstr(err.msg, "longer than 1 MiB"));
	free(huge);
	assert_int_equal(wm_trace_parse("{\"a\0\":1}", 9, 1, &back, &pt, &err),
			 -EBADMSG);
	assert_non_null(strstr(err.msg, "a NUL byte"));
	assert_int_equal(wm_trace_parse("\n", 1, 1, &back, &pt, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "empty"));
	memset(edit, '[', 4000);
	edit[4000] = '\0';
	assert_int_equal(parse(edit, &err), -EBADMSG);
}

static void test_format_needs(void **state)
{
	(void)state;
	wm_test_observe_tree("lab-6.1", &snap);
	snap.sysinfo.vm.min_free_kbytes = WM_UNKNOWN;
	assert_int_equal(wm_trace_format(&snap, &point, &line), -EINVAL);
	wm_test_observe_tree("lab-6.1", &snap);
	snap.sysinfo.page_size = 0;
	assert_int_equal(wm_trace_format(&snap, &point, &line), -EINVAL);
	wm_test_observe_tree("lab-6.1", &snap);
	snap.available[WM_SRC_PSI] = false;
	assert_int_equal(wm_trace_format(&snap, &(struct wm_trace_point){ .t_usec = 5 },
					 &line), 0);
	assert_non_null(strstr(line.data, "\"psi\":null"));
	assert_non_null(strstr(line.data, "\"failures\":null"));
}

/*
 * lib/replay over two lab lines 10 s apart: the first with the boot's
 * 6249 failures, the second with none. seed-v1 doubles 1611 at once, but
 * its cap is 1% of MemTotal 171844 kB = 1718; nothing more happens.
 */
static void test_replay_two_lines(void **state)
{
	struct wm_trace_point pt = point;
	struct wm_parse_error err = { 0 };
	struct wm_replay r;
	struct wm_policy p;
	struct wm_buf trace = { 0 };

	(void)state;
	wm_test_observe_tree("lab-6.1", &snap);
	pt.t_usec = 10000000;
	assert_int_equal(wm_trace_format(&snap, &pt, &line), 0);
	assert_int_equal(wm_buf_append(&trace, line.data, line.len), 0);
	pt.t_usec = 20000000;
	pt.failures = pt.reports = 0;
	assert_int_equal(wm_trace_format(&snap, &pt, &line), 0);
	assert_int_equal(wm_buf_append(&trace, line.data, line.len), 0);

	assert_int_equal(wm_policy_preset("seed-v1", &p), 0);
	assert_int_equal(wm_replay_run(trace.data, trace.len, &p, &r, &err), 0);
	assert_int_equal(r.nr_changes, 1);
	assert_int_equal(r.changes[0].line, 1);
	assert_true(r.changes[0].old_value == 1611 && r.changes[0].new_value == 1718);
	assert_string_equal(r.changes[0].reasons[0], "atomic_failures");
	assert_true(r.sum.mean[WM_KNOB_MIN_FREE_KBYTES] == 1718);
	assert_true(r.sum.failures == 6249 && r.sum.failures_below_later == 6249);
	/*
	 * totalreserve = sum of high (+ the unchanged lowmem_reserve). The
	 * model recomputes the baseline too (the tree's marks are stale):
	 * 1611 kB = 402 pages over lowmem 3840 + 39121 = 42961 managed:
	 * DMA min 402*3840/42961 = 35, high 35 + 2*(35/4) = 51; DMA32 min
	 * 366, high 366 + 2*91 = 548. At 1718 kB = 429 pages: DMA 38,
	 * high 56; DMA32 390, high 584. (5 + 36) pages * 4 = 164 kB.
	 */
	assert_true(r.sum.held_known);
	assert_int_equal(r.sum.held_kbytes_peak, 164);
	assert_int_equal(r.sum.held_kbytes_mean, 164);
	wm_replay_free(&r);

	/* time that goes backwards is malformed */
	pt.t_usec = 19999999;
	assert_int_equal(wm_trace_format(&snap, &pt, &line), 0);
	assert_int_equal(wm_buf_append(&trace, line.data, line.len), 0);
	assert_int_equal(wm_replay_run(trace.data, trace.len, &p, &r, &err), -EBADMSG);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "backwards"));
	wm_replay_free(&r);
	assert_int_equal(wm_replay_run("", 0, &p, &r, &err), -ENODATA);
	wm_replay_free(&r);
	wm_buf_free(&trace);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_local),
		cmocka_unit_test(test_round_trip_lab),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_huge_numbers),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_format_needs),
		cmocka_unit_test(test_replay_two_lines),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	wm_buf_free(&line);
	wm_buf_free(&line2);
	return rc;
}
