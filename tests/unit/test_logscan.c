// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The line scanner under the report assembler (lib/logscan.h): lines at
 * '\n' and NUL, the report texts and the first ':' of each line, checked
 * against a plain byte-by-byte reading on random buffers of every length
 * and alignment (the SSE2 and AVX2 windows and their edges, the two
 * scanner loops against each other), and the saved-log reader on a pipe,
 * on a file (read ahead, with the skim listed ahead too) and on a socket
 * that fails after some data.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unit.h"
#include "fixture.h"
#include "logscan.h"

static const char *const texts[] = {
	"page allocation failure",
	"vmalloc error: ",
	"vmalloc: allocation failure",
};

/* The plain reading: does [p, p + n) hold a report text? */
static bool naive_text(const char *p, size_t n)
{
	size_t i, t;

	for (t = 0; t < WM_ARRAY_SIZE(texts); t++)
		for (i = 0; i + strlen(texts[t]) <= n; i++)
			if (memcmp(p + i, texts[t], strlen(texts[t])) == 0)
				return true;
	return false;
}

static void same_line(const struct wm_logscan_line *a,
		      const struct wm_logscan_line *b)
{
	assert_ptr_equal(a->text.p, b->text.p);
	assert_int_equal(a->text.len, b->text.len);
	assert_int_equal(a->has_text, b->has_text);
	assert_ptr_equal(a->colon, b->colon);
}

/*
 * wm_logscan_lines() (AVX2 where the CPU has it) against
 * wm_logscan_next() (SSE2), in batches of 1 to 5 lines with a line of
 * the other between them: one scanner may go through both.
 */
static void check_batches(const char *buf, size_t len)
{
	struct wm_logscan a, b;
	struct wm_logscan_line la[5], lb;
	size_t max = 1, n, i;

	wm_logscan_init(&a, buf, len);
	wm_logscan_init(&b, buf, len);
	for (;;) {
		n = wm_logscan_lines(&a, la, max);
		for (i = 0; i < n; i++) {
			assert_true(wm_logscan_next(&b, &lb));
			same_line(&la[i], &lb);
		}
		if (n < max)
			break;
		if (!wm_logscan_next(&a, &la[0]))
			break;
		assert_true(wm_logscan_next(&b, &lb));
		same_line(&la[0], &lb);
		max = max % 5 + 1;
	}
	assert_false(wm_logscan_next(&b, &lb));
	assert_ptr_equal(a.p, b.p);
}

/* Scan buf and compare every line with the plain reading. */
static void check_scan(const char *buf, size_t len)
{
	struct wm_logscan s;
	struct wm_logscan_line l;
	size_t start = 0, i;

	wm_logscan_init(&s, buf, len);
	for (i = 0; i < len; i++) {
		if (buf[i] != '\n' && buf[i] != '\0')
			continue;
		assert_true(wm_logscan_next(&s, &l));
		assert_ptr_equal(l.text.p, buf + start);
		assert_int_equal(l.text.len, i - start);
		assert_int_equal(l.has_text,
				 naive_text(buf + start, i - start));
		assert_ptr_equal(l.colon, memchr(buf + start, ':', i - start));
		start = i + 1;
	}
	assert_false(wm_logscan_next(&s, &l));
	assert_ptr_equal(s.p, buf + start); /* the partial last line */
	assert_ptr_equal(s.end, buf + len);
	check_batches(buf, len);
}

static unsigned rnd(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

/* Random text rich in what the scanner looks for, texts cut anywhere. */
static void fill(char *p, size_t n, unsigned *seed)
{
	static const char alpha[] = "ll:\n\npvmace x";
	size_t i = 0;

	while (i < n) {
		unsigned r = rnd(seed) % 16;

		if (r < 3) {
			const char *t = texts[r];
			size_t k = strlen(t) < n - i ? strlen(t) : n - i;

			memcpy(p + i, t, k);
			i += k;
		} else if (r == 3) {
			p[i++] = '\0';
		} else {
			p[i++] = alpha[rnd(seed) % (sizeof(alpha) - 1)];
		}
	}
}

static void test_random_buffers(void **state)
{
	unsigned seed = 42, round;

	(void)state;
	for (round = 0; round < 3000; round++) {
		size_t len = rnd(&seed) % 400, off = rnd(&seed) % 16;
		/* exactly len bytes past off: ASan sees any read beyond */
		char *mem = malloc(off + len + 1);

		assert_non_null(mem);
		fill(mem + off, len, &seed);
		check_scan(mem + off, len);
		free(mem);
	}
}

/* A text whose "ll" sits on the last byte of a 64-byte window. */
static void test_window_edges(void **state)
{
	char buf[300];
	size_t at, t;

	(void)state;
	for (t = 0; t < WM_ARRAY_SIZE(texts); t++) {
		for (at = 40; at < 140; at++) {
			memset(buf, 'x', sizeof(buf));
			memcpy(buf + at, texts[t], strlen(texts[t]));
			buf[20] = '\n';
			buf[at - 1] = ':';
			buf[250] = '\n';
			check_scan(buf, sizeof(buf));
			buf[at + 3] = '\n'; /* cut: no text any more */
			check_scan(buf, sizeof(buf));
		}
	}
	memset(buf, 'l', sizeof(buf)); /* "ll" everywhere, no text */
	buf[299] = '\n';
	check_scan(buf, sizeof(buf));
	check_scan(buf, 0);
	check_scan("\n", 1);
	check_scan("no end", 6);
}

static void test_has_text(void **state)
{
	struct wm_span s;
	size_t t;

	(void)state;
	for (t = 0; t < WM_ARRAY_SIZE(texts); t++) {
		s.p = texts[t];
		s.len = strlen(texts[t]);
		assert_true(wm_logscan_has_text(s));
		s.len--; /* one byte short */
		assert_false(wm_logscan_has_text(s));
	}
	s.p = "dd: page allocation failure: order:0, mode:0xa20";
	s.len = strlen(s.p);
	assert_true(wm_logscan_has_text(s));
	s.p = "page  allocation failure; vmalloc_error: kmalloc-64";
	s.len = strlen(s.p);
	assert_false(wm_logscan_has_text(s));
}

static bool parse(const char *text, struct wm_klog_line *l)
{
	struct wm_logscan_line sl;

	sl.text.p = text;
	sl.text.len = strlen(text);
	sl.has_text = wm_logscan_has_text(sl.text);
	sl.colon = memchr(text, ':', sl.text.len);
	return wm_logscan_parse(&sl, l);
}

/* The one-pass "[%5lu.%06lu]" reader, every way it can stop. */
static void test_printk_ts(void **state)
{
	static const struct {
		const char *line;
		bool taken;
		uint64_t us;
		const char *msg;
	} cases[] = {
		{ "[ 1221.658269] x", true, 1221658269ULL, "x" },
		{ "[38535641.026406] node 0: slabs", true, 38535641026406ULL,
		  "node 0: slabs" },
		{ "[    5.051047]", true, 5051047, "" },
		{ "[123456789.000001]  x", true, 123456789000001ULL, " x" },
		{ "[0.000000]x", true, 0, "x" },
		{ "[18446744073709.551614] x", true, 18446744073709551614ULL,
		  "x" },
		/* 2^64 us and past: a time no clock has */
		{ "[18446744073709.551616] x", true, WM_UNKNOWN, "x" },
		{ "[9999999999999999999.999999] x", true, WM_UNKNOWN, "x" },
		{ "[99999999999999999999.999999] x", false, 0, NULL },
		{ "[ 12.34567] x", false, 0, NULL },
		{ "[ 12.1234567] x", false, 0, NULL },
		{ "[ 12.123456 ] x", false, 0, NULL },
		{ "[ .123456] x", false, 0, NULL },
		{ "[\t12.123456] x", false, 0, NULL },
		{ "[ 1a.123456] x", false, 0, NULL },
		{ "[ 12.12a456] x", false, 0, NULL },
		{ "[ 12,123456] x", false, 0, NULL },
		{ "[Mon Apr 20 15:08:07 2020] x", false, 0, NULL },
		{ "[", false, 0, NULL },
		/* ']' at byte 39 is found, at byte 40 it is too far */
		{ "[" "                           1234.123456] x", true,
		  1234123456ULL, "x" },
		{ "[" "                            1234.123456] x", false, 0,
		  NULL },
		/* the padding is skipped eight bytes at a time, then byte-wise */
		{ "[       7.000000] x", true, 7000000, "x" },
		{ "[        8.000000] x", true, 8000000, "x" },
		{ "[         9.000000] x", true, 9000000, "x" },
		{ "[        ", false, 0, NULL },
		{ "[       ", false, 0, NULL },
		{ "  [ 1.000000] indented", true, 1000000, "indented" },
		{ "[ 1.000000] kernel: y", true, 1000000, "y" },
		{ "[ 1.000000] host kernel: y", false, 0, NULL },
		{ "[ 1.000000] host x[1]: y", false, 0, NULL },
		/* a tag's word may hold an earlier ':'; in the first word no tag */
		{ "[ 1.000000] host a:b[1]: y", false, 0, NULL },
		{ "[ 1.000000] a:b[1]: y", true, 1000000, "a:b[1]: y" },
		{ "[ 1.000000] free:1kB min:2kB", true, 1000000,
		  "free:1kB min:2kB" },
		/* a report text changes nothing in the shape */
		{ "[ 1.000000] x: page allocation failure: order:0", true,
		  1000000, "x: page allocation failure: order:0" },
		{ "[ 1.000000] x\r", false, 0, NULL },
	};
	struct wm_klog_line l;
	size_t i;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(cases); i++) {
		const char *p = cases[i].line;
		bool taken = parse(p, &l);

		if (taken != cases[i].taken ||
		    (taken && (l.ts_usec != cases[i].us ||
			       l.msg.len != strlen(cases[i].msg) ||
			       memcmp(l.msg.p, cases[i].msg, l.msg.len))))
			fail_msg("'%s': %d %llu '%.*s'", p, taken,
				 (unsigned long long)l.ts_usec, (int)l.msg.len,
				 l.msg.p);
	}
}

static unsigned next_rand(unsigned *seed, unsigned n)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) % n;
}

/* Pieces lines are made of: prefixes, near-misses of them, words. */
static const char *const pieces[] = {
	"[", "]", " ", "  ", "\t", "\r", ".", ":", ": ", "1", "42", "000000",
	"123456", "1234567", "38535641", "99999999999999999999", "kernel: ",
	"kernel:", "host ", "x[12]: ", "a:b[1]: ", "]: ", "Jun", "Jun 13 ",
	"04:36:30 ", "Nov", "Node ", "<4>", "4,", ",", "-", "2020-04-20T",
	"15:08:07,123456+0200 ", "Mon Apr 20 15:08:07 2020", "x", "dd",
	"page allocation failure", "vmalloc error: ", "ll",
};

/*
 * Whatever wm_logscan_parse() takes, wm_klog_parse_line() reads the same,
 * field by field, on random lines of every shape and near-miss.
 */
static void test_parse_agrees(void **state)
{
	unsigned seed = 7, round, taken = 0;
	char buf[256];

	(void)state;
	for (round = 0; round < 200000; round++) {
		struct wm_klog_line a, b;
		size_t len = 0, k;

		for (k = 1 + next_rand(&seed, 12); k--;) {
			const char *piece = pieces[next_rand(&seed,
					WM_ARRAY_SIZE(pieces))];

			if (len + strlen(piece) >= sizeof(buf))
				break;
			memcpy(buf + len, piece, strlen(piece));
			len += strlen(piece);
		}
		buf[len] = '\0';
		if (!parse(buf, &a))
			continue;
		taken++;
		assert_int_equal(wm_klog_parse_line(buf, len, &b), 0);
		if (a.form != b.form || a.ts_usec != b.ts_usec ||
		    a.facility != b.facility || a.level != b.level ||
		    a.seq != b.seq || a.cont != b.cont ||
		    a.msg.p != b.msg.p || a.msg.len != b.msg.len ||
		    a.wall.len != b.wall.len || a.tag.len != b.tag.len ||
		    (a.tag.len && a.tag.p != b.tag.p))
			fail_msg("'%s': form %d/%d msg '%.*s'/'%.*s'", buf,
				 a.form, b.form, (int)a.msg.len, a.msg.p,
				 (int)b.msg.len, b.msg.p);
	}
	assert_true(taken > 20000);
}

static struct {
	unsigned n;
	uint64_t ts[4];
	unsigned zones[4];
} got;

static void emit(void *arg, const struct wm_report *r)
{
	(void)arg;
	if (got.n < 4) {
		got.ts[got.n] = r->ts_usec;
		got.zones[got.n] = r->nr_zones;
	}
	got.n++;
}

static void init(struct wm_report_asm *a)
{
	struct wm_report_opts o = { .emit = emit };

	memset(&got, 0, sizeof(got));
	wm_report_init(a, &o);
}

/* The lab dmesg through a pipe: chunks as the pipe gives them. */
static void test_fd_pipe(void **state)
{
	static struct wm_report_asm a;
	struct wm_buf b = { 0 };
	int fd[2];

	(void)state;
	wm_test_load(&b, "samples/lab-6.1/"
		     "6.1.192-debian-qemu-256M-atomic-burst.dmesg");
	assert_true(b.len < 60000); /* fits the pipe: no writer thread */
	assert_int_equal(pipe(fd), 0);
	assert_int_equal(write(fd[1], b.data, b.len), (ssize_t)b.len);
	close(fd[1]);
	init(&a);
	assert_int_equal(wm_logscan_fd(fd[0], &a), 0);
	close(fd[0]);
	assert_int_equal(got.n, 2);
	assert_int_equal(got.ts[0], 5051047);
	assert_int_equal(got.ts[1], 15054439);
	assert_int_equal(got.zones[0], 2);
	assert_int_equal(a.stats.lines, 598);
	wm_buf_free(&b);
}

/*
 * A regular file of more than two chunks (the lab dmesg 40 times, ~1.9
 * MiB): on a machine with two CPUs read ahead by the second thread
 * (readahead.h). The reports and counts are those of the same bytes
 * pushed in one piece.
 */
static void test_fd_file(void **state)
{
	static struct wm_report_asm a, whole;
	char path[] = "/tmp/wmtune-logscan-XXXXXX";
	struct wm_buf b = { 0 };
	unsigned i, n;
	int fd;

	(void)state;
	wm_test_load(&b, "samples/lab-6.1/"
		     "6.1.192-debian-qemu-256M-atomic-burst.dmesg");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	for (i = 0; i < 40; i++)
		assert_int_equal(write(fd, b.data, b.len), (ssize_t)b.len);
	assert_true(40 * b.len > 2 << 18);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);

	init(&whole);
	for (i = 0; i < 40; i++)
		wm_report_push_bytes(&whole, b.data, b.len);
	wm_report_end(&whole);
	n = got.n;
	assert_int_equal(n, 80);

	init(&a);
	assert_int_equal(wm_logscan_fd(fd, &a), 0);
	close(fd);
	assert_int_equal(got.n, n);
	assert_int_equal(got.ts[1], 15054439);
	assert_int_equal(a.stats.reports, whole.stats.reports);
	assert_int_equal(a.stats.atomic, whole.stats.atomic);
	assert_int_equal(a.stats.order0_atomic_failures,
			 whole.stats.order0_atomic_failures);
	assert_int_equal(a.stats.nr_zones, whole.stats.nr_zones);
	assert_int_equal(a.stats.lines, 40 * 598);
	assert_int_equal(a.stats.lines, whole.stats.lines);
	wm_buf_free(&b);
}

/*
 * The same file with a skimming assembler: on two CPUs the reader lists
 * each chunk's idle skim ahead (skimlist.h), and what the assembler
 * sees is what it sees with every line read (a pipe or one CPU: the
 * skim as before, the same). The log: the lab dmesg and a sample with
 * suppressed counts and SLUB reports, in turn, ~2.4 MiB.
 */
static void test_fd_file_skim(void **state)
{
	static struct wm_report_asm a, whole;
	static const char *const files[] = {
		"samples/lab-6.1/6.1.192-debian-qemu-256M-atomic-burst.dmesg",
		"samples/allocfail/00-seed-linux-mm-2026-slub-and-page-"
		"GFP_ATOMIC-suppressed.log",
	};
	struct wm_report_opts o = { .skim = true, .emit = emit };
	char path[] = "/tmp/wmtune-logscan-XXXXXX";
	struct wm_buf b = { 0 }, all = { 0 };
	unsigned i, n;
	int fd;

	(void)state;
	for (i = 0; i < WM_ARRAY_SIZE(files); i++) {
		wm_test_load(&b, files[i]);
		assert_int_equal(wm_buf_append(&all, b.data, b.len), 0);
		wm_buf_free(&b);
	}
	fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	for (i = 0; i < 40; i++)
		assert_int_equal(write(fd, all.data, all.len),
				 (ssize_t)all.len);
	assert_true(40 * all.len > 2 << 18);	/* read ahead */
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);

	init(&whole);	/* no skim */
	for (i = 0; i < 40; i++)
		wm_report_push_bytes(&whole, all.data, all.len);
	wm_report_end(&whole);
	n = got.n;
	assert_int_equal(whole.stats.suppressed, 40 * (6247 + 59));

	memset(&got, 0, sizeof(got));
	wm_report_init(&a, &o);
	assert_int_equal(wm_logscan_fd(fd, &a), 0);
	close(fd);
	assert_int_equal(got.n, n);
	assert_memory_equal(&a.stats, &whole.stats, sizeof(a.stats));
	wm_buf_free(&all);
}

/*
 * A read error after some data: the reports read so far are complete
 * (wm_report_end() ran) and the error comes back. A Unix socket whose
 * peer closed with unread data gives ECONNRESET once drained.
 */
static void test_fd_error(void **state)
{
	static const char log[] =
		"[    5.000000] dd: page allocation failure: order:0, "
		"mode:0xa20(GFP_ATOMIC), nodemask=(null)\n"
		"[    5.000100] Node 0 DMA32 free:528kB boost:0kB min:4708kB "
		"low:5068kB high:5428kB\n";
	static struct wm_report_asm a;
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(write(sv[1], log, sizeof(log) - 1),
			 (ssize_t)sizeof(log) - 1);
	assert_int_equal(write(sv[0], "x", 1), 1); /* unread by sv[1] */
	close(sv[1]);
	init(&a);
	assert_int_equal(wm_logscan_fd(sv[0], &a), -ECONNRESET);
	close(sv[0]);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.ts[0], 5000000);
	assert_int_equal(got.zones[0], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_buffers),
		cmocka_unit_test(test_window_edges),
		cmocka_unit_test(test_has_text),
		cmocka_unit_test(test_printk_ts),
		cmocka_unit_test(test_parse_agrees),
		cmocka_unit_test(test_fd_pipe),
		cmocka_unit_test(test_fd_file),
		cmocka_unit_test(test_fd_file_skim),
		cmocka_unit_test(test_fd_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
