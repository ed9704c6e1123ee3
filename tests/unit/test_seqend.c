// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lib/seqend.c: the node list of sysfs, and when a zoneinfo or vmstat read
 * cut on a record boundary is all of the file, on the real samples (the
 * 2.6.15 two-node zoneinfo lists node 1 first) and, where it runs, this
 * machine's kernel: there a read the rules call whole must be followed
 * by a read of 0 bytes at its end offset.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "buf.h"
#include "seqend.h"
#include "fixture.h"

static void test_node_list(void **state)
{
	static const struct {
		const char *in;
		int rc;
		uint64_t mask;
	} cases[] = {
		{ "0\n", 0, 0x1 },
		{ "0", 0, 0x1 },
		{ "0-3\n", 0, 0xf },
		{ "0,2-3\n", 0, 0xd },
		{ "1,3,5-6\n", 0, 0x6a },
		{ "0-63\n", 0, ~0ULL },
		{ "63\n", 0, 1ULL << 63 },
		{ "64\n", -E2BIG, 0 },
		{ "0-64\n", -E2BIG, 0 },
		{ "99999999999999999999\n", -E2BIG, 0 },
		{ "", -EPROTO, 0 },
		{ "\n", -EPROTO, 0 },
		{ "3-1\n", -EPROTO, 0 },
		{ "0,,1\n", -EPROTO, 0 },
		{ "0-\n", -EPROTO, 0 },
		{ "0,\n", -EPROTO, 0 },
		{ "-1\n", -EPROTO, 0 },
		{ "0 1\n", -EPROTO, 0 },
		{ "0\n\n", -EPROTO, 0 },
		{ "0-7:2/4\n", -EPROTO, 0 },
		{ "a\n", -EPROTO, 0 },
	};
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t mask = 42;
		int rc = wm_node_list_parse(cases[i].in, strlen(cases[i].in),
					    &mask);

		if (rc != cases[i].rc || mask != cases[i].mask)
			fail_msg("'%s': rc %d mask %#llx, want %d %#llx",
				 cases[i].in, rc, (unsigned long long)mask,
				 cases[i].rc,
				 (unsigned long long)cases[i].mask);
	}
}

/* The length of buf up to the start of the line that starts with lit. */
static size_t cut_before(const struct wm_buf *b, const char *lit)
{
	const char *p = strstr(b->data, lit);

	assert_non_null(p);
	assert_true(p == b->data || p[-1] == '\n');
	return (size_t)(p - b->data);
}

static void test_zoneinfo_nodes(void **state)
{
	struct wm_buf b = { 0 };
	struct wm_seq_end one, two, unknown;
	size_t node1_only;

	(void)state;
	wm_seq_end_nodes(&one, 0x1);
	wm_seq_end_nodes(&two, 0x3);
	wm_seq_end_nodes(&unknown, 0);
	assert_int_equal(unknown.kind, WM_SEQ_END_UNKNOWN);

	wm_test_load(&b, "samples/zoneinfo/2.6.15-rc2-numa-2node-lkml.zoneinfo");
	assert_true(wm_seq_end_reached(&two, b.data, b.len));
	/*
	 * one possible node: only its record may come first (a file that
	 * starts with node 1's is none of this system's: not the end)
	 */
	assert_false(wm_seq_end_reached(&one, b.data, b.len));
	assert_false(wm_seq_end_reached(&unknown, b.data, b.len));
	/* node 1 comes first in this kernel's file: alone it is not all */
	node1_only = cut_before(&b, "Node 0, zone      DMA\n");
	assert_false(wm_seq_end_reached(&two, b.data, node1_only));
	/* a file of node 1 alone, on a system whose only node is 0 */
	assert_false(wm_seq_end_reached(&one, b.data, node1_only));
	/* cut inside a line: no record ends there */
	assert_false(wm_seq_end_reached(&two, b.data, b.len - 1));
	wm_buf_free(&b);

	wm_test_load(&b, "samples/zoneinfo/rhel8-4.18.0-80-x86_64-sosreport.zoneinfo");
	assert_true(wm_seq_end_reached(&one, b.data, b.len));
	assert_false(wm_seq_end_reached(&two, b.data, b.len));
	assert_false(wm_seq_end_reached(&one, b.data, 0));
	wm_buf_free(&b);
}

/* Which lines are zone headers of a node, with one node or several. */
static void test_zoneinfo_headers(void **state)
{
	static const struct {
		const char *in;
		uint64_t nodes;
		bool whole;
	} cases[] = {
		{ "Node 0, zone      DMA\n  pages free 1\n", 0x1, true },
		{ "  Node 0, zone  DMA\n", 0x1, false },  /* not at a line start */
		{ "xNode 0, zone DMA\n", 0x1, false },
		{ "Node 0 zone DMA\n", 0x1, false },
		{ "Node , zone DMA\n", 0x1, false },
		{ "Node 00, zone DMA\n", 0x1, false },
		{ "Node 0", 0x1, false },
		{ "Node 1, zone DMA\n", 0x1, false },
		{ "Node 1, zone DMA\n", 0x2, true },
		/* one node: its header must be the first line */
		{ "N\nNode 0, zone DMA\n", 0x1, false },
		{ "Node 0, zone DMA\nNode 1, zone DMA\n", 0x1, true },
		/* several: every one of them at a line start, in any order */
		{ "Node 0, zone DMA\nNode 1, zone DMA\n", 0x3, true },
		{ "Node 1, zone DMA\n x\nNode 0, zone DMA\n", 0x3, true },
		{ "N\nNode 0, zone DMA\nNo\nNode 1, zone DMA\n", 0x3, true },
		{ "Node 0, zone DMA\n Node 1, zone DMA\n", 0x3, false },
		{ "Node 0, zone DMA\nNode 01, zone DMA\n", 0x3, false },
		{ "Node 64, zone DMA\nNode 0, zone DMA\nNode 1, zone X\n",
		  0x3, false },
		{ "Node 0, zone DMA\nNode 2, zone DMA\n", 0x3, false },
	};
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wm_seq_end e;

		wm_seq_end_nodes(&e, cases[i].nodes);
		if (wm_seq_end_reached(&e, cases[i].in, strlen(cases[i].in)) !=
		    cases[i].whole)
			fail_msg("'%s' of %#llx: want %d", cases[i].in,
				 (unsigned long long)cases[i].nodes,
				 cases[i].whole);
	}
}

static void test_vmstat_last_word(void **state)
{
	struct wm_buf b = { 0 };
	struct wm_seq_end e;
	size_t before_last;
	char *copy;

	(void)state;
	wm_seq_end_last_word(&e);
	wm_test_load(&b, "samples/vmstat/debian11-5.10.84-x86_64-2cpu.vmstat");
	/* nothing learned yet: no end known */
	assert_false(wm_seq_end_reached(&e, b.data, b.len));
	wm_seq_end_learn(&e, b.data, b.len);
	assert_int_equal(e.word_len, strlen("nr_unstable"));
	assert_memory_equal(e.word, "nr_unstable", e.word_len);
	assert_true(wm_seq_end_reached(&e, b.data, b.len));
	/* every record but the last: not the end */
	before_last = cut_before(&b, "nr_unstable 0\n");
	assert_false(wm_seq_end_reached(&e, b.data, before_last));
	assert_false(wm_seq_end_reached(&e, b.data, b.len - 1));

	/* a later read: other numbers, the same last name */
	copy = malloc(b.len + 16);
	assert_non_null(copy);
	memcpy(copy, b.data, before_last);
	strcpy(copy + before_last, "nr_unstable 12345\n");
	assert_true(wm_seq_end_reached(&e, copy, strlen(copy)));
	/* a longer name that starts with it is another record */
	strcpy(copy + before_last, "nr_unstable_x 0\n");
	assert_false(wm_seq_end_reached(&e, copy, strlen(copy)));
	strcpy(copy + before_last, "nr_unstable\n");
	assert_false(wm_seq_end_reached(&e, copy, strlen(copy)));
	free(copy);

	/* a last line with no blank, or none: nothing learned */
	wm_seq_end_learn(&e, "a 1\nnoblank\n", 12);
	assert_int_equal(e.word_len, 0);
	assert_false(wm_seq_end_reached(&e, "a 1\nnoblank\n", 12));
	wm_seq_end_learn(&e, "a 1\nb 2", 7);
	assert_int_equal(e.word_len, 0);
	wm_seq_end_learn(&e, " 1\n", 3);
	assert_int_equal(e.word_len, 0);
	wm_seq_end_learn(&e, "a 1\n", 4);
	assert_true(wm_seq_end_reached(&e, "a 1\n", 4));
	/* a one-line file's only line, of a learned name */
	assert_true(wm_seq_end_reached(&e, "a 7\n", 4));
	wm_buf_free(&b);
}

static void test_unknown_never_ends(void **state)
{
	struct wm_seq_end e;

	(void)state;
	memset(&e, 0, sizeof(e));
	assert_false(wm_seq_end_reached(&e, "Node 0, zone DMA\n", 17));
	wm_seq_end_learn(&e, "a 1\n", 4);
	assert_int_equal(e.word_len, 0);
	assert_false(wm_seq_end_reached(&e, "a 1\n", 4));
}

struct calls {
	unsigned n;
	bool answer;
};

static bool count_ended(const char *data, size_t len, const void *arg)
{
	struct calls *c = (struct calls *)arg;

	(void)data, (void)len;
	c->n++;
	return c->answer;
}

/* An unlinked scratch file, and size bytes of 50-byte lines for it. */
static int scratch(char **data, size_t size)
{
	char path[] = "/tmp/wmtune-seqend-XXXXXX";
	int fd = mkstemp(path);
	size_t i;

	assert_true(fd >= 0);
	unlink(path);
	*data = malloc(size);
	assert_non_null(*data);
	for (i = 0; i < size; i++)
		(*data)[i] = i % 50 == 49 ? '\n' : (char)('a' + i % 26);
	return fd;
}

/*
 * wm_buf_pread_ended() on a regular file: a read that fills the buffer
 * is never asked about; a short one is, and ends the reading only when
 * the answer is yes.
 */
static void test_pread_ended(void **state)
{
	static const size_t sizes[] = { 0, 100, 8190, 8191, 20000 };
	struct wm_buf b = { 0 };
	char *data;
	unsigned i;
	int fd = scratch(&data, 20000);

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct calls yes = { 0, true }, no = { 0, false };
		bool eof = false;

		assert_int_equal(ftruncate(fd, 0), 0);
		assert_int_equal(pwrite(fd, data, sizes[i], 0),
				 (ssize_t)sizes[i]);
		assert_int_equal(wm_buf_pread_ended(&b, fd, count_ended, &yes,
						    &eof), 0);
		assert_int_equal(b.len, sizes[i]);
		assert_memory_equal(b.data, data, sizes[i]);
		/* an empty file: the first read is the read of 0 bytes */
		assert_int_equal(eof, sizes[i] == 0);
		assert_int_equal(yes.n, sizes[i] == 0 ? 0 : 1);

		assert_int_equal(wm_buf_pread_ended(&b, fd, count_ended, &no,
						    &eof), 0);
		assert_int_equal(b.len, sizes[i]);
		assert_memory_equal(b.data, data, sizes[i]);
		assert_true(eof);
		assert_int_equal(no.n, sizes[i] == 0 ? 0 : 1);
	}
	close(fd);
	assert_int_equal(wm_buf_pread_ended(&b, fd, count_ended, &(struct calls){ 0, true },
					    &(bool){ false }), -EBADF);
	free(data);
	wm_buf_free(&b);
}

/*
 * The same once the buffer has settled at a size (a daemon's every
 * tick: the first read is made before the loop): files that shrink,
 * one that fills the buffer to the byte (a full read is never the end,
 * ended() not asked), one a byte larger, and a read that fails.
 */
static void test_pread_settled(void **state)
{
	/* bytes, or (near 1000000) the buffer's size then, plus this less */
	static const long sizes[] = { 20000, 100, 0, 1, 1000000 - 2,
				      1000000 - 1, 1000000, 1000000 + 1 };
	struct wm_buf b = { 0 };
	char *data;
	unsigned i, full_reads = 0;
	bool eof;
	int fd = scratch(&data, 400000);

	(void)state;
	assert_int_equal(pwrite(fd, data, 20000, 0), 20000);
	assert_int_equal(wm_buf_pread_all(&b, fd), 0);
	for (i = 0; i < WM_ARRAY_SIZE(sizes); i++) {
		struct calls yes = { 0, true }, no = { 0, false };
		size_t size = sizes[i] < 900000 ?
				      (size_t)sizes[i] :
				      b.cap + (size_t)(sizes[i] - 1000000);
		size_t cap = b.cap;
		/* the first read fills the buffer */
		bool full = size >= cap - 1;

		assert_true(b.cap > 4096 && size < 400000);
		full_reads += full;
		assert_int_equal(ftruncate(fd, 0), 0);
		assert_int_equal(pwrite(fd, data, size, 0), (ssize_t)size);
		eof = !size;
		assert_int_equal(wm_buf_pread_ended(&b, fd, count_ended, &yes,
						    &eof), 0);
		assert_int_equal(b.len, size);
		assert_memory_equal(b.data, data, size);
		assert_int_equal(b.data[b.len], '\0');
		/*
		 * a full first read is never the end: the next read is
		 * short (ended() asked), or of 0 bytes when the file was
		 * the buffer to the byte (ended() never asked)
		 */
		assert_int_equal(eof, size == 0 || size == cap - 1);
		assert_int_equal(yes.n, size == 0 || size == cap - 1 ? 0 : 1);
		assert_int_equal(wm_buf_pread_ended(&b, fd, count_ended, &no,
						    &eof), 0);
		assert_int_equal(b.len, size);
		assert_memory_equal(b.data, data, size);
		assert_true(eof);
	}
	assert_int_equal(full_reads, 3);
	close(fd);
	eof = true;
	assert_int_equal(wm_buf_pread_ended(&b, fd, count_ended,
					    &(struct calls){ 0, true }, &eof),
			 -EBADF);
	assert_false(eof);
	assert_int_equal(b.len, 0);
	free(data);
	wm_buf_free(&b);
}

/*
 * One possible node: a buffer is whole when it starts with that node's
 * header, "Node n," to the byte, and ends with '\n'; the near misses.
 */
static void test_one_node(void **state)
{
	static const struct {
		unsigned node;
		const char *buf;
		bool whole;
	} cases[] = {
		{ 0, "Node 0, zone      DMA\n", true },
		{ 0, "Node 0,\n", true },
		{ 0, "Node 0,", false },
		{ 0, "Node 0, zone DMA", false },
		{ 0, "Node 1, zone      DMA\n", false },
		{ 0, "Node 00, zone      DMA\n", false },
		{ 0, "node 0, zone      DMA\n", false },
		{ 0, "Node 0 , zone      DMA\n", false },
		{ 0, "Node 0. zone      DMA\n", false },
		{ 0, " Node 0, zone      DMA\n", false },
		{ 0, "Node 0\n", false },
		{ 1, "Node 1, zone   Normal\n", true },
		{ 1, "Node 10, zone   Normal\n", false },
		{ 1, "Node 01, zone   Normal\n", false },
		{ 10, "Node 10, zone   Normal\n", true },
		{ 10, "Node 1, zone   Normal\n", false },
		{ 10, "Node 100, zone   Normal\n", false },
		{ 63, "Node 63,\n", true },
		{ 63, "Node 63\n", false },
		{ 63, "Node 6,\n", false },
	};
	unsigned i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(cases); i++) {
		struct wm_seq_end e;
		const char *buf = cases[i].buf;
		size_t len = strlen(buf);

		wm_seq_end_nodes(&e, 1ULL << cases[i].node);
		if (wm_seq_end_reached(&e, buf, len) != cases[i].whole ||
		    wm_seq_end_whole(buf, len, &e) != cases[i].whole)
			fail_msg("node %u, '%s': not %d", cases[i].node, buf,
				 cases[i].whole);
	}
}

static bool live_ended(const char *data, size_t len, const void *end)
{
	return wm_seq_end_reached(end, data, len);
}

/* A node list file of sysfs as a mask; false if it cannot be read. */
static bool live_nodes(const char *path, uint64_t *mask)
{
	struct wm_buf b = { 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return false;
	rc = wm_buf_pread_all(&b, fd);
	close(fd);
	if (rc == 0)
		rc = wm_node_list_parse(b.data, b.len, mask);
	wm_buf_free(&b);
	return rc == 0;
}

/*
 * Read path as the observer does; true if the rule ended the reading,
 * and then a read at the end offset must find nothing more.
 */
static bool live_read(const char *path, struct wm_seq_end *e)
{
	struct wm_buf b = { 0 };
	char more[64];
	bool eof;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(wm_buf_pread_ended(&b, fd, live_ended, e, &eof), 0);
	if (eof)
		wm_seq_end_learn(e, b.data, b.len);
	else
		assert_int_equal(pread(fd, more, sizeof(more), (off_t)b.len),
				 0);
	close(fd);
	wm_buf_free(&b);
	return !eof;
}

/*
 * This machine's kernel: a read the rules call whole (with no read of 0
 * bytes after it) is all of the file. vmstat's end is learned at the
 * first read; zoneinfo's is known at once when every possible node is
 * online.
 */
static void test_live(void **state)
{
	struct wm_seq_end zi, vm;
	uint64_t possible, online;
	unsigned round;

	(void)state;
	if (!live_nodes("/sys/devices/system/node/possible", &possible) ||
	    !live_nodes("/sys/devices/system/node/online", &online) ||
	    access("/proc/zoneinfo", R_OK) != 0 ||
	    access("/proc/vmstat", R_OK) != 0) {
		print_message("skipped: no NUMA sysfs node lists or no /proc\n");
		skip();
	}
	wm_seq_end_nodes(&zi, possible);
	wm_seq_end_last_word(&vm);
	for (round = 0; round < 3; round++) {
		bool zi_ended = live_read("/proc/zoneinfo", &zi);
		bool vm_ended = live_read("/proc/vmstat", &vm);

		if (possible == online)
			assert_true(zi_ended);
		assert_int_equal(vm_ended, round > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_node_list),
		cmocka_unit_test(test_zoneinfo_nodes),
		cmocka_unit_test(test_zoneinfo_headers),
		cmocka_unit_test(test_vmstat_last_word),
		cmocka_unit_test(test_unknown_never_ends),
		cmocka_unit_test(test_pread_ended),
		cmocka_unit_test(test_pread_settled),
		cmocka_unit_test(test_one_node),
		cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
