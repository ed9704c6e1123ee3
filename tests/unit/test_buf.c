// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_buf_pread_whole(): one pread when the file fits, the same bytes as
 * wm_buf_pread_all() whatever the size (a file that fills the buffer is
 * read again, whole, into a larger one), and the same on a live sysctl.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "buf.h"
#include "tmpdir.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/wmtune-buf-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	rm_tree(dir);
	return 0;
}

/* A file of n bytes of a pattern with a newline every 61; its fd. */
static int make_file(size_t n)
{
	char path[128];
	char *p = malloc(n + 1);
	size_t i;
	int fd;

	assert_non_null(p);
	for (i = 0; i < n; i++)
		p[i] = i % 61 == 60 ? '\n' : (char)('a' + i % 26);
	snprintf(path, sizeof(path), "%s/f%zu", dir, n);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, p, n), (ssize_t)n);
	free(p);
	return fd;
}

static void test_sizes(void **state)
{
	/* around the first buffer (4096, count 4095) and its doubling */
	static const size_t sizes[] = { 0, 1, 6, 4094, 4095, 4096, 8190,
					8191, 8192, 10000, 70000 };
	struct wm_buf whole = { 0 }, all = { 0 };
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int fd = make_file(sizes[i]);

		assert_int_equal(wm_buf_pread_whole(&whole, fd), 0);
		assert_int_equal(wm_buf_pread_all(&all, fd), 0);
		assert_int_equal(whole.len, sizes[i]);
		assert_int_equal(all.len, sizes[i]);
		assert_memory_equal(whole.data, all.data, sizes[i]);
		assert_int_equal(whole.data[whole.len], '\0');
		/* a buffer that was cut grew past the file: never filled */
		assert_true(whole.cap - 1 > whole.len);
		assert_true(whole.cap >= WM_BUF_WHOLE_MIN);
		/* again, into the same buffer: the same bytes */
		assert_int_equal(wm_buf_pread_whole(&whole, fd), 0);
		assert_int_equal(whole.len, sizes[i]);
		assert_memory_equal(whole.data, all.data, sizes[i]);
		close(fd);
	}
	wm_buf_free(&whole);
	wm_buf_free(&all);
}

/* The first buffer is WM_BUF_WHOLE_MIN: a small file asks for 4095. */
static void test_first_buffer(void **state)
{
	struct wm_buf b = { 0 };
	int fd = make_file(6);

	(void)state;
	assert_int_equal(wm_buf_pread_whole(&b, fd), 0);
	assert_int_equal(b.cap, WM_BUF_WHOLE_MIN);
	close(fd);
	assert_int_equal(wm_buf_pread_whole(&b, fd), -EBADF);
	wm_buf_free(&b);
}

/*
 * A live sysctl and single_open() file, where a read at a non-zero
 * offset would not continue the file: one read gives all of it.
 */
static void test_proc(void **state)
{
	static const char *const paths[] = { "/proc/sys/vm/min_free_kbytes",
					     "/proc/meminfo" };
	struct wm_buf b = { 0 };
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		int fd = open(paths[i], O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			skip();
		assert_int_equal(wm_buf_pread_whole(&b, fd), 0);
		assert_true(b.len > 0);
		assert_int_equal(b.data[b.len - 1], '\n');
		assert_int_equal(strlen(b.data), b.len);
		close(fd);
	}
	assert_non_null(strstr(b.data, "MemTotal:"));
	assert_non_null(strstr(b.data, "\nSwapFree:"));
	wm_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_first_buffer),
		cmocka_unit_test(test_proc),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
