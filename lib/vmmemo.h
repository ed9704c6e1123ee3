/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wm_vmstat_parse_query() for a daemon that parses /proc/vmstat every
 * tick: the kernel prints the same lines in the same order every time,
 * with other numbers. A memo of the last file read in full says which
 * lines gave the wanted values; a file with the same lines, each with
 * the same first word, has its wanted values in those lines and in no
 * other, and only they are read. Checking that costs one comparison of
 * the two files 16 bytes at a time, where a full read looks at the first
 * bytes of each of its ~200 lines.
 */
#ifndef WMTUNE_VMMEMO_H
#define WMTUNE_VMMEMO_H

#include "vmstat.h"

/* A larger file (or one of more lines) is read in full every time. */
#define WM_VMSTAT_MEMO_BYTES 12288
#define WM_VMSTAT_MEMO_LINES 1024
/* each wanted name at most once (a second is an error), every zone's */
#define WM_VMSTAT_MEMO_KEPT (WM_VMSTAT_QUERY_NAMES + \
			     WM_VMZ__COUNT * WM_ZONE__COUNT)

/*
 * ~37 KB: allocate it (static, or malloc). Fill it with
 * wm_vmstat_memo_init(), read and change it only through
 * wm_vmstat_parse_memo().
 */
struct wm_vmstat_memo {
	bool valid;
	uint64_t want;			/* its query's */
	size_t len;			/* of text */
	unsigned nlines, nkept;
	unsigned long walks;		/* parses it served (for tests) */
	/* where each line starts in text (start[nlines] == len), and
	 * where its first word ends (the blank after it, or its '\n') */
	uint16_t start[WM_VMSTAT_MEMO_LINES + 1];
	uint16_t word_end[WM_VMSTAT_MEMO_LINES];
	uint32_t kept[WM_VMSTAT_MEMO_KEPT];	/* starts of value lines */
	/* where each one's value starts, if it was "name value\n"
	 * (else 0), and the (item, zone) of that name */
	uint16_t kept_value[WM_VMSTAT_MEMO_KEPT];
	signed char kept_item[WM_VMSTAT_MEMO_KEPT];
	signed char kept_zone[WM_VMSTAT_MEMO_KEPT];
	/* both 16-byte aligned: read 16 bytes a load, at one offset */
	_Alignas(16) unsigned char text[WM_VMSTAT_MEMO_BYTES];
	/* per byte of text: 0xff, or 0xf0 for a digit after the first
	 * word (any of '0'..'?' matches it: no blank, no '\n') */
	_Alignas(16) unsigned char mask[WM_VMSTAT_MEMO_BYTES];
};

_Static_assert(WM_VMSTAT_MEMO_BYTES <= 65536, "offsets fit a uint16_t");

/* Nothing remembered. */
void wm_vmstat_memo_init(struct wm_vmstat_memo *m);

/*
 * wm_vmstat_parse_query(buf, len, q, vs, err), the same result for every
 * input, with m remembering the last file that was read in full (made
 * again when the lines change, or q does).
 */
int wm_vmstat_parse_memo(const char *buf, size_t len,
			 const struct wm_vmstat_query *q,
			 struct wm_vmstat_memo *m, struct wm_vmstat *vs,
			 struct wm_parse_error *err);

#endif /* WMTUNE_VMMEMO_H */
