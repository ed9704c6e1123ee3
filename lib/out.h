/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One output shim for text and JSON (iproute2's print_*(PRINT_ANY, ...)):
 * each result has exactly one print function, and every call both names
 * the JSON key and gives the text format, so the two cannot drift.
 *
 * In JSON mode the calls build a json-c tree that wm_out_end() writes in
 * one piece (never half a document); in text mode they print at once.
 * Text-only and JSON-only pieces use wm_out_text() and a NULL format.
 */
#ifndef WMTUNE_OUT_H
#define WMTUNE_OUT_H

#include <stdio.h>

#include "wm.h"

struct json_object;

#define WM_OUT_DEPTH 16

struct wm_out {
	FILE *fp;
	bool json;
	bool pretty;
	int depth;
	struct json_object *stack[WM_OUT_DEPTH];
};

void wm_out_init(struct wm_out *o, FILE *fp, bool json, bool pretty);
/* Opens the top-level object; in JSON it carries "schema": 1. */
void wm_out_begin(struct wm_out *o);
/* Writes the JSON document (and a newline); returns -EIO on write error. */
int wm_out_end(struct wm_out *o);
/* Drops an unfinished document (error paths). */
void wm_out_discard(struct wm_out *o);

/* key is NULL for an element of an array. */
void wm_out_obj_open(struct wm_out *o, const char *key);
void wm_out_obj_close(struct wm_out *o);
void wm_out_arr_open(struct wm_out *o, const char *key);
void wm_out_arr_close(struct wm_out *o);

/*
 * fmt is the text format for the value (NULL: JSON only). WM_UNKNOWN is
 * JSON null and "unavailable" in text (width kept).
 */
void wm_out_u64(struct wm_out *o, const char *key, const char *fmt,
		uint64_t v);
void wm_out_i64(struct wm_out *o, const char *key, const char *fmt,
		int64_t v);
void wm_out_double(struct wm_out *o, const char *key, const char *fmt,
		   double v);
/* s NULL is JSON null and "-" in text. */
void wm_out_str(struct wm_out *o, const char *key, const char *fmt,
		const char *s);
void wm_out_bool(struct wm_out *o, const char *key, const char *fmt, bool v);
void wm_out_null(struct wm_out *o, const char *key, const char *text);
/* Text mode only. */
void wm_out_text(struct wm_out *o, const char *fmt, ...) WM_PRINTF(2, 3);

/* The current JSON container (for lib/ code that attaches a subtree). */
struct json_object *wm_out_json_top(struct wm_out *o);

#endif /* WMTUNE_OUT_H */
