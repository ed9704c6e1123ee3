// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The allocation-failure report assembler (lib/report.h) over arbitrary
 * kernel-log text: wm_report_push_bytes() then wm_report_end().
 * Invariants:
 * - every number a report carries (order, seq, show_mem zone values,
 *   SLUB node counts, the node) is in the input as digits, and a GFP mask
 *   as 0x-hex: the parser never invents a value; bounded counts,
 *   terminated strings, valid enums;
 * - the statistics agree with the reports emitted (counts by kind and by
 *   order, the order-0 atomic signal) and with themselves;
 * - with a cursor, no record at or before it makes a report;
 * - feeding the same bytes in pieces (split where the input says) gives
 *   exactly the same reports and statistics as one piece: the partial
 *   line carried between chunks changes nothing.
 */
#include "fuzz.h"
#include "report.h"
#include "report_eq.h"

#define KEEP 48	/* reports compared between the two runs */

struct run {
	struct wm_report_asm a;
	unsigned n;
	struct wm_report r[KEEP];
	const struct fuzz_numbers *dec, *hex;
	bool have_cursor;
	uint64_t cursor;
};

static void hex_scan(struct fuzz_numbers *nums, const char *buf, size_t len)
{
	size_t i;

	nums->n = 0;
	nums->v = malloc((len / 3 + 1) * sizeof(uint64_t));
	if (!nums->v)
		abort();
	for (i = 0; i + 2 < len; i++) {
		uint64_t v = 0;
		size_t j, digits = 0;

		if (buf[i] != '0' || (buf[i + 1] != 'x' && buf[i + 1] != 'X'))
			continue;
		for (j = i + 2; j < len; j++) {
			char c = buf[j];
			unsigned d;

			if (c >= '0' && c <= '9')
				d = (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				d = (unsigned)(c - 'a' + 10);
			else if (c >= 'A' && c <= 'F')
				d = (unsigned)(c - 'A' + 10);
			else
				break;
			if (v >> 60)
				digits = 100; /* wider than 64 bits */
			v = v << 4 | d;
			digits++;
		}
		if (digits && digits < 100)
			nums->v[nums->n++] = v;
	}
	qsort(nums->v, nums->n, sizeof(uint64_t), fuzz_u64_cmp);
}

static int hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The input, a newline, and the input with /dev/kmsg's \xHH escapes
 * undone: a raw record's numbers may be written as escapes, and the
 * parser reads them unescaped. Numbers are looked for in both.
 */
static char *with_unescaped(const char *buf, size_t len, size_t *out_len)
{
	char *out = malloc(2 * len + 1);
	size_t i, n = len + 1;

	if (!out)
		abort();
	memcpy(out, buf, len);
	out[len] = '\n';
	for (i = 0; i < len; i++) {
		if (buf[i] == '\\' && i + 3 < len && buf[i + 1] == 'x' &&
		    hexdigit(buf[i + 2]) >= 0 && hexdigit(buf[i + 3]) >= 0) {
			out[n++] = (char)(hexdigit(buf[i + 2]) << 4 |
					  hexdigit(buf[i + 3]));
			i += 3;
			continue;
		}
		out[n++] = buf[i];
	}
	*out_len = n;
	return out;
}

static void check_str(const char *s, size_t size, const char *what)
{
	FUZZ_CHECK(memchr(s, '\0', size) != NULL, "%s not terminated", what);
}

static void check_tri(enum wm_tri t, const char *what)
{
	FUZZ_CHECK(t == WM_TRI_UNKNOWN || t == WM_TRI_FALSE || t == WM_TRI_TRUE,
		   "%s = %d", what, (int)t);
}

static void check_report(const struct run *run, const struct wm_report *r)
{
	const struct fuzz_numbers *dec = run->dec;
	unsigned i;

	FUZZ_CHECK(r->kind == WM_REPORT_PAGE || r->kind == WM_REPORT_SLAB,
		   "kind %d", (int)r->kind);
	/* slab "min order" and page orders are <= 10 (MAX_ORDER) in real
	 * logs, but only what the text says may come out */
	FUZZ_CHECK(r->order == WM_UNKNOWN || fuzz_numbers_has(dec, r->order),
		   "order %" PRIu64 " is not in the input", r->order);
	FUZZ_CHECK(r->seq == WM_UNKNOWN || fuzz_numbers_has(dec, r->seq),
		   "seq %" PRIu64 " is not in the input", r->seq);
	if (run->have_cursor && r->seq != WM_UNKNOWN)
		FUZZ_CHECK(r->seq > run->cursor, "seq %" PRIu64 " <= cursor %"
			   PRIu64, r->seq, run->cursor);
	FUZZ_CHECK(!r->gfp.have_mask || fuzz_numbers_has(run->hex, r->gfp.mask),
		   "mask 0x%" PRIx64 " is not in the input", r->gfp.mask);
	FUZZ_CHECK(!r->gfp.names_printed || r->gfp.have_names,
		   "names printed but not valid");
	check_tri(r->gfp.nonblocking, "nonblocking");
	check_tri(r->gfp.high, "high");
	check_tri(r->gfp.atomic, "atomic");
	check_str(r->gfp.names, sizeof(r->gfp.names), "gfp names");
	check_str(r->wall_time, sizeof(r->wall_time), "wall time");
	check_str(r->comm, sizeof(r->comm), "comm");
	check_str(r->nodemask, sizeof(r->nodemask), "nodemask");
	check_str(r->cache, sizeof(r->cache), "cache");
	check_str(r->kernel_release, sizeof(r->kernel_release), "release");
	if (r->have_node && r->node >= 0)
		FUZZ_CHECK(fuzz_numbers_has(dec, (uint64_t)r->node),
			   "node %" PRId64 " is not in the input", r->node);
	FUZZ_CHECK(r->nr_zones <= WM_REPORT_MAX_ZONES, "%u zones", r->nr_zones);
	for (i = 0; i < r->nr_zones; i++) {
		const struct wm_klog_zone *z = &r->zones[i];

		check_str(z->zone, sizeof(z->zone), "zone name");
		FUZZ_CHECK(fuzz_numbers_has(dec, z->node) &&
				   fuzz_numbers_has(dec, z->free_kb) &&
				   fuzz_numbers_has(dec, z->min_kb) &&
				   fuzz_numbers_has(dec, z->low_kb) &&
				   fuzz_numbers_has(dec, z->high_kb) &&
				   (z->boost_kb == WM_UNKNOWN ||
				    fuzz_numbers_has(dec, z->boost_kb)),
			   "zone %u %s: a value not in the input", z->node,
			   z->zone);
		FUZZ_CHECK(!z->below_min || z->free_kb < z->min_kb,
			   "zone %u %s below min with free %" PRIu64
			   " >= min %" PRIu64, z->node, z->zone, z->free_kb,
			   z->min_kb);
	}
	FUZZ_CHECK(r->nr_slab_nodes <= WM_REPORT_MAX_SLAB_NODES, "%u slab nodes",
		   r->nr_slab_nodes);
	for (i = 0; i < r->nr_slab_nodes; i++) {
		const struct wm_klog_slab_node *n = &r->slab_nodes[i];

		FUZZ_CHECK(fuzz_numbers_has(dec, n->slabs) &&
				   fuzz_numbers_has(dec, n->objs) &&
				   fuzz_numbers_has(dec, n->free),
			   "slab node %" PRId64 ": a count not in the input",
			   n->node);
	}
}

static void on_report(void *arg, const struct wm_report *r)
{
	struct run *run = arg;

	check_report(run, r);
	if (run->n < KEEP)
		run->r[run->n] = *r;
	run->n++;
}

static void check_stats(const struct run *run)
{
	const struct wm_report_stats *st = &run->a.stats;
	uint64_t by_order = st->by_order_other, atomic = 0, order0 = 0;
	unsigned i;

	FUZZ_CHECK(st->reports == run->n, "%" PRIu64 " reports counted, %u emitted",
		   st->reports, run->n);
	FUZZ_CHECK(st->page_reports + st->slab_reports == st->reports,
		   "page + slab != reports");
	for (i = 0; i < WM_REPORT_ORDERS; i++)
		by_order += st->by_order[i];
	FUZZ_CHECK(by_order == st->reports, "by_order sums to %" PRIu64
		   " of %" PRIu64, by_order, st->reports);
	FUZZ_CHECK(st->atomic + st->atomic_unknown <= st->reports,
		   "more atomic than reports");
	FUZZ_CHECK(st->order0_atomic_reports <= st->page_reports &&
			   st->order0_atomic_failures >= st->order0_atomic_reports,
		   "order-0 atomic signal inconsistent");
	FUZZ_CHECK(st->suppressed_pending <= st->suppressed,
		   "pending suppressed above total");
	FUZZ_CHECK(st->nr_zones <= WM_REPORT_MAX_ZONES, "%u zones", st->nr_zones);
	for (i = 0; i < run->n && i < KEEP; i++) {
		const struct wm_report *r = &run->r[i];

		atomic += r->gfp.atomic == WM_TRI_TRUE;
		order0 += r->kind == WM_REPORT_PAGE && r->order == 0 &&
			  r->gfp.atomic == WM_TRI_TRUE;
	}
	if (run->n <= KEEP)
		FUZZ_CHECK(atomic == st->atomic &&
				   order0 == st->order0_atomic_reports,
			   "atomic counts differ from the reports");
}

static bool same_stats(const struct wm_report_stats *x,
		       const struct wm_report_stats *y)
{
	unsigned i;

	if (x->reports != y->reports || x->page_reports != y->page_reports ||
	    x->slab_reports != y->slab_reports || x->atomic != y->atomic ||
	    x->atomic_unknown != y->atomic_unknown ||
	    x->suppressed != y->suppressed ||
	    x->suppressed_pending != y->suppressed_pending ||
	    x->order0_atomic_reports != y->order0_atomic_reports ||
	    x->order0_atomic_failures != y->order0_atomic_failures ||
	    x->by_order_other != y->by_order_other ||
	    memcmp(x->by_order, y->by_order, sizeof(x->by_order)) ||
	    x->nr_zones != y->nr_zones || x->lines != y->lines ||
	    x->records != y->records ||
	    x->skipped_facility != y->skipped_facility ||
	    x->malformed != y->malformed || x->have_seq != y->have_seq ||
	    x->last_seq != y->last_seq || x->lost != y->lost)
		return false;
	for (i = 0; i < x->nr_zones; i++)
		if (x->zones[i].node != y->zones[i].node ||
		    strcmp(x->zones[i].zone, y->zones[i].zone) ||
		    x->zones[i].reports != y->zones[i].reports ||
		    x->zones[i].below_min != y->zones[i].below_min)
			return false;
	return true;
}

static void start(struct run *run, bool any, bool cursor, uint64_t at)
{
	struct wm_report_opts o = {
		.any_facility = any,
		.default_release = any ? "4.9.0" : NULL,
		.have_cursor = cursor,
		.cursor = at,
		.emit = on_report,
		.arg = run,
	};

	run->n = 0;
	run->have_cursor = cursor;
	run->cursor = at;
	wm_report_init(&run->a, &o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* static: each run holds ~200 KB of reports */
	static struct run one, split;
	struct fuzz_numbers dec, hex;
	char *buf = fuzz_dup(data, size), *both;
	size_t cut1, cut2, both_len;
	unsigned i;
	uint8_t sel = size ? data[0] : 0;
	bool any = sel & 1, cursor = sel & 2;
	uint64_t at = sel >> 2;

	both = with_unescaped(buf, size, &both_len);
	fuzz_numbers_scan(&dec, both, both_len);
	hex_scan(&hex, both, both_len);
	free(both);
	one.dec = split.dec = &dec;
	one.hex = split.hex = &hex;

	start(&one, any, cursor, at);
	wm_report_push_bytes(&one.a, buf, size);
	wm_report_end(&one.a);
	check_stats(&one);

	/* the same bytes in three pieces, cut where the input says */
	cut1 = size > 2 ? (data[1] * 131u + data[2]) % size : 0;
	cut2 = cut1 + (size - cut1) / 2;
	start(&split, any, cursor, at);
	wm_report_push_bytes(&split.a, buf, cut1);
	wm_report_push_bytes(&split.a, buf + cut1, cut2 - cut1);
	wm_report_push_bytes(&split.a, buf + cut2, size - cut2);
	wm_report_end(&split.a);
	check_stats(&split);
	FUZZ_CHECK(split.n == one.n, "%u reports in pieces, %u in one", split.n,
		   one.n);
	for (i = 0; i < one.n && i < KEEP; i++)
		FUZZ_CHECK(fuzz_same_report(&one.r[i], &split.r[i]),
			   "report %u differs when cut at %zu and %zu", i, cut1,
			   cut2);
	FUZZ_CHECK(same_stats(&one.a.stats, &split.a.stats),
		   "statistics differ when cut at %zu and %zu", cut1, cut2);

	fuzz_numbers_free(&dec);
	fuzz_numbers_free(&hex);
	free(buf);
	return 0;
}
