// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Skimming a saved log while no report is open (see logscan.h): the
 * next line that could change what the assembler does, found by a search
 * that looks at each byte a couple of times instead of cutting every line
 * and reading its prefix. In the bench log ~9 lines in 10 lie between
 * reports, and this is what makes them cheap.
 *
 * A line matters to an idle assembler only through one of the triggers
 * below, anywhere in it (report.c's event_line(), and the input side's
 * raw records: their sequence numbers are printed). Each trigger has a
 * byte pair that is rare in kernel logs; a window of 64 bytes is cut
 * into masks of where those pairs start, then a pair is checked against
 * its whole trigger. A false positive costs the full parse of one line,
 * never a wrong answer.
 */
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define SKIM_AVX2 1
#include <immintrin.h>
#endif

#include "logscan.h"

/*
 * The triggers, each with the offset of its rare pair. "allocation
 * failure" stands for "page allocation failure" and "vmalloc:
 * allocation failure"; ";" for a raw record ("6,12,345,-;msg").
 */
static const struct trigger {
	const char *text;
	size_t len, at;
} triggers[] = {
	{ "allocation failure", 18, 14 },               /* "lu" */
	{ "vmalloc error: ", 15, 0 },                   /* "vm" */
	{ "SLUB: Unable to allocate memory on ", 35, 6 }, /* "Un" */
	{ "Linux version ", 14, 0 },                    /* "Li" */
	{ " callbacks suppressed", 21, 4 },             /* "lb" */
	{ ";", 1, 0 },
};
#define NR_TRIGGERS (sizeof(triggers) / sizeof(triggers[0]))

static inline bool line_end(char c)
{
	return c == '\n' || c == '\0';
}

/* Is the pair at c the one of a trigger, whole within p..end? */
static bool trigger_at(const char *p, const char *end, const char *c)
{
	size_t i;

	for (i = 0; i < NR_TRIGGERS; i++) {
		const struct trigger *t = &triggers[i];
		const char *s;

		if (c[0] != t->text[t->at] ||
		    (t->len > 1 && (c + 1 >= end || c[1] != t->text[t->at + 1])))
			continue;
		if ((size_t)(c - p) < t->at)
			continue;
		s = c - t->at;
		if ((size_t)(end - s) >= t->len && memcmp(s, t->text, t->len) == 0)
			return true;
	}
	return false;
}

/* The start of the line holding c (p: a line start at or before c). */
static const char *line_start(const char *p, const char *c)
{
	while (c > p && !line_end(c[-1]))
		c--;
	return c;
}

/*
 * The byte loop: from c (in p..end, at a line start or inside a line
 * with no trigger before c), the start of the first line with a trigger,
 * or of the partial last line if none; line ends before it to *lines.
 */
static const char *skim_bytes(const char *p, const char *c, const char *end,
			      uint64_t *lines)
{
	const char *ls = c;

	for (; c < end; c++) {
		if (line_end(*c)) {
			(*lines)++;
			ls = c + 1;
		} else if (trigger_at(p, end, c)) {
			return line_start(p, ls);
		}
	}
	return line_start(p, ls);
}

const char *wm_logscan_skim_simple(const char *p, size_t len, uint64_t *lines)
{
	return skim_bytes(p, p, p + len, lines);
}

#ifdef SKIM_AVX2
#define AVX2 __attribute__((target("avx2,popcnt")))

static inline AVX2 __m256i eq(__m256i b, char c)
{
	return _mm256_cmpeq_epi8(b, _mm256_set1_epi8(c));
}

/*
 * Each pair has a bit: 0 "lu", 1 "lb", 2 "vm", 3 "Un", 4 "Li", 5 ";" (a
 * pair of one byte: every second byte has bit 5). A byte's bits are
 * those of its low nibble AND those of its high nibble, two table
 * lookups (vpshufb); as no two pairs share a first byte but "lu"/"lb"
 * (nor a second one), this is exact: a bit is set for the byte itself,
 * never for another byte with one nibble in common.
 */
#define NIB(...) _mm256_setr_epi8(__VA_ARGS__, __VA_ARGS__)

static inline AVX2 __m256i nibbles(__m256i x, __m256i lo, __m256i hi)
{
	__m256i f = _mm256_set1_epi8(0x0f);

	return _mm256_and_si256(
		_mm256_shuffle_epi8(lo, _mm256_and_si256(x, f)),
		_mm256_shuffle_epi8(hi, _mm256_and_si256(
					_mm256_srli_epi16(x, 4), f)));
}

/* Bit i: a trigger's pair starts at byte i of b (n: b one byte on). */
static inline AVX2 uint64_t pairs32(__m256i b, __m256i n)
{
	/* first bytes: 'l' 0x6c {0,1}, 'v' 0x76 {2}, 'U' 0x55 {3}, 'L' 0x4c {4}, ';' 0x3b {5} */
	const __m256i lo1 = NIB(0, 0, 0, 0, 0, 8, 4, 0,
				0, 0, 0, 32, 19, 0, 0, 0);
	const __m256i hi1 = NIB(0, 0, 0, 32, 16, 8, 3, 4,
				0, 0, 0, 0, 0, 0, 0, 0);
	/* second bytes: 'u' 0x75 {0}, 'b' 0x62 {1}, 'm' 0x6d {2}, 'n' 0x6e {3}, 'i' 0x69 {4}; any {5} */
	const __m256i lo2 = NIB(32, 32, 34, 32, 32, 33, 32, 32,
				32, 48, 32, 32, 32, 36, 40, 32);
	const __m256i hi2 = NIB(32, 32, 32, 32, 32, 32, 62, 33,
				32, 32, 32, 32, 32, 32, 32, 32);
	__m256i c = _mm256_and_si256(nibbles(b, lo1, hi1),
				     nibbles(n, lo2, hi2));

	return ~(uint64_t)(uint32_t)_mm256_movemask_epi8(
		       _mm256_cmpeq_epi8(c, _mm256_setzero_si256())) &
	       0xffffffffULL;
}

static inline AVX2 uint64_t ends32(__m256i b)
{
	return (uint32_t)_mm256_movemask_epi8(
		_mm256_or_si256(eq(b, '\n'), eq(b, '\0')));
}

static AVX2 const char *skim_avx2(const char *p, size_t len, uint64_t *lines)
{
	const char *w = p, *end = p + len;
	uint64_t n = 0;

	/* w + 64 < end: the pair's second byte, w[64], is in the buffer */
	for (; end - w > 64; w += 64) {
		__m256i b0 = _mm256_loadu_si256((const __m256i *)w);
		__m256i b1 = _mm256_loadu_si256((const __m256i *)(w + 32));
		__m256i n0 = _mm256_loadu_si256((const __m256i *)(w + 1));
		__m256i n1 = _mm256_loadu_si256((const __m256i *)(w + 33));
		uint64_t e = ends32(b0) | ends32(b1) << 32;
		uint64_t c = pairs32(b0, n0) | pairs32(b1, n1) << 32;

		for (; c; c &= c - 1) {
			unsigned k = (unsigned)__builtin_ctzll(c);

			if (trigger_at(p, end, w + k)) {
				uint64_t before = e & ((1ULL << k) - 1);

				*lines += n + (uint64_t)__builtin_popcountll(before);
				/* the line's start from the masks, if it is here */
				if (before)
					return w + 64 - __builtin_clzll(before);
				return line_start(p, w);
			}
		}
		n += (uint64_t)__builtin_popcountll(e);
	}
	*lines += n;
	return skim_bytes(p, w, end, lines);
}
#endif

const char *wm_logscan_skim(const char *p, size_t len, uint64_t *lines)
{
#ifdef SKIM_AVX2
	if (__builtin_cpu_supports("avx2"))
		return skim_avx2(p, len, lines);
#endif
	return wm_logscan_skim_simple(p, len, lines);
}
