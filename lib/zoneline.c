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

/*
 * The single-number zone lines we keep, X(name), in the order of their
 * bits in zi_parser.seen; anything else is skipped.
 */
#define ZI_KEYS(X) X(boost) X(min) X(low) X(high) X(promo) X(spanned) \
	X(present) X(managed) X(cma)

enum zi_key {
#define ZI_X(n) ZI_KEY_##n,
	ZI_KEYS(ZI_X)
#undef ZI_X
	ZI_KEY__COUNT
};

struct zone_key {
	const char *name;
	size_t off;	/* of the field in struct wm_zone */
};

static const struct zone_key zone_keys[ZI_KEY__COUNT] = {
#define ZI_X(n) [ZI_KEY_##n] = { #n, offsetof(struct wm_zone, n) },
	ZI_KEYS(ZI_X)
#undef ZI_X
};

enum {
	ZK_MIN = 1u << ZI_KEY_min,
	ZK_LOW = 1u << ZI_KEY_low,
	ZK_HIGH = 1u << ZI_KEY_high,
	ZK_FREE = 1u << ZI_KEY__COUNT,
	ZK_PROTECTION = 1u << (ZI_KEY__COUNT + 1),
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
 * of the blocks zi_skip() jumps over cost a tenth of a parse.
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
	static const unsigned need = ZK_MIN | ZK_LOW | ZK_HIGH;

	if (!p->z || (p->seen & need) == need)
		return 0;
	wm_parse_error_set(p->err, zi_lineno(p, p->zone_at),
			   "zone %u %s has no %s watermark", p->z->node,
			   p->z->name,
			   !(p->seen & ZK_MIN) ? "min" :
			   !(p->seen & ZK_LOW) ? "low" : "high");
	return -EPROTO;
}

static void zi_zone_init(struct wm_zone *z, unsigned node,
			 enum wm_zone_type type)
{
	const char *name = wm_zone_type_name(type);

	memset(z, 0, sizeof(*z));
	z->node = node;
	z->type = type;
	/* every name is shorter than z->name, which is zeroed */
	memcpy(z->name, name, strlen(name));
	z->free = z->boost = z->min = z->low = z->high = WM_UNKNOWN;
	z->promo = z->spanned = z->present = z->managed = WM_UNKNOWN;
	z->cma = WM_UNKNOWN;
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
	p->types[node] |= (unsigned char)(1u << type);
	p->z = &p->zi->zones[p->zi->nr_zones++];
	zi_zone_init(p->z, (unsigned)node, (enum wm_zone_type)type);
	if (node + 1 > p->zi->nr_nodes)
		p->zi->nr_nodes = (unsigned)node + 1;
	p->zone_at = at;
	p->seen = 0;
	p->sec = WM_ZI_ZONE;
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

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* A key's bytes as the little-endian word its line starts with. */
#define ZI_BYTE(lit, i) \
	(sizeof(lit) > (i) + 1 ? (uint64_t)(unsigned char)(lit)[i] << (8 * (i)) : 0)
#define ZI_WORD(lit)                                                     \
	(ZI_BYTE(lit, 0) | ZI_BYTE(lit, 1) | ZI_BYTE(lit, 2) |           \
	 ZI_BYTE(lit, 3) | ZI_BYTE(lit, 4) | ZI_BYTE(lit, 5) | ZI_BYTE(lit, 6))
#define ZI_X(n) _Static_assert(sizeof(#n) - 1 < 8, "key " #n " fits a word");
ZI_KEYS(ZI_X)
#undef ZI_X

#define ZI_ONES 0x0101010101010101ULL
#define ZI_HIGH (0x80 * ZI_ONES)

/* Bit 7 of each byte of w that is a space (exactly: no carry crosses). */
static inline uint64_t zi_spaces8(uint64_t w)
{
	uint64_t x = w ^ (' ' * ZI_ONES);

	return ~(((x & ~ZI_HIGH) + ~ZI_HIGH) | x) & ZI_HIGH;
}

/* Bit 7 of each byte of w that is a digit, exactly. */
static inline uint64_t zi_digits8(uint64_t w)
{
	uint64_t ge0 = (w | ZI_HIGH) - '0' * ZI_ONES;	/* low 7 bits >= '0' */
	uint64_t gt9 = (w & ~ZI_HIGH) + 0x46 * ZI_ONES;	/* low 7 bits > '9' */

	return ge0 & ~gt9 & ~w & ZI_HIGH;
}

/* Bit 7 of bytes lo..hi-1 (0 <= lo <= hi <= 8). */
static inline uint64_t zi_bytes8(size_t lo, size_t hi)
{
	uint64_t below_hi = hi == 8 ? ~0ULL : (1ULL << (8 * hi)) - 1;

	return below_hi & ~((1ULL << (8 * lo)) - 1) & ZI_HIGH;
}

/*
 * The number that ends the line t[0..n) (n >= 8), after its key's k
 * bytes: spaces from t[k], then 1 to 7 digits to the end, read from the
 * eight bytes at t + k and the last eight with no byte loop (so the
 * spaces may be 16 at most). False for anything else.
 */
static bool zi_plain_value(const char *t, size_t n, size_t k, uint64_t *v)
{
	size_t lo = n - 8, nd, i, from;
	uint64_t last, head, nondigit, x, want;

	memcpy(&last, t + lo, 8);
	nondigit = ~zi_digits8(last) & ZI_HIGH;
	if (!nondigit)
		return false;	/* eight digits or more */
	nd = (size_t)__builtin_clzll(nondigit) / 8;
	i = n - nd;
	if (nd == 0 || i <= k)
		return false;
	/* t[k..i) all spaces: from t + k up to lo, the rest in last */
	from = k;
	if (k < lo) {
		if (k + 8 < lo)
			return false;
		memcpy(&head, t + k, 8);
		want = zi_bytes8(0, lo - k);
		if ((zi_spaces8(head) & want) != want)
			return false;
		from = lo;
	}
	want = zi_bytes8(from - lo, i - lo);
	if ((zi_spaces8(last) & want) != want)
		return false;
	/* the digits' values, the first one's in the lowest byte kept */
	x = last & (0x0f * ZI_ONES) & ~((1ULL << (8 * (8 - nd))) - 1);
	x = x * 10 + (x >> 8);
	x = ((x & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32)) +
	     ((x >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32))) >> 32;
	*v = x;
	return true;
}

/*
 * A key line of a zone the way every kernel prints it, "min      10"
 * or "pages free     3840": a key of ZI_KEYS (or "pages free") and a
 * space in its first eight bytes, up to 16 spaces, 1 to 7 digits to the
 * end, the key seen for the first time. Taken here as
 * zi_key_line() would take it, from two loads and no byte loop, since
 * these are most of the lines a parse keeps; false, with nothing
 * changed, for anything else (another line, a tab, trailing blanks, a
 * longer number, a key given twice), which wm_zi_line() decides.
 */
bool wm_zi_plain_key_line(struct wm_zi_parser *p, const char *t, size_t n)
{
	uint64_t w, key, sp, *dst;
	unsigned bit;
	size_t k;

	if (n < 8)
		return false;
	memcpy(&w, t, 8);
	sp = zi_spaces8(w);
	if (!sp)
		return false;
	k = (size_t)__builtin_ctzll(sp) / 8;
	key = w & ((1ULL << (8 * k)) - 1);	/* k < 8 */
#define ZI_X(n)                                                \
	if (key == ZI_WORD(#n) && k == sizeof(#n) - 1) {       \
		bit = 1u << ZI_KEY_##n;                        \
		dst = &p->z->n;                                \
	} else
	ZI_KEYS(ZI_X)
#undef ZI_X
	if (key == ZI_WORD("pages") && k == 5 && n > 11 &&
	    memcmp(t + 5, " free", 5) == 0 && t[10] == ' ') {
		bit = ZK_FREE;
		dst = &p->z->free;
		k = 10;
	} else {
		return false;
	}
	if ((p->seen & bit) || !zi_plain_value(t, n, k, dst))
		return false;
	p->seen |= bit;
	return true;
}
#else
bool wm_zi_plain_key_line(struct wm_zi_parser *p, const char *t, size_t n)
{
	(void)p, (void)t, (void)n;
	return false;	/* wm_zi_line() takes every line */
}
#endif

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
