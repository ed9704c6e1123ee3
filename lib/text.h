/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small, allocation-free helpers shared by the /proc and log parsers:
 * walking a buffer line by line and reading numbers that may be
 * malformed or larger than 64 bits.
 */
#ifndef WMTUNE_TEXT_H
#define WMTUNE_TEXT_H

#include "wm.h"

/* A view of part of a buffer: not NUL-terminated. */
struct wm_span {
	const char *p;
	size_t len;
};

/*
 * Cursor over the lines of a buffer. The buffer may contain NUL bytes and
 * need not end in a newline; no line is ever copied.
 */
struct wm_lines {
	const char *buf;
	size_t len;
	size_t pos;
	unsigned long lineno; /* 1-based number of the line last returned */
};

void wm_lines_init(struct wm_lines *it, const char *buf, size_t len);
/* Returns false at the end; *line excludes the '\n'. */
bool wm_lines_next(struct wm_lines *it, struct wm_span *line);

/* Strip leading and trailing blanks (space, tab, '\r'). */
struct wm_span wm_span_trim(struct wm_span s);
bool wm_span_eq(struct wm_span s, const char *word);
bool wm_span_starts(struct wm_span s, const char *prefix);
/* Split off the next blank-separated word; s is advanced past it. */
bool wm_span_word(struct wm_span *s, struct wm_span *word);
/* Find needle in s; returns its offset or -1. */
long wm_span_find(struct wm_span s, const char *needle);
/* Copy into a NUL-terminated buffer, truncating; returns dst. */
char *wm_span_copy(char *dst, size_t size, struct wm_span s);

/*
 * Parse an unsigned decimal number that makes up the whole span.
 * -EINVAL: empty or not a number; -ERANGE: larger than UINT64_MAX.
 */
int wm_parse_u64(struct wm_span s, uint64_t *out);
/* Same for a signed decimal; -ERANGE outside int64_t. */
int wm_parse_i64(struct wm_span s, int64_t *out);
/* Hexadecimal, with or without 0x. */
int wm_parse_hex(struct wm_span s, uint64_t *out);
/*
 * Parse a leading unsigned decimal and advance s past it. Returns the
 * number of digits consumed (0 when s does not start with a digit) or
 * -ERANGE.
 */
int wm_take_u64(struct wm_span *s, uint64_t *out);

/*
 * More cursor helpers for the log parsers: each advances s and returns false, leaving s alone, when it does not match.
 */
void wm_span_skip(struct wm_span *s, size_t n);
bool wm_span_skip_prefix(struct wm_span *s, const char *prefix);
bool wm_span_skip_past(struct wm_span *s, const char *needle);
/* The leading part of s up to any byte of stops (NUL is never a stop). */
struct wm_span wm_span_until(struct wm_span s, const char *stops);
/* "0x1a2b" at the start of s; false if none or wider than 64 bits. */
bool wm_span_take_hex(struct wm_span *s, uint64_t *v);

#endif /* WMTUNE_TEXT_H */
