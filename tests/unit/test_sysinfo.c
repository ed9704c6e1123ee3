// SPDX-License-Identifier: GPL-2.0-or-later
/* The small files: sysctl values, THP mode, release; read via the root. */
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
#include "sysinfo.h"

static int u64(const char *s, uint64_t *v)
{
	return wm_parse_sysctl_u64(s, strlen(s), v);
}

static void test_sysctl_u64(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(u64("67584\n", &v), 0);
	assert_true(v == 67584);
	assert_int_equal(u64(" 10 \n", &v), 0);
	assert_true(v == 10);
	assert_int_equal(u64("15000", &v), 0);
	assert_int_equal(u64("", &v), -EINVAL);
	assert_int_equal(u64("\n", &v), -EINVAL);
	assert_int_equal(u64("-1\n", &v), -EINVAL);
	assert_int_equal(u64("1 2\n", &v), -EINVAL);
	assert_int_equal(u64("1\n2\n", &v), -EINVAL);
	assert_int_equal(u64("18446744073709551616\n", &v), -ERANGE);
	assert_int_equal(u64("18446744073709551615\n", &v), -ERANGE);
	assert_int_equal(wm_parse_sysctl_u64("6\0007\n", 4, &v), -EINVAL);
	/* the kernel's "%lu\n" (read without trimming) and its near misses */
	assert_int_equal(u64("0\n", &v), 0);
	assert_true(v == 0);
	assert_int_equal(u64("007\n", &v), 0);
	assert_true(v == 7);
	assert_int_equal(u64("9999999999999999999\n", &v), 0);
	assert_true(v == 9999999999999999999ULL);
	assert_int_equal(u64("10000000000000000000\n", &v), 0);
	assert_true(v == 10000000000000000000ULL);
	assert_int_equal(u64("18446744073709551614\n", &v), 0);
	assert_true(v == 18446744073709551614ULL);
	assert_int_equal(u64("1\r\n", &v), 0);
	assert_true(v == 1);
	assert_int_equal(u64("\t2\n", &v), 0);
	assert_true(v == 2);
	assert_int_equal(u64("1\n\n", &v), -EINVAL);
	assert_int_equal(u64("1x\n", &v), -EINVAL);
	assert_int_equal(u64("/\n", &v), -EINVAL);
	assert_int_equal(u64(":\n", &v), -EINVAL);
	assert_int_equal(wm_parse_sysctl_u64("12\n", 2, &v), 0);
	assert_true(v == 12);
}

/*
 * wm_sysctl_plain(), which the observer calls for the two knobs a tick
 * reads: "%lu\n" only, to the value the full parse gives; the near
 * misses false with the value untouched (the full parse decides them).
 */
static void test_sysctl_plain(void **state)
{
	static const struct {
		const char *s;
		bool plain;
		uint64_t v;
	} cases[] = {
		{ "67584\n", true, 67584 }, { "10\n", true, 10 },
		{ "0\n", true, 0 }, { "007\n", true, 7 },
		{ "9999999999999999999\n", true, 9999999999999999999ULL },
		{ "18446744073709551614\n", false, 0 },
		{ "67584", false, 0 }, { "\n", false, 0 }, { "", false, 0 },
		{ " 67584\n", false, 0 }, { "67584 \n", false, 0 },
		{ "67584\n\n", false, 0 }, { "675a4\n", false, 0 },
		{ "6758:\n", false, 0 }, { "/1\n", false, 0 },
		{ "-1\n", false, 0 }, { "1\t2\n", false, 0 },
	};
	unsigned i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(cases); i++) {
		uint64_t v = 12345, full;
		const char *s = cases[i].s;

		assert_int_equal(wm_sysctl_plain(s, strlen(s), &v),
				 cases[i].plain);
		if (!cases[i].plain) {
			assert_true(v == 12345);
			continue;
		}
		assert_true(v == cases[i].v);
		assert_int_equal(u64(s, &full), 0);
		assert_true(full == v);
	}
}

static void test_sysctl_list(void **state)
{
	static const char ratio[] = "256\t256\t32\t0\t0\n";
	uint64_t v[8];
	unsigned nr = 0;

	(void)state;
	assert_int_equal(wm_parse_sysctl_list(ratio, strlen(ratio), v, 8, &nr),
			 0);
	assert_int_equal(nr, 5);
	assert_true(v[0] == 256 && v[1] == 256 && v[2] == 32 && v[3] == 0 &&
		    v[4] == 0);
	assert_int_equal(wm_parse_sysctl_list(ratio, strlen(ratio), v, 4, &nr),
			 -E2BIG);
	assert_int_equal(wm_parse_sysctl_list("\n", 1, v, 8, &nr), -EINVAL);
	assert_int_equal(wm_parse_sysctl_list("1\tx\n", 4, v, 8, &nr), -EINVAL);
	assert_int_equal(wm_parse_sysctl_list("1 99999999999999999999\n", 23, v,
					      8, &nr), -ERANGE);
}

static void test_vm_sysctl_parse(void **state)
{
	struct wm_vm_sysctls vm;

	(void)state;
	wm_vm_sysctls_init(&vm);
	assert_true(vm.min_free_kbytes == WM_UNKNOWN);
	assert_int_equal(vm.nr_lowmem_reserve_ratio, 0);
	assert_int_equal(wm_vm_sysctl_parse(WM_SYSCTL_WATERMARK_SCALE_FACTOR,
					    "10\n", 3, &vm), 0);
	assert_true(vm.watermark_scale_factor == 10);
	assert_true(vm.min_free_kbytes == WM_UNKNOWN);
	assert_int_equal(wm_vm_sysctl_parse(WM_SYSCTL_MIN_FREE_KBYTES, "x\n", 2,
					    &vm), -EPROTO);
	assert_true(vm.min_free_kbytes == WM_UNKNOWN);
	assert_int_equal(wm_vm_sysctl_parse(WM_SYSCTL_LOWMEM_RESERVE_RATIO,
					    "32\t32\n", 6, &vm), 0);
	assert_int_equal(vm.nr_lowmem_reserve_ratio, 2);
	assert_int_equal(wm_vm_sysctl_parse(WM_SYSCTL__COUNT, "1\n", 2, &vm),
			 -EPROTO);
	assert_string_equal(wm_vm_sysctl_path(WM_SYSCTL_LOWMEM_RESERVE_RATIO),
			    "proc/sys/vm/lowmem_reserve_ratio");
	assert_string_equal(wm_vm_sysctl_name(WM_SYSCTL_WATERMARK_BOOST_FACTOR),
			    "watermark_boost_factor");
}

static enum wm_thp_mode thp(const char *s)
{
	return wm_parse_thp(s, strlen(s));
}

static void test_thp(void **state)
{
	(void)state;
	assert_int_equal(thp("always [madvise] never\n"), WM_THP_MADVISE);
	assert_int_equal(thp("[always] madvise never\n"), WM_THP_ALWAYS);
	assert_int_equal(thp("always madvise [never]\n"), WM_THP_NEVER);
	assert_int_equal(thp("always madvise never\n"), WM_THP_UNKNOWN);
	assert_int_equal(thp("[inherit] always\n"), WM_THP_UNKNOWN);
	assert_int_equal(thp("[]\n"), WM_THP_UNKNOWN);
	assert_int_equal(thp(""), WM_THP_UNKNOWN);
	assert_string_equal(wm_thp_name(WM_THP_MADVISE), "madvise");
	assert_string_equal(wm_thp_name((enum wm_thp_mode)42), "unknown");
}

static void test_kver_word(void **state)
{
	struct wm_kver k;
	char w[16];

	(void)state;
	assert_int_equal(wm_parse_kver("6.18.44-fc-v857", 15, &k), 0);
	assert_true(k.major == 6 && k.minor == 18 && k.patch == 44);
	assert_int_equal(wm_parse_kver("4.18.0-80.11.2.el8_0.x86_64", 27, &k), 0);
	assert_true(k.major == 4 && k.minor == 18 && k.patch == 0);
	assert_int_equal(wm_parse_kver("2.6.15-rc2", 10, &k), 0);
	assert_true(k.major == 2 && k.minor == 6 && k.patch == 15);
	assert_int_equal(wm_parse_kver("3.4", 3, &k), 0);
	assert_true(k.major == 3 && k.minor == 4 && k.patch == 0);
	assert_int_equal(wm_parse_kver("6", 1, &k), -EINVAL);
	assert_int_equal(wm_parse_kver("6.", 2, &k), -EINVAL);
	assert_int_equal(wm_parse_kver("x6.1", 4, &k), -EINVAL);
	assert_int_equal(wm_parse_kver("99999999999999999999.1", 22, &k),
			 -EINVAL);
	k.major = 5;
	k.minor = 10;
	assert_true(wm_kver_cmp(k, 5, 10) == 0);
	assert_true(wm_kver_cmp(k, 5, 11) < 0);
	assert_true(wm_kver_cmp(k, 4, 20) > 0);
	assert_true(wm_kver_cmp(k, 6, 0) < 0);

	assert_int_equal(wm_parse_word("3.2.0-58-generic\n", 17, w, sizeof(w)),
			 -EINVAL);	/* 16 chars do not fit in 16 bytes */
	assert_string_equal(w, "");
	assert_int_equal(wm_parse_word("3.4.5\n", 6, w, sizeof(w)), 0);
	assert_string_equal(w, "3.4.5");
	assert_int_equal(wm_parse_word("a b\n", 4, w, sizeof(w)), -EINVAL);
	assert_int_equal(wm_parse_word("a\x1b[0m\n", 6, w, sizeof(w)), -EINVAL);
	assert_int_equal(wm_parse_word("\n", 1, w, sizeof(w)), -EINVAL);
	assert_int_equal(wm_parse_word("ab\ncd\n", 6, w, sizeof(w)), 0);
	assert_string_equal(w, "ab");
}

static void test_read_local(void **state)
{
	struct wm_sysinfo si;
	struct wm_root r;

	(void)state;
	assert_int_equal(wm_root_init(&r, WM_FIXTURES "/trees/local-6.18"), 0);
	assert_int_equal(wm_sysinfo_read(&r, &si), 0);
	assert_true(si.vm.min_free_kbytes == 67584);
	assert_true(si.vm.watermark_scale_factor == 10);
	assert_true(si.vm.watermark_boost_factor == 15000);
	assert_int_equal(si.vm.nr_lowmem_reserve_ratio, 5);
	assert_true(si.vm.lowmem_reserve_ratio[2] == 32);
	assert_int_equal(si.thp, WM_THP_MADVISE);
	assert_string_equal(si.release, "6.18.44-fc-v857");
	assert_true(si.kver.major == 6 && si.kver.minor == 18 &&
		    si.kver.patch == 44);
	assert_string_equal(si.boot_id, "");	/* not in the tree */
	assert_int_equal(si.page_size, 4096);
}

static void test_read_old(void **state)
{
	struct wm_sysinfo si;
	struct wm_root r;

	(void)state;
	assert_int_equal(wm_root_init(&r, WM_FIXTURES "/trees/ubuntu-3.2"), 0);
	assert_int_equal(wm_sysinfo_read(&r, &si), 0);
	assert_true(si.vm.min_free_kbytes == 67584);
	/* 3.2 has neither knob */
	assert_true(si.vm.watermark_scale_factor == WM_UNKNOWN);
	assert_true(si.vm.watermark_boost_factor == WM_UNKNOWN);
	assert_int_equal(si.vm.nr_lowmem_reserve_ratio, 3);
	assert_int_equal(si.thp, WM_THP_UNKNOWN);
	assert_true(si.kver.major == 3 && si.kver.minor == 2);
}

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

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void test_read_errors(void **state)
{
	char dir[] = "/tmp/wm-test-sysinfo-XXXXXX";
	struct wm_sysinfo si;
	struct wm_root r;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(wm_root_init(&r, dir), 0);
	put(dir, "proc/sys/vm/watermark_scale_factor", "25\n");
	put(dir, "proc/sys/kernel/random/boot_id",
	    "6a1b5a4e-9d0c-4b53-8a55-0c3e1f8b2d11\n");
	/* missing min_free_kbytes: an error, but the rest is filled */
	assert_int_equal(wm_sysinfo_read(&r, &si), -ENOENT);
	assert_true(si.vm.watermark_scale_factor == 25);
	assert_string_equal(si.boot_id, "6a1b5a4e-9d0c-4b53-8a55-0c3e1f8b2d11");
	put(dir, "proc/sys/vm/min_free_kbytes", "lots\n");
	assert_int_equal(wm_sysinfo_read(&r, &si), -EPROTO);
	put(dir, "proc/sys/vm/min_free_kbytes", "99999999999999999999\n");
	assert_int_equal(wm_sysinfo_read(&r, &si), -ERANGE);
	/* a malformed optional file is unknown, not an error */
	put(dir, "proc/sys/vm/min_free_kbytes", "2048\n");
	put(dir, "proc/sys/vm/watermark_boost_factor", "x\n");
	assert_int_equal(wm_sysinfo_read(&r, &si), 0);
	assert_true(si.vm.min_free_kbytes == 2048);
	assert_true(si.vm.watermark_boost_factor == WM_UNKNOWN);
	/* a fixture's own page size */
	put(dir, "proc/self/smaps", "KernelPageSize:       64 kB\n");
	assert_int_equal(wm_sysinfo_read(&r, &si), 0);
	assert_int_equal(si.page_size, 65536);
	put(dir, "proc/self/smaps", "KernelPageSize:       3 kB\n");
	assert_int_equal(wm_sysinfo_read(&r, &si), 0);
	assert_int_equal(si.page_size, 0);
	assert_int_equal(nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sysctl_u64),
		cmocka_unit_test(test_sysctl_plain),
		cmocka_unit_test(test_sysctl_list),
		cmocka_unit_test(test_vm_sysctl_parse),
		cmocka_unit_test(test_thp),
		cmocka_unit_test(test_kver_word),
		cmocka_unit_test(test_read_local),
		cmocka_unit_test(test_read_old),
		cmocka_unit_test(test_read_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
