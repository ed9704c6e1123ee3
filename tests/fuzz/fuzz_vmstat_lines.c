// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_vmstat_parse_only() against a reference that shares none of its
 * line finding: the input with every line blanked (its '\n' kept, so
 * line numbers stay) whose first word is not exactly a wanted name (a
 * wanted total, its old name, or one of its per-zone names), parsed by
 * wm_vmstat_parse(). parse_only() finds its lines 64 bytes at a time
 * and reads the kernel's own form itself (lib/vmquery.c); any line it
 * missed, misread, or took that it should not, shows here as a value,
 * error, line or message that differs. Invariants: the same return
 * code (the reference's -ENODATA, no wanted line, is parse_only()'s 0
 * with nothing known), the same error line and message, and the same
 * value for every counter and zone.
 */
#include "fuzz.h"
#include "text.h"
#include "tick.h"
#include "vmstat.h"

/* Every name a value may be printed under, and its item; made once. */
static struct {
	char name[64];
	unsigned item;
} names[WM_VM__COUNT * (WM_ZONE__COUNT + 1) + 1];
static unsigned nr_names;

static void names_init(void)
{
	unsigned i, z;

	if (nr_names)
		return;
	for (i = 0; i < WM_VM__COUNT; i++) {
		snprintf(names[nr_names].name, sizeof(names[0].name), "%s",
			 wm_vmstat_name((enum wm_vmstat_item)i));
		names[nr_names++].item = i;
		for (z = 0; i < WM_VMZ__COUNT && z < WM_ZONE__COUNT; z++) {
			snprintf(names[nr_names].name, sizeof(names[0].name),
				 "%s_%s", wm_vmstat_name((enum wm_vmstat_item)i),
				 wm_vmstat_zone_suffix((enum wm_zone_type)z));
			names[nr_names++].item = i;
		}
	}
	/* the pre-5.9 name of workingset_refault_file */
	snprintf(names[nr_names].name, sizeof(names[0].name),
		 "workingset_refault");
	names[nr_names++].item = WM_VM_workingset_refault_file;
}

/* Is w exactly the name of a wanted value? */
static bool wanted_name(struct wm_span w, uint64_t want)
{
	unsigned i;

	for (i = 0; i < nr_names; i++)
		if ((want & WM_VM_BIT(names[i].item)) &&
		    wm_span_eq(w, names[i].name))
			return true;
	return false;
}

/* buf with the lines of no wanted name emptied, into out (same size). */
static size_t filter(const char *buf, size_t size, uint64_t want, char *out)
{
	struct wm_lines it;
	struct wm_span line, s, w;
	size_t n = 0;

	while (size && buf[size - 1] != '\n')
		size--;		/* the cut last line: both parsers drop it */
	wm_lines_init(&it, buf, size);
	while (wm_lines_next(&it, &line)) {
		s = line;
		if (wm_span_word(&s, &w) && wanted_name(w, want)) {
			memcpy(out + n, line.p, line.len);
			n += line.len;
		}
		out[n++] = '\n';
	}
	return n;
}

static void compare(const char *buf, size_t size, uint64_t want)
{
	struct wm_vmstat ref, only;
	struct wm_parse_error er, eo;
	char *f = malloc(size ? size : 1);
	size_t fn;
	unsigned i, z;
	int rr, ro;

	if (!f)
		abort();
	fn = filter(buf, size, want, f);
	fuzz_error_init(&er);
	fuzz_error_init(&eo);
	rr = wm_vmstat_parse(f, fn, &ref, &er);
	ro = wm_vmstat_parse_only(buf, size, want, &only, &eo);
	free(f);
	if (rr == -ENODATA)
		rr = 0;	/* no wanted line: nothing known, no error */
	FUZZ_CHECK(ro == rr, "only %d, reference %d (%s)", ro, rr, er.msg);
	if (ro) {
		FUZZ_CHECK(eo.line == er.line && strcmp(eo.msg, er.msg) == 0,
			   "only: line %lu '%s'; reference: line %lu '%s'",
			   eo.line, eo.msg, er.line, er.msg);
		return;
	}
	for (i = 0; i < WM_VM__COUNT; i++) {
		FUZZ_CHECK(only.v[i] == ref.v[i], "%s: %" PRIu64 " vs %" PRIu64,
			   wm_vmstat_name((enum wm_vmstat_item)i), only.v[i],
			   ref.v[i]);
		for (z = 0; i < WM_VMZ__COUNT && z < WM_ZONE__COUNT; z++)
			FUZZ_CHECK(only.zone[i][z] == ref.zone[i][z],
				   "%s_%s differs",
				   wm_vmstat_name((enum wm_vmstat_item)i),
				   wm_vmstat_zone_suffix((enum wm_zone_type)z));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_dup(data, size);

	names_init();
	compare(buf, size, WM_TICK_VMSTAT);
	compare(buf, size, WM_VM_ALL);
	compare(buf, size, WM_VM_BIT(size % WM_VM__COUNT));
	free(buf);
	return 0;
}
