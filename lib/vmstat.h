/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/vmstat: the counters the policy and `status` use (spec §5.2).
 *
 * One X-macro list per kind generates the enum, the name table and the
 * struct fields, so they cannot drift apart. Counters the kernel did not
 * print are WM_UNKNOWN; unknown names in the file are skipped.
 *
 * Zoned counters are printed per zone by some kernels ("allocstall_dma32",
 * "pgscan_kswapd_normal" before 4.8) and as one node-wide value by others
 * ("allocstall" before 4.8, "pgscan_kswapd" since). The total is the
 * single value when printed, else the sum of the per-zone values; the
 * per-zone values are kept in <name>_zone[] (WM_UNKNOWN where not printed).
 */
#ifndef WMTUNE_VMSTAT_H
#define WMTUNE_VMSTAT_H

#include "zoneinfo.h"

/* X(name): a counter that may be split per zone (name_<zone>). */
#define WM_VMSTAT_ZONED(X)	\
	X(allocstall)		\
	X(pgalloc)		\
	X(pgscan_kswapd)	\
	X(pgscan_direct)	\
	X(pgsteal_kswapd)	\
	X(pgsteal_direct)

/*
 * X(name, kind): a single value. WM_VMSTAT_GAUGE is a level (free pages),
 * WM_VMSTAT_COUNTER only grows. workingset_refault_file is also read from
 * the pre-5.9 name "workingset_refault" (which counted file pages only).
 */
#define WM_VMSTAT_SINGLE(X)					\
	X(nr_free_pages, WM_VMSTAT_GAUGE)			\
	X(pgscan_direct_throttle, WM_VMSTAT_COUNTER)		\
	X(kswapd_low_wmark_hit_quickly, WM_VMSTAT_COUNTER)	\
	X(kswapd_high_wmark_hit_quickly, WM_VMSTAT_COUNTER)	\
	X(pageoutrun, WM_VMSTAT_COUNTER)			\
	X(compact_stall, WM_VMSTAT_COUNTER)			\
	X(compact_fail, WM_VMSTAT_COUNTER)			\
	X(compact_success, WM_VMSTAT_COUNTER)			\
	X(oom_kill, WM_VMSTAT_COUNTER)				\
	X(workingset_refault_file, WM_VMSTAT_COUNTER)

enum wm_vmstat_kind { WM_VMSTAT_COUNTER, WM_VMSTAT_GAUGE };

/* All items, zoned ones first: WM_VM_allocstall ... WM_VM_oom_kill. */
enum wm_vmstat_item {
#define WM_X_ZONED(n) WM_VM_##n,
#define WM_X_SINGLE(n, k) WM_VM_##n,
	WM_VMSTAT_ZONED(WM_X_ZONED)
	WM_VMSTAT_SINGLE(WM_X_SINGLE)
#undef WM_X_ZONED
#undef WM_X_SINGLE
	WM_VM__COUNT
};

/* Index of a zoned item in zone[][]: equal to its wm_vmstat_item. */
enum wm_vmstat_zoned {
#define WM_X_ZONED(n) WM_VMZ_##n,
	WM_VMSTAT_ZONED(WM_X_ZONED)
#undef WM_X_ZONED
	WM_VMZ__COUNT
};

struct wm_vmstat {
	union {
		struct {
#define WM_X_ZONED(n) uint64_t n;
#define WM_X_SINGLE(n, k) uint64_t n;
			WM_VMSTAT_ZONED(WM_X_ZONED)
			WM_VMSTAT_SINGLE(WM_X_SINGLE)
#undef WM_X_ZONED
#undef WM_X_SINGLE
		};
		uint64_t v[WM_VM__COUNT];	/* indexed by wm_vmstat_item */
	};
	union {
		struct {
#define WM_X_ZONED(n) uint64_t n##_zone[WM_ZONE__COUNT];
			WM_VMSTAT_ZONED(WM_X_ZONED)
#undef WM_X_ZONED
		};
		/* [wm_vmstat_zoned][wm_zone_type] */
		uint64_t zone[WM_VMZ__COUNT][WM_ZONE__COUNT];
	};
};

/* Every value WM_UNKNOWN. */
void wm_vmstat_init(struct wm_vmstat *vs);

/*
 * Parse a whole /proc/vmstat buffer. Returns 0, -EPROTO (a known name
 * with a malformed value, or given twice: err says where), -ERANGE (a
 * number past 2^64 - 2, or a sum of per-zone values past it), -ENODATA (no
 * known counter at all). A last line without '\n' is ignored: it may have
 * been cut short. On error every value is WM_UNKNOWN.
 */
int wm_vmstat_parse(const char *buf, size_t len, struct wm_vmstat *vs,
		    struct wm_parse_error *err);

/* A set of items, for wm_vmstat_parse_only(). */
#define WM_VM_BIT(item) (1ULL << (item))
#define WM_VM_ALL (WM_VM_BIT(WM_VM__COUNT) - 1)
_Static_assert(WM_VM__COUNT < 64, "an item set is a uint64_t");

/*
 * wm_vmstat_parse() for a daemon that needs a few counters a tick: only
 * the items in want (WM_VM_BIT()s) are filled in, every other value is
 * WM_UNKNOWN. Wherever wm_vmstat_parse() succeeds, the wanted values are
 * the ones it gives. Errors are those of the wanted items' lines, with
 * the same code, line and message (malformed, given twice, a sum of
 * zones too large); a malformed line of another counter is not looked
 * at, and a file without any wanted counter is no error (they are all
 * unknown, as they are when wm_vmstat_parse() fails). Instead of looking
 * up the name of each of the ~200 lines, it searches the buffer for the
 * wanted names.
 */
int wm_vmstat_parse_only(const char *buf, size_t len, uint64_t want,
			 struct wm_vmstat *vs, struct wm_parse_error *err);

/*
 * wm_vmstat_parse_only() prepared once for a set of items, for a parse
 * every tick: what each line is compared with (vmstat_int.h's name
 * table: the totals and the one old name, their first and last bytes, a
 * hash table of their first bytes, the zone suffixes). Fill it with
 * wm_vmstat_query_init(); read it only through wm_vmstat_parse_query().
 */
#define WM_VMSTAT_QUERY_NAMES (WM_VM__COUNT + 1)
struct wm_vmstat_query {
	uint64_t want;
	unsigned n;
	unsigned short name[WM_VMSTAT_QUERY_NAMES];
	uint64_t head[WM_VMSTAT_QUERY_NAMES], mask[WM_VMSTAT_QUERY_NAMES];
	uint64_t tail[WM_VMSTAT_QUERY_NAMES];
	uint64_t key_mask;
	unsigned char slot[256];	/* by key hash: a name + 1, or VM_Q_* */
	unsigned char first[256];	/* by a line's first byte: 0 or 1 */
	unsigned char zone_first[256];	/* by a suffix's first byte: zones */
	uint64_t zone_word[WM_ZONE__COUNT], zone_mask[WM_ZONE__COUNT];
	unsigned char zone_len[WM_ZONE__COUNT];
};

void wm_vmstat_query_init(struct wm_vmstat_query *q, uint64_t want);
/* wm_vmstat_parse_only(buf, len, q's want, vs, err), the same result. */
int wm_vmstat_parse_query(const char *buf, size_t len,
			  const struct wm_vmstat_query *q,
			  struct wm_vmstat *vs, struct wm_parse_error *err);

/* "allocstall", "nr_free_pages": the kernel's name of the total. */
const char *wm_vmstat_name(enum wm_vmstat_item item);
enum wm_vmstat_kind wm_vmstat_kind(enum wm_vmstat_item item);
/* Zone suffix as the kernel prints it: "dma32", "high" (HighMem). */
const char *wm_vmstat_zone_suffix(enum wm_zone_type t);

/*
 * out = newer - older for every counter, and newer's value for gauges.
 * A counter unknown in either, or one that went backwards (reboot, wrap),
 * is WM_UNKNOWN in out, never a huge number. out may alias either input.
 */
void wm_vmstat_delta(const struct wm_vmstat *older,
		     const struct wm_vmstat *newer, struct wm_vmstat *out);

#endif /* WMTUNE_VMSTAT_H */
