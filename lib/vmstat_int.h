/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What vmstat.c (the names, one line's parse) shares with vmquery.c (the
 * search of a buffer for a few wanted names): not for other callers.
 */
#ifndef WMTUNE_VMSTAT_INT_H
#define WMTUNE_VMSTAT_INT_H

#include "text.h"
#include "vmstat.h"

/*
 * Every name a kept value may be printed under, with its length: the
 * totals, the old names still accepted, and every per-zone name, all
 * spelled out at compile time (so a look-up is one memcmp, never a
 * strlen or a match of prefix and suffix).
 */
struct wm_vm_name {
	const char *name;
	unsigned char len;
	short item;		/* enum wm_vmstat_item */
	short zone;		/* enum wm_zone_type; -1: the total */
};

/* Totals first, then the one old name, then the per-zone names. */
#define WM_VM_NAMES (WM_VM__COUNT + 1 + WM_VMZ__COUNT * WM_ZONE__COUNT)
extern const struct wm_vm_name wm_vm_names[WM_VM_NAMES];

/* Which values the file gave, to catch repeats and compute totals. */
struct wm_vm_seen {
	bool total[WM_VM__COUNT];
	bool zone[WM_VMZ__COUNT][WM_ZONE__COUNT];
};

/* Fill the hash table wm_vm_line() looks names up in (once; any thread). */
void wm_vm_names_prepare(void);

/*
 * One line (without its '\n'): the value of a kept name whose item is in
 * want, or nothing. -EPROTO or -ERANGE with err set at lineno.
 */
int wm_vm_line(struct wm_span line, unsigned long lineno, uint64_t want,
	       struct wm_vmstat *vs, struct wm_vm_seen *seen,
	       struct wm_parse_error *err);

/*
 * Totals of the zoned items in want printed only per zone; -ERANGE
 * (err at lineno) when a sum reaches WM_UNKNOWN.
 */
int wm_vm_sum_zones(struct wm_vmstat *vs, const struct wm_vm_seen *seen,
		    uint64_t want, struct wm_parse_error *err,
		    unsigned long lineno);

#endif /* WMTUNE_VMSTAT_INT_H */
