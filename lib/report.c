// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The allocation-failure report assembler (see report.h). A small state
 * machine: idle, inside a page report (header, CPU line, show_mem), or
 * inside a SLUB report (header, cache:, node N: lines). A report is
 * complete when the next report or rate-limit line starts, when show_mem
 * ends, when a line comes more than WM_REPORT_SPAN_USEC after the header,
 * or on flush. Pieces of a header split by concurrent CPUs or by a
 * hard-wrapped paste (", mode:...", "nodemask=...", the rest of a names
 * list) are joined to the header that still lacks them. This file
 * takes logical lines of kernel text; reportfeed.c cuts them out of
 * records, lines and byte streams.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static struct wm_span span_from(const char *p, size_t len)
{
	struct wm_span s = { p, len };
	return s;
}

const char *wm_report_kind_name(enum wm_report_kind k)
{
	return k == WM_REPORT_SLAB ? "slab" : "page";
}

void wm_report_init(struct wm_report_asm *a, const struct wm_report_opts *o)
{
	memset(a, 0, sizeof(*a));
	if (!o)
		return;
	a->any_facility = o->any_facility;
	a->have_cursor = o->have_cursor;
	a->skim = o->skim;
	a->cursor = o->cursor;
	a->emit = o->emit;
	a->arg = o->arg;
	if (o->default_release)
		snprintf(a->default_release, sizeof(a->default_release), "%s",
			 o->default_release);
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

static void count_zones(struct wm_report_stats *st, const struct wm_report *r)
{
	unsigned i, j;

	for (i = 0; i < r->nr_zones; i++) {
		const struct wm_klog_zone *z = &r->zones[i];

		for (j = 0; j < st->nr_zones; j++)
			if (st->zones[j].node == z->node &&
			    strcmp(st->zones[j].zone, z->zone) == 0)
				break;
		if (j == st->nr_zones) {
			if (j == WM_REPORT_MAX_ZONES)
				continue;
			st->nr_zones++;
			st->zones[j].node = z->node;
			memcpy(st->zones[j].zone, z->zone, sizeof(z->zone));
		}
		st->zones[j].reports++;
		st->zones[j].below_min += z->below_min;
	}
}

static void count(struct wm_report_stats *st, const struct wm_report *r)
{
	bool atomic = r->gfp.atomic == WM_TRI_TRUE;

	st->reports++;
	st->page_reports += r->kind == WM_REPORT_PAGE;
	st->slab_reports += r->kind == WM_REPORT_SLAB;
	st->atomic += atomic;
	st->atomic_unknown += r->gfp.atomic == WM_TRI_UNKNOWN;
	if (r->order < WM_REPORT_ORDERS)
		st->by_order[r->order]++;
	else
		st->by_order_other++; /* or unknown */
	if (r->kind == WM_REPORT_PAGE && r->order == 0 && atomic) {
		st->order0_atomic_reports++;
		st->order0_atomic_failures = sat_add(st->order0_atomic_failures,
						     sat_add(1, r->suppressed_before));
	}
	count_zones(st, r);
}

/*
 * Fill in what a report knows only once its lines are in: release, GFP
 * (through the cache c when there is one; peek() has none, it must not
 * change the assembler).
 */
static void finalize(const struct wm_report_asm *a, struct wm_report *r,
		     struct wm_gfp_cache *c)
{
	struct wm_span names = span_from(a->names, a->names_len);
	/* a name list that never closed was cut: not the kernel's names */
	bool printed = a->names_printed && !a->in_names;
	const char *rel = r->kernel_release;
	enum wm_gfp_layout layout;

	if (!*rel)
		rel = *a->log_release ? a->log_release : a->default_release;
	if (rel != r->kernel_release)
		wm_span_copy(r->kernel_release, sizeof(r->kernel_release),
			     span_from(rel, strlen(rel)));
	layout = wm_gfp_layout_for_release(rel, strlen(rel));
	if (c)
		wm_gfp_cache_set(c, &r->gfp, a->have_mask, a->mask,
				 printed ? &names : NULL, layout);
	else
		wm_gfp_set(&r->gfp, a->have_mask, a->mask,
			   printed ? &names : NULL, layout);
}

static __attribute__((noinline)) void complete(struct wm_report_asm *a)
{
	if (a->state == WM_ASM_IDLE)
		return;
	finalize(a, &a->cur, &a->gfp_cache);
	count(&a->stats, &a->cur);
	if (a->emit)
		a->emit(a->arg, &a->cur);
	a->state = WM_ASM_IDLE;
}

bool wm_report_peek(const struct wm_report_asm *a, struct wm_report *r)
{
	if (a->state == WM_ASM_IDLE)
		return false;
	*r = a->cur;
	finalize(a, r, NULL);
	return true;
}

static void start(struct wm_report_asm *a, const struct wm_klog_line *l,
		  enum wm_report_kind kind)
{
	struct wm_report *r = &a->cur;
	uint64_t *pend;

	complete(a);
	memset(r, 0, offsetof(struct wm_report, zones)); /* see report.h */
	r->kind = kind;
	r->ts_usec = l->ts_usec;
	r->seq = l->seq;
	r->order = WM_UNKNOWN;
	if (l->wall.len)
		wm_span_copy(r->wall_time, sizeof(r->wall_time), l->wall);
	pend = kind == WM_REPORT_PAGE ? &a->pend_page : &a->pend_slab;
	r->suppressed_before = *pend;
	*pend = 0;
	a->hdr_ts = l->ts_usec;
	a->want_mode = a->in_names = a->want_release = a->saw_cpu = false;
	a->have_mask = a->names_printed = false;
	a->names_len = a->names_lines = 0;
	a->state = kind == WM_REPORT_PAGE ? WM_ASM_PAGE : WM_ASM_SLAB;
}

static void append_names(struct wm_report_asm *a, struct wm_span s)
{
	size_t room = sizeof(a->names) - 1 - a->names_len;
	size_t n = s.len < room ? s.len : room;

	memcpy(a->names + a->names_len, s.p, n);
	a->names_len += n;
	a->names[a->names_len] = '\0';
}

static void take_nodemask(struct wm_report_asm *a, struct wm_span s)
{
	struct wm_span v;

	if (!WM_SPAN_SKIP_PAST(&s, "nodemask="))
		return;
	v = wm_span_trim(wm_span_until(s, ", "));
	if (!wm_span_eq(v, "(null)"))
		wm_span_copy(a->cur.nodemask, sizeof(a->cur.nodemask), v);
}

/* "0x480020(GFP_ATOMIC), nodemask=..." or "0x20" or "0x14210d2(GFP_..." */
static void take_gfp(struct wm_report_asm *a, struct wm_span s)
{
	const char *rp;

	a->have_mask = wm_span_take_hex(&s, &a->mask);
	if (!a->have_mask || !wm_span_skip_prefix(&s, "("))
		return;
	a->names_printed = true;
	rp = memchr(s.p, ')', s.len);
	if (!rp) {
		/* a wrapped paste: the list goes on on the next line */
		append_names(a, s);
		a->in_names = true;
		return;
	}
	append_names(a, span_from(s.p, (size_t)(rp - s.p)));
	wm_span_skip(&s, (size_t)(rp - s.p) + 1);
	take_nodemask(a, s); /* 4.10+ */
}

/* Only a piece of a names list: GFP_ names, '|', hex, up to ')'. */
static void continue_names(struct wm_report_asm *a, struct wm_span t,
			   bool *consumed)
{
	static const char ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				 "abcdefghijklmnopqrstuvwxyz0123456789_|";
	const char *rp = memchr(t.p, ')', t.len);
	size_t n = rp ? (size_t)(rp - t.p) : t.len, i;

	for (i = 0; i < n; i++)
		if (!strchr(ok, t.p[i]) || t.p[i] == '\0')
			break;
	if (i < n || ++a->names_lines > 4) {
		/* not the rest of the list: the names cannot be trusted */
		a->in_names = false;
		a->names_printed = false;
		a->names_len = 0;
		*consumed = false;
		return;
	}
	append_names(a, span_from(t.p, n));
	*consumed = true;
	if (rp) {
		a->in_names = false;
		wm_span_skip(&t, n + 1);
		take_nodemask(a, t);
	}
}

/*
 * After "page allocation failure": ':' (or 2.6's '.') and "order:N", or it
 * is no header. *order stays WM_UNKNOWN past 2^64 or beyond any real order.
 */
static bool page_header(struct wm_span t, long at, uint64_t *order)
{
	uint64_t v;

	wm_span_skip(&t, (size_t)at + strlen("page allocation failure"));
	if (!wm_span_skip_prefix(&t, ":") && !wm_span_skip_prefix(&t, "."))
		return false;
	while (t.len && t.p[0] == ' ')
		wm_span_skip(&t, 1);
	if (!wm_span_skip_prefix(&t, "order:"))
		return false;
	*order = wm_take_u64(&t, &v) > 0 && v < 64 ? v : WM_UNKNOWN;
	return true;
}

static void start_page(struct wm_report_asm *a, const struct wm_klog_line *l,
		       struct wm_span t, long at, uint64_t order)
{
	struct wm_span comm = wm_span_trim(span_from(t.p, (size_t)at));
	struct wm_span rest = t;

	start(a, l, WM_REPORT_PAGE);
	a->cur.order = order;
	if (comm.len && comm.p[comm.len - 1] == ':')
		comm.len--;
	wm_span_copy(a->cur.comm, sizeof(a->cur.comm), wm_span_trim(comm));
	wm_span_skip(&rest, (size_t)at);
	if (WM_SPAN_SKIP_PAST(&rest, "mode:"))
		take_gfp(a, rest);
	else
		a->want_mode = true;
}

static void start_slab(struct wm_report_asm *a, const struct wm_klog_line *l,
		       struct wm_span t)
{
	struct wm_span s = t, head, num;
	long gfp = WM_SPAN_FIND(t, "gfp=");
	int64_t node;

	start(a, l, WM_REPORT_SLAB);
	/* the last "node N" before gfp= ("on CPU 3 (of node 0) on node -1") */
	head = span_from(t.p, gfp < 0 ? t.len : (size_t)gfp);
	while (WM_SPAN_SKIP_PAST(&head, "node ")) {
		num = wm_span_until(head, ",( )");
		if (wm_parse_i64(num, &node) == 0 && node >= -1) {
			a->cur.node = node;
			a->cur.have_node = true;
		}
	}
	if (gfp >= 0) {
		wm_span_skip(&s, (size_t)gfp + 4);
		take_gfp(a, s);
	}
}

/* "  cache: NAME, object size: 232, ..., min order: 0" and node lines */
static bool slab_line(struct wm_report_asm *a, struct wm_span t)
{
	struct wm_report *r = &a->cur;
	struct wm_klog_slab_node n;
	uint64_t v;

	if (wm_span_skip_prefix(&t, "cache: ")) {
		long end = WM_SPAN_FIND(t, ", object size:");

		if (end >= 0)
			wm_span_copy(r->cache, sizeof(r->cache),
				     span_from(t.p, (size_t)end));
		if (WM_SPAN_SKIP_PAST(&t, "min order: ") &&
		    wm_take_u64(&t, &v) > 0 && v < 64)
			r->order = v;
		return true;
	}
	if (WM_SPAN_FIND(t, "debugging increased min order") >= 0)
		return true;
	if (wm_klog_slab_node_line(t, &n) != 0)
		return false;
	if (r->nr_slab_nodes == WM_REPORT_MAX_SLAB_NODES)
		r->slab_nodes_truncated = true;
	else
		r->slab_nodes[r->nr_slab_nodes++] = n;
	return true;
}

/* The release a line names; false (and nothing set) if none. */
static bool take_release(struct wm_report *r, struct wm_span s)
{
	struct wm_span rel;

	if (!wm_klog_release(s, &rel))
		return false;
	wm_span_copy(r->kernel_release, sizeof(r->kernel_release), rel);
	return true;
}

/* "CPU: 0 PID: 100 Comm: dd Tainted: ..." or "Pid: 0, comm: swapper ..." */
static bool cpu_line(struct wm_report_asm *a, struct wm_span t)
{
	struct wm_report *r = &a->cur;
	struct wm_span comm, rest;

	if (!wm_klog_cpu_line(t, &comm, &rest))
		return false;
	if (a->saw_cpu)
		return true; /* another CPU's report, interleaved */
	a->saw_cpu = true;
	if (!*r->comm)
		wm_span_copy(r->comm, sizeof(r->comm), comm);
	if (rest.len && !take_release(r, rest))
		a->want_release = true; /* a wrapped paste: on the next line */
	return true;
}

/* A line inside a page report. */
static void page_line(struct wm_report_asm *a, struct wm_span t)
{
	struct wm_klog_zone z;
	struct wm_span s = t;
	uint64_t n;

	if (a->want_mode && (wm_span_skip_prefix(&s, ", mode:") ||
			     wm_span_skip_prefix(&s, "mode:"))) {
		a->want_mode = false;
		take_gfp(a, s);
		return;
	}
	if (wm_span_starts(t, "nodemask=") || wm_span_starts(t, ", nodemask=")) {
		if (!*a->cur.nodemask)
			take_nodemask(a, t);
		return;
	}
	if (cpu_line(a, t))
		return;
	if (a->want_release) {
		a->want_release = false;
		if (take_release(&a->cur, t))
			return;
	}
	if (wm_klog_zone_line(t, &z) == 0) {
		struct wm_report *r = &a->cur;
		unsigned i;

		for (i = 0; i < r->nr_zones; i++)
			if (r->zones[i].node == z.node &&
			    strcmp(r->zones[i].zone, z.zone) == 0)
				return; /* a second show_mem, interleaved */
		if (r->nr_zones == WM_REPORT_MAX_ZONES)
			r->zones_truncated = true;
		else
			r->zones[r->nr_zones++] = z;
		return;
	}
	/* the last lines of show_mem (6.x, and 2.6/3.x) */
	if (wm_take_u64(&s, &n) > 0 &&
	    (wm_span_eq(s, " pages hwpoisoned") ||
	     wm_span_eq(s, " pages non-shared")))
		complete(a);
}

/* "warn_alloc: 59 callbacks suppressed": counted into the next report. */
static bool suppressed_line(struct wm_report_asm *a, struct wm_span t)
{
	uint64_t n;

	/* every line comes here, trimmed: most cannot be a rate limit */
	if (!t.len || (t.p[0] != 'w' && t.p[0] != 's'))
		return false;
	switch (wm_klog_suppressed_line(t, &n)) {
	case WM_KLOG_RL_SLUB:
		if (a->state == WM_ASM_SLAB)
			complete(a);
		a->pend_slab = sat_add(a->pend_slab, n);
		break;
	case WM_KLOG_RL_WARN_ALLOC:
		complete(a);
		a->pend_page = sat_add(a->pend_page, n);
		break;
	default:
		return false;
	}
	a->stats.suppressed = sat_add(a->stats.suppressed, n);
	return true;
}

/*
 * Lines that start something, whatever the state. clean: t is known to
 * hold no report text (wm_logscan_has_text()), so only prefixes remain.
 */
static bool event_line(struct wm_report_asm *a, const struct wm_klog_line *l,
		       struct wm_span t, bool clean)
{
	uint64_t order;
	long at;

	if (suppressed_line(a, t))
		return true;
	at = clean ? -1 : WM_SPAN_FIND(t, "page allocation failure");
	if (at >= 0 && page_header(t, at, &order)) {
		start_page(a, l, t, at, order);
		return true;
	}
	if (wm_span_starts(t, "SLUB: Unable to allocate memory on ")) {
		start_slab(a, l, t);
		return true;
	}
	/* vmalloc's warn_alloc takes the pending count; it is no report */
	if (!clean && (WM_SPAN_FIND(t, "vmalloc error: ") >= 0 ||
		       WM_SPAN_FIND(t, "vmalloc: allocation failure") >= 0)) {
		complete(a);
		a->pend_page = 0;
		return true;
	}
	if (wm_span_skip_prefix(&t, "Linux version ")) {
		wm_span_copy(a->log_release, sizeof(a->log_release),
			     wm_span_until(t, " "));
		return true;
	}
	return false;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static inline bool starts(struct wm_span t, const char *prefix, size_t n)
{
	return t.len >= n && memcmp(t.p, prefix, n) == 0;
}

#define STARTS(t, lit) starts(t, lit, sizeof(lit) - 1)

/* "Node N WORD free:": the shape wm_klog_zone_line() goes on to parse. */
static bool zone_shape(struct wm_span t)
{
	size_t i = 5, d;

	if (!STARTS(t, "Node "))
		return false;
	for (d = i; i < t.len && t.p[i] >= '0' && t.p[i] <= '9'; i++)
		;
	if (i == d || i == t.len || t.p[i++] != ' ')
		return false;
	while (i < t.len && blank(t.p[i]))
		i++;
	for (d = i; i < t.len && !blank(t.p[i]); i++)
		;
	return i > d && starts(span_from(t.p + i, t.len - i), " free:", 6);
}

/* "N pages hwpoisoned" / "N pages non-shared": show_mem's last line. */
static bool last_shape(struct wm_span t)
{
	static const size_t n = sizeof(" pages hwpoisoned") - 1;

	return t.len > n && t.p[0] >= '0' && t.p[0] <= '9' &&
	       (memcmp(t.p + t.len - n, " pages hwpoisoned", n) == 0 ||
		memcmp(t.p + t.len - n, " pages non-shared", n) == 0);
}

/*
 * Whether a trimmed line without report texts (wm_logscan_has_text())
 * leaves everything as it is in this state: it has none of the starts
 * that event_line(), page_line() or slab_line() act on. Most lines of a
 * report (call trace, most of show_mem) end here, after a few compares.
 */
static bool quiet(const struct wm_report_asm *a, struct wm_span t)
{
	switch (t.p[0]) {
	case 'w':
		if (STARTS(t, "warn_alloc: ") ||
		    STARTS(t, "warn_alloc_failed: "))
			return false;
		break;
	case 's':
		if (STARTS(t, "slab_out_of_memory: "))
			return false;
		break;
	case 'S':
		if (STARTS(t, "SLUB: Unable to allocate memory on "))
			return false;
		break;
	case 'L':
		if (STARTS(t, "Linux version "))
			return false;
		break;
	}
	if (a->state == WM_ASM_IDLE)
		return true;
	if (a->state == WM_ASM_SLAB || a->in_names || a->want_release)
		return false; /* any line may end or continue these */
	switch (t.p[0]) {
	case ',':
		return !STARTS(t, ", nodemask=") &&
		       !(a->want_mode && STARTS(t, ", mode:"));
	case 'm':
		return !(a->want_mode && STARTS(t, "mode:"));
	case 'n':
		return !STARTS(t, "nodemask=");
	case 'C':
		return !STARTS(t, "CPU: ");
	case 'P':
		return !STARTS(t, "Pid: ");
	case 'N':
		return !zone_shape(t);
	default:
		return !last_shape(t);
	}
}

/* Not quiet(); out of line, as is complete(): quiet lines need no frame */
static __attribute__((noinline)) void
loud_line(struct wm_report_asm *a, const struct wm_klog_line *l,
	  struct wm_span t, bool clean)
{
	bool consumed = false;

	if (a->state == WM_ASM_PAGE && a->in_names) {
		continue_names(a, t, &consumed);
		if (consumed)
			return;
	}
	if (!event_line(a, l, t, clean)) {
		if (a->state == WM_ASM_PAGE)
			page_line(a, t);
		else if (a->state == WM_ASM_SLAB && !slab_line(a, t))
			complete(a); /* SLUB's report is its own few lines */
	}
	a->stats.suppressed_pending = a->pend_page + a->pend_slab;
}

/* One logical line (see report.h): the state machine's only input. */
void wm_report_handle(struct wm_report_asm *a, const struct wm_klog_line *l,
		      struct wm_span msg, bool clean)
{
	struct wm_span t = msg;

	/* wm_span_trim(), here for speed: this runs for every line */
	while (t.len && blank(t.p[0])) {
		t.p++;
		t.len--;
	}
	while (t.len && blank(t.p[t.len - 1]))
		t.len--;
	if (t.len == 0)
		return;
	if (a->state != WM_ASM_IDLE && l->ts_usec != WM_UNKNOWN &&
	    a->hdr_ts != WM_UNKNOWN &&
	    (l->ts_usec < a->hdr_ts ||
	     l->ts_usec - a->hdr_ts > WM_REPORT_SPAN_USEC))
		complete(a);
	if (clean && quiet(a, t))
		return;
	loud_line(a, l, t, clean);
}

void wm_report_flush(struct wm_report_asm *a)
{
	complete(a);
}
