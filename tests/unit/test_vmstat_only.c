// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_vmstat_parse_only() against wm_vmstat_parse() on the same bytes:
 * every real sample, every truncation of each, and broken input. Where
 * the full parse succeeds, the wanted values must be its values and the
 * rest unknown; where it fails on a wanted counter's line, the same
 * error (code, line, message).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "tick.h"
#include "vmstat.h"
#include "vmstat_samples.h"

static struct wm_vmstat full, only;
static struct wm_parse_error ef, eo;

/* Does the full parser's error message name a wanted item? */
static bool error_is_wanted(const char *msg, uint64_t want)
{
	unsigned i;

	for (i = 0; i < WM_VM__COUNT; i++) {
		const char *n = wm_vmstat_name((enum wm_vmstat_item)i);
		size_t l = strlen(n);

		if ((want & WM_VM_BIT(i)) && strncmp(msg, n, l) == 0 &&
		    (msg[l] == ':' || msg[l] == ' '))
			return true;
	}
	return false;
}

/* Compare the two parsers on buf[0..len); returns the full parser's rc. */
static int compare(const char *buf, size_t len, uint64_t want)
{
	int rf, ro;
	unsigned i, z;

	memset(&ef, 0, sizeof(ef));
	memset(&eo, 0, sizeof(eo));
	rf = wm_vmstat_parse(buf, len, &full, &ef);
	ro = wm_vmstat_parse_only(buf, len, want, &only, &eo);
	if (rf && rf != -ENODATA) {
		if (error_is_wanted(ef.msg, want)) {
			assert_int_equal(ro, rf);
			assert_int_equal(eo.line, ef.line);
			assert_string_equal(eo.msg, ef.msg);
		} else if (ro) {
			/* a later wanted line: the full parser stopped first */
			assert_true(eo.line >= ef.line);
			assert_true(error_is_wanted(eo.msg, want));
		}
		if (ro)
			for (i = 0; i < WM_VM__COUNT; i++)
				assert_true(only.v[i] == WM_UNKNOWN);
		return rf;
	}
	/* -ENODATA: no known counter; none wanted either, no error */
	if (ro)
		fail_msg("only: %d at line %lu: %s (full: %d)", ro, eo.line,
			 eo.msg, rf);
	for (i = 0; i < WM_VM__COUNT; i++) {
		bool w = (want & WM_VM_BIT(i)) && rf == 0;

		assert_true(only.v[i] == (w ? full.v[i] : WM_UNKNOWN));
		for (z = 0; i < WM_VMZ__COUNT && z < WM_ZONE__COUNT; z++)
			assert_true(only.zone[i][z] ==
				    (w ? full.zone[i][z] : WM_UNKNOWN));
	}
	return rf;
}

static void test_samples(void **state)
{
	struct wm_buf b = { 0 };
	unsigned s, i;
	size_t n;

	(void)state;
	for (s = 0; s < WM_ARRAY_SIZE(samples); s++) {
		wm_test_load(&b, samples[s]);
		/* the whole file: every wanted value found, as in full */
		assert_int_equal(compare(b.data, b.len, WM_TICK_VMSTAT), 0);
		assert_true(only.allocstall != WM_UNKNOWN);
		assert_true(only.allocstall == full.allocstall);
		assert_int_equal(compare(b.data, b.len, WM_VM_ALL), 0);
		assert_memory_equal(&only, &full, sizeof(full));
		for (i = 0; i < WM_VM__COUNT; i++)
			compare(b.data, b.len, WM_VM_BIT(i));
		/* every truncation: a kernel read cut short anywhere */
		for (n = 0; n < b.len; n++)
			compare(b.data, n, WM_TICK_VMSTAT);
	}
	wm_buf_free(&b);
}

/* Real values: the tick's three on the 6.18 sample. */
static void test_values(void **state)
{
	struct wm_buf b = { 0 };

	(void)state;
	wm_test_load(&b, "samples/local/linux-6.18.44-fc-v857.vmstat");
	assert_int_equal(wm_vmstat_parse_only(b.data, b.len, WM_TICK_VMSTAT,
					      &only, &eo), 0);
	assert_int_equal(wm_vmstat_parse(b.data, b.len, &full, &ef), 0);
	assert_true(only.allocstall == full.allocstall);
	assert_true(only.pgscan_direct == full.pgscan_direct);
	assert_true(only.kswapd_low_wmark_hit_quickly ==
		    full.kswapd_low_wmark_hit_quickly);
	assert_true(only.pgalloc == WM_UNKNOWN && full.pgalloc != WM_UNKNOWN);
	assert_true(only.nr_free_pages == WM_UNKNOWN);
	wm_buf_free(&b);
}

static int parse_s(const char *s)
{
	memset(&eo, 0, sizeof(eo));
	compare(s, strlen(s), WM_TICK_VMSTAT);
	return wm_vmstat_parse_only(s, strlen(s), WM_TICK_VMSTAT, &only, &eo);
}

static void test_broken(void **state)
{
	char big[8192];
	size_t n = 0;
	unsigned i;

	(void)state;
	/* a wanted value malformed: the full parser's error */
	assert_int_equal(parse_s("pgfree 1\nallocstall_dma32 x\n"), -EPROTO);
	assert_int_equal(eo.line, 2);
	assert_string_equal(eo.msg, "allocstall: not a number");
	assert_int_equal(parse_s("a 1\nb 2\n  pgscan_direct 1 2\n"), -EPROTO);
	assert_int_equal(eo.line, 3);
	assert_int_equal(parse_s("kswapd_low_wmark_hit_quickly "
				 "99999999999999999999\n"), -ERANGE);
	assert_int_equal(parse_s("x 1\npgscan_direct 1\npgscan_direct 2\n"),
			 -EPROTO);
	assert_int_equal(eo.line, 3);
	assert_string_equal(eo.msg, "pgscan_direct given twice");
	assert_int_equal(parse_s("allocstall_dma 18446744073709551614\n"
				 "allocstall_normal 1\nz 0\n"), -ERANGE);
	assert_int_equal(eo.line, 3);
	/* another counter malformed: not looked at */
	assert_int_equal(parse_s("pgfree x\nallocstall 4\n"), 0);
	assert_true(only.allocstall == 4);
	assert_int_equal(parse_s("pgscan_direct_throttle x\n"
				 "pgscan_direct 5\n"), 0);
	assert_true(only.pgscan_direct == 5);
	/* a name that is not the first word; a blank-indented one */
	assert_int_equal(parse_s("foo allocstall 5\n \tallocstall 6\n"), 0);
	assert_true(only.allocstall == 6);
	/* a cut last line, and nothing wanted at all */
	assert_int_equal(parse_s("allocstall 7\nallocstall_dma 8"), 0);
	assert_true(only.allocstall == 7);
	assert_int_equal(parse_s("pgfree 1\n"), 0);
	assert_true(only.allocstall == WM_UNKNOWN);
	assert_int_equal(parse_s(""), 0);
	/* more lines that look wanted than a kernel prints: walked */
	for (i = 0; i < 40; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n,
				      "allocstall_x%u %u\n", i, i);
	n += (size_t)snprintf(big + n, sizeof(big) - n,
			      "allocstall_normal 3\nallocstall_dma 4\n");
	assert_int_equal(parse_s(big), 0);
	assert_true(only.allocstall == 7);
	snprintf(big + n, sizeof(big) - n, "allocstall_dma 5\n");
	assert_int_equal(parse_s(big), -EPROTO);
	assert_int_equal(eo.line, 43);
}

/*
 * The lines are found 64 bytes at a time: every wanted line, indented
 * or not, at every offset from such a block's start, and lines cut by
 * the end of the buffer right after a name.
 */
static void test_offsets(void **state)
{
#define T(s) { s, sizeof(s) - 1 }
	static const struct {
		const char *text;
		size_t len;
	} tails[] = {
		T("allocstall 3\n\tpgscan_direct 4\n"
		  "kswapd_low_wmark_hit_quickly 5\n"),
		T("  allocstall_dma32 6\npgscan_direct_throttle 1\n"
		  "pgscan_direct_normal 7\n"),
		T("a\0b 1\nallocstall 8\n \r allocstall_normal 9\n"),
		T("pgalloc_dma 1\nallocstall 2\nallocstall"),
		T("allocstall 1\nallocstall 2\n"),
	};
#undef T
	char buf[512];
	size_t k, n, t;
	int rc;

	(void)state;
	for (t = 0; t < WM_ARRAY_SIZE(tails); t++) {
		for (k = 0; k < 140; k++) {
			/* a first line of k bytes, then the wanted lines */
			memset(buf, 'x', k);
			if (k)
				buf[k - 1] = '\n';
			memcpy(buf + k, tails[t].text, tails[t].len);
			n = k + tails[t].len;
			rc = compare(buf, n, WM_TICK_VMSTAT);
			compare(buf, n, WM_VM_ALL);
			if (t == 0) {
				assert_int_equal(rc, 0);
				assert_true(only.allocstall == 3);
				assert_true(only.pgscan_direct == 4);
				assert_true(only.kswapd_low_wmark_hit_quickly == 5);
			} else if (t == 1) {
				assert_true(only.allocstall == 6);
				assert_true(only.pgscan_direct == 7);
			} else if (t == 4) {
				assert_int_equal(rc, -EPROTO);
				assert_int_equal(eo.line, k ? 3 : 2);
			}
		}
	}
}

/*
 * wm_vmstat_parse_query() reads the kernel's own lines itself: real
 * values from the samples, through a query made once and used again.
 */
static void test_query_samples(void **state)
{
	struct wm_vmstat_query q;
	struct wm_buf b = { 0 };

	(void)state;
	wm_vmstat_query_init(&q, WM_TICK_VMSTAT);
	wm_test_load(&b, "samples/lab-6.1/6.1.192-debian-qemu-256M.vmstat");
	assert_int_equal(wm_vmstat_parse_query(b.data, b.len, &q, &only, &eo),
			 0);
	assert_true(only.allocstall == 21);	/* the sum of its zones */
	assert_true(only.allocstall_zone[WM_ZONE_NORMAL] == 21);
	assert_true(only.allocstall_zone[WM_ZONE_DMA] == 0);
	assert_true(only.allocstall_zone[WM_ZONE_HIGHMEM] == WM_UNKNOWN);
	assert_true(only.pgscan_direct == 1172);
	assert_true(only.kswapd_low_wmark_hit_quickly == 7851);
	assert_true(only.pgscan_direct_throttle == WM_UNKNOWN);
	assert_true(only.pgscan_kswapd == WM_UNKNOWN);
	wm_test_load(&b, "samples/vmstat/android-3.4.5-highmem.vmstat");
	assert_int_equal(wm_vmstat_parse_query(b.data, b.len, &q, &only, &eo),
			 0);
	assert_true(only.kswapd_low_wmark_hit_quickly == 3);
	/* a 7-byte name (the hash takes 7 bytes) and the HighMem suffix */
	wm_vmstat_query_init(&q, WM_VM_BIT(WM_VM_pgalloc));
	assert_int_equal(wm_vmstat_parse_query(b.data, b.len, &q, &only, &eo),
			 0);
	assert_true(only.pgalloc_zone[WM_ZONE_HIGHMEM] == 347327);
	wm_test_load(&b, "samples/vmstat/ubuntu-3.2.0-58-x86_64.vmstat");
	assert_int_equal(wm_vmstat_parse_query(b.data, b.len, &q, &only, &eo),
			 0);
	assert_true(only.pgalloc == 4 + 13948 + 65538599 + 0);
	assert_true(only.pgalloc_zone[WM_ZONE_DMA32] == 13948);
	wm_buf_free(&b);
}

/*
 * Lines that start like a wanted one but are not the kernel's form:
 * each must give what wm_vmstat_parse() gives (compare()), and the
 * value or error written here.
 */
static const struct {
	const char *text;
	uint64_t want;
	int rc;
	unsigned long line;	/* of the error */
	enum wm_vmstat_item item;
	int zone;		/* -1: the total */
	uint64_t value;
} near[] = {
#define TICK WM_TICK_VMSTAT
#define T(i) WM_VM_BIT(WM_VM_##i)
#define E(text, want, rc, line) { text, want, rc, line, 0, -1, 0 },
	/* the kernel's form, total and per zone */
	{ "allocstall 5\n", TICK, 0, 0, WM_VM_allocstall, -1, 5 },
	{ "allocstall_dma 1\nallocstall_dma32 2\n", TICK, 0, 0,
	  WM_VM_allocstall, WM_ZONE_DMA32, 2 },
	{ "allocstall_dma 1\nallocstall_dma32 2\n", TICK, 0, 0,
	  WM_VM_allocstall, -1, 3 },
	{ "allocstall_device 4\n", TICK, 0, 0, WM_VM_allocstall,
	  WM_ZONE_DEVICE, 4 },
	{ "allocstall 1234567890123456789\n", TICK, 0, 0, WM_VM_allocstall,
	  -1, 1234567890123456789ULL },
	/* given twice: total, zone, and under the old name */
	E("x 1\nallocstall 5\nallocstall 5\n", TICK, -EPROTO, 3)
	E("allocstall_dma32 5\nallocstall_dma32 6\n", TICK, -EPROTO, 2)
	E("pgscan_direct 1\npgscan_direct\t2\n", TICK, -EPROTO, 2)
	E("workingset_refault_file 1\nworkingset_refault 2\n",
	  T(workingset_refault_file), -EPROTO, 2)
	{ "workingset_refault 7\n", T(workingset_refault_file), 0, 0,
	  WM_VM_workingset_refault_file, -1, 7 },
	/* malformed values */
	E("allocstall 12x\n", TICK, -EPROTO, 1)
	E("allocstall_normal -1\n", TICK, -EPROTO, 1)
	E("allocstall 1 2\n", TICK, -EPROTO, 1)
	E("allocstall \n", TICK, -EPROTO, 1)
	E("allocstall\n", TICK, -EPROTO, 1)
	E("allocstall_dma32\n", TICK, -EPROTO, 1)
	E("allocstall_dma32\nx 1\n", TICK, -EPROTO, 1)
	E("allocstall\nx 1\n", TICK, -EPROTO, 1)
	E("allocstall 18446744073709551615\n", TICK, -ERANGE, 1)
	E("allocstall 99999999999999999999\n", TICK, -ERANGE, 1)
	E("allocstall_dma 9999999999999999999\n"
	  "allocstall_dma32 9999999999999999999\n", TICK, -ERANGE, 2)
	/* well-formed, not the kernel's spacing: the general path */
	{ "allocstall 00000000000000000009\n", TICK, 0, 0, WM_VM_allocstall,
	  -1, 9 },
	{ "allocstall\t7\n", TICK, 0, 0, WM_VM_allocstall, -1, 7 },
	{ "allocstall  7 \r\n", TICK, 0, 0, WM_VM_allocstall, -1, 7 },
	{ "allocstall_dma\t1\n", TICK, 0, 0, WM_VM_allocstall, WM_ZONE_DMA,
	  1 },
	{ "allocstall_dma32\r 2\n", TICK, 0, 0, WM_VM_allocstall,
	  WM_ZONE_DMA32, 2 },
	/* blanks before a name */
	{ "  allocstall 6\n", TICK, 0, 0, WM_VM_allocstall, -1, 6 },
	{ "\tallocstall_movable 8\n", TICK, 0, 0, WM_VM_allocstall,
	  WM_ZONE_MOVABLE, 8 },
	/* a wanted name as the prefix of a longer one: not it */
	{ "allocstallx 5\nallocstall_dma32x 6\nallocstall_ 7\n", TICK, 0, 0,
	  WM_VM_allocstall, -1, WM_UNKNOWN },
	{ "pgscan_direct_throttle x\npgscan_direct 4\n", TICK, 0, 0,
	  WM_VM_pgscan_direct, -1, 4 },
	{ "pgscan_direct_throttle 9\npgscan_direct 4\n",
	  T(pgscan_direct) | T(pgscan_direct_throttle), 0, 0,
	  WM_VM_pgscan_direct_throttle, -1, 9 },
	{ "kswapd_low_wmark_hit_quickly_x 1\n", TICK, 0, 0,
	  WM_VM_kswapd_low_wmark_hit_quickly, -1, WM_UNKNOWN },
	/* the first and last 8 bytes of the name, not the middle */
	{ "kswapd_low_XXXXX_hit_quickly 1\n", TICK, 0, 0,
	  WM_VM_kswapd_low_wmark_hit_quickly, -1, WM_UNKNOWN },
	{ "allocstall\0 5\n", TICK, 0, 0, WM_VM_allocstall, -1, WM_UNKNOWN },
	/* a last line without '\n' is cut, however short */
	{ "allocstall 3\nallocstall_dma 4", TICK, 0, 0, WM_VM_allocstall,
	  -1, 3 },
	{ "allocstall 3", TICK, 0, 0, WM_VM_allocstall, -1, WM_UNKNOWN },
	{ "pgalloc 1\n", T(pgalloc), 0, 0, WM_VM_pgalloc, -1, 1 },
	/* zone suffixes by their first byte: each, and near ones */
	{ "allocstall_high 3\n", TICK, 0, 0, WM_VM_allocstall,
	  WM_ZONE_HIGHMEM, 3 },
	{ "allocstall_normal 4\nallocstall_n 5\nallocstall_normalx 6\n",
	  TICK, 0, 0, WM_VM_allocstall, WM_ZONE_NORMAL, 4 },
	{ "allocstall_dmb 1\nallocstall_d 2\nallocstall_dma3 3\n"
	  "allocstall_devic 4\nallocstall_Dma 5\n", TICK, 0, 0,
	  WM_VM_allocstall, -1, WM_UNKNOWN },
	{ "allocstall_dma32 7\nallocstall_dma 8\n", TICK, 0, 0,
	  WM_VM_allocstall, WM_ZONE_DMA, 8 },
	/* 19 digits read here, more by the general parser */
	{ "allocstall 9999999999999999999\n", TICK, 0, 0, WM_VM_allocstall,
	  -1, 9999999999999999999ULL },
	E("allocstall 1234567890123456789012345678901234567890"
	  "12345678901234567890123456789\n", TICK, -ERANGE, 1)
	{ "allocstall 0000000000000000000000000000000000000000"
	  "0000000000000000000000000000000042\n", TICK, 0, 0,
	  WM_VM_allocstall, -1, 42 },
	/* names that share a hash slot (their first 8 bytes): both */
	{ "pgscan_direct_throttle 9\npgscan_direct 4\n",
	  T(pgscan_direct_throttle), 0, 0, WM_VM_pgscan_direct_throttle,
	  -1, 9 },
	{ "workingset_refault_file 5\n", T(workingset_refault_file) |
	  TICK, 0, 0, WM_VM_workingset_refault_file, -1, 5 },
	{ "workingset_refaultx 5\nworkingset_refault 6\n",
	  T(workingset_refault_file), 0, 0, WM_VM_workingset_refault_file,
	  -1, 6 },
#undef TICK
#undef T
#undef E
};

/* The text of near[t] after a first line of k bytes, in buf: its length. */
static size_t near_at(char *buf, size_t t, size_t k)
{
	/* one line has a NUL: the length is that of the literal */
	size_t n = strlen(near[t].text);

	if (strncmp(near[t].text, "allocstall\0", 11) == 0)
		n = sizeof("allocstall\0 5\n") - 1;
	memset(buf, 'x', k);
	if (k)
		buf[k - 1] = '\n';
	memcpy(buf + k, near[t].text, n);
	return k + n;
}

/*
 * Each near miss after a first line of 0 to 140 bytes: at every offset
 * in a 64-byte block, in the blocks and in the buffer's last bytes.
 */
static void test_near_misses(void **state)
{
	struct wm_vmstat_query q;
	char buf[256];
	size_t t, k, n;
	uint64_t v;
	int rc;

	(void)state;
	for (t = 0; t < WM_ARRAY_SIZE(near); t++) {
		wm_vmstat_query_init(&q, near[t].want);
		for (k = 0; k < 140; k++) {
			n = near_at(buf, t, k);
			compare(buf, n, near[t].want);
			memset(&eo, 0, sizeof(eo));
			rc = wm_vmstat_parse_query(buf, n, &q, &only, &eo);
			if (rc != near[t].rc)
				fail_msg("near[%zu] at %zu: %d", t, k, rc);
			if (rc) {
				assert_int_equal(eo.line,
						 near[t].line + (k ? 1 : 0));
				continue;
			}
			v = near[t].zone < 0 ?
				    only.v[near[t].item] :
				    only.zone[near[t].item][near[t].zone];
			if (v != near[t].value)
				fail_msg("near[%zu] at %zu: %" PRIu64, t, k, v);
		}
	}
}

/*
 * The query's first-byte filter: every byte before a wanted name (a blank
 * or a control byte: an indented line the full parser reads) and in
 * place of its first byte (no other name), in a block and at the end.
 */
static void test_first_byte(void **state)
{
	static const char *const names[] = {
		"allocstall", "pgscan_direct", "kswapd_low_wmark_hit_quickly",
		"allocstall_dma32",
	};
	char buf[200];
	unsigned c, i, k, n;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(names); i++) {
		for (c = 0; c < 256; c++) {
			for (k = 0; k < 2; k++) {
				/* k: the name after c, or c in its place */
				n = (unsigned)snprintf(buf, sizeof(buf),
					"pgfault 1\n%c%s 42\nnr_free_pages 7\n"
					"pgmajfault 3\nworkingset_nodes 5\n",
					c ? (int)c : '\t', names[i] + k);
				if (c == 0)	/* a NUL: its own length */
					buf[10] = '\0';
				compare(buf, n, WM_TICK_VMSTAT);
				/* the line last, under the block's 8 bytes */
				compare(buf, 10 + strlen(names[i]) - k + 5,
					WM_TICK_VMSTAT);
			}
		}
	}
	/* a real name indented: found by both, its value */
	n = (unsigned)snprintf(buf, sizeof(buf), "pgfault 1\n allocstall 42\n"
			       "nr_free_pages 7\npgmajfault 3\nnr_mlock 9\n"
			       "workingset_nodes 5\n");
	assert_int_equal(compare(buf, n, WM_TICK_VMSTAT), 0);
	assert_true(only.allocstall == 42);
}

/*
 * A hash slot names the one query name whose first bytes hash there, or
 * says that several do: the tick's names have a slot each, and names
 * that share their first eight bytes share one (both still found).
 */
static void test_query_slots(void **state)
{
	struct wm_vmstat_query q;
	struct wm_buf b = { 0 };
	unsigned s, one = 0, many = 0;

	(void)state;
	wm_vmstat_query_init(&q, WM_TICK_VMSTAT);
	for (s = 0; s < 256; s++) {
		one += q.slot[s] != 0 && q.slot[s] != 255;
		many += q.slot[s] == 255;
	}
	assert_int_equal(one, 3);
	assert_int_equal(many, 0);
	wm_vmstat_query_init(&q, WM_VM_BIT(WM_VM_pgscan_direct) |
			     WM_VM_BIT(WM_VM_pgscan_direct_throttle));
	for (s = many = 0; s < 256; s++)
		many += q.slot[s] == 255;
	assert_int_equal(many, 1);
	wm_test_load(&b, "samples/local/linux-6.18.44-fc-v857.vmstat");
	assert_int_equal(compare(b.data, b.len,
				 WM_VM_BIT(WM_VM_pgscan_direct) |
				 WM_VM_BIT(WM_VM_pgscan_direct_throttle)), 0);
	assert_true(only.pgscan_direct != WM_UNKNOWN);
	assert_true(only.pgscan_direct_throttle != WM_UNKNOWN);
	wm_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_query_samples),
		cmocka_unit_test(test_near_misses),
		cmocka_unit_test(test_first_byte),
		cmocka_unit_test(test_query_slots),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
