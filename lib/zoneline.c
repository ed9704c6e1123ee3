// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What one line of /proc/zoneinfo means in the section the parser is in
 * (spec §5.1): a zone header, a key and its number, the protection
 * array, the start of a block. Which lines get here is lib/zoneinfo.c's
 * business; every line it does not hand over must be nothing here.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "zoneline.h"

struct zone_key {
	const char *name;
	size_t off;	/* of the field in struct wm_zone */
};

static const struct zone_key zone_keys[ZI_KEY__COUNT] = {
#define ZI_X(n) [ZI_KEY_##n] = { #n, offsetof(struct wm_zone, n) },
	ZI_KEYS(ZI_X)
#undef ZI_X
};

/* Which of the keys a word is: each compared with its length known. */
static int zi_key(struct wm_span w)
{
#define ZI_X(n)                                                        \
	if (w.len == sizeof(#n) - 1 && memcmp(w.p, #n, sizeof(#n) - 1) == 0) \
		return ZI_KEY_##n;
	ZI_KEYS(ZI_X)
#undef ZI_X
	return -1;
}

/*
 * A node lists each zone type at most once (a repeat is an error), so the
 * zone count per node is bounded by the zone types and zones[] cannot
 * overflow.
 */
_Static_assert(WM_ZONE__COUNT <= WM_MAX_ZONES_PER_NODE, "zone bound");
_Static_assert(WM_ZONE__COUNT <= 8, "types mask");

/* Copy at most 32 bytes of untrusted text for a message, made printable. */
static const char *printable(struct wm_span s, char *dst, size_t size)
{
	size_t i;

	wm_span_copy(dst, size, s);
	for (i = 0; dst[i]; i++)
		if (dst[i] < ' ' || dst[i] > '~')
			dst[i] = '?';
	return dst;
}

/*
 * The 1-based number of the line that starts at at. Counted only for an
 * error: a parse that succeeds never needs one, and counting the lines
 * of the blocks wm_zi_skip() jumps over cost a tenth of a parse.
 */
static unsigned long zi_lineno(const struct wm_zi_parser *p, const char *at)
{
	struct wm_span before = { p->buf, (size_t)(at - p->buf) };

	return (unsigned long)wm_span_count(before, '\n') + 1;
}

/* A number from the file: -ERANGE past 2^64 - 2 (UINT64_MAX means unknown). */
static int zi_number(struct wm_zi_parser *p, const char *at,
		     struct wm_span s, const char *what, uint64_t *out)
{
	int rc = wm_parse_u64(s, out);

	if (rc == 0 && *out == WM_UNKNOWN)
		rc = -ERANGE;
	if (rc == -ERANGE) {
		wm_parse_error_set(p->err, zi_lineno(p, at),
				   "%s: number too large", what);
		return -ERANGE;
	}
	if (rc) {
		wm_parse_error_set(p->err, zi_lineno(p, at),
				   "%s: not a number", what);
		return -EPROTO;
	}
	return 0;
}

/* The zone that just ended must have had its three watermarks. */
static int zi_finish_zone(struct wm_zi_parser *p)
{
	if (wm_zi_zone_complete(p))
		return 0;
	wm_parse_error_set(p->err, zi_lineno(p, p->zone_at),
			   "zone %u %s has no %s watermark", p->z->node,
			   p->z->name,
			   !(p->seen & ZK_MIN) ? "min" :
			   !(p->seen & ZK_LOW) ? "low" : "high");
	return -EPROTO;
}

/* The names again, each in 8 bytes (0s after it): copied as one word. */
static const char zone_name8[WM_ZONE__COUNT][8] = {
#define ZI_X(t, name) [(t)] = (name),
	ZI_ZONE_NAMES(ZI_X)
#undef ZI_X
};

/* A zone before its lines: every number unknown. */
static const struct wm_zone zi_blank_zone = {
	.free = WM_UNKNOWN, .boost = WM_UNKNOWN, .min = WM_UNKNOWN,
	.low = WM_UNKNOWN, .high = WM_UNKNOWN, .promo = WM_UNKNOWN,
	.spanned = WM_UNKNOWN, .present = WM_UNKNOWN, .managed = WM_UNKNOWN,
	.cma = WM_UNKNOWN,
};

void wm_zi_zone_start(struct wm_zi_parser *p, unsigned node,
		      enum wm_zone_type type, const char *at)
{
	struct wm_zone *z = &p->zi->zones[p->zi->nr_zones++];

	/* a copy, padding and all: no memset() and ten stores */
	memcpy(z, &zi_blank_zone, sizeof(*z));
	z->node = node;
	z->type = type;
	memcpy(z->name, zone_name8[type], sizeof(zone_name8[type]));
	p->types[node] |= (unsigned char)(1u << type);
	if (node + 1 > p->zi->nr_nodes)
		p->zi->nr_nodes = node + 1;
	p->z = z;
	p->zone_at = at;
	p->seen = 0;
	p->sec = WM_ZI_ZONE;
}

/* "Node 0, zone      DMA" */
static int zi_header(struct wm_zi_parser *p, struct wm_span line,
		     const char *at)
{
	struct wm_span s = line, w[4], extra;
	char shown[40];
	uint64_t node;
	unsigned i;
	int type, rc;

	for (i = 0; i < 4; i++)
		if (!wm_span_word(&s, &w[i]))
			goto bad;
	if (wm_span_word(&s, &extra) || !wm_span_eq(w[0], "Node") ||
	    !wm_span_eq(w[2], "zone") || w[1].len < 2 ||
	    w[1].p[w[1].len - 1] != ',')
		goto bad;
	w[1].len--;
	rc = zi_number(p, at, w[1], "node id", &node);
	if (rc)
		return rc;
	if (node >= WM_MAX_NODES) {
		wm_parse_error_set(p->err, zi_lineno(p, at),
				   "node %llu: more than %u nodes",
				   (unsigned long long)node, WM_MAX_NODES);
		return -E2BIG;
	}
	type = wm_zone_type_from_name(w[3].p, w[3].len);
	if (type < 0) {
		wm_parse_error_set(p->err, zi_lineno(p, at),
				   "unknown zone name '%s'",
				   printable(w[3], shown, 33));
		return -EPROTO;
	}
	if (p->types[node] & (1u << type)) {
		wm_parse_error_set(p->err, zi_lineno(p, at),
				   "zone %u %s listed twice",
				   (unsigned)node, wm_zone_type_name(type));
		return -EPROTO;
	}
	wm_zi_zone_start(p, (unsigned)node, (enum wm_zone_type)type, at);
	return 0;

bad:
	wm_parse_error_set(p->err, zi_lineno(p, at),
			   "expected 'Node N, zone NAME', got '%s'",
			   printable(line, shown, 33));
	return -EPROTO;
}

/*
 * A number the way every kernel prints it: blanks, at most 19 digits (no
 * overflow, and never WM_UNKNOWN), blanks, up to end or a comma (the
 * items of the protection array): where it stops, and *v; NULL for
 * anything else, which zi_number() judges, with its errors. One pass.
 */
static const char *zi_plain_item(const char *p, const char *end, uint64_t *v)
{
	const char *d;
	uint64_t x = 0;
	unsigned digit;

	while (p < end && wm_is_blank(*p))
		p++;
	for (d = p; p < end && p - d < 19 &&
		    (digit = (unsigned)(unsigned char)*p - '0') <= 9; p++)
		x = x * 10 + digit;
	if (p == d)
		return NULL;
	while (p < end && wm_is_blank(*p))
		p++;
	if (p < end && *p != ',')
		return NULL;
	*v = x;
	return p;
}

/* A key line's value: zi_plain_item() to the end, no comma (v may be set). */
static bool zi_plain_number(struct wm_span s, uint64_t *v)
{
	return zi_plain_item(s.p, s.p + s.len, v) == s.p + s.len;
}

/* "(0, 3018, 5962, 5962, 5962)" */
static int zi_protection(struct wm_zi_parser *p, struct wm_span s,
			 const char *at)
{
	struct wm_zone *z = p->z;
	const char *end;
	int rc;

	s = wm_span_trim(s);
	if (s.len < 2 || s.p[0] != '(' || s.p[s.len - 1] != ')') {
		wm_parse_error_set(p->err, zi_lineno(p, at),
				   "protection: expected '(a, b, ...)'");
		return -EPROTO;
	}
	s.p++;
	s.len -= 2;
	if (wm_span_trim(s).len == 0)
		return 0;
	end = s.p + s.len;
	for (;;) {
		const char *stop;
		struct wm_span item;

		if (z->nr_protection >= WM_MAX_PROTECTION) {
			wm_parse_error_set(p->err, zi_lineno(p, at),
					   "protection: more than %u entries",
					   WM_MAX_PROTECTION);
			return -E2BIG;
		}
		stop = zi_plain_item(s.p, end, &z->protection[z->nr_protection]);
		if (!stop) {
			/* not plain: up to its comma, for zi_number() to judge */
			stop = memchr(s.p, ',', (size_t)(end - s.p));
			if (!stop)
				stop = end;
			item.p = s.p;
			item.len = (size_t)(stop - s.p);
			rc = zi_number(p, at, wm_span_trim(item), "protection",
				       &z->protection[z->nr_protection]);
			if (rc)
				return rc;
		}
		z->nr_protection++;
		if (stop == end)
			return 0;
		s.p = stop + 1;
	}
}

static int zi_mark_seen(struct wm_zi_parser *p, unsigned bit, const char *what,
			const char *at)
{
	if (p->seen & bit) {
		wm_parse_error_set(p->err, zi_lineno(p, at),
				   "%s given twice in zone", what);
		return -EPROTO;
	}
	p->seen |= bit;
	return 0;
}

/* Is s exactly one word, blanks around it aside? */
static bool zi_one_word(struct wm_span s, struct wm_span *w)
{
	size_t i = wm_nonblank_find(s.p, s.len), j;

	if (i == s.len)
		return false;
	j = i + wm_blank_find(s.p + i, s.len - i);
	w->p = s.p + i;
	w->len = j - i;
	return j + wm_nonblank_find(s.p + j, s.len - j) == s.len;
}

/* A line of exactly one number after its key: the number or an error. */
static int zi_value(struct wm_zi_parser *p, unsigned bit, const char *what,
		    struct wm_span s, const char *at, uint64_t *out)
{
	struct wm_span val;
	uint64_t v;
	int rc;

	if (zi_plain_number(s, &v)) {
		rc = zi_mark_seen(p, bit, what, at);
		if (rc == 0)
			*out = v;
		return rc;
	}
	if (!zi_one_word(s, &val)) {
		wm_parse_error_set(p->err, zi_lineno(p, at),
				   "%s: expected one number", what);
		return -EPROTO;
	}
	rc = zi_mark_seen(p, bit, what, at);
	return rc ? rc : zi_number(p, at, val, what, out);
}

/* One of zone_keys: "min 10". */
static int zi_key_line(struct wm_zi_parser *p, enum zi_key k, struct wm_span s,
		       const char *at)
{
	return zi_value(p, 1u << k, zone_keys[k].name, s, at,
			(uint64_t *)((char *)p->z + zone_keys[k].off));
}

/* A line inside a zone, before its pagesets; starts with a non-blank. */
static int zi_zone_line(struct wm_zi_parser *p, struct wm_span line,
			const char *at)
{
	struct wm_span s = line, key;
	int k, rc;

	if (!wm_zi_key_char(line.p[0]))
		return 0;
	key.p = line.p;
	key.len = wm_blank_find(line.p, line.len);
	wm_span_skip(&s, key.len);
	k = zi_key(key);
	if (k >= 0)
		return zi_key_line(p, (enum zi_key)k, s, at);
	if (wm_span_eq(key, "pagesets")) {
		p->sec = WM_ZI_PAGESETS;
		return 0;
	}
	if (wm_span_eq(key, "protection:")) {
		rc = zi_mark_seen(p, ZK_PROTECTION, "protection", at);
		return rc ? rc : zi_protection(p, s, at);
	}
	if (wm_span_eq(key, "pages")) {
		if (!wm_span_word(&s, &key) || !wm_span_eq(key, "free"))
			return 0;
		return zi_value(p, ZK_FREE, "pages free", s, at, &p->z->free);
	}
	return 0; /* a counter or a line of a newer kernel */
}

int wm_zi_line(struct wm_zi_parser *p, struct wm_span line, const char *at)
{
	struct wm_span t = line;
	char shown[40];

	/* leading blanks: the indentation of nearly every line */
	wm_span_skip(&t, wm_nonblank_find(t.p, t.len));
	if (t.len == 0)
		return 0;	/* a blank line: nothing in any section */
	/* trimmed first: "Node " with nothing after it is no header */
	if (t.p[0] == 'N' && wm_span_starts(wm_span_trim(t), "Node ")) {
		int rc = zi_finish_zone(p);

		return rc ? rc : zi_header(p, wm_span_trim(t), at);
	}
	switch (p->sec) {
	case WM_ZI_BEFORE:
		wm_parse_error_set(p->err, zi_lineno(p, at),
				   "expected 'Node N, zone NAME', got '%s'",
				   printable(wm_span_trim(t), shown, 33));
		return -EPROTO;
	case WM_ZI_NODE_STATS:
		/* node counters: nothing here belongs to the zone */
		if (t.p[0] != 'p' || !wm_span_starts(t, "pages free"))
			return 0;
		p->sec = WM_ZI_ZONE;
		return zi_zone_line(p, t, at);
	case WM_ZI_ZONE:
		if (t.p[0] == 'p' && wm_span_eq(wm_span_trim(t),
						"per-node stats")) {
			if (p->seen) {
				wm_parse_error_set(p->err, zi_lineno(p, at),
						   "per-node stats in a zone");
				return -EPROTO;
			}
			p->sec = WM_ZI_NODE_STATS;
			return 0;
		}
		return zi_zone_line(p, t, at);
	case WM_ZI_PAGESETS:
		return 0;
	}
	return 0;
}

void wm_zi_init(struct wm_zi_parser *p, struct wm_zoneinfo *zi,
		const char *buf, struct wm_parse_error *err)
{
	memset(p, 0, sizeof(*p));
	p->zi = zi;
	p->err = err;
	p->buf = buf;
	p->sec = WM_ZI_BEFORE;
	zi->nr_zones = 0;
	zi->nr_nodes = 0;
}

int wm_zi_end(struct wm_zi_parser *p, size_t len)
{
	int rc = zi_finish_zone(p);

	if (rc)
		return rc;
	if (p->zi->nr_zones == 0) {
		/* the number of the last line, as a walk would end */
		wm_parse_error_set(p->err, zi_lineno(p, p->buf + len) - 1,
				   "no zone found");
		return -ENODATA;
	}
	return 0;
}
