// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc/vmstat on every real sample and on broken input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "vmstat.h"
#include "vmstat_samples.h"

#define U WM_UNKNOWN

static struct wm_parse_error perr;

static void load(const char *rel, struct wm_vmstat *vs)
{
	struct wm_buf b = { 0 };

	wm_test_load(&b, rel);
	memset(&perr, 0, sizeof(perr));
	if (wm_vmstat_parse(b.data, b.len, vs, &perr) != 0)
		fail_msg("%s:%lu: %s", rel, perr.line, perr.msg);
	wm_buf_free(&b);
}

static int parse_str(const char *s, struct wm_vmstat *vs)
{
	memset(&perr, 0, sizeof(perr));
	return wm_vmstat_parse(s, strlen(s), vs, &perr);
}

static void test_tables(void **state)
{
	struct wm_vmstat vs;

	(void)state;
	assert_string_equal(wm_vmstat_name(WM_VM_allocstall), "allocstall");
	assert_string_equal(wm_vmstat_name(WM_VM_pgscan_direct_throttle),
			    "pgscan_direct_throttle");
	assert_string_equal(wm_vmstat_name(WM_VM__COUNT), "?");
	assert_int_equal(wm_vmstat_kind(WM_VM_nr_free_pages), WM_VMSTAT_GAUGE);
	assert_int_equal(wm_vmstat_kind(WM_VM_oom_kill), WM_VMSTAT_COUNTER);
	assert_string_equal(wm_vmstat_zone_suffix(WM_ZONE_HIGHMEM), "high");
	wm_vmstat_init(&vs);
	vs.oom_kill = 7;
	vs.pgalloc_zone[WM_ZONE_NORMAL] = 9;
	assert_true(vs.v[WM_VM_oom_kill] == 7);
	assert_true(vs.zone[WM_VMZ_pgalloc][WM_ZONE_NORMAL] == 9);
	assert_true(vs.v[WM_VM_pgalloc] == U);
}

static void test_lab_6_1(void **state)
{
	struct wm_vmstat vs;

	(void)state;
	load("samples/lab-6.1/6.1.192-debian-qemu-256M.vmstat", &vs);
	assert_true(vs.nr_free_pages == 670);
	assert_true(vs.workingset_refault_file == 468991);
	assert_true(vs.pgalloc_zone[WM_ZONE_DMA] == 78239);
	assert_true(vs.pgalloc_zone[WM_ZONE_DMA32] == 669352);
	assert_true(vs.pgalloc_zone[WM_ZONE_HIGHMEM] == U);
	assert_true(vs.pgalloc == 78239 + 669352);
	/* per-zone allocstall (4.8+) summed */
	assert_true(vs.allocstall_zone[WM_ZONE_NORMAL] == 21);
	assert_true(vs.allocstall_zone[WM_ZONE_DEVICE] == 0);
	assert_true(vs.allocstall == 21);
	/* node-wide since 4.8 */
	assert_true(vs.pgscan_kswapd == 727364);
	assert_true(vs.pgscan_direct == 1172);
	assert_true(vs.pgsteal_kswapd == 696304);
	assert_true(vs.pgsteal_direct == 1172);
	assert_true(vs.pgscan_kswapd_zone[WM_ZONE_DMA32] == U);
	assert_true(vs.pgscan_direct_throttle == 1);
	assert_true(vs.kswapd_low_wmark_hit_quickly == 7851);
	assert_true(vs.kswapd_high_wmark_hit_quickly == 0);
	assert_true(vs.pageoutrun == 7852);
	assert_true(vs.oom_kill == 0);
	assert_true(vs.compact_stall == 0 && vs.compact_fail == 0 &&
		    vs.compact_success == 0);
}

static void test_local_6_18(void **state)
{
	struct wm_vmstat vs;
	unsigned z;

	(void)state;
	load("samples/local/linux-6.18.44-fc-v857.vmstat", &vs);
	assert_true(vs.nr_free_pages == 926572);
	assert_true(vs.workingset_refault_file == 28474);
	assert_true(vs.pgalloc == 5570456);
	assert_true(vs.pgalloc_zone[WM_ZONE_NORMAL] == 5570456);
	for (z = 0; z < WM_ZONE__COUNT; z++)
		assert_true(vs.allocstall_zone[z] ==
			    (z == WM_ZONE_HIGHMEM ? U : 0));
	assert_true(vs.allocstall == 0);
	assert_true(vs.pgscan_kswapd == 0 && vs.oom_kill == 0);
}

static void test_2_6_15(void **state)
{
	struct wm_vmstat vs;
	unsigned z;

	(void)state;
	load("samples/vmstat/2.6.15-rc2-numa-lkml.vmstat", &vs);
	assert_true(vs.nr_free_pages == U);	/* no ZVC yet */
	assert_true(vs.allocstall == 168227);	/* the old single counter */
	for (z = 0; z < WM_ZONE__COUNT; z++)
		assert_true(vs.allocstall_zone[z] == U);
	assert_true(vs.pgalloc_zone[WM_ZONE_HIGHMEM] == 0);
	assert_true(vs.pgalloc == 68192735ull + 78742215ull);
	/* per-zone pgscan before 4.8: summed */
	assert_true(vs.pgscan_kswapd_zone[WM_ZONE_NORMAL] == 12889635);
	assert_true(vs.pgscan_kswapd == 12889635ull + 18124029ull);
	assert_true(vs.pgscan_direct == 1419165ull + 1397649ull);
	/* 2.6.15 has pgsteal_<zone> and kswapd_steal, not these */
	assert_true(vs.pgsteal_kswapd == U && vs.pgsteal_direct == U);
	assert_true(vs.pageoutrun == 997021);
	assert_true(vs.kswapd_low_wmark_hit_quickly == U);
	assert_true(vs.compact_stall == U && vs.oom_kill == U);
	assert_true(vs.workingset_refault_file == U);
}

static void test_old_samples(void **state)
{
	struct wm_vmstat vs;

	(void)state;
	load("samples/vmstat/2.6.16-embedded.vmstat", &vs);
	assert_true(vs.pgalloc == 5712 && vs.allocstall == 0);
	assert_true(vs.pgalloc_zone[WM_ZONE_DMA32] == 0);

	load("samples/vmstat/android-3.4.5-highmem.vmstat", &vs);
	assert_true(vs.nr_free_pages == 51698);
	assert_true(vs.pgalloc_zone[WM_ZONE_HIGHMEM] == 347327);
	assert_true(vs.pgalloc == 193656 + 347327);
	assert_true(vs.kswapd_low_wmark_hit_quickly == 3);
	assert_true(vs.pageoutrun == 6);
	assert_true(vs.pgsteal_kswapd == 0);	/* sum of per-zone zeros */
	assert_true(vs.compact_stall == U && vs.oom_kill == U);

	load("samples/vmstat/arm-4.4.0-xilinx-cma.vmstat", &vs);
	assert_true(vs.nr_free_pages == 34683);
	assert_true(vs.pgalloc == 45746579);
	assert_true(vs.workingset_refault_file == 0);	/* old name */
	assert_true(vs.pgscan_direct_throttle == 0);

	load("samples/vmstat/ubuntu-3.2.0-58-x86_64.vmstat", &vs);
	assert_true(vs.nr_free_pages == 1435033);
	assert_true(vs.pgalloc == 4 + 13948 + 65538599);
	assert_true(vs.pageoutrun == 1 && vs.allocstall == 0);
	assert_true(vs.pgscan_kswapd == 0 && vs.oom_kill == U);
}

static void test_4_18_5_10(void **state)
{
	struct wm_vmstat vs;

	(void)state;
	load("samples/vmstat/rhel8-4.18.0-80-x86_64-sosreport.vmstat", &vs);
	assert_true(vs.nr_free_pages == 213021);
	assert_true(vs.pgalloc == 2 + 2030533 + 1893180);
	assert_true(vs.allocstall == 0);
	assert_true(vs.allocstall_zone[WM_ZONE_DEVICE] == U);
	assert_true(vs.workingset_refault_file == 0);
	assert_true(vs.oom_kill == 0);

	load("samples/vmstat/debian11-5.10.84-x86_64-2cpu.vmstat", &vs);
	assert_true(vs.nr_free_pages == 368336);
	assert_true(vs.pgalloc == 288025);
	assert_true(vs.pgalloc_zone[WM_ZONE_DMA32] == 288025);
	assert_true(vs.compact_success == 0);
}

static void test_delta(void **state)
{
	struct wm_vmstat a, b, d;

	(void)state;
	assert_int_equal(parse_str("nr_free_pages 100\nallocstall_normal 5\n"
				   "allocstall_dma32 1\npageoutrun 10\n"
				   "oom_kill 3\ncompact_stall 4\n", &a), 0);
	assert_int_equal(parse_str("nr_free_pages 40\nallocstall_normal 9\n"
				   "allocstall_dma32 1\npageoutrun 7\n"
				   "compact_stall 4\n", &b), 0);
	wm_vmstat_delta(&a, &b, &d);
	assert_true(d.nr_free_pages == 40);	/* gauge: the newer level */
	assert_true(d.allocstall == 4);
	assert_true(d.allocstall_zone[WM_ZONE_NORMAL] == 4);
	assert_true(d.allocstall_zone[WM_ZONE_DMA32] == 0);
	assert_true(d.allocstall_zone[WM_ZONE_DMA] == U);
	assert_true(d.pageoutrun == U);		/* went backwards */
	assert_true(d.oom_kill == U);		/* gone */
	assert_true(d.compact_stall == 0);
	assert_true(d.pgscan_kswapd == U);	/* never known */
	/* in place */
	wm_vmstat_delta(&a, &b, &b);
	assert_true(b.allocstall == 4);
}

static void test_truncated(void **state)
{
	struct wm_vmstat full, part;
	unsigned s, i, z;

	(void)state;
	for (s = 0; s < WM_ARRAY_SIZE(samples); s++) {
		struct wm_buf b = { 0 };
		size_t n;

		load(samples[s], &full);
		wm_test_load(&b, samples[s]);
		for (n = 0; n < b.len; n++) {
			char *p = malloc(n ? n : 1);
			int rc;

			assert_non_null(p);
			memcpy(p, b.data, n);
			rc = wm_vmstat_parse(p, n, &part, &perr);
			free(p);
			if (rc == -ENODATA)
				continue;
			assert_int_equal(rc, 0);
			for (i = WM_VMZ__COUNT; i < WM_VM__COUNT; i++)
				assert_true(part.v[i] == full.v[i] ||
					    part.v[i] == U);
			for (i = 0; i < WM_VMZ__COUNT; i++) {
				/* a total may lack the zones not yet read */
				assert_true(part.v[i] <= full.v[i] ||
					    part.v[i] == U);
				for (z = 0; z < WM_ZONE__COUNT; z++)
					assert_true(part.zone[i][z] ==
							    full.zone[i][z] ||
						    part.zone[i][z] == U);
			}
		}
		wm_buf_free(&b);
	}
}

static void test_broken(void **state)
{
	static char big[100 * 1024 + 64];
	struct wm_vmstat vs;
	uint32_t x = 99;
	size_t i, n;

	(void)state;
	assert_int_equal(parse_str("", &vs), -ENODATA);
	for (i = 0; i < sizeof(big); i++) {
		x = x * 1103515245u + 12345u;
		big[i] = (char)(x >> 16);
	}
	assert_int_equal(wm_vmstat_parse(big, sizeof(big), &vs, &perr),
			 -ENODATA);
	/* a 100 KB unknown line is skipped */
	memset(big, 'x', 100 * 1024);
	strcpy(big + 100 * 1024, " 1\noom_kill 5\n");
	assert_int_equal(parse_str(big, &vs), 0);
	assert_true(vs.oom_kill == 5);
	/* a 100 KB number */
	strcpy(big, "oom_kill ");
	n = strlen(big);
	memset(big + n, '7', 100 * 1024);
	strcpy(big + n + 100 * 1024, "\n");
	assert_int_equal(parse_str(big, &vs), -ERANGE);

	assert_int_equal(parse_str("pageoutrun 1\noom_kill 18446744073709551616\n",
				   &vs), -ERANGE);
	assert_int_equal(perr.line, 2);
	assert_int_equal(parse_str("oom_kill 18446744073709551615\n", &vs),
			 -ERANGE);
	/* the per-zone sum must not wrap */
	assert_int_equal(parse_str("allocstall_dma 10\n"
				   "allocstall_normal 18446744073709551610\n",
				   &vs), -ERANGE);
	assert_int_equal(parse_str("oom_kill x\n", &vs), -EPROTO);
	assert_int_equal(parse_str("oom_kill 1 2\n", &vs), -EPROTO);
	assert_int_equal(parse_str("oom_kill\n", &vs), -EPROTO);
	assert_int_equal(parse_str("oom_kill 1\noom_kill 2\n", &vs), -EPROTO);
	assert_int_equal(perr.line, 2);
	assert_true(vs.oom_kill == U);	/* nothing half-parsed survives */
	assert_int_equal(parse_str("pgalloc_dma 1\npgalloc_dma 2\n", &vs),
			 -EPROTO);
	/* unknown names and suffixes are skipped */
	assert_int_equal(parse_str("pgalloc_dma64 5\nallocstall_ 3\npgalloc 9x\n"
				   "oom_kill 2\n", &vs), -EPROTO);
	assert_int_equal(parse_str("pgalloc_dma64 5\nallocstall_ 3\n"
				   "oom_kill 2\n", &vs), 0);
	assert_true(vs.pgalloc == U && vs.allocstall == U && vs.oom_kill == 2);
	/* a printed total wins over per-zone values */
	assert_int_equal(parse_str("allocstall_dma 1\nallocstall 5\n"
				   "allocstall_normal 2\n", &vs), 0);
	assert_true(vs.allocstall == 5);
	assert_true(vs.allocstall_zone[WM_ZONE_NORMAL] == 2);
	/* the last line without '\n' may be cut: ignored */
	assert_int_equal(parse_str("oom_kill 2\npageoutrun 12", &vs), 0);
	assert_true(vs.pageoutrun == U);
}

static void test_nul_bytes(void **state)
{
	static const char a[] = "oom_kill 1\0002\npageoutrun 3\n";
	static const char b[] = "oom_\000kill 1\npageoutrun 3\n";
	struct wm_vmstat vs;

	(void)state;
	assert_int_equal(wm_vmstat_parse(a, sizeof(a) - 1, &vs, &perr),
			 -EPROTO);
	assert_int_equal(perr.line, 1);
	assert_int_equal(wm_vmstat_parse(b, sizeof(b) - 1, &vs, &perr), 0);
	assert_true(vs.oom_kill == U && vs.pageoutrun == 3);
}

/* The value a parse of "<name> 7\n" gave to item (zone -1: the total). */
static uint64_t one_line(const char *name, int item, int zone)
{
	char line[128];
	struct wm_vmstat vs;
	int rc;

	snprintf(line, sizeof(line), "%s 7\n", name);
	rc = parse_str(line, &vs);
	if (rc == -ENODATA)
		return U;
	assert_int_equal(rc, 0);
	return zone < 0 ? vs.v[item] : vs.zone[item][zone];
}

/* Known: a total, a per-zone name, or the old name of a total. */
static bool known_name(const char *name, size_t len)
{
	char buf[128];
	unsigned i, z;

	if (len == strlen("workingset_refault") &&
	    memcmp(name, "workingset_refault", len) == 0)
		return true;
	for (i = 0; i < WM_VM__COUNT; i++) {
		if (strlen(wm_vmstat_name(i)) == len &&
		    memcmp(name, wm_vmstat_name(i), len) == 0)
			return true;
		for (z = 0; i < WM_VMZ__COUNT && z < WM_ZONE__COUNT; z++) {
			snprintf(buf, sizeof(buf), "%s_%s", wm_vmstat_name(i),
				 wm_vmstat_zone_suffix(z));
			if (strlen(buf) == len && memcmp(name, buf, len) == 0)
				return true;
		}
	}
	return false;
}

/* Every name the look-up table holds resolves, and nothing else does. */
static void check_name(const char *name, int item, int zone)
{
	char buf[128];
	size_t n = strlen(name), k;
	struct wm_vmstat vs;

	assert_true(one_line(name, item, zone) == 7);
	/* the whole of it, in every other shape of line */
	snprintf(buf, sizeof(buf), " \t%s\t7 \r\n", name);
	assert_int_equal(parse_str(buf, &vs), 0);
	assert_true((zone < 0 ? vs.v[item] : vs.zone[item][zone]) == 7);
	snprintf(buf, sizeof(buf), "%s\r7\n", name);
	assert_int_equal(parse_str(buf, &vs), 0);
	assert_true((zone < 0 ? vs.v[item] : vs.zone[item][zone]) == 7);
	snprintf(buf, sizeof(buf), "%s\t\t7\n", name);
	assert_int_equal(parse_str(buf, &vs), 0);
	assert_true((zone < 0 ? vs.v[item] : vs.zone[item][zone]) == 7);
	/* its proper prefixes are unknown unless they are names themselves */
	for (k = 1; k < n; k++) {
		snprintf(buf, sizeof(buf), "%.*s", (int)k, name);
		if (!known_name(buf, k))
			assert_int_equal(parse_str(strcat(buf, " 7\n"), &vs),
					 -ENODATA);
	}
	/* and so is anything longer, or with one byte changed */
	snprintf(buf, sizeof(buf), "%sx 7\n", name);
	assert_int_equal(parse_str(buf, &vs), -ENODATA);
	snprintf(buf, sizeof(buf), "%s_ 7\n", name);
	assert_int_equal(parse_str(buf, &vs), -ENODATA);
	for (k = 0; k < n; k++) {
		snprintf(buf, sizeof(buf), "%s 7\n", name);
		buf[k] ^= 0x20;
		assert_int_equal(parse_str(buf, &vs), -ENODATA);
	}
}

static void test_lookup(void **state)
{
	char name[128];
	unsigned i, z;

	(void)state;
	for (i = 0; i < WM_VM__COUNT; i++) {
		check_name(wm_vmstat_name(i), (int)i, -1);
		for (z = 0; i < WM_VMZ__COUNT && z < WM_ZONE__COUNT; z++) {
			snprintf(name, sizeof(name), "%s_%s", wm_vmstat_name(i),
				 wm_vmstat_zone_suffix(z));
			check_name(name, (int)i, (int)z);
		}
	}
	check_name("workingset_refault", WM_VM_workingset_refault_file, -1);
	/* a few of the names every kernel prints and we do not keep */
	assert_true(one_line("pgfault", 0, -1) == U);
	assert_true(one_line("nr_free_pages_blocks", 0, -1) == U);
	assert_true(one_line("pgscan_khugepaged", 0, -1) == U);
	assert_true(one_line("allocstall_dma33", 0, -1) == U);
	assert_true(one_line("pgalloc_Normal", 0, -1) == U);
	assert_true(one_line("x", 0, -1) == U);
	/* a name whose hash would land on a kept one's is still compared */
	assert_true(one_line("oom_kilL", 0, -1) == U);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_lab_6_1),
		cmocka_unit_test(test_local_6_18),
		cmocka_unit_test(test_2_6_15),
		cmocka_unit_test(test_old_samples),
		cmocka_unit_test(test_4_18_5_10),
		cmocka_unit_test(test_delta),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_lookup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
