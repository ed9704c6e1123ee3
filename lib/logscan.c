// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Logs into the report assembler: the kernel's own log, saved logs read
 * in large chunks, and the fast path under wm_report_push_bytes() (the
 * line scanner and the one-pass reading of the common line shapes).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
/*
 * AVX2 cuts a window in half the instructions of SSE2; the build targets
 * baseline x86-64, so it is compiled per function and chosen at run time.
 */
#if defined(__x86_64__) && defined(__GNUC__)
#define LOGSCAN_AVX2 1
#include <immintrin.h>
#endif

#include "kmsg.h"
#include "logscan.h"

#define PAGE_TEXT "page allocation failure"
#define VM_TEXT1 "vmalloc error: "
#define VM_TEXT2 "vmalloc: allocation failure"

/* text at buf[at - back] (offsets, never a pointer before buf)? */
static inline bool text_is(const char *buf, size_t len, size_t at,
			   size_t back, const char *text, size_t n)
{
	return at >= back && len - (at - back) >= n &&
	       buf[at - back] == text[0] &&
	       memcmp(buf + at - back, text, n) == 0;
}

/*
 * Every report text has "ll" in it: "page allocation" 6 bytes after its
 * start, "vmalloc" 3. Is the "ll" at buf[at] the one of a text? A text
 * holds no line end, so a match is always inside one line.
 */
static bool text_around(const char *buf, size_t len, size_t at)
{
	return text_is(buf, len, at, 6, PAGE_TEXT, sizeof(PAGE_TEXT) - 1) ||
	       text_is(buf, len, at, 3, VM_TEXT1, sizeof(VM_TEXT1) - 1) ||
	       text_is(buf, len, at, 3, VM_TEXT2, sizeof(VM_TEXT2) - 1);
}

#ifdef __SSE2__
/* Bit i set where byte i of b is c. */
static inline uint64_t eq16(__m128i b, char c)
{
	return (uint64_t)(unsigned)_mm_movemask_epi8(
		_mm_cmpeq_epi8(b, _mm_set1_epi8(c)));
}

/* Bit i set where byte i of b is '\n' or NUL: one movemask for both. */
static inline uint64_t ends16(__m128i b)
{
	__m128i nl = _mm_cmpeq_epi8(b, _mm_set1_epi8('\n'));
	__m128i nul = _mm_cmpeq_epi8(b, _mm_setzero_si128());

	return (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(nl, nul));
}
#endif

/* The last window (end - win <= 64), a byte at a time. */
static void window_bytes(struct wm_logscan *s)
{
	const char *win = s->win, *end = s->end;
	uint64_t e = 0, l = 0, c = 0;
	size_t i, n;

	n = end - win < 64 ? (size_t)(end - win) : 64;
	for (i = 0; i < n; i++) {
		if (win[i] == '\n' || win[i] == '\0')
			e |= 1ULL << i;
		if (win[i] == 'l' && win + i + 1 < end && win[i + 1] == 'l')
			l |= 1ULL << i;
		if (win[i] == ':')
			c |= 1ULL << i;
	}
	s->ends = e;
	s->ll = l;
	s->colons = c;
}

/*
 * The 64 bytes at s->win (those before end) as bit masks, bit i for
 * win[i]: line ends ('\n' or NUL), "ll" (win[i] and win[i + 1] both 'l')
 * and ':'. SSE2 does a whole window in a few instructions.
 */
static inline void window(struct wm_logscan *s)
{
#ifdef __SSE2__
	const char *win = s->win;
	uint64_t e = 0, l = 0, c = 0;
	size_t i;

	if (s->end - win > 64) {
		/* unrolled: the shifts become constants, no loop counter */
#pragma GCC unroll 4
		for (i = 0; i < 64; i += 16) {
			__m128i b = _mm_loadu_si128((const __m128i *)(win + i));

			e |= ends16(b) << i;
			c |= eq16(b, ':') << i;
			l |= eq16(b, 'l') << i;
		}
		s->ends = e;
		s->ll = l & (l >> 1 | (uint64_t)(win[64] == 'l') << 63);
		s->colons = c;
		return;
	}
#endif
	window_bytes(s);
}

#ifdef LOGSCAN_AVX2
#define AVX2 __attribute__((target("avx2")))

/* Bit i set where byte i of b is c. */
static inline AVX2 uint64_t eq32(__m256i b, char c)
{
	return (uint32_t)_mm256_movemask_epi8(
		_mm256_cmpeq_epi8(b, _mm256_set1_epi8(c)));
}

/* Bit i set where byte i of b is '\n' or NUL. */
static inline AVX2 uint64_t ends32(__m256i b)
{
	__m256i nl = _mm256_cmpeq_epi8(b, _mm256_set1_epi8('\n'));
	__m256i nul = _mm256_cmpeq_epi8(b, _mm256_setzero_si256());

	return (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(nl, nul));
}

/* "ll" at byte i of b: both it and byte i of n (b one byte on) are 'l'. */
static inline AVX2 uint64_t ll32(__m256i b, __m256i n)
{
	__m256i l = _mm256_set1_epi8('l');

	return (uint32_t)_mm256_movemask_epi8(_mm256_and_si256(
		_mm256_cmpeq_epi8(b, l), _mm256_cmpeq_epi8(n, l)));
}

/* window() with two 32-byte loads (and two more one byte on, for "ll"). */
static inline AVX2 void window_avx2(struct wm_logscan *s)
{
	const char *win = s->win;
	__m256i b0, b1, n0, n1;

	if (s->end - win <= 64) {
		window_bytes(s);
		return;
	}
	/* end - win > 64: win[64], the last byte n1 holds, is in the buffer */
	b0 = _mm256_loadu_si256((const __m256i *)win);
	b1 = _mm256_loadu_si256((const __m256i *)(win + 32));
	n0 = _mm256_loadu_si256((const __m256i *)(win + 1));
	n1 = _mm256_loadu_si256((const __m256i *)(win + 33));
	s->ends = ends32(b0) | ends32(b1) << 32;
	s->colons = eq32(b0, ':') | eq32(b1, ':') << 32;
	s->ll = ll32(b0, n0) | ll32(b1, n1) << 32;
}
#endif

/* Any of the "ll" in bits of the window at s->win a report text's? */
static bool any_text(const struct wm_logscan *s, uint64_t bits)
{
	size_t len = (size_t)(s->end - s->buf), at = (size_t)(s->win - s->buf);

	for (; bits; bits &= bits - 1)
		if (text_around(s->buf, len,
				at + (size_t)__builtin_ctzll(bits)))
			return true;
	return false;
}

void wm_logscan_init(struct wm_logscan *s, const char *buf, size_t len)
{
	s->p = s->win = s->buf = buf;
	s->end = buf + len;
	window(s);
}

/*
 * The body of wm_logscan_next(), inlined into the loops of
 * wm_logscan_lines() too: there the scanner is a local copy whose
 * fields stay in registers, not loaded and stored back once a line.
 * wide: cut windows with AVX2 (a constant wherever this is inlined).
 */
static inline __attribute__((always_inline)) bool
next_line(struct wm_logscan *s, struct wm_logscan_line *l, bool wide)
{
	uint64_t below;
	unsigned k;

	l->has_text = false;
	l->colon = NULL;
	while (!s->ends) {
		/* the line goes on past this window */
		l->has_text = l->has_text || any_text(s, s->ll);
		if (!l->colon && s->colons)
			l->colon = s->win + __builtin_ctzll(s->colons);
		if (s->end - s->win <= 64)
			return false;
		s->win += 64;
#ifdef LOGSCAN_AVX2
		if (wide) {
			window_avx2(s);
			continue;
		}
#endif
		window(s);
	}
	k = (unsigned)__builtin_ctzll(s->ends);
	below = (1ULL << k) - 1;
	s->ends &= s->ends - 1;
	if (s->ll & below)
		l->has_text = l->has_text || any_text(s, s->ll & below);
	if (!l->colon && (s->colons & below))
		l->colon = s->win + __builtin_ctzll(s->colons & below);
	s->ll &= ~below << 1; /* what is left is after this line's end */
	s->colons &= ~below << 1;
	l->text.p = s->p;
	l->text.len = (size_t)(s->win + k - s->p);
	s->p = s->win + k + 1;
	return true;
}

bool wm_logscan_next(struct wm_logscan *s, struct wm_logscan_line *l)
{
	return next_line(s, l, false);
}

/* wm_logscan_lines() with SSE2 (or bytes) or, below, with AVX2 */
static size_t lines_narrow(struct wm_logscan *s, struct wm_logscan_line *l,
			   size_t max)
{
	struct wm_logscan c = *s;
	size_t n = 0;

	while (n < max && next_line(&c, &l[n], false))
		n++;
	*s = c;
	return n;
}

#ifdef LOGSCAN_AVX2
static AVX2 size_t lines_wide(struct wm_logscan *s, struct wm_logscan_line *l,
			      size_t max)
{
	struct wm_logscan c = *s;
	size_t n = 0;

	while (n < max && next_line(&c, &l[n], true))
		n++;
	*s = c;
	return n;
}
#endif

/*
 * Either loop gives the same masks for the same window, so a scanner may
 * go through both (wm_logscan_next() is always the narrow one).
 */
size_t wm_logscan_lines(struct wm_logscan *s, struct wm_logscan_line *l,
			size_t max)
{
#ifdef LOGSCAN_AVX2
	if (__builtin_cpu_supports("avx2"))
		return lines_wide(s, l, max);
#endif
	return lines_narrow(s, l, max);
}

bool wm_logscan_has_text(struct wm_span s)
{
	size_t i;

	for (i = 0; i + 1 < s.len; i++)
		if (s.p[i] == 'l' && s.p[i + 1] == 'l' &&
		    text_around(s.p, s.len, i))
			return true;
	return false;
}

/* ---- Lines of the common shapes, read in one pass ---- */

static struct wm_span span(const char *p, size_t len)
{
	struct wm_span s = { p, len };
	return s;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Eight bytes at a time (SWAR): the first byte in memory is the lowest. */
static uint64_t load8(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* The high bit of each byte of x that is not an ASCII digit. */
static uint64_t nondigits(uint64_t x)
{
	uint64_t t = x ^ 0x3030303030303030ULL;

	return (((t & 0x7f7f7f7f7f7f7f7fULL) + 0x7676767676767676ULL) | t) &
	       0x8080808080808080ULL;
}

/* The number eight ASCII digits in x spell (first byte most significant). */
static uint64_t digits8(uint64_t x)
{
	x = (x & 0x0f0f0f0f0f0f0f0fULL) * 2561 >> 8;
	x = (x & 0x00ff00ff00ff00ffULL) * 6553601 >> 16;
	return (x & 0x0000ffff0000ffffULL) * 42949672960001ULL >> 32;
}

/*
 * "SSSS.UUUUUU]" at p + i with 1-8 digits before the '.', read with two
 * loads; false for anything else (the byte loop below then decides).
 */
static inline __attribute__((always_inline)) bool ts_swar(const char *p, size_t len, size_t i, size_t *n,
		    uint64_t *secs, uint64_t *frac)
{
	uint64_t x, y, nd;

	if (i + 17 > len)
		return false;
	x = load8(p + i);
	nd = nondigits(x);
	*n = nd ? (size_t)__builtin_ctzll(nd) / 8 : 8;
	if (*n == 0 || p[i + *n] != '.')
		return false;
	y = load8(p + i + *n + 1);
	if ((nondigits(y) & 0x0000808080808080ULL) || (char)(y >> 48) != ']')
		return false;
	*secs = digits8(x << (8 * (8 - *n)));
	*frac = digits8(y << 16);
	return true;
}
#else
static inline __attribute__((always_inline)) bool ts_swar(const char *p, size_t len, size_t i, size_t *n,
		    uint64_t *secs, uint64_t *frac)
{
	(void)p, (void)len, (void)i, (void)n, (void)secs, (void)frac;
	return false;
}
#endif

/* Past the spaces at p[i] (not beyond lim): "[%5lu" pads with them. */
static size_t skip_spaces(const char *p, size_t lim, size_t i)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (i + 8 <= lim) {
		uint64_t x = load8(p + i) ^ 0x2020202020202020ULL;

		if (x)
			return i + (size_t)__builtin_ctzll(x) / 8;
		i += 8;
	}
#endif
	while (i < lim && p[i] == ' ')
		i++;
	return i;
}

/*
 * "SSSS.UUUUUU]" at p + i a byte at a time, for what ts_swar() does not
 * take: the offset of the first U, 0 if it is no such time.
 */
static size_t ts_bytes(const char *p, size_t lim, size_t i, uint64_t *secs, uint64_t *frac)
{
	size_t n, d;

	for (n = 0; n < 19 && i + n < lim && is_digit(p[i + n]); n++)
		*secs = *secs * 10 + (uint64_t)(p[i + n] - '0');
	if (n == 0 || i + n + 7 >= lim || p[i + n] != '.')
		return 0;
	i += n + 1;
	for (d = 0; d < 6; d++) {
		unsigned v = (unsigned char)p[i + d] - (unsigned)'0';

		if (v > 9)
			return 0;
		*frac = *frac * 10 + v;
	}
	return p[i + 6] == ']' ? i : 0;
}

/*
 * The kernel's own "[%5lu.%06lu]" at the start of p, the shape of nearly
 * every dmesg line, read in one pass: its length with the ']' (0 for any
 * other shape) and the time, WM_UNKNOWN past 2^64 us: what take_bracket()
 * and wm_klog_parse_ts() (klog.c) make of it. Without bytes, SIZE_MAX
 * for a time only the byte loop can read.
 */
static inline __attribute__((always_inline)) size_t
printk_ts(const char *p, size_t len, uint64_t *usec, bool bytes)
{
	size_t lim = len < 40 ? len : 40; /* take_bracket()'s reach */
	size_t i, n;
	uint64_t secs = 0, frac = 0;

	if (lim == 0 || p[0] != '[')
		return 0;
	i = skip_spaces(p, lim, 1);
	if (bytes) {
		i = ts_bytes(p, lim, i, &secs, &frac);
		if (i == 0)
			return 0;
	} else if (ts_swar(p, len, i, &n, &secs, &frac)) {
		if (i + n + 7 >= lim)
			return 0;
		i += n + 1;
	} else {
		return SIZE_MAX; /* not for ts_swar(): again, with bytes */
	}
	/* past 2^64 us it is no time (wm_klog_parse_ts() says -ERANGE) */
	*usec = secs > (UINT64_MAX - frac) / 1000000 ? WM_UNKNOWN :
						      secs * 1000000 + frac;
	return i + 7;
}


/*
 * Could take_journal_tag() (klog.c) find a tag in msg, whose first ':' is
 * at colon? Only if that ':' is in its second word, and that word is
 * "kernel:" or ends in "]:", with a space after it.
 */
static bool tag_possible(struct wm_span msg, const char *colon)
{
	size_t w2 = (size_t)(colon - msg.p), i, e;

	/*
	 * The end of the word first: "kernel: " or "]: " there or no tag.
	 * Most lines with a ':' end here, before the walk back over words.
	 */
	for (e = w2; e < msg.len && !blank(msg.p[e]); e++)
		;
	if (e == msg.len || msg.p[e] != ' ' || msg.p[e - 1] != ':')
		return false;
	if (!(e >= 4 && msg.p[e - 2] == ']') &&
	    !(e >= 7 && memcmp(msg.p + e - 7, "kernel:", 7) == 0))
		return false;
	while (w2 > 0 && !blank(msg.p[w2 - 1]))
		w2--;
	for (i = w2; i > 0 && blank(msg.p[i - 1]); i--)
		;
	if (i == 0)
		return false; /* in the first word */
	while (i > 0 && !blank(msg.p[i - 1]))
		i--;
	while (i > 0 && blank(msg.p[i - 1]))
		i--;
	if (i > 0)
		return false; /* in the third word or later */
	return (e - w2 == 7 && memcmp(msg.p + w2, "kernel:", 7) == 0) ||
	       (e - w2 >= 4 && msg.p[e - 2] == ']');
}

/* Could parse_syslog() (klog.c) take the line at p: a month first? */
static bool month_first(const char *p, size_t len)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	size_t i;

	for (i = 0; len >= 3 && i < sizeof(months) - 1; i += 3)
		if (memcmp(p, months + i, 3) == 0)
			return true;
	return false;
}

/*
 * A line with no prefix, field by field: a struct copy compiles to "rep
 * stos", which alone took a quarter of this function's time.
 */
static inline void plain_line(struct wm_klog_line *l)
{
	l->form = WM_KLOG_PLAIN;
	l->wall.p = l->tag.p = NULL;
	l->wall.len = l->tag.len = 0;
	l->ts_usec = l->seq = WM_UNKNOWN;
	l->facility = WM_KLOG_FAC_UNKNOWN;
	l->level = -1;
	l->cont = false;
}

/*
 * The cases wm_logscan_parse() leaves to the functions below, out of
 * line and reached by tail calls: a call that returns would make every
 * line save and restore the registers the common case does not need.
 */
static __attribute__((noinline)) bool no_tag(struct wm_span msg,
					     const char *colon)
{
	return !tag_possible(msg, colon);
}

/* A line that starts with no '[', from its first non-blank byte p. */
static __attribute__((noinline)) bool other_shape(const char *p, size_t len)
{
	size_t n = 0;

	if (p[0] >= '0' && p[0] <= '9') {
		while (n < len && p[n] >= '0' && p[n] <= '9')
			n++;
		/* a raw record "4,12,...;" or dmesg --time-format iso */
		return n == len || (p[n] != ',' && p[n] != '-');
	}
	return p[0] != '<' && !month_first(p, len);
}

/* The message after the time that ends at n: "kernel: " or a tag? */
static inline bool printk_msg(const struct wm_logscan_line *sl,
			      struct wm_klog_line *l, size_t n)
{
	const char *p = sl->text.p, *c;
	size_t len = sl->text.len;

	n += n < len && p[n] == ' ';
	l->msg = span(p + n, len - n);
	l->form = WM_KLOG_PRINTK;
	if (l->msg.len >= 8 && memcmp(l->msg.p, "kernel: ", 8) == 0) {
		l->form = WM_KLOG_MONO;
		l->facility = WM_KLOG_FAC_KERN;
		l->tag = span(l->msg.p, 6);
		wm_span_skip(&l->msg, 8);
		return true;
	}
	/*
	 * No ':' or the commonest no: the first ':' ends its word (then
	 * that word is the tag only if it ends in "]:" or is "kernel:").
	 * sl->colon is in msg: the time before it holds none.
	 */
	c = sl->colon;
	if (!c || (c + 1 < p + len && c[1] == ' ' && c[-1] != ']' &&
		   c[-1] != 'l'))
		return true;
	return no_tag(l->msg, c);
}

/* A time at n that ts_swar() did not take, a byte at a time. */
static __attribute__((noinline)) bool
printk_bytes(const struct wm_logscan_line *sl, struct wm_klog_line *l,
	     size_t n)
{
	size_t k = printk_ts(sl->text.p + n, sl->text.len - n, &l->ts_usec,
			     true);

	return k != 0 && printk_msg(sl, l, n + k);
}

bool wm_logscan_parse(const struct wm_logscan_line *sl,
		      struct wm_klog_line *l)
{
	const char *p = sl->text.p;
	size_t len = sl->text.len, n = 0, k;

	if (sl->has_text || len > WM_KLOG_LINE_MAX ||
	    (len && p[len - 1] == '\r'))
		return false; /* parse_line() cuts and strips these */
	plain_line(l);
	while (n < len && (p[n] == ' ' || p[n] == '\t'))
		n++;
	l->msg = sl->text;
	if (n == len)
		return true;
	if (p[n] != '[')
		return other_shape(p + n, len - n);
	k = printk_ts(p + n, len - n, &l->ts_usec, false);
	if (k == SIZE_MAX)
		return printk_bytes(sl, l, n);
	return k != 0 && printk_msg(sl, l, n + k);
}

int wm_logscan_kmsg(const struct wm_root *r, struct wm_report_asm *a)
{
	struct wm_kmsg *k = malloc(sizeof(*k)); /* ~24 KiB of buffers */
	const char *rec;
	long n;
	int rc;

	if (!k)
		return -ENOMEM;
	rc = wm_kmsg_open(k, r, false);
	if (rc) {
		free(k);
		return rc;
	}
	while ((n = wm_kmsg_next(k, &rec)) > 0)
		wm_report_push_record(a, rec, (size_t)n);
	wm_report_end(a);
	wm_kmsg_close(k);
	free(k);
	return n < 0 ? (int)n : 0;
}

/*
 * 256 KiB per read(2): 400 reads for 100 MB, and the chunk the assembler
 * scans is still warm in the cache when it gets there.
 *
 * Not mmap(2): a file truncated while mapped raises SIGBUS, which a
 * library cannot field without a process-wide handler, and it would not
 * pay: one SSE2 pass over the 100 MB bench log costs the same CPU time
 * mapped (faults, cold reads) as read into this buffer (28-29 ms against
 * 29-32 ms, best of 12, on the 2-vCPU bench machine).
 */
#define LOGSCAN_CHUNK (1 << 18)

int wm_logscan_fd(int fd, struct wm_report_asm *a)
{
	char *chunk = malloc(LOGSCAN_CHUNK);
	int rc = 0;

	if (!chunk)
		return -ENOMEM;
	for (;;) {
		ssize_t n = read(fd, chunk, LOGSCAN_CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = -errno;
		if (n <= 0)
			break;
		wm_report_push_bytes(a, chunk, (size_t)n);
	}
	free(chunk);
	wm_report_end(a);
	return rc;
}

const char *wm_logscan_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case EPERM:
	case EACCES:
		return "reading the kernel log needs CAP_SYSLOG "
		       "(kernel.dmesg_restrict=1) or root";
	case ENOENT:
		return "no /dev/kmsg";
	default:
		return strerror(err < 0 ? -err : err);
	}
}
