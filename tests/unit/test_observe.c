// SPDX-License-Identifier: GPL-2.0-or-later
/* The observer on the fixture trees, and on trees broken on purpose. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "fixture.h"
#include "observe.h"

/* big: never on the stack */
static struct wm_snapshot snap, snap2;
static struct wm_observer obs;

static void open_tree(const char *name)
{
	char dir[4096];
	struct wm_root r;

	snprintf(dir, sizeof(dir), "%s/trees/%s", WM_FIXTURES, name);
	assert_int_equal(wm_root_init(&r, dir), 0);
	assert_int_equal(wm_observer_open(&obs, &r), 0);
}

static void read_ok(struct wm_snapshot *s)
{
	struct wm_parse_error err = { 0 };
	const char *failed = NULL;

	if (wm_observer_read(&obs, s, &err, &failed) != 0)
		fail_msg("%s:%lu: %s", failed, err.line, err.msg);
}

static void test_local(void **state)
{
	const struct wm_zone *z;

	(void)state;
	open_tree("local-6.18");
	read_ok(&snap);
	assert_true(snap.available[WM_SRC_ZONEINFO]);
	assert_int_equal(snap.zoneinfo.nr_zones, 5);
	z = &snap.zoneinfo.zones[2];
	assert_int_equal(z->type, WM_ZONE_NORMAL);
	assert_true(z->min == 8321 && z->low == 10401 && z->high == 12481 &&
		    z->promo == 14561 && z->managed == 753664);
	assert_true(snap.available[WM_SRC_SYSINFO]);
	assert_true(snap.sysinfo.vm.min_free_kbytes == 67584);
	assert_true(snap.sysinfo.vm.watermark_scale_factor == 10);
	assert_true(snap.sysinfo.vm.watermark_boost_factor == 15000);
	assert_int_equal(snap.sysinfo.vm.nr_lowmem_reserve_ratio, 5);
	assert_int_equal(snap.sysinfo.thp, WM_THP_MADVISE);
	assert_string_equal(snap.sysinfo.release, "6.18.44-fc-v857");
	assert_int_equal(snap.sysinfo.kver.minor, 18);
	assert_int_equal(snap.sysinfo.page_size, 4096);
	assert_true(snap.available[WM_SRC_VMSTAT]);
	assert_true(snap.vmstat.nr_free_pages == 926572);
	assert_true(snap.vmstat.pgalloc == 5570456);
	assert_true(snap.available[WM_SRC_PSI]);
	assert_true(snap.psi.present && snap.psi.full.present);
	assert_true(snap.psi.some.avg10 == 0);
	assert_true(snap.available[WM_SRC_NETSTAT]);
	assert_true(snap.netstat.pfmemalloc_drop == 0);
	/* no meminfo in this tree: unavailable, and says why */
	assert_false(snap.available[WM_SRC_MEMINFO]);
	assert_int_equal(snap.error[WM_SRC_MEMINFO], -ENOENT);
	assert_true(snap.meminfo.mem_total_kb == WM_UNKNOWN);
	wm_observer_close(&obs);
}

static void test_reuse(void **state)
{
	char *data[WM_OBS__COUNT];
	size_t cap[WM_OBS__COUNT];
	unsigned i;

	(void)state;
	open_tree("local-6.18");
	read_ok(&snap);
	for (i = 0; i < WM_OBS__COUNT; i++) {
		data[i] = obs.buf[i].data;
		cap[i] = obs.buf[i].cap;
	}
	assert_non_null(data[WM_OBS_ZONEINFO]);
	assert_null(data[WM_OBS_MEMINFO]);	/* absent: never read */
	read_ok(&snap2);
	/* the second tick allocated nothing */
	for (i = 0; i < WM_OBS__COUNT; i++) {
		assert_ptr_equal(obs.buf[i].data, data[i]);
		assert_int_equal(obs.buf[i].cap, cap[i]);
	}
	assert_int_equal(snap2.zoneinfo.nr_zones, snap.zoneinfo.nr_zones);
	assert_true(snap2.zoneinfo.zones[4].min == snap.zoneinfo.zones[4].min);
	assert_true(snap2.vmstat.pgalloc == snap.vmstat.pgalloc);
	assert_true(snap2.sysinfo.vm.min_free_kbytes == 67584);
	wm_observer_close(&obs);
	wm_observer_close(&obs);	/* twice is fine */
}

static void test_lab(void **state)
{
	(void)state;
	open_tree("lab-6.1");
	read_ok(&snap);
	assert_int_equal(snap.zoneinfo.nr_zones, 5);
	assert_true(snap.zoneinfo.zones[1].min == 363);
	assert_true(snap.sysinfo.vm.min_free_kbytes == 1611);
	assert_true(snap.sysinfo.vm.watermark_boost_factor == WM_UNKNOWN);
	assert_int_equal(snap.sysinfo.thp, WM_THP_UNKNOWN);
	assert_true(snap.available[WM_SRC_MEMINFO]);
	assert_true(snap.meminfo.mem_total_kb == 171844);
	assert_true(snap.psi.some.avg10 == 831);
	assert_true(snap.vmstat.allocstall == 21);
	assert_false(snap.available[WM_SRC_NETSTAT]);
	assert_true(snap.netstat.pfmemalloc_drop == WM_UNKNOWN);
	wm_observer_close(&obs);
}

/*
 * Where zoneinfo and vmstat end (lib/seqend.h): known at open for
 * zoneinfo from the tree's possible nodes, learned at the first read
 * for vmstat; a tree without the node list knows no zoneinfo end. The
 * values read are the same whichever way the reading ended.
 */
static void test_seq_ends(void **state)
{
	const struct wm_seq_end *zi = &obs.seq_end[WM_OBS_ZONEINFO];
	const struct wm_seq_end *vm = &obs.seq_end[WM_OBS_VMSTAT];

	(void)state;
	open_tree("local-6.18");
	assert_int_equal(zi->kind, WM_SEQ_END_NODES);
	assert_true(zi->nodes == 0x1);
	assert_int_equal(vm->kind, WM_SEQ_END_LAST_WORD);
	assert_int_equal(vm->word_len, 0);
	read_ok(&snap);
	assert_int_equal(vm->word_len, strlen("nr_unstable"));
	assert_memory_equal(vm->word, "nr_unstable", vm->word_len);
	read_ok(&snap2);
	assert_int_equal(snap2.zoneinfo.nr_zones, 5);
	assert_true(snap2.zoneinfo.zones[2].min == 8321);
	assert_true(snap2.vmstat.nr_free_pages == 926572);
	assert_true(snap2.vmstat.pgalloc == snap.vmstat.pgalloc);
	wm_observer_close(&obs);

	open_tree("lab-6.1");
	assert_int_equal(zi->kind, WM_SEQ_END_UNKNOWN);
	read_ok(&snap);
	assert_true(snap.zoneinfo.zones[1].min == 363);
	wm_observer_close(&obs);
}

static void test_every_tree(void **state)
{
	static const struct {
		const char *name;
		unsigned zones;
		uint64_t min_free;
		bool psi;
	} trees[] = {
		{ "local-6.18", 5, 67584, true },
		{ "lab-6.1", 5, 1611, true },
		{ "rhel8-4.18", 5, 67584, false },
		{ "debian11-5.10", 5, 45056, false },
		{ "ubuntu-3.2", 3, 67584, false },
		{ "android-3.4-highmem", 2, 2787, false },
		{ "numa-2.6.15", 3, 11387, false },
	};
	unsigned i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(trees); i++) {
		open_tree(trees[i].name);
		read_ok(&snap);
		assert_int_equal(snap.zoneinfo.nr_zones, trees[i].zones);
		assert_true(snap.sysinfo.vm.min_free_kbytes ==
			    trees[i].min_free);
		assert_true(snap.available[WM_SRC_VMSTAT]);
		assert_int_equal(snap.available[WM_SRC_PSI], trees[i].psi);
		assert_int_equal(snap.sysinfo.page_size, 4096);
		assert_true(snap.sysinfo.release[0] != '\0');
		wm_observer_close(&obs);
	}
}

#define BOOT_ID_LAB_FAILING "7d6f1c64-8a6b-4c1e-9a53-2f0c5e2b9c11"

/* A daemon reads only what its ticks use; the rest stays unknown. */
static void test_select(void **state)
{
	unsigned i;

	(void)state;
	open_tree("local-6.18");
	wm_observer_select(&obs, WM_OBS_TICK);
	read_ok(&snap);
	/* read: zoneinfo, the two knobs, vmstat, PSI */
	assert_int_equal(snap.zoneinfo.nr_zones, 5);
	assert_true(snap.sysinfo.vm.min_free_kbytes == 67584);
	assert_true(snap.sysinfo.vm.watermark_scale_factor == 10);
	assert_true(snap.vmstat.pgalloc == 5570456);
	assert_true(snap.psi.present);
	/* not read: never opened for reading, unknown, "not read" */
	assert_false(snap.available[WM_SRC_MEMINFO]);
	assert_int_equal(snap.error[WM_SRC_MEMINFO], 0);
	assert_true(snap.sysinfo.vm.watermark_boost_factor == WM_UNKNOWN);
	assert_int_equal(snap.sysinfo.vm.nr_lowmem_reserve_ratio, 0);
	assert_int_equal(snap.sysinfo.thp, WM_THP_UNKNOWN);
	assert_false(snap.available[WM_SRC_NETSTAT]);
	assert_int_equal(snap.error[WM_SRC_NETSTAT], 0);
	assert_true(snap.netstat.pfmemalloc_drop == WM_UNKNOWN);
	for (i = 0; i < WM_OBS__COUNT; i++)
		assert_int_equal(obs.buf[i].data != NULL,
				 (WM_OBS_TICK & WM_OBS_BIT(i)) != 0);
	/* read once at open, whatever is selected */
	assert_string_equal(snap.sysinfo.release, "6.18.44-fc-v857");
	assert_int_equal(snap.sysinfo.page_size, 4096);
	assert_string_equal(snap.sysinfo.boot_id, "");	/* not in the tree */
	/* the required files are read even when not asked for */
	wm_observer_select(&obs, 0);
	read_ok(&snap);
	assert_int_equal(snap.zoneinfo.nr_zones, 5);
	assert_true(snap.sysinfo.vm.min_free_kbytes == 67584);
	assert_true(snap.sysinfo.vm.watermark_scale_factor == WM_UNKNOWN);
	assert_false(snap.available[WM_SRC_VMSTAT]);
	assert_int_equal(snap.error[WM_SRC_VMSTAT], 0);
	assert_true(snap.vmstat.pgalloc == WM_UNKNOWN);
	/* and everything again */
	wm_observer_select(&obs, WM_OBS_ALL);
	read_ok(&snap);
	assert_true(snap.available[WM_SRC_NETSTAT]);
	assert_true(snap.sysinfo.vm.watermark_boost_factor == 15000);
	assert_int_equal(snap.sysinfo.thp, WM_THP_MADVISE);
	wm_observer_close(&obs);
	/* the boot id, too, is read once at open */
	open_tree("lab-6.1-failing");
	wm_observer_select(&obs, WM_OBS_TICK);
	read_ok(&snap);
	assert_string_equal(snap.sysinfo.boot_id, BOOT_ID_LAB_FAILING);
	assert_int_equal(snap.sysinfo.kver.major, 6);
	wm_observer_close(&obs);
}

/* A daemon parses only the vmstat counters its ticks use. */
static void test_parse_only(void **state)
{
	const uint64_t want = WM_VM_BIT(WM_VM_allocstall) |
			      WM_VM_BIT(WM_VM_pgscan_direct);

	(void)state;
	open_tree("local-6.18");
	read_ok(&snap);
	wm_observer_parse_only(&obs, want);
	read_ok(&snap2);
	assert_true(snap2.available[WM_SRC_VMSTAT]);
	assert_true(snap.vmstat.allocstall != WM_UNKNOWN);
	assert_true(snap2.vmstat.allocstall == snap.vmstat.allocstall);
	assert_true(snap2.vmstat.pgscan_direct == snap.vmstat.pgscan_direct);
	assert_memory_equal(snap2.vmstat.allocstall_zone,
			    snap.vmstat.allocstall_zone,
			    sizeof(snap.vmstat.allocstall_zone));
	assert_true(snap.vmstat.pgalloc == 5570456);
	assert_true(snap2.vmstat.pgalloc == WM_UNKNOWN);
	assert_true(snap2.vmstat.kswapd_low_wmark_hit_quickly == WM_UNKNOWN);
	/* the rest of the snapshot is as before */
	assert_memory_equal(&snap2.zoneinfo, &snap.zoneinfo,
			    sizeof(snap.zoneinfo));
	assert_true(snap2.psi.some.avg10 == snap.psi.some.avg10);
	/* the next read finds them in the lines the memo of this one has */
	assert_non_null(obs.vmstat_memo);
	assert_int_equal(obs.vmstat_memo->walks, 0);
	read_ok(&snap2);
	assert_int_equal(obs.vmstat_memo->walks, 1);
	assert_true(snap2.vmstat.allocstall == snap.vmstat.allocstall);
	assert_true(snap2.vmstat.pgalloc == WM_UNKNOWN);
	/* 0: every counter again */
	wm_observer_parse_only(&obs, 0);
	read_ok(&snap2);
	assert_memory_equal(&snap2.vmstat, &snap.vmstat, sizeof(snap.vmstat));
	wm_observer_close(&obs);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Rewrites in place (same inode), as the kernel's files behave. */
static void put(const char *dir, const char *rel, const char *text)
{
	char path[4096], *slash;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static const char zone[] = "Node 0, zone   Normal\n  pages free 10\n"
			   "  min 5\n  low 6\n  high 7\n";

static void test_errors(void **state)
{
	char dir[] = "/tmp/wm-test-observe-XXXXXX";
	struct wm_parse_error err;
	const char *failed;
	struct wm_root r;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(wm_root_init(&r, dir), 0);
	/* required files missing: open fails and names the file */
	assert_int_equal(wm_observer_open(&obs, &r), -ENOENT);
	assert_string_equal(obs.failed_file, "proc/zoneinfo");
	put(dir, "proc/zoneinfo", zone);
	assert_int_equal(wm_observer_open(&obs, &r), -ENOENT);
	assert_string_equal(obs.failed_file, "proc/sys/vm/min_free_kbytes");

	put(dir, "proc/sys/vm/min_free_kbytes", "1024\n");
	put(dir, "proc/vmstat", "oom_kill 1\noom_kill 2\n");
	assert_int_equal(wm_observer_open(&obs, &r), 0);
	read_ok(&snap);
	assert_true(snap.zoneinfo.zones[0].high == 7);
	assert_true(snap.sysinfo.vm.min_free_kbytes == 1024);
	assert_true(snap.sysinfo.vm.watermark_scale_factor == WM_UNKNOWN);
	/* a malformed optional file: unavailable, with the line */
	assert_false(snap.available[WM_SRC_VMSTAT]);
	assert_int_equal(snap.error[WM_SRC_VMSTAT], -EPROTO);
	assert_int_equal(snap.perr[WM_SRC_VMSTAT].line, 2);
	assert_true(snap.vmstat.oom_kill == WM_UNKNOWN);
	assert_false(snap.available[WM_SRC_PSI]);
	assert_int_equal(snap.error[WM_SRC_PSI], -ENOENT);

	/* sysctls are re-read every tick */
	put(dir, "proc/sys/vm/min_free_kbytes", "4096\n");
	put(dir, "proc/vmstat", "oom_kill 3\n");
	read_ok(&snap);
	assert_true(snap.sysinfo.vm.min_free_kbytes == 4096);
	assert_true(snap.available[WM_SRC_VMSTAT]);
	assert_true(snap.vmstat.oom_kill == 3);
	/* zoneinfo fails first: nothing of the last read's sysctls stays */
	put(dir, "proc/zoneinfo", "Node 0, zone Bogus\n");
	assert_int_equal(wm_observer_read(&obs, &snap, NULL, NULL), -EPROTO);
	assert_true(snap.sysinfo.vm.min_free_kbytes == WM_UNKNOWN);
	assert_false(snap.available[WM_SRC_VMSTAT]);
	assert_true(snap.vmstat.oom_kill == WM_UNKNOWN);
	put(dir, "proc/zoneinfo", zone);
	read_ok(&snap);
	assert_true(snap.vmstat.oom_kill == 3);

	/* a required file turns malformed */
	put(dir, "proc/sys/vm/min_free_kbytes", "many\n");
	failed = NULL;
	assert_int_equal(wm_observer_read(&obs, &snap, &err, &failed), -EPROTO);
	assert_string_equal(failed, "proc/sys/vm/min_free_kbytes");
	assert_false(snap.available[WM_SRC_SYSINFO]);
	assert_true(snap.vmstat.oom_kill == WM_UNKNOWN);
	put(dir, "proc/zoneinfo", "Node 0, zone Bogus\n");
	memset(&err, 0, sizeof(err));
	assert_int_equal(wm_observer_read(&obs, &snap, &err, &failed), -EPROTO);
	assert_string_equal(failed, "proc/zoneinfo");
	assert_int_equal(err.line, 1);
	assert_false(snap.available[WM_SRC_ZONEINFO]);
	/* NULL err and failed_file are allowed */
	assert_int_equal(wm_observer_read(&obs, &snap, NULL, NULL), -EPROTO);
	wm_observer_close(&obs);

	assert_string_equal(wm_source_name(WM_SRC_PSI), "psi");
	assert_string_equal(wm_source_path(WM_SRC_NETSTAT), "proc/net/netstat");
	assert_string_equal(wm_source_path(WM_SRC_SYSINFO),
			    "proc/sys/vm/min_free_kbytes");
	assert_int_equal(nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS), 0);
}

/*
 * PSI is not cleared before a read that will set it: whatever ends the
 * read first (a required file failing, its own file turning bad, or
 * not being read any more) must still leave nothing of the last one.
 */
static void test_psi_not_kept(void **state)
{
	static const char psi[] = "some avg10=1.00 avg60=2.00 avg300=3.00 "
				  "total=4\n";
	char dir[] = "/tmp/wm-test-observe-XXXXXX";
	struct wm_root r;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(wm_root_init(&r, dir), 0);
	put(dir, "proc/zoneinfo", zone);
	put(dir, "proc/sys/vm/min_free_kbytes", "1024\n");
	put(dir, "proc/pressure/memory", psi);
	assert_int_equal(wm_observer_open(&obs, &r), 0);
	wm_observer_select(&obs, WM_OBS_TICK);
	read_ok(&snap);
	assert_true(snap.psi.present && snap.psi.some.avg10 == 100);
	/* zoneinfo fails, then min_free_kbytes: PSI is never reached */
	put(dir, "proc/zoneinfo", "Node 0, zone Bogus\n");
	assert_int_equal(wm_observer_read(&obs, &snap, NULL, NULL), -EPROTO);
	assert_false(snap.psi.present || snap.psi.some.present);
	assert_true(snap.psi.some.avg10 == WM_UNKNOWN &&
		    snap.psi.some.total_usec == WM_UNKNOWN);
	put(dir, "proc/zoneinfo", zone);
	read_ok(&snap);
	assert_true(snap.psi.present && snap.psi.some.total_usec == 4);
	put(dir, "proc/sys/vm/min_free_kbytes", "many\n");
	assert_int_equal(wm_observer_read(&obs, &snap, NULL, NULL), -EPROTO);
	assert_false(snap.psi.present);
	assert_true(snap.psi.some.avg60 == WM_UNKNOWN);
	put(dir, "proc/sys/vm/min_free_kbytes", "1024\n");
	read_ok(&snap);
	assert_true(snap.psi.present);
	/* its own file turns bad: unavailable and unknown */
	put(dir, "proc/pressure/memory", "some avg10=1.00\n");
	read_ok(&snap);
	assert_false(snap.available[WM_SRC_PSI] || snap.psi.present);
	assert_true(snap.psi.some.avg10 == WM_UNKNOWN);
	put(dir, "proc/pressure/memory", psi);
	read_ok(&snap);
	assert_true(snap.psi.present);
	/* no longer read */
	wm_observer_select(&obs, WM_OBS_BIT(WM_OBS_VMSTAT));
	read_ok(&snap);
	assert_false(snap.available[WM_SRC_PSI] || snap.psi.present);
	assert_true(snap.psi.some.total_usec == WM_UNKNOWN);
	wm_observer_close(&obs);
	assert_int_equal(nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS), 0);
}

/*
 * The two knobs a tick reads go through wm_sysctl_plain() in the
 * observer, and whatever it refuses through the full parse, as before.
 */
static void test_sysctl_forms(void **state)
{
	static const struct {
		const char *text;
		int rc;
		uint64_t v;
	} forms[] = {
		{ "1024\n", 0, 1024 }, { " 2048 \n", 0, 2048 },
		{ "4096", 0, 4096 }, { "0008\n", 0, 8 },
		{ "18446744073709551614\n", 0, 18446744073709551614ULL },
		{ "18446744073709551615\n", -ERANGE, 0 },
		{ "12x\n", -EPROTO, 0 }, { "\n", -EPROTO, 0 },
	};
	char dir[] = "/tmp/wm-test-observe-XXXXXX";
	struct wm_root r;
	unsigned i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(wm_root_init(&r, dir), 0);
	put(dir, "proc/zoneinfo", zone);
	put(dir, "proc/sys/vm/min_free_kbytes", "1\n");
	put(dir, "proc/sys/vm/watermark_scale_factor", "1\n");
	assert_int_equal(wm_observer_open(&obs, &r), 0);
	wm_observer_select(&obs, WM_OBS_TICK);
	for (i = 0; i < WM_ARRAY_SIZE(forms); i++) {
		put(dir, "proc/sys/vm/watermark_scale_factor", forms[i].text);
		put(dir, "proc/sys/vm/min_free_kbytes", "64\n");
		read_ok(&snap);
		assert_true(snap.sysinfo.vm.watermark_scale_factor ==
			    (forms[i].rc ? WM_UNKNOWN : forms[i].v));
		put(dir, "proc/sys/vm/min_free_kbytes", forms[i].text);
		assert_int_equal(wm_observer_read(&obs, &snap, NULL, NULL),
				 forms[i].rc);
		if (forms[i].rc == 0)
			assert_true(snap.sysinfo.vm.min_free_kbytes ==
				    forms[i].v);
	}
	wm_observer_close(&obs);
	assert_int_equal(nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local),
		cmocka_unit_test(test_reuse),
		cmocka_unit_test(test_lab),
		cmocka_unit_test(test_seq_ends),
		cmocka_unit_test(test_every_tree),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_parse_only),
		cmocka_unit_test(test_psi_not_kept),
		cmocka_unit_test(test_sysctl_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
