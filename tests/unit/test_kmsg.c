// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The /dev/kmsg reader on fixture trees (dev/kmsg as a file of records
 * separated by NUL, util-linux --kmsg-file) and, when this machine lets
 * us, on the real device; and the assembler's streaming input: every
 * sample cut at every byte offset, fed byte by byte, repeated.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "fixture.h"
#include "kmsg.h"
#include "report.h"

struct tree {
	char dir[64];
	char kmsg[96];
	struct wm_root root;
};

static void tree_make(struct tree *t, const char *data, size_t len)
{
	char dev[96];
	int fd;

	snprintf(t->dir, sizeof(t->dir), "/tmp/wmtune-kmsg-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(dev, sizeof(dev), "%s/dev", t->dir);
	assert_int_equal(mkdir(dev, 0755), 0);
	snprintf(t->kmsg, sizeof(t->kmsg), "%s/dev/kmsg", t->dir);
	fd = open(t->kmsg, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	assert_int_equal(wm_root_init(&t->root, t->dir), 0);
}

static void tree_append(struct tree *t, const char *data, size_t len)
{
	int fd = open(t->kmsg, O_WRONLY | O_APPEND);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static void tree_free(struct tree *t)
{
	char dev[96];

	unlink(t->kmsg);
	snprintf(dev, sizeof(dev), "%s/dev", t->dir);
	rmdir(dev);
	rmdir(t->dir);
}

static struct wm_kmsg K;

static void test_file_records(void **state)
{
	static const char data[] =
		"5,0,0,-;Linux version 6.1.0-56-amd64 (x) #1\n\0"
		"4,1,5051047,-;dd: page allocation failure: order:0, mode:0xa20"
		"(GFP_ATOMIC), nodemask=(null)\n SUBSYSTEM=mm\n\0"
		"\0" /* an empty record: skipped */
		"4,2,5051533,-;CPU: 0 PID: 100 Comm: dd Not tainted 6.1.0 #1\n";
	struct tree t;
	const char *rec;
	long n;

	(void)state;
	tree_make(&t, data, sizeof(data) - 1);
	assert_int_equal(wm_kmsg_open(&K, &t.root, false), 0);
	assert_true(K.is_file);
	n = wm_kmsg_next(&K, &rec);
	assert_int_equal(n, 44);
	assert_memory_equal(rec, "5,0,0,-;Linux version", 21);
	n = wm_kmsg_next(&K, &rec);
	assert_true(n > 0);
	assert_non_null(strstr(rec, " SUBSYSTEM=mm\n"));
	n = wm_kmsg_next(&K, &rec); /* no NUL, but ends in '\n': whole */
	assert_true(n > 0);
	assert_memory_equal(rec, "4,2,", 4);
	assert_int_equal(wm_kmsg_next(&K, &rec), 0);
	assert_int_equal(wm_kmsg_next(&K, &rec), 0);
	wm_kmsg_close(&K);
	assert_int_equal(wm_kmsg_next(&K, &rec), -EBADF);
	tree_free(&t);
}

static void test_file_broken(void **state)
{
	char *big = malloc(20000);
	struct tree t;
	const char *rec;
	size_t n;

	(void)state;
	assert_non_null(big);
	/* a "record" longer than the buffer, then a good one, then a cut one */
	memset(big, 'x', 10000);
	big[10000] = '\0';
	n = 10001;
	memcpy(big + n, "4,7,1,-;ok\n", 12); /* with its NUL */
	n += 12;
	memcpy(big + n, "4,8,1,-;cut in the midd", 23);
	n += 23;
	tree_make(&t, big, n);
	assert_int_equal(wm_kmsg_open(&K, &t.root, false), 0);
	assert_int_equal(wm_kmsg_next(&K, &rec), 11);
	assert_string_equal(rec, "4,7,1,-;ok\n");
	assert_int_equal(wm_kmsg_next(&K, &rec), 0);
	wm_kmsg_close(&K);
	tree_free(&t);
	free(big);

	/* no dev/kmsg in the tree */
	snprintf(t.dir, sizeof(t.dir), "/tmp/wmtune-kmsg-XXXXXX");
	assert_non_null(mkdtemp(t.dir));
	assert_int_equal(wm_root_init(&t.root, t.dir), 0);
	assert_int_equal(wm_kmsg_open(&K, &t.root, false), -ENOENT);
	rmdir(t.dir);
}

/* --follow on a file: the partial record waits, new records show up. */
static void test_file_follow(void **state)
{
	static const char first[] = "4,1,1,-;one\n\0" "4,2,2,-;tw";
	static const char rest[] = "o\n\0" "4,3,3,-;three\n\0";
	struct tree t;
	const char *rec;

	(void)state;
	tree_make(&t, first, sizeof(first) - 1);
	assert_int_equal(wm_kmsg_open(&K, &t.root, true), 0);
	assert_int_equal(wm_kmsg_next(&K, &rec), 12);
	assert_int_equal(wm_kmsg_next(&K, &rec), 0);
	assert_int_equal(wm_kmsg_wait(&K, 10), 1);
	assert_int_equal(wm_kmsg_next(&K, &rec), 0);
	tree_append(&t, rest, sizeof(rest) - 1);
	assert_int_equal(wm_kmsg_next(&K, &rec), 12);
	assert_string_equal(rec, "4,2,2,-;two\n");
	assert_int_equal(wm_kmsg_next(&K, &rec), 14);
	assert_string_equal(rec, "4,3,3,-;three\n");
	assert_int_equal(wm_kmsg_next(&K, &rec), 0);
	wm_kmsg_close(&K);
	tree_free(&t);
}

static struct wm_report_asm A;
static unsigned nreports;
static struct wm_report last;

static void emit(void *arg, const struct wm_report *r)
{
	(void)arg;
	nreports++;
	last = *r;
}

/* The real kmsg sample as a NUL-separated dev/kmsg, through the assembler. */
static void test_sample_tree(void **state)
{
	static const char fail[] = "4,363,203578999,-;swapper/0: page allocation"
				   " failure: order:0, mode:0x820(GFP_ATOMIC)\n";
	struct wm_buf b = { 0 }, nul = { 0 };
	struct wm_report_opts o = { .emit = emit };
	struct wm_lines it;
	struct wm_span s;
	struct tree t;
	const char *rec;
	long n;
	unsigned records = 0;

	(void)state;
	wm_test_load(&b, "samples/kmsg/kmsg-raw-6.18.44-fc-v857.sample");
	wm_lines_init(&it, b.data, b.len);
	while (wm_lines_next(&it, &s)) {
		wm_buf_append(&nul, s.p, s.len);
		wm_buf_append(&nul, "\n", 2); /* the '\n' and the NUL */
	}
	wm_buf_append(&nul, fail, sizeof(fail) - 1);
	tree_make(&t, nul.data, nul.len);
	nreports = 0;
	wm_report_init(&A, &o);
	assert_int_equal(wm_kmsg_open(&K, &t.root, false), 0);
	while ((n = wm_kmsg_next(&K, &rec)) > 0) {
		assert_int_equal(wm_report_push_record(&A, rec, (size_t)n), 0);
		records++;
	}
	assert_int_equal(n, 0);
	wm_report_end(&A);
	assert_int_equal(records, 42);
	assert_int_equal(A.stats.records, 42);
	assert_int_equal(A.stats.last_seq, 363);
	assert_int_equal(A.stats.lost, 322);
	assert_int_equal(nreports, 1);
	assert_int_equal(last.seq, 363);
	assert_int_equal(last.ts_usec, 203578999);
	assert_int_equal(last.gfp.atomic, WM_TRI_TRUE);
	wm_kmsg_close(&K);
	tree_free(&t);
	wm_buf_free(&b);
	wm_buf_free(&nul);
}

/* The real device, read-only, when this machine allows it. */
static void test_device(void **state)
{
	struct wm_root root;
	struct wm_klog_line l;
	const char *rec;
	uint64_t prev = 0;
	long n;
	unsigned count = 0;
	int rc;

	(void)state;
	assert_int_equal(wm_root_init(&root, "/"), 0);
	rc = wm_kmsg_open(&K, &root, false);
	if (rc == -EPERM || rc == -EACCES || rc == -ENOENT) {
		fprintf(stderr, "# skip: /dev/kmsg: %s\n", strerror(-rc));
		skip();
	}
	assert_int_equal(rc, 0);
	assert_false(K.is_file);
	while ((n = wm_kmsg_next(&K, &rec)) > 0) {
		assert_int_equal(wm_kmsg_parse_record(rec, (size_t)n, &l), 0);
		assert_true(count == 0 || l.seq > prev);
		assert_true(rec[n - 1] == '\n');
		prev = l.seq;
		count++;
	}
	assert_int_equal(n, 0); /* EAGAIN: the end of what is there */
	assert_true(count > 0);
	assert_true(wm_kmsg_wait(&K, 0) >= 0);
	wm_kmsg_close(&K);
}

/* ---- Streaming input: every truncation, any chunking, repetition ---- */

#define MAXR 400
#define AF "samples/allocfail/"

struct collect {
	unsigned n;
	struct wm_report r[MAXR];
};

static struct collect C, FULL;

static void collect(void *arg, const struct wm_report *r)
{
	struct collect *c = arg;

	if (c->n < MAXR)
		c->r[c->n] = *r;
	c->n++;
}

static void start(struct collect *c)
{
	struct wm_report_opts o = { .emit = collect, .arg = c };

	memset(c, 0, sizeof(*c));
	wm_report_init(&A, &o);
}

static void run(struct collect *c, const char *buf, size_t len)
{
	start(c);
	wm_report_push_bytes(&A, buf, len);
	wm_report_end(&A);
}

/* A field of a report from a cut log is the full log's value or unknown. */
static void check_prefix(const struct wm_report *t, const struct wm_report *f)
{
	unsigned i;

	assert_int_equal(t->kind, f->kind);
	assert_true(t->order == f->order || t->order == WM_UNKNOWN);
	assert_true(!*t->comm || strcmp(t->comm, f->comm) == 0);
	assert_true(!t->gfp.have_mask || t->gfp.mask == f->gfp.mask);
	assert_true(!t->gfp.have_names ||
		    strcmp(t->gfp.names, f->gfp.names) == 0);
	assert_true(t->gfp.atomic == f->gfp.atomic ||
		    t->gfp.atomic == WM_TRI_UNKNOWN);
	assert_true(!*t->nodemask || strcmp(t->nodemask, f->nodemask) == 0);
	assert_true(!*t->cache || strcmp(t->cache, f->cache) == 0);
	assert_true(!*t->kernel_release ||
		    strcmp(t->kernel_release, f->kernel_release) == 0);
	assert_true(t->suppressed_before == f->suppressed_before);
	assert_true(t->nr_zones <= f->nr_zones);
	for (i = 0; i < t->nr_zones; i++)
		assert_memory_equal(&t->zones[i], &f->zones[i], sizeof(t->zones[i]));
	assert_true(t->nr_slab_nodes <= f->nr_slab_nodes);
	for (i = 0; i < t->nr_slab_nodes; i++)
		assert_memory_equal(&t->slab_nodes[i], &f->slab_nodes[i],
				    sizeof(t->slab_nodes[i]));
}

static void truncate_everywhere(const char *path, size_t step)
{
	struct wm_buf b = { 0 };
	size_t cut, i;

	wm_test_load(&b, path);
	run(&FULL, b.data, b.len);
	for (cut = 0; cut <= b.len; cut += step) {
		run(&C, b.data, cut);
		assert_true(C.n <= FULL.n);
		for (i = 0; i < C.n; i++)
			check_prefix(&C.r[i], &FULL.r[i]);
	}
	run(&C, b.data, b.len);
	assert_int_equal(C.n, FULL.n);
	wm_buf_free(&b);
}

static void test_truncated(void **state)
{
	static const char *const files[] = {
		AF "00-seed-linux-mm-2026-slub-and-page-GFP_ATOMIC-suppressed.log",
		AF "01-2.6.38-ubuntu-zfs325-order0-0x4020.log",
		AF "02-2.6.38-ubuntu-zfs325-slub-gfp0x20.log",
		AF "04-3.18.18-dmwriteboost-order8-0x204010.log",
		AF "05-4.3.0-archarm-order0-0x20.log",
		AF "06-4.9.24-coreos-journal-GFP_ATOMIC-0x2084120.log",
		AF "08-4.12-android-x86-GFP_HIGHUSER-wrapped.log",
		AF "09-4.18.0-rc2-ppc64-mode0x0-cpuset-own-line.log",
		AF "11-5.7.0-bcachefs-order7-GFP_KERNEL_COMP.log",
		AF "12-5.9.0-fedora-journal-monotonic-GFP_NOWAIT.log",
		AF "13-5.9.0-fedora-journal-monotonic-SLUB-GFP_NOWAIT.log",
		AF "14-6.8.0-xtensa-GFP_ATOMIC-0x820.log",
		AF "16-6.19.11-cachyos-dmesgT-header-GFP_NOFS.log",
		AF "17-3.x-docker-slub-memcg-gfp0x20.log",
		"samples/showmem/01-4.x-syslog-rsyslog-escaped-showmem.log",
		"samples/showmem/02-2.6.15-rc2-numa-sysrq-m.log",
		"samples/kmsg/kmsg-raw-6.18.44-fc-v857.sample",
		"samples/lab-6.1/6.1.192-debian-qemu-256M-atomic-burst.dmesg",
	};
	size_t i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(files); i++)
		truncate_everywhere(files[i], 1);
}

/* Incremental: one byte at a time gives what one push gives. */
static void test_chunks_and_stress(void **state)
{
	struct wm_buf b = { 0 }, many = { 0 };
	size_t i;

	(void)state;
	wm_test_load(&b, "samples/lab-6.1/6.1.192-debian-qemu-256M-atomic-burst.dmesg");
	run(&FULL, b.data, b.len);
	start(&C);
	for (i = 0; i < b.len; i++)
		wm_report_push_bytes(&A, b.data + i, 1);
	wm_report_end(&A);
	assert_int_equal(C.n, FULL.n);
	for (i = 0; i < C.n; i++)
		assert_memory_equal(&C.r[i], &FULL.r[i], sizeof(C.r[i]));

	for (i = 0; i < 50; i++)
		wm_buf_append(&many, b.data, b.len);
	run(&C, many.data, many.len);
	assert_int_equal(C.n, 100);
	assert_int_equal(A.stats.suppressed, 50 * 6247);
	assert_int_equal(A.stats.order0_atomic_failures, 50 * 6249);
	assert_int_equal(A.stats.zones[1].below_min, 100);
	assert_int_equal(C.r[99].suppressed_before, 6247);

	wm_test_load(&b, AF "00-seed-linux-mm-2026-slub-and-page-GFP_ATOMIC-"
		     "suppressed.log");
	many.len = 0;
	for (i = 0; i < 50; i++)
		wm_buf_append(&many, b.data, b.len);
	run(&C, many.data, many.len);
	assert_int_equal(C.n, 350);
	assert_int_equal(A.stats.suppressed, 50 * 59);

	wm_test_load(&b, "samples/kmsg/kmsg-raw-6.18.44-fc-v857.sample");
	many.len = 0;
	for (i = 0; i < 20; i++)
		wm_buf_append(&many, b.data, b.len);
	run(&C, many.data, many.len);
	assert_int_equal(A.stats.records, 20 * 41);
	assert_int_equal(A.stats.lost, 20 * 322);
	wm_buf_free(&b);
	wm_buf_free(&many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_records),
		cmocka_unit_test(test_file_broken),
		cmocka_unit_test(test_file_follow),
		cmocka_unit_test(test_sample_tree),
		cmocka_unit_test(test_device),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_chunks_and_stress),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
