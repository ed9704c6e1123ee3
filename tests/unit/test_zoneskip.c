// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The run of the zoneinfo scan (lib/zonerun.c: keys, protection, counters
 * 64 bytes at a time, and on through "pagesets", the next header, "per-
 * node stats" and "pages free") and the skips it calls (lib/zoneinfo.c:
 * the per-node stats 64 bytes at a time with AVX2): on a plain file, the
 * run reads it to its end; with a near miss of each form in it, the run
 * stops at that line, and the scan (wm_zoneinfo_parse()) comes to what
 * the walk (wm_zoneinfo_parse_walk()) does, at each of the 64 places a
 * line can have in a block, and cut short at every byte.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "zoneinfo.h"
#include "zoneline.h"
#include "zone_same.h"

#define U WM_UNKNOWN

/* A 6.x file of three zones; the marks name the lines the cases change. */
static const char *const plain[] = {
	"Node 0, zone      DMA",
	"  per-node stats",
	"      nr_inactive_anon 1047",
	"      nr_active_file 62134",	/* STATS: 3 */
	"      pgpromote_success 0",
	"      nr_file_pages 135997",
	"      workingset_refault_file 6326934",
	"  pages free     3840",
	"        boost    0",
	"        min      10",		/* KEY: 9 */
	"        low      13",
	"        high     16",
	"        promo    19",
	"        spanned  4095",
	"        present  3998",
	"        managed  3840",
	"        cma      0",
	"        protection: (0, 3019, 24137, 24137, 24137)", /* PROT: 17 */
	"      nr_free_pages 3840",
	"      nr_zone_inactive_anon 0",	/* COUNTER: 19 */
	"      numa_hit     0",
	"  pagesets",				/* PAGESETS: 21 */
	"    cpu: 0",
	"              count:    0",
	"              high:     0",
	"  vm stats threshold: 4",
	"  node_unreclaimable:  0",
	"  start_pfn:           1",
	"Node 0, zone    DMA32",		/* HEADER: 28 */
	"  pages free     771494",		/* FREE: 29 */
	"        min      2112",
	"        low      2884",
	"        high     3656",		/* KEY2: 32 */
	"        spanned  1044480",
	"        protection: (0, 0, 21117, 21117, 21117)",
	"      nr_free_pages 771494",
	"  pagesets",
	"    cpu: 0",
	"              count:    485",
	"Node 0, zone  Movable",
	"  pages free     0",
	"        min      32",
	"        low      32",
	"        high     32",
	"        protection: (0, 0, 0, 0, 0)",
};

enum { STATS = 3, KEY = 9, PROT = 17, COUNTER = 19, PAGESETS = 21,
       HEADER = 28, FREE = 29, KEY2 = 32, NLINES = WM_ARRAY_SIZE(plain) };

/* 90 KB each: not on the stack. */
static struct wm_zoneinfo zi, rz;
static struct wm_parse_error perr;
static char text[4096], moved[4096 + 64];

/*
 * A line to put before the one a case inserts (build()), of its 6
 * blanks, 'n' and 0 to 63 more bytes: the case's line at each place of
 * the 64s of the run's counters, or of the stats skip's, which start at
 * the block's first line (moving the whole file moves neither).
 */
static const char *pad;

/*
 * The plain file with line at replaced by line (how 0), line inserted
 * before it (how 1) or nothing changed (line NULL), pad before it if
 * set; *mark the start of line in it. Its length.
 */
static size_t build(unsigned at, const char *line, int how, size_t *mark)
{
	size_t n = 0;
	unsigned i;

	*mark = 0;
	for (i = 0; i < NLINES; i++) {
		if (i == at) {
			if (line && pad)
				n += (size_t)sprintf(text + n, "%s\n", pad);
			*mark = n;
			if (line)
				n += (size_t)sprintf(text + n, "%s\n", line);
			if (line && how == 0)
				continue;
		}
		n += (size_t)sprintf(text + n, "%s\n", plain[i]);
	}
	return n;
}

/* text[0..len) after 0 to 63 blank lines: each line at each place of a 64. */
static void every_place(size_t len)
{
	size_t k;

	for (k = 0; k < 64; k++) {
		memset(moved, '\n', k);
		memcpy(moved + k, text, len);
		same_both_ways(moved, len + k);
	}
}

/* The run from the file's first byte: where it stops. */
static size_t run(size_t len)
{
	struct wm_zi_parser p;

	wm_zi_init(&p, &rz, text, &perr);
	p.run = true;
	return wm_zi_fast_run(&p, text, 0, len);
}

/* The parse of text[0..len): its status (zi, perr filled). */
static int parse(size_t len)
{
	memset(&perr, 0, sizeof(perr));
	return wm_zoneinfo_parse(text, len, &zi, &perr);
}

/* A near miss: the run leaves it (stop at its line), the scan as the walk. */
struct miss {
	unsigned at;
	int how;		/* 0: replaces line at, 1: inserted before */
	const char *line;
	int rc;			/* the parse's status */
	const char *msg;	/* its message if an error */
};

static void check_miss(const struct miss *m)
{
	size_t mark, len = build(m->at, m->line, m->how, &mark), stop;

	stop = run(len);
	if (stop != mark)
		fail_msg("'%s': run stopped at %zu, not %zu", m->line, stop,
			 mark);
	every_place(len);
	if (parse(len) != m->rc)
		fail_msg("'%s': status %d, not %d", m->line, parse(len), m->rc);
	if (m->rc)
		assert_string_equal(perr.msg, m->msg);
}

/* The plain file: all the run's, to its last byte; every value right. */
static void test_plain(void **state)
{
	size_t mark, len = build(NLINES, NULL, 0, &mark);
	const struct wm_zone *z = zi.zones;

	(void)state;
	assert_int_equal(run(len), len);
	every_place(len);
	assert_int_equal(parse(len), 0);
	assert_int_equal(zi.nr_zones, 3);
	assert_true(z[0].free == 3840 && z[0].boost == 0 && z[0].min == 10 &&
		    z[0].low == 13 && z[0].high == 16 && z[0].promo == 19 &&
		    z[0].spanned == 4095 && z[0].present == 3998 &&
		    z[0].managed == 3840 && z[0].cma == 0);
	assert_true(z[0].nr_protection == 5 && z[0].protection[0] == 0 &&
		    z[0].protection[1] == 3019 && z[0].protection[4] == 24137);
	assert_true(z[1].type == WM_ZONE_DMA32 && z[1].free == 771494 &&
		    z[1].min == 2112 && z[1].boost == U && z[1].cma == U &&
		    z[1].spanned == 1044480 && z[1].protection[2] == 21117);
	assert_true(z[2].type == WM_ZONE_MOVABLE && z[2].free == 0 &&
		    z[2].high == 32 && z[2].nr_protection == 5 &&
		    z[2].protection[4] == 0);
}

/* Counter lines: 6 blanks and an 'n', nothing else. */
static void test_counter_misses(void **state)
{
	static const struct miss misses[] = {
		{ COUNTER, 1, "     nr_x 1", 0, NULL },
		{ COUNTER, 1, "       nr_x 1", 0, NULL },
		{ COUNTER, 1, "\t     nr_x 1", 0, NULL },
		{ COUNTER, 1, "      \tnr_x 1", 0, NULL },
		{ COUNTER, 1, "      Nr_x 1", 0, NULL },
		{ COUNTER, 1, "      Node 1, zone DMA", -EPROTO,
		  "zone 1 DMA has no min watermark" },
		{ COUNTER, 1, "      min 5", -EPROTO,
		  "min given twice in zone" },
		{ COUNTER, 1, "      cma x", -EPROTO,
		  "cma given twice in zone" },
		{ COUNTER, 1, "      pagesets", 0, NULL },
		{ COUNTER, 1, "", 0, NULL },
		{ COUNTER, 1, "      ", 0, NULL },
	};
	static char padding[80] = "      n";
	unsigned i, k;

	(void)state;
	/* each after a counter of 7 to 70 bytes: at each place of a 64 */
	for (k = 0; k < 64; k++) {
		memset(padding + 7, 'x', k);
		memcpy(padding + 7 + k, " 1", 3);
		pad = padding;
		for (i = 0; i < WM_ARRAY_SIZE(misses); i++)
			check_miss(&misses[i]);
	}
	pad = NULL;
	/* a key the zone lacks, in the counters: the scan takes it */
	check_miss(&(struct miss){ NLINES - 1, 1, "      boost 7", 0, NULL });
	assert_int_equal(zi.zones[2].boost, 7);
}

/* Key lines: 8 blanks, the key padded to 9 columns, 1 to 7 digits. */
static void test_key_misses(void **state)
{
	static const struct miss misses[] = {
		{ KEY2, 1, "        cma     5", 0, NULL },
		{ KEY2, 1, "        cma      12345678", 0, NULL },
		{ KEY2, 1, "        cma      5 ", 0, NULL },
		{ KEY2, 1, "        cma      5\r", 0, NULL },
		{ KEY2, 1, "         cma     5", 0, NULL },
		{ KEY2, 1, "       cma      5", 0, NULL },
		{ KEY2, 1, "        cma      ", -EPROTO,
		  "cma: expected one number" },
		{ KEY2, 1, "        cma      x", -EPROTO,
		  "cma: not a number" },
		{ KEY2, 1, "        low      1", -EPROTO,
		  "low given twice in zone" },
		{ KEY2, 1, "        scanned  1", 0, NULL },
		{ KEY2, 1, "        cmax     1", 0, NULL },
	};
	size_t mark, len;
	unsigned i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(misses); i++)
		check_miss(&misses[i]);
	/* the plain forms of a key the zone lacks: taken, to the end */
	len = build(KEY2, "        cma      1234567", 1, &mark);
	assert_int_equal(run(len), len);
	every_place(len);
	assert_int_equal(parse(len), 0);
	assert_int_equal(zi.zones[1].cma, 1234567);
}

/* Protection: "(a, b, ...)", 1 to 8 items of 1 to 7 digits, ", " apart. */
static void test_protection_misses(void **state)
{
	static const char *const taken[] = {
		"        protection: (7)", "        protection: (00, 0, 1)",
		"        protection: (0, 0, 0, 0, 0, 0, 0, 1234567)",
	};
	static const struct miss misses[] = {
		{ PROT, 0, "        protection: (0,0)", 0, NULL },
		{ PROT, 0, "        protection: (0,12, 3)", 0, NULL },
		{ PROT, 0, "        protection: (0, 0 )", 0, NULL },
		{ PROT, 0, "        protection: (0, 0) ", 0, NULL },
		{ PROT, 0, "        protection: (0,  0)", 0, NULL },
		{ PROT, 0, "        protection: (0, 12345678)", 0, NULL },
		{ PROT, 0, "        protection: ()", 0, NULL },
		{ PROT, 0, "        protection: (0, )", -EPROTO,
		  "protection: not a number" },
		{ PROT, 0, "        protection: (0, 0, 0, 0, 0, 0, 0, 0, 0)",
		  -E2BIG, "protection: more than 8 entries" },
		{ PROT, 0, "        protection: (0, 0)x", -EPROTO,
		  "protection: expected '(a, b, ...)'" },
		{ PROT + 1, 1, "        protection: (1)", -EPROTO,
		  "protection given twice in zone" },
	};
	size_t mark, len;
	unsigned i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(taken); i++) {
		len = build(PROT, taken[i], 0, &mark);
		assert_int_equal(run(len), len);
		every_place(len);
		assert_int_equal(parse(len), 0);
	}
	assert_true(zi.zones[0].nr_protection == 8 &&
		    zi.zones[0].protection[7] == 1234567);
	for (i = 0; i < WM_ARRAY_SIZE(misses); i++)
		check_miss(&misses[i]);
}

/* "pagesets", the next header, its "pages free": the zone change. */
static void test_zone_change_misses(void **state)
{
	static const struct miss misses[] = {
		{ PAGESETS, 0, " pagesets", 0, NULL },
		{ PAGESETS, 0, "  pagesets x", 0, NULL },
		{ PAGESETS, 0, "  pagesetsx", 0, NULL },
		{ PAGESETS, 0, "\tpagesets", 0, NULL },
		{ FREE, 0, "   pages free     5", 0, NULL },
		{ FREE, 0, "  pages free    5", 0, NULL },
		{ FREE, 0, "  pages free     123456789", 0, NULL },
		{ FREE, 0, "  pages free     5 ", 0, NULL },
		{ FREE, 0, "  pages  free     5", 0, NULL },
		{ FREE + 1, 1, "  pages free     5", -EPROTO,
		  "pages free given twice in zone" },
		{ FREE, 1, "  per-node stats ", 0, NULL },
		{ KEY, 1, "  per-node stats", -EPROTO,
		  "per-node stats in a zone" },
	};
	/* headers the run leaves, at the line the skip stopped at */
	static const struct miss headers[] = {
		{ HEADER, 0, "Node 0, zone    DMA32 ", 0, NULL },
		{ HEADER, 0, " Node 0, zone    DMA32", 0, NULL },
		{ HEADER, 0, "Node 0,  zone   DMA32", 0, NULL },
		{ HEADER, 0, "Node 0, zone   DMA32", 0, NULL },
		{ HEADER, 0, "Node 123, zone    DMA32", -E2BIG,
		  "node 123: more than 64 nodes" },
		{ HEADER, 0, "Node 0, zone      DMA", -EPROTO,
		  "zone 0 DMA listed twice" },
		{ HEADER, 0, "Node 0, zone    dma32", -EPROTO,
		  "unknown zone name 'dma32'" },
		{ HEADER, 0, "Node x, zone    DMA32", -EPROTO,
		  "node id: not a number" },
		{ HEADER, 0, "Node ", 0, NULL },
		{ HEADER, 0, "Node 12, zone    DMA32 x", -EPROTO,
		  "expected 'Node N, zone NAME', "
		  "got 'Node 12, zone    DMA32 x'" },
	};
	size_t mark, len;
	unsigned i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(misses); i++)
		check_miss(&misses[i]);
	for (i = 0; i < WM_ARRAY_SIZE(headers); i++)
		check_miss(&headers[i]);
	/* two digits, and per-node stats in the second zone: taken */
	len = build(HEADER, "Node 12, zone    DMA32", 0, &mark);
	assert_int_equal(run(len), len);
	every_place(len);
	assert_int_equal(parse(len), 0);
	assert_true(zi.nr_nodes == 13 && zi.zones[1].node == 12);
	len = build(FREE, "  per-node stats", 1, &mark);
	assert_int_equal(run(len), len);
	every_place(len);
	assert_int_equal(parse(len), 0);
	assert_int_equal(zi.zones[1].free, 771494);
	/* a zone without its high watermark: the next header's error */
	len = build(KEY2, "  pagesets", 0, &mark);
	assert_int_equal(run(len), (size_t)(strstr(text, "Node 0, zone  M") -
					     text));
	every_place(len);
	assert_int_equal(parse(len), -EPROTO);
	assert_string_equal(perr.msg, "zone 0 DMA32 has no high watermark");
}

/*
 * In the per-node stats only "pages free" and "Node " lines mean
 * anything, however indented, and the skip must find the first of them;
 * its hits ('N's, 'f's after a blank) at every place of a 64.
 */
static void test_stats_skip(void **state)
{
	static const struct miss misses[] = {
		{ STATS, 1, "      pages free 5", -EPROTO,
		  "pages free given twice in zone" },
		{ STATS, 1, "pages free 5", -EPROTO,
		  "pages free given twice in zone" },
		{ STATS, 1, "  Node 1, zone    DMA", -EPROTO,
		  "zone 0 DMA has no min watermark" },
		{ STATS, 1, "Node 0, zone    DMA32", -EPROTO,
		  "zone 0 DMA has no min watermark" },
	};
	static const char *const nothing[] = {
		"      nr_free_pages 5", "      x free 5", "      Nodes 5",
		"      pages fre", "      xpages free 5", "      f", "Node",
		"      pages\tfree 5",
	};
	static char padding[80] = "      n";
	size_t mark, len;
	unsigned i, k;

	(void)state;
	/* each after a line of 7 to 70 bytes: its hit at each place of a 64 */
	for (k = 0; k < 64; k++) {
		memset(padding + 7, 'x', k);
		memcpy(padding + 7 + k, " 1", 3);
		pad = padding;
		for (i = 0; i < WM_ARRAY_SIZE(misses); i++) {
			len = build(misses[i].at, misses[i].line, 1, &mark);
			every_place(len);
			assert_int_equal(parse(len), misses[i].rc);
			assert_string_equal(perr.msg, misses[i].msg);
		}
		for (i = 0; i < WM_ARRAY_SIZE(nothing); i++) {
			len = build(STATS, nothing[i], 1, &mark);
			assert_int_equal(run(len), len);
			every_place(len);
			assert_int_equal(parse(len), 0);
			assert_int_equal(zi.zones[0].free, 3840);
		}
	}
	pad = NULL;
	/* "pages freeze": the zone's (no free), then its "pages free" */
	len = build(STATS, "      pages freeze 5", 1, &mark);
	every_place(len);
	assert_int_equal(parse(len), 0);
	assert_int_equal(zi.zones[0].free, 3840);
}

/* Cut short at every byte: the last line, whatever it is, ignored. */
static void test_cuts(void **state)
{
	size_t mark, len = build(NLINES, NULL, 0, &mark), cut;

	(void)state;
	for (cut = 0; cut <= len; cut++)
		same_both_ways(text, cut);
	/* the run on a cut: never past it, at a line start or the end */
	for (cut = 1; cut <= len; cut++) {
		size_t stop = run(cut);

		assert_true(stop <= cut);
		assert_true(stop == 0 || stop == cut || text[stop - 1] == '\n');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_counter_misses),
		cmocka_unit_test(test_key_misses),
		cmocka_unit_test(test_protection_misses),
		cmocka_unit_test(test_zone_change_misses),
		cmocka_unit_test(test_stats_skip),
		cmocka_unit_test(test_cuts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
