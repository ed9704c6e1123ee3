// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include <json-c/json.h>

#include "out.h"

void wm_out_init(struct wm_out *o, FILE *fp, bool json, bool pretty)
{
	memset(o, 0, sizeof(*o));
	o->fp = fp;
	o->json = json || pretty;
	o->pretty = pretty;
}

struct json_object *wm_out_json_top(struct wm_out *o)
{
	return o->depth > 0 ? o->stack[o->depth - 1] : NULL;
}

static void attach(struct wm_out *o, const char *key, struct json_object *v)
{
	struct json_object *top = wm_out_json_top(o);

	if (!top) {
		json_object_put(v);
		return;
	}
	if (json_object_is_type(top, json_type_array))
		json_object_array_add(top, v);
	else
		json_object_object_add(top, key, v);
}

static void push(struct wm_out *o, const char *key, struct json_object *v)
{
	if (o->depth >= WM_OUT_DEPTH) {
		json_object_put(v);
		return;
	}
	if (o->depth > 0) {
		attach(o, key, v);
		json_object_get(v); /* the stack holds a borrowed reference */
	}
	o->stack[o->depth++] = v;
}

static void pop(struct wm_out *o)
{
	if (o->depth <= 0)
		return;
	o->depth--;
	if (o->depth > 0)
		json_object_put(o->stack[o->depth]);
}

void wm_out_begin(struct wm_out *o)
{
	if (!o->json)
		return;
	push(o, NULL, json_object_new_object());
	json_object_object_add(o->stack[0], "schema",
			       json_object_new_int(1));
}

int wm_out_end(struct wm_out *o)
{
	int flags = o->pretty ? JSON_C_TO_STRING_PRETTY |
					JSON_C_TO_STRING_SPACED :
				JSON_C_TO_STRING_PLAIN;
	struct json_object *root;
	int rc = 0;

	if (!o->json)
		return fflush(o->fp) == 0 ? 0 : -EIO;
	while (o->depth > 1)
		pop(o);
	if (o->depth == 0)
		return 0;
	root = o->stack[0];
	o->depth = 0;
	flags |= JSON_C_TO_STRING_NOSLASHESCAPE;
	if (fprintf(o->fp, "%s\n", json_object_to_json_string_ext(root, flags)) < 0 ||
	    fflush(o->fp) != 0)
		rc = -EIO;
	json_object_put(root);
	return rc;
}

void wm_out_discard(struct wm_out *o)
{
	while (o->depth > 1)
		pop(o);
	if (o->depth == 1)
		json_object_put(o->stack[0]);
	o->depth = 0;
}

void wm_out_obj_open(struct wm_out *o, const char *key)
{
	if (o->json)
		push(o, key, json_object_new_object());
}

void wm_out_obj_close(struct wm_out *o)
{
	if (o->json)
		pop(o);
}

void wm_out_arr_open(struct wm_out *o, const char *key)
{
	if (o->json)
		push(o, key, json_object_new_array());
}

void wm_out_arr_close(struct wm_out *o)
{
	if (o->json)
		pop(o);
}

/* Text of a printf format with no conversion left: "%%" is one '%'. */
static void put_literal(FILE *fp, const char *p, const char *end)
{
	for (; *p && (!end || p < end); p++) {
		fputc(*p, fp);
		if (p[0] == '%' && p[1] == '%')
			p++;
	}
}

/*
 * Print a placeholder where a number would be, keeping the width that the
 * number's format asked for ("%8" PRIu64 -> 8 columns), so columns align.
 */
static void text_placeholder(struct wm_out *o, const char *fmt,
			     const char *word)
{
	const char *pct = fmt;
	bool left = false;
	int width = 0;

	/* the first conversion that is not a literal "%%" */
	while ((pct = strchr(pct, '%')) && pct[1] == '%')
		pct += 2;
	if (!pct) {
		put_literal(o->fp, fmt, NULL);
		return;
	}
	put_literal(o->fp, fmt, pct);
	for (pct++; *pct == '-' || *pct == '0' || *pct == ' '; pct++)
		left |= *pct == '-';
	for (; *pct >= '0' && *pct <= '9'; pct++)
		width = width * 10 + (*pct - '0');
	while (*pct && strchr("hljztL", *pct))
		pct++;
	if (*pct)
		pct++; /* the conversion letter */
	fprintf(o->fp, left ? "%-*s" : "%*s", width, word);
	put_literal(o->fp, pct, NULL);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void wm_out_u64(struct wm_out *o, const char *key, const char *fmt,
		uint64_t v)
{
	if (o->json) {
		attach(o, key, v == WM_UNKNOWN ? NULL :
				      json_object_new_uint64(v));
		return;
	}
	if (!fmt)
		return;
	if (v == WM_UNKNOWN)
		text_placeholder(o, fmt, "unavailable");
	else
		fprintf(o->fp, fmt, v);
}

void wm_out_i64(struct wm_out *o, const char *key, const char *fmt,
		int64_t v)
{
	if (o->json)
		attach(o, key, json_object_new_int64(v));
	else if (fmt)
		fprintf(o->fp, fmt, v);
}

void wm_out_double(struct wm_out *o, const char *key, const char *fmt,
		   double v)
{
	if (o->json)
		attach(o, key, json_object_new_double(v));
	else if (fmt)
		fprintf(o->fp, fmt, v);
}

void wm_out_str(struct wm_out *o, const char *key, const char *fmt,
		const char *s)
{
	if (o->json)
		attach(o, key, s ? json_object_new_string(s) : NULL);
	else if (fmt)
		fprintf(o->fp, fmt, s ? s : "-");
}

void wm_out_bool(struct wm_out *o, const char *key, const char *fmt, bool v)
{
	if (o->json)
		attach(o, key, json_object_new_boolean(v));
	else if (fmt)
		fprintf(o->fp, fmt, v ? "yes" : "no");
}
#pragma GCC diagnostic pop

void wm_out_null(struct wm_out *o, const char *key, const char *text)
{
	if (o->json)
		attach(o, key, NULL);
	else if (text)
		fputs(text, o->fp);
}

void wm_out_text(struct wm_out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->json)
		return;
	va_start(ap, fmt);
	vfprintf(o->fp, fmt, ap);
	va_end(ap);
}
