// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/zoneinfo on every real sample (values read by hand from the
 * files under tests/fixtures/samples) and on broken input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "zoneinfo.h"
#include "zoneinfo_samples.h"

#define U WM_UNKNOWN

/* 90 KB each: not on the stack. */
static struct wm_zoneinfo zi, zi2;
static struct wm_parse_error perr;

static int parse_str(const char *s, struct wm_zoneinfo *out)
{
	memset(&perr, 0, sizeof(perr));
	return wm_zoneinfo_parse(s, strlen(s), out, &perr);
}

static void load_parse(const char *rel, struct wm_zoneinfo *out)
{
	struct wm_buf b = { 0 };

	wm_test_load(&b, rel);
	memset(&perr, 0, sizeof(perr));
	if (wm_zoneinfo_parse(b.data, b.len, out, &perr) != 0)
		fail_msg("%s:%lu: %s", rel, perr.line, perr.msg);
	wm_buf_free(&b);
}

struct want {
	unsigned node;
	enum wm_zone_type type;
	uint64_t free, boost, min, low, high, promo, spanned, present,
		managed, cma;
	unsigned nr_prot;
	uint64_t prot[6];
};

static void check_zone(const struct wm_zone *z, const struct want *w)
{
	unsigned i;

	assert_int_equal(z->node, w->node);
	assert_int_equal(z->type, w->type);
	assert_string_equal(z->name, wm_zone_type_name(w->type));
	assert_true(z->free == w->free);
	assert_true(z->boost == w->boost);
	assert_true(z->min == w->min);
	assert_true(z->low == w->low);
	assert_true(z->high == w->high);
	assert_true(z->promo == w->promo);
	assert_true(z->spanned == w->spanned);
	assert_true(z->present == w->present);
	assert_true(z->managed == w->managed);
	assert_true(z->cma == w->cma);
	assert_int_equal(z->nr_protection, w->nr_prot);
	for (i = 0; i < w->nr_prot; i++)
		assert_true(z->protection[i] == w->prot[i]);
}

static void test_local_6_18(void **state)
{
	static const struct want w[] = {
		{ 0, WM_ZONE_DMA, 3840, 0, 42, 52, 62, 72, 4095, 3998, 3840, 0,
		  5, { 0, 3018, 5962, 5962, 5962 } },
		{ 0, WM_ZONE_DMA32, 772807, 0, 8532, 10665, 12798, 14931,
		  1044480, 782336, 772807, 0, 5, { 0, 0, 2944, 2944, 2944 } },
		{ 0, WM_ZONE_NORMAL, 149925, 0, 8321, 10401, 12481, 14561,
		  5505024, 5505024, 753664, 0, 5, { 0 } },
		{ 0, WM_ZONE_MOVABLE, 0, 0, 32, 32, 32, 32, 0, 0, 0, 0, 5, { 0 } },
		{ 0, WM_ZONE_DEVICE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, { 0 } },
	};
	unsigned i;

	(void)state;
	load_parse("samples/local/linux-6.18.44-fc-v857.zoneinfo", &zi);
	assert_int_equal(zi.nr_zones, 5);
	assert_int_equal(zi.nr_nodes, 1);
	for (i = 0; i < 5; i++)
		check_zone(&zi.zones[i], &w[i]);
	assert_true(wm_zone_managed(&zi.zones[1]) == 772807);
}

static void test_lab_6_1(void **state)
{
	static const struct want w[] = {
		{ 0, WM_ZONE_DMA, 156, 0, 38, 47, 56, U, 4095, 3998, 3840, 0, 5,
		  { 0, 143, 143, 143, 143 } },
		{ 0, WM_ZONE_DMA32, 576, 0, 363, 453, 543, U, 61402, 61402,
		  39121, 0, 5, { 0 } },
		{ 0, WM_ZONE_NORMAL, 0, 0, 0, 0, 0, U, 0, 0, 0, 0, 5, { 0 } },
		{ 0, WM_ZONE_MOVABLE, 0, 0, 0, 0, 0, U, 0, 0, 0, 0, 5, { 0 } },
		{ 0, WM_ZONE_DEVICE, 0, 0, 0, 0, 0, U, 0, 0, 0, 0, 5, { 0 } },
	};
	unsigned i;

	(void)state;
	load_parse("samples/lab-6.1/6.1.192-debian-qemu-256M.zoneinfo", &zi);
	assert_int_equal(zi.nr_zones, 5);
	for (i = 0; i < 5; i++)
		check_zone(&zi.zones[i], &w[i]);
}

static void test_numa_2_6_15(void **state)
{
	/* Node 1 first; pageset "high:  384" must not become the zone's high */
	static const struct want w[] = {
		{ 1, WM_ZONE_NORMAL, 1809, U, 1423, 1778, 2134, U, 1048576,
		  1013647, U, U, 4, { 0, 0, 0, 0 } },
		{ 0, WM_ZONE_DMA, 2855, U, 3, 3, 4, U, 4096, 2761, U, U, 4,
		  { 0, 3944, 3944, 3944 } },
		{ 0, WM_ZONE_DMA32, 2912, U, 1418, 1772, 2127, U, 1044480,
		  1009704, U, U, 4, { 0 } },
	};
	unsigned i;

	(void)state;
	load_parse("samples/zoneinfo/2.6.15-rc2-numa-2node-lkml.zoneinfo", &zi);
	assert_int_equal(zi.nr_zones, 3);
	assert_int_equal(zi.nr_nodes, 2);
	for (i = 0; i < 3; i++)
		check_zone(&zi.zones[i], &w[i]);
	/* no "managed" before 3.8: present stands in */
	assert_true(wm_zone_managed(&zi.zones[1]) == 2761);
}

static void test_2_6_16(void **state)
{
	static const struct want w = { 0, WM_ZONE_DMA, 5410, U, 181, 226, 271,
				       U, 8192, 8192, U, U, 4, { 0 } };

	(void)state;
	load_parse("samples/zoneinfo/2.6.16-embedded.zoneinfo", &zi);
	assert_int_equal(zi.nr_zones, 1);
	check_zone(&zi.zones[0], &w);
}

static void test_ubuntu_3_2(void **state)
{
	/* protection comes after the zone counters here */
	static const struct want w[] = {
		{ 0, WM_ZONE_DMA, 3960, U, 32, 40, 48, U, 4080, 3900, U, U, 4,
		  { 0, 3237, 7994, 7994 } },
		{ 0, WM_ZONE_DMA32, 823795, U, 6829, 8536, 10243, U, 1044480,
		  828852, U, U, 4, { 0, 0, 4756, 4756 } },
		{ 0, WM_ZONE_NORMAL, 607278, U, 10033, 12541, 15049, U, 1236992,
		  1217664, U, U, 4, { 0 } },
	};
	unsigned i;

	(void)state;
	load_parse("samples/zoneinfo/ubuntu-3.2.0-58-x86_64.zoneinfo", &zi);
	assert_int_equal(zi.nr_zones, 3);
	for (i = 0; i < 3; i++)
		check_zone(&zi.zones[i], &w[i]);
}

static void test_android_highmem(void **state)
{
	static const struct want w[] = {
		{ 0, WM_ZONE_NORMAL, 38277, U, 696, 870, 1044, U, 122368, 121412,
		  U, U, 3, { 0, 4038, 4038 } },
		{ 0, WM_ZONE_HIGHMEM, 13452, U, 126, 311, 496, U, 136448, 129238,
		  U, U, 3, { 0, 0, 0 } },
	};

	(void)state;
	load_parse("samples/zoneinfo/android-3.4.5-highmem.zoneinfo", &zi);
	assert_int_equal(zi.nr_zones, 2);
	check_zone(&zi.zones[0], &w[0]);
	check_zone(&zi.zones[1], &w[1]);
	assert_false(wm_zone_is_highmem(&zi.zones[0]));
	assert_true(wm_zone_is_highmem(&zi.zones[1]));
}

static void test_arm_cma(void **state)
{
	/* only nr_free_cma, no "cma" line: cma stays unknown */
	static const struct want w = { 0, WM_ZONE_NORMAL, 34683, U, 502, 627,
				       753, U, 65536, 65536, 63077, U, 3,
				       { 0, 0, 0 } };

	(void)state;
	load_parse("samples/zoneinfo/arm-4.4.0-xilinx-cma.zoneinfo", &zi);
	assert_int_equal(zi.nr_zones, 1);
	check_zone(&zi.zones[0], &w);
}

static void test_rhel8(void **state)
{
	static const struct want w[] = {
		{ 0, WM_ZONE_DMA, 3975, U, 33, 41, 49, U, 4095, 3999, 3977, U, 5,
		  { 0, 3828, 7894, 7894, 7894 } },
		{ 0, WM_ZONE_DMA32, 122008, U, 8178, 10222, 12266, U, 1044480,
		  1011520, 995127, U, 5, { 0, 0, 4065, 4065, 4065 } },
		{ 0, WM_ZONE_NORMAL, 10852, U, 8684, 10855, 13026, U, 1081344,
		  1081344, 1042033, U, 5, { 0 } },
		{ 0, WM_ZONE_MOVABLE, 0, U, 0, 0, 0, U, 0, 0, 0, U, 5, { 0 } },
		{ 0, WM_ZONE_DEVICE, 0, U, 0, 0, 0, U, 0, 0, 0, U, 5, { 0 } },
	};
	unsigned i;

	(void)state;
	load_parse("samples/zoneinfo/rhel8-4.18.0-80-x86_64-sosreport.zoneinfo",
		   &zi);
	assert_int_equal(zi.nr_zones, 5);
	for (i = 0; i < 5; i++)
		check_zone(&zi.zones[i], &w[i]);
}

static void test_debian11(void **state)
{
	static const struct want w[] = {
		{ 0, WM_ZONE_DMA, 3977, U, 89, 111, 133, U, 4095, 3998, 3977, U,
		  5, { 0, 1932, 1932, 1932, 1932 } },
		{ 0, WM_ZONE_DMA32, 364327, U, 11174, 13967, 16760, U, 520157,
		  520157, 503582, U, 5, { 0 } },
	};

	(void)state;
	load_parse("samples/zoneinfo/debian11-5.10.84-x86_64-2cpu.zoneinfo",
		   &zi);
	assert_int_equal(zi.nr_zones, 5);
	check_zone(&zi.zones[0], &w[0]);
	check_zone(&zi.zones[1], &w[1]);
	assert_int_equal(zi.zones[2].type, WM_ZONE_NORMAL);
	assert_true(zi.zones[2].managed == 0);
}

static void test_zone_names(void **state)
{
	(void)state;
	assert_int_equal(wm_zone_type_from_name("DMA32", 5), WM_ZONE_DMA32);
	assert_int_equal(wm_zone_type_from_name("HighMem", 7), WM_ZONE_HIGHMEM);
	assert_int_equal(wm_zone_type_from_name("DMA32x", 6), -1);
	assert_int_equal(wm_zone_type_from_name("DMA", 2), -1);
	assert_string_equal(wm_zone_type_name(WM_ZONE_DEVICE), "Device");
	assert_string_equal(wm_zone_type_name((enum wm_zone_type)99), "?");
}

/* Each field of a prefix parse is the full parse's value, or unknown. */
static void check_subset(const struct wm_zoneinfo *part,
			 const struct wm_zoneinfo *full)
{
	unsigned i;

	assert_true(part->nr_zones <= full->nr_zones);
	for (i = 0; i < part->nr_zones; i++) {
		const struct wm_zone *p = &part->zones[i], *f = &full->zones[i];
		const uint64_t pv[] = { p->free, p->boost, p->promo, p->spanned,
					p->present, p->managed, p->cma };
		const uint64_t fv[] = { f->free, f->boost, f->promo, f->spanned,
					f->present, f->managed, f->cma };
		unsigned k;

		assert_int_equal(p->node, f->node);
		assert_int_equal(p->type, f->type);
		assert_true(p->min == f->min && p->low == f->low &&
			    p->high == f->high);
		for (k = 0; k < WM_ARRAY_SIZE(pv); k++)
			assert_true(pv[k] == fv[k] || pv[k] == WM_UNKNOWN);
		assert_true(p->nr_protection == f->nr_protection ||
			    p->nr_protection == 0);
	}
}

static void test_truncated(void **state)
{
	unsigned s;

	(void)state;
	for (s = 0; s < WM_ARRAY_SIZE(samples); s++) {
		struct wm_buf b = { 0 };
		size_t n;

		wm_test_load(&b, samples[s]);
		assert_int_equal(wm_zoneinfo_parse(b.data, b.len, &zi2, NULL),
				 0);
		for (n = 0; n < b.len; n++) {
			/* exact-size copy: ASan catches any read past n */
			char *p = malloc(n ? n : 1);
			int rc;

			assert_non_null(p);
			memcpy(p, b.data, n);
			rc = wm_zoneinfo_parse(p, n, &zi, &perr);
			free(p);
			if (rc == 0)
				check_subset(&zi, &zi2);
			else if (rc != -EPROTO && rc != -ENODATA)
				fail_msg("%s at %zu: rc %d", samples[s], n, rc);
		}
		wm_buf_free(&b);
	}
}

static void test_broken(void **state)
{
	static char big[100 * 1024 + 64];
	unsigned i;
	size_t n;
	uint32_t x = 12345;

	(void)state;
	assert_int_equal(parse_str("", &zi), -ENODATA);
	assert_int_equal(parse_str("\n\n  \n", &zi), -ENODATA);
	assert_int_equal(parse_str("garbage\nNode 0, zone DMA\n", &zi), -EPROTO);
	assert_int_equal(perr.line, 1);

	/* random bytes */
	for (i = 0; i < sizeof(big); i++) {
		x = x * 1103515245u + 12345u;
		big[i] = (char)(x >> 16);
	}
	assert_int_not_equal(wm_zoneinfo_parse(big, sizeof(big), &zi, &perr),
			     0);

	/* a 100 KB line inside a zone is just an unknown line */
	strcpy(big, "Node 0, zone DMA\n min 1\n low 2\n high 3\n ");
	n = strlen(big);
	memset(big + n, 'x', 100 * 1024);
	strcpy(big + n + 100 * 1024, "\n");
	assert_int_equal(parse_str(big, &zi), 0);
	assert_true(zi.zones[0].high == 3);
	/* ...as a zone name it is an unknown zone */
	strcpy(big, "Node 0, zone ");
	memset(big + 13, 'D', 100 * 1024);
	strcpy(big + 13 + 100 * 1024, "\n");
	assert_int_equal(parse_str(big, &zi), -EPROTO);
	/* ...and as a number it is out of range */
	strcpy(big, "Node 0, zone DMA\n min ");
	n = strlen(big);
	memset(big + n, '9', 100 * 1024);
	strcpy(big + n + 100 * 1024, "\n");
	assert_int_equal(parse_str(big, &zi), -ERANGE);
	assert_int_equal(perr.line, 2);
}

static void test_numbers(void **state)
{
	(void)state;
	assert_int_equal(parse_str("Node 0, zone DMA\n min 18446744073709551616\n"
				   " low 2\n high 3\n", &zi), -ERANGE);
	assert_int_equal(perr.line, 2);
	/* UINT64_MAX is how "unknown" is spelt: refused as a value */
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n"
				   " high 18446744073709551615\n", &zi), -ERANGE);
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n"
				   " high 18446744073709551614\n", &zi), 0);
	assert_true(zi.zones[0].high == UINT64_MAX - 1);
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n high 3\n"
				   " protection: (0, 99999999999999999999)\n",
				   &zi), -ERANGE);
	assert_int_equal(parse_str("Node 99999999999999999999, zone DMA\n", &zi),
			 -ERANGE);
	assert_int_equal(parse_str("Node 0, zone DMA\n min -1\n", &zi), -EPROTO);
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1 2\n", &zi), -EPROTO);
}

static void test_bounds(void **state)
{
	static char big[64 * 1024];
	size_t off = 0;
	unsigned n, t;

	(void)state;
	/* every node and zone type the bounds allow */
	for (n = 0; n < WM_MAX_NODES; n++)
		for (t = 0; t < WM_ZONE__COUNT; t++)
			off += (size_t)snprintf(big + off, sizeof(big) - off,
						"Node %u, zone %8s\n  pages free 1\n"
						"  min %u\n  low 2\n  high 3\n",
						n, wm_zone_type_name(t), n + t);
	assert_int_equal(wm_zoneinfo_parse(big, off, &zi, &perr), 0);
	assert_int_equal(zi.nr_zones, WM_MAX_NODES * WM_ZONE__COUNT);
	assert_int_equal(zi.nr_nodes, WM_MAX_NODES);
	assert_true(zi.zones[zi.nr_zones - 1].min ==
		    WM_MAX_NODES - 1 + WM_ZONE__COUNT - 1);
	/* one node more */
	off += (size_t)snprintf(big + off, sizeof(big) - off,
				"Node %u, zone Normal\n min 1\n low 2\n high 3\n",
				WM_MAX_NODES);
	assert_int_equal(wm_zoneinfo_parse(big, off, &zi, &perr), -E2BIG);
	assert_int_equal(perr.line, WM_MAX_NODES * WM_ZONE__COUNT * 5 + 1);
	/* a zone repeated in a node: the only way past 6 zones per node */
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n high 3\n"
				   "Node 0, zone DMA\n min 1\n low 2\n high 3\n",
				   &zi), -EPROTO);
	assert_int_equal(perr.line, 5);
	/* more protection entries than zone types */
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n high 3\n"
				   " protection: (0, 1, 2, 3, 4, 5, 6, 7, 8)\n",
				   &zi), -E2BIG);
}

static void test_structure(void **state)
{
	(void)state;
	assert_int_equal(parse_str("Node 0, zone Foo\n", &zi), -EPROTO);
	assert_int_equal(perr.line, 1);
	assert_non_null(strstr(perr.msg, "Foo"));
	assert_int_equal(parse_str("Node x, zone DMA\n", &zi), -EPROTO);
	assert_int_equal(parse_str("Node 0 zone DMA\n", &zi), -EPROTO);
	assert_int_equal(parse_str("Node 0, zone DMA extra\n", &zi), -EPROTO);
	/* missing watermark: error names the zone's header line */
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n"
				   "Node 0, zone Normal\n min 1\n low 2\n high 3\n",
				   &zi), -EPROTO);
	assert_int_equal(perr.line, 1);
	assert_non_null(strstr(perr.msg, "high"));
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n min 1\n", &zi),
			 -EPROTO);
	assert_int_equal(zi.nr_zones, 0);	/* no half-parsed zone */
	/* a last line without its newline may be cut: ignored */
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n high 3",
				   &zi), -EPROTO);
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n high 3\n"
				   " managed 77", &zi), 0);
	assert_true(zi.zones[0].managed == WM_UNKNOWN);
	/* per-node stats values are not the zone's */
	assert_int_equal(parse_str("Node 0, zone DMA\n  per-node stats\n"
				   "      min 999\n      high 999\n"
				   "  pages free 5\n  min 1\n  low 2\n  high 3\n",
				   &zi), 0);
	assert_true(zi.zones[0].min == 1 && zi.zones[0].high == 3 &&
		    zi.zones[0].free == 5);
	/* nothing after "pagesets" is the zone's, colon or not */
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n high 3\n"
				   "  pagesets\n    cpu: 0\n  high:  77\n  high 78\n"
				   "  min 79\n", &zi), 0);
	assert_true(zi.zones[0].high == 3 && zi.zones[0].min == 1);
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n high 3\n"
				   " protection: 0, 1\n", &zi), -EPROTO);
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n high 3\n"
				   " protection: ()\n", &zi), 0);
	assert_int_equal(zi.zones[0].nr_protection, 0);
}

static void test_nul_bytes(void **state)
{
	static const char in_value[] = "Node 0, zone DMA\n min 4\0002\n low 5\n"
				       " high 6\n";
	static const char in_name[] = "Node 0, zone DM\000A\n min 1\n";
	static const char in_other[] = "Node 0, zone DMA\n nr_\000x 1\n min 1\n"
				       " low 2\n high 3\n";

	(void)state;
	assert_int_equal(wm_zoneinfo_parse(in_value, sizeof(in_value) - 1, &zi,
					   &perr), -EPROTO);
	assert_int_equal(perr.line, 2);
	assert_int_equal(wm_zoneinfo_parse(in_name, sizeof(in_name) - 1, &zi,
					   &perr), -EPROTO);
	assert_int_equal(wm_zoneinfo_parse(in_other, sizeof(in_other) - 1, &zi,
					   &perr), 0);
	assert_true(zi.zones[0].low == 2);
}

/* Every key, however indented and separated, and nothing like a key. */
static void test_keys(void **state)
{
	static const char *const blanks[] = { "", " ", "\t", " \r ",
					      "        ", "\t\t\t\t\t\t\t\t\t",
					      "            " };
	char buf[1024];
	unsigned i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(blanks); i++) {
		const char *b = blanks[i];

		snprintf(buf, sizeof(buf),
			 "%sNode 0, zone DMA32\n%spages free %s11\n"
			 "%sboost %s1\n%smin\t2\n%slow\r3%s\n%shigh 4\n"
			 "%spromo 5\n%sspanned 6\n%spresent 7\n"
			 "%smanaged 8\n%scma 9\n%sprotection: (1, 2)\n"
			 "%smi 90\n%sminx 91\n%sMin 92\n%shig 93\n"
			 "%scmas 94\n%spage free 95\n%snr_free_pages 11\n",
			 b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b,
			 b, b, b, b, b);
		assert_int_equal(parse_str(buf, &zi), 0);
		assert_int_equal(zi.nr_zones, 1);
		assert_true(zi.zones[0].free == 11 && zi.zones[0].boost == 1);
		assert_true(zi.zones[0].min == 2 && zi.zones[0].low == 3 &&
			    zi.zones[0].high == 4 && zi.zones[0].promo == 5);
		assert_true(zi.zones[0].spanned == 6 &&
			    zi.zones[0].present == 7 &&
			    zi.zones[0].managed == 8 && zi.zones[0].cma == 9);
		assert_int_equal(zi.zones[0].nr_protection, 2);
		assert_true(zi.zones[0].protection[1] == 2);
		assert_string_equal(zi.zones[0].name, "DMA32");
	}
	/* each key once per zone, the second time is an error on its line */
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n high 3\n"
				   "  cma 1\n\tcma\t2\n", &zi), -EPROTO);
	assert_int_equal(perr.line, 6);
	assert_string_equal(perr.msg, "cma given twice in zone");
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n high 3\n"
				   "  managed\n", &zi), -EPROTO);
	assert_string_equal(perr.msg, "managed: expected one number");
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n high 3\n"
				   "  spanned 1 2\n", &zi), -EPROTO);
	assert_string_equal(perr.msg, "spanned: expected one number");
}

/*
 * The pagesets and per-node stats are skipped in one go: the zone that
 * follows, its errors' line numbers and the odd lines in them must be
 * what a line-by-line reading gives.
 */
static void test_skipped_blocks(void **state)
{
	static const char two[] =
		"Node 0, zone DMA\n"			/* 1 */
		"  per-node stats\n"
		"      nr_inactive_anon 1\n"
		"      Nodes 7\n"			/* an N, not a header */
		"      pgpromote_success 0\n"
		"      pages freed 4\n"			/* not "pages free" */
		"  pages free     3840\n"
		"        min      10\n"
		"        low      13\n"
		"        high     16\n"		/* 10 */
		"  pagesets\n"
		"    cpu: 0 Node 1, zone DMA\n"	/* not at the start */
		"              count: 0\n"
		"              high:  0\n"
		"  xNode 1, zone Normal\n"
		"\n"
		"Node\n"
		"  start_pfn:           1\n"
		" \t\rNode 1, zone   Normal\n"	/* a header */
		"  pages free     1\n"			/* 20 */
		"        min      20\n"
		"        low      23\n"
		"        high     x\n";		/* 23 */
	char buf[sizeof(two)];
	char *x;

	(void)state;
	assert_int_equal(parse_str(two, &zi), -EPROTO);
	assert_int_equal(perr.line, 23);
	assert_string_equal(perr.msg, "high: not a number");
	memcpy(buf, two, sizeof(two));
	x = strrchr(buf, 'x');
	*x = '9';
	assert_int_equal(parse_str(buf, &zi), 0);
	assert_int_equal(zi.nr_zones, 2);
	assert_true(zi.zones[0].free == 3840 && zi.zones[0].min == 10 &&
		    zi.zones[0].high == 16);
	assert_true(zi.zones[1].node == 1 && zi.zones[1].free == 1 &&
		    zi.zones[1].high == 9);
	/* a zone cut short by the next header names its own line */
	assert_int_equal(parse_str("Node 0, zone DMA\n  per-node stats\n"
				   "    nr_x 1\n    min 1\n\nNode 0, zone Normal\n",
				   &zi), -EPROTO);
	assert_int_equal(perr.line, 1);
	assert_string_equal(perr.msg, "zone 0 DMA has no min watermark");
	/* "pages free" ends the per-node stats wherever it is indented */
	assert_int_equal(parse_str("Node 0, zone DMA\n  per-node stats\n"
				   "  min 7\npages free 2\n min 1\n low 2\n"
				   " high 3\n  pagesets\n min 8\n", &zi), 0);
	assert_true(zi.zones[0].free == 2 && zi.zones[0].min == 1);
	/* the last header may come after many skipped lines, or not at all */
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n high 3\n"
				   "  pagesets\n  a\n  b\nNode 0, zone DMA32\n"
				   " min x\n", &zi), -EPROTO);
	assert_int_equal(perr.line, 9);
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n high 3\n"
				   "  pagesets\n  a\n  Node 0, zone DMA32", &zi),
			 0);
	assert_int_equal(zi.nr_zones, 1);
	/* "Node" with only blanks after it is no header, skipped or not */
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n high 3\n"
				   "  pagesets\nNode \t\t\nNode\n  Node \r\n"
				   "Node 0, zone DMA32\n min x\n", &zi), -EPROTO);
	assert_int_equal(perr.line, 10);
	assert_int_equal(parse_str("Node 0, zone DMA\n min 1\n low 2\n high 3\n"
				   "Node \n", &zi), 0);
	assert_int_equal(parse_str("Node 0, zone DMA\n  per-node stats\n"
				   "Node \t\npages free 1\n min 1\n low 2\n"
				   " high 3\n", &zi), 0);
	assert_true(zi.zones[0].free == 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_6_18),
		cmocka_unit_test(test_lab_6_1),
		cmocka_unit_test(test_numa_2_6_15),
		cmocka_unit_test(test_2_6_16),
		cmocka_unit_test(test_ubuntu_3_2),
		cmocka_unit_test(test_android_highmem),
		cmocka_unit_test(test_arm_cma),
		cmocka_unit_test(test_rhel8),
		cmocka_unit_test(test_debian11),
		cmocka_unit_test(test_zone_names),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_skipped_blocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
