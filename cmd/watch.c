// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wmtune watch: the auto-tuner as a long-running process. It sleeps in
 * poll(2) on /dev/kmsg, a timerfd, a signalfd and, where tracefs allows,
 * the trace pipe of its own tracing instance (lib/wakehint.h: the
 * kernel wakes that one ~2 ms sooner). A new allocation-failure record
 * wakes it at once and it decides then; each timer tick it observes
 * zoneinfo/vmstat/PSI for the proactive signals and for decay.
 * After opening what it needs it drops every capability: writing the vm
 * sysctls needs uid 0, not a capability (spec §8).
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "watch.h"

/* Ticks in a row the model may refuse before watch gives up (exit 65). */
#define MAX_REFUSED_TICKS 3

/* The state is saved after every write, and at least this often. */
#define SAVE_EVERY_USEC (10 * WM_USEC_PER_SEC)

/*
 * After a wake-up hint that found no failure, /dev/kmsg is read again
 * this many times, this far apart: a report's first line becomes
 * readable only once its last part is printed (pr_cont), a few
 * microseconds after the hint. /dev/kmsg's own wake-up follows anyway.
 */
#define HINT_RETRIES 3
#define HINT_RETRY_MS 1

/*
 * Wake-ups in a row with an empty trace pipe after which the hint is
 * given up: it is broken (wm_wakehint_drain()), and would spin.
 */
#define HINT_EMPTY_MAX 64

enum { OPT_INTERVAL = 0x200, OPT_COUNT, OPT_DRY_RUN, OPT_KEEP, OPT_LOG,
       OPT_LOG_FORMAT, OPT_TRACE_WAKE };

static const struct argp_option watch_options[] = {
	{ "interval", OPT_INTERVAL, "SEC", 0,
	  "Observe every SEC seconds (default 1; 0: as fast as possible)", 0 },
	{ "count", OPT_COUNT, "N", 0, "Stop after N ticks", 0 },
	{ "dry-run", OPT_DRY_RUN, NULL, 0, "Decide and log, write nothing", 0 },
	{ "keep", OPT_KEEP, NULL, 0,
	  "On SIGTERM/SIGINT keep the tuned values (default: restore the "
	  "baselines)", 0 },
	{ "log", OPT_LOG, "FILE", 0, "Log actions to FILE (default stderr)", 0 },
	{ "log-format", OPT_LOG_FORMAT, "FORMAT", 0,
	  "text (default) or json (one object per line)", 0 },
	{ "trace-wake", OPT_TRACE_WAKE, "WHEN", 0,
	  "Wake on a tracing instance's pipe too: auto (default: when "
	  "tracefs allows, not with --dry-run), yes (or fail), no", 0 },
	{ 0 }
};

static error_t watch_parse(int key, char *arg, struct argp_state *state)
{
	struct watch_args *a = state->input;
	char *end;
	double sec;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->tune;
		break;
	case OPT_INTERVAL:
		sec = strtod(arg, &end);
		if (!*arg || *end || !isfinite(sec) || sec < 0 || sec > 86400)
			argp_error(state, "--interval: '%s' is not a number of "
				   "seconds from 0 to 86400", arg);
		a->interval_usec = (uint64_t)(sec * 1e6 + 0.5); /* sec >= 0 */
		break;
	case OPT_COUNT:
		a->count = wm_arg_u64(state, "--count", arg, 1, UINT32_MAX);
		break;
	case OPT_DRY_RUN:
		a->dry_run = true;
		break;
	case OPT_KEEP:
		a->keep = true;
		break;
	case OPT_LOG:
		a->log_path = arg;
		break;
	case OPT_LOG_FORMAT:
		if (strcmp(arg, "json") == 0)
			a->log_json = true;
		else if (strcmp(arg, "text") != 0)
			argp_error(state, "--log-format: '%s' is not text or json", arg);
		break;
	case OPT_TRACE_WAKE:
		if (strcmp(arg, "auto") == 0)
			a->trace_wake = TRACE_WAKE_AUTO;
		else if (strcmp(arg, "yes") == 0)
			a->trace_wake = TRACE_WAKE_YES;
		else if (strcmp(arg, "no") == 0)
			a->trace_wake = TRACE_WAKE_NO;
		else
			argp_error(state, "--trace-wake: '%s' is not auto, yes or no", arg);
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* --- one decision --- */

/* A report's lines come within this of each other; then it is complete. */
#define REPORT_IDLE_USEC WM_USEC_PER_SEC

static uint64_t now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * WM_USEC_PER_SEC + (uint64_t)ts.tv_nsec / 1000;
}

/*
 * Feed the new kernel-log records in (when ready: poll(2) saw some, or the
 * log is a file); true when new failures arrived. A
 * failure counts as soon as its header is in (wm_session_log_totals); the
 * report itself is completed only once the log has been idle a while, so
 * that its zone lines, printed after the header, stay with it.
 */
static bool drain_kmsg(struct watch *w, bool ready)
{
	uint64_t before, after, reports, t;
	const char *rec;
	long n;
	bool got = false;

	if (!w->kmsg_open)
		return false;
	wm_session_log_totals(&w->s, &before, &reports);
	while (ready && (n = wm_kmsg_next(&w->kmsg, &rec)) > 0) {
		wm_report_push_record(&w->s.log, rec, (size_t)n);
		got = true;
	}
	t = now_usec();
	if (got)
		w->last_record_usec = t;
	else if (t - w->last_record_usec >= REPORT_IDLE_USEC)
		wm_report_flush(&w->s.log);
	else
		return false;	/* the log as it was: the same totals */
	wm_session_log_totals(&w->s, &after, &reports);
	return after > before;
}

static int save(struct wm_ctx *ctx, struct watch *w)
{
	if (w->args->dry_run)
		return 0;
	w->last_save_usec = w->s.now_usec;
	w->dirty = false;
	return wm_session_save(ctx, &w->s);
}

static int decide_and_act(struct wm_ctx *ctx, struct watch *w)
{
	struct wm_session *s = &w->s;
	struct wm_session_writes writes;
	int rc;

	wm_session_clock(s);
	rc = wm_session_observe(ctx, s);
	if (rc == 0)
		rc = wm_session_decide(ctx, s, w->have_prev ? &w->prev : NULL);
	/*
	 * A sysctl written by someone else between our reads of zoneinfo and
	 * of the sysctl makes the two disagree for one tick: skip it. Only a
	 * disagreement that lasts means a kernel the model does not know.
	 */
	if (rc == WM_EX_DATAERR && ++w->refused < MAX_REFUSED_TICKS) {
		watch_log_line(w, "skip", -1, 0, 0, NULL,
			       "zoneinfo and the sysctls disagree: tick skipped");
		return 0;
	}
	if (rc)
		return rc;
	w->refused = 0;
	if (wm_decision_changes(&s->d)) {
		if (!w->args->dry_run) {
			rc = wm_session_write(ctx, s, &writes);
			if (rc) {
				save(ctx, w); /* without the write it meant */
				return rc;
			}
		}
		watch_log_changes(w);
		watch_notify_status(w, "STATUS=min_free_kbytes %" PRIu64
				    ", watermark_scale_factor %" PRIu64,
				    s->d.knob[WM_KNOB_MIN_FREE_KBYTES].proposed,
				    s->d.knob[WM_KNOB_WSF].proposed);
		w->dirty = true;
	}
	wm_session_commit(s);
	if (w->have_prev)
		wm_tick_keep_vmstat(&w->prev, &s->snap.vmstat);
	else
		w->prev = s->snap.vmstat;
	w->have_prev = true;
	if (w->dirty || s->now_usec - w->last_save_usec >= SAVE_EVERY_USEC)
		return save(ctx, w);
	return 0;
}

/* --- stopping and reloading --- */

static void restore_baselines(struct wm_ctx *ctx, struct watch *w)
{
	struct wm_session *s = &w->s;
	enum wm_knob k;

	for (k = 0; k < WM_KNOB_COUNT; k++) {
		struct wm_knob_state *ks = &s->state.knob[k];
		struct wm_sysctl_write res;
		int rc;

		if (!ks->has_written || !ks->has_baseline)
			continue;
		rc = wm_sysctl_write(&ctx->root, wm_knob_sysctl(k), ks->baseline, &res);
		if (rc) {
			watch_log_line(w, "error", -1, 0, 0, NULL, wm_sysctl_strerror(rc));
			continue;
		}
		if (!res.unchanged)
			watch_log_line(w, "restore", (int)k, res.old, res.now, "restore", NULL);
		ks->last_written = res.now;
		ks->written_at = s->now_wall;
	}
}

static int stop(struct wm_ctx *ctx, struct watch *w, bool restore)
{
	watch_notify_status(w, "STOPPING=1");
	wm_session_clock(&w->s);
	if (restore && !w->args->dry_run)
		restore_baselines(ctx, w);
	watch_log_line(w, "stop", -1, 0, 0, NULL,
		       w->args->dry_run ? "dry run, nothing to restore" :
		       restore ? "baselines restored" : "values kept");
	return save(ctx, w);
}

static void reload(struct wm_ctx *ctx, struct watch *w)
{
	struct wm_policy p;

	if (wm_tune_build_policy(ctx, &w->args->tune, &p) != 0) {
		watch_log_line(w, "reload", -1, 0, 0, NULL,
			       "configuration error: keeping the previous policy");
		return;
	}
	w->s.policy = p;
	watch_log_line(w, "reload", -1, 0, 0, NULL, "configuration reloaded");
}

/* 1: stop (and *restore says whether to restore), 0: go on. */
static int handle_signals(struct wm_ctx *ctx, struct watch *w, bool *restore)
{
	struct signalfd_siginfo si;

	while (read(w->signal_fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			reload(ctx, w);
			continue;
		}
		*restore = !w->args->keep;
		return 1;
	}
	return 0;
}

/*
 * Which of the descriptors to read after poll(2): those it reported
 * (any revents: /dev/kmsg adds POLLERR|POLLPRI when records were
 * overwritten, and the read then returns EPIPE), all of them when poll
 * failed (EINTR: revents say nothing). With --interval 0 poll returns at
 * once, nearly always with nothing ready: not reading the signalfd and
 * /dev/kmsg then saves two system calls a tick that would only have
 * returned EAGAIN (BENCHMARKS.md figure 1). Nothing is lost: what becomes
 * ready after poll is reported by the next one.
 */
static bool polled_ready(const struct pollfd *p, int nready)
{
	return p && (nready < 0 || p->revents);
}

/* Count what the hints did, and arm or spend the retries (HINT_RETRIES). */
static void after_hint(struct watch *w, bool hinted, bool failure)
{
	if (hinted) {
		w->hints++;
		w->hint_found += failure;
	} else if (w->hint_retries) {
		w->hint_found_later += failure;
	}
	if (failure)
		w->hint_retries = 0;
	else if (hinted)
		w->hint_retries = HINT_RETRIES;
	else if (w->hint_retries)
		w->hint_retries--;
}

/* Read the hint's pipe; drop a hint that keeps waking watch for nothing. */
static void drain_hint(struct watch *w)
{
	if (wm_wakehint_drain(&w->hint)) {
		w->hint_empty = 0;
		return;
	}
	if (++w->hint_empty < HINT_EMPTY_MAX)
		return;
	watch_log_line(w, "warning", -1, 0, 0, NULL, "the tracing instance "
		       "wakes watch with nothing to read (was its \"block\" "
		       "option set?): waking on /dev/kmsg alone");
	wm_wakehint_close(&w->hint);
}

static void log_hints(struct watch *w)
{
	char detail[160];

	if (w->hint.fd < 0)
		return;
	snprintf(detail, sizeof(detail), "%" PRIu64 " wake-ups, %" PRIu64
		 " with a failure ready, %" PRIu64 " with one a moment later",
		 w->hints, w->hint_found, w->hint_found_later);
	watch_log_line(w, "wake-hint", -1, 0, 0, NULL, detail);
}

static int loop(struct wm_ctx *ctx, struct watch *w)
{
	bool restore = false;

	for (;;) {
		struct pollfd p[4], *ps, *pt = NULL, *pk = NULL, *ph = NULL;
		uint64_t expirations;
		nfds_t n = 0;
		bool tick = w->args->interval_usec == 0, failure, hinted;
		int rc, nready, timeout;

		ps = &p[n];
		p[n++] = (struct pollfd){ .fd = w->signal_fd, .events = POLLIN };
		if (w->timer_fd >= 0) {
			pt = &p[n];
			p[n++] = (struct pollfd){ .fd = w->timer_fd, .events = POLLIN };
		}
		/* a regular file (a --root tree) is always readable: read it per tick */
		if (w->kmsg_open && !w->kmsg.is_file) {
			pk = &p[n];
			p[n++] = (struct pollfd){ .fd = w->kmsg.fd, .events = POLLIN };
		}
		if (w->hint.fd >= 0) {
			ph = &p[n];
			p[n++] = (struct pollfd){ .fd = w->hint.fd, .events = POLLIN };
		}
		timeout = tick ? 0 : w->hint_retries ? HINT_RETRY_MS : -1;
		nready = poll(p, n, timeout);
		if (nready < 0 && errno != EINTR)
			return wm_err(ctx, WM_EX_FAIL, errno, "poll");
		if (polled_ready(ps, nready) && handle_signals(ctx, w, &restore)) {
			log_hints(w);
			return stop(ctx, w, restore);
		}
		if (polled_ready(pt, nready) &&
		    read(w->timer_fd, &expirations, sizeof(expirations)) > 0)
			tick = true;
		hinted = polled_ready(ph, nready);
		if (hinted)
			drain_hint(w);
		failure = drain_kmsg(w, w->kmsg.is_file || hinted ||
				     w->hint_retries || polled_ready(pk, nready));
		if (ph)
			after_hint(w, hinted, failure);
		if (!tick && !failure)
			continue;
		rc = decide_and_act(ctx, w);
		if (rc)
			return rc;
		if (w->args->count && ++w->ticks >= w->args->count) {
			log_hints(w);
			return stop(ctx, w, false);
		}
	}
}

int cmd_watch(struct wm_ctx *ctx, int argc, char **argv)
{
	struct argp_child children[] = { { wm_tune_argp(), 0, "Policy options:", 0 },
					 { 0 } };
	struct argp watch_argp = {
		.options = watch_options,
		.parser = watch_parse,
		.children = children,
		.doc = "Run the policy as a long-running process: wake on new "
		       "kernel-log records and on a timer, raise the reserve on "
		       "trouble, decay it when the trouble is gone, and restore "
		       "the baselines on SIGTERM/SIGINT.",
	};
	struct watch_args args = { .interval_usec = WM_USEC_PER_SEC };
	struct watch *w;
	int rc;

	rc = wm_cmd_parse(ctx, &watch_argp, argc, argv, &args);
	if (rc)
		return rc;
	if (!args.dry_run && (rc = wm_require_sysctl_writes(ctx)))
		return rc;
	w = calloc(1, sizeof(*w));
	if (!w)
		return wm_err(ctx, WM_EX_FAIL, ENOMEM, "watch");
	w->args = &args;
	w->signal_fd = w->timer_fd = -1;
	w->kmsg.fd = -1;
	w->hint.fd = -1;
	w->notify_socket = secure_getenv("NOTIFY_SOCKET");
	rc = watch_setup(ctx, w);
	if (rc == 0) {
		watch_log_line(w, "start", -1, 0, 0, NULL, args.dry_run ?
			       "dry run: nothing will be written" : "watching");
		watch_notify_status(w, "READY=1\nSTATUS=watching");
		rc = loop(ctx, w);
	}
	watch_teardown(w);
	wm_session_close(&w->s);
	free(w);
	return rc;
}
