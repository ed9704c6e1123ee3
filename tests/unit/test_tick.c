// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_tick_input() remembers the model's verdict between ticks (facts->memo).
 * Whatever changes between two calls, in the snapshot or in facts->model
 * behind its back (replay and apply rewrite it), every result must be the
 * one a fresh, zeroed facts gives.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "tick.h"

/* big: never on the stack */
static struct wm_snapshot base, snap;
static struct wm_tick_facts facts, fresh;
static struct wm_policy_input in, in_fresh;

/* The tightest zone is named as snprintf("Node %u %s") names it. */
static void label_is_snprintf(const struct wm_snapshot *s)
{
	char want[sizeof(in.tightest_zone)];
	unsigned i;

	for (i = 0; i < s->zoneinfo.nr_zones; i++) {
		const struct wm_zone *z = &s->zoneinfo.zones[i];

		snprintf(want, sizeof(want), "Node %u %.15s", z->node, z->name);
		if (z->free == in.tightest_free_pages &&
		    z->min == in.tightest_min_pages &&
		    strcmp(want, in.tightest_zone) == 0)
			return;
	}
	fail_msg("tightest zone '%s' is none of the zones", in.tightest_zone);
}

/*
 * The tightest zone by its definition, worked out here apart from
 * lib/tick.c (whose memo answers for fresh facts too): the populated
 * lowmem zone with a min and known free pages whose free/min is least,
 * the first of equals; its label as snprintf() makes it, zeros after.
 */
static void tightest_is_least(const struct wm_snapshot *s)
{
	const struct wm_zone *best = NULL;
	char want[sizeof(in.tightest_zone)];
	unsigned i;

	for (i = 0; i < s->zoneinfo.nr_zones; i++) {
		const struct wm_zone *z = &s->zoneinfo.zones[i];
		uint64_t managed = z->managed != WM_UNKNOWN ? z->managed :
							      z->present;

		if (z->type == WM_ZONE_HIGHMEM || z->type == WM_ZONE_MOVABLE ||
		    managed == 0 || managed == WM_UNKNOWN || z->min == 0 ||
		    z->free == WM_UNKNOWN)
			continue;
		if (!best || (long double)z->free / z->min <
				     (long double)best->free / best->min)
			best = z;
	}
	if (!best) {
		assert_true(in.tightest_free_pages == WM_UNKNOWN &&
			    in.tightest_min_pages == 0);
		assert_true(in.tightest_zone[0] == '\0');
		return;
	}
	memset(want, 0, sizeof(want));
	snprintf(want, sizeof(want), "Node %u %.15s", best->node, best->name);
	assert_true(in.tightest_free_pages == best->free &&
		    in.tightest_min_pages == best->min);
	assert_memory_equal(in.tightest_zone, want, sizeof(want));
}

/* The same tick with the kept facts and with fresh ones; returns rc. */
static int same_as_fresh(const struct wm_snapshot *s)
{
	const struct wm_model_input *a = &facts.model, *b = &fresh.model;
	int rc, rc_fresh;

	rc = wm_tick_input(s, &base.vmstat, 3, 1, &facts, &in);
	memset(&fresh, 0, sizeof(fresh));
	rc_fresh = wm_tick_input(s, &base.vmstat, 3, 1, &fresh, &in_fresh);
	assert_int_equal(rc, rc_fresh);
	if (rc == 0)
		assert_memory_equal(&in, &in_fresh, sizeof(in));
	if (rc == 0 && in.tightest_free_pages != WM_UNKNOWN)
		label_is_snprintf(s);
	if (rc == 0)
		tightest_is_least(s);
	if (rc == 0 || rc == -EPROTO)
		assert_memory_equal(&facts.check, &fresh.check,
				    sizeof(facts.check));
	if (rc == -EINVAL)
		return rc;
	assert_int_equal(a->nr_zones, b->nr_zones);
	assert_memory_equal(a->zones, b->zones,
			    b->nr_zones * sizeof(b->zones[0]));
	assert_true(a->min_free_kbytes == b->min_free_kbytes &&
		    a->watermark_scale_factor == b->watermark_scale_factor &&
		    a->page_size == b->page_size);
	assert_memory_equal(&a->kver, &b->kver, sizeof(a->kver));
	return rc;
}

static void test_memo_local(void **state)
{
	struct wm_zone *z;
	unsigned i, k;

	(void)state;
	wm_test_observe_tree("local-6.18", &base);
	snap = base;
	memset(&facts, 0, sizeof(facts));
	assert_int_equal(same_as_fresh(&snap), 0);
	assert_true(facts.memo.valid);
	assert_int_equal(facts.check.result, WM_CHECK_OK);
	/* the same watermarks, other free pages: the memo answers */
	z = &snap.zoneinfo.zones[2];
	z->free = 12;
	assert_int_equal(same_as_fresh(&snap), 0);
	assert_true(facts.memo.valid);
	assert_true(in.tightest_free_pages == 12);
	assert_string_equal(in.tightest_zone, "Node 0 Normal");
	/* a sysctl the zones do not show (someone else just wrote it) */
	snap.sysinfo.vm.min_free_kbytes = 90000;
	assert_int_equal(same_as_fresh(&snap), -EPROTO);
	assert_false(facts.memo.valid);
	snap.sysinfo.vm.min_free_kbytes = base.sysinfo.vm.min_free_kbytes;
	assert_int_equal(same_as_fresh(&snap), 0);
	/* replay and apply rewrite facts->model between ticks */
	assert_int_equal(wm_model_input_init(&facts.model, &snap.zoneinfo,
					     1024, 10, 4096, NULL), 0);
	assert_int_equal(same_as_fresh(&snap), 0);
	facts.model.nr_zones = 2;
	assert_int_equal(same_as_fresh(&snap), 0);
	/* every input of the model, one at a time */
	snap.sysinfo.vm.watermark_scale_factor = 11;
	same_as_fresh(&snap);
	snap.sysinfo.vm.watermark_scale_factor = WM_UNKNOWN;
	same_as_fresh(&snap);
	snap = base;
	snap.sysinfo.kver.minor = 1;
	same_as_fresh(&snap);
	snap.sysinfo.kver.major = 4;
	same_as_fresh(&snap);
	snap = base;
	snap.sysinfo.page_size = 3000;
	assert_int_equal(same_as_fresh(&snap), -EINVAL);
	snap.sysinfo.page_size = 16384;
	same_as_fresh(&snap);
	snap = base;
	assert_int_equal(same_as_fresh(&snap), 0);
	snap.zoneinfo.zones[2].min++;
	assert_int_equal(same_as_fresh(&snap), -EPROTO);
	snap = base;
	snap.zoneinfo.zones[3].boost = 5;
	same_as_fresh(&snap);
	snap = base;
	snap.zoneinfo.zones[2].managed -= 100;
	same_as_fresh(&snap);
	snap = base;
	snap.zoneinfo.zones[1].protection[1] = 7;
	same_as_fresh(&snap);
	snap = base;
	snap.zoneinfo.zones[4].nr_protection = 1;
	same_as_fresh(&snap);
	snap = base;
	snap.zoneinfo.zones[0].cma = 3;	/* not a model input: still right */
	assert_int_equal(same_as_fresh(&snap), 0);
	snap = base;
	snap.zoneinfo.nr_zones = 3;
	same_as_fresh(&snap);
	snap.zoneinfo.nr_zones = 0;
	assert_int_equal(same_as_fresh(&snap), -EINVAL);
	/* each zone's first and last bytes (one comparison covers all) */
	for (i = 0; i < base.zoneinfo.nr_zones; i++) {
		snap = base;
		z = &snap.zoneinfo.zones[i];
		z->node = 1;
		same_as_fresh(&snap);
		snap = base;
		z->min = z->min * 2 + 1;
		assert_int_equal(same_as_fresh(&snap), -EPROTO);
		snap = base;
		if (z->nr_protection)
			z->protection[z->nr_protection - 1] += 1000000;
		same_as_fresh(&snap);
		snap = base;
		z->high = z->high * 2 + 1;
		assert_int_equal(same_as_fresh(&snap), -EPROTO);
		/* and every free count at once: the memo still answers */
		snap = base;
		for (k = 0; k < snap.zoneinfo.nr_zones; k++)
			snap.zoneinfo.zones[k].free += k + 1;
		assert_int_equal(same_as_fresh(&snap), 0);
		assert_true(facts.memo.valid);
	}
	snap = base;
	assert_int_equal(same_as_fresh(&snap), 0);
	assert_true(facts.memo.valid);
	/* MemTotal is read every tick, not remembered */
	snap.meminfo.mem_total_kb = 1000;
	assert_int_equal(same_as_fresh(&snap), 0);
	assert_true(in.mem_total_kbytes == 1000);
}

/* One facts across the machines of every tree, and back. */
static void test_memo_trees(void **state)
{
	static const char *const trees[] = {
		"lab-6.1", "rhel8-4.18", "debian11-5.10", "ubuntu-3.2",
		"android-3.4-highmem", "numa-2.6.15", "local-6.18", "lab-6.1",
	};
	unsigned i;

	(void)state;
	memset(&facts, 0, sizeof(facts));
	for (i = 0; i < WM_ARRAY_SIZE(trees); i++) {
		wm_test_observe_tree(trees[i], &base);
		assert_int_equal(same_as_fresh(&base), 0);
		assert_int_equal(same_as_fresh(&base), 0);
		assert_true(facts.memo.valid);
	}
}

/*
 * A daemon reads meminfo only where zoneinfo has no managed pages, and
 * the zones' sum it takes instead is MemTotal (lab-6.1: 171844 kB both).
 */
static void test_tick_files(void **state)
{
	static const struct {
		const char *tree;
		bool meminfo;
	} trees[] = {
		{ "lab-6.1", false }, { "lab-6.1-failing", false },
		{ "rhel8-4.18", false }, { "debian11-5.10", false },
		{ "local-6.18", false }, { "predict-unknown", false },
		/* before 3.8: no "managed" line */
		{ "ubuntu-3.2", true }, { "android-3.4-highmem", true },
		{ "numa-2.6.15", true },
	};
	const unsigned mem = WM_OBS_BIT(WM_OBS_MEMINFO);
	unsigned i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(trees); i++) {
		wm_test_observe_tree(trees[i].tree, &base);
		assert_int_equal(wm_tick_files(&base),
				 WM_OBS_TICK | (trees[i].meminfo ? mem : 0));
	}
	assert_int_equal(WM_OBS_TICK & mem, 0);
	/* one zone without "managed" is enough; no zones: read it too */
	wm_test_observe_tree("lab-6.1", &base);
	snap = base;
	snap.zoneinfo.zones[3].managed = WM_UNKNOWN;
	assert_int_equal(wm_tick_files(&snap), WM_OBS_TICK | mem);
	snap.zoneinfo.nr_zones = 0;
	assert_int_equal(wm_tick_files(&snap), WM_OBS_TICK | mem);

	/* MemTotal read, and not read: the same total */
	assert_true(base.available[WM_SRC_MEMINFO]);
	assert_true(base.meminfo.mem_total_kb == 171844);
	memset(&facts, 0, sizeof(facts));
	assert_int_equal(same_as_fresh(&base), 0);
	assert_true(in.mem_total_kbytes == 171844);
	snap = base;
	wm_meminfo_init(&snap.meminfo);
	snap.available[WM_SRC_MEMINFO] = false;
	assert_int_equal(same_as_fresh(&snap), 0);
	assert_true(in.mem_total_kbytes == 171844);
}

/*
 * While the memo holds, tick after tick: the tightest zone moves from
 * zone to zone and back (its label made again or kept), zones with
 * free pages unknown or none, lowmem or not (the highmem tree), and
 * facts->model scribbled on between ticks; all as fresh facts and as
 * the definition say.
 */
static void test_memo_tightest(void **state)
{
	static const char *const trees[] = { "local-6.18",
					     "android-3.4-highmem", "lab-6.1" };
	static const uint64_t frees[] = { 0, 1, 7, 500, 100000, WM_UNKNOWN };
	unsigned t, r, k, n;

	(void)state;
	srand(4);
	for (t = 0; t < WM_ARRAY_SIZE(trees); t++) {
		wm_test_observe_tree(trees[t], &base);
		snap = base;
		memset(&facts, 0, sizeof(facts));
		n = snap.zoneinfo.nr_zones;
		for (r = 0; r < 400; r++) {
			for (k = 0; k < n; k++)
				snap.zoneinfo.zones[k].free =
					frees[(unsigned)rand() %
					      WM_ARRAY_SIZE(frees)];
			if (r % 7 == 3)
				memset(facts.model.zones, 0xa5,
				       n * sizeof(facts.model.zones[0]));
			if (r % 11 == 5) {
				facts.model.page_size = 1;
				facts.model.kver.patch = 77;
				facts.model.nr_zones = 1;
				facts.model.min_free_kbytes = 3;
				facts.model.watermark_scale_factor = 4;
			}
			assert_int_equal(same_as_fresh(&snap), 0);
			assert_true(facts.memo.valid);
		}
		/* every zone once the tightest, in turn and back */
		for (r = 0; r < 2 * n; r++) {
			for (k = 0; k < n; k++)
				snap.zoneinfo.zones[k].free = 1000000;
			snap.zoneinfo.zones[r % n].free = 0;
			assert_int_equal(same_as_fresh(&snap), 0);
		}
	}
}

/*
 * wm_tick_keep_vmstat(): a prev that has only the counters kept gives
 * the same input as the whole of the last tick's vmstat, and the
 * counters it keeps are exactly WM_TICK_VMSTAT.
 */
static void test_keep_vmstat(void **state)
{
	static struct wm_vmstat last, kept;
	struct wm_policy_input whole;
	unsigned i;

	(void)state;
	wm_test_observe_tree("local-6.18", &base);
	last = base.vmstat;
	for (i = 0; i < WM_VM__COUNT; i++)
		last.v[i] = base.vmstat.v[i] == WM_UNKNOWN ? WM_UNKNOWN :
			    base.vmstat.v[i] / 2;
	memset(&kept, 0x5a, sizeof(kept));
	wm_tick_keep_vmstat(&kept, &last);
	for (i = 0; i < WM_VM__COUNT; i++)
		if (WM_TICK_VMSTAT & WM_VM_BIT(i))
			assert_true(kept.v[i] == last.v[i]);
		else
			assert_true(kept.v[i] == 0x5a5a5a5a5a5a5a5aULL);
	memset(&facts, 0, sizeof(facts));
	assert_int_equal(wm_tick_input(&base, &last, 0, 0, &facts, &whole),
			 0);
	assert_int_equal(wm_tick_input(&base, &kept, 0, 0, &facts, &in), 0);
	assert_memory_equal(&in, &whole, sizeof(in));
	assert_true(in.allocstall_delta != WM_UNKNOWN &&
		    in.pgscan_direct_delta != WM_UNKNOWN);
}

/* More zones than the memo holds: computed afresh every time. */
static void test_memo_many_zones(void **state)
{
	unsigned i, nodes = WM_TICK_MEMO_ZONES / 5 + 2;

	(void)state;
	wm_test_observe_tree("local-6.18", &base);
	snap = base;
	for (i = 0; i < nodes * 5; i++) {
		snap.zoneinfo.zones[i] = base.zoneinfo.zones[i % 5];
		snap.zoneinfo.zones[i].node = i / 5;
	}
	snap.zoneinfo.nr_zones = nodes * 5;
	snap.zoneinfo.nr_nodes = nodes;
	assert_true(snap.zoneinfo.nr_zones > WM_TICK_MEMO_ZONES);
	memset(&facts, 0, sizeof(facts));
	same_as_fresh(&snap);
	assert_false(facts.memo.valid);
	snap.sysinfo.vm.min_free_kbytes *= nodes;
	same_as_fresh(&snap);
	assert_false(facts.memo.valid);
	assert_int_equal(same_as_fresh(&base), 0);
	assert_true(facts.memo.valid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memo_local),
		cmocka_unit_test(test_memo_trees),
		cmocka_unit_test(test_tick_files),
		cmocka_unit_test(test_memo_many_zones),
		cmocka_unit_test(test_memo_tightest),
		cmocka_unit_test(test_keep_vmstat),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
