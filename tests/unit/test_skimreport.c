// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Skimming inside a page report (lib/logscan.h, wm_logscan_skim_report()
 * and wm_skim_time_ok()): the AVX2 loop and the byte loop against a plain
 * reading (each line searched with memcmp for each trigger, its time
 * compared with the texts snprintf() makes of the header's second and the
 * next) on fixed cases (a trigger at the start and the end, cut by the
 * end, a 100 KB line, NUL, CRLF, times before, at and after the span,
 * other shapes) and on random buffers; and every time the skim lets pass
 * is one wm_klog_parse_line() reads inside the span. Also the keys of a
 * zone line, a line the skim stops at, against a plain search.
 */
#include <errno.h>
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
	assert_int_equal(check_str(9999999ULL, "[    9.999999] a\n"
				   "[   10.000000] b\n[   11.000000] c\n", &n),
			 34);
	assert_int_equal(n, 2);
	assert_int_equal(check_str(1999500000ULL, "[ 2000.100000] a\n"
				   "[ 1999.600000] b\n[ 2001.000000] c\n",
				   &n), 34);
	assert_int_equal(check_str(19500000ULL, "[   20.000000] a\n"
				   "[   10.000000] b\n", &n), 17);
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

/*
 * The lines the skim stops at are read next: a zone line's keys
 * (wm_klog_zone_line(), found by their first bytes in one pass) against
 * a search for each " key:" on its own, on random lines of real fields
 * and near misses ("mixed:", "m", "managed" without ':', a key cut by the
 * end of the span with the byte after it in memory).
 */
static bool naive_kb(const char *s, size_t len, const char *key, uint64_t *v)
{
	char k[16];
	size_t n = (size_t)snprintf(k, sizeof(k), " %s:", key), i;
	uint64_t x = 0;

	for (i = 0; i + n <= len && memcmp(s + i, k, n) != 0; i++)
		;
	if (i + n > len)
		return false;
	for (i += n; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		x = x * 10 + (uint64_t)(s[i] - '0');
	if (s[i - 1] < '0' || s[i - 1] > '9')
		return false;
	*v = x; /* as wm_take_u64() leaves it, even without the unit */
	return i + 2 <= len && (s[i] == 'k' || s[i] == 'K') && s[i + 1] == 'B';
}

static void test_zone_keys(void **state)
{
	static const char *const bits[] = {
		" free:1kB", " free:9kB", " min:2kB", " min:8KB", " mixed:3kB",
		" managed:0kB", " managed:5kB", " managed", " m", " mi",
		" low:5KB", " high:6kB", " hi", " boost:7kB", " present:0kB",
		" present:4kB",
		" pagetables:4kB", " p", " f", " low:x", " min:", "  ",
	};
	static const char *const keys[] = { "free", "min", "low", "high" };
	unsigned seed = 11, i, k, ok = 0;
	char line[512];

	(void)state;
	for (i = 0; i < 50000; i++) {
		struct wm_klog_zone z;
		struct wm_span sp = { line, 0 };
		uint64_t v[4], boost, present = 1, managed = 1;
		bool want = true;
		int n = snprintf(line, sizeof(line), "Node 0 Normal free:1kB");

		for (k = rand_r(&seed) % 24; k > 0; k--)
			n += snprintf(line + n, sizeof(line) - (size_t)n, "%s",
				      bits[rand_r(&seed) % WM_ARRAY_SIZE(bits)]);
		sp.len = (size_t)n - rand_r(&seed) % 2; /* cut a byte off */
		for (k = 0; k < 4; k++)
			want = want && naive_kb(line + 13, sp.len - 13,
						keys[k], &v[k]);
		if (!naive_kb(line + 13, sp.len - 13, "boost", &boost))
			boost = WM_UNKNOWN;
		naive_kb(line + 13, sp.len - 13, "present", &present);
		naive_kb(line + 13, sp.len - 13, "managed", &managed);
		assert_int_equal(wm_klog_zone_line(sp, &z), want ? 0 : -EINVAL);
		if (!want)
			continue;
		ok++;
		assert_int_equal(z.free_kb, v[0]);
		assert_int_equal(z.min_kb, v[1]);
		assert_int_equal(z.low_kb, v[2]);
		assert_int_equal(z.high_kb, v[3]);
		assert_true(z.boost_kb == boost);
		assert_int_equal(z.below_min, v[0] < v[1] && present && managed);
	}
	assert_true(ok > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_time_sound),
		cmocka_unit_test(test_zone_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
