/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the parts of the /proc/zoneinfo parser only: the lines
 * (lib/zoneline.c: what one means), their fast paths for the common forms
 * (lib/zonefast.c) and the scan (lib/zoneinfo.c: which lines to read).
 * Everyone else calls wm_zoneinfo_parse().
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

/*
 * The single-number zone lines we keep, X(name), in the order of their
 * bits in wm_zi_parser.seen; anything else is skipped.
 */
#define ZI_KEYS(X) X(boost) X(min) X(low) X(high) X(promo) X(spanned) \
	X(present) X(managed) X(cma)

enum zi_key {
#define ZI_X(n) ZI_KEY_##n,
	ZI_KEYS(ZI_X)
#undef ZI_X
	ZI_KEY__COUNT
};

/* The bits of wm_zi_parser.seen: ZI_KEYS, then these. */
enum {
	ZK_MIN = 1u << ZI_KEY_min,
	ZK_LOW = 1u << ZI_KEY_low,
	ZK_HIGH = 1u << ZI_KEY_high,
	ZK_FREE = 1u << ZI_KEY__COUNT,
	ZK_PROTECTION = 1u << (ZI_KEY__COUNT + 1),
};

/* The zone names as the kernel prints them, X(type, name). */
#define ZI_ZONE_NAMES(X) X(WM_ZONE_DMA, "DMA") X(WM_ZONE_DMA32, "DMA32") \
	X(WM_ZONE_NORMAL, "Normal") X(WM_ZONE_HIGHMEM, "HighMem")        \
	X(WM_ZONE_MOVABLE, "Movable") X(WM_ZONE_DEVICE, "Device")

struct wm_zi_parser {
	struct wm_zoneinfo *zi;
	struct wm_parse_error *err;
	struct wm_zone *z;
	const char *buf;		/* the whole file, for line numbers */
	const char *zone_at;		/* the current zone's header line */
	unsigned seen;
	enum wm_zi_section sec;
	bool run;		/* "pages free" just taken: wm_zi_fast_run() */
	unsigned char types[WM_MAX_NODES];	/* zone types seen, per node */
};

/*
 * The first letters of ZI_KEYS and of "pages free", "pagesets" and
 * "protection:" (test_zoneinfo.c has a zone with every key): most lines
 * of a zone are counters ("nr_...", "numa_..."), skipped on that byte.
 */
#define ZI_KEY_CHARS(X) X('b') X('c') X('h') X('l') X('m') X('p') X('s')

/* Could a line of a zone that starts with c be one we keep? */
static inline bool wm_zi_key_char(char c)
{
	switch (c) {
#define ZI_X(c) case c:
	ZI_KEY_CHARS(ZI_X)
#undef ZI_X
		return true;
	default:
		return false;
	}
}

/*
 * Would a zone header end the current zone without an error: no zone
 * yet, or one with its three watermarks?
 */
static inline bool wm_zi_zone_complete(const struct wm_zi_parser *p)
{
	static const unsigned need = ZK_MIN | ZK_LOW | ZK_HIGH;

	return !p->z || (p->seen & need) == need;
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
 * A new zone from its header (a valid one: node < WM_MAX_NODES, its type
 * not yet seen in the node, the zone before it complete) at at.
 */
void wm_zi_zone_start(struct wm_zi_parser *p, unsigned node,
		      enum wm_zone_type type, const char *at);
/*
 * A line in the exact form every kernel prints it (lib/zonefast.c), t[0..n)
 * from its first byte past the indentation: taken as wm_zi_line() would
 * take it, in one pass. False, with nothing changed, for anything else.
 */
bool wm_zi_fast_line(struct wm_zi_parser *p, const char *t, size_t n);
/*
 * A zone header t[0..n) ("Node 0, zone      DMA", n up to its '\n') in
 * the exact form every kernel prints it, that starts a zone without an
 * error: the zone started. False, with nothing changed, for anything else.
 */
bool wm_zi_fast_header(struct wm_zi_parser *p, const char *t, size_t n);
/*
 * The lines from the line start pos on, in section WM_ZI_ZONE (lib/zonerun.c:
 * keys, protection, counters, and on through "pagesets", the next zone
 * header, "per-node stats" and "pages free"), while each is in the exact
 * form the kernel prints and is taken as the scan would take it: the start
 * of the first line that is not (pos at least), p->sec what the walk's
 * would be there. Clears p->run.
 */
size_t wm_zi_fast_run(struct wm_zi_parser *p, const char *buf, size_t pos,
		      size_t len);
/*
 * In WM_ZI_PAGESETS or WM_ZI_NODE_STATS, from the line start pos: the
 * start of the first line that may mean something there (len if none);
 * every line before it is nothing to wm_zi_line().
 */
size_t wm_zi_skip(const struct wm_zi_parser *p, const char *buf, size_t pos,
		  size_t len);
/* After the last line (buf[0..len) parsed): 0 or the parse's error. */
int wm_zi_end(struct wm_zi_parser *p, size_t len);

#endif /* WMTUNE_ZONELINE_H */
