// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wmtune watch: everything it opens, before it drops every capability
 * (writing the vm sysctls needs uid 0, not a capability: spec §8).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "priv.h"
#include "watch.h"

static int open_log(struct wm_ctx *ctx, struct watch *w)
{
	int fd;

	w->log = stderr;
	if (!w->args->log_path)
		return 0;
	fd = open(w->args->log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0)
		return wm_err(ctx, wm_exit_for(-errno), errno, "%s", w->args->log_path);
	w->log = fdopen(fd, "a");
	if (!w->log) {
		close(fd);
		return wm_err(ctx, WM_EX_FAIL, errno, "%s", w->args->log_path);
	}
	return 0;
}

static int open_clocks_and_signals(struct wm_ctx *ctx, struct watch *w)
{
	uint64_t us = w->args->interval_usec;
	struct itimerspec its = {
		.it_interval = { (time_t)(us / WM_USEC_PER_SEC),
				 (long)(us % WM_USEC_PER_SEC) * 1000 },
	};
	sigset_t set;

	its.it_value = its.it_interval;
	w->timer_fd = -1;
	if (us) {
		w->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
		if (w->timer_fd < 0 || timerfd_settime(w->timer_fd, 0, &its, NULL) < 0)
			return wm_err(ctx, WM_EX_FAIL, errno, "timerfd");
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return wm_err(ctx, WM_EX_FAIL, errno, "sigprocmask");
	w->signal_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (w->signal_fd < 0)
		return wm_err(ctx, WM_EX_FAIL, errno, "signalfd");
	return 0;
}

/*
 * The tracing instance (lib/wakehint.h), made before the capabilities
 * go (removing it later needs none: it is root's directory). auto: on
 * the real system, when something will be written; a --root tree's log
 * is a file, read every tick anyway.
 */
static int open_wake_hint(struct wm_ctx *ctx, struct watch *w)
{
	enum trace_wake when = w->args->trace_wake;
	char detail[PATH_MAX + 64];
	const char *step;
	int rc;

	if (when == TRACE_WAKE_NO ||
	    (when == TRACE_WAKE_AUTO &&
	     (!w->kmsg_open || w->args->dry_run || !wm_root_is_real(&ctx->root))))
		return 0;
	step = "the kernel log";
	rc = w->kmsg_open ? wm_wakehint_open(&w->hint, &ctx->root, &step) : w->s.log_err;
	if (rc == 0) {
		snprintf(detail, sizeof(detail), "tracing instance %s", w->hint.dir);
		watch_log_line(w, "wake-hint", -1, 0, 0, NULL, detail);
		return 0;
	}
	if (when == TRACE_WAKE_YES)
		return wm_err(ctx, wm_exit_for(rc), -rc,
			      "--trace-wake yes: %s", step);
	snprintf(detail, sizeof(detail), "no tracing instance (%s: %s): records "
		 "wake watch at the kernel's next tick", step, strerror(-rc));
	watch_log_line(w, "warning", -1, 0, 0, NULL, detail);
	return 0;
}

int watch_setup(struct wm_ctx *ctx, struct watch *w)
{
	int rc;

	rc = open_log(ctx, w);
	if (rc == 0)
		rc = wm_session_begin(ctx, &w->s, &w->args->tune, !w->args->dry_run);
	if (rc)
		return rc;
	wm_session_log_init(&w->s, &w->args->tune);
	/*
	 * Each tick reads only what a decision uses (not net/netstat, the
	 * boost factor, lowmem_reserve_ratio, the THP mode, nor meminfo
	 * where zoneinfo has the managed pages): most of a tick's cost is
	 * the kernel generating the files (BENCHMARKS.md). The first
	 * observation, made by wm_session_begin(), read them all.
	 */
	wm_observer_select(&w->s.obs, wm_tick_files(&w->s.snap));
	wm_observer_parse_only(&w->s.obs, WM_TICK_VMSTAT);
	rc = wm_kmsg_open(&w->kmsg, &ctx->root, true);
	w->kmsg_open = rc == 0;
	w->s.log_err = rc;
	if (rc)
		watch_log_line(w, "warning", -1, 0, 0, NULL,
			       "kernel log unavailable: deciding without failure reports");
	rc = open_wake_hint(ctx, w);
	if (rc == 0)
		rc = open_clocks_and_signals(ctx, w);
	if (rc)
		return rc;
	rc = wm_priv_drop_all();
	if (rc)
		return wm_err(ctx, WM_EX_FAIL, -rc, "dropping capabilities");
	return 0;
}

void watch_teardown(struct watch *w)
{
	wm_wakehint_close(&w->hint);
	if (w->kmsg_open)
		wm_kmsg_close(&w->kmsg);
	if (w->timer_fd >= 0)
		close(w->timer_fd);
	if (w->signal_fd >= 0)
		close(w->signal_fd);
	if (w->log && w->log != stderr)
		fclose(w->log);
}
