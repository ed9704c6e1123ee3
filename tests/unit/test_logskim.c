// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Skimming (lib/logscan.h, wm_logscan_skim()): the line of the next
 * trigger and the line ends before it, from the AVX2 loop and the byte
 * loop, against a plain reading (each line searched with memcmp for each
 * trigger) on fixed cases (a trigger at the start and at the end, cut by
 * the end, in a 100 KB line, after NUL and CRLF, none at all) and on
 * random buffers of every length and alignment; then the assembler
 * skimming against the one reading every line, the log cut at every byte
 * into two chunks (a trigger straddling them).
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "logscan.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_assembler_cuts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
