// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The report assembler on every allocfail/ and showmem/ sample, the lab
 * dmesg and the raw kmsg sample (concrete values from the files), on
 * synthetic records for what the samples lack, and on broken input:
 * garbage, 100 KB lines, NUL bytes, seq past 2^64 (every truncation and
 * chunked input: test_kmsg.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "report.h"

#define MAXR 400

struct collect {
	unsigned n;
	struct wm_report r[MAXR];
};

static struct collect C;
static struct wm_report_asm A;

static void emit(void *arg, const struct wm_report *r)
{
	struct collect *c = arg;

	if (c->n < MAXR)
		c->r[c->n] = *r;
	c->n++;
}

static void start(struct collect *c, const char *release, bool any)
{
	struct wm_report_opts o = { .emit = emit, .arg = c,
				    .default_release = release,
				    .any_facility = any };

	memset(c, 0, sizeof(*c));
	wm_report_init(&A, &o);
}

static void run(struct collect *c, const char *buf, size_t len,
		const char *release)
{
	start(c, release, false);
	wm_report_push_bytes(&A, buf, len);
	wm_report_end(&A);
}

static void run_str(const char *s)
{
	run(&C, s, strlen(s), NULL);
}

static void run_file(const char *path, const char *release)
{
	struct wm_buf b = { 0 };

	wm_test_load(&b, path);
	run(&C, b.data, b.len, release);
	wm_buf_free(&b);
}

#define AF "samples/allocfail/"

static void expect(const struct wm_report *r, enum wm_report_kind kind,
		   const char *comm, uint64_t order, uint64_t mask,
		   const char *names, enum wm_tri atomic, uint64_t supp)
{
	assert_int_equal(r->kind, kind);
	assert_string_equal(r->comm, comm);
	assert_true(r->order == order);
	assert_true(r->gfp.have_mask);
	assert_int_equal(r->gfp.mask, mask);
	if (names) {
		assert_true(r->gfp.have_names);
		assert_string_equal(r->gfp.names, names);
	} else {
		assert_false(r->gfp.have_names);
	}
	assert_int_equal(r->gfp.atomic, atomic);
	assert_int_equal(r->suppressed_before, supp);
}

static void test_seed(void **state)
{
	const struct wm_report *r = C.r;
	unsigned i;

	(void)state;
	run_file(AF "00-seed-linux-mm-2026-slub-and-page-GFP_ATOMIC-suppressed.log",
		 NULL);
	assert_int_equal(C.n, 7);
	for (i = 0; i < 6; i++) {
		expect(&r[i], WM_REPORT_SLAB, "", 0, 0x480020, "GFP_ATOMIC",
		       WM_TRI_TRUE, 0);
		assert_string_equal(r[i].cache, "skbuff_head_cache");
		assert_true(r[i].have_node);
		assert_int_equal(r[i].node, -1);
		assert_true(r[i].gfp.names_printed);
	}
	assert_int_equal(r[0].ts_usec, 38535642795972ULL);
	assert_int_equal(r[0].nr_slab_nodes, 2);
	assert_int_equal(r[0].slab_nodes[0].slabs, 854);
	assert_int_equal(r[0].slab_nodes[0].objs, 42320);
	assert_int_equal(r[0].slab_nodes[1].node, 1);
	assert_int_equal(r[0].slab_nodes[1].free, 294);
	assert_int_equal(r[5].nr_slab_nodes, 0);
	expect(&r[6], WM_REPORT_PAGE, "swapper/100", 0, 0x480020, "GFP_ATOMIC",
	       WM_TRI_TRUE, 59);
	assert_int_equal(r[6].ts_usec, 38535649655527ULL);
	assert_string_equal(r[6].nodemask, "");
	assert_string_equal(r[6].kernel_release, "");
	assert_int_equal(A.stats.reports, 7);
	assert_int_equal(A.stats.slab_reports, 6);
	assert_int_equal(A.stats.page_reports, 1);
	assert_int_equal(A.stats.atomic, 7);
	assert_int_equal(A.stats.suppressed, 59);
	assert_int_equal(A.stats.suppressed_pending, 0);
	assert_int_equal(A.stats.order0_atomic_reports, 1);
	assert_int_equal(A.stats.order0_atomic_failures, 60);
	assert_int_equal(A.stats.by_order[0], 7);
}

static void test_old_bare_masks(void **state)
{
	(void)state;
	run_file(AF "01-2.6.38-ubuntu-zfs325-order0-0x4020.log", NULL);
	assert_int_equal(C.n, 1);
	expect(&C.r[0], WM_REPORT_PAGE, "swapper", 0, 0x4020,
	       "GFP_ATOMIC|__GFP_COMP", WM_TRI_TRUE, 0);
	assert_false(C.r[0].gfp.names_printed);
	assert_string_equal(C.r[0].kernel_release, "2.6.38-10-server");
	assert_int_equal(C.r[0].ts_usec, 49212459660ULL);
	assert_int_equal(C.r[0].nr_zones, 0); /* those lines came before */

	run_file(AF "02-2.6.38-ubuntu-zfs325-slub-gfp0x20.log", NULL);
	assert_int_equal(C.n, 1);
	expect(&C.r[0], WM_REPORT_SLAB, "", WM_UNKNOWN, 0x20, NULL,
	       WM_TRI_UNKNOWN, 0);
	assert_int_equal(C.r[0].node, -1);
	assert_string_equal(C.r[0].cache, "");
	assert_int_equal(A.stats.atomic_unknown, 1);
	run_file(AF "02-2.6.38-ubuntu-zfs325-slub-gfp0x20.log", "2.6.38");
	expect(&C.r[0], WM_REPORT_SLAB, "", WM_UNKNOWN, 0x20, "GFP_ATOMIC",
	       WM_TRI_TRUE, 0);
	assert_string_equal(C.r[0].kernel_release, "2.6.38");

	run_file(AF "04-3.18.18-dmwriteboost-order8-0x204010.log", NULL);
	assert_int_equal(C.n, 1);
	expect(&C.r[0], WM_REPORT_PAGE, "dmwb_writeback_", 8, 0x204010,
	       "__GFP_WAIT|__GFP_COMP|__GFP_NOTRACK", WM_TRI_FALSE, 0);
	assert_string_equal(C.r[0].kernel_release, "3.18.18+38-ph");
	assert_int_equal(A.stats.by_order[8], 1);

	run_file(AF "05-4.3.0-archarm-order0-0x20.log", NULL);
	assert_int_equal(C.n, 1);
	expect(&C.r[0], WM_REPORT_PAGE, "systemd-cgroups", 0, 0x20,
	       "GFP_ATOMIC", WM_TRI_TRUE, 0);
	assert_string_equal(C.r[0].kernel_release, "4.3.0-1-ARCH");
	assert_int_equal(C.r[0].ts_usec, 969610000);

	run_file(AF "17-3.x-docker-slub-memcg-gfp0x20.log", NULL);
	assert_int_equal(C.n, 4);
	expect(&C.r[3], WM_REPORT_SLAB, "", 0, 0x20, NULL, WM_TRI_UNKNOWN, 0);
	assert_string_equal(C.r[0].cache, "kmalloc-1024(1793:c8edefa90517e21bc"
			    "691deef20c17220af0f0ac69962cc51007d372e7dd40256)");
	assert_int_equal(C.r[0].slab_nodes[0].slabs, 663);
	assert_int_equal(C.r[3].slab_nodes[0].objs, 21032);
	run_file(AF "17-3.x-docker-slub-memcg-gfp0x20.log", "3.10");
	assert_int_equal(A.stats.atomic, 4);
}

static void test_named_masks(void **state)
{
	(void)state;
	run_file(AF "06-4.9.24-coreos-journal-GFP_ATOMIC-0x2084120.log", NULL);
	assert_int_equal(C.n, 1);
	expect(&C.r[0], WM_REPORT_PAGE, "java", 0, 0x2084120,
	       "GFP_ATOMIC|__GFP_COLD|__GFP_COMP", WM_TRI_TRUE, 0);
	assert_string_equal(C.r[0].kernel_release, "4.9.24-coreos");
	assert_true(C.r[0].ts_usec == WM_UNKNOWN);

	run_file(AF "08-4.12-android-x86-GFP_HIGHUSER-wrapped.log", NULL);
	assert_int_equal(C.n, 1);
	expect(&C.r[0], WM_REPORT_PAGE, "RenderThread", 0, 0x14210d2,
	       "GFP_HIGHUSER|__GFP_NORETRY|__GFP_RECLAIMABLE", WM_TRI_FALSE, 0);
	assert_string_equal(C.r[0].kernel_release, "4.12.0-rc3-android-x86+");
	assert_int_equal(C.r[0].ts_usec, 1221658269);

	run_file(AF "09-4.18.0-rc2-ppc64-mode0x0-cpuset-own-line.log", NULL);
	assert_int_equal(C.n, 1);
	expect(&C.r[0], WM_REPORT_PAGE, "swapper/0", 0, 0, "", WM_TRI_FALSE, 0);
	assert_true(C.r[0].gfp.names_printed);
	assert_string_equal(C.r[0].kernel_release, "4.18.0-rc2-autotest-autotest");

	run_file(AF "11-5.7.0-bcachefs-order7-GFP_KERNEL_COMP.log", NULL);
	assert_int_equal(C.n, 1);
	expect(&C.r[0], WM_REPORT_PAGE, "updater", 7, 0x40cc0,
	       "GFP_KERNEL|__GFP_COMP", WM_TRI_FALSE, 0);
	assert_string_equal(C.r[0].kernel_release,
			    "5.7.0+bcachefs.git20200629.278fe397-1-generic");

	run_file(AF "12-5.9.0-fedora-journal-monotonic-GFP_NOWAIT.log", NULL);
	assert_int_equal(C.n, 1);
	expect(&C.r[0], WM_REPORT_PAGE, "earlyoom", 0, 0x800, "GFP_NOWAIT",
	       WM_TRI_FALSE, 0);
	assert_int_equal(C.r[0].ts_usec, 21161092614ULL);
	assert_string_equal(C.r[0].kernel_release, "5.9.0-0.rc4.5.fc34.x86_64+debug");

	run_file(AF "13-5.9.0-fedora-journal-monotonic-SLUB-GFP_NOWAIT.log", NULL);
	assert_int_equal(C.n, 2);
	expect(&C.r[1], WM_REPORT_SLAB, "", 0, 0x900, "GFP_NOWAIT|__GFP_ZERO",
	       WM_TRI_FALSE, 0);
	assert_string_equal(C.r[1].cache, "page->ptl");
	assert_int_equal(C.r[1].nr_slab_nodes, 1);
	assert_int_equal(C.r[1].slab_nodes[0].objs, 13216);

	run_file(AF "14-6.8.0-xtensa-GFP_ATOMIC-0x820.log", NULL);
	assert_int_equal(C.n, 1);
	expect(&C.r[0], WM_REPORT_PAGE, "irq/5-600c0004.", 0, 0x820,
	       "GFP_ATOMIC", WM_TRI_TRUE, 0);
	assert_string_equal(C.r[0].kernel_release, "6.8.0");

	run_file(AF "16-6.19.11-cachyos-dmesgT-header-GFP_NOFS.log", NULL);
	assert_int_equal(C.n, 1);
	expect(&C.r[0], WM_REPORT_PAGE, "chrome", 0, 0xc0d60,
	       "GFP_NOFS|__GFP_HIGH|__GFP_ZERO|__GFP_COMP|__GFP_NOMEMALLOC",
	       WM_TRI_FALSE, 0);
	assert_string_equal(C.r[0].wall_time, "Fri Apr 17 19:55:54 2026");
	assert_string_equal(C.r[0].kernel_release, "6.19.11-1-cachyos-deckify");
}

static void expect_zone(const struct wm_klog_zone *z, unsigned node,
			const char *name, uint64_t free, uint64_t min,
			uint64_t low, uint64_t high, bool below)
{
	assert_int_equal(z->node, node);
	assert_string_equal(z->zone, name);
	assert_int_equal(z->free_kb, free);
	assert_int_equal(z->min_kb, min);
	assert_int_equal(z->low_kb, low);
	assert_int_equal(z->high_kb, high);
	assert_int_equal(z->below_min, below);
}

static void test_lab(void **state)
{
	(void)state;
	run_file("samples/lab-6.1/6.1.192-debian-qemu-256M-atomic-burst.dmesg",
		 NULL);
	assert_int_equal(C.n, 2);
	expect(&C.r[0], WM_REPORT_PAGE, "dd", 0, 0xa20, "GFP_ATOMIC",
	       WM_TRI_TRUE, 0);
	expect(&C.r[1], WM_REPORT_PAGE, "dd", 0, 0xa20, "GFP_ATOMIC",
	       WM_TRI_TRUE, 6247);
	assert_int_equal(C.r[0].ts_usec, 5051047);
	assert_int_equal(C.r[1].ts_usec, 15054439);
	assert_string_equal(C.r[1].kernel_release, "6.1.0-56-amd64");
	assert_int_equal(C.r[0].nr_zones, 2);
	expect_zone(&C.r[0].zones[0], 0, "DMA", 632, 152, 188, 224, false);
	assert_int_equal(C.r[0].zones[0].boost_kb, 0);
	expect_zone(&C.r[0].zones[1], 0, "DMA32", 528, 4708, 5068, 5428, true);
	assert_int_equal(C.r[0].zones[1].boost_kb, 3256);
	expect_zone(&C.r[1].zones[1], 0, "DMA32", 540, 4708, 5068, 5428, true);
	assert_int_equal(A.stats.order0_atomic_reports, 2);
	assert_int_equal(A.stats.order0_atomic_failures, 6249);
	assert_int_equal(A.stats.nr_zones, 2);
	assert_string_equal(A.stats.zones[1].zone, "DMA32");
	assert_int_equal(A.stats.zones[1].reports, 2);
	assert_int_equal(A.stats.zones[1].below_min, 2);
	assert_int_equal(A.stats.zones[0].below_min, 0);
	assert_int_equal(A.stats.lines, 598);
}

static void test_showmem(void **state)
{
	struct wm_buf b = { 0 };
	static const char hdr1[] = "Feb  9 08:09:39 prod-server kernel: x: page "
				   "allocation failure: order:0, mode:0x820("
				   "GFP_ATOMIC)\n";
	static const char hdr2[] = "kswapd0: page allocation failure. order:0, "
				   "mode:0x20\n";

	(void)state;
	run_file("samples/showmem/01-4.x-syslog-rsyslog-escaped-showmem.log", NULL);
	assert_int_equal(C.n, 0);
	assert_int_equal(A.stats.lines, 7);
	run_file("samples/showmem/02-2.6.15-rc2-numa-sysrq-m.log", NULL);
	assert_int_equal(C.n, 0);

	/* the same show_mem after a report header: zones at failure */
	wm_test_load(&b, "samples/showmem/01-4.x-syslog-rsyslog-escaped-showmem.log");
	start(&C, NULL, false);
	wm_report_push_bytes(&A, hdr1, sizeof(hdr1) - 1);
	wm_report_push_bytes(&A, b.data, b.len);
	wm_report_end(&A);
	assert_int_equal(C.n, 1);
	assert_string_equal(C.r[0].wall_time, "Feb  9 08:09:39");
	assert_int_equal(C.r[0].nr_zones, 1);
	expect_zone(&C.r[0].zones[0], 0, "DMA", 13312, 64, 80, 96, false);
	assert_true(C.r[0].zones[0].boost_kb == WM_UNKNOWN);

	wm_test_load(&b, "samples/showmem/02-2.6.15-rc2-numa-sysrq-m.log");
	start(&C, "2.6.15", false);
	wm_report_push_bytes(&A, hdr2, sizeof(hdr2) - 1);
	wm_report_push_bytes(&A, b.data, b.len);
	wm_report_end(&A);
	assert_int_equal(C.n, 1);
	expect(&C.r[0], WM_REPORT_PAGE, "kswapd0", 0, 0x20, "GFP_ATOMIC",
	       WM_TRI_TRUE, 0);
	assert_int_equal(C.r[0].nr_zones, 8);
	expect_zone(&C.r[0].zones[2], 1, "Normal", 7320, 5692, 7112, 8536, false);
	expect_zone(&C.r[0].zones[3], 1, "HighMem", 0, 128, 128, 128, false);
	expect_zone(&C.r[0].zones[5], 0, "DMA32", 7048, 5672, 7088, 8508, false);
	wm_buf_free(&b);

	/* rsyslog's #012 inside one line splits into lines */
	run_str("Feb  9 08:09:39 h kernel: x: page allocation failure: order:0, "
		"mode:0x820(GFP_ATOMIC)#012Node 0 DMA32 free:1kB min:2kB low:3kB "
		"high:4kB#012 0 pages hwpoisoned#012Node 0 Normal free:1kB "
		"min:2kB low:3kB high:4kB\n");
	assert_int_equal(C.n, 1);
	assert_int_equal(C.r[0].nr_zones, 1);
	assert_true(C.r[0].zones[0].below_min);
}

static void test_kmsg_sample(void **state)
{
	(void)state;
	run_file("samples/kmsg/kmsg-raw-6.18.44-fc-v857.sample", NULL);
	assert_int_equal(C.n, 0);
	assert_int_equal(A.stats.records, 41);
	assert_true(A.stats.have_seq);
	assert_int_equal(A.stats.last_seq, 362);
	/* seq 1 and 24..344 are not in the file: 1 + 321 records lost */
	assert_int_equal(A.stats.lost, 322);
	assert_int_equal(A.stats.malformed, 0);
}

/* Records as read(2) returns them, with \x0a inside and dict lines. */
static const char *const burst[] = {
	"4,100,5051047,-;dd: page allocation failure: order:0, mode:0xa20(GFP_"
	"ATOMIC), nodemask=(null),cpuset=/,mems_allowed=0\n",
	"4,101,5051533,-;CPU: 0 PID: 100 Comm: dd Tainted: G OE 6.1.0-56-amd64"
	" #1  Debian 6.1.192-2\n SUBSYSTEM=cpu\n",
	"6,102,5053476,-;Mem-Info:\\x0aactive_anon:635 inactive_anon:486\\x0a "
	"free:290 free_pcp:11 free_cma:0\n",
	"4,103,5053908,-;Node 0 DMA32 free:528kB boost:3256kB min:4708kB "
	"low:5068kB high:5428kB\n",
	"12,104,5053910,-;x: page allocation failure: order:0, mode:0x820(GFP"
	"_ATOMIC)\n",
	"4,105,15054264,-;warn_alloc: 6247 callbacks suppressed\n",
	"4,106,15054439,-;dd: page allocation failure: order:0, mode:0xa20(GFP"
	"_ATOMIC), nodemask=(null),cpuset=/,mems_allowed=0\n",
};

static void push_burst(void)
{
	size_t i;

	for (i = 0; i < WM_ARRAY_SIZE(burst); i++)
		assert_int_equal(wm_report_push_record(&A, burst[i],
						       strlen(burst[i])), 0);
	wm_report_flush(&A);
}

static void test_records(void **state)
{
	struct wm_report_opts o = { .emit = emit, .arg = &C };

	(void)state;
	start(&C, NULL, false);
	push_burst();
	assert_int_equal(C.n, 2);
	assert_int_equal(C.r[0].seq, 100);
	assert_int_equal(C.r[0].nr_zones, 1);
	assert_string_equal(C.r[0].kernel_release, "6.1.0-56-amd64");
	assert_int_equal(C.r[1].seq, 106);
	assert_int_equal(C.r[1].suppressed_before, 6247);
	assert_int_equal(A.stats.skipped_facility, 1); /* user record 104 */
	assert_int_equal(A.stats.last_seq, 106);
	assert_int_equal(A.stats.lost, 0);
	assert_int_equal(wm_report_push_record(&A, "4,110,2,-;x\n", 12), 0);
	assert_int_equal(A.stats.lost, 3);

	start(&C, NULL, true); /* --any-facility: the user record counts */
	push_burst();
	assert_int_equal(C.n, 3);
	assert_string_equal(C.r[1].comm, "x");
	assert_int_equal(C.r[1].seq, 104);

	o.have_cursor = true; /* resume after 102 */
	o.cursor = 102;
	memset(&C, 0, sizeof(C));
	wm_report_init(&A, &o);
	push_burst();
	assert_int_equal(C.n, 1);
	assert_int_equal(C.r[0].seq, 106);
	assert_int_equal(A.stats.lost, 0);
	o.cursor = 97; /* 98 and 99 are gone */
	memset(&C, 0, sizeof(C));
	wm_report_init(&A, &o);
	push_burst();
	assert_int_equal(A.stats.lost, 2);

	/* dict lines in a text file are not message lines */
	run_str("4,5,6,-;x: page allocation failure: order:0, mode:0x820(GFP_"
		"ATOMIC)\n SUBSYSTEM=foo\n DEVICE=+x:y\n");
	assert_int_equal(C.n, 1);
	assert_int_equal(A.stats.records, 1);
	assert_int_equal(A.stats.lines, 3);
}

/* Three CPUs failing at once (4.9.65, dCache/dcache#3787): 3 headers. */
static void test_interleaved(void **state)
{
	(void)state;
	run_str("[2836069.534658] page allocation failure: order:0, mode:0x2080020"
		"(GFP_ATOMIC)\n"
		"page allocation failure: order:0, mode:0x2080020(GFP_ATOMIC)\n"
		"[2836069.534667] CPU: 20 PID: 0 Comm: swapper/20 Not tainted "
		"4.9.0-5-amd64 #1 Debian 4.9.65-3+deb9u2\n"
		"[2836069.534668] , mode:0x2080020(GFP_ATOMIC)\n"
		"[2836069.534672] swapper/12: \n"
		"[2836069.534672] Hardware name: Dell Inc. PowerEdge R620/0VV3F2\n"
		"[2836069.534686] page allocation failure: order:0 0000000000000000\n"
		"[2836069.534688] , mode:0x2080020(GFP_ATOMIC)\n"
		" ffffffff82929964 ffffffff82ffeb10 ffff964f9fa83bf0\n"
		"[2836069.534694] Call Trace:\n");
	assert_int_equal(C.n, 3);
	expect(&C.r[0], WM_REPORT_PAGE, "", 0, 0x2080020, "GFP_ATOMIC",
	       WM_TRI_TRUE, 0);
	expect(&C.r[1], WM_REPORT_PAGE, "swapper/20", 0, 0x2080020,
	       "GFP_ATOMIC", WM_TRI_TRUE, 0);
	assert_string_equal(C.r[1].kernel_release, "4.9.0-5-amd64");
	expect(&C.r[2], WM_REPORT_PAGE, "", 0, 0x2080020, "GFP_ATOMIC",
	       WM_TRI_TRUE, 0);
}

static void test_wrapped_names(void **state)
{
	(void)state;
	run_str("x: page allocation failure: order:0, mode:0x14210d2(GFP_HIGHUSER"
		"|__GFP_NORETRY|\n__GFP_RECLAIMABLE), nodemask=0-1\n");
	assert_int_equal(C.n, 1);
	assert_string_equal(C.r[0].gfp.names,
			    "GFP_HIGHUSER|__GFP_NORETRY|__GFP_RECLAIMABLE");
	assert_true(C.r[0].gfp.names_printed);
	assert_string_equal(C.r[0].nodemask, "0-1");
	/* a list that never closes is not trusted: the mask decides */
	run_str("x: page allocation failure: order:0, mode:0x14210d2(GFP_HIGHUSER"
		"|__GFP_NOR\nCPU: 3 PID: 1 Comm: x Not tainted 4.12.0 #1\n");
	assert_int_equal(C.n, 1);
	assert_false(C.r[0].gfp.names_printed);
	assert_string_equal(C.r[0].gfp.names,
			    "GFP_HIGHUSER|__GFP_NORETRY|__GFP_RECLAIMABLE");
	run_str("x: page allocation failure: order:0, mode:0x20(GFP_ATOM\n");
	assert_int_equal(C.n, 1);
	assert_false(C.r[0].gfp.have_names);
	assert_int_equal(C.r[0].gfp.atomic, WM_TRI_UNKNOWN);
}

static void test_rate_limit(void **state)
{
	(void)state;
	run_str("warn_alloc: 5 callbacks suppressed\nvmalloc error: size 4096, "
		"failed to allocate pages, mode:0xdc0(GFP_KERNEL|__GFP_ZERO)\n"
		"x: page allocation failure: order:0, mode:0x820(GFP_ATOMIC)\n");
	assert_int_equal(C.n, 1);
	assert_int_equal(C.r[0].suppressed_before, 0);
	assert_int_equal(A.stats.suppressed, 5);
	run_str("warn_alloc: 7 callbacks suppressed\n");
	assert_int_equal(C.n, 0);
	assert_int_equal(A.stats.suppressed, 7);
	assert_int_equal(A.stats.suppressed_pending, 7);
	run_str("warn_alloc_failed: 18446744073709551615 callbacks suppressed\n"
		"warn_alloc: 2 callbacks suppressed\nx: page allocation "
		"failure: order:0, mode:0x820(GFP_ATOMIC)\n");
	assert_true(C.r[0].suppressed_before == UINT64_MAX);
	assert_true(A.stats.order0_atomic_failures == UINT64_MAX);
	run_str("slab_out_of_memory: 3 callbacks suppressed\nwarn_alloc: 4 "
		"callbacks suppressed\nSLUB: Unable to allocate memory on CPU 1 "
		"(of node 0) on node 1, gfp=0x820(GFP_ATOMIC)\n  cache: kmalloc-64,"
		" object size: 64, buffer size: 64, default order: 1, min order: 0"
		"\nx: page allocation failure: order:0, mode:0x820(GFP_ATOMIC)\n");
	assert_int_equal(C.n, 2);
	assert_int_equal(C.r[0].suppressed_before, 3);
	assert_int_equal(C.r[0].node, 1);
	assert_string_equal(C.r[0].cache, "kmalloc-64");
	assert_int_equal(C.r[1].suppressed_before, 4);
	assert_int_equal(A.stats.order0_atomic_failures, 5);
	/* near misses of the first byte, and blanks before it */
	run_str("Swarn_alloc: 5 callbacks suppressed\nxslab_out_of_memory: 6 "
		"callbacks suppressed\n \t warn_alloc: 2 callbacks suppressed\n"
		"\tslab_out_of_memory: 3 callbacks suppressed \r\n");
	assert_int_equal(A.stats.suppressed, 5);
	assert_int_equal(A.stats.suppressed_pending, 5);
}

static void test_bounds_and_hints(void **state)
{
	static const char bare[] = "x: page allocation failure: order:0, "
				   "mode:0x20\n";
	char buf[8192];
	size_t n;
	int i;

	(void)state;
	n = (size_t)snprintf(buf, sizeof(buf), "x: page allocation failure: "
			     "order:0, mode:0x820(GFP_ATOMIC)\n");
	for (i = 0; i < 40; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "Node %d Normal "
				      "free:1kB min:2kB low:3kB high:4kB\n", i);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "Node 0 Normal free:9kB"
			      " min:2kB low:3kB high:4kB\n");
	run(&C, buf, n, NULL);
	assert_int_equal(C.r[0].nr_zones, WM_REPORT_MAX_ZONES);
	assert_true(C.r[0].zones_truncated);
	assert_int_equal(C.r[0].zones[0].free_kb, 1); /* the first one stays */

	run_str("[ 1.000000] x: page allocation failure: order:0, mode:0x820(GFP_"
		"ATOMIC)\n[ 20.000000] Node 0 DMA32 free:1kB min:2kB low:3kB "
		"high:4kB\n");
	assert_int_equal(C.r[0].nr_zones, 0); /* 19 s later: not this report */

	run_str("Linux version 2.6.38-10-server (buildd@x) #46\nx: page "
		"allocation failure. order:0, mode:0x20\n");
	expect(&C.r[0], WM_REPORT_PAGE, "x", 0, 0x20, "GFP_ATOMIC",
	       WM_TRI_TRUE, 0);
	assert_string_equal(C.r[0].kernel_release, "2.6.38-10-server");
	run(&C, bare, strlen(bare), "4.3");
	assert_int_equal(C.r[0].gfp.atomic, WM_TRI_TRUE);
	run_str(bare);
	assert_int_equal(C.r[0].gfp.atomic, WM_TRI_UNKNOWN);

	run_str("x: page allocation failure: order:99999999999999999999999, "
		"mode:0x820(GFP_ATOMIC)\ny: page allocation failure: order:64, "
		"mode:0x820(GFP_ATOMIC)\n");
	assert_int_equal(C.n, 2);
	assert_true(C.r[0].order == WM_UNKNOWN && C.r[1].order == WM_UNKNOWN);
	assert_int_equal(A.stats.by_order_other, 2);
	assert_int_equal(A.stats.order0_atomic_reports, 0);
	run_str("zfs: page allocation failure workaround enabled\natomic_burst: "
		"burst 1: 657/1024 GFP_ATOMIC allocations failed\n");
	assert_int_equal(C.n, 0);
}

static void test_garbage(void **state)
{
	char *big = malloc(1 << 20);
	static const char hdr[] = "x: page allocation failure: order:0, "
				  "mode:0x820(GFP_ATOMIC)";
	static const char nul[] = "x: page allocation failure: order:0, mode:0x8"
				  "20(GFP_\0ATOMIC)";
	static const char brk[] = "x: page allocation failure: order:0,\0 mode:"
				  "0x820(GFP_ATOMIC)\n";
	static const char big_seq[] = "4,18446744073709551616,1,-;x: page "
				      "allocation failure: order:0, mode:0x820("
				      "GFP_ATOMIC)\n";
	uint32_t seed = 12345;
	size_t i;

	(void)state;
	assert_non_null(big);
	for (i = 0; i < (1 << 20); i++) {
		seed = seed * 1103515245 + 12345;
		big[i] = (char)(seed >> 16);
	}
	run(&C, big, 1 << 20, NULL);
	assert_int_equal(C.n, 0);

	/* a 100 KB line: cut at the bound, the report inside it still seen */
	memset(big, 'A', 100 * 1024);
	memcpy(big + 100, hdr, sizeof(hdr) - 1);
	big[100 * 1024] = '\n';
	run(&C, big, 100 * 1024 + 1, NULL);
	assert_int_equal(C.n, 1);
	assert_int_equal(strlen(C.r[0].comm), WM_REPORT_COMM_MAX - 1);
	memset(big, 'A', 100 * 1024);
	memcpy(big + 50 * 1024, hdr, sizeof(hdr) - 1);
	run(&C, big, 100 * 1024 + 1, NULL);
	assert_int_equal(C.n, 0); /* past the bound: not looked at */
	free(big);

	/* NUL bytes: a line break in a byte stream, data inside a line */
	run(&C, brk, sizeof(brk) - 1, NULL);
	assert_int_equal(C.n, 1);
	assert_int_equal(C.r[0].gfp.atomic, WM_TRI_TRUE);
	start(&C, NULL, false);
	wm_report_push_line(&A, nul, sizeof(nul) - 1);
	wm_report_flush(&A);
	assert_int_equal(C.n, 1);
	assert_int_equal(C.r[0].gfp.atomic, WM_TRI_UNKNOWN);

	/* seq past 2^64: not a record; a restart is not a loss */
	start(&C, NULL, false);
	assert_int_equal(wm_report_push_record(&A, big_seq, sizeof(big_seq) - 1),
			 -ERANGE);
	assert_int_equal(A.stats.malformed, 1);
	assert_int_equal(wm_report_push_line(&A, "4,18446744073709551615,1,-;x",
					     28), 0);
	assert_int_equal(wm_report_push_line(&A, "4,0,1,-;x", 9), 0);
	wm_report_flush(&A);
	assert_int_equal(C.n, 0);
	assert_int_equal(A.stats.lost, 0);
	assert_int_equal(A.stats.last_seq, 0);
}

/* The fields a report is compared on, as one line of text. */
static void describe(const struct wm_report *r, char *out, size_t size)
{
	size_t n;
	unsigned i;

	n = (size_t)snprintf(out, size,
			     "%d %llu %s %llu %llx %s %d %llu %s %u:",
			     (int)r->kind, (unsigned long long)r->ts_usec,
			     r->comm, (unsigned long long)r->order,
			     (unsigned long long)r->gfp.mask, r->gfp.names,
			     (int)r->gfp.atomic,
			     (unsigned long long)r->suppressed_before,
			     r->kernel_release, r->nr_zones);
	for (i = 0; i < r->nr_zones && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, " %u/%s/%llu/%llu",
				      r->zones[i].node, r->zones[i].zone,
				      (unsigned long long)r->zones[i].free_kb,
				      (unsigned long long)r->zones[i].min_kb);
}

/*
 * The lab's first report, cut into two chunks at every byte: a header, a
 * CPU: or a show_mem line that arrives in two pieces (the piece before
 * the cut waits in the carry, the rest comes through the line scanner)
 * is read as if it had come whole.
 */
static void test_chunk_cuts(void **state)
{
	static struct collect whole;
	struct wm_buf b = { 0 };
	const char *from, *to;
	char want[2][1024], got[1024];
	uint64_t lines;
	size_t len, cut;

	(void)state;
	wm_test_load(&b, "samples/lab-6.1/"
		     "6.1.192-debian-qemu-256M-atomic-burst.dmesg");
	from = strstr(b.data, "[    5.051047]");
	to = strstr(b.data, "[   15.054264]"); /* the rate limit line */
	assert_non_null(from);
	assert_non_null(to);
	to = strchr(strstr(to, "15.054439"), '\n') + 1;
	len = (size_t)(to - from);
	run(&whole, from, len, NULL);
	assert_int_equal(whole.n, 2);
	assert_int_equal(whole.r[0].nr_zones, 2);
	assert_string_equal(whole.r[0].kernel_release, "6.1.0-56-amd64");
	assert_int_equal(whole.r[1].suppressed_before, 6247);
	describe(&whole.r[0], want[0], sizeof(want[0]));
	describe(&whole.r[1], want[1], sizeof(want[1]));
	lines = A.stats.lines;
	for (cut = 0; cut <= len; cut++) {
		start(&C, NULL, false);
		wm_report_push_bytes(&A, from, cut);
		wm_report_push_bytes(&A, from + cut, len - cut);
		wm_report_end(&A);
		assert_int_equal(C.n, 2);
		describe(&C.r[0], got, sizeof(got));
		if (strcmp(got, want[0]))
			fail_msg("cut at %zu: %s, not %s", cut, got, want[0]);
		describe(&C.r[1], got, sizeof(got));
		if (strcmp(got, want[1]))
			fail_msg("cut at %zu: %s, not %s", cut, got, want[1]);
		assert_int_equal(A.stats.lines, lines);
	}
	wm_buf_free(&b);
}

/*
 * Lines the assembler passes over quickly (no report text, nothing its
 * state acts on) still end a report when their time is out of its 10 s,
 * in every prefix shape; those that matter are still read.
 */
static void test_quiet_lines(void **state)
{
	static const char hdr[] = "[    5.000000] x: page allocation failure: "
				  "order:0, mode:0x820(GFP_ATOMIC)\n";
	static const char zone[] = "Node 0 DMA32 free:1kB min:5kB low:6kB "
				   "high:7kB\n";
	static const char *const enders[] = {
		"[   16.000000] dump_stack+0x63/0x90\n",     /* 11 s later */
		"[    4.999999] dump_stack+0x63/0x90\n",     /* before it */
		"[   16.000000] kernel: ? dump_stack\n",     /* journalctl -o */
		"[   16.000000] Call Trace:\n",
		"[   16.000000] node 0: slabs: 1\n",
		"[   16.000000] 262030 pages RAM\n",
		"[   16.000000] CPU: 1\n",
		"[   16.000000] Node 0 DMA: 1*4kB\n",
		"[   16.000000] warn_alloc+0x140/0x160\n",
		"[   16.000000] 3 pages hwpoisoned\n",       /* both end it */
	};
	static const char *const passers[] = {
		"[   15.000000] dump_stack+0x63/0x90\n",     /* 10 s: in */
		"cpu 0 hot: low 0, high 186, batch 31 used:30\n",
		"   [    5.100000]   ? __alloc_pages+0x1\n", /* indented */
		"[18446744073709.551616] overflowed: no time\n",
		"[    5.100000] host earlyoom[12]: x\n",  /* not the kernel's */
		"[    5.100000] lowmem_reserve[]: 0 1 2\n",
		"31453 total pagecache pages\n",
		"\n",
		"   \t\n",
	};
	char buf[512];
	size_t i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(enders); i++) {
		snprintf(buf, sizeof(buf), "%s%s[    5.200000] %s", hdr,
			 enders[i], zone);
		run_str(buf);
		assert_int_equal(C.n, 1);
		if (C.r[0].nr_zones != 0)
			fail_msg("'%s' did not end the report", enders[i]);
	}
	for (i = 0; i < WM_ARRAY_SIZE(passers); i++) {
		snprintf(buf, sizeof(buf), "%s%s[    5.200000] %s", hdr,
			 passers[i], zone);
		run_str(buf);
		assert_int_equal(C.n, 1);
		if (C.r[0].nr_zones != 1)
			fail_msg("'%s' ended the report", passers[i]);
	}
	/* the shapes that matter, after quiet lines of each prefix form */
	run_str("Call Trace:\n[ 1.000000] kernel: x: page allocation failure: "
		"order:2, mode:0x820(GFP_ATOMIC)\n[ 1.000001] dump_stack\n"
		"Pid: 1, comm: y Not tainted 2.6.38-10-server #46\n"
		"  Node 0 Normal free:1kB min:5kB low:6kB high:7kB\n"
		"[ 1.000002] kernel: 5 pages non-shared\n"
		"[ 1.000003] Node 0 DMA free:1kB min:5kB low:6kB high:7kB\n");
	assert_int_equal(C.n, 1);
	assert_int_equal(C.r[0].order, 2);
	assert_int_equal(C.r[0].ts_usec, 1000000);
	assert_string_equal(C.r[0].comm, "x");
	assert_string_equal(C.r[0].kernel_release, "2.6.38-10-server");
	assert_int_equal(C.r[0].nr_zones, 1);
	assert_string_equal(C.r[0].zones[0].zone, "Normal");
	assert_int_equal(A.stats.lines, 7);
	run_str("[ 2.000000] host x[1]: y: page allocation failure: order:0, "
		"mode:0x820(GFP_ATOMIC)\n[ 2.000000] h x[1]: Call Trace:\n"
		"[ 2.000000] dd: page allocation failure: order:0, mode:0x820(G"
		"FP_ATOMIC)\r\n[ 2.000001] CPU: 0 PID: 1 Comm: dd Not tainted "
		"6.1.0 #1\n");
	assert_int_equal(C.n, 1);
	assert_string_equal(C.r[0].kernel_release, "6.1.0");
	assert_int_equal(A.stats.skipped_facility, 2);
}

/* A daemon counts a failure as soon as its header is in (wm_report_peek). */
static void test_peek(void **state)
{
	static const char sup[] = "4,10,100,-;warn_alloc: 59 callbacks suppressed";
	static const char hdr[] = "4,11,101,-;swapper/100: page allocation failure: "
				  "order:0, mode:0x820(GFP_ATOMIC), nodemask=(null)";
	struct wm_report_opts o = { .default_release = "6.18.0" };
	struct wm_report_asm *a = calloc(1, sizeof(*a));
	struct wm_report r;

	(void)state;
	assert_non_null(a);
	wm_report_init(a, &o);
	assert_false(wm_report_peek(a, &r));
	wm_report_push_record(a, sup, sizeof(sup) - 1);
	wm_report_push_record(a, hdr, sizeof(hdr) - 1);
	assert_true(wm_report_peek(a, &r));
	assert_int_equal(r.order, 0);
	assert_int_equal(r.gfp.atomic, WM_TRI_TRUE);
	assert_int_equal(r.suppressed_before, 59);
	assert_string_equal(r.comm, "swapper/100");
	/* peeking completes nothing */
	assert_int_equal(a->stats.reports, 0);
	wm_report_flush(a);
	assert_false(wm_report_peek(a, &r));
	assert_int_equal(a->stats.order0_atomic_failures, 60);
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_old_bare_masks),
		cmocka_unit_test(test_named_masks),
		cmocka_unit_test(test_lab),
		cmocka_unit_test(test_showmem),
		cmocka_unit_test(test_kmsg_sample),
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_interleaved),
		cmocka_unit_test(test_wrapped_names),
		cmocka_unit_test(test_rate_limit),
		cmocka_unit_test(test_bounds_and_hints),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_peek),
		cmocka_unit_test(test_chunk_cuts),
		cmocka_unit_test(test_quiet_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
