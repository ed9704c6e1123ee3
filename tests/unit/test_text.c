// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "unit.h"
#include "text.h"

static struct wm_span S(const char *s)
{
	struct wm_span sp = { s, strlen(s) };
	return sp;
}

static void test_u64(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(wm_parse_u64(S("18446744073709551615"), &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(wm_parse_u64(S("18446744073709551616"), &v), -ERANGE);
	assert_int_equal(wm_parse_u64(S("99999999999999999999999"), &v), -ERANGE);
	assert_int_equal(wm_parse_u64(S(""), &v), -EINVAL);
	assert_int_equal(wm_parse_u64(S("12a"), &v), -EINVAL);
	assert_int_equal(wm_parse_u64(S("-1"), &v), -EINVAL);
	assert_int_equal(wm_parse_u64(S("0"), &v), 0);
	assert_int_equal(v, 0);
}

static void test_i64_hex(void **state)
{
	int64_t i;
	uint64_t h;

	(void)state;
	assert_int_equal(wm_parse_i64(S("-1"), &i), 0);
	assert_int_equal(i, -1);
	assert_int_equal(wm_parse_i64(S("-9223372036854775808"), &i), 0);
	assert_true(i == INT64_MIN);
	assert_int_equal(wm_parse_i64(S("9223372036854775808"), &i), -ERANGE);
	assert_int_equal(wm_parse_hex(S("0x480020"), &h), 0);
	assert_int_equal(h, 0x480020);
	assert_int_equal(wm_parse_hex(S("0x"), &h), -EINVAL);
	assert_int_equal(wm_parse_hex(S("0x10000000000000000"), &h), -ERANGE);
	assert_int_equal(wm_parse_hex(S("0xg"), &h), -EINVAL);
}

static void test_lines(void **state)
{
	static const char buf[] = "a\n\nbc\0d\nlast";
	struct wm_lines it;
	struct wm_span l;

	(void)state;
	wm_lines_init(&it, buf, sizeof(buf) - 1);
	assert_true(wm_lines_next(&it, &l));
	assert_true(wm_span_eq(l, "a"));
	assert_true(wm_lines_next(&it, &l));
	assert_int_equal(l.len, 0);
	assert_true(wm_lines_next(&it, &l));
	assert_int_equal(l.len, 4); /* the NUL byte stays inside the line */
	assert_true(wm_lines_next(&it, &l));
	assert_true(wm_span_eq(l, "last"));
	assert_int_equal(it.lineno, 4);
	assert_false(wm_lines_next(&it, &l));
}

static void test_words_find(void **state)
{
	struct wm_span s = S("  pages free     3971  "), w;

	(void)state;
	assert_true(wm_span_word(&s, &w));
	assert_true(wm_span_eq(w, "pages"));
	assert_true(wm_span_word(&s, &w));
	assert_true(wm_span_eq(w, "free"));
	assert_true(wm_span_word(&s, &w));
	assert_true(wm_span_eq(w, "3971"));
	assert_false(wm_span_word(&s, &w));
	assert_int_equal(wm_span_find(S("xx: page allocation failure: order:0"),
				      "allocation failure"), 9);
	assert_int_equal(wm_span_find(S("abc"), "abcd"), -1);
	assert_true(wm_span_eq(wm_span_trim(S(" \tx\r ")), "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64),
		cmocka_unit_test(test_i64_hex),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_words_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
