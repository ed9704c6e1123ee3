// SPDX-License-Identifier: GPL-2.0-or-later
/* A small cache in front of wm_gfp_set() (see gfpcache.h). */
#include <string.h>

#include "gfpcache.h"

static bool same_key(const struct wm_gfp_cache_entry *e, bool have_mask,
		     uint64_t mask, const struct wm_span *names,
		     enum wm_gfp_layout layout)
{
	if (!e->used || e->have_mask != have_mask || e->mask != mask ||
	    e->layout != layout || e->have_names != (names != NULL))
		return false;
	return !names || (e->names_len == names->len &&
			  memcmp(e->names, names->p, names->len) == 0);
}

void wm_gfp_cache_set(struct wm_gfp_cache *c, struct wm_gfp *g,
		      bool have_mask, uint64_t mask,
		      const struct wm_span *names, enum wm_gfp_layout layout)
{
	struct wm_gfp_cache_entry *e;
	unsigned i;

	for (i = 0; i < WM_GFP_CACHE_SIZE; i++) {
		if (same_key(&c->e[i], have_mask, mask, names, layout)) {
			*g = c->e[i].g;
			return;
		}
	}
	wm_gfp_set(g, have_mask, mask, names, layout);
	if (names && names->len > sizeof(e->names))
		return; /* longer than any key: not kept */
	/* round robin: the oldest goes (a log has few masks; 32 fit) */
	e = &c->e[c->next];
	c->next = (c->next + 1) % WM_GFP_CACHE_SIZE;
	e->used = true;
	e->have_mask = have_mask;
	e->mask = mask;
	e->layout = layout;
	e->have_names = names != NULL;
	e->names_len = names ? names->len : 0;
	if (names)
		memcpy(e->names, names->p, names->len);
	e->g = *g;
}
