// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lib/model against real zoneinfo: every sample below is a real capture
 * (tests/fixtures/samples/, each with its .src) parsed by wm_zoneinfo_parse;
 * every expected number is printed by that kernel or worked by hand from
 * spec §1-§3 in the comment next to it.
 */
#include <errno.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "model.h"

#define U WM_UNKNOWN

/* A real sample and the sysctls it was captured with (spec §1-§2). */
struct sample {
	const char *file;
	uint64_t mfk, wsf;
	unsigned major, minor;
	enum wm_check_result result;
	enum wm_model_variant variant;
};

enum { LOCAL618, LAB61, RHEL418, DEB510, UBUNTU32, ARM44, ANDROID34, NUMA2615,
       EMB2616 };

static const struct sample samples[] = {
	/* spec §2.6; 67584 = khugepaged's 11 * 512 * 3 pages */
	[LOCAL618] = { "samples/local/linux-6.18.44-fc-v857.zoneinfo", 67584, 10,
		       6, 18, WM_CHECK_OK, WM_VARIANT_6_5 },
	/* spec §2.5 step 6: the lab's setting */
	[LAB61] = { "samples/lab-6.1/6.1.192-debian-qemu-256M.zoneinfo", 1611, 10,
		    6, 1, WM_CHECK_STALE, WM_VARIANT_4_6 },
	[RHEL418] = { "samples/zoneinfo/rhel8-4.18.0-80-x86_64-sosreport.zoneinfo",
		      67584, 10, 4, 18, WM_CHECK_STALE, WM_VARIANT_4_6 },
	/* 45056 = 11 * 512 * 2 pages: two lowmem zones */
	[DEB510] = { "samples/zoneinfo/debian11-5.10.84-x86_64-2cpu.zoneinfo",
		     45056, 10, 5, 10, WM_CHECK_STALE, WM_VARIANT_4_6 },
	[UBUNTU32] = { "samples/zoneinfo/ubuntu-3.2.0-58-x86_64.zoneinfo", 67584,
		       U, 3, 2, WM_CHECK_OK, WM_VARIANT_PRE_4_6 },
	/* the kernel defaults: int_sqrt(lowmem_kb * 16), see the tests below */
	[ARM44] = { "samples/zoneinfo/arm-4.4.0-xilinx-cma.zoneinfo", 2009, U, 4,
		    4, WM_CHECK_OK, WM_VARIANT_PRE_4_6 },
	[ANDROID34] = { "samples/zoneinfo/android-3.4.5-highmem.zoneinfo", 2787, U,
			3, 4, WM_CHECK_OK, WM_VARIANT_PRE_4_6 },
	[NUMA2615] = { "samples/zoneinfo/2.6.15-rc2-numa-2node-lkml.zoneinfo",
		       11387, U, 2, 6, WM_CHECK_OK, WM_VARIANT_PRE_4_6 },
	[EMB2616] = { "samples/zoneinfo/2.6.16-embedded.zoneinfo", 724, U, 2, 6,
		      WM_CHECK_OK, WM_VARIANT_PRE_4_6 },
};

static struct wm_zoneinfo g_zi;
static struct wm_model_input g_in;
static struct wm_model_wmark g_out[WM_MAX_ZONES];

static struct wm_model_input *load(unsigned which)
{
	const struct sample *s = &samples[which];
	struct wm_buf b = { 0 };
	struct wm_parse_error err;
	struct wm_kver k = { s->major, s->minor, 0 };

	wm_test_load(&b, s->file);
	assert_int_equal(wm_zoneinfo_parse(b.data, b.len, &g_zi, &err), 0);
	wm_buf_free(&b);
	assert_int_equal(wm_model_input_init(&g_in, &g_zi, s->mfk, s->wsf, 4096,
					     &k), 0);
	return &g_in;
}

static void assert_wm(const struct wm_model_wmark *w, uint64_t min,
		      uint64_t low, uint64_t high, uint64_t promo)
{
	assert_int_equal(w->min, min);
	assert_int_equal(w->low, low);
	assert_int_equal(w->high, high);
	assert_true(w->promo == promo);
}

static struct wm_model_check check(const struct wm_model_input *in)
{
	struct wm_model_check c;

	assert_int_equal(wm_model_self_check(in, &c), 0);
	return c;
}

static enum wm_check_result result(const struct wm_model_input *in)
{
	return check(in).result;
}

/* zone z of the input: add d to its min, low, high and promo */
static void shift(struct wm_model_input *in, unsigned z, uint64_t d)
{
	in->zones[z].min += d;
	in->zones[z].low += d;
	in->zones[z].high += d;
	in->zones[z].promo += d;
}

static void test_every_sample(void **state)
{
	unsigned i, j, big;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(samples); i++) {
		struct wm_model_input *in = load(i);
		struct wm_model_check c = check(in);

		if (c.result != samples[i].result ||
		    c.variant != samples[i].variant)
			fail_msg("%s: %s/%s (%s)", samples[i].file,
				 wm_check_result_name(c.result),
				 wm_model_variant_name(c.variant), c.why);
		/* one page more in the largest zone's low: never accepted */
		for (j = big = 0; j < in->nr_zones; j++)
			if (in->zones[j].managed > in->zones[big].managed)
				big = j;
		in->zones[big].low += 1;
		if (result(in) != WM_CHECK_UNKNOWN)
			fail_msg("%s: edited low accepted", samples[i].file);
	}
}

static void test_worked_example_618(void **state)
{
	struct wm_model_input *in = load(LOCAL618);
	unsigned i;

	(void)state;
	assert_int_equal(in->nr_zones, 5);
	assert_int_equal(wm_model_lowmem_pages(WM_VARIANT_6_5, in), 1530311);
	assert_int_equal(wm_model_compute(WM_VARIANT_6_5, in, 67584, 10, g_out), 0);
	assert_wm(&g_out[0], 42, 52, 62, 72);
	assert_wm(&g_out[1], 8532, 10665, 12798, 14931);
	assert_wm(&g_out[2], 8321, 10401, 12481, 14561);
	assert_wm(&g_out[3], 32, 32, 32, 32); /* empty Movable, capped */
	assert_wm(&g_out[4], 0, 0, 0, 0);
	for (i = 0; i < 5; i++) /* and digit for digit what the kernel printed */
		assert_wm(&g_out[i], in->zones[i].min, in->zones[i].low,
			  in->zones[i].high, in->zones[i].promo);
	assert_string_equal(wm_model_variant_name(check(in).variant), "6.5");
	/* the 4.6 rule counts empty Movable as lowmem: min 0, not 32 */
	assert_int_equal(wm_model_compute(WM_VARIANT_4_6, in, 67584, 10, g_out), 0);
	assert_wm(&g_out[3], 0, 0, 0, 0);
	/* pre-4.6: DMA high = 42 + 42/2 = 63, and no promo */
	assert_int_equal(wm_model_compute(WM_VARIANT_PRE_4_6, in, 67584, U, g_out), 0);
	assert_wm(&g_out[0], 42, 52, 63, U);
	/* the version is a hint only: a 5.10 hint still finds 6.5 */
	in->kver = (struct wm_kver){ 5, 10, 0 };
	assert_int_equal(check(in).variant, WM_VARIANT_6_5);
	/* doubling min_free_kbytes: pages_min 33792 */
	assert_int_equal(wm_model_compute(WM_VARIANT_6_5, in, 135168, 10, g_out), 0);
	assert_wm(&g_out[0], 84, 105, 126, 147);
	assert_wm(&g_out[1], 17064, 21330, 25596, 29862);
	assert_wm(&g_out[2], 16642, 20802, 24962, 29122);
	/* wsf 100: DMA32 gap = 772807 * 100 / 10000 = 7728 > 8532/4 */
	assert_int_equal(wm_model_compute(WM_VARIANT_6_5, in, 67584, 100, g_out), 0);
	assert_wm(&g_out[0], 42, 80, 118, 156);
	assert_wm(&g_out[1], 8532, 16260, 23988, 31716);
	assert_wm(&g_out[2], 8321, 15857, 23393, 30929);
}

static void test_edited_unknown(void **state)
{
	struct wm_model_input *in;
	struct wm_model_check c;

	(void)state;
	in = load(LOCAL618);
	in->zones[1].low = 10666; /* DMA32 low, one page more */
	c = check(in);
	assert_int_equal(c.result, WM_CHECK_UNKNOWN);
	assert_int_equal(c.zone, 1);
	assert_non_null(strstr(c.why, "node 0 DMA32: printed min/low/high "
				      "8532/10666/12798, the 6.5 arithmetic "
				      "gives 8532/10665/12798"));
	in = load(LOCAL618);
	in->zones[0].min = 43; /* DMA min, one page more */
	c = check(in);
	assert_int_equal(c.result, WM_CHECK_UNKNOWN);
	assert_int_equal(c.zone, 0);
	in = load(LOCAL618);
	in->zones[4].promo = 1; /* Device promo */
	assert_int_equal(result(in), WM_CHECK_UNKNOWN);
	/* pages_min 16897 splits the same way: the kernel's result too */
	in = load(LOCAL618);
	in->min_free_kbytes = 67588;
	assert_int_equal(result(in), WM_CHECK_OK);
	/* 17000 does not, nor is 16895 a stale split of it */
	in->min_free_kbytes = 68000;
	assert_int_equal(result(in), WM_CHECK_UNKNOWN);
	in->min_free_kbytes = U;
	assert_int_equal(result(in), WM_CHECK_UNKNOWN);
}

static void test_boost(void **state)
{
	struct wm_model_input *in = load(LOCAL618);
	unsigned i;

	(void)state;
	/* a printed boost is subtracted */
	in->zones[1].boost = 500;
	shift(in, 1, 500);
	assert_int_equal(result(in), WM_CHECK_OK);
	/* boost not printed (5.0 - 5.10): a uniform shift is accepted */
	for (i = 0; i < 5; i++)
		in->zones[i].boost = U;
	assert_int_equal(result(in), WM_CHECK_OK);
	/* but not a shift of all but low */
	in->zones[1].low -= 500;
	assert_int_equal(result(in), WM_CHECK_UNKNOWN);
	/* a printed boost of 0 with a shifted zone is not a boost */
	in = load(LOCAL618);
	shift(in, 2, 7);
	assert_int_equal(result(in), WM_CHECK_UNKNOWN);
}

static void test_pre_4_6(void **state)
{
	struct wm_model_input *in = load(UBUNTU32);

	(void)state;
	/* 3.2 has no managed line: present is what the kernel used */
	assert_int_equal(in->zones[1].managed, 828852);
	assert_int_equal(wm_model_compute(WM_VARIANT_PRE_4_6, in, 67584, U, g_out), 0);
	/* 6829 + 6829/4 = 8536, 6829 + 6829/2 = 10243 */
	assert_wm(&g_out[1], 6829, 8536, 10243, U);
	assert_wm(&g_out[2], 10033, 12541, 15049, U);
	assert_int_equal(wm_model_compute(WM_VARIANT_4_6, in, 67584, U, g_out),
			 -EINVAL);
	/* 33792 * 828852 / 2050416 = 13659 */
	assert_int_equal(wm_model_compute(WM_VARIANT_PRE_4_6, in, 135168, U, g_out), 0);
	assert_wm(&g_out[1], 13659, 17073, 20488, U);

	/* by structure: with a wsf and a 4.18 hint, high 753 = 502 + 502/2
	 * (not 502 + 2 * 125) can only be the pre-4.6 arithmetic */
	in = load(ARM44);
	in->watermark_scale_factor = 10;
	in->kver = (struct wm_kver){ 4, 18, 0 };
	assert_int_equal(check(in).variant, WM_VARIANT_PRE_4_6);
	assert_int_equal(wm_model_compute(WM_VARIANT_4_6, in, 2009, 10, g_out), 0);
	assert_wm(&g_out[0], 502, 627, 752, 877);
}

static void test_stale(void **state)
{
	struct wm_model_input *in;
	struct wm_model_check c;

	(void)state;
	/* Normal 8684/10855/13026: the 4.6 shape (gap 2171 = 8684/4), but
	 * today's managed counts split pages_min 16896 as 32/8237/8625, the
	 * printed mins 33/8178/8684: both sum to 16895 */
	in = load(RHEL418);
	c = check(in);
	assert_int_equal(wm_model_compute(c.variant, in, 67584, 10, g_out), 0);
	assert_wm(&g_out[0], 32, 40, 48, 56);
	assert_wm(&g_out[1], 8237, 10296, 12355, 14414);
	assert_wm(&g_out[2], 8625, 10781, 12937, 15093);
	assert_wm(&g_out[3], 0, 0, 0, 0);
	/* lab 6.1: printed 38 and 363, today's counts give 35 and 366 */
	in = load(LAB61);
	c = check(in);
	assert_non_null(strstr(c.why, "older managed"));
	assert_int_equal(wm_model_compute(c.variant, in, 1611, 10, g_out), 0);
	assert_wm(&g_out[0], 35, 43, 51, 59);
	assert_wm(&g_out[1], 366, 457, 548, 639);
	/* Debian 5.10: 89/11174 printed, 88/11175 computed */
	in = load(DEB510);
	assert_int_equal(wm_model_compute(WM_VARIANT_4_6, in, 45056, 10, g_out), 0);
	assert_wm(&g_out[0], 88, 110, 132, 154);
	assert_wm(&g_out[1], 11175, 13968, 16761, 19554);
	/* one more page moved between the zones is still stale ... */
	in->zones[0].min = 90, in->zones[0].low = 112, in->zones[0].high = 134;
	in->zones[1].min = 11173, in->zones[1].low = 13966;
	in->zones[1].high = 16759;
	assert_int_equal(result(in), WM_CHECK_STALE);
	/* ... but 89 + 11173 = 11262, two pages short of pages_min 11264,
	 * is more than one page of rounding per zone can lose */
	in->zones[0].min = 89, in->zones[0].low = 111, in->zones[0].high = 133;
	assert_int_equal(result(in), WM_CHECK_UNKNOWN);
}

static void test_highmem_and_numa(void **state)
{
	struct wm_model_input *in = load(ANDROID34);

	(void)state;
	/* the default from lowmem (Normal only): int_sqrt(121412*4*16) */
	assert_int_equal(wm_model_default_min_free_kbytes(
		wm_model_free_buffer_pages(in, false) * 4, WM_MFK_CLAMP_65536), 2787);
	assert_int_equal(wm_model_compute(WM_VARIANT_PRE_4_6, in, 2787, U, g_out), 0);
	/* HighMem min 129238/1024 = 126; tmp = 696 * 129238 / 121412 = 740 */
	assert_wm(&g_out[1], 126, 126 + 185, 126 + 370, U);
	assert_wm(&g_out[0], 696, 870, 1044, U);
	/* node 1 first; pages_min is split across both nodes' lowmem */
	in = load(NUMA2615);
	assert_int_equal(in->zones[0].node, 1);
	assert_int_equal(wm_model_default_min_free_kbytes(
		wm_model_free_buffer_pages(in, false) * 4, WM_MFK_CLAMP_65536), 11387);
	in = load(ARM44);
	assert_int_equal(wm_model_default_min_free_kbytes(
		wm_model_free_buffer_pages(in, false) * 4, WM_MFK_CLAMP_65536), 2009);
	in = load(EMB2616);
	assert_int_equal(wm_model_default_min_free_kbytes(
		wm_model_free_buffer_pages(in, false) * 4, WM_MFK_CLAMP_65536), 724);
}

static void test_default_min_free_kbytes(void **state)
{
	/* the table in mm/page_alloc.c's comment (spec §1.1); its 8GB entry
	 * says 11584k, but int_sqrt(8388608 * 16) is 11585 (11585^2 =
	 * 134212225 <= 134217728) */
	static const uint64_t table[][2] = {
		{ 16, 512 },	{ 32, 724 },	 { 64, 1024 },	 { 128, 1448 },
		{ 256, 2048 },	{ 512, 2896 },	 { 1024, 4096 }, { 2048, 5792 },
		{ 4096, 8192 }, { 8192, 11585 }, { 16384, 16384 },
	};
	struct wm_kver k56 = { 5, 6, 0 }, k57 = { 5, 7, 0 }, k0 = { 0, 0, 0 };
	unsigned i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(table); i++)
		assert_int_equal(wm_model_default_min_free_kbytes(
					 table[i][0] * 1024, WM_MFK_CLAMP_262144),
				 table[i][1]);
	assert_int_equal(wm_model_default_min_free_kbytes(0, WM_MFK_CLAMP_262144), 128);
	assert_int_equal(wm_model_default_min_free_kbytes(1024, WM_MFK_CLAMP_262144), 128);
	/* 1 TiB of lowmem: 4 * sqrt(2^30) = 131072, above the old clamp */
	assert_int_equal(wm_model_default_min_free_kbytes((uint64_t)1 << 30,
							  WM_MFK_CLAMP_262144), 131072);
	assert_int_equal(wm_model_default_min_free_kbytes((uint64_t)1 << 30,
							  WM_MFK_CLAMP_65536), 65536);
	assert_int_equal(wm_model_default_min_free_kbytes(UINT64_MAX,
							  WM_MFK_CLAMP_262144), 262144);
	assert_int_equal(wm_model_int_sqrt(UINT64_MAX), 4294967295u);
	assert_int_equal(wm_model_int_sqrt(15), 3);
	assert_int_equal(wm_model_int_sqrt(16), 4);
	/* the 6.18 sample's 1530311 lowmem pages */
	assert_int_equal(wm_model_default_min_free_kbytes(1530311 * 4,
							  WM_MFK_CLAMP_262144), 9896);
	assert_int_equal(wm_model_mfk_clamp_for(&k56), WM_MFK_CLAMP_65536);
	assert_int_equal(wm_model_mfk_clamp_for(&k57), WM_MFK_CLAMP_262144);
	assert_int_equal(wm_model_mfk_clamp_for(&k0), WM_MFK_CLAMP_262144);
}

static void test_khugepaged(void **state)
{
	struct wm_model_input *in = load(LOCAL618);

	(void)state;
	assert_int_equal(wm_model_pageblock_order(4096), 9);
	assert_int_equal(wm_model_pageblock_order(65536), 13);
	assert_int_equal(wm_model_pageblock_order(8192), 0);
	assert_int_equal(wm_model_nr_lowmem_zones(in), 3);
	/* (3840 - 62) + (772807 - 12798) + (753664 - 12481) */
	assert_int_equal(wm_model_free_buffer_pages(in, true), 1504970);
	assert_int_equal(wm_model_free_buffer_pages(in, false), 1530311);
	/* 11 * 512 * 3 pages: exactly the 6.18 machine's min_free_kbytes */
	assert_int_equal(wm_model_khugepaged_min_free_kbytes(3, 9, 1504970, 4096),
			 67584);
	/* the 5% cap wins on a small machine: 100000 / 20 pages */
	assert_int_equal(wm_model_khugepaged_min_free_kbytes(3, 9, 100000, 4096),
			 20000);
	/* 64K pages: 11 * 8192 pages, or 5% of lowmem; in KiB */
	assert_int_equal(wm_model_khugepaged_min_free_kbytes(1, 13, 1 << 24, 65536),
			 (uint64_t)11 * 8192 * 64);
	assert_int_equal(wm_model_khugepaged_min_free_kbytes(1, 13, 1 << 20, 65536),
			 (uint64_t)((1 << 20) / 20) * 64);
	assert_int_equal(wm_model_khugepaged_min_free_kbytes(1, 9, 1, 3000), 0);
	/* Debian 5.10: two populated lowmem zones, 45056 */
	in = load(DEB510);
	assert_int_equal(wm_model_nr_lowmem_zones(in), 2);
	assert_int_equal(wm_model_khugepaged_min_free_kbytes(2, 9,
				 wm_model_free_buffer_pages(in, true), 4096), 45056);
}

static void test_lowmem_reserve(void **state)
{
	static const uint64_t ratios[] = { 256, 256, 32, 0, 0 };
	static uint64_t prot[WM_MAX_ZONES][WM_MAX_PROTECTION];
	struct wm_model_input *in = load(LOCAL618);
	unsigned i, j;

	(void)state;
	assert_int_equal(wm_model_lowmem_reserve(in, ratios, 5, prot), 0);
	/* DMA: (0, 772807/256, (772807+753664)/256, 5962, 5962) as printed */
	assert_int_equal(prot[0][1], 3018);
	assert_int_equal(prot[0][2], 5962);
	assert_int_equal(prot[0][4], 5962);
	assert_int_equal(in->zones[0].nr_protection, 5);
	for (i = 0; i < 5; i++)
		for (j = 0; j < in->zones[i].nr_protection; j++)
			assert_int_equal(prot[i][j], in->zones[i].protection[j]);
	/* two nodes: each node's own zones; an empty zone is cleared */
	memset(&g_in, 0, sizeof(g_in));
	g_in.nr_zones = 4;
	g_in.page_size = 4096;
	g_in.zones[0] = (struct wm_model_zone){ .node = 0, .type = WM_ZONE_DMA32,
						.managed = 1000 };
	g_in.zones[1] = (struct wm_model_zone){ .node = 0, .type = WM_ZONE_NORMAL,
						.managed = 2560 };
	g_in.zones[2] = (struct wm_model_zone){ .node = 1, .type = WM_ZONE_DMA32 };
	g_in.zones[3] = (struct wm_model_zone){ .node = 1, .type = WM_ZONE_NORMAL,
						.managed = 5120 };
	assert_int_equal(wm_model_lowmem_reserve(&g_in, ratios, 5, prot), 0);
	assert_int_equal(prot[0][1], 10);
	assert_int_equal(prot[2][1], 0);
}

static void test_reserve_and_available(void **state)
{
	struct wm_model_input *in = load(LOCAL618);
	struct wm_model_wmark cur[5];
	/* lab 6.1's meminfo in pages: MemFree 2928 kB, Active(file) 0 +
	 * Inactive(file) 134384 kB, KReclaimable 11268 kB */
	struct wm_model_mem lab = { 732, 33596, 2817 };
	struct wm_model_mem m = { 500000, 300000, 13581 };
	uint64_t tr_cur, tr_new;

	(void)state;
	wm_model_current(in, cur);
	/* DMA min(3840, 5962 + 62) + DMA32 2944 + 12798 + Normal 12481 */
	tr_cur = wm_model_totalreserve(in, cur);
	assert_int_equal(tr_cur, 3840 + 15742 + 12481);
	assert_int_equal(wm_model_sum_low(in, cur), 21150);
	assert_int_equal(wm_model_compute(WM_VARIANT_6_5, in, 135168, 10, g_out), 0);
	tr_new = wm_model_totalreserve(in, g_out);
	assert_int_equal(tr_new, 3840 + (2944 + 25596) + 24962);
	assert_int_equal(wm_model_sum_low(in, g_out), 42269);
	/* 500000 - 32063 + (300000 - 21150) + (13581 - 13581/2) */
	assert_int_equal(wm_model_mem_available(&m, tr_cur, 21150), 753578);
	assert_int_equal(wm_model_mem_available(&m, tr_new, 42269), 707180);
	m = (struct wm_model_mem){ 1000, 0, 0 };
	assert_int_equal(wm_model_mem_available(&m, tr_new, 42269), 0);
	in->zones[0].nr_protection = 0;
	assert_true(wm_model_totalreserve(in, cur) == U);

	/* the model gives exactly the lab's MemAvailable, 141612 kB:
	 * totalreserve DMA 143 + 56, DMA32 543; low marks 47 + 453 */
	in = load(LAB61);
	wm_model_current(in, cur);
	assert_int_equal(wm_model_totalreserve(in, cur), 742);
	assert_int_equal(wm_model_sum_low(in, cur), 500);
	assert_int_equal(wm_model_mem_available(&lab, 742, 500) * 4, 141612);
}

static void test_caps(void **state)
{
	struct wm_model_input *in = load(LOCAL618);
	uint64_t max;
	unsigned i;

	(void)state;
	/* free buffer pages 1504970 / 20 = 75248 pages */
	assert_int_equal(wm_model_lowmem_5pct_kbytes(in), 300992);
	/* DMA32 reaches a quarter first: pages_min 382578 gives
	 * 382578 * 772807 / 1530311 = 193201 = 772807 / 4 */
	max = wm_model_mfk_max_zone_share(WM_VARIANT_6_5, in, 1, 4);
	assert_int_equal(max, 1530315);
	assert_int_equal(wm_model_compute(WM_VARIANT_6_5, in, max, 10, g_out), 0);
	assert_int_equal(g_out[1].min, 772807 / 4);
	assert_int_equal(wm_model_compute(WM_VARIANT_6_5, in, max + 1, 10, g_out), 0);
	assert_true(g_out[1].min > 772807 / 4);
	assert_int_equal(wm_model_mfk_hard_max(WM_VARIANT_6_5, in), 300992);
	/* min above managed: predict's limit */
	max = wm_model_mfk_max_zone_share(WM_VARIANT_6_5, in, 1, 1);
	assert_int_equal(max, 6121251);
	assert_int_equal(wm_model_compute(WM_VARIANT_6_5, in, max, 10, g_out), 0);
	for (i = 0; i < 3; i++)
		assert_true(g_out[i].min <= in->zones[i].managed);
	assert_int_equal(wm_model_compute(WM_VARIANT_6_5, in, max + 1, 10, g_out), 0);
	assert_true(g_out[1].min > 772807);
	/* 1% of 1530311 pages of 4 KiB */
	assert_int_equal(wm_model_ram_share_kbytes(in, 100), 61212);
	/* DMA32's gap 2133 needs 772807 * w / 10000 >= 2134: w = 28 */
	assert_int_equal(wm_model_wsf_effective(WM_VARIANT_6_5, in, 67584), 28);
	assert_int_equal(wm_model_compute(WM_VARIANT_6_5, in, 67584, 27, g_out), 0);
	assert_int_equal(g_out[1].low - g_out[1].min, 2133);
	assert_int_equal(wm_model_compute(WM_VARIANT_6_5, in, 67584, 28, g_out), 0);
	assert_int_equal(g_out[1].low - g_out[1].min, 2163);
	assert_true(wm_model_wsf_effective(WM_VARIANT_PRE_4_6, in, 67584) == U);
	/* watermark_scale_factor's range: 3000 from 5.17 and 5.15.58 */
	assert_int_equal(wm_model_wsf_max(&(struct wm_kver){ 5, 16, 0 }), 1000);
	assert_int_equal(wm_model_wsf_max(&(struct wm_kver){ 5, 17, 0 }), 3000);
	assert_int_equal(wm_model_wsf_max(&(struct wm_kver){ 5, 15, 57 }), 1000);
	assert_int_equal(wm_model_wsf_max(&(struct wm_kver){ 5, 15, 58 }), 3000);
	assert_int_equal(wm_model_wsf_max(&(struct wm_kver){ 6, 18, 44 }), 3000);
	assert_int_equal(wm_model_wsf_max(NULL), 1000);
}

static void test_bad_input(void **state)
{
	struct wm_model_input *in = load(LOCAL618);
	struct wm_model_check c;

	(void)state;
	assert_int_equal(wm_model_kb_shift(4096), 2);
	assert_int_equal(wm_model_kb_shift(65536), 6);
	assert_int_equal(wm_model_kb_shift(3000), -EINVAL);
	assert_int_equal(wm_model_kb_shift(512), -EINVAL);
	assert_int_equal(wm_model_input_init(&g_in, &g_zi, 1, 1, 3000, NULL),
			 -EINVAL);
	in = load(LOCAL618);
	assert_int_equal(wm_model_compute(WM_VARIANT__COUNT, in, 1, 10, g_out),
			 -EINVAL);
	in->page_size = 3000;
	assert_int_equal(wm_model_compute(WM_VARIANT_6_5, in, 1, 10, g_out),
			 -EINVAL);
	assert_int_equal(wm_model_self_check(in, &c), -EINVAL);
	/* a product past 2^64 is refused, not wrapped */
	in = load(LOCAL618);
	in->zones[1].managed = UINT64_MAX / 2;
	assert_int_equal(wm_model_compute(WM_VARIANT_6_5, in, 67584, 10, g_out),
			 -EOVERFLOW);
	/* HighMem alone: no lowmem to divide by */
	memset(&g_in, 0, sizeof(g_in));
	g_in.nr_zones = 1;
	g_in.page_size = 4096;
	g_in.min_free_kbytes = 1024;
	g_in.watermark_scale_factor = U;
	g_in.zones[0] = (struct wm_model_zone){ .type = WM_ZONE_HIGHMEM,
		.managed = 4096, .present = 4096, .min = 32, .low = 40,
		.high = 48, .promo = U, .boost = U };
	assert_int_equal(wm_model_compute(WM_VARIANT_PRE_4_6, &g_in, 1024, U, g_out),
			 -EDOM);
	assert_int_equal(result(&g_in), WM_CHECK_UNKNOWN);
	assert_null(wm_model_variant_name(WM_VARIANT__COUNT));
	assert_string_equal(wm_check_result_name(WM_CHECK_STALE), "stale");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_sample),
		cmocka_unit_test(test_worked_example_618),
		cmocka_unit_test(test_edited_unknown),
		cmocka_unit_test(test_boost),
		cmocka_unit_test(test_pre_4_6),
		cmocka_unit_test(test_stale),
		cmocka_unit_test(test_highmem_and_numa),
		cmocka_unit_test(test_default_min_free_kbytes),
		cmocka_unit_test(test_khugepaged),
		cmocka_unit_test(test_lowmem_reserve),
		cmocka_unit_test(test_reserve_and_available),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
