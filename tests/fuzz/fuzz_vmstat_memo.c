// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_vmstat_parse_memo() against wm_vmstat_parse_query() (itself held to
 * wm_vmstat_parse() by fuzz_vmstat_only and fuzz_vmstat_lines). The
 * input is two bytes, up to seven edits of three bytes each, and a file
 * A: A is read with a fresh memo, then A with the edits made (B: mostly
 * other numbers, as the next tick reads) with the memo of A, then A
 * again with whatever the memo holds. Invariant: every parse gives the
 * query's result on the same bytes (code, every value, error line and
 * message).
 *
 * Edit (pos_lo, pos_hi, op), at pos % |A| of what is being edited:
 * op < 0x40: that byte becomes '0' + op % 16 ('0'..'?', what a memo's
 * number may become); < 0x80: becomes op; < 0xc0: a digit inserted
 * there; else: that byte deleted.
 */
#include "fuzz.h"
#include "tick.h"
#include "vmmemo.h"
#include "vmstat.h"

static struct wm_vmstat_memo memo;

static void same(const struct wm_vmstat_query *q, const char *buf,
		 size_t size)
{
	struct wm_vmstat vm, vq;
	struct wm_parse_error em, eq;
	int rm, rq;

	fuzz_error_init(&em);
	fuzz_error_init(&eq);
	memset(&vm, 0x5a, sizeof(vm));
	rm = wm_vmstat_parse_memo(buf, size, q, &memo, &vm, &em);
	rq = wm_vmstat_parse_query(buf, size, q, &vq, &eq);
	FUZZ_CHECK(rm == rq, "memo %d, query %d", rm, rq);
	FUZZ_CHECK(memcmp(&vm, &vq, sizeof(vq)) == 0, "values differ");
	if (rq)
		FUZZ_CHECK(em.line == eq.line && strcmp(em.msg, eq.msg) == 0,
			   "memo line %lu '%s', query line %lu '%s'", em.line,
			   em.msg, eq.line, eq.msg);
}

/* B: a copy of a[0..n) with the edits e[0..k) made. */
static char *edit(const char *a, size_t n, const uint8_t *e, unsigned k,
		  size_t *bn)
{
	char *b = malloc(n + k + 1), *out;
	size_t len = n, p;
	unsigned i;

	if (!b)
		abort();
	memcpy(b, a, n);
	for (i = 0; i < k && len; i++, e += 3) {
		p = ((size_t)e[0] | (size_t)e[1] << 8) % len;
		if (e[2] < 0x40) {
			b[p] = (char)('0' + e[2] % 16);
		} else if (e[2] < 0x80) {
			b[p] = (char)e[2];
		} else if (e[2] < 0xc0) {
			memmove(b + p + 1, b + p, len - p);
			b[p] = (char)('0' + e[2] % 10);
			len++;
		} else {
			memmove(b + p, b + p + 1, len - p - 1);
			len--;
		}
	}
	*bn = len;
	/* exactly len bytes, so that ASan sees a read past them */
	out = fuzz_dup((const uint8_t *)b, len);
	free(b);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wm_vmstat_query q;
	unsigned k, sel;
	size_t an, bn;
	char *a, *b;

	if (size < 2)
		return 0;
	sel = data[0];
	k = data[1] % 8;
	if (size < 2 + 3 * (size_t)k)
		return 0;
	an = size - 2 - 3 * k;
	a = fuzz_dup(data + 2 + 3 * k, an);
	b = edit(a, an, data + 2, k, &bn);
	wm_vmstat_query_init(&q, sel % 4 == 0 ? WM_VM_ALL :
				 sel % 4 == 1 ? WM_VM_BIT(sel / 4 % WM_VM__COUNT) :
						WM_TICK_VMSTAT);
	wm_vmstat_memo_init(&memo);
	same(&q, a, an);
	same(&q, b, bn);
	same(&q, a, an);
	same(&q, a, an);
	free(a);
	free(b);
	return 0;
}
