/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GFP masks of allocation-failure reports (spec §6.4).
 *
 * The kernel that wrote a report knows its own bit layout; wmtune does not.
 * So the names the kernel printed in parentheses (%pGg, 4.6+) always win,
 * and a bare hex mask (<= 4.5, or a SLUB line of that era) is decoded only
 * with the layout of a known kernel generation. Without one the names and
 * the classification stay unknown: never a guess.
 *
 * Meaning of `atomic` (what a failure tells about the reserve, spec §3.2):
 *
 *   atomic = the request could not block AND it was allowed below min:
 *            no __GFP_DIRECT_RECLAIM (and, before 4.4, no __GFP_WAIT)
 *            and __GFP_HIGH set.
 *
 * That is GFP_ATOMIC and anything like it (GFP_ATOMIC|__GFP_COMP,
 * GFP_NOWAIT|__GFP_HIGH). It is false for GFP_NOWAIT (cannot block but is
 * not allowed into the reserve: it fails at min) and for every blocking
 * request. From names: GFP_ATOMIC present -> true; a name that implies
 * direct reclaim (GFP_KERNEL, GFP_NOFS, __GFP_DIRECT_RECLAIM, ...) ->
 * false; otherwise it is decided by __GFP_HIGH, unless a name or leftover
 * hex bits the table does not know are present (-> unknown).
 */
#ifndef WMTUNE_GFP_H
#define WMTUNE_GFP_H

#include "text.h"

/* A yes/no the log may not tell: JSON null when unknown. */
enum wm_tri {
	WM_TRI_UNKNOWN = -1,
	WM_TRI_FALSE = 0,
	WM_TRI_TRUE = 1,
};

/* The ___GFP_* bit layouts of spec §6.4. */
enum wm_gfp_layout {
	WM_GFP_LAYOUT_UNKNOWN = -1,
	WM_GFP_L0 = 0, /* 2.6 - 4.3: __GFP_WAIT, GFP_ATOMIC = 0x20 */
	WM_GFP_L1,     /* 4.4 - 4.10: GFP_ATOMIC = 0x2080020 */
	WM_GFP_L2,     /* 4.11 - 4.14: GFP_ATOMIC = 0x1080020 */
	WM_GFP_L3,     /* 4.18 - 4.19: GFP_ATOMIC = 0x480020 */
	WM_GFP_L4,     /* 5.4 - 6.2: GFP_ATOMIC = 0xa20 */
	WM_GFP_L5,     /* 6.3 and later: GFP_ATOMIC = 0x820 */
	WM_GFP__LAYOUTS
};

/* Room for the longest %pGg list the kernel can print, and then some. */
#define WM_GFP_NAMES_MAX 400

struct wm_gfp {
	bool have_mask;          /* the report printed a mode/gfp value */
	uint64_t mask;
	bool have_names;         /* names below are valid (printed or decoded) */
	bool names_printed;      /* ... and came from the kernel itself */
	char names[WM_GFP_NAMES_MAX]; /* "GFP_ATOMIC|__GFP_COMP"; "" = none */
	enum wm_tri nonblocking; /* no direct reclaim (no __GFP_WAIT pre-4.4) */
	enum wm_tri high;        /* __GFP_HIGH: may dip below min */
	enum wm_tri atomic;      /* nonblocking && high (see above) */
};

/*
 * The layout for kernel major.minor; WM_GFP_LAYOUT_UNKNOWN where spec §6.4
 * does not pin it down (4.15-4.17, 4.20-5.3) or the version is absurd.
 */
enum wm_gfp_layout wm_gfp_layout_for(unsigned major, unsigned minor);
/*
 * The layout for a release string ("6.1.0-56-amd64", "2.6.38-10-server",
 * "4.12.0-rc3-android-x86+"): its leading "X.Y". Unknown if it has none.
 */
enum wm_gfp_layout wm_gfp_layout_for_release(const char *s, size_t len);
const char *wm_gfp_layout_name(enum wm_gfp_layout l);

/*
 * Fill g from what a report printed: the mask (have_mask false if the
 * report had none) and the names inside the parentheses (names NULL when
 * the kernel printed none; an empty span for "()"). Names win; otherwise
 * the mask is decoded with layout. Never fails: what cannot be known is
 * left unknown.
 */
void wm_gfp_set(struct wm_gfp *g, bool have_mask, uint64_t mask,
		const struct wm_span *names, enum wm_gfp_layout layout);

/*
 * Decode a bare mask into names the way %pGg walks its table (composites
 * first, leftover bits as hex). Returns -EINVAL for an unknown layout,
 * -ENOSPC if out is too small (out then holds a truncated list).
 */
int wm_gfp_decode(uint64_t mask, enum wm_gfp_layout layout, char *out,
		  size_t size);

const char *wm_tri_name(enum wm_tri t); /* "yes", "no", "unknown" */

#endif /* WMTUNE_GFP_H */
