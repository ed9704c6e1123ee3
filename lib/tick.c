// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tick.h"

static uint64_t delta(const struct wm_vmstat *prev, const struct wm_vmstat *now,
		      enum wm_vmstat_item item)
{
	if (!prev || prev->v[item] == WM_UNKNOWN || now->v[item] == WM_UNKNOWN ||
	    now->v[item] < prev->v[item])
		return WM_UNKNOWN;
	return now->v[item] - prev->v[item];
}

/*
 * The populated lowmem zone with the least free memory relative to its
 * min (as printed: the kernel compares against min with boost).
 */
static void tightest_zone(const struct wm_zoneinfo *zi,
			  struct wm_policy_input *in)
{
	const struct wm_zone *best = NULL;
	unsigned i;

	for (i = 0; i < zi->nr_zones; i++) {
		const struct wm_zone *z = &zi->zones[i];
		uint64_t managed = wm_zone_managed(z);

		if (z->type == WM_ZONE_HIGHMEM || z->type == WM_ZONE_MOVABLE ||
		    managed == 0 || managed == WM_UNKNOWN || z->min == 0 ||
		    z->free == WM_UNKNOWN)
			continue;
		/* free/min smaller: compare cross-multiplied, no division */
		if (!best || (unsigned __int128)z->free * best->min <
				     (unsigned __int128)best->free * z->min)
			best = z;
	}
	if (!best) {
		in->tightest_free_pages = WM_UNKNOWN;
		in->tightest_min_pages = 0;
		return;
	}
	in->tightest_free_pages = best->free;
	in->tightest_min_pages = best->min;
	snprintf(in->tightest_zone, sizeof(in->tightest_zone), "Node %u %s",
		 best->node, best->name);
}

static uint64_t mem_total_kbytes(const struct wm_snapshot *snap,
				 const struct wm_model_input *m)
{
	uint64_t pages = 0;
	unsigned i;

	if (snap->meminfo.mem_total_kb != WM_UNKNOWN)
		return snap->meminfo.mem_total_kb;
	for (i = 0; i < m->nr_zones; i++)
		pages += m->zones[i].managed;
	return pages * (m->page_size / 1024);
}

int wm_tick_input(const struct wm_snapshot *snap, const struct wm_vmstat *prev,
		  uint64_t failures, uint64_t reports,
		  struct wm_tick_facts *facts, struct wm_policy_input *in)
{
	const struct wm_sysinfo *si = &snap->sysinfo;
	struct wm_model_input *m = &facts->model;
	enum wm_model_variant v;
	uint64_t lowmem_kb;
	int rc;

	memset(in, 0, sizeof(*in));
	rc = wm_model_input_init(m, &snap->zoneinfo, si->vm.min_free_kbytes,
				 si->vm.watermark_scale_factor, si->page_size,
				 &si->kver);
	if (rc)
		return rc;
	rc = wm_model_self_check(m, &facts->check);
	if (rc)
		return rc;
	if (facts->check.result == WM_CHECK_UNKNOWN)
		return -EPROTO;
	v = facts->check.variant;

	in->current[WM_KNOB_MIN_FREE_KBYTES] = si->vm.min_free_kbytes;
	in->current[WM_KNOB_WSF] = si->vm.watermark_scale_factor;
	in->atomic_failures = failures;
	in->atomic_reports = reports;
	tightest_zone(&snap->zoneinfo, in);
	in->allocstall_delta = delta(prev, &snap->vmstat, WM_VM_allocstall);
	in->pgscan_direct_delta = delta(prev, &snap->vmstat, WM_VM_pgscan_direct);
	in->kswapd_low_wmark_hit_quickly_delta =
		delta(prev, &snap->vmstat, WM_VM_kswapd_low_wmark_hit_quickly);
	in->psi_some_avg10_x100 = snap->psi.present ? snap->psi.some.avg10 :
						      WM_UNKNOWN;

	in->mem_total_kbytes = mem_total_kbytes(snap, m);
	lowmem_kb = wm_model_free_buffer_pages(m, false) * (m->page_size / 1024);
	in->kernel_default_mfk = wm_model_default_min_free_kbytes(
		lowmem_kb, wm_model_mfk_clamp_for(&si->kver));
	in->mfk_hard_max = wm_model_mfk_hard_max(v, m);
	in->wsf_kernel_max = wm_model_wsf_max(&si->kver);
	in->wsf_effective = wm_model_wsf_effective(v, m, si->vm.min_free_kbytes);
	return 0;
}
