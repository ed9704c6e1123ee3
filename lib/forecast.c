// SPDX-License-Identifier: GPL-2.0-or-later
#include "forecast.h"

/* si_mem_available()'s inputs in pages; false when meminfo lacks one. */
static bool mem_inputs(const struct wm_meminfo *mi, uint64_t kb_per_page,
		       struct wm_model_mem *m)
{
	uint64_t reclaimable = mi->kreclaimable_kb; /* 4.20+: slab and misc */

	if (reclaimable == WM_UNKNOWN)
		reclaimable = mi->sreclaimable_kb;
	if (mi->mem_free_kb == WM_UNKNOWN || mi->active_file_kb == WM_UNKNOWN ||
	    mi->inactive_file_kb == WM_UNKNOWN || reclaimable == WM_UNKNOWN)
		return false;
	m->free = mi->mem_free_kb / kb_per_page;
	m->file = (mi->active_file_kb + mi->inactive_file_kb) / kb_per_page;
	m->reclaimable = reclaimable / kb_per_page;
	return true;
}

static bool any_unknown(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	return a == WM_UNKNOWN || b == WM_UNKNOWN || c == WM_UNKNOWN ||
	       d == WM_UNKNOWN;
}

int wm_forecast_compute(const struct wm_model_input *in,
			enum wm_model_variant v, const struct wm_meminfo *mi,
			uint64_t mfk, uint64_t wsf, struct wm_forecast *f)
{
	int64_t kb_per_page = (int64_t)(in->page_size / 1024);
	uint64_t tr_cur, tr_new, low_cur, low_new;
	struct wm_model_mem m;
	int rc;

	f->mfk = mfk;
	f->wsf = wsf;
	wm_model_current(in, f->cur);
	rc = wm_model_compute(v, in, mfk, wsf, f->pred);
	if (rc)
		return rc;
	tr_cur = wm_model_totalreserve(in, f->cur);
	tr_new = wm_model_totalreserve(in, f->pred);
	low_cur = wm_model_sum_low(in, f->cur);
	low_new = wm_model_sum_low(in, f->pred);
	f->reserved_kbytes_delta = f->mem_available_kbytes_delta = WM_DELTA_UNKNOWN;
	if (tr_cur == WM_UNKNOWN || tr_new == WM_UNKNOWN)
		return 0;
	f->reserved_kbytes_delta = ((int64_t)tr_new - (int64_t)tr_cur) * kb_per_page;
	if (any_unknown(tr_cur, tr_new, low_cur, low_new) || !mi ||
	    !mem_inputs(mi, (uint64_t)kb_per_page, &m))
		return 0;
	f->mem_available_kbytes_delta =
		((int64_t)wm_model_mem_available(&m, tr_new, low_new) -
		 (int64_t)wm_model_mem_available(&m, tr_cur, low_cur)) *
		kb_per_page;
	return 0;
}
