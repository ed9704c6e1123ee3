// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Signals, strongest first: order-0 atomic failures (-> min_free_kbytes),
 * then, before any failure, a zone within headroom_pct of its min
 * (-> watermark_scale_factor, which holds nothing back: kswapd only
 * starts earlier). Steps are sized by their effect: below wsf_effective a
 * WSF change moves no watermark, so the first WSF step starts from there.
 * Quiet knobs decay to the floor.
 *
 * What the lab (docs/lab.md) taught, and why the rules are as they are:
 * - Direct reclaim, kswapd woken early and PSI fire on almost every tick
 *   of streaming I/O, with free memory nowhere near min. As triggers they
 *   ratcheted WSF to its cap; they are only reported beside low headroom.
 * - The kernel prints one failure report per 10 s and tells the
 *   suppressed ones only with the next report, so the first raise is all
 *   the policy gets for a while: it is large (step_pct, 200% by default).
 * - Low headroom while a raised reserve is in place means the reserve is
 *   being used as meant: it holds the decay instead of raising more.
 * - After decay, a new failure goes straight back to the level that
 *   stopped failures before (recall), not up again in small steps.
 * - A failure that arrives during the debounce is kept (pending_usec) and
 *   acted on when the debounce ends.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "policy.h"

const char *const wm_policy_preset_names[] = { "default", "seed-v1",
					       "seed-v2", NULL };

static const struct wm_policy presets[] = {
	{
		.name = "default",
		.knobs = WM_KNOBS_ALL,
		.step_pct = 200,
		.headroom_step_pct = 50,
		.debounce_usec = 10 * WM_USEC_PER_SEC,
		.quiet_usec = 300 * WM_USEC_PER_SEC,
		.decay_interval_usec = 300 * WM_USEC_PER_SEC,
		.decay_pct = 5,
		.floor_pct = 100,
		.mfk_cap_ram_pct_x100 = 100,
		.mfk_cap_default_mult = 4,
		.wsf_cap = 1000,
		.headroom_pct = 10,
		.psi_some_x100 = 1000,
		.proactive = true,
		.recall = true,
		.defer = true,
		.escalate = true,
	},
	{
		/* v1 of the Jan 2026 series: double on failure, cap 1% of RAM */
		.name = "seed-v1",
		.knobs = WM_KNOB_BIT(WM_KNOB_MIN_FREE_KBYTES),
		.step_pct = 100,
		.headroom_step_pct = 50,
		.floor_pct = 100,
		.mfk_cap_ram_pct_x100 = 100,
		.wsf_cap = 1000,
	},
	{
		/* v2: +50%, 10 s debounce, -5% per 300 s, floor 1.2x initial */
		.name = "seed-v2",
		.knobs = WM_KNOB_BIT(WM_KNOB_MIN_FREE_KBYTES),
		.step_pct = 50,
		.headroom_step_pct = 50,
		.debounce_usec = 10 * WM_USEC_PER_SEC,
		.quiet_usec = 300 * WM_USEC_PER_SEC,
		.decay_interval_usec = 300 * WM_USEC_PER_SEC,
		.decay_pct = 5,
		.floor_pct = 120,
		.mfk_cap_ram_pct_x100 = 100,
		.wsf_cap = 1000,
	},
};

int wm_policy_preset(const char *name, struct wm_policy *p)
{
	size_t i;

	for (i = 0; i < WM_ARRAY_SIZE(presets); i++) {
		if (strcmp(presets[i].name, name) == 0) {
			*p = presets[i];
			return 0;
		}
	}
	return -ENOENT;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static bool known(uint64_t v)
{
	return v != WM_UNKNOWN;
}

uint64_t wm_policy_cap(const struct wm_policy *p,
		       const struct wm_policy_input *in, enum wm_knob k)
{
	uint64_t cap;

	if (k == WM_KNOB_WSF) {
		cap = p->wsf_cap;
		if (known(in->wsf_kernel_max))
			cap = min_u64(cap, in->wsf_kernel_max);
		return cap;
	}
	cap = known(in->mem_total_kbytes) ?
		      in->mem_total_kbytes * p->mfk_cap_ram_pct_x100 / 10000 : 0;
	if (p->mfk_cap_default_mult && known(in->kernel_default_mfk))
		cap = max_u64(cap, in->kernel_default_mfk * p->mfk_cap_default_mult);
	if (known(in->mfk_hard_max))
		cap = min_u64(cap, in->mfk_hard_max);
	return cap;
}

uint64_t wm_policy_floor(const struct wm_policy *p,
			 const struct wm_knob_memory *m, enum wm_knob k)
{
	if (k == WM_KNOB_WSF)
		return m->baseline;
	return m->baseline * p->floor_pct / 100;
}

static void add_reason(struct wm_knob_decision *kd, const char *code,
		       const char *fmt, ...) WM_PRINTF(3, 4);

static void add_reason(struct wm_knob_decision *kd, const char *code,
		       const char *fmt, ...)
{
	struct wm_reason *r;
	va_list ap;

	if (kd->nr_reasons >= WM_REASONS_MAX)
		return;
	r = &kd->reasons[kd->nr_reasons++];
	/* cleared here, not with the decision: see wm_policy_decide() */
	memset(r, 0, sizeof(*r));
	snprintf(r->code, sizeof(r->code), "%s", code);
	va_start(ap, fmt);
	vsnprintf(r->text, sizeof(r->text), fmt, ap);
	va_end(ap);
}

static enum wm_knob other_knob(enum wm_knob k)
{
	return k == WM_KNOB_MIN_FREE_KBYTES ? WM_KNOB_WSF : WM_KNOB_MIN_FREE_KBYTES;
}

/* Which knob a signal lands on when the policy may not move its own. */
static enum wm_knob route(const struct wm_policy *p, enum wm_knob want)
{
	return (p->knobs & WM_KNOB_BIT(want)) ? want : other_knob(want);
}

static void failure_signals(const struct wm_policy *p,
			    const struct wm_knob_memory mem[WM_KNOB_COUNT],
			    const struct wm_policy_input *in, uint64_t now,
			    struct wm_decision *d)
{
	enum wm_knob k = route(p, WM_KNOB_MIN_FREE_KBYTES);
	const struct wm_knob_memory *m = &mem[k];

	if (in->atomic_failures && known(in->atomic_failures)) {
		d->signal[k] = d->failure[k] = true;
		add_reason(&d->knob[k], "atomic_failures",
			   "%" PRIu64 " order-0 atomic allocation failures "
			   "(%" PRIu64 " reported, the rest suppressed)",
			   in->atomic_failures, in->atomic_reports);
	} else if (p->defer && m->pending_usec && now >= m->pending_usec) {
		d->signal[k] = d->failure[k] = true;
		add_reason(&d->knob[k], "pending_failures",
			   "failures %" PRIu64 " s ago were held back by the debounce",
			   (now - m->pending_usec) / WM_USEC_PER_SEC);
	}
}

/* Evidence that only counts beside low headroom (see the top comment). */
static void corroborate(const struct wm_policy_input *in,
			struct wm_knob_decision *kd, unsigned psi_threshold)
{
	if ((known(in->allocstall_delta) && in->allocstall_delta) ||
	    (known(in->pgscan_direct_delta) && in->pgscan_direct_delta))
		add_reason(kd, "direct_reclaim",
			   "allocations stalled in direct reclaim (%" PRIu64
			   " stalls, %" PRIu64 " pages scanned directly)",
			   known(in->allocstall_delta) ? in->allocstall_delta : 0,
			   known(in->pgscan_direct_delta) ? in->pgscan_direct_delta : 0);
	if (known(in->kswapd_low_wmark_hit_quickly_delta) &&
	    in->kswapd_low_wmark_hit_quickly_delta)
		add_reason(kd, "kswapd_late",
			   "kswapd was woken again soon after it slept (%" PRIu64
			   " times)", in->kswapd_low_wmark_hit_quickly_delta);
	if (known(in->psi_some_avg10_x100) &&
	    in->psi_some_avg10_x100 >= psi_threshold)
		add_reason(kd, "memory_pressure",
			   "PSI memory some avg10 %" PRIu64 ".%02" PRIu64 "%%",
			   in->psi_some_avg10_x100 / 100,
			   in->psi_some_avg10_x100 % 100);
}

static bool low_headroom(const struct wm_policy *p,
			 const struct wm_policy_input *in)
{
	return in->tightest_min_pages && known(in->tightest_free_pages) &&
	       in->tightest_free_pages * 100 <=
		       in->tightest_min_pages * (100 + p->headroom_pct);
}

/*
 * Low headroom: with a reserve raised on failures in place, it is in use
 * as meant, so hold every raised knob; otherwise act before the failure
 * by waking kswapd earlier (watermark_scale_factor).
 */
static void headroom_signal(const struct wm_policy *p,
			    const struct wm_knob_memory mem[WM_KNOB_COUNT],
			    const struct wm_policy_input *in, struct wm_decision *d)
{
	enum wm_knob fk = route(p, WM_KNOB_MIN_FREE_KBYTES);
	enum wm_knob k;
	bool raised_on_failures;

	/* with failures in hand, they decide: one knob, one reason */
	if (!p->proactive || !low_headroom(p, in) || d->failure[fk])
		return;
	raised_on_failures = known(in->current[fk]) &&
			     in->current[fk] > wm_policy_floor(p, &mem[fk], fk) &&
			     mem[fk].recall;
	if (raised_on_failures) {
		for (k = 0; k < WM_KNOB_COUNT; k++) {
			if (!known(in->current[k]) ||
			    in->current[k] <= wm_policy_floor(p, &mem[k], k))
				continue;
			d->hold[k] = true;
			add_reason(&d->knob[k], "reserve_in_use",
				   "%s has %" PRIu64 " free pages, within %u%% of "
				   "its min %" PRIu64 ": the raised reserve is in "
				   "use, no decay", in->tightest_zone,
				   in->tightest_free_pages, p->headroom_pct,
				   in->tightest_min_pages);
		}
		return;
	}
	k = route(p, WM_KNOB_WSF);
	d->signal[k] = true;
	add_reason(&d->knob[k], "low_headroom",
		   "%s has %" PRIu64 " free pages, within %u%% of its min %" PRIu64,
		   in->tightest_zone, in->tightest_free_pages, p->headroom_pct,
		   in->tightest_min_pages);
	corroborate(in, &d->knob[k], p->psi_some_x100);
}

static uint64_t raised(const struct wm_policy_input *in, enum wm_knob k,
		       uint64_t cur, unsigned step_pct)
{
	uint64_t base = cur;

	/* Below wsf_effective the min/4 term sets the gap: start from there. */
	if (k == WM_KNOB_WSF && known(in->wsf_effective))
		base = max_u64(cur, in->wsf_effective);
	return base + max_u64(base * step_pct / 100, 1);
}

static void escalate(const struct wm_policy *p, struct wm_decision *d,
		     const uint64_t cap[WM_KNOB_COUNT],
		     const struct wm_policy_input *in)
{
	enum wm_knob k;

	if (!p->escalate || (p->knobs & WM_KNOBS_ALL) != WM_KNOBS_ALL)
		return;
	for (k = 0; k < WM_KNOB_COUNT; k++) {
		enum wm_knob o = other_knob(k);

		if (!d->signal[k] || in->current[k] < cap[k] || d->signal[o])
			continue;
		/* the other knob's own step: escalation is a fallback, and
		 * WSF's cost grows with the size of the machine */
		d->signal[o] = true;
		add_reason(&d->knob[o], "escalated",
			   "%s is at its cap %" PRIu64 " and its signal persists",
			   wm_knob_name(k), cap[k]);
	}
}

static void raise_knob(const struct wm_policy *p, const struct wm_knob_memory *m,
		       const struct wm_policy_input *in, enum wm_knob k,
		       uint64_t now, struct wm_decision *d)
{
	struct wm_knob_decision *kd = &d->knob[k];
	bool failure = d->failure[k];
	uint64_t want;

	if (m->last_change_usec && now - m->last_change_usec <= p->debounce_usec) {
		d->defer[k] = failure && p->defer;
		add_reason(kd, "debounced",
			   "held: last change %" PRIu64 " ms ago, debounce %" PRIu64 " ms",
			   (now - m->last_change_usec) / 1000,
			   p->debounce_usec / 1000);
		return;
	}
	if (kd->current >= kd->cap) {
		add_reason(kd, "at_cap", "already at or above its cap %" PRIu64,
			   kd->cap);
		return;
	}
	if (failure && p->recall && m->recall > kd->current) {
		/* it failed below a level that stopped failures: back there */
		want = m->recall;
		add_reason(kd, "recall",
			   "back to %" PRIu64 ", the highest level failures "
			   "raised it to before", want);
	} else {
		want = raised(in, k, kd->current,
			      failure ? p->step_pct : p->headroom_step_pct);
	}
	want = min_u64(want, kd->cap);
	kd->proposed = want;
	kd->change = true;
}

static void decay_knob(const struct wm_policy *p, const struct wm_knob_memory *m,
		       uint64_t now, struct wm_knob_decision *kd)
{
	uint64_t since, cut;

	if (!p->decay_pct || kd->current <= kd->floor)
		return;
	if (m->last_signal_usec && now - m->last_signal_usec < p->quiet_usec)
		return;
	since = max_u64(m->last_decay_usec, m->last_change_usec);
	if (since && now - since < p->decay_interval_usec)
		return;
	cut = max_u64(kd->current * p->decay_pct / 100, 1);
	kd->proposed = kd->current - cut < kd->floor ? kd->floor :
						       kd->current - cut;
	kd->change = true;
	add_reason(kd, "decay",
		   "no signal for %" PRIu64 " s: down %u%% toward the floor %" PRIu64,
		   m->last_signal_usec ? (now - m->last_signal_usec) / WM_USEC_PER_SEC : 0,
		   p->decay_pct, kd->floor);
}

/* FNV-1a over "sysctl=value;" of each change: same changes, same id. */
bool wm_decision_changes(const struct wm_decision *d)
{
	enum wm_knob k;

	for (k = 0; k < WM_KNOB_COUNT; k++)
		if (d->knob[k].change)
			return true;
	return false;
}

/*
 * "%016" PRIx64 into id, as snprintf() makes it: every watch tick
 * decides, and there snprintf() was most of the decision's cost (perf).
 */
static void policy_hex16(char id[17], uint64_t h)
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 15; i >= 0; i--, h >>= 4)
		id[i] = digits[h & 0xf];
	id[16] = '\0';
}

void wm_policy_redo_id(struct wm_decision *d)
{
	uint64_t h = 0xcbf29ce484222325ull;
	char canon[128];
	enum wm_knob k;
	const char *c;

	/* no change (most ticks): FNV-1a of nothing, the offset basis */
	if (!wm_decision_changes(d)) {
		memcpy(d->id, "cbf29ce484222325", sizeof(d->id));
		return;
	}
	for (k = 0; k < WM_KNOB_COUNT; k++) {
		if (!d->knob[k].change)
			continue;
		snprintf(canon, sizeof(canon), "%s=%" PRIu64 ";",
			 wm_knob_sysctl(k), d->knob[k].proposed);
		for (c = canon; *c; c++) {
			h ^= (unsigned char)*c;
			h *= 0x100000001b3ull;
		}
	}
	policy_hex16(d->id, h);
}

void wm_policy_decide(const struct wm_policy *p,
		      const struct wm_knob_memory mem[WM_KNOB_COUNT],
		      const struct wm_policy_input *in, uint64_t now_usec,
		      struct wm_decision *d)
{
	uint64_t cap[WM_KNOB_COUNT];
	enum wm_knob k;

	/*
	 * All but the reasons, nine tenths of it and most ticks give none
	 * (a watch decides every tick): a reason is cleared when it is
	 * added, and those past nr_reasons are no part of the decision.
	 */
	memset(d->signal, 0, sizeof(*d) - offsetof(struct wm_decision, signal));
	for (k = 0; k < WM_KNOB_COUNT; k++) {
		struct wm_knob_decision *kd = &d->knob[k];

		memset(kd, 0, offsetof(struct wm_knob_decision, reasons));
		cap[k] = wm_policy_cap(p, in, k);
		kd->current = kd->proposed = in->current[k];
		kd->floor = wm_policy_floor(p, &mem[k], k);
		/* a baseline above the cap is the admin's choice: keep it */
		kd->cap = max_u64(cap[k], mem[k].baseline);
	}
	failure_signals(p, mem, in, now_usec, d);
	headroom_signal(p, mem, in, d);
	escalate(p, d, cap, in);
	for (k = 0; k < WM_KNOB_COUNT; k++) {
		if (!(p->knobs & WM_KNOB_BIT(k)) || !known(in->current[k]))
			continue;
		if (d->signal[k])
			raise_knob(p, &mem[k], in, k, now_usec, d);
		else if (!d->hold[k])
			decay_knob(p, &mem[k], now_usec, &d->knob[k]);
	}
	wm_policy_redo_id(d);
}

void wm_policy_commit(const struct wm_decision *d,
		      struct wm_knob_memory mem[WM_KNOB_COUNT],
		      uint64_t now_usec)
{
	enum wm_knob k;

	for (k = 0; k < WM_KNOB_COUNT; k++) {
		const struct wm_knob_decision *kd = &d->knob[k];
		struct wm_knob_memory *m = &mem[k];
		bool raise = kd->change && kd->proposed > kd->current;

		if (d->signal[k] || d->hold[k])
			m->last_signal_usec = now_usec;
		if (raise) {
			/* the debounce spaces raises: a decay must not hold one back */
			m->last_change_usec = now_usec;
			m->pending_usec = 0;
			if (d->failure[k])
				m->recall = max_u64(m->recall, kd->proposed);
		} else if (kd->change) {
			m->last_decay_usec = now_usec;
		} else if (d->failure[k]) {
			/* deferred: act on it when the debounce ends; anything
			 * else (at the cap) leaves nothing to act on */
			m->pending_usec = !d->defer[k] ? 0 :
				m->pending_usec ? m->pending_usec : now_usec;
		}
	}
}
