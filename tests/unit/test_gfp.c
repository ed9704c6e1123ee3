// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * GFP layouts and classification, against spec §6.4's table and against
 * the names real kernels printed in the samples (decoding the sample's
 * mask with its kernel's layout must give the kernel's own names).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "gfp.h"

static struct wm_span S(const char *s)
{
	struct wm_span sp = { s, strlen(s) };
	return sp;
}

/* Same names in any order ("a|b" vs "b|a"): 6.19 prints ZERO before COMP. */
static bool same_names(const char *a, const char *b)
{
	char x[WM_GFP_NAMES_MAX], *tok, *save = NULL;
	size_t n = 0, m = 0;

	if (!*a || !*b)
		return !*a && !*b;
	snprintf(x, sizeof(x), "%s", a);
	for (tok = strtok_r(x, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		const char *p = b;
		bool found = false;

		n++;
		while (*p) {
			size_t len = strcspn(p, "|");

			if (len == strlen(tok) && memcmp(p, tok, len) == 0)
				found = true;
			p += len + (p[len] ? 1 : 0);
		}
		if (!found)
			return false;
	}
	for (; *b; b++)
		m += *b == '|';
	return n == m + 1;
}

static void expect_decode(enum wm_gfp_layout l, uint64_t mask, const char *want)
{
	char out[WM_GFP_NAMES_MAX];

	assert_int_equal(wm_gfp_decode(mask, l, out, sizeof(out)), 0);
	if (!same_names(out, want))
		fail_msg("%s 0x%llx: got '%s', want '%s'", wm_gfp_layout_name(l),
			 (unsigned long long)mask, out, want);
}

static void test_layout_for(void **state)
{
	(void)state;
	assert_int_equal(wm_gfp_layout_for(2, 6), WM_GFP_L0);
	assert_int_equal(wm_gfp_layout_for(2, 4), WM_GFP_LAYOUT_UNKNOWN);
	assert_int_equal(wm_gfp_layout_for(3, 10), WM_GFP_L0);
	assert_int_equal(wm_gfp_layout_for(4, 3), WM_GFP_L0);
	assert_int_equal(wm_gfp_layout_for(4, 4), WM_GFP_L1);
	assert_int_equal(wm_gfp_layout_for(4, 10), WM_GFP_L1);
	assert_int_equal(wm_gfp_layout_for(4, 11), WM_GFP_L2);
	assert_int_equal(wm_gfp_layout_for(4, 14), WM_GFP_L2);
	/* spec §6.4 does not pin these down: unknown, never a guess */
	assert_int_equal(wm_gfp_layout_for(4, 15), WM_GFP_LAYOUT_UNKNOWN);
	assert_int_equal(wm_gfp_layout_for(4, 17), WM_GFP_LAYOUT_UNKNOWN);
	assert_int_equal(wm_gfp_layout_for(4, 18), WM_GFP_L3);
	assert_int_equal(wm_gfp_layout_for(4, 19), WM_GFP_L3);
	assert_int_equal(wm_gfp_layout_for(4, 20), WM_GFP_LAYOUT_UNKNOWN);
	assert_int_equal(wm_gfp_layout_for(5, 3), WM_GFP_LAYOUT_UNKNOWN);
	assert_int_equal(wm_gfp_layout_for(5, 4), WM_GFP_L4);
	assert_int_equal(wm_gfp_layout_for(6, 1), WM_GFP_L4);
	assert_int_equal(wm_gfp_layout_for(6, 2), WM_GFP_L4);
	assert_int_equal(wm_gfp_layout_for(6, 3), WM_GFP_L5);
	assert_int_equal(wm_gfp_layout_for(6, 18), WM_GFP_L5);
	assert_int_equal(wm_gfp_layout_for(7, 0), WM_GFP_LAYOUT_UNKNOWN);
}

static void test_layout_for_release(void **state)
{
	static const struct {
		const char *rel;
		enum wm_gfp_layout l;
	} cases[] = {
		{ "6.1.0-56-amd64", WM_GFP_L4 },
		{ "2.6.38-10-server", WM_GFP_L0 },
		{ "3.18.18+38-ph", WM_GFP_L0 },
		{ "4.3.0-1-ARCH", WM_GFP_L0 },
		{ "4.9.24-coreos", WM_GFP_L1 },
		{ "4.12.0-rc3-android-x86+", WM_GFP_L2 },
		{ "4.18.0-rc2-autotest-autotest", WM_GFP_L3 },
		{ "5.7.0+bcachefs.git20200629.278fe397-1-generic", WM_GFP_L4 },
		{ "6.19.11-1-cachyos-deckify", WM_GFP_L5 },
		{ "4.3", WM_GFP_L0 },
		{ "", WM_GFP_LAYOUT_UNKNOWN },
		{ "abc", WM_GFP_LAYOUT_UNKNOWN },
		{ "6", WM_GFP_LAYOUT_UNKNOWN },
		{ "6.", WM_GFP_LAYOUT_UNKNOWN },
		{ "99999999999999999999999.1", WM_GFP_LAYOUT_UNKNOWN },
		{ "4.99999999999999999999999", WM_GFP_LAYOUT_UNKNOWN },
	};
	size_t i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(cases); i++)
		assert_int_equal(wm_gfp_layout_for_release(cases[i].rel,
							   strlen(cases[i].rel)),
				 cases[i].l);
}

/* The bold rows of spec §6.4's table. */
static void test_table_values(void **state)
{
	static const uint64_t atomic[] = { 0x20, 0x2080020, 0x1080020,
					   0x480020, 0xa20, 0x820 };
	static const uint64_t kernel[] = { 0xd0, 0x24000c0, 0x14000c0,
					   0x6000c0, 0xcc0, 0xcc0 };
	int l;

	(void)state;
	for (l = WM_GFP_L0; l < WM_GFP__LAYOUTS; l++) {
		expect_decode((enum wm_gfp_layout)l, atomic[l], "GFP_ATOMIC");
		expect_decode((enum wm_gfp_layout)l, kernel[l], "GFP_KERNEL");
	}
	expect_decode(WM_GFP_L1, 0x2000000, "GFP_NOWAIT");
	expect_decode(WM_GFP_L3, 0x400000, "GFP_NOWAIT");
	expect_decode(WM_GFP_L5, 0x800, "GFP_NOWAIT");
	/* the seed value read with the wrong layouts (spec §6.4) */
	expect_decode(WM_GFP_L4, 0x480020,
		      "__GFP_HIGH|__GFP_NOMEMALLOC|__GFP_ACCOUNT");
	expect_decode(WM_GFP_L5, 0x480020,
		      "__GFP_HIGH|__GFP_NOMEMALLOC|__GFP_ACCOUNT");
	expect_decode(WM_GFP_L1, 0x480020,
		      "__GFP_HIGH|__GFP_ATOMIC|__GFP_DIRECT_RECLAIM");
}

/* What the kernels of the samples printed, from their masks. */
static void test_matches_kernel_names(void **state)
{
	(void)state;
	expect_decode(WM_GFP_L1, 0x2084120, "GFP_ATOMIC|__GFP_COLD|__GFP_COMP");
	expect_decode(WM_GFP_L2, 0x14210d2,
		      "GFP_HIGHUSER|__GFP_NORETRY|__GFP_RECLAIMABLE");
	expect_decode(WM_GFP_L3, 0x480020, "GFP_ATOMIC");
	expect_decode(WM_GFP_L4, 0x40cc0, "GFP_KERNEL|__GFP_COMP");
	expect_decode(WM_GFP_L4, 0x800, "GFP_NOWAIT");
	expect_decode(WM_GFP_L4, 0x900, "GFP_NOWAIT|__GFP_ZERO");
	expect_decode(WM_GFP_L4, 0xa20, "GFP_ATOMIC");
	expect_decode(WM_GFP_L5, 0x820, "GFP_ATOMIC");
	expect_decode(WM_GFP_L5, 0xc0d60,
		      "GFP_NOFS|__GFP_HIGH|__GFP_ZERO|__GFP_COMP|"
		      "__GFP_NOMEMALLOC");
	expect_decode(WM_GFP_L5, 0xc0de0,
		      "GFP_KERNEL|__GFP_HIGH|__GFP_ZERO|__GFP_COMP|"
		      "__GFP_NOMEMALLOC");
	/* old layout, spec §6.4 and the sample .src notes */
	expect_decode(WM_GFP_L0, 0x4020, "GFP_ATOMIC|__GFP_COMP");
	expect_decode(WM_GFP_L0, 0x204010, "__GFP_WAIT|__GFP_COMP|__GFP_NOTRACK");
}

static void test_decode_edges(void **state)
{
	char out[WM_GFP_NAMES_MAX], small[12];

	(void)state;
	assert_int_equal(wm_gfp_decode(0, WM_GFP_L5, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(wm_gfp_decode(0x80000820, WM_GFP_L5, out, sizeof(out)), 0);
	assert_string_equal(out, "GFP_ATOMIC|0x80000000");
	assert_int_equal(wm_gfp_decode(UINT64_MAX, WM_GFP_L5, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "0xffffffff"));
	expect_decode(WM_GFP_L5, 0xc00, "GFP_NOIO");
	expect_decode(WM_GFP_L1, 0x400000, "__GFP_DIRECT_RECLAIM");
	assert_int_equal(wm_gfp_decode(0x820, WM_GFP_LAYOUT_UNKNOWN, out,
				       sizeof(out)), -EINVAL);
	assert_string_equal(out, "");
	assert_int_equal(wm_gfp_decode(0x820, WM_GFP__LAYOUTS, out, sizeof(out)),
			 -EINVAL);
	assert_int_equal(wm_gfp_decode(0xc0d60, WM_GFP_L5, small, sizeof(small)),
			 -ENOSPC);
	assert_true(strlen(small) < sizeof(small));
	assert_int_equal(wm_gfp_decode(0x820, WM_GFP_L5, out, 0), -ENOSPC);
}

static void expect_names(const char *names, enum wm_tri atomic,
			 enum wm_tri nonblocking, enum wm_tri high)
{
	struct wm_gfp g;
	struct wm_span s = S(names);

	wm_gfp_set(&g, true, 0x1, &s, WM_GFP_LAYOUT_UNKNOWN);
	assert_true(g.have_names && g.names_printed);
	assert_string_equal(g.names, names);
	if (g.atomic != atomic || g.nonblocking != nonblocking || g.high != high)
		fail_msg("'%s': atomic %d nonblocking %d high %d", names,
			 g.atomic, g.nonblocking, g.high);
}

static void test_classify_names(void **state)
{
	(void)state;
	expect_names("GFP_ATOMIC", WM_TRI_TRUE, WM_TRI_TRUE, WM_TRI_TRUE);
	expect_names("GFP_ATOMIC|__GFP_COLD|__GFP_COMP", WM_TRI_TRUE,
		     WM_TRI_TRUE, WM_TRI_TRUE);
	expect_names("GFP_NOWAIT", WM_TRI_FALSE, WM_TRI_TRUE, WM_TRI_FALSE);
	expect_names("GFP_NOWAIT|__GFP_ZERO", WM_TRI_FALSE, WM_TRI_TRUE,
		     WM_TRI_FALSE);
	expect_names("GFP_NOWAIT|__GFP_HIGH", WM_TRI_TRUE, WM_TRI_TRUE,
		     WM_TRI_TRUE);
	expect_names("GFP_KERNEL|__GFP_COMP", WM_TRI_FALSE, WM_TRI_FALSE,
		     WM_TRI_FALSE);
	expect_names("GFP_HIGHUSER|__GFP_NORETRY|__GFP_RECLAIMABLE",
		     WM_TRI_FALSE, WM_TRI_FALSE, WM_TRI_FALSE);
	/* high but blocking: may dip to 50% of min, yet not atomic */
	expect_names("GFP_NOFS|__GFP_HIGH|__GFP_ZERO|__GFP_COMP|"
		     "__GFP_NOMEMALLOC", WM_TRI_FALSE, WM_TRI_FALSE, WM_TRI_TRUE);
	expect_names("GFP_ATOMIC|__GFP_DIRECT_RECLAIM", WM_TRI_FALSE,
		     WM_TRI_FALSE, WM_TRI_TRUE);
	/* mode:0x0(): nothing set */
	expect_names("", WM_TRI_FALSE, WM_TRI_TRUE, WM_TRI_FALSE);
	/* leftover hex bits never hide HIGH or DIRECT_RECLAIM */
	expect_names("GFP_ATOMIC|0x4000000", WM_TRI_TRUE, WM_TRI_TRUE,
		     WM_TRI_TRUE);
	/* a name this table does not know: only sure facts survive */
	expect_names("__GFP_FUTURE", WM_TRI_UNKNOWN, WM_TRI_UNKNOWN,
		     WM_TRI_UNKNOWN);
	expect_names("GFP_ATOMIC|__GFP_FUTURE", WM_TRI_TRUE, WM_TRI_UNKNOWN,
		     WM_TRI_TRUE);
	expect_names("GFP_KERNEL|__GFP_FUTURE", WM_TRI_FALSE, WM_TRI_FALSE,
		     WM_TRI_UNKNOWN);
}

static void expect_mask(uint64_t mask, enum wm_gfp_layout l, enum wm_tri atomic,
			const char *names)
{
	struct wm_gfp g;

	wm_gfp_set(&g, true, mask, NULL, l);
	assert_true(g.have_mask);
	assert_false(g.names_printed);
	assert_int_equal(g.atomic, atomic);
	if (names) {
		assert_true(g.have_names);
		assert_string_equal(g.names, names);
	} else {
		assert_false(g.have_names);
		assert_string_equal(g.names, "");
	}
}

static void test_classify_mask(void **state)
{
	struct wm_gfp g;
	struct wm_span fake = S("GFP_NOWAIT");

	(void)state;
	expect_mask(0x20, WM_GFP_L0, WM_TRI_TRUE, "GFP_ATOMIC");
	expect_mask(0x4020, WM_GFP_L0, WM_TRI_TRUE, "GFP_ATOMIC|__GFP_COMP");
	expect_mask(0x0, WM_GFP_L0, WM_TRI_FALSE, "");
	expect_mask(0xd0, WM_GFP_L0, WM_TRI_FALSE, "GFP_KERNEL");
	expect_mask(0x204010, WM_GFP_L0, WM_TRI_FALSE,
		    "__GFP_WAIT|__GFP_COMP|__GFP_NOTRACK");
	expect_mask(0x2080020, WM_GFP_L1, WM_TRI_TRUE, "GFP_ATOMIC");
	expect_mask(0x800, WM_GFP_L5, WM_TRI_FALSE, "GFP_NOWAIT");
	expect_mask(0x820, WM_GFP_L5, WM_TRI_TRUE, "GFP_ATOMIC");
	/* no generation known: the mask stays, nothing else is claimed */
	expect_mask(0x20, WM_GFP_LAYOUT_UNKNOWN, WM_TRI_UNKNOWN, NULL);
	wm_gfp_set(&g, true, 0x20, NULL, WM_GFP_LAYOUT_UNKNOWN);
	assert_int_equal(g.nonblocking, WM_TRI_UNKNOWN);
	assert_int_equal(g.high, WM_TRI_UNKNOWN);
	/* no mask at all */
	wm_gfp_set(&g, false, 0, NULL, WM_GFP_L5);
	assert_false(g.have_mask);
	assert_false(g.have_names);
	assert_int_equal(g.atomic, WM_TRI_UNKNOWN);
	/* printed names win over the layout's reading of the mask */
	wm_gfp_set(&g, true, 0x480020, &fake, WM_GFP_L4);
	assert_string_equal(g.names, "GFP_NOWAIT");
	assert_int_equal(g.atomic, WM_TRI_FALSE);
	assert_string_equal(wm_tri_name(WM_TRI_TRUE), "yes");
	assert_string_equal(wm_tri_name(WM_TRI_FALSE), "no");
	assert_string_equal(wm_tri_name(WM_TRI_UNKNOWN), "unknown");
	assert_string_equal(wm_gfp_layout_name(WM_GFP_L3), "L3");
	assert_string_equal(wm_gfp_layout_name(WM_GFP_LAYOUT_UNKNOWN), "unknown");
}

/* A list longer than the record holds is cut; never overruns. */
static void test_long_names(void **state)
{
	char names[2000];
	struct wm_span s;
	struct wm_gfp g;
	size_t i;

	(void)state;
	for (i = 0; i + 11 < sizeof(names); i += 11)
		memcpy(names + i, "__GFP_ZERO|", 11);
	names[i] = '\0';
	s = S(names);
	wm_gfp_set(&g, true, 0x100, &s, WM_GFP_L5);
	assert_int_equal(strlen(g.names), WM_GFP_NAMES_MAX - 1);
	assert_int_equal(g.atomic, WM_TRI_FALSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_for),
		cmocka_unit_test(test_layout_for_release),
		cmocka_unit_test(test_table_values),
		cmocka_unit_test(test_matches_kernel_names),
		cmocka_unit_test(test_decode_edges),
		cmocka_unit_test(test_classify_names),
		cmocka_unit_test(test_classify_mask),
		cmocka_unit_test(test_long_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
