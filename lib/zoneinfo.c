// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/zoneinfo parser (spec §5.1). One pass over the buffer, no
 * allocation. Every version from 2.6.15 to 6.18 has the same skeleton:
 *
 *   Node N, zone NAME          starts a zone
 *     per-node stats ...       node counters (4.8+): skipped until "pages free"
 *     pages free N
 *     key N                    boost/min/low/high/promo/spanned/present/...
 *     protection: (a, b, ...)  before or after the zone counters
 *     pagesets ...             per-cpu lists: skipped until the next zone
 *
 * The pageset lines reuse the word "high" ("high:  384"); they always carry
 * a colon and always come after "pagesets", so neither can be taken for the
 * zone's high watermark.
 *
 * This file decides which lines to read; lib/zoneline.c says what each one
 * means. A watch tick parses the file every second, and most of it (the
 * counters, the pagesets) is nothing to the parser: those lines are passed
 * over 64 bytes at a time or by memchr(), never one at a time; and a
 * zone's own lines after "pages free" are read by wm_zi_fast_run(), a
 * line at a time, while they are in the kernel's exact form.
 */
#include <stddef.h>
#include <string.h>

#include "zoneline.h"

/*
 * The per-node stats are skipped with AVX2 where the CPU has it: not in
 * baseline x86-64, so compiled for one function and chosen at run time
 * (as lib/logscan.c does). -DWM_ZI_NO_AVX2: the memchr() skip only, for
 * its tests on a machine with AVX2.
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(WM_ZI_NO_AVX2)
#define ZI_AVX2 1
#include <immintrin.h>
#endif

static const char *const zone_names[WM_ZONE__COUNT] = {
#define ZI_X(t, name) [(t)] = (name),
	ZI_ZONE_NAMES(ZI_X)
#undef ZI_X
};

int wm_zone_type_from_name(const char *name, size_t len)
{
	struct wm_span s = { name, len };
	unsigned i;

	/* one pass per name, no strlen(): five zone headers a parse */
	for (i = 0; i < WM_ZONE__COUNT; i++)
		if (wm_span_eq(s, zone_names[i]))
			return (int)i;
	return -1;
}

const char *wm_zone_type_name(enum wm_zone_type t)
{
	if ((unsigned)t >= WM_ZONE__COUNT)
		return "?";
	return zone_names[t];
}

bool wm_zone_is_highmem(const struct wm_zone *z)
{
	return z->type == WM_ZONE_HIGHMEM;
}

uint64_t wm_zone_managed(const struct wm_zone *z)
{
	return z->managed != WM_UNKNOWN ? z->managed : z->present;
}

/* The sections in which a line may mean something, by its first byte. */
#define ZI_IN(sec) (1u << (sec))
static const unsigned char zi_wants[256] = {
	/* and "pages free", which ends the per-node stats */
#define ZI_X(c) [c] = ZI_IN(WM_ZI_ZONE) | \
		((c) == 'p' ? ZI_IN(WM_ZI_NODE_STATS) : 0),
	ZI_KEY_CHARS(ZI_X)
#undef ZI_X
	['N'] = ZI_IN(WM_ZI_ZONE) | ZI_IN(WM_ZI_NODE_STATS) |
		ZI_IN(WM_ZI_PAGESETS),	/* "Node " */
};

/*
 * Could a line whose first byte past its blanks is c mean anything in
 * section sec? Every line this refuses, wm_zi_line() would find to be
 * nothing: a counter or a per-cpu line. A blank line's first such byte
 * is its '\n', which is nothing anywhere. A table, not a switch per
 * section: this is asked of every line head the scan comes to.
 */
static inline bool zi_wanted(enum wm_zi_section sec, unsigned char c)
{
	if (sec == WM_ZI_BEFORE)
		return c != '\n';	/* a header, or the error */
	return (zi_wants[c] >> sec) & 1;
}

/* The line from at, up to its '\n' (nl: the newlines of the 64 at base). */
static struct wm_span zi_rest_of_line(const char *buf, size_t len,
				      size_t base, uint64_t nl, size_t at)
{
	const char *end;

	nl &= ~0ULL << (at - base);
	if (nl)
		end = buf + base + (size_t)__builtin_ctzll(nl);
	else if (!(end = memchr(buf + base + 64, '\n', len - base - 64)))
		end = buf + len;	/* not reached: buf ends with '\n' */
	return (struct wm_span){ buf + at, (size_t)(end - (buf + at)) };
}

/*
 * The start of the first line at or after pos (a line start) that, past
 * its leading blanks, begins with lit; len if none. memchr() for
 * lit[anchor], its rarest byte in the blocks searched ('N' of "Node " is
 * in no line of them but the headers; 'f' of "pages free" is in a third
 * as many places of the per-node stats as 'p'). A line found may still
 * be nothing (wm_zi_line() decides: "Node " alone is no header); every line
 * it skips is nothing.
 */
static inline size_t zi_find_line(const char *buf, size_t pos, size_t len,
				  const char *lit, size_t anchor)
{
	size_t n = strlen(lit), from = pos + anchor, h, s;
	const char *hit;

	while (from < len) {
		hit = memchr(buf + from, lit[anchor], len - from);
		if (!hit)
			break;
		h = (size_t)(hit - buf) - anchor;
		from = h + anchor + 1;
		/*
		 * Inside a word first (most hits: the 'p's of "nr_anon_pages"
		 * and the like), which costs a byte, not a memcmp().
		 */
		if (h > pos && !wm_is_blank(buf[h - 1]) && buf[h - 1] != '\n')
			continue;
		if (len - h < n || memcmp(buf + h, lit, n) != 0)
			continue;
		for (s = h; s > pos && wm_is_blank(buf[s - 1]); s--)
			;
		if (s == pos || buf[s - 1] == '\n')
			return s;
	}
	return len;
}

#ifdef ZI_AVX2
#define AVX2 __attribute__((target("avx2")))

/*
 * Does the line through h (pos <= h, pos a line start) begin, past its
 * blanks, with lit[0..n) at h? Its start, or len + 1 if not.
 */
static inline size_t zi_head_at(const char *buf, size_t pos, size_t len,
				size_t h, const char *lit, size_t n)
{
	size_t s;

	/*
	 * Inside a word first (most hits: the 'p's of "nr_anon_pages"
	 * and the like), which costs a byte, not a memcmp().
	 */
	if (h > pos && !wm_is_blank(buf[h - 1]) && buf[h - 1] != '\n')
		return len + 1;
	if (len - h < n || memcmp(buf + h, lit, n) != 0)
		return len + 1;
	for (s = h; s > pos && wm_is_blank(buf[s - 1]); s--)
		;
	return s == pos || buf[s - 1] == '\n' ? s : len + 1;
}

/* The 'N's and 'f's of the 64 bytes at p, as bits. */
static inline AVX2 uint64_t zi_nf_mask64(const char *p)
{
	const __m256i n = _mm256_set1_epi8('N'), f = _mm256_set1_epi8('f');
	const __m256i *q = (const __m256i *)(const void *)p;
	__m256i a = _mm256_loadu_si256(q), b = _mm256_loadu_si256(q + 1);
	uint64_t lo, hi;

	lo = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
		_mm256_cmpeq_epi8(a, n), _mm256_cmpeq_epi8(a, f)));
	hi = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
		_mm256_cmpeq_epi8(b, n), _mm256_cmpeq_epi8(b, f)));
	return lo | hi << 32;
}

/*
 * zi_skip_stats() with AVX2: the 'N's and 'f's 64 bytes at a time, each
 * tried as zi_find_line() tries its hits. memchr() for the 'f' stopped at
 * each of a dozen "file"s ("nr_active_file" and the like): a call each,
 * a tenth of a parse.
 */
static AVX2 size_t zi_skip_stats_avx2(const char *buf, size_t pos,
				      size_t len)
{
	char last[64];
	size_t base, i, s;

	for (base = pos; base < len; base += 64) {
		const char *c = buf + base;
		uint64_t m;

		if (len - base < 64) {
			/* 0s after the end: neither 'N' nor 'f' */
			memset(last, 0, sizeof(last));
			memcpy(last, c, len - base);
			c = last;
		}
		for (m = zi_nf_mask64(c); m; m &= m - 1) {
			i = base + (size_t)__builtin_ctzll(m);
			if (buf[i] == 'N')
				s = zi_head_at(buf, pos, len, i, "Node ", 5);
			else if (i >= pos + 6 && buf[i - 1] == ' ')
				s = zi_head_at(buf, pos, len, i - 6,
					       "pages free", 10);
			else
				continue;	/* no "pages free" there */
			if (s <= len)
				return s;
		}
	}
	return len;
}
#endif

/*
 * In the per-node stats: the start of the first line that begins with
 * "pages free" or "Node ", as zi_find_line() finds them.
 */
static size_t zi_skip_stats(const char *buf, size_t pos, size_t len)
{
#ifdef ZI_AVX2
	if (__builtin_cpu_supports("avx2"))
		return zi_skip_stats_avx2(buf, pos, len);
#endif
	/*
	 * "pages free" first: the stats end a few hundred bytes on, the
	 * next header is a whole zone further
	 */
	len = zi_find_line(buf, pos, len, "pages free", 6);
	return zi_find_line(buf, pos, len, "Node ", 0);
}

/*
 * In the pagesets or the per-node stats, only a zone header (or "pages
 * free") means anything: the start of the next such line from pos (a
 * line start), found by memchr() rather than line by line. These blocks
 * are two thirds of the file and grow with the number of CPUs.
 */
size_t wm_zi_skip(const struct wm_zi_parser *p, const char *buf, size_t pos,
		  size_t len)
{
	if (p->sec == WM_ZI_NODE_STATS)
		return zi_skip_stats(buf, pos, len);
	return zi_find_line(buf, pos, len, "Node ", 0);
}

static bool zi_skipping(const struct wm_zi_parser *p)
{
	return p->sec == WM_ZI_PAGESETS || p->sec == WM_ZI_NODE_STATS;
}

/*
 * The lines from the line start base on: wm_zi_line() gets those that may
 * mean something (zi_wanted()), each from its first byte past the
 * indentation, which is the same line to it. Those bytes are found 64 at
 * a time: with B the blanks and S the line starts as bits, B + S carries
 * each start through the blanks after it onto that byte, so (B + S) & ~B
 * marks them all, the carry out of bit 63 going on into the next 64.
 * The zone's counters are refused on that one byte: a line at a time,
 * with memchr() for its end, they were a third of a watch tick's user
 * time. Returns 0 and *next: the end of the buffer, or the start of the
 * line after one that began a block wm_zi_skip() is for, or after the
 * "pages free" whose zone wm_zi_fast_run() reads on.
 */
static int zi_scan(struct wm_zi_parser *p, const char *buf, size_t base,
		   size_t len, size_t *next)
{
	uint64_t start = 1, carry = 0;
	char last[64];

	for (; base < len; base += 64) {
		const char *c = buf + base;
		uint64_t nl, bl, heads, sum, valid = ~0ULL;
		bool over;

		if (len - base < 64) {
			memset(last, 0, sizeof(last));
			memcpy(last, c, len - base);
			c = last;
			valid = (1ULL << (len - base)) - 1;
		}
		wm_line_mask64(c, &nl, &bl);
		/* two adds with carry out: a 128-bit sum cost twice that */
		over = __builtin_add_overflow(bl, (nl << 1) | start, &sum);
		over |= __builtin_add_overflow(sum, carry, &sum);
		heads = sum & ~bl & valid;
		carry = over;
		start = nl >> 63;
		for (; heads; heads &= heads - 1) {
			size_t at = base + (size_t)__builtin_ctzll(heads);
			struct wm_span line;
			int rc;

			if (!zi_wanted(p->sec, (unsigned char)buf[at]))
				continue;
			line = zi_rest_of_line(buf, len, base, nl, at);
			if (!wm_zi_fast_line(p, line.p, line.len)) {
				rc = wm_zi_line(p, line, line.p);
				if (rc)
					return rc;
			}
			if (zi_skipping(p) || p->run) {
				*next = (size_t)(line.p - buf) + line.len + 1;
				return 0;
			}
		}
	}
	*next = len;
	return 0;
}

/* Each line that may mean something to wm_zi_line(), in turn. */
static int zi_lines(struct wm_zi_parser *p, const char *buf, size_t len)
{
	size_t pos = 0;
	int rc;

	p->run = true;	/* from the first header on, if it is plain */
	while (pos < len) {
		if (p->run)
			pos = wm_zi_fast_run(p, buf, pos, len);
		/* the run may stop in a block, at its first line or past it */
		if (zi_skipping(p))
			pos = wm_zi_skip(p, buf, pos, len);
		rc = zi_scan(p, buf, pos, len, &pos);
		if (rc)
			return rc;
	}
	return 0;
}

/* Every line to wm_zi_line() in turn: what zi_scan() must come to. */
static int zi_walk(struct wm_zi_parser *p, const char *buf, size_t len)
{
	struct wm_lines it;
	struct wm_span line;
	int rc;

	wm_lines_init(&it, buf, len);
	while (wm_lines_next(&it, &line)) {
		rc = wm_zi_line(p, line, line.p);
		if (rc)
			return rc;
	}
	return 0;
}

static int zi_parse(const char *buf, size_t len, struct wm_zoneinfo *zi,
		    struct wm_parse_error *err, bool scan)
{
	struct wm_zi_parser p;
	int rc;

	wm_zi_init(&p, zi, buf, err);
	/* a last line without '\n' may have been cut short: ignore it */
	while (len && buf[len - 1] != '\n')
		len--;
	rc = scan ? zi_lines(&p, buf, len) : zi_walk(&p, buf, len);
	return rc ? rc : wm_zi_end(&p, len);
}

int wm_zoneinfo_parse(const char *buf, size_t len, struct wm_zoneinfo *zi,
		      struct wm_parse_error *err)
{
	int rc = zi_parse(buf, len, zi, err, true);

	/* no half-parsed zone may be mistaken for data */
	if (rc)
		zi->nr_zones = zi->nr_nodes = 0;
	return rc;
}

int wm_zoneinfo_parse_walk(const char *buf, size_t len,
			   struct wm_zoneinfo *zi, struct wm_parse_error *err)
{
	int rc = zi_parse(buf, len, zi, err, false);

	if (rc)
		zi->nr_zones = zi->nr_nodes = 0;
	return rc;
}
