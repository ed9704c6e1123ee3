/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A streaming JSON (and text) writer for output too large to hold as one
 * json-c tree: `events` on a 100 MB log had 40 000 events and took 233 MB
 * through json-c, 2 MB through this. Its JSON is byte for byte what
 * json-c prints (members in order, json-c's string escapes without "\/",
 * plain or pretty with ": ", WM_UNKNOWN as null), so a consumer cannot
 * tell the two apart; tests/cli/20-events.bats compares them. Like
 * bpftool's json_writer it sits beside the output shim (out.h), which
 * stays the way every other result is printed.
 *
 * Keys are passed pre-quoted with their length: WM_STREAM_KEY("kind").
 * Errors are sticky in w->err (EIO); w->sent says output has begun (a
 * caller that fails later must finish the document, not start another).
 */
#ifndef WMTUNE_JSONSTREAM_H
#define WMTUNE_JSONSTREAM_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "out.h"
#include "text.h"
#include "wm.h"

struct wm_stream {
	FILE *fp;
	bool json, pretty;
	bool sent;                  /* bytes have left the buffer */
	int err;
	int depth;                  /* open containers */
	bool had[WM_OUT_DEPTH];     /* the container at a depth has members */
	size_t len;
	char buf[1 << 16];
};

/* A member name as json-c prints it: "\"kind\":", and its length. */
#define WM_STREAM_KEY(name) "\"" name "\":", sizeof(name) + 2
#define WM_STREAM_LIT(w, s) wm_stream_put(w, s, sizeof(s) - 1)

/* Start a stream to fp (json: JSON, else text; pretty: json-c's layout). */
void wm_stream_init(struct wm_stream *w, FILE *fp, bool json, bool pretty);
void wm_stream_flush(struct wm_stream *w);
void wm_stream_puts(struct wm_stream *w, const char *s);
void wm_stream_spaces(struct wm_stream *w, size_t n);
/* "%#" PRIx64: 0 is "0", anything else "0x..." */
void wm_stream_hex(struct wm_stream *w, uint64_t v);
/* json-c's escapes: the short ones, \u00xx for the other controls. */
void wm_stream_escaped(struct wm_stream *w, const char *s);
/*
 * The same escapes of the n bytes at s written at o, which has room for
 * 6 * n (the longest escape, "\u00xx"); returns the end. For printers
 * that write a whole object straight into the buffer.
 */
char *wm_json_escape(char *o, const char *s, size_t n);
/*
 * wm_json_escape() of a string that may be read up to s + cap (cap >= n:
 * the rest of the array it is in), 16 bytes at a time (SSE2) to its last
 * byte: the byte loop took ~1 in 20 instructions of `events --json`.
 * Writes up to 15 bytes past the end it returns (o has room for 6 * n +
 * 15), which the caller writes over.
 */
char *wm_json_escape_wide(char *o, const char *s, size_t n, size_t cap);
/* json-c's pretty layout before a member: newline and indent. */
void wm_stream_key_pretty(struct wm_stream *w, const char *qkey, size_t n);
void wm_stream_open(struct wm_stream *w, const char *qkey, size_t n, char c);
void wm_stream_close(struct wm_stream *w, char c);
void wm_stream_i64(struct wm_stream *w, const char *qkey, size_t n, int64_t v);
/* The end of a document: its newline, and everything out. */
void wm_stream_end(struct wm_stream *w);
/* Text cell s in width columns, like "%-*s" (left) or "%*s". */
void wm_stream_pad(struct wm_stream *w, const char *s, size_t n, size_t width,
		   bool left);
void wm_stream_cell(struct wm_stream *w, const char *s, size_t width, bool left);

/*
 * always_inline here and below: GCC left these out of line in the
 * printers, so every key, a constant, went through a memcpy() call.
 */

/* Room for n more bytes; false if n is more than the whole buffer. */
static inline __attribute__((always_inline)) bool
wm_stream_room(struct wm_stream *w, size_t n)
{
	if (n > sizeof(w->buf) - w->len)
		wm_stream_flush(w);
	return n <= sizeof(w->buf);
}

static inline __attribute__((always_inline)) void
wm_stream_put(struct wm_stream *w, const char *p, size_t n)
{
	if (!wm_stream_room(w, n)) {
		if (fwrite(p, 1, n, w->fp) != n)
			w->err = EIO;
		w->sent = true;
		return;
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static inline void wm_stream_dec(struct wm_stream *w, uint64_t v)
{
	wm_stream_room(w, 20);
	w->len += wm_fmt_dec(w->buf + w->len, v);
}

/* What json-c puts before a member: the comma, and "key":. */
static inline __attribute__((always_inline)) void
wm_stream_key(struct wm_stream *w, const char *qkey, size_t n)
{
	if (w->pretty) {
		wm_stream_key_pretty(w, qkey, n);
		return;
	}
	if (w->depth > 0) {
		if (w->had[w->depth - 1])
			WM_STREAM_LIT(w, ",");
		w->had[w->depth - 1] = true;
	}
	if (qkey)
		wm_stream_put(w, qkey, n);
}

static inline __attribute__((always_inline)) void
wm_stream_u64(struct wm_stream *w, const char *qkey, size_t n, uint64_t v)
{
	wm_stream_key(w, qkey, n);
	if (v == WM_UNKNOWN)
		WM_STREAM_LIT(w, "null");
	else
		wm_stream_dec(w, v);
}

static inline __attribute__((always_inline)) void
wm_stream_str(struct wm_stream *w, const char *qkey, size_t n, const char *s)
{
	wm_stream_key(w, qkey, n);
	if (!s) {
		WM_STREAM_LIT(w, "null");
		return;
	}
	WM_STREAM_LIT(w, "\"");
	wm_stream_escaped(w, s);
	WM_STREAM_LIT(w, "\"");
}

static inline void wm_stream_bool(struct wm_stream *w, const char *qkey, size_t n, bool v)
{
	wm_stream_key(w, qkey, n);
	if (v)
		WM_STREAM_LIT(w, "true");
	else
		WM_STREAM_LIT(w, "false");
}

#endif /* WMTUNE_JSONSTREAM_H */
