// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "text.h"

static struct wm_span S(const char *s)
{
	struct wm_span sp = { s, strlen(s) };
	return sp;
}

static void test_u64(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(wm_parse_u64(S("18446744073709551615"), &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(wm_parse_u64(S("18446744073709551616"), &v), -ERANGE);
	assert_int_equal(wm_parse_u64(S("99999999999999999999999"), &v), -ERANGE);
	assert_int_equal(wm_parse_u64(S(""), &v), -EINVAL);
	assert_int_equal(wm_parse_u64(S("12a"), &v), -EINVAL);
	assert_int_equal(wm_parse_u64(S("-1"), &v), -EINVAL);
	assert_int_equal(wm_parse_u64(S("0"), &v), 0);
	assert_int_equal(v, 0);
}

static void test_i64_hex(void **state)
{
	int64_t i;
	uint64_t h;

	(void)state;
	assert_int_equal(wm_parse_i64(S("-1"), &i), 0);
	assert_int_equal(i, -1);
	assert_int_equal(wm_parse_i64(S("-9223372036854775808"), &i), 0);
	assert_true(i == INT64_MIN);
	assert_int_equal(wm_parse_i64(S("9223372036854775808"), &i), -ERANGE);
	assert_int_equal(wm_parse_hex(S("0x480020"), &h), 0);
	assert_int_equal(h, 0x480020);
	assert_int_equal(wm_parse_hex(S("0x"), &h), -EINVAL);
	assert_int_equal(wm_parse_hex(S("0x10000000000000000"), &h), -ERANGE);
	assert_int_equal(wm_parse_hex(S("0xg"), &h), -EINVAL);
}

static void test_lines(void **state)
{
	static const char buf[] = "a\n\nbc\0d\nlast";
	struct wm_lines it;
	struct wm_span l;

	(void)state;
	wm_lines_init(&it, buf, sizeof(buf) - 1);
	assert_true(wm_lines_next(&it, &l));
	assert_true(wm_span_eq(l, "a"));
	assert_true(wm_lines_next(&it, &l));
	assert_int_equal(l.len, 0);
	assert_true(wm_lines_next(&it, &l));
	assert_int_equal(l.len, 4); /* the NUL byte stays inside the line */
	assert_true(wm_lines_next(&it, &l));
	assert_true(wm_span_eq(l, "last"));
	assert_int_equal(it.lineno, 4);
	assert_false(wm_lines_next(&it, &l));
}

static void test_words_find(void **state)
{
	struct wm_span s = S("  pages free     3971  "), w;

	(void)state;
	assert_true(wm_span_word(&s, &w));
	assert_true(wm_span_eq(w, "pages"));
	assert_true(wm_span_word(&s, &w));
	assert_true(wm_span_eq(w, "free"));
	assert_true(wm_span_word(&s, &w));
	assert_true(wm_span_eq(w, "3971"));
	assert_false(wm_span_word(&s, &w));
	assert_int_equal(wm_span_find(S("xx: page allocation failure: order:0"),
				      "allocation failure"), 9);
	assert_int_equal(wm_span_find(S("abc"), "abcd"), -1);
	assert_true(wm_span_eq(wm_span_trim(S(" \tx\r ")), "x"));
}

/* A byte of each class the scanners must tell apart. */
static const char kinds[] = { ' ', '\t', '\r', 'a', '\0', '\n', '\x0b',
			      '\x20' | '\x80', '\x09' | '\x80', 'Z' };

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Eight-at-a-time scans against a byte loop: every length, every spot. */
static void test_blank_find(void **state)
{
	char buf[40];
	size_t n, at, k, want, i;

	(void)state;
	for (n = 0; n <= 24; n++)
		for (at = 0; at <= n; at++)
			for (k = 0; k < sizeof(kinds); k++) {
				/* words of 'x' with kinds[k] at offset at */
				memset(buf, 'x', sizeof(buf));
				if (at < n)
					buf[at] = kinds[k];
				for (want = 0; want < n && !blank(buf[want]);
				     want++)
					;
				assert_int_equal(wm_blank_find(buf, n), want);
				/* runs of blanks with kinds[k] at offset at */
				memset(buf, ' ', sizeof(buf));
				if (at < n)
					buf[at] = kinds[k];
				for (want = 0; want < n && blank(buf[want]);
				     want++)
					;
				assert_int_equal(wm_nonblank_find(buf, n), want);
			}
	/* what lies past n is never looked at */
	memcpy(buf, "abcdefgh ", 9);
	assert_int_equal(wm_blank_find(buf, 8), 8);
	memcpy(buf, "\t\t\t\t\t\t\t\tx", 9);
	assert_int_equal(wm_nonblank_find(buf, 8), 8);
	/* wm_span_count: every length and count */
	for (n = 0; n <= 24; n++) {
		struct wm_span sp = { buf, n };

		for (i = 0; i < n; i++)
			buf[i] = (char)(i % 3 ? '\n' : '\n' | '\x80');
		assert_int_equal(wm_span_count(sp, '\n'), n - (n + 2) / 3);
		assert_int_equal(wm_span_count(sp, (char)('\n' | '\x80')),
				 (n + 2) / 3);
		assert_int_equal(wm_span_count(sp, 'x'), 0);
	}
}

static void test_eq_word(void **state)
{
	static const char bytes[] = "min\0x";
	const char *names[] = { "min", "mi", "minx", "" };
	struct wm_span nul = { bytes, 5 }, s, w;
	char name[8] = "min";

	(void)state;
	/* a word not known at compile time (a table of names) */
	assert_true(wm_span_eq(S("min"), name));
	assert_false(wm_span_eq(S("mi"), name));
	assert_false(wm_span_eq(S("minx"), name));
	assert_true(wm_span_eq(S(""), names[3]));
	assert_false(wm_span_eq(S("min"), names[1]));
	assert_false(wm_span_eq(S("min"), names[2]));
	assert_true(wm_span_eq(S("min"), names[0]));
	/* a NUL inside the span never matches */
	assert_false(wm_span_eq(nul, name));
	assert_false(wm_span_eq(nul, "min"));
	nul.len = 3;
	assert_true(wm_span_eq(nul, "min"));
	assert_true(wm_span_starts(S("pages free"), "pages"));
	assert_false(wm_span_starts(S("page"), "pages"));
	/* no word left: s and the word are empty, at the end */
	s = S(" \t\r ");
	assert_false(wm_span_word(&s, &w));
	assert_int_equal(s.len, 0);
	assert_int_equal(w.len, 0);
}

static void test_take_u64(void **state)
{
	struct wm_span s;
	uint64_t v;

	(void)state;
	s = S("9999999999999999999 kB");	/* 19 digits */
	assert_int_equal(wm_take_u64(&s, &v), 19);
	assert_true(v == 9999999999999999999ULL);
	assert_true(wm_span_eq(s, " kB"));
	s = S("18446744073709551615x");
	assert_int_equal(wm_take_u64(&s, &v), 20);
	assert_true(v == UINT64_MAX);
	s = S("18446744073709551616");
	assert_int_equal(wm_take_u64(&s, &v), -ERANGE);
	s = S("99999999999999999999");
	assert_int_equal(wm_take_u64(&s, &v), -ERANGE);
	s = S("000000000000000000000000000042");	/* leading zeros */
	assert_int_equal(wm_take_u64(&s, &v), 30);
	assert_true(v == 42);
	s = S("x1");
	assert_int_equal(wm_take_u64(&s, &v), 0);
	assert_int_equal(s.len, 2);
}

/* The plain reading: digits one at a time, overflow checked at each. */
static int naive_take_u64(const char *p, size_t len, uint64_t *v,
			  size_t *used)
{
	uint64_t x = 0;
	size_t i;

	for (i = 0; i < len && p[i] >= '0' && p[i] <= '9'; i++) {
		unsigned d = (unsigned)(p[i] - '0');

		if (x > (UINT64_MAX - d) / 10)
			return -ERANGE;
		x = x * 10 + d;
	}
	*v = x;
	*used = i;
	return (int)i;
}

/*
 * wm_take_u64() against the plain reading: runs of 0 to 24 digits (the
 * eight-byte steps and their ends) followed by digits' neighbours in
 * ASCII and with bit 7 set ('0' | 0x80 is no digit), cut at every
 * length, at every alignment.
 */
static void test_take_u64_random(void **state)
{
	static const char after[] = { '/', ':', ' ', '\0', 'a', '\n',
				      (char)0xb0, (char)0xb9, '0', '9' };
	char buf[48];
	unsigned iter;

	(void)state;
	srand(77);
	for (iter = 0; iter < 200000; iter++) {
		size_t off = (size_t)rand() % 8, run = (size_t)rand() % 25;
		size_t len, i, used = 0;
		struct wm_span sp;
		uint64_t want = 0, got = 0;
		int rw, rg;

		for (i = 0; i < run; i++)
			buf[off + i] = (char)('0' + (iter % 3 == 0 ? 9 :
						    rand() % 10));
		for (; off + i < sizeof(buf); i++)
			buf[off + i] = after[(size_t)rand() % sizeof(after)];
		len = (size_t)rand() % (sizeof(buf) - off + 1);
		sp.p = buf + off;
		sp.len = len;
		rw = naive_take_u64(sp.p, len, &want, &used);
		rg = wm_take_u64(&sp, &got);
		if (rw != rg || (rw > 0 && (got != want ||
					    sp.p != buf + off + used ||
					    sp.len != len - used)) ||
		    (rw <= 0 && (sp.p != buf + off || sp.len != len)))
			fail_msg("'%.*s': %d %llu against %d %llu", (int)len,
				 buf + off, rg, (unsigned long long)got, rw,
				 (unsigned long long)want);
	}
}

/*
 * wm_span_until() and wm_span_skip_past(): the first stop of several,
 * at the start, none, a NUL inside (never a stop), the end of the span
 * (bytes past it are not looked at).
 */
static void test_until_skip_past(void **state)
{
	static const char nul[] = "ab\0c, d";
	struct wm_span s, t;

	(void)state;
	assert_int_equal(wm_span_until(S("0-1, x"), ", ").len, 3);
	assert_int_equal(wm_span_until(S("0-1 ,x"), ", ").len, 3);
	assert_int_equal(wm_span_until(S(",x"), ",( )").len, 0);
	assert_int_equal(wm_span_until(S("12)"), ",( )").len, 2);
	assert_int_equal(wm_span_until(S("none"), ", ").len, 4);
	assert_int_equal(wm_span_until(S(""), ", ").len, 0);
	assert_int_equal(wm_span_until(S("a b"), "").len, 3);
	s.p = nul;
	s.len = sizeof(nul) - 1;
	assert_int_equal(wm_span_until(s, ", ").len, 4);
	s.len = 3; /* "ab\0": the ',' after it is outside */
	assert_int_equal(wm_span_until(s, ", ").len, 3);
	s = S("mode:0x20 nodemask=0-1");
	assert_true(wm_span_skip_past(&s, "nodemask="));
	assert_int_equal(s.len, 3);
	assert_memory_equal(s.p, "0-1", 3);
	t = S("nodemask");
	assert_false(wm_span_skip_past(&t, "nodemask="));
	assert_int_equal(t.len, 8);
	t = S("xnodemask=");
	assert_true(wm_span_skip_past(&t, "nodemask="));
	assert_int_equal(t.len, 0);
}
/* The first place of needle in h..h+len by memcmp at every place, or -1. */
static long naive_find(const char *h, size_t len, const char *needle, size_t n)
{
	size_t i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(h + i, needle, n) == 0)
			return (long)i;
	return -1;
}

/*
 * wm_span_find_n() and wm_span_skip_past_n() against memcmp at every
 * place: a real CPU line's needles, then needles of 0 to 5 bytes in
 * random text of 0 to 70 bytes over a few letters (hits at the start,
 * across the 16-byte seams, cut by the end; first bytes everywhere, as
 * the spaces of " Comm: "), NUL inside.
 */
static void test_find_n(void **state)
{
	static const char line[] = "CPU: 3 PID: 11044 Comm: dmwb_writeback_ "
				   "Tainted: G           O   3.18.18+38-ph #1";
	static const char abc[] = "ab \0";
	struct wm_span s = { line, sizeof(line) - 1 };
	char h[72], nd[6];
	unsigned seed = 7, r, k;
	size_t len, n, i;

	(void)state;
	assert_int_equal(WM_SPAN_FIND(s, " Tainted:"), 39);
	assert_int_equal(WM_SPAN_FIND(s, " Not tainted"), -1);
	assert_int_equal(WM_SPAN_FIND(s, " #1"), (long)sizeof(line) - 4);
	assert_int_equal(WM_SPAN_FIND(s, " #2"), -1);
	assert_true(WM_SPAN_SKIP_PAST(&s, " Comm: "));
	assert_memory_equal(s.p, "dmwb_", 5);
	assert_false(WM_SPAN_SKIP_PAST(&s, " Comm: "));
	assert_memory_equal(s.p, "dmwb_", 5);
	/* a needle longer than a span of one block or more (fuzz_reportskim) */
	s.len = 20;
	assert_int_equal(WM_SPAN_FIND(s, "dmwb_writeback_ Tainted: G"), -1);
	s.len = 26;
	assert_int_equal(WM_SPAN_FIND(s, "dmwb_writeback_ Tainted: G"), 0);
	s.len = 25;
	assert_int_equal(WM_SPAN_FIND(s, "dmwb_writeback_ Tainted: G"), -1);
	for (r = 0; r < 200000; r++) {
		seed = seed * 1103515245 + 12345;
		len = (seed >> 8) % 71;
		n = (seed >> 20) % 6;
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			h[i] = abc[(seed >> 16) % 4];
		}
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			nd[i] = abc[(seed >> 16) % 3]; /* no NUL: a C literal */
		}
		s.p = h;
		s.len = len;
		k = (unsigned)wm_span_find_n(s, nd, n);
		assert_int_equal((long)(int)k, naive_find(h, len, nd, n));
		assert_int_equal(wm_span_skip_past_n(&s, nd, n), (int)k >= 0);
		if ((int)k >= 0)
			assert_ptr_equal(s.p, h + k + n);
	}
}


/* wm_fmt_dec() and wm_fmt_hex() against printf at the edges of widths. */
static void test_fmt_numbers(void **state)
{
	static const uint64_t v[] = { 0, 1, 9, 10, 15, 16, 99, 100, 255,
				      0x480020, 1000000, UINT64_MAX - 1,
				      UINT64_MAX };
	char got[24], want[24];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		n = wm_fmt_dec(got, v[i]);
		got[n] = '\0';
		snprintf(want, sizeof(want), "%" PRIu64, v[i]);
		assert_string_equal(got, want);
		n = wm_fmt_hex(got, v[i]);
		got[n] = '\0';
		snprintf(want, sizeof(want), "%#" PRIx64, v[i]);
		assert_string_equal(got, want);
	}
}

/*
 * wm_byte_mask64() and wm_line_mask64() against a byte loop, on bytes
 * drawn mostly from the ones they look for, and every byte value once.
 */
static void test_masks64(void **state)
{
	static const char often[] = " \t\r\n\v\f\0 aN";
	char p[64];
	unsigned i, round;

	(void)state;
	srand(64);
	for (round = 0; round < 20000; round++) {
		uint64_t nl = 0, bl = 0, got_nl, got_bl;

		for (i = 0; i < 64; i++) {
			p[i] = round < 4 ? (char)(round * 64 + i) :
			       rand() % 4 ? often[rand() % (sizeof(often) - 1)] :
					    (char)rand();
			nl |= (uint64_t)(p[i] == '\n') << i;
			bl |= (uint64_t)wm_is_blank(p[i]) << i;
		}
		wm_line_mask64(p, &got_nl, &got_bl);
		assert_true(got_nl == nl);
		assert_true(got_bl == bl);
		assert_true(wm_byte_mask64(p, '\n') == nl);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64),
		cmocka_unit_test(test_i64_hex),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_words_find),
		cmocka_unit_test(test_blank_find),
		cmocka_unit_test(test_eq_word),
		cmocka_unit_test(test_take_u64),
		cmocka_unit_test(test_take_u64_random),
		cmocka_unit_test(test_until_skip_past),
		cmocka_unit_test(test_find_n),
		cmocka_unit_test(test_fmt_numbers),
		cmocka_unit_test(test_masks64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
