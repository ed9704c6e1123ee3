/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wmtune events, shared by the command (cmd/events.c: options, input,
 * errors) and its printing (cmd/print_events.c: each event and the
 * summary, as text or streamed JSON).
 */
#ifndef WMTUNE_CMD_EVENTS_H
#define WMTUNE_CMD_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "cmd.h"
#include "jsonstream.h"
#include "report.h"

struct events_args {
	const char *file;
	const char *kver;
	bool all, follow, any_facility, have_since;
	uint64_t since;
};

/* A member name as json-c prints it: K("kind") is "\"kind\":", length. */
#define K(name) WM_STREAM_KEY(name)
#define NOKEY NULL, 0

/* One run: options, the assembler, and what has been shown. */
struct events {
	struct wm_ctx *ctx;
	struct events_args args;
	struct wm_report_asm asm_;
	uint64_t shown;
	bool header_done;
	bool stream;          /* --follow: print each event as it completes */
	struct wm_stream w;
};

/* The assembler's callback: print one completed report if it is shown. */
void wm_events_on_report(void *arg, const struct wm_report *r);
/* The text summary after the events. */
void wm_events_print_summary_text(struct events *ev);
/* The JSON members after the events: summary, cursor, lost. */
void wm_events_print_tail_json(struct events *ev);

#endif /* WMTUNE_CMD_EVENTS_H */
