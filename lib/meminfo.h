/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/meminfo: the few lines wmtune shows, in kB as the kernel prints
 * them. Absent lines (MemAvailable before 3.14, High/Low* without
 * CONFIG_HIGHMEM) are WM_UNKNOWN.
 */
#ifndef WMTUNE_MEMINFO_H
#define WMTUNE_MEMINFO_H

#include "wm.h"

/* X(field, "KernelName") */
#define WM_MEMINFO_ITEMS(X)			\
	X(mem_total_kb, "MemTotal")		\
	X(mem_free_kb, "MemFree")		\
	X(mem_available_kb, "MemAvailable")	\
	X(buffers_kb, "Buffers")		\
	X(cached_kb, "Cached")			\
	X(active_file_kb, "Active(file)")	\
	X(inactive_file_kb, "Inactive(file)")	\
	X(kreclaimable_kb, "KReclaimable")	\
	X(sreclaimable_kb, "SReclaimable")	\
	X(high_total_kb, "HighTotal")		\
	X(high_free_kb, "HighFree")		\
	X(low_total_kb, "LowTotal")		\
	X(low_free_kb, "LowFree")

enum wm_meminfo_item {
#define WM_X(f, n) WM_MI_##f,
	WM_MEMINFO_ITEMS(WM_X)
#undef WM_X
	WM_MI__COUNT
};

struct wm_meminfo {
	union {
		struct {
#define WM_X(f, n) uint64_t f;
			WM_MEMINFO_ITEMS(WM_X)
#undef WM_X
		};
		uint64_t v[WM_MI__COUNT];	/* indexed by wm_meminfo_item */
	};
};

/*
 * Parse a whole /proc/meminfo buffer ("Name:   N kB" lines). Returns 0,
 * -EPROTO (a known name with a malformed value or unit, or given twice),
 * -ERANGE (a number past 2^64 - 2), -ENODATA (none of the names above).
 * Unknown names are skipped; a last line without '\n' is ignored. On
 * error every value is WM_UNKNOWN.
 */
int wm_meminfo_parse(const char *buf, size_t len, struct wm_meminfo *mi,
		     struct wm_parse_error *err);
/* Every value WM_UNKNOWN. */
void wm_meminfo_init(struct wm_meminfo *mi);
/* "MemTotal" */
const char *wm_meminfo_name(enum wm_meminfo_item item);

#endif /* WMTUNE_MEMINFO_H */
