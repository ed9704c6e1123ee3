// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>

#include "print_forecast.h"
#include "zoneinfo.h"

/* Leaves the object open: the caller may add to it. */
static void print_marks(struct wm_out *o, const char *key, uint64_t min,
			uint64_t low, uint64_t high, uint64_t promo)
{
	wm_out_obj_open(o, key);
	wm_out_u64(o, "min_pages", " %9" PRIu64, min);
	wm_out_u64(o, "low_pages", " %9" PRIu64, low);
	wm_out_u64(o, "high_pages", " %9" PRIu64, high);
	wm_out_u64(o, "promo_pages", NULL, promo);
}

void wm_print_forecast_zones(struct wm_out *o, const struct wm_model_input *in,
			     const struct wm_forecast *f, const char *key)
{
	unsigned i;

	wm_out_text(o, "\n%24s %29s   %29s\n", "", "now", "predicted");
	wm_out_text(o, "%4s %-8s %10s %9s %9s %9s   %9s %9s %9s\n", "node",
		    "zone", "managed", "min", "low", "high", "min", "low",
		    "high");
	wm_out_arr_open(o, key);
	for (i = 0; i < in->nr_zones; i++) {
		const struct wm_model_zone *z = &in->zones[i];

		wm_out_obj_open(o, NULL);
		wm_out_u64(o, "node", "%4" PRIu64, z->node);
		wm_out_str(o, "zone", " %-8s", wm_zone_type_name(z->type));
		wm_out_u64(o, "managed_pages", " %10" PRIu64, z->managed);
		/* as the kernel prints them: boost included */
		print_marks(o, "current", z->min, z->low, z->high, z->promo);
		wm_out_u64(o, "boost_pages", NULL, z->boost);
		wm_out_obj_close(o);
		wm_out_text(o, "  ");
		print_marks(o, "predicted", f->pred[i].min, f->pred[i].low,
			    f->pred[i].high, f->pred[i].promo);
		wm_out_obj_close(o);
		wm_out_obj_close(o);
		wm_out_text(o, "\n");
	}
	wm_out_arr_close(o);
}

static void print_delta(struct wm_out *o, const char *key, const char *label,
			int64_t v, const char *why)
{
	wm_out_text(o, "%-25s", label);
	if (v == WM_DELTA_UNKNOWN)
		wm_out_null(o, key, why);
	else
		wm_out_i64(o, key, "%+" PRId64 " kB\n", v);
}

void wm_print_forecast_cost(struct wm_out *o, const struct wm_forecast *f,
			    const char *key)
{
	wm_out_text(o, "\n");
	if (key)
		wm_out_obj_open(o, key);
	print_delta(o, "reserved_kbytes_delta", "reserved memory change:",
		    f->reserved_kbytes_delta,
		    "unavailable (zoneinfo has no protection lines)\n");
	print_delta(o, "mem_available_kbytes_delta", "MemAvailable change:",
		    f->mem_available_kbytes_delta,
		    "unavailable (needs /proc/meminfo with its file and "
		    "reclaimable lines)\n");
	if (key)
		wm_out_obj_close(o);
}
