// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Printing for wmtune events: one event as text or as a streamed JSON
 * object (the bytes json-c would print: tests/unit/test_jsonstream.c),
 * and the summary. Kept apart from the command so that each file holds
 * one idea: what is read and when (events.c), and how it is shown (here).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "events.h"

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

void wm_events_on_report(void *arg, const struct wm_report *r)
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

void wm_events_print_summary_text(struct events *ev)
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

void wm_events_print_tail_json(struct events *ev)
{
	struct wm_stream *w = &ev->w;

	print_summary_json(ev);
	wm_stream_open(w, K("cursor"), '{');
	wm_stream_u64(w, K("seq"), cursor_seq(ev));
	wm_stream_close(w, '}');
	wm_stream_u64(w, K("lost"), ev->asm_.stats.lost);
}
