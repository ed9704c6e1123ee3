// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "text.h"
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
 * "Node 0 DMA32" into dst, as snprintf(dst, size, "Node %u %s", z->node,
 * z->name) makes it, truncated alike: this runs every tick, and there
 * snprintf() cost several times the rest of wm_tick_input() (perf).
 */
static void zone_label(char *dst, size_t size, const struct wm_zone *z)
{
	char tmp[64];
	size_t len = 5, l;

	memcpy(tmp, "Node ", len);
	len += wm_fmt_dec(tmp + len, z->node);
	tmp[len++] = ' ';
	l = strnlen(z->name, sizeof(z->name));
	memcpy(tmp + len, z->name, l);
	len += l;
	if (!size)
		return;
	if (len > size - 1)
		len = size - 1;
	memcpy(dst, tmp, len);
	dst[len] = '\0';
}

/*
 * May z be the tightest zone, whatever its free pages? A populated
 * lowmem zone with a min. Nothing here changes while the memo holds.
 */
static bool zone_lowmem(const struct wm_zone *z)
{
	uint64_t managed = wm_zone_managed(z);

	return z->type != WM_ZONE_HIGHMEM && z->type != WM_ZONE_MOVABLE &&
	       managed != 0 && managed != WM_UNKNOWN && z->min != 0;
}

/* free/min smaller: compare cross-multiplied, no division */
static bool tighter(const struct wm_zone *z, const struct wm_zone *best)
{
	return !best || (unsigned __int128)z->free * best->min <
				(unsigned __int128)best->free * z->min;
}

/* The tightest zone's pages into in; false (and none) if there is none. */
static bool set_tightest(const struct wm_zone *best,
			 struct wm_policy_input *in)
{
	if (!best) {
		in->tightest_free_pages = WM_UNKNOWN;
		in->tightest_min_pages = 0;
		return false;
	}
	in->tightest_free_pages = best->free;
	in->tightest_min_pages = best->min;
	return true;
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

		if (zone_lowmem(z) && z->free != WM_UNKNOWN && tighter(z, best))
			best = z;
	}
	if (set_tightest(best, in))
		zone_label(in->tightest_zone, sizeof(in->tightest_zone), best);
}

_Static_assert(sizeof(((struct wm_tick_memo *)0)->label) ==
		       sizeof(((struct wm_policy_input *)0)->tightest_zone),
	       "the memo's label is the input's");

/*
 * tightest_zone() while the memo holds: only the zones it found may be
 * chosen (in the same order, so the same one is), and the label of the
 * zone chosen is made once, not every tick. in is zeroed, so the label
 * is copied whole with the zeros after its end, as zone_label() leaves
 * them.
 */
static void tightest_memo(const struct wm_zoneinfo *zi,
			  struct wm_tick_memo *mm, struct wm_policy_input *in)
{
	const struct wm_zone *best = NULL;
	unsigned k, bi = 0;

	for (k = 0; k < mm->nr_lowmem; k++) {
		const struct wm_zone *z = &zi->zones[mm->lowmem[k]];

		if (z->free != WM_UNKNOWN && tighter(z, best)) {
			best = z;
			bi = mm->lowmem[k];
		}
	}
	if (!set_tightest(best, in))
		return;
	if (mm->label_zone != (int)bi) {
		memset(mm->label, 0, sizeof(mm->label));
		zone_label(mm->label, sizeof(mm->label), best);
		mm->label_zone = (int)bi;
	}
	memcpy(in->tightest_zone, mm->label, sizeof(in->tightest_zone));
}

unsigned wm_tick_files(const struct wm_snapshot *first)
{
	const struct wm_zoneinfo *zi = &first->zoneinfo;
	unsigned i;

	if (zi->nr_zones == 0)
		return WM_OBS_TICK | WM_OBS_BIT(WM_OBS_MEMINFO);
	for (i = 0; i < zi->nr_zones; i++)
		if (zi->zones[i].managed == WM_UNKNOWN)
			return WM_OBS_TICK | WM_OBS_BIT(WM_OBS_MEMINFO);
	return WM_OBS_TICK;
}

/*
 * The zones' managed pages in kB: MemTotal when meminfo was not read
 * (wm_tick_files()), the same number. Kept in the memo, made with it.
 */
static uint64_t managed_kbytes(const struct wm_model_input *m)
{
	uint64_t pages = 0;
	unsigned i;

	for (i = 0; i < m->nr_zones; i++)
		pages += m->zones[i].managed;
	return pages * (m->page_size / 1024);
}

/*
 * The zones (all but their free pages) and sysctls the memo is of? The
 * memo's free pages, never compared, are made the snapshot's first, so
 * that one memcmp() covers every zone (two a zone cost 0.4 k
 * instructions a tick).
 */
static bool memo_matches(struct wm_tick_memo *mm, const struct wm_zoneinfo *zi,
			 const struct wm_sysinfo *si)
{
	unsigned i;

	if (!mm->valid || mm->nr_zones != zi->nr_zones ||
	    mm->min_free_kbytes != si->vm.min_free_kbytes ||
	    mm->watermark_scale_factor != si->vm.watermark_scale_factor ||
	    mm->page_size != si->page_size || mm->kver.major != si->kver.major ||
	    mm->kver.minor != si->kver.minor || mm->kver.patch != si->kver.patch)
		return false;
	for (i = 0; i < zi->nr_zones; i++)
		mm->zones[i].free = zi->zones[i].free;
	return memcmp(mm->zones, zi->zones,
		      zi->nr_zones * sizeof(zi->zones[0])) == 0;
}

/*
 * m as wm_model_input_init() makes it from what the memo is of (it
 * writes these fields and the first nr_zones zones, and nothing else):
 * the copy costs less than finding out whether the caller changed m
 * since (replay and apply do), which a memcmp() did every tick.
 */
static void model_from_memo(struct wm_model_input *m,
			    const struct wm_tick_memo *mm)
{
	memcpy(m->zones, mm->model_zones, mm->nr_zones * sizeof(m->zones[0]));
	m->nr_zones = mm->nr_zones;
	m->min_free_kbytes = mm->min_free_kbytes;
	m->watermark_scale_factor = mm->watermark_scale_factor;
	m->page_size = mm->page_size;
	m->kver = mm->kver;
}

/* The memo's zones that tightest_memo() may choose from. */
static void memo_lowmem(struct wm_tick_memo *mm, const struct wm_zoneinfo *zi)
{
	unsigned i;

	mm->nr_lowmem = 0;
	for (i = 0; i < zi->nr_zones; i++)
		if (zone_lowmem(&zi->zones[i]))
			mm->lowmem[mm->nr_lowmem++] = (unsigned char)i;
	mm->label_zone = -1;
}

/* The self-check and everything the model says for the policy. */
static int model_facts(const struct wm_snapshot *snap,
		       struct wm_tick_facts *facts)
{
	const struct wm_sysinfo *si = &snap->sysinfo;
	const struct wm_zoneinfo *zi = &snap->zoneinfo;
	struct wm_model_input *m = &facts->model;
	struct wm_tick_memo *mm = &facts->memo;
	enum wm_model_variant v;
	int rc;

	if (memo_matches(mm, zi, si)) {
		model_from_memo(m, mm);
		facts->check = mm->check;
		return 0;
	}
	mm->valid = false;
	rc = wm_model_input_init(m, zi, si->vm.min_free_kbytes,
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
	mm->lowmem_kbytes = wm_model_free_buffer_pages(m, false) *
			    (m->page_size / 1024);
	mm->kernel_default_mfk = wm_model_default_min_free_kbytes(
		mm->lowmem_kbytes, wm_model_mfk_clamp_for(&si->kver));
	mm->mfk_hard_max = wm_model_mfk_hard_max(v, m);
	mm->wsf_kernel_max = wm_model_wsf_max(&si->kver);
	mm->wsf_effective = wm_model_wsf_effective(v, m, si->vm.min_free_kbytes);
	mm->managed_kbytes = managed_kbytes(m);
	if (zi->nr_zones > WM_TICK_MEMO_ZONES)
		return 0;
	mm->nr_zones = zi->nr_zones;
	memcpy(mm->zones, zi->zones, zi->nr_zones * sizeof(zi->zones[0]));
	memcpy(mm->model_zones, m->zones, zi->nr_zones * sizeof(m->zones[0]));
	mm->min_free_kbytes = si->vm.min_free_kbytes;
	mm->watermark_scale_factor = si->vm.watermark_scale_factor;
	mm->page_size = si->page_size;
	mm->kver = si->kver;
	mm->check = facts->check;
	memo_lowmem(mm, zi);
	mm->valid = true;
	return 0;
}

int wm_tick_input(const struct wm_snapshot *snap, const struct wm_vmstat *prev,
		  uint64_t failures, uint64_t reports,
		  struct wm_tick_facts *facts, struct wm_policy_input *in)
{
	const struct wm_sysinfo *si = &snap->sysinfo;
	struct wm_tick_memo *mm = &facts->memo;
	int rc;

	memset(in, 0, sizeof(*in));
	rc = model_facts(snap, facts);
	if (rc)
		return rc;

	in->current[WM_KNOB_MIN_FREE_KBYTES] = si->vm.min_free_kbytes;
	in->current[WM_KNOB_WSF] = si->vm.watermark_scale_factor;
	in->atomic_failures = failures;
	in->atomic_reports = reports;
	if (mm->valid)
		tightest_memo(&snap->zoneinfo, mm, in);
	else
		tightest_zone(&snap->zoneinfo, in);
	in->allocstall_delta = delta(prev, &snap->vmstat, WM_VM_allocstall);
	in->pgscan_direct_delta = delta(prev, &snap->vmstat, WM_VM_pgscan_direct);
	in->kswapd_low_wmark_hit_quickly_delta =
		delta(prev, &snap->vmstat, WM_VM_kswapd_low_wmark_hit_quickly);
	in->psi_some_avg10_x100 = snap->psi.present ? snap->psi.some.avg10 :
						      WM_UNKNOWN;

	/* MemTotal, or the zones' managed pages (wm_tick_files()) */
	in->mem_total_kbytes = snap->meminfo.mem_total_kb != WM_UNKNOWN ?
				       snap->meminfo.mem_total_kb :
				       mm->managed_kbytes;
	in->kernel_default_mfk = mm->kernel_default_mfk;
	in->mfk_hard_max = mm->mfk_hard_max;
	in->wsf_kernel_max = mm->wsf_kernel_max;
	in->wsf_effective = mm->wsf_effective;
	return 0;
}
