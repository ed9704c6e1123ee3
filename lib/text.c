// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text.h"

void wm_parse_error_set(struct wm_parse_error *err, unsigned long line,
			const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

void wm_lines_init(struct wm_lines *it, const char *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->pos = 0;
	it->lineno = 0;
}

size_t wm_span_count(struct wm_span s, char c)
{
	const uint64_t ones = 0x0101010101010101ULL, low7 = 0x7f * ones;
	const uint64_t pat = (unsigned char)c * ones;
	size_t i = 0, n = 0;

	/*
	 * Eight bytes at a time: x has a zero byte where the byte is c, and
	 * (x & 0x7f) + 0x7f | x has bit 7 clear exactly there (no carry
	 * crosses a byte); the bits, moved to bit 0, sum by a multiply.
	 */
	for (; i + 8 <= s.len; i += 8) {
		uint64_t v, x;

		memcpy(&v, s.p + i, 8);
		x = v ^ pat;
		x = ~(((x & low7) + low7) | x) & (0x80 * ones);
		n += (size_t)(((x >> 7) * ones) >> 56);
	}
	for (; i < s.len; i++)
		n += s.p[i] == c;
	return n;
}

/* wm_span_find() with the needle's length known. */
static long find_n(struct wm_span s, const char *needle, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i + n <= s.len; i++) {
		const char *hit = memchr(s.p + i, needle[0], s.len - i - n + 1);

		if (!hit)
			return -1;
		i = (size_t)(hit - s.p);
		/* the second byte first: most hits of " #" or " min:" end there */
		if (n == 1 || (hit[1] == needle[1] &&
			       memcmp(hit + 2, needle + 2, n - 2) == 0))
			return (long)i;
	}
	return -1;
}

long wm_span_find(struct wm_span s, const char *needle)
{
	return wm_span_find_n(s, needle, strlen(needle));
}

char *wm_span_copy(char *dst, size_t size, struct wm_span s)
{
	size_t n;

	if (size == 0)
		return dst;
	n = s.len < size - 1 ? s.len : size - 1;
	if (n)
		memcpy(dst, s.p, n);
	dst[n] = '\0';
	return dst;
}

int wm_take_u64(struct wm_span *s, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	/* 19 digits cannot overflow: check only from the 20th on */
	while (i < s->len && i < 19 && s->p[i] >= '0' && s->p[i] <= '9') {
		v = v * 10 + (unsigned)(s->p[i] - '0');
		i++;
	}
	while (i < s->len && s->p[i] >= '0' && s->p[i] <= '9') {
		unsigned d = (unsigned)(s->p[i] - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
		i++;
	}
	if (i) {
		*out = v;
		s->p += i;
		s->len -= i;
	}
	return (int)i;
}

int wm_parse_u64(struct wm_span s, uint64_t *out)
{
	int n = wm_take_u64(&s, out);

	if (n < 0)
		return n;
	if (n == 0 || s.len != 0)
		return -EINVAL;
	return 0;
}

int wm_parse_i64(struct wm_span s, int64_t *out)
{
	bool neg = false;
	uint64_t v;
	int rc;

	if (s.len && (s.p[0] == '-' || s.p[0] == '+')) {
		neg = s.p[0] == '-';
		s.p++;
		s.len--;
	}
	rc = wm_parse_u64(s, &v);
	if (rc)
		return rc;
	if (neg) {
		if (v > (uint64_t)INT64_MAX + 1)
			return -ERANGE;
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	} else {
		if (v > INT64_MAX)
			return -ERANGE;
		*out = (int64_t)v;
	}
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int wm_parse_hex(struct wm_span s, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (s.len >= 2 && s.p[0] == '0' && (s.p[1] == 'x' || s.p[1] == 'X')) {
		s.p += 2;
		s.len -= 2;
	}
	if (s.len == 0)
		return -EINVAL;
	for (i = 0; i < s.len; i++) {
		int d = hex_digit(s.p[i]);

		if (d < 0)
			return -EINVAL;
		if (v >> 60)
			return -ERANGE;
		v = (v << 4) | (uint64_t)d;
	}
	*out = v;
	return 0;
}

#ifdef __SSE2__
/* Bit i: needle's first two bytes at p + i (p + 16 may be read). */
static inline unsigned pair16(const char *p, __m128i a, __m128i b)
{
	__m128i x = _mm_loadu_si128((const __m128i *)p);
	__m128i y = _mm_loadu_si128((const __m128i *)(p + 1));

	return (unsigned)_mm_movemask_epi8(
		_mm_and_si128(_mm_cmpeq_epi8(x, a), _mm_cmpeq_epi8(y, b)));
}

/* The first place from bit 0 of m (place i) on that holds needle. */
static inline long pair_hit(struct wm_span s, const char *needle, size_t n,
			    size_t i, unsigned m)
{
	size_t at;

	for (; m; m &= m - 1) {
		at = i + (size_t)__builtin_ctz(m);
		if (at > s.len - n)
			return -1; /* and every later place */
		if (memcmp(s.p + at + 2, needle + 2, n - 2) == 0)
			return (long)at;
	}
	return -2; /* none here */
}

long wm_span_find_n(struct wm_span s, const char *needle, size_t n)
{
	__m128i a, b;
	size_t i;
	long at;

	if (n < 2 || s.len < 17 || s.len < n)
		return find_n(s, needle, n);
	a = _mm_set1_epi8(needle[0]);
	b = _mm_set1_epi8(needle[1]);
	for (i = 0; i + 17 <= s.len; i += 16) {
		at = pair_hit(s, needle, n, i, pair16(s.p + i, a, b));
		if (at != -2)
			return at;
	}
	if (i + n > s.len)
		return -1;
	/* the last places: 16 bytes that end at the end, overlapping */
	at = pair_hit(s, needle, n, i,
		      pair16(s.p + s.len - 17, a, b) >> (i - (s.len - 17)));
	return at == -2 ? -1 : at;
}
#else
long wm_span_find_n(struct wm_span s, const char *needle, size_t n)
{
	return find_n(s, needle, n);
}
#endif

bool wm_span_skip_past_n(struct wm_span *s, const char *needle, size_t n)
{
	long at = wm_span_find_n(*s, needle, n);

	if (at < 0)
		return false;
	wm_span_skip(s, (size_t)at + n);
	return true;
}

bool wm_span_skip_past(struct wm_span *s, const char *needle)
{
	return wm_span_skip_past_n(s, needle, strlen(needle));
}

struct wm_span wm_span_until(struct wm_span s, const char *stops)
{
	size_t n = 0;
	const char *k;

	/* a loop, not strchr() a byte: the stops are one to four bytes */
	for (; n < s.len; n++) {
		for (k = stops; *k && *k != s.p[n]; k++)
			;
		if (*k)
			break; /* a stop; a NUL in s is none (k at the end) */
	}
	s.len = n;
	return s;
}

bool wm_span_take_hex(struct wm_span *s, uint64_t *v)
{
	struct wm_span t = *s;
	size_t n = 2;

	if (!wm_span_starts(t, "0x") && !wm_span_starts(t, "0X"))
		return false;
	while (n < t.len && hex_digit(t.p[n]) >= 0)
		n++;
	t.len = n;
	if (wm_parse_hex(t, v) != 0)
		return false;
	wm_span_skip(s, n);
	return true;
}
