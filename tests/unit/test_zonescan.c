// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The scan of /proc/zoneinfo (wm_zoneinfo_parse(): only the lines that
 * may mean something, 64 bytes at a time, and lib/zonefast.c's fast
 * paths for the lines every kernel prints) against the walk
 * (wm_zoneinfo_parse_walk(): every line through the line parser), on the
 * real samples moved about, cut and mangled, on random zoneinfos, and on
 * each fast path's common forms and near misses.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "zoneinfo.h"
#include "zoneinfo_samples.h"
#include "zoneline.h"
#include "zone_same.h"

#define U WM_UNKNOWN

/* 90 KB: not on the stack. */
static struct wm_zoneinfo zi;
static struct wm_parse_error perr;

/* s with k newlines before it: each line at another place in its 64. */
static void shifted(const struct wm_buf *s, size_t k, char *dst)
{
	memset(dst, '\n', k);
	memcpy(dst + k, s->data, s->len);
	same_both_ways(dst, s->len + k);
}

/*
 * Every line's leading spaces made tabs (how 0) or '\r' (1), or its first
 * one 70 to 140 blanks (2), which run on past the end of a 64.
 */
static size_t reindent(const struct wm_buf *s, char *dst, unsigned how)
{
	size_t i, n = 0, j;
	bool head = true, first = true;

	for (i = 0; i < s->len; i++) {
		char c = s->data[i];

		if (head && c == ' ' && how < 2) {
			dst[n++] = how == 0 ? '\t' : '\r';
			continue;
		}
		if (head && c == ' ' && first) {
			for (j = 0; j < 70 + i % 71; j++)
				dst[n++] = j % 3 ? ' ' : '\t';
			first = false;
			continue;
		}
		head = c == '\n' || (head && c == ' ');
		first = c == '\n';
		dst[n++] = c;
	}
	return n;
}

static void test_scan_samples(void **state)
{
	unsigned i, k, how;
	size_t cut;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(samples); i++) {
		struct wm_buf b = { 0 };
		char *dst;

		wm_test_load(&b, samples[i]);
		/* room for 141 blanks a line, or 63 newlines before */
		dst = malloc(b.len * 142 + 64);
		assert_non_null(dst);
		same_both_ways(b.data, b.len);
		for (k = 0; k < 64; k++)
			shifted(&b, k, dst);
		for (cut = 0; cut < b.len; cut += 1 + cut % 97)
			same_both_ways(b.data, cut);
		for (how = 0; how < 3; how++)
			same_both_ways(dst, reindent(&b, dst, how));
		free(dst);
		wm_buf_free(&b);
	}
}

/* Lines a zoneinfo is made of, and some it never is. */
static const char *const pieces[] = {
	"Node 0, zone      DMA", "Node 1, zone   Normal", "Node 0, zone DMA32",
	"Node 0, zone Movable x", "Node", "Node ", "Nodes 7", "N",
	"  per-node stats", "per-node stats x", "  pages free     3840",
	"pages freed 4", "pages free", "pages free 1 2", "pages", "        min      10",
	"min 7  ", "min 07", "min\t7", "min 99999999999999999999",
	"min 18446744073709551615", "min 1844674407370955161", "min x",
	"low 13", "high 16", "high:  384", "boost 0", "promo 19",
	"spanned 4095", "present 3998", "managed 3840", "cma 0", "cma",
	"protection: (0, 3019, 24137)", "protection: ()", "protection: (1,x)",
	"protection: 1", "      nr_free_pages 3840", "      numa_hit     0",
	"  pagesets", "pagesets", "    cpu: 0", "              count:    0",
	"  vm stats threshold: 4", "  node_unreclaimable:  0",
	"  start_pfn:           1", "", " ", "\t\r", "b", "m", "s", "c", "l",
	"h", "p", "mi n 1", "min", "managed", "min 1\0",
	/* the fast paths' forms (lib/zonefast.c), and near them */
	"Node 12, zone    DMA32", "Node 0,  zone      DMA", "Node 7, zone  Device",
	"        protection: (0, 0, 21117, 21117, 21117)",
	"protection: (1, 2, 3, 4, 5, 6, 7, 8)",
	"protection: (1, 2, 3, 4, 5, 6, 7, 8, 9)",
	"protection: (12345678, 1)", "protection: (1,2)", "protection: (1, 2) ",
	"        managed  5406170", "  pages free     12345678", "pagesetsx",
	/* wm_zi_fast_run()'s forms, and near them */
	"        min      10", "         min     10", "        protection: (7)",
	"        protection: (0, 3019)x", "      nr_zone_write_pending_xx 1",
	"      nr_zone_write_pending_xxxxxxxxx 1",
};

/* A line with a NUL inside, which strlen() would cut. */
static const char nul_line[] = "p\0ages free 1";

/*
 * A key line in the kernel's form or near it: indentation, a key (or
 * "pages free", or a near miss), 1 to 10 spaces with now and then a
 * tab, 1 to 12 digits, now and then a blank after them.
 */
static size_t key_line(char *dst)
{
	static const char *const keys[] = {
		"boost", "min", "low", "high", "promo", "spanned", "present",
		"managed", "cma", "pages free", "pages  free", "pages freex",
		"mins", "hig", "pagesfree", "present:",
	};
	const char *k = keys[rand() % WM_ARRAY_SIZE(keys)];
	size_t n = 0, i, sp = 1 + (size_t)rand() % 10;
	size_t digits = 1 + (size_t)rand() % 12;

	for (i = (size_t)rand() % 9; i > 0; i--)
		dst[n++] = ' ';
	memcpy(dst + n, k, strlen(k));
	n += strlen(k);
	for (i = 0; i < sp; i++)
		dst[n++] = rand() % 25 ? ' ' : "\t\r"[rand() % 2];
	for (i = 0; i < digits; i++)
		dst[n++] = (char)('0' + rand() % 10);
	if (rand() % 20 == 0)
		dst[n++] = " \tx"[rand() % 3];
	dst[n++] = '\n';
	return n;
}

static size_t random_zoneinfo(char *dst, size_t size)
{
	size_t n = 0;

	while (n + 300 < size && rand() % 60) {
		const char *p = pieces[rand() % WM_ARRAY_SIZE(pieces)];
		size_t len = strlen(p), blanks = 0;

		if (rand() % 3 == 0) {
			n += key_line(dst + n);
			continue;
		}
		if (rand() % 50 == 0) {
			p = nul_line;
			len = sizeof(nul_line) - 1;
		}
		switch (rand() % 8) {
		case 0: blanks = (size_t)(rand() % 140); break;
		case 1: blanks = (size_t)(rand() % 9); break;
		default: break;
		}
		while (blanks--)
			dst[n++] = " \t\r"[rand() % 3];
		memcpy(dst + n, p, len);
		n += len;
		if (rand() % 50 == 0)
			dst[n++] = (char)(rand() % 256);
		if (rand() % 40)
			dst[n++] = '\n';
	}
	return n;
}

static void test_scan_random(void **state)
{
	static char buf[24000];
	struct wm_buf b = { 0 };
	unsigned i;

	(void)state;
	srand(20261129);
	for (i = 0; i < 30000; i++)
		same_both_ways(buf, random_zoneinfo(buf, sizeof(buf)));
	/* a real file with a few bytes changed to ones that matter */
	wm_test_load(&b, "samples/local/linux-6.18.44-fc-v857.zoneinfo");
	assert_true(b.len < sizeof(buf));
	for (i = 0; i < 20000; i++) {
		unsigned j, flips = 1 + (unsigned)rand() % 4;

		memcpy(buf, b.data, b.len);
		for (j = 0; j < flips; j++)
			buf[(size_t)rand() % b.len] = " \t\r\nNpmn0x:("[rand() % 12];
		same_both_ways(buf, b.len);
	}
	wm_buf_free(&b);
}

/*
 * The fast paths of lib/zonefast.c: a zone with head (its header, and
 * what follows it) and line (after its watermarks) in it, parsed both
 * ways (same_both_ways(): the walk never takes a fast path); then as
 * wm_zoneinfo_parse(), for the caller to check the values.
 */
static char zbuf[600];

static int zone_with(const char *head, const char *line)
{
	char *buf = zbuf;
	int n = snprintf(zbuf, sizeof(zbuf),
			 "%s\n  pages free     3840\n        min      10\n"
			 "        low      13\n        high     16\n%s\n"
			 "  pagesets\n    cpu: 0\n              high:     0\n",
			 head, line);

	assert_true(n > 0 && (size_t)n < sizeof(zbuf));
	same_both_ways(buf, (size_t)n);
	memset(&perr, 0, sizeof(perr));
	return wm_zoneinfo_parse(buf, (size_t)n, &zi, &perr);
}

#define DMA "Node 0, zone      DMA"

/* A case of the tables below: the status, and a value or the message. */
struct fast_case {
	const char *text;
	int rc;
	uint64_t v;
	const char *msg;
};

static void check_case(const struct fast_case *c, int rc, uint64_t v)
{
	if (rc != c->rc)
		fail_msg("'%s': %d, not %d (%s)", c->text, rc, c->rc, perr.msg);
	if (rc == 0 && v != c->v)
		fail_msg("'%s': %llu, not %llu", c->text,
			 (unsigned long long)v, (unsigned long long)c->v);
	if (rc != 0)
		assert_string_equal(perr.msg, c->msg);
}

/* "managed  5406170": the key, its value from column 9. */
static void test_fast_keys(void **state)
{
	static const struct fast_case cases[] = {
		{ "        managed  5406170", 0, 5406170, NULL },
		{ "        managed  12345678", 0, 12345678, NULL },
		{ "        managed  00000042", 0, 42, NULL },
		{ "        managed  0", 0, 0, NULL },
		/* near misses: wm_zi_line(), the same result */
		{ "        managed  123456789", 0, 123456789, NULL },
		{ "        managed 42", 0, 42, NULL },
		{ "        managed         42", 0, 42, NULL },
		{ "        managed  42 ", 0, 42, NULL },
		{ "        managed\t 42", 0, 42, NULL },
		{ "        managed  \t42", 0, 42, NULL },
		{ "        managedx 42", 0, U, NULL },
		{ "        Managed  42", 0, U, NULL },
		{ "        managed  ", -EPROTO, 0, "managed: expected one number" },
		{ "        managed  4\t2", -EPROTO, 0,
		  "managed: expected one number" },
		{ "        managed  4x", -EPROTO, 0, "managed: not a number" },
		{ "        managed  1234567x", -EPROTO, 0, "managed: not a number" },
		{ "        managed  99999999999999999999", -ERANGE, 0,
		  "managed: number too large" },
		{ "        managed  1\n        managed  2", -EPROTO, 0,
		  "managed given twice in zone" },
	};
	unsigned i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(cases); i++) {
		int rc = zone_with(DMA, cases[i].text);

		check_case(&cases[i], rc, zi.zones[0].managed);
	}
	/* each key once, and "pages free" again */
	assert_int_equal(zone_with(DMA, "        min      11"), -EPROTO);
	assert_string_equal(perr.msg, "min given twice in zone");
	assert_int_equal(perr.line, 6);
	assert_int_equal(zone_with(DMA, "  pages free     1"), -EPROTO);
	assert_string_equal(perr.msg, "pages free given twice in zone");
	assert_int_equal(zone_with(DMA, "        boost    7\n        cma      9\n"
				   "        spanned  4095\n        present  3998\n"
				   "        promo    19"), 0);
	assert_true(zi.zones[0].free == 3840 && zi.zones[0].min == 10 &&
		    zi.zones[0].low == 13 && zi.zones[0].high == 16);
	assert_true(zi.zones[0].boost == 7 && zi.zones[0].cma == 9 &&
		    zi.zones[0].spanned == 4095 &&
		    zi.zones[0].present == 3998 && zi.zones[0].promo == 19);
	/* the pageset's "high:" is no watermark, fast or not */
	assert_true(zi.zones[0].high == 16);
}

/* "protection: (0, 3019, 24137, 24137, 24137)" */
static void test_fast_protection(void **state)
{
	static const struct fast_case cases[] = {
		{ "        protection: (0, 3019, 24137, 24137, 24137)", 0, 5,
		  NULL },
		{ "        protection: (1234567, 1)", 0, 2, NULL },
		{ "        protection: (7)", 0, 1, NULL },
		{ "        protection: (1, 2, 3, 4, 5, 6, 7)", 0, 7, NULL },
		{ "        protection: (1, 2, 3, 4, 5, 6, 7, 8)", 0, 8, NULL },
		/* near misses: wm_zi_line(), the same result */
		{ "        protection: (1, 2, 3, 4, 5, 6, 7, 8, 9)", -E2BIG, 0,
		  "protection: more than 8 entries" },
		{ "        protection: (12345678, 1)", 0, 2, NULL },
		{ "        protection: (12345678901234567890, 1)", 0, 2, NULL },
		{ "        protection: (99999999999999999999, 1)", -ERANGE, 0,
		  "protection: number too large" },
		{ "        protection: ()", 0, 0, NULL },
		{ "        protection: (0, 3019) ", 0, 2, NULL },
		{ "        protection: (0,\t3019)", 0, 2, NULL },
		{ "        protection: (0,3019)", 0, 2, NULL },
		{ "        protection: (0 , 3019)", 0, 2, NULL },
		{ "        protection:  (0, 3019)", 0, 2, NULL },
		{ "        protection: (0, 3019,)", -EPROTO, 0,
		  "protection: not a number" },
		{ "        protection: (0, , 1)", -EPROTO, 0,
		  "protection: not a number" },
		{ "        protection: (-1)", -EPROTO, 0,
		  "protection: not a number" },
		{ "        protection: (0, 3019", -EPROTO, 0,
		  "protection: expected '(a, b, ...)'" },
		{ "        protection: (1)\n        protection: (2)", -EPROTO, 0,
		  "protection given twice in zone" },
		{ "        protection:(1)", 0, 0, NULL },
	};
	unsigned i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(cases); i++) {
		int rc = zone_with(DMA, cases[i].text);

		check_case(&cases[i], rc, zi.zones[0].nr_protection);
	}
	assert_int_equal(zone_with(DMA, cases[0].text), 0);
	assert_true(zi.zones[0].protection[0] == 0 &&
		    zi.zones[0].protection[1] == 3019 &&
		    zi.zones[0].protection[2] == 24137 &&
		    zi.zones[0].protection[4] == 24137);
	assert_int_equal(zone_with(DMA, cases[1].text), 0);
	assert_true(zi.zones[0].protection[0] == 1234567 &&
		    zi.zones[0].protection[1] == 1);
	assert_int_equal(zone_with(DMA, cases[4].text), 0);
	assert_true(zi.zones[0].protection[7] == 8);
	assert_int_equal(zone_with(DMA, cases[6].text), 0);
	assert_true(zi.zones[0].protection[0] == 12345678);
}

/* "Node 0, zone      DMA" ("Node %d, zone %8s"): the node, or the error. */
static void test_fast_header(void **state)
{
	static const struct fast_case cases[] = {
		{ "Node 0, zone      DMA", 0, 0, NULL },
		{ "Node 12, zone    DMA32", 0, 12, NULL },
		{ "Node 63, zone  Movable", 0, 63, NULL },
		{ "Node 00, zone      DMA", 0, 0, NULL },
		{ "Node 64, zone   Normal", -E2BIG, 0,
		  "node 64: more than 64 nodes" },
		/* near misses: wm_zi_line(), the same result */
		{ "Node 100, zone   Normal", -E2BIG, 0,
		  "node 100: more than 64 nodes" },
		{ "Node 7,  zone      DMA", 0, 7, NULL },
		{ "Node 7, zone DMA", 0, 7, NULL },
		{ "Node 7, zone      DMA ", 0, 7, NULL },
		{ "Node 7, zone\t     DMA", 0, 7, NULL },
		{ "Node  7, zone      DMA", 0, 7, NULL },
		{ "Node 7, zone  Highmem", -EPROTO, 0,
		  "unknown zone name 'Highmem'" },
		{ "Node 7, zone  ZONE_XX", -EPROTO, 0,
		  "unknown zone name 'ZONE_XX'" },
		{ "Node 7, zone      dma", -EPROTO, 0, "unknown zone name 'dma'" },
		{ "Node 7, zone Movable2", -EPROTO, 0,
		  "unknown zone name 'Movable2'" },
		{ "Node 0x, zone      DMA", -EPROTO, 0, "node id: not a number" },
		{ "Node 0; zone      DMA", -EPROTO, 0,
		  "expected 'Node N, zone NAME', got 'Node 0; zone      DMA'" },
		{ "Node 0, zonE      DMA", -EPROTO, 0,
		  "expected 'Node N, zone NAME', got 'Node 0, zonE      DMA'" },
	};
	static const char *const names[] = {
		"     DMA", "   DMA32", "  Normal", " HighMem", " Movable",
		"  Device",
	};
	char head[64];
	unsigned i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(cases); i++) {
		int rc = zone_with(cases[i].text, "");

		check_case(&cases[i], rc, zi.zones[0].node);
	}
	for (i = 0; i < WM_ARRAY_SIZE(names); i++) {
		snprintf(head, sizeof(head), "Node 9, zone %s", names[i]);
		assert_int_equal(zone_with(head, ""), 0);
		assert_int_equal(zi.zones[0].type, i);
		assert_int_equal(zi.nr_nodes, 10);
	}
	/* a second header: a new zone, or an error on the first one */
	assert_int_equal(zone_with(DMA, "Node 0, zone    DMA32\n"
				   "        min      1\n        low      2\n"
				   "        high     3"), 0);
	assert_int_equal(zi.nr_zones, 2);
	assert_true(zi.zones[1].type == WM_ZONE_DMA32 && zi.zones[1].low == 2);
	assert_int_equal(zone_with(DMA, DMA), -EPROTO);
	assert_string_equal(perr.msg, "zone 0 DMA listed twice");
	assert_int_equal(zone_with(DMA, "Node 0, zone    DMA32\n"
				   "        min      1"), -EPROTO);
	assert_string_equal(perr.msg, "zone 0 DMA32 has no low watermark");
	assert_int_equal(perr.line, 6);
}

/* "per-node stats", "pages free" after them, "pagesets". */
static void test_fast_blocks(void **state)
{
	(void)state;
	assert_int_equal(zone_with(DMA "\n  per-node stats\n      nr_x 1\n"
				   "        min      99", "        cma      1"), 0);
	assert_true(zi.zones[0].free == 3840 && zi.zones[0].min == 10 &&
		    zi.zones[0].cma == 1);
	assert_int_equal(zone_with(DMA "\n  per-node stats \n      nr_x 1", ""),
			 0);
	assert_true(zi.zones[0].free == 3840 && zi.zones[0].min == 10);
	assert_int_equal(zone_with(DMA, "  per-node stats"), -EPROTO);
	assert_string_equal(perr.msg, "per-node stats in a zone");
	assert_int_equal(perr.line, 6);
	/* after "pagesets" (or "pagesets x"), a key is the pageset's */
	assert_int_equal(zone_with(DMA, "  pagesets\n        cma      1"), 0);
	assert_true(zi.zones[0].cma == U);
	assert_int_equal(zone_with(DMA, "  pagesets x\n        cma      1"), 0);
	assert_true(zi.zones[0].cma == U);
	assert_int_equal(zone_with(DMA, "  pagesetsx\n        cma      1"), 0);
	assert_true(zi.zones[0].cma == 1);
}

/* The zones of the last run_from(). */
static struct wm_zoneinfo rz;

/*
 * wm_zi_fast_run() from the line after "pages free" in buf: where it
 * stops, the zone it filled in z (the zones after it in rz).
 */
static const char *run_from(const char *buf, size_t len, const char *after,
			    struct wm_zone *z)
{
	struct wm_zi_parser p;
	size_t at = (size_t)(strchr(after, '\n') + 1 - buf);

	wm_zi_init(&p, &rz, buf, NULL);
	wm_zi_zone_start(&p, 0, WM_ZONE_DMA, buf);
	p.seen = ZK_FREE;
	p.run = true;
	at = wm_zi_fast_run(&p, buf, at, len);
	assert_false(p.run);
	*z = rz.zones[0];
	return buf + at;
}

/*
 * A zone's lines after "pages free", taken a line at a time: on real
 * files (6.18, 6.1, 5.10, 4.18: keys, protection and counters), and on
 * through the pagesets and the zones after it to the file's last 40
 * bytes, each zone's values as the walk's.
 */
static void test_fast_run(void **state)
{
	static const char *const files[] = { samples[4], samples[5],
					     samples[7], samples[8] };
	struct wm_zone z;
	unsigned i, k, runs;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(files); i++) {
		struct wm_buf b = { 0 };
		const char *at = b.data, *stop;

		wm_test_load(&b, files[i]);
		assert_int_equal(wm_zoneinfo_parse_walk(b.data, b.len, &zi,
							&perr), 0);
		for (runs = 0; (at = strstr(b.data + (at ? at - b.data : 0),
					    "pages free")); at++, runs++) {
			stop = run_from(b.data, b.len, at, &z);
			assert_true(b.data + b.len - stop < 40);
			k = runs;
			assert_true(z.min == zi.zones[k].min &&
				    z.high == zi.zones[k].high &&
				    z.managed == zi.zones[k].managed);
			assert_int_equal(rz.nr_zones, zi.nr_zones - runs);
			if (rz.nr_zones > 1)
				assert_memory_equal(z.protection,
						    zi.zones[k].protection,
						    sizeof(z.protection));
			/* the last one's run may have stopped short of its end */
			for (k = 1; k + 1 < rz.nr_zones; k++)
				assert_memory_equal(&rz.zones[k],
						    &zi.zones[runs + k],
						    sizeof(rz.zones[k]));
		}
		assert_int_equal(runs, zi.nr_zones);
		wm_buf_free(&b);
	}
}

/* Lines the run must leave to the scan, which takes them as before. */
static void test_fast_run_misses(void **state)
{
	static const char *const taken[] = {
		"        managed  5406170", "      nr_free_pages 3840",
		"      numa_hit     0", "        protection: (0, 3019, 24137)",
		"        protection: (1, 2, 3, 4, 5, 6, 7, 8)",
		"        protection: (7)",
		"      nr_zone_write_pending_xxxxxxxx 1",	/* '\n' at 38 */
		"      nr_zone_write_pending_xxxxxxxxx 1",	/* '\n' at 39 */
		"  pagesets",
	};
	static const char *const left[] = {
		"        managed  12345678", "        managed  123456789",
		"         managed  42", "       managed   42",
		"        managed  42 ", "        managed  42\r",
		"        managed 42", "        managed  ", "        managedx 42",
		"        min      11", "        scanned  0",
		"        protection: (0, 3019) ",
		"        protection: (0, 3019)x", "        protection: (0,3019)",
		"        protection: (1, 2, 3, 4, 5, 6, 7, 8, 9)",
		"        protection: (12345678, 1)", "        protection: ()",
		"     nr_free_pages 1", "\tnr_free_pages 1", "      Nr_x 1",
		"  pages free     1",
	};
	struct wm_zone z;
	const char *line;
	unsigned i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(taken); i++) {
		zone_with(DMA, taken[i]);
		/* on through the pagesets, to the end: no zone after them */
		if (run_from(zbuf, strlen(zbuf), strstr(zbuf, "pages free"),
			     &z) != zbuf + strlen(zbuf))
			fail_msg("'%s' not taken", taken[i]);
		assert_true(z.min == 10 && z.low == 13 && z.high == 16);
		if (i == 0)
			assert_true(z.managed == 5406170);
		if (i == 3)
			assert_true(z.nr_protection == 3 &&
				    z.protection[1] == 3019 &&
				    z.protection[2] == 24137);
	}
	for (i = 0; i < WM_ARRAY_SIZE(left); i++) {
		zone_with(DMA, left[i]);
		line = strstr(zbuf, "        high");
		line = strchr(line, '\n') + 1;
		if (run_from(zbuf, strlen(zbuf), strstr(zbuf, "pages free"),
			     &z) != line)
			fail_msg("'%s' taken", left[i]);
	}
	/* the last 24 bytes: the scan's, however plain */
	zone_with(DMA, "");
	line = strstr(zbuf, "        low");
	assert_ptr_equal(run_from(zbuf, (size_t)(line - zbuf) + 24,
				  strstr(zbuf, "pages free"), &z), line);
	assert_true(z.min == 10 && z.low == U);
	zone_with(DMA, "");
	assert_ptr_equal(run_from(zbuf, (size_t)(line - zbuf) + 25,
				  strstr(zbuf, "pages free"), &z),
			 strstr(zbuf, "        high"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_samples),
		cmocka_unit_test(test_scan_random),
		cmocka_unit_test(test_fast_keys),
		cmocka_unit_test(test_fast_protection),
		cmocka_unit_test(test_fast_header),
		cmocka_unit_test(test_fast_blocks),
		cmocka_unit_test(test_fast_run),
		cmocka_unit_test(test_fast_run_misses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
