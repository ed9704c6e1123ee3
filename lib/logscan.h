/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Feed the kernel log that is there now into a report assembler: the one
 * loop that status, suggest and apply share (events and watch also
 * follow it). Records at or before the assembler's cursor are skipped by
 * the assembler itself. Saved logs go through the same assembler.
 */
#ifndef WMTUNE_LOGSCAN_H
#define WMTUNE_LOGSCAN_H

#include "report.h"
#include "root.h"

/*
 * Cutting a buffer into lines at '\n' and NUL, 64 bytes at a time (SSE2
 * where the compiler targets it, a byte loop elsewhere), knowing which
 * lines hold one of the texts that open or end a report anywhere in a
 * line: "page allocation failure", "vmalloc error: " or "vmalloc:
 * allocation failure" (spec §6.1). A line without them can only matter to
 * the assembler through its first word, so most lines cost a few ns.
 */
struct wm_logscan {
	const char *buf, *end;
	const char *p;        /* the start of the next line */
	const char *win;      /* the 64-byte window the masks cover */
	uint64_t ends;        /* line ends at or after p, bit i for win[i] */
	uint64_t ll;          /* "ll" in it at or after p: where texts may be */
	uint64_t colons;      /* ':' in it at or after p */
};

struct wm_logscan_line {
	struct wm_span text;  /* without its '\n' or NUL */
	bool has_text;        /* it holds a report text */
	const char *colon;    /* its first ':', NULL if none */
};

void wm_logscan_init(struct wm_logscan *s, const char *buf, size_t len);
/*
 * The next line ended by '\n' or NUL. False when no ended line is left:
 * s->p .. s->end is then the partial last line, maybe empty.
 */
bool wm_logscan_next(struct wm_logscan *s, struct wm_logscan_line *l);
/* Up to max next lines into l (fewer at the end); how many. */
size_t wm_logscan_lines(struct wm_logscan *s, struct wm_logscan_line *l,
			size_t max);
/*
 * What wm_klog_parse_line() makes of a scanned line, in one pass, for the
 * common shapes: dmesg's own "[%5lu.%06lu] message" (also with "kernel:
 * " after it) and lines with no prefix, with or without a report text
 * (the headers take it too: the shape is all it reads). false
 * for any other shape (raw records, syslog, "<4>", dmesg -T, a journal
 * tag that may follow, a cut or '\r'-ended line): the general parser's.
 * A line it takes is PLAIN, PRINTK or MONO, of facility KERN or unknown
 * (wm_report_push_bytes() relies on it).
 */
bool wm_logscan_parse(const struct wm_logscan_line *sl,
		      struct wm_klog_line *l);
/* Whether s holds one of the report texts above. */
bool wm_logscan_has_text(struct wm_span s);

/*
 * Skimming (wm_report_opts.skim): the start of the first line in p..p+len
 * that holds a trigger, anywhere in it: "allocation failure", "vmalloc
 * error: ", "SLUB: Unable to allocate memory on ", "Linux version ", "
 * callbacks suppressed" or ';' (a raw record). If no line does, the start
 * of the partial last line (p + len if the buffer ends with a line end).
 * Line ends ('\n', NUL) before the returned point are added to *lines.
 * Every line an idle assembler acts on has a trigger; p must be a line
 * start. AVX2 where the CPU has it; wm_logscan_skim_simple() is the byte
 * loop that gives the same answer on any CPU (and is tested against it).
 */
const char *wm_logscan_skim(const char *p, size_t len, uint64_t *lines);
const char *wm_logscan_skim_simple(const char *p, size_t len, uint64_t *lines);

/*
 * struct wm_skim_clock (report.h) for a header's time hdr (WM_UNKNOWN:
 * none, and no line's time matters).
 */
void wm_skim_clock_set(struct wm_skim_clock *c, uint64_t hdr);
/*
 * Whether the line at s (s < end) starts with a printk time that
 * wm_klog_parse_line() reads as a time within the span of c's header.
 * false means "maybe not", never a wrong true.
 */
bool wm_skim_time_ok(const struct wm_skim_clock *c, const char *s,
		     const char *end);
/*
 * wm_logscan_skim() inside a page report: the start of the first line
 * from p on (a line start) that holds a trigger of wm_logscan_skim() or
 * one of "nodemask=", "mode:", "CPU: ", "Pid: ", " free:", " pages
 * hwpoisoned", " pages non-shared" (anywhere in it) or, when c->check,
 * whose time may end the report: a line that starts with '[' without
 * wm_skim_time_ok(), or holds a '[' and does not start with one. Else
 * the start of the partial last line; line ends before it to *lines.
 */
const char *wm_logscan_skim_report(const char *p, size_t len,
				   const struct wm_skim_clock *c,
				   uint64_t *lines);
const char *wm_logscan_skim_report_simple(const char *p, size_t len,
					  const struct wm_skim_clock *c,
					  uint64_t *lines);

/*
 * Read <root>/dev/kmsg from its first record to the end of what is there
 * now (non-blocking), pushing every record into a, then flush it.
 * Returns 0, or the -errno of opening or reading (-EPERM/-EACCES: reading
 * the kernel log is not allowed; see wm_logscan_strerror()).
 */
int wm_logscan_kmsg(const struct wm_root *r, struct wm_report_asm *a);

/*
 * Read a saved log (any form wm_report_push_bytes() takes) from fd to its
 * end in large chunks, pushing it all into a, then wm_report_end() (also
 * after a read error: what was read counts). Returns 0 or the -errno of
 * read(2); fd stays open.
 */
int wm_logscan_fd(int fd, struct wm_report_asm *a);

/* Why the kernel log could not be read, in words for people. */
const char *wm_logscan_strerror(int err);

#endif /* WMTUNE_LOGSCAN_H */
