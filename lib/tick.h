/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * From an observation to the policy's input: the signals (failures from
 * the kernel log, the tightest zone, reclaim deltas, PSI) and the facts
 * the model supplies (caps, the kernel's default, where WSF starts to
 * matter). Pure: the caller has already read everything.
 */
#ifndef WMTUNE_TICK_H
#define WMTUNE_TICK_H

#include "model.h"
#include "observe.h"
#include "policy.h"

/*
 * Private to wm_tick_input(): the self-check and the model's facts of the
 * last tick, and the zones and sysctls they were computed from. A daemon
 * observes the same watermarks tick after tick (they change when a sysctl
 * is written, memory is hot-plugged or boosted), and the model is a pure
 * function of them: when they are the same, so is every result. Zero
 * (static or calloc) is "nothing remembered".
 */
#define WM_TICK_MEMO_ZONES 64
struct wm_tick_memo {
	bool valid;
	unsigned nr_zones;
	struct wm_zone zones[WM_TICK_MEMO_ZONES];	/* "free" not compared */
	uint64_t min_free_kbytes, watermark_scale_factor;
	unsigned long page_size;
	struct wm_kver kver;
	/* what wm_model_input_init() made of them (its first nr_zones) */
	struct wm_model_zone model_zones[WM_TICK_MEMO_ZONES];
	struct wm_model_check check;
	uint64_t lowmem_kbytes, kernel_default_mfk, mfk_hard_max;
	uint64_t wsf_kernel_max, wsf_effective;
	uint64_t managed_kbytes;	/* the zones' managed pages, in kB */
	/* the zones tightest_zone() may choose, whatever their free pages */
	unsigned nr_lowmem;
	unsigned char lowmem[WM_TICK_MEMO_ZONES];
	/* the label of the zone chosen last (-1: none yet) */
	int label_zone;
	char label[24];
};

struct wm_tick_facts {
	struct wm_model_input model;   /* large: keep it off small stacks */
	struct wm_model_check check;
	struct wm_tick_memo memo;
};

/*
 * Fill in from snap. prev is the vmstat of the previous decision (NULL:
 * none, the deltas are unknown). failures/reports: order-0 atomic
 * allocation failures since the previous decision. Returns 0, -EINVAL
 * (unusable page size) or -EPROTO (no known kernel variant reproduces
 * zoneinfo: facts->check.why says why). facts must start zeroed, and may
 * be changed between calls (facts->memo is kept apart): the results are
 * those of a fresh facts every time.
 */
int wm_tick_input(const struct wm_snapshot *snap, const struct wm_vmstat *prev,
		  uint64_t failures, uint64_t reports,
		  struct wm_tick_facts *facts, struct wm_policy_input *in);

/* The vmstat counters wm_tick_input() uses (wm_observer_parse_only()). */
#define WM_TICK_VMSTAT                                  \
	(WM_VM_BIT(WM_VM_allocstall) |                   \
	 WM_VM_BIT(WM_VM_pgscan_direct) |                \
	 WM_VM_BIT(WM_VM_kswapd_low_wmark_hit_quickly))

/*
 * Keep in prev what wm_tick_input() will take from it as the previous
 * decision's vmstat: the WM_TICK_VMSTAT counters of now (the rest of
 * prev is never read; a daemon copied all of it every tick).
 */
static inline void wm_tick_keep_vmstat(struct wm_vmstat *prev,
				       const struct wm_vmstat *now)
{
	uint64_t bits;

	for (bits = WM_TICK_VMSTAT; bits; bits &= bits - 1) {
		unsigned i = (unsigned)__builtin_ctzll(bits);

		prev->v[i] = now->v[i];
	}
}

/*
 * The observer files a daemon's ticks need (for wm_observer_select()),
 * decided from its first, full observation: WM_OBS_TICK, plus
 * /proc/meminfo when some zone has no "managed" line (kernels before
 * 3.8) or there are no zones. The tick takes only MemTotal from meminfo,
 * and MemTotal is totalram_pages(), which the kernel keeps equal to the
 * sum of the zones' managed pages: both are moved together by
 * adjust_managed_page_count() (mm/page_alloc.c: hot-plug, balloons, CMA,
 * freed reserved memory), and at boot memblock_free_all() adds to
 * totalram_pages what free_low_memory_core_early() hands to the buddy
 * allocator, each page of which __free_pages_core() adds to its zone's
 * managed pages (mm/memblock.c, mm/mm_init.c). Without meminfo the tick
 * takes the zones' sum (mem_total_kbytes() in lib/tick.c): the same
 * number, without the kernel generating ~1.5 KB of text each tick.
 */
unsigned wm_tick_files(const struct wm_snapshot *first);

#endif /* WMTUNE_TICK_H */
