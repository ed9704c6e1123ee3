/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the two halves of the /proc/zoneinfo parser only: the lines
 * (lib/zoneline.c: what one means) and the scan (lib/zoneinfo.c: which
 * lines to read). Everyone else calls wm_zoneinfo_parse().
 */
#ifndef WMTUNE_ZONELINE_H
#define WMTUNE_ZONELINE_H

#include "text.h"
#include "zoneinfo.h"

enum wm_zi_section {
	WM_ZI_BEFORE,		/* no zone header yet */
	WM_ZI_NODE_STATS,	/* "per-node stats" block */
	WM_ZI_ZONE,		/* the zone's own lines */
	WM_ZI_PAGESETS,		/* per-cpu pagesets and trailer */
};

struct wm_zi_parser {
	struct wm_zoneinfo *zi;
	struct wm_parse_error *err;
	struct wm_zone *z;
	const char *buf;		/* the whole file, for line numbers */
	const char *zone_at;		/* the current zone's header line */
	unsigned seen;
	enum wm_zi_section sec;
	unsigned char types[WM_MAX_NODES];	/* zone types seen, per node */
};

/*
 * Could a line of a zone that starts with c be one we keep? The first
 * letters of ZI_KEYS and of "pages free", "pagesets" and "protection:"
 * (test_zoneinfo.c has a zone with every key): most lines of a zone are
 * counters ("nr_...", "numa_..."), skipped without splitting off a word.
 */
static inline bool wm_zi_key_char(char c)
{
	switch (c) {
	case 'b': case 'c': case 'h': case 'l': case 'm': case 'p': case 's':
		return true;
	default:
		return false;
	}
}


void wm_zi_init(struct wm_zi_parser *p, struct wm_zoneinfo *zi,
		const char *buf, struct wm_parse_error *err);
/*
 * One line: line from its first byte past the indentation (or with it),
 * at where the line starts (for its number in an error). 0, or the
 * parse's error.
 */
int wm_zi_line(struct wm_zi_parser *p, struct wm_span line, const char *at);
/*
 * A zone's key line in the form every kernel prints, t[0..n) from its
 * first byte past the indentation: taken as wm_zi_line() would take it,
 * in one pass. False, with nothing changed, for anything else.
 */
bool wm_zi_plain_key_line(struct wm_zi_parser *p, const char *t, size_t n);
/* After the last line (buf[0..len) parsed): 0 or the parse's error. */
int wm_zi_end(struct wm_zi_parser *p, size_t len);

#endif /* WMTUNE_ZONELINE_H */
