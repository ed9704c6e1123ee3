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

/*
 * The compact JSON of one event written straight into the stream's
 * buffer, the bytes print_event_json() writes through the stream calls
 * (--json, the 100 MB bench log's 44 000 events: a sixth of the time
 * went to those calls). Only when the event fits in the room left, so
 * the buffer is flushed exactly where the calls would flush it.
 */
#define PUT(o, lit) (memcpy(o, lit, sizeof(lit) - 1), (o) + sizeof(lit) - 1)

static char *put_u64(char *o, uint64_t v)
{
	if (v == WM_UNKNOWN)
		return PUT(o, "null");
	return o + wm_fmt_dec(o, v);
}

static char *put_i64(char *o, int64_t v)
{
	if (v < 0)
		*o++ = '-';
	return o + wm_fmt_dec(o, v < 0 ? 0 - (uint64_t)v : (uint64_t)v);
}

static char *put_bool(char *o, bool v)
{
	return v ? PUT(o, "true") : PUT(o, "false");
}

/*
 * A string member's value: n bytes at s, in an array whose rest from s
 * is cap bytes; null when empty (nullable). wm_json_escape_wide() may
 * write 15 bytes past the string: event_bound() counts 6 a byte
 * for each and ~650 spare, so that stays in the room it found.
 */
static char *put_str(char *o, const char *s, size_t n, size_t cap,
		     bool nullable)
{
	if (!n && nullable)
		return PUT(o, "null");
	*o++ = '"';
	o = wm_json_escape_wide(o, s, n, cap);
	*o++ = '"';
	return o;
}

#define PUT_STR(o, field, n, nullable) \
	put_str(o, field, n, sizeof(field), nullable)

/*
 * print_flags_json(): the names between '|', empty and long ones left
 * out; p..p + len in an array of size bytes.
 */
static char *put_flags(char *o, const char *p, size_t len, size_t size)
{
	const char *end = p + len, *top = p + size;
	bool first = true;

	*o++ = '[';
	while (p < end) {
		const char *stop = memchr(p, '|', (size_t)(end - p));

		if (!stop)
			stop = end;
		if (stop > p && stop - p < 64) {
			if (!first)
				*o++ = ',';
			first = false;
			o = put_str(o, p, (size_t)(stop - p),
				    (size_t)(top - p), false);
		}
		p = stop < end ? stop + 1 : end;
	}
	*o++ = ']';
	return o;
}

static char *put_zones(char *o, const struct wm_report *r)
{
	unsigned i;

	o = PUT(o, ",\"zones_at_failure\":[");
	for (i = 0; i < r->nr_zones; i++) {
		const struct wm_klog_zone *z = &r->zones[i];

		if (i)
			*o++ = ',';
		o = PUT(o, "{\"node\":");
		o = put_u64(o, z->node);
		o = PUT(o, ",\"zone\":");
		o = PUT_STR(o, z->zone, strlen(z->zone), false);
		o = PUT(o, ",\"free_kbytes\":");
		o = put_u64(o, z->free_kb);
		o = PUT(o, ",\"boost_kbytes\":");
		o = put_u64(o, z->boost_kb);
		o = PUT(o, ",\"min_kbytes\":");
		o = put_u64(o, z->min_kb);
		o = PUT(o, ",\"low_kbytes\":");
		o = put_u64(o, z->low_kb);
		o = PUT(o, ",\"high_kbytes\":");
		o = put_u64(o, z->high_kb);
		o = PUT(o, ",\"below_min\":");
		o = put_bool(o, z->below_min);
		*o++ = '}';
	}
	o = PUT(o, "],\"zones_truncated\":");
	o = put_bool(o, r->zones_truncated);
	o = PUT(o, ",\"slab_nodes\":[");
	for (i = 0; i < r->nr_slab_nodes; i++) {
		const struct wm_klog_slab_node *n = &r->slab_nodes[i];

		if (i)
			*o++ = ',';
		o = PUT(o, "{\"node\":");
		o = put_i64(o, n->node);
		o = PUT(o, ",\"slabs\":");
		o = put_u64(o, n->slabs);
		o = PUT(o, ",\"objs\":");
		o = put_u64(o, n->objs);
		o = PUT(o, ",\"free\":");
		o = put_u64(o, n->free);
		*o++ = '}';
	}
	*o++ = ']';
	return o;
}

/* The strings of an event, measured once: for the bound and to print. */
struct event_lens {
	size_t wall, comm, names, nodemask, cache, release, zones;
};

/*
 * At most how many bytes put_event() writes: 1 KiB for the keys, numbers
 * and literals of the event (~350), every string escaped at its longest
 * (6 bytes a byte; a GFP name list 9: quotes and comma for a name of one
 * byte), 256 bytes for each zone's keys and numbers (~230), 160 for each
 * SLUB node's (~125).
 */
static size_t event_bound(const struct wm_report *r, struct event_lens *n)
{
	unsigned i;

	n->wall = strlen(r->wall_time);
	n->comm = strlen(r->comm);
	n->names = strlen(r->gfp.names);
	n->nodemask = strlen(r->nodemask);
	n->cache = strlen(r->cache);
	n->release = strlen(r->kernel_release);
	n->zones = 0;
	for (i = 0; i < r->nr_zones; i++)
		n->zones += strlen(r->zones[i].zone);
	return 1024 + 6 * (n->wall + n->comm + n->nodemask + n->cache +
			   n->release + n->zones) + 9 * n->names +
	       256 * (size_t)r->nr_zones + 160 * (size_t)r->nr_slab_nodes;
}

static char *put_event(char *o, const struct wm_report *r,
		       const struct event_lens *n)
{
	o = PUT(o, "\"kind\":\"");
	o = r->kind == WM_REPORT_SLAB ? PUT(o, "slab\"") : PUT(o, "page\"");
	o = PUT(o, ",\"ts_usec\":");
	o = put_u64(o, r->ts_usec);
	o = PUT(o, ",\"wall_time\":");
	o = PUT_STR(o, r->wall_time, n->wall, true);
	o = PUT(o, ",\"seq\":");
	o = put_u64(o, r->seq);
	o = PUT(o, ",\"comm\":");
	o = PUT_STR(o, r->comm, n->comm, true);
	o = PUT(o, ",\"order\":");
	o = put_u64(o, r->order);
	o = PUT(o, ",\"gfp_mask\":");
	if (r->gfp.have_mask) {
		*o++ = '"';
		o += wm_fmt_hex(o, r->gfp.mask);
		*o++ = '"';
	} else {
		o = PUT(o, "null");
	}
	o = PUT(o, ",\"gfp_flags\":");
	if (r->gfp.have_names)
		o = put_flags(o, r->gfp.names, n->names,
			      sizeof(r->gfp.names));
	else
		o = PUT(o, "null");
	o = PUT(o, ",\"atomic\":");
	if (r->gfp.atomic == WM_TRI_UNKNOWN)
		o = PUT(o, "null");
	else
		o = put_bool(o, r->gfp.atomic == WM_TRI_TRUE);
	o = PUT(o, ",\"nodemask\":");
	o = PUT_STR(o, r->nodemask, n->nodemask, true);
	o = PUT(o, ",\"node\":");
	o = r->have_node ? put_i64(o, r->node) : PUT(o, "null");
	o = PUT(o, ",\"cache\":");
	o = PUT_STR(o, r->cache, n->cache, true);
	o = PUT(o, ",\"suppressed_before\":");
	o = put_u64(o, r->suppressed_before);
	o = PUT(o, ",\"kernel_release\":");
	o = PUT_STR(o, r->kernel_release, n->release, true);
	return put_zones(o, r);
}

/* print_event_json() inside the object just opened, compact. */
static void print_event(struct wm_stream *w, const struct wm_report *r)
{
	struct event_lens n;

	if (w->pretty || w->depth < 1 ||
	    event_bound(r, &n) > sizeof(w->buf) - w->len) {
		print_event_json(w, r);
		return;
	}
	w->len = (size_t)(put_event(w->buf + w->len, r, &n) - w->buf);
	w->had[w->depth - 1] = true; /* as the first member's key sets it */
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
		print_event(w, r);
		wm_stream_close(w, '}');
		wm_stream_close(w, '}');
	} else {
		wm_stream_open(w, NOKEY, '{');
		print_event(w, r);
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
