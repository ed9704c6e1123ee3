// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wmtune events: allocation-failure reports turned into records, from
 * /dev/kmsg (through the root override) or a saved log (--file), with a
 * summary. Atomic failures by default (--all: every one); --follow waits
 * for new records; --since-seq resumes after a saved cursor.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "kmsg.h"
#include "logscan.h"
#include "jsonstream.h"
#include "report.h"

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

struct events_args {
	const char *file;
	const char *kver;
	bool all, follow, any_facility, have_since;
	uint64_t since;
};

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

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* printk time "%llu.%06llu", else the wall time, else "-" */
static size_t format_time(const struct wm_report *r, char *buf, size_t size)
{
	uint64_t us;
	size_t n, i;

	if (r->ts_usec == WM_UNKNOWN)
		return (size_t)snprintf(buf, size, "%s",
					*r->wall_time ? r->wall_time : "-");
	n = wm_fmt_dec(buf, r->ts_usec / 1000000);
	buf[n++] = '.';
	us = r->ts_usec % 1000000;
	for (i = 6; i-- > 0; us /= 10)
		buf[n + i] = (char)('0' + us % 10);
	return n + 6;
}

static void print_flags_json(struct wm_stream *w, const struct wm_gfp *g)
{
	const char *p = g->names;

	if (!g->have_names) {
		wm_stream_str(w, K("gfp_flags"), NULL);
		return;
	}
	wm_stream_open(w, K("gfp_flags"), '[');
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		char name[64];

		if (n && n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			wm_stream_str(w, NOKEY, name);
		}
		p += n + (bar ? 1 : 0);
	}
	wm_stream_close(w, ']');
}

static void print_tri_json(struct wm_stream *w, const char *qkey, size_t n,
			   enum wm_tri t)
{
	if (t == WM_TRI_UNKNOWN)
		wm_stream_str(w, qkey, n, NULL);
	else
		wm_stream_bool(w, qkey, n, t == WM_TRI_TRUE);
}

static void print_str_json(struct wm_stream *w, const char *qkey, size_t n,
			   const char *s)
{
	wm_stream_str(w, qkey, n, *s ? s : NULL);
}

static void print_zones_json(struct wm_stream *w, const struct wm_report *r)
{
	unsigned i;

	wm_stream_open(w, K("zones_at_failure"), '[');
	for (i = 0; i < r->nr_zones; i++) {
		const struct wm_klog_zone *z = &r->zones[i];

		wm_stream_open(w, NOKEY, '{');
		wm_stream_u64(w, K("node"), z->node);
		wm_stream_str(w, K("zone"), z->zone);
		wm_stream_u64(w, K("free_kbytes"), z->free_kb);
		wm_stream_u64(w, K("boost_kbytes"), z->boost_kb);
		wm_stream_u64(w, K("min_kbytes"), z->min_kb);
		wm_stream_u64(w, K("low_kbytes"), z->low_kb);
		wm_stream_u64(w, K("high_kbytes"), z->high_kb);
		wm_stream_bool(w, K("below_min"), z->below_min);
		wm_stream_close(w, '}');
	}
	wm_stream_close(w, ']');
	wm_stream_bool(w, K("zones_truncated"), r->zones_truncated);
	wm_stream_open(w, K("slab_nodes"), '[');
	for (i = 0; i < r->nr_slab_nodes; i++) {
		const struct wm_klog_slab_node *n = &r->slab_nodes[i];

		wm_stream_open(w, NOKEY, '{');
		wm_stream_i64(w, K("node"), n->node);
		wm_stream_u64(w, K("slabs"), n->slabs);
		wm_stream_u64(w, K("objs"), n->objs);
		wm_stream_u64(w, K("free"), n->free);
		wm_stream_close(w, '}');
	}
	wm_stream_close(w, ']');
}

static void print_event_json(struct wm_stream *w, const struct wm_report *r)
{
	wm_stream_str(w, K("kind"), wm_report_kind_name(r->kind));
	wm_stream_u64(w, K("ts_usec"), r->ts_usec);
	print_str_json(w, K("wall_time"), r->wall_time);
	wm_stream_u64(w, K("seq"), r->seq);
	print_str_json(w, K("comm"), r->comm);
	wm_stream_u64(w, K("order"), r->order);
	wm_stream_key(w, K("gfp_mask"));
	if (r->gfp.have_mask) {
		wm_stream_put(w, "\"", 1);
		wm_stream_hex(w, r->gfp.mask);
		wm_stream_put(w, "\"", 1);
	} else {
		wm_stream_put(w, "null", 4);
	}
	print_flags_json(w, &r->gfp);
	print_tri_json(w, K("atomic"), r->gfp.atomic);
	print_str_json(w, K("nodemask"), r->nodemask);
	if (r->have_node)
		wm_stream_i64(w, K("node"), r->node);
	else
		wm_stream_str(w, K("node"), NULL);
	print_str_json(w, K("cache"), r->cache);
	wm_stream_u64(w, K("suppressed_before"), r->suppressed_before);
	print_str_json(w, K("kernel_release"), r->kernel_release);
	print_zones_json(w, r);
}

static void print_header_text(struct events *ev)
{
	char line[128];

	if (ev->header_done)
		return;
	ev->header_done = true;
	snprintf(line, sizeof(line), "%-24s %-4s %5s %-7s %10s  %-16s %s\n",
		 "TIME", "KIND", "ORDER", "ATOMIC", "SUPPRESSED", "TASK/CACHE",
		 "GFP; ZONES BELOW MIN");
	wm_stream_puts(&ev->w, line);
}

/* One row: "%-24s %-4s %5s %-7s %10llu  %-16s " then GFP and zones. */
static void print_event_text(struct events *ev, const struct wm_report *r)
{
	struct wm_stream *w = &ev->w;
	char num[48];
	unsigned i;

	print_header_text(ev);
	wm_stream_pad(w, num, format_time(r, num, sizeof(num)), 24, true);
	wm_stream_put(w, " ", 1);
	wm_stream_cell(w, wm_report_kind_name(r->kind), 4, true);
	wm_stream_put(w, " ", 1);
	if (r->order == WM_UNKNOWN)
		wm_stream_cell(w, "?", 5, false);
	else
		wm_stream_pad(w, num, wm_fmt_dec(num, r->order), 5, false);
	wm_stream_put(w, " ", 1);
	wm_stream_cell(w, wm_tri_name(r->gfp.atomic), 7, true);
	wm_stream_put(w, " ", 1);
	wm_stream_pad(w, num, wm_fmt_dec(num, r->suppressed_before), 10, false);
	wm_stream_put(w, "  ", 2);
	wm_stream_cell(w, r->kind == WM_REPORT_SLAB ? (*r->cache ? r->cache : "-") :
					       (*r->comm ? r->comm : "-"),
		16, true);
	wm_stream_put(w, " ", 1);
	if (r->gfp.have_mask)
		wm_stream_hex(w, r->gfp.mask);
	else
		wm_stream_put(w, "-", 1);
	if (r->gfp.have_names) {
		wm_stream_put(w, "(", 1);
		wm_stream_puts(w, r->gfp.names);
		wm_stream_put(w, ")", 1);
	}
	for (i = 0; i < r->nr_zones; i++) {
		const struct wm_klog_zone *z = &r->zones[i];

		if (!z->below_min)
			continue;
		wm_stream_puts(w, "; node ");
		wm_stream_dec(w, z->node);
		wm_stream_put(w, " ", 1);
		wm_stream_puts(w, z->zone);
		wm_stream_put(w, " ", 1);
		wm_stream_dec(w, z->free_kb);
		wm_stream_put(w, "<", 1);
		wm_stream_dec(w, z->min_kb);
		wm_stream_puts(w, " kB");
	}
	wm_stream_put(w, "\n", 1);
}

static void on_report(void *arg, const struct wm_report *r)
{
	struct events *ev = arg;
	struct wm_stream *w = &ev->w;

	if (!ev->args.all && r->gfp.atomic != WM_TRI_TRUE)
		return;
	ev->shown++;
	if (!w->json) {
		print_event_text(ev, r);
	} else if (ev->stream) {
		/* JSON lines: one document per event, then one summary */
		wm_stream_open(w, NOKEY, '{');
		wm_stream_u64(w, K("schema"), 1);
		wm_stream_open(w, K("event"), '{');
		print_event_json(w, r);
		wm_stream_close(w, '}');
		wm_stream_close(w, '}');
	} else {
		wm_stream_open(w, NOKEY, '{');
		print_event_json(w, r);
		wm_stream_close(w, '}');
	}
	if (!ev->stream)
		return;
	if (w->json)
		WM_STREAM_LIT(w, "\n"); /* the end of this event's document */
	wm_stream_flush(w);
	if (fflush(w->fp) != 0)
		w->err = EIO;
}

static void print_summary_json(struct events *ev)
{
	const struct wm_report_stats *st = &ev->asm_.stats;
	struct wm_stream *w = &ev->w;
	char key[24];
	size_t n;
	unsigned i;

	wm_stream_open(w, K("summary"), '{');
	wm_stream_u64(w, K("reports"), st->reports);
	wm_stream_u64(w, K("page_reports"), st->page_reports);
	wm_stream_u64(w, K("slab_reports"), st->slab_reports);
	wm_stream_u64(w, K("atomic"), st->atomic);
	wm_stream_u64(w, K("atomic_unknown"), st->atomic_unknown);
	wm_stream_u64(w, K("suppressed"), st->suppressed);
	wm_stream_u64(w, K("suppressed_pending"), st->suppressed_pending);
	wm_stream_u64(w, K("order0_atomic_reports"), st->order0_atomic_reports);
	wm_stream_u64(w, K("order0_atomic_failures"), st->order0_atomic_failures);
	wm_stream_u64(w, K("shown"), ev->shown);
	wm_stream_open(w, K("by_order"), '{');
	for (i = 0; i < WM_REPORT_ORDERS; i++) {
		if (!st->by_order[i])
			continue;
		key[0] = '"';
		n = 1 + wm_fmt_dec(key + 1, i);
		key[n++] = '"';
		key[n++] = ':';
		wm_stream_u64(w, key, n, st->by_order[i]);
	}
	if (st->by_order_other)
		wm_stream_u64(w, K("other"), st->by_order_other);
	wm_stream_close(w, '}');
	wm_stream_open(w, K("by_zone"), '[');
	for (i = 0; i < st->nr_zones; i++) {
		wm_stream_open(w, NOKEY, '{');
		wm_stream_u64(w, K("node"), st->zones[i].node);
		wm_stream_str(w, K("zone"), st->zones[i].zone);
		wm_stream_u64(w, K("reports"), st->zones[i].reports);
		wm_stream_u64(w, K("below_min"), st->zones[i].below_min);
		wm_stream_close(w, '}');
	}
	wm_stream_close(w, ']');
	wm_stream_close(w, '}');
}

static uint64_t cursor_seq(const struct events *ev)
{
	const struct wm_report_stats *st = &ev->asm_.stats;

	if (st->have_seq)
		return st->last_seq;
	return ev->args.have_since ? ev->args.since : WM_UNKNOWN;
}

static void print_summary_text(struct events *ev)
{
	const struct wm_report_stats *st = &ev->asm_.stats;
	struct wm_out *o = &ev->ctx->out;
	uint64_t seq = cursor_seq(ev);
	unsigned i;

	if (!ev->shown)
		wm_out_text(o, "no %sallocation failures reported\n",
			    ev->args.all ? "" : "atomic ");
	wm_out_text(o, "\nreports: %" PRIu64 " (page %" PRIu64 ", slab %"
		    PRIu64 "), atomic %" PRIu64 ", suppressed %" PRIu64
		    " (%" PRIu64 " not yet followed by a report)\n",
		    st->reports, st->page_reports, st->slab_reports, st->atomic,
		    st->suppressed, st->suppressed_pending);
	wm_out_text(o, "order-0 atomic page failures: %" PRIu64 " (%" PRIu64
		    " report(s) and the callbacks they suppressed)\n",
		    st->order0_atomic_failures, st->order0_atomic_reports);
	wm_out_text(o, "by order:");
	for (i = 0; i < WM_REPORT_ORDERS; i++)
		if (st->by_order[i])
			wm_out_text(o, " %u: %" PRIu64, i, st->by_order[i]);
	if (st->by_order_other)
		wm_out_text(o, " other: %" PRIu64, st->by_order_other);
	wm_out_text(o, "%s\n", st->reports ? "" : " -");
	for (i = 0; i < st->nr_zones; i++)
		wm_out_text(o, "node %u %-8s below min in %" PRIu64 " of %"
			    PRIu64 " reports\n", st->zones[i].node,
			    st->zones[i].zone, st->zones[i].below_min,
			    st->zones[i].reports);
	if (seq != WM_UNKNOWN)
		wm_out_text(o, "cursor: seq %" PRIu64 ", lost %" PRIu64 "\n",
			    seq, st->lost);
	if (!ev->args.all && st->atomic_unknown)
		wm_out_text(o, "%" PRIu64 " report(s) with a bare GFP mask and "
			    "no known kernel: see --kernel-version or --all\n",
			    st->atomic_unknown);
}

/* The members after the events: summary, cursor, lost. */
static void print_tail_json(struct events *ev)
{
	struct wm_stream *w = &ev->w;

	print_summary_json(ev);
	wm_stream_open(w, K("cursor"), '{');
	wm_stream_u64(w, K("seq"), cursor_seq(ev));
	wm_stream_close(w, '}');
	wm_stream_u64(w, K("lost"), ev->asm_.stats.lost);
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
	print_tail_json(ev);
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
		print_summary_text(ev);
		return wm_out_end(&ev->ctx->out) || w->err ? WM_EX_FAIL :
							       WM_EX_OK;
	}
	if (ev->stream) {
		wm_stream_open(w, NOKEY, '{');
		wm_stream_u64(w, K("schema"), 1);
	} else {
		wm_stream_close(w, ']');
	}
	print_tail_json(ev);
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
	o.emit = on_report;
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
