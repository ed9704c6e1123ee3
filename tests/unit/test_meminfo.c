// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc/meminfo: the lab sample (the only real one) and broken input. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "meminfo.h"

#define LAB "samples/lab-6.1/6.1.192-debian-qemu-256M.meminfo"

static struct wm_parse_error perr;

static int parse_str(const char *s, struct wm_meminfo *mi)
{
	memset(&perr, 0, sizeof(perr));
	return wm_meminfo_parse(s, strlen(s), mi, &perr);
}

static void test_lab(void **state)
{
	struct wm_buf b = { 0 };
	struct wm_meminfo mi;

	(void)state;
	wm_test_load(&b, LAB);
	assert_int_equal(wm_meminfo_parse(b.data, b.len, &mi, &perr), 0);
	assert_true(mi.mem_total_kb == 171844);
	assert_true(mi.mem_free_kb == 2928);
	assert_true(mi.mem_available_kb == 141612);
	assert_true(mi.buffers_kb == 134380);
	assert_true(mi.cached_kb == 3280);	/* not SwapCached */
	/* x86_64: no HighMem lines */
	assert_true(mi.high_total_kb == WM_UNKNOWN);
	assert_true(mi.high_free_kb == WM_UNKNOWN);
	assert_true(mi.low_total_kb == WM_UNKNOWN);
	assert_true(mi.low_free_kb == WM_UNKNOWN);
	assert_true(mi.v[WM_MI_mem_free_kb] == 2928);
	assert_string_equal(wm_meminfo_name(WM_MI_mem_available_kb),
			    "MemAvailable");
	wm_buf_free(&b);
}

static void test_highmem_lines(void **state)
{
	struct wm_meminfo mi;

	(void)state;
	/* the 32-bit layout (no real sample in the corpus) */
	assert_int_equal(parse_str("MemTotal:        1011052 kB\n"
				   "HighTotal:        516952 kB\n"
				   "HighFree:          53808 kB\n"
				   "LowTotal:         494100 kB\n"
				   "LowFree:          153108 kB\n", &mi), 0);
	assert_true(mi.high_total_kb == 516952 && mi.high_free_kb == 53808);
	assert_true(mi.low_total_kb == 494100 && mi.low_free_kb == 153108);
	assert_true(mi.mem_available_kb == WM_UNKNOWN);	/* < 3.14 */
}

static void test_truncated(void **state)
{
	struct wm_meminfo full, part;
	struct wm_buf b = { 0 };
	unsigned i;
	size_t n;

	(void)state;
	wm_test_load(&b, LAB);
	assert_int_equal(wm_meminfo_parse(b.data, b.len, &full, &perr), 0);
	for (n = 0; n < b.len; n++) {
		char *p = malloc(n ? n : 1);
		int rc;

		assert_non_null(p);
		memcpy(p, b.data, n);
		rc = wm_meminfo_parse(p, n, &part, &perr);
		free(p);
		if (rc == -ENODATA)
			continue;
		assert_int_equal(rc, 0);
		for (i = 0; i < WM_MI__COUNT; i++)
			assert_true(part.v[i] == full.v[i] ||
				    part.v[i] == WM_UNKNOWN);
	}
	wm_buf_free(&b);
}

static void test_broken(void **state)
{
	static char big[100 * 1024 + 64];
	struct wm_meminfo mi;
	uint32_t x = 7;
	size_t i;

	(void)state;
	assert_int_equal(parse_str("", &mi), -ENODATA);
	for (i = 0; i < sizeof(big); i++) {
		x = x * 1103515245u + 12345u;
		big[i] = (char)(x >> 16);
	}
	assert_int_equal(wm_meminfo_parse(big, sizeof(big), &mi, &perr),
			 -ENODATA);
	memset(big, 'M', 100 * 1024);
	strcpy(big + 100 * 1024, ": 1 kB\nMemFree: 5 kB\n");
	assert_int_equal(parse_str(big, &mi), 0);
	assert_true(mi.mem_free_kb == 5);
	assert_int_equal(parse_str("MemTotal: 18446744073709551616 kB\n", &mi),
			 -ERANGE);
	assert_int_equal(parse_str("MemTotal: 1 MB\n", &mi), -EPROTO);
	assert_int_equal(parse_str("MemTotal: 1 kB x\n", &mi), -EPROTO);
	assert_int_equal(parse_str("MemTotal:\n", &mi), -EPROTO);
	assert_int_equal(parse_str("MemTotal: -1 kB\n", &mi), -EPROTO);
	assert_int_equal(parse_str("MemFree: 1 kB\nMemFree: 2 kB\n", &mi),
			 -EPROTO);
	assert_int_equal(perr.line, 2);
	assert_true(mi.mem_free_kb == WM_UNKNOWN);
	/* no unit is accepted (HugePages_* style), the last cut line ignored */
	assert_int_equal(parse_str("MemTotal: 100\nMemFree: 5", &mi), 0);
	assert_true(mi.mem_total_kb == 100 && mi.mem_free_kb == WM_UNKNOWN);
	/* a key without its colon is not the key */
	assert_int_equal(parse_str("MemTotal 100 kB\nCached: 1 kB\n", &mi), 0);
	assert_true(mi.mem_total_kb == WM_UNKNOWN);
	{
		static const char nul[] = "MemTotal: 1\000 kB\nMemFree: 2 kB\n";

		assert_int_equal(wm_meminfo_parse(nul, sizeof(nul) - 1, &mi,
						  &perr), -EPROTO);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lab),
		cmocka_unit_test(test_highmem_lines),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_broken),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
