// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc/pressure/memory: both real samples and broken input. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "psi.h"

#define LAB "samples/lab-6.1/6.1.192-debian-qemu-256M.psi_memory"
#define LOCAL "samples/local/linux-6.18.44-fc-v857.pressure-memory"

static struct wm_parse_error perr;

static int parse_str(const char *s, struct wm_psi *psi)
{
	memset(&perr, 0, sizeof(perr));
	return wm_psi_parse(s, strlen(s), psi, &perr);
}

static void load(const char *rel, struct wm_psi *psi)
{
	struct wm_buf b = { 0 };

	wm_test_load(&b, rel);
	assert_int_equal(wm_psi_parse(b.data, b.len, psi, &perr), 0);
	wm_buf_free(&b);
}

static void test_lab(void **state)
{
	struct wm_psi psi;

	(void)state;
	load(LAB, &psi);
	assert_true(psi.present && psi.some.present && psi.full.present);
	assert_true(psi.some.avg10 == 831 && psi.some.avg60 == 202 &&
		    psi.some.avg300 == 44);
	assert_true(psi.some.total_usec == 1546322);
	assert_true(psi.full.avg10 == 813 && psi.full.avg60 == 196 &&
		    psi.full.avg300 == 43);
	assert_true(psi.full.total_usec == 1521307);
}

static void test_local(void **state)
{
	struct wm_psi psi;

	(void)state;
	load(LOCAL, &psi);
	assert_true(psi.present && psi.full.present);
	assert_true(psi.some.avg10 == 0 && psi.some.avg300 == 0);
	assert_true(psi.some.total_usec == 0 && psi.full.total_usec == 0);
}

static void test_variants(void **state)
{
	struct wm_psi psi;

	(void)state;
	/* no "full" line (early PSI, and cpu pressure on old kernels) */
	assert_int_equal(parse_str("some avg10=12.05 avg60=0.10 avg300=100.00 "
				   "total=99\n", &psi), 0);
	assert_true(psi.present && psi.some.present && !psi.full.present);
	assert_true(psi.some.avg10 == 1205 && psi.some.avg60 == 10 &&
		    psi.some.avg300 == 10000);
	assert_true(psi.full.avg10 == WM_UNKNOWN);
	/* fields in another order, and an unknown one, are fine */
	assert_int_equal(parse_str("some total=5 avg300=0.01 avg60=0.02 "
				   "avg10=0.03 avg600=1.00\n", &psi), 0);
	assert_true(psi.some.avg10 == 3 && psi.some.total_usec == 5);
	wm_psi_init(&psi);
	assert_false(psi.present);
	assert_true(psi.some.total_usec == WM_UNKNOWN);
}

static void test_broken(void **state)
{
	static char big[100 * 1024 + 64];
	struct wm_psi psi;
	size_t n;

	(void)state;
	assert_int_equal(parse_str("", &psi), -EPROTO);
	assert_false(psi.present);
	assert_int_equal(parse_str("full avg10=0.00 avg60=0.00 avg300=0.00 "
				   "total=0\n", &psi), -EPROTO);
	assert_int_equal(parse_str("some avg10=8.3 avg60=0.00 avg300=0.00 "
				   "total=0\n", &psi), -EPROTO);
	assert_int_equal(parse_str("some avg10=8 avg60=0.00 avg300=0.00 "
				   "total=0\n", &psi), -EPROTO);
	assert_int_equal(parse_str("some avg10=.50 avg60=0.00 avg300=0.00 "
				   "total=0\n", &psi), -EPROTO);
	assert_int_equal(parse_str("some avg60=0.00 avg300=0.00 total=0\n",
				   &psi), -EPROTO);
	assert_int_equal(parse_str("some avg10=0.00 avg10=0.00 avg60=0.00 "
				   "avg300=0.00 total=0\n", &psi), -EPROTO);
	assert_int_equal(parse_str("some avg10=0.00 avg60=0.00 avg300=0.00 "
				   "total=0\nsome avg10=0.00 avg60=0.00 "
				   "avg300=0.00 total=0\n", &psi), -EPROTO);
	assert_int_equal(perr.line, 2);
	assert_int_equal(parse_str("some avg10=0.00 avg60=0.00 avg300=0.00 "
				   "total=18446744073709551616\n", &psi), -ERANGE);
	assert_int_equal(parse_str("some avg10=184467440737095516.00 avg60=0.00"
				   " avg300=0.00 total=0\n", &psi), -ERANGE);
	assert_false(psi.some.present);
	/* a 100 KB line of another kind is skipped */
	memset(big, 'x', 100 * 1024);
	strcpy(big + 100 * 1024, "\nsome avg10=1.00 avg60=0.00 avg300=0.00 "
				 "total=1\n");
	assert_int_equal(parse_str(big, &psi), 0);
	/* a 100 KB number */
	strcpy(big, "some avg10=0.00 avg60=0.00 avg300=0.00 total=");
	n = strlen(big);
	memset(big + n, '1', 100 * 1024);
	strcpy(big + n + 100 * 1024, "\n");
	assert_int_equal(parse_str(big, &psi), -ERANGE);
	{
		static const char nul[] = "some avg10=0.0\0000 avg60=0.00 "
					  "avg300=0.00 total=0\n";

		assert_int_equal(wm_psi_parse(nul, sizeof(nul) - 1, &psi,
					      &perr), -EPROTO);
	}
}

static bool same_line(const struct wm_psi_line *a, const struct wm_psi_line *b)
{
	return a->present == b->present && a->avg10 == b->avg10 &&
	       a->avg60 == b->avg60 && a->avg300 == b->avg300 &&
	       a->total_usec == b->total_usec;
}

static void test_truncated(void **state)
{
	struct wm_psi full, part;
	struct wm_buf b = { 0 };
	size_t n;

	(void)state;
	wm_test_load(&b, LAB);
	load(LAB, &full);
	for (n = 0; n < b.len; n++) {
		char *p = malloc(n ? n : 1);
		int rc;

		assert_non_null(p);
		memcpy(p, b.data, n);
		rc = wm_psi_parse(p, n, &part, &perr);
		free(p);
		if (rc == -EPROTO)
			continue;
		assert_int_equal(rc, 0);
		assert_true(same_line(&part.some, &full.some));
		assert_true(!part.full.present ||
			    same_line(&part.full, &full.full));
	}
	wm_buf_free(&b);
}

/* The one-pass parse against the word-by-word walk: the same in all. */
static void same_both_ways(const char *buf, size_t len)
{
	struct wm_psi a, b;
	struct wm_parse_error ea, eb;
	int ra, rb;

	memset(&a, 0x5a, sizeof(a));
	memset(&b, 0x5a, sizeof(b));
	memset(&ea, 0, sizeof(ea));
	memset(&eb, 0, sizeof(eb));
	ra = wm_psi_parse(buf, len, &a, &ea);
	rb = wm_psi_parse_walk(buf, len, &b, &eb);
	if (ra != rb || ea.line != eb.line || strcmp(ea.msg, eb.msg) != 0 ||
	    a.present != b.present || a.some.present != b.some.present ||
	    a.full.present != b.full.present ||
	    memcmp(&a.some.avg10, &b.some.avg10, 4 * sizeof(uint64_t)) ||
	    memcmp(&a.full.avg10, &b.full.avg10, 4 * sizeof(uint64_t)))
		fail_msg("plain %d '%s', walk %d '%s' on '%.*s'", ra, ea.msg,
			 rb, eb.msg, (int)len, buf);
}

/*
 * Real files, and the same with a byte or two changed to ones that
 * matter to the one-pass parse (digits, '.', '=', blanks, '\n'), cut
 * anywhere, or lines repeated and swapped.
 */
static void test_plain_and_walk(void **state)
{
	static const char *const files[] = { LAB, LOCAL };
	static const char *const lines[] = {
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
		"full avg10=12.34 avg60=100.00 avg300=0.07 total=3396157\n",
		"some avg10=999999999999999.99 avg60=0.00 avg300=0.00 "
		"total=9999999999999999999\n",
		"some avg10=9999999999999999.99 avg60=0.00 avg300=0.00 "
		"total=18446744073709551615\n",
		"full avg10=0.0 avg60=0.000 avg300=.00 total=\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1 x=2\n",
		"some  avg10=0.00\tavg60=0.00 avg300=0.00 total=1\r\n",
		/* the one-pass limits: three whole digits, 19 total digits */
		"some avg10=100.00 avg60=1000.00 avg300=007.50 "
		"total=0000000000000000001\n",
		"full avg10=1.00 avg60=2.00 avg300=3.00 "
		"total=00000000000000000001\n",
		"full avg10=1.00 avg60=2.00 avg300=3.00 "
		"total=99999999999999999999\n",
		"some avg10=1.00 avg60=2.00 avg300=3.00 total=12 \n",
		"other 1\n", "\n", "some\n",
		/* keys near the kernel's: each byte of each, and their order */
		"somE avg10=1.00 avg60=2.00 avg300=3.00 total=1\n",
		"some avg11=1.00 avg60=2.00 avg300=3.00 total=1\n",
		"some Avg10=1.00 avg60=2.00 avg300=3.00 total=1\n",
		"some avg10=1.00 avg61=2.00 avg300=3.00 total=1\n",
		"some avg10=1.00 avg60=2.00 avg301=3.00 total=1\n",
		"some avg10=1.00 avg60=2.00 avg300-3.00 total=1\n",
		"some avg10=1.00 avg60=2.00 avg300=3.00 totaL=1\n",
		"some avg10=1.00 avg60=2.00 avg300=3.00 Total=1\n",
		"some avg60=1.00 avg10=2.00 avg300=3.00 total=1\n",
		"fulL avg10=1.00 avg60=2.00 avg300=3.00 total=1\n",
		"full avg10=1.00 avg60=2.00 avg300=3.00 total=1\n",
		"some avg10=1.00 avg60=2.00 avg300=3.00 total\n",
		"some avg10=1.00 avg60=2.00 avg300=3.00 tota\n",
		"some avg10=1.0",
	};
	char buf[600];
	unsigned f, i, r;

	(void)state;
	for (f = 0; f < WM_ARRAY_SIZE(files); f++) {
		struct wm_buf b = { 0 };

		wm_test_load(&b, files[f]);
		assert_true(b.len < sizeof(buf));
		same_both_ways(b.data, b.len);
		for (i = 0; i <= b.len; i++)
			same_both_ways(b.data, i);
		srand(f + 1);
		for (r = 0; r < 20000; r++) {
			memcpy(buf, b.data, b.len);
			for (i = 0; i < 1 + (unsigned)rand() % 2; i++)
				buf[(size_t)rand() % b.len] =
					"0123456789.= \t\n\r-xavgtolsfu"[rand() % 27];
			same_both_ways(buf, b.len);
		}
		wm_buf_free(&b);
	}
	for (r = 0; r < 20000; r++) {
		size_t n = 0;

		for (i = 0; i < (unsigned)rand() % 4; i++) {
			const char *l = lines[rand() % WM_ARRAY_SIZE(lines)];

			memcpy(buf + n, l, strlen(l));
			n += strlen(l);
		}
		same_both_ways(buf, n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lab),
		cmocka_unit_test(test_local),
		cmocka_unit_test(test_variants),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_plain_and_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
