// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wmtune events: allocation-failure reports turned into records, from
 * /dev/kmsg (through the root override) or a saved log (--file), with a
 * summary. Atomic failures by default (--all: every one); --follow waits
 * for new records; --since-seq resumes after a saved cursor.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "events.h"
#include "kmsg.h"
#include "logscan.h"

enum {
	OPT_FILE = 0x300,
	OPT_ALL,
	OPT_FOLLOW,
	OPT_SINCE,
	OPT_KVER,
	OPT_ANY,
};

/* An idle input for this long completes the report in progress. */
#define IDLE_FLUSH_MS 1000


static const struct argp_option events_options[] = {
	{ "file", OPT_FILE, "FILE", 0,
	  "Read a saved log instead of /dev/kmsg: dmesg, dmesg -T, journalctl "
	  "-k, syslog or raw kmsg records, mixed; - is standard input", 0 },
	{ "all", OPT_ALL, NULL, 0,
	  "Show every allocation failure, not only atomic ones", 0 },
	{ "follow", OPT_FOLLOW, NULL, 0,
	  "Keep reading /dev/kmsg and show each report as it completes", 0 },
	{ "since-seq", OPT_SINCE, "N", 0,
	  "Only kmsg records after sequence number N (a saved cursor)", 0 },
	{ "kernel-version", OPT_KVER, "V", 0,
	  "Decode bare hex GFP masks with the bit layout of kernel V (e.g. "
	  "4.3) where the log does not name its kernel", 0 },
	{ "any-facility", OPT_ANY, NULL, 0,
	  "Also take records that do not come from the kernel (tests and "
	  "benchmarks only)", 0 },
	{ 0 }
};

static bool valid_kver(const char *s)
{
	struct wm_span sp = { s, strlen(s) };
	uint64_t v;

	return wm_take_u64(&sp, &v) > 0 && sp.len > 1 && sp.p[0] == '.' &&
	       sp.p[1] >= '0' && sp.p[1] <= '9';
}

static error_t events_parse(int key, char *arg, struct argp_state *state)
{
	struct events_args *a = state->input;

	switch (key) {
	case OPT_FILE:
		a->file = arg;
		break;
	case OPT_ALL:
		a->all = true;
		break;
	case OPT_FOLLOW:
		a->follow = true;
		break;
	case OPT_SINCE:
		a->since = wm_arg_u64(state, "--since-seq", arg, 0, UINT64_MAX);
		a->have_since = true;
		break;
	case OPT_KVER:
		if (!valid_kver(arg))
			argp_error(state, "--kernel-version: '%s' is not a "
				   "kernel version like 4.3 or 2.6.38", arg);
		a->kver = arg;
		break;
	case OPT_ANY:
		a->any_facility = true;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	case ARGP_KEY_END:
		if (a->follow && a->file)
			argp_error(state, "--follow reads /dev/kmsg; it does not "
				   "go with --file");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp events_argp = {
	.options = events_options,
	.parser = events_parse,
	.doc = "Turn the kernel's allocation-failure reports into records: "
	       "order, GFP flags, whether the request was atomic, the "
	       "rate-limited reports folded into it, and which zones were "
	       "below min. Reads /dev/kmsg unless --file is given.",
};


static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}


static int read_file(struct events *ev)
{
	const char *path = ev->args.file;
	int fd, rc;

	fd = strcmp(path, "-") == 0 ? STDIN_FILENO :
				      open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = wm_logscan_fd(fd, &ev->asm_);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

/* Drain what /dev/kmsg holds now; returns records read or -errno. */
static long drain(struct events *ev, struct wm_kmsg *k)
{
	const char *rec;
	long n, count = 0;

	while ((n = wm_kmsg_next(k, &rec)) > 0) {
		wm_report_push_record(&ev->asm_, rec, (size_t)n);
		count++;
		if (stop_signal || ev->w.err)
			break;
	}
	return n < 0 ? n : count;
}

/* SIGINT/SIGTERM end --follow with the summary (no SA_RESTART: poll). */
static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int follow(struct events *ev, struct wm_kmsg *k)
{
	int idle_ms = 0;

	while (!stop_signal && !ev->w.err) {
		int w = wm_kmsg_wait(k, IDLE_FLUSH_MS);
		long n;

		if (w < 0 && w != -EINTR)
			return w;
		n = drain(ev, k);
		if (n < 0)
			return (int)n;
		idle_ms = n > 0 ? 0 : idle_ms + (k->is_file ? 200 : IDLE_FLUSH_MS);
		if (idle_ms >= IDLE_FLUSH_MS)
			wm_report_flush(&ev->asm_);
	}
	wm_report_flush(&ev->asm_);
	return 0;
}

/* The running kernel's release: how it lays out a bare mask. */
static void running_release(struct wm_ctx *ctx, char *out, size_t size)
{
	struct wm_buf b = { 0 };

	out[0] = '\0';
	if (wm_root_read(&ctx->root, "proc/sys/kernel/osrelease", &b) == 0) {
		struct wm_span s = { b.data, b.len };

		wm_span_copy(out, size, wm_span_trim(wm_span_until(s, "\n")));
	}
	wm_buf_free(&b);
}

static int read_kmsg(struct events *ev)
{
	struct wm_kmsg *k = malloc(sizeof(*k));
	int rc;
	long n;

	if (!k)
		return -ENOMEM;
	rc = wm_kmsg_open(k, &ev->ctx->root, ev->args.follow);
	if (rc) {
		free(k);
		return rc;
	}
	if (ev->args.follow)
		catch_signals();
	n = drain(ev, k);
	rc = n < 0 ? (int)n : 0;
	if (!rc && ev->args.follow)
		rc = follow(ev, k);
	else
		wm_report_end(&ev->asm_);
	wm_kmsg_close(k);
	free(k);
	return rc;
}

/*
 * A JSON document whose events have already gone out (a read error deep
 * into a long log) is finished rather than cut: the events so far, the
 * summary of what was read, and the error as wm_err() words it.
 */
static int fail_in_document(struct events *ev, int code, int rc,
			    const char *what)
{
	struct wm_stream *w = &ev->w;
	char msg[4400];

	snprintf(msg, sizeof(msg), "%s: %s", what, strerror(-rc));
	wm_stream_close(w, ']');
	wm_events_print_tail_json(ev);
	wm_stream_open(w, K("error"), '{');
	wm_stream_str(w, K("command"), ev->ctx->cmd_name ? ev->ctx->cmd_name : "");
	wm_stream_str(w, K("message"), msg);
	wm_stream_i64(w, K("errno"), -rc);
	wm_stream_close(w, '}');
	wm_stream_close(w, '}');
	wm_stream_end(w);
	return code;
}

static int fail(struct events *ev, int rc)
{
	struct wm_ctx *ctx = ev->ctx;
	int code = wm_exit_for(rc);
	char what[4200];

	if (ev->args.file) {
		snprintf(what, sizeof(what), "%s", strcmp(ev->args.file, "-") ?
				 ev->args.file : "standard input");
	} else if (rc == -EPERM || rc == -EACCES) {
		code = WM_EX_NOPERM;
		snprintf(what, sizeof(what), "reading the kernel log "
			 "(%s/dev/kmsg) needs CAP_SYSLOG when "
			 "kernel.dmesg_restrict is 1", ctx->root.dir);
	} else {
		snprintf(what, sizeof(what), "%s/dev/kmsg", ctx->root.dir);
	}
	if (ev->w.json && !ev->stream && ev->w.sent)
		return fail_in_document(ev, code, rc, what);
	if (ev->w.json)
		ev->w.len = 0; /* never half a document */
	else
		wm_stream_flush(&ev->w);
	return wm_err(ctx, code, -rc, "%s", what);
}

/* After the input: close the events, the summary, the end of output. */
static int finish(struct events *ev)
{
	struct wm_stream *w = &ev->w;

	if (!w->json) {
		wm_stream_flush(w);
		wm_events_print_summary_text(ev);
		return wm_out_end(&ev->ctx->out) || w->err ? WM_EX_FAIL :
							       WM_EX_OK;
	}
	if (ev->stream) {
		wm_stream_open(w, NOKEY, '{');
		wm_stream_u64(w, K("schema"), 1);
	} else {
		wm_stream_close(w, ']');
	}
	wm_events_print_tail_json(ev);
	wm_stream_close(w, '}');
	wm_stream_end(w);
	return w->err ? WM_EX_FAIL : WM_EX_OK;
}

int cmd_events(struct wm_ctx *ctx, int argc, char **argv)
{
	struct events *ev = calloc(1, sizeof(*ev));
	struct wm_report_opts o = { 0 };
	char release[WM_REPORT_RELEASE_MAX] = "";
	int rc;

	if (!ev)
		return wm_err(ctx, WM_EX_FAIL, ENOMEM, "events");
	ev->ctx = ctx;
	rc = wm_cmd_parse(ctx, &events_argp, argc, argv, &ev->args);
	if (rc) {
		free(ev);
		return rc;
	}
	ev->stream = ev->args.follow;
	wm_stream_init(&ev->w, ctx->out.fp, ctx->out.json, ctx->out.pretty);
	if (ev->args.kver)
		snprintf(release, sizeof(release), "%s", ev->args.kver);
	else if (!ev->args.file)
		running_release(ctx, release, sizeof(release));
	o.any_facility = ev->args.any_facility;
	o.default_release = release;
	o.have_cursor = ev->args.have_since;
	o.cursor = ev->args.since;
	o.skim = true; /* --file: skipped_facility, malformed are not shown */
	o.emit = wm_events_on_report;
	o.arg = ev;
	wm_report_init(&ev->asm_, &o);

	if (ev->w.json && !ev->stream) {
		wm_stream_open(&ev->w, NOKEY, '{');
		wm_stream_u64(&ev->w, K("schema"), 1);
		wm_stream_open(&ev->w, K("events"), '[');
	}
	rc = ev->args.file ? read_file(ev) : read_kmsg(ev);
	rc = rc ? fail(ev, rc) : finish(ev);
	free(ev);
	return rc;
}
