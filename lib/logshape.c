// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_logscan_parse() (logscan.h): the common shapes of a saved log's
 * lines ("[%5lu.%06lu] msg", with "kernel: ", no prefix) read in one
 * pass, for the fast path under wm_report_push_bytes(); anything else
 * is left to wm_klog_parse_line() (klog.c), which reads it the same.
 */
#include <stdint.h>
#include <string.h>

#include "logscan.h"

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
 * for a time only the byte loop can read. p[0] is '['.
 */
static inline __attribute__((always_inline)) size_t
printk_ts(const char *p, size_t len, uint64_t *usec, bool bytes)
{
	size_t lim = len < 40 ? len : 40; /* take_bracket()'s reach */
	size_t i, n;
	uint64_t secs = 0, frac = 0;

	i = skip_spaces(p, lim, 1); /* past the '[' its callers have seen */
	if (!bytes) {
		if (!ts_swar(p, len, i, &n, &secs, &frac))
			return SIZE_MAX; /* again, with bytes */
		if (i + n + 7 >= lim)
			return 0;
		/* 8 digits at most: no overflow check */
		*usec = secs * 1000000 + frac;
		return i + n + 8;
	}
	i = ts_bytes(p, lim, i, &secs, &frac);
	if (i == 0)
		return 0;
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

	if (len > WM_KLOG_LINE_MAX || (len && p[len - 1] == '\r'))
		return false; /* parse_line() cuts and strips these */
	plain_line(l);
	l->msg = sl->text;
	if (len == 0)
		return true;
	if (p[0] != '[') { /* a dmesg line starts with it */
		while (n < len && (p[n] == ' ' || p[n] == '\t'))
			n++;
		if (n == len)
			return true;
		if (p[n] != '[')
			return other_shape(p + n, len - n);
	}
	k = printk_ts(p + n, len - n, &l->ts_usec, false);
	if (k == SIZE_MAX)
		return printk_bytes(sl, l, n);
	return k != 0 && printk_msg(sl, l, n + k);
}
