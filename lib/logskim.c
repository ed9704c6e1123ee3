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
	/*
	 * Inside a page report (wm_logscan_skim_report()) also every start
	 * that quiet() in report.c does not call quiet: ", nodemask=",
	 * "mode:" (", mode:"), "CPU: ", "Pid: ", a zone line's " free:" and
	 * show_mem's last line.
	 */
	{ "nodemask=", 9, 7 },                          /* "k=" */
	{ "mode:", 5, 0 },                              /* "mo" */
	{ "CPU: ", 5, 2 },                              /* "U:" */
	{ "Pid: ", 5, 0 },                              /* "Pi" */
	{ " free:", 6, 3 },                             /* "ee" */
	{ " pages hwpoisoned", 17, 10 },                /* "oi" */
	{ " pages non-shared", 17, 10 },                /* "-s" */
};
#define NR_IDLE 6
#define NR_TRIGGERS (sizeof(triggers) / sizeof(triggers[0]))

/* The triggers (bit i: triggers[i]) whose pair starts with a byte. */
static const uint16_t by_first[256] = {
	['l'] = 1 << 0 | 1 << 4, ['v'] = 1 << 1, ['U'] = 1 << 2 | 1 << 8,
	['L'] = 1 << 3, [';'] = 1 << 5, ['k'] = 1 << 6, ['m'] = 1 << 7,
	['P'] = 1 << 9, ['e'] = 1 << 10, ['o'] = 1 << 11, ['-'] = 1 << 12,
};

static inline bool line_end(char c)
{
	return c == '\n' || c == '\0';
}

/*
 * Is the pair at c the one of one of the first n triggers, whole within
 * p..end? Inlined into the idle skims (the reader thread's: 2% of its
 * instructions were the call), called from the report skim, whose loop
 * is slower with it inlined.
 */
static inline __attribute__((always_inline)) bool
trigger_in(const char *p, const char *end, const char *c, size_t n)
{
	unsigned m = by_first[(unsigned char)c[0]] & ((1U << n) - 1);

	for (; m; m &= m - 1) {
		const struct trigger *t = &triggers[__builtin_ctz(m)];
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

static bool trigger_at(const char *p, const char *end, const char *c,
		       size_t n)
{
	return trigger_in(p, end, c, n);
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
		} else if (trigger_in(p, end, c, NR_IDLE)) {
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

/*
 * Bit i: byte i of b has a bit of the first-byte tables that byte i of n
 * has in the second-byte tables, i.e. a pair of one of those tables
 * starts there.
 */
static inline AVX2 uint64_t pair_bits(__m256i b, __m256i n, __m256i lo1,
				      __m256i hi1, __m256i lo2, __m256i hi2)
{
	__m256i c = _mm256_and_si256(nibbles(b, lo1, hi1),
				     nibbles(n, lo2, hi2));

	return ~(uint64_t)(uint32_t)_mm256_movemask_epi8(
		       _mm256_cmpeq_epi8(c, _mm256_setzero_si256())) &
	       0xffffffffULL;
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
	return pair_bits(b, n, lo1, hi1, lo2, hi2);
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

			if (trigger_in(p, end, w + k, NR_IDLE)) {
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

/*
 * Inside a page report (wm_logscan_skim_report()) a line that holds no
 * trigger changes nothing, unless its time ends the report. Only a line
 * with a '[' can have a time (a raw record has its ';'), and the time of
 * a line that starts with "[%5lu.%06lu]" is that, whatever follows
 * (take_bracket() and wm_klog_parse_ts() in klog.c, logshape.c). Such a
 * line is compared with the texts of the times that cannot end it, a few
 * loads and masks; any other line with a '[' is parsed.
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define CLOCK_SWAR 1
static inline uint64_t load8(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* The high bit of each byte of x that is not an ASCII digit. */
static inline uint64_t nondigits(uint64_t x)
{
	uint64_t t = x ^ 0x3030303030303030ULL;

	return (((t & 0x7f7f7f7f7f7f7f7fULL) + 0x7676767676767676ULL) | t) &
	       0x8080808080808080ULL;
}

/* Six digits at f (and two bytes more) as a number that orders as they do. */
static inline uint64_t frac_key(uint64_t f)
{
	return __builtin_bswap64(f << 16);
}

/* The words of a pattern's text, and its mask from la. */
static void load_pat(struct wm_skim_pat *t, const char text[24], bool any)
{
	unsigned i, j = t->la + 6;

	for (i = 0; i < 3; i++) {
		unsigned k = t->la > 8 * i ? t->la - 8 * i : 0;

		t->p[i] = load8(text + 8 * i);
		t->m[i] = k >= 8 ? ~0ULL : (1ULL << (8 * k)) - 1;
	}
	t->m[j / 8] |= 0xffULL << (8 * (j % 8)); /* the ']' */
	t->any = any;
}

/* "[%5lu." of secs and the ']' six digits on; false if too long. */
static bool make_pat(struct wm_skim_pat *t, char text[24], uint64_t secs,
		     bool any)
{
	char d[24];
	unsigned n = 0, w, i;

	do {
		d[n++] = (char)('0' + secs % 10);
		secs /= 10;
	} while (secs);
	w = n < 5 ? 5 : n;
	if (w > 14)
		return false; /* "[", w, ".", 6 digits and ']' in 24 bytes */
	t->la = w + 2;
	memset(text, 0, 24);
	text[0] = '[';
	for (i = 1; i <= w - n; i++)
		text[i] = ' ';
	for (i = 0; i < n; i++)
		text[1 + w - n + i] = d[n - 1 - i];
	text[w + 1] = '.';
	text[t->la + 6] = ']';
	load_pat(t, text, any);
	return true;
}

/*
 * The pattern of the next second from text, that of t: its digits plus
 * one, as long as the width stays (a clock is set for every report, and
 * this is half its cost). False when it grows: make_pat() then.
 */
static bool next_pat(struct wm_skim_pat *n, const struct wm_skim_pat *t,
		     char text[24])
{
	unsigned i = t->la - 2;

	for (; text[i] == '9'; i--)
		text[i] = '0';
	if (text[i] == '[')
		return false;
	if (text[i] == ' ')
		text[i] = '1';
	else
		text[i]++;
	n->la = t->la;
	load_pat(n, text, true);
	return true;
}
#endif

void wm_skim_clock_set(struct wm_skim_clock *c, uint64_t hdr)
{
	c->hdr = hdr;
	c->set = true;
	c->check = hdr != WM_UNKNOWN;
	c->nr = 0;
#ifdef CLOCK_SWAR
	if (c->check) {
		uint64_t secs = hdr / 1000000, frac = hdr % 1000000;
		char d[8] = { 0 }, text[24];
		int i;

		for (i = 5; i >= 0; i--, frac /= 10)
			d[i] = (char)('0' + frac % 10);
		c->frac = frac_key(load8(d));

		if (make_pat(&c->pat[0], text, secs, false)) {
			c->nr = 1;
			if (next_pat(&c->pat[1], &c->pat[0], text) ||
			    make_pat(&c->pat[1], text, secs + 1, true))
				c->nr = 2;
		}
	}
#endif
}

/* time_ok() with 24 bytes at s to read. */
static inline __attribute__((always_inline)) bool
time_ok24(const struct wm_skim_clock *c, const char *s)
{
#ifdef CLOCK_SWAR
	uint64_t x0, x1, x2, f;
	unsigned i;

	x0 = load8(s);
	x1 = load8(s + 8);
	x2 = load8(s + 16);
	for (i = 0; i < c->nr; i++) {
		const struct wm_skim_pat *t = &c->pat[i];

		if (((x0 ^ t->p[0]) & t->m[0]) | ((x1 ^ t->p[1]) & t->m[1]) |
		    ((x2 ^ t->p[2]) & t->m[2]))
			continue;
		f = load8(s + t->la);
		if (nondigits(f) & 0x0000808080808080ULL)
			continue;
		if (t->any || frac_key(f) >= c->frac)
			return true;
	}
#else
	(void)c, (void)s;
#endif
	return false;
}

static inline __attribute__((always_inline)) bool
time_ok(const struct wm_skim_clock *c, const char *s, const char *end)
{
	char buf[24];

	if (c->nr == 0)
		return false;
	if (end - s >= 24)
		return time_ok24(c, s);
	/* zeros match none of the pattern's bytes */
	memset(buf, 0, sizeof(buf));
	memcpy(buf, s, (size_t)(end - s));
	return time_ok24(c, buf);
}

bool wm_skim_time_ok(const struct wm_skim_clock *c, const char *s,
		     const char *end)
{
	return time_ok(c, s, end);
}

/*
 * The byte loop of wm_logscan_skim_report(), from q in the line that
 * starts at ls (its bytes before q already looked at; q == ls: none).
 */
static const char *report_bytes(const char *p, const char *ls, const char *q,
				const char *end, const struct wm_skim_clock *c,
				uint64_t *lines)
{
	for (;;) {
		if (q == ls && q < end && c->check && *q == '[' &&
		    !time_ok(c, q, end))
			return ls;
		for (; q < end && !line_end(*q); q++) {
			if (trigger_at(p, end, q, NR_TRIGGERS) ||
			    (c->check && *q == '[' && *ls != '['))
				return ls;
		}
		if (q == end)
			return ls;
		(*lines)++;
		ls = q = q + 1;
	}
}

const char *wm_logscan_skim_report_simple(const char *p, size_t len,
					  const struct wm_skim_clock *c,
					  uint64_t *lines)
{
	return report_bytes(p, p, p, p + len, c, lines);
}

#ifdef SKIM_AVX2
/*
 * The pairs of all the triggers but ';' in one set of tables, where
 * pairs32() and a second set for the report's own would take twice the
 * shuffles (a fifth of the main thread's instructions went to this loop
 * on the bench log). Eight bits for twelve pairs: bit 0 "lu" "k=", 1
 * "lb", 2 "Un" "U:", 3 "vm", 4 "-s", 5 "Li" "Pi", 6 "oi" "ee", 7 "mo".
 * Not exact, checked for all 65 536 byte pairs: it also finds "@i",
 * "U>", "Uj", "\\i", "ei", "k5", "ku", "k}", "l5", "l=", "l}" and "oe",
 * which trigger_at() turns down (the bits were grouped so that those
 * are rare in kernel logs: ~3 000 in the bench log's first 10 MB, for
 * ~100 000 windows). ';' is a compare of its own.
 */
static inline AVX2 uint64_t report_pairs32(__m256i b, __m256i n)
{
	const __m256i lo1 = NIB(32, 0, 0, 0, 0, 68, 8, 0,
				0, 0, 0, 1, 35, (char)144, 0, 64);
	const __m256i hi1 = NIB(0, 0, 16, 0, 32, 36, (char)195, 8,
				0, 0, 0, 0, 0, 0, 0, 0);
	const __m256i lo2 = NIB(0, 0, 2, 16, 0, 65, 0, 0,
				0, 96, 4, 0, 0, 9, 4, (char)128);
	const __m256i hi2 = NIB(0, 0, 0, 5, 0, 0, (char)238, 17,
				0, 0, 0, 0, 0, 0, 0, 0);
	return pair_bits(b, n, lo1, hi1, lo2, hi2);
}

static inline AVX2 uint64_t bytes32(__m256i b, char ch)
{
	return (uint32_t)_mm256_movemask_epi8(eq(b, ch));
}

/*
 * The start of the line that holds byte i of the window w, before: the
 * line ends in w below i, ls: the start of the line w begins in.
 */
static inline const char *start_in(const char *w, uint64_t before,
				   const char *ls)
{
	return before ? w + 64 - __builtin_clzll(before) : ls;
}

static AVX2 const char *skim_report_avx2(const char *p, size_t len,
					 const struct wm_skim_clock *clk,
					 uint64_t *lines)
{
	const char *w = p, *end = p + len, *ls = p;
	uint64_t n = 0, cin = 1;

	for (; end - w > 64; w += 64) {
		__m256i b0 = _mm256_loadu_si256((const __m256i *)w);
		__m256i b1 = _mm256_loadu_si256((const __m256i *)(w + 32));
		__m256i n0 = _mm256_loadu_si256((const __m256i *)(w + 1));
		__m256i n1 = _mm256_loadu_si256((const __m256i *)(w + 33));
		uint64_t e = ends32(b0) | ends32(b1) << 32;
		uint64_t c = report_pairs32(b0, n0) | bytes32(b0, ';') |
			     (report_pairs32(b1, n1) | bytes32(b1, ';')) << 32;
		uint64_t m = c, chk = 0;

		if (clk->check) {
			uint64_t br = bytes32(b0, '[') | bytes32(b1, '[') << 32;

			chk = br & (e << 1 | cin);
			m |= br;
		}
		for (; m; m &= m - 1) {
			unsigned k = (unsigned)__builtin_ctzll(m);
			uint64_t bit = 1ULL << k, before = e & (bit - 1);

			/* the line's start only once it is needed */
			if (chk & bit) {
				if (time_ok(clk, w + k, end))
					continue;
			} else if (c & bit) {
				if (!trigger_at(p, end, w + k, NR_TRIGGERS))
					continue;
			} else if (*start_in(w, before, ls) == '[') {
				continue; /* a '[' inside a line with a time */
			}
			*lines += n + (uint64_t)__builtin_popcountll(before);
			return start_in(w, before, ls);
		}
		n += (uint64_t)__builtin_popcountll(e);
		if (e)
			ls = w + 64 - __builtin_clzll(e);
		cin = e >> 63;
	}
	*lines += n;
	return report_bytes(p, ls, w, end, clk, lines);
}
#endif

const char *wm_logscan_skim_report(const char *p, size_t len,
				   const struct wm_skim_clock *c,
				   uint64_t *lines)
{
#ifdef SKIM_AVX2
	if (__builtin_cpu_supports("avx2"))
		return skim_report_avx2(p, len, c, lines);
#endif
	return wm_logscan_skim_report_simple(p, len, c, lines);
}
