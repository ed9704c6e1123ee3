// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "priv.h"

/*
 * uid_map contents as the kernel prints them ("%10u %10u %10u\n"), seen
 * on this project's 6.18 VM: the initial namespace; `unshare -U -r` run
 * as root; the same run as uid 65534 (a container's root).
 */
static const char init_ns[] = "         0          0 4294967295\n";
static const char userns_root[] = "         0          0          1\n";
static const char container[] = "         0      65534          1\n";

/* /proc/self/status lines of a root shell on the same VM (CAP_SYS_RESOURCE
 * absent: bit 24 clear), and after `setpriv --reuid 65534`. */
static const char status_root[] =
	"Name:\tcat\nUid:\t0\t0\t0\t0\nCapInh:\t0000000000000000\n"
	"CapPrm:\t000001fffeffffff\nCapEff:\t000001fffeffffff\n"
	"CapBnd:\t000001fffeffffff\nCapAmb:\t0000000000000000\n";
static const char status_nobody[] =
	"CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n"
	"CapEff:\t0000000000000000\nCapBnd:\t000001fffeffffff\n";

static int map(const char *buf, uint32_t uid, uint32_t *k,
	       struct wm_parse_error *err)
{
	return wm_parse_uid_map(buf, strlen(buf), uid, k, err);
}

static void test_uid_map(void **state)
{
	struct wm_parse_error err = { 0 };
	uint32_t k = 7;

	(void)state;
	assert_int_equal(map(init_ns, 0, &k, &err), 0);
	assert_int_equal(k, 0);
	assert_int_equal(map(init_ns, 1000, &k, &err), 0);
	assert_int_equal(k, 1000);
	assert_int_equal(map(init_ns, 4294967294u, &k, &err), 0);
	assert_int_equal(map(userns_root, 0, &k, &err), 0);
	assert_int_equal(k, 0);
	assert_int_equal(map(userns_root, 1, &k, &err), -ENOENT);
	assert_int_equal(map(container, 0, &k, &err), 0);
	assert_int_equal(k, 65534);
	/* several ranges, as a rootless container writes them */
	assert_int_equal(map("0 1000 1\n1 100000 65536\n", 0, &k, &err), 0);
	assert_int_equal(k, 1000);
	assert_int_equal(map("0 1000 1\n1 100000 65536\n", 65536, &k, &err), 0);
	assert_int_equal(k, 165535);
	assert_int_equal(map("0 1000 1\n1 100000 65536\n", 65537, &k, &err),
			 -ENOENT);
	/* nothing written yet: nobody is mapped */
	assert_int_equal(map("", 0, &k, &err), -ENOENT);
}

static void test_uid_map_garbage(void **state)
{
	static const char *const bad[] = {
		"0 0\n", "0 0 1 1\n", "a b c\n", "0 0 0\n", "-1 0 1\n",
		"0 0 4294967296\n", "4294967295 0 2\n", "0 4294967295 2\n",
		"0 0 99999999999999999999\n", "0 0 1\nzz\n", "0\t0\t1x\n",
	};
	struct wm_parse_error err;
	uint32_t k;
	size_t i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(bad); i++) {
		memset(&err, 0, sizeof(err));
		assert_int_equal(map(bad[i], 0, &k, &err), -EINVAL);
		assert_true(err.line >= 1);
		assert_true(err.msg[0] != '\0');
	}
	memset(&err, 0, sizeof(err));
	assert_int_equal(map("0 0 1\nzz\n", 0, &k, &err), -EINVAL);
	assert_int_equal(err.line, 2);
	/* NUL bytes and no newline at the end */
	assert_int_equal(wm_parse_uid_map("0 0 1\n\0", 7, 0, &k, &err), -EINVAL);
	assert_int_equal(wm_parse_uid_map("0 0 1", 5, 0, &k, NULL), 0);
}

static void test_check(void **state)
{
	char why[256];

	(void)state;
	assert_true(wm_priv_check(0, init_ns, strlen(init_ns), why, sizeof(why)));
	assert_string_equal(why, "uid 0 is uid 0 in the initial user namespace");
	assert_true(wm_priv_check(0, userns_root, strlen(userns_root), why,
				  sizeof(why)));
	assert_false(wm_priv_check(0, container, strlen(container), why,
				   sizeof(why)));
	assert_string_equal(why, "uid 0 here is uid 65534 outside this user namespace (a container?); writing vm sysctls needs uid 0 in the initial user namespace");
	assert_false(wm_priv_check(1000, init_ns, strlen(init_ns), why,
				   sizeof(why)));
	assert_string_equal(why, "running as uid 1000, not root; writing vm sysctls needs uid 0 in the initial user namespace");
	assert_false(wm_priv_check(0, "", 0, why, sizeof(why)));
	assert_string_equal(why, "uid 0 is not mapped to any uid outside this user namespace; writing vm sysctls needs uid 0 in the initial user namespace");
	assert_false(wm_priv_check(0, "x\n", 2, why, sizeof(why)));
	assert_string_equal(why, "cannot read /proc/self/uid_map: line 1: expected 'inside outside count'");
	/* the kernel checks the kernel uid: a non-zero euid mapped to 0 can */
	assert_true(wm_priv_check(1000, "1000 0 1\n", 9, why, sizeof(why)));
}

static void test_can_write(void **state)
{
	struct wm_root fake, real;
	char why[256];
	bool ok;

	(void)state;
	assert_int_equal(wm_root_init(&fake, WM_FIXTURES), 0);
	assert_true(wm_priv_can_write_sysctls(&fake, why, sizeof(why)));
	assert_int_equal(wm_root_init(&real, "/"), 0);
	ok = wm_priv_can_write_sysctls(&real, why, sizeof(why));
	/* as root in the initial namespace on a writable /proc/sys: true */
	assert_int_equal(ok, geteuid() == 0 &&
			 access("/proc/sys/vm/min_free_kbytes", W_OK) == 0);
	assert_true(why[0] != '\0');
}

static void test_cap_parse(void **state)
{
	uint64_t m = 0;

	(void)state;
	assert_int_equal(wm_priv_parse_cap(status_root, strlen(status_root),
					   "CapEff", &m), 0);
	assert_true(m == 0x000001fffeffffffULL);
	assert_int_equal(wm_priv_parse_cap(status_root, strlen(status_root),
					   "CapAmb", &m), 0);
	assert_true(m == 0);
	assert_int_equal(wm_priv_parse_cap(status_nobody, strlen(status_nobody),
					   "CapEff", &m), 0);
	assert_true(m == 0);
	assert_int_equal(wm_priv_parse_cap(status_nobody, strlen(status_nobody),
					   "CapAmb", &m), -ENOENT);
	assert_int_equal(wm_priv_parse_cap("CapEff:\tzz\n", 11, "CapEff", &m),
			 -EINVAL);
	assert_int_equal(wm_priv_parse_cap("CapEff:\t1 2\n", 12, "CapEff", &m),
			 -EINVAL);
	assert_int_equal(wm_priv_parse_cap("CapEffX:\t1\n", 11, "CapEff", &m),
			 -ENOENT);
}

static int bounding_set(uint64_t *mask)
{
	char buf[8192];
	ssize_t n;
	int fd = open("/proc/self/status", O_RDONLY);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n > 0 ? wm_priv_parse_cap(buf, (size_t)n, "CapBnd", mask) : -1;
}

/* In a child (it cannot be undone): everything goes, uid 0 stays. */
static void test_drop_all(void **state)
{
	uint64_t before = 0;
	pid_t pid;
	int status;

	(void)state;
	assert_int_equal(wm_priv_cap_eff(&before), 0);
	if (before == 0)
		skip(); /* nothing to drop: not root, or already dropped */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		uint64_t after = 1;
		char p[] = "/tmp/wmtune-priv-XXXXXX";
		int fd;

		if (wm_priv_drop_all())
			_exit(10);
		if (wm_priv_cap_eff(&after) || after != 0)
			_exit(11);
		if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
			_exit(12);
		if (bounding_set(&after) || after != 0)
			_exit(16);
		if (getuid() != 0 || geteuid() != 0)
			_exit(13);
		/* CAP_DAC_OVERRIDE is gone: a 0400 file owned by another
		 * user cannot be opened for writing even by uid 0 */
		fd = mkstemp(p);
		if (fd < 0 || fchmod(fd, 0400) || fchown(fd, 65534, 65534) == 0)
			_exit(14); /* chown needs CAP_CHOWN: must fail */
		close(fd);
		fd = open(p, O_WRONLY);
		unlink(p);
		_exit(fd < 0 && errno == EACCES ? 0 : 15);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uid_map),
		cmocka_unit_test(test_uid_map_garbage),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_can_write),
		cmocka_unit_test(test_cap_parse),
		cmocka_unit_test(test_drop_all),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
