// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The input side of the report assembler (see report.h): raw /dev/kmsg
 * records, text lines of every form, and chunks of a byte stream cut
 * into lines (the scanner is in logscan.c, the one-pass reader of the
 * common line shapes in logshape.c), down to the logical lines of text
 * that report.c assembles. Also the bookkeeping only the input knows:
 * record sequence numbers, facilities, the partial line between chunks.
 */
#include <string.h>

#include "logscan.h"
#include "report.h"
#include "skimlist.h"

static struct wm_span span_from(const char *p, size_t len)
{
	struct wm_span s = { p, len };
	return s;
}

static bool facility_ok(const struct wm_report_asm *a,
			const struct wm_klog_line *l)
{
	return a->any_facility || l->facility == WM_KLOG_FAC_UNKNOWN ||
	       l->facility == WM_KLOG_FAC_KERN;
}

/* Sequence bookkeeping; false if the record was consumed before. */
static bool track_seq(struct wm_report_asm *a, uint64_t seq)
{
	struct wm_report_stats *st = &a->stats;
	uint64_t ref;

	if (a->have_cursor && seq <= a->cursor)
		return false;
	if (st->have_seq || a->have_cursor) {
		ref = st->have_seq ? st->last_seq : a->cursor;
		/* a restart (reboot, concatenated logs) is not a loss */
		if (seq > ref + 1 && ref != UINT64_MAX)
			st->lost += seq - ref - 1;
	}
	st->have_seq = true;
	st->last_seq = seq;
	return true;
}

/* Each piece of text between separators is a line of its own. */
static void handle_pieces(struct wm_report_asm *a, struct wm_klog_line *l,
			  struct wm_span text, const char *sep, bool clean)
{
	long at;

	while ((at = wm_span_find(text, sep)) >= 0) {
		wm_report_handle(a, l, span_from(text.p, (size_t)at), clean);
		wm_span_skip(&text, (size_t)at + strlen(sep));
	}
	wm_report_handle(a, l, text, clean);
}

static int handle_record(struct wm_report_asm *a, struct wm_klog_line *l)
{
	size_t n;

	a->stats.records++;
	a->after_record = true;
	if (!track_seq(a, l->seq))
		return 0;
	if (!facility_ok(a, l)) {
		a->stats.skipped_facility++;
		return 0;
	}
	/* a record may carry several lines as \x0a (the Mem-Info summary) */
	n = wm_klog_unescape(l->msg, a->rec, sizeof(a->rec));
	handle_pieces(a, l, span_from(a->rec, n), "\n", false);
	return 0;
}

int wm_report_push_record(struct wm_report_asm *a, const char *rec,
			  size_t len)
{
	struct wm_klog_line l;
	int rc = wm_kmsg_parse_record(rec, len, &l);

	if (rc) {
		a->stats.malformed++;
		return rc;
	}
	return handle_record(a, &l);
}

/*
 * One text line, parsed (by wm_klog_parse_line() or, for the common
 * shapes, wm_logscan_parse()). clean: it holds no report text (a raw
 * record's text is still escaped: for records the flag is not used).
 */
static void push_parsed(struct wm_report_asm *a, struct wm_klog_line *l,
			bool clean)
{
	a->stats.lines++;
	if (l->form == WM_KLOG_KMSG) {
		handle_record(a, l);
		return;
	}
	a->after_record = false;
	if (!facility_ok(a, l)) {
		a->stats.skipped_facility++;
		return;
	}
	/* rsyslog writes a multi-line record as one line joined by "#012" */
	if (l->form == WM_KLOG_SYSLOG)
		handle_pieces(a, l, l->msg, "#012", clean);
	else
		wm_report_handle(a, l, l->msg, clean);
}

static int push_line(struct wm_report_asm *a, const char *p, size_t len,
		     bool clean)
{
	struct wm_klog_line l;
	int rc;

	if (a->after_record && wm_klog_is_dict_line(span_from(p, len))) {
		a->stats.lines++;
		return 0;
	}
	rc = wm_klog_parse_line(p, len, &l);
	if (rc) {
		a->stats.lines++;
		a->stats.malformed++;
		return rc;
	}
	push_parsed(a, &l, clean);
	return 0;
}

int wm_report_push_line(struct wm_report_asm *a, const char *p, size_t len)
{
	return push_line(a, p, len, !wm_logscan_has_text(span_from(p, len)));
}

static void carry(struct wm_report_asm *a, const char *p, size_t len)
{
	size_t room = sizeof(a->carry) - a->carry_len;

	if (len > room)
		len = room; /* a line past the bound is cut, not split */
	memcpy(a->carry + a->carry_len, p, len);
	a->carry_len += len;
}

/* One line the scanner cut, through the common shapes' fast path. */
static inline void feed_line(struct wm_report_asm *a,
			     const struct wm_logscan_line *sl)
{
	struct wm_klog_line l;

	/*
	 * A dict line may follow a record: push_line() knows. The common
	 * shapes are push_parsed()'s simplest case: one line of kernel (or
	 * unknown) facility.
	 */
	if (!a->after_record && wm_logscan_parse(sl, &l)) {
		a->stats.lines++;
		wm_report_handle(a, &l, l.msg, !sl->has_text);
	} else {
		push_line(a, sl->text.p, sl->text.len, !sl->has_text);
	}
}

/*
 * Whether the next lines may be skimmed: no report open and no record
 * just before (its dict lines are skipped only right after it). Then
 * only a line with a trigger (wm_logscan_skim()) can change anything:
 * event_line() in report.c starts nothing without one, a quiet line in
 * the idle state is ignored, and a raw record (which moves the sequence
 * cursor) has its ';'.
 */
static inline bool skimming(const struct wm_report_asm *a)
{
	return a->skim && a->state == WM_ASM_IDLE && !a->after_record;
}

/*
 * Inside a page report the lines between those that add to it are
 * skimmed too (wm_logscan_skim_report()): a line with none of the starts
 * that quiet() in report.c acts on and whose time cannot end the report
 * changes nothing. Not while a names list or a release may go on on the
 * next line, nor in a SLUB report (any other line ends it).
 */
static inline bool skimming_report(const struct wm_report_asm *a)
{
	return a->skim && a->state == WM_ASM_PAGE && !a->in_names &&
	       !a->want_release && !a->after_record;
}

static const char *skim_report(struct wm_report_asm *a, const char *p,
			       const char *end)
{
	if (!a->clock.set || a->clock.hdr != a->hdr_ts)
		wm_skim_clock_set(&a->clock, a->hdr_ts);
	return wm_logscan_skim_report(p, (size_t)(end - p), &a->clock,
				      &a->stats.lines);
}

/* The idle skim, from the chunk's list when it has the answer. */
static const char *skim_idle(struct wm_report_asm *a,
			     struct wm_skim_cursor *cur, const char *p,
			     const char *end)
{
	const char *s;

	if (cur && (s = wm_skim_list_skim(cur, p, &a->stats.lines)))
		return s;
	return wm_logscan_skim(p, (size_t)(end - p), &a->stats.lines);
}

/*
 * Lines from p on, up to the partial last line, which is returned. With
 * skim, lines are cut one at a time, so that none is cut for nothing
 * when skimming can go on after it (one measured fastest: BENCHMARKS.md
 * section 4, sixth pass).
 */
static const char *feed_lines(struct wm_report_asm *a, const char *p,
			      const char *end, struct wm_skim_cursor *cur)
{
	struct wm_logscan sc;
	struct wm_logscan_line lines[64];
	size_t n, i, max = a->skim ? 1 : 64;

again:
	if (skimming(a))
		p = skim_idle(a, cur, p, end);
	else if (skimming_report(a))
		p = skim_report(a, p, end);
	wm_logscan_init(&sc, p, (size_t)(end - p));
	while ((n = wm_logscan_lines(&sc, lines, max)) > 0) {
		for (i = 0; i < n; i++) {
			feed_line(a, &lines[i]);
			if (skimming(a) || skimming_report(a)) {
				/* just past this line's end */
				p = lines[i].text.p + lines[i].text.len + 1;
				goto again;
			}
		}
	}
	return sc.p;
}

/*
 * cur (or NULL) lists the chunk p..p + len. Each line end in it is one
 * line in a->stats.lines once passed: the carry's by push_line(), each
 * line cut by feed_line(), those skimmed by the skims. So the count at
 * a line start of the chunk is the count here and the line ends before
 * it, which is what the list's line numbers need.
 */
static void push_chunk(struct wm_report_asm *a, const char *p, size_t len,
		       struct wm_skim_cursor *cur)
{
	const char *end = p + len;

	if (len == 0)
		return;
	if (cur)
		cur->base = a->stats.lines;
	if (a->carry_len) {
		/* the rest of the line the last chunk cut */
		const char *nl = memchr(p, '\n', len);
		const char *nul = memchr(p, '\0', nl ? (size_t)(nl - p) : len);
		const char *le = nul ? nul : nl;

		if (!le) {
			carry(a, p, len);
			return;
		}
		carry(a, p, (size_t)(le - p));
		wm_report_push_line(a, a->carry, a->carry_len);
		a->carry_len = 0;
		p = le + 1;
	}
	p = feed_lines(a, p, end, cur);
	carry(a, p, (size_t)(end - p));
}

void wm_report_push_bytes(struct wm_report_asm *a, const char *p, size_t len)
{
	push_chunk(a, p, len, NULL);
}

void wm_report_push_listed(struct wm_report_asm *a, const char *p,
			   size_t len, const struct wm_skim_list *l)
{
	struct wm_skim_cursor cur = { .l = l };

	push_chunk(a, p, len, l ? &cur : NULL);
}

void wm_report_end(struct wm_report_asm *a)
{
	size_t n = a->carry_len;

	/*
	 * The last line had no newline: it may have been cut anywhere, so
	 * its last word ("mode:0xa2", "nodemask=0-") is dropped rather than
	 * taken for a value the kernel never printed.
	 */
	while (n && a->carry[n - 1] != ' ' && a->carry[n - 1] != '\t')
		n--;
	if (n)
		wm_report_push_line(a, a->carry, n);
	a->carry_len = 0;
	wm_report_flush(a);
}
