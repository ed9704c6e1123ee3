// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where a zoneinfo or vmstat read ends (seqend.h says why each rule
 * holds). Every check is strict: a layout it does not know costs the
 * read at the end offset, never a record.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "seqend.h"
#include "text.h"

/* The digits at p as a number, held below 10^5: past any mask anyway. */
static const char *node_number(const char *p, const char *end, unsigned *n)
{
	const char *d = p;

	*n = 0;
	for (; p < end && *p >= '0' && *p <= '9'; p++)
		if (*n < 10000)
			*n = *n * 10 + (unsigned)(*p - '0');
	return p == d ? NULL : p;
}

int wm_node_list_parse(const char *buf, size_t len, uint64_t *mask)
{
	const char *p = buf, *end = buf + len;
	uint64_t m = 0;
	unsigned lo, hi;

	*mask = 0;
	if (len && end[-1] == '\n')
		end--;
	if (p == end)
		return -EPROTO;
	for (;;) {
		p = node_number(p, end, &lo);
		if (!p)
			return -EPROTO;
		hi = lo;
		if (p < end && *p == '-') {
			p = node_number(p + 1, end, &hi);
			if (!p || hi < lo)
				return -EPROTO;
		}
		if (hi > 63)
			return -E2BIG;
		/* lo..hi: the bits below hi + 1 less the bits below lo */
		m |= (hi == 63 ? ~0ULL : (1ULL << (hi + 1)) - 1) &
		     ~((1ULL << lo) - 1);
		if (p == end)
			break;
		if (*p != ',')
			return -EPROTO;
		p++;
	}
	*mask = m;
	return 0;
}

/*
 * The header a one-node zoneinfo starts with, as a word and the mask of
 * its bytes in one (built from byte arrays: either byte order), so that
 * a tick compares a word where header_node() parsed a number.
 */
static void first_header(struct wm_seq_end *e, unsigned node)
{
	char lit[16], ones[8] = { 0 };
	int n = snprintf(lit, sizeof(lit), "Node %u,", node);

	if (n < 0 || n > 8)
		return;
	memset(lit + n, 0, sizeof(lit) - (size_t)n);
	memset(ones, 0xff, (size_t)n);
	memcpy(&e->first_word, lit, 8);
	memcpy(&e->first_mask, ones, 8);
}

void wm_seq_end_nodes(struct wm_seq_end *e, uint64_t mask)
{
	memset(e, 0, sizeof(*e));
	e->kind = mask ? WM_SEQ_END_NODES : WM_SEQ_END_UNKNOWN;
	e->nodes = mask;
	if (mask && !(mask & (mask - 1)))
		first_header(e, (unsigned)__builtin_ctzll(mask));
}

void wm_seq_end_last_word(struct wm_seq_end *e)
{
	memset(e, 0, sizeof(*e));
	e->kind = WM_SEQ_END_LAST_WORD;
}

/*
 * The node of the zone header "Node 1, zone   Normal" at p, as the
 * kernel prints it ("%d,": no leading zero); false for anything else.
 */
static bool header_node(const char *p, const char *end, unsigned *n)
{
	static const char lit[] = "Node ";
	const char *d = p + sizeof(lit) - 1, *q;

	if ((size_t)(end - p) < sizeof(lit) - 1 ||
	    memcmp(p, lit, sizeof(lit) - 1) != 0)
		return false;
	q = node_number(d, end, n);
	return q && q < end && *q == ',' && !(*d == '0' && q - d > 1);
}

/*
 * The nodes of the zone headers at the start of a line; false for a
 * header past node 63 (no mask holds it).
 */
static bool header_nodes(const char *buf, size_t len, uint64_t *seen)
{
	const char *p = buf, *end = buf + len, *hit;
	unsigned n;

	*seen = 0;
	while ((hit = memchr(p, 'N', (size_t)(end - p)))) {
		p = hit + 1;
		if ((hit > buf && hit[-1] != '\n') || !header_node(hit, end, &n))
			continue;	/* no header: the parser will say */
		if (n > 63)
			return false;
		*seen |= 1ULL << n;
	}
	return true;
}

/*
 * A system of one possible node: its record is the only one, and a read
 * that has the record's first line has all of it (it ends on a record
 * boundary), so the first line is all there is to look at: no scan of
 * the buffer for the others.
 */
static bool first_node_is(const char *buf, size_t len, uint64_t node_bit)
{
	unsigned n;

	return header_node(buf, buf + len, &n) && n < 64 &&
	       1ULL << n == node_bit;
}

/* The last line of buf[0..len) (which ends in '\n'), its '\n' cut. */
static struct wm_span last_line(const char *buf, size_t len)
{
	const char *nl = len > 1 ? memrchr(buf, '\n', len - 1) : NULL;
	size_t s = nl ? (size_t)(nl - buf) + 1 : 0;

	return (struct wm_span){ buf + s, len - 1 - s };
}

static inline __attribute__((always_inline)) bool
seq_end_reached(const struct wm_seq_end *e, const char *buf, size_t len)
{
	struct wm_span line;
	uint64_t seen;

	if (len == 0 || buf[len - 1] != '\n')
		return false;	/* a record ends with its newline */
	switch (e->kind) {
	case WM_SEQ_END_NODES:
		/*
		 * header_node() takes "Node n," for node n and nothing else
		 * (no leading zero, no sign), so with a word of buffer this
		 * is one compare; a shorter buffer takes the parse.
		 */
		if (e->first_mask && len >= 8) {
			uint64_t w;

			memcpy(&w, buf, 8);
			return ((w ^ e->first_word) & e->first_mask) == 0;
		}
		if (!(e->nodes & (e->nodes - 1)))
			return first_node_is(buf, len, e->nodes);
		return header_nodes(buf, len, &seen) &&
		       (seen & e->nodes) == e->nodes;
	case WM_SEQ_END_LAST_WORD:
		if (e->word_len == 0)
			return false;
		line = last_line(buf, len);
		return line.len > e->word_len && line.p[e->word_len] == ' ' &&
		       memcmp(line.p, e->word, e->word_len) == 0;
	case WM_SEQ_END_UNKNOWN:
		break;
	}
	return false;
}

bool wm_seq_end_reached(const struct wm_seq_end *e, const char *buf,
			size_t len)
{
	return seq_end_reached(e, buf, len);
}

bool wm_seq_end_whole(const char *buf, size_t len, const void *e)
{
	return seq_end_reached(e, buf, len);
}

void wm_seq_end_learn(struct wm_seq_end *e, const char *buf, size_t len)
{
	struct wm_span line;
	const char *sp;

	if (e->kind != WM_SEQ_END_LAST_WORD)
		return;
	e->word_len = 0;
	if (len == 0 || buf[len - 1] != '\n')
		return;
	line = last_line(buf, len);
	sp = memchr(line.p, ' ', line.len);
	if (!sp || sp == line.p || (size_t)(sp - line.p) >= sizeof(e->word))
		return;	/* a layout this does not know: no end learned */
	e->word_len = (size_t)(sp - line.p);
	memcpy(e->word, line.p, e->word_len);
}
