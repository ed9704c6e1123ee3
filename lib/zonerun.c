// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The run of the /proc/zoneinfo scan: from a zone's "pages free" on, its
 * lines read forward, one after the other, while each is in the exact
 * form every kernel from 2.6.15 to 6.18 prints it (spec §5.1), and on
 * from zone to zone:
 *
 *           min      10                 a key: 8 blanks, the key padded
 *                                       to 9 columns, 1 to 7 digits
 *           protection: (0, 3019, 24137)
 *         nr_free_pages 3840            a counter: 6 blanks and an 'n',
 *                                       nothing in a zone
 *     pagesets                          wm_zi_skip() to the next header
 *   Node 0, zone    DMA32               wm_zi_fast_header()
 *     per-node stats                    wm_zi_skip() to "pages free"
 *     pages free     771494
 *
 * Each line's end is found in its own bytes (a key's in its value's 8, a
 * counter's in the newlines of its 64) and each is taken as the walk
 * (wm_zi_line()) would take it. Anything else (a tab, a blank too many
 * or too few, a number of 8 digits or more, a key given twice, a line
 * that would be an error, a line less than 40 bytes from the end) stops
 * the run at its line's start, for the scan to read, with p->sec what
 * the walk's would be there. A watch tick parses the file every second:
 * through the 64-byte scan and wm_zi_fast_line() a line at a time, the
 * zone changes were a fifth of a parse and the keys half of one.
 */
#include <stddef.h>
#include <string.h>

#include "zoneline.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#include "zoneword.h"

/*
 * The keys padded to 8 in the order every kernel prints those it has,
 * then the protection line's first 8: the next line is tried against
 * the word after the last one's first, a switch on its letter only when
 * that fails.
 */
static const uint64_t run_words[ZI_KEY__COUNT + 1] = {
#define ZI_X(n) [ZI_KEY_##n] = ZI_PADDED(#n),
	ZI_KEYS(ZI_X)
#undef ZI_X
	[ZI_KEY__COUNT] = ZI_WORD("protecti"),
};

static const unsigned char run_off[ZI_KEY__COUNT] = {
#define ZI_X(n) [ZI_KEY_##n] = offsetof(struct wm_zone, n),
	ZI_KEYS(ZI_X)
#undef ZI_X
};

/* What the run keeps in registers; seen goes back to p when it stops. */
struct zi_run {
	struct wm_zi_parser *p;
	struct wm_zone *z;
	const char *buf;
	size_t len;
	unsigned seen;
	unsigned guess;		/* index in run_words of the next line's */
};

/*
 * The number that ends a line at t (8 bytes readable): 1 to 7 digits,
 * then '\n'. The bytes it takes, its '\n' included, and *val; 0 for
 * anything else. With d the bytes ^ '0', a digit is a byte of d below
 * 10: d + 0x76 sets bit 7 of each other byte below 0x80, d itself that
 * of the rest. Such a byte's carry may spoil the bits above it, never
 * the lowest, which is the only one read.
 */
static inline size_t zi_run_number(const char *t, uint64_t *val)
{
	uint64_t v, d, other;
	size_t nd;

	memcpy(&v, t, 8);
	d = v ^ '0' * ZI_ONES;
	other = ((d + 0x76 * ZI_ONES) | d) & ZI_HIGH;
	if (!other || (other & 0x80))
		return 0;	/* 8 digits (maybe more), or none */
	nd = (size_t)__builtin_ctzll(other) / 8;
	if ((unsigned char)(v >> (8 * nd)) != '\n')
		return 0;
	*val = zi_digits_value(d << (8 * (8 - nd)));
	return nd + 1;
}

/*
 * "        protection: (0, 3019, 24137)\n" at pos: 1 to WM_MAX_PROTECTION
 * items of 1 to 7 digits, ", " between them, ")\n" after the last. The
 * start of the next line, or 0.
 */
static size_t zi_run_protection(struct zi_run *r, size_t pos)
{
	const char *t = r->buf + pos, *end = r->buf + r->len;
	uint64_t v[WM_MAX_PROTECTION];
	size_t i = 21, nd;	/* "        protection: (" */
	unsigned k = 0;

	if (memcmp(t + 16, "on: (", 5) != 0 || (r->seen & ZK_PROTECTION))
		return 0;
	while (k < WM_MAX_PROTECTION && end - (t + i) >= 10) {
		uint64_t w, d, other;

		memcpy(&w, t + i, 8);
		d = w ^ '0' * ZI_ONES;
		other = ((d + 0x76 * ZI_ONES) | d) & ZI_HIGH;
		if (!other || (other & 0x80))
			return 0;
		nd = (size_t)__builtin_ctzll(other) / 8;
		v[k++] = zi_digits_value(d << (8 * (8 - nd)));
		i += nd;
		if (t[i] == ')') {
			if (t[i + 1] != '\n')
				return 0;
			/* a loop, not a memcpy() call of a size not known here */
			for (nd = 0; nd < k; nd++)
				r->z->protection[nd] = v[nd];
			r->z->nr_protection = k;
			r->seen |= ZK_PROTECTION;
			return pos + i + 2;
		}
		if (t[i] != ',' || t[i + 1] != ' ')
			return 0;
		i += 2;
	}
	return 0;
}

/* "        min      10\n" (or protection) at pos: as zi_run_protection(). */
static inline size_t zi_run_key(struct zi_run *r, size_t pos)
{
	const char *t = r->buf + pos + 8;
	uint64_t w, val;
	size_t n;
	int k = (int)r->guess;

	memcpy(&w, t, 8);
	if (w != run_words[k]) {
		k = zi_key_word(w);
		if (k < 0)
			return w == ZI_WORD("protecti") ?
				       zi_run_protection(r, pos) : 0;
	}
	if (k == ZI_KEY__COUNT)
		return zi_run_protection(r, pos);
	if (t[8] != ' ' || (r->seen & (1u << k)))
		return 0;
	n = zi_run_number(t + 9, &val);
	if (!n)
		return 0;
	r->seen |= 1u << k;
	*(uint64_t *)((char *)r->z + run_off[k]) = val;
	r->guess = (unsigned)k + 1;
	return pos + 17 + n;
}

/*
 * The counters from pos on ("      nr_free_pages 3840\n": 6 blanks and
 * an 'n'): the start of the first line that is not one (pos if that
 * one is not). Their starts are the bits after the newlines of a 64,
 * and only their first 8 bytes are read: a line at a time, each with
 * its own newline search, they cost three times as much.
 */
static size_t zi_run_counters(const char *buf, size_t pos, size_t len)
{
	size_t base = pos, last = pos;
	uint64_t starts = 1, nl, w;
	const char *end;

	/* 72: the 8 bytes at a line start in the 64 are in the buffer */
	while (len - base >= 72) {
		nl = wm_byte_mask64(buf + base, '\n');
		for (starts |= nl << 1; starts; starts &= starts - 1) {
			last = base + (size_t)__builtin_ctzll(starts);
			memcpy(&w, buf + last, 8);
			if ((w & ZI_LOW(7)) != ZI_WORD("      n"))
				return last;
		}
		starts = nl >> 63;	/* a line starts the next 64 */
		base += 64;
	}
	/* the last few lines (a tail of a file cut short): one at a time */
	for (pos = starts ? base : last; len - pos >= 8; pos = end + 1 - buf) {
		memcpy(&w, buf + pos, 8);
		if ((w & ZI_LOW(7)) != ZI_WORD("      n") ||
		    !(end = memchr(buf + pos + 7, '\n', len - pos - 7)))
			break;
	}
	return pos;
}

/* "Node 0, zone      DMA\n" at pos: the next line's start, or 0. */
static size_t zi_run_header(struct zi_run *r, size_t pos)
{
	const char *t = r->buf + pos;
	size_t n;

	if (r->len - pos < 23)
		return 0;
	/* one or two digits: wm_zi_fast_header() takes no other */
	n = t[21] == '\n' ? 21 : t[22] == '\n' ? 22 : 0;
	r->p->seen = r->seen;	/* for wm_zi_zone_complete() */
	if (!n || !wm_zi_fast_header(r->p, t, n))
		return 0;
	r->z = r->p->z;
	r->seen = 0;
	r->guess = 0;
	return pos + n + 1;
}

/* "  pages free     3840\n" at pos, in the zone or its per-node stats. */
static size_t zi_run_free(struct zi_run *r, size_t pos)
{
	const char *t = r->buf + pos;
	uint64_t w0, w1, val;
	size_t n;

	if (r->len - pos < 25)
		return 0;
	memcpy(&w0, t, 8);
	memcpy(&w1, t + 8, 8);
	if (w0 != ZI_WORD("  pages ") || w1 != ZI_WORD("free    ") ||
	    t[16] != ' ' || (r->seen & ZK_FREE))
		return 0;
	n = zi_run_number(t + 17, &val);
	if (!n)
		return 0;
	r->z->free = val;
	r->seen |= ZK_FREE;
	r->p->sec = WM_ZI_ZONE;
	return pos + 17 + n;
}

/*
 * "  per-node stats\n" at pos, in a zone with no line taken yet: past
 * the node's counters to its "pages free". The next line's start; if
 * the run cannot go on, the start of the line the skip stopped at, p->sec
 * left WM_ZI_NODE_STATS.
 */
static size_t zi_run_stats(struct zi_run *r, size_t pos)
{
	const char *t = r->buf + pos;
	uint64_t w1;
	size_t next;

	memcpy(&w1, t + 8, 8);
	if (w1 != ZI_WORD("de stats") || t[16] != '\n' || r->seen)
		return 0;
	r->p->sec = WM_ZI_NODE_STATS;
	pos = wm_zi_skip(r->p, r->buf, pos + 17, r->len);
	next = zi_run_free(r, pos);
	return next ? next : pos;
}

/* "  pagesets\n" at pos: on to the next zone, as zi_run_stats(). */
static size_t zi_run_pagesets(struct zi_run *r, size_t pos)
{
	const char *t = r->buf + pos;
	size_t next;

	if (t[8] != 't' || t[9] != 's' || t[10] != '\n')
		return 0;
	r->p->sec = WM_ZI_PAGESETS;
	pos = wm_zi_skip(r->p, r->buf, pos + 11, r->len);
	next = zi_run_header(r, pos);
	return next ? next : pos;
}

/* A line that is neither a key nor a counter, w its first 8 bytes. */
static size_t zi_run_edge(struct zi_run *r, size_t pos, uint64_t w)
{
	if (w == ZI_WORD("  pagese"))
		return zi_run_pagesets(r, pos);
	if ((w & ZI_LOW(5)) == ZI_WORD("Node "))
		return zi_run_header(r, pos);
	if (w == ZI_WORD("  pages "))
		return zi_run_free(r, pos);
	if (w == ZI_WORD("  per-no"))
		return zi_run_stats(r, pos);
	return 0;
}

size_t wm_zi_fast_run(struct wm_zi_parser *p, const char *buf, size_t pos,
		      size_t len)
{
	struct zi_run r = { p, p->z, buf, len, p->seen, 0 };
	size_t next;
	uint64_t w;

	p->run = false;
	while (len - pos >= 40) {
		memcpy(&w, buf + pos, 8);
		if (w == ' ' * ZI_ONES) {
			next = zi_run_key(&r, pos);
		} else if ((w & ZI_LOW(7)) == ZI_WORD("      n")) {
			next = zi_run_counters(buf, pos, len);
		} else {
			next = zi_run_edge(&r, pos, w);
			if (next > pos && p->sec != WM_ZI_ZONE) {
				pos = next;	/* a skip that found no zone */
				break;
			}
		}
		if (next <= pos)	/* 0, or no counter at pos */
			break;
		pos = next;
	}
	p->seen = r.seen;
	return pos;
}
#else
size_t wm_zi_fast_run(struct wm_zi_parser *p, const char *buf, size_t pos,
		      size_t len)
{
	(void)buf, (void)len;
	p->run = false;
	return pos;	/* never set: wm_zi_fast_line() takes no line */
}
#endif
