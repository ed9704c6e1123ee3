// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_vmstat_parse() on arbitrary bytes. Invariants:
 * - success: at least one counter known; no value is WM_UNKNOWN's
 *   neighbour past 2^64 - 2; every per-zone value and every total is in
 *   the input as digits, except a total that is the sum of its zones;
 * - our rendering of the result ("name value" lines, per-zone names
 *   included) parses back to the same struct;
 * - failure: a documented errno, every value unknown, a usable message.
 */
#include "fuzz.h"
#include "vmstat.h"

static void check_values(const struct wm_vmstat *vs,
			 const struct fuzz_numbers *nums)
{
	unsigned i, z;
	bool any = false;

	for (i = 0; i < WM_VM__COUNT; i++) {
		uint64_t sum = 0;
		bool zoned = false;

		if (i < WM_VMZ__COUNT) {
			for (z = 0; z < WM_ZONE__COUNT; z++) {
				uint64_t v = vs->zone[i][z];

				if (v == WM_UNKNOWN)
					continue;
				FUZZ_CHECK(fuzz_numbers_has(nums, v),
					   "%s_%s %" PRIu64 " not in input",
					   wm_vmstat_name(i),
					   wm_vmstat_zone_suffix(z), v);
				/* a sum past 2^64 - 2 is never the total */
				sum = v < WM_UNKNOWN - sum ? sum + v : WM_UNKNOWN;
				zoned = true;
			}
		}
		if (vs->v[i] == WM_UNKNOWN) {
			FUZZ_CHECK(!zoned, "%s: zones known, total unknown",
				   wm_vmstat_name(i));
			continue;
		}
		any = true;
		FUZZ_CHECK(fuzz_numbers_has(nums, vs->v[i]) ||
				   (zoned && vs->v[i] == sum),
			   "%s %" PRIu64 " is neither in the input nor a sum",
			   wm_vmstat_name(i), vs->v[i]);
	}
	FUZZ_CHECK(any, "success with no counter known");
}

static void round_trip(const struct wm_vmstat *vs)
{
	struct wm_vmstat again;
	struct wm_parse_error err;
	struct fuzz_text t;
	unsigned i, z;
	int rc;

	fuzz_text_init(&t, 8192);
	fuzz_text_add(&t, "nr_free_pages_blocks 1\nworkingset_nodes 2\n");
	for (i = 0; i < WM_VM__COUNT; i++) {
		if (vs->v[i] != WM_UNKNOWN)
			fuzz_text_add(&t, "%s %" PRIu64 "\n", wm_vmstat_name(i),
				      vs->v[i]);
		for (z = 0; i < WM_VMZ__COUNT && z < WM_ZONE__COUNT; z++)
			if (vs->zone[i][z] != WM_UNKNOWN)
				fuzz_text_add(&t, "%s_%s %" PRIu64 "\n",
					      wm_vmstat_name(i),
					      wm_vmstat_zone_suffix(z),
					      vs->zone[i][z]);
	}
	fuzz_error_init(&err);
	rc = wm_vmstat_parse(t.p, t.len, &again, &err);
	FUZZ_CHECK(rc == 0, "re-parse failed: %d line %lu: %s", rc, err.line,
		   err.msg);
	FUZZ_CHECK(memcmp(&again, vs, sizeof(again)) == 0,
		   "re-parse differs");
	fuzz_text_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wm_vmstat vs;
	struct wm_parse_error err;
	struct fuzz_numbers nums;
	char *buf = fuzz_dup(data, size);
	unsigned i;
	int rc;

	memset(&vs, 0x5a, sizeof(vs));
	fuzz_error_init(&err);
	rc = wm_vmstat_parse(buf, size, &vs, &err);
	if (rc) {
		FUZZ_CHECK(rc == -EPROTO || rc == -ERANGE || rc == -ENODATA,
			   "undocumented error %d", rc);
		for (i = 0; i < WM_VM__COUNT; i++)
			FUZZ_CHECK(vs.v[i] == WM_UNKNOWN,
				   "%s left after error", wm_vmstat_name(i));
		for (i = 0; i < WM_VMZ__COUNT * WM_ZONE__COUNT; i++)
			FUZZ_CHECK(vs.zone[i / WM_ZONE__COUNT][i % WM_ZONE__COUNT] ==
					   WM_UNKNOWN,
				   "zone value left after error");
		fuzz_check_error(&err, buf, size);
		free(buf);
		return 0;
	}
	fuzz_numbers_scan(&nums, buf, size);
	check_values(&vs, &nums);
	fuzz_numbers_free(&nums);
	round_trip(&vs);
	free(buf);
	return 0;
}
