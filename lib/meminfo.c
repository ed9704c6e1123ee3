// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "meminfo.h"
#include "text.h"

static const char *const mi_names[] = {
#define WM_X(f, n) n,
	WM_MEMINFO_ITEMS(WM_X)
#undef WM_X
};

_Static_assert(WM_ARRAY_SIZE(mi_names) == WM_MI__COUNT, "names");
_Static_assert(sizeof(struct wm_meminfo) == WM_MI__COUNT * sizeof(uint64_t),
	       "layout");

const char *wm_meminfo_name(enum wm_meminfo_item item)
{
	return (unsigned)item < WM_MI__COUNT ? mi_names[item] : "?";
}

void wm_meminfo_init(struct wm_meminfo *mi)
{
	unsigned i;

	for (i = 0; i < WM_MI__COUNT; i++)
		mi->v[i] = WM_UNKNOWN;
}

static int mi_lookup(struct wm_span key)
{
	unsigned i;

	if (key.len < 2 || key.p[key.len - 1] != ':')
		return -1;
	key.len--;
	for (i = 0; i < WM_MI__COUNT; i++)
		if (wm_span_eq(key, mi_names[i]))
			return (int)i;
	return -1;
}

static int mi_line(struct wm_span line, unsigned long lineno,
		   struct wm_meminfo *mi, bool *seen,
		   struct wm_parse_error *err)
{
	struct wm_span s = line, key, val, unit, extra;
	uint64_t v;
	int i, rc;

	if (!wm_span_word(&s, &key))
		return 0;
	i = mi_lookup(key);
	if (i < 0)
		return 0;
	if (!wm_span_word(&s, &val) ||
	    (wm_span_word(&s, &unit) && !wm_span_eq(unit, "kB")) ||
	    wm_span_word(&s, &extra)) {
		wm_parse_error_set(err, lineno, "%s: expected 'N kB'",
				   mi_names[i]);
		return -EPROTO;
	}
	rc = wm_parse_u64(val, &v);
	if (rc == 0 && v == WM_UNKNOWN)
		rc = -ERANGE;
	if (rc) {
		wm_parse_error_set(err, lineno, "%s: %s", mi_names[i],
				   rc == -ERANGE ? "number too large" :
						   "not a number");
		return rc == -ERANGE ? -ERANGE : -EPROTO;
	}
	if (seen[i]) {
		wm_parse_error_set(err, lineno, "%s given twice", mi_names[i]);
		return -EPROTO;
	}
	seen[i] = true;
	mi->v[i] = v;
	return 0;
}

int wm_meminfo_parse(const char *buf, size_t len, struct wm_meminfo *mi,
		     struct wm_parse_error *err)
{
	bool seen[WM_MI__COUNT] = { false };
	struct wm_lines it;
	struct wm_span line;
	unsigned i;
	int rc;

	wm_meminfo_init(mi);
	while (len && buf[len - 1] != '\n')
		len--;
	wm_lines_init(&it, buf, len);
	while (wm_lines_next(&it, &line)) {
		rc = mi_line(line, it.lineno, mi, seen, err);
		if (rc) {
			wm_meminfo_init(mi);
			return rc;
		}
	}
	for (i = 0; i < WM_MI__COUNT; i++)
		if (seen[i])
			return 0;
	wm_parse_error_set(err, it.lineno, "no known field");
	return -ENODATA;
}
