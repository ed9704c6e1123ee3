// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel-log line prefixes and /dev/kmsg records. Each recogniser is
 * strict about its own shape and falls back to "no prefix", so a line
 * that only looks a little like a prefix is never half-stripped.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "klog.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
	return c && strchr("0123456789abcdefABCDEF", c);
}

/* A tiny scanner over a span: each take_* consumes or leaves s alone. */
static bool take_char(struct wm_span *s, char c)
{
	if (s->len == 0 || s->p[0] != c)
		return false;
	wm_span_skip(s, 1);
	return true;
}

static size_t take_blanks(struct wm_span *s)
{
	size_t n = 0;

	while (n < s->len && (s->p[n] == ' ' || s->p[n] == '\t'))
		n++;
	wm_span_skip(s, n);
	return n;
}

/* Exactly min..max digits. */
static bool take_digits(struct wm_span *s, size_t min, size_t max)
{
	size_t n = 0;

	while (n < s->len && n <= max && is_digit(s->p[n]))
		n++;
	if (n < min || n > max)
		return false;
	wm_span_skip(s, n);
	return true;
}

/* n letters */
static bool take_alpha(struct wm_span *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (i >= s->len || !((s->p[i] | 0x20) >= 'a' &&
				     (s->p[i] | 0x20) <= 'z'))
			return false;
	wm_span_skip(s, n);
	return true;
}

/* "HH:MM:SS" */
static bool take_clock(struct wm_span *s)
{
	struct wm_span t = *s;

	if (!take_digits(&t, 2, 2) || !take_char(&t, ':') ||
	    !take_digits(&t, 2, 2) || !take_char(&t, ':') ||
	    !take_digits(&t, 2, 2))
		return false;
	*s = t;
	return true;
}

static bool take_month(struct wm_span *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	size_t i;

	for (i = 0; s->len >= 3 && i < sizeof(months) - 1; i += 3)
		if (memcmp(s->p, months + i, 3) == 0)
			return take_alpha(s, 3);
	return false;
}

int wm_klog_parse_ts(struct wm_span s, uint64_t *usec)
{
	uint64_t secs, frac = 0;
	size_t digits = 0;
	int rc;

	s = wm_span_trim(s);
	rc = wm_take_u64(&s, &secs);
	if (rc < 0)
		return rc;
	if (rc == 0 || !take_char(&s, '.') || s.len == 0)
		return -EINVAL;
	while (s.len && is_digit(s.p[0])) {
		if (digits < 6)
			frac = frac * 10 + (uint64_t)(s.p[0] - '0');
		digits++;
		wm_span_skip(&s, 1);
	}
	if (digits == 0 || s.len != 0)
		return -EINVAL;
	for (; digits < 6; digits++)
		frac *= 10;
	if (secs > (UINT64_MAX - frac) / 1000000)
		return -ERANGE;
	*usec = secs * 1000000 + frac;
	return 0;
}

bool wm_klog_is_dict_line(struct wm_span s)
{
	size_t i = 1;

	if (s.len < 3 || s.p[0] != ' ' || !(s.p[1] >= 'A' && s.p[1] <= 'Z'))
		return false;
	while (i < s.len && ((s.p[i] >= 'A' && s.p[i] <= 'Z') ||
			     is_digit(s.p[i]) || s.p[i] == '_'))
		i++;
	return i < s.len && s.p[i] == '=';
}

size_t wm_klog_unescape(struct wm_span in, char *out, size_t size)
{
	size_t i = 0, n = 0;
	uint64_t v;

	if (size == 0)
		return 0;
	while (i < in.len && n + 1 < size) {
		struct wm_span hex = { in.p + i + 2, 2 };

		if (in.p[i] == '\\' && i + 3 < in.len && in.p[i + 1] == 'x' &&
		    is_hex(hex.p[0]) && is_hex(hex.p[1]) &&
		    wm_parse_hex(hex, &v) == 0) {
			out[n++] = (char)v;
			i += 4;
			continue;
		}
		out[n++] = in.p[i++];
	}
	out[n] = '\0';
	return n;
}

static void line_init(struct wm_klog_line *out, const char *p, size_t len)
{
	memset(out, 0, sizeof(*out));
	out->form = WM_KLOG_PLAIN;
	out->msg.p = p;
	out->msg.len = len;
	out->ts_usec = WM_UNKNOWN;
	out->seq = WM_UNKNOWN;
	out->facility = WM_KLOG_FAC_UNKNOWN;
	out->level = -1;
}

/* One comma field of a record header that must be a decimal number. */
static int take_field(struct wm_span *hdr, uint64_t *v)
{
	int rc = wm_take_u64(hdr, v);

	if (rc < 0)
		return rc;
	if (rc == 0 || !take_char(hdr, ','))
		return -EINVAL;
	return 0;
}

int wm_kmsg_parse_record(const char *buf, size_t len,
			 struct wm_klog_line *out)
{
	const char *nl = memchr(buf, '\n', len);
	size_t line_len = nl ? (size_t)(nl - buf) : len;
	const char *semi = memchr(buf, ';', line_len);
	struct wm_span hdr;
	uint64_t prio, seq, ts;
	int rc;

	line_init(out, buf, line_len);
	if (!semi)
		return -EINVAL;
	hdr.p = buf;
	hdr.len = (size_t)(semi - buf);
	if ((rc = take_field(&hdr, &prio)) || (rc = take_field(&hdr, &seq)))
		return rc;
	rc = wm_take_u64(&hdr, &ts);
	if (rc < 0)
		return rc;
	if (rc == 0 || (hdr.len && hdr.p[0] != ','))
		return -EINVAL;
	if (prio > INT_MAX)
		return -ERANGE;
	/* flags and any later fields: only 'c' means something to us */
	out->cont = hdr.len >= 2 && hdr.p[1] == 'c';
	out->form = WM_KLOG_KMSG;
	out->facility = (int)(prio >> 3);
	out->level = (int)(prio & 7);
	out->seq = seq;
	out->ts_usec = ts;
	out->msg.p = semi + 1;
	out->msg.len = line_len - (size_t)(semi + 1 - buf);
	return 0;
}

/* "12,345,678," then anything up to ';': the shape of a raw record. */
static bool looks_like_record(struct wm_span s)
{
	if (!take_digits(&s, 1, 40) || !take_char(&s, ',') ||
	    !take_digits(&s, 1, 40) || !take_char(&s, ',') ||
	    !take_digits(&s, 1, 40))
		return false;
	if (s.len && s.p[0] == ';')
		return true;
	return take_char(&s, ',') && memchr(s.p, ';', s.len) != NULL;
}

/* "name[1234]:" */
static bool is_user_tag(struct wm_span w)
{
	struct wm_span t;
	long lb = wm_span_find(w, "[");

	if (lb <= 0 || w.len < 4 || w.p[w.len - 1] != ':' ||
	    w.p[w.len - 2] != ']')
		return false;
	t.p = w.p + lb + 1;
	t.len = w.len - (size_t)lb - 3;
	return take_digits(&t, 1, 10) && t.len == 0;
}

/*
 * After a time stamp: "kernel: ", "host kernel: " or "host name[pid]: "
 * make it a journal line with a known tag; anything else is the message.
 */
static void take_journal_tag(struct wm_klog_line *out, struct wm_span *rest,
			     bool need_host)
{
	struct wm_span s = *rest, w1, w2;

	if (!need_host && wm_span_starts(s, "kernel: ")) {
		out->tag.p = s.p;
		out->tag.len = 6;
		out->facility = WM_KLOG_FAC_KERN;
		wm_span_skip(rest, 8);
		return;
	}
	if (!wm_span_word(&s, &w1) || !wm_span_word(&s, &w2) ||
	    memchr(w1.p, ':', w1.len) || s.len == 0 || s.p[0] != ' ')
		return;
	if (wm_span_eq(w2, "kernel:"))
		out->facility = WM_KLOG_FAC_KERN;
	else if (is_user_tag(w2))
		out->facility = WM_KLOG_FAC_USER;
	else
		return;
	out->tag.p = w2.p;
	out->tag.len = w2.len - 1;
	*rest = s;
	wm_span_skip(rest, 1);
}

/* "[...]" at the start of s (a short one): *in is what is inside. */
static bool take_bracket(struct wm_span *s, struct wm_span *in)
{
	const char *rb = memchr(s->p, ']', s->len < 40 ? s->len : 40);

	if (!rb || s->len == 0 || s->p[0] != '[')
		return false;
	in->p = s->p + 1;
	in->len = (size_t)(rb - in->p);
	wm_span_skip(s, in->len + 2);
	return true;
}

/* An optional "[ 123.456] " inside a syslog message: its printk time. */
static void take_inner_ts(struct wm_klog_line *out, struct wm_span *rest)
{
	struct wm_span s = *rest, in;
	uint64_t us;

	if (!take_bracket(&s, &in) || wm_klog_parse_ts(in, &us) != 0)
		return;
	out->ts_usec = us;
	take_char(&s, ' ');
	*rest = s;
}

/* "Apr 01 16:27:01 host tag: " (journalctl short, rsyslog) */
static bool parse_syslog(struct wm_klog_line *out, struct wm_span s)
{
	struct wm_span t = s, host, tag;
	size_t wall_len;

	if (!take_month(&t) || !take_char(&t, ' '))
		return false;
	take_char(&t, ' ');
	if (!take_digits(&t, 1, 2) || !take_char(&t, ' ') || !take_clock(&t))
		return false;
	wall_len = (size_t)(t.p - s.p);
	if (!take_char(&t, ' ') || !wm_span_word(&t, &host) ||
	    !wm_span_word(&t, &tag) || tag.len < 2 ||
	    tag.p[tag.len - 1] != ':')
		return false;
	out->wall.p = s.p;
	out->wall.len = wall_len;
	out->form = WM_KLOG_SYSLOG;
	out->tag.p = tag.p;
	out->tag.len = tag.len - 1;
	out->facility = wm_span_eq(tag, "kernel:") ? WM_KLOG_FAC_KERN :
						     WM_KLOG_FAC_USER;
	take_char(&t, ' ');
	take_inner_ts(out, &t);
	out->msg = t;
	return true;
}

/* "2020-04-20T15:08:07,123456+0200 " (dmesg --time-format iso) */
static bool parse_iso(struct wm_klog_line *out, struct wm_span s)
{
	struct wm_span t = s, word;

	if (!take_digits(&t, 4, 4) || !take_char(&t, '-') ||
	    !take_digits(&t, 2, 2) || !take_char(&t, '-') ||
	    !take_digits(&t, 2, 2) || !take_char(&t, 'T') || !take_clock(&t))
		return false;
	t = s;
	if (!wm_span_word(&t, &word))
		return false;
	out->form = WM_KLOG_ISO;
	out->wall = word;
	take_char(&t, ' ');
	take_journal_tag(out, &t, true);
	if (out->facility != WM_KLOG_FAC_UNKNOWN)
		out->form = WM_KLOG_SYSLOG;
	out->msg = t;
	return true;
}

/* "Mon Apr 20 15:08:07 2020" between the brackets of dmesg -T. */
static bool is_ctime(struct wm_span s)
{
	if (!take_alpha(&s, 3) || !take_char(&s, ' ') || !take_alpha(&s, 3) ||
	    !take_blanks(&s) || !take_digits(&s, 1, 2) ||
	    !take_char(&s, ' ') || !take_clock(&s) || !take_char(&s, ' ') ||
	    !take_digits(&s, 4, 4))
		return false;
	return s.len == 0;
}

/* "[...] " at the start of s: printk time or dmesg -T time. */
static bool parse_bracket(struct wm_klog_line *out, struct wm_span s)
{
	struct wm_span in;
	uint64_t us;
	int rc;

	if (!take_bracket(&s, &in))
		return false;
	rc = wm_klog_parse_ts(in, &us);
	if (rc == 0 || rc == -ERANGE) {
		/* a time past 2^64 us is not a time: keep it unknown */
		out->ts_usec = rc == 0 ? us : WM_UNKNOWN;
		out->form = WM_KLOG_PRINTK;
		take_char(&s, ' ');
		take_journal_tag(out, &s, false);
		if (out->facility != WM_KLOG_FAC_UNKNOWN)
			out->form = WM_KLOG_MONO;
	} else if (is_ctime(in)) {
		out->form = WM_KLOG_CTIME;
		out->wall = in;
		take_char(&s, ' ');
	} else {
		return false;
	}
	out->msg = s;
	return true;
}

/* "<4>" then maybe a printk time. */
static bool parse_level(struct wm_klog_line *out, struct wm_span s)
{
	struct wm_span t = s;
	uint64_t prio;
	int rc;

	if (!take_char(&t, '<'))
		return false;
	rc = wm_take_u64(&t, &prio);
	if (rc <= 0 || rc > 4 || !take_char(&t, '>') || prio > 1023)
		return false;
	if (t.len && t.p[0] == '[' && parse_bracket(out, t)) {
		out->form = WM_KLOG_LEVEL;
	} else {
		out->msg = t;
		out->form = WM_KLOG_LEVEL;
	}
	out->facility = (int)(prio >> 3);
	out->level = (int)(prio & 7);
	return true;
}

int wm_klog_parse_line(const char *p, size_t len, struct wm_klog_line *out)
{
	struct wm_span s;

	if (len > WM_KLOG_LINE_MAX)
		len = WM_KLOG_LINE_MAX;
	while (len && p[len - 1] == '\r')
		len--;
	line_init(out, p, len);
	s.p = p;
	s.len = len;
	take_blanks(&s); /* pasted logs are often indented */
	if (s.len == 0)
		return 0;
	if (is_digit(s.p[0])) {
		if (looks_like_record(s)) {
			int rc = wm_kmsg_parse_record(s.p, s.len, out);

			if (rc)
				line_init(out, p, len);
			return rc == -ERANGE ? rc : 0;
		}
		parse_iso(out, s);
		return 0;
	}
	if (s.p[0] == '<') {
		parse_level(out, s);
		return 0;
	}
	if (s.p[0] == '[') {
		parse_bracket(out, s);
		return 0;
	}
	parse_syslog(out, s);
	return 0;
}
