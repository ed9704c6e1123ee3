// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stddef.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "jsonstream.h"

void wm_stream_init(struct wm_stream *w, FILE *fp, bool json, bool pretty)
{
	memset(w, 0, offsetof(struct wm_stream, buf));
	w->fp = fp;
	w->json = json;
	w->pretty = pretty;
}

void wm_stream_flush(struct wm_stream *w)
{
	if (w->len && fwrite(w->buf, 1, w->len, w->fp) != w->len)
		w->err = EIO;
	w->sent |= w->len != 0;
	w->len = 0;
}

void wm_stream_puts(struct wm_stream *w, const char *s)
{
	wm_stream_put(w, s, strlen(s));
}

void wm_stream_spaces(struct wm_stream *w, size_t n)
{
	while (n--)
		WM_STREAM_LIT(w, " ");
}

/* "%#" PRIx64: 0 is "0", anything else "0x..." */
void wm_stream_hex(struct wm_stream *w, uint64_t v)
{
	char d[18];

	wm_stream_put(w, d, wm_fmt_hex(d, v));
}

/*
 * Whether any of the eight bytes in x needs an escape: a control (below
 * 0x20), '"' or '\\'. Each test is the "has a byte below n" trick
 * (bit-twiddling hacks), exact for whether there is one: most strings
 * an event prints (comm, cache, zone names) have none, and go out
 * eight bytes at a time.
 */
static bool escape8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones << 7;
	uint64_t q = x ^ ones * '"', b = x ^ ones * '\\';

	return (((x - ones * 0x20) & ~x) | ((q - ones) & ~q) |
		((b - ones) & ~b)) & high;
}

/* json-c's escapes: the short ones, \u00xx for the other controls. */
static inline __attribute__((always_inline)) char *
escape1(char *o, unsigned char c)
{
	const char *rep;

	if (c >= 0x20 && c != '"' && c != '\\') {
		*o++ = (char)c;
		return o;
	}
	rep = c == '"' ? "\\\"" : c == '\\' ? "\\\\" :
	      c == '\b' ? "\\b" : c == '\f' ? "\\f" :
	      c == '\n' ? "\\n" : c == '\r' ? "\\r" :
	      c == '\t' ? "\\t" : NULL;
	*o++ = '\\';
	if (rep) {
		*o++ = rep[1];
		return o;
	}
	o[0] = 'u';
	o[1] = o[2] = '0';
	o[3] = "0123456789abcdef"[c >> 4];
	o[4] = "0123456789abcdef"[c & 15];
	return o + 5;
}

char *wm_json_escape(char *o, const char *s, size_t n)
{
	size_t i = 0;
	uint64_t x;

	while (i < n) {
		if (i + 8 <= n) {
			memcpy(&x, s + i, sizeof(x));
			if (!escape8(x)) {
				memcpy(o, &x, sizeof(x));
				o += 8;
				i += 8;
				continue;
			}
		}
		o = escape1(o, (unsigned char)s[i++]);
	}
	return o;
}

#ifdef __SSE2__
/* Bit i: byte i of the 16 in x needs an escape (escape8(), 16 wide). */
static inline unsigned escape16(__m128i x)
{
	__m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1f)), x);
	__m128i q = _mm_cmpeq_epi8(x, _mm_set1_epi8('"'));
	__m128i b = _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'));

	return (unsigned)_mm_movemask_epi8(_mm_or_si128(ctl,
							_mm_or_si128(q, b)));
}

char *wm_json_escape_wide(char *o, const char *s, size_t n, size_t cap)
{
	size_t i = 0, k;

	while (i < n && cap - i >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(s + i));

		k = n - i < 16 ? n - i : 16;
		/* only the string's bytes count, not those past it */
		if (escape16(x) & ((1U << k) - 1))
			break;
		_mm_storeu_si128((__m128i *)o, x);
		o += k;
		i += k;
	}
	return i < n ? wm_json_escape(o, s + i, n - i) : o;
}
#else
char *wm_json_escape_wide(char *o, const char *s, size_t n, size_t cap)
{
	(void)cap;
	return wm_json_escape(o, s, n);
}
#endif

void wm_stream_escaped(struct wm_stream *w, const char *s)
{
	size_t n = strlen(s);
	char *o;

	if (!wm_stream_room(w, 6 * n)) {
		for (; *s; s++) { /* longer than the buffer: a byte at a time */
			wm_stream_room(w, 6);
			o = escape1(w->buf + w->len, (unsigned char)*s);
			w->len = (size_t)(o - w->buf);
		}
		return;
	}
	o = wm_json_escape(w->buf + w->len, s, n);
	w->len = (size_t)(o - w->buf);
}

/* json-c's pretty layout before a member: newline and indent. */
void wm_stream_key_pretty(struct wm_stream *w, const char *qkey, size_t n)
{
	if (w->depth > 0) {
		if (w->had[w->depth - 1])
			WM_STREAM_LIT(w, ",\n");
		w->had[w->depth - 1] = true;
		wm_stream_spaces(w, 2 * (size_t)w->depth);
	}
	if (qkey) {
		wm_stream_put(w, qkey, n);
		WM_STREAM_LIT(w, " ");
	}
}

void wm_stream_open(struct wm_stream *w, const char *qkey, size_t n, char c)
{
	wm_stream_key(w, qkey, n);
	wm_stream_put(w, &c, 1);
	if (w->pretty)
		WM_STREAM_LIT(w, "\n");
	if (w->depth < WM_OUT_DEPTH)
		w->had[w->depth++] = false;
}

void wm_stream_close(struct wm_stream *w, char c)
{
	if (w->depth > 0)
		w->depth--;
	if (w->pretty) {
		if (w->had[w->depth])
			WM_STREAM_LIT(w, "\n");
		wm_stream_spaces(w, 2 * (size_t)w->depth);
	}
	wm_stream_put(w, &c, 1);
}

void wm_stream_i64(struct wm_stream *w, const char *qkey, size_t n, int64_t v)
{
	wm_stream_key(w, qkey, n);
	if (v < 0)
		WM_STREAM_LIT(w, "-");
	wm_stream_dec(w, v < 0 ? 0 - (uint64_t)v : (uint64_t)v);
}

/* The end of a document: its newline, and everything out. */
void wm_stream_end(struct wm_stream *w)
{
	WM_STREAM_LIT(w, "\n");
	wm_stream_flush(w);
	if (fflush(w->fp) != 0)
		w->err = EIO;
}

/* Text cell s in width columns, like "%-*s" (left) or "%*s". */
void wm_stream_pad(struct wm_stream *w, const char *s, size_t n, size_t width,
		   bool left)
{
	if (!left && n < width)
		wm_stream_spaces(w, width - n);
	wm_stream_put(w, s, n);
	if (left && n < width)
		wm_stream_spaces(w, width - n);
}

void wm_stream_cell(struct wm_stream *w, const char *s, size_t width, bool left)
{
	wm_stream_pad(w, s, strlen(s), width, left);
}
