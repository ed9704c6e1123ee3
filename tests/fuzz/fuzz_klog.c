// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lib/klog.h on arbitrary bytes: one raw /dev/kmsg record as read(2)
 * returns it (wm_kmsg_parse_record), each of its lines as a text line of
 * any log form (wm_klog_parse_line) and through the line classifiers
 * (show_mem zone, SLUB node, "callbacks suppressed", CPU:, release), and
 * the \xHH unescaping. Invariants:
 * - documented results only; every span points inside the input (and,
 *   for a line, inside its first WM_KLOG_LINE_MAX bytes);
 * - every number reported (seq, prio, times, kB values, counts) is in
 *   the text as digits;
 * - a record's text line gives the same fields as the record;
 * - escaping bytes the way the kernel does and unescaping them gives the
 *   bytes back; unescaping never grows a string and always terminates it.
 */
#include "fuzz.h"
#include "klog.h"

static void check_inside(struct wm_span s, const char *p, size_t len,
			 const char *what)
{
	if (s.len == 0)
		return;
	FUZZ_CHECK(s.p >= p && s.p + s.len <= p + len,
		   "%s span outside its line", what);
}

static void check_record(const char *buf, size_t len,
			 const struct fuzz_numbers *nums)
{
	struct wm_klog_line l, t;
	const char *nl = memchr(buf, '\n', len);
	size_t line_len = nl ? (size_t)(nl - buf) : len;
	int rc = wm_kmsg_parse_record(buf, len, &l), rc2;

	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE,
		   "record: undocumented error %d", rc);
	if (rc)
		return;
	FUZZ_CHECK(l.form == WM_KLOG_KMSG, "record form %d", (int)l.form);
	check_inside(l.msg, buf, line_len, "record msg");
	FUZZ_CHECK(l.msg.len == 0 || !memchr(l.msg.p, '\n', l.msg.len),
		   "newline in a record's message");
	FUZZ_CHECK(l.level >= 0 && l.level <= 7 && l.facility >= 0,
		   "level %d facility %d", l.level, l.facility);
	FUZZ_CHECK(fuzz_numbers_has(nums, (uint64_t)l.facility * 8 +
					   (uint64_t)l.level) &&
			   fuzz_numbers_has(nums, l.seq) &&
			   fuzz_numbers_has(nums, l.ts_usec),
		   "record numbers not in the input");
	/* the same record as a text line: same fields (a text line loses
	 * its trailing '\r's, a record keeps them) */
	if (line_len > WM_KLOG_LINE_MAX ||
	    (line_len && buf[line_len - 1] == '\r'))
		return;
	rc2 = wm_klog_parse_line(buf, line_len, &t);
	if (rc2 == 0 && t.form == WM_KLOG_KMSG)
		FUZZ_CHECK(t.seq == l.seq && t.ts_usec == l.ts_usec &&
				   t.level == l.level &&
				   t.facility == l.facility && t.cont == l.cont &&
				   t.msg.len == l.msg.len,
			   "record and its text line disagree");
}

static void check_text_line(const char *p, size_t len,
			    const struct fuzz_numbers *nums)
{
	struct wm_klog_line l;
	size_t cut = len > WM_KLOG_LINE_MAX ? WM_KLOG_LINE_MAX : len;
	int rc = wm_klog_parse_line(p, len, &l);

	FUZZ_CHECK(rc == 0 || rc == -ERANGE, "line: undocumented error %d", rc);
	FUZZ_CHECK((unsigned)l.form <= WM_KLOG_MONO, "form %d", (int)l.form);
	check_inside(l.msg, p, cut, "msg");
	check_inside(l.wall, p, cut, "wall");
	check_inside(l.tag, p, cut, "tag");
	FUZZ_CHECK(l.level >= -1 && l.level <= 7, "level %d", l.level);
	FUZZ_CHECK(l.facility >= WM_KLOG_FAC_UNKNOWN, "facility %d",
		   l.facility);
	FUZZ_CHECK(l.form == WM_KLOG_KMSG || l.seq == WM_UNKNOWN,
		   "seq on a %d line", (int)l.form);
	FUZZ_CHECK(l.seq == WM_UNKNOWN || fuzz_numbers_has(nums, l.seq),
		   "seq %" PRIu64 " not in input", l.seq);
	FUZZ_CHECK(l.ts_usec == WM_UNKNOWN || fuzz_numbers_has(nums, l.ts_usec) ||
			   fuzz_numbers_has(nums, l.ts_usec / 1000000),
		   "time %" PRIu64 " usec not in input", l.ts_usec);
}

static void check_classifiers(struct wm_span s,
			      const struct fuzz_numbers *nums)
{
	struct wm_klog_zone z;
	struct wm_klog_slab_node n;
	struct wm_span comm, rest, rel;
	uint64_t count = 0, usec;

	if (wm_klog_zone_line(s, &z) == 0) {
		FUZZ_CHECK(z.node <= 1023 && memchr(z.zone, '\0', sizeof(z.zone)),
			   "zone line: node %u", z.node);
		FUZZ_CHECK(fuzz_numbers_has(nums, z.node) &&
				   fuzz_numbers_has(nums, z.free_kb) &&
				   fuzz_numbers_has(nums, z.min_kb) &&
				   fuzz_numbers_has(nums, z.low_kb) &&
				   fuzz_numbers_has(nums, z.high_kb) &&
				   (z.boost_kb == WM_UNKNOWN ||
				    fuzz_numbers_has(nums, z.boost_kb)),
			   "zone line: a value not in the input");
		FUZZ_CHECK(!z.below_min || z.free_kb < z.min_kb,
			   "below min with free >= min");
	}
	if (wm_klog_slab_node_line(s, &n) == 0)
		FUZZ_CHECK(fuzz_numbers_has(nums, n.slabs) &&
				   fuzz_numbers_has(nums, n.objs) &&
				   fuzz_numbers_has(nums, n.free),
			   "slab node line: a count not in the input");
	if (wm_klog_suppressed_line(s, &count) != WM_KLOG_RL_NONE)
		FUZZ_CHECK(fuzz_numbers_has(nums, count),
			   "suppressed %" PRIu64 " not in the input", count);
	if (wm_klog_cpu_line(s, &comm, &rest)) {
		check_inside(comm, s.p, s.len, "comm");
		check_inside(rest, s.p, s.len, "rest");
	}
	if (wm_klog_release(s, &rel))
		check_inside(rel, s.p, s.len, "release");
	(void)wm_klog_is_dict_line(s);
	if (wm_klog_parse_ts(s, &usec) == 0)
		FUZZ_CHECK(fuzz_numbers_has(nums, usec / 1000000),
			   "timestamp %" PRIu64 " usec not in the input", usec);
}

/* Escape like the kernel's /dev/kmsg, unescape, compare. */
static void check_unescape(const char *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char *esc = malloc(4 * len + 1), *out = malloc(4 * len + 1), small[8];
	struct wm_span in = { buf, len }, e;
	size_t i, n = 0, got;

	if (!esc || !out)
		abort();
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c < ' ' || c >= 127 || c == '\\') {
			esc[n++] = '\\';
			esc[n++] = 'x';
			esc[n++] = hex[c >> 4];
			esc[n++] = hex[c & 15];
		} else {
			esc[n++] = (char)c;
		}
	}
	e.p = esc;
	e.len = n;
	got = wm_klog_unescape(e, out, 4 * len + 1);
	FUZZ_CHECK(got == len && memcmp(out, buf, len) == 0 && out[got] == '\0',
		   "escape + unescape changed %zu bytes into %zu", len, got);
	got = wm_klog_unescape(in, out, 4 * len + 1);
	FUZZ_CHECK(got <= len && out[got] == '\0', "unescape grew %zu -> %zu",
		   len, got);
	got = wm_klog_unescape(in, small, sizeof(small));
	FUZZ_CHECK(got < sizeof(small) && small[got] == '\0',
		   "unescape overran a small buffer");
	free(esc);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_numbers nums;
	char *buf = fuzz_dup(data, size);
	size_t pos = 0;
	unsigned lines = 0;

	fuzz_numbers_scan(&nums, buf, size);
	check_record(buf, size, &nums);
	while (pos <= size && lines++ < 64) {
		const char *nl = memchr(buf + pos, '\n', size - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : size - pos;
		struct wm_span s = { buf + pos, n };

		check_text_line(buf + pos, n, &nums);
		check_classifiers(s, &nums);
		if (!nl)
			break;
		pos += n + 1;
	}
	check_unescape(buf, size);
	fuzz_numbers_free(&nums);
	free(buf);
	return 0;
}
