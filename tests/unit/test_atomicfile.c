// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "tmpdir.h"
#include "atomicfile.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/wmtune-atomic-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	rm_tree(dir);
	return 0;
}

static void path_of(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", dir, name);
}

static void assert_content(const char *path, const char *want)
{
	char buf[256];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	assert_true(n >= 0);
	buf[n] = '\0';
	assert_string_equal(buf, want);
}

/* Entries in dir other than . and ..: a leftover temp file shows here. */
static int count_entries(void)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static void test_create_and_replace(void **state)
{
	char p[128];
	struct stat st;
	mode_t old = umask(022);

	(void)state;
	path_of(p, sizeof(p), "out.prom");
	assert_int_equal(wm_atomic_write(p, "a 1\n", 4, 0600), 0);
	assert_content(p, "a 1\n");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(wm_atomic_write(p, "b 2\nc 3\n", 8, 0644), 0);
	assert_content(p, "b 2\nc 3\n");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	/* an empty file is a valid content too */
	assert_int_equal(wm_atomic_write(p, "", 0, 0644), 0);
	assert_content(p, "");
	assert_int_equal(count_entries(), 1);
	umask(old);
}

static void test_refuses_symlink_and_dir(void **state)
{
	char p[128], target[128], sub[128];

	(void)state;
	path_of(target, sizeof(target), "real");
	path_of(p, sizeof(p), "link");
	path_of(sub, sizeof(sub), "subdir");
	assert_int_equal(wm_atomic_write(target, "keep\n", 5, 0644), 0);
	assert_int_equal(symlink(target, p), 0);
	assert_int_equal(wm_atomic_write(p, "evil\n", 5, 0644), -ELOOP);
	assert_content(target, "keep\n");
	/* a dangling link is refused as well */
	assert_int_equal(unlink(target), 0);
	assert_int_equal(wm_atomic_write(p, "evil\n", 5, 0644), -ELOOP);
	assert_int_equal(access(target, F_OK), -1);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(wm_atomic_write(sub, "x", 1, 0644), -EISDIR);
	assert_int_equal(count_entries(), 2); /* link, subdir: no temp */
	path_of(p, sizeof(p), "fifo");
	assert_int_equal(mkfifo(p, 0644), 0);
	assert_int_equal(wm_atomic_write(p, "x", 1, 0644), -EINVAL);
}

static void test_missing_dir(void **state)
{
	char p[128];

	(void)state;
	path_of(p, sizeof(p), "no/such/file");
	assert_int_equal(wm_atomic_write(p, "x", 1, 0644), -ENOENT);
	path_of(p, sizeof(p), "trailing/");
	assert_int_equal(wm_atomic_write(p, "x", 1, 0644), -EISDIR);
}

/*
 * A write that fails half way (here RLIMIT_FSIZE: the same path as a
 * full disk, write() fails) leaves the old file intact and no temp file.
 */
static void test_failure_keeps_old(void **state)
{
	static char big[65536];
	struct rlimit old, lim;
	char p[128];
	int rc;

	(void)state;
	path_of(p, sizeof(p), "state.json");
	assert_int_equal(wm_atomic_write(p, "old content\n", 12, 0644), 0);
	memset(big, 'x', sizeof(big));
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_IGN);
	lim = old;
	lim.rlim_cur = 4096;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	rc = wm_atomic_write(p, big, sizeof(big), 0644);
	/* the variant without fsync keeps the old file just the same */
	assert_int_equal(wm_atomic_replace(p, big, sizeof(big), 0644), -EFBIG);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_int_equal(rc, -EFBIG);
	assert_content(p, "old content\n");
	assert_int_equal(count_entries(), 1);
	assert_int_equal(wm_atomic_replace(p, "new\n", 4, 0644), 0);
	assert_content(p, "new\n");
	assert_int_equal(count_entries(), 1);
}

/*
 * The variant without fsync: the first save creates the file (nothing to
 * exchange with), later ones exchange it. Either way the name holds the
 * new content in a new inode, a reader that opened the old file keeps
 * reading the old content, and no temp file or old copy is left behind.
 */
static void test_replace_without_fsync(void **state)
{
	char p[128], link[128], buf[32];
	struct stat before, after;
	int fd;
	ssize_t n;

	(void)state;
	path_of(p, sizeof(p), "state.json");
	assert_int_equal(wm_atomic_replace(p, "first\n", 6, 0600), 0);
	assert_content(p, "first\n");
	assert_int_equal(count_entries(), 1);
	assert_int_equal(stat(p, &before), 0);
	assert_int_equal(before.st_mode & 07777, 0600);
	fd = open(p, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(wm_atomic_replace(p, "second\n", 7, 0644), 0);
	assert_content(p, "second\n");
	assert_int_equal(stat(p, &after), 0);
	assert_int_equal(after.st_mode & 07777, 0644);
	assert_true(after.st_ino != before.st_ino);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	close(fd);
	assert_int_equal(n, 6);
	buf[n] = '\0';
	assert_string_equal(buf, "first\n");
	assert_int_equal(count_entries(), 1);
	/* a link in the name's place is refused, as by the durable variant */
	path_of(link, sizeof(link), "link");
	assert_int_equal(symlink(p, link), 0);
	assert_int_equal(wm_atomic_replace(link, "evil\n", 5, 0644), -ELOOP);
	assert_content(p, "second\n");
	assert_int_equal(count_entries(), 2);
}

static void test_mkdir_parents(void **state)
{
	char p[128], f[128];
	struct stat st;

	(void)state;
	path_of(p, sizeof(p), "var/lib/wmtune/state.json");
	assert_int_equal(wm_mkdir_parents(p, 0755), 0);
	path_of(f, sizeof(f), "var/lib/wmtune");
	assert_int_equal(stat(f, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(access(p, F_OK), -1); /* not the file itself */
	assert_int_equal(wm_mkdir_parents(p, 0755), 0); /* idempotent */
	/* a file in the way */
	path_of(f, sizeof(f), "var/lib/wmtune/state.json");
	assert_int_equal(wm_atomic_write(f, "x", 1, 0644), 0);
	path_of(p, sizeof(p), "var/lib/wmtune/state.json/sub/f");
	assert_int_equal(wm_mkdir_parents(p, 0755), -ENOTDIR);
	assert_int_equal(wm_mkdir_parents("file", 0755), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_symlink_and_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_keeps_old, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_without_fsync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mkdir_parents, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
