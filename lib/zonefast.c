// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fast paths of the /proc/zoneinfo parser: a zone's lines in the
 * exact form every kernel from 2.6.15 to 6.18 prints them (spec §5.1),
 * read from a few 8-byte loads and no byte loop:
 *
 *   Node 0, zone      DMA                   "Node %d, zone %8s"
 *     per-node stats                        the block zi_skip() jumps over
 *     pages free     3840                   its number from column 15
 *           min      10                     a key, its number from column 9
 *           protection: (0, 3019, 24137)    "(%ld" ", %ld"... ")"
 *     pagesets                              the block zi_skip() jumps over
 *
 * A watch tick parses the file every second and these are nearly all the
 * lines it keeps: through wm_zi_line() (words split off, byte loops, a
 * chain of compares) they were 60% of a parse. Each is taken here as
 * wm_zi_line() would take it; anything else (a tab, a trailing blank, a
 * number of more than 8 digits, a key given twice, a line that would be
 * an error) is left to wm_zi_line(), with nothing changed.
 *
 * After "pages free", wm_zi_fast_run() reads the zone's lines itself,
 * one after the other, while each is in that exact form (its end found
 * in its own bytes), and gives the scan back the first that is not.
 */
#include <stddef.h>
#include <string.h>

#include "zoneline.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ZI_ONES 0x0101010101010101ULL
#define ZI_HIGH (0x80 * ZI_ONES)
#define ZI_LOW4 (0x0f * ZI_ONES)

/* A literal of at most 8 bytes as the word it starts a line with. */
#define ZI_BYTE(lit, i)                                              \
	(sizeof(lit) > (i) + 1 ?                                     \
	 (uint64_t)(unsigned char)(lit)[i] << (8 * (i)) : 0)
#define ZI_WORD(lit)                                                     \
	(ZI_BYTE(lit, 0) | ZI_BYTE(lit, 1) | ZI_BYTE(lit, 2) |           \
	 ZI_BYTE(lit, 3) | ZI_BYTE(lit, 4) | ZI_BYTE(lit, 5) |           \
	 ZI_BYTE(lit, 6) | ZI_BYTE(lit, 7))
/* The same padded with spaces to 8: a key and the blanks after it. */
#define ZI_PADDED(lit) \
	(ZI_WORD(lit) | (' ' * ZI_ONES & ~0ULL << (8 * (sizeof(lit) - 1))))
/* A name of 1 to 7 bytes as "%8s" prints it: spaces, then the name. */
#define ZI_RIGHT(lit)                                 \
	(ZI_WORD(lit) << (8 * (9 - sizeof(lit))) |    \
	 ' ' * ZI_ONES >> (8 * (sizeof(lit) - 1)))
/* The low n bytes of a word (0 < n < 8). */
#define ZI_LOW(n) ((1ULL << (8 * (n))) - 1)

static const uint64_t zone_words[WM_ZONE__COUNT] = {
#define ZI_X(t, name) [t] = ZI_RIGHT(name),
	ZI_ZONE_NAMES(ZI_X)
#undef ZI_X
};

/* The keys padded to 8 with spaces, as the first 8 bytes of their lines. */
static const uint64_t key_words[ZI_KEY__COUNT] = {
#define ZI_X(n) [ZI_KEY_##n] = ZI_PADDED(#n),
	ZI_KEYS(ZI_X)
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

/* Bit 7 of each byte of w that is a digit, exactly (no carry crosses). */
static inline uint64_t zi_digits8(uint64_t w)
{
	uint64_t ge0 = (w | ZI_HIGH) - '0' * ZI_ONES;	/* low 7 bits >= '0' */
	uint64_t gt9 = (w & ~ZI_HIGH) + 0x46 * ZI_ONES;	/* low 7 bits > '9' */

	return ge0 & ~gt9 & ~w & ZI_HIGH;
}

/*
 * The number whose digits' values (0 to 9) are the top bytes of x, the
 * first one's in the lowest of them, the bytes below them 0: four
 * multiplies for up to 8 digits.
 */
static inline uint64_t zi_digits_value(uint64_t x)
{
	x = x * 10 + (x >> 8);
	return ((x & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32)) +
		((x >> 16) & 0x000000FF000000FFULL) *
			(1 + (10000ULL << 32))) >> 32;
}

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

/* Which of ZI_KEYS the first 8 bytes w are, blanks and all; -1 if none. */
#define ZI_IS(k) (w == ZI_PADDED(#k) ? ZI_KEY_##k : -1)
static inline int zi_key_word(uint64_t w)
{
	switch (w & 0xff) {
	case 'b':
		return ZI_IS(boost);
	case 'c':
		return ZI_IS(cma);
	case 'h':
		return ZI_IS(high);
	case 'l':
		return ZI_IS(low);
	case 'm':
		return w == ZI_PADDED("min") ? ZI_KEY_min : ZI_IS(managed);
	case 'p':
		return w == ZI_PADDED("present") ? ZI_KEY_present :
						   ZI_IS(promo);
	case 's':
		return ZI_IS(spanned);
	default:
		return -1;
	}
}
#undef ZI_IS

/*
 * "        min      10\n" at pos (25 bytes readable): the line taken as
 * the scan and wm_zi_fast_line() would take it (the same first byte past
 * the blanks, key and digits), and where the next line starts; 0 for any
 * other line. Its end is in the value's own 8 bytes: no mask, no memchr().
 */
static size_t zi_run_key(struct wm_zi_parser *p, const char *buf,
			 size_t pos, unsigned *guess)
{
	const char *t = buf + pos + 8;
	uint64_t w, v, other;
	size_t nd;
	int k = (int)*guess;

	memcpy(&w, t, 8);
	/* the kernel's order first: no switch on the key's letter */
	if (k >= ZI_KEY__COUNT || w != key_words[k])
		k = zi_key_word(w);
	if (k < 0 || t[8] != ' ' || (p->seen & (1u << k)))
		return 0;
	memcpy(&v, t + 9, 8);
	other = ~zi_digits8(v) & ZI_HIGH;
	if (!other || (other & 0x80))
		return 0;	/* 8 digits (maybe more), or none */
	nd = (size_t)__builtin_ctzll(other) / 8;
	if ((unsigned char)(v >> (8 * nd)) != '\n')
		return 0;
	p->seen |= 1u << k;
	*(uint64_t *)((char *)p->z + key_off[k]) =
		zi_digits_value(v << (8 * (8 - nd)) & ZI_LOW4);
	*guess = (unsigned)k + 1;
	return pos + 18 + nd;
}

/*
 * The items of "(0, 3019, 24137)\n" from t[13] on, zi_fast_items()
 * read forward: the line's end is where they end, not known before.
 * end: the end of the buffer. The line's length, or 0 for any line
 * zi_fast_protection() would not take (or too near the end to tell).
 */
static size_t zi_run_items(const char *t, const char *end, uint64_t *v,
			   unsigned *nr)
{
	size_t i = 13, nd;
	unsigned k = 0;

	while (k < WM_MAX_PROTECTION && end - (t + i) >= 10) {
		uint64_t w, other;

		memcpy(&w, t + i, 8);
		other = ~zi_digits8(w) & ZI_HIGH;
		if (!other || (other & 0x80))
			return 0;
		nd = (size_t)__builtin_ctzll(other) / 8;
		v[k++] = zi_digits_value(w << (8 * (8 - nd)) & ZI_LOW4);
		i += nd;
		if (t[i] == ')') {
			*nr = k;
			/* zi_fast_protection(): 16 bytes at least */
			return t[i + 1] == '\n' && i + 1 >= 16 ? i + 1 : 0;
		}
		if (t[i] != ',' || t[i + 1] != ' ')
			return 0;
		i += 2;
	}
	return 0;
}

/* "        protection: (0, 3019, 24137)\n" at pos, as zi_run_key(). */
static size_t zi_run_protection(struct wm_zi_parser *p, const char *buf,
				size_t pos, size_t len)
{
	const char *t = buf + pos + 8;
	uint64_t v[WM_MAX_PROTECTION];
	unsigned k, nr;
	size_t n;

	if (memcmp(t, "protection: (", 13) != 0 || (p->seen & ZK_PROTECTION))
		return 0;
	n = zi_run_items(t, buf + len, v, &nr);
	if (!n)
		return 0;
	for (k = 0; k < nr; k++)
		p->z->protection[k] = v[k];
	p->z->nr_protection = nr;
	p->seen |= ZK_PROTECTION;
	return pos + 8 + n + 1;
}

#if defined(__SSE2__)
/*
 * "      nr_free_pages 3840\n" at pos (39 bytes readable): a counter,
 * nothing in a zone (zi_wanted() refuses its 'n'); where the next line
 * starts, found in the 32 bytes after the 'n'; 0 if not there.
 */
static size_t zi_run_counter(const char *buf, size_t pos)
{
	const __m128i nl = _mm_set1_epi8('\n');
	const char *c = buf + pos + 7;
	uint64_t m;

	m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		_mm_loadu_si128((const __m128i *)(const void *)c), nl));
	m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		_mm_loadu_si128((const __m128i *)(const void *)(c + 16)), nl))
	     << 16;
	return m ? pos + 8 + (size_t)__builtin_ctzll(m) : 0;
}
#else
static size_t zi_run_counter(const char *buf, size_t pos)
{
	(void)buf, (void)pos;
	return 0;	/* the scan takes them */
}
#endif

/*
 * A zone's lines after "pages free" in the form every kernel prints
 * them: keys and protection indented by 8, counters by 6. Each went
 * through the 64-byte scan, the line-head loop and wm_zi_fast_line():
 * half a parse. Any other line (a zone header, "pagesets") stops it.
 */
size_t wm_zi_fast_run(struct wm_zi_parser *p, const char *buf, size_t pos,
		      size_t len)
{
	unsigned guess = 0;
	size_t next;
	uint64_t w;

	p->run = false;
	while (len - pos >= 40) {
		memcpy(&w, buf + pos, 8);
		if (w == ' ' * ZI_ONES)
			next = memcmp(buf + pos + 8, "protecti", 8) == 0 ?
				       zi_run_protection(p, buf, pos, len) :
				       zi_run_key(p, buf, pos, &guess);
		else if ((w & ZI_LOW(7)) == ZI_WORD("      n"))
			next = zi_run_counter(buf, pos);
		else
			break;
		if (!next)
			break;
		pos = next;
	}
	return pos;
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

size_t wm_zi_fast_run(struct wm_zi_parser *p, const char *buf, size_t pos,
		      size_t len)
{
	(void)buf, (void)len;
	p->run = false;
	return pos;	/* never set: wm_zi_fast_line() takes no line */
}
#endif
