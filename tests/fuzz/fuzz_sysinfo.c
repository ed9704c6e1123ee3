// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The small single-value parsers of lib/sysinfo.h on the same bytes:
 * wm_parse_sysctl_u64, wm_parse_sysctl_list, wm_vm_sysctl_parse,
 * wm_parse_thp, wm_parse_word and wm_parse_kver. Invariants: documented
 * errors only; every number reported is in the input; a one-value file
 * is also a one-entry list; our rendering of a value or a list parses
 * back the same; a failed wm_vm_sysctl_parse leaves its field alone; a
 * THP mode is reported only when "[mode]" is in the input; a word is
 * printable, terminated and found in the input.
 */
#include "fuzz.h"
#include "sysinfo.h"

static void check_u64(const char *buf, size_t len,
		      const struct fuzz_numbers *nums)
{
	uint64_t v = 0, list[WM_MAX_LOWMEM_RATIO], again;
	unsigned nr = 0;
	char text[32];
	int rc = wm_parse_sysctl_u64(buf, len, &v);

	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE,
		   "u64: undocumented error %d", rc);
	if (rc)
		return;
	FUZZ_CHECK(v != WM_UNKNOWN, "u64: UINT64_MAX accepted");
	FUZZ_CHECK(fuzz_numbers_has(nums, v), "u64: %" PRIu64 " not in input",
		   v);
	rc = wm_parse_sysctl_list(buf, len, list, WM_MAX_LOWMEM_RATIO, &nr);
	FUZZ_CHECK(rc == 0 && nr == 1 && list[0] == v,
		   "a single value %" PRIu64 " is not a one-entry list (%d)",
		   v, rc);
	snprintf(text, sizeof(text), "%" PRIu64 "\n", v);
	FUZZ_CHECK(wm_parse_sysctl_u64(text, strlen(text), &again) == 0 &&
			   again == v, "u64: %" PRIu64 " does not round-trip", v);
}

static void check_list(const char *buf, size_t len,
		       const struct fuzz_numbers *nums)
{
	uint64_t vals[WM_MAX_LOWMEM_RATIO], again[WM_MAX_LOWMEM_RATIO];
	unsigned nr = 0xdead, nr2 = 0, i;
	struct fuzz_text t;
	int rc = wm_parse_sysctl_list(buf, len, vals, WM_MAX_LOWMEM_RATIO, &nr);

	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE || rc == -E2BIG,
		   "list: undocumented error %d", rc);
	if (rc)
		return;
	FUZZ_CHECK(nr >= 1 && nr <= WM_MAX_LOWMEM_RATIO, "list: %u entries", nr);
	fuzz_text_init(&t, 256);
	for (i = 0; i < nr; i++) {
		FUZZ_CHECK(vals[i] != WM_UNKNOWN && fuzz_numbers_has(nums, vals[i]),
			   "list[%u] %" PRIu64 " not in input", i, vals[i]);
		fuzz_text_add(&t, "%" PRIu64 "%s", vals[i], i + 1 < nr ? "\t" : "\n");
	}
	rc = wm_parse_sysctl_list(t.p, t.len, again, WM_MAX_LOWMEM_RATIO, &nr2);
	FUZZ_CHECK(rc == 0 && nr2 == nr &&
			   memcmp(again, vals, nr * sizeof(vals[0])) == 0,
		   "list does not round-trip (%d)", rc);
	fuzz_text_free(&t);
}

static void check_vm_sysctls(const char *buf, size_t len)
{
	struct wm_vm_sysctls vm, before;
	unsigned s;

	for (s = 0; s < WM_SYSCTL__COUNT; s++) {
		int rc;

		wm_vm_sysctls_init(&vm);
		before = vm;
		rc = wm_vm_sysctl_parse((enum wm_vm_sysctl)s, buf, len, &vm);
		FUZZ_CHECK(rc == 0 || rc == -EPROTO || rc == -ERANGE ||
				   rc == -E2BIG,
			   "%s: undocumented error %d", wm_vm_sysctl_name(s), rc);
		if (rc)
			FUZZ_CHECK(memcmp(&vm, &before, sizeof(vm)) == 0,
				   "%s: changed on error %d",
				   wm_vm_sysctl_name(s), rc);
		FUZZ_CHECK(vm.nr_lowmem_reserve_ratio <= WM_MAX_LOWMEM_RATIO,
			   "%u ratios", vm.nr_lowmem_reserve_ratio);
	}
}

static void check_thp(const char *buf, size_t len)
{
	enum wm_thp_mode m = wm_parse_thp(buf, len);
	char want[24];

	FUZZ_CHECK(m == WM_THP_UNKNOWN || m == WM_THP_ALWAYS ||
			   m == WM_THP_MADVISE || m == WM_THP_NEVER,
		   "thp mode %d", (int)m);
	if (m == WM_THP_UNKNOWN)
		return;
	snprintf(want, sizeof(want), "[%s]", wm_thp_name(m));
	FUZZ_CHECK(memmem(buf, len, want, strlen(want)) != NULL,
		   "thp %s without '%s' in input", wm_thp_name(m), want);
}

static void check_word(const char *buf, size_t len)
{
	char word[40];
	size_t n, i;
	int rc;

	memset(word, 'x', sizeof(word));
	rc = wm_parse_word(buf, len, word, sizeof(word));
	FUZZ_CHECK(rc == 0 || rc == -EINVAL, "word: undocumented error %d", rc);
	n = strnlen(word, sizeof(word));
	FUZZ_CHECK(n < sizeof(word), "word not terminated");
	if (rc) {
		FUZZ_CHECK(n == 0, "word '%s' left on error", word);
		return;
	}
	FUZZ_CHECK(n > 0, "empty word accepted");
	for (i = 0; i < n; i++)
		FUZZ_CHECK(word[i] > ' ' && word[i] <= '~',
			   "unprintable byte in word");
	FUZZ_CHECK(memmem(buf, len, word, n) != NULL, "word not in input");
}

static void check_kver(const char *buf, size_t len,
		       const struct fuzz_numbers *nums)
{
	struct wm_kver k = { 77, 77, 77 };
	int rc = wm_parse_kver(buf, len, &k);

	FUZZ_CHECK(rc == 0 || rc == -EINVAL, "kver: undocumented error %d", rc);
	if (rc) {
		FUZZ_CHECK(k.major == 77 && k.minor == 77 && k.patch == 77,
			   "kver written on error");
		return;
	}
	FUZZ_CHECK(fuzz_numbers_has(nums, k.major) &&
			   fuzz_numbers_has(nums, k.minor) &&
			   (k.patch == 0 || fuzz_numbers_has(nums, k.patch)),
		   "kver %u.%u.%u not in input", k.major, k.minor, k.patch);
	FUZZ_CHECK(wm_kver_cmp(k, k.major, k.minor) == 0, "kver_cmp");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_numbers nums;
	char *buf = fuzz_dup(data, size);

	fuzz_numbers_scan(&nums, buf, size);
	check_u64(buf, size, &nums);
	check_list(buf, size, &nums);
	check_vm_sysctls(buf, size);
	check_thp(buf, size);
	check_word(buf, size);
	check_kver(buf, size, &nums);
	fuzz_numbers_free(&nums);
	free(buf);
	return 0;
}
