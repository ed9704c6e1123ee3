// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "psi.h"
#include "text.h"

enum {
	PSI_AVG10 = 1u << 0,
	PSI_AVG60 = 1u << 1,
	PSI_AVG300 = 1u << 2,
	PSI_TOTAL = 1u << 3,
	PSI_ALL = PSI_AVG10 | PSI_AVG60 | PSI_AVG300 | PSI_TOTAL,
};

static void psi_line_init(struct wm_psi_line *l)
{
	l->present = false;
	l->avg10 = l->avg60 = l->avg300 = l->total_usec = WM_UNKNOWN;
}

void wm_psi_init(struct wm_psi *psi)
{
	psi->present = false;
	psi_line_init(&psi->some);
	psi_line_init(&psi->full);
}

/* "8.31" -> 831: the kernel prints "%lu.%02lu". */
static int psi_avg(struct wm_span s, uint64_t *out)
{
	uint64_t whole;
	int n = wm_take_u64(&s, &whole);

	if (n < 0)
		return n;
	if (n == 0 || s.len != 3 || s.p[0] != '.' || s.p[1] < '0' ||
	    s.p[1] > '9' || s.p[2] < '0' || s.p[2] > '9')
		return -EINVAL;
	if (whole > (UINT64_MAX - 99) / 100)
		return -ERANGE;
	*out = whole * 100 + (uint64_t)(s.p[1] - '0') * 10 +
	       (uint64_t)(s.p[2] - '0');
	return 0;
}

/* One "key=value" field; unknown keys are left alone. */
static int psi_field(struct wm_span f, struct wm_psi_line *l, unsigned *seen)
{
	static const struct {
		const char *key;
		unsigned bit;
	} keys[] = {
		{ "avg10=", PSI_AVG10 },
		{ "avg60=", PSI_AVG60 },
		{ "avg300=", PSI_AVG300 },
		{ "total=", PSI_TOTAL },
	};
	uint64_t *dst[] = { &l->avg10, &l->avg60, &l->avg300, &l->total_usec };
	unsigned i;
	int rc;

	for (i = 0; i < WM_ARRAY_SIZE(keys); i++) {
		size_t n = strlen(keys[i].key);
		struct wm_span v;

		if (!wm_span_starts(f, keys[i].key))
			continue;
		if (*seen & keys[i].bit)
			return -EPROTO;
		*seen |= keys[i].bit;
		v.p = f.p + n;
		v.len = f.len - n;
		rc = keys[i].bit == PSI_TOTAL ? wm_parse_u64(v, dst[i]) :
						psi_avg(v, dst[i]);
		if (rc == 0 && *dst[i] == WM_UNKNOWN)
			rc = -ERANGE;
		return rc == -EINVAL ? -EPROTO : rc;
	}
	return 0;
}

static int psi_line(struct wm_span line, unsigned long lineno,
		    struct wm_psi *psi, struct wm_parse_error *err)
{
	struct wm_span s = line, kind, f;
	struct wm_psi_line *l;
	unsigned seen = 0;
	int rc;

	if (!wm_span_word(&s, &kind))
		return 0;
	if (wm_span_eq(kind, "some"))
		l = &psi->some;
	else if (wm_span_eq(kind, "full"))
		l = &psi->full;
	else
		return 0;
	if (l->present) {
		wm_parse_error_set(err, lineno, "'%s' line given twice",
				   l == &psi->some ? "some" : "full");
		return -EPROTO;
	}
	while (wm_span_word(&s, &f)) {
		rc = psi_field(f, l, &seen);
		if (rc) {
			wm_parse_error_set(err, lineno, "%s: %s field",
					   l == &psi->some ? "some" : "full",
					   rc == -ERANGE ? "too large a" :
							   "malformed");
			return rc;
		}
	}
	if (seen != PSI_ALL) {
		wm_parse_error_set(err, lineno,
				   "expected avg10= avg60= avg300= total=");
		return -EPROTO;
	}
	l->present = true;
	return 0;
}

/* Every line through psi_line(): what psi_plain() must come to. */
static int psi_walk(const char *buf, size_t len, struct wm_psi *psi,
		    struct wm_parse_error *err)
{
	struct wm_lines it;
	struct wm_span line;
	int rc;

	wm_psi_init(psi);
	wm_lines_init(&it, buf, len);
	while (wm_lines_next(&it, &line)) {
		rc = psi_line(line, it.lineno, psi, err);
		if (rc) {
			psi_line_init(&psi->some);
			psi_line_init(&psi->full);
			return rc;
		}
	}
	if (!psi->some.present) {
		wm_parse_error_set(err, it.lineno, "no 'some' line");
		psi_line_init(&psi->full);
		return -EPROTO;
	}
	psi->present = true;
	return 0;
}

/*
 * The 1 to max digits at *p as a number, *p moved past them; false for
 * none. More than max stop after max, at a digit, which is neither the
 * '.' of an average nor the ' ' or end after a total: the caller's next
 * test refuses them (then the walk judges the field, with its errors),
 * so the loop has one test a digit and no count.
 */
static inline __attribute__((always_inline)) bool
psi_digits(const char **p, const char *end, size_t max, uint64_t *v)
{
	const char *s = *p, *q = s;
	const char *lim = (size_t)(end - s) > max ? s + max : end;
	uint64_t x = 0;
	unsigned d;

	for (; q < lim && (d = (unsigned)(unsigned char)*q - '0') <= 9; q++)
		x = x * 10 + d;
	if (q == s)
		return false;
	*p = q;
	*v = x;
	return true;
}

/*
 * key and its value at the start of line, as the kernel prints them:
 * an average "%lu.%02lu" of at most three whole digits (at most 100.00:
 * LOAD_INT of a percentage), a total of at most 19 digits (no overflow,
 * never WM_UNKNOWN), then a space or the end; line moved past them. No
 * call: the walk's psi_avg() and wm_parse_u64() were most of a parse.
 * Always inline, so that the key's length is a constant.
 */
/*
 * p[0..n) == key[0..n) for 4 <= n <= 8 (p has n bytes): two loads of
 * four, overlapping, where key is a constant the compiler folds; not a
 * memcmp() call (two a field were a third of a parse).
 */
static inline __attribute__((always_inline)) bool
psi_key_is(const char *p, const char *key, size_t n)
{
	uint32_t a, b, x, y;

	memcpy(&a, p, 4);
	memcpy(&b, p + n - 4, 4);
	memcpy(&x, key, 4);
	memcpy(&y, key + n - 4, 4);
	return a == x && b == y;
}

#define psi_plain_field(line, key, avg, dst) \
	psi_plain_value(line, key, sizeof(key) - 1, avg, dst)

static inline __attribute__((always_inline)) bool
psi_plain_value(struct wm_span *line, const char *key, size_t n, bool avg,
		uint64_t *dst)
{
	const char *p, *end;
	uint64_t x;

	/* n a constant: a compare or two, no call */
	if (line->len < n || !psi_key_is(line->p, key, n))
		return false;
	wm_span_skip(line, n);
	p = line->p;
	end = p + line->len;
	if (!psi_digits(&p, end, avg ? 3 : 19, &x))
		return false;
	if (avg) {
		if (end - p < 3 || p[0] != '.' ||
		    (unsigned)(unsigned char)p[1] - '0' > 9 ||
		    (unsigned)(unsigned char)p[2] - '0' > 9)
			return false;
		x = x * 100 + (uint64_t)(p[1] - '0') * 10 +
		    (uint64_t)(p[2] - '0');
		p += 3;
	}
	if (p < end && *p != ' ')
		return false;
	*dst = x;
	wm_span_skip(line, (size_t)(p - line->p));
	return true;
}

/*
 * "some avg10=0.00 avg60=0.00 avg300=0.00 total=0" (line, without its
 * '\n') the way the kernel prints it, kind given: its four fields in
 * order after single spaces, with no splitting into words or trying of
 * each key; false for anything else, which psi_line() decides.
 */
static inline __attribute__((always_inline)) bool
psi_plain_line(struct wm_span line, const char *kind, struct wm_psi_line *l)
{
	/* "some " or "full ": five bytes, a constant (inline: both are) */
	if (line.len < 5 || !psi_key_is(line.p, kind, 5))
		return false;
	wm_span_skip(&line, 5);
	if (!psi_plain_field(&line, "avg10=", true, &l->avg10) ||
	    !psi_plain_field(&line, " avg60=", true, &l->avg60) ||
	    !psi_plain_field(&line, " avg300=", true, &l->avg300) ||
	    !psi_plain_field(&line, " total=", false, &l->total_usec) ||
	    line.len)
		return false;
	l->present = true;
	return true;
}

/*
 * The file the way every kernel prints it: a "some" line, and a "full"
 * line or not. A watch tick reads it every second, and splitting it into
 * words cost more than the rest of the parse.
 */
static bool psi_plain(const char *buf, size_t len, struct wm_psi *psi)
{
	struct wm_lines it;
	struct wm_span line;
	bool ok;

	wm_lines_init(&it, buf, len);
	ok = wm_lines_next(&it, &line) &&
	     psi_plain_line(line, "some ", &psi->some) &&
	     (!wm_lines_next(&it, &line) ||
	      psi_plain_line(line, "full ", &psi->full)) &&
	     !wm_lines_next(&it, &line);
	if (!ok) {
		wm_psi_init(psi);
		return false;
	}
	psi->present = true;
	return true;
}

int wm_psi_parse(const char *buf, size_t len, struct wm_psi *psi,
		 struct wm_parse_error *err)
{
	while (len && buf[len - 1] != '\n')
		len--;
	wm_psi_init(psi);
	if (psi_plain(buf, len, psi))
		return 0;
	return psi_walk(buf, len, psi, err);
}

int wm_psi_parse_walk(const char *buf, size_t len, struct wm_psi *psi,
		      struct wm_parse_error *err)
{
	while (len && buf[len - 1] != '\n')
		len--;
	return psi_walk(buf, len, psi, err);
}
