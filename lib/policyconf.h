/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The policy's parameters by name: one table serves the command-line
 * flags (--debounce 10), the config file (debounce = 10) and the docs, so
 * a parameter cannot exist in one and not the other.
 */
#ifndef WMTUNE_POLICYCONF_H
#define WMTUNE_POLICYCONF_H

#include "policy.h"

enum wm_param_type {
	WM_PARAM_UINT,    /* a whole number within [min, max] */
	WM_PARAM_SECONDS, /* seconds, fractions allowed: stored in usec */
	WM_PARAM_BOOL,    /* yes/no, true/false, 1/0, on/off */
	WM_PARAM_KNOBS,   /* min_free_kbytes, watermark_scale_factor or both */
	WM_PARAM_PRESET,  /* a preset name: resets every other parameter */
};

struct wm_param {
	const char *name; /* config key; the flag is the same with '-' */
	enum wm_param_type type;
	size_t offset;    /* into struct wm_policy */
	size_t size;      /* of the field: 4 or 8 (bool: 1) */
	uint64_t min, max;
	const char *doc;
};

extern const struct wm_param wm_params[];
extern const size_t wm_nr_params;

const struct wm_param *wm_param_find(const char *name);
/*
 * Parse value for parameter name into p. Returns 0, -ENOENT for an
 * unknown name, -EINVAL or -ERANGE for a bad value; msg says what is
 * allowed. Pure.
 */
int wm_param_set(struct wm_policy *p, const char *name, const char *value,
		 char *msg, size_t msg_size);

#endif /* WMTUNE_POLICYCONF_H */
