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
 * that would be an error, a line less than 25 bytes from the end) stops
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
 * The keys padded to 8 in the order every kernel prints those it has:
 * the next line is tried against the word of the key after the last
 * one's (run_next) first, a switch on its letter only when that fails.
 */
static const uint64_t run_words[ZI_KEY__COUNT] = {
#define ZI_X(n) [ZI_KEY_##n] = ZI_PADDED(#n),
	ZI_KEYS(ZI_X)
#undef ZI_X
};

/* The key after each, the last's wrapping: no bound to check. */
static const unsigned char run_next[ZI_KEY__COUNT] = {
#define ZI_X(n) [ZI_KEY_##n] = (ZI_KEY_##n + 1) % ZI_KEY__COUNT,
	ZI_KEYS(ZI_X)
#undef ZI_X
};

static const unsigned char run_off[ZI_KEY__COUNT] = {
#define ZI_X(n) [ZI_KEY_##n] = offsetof(struct wm_zone, n),
	ZI_KEYS(ZI_X)
#undef ZI_X
};

/*
 * The number that ends a line at t (8 bytes readable): 1 to 7 digits,
 * then '\n'. True, *val and *n the bytes it takes, its '\n' included;
 * false for anything else. With d the bytes ^ '0', a digit is a byte of
 * d below 10: d + 0x76 sets bit 7 of each other byte below 0x80, d
 * itself that of the rest. Such a byte's carry may spoil the bits above
 * it, never the lowest, which is the only one read.
 */
static inline bool zi_run_number(const char *t, uint64_t *val, size_t *n)
{
	uint64_t v, d, other;
	unsigned b;

	memcpy(&v, t, 8);
	d = v ^ '0' * ZI_ONES;
	other = ((d + 0x76 * ZI_ONES) | d) & ZI_HIGH;
	if (!other || (other & 0x80))
		return false;	/* 8 digits (maybe more), or none */
	/* b = 8 * digits + 7: shifts by it, not by digits * 8 */
	b = (unsigned)__builtin_ctzll(other);
	if ((unsigned char)(v >> (b - 7)) != '\n')
		return false;
	*val = zi_digits_value(d << (71 - b));
	*n = (b + 1) / 8;	/* the digits and the newline */
	return true;
}

/*
 * The n < 8 bytes at t as a word, 0s after them (none of them a digit).
 * Not inlined: a memcpy() of a size not known is a call, which in the
 * loop cost a tenth of every item.
 */
static __attribute__((noinline)) uint64_t zi_run_tail(const char *t, size_t n)
{
	uint64_t w = 0;

	memcpy(&w, t, n);
	return w;
}

/*
 * "        protection: (0, 3019, 24137)\n" at pos: 1 to WM_MAX_PROTECTION
 * items of 1 to 7 digits, ", " between them, ")\n" after the last. The
 * start of the next line, or 0. The items go straight to the zone: if
 * the line is left to the scan, its parse writes each of them again, the
 * same (those read here were plain), or fails.
 */
static size_t zi_run_protection(struct wm_zi_parser *p, const char *buf,
				size_t pos, size_t len)
{
	const char *t = buf + pos, *end = buf + len;
	uint64_t *v = p->z->protection;
	size_t i = 21, room;	/* "        protection: (" */
	unsigned k = 0, b;
	uint64_t w, d, other;

	memcpy(&w, t + 16, 8);
	if ((w & ZI_LOW(5)) != ZI_WORD("on: (") || (p->seen & ZK_PROTECTION))
		return 0;
	for (;;) {
		room = (size_t)(end - (t + i));
		if (room >= 9)
			memcpy(&w, t + i, 8);
		else if (room >= 2)	/* the file's last line, often */
			w = zi_run_tail(t + i, room);
		else
			return 0;
		if (k == WM_MAX_PROTECTION)
			return 0;	/* the scan's: too many */
		if ((w & ZI_LOW(3)) == ZI_WORD("0, ")) {
			/* most items: the zone's own and those below it */
			v[k++] = 0;
			i += 3;
			continue;
		}
		d = w ^ '0' * ZI_ONES;
		other = ((d + 0x76 * ZI_ONES) | d) & ZI_HIGH;
		if (!other || (other & 0x80))
			return 0;
		/* 8 * digits + 7 */
		b = (unsigned)__builtin_ctzll(other);
		v[k++] = zi_digits_value(d << (71 - b));
		i += b / 8;
		/* the two bytes after the digits: in room, or 0s past it */
		if ((unsigned char)(w >> (b - 7)) == ')') {
			if (b / 8 + 2 > room || t[i + 1] != '\n')
				return 0;
			p->z->nr_protection = k;
			p->seen |= ZK_PROTECTION;
			return pos + i + 2;
		}
		if ((unsigned char)(w >> (b - 7)) != ',' || b / 8 + 2 > room ||
		    t[i + 1] != ' ')
			return 0;
		i += 2;
	}
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
static size_t zi_run_header(struct wm_zi_parser *p, const char *buf,
			    size_t pos, size_t len)
{
	const char *t = buf + pos;
	size_t n;

	if (len - pos < 23)
		return 0;
	/* one or two digits: wm_zi_fast_header() takes no other */
	n = t[21] == '\n' ? 21 : t[22] == '\n' ? 22 : 0;
	if (!n || !wm_zi_fast_header(p, t, n))
		return 0;
	return pos + n + 1;
}

/* "  pages free     3840\n" at pos, in the zone or its per-node stats. */
static size_t zi_run_free(struct wm_zi_parser *p, const char *buf,
			  size_t pos, size_t len)
{
	const char *t = buf + pos;
	uint64_t w0, w1, val;
	size_t n;

	if (len - pos < 25)
		return 0;
	memcpy(&w0, t, 8);
	memcpy(&w1, t + 8, 8);
	if (w0 != ZI_WORD("  pages ") || w1 != ZI_WORD("free    ") ||
	    t[16] != ' ' || (p->seen & ZK_FREE))
		return 0;
	if (!zi_run_number(t + 17, &val, &n))
		return 0;
	p->z->free = val;
	p->seen |= ZK_FREE;
	p->sec = WM_ZI_ZONE;
	return pos + 17 + n;
}

/*
 * "  per-node stats\n" at pos, in a zone with no line taken yet: past
 * the node's counters to its "pages free". The next line's start; if
 * the run cannot go on, the start of the line the skip stopped at, p->sec
 * left WM_ZI_NODE_STATS.
 */
static size_t zi_run_stats(struct wm_zi_parser *p, const char *buf,
			   size_t pos, size_t len)
{
	const char *t = buf + pos;
	uint64_t w1;
	size_t next;

	memcpy(&w1, t + 8, 8);
	if (w1 != ZI_WORD("de stats") || t[16] != '\n' || p->seen)
		return 0;
	p->sec = WM_ZI_NODE_STATS;
	pos = wm_zi_skip(p, buf, pos + 17, len);
	next = zi_run_free(p, buf, pos, len);
	return next ? next : pos;
}

/* "  pagesets\n" at pos: on to the next zone, as zi_run_stats(). */
static size_t zi_run_pagesets(struct wm_zi_parser *p, const char *buf,
			      size_t pos, size_t len)
{
	const char *t = buf + pos;
	size_t next;

	if (t[8] != 't' || t[9] != 's' || t[10] != '\n')
		return 0;
	p->sec = WM_ZI_PAGESETS;
	pos = wm_zi_skip(p, buf, pos + 11, len);
	next = zi_run_header(p, buf, pos, len);
	return next ? next : pos;
}

/*
 * A line that is neither a key nor a counter, w its first 8 bytes: as
 * zi_run_stats(). Not inlined: in the loop, its registers were saved
 * and restored for every key line.
 */
static __attribute__((noinline)) size_t
zi_run_edge(struct wm_zi_parser *p, const char *buf, size_t pos, size_t len,
	    uint64_t w)
{
	if (w == ZI_WORD("  pagese"))
		return zi_run_pagesets(p, buf, pos, len);
	if ((w & ZI_LOW(5)) == ZI_WORD("Node "))
		return zi_run_header(p, buf, pos, len);
	if (w == ZI_WORD("  pages "))
		return zi_run_free(p, buf, pos, len);
	if (w == ZI_WORD("  per-no"))
		return zi_run_stats(p, buf, pos, len);
	return 0;
}

/*
 * The loop keeps the zone, its seen bits and the guess at the next key
 * in registers, and gives them to p only around the calls for the rarer
 * lines; a key line is read here: 8 blanks, the key padded to 8, a
 * blank, its number.
 */
size_t wm_zi_fast_run(struct wm_zi_parser *p, const char *buf, size_t pos,
		      size_t len)
{
	struct wm_zone *z = p->z;
	unsigned seen = p->seen, bit;
	size_t next, guess = 0, k;
	uint64_t w, key, val;
	int found;

	p->run = false;
	if (p->sec == WM_ZI_BEFORE) {	/* the file's first line */
		next = zi_run_header(p, buf, pos, len);
		if (!next)
			return pos;
		pos = next;
		z = p->z;
		seen = 0;
	}
	/* 25: a key line's 8 blanks, key, blank and 8 bytes of number */
	while (len - pos >= 25) {
		memcpy(&w, buf + pos, 8);
		if (w == ' ' * ZI_ONES) {
			memcpy(&key, buf + pos + 8, 8);
			k = guess;
			if (key != run_words[k]) {
				found = zi_key_word(key);
				if (found < 0)
					goto other;
				k = (size_t)found;
			}
			bit = 1u << k;
			if (buf[pos + 16] != ' ' || (seen & bit) ||
			    !zi_run_number(buf + pos + 17, &val, &next))
				break;
			seen |= bit;
			*(uint64_t *)((char *)z + run_off[k]) = val;
			guess = run_next[k];
			pos += 17 + next;
			continue;
other:
			if (key != ZI_WORD("protecti"))
				break;
			/* 1 to 7 items may end the file: read to its end */
			p->seen = seen;
			next = zi_run_protection(p, buf, pos, len);
			seen = p->seen;
		} else if ((w & ZI_LOW(7)) == ZI_WORD("      n")) {
			next = zi_run_counters(buf, pos, len);
		} else {
			p->seen = seen;
			next = zi_run_edge(p, buf, pos, len, w);
			seen = p->seen;
			if (p->z != z) {
				z = p->z;
				guess = 0;
			}
			if (next > pos && p->sec != WM_ZI_ZONE) {
				/* a skip that found no zone */
				pos = next;
				break;
			}
		}
		if (next <= pos)	/* 0, or no counter at pos */
			break;
		pos = next;
	}
	p->seen = seen;
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
