// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "unit.h"
#include "gfpcache.h"

static struct wm_gfp_cache cache;

/* The cached result and wm_gfp_set()'s for the same inputs agree. */
static void check(bool have_mask, uint64_t mask, const char *names,
		  enum wm_gfp_layout layout, struct wm_gfp *got)
{
	struct wm_span sp = { names, names ? strlen(names) : 0 };
	struct wm_gfp want;

	wm_gfp_set(&want, have_mask, mask, names ? &sp : NULL, layout);
	wm_gfp_cache_set(&cache, got, have_mask, mask, names ? &sp : NULL,
			 layout);
	assert_int_equal(got->have_mask, want.have_mask);
	assert_true(got->mask == want.mask);
	assert_int_equal(got->have_names, want.have_names);
	assert_int_equal(got->names_printed, want.names_printed);
	assert_string_equal(got->names, want.names);
	assert_int_equal(got->nonblocking, want.nonblocking);
	assert_int_equal(got->high, want.high);
	assert_int_equal(got->atomic, want.atomic);
}

/* The same inputs twice (a hit) give the same answer as the first time. */
static void test_hit(void **state)
{
	struct wm_gfp g;

	(void)state;
	memset(&cache, 0, sizeof(cache));
	check(true, 0x480020, "GFP_ATOMIC", WM_GFP_L3, &g);
	assert_string_equal(g.names, "GFP_ATOMIC");
	assert_int_equal(g.atomic, WM_TRI_TRUE);
	check(true, 0x480020, "GFP_ATOMIC", WM_GFP_L3, &g);
	assert_int_equal(g.atomic, WM_TRI_TRUE);
	assert_true(cache.next == 1); /* the second call hit */
}

/* Each part of the key tells entries apart: mask, names, layout. */
static void test_key(void **state)
{
	struct wm_gfp g;

	(void)state;
	memset(&cache, 0, sizeof(cache));
	/* a bare 0x20 is GFP_ATOMIC up to 4.3, __GFP_HIGH... later */
	check(true, 0x20, NULL, WM_GFP_L0, &g);
	assert_int_equal(g.atomic, WM_TRI_TRUE);
	check(true, 0x20, NULL, WM_GFP_L4, &g);
	check(true, 0x20, NULL, WM_GFP_LAYOUT_UNKNOWN, &g);
	assert_int_equal(g.atomic, WM_TRI_UNKNOWN);
	check(true, 0x480020, "GFP_KERNEL", WM_GFP_L3, &g);
	assert_int_equal(g.atomic, WM_TRI_FALSE);
	check(true, 0x480020, "GFP_ATOMIC", WM_GFP_L3, &g);
	assert_int_equal(g.atomic, WM_TRI_TRUE);
	check(true, 0x480020, "GFP_ATOMI", WM_GFP_L3, &g); /* a prefix */
	assert_int_equal(g.atomic, WM_TRI_UNKNOWN);
	check(false, 0, NULL, WM_GFP_L3, &g);
	assert_false(g.have_mask);
	check(true, 0, NULL, WM_GFP_L3, &g);
	assert_true(g.have_mask);
}

/* More inputs than entries: the oldest go, answers stay right. */
static void test_evict(void **state)
{
	struct wm_gfp g;
	uint64_t m;
	int round;

	(void)state;
	memset(&cache, 0, sizeof(cache));
	for (round = 0; round < 3; round++)
		for (m = 0; m < 3 * WM_GFP_CACHE_SIZE; m++)
			check(true, 0x20 | m << 8, NULL, WM_GFP_L0, &g);
}

/* A names list longer than a key is decoded each time, never cut. */
static void test_long_names(void **state)
{
	char names[WM_GFP_NAMES_MAX + 40];
	struct wm_gfp g;
	size_t i;

	(void)state;
	memset(&cache, 0, sizeof(cache));
	for (i = 0; i + 1 < sizeof(names); i++)
		names[i] = i % 12 == 11 ? '|' : 'A';
	names[sizeof(names) - 1] = '\0';
	check(true, 1, names, WM_GFP_L4, &g);
	assert_false(cache.e[0].used);
	names[3] = 'B'; /* same length, other text: must not hit */
	check(true, 1, names, WM_GFP_L4, &g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_evict),
		cmocka_unit_test(test_long_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
