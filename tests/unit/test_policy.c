// SPDX-License-Identifier: GPL-2.0-or-later
/* The policy with synthetic time: every number below is worked by hand. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "policy.h"

#define SEC(s) ((uint64_t)(s) * WM_USEC_PER_SEC)
#define T0 SEC(1000) /* an arbitrary non-zero start */

struct sim {
	struct wm_policy p;
	struct wm_knob_memory mem[WM_KNOB_COUNT];
	struct wm_policy_input in;
	struct wm_decision d;
};

static void sim_init(struct sim *s, const char *preset, uint64_t mfk,
		     uint64_t wsf)
{
	memset(s, 0, sizeof(*s));
	assert_int_equal(wm_policy_preset(preset, &s->p), 0);
	s->mem[WM_KNOB_MIN_FREE_KBYTES].baseline = mfk;
	s->mem[WM_KNOB_WSF].baseline = wsf;
	s->in.current[WM_KNOB_MIN_FREE_KBYTES] = mfk;
	s->in.current[WM_KNOB_WSF] = wsf;
	s->in.mem_total_kbytes = 4194304;   /* 4 GiB: 1% = 41943 kB */
	s->in.kernel_default_mfk = 8192;    /* the kernel's value at 4 GiB */
	s->in.mfk_hard_max = WM_UNKNOWN;
	s->in.wsf_kernel_max = 3000;
	s->in.wsf_effective = 28;
	s->in.allocstall_delta = 0;
	s->in.pgscan_direct_delta = 0;
	s->in.kswapd_low_wmark_hit_quickly_delta = 0;
	s->in.psi_some_avg10_x100 = 0;
	s->in.tightest_free_pages = 100000;
	s->in.tightest_min_pages = 8000;
}

/* One tick at time t with `failures` atomic failures; applies the result. */
static void tick(struct sim *s, uint64_t t, uint64_t failures)
{
	enum wm_knob k;

	s->in.atomic_failures = failures;
	s->in.atomic_reports = failures ? 1 : 0;
	wm_policy_decide(&s->p, s->mem, &s->in, t, &s->d);
	wm_policy_commit(&s->d, s->mem, t);
	for (k = 0; k < WM_KNOB_COUNT; k++)
		if (s->d.knob[k].change)
			s->in.current[k] = s->d.knob[k].proposed;
}

static bool has_reason(const struct wm_knob_decision *kd, const char *code)
{
	unsigned i;

	for (i = 0; i < kd->nr_reasons; i++)
		if (strcmp(kd->reasons[i].code, code) == 0)
			return true;
	return false;
}

static void test_default_raises_on_failure_and_debounces(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s, "default", 8192, 10);
	tick(&s, T0, 5);
	assert_true(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].change);
	/* the first raise is large: +200% */
	assert_int_equal(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].proposed, 24576);
	assert_true(has_reason(&s.d.knob[WM_KNOB_MIN_FREE_KBYTES], "atomic_failures"));
	assert_false(s.d.knob[WM_KNOB_WSF].change);
	/* 5 s later: held by the 10 s debounce, and kept */
	tick(&s, T0 + SEC(5), 60);
	assert_false(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].change);
	assert_true(has_reason(&s.d.knob[WM_KNOB_MIN_FREE_KBYTES], "debounced"));
	assert_int_equal(s.mem[WM_KNOB_MIN_FREE_KBYTES].pending_usec, T0 + SEC(5));
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 24576);
	/* 11 s after the raise, with no new failure, the kept one acts; the
	 * cap is the larger of 1% of RAM (41943) and 4 x the default (32768) */
	tick(&s, T0 + SEC(11), 0);
	assert_true(has_reason(&s.d.knob[WM_KNOB_MIN_FREE_KBYTES], "pending_failures"));
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 41943);
	assert_int_equal(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].cap, 41943);
	assert_int_equal(s.mem[WM_KNOB_MIN_FREE_KBYTES].pending_usec, 0);
	/* nothing left pending: the next tick is calm */
	tick(&s, T0 + SEC(12), 0);
	assert_false(s.d.signal[WM_KNOB_MIN_FREE_KBYTES]);
}

/* Without defer (the seeds), a failure during the debounce is forgotten. */
static void test_no_defer_forgets_debounced_failures(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s, "default", 8192, 10);
	s.p.defer = false;
	tick(&s, T0, 5);
	tick(&s, T0 + SEC(5), 60);
	assert_int_equal(s.mem[WM_KNOB_MIN_FREE_KBYTES].pending_usec, 0);
	tick(&s, T0 + SEC(11), 0);
	assert_false(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].change);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 24576);
}

static void test_default_cap_is_larger_of_ram_share_and_4x_default(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s, "default", 1611, 10);
	s.in.mem_total_kbytes = 262144;   /* 256 MiB: 1% = 2621 kB */
	s.in.kernel_default_mfk = 1611;   /* 4x = 6444 kB wins */
	assert_int_equal(wm_policy_cap(&s.p, &s.in, WM_KNOB_MIN_FREE_KBYTES), 6444);
	s.in.mfk_hard_max = 5000;         /* 5% of lowmem / zone quarter */
	assert_int_equal(wm_policy_cap(&s.p, &s.in, WM_KNOB_MIN_FREE_KBYTES), 5000);
	s.in.wsf_kernel_max = 1000;
	assert_int_equal(wm_policy_cap(&s.p, &s.in, WM_KNOB_WSF), 1000);
}

static void test_escalates_when_capped(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s, "default", 41943, 10);
	tick(&s, T0, 3);
	assert_false(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].change);
	assert_true(has_reason(&s.d.knob[WM_KNOB_MIN_FREE_KBYTES], "at_cap"));
	assert_true(s.d.knob[WM_KNOB_WSF].change);
	assert_true(has_reason(&s.d.knob[WM_KNOB_WSF], "escalated"));
	/* from WSF 10 the first step starts where WSF widens the gap: 28;
	 * an escalation takes the factor's own step, +50% */
	assert_int_equal(s.d.knob[WM_KNOB_WSF].proposed, 42);
}

static void test_proactive_headroom_moves_wsf(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s, "default", 16384, 10);
	s.in.tightest_free_pages = 8800;  /* = min * 1.10: within 10% */
	s.in.tightest_min_pages = 8000;
	strcpy(s.in.tightest_zone, "Node 0 Normal");
	tick(&s, T0, 0);
	assert_false(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].change);
	assert_true(s.d.knob[WM_KNOB_WSF].change);
	assert_int_equal(s.d.knob[WM_KNOB_WSF].proposed, 42);
	assert_true(has_reason(&s.d.knob[WM_KNOB_WSF], "low_headroom"));
	/* 8801 is outside the 10% band: no signal */
	sim_init(&s, "default", 16384, 10);
	s.in.tightest_free_pages = 8801;
	s.in.tightest_min_pages = 8000;
	tick(&s, T0, 0);
	assert_false(s.d.signal[WM_KNOB_WSF]);
	/* failures in the same tick decide alone: only min_free_kbytes */
	sim_init(&s, "default", 16384, 10);
	s.in.tightest_free_pages = 8000;
	tick(&s, T0, 3);
	assert_true(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].change);
	assert_false(s.d.signal[WM_KNOB_WSF]);
	assert_false(s.d.knob[WM_KNOB_WSF].change);
}

/*
 * Streaming I/O keeps direct reclaim, kswapd and PSI busy with free memory
 * far above min (the lab): alone they raise nothing; beside low headroom
 * they are reported as its evidence.
 */
static void test_reclaim_psi_and_kswapd_only_corroborate(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s, "default", 16384, 100);
	s.in.allocstall_delta = 3;
	s.in.psi_some_avg10_x100 = 2000;
	s.in.kswapd_low_wmark_hit_quickly_delta = 150;
	tick(&s, T0, 0);
	assert_false(s.d.signal[WM_KNOB_WSF]);
	assert_false(s.d.signal[WM_KNOB_MIN_FREE_KBYTES]);
	assert_false(wm_decision_changes(&s.d));
	s.in.tightest_free_pages = 8000;
	tick(&s, T0 + SEC(1), 0);
	assert_int_equal(s.d.knob[WM_KNOB_WSF].proposed, 150);
	assert_true(has_reason(&s.d.knob[WM_KNOB_WSF], "low_headroom"));
	assert_true(has_reason(&s.d.knob[WM_KNOB_WSF], "direct_reclaim"));
	assert_true(has_reason(&s.d.knob[WM_KNOB_WSF], "memory_pressure"));
	assert_true(has_reason(&s.d.knob[WM_KNOB_WSF], "kswapd_late"));
	/* unknown counters are not evidence */
	sim_init(&s, "default", 16384, 100);
	s.in.tightest_free_pages = 8000;
	s.in.allocstall_delta = WM_UNKNOWN;
	s.in.pgscan_direct_delta = WM_UNKNOWN;
	s.in.psi_some_avg10_x100 = WM_UNKNOWN;
	s.in.kswapd_low_wmark_hit_quickly_delta = WM_UNKNOWN;
	tick(&s, T0, 0);
	assert_int_equal(s.d.knob[WM_KNOB_WSF].nr_reasons, 1);
	assert_false(s.d.signal[WM_KNOB_MIN_FREE_KBYTES]);
}

/*
 * Low headroom with a reserve raised on failures in place: the reserve
 * is being used, so it holds the decay and raises nothing else.
 */
static void test_low_headroom_holds_a_raised_reserve(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s, "default", 10000, 10);
	tick(&s, T0, 1);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 30000);
	assert_int_equal(s.mem[WM_KNOB_MIN_FREE_KBYTES].recall, 30000);
	s.in.tightest_free_pages = 8000;
	tick(&s, T0 + SEC(200), 0);
	assert_false(wm_decision_changes(&s.d));
	assert_true(s.d.hold[WM_KNOB_MIN_FREE_KBYTES]);
	assert_false(s.d.signal[WM_KNOB_WSF]);
	assert_true(has_reason(&s.d.knob[WM_KNOB_MIN_FREE_KBYTES], "reserve_in_use"));
	/* 300 s after the raise, but only 100 after the hold: no decay */
	s.in.tightest_free_pages = 100000;
	tick(&s, T0 + SEC(300), 0);
	assert_false(wm_decision_changes(&s.d));
	tick(&s, T0 + SEC(500), 0);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 28500);
}

/* After decay, a new failure returns at once to the level that was needed. */
static void test_recall_after_decay(void **state)
{
	struct sim s;
	uint64_t t;

	(void)state;
	sim_init(&s, "default", 2000, 10);
	tick(&s, T0, 1);
	tick(&s, T0 + SEC(11), 1);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 18000);
	for (t = T0 + SEC(311); t <= T0 + SEC(311 + 300 * 60); t += SEC(300))
		tick(&s, t, 0);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 2000);
	tick(&s, t, 1);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 18000);
	assert_true(has_reason(&s.d.knob[WM_KNOB_MIN_FREE_KBYTES], "recall"));
	/* without recall, one step: 2000 + 200% */
	sim_init(&s, "default", 2000, 10);
	s.p.recall = false;
	s.mem[WM_KNOB_MIN_FREE_KBYTES].recall = 18000;
	tick(&s, T0, 1);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 6000);
}

static void test_knob_restriction_routes_signals(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s, "default", 16384, 10);
	s.p.knobs = WM_KNOB_BIT(WM_KNOB_WSF);
	tick(&s, T0, 4);
	assert_false(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].change);
	assert_true(s.d.knob[WM_KNOB_WSF].change);
	assert_true(has_reason(&s.d.knob[WM_KNOB_WSF], "atomic_failures"));
	assert_int_equal(s.d.knob[WM_KNOB_WSF].proposed, 84);
	/* low headroom lands on min_free_kbytes, with the headroom step */
	sim_init(&s, "default", 16384, 10);
	s.p.knobs = WM_KNOB_BIT(WM_KNOB_MIN_FREE_KBYTES);
	s.in.tightest_free_pages = 8000;
	tick(&s, T0, 0);
	assert_false(s.d.knob[WM_KNOB_WSF].change);
	assert_int_equal(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].proposed, 24576);
}

static void test_default_decays_to_baseline(void **state)
{
	struct sim s;
	uint64_t t;

	(void)state;
	sim_init(&s, "default", 10000, 10);
	tick(&s, T0, 1);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 30000);
	/* quiet, but not for 300 s yet */
	tick(&s, T0 + SEC(299), 0);
	assert_false(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].change);
	tick(&s, T0 + SEC(300), 0);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 28500);
	assert_true(has_reason(&s.d.knob[WM_KNOB_MIN_FREE_KBYTES], "decay"));
	/* not again before another 300 s */
	tick(&s, T0 + SEC(599), 0);
	assert_false(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].change);
	for (t = T0 + SEC(600); t <= T0 + SEC(300 * 40); t += SEC(300))
		tick(&s, t, 0);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 10000);
	assert_false(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].change);
}

/* A failure right after a decay step is raised at once: only raises debounce. */
static void test_decay_does_not_debounce_a_raise(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s, "default", 5000, 10);
	tick(&s, T0, 1);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 15000);
	tick(&s, T0 + SEC(300), 0);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 14250);
	tick(&s, T0 + SEC(301), 60);
	assert_true(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].change);
	/* below the level that stopped failures: back to it, no further */
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 15000);
	assert_true(has_reason(&s.d.knob[WM_KNOB_MIN_FREE_KBYTES], "recall"));
	/* failing at that level: the full step (capped at 1% of RAM) */
	tick(&s, T0 + SEC(312), 1);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 41943);
}

static void test_seed_v2_as_described(void **state)
{
	static const uint64_t expect[] = { 14250, 13538, 12862, 12219, 12000 };
	struct sim s;
	unsigned i;

	(void)state;
	sim_init(&s, "seed-v2", 10000, 10);
	/* three failures 5 s apart raise once */
	tick(&s, T0, 1);
	tick(&s, T0 + SEC(5), 1);
	tick(&s, T0 + SEC(10), 1);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 15000);
	assert_int_equal(s.in.current[WM_KNOB_WSF], 10);
	/* after 300 s quiet: -5% per 300 s, stopping at 1.2 x initial */
	for (i = 0; i < WM_ARRAY_SIZE(expect); i++) {
		tick(&s, T0 + SEC(10) + SEC(300) * (i + 1), 0);
		assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], expect[i]);
	}
	tick(&s, T0 + SEC(10) + SEC(300) * 7, 0);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 12000);
	assert_false(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].change);
	/* seed-v2 never acts before a failure */
	sim_init(&s, "seed-v2", 10000, 10);
	s.in.tightest_free_pages = 10;
	s.in.allocstall_delta = 9;
	tick(&s, T0, 0);
	assert_false(s.d.knob[WM_KNOB_MIN_FREE_KBYTES].change);
	assert_false(s.d.knob[WM_KNOB_WSF].change);
}

static void test_seed_v1_as_described(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s, "seed-v1", 10000, 10);
	tick(&s, T0, 1);
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 20000);
	tick(&s, T0 + 1, 1);   /* no debounce */
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 40000);
	tick(&s, T0 + 2, 1);   /* capped at 1% of RAM */
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 41943);
	tick(&s, T0 + SEC(100000), 0); /* never decays */
	assert_int_equal(s.in.current[WM_KNOB_MIN_FREE_KBYTES], 41943);
}

static void test_id_is_stable(void **state)
{
	struct sim a, b;

	(void)state;
	sim_init(&a, "default", 16384, 10);
	sim_init(&b, "default", 16384, 10);
	tick(&a, T0, 1);
	tick(&b, T0 + SEC(77), 9);
	assert_string_equal(a.d.id, b.d.id);
	sim_init(&b, "default", 10000, 10);
	tick(&b, T0, 1);
	assert_string_not_equal(a.d.id, b.d.id);
	assert_int_equal(strlen(a.d.id), 16);
}

/* The id is FNV-1a of "sysctl=value;" per change, as 16 hex digits. */
static void test_id_value(void **state)
{
	struct wm_decision d;
	char canon[128], want[17];
	uint64_t h = 0xcbf29ce484222325ull;
	const char *c;

	(void)state;
	memset(&d, 0, sizeof(d));
	wm_policy_redo_id(&d);
	assert_string_equal(d.id, "cbf29ce484222325");
	d.knob[WM_KNOB_WSF].change = true;
	d.knob[WM_KNOB_WSF].proposed = 0xfedcba9876543210ull;
	wm_policy_redo_id(&d);
	snprintf(canon, sizeof(canon), "%s=%" PRIu64 ";",
		 wm_knob_sysctl(WM_KNOB_WSF), d.knob[WM_KNOB_WSF].proposed);
	for (c = canon; *c; c++) {
		h ^= (unsigned char)*c;
		h *= 0x100000001b3ull;
	}
	snprintf(want, sizeof(want), "%016" PRIx64, h);
	assert_string_equal(d.id, want);
}

/* The parts of two decisions that are the decision: all but reasons unused. */
static void decision_equal(const struct wm_decision *a,
			   const struct wm_decision *b)
{
	enum wm_knob k;

	for (k = 0; k < WM_KNOB_COUNT; k++) {
		const struct wm_knob_decision *x = &a->knob[k], *y = &b->knob[k];

		assert_int_equal(x->change, y->change);
		assert_true(x->current == y->current);
		assert_true(x->proposed == y->proposed);
		assert_true(x->floor == y->floor && x->cap == y->cap);
		assert_int_equal(x->nr_reasons, y->nr_reasons);
		/* byte for byte: replay copies a code's whole array */
		assert_memory_equal(x->reasons, y->reasons,
				    x->nr_reasons * sizeof(x->reasons[0]));
		assert_int_equal(a->signal[k], b->signal[k]);
		assert_int_equal(a->failure[k], b->failure[k]);
		assert_int_equal(a->hold[k], b->hold[k]);
		assert_int_equal(a->defer[k], b->defer[k]);
	}
	assert_string_equal(a->id, b->id);
}

/*
 * A decision made into one that held an earlier one (a watch's, tick
 * after tick) or garbage: the same as into a cleared one. Failures
 * give reasons (written over old ones), quiet ticks none, decay one.
 */
static void test_decide_over_old(void **state)
{
	static const uint64_t fails[] = { 3, 0, 1, 0, 0, 5, 0 };
	struct sim s;
	struct wm_decision clean;
	unsigned i;

	(void)state;
	sim_init(&s, "default", 10000, 10);
	memset(&s.d, 0xa5, sizeof(s.d));
	for (i = 0; i < WM_ARRAY_SIZE(fails); i++) {
		uint64_t t = T0 + SEC(400) * i;

		s.in.atomic_failures = fails[i];
		s.in.atomic_reports = fails[i] ? 1 : 0;
		memset(&clean, 0, sizeof(clean));
		wm_policy_decide(&s.p, s.mem, &s.in, t, &clean);
		tick(&s, t, fails[i]);
		decision_equal(&s.d, &clean);
		if (!wm_decision_changes(&s.d))
			assert_string_equal(s.d.id, "cbf29ce484222325");
	}
	/* the run had raises with reasons and quiet ticks without */
	assert_true(s.in.current[WM_KNOB_MIN_FREE_KBYTES] > 10000);
}

static void test_presets(void **state)
{
	struct wm_policy p;

	(void)state;
	assert_int_equal(wm_policy_preset("nope", &p), -ENOENT);
	assert_int_equal(wm_policy_preset("seed-v1", &p), 0);
	assert_int_equal(p.step_pct, 100);
	assert_int_equal(p.decay_pct, 0);
	assert_false(p.recall);
	assert_false(p.defer);
	assert_int_equal(wm_policy_preset("default", &p), 0);
	assert_int_equal(p.step_pct, 200);
	assert_true(p.recall && p.defer && p.proactive);
	assert_string_equal(wm_knob_sysctl(WM_KNOB_WSF), "vm.watermark_scale_factor");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_raises_on_failure_and_debounces),
		cmocka_unit_test(test_default_cap_is_larger_of_ram_share_and_4x_default),
		cmocka_unit_test(test_escalates_when_capped),
		cmocka_unit_test(test_proactive_headroom_moves_wsf),
		cmocka_unit_test(test_no_defer_forgets_debounced_failures),
		cmocka_unit_test(test_reclaim_psi_and_kswapd_only_corroborate),
		cmocka_unit_test(test_low_headroom_holds_a_raised_reserve),
		cmocka_unit_test(test_recall_after_decay),
		cmocka_unit_test(test_knob_restriction_routes_signals),
		cmocka_unit_test(test_default_decays_to_baseline),
		cmocka_unit_test(test_decay_does_not_debounce_a_raise),
		cmocka_unit_test(test_seed_v2_as_described),
		cmocka_unit_test(test_seed_v1_as_described),
		cmocka_unit_test(test_id_is_stable),
		cmocka_unit_test(test_id_value),
		cmocka_unit_test(test_decide_over_old),
		cmocka_unit_test(test_presets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
