// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_vmstat_parse_memo() against wm_vmstat_parse_query() on the same
 * bytes: the real samples read twice (the second from the memo), then
 * each edited after the memo was made of it as it was: values of other
 * lengths and other bytes (the memo's lines, found again), names, lines
 * and ends changed (read in full), and random edits. Every result must
 * be the query's: code, values, error line and message.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "tick.h"
#include "vmmemo.h"
#include "vmstat.h"
#include "vmstat_samples.h"

static struct wm_vmstat_memo memo;
static struct wm_vmstat vm, vq;
static struct wm_parse_error em, eq;
static char ed[16384];

/* Both parses of buf[0..len): the same. Returns the code. */
static int same(const struct wm_vmstat_query *q, const char *buf, size_t len)
{
	int rm, rq;

	memset(&em, 0, sizeof(em));
	memset(&eq, 0, sizeof(eq));
	memset(&vm, 0x5a, sizeof(vm));
	rm = wm_vmstat_parse_memo(buf, len, q, &memo, &vm, &em);
	rq = wm_vmstat_parse_query(buf, len, q, &vq, &eq);
	if (rm != rq)
		fail_msg("memo %d, query %d (%lu: %s)", rm, rq, eq.line,
			 eq.msg);
	assert_memory_equal(&vm, &vq, sizeof(vq));
	if (rq) {
		assert_int_equal(em.line, eq.line);
		assert_string_equal(em.msg, eq.msg);
	}
	return rq;
}

/* A memo of base, then edit: the same; was the memo used (walked)? */
static bool edited(const struct wm_vmstat_query *q, const struct wm_buf *b,
		   size_t len)
{
	unsigned long walks;

	wm_vmstat_memo_init(&memo);
	assert_int_equal(same(q, b->data, b->len), 0);
	walks = memo.walks;
	same(q, ed, len);
	return memo.walks != walks;
}

static void test_samples(void **state)
{
	struct wm_vmstat_query q;
	struct wm_buf b = { 0 };
	unsigned s, i;

	(void)state;
	for (s = 0; s < WM_ARRAY_SIZE(samples); s++) {
		wm_test_load(&b, samples[s]);
		for (i = 0; i <= WM_VM__COUNT + 1; i++) {
			wm_vmstat_query_init(&q, i == WM_VM__COUNT + 1 ?
						     WM_TICK_VMSTAT :
					     i == WM_VM__COUNT ?
						     WM_VM_ALL : WM_VM_BIT(i));
			wm_vmstat_memo_init(&memo);
			same(&q, b.data, b.len);
			assert_true(memo.valid);
			assert_int_equal(memo.walks, 0);
			same(&q, b.data, b.len);
			assert_int_equal(memo.walks, 1);
		}
	}
	/* the tick's values from the memo, on the 6.18 sample */
	wm_vmstat_query_init(&q, WM_TICK_VMSTAT);
	assert_true(vm.allocstall != WM_UNKNOWN);
	assert_true(memo.nkept == 7);	/* 5 zones, pgscan_direct, kswapd */
	wm_buf_free(&b);
}

/* Edits to the values: the memo's lines found again, same results. */
static void test_values(void **state)
{
	struct wm_vmstat_query q;
	struct wm_buf b = { 0 };
	struct wm_vmstat orig;
	size_t i, n;
	unsigned s;

	(void)state;
	for (s = 7; s < WM_ARRAY_SIZE(samples); s++) {
		wm_test_load(&b, samples[s]);
		wm_vmstat_query_init(&q, WM_TICK_VMSTAT);
		assert_int_equal(wm_vmstat_parse_query(b.data, b.len, &q, &orig,
						       &eq), 0);
		/* every digit of a value changed where it is */
		memcpy(ed, b.data, b.len);
		for (i = 0, n = 0; i < b.len; i++) {
			n = ed[i] == '\n' ? 0 : n || ed[i] == ' ';
			if (n && ed[i] >= '0' && ed[i] <= '9')
				ed[i] = (char)('9' - (ed[i] - '0'));
		}
		assert_true(edited(&q, &b, b.len));
		assert_true(vm.pgscan_direct != orig.pgscan_direct);
		assert_true(vm.kswapd_low_wmark_hit_quickly !=
			    orig.kswapd_low_wmark_hit_quickly);
		/* each line in turn: one digit more, one less, a byte
		 * '0'..'?' in its value, the value gone */
		for (i = 1; i + 1 < b.len; i++) {
			if (b.data[i - 1] != ' ')
				continue;
			memcpy(ed, b.data, i);
			ed[i] = '7';
			memcpy(ed + i + 1, b.data + i, b.len - i);
			assert_true(edited(&q, &b, b.len + 1));
			memcpy(ed + i, b.data + i + 1, b.len - i - 1);
			assert_true(edited(&q, &b, b.len - 1));
			memcpy(ed, b.data, b.len);
			ed[i] = '?';
			assert_true(edited(&q, &b, b.len));
			for (n = 0; b.data[i + n] != '\n'; n++)
				;
			memcpy(ed + i, b.data + i + n, b.len - i - n);
			assert_true(edited(&q, &b, b.len - n));
		}
	}
	wm_buf_free(&b);
}

/* Edits to the names, the lines and the end: read in full, the same. */
static void test_lines(void **state)
{
	struct wm_vmstat_query q;
	struct wm_buf b = { 0 };
	size_t i, ls = 0, n;

	(void)state;
	wm_test_load(&b, "samples/local/linux-6.18.44-fc-v857.vmstat");
	wm_vmstat_query_init(&q, WM_TICK_VMSTAT);
	for (i = 0; i < b.len; i++) {
		if (i == 0 || b.data[i - 1] == '\n')
			ls = i;
		/* a byte of a name (or the blank after it) changed */
		memcpy(ed, b.data, b.len);
		ed[i] = ed[i] == ' ' ? '\t' : ed[i] == '\n' ? ' ' : 'Q';
		if (memchr(b.data + ls, ' ', i - ls) == NULL)
			assert_false(edited(&q, &b, b.len));
		else
			edited(&q, &b, b.len);
		/* cut short anywhere: the same */
		edited(&q, &b, i);
	}
	/* a digit of a name another digit ("allocstall_dma33"): not it */
	for (i = 0, n = 0; i < b.len; i++) {
		n = b.data[i] == '\n' ? 0 : n || b.data[i] == ' ';
		if (n || b.data[i] < '0' || b.data[i] > '9')
			continue;
		memcpy(ed, b.data, b.len);
		ed[i] = b.data[i] == '9' ? '0' : (char)(b.data[i] + 1);
		assert_false(edited(&q, &b, b.len));
	}
	/*
	 * a number one digit longer, and the next line's name changed in
	 * one byte (its case): the comparison goes on after the longer
	 * line at an offset of no alignment, and must see it
	 */
	for (i = 0; i < b.len; i = ls + n + 1) {
		size_t sp, k;

		ls = i;
		n = (size_t)((const char *)memchr(b.data + i, '\n',
						  b.len - i) - (b.data + i));
		sp = (size_t)((const char *)memchr(b.data + i, ' ', n) -
			      b.data);
		if (ls + n + 1 >= b.len)
			break;
		for (k = ls + n + 1; b.data[k] != ' '; k++) {
			memcpy(ed, b.data, sp + 1);
			ed[sp + 1] = '1';
			memcpy(ed + sp + 2, b.data + sp + 1, b.len - sp - 1);
			ed[k + 1] = (char)(b.data[k] ^ 0x20);
			assert_false(edited(&q, &b, b.len + 1));
		}
	}
	/* a line more, or duplicated, or one less */
	for (i = 0; i < b.len; i = ls + n + 1) {
		ls = i;
		n = (size_t)((const char *)memchr(b.data + i, '\n',
						  b.len - i) - (b.data + i));
		memcpy(ed, b.data, ls + n + 1);
		memcpy(ed + ls + n + 1, b.data + ls, b.len - ls);
		assert_false(edited(&q, &b, b.len + n + 1));
		memcpy(ed + ls, b.data + ls + n + 1, b.len - ls - n - 1);
		assert_false(edited(&q, &b, b.len - n - 1));
	}
	/* a cut last line after the file: not there */
	memcpy(ed, b.data, b.len);
	memcpy(ed + b.len, "allocstall 5", 12);
	assert_true(edited(&q, &b, b.len + 12));
	wm_buf_free(&b);
}

/* Errors in the memo's lines: the query's, from the line it names. */
static void test_errors(void **state)
{
	static const char *const bad[] = {
		"12x", "-1", "1 2", "", "99999999999999999999",
		"18446744073709551615", "00000000000000000000000007", ":",
	};
	struct wm_vmstat_query q;
	struct wm_buf b = { 0 };
	const char *at;
	size_t p, k, n;
	bool zeros;

	(void)state;
	wm_test_load(&b, "samples/local/linux-6.18.44-fc-v857.vmstat");
	wm_vmstat_query_init(&q, WM_TICK_VMSTAT);
	at = strstr(b.data, "\nallocstall_movable ") + 20;
	p = (size_t)(at - b.data);
	n = strcspn(at, "\n");
	for (k = 0; k < WM_ARRAY_SIZE(bad); k++) {
		memcpy(ed, b.data, p);
		memcpy(ed + p, bad[k], strlen(bad[k]));
		memcpy(ed + p + strlen(bad[k]), at + n, b.len - p - n);
		assert_true(edited(&q, &b, b.len - n + strlen(bad[k])));
		/* allocstall_movable's line; leading zeros are a number */
		zeros = strncmp(bad[k], "00", 2) == 0;
		assert_int_equal(eq.line, zeros ? 0 : 85);
		assert_true(!zeros || vm.allocstall_zone[WM_ZONE_MOVABLE] == 7);
	}
	/* a value so large the zones' sum is too: the last line's error */
	memcpy(ed, b.data, p);
	memcpy(ed + p, "18446744073709551614", 20);
	memcpy(ed + p + 20, at + n, b.len - p - n);
	at = strstr(ed, "\nallocstall_normal ") + 19;
	ed[at - ed] = '9';
	assert_true(edited(&q, &b, b.len - n + 20));
	assert_string_equal(eq.msg, "allocstall: sum of zones too large");
	assert_true(vm.allocstall == WM_UNKNOWN);
	wm_buf_free(&b);
}

/* A memo made with one query and used with another: read in full. */
static void test_query_changed(void **state)
{
	struct wm_vmstat_query q, q2;
	struct wm_buf b = { 0 };

	(void)state;
	wm_test_load(&b, "samples/local/linux-6.18.44-fc-v857.vmstat");
	wm_vmstat_query_init(&q, WM_TICK_VMSTAT);
	wm_vmstat_query_init(&q2, WM_VM_BIT(WM_VM_pgalloc));
	wm_vmstat_memo_init(&memo);
	same(&q, b.data, b.len);
	same(&q2, b.data, b.len);
	assert_int_equal(memo.walks, 0);
	assert_true(vm.pgalloc != WM_UNKNOWN);
	same(&q2, b.data, b.len);
	assert_int_equal(memo.walks, 1);
	wm_buf_free(&b);
}

/* xorshift64: the same edits on every run. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Random edits of a few bytes (another byte, one more, one less), each
 * against a memo of the file as it was, or of the last edit.
 */
static void test_random(void **state)
{
	static const char bytes[] = "0123456789:;<=>? \t\r\n\0_ax";
	struct wm_vmstat_query q;
	struct wm_buf b = { 0 };
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	size_t len, p;
	unsigned t, k, e, walked = 0;

	(void)state;
	wm_test_load(&b, "samples/local/linux-6.18.44-fc-v857.vmstat");
	for (t = 0; t < 4000; t++) {
		wm_vmstat_query_init(&q, t % 3 ? WM_TICK_VMSTAT :
					  WM_VM_BIT(rnd(&seed) % WM_VM__COUNT));
		memcpy(ed, b.data, b.len);
		len = b.len;
		for (k = rnd(&seed) % 4 + 1; k; k--) {
			p = rnd(&seed) % len;
			/* mostly in a number: after the next ' ' */
			if (rnd(&seed) % 4)
				while (p + 1 < len && ed[p] != '\n' &&
				       ed[p++] != ' ')
					;
			e = (unsigned)(rnd(&seed) % 3);
			if (e == 0) {
				ed[p] = bytes[rnd(&seed) % (sizeof(bytes) - 1)];
			} else if (e == 1 && len + 1 < sizeof(ed)) {
				memmove(ed + p + 1, ed + p, len - p);
				ed[p] = bytes[rnd(&seed) % 10];
				len++;
			} else if (len > 1) {
				memmove(ed + p, ed + p + 1, len - p - 1);
				len--;
			}
		}
		if (t % 2)
			walked += edited(&q, &b, len);
		else
			same(&q, ed, len);	/* the memo of the last */
	}
	/* edits to numbers only: the memo served those */
	assert_true(walked > 600);	/* 886 of 2000 */
	wm_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_query_changed),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
