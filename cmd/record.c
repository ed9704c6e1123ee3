// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wmtune record: one observation per interval as a JSON line (lib/trace):
 * zones, sysctls, counters, PSI, meminfo and the order-0 atomic failures
 * that appeared in the kernel log since the previous line. The observer
 * and the kernel log stay open for the whole run (no allocation per line
 * once warm); every line is written with one write(2), so a trace cut by
 * a crash or SIGKILL ends with whole lines. SIGINT/SIGTERM end it cleanly
 * after the line being written.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "kmsg.h"
#include "logscan.h"
#include "report.h"
#include "text.h"
#include "trace.h"

enum { OPT_INTERVAL = 0x200, OPT_COUNT, OPT_OUTPUT, OPT_ANY_FACILITY };

#define MAX_INTERVAL_SEC 86400

struct record_args {
	uint64_t interval_usec;
	uint64_t count;          /* 0: until stopped */
	const char *output;      /* NULL: stdout */
	bool any_facility;
};

struct recorder {
	struct wm_observer obs;
	struct wm_snapshot snap;
	struct wm_kmsg kmsg;
	bool have_log;
	struct wm_report_asm log;
	uint64_t failures_seen, reports_seen; /* totals up to the last line */
	struct wm_buf line;
	int fd;
};

static const struct argp_option record_options[] = {
	{ "interval", OPT_INTERVAL, "SEC", 0,
	  "Seconds between two lines, fractions allowed (default 1; 0: as "
	  "fast as possible)", 0 },
	{ "count", OPT_COUNT, "N", 0, "Stop after N lines (default: at SIGINT "
	  "or SIGTERM)", 0 },
	{ "output", OPT_OUTPUT, "FILE", 0, "Append the lines to FILE instead of "
	  "writing them to standard output", 0 },
	{ "any-facility", OPT_ANY_FACILITY, NULL, 0,
	  "Count failure records from any syslog facility (tests and "
	  "benchmarks only)", 0 },
	{ 0 }
};

/* "1", "0.25", "2.000001": whole microseconds, at most max_sec. */
static int parse_seconds(const char *arg, uint64_t max_sec, uint64_t *usec)
{
	struct wm_span s = { arg, strlen(arg) };
	uint64_t sec = 0, frac = 0, scale = 100000;
	int n = wm_take_u64(&s, &sec);

	if (n <= 0 || sec > max_sec)
		return -EINVAL;
	if (s.len && *s.p == '.') {
		s.p++, s.len--;
		if (s.len == 0)
			return -EINVAL;
		for (; s.len && *s.p >= '0' && *s.p <= '9'; s.p++, s.len--) {
			if (scale == 0)
				return -EINVAL; /* finer than a microsecond */
			frac += (uint64_t)(*s.p - '0') * scale;
			scale /= 10;
		}
	}
	if (s.len || (sec == max_sec && frac))
		return -EINVAL;
	*usec = sec * 1000000 + frac;
	return 0;
}

static error_t record_parse(int key, char *arg, struct argp_state *state)
{
	struct record_args *a = state->input;

	switch (key) {
	case OPT_INTERVAL:
		if (parse_seconds(arg, MAX_INTERVAL_SEC, &a->interval_usec))
			argp_error(state, "--interval: '%s' is not a number of "
				   "seconds from 0 to %d", arg, MAX_INTERVAL_SEC);
		break;
	case OPT_COUNT:
		a->count = wm_arg_u64(state, "--count", arg, 1, UINT32_MAX);
		break;
	case OPT_OUTPUT:
		a->output = arg;
		break;
	case OPT_ANY_FACILITY:
		a->any_facility = true;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static uint64_t boottime_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/*
 * SIGINT and SIGTERM stay blocked except inside ppoll(), so a signal
 * that arrives between two checks of stop_signal cannot be lost.
 */
static void catch_signals(sigset_t *unblocked)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, unblocked);
	sigdelset(unblocked, SIGINT);
	sigdelset(unblocked, SIGTERM);
}

/* Sleep until deadline (CLOCK_BOOTTIME usec) or a stop signal. */
static void wait_until(uint64_t deadline, const sigset_t *unblocked)
{
	for (;;) {
		uint64_t now = boottime_usec();
		uint64_t left = deadline > now ? deadline - now : 0;
		struct timespec ts = { (time_t)(left / 1000000),
				       (long)(left % 1000000) * 1000 };

		/* even with nothing left: let a pending signal in */
		ppoll(NULL, 0, &ts, unblocked);
		if (stop_signal || left == 0)
			return;
	}
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void open_log(struct wm_ctx *ctx, struct recorder *r,
		     const struct record_args *a)
{
	struct wm_report_opts ro = {
		.any_facility = a->any_facility,
		.default_release = r->obs.fixed.release,
	};
	int rc = wm_kmsg_open(&r->kmsg, &ctx->root, true);

	wm_report_init(&r->log, &ro);
	r->have_log = rc == 0;
	if (rc)
		wm_warn(ctx, "kernel log unavailable (%s): failures are "
			"recorded as null", wm_logscan_strerror(rc));
}

/* Everything the kernel log holds now, into the assembler. */
static void drain_log(struct wm_ctx *ctx, struct recorder *r)
{
	const char *rec;
	long n;

	if (!r->have_log)
		return;
	while ((n = wm_kmsg_next(&r->kmsg, &rec)) > 0)
		wm_report_push_record(&r->log, rec, (size_t)n);
	/*
	 * A report is counted when it completes; the kernel prints one in a
	 * burst, so what is there at the end of the drain is whole.
	 */
	wm_report_flush(&r->log);
	if (n < 0) {
		wm_warn(ctx, "reading the kernel log: %s: failures are recorded "
			"as null from now on", strerror((int)-n));
		wm_kmsg_close(&r->kmsg);
		r->have_log = false;
	}
}

static int one_line(struct wm_ctx *ctx, struct recorder *r)
{
	const struct wm_report_stats *st = &r->log.stats;
	struct wm_trace_point pt = { .seq = WM_UNKNOWN };
	struct wm_parse_error perr = { 0 };
	const char *failed = NULL;
	int rc;

	drain_log(ctx, r);
	rc = wm_observer_read(&r->obs, &r->snap, &perr, &failed);
	if (rc && perr.line)
		return wm_err(ctx, WM_EX_DATAERR, 0, "%s:%lu: %s",
			      failed ? failed : "?", perr.line, perr.msg);
	if (rc)
		return wm_err(ctx, wm_exit_for(rc), -rc, "%s", failed ? failed : "?");
	pt.t_usec = boottime_usec();
	pt.have_failures = r->have_log;
	if (r->have_log) {
		pt.failures = st->order0_atomic_failures - r->failures_seen;
		pt.reports = st->order0_atomic_reports - r->reports_seen;
		pt.seq = st->have_seq ? st->last_seq : WM_UNKNOWN;
		r->failures_seen = st->order0_atomic_failures;
		r->reports_seen = st->order0_atomic_reports;
	}
	rc = wm_trace_format(&r->snap, &pt, &r->line);
	if (rc == -EINVAL)
		return wm_err(ctx, WM_EX_DATAERR, 0, "the observation lacks the "
			      "page size or a sysctl a trace line needs");
	if (rc)
		return wm_err(ctx, WM_EX_FAIL, -rc, "making a trace line");
	rc = write_all(r->fd, r->line.data, r->line.len);
	if (rc)
		return wm_err(ctx, WM_EX_FAIL, -rc, "writing %s",
			      r->fd == STDOUT_FILENO ? "standard output" : "the trace");
	return 0;
}

static int run(struct wm_ctx *ctx, struct recorder *r,
	       const struct record_args *a)
{
	uint64_t n, deadline;
	sigset_t unblocked;
	int rc = 0;

	catch_signals(&unblocked);
	deadline = boottime_usec();
	for (n = 0; a->count == 0 || n < a->count; n++) {
		if (n > 0) {
			uint64_t now = boottime_usec();

			/* late (a slow read, a stopped process): no catch-up burst */
			deadline += a->interval_usec;
			if (deadline < now)
				deadline = now;
		}
		wait_until(deadline, &unblocked);
		if (stop_signal)
			break;
		rc = one_line(ctx, r);
		if (rc)
			break;
	}
	sigprocmask(SIG_SETMASK, &unblocked, NULL);
	return rc;
}

static int open_output(struct wm_ctx *ctx, struct recorder *r,
		       const struct record_args *a)
{
	if (!a->output) {
		r->fd = STDOUT_FILENO;
		return 0;
	}
	r->fd = open(a->output, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
			       O_NOCTTY, 0644);
	if (r->fd < 0)
		return wm_err(ctx, wm_exit_for(-errno), errno, "%s", a->output);
	return 0;
}

static int record(struct wm_ctx *ctx, struct recorder *r,
		  const struct record_args *a)
{
	int rc;

	rc = open_output(ctx, r, a);
	if (rc)
		return rc;
	rc = wm_observer_open(&r->obs, &ctx->root);
	if (rc)
		return wm_err(ctx, wm_exit_for(rc), -rc, "%s", r->obs.failed_file);
	open_log(ctx, r, a);
	return run(ctx, r, a);
}

int cmd_record(struct wm_ctx *ctx, int argc, char **argv)
{
	struct argp record_argp = {
		.options = record_options,
		.parser = record_parse,
		.doc = "Write one observation per interval as a JSON line: "
		       "zones, vm sysctls, reclaim counters, PSI, meminfo and "
		       "the order-0 atomic allocation failures that appeared in "
		       "the kernel log since the previous line (the first line: "
		       "since boot). Writes no sysctl. `wmtune replay` reads "
		       "the result.",
	};
	struct record_args args = { .interval_usec = 1000000 };
	struct recorder *r;
	unsigned i;
	int rc;

	rc = wm_cmd_parse(ctx, &record_argp, argc, argv, &args);
	if (rc)
		return rc;
	r = calloc(1, sizeof(*r));
	if (!r)
		return wm_err(ctx, WM_EX_FAIL, ENOMEM, "record");
	r->fd = -1;
	r->kmsg.fd = -1;
	for (i = 0; i < WM_OBS__COUNT; i++)
		r->obs.fd[i] = -1;
	rc = record(ctx, r, &args);
	wm_observer_close(&r->obs);
	wm_kmsg_close(&r->kmsg);
	if (r->fd > STDOUT_FILENO && close(r->fd) && !rc)
		rc = wm_err(ctx, WM_EX_FAIL, errno, "closing %s", args.output);
	wm_buf_free(&r->line);
	free(r);
	return rc;
}
