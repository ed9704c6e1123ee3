/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The trace format of `wmtune record` and `wmtune replay`: one JSON object
 * per line (schema 1), each one observation:
 *
 *   {"schema":1,"t_usec":N,
 *    "sysctls":{"min_free_kbytes":N,"watermark_scale_factor":N|null},
 *    "page_size_bytes":N,"kernel_release":"...",
 *    "zones":[{"node":0,"zone":"DMA32","free_pages":N,"min_pages":N,
 *              "low_pages":N,"high_pages":N,"boost_pages":N|null,
 *              "managed_pages":N|null,"present_pages":N|null,
 *              "protection":[N,...]}, ...],
 *    "vmstat":{"allocstall":N|null,"pgscan_direct":N|null,
 *              "pgscan_kswapd":N|null,"kswapd_low_wmark_hit_quickly":N|null}|null,
 *    "psi":{"some_avg10_x100":N}|null,
 *    "meminfo":{"mem_total_kb":N|null, ... every field of wm_meminfo}|null,
 *    "failures":{"atomic":N,"reports":N,"seq":N|null}|null}
 *
 * t_usec is CLOCK_BOOTTIME at the observation. min/low/high_pages are as
 * /proc/zoneinfo prints them (boost included). null is what the kernel did
 * not show (never 0); "vmstat", "psi" and "meminfo" are null when the file
 * was unavailable, "failures" when the kernel log could not be read.
 * failures.atomic counts the order-0 atomic allocation failures (reports
 * plus the callbacks they say were suppressed, as
 * wm_report_stats.order0_atomic_failures counts them) that appeared in
 * the kernel log since the previous line (the first line: since boot);
 * failures.reports the reports alone; failures.seq the sequence number of
 * the last kernel-log record read.
 *
 * Both directions are pure. The serializer builds the line with json-c.
 * The parser is strict (a missing key, a wrong type, a negative number, a
 * number past 2^64 or equal to 2^64 - 1, more zones than the bounds, a
 * line longer than WM_TRACE_LINE_MAX: -EBADMSG and a message naming the
 * key) but skips keys it does not know, so that schema 1 can grow.
 */
#ifndef WMTUNE_TRACE_H
#define WMTUNE_TRACE_H

#include "buf.h"
#include "observe.h"

#define WM_TRACE_SCHEMA 1
/* 512 zones of ~300 bytes each fit with room to spare. */
#define WM_TRACE_LINE_MAX ((size_t)1 << 20)

/* The vmstat counters a line carries ("vmstat" keys: the kernel's names). */
extern const enum wm_vmstat_item wm_trace_vmstat[];
extern const size_t wm_trace_nr_vmstat;
/* The "meminfo" key of a field: its C name, "mem_total_kb"; NULL if none. */
const char *wm_trace_meminfo_key(enum wm_meminfo_item item);

/* What a line carries beside the snapshot. */
struct wm_trace_point {
	uint64_t t_usec;
	bool have_failures;   /* false: the kernel log was unavailable */
	uint64_t failures;    /* order-0 atomic failures since the last line */
	uint64_t reports;     /* ... of which printed reports */
	uint64_t seq;         /* last kmsg record read; WM_UNKNOWN: none */
};

/*
 * One line (with its '\n') for snap and pt into out (replacing what it
 * held). Returns 0, -EINVAL when snap lacks what a line needs (zoneinfo,
 * min_free_kbytes, page size) or -ENOMEM.
 */
int wm_trace_format(const struct wm_snapshot *snap,
		    const struct wm_trace_point *pt, struct wm_buf *out);

/*
 * Parse one line (a trailing '\n' is allowed) into snap, filling its
 * zoneinfo, sysinfo (vm sysctls, page size, release, kver), vmstat, psi
 * and meminfo with available[] set as a wm_observer would, so that
 * wm_tick_input() takes it unchanged. Returns 0, -EBADMSG (err->msg says
 * which key and why; err->line is lineno) or -ENOMEM.
 */
int wm_trace_parse(const char *buf, size_t len, unsigned long lineno,
		   struct wm_snapshot *snap, struct wm_trace_point *pt,
		   struct wm_parse_error *err);

#endif /* WMTUNE_TRACE_H */
