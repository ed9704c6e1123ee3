// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_vmstat_parse_only() against wm_vmstat_parse() on arbitrary bytes,
 * for the tick's counters, for all of them and for one chosen by the
 * input's size. Invariants:
 * - the full parse succeeds (or finds no known counter): so does the
 *   partial one, with the full parse's value for every wanted counter
 *   and its zones, and WM_UNKNOWN for every other;
 * - the full parse fails on a wanted counter's line: the partial one
 *   fails the same way (code, line, message);
 * - the partial one fails: so did the full one, on that line or before,
 *   and it names a wanted counter; nothing is left behind.
 */
#include "fuzz.h"
#include "tick.h"
#include "vmstat.h"

static bool names_wanted(const char *msg, uint64_t want)
{
	unsigned i;

	for (i = 0; i < WM_VM__COUNT; i++) {
		const char *n = wm_vmstat_name((enum wm_vmstat_item)i);
		size_t l = strlen(n);

		if ((want & WM_VM_BIT(i)) && strncmp(msg, n, l) == 0 &&
		    (msg[l] == ':' || msg[l] == ' '))
			return true;
	}
	return false;
}

static void compare(const char *buf, size_t size, uint64_t want)
{
	struct wm_vmstat full, only;
	struct wm_parse_error ef, eo;
	unsigned i, z;
	int rf, ro;

	fuzz_error_init(&ef);
	fuzz_error_init(&eo);
	memset(&only, 0x5a, sizeof(only));
	rf = wm_vmstat_parse(buf, size, &full, &ef);
	ro = wm_vmstat_parse_only(buf, size, want, &only, &eo);
	if (ro) {
		FUZZ_CHECK(rf && rf != -ENODATA,
			   "only failed (%d: %s), full %d", ro, eo.msg, rf);
		FUZZ_CHECK(ro == -EPROTO || ro == -ERANGE, "error %d", ro);
		FUZZ_CHECK(eo.line >= ef.line, "only's line %lu before %lu",
			   eo.line, ef.line);
		FUZZ_CHECK(names_wanted(eo.msg, want), "only: '%s'", eo.msg);
		for (i = 0; i < WM_VM__COUNT; i++)
			FUZZ_CHECK(only.v[i] == WM_UNKNOWN, "left after error");
		fuzz_check_error(&eo, buf, size);
	}
	if (rf && rf != -ENODATA) {
		if (names_wanted(ef.msg, want))
			FUZZ_CHECK(ro == rf && eo.line == ef.line &&
					   strcmp(eo.msg, ef.msg) == 0,
				   "full: %d line %lu '%s'; only: %d line %lu "
				   "'%s'", rf, ef.line, ef.msg, ro, eo.line,
				   eo.msg);
		return;
	}
	FUZZ_CHECK(ro == 0, "full %d, only %d", rf, ro);
	for (i = 0; i < WM_VM__COUNT; i++) {
		bool w = (want & WM_VM_BIT(i)) && rf == 0;

		FUZZ_CHECK(only.v[i] == (w ? full.v[i] : WM_UNKNOWN),
			   "%s differs",
			   wm_vmstat_name((enum wm_vmstat_item)i));
		for (z = 0; i < WM_VMZ__COUNT && z < WM_ZONE__COUNT; z++)
			FUZZ_CHECK(only.zone[i][z] ==
					   (w ? full.zone[i][z] : WM_UNKNOWN),
				   "%s_%s differs",
				   wm_vmstat_name((enum wm_vmstat_item)i),
				   wm_vmstat_zone_suffix((enum wm_zone_type)z));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_dup(data, size);

	compare(buf, size, WM_TICK_VMSTAT);
	compare(buf, size, WM_VM_ALL);
	compare(buf, size, WM_VM_BIT(size % WM_VM__COUNT));
	free(buf);
	return 0;
}
