// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "tmpdir.h"
#include "priv.h"
#include "sysctl.h"

static char tree[64];
static struct wm_root root;

static void put_bytes(const char *rel, const char *content, size_t len,
		      mode_t mode)
{
	char p[256];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", tree, rel);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
	assert_int_equal(chmod(p, mode), 0);
}

static void put_file(const char *rel, const char *content, mode_t mode)
{
	put_bytes(rel, content, strlen(content), mode);
}

static void put_dir(const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", tree, rel);
	assert_int_equal(mkdir(p, 0755), 0);
}

static void put_link(const char *rel, const char *target)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", tree, rel);
	assert_int_equal(symlink(target, p), 0);
}

static void file_content(const char *rel, char *buf, size_t size)
{
	char p[256];
	ssize_t n;
	int fd;

	snprintf(p, sizeof(p), "%s/%s", tree, rel);
	fd = open(p, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, size - 1);
	close(fd);
	assert_true(n >= 0);
	buf[n] = '\0';
}

/*
 * A fixture tree shaped like the real thing; the values are this
 * project's 6.18 VM (spec §2.6: min_free_kbytes 67584, wsf 10).
 */
static int setup(void **state)
{
	(void)state;
	snprintf(tree, sizeof(tree), "/tmp/wmtune-sysctl-XXXXXX");
	if (!mkdtemp(tree))
		return -1;
	put_dir("proc");
	put_dir("proc/sys");
	put_dir("proc/sys/vm");
	put_dir("proc/sys/kernel");
	put_dir("outside");
	put_file("proc/sys/vm/min_free_kbytes", "67584\n", 0644);
	put_file("proc/sys/vm/watermark_scale_factor", "10\n", 0644);
	put_file("proc/sys/vm/lowmem_reserve_ratio", "256\t256\t32\t0\t0\n", 0644);
	put_file("proc/sys/kernel/pid_max", "4194304\n", 0644);
	put_file("outside/secret", "1\n", 0644);
	/* escapes: a directory link out of proc/sys, a file link out */
	put_link("proc/sys/up", "../..");
	put_link("proc/sys/vm/evil", "../../../outside/secret");
	/* a link that stays inside proc/sys is fine */
	put_link("proc/sys/alias", "vm");
	return wm_root_init(&root, tree);
}

static int teardown(void **state)
{
	(void)state;
	rm_tree(tree);
	return 0;
}

static void test_path(void **state)
{
	static const char *const bad[] = {
		"", ".", "vm.", ".vm", "vm..min_free_kbytes", "VM.min_free_kbytes",
		"vm/min_free_kbytes", "vm.min-free", "vm.min_free_kbytes\n",
		"vm.*", "vm. x",
	};
	char p[4096], want[4200], real[4096];
	size_t i;

	(void)state;
	assert_non_null(realpath(tree, real));
	assert_int_equal(wm_sysctl_path(&root, "vm.min_free_kbytes", p,
					 sizeof(p)), 0);
	snprintf(want, sizeof(want), "%s/proc/sys/vm/min_free_kbytes", real);
	assert_string_equal(p, want);
	/* the link inside proc/sys is resolved to where it points */
	assert_int_equal(wm_sysctl_path(&root, "alias.min_free_kbytes", p,
					 sizeof(p)), 0);
	assert_string_equal(p, want);
	for (i = 0; i < WM_ARRAY_SIZE(bad); i++)
		assert_int_equal(wm_sysctl_path(&root, bad[i], p, sizeof(p)),
				 -EINVAL);
	/* proc/sys/up -> ../.. leads out of proc/sys: refused */
	assert_int_equal(wm_sysctl_path(&root, "up.outside.secret", p,
					 sizeof(p)), -EINVAL);
	/* ... even when it leads back in */
	assert_int_equal(wm_sysctl_path(&root, "up.proc.sys.vm.min_free_kbytes",
					 p, sizeof(p)), 0);
	assert_string_equal(p, want);
	assert_int_equal(wm_sysctl_path(&root, "nosuchdir.x", p, sizeof(p)),
			 -ENOENT);
}

static void test_read(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(wm_sysctl_read(&root, "vm.min_free_kbytes", &v), 0);
	assert_int_equal(v, 67584);
	assert_int_equal(wm_sysctl_read(&root, "vm.watermark_scale_factor", &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(wm_sysctl_read(&root, "kernel.pid_max", &v), 0);
	assert_int_equal(v, 4194304);
	assert_int_equal(wm_sysctl_read(&root, "vm.lowmem_reserve_ratio", &v),
			 -EPROTO);
	assert_int_equal(wm_sysctl_read(&root, "vm.nosuch", &v), -ENOENT);
	assert_int_equal(wm_sysctl_read(&root, "vm", &v), -EISDIR);
	assert_int_equal(wm_sysctl_read(&root, "vm.evil", &v), -ELOOP);
	assert_int_equal(wm_sysctl_read(&root, "up.outside.secret", &v), -EINVAL);
	put_file("proc/sys/vm/min_free_kbytes", "", 0644);
	assert_int_equal(wm_sysctl_read(&root, "vm.min_free_kbytes", &v), -EPROTO);
	put_file("proc/sys/vm/min_free_kbytes", "18446744073709551616\n", 0644);
	assert_int_equal(wm_sysctl_read(&root, "vm.min_free_kbytes", &v), -EPROTO);
	put_file("proc/sys/vm/min_free_kbytes", "-1\n", 0644);
	assert_int_equal(wm_sysctl_read(&root, "vm.min_free_kbytes", &v), -EPROTO);
	put_bytes("proc/sys/vm/min_free_kbytes", "1\0002\n", 4, 0644);
	assert_int_equal(wm_sysctl_read(&root, "vm.min_free_kbytes", &v), -EPROTO);
}

static void test_read_long(void **state)
{
	static char big[100 * 1024];
	uint64_t v = 0;

	(void)state;
	memset(big, '7', sizeof(big) - 1);
	put_file("proc/sys/vm/min_free_kbytes", big, 0644);
	assert_int_equal(wm_sysctl_read(&root, "vm.min_free_kbytes", &v), -EPROTO);
}

static void test_write_readback(void **state)
{
	struct wm_sysctl_write res;
	char buf[64];

	(void)state;
	assert_int_equal(wm_sysctl_write(&root, "vm.min_free_kbytes", 101376,
					 &res), 0);
	assert_int_equal(res.old, 67584);
	assert_int_equal(res.now, 101376);
	assert_false(res.unchanged);
	file_content("proc/sys/vm/min_free_kbytes", buf, sizeof(buf));
	assert_string_equal(buf, "101376\n");
	/* a shorter value must not leave the tail of the longer one */
	assert_int_equal(wm_sysctl_write(&root, "vm.min_free_kbytes", 5, &res), 0);
	file_content("proc/sys/vm/min_free_kbytes", buf, sizeof(buf));
	assert_string_equal(buf, "5\n");
	assert_int_equal(res.old, 101376);
	/* via the alias inside proc/sys: same file */
	assert_int_equal(wm_sysctl_write(&root, "vm.watermark_scale_factor", 150,
					 &res), 0);
	assert_int_equal(res.old, 10);
	file_content("proc/sys/vm/watermark_scale_factor", buf, sizeof(buf));
	assert_string_equal(buf, "150\n");
}

static void test_write_unchanged(void **state)
{
	struct wm_sysctl_write res;
	struct timespec old[2] = { { 1, 0 }, { 1, 0 } };
	char p[256];
	struct stat st;

	(void)state;
	snprintf(p, sizeof(p), "%s/proc/sys/vm/min_free_kbytes", tree);
	assert_int_equal(utimensat(AT_FDCWD, p, old, 0), 0);
	assert_int_equal(wm_sysctl_write(&root, "vm.min_free_kbytes", 67584,
					 &res), 0);
	assert_true(res.unchanged);
	assert_int_equal(res.old, 67584);
	assert_int_equal(res.now, 67584);
	/* nothing was opened for writing: the mtime is still 1970 */
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mtim.tv_sec, 1);
}

static void test_write_refused(void **state)
{
	struct wm_sysctl_write res;
	char buf[64];

	(void)state;
	/* wmtune writes vm sysctls only */
	assert_int_equal(wm_sysctl_write(&root, "kernel.pid_max", 1, &res),
			 -EINVAL);
	assert_int_equal(wm_sysctl_write(&root, "vm.nosuch", 1, &res), -ENOENT);
	assert_int_equal(wm_sysctl_write(&root, "vm.evil", 2, &res), -ELOOP);
	assert_int_equal(wm_sysctl_write(&root, "vm.x..y", 2, &res), -EINVAL);
	/* vm.up would need proc/sys/vm/up; make one that climbs out */
	put_link("proc/sys/vm/out", "../../../outside");
	assert_int_equal(wm_sysctl_write(&root, "vm.out.secret", 2, &res),
			 -EINVAL);
	file_content("outside/secret", buf, sizeof(buf));
	assert_string_equal(buf, "1\n");
	file_content("proc/sys/kernel/pid_max", buf, sizeof(buf));
	assert_string_equal(buf, "4194304\n");
}

/*
 * uid 0 without capabilities cannot write a 0444 file it does not own
 * the way root can: the same EACCES a non-root user gets from /proc/sys.
 */
static void test_write_eacces(void **state)
{
	struct wm_sysctl_write res;
	char buf[64];
	pid_t pid;
	int status;

	(void)state;
	put_file("proc/sys/vm/min_free_kbytes", "67584\n", 0444);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (wm_priv_drop_all())
			_exit(2);
		_exit(wm_sysctl_write(&root, "vm.min_free_kbytes", 90000,
				      &res) == -EACCES && res.old == 67584 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	file_content("proc/sys/vm/min_free_kbytes", buf, sizeof(buf));
	assert_string_equal(buf, "67584\n");
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(wm_sysctl_strerror(-ENOENT),
			    "unknown key (no such sysctl on this kernel)");
	assert_string_equal(wm_sysctl_strerror(-EACCES),
			    "permission denied (writing vm sysctls needs uid 0 in the initial user namespace)");
	assert_string_equal(wm_sysctl_strerror(EPERM), wm_sysctl_strerror(-EACCES));
	assert_string_equal(wm_sysctl_strerror(-EROFS),
			    "/proc/sys is read-only (container?)");
	assert_string_equal(wm_sysctl_strerror(-EINVAL),
			    "value rejected by the kernel (out of range)");
	assert_string_equal(wm_sysctl_strerror(-ENOMEM), strerror(ENOMEM));
}

/*
 * The real kernel: reading matches /proc, writing the current value is
 * skipped, and an out-of-range value (watermark_scale_factor 0; the
 * kernel accepts 1..1000 or 1..3000, spec §8) comes back -EINVAL with
 * the value untouched. Nothing is changed on this machine.
 */
static void test_real_kernel(void **state)
{
	struct wm_sysctl_write res;
	struct wm_root real;
	uint64_t v = 0, after = 0;
	unsigned long long want;
	FILE *f;
	int rc;

	(void)state;
	f = fopen("/proc/sys/vm/watermark_scale_factor", "r");
	if (!f)
		skip();
	assert_int_equal(fscanf(f, "%llu", &want), 1);
	fclose(f);
	assert_int_equal(wm_root_init(&real, "/"), 0);
	assert_int_equal(wm_sysctl_read(&real, "vm.watermark_scale_factor", &v), 0);
	assert_int_equal(v, want);
	if (geteuid() != 0 || access("/proc/sys/vm/watermark_scale_factor", W_OK))
		skip();
	assert_int_equal(wm_sysctl_write(&real, "vm.watermark_scale_factor", v,
					 &res), 0);
	assert_true(res.unchanged);
	rc = wm_sysctl_write(&real, "vm.watermark_scale_factor", 0, &res);
	if (rc == 0) /* a kernel that took it: put it back before failing */
		wm_sysctl_write(&real, "vm.watermark_scale_factor", v, &res);
	if (rc == -EACCES || rc == -EROFS)
		skip();
	assert_int_equal(rc, -EINVAL);
	assert_int_equal(res.old, v);
	assert_int_equal(wm_sysctl_read(&real, "vm.watermark_scale_factor",
					&after), 0);
	assert_int_equal(after, v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_readback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_eacces, setup, teardown),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_real_kernel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
