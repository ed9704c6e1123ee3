// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Differential: the report assembler skimming (wm_report_opts.skim, what
 * `events --file` uses) against the same assembler reading every line,
 * over arbitrary kernel-log text. The skimming one is fed the bytes
 * whole, in three pieces cut where the input says, a line at a time and
 * (for short inputs) a byte at a time, and whole and in three pieces
 * with each piece's idle skim listed ahead (skimlist.h, as the reader
 * thread of `events --file` does); every way must emit the same
 * reports in the same order and end with the same statistics as the
 * reference fed whole (all but skipped_facility and malformed, which
 * count only the lines looked at when skimming).
 */
#include "fuzz.h"
#include "report.h"
#include "report_eq.h"
#include "skimlist.h"

struct ref {
	struct wm_report *r;
	size_t n, cap;
};

struct run {
	struct wm_report_asm a;
	const struct ref *ref;
	size_t n;
	const char *how;
};

static struct ref ref;

static void on_ref(void *arg, const struct wm_report *r)
{
	(void)arg;
	if (ref.n == ref.cap) {
		ref.cap = ref.cap ? 2 * ref.cap : 16;
		ref.r = realloc(ref.r, ref.cap * sizeof(*ref.r));
		if (!ref.r)
			abort();
	}
	ref.r[ref.n++] = *r;
}

static void on_skim(void *arg, const struct wm_report *r)
{
	struct run *run = arg;

	FUZZ_CHECK(run->n < run->ref->n, "%s: more than %zu reports", run->how,
		   run->ref->n);
	FUZZ_CHECK(fuzz_same_report(&run->ref->r[run->n], r),
		   "%s: report %zu differs", run->how, run->n);
	run->n++;
}

static void check_stats(const struct run *run,
			const struct wm_report_stats *x)
{
	const struct wm_report_stats *y = &run->a.stats;
	unsigned i;

	FUZZ_CHECK(run->n == run->ref->n, "%s: %zu reports, not %zu", run->how,
		   run->n, run->ref->n);
	FUZZ_CHECK(x->reports == y->reports && x->page_reports == y->page_reports &&
			   x->slab_reports == y->slab_reports &&
			   x->atomic == y->atomic &&
			   x->atomic_unknown == y->atomic_unknown &&
			   x->suppressed == y->suppressed &&
			   x->suppressed_pending == y->suppressed_pending &&
			   x->order0_atomic_reports == y->order0_atomic_reports &&
			   x->order0_atomic_failures == y->order0_atomic_failures &&
			   x->by_order_other == y->by_order_other &&
			   !memcmp(x->by_order, y->by_order, sizeof(x->by_order)),
		   "%s: report counts differ", run->how);
	FUZZ_CHECK(x->lines == y->lines && x->records == y->records &&
			   x->have_seq == y->have_seq &&
			   x->last_seq == y->last_seq && x->lost == y->lost,
		   "%s: lines %" PRIu64 "/%" PRIu64 " or records differ",
		   run->how, x->lines, y->lines);
	FUZZ_CHECK(x->nr_zones == y->nr_zones, "%s: zone counts", run->how);
	for (i = 0; i < x->nr_zones; i++)
		FUZZ_CHECK(x->zones[i].node == y->zones[i].node &&
				   !strcmp(x->zones[i].zone, y->zones[i].zone) &&
				   x->zones[i].reports == y->zones[i].reports &&
				   x->zones[i].below_min == y->zones[i].below_min,
			   "%s: zone %u differs", run->how, i);
}

static void opts(struct wm_report_opts *o, uint8_t sel)
{
	memset(o, 0, sizeof(*o));
	o->any_facility = sel & 1;
	o->default_release = sel & 4 ? "4.9.0" : NULL;
	o->have_cursor = sel & 2;
	o->cursor = sel >> 3;
}

static void skim_start(struct run *run, uint8_t sel, const char *how)
{
	struct wm_report_opts o;

	opts(&o, sel);
	o.skim = true;
	o.emit = on_skim;
	o.arg = run;
	run->ref = &ref;
	run->n = 0;
	run->how = how;
	wm_report_init(&run->a, &o);
}

/* p..p+len with its list, as wm_logscan_fd() pushes a chunk read ahead */
static void push_listed(struct run *run, const char *p, size_t len)
{
	static struct wm_skim_list l;

	wm_skim_list_build(&l, p, len);
	wm_report_push_listed(&run->a, p, len, &l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct wm_report_asm base;
	static struct run run;
	struct wm_report_opts o;
	char *buf = fuzz_dup(data, size);
	uint8_t sel = size ? data[0] : 0;
	size_t cut1, cut2, i, from;

	opts(&o, sel);
	o.emit = on_ref;
	ref.n = 0;
	wm_report_init(&base, &o);
	wm_report_push_bytes(&base, buf, size);
	wm_report_end(&base);

	skim_start(&run, sel, "whole");
	wm_report_push_bytes(&run.a, buf, size);
	wm_report_end(&run.a);
	check_stats(&run, &base.stats);

	cut1 = size > 2 ? (data[1] * 131u + data[2]) % size : 0;
	cut2 = cut1 + (size - cut1) / 2;
	skim_start(&run, sel, "three pieces");
	wm_report_push_bytes(&run.a, buf, cut1);
	wm_report_push_bytes(&run.a, buf + cut1, cut2 - cut1);
	wm_report_push_bytes(&run.a, buf + cut2, size - cut2);
	wm_report_end(&run.a);
	check_stats(&run, &base.stats);

	skim_start(&run, sel, "listed whole");
	push_listed(&run, buf, size);
	wm_report_end(&run.a);
	check_stats(&run, &base.stats);

	skim_start(&run, sel, "listed in three pieces");
	push_listed(&run, buf, cut1);
	push_listed(&run, buf + cut1, cut2 - cut1);
	push_listed(&run, buf + cut2, size - cut2);
	wm_report_end(&run.a);
	check_stats(&run, &base.stats);

	/* a line (with its end) at a time, as a pipe that writes lines */
	skim_start(&run, sel, "line by line");
	for (i = from = 0; i < size; i++)
		if (buf[i] == '\n' || buf[i] == '\0') {
			wm_report_push_bytes(&run.a, buf + from, i + 1 - from);
			from = i + 1;
		}
	wm_report_push_bytes(&run.a, buf + from, size - from);
	wm_report_end(&run.a);
	check_stats(&run, &base.stats);

	if (size <= 8192) {
		skim_start(&run, sel, "byte by byte");
		for (i = 0; i < size; i++)
			wm_report_push_bytes(&run.a, buf + i, 1);
		wm_report_end(&run.a);
		check_stats(&run, &base.stats);
	}
	free(buf);
	return 0;
}
