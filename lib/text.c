// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

bool wm_lines_next(struct wm_lines *it, struct wm_span *line)
{
	const char *start, *nl;

	if (it->pos >= it->len)
		return false;
	start = it->buf + it->pos;
	nl = memchr(start, '\n', it->len - it->pos);
	line->p = start;
	if (nl) {
		line->len = (size_t)(nl - start);
		it->pos += line->len + 1;
	} else {
		line->len = it->len - it->pos;
		it->pos = it->len;
	}
	it->lineno++;
	return true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

struct wm_span wm_span_trim(struct wm_span s)
{
	while (s.len && is_blank(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len && is_blank(s.p[s.len - 1]))
		s.len--;
	return s;
}

bool wm_span_eq(struct wm_span s, const char *word)
{
	size_t i;

	/* one pass, no strlen: this runs for every key of every /proc line */
	for (i = 0; i < s.len; i++)
		if (word[i] != s.p[i] || word[i] == '\0')
			return false;
	return word[i] == '\0';
}

bool wm_span_starts(struct wm_span s, const char *prefix)
{
	size_t n = strlen(prefix);

	return s.len >= n && memcmp(s.p, prefix, n) == 0;
}

bool wm_span_word(struct wm_span *s, struct wm_span *word)
{
	size_t i = 0;

	while (i < s->len && is_blank(s->p[i]))
		i++;
	if (i == s->len) {
		s->p += i;
		s->len = 0;
		return false;
	}
	word->p = s->p + i;
	while (i < s->len && !is_blank(s->p[i]))
		i++;
	word->len = (size_t)(s->p + i - word->p);
	s->p += i;
	s->len -= i;
	return true;
}

long wm_span_find(struct wm_span s, const char *needle)
{
	size_t n = strlen(needle);
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i + n <= s.len; i++) {
		const char *hit = memchr(s.p + i, needle[0], s.len - i - n + 1);

		if (!hit)
			return -1;
		i = (size_t)(hit - s.p);
		if (memcmp(hit, needle, n) == 0)
			return (long)i;
	}
	return -1;
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

void wm_span_skip(struct wm_span *s, size_t n)
{
	if (n > s->len)
		n = s->len;
	s->p += n;
	s->len -= n;
}

bool wm_span_skip_prefix(struct wm_span *s, const char *prefix)
{
	if (!wm_span_starts(*s, prefix))
		return false;
	wm_span_skip(s, strlen(prefix));
	return true;
}

bool wm_span_skip_past(struct wm_span *s, const char *needle)
{
	long at = wm_span_find(*s, needle);

	if (at < 0)
		return false;
	wm_span_skip(s, (size_t)at + strlen(needle));
	return true;
}

struct wm_span wm_span_until(struct wm_span s, const char *stops)
{
	size_t n = 0;

	while (n < s.len && (s.p[n] == '\0' || !strchr(stops, s.p[n])))
		n++;
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
