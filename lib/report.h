/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Allocation-failure reports assembled from a stream of kernel-log lines
 * (spec §6): warn_alloc's "page allocation failure" in every header
 * variant, SLUB's slab_out_of_memory() with its cache: and node N: lines,
 * the "N callbacks suppressed" of the rate limit (counted into the NEXT
 * report), the show_mem zone lines (which zones were below min at that
 * moment) and the CPU:/Pid: line (which kernel printed it).
 *
 * The assembler is incremental and allocation-free: push lines or raw
 * /dev/kmsg records as they come, get each completed report through a
 * callback, flush at the end of input (or when the input has been idle,
 * as `watch` does). Records are fixed-size; long lines are cut.
 *
 * Only kernel-facility lines count (a raw record's prio >> 3 == 0, a
 * syslog/journal line tagged "kernel", "<N>" with N >> 3 == 0); lines whose
 * facility the format does not tell (plain dmesg) are taken as kernel.
 * opts.any_facility lifts the check (tests and benchmarks only).
 */
#ifndef WMTUNE_REPORT_H
#define WMTUNE_REPORT_H

#include "gfp.h"
#include "gfpcache.h"
#include "klog.h"

#define WM_REPORT_COMM_MAX 64
#define WM_REPORT_CACHE_MAX 160      /* memcg caches: "kmalloc-1024(1793:<id>)" */
#define WM_REPORT_RELEASE_MAX 96
#define WM_REPORT_WALL_MAX 48
#define WM_REPORT_NODEMASK_MAX 64
#define WM_REPORT_MAX_ZONES 32       /* per report: 8 nodes x 4 zones */
#define WM_REPORT_MAX_SLAB_NODES 16
#define WM_REPORT_ORDERS 16          /* by_order buckets 0..15 */
/* A report's lines arrive within this of its header (rate limit is 10 s). */
#define WM_REPORT_SPAN_USEC (10ULL * 1000000)

enum wm_report_kind {
	WM_REPORT_PAGE, /* warn_alloc: "page allocation failure" */
	WM_REPORT_SLAB, /* SLUB: "Unable to allocate memory on node" */
};

struct wm_report {
	enum wm_report_kind kind;
	uint64_t ts_usec;                    /* printk time; WM_UNKNOWN */
	char wall_time[WM_REPORT_WALL_MAX];  /* dmesg -T / syslog time, "" */
	uint64_t seq;                        /* kmsg sequence; WM_UNKNOWN */
	char comm[WM_REPORT_COMM_MAX];       /* "" when not printed */
	uint64_t order;                      /* slab: min order; WM_UNKNOWN */
	struct wm_gfp gfp;
	char nodemask[WM_REPORT_NODEMASK_MAX]; /* "0-1"; "" none/"(null)" */
	bool have_node;                      /* slab: "on node N" (-1: any) */
	int64_t node;
	char cache[WM_REPORT_CACHE_MAX];     /* slab: cache name, "" */
	uint64_t suppressed_before;          /* "N callbacks suppressed" */
	char kernel_release[WM_REPORT_RELEASE_MAX]; /* "" unknown */
	unsigned nr_zones;
	bool zones_truncated;                /* more zones than the bound */
	unsigned nr_slab_nodes;
	bool slab_nodes_truncated;
	/*
	 * The arrays stay last: a new report zeroes what is before them
	 * (3.5 KiB fewer a report), so only the first nr_* entries hold
	 * this report's values.
	 */
	struct wm_klog_zone zones[WM_REPORT_MAX_ZONES];
	struct wm_klog_slab_node slab_nodes[WM_REPORT_MAX_SLAB_NODES];
};

/* Reports per zone that appeared in show_mem, and how often below min. */
struct wm_report_zone_count {
	unsigned node;
	char zone[16];
	uint64_t reports, below_min;
};

struct wm_report_stats {
	uint64_t reports, page_reports, slab_reports;
	uint64_t atomic, atomic_unknown;     /* reports with atomic true / null */
	uint64_t suppressed;                 /* every "N callbacks suppressed" */
	uint64_t suppressed_pending;         /* ... no report followed yet */
	/*
	 * Page reports of order 0 with atomic true, and those plus their
	 * suppressed_before: the policy's signal. SLUB reports are not in it:
	 * SLUB's min-order attempt also reaches warn_alloc (unless
	 * __GFP_NOWARN), so counting both would count one failure twice.
	 */
	uint64_t order0_atomic_reports;
	uint64_t order0_atomic_failures;
	uint64_t by_order[WM_REPORT_ORDERS];
	uint64_t by_order_other;             /* order >= 16 or unknown */
	unsigned nr_zones;
	struct wm_report_zone_count zones[WM_REPORT_MAX_ZONES];
	uint64_t lines, records;             /* text lines / kmsg records */
	uint64_t skipped_facility;           /* non-kernel lines ignored */
	uint64_t malformed;                  /* raw records that did not parse */
	bool have_seq;
	uint64_t last_seq;                   /* cursor: last record seen */
	uint64_t lost;                       /* records missing (seq gaps) */
};

typedef void (*wm_report_fn)(void *arg, const struct wm_report *r);

struct wm_report_opts {
	bool any_facility;
	/*
	 * Release to decode bare masks with when the log does not name its
	 * kernel (--kernel-version, or the running kernel for /dev/kmsg).
	 * NULL or "": none. Copied by init.
	 */
	const char *default_release;
	/*
	 * wm_report_push_bytes() looks only at lines with a trigger
	 * (wm_logscan_skim()) while no report is open: the reports and
	 * every statistic but skipped_facility and malformed (which then
	 * count only the lines looked at) are the same, in a fraction of
	 * the time. Off: every line is parsed (the reference).
	 */
	bool skim;
	bool have_cursor;       /* skip raw records with seq <= cursor */
	uint64_t cursor;
	wm_report_fn emit;
	void *arg;
};

enum wm_report_state { WM_ASM_IDLE, WM_ASM_PAGE, WM_ASM_SLAB };

/*
 * The times a line inside a page report may have without ending it
 * (a time outside WM_REPORT_SPAN_USEC of the header's), as the text the
 * kernel prints them in: "[%5lu.%06lu]" with the header's second and a
 * fraction at or after its own, or with the next second. For skimming
 * (logscan.h: wm_skim_clock_set()); a line that starts with another text
 * is parsed, which decides.
 */
struct wm_skim_clock {
	uint64_t hdr;         /* the header's time it is for */
	bool set;             /* hdr is valid */
	bool check;           /* the header has a time: lines' times matter */
	unsigned nr;          /* patterns in pat (0: every '[' line stops) */
	struct wm_skim_pat {
		uint64_t p[3], m[3]; /* "[   SSS." and ']' at la + 6 */
		unsigned la;         /* the length of "[   SSS." */
		bool any;            /* any fraction (the next second) */
	} pat[2];
	uint64_t frac;        /* the header's fraction, as time_ok() reads it */
};

/* Caller-allocated; all fields below stats are private. */
struct wm_report_asm {
	struct wm_report_stats stats;

	bool any_facility, have_cursor, skim;
	uint64_t cursor;
	wm_report_fn emit;
	void *arg;
	char default_release[WM_REPORT_RELEASE_MAX];
	char log_release[WM_REPORT_RELEASE_MAX]; /* "Linux version X" */

	enum wm_report_state state;
	struct wm_report cur;
	uint64_t hdr_ts;
	bool want_mode, in_names, want_release, saw_cpu;
	unsigned names_lines;
	bool have_mask, names_printed;
	uint64_t mask;
	size_t names_len;
	char names[WM_GFP_NAMES_MAX];
	uint64_t pend_page, pend_slab;       /* suppressed, for the next one */
	struct wm_gfp_cache gfp_cache;       /* masks decoded before */

	bool after_record;                   /* last text line was a record */
	struct wm_skim_clock clock;          /* for hdr_ts, when skimming */
	size_t carry_len;                    /* partial line of push_bytes */
	char carry[WM_KLOG_LINE_MAX];
	char rec[WM_KMSG_REC_MAX];           /* an unescaped record */
};

void wm_report_init(struct wm_report_asm *a, const struct wm_report_opts *o);

/*
 * One line of text in any form klog.h knows, raw records included (their
 * " KEY=value" lines are skipped). Returns 0, or -ERANGE/-EINVAL for a raw
 * record that does not parse (counted in stats.malformed and ignored).
 */
int wm_report_push_line(struct wm_report_asm *a, const char *p, size_t len);
/* One record as read(2) from /dev/kmsg returns it. Errors as above. */
int wm_report_push_record(struct wm_report_asm *a, const char *rec,
			  size_t len);
/*
 * Any chunk of a text stream: split into lines at '\n' and NUL (a
 * --kmsg-file separates records with NUL); a partial last line is kept
 * (cut at WM_KLOG_LINE_MAX) until the next chunk or wm_report_end().
 */
void wm_report_push_bytes(struct wm_report_asm *a, const char *p, size_t len);
/*
 * The report in progress as it would be completed now, without completing
 * it (its zone lines may still come): false when there is none. Lets a
 * daemon act on a failure header at once.
 */
bool wm_report_peek(const struct wm_report_asm *a, struct wm_report *r);
/* Complete the report in progress, if any (idle input). */
void wm_report_flush(struct wm_report_asm *a);
/*
 * End of input: the kept partial line (without its last word, which may
 * have been cut), then flush.
 */
void wm_report_end(struct wm_report_asm *a);

const char *wm_report_kind_name(enum wm_report_kind k);

/*
 * For the input side (reportfeed.c) only: one logical line of kernel
 * text, its prefix gone (l tells its time, sequence and wall clock), no
 * '\n' inside. clean: msg is known to hold no report text
 * (wm_logscan_has_text() false), so only the starts of lines matter.
 */
void wm_report_handle(struct wm_report_asm *a, const struct wm_klog_line *l,
		      struct wm_span msg, bool clean);

#endif /* WMTUNE_REPORT_H */
