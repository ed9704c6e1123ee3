/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The last few wm_gfp_set() results, by their inputs. A log repeats the
 * same few masks and name lists over and over; classifying a names list
 * (a table lookup per name) cost more than the rest of a report's
 * assembly. A hit copies the result wm_gfp_set() gave for the same
 * inputs, so what callers see does not change.
 */
#ifndef WMTUNE_GFPCACHE_H
#define WMTUNE_GFPCACHE_H

#include "gfp.h"

/*
 * A machine's log has a handful of masks; a log gathered from many
 * machines (the bench log: 14 in a cycle of 26 reports) more. Round
 * robin over fewer entries than a cycle would miss every time.
 */
#define WM_GFP_CACHE_SIZE 32

struct wm_gfp_cache_entry {
	bool used, have_mask, have_names;
	uint64_t mask;
	enum wm_gfp_layout layout;
	size_t names_len;
	char names[WM_GFP_NAMES_MAX]; /* the names span as given */
	struct wm_gfp g;
};

/* Zero-initialised (memset or = { 0 }) is empty. */
struct wm_gfp_cache {
	unsigned next;                /* the entry replaced next */
	struct wm_gfp_cache_entry e[WM_GFP_CACHE_SIZE];
};

/* wm_gfp_set(g, have_mask, mask, names, layout), through the cache. */
void wm_gfp_cache_set(struct wm_gfp_cache *c, struct wm_gfp *g,
		      bool have_mask, uint64_t mask,
		      const struct wm_span *names, enum wm_gfp_layout layout);

#endif /* WMTUNE_GFPCACHE_H */
