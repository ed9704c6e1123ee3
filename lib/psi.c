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

/* Every line through psi_line(): what wm_psi_parse_kernel() must match. */
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

int wm_psi_parse(const char *buf, size_t len, struct wm_psi *psi,
		 struct wm_parse_error *err)
{
	while (len && buf[len - 1] != '\n')
		len--;
	if (wm_psi_parse_kernel(buf, len, psi))
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
