// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_meminfo_parse() on arbitrary bytes. Invariants: on success at least
 * one field known and every known value in the input as digits; our
 * "Name:  N kB" rendering parses back to the same struct; on failure a
 * documented errno, every value unknown and a usable message.
 */
#include "fuzz.h"
#include "meminfo.h"

static void round_trip(const struct wm_meminfo *mi)
{
	struct wm_meminfo again;
	struct wm_parse_error err;
	struct fuzz_text t;
	unsigned i;
	int rc;

	fuzz_text_init(&t, 2048);
	fuzz_text_add(&t, "SwapCached:            0 kB\nHugePages_Total:       0\n");
	for (i = 0; i < WM_MI__COUNT; i++)
		if (mi->v[i] != WM_UNKNOWN)
			fuzz_text_add(&t, "%s:%*s%" PRIu64 " kB\n",
				      wm_meminfo_name(i), (int)(i % 3 + 1), "",
				      mi->v[i]);
	fuzz_error_init(&err);
	rc = wm_meminfo_parse(t.p, t.len, &again, &err);
	FUZZ_CHECK(rc == 0, "re-parse failed: %d line %lu: %s", rc, err.line,
		   err.msg);
	FUZZ_CHECK(memcmp(&again, mi, sizeof(again)) == 0, "re-parse differs");
	fuzz_text_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wm_meminfo mi;
	struct wm_parse_error err;
	struct fuzz_numbers nums;
	char *buf = fuzz_dup(data, size);
	bool any = false;
	unsigned i;
	int rc;

	memset(&mi, 0x5a, sizeof(mi));
	fuzz_error_init(&err);
	rc = wm_meminfo_parse(buf, size, &mi, &err);
	if (rc) {
		FUZZ_CHECK(rc == -EPROTO || rc == -ERANGE || rc == -ENODATA,
			   "undocumented error %d", rc);
		for (i = 0; i < WM_MI__COUNT; i++)
			FUZZ_CHECK(mi.v[i] == WM_UNKNOWN, "%s left after error",
				   wm_meminfo_name(i));
		fuzz_check_error(&err, buf, size);
		free(buf);
		return 0;
	}
	fuzz_numbers_scan(&nums, buf, size);
	for (i = 0; i < WM_MI__COUNT; i++) {
		if (mi.v[i] == WM_UNKNOWN)
			continue;
		any = true;
		FUZZ_CHECK(fuzz_numbers_has(&nums, mi.v[i]),
			   "%s %" PRIu64 " not in the input", wm_meminfo_name(i),
			   mi.v[i]);
	}
	FUZZ_CHECK(any, "success with no field known");
	fuzz_numbers_free(&nums);
	round_trip(&mi);
	free(buf);
	return 0;
}
