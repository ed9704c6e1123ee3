// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Skimming inside a page report (lib/logscan.h, wm_logscan_skim_report()
 * and wm_skim_time_ok()): the AVX2 loop and the byte loop against a plain
 * reading (each line searched with memcmp for each trigger, its time
 * compared with the texts snprintf() makes of the header's second and the
 * next) on fixed cases (a trigger at the start and the end, cut by the
 * end, a 100 KB line, NUL, CRLF, times before, at and after the span,
 * other shapes) and on random buffers; and every time the skim lets pass
 * is one wm_klog_parse_line() reads inside the span.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "logscan.h"
#include "klog.h"

static const char *const triggers[] = {
	"allocation failure", "vmalloc error: ",
	"SLUB: Unable to allocate memory on ", "Linux version ",
	" callbacks suppressed", ";", "nodemask=", "mode:", "CPU: ", "Pid: ",
	" free:", " pages hwpoisoned", " pages non-shared",
};

static bool has_trigger(const char *p, size_t n)
{
	size_t t, i, k;

	for (t = 0; t < WM_ARRAY_SIZE(triggers); t++)
		for (k = strlen(triggers[t]), i = 0; i + k <= n; i++)
			if (memcmp(p + i, triggers[t], k) == 0)
				return true;
	return false;
}

static bool digits(const char *p, size_t n)
{
	while (n--)
		if (*p < '0' || *p++ > '9')
			return false;
	return true;
}

/* The line p..p+n starts with a time the skim may pass (hdr known). */
static bool naive_time(uint64_t hdr, const char *p, size_t n)
{
	char pre[40];
	unsigned s;

	for (s = 0; s < 2; s++) {
		size_t k = (size_t)snprintf(pre, sizeof(pre), "[%5llu.",
					    (unsigned long long)(hdr / 1000000 + s));

		if (k > 16 || n < k + 7 || memcmp(p, pre, k) != 0 ||
		    !digits(p + k, 6) || p[k + 6] != ']')
			continue;
		if (s == 1 || strtoull(p + k, NULL, 10) >= hdr % 1000000)
			return true;
	}
	return false;
}

static bool line_stops(uint64_t hdr, const char *p, size_t n)
{
	if (has_trigger(p, n))
		return true;
	if (hdr == WM_UNKNOWN)
		return false;
	if (n && p[0] == '[')
		return !naive_time(hdr, p, n);
	return memchr(p, '[', n) != NULL;
}

static const char *naive(uint64_t hdr, const char *p, size_t len,
			 uint64_t *lines)
{
	const char *end = p + len, *ls = p, *c;

	for (c = p; c < end; c++) {
		if (*c != '\n' && *c != '\0')
			continue;
		if (line_stops(hdr, ls, (size_t)(c - ls)))
			return ls;
		(*lines)++;
		ls = c + 1;
	}
	return ls;
}

/* Both loops agree with the plain reading; returns the offset found. */
static size_t check(uint64_t hdr, const char *p, size_t len, uint64_t *out)
{
	struct wm_skim_clock c = { 0 };
	uint64_t ln = 7, lw = 7, ls = 7;
	const char *n, *w, *s;

	wm_skim_clock_set(&c, hdr);
	n = naive(hdr, p, len, &ln);
	w = wm_logscan_skim_report(p, len, &c, &lw);
	s = wm_logscan_skim_report_simple(p, len, &c, &ls);
	assert_ptr_equal(w, n);
	assert_ptr_equal(s, n);
	assert_int_equal(lw, ln);
	assert_int_equal(ls, ln);
	if (out)
		*out = ln - 7;
	return (size_t)(n - p);
}

static size_t check_str(uint64_t hdr, const char *s, uint64_t *lines)
{
	return check(hdr, s, strlen(s), lines);
}

#define H 12345678ULL /* [   12.345678] */

static void test_fixed(void **state)
{
	uint64_t n;

	(void)state;
	/* quiet lines in the span: all passed, up to the partial line */
	assert_int_equal(check_str(H, "[   12.345678] Call Trace:\n"
				      "[   12.999999]  dump_stack+0x1/0x2 [<ffff>]\n"
				      "[   13.000000] x\n[   13.999999] y\n", &n), 105);
	assert_int_equal(n, 4);
	assert_int_equal(check_str(H, "[   12.400000] a\n[   12.4", &n), 17);
	assert_int_equal(n, 1);
	/* before the header, two seconds on, another shape: parsed */
	assert_int_equal(check_str(H, "[   12.345678] a\n[   12.345677] b\n", &n), 17);
	assert_int_equal(check_str(H, "[   14.000000] a\n", &n), 0);
	assert_int_equal(check_str(H, "[12.400000] a\n", &n), 0);
	assert_int_equal(check_str(H, "[   12.40000] a\n", &n), 0);
	assert_int_equal(check_str(H, "[   12.4000000] a\n", &n), 0);
	assert_int_equal(check_str(H, " [   12.400000] a\n", &n), 0);
	assert_int_equal(check_str(H, "[   12.400000 a\n", &n), 0);
	assert_int_equal(check_str(H, "x\nJun 1 h kernel: [   99.0] a\n", &n), 2);
	assert_int_equal(n, 1);
	/* no header time: a time is nothing, a '[' anywhere either */
	assert_int_equal(check_str(WM_UNKNOWN, "[   99.000000] a\n [x]\n", &n), 22);
	assert_int_equal(n, 2);
	/* triggers at the start, at the end, cut by the end of the buffer */
	assert_int_equal(check_str(H, "CPU: 0 PID: 1 Comm: x\n", &n), 0);
	assert_int_equal(check_str(H, "[   12.5] a\n", &n), 0);
	assert_int_equal(check_str(WM_UNKNOWN, "a\nb 0 pages hwpoisoned", &n), 2);
	assert_int_equal(check_str(WM_UNKNOWN, "a\nb 0 pages hwpoison", &n), 2);
	assert_int_equal(check_str(WM_UNKNOWN, "a\nb 0 pages hwpoison\n", &n), 21);
	assert_int_equal(check_str(H, "[   12.500000] Node 0 DMA free:4kB\n", &n), 0);
	assert_int_equal(check_str(H, "[   12.500000] x, nodemask=0\n", &n), 0);
	assert_int_equal(check_str(H, "[   12.500000] , mode:0x20\n", &n), 0);
	/* NUL ends a line; CRLF: the '\r' is part of it */
	assert_int_equal(check(H, "[   12.500000] a\0mo\0de: \n", 25, &n), 25);
	assert_int_equal(n, 3);
	assert_int_equal(check_str(H, "[   12.500000] a\r\n[   12.600000] Pid: 1\r\n", &n), 18);
	assert_int_equal(n, 1);
	/* the pairs alone are no trigger */
	assert_int_equal(check_str(H, "[   12.500000] k= mo U: Pi ee oi -s lu\n", &n), 39);
	/* the width grows at 100000 s; long uptimes; the limit of 14 digits */
	assert_int_equal(check_str(99999999999ULL, "[99999.999999] a\n[100000.000000] b\n", &n), 35);
	assert_int_equal(check_str(38535649655527ULL, "[38535649.671692] a\n", &n), 20);
	assert_int_equal(check_str(9999999999999900000ULL,
				   "[9999999999999.900000] a\n", &n), 25);
	/* the next second's text, carried through nines and padding */
	assert_int_equal(check_str(9999999ULL, "[    9.999999] a\n[   10.000000] b\n"
				   "[   11.000000] c\n", &n), 34);
	assert_int_equal(n, 2);
	assert_int_equal(check_str(1999500000ULL, "[ 2000.100000] a\n"
				   "[ 1999.600000] b\n[ 2001.000000] c\n", &n), 34);
	assert_int_equal(check_str(19500000ULL, "[   20.000000] a\n[   10.000000] b\n",
				   &n), 17);
	assert_int_equal(check_str(38535649655527ULL, "[38535650.000000] a\n"
				   "[38535651.000000] b\n", &n), 20);
}

static void test_long_line(void **state)
{
	size_t len = 100 * 1024;
	char *b = malloc(len + 64);
	uint64_t n;

	(void)state;
	assert_non_null(b);
	memset(b, 'e', len); /* every byte the first of a pair */
	memcpy(b, "[   12.500000] ", 15);
	b[len - 1] = '\n';
	assert_int_equal(check(H, b, len, &n), len);
	assert_int_equal(n, 1);
	memcpy(b + 70001, " free:", 6);
	assert_int_equal(check(H, b, len, &n), 0);
	memcpy(b + 70001, "[free:", 6); /* '[' in a line with a time */
	assert_int_equal(check(H, b, len, &n), len);
	b[0] = ' ';
	assert_int_equal(check(H, b, len, &n), 0);
	free(b);
}

static void test_random(void **state)
{
	static const char *const bits[] = {
		"[   12.345678] ", "[   12.345677] ", "[   13.000001] ",
		"[   14.000000] ", "[   12.9", "[", "]", "\n", "\0", "\r", " ",
		"e", "m", "o", "k", "=", "U", ":", "P", "i", "-", "s", "l",
		" free:", "mode:", "CPU: ", "Pid: ", "nodemask=", ";",
		" pages non-shared", " pages hwpoisoned", " pages hwpoison",
		"allocation failure", "Linux version ",
	};
	static const uint64_t hdrs[] = { H, 12000000, 11999999, WM_UNKNOWN };
	char buf[512];
	unsigned seed = 1, round;

	(void)state;
	for (round = 0; round < 30000; round++) {
		size_t len = 0, want = (size_t)rand_r(&seed) % 400, off;

		while (len < want) {
			const char *bit = bits[(unsigned)rand_r(&seed) %
					       WM_ARRAY_SIZE(bits)];
			size_t k = *bit ? strlen(bit) : 1;

			if (k > 1 && bit[0] != '[' && rand_r(&seed) % 4)
				bit = "abcdefg", k = 7;
			if (len + k > sizeof(buf) - 80)
				break;
			memcpy(buf + len, bit, k);
			len += k;
		}
		off = (size_t)rand_r(&seed) % 70;
		memmove(buf + off, buf, len);
		check(hdrs[round % WM_ARRAY_SIZE(hdrs)], buf + off, len, NULL);
	}
}

/* What the skim lets pass, the parser reads as a time in the span. */
static void test_time_sound(void **state)
{
	static const char *const heads[][2] = {
		{ "[   12.", "] x" }, { "[   13.", "] kernel: x" },
		{ "[   12.", "]" }, { "[   12.", "] host a[1]: x" },
		{ "[   11.", "] x" }, { "[   14.", "] x" },
	};
	struct wm_skim_clock c = { 0 };
	unsigned seed = 7, i, passed = 0;
	char line[64];

	(void)state;
	wm_skim_clock_set(&c, H);
	for (i = 0; i < 20000; i++) {
		struct wm_klog_line l;
		const char *const *h = heads[i % WM_ARRAY_SIZE(heads)];
		int n = snprintf(line, sizeof(line), "%s%06u%s", h[0],
				 (unsigned)rand_r(&seed) % 1000000, h[1]);

		if (!wm_skim_time_ok(&c, line, line + n))
			continue;
		passed++;
		assert_int_equal(wm_klog_parse_line(line, (size_t)n, &l), 0);
		assert_true(l.ts_usec >= H);
		assert_true(l.ts_usec - H <= WM_REPORT_SPAN_USEC);
	}
	assert_true(passed > 5000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_time_sound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
