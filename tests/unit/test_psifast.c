// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_psi_parse_kernel() (lib/psifast.c), the one-pass parse of
 * /proc/pressure/memory: it must say yes to every file in the kernel's
 * form, with the values the word walk finds, and no to the near misses,
 * which the walk then decides.
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "psi.h"

#define LAB "samples/lab-6.1/6.1.192-debian-qemu-256M.psi_memory"
#define LOCAL "samples/local/linux-6.18.44-fc-v857.pressure-memory"

static bool same_line(const struct wm_psi_line *a, const struct wm_psi_line *b)
{
	return a->present == b->present && a->avg10 == b->avg10 &&
	       a->avg60 == b->avg60 && a->avg300 == b->avg300 &&
	       a->total_usec == b->total_usec;
}

/* Taken in one pass, and to the walk's values. */
static void fast_as_walk(const char *buf, size_t len)
{
	struct wm_psi a, b;
	struct wm_parse_error err = { 0 };

	memset(&a, 0x5a, sizeof(a));
	if (!wm_psi_parse_kernel(buf, len, &a))
		fail_msg("not taken: '%.*s'", (int)len, buf);
	assert_int_equal(wm_psi_parse_walk(buf, len, &b, &err), 0);
	if (!a.present || !same_line(&a.some, &b.some) ||
	    !same_line(&a.full, &b.full))
		fail_msg("differs from the walk: '%.*s'", (int)len, buf);
}

/* Refused, with nothing present. */
static void refused(const char *buf)
{
	struct wm_psi psi;

	memset(&psi, 0x5a, sizeof(psi));
	if (wm_psi_parse_kernel(buf, strlen(buf), &psi))
		fail_msg("taken: '%s'", buf);
	assert_false(psi.present || psi.some.present || psi.full.present);
	assert_true(psi.some.avg10 == WM_UNKNOWN &&
		    psi.full.total_usec == WM_UNKNOWN);
}

static void test_real(void **state)
{
	static const char *const files[] = { LAB, LOCAL };
	struct wm_psi psi;
	unsigned f;

	(void)state;
	for (f = 0; f < WM_ARRAY_SIZE(files); f++) {
		struct wm_buf b = { 0 };

		wm_test_load(&b, files[f]);
		fast_as_walk(b.data, b.len);
		wm_buf_free(&b);
	}
	/* the lab's values, as test_psi knows them */
	{
		struct wm_buf b = { 0 };

		wm_test_load(&b, LAB);
		assert_true(wm_psi_parse_kernel(b.data, b.len, &psi));
		assert_true(psi.some.avg10 == 831 && psi.full.avg300 == 43);
		assert_true(psi.some.total_usec == 1546322 &&
			    psi.full.total_usec == 1521307);
		wm_buf_free(&b);
	}
}

/*
 * Totals of every length from 1 to 19 digits, with each digit, on the
 * "some" line (8 bytes and more after it) and on the last line (the
 * bytes one at a time at the end), and averages of 1 to 3 whole digits.
 */
static void test_lengths(void **state)
{
	static const char *const avgs[] = { "0.00", "7.05", "12.34", "100.00",
					    "099.99", "000.01" };
	char buf[256], digits[24];
	struct wm_psi psi;
	unsigned n, d, a;
	int len;

	(void)state;
	for (n = 1; n <= 19; n++) {
		for (d = 0; d < 10; d++) {
			unsigned i;

			for (i = 0; i < n; i++)
				digits[i] = (char)('0' + (d + i * 7) % 10);
			digits[n] = '\0';
			a = (n + d) % WM_ARRAY_SIZE(avgs);
			len = snprintf(buf, sizeof(buf),
				       "some avg10=%s avg60=%s avg300=%s "
				       "total=%s\nfull avg10=%s avg60=0.00 "
				       "avg300=1.00 total=%s\n",
				       avgs[a], avgs[(a + 1) % 6],
				       avgs[(a + 2) % 6], digits, avgs[a],
				       digits);
			fast_as_walk(buf, (size_t)len);
			/* "some" alone: its total is the file's end */
			len = snprintf(buf, sizeof(buf),
				       "some avg10=%s avg60=0.00 avg300=0.00 "
				       "total=%s\n", avgs[a], digits);
			fast_as_walk(buf, (size_t)len);
		}
	}
	len = snprintf(buf, sizeof(buf), "some avg10=0.00 avg60=0.00 "
		       "avg300=0.00 total=9999999999999999999\n");
	assert_true(wm_psi_parse_kernel(buf, (size_t)len, &psi));
	assert_true(psi.some.total_usec == 9999999999999999999ULL);
	assert_false(psi.full.present);
	assert_true(psi.full.avg10 == WM_UNKNOWN &&
		    psi.full.total_usec == WM_UNKNOWN);
}

/* What the walk may accept or refuse, but the one pass must not take. */
static void test_near_misses(void **state)
{
	static const char *const misses[] = {
		"",
		"\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=0",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=12345678",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1 \n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1\r\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1 x=2\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=12345678x\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1234567:\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=/1\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 "
		"total=00000000000000000001\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 "
		"total=18446744073709551615\n",
		"some avg10=1000.00 avg60=0.00 avg300=0.00 total=1\n",
		"some avg10=0.0 avg60=0.00 avg300=0.00 total=1\n",
		"some avg10=0.000 avg60=0.00 avg300=0.00 total=1\n",
		"some avg10=.00 avg60=0.00 avg300=0.00 total=1\n",
		"some avg10=0,00 avg60=0.00 avg300=0.00 total=1\n",
		"some avg10=0.0: avg60=0.00 avg300=0.00 total=1\n",
		"some avg10=1:.00 avg60=0.00 avg300=0.00 total=1\n",
		"some avg10=12:.00 avg60=0.00 avg300=0.00 total=1\n",
		"some  avg10=0.00 avg60=0.00 avg300=0.00 total=1\n",
		"some avg10=0.00\tavg60=0.00 avg300=0.00 total=1\n",
		"some avg10=0.00 avg60=0.00  avg300=0.00 total=1\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00  total=1\n",
		"somE avg10=0.00 avg60=0.00 avg300=0.00 total=1\n",
		"some Avg10=0.00 avg60=0.00 avg300=0.00 total=1\n",
		"some avg11=0.00 avg60=0.00 avg300=0.00 total=1\n",
		"some avg10-0.00 avg60=0.00 avg300=0.00 total=1\n",
		"some avg10=0.00 avg61=0.00 avg300=0.00 total=1\n",
		"some avg10=0.00 avg60=0.00 avg301=0.00 total=1\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 totaL=1\n",
		"some avg60=0.00 avg10=0.00 avg300=0.00 total=1\n",
		"full avg10=0.00 avg60=0.00 avg300=0.00 total=1\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1\n"
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1\n"
		"full avg10=0.00 avg60=0.00 avg300=0.00 total=1\n"
		"full avg10=0.00 avg60=0.00 avg300=0.00 total=1\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1\n"
		"full avg10=0.00 avg60=0.00 avg300=0.00 total=1",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1\n"
		"fulL avg10=0.00 avg60=0.00 avg300=0.00 total=1\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1\n\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1\nx\n",
	};
	unsigned i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(misses); i++)
		refused(misses[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_near_misses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
