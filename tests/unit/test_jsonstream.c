// SPDX-License-Identifier: GPL-2.0-or-later
/* The streaming writer prints exactly what json-c prints, plain and pretty. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "unit.h"
#include "jsonstream.h"

/* Every byte that needs escaping, and some that do not. */
static const char odd[] = "a\"b\\c/d\b\f\n\r\t\x01\x1f\x7f é";

static char *by_json_c(bool pretty)
{
	json_object *doc = json_object_new_object(), *arr = json_object_new_array();
	json_object *inner = json_object_new_object();
	int flags = (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
			      JSON_C_TO_STRING_PLAIN) | JSON_C_TO_STRING_NOSLASHESCAPE;
	char *s;

	json_object_object_add(doc, "schema", json_object_new_uint64(1));
	json_object_object_add(doc, "text", json_object_new_string(odd));
	json_object_object_add(doc, "none", NULL);
	json_object_object_add(doc, "neg", json_object_new_int64(-42));
	json_object_object_add(doc, "big", json_object_new_uint64(UINT64_MAX - 1));
	json_object_object_add(inner, "ok", json_object_new_boolean(1));
	json_object_object_add(inner, "empty", json_object_new_object());
	json_object_array_add(arr, inner);
	json_object_array_add(arr, json_object_new_string(""));
	json_object_object_add(doc, "events", arr);
	s = strdup(json_object_to_json_string_ext(doc, flags));
	json_object_put(doc);
	return s;
}

static char *by_stream(bool pretty)
{
	struct wm_stream *w = malloc(sizeof(*w));
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	assert_non_null(w);
	assert_non_null(fp);
	wm_stream_init(w, fp, true, pretty);
	wm_stream_open(w, NULL, 0, '{');
	wm_stream_u64(w, WM_STREAM_KEY("schema"), 1);
	wm_stream_str(w, WM_STREAM_KEY("text"), odd);
	wm_stream_u64(w, WM_STREAM_KEY("none"), WM_UNKNOWN);
	wm_stream_i64(w, WM_STREAM_KEY("neg"), -42);
	wm_stream_u64(w, WM_STREAM_KEY("big"), UINT64_MAX - 1);
	wm_stream_open(w, WM_STREAM_KEY("events"), '[');
	wm_stream_open(w, NULL, 0, '{');
	wm_stream_bool(w, WM_STREAM_KEY("ok"), true);
	wm_stream_open(w, WM_STREAM_KEY("empty"), '{');
	wm_stream_close(w, '}');
	wm_stream_close(w, '}');
	wm_stream_str(w, NULL, 0, "");
	wm_stream_close(w, ']');
	wm_stream_close(w, '}');
	wm_stream_flush(w);
	assert_int_equal(w->err, 0);
	assert_true(w->sent);
	fclose(fp);
	free(w);
	return out;
}

static void test_same_as_json_c(void **state)
{
	bool pretty;

	(void)state;
	for (pretty = false;; pretty = true) {
		char *a = by_json_c(pretty), *b = by_stream(pretty);

		assert_string_equal(b, a);
		free(a);
		free(b);
		if (pretty)
			break;
	}
}

/* A string longer than the buffer goes out in pieces, still escaped. */
static void test_longer_than_the_buffer(void **state)
{
	size_t n = 3 * sizeof(((struct wm_stream *)0)->buf);
	char *big = malloc(n + 1), *out = NULL;
	struct wm_stream *w = malloc(sizeof(*w));
	size_t len = 0, i;
	FILE *fp = open_memstream(&out, &len);

	(void)state;
	assert_non_null(big);
	assert_non_null(w);
	for (i = 0; i < n; i++)
		big[i] = i % 1000 == 0 ? '"' : 'x';
	big[n] = '\0';
	wm_stream_init(w, fp, true, false);
	wm_stream_str(w, NULL, 0, big);
	wm_stream_flush(w);
	fclose(fp);
	/* n bytes, one backslash for each of the n/1000 + 1 quotes, the two
	 * quotes around it */
	assert_int_equal(len, n + (n + 999) / 1000 + 2);
	assert_memory_equal(out, "\"\\\"xxx", 6);
	free(out);
	free(big);
	free(w);
}

/* json-c's quoted string for s, as a new string. */
static char *quoted_by_json_c(const char *s)
{
	json_object *o = json_object_new_string(s);
	char *q = strdup(json_object_to_json_string_ext(o,
		JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));

	json_object_put(o);
	return q;
}

/*
 * Every byte that needs an escape (and some that do not) at every place
 * of strings 1 to 24 bytes long: the eight-byte test and the byte loop,
 * and the seams between them.
 */
static void test_escape_every_place(void **state)
{
	static const char special[] = "\"\\\x01\x1f\x7f\x80\xff \t\n/!#";
	struct wm_stream *w = malloc(sizeof(*w));
	char str[25], *a;
	size_t len, at, k;

	(void)state;
	assert_non_null(w);
	for (len = 1; len < sizeof(str); len++) {
		for (at = 0; at < len; at++) {
			for (k = 0; k < sizeof(special) - 1; k++) {
				memset(str, 'x', len);
				str[len] = '\0';
				str[at] = special[k];
				a = quoted_by_json_c(str);
				wm_stream_init(w, stdout, true, false);
				wm_stream_str(w, NULL, 0, str);
				assert_int_equal(w->len, strlen(a));
				assert_memory_equal(w->buf, a, w->len);
				w->len = 0; /* nothing goes to stdout */
				free(a);
			}
		}
	}
	free(w);
}

/*
 * wm_json_escape() (a length, not a terminated string): json-c's bytes
 * for every special byte at every place, none written past the end; a
 * NUL inside is \u0000 (json-c would stop there); nothing for nothing;
 * 100 KB in one call.
 */
static void test_json_escape(void **state)
{
	static const char special[] = "\"\\\x01\x1f\x7f\x80\xff \t\n\r/!#";
	char str[25], out[6 * 25 + 8], *a, *o;
	size_t len, at, k, n = 100 * 1024;
	char *big = malloc(n), *bo = malloc(6 * n);

	(void)state;
	for (len = 1; len < sizeof(str); len++) {
		for (at = 0; at < len; at++) {
			for (k = 0; k < sizeof(special) - 1; k++) {
				memset(str, 'x', len);
				str[len] = '\0';
				str[at] = special[k];
				a = quoted_by_json_c(str);
				memset(out, '#', sizeof(out));
				o = wm_json_escape(out, str, len);
				/* json-c's has the quotes around it */
				assert_int_equal(o - out, strlen(a) - 2);
				assert_memory_equal(out, a + 1, (size_t)(o - out));
				assert_int_equal(*o, '#');
				free(a);
			}
		}
	}
	o = wm_json_escape(out, "a\0b", 3);
	assert_int_equal(o - out, 8);
	assert_memory_equal(out, "a\\u0000b", 8);
	assert_ptr_equal(wm_json_escape(out, "", 0), out);
	assert_non_null(big);
	assert_non_null(bo);
	for (k = 0; k < n; k++)
		big[k] = k % 9999 == 0 ? '\n' : 'y';
	o = wm_json_escape(bo, big, n);
	assert_int_equal(o - bo, n + (n + 9998) / 9999);
	assert_memory_equal(bo, "\\nyyy", 5);
	free(big);
	free(bo);
}

/*
 * wm_json_escape_wide(): json-c's bytes for every special byte at every
 * place of strings 1 to 40 bytes long, in arrays that end right after
 * the string's NUL and 16 bytes later (the word loop and the byte loop,
 * and the seams), with special bytes just past the string that must not
 * count; no byte written beyond 15 past its end.
 */
static void test_json_escape_wide(void **state)
{
	static const char special[] = "\"\\\x01\x1f\x7f\x80\xff \t\n\r/!#";
	char str[41 + 16], out[6 * 41 + 32], *a, *o;
	size_t len, at, k, pad;

	(void)state;
	for (len = 1; len < 41; len++) {
		for (at = 0; at <= len; at++) {
			for (k = 0; k < sizeof(special) - 1; k++) {
				memset(str, '"', sizeof(str));
				memset(str, 'x', len);
				str[len] = '\0';
				if (at < len)
					str[at] = special[k];
				a = quoted_by_json_c(str);
				for (pad = 0; pad <= 16; pad += 16) {
					memset(out, '#', sizeof(out));
					o = wm_json_escape_wide(out, str, len,
								len + 1 + pad);
					assert_int_equal(o - out, strlen(a) - 2);
					assert_memory_equal(out, a + 1,
							    (size_t)(o - out));
					assert_int_equal(o[15], '#');
				}
				free(a);
			}
		}
	}
	assert_ptr_equal(wm_json_escape_wide(out, "", 0, 1), out);
	o = wm_json_escape_wide(out, "GFP_ATOMIC\0\"\"\"\"\"\"\"\"\"", 10, 20);
	assert_int_equal(o - out, 10);
	assert_memory_equal(out, "GFP_ATOMIC", 10);
}

/* wm_fmt_dec() against printf at every digit count and its edges. */
static void test_fmt_dec(void **state)
{
	uint64_t p10 = 1, v, seed = 1;
	char got[21], want[21];
	int i, d;

	(void)state;
	for (d = 0; d < 20; d++, p10 *= 10) {
		for (i = -2; i <= 2; i++) {
			v = p10 + (uint64_t)(int64_t)i;
			if (d == 0 && i < 0)
				v = UINT64_MAX + (uint64_t)(i + 1); /* the top */
			got[wm_fmt_dec(got, v)] = '\0';
			snprintf(want, sizeof(want), "%" PRIu64, v);
			assert_string_equal(got, want);
		}
	}
	for (i = 0; i < 10000; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		v = seed >> (seed & 63);
		got[wm_fmt_dec(got, v)] = '\0';
		snprintf(want, sizeof(want), "%" PRIu64, v);
		assert_string_equal(got, want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_json_c),
		cmocka_unit_test(test_longer_than_the_buffer),
		cmocka_unit_test(test_escape_every_place),
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_json_escape_wide),
		cmocka_unit_test(test_fmt_dec),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
