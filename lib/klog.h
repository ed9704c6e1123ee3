/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel-log lines and records (spec §6.1 prefixes, §7 /dev/kmsg).
 *
 * One function takes any line a user may hand us: a raw /dev/kmsg record
 * ("prio,seq,ts_usec,flags;message"), dmesg ("[ 1221.658269] "), dmesg -T
 * ("[Mon Apr 20 15:08:07 2020] "), dmesg -r / Android ("<4>[ 6207.6] "),
 * dmesg --time-format iso, journalctl short and rsyslog ("Apr 01 16:27:01
 * host kernel: "), journalctl short-monotonic ("[21161.092614] kernel: "),
 * or no prefix at all. The form is detected per line, so mixed input works.
 * Nothing is copied: the result points into the caller's buffer.
 */
#ifndef WMTUNE_KLOG_H
#define WMTUNE_KLOG_H

#include "text.h"

/* util-linux reads with 2049+ bytes; records never reach this. */
#define WM_KMSG_REC_MAX 8192
/* Longer text lines are cut here: no kernel line is near it. */
#define WM_KLOG_LINE_MAX 4096

enum wm_klog_form {
	WM_KLOG_PLAIN,  /* no prefix */
	WM_KLOG_KMSG,   /* raw /dev/kmsg record */
	WM_KLOG_PRINTK, /* "[ 1221.658269] " */
	WM_KLOG_LEVEL,  /* "<4>[ 6207.637627] " or "<4>" */
	WM_KLOG_CTIME,  /* "[Mon Apr 20 15:08:07 2020] " */
	WM_KLOG_ISO,    /* "2020-04-20T15:08:07,123456+0200 " */
	WM_KLOG_SYSLOG, /* "Apr 01 16:27:01 host kernel: " (also ISO + host) */
	WM_KLOG_MONO,   /* "[21161.092614] kernel: ", "[ts] host kernel: " */
};

/* Syslog facility of a line: 0 is the kernel (spec §7). */
#define WM_KLOG_FAC_UNKNOWN (-1)
#define WM_KLOG_FAC_KERN 0
#define WM_KLOG_FAC_USER 1

struct wm_klog_line {
	enum wm_klog_form form;
	struct wm_span msg;   /* after the prefix; KMSG: still \xHH-escaped */
	struct wm_span wall;  /* wall-clock time as printed, len 0 if none */
	struct wm_span tag;   /* syslog tag ("kernel", "earlyoom[84786]") */
	uint64_t ts_usec;     /* printk time; WM_UNKNOWN when absent */
	uint64_t seq;         /* KMSG only; WM_UNKNOWN otherwise */
	int facility;         /* WM_KLOG_FAC_*, or the record's prio >> 3 */
	int level;            /* 0-7, -1 unknown */
	bool cont;            /* KMSG flag 'c': a continuation fragment */
};

/*
 * Parse one /dev/kmsg record as read(2) returns it: the header line and
 * any " KEY=value" lines after it (ignored). msg ends at the first '\n'.
 * -EINVAL: not a record; -ERANGE: a number past 2^64 (or prio past int).
 */
int wm_kmsg_parse_record(const char *buf, size_t len,
			 struct wm_klog_line *out);

/*
 * Parse one text line of any form above (no '\n' inside). Lines longer
 * than WM_KLOG_LINE_MAX are cut. Returns 0, or -ERANGE for a line that is
 * a raw record whose numbers overflow (the line must then be ignored).
 */
int wm_klog_parse_line(const char *p, size_t len, struct wm_klog_line *out);

/* " KEY=value": a dictionary line that follows a raw record. */
bool wm_klog_is_dict_line(struct wm_span s);

/*
 * Undo /dev/kmsg's \xHH escaping into out (always NUL-terminated, cut at
 * size - 1). A malformed escape is kept as it is. Returns the length.
 */
size_t wm_klog_unescape(struct wm_span in, char *out, size_t size);

/*
 * "[ 1221.658269]" style number: seconds '.' fraction -> microseconds.
 * The span is the text between the brackets. -EINVAL / -ERANGE.
 */
int wm_klog_parse_ts(struct wm_span s, uint64_t *usec);

/*
 * What a kernel line says (klogmsg.c). Each takes the message text
 * (prefix removed, blanks trimmed or not) and is strict about its shape.
 */

/* A show_mem zone line: "Node 0 DMA32 free:528kB boost:3256kB min:..." */
struct wm_klog_zone {
	unsigned node;
	char zone[16];
	uint64_t free_kb;
	uint64_t boost_kb;      /* WM_UNKNOWN before ~5.0 */
	uint64_t min_kb, low_kb, high_kb; /* as printed (boost included) */
	bool below_min;         /* free < min, in a zone that has memory */
};
int wm_klog_zone_line(struct wm_span s, struct wm_klog_zone *z);

/* SLUB's "node 0: slabs: 941, objs: 54656, free: 0" */
struct wm_klog_slab_node {
	int64_t node;
	uint64_t slabs, objs, free;
};
int wm_klog_slab_node_line(struct wm_span s, struct wm_klog_slab_node *n);

/* "warn_alloc: 59 callbacks suppressed" (the rate limit, spec §6.1) */
enum wm_klog_ratelimit {
	WM_KLOG_RL_NONE,
	WM_KLOG_RL_WARN_ALLOC,  /* warn_alloc, warn_alloc_failed (<= 4.8) */
	WM_KLOG_RL_SLUB,        /* slab_out_of_memory */
};
enum wm_klog_ratelimit wm_klog_suppressed_line(struct wm_span s,
					       uint64_t *n);

/*
 * "CPU: 0 PID: 100 Comm: dd Tainted: G OE 6.1.0-56-amd64 #1" or 2.6's
 * "Pid: 0, comm: swapper Tainted: P 2.6.38-10-server #46-Ubuntu": the comm,
 * and the rest from the taint word on (len 0 when the line has none).
 */
bool wm_klog_cpu_line(struct wm_span s, struct wm_span *comm,
		      struct wm_span *rest);

/* The release in "... 6.1.0-56-amd64 #1 ...": the word before " #". */
bool wm_klog_release(struct wm_span s, struct wm_span *rel);

#endif /* WMTUNE_KLOG_H */
