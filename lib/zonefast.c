// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fast paths of the /proc/zoneinfo parser: a zone's lines in the
 * exact form every kernel from 2.6.15 to 6.18 prints them (spec §5.1),
 * read from a few 8-byte loads and no byte loop:
 *
 *   Node 0, zone      DMA                   "Node %d, zone %8s"
 *     per-node stats                        the block wm_zi_skip() jumps over
 *     pages free     3840                   its number from column 15
 *           min      10                     a key, its number from column 9
 *           protection: (0, 3019, 24137)    "(%ld" ", %ld"... ")"
 *     pagesets                              the block wm_zi_skip() jumps over
 *
 * A watch tick parses the file every second and these are nearly all the
 * lines it keeps: through wm_zi_line() (words split off, byte loops, a
 * chain of compares) they were 60% of a parse. Each is taken here as
 * wm_zi_line() would take it; anything else (a tab, a trailing blank, a
 * number of more than 8 digits, a key given twice, a line that would be
 * an error) is left to wm_zi_line(), with nothing changed.
 *
 * After "pages free", wm_zi_fast_run() (lib/zonerun.c) reads on by
 * itself, and takes its zone headers here (wm_zi_fast_header()).
 */
#include <stddef.h>
#include <string.h>

#include "zoneline.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#include "zoneword.h"

static const uint64_t zone_words[WM_ZONE__COUNT] = {
#define ZI_X(t, name) [t] = ZI_RIGHT(name),
	ZI_ZONE_NAMES(ZI_X)
#undef ZI_X
};

static const unsigned char key_off[ZI_KEY__COUNT] = {
#define ZI_X(n) [ZI_KEY_##n] = offsetof(struct wm_zone, n),
	ZI_KEYS(ZI_X)
#undef ZI_X
};

#define ZI_X(n) _Static_assert(sizeof(#n) - 1 < 8, "key " #n " fits a word");
ZI_KEYS(ZI_X)
#undef ZI_X
#define ZI_X(t, n) _Static_assert(sizeof(n) - 1 < 8, "name " n " fits a word");
ZI_ZONE_NAMES(ZI_X)
#undef ZI_X

/*
 * A zone's number t[c..n) (c >= 8): 1 to 8 digits that end the line,
 * read from its last eight bytes, its line's seen bit being bit. Inlined
 * in its two callers: a call was a third of its cost.
 */
static inline __attribute__((always_inline)) bool
zi_fast_value(struct wm_zi_parser *p, unsigned bit, uint64_t *dst,
	      const char *t, size_t n, size_t c)
{
	size_t nd = n - c;
	uint64_t last, top;

	if (n <= c || nd > 8 || (p->seen & bit))
		return false;
	memcpy(&last, t + n - 8, 8);
	top = ~0ULL << (8 * (8 - nd));
	if ((zi_digits8(last) & top) != (ZI_HIGH & top))
		return false;
	p->seen |= bit;
	*dst = zi_digits_value(last & ZI_LOW4 & top);
	return true;
}

/* "pages free     3840" (its first 8 bytes checked), also ending the stats. */
static bool zi_fast_free(struct wm_zi_parser *p, const char *t, size_t n)
{
	if (n <= 15 || memcmp(t + 8, "ee     ", 7) != 0 ||
	    !zi_fast_value(p, ZK_FREE, &p->z->free, t, n, 15))
		return false;
	p->sec = WM_ZI_ZONE;
	p->run = true;
	return true;
}

/*
 * "Node 0, zone      DMA": 1 or 2 digits, a known name right-aligned in
 * the last 8 columns; a header that starts a zone without an error.
 * Not inlined, nor zi_fast_block(): inlined, their registers were saved
 * and restored for every key line, a fifth of its cost.
 */
static __attribute__((noinline)) bool
zi_fast_header(struct wm_zi_parser *p, const char *t, size_t n, uint64_t w)
{
	size_t nd = n - 20;	/* "Node " ", zone " and the name's 8 */
	uint64_t mid, name;
	unsigned node, d, type;

	if (n < 21 || nd > 2 || (w & ZI_LOW(5)) != ZI_WORD("Node "))
		return false;
	node = (unsigned)(unsigned char)t[5] - '0';
	d = (unsigned)(unsigned char)t[6] - '0';
	if (node > 9 || (nd == 2 && d > 9))
		return false;
	if (nd == 2)
		node = node * 10 + d;
	memcpy(&mid, t + 5 + nd, 8);
	memcpy(&name, t + n - 8, 8);
	if ((mid & ZI_LOW(7)) != ZI_WORD(", zone "))
		return false;
	for (type = 0; type < WM_ZONE__COUNT; type++)
		if (name == zone_words[type])
			break;
	if (type == WM_ZONE__COUNT || node >= WM_MAX_NODES ||
	    (p->types[node] & (1u << type)) || !wm_zi_zone_complete(p))
		return false;
	wm_zi_zone_start(p, node, (enum wm_zone_type)type, t);
	return true;
}

/* The 8 bytes from t + i, 0s for those past t + n (n >= 8, i < n). */
static inline uint64_t zi_load(const char *t, size_t n, size_t i)
{
	uint64_t w;

	if (n - i >= 8) {
		memcpy(&w, t + i, 8);
		return w;
	}
	memcpy(&w, t + n - 8, 8);
	return w >> (8 * (8 - (n - i)));
}

/*
 * The items of "(0, 3019, 24137)" from t[i], the line ending at its ')':
 * 1 to WM_MAX_PROTECTION of 1 to 7 digits, ", " between them. The count,
 * or 0 for anything else.
 */
static unsigned zi_fast_items(const char *t, size_t n, size_t i, uint64_t *v)
{
	unsigned k = 0;

	while (k < WM_MAX_PROTECTION && i < n) {
		uint64_t w = zi_load(t, n, i);
		uint64_t other = ~zi_digits8(w) & ZI_HIGH;
		size_t nd;

		if (!other || (other & 0x80))
			return 0;	/* 8 digits or more, or none */
		nd = (size_t)__builtin_ctzll(other) / 8;
		v[k++] = zi_digits_value(w << (8 * (8 - nd)) & ZI_LOW4);
		i += nd;
		if (i >= n)
			return 0;	/* not reached: the line ends in ')' */
		if (t[i] == ')')
			return i == n - 1 ? k : 0;
		if (t[i] != ',' || i + 2 >= n || t[i + 1] != ' ')
			return 0;
		i += 2;
	}
	return 0;
}

/* "protection: (0, 3019, 24137, 24137, 24137)", the first 8 bytes checked */
static bool zi_fast_protection(struct wm_zi_parser *p, const char *t, size_t n)
{
	uint64_t v[WM_MAX_PROTECTION];
	unsigned k;

	if (n < 16 || memcmp(t + 8, "on: (", 5) != 0 || t[n - 1] != ')' ||
	    (p->seen & ZK_PROTECTION))
		return false;
	k = zi_fast_items(t, n, 13, v);
	if (!k)
		return false;
	/* a loop, not a memcpy() call of a size not known here */
	for (p->z->nr_protection = 0; p->z->nr_protection < k;
	     p->z->nr_protection++)
		p->z->protection[p->z->nr_protection] = v[p->z->nr_protection];
	p->seen |= ZK_PROTECTION;
	return true;
}

/* "pagesets", "per-node stats", "pages free ..." and "protection: (...)" */
static __attribute__((noinline)) bool
zi_fast_block(struct wm_zi_parser *p, const char *t, size_t n, uint64_t w)
{
	if (w == ZI_WORD("pages fr"))
		return zi_fast_free(p, t, n);
	if (w == ZI_WORD("protecti"))
		return zi_fast_protection(p, t, n);
	if (w == ZI_WORD("pagesets") && n == 8) {
		p->sec = WM_ZI_PAGESETS;
		return true;
	}
	if (w == ZI_WORD("per-node") && n == 14 && !p->seen &&
	    memcmp(t + 8, " stats", 6) == 0) {
		p->sec = WM_ZI_NODE_STATS;
		return true;
	}
	return false;
}


bool wm_zi_fast_header(struct wm_zi_parser *p, const char *t, size_t n)
{
	uint64_t w;

	if (n < 8)
		return false;
	memcpy(&w, t, 8);
	return zi_fast_header(p, t, n, w);
}

bool wm_zi_fast_line(struct wm_zi_parser *p, const char *t, size_t n)
{
	uint64_t w, *dst;
	int k;

	if (n < 8)
		return false;
	memcpy(&w, t, 8);
	if (t[0] == 'N')
		return zi_fast_header(p, t, n, w);
	if (p->sec != WM_ZI_ZONE)	/* only "pages free" ends the stats */
		return p->sec == WM_ZI_NODE_STATS &&
		       w == ZI_WORD("pages fr") && zi_fast_free(p, t, n);
	k = zi_key_word(w);
	if (k < 0)
		return t[0] == 'p' && zi_fast_block(p, t, n, w);
	/* "min      10": the key padded to 9 columns, its number */
	dst = (uint64_t *)((char *)p->z + key_off[k]);
	return n > 9 && t[8] == ' ' && zi_fast_value(p, 1u << k, dst, t, n, 9);
}
#else
bool wm_zi_fast_line(struct wm_zi_parser *p, const char *t, size_t n)
{
	(void)p, (void)t, (void)n;
	return false;	/* wm_zi_line() takes every line */
}

bool wm_zi_fast_header(struct wm_zi_parser *p, const char *t, size_t n)
{
	(void)p, (void)t, (void)n;
	return false;
}

#endif
