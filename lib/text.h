/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small, allocation-free helpers shared by the /proc and log parsers:
 * walking a buffer line by line and reading numbers that may be
 * malformed or larger than 64 bits.
 */
#ifndef WMTUNE_TEXT_H
#define WMTUNE_TEXT_H

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "wm.h"

/* A view of part of a buffer: not NUL-terminated. */
struct wm_span {
	const char *p;
	size_t len;
};

/*
 * Cursor over the lines of a buffer. The buffer may contain NUL bytes and
 * need not end in a newline; no line is ever copied.
 */
struct wm_lines {
	const char *buf;
	size_t len;
	size_t pos;
	unsigned long lineno; /* 1-based number of the line last returned */
};

void wm_lines_init(struct wm_lines *it, const char *buf, size_t len);

/*
 * The helpers every /proc parser calls for every line and every key are
 * inline: a daemon runs them for each of some 600 lines a tick, and a
 * call per key compared cost more than the comparison (BENCHMARKS.md,
 * figure 1). The names of the keys are string literals, so the compiler
 * folds their strlen() and memcmp() to a few instructions.
 */

/* Returns false (and an empty *line) at the end; *line excludes the '\n'. */
static inline bool wm_lines_next(struct wm_lines *it, struct wm_span *line)
{
	const char *head, *nl;

	if (it->pos >= it->len) {
		line->p = it->buf + it->len;
		line->len = 0;
		return false;
	}
	head = it->buf + it->pos;
	nl = memchr(head, '\n', it->len - it->pos);
	line->p = head;
	if (nl) {
		line->len = (size_t)(nl - head);
		it->pos += line->len + 1;
	} else {
		line->len = it->len - it->pos;
		it->pos = it->len;
	}
	it->lineno++;
	return true;
}

/* A blank separates words: space, tab, '\r' (never NUL or '\n'). */
static inline bool wm_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * Bit 7 of each byte of the result is set where that byte of the eight
 * at p is a blank: per byte, bit 7 of (x & 0x7f) + 0x7f | x is clear
 * exactly when x == 0, and no carry crosses from one byte to the next.
 */
static inline uint64_t wm_blank_bits8(const char *p)
{
	const uint64_t ones = 0x0101010101010101ULL, low7 = 0x7f * ones;
	uint64_t v, sp, tab, cr;

	memcpy(&v, p, 8);
	sp = v ^ (' ' * ones);
	tab = v ^ ('\t' * ones);
	cr = v ^ ('\r' * ones);
	sp = ((sp & low7) + low7) | sp;
	tab = ((tab & low7) + low7) | tab;
	cr = ((cr & low7) + low7) | cr;
	return ~(sp & tab & cr) & (0x80 * ones);
}
#define WM_BLANK_BITS8 1

/*
 * Bit 7 of each byte of w that is a digit, exactly: per byte, no carry
 * crosses into the next. The first byte of a text is the low one.
 */
static inline uint64_t wm_digit_bits8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x80 * ones;
	uint64_t ge0 = (w | high) - '0' * ones;	/* low 7 bits >= '0' */
	uint64_t gt9 = (w & ~high) + 0x46 * ones;	/* low 7 bits > '9' */

	return ge0 & ~gt9 & ~w & high;
}

/*
 * The number whose digits' values (0 to 9) are the top bytes of x, the
 * first one's in the lowest of them, the bytes below them 0: four
 * multiplies for up to 8 digits.
 */
static inline uint64_t wm_digits8_value(uint64_t x)
{
	x = x * 10 + (x >> 8);
	return ((x & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32)) +
		((x >> 16) & 0x000000FF000000FFULL) *
			(1 + (10000ULL << 32))) >> 32;
}
#endif

/*
 * Bit i of the result set where p[i] == c, for the 64 bytes at p (all
 * must be readable): the line starts of a whole buffer found 64 bytes at
 * a time, with no call and no branch a line. SSE2 on x86-64 (its
 * baseline), else eight bytes at a time where the byte order allows.
 */
#if defined(__SSE2__)
/* The bytes equal to pat of the 16 at p, as bits. */
static inline uint64_t wm_byte_bits16(const char *p, __m128i pat)
{
	const __m128i b = _mm_loadu_si128((const __m128i *)(const void *)p);

	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, pat));
}

static inline uint64_t wm_byte_mask64(const char *p, char c)
{
	const __m128i pat = _mm_set1_epi8(c);

	/*
	 * Written out: a loop of four was not unrolled (a shift by a
	 * register and a loop test each time, 0.8 k instructions a parse
	 * of vmstat).
	 */
	return wm_byte_bits16(p, pat) | wm_byte_bits16(p + 16, pat) << 16 |
	       wm_byte_bits16(p + 32, pat) << 32 |
	       wm_byte_bits16(p + 48, pat) << 48;
}
#elif defined(WM_BLANK_BITS8)
static inline uint64_t wm_byte_mask64(const char *p, char c)
{
	const uint64_t ones = 0x0101010101010101ULL, low7 = 0x7f * ones;
	uint64_t m = 0;
	unsigned i;

	for (i = 0; i < 64; i += 8) {
		uint64_t v, x;

		memcpy(&v, p + i, 8);
		x = v ^ ((unsigned char)c * ones);
		x = ~(((x & low7) + low7) | x) & (0x80 * ones);
		/* bit 7 of byte k to bit k: the multiply gathers them */
		m |= (((x >> 7) * 0x0102040810204080ULL) >> 56) << i;
	}
	return m;
}
#else
static inline uint64_t wm_byte_mask64(const char *p, char c)
{
	uint64_t m = 0;
	unsigned i;

	for (i = 0; i < 64; i++)
		m |= (uint64_t)(p[i] == c) << i;
	return m;
}
#endif

#if defined(__SSE2__)
/* The newlines and the blanks of the 16 bytes at p, as bits. */
static inline void wm_line_bits16(const char *p, unsigned *nl, unsigned *bl)
{
	const __m128i b = _mm_loadu_si128((const __m128i *)(const void *)p);
	const __m128i sp = _mm_cmpeq_epi8(b, _mm_set1_epi8(' '));
	const __m128i tab = _mm_cmpeq_epi8(b, _mm_set1_epi8('\t'));
	const __m128i cr = _mm_cmpeq_epi8(b, _mm_set1_epi8('\r'));

	*nl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_set1_epi8('\n')));
	*bl = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(sp, tab), cr));
}
#endif

/*
 * The newlines (*nl) and the blanks (wm_is_blank(): *bl) of the 64 bytes
 * at p (all must be readable), bit i for p[i]: one load of each byte for
 * both, written out four times (a loop of four was not unrolled).
 */
static inline void wm_line_mask64(const char *p, uint64_t *nl, uint64_t *bl)
{
#if defined(__SSE2__)
	unsigned n0, n1, n2, n3, b0, b1, b2, b3;

	wm_line_bits16(p, &n0, &b0);
	wm_line_bits16(p + 16, &n1, &b1);
	wm_line_bits16(p + 32, &n2, &b2);
	wm_line_bits16(p + 48, &n3, &b3);
	*nl = n0 | (uint64_t)n1 << 16 | (uint64_t)n2 << 32 | (uint64_t)n3 << 48;
	*bl = b0 | (uint64_t)b1 << 16 | (uint64_t)b2 << 32 | (uint64_t)b3 << 48;
#else
	uint64_t b = 0;
	unsigned i;

	*nl = wm_byte_mask64(p, '\n');
	for (i = 0; i < 64; i++)
		b |= (uint64_t)wm_is_blank(p[i]) << i;
	*bl = b;
#endif
}

/*
 * Offset of the first blank in p[0..n), or n; eight bytes at a time
 * where the byte order allows. For long words (the names of /proc/vmstat
 * are 6 to 40 bytes): a byte loop over them was a fifth of a parse.
 */
static inline size_t wm_blank_find(const char *p, size_t n)
{
	size_t i = 0;
#ifdef WM_BLANK_BITS8
	for (; i + 8 <= n; i += 8) {
		uint64_t hit = wm_blank_bits8(p + i);

		if (hit)
			return i + (size_t)__builtin_ctzll(hit) / 8;
	}
#endif
	while (i < n && !wm_is_blank(p[i]))
		i++;
	return i;
}

/*
 * Offset of the first byte of p[0..n) that is not a blank, or n: for the
 * indentation of /proc/zoneinfo (2 to 8 blanks on nearly every line).
 */
static inline size_t wm_nonblank_find(const char *p, size_t n)
{
	size_t i = 0;
#ifdef WM_BLANK_BITS8
	/*
	 * Indentation is spaces: find the first byte that is not one,
	 * eight at a time (three instructions, not wm_blank_bits8()'s
	 * dozen); a tab or '\r' there is left to the byte loop.
	 */
	for (; i + 8 <= n; i += 8) {
		uint64_t v;

		memcpy(&v, p + i, 8);
		v ^= 0x2020202020202020ULL;
		if (v) {
			i += (size_t)__builtin_ctzll(v) / 8;
			break;
		}
	}
#endif
	while (i < n && wm_is_blank(p[i]))
		i++;
	return i;
}

/* Strip leading and trailing blanks (space, tab, '\r'). */
static inline struct wm_span wm_span_trim(struct wm_span s)
{
	while (s.len && wm_is_blank(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len && wm_is_blank(s.p[s.len - 1]))
		s.len--;
	return s;
}

/*
 * s is exactly word. A literal word is compared by length first (its
 * strlen is a constant); any other in one pass that stops at the first
 * difference, with no strlen (a table of names compared in a loop).
 */
static inline bool wm_span_eq(struct wm_span s, const char *word)
{
	size_t i;

	if (__builtin_constant_p(strlen(word)))
		return s.len == strlen(word) &&
		       memcmp(s.p, word, strlen(word)) == 0;
	for (i = 0; i < s.len; i++)
		if (word[i] != s.p[i] || word[i] == '\0')
			return false;
	return word[i] == '\0';
}

static inline bool wm_span_starts(struct wm_span s, const char *prefix)
{
	size_t n = strlen(prefix);

	return s.len >= n && memcmp(s.p, prefix, n) == 0;
}

/*
 * Split off the next blank-separated word; s is advanced past it. False
 * when only blanks are left (then s and *word are empty).
 */
static inline bool wm_span_word(struct wm_span *s, struct wm_span *word)
{
	const char *p = s->p, *end = s->p + s->len;

	while (p < end && wm_is_blank(*p))
		p++;
	word->p = p;
	while (p < end && !wm_is_blank(*p))
		p++;
	word->len = (size_t)(p - word->p);
	s->p = p;
	s->len = (size_t)(end - p);
	return word->len != 0;
}

/* How many bytes of s are c: the lines in a stretch a parser skips over. */
size_t wm_span_count(struct wm_span s, char c);
/* Find needle in s; returns its offset or -1. */
long wm_span_find(struct wm_span s, const char *needle);
/* Copy into a NUL-terminated buffer, truncating; returns dst. */
char *wm_span_copy(char *dst, size_t size, struct wm_span s);

/*
 * Parse an unsigned decimal number that makes up the whole span.
 * -EINVAL: empty or not a number; -ERANGE: larger than UINT64_MAX.
 */
int wm_parse_u64(struct wm_span s, uint64_t *out);
/* Same for a signed decimal; -ERANGE outside int64_t. */
int wm_parse_i64(struct wm_span s, int64_t *out);
/* Hexadecimal, with or without 0x. */
int wm_parse_hex(struct wm_span s, uint64_t *out);
/*
 * Parse a leading unsigned decimal and advance s past it. Returns the
 * number of digits consumed (0 when s does not start with a digit) or
 * -ERANGE.
 */
int wm_take_u64(struct wm_span *s, uint64_t *out);

/*
 * More cursor helpers for the log parsers: each advances s and returns false, leaving s alone, when it does not match.
 */
static inline void wm_span_skip(struct wm_span *s, size_t n)
{
	if (n > s->len)
		n = s->len;
	s->p += n;
	s->len -= n;
}

/*
 * Skip prefix if s starts with it. Inline: with a literal prefix its
 * length is a constant and the compare a few loads, no calls (the
 * report assembler tries several on each line it looks at).
 */
static inline bool wm_span_skip_prefix(struct wm_span *s, const char *prefix)
{
	if (!wm_span_starts(*s, prefix))
		return false;
	wm_span_skip(s, strlen(prefix));
	return true;
}

bool wm_span_skip_past(struct wm_span *s, const char *needle);
/*
 * wm_span_find() and wm_span_skip_past() with the needle's length given
 * (they are these, after a strlen()): where a report's lines are read
 * each line is searched for a few literals, and these test the needle's
 * first two bytes 16 places at a time (SSE2) instead of a memchr() call
 * at each place its first byte is, such as every space for " Comm: ".
 */
long wm_span_find_n(struct wm_span s, const char *needle, size_t n);
bool wm_span_skip_past_n(struct wm_span *s, const char *needle, size_t n);
#define WM_SPAN_FIND(s, lit) wm_span_find_n(s, "" lit, sizeof(lit) - 1)
#define WM_SPAN_SKIP_PAST(s, lit) \
	wm_span_skip_past_n(s, "" lit, sizeof(lit) - 1)
/* The leading part of s up to any byte of stops (NUL is never a stop). */
struct wm_span wm_span_until(struct wm_span s, const char *stops);
/* "0x1a2b" at the start of s; false if none or wider than 64 bits. */
bool wm_span_take_hex(struct wm_span *s, uint64_t *v);

/*
 * v in decimal at out (room for 20); returns the length. Two digits per
 * division, written from the end: a time in us has 14.
 */
static inline size_t wm_fmt_dec(char *out, uint64_t v)
{
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324"
		"25262728293031323334353637383940414243444546474849"
		"50515253545556575859606162636465666768697071727374"
		"75767778798081828384858687888990919293949596979899";
	char tmp[20], *p = tmp + sizeof(tmp);

	for (; v >= 100; v /= 100) {
		p -= 2;
		memcpy(p, pairs + 2 * (v % 100), 2);
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, pairs + 2 * v, 2);
	} else {
		*--p = (char)('0' + v);
	}
	memcpy(out, p, (size_t)(tmp + sizeof(tmp) - p));
	return (size_t)(tmp + sizeof(tmp) - p);
}

/*
 * v as printf's "%#" PRIx64 at out (room for 18): "0" for 0, else
 * "0x..." in lower case, as json-c and the kernel print GFP masks;
 * returns the length.
 */
static inline size_t wm_fmt_hex(char *out, uint64_t v)
{
	char tmp[18], *p = tmp + sizeof(tmp);

	do {
		*--p = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	if (p[0] != '0') {
		*--p = 'x';
		*--p = '0';
	}
	memcpy(out, p, (size_t)(tmp + sizeof(tmp) - p));
	return (size_t)(tmp + sizeof(tmp) - p);
}

#endif /* WMTUNE_TEXT_H */
