/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/zoneinfo: per zone watermarks, sizes and free pages, for every
 * format from 2.6.15 to 6.18 (spec §5.1). Fields are detected by the lines
 * present, never by the kernel version. Absent values are WM_UNKNOWN.
 */
#ifndef WMTUNE_ZONEINFO_H
#define WMTUNE_ZONEINFO_H

#include "wm.h"

#define WM_MAX_NODES 64
#define WM_MAX_ZONES_PER_NODE 8
#define WM_MAX_ZONES (WM_MAX_NODES * WM_MAX_ZONES_PER_NODE)
#define WM_MAX_PROTECTION 8

enum wm_zone_type {
	WM_ZONE_DMA,
	WM_ZONE_DMA32,
	WM_ZONE_NORMAL,
	WM_ZONE_HIGHMEM,
	WM_ZONE_MOVABLE,
	WM_ZONE_DEVICE,
	WM_ZONE__COUNT
};

struct wm_zone {
	unsigned node;
	enum wm_zone_type type;
	char name[16];           /* as printed: "DMA32" */
	uint64_t free;           /* "pages free" */
	uint64_t boost;          /* WM_UNKNOWN before ~5.11/6.1 */
	uint64_t min, low, high; /* as printed (boost included) */
	uint64_t promo;          /* WM_UNKNOWN before ~6.2 */
	uint64_t spanned, present;
	uint64_t managed;        /* WM_UNKNOWN before 3.8 */
	uint64_t cma;            /* WM_UNKNOWN unless printed */
	unsigned nr_protection;  /* entries in protection: (...) */
	uint64_t protection[WM_MAX_PROTECTION];
};

struct wm_zoneinfo {
	unsigned nr_zones;
	unsigned nr_nodes;       /* highest node id + 1 */
	struct wm_zone zones[WM_MAX_ZONES];
};

/*
 * Parse a whole /proc/zoneinfo buffer. Returns 0, or -EPROTO (malformed:
 * err says where and why), -E2BIG (more nodes or zones than the bounds),
 * -ERANGE (a number past 2^64), -ENODATA (no zone at all).
 * On error nr_zones is 0. Zones come in file order (2.6.x lists Node 1
 * before Node 0). A last line without '\n' is ignored: it may be cut short.
 * UINT64_MAX (WM_UNKNOWN) itself is refused as a value (-ERANGE).
 */
int wm_zoneinfo_parse(const char *buf, size_t len, struct wm_zoneinfo *zi,
		      struct wm_parse_error *err);

/*
 * The same parse with every line handed to the parser in turn, where
 * wm_zoneinfo_parse() looks only at the lines that may mean something:
 * the reference the tests and fuzz_zoneinfo hold it equal to.
 */
int wm_zoneinfo_parse_walk(const char *buf, size_t len,
			   struct wm_zoneinfo *zi, struct wm_parse_error *err);

/* "DMA32" -> WM_ZONE_DMA32; -1 if unknown. */
int wm_zone_type_from_name(const char *name, size_t len);
const char *wm_zone_type_name(enum wm_zone_type t);
/* Lowmem for watermark purposes: not HighMem (Movable is decided by model). */
bool wm_zone_is_highmem(const struct wm_zone *z);
/* managed, or present on kernels without "managed" (< 3.8). */
uint64_t wm_zone_managed(const struct wm_zone *z);

#endif /* WMTUNE_ZONEINFO_H */
