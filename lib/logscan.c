// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Logs into the report assembler: the kernel's own log, saved logs read
 * in large chunks, and the line scanner under wm_report_push_bytes()
 * (the one-pass reading of the common line shapes is in logshape.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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
#include "readahead.h"
#include "skimlist.h"

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

#ifdef LOGSCAN_AVX2
/* window_avx2() out of line, for callers built for any x86-64 */
static AVX2 void first_window_avx2(struct wm_logscan *s)
{
	window_avx2(s);
}
#endif

void wm_logscan_init(struct wm_logscan *s, const char *buf, size_t len)
{
	s->p = s->win = s->buf = buf;
	s->end = buf + len;
#ifdef LOGSCAN_AVX2
	/* a scanner is set up after each skim: a third of the instructions */
	if (__builtin_cpu_supports("avx2")) {
		first_window_avx2(s);
		return;
	}
#endif
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
		if (s->ll && !l->has_text)
			l->has_text = any_text(s, s->ll);
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
 * 256 KiB per read(2): 400 reads for 100 MB, each chunk read ahead by a
 * second thread while the one before is scanned (readahead.h), so the
 * copy out of the page cache is off the scan's path.
 *
 * Not mmap(2): a file truncated while mapped raises SIGBUS, which a
 * library cannot field without a process-wide handler, and it would not
 * pay: one SSE2 pass over the 100 MB bench log costs the same CPU time
 * mapped (faults, cold reads) as read into this buffer (28-29 ms against
 * 29-32 ms, best of 12, on the 2-vCPU bench machine).
 */
#define LOGSCAN_CHUNK (1 << 18)

/* The reader's work on each chunk: its idle skim (skimlist.h). */
static void list_chunk(void *arg, unsigned slot, const char *buf, size_t len)
{
	struct wm_skim_list *lists = arg;

	wm_skim_list_build(&lists[slot], buf, len);
}

/*
 * The reader has two thirds of its time free; the idle skim, an eighth
 * of the caller's work on the bench log, moves there. Only for an
 * assembler that skims, and only with the thread: without it the list
 * would be made by the caller, for nothing.
 */
int wm_logscan_fd(int fd, struct wm_report_asm *a)
{
	struct wm_skim_list *lists = NULL;
	struct wm_readahead ra;
	const char *chunk;
	long n;
	int rc;

	if (a->skim)
		lists = malloc(WM_READAHEAD_BUFS * sizeof(*lists));
	rc = wm_readahead_open_work(&ra, fd, LOGSCAN_CHUNK, WM_READAHEAD_AUTO,
				    lists ? list_chunk : NULL, lists);
	if (rc) {
		free(lists);
		return rc;
	}
	while ((n = wm_readahead_next(&ra, &chunk)) > 0)
		wm_report_push_listed(a, chunk, (size_t)n,
				      ra.threaded && lists ?
				      &lists[wm_readahead_slot(&ra)] : NULL);
	wm_readahead_close(&ra);
	free(lists);
	wm_report_end(a);
	return n < 0 ? (int)n : 0;
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
