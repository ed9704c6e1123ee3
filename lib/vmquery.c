// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_vmstat_parse_only() and wm_vmstat_parse_query(): a few wanted
 * counters out of /proc/vmstat's ~200 lines, for a daemon's tick.
 *
 * The lines whose first word may be a wanted name are found in one pass
 * over the line starts (the newlines 64 bytes at a time), each start
 * tested by a hash of its first four bytes: three memmem() passes over
 * the file, one per name, were a fifth of a watch tick's user time.
 *
 * A line that passes is read here when it is the kernel's own form,
 * "name value\n" with one space and a number of up to 19 digits: the
 * hash slot names the one query name it may be (or, rarely, says that
 * several share it), so there is no second look-up. Anything else
 * (blanks before the name, a tab, a value that is not plain digits, a
 * name given twice, the buffer's last 8 bytes) goes to wm_vm_line(),
 * the line parser of wm_vmstat_parse(), which gives the same result
 * and every error message.
 */
#include <errno.h>
#include <string.h>

#include "vmstat_int.h"

/*
 * The query (vmstat.h) holds what a line is compared with: the wanted
 * totals' names (as indexes into wm_vm_names[]: a per-zone name is its
 * total's name and a suffix), each name's first (up to) eight bytes and
 * which bytes those are, and its last eight bytes. A line's first bytes
 * (key_mask: eight, or as many as the shortest name has) are hashed to
 * 8 bits; slot[] holds there the one query name with that hash (+ 1),
 * or VM_Q_MANY: about one line in a hundred that starts with none of
 * them gets past it. Four bytes and 64 bits let through a tenth of the
 * lines, "pgscan_kswapd" with "pgscan_direct".
 */
_Static_assert(WM_VM_NAMES < 65536, "names fit a short");
_Static_assert(WM_VMSTAT_QUERY_NAMES < 255, "a name + 1 fits a slot");
_Static_assert(WM_ZONE__COUNT <= 8, "a set of zones fits a byte");

/* slot[]: no name's key has this hash (0), or several have (VM_Q_MANY). */
enum {
	VM_Q_NONE = 0,
	VM_Q_MANY = 255,
};

/*
 * Eight bits of a line's first bytes: every byte reaches the top ones.
 * The factor fits an instruction's 32-bit operand (no 64-bit constant
 * kept in a register of the loop over the lines).
 */
static inline unsigned vm_hash8(uint64_t key)
{
	return (unsigned)((key * 0x2545f491ULL) >> 56);
}

/* The first min(8, len) bytes of s as a word, and their mask. */
static void vm_word(const char *s, size_t len, uint64_t *word,
		    uint64_t *mask)
{
	unsigned char w[8] = { 0 }, m[8] = { 0 };
	size_t n = len < 8 ? len : 8;

	memcpy(w, s, n);
	memset(m, 0xff, n);
	memcpy(word, w, 8);
	memcpy(mask, m, 8);
}

static void vm_query_add(struct wm_vmstat_query *q, unsigned i)
{
	const struct wm_vm_name *v = &wm_vm_names[i];
	uint64_t unused;

	vm_word(v->name, v->len, &q->head[q->n], &q->mask[q->n]);
	q->tail[q->n] = 0;
	if (v->len > 8)
		vm_word(v->name + v->len - 8, 8, &q->tail[q->n], &unused);
	q->name[q->n++] = (unsigned short)i;
}

/* Is the name at i one of those want asks for? */
static bool vm_query_wants(uint64_t want, unsigned i)
{
	return wm_vm_names[i].zone < 0 &&
	       (want & WM_VM_BIT(wm_vm_names[i].item));
}

void wm_vmstat_query_init(struct wm_vmstat_query *q, uint64_t want)
{
	size_t shortest = 8;
	unsigned i;

	/* here, not per parse: a query is made before it is used */
	wm_vm_names_prepare();
	memset(q, 0, sizeof(*q));
	q->want = want;
	for (i = 0; i < WM_VM_NAMES; i++) {
		if (!vm_query_wants(want, i))
			continue;
		vm_query_add(q, i);
		if (wm_vm_names[i].len < shortest)
			shortest = wm_vm_names[i].len;
	}
	vm_word("\xff\xff\xff\xff\xff\xff\xff\xff", shortest, &q->key_mask,
		&q->key_mask);
	for (i = 0; i < q->n; i++) {
		unsigned char *slot = &q->slot[vm_hash8(q->head[i] &
							q->key_mask)];

		*slot = *slot == VM_Q_NONE ? (unsigned char)(i + 1) : VM_Q_MANY;
		/* its own byte (head's low byte only on little-endian) */
		q->first[(unsigned char)wm_vm_names[q->name[i]].name[0]] = 1;
	}
	/*
	 * A line that starts with a blank (or a control byte) may be
	 * indented: no name starts so, and the scan lets it through
	 * without a hash (vm_q_pass()).
	 */
	for (i = 0; i <= ' '; i++)
		q->first[i] = 1;
	for (i = 0; i < WM_ZONE__COUNT; i++) {
		const char *sfx = wm_vmstat_zone_suffix((enum wm_zone_type)i);

		q->zone_len[i] = (unsigned char)strlen(sfx);
		vm_word(sfx, q->zone_len[i], &q->zone_word[i],
			&q->zone_mask[i]);
		q->zone_first[(unsigned char)sfx[0]] |=
			(unsigned char)(1u << i);
	}
}

/* What a fast reading of a line says, when it is not done (0). */
enum {
	VM_Q_SLOW = 1,	/* not the kernel's form: take wm_vm_line() */
	VM_Q_NEXT,	/* not this name: try the query's next one */
};

/* Does c end a line's first word (wm_vm_line(): a blank or the line)? */
static inline bool vm_q_word_end(char c)
{
	return wm_is_blank(c) || c == '\n';
}

/* The 1-based number of the line that starts at off (for errors only). */
static unsigned long vm_lineno(const char *buf, size_t off)
{
	struct wm_span before = { buf, off };

	return (unsigned long)wm_span_count(before, '\n') + 1;
}

/* The line at s by wm_vmstat_parse()'s own line parser. */
static int vm_q_slow(struct wm_vm_q *x, size_t s)
{
	const char *p = x->buf + s;
	/* every line ends in '\n': the partial last one is cut */
	const char *nl = memchr(p, '\n', x->len - s);
	struct wm_span line = { p, (size_t)(nl - p) };
	int rc;

	if (x->rec) {
		/* did it give a value? (a memo is being made: rare) */
		struct wm_vm_seen before = x->seen;

		rc = wm_vm_line(line, 0, x->q->want, x->vs, &x->seen, x->err);
		x->found += memcmp(&before, &x->seen, sizeof(before)) != 0;
	} else {
		rc = wm_vm_line(line, 0, x->q->want, x->vs, &x->seen, x->err);
	}
	if (rc && x->err)
		x->err->line = vm_lineno(x->buf, s);
	return rc;
}

/*
 * The value at p, after "name ": up to 19 digits (no overflow, never
 * WM_UNKNOWN) and the line's '\n', given once. The digits stop at that
 * '\n' at the latest, so nothing is read past the buffer; more than 19
 * may wrap v, and are wm_vm_line()'s to judge (one compare a digit).
 */
static inline int vm_q_value(struct wm_vm_q *x, size_t p, int item, int zone)
{
	const char *d = x->buf + p;
	uint64_t v = 0;
	unsigned n, c;
	bool *slot;

	for (n = 0; (c = (unsigned)(unsigned char)d[n] - '0') <= 9; n++)
		v = v * 10 + c;
	if (n - 1 >= 19 || d[n] != '\n')	/* none, or past 19 */
		return VM_Q_SLOW;
	slot = zone < 0 ? &x->seen.total[item] : &x->seen.zone[item][zone];
	if (*slot)
		return VM_Q_SLOW;	/* given twice: its error */
	*slot = true;
	x->found++;
	x->value_at = p;
	x->value_item = item;
	x->value_zone = zone;
	if (zone < 0)
		x->vs->v[item] = v;
	else
		x->vs->zone[item][zone] = v;
	return 0;
}

/*
 * The zone suffix at p (after "<total>_"): the value after "suffix "
 * (its item is item), VM_Q_SLOW when the word ends otherwise (a tab,
 * '\r', no value), VM_Q_NEXT for another word ("pgscan_direct_throttle").
 */
static inline int vm_q_zone(struct wm_vm_q *x, size_t p, int item)
{
	const struct wm_vmstat_query *q = x->q;
	uint64_t w;
	unsigned z, zs;
	char end;

	if (x->len - p < 8)
		return VM_Q_SLOW;
	memcpy(&w, x->buf + p, 8);
	/* the suffixes that start with this byte, in order ("dma" first) */
	for (zs = q->zone_first[(unsigned char)x->buf[p]]; zs; zs &= zs - 1) {
		z = (unsigned)__builtin_ctz(zs);
		if ((w & q->zone_mask[z]) != q->zone_word[z])
			continue;
		end = x->buf[p + q->zone_len[z]];
		if (end == ' ')
			return vm_q_value(x, p + q->zone_len[z] + 1, item,
					  (int)z);
		if (vm_q_word_end(end))
			return VM_Q_SLOW;
		/* "dma" in "dma32": try the next suffix */
	}
	return VM_Q_NEXT;
}

/*
 * The line at s starts with the name v: is its first word v (or, for a
 * zoned total, v's per-zone name)? The byte after the name is in the
 * buffer: the name holds no '\n' and the line ends with one.
 */
static inline int vm_q_name(struct wm_vm_q *x, size_t s,
			    const struct wm_vm_name *v)
{
	size_t e = s + v->len;
	char c = x->buf[e];

	if (c == ' ')
		return vm_q_value(x, e + 1, v->item, v->zone);
	if (c == '_' && v->item < WM_VMZ__COUNT)
		return vm_q_zone(x, e + 1, v->item);
	return vm_q_word_end(c) ? VM_Q_SLOW : VM_Q_NEXT;
}

/* Does the line at s, with 8 bytes head, start with query name i? */
static inline bool vm_q_starts(const struct wm_vm_q *x, size_t s,
			       uint64_t head, unsigned i)
{
	const struct wm_vmstat_query *q = x->q;
	const struct wm_vm_name *v = &wm_vm_names[q->name[i]];
	uint64_t tail;

	if ((head & q->mask[i]) != q->head[i] || x->len - s <= v->len)
		return false;
	if (v->len <= 8)
		return true;
	memcpy(&tail, x->buf + s + v->len - 8, 8);
	return tail == q->tail[i] &&
	       (v->len <= 16 ||
		memcmp(x->buf + s + 8, v->name + 8, v->len - 16) == 0);
}

/*
 * The name i of the query at the line at s: its value, or not it.
 * Inline, with the calls below it: as calls they cost more than the
 * reading (GCC left vm_q_name() out of line).
 */
static inline __attribute__((always_inline)) int
vm_q_try(struct wm_vm_q *x, size_t s, uint64_t head, unsigned i)
{
	if (!vm_q_starts(x, s, head, i))
		return VM_Q_NEXT;
	return vm_q_name(x, s, &wm_vm_names[x->q->name[i]]);
}

/*
 * The line at s (let through by vm_q_pass(), or a memo's): the value of
 * a wanted name that starts it, else nothing; or wm_vm_line() when this
 * cannot tell.
 * Only the names of the line's hash slot can start it (their keys hash
 * alike): the one there, or where several share it all in turn.
 */
static int vm_q_read(struct wm_vm_q *x, size_t s)
{
	const struct wm_vmstat_query *q = x->q;
	uint64_t head;
	unsigned i, slot;
	int rc = VM_Q_NEXT;

	if (wm_is_blank(x->buf[s]) || x->len - s < 8)
		return vm_q_slow(x, s);
	memcpy(&head, x->buf + s, 8);
	slot = q->slot[vm_hash8(head & q->key_mask)];
	if (slot == VM_Q_NONE)
		return 0;
	if (slot != VM_Q_MANY)
		rc = vm_q_try(x, s, head, slot - 1);
	for (i = 0; slot == VM_Q_MANY && i < q->n; i++) {
		rc = vm_q_try(x, s, head, i);
		if (rc != VM_Q_NEXT)
			break;
	}
	if (rc == VM_Q_SLOW)
		return vm_q_slow(x, s);
	return rc == VM_Q_NEXT ? 0 : rc;	/* NEXT: no wanted name */
}

int wm_vm_q_line(struct wm_vm_q *x, size_t s)
{
	unsigned found = x->found, n;
	int rc;

	x->value_at = 0;
	rc = vm_q_read(x, s);
	/* a line that gave a value: one a memo of this file keeps */
	if (x->rec && x->found != found && (n = x->nrec++) < x->max_rec) {
		x->rec[n] = (uint32_t)s;
		x->rec_value[n] = (uint16_t)(x->value_at ? x->value_at - s : 0);
		x->rec_item[n] = (signed char)x->value_item;
		x->rec_zone[n] = (signed char)x->value_zone;
	}
	return rc;
}

int wm_vm_q_value(struct wm_vm_q *x, size_t s, size_t p, int item, int zone)
{
	int rc = vm_q_value(x, p, item, zone);

	return rc == VM_Q_SLOW ? vm_q_slow(x, s) : rc;
}

/*
 * May the line at p be one to keep, its first byte let through by
 * first[]? Its first bytes (8 readable) hash to a name's slot, or it
 * starts with a blank (or a control byte) and may be indented.
 */
static inline bool vm_q_pass(const char *p, const struct wm_vmstat_query *q)
{
	uint64_t w;

	if ((unsigned char)p[0] <= ' ')
		return true;
	memcpy(&w, p, 8);
	return q->slot[vm_hash8(w & q->key_mask)] != VM_Q_NONE;
}

/* vm_q_pass() for any line: most are refused on their first byte. */
static inline bool vm_q_maybe(const char *p, const struct wm_vmstat_query *q)
{
	return q->first[(unsigned char)p[0]] && vm_q_pass(p, q);
}

/* The line at s, which may end the buffer (fewer than 8 bytes left). */
static int vm_q_edge(struct wm_vm_q *x, size_t s)
{
	if (x->len - s >= 8 && !vm_q_maybe(x->buf + s, x->q))
		return 0;
	return wm_vm_q_line(x, s);
}

/*
 * Of the lines that start after the newlines m of the block at p, those
 * vm_q_maybe() lets through (bit k: the line at p + k + 1). The block
 * ends at least 8 bytes before the buffer does, so each has 8 bytes to
 * read; and no call in this loop, so nothing in it is kept on the stack.
 * (A table look-up a line with no branch on it, and the hash after, was
 * no faster: the branch is taken by whole runs of lines, "nr_", "pg".)
 */
static inline uint64_t vm_q_block(const char *p, uint64_t m,
				  const struct wm_vmstat_query *q)
{
	const char *line = p + 1;
	uint64_t hits = 0;

	for (; m; m &= m - 1) {
		size_t k = (size_t)__builtin_ctzll(m);

		if (vm_q_maybe(line + k, q))
			hits |= 1ULL << k;
	}
	return hits;
}

/*
 * Every line start, in order: the first line, those in the 64-byte
 * blocks that end at least 8 bytes before the buffer, then the rest by
 * memchr() (the last newline ends the buffer, and starts no line).
 */
int wm_vm_q_scan(struct wm_vm_q *x)
{
	const char *buf = x->buf, *nl;
	size_t i, len = x->len;
	uint64_t hits;
	int rc;

	if (!len)
		return 0;
	rc = vm_q_edge(x, 0);
	for (i = 0; rc == 0 && i + 72 <= len; i += 64) {
		hits = vm_q_block(buf + i, wm_byte_mask64(buf + i, '\n'), x->q);
		for (; hits && rc == 0; hits &= hits - 1)
			rc = wm_vm_q_line(x, i + 1 +
					  (size_t)__builtin_ctzll(hits));
	}
	while (rc == 0 && (nl = memchr(buf + i, '\n', len - 1 - i))) {
		i = (size_t)(nl - buf) + 1;
		rc = vm_q_edge(x, i);
	}
	return rc;
}

void wm_vm_q_start(struct wm_vm_q *x, const char *buf, size_t len,
		   const struct wm_vmstat_query *q, struct wm_vmstat *vs,
		   struct wm_parse_error *err)
{
	memset(x, 0, sizeof(*x));
	wm_vmstat_init(vs);
	while (len && buf[len - 1] != '\n')
		len--;
	x->buf = buf;
	x->len = len;
	x->q = q;
	x->vs = vs;
	x->err = err;
}

int wm_vm_q_end(struct wm_vm_q *x, int rc)
{
	if (rc == 0) {
		rc = wm_vm_sum_zones(x->vs, &x->seen, x->q->want, x->err, 0);
		/* a sum error names the last line, as wm_vmstat_parse() */
		if (rc && x->err)
			x->err->line = vm_lineno(x->buf, x->len) - 1;
	}
	if (rc)
		wm_vmstat_init(x->vs);	/* nothing half-parsed survives */
	return rc;
}

int wm_vmstat_parse_query(const char *buf, size_t len,
			  const struct wm_vmstat_query *q,
			  struct wm_vmstat *vs, struct wm_parse_error *err)
{
	struct wm_vm_q x;

	wm_vm_q_start(&x, buf, len, q, vs, err);
	return wm_vm_q_end(&x, wm_vm_q_scan(&x));
}

int wm_vmstat_parse_only(const char *buf, size_t len, uint64_t want,
			 struct wm_vmstat *vs, struct wm_parse_error *err)
{
	struct wm_vmstat_query q;

	wm_vmstat_query_init(&q, want);
	return wm_vmstat_parse_query(buf, len, &q, vs, err);
}
