/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the libFuzzer harnesses in tests/fuzz/. Each harness checks
 * invariants, not only "no crash": a broken one calls FUZZ_CHECK(), which
 * prints what failed and aborts, so libFuzzer saves the input as a crash.
 *
 * Every helper here is static inline: harnesses are single files linked
 * with libwmtune.a and the fuzzer's main().
 */
#ifndef WMTUNE_TESTS_FUZZ_H
#define WMTUNE_TESTS_FUZZ_H

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                                \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "%s:%d: invariant failed: %s: ",     \
				__FILE__, __LINE__, #cond);                  \
			fprintf(stderr, __VA_ARGS__);                        \
			fputc('\n', stderr);                                 \
			abort();                                             \
		}                                                            \
	} while (0)

/*
 * A heap copy of the input with exactly size bytes (no terminator), so
 * that ASan catches any read one past the end; parsers take (buf, len).
 */
static inline char *fuzz_dup(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);

	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

/* The same, NUL-terminated, for the APIs that take C strings. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *p = malloc(size + 1);

	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	p[size] = '\0';
	return p;
}

static inline bool fuzz_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Every maximal run of decimal digits in the input, as numbers (leading
 * zeros allowed; runs past 2^64 left out), sorted. This is how a harness
 * re-finds a parsed number in the text: a parser must never report a
 * number that the input does not contain. Scanning once keeps the check
 * linear in the input.
 */
struct fuzz_numbers {
	uint64_t *v;
	size_t n;
};

static inline int fuzz_u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static inline void fuzz_numbers_scan(struct fuzz_numbers *nums,
				     const char *buf, size_t len)
{
	size_t i = 0;

	nums->n = 0;
	nums->v = malloc((len / 2 + 1) * sizeof(uint64_t));
	if (!nums->v)
		abort();
	while (i < len) {
		uint64_t v = 0;
		bool over = false;

		if (!fuzz_is_digit(buf[i])) {
			i++;
			continue;
		}
		for (; i < len && fuzz_is_digit(buf[i]); i++) {
			unsigned d = (unsigned)(buf[i] - '0');

			if (v > (UINT64_MAX - d) / 10)
				over = true;
			else
				v = v * 10 + d;
		}
		if (!over)
			nums->v[nums->n++] = v;
	}
	qsort(nums->v, nums->n, sizeof(uint64_t), fuzz_u64_cmp);
}

static inline bool fuzz_numbers_has(const struct fuzz_numbers *nums,
				    uint64_t v)
{
	return bsearch(&v, nums->v, nums->n, sizeof(uint64_t),
		       fuzz_u64_cmp) != NULL;
}

static inline void fuzz_numbers_free(struct fuzz_numbers *nums)
{
	free(nums->v);
	nums->v = NULL;
}

/* One-off look-up: scans buf (quadratic if called per number). */
static inline bool fuzz_has_number(const char *buf, size_t len, uint64_t v)
{
	struct fuzz_numbers nums;
	bool found;

	fuzz_numbers_scan(&nums, buf, len);
	found = fuzz_numbers_has(&nums, v);
	fuzz_numbers_free(&nums);
	return found;
}

/* Number of lines a line cursor can report for buf: '\n' count + 1. */
static inline unsigned long fuzz_max_line(const char *buf, size_t len)
{
	unsigned long n = 1;
	size_t i;

	for (i = 0; i < len; i++)
		n += buf[i] == '\n';
	return n;
}

/*
 * A parse error must name a line that exists and carry a message that is
 * NUL-terminated, non-empty and printable (it reaches a terminal).
 */
static inline void fuzz_check_error(const struct wm_parse_error *err,
				    const char *buf, size_t len)
{
	size_t i, n = strnlen(err->msg, sizeof(err->msg));

	FUZZ_CHECK(n < sizeof(err->msg), "message not terminated");
	FUZZ_CHECK(n > 0, "empty error message");
	FUZZ_CHECK(err->line <= fuzz_max_line(buf, len), "line %lu of %lu",
		   err->line, fuzz_max_line(buf, len));
	for (i = 0; i < n; i++)
		FUZZ_CHECK(err->msg[i] >= ' ' && err->msg[i] <= '~',
			   "unprintable byte 0x%02x in message '%s'",
			   (unsigned char)err->msg[i], err->msg);
}

/* A fresh error: line past any file, message poisoned. */
static inline void fuzz_error_init(struct wm_parse_error *err)
{
	err->line = 0;
	memset(err->msg, 0, sizeof(err->msg));
}

/* Append to a fixed buffer; aborts on overflow (a harness bug). */
struct fuzz_text {
	char *p;
	size_t len, cap;
};

static inline void fuzz_text_init(struct fuzz_text *t, size_t cap)
{
	t->p = malloc(cap);
	if (!t->p)
		abort();
	t->len = 0;
	t->cap = cap;
}

static inline void fuzz_text_free(struct fuzz_text *t)
{
	free(t->p);
	t->p = NULL;
}

static inline void WM_PRINTF(2, 3) fuzz_text_add(struct fuzz_text *t,
						 const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= t->cap - t->len)
		abort();
	t->len += (size_t)n;
}

#endif /* WMTUNE_TESTS_FUZZ_H */
