/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /etc/wmtune.conf: one "key = value" per line; '#' starts a comment
 * (anywhere: no value contains '#'); blank lines are ignored; keys are
 * [a-z0-9_-]+; a key given twice keeps the last value.
 *
 * The caller describes the keys it knows in a table and the parser fills
 * the variables the table points to:
 *
 *	static const char *const presets[] = { "default", "seed-v1", NULL };
 *	const struct wm_conf_key keys[] = {
 *		WM_CONF_U64("debounce_sec", &p.debounce, 0, 3600),
 *		WM_CONF_DOUBLE("step", &p.step, 0.01, 10.0),
 *		WM_CONF_BOOL("escalate", &p.escalate),
 *		WM_CONF_ENUM("preset", &p.preset_idx, presets),
 *	};
 *	rc = wm_conf_load(path, keys, WM_ARRAY_SIZE(keys), &err);
 *	// rc -EINVAL: print "<path>:<err.line>: <err.msg>", exit 78
 *
 * Variables keep their value (the caller's default) unless the file sets
 * them. An unknown key, a malformed line or a bad value is an error that
 * names the line (and, for values, what is allowed); nothing after that
 * line is applied, lines before it are.
 */
#ifndef WMTUNE_CONFIG_H
#define WMTUNE_CONFIG_H

#include "text.h"

#define WM_CONFIG_PATH "/etc/wmtune.conf"

enum wm_conf_type {
	WM_CONF_T_U64,	  /* uint64_t, within [min, max] */
	WM_CONF_T_DOUBLE, /* double, within [dmin, dmax]: "1", "0.05", "-2.5" */
	WM_CONF_T_BOOL,	  /* bool: true/false, yes/no, on/off, 1/0 */
	WM_CONF_T_ENUM,	  /* int: index of the value in choices[] */
};

struct wm_conf_key {
	const char *name;
	enum wm_conf_type type;
	union {
		uint64_t *u64;
		double *dbl;
		bool *flag;
		int *idx;
	} dst;
	uint64_t min, max;	    /* WM_CONF_T_U64 */
	double dmin, dmax;	    /* WM_CONF_T_DOUBLE */
	const char *const *choices; /* WM_CONF_T_ENUM, NULL-terminated */
	bool *seen;		    /* optional: set true when the file sets it */
};

/* Table rows with type-checked destinations. */
#define WM_CONF_U64(n, p, lo, hi) \
	{ .name = (n), .type = WM_CONF_T_U64, .dst.u64 = (p), \
	  .min = (lo), .max = (hi) }
#define WM_CONF_DOUBLE(n, p, lo, hi) \
	{ .name = (n), .type = WM_CONF_T_DOUBLE, .dst.dbl = (p), \
	  .dmin = (lo), .dmax = (hi) }
#define WM_CONF_BOOL(n, p) \
	{ .name = (n), .type = WM_CONF_T_BOOL, .dst.flag = (p) }
#define WM_CONF_ENUM(n, p, list) \
	{ .name = (n), .type = WM_CONF_T_ENUM, .dst.idx = (p), \
	  .choices = (list) }

/*
 * Called for each "key = value" line with both parts trimmed and
 * non-empty. Return 0 to go on, or a -errno after filling err (the
 * parser then stops and returns it).
 */
typedef int (*wm_conf_cb)(struct wm_span key, struct wm_span value,
			  unsigned long line, void *arg,
			  struct wm_parse_error *err);

/*
 * Walk the lines of buf (pure). Returns 0, -EINVAL for a line that is
 * not "key = value" (err names it), or what cb returned.
 */
int wm_conf_parse_cb(const char *buf, size_t len, wm_conf_cb cb, void *arg,
		     struct wm_parse_error *err);

/*
 * Parse buf against a table of known keys, storing each value (pure).
 * Returns 0 or -EINVAL with err->line and err->msg ("unknown key 'x'",
 * "'step' must be a number from 0.01 to 10, not 'abc'").
 */
int wm_conf_parse(const char *buf, size_t len, const struct wm_conf_key *keys,
		  size_t nkeys, struct wm_parse_error *err);

/*
 * Read the file at path and wm_conf_parse() it. -ENOENT (err untouched)
 * when it does not exist, so a missing default file can be ignored;
 * other read errors -errno with err->line 0; parse errors as above.
 */
int wm_conf_load(const char *path, const struct wm_conf_key *keys,
		 size_t nkeys, struct wm_parse_error *err);

#endif /* WMTUNE_CONFIG_H */
