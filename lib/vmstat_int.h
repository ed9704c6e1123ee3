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

/*
 * One parse of wm_vmstat_parse_query() (vmquery.c), which vmmemo.c also
 * drives: the buffer, cut after its last '\n', and what it fills.
 */
struct wm_vm_q {
	const char *buf;
	size_t len;
	const struct wm_vmstat_query *q;
	struct wm_vmstat *vs;
	struct wm_vm_seen seen;
	struct wm_parse_error *err;
	unsigned found;		/* values given so far */
	/* if rec: the starts of the lines that gave a value, in order
	 * (nrec past max_rec: more than rec holds), and for each where
	 * the value was read in the kernel's form "name value\n" (0:
	 * not so) and whose it was */
	uint32_t *rec;
	uint16_t *rec_value;
	signed char *rec_item, *rec_zone;
	unsigned nrec, max_rec;
	size_t value_at;	/* of the last value read in that form */
	int value_item, value_zone;
};

/* Begin a parse: every value of vs WM_UNKNOWN, the buffer cut. */
void wm_vm_q_start(struct wm_vm_q *x, const char *buf, size_t len,
		   const struct wm_vmstat_query *q, struct wm_vmstat *vs,
		   struct wm_parse_error *err);
/* Every line of the buffer: 0, or the first wanted line's error. */
int wm_vm_q_scan(struct wm_vm_q *x);
/* The line that starts at s: its value if it is a wanted one's. */
int wm_vm_q_line(struct wm_vm_q *x, size_t s);
/*
 * The line that starts at s, whose first word is the name of (item,
 * zone) and is followed by a ' ' at p - 1: as wm_vm_q_line() reads it,
 * without looking the name up again.
 */
int wm_vm_q_value(struct wm_vm_q *x, size_t s, size_t p, int item, int zone);
/* End a parse whose lines gave rc: the sums of zones, or the error. */
int wm_vm_q_end(struct wm_vm_q *x, int rc);

#endif /* WMTUNE_VMSTAT_INT_H */
