/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The idle skim (wm_logscan_skim()) of a chunk done ahead of time, by
 * the read-ahead thread that has the time (readahead.h): the list of the
 * chunk's lines that hold an idle trigger, each with the number of line
 * ends before it. Where the caller's skim would start a search, it takes
 * the next listed line instead: the same answer, to the byte and line.
 *
 * Why it is the same: wm_logscan_skim() from a line start p stops at the
 * first line from p on that holds a trigger, or at the partial last
 * line; a trigger holds no line end, so whether a line holds one does
 * not depend on where in the chunk the search started. The list is
 * made by wm_logscan_skim() itself, from the chunk's start, and again
 * just past each line it stops at.
 */
#ifndef WMTUNE_SKIMLIST_H
#define WMTUNE_SKIMLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"

/*
 * Lines listed per chunk. The bench log has ~140 trigger lines in a
 * chunk of 256 KiB; a log of raw records (a ';' on every line) runs out
 * of room, and the lines past the last listed are skimmed as before.
 */
#define WM_SKIM_LIST_MAX 1024

struct wm_skim_hit {
	uint32_t at;	/* the line's start, from the chunk's */
	uint32_t nl;	/* line ends ('\n', NUL) before it in the chunk */
};

struct wm_skim_list {
	const char *buf;	/* the chunk */
	size_t len;
	uint32_t n;		/* lines listed */
	bool full;		/* out of room: none known past hit[n - 1] */
	uint32_t tail, tail_nl;	/* the partial last line (if !full) */
	struct wm_skim_hit hit[WM_SKIM_LIST_MAX];
};

/* List buf's trigger lines (len < 4 GiB). */
void wm_skim_list_build(struct wm_skim_list *l, const char *buf, size_t len);

/*
 * Reading a list in order: base is the caller's line count at the
 * chunk's start, so that at a line start p of the chunk the count is
 * base + the line ends before p (wm_report_push_listed() keeps it so).
 */
struct wm_skim_cursor {
	const struct wm_skim_list *l;
	uint32_t i;		/* no listed line before hit[i] is left */
	uint64_t base;
};

/*
 * wm_logscan_skim(p, end - p, lines) for a line start p of the chunk,
 * end the chunk's end, p at or after the start of the last call's:
 * where it stops, with *lines set as it would. NULL if the list cannot
 * tell (past a full list, or p not in its chunk): *lines unchanged.
 */
const char *wm_skim_list_skim(struct wm_skim_cursor *c, const char *p,
			      uint64_t *lines);

/*
 * wm_report_push_bytes() of a chunk that l lists (NULL: none), the idle
 * skims answered from it (in reportfeed.c, with the rest of the input
 * side).
 */
void wm_report_push_listed(struct wm_report_asm *a, const char *p,
			   size_t len, const struct wm_skim_list *l);

#endif /* WMTUNE_SKIMLIST_H */
