/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a pair of sysctl values would do: each zone's watermarks now and
 * after, and the change in reserved memory and in MemAvailable. Shared by
 * predict, suggest and apply (which checks zoneinfo against it after the
 * write). Pure.
 */
#ifndef WMTUNE_FORECAST_H
#define WMTUNE_FORECAST_H

#include "meminfo.h"
#include "model.h"

#define WM_DELTA_UNKNOWN INT64_MIN

struct wm_forecast {
	uint64_t mfk, wsf;                          /* predicted for */
	struct wm_model_wmark cur[WM_MAX_ZONES];   /* as printed, less boost */
	struct wm_model_wmark pred[WM_MAX_ZONES];
	int64_t reserved_kbytes_delta;             /* totalreserve, in kB */
	int64_t mem_available_kbytes_delta;
};

/*
 * mi may be NULL (no MemAvailable delta). Returns 0 or the -errno of
 * wm_model_compute().
 */
int wm_forecast_compute(const struct wm_model_input *in,
			enum wm_model_variant v, const struct wm_meminfo *mi,
			uint64_t mfk, uint64_t wsf, struct wm_forecast *f);

#endif /* WMTUNE_FORECAST_H */
