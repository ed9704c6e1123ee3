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

/* One run: options, the assembler, and what has been shown. */
struct events {
	struct wm_ctx *ctx;
	struct events_args args;
	struct wm_report_asm asm_;
	uint64_t shown;
	bool header_done;
	bool stream;          /* --follow: print each event as it completes */
	int out_err;
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void format_time(const struct wm_report *r, char *buf, size_t size)
{
	if (r->ts_usec != WM_UNKNOWN)
		snprintf(buf, size, "%" PRIu64 ".%06" PRIu64,
			 r->ts_usec / 1000000, r->ts_usec % 1000000);
	else if (*r->wall_time)
		snprintf(buf, size, "%s", r->wall_time);
	else
		snprintf(buf, size, "-");
}

static void print_flags_json(struct wm_out *o, const struct wm_gfp *g)
{
	const char *p = g->names;

	if (!g->have_names) {
		wm_out_null(o, "gfp_flags", NULL);
		return;
	}
	wm_out_arr_open(o, "gfp_flags");
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		char name[64];

		if (n && n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			wm_out_str(o, NULL, NULL, name);
		}
		p += n + (bar ? 1 : 0);
	}
	wm_out_arr_close(o);
}

static void print_tri_json(struct wm_out *o, const char *key, enum wm_tri t)
{
	if (t == WM_TRI_UNKNOWN)
		wm_out_null(o, key, NULL);
	else
		wm_out_bool(o, key, NULL, t == WM_TRI_TRUE);
}

static void print_str_json(struct wm_out *o, const char *key, const char *s)
{
	wm_out_str(o, key, NULL, *s ? s : NULL);
}

static void print_event_json(struct wm_out *o, const struct wm_report *r)
{
	char mask[24];
	unsigned i;

	wm_out_str(o, "kind", NULL, wm_report_kind_name(r->kind));
	wm_out_u64(o, "ts_usec", NULL, r->ts_usec);
	print_str_json(o, "wall_time", r->wall_time);
	wm_out_u64(o, "seq", NULL, r->seq);
	print_str_json(o, "comm", r->comm);
	wm_out_u64(o, "order", NULL, r->order);
	snprintf(mask, sizeof(mask), "%#" PRIx64, r->gfp.mask);
	wm_out_str(o, "gfp_mask", NULL, r->gfp.have_mask ? mask : NULL);
	print_flags_json(o, &r->gfp);
	print_tri_json(o, "atomic", r->gfp.atomic);
	print_str_json(o, "nodemask", r->nodemask);
	if (r->have_node)
		wm_out_i64(o, "node", NULL, r->node);
	else
		wm_out_null(o, "node", NULL);
	print_str_json(o, "cache", r->cache);
	wm_out_u64(o, "suppressed_before", NULL, r->suppressed_before);
	print_str_json(o, "kernel_release", r->kernel_release);
	wm_out_arr_open(o, "zones_at_failure");
	for (i = 0; i < r->nr_zones; i++) {
		const struct wm_klog_zone *z = &r->zones[i];

		wm_out_obj_open(o, NULL);
		wm_out_u64(o, "node", NULL, z->node);
		wm_out_str(o, "zone", NULL, z->zone);
		wm_out_u64(o, "free_kbytes", NULL, z->free_kb);
		wm_out_u64(o, "boost_kbytes", NULL, z->boost_kb);
		wm_out_u64(o, "min_kbytes", NULL, z->min_kb);
		wm_out_u64(o, "low_kbytes", NULL, z->low_kb);
		wm_out_u64(o, "high_kbytes", NULL, z->high_kb);
		wm_out_bool(o, "below_min", NULL, z->below_min);
		wm_out_obj_close(o);
	}
	wm_out_arr_close(o);
	wm_out_bool(o, "zones_truncated", NULL, r->zones_truncated);
	wm_out_arr_open(o, "slab_nodes");
	for (i = 0; i < r->nr_slab_nodes; i++) {
		const struct wm_klog_slab_node *n = &r->slab_nodes[i];

		wm_out_obj_open(o, NULL);
		wm_out_i64(o, "node", NULL, n->node);
		wm_out_u64(o, "slabs", NULL, n->slabs);
		wm_out_u64(o, "objs", NULL, n->objs);
		wm_out_u64(o, "free", NULL, n->free);
		wm_out_obj_close(o);
	}
	wm_out_arr_close(o);
}

static void print_header_text(struct events *ev)
{
	if (ev->header_done)
		return;
	ev->header_done = true;
	wm_out_text(&ev->ctx->out, "%-24s %-4s %5s %-7s %10s  %-16s %s\n",
		    "TIME", "KIND", "ORDER", "ATOMIC", "SUPPRESSED",
		    "TASK/CACHE", "GFP; ZONES BELOW MIN");
}

static void print_event_text(struct events *ev, const struct wm_report *r)
{
	struct wm_out *o = &ev->ctx->out;
	char when[64], order[24];
	unsigned i;

	print_header_text(ev);
	format_time(r, when, sizeof(when));
	if (r->order == WM_UNKNOWN)
		snprintf(order, sizeof(order), "?");
	else
		snprintf(order, sizeof(order), "%" PRIu64, r->order);
	wm_out_text(o, "%-24s %-4s %5s %-7s %10" PRIu64 "  %-16s ", when,
		    wm_report_kind_name(r->kind), order,
		    wm_tri_name(r->gfp.atomic), r->suppressed_before,
		    r->kind == WM_REPORT_SLAB ? (*r->cache ? r->cache : "-") :
						(*r->comm ? r->comm : "-"));
	if (r->gfp.have_mask)
		wm_out_text(o, "%#" PRIx64, r->gfp.mask);
	else
		wm_out_text(o, "-");
	if (r->gfp.have_names)
		wm_out_text(o, "(%s)", r->gfp.names);
	for (i = 0; i < r->nr_zones; i++)
		if (r->zones[i].below_min)
			wm_out_text(o, "; node %u %s %" PRIu64 "<%" PRIu64 " kB",
				    r->zones[i].node, r->zones[i].zone,
				    r->zones[i].free_kb, r->zones[i].min_kb);
	wm_out_text(o, "\n");
}

static void on_report(void *arg, const struct wm_report *r)
{
	struct events *ev = arg;
	struct wm_out *o = &ev->ctx->out;

	if (!ev->args.all && r->gfp.atomic != WM_TRI_TRUE)
		return;
	ev->shown++;
	if (!o->json) {
		print_event_text(ev, r);
	} else if (ev->stream) {
		/* JSON lines: one document per event, then one summary */
		wm_out_begin(o);
		wm_out_obj_open(o, "event");
		print_event_json(o, r);
		wm_out_obj_close(o);
		if (wm_out_end(o))
			ev->out_err = EIO;
		return;
	} else {
		wm_out_obj_open(o, NULL);
		print_event_json(o, r);
		wm_out_obj_close(o);
	}
	if (ev->stream && fflush(o->fp) != 0)
		ev->out_err = errno ? errno : EIO;
}

static void print_summary_json(struct events *ev)
{
	const struct wm_report_stats *st = &ev->asm_.stats;
	struct wm_out *o = &ev->ctx->out;
	char key[16];
	unsigned i;

	wm_out_obj_open(o, "summary");
	wm_out_u64(o, "reports", NULL, st->reports);
	wm_out_u64(o, "page_reports", NULL, st->page_reports);
	wm_out_u64(o, "slab_reports", NULL, st->slab_reports);
	wm_out_u64(o, "atomic", NULL, st->atomic);
	wm_out_u64(o, "atomic_unknown", NULL, st->atomic_unknown);
	wm_out_u64(o, "suppressed", NULL, st->suppressed);
	wm_out_u64(o, "suppressed_pending", NULL, st->suppressed_pending);
	wm_out_u64(o, "order0_atomic_reports", NULL, st->order0_atomic_reports);
	wm_out_u64(o, "order0_atomic_failures", NULL,
		   st->order0_atomic_failures);
	wm_out_u64(o, "shown", NULL, ev->shown);
	wm_out_obj_open(o, "by_order");
	for (i = 0; i < WM_REPORT_ORDERS; i++) {
		if (!st->by_order[i])
			continue;
		snprintf(key, sizeof(key), "%u", i);
		wm_out_u64(o, key, NULL, st->by_order[i]);
	}
	if (st->by_order_other)
		wm_out_u64(o, "other", NULL, st->by_order_other);
	wm_out_obj_close(o);
	wm_out_arr_open(o, "by_zone");
	for (i = 0; i < st->nr_zones; i++) {
		wm_out_obj_open(o, NULL);
		wm_out_u64(o, "node", NULL, st->zones[i].node);
		wm_out_str(o, "zone", NULL, st->zones[i].zone);
		wm_out_u64(o, "reports", NULL, st->zones[i].reports);
		wm_out_u64(o, "below_min", NULL, st->zones[i].below_min);
		wm_out_obj_close(o);
	}
	wm_out_arr_close(o);
	wm_out_obj_close(o);
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

static void print_tail(struct events *ev)
{
	struct wm_out *o = &ev->ctx->out;

	if (!o->json) {
		print_summary_text(ev);
		return;
	}
	print_summary_json(ev);
	wm_out_obj_open(o, "cursor");
	wm_out_u64(o, "seq", NULL, cursor_seq(ev));
	wm_out_obj_close(o);
	wm_out_u64(o, "lost", NULL, ev->asm_.stats.lost);
}

static int read_file(struct events *ev)
{
	const char *path = ev->args.file;
	char *chunk;
	int fd, rc = 0;

	fd = strcmp(path, "-") == 0 ? STDIN_FILENO :
				      open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	chunk = malloc(1 << 16);
	if (!chunk)
		rc = -ENOMEM;
	while (!rc) {
		ssize_t n = read(fd, chunk, 1 << 16);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = -errno;
		if (n <= 0)
			break;
		wm_report_push_bytes(&ev->asm_, chunk, (size_t)n);
	}
	free(chunk);
	if (fd != STDIN_FILENO)
		close(fd);
	wm_report_end(&ev->asm_);
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
		if (stop_signal || ev->out_err)
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

	while (!stop_signal && !ev->out_err) {
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

static int fail(struct events *ev, int rc)
{
	struct wm_ctx *ctx = ev->ctx;

	if (ev->args.file)
		return wm_err(ctx, wm_exit_for(rc), -rc, "%s",
			      strcmp(ev->args.file, "-") ? ev->args.file :
							   "standard input");
	if (rc == -EPERM || rc == -EACCES)
		return wm_err(ctx, WM_EX_NOPERM, -rc,
			      "reading the kernel log (%s/dev/kmsg) needs "
			      "CAP_SYSLOG when kernel.dmesg_restrict is 1",
			      ctx->root.dir);
	return wm_err(ctx, wm_exit_for(rc), -rc, "%s/dev/kmsg", ctx->root.dir);
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

	if (!ev->stream) {
		wm_out_begin(&ctx->out);
		wm_out_arr_open(&ctx->out, "events");
	}
	rc = ev->args.file ? read_file(ev) : read_kmsg(ev);
	if (rc) {
		rc = fail(ev, rc);
		free(ev);
		return rc;
	}
	if (ev->stream && ctx->out.json)
		wm_out_begin(&ctx->out);
	else if (!ev->stream)
		wm_out_arr_close(&ctx->out);
	print_tail(ev);
	rc = wm_out_end(&ctx->out) || ev->out_err ? WM_EX_FAIL : WM_EX_OK;
	free(ev);
	return rc;
}
