// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The wake-up hint's pure parts and its failure paths on fixture trees:
 * the instance names it owns; the event filter against every real log
 * sample (the lines it lets through must be every line the report
 * assembler counts); removal of instances left by a killed watch; a
 * tree with no tracefs, or one that is not tracefs, leaves nothing
 * behind. The real instance is made in tests/live/60-watch.bats.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "atomicfile.h"
#include "fixture.h"
#include "report.h"
#include "tmpdir.h"
#include "wakehint.h"

static void test_instance_names(void **state)
{
	static const char *const bad[] = {
		"wmtune-", "wmtune-0", "wmtune-01", "wmtune-12a", "wmtune--1",
		"wmtune-+1", "wmtune- 1", "wmtune-2147483648",
		"wmtune-99999999999999999999", "xwmtune-1", "wmtune1", "wmtune",
		"", "WMTUNE-1",
	};
	pid_t pid = 0;
	size_t i;

	(void)state;
	assert_true(wm_wakehint_instance_pid("wmtune-1", &pid));
	assert_int_equal(pid, 1);
	assert_true(wm_wakehint_instance_pid("wmtune-4194304", &pid));
	assert_int_equal(pid, 4194304);
	assert_true(wm_wakehint_instance_pid("wmtune-2147483647", &pid));
	assert_int_equal(pid, 2147483647);
	for (i = 0; i < WM_ARRAY_SIZE(bad); i++) {
		pid = -7;
		assert_false(wm_wakehint_instance_pid(bad[i], &pid));
		assert_int_equal(pid, -7);
	}
}

/*
 * The filter's patterns, read back from the string the kernel gets:
 * each part is msg ~ "*TEXT*" (the kernel's "contains"), joined by ||.
 */
#define MAX_PATTERNS 8

static unsigned filter_patterns(char pat[][64])
{
	const char *p = wm_wakehint_filter;
	unsigned n = 0;

	while (*p) {
		const char *q, *end;

		assert_int_equal(strncmp(p, "msg ~ \"*", 8), 0);
		q = p + 8;
		end = strstr(q, "*\"");
		assert_non_null(end);
		assert_true(n < MAX_PATTERNS && (size_t)(end - q) < 64);
		memcpy(pat[n], q, (size_t)(end - q));
		pat[n][end - q] = '\0';
		assert_null(strpbrk(pat[n], "*?[\""));	/* no other glob */
		n++;
		p = end + 2;
		if (*p) {
			assert_int_equal(strncmp(p, " || ", 4), 0);
			p += 4;
		}
	}
	return n;
}

static bool line_passes(const char *line, size_t len, char pat[][64],
			unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (memmem(line, len, pat[i], strlen(pat[i])))
			return true;
	return false;
}

static void count(struct wm_report_asm *a, const char *buf, size_t len,
		  struct wm_report_stats *out)
{
	struct wm_report_opts o = { .default_release = NULL };

	wm_report_init(a, &o);
	wm_report_push_bytes(a, buf, len);
	wm_report_end(a);
	*out = a->stats;
}

/* Only the lines of buf the filter would let through. */
static size_t passed_lines(const char *buf, size_t len, char *out,
			   char pat[][64], unsigned n)
{
	size_t at = 0, o = 0;

	while (at < len) {
		const char *nl = memchr(buf + at, '\n', len - at);
		size_t l = nl ? (size_t)(nl - (buf + at)) + 1 : len - at;

		if (line_passes(buf + at, l, pat, n)) {
			memcpy(out + o, buf + at, l);
			o += l;
		}
		at += l;
	}
	return o;
}

static void test_filter_passes_every_counted_line(void **state)
{
	static const char *const samples[] = {
		"samples/allocfail/00-seed-linux-mm-2026-slub-and-page-GFP_ATOMIC-suppressed.log",
		"samples/allocfail/01-2.6.38-ubuntu-zfs325-order0-0x4020.log",
		"samples/allocfail/02-2.6.38-ubuntu-zfs325-slub-gfp0x20.log",
		"samples/allocfail/04-3.18.18-dmwriteboost-order8-0x204010.log",
		"samples/allocfail/05-4.3.0-archarm-order0-0x20.log",
		"samples/allocfail/06-4.9.24-coreos-journal-GFP_ATOMIC-0x2084120.log",
		"samples/allocfail/08-4.12-android-x86-GFP_HIGHUSER-wrapped.log",
		"samples/allocfail/09-4.18.0-rc2-ppc64-mode0x0-cpuset-own-line.log",
		"samples/allocfail/11-5.7.0-bcachefs-order7-GFP_KERNEL_COMP.log",
		"samples/allocfail/12-5.9.0-fedora-journal-monotonic-GFP_NOWAIT.log",
		"samples/allocfail/13-5.9.0-fedora-journal-monotonic-SLUB-GFP_NOWAIT.log",
		"samples/allocfail/14-6.8.0-xtensa-GFP_ATOMIC-0x820.log",
		"samples/allocfail/16-6.19.11-cachyos-dmesgT-header-GFP_NOFS.log",
		"samples/allocfail/17-3.x-docker-slub-memcg-gfp0x20.log",
		"samples/lab-6.1/6.1.192-debian-qemu-256M-atomic-burst.dmesg",
		"samples/kmsg/kmsg-raw-6.18.44-fc-v857.sample",
	};
	struct wm_report_asm *a = malloc(sizeof(*a));
	char pat[MAX_PATTERNS][64];
	uint64_t reports = 0, suppressed = 0, lines = 0, passed = 0;
	unsigned n;
	size_t i;

	(void)state;
	assert_non_null(a);
	n = filter_patterns(pat);
	assert_int_equal(n, 3);
	for (i = 0; i < WM_ARRAY_SIZE(samples); i++) {
		struct wm_report_stats all, only;
		struct wm_buf b = { 0 };
		char *cut;
		size_t len;

		wm_test_load(&b, samples[i]);
		cut = malloc(b.len + 1);
		assert_non_null(cut);
		len = passed_lines(b.data, b.len, cut, pat, n);
		count(a, b.data, b.len, &all);
		lines += all.lines;
		count(a, cut, len, &only);
		passed += only.lines;
		/* every report and every rate-limit count is seen */
		assert_int_equal(only.page_reports, all.page_reports);
		assert_int_equal(only.slab_reports, all.slab_reports);
		assert_int_equal(only.suppressed, all.suppressed);
		reports += all.reports;
		suppressed += all.suppressed;
		free(cut);
		wm_buf_free(&b);
	}
	/*
	 * 26 reports and 6306 suppressed failures in 857 lines, of which the
	 * filter passes 28: the headers and the rate limiter's lines
	 */
	assert_int_equal(reports, 26);
	assert_int_equal(suppressed, 6306);
	assert_int_equal(lines, 857);
	assert_int_equal(passed, 28);
	free(a);
}

/* A scratch tree: <dir>/sys/kernel/tracing/instances, when instances. */
static void tree_make(char *dir, size_t size, bool instances)
{
	char p[PATH_MAX];

	snprintf(dir, size, "/tmp/wmtune-hint-XXXXXX");
	assert_non_null(mkdtemp(dir));
	if (!instances)
		return;
	/* the directories above its last component */
	snprintf(p, sizeof(p), "%s/sys/kernel/tracing/instances/x", dir);
	assert_int_equal(wm_mkdir_parents(p, 0755), 0);
}

static bool instance_exists(const char *dir, const char *name)
{
	char p[PATH_MAX];
	struct stat st;

	snprintf(p, sizeof(p), "%s/sys/kernel/tracing/instances/%s", dir, name);
	return stat(p, &st) == 0;
}

static void instance_make(const char *dir, const char *name)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/sys/kernel/tracing/instances/%s", dir, name);
	assert_int_equal(mkdir(p, 0755), 0);
}

static void test_stale_instances(void **state)
{
	struct wm_root r;
	char dir[64], self[32];

	(void)state;
	tree_make(dir, sizeof(dir), true);
	assert_int_equal(wm_root_init(&r, dir), 0);
	snprintf(self, sizeof(self), "wmtune-%ld", (long)getpid());
	instance_make(dir, "wmtune-2147483646");   /* above any pid_max */
	instance_make(dir, "wmtune-2147483645");
	instance_make(dir, "wmtune-1");            /* init: alive */
	instance_make(dir, self);
	instance_make(dir, "wmtune-0002147483646"); /* not a name of ours */
	instance_make(dir, "perf-tool");
	assert_int_equal(wm_wakehint_remove_stale(&r), 2);
	assert_false(instance_exists(dir, "wmtune-2147483646"));
	assert_false(instance_exists(dir, "wmtune-2147483645"));
	assert_true(instance_exists(dir, "wmtune-1"));
	assert_true(instance_exists(dir, self));
	assert_true(instance_exists(dir, "wmtune-0002147483646"));
	assert_true(instance_exists(dir, "perf-tool"));
	assert_int_equal(wm_wakehint_remove_stale(&r), 0);
	rm_tree(dir);
}

static void test_open_without_tracefs(void **state)
{
	struct wm_wakehint h;
	struct wm_root r;
	const char *step = NULL;
	char dir[64];

	(void)state;
	tree_make(dir, sizeof(dir), false);
	assert_int_equal(wm_root_init(&r, dir), 0);
	assert_int_equal(wm_wakehint_open(&h, &r, &step), -ENOENT);
	assert_string_equal(step, "tracefs");
	assert_int_equal(h.fd, -1);
	wm_wakehint_close(&h);	/* harmless after a failed open */
	rm_tree(dir);
}

/* A directory that is not tracefs: the instance gets no files. */
static void test_open_not_tracefs_leaves_nothing(void **state)
{
	struct wm_wakehint h;
	struct wm_root r;
	const char *step = NULL;
	char dir[64], self[32];

	(void)state;
	tree_make(dir, sizeof(dir), true);
	assert_int_equal(wm_root_init(&r, dir), 0);
	instance_make(dir, "wmtune-2147483646");
	snprintf(self, sizeof(self), "wmtune-%ld", (long)getpid());
	assert_int_equal(wm_wakehint_open(&h, &r, &step), -ENOENT);
	assert_string_equal(step, "buffer_size_kb");
	assert_int_equal(h.fd, -1);
	assert_string_equal(h.dir, "");
	assert_false(instance_exists(dir, self));
	/* the stale one went on the way */
	assert_false(instance_exists(dir, "wmtune-2147483646"));

	/* an instance of that name already there is not ours to remove */
	instance_make(dir, self);
	assert_int_equal(wm_wakehint_open(&h, &r, &step), -EEXIST);
	assert_string_equal(step, "instance");
	wm_wakehint_close(&h);
	assert_true(instance_exists(dir, self));
	rm_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_instance_names),
		cmocka_unit_test(test_filter_passes_every_counted_line),
		cmocka_unit_test(test_stale_instances),
		cmocka_unit_test(test_open_without_tracefs),
		cmocka_unit_test(test_open_not_tracefs_leaves_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
