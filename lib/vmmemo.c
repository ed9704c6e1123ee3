// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_vmstat_parse_memo(): wm_vmstat_parse_query() with a memo of the
 * last file it read in full (vmmemo.h).
 *
 * Why the memo's lines are enough. Whether a line gives a wanted value,
 * an error, or nothing is decided by its first word alone (wm_vm_line():
 * the name is looked up, and only a wanted name's value is read). The
 * new file is compared with the memo's text byte by byte, except that a
 * digit after a line's first word may be any byte of '0'..'?' (0x30 to
 * 0x3f, never a blank or '\n'): where all of a line compares so, the new
 * line is the old one with other digits. Where it differs after the
 * blank that ends its first word (a number of another length, most
 * often), the new line runs to its own '\n' and the comparison goes on
 * from there with the next line, so many. Anywhere else (a first word, a
 * line more or less, the end) the file is read in full and remembered.
 * When every line is matched so, the new file's lines have the old
 * ones' first words, in order: its wanted lines are where the memo's
 * were, each read again in full by the query's own line reader (so any
 * value, malformed or not, gives what a full read gives), and every
 * other line gives nothing, as it did. A line that was "name value\n"
 * has its name and the ' ' after it still (they compared equal): its
 * value is read where it starts, the name not looked up again.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vmmemo.h"
#include "vmstat_int.h"

void wm_vmstat_memo_init(struct wm_vmstat_memo *m)
{
	m->valid = false;
	m->walks = 0;
}

#if defined(__SSE2__)
/*
 * (a ^ e) & k for the 16 bytes at each, e and k 16-byte aligned: their
 * loads are operands of the xor and the and, not instructions.
 */
static inline __m128i memo_diff16(const unsigned char *a,
				  const unsigned char *e,
				  const unsigned char *k)
{
	return _mm_and_si128(
		_mm_xor_si128(_mm_loadu_si128((const __m128i *)(const void *)a),
			      _mm_load_si128((const __m128i *)(const void *)e)),
		_mm_load_si128((const __m128i *)(const void *)k));
}

/* Do the 128 bytes at a agree with e under k? Written out eight times. */
static inline bool memo_same128(const unsigned char *a,
				const unsigned char *e,
				const unsigned char *k)
{
	__m128i d0 = _mm_or_si128(memo_diff16(a, e, k),
				  memo_diff16(a + 16, e + 16, k + 16));
	__m128i d1 = _mm_or_si128(memo_diff16(a + 32, e + 32, k + 32),
				  memo_diff16(a + 48, e + 48, k + 48));
	__m128i d2 = _mm_or_si128(memo_diff16(a + 64, e + 64, k + 64),
				  memo_diff16(a + 80, e + 80, k + 80));
	__m128i d3 = _mm_or_si128(memo_diff16(a + 96, e + 96, k + 96),
				  memo_diff16(a + 112, e + 112, k + 112));
	__m128i d = _mm_or_si128(_mm_or_si128(d0, d1), _mm_or_si128(d2, d3));

	return _mm_movemask_epi8(_mm_cmpeq_epi8(d, _mm_setzero_si128())) ==
	       0xffff;
}
#endif

/*
 * The first i < n with (a[i] ^ e[i]) & k[i], or n. e and k are at the
 * same offset of arrays aligned alike (the memo's text and mask).
 */
static size_t memo_diff(const unsigned char *a, const unsigned char *e,
			const unsigned char *k, size_t n)
{
	size_t i = 0;
	uint64_t x, y, z;

#if defined(__SSE2__)
	unsigned m;

	/* to e's next 16-byte boundary (a line start after a number of
	 * another length), then 128 bytes a test while they agree */
	for (; i < n && ((uintptr_t)(e + i) & 15); i++)
		if ((a[i] ^ e[i]) & k[i])
			return i;
	/* (k is too, where malloc() aligns the memo as its type asks) */
	for (; i + 128 <= n && !((uintptr_t)(k + i) & 15); i += 128)
		if (!memo_same128(a + i, e + i, k + i))
			break;
	for (; i + 16 <= n && !((uintptr_t)(k + i) & 15); i += 16) {
		m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
			    memo_diff16(a + i, e + i, k + i),
			    _mm_setzero_si128())) ^ 0xffff;
		if (m)
			return i + (unsigned)__builtin_ctz(m);
	}
#endif
	for (; i + 8 <= n; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, e + i, 8);
		memcpy(&z, k + i, 8);
		if ((x ^ y) & z)
			break;
	}
	for (; i < n; i++)
		if ((a[i] ^ e[i]) & k[i])
			return i;
	return n;
}

/*
 * Does buf[0..len) (cut after its last '\n') have the memo's lines, each
 * with its first word? Then at[c] is where the memo's c-th kept line
 * starts in buf. pos and at walk the memo's text and buf side by side.
 */
static bool memo_walk(const struct wm_vmstat_memo *m, const char *buf,
		      size_t len, size_t *at)
{
	const unsigned char *b = (const unsigned char *)buf;
	size_t pos = 0, npos = 0, n, i;
	unsigned j = 0, c = 0;
	const char *nl;

	for (;;) {
		n = m->len - pos < len - npos ? m->len - pos : len - npos;
		i = pos + memo_diff(b + npos, m->text + pos, m->mask + pos, n);
		if (i == pos + n) {
			/* agreed to the end of one: of both, or not alike */
			if (m->len - pos != len - npos)
				return false;
			break;
		}
		while (m->start[j + 1] <= i)
			j++;
		/* in the first word or at its end: another name */
		if (i <= m->word_end[j])
			return false;
		/* the rest of line j is other: it ends at buf's next '\n' */
		nl = memchr(buf + npos + (i - pos), '\n',
			    len - npos - (i - pos));
		if (!nl)
			return false;	/* not cut after a '\n' */
		for (; c < m->nkept && m->kept[c] < m->start[j + 1]; c++)
			at[c] = m->kept[c] - pos + npos;
		npos = (size_t)(nl - buf) + 1;
		pos = m->start[++j];
	}
	for (; c < m->nkept; c++)
		at[c] = m->kept[c] - pos + npos;
	return true;
}

/* The first word of the line [s, e) ends at (wm_vm_line()'s word). */
static size_t memo_word_end(const char *buf, size_t s, size_t e)
{
	while (s < e && wm_is_blank(buf[s]))
		s++;
	while (s < e && !wm_is_blank(buf[s]))
		s++;
	return s;
}

/* Remember the file x read in full, its value lines in x->rec. */
static void memo_make(struct wm_vmstat_memo *m, const struct wm_vm_q *x)
{
	size_t s, e, w, p;
	const char *nl;
	unsigned j = 0;

	m->valid = false;
	if (x->len > WM_VMSTAT_MEMO_BYTES || x->nrec > x->max_rec)
		return;
	for (s = 0; s < x->len; s = e + 1, j++) {
		if (j == WM_VMSTAT_MEMO_LINES)
			return;
		nl = memchr(x->buf + s, '\n', x->len - s);
		/* found: the buffer ends with '\n' */
		e = (size_t)(nl - x->buf);
		w = memo_word_end(x->buf, s, e);
		m->start[j] = (uint16_t)s;
		m->word_end[j] = (uint16_t)w;
		for (p = s; p <= e; p++) {
			unsigned d = (unsigned)(unsigned char)x->buf[p] - '0';

			m->mask[p] = p > w && p < e && d <= 9 ? 0xf0 : 0xff;
		}
	}
	m->start[j] = (uint16_t)x->len;
	memcpy(m->text, x->buf, x->len);
	m->len = x->len;
	m->nlines = j;
	m->nkept = x->nrec;
	m->want = x->q->want;
	m->valid = true;
}

int wm_vmstat_parse_memo(const char *buf, size_t len,
			 const struct wm_vmstat_query *q,
			 struct wm_vmstat_memo *m, struct wm_vmstat *vs,
			 struct wm_parse_error *err)
{
	size_t at[WM_VMSTAT_MEMO_KEPT];
	struct wm_vm_q x;
	unsigned c;
	int rc = 0;

	wm_vm_q_start(&x, buf, len, q, vs, err);
	if (m->valid && m->want == q->want &&
	    memo_walk(m, x.buf, x.len, at)) {
		m->walks++;
		for (c = 0; rc == 0 && c < m->nkept; c++)
			rc = m->kept_value[c] ?
				     wm_vm_q_value(&x, at[c],
						   at[c] + m->kept_value[c],
						   m->kept_item[c],
						   m->kept_zone[c]) :
				     wm_vm_q_line(&x, at[c]);
		return wm_vm_q_end(&x, rc);
	}
	x.rec = m->kept;
	x.rec_value = m->kept_value;
	x.rec_item = m->kept_item;
	x.rec_zone = m->kept_zone;
	x.max_rec = WM_VMSTAT_MEMO_KEPT;
	rc = wm_vm_q_scan(&x);
	if (rc == 0)
		memo_make(m, &x);
	else
		m->valid = false;
	return wm_vm_q_end(&x, rc);
}
