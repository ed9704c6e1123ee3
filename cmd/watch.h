/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wmtune watch, shared by its files: watch.c (the options, the loop,
 * the decisions, stopping), watch_setup.c (what it opens before it drops
 * its capabilities) and watch_log.c (the action log).
 */
#ifndef WMTUNE_CMD_WATCH_H
#define WMTUNE_CMD_WATCH_H

#include <stdio.h>

#include "kmsg.h"
#include "tune.h"
#include "wakehint.h"

enum trace_wake { TRACE_WAKE_AUTO, TRACE_WAKE_YES, TRACE_WAKE_NO };

struct watch_args {
	uint64_t interval_usec;
	uint64_t count;          /* 0: forever */
	bool dry_run;
	bool keep;
	const char *log_path;
	bool log_json;
	enum trace_wake trace_wake;
	struct wm_tune_opts tune;
};

struct watch {
	struct wm_session s;
	const struct watch_args *args;
	FILE *log;
	struct wm_kmsg kmsg;
	bool kmsg_open;
	struct wm_wakehint hint;
	unsigned hint_retries;    /* reads of /dev/kmsg left after a hint */
	unsigned hint_empty;      /* wake-ups in a row with nothing in the pipe */
	uint64_t hints, hint_found, hint_found_later;
	int timer_fd, signal_fd;
	struct wm_vmstat prev;
	bool have_prev;
	uint64_t ticks;
	unsigned refused;         /* ticks in a row the model refused */
	uint64_t last_save_usec;
	uint64_t last_record_usec;   /* last kernel-log record read */
	bool dirty;               /* state changed since the last save */
	const char *notify_socket;
};

/* One line of the action log: knob -1 for an event about no sysctl. */
void watch_log_line(struct watch *w, const char *event, int knob,
		    uint64_t old, uint64_t new, const char *reasons,
		    const char *detail);
/* A "change" line for each knob the decision changes. */
void watch_log_changes(struct watch *w);
/* One datagram to systemd ($NOTIFY_SOCKET), when it is there. */
void watch_notify_status(struct watch *w, const char *fmt, ...) WM_PRINTF(2, 3);

/* Open the log, the kernel log, the clocks; then drop the capabilities. */
int watch_setup(struct wm_ctx *ctx, struct watch *w);
/* Close what watch_setup() opened (also after it failed half-way). */
void watch_teardown(struct watch *w);

#endif /* WMTUNE_CMD_WATCH_H */
