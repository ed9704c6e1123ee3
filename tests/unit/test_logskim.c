// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Skimming (lib/logscan.h, wm_logscan_skim()): the line of the next
 * trigger and the line ends before it, from the AVX2 loop and the byte
 * loop, against a plain reading (each line searched with memcmp for each
 * trigger) on fixed cases (a trigger at the start and at the end, cut by
 * the end, in a 100 KB line, after NUL and CRLF, none at all) and on
 * random buffers of every length and alignment; then the assembler
 * skimming against the one reading every line, the log cut at every byte
 * into two chunks (a trigger straddling them). Last, the skim done ahead
 * (skimlist.h): from every line start of chunks of many sizes cut from
 * the real samples and from random bytes, and past a full list, the
 * same stop and line count as wm_logscan_skim(); and the assembler fed
 * listed chunks seeing what it sees without the lists.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "logscan.h"
#include "skimlist.h"

static const char *const triggers[] = {
	"allocation failure", "vmalloc error: ",
	"SLUB: Unable to allocate memory on ", "Linux version ",
	" callbacks suppressed", ";",
};

static bool has_trigger(const char *p, size_t n)
{
	size_t t, i, k;

	for (t = 0; t < WM_ARRAY_SIZE(triggers); t++)
		for (k = strlen(triggers[t]), i = 0; i + k <= n; i++)
			if (memcmp(p + i, triggers[t], k) == 0)
				return true;
	return false;
}

/* The plain reading: line by line. */
static const char *naive(const char *p, size_t len, uint64_t *lines)
{
	const char *end = p + len, *ls = p, *c;

	for (c = p; c < end; c++) {
		if (*c != '\n' && *c != '\0')
			continue;
		if (has_trigger(ls, (size_t)(c - ls)))
			return ls;
		(*lines)++;
		ls = c + 1;
	}
	return ls; /* the partial line: a trigger in it or not */
}

/* Both loops agree with the plain reading; returns the offset found. */
static size_t check(const char *p, size_t len, uint64_t *lines_out)
{
	uint64_t ln = 7, lw = 7, ls = 7;
	const char *n = naive(p, len, &ln);
	const char *w = wm_logscan_skim(p, len, &lw);
	const char *s = wm_logscan_skim_simple(p, len, &ls);

	assert_ptr_equal(w, n);
	assert_ptr_equal(s, n);
	assert_int_equal(lw, ln);
	assert_int_equal(ls, ln);
	if (lines_out)
		*lines_out = ln - 7;
	return (size_t)(n - p);
}

static size_t check_str(const char *s, uint64_t *lines)
{
	return check(s, strlen(s), lines);
}

static void test_fixed(void **state)
{
	uint64_t n;

	(void)state;
	assert_int_equal(check_str("Linux version 6.1.0 (x) #1\nb\n", &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(check_str("a\nb\nc\n", &n), 6); /* none: past it */
	assert_int_equal(n, 3);
	assert_int_equal(check_str("a\nb\nc", &n), 4); /* the partial line */
	assert_int_equal(n, 2);
	assert_int_equal(check_str("", &n), 0);
	/* at the very end, in the partial line; cut by the end: none */
	assert_int_equal(check_str("x\ny: page allocation failure", &n), 2);
	assert_int_equal(check_str("x\ny: page allocation fail", &n), 2);
	assert_int_equal(check_str("x\ny: page allocation fail\n", &n), 26);
	assert_int_equal(n, 2);
	/* a NUL ends a line: no trigger across it */
	assert_int_equal(check(" a\0Linux\0version \nb\n", 20, &n), 20);
	assert_int_equal(n, 4);
	assert_int_equal(check("a\0b SLUB: Unable to allocate memory on node -1\n",
			       48, &n), 2);
	assert_int_equal(n, 1);
	/* CRLF: the '\r' is part of the line */
	assert_int_equal(check_str("a\r\nwarn_alloc: 5 callbacks suppressed\r\n",
				   &n), 3);
	assert_int_equal(check_str("1,2,3,-;msg\n", &n), 0);
	assert_int_equal(check_str("aaa\nvmalloc error: size 4\n", &n), 4);
	/* the pair alone is no trigger */
	assert_int_equal(check_str("lu lb vm Un Li\nlulblb\n", &n), 22);
}

/* A trigger deep in a 100 KB line, and one after it. */
static void test_long_line(void **state)
{
	size_t len = 100 * 1024, at;
	char *b = malloc(len + 64);
	uint64_t n;

	(void)state;
	assert_non_null(b);
	memset(b, 'l', len); /* every byte the first of a pair */
	b[0] = '\n';
	memcpy(b + 70001, " callbacks suppressed", 21);
	b[len - 1] = '\n';
	assert_int_equal(check(b, len, &n), 1);
	assert_int_equal(n, 1);
	memset(b + 70001, 'u', 21); /* "lu" everywhere, no trigger */
	assert_int_equal(check(b, len, &n), len);
	memcpy(b + len, "Linux version 1\n", 16);
	at = check(b, len + 16, &n);
	assert_int_equal(at, len);
	assert_int_equal(n, 2);
	free(b);
}

/* Random buffers over an alphabet of pairs, pieces and line ends. */
static void test_random(void **state)
{
	static const char *const bits[] = {
		"l", "u", "b", "v", "m", "U", "n", "L", "i", ";", "\n", "\0",
		"\r", " ", "x", "allocation failur", "allocation failure",
		"vmalloc error: ", "Linux version ", "Linux versio",
		" callbacks suppressed", "SLUB: Unable to allocate memory on ",
		"SLUB: Unable",
	};
	char buf[512];
	unsigned seed = 1, round;

	(void)state;
	for (round = 0; round < 20000; round++) {
		size_t len = 0, want = (size_t)rand_r(&seed) % 400, off;

		while (len < want) {
			const char *bit = bits[(unsigned)rand_r(&seed) %
					       WM_ARRAY_SIZE(bits)];
			size_t k = *bit ? strlen(bit) : 1;
			/* mostly filler: triggers are rare */
			if (k > 1 && rand_r(&seed) % 8)
				bit = "abcdefg", k = 7;
			if (len + k > sizeof(buf) - 80)
				break;
			memcpy(buf + len, bit, k);
			len += k;
		}
		off = (size_t)rand_r(&seed) % 70;
		memmove(buf + off, buf, len);
		check(buf + off, len, NULL);
	}
}

struct got {
	unsigned n;
	uint64_t ts[64];
	uint64_t order[64];
};

static void emit(void *arg, const struct wm_report *r)
{
	struct got *g = arg;

	if (g->n < 64) {
		g->ts[g->n] = r->ts_usec;
		g->order[g->n] = r->order;
	}
	g->n++;
}

static void feed(struct wm_report_asm *a, struct got *g, bool skim,
		 const char *p, size_t len, size_t cut)
{
	struct wm_report_opts o = { .skim = skim, .emit = emit, .arg = g };

	memset(g, 0, sizeof(*g));
	wm_report_init(a, &o);
	wm_report_push_bytes(a, p, cut);
	wm_report_push_bytes(a, p + cut, len - cut);
	wm_report_end(a);
}

/*
 * Three samples in one log (SLUB and page reports, suppressed counts, a
 * journal) in two chunks cut at every byte: skimming sees the same
 * reports, counts and lines as reading every line whole.
 */
static void test_assembler_cuts(void **state)
{
	static const char *const files[] = {
		"samples/allocfail/00-seed-linux-mm-2026-slub-and-page-"
		"GFP_ATOMIC-suppressed.log",
		"samples/allocfail/01-2.6.38-ubuntu-zfs325-order0-0x4020.log",
		"samples/allocfail/13-5.9.0-fedora-journal-monotonic-SLUB-"
		"GFP_NOWAIT.log",
	};
	static struct wm_report_asm ref, skim;
	static struct got gr, gs;
	struct wm_buf b = { 0 }, all = { 0 };
	size_t cut, i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(files); i++) {
		wm_test_load(&b, files[i]);
		assert_int_equal(wm_buf_append(&all, b.data, b.len), 0);
		wm_buf_free(&b);
	}
	feed(&ref, &gr, false, all.data, all.len, 0);
	assert_true(gr.n >= 4);
	assert_true(ref.stats.suppressed > 0);
	for (cut = 0; cut <= all.len; cut++) {
		feed(&skim, &gs, true, all.data, all.len, cut);
		assert_int_equal(gs.n, gr.n);
		assert_memory_equal(gs.ts, gr.ts, sizeof(gs.ts));
		assert_memory_equal(gs.order, gr.order, sizeof(gs.order));
		assert_int_equal(skim.stats.lines, ref.stats.lines);
		assert_int_equal(skim.stats.suppressed, ref.stats.suppressed);
		assert_int_equal(skim.stats.suppressed_pending,
				 ref.stats.suppressed_pending);
		assert_int_equal(skim.stats.atomic, ref.stats.atomic);
	}
	wm_buf_free(&all);
}

/*
 * Every line start L of the chunk p..p+len (0 and each byte after a line
 * end), through one cursor from L on in order, skipping some when step >
 * 1: the list answers as wm_logscan_skim() from L, or (only past a full
 * list) says it cannot. How many answers it gave.
 */
static size_t check_list(const struct wm_skim_list *l, const char *p,
			 size_t len, unsigned step)
{
	struct wm_skim_cursor cur = { .l = l, .base = 1000 };
	uint64_t nl = 0, want, got;
	size_t at, answered = 0;
	const char *w, *g;
	unsigned k = 0;

	for (at = 0; at <= len; at++) {
		if (at > 0 && p[at - 1] != '\n' && p[at - 1] != '\0')
			continue;
		if (at > 0)
			nl++;
		if (k++ % step)
			continue;
		want = got = 1000 + nl;
		w = wm_logscan_skim(p + at, len - at, &want);
		g = wm_skim_list_skim(&cur, p + at, &got);

		if (!g) {
			assert_true(l->full);
			assert_true(l->n == 0 || at > l->hit[l->n - 1].at);
			assert_int_equal(got, 1000 + nl);
			continue;
		}
		assert_ptr_equal(g, w);
		assert_int_equal(got, want);
		answered++;
	}
	return answered;
}

/*
 * buf cut into chunks of size bytes (the first of first bytes), each
 * listed and checked; how many lines were listed in all.
 */
static size_t check_chunks(const char *buf, size_t len, size_t first,
			   size_t size)
{
	static struct wm_skim_list l;
	size_t at, n, hits = 0;

	for (at = 0; at < len; at += n) {
		n = at == 0 ? first : size;
		if (n > len - at)
			n = len - at;
		wm_skim_list_build(&l, buf + at, n);
		assert_false(l.full);
		check_list(&l, buf + at, n, 1);
		check_list(&l, buf + at, n, 3);
		hits += l.n;
	}
	return hits;
}

static void load_samples(struct wm_buf *all)
{
	static const char *const files[] = {
		"samples/allocfail/00-seed-linux-mm-2026-slub-and-page-"
		"GFP_ATOMIC-suppressed.log",
		"samples/allocfail/02-2.6.38-ubuntu-zfs325-slub-gfp0x20.log",
		"samples/allocfail/06-4.9.24-coreos-journal-GFP_ATOMIC-"
		"0x2084120.log",
		"samples/allocfail/11-5.7.0-bcachefs-order7-GFP_KERNEL_COMP.log",
		"samples/allocfail/16-6.19.11-cachyos-dmesgT-header-GFP_NOFS.log",
		"samples/showmem/01-4.x-syslog-rsyslog-escaped-showmem.log",
		"samples/showmem/02-2.6.15-rc2-numa-sysrq-m.log",
		"samples/lab-6.1/6.1.192-debian-qemu-256M-atomic-burst.dmesg",
	};
	struct wm_buf b = { 0 };
	size_t i;

	for (i = 0; i < WM_ARRAY_SIZE(files); i++) {
		wm_test_load(&b, files[i]);
		assert_int_equal(wm_buf_append(all, b.data, b.len), 0);
		wm_buf_free(&b);
	}
}

/*
 * The samples (page, SLUB and show_mem reports, a journal, syslog,
 * dmesg -T, suppressed counts) in chunks of sizes from a few bytes (every
 * trigger cut) to the whole, the first chunk of every size up to those.
 */
static void test_list_samples(void **state)
{
	static const size_t sizes[] = { 7, 40, 97, 256, 1000, 4096, 65536 };
	struct wm_buf all = { 0 };
	size_t i, first, whole;

	(void)state;
	load_samples(&all);
	whole = check_chunks(all.data, all.len, all.len, all.len);
	/* the lines with a trigger in the eight samples (grep -c -E) */
	assert_int_equal(whole, 19);
	for (i = 0; i < WM_ARRAY_SIZE(sizes); i++)
		for (first = 1; first <= sizes[i]; first += 1 + first / 8)
			check_chunks(all.data, all.len, first, sizes[i]);
	wm_buf_free(&all);
}

/* Random bytes, or pieces of triggers and line ends, of every length. */
static void test_list_random(void **state)
{
	static const char *const bits[] = {
		"l", "u", ";", "\n", "\0", "x", "allocation failure",
		"Linux version ", " callbacks suppressed", "vmalloc error: ",
		"SLUB: Unable to allocate memory on ", "allocation fail",
	};
	static struct wm_skim_list l;
	char buf[600];
	unsigned seed = 7, round;
	const char *bit;
	size_t len, i, k;

	(void)state;
	for (round = 0; round < 20000; round++) {
		len = (size_t)rand_r(&seed) % 500;
		for (i = 0; i < len; i += k) {
			bit = bits[(unsigned)rand_r(&seed) % WM_ARRAY_SIZE(bits)];
			k = *bit ? strlen(bit) : 1;
			if (round % 2) {	/* plain random bytes */
				buf[i] = (char)rand_r(&seed);
				k = 1;
			} else {
				memcpy(buf + i, bit, k);
			}
		}
		wm_skim_list_build(&l, buf, i);
		check_list(&l, buf, i, 1);
		check_list(&l, buf, i, 2);
	}
}

/*
 * More trigger lines than the list holds (raw records, a ';' each): the
 * lines up to the last listed answer as the skim does, after it the list
 * says it cannot.
 */
static void test_list_full(void **state)
{
	static struct wm_skim_list l;
	size_t n = WM_SKIM_LIST_MAX + 400, len = 0, i;
	char *buf = malloc(n * 24 + 64);

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < n; i++)	/* every fifth line without a trigger */
		len += (size_t)sprintf(buf + len, i % 5 ? "6,%zu,0,-;m\n" :
				       "plain %zu\n", i);
	memcpy(buf + len, "cut ;", 5);
	len += 5;
	wm_skim_list_build(&l, buf, len);
	assert_true(l.full);
	assert_int_equal(l.n, WM_SKIM_LIST_MAX);
	/* line 0 is plain: the hits are lines 1-4, 6-9, ..., the last 1279 */
	assert_int_equal(l.hit[0].nl, 1);
	assert_int_equal(l.hit[l.n - 1].nl, WM_SKIM_LIST_MAX * 5 / 4 - 1);
	/* line starts 0 .. 1279 answered, 1280 .. n not */
	assert_int_equal(check_list(&l, buf, len, 1), WM_SKIM_LIST_MAX * 5 / 4);
	free(buf);
}

/*
 * The assembler fed chunks with their lists (wm_report_push_listed())
 * sees the reports, counts and lines it sees without them, for chunks
 * of many sizes: lines and triggers cut between chunks, a chunk inside
 * one line.
 */
static void feed_listed(struct wm_report_asm *a, struct got *g,
			const char *p, size_t len, size_t first, size_t size)
{
	struct wm_report_opts o = { .skim = true, .emit = emit, .arg = g };
	static struct wm_skim_list l;
	size_t at, n;

	memset(g, 0, sizeof(*g));
	wm_report_init(a, &o);
	for (at = 0; at < len; at += n) {
		n = at == 0 ? first : size;
		if (n > len - at)
			n = len - at;
		wm_skim_list_build(&l, p + at, n);
		wm_report_push_listed(a, p + at, n, &l);
	}
	wm_report_end(a);
}

static void test_list_assembler(void **state)
{
	static const size_t sizes[] = { 50, 97, 333, 4096, 1 << 20 };
	static struct wm_report_asm ref, lst;
	static struct got gr, gl;
	struct wm_buf all = { 0 };
	size_t i, first;

	(void)state;
	load_samples(&all);
	feed(&ref, &gr, true, all.data, all.len, 0);
	assert_int_equal(gr.n, 13);
	assert_int_equal(ref.stats.lines, 747); /* wc -l */
	for (i = 0; i < WM_ARRAY_SIZE(sizes); i++) {
		for (first = 1; first <= sizes[i] && first <= all.len;
		     first += 1 + first / 4) {
			feed_listed(&lst, &gl, all.data, all.len, first,
				    sizes[i]);
			assert_int_equal(gl.n, gr.n);
			assert_memory_equal(gl.ts, gr.ts, sizeof(gl.ts));
			assert_memory_equal(gl.order, gr.order,
					    sizeof(gl.order));
			assert_memory_equal(&lst.stats, &ref.stats,
					    sizeof(lst.stats));
		}
	}
	wm_buf_free(&all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_assembler_cuts),
		cmocka_unit_test(test_list_samples),
		cmocka_unit_test(test_list_random),
		cmocka_unit_test(test_list_full),
		cmocka_unit_test(test_list_assembler),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
